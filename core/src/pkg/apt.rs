//! `apt-get`, `apt` and `dpkg` on Debian and Ubuntu (S-PIT-1, S-PIT-2, S-PIT-4, S-LAYER-3).
//!
//! Base images ship without package lists, so `install` before `update` cannot locate anything.
//! `update` prints the archive's `Get:` lines and writes `/var/lib/apt/lists/*` with a realistic
//! size; `install` resolves the dependency closure from [`super::deb_catalog`], prints apt's real
//! sequence, asks (and aborts) without `-y`, writes the files and `/var/lib/dpkg/status`.

use std::collections::BTreeSet;

use super::deb_catalog::{self, DebPackage};
use super::{FileSpec, apt_size, install_files, parse_files};
use crate::fs::Content;
use crate::sh::cmds::servers::python_version;
use crate::sh::machine::{Ctrl, Machine};
use crate::sh::programs::Proc;

/// The package index files one release's `apt-get update` fetches: host, dist path, shown label and
/// fetched size in bytes.
struct Index {
    host: &'static str,
    label: String,
    size: u64,
}

fn indexes(codename: &str, debian: bool) -> (Vec<Index>, u64, u64) {
    let mk = |host: &'static str, label: String, size: u64| Index { host, label, size };
    if debian {
        let archive = "http://deb.debian.org/debian";
        let security = "http://deb.debian.org/debian-security";
        let list = vec![
            mk(archive, format!("{codename} InRelease"), 151_000),
            mk(archive, format!("{codename}-updates InRelease"), 55_400),
            mk(security, format!("{codename}-security InRelease"), 48_000),
            mk(archive, format!("{codename}/main amd64 Packages"), 8_792_000),
            mk(archive, format!("{codename}-updates/main amd64 Packages"), 13_500),
            mk(security, format!("{codename}-security/main amd64 Packages"), 243_000),
        ];
        return (list, 1_150, 9_600_000 * 5);
    }
    let archive = "http://archive.ubuntu.com/ubuntu";
    let security = "http://security.ubuntu.com/ubuntu";
    let scale = match codename {
        "focal" => 0.78,
        "noble" => 0.62,
        _ => 1.0,
    };
    let sized = |kb: f64| (kb * 1000.0 * scale) as u64;
    let mut list = vec![
        mk(archive, format!("{codename} InRelease"), 270_000),
        mk(security, format!("{codename}-security InRelease"), 129_000),
        mk(archive, format!("{codename}-updates InRelease"), 128_000),
        mk(archive, format!("{codename}-backports InRelease"), 127_000),
    ];
    for (host, suite, component, kb) in [
        (archive, "", "multiverse", 266.0),
        (archive, "", "universe", 17_500.0),
        (archive, "", "main", 1_792.0),
        (archive, "", "restricted", 164.0),
        (security, "-security", "main", 2_424.0),
        (security, "-security", "restricted", 3_275.0),
        (security, "-security", "universe", 1_164.0),
        (security, "-security", "multiverse", 44.7),
        (archive, "-updates", "main", 2_700.0),
        (archive, "-updates", "restricted", 3_353.0),
        (archive, "-updates", "universe", 1_452.0),
        (archive, "-updates", "multiverse", 51.8),
        (archive, "-backports", "universe", 33.7),
        (archive, "-backports", "main", 81.4),
    ] {
        list.push(mk(host, format!("{codename}{suite}/{component} amd64 Packages"), sized(kb)));
    }
    // Top up the big universe index so the total matches what the real archive serves.
    let fetched: u64 = list.iter().map(|i| i.size).sum();
    let target = (44_100_000.0 * scale) as u64;
    if target > fetched
        && let Some(universe) =
            list.iter_mut().find(|i| i.label.ends_with("/universe amd64 Packages") && !i.label.contains('-'))
    {
        universe.size += target - fetched;
    }
    (list, (5_062.0 * scale) as u64, (44_800_000.0 * scale) as u64)
}

fn lists_dir_has_index(m: &Machine) -> bool {
    m.fs.read_dir("/var/lib/apt/lists")
        .map(|entries| entries.iter().any(|(name, _)| name.ends_with("_Packages")))
        .unwrap_or(false)
}

/// The names of installed packages, from `/var/lib/dpkg/status`.
pub(crate) fn installed(m: &Machine) -> BTreeSet<String> {
    let status = m.read_text("/var/lib/dpkg/status").unwrap_or_default();
    status
        .split("\n\n")
        .filter(|stanza| stanza.contains("Status: install ok installed"))
        .filter_map(|stanza| stanza.lines().find_map(|l| l.strip_prefix("Package: ")).map(str::to_string))
        .collect()
}

/// One of apt's progress lines: on a terminal apt finishes it with ` Done` once the step is over;
/// in a build or a pipe the line stays as it started.
fn progress(m: &mut Machine, p: &Proc, text: &str) {
    if m.tty && matches!(p.io.out, crate::sh::machine::Sink::Term(_)) {
        p.out(m, &format!("{text} Done"));
    } else {
        p.out(m, text);
    }
}

fn wrap_list(m: &mut Machine, p: &Proc, names: &[String]) {
    let mut line = String::from(" ");
    for name in names {
        if line.len() + name.len() + 1 > 79 && line.len() > 1 {
            p.out(m, &line);
            line = String::from(" ");
        }
        line.push(' ');
        line.push_str(name);
    }
    if line.len() > 1 {
        p.out(m, &line);
    }
}

fn update(m: &mut Machine, p: &Proc, debian: bool) -> i32 {
    let codename = m.distro.codename.clone();
    let (list, secs_ms, lists_total) = indexes(&codename, debian);
    if !m.network {
        let mut hosts = BTreeSet::new();
        for (idx, index) in list.iter().filter(|i| i.label.ends_with("InRelease")).enumerate() {
            p.out(m, &format!("Ign:{} {} {}", idx + 1, index.host, index.label));
        }
        m.advance(10_000);
        for (idx, index) in list.iter().filter(|i| i.label.ends_with("InRelease")).enumerate() {
            let host = index.host.trim_start_matches("http://").split('/').next().unwrap_or("").to_string();
            p.out(m, &format!("Err:{} {} {}", idx + 1, index.host, index.label));
            p.out(m, &format!("  Temporary failure resolving '{host}'"));
            hosts.insert(host);
        }
        progress(m, p, "Reading package lists...");
        for index in list.iter().filter(|i| i.label.ends_with("InRelease")) {
            let host = index.host.trim_start_matches("http://").split('/').next().unwrap_or("");
            let suite = index.label.trim_end_matches(" InRelease");
            p.err(
                m,
                &format!(
                    "W: Failed to fetch {}/dists/{suite}/InRelease  Temporary failure resolving '{host}'",
                    index.host
                ),
            );
        }
        p.err(m, "W: Some index files failed to download. They have been ignored, or old ones used instead.");
        return 0;
    }
    let mut fetched = 0;
    for (idx, index) in list.iter().enumerate() {
        m.advance(secs_ms / list.len() as u64);
        fetched += index.size;
        p.out(m, &format!("Get:{} {} {} [{}]", idx + 1, index.host, index.label, apt_size(index.size)));
    }
    let secs = (secs_ms as f64 / 1000.0).max(0.001);
    p.out(
        m,
        &format!(
            "Fetched {} in {}s ({}B/s)",
            apt_size(fetched),
            secs.round().max(1.0) as u64,
            apt_size((fetched as f64 / secs) as u64).replace("B", "")
        ),
    );
    progress(m, p, "Reading package lists...");
    m.advance(700);
    let _ = m.fs.mkdir_all("/var/lib/apt/lists/partial", 0o700, 0, 0);
    let _ = m.fs.write_file("/var/lib/apt/lists/lock", Content::text(""), 0o640, 0, 0);
    for index in &list {
        let suite_path = index.label.replace([' ', '/'], "_");
        let host = index.host.trim_start_matches("http://").replace('/', "_");
        let (dist, rest) = suite_path.split_once('_').unwrap_or((&suite_path, ""));
        let name = if rest == "InRelease" {
            format!("{host}_dists_{dist}_InRelease")
        } else {
            let comp = rest.split('_').next().unwrap_or("main");
            format!("{host}_dists_{dist}_{comp}_binary-amd64_Packages")
        };
        let size = (index.size as f64 * lists_total as f64 / fetched.max(1) as f64) as u64;
        let _ = m.fs.write_file(&format!("/var/lib/apt/lists/{name}"), Content::synthetic(size, &name), 0o644, 0, 0);
    }
    // `apt` (not `apt-get`) goes on to compute what could be upgraded; a fresh image is current.
    if crate::fs::basename(&p.argv[0]) == "apt" {
        progress(m, p, "Building dependency tree...");
        progress(m, p, "Reading state information...");
        p.out(m, "All packages are up to date.");
    }
    0
}

fn resolve_name(name: &str) -> String {
    name.split('=').next().unwrap_or(name).trim_end_matches(":amd64").to_string()
}

fn no_candidate(m: &mut Machine, p: &Proc, name: &str, replacements: &str) {
    p.out(m, &format!("Package {name} is not available, but is referred to by another package."));
    p.out(m, "This may mean that the package is missing, has been obsoleted, or");
    p.out(m, "is only available from another source");
    if !replacements.is_empty() {
        p.out(m, "However the following packages replace it:");
        p.out(m, &format!("  {replacements}"));
    }
    p.out(m, "");
    p.err(m, &format!("E: Package '{name}' has no installation candidate"));
}

/// Runs `apt-get` or `apt`.
pub(crate) fn run(m: &mut Machine, p: &mut Proc) -> Result<i32, Ctrl> {
    let args = p.args().to_vec();
    let is_apt = p.argv[0].ends_with("apt");
    let mut yes = false;
    let mut recommends = true;
    let mut quiet = 0;
    let mut positional = Vec::new();
    for arg in &args {
        match arg.as_str() {
            "-y" | "--yes" | "--assume-yes" | "-yq" | "-qy" | "-yqq" | "-qqy" => {
                yes = true;
                quiet += arg.matches('q').count();
            }
            "--no-install-recommends" => recommends = false,
            "-q" => quiet += 1,
            "-qq" => quiet += 2,
            other if other.starts_with('-') => {}
            other => positional.push(other.to_string()),
        }
    }
    let debian = m.distro.id == "debian";
    // apt warns scripts only: not when a person reads its output on a terminal.
    if is_apt && !(m.tty && matches!(p.io.out, crate::sh::machine::Sink::Term(_))) {
        p.err(m, "");
        p.err(m, "WARNING: apt does not have a stable CLI interface. Use with caution in scripts.");
        p.err(m, "");
    }
    let Some(command) = positional.first().cloned() else {
        p.out(m, "apt 2.4.13 (amd64)");
        p.out(m, "Usage: apt-get [options] command");
        return Ok(1);
    };
    if m.uid != 0 && matches!(command.as_str(), "update" | "install" | "remove" | "purge" | "upgrade") {
        p.err(m, "E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)");
        p.err(m, "E: Unable to lock directory /var/lib/apt/lists/");
        return Ok(100);
    }
    let quiet_out = quiet >= 2;
    let status = match command.as_str() {
        "update" => {
            if quiet_out {
                let buf = m.new_buf();
                let saved = p.io.out;
                p.io.out = crate::sh::machine::Sink::Buf(buf);
                let status = update(m, p, debian);
                p.io.out = saved;
                m.take_buf(buf);
                status
            } else {
                update(m, p, debian)
            }
        }
        "install" => install(m, p, &positional[1..], yes, recommends, quiet_out)?,
        "clean" | "autoclean" => {
            if let Ok(entries) = m.fs.read_dir("/var/cache/apt/archives") {
                for (name, _) in entries {
                    if name.ends_with(".deb") {
                        let _ = m.fs.remove(&format!("/var/cache/apt/archives/{name}"));
                    }
                }
            }
            0
        }
        "upgrade" | "dist-upgrade" | "full-upgrade" | "autoremove" => {
            progress(m, p, "Reading package lists...");
            progress(m, p, "Building dependency tree...");
            progress(m, p, "Reading state information...");
            if command.ends_with("upgrade") {
                p.out(m, "Calculating upgrade...");
            }
            p.out(m, "0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.");
            0
        }
        "remove" | "purge" => {
            progress(m, p, "Reading package lists...");
            progress(m, p, "Building dependency tree...");
            progress(m, p, "Reading state information...");
            let have = installed(m);
            let targets: Vec<String> =
                positional[1..].iter().map(|n| resolve_name(n)).filter(|n| have.contains(n)).collect();
            p.out(m, "The following packages will be REMOVED:");
            wrap_list(m, p, &targets);
            p.out(m, &format!("0 upgraded, 0 newly installed, {} to remove and 0 not upgraded.", targets.len()));
            let (minor, _) = python_version(m);
            for name in &targets {
                if let Some(pkg) = deb_catalog::find(name, &minor) {
                    for file in parse_files(pkg.files, &minor) {
                        if let FileSpec::Binary(path) | FileSpec::Symlink(path, _) | FileSpec::Script(path, _) = file {
                            let _ = m.fs.remove(&path);
                        }
                    }
                    p.out(m, &format!("Removing {name} ({}) ...", pkg.version(&m.distro.codename)));
                }
            }
            0
        }
        other => {
            p.err(m, &format!("E: Invalid operation {other}"));
            100
        }
    };
    Ok(status)
}

fn install(m: &mut Machine, p: &Proc, names: &[String], yes: bool, recommends: bool, quiet: bool) -> Result<i32, Ctrl> {
    progress(m, p, "Reading package lists...");
    m.advance(300);
    progress(m, p, "Building dependency tree...");
    progress(m, p, "Reading state information...");
    let codename = m.distro.codename.clone();
    let (minor, _) = python_version(m);
    let have_lists = lists_dir_has_index(m);
    let have = installed(m);
    let mut errors = false;
    let mut requested: Vec<&'static DebPackage> = Vec::new();
    let mut already = Vec::new();
    for raw in names {
        let name = resolve_name(raw);
        if have_lists {
            let replacements = match (name.as_str(), m.distro.id.as_str()) {
                ("python", "debian") => Some("python-is-python3 2to3"),
                ("python", _) => Some("2to3 python2-minimal python2 dh-python python-is-python3"),
                ("python-pip", _) => Some("python3-pip"),
                ("python-dev", _) => Some("python2-dev python-dev-is-python3 python3-dev"),
                _ => None,
            };
            if let Some(replacements) = replacements {
                no_candidate(m, p, &name, replacements);
                errors = true;
                continue;
            }
        }
        match deb_catalog::find(&name, &minor).filter(|pkg| have_lists && pkg.version(&codename) != "-") {
            Some(pkg) if have.contains(&name) => already.push(pkg),
            Some(pkg) => requested.push(pkg),
            None => {
                p.err(m, &format!("E: Unable to locate package {name}"));
                errors = true;
            }
        }
    }
    if errors {
        return Ok(100);
    }
    for pkg in &already {
        p.out(m, &format!("{} is already the newest version ({}).", pkg.name, pkg.version(&codename)));
    }
    // Dependencies first (post-order), then the requested packages.
    let mut order: Vec<&'static DebPackage> = Vec::new();
    let mut seen: BTreeSet<String> = have.clone();
    let mut skipped_recommends = BTreeSet::new();
    fn visit(
        pkg: &'static DebPackage,
        minor: &str,
        recommends: bool,
        seen: &mut BTreeSet<String>,
        order: &mut Vec<&'static DebPackage>,
        skipped: &mut BTreeSet<String>,
        depth: u32,
    ) {
        let name = pkg.name.replace("{py}", minor);
        if depth > 30 || !seen.insert(name) {
            return;
        }
        for dep in pkg.depends.split_whitespace() {
            if let Some(dep) = deb_catalog::find(&dep.replace("{py}", minor), minor) {
                visit(dep, minor, recommends, seen, order, skipped, depth + 1);
            }
        }
        for rec in pkg.recommends.split_whitespace() {
            if recommends {
                if let Some(dep) = deb_catalog::find(&rec.replace("{py}", minor), minor) {
                    visit(dep, minor, recommends, seen, order, skipped, depth + 1);
                }
            } else {
                skipped.insert(rec.to_string());
            }
        }
        order.push(pkg);
    }
    for pkg in &requested {
        visit(pkg, &minor, recommends, &mut seen, &mut order, &mut skipped_recommends, 0);
    }
    let requested_names: BTreeSet<String> = requested.iter().map(|pkg| pkg.name.replace("{py}", &minor)).collect();
    let mut all: Vec<String> = order.iter().map(|pkg| pkg.name.replace("{py}", &minor)).collect();
    all.sort();
    let additional: Vec<String> = all.iter().filter(|n| !requested_names.contains(*n)).cloned().collect();
    if order.is_empty() {
        p.out(m, "0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.");
        return Ok(0);
    }
    if !additional.is_empty() {
        p.out(m, "The following additional packages will be installed:");
        wrap_list(m, p, &additional);
    }
    let skipped: Vec<String> = skipped_recommends.into_iter().filter(|n| !have.contains(n)).collect();
    if !skipped.is_empty() {
        p.out(m, "Recommended packages:");
        wrap_list(m, p, &skipped);
    }
    p.out(m, "The following NEW packages will be installed:");
    wrap_list(m, p, &all);
    let download: u64 = order.iter().map(|pkg| pkg.download_kb * 1000).sum();
    let installed_bytes: u64 = order.iter().map(|pkg| pkg.installed_kb * 1000).sum();
    p.out(m, &format!("0 upgraded, {} newly installed, 0 to remove and 0 not upgraded.", order.len()));
    p.out(m, &format!("Need to get {} of archives.", apt_size(download)));
    p.out(m, &format!("After this operation, {} of additional disk space will be used.", apt_size(installed_bytes)));
    if !yes && !additional.is_empty() {
        // S-PIT-1: no terminal, so apt answers its own question and gives up.
        p.out(m, "Do you want to continue? [Y/n] Abort.");
        return Ok(1);
    }
    if !m.network {
        if let Some(pkg) = order.first() {
            let name = pkg.name.replace("{py}", &minor);
            p.out(m, &format!("Err:1 {} {} {} amd64 {}", mirror(m), codename, name, pkg.version(&codename)));
            p.out(
                m,
                &format!(
                    "  Temporary failure resolving '{}'",
                    mirror(m).trim_start_matches("http://").split('/').next().unwrap_or("")
                ),
            );
        }
        p.err(m, "E: Unable to fetch some archives, maybe run apt-get update or try with --fix-missing?");
        return Ok(100);
    }
    let _ = quiet;
    let debian = m.distro.id == "debian";
    for (idx, pkg) in order.iter().enumerate() {
        let name = pkg.name.replace("{py}", &minor);
        let version = pkg.version(&codename);
        let suite =
            if !debian && (version.contains("ubuntu0") || version.contains("~22.04") || version.contains("~20.04")) {
                format!("{codename}-updates")
            } else {
                codename.clone()
            };
        m.advance(pkg.download_kb / 8 + 20);
        p.out(
            m,
            &format!(
                "Get:{} {} {suite}/{} amd64 {name} amd64 {version} [{}]",
                idx + 1,
                mirror(m),
                pkg.component,
                apt_size(pkg.download_kb * 1000)
            ),
        );
    }
    if p.var("DEBIAN_FRONTEND") != Some("noninteractive") {
        p.err(m, "debconf: delaying package configuration, since apt-utils is not installed");
    }
    let secs = ((download / 8_000_000).max(1)) as f64;
    p.out(
        m,
        &format!(
            "Fetched {} in {}s ({}B/s)",
            apt_size(download),
            secs as u64,
            apt_size((download as f64 / secs) as u64).replace("B", "")
        ),
    );
    let numbered = order.len() > 1;
    let mut database = 4389 + have.len() * 3;
    for (idx, pkg) in order.iter().enumerate() {
        m.tick()?;
        let name = pkg.name.replace("{py}", &minor);
        let version = pkg.version(&codename);
        let shown = if name.starts_with("lib") { format!("{name}:amd64") } else { name.clone() };
        p.out(m, &format!("Selecting previously unselected package {shown}."));
        if idx == 0 {
            p.out(m, &format!("(Reading database ... {database} files and directories currently installed.)"));
        }
        let file = format!("{name}_{}_amd64.deb", version.replace(':', "%3a"));
        let file = if numbered { format!("{idx:02}-{file}") } else { file };
        p.out(m, &format!("Preparing to unpack .../{file} ..."));
        if name == "chromium-browser" && m.distro.id == "ubuntu" && codename != "focal" {
            p.out(m, "=> Installing the chromium snap");
            p.out(m, "==> Checking connectivity with the snap store");
            p.out(m, "===> System doesn't have a working snapd, skipping");
        }
        p.out(m, &format!("Unpacking {shown} ({version}) ..."));
        m.advance(pkg.installed_kb / 50 + 30);
        database += 5 + (pkg.installed_kb / 400) as usize;
    }
    let needs_tz = order.iter().any(|pkg| pkg.name == "tzdata") && p.var("DEBIAN_FRONTEND") != Some("noninteractive");
    let interpreter = format!("/usr/bin/python{minor}");
    for pkg in &order {
        let name = pkg.name.replace("{py}", &minor);
        let version = pkg.version(&codename);
        if name == "tzdata" && needs_tz {
            // The famous hang: debconf asks for a time zone and nothing ever answers.
            p.out(m, "Setting up tzdata (2024a-0ubuntu0.22.04.1) ...");
            p.out(m, "Configuring tzdata");
            p.out(m, "------------------");
            p.out(m, "");
            p.out(m, "Please select the geographic area in which you live. Subsequent configuration");
            p.out(m, "questions will narrow this down by presenting a list of cities, representing");
            p.out(m, "the time zones in which they are located.");
            p.out(m, "");
            p.out(m, "  1. Africa   3. Antarctica  5. Arctic  7. Atlantic  9. Indian    11. US");
            p.out(m, "  2. America  4. Australia   6. Asia    8. Europe    10. Pacific  12. Etc");
            m.write(p.io.out, "Geographic area: ");
            return Err(Ctrl::Hung);
        }
        let shown = if name.starts_with("lib") { format!("{name}:amd64") } else { name.clone() };
        let files = parse_files(pkg.files, &minor);
        let payload = if name.starts_with("lib") {
            format!("/usr/lib/x86_64-linux-gnu/{name}.so")
        } else if files.iter().any(|f| matches!(f, FileSpec::Dir(d) if d.contains("dist-packages"))) {
            let dir = files.iter().find_map(|f| match f {
                FileSpec::Dir(d) if d.contains("dist-packages") => Some(d.clone()),
                _ => None,
            });
            format!("{}/__init__.py", dir.unwrap_or_default())
        } else {
            format!("/usr/share/{name}/{name}.dat")
        };
        install_files(m.fs, &name, &files, pkg.installed_kb * 1024, &payload, &interpreter);
        if name == "chromium-browser" && m.distro.id == "ubuntu" && codename != "focal" {
            // Since 19.10 the deb is a transitional package for the snap, and snapd cannot run in
            // a container: the preinst skips the snap and leaves a wrapper that only complains.
            let wrapper = "#!/bin/sh\necho \"Command '/usr/bin/chromium-browser' requires the chromium snap to be installed.\" >&2\necho \"Please install it with:\" >&2\necho \"\" >&2\necho \"snap install chromium\" >&2\nexit 1\n";
            let _ = m.fs.write_file("/usr/bin/chromium-browser", Content::text(wrapper), 0o755, 0, 0);
        }
        if name == format!("libpython{minor}-stdlib") && matches!(codename.as_str(), "noble" | "bookworm") {
            let marker = super::pip::externally_managed_debian(&minor);
            let _ = m.fs.mkdir_all(&format!("/usr/lib/python{minor}"), 0o755, 0, 0);
            let _ = m.fs.write_file(
                &format!("/usr/lib/python{minor}/EXTERNALLY-MANAGED"),
                Content::text(&marker),
                0o644,
                0,
                0,
            );
        }
        p.out(m, &format!("Setting up {shown} ({version}) ..."));
        if name == "python3" {
            p.out(m, &format!("running python rtupdate hooks for python{minor}..."));
            p.out(m, &format!("running python post-rtupdate hooks for python{minor}..."));
        }
        if name == "ca-certificates" {
            p.out(m, "Updating certificates in /etc/ssl/certs...");
            p.out(m, "146 added, 0 removed; done.");
        }
        append_status(m, &name, version, pkg.installed_kb);
    }
    if order.iter().any(|pkg| pkg.name.starts_with("lib")) {
        let libc = match codename.as_str() {
            "focal" => "2.31-0ubuntu9.16",
            "noble" => "2.39-0ubuntu8.3",
            "bookworm" => "2.36-9+deb12u9",
            _ => "2.35-0ubuntu3.8",
        };
        p.out(m, &format!("Processing triggers for libc-bin ({libc}) ..."));
    }
    if order.iter().any(|pkg| pkg.name == "ca-certificates") {
        p.out(m, "Processing triggers for ca-certificates (20240203~22.04.1) ...");
        p.out(m, "Updating certificates in /etc/ssl/certs...");
        p.out(m, "0 added, 0 removed; done.");
        p.out(m, "Running hooks in /etc/ca-certificates/update.d...");
        p.out(m, "done.");
    }
    Ok(0)
}

fn mirror(m: &Machine) -> &'static str {
    if m.distro.id == "debian" { "http://deb.debian.org/debian" } else { "http://archive.ubuntu.com/ubuntu" }
}

fn append_status(m: &mut Machine, name: &str, version: &str, installed_kb: u64) {
    let status = m.read_text("/var/lib/dpkg/status").unwrap_or_default();
    let stanza = format!(
        "Package: {name}\nStatus: install ok installed\nPriority: optional\nInstalled-Size: {installed_kb}\nArchitecture: amd64\nVersion: {version}\nDescription: {name}\n\n"
    );
    let _ = m.fs.mkdir_all("/var/lib/dpkg/info", 0o755, 0, 0);
    let _ = m.fs.write_file("/var/lib/dpkg/status", Content::text(&(status + &stanza)), 0o644, 0, 0);
    let _ = m.fs.write_file(
        &format!("/var/lib/dpkg/info/{name}.list"),
        Content::text(&format!("/usr/share/doc/{name}\n")),
        0o644,
        0,
        0,
    );
}

/// `dpkg`: `-l`, `--print-architecture`, `-s NAME`.
pub(crate) fn dpkg(m: &mut Machine, p: &mut Proc) -> Result<i32, Ctrl> {
    let args = p.args().to_vec();
    match args.first().map(String::as_str) {
        Some("--print-architecture") => {
            p.out(m, "amd64");
            Ok(0)
        }
        Some("-l") => {
            p.out(m, "Desired=Unknown/Install/Remove/Purge/Hold");
            p.out(m, "| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend");
            p.out(m, "|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)");
            p.out(m, "||/ Name           Version      Architecture Description");
            p.out(m, "+++-==============-============-============-=================================");
            for name in installed(m) {
                p.out(m, &format!("ii  {name:<14} -            amd64        {name}"));
            }
            Ok(0)
        }
        Some("-s" | "--status") => {
            let name = args.get(1).cloned().unwrap_or_default();
            if installed(m).contains(&name) {
                p.out(m, &format!("Package: {name}"));
                p.out(m, "Status: install ok installed");
                Ok(0)
            } else {
                p.err(m, &format!("dpkg-query: package '{name}' is not installed and no information is available"));
                Ok(1)
            }
        }
        _ => Ok(0),
    }
}
