//! [`LayerStack`]: one block per step of the build as of the scrubber's cursor, base at the bottom,
//! with its size and a cached / built / failed badge; metadata instructions show as thin 0 B config
//! blocks. A crashed build says which step was lost in flight and what the cache kept; the build
//! after it marks the steps it resumed.

use std::rc::Rc;

use layerlab_core::engine::BuildOutcome;
use layerlab_core::format::human_size;
use yew::prelude::*;

use crate::components::layer_row::LayerRow;
use crate::timeline::{Row, RowKind, Status, Timeline};

/// Props of [`LayerStack`].
#[derive(Properties, PartialEq)]
pub struct LayerStackProps {
    /// The build.
    pub timeline: Rc<Timeline>,
    /// How many events are shown.
    pub cursor: usize,
    /// The selected row.
    pub selected: Option<usize>,
    /// Select a row.
    pub on_select: Callback<usize>,
}

fn badge(row: &Row, status: Status, cursor: usize) -> (&'static str, &'static str) {
    let from = row.kind == RowKind::Step && row.title.contains("FROM ");
    match status {
        Status::Pending => ("pending", "pending"),
        Status::Running => ("running", "running"),
        Status::Hit if row.kind == RowKind::Config => ("config", "config"),
        Status::Hit if row.resumed => ("resumed", "resumed from cache"),
        Status::Hit if from => ("hit", "local"),
        Status::Hit => ("hit", "CACHED"),
        Status::Miss if from => ("miss", if row.ended_by(cursor) { "pulled" } else { "pulling" }),
        Status::Miss => ("miss", if row.ended_by(cursor) { "built" } else { "running" }),
        Status::Failed => ("failed", "failed"),
        Status::Canceled => ("failed", "lost in flight"),
    }
}

fn size_text(row: &Row, cursor: usize) -> String {
    match (row.kind, &row.size) {
        (RowKind::Config, _) => human_size(0),
        (_, Some((at, size))) if *at < cursor => human_size(*size),
        _ if row.ended_by(cursor) && !row.title.contains("FROM ") => human_size(0),
        _ => String::new(),
    }
}

/// The layer stack.
#[component]
pub fn LayerStack(props: &LayerStackProps) -> Html {
    let timeline = &props.timeline;
    let cursor = props.cursor;
    let max = timeline.rows.iter().filter_map(|r| r.size.map(|s| s.1)).max().unwrap_or(1).max(1) as f64;
    let rows = timeline.rows.iter().enumerate().map(|(i, row)| {
        let status = row.status(cursor);
        let (kind, text) = badge(row, status, cursor);
        let width = match row.size {
            Some((at, size)) if at < cursor && size > 0 => 6.0 + 94.0 * ((size as f64).ln_1p() / max.ln_1p()),
            _ => 0.0,
        };
        html! {
            <LayerRow key={i} index={i} config={row.kind == RowKind::Config} step={row.step} cache={status.cache_attr()}
                {kind} badge={text} title={AttrValue::from(row.title.clone())} size={AttrValue::from(size_text(row, cursor))}
                width={width.round() as u32} selected={props.selected == Some(i)} on_select={props.on_select.clone()} />
        }
    });
    let banner = match &timeline.outcome {
        Some((at, BuildOutcome::Crashed { step })) if *at < cursor => {
            let kept = timeline
                .rows
                .iter()
                .filter(|r| r.kind == RowKind::Step && r.end.is_some() && r.status(cursor) != Status::Canceled)
                .count();
            html! {
                <p class="banner crash" data-testid="crash-banner">
                    <strong>{ "The daemon died. " }</strong>
                    { format!("{step} was lost in flight; the {kept} finished step{} before it stay in the build cache. Build again to resume from there.", if kept == 1 { "" } else { "s" }) }
                </p>
            }
        }
        Some((at, BuildOutcome::Failed { error })) if *at < cursor => html! {
            <p class="banner failed"><strong>{ "Build failed: " }</strong>{ error.to_string() }</p>
        },
        Some((at, BuildOutcome::Succeeded { image_id })) if *at < cursor => {
            let resumed = timeline.rows.iter().filter(|r| r.resumed).count();
            html! {
                <p class="banner ok">
                    { format!("Built {}. ", image_id.short()) }
                    if resumed > 0 { { format!("Resumed {resumed} step{} from the cache the crashed build left.", if resumed == 1 { "" } else { "s" }) } }
                </p>
            }
        }
        _ => match timeline.crash_at {
            Some(n) => html! { <p class="banner armed">{ format!("A crash is armed at step {n}.") }</p> },
            None => html! {},
        },
    };
    html! {
        <section class="card stack-card" aria-labelledby="stack-label">
            <div class="card-head"><h2 id="stack-label">{ "Layers" }</h2><span class="muted">{ "base at the bottom · select a step to see why" }</span></div>
            { banner }
            <ol class="stack">{ for rows }</ol>
        </section>
    }
}
