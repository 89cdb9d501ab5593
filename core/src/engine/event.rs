//! [`BuildEvent`]: everything observable about a build, one value per thing the UI animates and the
//! renderers print. Events carry explanations (why a cache lookup missed, which files changed), not
//! only facts.

use serde::{Deserialize, Serialize};

use crate::cache::MissReason;
use crate::digest::Digest;

/// Which builder runs the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Builder {
    /// BuildKit (the default since Docker 23).
    #[default]
    BuildKit,
    /// The legacy builder (`DOCKER_BUILDKIT=0`).
    Classic,
}

/// What a vertex is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum VertexKind {
    /// `[internal] …` bookkeeping.
    Internal,
    /// A numbered Dockerfile step.
    Step {
        /// 1-based index within its stage (`[i/N]`).
        index: usize,
        /// N, the stage's step count.
        total: usize,
        /// The index of the instruction in the Dockerfile.
        instruction: usize,
        /// The 1-based source lines of the instruction.
        lines: (usize, usize),
    },
    /// `exporting to image`.
    Export,
}

/// A unit of progress output (`#N name`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vertex {
    /// The `#N` number.
    pub id: usize,
    /// The name printed after `#N`.
    pub name: String,
    /// What it is.
    pub kind: VertexKind,
}

/// Which stream a log line was written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LogStream {
    /// Standard output.
    Stdout,
    /// Standard error.
    Stderr,
}

/// How one path changed in a layer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileChangeKind {
    /// A new file, directory or link.
    Added,
    /// Replaced content or metadata.
    Modified,
    /// Deleted: the layer holds a whiteout.
    Removed,
}

/// One changed path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileChange {
    /// The absolute path.
    pub path: String,
    /// What happened.
    pub kind: FileChangeKind,
    /// The size of the file's content (0 for directories and whiteouts).
    pub size: u64,
}

/// How a build ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BuildOutcome {
    /// The image was written (and tagged).
    Succeeded {
        /// The image ID.
        image_id: Digest,
    },
    /// A step failed; nothing was tagged.
    Failed {
        /// What failed.
        error: crate::engine::BuildError,
    },
    /// The simulated daemon died while a step ran; finished steps stay cached.
    Crashed {
        /// The step that was lost in flight (`[3/4] RUN …`).
        step: String,
    },
}

impl BuildOutcome {
    /// `succeeded`, `failed` or `crashed`: the outcome's name in the JS API and the embed messages.
    pub fn name(&self) -> &'static str {
        match self {
            BuildOutcome::Succeeded { .. } => "succeeded",
            BuildOutcome::Failed { .. } => "failed",
            BuildOutcome::Crashed { .. } => "crashed",
        }
    }

    /// What went wrong: the error after `failed to solve: `, or the step lost in a crash.
    pub fn problem(&self) -> Option<String> {
        match self {
            BuildOutcome::Succeeded { .. } => None,
            BuildOutcome::Failed { error } => Some(error.to_string()),
            BuildOutcome::Crashed { step } => Some(step.clone()),
        }
    }
}

/// One observable thing that happened during a build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BuildEvent {
    /// A vertex started.
    VertexStarted {
        /// The vertex.
        vertex: Vertex,
        /// Build-relative time in ms.
        at_ms: u64,
    },
    /// A status line of a vertex (`transferring dockerfile: 83B done`).
    Status {
        /// The vertex number.
        vertex: usize,
        /// The text after `#N `.
        text: String,
    },
    /// A build-check warning, attached to the definition vertex.
    Warning {
        /// The vertex number.
        vertex: usize,
        /// The rule (`JSONArgsRecommended`).
        rule: String,
        /// The description.
        message: String,
        /// The 1-based line.
        line: usize,
    },
    /// The cache decision for a step.
    Cache {
        /// The vertex number.
        vertex: usize,
        /// The cache key of the step.
        key: Digest,
        /// `None` for a hit, else why it missed.
        miss: Option<MissReason>,
    },
    /// One line a RUN printed.
    Log {
        /// The vertex number.
        vertex: usize,
        /// Milliseconds since the vertex started.
        at_ms: u64,
        /// Which stream.
        stream: LogStream,
        /// The line, without newline.
        text: String,
    },
    /// The files a step changed, in the layer it is about to commit.
    FilesChanged {
        /// The vertex number.
        vertex: usize,
        /// The changes, sorted by path.
        changes: Vec<FileChange>,
    },
    /// A step's layer was committed (or taken from the cache).
    LayerCommitted {
        /// The vertex number.
        vertex: usize,
        /// The layer's diff ID.
        diff_id: Digest,
        /// Its size in bytes.
        size: u64,
    },
    /// A metadata instruction changed the image config (no vertex in BuildKit).
    ConfigChanged {
        /// The index of the instruction.
        instruction: usize,
        /// The config field (`Env`, `Cmd`, …).
        field: String,
        /// The value before, as JSON.
        before: String,
        /// The value after, as JSON.
        after: String,
    },
    /// A vertex finished.
    VertexDone {
        /// The vertex number.
        vertex: usize,
        /// How long it took.
        duration_ms: u64,
        /// Whether it came from the cache.
        cached: bool,
    },
    /// A vertex failed.
    VertexFailed {
        /// The vertex number.
        vertex: usize,
        /// The error text after `#N ERROR: `.
        message: String,
    },
    /// A vertex was stopped because the daemon died.
    VertexCanceled {
        /// The vertex number.
        vertex: usize,
    },
    /// The build is over.
    Finished {
        /// How it ended.
        outcome: BuildOutcome,
        /// The simulated total duration.
        duration_ms: u64,
    },
}
