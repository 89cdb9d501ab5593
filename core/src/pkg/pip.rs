//! `pip` and `pip3` (and `python3 -m pip`): install from the simulated index into the right
//! site-packages, with PEP 668 enforcement where the distribution ships `EXTERNALLY-MANAGED`
//! (S-PIT-3).
//!
//! The interpreter decides the target: a virtual environment (from `VIRTUAL_ENV`, the invoked path
//! or the first `PATH` entry with a `pyvenv.cfg`), the image's `/usr/local` Python, or the system
//! Python (`/usr/local/lib/python3.X/dist-packages` on Debian, `/usr/lib/python3.X/site-packages`
//! on Alpine).

use std::collections::BTreeSet;

use super::pip_catalog::{self, PyPackage};
use crate::fs::{Content, split_parent};
use crate::sh::cmds::servers::python_version;
use crate::sh::machine::{Ctrl, Machine};
use crate::sh::programs::Proc;

/// Where pip installs: site-packages, scripts directory, interpreter, and whether it is a venv.
struct Target {
    site: String,
    bin: String,
    interpreter: String,
    venv: bool,
    system: bool,
}

fn venv_root(m: &Machine, p: &Proc) -> Option<String> {
    if let Some(root) = p.var("VIRTUAL_ENV").filter(|r| m.fs.exists(&format!("{r}/pyvenv.cfg"))) {
        return Some(root.to_string());
    }
    if p.argv[0].contains('/') {
        let bin = split_parent(&p.path(&p.argv[0])).0.to_string();
        let root = split_parent(&bin).0.to_string();
        if m.fs.exists(&format!("{root}/pyvenv.cfg")) {
            return Some(root);
        }
    }
    let path = p.var("PATH").unwrap_or(crate::sh::DEFAULT_PATH);
    for dir in path.split(':') {
        if m.fs.exists(&format!("{dir}/pip")) || m.fs.exists(&format!("{dir}/python3")) {
            let root = split_parent(dir).0.to_string();
            return m.fs.exists(&format!("{root}/pyvenv.cfg")).then_some(root);
        }
    }
    None
}

fn target(m: &Machine, p: &Proc, minor: &str) -> Target {
    if let Some(root) = venv_root(m, p) {
        return Target {
            site: format!("{root}/lib/python{minor}/site-packages"),
            bin: format!("{root}/bin"),
            interpreter: format!("{root}/bin/python"),
            venv: true,
            system: false,
        };
    }
    if m.fs.exists(&format!("/usr/local/bin/python{minor}")) {
        return Target {
            site: format!("/usr/local/lib/python{minor}/site-packages"),
            bin: "/usr/local/bin".to_string(),
            interpreter: "/usr/local/bin/python3".to_string(),
            venv: false,
            system: false,
        };
    }
    if m.distro.id == "alpine" {
        return Target {
            site: format!("/usr/lib/python{minor}/site-packages"),
            bin: "/usr/bin".to_string(),
            interpreter: "/usr/bin/python3".to_string(),
            venv: false,
            system: true,
        };
    }
    Target {
        site: format!("/usr/local/lib/python{minor}/dist-packages"),
        bin: "/usr/local/bin".to_string(),
        interpreter: "/usr/bin/python3".to_string(),
        venv: false,
        system: true,
    }
}

/// Every directory Python imports third-party modules from, for the import check.
pub(crate) fn site_dirs(m: &Machine, p: &Proc) -> Vec<String> {
    let (minor, _) = python_version(m);
    let mut dirs = Vec::new();
    if let Some(root) = venv_root(m, p) {
        dirs.push(format!("{root}/lib/python{minor}/site-packages"));
    }
    dirs.push(format!("/usr/local/lib/python{minor}/site-packages"));
    dirs.push(format!("/usr/local/lib/python{minor}/dist-packages"));
    dirs.push("/usr/lib/python3/dist-packages".to_string());
    dirs.push(format!("/usr/lib/python{minor}/site-packages"));
    if let Some(home) = p.var("HOME") {
        dirs.push(format!("{home}/.local/lib/python{minor}/site-packages"));
    }
    dirs
}

fn pip_version(m: &Machine, venv: bool) -> &'static str {
    if venv || m.fs.exists("/usr/local/bin/python3") {
        return "24.2";
    }
    match (m.distro.id.as_str(), m.distro.version_id.as_str()) {
        ("ubuntu", "20.04") => "20.0.2",
        ("ubuntu", "22.04") => "22.0.2",
        ("ubuntu", _) => "24.0",
        ("debian", _) => "23.0.1",
        _ => "24.0",
    }
}

/// Runs pip; `as_module` is true for `python3 -m pip`.
pub(crate) fn run(m: &mut Machine, p: &mut Proc, as_module: bool) -> Result<i32, Ctrl> {
    let _ = as_module;
    let args = p.args().to_vec();
    // Nothing pip does before writing a distribution changes which Python the image has.
    let (minor, _) = python_version(m);
    let target = target(m, p, &minor);
    let Some(command) = args.iter().find(|a| !a.starts_with('-')).cloned() else {
        if args.iter().any(|a| a == "--version" || a == "-V") {
            let location = split_parent(&target.site).0.to_string();
            p.out(m, &format!("pip {} from {location}/pip (python {minor})", pip_version(m, target.venv)));
            return Ok(0);
        }
        p.out(m, "");
        p.out(m, "Usage:   ");
        p.out(m, "  pip <command> [options]");
        return Ok(0);
    };
    match command.as_str() {
        "install" => install(m, p, &args, &target, &minor),
        "freeze" | "list" => {
            let mut rows = Vec::new();
            if let Ok(entries) = m.fs.read_dir(&target.site) {
                for (name, _) in entries {
                    if let Some(stem) = name.strip_suffix(".dist-info")
                        && let Some((dist, version)) = stem.rsplit_once('-')
                    {
                        rows.push((dist.to_string(), version.to_string()));
                    }
                }
            }
            if command == "freeze" {
                for (dist, version) in rows {
                    p.out(m, &format!("{dist}=={version}"));
                }
            } else {
                p.out(m, "Package    Version");
                p.out(m, "---------- -------");
                for (dist, version) in rows {
                    p.out(m, &format!("{dist:<10} {version}"));
                }
            }
            Ok(0)
        }
        "uninstall" | "show" | "download" | "wheel" | "cache" | "config" => Ok(0),
        other => {
            p.err(m, &format!("ERROR: unknown command \"{other}\""));
            Ok(1)
        }
    }
}

fn requirement_name(spec: &str) -> (String, Option<String>) {
    let spec = spec.split(';').next().unwrap_or(spec).trim();
    let end = spec.find(['=', '<', '>', '!', '~', '[', ' ']).unwrap_or(spec.len());
    let name = spec[..end].to_string();
    let pinned = spec.split_once("==").map(|(_, v)| v.trim().to_string());
    (name, pinned)
}

fn install(m: &mut Machine, p: &mut Proc, args: &[String], target: &Target, minor: &str) -> Result<i32, Ctrl> {
    let mut requirements: Vec<(String, Option<String>)> = Vec::new();
    let mut break_system = p.var("PIP_BREAK_SYSTEM_PACKAGES").is_some_and(|v| v == "1" || v == "true");
    let mut quiet = false;
    let mut ignore_root = p.var("PIP_ROOT_USER_ACTION") == Some("ignore");
    // pip keeps what it downloads in its HTTP cache (`~/.cache/pip`), which stays in the image's
    // layer unless `--no-cache-dir` (or a cache mount, S-CACHE-9) keeps it out.
    let mut cache = p.var("PIP_CACHE_DIR").map(str::to_string).or_else(|| {
        let home = p.var("HOME").unwrap_or("/root");
        Some(format!("{}/.cache/pip", home.trim_end_matches('/')))
    });
    if p.var("PIP_NO_CACHE_DIR").is_some_and(|v| !matches!(v, "0" | "false" | "no" | "off")) {
        cache = None;
    }
    let mut idx = 0;
    let mut seen_install = false;
    while idx < args.len() {
        let arg = args[idx].as_str();
        match arg {
            "install" if !seen_install => seen_install = true,
            "-r" | "--requirement" => {
                let file = args.get(idx + 1).cloned().unwrap_or_default();
                idx += 1;
                match m.read_text(&p.path(&file)) {
                    Some(text) => {
                        for line in text.lines() {
                            let line = line.split('#').next().unwrap_or("").trim();
                            if !line.is_empty() && !line.starts_with('-') {
                                requirements.push(requirement_name(line));
                            }
                        }
                    }
                    None => {
                        p.err(
                            m,
                            &format!(
                                "ERROR: Could not open requirements file: [Errno 2] No such file or directory: '{file}'"
                            ),
                        );
                        return Ok(1);
                    }
                }
            }
            "--break-system-packages" => break_system = true,
            "-q" | "--quiet" | "-qq" => quiet = true,
            "--root-user-action=ignore" => ignore_root = true,
            "--no-cache-dir" => cache = None,
            "--upgrade" | "-U" | "--user" | "--no-deps" | "--disable-pip-version-check" => {}
            other if other.starts_with("--root-user-action") => ignore_root = true,
            other if other.starts_with('-') => {}
            other => requirements.push(requirement_name(other)),
        }
        idx += 1;
    }
    if requirements.is_empty() {
        p.err(m, "ERROR: You must give at least one requirement to install (see \"pip help install\")");
        return Ok(1);
    }
    let marker = format!("/usr/lib/python{minor}/EXTERNALLY-MANAGED");
    if target.system
        && !break_system
        && let Some(text) = m.read_text(&marker)
    {
        externally_managed(m, p, &text);
        return Ok(1);
    }
    // Normalized once, not once per requirement.
    let installed: Vec<(String, String)> = installed_dists(m, &target.site)
        .into_iter()
        .map(|(name, version)| (pip_catalog::normalize(&name), version))
        .collect();
    // Resolve breadth-first like pip: each requirement, then its dependencies.
    let mut queue: Vec<(String, Option<String>, Option<String>)> =
        requirements.into_iter().map(|(n, v)| (n, v, None)).collect();
    // No entry can be cached when the cache has no `http-v2` directory yet (a first install).
    let cache_present = cache.as_deref().is_some_and(|dir| m.fs.exists(&format!("{dir}/http-v2")));
    let mut cache_handle: Option<crate::fs::DirHandle> = None;
    let mut chosen: Vec<(&'static PyPackage, String)> = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut steps = 0;
    while let Some((name, pinned, parent)) = (!queue.is_empty()).then(|| queue.remove(0)) {
        steps += 1;
        if steps > 500 {
            break;
        }
        let key = pip_catalog::normalize(&name);
        if !seen.insert(key.clone()) {
            continue;
        }
        if let Some(version) = installed.iter().find(|(n, _)| *n == key).map(|(_, v)| v.clone()) {
            if !quiet {
                let from = parent.as_ref().map(|p| format!(" (from {p})")).unwrap_or_default();
                p.out(m, &format!("Requirement already satisfied: {name} in {} ({version}){from}", target.site));
            }
            continue;
        }
        let from = parent.as_ref().map(|p| format!(" (from {p})")).unwrap_or_default();
        if !quiet {
            let shown = match (&pinned, &parent) {
                (Some(v), _) => format!("{name}=={v}"),
                (None, Some(_)) => format!("{name}>={}", pip_catalog::find(&name).map(|p| p.version).unwrap_or("0")),
                _ => name.clone(),
            };
            p.out(m, &format!("Collecting {shown}{from}"));
        }
        if !m.network {
            for total in (0..5).rev() {
                m.advance(if total == 4 { 1000 } else { 2000 });
                p.out(m, &format!("WARNING: Retrying (Retry(total={total}, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object at 0x7f1c3b2d9e10>: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution')': /simple/{key}/"));
            }
            p.err(
                m,
                &format!("ERROR: Could not find a version that satisfies the requirement {name} (from versions: none)"),
            );
            p.err(m, &format!("ERROR: No matching distribution found for {name}"));
            return Ok(1);
        }
        let Some(pkg) = pip_catalog::find(&name) else {
            m.advance(600);
            p.err(
                m,
                &format!("ERROR: Could not find a version that satisfies the requirement {name} (from versions: none)"),
            );
            p.err(m, &format!("ERROR: No matching distribution found for {name}"));
            return Ok(1);
        };
        let version = pinned.unwrap_or_else(|| pkg.version.to_string());
        let tag = if pkg.tag.starts_with("cp312") {
            pkg.tag.replace("cp312", &format!("cp{}", minor.replace('.', "")))
        } else {
            pkg.tag.to_string()
        };
        let wheel = format!("{}-{version}-{tag}.whl", pkg.name.to_lowercase().replace('-', "_"));
        let cached = cache.as_deref().map(|dir| cache_entry(dir, &wheel));
        if cache_present && cached.as_ref().is_some_and(|(path, _)| m.fs.exists(path)) {
            m.advance(20);
            if !quiet {
                p.out(m, &format!("  Using cached {wheel} ({})", pip_size(pkg.wheel_kb)));
            }
        } else {
            m.advance(pkg.wheel_kb / 5 + 80);
            if !quiet {
                p.out(m, &format!("  Downloading {wheel} ({})", pip_size(pkg.wheel_kb)));
            }
            if let (Some((_, parts)), Some(dir)) = (cached, cache.as_deref()) {
                let body = Content::synthetic(pkg.wheel_kb * 1000, &format!("pip-cache:{wheel}"));
                write_cache_entry(m, &mut cache_handle, dir, &parts, body);
            }
        }
        for dep in pkg.depends.split_whitespace() {
            queue.push((
                pip_catalog::find(dep).map(|d| d.name.to_string()).unwrap_or_else(|| dep.to_string()),
                None,
                Some(pkg.name.to_lowercase()),
            ));
        }
        chosen.push((pkg, version));
    }
    if chosen.is_empty() {
        return Ok(0);
    }
    // Dependencies are installed before their dependents.
    let install_order: Vec<(&'static PyPackage, String)> = chosen.iter().rev().cloned().collect();
    if !quiet {
        let names: Vec<&str> = install_order.iter().map(|(pkg, _)| pkg.name).collect();
        p.out(m, &format!("Installing collected packages: {}", names.join(", ")));
    }
    for (pkg, version) in &install_order {
        m.tick()?;
        m.advance(pkg.installed_kb / 20 + 40);
        write_dist(m, pkg, version, target);
    }
    let mut done: Vec<String> = install_order.iter().map(|(pkg, version)| format!("{}-{version}", pkg.name)).collect();
    done.sort();
    if !quiet {
        p.out(m, &format!("Successfully installed {}", done.join(" ")));
    }
    if m.uid == 0 && !target.venv && !ignore_root {
        p.err(m, "WARNING: Running pip as the 'root' user can result in broken permissions and conflicting behaviour with the system package manager. It is recommended to use a virtual environment instead: https://pip.pypa.io/warnings/venv");
    }
    Ok(0)
}

/// Where pip's HTTP cache keeps a downloaded wheel: `http-v2/a/b/c/d/e/<sha224 of the URL>`,
/// here derived from the wheel's name so that the same wheel finds the same entry. Returns the path
/// and its components below `http-v2`.
fn cache_entry(dir: &str, wheel: &str) -> (String, [String; 6]) {
    let hex = crate::digest::Digest::of(format!("https://files.pythonhosted.org/packages/{wheel}").as_bytes()).hex();
    let hex = &hex[..56];
    let b = hex.as_bytes();
    let parts = [0, 1, 2, 3, 4].map(|i| (b[i] as char).to_string());
    let path = format!("{dir}/http-v2/{}/{}/{}/{}/{}/{hex}", parts[0], parts[1], parts[2], parts[3], parts[4]);
    let [a, b, c, d, e] = parts;
    (path, [a, b, c, d, e, hex.to_string()])
}

/// Writes one cache entry below `dir/http-v2`, opened once per install (`handle`) and walked down
/// one directory at a time, instead of resolving the six-level path from the root for each wheel.
fn write_cache_entry(
    m: &mut Machine,
    handle: &mut Option<crate::fs::DirHandle>,
    dir: &str,
    parts: &[String; 6],
    body: Content,
) {
    let (uid, gid) = (m.uid, m.gid);
    if handle.is_none() {
        *handle = m.fs.open_dir(&format!("{dir}/http-v2"), 0o755, uid, gid).ok();
    }
    let Some(root) = handle.as_ref() else { return };
    let mut at = root.clone();
    for part in &parts[..5] {
        match m.fs.mkdir_in(&at, part, 0o755, uid, gid) {
            Ok(next) => at = next,
            Err(_) => return,
        }
    }
    let _ = m.fs.write_in(&at, &parts[5], body, 0o600, uid, gid);
}

fn pip_size(kb: u64) -> String {
    if kb >= 1000 { format!("{:.1} MB", kb as f64 / 1000.0) } else { format!("{kb} kB") }
}

fn installed_dists(m: &Machine, site: &str) -> Vec<(String, String)> {
    m.fs.read_dir(site)
        .map(|entries| {
            entries
                .into_iter()
                .filter_map(|(name, _)| {
                    let stem = name.strip_suffix(".dist-info")?;
                    let (dist, version) = stem.rsplit_once('-')?;
                    Some((dist.to_string(), version.to_string()))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn write_dist(m: &mut Machine, pkg: &PyPackage, version: &str, target: &Target) {
    let (uid, gid) = (m.uid, m.gid);
    // Site-packages is resolved once for the distribution's directories, and each of those once for
    // its files; a failure takes the path-by-path way, which fails the same way.
    let module = Content::synthetic(pkg.installed_kb * 1024, &format!("pypi:{}:{version}", pkg.name));
    let info_name = format!("{}-{version}.dist-info", pkg.name.replace('-', "_"));
    let metadata = Content::text(&format!("Metadata-Version: 2.1\nName: {}\nVersion: {version}\n", pkg.name));
    match m.fs.open_dir(&target.site, 0o755, uid, gid) {
        Ok(site) => {
            if let Ok(dir) = m.fs.mkdir_in(&site, pkg.module, 0o755, uid, gid) {
                let _ = m.fs.write_in(&dir, "__init__.py", module, 0o644, uid, gid);
            } else {
                let _ =
                    m.fs.write_file(&format!("{}/{}/__init__.py", target.site, pkg.module), module, 0o644, uid, gid);
            }
            if let Ok(dir) = m.fs.mkdir_in(&site, &info_name, 0o755, uid, gid) {
                let _ = m.fs.write_in(&dir, "METADATA", metadata, 0o644, uid, gid);
                let _ = m.fs.write_in(&dir, "INSTALLER", Content::text("pip\n"), 0o644, uid, gid);
            } else {
                let info = format!("{}/{info_name}", target.site);
                let _ = m.fs.write_file(&format!("{info}/METADATA"), metadata, 0o644, uid, gid);
                let _ = m.fs.write_file(&format!("{info}/INSTALLER"), Content::text("pip\n"), 0o644, uid, gid);
            }
        }
        Err(_) => {
            let module_dir = format!("{}/{}", target.site, pkg.module);
            let _ = m.fs.mkdir_all(&module_dir, 0o755, uid, gid);
            let _ = m.fs.write_file(&format!("{module_dir}/__init__.py"), module, 0o644, uid, gid);
            let info = format!("{}/{info_name}", target.site);
            let _ = m.fs.mkdir_all(&info, 0o755, uid, gid);
            let _ = m.fs.write_file(&format!("{info}/METADATA"), metadata, 0o644, uid, gid);
            let _ = m.fs.write_file(&format!("{info}/INSTALLER"), Content::text("pip\n"), 0o644, uid, gid);
        }
    }
    for script in pkg.scripts.split_whitespace() {
        let _ = m.fs.mkdir_all(&target.bin, 0o755, 0, 0);
        let program = if script.starts_with("pip") { "pip" } else { script };
        let text = super::console_script(&target.interpreter, program);
        let _ = m.fs.write_file(&format!("{}/{script}", target.bin), Content::text(&text), 0o755, uid, gid);
    }
}

/// Prints pip's PEP 668 error from the `EXTERNALLY-MANAGED` file's `Error=` text.
fn externally_managed(m: &mut Machine, p: &Proc, marker: &str) {
    let body = marker.split_once("Error=").map(|(_, rest)| rest).unwrap_or(marker);
    p.err(m, "error: externally-managed-environment");
    p.err(m, "");
    p.err(m, "× This environment is externally managed");
    for (idx, line) in body.lines().enumerate() {
        let line = line.strip_prefix(' ').unwrap_or(line);
        if idx == 0 {
            p.err(m, &format!("╰─> {line}"));
        } else {
            p.err(m, &format!("    {line}"));
        }
    }
    p.err(m, "");
    p.err(m, "note: If you believe this is a mistake, please contact your Python installation or OS distribution provider. You can override this, at the risk of breaking your Python installation or OS, by passing --break-system-packages.");
    p.err(m, "hint: See PEP 668 for the detailed specification.");
}

/// The `EXTERNALLY-MANAGED` file Debian-family Python packages ship (Ubuntu 23.04+, Debian 12).
pub fn externally_managed_debian(minor: &str) -> String {
    format!(
        "[externally-managed]\nError=To install Python packages system-wide, try apt install\n python3-xyz, where xyz is the package you are trying to\n install.\n \n If you wish to install a non-Debian-packaged Python package,\n create a virtual environment using python3 -m venv path/to/venv.\n Then use path/to/venv/bin/python and path/to/venv/bin/pip. Make\n sure you have python3-full installed.\n \n If you wish to install a non-Debian packaged Python application,\n it may be easiest to use pipx install xyz, which will manage a\n virtual environment for you. Make sure you have pipx installed.\n \n See /usr/share/doc/python{minor}/README.venv for more information.\n"
    )
}

/// The `EXTERNALLY-MANAGED` file Alpine's `python3` ships (3.19 and later).
pub fn externally_managed_alpine() -> String {
    "[externally-managed]\nError=The system-wide python installation should be maintained using the system\n package manager (apk) only.\n \n If the package in question is not packaged already (and hence installable via\n \"apk add py3-somepackage\"), please consider installing it inside a virtual\n environment, e.g.:\n \n python3 -m venv /path/to/venv\n . /path/to/venv/bin/activate\n pip install mypackage\n \n To exit the virtual environment, run:\n \n deactivate\n \n The virtual environment is not deleted, and can be re-entered by re-sourcing\n the activate file.\n \n To automatically manage virtual environments, consider using pipx (from the\n pipx package).\n".to_string()
}
