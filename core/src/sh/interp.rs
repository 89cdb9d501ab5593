//! The shell interpreter: [`Shell`] holds variables, functions, positional parameters and options,
//! and executes [`Node`]s on a [`Machine`].
//!
//! Subshells, pipeline elements and command substitutions run on a clone of the shell state, so
//! their variable changes do not leak (files they write do). Each command and loop iteration spends
//! one budget step. Error messages follow the [`Dialect`] (dash, bash or busybox ash).

use crate::sh::Env;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use super::ast::Node;
use super::machine::{Ctrl, Io, MAX_DEPTH, Machine, Sink};
use super::parser::{ParseError, ParseErrorKind, Script};

/// Which shell implementation we imitate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// Debian's `/bin/sh`.
    Dash,
    /// GNU bash.
    Bash,
    /// Busybox `ash` (Alpine's `/bin/sh`).
    Ash,
}

/// A shell variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Var {
    /// The value.
    pub value: String,
    /// Whether it is exported to child processes.
    pub exported: bool,
}

/// The state of one shell process.
#[derive(Debug, Clone)]
pub(crate) struct Shell {
    /// Which shell this is.
    pub dialect: Dialect,
    /// The name used in error messages (`/bin/sh`, or the script path).
    pub name: String,
    /// Whether we run a script file (bash and ash then say `line N`).
    pub script_file: bool,
    /// Whether a terminal session types the commands (`-i`): bash's messages then start `bash: `,
    /// without a line number.
    pub interactive: bool,
    /// Variables.
    pub vars: BTreeMap<String, Var>,
    /// Functions.
    pub funcs: BTreeMap<String, Rc<Node>>,
    /// The working directory.
    pub cwd: String,
    /// `$0`.
    pub arg0: String,
    /// `$1…`.
    pub args: Vec<String>,
    /// `$?`.
    pub status: i32,
    /// `set -e`.
    pub errexit: bool,
    /// `set -x`.
    pub xtrace: bool,
    /// `set -o pipefail` (bash and busybox ash): a pipeline's status is its last failing command's.
    pub pipefail: bool,
    /// The state of bash's `$RANDOM` (a deterministic sequence, seeded per shell).
    pub random: u32,
    /// `set -u`.
    pub nounset: bool,
    /// The line of the command being run.
    pub line: u32,
    /// Depth of condition contexts (where `set -e` does not apply).
    pub cond_depth: u32,
    /// Depth of loops (for `break`/`continue`).
    pub loop_depth: u32,
    /// Depth of function calls (for `return`).
    pub func_depth: u32,
    /// Status of the last command substitution (for assignment-only commands).
    pub subst_status: Option<i32>,
}

impl Shell {
    /// A new shell with the environment exported.
    pub fn new(dialect: Dialect, name: &str, env: &Env, cwd: &str) -> Shell {
        let mut vars: BTreeMap<String, Var> =
            env.iter().map(|(key, value)| (key.clone(), Var { value: value.clone(), exported: true })).collect();
        vars.entry("IFS".to_string()).or_insert(Var { value: " \t\n".to_string(), exported: false });
        vars.insert("PWD".to_string(), Var { value: cwd.to_string(), exported: true });
        if dialect == Dialect::Bash {
            // Ubuntu 22.04's and Debian 12's bash (their 5.1 and 5.2 differ only in the patch level).
            vars.insert("BASH_VERSION".to_string(), Var { value: "5.2.15(1)-release".to_string(), exported: false });
        }
        Shell {
            dialect,
            name: name.to_string(),
            script_file: false,
            interactive: false,
            vars,
            funcs: BTreeMap::new(),
            cwd: cwd.to_string(),
            arg0: name.to_string(),
            args: Vec::new(),
            status: 0,
            errexit: false,
            xtrace: false,
            nounset: false,
            pipefail: false,
            random: 0x2545_F491,
            line: 1,
            cond_depth: 0,
            loop_depth: 0,
            func_depth: 0,
            subst_status: None,
        }
    }

    /// A variable's value.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(|var| var.value.as_str())
    }

    /// Sets a variable, keeping its export flag.
    pub fn set(&mut self, name: &str, value: String) {
        match self.vars.get_mut(name) {
            Some(var) => var.value = value,
            None => {
                self.vars.insert(name.to_string(), Var { value, exported: false });
            }
        }
    }

    /// The exported environment.
    pub fn env(&self) -> Env {
        self.vars.iter().filter(|(_, var)| var.exported).map(|(key, var)| (key.clone(), var.value.clone())).collect()
    }

    /// The prefix of error messages: `/bin/sh: 1: ` (dash), `/bin/bash: line 1: ` (bash),
    /// `/bin/sh: ` (ash).
    pub fn prefix(&self) -> String {
        match self.dialect {
            Dialect::Dash => format!("{}: {}: ", self.name, self.line),
            Dialect::Bash if self.interactive => format!("{}: ", crate::fs::basename(&self.name)),
            Dialect::Bash => format!("{}: line {}: ", self.name, self.line),
            Dialect::Ash if self.script_file => format!("{}: line {}: ", self.name, self.line),
            Dialect::Ash => format!("{}: ", self.name),
        }
    }

    /// Prints a shell error message.
    pub fn error(&self, m: &mut Machine, io: &Io, msg: &str) {
        let line = format!("{}{msg}", self.prefix());
        m.err(io, &line);
    }

    /// Parses and runs a whole script; syntax errors print and give status 2.
    pub fn run_script(&mut self, m: &mut Machine, text: &str, io: &Io) -> Result<i32, Ctrl> {
        let mut script = Script::new(text);
        let mut status = 0;
        loop {
            match script.next_command() {
                Ok(None) => return Ok(status),
                Ok(Some((node, background))) => {
                    status = if background { self.background(m, &node, io)? } else { self.exec(m, &node, io)? };
                }
                Err(error) => {
                    self.line = error.line;
                    let msg = self.syntax_message(&error);
                    m.err(io, &msg);
                    // A syntax error ends a non-interactive shell with status 2.
                    return Err(Ctrl::Exit(2));
                }
            }
        }
    }

    fn syntax_message(&self, error: &ParseError) -> String {
        // An interactive bash names itself and no line; the message is otherwise the same.
        let bash_where = if self.interactive {
            format!("{}: ", crate::fs::basename(&self.name))
        } else {
            format!("{}: -c: line {}: ", self.name, error.line)
        };
        match (&error.kind, self.dialect) {
            (ParseErrorKind::Unexpected { token, expecting }, Dialect::Dash) => {
                let expecting = expecting.as_ref().map(|e| format!(" (expecting {e})")).unwrap_or_default();
                format!("{}Syntax error: {token} unexpected{expecting}", self.prefix())
            }
            (ParseErrorKind::Unexpected { token, .. }, Dialect::Bash) if token == "end of file" => {
                format!("{bash_where}syntax error: unexpected end of file")
            }
            (ParseErrorKind::Unexpected { token, .. }, Dialect::Bash) => {
                let token = if token == "word" || token == "newline" { "newline" } else { token.trim_matches('"') };
                format!("{bash_where}syntax error near unexpected token `{token}'")
            }
            (ParseErrorKind::Unexpected { token, expecting }, Dialect::Ash) => {
                let expecting = expecting.as_ref().map(|e| format!(" (expecting {e})")).unwrap_or_default();
                format!("{}syntax error: unexpected {token}{expecting}", self.prefix())
            }
            (ParseErrorKind::UnterminatedQuote, Dialect::Dash) => {
                format!("{}Syntax error: Unterminated quoted string", self.prefix())
            }
            (ParseErrorKind::UnterminatedQuote, Dialect::Bash) => {
                format!("{bash_where}unexpected EOF while looking for matching quote")
            }
            (ParseErrorKind::UnterminatedQuote, Dialect::Ash) => {
                format!("{}syntax error: unterminated quoted string", self.prefix())
            }
            (ParseErrorKind::Missing(what), Dialect::Dash) => format!("{}Syntax error: {what}", self.prefix()),
            (ParseErrorKind::Missing(what), _) => format!("{}syntax error: {what}", self.prefix()),
        }
    }

    /// Executes one node.
    pub fn exec(&mut self, m: &mut Machine, node: &Node, io: &Io) -> Result<i32, Ctrl> {
        let status = match node {
            Node::Empty => 0,
            Node::Simple { assigns, words, redirs, line } => {
                self.line = *line;
                let status = self.simple(m, assigns, words, redirs, io)?;
                self.status = status;
                self.check_errexit(status)?;
                status
            }
            Node::Pipeline { bang, cmds } => {
                if *bang {
                    self.cond_depth += 1;
                }
                let res = self.pipeline(m, cmds, io);
                if *bang {
                    self.cond_depth -= 1;
                }
                let status = res?;
                let status = if *bang { i32::from(status == 0) } else { status };
                self.status = status;
                if !*bang {
                    self.check_errexit(status)?;
                }
                status
            }
            Node::AndOr { first, rest } => {
                self.cond_depth += 1;
                let res = self.exec(m, first, io);
                self.cond_depth -= 1;
                let mut status = res?;
                for (idx, (is_and, cmd)) in rest.iter().enumerate() {
                    if (*is_and && status != 0) || (!*is_and && status == 0) {
                        continue;
                    }
                    let last = idx + 1 == rest.len();
                    if !last {
                        self.cond_depth += 1;
                    }
                    let res = self.exec(m, cmd, io);
                    if !last {
                        self.cond_depth -= 1;
                    }
                    status = res?;
                }
                self.status = status;
                status
            }
            Node::List(items) => {
                let mut status = 0;
                for (cmd, background) in items {
                    status = if *background { self.background(m, cmd, io)? } else { self.exec(m, cmd, io)? };
                }
                status
            }
            Node::Subshell(body, redirs) => {
                let Some((io, files)) = self.open_redirs(m, redirs, io)? else { return Ok(self.redir_status()) };
                let res = self.subshell(m, body, &io);
                self.close_redirs(m, files);
                let status = res?;
                self.status = status;
                self.check_errexit(status)?;
                status
            }
            Node::Group(body, redirs) => {
                let Some((io, files)) = self.open_redirs(m, redirs, io)? else { return Ok(self.redir_status()) };
                let res = self.exec(m, body, &io);
                self.close_redirs(m, files);
                res?
            }
            Node::If { branches, otherwise, redirs } => {
                let Some((io, files)) = self.open_redirs(m, redirs, io)? else { return Ok(self.redir_status()) };
                let res = self.if_clause(m, branches, otherwise.as_deref(), &io);
                self.close_redirs(m, files);
                res?
            }
            Node::For { var, words, body, redirs } => {
                let Some((io, files)) = self.open_redirs(m, redirs, io)? else { return Ok(self.redir_status()) };
                let res = self.for_loop(m, var, words.as_deref(), body, &io);
                self.close_redirs(m, files);
                res?
            }
            Node::While { cond, body, until, redirs } => {
                let Some((io, files)) = self.open_redirs(m, redirs, io)? else { return Ok(self.redir_status()) };
                let res = self.while_loop(m, cond, body, *until, &io);
                self.close_redirs(m, files);
                res?
            }
            Node::Case { word, arms, redirs } => {
                let Some((io, files)) = self.open_redirs(m, redirs, io)? else { return Ok(self.redir_status()) };
                let res = self.case(m, word, arms, &io);
                self.close_redirs(m, files);
                res?
            }
            Node::FuncDef { name, body } => {
                self.funcs.insert(name.clone(), body.clone());
                0
            }
        };
        Ok(status)
    }

    fn redir_status(&self) -> i32 {
        if self.dialect == Dialect::Dash { 2 } else { 1 }
    }

    fn check_errexit(&self, status: i32) -> Result<(), Ctrl> {
        if self.errexit && status != 0 && self.cond_depth == 0 {
            return Err(Ctrl::Exit(status));
        }
        Ok(())
    }

    fn background(&mut self, m: &mut Machine, cmd: &Node, io: &Io) -> Result<i32, Ctrl> {
        let mut child = self.clone();
        match child.exec(m, cmd, io) {
            Err(Ctrl::Serving(listener)) => {
                m.background.insert(listener.program.clone(), listener);
            }
            Err(Ctrl::Hung) => return Err(Ctrl::Hung),
            _ => {}
        }
        Ok(0)
    }

    /// Runs `body` in a copy of the shell state; `exit` only leaves the copy.
    pub fn subshell(&mut self, m: &mut Machine, body: &Node, io: &Io) -> Result<i32, Ctrl> {
        let mut child = self.clone();
        child.loop_depth = 0;
        match child.exec(m, body, io) {
            Ok(status) | Err(Ctrl::Exit(status) | Ctrl::Return(status)) => Ok(status),
            Err(Ctrl::Break(_) | Ctrl::Continue(_)) => Ok(0),
            Err(other) => Err(other),
        }
    }

    /// Runs a command substitution and returns its output without trailing newlines.
    pub fn command_substitution(&mut self, m: &mut Machine, text: &str, io: &Io) -> Result<String, Ctrl> {
        m.tick()?;
        if m.depth >= MAX_DEPTH {
            self.error(m, io, "command substitution nested too deeply");
            return Err(Ctrl::Exit(2));
        }
        let buf = m.new_buf();
        let sub_io = Io { stdin: io.stdin.clone(), out: Sink::Buf(buf), err: io.err };
        let mut child = self.clone();
        child.cond_depth = 0;
        m.depth += 1;
        let res = child.run_script(m, text, &sub_io);
        m.depth -= 1;
        let status = match res {
            Ok(status) | Err(Ctrl::Exit(status) | Ctrl::Return(status)) => status,
            Err(Ctrl::Break(_) | Ctrl::Continue(_)) => 0,
            Err(other) => return Err(other),
        };
        self.subst_status = Some(status);
        let mut out = m.take_buf(buf);
        while out.ends_with('\n') {
            out.pop();
        }
        Ok(out)
    }

    fn pipeline(&mut self, m: &mut Machine, cmds: &[Node], io: &Io) -> Result<i32, Ctrl> {
        if cmds.len() == 1 {
            return self.exec(m, &cmds[0], io);
        }
        let mut stdin = io.stdin.clone();
        let mut status = 0;
        let mut failed = 0;
        for (idx, cmd) in cmds.iter().enumerate() {
            let last = idx + 1 == cmds.len();
            let buf = if last { None } else { Some(m.new_pipe()) };
            let cmd_io = Io { stdin: stdin.clone(), out: buf.map(Sink::Buf).unwrap_or(io.out), err: io.err };
            let mut child = self.clone();
            child.cond_depth = 0;
            child.errexit = self.errexit;
            status = match child.exec(m, cmd, &cmd_io) {
                Ok(status) | Err(Ctrl::Exit(status) | Ctrl::Return(status)) => status,
                Err(Ctrl::Break(_) | Ctrl::Continue(_)) => 0,
                Err(other) => return Err(other),
            };
            if status != 0 {
                failed = status;
            }
            if let Some(buf) = buf {
                stdin = Some(Rc::new(RefCell::new(m.take_buf(buf))));
            }
        }
        Ok(if self.pipefail { failed } else { status })
    }

    fn if_clause(
        &mut self,
        m: &mut Machine,
        branches: &[(Node, Node)],
        otherwise: Option<&Node>,
        io: &Io,
    ) -> Result<i32, Ctrl> {
        for (cond, body) in branches {
            self.cond_depth += 1;
            let res = self.exec(m, cond, io);
            self.cond_depth -= 1;
            if res? == 0 {
                return self.exec(m, body, io);
            }
        }
        match otherwise {
            Some(body) => self.exec(m, body, io),
            None => Ok(0),
        }
    }

    fn for_loop(
        &mut self,
        m: &mut Machine,
        var: &str,
        words: Option<&[super::ast::Word]>,
        body: &Node,
        io: &Io,
    ) -> Result<i32, Ctrl> {
        let items = match words {
            Some(words) => self.expand_words(m, words, io)?,
            None => self.args.clone(),
        };
        let mut status = 0;
        self.loop_depth += 1;
        for item in items {
            m.tick()?;
            self.set(var, item);
            match self.exec(m, body, io) {
                Ok(s) => status = s,
                Err(Ctrl::Break(n)) => {
                    if n > 1 {
                        self.loop_depth -= 1;
                        return Err(Ctrl::Break(n - 1));
                    }
                    break;
                }
                Err(Ctrl::Continue(n)) => {
                    if n > 1 {
                        self.loop_depth -= 1;
                        return Err(Ctrl::Continue(n - 1));
                    }
                }
                Err(other) => {
                    self.loop_depth -= 1;
                    return Err(other);
                }
            }
        }
        self.loop_depth -= 1;
        Ok(status)
    }

    fn while_loop(&mut self, m: &mut Machine, cond: &Node, body: &Node, until: bool, io: &Io) -> Result<i32, Ctrl> {
        let mut status = 0;
        self.loop_depth += 1;
        let res = loop {
            if let Err(ctrl) = m.tick() {
                break Err(ctrl);
            }
            self.cond_depth += 1;
            let cond_res = self.exec(m, cond, io);
            self.cond_depth -= 1;
            let cond_status = match cond_res {
                Ok(s) => s,
                Err(Ctrl::Break(_)) => break Ok(status),
                Err(Ctrl::Continue(_)) => continue,
                Err(other) => break Err(other),
            };
            if (cond_status == 0) == until {
                break Ok(status);
            }
            match self.exec(m, body, io) {
                Ok(s) => status = s,
                Err(Ctrl::Break(n)) if n > 1 => break Err(Ctrl::Break(n - 1)),
                Err(Ctrl::Break(_)) => break Ok(status),
                Err(Ctrl::Continue(n)) if n > 1 => break Err(Ctrl::Continue(n - 1)),
                Err(Ctrl::Continue(_)) => {}
                Err(other) => break Err(other),
            }
        };
        self.loop_depth -= 1;
        res
    }

    fn case(
        &mut self,
        m: &mut Machine,
        word: &super::ast::Word,
        arms: &[(Vec<super::ast::Word>, Node)],
        io: &Io,
    ) -> Result<i32, Ctrl> {
        let value = self.expand_single(m, word, io)?;
        for (patterns, body) in arms {
            for pattern in patterns {
                let pattern = self.expand_pattern(m, pattern, io)?;
                if super::glob::fnmatch(&pattern, &value) {
                    return self.exec(m, body, io);
                }
            }
        }
        Ok(0)
    }

    /// Runs a function body with new positional parameters.
    pub fn call_function(&mut self, m: &mut Machine, body: &Node, args: Vec<String>, io: &Io) -> Result<i32, Ctrl> {
        if self.func_depth >= MAX_DEPTH {
            self.error(m, io, "function nesting too deep");
            return Err(Ctrl::Exit(2));
        }
        let saved = std::mem::replace(&mut self.args, args);
        let saved_loop = std::mem::replace(&mut self.loop_depth, 0);
        self.func_depth += 1;
        let res = self.exec(m, body, io);
        self.func_depth -= 1;
        self.args = saved;
        self.loop_depth = saved_loop;
        match res {
            Ok(status) | Err(Ctrl::Return(status)) => Ok(status),
            Err(other) => Err(other),
        }
    }
}
