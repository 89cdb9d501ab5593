//! Nodes to typed instructions, after BuildKit's `instructions/parse.go` (S-PARSE-5, S-PARSE-8,
//! S-PARSE-9, S-INSTR-*).
//!
//! [`build`] never fails: an instruction that BuildKit would reject becomes `Command::Error` plus an
//! error diagnostic whose message carries BuildKit's `dockerfile parse error on line N: ` prefix.

use crate::diagnostic::Diagnostic;
use crate::instruction::{
    AddCommand, ArgCommand, ArgDecl, CmdCommand, Command, CommandLine, CopyCommand, CopyFlags, EntrypointCommand,
    EnvCommand, ExposeCommand, Flag, FromCommand, HealthcheckCommand, Heredoc, Instruction, KeyValue, LabelCommand,
    MaintainerCommand, Node, NodeArg, OnbuildCommand, RunCommand, ShellCommand, Spanned, StopsignalCommand,
    UserCommand, VolumeCommand, WorkdirCommand,
};
use std::ops::Range;
use std::sync::Arc;

use crate::text::{Span, Text};

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

/// What every node of one logical line shares: its buffer, source map, ranges, lines and span.
struct Context<'l> {
    base: &'l Arc<str>,
    map: &'l SourceMap,
    /// The flag and argument ranges the node parser appended (see `RawNode`).
    ranges: &'l [Range<usize>],
    start_line: usize,
    end_line: usize,
    span: Span,
}

/// Builds the typed instruction of one line and appends it to `out`; `ranges` is the range buffer
/// its node was parsed with. The diagnostic, if any, is its error.
///
/// The instruction is pushed here rather than returned: it is a few hundred bytes, and every move
/// of it is a copy.
pub(crate) fn build(line: &mut Line, ranges: &[Range<usize>], out: &mut Vec<Instruction>) -> Option<Diagnostic> {
    let (span, start_line) = (line.span, line.start_line);
    let context = Context { base: &line.base, map: &line.map, ranges, start_line, end_line: line.end_line, span };
    let error = line.raw.error.take();
    let heredocs = std::mem::take(&mut line.heredocs);
    let failure = build_node(&context, &mut line.raw, heredocs, error.is_some(), out);
    match (error, failure) {
        (Some(error), _) => Some(Diagnostic::error(error.code, span, error.message)),
        (None, Some((code, message))) => {
            Some(Diagnostic::error(code, span, format!("dockerfile parse error on line {start_line}: {message}")))
        }
        (None, None) => None,
    }
}

/// A view of a node's arguments with their ranges. The typed command takes the values it keeps
/// from here: each is the node's own [`Text`], shared, with its source span.
#[derive(Clone, Copy)]
struct Args<'a> {
    values: &'a [NodeArg],
    ranges: &'a [Range<usize>],
    map: &'a SourceMap,
    base: &'a Arc<str>,
    json: bool,
    /// The text after the flags, in `base`.
    rest: &'a Range<usize>,
}

impl<'a> Args<'a> {
    fn len(&self) -> usize {
        self.values.len()
    }

    fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The text of argument `i` (empty for a nested node or a missing argument).
    fn str(&self, i: usize) -> &'a str {
        match self.values.get(i) {
            Some(NodeArg::Str(s)) => s,
            _ => "",
        }
    }

    /// Argument `i` with its source span; a missing one is empty at the start of the rest.
    fn get(&self, i: usize) -> Spanned<Text> {
        match (self.values.get(i), self.ranges.get(i)) {
            (Some(NodeArg::Str(s)), Some(range)) => Spanned::new(s.clone(), self.map.span(range)),
            _ => self.empty(),
        }
    }

    /// The empty value at the rest of the line.
    fn empty(&self) -> Spanned<Text> {
        let at = self.rest.start..self.rest.start;
        Spanned::new(Text::slice(self.base, at.clone()), self.map.span(self.rest))
    }

    /// Every argument from `from` on, with spans.
    fn all_from(&self, from: usize) -> Vec<Spanned<Text>> {
        (from..self.len()).map(|i| self.get(i)).collect()
    }

    /// The arguments after the first.
    fn skip_first(self) -> Args<'a> {
        let n = usize::from(!self.values.is_empty());
        Args { values: &self.values[n..], ranges: self.ranges.get(n..).unwrap_or_default(), ..self }
    }
}

/// Appends the instruction of one node to `out`; its command is `Command::Error` when it fails
/// (the failure is returned) or when the node parser already found an error (`node_error`). The
/// node's parts are taken out of `raw`.
fn build_node(
    context: &Context<'_>,
    raw: &mut RawNode,
    heredocs: Vec<Heredoc>,
    node_error: bool,
    out: &mut Vec<Instruction>,
) -> Option<Failure> {
    let (kind, name, rest) = (raw.keyword, raw.name.clone(), raw.rest.clone());
    let (flag_at, arg_at) = (raw.flags.clone(), raw.args.clone());
    // The raw node is reused for the next line, so its items are moved into `Vec`s of their exact
    // size, which also spares the node the growth of its `Vec`s.
    // Most instructions have no flags, so the empty lists skip the collecting altogether.
    let node = Node {
        name: raw.node.name.clone(),
        flags: if raw.node.flags.is_empty() { Vec::new() } else { raw.node.flags.drain(..).collect() },
        args: raw.node.args.drain(..).collect(),
        json: raw.node.json,
    };
    let map = context.map;
    let flags = if node.flags.is_empty() {
        Vec::new()
    } else {
        let flag_ranges = context.ranges.get(flag_at).unwrap_or_default();
        to_flags(&node.flags, flag_ranges.iter().map(|r| map.span(r)))
    };
    let keyword = Spanned::new(node.name.clone(), map.span(&name));
    let original = Text::slice(context.base, name.start..rest.end.max(name.end));
    // The instruction is pushed first and its command written in place afterwards: the typed
    // command borrows the pushed node's arguments and flags, and the few hundred bytes of the
    // instruction are moved once instead of through a result, a tuple and a struct literal.
    out.push(Instruction {
        command: Command::Error,
        node,
        keyword,
        flags,
        span: context.span,
        start_line: context.start_line,
        end_line: context.end_line,
        original,
    });
    let Instruction { command: slot, node, flags, .. } = out.last_mut()?;
    let args = Args {
        values: &node.args,
        ranges: context.ranges.get(arg_at).unwrap_or_default(),
        map,
        base: context.base,
        json: node.json,
        rest: &rest,
    };
    let result = match kind {
        Some(Keyword::Onbuild) => onbuild(context, raw.nested.take(), &rest, flags, heredocs),
        Some(kind) => command(kind, args, flags, heredocs),
        None => Err(unknown(&node.name)),
    };
    match result {
        Ok(_) if node_error => None,
        Ok(command) => {
            *slot = command;
            None
        }
        Err(failure) => Some(failure),
    }
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

fn command_line(args: Args<'_>) -> CommandLine {
    if args.json { CommandLine::Exec(args.all_from(0)) } else { CommandLine::Shell(args.get(0)) }
}

fn one(args: Args<'_>, name: &str, flags: &[Flag]) -> Result<Spanned<Text>, Failure> {
    if args.len() != 1 {
        return Err(exactly_one(name));
    }
    check_flags(flags, &[])?;
    Ok(args.get(0))
}

fn command(kind: Keyword, args: Args<'_>, flags: &[Flag], heredocs: Vec<Heredoc>) -> Result<Command, Failure> {
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
            if args.is_empty() {
                return Err(at_least_one("SHELL"));
            }
            if !args.json {
                return Err(("shell-not-json", "SHELL requires the arguments to be in JSON form".to_string()));
            }
            Command::Shell(ShellCommand { shell: args.all_from(0) })
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
            if args.is_empty() {
                return Err(at_least_one("EXPOSE"));
            }
            check_flags(flags, &[])?;
            Command::Expose(ExposeCommand { ports: args.all_from(0) })
        }
        Keyword::Volume => {
            check_flags(flags, &[])?;
            if args.is_empty() {
                return Err(at_least_one("VOLUME"));
            }
            if (0..args.len()).any(|i| args.str(i).trim().is_empty()) {
                return Err(("empty-volume", "VOLUME specified can not be an empty string".to_string()));
            }
            Command::Volume(VolumeCommand { paths: args.all_from(0) })
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

fn from(args: Args<'_>, flags: &[Flag]) -> Result<FromCommand, Failure> {
    let has_alias = args.len() == 3 && args.str(1).eq_ignore_ascii_case("as");
    if has_alias {
        let name = args.str(2).to_lowercase();
        let mut chars = name.chars();
        let valid = chars.next().is_some_and(|c| c.is_ascii_lowercase())
            && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'));
        if !valid {
            let message = format!(
                "invalid name for build stage: {}, name can't start with a number or contain symbols",
                super::quote::quote(args.str(2))
            );
            return Err(("invalid-stage-name", message));
        }
    } else if args.len() != 1 {
        return Err(("wrong-argument-count", "FROM requires either one or three arguments".to_string()));
    }
    let values = check_flags(flags, &[("platform", Kind::Str)])?;
    let platform = values.get("platform").map(str::to_string);
    let alias = has_alias.then(|| args.get(2));
    Ok(FromCommand { image: args.get(0), alias, platform })
}

fn pairs(args: Args<'_>, name: &str) -> Result<(Vec<KeyValue>, bool), Failure> {
    if args.is_empty() {
        return Err(at_least_one(name));
    }
    if !args.len().is_multiple_of(3) {
        return Err(("too-many-arguments", format!("Bad input to {name}, too many arguments")));
    }
    let mut pairs = Vec::with_capacity(args.len() / 3);
    let mut legacy = false;
    for i in (0..args.len()).step_by(3) {
        if args.str(i).is_empty() {
            return Err(("blank-name", format!("{name} names can not be blank")));
        }
        legacy = args.str(i + 2).is_empty();
        pairs.push(KeyValue { key: args.get(i), value: args.get(i + 1) });
    }
    Ok((pairs, legacy))
}

fn arg(args: Args<'_>, flags: &[Flag]) -> Result<ArgCommand, Failure> {
    if args.is_empty() {
        return Err(at_least_one("ARG"));
    }
    check_flags(flags, &[])?;
    let mut decls = Vec::with_capacity(args.len());
    for i in 0..args.len() {
        let item = args.get(i);
        let decl = match item.value.find('=') {
            Some(eq) => {
                if eq == 0 {
                    return Err(("blank-name", "ARG names can not be blank".to_string()));
                }
                let default = item.value.sub(eq + 1..item.value.len());
                let at = item.span.start + eq;
                ArgDecl {
                    name: Spanned::new(item.value.sub(0..eq), Span::new(item.span.start, at)),
                    default: Some(Spanned::new(default, Span::new(at + 1, item.span.end))),
                }
            }
            None => ArgDecl { name: item, default: None },
        };
        decls.push(decl);
    }
    Ok(ArgCommand { args: decls })
}

fn copy_or_add(is_add: bool, args: Args<'_>, flags: &[Flag], heredocs: Vec<Heredoc>) -> Result<Command, Failure> {
    let name = if is_add { "ADD" } else { "COPY" };
    if args.len() < 2 {
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
    let last = args.len() - 1;
    if !heredoc_openers(args.str(last)).is_empty() {
        return Err(("heredoc-destination", format!("{name} cannot accept a heredoc as a destination")));
    }
    let copy_flags = CopyFlags {
        chown: values.get("chown").map(str::to_string),
        chmod: values.get("chmod").map(str::to_string),
        link: values.is_true("link"),
        exclude: values.all("exclude"),
    };
    let dest = args.get(last);
    let sources = (0..last).map(|i| args.get(i)).collect();
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

fn healthcheck(args: Args<'_>, flags: &[Flag]) -> Result<HealthcheckCommand, Failure> {
    if args.is_empty() {
        return Err(at_least_one("HEALTHCHECK"));
    }
    let kind = args.str(0).to_uppercase();
    if kind == "NONE" {
        if args.len() > 1 {
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
    let rest = args.skip_first();
    if rest.is_empty() {
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
    let mut expression = context.base[rest.clone()].to_string();
    for heredoc in &heredocs {
        expression.push('\n');
        expression.push_str(&heredoc.content);
        expression.push_str(&heredoc.name);
    }
    // The trigger is checked only when it runs in a child build, so its own errors are not reported here.
    let mut trigger = Vec::with_capacity(1);
    let mut nested = nested;
    build_node(context, &mut nested, heredocs, false, &mut trigger);
    let Some(trigger) = trigger.pop() else {
        return Err(at_least_one("ONBUILD"));
    };
    Ok(Command::Onbuild(OnbuildCommand { trigger: Box::new(trigger), expression }))
}
