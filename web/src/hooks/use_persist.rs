//! [`use_persist`]: saves the learner's work (Dockerfile, context files, settings, the open lesson and
//! the work put aside for it) to `localStorage` whenever it changes.

use std::rc::Rc;

use yew::prelude::*;

use crate::platform;
use crate::state::{ContextFile, Saved, Settings, Work};

/// Saves after every change of the inputs, when `enabled` (never in embed mode).
#[hook]
pub fn use_persist(
    enabled: bool,
    source: Rc<str>,
    files: Rc<[ContextFile]>,
    settings: Rc<Settings>,
    sandbox: Option<Rc<Work>>,
    lesson: Option<AttrValue>,
) {
    use_effect_with((source, files, settings, sandbox, lesson), move |(source, files, settings, sandbox, lesson)| {
        if !enabled {
            return;
        }
        let saved = Saved {
            version: Saved::VERSION,
            dockerfile: source.to_string(),
            files: files.to_vec(),
            settings: (**settings).clone(),
            sandbox: sandbox.as_deref().cloned(),
            lesson: lesson.as_ref().map(|id| id.to_string()),
        };
        platform::save(&saved.to_json());
    });
}
