//! The registry of simulated programs: a found executable does what its name says.
//!
//! [`run`] maps a program identity (usually the basename) to its simulation. Shells, coreutils,
//! text tools, networking tools, package managers and servers are covered; any other found program
//! prints nothing and exits 0 (S-META-2 keeps unknown binaries harmless).

use crate::sh::Env;

use super::cmds::{files, net, servers, sys, text};
use super::interp::{Dialect, Shell};
use super::machine::{Ctrl, Io, Machine};
use crate::fs::normalize;

/// A running program: its arguments, environment, working directory and streams.
#[derive(Debug, Clone)]
pub(crate) struct Proc {
    /// `argv[0]` and the arguments.
    pub argv: Vec<String>,
    /// The environment.
    pub env: Env,
    /// The working directory.
    pub cwd: String,
    /// The standard streams.
    pub io: Io,
    /// Whether this is a busybox applet (message wording differs).
    pub busybox: bool,
}

impl Proc {
    /// The arguments after `argv[0]`.
    pub fn args(&self) -> &[String] {
        &self.argv[1..]
    }

    /// A path argument made absolute.
    pub fn path(&self, path: &str) -> String {
        normalize(&self.cwd, path)
    }

    /// Prints a line on stdout.
    pub fn out(&self, m: &mut Machine, text: &str) {
        m.out(&self.io, text);
    }

    /// Prints a line on stderr.
    pub fn err(&self, m: &mut Machine, text: &str) {
        m.err(&self.io, text);
    }

    /// An environment variable.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.env.get(name).map(String::as_str)
    }
}

/// Runs the program called `name`.
pub(crate) fn run(m: &mut Machine, name: &str, p: &mut Proc) -> Result<i32, Ctrl> {
    let status = match name {
        "sh" | "dash" | "bash" | "ash" => return shell(m, name, p),
        "echo" => {
            text::echo_program(m, p);
            0
        }
        "printf" => text::printf(m, &p.io, p.args())?,
        "true" => 0,
        "false" => 1,
        "test" | "[" => super::test_cmd::run(m, &p.io, &p.argv[0].clone(), p.args(), &p.cwd, Dialect::Dash),
        "cat" | "head" | "tail" | "wc" | "grep" | "egrep" | "sed" | "sort" | "uniq" | "tr" | "cut" | "seq"
        | "basename" | "dirname" | "xargs" | "tee" => return text::run(m, name, p),
        "touch" | "mkdir" | "rm" | "rmdir" | "cp" | "mv" | "ln" | "chmod" | "chown" | "ls" | "pwd" | "find" | "du"
        | "df" | "dd" | "tar" | "stat" | "realpath" | "readlink" => files::run(m, name, p),
        "env" | "printenv" => return sys::env(m, p),
        "sleep" | "id" | "whoami" | "uname" | "hostname" | "date" | "which" | "useradd" | "groupadd" | "adduser"
        | "addgroup" | "usermod" | "nproc" | "ps" | "kill" | "yes" | "getent" => return sys::run(m, name, p),
        "curl" | "wget" => return net::run(m, name, p),
        "ping" => return super::cmds::ping::run(m, p),
        "timeout" | "nohup" | "nice" => return super::cmds::wrap::run(m, name, p),
        "sha256sum" | "md5sum" => return super::cmds::checksum::run(m, name, p),
        "mktemp" | "tty" | "sync" | "unlink" => return super::cmds::misc::run(m, name, p),
        "awk" | "mawk" | "gawk" => super::cmds::awk::run(m, p),
        "expr" => super::cmds::expr::run(m, p),
        "docker-hello" => {
            p.out(m, HELLO_FROM_DOCKER);
            0
        }
        "apt-get" | "apt" => return crate::pkg::apt::run(m, p),
        "dpkg" => return crate::pkg::apt::dpkg(m, p),
        "apk" => return crate::pkg::apk::run(m, p),
        "pip" | "pip3" => return crate::pkg::pip::run(m, p, false),
        "npm" => return crate::pkg::npm::run(m, p),
        "flask" | "nginx" | "gunicorn" | "uvicorn" | "node" | "nodejs" | "go" | "java" | "tail-f" => {
            return servers::run(m, name, p);
        }
        _ if name.starts_with("python") => return servers::python(m, p),
        _ => 0,
    };
    Ok(status)
}

/// `sh`, `dash`, `bash`: `-c SCRIPT [arg0 args…]`, `FILE args…`, or a script on stdin.
fn shell(m: &mut Machine, name: &str, p: &mut Proc) -> Result<i32, Ctrl> {
    let dialect = match name {
        "bash" => Dialect::Bash,
        "dash" => Dialect::Dash,
        _ if p.busybox => Dialect::Ash,
        _ => Dialect::Dash,
    };
    let shell_name = p.argv[0].clone();
    let (mut errexit, mut xtrace, mut nounset, mut pipefail) = (false, false, false, false);
    let mut command_mode = false;
    let mut interactive = false;
    let mut idx = 1;
    while idx < p.argv.len() {
        let arg = &p.argv[idx];
        if arg == "--" {
            idx += 1;
            break;
        }
        if arg == "-o" || arg == "+o" {
            match p.argv.get(idx + 1).map(String::as_str) {
                Some("errexit") => errexit = arg == "-o",
                Some("pipefail") => pipefail = arg == "-o",
                _ => {}
            }
            idx += 2;
            continue;
        }
        let Some(flags) = arg.strip_prefix('-').filter(|f| !f.is_empty()) else { break };
        if flags.starts_with('-') {
            idx += 1;
            continue;
        }
        for flag in flags.chars() {
            match flag {
                'c' => command_mode = true,
                'i' => interactive = true,
                'e' => errexit = true,
                'x' => xtrace = true,
                'u' => nounset = true,
                _ => {}
            }
        }
        idx += 1;
    }
    let rest: Vec<String> = p.argv[idx.min(p.argv.len())..].to_vec();
    let (script, display_name, arg0, args, script_file) = if command_mode {
        let Some(script) = rest.first() else {
            let msg = match dialect {
                Dialect::Bash => format!("{shell_name}: -c: option requires an argument"),
                _ => format!("{shell_name}: 0: -c requires an argument"),
            };
            p.err(m, &msg);
            return Ok(2);
        };
        let arg0 = rest.get(1).cloned().unwrap_or_else(|| shell_name.clone());
        (script.clone(), shell_name.clone(), arg0, rest.iter().skip(2).cloned().collect(), false)
    } else if let Some(file) = rest.first() {
        let path = p.path(file);
        match m.fs.read_file(&path) {
            Ok(content) => {
                let text = content.as_text().map(|t| t.into_owned()).unwrap_or_default();
                (text, file.clone(), file.clone(), rest[1..].to_vec(), true)
            }
            Err(_) => {
                let (msg, status) = match dialect {
                    Dialect::Dash => (format!("{shell_name}: 0: cannot open {file}: No such file"), 2),
                    Dialect::Bash => (format!("{shell_name}: {file}: No such file or directory"), 127),
                    Dialect::Ash => (format!("{shell_name}: can't open '{file}': No such file or directory"), 2),
                };
                p.err(m, &msg);
                return Ok(status);
            }
        }
    } else {
        let text = p.io.read_all();
        (text, shell_name.clone(), shell_name.clone(), Vec::new(), false)
    };
    let mut sh = Shell::new(dialect, &display_name, &p.env, &p.cwd);
    sh.script_file = script_file;
    sh.interactive = interactive;
    sh.errexit = errexit;
    sh.xtrace = xtrace;
    sh.nounset = nounset;
    sh.pipefail = pipefail;
    sh.arg0 = arg0;
    sh.args = args;
    match sh.run_script(m, &script, &p.io) {
        Ok(status) | Err(Ctrl::Exit(status) | Ctrl::Return(status)) => Ok(status),
        Err(Ctrl::Break(_) | Ctrl::Continue(_)) => Ok(0),
        Err(other) => Err(other),
    }
}

/// What hello-world's `/hello` prints (it starts and ends with an empty line).
const HELLO_FROM_DOCKER: &str = "
Hello from Docker!
This message shows that your installation appears to be working correctly.

To generate this message, Docker took the following steps:
 1. The Docker client contacted the Docker daemon.
 2. The Docker daemon pulled the \"hello-world\" image from the Docker Hub.
    (amd64)
 3. The Docker daemon created a new container from that image which runs the
    executable that produces the output you are currently reading.
 4. The Docker daemon streamed that output to the Docker client, which sent it
    to your terminal.

To try something more ambitious, you can run an Ubuntu container with:
 $ docker run -it ubuntu bash

Share images, automate workflows, and more with a free Docker ID:
 https://hub.docker.com/

For more examples and ideas, visit:
 https://docs.docker.com/get-started/
";
