//! Native tests of the JavaScript API's data: spans in UTF-16, the dump, a build's result and
//! `resolveRun` on the ENTRYPOINT × CMD cases (S-EP-3).

use super::*;

#[test]
fn parse_gives_instructions_diagnostics_and_utf16_spans() {
    let text =
        "# ü\nFROM alpine:3.20 AS base\nRUN --mount=type=cache,target=/c echo \"é\"\nCOPY [\"a\", \"b\"]\nFORM x\n";
    let result = parse(text);
    let keywords: Vec<&str> = result.instructions.iter().map(|i| i.keyword.as_str()).collect();
    assert_eq!(keywords, ["FROM", "RUN", "COPY", "FORM"]);
    let from = &result.instructions[0];
    // "# ü\n" is 5 bytes but 4 UTF-16 units.
    assert_eq!((from.span.start, from.span.line, from.start_line), (4, 2, 2));
    assert_eq!(
        result.instructions[1].flags,
        [JsFlag { name: "mount".into(), value: Some("type=cache,target=/c".into()) }]
    );
    assert!(result.instructions[2].json_form);
    assert_eq!(result.instructions[2].args, ["a", "b"]);
    let error = result.diagnostics.iter().find(|d| d.severity == "error").expect("FORM is unknown");
    assert!(error.message.contains("unknown instruction: FORM (did you mean FROM?)"), "{}", error.message);
    assert_eq!(error.span.line, 5);
}

#[test]
fn parse_dumps_like_buildkit_and_refuses_what_its_parser_refuses() {
    assert_eq!(parse("FROM alpine\nCMD [\"sh\"]\n").dump.as_deref(), Some("(from \"alpine\")\n(cmd \"sh\")\n"));
    assert_eq!(parse("CMD [5]\n").dump, None);
}

#[test]
fn build_returns_the_log_image_and_history() {
    let files = BTreeMap::from([("hello.txt".to_string(), "hi\n".to_string())]);
    let request = BuildRequest { tag: Some("demo:1".into()), ..BuildRequest::default() };
    let result =
        build("FROM alpine:3.20\nCOPY hello.txt /\nCMD [\"cat\", \"/hello.txt\"]\n", &files, &request, Timestamp(0));
    assert_eq!(result.outcome, "succeeded", "{result:?}");
    assert!(result.log.contains("[2/2] COPY hello.txt /"), "{}", result.log);
    assert!(result.log.contains("naming to docker.io/library/demo:1"), "{}", result.log);
    let image = result.image.as_ref().unwrap();
    assert!(image.id.starts_with("sha256:") && image.layers.len() == 2);
    assert_eq!(image.config["Cmd"], serde_json::json!(["cat", "/hello.txt"]));
    assert!(result.history.as_deref().unwrap().starts_with("IMAGE          CREATED"));
    assert_eq!(result.history_rows.first().map(|r| r.created_by.as_str()), Some("CMD [\"cat\" \"/hello.txt\"]"));
    assert!(!result.events.is_empty());
}

#[test]
fn a_failing_build_is_a_result_not_an_error() {
    let result =
        build("FROM alpine:3.20\nRUN pip install flask\n", &BTreeMap::new(), &BuildRequest::default(), Timestamp(0));
    assert_eq!(result.outcome, "failed");
    assert!(result.error.as_deref().unwrap().contains("exit code: 127"), "{:?}", result.error);
    assert!(result.image.is_none() && result.history.is_none());
}

fn config(entrypoint: Option<&[&str]>, cmd: Option<&[&str]>) -> RunConfig {
    let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect();
    RunConfig { entrypoint: entrypoint.map(words), cmd: cmd.map(words), ..RunConfig::default() }
}

#[test]
fn resolve_run_follows_the_entrypoint_cmd_table() {
    // S-EP-3: exec ENTRYPOINT + CMD, with run arguments replacing CMD.
    let sleeper = config(Some(&["sleep"]), Some(&["5"]));
    let result = resolve_run(&sleeper, &["10".to_string()], &RunRequest::default()).unwrap();
    let argv: Vec<(&str, &str)> = result.argv.iter().map(|w| (w.text.as_str(), w.source.as_str())).collect();
    assert_eq!(argv, [("sleep", "entrypoint"), ("10", "args")]);
    assert!(result.signal_reaches_app);
    // S-EP-2: shell-form ENTRYPOINT ignores CMD and arguments.
    let shell = config(Some(&["/bin/sh", "-c", "echo hi"]), Some(&["x"]));
    let result = resolve_run(&shell, &[], &RunRequest::default()).unwrap();
    assert_eq!(result.pid1, "/bin/sh");
    assert_eq!(result.shell_script.as_deref(), Some("echo hi"));
    // S-EP-6: nothing to run.
    let error = resolve_run(&config(None, None), &[], &RunRequest::default()).unwrap_err();
    assert_eq!(error, "docker: Error response from daemon: no command specified");
}

#[test]
fn resolve_run_applies_env_flags_after_the_image_env() {
    let mut image = config(None, Some(&["env"]));
    image.env = Some(vec!["A=image".to_string(), "B=image".to_string()]);
    let request = RunRequest { env: vec!["A=flag".to_string(), "B".to_string()], ..RunRequest::default() };
    let result = resolve_run(&image, &[], &request).unwrap();
    assert!(result.env.contains(&"A=flag".to_string()), "{:?}", result.env);
    assert!(!result.env.iter().any(|e| e.starts_with("B=")), "a bare name with no host value removes it");
    let bad = RunRequest { env: vec!["=x".to_string()], ..RunRequest::default() };
    assert!(resolve_run(&image, &[], &bad).is_err());
}
