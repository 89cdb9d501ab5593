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

/// Consecutive lines of one kind, rendered as one text node so a long log stays cheap to diff.
fn runs<'a>(lines: impl Iterator<Item = (&'a str, bool)>) -> Vec<(bool, String)> {
    let mut out: Vec<(bool, String)> = Vec::new();
    for (line, error) in lines {
        match out.last_mut() {
            Some((kind, text)) if *kind == error => {
                text.push('\n');
                text.push_str(line);
            }
            _ => out.push((error, line.to_string())),
        }
    }
    out
}

fn is_error(line: &str) -> bool {
    line.starts_with("ERROR") || line.contains(" ERROR") || line.ends_with(" CANCELED")
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
            (count, runs(log[..count].iter().map(|l| (l.text.as_str(), is_error(&l.text)))))
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
