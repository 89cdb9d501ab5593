//! Tests of the timeline fold: planned rows, statuses at a cursor, and the log in step with events.

use layerlab_core::engine::{Build, BuildInput, BuildOptions, BuildWorld};
use layerlab_core::format::Timestamp;

use super::*;

fn run(text: &str, crash_at: Option<usize>) -> Timeline {
    let mut context = layerlab_core::context::BuildContext::default();
    context.insert_file("Dockerfile", text.as_bytes());
    let options =
        BuildOptions { dockerfile_name: "Dockerfile".into(), network: true, crash_at, ..BuildOptions::default() };
    let input = BuildInput { dockerfile: text.to_string(), context, options, now: Timestamp(0) };
    let build = Build::run_to_end(input, BuildWorld::default());
    let mut timeline = Timeline::new(text, &[], None, false);
    for event in build.events() {
        timeline.push(event.clone(), None);
    }
    timeline
}

#[test]
fn planned_rows_number_steps_like_buildkit() {
    let rows = planned_rows("FROM alpine:3.20\nENV A=1\nRUN echo a\nARG X\nCMD [\"sh\"]\n", &[], None);
    let titles: Vec<(RowKind, usize, &str)> = rows.iter().map(|r| (r.kind, r.step, r.title.as_str())).collect();
    assert_eq!(
        titles,
        [
            (RowKind::Step, 1, "[1/2] FROM alpine:3.20"),
            (RowKind::Config, 0, "ENV A=1"),
            (RowKind::Step, 2, "[2/2] RUN echo a"),
            (RowKind::Config, 0, "CMD [\"sh\"]"),
        ]
    );
    assert!(rows.iter().all(|r| r.status(0) == Status::Pending));
}

#[test]
fn statuses_follow_the_cursor() {
    let timeline = run("FROM alpine:3.20\nRUN echo a\nRUN echo b\n", None);
    let end = timeline.events.len();
    let steps: Vec<Status> = timeline.rows.iter().map(|r| r.status(end)).collect();
    assert_eq!(steps, [Status::Miss, Status::Miss, Status::Miss]);
    assert!(timeline.rows.iter().all(|r| r.status(0) == Status::Pending));
    assert!(timeline.log.items().windows(2).all(|w| w[0].event <= w[1].event && w[1].event < end));
    let started = timeline.rows[1].started.unwrap();
    assert_eq!(timeline.rows[1].status(started + 1), Status::Running);
    assert!(timeline.rows[1].vertex.is_some());
}

#[test]
fn a_crash_marks_the_step_lost_and_later_steps_pending() {
    let timeline = run("FROM alpine:3.20\nRUN echo a\nRUN echo b\nRUN echo c\n", Some(3));
    let end = timeline.events.len();
    let marks: Vec<&str> = timeline.rows.iter().map(|r| r.status(end).cache_attr()).collect();
    assert_eq!(marks, ["miss", "miss", "failed", "pending"]);
    assert_eq!(timeline.rows[2].status(end), Status::Canceled);
    assert_eq!(timeline.resumable().len(), 1, "the one RUN that finished can be resumed");
}

#[test]
fn descriptions_are_short() {
    let timeline = run("FROM alpine:3.20\nRUN echo a\n", None);
    let last = describe(timeline.events.items().last().unwrap());
    assert_eq!(last, "build finished");
}
