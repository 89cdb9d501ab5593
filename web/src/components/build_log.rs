//! [`BuildLog`]: the build output as BuildKit's plain progress, streamed in step with the stack up to
//! the scrubber's cursor, or, for a classic-builder build, the legacy builder's output. An ARIA live
//! region.

use std::rc::Rc;

use yew::prelude::*;

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

/// Lines per block of the log. Each block is its own text node, so a new line rewrites (and lays
/// out) only the last block instead of the whole log, and finished blocks compare equal and are left
/// alone by the diff.
const BLOCK: usize = 64;

/// Consecutive lines of one kind within a block, each run rendered as one text node.
fn runs<'a>(lines: impl Iterator<Item = (&'a str, bool)>) -> Vec<(bool, String)> {
    let mut out: Vec<(bool, String)> = Vec::new();
    for (i, (line, error)) in lines.enumerate() {
        match out.last_mut() {
            Some((kind, text)) if *kind == error && i % BLOCK != 0 => {
                text.push('\n');
                text.push_str(line);
            }
            _ => out.push((error, line.to_string())),
        }
    }
    out
}

/// The build log.
#[component]
pub fn BuildLog(props: &BuildLogProps) -> Html {
    let (count, runs) = match (&props.classic, &props.timeline) {
        (Some(classic), _) => {
            (classic.len(), runs(classic.iter().map(|l| (l.text.as_str(), l.stream == TermStream::Stderr))))
        }
        (None, Some(timeline)) => {
            let log = timeline.log.items();
            let count = log.partition_point(|l| l.event < props.cursor);
            (count, runs(log[..count].iter().map(|l| (l.text.as_str(), l.error))))
        }
        (None, None) => (0, Vec::new()),
    };
    html! {
        <section class="card log-card" aria-labelledby="log-label">
            <div class="card-head">
                <h2 id="log-label">{ "Build log" }</h2>
                <span class="muted">{ if props.classic.is_some() { "classic builder (DOCKER_BUILDKIT=0)" } else { "BuildKit, --progress=plain" } }</span>
            </div>
            // The box is a reversed flex column, so it stays scrolled to the newest line without
            // JavaScript reading the layout after every step.
            <pre class="log pinned" data-testid="build-log" role="log" aria-live="polite" aria-labelledby="log-label" tabindex="0">
                <div>
                    if count == 0 {
                        <span class="muted">{ "Press Build to run docker build -t myapp ." }</span>
                    }
                    { for runs.into_iter().map(|(error, text)| html! {
                        <div class={classes!("log-run", error.then_some("err"))}>{ text }</div>
                    }) }
                </div>
            </pre>
        </section>
    }
}
