//! The low-level node parse of one logical line (conformance README 3.5–3.9): name, flags, and the
//! argument parser chosen by the instruction name.
//!
//! Everything works on byte offsets into the logical line. [`RawNode`] keeps those offsets so the
//! lexer can map them back to source spans.

use std::ops::Range;

use crate::instruction::{Node, NodeArg};

use super::json::{JsonArray, parse_array};

/// The message of a JSON array with a non-string element (S-PARSE-6).
pub(crate) const NOT_STRING_ARRAY: &str =
    "when using JSON array syntax, arrays must be comprised of strings only";

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

/// One parsed logical line with offsets into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawNode {
    /// The BuildKit node (for ONBUILD, the nested node is also in `nested`).
    pub node: Node,
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
    /// The lower-cased name.
    pub fn lower_name(&self) -> String {
        self.node.name.to_lowercase()
    }

    /// Whether heredocs are read after this line (README 3.11).
    pub fn can_contain_heredoc(&self) -> bool {
        let target = match (&self.nested, self.lower_name().as_str()) {
            (Some(nested), "onbuild") => nested,
            _ => self,
        };
        matches!(target.lower_name().as_str(), "run" | "copy" | "add") && !target.node.json
    }
}

/// Whether `b` is an ASCII blank: space, `\t`, `\v`, `\f` or `\r`.
fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | 0x0b | 0x0c | b'\r')
}

/// Trims Unicode white space around `range` of `text`.
fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    let end = range.start + s.trim_end().len();
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
    let (flag_words, rest_start) = if name_end < line.end {
        extract_flags(text, after..line.end, escape)
    } else {
        (Vec::new(), line.end)
    };
    let rest = trim(text, rest_start..line.end);
    let name = text[line.start..name_end].to_string();
    let mut raw = RawNode {
        node: Node {
            name,
            flags: Vec::new(),
            args: Vec::new(),
            json: false,
        },
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
    let lower = raw.node.name.to_ascii_lowercase();
    let mut args: Vec<(String, Range<usize>)> = Vec::new();
    match lower.as_str() {
        "add" | "copy" | "volume" => match json_or(text, rest.clone(), &mut raw) {
            Some(items) => args = items,
            None => args = split_blanks(text, rest.clone()),
        },
        "run" | "cmd" | "entrypoint" | "shell" => match json_or(text, rest.clone(), &mut raw) {
            Some(items) => args = items,
            None if rest.is_empty() => {}
            None => args.push((text[rest.clone()].to_string(), rest.clone())),
        },
        "from" | "expose" => args = split_blanks(text, rest.clone()),
        "maintainer" | "stopsignal" | "user" | "workdir" => {
            if !rest.is_empty() {
                args.push((text[rest.clone()].to_string(), rest.clone()));
            }
        }
        "arg" => {
            args = words(text, rest.clone(), escape)
                .into_iter()
                .map(|w| (text[w.clone()].to_string(), w))
                .collect()
        }
        "env" | "label" => {
            args = name_values(
                text,
                rest.clone(),
                escape,
                &lower.to_ascii_uppercase(),
                &mut raw,
            )
        }
        "healthcheck" => args = health(text, rest.clone(), &mut raw),
        "onbuild" => {
            if !rest.is_empty() {
                let nested = parse_line(text, rest.clone(), escape);
                raw.error = raw.error.take().or_else(|| nested.error.clone());
                raw.node
                    .args
                    .push(NodeArg::Nested(Box::new(nested.node.clone())));
                raw.args.push(rest.clone());
                raw.nested = Some(Box::new(nested));
            }
        }
        _ => args.push((String::new(), rest.clone())),
    }
    if raw.nested.is_none() {
        raw.node.args.reserve(args.len());
        for (value, span) in args {
            raw.node.args.push(NodeArg::Str(value));
            raw.args.push(span);
        }
    }
    raw
}

/// The JSON test; `None` means "not JSON, use the other parser". A non-string array sets the error.
fn json_or(
    text: &str,
    rest: Range<usize>,
    raw: &mut RawNode,
) -> Option<Vec<(String, Range<usize>)>> {
    if !text[rest.clone()].starts_with('[') {
        return None;
    }
    match parse_array(&text[rest.clone()]) {
        JsonArray::NotJson => None,
        JsonArray::NotStrings => {
            raw.error = Some(NodeError::new(
                "json-array-not-strings",
                NOT_STRING_ARRAY.to_string(),
            ));
            None
        }
        JsonArray::Strings(items) => {
            raw.node.json = true;
            Some(
                items
                    .into_iter()
                    .map(|(s, r)| (s, rest.start + r.start..rest.start + r.end))
                    .collect(),
            )
        }
    }
}

/// Splits `text[range]` on runs of ASCII blanks.
fn split_blanks(text: &str, range: Range<usize>) -> Vec<(String, Range<usize>)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
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
            out.push((text[start..i].to_string(), start..i));
        }
    }
    out
}

/// The flag scanner (README 3.6). Works byte by byte like upstream: a non-ASCII byte becomes the
/// code point of the same number. Returns the flags and where the rest starts.
fn extract_flags(
    text: &str,
    range: Range<usize>,
    escape: char,
) -> (Vec<(String, Range<usize>)>, usize) {
    let b = text.as_bytes();
    let esc = if escape.is_ascii() {
        escape as u8
    } else {
        b'\\'
    };
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
            flags.push((word, start..pos));
        }
    }
}

/// Quote-aware words (README 3.8): quotes and escapes stay in the word text.
pub(crate) fn words(text: &str, range: Range<usize>, escape: char) -> Vec<Range<usize>> {
    let s = &text[range.clone()];
    let mut out = Vec::new();
    let mut chars = s.char_indices().peekable();
    let mut start: Option<usize> = None;
    let mut quote: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        match (start, quote) {
            (None, _) if c.is_whitespace() => continue,
            (Some(st), None) if c.is_whitespace() => {
                out.push(range.start + st..range.start + i);
                start = None;
                continue;
            }
            _ => {}
        }
        if start.is_none() {
            start = Some(i);
        }
        match quote {
            None if c == '\'' || c == '"' => quote = Some(c),
            Some(q) if c == q => quote = None,
            _ => {}
        }
        if c == escape && quote != Some('\'') {
            // The escape character keeps the next character in the word; a final one is dropped.
            chars.next();
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

/// ENV and LABEL arguments (README 3.9).
fn name_values(
    text: &str,
    rest: Range<usize>,
    escape: char,
    key: &str,
    raw: &mut RawNode,
) -> Vec<(String, Range<usize>)> {
    let ws = words(text, rest.clone(), escape);
    let mut out = Vec::new();
    let Some(first) = ws.first() else { return out };
    if !text[first.clone()].contains('=') {
        let bytes = text.as_bytes();
        let mut split = rest.start;
        while split < rest.end && !is_blank(bytes[split]) {
            split += 1;
        }
        if split == rest.end {
            raw.error = Some(NodeError::new(
                "missing-value",
                format!("{key} must have two arguments"),
            ));
            return out;
        }
        let mut value = split;
        while value < rest.end && is_blank(bytes[value]) {
            value += 1;
        }
        out.push((text[rest.start..split].to_string(), rest.start..split));
        out.push((text[value..rest.end].to_string(), value..rest.end));
        out.push((String::new(), rest.end..rest.end));
        return out;
    }
    for word in ws {
        let w = &text[word.clone()];
        let Some(eq) = w.find('=') else {
            let message = format!(
                "Syntax error - can't find = in {}. Must be of the form: name=value",
                super::quote::quote(w)
            );
            raw.error = Some(NodeError::new("missing-equals", message));
            return Vec::new();
        };
        let eq = word.start + eq;
        out.push((text[word.start..eq].to_string(), word.start..eq));
        out.push((text[eq + 1..word.end].to_string(), eq + 1..word.end));
        out.push(("=".to_string(), eq..eq + 1));
    }
    out
}

/// HEALTHCHECK arguments: the type word, then JSON-or-string of the remainder.
fn health(text: &str, rest: Range<usize>, raw: &mut RawNode) -> Vec<(String, Range<usize>)> {
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
    let mut out = Vec::new();
    if sep == rest.start {
        return out;
    }
    out.push((text[rest.start..sep].to_string(), rest.start..sep));
    let remainder = next..rest.end;
    match json_or(text, remainder.clone(), raw) {
        Some(items) => out.extend(items),
        None if remainder.is_empty() => {}
        None => out.push((text[remainder.clone()].to_string(), remainder)),
    }
    out
}
