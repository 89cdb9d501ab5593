//! [`render`]: an [`Instruction`] back to canonical Dockerfile text (upper-case keyword, flags as
//! `--name=value`, exec form as JSON). Used by `docker history` text and by round-trip tests.

use crate::instruction::{Command, CommandLine, HealthcheckCommand, Instruction, Spanned};
use crate::text::Text;

/// Renders one instruction as a single canonical line, followed by its heredoc bodies if any.
pub fn render(instruction: &Instruction) -> String {
    let mut out = instruction.keyword.value.to_uppercase();
    for flag in &instruction.flags {
        out.push_str(" --");
        out.push_str(&flag.name);
        if let Some(value) = &flag.value {
            out.push('=');
            out.push_str(value);
        }
    }
    let words = |out: &mut String, items: &[&Spanned<Text>]| {
        for item in items {
            out.push(' ');
            out.push_str(&item.value);
        }
    };
    let mut heredocs = &[][..];
    match &instruction.command {
        Command::From(from) => {
            words(&mut out, &[&from.image]);
            if let Some(alias) = &from.alias {
                out.push_str(" AS ");
                out.push_str(&alias.value);
            }
        }
        Command::Run(run) => {
            command_line(&mut out, &run.command);
            heredocs = &run.heredocs;
        }
        Command::Cmd(cmd) => command_line(&mut out, &cmd.command),
        Command::Entrypoint(entrypoint) => command_line(&mut out, &entrypoint.command),
        Command::Shell(shell) => json(&mut out, &shell.shell),
        Command::Env(env) => pairs(&mut out, &env.pairs, env.legacy),
        Command::Label(label) => pairs(&mut out, &label.pairs, label.legacy),
        Command::Arg(arg) => {
            for decl in &arg.args {
                out.push(' ');
                out.push_str(&decl.name.value);
                if let Some(default) = &decl.default {
                    out.push('=');
                    out.push_str(&default.value);
                }
            }
        }
        Command::Copy(copy) => {
            paths(&mut out, &copy.sources, &copy.dest);
            heredocs = &copy.heredocs;
        }
        Command::Add(add) => {
            paths(&mut out, &add.sources, &add.dest);
            heredocs = &add.heredocs;
        }
        Command::Expose(expose) => words(&mut out, &expose.ports.iter().collect::<Vec<_>>()),
        Command::Volume(volume) => {
            if volume.paths.iter().any(|p| p.value.contains(char::is_whitespace) || p.value.starts_with('[')) {
                json(&mut out, &volume.paths);
            } else {
                words(&mut out, &volume.paths.iter().collect::<Vec<_>>());
            }
        }
        Command::User(user) => words(&mut out, &[&user.user]),
        Command::Workdir(workdir) => words(&mut out, &[&workdir.path]),
        Command::Stopsignal(signal) => words(&mut out, &[&signal.signal]),
        Command::Maintainer(maintainer) => words(&mut out, &[&maintainer.name]),
        Command::Onbuild(onbuild) => {
            out.push(' ');
            out.push_str(&render(&onbuild.trigger));
            return out;
        }
        Command::Healthcheck(HealthcheckCommand::None) => out.push_str(" NONE"),
        Command::Healthcheck(HealthcheckCommand::Cmd { command, .. }) => {
            out.push_str(" CMD");
            command_line(&mut out, command);
        }
        Command::Error => return instruction.original.to_string(),
    }
    for heredoc in heredocs {
        out.push('\n');
        out.push_str(&heredoc.content);
        out.push_str(&heredoc.name);
    }
    out
}

fn command_line(out: &mut String, command: &CommandLine) {
    match command {
        CommandLine::Exec(items) => json(out, items),
        CommandLine::Shell(text) if text.value.is_empty() => {}
        CommandLine::Shell(text) => {
            out.push(' ');
            out.push_str(&text.value);
        }
    }
}

fn json(out: &mut String, items: &[Spanned<Text>]) {
    let values: Vec<&str> = items.iter().map(|i| i.value.as_str()).collect();
    out.push(' ');
    out.push_str(&serde_json::to_string(&values).unwrap_or_default().replace("\",\"", "\", \""));
}

fn pairs(out: &mut String, pairs: &[crate::instruction::KeyValue], legacy: bool) {
    for pair in pairs {
        out.push(' ');
        out.push_str(&pair.key.value);
        out.push(if legacy { ' ' } else { '=' });
        out.push_str(&pair.value.value);
    }
}

fn paths(out: &mut String, sources: &[Spanned<Text>], dest: &Spanned<Text>) {
    let all: Vec<Spanned<Text>> = sources.iter().chain(std::iter::once(dest)).cloned().collect();
    if all.iter().any(|p| p.value.is_empty() || p.value.contains(char::is_whitespace) || p.value.starts_with('[')) {
        json(out, &all);
    } else {
        for path in &all {
            out.push(' ');
            out.push_str(&path.value);
        }
    }
}
