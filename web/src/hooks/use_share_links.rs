//! [`use_share_links`]: the full app's side of share links after start-up. A link pasted into the
//! address bar of the open app only changes the fragment (no reload), so the hook listens for
//! `hashchange` and opens it like start-up does; and whenever a link puts the learner's work aside,
//! the hook saves that work under its own `localStorage` key, so not even a closed tab loses it.

use std::rc::Rc;

use yew::prelude::*;

use crate::platform;
use crate::share;
use crate::state::{Action, AppState, Saved};

/// Runs while `enabled` (the full app; embed mode keeps away from storage and the address).
#[hook]
pub fn use_share_links(enabled: bool, put_aside: Option<Rc<Saved>>, dispatcher: UseReducerDispatcher<AppState>) {
    use_effect_with(put_aside, move |put_aside| {
        if let Some(saved) = put_aside.as_deref().filter(|_| enabled) {
            platform::save_backup(&saved.to_json());
        }
    });
    use_effect_with(enabled, move |&enabled| {
        let listener = enabled.then(|| {
            platform::on_hash_change(move |fragment| {
                if share::is_share(&fragment) {
                    dispatcher.dispatch(Action::OpenLink(fragment));
                    platform::clear_fragment();
                }
            })
        });
        move || drop(listener)
    });
}
