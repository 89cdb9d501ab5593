//! LL002: `pip` on Ubuntu or Debian before installing it.

use crate::image_ref::ImageRef;
use crate::instruction::Command;
use crate::lint::{Rule, RuleMeta, hint};

/// The rule.
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "LL002",
        name: "pip-without-pip",
        summary: "pip is not installed in the ubuntu and debian images.",
        why: "The ubuntu and debian images ship without Python and pip, so `RUN pip install flask` fails with `/bin/sh: 1: pip: not found` and exit status 127 (S-PIT-3). Install `python3-pip` first, or start from a `python:` image.",
        bad: "FROM ubuntu:22.04\nRUN pip install flask\n",
        good: "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y python3-pip && pip install flask\n",
        lesson: "instructions-and-arguments",
    },
    check,
};

fn check(dockerfile: &crate::Dockerfile, _source: &str, out: &mut Vec<crate::Diagnostic>) {
    for stage in super::stages(dockerfile) {
        let Some(Command::From(from)) = stage.first().map(|i| &i.command) else { continue };
        let bare = ImageRef::parse(&from.image.value).is_ok_and(|r| {
            let name = r.familiar_name();
            r.is_official() && (name == "ubuntu" || name == "debian")
        });
        if !bare {
            continue;
        }
        let mut has_pip = false;
        for ins in stage {
            let Some(script) = super::run_script(ins) else { continue };
            for cmd in super::simple_commands(script) {
                if super::apt_install(&cmd).is_some_and(|pkgs| {
                    pkgs.iter().any(|p| p.starts_with("python3-pip") || p.starts_with("python-pip"))
                }) {
                    has_pip = true;
                }
                if matches!(cmd.program(), "pip" | "pip3") && !has_pip {
                    out.push(hint(&RULE.meta, ins.span, format!("{} is not installed in {}: this RUN fails with \"/bin/sh: 1: {}: not found\" (exit code 127)", cmd.program(), from.image.value, cmd.program())));
                    break;
                }
            }
        }
    }
}
