//! Layer steps before and after the cache lookup: expands RUN, COPY, ADD and WORKDIR into a
//! [`Prepared`] step (cache inputs, history text, the action), and runs the action on a filesystem.
//! COPY follows S-INSTR-COPY: sources relative to the context root, directories copy their contents,
//! a trailing `/` on the destination makes it a directory, owners default to `0:0`.

use crate::cache::CacheInput;
use crate::context::{ContextEntry, clean, glob_match, has_wildcard};
use crate::digest::Digest;
use crate::fs::{Content, Entry, EntryKind, Fs};
use crate::instruction::{Command, CommandLine, Heredoc, Instruction};
use crate::words;

use super::exec::{Prepared, StageState, argv_of};
use super::{Build, BuildError};

/// One file to write.
#[derive(Debug, Clone)]
pub(crate) struct CopyItem {
    pub dest: String,
    pub entry: Entry,
}

/// What a layer step does once it runs.
pub(crate) enum Action {
    Run { argv: Vec<String>, network: bool, stdin: Option<String> },
    Copy { items: Vec<CopyItem> },
    Workdir { path: String, uid: u32, gid: u32 },
}

impl Action {
    /// Runs the action; returns the simulated elapsed milliseconds.
    pub(crate) fn run(
        &self,
        fs: &mut Fs,
        build: &mut Build,
        state: &StageState,
        vertex: usize,
    ) -> Result<u64, BuildError> {
        match self {
            Action::Run { argv, network, stdin } => {
                build.run_process(fs, state, vertex, argv.clone(), *network, stdin.clone())
            }
            Action::Copy { items } => {
                let mut bytes = 0;
                for item in items {
                    let parent = crate::fs::split_parent(&item.dest).0.to_string();
                    if !fs.stat(&parent).is_some_and(|e| e.is_dir()) {
                        let _ = fs.mkdir_all(&parent, 0o755, 0, 0);
                    }
                    let result = match &item.entry.kind {
                        EntryKind::File(content) => {
                            bytes += content.len();
                            if fs.stat(&item.dest).is_some_and(|e| e.is_dir()) {
                                let _ = fs.remove_all(&item.dest);
                            }
                            fs.write_file(&item.dest, content.clone(), item.entry.mode, item.entry.uid, item.entry.gid)
                        }
                        EntryKind::Dir => {
                            if fs.stat(&item.dest).is_some_and(|e| e.is_dir()) {
                                Ok(())
                            } else {
                                fs.mkdir_all(&item.dest, item.entry.mode, item.entry.uid, item.entry.gid)
                            }
                        }
                        EntryKind::Symlink(target) => fs.symlink(target, &item.dest),
                    };
                    if let Err(e) = result {
                        return Err(step_error(format!("failed to copy files: {e}")));
                    }
                }
                Ok(20 + bytes / 50_000_000)
            }
            Action::Workdir { path, uid, gid } => {
                if !fs.stat(path).is_some_and(|e| e.is_dir()) {
                    fs.mkdir_all(path, 0o755, *uid, *gid).map_err(|e| step_error(format!("mkdir {path}: {e}")))?;
                }
                Ok(10)
            }
        }
    }
}

fn step_error(message: String) -> BuildError {
    BuildError::Step { message, lines: (0, 0), vertex: 0, exit_code: None }
}

impl Build {
    /// Expands a layer step and computes its cache inputs. An `Err` is the vertex error text.
    pub(super) fn prepare_step(&self, state: &StageState, ins: &Instruction) -> Result<Prepared, String> {
        let escape = self.parse.dockerfile.escape;
        let lookup = |n: &str| state.lookup(n);
        let word = |w: &str| words::expand_word(w, escape, &lookup).map_err(|e| e.to_string());
        let workdir =
            if state.config.working_dir.is_empty() { "/".to_string() } else { state.config.working_dir.clone() };
        match &ins.command {
            Command::Run(run) => {
                let shell = state.config.shell_or_default();
                let argv = run_argv(&run.command, &run.heredocs, &shell);
                let network = self.input.options.network && run.network.as_deref() != Some("none");
                let mut inputs = vec![
                    CacheInput::new("command", argv.join(" ")),
                    CacheInput::new("environment", env_text(state)),
                    CacheInput::new("working directory", workdir.clone()),
                    CacheInput::new("user", state.config.user.clone()),
                ];
                if let Some(n) = &run.network {
                    inputs.push(CacheInput::new("network", n.clone()));
                }
                if !run.mounts.is_empty() {
                    inputs.push(CacheInput::new("mounts", run.mounts.join(" ")));
                }
                let history = super::history_text::run(&argv, &state.args_with_values(), self.classic());
                Ok(Prepared {
                    op: "RUN".into(),
                    inputs,
                    history,
                    action: Action::Run { argv, network, stdin: None },
                    workdir: None,
                })
            }
            Command::Workdir(w) => {
                let path = crate::fs::normalize(&workdir, &word(&w.path.value)?);
                let inputs = vec![CacheInput::new("path", path.clone())];
                let (uid, gid) = (0, 0);
                Ok(Prepared {
                    op: "WORKDIR".into(),
                    inputs,
                    history: if self.classic() {
                        format!("/bin/sh -c #(nop) WORKDIR {path}")
                    } else {
                        format!("WORKDIR {path}")
                    },
                    action: Action::Workdir { path: path.clone(), uid, gid },
                    workdir: Some(path),
                })
            }
            Command::Copy(copy) => {
                let sources = copy.sources.iter().map(|s| s.value.to_string()).collect::<Vec<_>>();
                let from = copy.from.as_ref().map(|f| f.value.to_string());
                self.prepare_copy(
                    "COPY",
                    state,
                    &sources,
                    &copy.dest.value,
                    from,
                    &copy.flags,
                    &copy.heredocs,
                    &workdir,
                )
            }
            Command::Add(add) => {
                let sources = add.sources.iter().map(|s| s.value.to_string()).collect::<Vec<_>>();
                self.prepare_copy("ADD", state, &sources, &add.dest.value, None, &add.flags, &add.heredocs, &workdir)
            }
            _ => Err("not a layer step".to_string()),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn prepare_copy(
        &self,
        op: &str,
        state: &StageState,
        raw_sources: &[String],
        raw_dest: &str,
        from: Option<String>,
        flags: &crate::instruction::CopyFlags,
        heredocs: &[Heredoc],
        workdir: &str,
    ) -> Result<Prepared, String> {
        let escape = self.parse.dockerfile.escape;
        let lookup = |n: &str| state.lookup(n);
        let word = |w: &str| words::expand_word(w, escape, &lookup).map_err(|e| e.to_string());
        let dest_text = word(raw_dest)?;
        let dest = crate::fs::normalize(workdir, &dest_text);
        let fs_now = Fs::new(state.layers.clone());
        // A destination is a directory when it ends in `/` (or is `.`), when there are several
        // sources, or when it already exists as a directory (S-INSTR-COPY).
        let dest_is_dir = dest_text.ends_with('/')
            || dest_text == "."
            || dest_text.ends_with("/.")
            || raw_sources.len() > 1
            || fs_now.stat(&dest).is_some_and(|e| e.is_dir());
        let chown = flags.chown.as_deref().map(word).transpose()?;
        let chmod = flags.chmod.as_deref().map(word).transpose()?;
        let (uid, gid) = match &chown {
            Some(spec) => resolve_owner(&fs_now, spec)?,
            None => (0, 0),
        };
        let mode_override = match &chmod {
            Some(m) => Some(u32::from_str_radix(m, 8).map_err(|_| format!("invalid chmod parameter: '{m}'"))?),
            None => None,
        };
        let mut items: Vec<CopyItem> = Vec::new();
        let mut inputs = Vec::new();
        let mut shown_sources = Vec::new();
        let source_fs = match &from {
            Some(f) => Some(self.source_fs(f, state.index)?),
            None => None,
        };
        let multiple = raw_sources.len() > 1;
        for raw in raw_sources {
            if let Some(name) = raw.strip_prefix("<<") {
                let name = name.trim_start_matches('-').trim_matches(|c| c == '"' || c == '\'');
                let Some(doc) = heredocs.iter().find(|h| h.name == name) else { continue };
                let body =
                    if doc.expand { words::expand_display(&doc.content, escape, &lookup) } else { doc.content.clone() };
                let target = if dest_is_dir { crate::fs::join(&dest, name) } else { dest.clone() };
                inputs.push(CacheInput::new(&format!("heredoc {name}"), Digest::of(body.as_bytes()).short()));
                items.push(CopyItem {
                    dest: target,
                    entry: Entry {
                        kind: EntryKind::File(Content::text(&body)),
                        mode: mode_override.unwrap_or(0o644),
                        uid,
                        gid,
                    },
                });
                shown_sources.push(raw.clone());
                continue;
            }
            let src = word(raw)?;
            shown_sources.push(src.clone());
            if op == "ADD" && (src.starts_with("http://") || src.starts_with("https://")) {
                if !self.input.options.network {
                    let host = src.split('/').nth(2).unwrap_or("");
                    return Err(format!(
                        "failed to compute cache key: failed to load cache key: Get \"{src}\": dial tcp: lookup {host}: no such host"
                    ));
                }
                let file_name = src.rsplit('/').next().filter(|s| !s.is_empty()).unwrap_or("index.html");
                let size = 40_000 + u64::from(Digest::of(src.as_bytes()).0[0]) * 20_000;
                let target = if dest_is_dir { crate::fs::join(&dest, file_name) } else { dest.clone() };
                inputs.push(CacheInput::new(&format!("url {src}"), Digest::of(src.as_bytes()).short()));
                items.push(CopyItem {
                    dest: target,
                    entry: Entry {
                        kind: EntryKind::File(Content::synthetic(size, &src)),
                        mode: mode_override.unwrap_or(0o600),
                        uid,
                        gid,
                    },
                });
                continue;
            }
            let path = clean(&src);
            let found = match &source_fs {
                Some(fs) => {
                    collect_from_fs(fs, &path, &dest, dest_is_dir || multiple, uid, gid, chown.is_some(), mode_override)
                }
                None => {
                    collect_from_context(&self.context, &path, &dest, dest_is_dir || multiple, uid, gid, mode_override)
                }
            };
            if found.is_empty() {
                return Err(not_found(&src, &self.input.options.dockerfile_name));
            }
            for item in &found {
                if let EntryKind::File(content) = &item.entry.kind {
                    inputs.push(CacheInput::new(
                        &format!("file {}", item.dest),
                        format!("{} mode {:o}", Digest(content.digest()).short(), item.entry.mode),
                    ));
                }
            }
            items.extend(found);
        }
        let mut all_inputs = vec![
            CacheInput::new("destination", dest.clone()),
            CacheInput::new("owner", chown.clone().unwrap_or_default()),
            CacheInput::new("mode", chmod.clone().unwrap_or_default()),
            CacheInput::new(
                "source",
                from.clone()
                    .map(|f| format!("{f} {}", self.source_key(&f, state.index).map(|d| d.short()).unwrap_or_default()))
                    .unwrap_or_else(|| "build context".into()),
            ),
            CacheInput::new("files", items.iter().map(|i| i.dest.clone()).collect::<Vec<_>>().join(" ")),
        ];
        all_inputs.extend(inputs);
        let mut history = op.to_string();
        if let Some(c) = &chown {
            history.push_str(&format!(" --chown={c}"));
        }
        if let Some(c) = &chmod {
            history.push_str(&format!(" --chmod={c}"));
        }
        if self.classic() {
            // S-HIST-3: the classic builder names the sources by a content hash, with a trailing space.
            let digest = Digest::of_parts(items.iter().map(|i| i.dest.as_bytes())).hex();
            let kind = if raw_sources.len() > 1 {
                "multi"
            } else if items.len() > 1 {
                "dir"
            } else {
                "file"
            };
            history = format!("/bin/sh -c #(nop) {history} {kind}:{digest} in {dest_text} ");
        } else {
            history.push_str(&format!(" {} {dest_text} # buildkit", shown_sources.join(" ")));
        }
        Ok(Prepared { op: op.to_string(), inputs: all_inputs, history, action: Action::Copy { items }, workdir: None })
    }

    /// The filesystem `COPY --from` reads: an earlier stage or an image.
    fn source_fs(&self, from: &str, current: usize) -> Result<Fs, String> {
        let plan = self.plan.as_ref().expect("planned");
        if let Some(stage) = plan.stage_by_ref(from, current) {
            return match self.states.get(&stage) {
                Some(s) => Ok(Fs::new(s.layers.clone())),
                None => Err(format!("stage {from} was not built")),
            };
        }
        let reference = crate::image_ref::ImageRef::parse(from).map_err(|e| e.to_string())?;
        match super::exec::find_base(&self.world, &reference) {
            Some(image) => Ok(Fs::new(image.layers.clone())),
            None => Err(super::exec::pull_error(&reference, Some(plan)).0),
        }
    }

    fn source_key(&self, from: &str, current: usize) -> Option<Digest> {
        let plan = self.plan.as_ref()?;
        let stage = plan.stage_by_ref(from, current)?;
        self.states.get(&stage).map(|s| s.key)
    }
}

/// The argv of a RUN, heredocs included (S-PARSE-7).
fn run_argv(command: &CommandLine, heredocs: &[Heredoc], shell: &[String]) -> Vec<String> {
    if let (CommandLine::Shell(text), Some(doc)) = (command, heredocs.first()) {
        let trimmed = text.value.trim();
        if heredocs.len() == 1 && trimmed.starts_with("<<") && !trimmed.contains(char::is_whitespace) {
            // A lone heredoc is the script itself.
            let mut argv = shell.to_vec();
            argv.push(doc.content.clone());
            return argv;
        }
        let mut script = text.value.to_string();
        for doc in heredocs {
            script.push('\n');
            script.push_str(&doc.content);
            script.push_str(&doc.name);
        }
        let mut argv = shell.to_vec();
        argv.push(script);
        return argv;
    }
    argv_of(command, shell)
}

fn env_text(state: &StageState) -> String {
    state.run_env().iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(" ")
}

/// BuildKit's not-found error for a COPY source (S-INSTR-COPY).
fn not_found(src: &str, dockerfile: &str) -> String {
    let seed = Digest::of(format!("{dockerfile}:{src}").as_bytes()).hex();
    let id = |s: &str| {
        s.chars()
            .map(|c| if c.is_ascii_digit() { c } else { char::from(b'a' + (c as u8 % 26)) })
            .take(25)
            .collect::<String>()
    };
    format!(
        "failed to compute cache key: failed to calculate checksum of ref {}::{}: \"/{}\": not found",
        id(&seed[..30]),
        id(&seed[30..60]),
        clean(src)
    )
}

fn target_for(dest: &str, rel: &str, base: &str, dest_is_dir: bool, is_top_file: bool) -> String {
    if is_top_file {
        if dest_is_dir { crate::fs::join(dest, crate::fs::basename(base)) } else { dest.to_string() }
    } else {
        crate::fs::join(dest, rel)
    }
}

fn collect_from_context(
    ctx: &crate::context::BuildContext,
    path: &str,
    dest: &str,
    dest_is_dir: bool,
    uid: u32,
    gid: u32,
    mode: Option<u32>,
) -> Vec<CopyItem> {
    let matches: Vec<String> = if has_wildcard(path) {
        ctx.all_paths().into_iter().filter(|p| glob_match(path, p)).collect()
    } else if path.is_empty() || ctx.file(path).is_some() || ctx.is_dir(path) {
        vec![path.to_string()]
    } else {
        Vec::new()
    };
    let dest_is_dir = dest_is_dir || matches.len() > 1;
    let mut items = Vec::new();
    for m in matches {
        if let Some(data) = ctx.file(&m) {
            let file_mode = match ctx.entries.get(&m) {
                Some(ContextEntry::File { mode, .. }) => *mode,
                _ => 0o644,
            };
            items.push(CopyItem {
                dest: target_for(dest, "", &m, dest_is_dir, true),
                entry: Entry { kind: EntryKind::File(Content::bytes(data)), mode: mode.unwrap_or(file_mode), uid, gid },
            });
            continue;
        }
        // A directory copies its contents (S-INSTR-COPY).
        items.push(CopyItem { dest: dest.to_string(), entry: Entry { kind: EntryKind::Dir, mode: 0o755, uid, gid } });
        for (p, entry) in ctx.below(&m) {
            let rel = if m.is_empty() { p.to_string() } else { p[m.len()..].trim_start_matches('/').to_string() };
            if rel.is_empty() {
                continue;
            }
            let kind = match entry {
                ContextEntry::File { data, mode: file_mode } => {
                    (EntryKind::File(Content::bytes(data)), mode.unwrap_or(*file_mode))
                }
                ContextEntry::Dir => (EntryKind::Dir, 0o755),
            };
            items.push(CopyItem {
                dest: crate::fs::join(dest, &rel),
                entry: Entry { kind: kind.0, mode: kind.1, uid, gid },
            });
        }
    }
    items
}

#[allow(clippy::too_many_arguments)]
fn collect_from_fs(
    fs: &Fs,
    path: &str,
    dest: &str,
    dest_is_dir: bool,
    uid: u32,
    gid: u32,
    chown: bool,
    mode: Option<u32>,
) -> Vec<CopyItem> {
    let abs = format!("/{path}");
    let Some(top) = fs.stat(&abs) else { return Vec::new() };
    let own = |e: &Entry| if chown { (uid, gid) } else { (e.uid, e.gid) };
    if !top.is_dir() {
        let (u, g) = own(&top);
        return vec![CopyItem {
            dest: target_for(dest, "", &abs, dest_is_dir, true),
            entry: Entry { mode: mode.unwrap_or(top.mode), uid: u, gid: g, ..top },
        }];
    }
    let mut items = Vec::new();
    for (rel, entry) in fs.walk_relative(&abs) {
        let rel = rel.trim_start_matches('/').to_string();
        let (u, g) = own(&entry);
        let target = if rel.is_empty() { dest.to_string() } else { crate::fs::join(dest, &rel) };
        items.push(CopyItem {
            dest: target,
            entry: Entry { mode: mode.filter(|_| !entry.is_dir()).unwrap_or(entry.mode), uid: u, gid: g, ..entry },
        });
    }
    items
}

/// Resolves `--chown=user:group` against the image's `/etc/passwd` and `/etc/group`.
fn resolve_owner(fs: &Fs, spec: &str) -> Result<(u32, u32), String> {
    let (user, group) = match spec.split_once(':') {
        Some((u, g)) => (u, Some(g)),
        None => (spec, None),
    };
    let lookup = |file: &str, name: &str| -> Option<(u32, u32)> {
        let text = fs.read_file(file).ok()?.as_text()?.into_owned();
        text.lines().find_map(|line| {
            let fields: Vec<&str> = line.split(':').collect();
            (fields.first() == Some(&name)).then(|| {
                let id = fields.get(2).and_then(|s| s.parse().ok()).unwrap_or(0);
                let gid = fields.get(3).and_then(|s| s.parse().ok()).unwrap_or(id);
                (id, gid)
            })
        })
    };
    let (uid, default_gid) = match user.parse::<u32>() {
        Ok(n) => (n, n),
        Err(_) => lookup("/etc/passwd", user).ok_or_else(|| {
            format!("unable to convert uid/gid chown string to host mapping: can't find uid for user {user}: no such user: {user}")
        })?,
    };
    let gid = match group {
        None => default_gid,
        Some(g) => match g.parse::<u32>() {
            Ok(n) => n,
            Err(_) => lookup("/etc/group", g).map(|(id, _)| id).ok_or_else(|| {
                format!("unable to convert uid/gid chown string to host mapping: can't find gid for group {g}: no such group: {g}")
            })?,
        },
    };
    Ok((uid, gid))
}
