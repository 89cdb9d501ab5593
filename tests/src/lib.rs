//! Shared helpers for the conformance and scenario suites: where the fixtures and the corpus are,
//! and the golden text format of a parse (the dump, then one line per diagnostic).

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
        let _ = writeln!(
            out,
            "{line}:{} {severity} {}: {}",
            col + 1,
            diagnostic.code,
            diagnostic.message
        );
    }
    out
}
