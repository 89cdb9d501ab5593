//! Interactive container shells: `docker run -it IMAGE` whose command is a shell (`/bin/bash`,
//! `/bin/sh`) or Python's REPL (`python3`), and `docker exec -it CONTAINER sh`, on a terminal. The
//! terminal is then attached to the container: each line runs in its shell, with the shell's prompt
//! (`root@3f2a…:/# ` for bash, `/ # ` for busybox ash, `>>> ` for Python), until `exit` (`exit()` in
//! Python) detaches. `cd` carries over from one line to the next, and so do Python's assignments and
//! imports. An exit from `docker run -it` stops the container (and removes it with `--rm`); an exit
//! from `docker exec -it` leaves it running.

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
    /// Python's REPL: the assignments, imports and definitions typed so far, run again before each line.
    pub python: Option<Vec<String>>,
    /// The lines of a compound statement Python's REPL is reading (after `for i in x:`, until an
    /// empty line), with the `... ` prompt.
    pub block: Vec<String>,
    /// The lines typed into the shell, for bash's `history`.
    pub history: Vec<String>,
}

/// Whether `-it` attaches the terminal to `argv`: a shell with no script, or Python's REPL.
pub(super) fn attaches_terminal(argv: &[String]) -> bool {
    let [program] = argv else { return false };
    matches!(program.rsplit('/').next(), Some("sh" | "bash" | "ash" | "dash")) || is_python(argv)
}

/// Whether `argv` starts Python's REPL (`python3`, `python3.12`).
pub(super) fn is_python(argv: &[String]) -> bool {
    let [program] = argv else { return false };
    program.rsplit('/').next().is_some_and(|name| name.starts_with("python"))
}

/// What Python's REPL prints when it starts.
pub(super) fn python_banner(env: &[(String, String)]) -> [String; 2] {
    let version = env.iter().find(|(k, _)| k == "PYTHON_VERSION").map_or("3.12.7", |(_, v)| v.as_str());
    [
        format!("Python {version} (main, Nov 12 2024, 02:19:56) [GCC 12.2.0] on linux"),
        "Type \"help\", \"copyright\", \"credits\" or \"license\" for more information.".to_string(),
    ]
}

impl Host {
    /// The prompt the terminal shows: the container shell's when one is attached, else the host's.
    pub fn prompt(&self) -> String {
        let Some(session) = &self.session else {
            return format!("{}$ ", self.cwd.replace("/home/learner", "~"));
        };
        let hostname =
            self.containers.iter().find(|c| c.id == session.container).map(|c| c.id.short()).unwrap_or_default();
        if session.python.is_some() {
            return if session.block.is_empty() { ">>> " } else { "... " }.to_string();
        }
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
        let Some(session) = self.session.clone() else { return CommandResult::default() };
        let Some(i) = self.containers.iter().position(|c| c.id == session.container) else {
            self.session = None;
            return CommandResult::default();
        };
        let words: Vec<&str> = line.split_whitespace().collect();
        if let Some(defs) = &session.python {
            return self.python_line(i, &session, defs, line);
        }
        if let ["exit"] | ["exit", _] = words.as_slice() {
            let code = words.get(1).and_then(|c| c.parse::<i32>().ok()).unwrap_or(0);
            let mut r = self.session_detached(i, &session, code);
            r.lines.insert(0, Line { stream: crate::host::Stream::Stdout, text: "exit".to_string() });
            return r;
        }
        self.shell_line(i, &session, line)
    }

    /// Detaches the terminal; a `docker run -it` container stops with `code`.
    fn session_detached(&mut self, i: usize, session: &Session, code: i32) -> CommandResult {
        let mut r = CommandResult::default();
        self.session = None;
        if !session.exec {
            self.containers[i].state = ContainerState::Exited { code, at: self.now };
            if self.containers[i].auto_remove {
                let gone = self.containers.remove(i);
                self.remove_anonymous_volumes(&gone.mounts);
            }
        }
        r.exit = code;
        r
    }

    /// One line typed at Python's `>>> `: assignments and imports are kept for the next lines, a
    /// bare expression prints its `repr`, anything else runs as a statement.
    fn python_line(&mut self, i: usize, session: &Session, defs: &[String], line: &str) -> CommandResult {
        // A compound statement reads more lines, up to an empty one, then runs as one.
        if !session.block.is_empty() || line.trim_end().ends_with(':') {
            if !line.trim().is_empty() {
                if let Some(current) = &mut self.session {
                    current.block.push(line.trim_end().to_string());
                }
                return CommandResult::default();
            }
            let block = self.session.as_mut().map(|s| std::mem::take(&mut s.block)).unwrap_or_default();
            return self.python_block(i, session, defs, &block);
        }
        let trimmed = line.trim();
        match trimmed {
            "exit()" | "quit()" => return self.session_detached(i, session, 0),
            "exit" | "quit" => {
                let mut r = CommandResult::default();
                r.out(format!("Use {trimmed}() or Ctrl-D (i.e. EOF) to exit"));
                return r;
            }
            "" => return CommandResult::default(),
            _ => {}
        }
        let keep = trimmed.starts_with("import ")
            || trimmed.starts_with("from ")
            || crate::sh::cmds::servers::assignment(trimmed).is_some();
        let statement = if keep
            || ["print(", "if ", "for ", "while ", "def ", "del ", "assert ", "raise "]
                .iter()
                .any(|s| trimmed.starts_with(s))
        {
            trimmed.to_string()
        } else {
            format!("print(repr({trimmed}))")
        };
        let mut source = defs.join("\n");
        source.push('\n');
        source.push_str(&statement);
        let mut r = CommandResult::default();
        if let Ok(output) = self.run_in_session(i, session, source) {
            r.lines.extend(output.lines.iter().map(Line::from));
            let failed = !matches!(output.status, ExitStatus::Exited(0));
            if keep
                && !failed
                && let Some(Session { python: Some(defs), .. }) = &mut self.session
            {
                defs.push(trimmed.to_string());
            }
        }
        r
    }

    /// A compound statement typed at `>>> ` and `... `: it runs after the definitions so far, and a
    /// `def` (or `class`) is kept for the next lines.
    fn python_block(&mut self, i: usize, session: &Session, defs: &[String], block: &[String]) -> CommandResult {
        let mut source = defs.join("\n");
        source.push('\n');
        source.push_str(&block.join("\n"));
        let mut r = CommandResult::default();
        if let Ok(output) = self.run_in_session(i, session, source) {
            r.lines.extend(output.lines.iter().map(Line::from));
            let keep = block.first().is_some_and(|head| head.starts_with("def ") || head.starts_with("class "));
            if keep
                && matches!(output.status, ExitStatus::Exited(0))
                && let Some(Session { python: Some(defs), .. }) = &mut self.session
            {
                defs.extend(block.iter().cloned());
            }
        }
        r
    }

    /// Runs `script` with the session's program (`PROGRAM -c SCRIPT`) in container `i`.
    fn run_in_session(
        &mut self,
        i: usize,
        session: &Session,
        script: String,
    ) -> Result<crate::sh::Output, crate::sh::StartError> {
        let c = &self.containers[i];
        let spec = ProcessSpec {
            // `-i`: the session's shell is interactive, which its error messages show (Python's
            // REPL runs each line as a script, where `-i` would mean something else).
            argv: if session.python.is_some() {
                vec![session.shell.clone(), "-c".to_string(), script]
            } else {
                vec![session.shell.clone(), "-i".to_string(), "-c".to_string(), script]
            },
            env: c.env.clone(),
            cwd: session.cwd.clone(),
            user: session.user.clone(),
            hostname: c.id.short(),
            network: self.sim.network,
            tty: true,
            stdin: None,
            step_budget: 200_000,
            peers: Vec::new(),
        };
        let sites = self.own_site(i);
        self.run_process(i, &spec, sites)
    }

    /// Runs one line in an attached shell.
    fn shell_line(&mut self, i: usize, session: &Session, line: &str) -> CommandResult {
        let mut r = CommandResult::default();
        // bash remembers each line (`history` lists them, itself included); a new container has no
        // saved history.
        if !line.trim().is_empty()
            && let Some(current) = &mut self.session
        {
            current.history.push(line.to_string());
        }
        if session.shell.ends_with("bash")
            && matches!(line.split_whitespace().collect::<Vec<_>>().as_slice(), ["history"] | ["history", "-c"])
        {
            if let Some(current) = &mut self.session {
                if line.contains("-c") {
                    current.history.clear();
                } else {
                    for (number, typed) in current.history.iter().enumerate() {
                        r.out(format!("{:>5}  {typed}", number + 1));
                    }
                }
            }
            return r;
        }
        // The line, then a line reporting where it left the shell, keeping the line's status.
        let script =
            format!("{line}\n__layerlab_status=$?; printf '{CWD_MARK}%s\\n' \"$(pwd)\"; exit $__layerlab_status");
        match self.run_in_session(i, session, script) {
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
