//! [`CodeLines`]: the highlighted copy of the Dockerfile that lies under the editor's transparent
//! textarea, with the diagnostic underline of each line. Its own component so that a build moving
//! on (which only moves the editor's current-step band) does not re-render or re-diff the text.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::diagnostics::Note;
use crate::highlight::{Class, Token};

/// Props of [`CodeLines`].
#[derive(Properties, PartialEq)]
pub struct CodeLinesProps {
    /// The tokens of each line.
    pub lines: Rc<Vec<Vec<Token>>>,
    /// The diagnostics, by line.
    pub notes: Rc<[Note]>,
}

/// The highlighted lines.
#[component]
pub fn CodeLines(props: &CodeLinesProps) -> Html {
    let code = props.lines.iter().enumerate().map(|(i, tokens)| {
        let n = i + 1;
        let mut class = classes!("line");
        if let Some(d) = props.notes.iter().find(|d| d.line == n) {
            class.push(format!("diag-{}", d.class()));
        }
        let spans = tokens.iter().map(|t| match t.class {
            Class::Plain => html! { { t.text.clone() } },
            other => html! { <span class={other.css()}>{ t.text.clone() }</span> },
        });
        html! { <div {class}>{ for spans }</div> }
    });
    html! { <div class="hl" aria-hidden="true">{ for code }<div class="line"></div></div> }
}
