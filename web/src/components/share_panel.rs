//! [`SharePanel`]: the share link and the embed code of the workspace, each with a Copy button. The
//! link is copied as soon as it appears (the browser may refuse without focus; the text stays on
//! screen to copy by hand).

use std::rc::Rc;

use yew::prelude::*;

use crate::platform;
use crate::state::ShareLinks;

/// Props of [`SharePanel`].
#[derive(Properties, PartialEq)]
pub struct SharePanelProps {
    /// The link and the embed code.
    pub links: Rc<ShareLinks>,
    /// Close the panel.
    pub on_close: Callback<()>,
}

/// The share panel.
#[component]
pub fn SharePanel(props: &SharePanelProps) -> Html {
    use_effect_with(props.links.link.clone(), |link| platform::copy_text(link));
    let copy = |text: &str| {
        let text = text.to_string();
        Callback::from(move |_: MouseEvent| platform::copy_text(&text))
    };
    let select_all = Callback::from(|e: FocusEvent| {
        if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
            input.select();
        }
    });
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <section class="card share-panel" aria-labelledby="share-label">
            <div class="card-head">
                <h2 id="share-label">{ "Share" }</h2>
                <button class="icon" aria-label="Close share panel" onclick={close}>{ "✕" }</button>
            </div>
            <label for="share-link">{ "Link to exactly this Dockerfile, its files and settings" }</label>
            <div class="share-row">
                <input id="share-link" data-testid="share-link" readonly=true value={props.links.link.clone()}
                    onfocus={select_all} />
                <button onclick={copy(&props.links.link)}>{ "Copy link" }</button>
            </div>
            <label for="embed-code">{ "Embed code for a documentation page" }</label>
            <div class="share-row">
                <textarea id="embed-code" data-testid="embed-code" readonly=true rows="3"
                    value={props.links.embed_code.clone()} />
                <button data-testid="copy-embed" onclick={copy(&props.links.embed_code)}>{ "Copy embed code" }</button>
            </div>
            <p class="muted">{ "The link holds everything in its # part, so nothing is uploaded. Add view=run, view=history or view=terminal, autoplay or readonly to the embed address to change the widget." }</p>
        </section>
    }
}
