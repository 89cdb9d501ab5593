//! [`BuildLog`]: the build output as BuildKit's plain progress, streamed in step with the stack up to
//! the scrubber's cursor, or the classic builder's view of the same build. An ARIA live region.

use std::rc::Rc;

use yew::prelude::*;

use crate::hooks::use_scroll_to_end;
use crate::state::{TermLine, TermStream};
use crate::timeline::Timeline;

/// Props of [`BuildLog`].
#[derive(Properties, PartialEq)]
pub struct BuildLogProps {
    /// The build, if any.
    pub timeline: Option<Rc<Timeline>>,
    /// How many events are shown.
    pub cursor: usize,
    /// The classic view's lines, when it is on.
    pub classic: Option<Rc<[TermLine]>>,
    /// Switch the classic view.
    pub on_classic: Callback<bool>,
}

/// The build log.
#[component]
pub fn BuildLog(props: &BuildLogProps) -> Html {
    let node = use_node_ref();
    let lines: Vec<String> = match (&props.classic, &props.timeline) {
        (Some(classic), _) => classic.iter().map(|l| l.text.clone()).collect(),
        (None, Some(timeline)) => timeline.log.iter().take_while(|l| l.event < props.cursor).map(|l| l.text.clone()).collect(),
        (None, None) => Vec::new(),
    };
    let error_lines: Vec<bool> = match &props.classic {
        Some(classic) => classic.iter().map(|l| l.stream == TermStream::Stderr).collect(),
        None => lines.iter().map(|l| l.contains(" ERROR") || l.starts_with("ERROR") || l.ends_with(" CANCELED")).collect(),
    };
    use_scroll_to_end(node.clone(), lines.len());
    let on_classic = {
        let cb = props.on_classic.clone();
        Callback::from(move |e: Event| cb.emit(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked()))
    };
    html! {
        <section class="card log-card" aria-labelledby="log-label">
            <div class="card-head">
                <h2 id="log-label">{ "Build log" }</h2>
                <label class="check">
                    <input type="checkbox" data-testid="classic" checked={props.classic.is_some()} onchange={on_classic} />
                    { "Classic builder view" }
                </label>
            </div>
            <pre class="log" data-testid="build-log" role="log" aria-live="polite" aria-labelledby="log-label" tabindex="0" ref={node}>
                if lines.is_empty() {
                    <span class="muted">{ "Press Build to run docker build -t myapp ." }</span>
                }
                { for lines.iter().zip(error_lines).map(|(l, error)| html! {
                    <div class={classes!("log-line", error.then_some("err"), l.contains(" CACHED").then_some("cached"))}>{ l }</div>
                }) }
            </pre>
        </section>
    }
}
