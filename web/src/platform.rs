//! The only module that calls browser APIs directly (besides the hooks): the clock, `localStorage`,
//! performance marks, the page address, the clipboard, and messages to and from an embedding page.
//! Every function degrades to a no-op where the API is missing (natively, or
//! with storage disabled).

use layerlab_core::format::Timestamp;

/// The `localStorage` key of the saved work.
pub const STORAGE_KEY: &str = "layerlab.work.v1";

/// The wall clock, for the simulated host's start time.
pub fn now() -> Timestamp {
    if cfg!(target_arch = "wasm32") { Timestamp(js_sys::Date::now() as i64) } else { Timestamp(0) }
}

/// The page's window, only in the browser (natively there is none, and `web_sys` would panic).
fn window() -> Option<web_sys::Window> {
    if cfg!(target_arch = "wasm32") { web_sys::window() } else { None }
}

fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok()?
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
    if let Some(performance) = window().and_then(|w| w.performance()) {
        let _ = performance.mark("layerlab-first-render");
    }
}

/// Milliseconds since the page started, for frame pacing.
pub fn monotonic_ms() -> f64 {
    window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// The `localStorage` key of the work a share link replaced.
pub const BACKUP_KEY: &str = "layerlab.work.backup.v1";

/// Saves the work a share link replaced (best effort, like [`save`]).
pub fn save_backup(json: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(BACKUP_KEY, json);
    }
}

/// The parts of the page address start-up reads.
#[derive(Debug, Clone, Default)]
pub struct PageUrl {
    /// Origin and path, without query or fragment.
    pub page_url: String,
    /// `location.hash`, with its `#`.
    pub fragment: String,
    /// The decoded query pairs.
    pub query: Vec<(String, String)>,
}

/// The page address (empty natively).
pub fn page() -> PageUrl {
    let Some(location) = window().map(|w| w.location()) else { return PageUrl::default() };
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    let search = location.search().unwrap_or_default();
    let mut query = Vec::new();
    if let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search)
        && let Ok(Some(entries)) = js_sys::try_iter(&params)
    {
        for entry in entries.flatten() {
            let pair = js_sys::Array::from(&entry);
            query.push((pair.get(0).as_string().unwrap_or_default(), pair.get(1).as_string().unwrap_or_default()));
        }
    }
    PageUrl { page_url: format!("{origin}{path}"), fragment: location.hash().unwrap_or_default(), query }
}

/// Removes the fragment from the address bar without reloading or adding a history entry.
pub fn clear_fragment() {
    let Some(window) = window() else { return };
    let location = window.location();
    let url = format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// Copies text to the clipboard where the browser allows it (it may refuse without a user gesture or
/// focus; the text is on screen to copy by hand either way).
pub fn copy_text(text: &str) {
    if let Some(window) = window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
}

/// `document.referrer` (empty natively or when the embedding page hides it).
pub fn referrer() -> String {
    window().and_then(|w| w.document()).map(|d| d.referrer()).unwrap_or_default()
}

fn parent() -> Option<web_sys::Window> {
    let window = window()?;
    let parent = window.parent().ok()??;
    // A top-level page is its own parent.
    (!js_sys::Object::is(&parent, &window)).then_some(parent)
}

/// Posts a JSON message to the embedding page at exactly `origin` (never `*`).
pub fn post_to_parent(message: &serde_json::Value, origin: &str) {
    let Some(parent) = parent() else { return };
    if let Ok(value) = js_sys::JSON::parse(&message.to_string()) {
        let _ = parent.post_message(&value, origin);
    }
}

/// The height of the page's content in CSS pixels.
pub fn content_height() -> u32 {
    window().and_then(|w| w.document()).and_then(|d| d.body()).map_or(0, |body| body.scroll_height().max(0) as u32)
}

/// A message received from another window: its origin, whether it came from the embedding page, and
/// its `type` field if it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// `event.origin`.
    pub origin: String,
    /// Whether `event.source` is `window.parent`.
    pub from_parent: bool,
    /// `event.data.type`, when `data` is an object with a string `type`.
    pub kind: Option<String>,
}

/// Calls `handler` for every `message` event until the listener is dropped.
pub fn on_message(handler: impl Fn(Received) + 'static) -> Option<gloo::events::EventListener> {
    use wasm_bindgen::JsCast;
    let window = window()?;
    let listener = gloo::events::EventListener::new(&window, "message", move |event| {
        let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else { return };
        let from_parent = match (event.source(), parent()) {
            (Some(source), Some(parent)) => js_sys::Object::is(&source, &parent),
            _ => false,
        };
        let data = event.data();
        let kind = js_sys::Reflect::get(&data, &"type".into()).ok().and_then(|t| t.as_string());
        handler(Received { origin: event.origin(), from_parent, kind });
    });
    Some(listener)
}

/// Watches the body's size; the observer stops when dropped.
pub struct HeightWatch {
    observer: web_sys::ResizeObserver,
    _callback: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl Drop for HeightWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Calls `handler` with the content height whenever the body resizes.
pub fn watch_height(handler: impl Fn(u32) + 'static) -> Option<HeightWatch> {
    use wasm_bindgen::JsCast;
    let body = window()?.document()?.body()?;
    let callback = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || handler(content_height()));
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(&body);
    Some(HeightWatch { observer, _callback: callback })
}

/// Opens a URL in a new tab (the browser may block it without a user gesture).
pub fn open_tab(url: &str) {
    if let Some(window) = window() {
        let _ = window.open_with_url_and_target(url, "_blank");
    }
}

/// Calls `handler` with the new `location.hash` whenever it changes, until the listener is dropped.
pub fn on_hash_change(handler: impl Fn(String) + 'static) -> Option<gloo::events::EventListener> {
    let window = window()?;
    let location = window.location();
    Some(gloo::events::EventListener::new(&window, "hashchange", move |_| {
        handler(location.hash().unwrap_or_default());
    }))
}
