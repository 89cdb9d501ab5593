//! [`RunPanel`]: `docker run` made visible. The learner types flags and arguments; the panel shows the
//! final argv assembled from ENTRYPOINT, CMD and the arguments, colour-coded by source, any shell
//! wrapping, and, after Run, the container's output from the simulated host.

use std::rc::Rc;

use layerlab_core::run::{self, WordSource};
use yew::prelude::*;

use crate::run_args;
use crate::state::{ImageInfo, TermLine, TermStream};

/// Props of [`RunPanel`].
#[derive(Properties, PartialEq)]
pub struct RunPanelProps {
    /// The image.
    pub image: Option<Rc<ImageInfo>>,
    /// The typed flags and arguments.
    pub args: Rc<str>,
    /// The last run's transcript.
    pub output: Rc<[TermLine]>,
    /// The typed text changed.
    pub on_args: Callback<String>,
    /// Run.
    pub on_run: Callback<()>,
}

fn source_class(source: WordSource) -> (&'static str, &'static str) {
    match source {
        WordSource::Entrypoint => ("src-ep", "ENTRYPOINT"),
        WordSource::Cmd => ("src-cmd", "CMD"),
        WordSource::Args => ("src-args", "arguments"),
        WordSource::EntrypointFlag => ("src-flag", "--entrypoint"),
    }
}

fn argv_view(image: &ImageInfo, text: &str) -> Html {
    let typed = run_args::parse(text);
    if let Some(error) = &typed.error {
        return html! { <p class="banner failed">{ error }</p> };
    }
    match run::resolve(&image.config, typed.entrypoint.as_deref(), &typed.args) {
        Err(error) => html! { <p class="banner failed">{ format!("docker: Error response from daemon: {error}") }</p> },
        Ok(resolution) => html! {
            <>
                <ol class="argv" aria-label="Final argv of PID 1">
                    { for resolution.argv.iter().enumerate().map(|(i, w)| {
                        let (class, label) = source_class(w.source);
                        html! { <li class={class} title={format!("argv[{i}] from {label}")}>
                            <code>{ serde_json::to_string(&w.text).unwrap_or_default() }</code>
                            <span class="sr-only">{ format!(" from {label}") }</span>
                        </li> }
                    }) }
                </ol>
                <p class="legend" aria-hidden="true">
                    <span class="src-ep">{ "ENTRYPOINT" }</span><span class="src-cmd">{ "CMD" }</span>
                    <span class="src-args">{ "your arguments" }</span><span class="src-flag">{ "--entrypoint" }</span>
                </p>
                if let Some(script) = &resolution.shell_script {
                    <p class="shell-wrap">{ "Shell form: PID 1 is a shell running " }<code>{ script }</code></p>
                }
                { for resolution.notes.iter().map(|n| html! { <p class="note">{ n }</p> }) }
            </>
        },
    }
}

/// The run panel.
#[component]
pub fn RunPanel(props: &RunPanelProps) -> Html {
    let oninput = props.on_args.reform(|e: InputEvent| e.target_unchecked_into::<web_sys::HtmlInputElement>().value());
    let onkeydown = {
        let on_run = props.on_run.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                on_run.emit(());
            }
        })
    };
    let onclick = props.on_run.reform(|_: MouseEvent| ());
    let name = props.image.as_ref().map_or("myapp", |i| i.name.as_str()).to_string();
    html! {
        <div class="run-panel">
            <label for="run-args" class="run-line">
                <code>{ format!("$ docker run --rm … {name}") }</code>
            </label>
            <div class="run-input">
                <input id="run-args" data-testid="run-args" spellcheck="false" autocapitalize="off"
                    placeholder="flags, then arguments: -e NAME=x python --version (-- ends flags)"
                    value={props.args.to_string()} {oninput} {onkeydown} />
                <button class="primary" data-testid="run" {onclick}>{ "Run" }</button>
            </div>
            {
                match &props.image {
                    Some(image) => argv_view(image, &props.args),
                    None => html! { <p class="muted">{ "Build an image first." }</p> },
                }
            }
            <pre class="terminal-out" data-testid="run-output" aria-live="polite" tabindex="0">
                { for props.output.iter().map(|l| html! {
                    <div class={match l.stream { TermStream::Input => "in", TermStream::Stderr => "err", TermStream::Stdout => "" }}>{ &l.text }</div>
                }) }
            </pre>
        </div>
    }
}
