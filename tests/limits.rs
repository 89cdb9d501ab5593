//! Limits (issue 9): pathological input ends with a clear outcome and bounded memory, never a hang or
//! a panic. Timings are not asserted here; `make bench` measures them.

use layerlab_core::context::BuildContext;
use layerlab_core::engine::{Build, BuildError, BuildInput, BuildOptions, BuildOutcome, BuildWorld};
use layerlab_core::format::Timestamp;

fn build(dockerfile: String) -> Build {
    let input = BuildInput {
        dockerfile,
        context: BuildContext::default(),
        options: BuildOptions { dockerfile_name: "Dockerfile".into(), network: true, ..BuildOptions::default() },
        now: Timestamp::from_secs(1_800_000_000),
    };
    Build::run_to_end(input, BuildWorld::default())
}

fn outcome(build: &Build) -> &BuildOutcome {
    build.outcome().expect("every build ends with an outcome")
}

#[test]
fn a_one_megabyte_dockerfile_parses() {
    let mut text = String::from("FROM alpine:3.20\n");
    while text.len() < 1 << 20 {
        text.push_str("LABEL some.label=\"a value that takes a little room\"\n");
    }
    let parse = layerlab_core::parse(&text);
    assert!(parse.diagnostics.iter().all(|d| !d.is_error()));
    assert!(parse.dockerfile.instructions.len() > 15_000);
}

#[test]
fn a_ten_thousand_line_continuation_is_one_instruction() {
    let mut text = String::from("FROM alpine:3.20\nRUN echo start \\\n");
    for i in 0..10_000 {
        text.push_str(&format!("  && echo {i} \\\n"));
    }
    text.push_str("  && echo end\n");
    let parse = layerlab_core::parse(&text);
    assert_eq!(parse.dockerfile.instructions.len(), 2);
    assert_eq!(parse.dockerfile.instructions[1].end_line, 10_003);
}

#[test]
fn exponential_env_expansion_is_stopped() {
    let mut text = String::from("FROM alpine:3.20\nENV A=xxxxxxxxxxxxxxxx\n");
    for _ in 0..40 {
        text.push_str("ENV A=$A$A\n");
    }
    let b = build(text);
    assert!(
        matches!(outcome(&b), BuildOutcome::Failed { error: BuildError::Definition { message, .. } } if message.contains("grew past 1 MiB"))
    );
}

#[test]
fn endless_loops_and_runaway_strings_in_run_are_canceled() {
    for script in ["while true; do :; done", "A=x; while true; do A=$A$A; done", "yes > /dev/null"] {
        let b = build(format!("FROM alpine:3.20\nRUN {script}\n"));
        assert!(
            matches!(outcome(&b), BuildOutcome::Failed { error: BuildError::Canceled }),
            "{script}: {:?}",
            b.outcome()
        );
    }
}

#[test]
fn deeply_nested_heredocs_end() {
    let depth = 300;
    let mut body = String::from("echo deepest\n");
    for i in (0..depth).rev() {
        body = format!("sh <<EOF{i}\n{body}EOF{i}\n");
    }
    let b = build(format!("FROM alpine:3.20\nRUN <<OUTER\n{body}OUTER\n"));
    assert!(b.outcome().is_some());
}

#[test]
fn ten_thousand_steps_build() {
    let mut text = String::from("FROM alpine:3.20\n");
    for i in 0..10_000 {
        text.push_str(&format!("RUN true # step {i}\n"));
    }
    let b = build(text);
    assert!(matches!(outcome(&b), BuildOutcome::Succeeded { .. }));
    assert_eq!(b.image().map(|i| i.history.len()), Some(10_002));
}

#[test]
fn a_hundred_megabyte_file_is_simulated_not_stored() {
    let b = build("FROM alpine:3.20\nRUN dd if=/dev/zero of=/big bs=1M count=100\n".to_string());
    let image = b.image().expect("the build succeeds");
    let top = image.layers.last().expect("the RUN adds a layer");
    assert_eq!(top.size(), 100 * 1024 * 1024);
}
