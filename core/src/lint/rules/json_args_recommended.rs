//! JSONArgsRecommended (hadolint DL3025): shell-form CMD and ENTRYPOINT. BuildKit reports it itself, so
//! the parser emits the finding; this rule carries its documentation.

use crate::lint::{Rule, RuleMeta};

/// The rule.
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "JSONArgsRecommended",
        name: "json-args-recommended (DL3025)",
        summary: "Use JSON (exec form) for CMD and ENTRYPOINT.",
        why: "Shell form runs `/bin/sh -c \"…\"`, so the shell is PID 1 and your program its child. `docker stop` sends SIGTERM to PID 1 only; sh ignores it, Docker waits the full 10 seconds and then kills everything (exit 137). Shell form also ignores `docker run` arguments after an ENTRYPOINT.",
        bad: "FROM ubuntu:22.04\nCMD sleep 100\n",
        good: "FROM ubuntu:22.04\nCMD [\"sleep\", \"100\"]\n",
        lesson: "cmd-vs-entrypoint",
    },
    check,
};

fn check(_dockerfile: &crate::Dockerfile, _source: &str, _out: &mut Vec<crate::Diagnostic>) {}
