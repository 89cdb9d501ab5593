//! Nodes to typed instructions, after BuildKit's `instructions/parse.go` (S-PARSE-5, S-PARSE-8,
//! S-PARSE-9, S-INSTR-*).
//!
//! [`build`] never fails: an instruction that BuildKit would reject becomes `Command::Error` plus an
//! error diagnostic whose message carries BuildKit's `dockerfile parse error on line N: ` prefix.

use crate::diagnostic::Diagnostic;
use crate::instruction::{
    AddCommand, ArgCommand, ArgDecl, CmdCommand, Command, CommandLine, CopyCommand, CopyFlags, EntrypointCommand,
    EnvCommand, ExposeCommand, Flag, FromCommand, HealthcheckCommand, Heredoc, Instruction, KeyValue, LabelCommand,
    MaintainerCommand, NodeArg, OnbuildCommand, RunCommand, ShellCommand, Spanned, StopsignalCommand, UserCommand,
    VolumeCommand, WorkdirCommand,
};
use crate::text::Span;

use super::flags::{Kind, Values, parse_duration, parse_flags, to_flags};
use super::heredoc;
use super::lexer::{Line, SourceMap};
use super::node::{Keyword, RawNode};
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

/// What every node of one logical line shares: its text, source map, lines and span.
struct Context<'l> {
    text: &'l str,
    map: &'l SourceMap,
    start_line: usize,
    end_line: usize,
    span: Span,
}

/// Builds the typed instruction of one line. The diagnostic, if any, is its error.
pub(crate) fn build(line: Line<'_>) -> (Instruction, Option<Diagnostic>) {
    let Line { mut raw, text, map, start_line, end_line, span, heredocs, empty_continuation: _ } = line;
    let context = Context { text: &text, map: &map, start_line, end_line, span };
    let error = raw.error.take();
    let (mut instruction, failure) = build_node(&context, raw, heredocs);
    let diagnostic = match (error, failure) {
        (Some(error), _) => Some(Diagnostic::error(error.code, span, error.message)),
        (None, Some((code, message))) => {
            Some(Diagnostic::error(code, span, format!("dockerfile parse error on line {start_line}: {message}")))
        }
        (None, None) => None,
    };
    if diagnostic.is_some() {
        instruction.command = Command::Error;
    }
    (instruction, diagnostic)
}

/// The arguments of a node with their source spans: the typed model's own copy of each value.
struct Args {
    items: Vec<Spanned<String>>,
    json: bool,
    rest: Span,
}

fn build_node(context: &Context<'_>, raw: RawNode, heredocs: Vec<Heredoc>) -> (Instruction, Option<Failure>) {
    let RawNode { node, keyword: kind, name, flags: flag_ranges, args: arg_ranges, rest, nested, error: _ } = raw;
    let map = context.map;
    let flag_spans: Vec<Span> = flag_ranges.iter().map(|r| map.span(r)).collect();
    let flags = to_flags(&node.flags, &flag_spans);
    let mut items = Vec::with_capacity(arg_ranges.len());
    for (arg, range) in node.args.iter().zip(&arg_ranges) {
        if let NodeArg::Str(s) = arg {
            items.push(Spanned::new(s.clone(), map.span(range)));
        }
    }
    let args = Args { items, json: node.json, rest: map.span(&rest) };
    let keyword = Spanned::new(node.name.clone(), map.span(&name));
    let original = context.text[name.start..rest.end.max(name.end)].to_string();
    let result = match kind {
        Some(Keyword::Onbuild) => onbuild(context, nested, &rest, &flags, heredocs),
        Some(kind) => command(kind, args, &flags, heredocs),
        None => Err(unknown(&node.name)),
    };
    let (command, failure) = match result {
        Ok(command) => (command, None),
        Err(failure) => (Command::Error, Some(failure)),
    };
    let instruction = Instruction {
        command,
        node,
        keyword,
        flags,
        span: context.span,
        start_line: context.start_line,
        end_line: context.end_line,
        original,
    };
    (instruction, failure)
}

fn unknown(name: &str) -> Failure {
    let message = suggest::wrap(format!("unknown instruction: {name}"), name, INSTRUCTIONS, false);
    ("unknown-instruction", message)
}

fn at_least_one(name: &str) -> Failure {
    ("missing-argument", format!("{name} requires at least one argument"))
}

fn exactly_one(name: &str) -> Failure {
    ("wrong-argument-count", format!("{name} requires exactly one argument"))
}

fn check_flags<'a>(flags: &'a [Flag], accepted: &[(&'static str, Kind)]) -> Result<Values<'a>, Failure> {
    parse_flags(flags, accepted).map_err(|(message, _)| {
        let code = if message.starts_with("unknown flag") { "unknown-flag" } else { "invalid-flag" };
        (code, message)
    })
}

fn command_line(args: Args) -> CommandLine {
    if args.json {
        CommandLine::Exec(args.items)
    } else {
        match args.items.into_iter().next() {
            Some(text) => CommandLine::Shell(text),
            None => CommandLine::Shell(Spanned::new(String::new(), args.rest)),
        }
    }
}

fn one(args: Args, name: &str, flags: &[Flag]) -> Result<Spanned<String>, Failure> {
    if args.items.len() != 1 {
        return Err(exactly_one(name));
    }
    check_flags(flags, &[])?;
    Ok(args.items.into_iter().next().unwrap_or_else(|| Spanned::new(String::new(), args.rest)))
}

fn command(kind: Keyword, args: Args, flags: &[Flag], heredocs: Vec<Heredoc>) -> Result<Command, Failure> {
    Ok(match kind {
        Keyword::From => Command::From(from(args, flags)?),
        Keyword::Run => {
            let values = check_flags(flags, &[("mount", Kind::Strs), ("network", Kind::Str), ("security", Kind::Str)])?;
            Command::Run(RunCommand {
                command: command_line(args),
                mounts: values.all("mount"),
                network: values.get("network").map(str::to_string),
                security: values.get("security").map(str::to_string),
                heredocs,
            })
        }
        Keyword::Cmd => {
            check_flags(flags, &[])?;
            Command::Cmd(CmdCommand { command: command_line(args) })
        }
        Keyword::Entrypoint => {
            check_flags(flags, &[])?;
            Command::Entrypoint(EntrypointCommand { command: command_line(args) })
        }
        Keyword::Shell => {
            check_flags(flags, &[])?;
            if args.items.is_empty() {
                return Err(at_least_one("SHELL"));
            }
            if !args.json {
                return Err(("shell-not-json", "SHELL requires the arguments to be in JSON form".to_string()));
            }
            Command::Shell(ShellCommand { shell: args.items })
        }
        Keyword::Env => {
            check_flags(flags, &[])?;
            let (pairs, legacy) = pairs(args, "ENV")?;
            Command::Env(EnvCommand { pairs, legacy })
        }
        Keyword::Label => {
            check_flags(flags, &[])?;
            let (pairs, legacy) = pairs(args, "LABEL")?;
            Command::Label(LabelCommand { pairs, legacy })
        }
        Keyword::Arg => Command::Arg(arg(args, flags)?),
        Keyword::Copy => copy_or_add(false, args, flags, heredocs)?,
        Keyword::Add => copy_or_add(true, args, flags, heredocs)?,
        Keyword::Expose => {
            if args.items.is_empty() {
                return Err(at_least_one("EXPOSE"));
            }
            check_flags(flags, &[])?;
            Command::Expose(ExposeCommand { ports: args.items })
        }
        Keyword::Volume => {
            check_flags(flags, &[])?;
            if args.items.is_empty() {
                return Err(at_least_one("VOLUME"));
            }
            if args.items.iter().any(|v| v.value.trim().is_empty()) {
                return Err(("empty-volume", "VOLUME specified can not be an empty string".to_string()));
            }
            Command::Volume(VolumeCommand { paths: args.items })
        }
        Keyword::User => Command::User(UserCommand { user: one(args, "USER", flags)? }),
        Keyword::Workdir => Command::Workdir(WorkdirCommand { path: one(args, "WORKDIR", flags)? }),
        Keyword::Stopsignal => Command::Stopsignal(StopsignalCommand { signal: one(args, "STOPSIGNAL", flags)? }),
        Keyword::Maintainer => Command::Maintainer(MaintainerCommand { name: one(args, "MAINTAINER", flags)? }),
        Keyword::Healthcheck => Command::Healthcheck(healthcheck(args, flags)?),
        // ONBUILD needs the nested node; `build_node` handles it before calling this.
        Keyword::Onbuild => return Err(at_least_one("ONBUILD")),
    })
}

fn from(args: Args, flags: &[Flag]) -> Result<FromCommand, Failure> {
    let items = &args.items;
    let has_alias = items.len() == 3 && items[1].value.eq_ignore_ascii_case("as");
    if has_alias {
        let name = items[2].value.to_lowercase();
        let mut chars = name.chars();
        let valid = chars.next().is_some_and(|c| c.is_ascii_lowercase())
            && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'));
        if !valid {
            let message = format!(
                "invalid name for build stage: {}, name can't start with a number or contain symbols",
                super::quote::quote(&items[2].value)
            );
            return Err(("invalid-stage-name", message));
        }
    } else if items.len() != 1 {
        return Err(("wrong-argument-count", "FROM requires either one or three arguments".to_string()));
    }
    let values = check_flags(flags, &[("platform", Kind::Str)])?;
    let platform = values.get("platform").map(str::to_string);
    let mut items = args.items.into_iter();
    let image = items.next().unwrap_or_else(|| Spanned::new(String::new(), args.rest));
    let alias = if has_alias { items.nth(1) } else { None };
    Ok(FromCommand { image, alias, platform })
}

fn pairs(args: Args, name: &str) -> Result<(Vec<KeyValue>, bool), Failure> {
    if args.items.is_empty() {
        return Err(at_least_one(name));
    }
    if !args.items.len().is_multiple_of(3) {
        return Err(("too-many-arguments", format!("Bad input to {name}, too many arguments")));
    }
    let mut pairs = Vec::with_capacity(args.items.len() / 3);
    let mut legacy = false;
    let mut items = args.items.into_iter();
    while let (Some(key), Some(value), Some(separator)) = (items.next(), items.next(), items.next()) {
        if key.value.is_empty() {
            return Err(("blank-name", format!("{name} names can not be blank")));
        }
        legacy = separator.value.is_empty();
        pairs.push(KeyValue { key, value });
    }
    Ok((pairs, legacy))
}

fn arg(args: Args, flags: &[Flag]) -> Result<ArgCommand, Failure> {
    if args.items.is_empty() {
        return Err(at_least_one("ARG"));
    }
    check_flags(flags, &[])?;
    let mut decls = Vec::with_capacity(args.items.len());
    for mut item in args.items {
        let decl = match item.value.find('=') {
            Some(eq) => {
                if eq == 0 {
                    return Err(("blank-name", "ARG names can not be blank".to_string()));
                }
                let default = item.value[eq + 1..].to_string();
                item.value.truncate(eq);
                let at = item.span.start + eq;
                ArgDecl {
                    name: Spanned::new(item.value, Span::new(item.span.start, at)),
                    default: Some(Spanned::new(default, Span::new(at + 1, item.span.end))),
                }
            }
            None => ArgDecl { name: item, default: None },
        };
        decls.push(decl);
    }
    Ok(ArgCommand { args: decls })
}

fn copy_or_add(is_add: bool, mut args: Args, flags: &[Flag], heredocs: Vec<Heredoc>) -> Result<Command, Failure> {
    let name = if is_add { "ADD" } else { "COPY" };
    if args.items.len() < 2 {
        return Err((
            "missing-destination",
            format!(
                "{name} requires at least two arguments, but only one was provided. Destination could not be determined"
            ),
        ));
    }
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
    let dest = args.items.pop().unwrap_or_else(|| Spanned::new(String::new(), args.rest));
    if !heredoc_openers(&dest.value).is_empty() {
        return Err(("heredoc-destination", format!("{name} cannot accept a heredoc as a destination")));
    }
    let copy_flags = CopyFlags {
        chown: values.get("chown").map(str::to_string),
        chmod: values.get("chmod").map(str::to_string),
        link: values.is_true("link"),
        exclude: values.all("exclude"),
    };
    let sources = args.items;
    Ok(if is_add {
        Command::Add(AddCommand {
            sources,
            dest,
            checksum: values.get("checksum").map(str::to_string),
            keep_git_dir: values.is_true("keep-git-dir"),
            unpack: values.get("unpack").map(|v| v == "true"),
            flags: copy_flags,
            heredocs,
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
            heredocs,
        })
    })
}

fn heredoc_openers(word: &str) -> Vec<heredoc::Opener> {
    if word.contains("<<") { heredoc::openers(word) } else { Vec::new() }
}

fn healthcheck(mut args: Args, flags: &[Flag]) -> Result<HealthcheckCommand, Failure> {
    let Some(kind) = args.items.first() else {
        return Err(at_least_one("HEALTHCHECK"));
    };
    let kind = kind.value.to_uppercase();
    if kind == "NONE" {
        if args.items.len() > 1 {
            return Err(("healthcheck-none-args", "HEALTHCHECK NONE takes no arguments".to_string()));
        }
        return Ok(HealthcheckCommand::None);
    }
    let names = ["interval", "timeout", "start-period", "start-interval", "retries"];
    let accepted: Vec<(&'static str, Kind)> = names.iter().map(|n| (*n, Kind::Str)).collect();
    let values = check_flags(flags, &accepted)?;
    if kind != "CMD" {
        return Err((
            "healthcheck-type",
            format!("Unknown type {} in HEALTHCHECK (try CMD)", super::quote::quote(&kind)),
        ));
    }
    args.items.remove(0);
    let rest = args;
    if rest.items.is_empty() {
        return Err(("healthcheck-missing-command", "Missing command after HEALTHCHECK CMD".to_string()));
    }
    for name in &names[..4] {
        if let Some(value) = values.get(name).filter(|v| !v.is_empty()) {
            let nanos = parse_duration(value).map_err(|m| ("invalid-duration", m))?;
            if nanos != 0.0 && nanos < 1e6 {
                return Err((
                    "invalid-duration",
                    format!("Interval {} cannot be less than 1ms", super::quote::quote(name)),
                ));
            }
        }
    }
    let retries = match values.get("retries").filter(|v| !v.is_empty()) {
        None => None,
        Some(text) => {
            let parsed: i64 = text.parse().map_err(|_| {
                ("invalid-retries", format!("strconv.ParseInt: parsing {}: invalid syntax", super::quote::quote(text)))
            })?;
            if parsed > i64::from(i32::MAX) || parsed < i64::from(i32::MIN) {
                return Err((
                    "invalid-retries",
                    format!("strconv.ParseInt: parsing {}: value out of range", super::quote::quote(text)),
                ));
            }
            if parsed < 0 {
                return Err(("invalid-retries", format!("--retries cannot be negative ({parsed})")));
            }
            u32::try_from(parsed).ok()
        }
    };
    let get = |name: &str| values.get(name).map(str::to_string);
    Ok(HealthcheckCommand::Cmd {
        command: command_line(rest),
        interval: get("interval"),
        timeout: get("timeout"),
        start_period: get("start-period"),
        start_interval: get("start-interval"),
        retries,
    })
}

fn onbuild(
    context: &Context<'_>,
    nested: Option<Box<RawNode>>,
    rest: &std::ops::Range<usize>,
    flags: &[Flag],
    heredocs: Vec<Heredoc>,
) -> Result<Command, Failure> {
    let Some(nested) = nested else {
        return Err(at_least_one("ONBUILD"));
    };
    check_flags(flags, &[])?;
    let trigger_name = nested.node.name.trim().to_uppercase();
    match trigger_name.as_str() {
        "ONBUILD" => {
            return Err(("onbuild-chain", "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed".to_string()));
        }
        "MAINTAINER" | "FROM" => {
            return Err(("onbuild-trigger", format!("{trigger_name} isn't allowed as an ONBUILD trigger")));
        }
        _ => {}
    }
    let mut expression = context.text[rest.clone()].to_string();
    for heredoc in &heredocs {
        expression.push('\n');
        expression.push_str(&heredoc.content);
        expression.push_str(&heredoc.name);
    }
    // The trigger is checked only when it runs in a child build, so its own errors are not reported here.
    let (trigger, _) = build_node(context, *nested, heredocs);
    Ok(Command::Onbuild(OnbuildCommand { trigger: Box::new(trigger), expression }))
}
