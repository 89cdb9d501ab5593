//! Renders build events as the text `docker build` prints: BuildKit's plain progress (S-OUT-1 to
//! S-OUT-5) and the classic builder (S-OUT-7). [`PlainPrinter`] is incremental, so the UI can stream
//! the log in step with the animation; the CLI drains it.

use crate::engine::{BuildError, BuildEvent, BuildOutcome};
use crate::format::{log_offset, seconds_1};

/// The BuildKit plain-progress printer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainPrinter {
    dockerfile: String,
    dockerfile_name: String,
    started: bool,
    names: Vec<(usize, String)>,
    logs: Vec<(usize, String)>,
    warnings: Vec<String>,
    last_vertex: Option<usize>,
}

impl PlainPrinter {
    /// A printer for a build of `dockerfile` (the text, for error snippets) named `dockerfile_name`.
    pub fn new(dockerfile: &str, dockerfile_name: &str) -> PlainPrinter {
        PlainPrinter {
            dockerfile: dockerfile.to_string(),
            dockerfile_name: dockerfile_name.to_string(),
            started: false,
            names: Vec::new(),
            logs: Vec::new(),
            warnings: Vec::new(),
            last_vertex: None,
        }
    }

    fn name_of(&self, vertex: usize) -> String {
        self.names.iter().find(|(v, _)| *v == vertex).map(|(_, n)| n.clone()).unwrap_or_default()
    }

    /// The lines one event prints (each without a newline).
    pub fn push(&mut self, event: &BuildEvent) -> Vec<String> {
        let mut out = Vec::new();
        if !self.started {
            self.started = true;
            out.push("#0 building with \"default\" instance using docker driver".to_string());
        }
        match event {
            BuildEvent::VertexStarted { vertex, .. } => {
                out.push(String::new());
                out.push(format!("#{} {}", vertex.id, vertex.name));
                self.names.push((vertex.id, vertex.name.clone()));
                self.last_vertex = Some(vertex.id);
            }
            BuildEvent::Status { vertex, text } => out.push(format!("#{vertex} {text}")),
            BuildEvent::Warning { vertex, rule, message, line } => {
                let text = format!("{rule}: {message} (line {line})");
                out.push(format!("#{vertex} WARN: {text}"));
                self.warnings.push(text);
            }
            BuildEvent::Cache { vertex, miss: None, .. } => out.push(format!("#{vertex} CACHED")),
            BuildEvent::Log { vertex, at_ms, text, .. } => {
                let line = format!("{} {text}", log_offset(*at_ms));
                out.push(format!("#{vertex} {line}"));
                self.logs.push((*vertex, line));
            }
            BuildEvent::VertexDone { vertex, duration_ms, cached: false } => {
                out.push(format!("#{vertex} DONE {}", seconds_1(*duration_ms)));
            }
            BuildEvent::VertexFailed { vertex, message } => out.push(format!("#{vertex} ERROR: {message}")),
            BuildEvent::VertexCanceled { vertex } => out.push(format!("#{vertex} CANCELED")),
            BuildEvent::Finished { outcome, .. } => out.extend(self.finish(outcome)),
            _ => {}
        }
        out
    }

    fn finish(&self, outcome: &BuildOutcome) -> Vec<String> {
        let mut out = Vec::new();
        let summary = self.warning_summary();
        match outcome {
            BuildOutcome::Succeeded { .. } => out.extend(summary),
            BuildOutcome::Crashed { .. } => {
                out.extend(summary);
                out.push(
                    "ERROR: failed to build: failed to receive status: rpc error: code = Unavailable desc = error reading from server: EOF"
                        .to_string(),
                );
            }
            BuildOutcome::Failed { error } => {
                if let BuildError::Step { vertex, .. } = error {
                    let logs: Vec<&String> = self.logs.iter().filter(|(v, _)| v == vertex).map(|(_, l)| l).collect();
                    if !logs.is_empty() {
                        out.push("------".to_string());
                        out.push(format!(" > {}:", self.name_of(*vertex)));
                        out.extend(logs[logs.len().saturating_sub(10)..].iter().map(|l| l.to_string()));
                        out.push("------".to_string());
                    }
                }
                out.extend(summary);
                let lines = match error {
                    BuildError::Definition { lines, .. } => *lines,
                    BuildError::Step { lines, .. } => Some(*lines),
                    BuildError::Canceled => None,
                };
                if let Some((start, end)) = lines.filter(|(s, _)| *s > 0) {
                    out.extend(snippet(&self.dockerfile, &self.dockerfile_name, start, end));
                }
                out.push(format!("ERROR: failed to build: failed to solve: {error}"));
            }
        }
        out
    }

    fn warning_summary(&self) -> Vec<String> {
        if self.warnings.is_empty() {
            return Vec::new();
        }
        let n = self.warnings.len();
        let mut out = vec![
            String::new(),
            format!(" {n} warning{} found (use docker --debug to expand):", if n == 1 { "" } else { "s" }),
        ];
        out.extend(self.warnings.iter().map(|w| format!(" - {w}")));
        out
    }
}

/// The source excerpt of an error (S-OUT-4): 2 lines of context around a one-line instruction, 1
/// around a multi-line one.
pub fn snippet(text: &str, name: &str, start: usize, end: usize) -> Vec<String> {
    let lines: Vec<&str> = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
    let context = if start == end { 2 } else { 1 };
    let first = start.saturating_sub(context).max(1);
    let last = (end + context).min(lines.len());
    let base = name.rsplit('/').next().unwrap_or(name);
    let mut out = vec![format!("{base}:{start}"), "-".repeat(20)];
    for n in first..=last {
        let marker = if (start..=end).contains(&n) { ">>>" } else { "   " };
        out.push(format!(" {n:>3} | {marker} {}", lines.get(n - 1).copied().unwrap_or("")));
    }
    out.push("-".repeat(20));
    out
}

/// Renders a whole build in BuildKit's plain format.
pub fn render_plain(events: &[BuildEvent], dockerfile: &str, dockerfile_name: &str) -> String {
    let mut printer = PlainPrinter::new(dockerfile, dockerfile_name);
    let mut out = String::new();
    for event in events {
        for line in printer.push(event) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// Undoes Go's `strconv.Quote` on the text between the quotes (the escapes it writes).
fn go_unquote(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let simple = match chars.next() {
            Some('n') => '\n',
            Some('t') => '\t',
            Some('r') => '\r',
            Some('a') => '\u{7}',
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('v') => '\u{b}',
            Some(e @ ('x' | 'u' | 'U')) => {
                let digits: String = chars
                    .by_ref()
                    .take(match e {
                        'x' => 2,
                        'u' => 4,
                        _ => 8,
                    })
                    .collect();
                u32::from_str_radix(&digits, 16).ok().and_then(char::from_u32).unwrap_or('\u{fffd}')
            }
            Some(other) => other,
            None => '\\',
        };
        out.push(simple);
    }
    out
}

/// How many instructions the classic builder dispatches: all of them, or up to the end of the
/// `--target` stage (moby cuts the stage list there, so `Step i/N` counts only those).
pub fn classic_end(dockerfile: &crate::dockerfile::Dockerfile, target: Option<&str>) -> usize {
    let mut in_target = false;
    for (i, ins) in dockerfile.instructions.iter().enumerate() {
        if let crate::instruction::Command::From(from) = &ins.command {
            if in_target {
                return i;
            }
            in_target = target.is_some_and(|t| from.alias.as_ref().is_some_and(|a| a.value.eq_ignore_ascii_case(t)));
        }
    }
    dockerfile.instructions.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    // S-OUT-4: the snippet layout, including the empty line after the final newline.
    #[test]
    fn snippet_layout() {
        let text = "FROM ubuntu:22.04\nRUN apt-get update\nRUN pip install flask\nCOPY app.py /opt/app.py\n";
        let got = snippet(text, "Dockerfile", 3, 3).join("\n");
        let want = "Dockerfile:3\n--------------------\n   1 |     FROM ubuntu:22.04\n   2 |     RUN apt-get update\n   3 | >>> RUN pip install flask\n   4 |     COPY app.py /opt/app.py\n   5 |     \n--------------------";
        assert_eq!(got, want);
    }
}

/// A container the classic builder left behind: the one whose RUN failed (S-CACHE-5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedContainer {
    /// The container ID (`Running in <12 hex>` shows its start).
    pub id: crate::digest::Digest,
    /// The command, as `docker ps` shows it.
    pub argv: Vec<String>,
    /// Its exit code.
    pub exit: i32,
    /// The intermediate image it ran on.
    pub image: crate::digest::Digest,
}

/// What the classic builder printed, and the container it left behind if a RUN failed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClassicOutput {
    /// The lines, with their streams.
    pub lines: Vec<(crate::host::Stream, String)>,
    /// The failed RUN's container, kept because `--rm` only removes containers of successful steps.
    pub failed: Option<FailedContainer>,
}

/// Renders a build run with `Builder::Classic` in the legacy builder's format (S-OUT-7, S-OUT-9):
/// `Sending build context`, one `Step i/N : …` per instruction, `---> Using cache`, `---> Running in …`,
/// the raw RUN output, `---> Removed intermediate container …` and the intermediate image IDs.
pub fn render_classic(build: &crate::engine::Build) -> ClassicOutput {
    use crate::digest::Digest;
    use crate::engine::VertexKind;
    use crate::host::Stream;
    use crate::instruction::Command;
    let mut out = ClassicOutput::default();
    let mut push = |s: Stream, t: String| out.lines.push((s, t));
    let dockerfile = &build.parse().dockerfile;
    let tar: u64 = build
        .input()
        .context
        .entries
        .values()
        .map(|e| match e {
            crate::context::ContextEntry::File { data, .. } => 512 + (data.len() as u64).div_ceil(512) * 512,
            crate::context::ContextEntry::Dir => 512,
        })
        .sum::<u64>()
        + 1024;
    push(Stream::Stdout, format!("Sending build context to Docker daemon  {}", crate::format::context_size(tar)));
    let events = build.events();
    // A base image that cannot be used fails the classic builder at its FROM step, after the steps
    // before it, in the daemon's own words; any other Dockerfile error is refused before the first step.
    let mut from_failure: Option<(usize, String)> = None;
    if let Some(BuildOutcome::Failed { error: BuildError::Definition { message, lines } }) = build.outcome() {
        let from_index = lines.and_then(|(start, _)| {
            dockerfile.instructions.iter().position(|i| i.start_line == start && matches!(i.command, Command::From(_)))
        });
        match (from_index, classic_from_failure(message)) {
            (Some(index), Some(text)) => from_failure = Some((index, text)),
            _ => {
                let text = classic_definition_error(build, message);
                push(Stream::Stderr, format!("Error response from daemon: {text}"));
                return out;
            }
        }
    }
    let final_id = match build.outcome() {
        Some(BuildOutcome::Succeeded { image_id }) => Some(*image_id),
        _ => None,
    };
    let vertex_of = |index: usize| {
        events.iter().find_map(|e| match e {
            BuildEvent::VertexStarted { vertex, .. } => match vertex.kind {
                VertexKind::Step { instruction, .. } if instruction == index => Some(vertex.clone()),
                _ => None,
            },
            _ => None,
        })
    };
    let last_step = dockerfile.instructions.iter().enumerate().rev().find_map(|(i, _)| vertex_of(i).map(|_| i));
    let total = classic_end(dockerfile, build.input().options.target.as_deref());
    let mut previous = Digest::default();
    for (index, ins) in dockerfile.instructions.iter().enumerate() {
        let vertex = vertex_of(index);
        let is_from = matches!(ins.command, Command::From(_));
        if let Some((failed_at, text)) = &from_failure
            && index == *failed_at
        {
            push(Stream::Stdout, format!("Step {}/{total} : {}", index + 1, ins.original));
            push(Stream::Stderr, text.clone());
            return out;
        }
        if vertex.is_none() && !(is_from && index == 0) {
            if from_failure.is_none() && last_step.is_some_and(|l| index > l) {
                break;
            }
            push(Stream::Stdout, format!("Step {}/{total} : {}", index + 1, ins.original));
            continue;
        }
        push(Stream::Stdout, format!("Step {}/{total} : {}", index + 1, ins.original));
        let Some(vertex) = vertex else { continue };
        let v = vertex.id;
        let key = events.iter().find_map(|e| match e {
            BuildEvent::Cache { vertex, key, .. } if *vertex == v => Some(*key),
            _ => None,
        });
        let cached = events.iter().any(|e| matches!(e, BuildEvent::Cache { vertex, miss: None, .. } if *vertex == v));
        let failed = events.iter().find_map(|e| match e {
            BuildEvent::VertexFailed { vertex, message } if *vertex == v => Some(message.clone()),
            _ => None,
        });
        let canceled = events.iter().any(|e| matches!(e, BuildEvent::VertexCanceled { vertex } if *vertex == v));
        let id = if Some(index) == last_step && final_id.is_some() {
            final_id.unwrap_or_default()
        } else {
            key.map(crate::engine::classic_image_id).unwrap_or_else(|| base_image_id(build, &vertex.name))
        };
        if is_from {
            pull_lines(build, &vertex.name, v, &mut push);
            push(Stream::Stdout, format!(" ---> {}", id.short()));
            previous = id;
            continue;
        }
        if cached {
            push(Stream::Stdout, " ---> Using cache".to_string());
            push(Stream::Stdout, format!(" ---> {}", id.short()));
            previous = id;
            continue;
        }
        let runs_container = !matches!(ins.command, Command::Copy(_) | Command::Add(_));
        let container = Digest::of_parts([&b"container"[..], &key.unwrap_or_default().0]);
        if runs_container && failed.as_deref().is_none_or(|m| m.starts_with("process ")) {
            push(Stream::Stdout, format!(" ---> Running in {}", container.short()));
        }
        for e in events {
            // S-OUT-7: the daemon sends both streams of a RUN as messages of the one build stream, which
            // the CLI prints on its standard output; only its own errors go to standard error.
            if let BuildEvent::Log { vertex, text, .. } = e
                && *vertex == v
            {
                push(Stream::Stdout, text.clone());
            }
        }
        if canceled {
            return out;
        }
        if let Some(message) = failed {
            match message
                .strip_prefix("process \"")
                .and_then(|m| m.split_once("\" did not complete successfully: exit code: "))
            {
                Some((quoted, code)) => {
                    // The classic builder prints the joined argv as it is, not Go-quoted.
                    let argv = go_unquote(quoted);
                    let argv = argv.as_str();
                    push(Stream::Stderr, format!("The command '{argv}' returned a non-zero code: {code}"));
                    let argv_words = match &ins.command {
                        Command::Run(run) => crate::engine::exec_argv(run, build.parse().dockerfile.escape),
                        _ => vec![argv.to_string()],
                    };
                    out.failed = Some(FailedContainer {
                        id: container,
                        argv: argv_words,
                        exit: code.parse().unwrap_or(1),
                        image: previous,
                    });
                }
                None => {
                    let text = match message.rsplit_once("\": not found") {
                        Some((head, _)) => {
                            let path = head.rsplit("\"/").next().unwrap_or("");
                            format!(
                                "COPY failed: file not found in build context or excluded by .dockerignore: stat {path}: file does not exist"
                            )
                        }
                        // A container that could not start: the daemon's own error, without BuildKit's wrap.
                        None => match message
                            .strip_prefix("process \"")
                            .and_then(|m| m.split_once("\" did not complete successfully: "))
                        {
                            Some((_, reason)) => reason.to_string(),
                            None => message.clone(),
                        },
                    };
                    push(Stream::Stderr, text);
                }
            }
            return out;
        }
        if runs_container {
            push(Stream::Stdout, format!(" ---> Removed intermediate container {}", container.short()));
        }
        push(Stream::Stdout, format!(" ---> {}", id.short()));
        previous = id;
    }
    if let Some(BuildOutcome::Failed { error: BuildError::Canceled }) = build.outcome() {
        push(Stream::Stderr, "ERROR: Canceled: context canceled".to_string());
    }
    out
}

/// What the classic builder prints when a FROM cannot be resolved (S-CLI-4): BuildKit's
/// `failed to parse stage name "X": <error>` is the bare reference error, and BuildKit's
/// `failed to resolve source metadata` becomes the pull error of the classic image store.
fn classic_from_failure(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("failed to parse stage name \"") {
        return rest.split_once("\": ").map(|(_, e)| e.to_string());
    }
    let (reference, rest) = message.split_once(": failed to resolve source metadata for ")?;
    let reference = crate::image_ref::ImageRef::parse(reference).ok()?.with_default_tag();
    let canonical = reference.canonical();
    if rest.strip_prefix(canonical.as_str()).is_some_and(|r| r.starts_with(": ") && r.ends_with(": not found")) {
        return Some(format!(
            "manifest for {} not found: manifest unknown: manifest unknown",
            reference.familiar_tagged()
        ));
    }
    Some(format!(
        "pull access denied for {}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
        reference.familiar_name()
    ))
}

/// A Dockerfile error as the classic daemon words it (S-CLI-4): moby reads the file itself, so an
/// empty one is `the Dockerfile (<name>) cannot be empty`, and an error of the low-level parser
/// (as opposed to the instruction parser) is wrapped as `failed to parse <name>: <error>`.
fn classic_definition_error(build: &crate::engine::Build, message: &str) -> String {
    let name = &build.input().options.dockerfile_name;
    let code = build.parse().diagnostics.iter().find(|d| d.is_error() && d.message == message).map(|d| d.code.as_ref());
    match code {
        Some("no-instructions") if build.input().dockerfile.is_empty() => {
            format!("the Dockerfile ({name}) cannot be empty")
        }
        Some(
            "no-instructions"
            | "line-too-long"
            | "unterminated-heredoc"
            | "invalid-escape-token"
            | "missing-value"
            | "missing-equals"
            | "json-array-not-strings",
        ) => format!("failed to parse {name}: {message}"),
        _ => message.to_string(),
    }
}

/// The ID of the base image a classic FROM vertex names.
fn base_image_id(build: &crate::engine::Build, vertex_name: &str) -> crate::digest::Digest {
    let text = vertex_name.rsplit("FROM ").next().unwrap_or("");
    let text = text.split('@').next().unwrap_or(text);
    let Ok(reference) = crate::image_ref::ImageRef::parse(text) else { return crate::digest::Digest::default() };
    let tagged = reference.with_default_tag();
    if let Some(image) = build.world().images.get(&tagged.familiar_tagged()) {
        return image.id;
    }
    crate::catalog::find(&tagged).map(|e| crate::catalog::resolve(e).image.id).unwrap_or_default()
}

/// The classic builder's pull lines for a base image it had to download.
fn pull_lines(
    build: &crate::engine::Build,
    vertex_name: &str,
    v: usize,
    push: &mut impl FnMut(crate::host::Stream, String),
) {
    use crate::host::Stream;
    let blobs: Vec<String> = build
        .events()
        .iter()
        .filter_map(|e| match e {
            BuildEvent::Status { vertex, text } if *vertex == v && text.starts_with("sha256:") => {
                Some(text.trim_start_matches("sha256:").chars().take(12).collect())
            }
            _ => None,
        })
        .collect();
    if blobs.is_empty() {
        return;
    }
    let text = vertex_name.rsplit("FROM ").next().unwrap_or("");
    let (name, digest) = text.split_once('@').unwrap_or((text, ""));
    let Ok(reference) = crate::image_ref::ImageRef::parse(name) else { return };
    let tagged = reference.with_default_tag();
    push(Stream::Stdout, format!("{}: Pulling from {}", tagged.tag_or_latest(), tagged.path));
    for blob in blobs {
        push(Stream::Stdout, format!("{blob}: Pull complete"));
    }
    if !digest.is_empty() {
        push(Stream::Stdout, format!("Digest: {digest}"));
    }
    push(Stream::Stdout, format!("Status: Downloaded newer image for {}", tagged.familiar_tagged()));
}
