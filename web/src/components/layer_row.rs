//! [`LayerRow`]: one block of the layer stack. Its props are the few display values of the row, so
//! rows that did not change are not re-rendered while a large build streams in.

use yew::prelude::*;

/// Props of [`LayerRow`].
#[derive(Properties, PartialEq)]
pub struct LayerRowProps {
    /// The row's index in the stack.
    pub index: usize,
    /// Whether it is a metadata (config) row.
    pub config: bool,
    /// The BuildKit step number.
    pub step: usize,
    /// The `data-cache` value.
    pub cache: &'static str,
    /// The status class (`hit`, `miss`, `failed`, `pending`, `running`, `resumed`, `config`).
    pub kind: &'static str,
    /// The badge text.
    pub badge: AttrValue,
    /// The step's name.
    pub title: AttrValue,
    /// The size text.
    pub size: AttrValue,
    /// The size bar's width in percent.
    pub width: u32,
    /// Whether it is selected.
    pub selected: bool,
    /// Select it.
    pub on_select: Callback<usize>,
}

/// One block of the stack.
#[component]
pub fn LayerRow(props: &LayerRowProps) -> Html {
    let index = props.index;
    let onclick = props.on_select.reform(move |_: MouseEvent| index);
    let class = classes!(
        "row",
        format!("st-{}", props.kind),
        props.config.then_some("meta"),
        props.selected.then_some("selected")
    );
    html! {
        <li {class} data-testid={if props.config { "config-step" } else { "layer" }} data-step={props.step.to_string()} data-cache={props.cache}>
            <button class="row-btn" aria-pressed={props.selected.to_string()} {onclick}
                aria-label={format!("{}: {} {}", props.title, props.badge, props.size)}>
                <span class="bar" style={format!("width:{}%", props.width)}></span>
                <span class="row-title">{ props.title.clone() }</span>
                <span class="row-size">{ props.size.clone() }</span>
                <span class={classes!("badge", props.kind)}>{ props.badge.clone() }</span>
            </button>
        </li>
    }
}
