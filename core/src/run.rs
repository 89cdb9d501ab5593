//! `docker run` resolution: ENTRYPOINT × CMD × run arguments × `--entrypoint` → the argv of PID 1
//! (S-EP-2, S-EP-3), and the environment precedence of `-e` and `--env-file` (S-RUN-1 to S-RUN-4).
//!
//! [`resolve`] returns a [`Resolution`] that says where every argv word came from, whether a shell
//! wraps the command, and whether `docker stop`'s signal reaches the program, so the UI can explain
//! the result instead of only printing it.

use serde::{Deserialize, Serialize};

use crate::image::{DEFAULT_PATH, ImageConfig};

/// Where one word of the final argv came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WordSource {
    /// The image's ENTRYPOINT.
    Entrypoint,
    /// The image's CMD.
    Cmd,
    /// The words after the image name on the `docker run` line.
    Args,
    /// `--entrypoint`.
    EntrypointFlag,
}

/// One argv word and its origin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArgvWord {
    /// The word.
    pub text: String,
    /// Where it came from.
    pub source: WordSource,
}

/// The resolved process and its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    /// The argv, `Entrypoint ++ Cmd` after the overrides.
    pub argv: Vec<ArgvWord>,
    /// For `sh -c TEXT …`: the script text that the shell runs. Words after it are `$0`, `$1`, …,
    /// which the script ignores unless it uses them (S-EP-2).
    pub shell_script: Option<String>,
    /// The words the shell receives as `$0`, `$1`, … (usually ignored), when `shell_script` is set.
    pub ignored_words: Vec<String>,
    /// The program that runs as PID 1 (`/bin/sh` for shell form, else `argv[0]`).
    pub pid1: String,
    /// Whether `docker stop`'s signal is delivered to the application itself: false when a shell is PID 1
    /// and the application is its child (S-EP-7). Whether the application then stops also depends on it
    /// having a handler, since PID 1 ignores signals it does not handle.
    pub signal_reaches_app: bool,
    /// Sentences that explain the result to a learner.
    pub notes: Vec<String>,
}

impl Resolution {
    /// The argv as plain strings.
    pub fn args(&self) -> Vec<String> {
        self.argv.iter().map(|w| w.text.clone()).collect()
    }

    /// Whether PID 1 is a shell that wraps the real program (shell form).
    pub fn is_shell_wrapped(&self) -> bool {
        self.shell_script.is_some()
    }
}

/// Why no process could be resolved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RunError {
    /// Entrypoint and Cmd are both empty (S-EP-6).
    #[error("no command specified")]
    NoCommand,
}

/// Resolves the argv of a container (S-EP-3).
///
/// `entrypoint_flag` is the value of `--entrypoint` (`Some("")` clears the entrypoint); `args` are the
/// words after the image name.
pub fn resolve(config: &ImageConfig, entrypoint_flag: Option<&str>, args: &[String]) -> Result<Resolution, RunError> {
    let mut notes = Vec::new();
    let (entrypoint, entry_source): (Vec<String>, WordSource) = match entrypoint_flag {
        Some("") => {
            notes.push("--entrypoint \"\" removed the image's ENTRYPOINT and its CMD.".to_string());
            (Vec::new(), WordSource::EntrypointFlag)
        }
        Some(flag) => {
            notes.push(format!(
                "--entrypoint replaced the ENTRYPOINT with the single program name {flag:?} (it is never split into words) and dropped the image's CMD."
            ));
            (vec![flag.to_string()], WordSource::EntrypointFlag)
        }
        None => (config.entrypoint.clone().unwrap_or_default(), WordSource::Entrypoint),
    };
    let (cmd, cmd_source) = if !args.is_empty() {
        if config.cmd.as_ref().is_some_and(|c| !c.is_empty()) && entrypoint_flag.is_none() {
            notes.push("The arguments after the image name replaced the whole CMD.".to_string());
        }
        (args.to_vec(), WordSource::Args)
    } else if entrypoint_flag.is_some() {
        (Vec::new(), WordSource::Cmd)
    } else {
        (config.cmd.clone().unwrap_or_default(), WordSource::Cmd)
    };
    if entrypoint.is_empty() && cmd.is_empty() {
        return Err(RunError::NoCommand);
    }
    let mut argv: Vec<ArgvWord> =
        entrypoint.iter().map(|t| ArgvWord { text: t.clone(), source: entry_source }).collect();
    argv.extend(cmd.iter().map(|t| ArgvWord { text: t.clone(), source: cmd_source }));

    let (shell_script, ignored_words) = shell_wrapping(&argv);
    let pid1 = argv.first().map(|w| w.text.clone()).unwrap_or_default();
    // dash keeps itself as PID 1 and runs the command as a child (S-EP-7), unless the script starts
    // with `exec`.
    let signal_reaches_app = shell_script.as_deref().is_none_or(|script| script.trim_start().starts_with("exec "));
    if let Some(script) = &shell_script {
        if ignored_words.is_empty() {
            notes.push(format!("A shell runs the text {script:?} (shell form); the shell, not the program, is PID 1."));
        } else {
            notes.push(format!(
                "A shell runs only {script:?}; the words after it ({}) become $0, $1, … and are ignored by the script.",
                ignored_words.join(" ")
            ));
        }
    }
    if !signal_reaches_app {
        notes.push(format!("docker stop sends SIGTERM to PID 1 ({pid1}), which ignores it; the application never sees it and is killed after 10 seconds (exit 137)."));
    }
    Ok(Resolution { argv, shell_script, ignored_words, pid1, signal_reaches_app, notes })
}

/// Finds the `sh -c SCRIPT` pattern at the start of an argv.
fn shell_wrapping(argv: &[ArgvWord]) -> (Option<String>, Vec<String>) {
    let program = argv.first().map(|w| w.text.as_str()).unwrap_or("");
    let base = program.rsplit('/').next().unwrap_or(program);
    let is_shell = matches!(base, "sh" | "bash" | "dash" | "ash" | "zsh");
    if is_shell
        && argv.get(1).map(|w| w.text.as_str()) == Some("-c")
        && let Some(script) = argv.get(2)
    {
        let rest = argv[3..].iter().map(|w| w.text.clone()).collect();
        return (Some(script.text.clone()), rest);
    }
    (None, Vec::new())
}

/// One `-e`/`--env` flag or `--env-file` entry: `NAME=value` sets, a bare `NAME` copies from the host
/// or removes the variable (S-RUN-1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvEntry {
    /// `NAME=value`.
    Set(String, String),
    /// `NAME` without `=`.
    Inherit(String),
}

/// Why an environment flag is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvError {
    /// `-e =x`.
    #[error("invalid environment variable: {0}")]
    EmptyName(String),
    /// An env-file key with white space.
    #[error("variable '{0}' contains whitespaces")]
    Whitespace(String),
}

/// Parses one `-e` value.
pub fn parse_env_flag(text: &str) -> Result<EnvEntry, EnvError> {
    match text.split_once('=') {
        Some(("", _)) => Err(EnvError::EmptyName(text.to_string())),
        Some((name, value)) => Ok(EnvEntry::Set(name.to_string(), value.to_string())),
        None if text.is_empty() => Err(EnvError::EmptyName(text.to_string())),
        None => Ok(EnvEntry::Inherit(text.to_string())),
    }
}

/// Parses an `--env-file`: no quote removal, no escapes, no expansion (S-RUN-2).
pub fn parse_env_file(text: &str) -> Result<Vec<EnvEntry>, EnvError> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim_start();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, value) = match line.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (line, None),
        };
        if name.chars().any(char::is_whitespace) {
            return Err(EnvError::Whitespace(name.to_string()));
        }
        if name.is_empty() {
            return Err(EnvError::EmptyName(line.to_string()));
        }
        out.push(match value {
            Some(value) => EnvEntry::Set(name.to_string(), value.to_string()),
            None => EnvEntry::Inherit(name.to_string()),
        });
    }
    Ok(out)
}

/// Builds the container environment (S-RUN-3, S-RUN-4): image ENV, then env-file entries, then `-e`
/// flags (later wins); a bare name copies the host value or removes the variable; `PATH`, `HOSTNAME`,
/// `HOME` and (with `-t`) `TERM` are always present.
pub fn container_env(
    config: &ImageConfig,
    entries: &[EnvEntry],
    host_env: &dyn Fn(&str) -> Option<String>,
    hostname: &str,
    home: &str,
    tty: bool,
) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = Vec::new();
    let set = |env: &mut Vec<(String, String)>, name: &str, value: Option<String>| {
        let pos = env.iter().position(|(k, _)| k == name);
        match (pos, value) {
            (Some(i), Some(v)) => env[i].1 = v,
            (None, Some(v)) => env.push((name.to_string(), v)),
            (Some(i), None) => {
                env.remove(i);
            }
            (None, None) => {}
        }
    };
    // moby's CreateDaemonEnvironment: PATH, HOSTNAME and (with -t) TERM first, then the image's ENV
    // and the run's values, each replacing a key in place or appending; runc adds HOME last.
    set(&mut env, "PATH", Some(config.env_get("PATH").unwrap_or(DEFAULT_PATH).to_string()));
    set(&mut env, "HOSTNAME", Some(hostname.to_string()));
    if tty {
        set(&mut env, "TERM", Some("xterm".to_string()));
    }
    for (k, v) in config.env_pairs() {
        set(&mut env, &k, Some(v));
    }
    for entry in entries {
        match entry {
            EnvEntry::Set(k, v) => set(&mut env, k, Some(v.clone())),
            EnvEntry::Inherit(k) => set(&mut env, k, host_env(k)),
        }
    }
    if !env.iter().any(|(k, _)| k == "HOME") {
        env.push(("HOME".to_string(), home.to_string()));
    }
    env
}

#[cfg(test)]
mod tests;
