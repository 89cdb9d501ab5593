//! [`Timeline`]: what the UI shows of one build, folded from its events one at a time.
//!
//! Every fact a row or log line holds remembers the index of the event that produced it, so the view
//! at any earlier point (the time-travel scrubber's cursor) is a filter, not a replay. The rows start
//! as the planned steps (from `engine::plan`), so steps that have not run yet show as pending. Pure:
//! no DOM, tested natively.

use std::collections::BTreeSet;
use std::rc::Rc;

use layerlab_core::cache::MissReason;
use layerlab_core::digest::Digest;
use layerlab_core::engine::plan::{self, BaseRef};
use layerlab_core::engine::{BuildEvent, BuildOutcome, FileChange, VertexKind};
use layerlab_core::image::ImageConfig;
use layerlab_core::instruction::Command;
use layerlab_core::output::PlainPrinter;

mod append;

pub use append::AppendOnly;

/// What kind of entry a row of the stack is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// A numbered BuildKit step (`FROM`, `RUN`, `COPY`, `ADD`, `WORKDIR`): a layer, or the base.
    Step,
    /// A metadata instruction: it changes the config and adds a 0 B history row.
    Config,
}

/// How a step ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum End {
    /// It finished, from the cache or by running.
    Done,
    /// It failed with this message.
    Failed(String),
    /// The daemon died while it ran: the step was lost in flight.
    Canceled,
}

/// One config field a metadata instruction changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The event index.
    pub event: usize,
    /// `Env`, `Cmd`, …
    pub field: String,
    /// JSON before.
    pub before: String,
    /// JSON after.
    pub after: String,
}

/// One entry of the layer stack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Step or config change.
    pub kind: RowKind,
    /// The BuildKit step number within its stage (`[i/N]`), 0 for config rows.
    pub step: usize,
    /// The stage's step count.
    pub total: usize,
    /// The instruction's 1-based source lines.
    pub lines: (usize, usize),
    /// The progress name (`[3/5] COPY requirements.txt .`) or the instruction text.
    pub title: String,
    /// The `#N` vertex, once started.
    pub vertex: Option<usize>,
    /// The event that started it (or, for a config row, reached it).
    pub started: Option<usize>,
    /// The cache decision: the event and the miss reason (`None` = hit).
    pub cache: Option<(usize, Option<MissReason>)>,
    /// The cache key of the step.
    pub key: Option<Digest>,
    /// Whether a FROM step downloaded its base image.
    pub pulled: bool,
    /// The files the step changed, and the event (shared: a `pip install` changes hundreds, and rows
    /// are cloned with the timeline).
    pub changes: Option<(usize, Rc<[FileChange]>)>,
    /// The committed layer's size, and the event.
    pub size: Option<(usize, u64)>,
    /// How it ended, and the event.
    pub end: Option<(usize, End)>,
    /// For config rows: the fields it changed.
    pub fields: Vec<FieldChange>,
    /// The stage's config after this row (sampled while the build ran; absent for terminal builds).
    pub config: Option<Rc<ImageConfig>>,
    /// Whether this build resumed the step from the cache after a crashed build had built it.
    pub resumed: bool,
    /// The instruction index, for config rows.
    instruction: Option<usize>,
}

/// The status of a row at a cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Not reached yet.
    Pending,
    /// Started, cache not decided yet.
    Running,
    /// Taken from the cache (or the base was already local).
    Hit,
    /// Rebuilt (or the base was pulled); may still be running.
    Miss,
    /// Failed.
    Failed,
    /// Lost in flight when the daemon died.
    Canceled,
}

impl Status {
    /// The `data-cache` test hook value.
    pub fn cache_attr(self) -> &'static str {
        match self {
            Status::Pending | Status::Running => "pending",
            Status::Hit => "hit",
            Status::Miss => "miss",
            Status::Failed | Status::Canceled => "failed",
        }
    }
}

impl Row {
    fn planned(
        kind: RowKind,
        step: usize,
        total: usize,
        lines: (usize, usize),
        title: String,
        instruction: Option<usize>,
    ) -> Row {
        Row {
            kind,
            step,
            total,
            lines,
            title,
            vertex: None,
            started: None,
            cache: None,
            key: None,
            pulled: false,
            changes: None,
            size: None,
            end: None,
            fields: Vec::new(),
            config: None,
            resumed: false,
            instruction,
        }
    }

    /// The row's status once the first `cursor` events have happened.
    pub fn status(&self, cursor: usize) -> Status {
        let seen = |at: usize| at < cursor;
        if !self.started.is_some_and(seen) {
            return Status::Pending;
        }
        match &self.end {
            Some((at, End::Failed(_))) if seen(*at) => return Status::Failed,
            Some((at, End::Canceled)) if seen(*at) => return Status::Canceled,
            _ => {}
        }
        if self.kind == RowKind::Config {
            return Status::Hit;
        }
        match &self.cache {
            Some((at, None)) if seen(*at) => Status::Hit,
            Some((at, Some(_))) if seen(*at) => Status::Miss,
            _ => match &self.end {
                Some((at, End::Done)) if seen(*at) => {
                    if self.pulled {
                        Status::Miss
                    } else {
                        Status::Hit
                    }
                }
                _ => Status::Running,
            },
        }
    }

    /// Whether the row has finished by the cursor.
    pub fn ended_by(&self, cursor: usize) -> bool {
        self.end.as_ref().is_some_and(|(at, _)| *at < cursor)
            || (self.kind == RowKind::Config && self.started.is_some_and(|s| s < cursor))
    }
}

/// One line of the BuildKit plain log, with the event that printed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    /// The event index.
    pub event: usize,
    /// The text.
    pub text: String,
    /// Whether it reports an error (shown in the error colour), decided once when it is printed.
    pub error: bool,
}

/// Whether a plain-progress line reports an error or a canceled step.
fn is_error(line: &str) -> bool {
    line.starts_with("ERROR") || line.contains(" ERROR") || line.ends_with(" CANCELED")
}

/// The UI's view of one build. Cloning it is cheap and comparing two is usually O(1): events and log
/// are [`AppendOnly`] snapshots, and it is `Eq`, so `Rc<Timeline>` props compare by pointer first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// The Dockerfile text that was built.
    pub dockerfile: Rc<str>,
    /// Every event so far.
    pub events: AppendOnly<BuildEvent>,
    /// The plain log, line by line.
    pub log: AppendOnly<LogLine>,
    /// The stack, in build order.
    pub rows: Vec<Row>,
    /// How the build ended, and the event.
    pub outcome: Option<(usize, BuildOutcome)>,
    /// Cache keys a crashed build before this one had built; hits on them are "resumed".
    pub resumed_from: Rc<BTreeSet<Digest>>,
    /// Cache keys this build executed and committed.
    pub committed: BTreeSet<Digest>,
    /// The crash that was armed for this build (`crash at step N`).
    pub crash_at: Option<usize>,
    /// Whether the build was started by a terminal command (no config snapshots).
    pub from_terminal: bool,
    printer: PlainPrinter,
}

impl Timeline {
    /// An empty timeline for a build of `dockerfile`, with rows planned for the given build args and
    /// target.
    pub fn new(dockerfile: &str, build_args: &[(String, String)], target: Option<&str>, classic: bool) -> Timeline {
        let rows = if classic { classic_rows(dockerfile) } else { planned_rows(dockerfile, build_args, target) };
        Timeline {
            dockerfile: Rc::from(dockerfile),
            events: AppendOnly::default(),
            log: AppendOnly::default(),
            rows,
            outcome: None,
            resumed_from: Rc::default(),
            committed: BTreeSet::new(),
            crash_at: None,
            from_terminal: false,
            printer: PlainPrinter::new(dockerfile, "Dockerfile"),
        }
    }

    /// The keys a build after this one may resume: what this build committed if it crashed.
    pub fn resumable(&self) -> Rc<BTreeSet<Digest>> {
        match &self.outcome {
            Some((_, BuildOutcome::Crashed { .. })) => {
                let mut keys = (*self.resumed_from).clone();
                keys.extend(self.committed.iter().copied());
                Rc::new(keys)
            }
            _ => Rc::default(),
        }
    }

    /// Whether the build is over.
    pub fn finished(&self) -> bool {
        self.outcome.is_some()
    }

    /// Folds one event in. `config` is the stage's config as the build stands (if known).
    pub fn push(&mut self, event: BuildEvent, config: Option<&ImageConfig>) {
        let at = self.events.len();
        for text in self.printer.push(&event) {
            let error = is_error(&text);
            self.log.push(LogLine { event: at, text, error });
        }
        match &event {
            BuildEvent::VertexStarted { vertex, .. } => {
                if let VertexKind::Step { index, total, lines, .. } = vertex.kind {
                    let position = self
                        .rows
                        .iter()
                        .position(|r| r.kind == RowKind::Step && r.lines == lines && r.vertex.is_none());
                    let row_index = match position {
                        Some(i) => i,
                        None => {
                            let after = self.rows.iter().rposition(|r| r.started.is_some()).map_or(0, |i| i + 1);
                            self.rows
                                .insert(after, Row::planned(RowKind::Step, index, total, lines, String::new(), None));
                            after
                        }
                    };
                    // Config rows planned before this step, in the same build order, have been passed.
                    for row in &mut self.rows[..row_index] {
                        if row.kind == RowKind::Config && row.started.is_none() {
                            row.started = Some(at);
                        }
                    }
                    let row = &mut self.rows[row_index];
                    row.step = index;
                    row.total = total;
                    if row.title.is_empty() || !row.title.starts_with("Step ") {
                        row.title = vertex.name.clone();
                    }
                    row.vertex = Some(vertex.id);
                    row.started = Some(at);
                }
            }
            BuildEvent::Status { vertex, text } => {
                if text.starts_with("resolve ") || text.starts_with("extracting ") {
                    self.row_of(*vertex).into_iter().for_each(|row| row.pulled = true);
                }
            }
            BuildEvent::Cache { vertex, key, miss } => {
                let resumed = miss.is_none() && self.resumed_from.contains(key);
                if let Some(row) = self.row_of(*vertex) {
                    row.cache = Some((at, miss.clone()));
                    row.key = Some(*key);
                    row.resumed = resumed;
                }
            }
            BuildEvent::FilesChanged { vertex, changes } => {
                if let Some(row) = self.row_of(*vertex) {
                    row.changes = Some((at, Rc::from(changes.as_slice())));
                }
            }
            BuildEvent::LayerCommitted { vertex, size, .. } => {
                if let Some(row) = self.row_of(*vertex) {
                    row.size = Some((at, *size));
                }
            }
            BuildEvent::ConfigChanged { instruction, field, before, after } => {
                let change =
                    FieldChange { event: at, field: field.clone(), before: before.clone(), after: after.clone() };
                let index = match self.rows.iter().position(|r| r.instruction == Some(*instruction)) {
                    Some(i) => i,
                    None => {
                        let after_row = self.rows.iter().rposition(|r| r.started.is_some()).map_or(0, |i| i + 1);
                        let row = Row::planned(
                            RowKind::Config,
                            0,
                            0,
                            (0, 0),
                            format!("ONBUILD trigger ({field})"),
                            Some(*instruction),
                        );
                        self.rows.insert(after_row, row);
                        after_row
                    }
                };
                let row = &mut self.rows[index];
                row.started.get_or_insert(at);
                row.fields.push(change);
                row.config = config.cloned().map(Rc::new);
            }
            BuildEvent::VertexDone { vertex, cached, .. } => {
                // A step that ran to the end is in the cache, whether or not its diff was empty.
                let executed = self.row_of(*vertex).and_then(|r| r.cache.as_ref().map(|(_, m)| m.is_some()).zip(r.key));
                if let Some((true, key)) = executed {
                    self.committed.insert(key);
                }
                if let Some(row) = self.row_of(*vertex) {
                    row.end = Some((at, End::Done));
                    row.config = config.cloned().map(Rc::new);
                    if *cached && row.cache.is_none() {
                        row.cache = Some((at, None));
                    }
                }
            }
            BuildEvent::VertexFailed { vertex, message } => {
                if let Some(row) = self.row_of(*vertex) {
                    row.end = Some((at, End::Failed(message.clone())));
                }
            }
            BuildEvent::VertexCanceled { vertex } => {
                if let Some(row) = self.row_of(*vertex) {
                    row.end = Some((at, End::Canceled));
                }
            }
            BuildEvent::Finished { outcome, .. } => self.outcome = Some((at, outcome.clone())),
            BuildEvent::Warning { .. } | BuildEvent::Log { .. } => {}
        }
        self.events.push(event);
    }

    fn row_of(&mut self, vertex: usize) -> Option<&mut Row> {
        self.rows.iter_mut().find(|r| r.vertex == Some(vertex))
    }

    /// The row running or last touched at the cursor (what the editor highlights).
    pub fn current_row(&self, cursor: usize) -> Option<usize> {
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.kind == RowKind::Step && r.started.is_some_and(|s| s < cursor))
            .max_by_key(|(_, r)| r.started)
            .map(|(i, _)| i)
    }

    /// The event index just after the next step boundary at or after `cursor` (for the Step button),
    /// if it is already recorded.
    pub fn next_boundary(&self, cursor: usize) -> Option<usize> {
        let events = self.events.items();
        (cursor..events.len()).find(|&i| self.is_step_boundary(&events[i])).map(|i| i + 1)
    }

    /// Whether an event ends a step as the learner sees it: a row's vertex finished, failed or was
    /// lost, a metadata instruction applied, or the build ended.
    pub fn is_step_boundary(&self, event: &BuildEvent) -> bool {
        match event {
            BuildEvent::VertexDone { vertex, .. }
            | BuildEvent::VertexFailed { vertex, .. }
            | BuildEvent::VertexCanceled { vertex } => self.rows.iter().any(|r| r.vertex == Some(*vertex)),
            BuildEvent::ConfigChanged { .. } | BuildEvent::Finished { .. } => true,
            _ => false,
        }
    }
}

/// A one-line description of an event, for the scrubber.
pub fn describe(event: &BuildEvent) -> String {
    match event {
        BuildEvent::VertexStarted { vertex, .. } => format!("#{} started: {}", vertex.id, vertex.name),
        BuildEvent::Status { vertex, text } => format!("#{vertex} {text}"),
        BuildEvent::Warning { rule, .. } => format!("warning {rule}"),
        BuildEvent::Cache { vertex, miss: None, .. } => format!("#{vertex} cache hit"),
        BuildEvent::Cache { vertex, miss: Some(_), .. } => format!("#{vertex} cache miss"),
        BuildEvent::Log { vertex, text, .. } => format!("#{vertex} log: {text}"),
        BuildEvent::FilesChanged { vertex, changes } => format!("#{vertex} changed {} paths", changes.len()),
        BuildEvent::LayerCommitted { vertex, size, .. } => {
            format!("#{vertex} layer committed, {}", layerlab_core::format::human_size(*size))
        }
        BuildEvent::ConfigChanged { field, .. } => format!("config {field} changed"),
        BuildEvent::VertexDone { vertex, cached: true, .. } => format!("#{vertex} cached"),
        BuildEvent::VertexDone { vertex, .. } => format!("#{vertex} done"),
        BuildEvent::VertexFailed { vertex, .. } => format!("#{vertex} failed"),
        BuildEvent::VertexCanceled { vertex } => format!("#{vertex} lost in flight"),
        BuildEvent::Finished { outcome, .. } => match outcome {
            BuildOutcome::Succeeded { .. } => "build finished".to_string(),
            BuildOutcome::Failed { .. } => "build failed".to_string(),
            BuildOutcome::Crashed { .. } => "daemon crashed".to_string(),
        },
    }
}

/// The rows of a classic build: every instruction is a numbered step (`Step i/N`) with its own cache
/// lookup.
pub fn classic_rows(dockerfile: &str) -> Vec<Row> {
    let parse = layerlab_core::parse(dockerfile);
    let total = parse.dockerfile.instructions.len();
    parse
        .dockerfile
        .instructions
        .iter()
        .enumerate()
        .map(|(i, ins)| {
            Row::planned(
                RowKind::Step,
                i + 1,
                total,
                (ins.start_line, ins.end_line),
                format!("Step {}/{total} : {}", i + 1, ins.original),
                Some(i),
            )
        })
        .collect()
}

/// The rows a build is expected to produce: per needed stage, its FROM (for an image base) and its
/// instructions, numbered as BuildKit numbers them. Falls back to no rows when planning fails (the
/// build will say why).
pub fn planned_rows(dockerfile: &str, build_args: &[(String, String)], target: Option<&str>) -> Vec<Row> {
    let parse = layerlab_core::parse(dockerfile);
    let Ok(plan) = plan::plan(&parse.dockerfile, build_args, target) else {
        return Vec::new();
    };
    let instructions = &parse.dockerfile.instructions;
    let mut rows = Vec::new();
    for stage in plan.stages.iter().filter(|s| s.needed) {
        let external = matches!(stage.base, BaseRef::Image(_));
        let layer_steps = stage.body.iter().filter(|&&i| plan::is_layer_step(&instructions[i].command)).count();
        let total = usize::from(external) + layer_steps;
        let prefix = plan.prefix(stage.index);
        let width = total.max(1).to_string().len();
        let title = |n: usize, text: &str| match &prefix {
            Some(p) => format!("[{p} {n:>width$}/{total}] {text}"),
            None => format!("[{n:>width$}/{total}] {text}"),
        };
        let mut n = 0;
        let from = &instructions[stage.from];
        if external {
            n += 1;
            rows.push(Row::planned(
                RowKind::Step,
                n,
                total,
                (from.start_line, from.end_line),
                title(n, &from.original),
                None,
            ));
        }
        for &i in &stage.body {
            let ins = &instructions[i];
            let lines = (ins.start_line, ins.end_line);
            if plan::is_layer_step(&ins.command) {
                n += 1;
                rows.push(Row::planned(RowKind::Step, n, total, lines, title(n, &ins.original), None));
            } else if !matches!(ins.command, Command::Arg(_)) {
                rows.push(Row::planned(RowKind::Config, 0, total, lines, ins.original.to_string(), Some(i)));
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests;
