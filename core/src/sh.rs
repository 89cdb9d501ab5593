//! The simulated process runtime: [`start`] runs a program (usually `/bin/sh -c …`) inside a
//! container filesystem on a simulated clock.
//!
//! [`start`] is the OCI runtime's exec: it looks `argv[0]` up in `PATH` (or as a path) and fails
//! with a [`StartError`] like runc would. A found program is simulated by its basename (a registry of
//! shells, coreutils, package managers and servers); unknown programs print nothing and exit 0. The
//! shell follows dash for `/bin/sh` on Debian and Ubuntu, bash for `bash`, and busybox ash on Alpine,
//! including their exact error messages (S-INSTR-RUN, S-PIT). Everything is bounded by
//! [`ProcessSpec::step_budget`]; exhausting it gives [`ExitStatus::Hung`].

pub(crate) mod arith;
mod ast;
mod builtins;
pub(crate) mod cmds;
mod cond;
pub(crate) mod exec;
mod expand;
pub(crate) mod glob;
pub mod http;
pub(crate) mod interp;
mod lexer;
pub(crate) mod machine;
mod parser;
pub(crate) mod programs;
mod redirect;
mod test_cmd;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::fs::Fs;

/// Which output stream a line was written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stream {
    /// File descriptor 1.
    Stdout,
    /// File descriptor 2.
    Stderr,
}

/// One line of terminal output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputLine {
    /// Simulated milliseconds since the process started.
    pub at_ms: u64,
    /// The stream it went to.
    pub stream: Stream,
    /// The text without the trailing newline.
    pub text: String,
}

/// How a process ended (or why it did not).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExitStatus {
    /// It exited with this status.
    Exited(i32),
    /// A server that keeps running; the output so far is its banner.
    Serving(Listener),
    /// The step budget ran out (an endless loop or a command that never returns).
    Hung,
}

/// A process that keeps running, and what it answers when it listens for HTTP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listener {
    /// The server program, e.g. `flask` or `nginx`.
    pub program: String,
    /// The port it listens on, when it listens.
    pub port: Option<u16>,
    /// Whether it listens on 127.0.0.1 only (Flask's and uvicorn's default), so a published port
    /// cannot reach it.
    pub loopback: bool,
    /// What it serves from: the document root or directory, or the application's source file.
    pub root: String,
}

impl Listener {
    /// A process that runs on without listening (`sleep infinity`, `tail -f`).
    pub fn idle(program: &str) -> Listener {
        Listener { program: program.to_string(), port: None, loopback: false, root: String::new() }
    }
}

/// What to run and in which environment, like the OCI `process` object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessSpec {
    /// The program and its arguments.
    pub argv: Vec<String>,
    /// The full environment (the caller includes `PATH`, S-RUN-4).
    pub env: Vec<(String, String)>,
    /// The working directory.
    pub cwd: String,
    /// `root`, `1000`, `app`, `app:app`, `1000:1000`.
    pub user: String,
    /// The container hostname.
    pub hostname: String,
    /// Whether the network is reachable (`--network=none` turns it off).
    pub network: bool,
    /// Whether a terminal is attached (`-t`).
    pub tty: bool,
    /// Standard input (closed when `None`, as in a build).
    pub stdin: Option<String>,
    /// How many simulated steps (commands, loop iterations) may run before [`ExitStatus::Hung`].
    pub step_budget: u64,
    /// The other containers Docker's embedded DNS resolves for this process (its peers on a
    /// user-defined network).
    pub peers: Vec<Peer>,
}

/// A container another one reaches by name: the names Docker's DNS answers for it and its address
/// on the network they share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Peer {
    /// Its name and short ID (and any network aliases).
    pub names: Vec<String>,
    /// Its IPv4 address (`172.18.0.3`).
    pub address: String,
}

impl Default for ProcessSpec {
    fn default() -> ProcessSpec {
        ProcessSpec {
            argv: Vec::new(),
            env: vec![("PATH".to_string(), DEFAULT_PATH.to_string())],
            cwd: "/".to_string(),
            user: "root".to_string(),
            hostname: "buildkitsandbox".to_string(),
            network: true,
            tty: false,
            stdin: None,
            step_budget: 100_000,
            peers: Vec::new(),
        }
    }
}

/// A process environment, in the order it was set: Docker's runtime order for a container's first
/// process (`PATH`, `HOSTNAME`, the image's `ENV` with `-e` values in place, new `-e` values, `HOME`),
/// which `env` and `printenv` print as is.
pub type Env = indexmap::IndexMap<String, String>;

/// The `PATH` Docker sets when the image has none (S-RUN-4).
pub const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// What a finished (or serving, or hung) process produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Output {
    /// Terminal output in order.
    pub lines: Vec<OutputLine>,
    /// How it ended.
    pub status: ExitStatus,
    /// Simulated run time in milliseconds.
    pub elapsed_ms: u64,
}

/// Why the runtime could not start the program (the caller maps these to exit codes 127/126).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum StartError {
    /// `argv[0]` has no slash and is not in `PATH`.
    #[error("exec: \"{0}\": executable file not found in $PATH")]
    NotFound(String),
    /// `argv[0]` is a path that does not exist.
    #[error("exec: \"{0}\": stat {0}: no such file or directory")]
    NoSuchFile(String),
    /// The file is not executable.
    #[error("exec: \"{0}\": permission denied")]
    PermissionDenied(String),
    /// The path is a directory.
    #[error("exec: \"{0}\": is a directory")]
    IsADirectory(String),
    /// The user name is not in `/etc/passwd`.
    #[error("unable to find user {0}: no matching entries in passwd file")]
    UnknownUser(String),
    /// `argv` is empty.
    #[error("no command specified")]
    EmptyArgv,
}

/// The home directory `user` (`name`, `uid`, `name:group`, empty for root) gets in `fs`, from its
/// `/etc/passwd` line: `/` for a UID the file does not know or a user that does not exist.
pub fn home_of(fs: &Fs, user: &str) -> String {
    exec::resolve_user(fs, user).map_or_else(|_| "/".to_string(), |(_, _, home)| home)
}

/// Runs a program in `fs` to completion on the simulated clock.
pub fn start(fs: &mut Fs, spec: &ProcessSpec) -> Result<Output, StartError> {
    exec::start(fs, spec, Vec::new())
}

/// Like [`start`], for a process that can reach the servers in `sites` (the host's published ports,
/// or a container's own server from `docker exec`).
pub fn start_with_sites(fs: &mut Fs, spec: &ProcessSpec, sites: Vec<http::Site>) -> Result<Output, StartError> {
    exec::start(fs, spec, sites)
}
