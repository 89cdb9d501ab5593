//! Share links: the whole workspace (Dockerfile, context files, settings and the open lesson) packed
//! into a URL fragment, so a learner can send exactly what they see without any server.
//!
//! The fragment is `share=v1.` followed by the base64url (no padding) of the raw-DEFLATE-compressed
//! JSON of [`Shared`]. Decoding is defensive: a link may be cut off by a chat app, edited by hand, or
//! built to be hostile, so the encoded and decoded sizes are bounded before any work is done, and the
//! contents are validated (file names cleaned, duplicates and the `Dockerfile` entry dropped) before
//! they reach the state. Pure: no browser API, so it is tested natively.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

use crate::state::{ContextFile, Settings};

/// What the fragment starts with.
pub const PREFIX: &str = "share=";
/// The format version, written after the prefix.
pub const VERSION: &str = "v1";
/// The longest fragment accepted (characters after `#`). Browsers keep much longer URLs, but a link
/// this long no longer fits anywhere it would be pasted.
pub const MAX_FRAGMENT: usize = 512 * 1024;
/// The most bytes the JSON may inflate to: enough for the 1 MB Dockerfile of the limits suite plus
/// its context, and a bound on a compression bomb.
pub const MAX_JSON: usize = 2 * 1024 * 1024;
/// The most context files a link may carry.
pub const MAX_FILES: usize = 1_000;

/// Everything a share link restores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shared {
    /// The Dockerfile.
    pub dockerfile: String,
    /// The other context files.
    pub files: Vec<ContextFile>,
    /// The build settings.
    #[serde(default)]
    pub settings: Settings,
    /// The lesson or gallery example open, if any.
    #[serde(default)]
    pub lesson: Option<String>,
}

/// Why a share link could not be opened. Each message says what the learner can do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    /// The fragment is longer than [`MAX_FRAGMENT`].
    #[error("the link is too long ({0} characters; the most Layerlab opens is {MAX_FRAGMENT})")]
    TooLong(usize),
    /// The version is not one this build knows.
    #[error("the link was made by another version of Layerlab (format {0:?})")]
    UnknownVersion(String),
    /// The payload is not base64url.
    #[error("the link is damaged (it is not valid base64); it may have been cut off when it was copied")]
    Encoding,
    /// The payload does not inflate (usually a link cut short).
    #[error("the link is damaged or cut off (its data does not decompress)")]
    Compression,
    /// The payload inflates beyond [`MAX_JSON`].
    #[error("the link holds more than {} MB of files", MAX_JSON / (1024 * 1024))]
    TooLarge,
    /// The JSON is not a [`Shared`].
    #[error("the link's contents could not be read ({0})")]
    Content(String),
}

/// The fragment (without `#`) that restores `shared`.
pub fn encode(shared: &Shared) -> String {
    let json = serde_json::to_vec(shared).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    format!("{PREFIX}{VERSION}.{}", URL_SAFE_NO_PAD.encode(packed))
}

/// Whether a fragment (with or without its `#`) is a share link at all.
pub fn is_share(fragment: &str) -> bool {
    fragment.trim_start_matches('#').starts_with(PREFIX)
}

/// Reads a share fragment (with or without its `#`). Only call it when [`is_share`] holds; anything
/// else is reported as an unknown version.
pub fn decode(fragment: &str) -> Result<Shared, ShareError> {
    let fragment = fragment.trim_start_matches('#');
    if fragment.len() > MAX_FRAGMENT {
        return Err(ShareError::TooLong(fragment.len()));
    }
    let body = fragment.strip_prefix(PREFIX).unwrap_or(fragment);
    let (version, payload) = body.split_once('.').unwrap_or((body, ""));
    if version != VERSION {
        return Err(ShareError::UnknownVersion(version.chars().take(16).collect()));
    }
    // Some mail and chat apps append a padding `=` or wrap long links; both are harmless to drop.
    let payload: String = payload.chars().filter(|c| !c.is_whitespace() && *c != '=').collect();
    let packed = URL_SAFE_NO_PAD.decode(payload.as_bytes()).map_err(|_| ShareError::Encoding)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_JSON).map_err(|e| match e.status {
        miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ShareError::TooLarge,
        _ => ShareError::Compression,
    })?;
    let shared: Shared = serde_json::from_slice(&json).map_err(|e| ShareError::Content(e.to_string()))?;
    validate(shared)
}

/// Cleans the file list the way the context panel would have: relative clean paths, no `Dockerfile`
/// entry (the editor holds it), no duplicates, sorted.
fn validate(mut shared: Shared) -> Result<Shared, ShareError> {
    if shared.files.len() > MAX_FILES {
        return Err(ShareError::Content(format!("{} files; the most is {MAX_FILES}", shared.files.len())));
    }
    for file in &mut shared.files {
        file.name = layerlab_core::context::clean(&file.name);
    }
    shared.files.retain(|f| !f.name.is_empty() && f.name != "Dockerfile");
    shared.files.sort_by(|a, b| a.name.cmp(&b.name));
    shared.files.dedup_by(|a, b| a.name == b.name);
    shared.lesson = shared.lesson.filter(|id| !id.is_empty());
    Ok(shared)
}

#[cfg(test)]
mod tests;
