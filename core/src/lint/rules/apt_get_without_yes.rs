//! LL001: `apt-get install` without `-y` aborts in a build.

use crate::lint::{Rule, RuleMeta, hint};

/// The rule.
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "LL001",
        name: "apt-get-without-yes",
        summary: "apt-get install needs -y in a Dockerfile.",
        why: "When a package pulls in dependencies, apt asks `Do you want to continue? [Y/n]`. A build has no terminal to answer, so apt prints `Abort.` and exits with status 1, and the build fails (S-PIT-1).",
        bad: "FROM ubuntu:22.04\nRUN apt-get update && apt-get install python3\n",
        good: "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y python3\n",
        lesson: "apt-get-in-one-run",
    },
    check,
};

fn check(dockerfile: &crate::Dockerfile, _source: &str, out: &mut Vec<crate::Diagnostic>) {
    for (ins, commands) in super::run_commands(dockerfile) {
        for (i, cmd) in commands.iter().enumerate() {
            if super::apt_install(cmd).is_none() {
                continue;
            }
            let yes = cmd.words.iter().any(|w| {
                matches!(w.as_str(), "-y" | "--yes" | "--assume-yes" | "-qq" | "-qqy" | "-yqq")
                    || (w.starts_with('-') && !w.starts_with("--") && w.contains('y'))
            });
            let piped_yes = i > 0 && commands[i - 1].piped && commands[i - 1].program() == "yes";
            if !yes && !piped_yes {
                out.push(hint(&RULE.meta, ins.span, "apt-get install without -y asks \"Do you want to continue? [Y/n]\"; a build cannot answer, so apt aborts with exit status 1"));
            }
        }
    }
}
