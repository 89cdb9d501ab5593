//! Host interpreter tests: line splitting, `&&`/`||`, `$?`, and the sim switches, through
//! [`Host::execute`].

use super::*;

fn host() -> Host {
    let files = vec![("Dockerfile".to_string(), b"FROM alpine:3.20\nCMD [\"echo\", \"hi\"]\n".to_vec())];
    Host::new(&files, Timestamp::from_secs(1_800_000_000))
}

fn run(host: &mut Host, line: &str) -> (String, i32) {
    let r = host.execute(line);
    (r.text(), r.exit)
}

#[test]
fn operators_and_exit_status() {
    let mut h = host();
    assert_eq!(run(&mut h, "false || echo fallback"), ("fallback\n".to_string(), 0));
    assert_eq!(run(&mut h, "false && echo never"), (String::new(), 1));
    assert_eq!(run(&mut h, "echo $?"), ("1\n".to_string(), 0));
    assert_eq!(run(&mut h, "docker nosuch").1, 1);
}

#[test]
fn build_then_run_and_sim_switches() {
    let mut h = host();
    assert_eq!(run(&mut h, "docker build -q -t hi .").1, 0);
    assert_eq!(run(&mut h, "docker run --rm hi"), ("hi\n".to_string(), 0));
    assert_eq!(run(&mut h, "sim network off").1, 0);
    assert!(!h.sim.network);
    assert_eq!(run(&mut h, "sim crash-at 0").1, 2);
    assert_eq!(run(&mut h, "sim crash-at 2").1, 0);
    assert_eq!(h.sim.crash_at, Some(2));
}

#[test]
fn working_files_round_trip() {
    let mut h = host();
    h.set_working_files(&[("a.txt".to_string(), b"A".to_vec()), ("dir/b.txt".to_string(), b"B".to_vec())]);
    let files = h.working_files();
    assert_eq!(files, vec![("a.txt".to_string(), b"A".to_vec()), ("dir/b.txt".to_string(), b"B".to_vec())]);
}
