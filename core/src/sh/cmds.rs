//! Simulated external commands, grouped by area: [`files`] (coreutils that touch the filesystem), [`find`],
//! [`archive`] (`dd`, `tar`), [`text`] and [`regex`] (filters), [`expr`], [`sys`] (users, time, environment), [`wrap`] (`timeout`, `nohup`, `nice`), [`checksum`] (`sha256sum`, `md5sum`), [`misc`] (`mktemp`, `tty`, `sync`, `unlink`), [`net`] (curl and wget), [`ping`] and
//! [`servers`] (python, flask, nginx, node, with [`pyrun`] and [`pyexpr`] for Python scripts and [`js`] for what a node script logs) and [`golang`] (`go build`, `go run` and their binaries).

pub(crate) mod archive;
pub(crate) mod awk;
pub(crate) mod checksum;
pub(crate) mod expr;
pub(crate) mod files;
pub(crate) mod find;
pub(crate) mod golang;
pub(crate) mod js;
pub(crate) mod misc;
pub(crate) mod net;
pub(crate) mod ping;
pub(crate) mod pyexpr;
pub(crate) mod pyrun;
pub(crate) mod re;
pub(crate) mod regex;
pub(crate) mod servers;
pub(crate) mod sys;
pub(crate) mod text;
pub(crate) mod wrap;

use super::machine::Machine;
use super::programs::Proc;

/// Splits arguments into short flags (each letter) and operands; `--` ends flags.
pub(crate) fn split_flags(args: &[String]) -> (String, Vec<String>) {
    let mut flags = String::new();
    let mut operands = Vec::new();
    let mut done = false;
    for arg in args {
        if done || !arg.starts_with('-') || arg == "-" {
            operands.push(arg.clone());
        } else if arg == "--" {
            done = true;
        } else if let Some(long) = arg.strip_prefix("--") {
            flags.push_str(match long {
                "recursive" => "r",
                "force" => "f",
                "parents" => "p",
                "all" => "a",
                "archive" => "a",
                "symbolic" => "s",
                "verbose" => "v",
                "quiet" | "silent" => "q",
                "ignore-case" => "i",
                "count" => "c",
                "invert-match" => "v",
                _ => "",
            });
        } else {
            flags.push_str(&arg[1..]);
        }
    }
    (flags, operands)
}

/// What `cmd` says when it cannot read `file`: GNU's `cmd: f: No such file or directory`, BusyBox's
/// `cmd: can't open 'f': No such file or directory`.
pub(crate) fn open_error(p: &Proc, cmd: &str, file: &str, error: &crate::fs::FsError) -> String {
    if p.busybox && matches!(error, crate::fs::FsError::NotFound(_)) {
        format!("{cmd}: can't open '{file}': No such file or directory")
    } else {
        format!("{cmd}: {file}: {error}")
    }
}

/// Reads the named files (or stdin for none or `-`), printing `cmd: f: No such file or directory`.
pub(crate) fn read_inputs(m: &mut Machine, p: &Proc, cmd: &str, files: &[String]) -> (String, i32) {
    if files.is_empty() {
        return (p.io.read_all(), 0);
    }
    let mut data = String::new();
    let mut status = 0;
    for file in files {
        if file == "-" {
            data.push_str(&p.io.read_all());
            continue;
        }
        let path = p.path(file);
        match m.fs.read_file(&path) {
            Ok(content) => match content.as_text() {
                Some(text) => data.push_str(&text),
                None => data.push_str(&format!("\u{7f}ELF binary data ({} bytes)\n", content.len())),
            },
            Err(error) => {
                p.err(m, &open_error(p, cmd, file, &error));
                status = if cmd == "grep" { 2 } else { 1 };
            }
        }
    }
    (data, status)
}
