//! Embed mode: the options a documentation page sets in the widget's query string, the messages the
//! widget exchanges with that page, and the origin rules that guard them. Pure; `platform.rs` reads
//! the URL and `hooks/use_host_bridge.rs` posts and receives.
//!
//! Origin rules (also in `docs/embedding.md`):
//! - The widget only ever talks to `window.parent`, never to `*`. Its messages go to the *host
//!   origin*: the `origin` query option when the page gives one (it must be a bare `http(s)` origin),
//!   else the origin of `document.referrer`. With neither, the widget posts nothing.
//! - It accepts a message only when the sender is `window.parent` and `event.origin` equals that
//!   same host origin, and only the message types listed in [`Incoming`].
//! - Messages carry what the learner's build produced (outcome, image ID, step counts, lesson id),
//!   never the files themselves.

use serde_json::json;

use crate::timeline::{RowKind, Status, Timeline};

/// The query parameter that turns embed mode on.
pub const EMBED_PARAM: &str = "embed";

/// Which view the widget shows under its editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EmbedView {
    /// The layer stack and the build log.
    #[default]
    Build,
    /// The `docker run` panel.
    Run,
    /// The image's `docker history`.
    History,
    /// The terminal.
    Terminal,
}

impl EmbedView {
    /// All views, in menu order.
    pub const ALL: [EmbedView; 4] = [EmbedView::Build, EmbedView::Run, EmbedView::History, EmbedView::Terminal];

    /// The query value.
    pub fn name(self) -> &'static str {
        match self {
            EmbedView::Build => "build",
            EmbedView::Run => "run",
            EmbedView::History => "history",
            EmbedView::Terminal => "terminal",
        }
    }

    /// The view with that query value.
    pub fn from_name(name: &str) -> Option<EmbedView> {
        EmbedView::ALL.into_iter().find(|v| v.name() == name)
    }
}

/// The widget's options, from its query string.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EmbedOptions {
    /// The view under the editor.
    pub view: EmbedView,
    /// Start the build as soon as the widget loads.
    pub autoplay: bool,
    /// The editor cannot be changed (the controls still work).
    pub read_only: bool,
    /// A lesson or gallery example to open.
    pub lesson: Option<String>,
    /// The host page's origin, when the page states it.
    pub origin: Option<String>,
}

impl EmbedOptions {
    /// The options in a query string's decoded pairs, or `None` when `embed` is absent (the full
    /// app). Flags count as on when present without a value or with any value but `0`/`false`.
    pub fn from_query(pairs: &[(String, String)]) -> Option<EmbedOptions> {
        let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        let flag = |key: &str| get(key).is_some_and(|v| v != "0" && v != "false");
        get(EMBED_PARAM)?;
        Some(EmbedOptions {
            view: get("view").and_then(EmbedView::from_name).unwrap_or_default(),
            autoplay: flag("autoplay"),
            read_only: flag("readonly"),
            lesson: get("lesson").filter(|id| !id.is_empty()).map(str::to_string),
            origin: get("origin").and_then(normalize_origin),
        })
    }

    /// The query string (with `?`) that gives these options.
    pub fn to_query(&self) -> String {
        let mut query = format!("?{EMBED_PARAM}&view={}", self.view.name());
        if self.autoplay {
            query.push_str("&autoplay");
        }
        if self.read_only {
            query.push_str("&readonly");
        }
        if let Some(lesson) = &self.lesson {
            query.push_str(&format!("&lesson={}", percent_encode(lesson)));
        }
        if let Some(origin) = &self.origin {
            query.push_str(&format!("&origin={}", percent_encode(origin)));
        }
        query
    }

    /// The origin the widget talks to: the stated one, else the referrer's.
    pub fn host_origin(&self, referrer: &str) -> Option<String> {
        self.origin.clone().or_else(|| origin_of(referrer))
    }
}

/// `scheme://host[:port]` if `text` is exactly an `http` or `https` origin (a trailing `/` is
/// tolerated), else `None`.
pub fn normalize_origin(text: &str) -> Option<String> {
    let text = text.trim().trim_end_matches('/');
    let (scheme, rest) = text.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let host_ok = !rest.is_empty()
        && rest.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        && !rest.starts_with(':');
    ((scheme == "http" || scheme == "https") && host_ok).then(|| format!("{scheme}://{}", rest.to_ascii_lowercase()))
}

/// The origin of an absolute `http(s)` URL (`https://docs.example.com/a/b?c` → `https://docs.example.com`).
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    // Credentials never belong to an origin.
    let authority = authority.rsplit('@').next().unwrap_or_default();
    normalize_origin(&format!("{scheme}://{authority}"))
}

/// Whether a received message may be acted on (see the module docs).
pub fn accepts(from_parent: bool, event_origin: &str, host_origin: Option<&str>) -> bool {
    from_parent && host_origin.is_some_and(|origin| origin == event_origin)
}

/// The messages the widget accepts from its host page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Incoming {
    /// `{"type": "layerlab:build"}`: press Build.
    Build,
}

impl Incoming {
    /// The message named by a `type` field, if it is one the widget knows.
    pub fn from_type(kind: &str) -> Option<Incoming> {
        (kind == "layerlab:build").then_some(Incoming::Build)
    }
}

/// A message for the host page. `seq` orders them so each is posted once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostMessage {
    /// Position in the outbox (1-based, increasing).
    pub seq: u64,
    /// What happened.
    pub event: HostEvent,
}

/// What the host page hears about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostEvent {
    /// A build ended: succeeded, failed or crashed.
    BuildFinished {
        /// `succeeded`, `failed` or `crashed`.
        outcome: &'static str,
        /// The image ID, when it succeeded.
        image: Option<String>,
        /// The error, or the step lost in a crash.
        error: Option<String>,
        /// Build steps shown.
        steps: usize,
        /// How many of them came from the cache.
        cached: usize,
    },
    /// The open lesson's goal passed.
    LessonSolved {
        /// Its id.
        lesson: String,
    },
}

impl HostEvent {
    /// The summary of a finished timeline, if it has finished.
    pub fn build_finished(timeline: &Timeline) -> Option<HostEvent> {
        use layerlab_core::engine::BuildOutcome;
        let (_, outcome) = timeline.outcome.as_ref()?;
        let end = timeline.events.len();
        let steps = timeline.rows.iter().filter(|r| r.kind == RowKind::Step);
        let cached = steps.clone().filter(|r| r.status(end) == Status::Hit).count();
        let steps = steps.count();
        let image = match outcome {
            BuildOutcome::Succeeded { image_id } => Some(image_id.prefixed()),
            _ => None,
        };
        Some(HostEvent::BuildFinished { outcome: outcome.name(), image, error: outcome.problem(), steps, cached })
    }

    /// The JSON object posted to the host page.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            HostEvent::BuildFinished { outcome, image, error, steps, cached } => json!({
                "type": "layerlab:build-finished",
                "outcome": outcome,
                "image": image,
                "error": error,
                "steps": steps,
                "cached": cached,
            }),
            HostEvent::LessonSolved { lesson } => json!({ "type": "layerlab:lesson-solved", "lesson": lesson }),
        }
    }
}

/// The height report: `{"type": "layerlab:height", "height": px}`.
pub fn height_message(height: u32) -> serde_json::Value {
    json!({ "type": "layerlab:height", "height": height })
}

/// The `<iframe>` snippet that embeds `src`, with a starting height the widget then corrects.
pub fn embed_code(src: &str) -> String {
    let src = src.replace('&', "&amp;").replace('"', "&quot;");
    format!(
        "<iframe src=\"{src}\" title=\"Layerlab: a Docker build you can watch\" width=\"100%\" height=\"520\" \
         style=\"border:1px solid #ccc;border-radius:8px\" loading=\"lazy\"></iframe>"
    )
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests;
