//! Share links and embed mode in the reducer: start-up from the page URL ([`Startup`]), the Share
//! action, putting the learner's own work aside when a link replaces it (and bringing it back), and
//! the outbox of messages for the page that embeds the widget.
//!
//! The rule that matters most: a link never costs the learner their work. A broken link changes
//! nothing but the notice; a good link puts the work shown aside ([`AppState::put_aside`], which the
//! app also saves under its own `localStorage` key) before replacing it; embed mode neither reads nor
//! writes the saved work at all.

use std::rc::Rc;

use layerlab_core::format::Timestamp;

use super::{AppState, OpenLesson, Work};
use crate::embed::{EmbedOptions, HostEvent, HostMessage, embed_code};
use crate::share::{self, Shared};
use crate::timeline::Timeline;

/// The most messages the outbox keeps (the bridge posts them as they come; this only bounds memory).
const OUTBOX_LIMIT: usize = 32;

/// What the page URL and storage say at start-up.
#[derive(Debug, Clone, Default)]
pub struct Startup {
    /// The saved work, if any.
    pub stored: Option<String>,
    /// `location.hash`, with its `#`.
    pub fragment: String,
    /// The decoded query pairs.
    pub query: Vec<(String, String)>,
    /// The app's address without query or fragment, for share links.
    pub page_url: String,
    /// The clock.
    pub now: Timestamp,
}

/// What start-up asks the platform to do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StartupEffects {
    /// Remove the share fragment from the address bar, so a reload keeps later edits.
    pub clear_fragment: bool,
}

/// The share link and embed code of the current workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareLinks {
    /// The absolute link.
    pub link: String,
    /// The `<iframe>` snippet.
    pub embed_code: String,
}

/// A button the notice offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeAction {
    /// Bring back the work a share link put aside.
    RestoreWork,
}

impl NoticeAction {
    /// The button's label.
    pub fn label(self) -> &'static str {
        match self {
            NoticeAction::RestoreWork => "Restore my work",
        }
    }
}

impl AppState {
    /// The state at start-up, from storage and the page URL (see the module docs).
    pub fn start(startup: Startup) -> (AppState, StartupEffects) {
        let embed = EmbedOptions::from_query(&startup.query);
        let stored = if embed.is_some() { None } else { startup.stored.as_deref() };
        let mut state = AppState::new(stored, startup.now);
        state.page_url = Rc::from(startup.page_url.as_str());
        let linked = share::is_share(&startup.fragment);
        let opened = linked && state.open_link(&startup.fragment, stored.is_some());
        let mut effects = StartupEffects { clear_fragment: opened };
        if let Some(options) = &embed {
            effects.clear_fragment = false;
            // A share link's files win over the lesson option (the link may hold that lesson, edited).
            if let Some(id) = options.lesson.as_deref().filter(|_| !linked) {
                state.open_lesson(id);
            }
        }
        state.embed = embed.map(Rc::new);
        (state, effects)
    }

    /// Opens a share link (at start-up, or when the address's fragment changes to one). A broken link
    /// only sets the notice. Returns whether the link was opened.
    pub(super) fn open_link(&mut self, fragment: &str, own_work_shown: bool) -> bool {
        match share::decode(fragment) {
            Ok(shared) => {
                self.open_shared(shared, own_work_shown);
                true
            }
            Err(error) => {
                let kept =
                    if own_work_shown { "Your saved work is shown instead." } else { "The example is shown instead." };
                self.set_notice(&format!("This share link could not be opened: {error}. {kept}"));
                false
            }
        }
    }

    /// Replaces the workspace with a shared one, putting the learner's own work aside.
    fn open_shared(&mut self, shared: Shared, own_work_shown: bool) {
        let before = self.saved();
        let own = match &self.lesson {
            Some(_) => self.sandbox.as_deref().cloned(),
            None => Some(Work { dockerfile: self.source.to_string(), files: self.files.to_vec() }),
        };
        let lesson = shared.lesson.as_deref().map(|id| (id, self.find_lesson(id)));
        self.set_settings(shared.settings);
        self.load_work(Work { dockerfile: shared.dockerfile, files: shared.files });
        self.lesson = None;
        self.sandbox = None;
        let mut notice = String::from("Opened a shared link.");
        match lesson {
            Some((_, Some(lesson))) => {
                self.lesson = Some(Rc::new(OpenLesson::new(lesson)));
                self.sandbox = own.map(Rc::new);
            }
            Some((id, None)) => notice.push_str(&format!(" It names a lesson this version does not have ({id:?}).")),
            None => {}
        }
        let mut action = None;
        if own_work_shown && self.embed.is_none() && before != self.saved() {
            notice.push_str(" Your own work from before was put aside.");
            self.put_aside = Some(Rc::new(before));
            action = Some(NoticeAction::RestoreWork);
        }
        self.set_notice(&notice);
        self.notice_action = action;
    }

    /// What a share link of the current workspace holds.
    pub fn shared(&self) -> Shared {
        Shared {
            dockerfile: self.source.to_string(),
            files: self.files.to_vec(),
            settings: (*self.settings).clone(),
            lesson: self.lesson.as_ref().map(|open| open.lesson.id.clone()),
        }
    }

    /// The absolute share link of the current workspace.
    pub fn share_link(&self) -> String {
        format!("{}#{}", self.page_url, share::encode(&self.shared()))
    }

    /// Makes the share link and embed code (the Share button).
    pub(super) fn make_share_links(&mut self) {
        let fragment = share::encode(&self.shared());
        let options = self.embed.as_deref().cloned().unwrap_or_default();
        let widget = format!("{}{}#{fragment}", self.page_url, options.to_query());
        self.share = Some(Rc::new(ShareLinks {
            link: format!("{}#{fragment}", self.page_url),
            embed_code: embed_code(&widget),
        }));
    }

    /// Brings back the work a share link put aside.
    pub(super) fn restore_put_aside(&mut self) -> bool {
        let Some(saved) = self.put_aside.take() else { return false };
        let saved = (*saved).clone();
        self.set_settings(saved.settings);
        self.load_work(Work { dockerfile: saved.dockerfile, files: saved.files });
        self.lesson =
            saved.lesson.as_deref().and_then(|id| self.find_lesson(id)).map(|lesson| Rc::new(OpenLesson::new(lesson)));
        self.sandbox = saved.sandbox.filter(|_| self.lesson.is_some()).map(Rc::new);
        self.set_notice("Your own work is back.");
        true
    }

    /// Queues a message for the embedding page (only in embed mode).
    pub(super) fn post(&mut self, event: HostEvent) {
        if self.embed.is_none() {
            return;
        }
        let seq = self.outbox.last().map_or(1, |m| m.seq + 1);
        let mut outbox = self.outbox.to_vec();
        outbox.push(HostMessage { seq, event });
        let excess = outbox.len().saturating_sub(OUTBOX_LIMIT);
        outbox.drain(..excess);
        self.outbox = outbox.into();
    }

    /// Queues `layerlab:build-finished` for a timeline that just ended.
    pub(super) fn post_build_finished(&mut self, timeline: &Timeline) {
        if let Some(event) = HostEvent::build_finished(timeline) {
            self.post(event);
        }
    }
}

#[cfg(test)]
mod tests;
