//! Nodes to typed instructions, after BuildKit's `instructions/parse.go` (S-PARSE-5, S-PARSE-8,
//! S-PARSE-9, S-INSTR-*).
//!
//! [`build`] never fails: an instruction that BuildKit would reject becomes `Command::Error` plus an
//! error diagnostic whose message carries BuildKit's `dockerfile parse error on line N: ` prefix.

use crate::diagnostic::Diagnostic;
use crate::instruction::{
    AddCommand, ArgCommand, ArgDecl, CmdCommand, Command, CommandLine, CopyCommand, CopyFlags,
    EntrypointCommand, EnvCommand, ExposeCommand, Flag, FromCommand, HealthcheckCommand, Heredoc,
    Instruction, KeyValue, LabelCommand, MaintainerCommand, NodeArg, OnbuildCommand, RunCommand,
    ShellCommand, Spanned, StopsignalCommand, UserCommand, VolumeCommand, WorkdirCommand,
};
use crate::text::Span;

use super::flags::{Kind, Values, parse_duration, parse_flags, to_flags};
use super::heredoc;
use super::lexer::Line;
use super::node::RawNode;
use super::suggest;

/// Every instruction name, for "did you mean" (BuildKit's `allInstructionNames`).
const INSTRUCTIONS: &[&str] = &[
    "add",
    "arg",
    "cmd",
    "copy",
    "entrypoint",
    "env",
    "expose",
    "from",
    "healthcheck",
    "label",
    "maintainer",
    "onbuild",
    "run",
    "shell",
    "stopsignal",
    "user",
    "volume",
    "workdir",
];

/// An instruction-level failure: a stable code and BuildKit's message without the line prefix.
type Failure = (&'static str, String);

/// Builds the typed instruction of one line. The diagnostic, if any, is its error.
pub(crate) fn build(line: &Line) -> (Instruction, Option<Diagnostic>) {
    let (mut instruction, failure) = build_node(line, &line.raw, &line.heredocs, line.span);
    let diagnostic = match (&line.raw.error, failure) {
        (Some(error), _) => Some(Diagnostic::error(
            error.code,
            line.span,
            error.message.clone(),
        )),
        (None, Some((code, message))) => Some(Diagnostic::error(
            code,
            line.span,
            format!(
                "dockerfile parse error on line {}: {message}",
                line.start_line
            ),
        )),
        (None, None) => None,
    };
    if diagnostic.is_some() {
        instruction.command = Command::Error;
    }
    (instruction, diagnostic)
}

/// The arguments of a node with their source spans.
struct Args {
    items: Vec<Spanned<String>>,
    json: bool,
    rest: Span,
}

impl Args {
    fn values(&self) -> impl Iterator<Item = &str> {
        self.items.iter().map(|s| s.value.as_str())
    }
}

fn build_node(
    line: &Line,
    raw: &RawNode,
    heredocs: &[Heredoc],
    span: Span,
) -> (Instruction, Option<Failure>) {
    let flag_spans: Vec<Span> = raw.flags.iter().map(|r| line.map.span(r)).collect();
    let flags = to_flags(&raw.node.flags, &flag_spans);
    let items = raw
        .node
        .args
        .iter()
        .zip(&raw.args)
        .filter_map(|(arg, range)| match arg {
            NodeArg::Str(s) => Some(Spanned::new(s.clone(), line.map.span(range))),
            NodeArg::Nested(_) => None,
        })
        .collect();
    let args = Args {
        items,
        json: raw.node.json,
        rest: line.map.span(&raw.rest),
    };
    let keyword = Spanned::new(raw.node.name.clone(), line.map.span(&raw.name));
    let original = line.text[raw.name.start..raw.rest.end.max(raw.name.end)].to_string();
    let result = command(line, raw, &args, &flags, heredocs, span);
    let (command, failure) = match result {
        Ok(command) => (command, None),
        Err(failure) => (Command::Error, Some(failure)),
    };
    let instruction = Instruction {
        command,
        node: raw.node.clone(),
        keyword,
        flags,
        span,
        start_line: line.start_line,
        end_line: line.end_line,
        original,
    };
    (instruction, failure)
}

fn at_least_one(name: &str) -> Failure {
    (
        "missing-argument",
        format!("{name} requires at least one argument"),
    )
}

fn exactly_one(name: &str) -> Failure {
    (
        "wrong-argument-count",
        format!("{name} requires exactly one argument"),
    )
}

fn check_flags(flags: &[Flag], accepted: &[(&'static str, Kind)]) -> Result<Values, Failure> {
    parse_flags(flags, accepted).map_err(|(message, _)| {
        let code = if message.starts_with("unknown flag") {
            "unknown-flag"
        } else {
            "invalid-flag"
        };
        (code, message)
    })
}

fn command_line(args: &Args) -> CommandLine {
    if args.json {
        CommandLine::Exec(args.items.clone())
    } else {
        match args.items.first() {
            Some(text) => CommandLine::Shell(text.clone()),
            None => CommandLine::Shell(Spanned::new(String::new(), args.rest)),
        }
    }
}

fn one(args: &Args, name: &str, flags: &[Flag]) -> Result<Spanned<String>, Failure> {
    if args.items.len() != 1 {
        return Err(exactly_one(name));
    }
    check_flags(flags, &[])?;
    Ok(args.items[0].clone())
}

fn command(
    line: &Line,
    raw: &RawNode,
    args: &Args,
    flags: &[Flag],
    heredocs: &[Heredoc],
    span: Span,
) -> Result<Command, Failure> {
    let lower = raw.node.name.to_lowercase();
    Ok(match lower.as_str() {
        "from" => Command::From(from(args, flags)?),
        "run" => {
            let values = check_flags(
                flags,
                &[
                    ("mount", Kind::Strs),
                    ("network", Kind::Str),
                    ("security", Kind::Str),
                ],
            )?;
            Command::Run(RunCommand {
                command: command_line(args),
                mounts: values.all("mount"),
                network: values.get("network").map(str::to_string),
                security: values.get("security").map(str::to_string),
                heredocs: heredocs.to_vec(),
            })
        }
        "cmd" => {
            check_flags(flags, &[])?;
            Command::Cmd(CmdCommand {
                command: command_line(args),
            })
        }
        "entrypoint" => {
            check_flags(flags, &[])?;
            Command::Entrypoint(EntrypointCommand {
                command: command_line(args),
            })
        }
        "shell" => {
            check_flags(flags, &[])?;
            if args.items.is_empty() {
                return Err(at_least_one("SHELL"));
            }
            if !args.json {
                return Err((
                    "shell-not-json",
                    "SHELL requires the arguments to be in JSON form".to_string(),
                ));
            }
            Command::Shell(ShellCommand {
                shell: args.items.clone(),
            })
        }
        "env" => {
            check_flags(flags, &[])?;
            let (pairs, legacy) = pairs(args, "ENV")?;
            Command::Env(EnvCommand { pairs, legacy })
        }
        "label" => {
            check_flags(flags, &[])?;
            let (pairs, legacy) = pairs(args, "LABEL")?;
            Command::Label(LabelCommand { pairs, legacy })
        }
        "arg" => Command::Arg(arg(args, flags)?),
        "copy" | "add" => copy_or_add(&lower, args, flags, heredocs)?,
        "expose" => {
            if args.items.is_empty() {
                return Err(at_least_one("EXPOSE"));
            }
            check_flags(flags, &[])?;
            Command::Expose(ExposeCommand {
                ports: args.items.clone(),
            })
        }
        "volume" => {
            check_flags(flags, &[])?;
            if args.items.is_empty() {
                return Err(at_least_one("VOLUME"));
            }
            if args.values().any(|v| v.trim().is_empty()) {
                return Err((
                    "empty-volume",
                    "VOLUME specified can not be an empty string".to_string(),
                ));
            }
            Command::Volume(VolumeCommand {
                paths: args.items.clone(),
            })
        }
        "user" => Command::User(UserCommand {
            user: one(args, "USER", flags)?,
        }),
        "workdir" => Command::Workdir(WorkdirCommand {
            path: one(args, "WORKDIR", flags)?,
        }),
        "stopsignal" => Command::Stopsignal(StopsignalCommand {
            signal: one(args, "STOPSIGNAL", flags)?,
        }),
        "maintainer" => Command::Maintainer(MaintainerCommand {
            name: one(args, "MAINTAINER", flags)?,
        }),
        "healthcheck" => Command::Healthcheck(healthcheck(args, flags)?),
        "onbuild" => onbuild(line, raw, flags, heredocs, span)?,
        _ => {
            let message = suggest::wrap(
                format!("unknown instruction: {}", raw.node.name),
                &raw.node.name,
                INSTRUCTIONS,
                false,
            );
            return Err(("unknown-instruction", message));
        }
    })
}

fn from(args: &Args, flags: &[Flag]) -> Result<FromCommand, Failure> {
    let items = &args.items;
    let alias = if items.len() == 3 && items[1].value.eq_ignore_ascii_case("as") {
        let name = items[2].value.to_lowercase();
        let mut chars = name.chars();
        let valid = chars.next().is_some_and(|c| c.is_ascii_lowercase())
            && chars.all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.')
            });
        if !valid {
            let message = format!(
                "invalid name for build stage: {}, name can't start with a number or contain symbols",
                super::quote::quote(&items[2].value)
            );
            return Err(("invalid-stage-name", message));
        }
        Some(items[2].clone())
    } else if items.len() != 1 {
        return Err((
            "wrong-argument-count",
            "FROM requires either one or three arguments".to_string(),
        ));
    } else {
        None
    };
    let values = check_flags(flags, &[("platform", Kind::Str)])?;
    Ok(FromCommand {
        image: items[0].clone(),
        alias,
        platform: values.get("platform").map(str::to_string),
    })
}

fn pairs(args: &Args, name: &str) -> Result<(Vec<KeyValue>, bool), Failure> {
    if args.items.is_empty() {
        return Err(at_least_one(name));
    }
    if !args.items.len().is_multiple_of(3) {
        return Err((
            "too-many-arguments",
            format!("Bad input to {name}, too many arguments"),
        ));
    }
    let mut pairs = Vec::with_capacity(args.items.len() / 3);
    let mut legacy = false;
    for triple in args.items.chunks(3) {
        if triple[0].value.is_empty() {
            return Err(("blank-name", format!("{name} names can not be blank")));
        }
        legacy = triple[2].value.is_empty();
        pairs.push(KeyValue {
            key: triple[0].clone(),
            value: triple[1].clone(),
        });
    }
    Ok((pairs, legacy))
}

fn arg(args: &Args, flags: &[Flag]) -> Result<ArgCommand, Failure> {
    if args.items.is_empty() {
        return Err(at_least_one("ARG"));
    }
    check_flags(flags, &[])?;
    let mut decls = Vec::with_capacity(args.items.len());
    for item in &args.items {
        let decl = match item.value.split_once('=') {
            Some((name, default)) => {
                if name.is_empty() {
                    return Err(("blank-name", "ARG names can not be blank".to_string()));
                }
                let eq = item.span.start + name.len();
                ArgDecl {
                    name: Spanned::new(name.to_string(), Span::new(item.span.start, eq)),
                    default: Some(Spanned::new(
                        default.to_string(),
                        Span::new(eq + 1, item.span.end),
                    )),
                }
            }
            None => ArgDecl {
                name: item.clone(),
                default: None,
            },
        };
        decls.push(decl);
    }
    Ok(ArgCommand { args: decls })
}

fn copy_or_add(
    lower: &str,
    args: &Args,
    flags: &[Flag],
    heredocs: &[Heredoc],
) -> Result<Command, Failure> {
    let name = lower.to_uppercase();
    if args.items.len() < 2 {
        return Err((
            "missing-destination",
            format!(
                "{name} requires at least two arguments, but only one was provided. Destination could not be determined"
            ),
        ));
    }
    let is_add = lower == "add";
    let accepted: &[(&'static str, Kind)] = if is_add {
        &[
            ("chown", Kind::Str),
            ("chmod", Kind::Str),
            ("link", Kind::Bool),
            ("keep-git-dir", Kind::Bool),
            ("checksum", Kind::Str),
            ("exclude", Kind::Strs),
            ("unpack", Kind::Bool),
        ]
    } else {
        &[
            ("chown", Kind::Str),
            ("from", Kind::Str),
            ("chmod", Kind::Str),
            ("link", Kind::Bool),
            ("parents", Kind::Bool),
            ("exclude", Kind::Strs),
        ]
    };
    let values = check_flags(flags, accepted)?;
    let (sources, dest) = args.items.split_at(args.items.len() - 1);
    let dest = dest[0].clone();
    if !heredoc_openers(&dest.value).is_empty() {
        return Err((
            "heredoc-destination",
            format!("{name} cannot accept a heredoc as a destination"),
        ));
    }
    let copy_flags = CopyFlags {
        chown: values.get("chown").map(str::to_string),
        chmod: values.get("chmod").map(str::to_string),
        link: values.is_true("link"),
        exclude: values.all("exclude"),
    };
    let sources = sources.to_vec();
    Ok(if is_add {
        Command::Add(AddCommand {
            sources,
            dest,
            checksum: values.get("checksum").map(str::to_string),
            keep_git_dir: values.is_true("keep-git-dir"),
            unpack: values.get("unpack").map(|v| v == "true"),
            flags: copy_flags,
            heredocs: heredocs.to_vec(),
        })
    } else {
        let from = flags.iter().rev().find(|f| f.name == "from").and_then(|f| {
            let value = f.value.clone()?;
            let start = f.span.end - value.len().min(f.span.len());
            Some(Spanned::new(value, Span::new(start, f.span.end)))
        });
        Command::Copy(CopyCommand {
            sources,
            dest,
            from,
            parents: values.is_true("parents"),
            flags: copy_flags,
            heredocs: heredocs.to_vec(),
        })
    })
}

fn heredoc_openers(word: &str) -> Vec<heredoc::Opener> {
    if word.contains("<<") {
        heredoc::openers(word)
    } else {
        Vec::new()
    }
}

fn healthcheck(args: &Args, flags: &[Flag]) -> Result<HealthcheckCommand, Failure> {
    let Some(kind) = args.items.first() else {
        return Err(at_least_one("HEALTHCHECK"));
    };
    let kind = kind.value.to_uppercase();
    if kind == "NONE" {
        if args.items.len() > 1 {
            return Err((
                "healthcheck-none-args",
                "HEALTHCHECK NONE takes no arguments".to_string(),
            ));
        }
        return Ok(HealthcheckCommand::None);
    }
    let names = [
        "interval",
        "timeout",
        "start-period",
        "start-interval",
        "retries",
    ];
    let accepted: Vec<(&'static str, Kind)> = names.iter().map(|n| (*n, Kind::Str)).collect();
    let values = check_flags(flags, &accepted)?;
    if kind != "CMD" {
        return Err((
            "healthcheck-type",
            format!(
                "Unknown type {} in HEALTHCHECK (try CMD)",
                super::quote::quote(&kind)
            ),
        ));
    }
    let rest = Args {
        items: args.items[1..].to_vec(),
        json: args.json,
        rest: args.rest,
    };
    if rest.items.is_empty() {
        return Err((
            "healthcheck-missing-command",
            "Missing command after HEALTHCHECK CMD".to_string(),
        ));
    }
    for name in &names[..4] {
        if let Some(value) = values.get(name).filter(|v| !v.is_empty()) {
            let nanos = parse_duration(value).map_err(|m| ("invalid-duration", m))?;
            if nanos != 0.0 && nanos < 1e6 {
                return Err((
                    "invalid-duration",
                    format!(
                        "Interval {} cannot be less than 1ms",
                        super::quote::quote(name)
                    ),
                ));
            }
        }
    }
    let retries = match values.get("retries").filter(|v| !v.is_empty()) {
        None => None,
        Some(text) => {
            let parsed: i64 = text.parse().map_err(|_| {
                (
                    "invalid-retries",
                    format!(
                        "strconv.ParseInt: parsing {}: invalid syntax",
                        super::quote::quote(text)
                    ),
                )
            })?;
            if parsed > i64::from(i32::MAX) || parsed < i64::from(i32::MIN) {
                return Err((
                    "invalid-retries",
                    format!(
                        "strconv.ParseInt: parsing {}: value out of range",
                        super::quote::quote(text)
                    ),
                ));
            }
            if parsed < 0 {
                return Err((
                    "invalid-retries",
                    format!("--retries cannot be negative ({parsed})"),
                ));
            }
            u32::try_from(parsed).ok()
        }
    };
    let get = |name: &str| values.get(name).map(str::to_string);
    Ok(HealthcheckCommand::Cmd {
        command: command_line(&rest),
        interval: get("interval"),
        timeout: get("timeout"),
        start_period: get("start-period"),
        start_interval: get("start-interval"),
        retries,
    })
}

fn onbuild(
    line: &Line,
    raw: &RawNode,
    flags: &[Flag],
    heredocs: &[Heredoc],
    span: Span,
) -> Result<Command, Failure> {
    let Some(nested) = &raw.nested else {
        return Err(at_least_one("ONBUILD"));
    };
    check_flags(flags, &[])?;
    let trigger_name = nested.node.name.trim().to_uppercase();
    match trigger_name.as_str() {
        "ONBUILD" => {
            return Err((
                "onbuild-chain",
                "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed".to_string(),
            ));
        }
        "MAINTAINER" | "FROM" => {
            return Err((
                "onbuild-trigger",
                format!("{trigger_name} isn't allowed as an ONBUILD trigger"),
            ));
        }
        _ => {}
    }
    // The trigger is checked only when it runs in a child build, so its own errors are not reported here.
    let (trigger, _) = build_node(line, nested, heredocs, span);
    let mut expression = line.text[raw.rest.clone()].to_string();
    for heredoc in heredocs {
        expression.push('\n');
        expression.push_str(&heredoc.content);
        expression.push_str(&heredoc.name);
    }
    Ok(Command::Onbuild(OnbuildCommand {
        trigger: Box::new(trigger),
        expression,
    }))
}
