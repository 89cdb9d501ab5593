//! Layerlab's JavaScript API, a thin wasm-bindgen facade over `layerlab-core` (the pattern of
//! ruff's wasm crate): `parse(text)`, `build(dockerfile, context, options)` and
//! `resolveRun(image, args, options)`. The data shapes and the work live in [`api`], which is pure
//! and tested natively; this file only converts with serde-wasm-bindgen and declares the TypeScript
//! types that wasm-bindgen writes into the package's `.d.ts`.
//!
//! Build it with `make js` (into `target/js/`); `js/example.mjs` shows the use from node, and
//! `js/README.md` from a page.

pub mod api;

use std::collections::BTreeMap;

use layerlab_core::format::Timestamp;
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** A range of the source, in UTF-16 code units (what String.prototype.slice takes). */
export interface Span { start: number; end: number; /** 1-based line of `start`. */ line: number }
export interface Diagnostic { code: string; severity: "error" | "warning" | "hint"; message: string; span: Span }
export interface Flag { name: string; value: string | null }
export interface Instruction {
  keyword: string; original: string; flags: Flag[]; args: string[]; jsonForm: boolean;
  span: Span; startLine: number; endLine: number;
}
export interface ParseResult {
  instructions: Instruction[]; diagnostics: Diagnostic[]; lints: Diagnostic[];
  /** BuildKit's parse-tree dump, or null when BuildKit's parser rejects the file. */
  dump: string | null;
}
export interface BuildOptions {
  tag?: string; buildArgs?: Record<string, string>; target?: string; noCache?: boolean;
  network?: boolean; crashAt?: number; classic?: boolean;
  /** Milliseconds since the epoch; default now. */
  now?: number;
}
export interface Image { id: string; tag: string; size: number; layers: string[]; config: Record<string, unknown> }
export interface HistoryRow { image: string; createdBy: string; size: number; comment: string }
export interface BuildResult {
  outcome: "succeeded" | "failed" | "crashed"; error: string | null;
  /** The engine's events, in order. */
  events: Array<Record<string, unknown>>;
  /** The output as `docker build --progress=plain` prints it. */
  log: string; image: Image | null;
  /** `docker history` as Docker prints it. */
  history: string | null; historyRows: HistoryRow[];
}
/** `docker inspect`'s Config, the `config` of a built Image, or the Image itself. */
export interface RunConfig { Entrypoint?: string[] | null; Cmd?: string[] | null; Env?: string[] | null; WorkingDir?: string; User?: string }
export interface RunOptions { entrypoint?: string; env?: string[] }
export interface Word { text: string; source: "entrypoint" | "cmd" | "args" | "entrypointFlag" }
export interface RunResult {
  argv: Word[]; pid1: string; shellScript: string | null; ignoredWords: string[];
  signalReachesApp: boolean; env: string[]; notes: string[];
}
/**
 * Builds a Dockerfile with a context of text files on a fresh simulated machine. Throws only for
 * malformed arguments; a failing build is a result with `outcome: "failed"`.
 */
export function build(dockerfile: string, context?: Record<string, string>, options?: BuildOptions): BuildResult;
/**
 * What `docker run [--entrypoint E] [-e …] IMAGE args…` starts. Throws Docker's error when there is
 * no command.
 */
export function resolveRun(image: RunConfig | { config: RunConfig }, args?: string[], options?: RunOptions): RunResult;
"#;

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value.serialize(&serializer).map_err(|e| JsError::new(&e.to_string()))
}

fn from_js<T: serde::de::DeserializeOwned + Default>(value: Option<JsValue>, what: &str) -> Result<T, JsError> {
    let Some(value) = value.filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(T::default());
    };
    serde_wasm_bindgen::from_value(value).map_err(|e| JsError::new(&format!("{what}: {e}")))
}

/// Parses a Dockerfile. Never throws: problems are in `diagnostics`.
#[wasm_bindgen(unchecked_return_type = "ParseResult")]
pub fn parse(text: &str) -> Result<JsValue, JsError> {
    to_js(&api::parse(text))
}

/// Builds a Dockerfile with a context of text files (`{"app.py": "…"}`) on a fresh simulated machine.
/// Throws only for malformed arguments; a failing build is a result with `outcome: "failed"`.
/// (Its TypeScript signature, with optional parameters, is written in `TYPES`.)
#[wasm_bindgen(skip_typescript)]
pub fn build(dockerfile: &str, context: Option<JsValue>, options: Option<JsValue>) -> Result<JsValue, JsError> {
    let files: BTreeMap<String, String> = from_js(context, "context")?;
    let request: api::BuildRequest = from_js(options, "options")?;
    let now = Timestamp(js_sys::Date::now() as i64);
    to_js(&api::build(dockerfile, &files, &request, now))
}

/// What `docker run [--entrypoint E] [-e …] IMAGE args…` starts: the argv of PID 1, word by word
/// with its source, and the environment. Throws Docker's error when there is no command.
/// (Its TypeScript signature, with optional parameters, is written in `TYPES`.)
#[wasm_bindgen(js_name = resolveRun, skip_typescript)]
pub fn resolve_run(image: JsValue, args: Option<JsValue>, options: Option<JsValue>) -> Result<JsValue, JsError> {
    let config = match js_sys::Reflect::get(&image, &"config".into()) {
        Ok(inner) if inner.is_object() => inner,
        _ => image,
    };
    let config: api::RunConfig = from_js(Some(config), "image")?;
    let args: Vec<String> = from_js(args, "args")?;
    let request: api::RunRequest = from_js(options, "options")?;
    api::resolve_run(&config, &args, &request).map_err(|e| JsError::new(&e)).and_then(|r| to_js(&r))
}

/// Parses with the peer crate `parse-dockerfile` and returns its instruction count (for the
/// benchmark in `make bench` only).
#[cfg(feature = "peer-bench")]
#[wasm_bindgen(js_name = peerParseCount)]
pub fn peer_parse_count(text: &str) -> usize {
    parse_dockerfile::parse(text).map_or(0, |d| d.instructions.len())
}

/// Parses with Layerlab's parser and returns the instruction count, without converting the result
/// to JavaScript objects (for the benchmark: the parse itself, as the app does it).
#[wasm_bindgen(js_name = parseCount)]
pub fn parse_count(text: &str) -> usize {
    layerlab_core::parse(text).dockerfile.instructions.len()
}
