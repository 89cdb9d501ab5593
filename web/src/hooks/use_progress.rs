//! [`use_progress`]: saves the set of solved lessons to `localStorage` whenever it changes.

use std::rc::Rc;

use yew::prelude::*;

use crate::platform;
use crate::state::{Progress, progress_to_json};

/// Saves after every change of the progress, when `enabled` (never in embed mode).
#[hook]
pub fn use_progress(enabled: bool, progress: Rc<Progress>) {
    use_effect_with(progress, move |progress| {
        if enabled {
            platform::save_progress(&progress_to_json(progress));
        }
    });
}
