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

#[test]
fn interactive_container_shells_attach_the_terminal() {
    let mut h = host();
    h.tty = true;
    assert_eq!(run(&mut h, "docker run -it --name box ubuntu:22.04").1, 0);
    let id = h.containers[0].id.short();
    assert_eq!(h.prompt(), format!("root@{id}:/# "));
    assert_eq!(run(&mut h, "cd /etc && ls os-release"), ("os-release\n".to_string(), 0));
    assert_eq!(h.prompt(), format!("root@{id}:/etc# "));
    assert_eq!(run(&mut h, "echo $HOSTNAME"), (format!("{id}\n"), 0));
    assert_eq!(run(&mut h, "false"), (String::new(), 1));
    // An interactive bash names itself without a line number.
    assert_eq!(run(&mut h, "vim"), ("bash: vim: command not found\n".to_string(), 127));
    assert_eq!(
        run(&mut h, "history").0,
        "    1  cd /etc && ls os-release\n    2  echo $HOSTNAME\n    3  false\n    4  vim\n    5  history\n"
    );
    assert_eq!(run(&mut h, "exit 3"), ("exit\n".to_string(), 3));
    assert!(h.session.is_none());
    assert_eq!(h.prompt(), "~/app$ ");
    assert_eq!(
        run(&mut h, "docker ps -a --format '{{.Names}} {{.Status}}'").0,
        "box Exited (3) Less than a second ago\n"
    );
    // docker exec -it leaves the container running; busybox ash's prompt.
    assert_eq!(run(&mut h, "docker run -d --name bg alpine:3.20 sleep 1000").1, 0);
    assert_eq!(run(&mut h, "docker exec -it bg bash").1, 127);
    assert!(h.session.is_none());
    assert_eq!(run(&mut h, "docker exec -it bg sh").1, 0);
    assert_eq!(h.prompt(), "/ # ");
    assert_eq!(run(&mut h, "cd /tmp; touch made-here; ls"), ("made-here\n".to_string(), 0));
    assert_eq!(run(&mut h, "vim"), ("sh: vim: not found\n".to_string(), 127));
    assert_eq!(run(&mut h, "exit").1, 0);
    assert_eq!(run(&mut h, "docker ps --format '{{.Names}}'").0, "bg\n");
    // --rm removes the container when the shell exits; without a terminal there is no session.
    assert_eq!(run(&mut h, "docker run -it --rm alpine:3.20").1, 0);
    assert_eq!(run(&mut h, "exit").1, 0);
    assert_eq!(run(&mut h, "docker ps -aq").0.lines().count(), 2);
    h.tty = false;
    assert_eq!(run(&mut h, "docker run -it alpine:3.20"), ("the input device is not a TTY\n".to_string(), 1));
}

#[test]
fn python_repl_keeps_assignments_and_prints_values() {
    let mut h = host();
    h.tty = true;
    let (out, status) = run(&mut h, "docker run -it --rm python:3.12-slim");
    assert_eq!(status, 0);
    assert!(out.contains("Python 3.12.7 (main, "), "{out}");
    assert_eq!(h.prompt(), ">>> ");
    assert_eq!(run(&mut h, "1 + 2 * 3").0, "7\n");
    assert_eq!(run(&mut h, "name = 'docker'").0, "");
    assert_eq!(run(&mut h, "f'hi {name}'").0, "'hi docker'\n");
    assert_eq!(run(&mut h, "print(name.upper())").0, "DOCKER\n");
    // A compound statement reads lines at `... ` until an empty one; a function stays defined.
    assert_eq!(run(&mut h, "def double(n):").0, "");
    assert_eq!(h.prompt(), "... ");
    assert_eq!(run(&mut h, "    return n * 2").0, "");
    assert_eq!(run(&mut h, "").0, "");
    assert_eq!(h.prompt(), ">>> ");
    assert_eq!(run(&mut h, "for i in range(2):").0, "");
    assert_eq!(run(&mut h, "    print(double(i) + 1)").0, "");
    assert_eq!(run(&mut h, "").0, "1\n3\n");
    assert_eq!(run(&mut h, "double(21)").0, "42\n");
    assert_eq!(run(&mut h, "exit").0, "Use exit() or Ctrl-D (i.e. EOF) to exit\n");
    assert_eq!(run(&mut h, "exit()").1, 0);
    assert!(h.session.is_none());
    assert_eq!(run(&mut h, "docker ps -aq").0, "");
}

#[test]
fn loops_on_the_host_line() {
    let mut h = host();
    // A loop whose body runs docker commands runs on the host, once per word, `{1..3}` expanded.
    let (out, status) = run(&mut h, "for n in {1..3}; do docker run -d --name web$n alpine:3.20 sleep 100; done");
    assert_eq!(status, 0);
    assert_eq!(out.lines().filter(|l| l.len() == 64).count(), 3, "{out}");
    assert_eq!(run(&mut h, "docker ps --format '{{.Names}}'").0, "web3\nweb2\nweb1\n");
    assert_eq!(run(&mut h, "for c in web1 web2; do docker rm -f ${c}; done").0, "web1\nweb2\n");
    // A loop without docker is the host shell's as a whole.
    assert_eq!(run(&mut h, "for i in a b; do echo $i; done"), ("a\nb\n".to_string(), 0));
    assert_eq!(run(&mut h, "if [ -d /nope ]; then echo yes; else echo no; fi").0, "no\n");
}
