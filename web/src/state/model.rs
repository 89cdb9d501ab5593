//! The value types the reducer state is made of: settings, context files, the saved form that goes to
//! `localStorage`, the built image's summary and the terminal transcript. All pure and cheap to clone.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use layerlab_core::engine::Build;
use layerlab_core::format::{Timestamp, human_size};
use layerlab_core::history::{self, HistoryOptions};
use layerlab_core::host::Host;
use layerlab_core::image::{Image, ImageConfig};
use serde::{Deserialize, Serialize};

/// How fast Play moves through a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Speed {
    /// About three events a second.
    Slow,
    /// About twelve events a second.
    #[default]
    Normal,
    /// One event per frame.
    Fast,
    /// As many events per frame as the per-frame cap allows.
    Instant,
}

impl Speed {
    /// All speeds, slowest first.
    pub const ALL: [Speed; 4] = [Speed::Slow, Speed::Normal, Speed::Fast, Speed::Instant];

    /// Events per second, or `None` for "as fast as the frame cap allows".
    pub fn events_per_second(self) -> Option<f64> {
        match self {
            Speed::Slow => Some(3.0),
            Speed::Normal => Some(12.0),
            Speed::Fast => Some(60.0),
            Speed::Instant => None,
        }
    }

    /// The label shown in the speed menu.
    pub fn label(self) -> &'static str {
        match self {
            Speed::Slow => "Slow",
            Speed::Normal => "Normal",
            Speed::Fast => "Fast",
            Speed::Instant => "Instant",
        }
    }

    /// The stable name used in the DOM.
    pub fn name(self) -> &'static str {
        match self {
            Speed::Slow => "slow",
            Speed::Normal => "normal",
            Speed::Fast => "fast",
            Speed::Instant => "instant",
        }
    }

    /// The speed with that name.
    pub fn from_name(name: &str) -> Option<Speed> {
        Speed::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// The colour theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Theme {
    /// Follow the system (`prefers-color-scheme`).
    #[default]
    Auto,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

impl Theme {
    /// The next theme in the toggle cycle.
    pub fn next(self) -> Theme {
        match self {
            Theme::Auto => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Auto,
        }
    }

    /// The `data-theme` value.
    pub fn name(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// The build settings, saved across reloads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// `--no-cache`.
    pub no_cache: bool,
    /// `--build-arg` values, `KEY=value` separated by spaces or new lines.
    pub build_args: String,
    /// `--target` (empty = the last stage).
    pub target: String,
    /// Whether the simulated network is up.
    pub network: bool,
    /// Play speed.
    pub speed: Speed,
    /// Build with the classic builder (`DOCKER_BUILDKIT=0`) instead of BuildKit.
    pub classic: bool,
    /// Colour theme.
    pub theme: Theme,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            no_cache: false,
            build_args: String::new(),
            target: String::new(),
            network: true,
            speed: Speed::Normal,
            classic: false,
            theme: Theme::Auto,
        }
    }
}

impl Settings {
    /// The build args as pairs (`KEY` alone is skipped: the page has no host environment to copy).
    pub fn build_arg_pairs(&self) -> Vec<(String, String)> {
        self.build_args
            .split_whitespace()
            .filter_map(|word| word.split_once('=').filter(|(k, _)| !k.is_empty()))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// The target stage, if one is set.
    pub fn target_stage(&self) -> Option<&str> {
        Some(self.target.trim()).filter(|t| !t.is_empty())
    }
}

/// A file of the build context (the Dockerfile itself is the editor's text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContextFile {
    /// The path relative to the context root.
    pub name: String,
    /// The content.
    pub text: String,
}

impl ContextFile {
    /// Makes a file.
    pub fn new(name: &str, text: &str) -> ContextFile {
        ContextFile { name: name.to_string(), text: text.to_string() }
    }
}

/// What is saved in `localStorage`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    /// The format version.
    pub version: u32,
    /// The Dockerfile.
    pub dockerfile: String,
    /// The other context files.
    pub files: Vec<ContextFile>,
    /// The settings.
    pub settings: Settings,
    /// The learner's own work, put aside while a lesson is open (added in place: older saves lack it).
    #[serde(default)]
    pub sandbox: Option<Work>,
    /// The lesson or example open, if any (its files are `dockerfile` and `files`).
    #[serde(default)]
    pub lesson: Option<String>,
}

/// The learner's own Dockerfile and context files, kept aside while a lesson is open so opening a
/// lesson never loses them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Work {
    /// The Dockerfile.
    pub dockerfile: String,
    /// The other context files.
    pub files: Vec<ContextFile>,
}

impl Saved {
    /// The current format version.
    pub const VERSION: u32 = 1;

    /// Reads the saved JSON; anything unreadable or from another version is an error.
    pub fn from_json(text: &str) -> Result<Saved, String> {
        let saved: Saved = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if saved.version != Saved::VERSION {
            return Err(format!("unknown version {}", saved.version));
        }
        Ok(saved)
    }

    /// The JSON to store.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A summary of the last successfully built image, for the image and run panels.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageInfo {
    /// The name to run it by (`myapp:latest`, or the short ID).
    pub name: String,
    /// The short image ID.
    pub id: String,
    /// The total size, human readable.
    pub size: String,
    /// The number of layers.
    pub layers: usize,
    /// The `docker history` table, exactly as printed.
    pub history: String,
    /// The runtime config.
    pub config: Rc<ImageConfig>,
    /// The config as Docker's JSON, pretty printed.
    pub config_json: String,
}

impl ImageInfo {
    /// Summarises an image at time `now` (for `docker history`'s CREATED column).
    pub fn new(image: &Image, name: String, now: Timestamp) -> ImageInfo {
        let options = HistoryOptions::default();
        let rows = history::rows(image, now, options);
        ImageInfo {
            name,
            id: image.id.short(),
            size: human_size(image.size()),
            layers: image.layers.len(),
            history: history::render_table(&rows, options),
            config: Rc::new(image.config.clone()),
            config_json: serde_json::to_string_pretty(&image.config.to_json()).unwrap_or_default(),
        }
    }
}

/// Which stream a terminal line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermStream {
    /// The echoed command line.
    Input,
    /// Standard output.
    Stdout,
    /// Standard error.
    Stderr,
}

/// One terminal line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermLine {
    /// The stream.
    pub stream: TermStream,
    /// The text.
    pub text: String,
}

/// The terminal: transcript, command history and the line being typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Terminal {
    /// The transcript, oldest first (capped).
    pub lines: Vec<TermLine>,
    /// Commands run, oldest first.
    pub history: Vec<String>,
    /// The line being typed.
    pub draft: String,
    /// The history entry shown while browsing with ↑/↓.
    pub recall: Option<usize>,
    /// The prompt before the line being typed (empty: the host's `$`).
    pub prompt: String,
}

/// The simulated machine: a [`Host`] and the build the UI is driving, if any. It lives behind a
/// shared cell because stepping a build mutates it in place; its identity never changes.
#[derive(Debug)]
pub struct Sim {
    /// The host (cache, images, containers, working directory).
    pub host: Host,
    /// The build being driven event by event (its cache is lent from the host meanwhile).
    pub build: Option<Build>,
    /// The host's last build the UI has shown, to notice builds run from the terminal.
    pub seen: Option<Arc<Build>>,
}

/// A handle to the [`Sim`]; equal only to itself.
#[derive(Debug, Clone)]
pub struct Machine(pub Rc<RefCell<Sim>>);

impl PartialEq for Machine {
    fn eq(&self, other: &Machine) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Machine {
    /// A fresh machine at time `now`.
    pub fn new(now: Timestamp) -> Machine {
        // The terminal panel is a terminal: `docker run -it ubuntu` attaches to the container's shell.
        let mut host = Host::new(&[], now);
        host.tty = true;
        Machine(Rc::new(RefCell::new(Sim { host, build: None, seen: None })))
    }
}
