//! Component tests in headless Chromium: the app mounts and shows the sample Dockerfile.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;
use web_sys::wasm_bindgen::JsCast;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn app_mounts_with_the_sample_dockerfile() {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<layerlab_web::App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    let editor: web_sys::HtmlTextAreaElement =
        document.query_selector("[data-testid=dockerfile-editor]").unwrap().unwrap().dyn_into().unwrap();
    assert!(editor.value().starts_with("FROM python:3.12-slim"), "editor holds {:?}", editor.value());
    let heading = document.query_selector("h1").unwrap().unwrap().text_content().unwrap();
    assert_eq!(heading, "Layerlab");
}
