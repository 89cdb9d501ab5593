//! DL3020: use COPY, not ADD, for files and folders.

use crate::instruction::Command;
use crate::lint::{Rule, RuleMeta, hint};

/// The rule.
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DL3020",
        name: "add-instead-of-copy",
        summary: "Use COPY instead of ADD for files and folders.",
        why: "ADD also downloads URLs and unpacks local archives, so `ADD app.tar.gz /app` does something different from what it says. COPY does only what it says.",
        bad: "FROM ubuntu:22.04\nADD app.py /opt/app.py\n",
        good: "FROM ubuntu:22.04\nCOPY app.py /opt/app.py\n",
        lesson: "instructions-and-arguments",
    },
    check,
};

fn check(dockerfile: &crate::Dockerfile, _source: &str, out: &mut Vec<crate::Diagnostic>) {
    const ARCHIVES: &[&str] =
        &[".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".gz", ".bz2", ".xz"];
    for ins in &dockerfile.instructions {
        if let Command::Add(add) = &ins.command {
            let plain = add.sources.iter().any(|s| {
                let v = s.value.as_str();
                !v.contains("://")
                    && !v.starts_with("git@")
                    && !v.starts_with("<<")
                    && !ARCHIVES.iter().any(|ext| v.ends_with(ext))
            });
            if plain {
                out.push(hint(&RULE.meta, ins.span, "Use COPY instead of ADD for files and folders"));
            }
        }
    }
}
