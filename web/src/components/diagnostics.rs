//! [`Diagnostics`]: the list under the editor of the parser's errors and warnings and the lint hints,
//! each on its line. A finding whose code has a rule shows the rule's summary and why on hover or
//! focus, and a button that opens the lesson showing its consequence. [`notes`] places them on lines.

use std::rc::Rc;

use layerlab_core::{Diagnostic, LineIndex, Parse, Severity, lint};
use yew::prelude::*;

/// A diagnostic placed on a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The 1-based line.
    pub line: usize,
    /// Error, warning or hint.
    pub severity: Severity,
    /// The code.
    pub code: String,
    /// `CODE: message`.
    pub text: String,
}

impl Note {
    /// The CSS class of its severity.
    pub fn class(&self) -> &'static str {
        match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Hint => "hint",
        }
    }
}

/// The parser's diagnostics and the lint findings, by line (parser first on a line).
pub fn notes(source: &str, parse: &Parse, lints: &[Diagnostic]) -> Vec<Note> {
    let index = LineIndex::new(source);
    let mut out: Vec<Note> = parse
        .diagnostics
        .iter()
        .chain(lints)
        .map(|d| Note {
            line: index.line(d.span.start.min(source.len())),
            severity: d.severity,
            code: d.code.to_string(),
            text: format!("{}: {}", d.code, d.message),
        })
        .collect();
    out.sort_by_key(|n| n.line);
    out
}

/// Props of [`Diagnostics`].
#[derive(Properties, PartialEq)]
pub struct DiagnosticsProps {
    /// The findings.
    pub notes: Rc<[Note]>,
    /// Open the lesson with this id.
    pub on_open_lesson: Callback<String>,
}

fn item(note: &Note, on_open_lesson: &Callback<String>) -> Html {
    let text = format!("Line {}: {}", note.line, note.text);
    let Some(rule) = lint::rule(&note.code) else {
        return html! { <li class={note.class()}>{ text }</li> };
    };
    let meta = rule.meta;
    let open = on_open_lesson.reform(move |_: MouseEvent| meta.lesson.to_string());
    html! {
        <li class={classes!(note.class(), "finding")} data-testid="lint-finding" data-code={note.code.clone()} tabindex="0">
            { text }
            if !meta.lesson.is_empty() {
                { " " }
                <button class="link" data-testid="lint-lesson" onclick={open} title="Open the lesson that shows why">{ "Lesson" }</button>
            }
            <span class="rule-doc" role="tooltip">
                <strong>{ meta.summary }</strong>
                <span>{ meta.why }</span>
            </span>
        </li>
    }
}

/// The findings list.
#[component]
pub fn Diagnostics(props: &DiagnosticsProps) -> Html {
    let problems = props.notes.iter().filter(|n| n.severity != Severity::Hint).count();
    let hints = props.notes.len() - problems;
    let summary = match (problems, hints) {
        (0, 0) => "No problems found.".to_string(),
        (1, 0) => "1 problem:".to_string(),
        (n, 0) => format!("{n} problems:"),
        (p, h) => format!("{p} problem{}, {h} hint{}:", if p == 1 { "" } else { "s" }, if h == 1 { "" } else { "s" }),
    };
    html! {
        <div id="diagnostics" class="diagnostics" aria-live="polite">
            <span class={if props.notes.is_empty() { "ok" } else { "" }}>{ summary }</span>
            if !props.notes.is_empty() {
                <ul>{ for props.notes.iter().map(|n| item(n, &props.on_open_lesson)) }</ul>
            }
        </div>
    }
}
