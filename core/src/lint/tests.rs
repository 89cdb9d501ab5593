//! Every rule's bad example is flagged by that rule and its good example is not: the documentation
//! examples are the fixtures.

use super::*;

fn codes(text: &str) -> Vec<String> {
    let parse = crate::parse(text);
    let mut all: Vec<String> = lint(&parse, text).into_iter().map(|d| d.code.into_owned()).collect();
    all.extend(parse.diagnostics.into_iter().map(|d| d.code.into_owned()));
    all
}

#[test]
fn bad_examples_fail_and_good_examples_pass() {
    for rule in rules() {
        let meta = rule.meta;
        assert!(codes(meta.bad).iter().any(|c| c == meta.code), "{}: the bad example is not flagged", meta.code);
        assert!(!codes(meta.good).iter().any(|c| c == meta.code), "{}: the good example is flagged", meta.code);
        assert!(!meta.why.is_empty() && !meta.summary.is_empty() && !meta.lesson.is_empty());
    }
}

#[test]
fn rules_have_unique_codes() {
    let mut seen: Vec<&str> = rules().iter().map(|r| r.meta.code).collect();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), rules().len());
    assert!(rule("DL3008").is_some() && rule("nope").is_none());
}

#[test]
fn shell_words_split_like_a_shell() {
    let cmds = simple_commands("A= /opt/app.py flask run && echo 'a && b' | wc -l; apt-get install -y x");
    assert_eq!(cmds.len(), 4);
    assert_eq!(cmds[0].assignments, ["A="]);
    assert_eq!(cmds[0].program(), "/opt/app.py");
    assert!(cmds[1].piped && cmds[1].has("a && b"));
    assert_eq!(cmds[3].program(), "apt-get");
}

#[test]
fn every_rule_links_to_a_lesson_that_exists() {
    let lessons: Vec<String> = crate::lesson::builtin().into_iter().map(|l| l.id).collect();
    for rule in rules() {
        assert!(
            lessons.contains(&rule.meta.lesson.to_string()),
            "{} links to a missing lesson {}",
            rule.meta.code,
            rule.meta.lesson
        );
    }
}
