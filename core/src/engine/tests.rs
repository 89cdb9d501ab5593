//! Engine laws: the same input gives the same events (determinism), a warm rebuild hits every step
//! (S-CACHE-1), a crash keeps the finished steps cached and the rebuild resumes at the crashed step
//! (S-CACHE-5), and misses explain themselves.

use proptest::prelude::*;

use super::*;
use crate::cache::MissReason;

fn input(dockerfile: &str) -> BuildInput {
    let mut context = BuildContext::default();
    context.insert_file("app.py", b"print('hi')\n");
    BuildInput {
        dockerfile: dockerfile.to_string(),
        context,
        options: BuildOptions { dockerfile_name: "Dockerfile".into(), network: true, ..BuildOptions::default() },
        now: Timestamp::from_secs(1_800_000_000),
    }
}

/// `(step name, cached)` for every numbered step.
fn steps(build: &Build) -> Vec<(String, Option<bool>)> {
    let mut out: Vec<(usize, String, Option<bool>)> = Vec::new();
    for e in build.events() {
        match e {
            BuildEvent::VertexStarted { vertex, .. } if matches!(vertex.kind, VertexKind::Step { .. }) => {
                out.push((vertex.id, vertex.name.clone(), None));
            }
            BuildEvent::Cache { vertex, miss, .. } => {
                if let Some(s) = out.iter_mut().find(|s| s.0 == *vertex) {
                    s.2 = Some(miss.is_none());
                }
            }
            _ => {}
        }
    }
    out.into_iter().map(|(_, n, c)| (n, c)).collect()
}

const APP: &str =
    "FROM ubuntu:22.04\nRUN apt-get update\nRUN echo one > /one\nCOPY app.py /app.py\nCMD [\"cat\", \"/app.py\"]\n";

#[test]
fn warm_rebuild_hits_every_step_and_keeps_the_image_id() {
    let first = Build::run_to_end(input(APP), BuildWorld::default());
    let id = first.image().expect("the build succeeds").id;
    let second = Build::run_to_end(input(APP), first.into_world());
    assert_eq!(second.image().map(|i| i.id), Some(id), "S-CACHE-8: a fully cached build has the same ID");
    let cached: Vec<Option<bool>> = steps(&second).into_iter().skip(1).map(|s| s.1).collect();
    assert_eq!(cached, [Some(true), Some(true), Some(true)]);
}

#[test]
fn crash_keeps_finished_steps_and_resume_reruns_the_crashed_one() {
    let mut crash = input(APP);
    crash.options.crash_at = Some(3);
    let crashed = Build::run_to_end(crash, BuildWorld::default());
    assert!(matches!(crashed.outcome(), Some(BuildOutcome::Crashed { step }) if step.contains("[3/4] RUN echo one")));
    assert!(crashed.image().is_none());
    let resumed = Build::run_to_end(input(APP), crashed.into_world());
    let cached: Vec<Option<bool>> = steps(&resumed).into_iter().skip(1).map(|s| s.1).collect();
    assert_eq!(cached, [Some(true), Some(false), Some(false)]);
    assert!(resumed.image().is_some());
}

#[test]
fn a_changed_command_explains_the_miss_and_breaks_the_chain() {
    let first = Build::run_to_end(input(APP), BuildWorld::default());
    let changed = APP.replace("echo one", "echo two");
    let second = Build::run_to_end(input(&changed), first.into_world());
    let misses: Vec<MissReason> = second
        .events()
        .iter()
        .filter_map(|e| match e {
            BuildEvent::Cache { miss: Some(reason), .. } => Some(reason.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        misses,
        [
            MissReason::InputChanged {
                input: "command".into(),
                before: "/bin/sh -c echo one > /one".into(),
                after: "/bin/sh -c echo two > /one".into()
            },
            MissReason::ParentChanged,
        ]
    );
}

// S-HIST-6: BuildKit's exporter dates metadata rows from the layer rows of the build, so the ARG and
// ENV rows before a slow first RUN carry that RUN's time, not the time the build started, and a row
// after a layer carries that layer's time.
#[test]
fn leading_metadata_rows_take_the_time_of_the_first_layer() {
    let text = "FROM ubuntu:22.04\nARG A=1\nENV B=2\nRUN apt-get update\nLABEL c=3\nRUN echo one > /one\n";
    let build = Build::run_to_end(input(text), BuildWorld::default());
    let history = &build.image().expect("the build succeeds").history;
    let n = history.len();
    let (arg, env, update, label, echo) =
        (&history[n - 5], &history[n - 4], &history[n - 3], &history[n - 2], &history[n - 1]);
    assert!(update.created > build.input().now, "the update takes time");
    assert_eq!((arg.created, env.created), (update.created, update.created));
    assert_eq!(label.created, update.created);
    assert!(echo.created >= update.created);
}

// S-EP-1: BuildKit stores an empty CMD or ENTRYPOINT array as no value (Go's `omitempty`); the
// classic builder commits the empty array, and only its non-empty CMD survives a later ENTRYPOINT.
#[test]
fn empty_cmd_is_omitted_by_buildkit_and_kept_by_the_classic_builder() {
    let text = "FROM ubuntu:22.04\nCMD []\n";
    let buildkit = Build::run_to_end(input(text), BuildWorld::default());
    assert_eq!(buildkit.image().expect("the build succeeds").config.cmd, None);
    let mut classic = input(text);
    classic.options.builder = Builder::Classic;
    let classic = Build::run_to_end(classic, BuildWorld::default());
    assert_eq!(classic.image().expect("the build succeeds").config.cmd, Some(Vec::new()));
}

#[test]
fn no_cache_misses_everything() {
    let first = Build::run_to_end(input(APP), BuildWorld::default());
    let mut again = input(APP);
    again.options.no_cache = true;
    let second = Build::run_to_end(again, first.into_world());
    assert!(steps(&second).iter().skip(1).all(|s| s.1 == Some(false)));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Determinism: two runs of the same input give identical event logs, and a warm rebuild only hits.
    #[test]
    fn builds_are_deterministic(lines in proptest::collection::vec(prop_oneof![
        Just("RUN echo a > /a".to_string()),
        Just("RUN mkdir -p /x && touch /x/y".to_string()),
        Just("ENV A=1".to_string()),
        Just("WORKDIR /srv".to_string()),
        Just("COPY app.py .".to_string()),
        Just("LABEL k=v".to_string()),
        Just("RUN rm -rf /x".to_string()),
        "[a-z]{1,6}".prop_map(|w| format!("RUN echo {w}")),
    ], 0..6)) {
        let text = format!("FROM alpine:3.20\n{}\n", lines.join("\n"));
        let a = Build::run_to_end(input(&text), BuildWorld::default());
        let b = Build::run_to_end(input(&text), BuildWorld::default());
        prop_assert_eq!(a.events(), b.events());
        let warm = Build::run_to_end(input(&text), a.into_world());
        prop_assert!(steps(&warm).iter().skip(1).all(|s| s.1 == Some(true)));
    }
}
