//! `npm`: `install` (from `package.json` or named packages), `ci` (needs a lockfile), `start`,
//! `run`, `test` and `--version`; and yarn 1's `install`/`add`, which the node images ship.
//!
//! Installs write `node_modules/<name>/package.json` plus a synthetic payload per direct dependency
//! and report npm 10's summary (`added N packages, and audited N+1 packages in 3s`).

use serde_json::Value;

use crate::fs::Content;
use crate::sh::machine::{Ctrl, Machine};
use crate::sh::programs::Proc;

/// Known packages: name, version, number of packages in its installed tree, size in kB.
const PACKAGES: &[(&str, &str, u64, u64)] = &[
    ("express", "4.21.1", 65, 2_200),
    ("react", "18.3.1", 2, 320),
    ("react-dom", "18.3.1", 3, 4_500),
    ("lodash", "4.17.21", 1, 1_400),
    ("axios", "1.7.7", 9, 2_100),
    ("typescript", "5.6.3", 1, 22_000),
    ("nodemon", "3.1.7", 29, 1_900),
    ("jest", "29.7.0", 268, 36_000),
    ("dotenv", "16.4.5", 1, 80),
    ("cors", "2.8.5", 3, 50),
    ("mongoose", "8.8.1", 24, 12_000),
    ("pg", "8.13.1", 15, 900),
    ("redis", "4.7.0", 10, 1_200),
    ("next", "15.0.3", 24, 110_000),
    ("vite", "5.4.11", 15, 18_000),
    ("body-parser", "1.20.3", 23, 600),
    ("socket.io", "4.8.1", 21, 2_300),
    ("uuid", "11.0.3", 1, 700),
    ("chalk", "5.3.0", 1, 45),
    ("eslint", "9.15.0", 89, 16_000),
    ("mysql2", "3.11.4", 13, 5_900),
    ("sqlite3", "5.1.7", 101, 11_000),
    ("better-sqlite3", "11.5.0", 37, 10_500),
    ("mongodb", "6.10.0", 12, 6_800),
    ("ejs", "3.1.10", 15, 480),
    ("pug", "3.0.3", 40, 1_800),
    ("morgan", "1.10.0", 7, 90),
    ("helmet", "8.0.0", 1, 100),
    ("jsonwebtoken", "9.0.2", 14, 390),
    ("bcrypt", "5.1.1", 57, 3_800),
    ("bcryptjs", "2.4.3", 1, 210),
    ("multer", "1.4.5-lts.1", 21, 420),
    ("cookie-parser", "1.4.7", 3, 40),
    ("express-session", "1.18.1", 9, 160),
    ("passport", "0.7.0", 4, 110),
    ("koa", "2.15.3", 40, 1_100),
    ("fastify", "5.1.0", 47, 6_200),
    ("sequelize", "6.37.5", 30, 5_600),
    ("knex", "3.1.0", 25, 2_900),
    ("winston", "3.17.0", 28, 1_300),
    ("moment", "2.30.1", 1, 4_400),
    ("dayjs", "1.11.13", 1, 670),
    ("node-fetch", "3.3.2", 6, 260),
    ("ws", "8.18.0", 1, 150),
    ("yargs", "17.7.2", 16, 480),
    ("commander", "12.1.0", 1, 180),
    ("prettier", "3.3.3", 1, 8_000),
    ("webpack", "5.96.1", 77, 26_000),
    ("ts-node", "10.9.2", 19, 3_400),
    ("@types/node", "22.9.0", 2, 2_300),
    ("wait-port", "1.1.0", 6, 180),
    ("uuidv4", "6.2.13", 3, 60),
];

/// What resolving and installing a list of dependencies came to.
enum Install {
    /// All installed: how many packages in all.
    Done(u64),
    /// A dependency the registry does not have.
    NotFound(String),
}

/// npm's cache directory: `$npm_config_cache`, else `~/.npm`.
fn cache_dir(p: &Proc) -> String {
    p.var("npm_config_cache")
        .map(str::to_string)
        .unwrap_or_else(|| format!("{}/.npm", p.var("HOME").unwrap_or("/root").trim_end_matches('/')))
}

/// Writes `node_modules/<name>/` for each dependency (a manifest and a synthetic payload the size of
/// its installed tree) and advances the clock per package. npm also keeps each downloaded tarball
/// in its content cache (`~/.npm/_cacache`), which stays in an image's layer unless the same step
/// runs `npm cache clean --force`.
fn install_tree(m: &mut Machine, p: &Proc, deps: &[String]) -> Result<Install, Ctrl> {
    let mut total = 0;
    let (uid, gid) = (m.uid, m.gid);
    let cache = cache_dir(p);
    for dep in deps {
        let Some((name, version, count, size_kb)) = PACKAGES.iter().find(|(n, ..)| n == dep).copied() else {
            return Ok(Install::NotFound(dep.clone()));
        };
        m.tick()?;
        m.advance(count * 40);
        total += count;
        let dir = p.path(&format!("node_modules/{name}"));
        let _ = m.fs.mkdir_all(&dir, 0o755, uid, gid);
        let manifest_text = format!("{{\n  \"name\": \"{name}\",\n  \"version\": \"{version}\"\n}}\n");
        let _ = m.fs.write_file(&format!("{dir}/package.json"), Content::text(&manifest_text), 0o644, uid, gid);
        let _ = m.fs.write_file(
            &format!("{dir}/index.js"),
            Content::synthetic(size_kb * 1024, &format!("npm:{name}@{version}")),
            0o644,
            uid,
            gid,
        );
        // Tarballs are gzip-compressed: about a third of the installed size.
        let hex = crate::digest::Digest::of(format!("npm tarball {name}@{version}").as_bytes()).hex();
        let entry = format!("{cache}/_cacache/content-v2/sha512/{}/{}/{}", &hex[..2], &hex[2..4], &hex[4..]);
        let _ = m.fs.mkdir_all(crate::fs::split_parent(&entry).0, 0o755, uid, gid);
        let tarball = Content::synthetic(size_kb * 1024 / 3, &format!("npm-cache:{name}@{version}"));
        let _ = m.fs.write_file(&entry, tarball, 0o644, uid, gid);
    }
    Ok(Install::Done(total))
}

/// The dependencies `package.json` lists (`devDependencies` too, unless `production`).
fn manifest_deps(manifest: &Value, production: bool) -> Vec<String> {
    let mut sections = vec!["dependencies"];
    if !production {
        sections.push("devDependencies");
    }
    sections
        .into_iter()
        .filter_map(|section| manifest.get(section).and_then(Value::as_object))
        .flat_map(|map| map.keys().cloned())
        .collect()
}

/// Runs yarn 1 (`yarn`, `yarn install [--production]`, `yarn add NAME…`, `yarn --version`).
pub(crate) fn yarn(m: &mut Machine, p: &mut Proc) -> Result<i32, Ctrl> {
    let args = p.args().to_vec();
    if args.iter().any(|a| a == "--version" || a == "-v") {
        p.out(m, "1.22.22");
        return Ok(0);
    }
    let command = args.iter().find(|a| !a.starts_with('-')).cloned().unwrap_or_else(|| "install".to_string());
    if command != "install" && command != "add" {
        p.err(m, &format!("error Command \"{command}\" not found."));
        return Ok(1);
    }
    p.out(m, &format!("yarn {command} v1.22.22"));
    let manifest_path = p.path("package.json");
    let lock_path = p.path("yarn.lock");
    let Some(manifest) = m.read_text(&manifest_path).and_then(|text| serde_json::from_str::<Value>(&text).ok()) else {
        p.err(
            m,
            &format!(
                "error An unexpected error occurred: \"ENOENT: no such file or directory, open '{manifest_path}'\"."
            ),
        );
        return Ok(1);
    };
    let production =
        args.iter().any(|a| a == "--production" || a == "--prod") || p.var("NODE_ENV") == Some("production");
    let deps: Vec<String> = if command == "add" {
        args.iter()
            .filter(|a| !a.starts_with('-'))
            .skip(1)
            .map(|n| n.split('@').next().unwrap_or(n).to_string())
            .collect()
    } else {
        manifest_deps(&manifest, production)
    };
    let had_lock = m.fs.exists(&lock_path);
    if !had_lock {
        p.out(m, "info No lockfile found.");
    }
    p.out(m, "[1/4] Resolving packages...");
    let unexpected = |m: &mut Machine, p: &Proc, what: &str| {
        p.err(m, &format!("error An unexpected error occurred: \"{what}\"."));
        p.out(
            m,
            &format!(
                "info If you think this is a bug, please open a bug report with the information provided in \"{}\".",
                p.path("yarn-error.log")
            ),
        );
        p.out(m, "info Visit https://yarnpkg.com/en/docs/cli/install for documentation about this command.");
    };
    if !m.network && !deps.is_empty() {
        let what = format!("https://registry.yarnpkg.com/{}: getaddrinfo EAI_AGAIN registry.yarnpkg.com", deps[0]);
        unexpected(m, p, &what);
        return Ok(1);
    }
    if let Some(missing) = deps.iter().find(|d| !PACKAGES.iter().any(|(n, ..)| n == *d)) {
        let what = format!("https://registry.yarnpkg.com/{missing}: Not found");
        unexpected(m, p, &what);
        return Ok(1);
    }
    p.out(m, "[2/4] Fetching packages...");
    let total = match install_tree(m, p, &deps)? {
        Install::Done(total) => total,
        Install::NotFound(_) => 0,
    };
    p.out(m, "[3/4] Linking dependencies...");
    p.out(m, "[4/4] Building fresh packages...");
    let (uid, gid) = (m.uid, m.gid);
    if !had_lock {
        let lock: String = deps
            .iter()
            .filter_map(|d| PACKAGES.iter().find(|(n, ..)| n == d))
            .map(|(name, version, ..)| {
                format!("\n{name}@^{version}:\n  version \"{version}\"\n  resolved \"https://registry.yarnpkg.com/{name}/-/{name}-{version}.tgz\"\n")
            })
            .collect();
        let text =
            format!("# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n{lock}");
        let _ = m.fs.write_file(&lock_path, Content::text(&text), 0o644, uid, gid);
        p.out(m, "success Saved lockfile.");
    }
    let secs = (total * 40 + 300) as f64 / 1000.0;
    p.out(m, &format!("Done in {secs:.2}s."));
    Ok(0)
}

fn npm_error(m: &mut Machine, p: &Proc, lines: &[String]) {
    for line in lines {
        p.err(m, format!("npm error {line}").trim_end());
    }
    p.err(
        m,
        "npm error A complete log of this run can be found in: /root/.npm/_logs/2024-01-01T00_00_00_000Z-debug-0.log",
    );
}

/// Runs `npm`.
pub(crate) fn run(m: &mut Machine, p: &mut Proc) -> Result<i32, Ctrl> {
    let args = p.args().to_vec();
    let command = args.iter().find(|a| !a.starts_with('-')).cloned().unwrap_or_default();
    if args.iter().any(|a| a == "--version" || a == "-v") && command.is_empty() {
        p.out(m, "10.9.0");
        return Ok(0);
    }
    let manifest_path = p.path("package.json");
    let lock_path = p.path("package-lock.json");
    let manifest: Option<Value> = m.read_text(&manifest_path).and_then(|text| serde_json::from_str(&text).ok());
    match command.as_str() {
        "install" | "i" | "ci" | "add" => {
            if command == "ci" && !m.fs.exists(&lock_path) {
                npm_error(
                    m,
                    p,
                    &[
                        "code EUSAGE".to_string(),
                        String::new(),
                        "The `npm ci` command can only install with an existing package-lock.json or".to_string(),
                        "npm-shrinkwrap.json with lockfileVersion >= 1. Run an install with npm@5 or".to_string(),
                        "later to generate a package-lock.json file, then try again.".to_string(),
                        String::new(),
                        "Clean install a project".to_string(),
                        String::new(),
                        "Usage:".to_string(),
                        "npm ci".to_string(),
                        String::new(),
                        "Options:".to_string(),
                        "[--install-strategy <hoisted|nested|shallow|linked>] [--legacy-bundling]".to_string(),
                        String::new(),
                        "Run \"npm help ci\" for more info".to_string(),
                        String::new(),
                    ],
                );
                return Ok(1);
            }
            let named: Vec<String> = args.iter().filter(|a| !a.starts_with('-')).skip(1).cloned().collect();
            let production = args.iter().any(|a| a == "--production" || a == "--omit=dev")
                || p.var("NODE_ENV") == Some("production");
            let mut deps: Vec<String> =
                named.iter().map(|n| n.split('@').next().unwrap_or(n).to_string()).filter(|n| !n.is_empty()).collect();
            if named.is_empty() {
                let Some(manifest) = &manifest else {
                    let path = manifest_path.clone();
                    npm_error(
                        m,
                        p,
                        &[
                            "code ENOENT".to_string(),
                            "syscall open".to_string(),
                            format!("path {path}"),
                            "errno -2".to_string(),
                            format!(
                                "enoent Could not read package.json: Error: ENOENT: no such file or directory, open '{path}'"
                            ),
                            "enoent This is related to npm not being able to find a file.".to_string(),
                            "enoent".to_string(),
                        ],
                    );
                    return Ok(254);
                };
                deps.extend(manifest_deps(manifest, production));
            }
            if !m.network && !deps.is_empty() {
                npm_error(
                    m,
                    p,
                    &[
                        "code EAI_AGAIN".to_string(),
                        "syscall getaddrinfo".to_string(),
                        "errno EAI_AGAIN".to_string(),
                        format!(
                            "request to https://registry.npmjs.org/{} failed, reason: getaddrinfo EAI_AGAIN registry.npmjs.org",
                            deps[0]
                        ),
                    ],
                );
                return Ok(1);
            }
            let (uid, gid) = (m.uid, m.gid);
            let total = match install_tree(m, p, &deps)? {
                Install::Done(total) => total,
                Install::NotFound(dep) => {
                    npm_error(
                        m,
                        p,
                        &[
                            "code E404".to_string(),
                            format!("404 Not Found - GET https://registry.npmjs.org/{dep} - Not found"),
                            "404".to_string(),
                            format!("404  '{dep}@*' is not in this registry."),
                            "404".to_string(),
                            "404 Note that you can also install from a".to_string(),
                            "404 tarball, folder, http url, or git url.".to_string(),
                        ],
                    );
                    return Ok(1);
                }
            };
            if !named.is_empty() {
                let mut value = manifest.clone().unwrap_or_else(|| serde_json::json!({}));
                if let Some(object) = value.as_object_mut() {
                    let deps_map = object.entry("dependencies").or_insert_with(|| serde_json::json!({}));
                    if let Some(deps_map) = deps_map.as_object_mut() {
                        for dep in &deps {
                            if let Some((_, version, ..)) = PACKAGES.iter().find(|(n, ..)| n == dep) {
                                deps_map.insert(dep.clone(), Value::String(format!("^{version}")));
                            }
                        }
                    }
                }
                let text = serde_json::to_string_pretty(&value).unwrap_or_default() + "\n";
                let _ = m.fs.write_file(&manifest_path, Content::text(&text), 0o644, uid, gid);
            }
            if !m.fs.exists(&lock_path) {
                let lock = "{\n  \"lockfileVersion\": 3,\n  \"requires\": true,\n  \"packages\": {}\n}\n";
                let _ = m.fs.write_file(&lock_path, Content::text(lock), 0o644, uid, gid);
            }
            p.out(m, "");
            if total == 0 {
                p.out(m, "up to date, audited 1 package in 300ms");
            } else {
                let secs = (total / 20).max(1);
                p.out(
                    m,
                    &format!(
                        "added {total} package{}, and audited {} packages in {secs}s",
                        if total == 1 { "" } else { "s" },
                        total + 1
                    ),
                );
                let funding = total / 5;
                if funding > 0 {
                    p.out(m, "");
                    p.out(
                        m,
                        &format!("{funding} package{} looking for funding", if funding == 1 { " is" } else { "s are" }),
                    );
                    p.out(m, "  run `npm fund` for details");
                }
            }
            p.out(m, "");
            p.out(m, "found 0 vulnerabilities");
            Ok(0)
        }
        "start" | "run" | "test" | "run-script" => {
            let script_name = if command == "run" || command == "run-script" {
                args.iter().filter(|a| !a.starts_with('-')).nth(1).cloned().unwrap_or_default()
            } else {
                command.clone()
            };
            let script = manifest
                .as_ref()
                .and_then(|v| v.get("scripts"))
                .and_then(|s| s.get(&script_name))
                .and_then(Value::as_str)
                .map(str::to_string)
                .or_else(|| {
                    (script_name == "start" && m.fs.exists(&p.path("server.js"))).then(|| "node server.js".to_string())
                });
            let Some(script) = script else {
                npm_error(
                    m,
                    p,
                    &[
                        format!("Missing script: \"{script_name}\""),
                        String::new(),
                        "To see a list of scripts, run:".to_string(),
                        "  npm run".to_string(),
                    ],
                );
                return Ok(1);
            };
            let name =
                manifest.as_ref().and_then(|v| v.get("name")).and_then(Value::as_str).unwrap_or("app").to_string();
            let version =
                manifest.as_ref().and_then(|v| v.get("version")).and_then(Value::as_str).unwrap_or("1.0.0").to_string();
            p.out(m, "");
            p.out(m, &format!("> {name}@{version} {script_name}"));
            p.out(m, &format!("> {script}"));
            p.out(m, "");
            let argv = vec!["sh".to_string(), "-c".to_string(), script];
            let env = p.env.clone();
            let cwd = p.cwd.clone();
            let io = p.io.clone();
            crate::sh::exec::exec_file(m, "/bin/sh", &argv, env, &cwd, &io)
        }
        "cache" => {
            let sub = args.iter().filter(|a| !a.starts_with('-')).nth(1).map(String::as_str);
            match sub {
                Some("clean" | "clear" | "rm") if args.iter().any(|a| a == "--force" || a == "-f") => {
                    let _ = m.fs.remove_all(&format!("{}/_cacache", cache_dir(p)));
                    p.err(m, "npm warn using --force Recommended protections disabled.");
                    Ok(0)
                }
                Some("clean" | "clear" | "rm") => {
                    npm_error(
                        m,
                        p,
                        &[
                            "As of npm@5, the npm cache self-heals from corruption issues".to_string(),
                            "by treating integrity mismatches as cache misses.  As a result,".to_string(),
                            "data extracted from the cache is guaranteed to be valid.  If you".to_string(),
                            "want to make sure everything is consistent, use `npm cache verify`".to_string(),
                            "instead.  Deleting the cache can only make npm go slower, and is".to_string(),
                            "not likely to correct any problems you may be encountering!".to_string(),
                            String::new(),
                            "On the other hand, if you're debugging an issue with the installer,".to_string(),
                            "or race conditions that depend on the timing of writing to an empty".to_string(),
                            "cache, you can use `npm install --cache /tmp/empty-cache` to use a".to_string(),
                            "temporary cache instead of nuking the actual one.".to_string(),
                            String::new(),
                            "If you're sure you want to delete the entire cache, rerun this command".to_string(),
                            "with --force.".to_string(),
                        ],
                    );
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
        _ => Ok(0),
    }
}
