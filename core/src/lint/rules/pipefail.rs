//! DL4006: set `-o pipefail` before a RUN with a pipe.

use crate::instruction::Command;
use crate::lint::{Rule, RuleMeta, hint};

/// The rule.
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DL4006",
        name: "pipefail",
        summary: "Set the SHELL option -o pipefail before RUN with a pipe in it.",
        why: "A pipeline's status is its last command's: in `RUN curl -s https://x | tar xz` a failed download still exits 0 if tar does, so the build goes on with a broken step, and the cache keeps it.",
        bad: "FROM ubuntu:22.04\nRUN echo hello | wc -c\n",
        good: "FROM ubuntu:22.04\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN echo hello | wc -c\n",
        lesson: "instructions-and-arguments",
    },
    check,
};

fn check(dockerfile: &crate::Dockerfile, _source: &str, out: &mut Vec<crate::Diagnostic>) {
    for stage in super::stages(dockerfile) {
        let mut pipefail = false;
        for ins in stage {
            if let Command::Shell(sh) = &ins.command {
                pipefail = sh.shell.iter().any(|w| w.value == "pipefail");
            }
            if let Some(script) = super::run_script(ins) {
                let piped = super::simple_commands(script).iter().any(|c| c.piped);
                let sets = script.contains("set -o pipefail") || script.contains("set -eo pipefail");
                if piped && !pipefail && !sets {
                    out.push(hint(&RULE.meta, ins.span, "Set the SHELL option -o pipefail before RUN with a pipe in it. If you are using /bin/sh in an alpine image or if your shell is symlinked to busybox then consider explicitly setting your SHELL to /bin/ash, or disable this check"));
                }
            }
        }
    }
}
