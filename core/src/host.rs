//! [`Host`]: one simulated machine with a Docker daemon, a build cache, local images, containers, a
//! registry session and a working directory. [`Host::execute`] runs one typed command line, `docker …`,
//! `sim …` or a plain shell command on the working directory, and returns what a terminal would show.
//!
//! `layerlab shell` and the web terminal both drive this interpreter, so they behave the same. The host
//! is pure: files are given at construction and never written back; time moves only by simulated
//! durations.

mod archive;
mod args;
mod build_cmd;
mod container_fs;
mod containers;
mod images;
mod networks;
mod redirect;
mod registry;
mod session;
mod stats;
mod system;
mod volumes;

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use crate::engine::{BuildWorld, Builder};
use crate::format::Timestamp;
use crate::fs::{Content, Fs, Layer};
use crate::image::Image;

pub use containers::{Container, ContainerState};
pub use registry::Registry;
pub use volumes::{Mount, MountSource, Volume};

/// Which stream a line of terminal output belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stream {
    /// Standard output.
    Stdout,
    /// Standard error.
    Stderr,
}

/// One line of terminal output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// The stream.
    pub stream: Stream,
    /// The text, without newline.
    pub text: String,
}

/// What one command line printed, and its exit status.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CommandResult {
    /// The lines, in order.
    pub lines: Vec<Line>,
    /// The exit status (`$?`).
    pub exit: i32,
}

impl CommandResult {
    fn out(&mut self, text: impl Into<String>) {
        self.lines.push(Line { stream: Stream::Stdout, text: text.into() });
    }

    fn err(&mut self, text: impl Into<String>) {
        self.lines.push(Line { stream: Stream::Stderr, text: text.into() });
    }

    fn out_block(&mut self, text: &str) {
        for line in text.strip_suffix('\n').unwrap_or(text).split('\n') {
            self.out(line);
        }
    }

    /// All lines joined with newlines (each line ends in `\n`).
    pub fn text(&self) -> String {
        self.lines.iter().map(|l| format!("{}\n", l.text)).collect()
    }
}

impl From<&crate::sh::OutputLine> for Line {
    fn from(line: &crate::sh::OutputLine) -> Line {
        let stream = match line.stream {
            crate::sh::Stream::Stdout => Stream::Stdout,
            crate::sh::Stream::Stderr => Stream::Stderr,
        };
        Line { stream, text: line.text.clone() }
    }
}

/// Simulator switches set with `sim …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimSettings {
    /// Crash the next build while step N runs.
    pub crash_at: Option<usize>,
    /// Whether the network is up.
    pub network: bool,
}

impl Default for SimSettings {
    fn default() -> SimSettings {
        SimSettings { crash_at: None, network: true }
    }
}

/// Local images: by ID, and tags pointing at IDs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImageStore {
    /// Images by ID.
    pub images: BTreeMap<crate::digest::Digest, Image>,
    /// `repo:tag` (familiar) → image ID, in tagging order.
    pub tags: BTreeMap<String, crate::digest::Digest>,
    /// When each image was first stored (for `docker images` CREATED it is the image's own time).
    pub order: Vec<crate::digest::Digest>,
}

/// The simulated machine.
#[derive(Debug, Clone)]
pub struct Host {
    /// The host filesystem (the learner's machine).
    pub fs: Fs,
    /// The working directory.
    pub cwd: String,
    /// The host shell's environment (what `-e NAME` and `--build-arg NAME` copy).
    pub env: BTreeMap<String, String>,
    /// The simulated clock.
    pub now: Timestamp,
    /// Build cache and what builds know of local images.
    pub world: BuildWorld,
    /// Local images.
    pub store: ImageStore,
    /// Containers, oldest first.
    pub containers: Vec<Container>,
    /// The daemon's volumes (`docker volume ls`).
    pub volumes: Vec<Volume>,
    /// The daemon's networks (`docker network ls`).
    pub networks: Vec<networks::Network>,
    /// The registry and the login session.
    pub registry: Registry,
    /// `sim` switches.
    pub sim: SimSettings,
    /// The last exit status.
    pub last_exit: i32,
    /// The events of the last build, for the UI.
    pub last_build: Option<Arc<crate::engine::Build>>,
    /// Whether the terminal driving this host is a TTY (`docker run -t` needs one).
    pub tty: bool,
    /// The container shell the terminal is attached to (`docker run -it ubuntu`), if any.
    pub session: Option<Session>,
    /// Standard input for the docker command being run (`< file`, or a pipe into it), which
    /// `docker run -i` and `docker exec -i` give their process.
    pending_stdin: Option<String>,
    /// The file a `<` redirection gave the docker command being run, as stored (`docker load < x.tar`
    /// reads an archive, which has no text).
    pending_stdin_file: Option<crate::fs::Content>,
    /// What each archive `docker save` wrote holds, by the archive file's content seed.
    archives: BTreeMap<u64, archive::SavedArchive>,
}

pub use session::Session;

/// A one-line `for NAME in WORDS; do BODY; done` whose body runs a docker command: the name, the words
/// (a `{1..3}` range expanded as bash does, at most 100 of them) and the body.
fn docker_for_loop(line: &str) -> Option<(String, Vec<String>, String)> {
    let rest = line.trim().strip_prefix("for ")?;
    let (name, rest) = rest.split_once(" in ")?;
    let name = name.trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let (list, rest) = rest.split_once(';')?;
    let body = rest.trim().strip_prefix("do ")?.trim_end().strip_suffix("done")?.trim_end();
    let body = body.strip_suffix(';').unwrap_or(body).trim();
    if !body.split_whitespace().any(|w| w == "docker") {
        return None;
    }
    let mut words = Vec::new();
    for word in list.split_whitespace() {
        let range = word.strip_prefix('{').and_then(|w| w.strip_suffix('}')).and_then(|w| w.split_once(".."));
        match range.and_then(|(a, b)| Some((a.parse::<i64>().ok()?, b.parse::<i64>().ok()?))) {
            Some((from, to)) if (to - from).abs() < 100 => {
                let step = if to >= from { 1 } else { -1 };
                let mut at = from;
                loop {
                    words.push(at.to_string());
                    if at == to {
                        break;
                    }
                    at += step;
                }
            }
            _ => words.push(word.trim_matches(['"', '\'']).to_string()),
        }
    }
    words.truncate(100);
    Some((name.to_string(), words, body.to_string()))
}

/// The learner's working directory on the simulated host.
pub const HOME_APP: &str = "/home/learner/app";

/// The simulated time between two command lines, the pace of a pasted script. A detached container
/// whose process ended in the meantime (`docker run -d alpine echo hi`) shows as exited on the next
/// command, as on a real host, where the CLI's round trips alone take this long.
const COMMAND_GAP_MS: u64 = 20;

/// The host's root filesystem, an Ubuntu 24.04 tree, built and indexed once per process like the
/// catalog's base images, so every host (each terminal, each fuzz input) shares it and finds a path
/// with one map lookup.
fn host_rootfs() -> &'static [Arc<Layer>] {
    static ROOTFS: OnceLock<Vec<Arc<Layer>>> = OnceLock::new();
    ROOTFS.get_or_init(|| {
        let layers: Vec<Arc<Layer>> =
            crate::rootfs::base_layers("ubuntu:24.04").unwrap_or_default().into_iter().map(Arc::new).collect();
        crate::fs::index_stack(&layers);
        layers
    })
}

impl Host {
    /// A host whose working directory holds `files` (relative paths → bytes), at time `now`.
    pub fn new(files: &[(String, Vec<u8>)], now: Timestamp) -> Host {
        let mut fs = Fs::new(host_rootfs().to_vec());
        let _ = fs.mkdir_all(HOME_APP, 0o755, 1000, 1000);
        // The learner's machine has curl and wget, to reach the ports containers publish.
        for tool in ["curl", "wget"] {
            let path = format!("/usr/bin/{tool}");
            let _ = fs.write_file(&path, Content::synthetic(250_000, &format!("host:{path}")), 0o755, 0, 0);
        }
        for (path, data) in files {
            let abs = crate::fs::normalize(HOME_APP, path);
            let parent = crate::fs::split_parent(&abs).0.to_string();
            let _ = fs.mkdir_all(&parent, 0o755, 1000, 1000);
            let mode = if data.starts_with(b"#!") { 0o755 } else { 0o644 };
            let _ = fs.write_file(&abs, Content::bytes(data), mode, 1000, 1000);
        }
        let mut env = BTreeMap::new();
        for (k, v) in [
            ("HOME", "/home/learner"),
            ("USER", "learner"),
            ("PATH", crate::image::DEFAULT_PATH),
            ("SHELL", "/bin/bash"),
        ] {
            env.insert(k.to_string(), v.to_string());
        }
        Host {
            fs,
            cwd: HOME_APP.to_string(),
            env,
            now,
            world: BuildWorld::default(),
            store: ImageStore::default(),
            containers: Vec::new(),
            volumes: Vec::new(),
            networks: networks::builtin_networks(now),
            registry: Registry::default(),
            sim: SimSettings::default(),
            last_exit: 0,
            last_build: None,
            tty: false,
            session: None,
            pending_stdin: None,
            pending_stdin_file: None,
            archives: BTreeMap::new(),
        }
    }

    /// Gives a working-directory file (a path relative to it) the permission bits it has on a real
    /// disk, which COPY keeps (S-INSTR-COPY). The CLI and the scenario runner read them; the web app has
    /// no modes and keeps [`Host::new`]'s guess (executable when the file starts with `#!`).
    pub fn set_file_mode(&mut self, path: &str, mode: u32) {
        let _ = self.fs.set_mode(&crate::fs::normalize(HOME_APP, path), mode & 0o7777);
    }

    /// Runs one command line.
    pub fn execute(&mut self, line: &str) -> CommandResult {
        self.now = self.now.plus_ms(COMMAND_GAP_MS);
        if self.session.is_some() {
            let result = self.session_line(line);
            self.last_exit = result.exit;
            return result;
        }
        // `for i in 1 2 3; do docker run …; done`: docker commands are the host's, so the loop runs
        // here, once per word, with the variable substituted.
        if let Some((name, words, body)) = docker_for_loop(line) {
            let mut result = CommandResult::default();
            for word in words {
                let text = body.replace(&format!("${{{name}}}"), &word).replace(&format!("${name}"), &word);
                let r = self.execute(&text);
                result.exit = r.exit;
                result.lines.extend(r.lines);
            }
            self.last_exit = result.exit;
            return result;
        }
        // A compound command with no docker, `cd` or `sim` in it is the host shell's as a whole
        // (`for f in *.txt; do wc -l $f; done`); splitting it at `;` would break it.
        let first = line.split_whitespace().next().unwrap_or("");
        if matches!(first, "for" | "while" | "until" | "if" | "case" | "{")
            && !line.split(|c: char| c.is_whitespace() || c == ';').any(|w| matches!(w, "docker" | "cd" | "sim"))
        {
            let r = self.host_shell(line);
            self.last_exit = r.exit;
            return r;
        }
        let mut result = CommandResult::default();
        let mut status = self.last_exit;
        for segment in args::split_segments(line) {
            let run = match segment.op {
                "&&" => status == 0,
                "||" => status != 0,
                _ => true,
            };
            if !run {
                continue;
            }
            let r = self.execute_simple(segment.text.trim());
            status = r.exit;
            // `$?` in the next command of the line is this one's status.
            self.last_exit = status;
            result.lines.extend(r.lines);
        }
        result.exit = status;
        self.last_exit = status;
        result
    }

    fn lookup_env(&self, name: &str) -> Option<String> {
        if name == "?" {
            return Some(self.last_exit.to_string());
        }
        if name == "PWD" {
            return Some(self.cwd.clone());
        }
        self.env.get(name).cloned()
    }

    fn execute_simple(&mut self, text: &str) -> CommandResult {
        if Self::has_docker_substitution(text) {
            return self.execute_substituted(text);
        }
        if let Some((first, rest)) = args::split_pipe(text) {
            // The command is `docker` once leading `NAME=value` assignments are skipped.
            let program = |text: &str| text.split_whitespace().find(|w| !w.contains('=')).map(str::to_string);
            if program(first).as_deref() == Some("docker") {
                return self.docker_pipeline(first.trim(), rest.trim());
            }
            if program(rest).as_deref() == Some("docker") {
                return self.pipe_into_docker(first.trim(), rest.trim());
            }
        }
        if Self::is_docker_line(text)
            && let Some(redirected) = redirect::split(text)
        {
            return self.execute_redirected(redirected);
        }
        let words = {
            let lookup = |n: &str| self.lookup_env(n);
            args::split_words(text, &lookup)
        };
        let mut words = match words {
            Ok(w) => w,
            Err(e) => {
                let mut r = CommandResult { exit: 2, ..CommandResult::default() };
                r.err(format!("bash: {e}"));
                return r;
            }
        };
        let mut prefix_env: Vec<(String, String)> = Vec::new();
        while let Some(first) = words.first() {
            match first.split_once('=') {
                Some((k, v)) if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                    prefix_env.push((k.to_string(), v.to_string()));
                    words.remove(0);
                }
                _ => break,
            }
        }
        match words.first().map(String::as_str) {
            None => {
                for (k, v) in prefix_env {
                    self.env.insert(k, v);
                }
                CommandResult::default()
            }
            Some("docker") => self.docker(&words[1..], &prefix_env),
            Some("sim") => self.sim_command(&words[1..]),
            Some("cd") => self.cd(words.get(1).map(String::as_str)),
            // `unset` changes the host shell's own variables, which `--build-arg NAME` and `-e NAME` read.
            Some("unset") => {
                for w in &words[1..] {
                    self.env.remove(w);
                }
                CommandResult::default()
            }
            Some("export") => {
                for w in &words[1..] {
                    if let Some((k, v)) = w.split_once('=') {
                        self.env.insert(k.to_string(), v.to_string());
                    }
                }
                CommandResult::default()
            }
            Some(_) => {
                // Each command line runs in a fresh simulated shell, so `$?` is the host's last status.
                let text = text.replace("$?", &self.last_exit.to_string());
                self.host_shell(&text)
            }
        }
    }

    /// Whether the host must run the substitutions of `text` itself: it holds a top-level `$(docker …)`,
    /// or it is a docker command line with any substitution (`docker run -v $(pwd):/app …`).
    fn has_docker_substitution(text: &str) -> bool {
        let substitutions = args::find_substitutions(text);
        substitutions.iter().any(|s| s.inner(text).split_whitespace().next() == Some("docker"))
            || (!substitutions.is_empty() && Self::is_docker_line(text))
    }

    /// Whether the program of a simple command line is `docker` (after `NAME=value` assignments).
    fn is_docker_line(text: &str) -> bool {
        text.split_whitespace().find(|w| !w.contains('=')) == Some("docker")
    }

    /// Runs a line holding `$(docker …)` command substitutions (`docker rmi $(docker images -q)`): each
    /// docker command runs first, its errors go to the terminal, and its standard output replaces it.
    /// On a docker command line every substitution runs here (`$(pwd)`); elsewhere, substitutions of
    /// other commands are left to the simulated shell.
    fn execute_substituted(&mut self, text: &str) -> CommandResult {
        let mut r = CommandResult::default();
        let mut done = String::new();
        let mut from = 0;
        for s in args::find_substitutions(text) {
            let inner = s.inner(text).trim();
            done.push_str(&text[from..s.start]);
            from = s.end;
            if inner.split_whitespace().next() != Some("docker") && !Self::is_docker_line(text) {
                done.push_str(&text[s.start..s.end]);
                continue;
            }
            let output = self.capture_stdout(inner, &mut r);
            done.push_str(&args::escape_substituted(&output, s.quoted));
        }
        done.push_str(&text[from..]);
        let tail = self.execute_simple(&done);
        r.lines.extend(tail.lines);
        r.exit = tail.exit;
        r
    }

    /// Runs `command` and returns its standard output (each line ending in `\n`); its errors go to `r`.
    fn capture_stdout(&mut self, command: &str, r: &mut CommandResult) -> String {
        let mut output = String::new();
        for line in self.execute_simple(command).lines {
            match line.stream {
                Stream::Stdout => {
                    output.push_str(&line.text);
                    output.push('\n');
                }
                Stream::Stderr => r.lines.push(line),
            }
        }
        output
    }

    /// `command | docker …`: the host command's output is the docker command's standard input (which
    /// `docker run -i` passes on); its errors go to the terminal.
    fn pipe_into_docker(&mut self, first: &str, docker: &str) -> CommandResult {
        let mut r = CommandResult::default();
        let input = self.capture_stdout(first, &mut r);
        self.pending_stdin = Some(input);
        let inner = self.execute_simple(docker);
        self.pending_stdin = None;
        r.lines.extend(inner.lines);
        r.exit = inner.exit;
        r
    }

    /// Runs a docker command whose output is redirected (`2>/dev/null`, `2>&1 | grep`, `> out.txt`): its
    /// lines go where bash would send them, and files are written on the host.
    fn execute_redirected(&mut self, redirected: redirect::Redirected) -> CommandResult {
        use redirect::Sink;
        if let Some(path) = &redirected.stdin {
            let full = crate::fs::normalize(&self.cwd, path);
            match self.fs.read_file(&full) {
                Ok(content) => {
                    self.pending_stdin = Some(content.as_text().map(|t| t.into_owned()).unwrap_or_default());
                    self.pending_stdin_file = Some(content);
                }
                Err(_) => {
                    let mut r = CommandResult { exit: 1, ..CommandResult::default() };
                    r.err(format!("bash: {path}: No such file or directory"));
                    return r;
                }
            }
        }
        // `docker save IMAGE > app.tar`: the tar stream goes to the file, as `-o` would write it.
        let mut redirected = redirected;
        if let Sink::File { path, append: false } = &redirected.stdout
            && let Some(rest) = redirected
                .command
                .trim_start()
                .strip_prefix("docker save ")
                .or_else(|| redirected.command.trim_start().strip_prefix("docker image save "))
            && !rest.split_whitespace().any(|w| w == "-o" || w.starts_with("--output"))
        {
            let quoted = format!("'{}'", path.replace('\'', "'\\''"));
            redirected.command = format!("docker save -o {quoted} {rest}");
            redirected.stdout = Sink::Stdout;
        }
        let inner = self.execute_simple(&redirected.command);
        self.pending_stdin = None;
        self.pending_stdin_file = None;
        let mut r = CommandResult { exit: inner.exit, ..CommandResult::default() };
        // Bash opens (and truncates) every target file before the command runs, even one nothing reaches.
        let mut files: Vec<(String, bool, String)> = Vec::new();
        for sink in [&redirected.stdout, &redirected.stderr] {
            if let Sink::File { path, append } = sink
                && !files.iter().any(|(p, _, _)| p == path)
            {
                files.push((path.clone(), *append, String::new()));
            }
        }
        for line in inner.lines {
            let sink = match line.stream {
                Stream::Stdout => &redirected.stdout,
                Stream::Stderr => &redirected.stderr,
            };
            match sink {
                Sink::Stdout => r.out(line.text),
                Sink::Stderr => r.err(line.text),
                Sink::Null => {}
                Sink::File { path, .. } => {
                    if let Some((_, _, content)) = files.iter_mut().find(|(p, _, _)| p == path) {
                        content.push_str(&line.text);
                        content.push('\n');
                    }
                }
            }
        }
        for (path, append, content) in files {
            let op = if append { ">>" } else { ">" };
            let quoted = format!("'{}'", path.replace('\'', "'\\''"));
            let written = self.host_shell_with_stdin(&format!("cat {op} {quoted}"), Some(content));
            r.lines.extend(written.lines);
        }
        r
    }

    /// `docker … | rest`: the docker command's standard output becomes the pipeline's input; its
    /// errors go straight to the terminal. The status is the last command's, as in a shell.
    fn docker_pipeline(&mut self, first: &str, rest: &str) -> CommandResult {
        let mut r = CommandResult::default();
        let stdin = self.capture_stdout(first, &mut r);
        let tail = self.host_shell_with_stdin(&rest.replace("$?", &self.last_exit.to_string()), Some(stdin));
        r.lines.extend(tail.lines);
        r.exit = tail.exit;
        r
    }

    fn cd(&mut self, target: Option<&str>) -> CommandResult {
        let target =
            target.map(str::to_string).unwrap_or_else(|| self.env.get("HOME").cloned().unwrap_or_else(|| "/".into()));
        let path = crate::fs::normalize(&self.cwd, &target);
        let mut r = CommandResult::default();
        if self.fs.stat(&path).is_some_and(|e| e.is_dir()) {
            self.cwd = path;
        } else {
            r.err(format!("bash: cd: {target}: No such file or directory"));
            r.exit = 1;
        }
        r
    }

    /// Runs a plain command with the simulated shell on the host filesystem.
    fn host_shell(&mut self, text: &str) -> CommandResult {
        self.host_shell_with_stdin(text, None)
    }

    fn host_shell_with_stdin(&mut self, text: &str, stdin: Option<String>) -> CommandResult {
        let argv0 = if self.fs.exists("/bin/bash") { "/bin/bash" } else { "/bin/sh" };
        let spec = crate::sh::ProcessSpec {
            argv: vec![argv0.to_string(), "-c".to_string(), text.to_string()],
            env: self.env.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            cwd: self.cwd.clone(),
            user: "root".to_string(),
            hostname: "learner".to_string(),
            network: self.sim.network,
            tty: false,
            stdin,
            step_budget: 100_000,
            peers: Vec::new(),
        };
        let mut r = CommandResult::default();
        let sites = self.published_sites();
        match crate::sh::start_with_sites(&mut self.fs, &spec, sites) {
            Ok(output) => {
                r.lines.extend(output.lines.iter().map(Line::from));
                self.now = self.now.plus_ms(output.elapsed_ms);
                r.exit = match output.status {
                    crate::sh::ExitStatus::Exited(code) => code,
                    _ => 130,
                };
            }
            Err(e) => {
                r.err(format!("bash: {e}"));
                r.exit = 127;
            }
        }
        r
    }

    fn sim_command(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        match words.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
            ["crash-at", n] => match n.parse::<usize>() {
                Ok(n) if n > 0 => {
                    self.sim.crash_at = Some(n);
                    r.out(format!("sim: the next build will crash while step {n} runs"));
                }
                _ => {
                    r.err(format!("sim: crash-at needs a step number, not {n:?}"));
                    r.exit = 2;
                }
            },
            ["network", "off"] => {
                self.sim.network = false;
                r.out("sim: network is off");
            }
            ["network", "on"] => {
                self.sim.network = true;
                r.out("sim: network is on");
            }
            ["clock", "advance", secs] => match secs.parse::<u64>() {
                Ok(s) => {
                    self.now = self.now.plus_ms(s * 1000);
                    r.out(format!("sim: {s} seconds passed"));
                }
                Err(_) => {
                    r.err("sim: clock advance needs whole seconds");
                    r.exit = 2;
                }
            },
            _ => {
                r.err("usage: sim crash-at N | sim network on|off | sim clock advance SECONDS");
                r.exit = 2;
            }
        }
        r
    }

    /// Runs a docker command line. `NAME=value` words before `docker` are in the CLI's environment for
    /// this command only, as bash puts them, so `--build-arg NAME` and `-e NAME` read them too (S-CLI-2,
    /// S-RUN-1).
    fn docker(&mut self, words: &[String], prefix_env: &[(String, String)]) -> CommandResult {
        let saved: Vec<(String, Option<String>)> =
            prefix_env.iter().map(|(k, v)| (k.clone(), self.env.insert(k.clone(), v.clone()))).collect();
        let r = self.docker_command(words, prefix_env);
        for (k, old) in saved.into_iter().rev() {
            match old {
                Some(v) => self.env.insert(k, v),
                None => self.env.remove(&k),
            };
        }
        r
    }

    fn docker_command(&mut self, words: &[String], prefix_env: &[(String, String)]) -> CommandResult {
        let Some(command) = words.first() else {
            let mut r = CommandResult { exit: 0, ..CommandResult::default() };
            r.out("Usage:  docker [OPTIONS] COMMAND");
            r.out("");
            r.out("A self-sufficient runtime for containers");
            return r;
        };
        let rest = &words[1..];
        let classic = prefix_env.iter().any(|(k, v)| k == "DOCKER_BUILDKIT" && v == "0")
            || (self.env.get("DOCKER_BUILDKIT").map(String::as_str) == Some("0")
                && !prefix_env.iter().any(|(k, _)| k == "DOCKER_BUILDKIT"));
        let builder = if classic { Builder::Classic } else { Builder::BuildKit };
        let sub = rest.first().map(String::as_str);
        match (command.as_str(), sub) {
            ("build", _) => self.build(rest, builder),
            ("image", Some("build")) | ("buildx", Some("build")) => self.build(&rest[1..], builder),
            ("images", _) => self.images(rest),
            ("image", Some("ls" | "list")) => self.images(&rest[1..]),
            ("history", _) => self.history(rest),
            ("image", Some("history")) => self.history(&rest[1..]),
            ("inspect", _) => self.inspect(rest, false),
            ("image", Some("inspect")) => self.inspect(&rest[1..], true),
            ("container", Some("inspect")) => self.inspect(&rest[1..], false),
            ("rmi", _) => self.rmi(rest),
            ("image", Some("rm")) => self.rmi(&rest[1..]),
            ("tag", _) => self.tag(rest),
            ("image", Some("tag")) => self.tag(&rest[1..]),
            ("run", _) => self.run(rest),
            ("container", Some("run")) => self.run(&rest[1..]),
            ("create", _) => self.create(rest),
            ("save", _) => self.save(rest),
            ("image", Some("save")) => self.save(&rest[1..]),
            ("load", _) => self.load(rest),
            ("image", Some("load")) => self.load(&rest[1..]),
            ("stats", _) => self.stats(rest),
            ("container", Some("stats")) => self.stats(&rest[1..]),
            ("pause", _) => self.pause(rest, true),
            ("container", Some("pause")) => self.pause(&rest[1..], true),
            ("unpause", _) => self.pause(rest, false),
            ("container", Some("unpause")) => self.pause(&rest[1..], false),
            ("container", Some("create")) => self.create(&rest[1..]),
            ("ps", _) => self.ps(rest),
            ("container", Some("ls" | "ps")) => self.ps(&rest[1..]),
            ("logs", _) => self.logs(rest),
            ("container", Some("logs")) => self.logs(&rest[1..]),
            ("exec", _) => self.exec(rest),
            ("container", Some("exec")) => self.exec(&rest[1..]),
            ("start", _) => self.start(rest, false),
            ("container", Some("start")) => self.start(&rest[1..], false),
            ("restart", _) => self.start(rest, true),
            ("container", Some("restart")) => self.start(&rest[1..], true),
            ("stop", _) => self.stop(rest),
            ("container", Some("stop")) => self.stop(&rest[1..]),
            ("kill", _) => self.kill(rest),
            ("container", Some("kill")) => self.kill(&rest[1..]),
            ("rename", _) => self.rename(rest),
            ("container", Some("rename")) => self.rename(&rest[1..]),
            ("wait", _) => self.wait(rest),
            ("container", Some("wait")) => self.wait(&rest[1..]),
            ("top", _) => self.top(rest),
            ("container", Some("top")) => self.top(&rest[1..]),
            ("rm", _) => self.rm(rest),
            ("container", Some("rm")) => self.rm(&rest[1..]),
            ("push", _) => self.push(rest),
            ("image", Some("push")) => self.push(&rest[1..]),
            ("pull", _) => self.pull(rest),
            ("image", Some("pull")) => self.pull(&rest[1..]),
            ("login", _) => self.login(rest),
            ("logout", _) => self.logout(rest),
            ("builder", Some("prune")) | ("buildx", Some("prune")) => self.builder_prune(&rest[1..]),
            ("image", Some("prune")) => self.image_prune(&rest[1..]),
            ("container", Some("prune")) => self.container_prune(&rest[1..]),
            ("system", Some("prune")) => self.system_prune(&rest[1..]),
            ("system", Some("df")) => self.system_df(&rest[1..]),
            ("volume", Some(sub)) if volumes::SUBCOMMANDS.contains(&sub) => self.volume(rest),
            ("network", Some(sub)) if networks::SUBCOMMANDS.contains(&sub) => self.network(rest),
            ("port", _) => self.port(rest),
            ("diff", _) => self.diff(rest),
            ("container", Some("diff")) => self.diff(&rest[1..]),
            ("commit", _) => self.commit(rest),
            ("container", Some("commit")) => self.commit(&rest[1..]),
            ("cp", _) => self.cp(rest),
            ("container", Some("cp")) => self.cp(&rest[1..]),
            ("container", Some("port")) => self.port(&rest[1..]),
            ("--version", _) | ("-v", _) => {
                let mut r = CommandResult::default();
                r.out(format!("Docker version {}, build ecc6942 (simulated by Layerlab)", system::VERSION));
                r
            }
            ("version", _) => self.version(rest),
            ("info", _) => self.info(rest),
            ("system", Some("info")) => self.info(&rest[1..]),
            // docker CLI 28 names only the first unknown word (`cmd/docker/docker.go`), or, under a
            // management command, the subcommand it does not have (`cli/required.go`, `NoArgs`).
            (group @ ("image" | "container" | "builder" | "system" | "network" | "volume"), Some(sub)) => {
                let mut r = CommandResult { exit: 1, ..CommandResult::default() };
                let path = format!("docker {group}");
                let message = format!("docker: unknown command: {path} {sub}");
                images::usage_error(&mut r, &message, &path, &format!("{path} COMMAND"), "Run");
                r
            }
            _ => {
                let mut r = CommandResult { exit: 1, ..CommandResult::default() };
                r.err(format!("docker: unknown command: docker {}", words.first().map_or("", String::as_str)));
                r.err("");
                r.err("Run 'docker --help' for more information");
                r
            }
        }
    }

    /// Finds a local image by tag (familiar, `latest` implied), short or full ID.
    pub fn find_image(&self, name: &str) -> Option<&Image> {
        if let Ok(r) = crate::image_ref::ImageRef::parse(name)
            && let Some(id) = self.store.tags.get(&r.clone().with_default_tag().familiar_tagged())
        {
            return self.store.images.get(id);
        }
        if name.len() >= 4 {
            let matches: Vec<&Image> =
                self.store.images.values().filter(|i| crate::digest::matches_id_prefix(&i.id, name)).collect();
            if matches.len() == 1 {
                return Some(matches[0]);
            }
        }
        None
    }

    /// Whether another local image has this one as its parent (a classic build's step images do).
    pub fn has_children(&self, id: &crate::digest::Digest) -> bool {
        self.store.images.values().any(|i| i.parent.as_ref() == Some(id))
    }

    /// Tags of an image, in tag order.
    pub fn tags_of(&self, id: &crate::digest::Digest) -> Vec<String> {
        self.store.tags.iter().filter(|(_, v)| *v == id).map(|(k, _)| k.clone()).collect()
    }

    /// Stores an image and points `tags` at it; returns the tags that moved away from another image.
    pub fn store_image(&mut self, image: Image, tags: &[String]) {
        let id = image.id;
        if !self.store.images.contains_key(&id) {
            self.store.order.push(id);
        }
        self.store.images.insert(id, image.clone());
        for tag in tags {
            self.store.tags.insert(tag.clone(), id);
            self.world.images.insert(tag.clone(), image.clone());
        }
    }

    /// Replaces the working directory's files with `files` (relative path → bytes), as the web app does
    /// when the learner edits the Dockerfile or the context panel.
    pub fn set_working_files(&mut self, files: &[(String, Vec<u8>)]) {
        let _ = self.fs.remove_all(HOME_APP);
        let _ = self.fs.mkdir_all(HOME_APP, 0o755, 1000, 1000);
        for (path, data) in files {
            let abs = crate::fs::normalize(HOME_APP, path);
            let parent = crate::fs::split_parent(&abs).0.to_string();
            let _ = self.fs.mkdir_all(&parent, 0o755, 1000, 1000);
            let mode = if data.starts_with(b"#!") { 0o755 } else { 0o644 };
            let _ = self.fs.write_file(&abs, Content::bytes(data), mode, 1000, 1000);
        }
    }

    /// The working directory's files (relative path → bytes), for the web app's context panel.
    pub fn working_files(&self) -> Vec<(String, Vec<u8>)> {
        self.read_context(HOME_APP)
            .entries
            .into_iter()
            .filter_map(|(path, entry)| match entry {
                crate::context::ContextEntry::File { data, .. } => Some((path, data.to_vec())),
                crate::context::ContextEntry::Dir => None,
            })
            .collect()
    }

    /// The files of the working directory (or `dir`), for a build context.
    pub fn read_context(&self, dir: &str) -> crate::context::BuildContext {
        let mut ctx = crate::context::BuildContext::default();
        let root = crate::fs::normalize(&self.cwd, dir);
        for (rel, entry) in self.fs.walk_relative(&root) {
            let rel = rel.trim_start_matches('/').to_string();
            if rel.is_empty() {
                continue;
            }
            match &entry.kind {
                crate::fs::EntryKind::File(content) => {
                    let data: Vec<u8> = content
                        .as_bytes()
                        .map(|b| b.to_vec())
                        .unwrap_or_else(|| vec![0; content.len().min(1 << 20) as usize]);
                    ctx.insert(&rel, crate::context::ContextEntry::File { data: Arc::from(data), mode: entry.mode });
                }
                crate::fs::EntryKind::Dir => ctx.insert(&rel, crate::context::ContextEntry::Dir),
                crate::fs::EntryKind::Symlink(_) => {}
            }
        }
        ctx
    }
}

#[cfg(test)]
mod tests;
