//! DL3006: always tag the version of a base image.

use crate::instruction::Command;
use crate::lint::{Rule, RuleMeta, hint};

/// The rule.
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DL3006",
        name: "untagged-base-image",
        summary: "Always tag the version of an image explicitly.",
        why: "`FROM ubuntu` means `ubuntu:latest`, which moves: today it is 24.04, where `pip install` fails with externally-managed-environment, while 22.04 allowed it. A pinned tag builds the same image tomorrow.",
        bad: "FROM ubuntu\nRUN apt-get update\n",
        good: "FROM ubuntu:22.04\nRUN apt-get update\n",
        lesson: "what-is-an-image",
    },
    check,
};

fn check(dockerfile: &crate::Dockerfile, _source: &str, out: &mut Vec<crate::Diagnostic>) {
    let mut stages: Vec<String> = Vec::new();
    for ins in &dockerfile.instructions {
        if let Command::From(from) = &ins.command {
            let image = from.image.value.as_str();
            let lower = image.to_ascii_lowercase();
            let last = image.rsplit('/').next().unwrap_or(image);
            let tagged = last.contains(':') || image.contains('@');
            if !tagged && lower != "scratch" && !stages.contains(&lower) && !image.contains('$') {
                out.push(hint(&RULE.meta, from.image.span, "Always tag the version of an image explicitly"));
            }
            if let Some(alias) = &from.alias {
                stages.push(alias.value.to_ascii_lowercase());
            }
        }
    }
}
