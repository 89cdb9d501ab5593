//! [`BuildLog`]: the build output as BuildKit's plain progress, streamed in step with the stack up to
//! the scrubber's cursor, or, for a classic-builder build, the legacy builder's output. An ARIA live
//! region.

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
    /// The classic builder's lines, when it ran the build.
    pub classic: Option<Rc<[TermLine]>>,
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
    html! {
        <section class="card log-card" aria-labelledby="log-label">
            <div class="card-head">
                <h2 id="log-label">{ "Build log" }</h2>
                <span class="muted">{ if props.classic.is_some() { "classic builder (DOCKER_BUILDKIT=0)" } else { "BuildKit, --progress=plain" } }</span>
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
