//! Deep nesting and recursion end with an error or `Hung`, never a stack overflow or a panic.

use std::sync::Arc;

use layerlab_core::fs::Fs;
use layerlab_core::rootfs::base_layers;
use layerlab_core::sh::{ExitStatus, ProcessSpec, start};

fn run(script: &str) -> ExitStatus {
    let layers: Vec<_> = base_layers("ubuntu:22.04").unwrap().into_iter().map(Arc::new).collect();
    let mut fs = Fs::new(layers);
    let spec = ProcessSpec {
        argv: vec!["/bin/sh".into(), "-c".into(), script.into()],
        step_budget: 100_000,
        ..ProcessSpec::default()
    };
    start(&mut fs, &spec).unwrap().status
}

#[test]
fn recursive_function_is_bounded() {
    assert_eq!(run("f() { f; }; f"), ExitStatus::Exited(2));
}

#[test]
fn recursive_command_substitution_is_bounded() {
    assert_eq!(run("f() { echo $(f); }; f"), ExitStatus::Exited(0));
}

#[test]
fn recursive_shells_are_bounded() {
    let status = run("echo 'sh /tmp/r.sh' > /tmp/r.sh; sh /tmp/r.sh");
    assert_eq!(status, ExitStatus::Exited(126));
}

#[test]
fn deep_parentheses_are_bounded() {
    let script = format!("{}true{}", "(".repeat(300), ")".repeat(300));
    assert_eq!(run(&script), ExitStatus::Exited(2));
    let script = format!("echo $(({}1{}))", "(".repeat(300), ")".repeat(300));
    assert!(matches!(run(&script), ExitStatus::Exited(_)));
    let script = "echo $(".repeat(100) + &")".repeat(100);
    assert!(matches!(run(&script), ExitStatus::Exited(_)));
}

// Expansion and output are charged to the step budget by the work they do, so a script whose every
// step does more work than the last still ends within its budget (found by the `shell` fuzzer, where
// a function passing `$*` to itself three times ran for seconds on a budget of 1000 steps).

#[test]
fn multiplying_arguments_are_bounded() {
    // Each call triples the arguments; without charging, depth 32 would mean 3^32 of them.
    assert_eq!(run("f() { f $* $* $*; }; f a"), ExitStatus::Hung);
}

#[test]
fn globbing_in_a_loop_is_bounded() {
    assert_eq!(run("while :; do echo /*/*/* > /dev/null; done"), ExitStatus::Hung);
}

#[test]
fn output_in_a_loop_is_paid_for() {
    let layers: Vec<_> = base_layers("ubuntu:22.04").unwrap().into_iter().map(Arc::new).collect();
    let mut fs = Fs::new(layers);
    let budget = 1_000;
    let spec = ProcessSpec {
        argv: vec!["/bin/sh".into(), "-c".into(), "while :; do ls -la /usr/bin; done".into()],
        step_budget: budget,
        ..ProcessSpec::default()
    };
    let output = start(&mut fs, &spec).unwrap();
    assert_eq!(output.status, ExitStatus::Hung);
    // A step pays for four units of work, and a line of output is at least one unit.
    let lines = output.lines.len() as u64;
    assert!(lines <= 4 * budget, "{lines} lines of output on a budget of {budget} steps");
}
