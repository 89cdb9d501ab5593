//! [`Machine`]: the simulated kernel one process tree runs on: the filesystem, the clock, the step
//! budget, the terminal and the buffers that pipes and redirections write into.
//!
//! Programs write through [`Io`] handles; writes to the terminal are split into [`OutputLine`]s
//! stamped with the simulated clock. Pipes are buffers filled by the left command and read by the
//! right one (commands run one after another; only the data flow matters).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use super::{OutputLine, Stream};
use crate::fs::{Content, Fs};

/// Where a file descriptor writes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sink {
    /// The container's terminal output stream.
    Term(Stream),
    /// A numbered buffer (a pipe, a command substitution or a redirected file).
    Buf(usize),
    /// `/dev/null`.
    Null,
}

/// The standard streams of one command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Io {
    /// Standard input, shared so that `read` consumes it line by line (`None` when closed).
    pub stdin: Option<Rc<RefCell<String>>>,
    /// File descriptor 1.
    pub out: Sink,
    /// File descriptor 2.
    pub err: Sink,
}

impl Io {
    /// The terminal streams with `stdin`.
    pub fn terminal(stdin: Option<String>) -> Io {
        Io {
            stdin: stdin.map(|text| Rc::new(RefCell::new(text))),
            out: Sink::Term(Stream::Stdout),
            err: Sink::Term(Stream::Stderr),
        }
    }

    /// Consumes and returns all remaining standard input.
    pub fn read_all(&self) -> String {
        self.stdin.as_ref().map(|stdin| std::mem::take(&mut *stdin.borrow_mut())).unwrap_or_default()
    }

    /// Consumes one line of standard input (without the newline); `None` at end of input.
    pub fn read_line(&self) -> Option<String> {
        let stdin = self.stdin.as_ref()?;
        let mut stdin = stdin.borrow_mut();
        if stdin.is_empty() {
            return None;
        }
        match stdin.find('\n') {
            Some(idx) => {
                let line: String = stdin.drain(..=idx).collect();
                Some(line.trim_end_matches('\n').to_string())
            }
            None => Some(std::mem::take(&mut *stdin)),
        }
    }
}

/// Why execution stopped early; travels up the interpreter as the `Err` side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ctrl {
    /// `exit n` (or `set -e`, or a fatal shell error).
    Exit(i32),
    /// `return n`.
    Return(i32),
    /// `break n`.
    Break(u32),
    /// `continue n`.
    Continue(u32),
    /// The step budget ran out.
    Hung,
    /// A server took over the process and keeps running.
    Serving(crate::sh::Listener),
}

/// Facts about the distribution, read from `/etc/os-release`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Distro {
    /// `ubuntu`, `debian`, `alpine` or empty.
    pub id: String,
    /// `22.04`, `12`, `3.20.3`.
    pub version_id: String,
    /// `jammy`, `bookworm`.
    pub codename: String,
}

/// The simulated machine shared by every process of one [`super::start`] call.
pub(crate) struct Machine<'a> {
    /// The container filesystem.
    pub fs: &'a mut Fs,
    /// Simulated milliseconds since start.
    pub clock_ms: u64,
    /// Remaining steps.
    pub budget: u64,
    /// The simulated time (`clock_ms`) at which `timeout` stops the running command, if any.
    pub deadline: Option<u64>,
    /// Units of work done but not yet paid for in steps (see [`WORK_PER_STEP`]).
    work: u64,
    lines: Vec<OutputLine>,
    partial: [String; 2],
    bufs: Vec<String>,
    /// The buffers that are pipes to a later command of a pipeline (see [`Machine::is_pipe`]).
    pipes: Vec<usize>,
    /// Whether the network is up.
    pub network: bool,
    /// The container hostname.
    pub hostname: String,
    /// Whether a terminal is attached.
    pub tty: bool,
    /// The effective user id and group id.
    pub uid: u32,
    /// The effective group id.
    pub gid: u32,
    /// The distribution.
    pub distro: Distro,
    /// Nesting depth of programs (bounds recursion like `sh -c 'sh -c …'` or recursive functions).
    pub depth: u32,
    /// Servers started in the background with `&`.
    pub background: BTreeMap<String, crate::sh::Listener>,
    /// Servers in other network namespaces this machine can reach, by port: a container's published
    /// ports from the host, or a container's own main process from `docker exec`.
    pub sites: Vec<crate::sh::http::Site>,
    /// The containers Docker's DNS resolves by name for this machine.
    pub peers: Vec<crate::sh::Peer>,
}

/// The deepest nesting of programs or shell functions before we give up.
pub(crate) const MAX_DEPTH: u32 = 32;

/// How many units of work one budget step pays for. A unit is a field an expansion produces, 64
/// bytes of fields or of output, a path a glob looks up or a directory entry it reads. A typical
/// command stays within a step's worth, so only commands that do much more (a function passing
/// `$* $* $*` to itself, `ls -R /` in a loop) spend more than their own step, and every script,
/// whatever its commands do, ends within its budget in proportional time.
pub(crate) const WORK_PER_STEP: u64 = 4;

impl<'a> Machine<'a> {
    /// A machine over `fs`.
    pub fn new(fs: &'a mut Fs, budget: u64, network: bool, hostname: String, tty: bool) -> Machine<'a> {
        let distro = read_distro(fs);
        Machine {
            fs,
            clock_ms: 0,
            budget,
            deadline: None,
            work: 0,
            lines: Vec::new(),
            partial: [String::new(), String::new()],
            bufs: Vec::new(),
            pipes: Vec::new(),
            network,
            hostname,
            tty,
            uid: 0,
            gid: 0,
            distro,
            depth: 0,
            background: BTreeMap::new(),
            sites: Vec::new(),
            peers: Vec::new(),
        }
    }

    /// Spends one step (and a millisecond); `Err(Hung)` when the budget is gone.
    pub fn tick(&mut self) -> Result<(), Ctrl> {
        self.spend(1)
    }

    /// Spends `steps` steps, plus the steps the work done since the last payment costs.
    pub fn spend(&mut self, steps: u64) -> Result<(), Ctrl> {
        let steps = steps.saturating_add(self.work / WORK_PER_STEP);
        self.work %= WORK_PER_STEP;
        if self.budget < steps || self.deadline.is_some_and(|deadline| self.clock_ms >= deadline) {
            self.budget = 0;
            return Err(Ctrl::Hung);
        }
        self.budget -= steps;
        Ok(())
    }

    /// Advances the simulated clock.
    pub fn advance(&mut self, ms: u64) {
        self.clock_ms = self.clock_ms.saturating_add(ms);
    }

    /// Notes `units` of work to be paid at the next step, for programs that cannot stop midway.
    pub fn note_work(&mut self, units: u64) {
        self.work = self.work.saturating_add(units);
    }

    /// Pays for `units` of work now (see [`WORK_PER_STEP`]).
    pub fn charge(&mut self, units: u64) -> Result<(), Ctrl> {
        self.work = self.work.saturating_add(units);
        self.spend(0)
    }

    /// Writes text to a sink. The bytes are work, paid at the next step.
    pub fn write(&mut self, sink: Sink, text: &str) {
        self.note_work(1 + text.len() as u64 / 64);
        match sink {
            Sink::Null => {}
            Sink::Buf(idx) => {
                if let Some(buf) = self.bufs.get_mut(idx) {
                    // Buffers are bounded so a runaway loop cannot exhaust memory.
                    if buf.len() < 64 * 1024 * 1024 {
                        buf.push_str(text);
                    }
                }
            }
            Sink::Term(stream) => {
                let slot = match stream {
                    Stream::Stdout => 0,
                    Stream::Stderr => 1,
                };
                // Each complete line becomes one output line; the unterminated rest waits in `partial`.
                let mut rest = text;
                while let Some(idx) = rest.find('\n') {
                    let partial = std::mem::take(&mut self.partial[slot]);
                    let line = if partial.is_empty() { rest[..idx].to_string() } else { partial + &rest[..idx] };
                    self.lines.push(OutputLine { at_ms: self.clock_ms, stream, text: line });
                    rest = &rest[idx + 1..];
                }
                self.partial[slot].push_str(rest);
            }
        }
    }

    /// Writes a line (text plus newline) to stdout of `io`.
    pub fn out(&mut self, io: &Io, text: &str) {
        self.write_line(io.out, text);
    }

    /// Writes a line to stderr of `io`.
    pub fn err(&mut self, io: &Io, text: &str) {
        self.write_line(io.err, text);
    }

    /// Writes `text` and a newline to a sink: exactly `write(text)` then `write("\n")`, with the common
    /// case (a terminal stream with no pending partial line, one line of text) stored directly.
    pub fn write_line(&mut self, sink: Sink, text: &str) {
        if let Sink::Term(stream) = sink {
            let slot = match stream {
                Stream::Stdout => 0,
                Stream::Stderr => 1,
            };
            if self.partial[slot].is_empty() && !text.contains('\n') {
                self.note_work(1 + text.len() as u64 / 64);
                self.lines.push(OutputLine { at_ms: self.clock_ms, stream, text: text.to_string() });
                return;
            }
        }
        self.write(sink, text);
        self.write(sink, "\n");
    }

    /// A new empty buffer.
    pub fn new_buf(&mut self) -> usize {
        self.bufs.push(String::new());
        self.bufs.len() - 1
    }

    /// A new buffer that is the pipe from one command of a pipeline to the next.
    pub fn new_pipe(&mut self) -> usize {
        let buf = self.new_buf();
        self.pipes.push(buf);
        buf
    }

    /// Whether `sink` is a pipe to a command that may stop reading: a writer that never ends on its
    /// own (`yes`) is then stopped by SIGPIPE instead of running forever.
    pub fn is_pipe(&self, sink: Sink) -> bool {
        matches!(sink, Sink::Buf(buf) if self.pipes.contains(&buf))
    }

    /// Takes the contents of a buffer out (a pipe's reader has it now).
    pub fn take_buf(&mut self, idx: usize) -> String {
        self.pipes.retain(|pipe| *pipe != idx);
        self.bufs.get_mut(idx).map(std::mem::take).unwrap_or_default()
    }

    /// Ends any unterminated line on the terminal (a prompt that nothing answered).
    pub fn flush_partial(&mut self) {
        for (slot, stream) in [(0, Stream::Stdout), (1, Stream::Stderr)] {
            if !self.partial[slot].is_empty() {
                let text = std::mem::take(&mut self.partial[slot]);
                self.lines.push(OutputLine { at_ms: self.clock_ms, stream, text });
            }
        }
    }

    /// Flushes partial lines and returns everything written to the terminal.
    pub fn finish(mut self) -> (Vec<OutputLine>, u64) {
        for (slot, stream) in [(0, Stream::Stdout), (1, Stream::Stderr)] {
            if !self.partial[slot].is_empty() {
                let text = std::mem::take(&mut self.partial[slot]);
                self.lines.push(OutputLine { at_ms: self.clock_ms, stream, text });
            }
        }
        (self.lines, self.clock_ms)
    }

    /// Reads a text file; `None` when missing or not text.
    pub fn read_text(&self, path: &str) -> Option<String> {
        self.fs.read_file(path).ok().and_then(|content| content.as_text().map(|text| text.into_owned()))
    }

    /// Writes a text file as the current user, mode 0644 unless it exists.
    pub fn write_text(&mut self, path: &str, text: &str) -> Result<(), crate::fs::FsError> {
        let mode = self.fs.stat(path).map(|entry| entry.mode).unwrap_or(0o644);
        let (uid, gid) = (self.uid, self.gid);
        self.fs.write_file(path, Content::text(text), mode, uid, gid)
    }
}

fn read_distro(fs: &Fs) -> Distro {
    let Some(text) = fs.read_file("/etc/os-release").ok().and_then(|c| c.as_text().map(|t| t.into_owned())) else {
        return Distro::default();
    };
    let mut distro = Distro::default();
    for line in text.lines() {
        let Some((key, value)) = line.split_once('=') else { continue };
        let value = value.trim_matches('"').to_string();
        match key {
            "ID" => distro.id = value,
            "VERSION_ID" => distro.version_id = value,
            "VERSION_CODENAME" => distro.codename = value,
            _ => {}
        }
    }
    distro
}
