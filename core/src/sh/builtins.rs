//! Simple-command execution and the shell builtins (`cd`, `export`, `set`, `read`, `.`, `exit`, …).
//!
//! Dispatch order follows POSIX: special builtins, functions, regular builtins, then `PATH`
//! lookup. `source` exists in bash and ash but not in dash, which answers `source: not found` like
//! the real `/bin/sh` on Debian and Ubuntu.

use super::ast::{Redir, Word};
use super::cmds::text::{echo, printf};
use super::exec;
use super::interp::{Dialect, Shell};
use super::machine::{Ctrl, Io, MAX_DEPTH, Machine};
use super::test_cmd;
use crate::fs::normalize;

const SPECIAL: [&str; 15] = [
    ":", ".", "break", "continue", "eval", "exec", "exit", "export", "readonly", "return", "set", "shift", "trap",
    "unset", "times",
];
const REGULAR: [&str; 21] = [
    "cd", "pwd", "echo", "printf", "test", "[", "true", "false", "read", "local", "umask", "wait", "command", "type",
    "hash", "alias", "ulimit", "source", "let", "getopts", "shopt",
];

/// The home directory of a user from `/etc/passwd`.
pub(crate) fn home_of(m: &Machine, user: &str) -> Option<String> {
    let passwd = m.read_text("/etc/passwd")?;
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        (fields.len() >= 6 && fields[0] == user).then(|| fields[5].to_string())
    })
}

impl Shell {
    /// Runs one simple command.
    pub(crate) fn simple(
        &mut self,
        m: &mut Machine,
        assigns: &[(String, Word)],
        words: &[Word],
        redirs: &[Redir],
        io: &Io,
    ) -> Result<i32, Ctrl> {
        m.tick()?;
        self.subst_status = None;
        // bash's `[[`; busybox ash (built with its bash compatibility, as Alpine's is) has it too.
        if self.dialect != Dialect::Dash
            && assigns.is_empty()
            && words.len() >= 2
            && words[0].as_literal() == Some("[[")
            && words[words.len() - 1].as_literal() == Some("]]")
        {
            let Some((cmd_io, files)) = self.open_redirs(m, redirs, io)? else { return Ok(self.redir_status_pub()) };
            let res = self.conditional(m, &words[1..words.len() - 1], &cmd_io);
            self.close_redirs(m, files);
            return res;
        }
        let argv = self.expand_words(m, words, io)?;
        let mut assigned = Vec::new();
        for (name, word) in assigns {
            let value = self.expand_single(m, word, io)?;
            assigned.push((name.clone(), value));
        }
        if self.xtrace {
            let mut trace: Vec<String> = assigned.iter().map(|(n, v)| format!("{n}={}", quote_trace(v))).collect();
            trace.extend(argv.iter().map(|arg| quote_trace(arg)));
            let line = format!("+ {}", trace.join(" "));
            m.err(io, &line);
        }
        let Some((cmd_io, files)) = self.open_redirs(m, redirs, io)? else { return Ok(self.redir_status_pub()) };
        let res = if argv.is_empty() {
            for (name, value) in assigned {
                self.set(&name, value);
            }
            Ok(self.subst_status.unwrap_or(0))
        } else {
            self.dispatch(m, argv, assigned, &cmd_io)
        };
        self.close_redirs(m, files);
        res
    }

    fn redir_status_pub(&self) -> i32 {
        if self.dialect == Dialect::Dash { 2 } else { 1 }
    }

    fn dispatch(
        &mut self,
        m: &mut Machine,
        argv: Vec<String>,
        assigned: Vec<(String, String)>,
        io: &Io,
    ) -> Result<i32, Ctrl> {
        let name = argv[0].as_str();
        let is_builtin = SPECIAL.contains(&name)
            || (REGULAR.contains(&name)
                && !(name == "source" && self.dialect == Dialect::Dash)
                && !(matches!(name, "let" | "shopt") && self.dialect != Dialect::Bash));
        if SPECIAL.contains(&name) {
            for (key, value) in &assigned {
                self.set(key, value.clone());
            }
            return self.builtin(m, &argv, io);
        }
        if let Some(body) = self.funcs.get(name).cloned() {
            for (key, value) in &assigned {
                self.set(key, value.clone());
            }
            return self.call_function(m, &body, argv[1..].to_vec(), io);
        }
        if is_builtin {
            return self.builtin(m, &argv, io);
        }
        let mut env = self.env();
        env.extend(assigned);
        exec::run_external(m, self, &argv, env, io)
    }

    fn builtin(&mut self, m: &mut Machine, argv: &[String], io: &Io) -> Result<i32, Ctrl> {
        let args = &argv[1..];
        let status = match argv[0].as_str() {
            // Shell options that change nothing the simulation shows (`shopt -s nullglob`, `globstar`).
            ":" | "true" | "trap" | "wait" | "hash" | "alias" | "times" | "getopts" | "shopt" => 0,
            "false" => 1,
            "echo" => {
                let interpret = self.dialect == Dialect::Dash;
                echo(m, io, args, interpret);
                0
            }
            "printf" => printf(m, io, args)?,
            "test" | "[" => test_cmd::run(m, io, &argv[0], args, &self.cwd, self.dialect),
            "pwd" => {
                m.out(io, &self.cwd.clone());
                0
            }
            "umask" => {
                m.out(io, "0022");
                0
            }
            "ulimit" => {
                m.out(io, "unlimited");
                0
            }
            "cd" => self.cd(m, args, io),
            "export" | "readonly" | "local" => {
                let export = argv[0] == "export";
                for arg in args.iter().filter(|arg| !arg.starts_with('-')) {
                    let (name, value) = match arg.split_once('=') {
                        Some((name, value)) => (name.to_string(), Some(value.to_string())),
                        None => (arg.clone(), None),
                    };
                    if let Some(value) = value {
                        self.set(&name, value);
                    } else if !self.vars.contains_key(&name) && !export {
                        self.set(&name, String::new());
                    }
                    if export {
                        let var = self
                            .vars
                            .entry(name)
                            .or_insert(super::interp::Var { value: String::new(), exported: true });
                        var.exported = true;
                    }
                }
                if export && args.iter().all(|arg| arg.starts_with('-')) {
                    let lines: Vec<String> = self
                        .vars
                        .iter()
                        .filter(|(_, var)| var.exported)
                        .map(|(name, var)| format!("export {name}='{}'", var.value))
                        .collect();
                    for line in lines {
                        m.out(io, &line);
                    }
                }
                0
            }
            "unset" => {
                let functions = args.first().is_some_and(|a| a == "-f");
                for name in args.iter().filter(|arg| !arg.starts_with('-')) {
                    if functions {
                        self.funcs.remove(name);
                    } else {
                        self.vars.remove(name);
                    }
                }
                0
            }
            "set" => self.set_builtin(m, args, io)?,
            "shift" => {
                let count: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(1);
                if count > self.args.len() {
                    self.error(m, io, "shift: can't shift that many");
                    return Err(Ctrl::Exit(2));
                }
                self.args.drain(..count);
                0
            }
            "exit" => {
                let status = match args.first() {
                    None => self.status,
                    Some(arg) => match arg.parse::<i64>() {
                        Ok(n) => (n & 0xff) as i32,
                        Err(_) => {
                            self.error(m, io, &format!("exit: Illegal number: {arg}"));
                            2
                        }
                    },
                };
                return Err(Ctrl::Exit(status));
            }
            "return" => {
                let status = args.first().and_then(|a| a.parse::<i32>().ok()).unwrap_or(self.status);
                if self.func_depth == 0 && self.dialect == Dialect::Bash {
                    self.error(m, io, "return: can only `return' from a function or sourced script");
                    return Ok(1);
                }
                return Err(Ctrl::Return(status));
            }
            "break" | "continue" => {
                let n: u32 = args.first().and_then(|a| a.parse().ok()).unwrap_or(1).max(1);
                if self.loop_depth == 0 {
                    return Ok(0);
                }
                let n = n.min(self.loop_depth);
                return Err(if argv[0] == "break" { Ctrl::Break(n) } else { Ctrl::Continue(n) });
            }
            "eval" => {
                let script = args.join(" ");
                let line = self.line;
                let res = self.nested(m, io, "eval", |shell, m| shell.run_script(m, &script, io));
                self.line = line;
                return res;
            }
            "." | "source" => return self.source(m, args, io),
            "exec" => {
                if args.is_empty() {
                    return Ok(0);
                }
                let env = self.env();
                let status = exec::run_external(m, self, args, env, io)?;
                return Err(Ctrl::Exit(status));
            }
            "read" => {
                let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
                let Some(line) = io.read_line() else {
                    for name in names {
                        self.set(name, String::new());
                    }
                    return Ok(1);
                };
                let mut rest = line.trim_start().to_string();
                for (idx, name) in names.iter().enumerate() {
                    if idx + 1 == names.len() {
                        self.set(name, rest.trim_end().to_string());
                        rest.clear();
                    } else {
                        let (word, tail) = rest.split_once(char::is_whitespace).unwrap_or((&rest, ""));
                        let (word, tail) = (word.to_string(), tail.trim_start().to_string());
                        self.set(name, word);
                        rest = tail;
                    }
                }
                if names.is_empty() {
                    self.set("REPLY", line);
                }
                0
            }
            "let" => {
                let mut status = 1;
                for arg in args {
                    let expr = super::ast::Word {
                        parts: vec![super::ast::Part::Arith(vec![super::ast::Part::Lit(arg.clone())])],
                    };
                    let value = self.expand_single(m, &expr, io)?;
                    status = i32::from(value == "0");
                }
                status
            }
            "command" | "type" => return self.command_builtin(m, argv, io),
            _ => 0,
        };
        Ok(status)
    }

    fn cd(&mut self, m: &mut Machine, args: &[String], io: &Io) -> i32 {
        let target = match args.iter().find(|a| !a.starts_with('-') || a.as_str() == "-") {
            None => self.get("HOME").unwrap_or("/root").to_string(),
            Some(dash) if dash == "-" => self.get("OLDPWD").unwrap_or("/").to_string(),
            Some(dir) => dir.clone(),
        };
        let path = normalize(&self.cwd, &target);
        match m.fs.stat(&path) {
            Some(entry) if entry.is_dir() => {
                let old = std::mem::replace(&mut self.cwd, path.clone());
                self.set("OLDPWD", old);
                self.set("PWD", path);
                0
            }
            other => {
                let reason = if other.is_some() { "Not a directory" } else { "No such file or directory" };
                let (msg, status) = match self.dialect {
                    Dialect::Dash => (format!("cd: can't cd to {target}"), 2),
                    Dialect::Bash => (format!("cd: {target}: {reason}"), 1),
                    Dialect::Ash => (format!("cd: can't cd to {target}: {reason}"), 1),
                };
                self.error(m, io, &msg);
                status
            }
        }
    }

    fn set_builtin(&mut self, m: &mut Machine, args: &[String], io: &Io) -> Result<i32, Ctrl> {
        if args.is_empty() {
            let lines: Vec<String> = self.vars.iter().map(|(name, var)| format!("{name}='{}'", var.value)).collect();
            for line in lines {
                m.out(io, &line);
            }
            return Ok(0);
        }
        let mut idx = 0;
        while idx < args.len() {
            let arg = &args[idx];
            if arg == "--" {
                self.args = args[idx + 1..].to_vec();
                return Ok(0);
            }
            let (on, flags) = match (arg.strip_prefix('-'), arg.strip_prefix('+')) {
                (Some(flags), _) => (true, flags),
                (_, Some(flags)) => (false, flags),
                _ => {
                    self.args = args[idx..].to_vec();
                    return Ok(0);
                }
            };
            if flags == "o" {
                idx += 1;
                match args.get(idx).map(String::as_str) {
                    Some("errexit") => self.errexit = on,
                    Some("xtrace") => self.xtrace = on,
                    Some("nounset") => self.nounset = on,
                    // Debian's and Ubuntu's dash (0.5.11, 0.5.12) have no pipefail; an error in a
                    // special builtin ends a non-interactive shell.
                    Some("pipefail") if self.dialect == Dialect::Dash => {
                        self.error(m, io, &format!("set: Illegal option {arg} pipefail"));
                        return Err(Ctrl::Exit(2));
                    }
                    Some("pipefail") => self.pipefail = on,
                    _ => {}
                }
            } else {
                for flag in flags.chars() {
                    match flag {
                        'e' => self.errexit = on,
                        'x' => self.xtrace = on,
                        'u' => self.nounset = on,
                        _ => {}
                    }
                }
            }
            idx += 1;
        }
        Ok(0)
    }

    /// Runs `body` one level deeper, as a function call is: `eval` of `eval …` and a script that
    /// sources itself stop at [`MAX_DEPTH`] levels instead of recursing until the stack overflows.
    fn nested(
        &mut self,
        m: &mut Machine,
        io: &Io,
        what: &str,
        body: impl FnOnce(&mut Shell, &mut Machine) -> Result<i32, Ctrl>,
    ) -> Result<i32, Ctrl> {
        if self.func_depth >= MAX_DEPTH {
            self.error(m, io, &format!("{what}: nesting too deep"));
            return Err(Ctrl::Exit(2));
        }
        self.func_depth += 1;
        let res = body(self, m);
        self.func_depth -= 1;
        res
    }

    fn source(&mut self, m: &mut Machine, args: &[String], io: &Io) -> Result<i32, Ctrl> {
        let Some(file) = args.first() else { return Ok(0) };
        let path = if file.contains('/') {
            Some(normalize(&self.cwd, file))
        } else {
            let path_var = self.get("PATH").unwrap_or(super::DEFAULT_PATH).to_string();
            path_var
                .split(':')
                .map(|dir| normalize(&self.cwd, &format!("{dir}/{file}")))
                .find(|p| m.fs.stat(p).is_some_and(|e| e.is_file()))
                .or_else(|| (self.dialect != Dialect::Dash).then(|| normalize(&self.cwd, file)))
        };
        let text = path.as_deref().and_then(|p| m.read_text(p));
        let Some(text) = text else {
            return match self.dialect {
                Dialect::Dash => {
                    self.error(m, io, &format!(".: cannot open {file}: No such file"));
                    Err(Ctrl::Exit(2))
                }
                _ => {
                    self.error(m, io, &format!("{file}: No such file or directory"));
                    Ok(1)
                }
            };
        };
        let saved_args =
            if args.len() > 1 { Some(std::mem::replace(&mut self.args, args[1..].to_vec())) } else { None };
        let line = self.line;
        let res = self.nested(m, io, file, |shell, m| shell.run_script(m, &text, io));
        self.line = line;
        if let Some(saved) = saved_args {
            self.args = saved;
        }
        match res {
            Err(Ctrl::Return(status)) => Ok(status),
            other => other,
        }
    }

    fn command_builtin(&mut self, m: &mut Machine, argv: &[String], io: &Io) -> Result<i32, Ctrl> {
        let is_type = argv[0] == "type";
        let verbose = argv.get(1).is_some_and(|a| a == "-v" || a == "-V");
        if !is_type && !verbose {
            let rest: Vec<String> = argv[1..].iter().filter(|a| !a.starts_with('-')).cloned().collect();
            if rest.is_empty() {
                return Ok(0);
            }
            let env = self.env();
            return exec::run_external(m, self, &rest, env, io);
        }
        let names: Vec<&String> = argv[1..].iter().filter(|a| !a.starts_with('-')).collect();
        let mut status = 0;
        for name in names {
            let builtin = SPECIAL.contains(&name.as_str()) || REGULAR.contains(&name.as_str());
            if self.funcs.contains_key(name.as_str()) {
                m.out(io, &if is_type { format!("{name} is a shell function") } else { name.clone() });
            } else if builtin {
                m.out(io, &if is_type { format!("{name} is a shell builtin") } else { name.clone() });
            } else {
                let path_var = self.get("PATH").unwrap_or(super::DEFAULT_PATH).to_string();
                match exec::lookup(m.fs, &path_var, &self.cwd, name) {
                    exec::Lookup::Found(path) => {
                        m.out(io, &if is_type { format!("{name} is {path}") } else { path });
                    }
                    _ => {
                        if is_type {
                            m.out(io, &format!("{name}: not found"));
                        }
                        status = if is_type { 1 } else { 127 };
                        if !is_type {
                            status = 1;
                        }
                    }
                }
            }
        }
        Ok(status)
    }
}

fn quote_trace(arg: &str) -> String {
    if !arg.is_empty() && arg.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:,@%+".contains(c)) {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', "'\\''"))
    }
}
