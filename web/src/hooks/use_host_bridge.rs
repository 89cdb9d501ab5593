//! [`use_host_bridge`]: in embed mode, the widget's side of the conversation with the page that
//! embeds it. It posts the reducer's outbox (each message once, in order), reports the content height
//! whenever it changes, and turns accepted incoming messages into actions. The origin rules are in
//! `embed.rs`; this hook only applies them.

use std::cell::Cell;
use std::rc::Rc;

use yew::prelude::*;

use crate::embed::{self, EmbedOptions, HostMessage, Incoming};
use crate::platform;
use crate::state::{Action, AppState};

/// Runs the bridge while `embed` is set (it does nothing in the full app).
#[hook]
pub fn use_host_bridge(
    embed: Option<Rc<EmbedOptions>>,
    outbox: Rc<[HostMessage]>,
    dispatcher: UseReducerDispatcher<AppState>,
) {
    let origin = use_memo(embed.clone(), |embed| embed.as_ref().and_then(|e| e.host_origin(&platform::referrer())));
    let posted = use_mut_ref(|| 0u64);
    {
        let origin = origin.clone();
        use_effect_with(outbox, move |outbox| {
            if let Some(origin) = origin.as_deref() {
                for message in outbox.iter().filter(|m| m.seq > *posted.borrow()) {
                    platform::post_to_parent(&message.event.to_json(), origin);
                }
            }
            *posted.borrow_mut() = outbox.last().map_or(0, |m| m.seq);
        });
    }
    use_effect_with(origin, move |origin| {
        let origin = (**origin).clone();
        let mut guards = None;
        if let Some(host) = origin {
            let last = Rc::new(Cell::new(0u32));
            let report = {
                let host = host.clone();
                move |height: u32| {
                    if height != last.replace(height) {
                        platform::post_to_parent(&embed::height_message(height), &host);
                    }
                }
            };
            report(platform::content_height());
            let watch = platform::watch_height(report);
            let listener = platform::on_message(move |received| {
                if !embed::accepts(received.from_parent, &received.origin, Some(&host)) {
                    return;
                }
                if let Some(incoming) = received.kind.as_deref().and_then(Incoming::from_type) {
                    dispatcher.dispatch(Action::FromHost(incoming));
                }
            });
            guards = Some((watch, listener));
        }
        move || drop(guards)
    });
}
