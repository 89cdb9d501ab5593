//! DL3009: delete the apt lists in the RUN that downloaded them.

use crate::lint::{Rule, RuleMeta, hint};

/// The rule.
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DL3009",
        name: "apt-lists-not-deleted",
        summary: "Delete the apt-get lists after installing something.",
        why: "`apt-get update` writes about 45 MB of package lists into `/var/lib/apt/lists`. Deleting them in a later RUN only adds whiteouts: the earlier layer still holds every byte (watch `docker history`). Remove them in the same RUN.",
        bad: "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y curl\n",
        good: "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
        lesson: "rm-does-not-shrink",
    },
    check,
};

fn check(dockerfile: &crate::Dockerfile, _source: &str, out: &mut Vec<crate::Diagnostic>) {
    for (ins, commands) in super::run_commands(dockerfile) {
        let updates = commands.iter().any(|c| matches!(c.program(), "apt-get" | "apt") && c.has("update"));
        let installs = commands.iter().any(|c| super::apt_install(c).is_some());
        let cleans =
            commands.iter().any(|c| c.program() == "rm" && c.words.iter().any(|w| w.starts_with("/var/lib/apt/lists")));
        if (updates || installs) && !cleans {
            out.push(hint(&RULE.meta, ins.span, "Delete the apt-get lists after installing something"));
        }
    }
}
