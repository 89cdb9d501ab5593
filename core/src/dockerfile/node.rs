//! The low-level node parse of one logical line (conformance README 3.5–3.9): name, flags, and the
//! argument parser chosen by the instruction name.
//!
//! Everything works on byte offsets into the logical line. [`RawNode`] keeps those offsets so the
//! lexer can map them back to source spans.

use std::ops::Range;

use crate::instruction::{Node, NodeArg};

use super::json::{JsonArray, parse_array};

/// The message of a JSON array with a non-string element (S-PARSE-6).
pub(crate) const NOT_STRING_ARRAY: &str = "when using JSON array syntax, arrays must be comprised of strings only";

/// An error of the low-level parser: BuildKit prints these without a line prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NodeError {
    /// The stable diagnostic code.
    pub code: &'static str,
    /// BuildKit's message.
    pub message: String,
}

impl NodeError {
    fn new(code: &'static str, message: String) -> NodeError {
        NodeError { code, message }
    }
}

/// The instruction names BuildKit knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
}

impl Keyword {
    /// Looks a name up ignoring ASCII case only (what the node parser does). The name is folded
    /// into a small buffer once and matched by length, not compared against every keyword.
    pub fn ascii(name: &str) -> Option<Keyword> {
        let bytes = name.as_bytes();
        let mut folded = [0u8; 11];
        let lower = folded.get_mut(..bytes.len())?;
        for (out, &b) in lower.iter_mut().zip(bytes) {
            *out = b.to_ascii_lowercase();
        }
        Some(match &*lower {
            b"add" => Keyword::Add,
            b"arg" => Keyword::Arg,
            b"cmd" => Keyword::Cmd,
            b"copy" => Keyword::Copy,
            b"entrypoint" => Keyword::Entrypoint,
            b"env" => Keyword::Env,
            b"expose" => Keyword::Expose,
            b"from" => Keyword::From,
            b"healthcheck" => Keyword::Healthcheck,
            b"label" => Keyword::Label,
            b"maintainer" => Keyword::Maintainer,
            b"onbuild" => Keyword::Onbuild,
            b"run" => Keyword::Run,
            b"shell" => Keyword::Shell,
            b"stopsignal" => Keyword::Stopsignal,
            b"user" => Keyword::User,
            b"volume" => Keyword::Volume,
            b"workdir" => Keyword::Workdir,
            _ => return None,
        })
    }

    /// Looks a name up after Unicode lower-casing (what the instruction builder does). Only
    /// non-ASCII names pay for the lower-casing; it matters for the Kelvin sign, which lower-cases
    /// to `k`.
    pub fn unicode(name: &str) -> Option<Keyword> {
        if name.is_ascii() { Keyword::ascii(name) } else { Keyword::ascii(&name.to_lowercase()) }
    }
}

/// One parsed logical line with offsets into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawNode {
    /// The BuildKit node (for ONBUILD, the nested node is also in `nested`).
    pub node: Node,
    /// The instruction named by `node.name` after Unicode lower-casing, if it is one.
    pub keyword: Option<Keyword>,
    /// The name.
    pub name: Range<usize>,
    /// One range per flag, covering the raw flag word.
    pub flags: Vec<Range<usize>>,
    /// One range per argument of `node.args`.
    pub args: Vec<Range<usize>>,
    /// The text after the flags, trimmed.
    pub rest: Range<usize>,
    /// The nested instruction of ONBUILD.
    pub nested: Option<Box<RawNode>>,
    /// A parser-level error (no line prefix), such as [`NOT_STRING_ARRAY`].
    pub error: Option<NodeError>,
}

impl RawNode {
    /// Whether heredocs are read after this line (README 3.11).
    pub fn can_contain_heredoc(&self) -> bool {
        let target = match (&self.nested, self.keyword) {
            (Some(nested), Some(Keyword::Onbuild)) => nested,
            _ => self,
        };
        matches!(target.keyword, Some(Keyword::Run | Keyword::Copy | Keyword::Add)) && !target.node.json
    }

    /// Appends an argument whose value is exactly `text[range]`.
    fn push_slice(&mut self, text: &str, range: Range<usize>) {
        self.push(text[range.clone()].to_string(), range);
    }

    /// Appends an argument with its value and range.
    fn push(&mut self, value: String, range: Range<usize>) {
        self.node.args.push(NodeArg::Str(value));
        self.args.push(range);
    }
}

/// Whether `b` is an ASCII blank: space, `\t`, `\v`, `\f` or `\r`.
fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | 0x0b | 0x0c | b'\r')
}

/// Whether the ASCII byte `b` is white space for `char::is_whitespace`.
pub(crate) fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// `s.trim_start()`, with a byte loop for the usual ASCII white space.
pub(crate) fn trim_start(s: &str) -> &str {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() && is_ascii_space(bytes[i]) {
        i += 1;
    }
    if i < bytes.len() && !bytes[i].is_ascii() {
        return s[i..].trim_start();
    }
    &s[i..]
}

/// `s.trim_end()`, with a byte loop for the usual ASCII white space.
fn trim_end(s: &str) -> &str {
    let bytes = s.as_bytes();
    let mut i = bytes.len();
    while i > 0 && is_ascii_space(bytes[i - 1]) {
        i -= 1;
    }
    if i > 0 && !bytes[i - 1].is_ascii() {
        return s[..i].trim_end();
    }
    &s[..i]
}

/// Trims Unicode white space around `range` of `text`.
fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let start = range.start + (s.len() - trim_start(s).len());
    let end = range.start + trim_end(s).len();
    start..end.max(start)
}

/// Parses the logical line `text[range]` into a node.
pub(crate) fn parse_line(text: &str, range: Range<usize>, escape: char) -> RawNode {
    let line = trim(text, range);
    let bytes = text.as_bytes();
    let mut name_end = line.start;
    while name_end < line.end && !is_blank(bytes[name_end]) {
        name_end += 1;
    }
    let mut after = name_end;
    while after < line.end && is_blank(bytes[after]) {
        after += 1;
    }
    let (flag_words, rest_start) =
        if name_end < line.end { extract_flags(text, after..line.end, escape) } else { (Vec::new(), line.end) };
    let rest = trim(text, rest_start..line.end);
    let name = &text[line.start..name_end];
    let ascii = Keyword::ascii(name);
    let mut raw = RawNode {
        node: Node {
            name: name.to_string(),
            flags: Vec::with_capacity(flag_words.len()),
            args: Vec::new(),
            json: false,
        },
        keyword: if name.is_ascii() { ascii } else { Keyword::unicode(name) },
        name: line.start..name_end,
        flags: Vec::with_capacity(flag_words.len()),
        args: Vec::new(),
        rest: rest.clone(),
        nested: None,
        error: None,
    };
    for (flag, span) in flag_words {
        raw.node.flags.push(flag);
        raw.flags.push(span);
    }
    match ascii {
        Some(Keyword::Add | Keyword::Copy | Keyword::Volume) => {
            if !json_or(text, rest.clone(), &mut raw) {
                split_blanks(text, rest, &mut raw);
            }
        }
        Some(Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Shell) => {
            if !json_or(text, rest.clone(), &mut raw) && !rest.is_empty() {
                raw.reserve(1);
                raw.push_slice(text, rest);
            }
        }
        Some(Keyword::From | Keyword::Expose) => split_blanks(text, rest, &mut raw),
        Some(Keyword::Maintainer | Keyword::Stopsignal | Keyword::User | Keyword::Workdir) => {
            if !rest.is_empty() {
                raw.reserve(1);
                raw.push_slice(text, rest);
            }
        }
        Some(Keyword::Arg) => {
            let ws = words(text, rest, escape);
            raw.reserve(ws.len());
            for w in ws {
                raw.push_slice(text, w);
            }
        }
        Some(Keyword::Env) => name_values(text, rest, escape, "ENV", &mut raw),
        Some(Keyword::Label) => name_values(text, rest, escape, "LABEL", &mut raw),
        Some(Keyword::Healthcheck) => health(text, rest, &mut raw),
        Some(Keyword::Onbuild) => {
            if !rest.is_empty() {
                let nested = parse_line(text, rest.clone(), escape);
                raw.error = raw.error.take().or_else(|| nested.error.clone());
                raw.node.args.push(NodeArg::Nested(Box::new(nested.node.clone())));
                raw.args.push(rest);
                raw.nested = Some(Box::new(nested));
            }
        }
        None => {
            raw.reserve(1);
            raw.push(String::new(), rest);
        }
    }
    raw
}

impl RawNode {
    /// Reserves room for `n` more arguments.
    fn reserve(&mut self, n: usize) {
        self.node.args.reserve_exact(n);
        self.args.reserve_exact(n);
    }
}

/// The JSON test; `false` means "not JSON, use the other parser". A non-string array sets the
/// error; a string array becomes the arguments.
fn json_or(text: &str, rest: Range<usize>, raw: &mut RawNode) -> bool {
    if !text[rest.clone()].starts_with('[') {
        return false;
    }
    match parse_array(&text[rest.clone()]) {
        JsonArray::NotJson => false,
        JsonArray::NotStrings => {
            raw.error = Some(NodeError::new("json-array-not-strings", NOT_STRING_ARRAY.to_string()));
            false
        }
        JsonArray::Strings(items) => {
            raw.node.json = true;
            raw.reserve(items.len());
            for (s, r) in items {
                raw.push(s, rest.start + r.start..rest.start + r.end);
            }
            true
        }
    }
}

/// Splits `text[range]` on runs of ASCII blanks.
fn split_blanks(text: &str, range: Range<usize>, raw: &mut RawNode) {
    let bytes = text.as_bytes();
    let mut i = range.start;
    while i < range.end {
        while i < range.end && is_blank(bytes[i]) {
            i += 1;
        }
        let start = i;
        while i < range.end && !is_blank(bytes[i]) {
            i += 1;
        }
        if i > start {
            raw.push_slice(text, start..i);
        }
    }
}

/// The flag scanner (README 3.6). Works byte by byte like upstream: a non-ASCII byte becomes the
/// code point of the same number. Returns the flags and where the rest starts.
fn extract_flags(text: &str, range: Range<usize>, escape: char) -> (Vec<(String, Range<usize>)>, usize) {
    let b = text.as_bytes();
    let esc = if escape.is_ascii() { escape as u8 } else { b'\\' };
    let space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | 0x85 | 0xa0);
    let boundary = |mut pos: usize| {
        while pos < range.end && !text.is_char_boundary(pos) {
            pos += 1;
        }
        pos
    };
    let mut flags = Vec::new();
    let mut pos = range.start;
    loop {
        while pos < range.end && space(b[pos]) {
            pos += 1;
        }
        if pos >= range.end {
            return (flags, range.end);
        }
        if !(b[pos] == b'-' && pos + 1 < range.end && b[pos + 1] == b'-') {
            return (flags, boundary(pos));
        }
        let start = pos;
        let mut word = String::new();
        let mut blank_ok = false;
        let mut quote: Option<u8> = None;
        while pos < range.end {
            let c = b[pos];
            match quote {
                None if space(c) => break,
                None if c == b'\'' || c == b'"' => {
                    quote = Some(c);
                    blank_ok = true;
                }
                Some(q) if c == q => quote = None,
                _ if c == esc => {
                    if pos + 1 < range.end {
                        pos += 1;
                        word.push(b[pos] as char);
                    }
                }
                _ => word.push(c as char),
            }
            pos += 1;
        }
        if word == "--" {
            return (flags, boundary(pos));
        }
        if blank_ok || !word.is_empty() {
            // A non-ASCII continuation byte such as 0xa0 ends the word like upstream, which can be in
            // the middle of a character; the span ends after that character so it can slice the
            // source (found by the `parse` fuzz target, fixtures/fuzz-regressions/parse).
            flags.push((word, start..boundary(pos)));
        }
    }
}

/// The character at byte `i` of `s` and its length; ASCII needs no decoding.
fn char_at(s: &str, i: usize) -> (char, usize) {
    let b = s.as_bytes()[i];
    if b.is_ascii() {
        return (b as char, 1);
    }
    let c = s[i..].chars().next().unwrap_or('\u{fffd}');
    (c, c.len_utf8())
}

/// Quote-aware words (README 3.8): quotes and escapes stay in the word text.
pub(crate) fn words(text: &str, range: Range<usize>, escape: char) -> Vec<Range<usize>> {
    let s = &text[range.clone()];
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut quote: Option<char> = None;
    let mut i = 0;
    while i < s.len() {
        let b = s.as_bytes()[i];
        let at = i;
        let (c, space) = if b.is_ascii() {
            i += 1;
            (b as char, is_ascii_space(b))
        } else {
            let (c, len) = char_at(s, i);
            i += len;
            (c, c.is_whitespace())
        };
        if space {
            match (start, quote) {
                (None, _) => continue,
                (Some(st), None) => {
                    out.push(range.start + st..range.start + at);
                    start = None;
                    continue;
                }
                _ => {}
            }
        }
        if start.is_none() {
            start = Some(at);
        }
        match quote {
            None if c == '\'' || c == '"' => quote = Some(c),
            Some(q) if c == q => quote = None,
            _ => {}
        }
        if c == escape && quote != Some('\'') && i < s.len() {
            // The escape character keeps the next character in the word; a final one is dropped.
            i += char_at(s, i).1;
        }
    }
    if let Some(st) = start {
        // A trailing escape character is not part of the word.
        let mut end = s.len();
        if s.ends_with(escape) && ends_with_lone_escape(s, escape, quote) {
            end -= escape.len_utf8();
        }
        out.push(range.start + st..range.start + end.max(st));
    }
    out
}

/// Whether the final escape character of `s` is unpaired (so upstream drops it).
fn ends_with_lone_escape(s: &str, escape: char, final_quote: Option<char>) -> bool {
    if final_quote == Some('\'') {
        return false;
    }
    let n = s.chars().rev().take_while(|&c| c == escape).count();
    n % 2 == 1
}

/// ENV and LABEL arguments (README 3.9): name, value and `=` (or an empty string for the legacy
/// `name value` form) per pair.
fn name_values(text: &str, rest: Range<usize>, escape: char, key: &str, raw: &mut RawNode) {
    let ws = words(text, rest.clone(), escape);
    let Some(first) = ws.first() else { return };
    if !text[first.clone()].contains('=') {
        let bytes = text.as_bytes();
        let mut split = rest.start;
        while split < rest.end && !is_blank(bytes[split]) {
            split += 1;
        }
        if split == rest.end {
            raw.error = Some(NodeError::new("missing-value", format!("{key} must have two arguments")));
            return;
        }
        let mut value = split;
        while value < rest.end && is_blank(bytes[value]) {
            value += 1;
        }
        raw.reserve(3);
        raw.push_slice(text, rest.start..split);
        raw.push_slice(text, value..rest.end);
        raw.push(String::new(), rest.end..rest.end);
        return;
    }
    raw.reserve(ws.len() * 3);
    for word in ws {
        let w = &text[word.clone()];
        let Some(eq) = w.find('=') else {
            let message =
                format!("Syntax error - can't find = in {}. Must be of the form: name=value", super::quote::quote(w));
            raw.error = Some(NodeError::new("missing-equals", message));
            raw.node.args.clear();
            raw.args.clear();
            return;
        };
        let eq = word.start + eq;
        raw.push_slice(text, word.start..eq);
        raw.push_slice(text, eq + 1..word.end);
        raw.push("=".to_string(), eq..eq + 1);
    }
}

/// HEALTHCHECK arguments: the type word, then JSON-or-string of the remainder.
fn health(text: &str, rest: Range<usize>, raw: &mut RawNode) {
    let b = text.as_bytes();
    let space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
    let mut sep = rest.start;
    while sep < rest.end && !space(b[sep]) {
        sep += 1;
    }
    let mut next = sep;
    while next < rest.end && space(b[next]) {
        next += 1;
    }
    if sep == rest.start {
        return;
    }
    raw.push_slice(text, rest.start..sep);
    let remainder = next..rest.end;
    if !json_or(text, remainder.clone(), raw) && !remainder.is_empty() {
        raw.push_slice(text, remainder);
    }
}
