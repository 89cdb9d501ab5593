//! What each instruction does to the stage state: metadata instructions change the config and add a
//! history row (S-INSTR), layer steps (RUN, COPY, ADD, WORKDIR) become numbered vertices with a cache
//! lookup, and FROM resolves the base (S-INSTR-FROM).

use std::borrow::Cow;
use std::collections::VecDeque;
use std::sync::Arc;

use crate::cache::{CacheInput, CacheRecord, LayerCache, Lookup, MissReason};
use crate::catalog;
use crate::digest::Digest;
use crate::fs::{Fs, Layer};
use crate::image::{DEFAULT_PATH, HistoryEntry, Image, ImageConfig, Origin};
use crate::image_ref::ImageRef;
use crate::instruction::{Command, CommandLine, Instruction};
use crate::sh::{self, ExitStatus, ProcessSpec, Stream};
use crate::words;

use super::event::{BuildEvent, BuildOutcome, Builder, FileChange, FileChangeKind, LogStream, VertexKind};
use super::plan::{BaseRef, Plan, is_layer_step};
use super::{Build, BuildError, BuildWorld, history_text};

/// The state of a stage while it is built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StageState {
    pub index: usize,
    pub prefix: Option<String>,
    pub total: usize,
    pub next_step: usize,
    pub layers: Vec<Arc<Layer>>,
    pub history: Vec<HistoryEntry>,
    pub config: ImageConfig,
    pub author: String,
    /// The cache key of the filesystem state.
    pub key: Digest,
    /// False once a layer step of this chain was rebuilt.
    pub chain_hit: bool,
    /// ARGs in scope, in declaration order.
    pub args: Vec<(String, Option<String>)>,
    /// Whether a CMD was set in this stage (S-EP-4).
    pub cmd_set: bool,
    /// ONBUILD triggers of the base image, run first.
    pub triggers: VecDeque<Instruction>,
    /// Global ARGs (before the first FROM), for bare `ARG NAME` re-declarations.
    pub globals: Vec<(String, Option<String>)>,
    /// The intermediate image of each history row (classic builds), parallel to `history`.
    pub history_ids: Vec<Option<Digest>>,
    /// When the latest layer row of this build was created (S-HIST-6).
    pub layer_created: Option<crate::format::Timestamp>,
    /// BuildKit metadata rows that came before any layer row of this build: they take the time of
    /// the first layer row that follows.
    pub pending_meta: Vec<usize>,
}

impl StageState {
    fn empty(index: usize, prefix: Option<String>) -> StageState {
        StageState {
            index,
            prefix,
            total: 0,
            next_step: 0,
            layers: Vec::new(),
            history: Vec::new(),
            config: ImageConfig::default(),
            author: String::new(),
            key: Digest::of(b"scratch"),
            chain_hit: true,
            args: Vec::new(),
            cmd_set: false,
            triggers: VecDeque::new(),
            globals: Vec::new(),
            history_ids: Vec::new(),
            layer_created: None,
            pending_meta: Vec::new(),
        }
    }

    /// The variables visible to the builder's own expansion: ENV, then ARGs in scope (ENV wins).
    pub fn lookup(&self, name: &str) -> Option<String> {
        lookup_var(&self.config, &self.args, name)
    }

    /// The environment of a RUN: image ENV plus in-scope ARGs with values (S-VAR-4).
    pub fn run_env(&self) -> Vec<(String, String)> {
        let mut env = self.config.env_pairs();
        if !env.iter().any(|(k, _)| k == "PATH") {
            env.insert(0, ("PATH".to_string(), DEFAULT_PATH.to_string()));
        }
        for (k, v) in &self.args {
            if let Some(v) = v
                && !env.iter().any(|(e, _)| e == k)
            {
                env.push((k.clone(), v.clone()));
            }
        }
        env
    }

    /// ARGs with values, for the `|N k=v` history prefix.
    pub fn args_with_values(&self) -> Vec<(String, String)> {
        self.args.iter().filter_map(|(k, v)| v.clone().map(|v| (k.clone(), v))).collect()
    }

    pub fn to_image(&self, builder: Builder) -> Image {
        let origin = if builder == Builder::Classic { Origin::Classic } else { Origin::BuildKit };
        let mut config = self.config.clone();
        if config.env_get("PATH").is_none() {
            config.env.insert(0, format!("PATH={DEFAULT_PATH}"));
        }
        let mut image = Image::new(config, self.layers.clone(), self.history.clone(), self.author.clone(), origin);
        image.history_ids = self.history_ids.clone();
        image
    }

    /// Adds a history row and the intermediate image it produced (classic builds only).
    pub fn push_history(&mut self, entry: HistoryEntry, id: Option<Digest>) {
        if !entry.empty_layer {
            for &row in &self.pending_meta {
                if let Some(pending) = self.history.get_mut(row) {
                    pending.created = entry.created;
                }
            }
            self.pending_meta.clear();
            self.layer_created = Some(entry.created);
        }
        self.history_ids.resize(self.history.len(), None);
        self.history.push(entry);
        self.history_ids.push(id);
    }

    fn display_prefix(&mut self) -> String {
        self.next_step += 1;
        let width = self.total.max(1).to_string().len();
        match &self.prefix {
            Some(p) => format!("[{p} {:>width$}/{}] ", self.next_step, self.total),
            None => format!("[{:>width$}/{}] ", self.next_step, self.total),
        }
    }
}

/// A variable as the builder sees it: ENV first, then the ARGs in scope.
pub(crate) fn lookup_var(config: &ImageConfig, args: &[(String, Option<String>)], name: &str) -> Option<String> {
    if let Some(v) = config.env_get(name) {
        return Some(v.to_string());
    }
    args.iter().rev().find(|(k, _)| k == name).and_then(|(_, v)| v.clone())
}

/// Looks a base image up: local images first, then the catalog. Borrowed: callers copy what they keep.
pub(crate) fn find_base<'a>(world: &'a BuildWorld, reference: &ImageRef) -> Option<Cow<'a, Image>> {
    let tagged = reference.clone().with_default_tag();
    if reference.registry == crate::image_ref::DOCKER_HUB
        && let Some(image) = world.images.get(&tagged.familiar_tagged())
    {
        return Some(Cow::Borrowed(image));
    }
    catalog::find(&tagged).map(|entry| match catalog::resolved(entry) {
        Cow::Borrowed(resolved) => Cow::Borrowed(&resolved.image),
        Cow::Owned(resolved) => Cow::Owned(resolved.image),
    })
}

/// The error for a base image that exists nowhere: `(failed to solve message, vertex error)`
/// (S-CLI-4).
pub(crate) fn pull_error(reference: &ImageRef, plan: Option<&Plan>) -> (String, String) {
    let tagged = reference.clone().with_default_tag();
    let canonical = tagged.canonical();
    if catalog::has_repository(reference) {
        let e = format!("{canonical}: not found");
        return (format!("{reference}: failed to resolve source metadata for {canonical}: {e}"), e);
    }
    let e = "pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed".to_string();
    let mut candidates: Vec<String> =
        ["alpine", "busybox", "centos", "debian", "golang", "ubuntu", "fedora"].iter().map(|s| s.to_string()).collect();
    if let Some(plan) = plan {
        candidates.extend(plan.stages.iter().filter_map(|s| s.name.clone()));
    }
    let names: Vec<&str> = candidates.iter().map(String::as_str).collect();
    let hint = crate::dockerfile::suggest::search(&reference.familiar_name(), &names, false)
        .map(|s| format!(" (did you mean {s}?)"))
        .unwrap_or_default();
    (format!("{reference}: failed to resolve source metadata for {canonical}: {e}{hint}"), e)
}

/// Images named by `COPY --from` in a stage (not stages).
pub(crate) fn copy_from_images(plan: &Plan, dockerfile: &crate::Dockerfile, stage: usize) -> Vec<ImageRef> {
    let mut out = Vec::new();
    for &i in &plan.stages[stage].body {
        if let Command::Copy(copy) = &dockerfile.instructions[i].command
            && let Some(from) = &copy.from
            && plan.stage_by_ref(&from.value, stage).is_none()
            && let Ok(r) = ImageRef::parse(&from.value)
        {
            out.push(r);
        }
    }
    out
}

/// A shell-form command wrapped by the shell prefix, or the exec-form words.
pub(crate) fn argv_of(command: &CommandLine, shell: &[String]) -> Vec<String> {
    match command {
        CommandLine::Exec(words) => words.iter().map(|w| w.value.to_string()).collect(),
        CommandLine::Shell(text) => {
            let mut argv = shell.to_vec();
            argv.push(text.value.to_string());
            argv
        }
    }
}

impl Build {
    pub(super) fn start_stage(&mut self, stage_index: usize) -> Result<StageState, BuildError> {
        let plan = self.plan.clone().expect("stages start after planning");
        let stage = &plan.stages[stage_index];
        let prefix = plan.prefix(stage_index);
        let parse = self.parse.clone();
        let from_ins = &parse.dockerfile.instructions[stage.from];
        let mut state = match &stage.base {
            BaseRef::Scratch => StageState::empty(stage_index, prefix.clone()),
            BaseRef::Stage(s) => {
                let mut state = self.states.get(s).cloned().unwrap_or_else(|| StageState::empty(stage_index, None));
                state.index = stage_index;
                state.prefix = prefix.clone();
                state.next_step = 0;
                state.cmd_set = false;
                state.triggers.clear();
                state
            }
            BaseRef::Image(reference) => {
                let image = find_base(&self.world, reference).ok_or_else(|| BuildError::Definition {
                    message: pull_error(reference, Some(&plan)).0,
                    lines: Some((from_ins.start_line, from_ins.end_line)),
                })?;
                let mut state = StageState::empty(stage_index, prefix.clone());
                state.layers = image.layers.clone();
                state.history = image.history.clone();
                state.config = image.config.clone();
                state.author = image.author.clone();
                state.key = Digest::of_parts([&b"image"[..], &image.id.0]);
                // S-HIST-2: in a classic build the base image's top row shows the base image's ID.
                state.history_ids = vec![None; image.history.len()];
                if self.classic()
                    && let Some(last) = state.history_ids.last_mut()
                {
                    *last = Some(image.id);
                }
                state.triggers = image
                    .config
                    .on_build
                    .iter()
                    .filter_map(|t| crate::dockerfile::parse(t).dockerfile.instructions.into_iter().next())
                    .collect();
                state.config.on_build.clear();
                state
            }
        };
        state.globals = plan.global_args.clone();
        let external = matches!(stage.base, BaseRef::Image(_));
        let body_steps =
            stage.body.iter().filter(|&&i| is_layer_step(&self.parse.dockerfile.instructions[i].command)).count();
        let trigger_steps = state.triggers.iter().filter(|t| is_layer_step(&t.command)).count();
        state.total = usize::from(external) + body_steps + trigger_steps;
        if let BaseRef::Image(reference) = &stage.base {
            self.base_vertex(&mut state, reference, from_ins, stage.from);
        }
        if stage_index == self.order.first().copied().unwrap_or(usize::MAX) {
            let paths = self.context_paths();
            if !paths.is_empty() {
                self.load_context(&paths);
            }
        }
        Ok(state)
    }

    /// The context paths COPY and ADD of the needed stages read.
    fn context_paths(&self) -> Vec<String> {
        let plan = self.plan.as_ref().expect("planned");
        let mut out = Vec::new();
        for &s in &self.order {
            for &i in &plan.stages[s].body {
                let sources = match &self.parse.dockerfile.instructions[i].command {
                    Command::Copy(c) if c.from.is_none() => &c.sources,
                    Command::Add(a) => &a.sources,
                    _ => continue,
                };
                for src in sources {
                    if !src.value.starts_with("<<") && !src.value.contains("://") {
                        out.push(crate::context::clean(&src.value));
                    }
                }
            }
        }
        out
    }

    fn base_vertex(&mut self, state: &mut StageState, reference: &ImageRef, ins: &Instruction, index: usize) {
        let tagged = reference.clone().with_default_tag();
        let local = self.world.images.contains_key(&tagged.familiar_tagged()) && catalog::find(&tagged).is_none();
        let entry = catalog::find(&tagged);
        let manifest = entry.map(|e| e.manifest_digest);
        let name = match manifest {
            Some(d) if reference.digest.is_none() => format!("{}@{}", tagged.canonical(), d.prefixed()),
            _ => tagged.canonical(),
        };
        let prefix = state.display_prefix();
        let lines = (ins.start_line, ins.end_line);
        let kind = VertexKind::Step { index: state.next_step, total: state.total, instruction: index, lines };
        let v = self.start_vertex(format!("{prefix}FROM {name}"), kind);
        let key = tagged.canonical();
        if local || self.world.pulled.contains(&key) {
            self.done_vertex(v, 0, false);
            return;
        }
        self.emit(BuildEvent::Status { vertex: v, text: format!("resolve {name} 0.0s done") });
        let mut total_ms = 100;
        if let Some(entry) = entry {
            let resolved = catalog::resolved(entry);
            for ((layer, compressed), blob) in
                resolved.image.layers.iter().zip(&resolved.compressed_sizes).zip(&resolved.blobs)
            {
                let download_ms = 200 + compressed / 22_000;
                let size = crate::format::progress_bytes(*compressed);
                self.emit(BuildEvent::Status {
                    vertex: v,
                    text: format!("{blob} {size} / {size} {} done", crate::format::seconds_1(download_ms)),
                });
                let extract_ms = 100 + layer.size() / 70_000;
                self.emit(BuildEvent::Status { vertex: v, text: format!("extracting {blob}") });
                self.emit(BuildEvent::Status {
                    vertex: v,
                    text: format!("extracting {blob} {} done", crate::format::seconds_1(extract_ms)),
                });
                total_ms += download_ms + extract_ms;
            }
        }
        self.world.pulled.insert(key);
        self.done_vertex(v, total_ms, false);
    }

    pub(super) fn run_trigger(&mut self, trigger: Instruction) {
        let mut state = self.current.take().expect("a stage is current");
        self.dispatch(&mut state, &trigger, usize::MAX, true);
        self.current = Some(state);
    }

    pub(super) fn run_instruction(&mut self, index: usize) {
        let parse = self.parse.clone();
        let ins = &parse.dockerfile.instructions[index];
        let mut state = self.current.take().expect("a stage is current");
        self.dispatch(&mut state, ins, index, false);
        self.current = Some(state);
    }

    fn dispatch(&mut self, state: &mut StageState, ins: &Instruction, index: usize, trigger: bool) {
        if self.crash_requested {
            self.crash_now(state, ins);
            return;
        }
        let result = match &ins.command {
            Command::Run(_) | Command::Copy(_) | Command::Add(_) | Command::Workdir(_) => {
                self.layer_step(state, ins, index, trigger);
                Ok(())
            }
            _ => self.metadata_step(state, ins, index),
        };
        if let Err(error) = result {
            self.fail(error);
        }
    }

    fn crash_now(&mut self, state: &mut StageState, ins: &Instruction) {
        let prefix = state.display_prefix();
        let name = format!("{prefix}{}", self.step_display(state, ins));
        let lines = (ins.start_line, ins.end_line);
        let v = self.start_vertex(
            name.clone(),
            VertexKind::Step { index: state.next_step, total: state.total, instruction: 0, lines },
        );
        self.emit(BuildEvent::VertexCanceled { vertex: v });
        self.finish(BuildOutcome::Crashed { step: name });
    }

    /// The step name after `[i/N] ` (S-OUT-2): keyword upper-cased, build variables expanded, quotes
    /// kept, unset variables left alone.
    pub(super) fn step_display(&self, state: &StageState, ins: &Instruction) -> String {
        let text = &ins.original;
        let (keyword, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
        let mut rest = rest.trim_start().to_string();
        // A heredoc RUN adds a summary of its first body: `RUN <<EOF (apt-get update...)` (S-PARSE-7).
        if let Command::Run(run) = &ins.command
            && let Some(doc) = run.heredocs.first()
        {
            let body = doc.content.trim();
            let mut lines = body.lines();
            let first = lines.next().unwrap_or_default();
            let more = if lines.next().is_some() { "..." } else { "" };
            rest = format!("{rest} ({first}{more})");
        }
        let lookup = |n: &str| state.lookup(n);
        let rest = words::expand_display(&rest, self.parse.dockerfile.escape, &lookup);
        if rest.is_empty() { keyword.to_ascii_uppercase() } else { format!("{} {rest}", keyword.to_ascii_uppercase()) }
    }

    fn layer_step(&mut self, state: &mut StageState, ins: &Instruction, index: usize, trigger: bool) {
        let prefix = state.display_prefix();
        let display = self.step_display(state, ins);
        let name = if trigger { format!("{prefix}ONBUILD {display}") } else { format!("{prefix}{display}") };
        let lines = (ins.start_line, ins.end_line);
        if self.input.options.crash_at == Some(state.next_step) {
            self.input.options.crash_at = None;
            self.crash_requested = true;
        }
        let v = self.start_vertex(
            name.clone(),
            VertexKind::Step { index: state.next_step, total: state.total, instruction: index, lines },
        );
        let mut prepared = match self.prepare_step(state, ins) {
            Ok(p) => p,
            Err(message) => {
                self.emit(BuildEvent::VertexFailed { vertex: v, message: message.clone() });
                self.fail(BuildError::Step { message, lines, vertex: v, exit_code: None });
                return;
            }
        };
        if self.classic()
            && matches!(prepared.action, super::copy::Action::Run { .. })
            && !state.config.volumes.is_empty()
        {
            // The classic builder's RUN layer leaves the volumes out, so the same step on the same
            // parent is a different layer than BuildKit's: the volumes are part of its key.
            prepared.inputs.push(CacheInput::new("volumes", state.config.volumes.join(" ")));
        }
        let key = LayerCache::key(state.key, &prepared.op, &prepared.inputs);
        let lookup = self.world.cache.lookup_key(
            key,
            state.key,
            &prepared.op,
            &prepared.inputs,
            state.chain_hit,
            self.input.options.no_cache,
        );
        let lookup = self.classic_lookup(lookup, key, state.chain_hit);
        match lookup {
            Lookup::Hit(record) if !self.crash_requested => {
                self.emit(BuildEvent::Cache { vertex: v, key, miss: None });
                if let Some(layer) = &record.layer {
                    self.emit(BuildEvent::LayerCommitted {
                        vertex: v,
                        diff_id: Digest(layer.diff_id()),
                        size: layer.size(),
                    });
                    state.layers.push(layer.clone());
                }
                let entry = HistoryEntry {
                    created: record.created,
                    created_by: prepared.history.as_str().into(),
                    comment: self.history_comment(),
                    empty_layer: record.layer.is_none(),
                };
                state.push_history(entry, self.classic().then(|| classic_image_id(key)));
                prepared.apply_config(state);
                state.key = key;
                self.commit_classic(state);
                self.done_vertex(v, 0, true);
            }
            lookup => {
                let miss = match lookup {
                    Lookup::Miss(reason) => Some(reason),
                    Lookup::Hit(_) => None,
                };
                self.emit(BuildEvent::Cache { vertex: v, key, miss });
                self.execute_step(state, ins, v, key, prepared, name);
            }
        }
    }

    fn execute_step(
        &mut self,
        state: &mut StageState,
        ins: &Instruction,
        v: usize,
        key: Digest,
        mut prepared: Prepared,
        name: String,
    ) {
        let lines = (ins.start_line, ins.end_line);
        let mut fs = Fs::new(state.layers.clone());
        // S-CACHE-9: a cache mount shows the step what earlier builds left in it, and what the step
        // leaves there is kept for the next build, outside the layer.
        let cache_mounts = cache_mounts(ins);
        for (id, target) in &cache_mounts {
            match self.world.cache_mounts.get(id) {
                Some(saved) => crate::fs::copy_tree(saved, "/", &mut fs, target),
                None => {
                    let _ = fs.mkdir_all(target, 0o755, 0, 0);
                }
            }
        }
        let outcome = prepared.action.run(&mut fs, self, state, v);
        for (id, target) in &cache_mounts {
            let mut saved = Fs::new(Vec::new());
            crate::fs::copy_tree(&fs, target, &mut saved, "/");
            self.world.cache_mounts.insert(id.clone(), saved);
        }
        if self.crash_requested {
            // The daemon dies while this step runs: the step's work is lost.
            self.emit(BuildEvent::VertexCanceled { vertex: v });
            self.finish(BuildOutcome::Crashed { step: name });
            return;
        }
        let elapsed = match outcome {
            Ok(ms) => ms,
            Err(error) => {
                if let BuildError::Step { message, .. } = &error {
                    self.emit(BuildEvent::VertexFailed { vertex: v, message: message.clone() });
                }
                let error = match error {
                    BuildError::Step { message, exit_code, .. } => {
                        BuildError::Step { message, lines, vertex: v, exit_code }
                    }
                    other => other,
                };
                self.fail(error);
                return;
            }
        };
        let mut layer = fs.take_upper();
        if !cache_mounts.is_empty() {
            let targets: Vec<String> = cache_mounts.iter().map(|(_, target)| target.clone()).collect();
            layer = without_volume_writes(&layer, &state.layers, &targets);
        }
        if self.classic()
            && matches!(prepared.action, super::copy::Action::Run { .. })
            && !state.config.volumes.is_empty()
        {
            layer = without_volume_writes(&layer, &state.layers, &state.config.volumes);
        }
        let changes = summarize(&layer);
        if !changes.is_empty() {
            self.emit(BuildEvent::FilesChanged { vertex: v, changes });
        }
        let now = self.input.now.plus_ms(self.clock_ms + elapsed);
        // An empty diff adds no layer; its history row is marked empty, as BuildKit's exporter does.
        let layer = (!layer.is_empty()).then_some(layer);
        if let Some(layer) = &layer {
            self.emit(BuildEvent::LayerCommitted { vertex: v, diff_id: Digest(layer.diff_id()), size: layer.size() });
            self.new_bytes += layer.size();
            state.layers.push(layer.clone());
        }
        self.built_any = true;
        self.world.cache.insert(CacheRecord {
            key,
            parent: state.key,
            // The record keeps the step's operation and inputs; nothing reads them from `prepared` after.
            op: std::mem::take(&mut prepared.op),
            inputs: std::mem::take(&mut prepared.inputs),
            layer: layer.clone(),
            created: now,
            duration_ms: elapsed,
        });
        let entry = HistoryEntry {
            created: now,
            created_by: prepared.history.as_str().into(),
            comment: self.history_comment(),
            empty_layer: layer.is_none(),
        };
        state.push_history(entry, self.classic().then(|| classic_image_id(key)));
        prepared.apply_config(state);
        state.key = key;
        state.chain_hit = false;
        self.commit_classic(state);
        self.done_vertex(v, elapsed, false);
    }

    /// Runs a process for RUN and streams its output as log events. Returns the elapsed time.
    pub(super) fn run_process(
        &mut self,
        fs: &mut Fs,
        state: &StageState,
        v: usize,
        argv: Vec<String>,
        network: bool,
        stdin: Option<String>,
    ) -> Result<u64, BuildError> {
        let spec = ProcessSpec {
            argv: argv.clone(),
            env: Vec::new(),
            cwd: if state.config.working_dir.is_empty() { "/".to_string() } else { state.config.working_dir.clone() },
            user: if state.config.user.is_empty() { "root".to_string() } else { state.config.user.clone() },
            hostname: "buildkitsandbox".to_string(),
            network,
            tty: false,
            stdin,
            step_budget: 200_000,
            peers: Vec::new(),
        };
        // BuildKit's exec op quotes the joined argv with Go's %q (S-OUT-4).
        let joined = crate::dockerfile::quote::quote(&argv.join(" "));
        // The environment moves into the process instead of being copied out of the spec.
        let output = match sh::exec::start_with_env(fs, &spec, state.run_env().into_iter().collect()) {
            Ok(output) => output,
            Err(error @ sh::StartError::UnknownUser(_)) => {
                // The user is looked up before any process starts: no log, and the exec op's wrap
                // carries the lookup error instead of an exit code.
                return Err(BuildError::Step {
                    message: format!("process {joined} did not complete successfully: {error}"),
                    lines: (0, 0),
                    vertex: v,
                    exit_code: None,
                });
            }
            Err(error) => {
                self.emit(BuildEvent::Log {
                    vertex: v,
                    at_ms: 120,
                    stream: LogStream::Stderr,
                    text: format!(
                        "runc run failed: unable to start container process: error during container init: {error}"
                    ),
                });
                return Err(BuildError::Step {
                    message: format!("process {joined} did not complete successfully: exit code: 127"),
                    lines: (0, 0),
                    vertex: v,
                    exit_code: Some(127),
                });
            }
        };
        let start = 180 + (argv.len() as u64 * 7) % 60;
        let mut crash_after = None;
        if self.crash_requested {
            crash_after = Some(output.lines.len() / 2);
        }
        for (i, line) in output.lines.into_iter().enumerate() {
            if crash_after == Some(i) {
                break;
            }
            let stream = match line.stream {
                Stream::Stdout => LogStream::Stdout,
                Stream::Stderr => LogStream::Stderr,
            };
            self.emit(BuildEvent::Log { vertex: v, at_ms: start + line.at_ms, stream, text: line.text });
        }
        if crash_after.is_some() {
            return Ok(start + output.elapsed_ms / 2);
        }
        let elapsed = start + output.elapsed_ms + 100;
        match output.status {
            ExitStatus::Exited(0) => Ok(elapsed),
            ExitStatus::Exited(code) => Err(BuildError::Step {
                message: format!("process {joined} did not complete successfully: exit code: {code}"),
                lines: (0, 0),
                vertex: v,
                exit_code: Some(code),
            }),
            ExitStatus::Serving { .. } | ExitStatus::Hung => {
                self.emit(BuildEvent::Log {
                    vertex: v,
                    at_ms: elapsed + 600_000,
                    stream: LogStream::Stderr,
                    text: "[layerlab] this RUN never finishes (a server or an endless loop runs at build time); the build was canceled after 10 minutes, as with Ctrl+C".to_string(),
                });
                self.clock_ms += 600_000;
                Err(BuildError::Canceled)
            }
        }
    }

    fn metadata_step(&mut self, state: &mut StageState, ins: &Instruction, index: usize) -> Result<(), BuildError> {
        let classic = self.classic();
        let Some(change) =
            history_text::metadata(state, ins, self.parse.dockerfile.escape, &self.input.options.build_args, classic)?
        else {
            return Ok(());
        };
        for (field, before, after) in change.fields {
            self.emit(BuildEvent::ConfigChanged { instruction: index, field, before, after });
        }
        if self.classic() {
            self.classic_metadata_step(state, ins, index, change.history);
            return Ok(());
        }
        if let Some(created_by) = change.history {
            let inputs = [CacheInput::new("instruction", created_by.clone())];
            let key = LayerCache::key(state.key, "META", &inputs);
            let created = match self.world.cache.get(&key) {
                Some(record) if !self.input.options.no_cache => record.created,
                _ => {
                    let now = self.input.now.plus_ms(self.clock_ms);
                    self.world.cache.insert(CacheRecord {
                        key,
                        parent: state.key,
                        op: "META".to_string(),
                        inputs: inputs.to_vec(),
                        layer: None,
                        created: now,
                        duration_ms: 0,
                    });
                    now
                }
            };
            // BuildKit's exporter dates a metadata row like the layer row before it, and the rows
            // before this build's first layer like that layer (S-HIST-6; moby/buildkit
            // `normalizeLayersAndHistory`). A build that adds no layer keeps the time it ran.
            let created = match state.layer_created {
                Some(layer_created) => layer_created,
                None => {
                    state.pending_meta.push(state.history.len());
                    created
                }
            };
            let entry = HistoryEntry {
                created,
                created_by: created_by.into(),
                comment: self.history_comment(),
                empty_layer: true,
            };
            state.push_history(entry, None);
        }
        Ok(())
    }

    /// The classic builder commits every metadata instruction as a step of its own: a numbered step, a
    /// cache key that every later step depends on, and an intermediate image (S-OUT-7, S-CACHE-3).
    fn classic_metadata_step(
        &mut self,
        state: &mut StageState,
        ins: &Instruction,
        index: usize,
        history: Option<String>,
    ) {
        let text = match (&ins.command, history) {
            (Command::Expose(_), _) => ins.original.to_string(),
            (Command::Onbuild(on), _) => format!("ONBUILD {}", on.expression),
            (_, Some(h)) => h,
            (_, None) => ins.original.to_string(),
        };
        let created_by = format!("/bin/sh -c #(nop)  {text}");
        let total = self.parse.dockerfile.instructions.len();
        let lines = (ins.start_line, ins.end_line);
        let v = self.start_vertex(
            ins.original.to_string(),
            VertexKind::Step { index: index + 1, total, instruction: index, lines },
        );
        let inputs = [CacheInput::new("instruction", created_by.clone())];
        let key = LayerCache::key(state.key, "CLASSIC", &inputs);
        let lookup = self.world.cache.lookup_key(
            key,
            state.key,
            "CLASSIC",
            &inputs,
            state.chain_hit,
            self.input.options.no_cache,
        );
        let lookup = self.classic_lookup(lookup, key, state.chain_hit);
        let (created, miss) = match lookup {
            Lookup::Hit(record) => (record.created, None),
            Lookup::Miss(reason) => {
                let now = self.input.now.plus_ms(self.clock_ms);
                self.world.cache.insert(CacheRecord {
                    key,
                    parent: state.key,
                    op: "CLASSIC".into(),
                    inputs: inputs.to_vec(),
                    layer: None,
                    created: now,
                    duration_ms: 0,
                });
                state.chain_hit = false;
                (now, Some(reason))
            }
        };
        let cached = miss.is_none();
        self.emit(BuildEvent::Cache { vertex: v, key, miss });
        state.key = key;
        state.push_history(
            HistoryEntry { created, created_by: created_by.into(), comment: super::no_comment(), empty_layer: true },
            Some(classic_image_id(key)),
        );
        self.commit_classic(state);
        self.done_vertex(v, if cached { 0 } else { 150 }, cached);
    }

    /// The classic builder commits the container of every step as an image, the child of the image
    /// the step ran on (S-LAYER-5): the stage's history row IDs are that chain.
    fn commit_classic(&mut self, state: &StageState) {
        if !self.classic() {
            return;
        }
        let Some((Some(id), earlier)) = state.history_ids.split_last() else { return };
        let mut image = state.to_image(Builder::Classic);
        image.id = *id;
        image.parent = earlier.iter().rev().find_map(|d| *d);
        self.world.deleted_classic.remove(id);
        self.intermediates.push(image);
    }

    /// A cache hit becomes a miss when the classic builder no longer has the image the record stands
    /// for: its cache is its step images, so once `docker rmi` deleted one the step runs again
    /// (S-LAYER-5).
    fn classic_lookup(&self, lookup: Lookup, key: Digest, chain_hit: bool) -> Lookup {
        match lookup {
            Lookup::Hit(_) if self.classic() && self.world.deleted_classic.contains(&classic_image_id(key)) => {
                Lookup::Miss(if chain_hit { MissReason::NotBuiltBefore } else { MissReason::ParentChanged })
            }
            other => other,
        }
    }
}

/// The ID of the intermediate image a classic build commits for a step with cache key `key`.
pub fn classic_image_id(key: Digest) -> Digest {
    Digest::of_parts([&b"classic image"[..], &key.0])
}

/// A layer step after expansion, ready for the cache lookup.
pub(crate) struct Prepared {
    pub op: String,
    pub inputs: Vec<CacheInput>,
    pub history: String,
    pub action: super::copy::Action,
    pub workdir: Option<String>,
}

impl Prepared {
    fn apply_config(&self, state: &mut StageState) {
        if let Some(dir) = &self.workdir {
            state.config.working_dir = dir.clone();
        }
    }
}

/// The classic builder runs a RUN step in a container with the image's volumes mounted, so what the
/// command writes or deletes under a VOLUME path goes to an anonymous volume and not into the committed
/// layer; BuildKit mounts no volumes and keeps it (S-INSTR-VOLUME). A mount point the step's container
/// had to create stays, as an empty directory.
fn without_volume_writes(layer: &Arc<Layer>, lower: &[Arc<Layer>], volumes: &[String]) -> Arc<Layer> {
    use crate::fs::Change;
    let volumes: Vec<String> = volumes.iter().map(|v| crate::fs::normalize("/", v)).collect();
    let inside = |path: &str| {
        volumes.iter().any(|v| v == "/" || path.strip_prefix(v.as_str()).is_some_and(|rest| rest.starts_with('/')))
    };
    if !layer.changes.keys().any(|path| inside(path) || volumes.contains(path)) {
        return layer.clone();
    }
    let below = Fs::new(lower.to_vec());
    let changes = layer
        .changes
        .iter()
        .filter(|(path, _)| !inside(path))
        .filter_map(|(path, change)| match change {
            Change::Put(entry) | Change::Opaque(entry) if volumes.contains(path) => {
                (entry.is_dir() && !below.exists(path)).then(|| (path.clone(), Change::Put(entry.clone())))
            }
            Change::Whiteout if volumes.contains(path) => None,
            _ => Some((path.clone(), change.clone())),
        })
        .collect::<std::collections::BTreeMap<_, _>>();
    Arc::new(Layer::from(changes))
}

/// The cache mounts of a RUN step (`--mount=type=cache,target=…[,id=…]`) as (cache ID, target).
fn cache_mounts(ins: &Instruction) -> Vec<(String, String)> {
    let crate::instruction::Command::Run(run) = &ins.command else { return Vec::new() };
    run.mounts
        .iter()
        .filter_map(|spec| {
            let mut kind = "bind";
            let (mut target, mut id) = (None, None);
            for field in spec.split(',') {
                match field.split_once('=') {
                    Some(("type", value)) => kind = value,
                    Some(("target" | "dst" | "destination", value)) => target = Some(crate::fs::normalize("/", value)),
                    Some(("id", value)) => id = Some(value.to_string()),
                    _ => {}
                }
            }
            let target = target.filter(|_| kind == "cache")?;
            Some((id.unwrap_or_else(|| target.clone()), target))
        })
        .collect()
}

/// Lists a layer's changes for the UI.
pub(crate) fn summarize(layer: &Layer) -> Vec<FileChange> {
    use crate::fs::Change;
    layer
        .changes
        .iter()
        .map(|(path, change)| match change {
            Change::Put(entry) | Change::Opaque(entry) => {
                FileChange { path: path.clone(), kind: FileChangeKind::Added, size: entry.size() }
            }
            Change::Whiteout => FileChange { path: path.clone(), kind: FileChangeKind::Removed, size: 0 },
        })
        .collect()
}
