//! The typed instruction model: one command type per Dockerfile instruction, after BuildKit's
//! `instructions/commands.go`.
//!
//! Values are kept **raw**: quotes, escapes and `$VAR`s are left as written, because BuildKit expands
//! them at build time with the ARG and ENV values in scope (S-VAR-2). The build engine expands them with
//! `crate::dockerfile::expand`. Every instruction keeps its low-level [`Node`] (what `layerlab dump`
//! prints) and spans for its keyword, flags and arguments.
//!
//! Names, arguments, flags and the logical line are [`Text`]s: ranges of the parser's one shared copy
//! of the source (or of a line joined from continuations), so the node and the typed command share
//! their values instead of each owning a copy. Rarely used values (heredoc bodies, flag values such as
//! `--platform`, the ONBUILD expression) stay `String`s.

use serde::{Deserialize, Serialize};

use crate::text::{Span, Text};

/// A value with the span of its source text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written. For values joined from several physical lines the span covers them all.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pairs a value with its span.
    pub fn new(value: T, span: Span) -> Spanned<T> {
        Spanned { value, span }
    }
}

/// The low-level parse node of one instruction, exactly what BuildKit's parser produces and its
/// dumper prints (see `shared/conformance/buildkit-parser/README.md`, section 4).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Node {
    /// The instruction name exactly as written (`run`, `RUN`, `Run`).
    pub name: Text,
    /// The flags as read by the flag scanner, quotes and escapes removed (`--from=build`).
    pub flags: Vec<Text>,
    /// The arguments.
    pub args: Vec<NodeArg>,
    /// Whether the arguments came from a JSON array.
    pub json: bool,
}

/// One argument of a [`Node`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NodeArg {
    /// A plain string argument.
    Str(Text),
    /// The nested instruction of `ONBUILD`.
    Nested(Box<Node>),
}

/// One `--name=value` flag of an instruction.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Flag {
    /// The name without the leading dashes (`from`, `chown`, `mount`).
    pub name: Text,
    /// The value after `=`, if any (`--link` has none).
    pub value: Option<Text>,
    /// The span of the whole flag word.
    pub span: Span,
}

/// The command of RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD: exec (JSON) form or shell form (S-PARSE-6).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CommandLine {
    /// JSON array of strings, run without a shell.
    Exec(Vec<Spanned<Text>>),
    /// Free text, run by the current SHELL, unexpanded.
    Shell(Spanned<Text>),
}

/// A here-document attached to RUN, COPY or ADD (S-PARSE-7).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Heredoc {
    /// The delimiter word without quotes (`EOF`).
    pub name: String,
    /// The body, every line ending in `\n` (tabs already stripped for `<<-`).
    pub content: String,
    /// False when the delimiter was quoted: then the body is not expanded.
    pub expand: bool,
    /// The file descriptor written before `<<`, if any.
    pub file_descriptor: Option<u32>,
    /// The span of the body and the terminator line.
    pub span: Span,
}

/// A `key=value` pair of ENV or LABEL, raw (quotes kept).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct KeyValue {
    /// The key as written.
    pub key: Spanned<Text>,
    /// The value as written.
    pub value: Spanned<Text>,
}

/// One name of an ARG instruction, with its optional default (raw).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ArgDecl {
    /// The variable name.
    pub name: Spanned<Text>,
    /// The default value as written, if `=` was given.
    pub default: Option<Spanned<Text>>,
}

/// `FROM [--platform=p] image [AS name]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FromCommand {
    /// The image reference as written (may contain global `$ARG`s).
    pub image: Spanned<Text>,
    /// The stage name after `AS`, as written.
    pub alias: Option<Spanned<Text>>,
    /// The `--platform` value.
    pub platform: Option<String>,
}

/// `RUN [--mount=…] [--network=…] [--security=…] cmd`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RunCommand {
    /// What to run.
    pub command: CommandLine,
    /// The raw `--mount` values.
    pub mounts: Vec<String>,
    /// The `--network` value (`default`, `none`, `host`).
    pub network: Option<String>,
    /// The `--security` value (`sandbox`, `insecure`).
    pub security: Option<String>,
    /// Here-documents, in order.
    pub heredocs: Vec<Heredoc>,
}

/// `CMD …`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CmdCommand {
    /// The default command or arguments.
    pub command: CommandLine,
}

/// `ENTRYPOINT …`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EntrypointCommand {
    /// The entrypoint.
    pub command: CommandLine,
}

/// `SHELL ["exe", "arg"]` (JSON form only).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ShellCommand {
    /// The new shell prefix.
    pub shell: Vec<Spanned<Text>>,
}

/// `ENV k=v …` or the legacy `ENV k v`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EnvCommand {
    /// The pairs, in order.
    pub pairs: Vec<KeyValue>,
    /// Whether the legacy `ENV key value` form was used (BuildKit check `LegacyKeyValueFormat`).
    pub legacy: bool,
}

/// `LABEL k=v …` or the legacy `LABEL k v`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LabelCommand {
    /// The pairs, in order.
    pub pairs: Vec<KeyValue>,
    /// Whether the legacy form was used.
    pub legacy: bool,
}

/// `ARG name[=default] …`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ArgCommand {
    /// The declarations, in order.
    pub args: Vec<ArgDecl>,
}

/// Flags shared by COPY and ADD.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct CopyFlags {
    /// `--chown=user:group`, raw.
    pub chown: Option<String>,
    /// `--chmod=perms`, raw.
    pub chmod: Option<String>,
    /// `--link`.
    pub link: bool,
    /// `--exclude=pattern`, repeatable.
    pub exclude: Vec<String>,
}

/// `COPY [--from=…] [--chown] [--chmod] [--link] [--parents] [--exclude] src… dest`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CopyCommand {
    /// The sources, raw (a heredoc source is written `<<EOF`).
    pub sources: Vec<Spanned<Text>>,
    /// The destination, raw.
    pub dest: Spanned<Text>,
    /// `--from=stage|index|image`, never expanded.
    pub from: Option<Spanned<Text>>,
    /// `--parents`.
    pub parents: bool,
    /// The shared flags.
    pub flags: CopyFlags,
    /// Here-documents used as sources.
    pub heredocs: Vec<Heredoc>,
}

/// `ADD [--checksum] [--keep-git-dir] [--unpack] [--chown] [--chmod] [--link] src… dest`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AddCommand {
    /// The sources, raw.
    pub sources: Vec<Spanned<Text>>,
    /// The destination, raw.
    pub dest: Spanned<Text>,
    /// `--checksum=sha256:…`.
    pub checksum: Option<String>,
    /// `--keep-git-dir[=bool]`.
    pub keep_git_dir: bool,
    /// `--unpack[=bool]`, if given.
    pub unpack: Option<bool>,
    /// The shared flags.
    pub flags: CopyFlags,
    /// Here-documents used as sources.
    pub heredocs: Vec<Heredoc>,
}

/// `EXPOSE port[/proto] …`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ExposeCommand {
    /// The port words, raw.
    pub ports: Vec<Spanned<Text>>,
}

/// `VOLUME path …` or `VOLUME ["path", …]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VolumeCommand {
    /// The paths, raw.
    pub paths: Vec<Spanned<Text>>,
}

/// `USER user[:group]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UserCommand {
    /// The user, raw.
    pub user: Spanned<Text>,
}

/// `WORKDIR path`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WorkdirCommand {
    /// The path, raw.
    pub path: Spanned<Text>,
}

/// `ONBUILD instruction`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OnbuildCommand {
    /// The trigger instruction.
    pub trigger: Box<Instruction>,
    /// The trigger's text as written after `ONBUILD ` (stored in `Config.OnBuild`).
    pub expression: String,
}

/// `STOPSIGNAL signal`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StopsignalCommand {
    /// The signal, raw.
    pub signal: Spanned<Text>,
}

/// `HEALTHCHECK [options] CMD …` or `HEALTHCHECK NONE`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HealthcheckCommand {
    /// `HEALTHCHECK NONE`: disable the inherited check.
    None,
    /// `HEALTHCHECK [options] CMD command`.
    Cmd {
        /// The test command.
        command: CommandLine,
        /// `--interval`, raw (`30s`).
        interval: Option<String>,
        /// `--timeout`, raw.
        timeout: Option<String>,
        /// `--start-period`, raw.
        start_period: Option<String>,
        /// `--start-interval`, raw.
        start_interval: Option<String>,
        /// `--retries`.
        retries: Option<u32>,
    },
}

/// `MAINTAINER name` (deprecated).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MaintainerCommand {
    /// The name, raw.
    pub name: Spanned<Text>,
}

/// What an instruction is, with its typed arguments.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Command {
    /// `FROM`.
    From(FromCommand),
    /// `RUN`.
    Run(RunCommand),
    /// `CMD`.
    Cmd(CmdCommand),
    /// `ENTRYPOINT`.
    Entrypoint(EntrypointCommand),
    /// `SHELL`.
    Shell(ShellCommand),
    /// `ENV`.
    Env(EnvCommand),
    /// `LABEL`.
    Label(LabelCommand),
    /// `ARG`.
    Arg(ArgCommand),
    /// `COPY`.
    Copy(CopyCommand),
    /// `ADD`.
    Add(AddCommand),
    /// `EXPOSE`.
    Expose(ExposeCommand),
    /// `VOLUME`.
    Volume(VolumeCommand),
    /// `USER`.
    User(UserCommand),
    /// `WORKDIR`.
    Workdir(WorkdirCommand),
    /// `ONBUILD`.
    Onbuild(OnbuildCommand),
    /// `STOPSIGNAL`.
    Stopsignal(StopsignalCommand),
    /// `HEALTHCHECK`.
    Healthcheck(HealthcheckCommand),
    /// `MAINTAINER`.
    Maintainer(MaintainerCommand),
    /// A line that could not be turned into a command; its diagnostic says why.
    Error,
}

/// One instruction of a Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Instruction {
    /// The typed command.
    pub command: Command,
    /// The low-level node, as BuildKit's dumper prints it.
    pub node: Node,
    /// The keyword as written (`run`), with its span.
    pub keyword: Spanned<Text>,
    /// The flags, parsed.
    pub flags: Vec<Flag>,
    /// The whole instruction: from the keyword to the end of its last physical line, heredocs
    /// included.
    pub span: Span,
    /// The 1-based physical line where it starts.
    pub start_line: usize,
    /// The 1-based last physical line read for it (continuations and heredoc bodies included).
    pub end_line: usize,
    /// The logical line after joining continuations, trimmed (`RUN apt-get update && apt-get install`).
    /// BuildKit's progress lines and error snippets are built from it.
    pub original: Text,
}

impl Instruction {
    /// The upper-cased keyword (`RUN`).
    pub fn keyword_upper(&self) -> String {
        self.keyword.value.to_ascii_uppercase()
    }
}
