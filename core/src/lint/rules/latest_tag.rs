//! DL3007: `:latest` is not a version.

use crate::instruction::Command;
use crate::lint::{Rule, RuleMeta, hint};

/// The rule.
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DL3007",
        name: "latest-tag",
        summary: "Using latest is prone to errors if the image will ever update.",
        why: "`latest` is only the tag the publisher moved last. The cache keys FROM by the resolved digest, so when `latest` moves, every step misses and the image changes under you.",
        bad: "FROM python:latest\nCMD [\"python3\"]\n",
        good: "FROM python:3.12-slim\nCMD [\"python3\"]\n",
        lesson: "what-is-an-image",
    },
    check,
};

fn check(dockerfile: &crate::Dockerfile, _source: &str, out: &mut Vec<crate::Diagnostic>) {
    for ins in &dockerfile.instructions {
        if let Command::From(from) = &ins.command
            && from.image.value.ends_with(":latest")
        {
            out.push(hint(&RULE.meta, from.image.span, "Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag"));
        }
    }
}
