//! The Layerlab web app: Yew function components over `layerlab-core`.
//!
//! This is the only crate that knows about the DOM, and inside it only `platform.rs` and `hooks/`
//! call browser APIs. `App` owns the single reducer state (`state.rs`, pure and tested natively);
//! every other component receives values and emits domain callbacks. `timeline.rs`, `highlight.rs`
//! and `run_args.rs` are pure helpers the reducer and components share.

mod app;
pub mod components;
pub mod docs;
pub mod embed;
pub mod highlight;
mod hooks;
pub mod platform;
pub mod run_args;
pub mod share;
pub mod state;
pub mod timeline;

pub use app::App;
