//! The JavaScript API's data: what `parse`, `build` and `resolveRun` take and return, as plain serde
//! types with camelCase fields, and the pure functions that fill them from `layerlab-core`. Nothing
//! here knows about wasm, so it is tested natively; `lib.rs` only converts to and from `JsValue`.
//!
//! The shapes are this crate's own contract (mirrored by the TypeScript declarations in `lib.rs`),
//! not core's internal types, so core can change its representation without breaking pages that
//! use the API. Spans are in UTF-16 code units, the unit of JavaScript's `String.prototype.slice`.

use std::collections::BTreeMap;

use layerlab_core::context::BuildContext;
use layerlab_core::dockerfile::{dump, dump_node_string};
use layerlab_core::engine::{Build, BuildInput, BuildOptions, BuildOutcome, BuildWorld, Builder};
use layerlab_core::format::Timestamp;
use layerlab_core::history::{self, HistoryOptions};
use layerlab_core::image::ImageConfig;
use layerlab_core::image_ref::ImageRef;
use layerlab_core::instruction::NodeArg;
use layerlab_core::run::{self, EnvEntry, WordSource};
use layerlab_core::{Diagnostic, LineIndex, Severity};
use serde::{Deserialize, Serialize};

/// A range of the source text, in UTF-16 code units, with the 1-based line it starts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsSpan {
    /// First code unit.
    pub start: usize,
    /// One past the last code unit.
    pub end: usize,
    /// The 1-based line of `start`.
    pub line: usize,
}

/// Maps byte offsets of a text to UTF-16 offsets and lines.
struct Positions<'a> {
    text: &'a str,
    lines: LineIndex,
}

impl<'a> Positions<'a> {
    fn new(text: &'a str) -> Positions<'a> {
        Positions { text, lines: LineIndex::new(text) }
    }

    fn utf16(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        let head = self.text.get(..byte).unwrap_or(self.text);
        if head.is_ascii() { byte } else { head.encode_utf16().count() }
    }

    fn span(&self, span: layerlab_core::Span) -> JsSpan {
        JsSpan { start: self.utf16(span.start), end: self.utf16(span.end), line: self.lines.line(span.start) }
    }
}

/// One finding: a parse error or warning, or a lint hint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsDiagnostic {
    /// A stable code (`unknown-instruction`, `JSONArgsRecommended`, …).
    pub code: String,
    /// `error`, `warning` or `hint`.
    pub severity: String,
    /// Docker's words where Docker has them.
    pub message: String,
    /// Where.
    pub span: JsSpan,
}

/// One flag of an instruction (`--from=build`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsFlag {
    /// The name without dashes.
    pub name: String,
    /// The value, if it has one.
    pub value: Option<String>,
}

/// One instruction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JsInstruction {
    /// The keyword, upper-cased (`RUN`).
    pub keyword: String,
    /// The logical line after joining continuations, as BuildKit prints it.
    pub original: String,
    /// The flags.
    pub flags: Vec<JsFlag>,
    /// The arguments as BuildKit's parser splits them (`docker build`'s dump `next` values).
    pub args: Vec<String>,
    /// Whether the arguments were written in exec (JSON) form.
    pub json_form: bool,
    /// The whole instruction.
    pub span: JsSpan,
    /// The 1-based first line.
    pub start_line: usize,
    /// The 1-based last line (continuations and heredocs included).
    pub end_line: usize,
}

/// What `parse` returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParseResult {
    /// The instructions in order (ones that failed to parse are included, with an error diagnostic).
    pub instructions: Vec<JsInstruction>,
    /// Parse errors and warnings, in source order.
    pub diagnostics: Vec<JsDiagnostic>,
    /// Lint hints (Layerlab's own advice, not Docker's).
    pub lints: Vec<JsDiagnostic>,
    /// The text BuildKit's dumper prints for this file, when it accepts it.
    pub dump: Option<String>,
}

fn diagnostic(d: &Diagnostic, at: &Positions) -> JsDiagnostic {
    let severity = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Hint => "hint",
    };
    JsDiagnostic {
        code: d.code.to_string(),
        severity: severity.to_string(),
        message: d.message.to_string(),
        span: at.span(d.span),
    }
}

/// Parses a Dockerfile (never fails).
pub fn parse(text: &str) -> ParseResult {
    let parse = layerlab_core::parse(text);
    let at = Positions::new(text);
    let instructions = parse
        .dockerfile
        .instructions
        .iter()
        .map(|ins| JsInstruction {
            keyword: ins.keyword_upper(),
            original: ins.original.to_string(),
            flags: ins
                .flags
                .iter()
                .map(|f| JsFlag { name: f.name.to_string(), value: f.value.as_ref().map(|v| v.to_string()) })
                .collect(),
            args: ins
                .node
                .args
                .iter()
                .map(|arg| match arg {
                    NodeArg::Str(text) => text.to_string(),
                    NodeArg::Nested(node) => dump_node_string(node),
                })
                .collect(),
            json_form: ins.node.json,
            span: at.span(ins.span),
            start_line: ins.start_line,
            end_line: ins.end_line,
        })
        .collect();
    let lints = layerlab_core::lint::lint(&parse, text).iter().map(|d| diagnostic(d, &at)).collect();
    ParseResult {
        instructions,
        diagnostics: parse.diagnostics.iter().map(|d| diagnostic(d, &at)).collect(),
        lints,
        // Like BuildKit's `dumper`, only errors of the low-level parser stop the dump.
        dump: parse.first_parser_error().is_none().then(|| dump(&parse.dockerfile)),
    }
}

/// The options of `build`; every field may be left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct BuildRequest {
    /// `-t` (default `myapp`).
    pub tag: Option<String>,
    /// `--build-arg` values.
    pub build_args: BTreeMap<String, String>,
    /// `--target`.
    pub target: Option<String>,
    /// `--no-cache`.
    pub no_cache: bool,
    /// Whether the simulated network is up (default true).
    pub network: Option<bool>,
    /// Crash while step N runs.
    pub crash_at: Option<usize>,
    /// Use the classic builder (`DOCKER_BUILDKIT=0`) instead of BuildKit.
    pub classic: bool,
    /// The build's start, in milliseconds since the epoch (default: now).
    pub now: Option<f64>,
}

/// The image a successful build made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JsImage {
    /// `sha256:…`.
    pub id: String,
    /// The tag given.
    pub tag: String,
    /// The total size in bytes.
    pub size: u64,
    /// The layers' diff IDs, bottom first.
    pub layers: Vec<String>,
    /// The runtime config, shaped like `docker inspect`'s `Config`.
    pub config: serde_json::Value,
}

/// One row of `docker history`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JsHistoryRow {
    /// The IMAGE column.
    pub image: String,
    /// The CREATED BY column, untruncated.
    pub created_by: String,
    /// The size in bytes.
    pub size: u64,
    /// The COMMENT column.
    pub comment: String,
}

/// What `build` returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BuildResult {
    /// `succeeded`, `failed` or `crashed`.
    pub outcome: String,
    /// The error after `ERROR: failed to solve: `, or the step lost in a crash.
    pub error: Option<String>,
    /// Every build event, in order (the engine's own event objects).
    pub events: Vec<serde_json::Value>,
    /// The output as `docker build --progress=plain` (or the classic builder) prints it.
    pub log: String,
    /// The image, when the build succeeded.
    pub image: Option<JsImage>,
    /// `docker history` as Docker prints it, when the build succeeded.
    pub history: Option<String>,
    /// The same rows as data.
    pub history_rows: Vec<JsHistoryRow>,
}

/// Builds a Dockerfile with a context of text files (path → content).
pub fn build(
    dockerfile: &str,
    files: &BTreeMap<String, String>,
    request: &BuildRequest,
    now: Timestamp,
) -> BuildResult {
    let mut context = BuildContext::default();
    for (path, text) in files {
        context.insert_file(path, text.as_bytes());
    }
    context.insert_file("Dockerfile", dockerfile.as_bytes());
    let tag = request.tag.clone().unwrap_or_else(|| "myapp".to_string());
    let options = BuildOptions {
        dockerfile_name: "Dockerfile".to_string(),
        tags: ImageRef::parse(&tag).into_iter().collect(),
        build_args: request.build_args.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        target: request.target.clone().filter(|t| !t.is_empty()),
        no_cache: request.no_cache,
        builder: if request.classic { Builder::Classic } else { Builder::BuildKit },
        network: request.network.unwrap_or(true),
        crash_at: request.crash_at,
    };
    let now = request.now.map_or(now, |ms| Timestamp(ms as i64));
    let input = BuildInput { dockerfile: dockerfile.to_string(), context, options, now };
    let build = Build::run_to_end(input, BuildWorld::default());
    let log = if request.classic {
        layerlab_core::output::render_classic(&build).lines.into_iter().map(|(_, line)| line + "\n").collect()
    } else {
        layerlab_core::output::render_plain(build.events(), dockerfile, "Dockerfile")
    };
    let (outcome, error) = match build.outcome() {
        Some(outcome) => (outcome.name(), outcome.problem()),
        None => ("failed", Some("the build did not finish".to_string())),
    };
    let image = build.image().filter(|_| matches!(build.outcome(), Some(BuildOutcome::Succeeded { .. })));
    let options = HistoryOptions::default();
    let rows = image.map(|image| history::rows(image, now, options)).unwrap_or_default();
    let full =
        image.map(|image| history::rows(image, now, HistoryOptions { human: false, trunc: false })).unwrap_or_default();
    BuildResult {
        outcome: outcome.to_string(),
        error,
        events: build.events().iter().filter_map(|e| serde_json::to_value(e).ok()).collect(),
        log,
        image: image.map(|image| JsImage {
            id: image.id.prefixed(),
            tag,
            size: image.size(),
            layers: image.diff_ids().iter().map(|d| d.prefixed()).collect(),
            config: image.config.to_json(),
        }),
        history: image.map(|_| history::render_table(&rows, options)),
        history_rows: full
            .into_iter()
            .map(|row| JsHistoryRow {
                image: row.id,
                created_by: row.created_by,
                size: row.size.parse().unwrap_or(0),
                comment: row.comment,
            })
            .collect(),
    }
}

/// The part of an image `resolveRun` reads: `docker inspect`'s `Config` object (or the `config` of
/// what `build` returned; the image object itself is accepted too).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RunConfig {
    /// `Entrypoint`.
    #[serde(rename = "Entrypoint")]
    pub entrypoint: Option<Vec<String>>,
    /// `Cmd`.
    #[serde(rename = "Cmd")]
    pub cmd: Option<Vec<String>>,
    /// `Env`.
    #[serde(rename = "Env")]
    pub env: Option<Vec<String>>,
    /// `WorkingDir`.
    #[serde(rename = "WorkingDir")]
    pub working_dir: Option<String>,
    /// `User`.
    #[serde(rename = "User")]
    pub user: Option<String>,
}

/// The options of `resolveRun`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RunRequest {
    /// `--entrypoint` (`""` clears the image's).
    pub entrypoint: Option<String>,
    /// `-e` values, in order (`NAME=value`, or `NAME` to remove it: the page has no host environment).
    pub env: Vec<String>,
}

/// One word of the resolved argv.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsWord {
    /// The word.
    pub text: String,
    /// `entrypoint`, `cmd`, `args` or `entrypointFlag`.
    pub source: String,
}

/// What `resolveRun` returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunResult {
    /// The argv of PID 1, word by word, with where each word came from.
    pub argv: Vec<JsWord>,
    /// The program that runs as PID 1.
    pub pid1: String,
    /// For shell form: the script `sh -c` runs.
    pub shell_script: Option<String>,
    /// Words the shell receives as `$0`, `$1`, … (usually ignored).
    pub ignored_words: Vec<String>,
    /// Whether `docker stop`'s signal reaches the application itself.
    pub signal_reaches_app: bool,
    /// The container's environment, `NAME=value`, in Docker's order.
    pub env: Vec<String>,
    /// Sentences that explain the result.
    pub notes: Vec<String>,
}

/// Why `resolveRun` failed, in Docker's words.
pub fn run_error(message: impl std::fmt::Display) -> String {
    format!("docker: Error response from daemon: {message}")
}

/// Resolves what `docker run [options] IMAGE args…` starts.
pub fn resolve_run(config: &RunConfig, args: &[String], request: &RunRequest) -> Result<RunResult, String> {
    let image = ImageConfig {
        entrypoint: config.entrypoint.clone(),
        cmd: config.cmd.clone(),
        env: config.env.clone().unwrap_or_default(),
        working_dir: config.working_dir.clone().unwrap_or_default(),
        user: config.user.clone().unwrap_or_default(),
        ..ImageConfig::default()
    };
    let resolution = run::resolve(&image, request.entrypoint.as_deref(), args).map_err(run_error)?;
    let entries = request
        .env
        .iter()
        .map(|text| run::parse_env_flag(text).map_err(|e| format!("docker: {e}.")))
        .collect::<Result<Vec<EnvEntry>, String>>()?;
    let env = run::container_env(&image, &entries, &|_| None, "container", "/root", false);
    let source = |s: WordSource| match s {
        WordSource::Entrypoint => "entrypoint",
        WordSource::Cmd => "cmd",
        WordSource::Args => "args",
        WordSource::EntrypointFlag => "entrypointFlag",
    };
    Ok(RunResult {
        argv: resolution
            .argv
            .iter()
            .map(|w| JsWord { text: w.text.clone(), source: source(w.source).to_string() })
            .collect(),
        pid1: resolution.pid1,
        shell_script: resolution.shell_script,
        ignored_words: resolution.ignored_words,
        signal_reaches_app: resolution.signal_reaches_app,
        env: env.into_iter().map(|(k, v)| format!("{k}={v}")).collect(),
        notes: resolution.notes,
    })
}

#[cfg(test)]
mod tests;
