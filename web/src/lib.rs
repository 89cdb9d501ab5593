//! The Layerlab web app: Yew function components over `layerlab-core`.
//!
//! This is the only crate that knows about the DOM. `App` owns the single reducer state; every other
//! component receives values and emits domain callbacks.

mod app;

pub use app::App;
