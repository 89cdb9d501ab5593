//! [`TopBar`]: the title, the Share button, the theme switch and, on phones, the area tabs.

use yew::prelude::*;

use crate::state::{Area, Theme};

/// Props of [`TopBar`].
#[derive(Properties, PartialEq)]
pub struct TopBarProps {
    /// The theme.
    pub theme: Theme,
    /// The area shown on phones.
    pub area: Area,
    /// Switch theme.
    pub on_theme: Callback<Theme>,
    /// Show an area.
    pub on_area: Callback<Area>,
    /// Make a share link.
    pub on_share: Callback<()>,
}

/// The top bar.
#[component]
pub fn TopBar(props: &TopBarProps) -> Html {
    let next = props.theme.next();
    let on_theme = props.on_theme.reform(move |_: MouseEvent| next);
    let label = match props.theme {
        Theme::Auto => "Theme: system",
        Theme::Light => "Theme: light",
        Theme::Dark => "Theme: dark",
    };
    let tab = |area: Area, text: &'static str, id: &'static str| {
        let on_area = props.on_area.reform(move |_: MouseEvent| area);
        let selected = props.area == area;
        html! {
            <button role="tab" data-testid={id} aria-selected={selected.to_string()} class={classes!(selected.then_some("active"))}
                onclick={on_area}>{ text }</button>
        }
    };
    html! {
        <header class="top-bar">
            <h1>{ "Layerlab" }</h1>
            <span class="tagline">{ "a Docker build you can watch" }</span>
            <nav class="area-tabs" role="tablist" aria-label="Areas">
                { tab(Area::Workspace, "Edit", "area-workspace") }
                { tab(Area::Build, "Build", "area-build") }
                { tab(Area::Inspect, "Image & run", "area-inspect") }
            </nav>
            <button class="share" data-testid="share" onclick={props.on_share.reform(|_: MouseEvent| ())}
                title="A link to exactly this work, and an embed code">{ "Share" }</button>
            <button class="theme" data-testid="theme" onclick={on_theme} title="Switch colour theme">{ label }</button>
        </header>
    }
}
