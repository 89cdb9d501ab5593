//! `apk` on Alpine: `add` (with or without `--no-cache`), `update`, `del` and `info`.
//!
//! Output follows apk-tools 2: `fetch` lines per repository, `(i/n) Installing name (version)`,
//! busybox triggers and the `OK: N MiB in M packages` summary. Unknown names fail with the
//! `unable to select packages` block (exit 1).

use crate::fs::Content;
use crate::sh::machine::{Ctrl, Machine};
use crate::sh::programs::Proc;

/// One Alpine package: name, version, installed size in kB, dependencies and files.
struct ApkPackage {
    name: &'static str,
    version: &'static str,
    size_kb: u64,
    depends: &'static str,
    files: &'static str,
}

const fn a(
    name: &'static str,
    version: &'static str,
    size_kb: u64,
    depends: &'static str,
    files: &'static str,
) -> ApkPackage {
    ApkPackage { name, version, size_kb, depends, files }
}

const PACKAGES: &[ApkPackage] = &[
    a("curl", "8.11.0-r2", 260, "ca-certificates libcurl", "usr/bin/curl"),
    a("libcurl", "8.11.0-r2", 640, "brotli-libs c-ares libidn2 libpsl nghttp2-libs zlib zstd-libs", ""),
    a("ca-certificates", "20240705-r0", 700, "", "etc/ssl/certs/"),
    a("brotli-libs", "1.1.0-r2", 900, "", ""),
    a("c-ares", "1.34.3-r0", 220, "", ""),
    a("libidn2", "2.3.7-r0", 250, "libunistring", ""),
    a("libunistring", "1.2-r0", 1700, "", ""),
    a("libpsl", "0.21.5-r1", 80, "", ""),
    a("nghttp2-libs", "1.62.1-r0", 170, "", ""),
    a("zstd-libs", "1.5.6-r0", 700, "", ""),
    a("wget", "1.24.5-r0", 500, "libidn2 pcre2", "usr/bin/wget"),
    a("pcre2", "10.43-r0", 700, "", ""),
    a("git", "2.45.2-r0", 13_000, "libcurl libexpat pcre2", "usr/bin/git"),
    a("libexpat", "2.6.4-r0", 200, "", ""),
    a("bash", "5.2.26-r0", 1300, "readline", "bin/bash"),
    a("readline", "8.2.10-r0", 300, "ncurses-libs", ""),
    a("ncurses-libs", "6.4_p20240420-r2", 900, "", ""),
    a(
        "python3",
        "3.12.8-r1",
        43_000,
        "libffi gdbm mpdecimal sqlite-libs xz-libs libbz2",
        "usr/bin/python3.12 usr/bin/python3->python3.12 usr/lib/python3.12/",
    ),
    a("py3-pip", "24.0-r2", 12_000, "python3", "usr/bin/pip=pip usr/bin/pip3=pip"),
    a("libffi", "3.4.6-r0", 60, "", ""),
    a("gdbm", "1.24-r0", 200, "", ""),
    a("mpdecimal", "4.0.0-r0", 200, "", ""),
    a("sqlite-libs", "3.45.3-r1", 1500, "", ""),
    a("xz-libs", "5.6.2-r0", 200, "", ""),
    a("libbz2", "1.0.8-r6", 80, "", ""),
    a("nodejs", "20.15.1-r0", 45_000, "icu-libs libuv", "usr/bin/node"),
    a("npm", "10.8.0-r0", 9000, "nodejs", "usr/bin/npm usr/bin/npx"),
    a("icu-libs", "74.2-r0", 37_000, "", ""),
    a("libuv", "1.48.0-r0", 170, "", ""),
    a("nginx", "1.26.2-r0", 1200, "pcre2", "usr/sbin/nginx etc/nginx/"),
    a("build-base", "0.5-r3", 4, "gcc make musl-dev binutils", ""),
    a("gcc", "13.2.1_git20240309-r0", 130_000, "binutils", "usr/bin/gcc"),
    a("make", "4.4.1-r2", 300, "", "usr/bin/make"),
    a("musl-dev", "1.2.5-r0", 9000, "", "usr/include/"),
    a("binutils", "2.42-r0", 8000, "", "usr/bin/ld usr/bin/as"),
    a("openssl", "3.3.2-r1", 800, "", "usr/bin/openssl"),
    a("jq", "1.7.1-r0", 400, "oniguruma", "usr/bin/jq"),
    a("oniguruma", "6.9.9-r0", 500, "", ""),
    a("tzdata", "2024b-r0", 1500, "", "usr/share/zoneinfo/"),
    a("shadow", "4.15.1-r0", 2000, "", "usr/sbin/useradd usr/sbin/groupadd"),
    a("sudo", "1.9.15_p5-r0", 4000, "", "usr/bin/sudo"),
    a("vim", "9.1.0414-r0", 3500, "xxd", "usr/bin/vim"),
    a("xxd", "9.1.0414-r0", 30, "", "usr/bin/xxd"),
    a("nano", "8.0-r0", 700, "", "usr/bin/nano"),
    a("openssh-client", "9.7_p1-r4", 2000, "", "usr/bin/ssh usr/bin/scp"),
    a("unzip", "6.0-r14", 300, "", "usr/bin/unzip"),
    a("gnupg", "2.4.5-r0", 6000, "", "usr/bin/gpg"),
    a("postgresql-dev", "16.6-r0", 6000, "", ""),
];

fn find(name: &str) -> Option<&'static ApkPackage> {
    PACKAGES.iter().find(|pkg| pkg.name == name)
}

fn branch(m: &Machine) -> String {
    let parts: Vec<&str> = m.distro.version_id.split('.').collect();
    format!("v{}.{}", parts.first().unwrap_or(&"3"), parts.get(1).unwrap_or(&"20"))
}

fn installed(m: &Machine) -> Vec<String> {
    m.read_text("/lib/apk/db/installed")
        .unwrap_or_default()
        .lines()
        .filter_map(|line| line.strip_prefix("P:").map(str::to_string))
        .collect()
}

/// Runs `apk`.
pub(crate) fn run(m: &mut Machine, p: &mut Proc) -> Result<i32, Ctrl> {
    let args = p.args().to_vec();
    let no_cache = args.iter().any(|a| a == "--no-cache");
    let update_flag = args.iter().any(|a| a == "--update" || a == "-U" || a == "--update-cache");
    let positional: Vec<String> = args.iter().filter(|a| !a.starts_with('-')).cloned().collect();
    let Some(command) = positional.first().cloned() else {
        p.out(m, "apk-tools 2.14.4, compiled for x86_64.");
        return Ok(1);
    };
    if m.uid != 0 && matches!(command.as_str(), "add" | "del" | "update") {
        p.err(m, "ERROR: Unable to lock database: Permission denied");
        p.err(m, "ERROR: Failed to open apk database: Permission denied");
        return Ok(99);
    }
    let branch = branch(m);
    let fetch = |m: &mut Machine, p: &Proc| -> bool {
        for repo in ["main", "community"] {
            let url = format!("https://dl-cdn.alpinelinux.org/alpine/{branch}/{repo}/x86_64/APKINDEX.tar.gz");
            m.advance(400);
            if m.network {
                p.out(m, &format!("fetch {url}"));
            } else {
                p.err(m, &format!("WARNING: fetching {url}: temporary error (try again later)"));
            }
        }
        m.network
    };
    let write_index = |m: &mut Machine| {
        let _ = m.fs.mkdir_all("/var/cache/apk", 0o755, 0, 0);
        let _ = m.fs.write_file(
            "/var/cache/apk/APKINDEX.5022a8a2.tar.gz",
            Content::synthetic(2_450_000, "apkindex-main"),
            0o644,
            0,
            0,
        );
        let _ = m.fs.write_file(
            "/var/cache/apk/APKINDEX.ebf4f4a7.tar.gz",
            Content::synthetic(1_280_000, "apkindex-community"),
            0o644,
            0,
            0,
        );
    };
    match command.as_str() {
        "update" => {
            let ok = fetch(m, p);
            if ok {
                write_index(m);
                p.out(
                    m,
                    &format!(
                        "{}-{} [https://dl-cdn.alpinelinux.org/alpine/{branch}/main]",
                        m.distro.version_id, "0-g1c0ecb5c3b4"
                    ),
                );
                p.out(m, "OK: 24166 distinct packages available");
                Ok(0)
            } else {
                p.out(m, "2 unavailable, 0 stale; 16 distinct packages available");
                Ok(2)
            }
        }
        "add" => {
            let online = fetch(m, p);
            if online && (!no_cache || update_flag) {
                write_index(m);
            }
            let names: Vec<String> = positional[1..].to_vec();
            let have = installed(m);
            let missing: Vec<&String> = names
                .iter()
                .filter(|n| !online || find(n.split('=').next().unwrap_or(n)).is_none())
                .filter(|n| !have.contains(n))
                .collect();
            if !missing.is_empty() {
                p.err(m, "ERROR: unable to select packages:");
                for name in missing {
                    p.err(m, &format!("  {name} (no such package):"));
                    p.err(m, &format!("    required by: world[{name}]"));
                }
                return Ok(1);
            }
            let mut order: Vec<&'static ApkPackage> = Vec::new();
            fn visit(pkg: &'static ApkPackage, have: &[String], order: &mut Vec<&'static ApkPackage>, depth: u32) {
                if depth > 20 || have.iter().any(|h| h == pkg.name) || order.iter().any(|o| o.name == pkg.name) {
                    return;
                }
                for dep in pkg.depends.split_whitespace() {
                    if let Some(dep) = find(dep) {
                        visit(dep, have, order, depth + 1);
                    }
                }
                order.push(pkg);
            }
            for name in &names {
                if let Some(pkg) = find(name.split('=').next().unwrap_or(name)) {
                    visit(pkg, &have, &mut order, 0);
                }
            }
            let total = order.len();
            for (idx, pkg) in order.iter().enumerate() {
                m.tick()?;
                m.advance(pkg.size_kb / 20 + 50);
                p.out(m, &format!("({}/{total}) Installing {} ({})", idx + 1, pkg.name, pkg.version));
                let files = super::parse_files(pkg.files, "3.12");
                let payload = format!("/usr/lib/{}.so", pkg.name);
                super::install_files(m.fs, pkg.name, &files, pkg.size_kb * 1024, &payload, "/usr/bin/python3");
                if pkg.name == "python3" && !m.distro.version_id.starts_with("3.18") {
                    let marker = super::pip::externally_managed_alpine();
                    let _ =
                        m.fs.write_file("/usr/lib/python3.12/EXTERNALLY-MANAGED", Content::text(&marker), 0o644, 0, 0);
                }
            }
            if total > 0 {
                p.out(m, "Executing busybox-1.36.1-r29.trigger");
                if order.iter().any(|pkg| pkg.name == "ca-certificates") {
                    p.out(m, "Executing ca-certificates-20240705-r0.trigger");
                }
            }
            let mut db = m.read_text("/lib/apk/db/installed").unwrap_or_default();
            for pkg in &order {
                db.push_str(&format!(
                    "C:Q1{}=\nP:{}\nV:{}\nA:x86_64\nI:{}\n\n",
                    pkg.name.len(),
                    pkg.name,
                    pkg.version,
                    pkg.size_kb * 1024
                ));
            }
            let _ = m.fs.mkdir_all("/lib/apk/db", 0o755, 0, 0);
            let _ = m.fs.write_file("/lib/apk/db/installed", Content::text(&db), 0o644, 0, 0);
            let count = have.len() + total;
            let size_kb: u64 = 7_800 + order.iter().map(|pkg| pkg.size_kb).sum::<u64>();
            p.out(m, &format!("OK: {} MiB in {count} packages", size_kb.div_ceil(1024)));
            Ok(0)
        }
        "del" => {
            p.out(m, &format!("OK: 8 MiB in {} packages", installed(m).len()));
            Ok(0)
        }
        "info" => {
            for name in installed(m) {
                p.out(m, &name);
            }
            Ok(0)
        }
        _ => {
            p.err(m, &format!("apk: applet not found: {command}"));
            Ok(1)
        }
    }
}
