//! Starting programs: `PATH` lookup, the runtime's start errors, shebang scripts and dispatch to
//! the simulated program registry in [`super::programs`].
//!
//! A program is identified by the basename it was invoked as, except that `sh` resolves to the
//! shell it links to (dash, bash or busybox) and busybox applets keep their applet name.

use crate::sh::Env;

use super::interp::{Dialect, Shell};
use super::machine::{Ctrl, Io, MAX_DEPTH, Machine};
use super::programs::{self, Proc};
use super::{ExitStatus, Output, ProcessSpec, StartError};
use crate::fs::{EntryKind, Fs, basename, normalize};

/// The result of looking a command name up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Lookup {
    /// The path of the executable (as it would appear in `$PATH` joining).
    Found(String),
    /// A bare name not in any `PATH` directory.
    NotFound,
    /// A path that does not exist.
    NoSuchFile,
    /// A directory.
    IsDir,
    /// A file without execute permission.
    Denied,
}

/// Looks `name` up like `execvp`.
pub(crate) fn lookup(fs: &Fs, path_var: &str, cwd: &str, name: &str) -> Lookup {
    if name.is_empty() {
        return Lookup::NotFound;
    }
    if name.contains('/') {
        let path = normalize(cwd, name);
        return match fs.stat(&path) {
            None => Lookup::NoSuchFile,
            Some(entry) if entry.is_dir() => Lookup::IsDir,
            Some(entry) if entry.mode & 0o111 == 0 => Lookup::Denied,
            Some(_) => Lookup::Found(name.to_string()),
        };
    }
    let mut denied = false;
    for dir in path_var.split(':') {
        let dir = if dir.is_empty() { "." } else { dir };
        let candidate = normalize(cwd, &format!("{dir}/{name}"));
        match fs.stat(&candidate) {
            Some(entry) if entry.is_file() && entry.mode & 0o111 != 0 => {
                return Lookup::Found(if dir.ends_with('/') {
                    format!("{dir}{name}")
                } else {
                    format!("{dir}/{name}")
                });
            }
            Some(entry) if entry.is_file() => denied = true,
            _ => {}
        }
    }
    if denied { Lookup::Denied } else { Lookup::NotFound }
}

/// The runtime entry point behind [`super::start`].
pub(crate) fn start(fs: &mut Fs, spec: &ProcessSpec, sites: Vec<super::http::Site>) -> Result<Output, StartError> {
    start_in(fs, spec, spec.env.iter().cloned().collect(), sites)
}

/// [`start`] with the environment already collected (a caller that owns the pairs moves them in).
pub(crate) fn start_with_env(fs: &mut Fs, spec: &ProcessSpec, env: Env) -> Result<Output, StartError> {
    start_in(fs, spec, env, Vec::new())
}

/// Runs the process with `sites` reachable over the network.
fn start_in(
    fs: &mut Fs,
    spec: &ProcessSpec,
    mut env: Env,
    sites: Vec<super::http::Site>,
) -> Result<Output, StartError> {
    let Some(name) = spec.argv.first() else { return Err(StartError::EmptyArgv) };
    let path_var = env.get("PATH").cloned().unwrap_or_else(|| super::DEFAULT_PATH.to_string());
    let cwd = normalize("/", &spec.cwd);
    let (uid, gid, home) = resolve_user(fs, &spec.user)?;
    let path = match lookup(fs, &path_var, &cwd, name) {
        Lookup::Found(path) => path,
        Lookup::NotFound => return Err(StartError::NotFound(name.clone())),
        Lookup::NoSuchFile => return Err(StartError::NoSuchFile(name.clone())),
        Lookup::IsDir => return Err(StartError::IsADirectory(name.clone())),
        Lookup::Denied => return Err(StartError::PermissionDenied(name.clone())),
    };
    env.entry("HOME".to_string()).or_insert(home);
    env.entry("HOSTNAME".to_string()).or_insert_with(|| spec.hostname.clone());
    let mut m = Machine::new(fs, spec.step_budget, spec.network, spec.hostname.clone(), spec.tty);
    m.uid = uid;
    m.gid = gid;
    m.sites = sites;
    m.peers = spec.peers.clone();
    // A working directory that does not exist is created by the runtime, as Docker does.
    if !m.fs.exists(&cwd) {
        let _ = m.fs.mkdir_all(&cwd, 0o755, 0, 0);
    }
    let io = Io::terminal(spec.stdin.clone());
    let res = exec_file(&mut m, &path, &spec.argv, env, &cwd, &io);
    let status = match res {
        Ok(status) | Err(Ctrl::Exit(status) | Ctrl::Return(status)) => ExitStatus::Exited(status),
        Err(Ctrl::Break(_) | Ctrl::Continue(_)) => ExitStatus::Exited(0),
        Err(Ctrl::Hung) => {
            m.flush_partial();
            m.write(io.err, "layerlab: the command did not finish within its step budget (endless loop?)\n");
            ExitStatus::Hung
        }
        Err(Ctrl::Serving(listener)) => ExitStatus::Serving(listener),
    };
    let status = match status {
        ExitStatus::Exited(0) if !m.background.is_empty() => {
            // A script that started a server in the background and then returned exits; the
            // container stops with it, as in Docker.
            ExitStatus::Exited(0)
        }
        other => other,
    };
    let (lines, elapsed_ms) = m.finish();
    Ok(Output { lines, status, elapsed_ms })
}

pub(crate) fn resolve_user(fs: &Fs, user: &str) -> Result<(u32, u32, String), StartError> {
    // The files are read in place; a line's fields are looked at without collecting them.
    let passwd = fs.read_file("/etc/passwd").ok();
    let group = fs.read_file("/etc/group").ok();
    fn text(content: &Option<crate::fs::Content>) -> std::borrow::Cow<'_, str> {
        content.as_ref().and_then(|c| c.as_text()).unwrap_or_default()
    }
    let (passwd, group) = (text(&passwd), text(&group));
    let (user_part, group_part) = match user.split_once(':') {
        Some((u, g)) => (u, Some(g)),
        None => (user, None),
    };
    let user_part = if user_part.is_empty() { "root" } else { user_part };
    // A field of a `:`-separated line, when the line has at least `fields` of them.
    let field = |line: &str, fields: usize, index: usize| {
        (line.split(':').count() >= fields).then(|| line.split(':').nth(index).unwrap_or_default().to_string())
    };
    let entry = passwd.lines().find(|line| {
        line.split(':').count() >= 6 && {
            let mut fields = line.split(':');
            let name = fields.next().unwrap_or_default();
            name == user_part || fields.nth(1) == Some(user_part)
        }
    });
    let (uid, mut gid, home) = match (entry, user_part.parse::<u32>()) {
        (Some(line), _) => {
            let number = |index: usize| field(line, 6, index).and_then(|f| f.parse().ok()).unwrap_or(0);
            (number(2), number(3), field(line, 6, 5).unwrap_or_default())
        }
        // runc's defaults for a UID that /etc/passwd does not know: group 0 and HOME `/`.
        (None, Ok(uid)) => (uid, 0, "/".to_string()),
        (None, Err(_)) if user_part == "root" => (0, 0, "/root".to_string()),
        (None, Err(_)) => return Err(StartError::UnknownUser(user_part.to_string())),
    };
    if let Some(group_part) = group_part {
        let found = group.lines().find(|line| {
            line.split(':').count() >= 3 && {
                let mut fields = line.split(':');
                let name = fields.next().unwrap_or_default();
                name == group_part || fields.nth(1) == Some(group_part)
            }
        });
        gid = match (found, group_part.parse::<u32>()) {
            (Some(line), _) => field(line, 3, 2).and_then(|f| f.parse().ok()).unwrap_or(0),
            (None, Ok(gid)) => gid,
            (None, Err(_)) => return Err(StartError::UnknownUser(format!("group {group_part}"))),
        };
    }
    Ok((uid, gid, home))
}

/// Runs a command from a shell, printing the shell's own not-found and permission messages.
pub(crate) fn run_external(m: &mut Machine, shell: &Shell, argv: &[String], env: Env, io: &Io) -> Result<i32, Ctrl> {
    let name = &argv[0];
    let path_var = shell.get("PATH").unwrap_or(super::DEFAULT_PATH).to_string();
    let (msg, status) = match lookup(m.fs, &path_var, &shell.cwd, name) {
        // A script whose `#!` names a missing interpreter (`/bin/sh\r` from CRLF line endings): the
        // kernel's ENOENT, which each shell words its own way.
        Lookup::Found(path) => match missing_interpreter(m.fs, &normalize(&shell.cwd, &path)) {
            None => return exec_file(m, &path, argv, env, &shell.cwd, io),
            Some(interpreter) => match shell.dialect {
                Dialect::Bash => {
                    let shown = interpreter.replace('\r', "^M");
                    (format!("{name}: {shown}: bad interpreter: No such file or directory"), 126)
                }
                _ => (format!("{name}: not found"), 127),
            },
        },
        Lookup::NotFound => match shell.dialect {
            Dialect::Bash => (format!("{name}: command not found"), 127),
            _ => (format!("{name}: not found"), 127),
        },
        Lookup::NoSuchFile => match shell.dialect {
            Dialect::Bash => (format!("{name}: No such file or directory"), 127),
            _ => (format!("{name}: not found"), 127),
        },
        Lookup::IsDir => match shell.dialect {
            Dialect::Bash => (format!("{name}: Is a directory"), 126),
            _ => (format!("{name}: Permission denied"), 126),
        },
        Lookup::Denied => (format!("{name}: Permission denied"), 126),
    };
    shell.error(m, io, &msg);
    Ok(status)
}

/// Runs the executable at `path` (already found) with `argv`.
pub(crate) fn exec_file(
    m: &mut Machine,
    path: &str,
    argv: &[String],
    env: Env,
    cwd: &str,
    io: &Io,
) -> Result<i32, Ctrl> {
    if m.depth >= MAX_DEPTH {
        m.write(io.err, "layerlab: too many nested processes\n");
        return Ok(126);
    }
    m.tick()?;
    m.advance(1);
    let full = normalize(cwd, path);
    let canonical = m.fs.canonicalize(&full).unwrap_or_else(|_| full.clone());
    let content = match m.fs.stat(&full).map(|entry| entry.kind) {
        Some(EntryKind::File(content)) => content,
        _ => return Ok(126),
    };
    // Text files are scripts: a `#!` line names the interpreter, otherwise `sh` runs them.
    if let Some(text) = content.as_text() {
        if let Some((interpreter, option)) = shebang(&text) {
            let mut new_argv = vec![interpreter.clone()];
            new_argv.extend(option);
            new_argv.push(path.to_string());
            new_argv.extend(argv[1..].iter().cloned());
            if interpreter.is_empty() || m.fs.stat(&interpreter).is_none() {
                if m.depth == 0 {
                    // The container's first process: runc's execve fails with ENOENT.
                    m.write(io.err, &format!("exec {}: no such file or directory\n", argv[0]));
                    return Ok(255);
                }
                m.write(io.err, &format!("/bin/sh: 1: {}: not found\n", argv[0]));
                return Ok(127);
            }
            m.depth += 1;
            let res = exec_file(m, &interpreter, &new_argv, env, cwd, io);
            m.depth -= 1;
            return res;
        }
        if m.depth == 0 {
            // Without `#!` only a shell falls back to running the text as a script; runc's execve of
            // the container's first process fails with ENOEXEC.
            m.write(io.err, &format!("exec {}: exec format error\n", argv[0]));
            return Ok(255);
        }
        if !is_simulated_text_program(&canonical) {
            let mut new_argv = vec!["/bin/sh".to_string(), path.to_string()];
            new_argv.extend(argv[1..].iter().cloned());
            m.depth += 1;
            let res = exec_file(m, "/bin/sh", &new_argv, env, cwd, io);
            m.depth -= 1;
            return res;
        }
    }
    // A binary `go build` wrote runs the program it recorded.
    if let Some(bytes) = content.as_bytes().filter(|b| b.starts_with(super::cmds::golang::MAGIC)) {
        let proc = Proc { argv: argv.to_vec(), env, cwd: cwd.to_string(), io: io.clone(), busybox: false };
        m.depth += 1;
        let res = super::cmds::golang::run_binary(m, &proc, bytes);
        m.depth -= 1;
        return res;
    }
    let invoked = basename(&argv[0]).to_string();
    let target = basename(&canonical).to_string();
    let busybox = target == "busybox";
    // hello-world's `/hello` is the one binary that is not a named program of a distribution.
    let hello = canonical == "/hello"
        && matches!(content, crate::fs::Content::Synthetic { size, .. } if size == crate::rootfs::HELLO_SIZE);
    let identity = if hello {
        "docker-hello".to_string()
    } else if busybox {
        if invoked == "busybox" { argv.get(1).cloned().unwrap_or_default() } else { invoked }
    } else if invoked == "sh" || target == "dash" || target == "bash" {
        target
    } else {
        invoked
    };
    let mut argv = argv.to_vec();
    if busybox && basename(&argv[0]) == "busybox" && argv.len() > 1 {
        argv.remove(0);
    }
    let mut proc = Proc { argv, env, cwd: cwd.to_string(), io: io.clone(), busybox };
    m.depth += 1;
    let res = programs::run(m, &identity, &mut proc);
    m.depth -= 1;
    res
}

/// The interpreter and optional argument a script's `#!` line names, as the kernel reads it: up to the
/// newline, so a CRLF line ending leaves `\r` in the name (the classic `/bin/sh\r` that does not exist).
fn shebang(text: &str) -> Option<(String, Option<String>)> {
    let line = text.strip_prefix("#!")?;
    let line = line.split('\n').next().unwrap_or("").trim_start_matches([' ', '\t']);
    let (interpreter, option) = match line.split_once([' ', '\t']) {
        Some((interpreter, option)) => (interpreter, Some(option.trim_matches([' ', '\t']).to_string())),
        None => (line, None),
    };
    Some((interpreter.to_string(), option.filter(|o| !o.is_empty())))
}

/// The interpreter the script at `path` names in its `#!` line, when that program does not exist.
fn missing_interpreter(fs: &Fs, path: &str) -> Option<String> {
    let content = fs.read_file(path).ok()?;
    let text = content.as_text()?;
    let (interpreter, _) = shebang(&text)?;
    fs.stat(&interpreter).is_none().then_some(interpreter)
}

/// Text files that stand for real programs (e.g. pip's generated wrapper scripts) are handled by
/// the registry rather than run as shell scripts.
fn is_simulated_text_program(_canonical: &str) -> bool {
    false
}
