//! Tests for `docker run` resolution: every cell of S-EP-2 and the ubuntu-sleeper table of S-EP-8.

use expect_test::{Expect, expect};

use super::*;

fn words(s: &str) -> Option<Vec<String>> {
    if s == "-" { None } else { Some(serde_json::from_str(s).expect("test JSON is valid")) }
}

#[track_caller]
fn check(entrypoint: &str, cmd: &str, flag: Option<&str>, args: &[&str], expect: Expect) {
    let config = ImageConfig { entrypoint: words(entrypoint), cmd: words(cmd), ..ImageConfig::default() };
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let got = match resolve(&config, flag, &args) {
        Ok(r) => {
            let mut out = serde_json::to_string(&r.args()).unwrap();
            if let Some(script) = &r.shell_script {
                out.push_str(&format!(" runs {script:?}"));
                assert!(!r.signal_reaches_app || script.starts_with("exec "), "S-EP-7: sh is PID 1");
            } else {
                assert!(r.signal_reaches_app);
            }
            out
        }
        Err(e) => format!("error: {e}"),
    };
    expect.assert_eq(&got);
}

// S-EP-2: the nine cells.
#[test]
fn no_entrypoint() {
    check("-", "-", None, &[], expect!["error: no command specified"]);
    check("-", r#"["exec_cmd","p1_cmd"]"#, None, &[], expect![[r#"["exec_cmd","p1_cmd"]"#]]);
    check(
        "-",
        r#"["/bin/sh","-c","exec_cmd p1_cmd"]"#,
        None,
        &[],
        expect![[r#"["/bin/sh","-c","exec_cmd p1_cmd"] runs "exec_cmd p1_cmd""#]],
    );
}

#[test]
fn shell_entrypoint() {
    let ep = r#"["/bin/sh","-c","exec_entry p1_entry"]"#;
    check(ep, "-", None, &[], expect![[r#"["/bin/sh","-c","exec_entry p1_entry"] runs "exec_entry p1_entry""#]]);
    check(
        ep,
        r#"["exec_cmd","p1_cmd"]"#,
        None,
        &[],
        expect![[r#"["/bin/sh","-c","exec_entry p1_entry","exec_cmd","p1_cmd"] runs "exec_entry p1_entry""#]],
    );
    check(
        ep,
        r#"["/bin/sh","-c","exec_cmd p1_cmd"]"#,
        None,
        &[],
        expect![[
            r#"["/bin/sh","-c","exec_entry p1_entry","/bin/sh","-c","exec_cmd p1_cmd"] runs "exec_entry p1_entry""#
        ]],
    );
}

#[test]
fn exec_entrypoint() {
    let ep = r#"["exec_entry","p1_entry"]"#;
    check(ep, "-", None, &[], expect![[r#"["exec_entry","p1_entry"]"#]]);
    check(ep, r#"["exec_cmd","p1_cmd"]"#, None, &[], expect![[r#"["exec_entry","p1_entry","exec_cmd","p1_cmd"]"#]]);
    check(
        ep,
        r#"["/bin/sh","-c","exec_cmd p1_cmd"]"#,
        None,
        &[],
        expect![[r#"["exec_entry","p1_entry","/bin/sh","-c","exec_cmd p1_cmd"]"#]],
    );
}

// S-EP-8: ubuntu-sleeper.
#[test]
fn ubuntu_sleeper() {
    let (ep, cmd) = (r#"["sleep"]"#, r#"["5"]"#);
    check(ep, cmd, None, &[], expect![[r#"["sleep","5"]"#]]);
    check(ep, cmd, None, &["10"], expect![[r#"["sleep","10"]"#]]);
    check(ep, cmd, None, &["sleep", "10"], expect![[r#"["sleep","sleep","10"]"#]]);
    check(ep, cmd, Some("sleep"), &["20"], expect![[r#"["sleep","20"]"#]]);
    check(ep, cmd, Some("sleep"), &[], expect![[r#"["sleep"]"#]]);
    check(ep, cmd, Some("sleep 20"), &[], expect![[r#"["sleep 20"]"#]]);
    check(ep, cmd, Some(""), &[], expect!["error: no command specified"]);
    check(ep, r#"["/bin/sh","-c","['5']"]"#, None, &[], expect![[r#"["sleep","/bin/sh","-c","['5']"]"#]]);
    check(r#"["/bin/sh","-c","sleep"]"#, cmd, None, &[], expect![[r#"["/bin/sh","-c","sleep","5"] runs "sleep""#]]);
}

// S-RUN-1 to S-RUN-3.
#[test]
fn environment_precedence() {
    let config = ImageConfig {
        env: vec!["PATH=/usr/bin".into(), "FLASK_APP=app.py".into(), "COLOR=blue".into()],
        ..ImageConfig::default()
    };
    let mut entries = parse_env_file("# comment\nCOLOR=\"red\"\n  A=1\n").unwrap();
    entries.push(parse_env_flag("COLOR=green").unwrap());
    entries.push(parse_env_flag("FLASK_APP").unwrap());
    entries.push(parse_env_flag("USER").unwrap());
    let host = |name: &str| (name == "USER").then(|| "alice".to_string());
    // moby order: PATH, HOSTNAME, TERM (with -t), image ENV with run values in place, new values, HOME.
    let env = container_env(&config, &entries, &host, "0123456789ab", "/root", true);
    let text: Vec<String> = env.iter().map(|(k, v)| format!("{k}={v}")).collect();
    expect![[r#"
        [
            "PATH=/usr/bin",
            "HOSTNAME=0123456789ab",
            "TERM=xterm",
            "COLOR=green",
            "A=1",
            "USER=alice",
            "HOME=/root",
        ]
    "#]]
    .assert_debug_eq(&text);
    assert_eq!(parse_env_flag("=x"), Err(EnvError::EmptyName("=x".into())));
    assert_eq!(parse_env_file("A B=1"), Err(EnvError::Whitespace("A B".into())));
}

// S-EP-7: shell form keeps sh as PID 1 unless the script execs the program.
#[test]
fn pid1_and_signals() {
    let shell = ImageConfig { cmd: words(r#"["/bin/sh","-c","flask run"]"#), ..ImageConfig::default() };
    let r = resolve(&shell, None, &[]).unwrap();
    assert_eq!((r.pid1.as_str(), r.signal_reaches_app), ("/bin/sh", false));
    let exec = ImageConfig { cmd: words(r#"["/bin/sh","-c","exec top -b"]"#), ..ImageConfig::default() };
    assert!(resolve(&exec, None, &[]).unwrap().signal_reaches_app);
    let json = ImageConfig { entrypoint: words(r#"["flask","run"]"#), ..ImageConfig::default() };
    let r = resolve(&json, None, &[]).unwrap();
    assert_eq!((r.pid1.as_str(), r.signal_reaches_app), ("flask", true));
}
