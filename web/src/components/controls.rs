//! [`Controls`]: Build, Step, Play/Pause and speed, and the build options (`--no-cache`, network,
//! classic builder, crash at step N, target stage, build args).

use std::rc::Rc;

use yew::prelude::*;

use crate::state::{Settings, Speed};

/// Props of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    /// The settings.
    pub settings: Rc<Settings>,
    /// The armed crash.
    pub crash_at: Option<usize>,
    /// How many crash steps to offer.
    pub max_steps: usize,
    /// The stage names, for the target menu.
    pub stages: Rc<[String]>,
    /// Whether Play is on.
    pub playing: bool,
    /// Start a build.
    pub on_build: Callback<()>,
    /// Step.
    pub on_step: Callback<()>,
    /// Play or pause.
    pub on_toggle_play: Callback<()>,
    /// Speed.
    pub on_speed: Callback<Speed>,
    /// `--no-cache`.
    pub on_no_cache: Callback<bool>,
    /// Network.
    pub on_network: Callback<bool>,
    /// Classic builder.
    pub on_classic: Callback<bool>,
    /// Crash at step.
    pub on_crash_at: Callback<Option<usize>>,
    /// Target stage.
    pub on_target: Callback<String>,
    /// Build args.
    pub on_build_args: Callback<String>,
}

fn checked(callback: &Callback<bool>) -> Callback<Event> {
    let callback = callback.clone();
    Callback::from(move |e: Event| callback.emit(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked()))
}

fn selected(callback: Callback<String>) -> Callback<Event> {
    Callback::from(move |e: Event| callback.emit(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))
}

/// The build controls.
#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let settings = &props.settings;
    let click = |cb: &Callback<()>| {
        let cb = cb.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let on_speed = selected(props.on_speed.reform(|v: String| Speed::from_name(&v).unwrap_or_default()));
    let on_crash = selected(props.on_crash_at.reform(|v: String| v.parse().ok()));
    let on_target = selected(props.on_target.clone());
    let on_args = {
        let cb = props.on_build_args.clone();
        Callback::from(move |e: InputEvent| cb.emit(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()))
    };
    let crash_value = props.crash_at.map(|n| n.to_string()).unwrap_or_default();
    html! {
        <section class="card controls" aria-label="Build controls">
            <div class="buttons">
                <button class="primary" data-testid="build" onclick={click(&props.on_build)}
                    title="docker build -t myapp .">{ "Build" }</button>
                <button data-testid="step" onclick={click(&props.on_step)} title="Run to the end of the next step">{ "Step" }</button>
                <button data-testid="play" aria-pressed={props.playing.to_string()} onclick={click(&props.on_toggle_play)}>
                    { if props.playing { "Pause" } else { "Play" } }
                </button>
                <label class="inline">
                    <span>{ "Speed" }</span>
                    <select data-testid="speed" onchange={on_speed}>
                        { for Speed::ALL.iter().map(|s| html! {
                            <option value={s.name()} selected={*s == settings.speed}>{ s.label() }</option>
                        }) }
                    </select>
                </label>
            </div>
            <div class="options">
                <label class="check">
                    <input type="checkbox" data-testid="no-cache" checked={settings.no_cache} onchange={checked(&props.on_no_cache)} />
                    <code>{ "--no-cache" }</code>
                </label>
                <label class="check">
                    <input type="checkbox" data-testid="network" checked={settings.network} onchange={checked(&props.on_network)} />
                    { "Network" }
                </label>
                <label class="check" title="DOCKER_BUILDKIT=0: every instruction is a step; applies to the next build">
                    <input type="checkbox" data-testid="classic" checked={settings.classic} onchange={checked(&props.on_classic)} />
                    { "Classic builder" }
                </label>
                <label class="inline">
                    <span>{ "Crash next build at step" }</span>
                    <select data-testid="crash-at" onchange={on_crash}>
                        <option value="" selected={props.crash_at.is_none()}>{ "never" }</option>
                        { for (1..=props.max_steps.max(1)).map(|n| html! {
                            <option value={n.to_string()} selected={crash_value == n.to_string()}>{ n }</option>
                        }) }
                    </select>
                </label>
                <label class="inline">
                    <span>{ "Target" }</span>
                    <select data-testid="target" onchange={on_target}>
                        <option value="" selected={settings.target.is_empty()}>{ "last stage" }</option>
                        { for props.stages.iter().map(|s| html! {
                            <option value={s.clone()} selected={settings.target == *s}>{ s }</option>
                        }) }
                    </select>
                </label>
                <label class="wide">
                    <span>{ "Build args" }</span>
                    <input data-testid="build-args" placeholder="KEY=value KEY2=value" spellcheck="false"
                        value={settings.build_args.clone()} oninput={on_args} />
                </label>
            </div>
        </section>
    }
}
