//! The shell syntax tree: commands ([`Node`]), words ([`Word`], [`Part`]) and redirections.
//!
//! Words keep their quoting structure so expansion can tell quoted from unquoted text (field
//! splitting and globbing only apply to the unquoted parts).

use std::rc::Rc;

/// A command or compound command.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// `A=1 cmd arg >file`.
    Simple { assigns: Vec<(String, Word)>, words: Vec<Word>, redirs: Vec<Redir>, line: u32 },
    /// `[!] a | b | c`.
    Pipeline { bang: bool, cmds: Vec<Node> },
    /// `a && b || c`.
    AndOr { first: Box<Node>, rest: Vec<(bool, Node)> },
    /// Commands run one after another; `background` marks `cmd &`.
    List(Vec<(Node, bool)>),
    /// `( … )`.
    Subshell(Box<Node>, Vec<Redir>),
    /// `{ …; }`.
    Group(Box<Node>, Vec<Redir>),
    /// `if c; then …; elif c; then …; else …; fi`.
    If { branches: Vec<(Node, Node)>, otherwise: Option<Box<Node>>, redirs: Vec<Redir> },
    /// `for v in words; do …; done` (`words` is `None` for `"$@"`).
    For { var: String, words: Option<Vec<Word>>, body: Box<Node>, redirs: Vec<Redir> },
    /// `while`/`until` loops.
    While { cond: Box<Node>, body: Box<Node>, until: bool, redirs: Vec<Redir> },
    /// `case w in p|q) …;; esac`.
    Case { word: Word, arms: Vec<(Vec<Word>, Node)>, redirs: Vec<Redir> },
    /// `name() { …; }`.
    FuncDef { name: String, body: Rc<Node> },
    /// Nothing (an empty script).
    Empty,
}

/// One redirection.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Redir {
    /// The file descriptor (default 0 for input, 1 for output).
    pub fd: u32,
    /// What it does.
    pub op: RedirOp,
}

/// The redirection operators.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RedirOp {
    /// `<file`.
    Read(Word),
    /// `>file` (and `>|file`).
    Write(Word),
    /// `>>file`.
    Append(Word),
    /// `>&2`, `2>&1`.
    Dup(Word),
    /// `&>file` (bash).
    Both(Word),
    /// `<<EOF` with its body; `expand` is false when the delimiter was quoted.
    HereDoc { index: usize, body: String, expand: bool },
}

/// A shell word with its quoting structure.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Word {
    /// The pieces in order.
    pub parts: Vec<Part>,
}

/// A piece of a word.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Part {
    /// Unquoted literal text (subject to globbing).
    Lit(String),
    /// Quoted literal text: single quotes or a backslash escape.
    Quoted(String),
    /// `"…"`.
    Double(Vec<Part>),
    /// `$name`, `${name…}`.
    Param(Param),
    /// `$(…)` or backticks: the script text.
    CmdSub(String),
    /// `$((…))`: the expression as a word.
    Arith(Vec<Part>),
    /// A leading `~` or `~user`.
    Tilde(String),
}

/// A parameter expansion.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Param {
    /// The name: a variable, a digit or one of `@*#?$!-0`.
    pub name: String,
    /// The operator.
    pub op: ParamOp,
    /// Whether the operator had a colon (`:-` versus `-`).
    pub colon: bool,
    /// The word after the operator (the pattern of `${x/p/r}`, the offset of `${x:o:l}`).
    pub arg: Vec<Part>,
    /// bash's second word: the replacement of `${x/p/r}`, the length of `${x:o:l}`.
    pub arg2: Option<Vec<Part>>,
}

/// Parameter expansion operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParamOp {
    /// `$x`, `${x}`.
    Plain,
    /// `${#x}`.
    Length,
    /// `${x-w}`.
    Default,
    /// `${x=w}`.
    Assign,
    /// `${x+w}`.
    Alternative,
    /// `${x?w}`.
    Error,
    /// `${x%w}`.
    RemoveSmallestSuffix,
    /// `${x%%w}`.
    RemoveLargestSuffix,
    /// `${x#w}`.
    RemoveSmallestPrefix,
    /// `${x##w}`.
    RemoveLargestPrefix,
    /// bash `${x^^}` (all) and `${x^}` (the first character).
    Upper(bool),
    /// bash `${x,,}` (all) and `${x,}` (the first character).
    Lower(bool),
    /// bash `${x/p/r}`: the first match, every match (`//`), at the start (`/#`) or the end (`/%`).
    Replace(ReplaceAt),
    /// bash `${x:offset}` and `${x:offset:length}`.
    Substring,
}

/// Which matches bash's `${x/p/r}` replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReplaceAt {
    First,
    All,
    Start,
    End,
}

impl Word {
    /// A word of one unquoted literal.
    pub fn literal(text: &str) -> Word {
        Word { parts: vec![Part::Lit(text.to_string())] }
    }

    /// The text if the word is a plain unquoted literal (used for reserved words and names).
    pub fn as_literal(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [Part::Lit(text)] => Some(text),
            _ => None,
        }
    }

    /// Whether any part of the word was quoted (a quoted here-doc delimiter disables expansion).
    pub fn has_quotes(&self) -> bool {
        self.parts.iter().any(|part| matches!(part, Part::Quoted(_) | Part::Double(_)))
    }

    /// The word with quotes removed and no expansion, e.g. for here-doc delimiters.
    pub fn unquoted_text(&self) -> String {
        fn walk(parts: &[Part], out: &mut String) {
            for part in parts {
                match part {
                    Part::Lit(text) | Part::Quoted(text) => out.push_str(text),
                    Part::Double(inner) => walk(inner, out),
                    Part::Param(param) => {
                        out.push('$');
                        out.push_str(&param.name);
                    }
                    Part::CmdSub(text) => {
                        out.push_str("$(");
                        out.push_str(text);
                        out.push(')');
                    }
                    Part::Arith(_) => out.push_str("$((…))"),
                    Part::Tilde(user) => {
                        out.push('~');
                        out.push_str(user);
                    }
                }
            }
        }
        let mut out = String::new();
        walk(&self.parts, &mut out);
        out
    }
}
