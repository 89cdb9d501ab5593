//! DL3013: pin versions in `pip install`.

use crate::lint::{Rule, RuleMeta, hint};

/// The rule.
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "DL3013",
        name: "pip-pin-versions",
        summary: "Pin versions in pip.",
        why: "`pip install flask` takes the newest Flask when the step first runs and then stays cached; a rebuild on another machine (or after `--no-cache`) can get a different version. Pin it, or install from a requirements file.",
        bad: "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\n",
        good: "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.3\n",
        lesson: "flask-webserver",
    },
    check,
};

fn check(dockerfile: &crate::Dockerfile, _source: &str, out: &mut Vec<crate::Diagnostic>) {
    for (ins, commands) in super::run_commands(dockerfile) {
        for args in commands.iter().filter_map(super::pip_install) {
            if args.iter().any(|a| matches!(*a, "-r" | "--requirement" | "-e" | "--editable" | ".")) {
                continue;
            }
            let unpinned = args.iter().any(|a| {
                !a.starts_with('-')
                    && !a.contains("==")
                    && !a.contains(">=")
                    && !a.contains('@')
                    && !a.ends_with(".whl")
                    && !a.contains('/')
            });
            if unpinned {
                out.push(hint(&RULE.meta, ins.span, "Pin versions in pip. Instead of `pip install <package>` use `pip install <package>==<version>` or `pip install --requirement <requirements file>`"));
                break;
            }
        }
    }
}
