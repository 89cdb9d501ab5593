//! [`Terminal`]: a shell on the simulated host (the same interpreter as `layerlab shell`), working
//! in the directory that holds the editor's Dockerfile and the context files. ↑/↓ browse history.

use std::rc::Rc;

use yew::prelude::*;

use crate::hooks::use_scroll_to_end;
use crate::state::{Recall, TermStream, Terminal as Transcript};

/// Props of [`Terminal`].
#[derive(Properties, PartialEq)]
pub struct TerminalProps {
    /// The transcript and the line being typed.
    pub terminal: Rc<Transcript>,
    /// The line changed.
    pub on_draft: Callback<String>,
    /// ↑/↓.
    pub on_recall: Callback<Recall>,
    /// Enter.
    pub on_submit: Callback<()>,
}

/// The terminal.
#[component]
pub fn Terminal(props: &TerminalProps) -> Html {
    let node = use_node_ref();
    use_scroll_to_end(node.clone(), props.terminal.lines.len());
    let oninput = props.on_draft.reform(|e: InputEvent| e.target_unchecked_into::<web_sys::HtmlInputElement>().value());
    let onkeydown = {
        let on_recall = props.on_recall.clone();
        let on_submit = props.on_submit.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" => {
                e.prevent_default();
                on_submit.emit(());
            }
            "ArrowUp" => {
                e.prevent_default();
                on_recall.emit(Recall::Older);
            }
            "ArrowDown" => {
                e.prevent_default();
                on_recall.emit(Recall::Newer);
            }
            _ => {}
        })
    };
    html! {
        <div class="terminal">
            <pre class="terminal-out" data-testid="terminal-output" role="log" aria-live="polite" aria-label="Terminal output" tabindex="0" ref={node}>
                if props.terminal.lines.is_empty() {
                    <div class="muted">{ "learner@layerlab:~/app — try: docker build -t x .  ·  docker images  ·  docker run --rm x  ·  ls  ·  sim crash-at 3" }</div>
                }
                { for props.terminal.lines.iter().map(|l| html! {
                    <div class={match l.stream { TermStream::Input => "in", TermStream::Stderr => "err", TermStream::Stdout => "" }}>{ &l.text }</div>
                }) }
            </pre>
            <div class="prompt">
                <label for="terminal-input" aria-hidden="true">{ if props.terminal.prompt.is_empty() { "$" } else { props.terminal.prompt.as_str() } }</label>
                <input id="terminal-input" data-testid="terminal-input" aria-label="Terminal command"
                    spellcheck="false" autocapitalize="off" autocomplete="off"
                    value={props.terminal.draft.clone()} {oninput} {onkeydown} />
            </div>
        </div>
    }
}
