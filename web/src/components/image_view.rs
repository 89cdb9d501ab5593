//! [`ImageView`]: the last built image: `docker history` exactly as Docker prints it, the config and
//! the total size.

use std::rc::Rc;

use yew::prelude::*;

use crate::state::ImageInfo;

/// Props of [`ImageView`].
#[derive(Properties, PartialEq)]
pub struct ImageViewProps {
    /// The image, once one was built.
    pub image: Option<Rc<ImageInfo>>,
}

/// The image panel.
#[component]
pub fn ImageView(props: &ImageViewProps) -> Html {
    let Some(image) = &props.image else {
        return html! { <p class="muted">{ "No image yet. Build one to see its history and config." }</p> };
    };
    html! {
        <div class="image-view">
            <dl class="facts">
                <dt>{ "Image" }</dt><dd><code>{ &image.name }</code></dd>
                <dt>{ "ID" }</dt><dd><code>{ &image.id }</code></dd>
                <dt>{ "Size" }</dt><dd data-testid="image-size">{ &image.size }</dd>
                <dt>{ "Layers" }</dt><dd>{ image.layers }</dd>
            </dl>
            <h3 id="history-label"><code>{ format!("$ docker history {}", image.name) }</code></h3>
            <pre class="history" data-testid="history-table" aria-labelledby="history-label" tabindex="0">{ &image.history }</pre>
            <h3>{ "Config" }</h3>
            <pre class="json" tabindex="0">{ &image.config_json }</pre>
        </div>
    }
}
