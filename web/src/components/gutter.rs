//! [`Gutter`]: the editor's line numbers, each marked with the worst diagnostic on its line and the
//! messages on hover. Its own component so a build moving on does not re-render it.

use std::rc::Rc;

use layerlab_core::Severity;
use yew::prelude::*;

use crate::components::diagnostics::Note;

/// Props of [`Gutter`].
#[derive(Properties, PartialEq)]
pub struct GutterProps {
    /// How many lines the text has.
    pub lines: usize,
    /// The diagnostics, by line.
    pub notes: Rc<[Note]>,
}

/// The line numbers.
#[component]
pub fn Gutter(props: &GutterProps) -> Html {
    let numbers = (1..=props.lines).map(|n| {
        let here: Vec<&Note> = props.notes.iter().filter(|d| d.line == n).collect();
        let class = if here.iter().any(|d| d.severity == Severity::Error) {
            "ln has-error"
        } else if here.iter().any(|d| d.severity == Severity::Warning) {
            "ln has-warning"
        } else if here.is_empty() {
            "ln"
        } else {
            "ln has-hint"
        };
        let title = (!here.is_empty()).then(|| here.iter().map(|d| d.text.as_str()).collect::<Vec<_>>().join("\n"));
        html! { <div {class} title={title.clone()} data-tip={title}>{ n }</div> }
    });
    html! { <div class="gutter" aria-hidden="true">{ for numbers }<div class="ln"></div></div> }
}
