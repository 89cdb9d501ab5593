//! Layerlab's simulation core: a pure, deterministic model of `docker build` and `docker run`.
//!
//! The pipeline is: Dockerfile text → [`dockerfile::parse`] → the build engine
//! ([`engine::Build::step`], one event at a time) → an image (config, layers, history) → `docker run`
//! resolution and the simulated container. [`host::Host`] ties everything together as one simulated
//! machine that runs `docker …` command lines; the CLI's `layerlab shell` and the web terminal both
//! drive it.
//!
//! Invariants: no IO, no clock, no randomness. Time is passed in, and identifiers are content digests.

pub mod cache;
pub mod catalog;
pub mod context;
pub mod diagnostic;
pub mod digest;
pub mod dockerfile;
pub mod engine;
pub mod format;
pub mod history;
pub mod host;
pub mod image;
pub mod image_ref;
pub mod instruction;
pub mod lesson;
pub mod lint;
pub mod output;
pub mod run;
pub mod template;
pub mod text;
pub mod words;

pub mod fs;
pub mod pkg;
pub mod rootfs;
pub mod sh;

pub use diagnostic::{Diagnostic, Severity};
pub use dockerfile::{Dockerfile, Parse, parse};
pub use text::{LineIndex, Span, Text};
