//! [`EmbedBar`]: the embedded widget's header: its name, Build and Step, and a link that opens the
//! same workspace in the full app.

use yew::prelude::*;

/// Props of [`EmbedBar`].
#[derive(Properties, PartialEq)]
pub struct EmbedBarProps {
    /// Whether a build is playing.
    pub playing: bool,
    /// Build (and play).
    pub on_build: Callback<()>,
    /// One step.
    pub on_step: Callback<()>,
    /// Open the workspace in the full app, in a new tab.
    pub on_open_full: Callback<()>,
}

/// The widget header.
#[component]
pub fn EmbedBar(props: &EmbedBarProps) -> Html {
    let build = props.on_build.reform(|_: MouseEvent| ());
    let step = props.on_step.reform(|_: MouseEvent| ());
    let open = props.on_open_full.reform(|_: MouseEvent| ());
    html! {
        <header class="embed-bar">
            <strong>{ "Layerlab" }</strong>
            <button class="primary" data-testid="build" onclick={build} disabled={props.playing}>{ "Build" }</button>
            <button data-testid="step" onclick={step}>{ "Step" }</button>
            <button class="link" data-testid="open-full" onclick={open} title="Opens in a new tab">
                { "Open in Layerlab ↗" }
            </button>
        </header>
    }
}
