//! Hooks: the only places besides `platform.rs` that touch browser APIs (animation frames, storage,
//! scrolling). They own effects; the reducer owns decisions.

mod use_autoplay;
mod use_host_bridge;
mod use_persist;
mod use_progress;
mod use_scroll_to_end;
mod use_share_links;

pub use use_autoplay::use_autoplay;
pub use use_host_bridge::use_host_bridge;
pub use use_persist::use_persist;
pub use use_progress::use_progress;
pub use use_scroll_to_end::use_scroll_to_end;
pub use use_share_links::use_share_links;
