//! DL3002: the last USER of the final stage should not be root.

use crate::instruction::Command;
use crate::lint::{Rule, RuleMeta, hint};

/// The rule.
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DL3002",
        name: "last-user-root",
        summary: "Last USER should not be root.",
        why: "A container that runs as root can do anything inside it, and a process that escapes it is root on the host. Switch back to an unprivileged user after the steps that need root; `docker run` then starts the process as that user (see `whoami` in the run panel).",
        bad: "FROM ubuntu:22.04\nUSER root\nCMD [\"whoami\"]\n",
        good: "FROM ubuntu:22.04\nRUN useradd --create-home app\nUSER app\nCMD [\"whoami\"]\n",
        lesson: "run-env",
    },
    check,
};

fn check(dockerfile: &crate::Dockerfile, _source: &str, out: &mut Vec<crate::Diagnostic>) {
    let Some(last) = super::stages(dockerfile).into_iter().last() else { return };
    let user = last.iter().rev().find_map(|i| match &i.command {
        Command::User(u) => Some((i, u.user.value.as_str())),
        _ => None,
    });
    if let Some((ins, user)) = user {
        let name = user.split(':').next().unwrap_or("");
        if name == "root" || name == "0" {
            out.push(hint(&RULE.meta, ins.span, "Last USER should not be root"));
        }
    }
}
