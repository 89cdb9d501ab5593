//! [`use_persist`]: saves the learner's work (Dockerfile, context files, settings) to `localStorage`
//! whenever it changes.

use std::rc::Rc;

use yew::prelude::*;

use crate::platform;
use crate::state::{ContextFile, Saved, Settings};

/// Saves after every change of the three inputs.
#[hook]
pub fn use_persist(source: Rc<str>, files: Rc<[ContextFile]>, settings: Rc<Settings>) {
    use_effect_with((source, files, settings), |(source, files, settings)| {
        let saved = Saved { version: Saved::VERSION, dockerfile: source.to_string(), files: files.to_vec(), settings: (**settings).clone() };
        platform::save(&saved.to_json());
    });
}
