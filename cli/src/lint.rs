//! `layerlab lint FILE`: BuildKit's build-check warnings and Layerlab's lint findings, one per line as
//! `FILE:LINE CODE message`. Exits 1 when the Dockerfile has parse errors.

use std::process::ExitCode;

/// Runs the command.
pub fn run(args: &[String]) -> ExitCode {
    let Some(path) = args.first() else {
        eprintln!("usage: layerlab lint FILE");
        return ExitCode::from(2);
    };
    let text = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => {
            eprintln!("layerlab lint: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let parse = layerlab_core::parse(&text);
    let index = layerlab_core::LineIndex::new(&text);
    let mut findings: Vec<layerlab_core::Diagnostic> = parse.diagnostics.clone();
    findings.extend(layerlab_core::lint::lint(&parse, &text));
    findings.sort_by_key(|d| d.span.start);
    for d in &findings {
        let severity = match d.severity {
            layerlab_core::Severity::Error => "error",
            layerlab_core::Severity::Warning => "warning",
            layerlab_core::Severity::Hint => "hint",
        };
        println!("{path}:{} {severity} {}: {}", index.line(d.span.start), d.code, d.message);
    }
    if findings.iter().any(|d| d.is_error()) { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
