//! LL003: `VAR= value` in a shell command: the space turns the value into the command.

use crate::instruction::{Command, CommandLine};
use crate::lint::{Rule, RuleMeta, hint};

/// The rule.
pub(super) const RULE: Rule = Rule {
    meta: RuleMeta {
        code: "LL003",
        name: "env-assignment-space",
        summary: "A space after `NAME=` makes the next word the command.",
        why: "In `FLASK_APP= /opt/app.py flask run` the shell sets FLASK_APP to an empty string for one command, and that command is `/opt/app.py`. A file copied with mode 0644 cannot run: `/bin/sh: 1: /opt/app.py: Permission denied`, exit 126 (S-PIT-5).",
        bad: "FROM python:3.12-slim\nENTRYPOINT FLASK_APP= /opt/app.py flask run\n",
        good: "FROM python:3.12-slim\nENV FLASK_APP=/opt/app.py\nENTRYPOINT [\"flask\", \"run\", \"--host=0.0.0.0\"]\n",
        lesson: "flask-webserver",
    },
    check,
};

fn check(dockerfile: &crate::Dockerfile, _source: &str, out: &mut Vec<crate::Diagnostic>) {
    for ins in &dockerfile.instructions {
        let command = match &ins.command {
            Command::Run(r) => &r.command,
            Command::Cmd(c) => &c.command,
            Command::Entrypoint(e) => &e.command,
            _ => continue,
        };
        let CommandLine::Shell(text) = command else { continue };
        for cmd in super::simple_commands(&text.value) {
            if let (Some(empty), Some(program)) = (cmd.assignments.iter().find(|a| a.ends_with('=')), cmd.words.first())
            {
                out.push(hint(&RULE.meta, text.span, format!("`{empty} {program}` sets {} to an empty value and runs `{program}` as the command; remove the space", empty.trim_end_matches('='))));
            }
        }
    }
}
