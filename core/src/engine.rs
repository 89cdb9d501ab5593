//! The build engine: [`Build`], a sans-IO state machine that simulates `docker build` one event at a
//! time.
//!
//! # Drive contract
//!
//! 1. Make a [`BuildInput`] (Dockerfile text, context, options, the current time) and take the
//!    [`BuildWorld`] (cache, local images) from the host, then call [`Build::new`].
//! 2. Call [`Build::step`] until it returns `None`. Each call returns exactly one [`BuildEvent`]; the
//!    caller decides how many to apply per frame (the UI animates, the CLI drains).
//! 3. [`Build::crash`] may be called at any time to simulate the daemon dying; the next events are the
//!    cancellation. Finished steps stay in the cache.
//! 4. Read the result with [`Build::outcome`] and [`Build::image`], and give the world back to the host
//!    with [`Build::into_world`].
//!
//! The same input and world always give the same events: there is no clock, no randomness and no IO.
//! Durations are simulated.

mod copy;
pub mod event;
mod exec;
mod history_text;
pub mod plan;

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::{Deserialize, Serialize};

use crate::cache::LayerCache;
use crate::context::BuildContext;
use crate::digest::Digest;
use crate::dockerfile::{Parse, parse};
use crate::format::Timestamp;
use crate::image::Image;
use crate::image_ref::ImageRef;
use crate::instruction::Instruction;

pub use event::{BuildEvent, BuildOutcome, Builder, FileChange, FileChangeKind, LogStream, Vertex, VertexKind};
use exec::StageState;
pub use exec::classic_image_id;
use plan::Plan;

/// The argv of a RUN with the default shell prefix, for displays where the stage's SHELL is not at
/// hand (the container a failed classic step leaves behind).
pub fn exec_argv(run: &crate::instruction::RunCommand, _escape: char) -> Vec<String> {
    exec::argv_of(&run.command, &["/bin/sh".to_string(), "-c".to_string()])
}

/// The `docker build` options the simulator understands.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BuildOptions {
    /// The Dockerfile's name as given to `-f` (default `Dockerfile`).
    pub dockerfile_name: String,
    /// `-t` names.
    pub tags: Vec<ImageRef>,
    /// `--build-arg` values, in order.
    pub build_args: Vec<(String, String)>,
    /// `--target`.
    pub target: Option<String>,
    /// `--no-cache`.
    pub no_cache: bool,
    /// BuildKit or classic.
    pub builder: Builder,
    /// Whether the simulated network is up.
    pub network: bool,
    /// Crash while step N (`[N/M]`) runs.
    pub crash_at: Option<usize>,
}

/// Everything a build reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildInput {
    /// The Dockerfile text.
    pub dockerfile: String,
    /// The context, before `.dockerignore`.
    pub context: BuildContext,
    /// The options.
    pub options: BuildOptions,
    /// When the build starts.
    pub now: Timestamp,
}

/// The part of the host a build reads and updates: the build cache and the local images.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BuildWorld {
    /// The build cache.
    pub cache: LayerCache,
    /// Local images by familiar tagged name (`myapp:latest`), for `FROM myapp`.
    pub images: BTreeMap<String, Image>,
    /// Base images already in the build cache (no download lines next time).
    pub pulled: BTreeSet<String>,
    /// What was sent to the builder last time (file name → checksum), for transfer sizes.
    pub sent: BTreeMap<String, Digest>,
    /// The classic builder's step images that `docker rmi` or a prune deleted. The classic builder's
    /// cache is its intermediate images (S-LAYER-5), so a step whose image is gone runs again there,
    /// while BuildKit's own cache still has it.
    pub deleted_classic: BTreeSet<Digest>,
    /// The contents of `RUN --mount=type=cache` directories by cache ID (the `id` option, else the
    /// target), kept between builds outside every image (S-CACHE-9).
    pub cache_mounts: BTreeMap<String, crate::fs::Fs>,
}

/// The empty history COMMENT, shared rather than allocated per row.
fn no_comment() -> std::sync::Arc<str> {
    static EMPTY: std::sync::OnceLock<std::sync::Arc<str>> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| "".into()).clone()
}

/// Why a build failed. The message is the text after `failed to solve: `.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum BuildError {
    /// The Dockerfile could not be read or is invalid.
    #[error("{message}")]
    Definition {
        /// The message.
        message: String,
        /// The source lines to show, if any.
        lines: Option<(usize, usize)>,
    },
    /// A step failed.
    #[error("{message}")]
    Step {
        /// The message.
        message: String,
        /// The instruction's lines.
        lines: (usize, usize),
        /// The vertex that failed.
        vertex: usize,
        /// The exit code of the process, for RUN failures.
        exit_code: Option<i32>,
    },
    /// The build was stopped (a server or an endless loop in RUN).
    #[error("Canceled: context canceled")]
    Canceled,
}

impl BuildError {
    /// A Dockerfile error pointing at an instruction.
    pub fn dockerfile(message: String, ins: &Instruction) -> BuildError {
        BuildError::Definition { message, lines: Some((ins.start_line, ins.end_line)) }
    }
}

/// The build-check options of the `# check=` directive, or of the `BUILDKIT_DOCKERFILE_CHECK` build
/// argument, which wins (S-OUT-5): `skip=Rule1,Rule2` or `skip=all`, and `error=true`, separated by `;`.
/// The classic builder runs no checks.
#[derive(Debug, Default)]
struct CheckOptions {
    skip_all: bool,
    skip: Vec<String>,
    error: bool,
}

impl CheckOptions {
    fn of(dockerfile: &crate::dockerfile::Dockerfile, options: &BuildOptions) -> CheckOptions {
        let from_arg = options.build_args.iter().rev().find(|(k, _)| k == "BUILDKIT_DOCKERFILE_CHECK");
        let text = from_arg.map(|(_, v)| v.as_str()).or(dockerfile.check.as_deref()).unwrap_or("");
        let mut out = CheckOptions::default();
        for part in text.split(';') {
            let Some((key, value)) = part.split_once('=') else { continue };
            let value = value.trim();
            match key.trim() {
                "skip" if value == "all" => out.skip_all = true,
                "skip" => out.skip = value.split(',').map(|r| r.trim().to_string()).collect(),
                // Go's `strconv.ParseBool`.
                "error" => out.error = matches!(value, "1" | "t" | "T" | "true" | "TRUE" | "True"),
                _ => {}
            }
        }
        out
    }

    fn skips(&self, rule: &str) -> bool {
        self.skip_all || self.skip.iter().any(|r| r == rule)
    }
}

/// Where the state machine is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Phase {
    Definition,
    Metadata(usize),
    Ignore,
    Stage { order: usize, body: usize },
    Export,
    Done,
}

/// A build in progress. See the module docs for the drive contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Build {
    input: BuildInput,
    world: BuildWorld,
    /// The parse, shared so that a step can hold its instruction while the build changes.
    parse: std::sync::Arc<Parse>,
    /// The plan, shared so a stage can read it while the build changes.
    plan: Option<std::sync::Arc<Plan>>,
    phase: Phase,
    pending: VecDeque<BuildEvent>,
    events: Vec<BuildEvent>,
    clock_ms: u64,
    next_vertex: usize,
    /// External images to load metadata for, in order.
    metadata: Vec<ImageRef>,
    /// Needed stages in build order.
    order: Vec<usize>,
    states: BTreeMap<usize, StageState>,
    current: Option<StageState>,
    context: BuildContext,
    context_loaded: bool,
    definition_vertex: usize,
    outcome: Option<BuildOutcome>,
    image: Option<Image>,
    crash_requested: bool,
    new_bytes: u64,
    built_any: bool,
    /// The images the classic builder committed after each step, in order (S-LAYER-5).
    intermediates: Vec<Image>,
    /// The build-check rules that warned when `check=error=true` makes them fatal (S-OUT-5).
    lint_violations: Vec<String>,
}

impl Build {
    /// Starts a build.
    pub fn new(input: BuildInput, world: BuildWorld) -> Build {
        let parse = std::sync::Arc::new(parse(&input.dockerfile));
        Build {
            input,
            world,
            parse,
            plan: None,
            phase: Phase::Definition,
            pending: VecDeque::new(),
            events: Vec::new(),
            clock_ms: 0,
            next_vertex: 1,
            metadata: Vec::new(),
            order: Vec::new(),
            states: BTreeMap::new(),
            current: None,
            context: BuildContext::default(),
            context_loaded: false,
            definition_vertex: 1,
            lint_violations: Vec::new(),
            outcome: None,
            image: None,
            crash_requested: false,
            new_bytes: 0,
            built_any: false,
            intermediates: Vec::new(),
        }
    }

    /// Runs a build to the end and returns it with all its events.
    pub fn run_to_end(input: BuildInput, world: BuildWorld) -> Build {
        let mut build = Build::new(input, world);
        build.drain();
        build
    }

    /// Steps until the build is over.
    pub fn drain(&mut self) {
        // Every step advances the phase or drains a queue, so this ends; the bound is a backstop. This
        // is `step` until `None` (at most a million events), except that the events are moved into the
        // log instead of each being copied for a caller that would drop it.
        let mut left: usize = 1_000_000;
        while left > 0 {
            if !self.pending.is_empty() {
                let take = self.pending.len().min(left);
                self.events.extend(self.pending.drain(..take));
                left -= take;
                continue;
            }
            if self.phase == Phase::Done {
                break;
            }
            self.advance();
        }
    }

    /// Returns the next event, or `None` when the build is over.
    pub fn step(&mut self) -> Option<BuildEvent> {
        loop {
            if let Some(event) = self.pending.pop_front() {
                self.events.push(event.clone());
                return Some(event);
            }
            if self.phase == Phase::Done {
                return None;
            }
            self.advance();
        }
    }

    /// Simulates the daemon dying now: the running step is lost, finished steps stay cached.
    pub fn crash(&mut self) {
        self.crash_requested = true;
    }

    /// Every event so far.
    pub fn events(&self) -> &[BuildEvent] {
        &self.events
    }

    /// How the build ended, once it has.
    pub fn outcome(&self) -> Option<&BuildOutcome> {
        self.outcome.as_ref()
    }

    /// The image, if the build succeeded.
    pub fn image(&self) -> Option<&Image> {
        self.image.as_ref()
    }

    /// The images the classic builder committed, one per step, oldest first: each is the child of the
    /// one before it (the first of a stage is the child of its base image), and the last one of the
    /// target stage is the built image itself (S-LAYER-5). Empty for BuildKit.
    pub fn intermediates(&self) -> &[Image] {
        &self.intermediates
    }

    /// The runtime config of the stage being built, as it stands after the instruction whose events are
    /// being delivered (`None` between stages and after the last one). The UI samples it per step to
    /// show "the image config at that point"; it is read-only and does not affect the build.
    pub fn current_config(&self) -> Option<&crate::image::ImageConfig> {
        self.current.as_ref().map(|state| &state.config)
    }

    /// The parse of the Dockerfile.
    pub fn parse(&self) -> &Parse {
        &self.parse
    }

    /// The external images the needed stages start from (known once the build is planned).
    pub fn base_references(&self) -> Option<Vec<ImageRef>> {
        let plan = self.plan.as_ref()?;
        Some(
            self.order
                .iter()
                .filter_map(|&s| match &plan.stages[s].base {
                    plan::BaseRef::Image(r) => Some(r.clone()),
                    _ => None,
                })
                .collect(),
        )
    }

    /// The build's input.
    pub fn input(&self) -> &BuildInput {
        &self.input
    }

    /// The world as the build left it (cache updated).
    pub fn world(&self) -> &BuildWorld {
        &self.world
    }

    /// Gives the world back to the host.
    pub fn into_world(self) -> BuildWorld {
        self.world
    }

    /// The simulated duration so far.
    pub fn elapsed_ms(&self) -> u64 {
        self.clock_ms
    }

    /// Whether the legacy builder runs this build (`DOCKER_BUILDKIT=0`).
    pub fn classic(&self) -> bool {
        self.input.options.builder == Builder::Classic
    }

    /// The history COMMENT this builder writes: BuildKit's frontend marks its rows, the classic builder
    /// leaves it empty (S-HIST-3).
    fn history_comment(&self) -> std::sync::Arc<str> {
        static BUILDKIT: std::sync::OnceLock<std::sync::Arc<str>> = std::sync::OnceLock::new();
        if self.classic() { no_comment() } else { BUILDKIT.get_or_init(|| "buildkit.dockerfile.v0".into()).clone() }
    }

    fn emit(&mut self, event: BuildEvent) {
        self.pending.push_back(event);
    }

    fn start_vertex(&mut self, name: String, kind: VertexKind) -> usize {
        let id = self.next_vertex;
        self.next_vertex += 1;
        self.emit(BuildEvent::VertexStarted { vertex: Vertex { id, name, kind }, at_ms: self.clock_ms });
        id
    }

    fn done_vertex(&mut self, vertex: usize, duration_ms: u64, cached: bool) {
        self.clock_ms += duration_ms;
        self.emit(BuildEvent::VertexDone { vertex, duration_ms, cached });
    }

    fn finish(&mut self, outcome: BuildOutcome) {
        self.outcome = Some(outcome.clone());
        self.emit(BuildEvent::Finished { outcome, duration_ms: self.clock_ms });
        self.phase = Phase::Done;
    }

    fn fail(&mut self, error: BuildError) {
        self.finish(BuildOutcome::Failed { error });
    }

    /// The bytes sent for a named input: its size when it changed since the last build, else a small
    /// constant (BuildKit only re-sends what changed, S-OUT-3).
    fn transfer_size(&mut self, name: &str, checksum: Digest, size: u64, unchanged: u64) -> u64 {
        let previous = self.world.sent.insert(name.to_string(), checksum);
        if previous == Some(checksum) { unchanged } else { size }
    }

    fn advance(&mut self) {
        match self.phase.clone() {
            Phase::Definition => self.load_definition(),
            Phase::Metadata(i) => self.load_metadata(i),
            Phase::Ignore => self.load_ignore(),
            Phase::Stage { order, body } => self.stage_step(order, body),
            Phase::Export => self.export(),
            Phase::Done => {}
        }
    }

    fn load_definition(&mut self) {
        let name = self.input.options.dockerfile_name.clone();
        let base = name.rsplit('/').next().unwrap_or(&name).to_string();
        let v = self.start_vertex(format!("[internal] load build definition from {base}"), VertexKind::Internal);
        self.definition_vertex = v;
        let text = self.input.dockerfile.clone();
        let size = self.transfer_size("dockerfile", Digest::of(text.as_bytes()), text.len() as u64, 32);
        self.emit(BuildEvent::Status {
            vertex: v,
            text: format!("transferring dockerfile: {} done", crate::format::progress_bytes(size)),
        });
        // BuildKit's own checks: the parser's warnings plus the two checks that need scope (S-OUT-5).
        let mut scoped: Vec<crate::Diagnostic> = Vec::new();
        for code in ["UndefinedVar", "SecretsUsedInArgOrEnv"] {
            if let Some(rule) = crate::lint::rule(code) {
                (rule.check)(&self.parse.dockerfile, &text, &mut scoped);
            }
        }
        for d in &mut scoped {
            d.severity = crate::Severity::Warning;
        }
        let mut checks: Vec<crate::Diagnostic> = self.parse.diagnostics.iter().cloned().chain(scoped).collect();
        checks.sort_by_key(|d| d.span.start);
        let options = CheckOptions::of(&self.parse.dockerfile, &self.input.options);
        for d in checks {
            if d.severity != crate::Severity::Error && !options.skips(&d.code) {
                if options.error && !self.lint_violations.iter().any(|r| *r == d.code) {
                    self.lint_violations.push(d.code.to_string());
                }
                let line = crate::text::LineIndex::new(&text).line(d.span.start);
                self.emit(BuildEvent::Warning {
                    vertex: v,
                    rule: d.code.to_string(),
                    message: d.message.to_string(),
                    line,
                });
            }
        }
        self.done_vertex(v, 0, false);
        if let Some(error) = self.parse.diagnostics.iter().find(|d| d.is_error()) {
            let index = crate::text::LineIndex::new(&text);
            let lines = if error.span.is_empty() && text.trim().is_empty() {
                None
            } else {
                Some((index.line(error.span.start), index.line(error.span.end.saturating_sub(1).max(error.span.start))))
            };
            self.fail(BuildError::Definition { message: error.message.to_string(), lines });
            return;
        }
        match plan::plan(&self.parse.dockerfile, &self.input.options.build_args, self.input.options.target.as_deref()) {
            Ok(plan) => {
                // BuildKit builds only what the target needs; the classic builder builds every stage up
                // to the target, in order (S-CACHE-7).
                self.order = if self.classic() {
                    (0..=plan.target).collect()
                } else {
                    plan.stages.iter().filter(|s| s.needed).map(|s| s.index).collect()
                };
                let mut metadata: Vec<ImageRef> = Vec::new();
                for &s in &self.order {
                    if let plan::BaseRef::Image(r) = &plan.stages[s].base
                        && !metadata.contains(r)
                    {
                        metadata.push(r.clone());
                    }
                    for image in exec::copy_from_images(&plan, &self.parse.dockerfile, s) {
                        if !metadata.contains(&image) {
                            metadata.push(image);
                        }
                    }
                }
                self.metadata = metadata;
                self.plan = Some(std::sync::Arc::new(plan));
                self.phase = Phase::Metadata(0);
            }
            Err(error) => self.fail(error),
        }
    }

    fn load_metadata(&mut self, i: usize) {
        let Some(reference) = self.metadata.get(i).cloned() else {
            // BuildKit turns warnings into an error once every stage is converted, after the base
            // images' metadata and before the context is read; the error points at the file's first
            // line (S-OUT-5; moby/buildkit `Linter.Error`).
            if !self.lint_violations.is_empty() {
                let message = format!("lint violation found for rules: {}", self.lint_violations.join(", "));
                self.fail(BuildError::Definition { message, lines: Some((1, 1)) });
                return;
            }
            self.phase = Phase::Ignore;
            return;
        };
        let name = reference.clone().with_default_tag().canonical();
        let v = self.start_vertex(format!("[internal] load metadata for {name}"), VertexKind::Internal);
        match exec::find_base(&self.world, &reference) {
            Some(_) => {
                let duration = if self.world.pulled.contains(&name) { 500 } else { 1400 };
                self.done_vertex(v, duration, false);
                self.phase = Phase::Metadata(i + 1);
            }
            // The classic builder has no metadata pass: it pulls each base when its FROM step runs,
            // after the earlier stages ran, so the stage start reports the failure (S-OUT-7, S-CLI-4).
            None if self.classic() => {
                self.done_vertex(v, 0, false);
                self.phase = Phase::Metadata(i + 1);
            }
            None => {
                let message = exec::pull_error(&reference, self.plan.as_deref());
                self.emit(BuildEvent::VertexFailed { vertex: v, message: message.1.clone() });
                let lines = self.lines_of_base(&reference);
                self.fail(BuildError::Definition { message: message.0, lines });
            }
        }
    }

    fn lines_of_base(&self, reference: &ImageRef) -> Option<(usize, usize)> {
        let plan = self.plan.as_ref()?;
        let stage = plan.stages.iter().find(|s| matches!(&s.base, plan::BaseRef::Image(r) if r == reference))?;
        let ins = &self.parse.dockerfile.instructions[stage.from];
        Some((ins.start_line, ins.end_line))
    }

    fn load_ignore(&mut self) {
        let v = self.start_vertex("[internal] load .dockerignore".to_string(), VertexKind::Internal);
        let ignore = self.input.context.file(".dockerignore").map(|b| String::from_utf8_lossy(b).into_owned());
        let size = match &ignore {
            Some(text) => self.transfer_size(".dockerignore", Digest::of(text.as_bytes()), text.len() as u64, 2),
            None => 2,
        };
        self.emit(BuildEvent::Status {
            vertex: v,
            text: format!("transferring context: {} done", crate::format::progress_bytes(size)),
        });
        self.done_vertex(v, 0, false);
        let name = self.input.options.dockerfile_name.clone();
        self.context = self.input.context.without_ignored(ignore.as_deref().unwrap_or(""), &name);
        self.phase = if self.order.is_empty() { Phase::Export } else { Phase::Stage { order: 0, body: 0 } };
    }

    /// Sends the build context the first time a step needs it.
    fn load_context(&mut self, paths: &[String]) {
        if self.context_loaded {
            return;
        }
        self.context_loaded = true;
        let v = self.start_vertex("[internal] load build context".to_string(), VertexKind::Internal);
        let mut size = 0;
        for path in paths {
            for (p, entry) in
                self.context.below(path).into_iter().map(|(p, e)| (p.to_string(), e.clone())).collect::<Vec<_>>()
            {
                if let crate::context::ContextEntry::File { data, .. } = entry {
                    let checksum = Digest::of(&data);
                    size += self.transfer_size(&format!("context/{p}"), checksum, data.len() as u64 + 37, 0);
                }
            }
        }
        let size = if size == 0 { 30 } else { size };
        self.emit(BuildEvent::Status {
            vertex: v,
            text: format!("transferring context: {} done", crate::format::progress_bytes(size)),
        });
        self.done_vertex(v, 0, false);
    }

    fn stage_step(&mut self, order: usize, body: usize) {
        let Some(&stage_index) = self.order.get(order) else {
            self.phase = Phase::Export;
            return;
        };
        if body == 0 && self.current.is_none() {
            match self.start_stage(stage_index) {
                Ok(state) => self.current = Some(state),
                Err(error) => {
                    self.fail(error);
                    return;
                }
            }
            self.phase = Phase::Stage { order, body: 0 };
            if self.current.as_ref().is_some_and(|s| !s.triggers.is_empty()) {
                return;
            }
        }
        let ins_index = {
            let state = self.current.as_mut().expect("a stage is current while its body runs");
            if let Some(trigger) = state.triggers.pop_front() {
                self.run_trigger(trigger);
                return;
            }
            self.plan.as_ref().and_then(|p| p.stages[stage_index].body.get(body).copied())
        };
        match ins_index {
            Some(ins_index) => {
                self.run_instruction(ins_index);
                if self.phase != Phase::Done {
                    self.phase = Phase::Stage { order, body: body + 1 };
                }
            }
            None => {
                let state = self.current.take().expect("a stage is current while its body runs");
                self.states.insert(stage_index, state);
                self.phase = Phase::Stage { order: order + 1, body: 0 };
            }
        }
    }

    fn export(&mut self) {
        let plan = self.plan.as_ref().expect("export runs after planning");
        let Some(mut image) = self.states.get(&plan.target).map(|state| state.to_image(self.input.options.builder))
        else {
            self.phase = Phase::Done;
            return;
        };
        // The classic builder's result is its last step's image: it has that image's parent.
        let last_step = image.history_ids.last().copied().flatten();
        image.parent = self.intermediates.iter().rev().find(|i| Some(i.id) == last_step).and_then(|i| i.parent);
        let v = self.start_vertex("exporting to image".to_string(), VertexKind::Export);
        // Exporting takes time only when some layer is new.
        let duration = if self.built_any { 100 + self.new_bytes / 125_000 } else { 0 };
        if self.built_any {
            self.emit(BuildEvent::Status { vertex: v, text: "exporting layers".to_string() });
            self.emit(BuildEvent::Status {
                vertex: v,
                text: format!("exporting layers {} done", crate::format::seconds_1(duration)),
            });
            self.clock_ms += duration;
        } else {
            self.emit(BuildEvent::Status { vertex: v, text: "exporting layers done".to_string() });
        }
        self.emit(BuildEvent::Status { vertex: v, text: format!("writing image {} done", image.id.prefixed()) });
        for tag in self.input.options.tags.clone() {
            self.emit(BuildEvent::Status { vertex: v, text: format!("naming to {} done", tag.canonical()) });
        }
        self.emit(BuildEvent::VertexDone { vertex: v, duration_ms: duration, cached: false });
        let id = image.id;
        self.image = Some(image);
        self.finish(BuildOutcome::Succeeded { image_id: id });
    }
}

#[cfg(test)]
mod tests;
