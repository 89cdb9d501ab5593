//! `layerlab shell`: a terminal on one simulated host. Reads command lines from standard input (with a
//! `$ ` prompt when it is a terminal) and prints what Docker would print. The host's working directory
//! starts as a copy of the process's working directory, read once and never written back.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use layerlab_core::format::Timestamp;
use layerlab_core::host::{Host, Stream};

/// Files larger than this are not copied into the simulated host.
const MAX_FILE: u64 = 4 << 20;
/// At most this many files are copied.
const MAX_FILES: usize = 5000;

/// A file of the working directory: its path relative to it, its bytes and its permission bits.
type ContextFile = (String, Vec<u8>, Option<u32>);

/// The permission bits of a file on disk (`None` where the platform has none).
fn mode_of(meta: &std::fs::Metadata) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(meta.permissions().mode())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

fn read_dir(root: &Path, dir: &Path, out: &mut Vec<ContextFile>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if out.len() >= MAX_FILES {
            return;
        }
        let path = entry.path();
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            if entry.file_name() != ".git" {
                read_dir(root, &path, out);
            }
        } else if meta.is_file()
            && meta.len() <= MAX_FILE
            && let (Ok(data), Ok(rel)) = (std::fs::read(&path), path.strip_prefix(root))
        {
            out.push((rel.to_string_lossy().replace('\\', "/"), data, mode_of(&meta)));
        }
    }
}

/// Runs the shell; returns the process exit status.
pub fn run() -> i32 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    let mut files = Vec::new();
    read_dir(&cwd, &cwd, &mut files);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| Timestamp(d.as_millis() as i64))
        .unwrap_or_default();
    let modes: Vec<(String, u32)> =
        files.iter().filter_map(|(path, _, mode)| mode.map(|mode| (path.clone(), mode))).collect();
    let contents: Vec<(String, Vec<u8>)> = files.into_iter().map(|(path, data, _)| (path, data)).collect();
    let mut host = Host::new(&contents, now);
    for (path, mode) in &modes {
        host.set_file_mode(path, *mode);
    }
    for (key, value) in std::env::vars() {
        if !key.starts_with("LAYERLAB_") && key != "PWD" && key != "OLDPWD" {
            host.env.insert(key, value);
        }
    }
    let stdin = std::io::stdin();
    let interactive = stdin.is_terminal();
    host.tty = interactive;
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let prompt = |host: &Host| {
        if interactive {
            print!("{}", host.prompt());
            let _ = std::io::stdout().flush();
        }
    };
    prompt(&host);
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        let trimmed = line.trim();
        // `exit` leaves the simulator, unless a container shell is attached: then it leaves that.
        if (trimmed == "exit" || trimmed.starts_with("exit ")) && host.session.is_none() {
            break;
        }
        if !trimmed.is_empty() {
            let result = host.execute(trimmed);
            for out in result.lines {
                match out.stream {
                    Stream::Stdout => {
                        let _ = writeln!(stdout.lock(), "{}", out.text);
                    }
                    Stream::Stderr => {
                        let _ = writeln!(stderr.lock(), "{}", out.text);
                    }
                }
            }
        }
        prompt(&host);
    }
    0
}
