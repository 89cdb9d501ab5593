//! [`Editor`]: the Dockerfile editor. A transparent textarea lies over a highlighted copy of the text,
//! with line numbers and diagnostic markers in the gutter (message on hover), the current build
//! step's lines highlighted, and the diagnostics listed below for screen readers.

use std::rc::Rc;

use layerlab_core::{LineIndex, Parse, Severity};
use yew::prelude::*;

use crate::highlight::{Class, highlight};

/// Props of [`Editor`].
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The text.
    pub source: Rc<str>,
    /// Its parse (for diagnostics).
    pub parse: Rc<Parse>,
    /// The lines of the step the build is at.
    pub current: Option<(usize, usize)>,
    /// The lines of the step selected in the stack.
    pub selected: Option<(usize, usize)>,
    /// The new text after an edit.
    pub on_change: Callback<String>,
}

/// A diagnostic placed on a line.
struct LineNote {
    line: usize,
    error: bool,
    text: String,
}

fn notes(source: &str, parse: &Parse) -> Vec<LineNote> {
    let index = LineIndex::new(source);
    parse
        .diagnostics
        .iter()
        .map(|d| LineNote {
            line: index.line(d.span.start.min(source.len())),
            error: d.severity == Severity::Error,
            text: format!("{}: {}", d.code, d.message),
        })
        .collect()
}

fn within(range: Option<(usize, usize)>, line: usize) -> bool {
    range.is_some_and(|(a, b)| (a..=b).contains(&line))
}

/// The Dockerfile editor.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let oninput = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            on_change.emit(area.value());
        })
    };
    // Highlighting depends only on the text; the build moving on re-renders the editor for its
    // current-line band, so the tokens are kept between renders.
    let lines = use_memo(props.source.clone(), |source| highlight(source));
    let notes = use_memo((props.source.clone(), props.parse.clone()), |(source, parse)| notes(source, parse));
    let gutter = lines.iter().enumerate().map(|(i, _)| {
        let n = i + 1;
        let here: Vec<&LineNote> = notes.iter().filter(|d| d.line == n).collect();
        let class = match here.first() {
            Some(d) if here.iter().any(|d| d.error) || d.error => "ln has-error",
            Some(_) => "ln has-warning",
            None => "ln",
        };
        let title = (!here.is_empty()).then(|| here.iter().map(|d| d.text.as_str()).collect::<Vec<_>>().join("\n"));
        html! { <div {class} title={title.clone()} data-tip={title}>{ n }</div> }
    });
    let code = lines.iter().enumerate().map(|(i, tokens)| {
        let n = i + 1;
        let mut class = classes!("line");
        if within(props.current, n) {
            class.push("current");
        }
        if within(props.selected, n) {
            class.push("selected");
        }
        if let Some(d) = notes.iter().find(|d| d.line == n) {
            class.push(if d.error { "diag-error" } else { "diag-warning" });
        }
        let spans = tokens.iter().map(|t| match t.class {
            Class::Plain => html! { { t.text.clone() } },
            other => html! { <span class={other.css()}>{ t.text.clone() }</span> },
        });
        html! { <div {class}>{ for spans }</div> }
    });
    let summary = match notes.len() {
        0 => "No problems found.".to_string(),
        1 => "1 problem:".to_string(),
        n => format!("{n} problems:"),
    };
    html! {
        <section class="card editor-card" aria-labelledby="editor-label">
            <div class="card-head"><h2 id="editor-label">{ "Dockerfile" }</h2></div>
            <div class="editor-scroll">
                <div class="gutter" aria-hidden="true">{ for gutter }<div class="ln"></div></div>
                <div class="code">
                    <div class="hl" aria-hidden="true">{ for code }<div class="line"></div></div>
                    <textarea id="dockerfile" data-testid="dockerfile-editor" aria-labelledby="editor-label"
                        aria-describedby="diagnostics" spellcheck="false" autocapitalize="off"
                        autocomplete="off" wrap="off" value={props.source.to_string()} {oninput} />
                </div>
            </div>
            <div id="diagnostics" class="diagnostics" aria-live="polite">
                <span class={if notes.is_empty() { "ok" } else { "" }}>{ summary }</span>
                if !notes.is_empty() {
                    <ul>
                        { for notes.iter().map(|d| html! {
                            <li class={if d.error { "error" } else { "warning" }}>
                                { format!("Line {}: {}", d.line, d.text) }
                            </li>
                        }) }
                    </ul>
                }
            </div>
        </section>
    }
}
