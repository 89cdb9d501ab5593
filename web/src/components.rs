//! The components, one per file. Each receives the slice of state it shows and emits domain values
//! through `on_*` callbacks; none holds app state of its own.

pub mod build_log;
pub mod code_lines;
pub mod context_panel;
pub mod controls;
pub mod diagnostics;
pub mod editor;
pub mod embed_bar;
pub mod gutter;
pub mod image_view;
pub mod layer_row;
pub mod layer_stack;
pub mod lesson_card;
pub mod lessons_panel;
pub mod line_docs;
pub mod notice;
pub mod run_panel;
pub mod scrubber;
pub mod share_panel;
pub mod step_inspector;
pub mod terminal;
pub mod top_bar;
