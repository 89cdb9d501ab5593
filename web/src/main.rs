//! Mounts the Layerlab app into the page body.

fn main() {
    yew::Renderer::<layerlab_web::App>::new().render();
}
