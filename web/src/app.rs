//! [`App`]: the root component. It owns the single reducer state, runs the hooks (animation frames,
//! saving) and lays out the three areas: workspace (editor, controls, context), build (stack,
//! scrubber, step details, log) and inspect (image, run and terminal tabs). The workspace starts with
//! the lessons panel and, in lesson mode, the open lesson.

use std::rc::Rc;

use layerlab_core::instruction::Command;
use yew::prelude::*;

use crate::components::build_log::BuildLog;
use crate::components::context_panel::ContextPanel;
use crate::components::controls::Controls;
use crate::components::editor::Editor;
use crate::components::embed_bar::EmbedBar;
use crate::components::image_view::ImageView;
use crate::components::layer_stack::LayerStack;
use crate::components::lesson_card::LessonCard;
use crate::components::lessons_panel::LessonsPanel;
use crate::components::notice::Notice;
use crate::components::run_panel::RunPanel;
use crate::components::scrubber::Scrubber;
use crate::components::share_panel::SharePanel;
use crate::components::step_inspector::StepInspector;
use crate::components::terminal::Terminal;
use crate::components::top_bar::TopBar;
use crate::embed::EmbedView;
use crate::hooks::{use_autoplay, use_host_bridge, use_persist, use_progress, use_share_links};
use crate::platform;
use crate::state::{Action, AppState, Area, NoticeAction, Recall, Speed, Startup, Tab, Theme};

/// A callback that turns a domain value into an action and dispatches it.
fn on<T: 'static>(dispatcher: &UseReducerDispatcher<AppState>, make: impl Fn(T) -> Action + 'static) -> Callback<T> {
    dispatcher.to_callback().reform(make)
}

/// Every callback the components get, made once: the dispatcher never changes, and stable callbacks
/// let Yew skip re-rendering components whose other props did not change while a build streams in.
struct Handlers {
    edit_source: Callback<String>,
    add_file: Callback<String>,
    edit_file: Callback<(String, String)>,
    delete_file: Callback<String>,
    open_file: Callback<Option<String>>,
    build: Callback<()>,
    step: Callback<()>,
    toggle_play: Callback<()>,
    speed: Callback<Speed>,
    no_cache: Callback<bool>,
    network: Callback<bool>,
    classic: Callback<bool>,
    crash_at: Callback<Option<usize>>,
    target: Callback<String>,
    build_args: Callback<String>,
    seek: Callback<usize>,
    select_row: Callback<usize>,
    run_args: Callback<String>,
    run: Callback<()>,
    terminal_draft: Callback<String>,
    terminal_recall: Callback<Recall>,
    terminal_submit: Callback<()>,
    theme: Callback<Theme>,
    area: Callback<Area>,
    dismiss: Callback<()>,
    open_lesson: Callback<String>,
    leave_lesson: Callback<()>,
    hint: Callback<()>,
    solution: Callback<()>,
    check_goal: Callback<()>,
    point: Callback<Option<usize>>,
    share: Callback<()>,
    close_share: Callback<()>,
    notice_action: Callback<NoticeAction>,
}

impl Handlers {
    fn new(d: &UseReducerDispatcher<AppState>) -> Handlers {
        let unit = |action: Action| on(d, move |_: ()| action.clone());
        Handlers {
            edit_source: on(d, Action::EditSource),
            add_file: on(d, Action::AddFile),
            edit_file: on(d, |(name, text)| Action::EditFile { name, text }),
            delete_file: on(d, Action::DeleteFile),
            open_file: on(d, Action::OpenFile),
            build: unit(Action::Build),
            step: unit(Action::Step),
            toggle_play: unit(Action::TogglePlay),
            speed: on(d, Action::SetSpeed),
            no_cache: on(d, Action::SetNoCache),
            network: on(d, Action::SetNetwork),
            classic: on(d, Action::SetClassic),
            crash_at: on(d, Action::SetCrashAt),
            target: on(d, Action::SetTarget),
            build_args: on(d, Action::SetBuildArgs),
            seek: on(d, Action::Seek),
            select_row: on(d, Action::SelectRow),
            run_args: on(d, Action::SetRunArgs),
            run: unit(Action::Run),
            terminal_draft: on(d, Action::TerminalDraft),
            terminal_recall: on(d, Action::TerminalRecall),
            terminal_submit: unit(Action::TerminalSubmit),
            theme: on(d, Action::SetTheme),
            area: on(d, Action::SelectArea),
            dismiss: unit(Action::DismissNotice),
            open_lesson: on(d, Action::OpenLesson),
            leave_lesson: unit(Action::LeaveLesson),
            hint: unit(Action::RevealHint),
            solution: unit(Action::ShowSolution),
            check_goal: unit(Action::CheckGoal),
            point: on(d, Action::PointLine),
            share: unit(Action::Share),
            close_share: unit(Action::CloseShare),
            notice_action: on(d, Action::NoticeAction),
        }
    }
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

/// The reducer's initial state, from storage and the page address; carries out what start-up asks
/// (clearing an opened link from the address bar).
fn start() -> AppState {
    let page = platform::page();
    let (mut state, effects) = AppState::start(Startup {
        stored: platform::load_saved(),
        fragment: page.fragment,
        query: page.query,
        page_url: page.page_url,
        now: platform::now(),
    });
    if state.embed.is_none() {
        state.restore_progress(platform::load_progress().as_deref());
    }
    if effects.clear_fragment {
        platform::clear_fragment();
    }
    state
}

/// The root component: the full app, or the compact widget in embed mode.
#[component]
pub fn App() -> Html {
    let state = use_reducer(start);
    let dispatcher = state.dispatcher();
    use_autoplay(state.animating(), state.settings.speed, dispatcher.clone());
    let lesson_id = state.lesson.as_ref().map(|open| AttrValue::from(open.lesson.id.clone()));
    // An embedded widget never writes the learner's saved work or progress.
    let saving = state.embed.is_none();
    use_persist(
        saving,
        state.source.clone(),
        state.files.clone(),
        state.settings.clone(),
        state.sandbox.clone(),
        lesson_id.clone(),
    );
    use_progress(saving, state.progress.clone());
    use_host_bridge(state.embed.clone(), state.outbox.clone(), dispatcher.clone());
    use_share_links(saving, state.put_aside.clone(), dispatcher.clone());
    {
        let autoplay = state.embed.as_ref().is_some_and(|e| e.autoplay);
        let dispatcher = dispatcher.clone();
        use_effect_with((), move |_| {
            platform::mark_first_render();
            if autoplay {
                dispatcher.dispatch(Action::Build);
            }
        });
    }

    let h = use_memo((), {
        let dispatcher = dispatcher.clone();
        move |_| Handlers::new(&dispatcher)
    });
    let stages = use_memo(state.parse.clone(), |_| stage_names(&state));

    let cursor = state.cursor;
    let current = state.timeline.as_ref().and_then(|t| t.current_row(cursor).map(|i| (t.clone(), i)));
    let current_lines = current.as_ref().filter(|_| state.live || state.playing).map(|(t, i)| t.rows[*i].lines);
    let inspected = state.selected.or(current.as_ref().map(|(_, i)| *i));
    let inspected_row = state.timeline.as_ref().and_then(|t| inspected.and_then(|i| t.rows.get(i).cloned()));
    let selected_lines =
        state.timeline.as_ref().and_then(|t| state.selected.and_then(|i| t.rows.get(i)).map(|r| r.lines));
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

    let notice = html! {
        <Notice text={state.notice.clone()} action={state.notice_action.map(NoticeAction::label)}
            on_action={state.notice_action.map(|a| h.notice_action.reform(move |_| a)).unwrap_or_default()}
            on_dismiss={h.dismiss.clone()} />
    };
    let editor = html! {
        <Editor source={state.source.clone()} parse={state.parse.clone()} lints={state.lints.clone()}
            current={current_lines} selected={selected_lines} doc_line={state.doc_line}
            read_only={state.embed.as_ref().is_some_and(|e| e.read_only)}
            on_change={h.edit_source.clone()} on_point={h.point.clone()}
            on_open_lesson={h.open_lesson.clone()} />
    };
    let lesson_card = state.lesson.as_ref().map(|open| {
        html! {
            <LessonCard lesson={open.lesson.clone()} hints_shown={open.hints_shown} report={open.report.clone()}
                solved={state.is_solved(&open.lesson.id)} on_hint={h.hint.clone()} on_solution={h.solution.clone()}
                on_check={h.check_goal.clone()} on_leave={h.leave_lesson.clone()}
                can_leave={state.embed.is_none()} />
        }
    });
    let layers = html! {
        if let Some(timeline) = &state.timeline {
            <LayerStack timeline={timeline.clone()} {cursor} selected={state.selected}
                on_select={h.select_row.clone()} />
        } else {
            <section class="card stack-card empty">
                <div class="card-head"><h2>{ "Layers" }</h2></div>
                <p class="muted">{ "Press Build (or Step) to watch docker build -t myapp . happen one event at a time." }</p>
            </section>
        }
    };
    let build_log =
        html! { <BuildLog timeline={state.timeline.clone()} {cursor} classic={state.classic_log.clone()} /> };
    let image_view = html! { <ImageView image={state.image.clone()} /> };
    let run_panel = html! {
        <RunPanel image={state.image.clone()} args={state.run_args.clone()} output={state.run_output.clone()}
            on_args={h.run_args.clone()} on_run={h.run.clone()} />
    };
    let terminal = html! {
        <Terminal terminal={state.terminal.clone()} on_draft={h.terminal_draft.clone()}
            on_recall={h.terminal_recall.clone()} on_submit={h.terminal_submit.clone()} />
    };

    if let Some(options) = &state.embed {
        let open_full = {
            let link = state.clone();
            Callback::from(move |_| platform::open_tab(&link.share_link()))
        };
        let view = match options.view {
            EmbedView::Build => html! { <>{ layers }{ build_log }</> },
            EmbedView::Run => run_panel,
            EmbedView::History => image_view,
            EmbedView::Terminal => terminal,
        };
        return html! {
            <div class="app embed" data-testid="embed-root" data-view={options.view.name()}
                data-theme={state.settings.theme.name()}>
                <EmbedBar playing={state.playing} on_build={h.build.clone()} on_step={h.step.clone()} on_open_full={open_full} />
                { notice }
                { for lesson_card }
                { editor }
                { view }
            </div>
        };
    }

    html! {
        <div class="app" data-theme={state.settings.theme.name()}>
            <TopBar theme={state.settings.theme} area={state.area}
                on_theme={h.theme.clone()} on_area={h.area.clone()} on_share={h.share.clone()} />
            { notice }
            if let Some(links) = &state.share {
                <SharePanel links={links.clone()} on_close={h.close_share.clone()} />
            }
            <main class="areas">
                <section class={area_class(Area::Workspace, "area-workspace")} aria-label="Workspace">
                    <LessonsPanel lessons={state.lessons.clone()} progress={state.progress.clone()} open={lesson_id}
                        on_open={h.open_lesson.clone()} />
                    { for lesson_card }
                    { editor }
                    <Controls settings={state.settings.clone()} crash_at={state.crash_at}
                        max_steps={state.parse.dockerfile.instructions.len()} stages={(*stages).clone()}
                        playing={state.playing} on_build={h.build.clone()} on_step={h.step.clone()}
                        on_toggle_play={h.toggle_play.clone()} on_speed={h.speed.clone()}
                        on_no_cache={h.no_cache.clone()} on_network={h.network.clone()}
                        on_classic={h.classic.clone()}
                        on_crash_at={h.crash_at.clone()} on_target={h.target.clone()}
                        on_build_args={h.build_args.clone()} />
                    <ContextPanel files={state.files.clone()} open={state.open_file.clone()}
                        on_open={h.open_file.clone()} on_add={h.add_file.clone()}
                        on_edit={h.edit_file.clone()}
                        on_delete={h.delete_file.clone()} />
                </section>
                <section class={area_class(Area::Build, "area-build")} aria-label="Build">
                    { layers }
                    if let Some(timeline) = &state.timeline {
                        <Scrubber timeline={timeline.clone()} {cursor} live={state.live} on_seek={h.seek.clone()} />
                    }
                    <StepInspector row={inspected_row} {cursor} {from_terminal} />
                    { build_log }
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
                                    Tab::Image => image_view,
                                    Tab::Run => run_panel,
                                    Tab::Terminal => terminal,
                                }
                            }
                        </div>
                    </div>
                </section>
            </main>
        </div>
    }
}
