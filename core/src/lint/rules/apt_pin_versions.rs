//! DL3008: pin versions in `apt-get install`.

use crate::lint::{Rule, RuleMeta, hint};

/// The rule.
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DL3008",
        name: "apt-pin-versions",
        summary: "Pin versions in apt-get install.",
        why: "`apt-get install curl` installs whatever version the package index has on the day the step runs. Since the step is cached by its text, two machines can hold different versions behind the same Dockerfile line.",
        bad: "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n",
        good: "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.81.0-1ubuntu1.18 && rm -rf /var/lib/apt/lists/*\n",
        lesson: "apt-get-in-one-run",
    },
    check,
};

fn check(dockerfile: &crate::Dockerfile, _source: &str, out: &mut Vec<crate::Diagnostic>) {
    for (ins, commands) in super::run_commands(dockerfile) {
        if commands
            .iter()
            .filter_map(super::apt_install)
            .any(|pkgs| pkgs.iter().any(|p| !p.contains('=') && !p.ends_with(".deb")))
        {
            out.push(hint(&RULE.meta, ins.span, "Pin versions in apt get install. Instead of `apt-get install <package>` use `apt-get install <package>=<version>`"));
        }
    }
}
