//! DL3042: `pip install` without `--no-cache-dir`.

use crate::lint::{Rule, RuleMeta, hint};

/// The rule.
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DL3042",
        name: "pip-no-cache-dir",
        summary: "Avoid use of cache directory with pip.",
        why: "pip keeps every downloaded wheel in `~/.cache/pip`, and in an image that cache is dead weight in the layer forever. Pass `--no-cache-dir` (or use a BuildKit cache mount).",
        bad: "FROM python:3.12-slim\nRUN pip install flask==3.0.3\n",
        good: "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3\n",
        lesson: "flask-webserver",
    },
    check,
};

fn check(dockerfile: &crate::Dockerfile, _source: &str, out: &mut Vec<crate::Diagnostic>) {
    for (ins, commands) in super::run_commands(dockerfile) {
        let mounted = matches!(&ins.command, crate::instruction::Command::Run(r) if r.mounts.iter().any(|m| m.contains("type=cache")));
        let missing = commands.iter().any(|c| super::pip_install(c).is_some() && !c.has("--no-cache-dir"));
        if missing && !mounted {
            out.push(hint(
                &RULE.meta,
                ins.span,
                "Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`",
            ));
        }
    }
}
