//! Interactive container shells: `docker run -it IMAGE` whose command is a shell (`/bin/bash`,
//! `/bin/sh`), and `docker exec -it CONTAINER sh`, on a terminal. The terminal is then attached to the
//! container: each line runs in its shell, with the shell's prompt (`root@3f2a…:/# ` for bash,
//! `/ # ` for busybox ash), until `exit` detaches. `cd` carries over from one line to the next. An
//! exit from `docker run -it` stops the container (and removes it with `--rm`); an exit from
//! `docker exec -it` leaves it running.

use crate::digest::Digest;
use crate::sh::{ExitStatus, ProcessSpec};

use super::containers::ContainerState;
use super::{CommandResult, Host, Line};

/// The marker that starts the line on which each command reports its working directory (a
/// control character no program prints).
const CWD_MARK: &str = "\u{1}layerlab-cwd:";

/// A terminal attached to a container's shell.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// The container.
    pub container: Digest,
    /// The shell program (`/bin/bash`).
    pub shell: String,
    /// The shell's working directory.
    pub cwd: String,
    /// The user it runs as.
    pub user: String,
    /// Whether it came from `docker exec` (its exit leaves the container running).
    pub exec: bool,
}

/// Whether `argv` is an interactive shell with no script: what `-it` attaches a terminal to.
pub(super) fn is_shell(argv: &[String]) -> bool {
    let [program] = argv else { return false };
    matches!(program.rsplit('/').next(), Some("sh" | "bash" | "ash" | "dash"))
}

impl Host {
    /// The prompt the terminal shows: the container shell's when one is attached, else the host's.
    pub fn prompt(&self) -> String {
        let Some(session) = &self.session else {
            return format!("{}$ ", self.cwd.replace("/home/learner", "~"));
        };
        let hostname =
            self.containers.iter().find(|c| c.id == session.container).map(|c| c.id.short()).unwrap_or_default();
        let root = session.user.is_empty() || session.user == "root" || session.user == "0";
        let user = if root { "root" } else { session.user.as_str() };
        if session.shell.ends_with("bash") {
            let sign = if root { '#' } else { '$' };
            format!("{user}@{hostname}:{}{sign} ", session.cwd)
        } else {
            // busybox ash's and dash's default PS1.
            format!("{} {} ", session.cwd, if root { '#' } else { '$' })
        }
    }

    /// Runs one line typed into an attached container shell.
    pub(super) fn session_line(&mut self, line: &str) -> CommandResult {
        let mut r = CommandResult::default();
        let Some(session) = self.session.clone() else { return r };
        let Some(i) = self.containers.iter().position(|c| c.id == session.container) else {
            self.session = None;
            return r;
        };
        let words: Vec<&str> = line.split_whitespace().collect();
        if let ["exit"] | ["exit", _] = words.as_slice() {
            let code = words.get(1).and_then(|c| c.parse::<i32>().ok()).unwrap_or(0);
            self.session = None;
            r.out("exit");
            if !session.exec {
                self.containers[i].state = ContainerState::Exited { code, at: self.now };
                if self.containers[i].auto_remove {
                    let gone = self.containers.remove(i);
                    self.remove_anonymous_volumes(&gone.mounts);
                }
            }
            r.exit = code;
            return r;
        }
        let c = &self.containers[i];
        // The line, then a line reporting where it left the shell, keeping the line's status.
        let script =
            format!("{line}\n__layerlab_status=$?; printf '{CWD_MARK}%s\\n' \"$(pwd)\"; exit $__layerlab_status");
        let spec = ProcessSpec {
            argv: vec![session.shell.clone(), "-c".to_string(), script],
            env: c.env.clone(),
            cwd: session.cwd.clone(),
            user: session.user.clone(),
            hostname: c.id.short(),
            network: self.sim.network,
            tty: true,
            stdin: None,
            step_budget: 200_000,
        };
        let sites = self.own_site(i);
        match self.run_process(i, &spec, sites) {
            Ok(output) => {
                for line in &output.lines {
                    match line.text.strip_prefix(CWD_MARK) {
                        Some(cwd) => {
                            if let Some(session) = &mut self.session {
                                session.cwd = cwd.to_string();
                            }
                        }
                        None => r.lines.push(Line::from(line)),
                    }
                }
                self.now = self.now.plus_ms(output.elapsed_ms);
                r.exit = match output.status {
                    ExitStatus::Exited(code) => code,
                    _ => 0,
                };
            }
            Err(error) => {
                r.err(format!("{}: {error}", session.shell));
                r.exit = 127;
            }
        }
        r
    }
}
