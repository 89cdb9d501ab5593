//! [`App`]: the root component. It owns the single reducer state, runs the hooks (animation frames,
//! saving) and lays out the three areas: workspace (editor, controls, context), build (stack,
//! scrubber, step details, log) and inspect (image, run and terminal tabs).

use std::rc::Rc;

use layerlab_core::instruction::Command;
use yew::prelude::*;

use crate::components::build_log::BuildLog;
use crate::components::context_panel::ContextPanel;
use crate::components::controls::Controls;
use crate::components::editor::Editor;
use crate::components::image_view::ImageView;
use crate::components::layer_stack::LayerStack;
use crate::components::notice::Notice;
use crate::components::run_panel::RunPanel;
use crate::components::scrubber::Scrubber;
use crate::components::step_inspector::StepInspector;
use crate::components::terminal::Terminal;
use crate::components::top_bar::TopBar;
use crate::hooks::{use_autoplay, use_persist};
use crate::platform;
use crate::state::{Action, AppState, Area, Tab};

/// A callback that turns a domain value into an action and dispatches it.
fn on<T: 'static>(dispatcher: &UseReducerDispatcher<AppState>, make: impl Fn(T) -> Action + 'static) -> Callback<T> {
    dispatcher.to_callback().reform(make)
}

fn stage_names(state: &AppState) -> Rc<[String]> {
    state
        .parse
        .dockerfile
        .instructions
        .iter()
        .filter_map(|i| match &i.command {
            Command::From(from) => from.alias.as_ref().map(|a| a.value.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// The root component.
#[component]
pub fn App() -> Html {
    let state = use_reducer(|| AppState::new(platform::load_saved().as_deref(), platform::now()));
    let dispatcher = state.dispatcher();
    use_autoplay(state.animating(), state.settings.speed, dispatcher.clone());
    use_persist(state.source.clone(), state.files.clone(), state.settings.clone());
    use_effect_with((), |_| platform::mark_first_render());

    let send = |make: fn(String) -> Action| on(&dispatcher, make);
    let unit = |action: Action| on(&dispatcher, move |_: ()| action.clone());

    let cursor = state.cursor;
    let current = state.timeline.as_ref().and_then(|t| t.current_row(cursor).map(|i| (t.clone(), i)));
    let current_lines = current.as_ref().filter(|_| state.live || state.playing).map(|(t, i)| t.rows[*i].lines);
    let inspected = state.selected.or(current.as_ref().map(|(_, i)| *i));
    let inspected_row = state.timeline.as_ref().and_then(|t| inspected.and_then(|i| t.rows.get(i).cloned()));
    let selected_lines = state.timeline.as_ref().and_then(|t| state.selected.and_then(|i| t.rows.get(i)).map(|r| r.lines));
    let from_terminal = state.timeline.as_ref().is_some_and(|t| t.from_terminal);

    let tab_button = |tab: Tab, label: &'static str, id: &'static str| {
        let selected = state.tab == tab;
        let onclick = on(&dispatcher, move |_: MouseEvent| Action::SelectTab(tab));
        html! {
            <button role="tab" id={format!("tab-{id}")} data-testid={format!("tab-{id}")} aria-controls={format!("panel-{id}")}
                aria-selected={selected.to_string()} class={classes!(selected.then_some("active"))} {onclick}>{ label }</button>
        }
    };
    let area_class = |area: Area, name: &'static str| classes!("area", name, (state.area == area).then_some("shown"));

    html! {
        <div class="app" data-theme={state.settings.theme.name()}>
            <TopBar theme={state.settings.theme} area={state.area}
                on_theme={on(&dispatcher, Action::SetTheme)} on_area={on(&dispatcher, Action::SelectArea)} />
            <Notice text={state.notice.clone()} on_dismiss={unit(Action::DismissNotice)} />
            <main class="areas">
                <section class={area_class(Area::Workspace, "area-workspace")} aria-label="Workspace">
                    <Editor source={state.source.clone()} parse={state.parse.clone()} current={current_lines}
                        selected={selected_lines} on_change={send(Action::EditSource)} />
                    <Controls settings={state.settings.clone()} crash_at={state.crash_at}
                        max_steps={state.parse.dockerfile.instructions.len()} stages={stage_names(&state)}
                        playing={state.playing} on_build={unit(Action::Build)} on_step={unit(Action::Step)}
                        on_toggle_play={unit(Action::TogglePlay)} on_speed={on(&dispatcher, Action::SetSpeed)}
                        on_no_cache={on(&dispatcher, Action::SetNoCache)} on_network={on(&dispatcher, Action::SetNetwork)}
                        on_classic={on(&dispatcher, Action::SetClassic)}
                        on_crash_at={on(&dispatcher, Action::SetCrashAt)} on_target={send(Action::SetTarget)}
                        on_build_args={send(Action::SetBuildArgs)} />
                    <ContextPanel files={state.files.clone()} open={state.open_file.clone()}
                        on_open={on(&dispatcher, Action::OpenFile)} on_add={send(Action::AddFile)}
                        on_edit={on(&dispatcher, |(name, text)| Action::EditFile { name, text })}
                        on_delete={send(Action::DeleteFile)} />
                </section>
                <section class={area_class(Area::Build, "area-build")} aria-label="Build">
                    if let Some(timeline) = &state.timeline {
                        <LayerStack timeline={timeline.clone()} {cursor} selected={state.selected}
                            on_select={on(&dispatcher, Action::SelectRow)} />
                        <Scrubber timeline={timeline.clone()} {cursor} live={state.live} on_seek={on(&dispatcher, Action::Seek)} />
                    } else {
                        <section class="card stack-card empty">
                            <div class="card-head"><h2>{ "Layers" }</h2></div>
                            <p class="muted">{ "Press Build (or Step) to watch docker build -t myapp . happen one event at a time." }</p>
                        </section>
                    }
                    <StepInspector row={inspected_row} {cursor} {from_terminal} />
                    <BuildLog timeline={state.timeline.clone()} {cursor} classic={state.classic_log.clone()} />
                </section>
                <section class={area_class(Area::Inspect, "area-inspect")} aria-label="Image, run and terminal">
                    <div class="card tabs-card">
                        <div class="tabs" role="tablist" aria-label="Image, run and terminal">
                            { tab_button(Tab::Image, "Image", "image") }
                            { tab_button(Tab::Run, "Run", "run") }
                            { tab_button(Tab::Terminal, "Terminal", "terminal") }
                        </div>
                        <div role="tabpanel" id={format!("panel-{}", match state.tab { Tab::Image => "image", Tab::Run => "run", Tab::Terminal => "terminal" })}
                            class="tab-panel">
                            {
                                match state.tab {
                                    Tab::Image => html! { <ImageView image={state.image.clone()} /> },
                                    Tab::Run => html! {
                                        <RunPanel image={state.image.clone()} args={state.run_args.clone()} output={state.run_output.clone()}
                                            on_args={send(Action::SetRunArgs)} on_run={unit(Action::Run)} />
                                    },
                                    Tab::Terminal => html! {
                                        <Terminal terminal={state.terminal.clone()} on_draft={send(Action::TerminalDraft)}
                                            on_recall={on(&dispatcher, Action::TerminalRecall)} on_submit={unit(Action::TerminalSubmit)} />
                                    },
                                }
                            }
                        </div>
                    </div>
                </section>
            </main>
        </div>
    }
}
