//! [`Notice`]: a dismissible message for the learner (unreadable saved work, a missing image, …).

use std::rc::Rc;

use yew::prelude::*;

/// Props of [`Notice`].
#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    /// The message.
    pub text: Option<Rc<str>>,
    /// The label of the button the notice offers, if any.
    #[prop_or_default]
    pub action: Option<&'static str>,
    /// That button was pressed.
    #[prop_or_default]
    pub on_action: Callback<()>,
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
                    if let Some(label) = props.action {
                        <button data-testid="notice-action" onclick={props.on_action.reform(|_: MouseEvent| ())}>{ label }</button>
                    }
                    <button class="icon" aria-label="Dismiss" onclick={dismiss}>{ "✕" }</button>
                </div>
            }
        </div>
    }
}
