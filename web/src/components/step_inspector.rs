//! [`StepInspector`]: for the selected step, why the cache hit or missed (the input that changed,
//! beside what the previous build had), the files its layer changed (with sizes and whiteouts) and the
//! image config at that point.

use layerlab_core::cache::MissReason;
use layerlab_core::engine::FileChangeKind;
use layerlab_core::format::human_size;
use layerlab_core::image::ImageConfig;
use yew::prelude::*;

use crate::timeline::{End, Row, RowKind, Status};

/// Props of [`StepInspector`].
#[derive(Properties, PartialEq)]
pub struct StepInspectorProps {
    /// The row shown (a copy).
    pub row: Option<Row>,
    /// How many events are shown.
    pub cursor: usize,
    /// Whether the build ran in the terminal (no config samples).
    pub from_terminal: bool,
}

fn cache_view(row: &Row, status: Status, cursor: usize) -> Html {
    let from = row.title.contains("FROM ");
    if from {
        return match status {
            Status::Hit => html! { <p>{ "The base image was already local: nothing to download." }</p> },
            Status::Miss => {
                html! { <p>{ "The base image was not local yet, so BuildKit resolved and pulled its layers." }</p> }
            }
            _ => html! {},
        };
    }
    let Some((at, miss)) = &row.cache else {
        return html! { <p class="muted">{ "The cache has not been consulted yet." }</p> };
    };
    if *at >= cursor {
        return html! { <p class="muted">{ "The cache has not been consulted yet." }</p> };
    }
    match miss {
        None if row.resumed => html! {
            <p><strong class="hit">{ "Cache hit, resumed. " }</strong>{ "The crashed build had finished this step before the daemon died, so its layer was kept in the cache and this build picked up from it." }</p>
        },
        None => html! {
            <p><strong class="hit">{ "Cache hit. " }</strong>{ "The same instruction with the same inputs was built on the same parent before, so BuildKit reused that layer instead of running it." }</p>
        },
        Some(reason) => {
            let compare = match reason {
                MissReason::InputChanged { input, before, after } => html! {
                    <table class="compare">
                        <caption>{ format!("The {input}") }</caption>
                        <thead><tr><th scope="col">{ "Previous build (cache)" }</th><th scope="col">{ "This build" }</th></tr></thead>
                        <tbody><tr><td><code>{ before }</code></td><td><code>{ after }</code></td></tr></tbody>
                    </table>
                },
                _ => html! {},
            };
            html! {
                <>
                    <p><strong class="miss">{ "Cache miss. " }</strong>{ reason.explain() }</p>
                    { compare }
                </>
            }
        }
    }
}

fn changes_view(row: &Row, cursor: usize) -> Html {
    let Some((at, changes)) = &row.changes else {
        return match &row.size {
            Some((at, size)) if *at < cursor && row.cache.as_ref().is_some_and(|c| c.1.is_none()) => {
                html! { <p class="muted">{ format!("The layer ({}) came from the cache; its file list is in the build that made it.", human_size(*size)) }</p> }
            }
            _ if row.ended_by(cursor) && !row.title.contains("FROM ") => {
                html! { <p class="muted">{ "No files changed (a 0 B layer)." }</p> }
            }
            _ => html! {},
        };
    };
    if *at >= cursor {
        return html! {};
    }
    let shown = changes.iter().take(200).map(|c| {
        let (sign, kind, class) = match c.kind {
            FileChangeKind::Added => ("+", "added", "add"),
            FileChangeKind::Modified => ("~", "changed", "mod"),
            FileChangeKind::Removed => ("−", "removed (whiteout)", "del"),
        };
        let size = if c.kind == FileChangeKind::Removed { ".wh. marker".to_string() } else { human_size(c.size) };
        html! {
            <tr class={class}><td aria-label={kind}>{ sign }</td><td><code>{ &c.path }</code></td><td class="num">{ size }</td></tr>
        }
    });
    let size = row.size.filter(|(at, _)| *at < cursor).map(|(_, s)| human_size(s)).unwrap_or_default();
    html! {
        <>
            <h3>{ format!("Files in this layer ({}, {size})", changes.len()) }</h3>
            <table class="diff">
                <thead><tr><th scope="col"><span class="sr-only">{ "Change" }</span></th><th scope="col">{ "Path" }</th><th scope="col">{ "Size" }</th></tr></thead>
                <tbody>{ for shown }</tbody>
            </table>
            if changes.len() > 200 { <p class="muted">{ format!("… and {} more", changes.len() - 200) }</p> }
        </>
    }
}

fn json_list(items: &Option<Vec<String>>) -> String {
    match items {
        None => "null".to_string(),
        Some(list) => serde_json::to_string(list).unwrap_or_default(),
    }
}

fn config_view(config: &ImageConfig) -> Html {
    let mut rows: Vec<(&str, String)> = vec![
        ("Env", config.env.join("\n")),
        ("Entrypoint", json_list(&config.entrypoint)),
        ("Cmd", json_list(&config.cmd)),
        ("WorkingDir", if config.working_dir.is_empty() { "/".to_string() } else { config.working_dir.clone() }),
        ("User", if config.user.is_empty() { "root".to_string() } else { config.user.clone() }),
    ];
    if !config.exposed_ports.is_empty() {
        rows.push(("ExposedPorts", config.exposed_ports.join(", ")));
    }
    if !config.labels.is_empty() {
        rows.push(("Labels", config.labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("\n")));
    }
    html! {
        <dl class="config">
            { for rows.into_iter().map(|(k, v)| html! { <><dt>{ k }</dt><dd><code>{ v }</code></dd></> }) }
        </dl>
    }
}

/// The step inspector.
#[component]
pub fn StepInspector(props: &StepInspectorProps) -> Html {
    let Some(row) = &props.row else {
        return html! {
            <section class="card inspector" aria-labelledby="inspector-label" data-testid="inspector">
                <div class="card-head"><h2 id="inspector-label">{ "Step details" }</h2></div>
                <p class="muted">{ "Build, then select a step in the stack to see why its cache hit or missed, the files it changed and the config at that point." }</p>
            </section>
        };
    };
    let cursor = props.cursor;
    let status = row.status(cursor);
    let failure = match &row.end {
        Some((at, End::Failed(message))) if *at < cursor => html! { <p class="banner failed">{ message }</p> },
        Some((at, End::Canceled)) if *at < cursor => html! {
            <p class="banner crash">{ "The daemon died while this step ran. Its work was lost in flight: nothing was committed or cached for it." }</p>
        },
        _ => html! {},
    };
    let body = if row.kind == RowKind::Config {
        html! {
            <>
                <p>{ "A metadata instruction: it changes the image config and adds a 0 B history row, but no layer." }</p>
                <table class="compare">
                    <thead><tr><th scope="col">{ "Field" }</th><th scope="col">{ "Before" }</th><th scope="col">{ "After" }</th></tr></thead>
                    <tbody>
                        { for row.fields.iter().filter(|f| f.event < cursor).map(|f| html! {
                            <tr><th scope="row">{ &f.field }</th><td><code>{ &f.before }</code></td><td><code>{ &f.after }</code></td></tr>
                        }) }
                    </tbody>
                </table>
            </>
        }
    } else {
        html! { <>{ cache_view(row, status, cursor) }{ changes_view(row, cursor) }</> }
    };
    let config = match &row.config {
        Some(config) if row.ended_by(cursor) => {
            html! { <><h3>{ "Image config at this point" }</h3>{ config_view(config) }</> }
        }
        None if props.from_terminal && row.ended_by(cursor) => html! {
            <p class="muted">{ "Config snapshots are recorded for builds run with the Build and Step buttons; see the Image tab for the final config." }</p>
        },
        _ => html! {},
    };
    html! {
        <section class="card inspector" aria-labelledby="inspector-label" data-testid="inspector">
            <div class="card-head"><h2 id="inspector-label">{ "Step details" }</h2></div>
            <h3 class="step-title"><code>{ &row.title }</code></h3>
            { failure }
            { body }
            { config }
        </section>
    }
}
