//! [`Scrubber`]: time travel through the build's events. The event list is kept, so moving back is a
//! view of the first N events; moving forward past the end steps the live build.

use std::rc::Rc;

use yew::prelude::*;

use crate::timeline::{Timeline, describe};

/// Props of [`Scrubber`].
#[derive(Properties, PartialEq)]
pub struct ScrubberProps {
    /// The build.
    pub timeline: Rc<Timeline>,
    /// How many events are shown.
    pub cursor: usize,
    /// Whether the build is still running.
    pub live: bool,
    /// Show the first N events.
    pub on_seek: Callback<usize>,
}

/// The scrubber.
#[component]
pub fn Scrubber(props: &ScrubberProps) -> Html {
    let total = props.timeline.events.len();
    let oninput = props
        .on_seek
        .reform(|e: InputEvent| e.target_unchecked_into::<web_sys::HtmlInputElement>().value().parse().unwrap_or(0));
    let what = match props.cursor {
        0 => "before the first event".to_string(),
        n => describe(&props.timeline.events.items()[n - 1]),
    };
    let seek = |to: usize| props.on_seek.reform(move |_: MouseEvent| to);
    html! {
        <div class="scrubber">
            <label for="scrubber" class="scrub-label">
                { format!("Event {} of {}{}", props.cursor, total, if props.live { " so far" } else { "" }) }
            </label>
            <div class="scrub-row">
                <button class="icon" aria-label="Previous event" onclick={seek(props.cursor.saturating_sub(1))}>{ "◀" }</button>
                <input id="scrubber" data-testid="scrubber" type="range" min="0" max={total.to_string()}
                    value={props.cursor.to_string()} {oninput} aria-valuetext={what.clone()} />
                <button class="icon" aria-label="Next event" onclick={seek((props.cursor + 1).min(total))}>{ "▶" }</button>
            </div>
            <div class="scrub-what muted" title={what.clone()}>{ what }</div>
        </div>
    }
}
