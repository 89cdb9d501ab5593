//! Shared helpers for the conformance and scenario suites: where the fixtures and the corpus are,
//! and the golden text format of a parse (the dump, then one line per diagnostic). [`fuzz`] holds the
//! checks the cargo-fuzz targets and the fuzz regression suite share.

pub mod fuzz;

use std::fmt::Write;
use std::path::{Path, PathBuf};

use layerlab_core::diagnostic::Severity;
use layerlab_core::{LineIndex, parse};

/// The `tests/` directory of the workspace.
pub fn tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The corpus of real Dockerfiles: `$LAYERLAB_CORPUS`, else `../shared/corpus` next to the
/// workspace, if it exists.
pub fn corpus_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("LAYERLAB_CORPUS") {
        return Some(PathBuf::from(dir));
    }
    let dir = tests_dir().join("../../shared/corpus");
    dir.is_dir().then_some(dir)
}

/// Every `*.Dockerfile` under `dir`, sorted.
pub fn corpus_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "Dockerfile") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Whether every `FROM` of a Dockerfile names `scratch`, an earlier stage, or an image of the
/// catalog, so the simulator can build it.
pub fn bases_in_catalog(text: &str) -> bool {
    use layerlab_core::catalog;
    use layerlab_core::image_ref::ImageRef;
    use layerlab_core::instruction::Command;
    let parse = parse(text);
    let mut stages: Vec<String> = Vec::new();
    for ins in &parse.dockerfile.instructions {
        if let Command::From(from) = &ins.command {
            let image = from.image.value.to_ascii_lowercase();
            let ok = image == "scratch"
                || stages.contains(&image)
                || ImageRef::parse(&image).is_ok_and(|r| catalog::find(&r.with_default_tag()).is_some());
            if !ok {
                return false;
            }
            if let Some(alias) = &from.alias {
                stages.push(alias.value.to_ascii_lowercase());
            }
        }
    }
    true
}

/// The golden text of a parse: the dump, a `---` line, then `line:col severity code: message` per
/// diagnostic (1-based line, 1-based byte column).
pub fn golden(text: &str) -> String {
    let parse = parse(text);
    let mut out = layerlab_core::dockerfile::dump(&parse.dockerfile);
    out.push_str("---\n");
    let index = LineIndex::new(text);
    for diagnostic in &parse.diagnostics {
        let (line, col) = index.line_col(diagnostic.span.start);
        let severity = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Hint => "hint",
        };
        let _ = writeln!(out, "{line}:{} {severity} {}: {}", col + 1, diagnostic.code, diagnostic.message);
    }
    out
}

/// The result of running one scenario folder.
#[derive(Debug)]
pub struct ScenarioRun {
    /// Every output line (stdout and stderr in order, trailing white space stripped).
    pub lines: Vec<String>,
    /// `None` when every expectation held, else what failed.
    pub problem: Option<String>,
}

/// Reads a scenario's `context/` folder as (relative path, bytes, permission bits). The bits matter:
/// COPY keeps them, so a script committed without `+x` fails to start, as in Docker.
fn read_context(dir: &Path) -> Vec<(String, Vec<u8>, u32)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let (Ok(data), Ok(rel), Ok(meta)) =
                (std::fs::read(&path), path.strip_prefix(dir), entry.metadata())
            {
                use std::os::unix::fs::PermissionsExt;
                out.push((rel.to_string_lossy().replace('\\', "/"), data, meta.permissions().mode()));
            }
        }
    }
    out.sort();
    out
}

/// Runs a scenario folder (`context/`, `script`, `expect`, the format of `shared/tools/check-scenarios`)
/// in-process against one simulated host, at a fixed time.
pub fn run_scenario(dir: &Path) -> ScenarioRun {
    let files = read_context(&dir.join("context"));
    let script = std::fs::read_to_string(dir.join("script")).unwrap_or_default();
    let expect = std::fs::read_to_string(dir.join("expect")).unwrap_or_default();
    let now = layerlab_core::format::Timestamp::parse_rfc3339("2026-11-27T10:00:00Z").unwrap_or_default();
    let modes: Vec<(String, u32)> = files.iter().map(|(path, _, mode)| (path.clone(), *mode)).collect();
    let contents: Vec<(String, Vec<u8>)> = files.into_iter().map(|(path, data, _)| (path, data)).collect();
    let mut host = layerlab_core::host::Host::new(&contents, now);
    for (path, mode) in &modes {
        host.set_file_mode(path, *mode);
    }
    let mut lines = Vec::new();
    for line in script.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line == "exit" {
            break;
        }
        for out in host.execute(line).lines {
            lines.push(out.text.trim_end().to_string());
        }
    }
    let problem = check_expect(&lines, &expect);
    ScenarioRun { lines, problem }
}

/// Applies `expect` rules: `~ RE` some later line matches, `= RE` the next line matches, `! RE` no line
/// matches. Returns what failed.
pub fn check_expect(lines: &[String], expect: &str) -> Option<String> {
    let mut pos: Option<usize> = None;
    for raw in expect.lines() {
        let rule = raw.trim();
        if rule.is_empty() || rule.starts_with('#') {
            continue;
        }
        let (op, pattern) = rule.split_once(' ').unwrap_or((rule, ""));
        let rx = match fancy_regex::Regex::new(pattern) {
            Ok(rx) => rx,
            Err(e) => return Some(format!("bad regex {pattern:?}: {e}")),
        };
        let matches = |line: &str| rx.is_match(line).unwrap_or(false);
        let start = pos.map_or(0, |p| p + 1);
        match op {
            "~" => match (start..lines.len()).find(|&i| matches(&lines[i])) {
                Some(i) => pos = Some(i),
                None => return Some(format!("no line after line {start} matches: {pattern}")),
            },
            "=" => {
                if start >= lines.len() || !matches(&lines[start]) {
                    let got = lines.get(start).map(String::as_str).unwrap_or("<end of output>");
                    return Some(format!("line {} should match {pattern} but is: {got:?}", start + 1));
                }
                pos = Some(start);
            }
            "!" => {
                if let Some((i, line)) = lines.iter().enumerate().find(|(_, l)| matches(l)) {
                    return Some(format!("line {} must not match {pattern}: {line:?}", i + 1));
                }
            }
            other => return Some(format!("unknown rule {other:?}")),
        }
    }
    None
}

/// The shared scenarios next to the workspace (`../shared/scenarios`), if present.
pub fn shared_scenarios_dir() -> Option<PathBuf> {
    let dir = tests_dir().join("../../shared/scenarios");
    dir.is_dir().then_some(dir)
}
