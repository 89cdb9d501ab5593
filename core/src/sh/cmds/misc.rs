//! Small coreutils that scripts call in passing: `mktemp`, `tty`, `sync` and `unlink` (GNU and
//! BusyBox wording).

use crate::fs::{Content, FsError};
use crate::sh::machine::{Ctrl, Machine, Sink};
use crate::sh::programs::Proc;

/// Runs `mktemp`, `tty`, `sync` or `unlink`.
pub(crate) fn run(m: &mut Machine, name: &str, p: &mut Proc) -> Result<i32, Ctrl> {
    Ok(match name {
        "mktemp" => mktemp(m, p),
        "tty" => {
            // Standard input decides, as isatty(0) does: a terminal only with `-t` and no redirection.
            let terminal = m.tty && p.io.stdin.is_none() && matches!(p.io.out, Sink::Term(_));
            let silent = p.args().iter().any(|a| a == "-s" || a == "--silent" || a == "--quiet");
            match (terminal, silent) {
                (true, false) => p.out(m, "/dev/pts/0"),
                (false, false) => p.out(m, "not a tty"),
                _ => {}
            }
            i32::from(!terminal)
        }
        "sync" => 0,
        _ => unlink(m, p),
    })
}

/// `mktemp [-d] [-p DIR] [-t] [TEMPLATE]`: creates a file (or directory) with a fresh name and
/// prints it. The X's of the template become letters and digits derived from the clock and the
/// name, so a run is reproducible.
fn mktemp(m: &mut Machine, p: &Proc) -> i32 {
    let args = p.args().to_vec();
    let mut directory = false;
    let mut parent: Option<String> = None;
    let mut in_tmp = false;
    let mut template: Option<String> = None;
    let mut idx = 0;
    while let Some(arg) = args.get(idx) {
        match arg.as_str() {
            "-d" | "--directory" => directory = true,
            "-t" => in_tmp = true,
            "-q" | "--quiet" | "-u" | "--dry-run" => {}
            "-p" | "--tmpdir" => {
                parent = args.get(idx + 1).cloned();
                idx += 1;
            }
            other if other.starts_with("--tmpdir=") => parent = Some(other["--tmpdir=".len()..].to_string()),
            other => template = Some(other.to_string()),
        }
        idx += 1;
    }
    let x_count = if p.busybox { 6 } else { 10 };
    let explicit = template.is_some();
    let template = template.unwrap_or_else(|| format!("tmp.{}", "X".repeat(x_count)));
    let xs = template.len() - template.trim_end_matches('X').len();
    if xs < 3 {
        if p.busybox {
            p.err(m, "mktemp: Invalid argument");
        } else {
            p.err(m, &format!("mktemp: too few X's in template '{template}'"));
        }
        return 1;
    }
    // GNU takes a template as a path (a bare one in the current directory) and prints it so; the
    // default template, `-t` and `-p` go to $TMPDIR or /tmp and print the full path.
    let dir = match parent {
        Some(dir) => Some(dir),
        None if !explicit || in_tmp || p.busybox && !template.contains('/') => {
            Some(p.var("TMPDIR").unwrap_or("/tmp").to_string())
        }
        None => None,
    };
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let stem = &template[..template.len() - xs];
    for attempt in 0..100u64 {
        let mut seed = crate::fs::seed_of(&format!("{template}@{}#{attempt}", m.clock_ms));
        let suffix: String = (0..xs)
            .map(|_| {
                let c = ALPHABET[(seed % ALPHABET.len() as u64) as usize] as char;
                seed = seed.rotate_right(7).wrapping_mul(0x9e37_79b9_7f4a_7c15);
                c
            })
            .collect();
        let shown = match &dir {
            Some(dir) => crate::fs::join(dir, &format!("{stem}{suffix}")),
            None => format!("{stem}{suffix}"),
        };
        let path = p.path(&shown);
        if m.fs.exists(&path) {
            continue;
        }
        let (uid, gid) = (m.uid, m.gid);
        let created = if directory {
            m.fs.mkdir(&path, 0o700, uid, gid)
        } else {
            m.fs.write_file(&path, Content::text(""), 0o600, uid, gid)
        };
        return match created {
            Ok(()) => {
                p.out(m, &shown);
                0
            }
            Err(error) => {
                let what = if directory { "directory" } else { "file" };
                let template = dir.as_deref().map_or(template.clone(), |dir| crate::fs::join(dir, &template));
                p.err(m, &format!("mktemp: failed to create {what} via template '{template}': {error}"));
                1
            }
        };
    }
    1
}

/// `unlink FILE`: removes one file (not a directory).
fn unlink(m: &mut Machine, p: &Proc) -> i32 {
    let args = p.args();
    let [file] = args else {
        let problem =
            if args.is_empty() { "missing operand".to_string() } else { format!("extra operand '{}'", args[1]) };
        p.err(m, &format!("unlink: {problem}"));
        p.err(m, "Try 'unlink --help' for more information.");
        return 1;
    };
    let path = p.path(file);
    let error = match m.fs.lstat(&path) {
        None => Some(FsError::NotFound(path.clone())),
        Some(entry) if entry.is_dir() => Some(FsError::IsADirectory(path.clone())),
        Some(_) => m.fs.remove(&path).err(),
    };
    match error {
        None => 0,
        Some(error) => {
            p.err(m, &format!("unlink: cannot unlink '{file}': {error}"));
            1
        }
    }
}
