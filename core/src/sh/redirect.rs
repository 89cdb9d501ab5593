//! Redirections: `<`, `>`, `>>`, `2>&1`, `&>`, here-documents, `/dev/null` and the dash, bash and
//! ash wording of their failures (`cannot create x: Directory nonexistent`, status 2 in dash).
//!
//! Output to a file is collected in a machine buffer and written when the command finishes; the
//! file is created (or truncated) when the redirection is opened, as the kernel would.

use std::cell::RefCell;
use std::rc::Rc;

use super::ast::{Redir, RedirOp};
use super::interp::{Dialect, Shell};
use super::machine::{Ctrl, Io, Machine, Sink};
use crate::fs::{Content, normalize};

impl Shell {
    /// Applies redirections; `Ok(None)` when one failed (its message is already printed).
    pub fn open_redirs(&mut self, m: &mut Machine, redirs: &[Redir], io: &Io) -> Result<Option<(Io, OpenFiles)>, Ctrl> {
        let mut io = io.clone();
        let mut files = Vec::new();
        for redir in redirs {
            let opened = match &redir.op {
                RedirOp::Read(word) => {
                    let target = self.expand_single(m, word, &io)?;
                    let path = normalize(&self.cwd, &target);
                    if path == "/dev/null" {
                        set_fd(&mut io, redir.fd, FdValue::Input(String::new()));
                        true
                    } else {
                        match m.fs.read_file(&path) {
                            Ok(content) => {
                                let text = content.as_text().map(|t| t.into_owned()).unwrap_or_default();
                                set_fd(&mut io, redir.fd, FdValue::Input(text));
                                true
                            }
                            Err(error) => {
                                let msg = match self.dialect {
                                    Dialect::Dash => format!("cannot open {target}: No such file"),
                                    _ => format!("{target}: {error}"),
                                };
                                self.error(m, &io, &msg);
                                false
                            }
                        }
                    }
                }
                RedirOp::Write(word) | RedirOp::Append(word) | RedirOp::Both(word) => {
                    let target = self.expand_single(m, word, &io)?;
                    let append = matches!(redir.op, RedirOp::Append(_));
                    match self.open_output(m, &target, append, &io) {
                        Some(sink) => {
                            if let Sink::Buf(buf) = sink
                                && !files.iter().any(|(_, path)| *path == normalize(&self.cwd, &target))
                            {
                                files.push((buf, normalize(&self.cwd, &target)));
                            }
                            if matches!(redir.op, RedirOp::Both(_)) {
                                io.out = sink;
                                io.err = sink;
                            } else {
                                set_fd(&mut io, redir.fd, FdValue::Output(sink));
                            }
                            true
                        }
                        None => false,
                    }
                }
                RedirOp::Dup(word) => {
                    let target = self.expand_single(m, word, &io)?;
                    let sink = match target.as_str() {
                        "1" => Some(io.out),
                        "2" => Some(io.err),
                        "-" => Some(Sink::Null),
                        "0" => None,
                        _ => None,
                    };
                    if let Some(sink) = sink {
                        set_fd(&mut io, redir.fd, FdValue::Output(sink));
                        true
                    } else if target == "0" {
                        true
                    } else {
                        let msg = format!("{target}: Bad file descriptor");
                        self.error(m, &io, &msg);
                        false
                    }
                }
                RedirOp::HereDoc { body, expand, .. } => {
                    let text = if *expand {
                        match super::lexer::parse_heredoc(body) {
                            Ok(parts) => self.expand_parts_single(m, &parts, &io)?,
                            Err(_) => body.clone(),
                        }
                    } else {
                        body.clone()
                    };
                    set_fd(&mut io, redir.fd, FdValue::Input(text));
                    true
                }
            };
            if !opened {
                self.close_redirs(m, files);
                return Ok(None);
            }
        }
        Ok(Some((io, files)))
    }

    fn open_output(&mut self, m: &mut Machine, target: &str, append: bool, io: &Io) -> Option<Sink> {
        let path = normalize(&self.cwd, target);
        match path.as_str() {
            "/dev/null" => return Some(Sink::Null),
            "/dev/stdout" | "/proc/self/fd/1" => return Some(io.out),
            "/dev/stderr" | "/proc/self/fd/2" => return Some(io.err),
            _ => {}
        }
        let failure = match m.fs.stat(&path) {
            Some(entry) if entry.is_dir() => Some("Is a directory"),
            Some(_) => None,
            None => {
                let (parent, _) = crate::fs::split_parent(&path);
                if m.fs.stat(parent).is_some_and(|e| e.is_dir()) { None } else { Some("Directory nonexistent") }
            }
        };
        if let Some(reason) = failure {
            let msg = match (self.dialect, reason) {
                (Dialect::Dash, _) => format!("cannot create {target}: {reason}"),
                (_, "Directory nonexistent") => format!("{target}: No such file or directory"),
                _ => format!("{target}: {reason}"),
            };
            self.error(m, io, &msg);
            return None;
        }
        if !append || !m.fs.exists(&path) {
            let (uid, gid) = (m.uid, m.gid);
            let mode = m.fs.stat(&path).map(|e| e.mode).unwrap_or(0o644);
            if m.fs.write_file(&path, Content::text(""), mode, uid, gid).is_err() {
                return None;
            }
        }
        Some(Sink::Buf(m.new_buf()))
    }

    /// Writes redirected output buffers to their files.
    pub fn close_redirs(&mut self, m: &mut Machine, files: Vec<(usize, String)>) {
        for (buf, path) in files {
            let data = m.take_buf(buf);
            if data.is_empty() {
                continue;
            }
            let existing = m.read_text(&path).unwrap_or_default();
            let _ = m.write_text(&path, &(existing + &data));
        }
    }
}

/// Redirected output files: the buffer collecting the output and the file path.
pub(crate) type OpenFiles = Vec<(usize, String)>;

enum FdValue {
    Input(String),
    Output(Sink),
}

fn set_fd(io: &mut Io, fd: u32, value: FdValue) {
    match (fd, value) {
        (0, FdValue::Input(text)) => io.stdin = Some(Rc::new(RefCell::new(text))),
        (1, FdValue::Output(sink)) => io.out = sink,
        (2, FdValue::Output(sink)) => io.err = sink,
        _ => {}
    }
}
