//! [`App`]: the root component, which owns the state and lays out the panels.

use yew::prelude::*;

/// The Dockerfile shown to a first-time visitor.
pub const SAMPLE_DOCKERFILE: &str = "FROM ubuntu:22.04\nRUN apt-get update\nRUN apt-get install -y python3-pip && pip install flask\nCOPY app.py /opt/app.py\nENTRYPOINT FLASK_APP=/opt/app.py flask run --host=0.0.0.0\n";

/// The root component.
#[component]
pub fn App() -> Html {
    let source = use_state(|| SAMPLE_DOCKERFILE.to_string());
    let parse = layerlab_core::parse(&source);
    let oninput = {
        let source = source.clone();
        Callback::from(move |e: InputEvent| {
            let target: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            source.set(target.value());
        })
    };
    html! {
        <main class="app">
            <header><h1>{ "Layerlab" }</h1></header>
            <section class="editor">
                <label for="dockerfile">{ "Dockerfile" }</label>
                <textarea id="dockerfile" data-testid="editor" spellcheck="false"
                    value={(*source).clone()} {oninput} />
                <p data-testid="instruction-count">
                    { format!("{} instructions", parse.dockerfile.instructions.len()) }
                </p>
            </section>
        </main>
    }
}
