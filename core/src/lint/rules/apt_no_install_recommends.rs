//! DL3015: `apt-get install` without `--no-install-recommends`.

use crate::lint::{Rule, RuleMeta, hint};

/// The rule.
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DL3015",
        name: "apt-no-install-recommends",
        summary: "Avoid additional packages by specifying --no-install-recommends.",
        why: "By default apt also installs every recommended package. For python3-pip that is dozens of extra packages; compare the layer sizes in `docker history` with and without the flag.",
        bad: "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y python3-pip && rm -rf /var/lib/apt/lists/*\n",
        good: "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends python3-pip && rm -rf /var/lib/apt/lists/*\n",
        lesson: "apt-get-in-one-run",
    },
    check,
};

fn check(dockerfile: &crate::Dockerfile, _source: &str, out: &mut Vec<crate::Diagnostic>) {
    for (ins, commands) in super::run_commands(dockerfile) {
        let missing = commands
            .iter()
            .any(|c| super::apt_install(c).is_some() && !c.has("--no-install-recommends") && c.program() == "apt-get");
        if missing {
            out.push(hint(&RULE.meta, ins.span, "Avoid additional packages by specifying `--no-install-recommends`"));
        }
    }
}
