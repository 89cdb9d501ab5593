//! [`Editor`]: the Dockerfile editor. A transparent textarea lies over a highlighted copy of the text,
//! with line numbers and diagnostic markers in the gutter (message on hover), the current build
//! step's lines highlighted, the diagnostics and lint hints listed below, and the docs of the line
//! under the pointer or caret.

use std::rc::Rc;

use layerlab_core::{Diagnostic, Parse};
use yew::prelude::*;

use crate::components::code_lines::CodeLines;
use crate::components::diagnostics::{Diagnostics, Note, notes};
use crate::components::gutter::Gutter;
use crate::components::line_docs::LineDocs;
use crate::docs::line_docs;
use crate::highlight::highlight;

/// The editor's line height and top padding in pixels (`--lh` and the textarea padding in
/// `style.css`), to find the line under the pointer.
const LINE_PX: i32 = 20;
const PAD_PX: i32 = 6;

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
    /// Lint findings.
    pub lints: Rc<[Diagnostic]>,
    /// The line whose docs are shown.
    pub doc_line: Option<usize>,
    /// The text cannot be changed (an embedded read-only widget).
    #[prop_or_default]
    pub read_only: bool,
    /// The new text after an edit.
    pub on_change: Callback<String>,
    /// The pointer or caret is on this line.
    pub on_point: Callback<Option<usize>>,
    /// Open a lesson (from a lint finding).
    pub on_open_lesson: Callback<String>,
}

/// The 1-based line of a byte offset (the caret) in `text`.
fn line_at(text: &str, offset: usize) -> usize {
    text.char_indices().take_while(|(i, _)| *i < offset).filter(|(_, c)| *c == '\n').count() + 1
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
    let onmousemove =
        props.on_point.reform(|e: MouseEvent| Some(((e.offset_y() - PAD_PX).max(0) / LINE_PX) as usize + 1));
    let caret = {
        let on_point = props.on_point.clone();
        move |area: web_sys::HtmlTextAreaElement| {
            let value = area.value();
            // The caret offset is in UTF-16 units; count characters up to it.
            let units = area.selection_start().ok().flatten().unwrap_or(0) as usize;
            let mut seen = 0;
            let offset = value.char_indices().find(|(_, c)| {
                seen += c.len_utf16();
                seen > units
            });
            on_point.emit(Some(line_at(&value, offset.map_or(value.len(), |(i, _)| i))));
        }
    };
    let onkeyup = {
        let caret = caret.clone();
        Callback::from(move |e: KeyboardEvent| caret(e.target_unchecked_into()))
    };
    let onfocus = {
        let caret = caret.clone();
        Callback::from(move |e: FocusEvent| caret(e.target_unchecked_into()))
    };
    let onclick = Callback::from(move |e: MouseEvent| caret(e.target_unchecked_into()));
    let lines = use_memo(props.source.clone(), |source| highlight(source));
    let notes: Rc<[Note]> =
        (*use_memo((props.source.clone(), props.parse.clone(), props.lints.clone()), |(source, parse, lints)| {
            Rc::<[Note]>::from(notes(source, parse, lints))
        }))
        .clone();
    let docs = use_memo((props.parse.clone(), props.doc_line), |(parse, line)| {
        Rc::<[(String, &'static str)]>::from(line.map(|l| line_docs(parse, &props.source, l)).unwrap_or_default())
    });
    // The current and selected steps are bands behind the text, so moving them leaves the text alone.
    let band = |range: Option<(usize, usize)>, kind: &'static str| {
        range.filter(|(a, b)| *a >= 1 && b >= a).map(|(a, b)| {
            let style =
                format!("top: calc({PAD_PX}px + {} * var(--lh)); height: calc({} * var(--lh))", a - 1, b - a + 1);
            html! { <div class={classes!("band", kind)} {style} aria-hidden="true"></div> }
        })
    };
    html! {
        <section class="card editor-card" aria-labelledby="editor-label">
            <div class="card-head"><h2 id="editor-label">{ "Dockerfile" }</h2></div>
            <div class="editor-scroll">
                <Gutter lines={lines.len()} notes={notes.clone()} />
                <div class="code">
                    { for band(props.selected, "selected") }
                    { for band(props.current, "current") }
                    <CodeLines lines={lines.clone()} notes={notes.clone()} />
                    <textarea id="dockerfile" data-testid="dockerfile-editor" aria-labelledby="editor-label"
                        aria-describedby="diagnostics" spellcheck="false" autocapitalize="off"
                        autocomplete="off" wrap="off" value={props.source.to_string()} {oninput} readonly={props.read_only}
                        {onmousemove} {onkeyup} {onfocus} {onclick} />
                </div>
            </div>
            <LineDocs line={props.doc_line} entries={(*docs).clone()} />
            <Diagnostics {notes} on_open_lesson={props.on_open_lesson.clone()} />
        </section>
    }
}
