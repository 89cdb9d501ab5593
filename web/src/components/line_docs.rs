//! [`LineDocs`]: the short explanation of the instruction and flags on the editor line under the
//! pointer or the caret (texts from `docs.rs`).

use std::rc::Rc;

use yew::prelude::*;

/// Props of [`LineDocs`].
#[derive(Properties, PartialEq)]
pub struct LineDocsProps {
    /// The line shown, if any.
    pub line: Option<usize>,
    /// Its terms and their explanations.
    pub entries: Rc<[(String, &'static str)]>,
}

/// The docs strip under the editor.
#[component]
pub fn LineDocs(props: &LineDocsProps) -> Html {
    if props.entries.is_empty() {
        return html! {
            <div class="line-docs muted" data-testid="line-docs">{ "Point at an instruction (or move the caret to it) to see what it does." }</div>
        };
    }
    html! {
        <dl class="line-docs" data-testid="line-docs" data-line={props.line.map(|l| l.to_string())} aria-live="polite">
            { for props.entries.iter().map(|(term, text)| html! {
                <div class="doc" data-term={term.clone()}><dt><code>{ term.clone() }</code></dt><dd>{ *text }</dd></div>
            }) }
        </dl>
    }
}
