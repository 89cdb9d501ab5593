//! Reducer tests: plain native tests of `AppState::reduce`, driving whole builds through the
//! simulated host the way the buttons, the frame loop and the terminal do.

use std::rc::Rc;

use layerlab_core::format::Timestamp;
use yew::Reducible;

use super::*;
use crate::timeline::{RowKind, Status};

const SMALL: &str = "FROM alpine:3.20\nRUN echo one\nRUN echo two\nRUN echo three\nCMD [\"echo\", \"hi\"]\n";

fn fresh() -> Rc<AppState> {
    Rc::new(AppState::new(None, Timestamp(1_732_000_000_000)))
}

fn send(state: Rc<AppState>, action: Action) -> Rc<AppState> {
    state.reduce(action)
}

/// Presses Build and lets the frame loop run until the build is over.
fn build(mut state: Rc<AppState>) -> Rc<AppState> {
    state = send(state, Action::Build);
    for _ in 0..10_000 {
        if !state.animating() {
            break;
        }
        state = send(state, Action::Tick(MAX_EVENTS_PER_TICK));
    }
    assert!(!state.live, "the build ended");
    state
}

fn marks(state: &AppState) -> Vec<(usize, &'static str)> {
    let timeline = state.timeline.as_ref().expect("a build was shown");
    timeline
        .rows
        .iter()
        .filter(|r| r.kind == RowKind::Step)
        .map(|r| (r.step, r.status(state.cursor).cache_attr()))
        .collect()
}

fn terminal(mut state: Rc<AppState>, line: &str) -> Rc<AppState> {
    state = send(state, Action::TerminalDraft(line.to_string()));
    send(state, Action::TerminalSubmit)
}

fn terminal_text(state: &AppState) -> String {
    state.terminal.lines.iter().map(|l| format!("{}\n", l.text)).collect()
}

#[test]
fn starts_with_the_flask_example() {
    let state = fresh();
    assert!(state.source.starts_with("FROM python:3.12-slim\nWORKDIR /app\n"));
    let names: Vec<&str> = state.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, [".dockerignore", "app.py", "requirements.txt"]);
    assert!(state.notice.is_none());
    assert!(state.timeline.is_none());
}

#[test]
fn the_flask_example_builds_and_rebuilds_from_the_cache() {
    let state = build(fresh());
    let timeline = state.timeline.clone().expect("timeline");
    assert!(matches!(timeline.outcome, Some((_, BuildOutcome::Succeeded { .. }))), "log:\n{}", log(&state));
    assert_eq!(marks(&state), [(1, "miss"), (2, "miss"), (3, "miss"), (4, "miss"), (5, "miss")]);
    let image = state.image.clone().expect("an image");
    assert!(image.history.starts_with("IMAGE "), "{}", image.history);
    assert!(image.history.contains("CMD [\"flask\" \"run\" \"--host=0.0.0.0\"]"), "{}", image.history);
    let state = build(state);
    assert_eq!(marks(&state), [(1, "hit"), (2, "hit"), (3, "hit"), (4, "hit"), (5, "hit")]);
    let configs = state.timeline.as_ref().unwrap().rows.iter().filter(|r| r.kind == RowKind::Config).count();
    assert_eq!(configs, 3, "ENV, EXPOSE and CMD show as config rows");
}

fn log(state: &AppState) -> String {
    state.timeline.as_ref().map(|t| t.log.items().iter().map(|l| format!("{}\n", l.text)).collect()).unwrap_or_default()
}

#[test]
fn editing_requirements_explains_the_miss() {
    let state = build(fresh());
    let state = send(state, Action::EditFile { name: "requirements.txt".into(), text: "flask\nrequests\n".into() });
    let state = build(state);
    assert_eq!(marks(&state), [(1, "hit"), (2, "hit"), (3, "miss"), (4, "miss"), (5, "miss")]);
    let row = state.timeline.as_ref().unwrap().rows.iter().find(|r| r.step == 3).unwrap().clone();
    let reason = row.cache.and_then(|c| c.1).expect("a miss reason");
    assert!(reason.explain().contains("changed"), "{}", reason.explain());
}

#[test]
fn a_crash_keeps_finished_steps_and_the_next_build_resumes() {
    let state = send(fresh(), Action::EditSource(SMALL.to_string()));
    let state = send(state, Action::SetCrashAt(Some(3)));
    let state = build(state);
    assert_eq!(state.crash_at, None, "the crash is one-shot");
    assert!(matches!(state.timeline.as_ref().unwrap().outcome, Some((_, BuildOutcome::Crashed { .. }))));
    assert_eq!(marks(&state), [(1, "miss"), (2, "miss"), (3, "failed"), (4, "pending")]);
    assert!(state.image.is_none());
    let state = build(state);
    assert_eq!(marks(&state), [(1, "hit"), (2, "hit"), (3, "miss"), (4, "miss")]);
    let rows = &state.timeline.as_ref().unwrap().rows;
    assert!(rows.iter().find(|r| r.step == 2).unwrap().resumed, "step 2 was resumed from the crashed build's cache");
    assert!(state.image.is_some());
}

#[test]
fn step_stops_at_step_boundaries_and_the_scrubber_goes_back() {
    let state = send(fresh(), Action::EditSource(SMALL.to_string()));
    let mut state = send(state, Action::Step);
    assert!(state.live && !state.playing);
    let first = state.cursor;
    let timeline = state.timeline.clone().unwrap();
    assert!(timeline.is_step_boundary(&timeline.events.items()[first - 1]));
    assert_eq!(timeline.rows[0].status(first), Status::Miss, "FROM pulled");
    for _ in 0..3 {
        state = send(state, Action::Step);
    }
    assert_eq!(marks(&state), [(1, "miss"), (2, "miss"), (3, "miss"), (4, "miss")]);
    let end = state.cursor;
    let state = send(state, Action::Seek(first));
    assert_eq!(marks(&state), [(1, "miss"), (2, "pending"), (3, "pending"), (4, "pending")]);
    // Step from the past replays recorded events before stepping the live build.
    let state = send(state, Action::Step);
    assert!(state.cursor < end);
    assert_eq!(marks(&state)[1], (2, "miss"));
}

#[test]
fn config_is_sampled_per_step() {
    let state = build(fresh());
    let rows = &state.timeline.as_ref().unwrap().rows;
    let workdir = rows.iter().find(|r| r.title.contains("WORKDIR")).unwrap();
    assert_eq!(workdir.config.as_ref().unwrap().working_dir, "/app");
    let env = rows.iter().find(|r| r.title.starts_with("ENV")).unwrap();
    assert!(env.config.as_ref().unwrap().env.iter().any(|e| e == "FLASK_APP=app.py"));
    assert_eq!(env.fields[0].field, "Env");
}

#[test]
fn the_terminal_builds_the_editor_files_and_its_build_is_shown() {
    let state = send(fresh(), Action::EditSource(SMALL.to_string()));
    let state = terminal(state, "cat Dockerfile");
    assert!(terminal_text(&state).contains("RUN echo two"), "{}", terminal_text(&state));
    let state = terminal(state, "docker build -t x .");
    let timeline = state.timeline.clone().expect("the terminal build is shown");
    assert!(timeline.from_terminal);
    assert_eq!(marks(&state), [(1, "miss"), (2, "miss"), (3, "miss"), (4, "miss")]);
    assert_eq!(state.image.as_ref().unwrap().name, "x:latest");
    let state = terminal(state, "docker run --rm x");
    assert!(terminal_text(&state).ends_with("hi\n"), "{}", terminal_text(&state));
    // The Build button reuses the cache the terminal filled.
    let state = build(state);
    assert_eq!(marks(&state), [(1, "hit"), (2, "hit"), (3, "hit"), (4, "hit")]);
}

#[test]
fn terminal_history_and_file_sync() {
    let state = terminal(fresh(), "echo hello > notes.txt");
    assert!(state.files.iter().any(|f| f.name == "notes.txt" && f.text == "hello\n"), "files: {:?}", state.files);
    let state = terminal(state, "ls");
    let state = send(state, Action::TerminalRecall(Recall::Older));
    assert_eq!(state.terminal.draft, "ls");
    let state = send(state, Action::TerminalRecall(Recall::Older));
    assert_eq!(state.terminal.draft, "echo hello > notes.txt");
    let state = send(state, Action::TerminalRecall(Recall::Newer));
    let state = send(state, Action::TerminalRecall(Recall::Newer));
    assert_eq!(state.terminal.draft, "");
    let state = terminal(state, "sim network off");
    assert!(!state.settings.network);
}

#[test]
fn the_run_panel_resolves_and_runs() {
    let state = send(fresh(), Action::Run);
    assert!(state.notice.is_some(), "no image yet");
    let state = send(send(state, Action::DismissNotice), Action::EditSource(SMALL.to_string()));
    let state = build(state);
    let state = send(state, Action::SetRunArgs("echo bye".into()));
    let state = send(state, Action::Run);
    let text: Vec<&str> = state.run_output.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(text, ["$ docker run --rm myapp:latest echo bye", "bye"]);
}

#[test]
fn files_are_added_edited_and_deleted() {
    let state = send(fresh(), Action::AddFile("src/main.py".into()));
    assert_eq!(state.open_file.as_deref(), Some("src/main.py"));
    let state = send(state, Action::AddFile("app.py".into()));
    assert!(state.notice.is_some(), "a taken name is refused");
    let state = send(state, Action::EditFile { name: "src/main.py".into(), text: "print(1)\n".into() });
    assert!(state.working_files().iter().any(|(n, d)| n == "src/main.py" && d == b"print(1)\n"));
    let state = send(state, Action::DeleteFile("src/main.py".into()));
    assert!(state.files.iter().all(|f| f.name != "src/main.py"));
    assert_eq!(state.open_file, None);
}

#[test]
fn no_op_actions_keep_the_same_state() {
    let state = fresh();
    let same = send(state.clone(), Action::EditSource(state.source.to_string()));
    assert!(Rc::ptr_eq(&state, &same));
    let same = send(state.clone(), Action::Tick(5));
    assert!(Rc::ptr_eq(&state, &same), "ticks without a build do nothing");
}

#[test]
fn saved_work_survives_and_corrupt_storage_is_ignored() {
    let state = send(fresh(), Action::EditSource(SMALL.to_string()));
    let state = send(state, Action::SetNoCache(true));
    let json = state.saved().to_json();
    let restored = AppState::new(Some(&json), Timestamp(0));
    assert_eq!(&*restored.source, SMALL);
    assert!(restored.settings.no_cache);
    assert!(restored.notice.is_none());
    let corrupt = AppState::new(Some("{not json"), Timestamp(0));
    assert!(corrupt.notice.is_some());
    assert_eq!(&*corrupt.source, SEED_DOCKERFILE);
}

#[test]
fn no_cache_build_args_and_target_reach_the_build() {
    let text = "FROM alpine:3.20 AS base\nARG GREETING=hi\nRUN echo $GREETING\nFROM base AS final\nRUN echo final\n";
    let state = send(fresh(), Action::EditSource(text.to_string()));
    let state = send(state, Action::SetTarget("base".into()));
    let state = send(state, Action::SetBuildArgs("GREETING=hello".into()));
    let state = build(state);
    assert!(log(&state).contains("hello"), "{}", log(&state));
    assert!(!log(&state).contains("echo final"), "the final stage is skipped");
    let state = send(state, Action::SetNoCache(true));
    let state = build(state);
    // The base stays local under --no-cache; every step after it is rebuilt.
    assert_eq!(marks(&state), [(1, "hit"), (2, "miss")]);
}

#[test]
fn the_classic_builder_numbers_every_instruction() {
    let state = send(fresh(), Action::EditSource(SMALL.to_string()));
    let state = build(send(state, Action::SetClassic(true)));
    assert_eq!(marks(&state), [(1, "miss"), (2, "miss"), (3, "miss"), (4, "miss"), (5, "miss")]);
    let classic = state.classic_log.clone().expect("classic output");
    assert!(classic.iter().any(|l| l.text == "Step 2/5 : RUN echo one"), "{classic:?}");
    let state = build(state);
    assert!(state.classic_log.as_ref().unwrap().iter().any(|l| l.text == " ---> Using cache"));
    assert_eq!(marks(&state), [(1, "hit"), (2, "hit"), (3, "hit"), (4, "hit"), (5, "hit")]);
}

#[test]
fn the_terminal_attaches_to_an_interactive_container_shell() {
    let state = terminal(fresh(), "docker run -it --rm alpine:3.20");
    assert_eq!(state.terminal.prompt, "/ #");
    let state = terminal(state, "cd /etc");
    let state = terminal(state, "pwd");
    let last: Vec<&str> = state.terminal.lines.iter().rev().take(2).map(|l| l.text.as_str()).collect();
    assert_eq!(last, ["/etc", "/etc # pwd"]);
    let state = terminal(state, "exit");
    assert_eq!(state.terminal.prompt, "$");
    let state = terminal(state, "docker ps -aq");
    assert_eq!(state.terminal.lines.last().map(|l| l.text.as_str()), Some("$ docker ps -aq"));
}
