//! The only module that calls browser APIs directly (besides the hooks): the clock, `localStorage`
//! and performance marks. Every function degrades to a no-op where the API is missing (natively, or
//! with storage disabled).

use layerlab_core::format::Timestamp;

/// The `localStorage` key of the saved work.
pub const STORAGE_KEY: &str = "layerlab.work.v1";

/// The wall clock, for the simulated host's start time.
pub fn now() -> Timestamp {
    if cfg!(target_arch = "wasm32") { Timestamp(js_sys::Date::now() as i64) } else { Timestamp(0) }
}

fn storage() -> Option<web_sys::Storage> {
    if !cfg!(target_arch = "wasm32") {
        return None;
    }
    web_sys::window()?.local_storage().ok()?
}

/// The saved work, if any (unparsed: the reducer decides whether it is readable).
pub fn load_saved() -> Option<String> {
    storage()?.get_item(STORAGE_KEY).ok()?
}

/// Saves the work. Failures (quota, private mode) are ignored: saving is best effort.
pub fn save(json: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(STORAGE_KEY, json);
    }
}

/// The `localStorage` key of the solved lessons (kept apart from the work, so resetting one keeps the
/// other).
pub const PROGRESS_KEY: &str = "layerlab.progress.v1";

/// The saved lesson progress, if any (unparsed).
pub fn load_progress() -> Option<String> {
    storage()?.get_item(PROGRESS_KEY).ok()?
}

/// Saves the lesson progress (best effort, like [`save`]).
pub fn save_progress(json: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(PROGRESS_KEY, json);
    }
}

/// Marks the first render in the performance timeline (read by `e2e/bench.mjs`).
pub fn mark_first_render() {
    if !cfg!(target_arch = "wasm32") {
        return;
    }
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("layerlab-first-render");
    }
}

/// Milliseconds since the page started, for frame pacing.
pub fn monotonic_ms() -> f64 {
    if !cfg!(target_arch = "wasm32") {
        return 0.0;
    }
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}
