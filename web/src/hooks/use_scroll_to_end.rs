//! [`use_scroll_to_end`]: keeps a scrolling element (the log, the terminal) at its end when new
//! content arrives.

use yew::prelude::*;

/// Scrolls `node` to the bottom whenever `len` changes.
#[hook]
pub fn use_scroll_to_end(node: NodeRef, len: usize) {
    use_effect_with(len, move |_| {
        if let Some(element) = node.cast::<web_sys::Element>() {
            element.set_scroll_top(element.scroll_height());
        }
    });
}
