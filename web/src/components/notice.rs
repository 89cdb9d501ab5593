//! [`Notice`]: a dismissible message for the learner (unreadable saved work, a missing image, …).

use std::rc::Rc;

use yew::prelude::*;

/// Props of [`Notice`].
#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    /// The message.
    pub text: Option<Rc<str>>,
    /// Close it.
    pub on_dismiss: Callback<()>,
}

/// The notice bar; renders an empty live region when there is nothing to say, so screen readers
/// announce messages as they appear.
#[component]
pub fn Notice(props: &NoticeProps) -> Html {
    let dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div class="notice-region" role="status" aria-live="polite">
            if let Some(text) = &props.text {
                <div class="notice" data-testid="notice">
                    <span>{ text.to_string() }</span>
                    <button class="icon" aria-label="Dismiss" onclick={dismiss}>{ "✕" }</button>
                </div>
            }
        </div>
    }
}
