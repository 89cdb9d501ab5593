//! [`ContextPanel`]: the build context's files besides the Dockerfile (`.dockerignore` included): add,
//! open to edit, delete.

use std::rc::Rc;

use layerlab_core::format::human_size;
use yew::prelude::*;

use crate::state::ContextFile;

/// Props of [`ContextPanel`].
#[derive(Properties, PartialEq)]
pub struct ContextPanelProps {
    /// The files.
    pub files: Rc<[ContextFile]>,
    /// The file open for editing.
    pub open: Option<Rc<str>>,
    /// Open (or close, with `None`) a file.
    pub on_open: Callback<Option<String>>,
    /// Add a file by name.
    pub on_add: Callback<String>,
    /// A file's new text.
    pub on_edit: Callback<(String, String)>,
    /// Delete a file.
    pub on_delete: Callback<String>,
}

/// The context files.
#[component]
pub fn ContextPanel(props: &ContextPanelProps) -> Html {
    let new_name = use_node_ref();
    let add = {
        let new_name = new_name.clone();
        let on_add = props.on_add.clone();
        move || {
            if let Some(input) = new_name.cast::<web_sys::HtmlInputElement>() {
                let name = input.value();
                if !name.trim().is_empty() {
                    on_add.emit(name);
                    input.set_value("");
                }
            }
        }
    };
    let onkeydown = {
        let add = add.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                add();
            }
        })
    };
    let onclick = Callback::from(move |_: MouseEvent| add());
    let items = props.files.iter().map(|file| {
        let is_open = props.open.as_deref() == Some(file.name.as_str());
        let toggle = {
            let on_open = props.on_open.clone();
            let name = file.name.clone();
            Callback::from(move |_: MouseEvent| on_open.emit((!is_open).then(|| name.clone())))
        };
        let delete = {
            let on_delete = props.on_delete.clone();
            let name = file.name.clone();
            Callback::from(move |_: MouseEvent| on_delete.emit(name.clone()))
        };
        let edit = {
            let on_edit = props.on_edit.clone();
            let name = file.name.clone();
            Callback::from(move |e: InputEvent| {
                let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
                on_edit.emit((name.clone(), area.value()));
            })
        };
        let id = format!("file-{}", file.name.replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
        html! {
            <li key={file.name.clone()} class={classes!("file", is_open.then_some("open"))}>
                <div class="file-row">
                    <button class="file-name" aria-expanded={is_open.to_string()} aria-controls={id.clone()} onclick={toggle}>
                        <span aria-hidden="true" class="chev">{ if is_open { "▾" } else { "▸" } }</span>
                        { &file.name }
                    </button>
                    <span class="muted">{ human_size(file.text.len() as u64) }</span>
                    <button class="icon" aria-label={format!("Delete {}", file.name)} title="Delete" onclick={delete}>{ "✕" }</button>
                </div>
                if is_open {
                    <textarea id={id} class="file-text" aria-label={format!("Contents of {}", file.name)}
                        spellcheck="false" wrap="off" value={file.text.clone()} oninput={edit} />
                }
            </li>
        }
    });
    html! {
        <section class="card context-card" aria-labelledby="context-label">
            <div class="card-head"><h2 id="context-label">{ "Build context" }</h2></div>
            <ul class="files">{ for items }</ul>
            <div class="add-file">
                <label for="new-file" class="sr-only">{ "New file name" }</label>
                <input id="new-file" data-testid="new-file-name" ref={new_name} placeholder="new-file.txt" {onkeydown} />
                <button data-testid="add-file" {onclick}>{ "Add file" }</button>
            </div>
        </section>
    }
}
