//! DL3059: consecutive RUN instructions.

use crate::instruction::Command;
use crate::lint::{Rule, RuleMeta, hint};

/// The rule.
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DL3059",
        name: "consecutive-run",
        summary: "Multiple consecutive RUN instructions; consider consolidation.",
        why: "Every RUN is a layer and a cache entry. `RUN apt-get update` on its own line is cached forever, so a later `RUN apt-get install` can run against a stale package index (S-PIT-2). Join steps that belong together with `&&`.",
        bad: "FROM ubuntu:22.04\nRUN apt-get update\nRUN apt-get install -y curl\n",
        good: "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y curl\n",
        lesson: "apt-get-in-one-run",
    },
    check,
};

fn check(dockerfile: &crate::Dockerfile, _source: &str, out: &mut Vec<crate::Diagnostic>) {
    for pair in dockerfile.instructions.windows(2) {
        if matches!(pair[0].command, Command::Run(_)) && matches!(pair[1].command, Command::Run(_)) {
            out.push(hint(
                &RULE.meta,
                pair[1].span,
                "Multiple consecutive `RUN` instructions. Consider consolidation.",
            ));
        }
    }
}
