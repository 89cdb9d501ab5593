//! Interpreters and servers: `python3` (a tiny subset: `print`, imports, `-m http.server`,
//! `-m venv`, `-m pip`, Flask's `app.run`), `flask run`, `gunicorn`, `uvicorn`, `nginx`, `node`,
//! `go` and `java`.
//!
//! A server prints its real banner and returns [`Ctrl::Serving`]: the process keeps running, which
//! is how `RUN flask run` hangs a build and how `docker run` shows a live container (S-PIT-7).

use crate::fs::{Content, basename};
use crate::sh::machine::{Ctrl, Machine};
use crate::sh::programs::Proc;

/// The Python version of the system or image interpreter, e.g. `("3.10", "3.10.12")`.
pub(crate) fn python_version(m: &Machine) -> (String, String) {
    for (minor, full) in [("3.12", "3.12.7"), ("3.11", "3.11.10"), ("3.13", "3.13.0")] {
        if m.fs.exists(&format!("/usr/local/bin/python{minor}")) {
            return (minor.to_string(), full.to_string());
        }
    }
    let (minor, full) = match (m.distro.id.as_str(), m.distro.version_id.as_str()) {
        ("ubuntu", "20.04") => ("3.8", "3.8.10"),
        ("ubuntu", "22.04") => ("3.10", "3.10.12"),
        ("ubuntu", _) => ("3.12", "3.12.3"),
        ("debian", _) => ("3.11", "3.11.2"),
        ("alpine", v) if v.starts_with("3.19") => ("3.11", "3.11.10"),
        ("alpine", _) => ("3.12", "3.12.7"),
        _ => ("3.12", "3.12.7"),
    };
    (minor.to_string(), full.to_string())
}

/// Whether a script path resolves to npm's, npx's or yarn's JavaScript entry point.
fn is_js_tool(m: &Machine, path: &str) -> bool {
    let real = m.fs.canonicalize(path).unwrap_or_default();
    real.ends_with("npm-cli.js") || real.ends_with("npx-cli.js") || real.ends_with("yarn.js")
}

/// Where nginx serves files from (the image's `default.conf`).
const NGINX_ROOT: &str = "/usr/share/nginx/html";

/// Ends a server program: it keeps running, listening on `port` (on 127.0.0.1 only when `loopback`),
/// serving from `root`.
fn serving(program: &str, port: Option<u16>, loopback: bool, root: String) -> Result<i32, Ctrl> {
    Err(Ctrl::Serving(crate::sh::Listener { program: program.to_string(), port, loopback, root }))
}

/// Whether a bind address keeps a server off the container's network interface.
fn is_loopback(host: &str) -> bool {
    matches!(host, "127.0.0.1" | "localhost" | "::1")
}

/// The source file of a WSGI/ASGI application reference like `app:app` or `pkg.main:api`.
fn module_file(p: &Proc, reference: &str) -> String {
    let module = reference.split(':').next().unwrap_or(reference);
    p.path(&format!("{}.py", module.replace('.', "/")))
}

/// Whether a Python module is importable: the standard library, or installed by pip or apt.
pub(crate) fn module_installed(m: &Machine, p: &Proc, module: &str) -> bool {
    const STDLIB: [&str; 24] = [
        "os",
        "sys",
        "re",
        "json",
        "time",
        "math",
        "random",
        "http",
        "socket",
        "subprocess",
        "pathlib",
        "datetime",
        "collections",
        "logging",
        "typing",
        "itertools",
        "functools",
        "argparse",
        "shutil",
        "threading",
        "unittest",
        "urllib",
        "sqlite3",
        "venv",
    ];
    if STDLIB.contains(&module) {
        return true;
    }
    crate::pkg::pip::site_dirs(m, p).iter().any(|dir| m.fs.exists(&format!("{dir}/{module}")))
}

/// `python`, `python3`, `python3.12`.
pub(crate) fn python(m: &mut Machine, p: &mut Proc) -> Result<i32, Ctrl> {
    let args = p.args().to_vec();
    let (minor, full) = python_version(m);
    match args.first().map(String::as_str) {
        Some("--version" | "-V") => {
            p.out(m, &format!("Python {full}"));
            return Ok(0);
        }
        Some("-m") => {
            let module = args.get(1).cloned().unwrap_or_default();
            let rest: Vec<String> = args.iter().skip(2).cloned().collect();
            return match module.as_str() {
                "http.server" => {
                    let port: u16 = rest.iter().find_map(|a| a.parse().ok()).unwrap_or(8000);
                    let option = |short: &str, long: &str| {
                        rest.iter().position(|a| a == short || a == long).and_then(|i| rest.get(i + 1).cloned())
                    };
                    let bind = option("-b", "--bind").unwrap_or_else(|| "0.0.0.0".to_string());
                    let directory = p.path(&option("-d", "--directory").unwrap_or_else(|| ".".to_string()));
                    p.out(m, &format!("Serving HTTP on {bind} port {port} (http://{bind}:{port}/) ..."));
                    serving("python3 -m http.server", Some(port), is_loopback(&bind), directory)
                }
                "pip" => {
                    let mut argv = vec!["pip".to_string()];
                    argv.extend(rest);
                    let mut pip = Proc { argv, ..p.clone() };
                    crate::pkg::pip::run(m, &mut pip, true)
                }
                "venv" => venv(m, p, &rest, &minor),
                "flask" => {
                    let mut argv = vec!["flask".to_string()];
                    argv.extend(rest);
                    let mut flask = Proc { argv, ..p.clone() };
                    flask_run(m, &mut flask)
                }
                other => {
                    if module_installed(m, p, other.split('.').next().unwrap_or(other)) {
                        Ok(0)
                    } else {
                        p.err(m, &format!("{}: No module named {other}", p.argv[0]));
                        Ok(1)
                    }
                }
            };
        }
        Some("-c") => {
            let code = args.get(1).cloned().unwrap_or_default();
            let argv = std::iter::once("-c".to_string()).chain(args.iter().skip(2).cloned()).collect();
            return run_python_source(m, p, &code, "<string>", argv);
        }
        Some(script) if !script.starts_with('-') => {
            let path = p.path(script);
            let Some(source) = m.read_text(&path) else {
                let shown = if script.starts_with('/') { script.to_string() } else { path.clone() };
                p.err(m, &format!("{}: can't open file '{shown}': [Errno 2] No such file or directory", p.argv[0]));
                return Ok(2);
            };
            // Entry-point wrappers written by pip dispatch to the package's console script.
            for (marker, program) in [
                ("from flask.cli import main", "flask"),
                ("from gunicorn.app.wsgiapp import run", "gunicorn"),
                ("from uvicorn.main import main", "uvicorn"),
                ("from pip._internal.cli.main import main", "pip"),
            ] {
                if source.contains(marker) {
                    // The wrapper's own path stays argv[0], so pip can find its virtual environment.
                    let mut argv = vec![if program == "pip" { path.clone() } else { basename(script).to_string() }];
                    argv.extend(args.iter().skip(1).cloned());
                    // The wrapper's process becomes the console script's: its environment moves over.
                    let mut child = Proc {
                        argv,
                        env: std::mem::take(&mut p.env),
                        cwd: std::mem::take(&mut p.cwd),
                        io: p.io.clone(),
                        busybox: p.busybox,
                    };
                    if program == "pip" {
                        return crate::pkg::pip::run(m, &mut child, false);
                    }
                    return run(m, program, &mut child);
                }
            }
            return run_python_source(m, p, &source, &path, args.clone());
        }
        _ => {}
    }
    // Without a script the REPL reads stdin: with no terminal it sees end of file and exits.
    let source = p.io.read_all();
    run_python_source(m, p, &source, "<stdin>", vec![String::new()])
}

fn venv(m: &mut Machine, p: &Proc, args: &[String], minor: &str) -> Result<i32, Ctrl> {
    let Some(dir) = args.iter().find(|a| !a.starts_with('-')) else {
        p.err(m, "usage: venv [-h] [--system-site-packages] [--symlinks | --copies] [--clear] [--upgrade] [--without-pip] [--prompt PROMPT] [--upgrade-deps] ENV_DIR [ENV_DIR ...]");
        p.err(m, "venv: error: the following arguments are required: ENV_DIR");
        return Ok(2);
    };
    let root = p.path(dir);
    let has_ensurepip = m.fs.exists(&format!("/usr/lib/python{minor}/ensurepip"))
        || m.fs.exists(&format!("/usr/local/lib/python{minor}/ensurepip"));
    if !has_ensurepip {
        for line in [
            "The virtual environment was not created successfully because ensurepip is not",
            "available.  On Debian/Ubuntu systems, you need to install the python3-venv",
            "package using the following command.",
            "",
            &format!("    apt install python{minor}-venv"),
            "",
            "You may need to use sudo with that command.  After installing the python3-venv",
            "package, recreate your virtual environment.",
            "",
            &format!("Failing command: {root}/bin/python3"),
            "",
        ] {
            p.out(m, line);
        }
        let (uid, gid) = (m.uid, m.gid);
        let _ = m.fs.mkdir_all(&format!("{root}/bin"), 0o755, uid, gid);
        return Ok(1);
    }
    let (uid, gid) = (m.uid, m.gid);
    let interpreter = if m.fs.exists("/usr/local/bin/python3") { "/usr/local/bin/python3" } else { "/usr/bin/python3" };
    let site = format!("{root}/lib/python{minor}/site-packages");
    let _ = m.fs.mkdir_all(&site, 0o755, uid, gid);
    let _ = m.fs.mkdir_all(&format!("{root}/bin"), 0o755, uid, gid);
    let _ = m.fs.mkdir_all(&format!("{root}/include"), 0o755, uid, gid);
    let _ = m.fs.symlink(interpreter, &format!("{root}/bin/python"));
    let _ = m.fs.symlink("python", &format!("{root}/bin/python3"));
    let _ = m.fs.symlink("python", &format!("{root}/bin/python{minor}"));
    let _ = m.fs.symlink("lib", &format!("{root}/lib64"));
    let cfg = format!(
        "home = {}\ninclude-system-site-packages = false\nversion = {}\nexecutable = {interpreter}\ncommand = {interpreter} -m venv {root}\n",
        crate::fs::split_parent(interpreter).0,
        python_version(m).1
    );
    let _ = m.fs.write_file(&format!("{root}/pyvenv.cfg"), Content::text(&cfg), 0o644, uid, gid);
    let activate = format!(
        "# This file must be used with \"source bin/activate\" *from bash*\nVIRTUAL_ENV=\"{root}\"\nexport VIRTUAL_ENV\nPATH=\"$VIRTUAL_ENV/bin:$PATH\"\nexport PATH\n"
    );
    let _ = m.fs.write_file(&format!("{root}/bin/activate"), Content::text(&activate), 0o644, uid, gid);
    if !args.iter().any(|a| a == "--without-pip") {
        let pip = format!(
            "#!{root}/bin/python3\n# -*- coding: utf-8 -*-\nimport re\nimport sys\nfrom pip._internal.cli.main import main\nif __name__ == '__main__':\n    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n    sys.exit(main())\n"
        );
        for name in ["pip", "pip3", &format!("pip{minor}")] {
            let _ = m.fs.write_file(&format!("{root}/bin/{name}"), Content::text(&pip), 0o755, uid, gid);
        }
        let _ = m.fs.mkdir_all(&format!("{site}/pip"), 0o755, uid, gid);
        let _ = m.fs.write_file(
            &format!("{site}/pip/__init__.py"),
            Content::synthetic(9_300_000, "venv-pip"),
            0o644,
            uid,
            gid,
        );
    }
    m.advance(2500);
    Ok(0)
}

/// Runs a tiny Python subset: imports (missing third-party modules fail), `print(…)` of the
/// expressions [`super::pyexpr`] evaluates (with `sys.argv` set to `argv`), and Flask's `app.run(…)`.
/// A line may hold several statements separated by `;`.
fn run_python_source(m: &mut Machine, p: &mut Proc, source: &str, file: &str, argv: Vec<String>) -> Result<i32, Ctrl> {
    super::pyrun::Script::new(source, file).run(m, p, argv)
}

/// A Flask app's `app.run(…)` statement in `file`: the development server's banner, then it serves.
pub(crate) fn flask_app_run(m: &mut Machine, p: &mut Proc, statement: &str, file: &str) -> Result<i32, Ctrl> {
    let host = keyword_arg(statement, "host").unwrap_or_else(|| "127.0.0.1".to_string());
    let port: u16 = keyword_arg(statement, "port").and_then(|v| v.parse().ok()).unwrap_or(5000);
    let debug = keyword_arg(statement, "debug").is_some_and(|v| v == "True");
    let app = basename(file).trim_end_matches(".py").to_string();
    let root = p.path(file);
    flask_banner(m, p, &app, &host, port, debug, root)
}

/// `name = value` at the start of a line (not `==`, not `name += …`).
pub(crate) fn assignment(line: &str) -> Option<(&str, &str)> {
    let (name, value) = line.split_once('=')?;
    let name = name.trim();
    let valid = !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    (valid && !value.starts_with('=')).then(|| (name, value.trim()))
}

fn keyword_arg(line: &str, name: &str) -> Option<String> {
    let idx = line.find(&format!("{name}="))?;
    let rest = &line[idx + name.len() + 1..];
    let value: String = rest.chars().take_while(|c| *c != ',' && *c != ')').collect();
    Some(value.trim().trim_matches(['"', '\'']).to_string())
}

fn flask_banner(
    m: &mut Machine,
    p: &Proc,
    app: &str,
    host: &str,
    port: u16,
    debug: bool,
    root: String,
) -> Result<i32, Ctrl> {
    m.advance(400);
    p.out(m, &format!(" * Serving Flask app '{app}'"));
    p.out(m, &format!(" * Debug mode: {}", if debug { "on" } else { "off" }));
    p.err(m, "WARNING: This is a development server. Do not use it in a production deployment. Use a production WSGI server instead.");
    if host == "0.0.0.0" {
        p.err(m, " * Running on all addresses (0.0.0.0)");
        p.err(m, &format!(" * Running on http://127.0.0.1:{port}"));
        p.err(m, &format!(" * Running on http://172.17.0.2:{port}"));
    } else {
        p.err(m, &format!(" * Running on http://{host}:{port}"));
    }
    p.err(m, "Press CTRL+C to quit");
    if debug {
        p.err(m, " * Restarting with stat");
        p.err(m, " * Debugger is active!");
        p.err(m, " * Debugger PIN: 112-870-331");
    }
    serving("flask", Some(port), is_loopback(host), root)
}

fn flask_run(m: &mut Machine, p: &mut Proc) -> Result<i32, Ctrl> {
    let args = p.args().to_vec();
    let mut app = p.var("FLASK_APP").map(str::to_string).filter(|a| !a.is_empty());
    let mut host = p.var("FLASK_RUN_HOST").unwrap_or("127.0.0.1").to_string();
    let mut port: u16 = p.var("FLASK_RUN_PORT").and_then(|v| v.parse().ok()).unwrap_or(5000);
    let debug = p.var("FLASK_DEBUG").is_some_and(|v| v == "1" || v == "true");
    let mut command = None;
    let mut idx = 0;
    while idx < args.len() {
        let arg = &args[idx];
        let (key, inline) = match arg.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (arg.clone(), None),
        };
        let mut value = || {
            inline.clone().or_else(|| {
                idx += 1;
                args.get(idx).cloned()
            })
        };
        match key.as_str() {
            "--app" | "-A" => app = value(),
            "--host" | "-h" => host = value().unwrap_or(host.clone()),
            "--port" | "-p" => port = value().and_then(|v| v.parse().ok()).unwrap_or(port),
            "--version" => {
                p.out(m, &format!("Python {}", python_version(m).1));
                p.out(m, "Flask 3.0.3");
                p.out(m, "Werkzeug 3.0.3");
                return Ok(0);
            }
            other if !other.starts_with('-') && command.is_none() => command = Some(other.to_string()),
            _ => {}
        }
        idx += 1;
    }
    if command.as_deref() != Some("run") {
        p.out(m, "Usage: flask [OPTIONS] COMMAND [ARGS]...");
        p.out(m, "");
        p.out(m, "  A general utility script for Flask applications.");
        return Ok(if command.is_none() { 0 } else { 2 });
    }
    let app_name = match app {
        Some(app) => {
            let file = app.split(':').next().unwrap_or(&app).to_string();
            let path = if file.ends_with(".py") { p.path(&file) } else { p.path(&format!("{file}.py")) };
            if !m.fs.exists(&path) && !m.fs.exists(&p.path(&file)) {
                p.err(m, "Usage: flask run [OPTIONS]");
                p.err(m, "Try 'flask run --help' for help.");
                p.err(m, "");
                p.err(m, &format!("Error: Could not import '{}'.", file.trim_end_matches(".py")));
                return Ok(2);
            }
            app
        }
        None => {
            if m.fs.exists(&p.path("app.py")) {
                "app".to_string()
            } else if m.fs.exists(&p.path("wsgi.py")) {
                "wsgi".to_string()
            } else {
                p.err(m, "Usage: flask run [OPTIONS]");
                p.err(m, "Try 'flask run --help' for help.");
                p.err(m, "");
                p.err(m, "Error: Could not locate a Flask application. Use the 'flask --app' option, 'FLASK_APP' environment variable, or a 'wsgi.py' or 'app.py' file in the current directory.");
                return Ok(2);
            }
        }
    };
    let root = module_file(p, &app_name);
    flask_banner(m, p, &app_name, &host, port, debug, root)
}

/// Runs a server or tool program.
pub(crate) fn run(m: &mut Machine, name: &str, p: &mut Proc) -> Result<i32, Ctrl> {
    let args = p.args().to_vec();
    match name {
        "flask" => flask_run(m, p),
        "gunicorn" => {
            let bind = args
                .iter()
                .enumerate()
                .find_map(|(i, a)| {
                    a.strip_prefix("--bind=")
                        .map(str::to_string)
                        .or_else(|| (a == "-b" || a == "--bind").then(|| args.get(i + 1).cloned()).flatten())
                })
                .unwrap_or_else(|| "127.0.0.1:8000".to_string());
            let port = bind.rsplit(':').next().and_then(|v| v.parse().ok()).unwrap_or(8000);
            let stamp = "[2024-01-01 00:00:00 +0000]";
            p.err(m, &format!("{stamp} [1] [INFO] Starting gunicorn 22.0.0"));
            p.err(m, &format!("{stamp} [1] [INFO] Listening at: http://{bind} (1)"));
            p.err(m, &format!("{stamp} [1] [INFO] Using worker: sync"));
            p.err(m, &format!("{stamp} [7] [INFO] Booting worker with pid: 7"));
            let app = args.iter().enumerate().find(|(i, a)| {
                !(a.starts_with('-') || *i > 0 && matches!(args[i - 1].as_str(), "-b" | "--bind" | "-w" | "--workers"))
            });
            let root = app.map(|(_, a)| module_file(p, a)).unwrap_or_default();
            let host = bind.rsplit_once(':').map_or(bind.as_str(), |(h, _)| h);
            serving("gunicorn", Some(port), is_loopback(host), root)
        }
        "uvicorn" => {
            let value_of = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1).cloned());
            let host = value_of("--host").unwrap_or_else(|| "127.0.0.1".to_string());
            let port: u16 = value_of("--port").and_then(|v| v.parse().ok()).unwrap_or(8000);
            p.err(m, "INFO:     Started server process [1]");
            p.err(m, "INFO:     Waiting for application startup.");
            p.err(m, "INFO:     Application startup complete.");
            p.err(m, &format!("INFO:     Uvicorn running on http://{host}:{port} (Press CTRL+C to quit)"));
            let app = args.iter().enumerate().find(|(i, a)| {
                !(a.starts_with('-') || *i > 0 && matches!(args[i - 1].as_str(), "--host" | "--port" | "--workers"))
            });
            let root = app.map(|(_, a)| module_file(p, a)).unwrap_or_default();
            serving("uvicorn", Some(port), is_loopback(&host), root)
        }
        "nginx" => {
            if args.iter().any(|a| a == "-v") {
                p.err(m, "nginx version: nginx/1.27.2");
                return Ok(0);
            }
            if args.iter().any(|a| a == "-t") {
                p.err(m, "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok");
                p.err(m, "nginx: configuration file /etc/nginx/nginx.conf test is successful");
                return Ok(0);
            }
            let foreground = args.windows(2).any(|w| w[0] == "-g" && w[1].replace(' ', "").contains("daemonoff;"));
            if foreground {
                let stamp = "2024/01/01 00:00:00 [notice] 1#1:";
                for line in [
                    "using the \"epoll\" event method",
                    "nginx/1.27.2",
                    "built by gcc 12.2.0 (Debian 12.2.0-14)",
                    "OS: Linux 6.8.0-45-generic",
                    "getrlimit(RLIMIT_NOFILE): 1048576:1048576",
                    "start worker processes",
                    "start worker process 29",
                    "start worker process 30",
                ] {
                    p.err(m, &format!("{stamp} {line}"));
                }
                return serving("nginx", Some(80), false, NGINX_ROOT.to_string());
            }
            // Without `daemon off;` nginx forks into the background and the foreground process exits.
            let listener = crate::sh::Listener {
                program: "nginx".to_string(),
                port: Some(80),
                loopback: false,
                root: NGINX_ROOT.to_string(),
            };
            m.background.insert("nginx".to_string(), listener);
            Ok(0)
        }
        "node" | "nodejs" => {
            let header = m.read_text("/usr/local/include/node/node_version.h").unwrap_or_default();
            let version = if header.contains("NODE_MAJOR_VERSION 22") {
                "v22.11.0"
            } else if header.contains("NODE_MAJOR_VERSION 20") {
                "v20.18.0"
            } else {
                "v12.22.9"
            };
            match args.first().map(String::as_str) {
                Some("--version" | "-v") => {
                    p.out(m, version);
                    Ok(0)
                }
                Some("-e" | "--eval") => {
                    let source = args.get(1).cloned().unwrap_or_default();
                    let argv = [p.argv[0].clone()];
                    for line in super::js::startup(&source, &p.env, &argv).lines {
                        p.out(m, &line);
                    }
                    Ok(0)
                }
                Some("-p" | "--print") => {
                    let value = super::js::print_value(args.get(1).map_or("", String::as_str), &p.env);
                    p.out(m, &value);
                    Ok(0)
                }
                Some(script) if is_js_tool(m, &p.path(script)) => {
                    let script = m.fs.canonicalize(&p.path(script)).unwrap_or_default();
                    // npm, npx and yarn are JavaScript programs run by node.
                    let name = if script.ends_with("npm-cli.js") {
                        "npm"
                    } else if script.ends_with("yarn.js") {
                        "yarn"
                    } else {
                        "npx"
                    };
                    let mut argv = vec![name.to_string()];
                    argv.extend(args.iter().skip(1).cloned());
                    let mut child = Proc { argv, ..p.clone() };
                    match name {
                        "npm" => crate::pkg::npm::run(m, &mut child),
                        "yarn" => crate::pkg::npm::yarn(m, &mut child),
                        _ => Ok(0),
                    }
                }
                Some(script) => {
                    let path = p.path(script);
                    let Some(source) = m.read_text(&path).or_else(|| m.read_text(&format!("{path}.js"))) else {
                        p.err(m, "node:internal/modules/cjs/loader:1228");
                        p.err(m, "  throw err;");
                        p.err(m, "  ^");
                        p.err(m, "");
                        p.err(m, &format!("Error: Cannot find module '{path}'"));
                        p.err(m, "    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15)");
                        p.err(m, "    at Module._load (node:internal/modules/cjs/loader:1051:27)");
                        p.err(m, "    at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:174:12)");
                        p.err(m, "    at node:internal/main/run_main_module:28:49 {");
                        p.err(m, "  code: 'MODULE_NOT_FOUND',");
                        p.err(m, "  requireStack: []");
                        p.err(m, "}");
                        p.err(m, "");
                        p.err(m, &format!("Node.js {version}"));
                        return Ok(1);
                    };
                    m.charge(source.len() as u64 / 64)?;
                    // `process.argv`: node's own path, the script's, then the script's arguments.
                    let mut argv =
                        vec!["/usr/local/bin/node".to_string(), m.fs.canonicalize(&path).unwrap_or(path.clone())];
                    argv.extend(args.iter().skip(1).cloned());
                    let started = super::js::startup(&source, &p.env, &argv);
                    for line in &started.lines {
                        p.out(m, line);
                    }
                    if let Some(args) = started.listen {
                        let port = args.first().and_then(|port| port.parse().ok());
                        let loopback = args.get(1).is_some_and(|host| host == "127.0.0.1" || host == "localhost");
                        let root = m.fs.canonicalize(&path).unwrap_or(path);
                        return serving("node", port.or(Some(3000)), loopback, root);
                    }
                    Ok(0)
                }
                None => Ok(0),
            }
        }
        "go" => match args.first().map(String::as_str) {
            Some("version") => {
                p.out(m, "go version go1.23.4 linux/amd64");
                Ok(0)
            }
            Some("build") => super::golang::build(m, p, &args),
            Some("run") => super::golang::run(m, p, &args),
            _ => Ok(0),
        },
        "java" => {
            if args.iter().any(|a| a == "-version" || a == "--version") {
                p.err(m, "openjdk version \"17.0.12\" 2024-07-16");
                p.err(m, "OpenJDK Runtime Environment (build 17.0.12+7-Ubuntu-1ubuntu222.04)");
                p.err(m, "OpenJDK 64-Bit Server VM (build 17.0.12+7-Ubuntu-1ubuntu222.04, mixed mode, sharing)");
            }
            Ok(0)
        }
        _ => Ok(0),
    }
}
