//! Reducer tests of lesson mode: opening a lesson puts the learner's work aside and leaving brings it
//! back, hints come one at a time, the solution passes the goal, and progress survives a restart.

use std::rc::Rc;

use layerlab_core::format::Timestamp;
use yew::Reducible;

use crate::state::{Action, AppState, progress_to_json};

fn fresh() -> Rc<AppState> {
    Rc::new(AppState::new(None, Timestamp(1_732_000_000_000)))
}

fn send(state: Rc<AppState>, action: Action) -> Rc<AppState> {
    state.reduce(action)
}

fn open(id: &str) -> Rc<AppState> {
    send(fresh(), Action::OpenLesson(id.to_string()))
}

fn report(state: &AppState) -> Vec<bool> {
    let open = state.lesson.as_ref().expect("a lesson is open");
    open.report.as_ref().expect("a report").results.iter().map(|(_, failure)| failure.is_none()).collect()
}

#[test]
fn the_course_has_fifteen_lessons_and_eight_examples() {
    let state = fresh();
    let lessons: Vec<&str> = state.lessons.iter().filter(|l| l.kind == "lesson").map(|l| l.id.as_str()).collect();
    assert_eq!(lessons.len(), 15);
    assert_eq!(lessons[0], "what-is-an-image");
    assert_eq!(state.lessons.iter().filter(|l| l.kind == "example").count(), 8);
}

#[test]
fn opening_a_lesson_loads_its_files_and_keeps_the_sandbox() {
    let state = send(fresh(), Action::EditSource("FROM alpine:3.20\nRUN echo mine\n".to_string()));
    let state = send(state, Action::OpenLesson("cmd-vs-entrypoint".to_string()));
    assert_eq!(&*state.source, "FROM ubuntu:22.04\nCMD [\"sleep\", \"5\"]\n");
    assert!(state.files.is_empty());
    assert_eq!(state.sandbox.as_ref().unwrap().dockerfile, "FROM alpine:3.20\nRUN echo mine\n");
    // A second lesson keeps the same sandbox, not the first lesson's files.
    let state = send(state, Action::OpenLesson("what-is-an-image".to_string()));
    assert_eq!(state.sandbox.as_ref().unwrap().dockerfile, "FROM alpine:3.20\nRUN echo mine\n");
    let state = send(state, Action::LeaveLesson);
    assert!(state.lesson.is_none() && state.sandbox.is_none());
    assert_eq!(&*state.source, "FROM alpine:3.20\nRUN echo mine\n");
    let names: Vec<&str> = state.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, [".dockerignore", "app.py", "requirements.txt"]);
}

#[test]
fn an_unknown_lesson_is_a_notice() {
    let state = open("no-such-lesson");
    assert!(state.lesson.is_none());
    assert!(state.notice.is_some());
}

#[test]
fn hints_are_revealed_one_at_a_time() {
    let state = open("what-is-an-image");
    assert_eq!(state.lesson.as_ref().unwrap().hints_shown, 0);
    let state = send(state, Action::RevealHint);
    assert_eq!(state.lesson.as_ref().unwrap().hints_shown, 1);
    let state = send(state, Action::RevealHint);
    let before = state.clone();
    let state = send(state, Action::RevealHint);
    assert_eq!(state.lesson.as_ref().unwrap().hints_shown, 2);
    assert!(Rc::ptr_eq(&before, &state), "no more hints is a no-op");
}

#[test]
fn checking_the_starting_files_fails_and_records_nothing() {
    let state = send(open("what-is-an-image"), Action::CheckGoal);
    assert_eq!(report(&state), [true, false]);
    assert!(!state.is_solved("what-is-an-image"));
}

#[test]
fn the_solution_passes_and_marks_the_lesson_solved() {
    let state = send(open("cmd-vs-entrypoint"), Action::ShowSolution);
    assert_eq!(&*state.source, "FROM ubuntu:22.04\nENTRYPOINT [\"sleep\"]\nCMD [\"5\"]\n");
    let state = send(state, Action::CheckGoal);
    assert!(report(&state).iter().all(|&passed| passed), "{:?}", state.lesson.as_ref().unwrap().report);
    assert!(state.is_solved("cmd-vs-entrypoint"));
}

#[test]
fn typing_the_solution_solves_the_lesson() {
    let state = open("what-is-an-image");
    let state = send(
        state,
        Action::EditSource("FROM ubuntu:22.04\nCMD [\"echo\", \"Hello from my first image\"]\n".to_string()),
    );
    let state = send(state, Action::CheckGoal);
    assert_eq!(report(&state), [true, true]);
    assert!(state.is_solved("what-is-an-image"));
}

#[test]
fn progress_and_the_open_lesson_survive_a_restart() {
    let state = send(send(open("cmd-vs-entrypoint"), Action::ShowSolution), Action::CheckGoal);
    let work = state.saved().to_json();
    let progress = progress_to_json(&state.progress);
    assert_eq!(progress, r#"["cmd-vs-entrypoint"]"#);
    let mut restarted = AppState::new(Some(&work), Timestamp(0));
    restarted.restore_progress(Some(&progress));
    assert!(restarted.is_solved("cmd-vs-entrypoint"));
    assert_eq!(restarted.lesson.as_ref().map(|o| o.lesson.id.as_str()), Some("cmd-vs-entrypoint"));
    assert!(restarted.source.contains("ENTRYPOINT"));
    assert!(restarted.sandbox.as_ref().unwrap().dockerfile.starts_with("FROM python:3.12-slim"));
}

#[test]
fn unreadable_progress_is_no_progress() {
    let mut state = AppState::new(None, Timestamp(0));
    state.restore_progress(Some("{not json"));
    assert!(state.progress.is_empty());
}

#[test]
fn lint_hints_follow_the_text() {
    let state = send(fresh(), Action::EditSource("FROM ubuntu\nCMD echo hi\n".to_string()));
    let codes: Vec<&str> = state.lints.iter().map(|d| d.code.as_ref()).collect();
    assert!(codes.contains(&"DL3006"), "{codes:?}");
    let state = send(state, Action::EditSource("FROM ubuntu:22.04\nCMD [\"echo\", \"hi\"]\n".to_string()));
    assert!(!state.lints.iter().any(|d| d.code == "DL3006"));
}

#[test]
fn pointing_at_a_line_is_a_no_op_when_it_does_not_move() {
    let state = send(fresh(), Action::PointLine(Some(2)));
    assert_eq!(state.doc_line, Some(2));
    let same = send(state.clone(), Action::PointLine(Some(2)));
    assert!(Rc::ptr_eq(&state, &same));
}
