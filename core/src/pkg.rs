//! Package managers: [`apt`] (apt-get, apt, dpkg), [`apk`] (Alpine), [`pip`] and [`npm`], with their
//! catalogs as data tables ([`deb_catalog`], [`pip_catalog`]).
//!
//! Each manager reads and writes its real state files (`/var/lib/apt/lists`, `/var/lib/dpkg/status`,
//! `/lib/apk/db/installed`, `site-packages`, `node_modules`), so later steps and `rm -rf` behave like
//! in Docker. Installed programs are executable files whose basenames the shell's program registry
//! simulates; their bulk is [`crate::fs::Content::Synthetic`] with realistic sizes.

pub mod apk;
pub mod apt;
pub mod deb_catalog;
pub mod npm;
pub mod pip;
pub mod pip_catalog;

use crate::fs::{Content, Fs, split_parent};

/// Formats a byte count like apt's `SizeToStr` (`126 kB`, `2795 kB`, `44.1 MB`).
pub fn apt_size(bytes: u64) -> String {
    let mut value = bytes as f64;
    for unit in ["", "k", "M", "G", "T"] {
        if value < 100.0 && !unit.is_empty() {
            return format!("{value:.1} {unit}B");
        }
        if value < 10_000.0 {
            return format!("{value:.0} {unit}B");
        }
        value /= 1000.0;
    }
    format!("{value:.0} PB")
}

/// One file a package installs, decoded from the catalog's compact notation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileSpec {
    /// An executable binary (`usr/bin/curl`).
    Binary(String),
    /// A symlink (`usr/bin/python3->python3.10`).
    Symlink(String, String),
    /// A directory (`usr/lib/python3.10/ensurepip/`).
    Dir(String),
    /// A Python console-script wrapper (`usr/bin/flask=flask`) for the named program.
    Script(String, String),
}

/// Parses the compact file notation used by the catalogs (one entry per whitespace-separated word).
pub fn parse_files(spec: &str, python_minor: &str) -> Vec<FileSpec> {
    spec.split_whitespace()
        .map(|item| {
            let item = item.replace("{py}", python_minor);
            if let Some((path, target)) = item.split_once("->") {
                FileSpec::Symlink(format!("/{path}"), target.to_string())
            } else if let Some((path, program)) = item.split_once('=') {
                FileSpec::Script(format!("/{path}"), program.to_string())
            } else if let Some(dir) = item.strip_suffix('/') {
                FileSpec::Dir(format!("/{dir}"))
            } else {
                FileSpec::Binary(format!("/{item}"))
            }
        })
        .collect()
}

/// The text of a console-script wrapper, as pip and Debian write them.
pub fn console_script(interpreter: &str, program: &str) -> String {
    let import = match program {
        "pip" => "from pip._internal.cli.main import main",
        "gunicorn" => "from gunicorn.app.wsgiapp import run as main",
        "uvicorn" => "from uvicorn.main import main",
        "flask" => "from flask.cli import main",
        other => {
            return format!(
                "#!{interpreter}\n# -*- coding: utf-8 -*-\nimport sys\nfrom {other} import main\nif __name__ == '__main__':\n    sys.exit(main())\n"
            );
        }
    };
    format!(
        "#!{interpreter}\n# -*- coding: utf-8 -*-\nimport re\nimport sys\n{import}\nif __name__ == '__main__':\n    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n    sys.exit(main())\n"
    )
}

/// Writes `files` for a package, spreading `size` bytes over its binaries (or one payload file).
pub fn install_files(fs: &mut Fs, package: &str, files: &[FileSpec], size: u64, payload_path: &str, interpreter: &str) {
    let binaries = files.iter().filter(|f| matches!(f, FileSpec::Binary(_))).count() as u64;
    let share = size.checked_div(binaries).unwrap_or(0);
    let ensure_parent = |fs: &mut Fs, path: &str| {
        let _ = fs.mkdir_all(split_parent(path).0, 0o755, 0, 0);
    };
    for file in files {
        match file {
            FileSpec::Binary(path) => {
                ensure_parent(fs, path);
                let _ =
                    fs.write_file(path, Content::synthetic(share.max(1), &format!("{package}:{path}")), 0o755, 0, 0);
            }
            FileSpec::Symlink(path, target) => {
                ensure_parent(fs, path);
                let _ = fs.remove(path);
                let _ = fs.symlink(target, path);
            }
            FileSpec::Dir(path) => {
                let _ = fs.mkdir_all(path, 0o755, 0, 0);
            }
            FileSpec::Script(path, program) => {
                ensure_parent(fs, path);
                let _ = fs.write_file(path, Content::text(&console_script(interpreter, program)), 0o755, 0, 0);
            }
        }
    }
    if binaries == 0 && size > 0 {
        ensure_parent(fs, payload_path);
        let _ = fs.write_file(payload_path, Content::synthetic(size, &format!("{package}:payload")), 0o644, 0, 0);
    }
}
