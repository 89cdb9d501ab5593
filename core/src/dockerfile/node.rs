//! The low-level node parse of one logical line (conformance README 3.5–3.9): name, flags, and the
//! argument parser chosen by the instruction name.
//!
//! Everything works on byte offsets into the buffer holding the logical line (the shared source, or
//! the joined line). Values are [`Text`] ranges of that buffer, copied only when the flag scanner or
//! the JSON decoder changes them. [`RawNode`] keeps the offsets so the instruction builder can map
//! them back to source spans.

use std::ops::Range;
use std::sync::Arc;

use crate::instruction::{Node, NodeArg};
use crate::text::Text;

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
///
/// The offsets of the flags and arguments live in a buffer the caller reuses for every line (so a
/// line allocates nothing for them); `flags` and `args` are index ranges into that buffer. The parse
/// reuses one `RawNode` for every line, so the node's `Vec`s keep their capacity: the instruction
/// builder copies their items out into `Vec`s of the exact size.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct RawNode {
    /// The BuildKit node (for ONBUILD, the nested node is also in `nested`).
    pub node: Node,
    /// The instruction named by `node.name` after Unicode lower-casing, if it is one.
    pub keyword: Option<Keyword>,
    /// The name.
    pub name: Range<usize>,
    /// Where the flags' ranges are in the range buffer: one per flag, covering the raw flag word.
    pub flags: Range<usize>,
    /// Where the arguments' ranges are in the range buffer: one per argument of `node.args`.
    pub args: Range<usize>,
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

    /// Appends an argument whose value is exactly `base[range]`.
    fn push_slice(&mut self, line: &mut Buffer<'_>, range: Range<usize>) {
        let value = Text::slice(line.base, range.clone());
        self.push(value, range, line);
    }

    /// Appends an argument with its value and range.
    fn push(&mut self, value: Text, range: Range<usize>, line: &mut Buffer<'_>) {
        if self.args.is_empty() {
            self.args = line.ranges.len()..line.ranges.len();
        }
        self.node.args.push(NodeArg::Str(value));
        line.ranges.push(range);
        self.args.end = line.ranges.len();
    }
}

/// The buffer a line is parsed in, and the reused buffer its ranges are appended to.
struct Buffer<'a> {
    /// The shared buffer the values are ranges of.
    base: &'a Arc<str>,
    /// The same buffer as a `&str`.
    text: &'a str,
    /// Where argument and flag ranges are appended.
    ranges: &'a mut Vec<Range<usize>>,
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

/// Trims Unicode white space around `range` of `text`. ASCII white space is trimmed on the
/// bytes; only when a non-ASCII character is left at an edge are the `str` methods asked.
fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let bytes = text.as_bytes();
    let (mut start, mut end) = (range.start, range.end);
    while start < end && is_ascii_space(bytes[start]) {
        start += 1;
    }
    while end > start && is_ascii_space(bytes[end - 1]) {
        end -= 1;
    }
    if start == end || (bytes[start].is_ascii() && bytes[end - 1].is_ascii()) {
        return start..end;
    }
    // Only ASCII bytes were passed over, so both ends are still char boundaries.
    let Some(s) = text.get(start..end) else {
        return start..end;
    };
    let trimmed_start = start + (s.len() - trim_start(s).len());
    let trimmed_end = start + trim_end(s).len();
    trimmed_start..trimmed_end.max(trimmed_start)
}

/// Parses the logical line `base[range]` into `raw`, replacing what it held. The ranges of its flags
/// and arguments are appended to `ranges` (see [`RawNode`]).
pub(crate) fn parse_line(
    base: &Arc<str>,
    range: Range<usize>,
    escape: char,
    ranges: &mut Vec<Range<usize>>,
    raw: &mut RawNode,
) {
    let mut line = Buffer { base, text: base, ranges };
    parse_in(&mut line, range, escape, raw);
}

fn parse_in(buf: &mut Buffer<'_>, range: Range<usize>, escape: char, raw: &mut RawNode) {
    let text = buf.text;
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
    let name = &text[line.start..name_end];
    let ascii = Keyword::ascii(name);
    raw.node.name = Text::slice(buf.base, line.start..name_end);
    raw.node.flags.clear();
    raw.node.args.clear();
    raw.node.json = false;
    // A non-ASCII name never folds to a keyword byte by byte, so only an unknown name needs the
    // Unicode lookup (which matters for the Kelvin sign).
    raw.keyword = ascii.or_else(|| if name.is_ascii() { None } else { Keyword::unicode(name) });
    raw.name = line.start..name_end;
    raw.flags = 0..0;
    raw.args = 0..0;
    raw.nested = None;
    raw.error = None;
    let raw = &mut *raw;
    let rest_start = if name_end < line.end { extract_flags(buf, after..line.end, escape, raw) } else { line.end };
    let rest = trim(text, rest_start..line.end);
    raw.rest = rest.clone();
    match ascii {
        Some(Keyword::Add | Keyword::Copy | Keyword::Volume) => {
            if !json_or(buf, rest.clone(), raw) {
                split_blanks(buf, rest, raw);
            }
        }
        Some(Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Shell) => {
            if !json_or(buf, rest.clone(), raw) && !rest.is_empty() {
                raw.push_slice(buf, rest);
            }
        }
        Some(Keyword::From | Keyword::Expose) => split_blanks(buf, rest, raw),
        Some(Keyword::Maintainer | Keyword::Stopsignal | Keyword::User | Keyword::Workdir) => {
            if !rest.is_empty() {
                raw.push_slice(buf, rest);
            }
        }
        Some(Keyword::Arg) => {
            for w in words(text, rest, escape) {
                raw.push_slice(buf, w);
            }
        }
        Some(Keyword::Env) => name_values(buf, rest, escape, "ENV", raw),
        Some(Keyword::Label) => name_values(buf, rest, escape, "LABEL", raw),
        Some(Keyword::Healthcheck) => health(buf, rest, raw),
        Some(Keyword::Onbuild) => {
            if !rest.is_empty() {
                let mut nested = RawNode::default();
                parse_in(buf, rest.clone(), escape, &mut nested);
                raw.error = raw.error.take().or_else(|| nested.error.clone());
                raw.node.args.push(NodeArg::Nested(Box::new(nested.node.clone())));
                buf.ranges.push(rest);
                raw.args = buf.ranges.len() - 1..buf.ranges.len();
                raw.nested = Some(Box::new(nested));
            }
        }
        None => raw.push(Text::slice(buf.base, rest.end..rest.end), rest, buf),
    }
}

/// The JSON test; `false` means "not JSON, use the other parser". A non-string array sets the
/// error; a string array becomes the arguments.
fn json_or(buf: &mut Buffer<'_>, rest: Range<usize>, raw: &mut RawNode) -> bool {
    let text = &buf.text[rest.clone()];
    if !text.starts_with('[') {
        return false;
    }
    match parse_array(text) {
        JsonArray::NotJson => false,
        JsonArray::NotStrings => {
            raw.error = Some(NodeError::new("json-array-not-strings", NOT_STRING_ARRAY.to_string()));
            false
        }
        JsonArray::Strings(items) => {
            raw.node.json = true;
            for item in items {
                let token = rest.start + item.token.start..rest.start + item.token.end;
                let value = match item.decoded {
                    Some(decoded) => Text::from(decoded),
                    // The value is the token without its quotes.
                    None => Text::slice(buf.base, token.start + 1..token.end - 1),
                };
                raw.push(value, token, buf);
            }
            true
        }
    }
}

/// Splits `text[range]` on runs of ASCII blanks.
fn split_blanks(buf: &mut Buffer<'_>, range: Range<usize>, raw: &mut RawNode) {
    let bytes = buf.text.as_bytes();
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
            raw.push_slice(buf, start..i);
        }
    }
}

/// The flag scanner (README 3.6). Works byte by byte like upstream: a non-ASCII byte becomes the
/// code point of the same number. Appends the flags to `raw` and returns where the rest starts.
///
/// A flag word without quotes, escapes or non-ASCII bytes is its own source text, so it is shared;
/// only the others are rebuilt into a buffer of their own.
fn extract_flags(buf: &mut Buffer<'_>, range: Range<usize>, escape: char, raw: &mut RawNode) -> usize {
    let text = buf.text;
    let b = text.as_bytes();
    let esc = if escape.is_ascii() { escape as u8 } else { b'\\' };
    let space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | 0x85 | 0xa0);
    let boundary = |mut pos: usize| {
        while pos < range.end && !text.is_char_boundary(pos) {
            pos += 1;
        }
        pos
    };
    raw.flags = buf.ranges.len()..buf.ranges.len();
    let mut pos = range.start;
    loop {
        while pos < range.end && space(b[pos]) {
            pos += 1;
        }
        if pos >= range.end {
            return range.end;
        }
        if !(b[pos] == b'-' && pos + 1 < range.end && b[pos + 1] == b'-') {
            return boundary(pos);
        }
        let start = pos;
        // The rebuilt word, once a byte that changes it has been seen.
        let mut word: Option<String> = None;
        let mut blank_ok = false;
        let mut quote: Option<u8> = None;
        while pos < range.end {
            let at = pos;
            let c = b[pos];
            // The byte the word gets, if any, and whether the word now differs from its source text.
            let (push, changes) = match quote {
                None if space(c) => break,
                None if c == b'\'' || c == b'"' => {
                    quote = Some(c);
                    blank_ok = true;
                    (None, true)
                }
                Some(q) if c == q => {
                    quote = None;
                    (None, true)
                }
                _ if c == esc => {
                    if pos + 1 < range.end {
                        pos += 1;
                        (Some(b[pos]), true)
                    } else {
                        (None, true)
                    }
                }
                _ => (Some(c), !c.is_ascii()),
            };
            // Every byte before `at` was plain ASCII, so `at` is a char boundary.
            if changes && word.is_none() {
                word = Some(text[start..at].to_string());
            }
            if let (Some(word), Some(p)) = (&mut word, push) {
                word.push(p as char);
            }
            pos += 1;
        }
        let word = match word {
            Some(word) => Text::from(word),
            None => Text::slice(buf.base, start..pos),
        };
        if word == "--" {
            return boundary(pos);
        }
        if blank_ok || !word.is_empty() {
            raw.node.flags.push(word);
            // A non-ASCII continuation byte such as 0xa0 ends the word like upstream, which can be in
            // the middle of a character; the span ends after that character so it can slice the
            // source (found by the `parse` fuzz target's stricter check, fixtures/fuzz-regressions/parse).
            buf.ranges.push(start..boundary(pos));
            raw.flags.end = buf.ranges.len();
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

/// Quote-aware words (README 3.8): quotes and escapes stay in the word text. An iterator, so
/// the words need no list of their own.
pub(crate) fn words(text: &str, range: Range<usize>, escape: char) -> Words<'_> {
    Words { s: &text[range.clone()], offset: range.start, i: 0, escape, eq: None }
}

/// The iterator of [`words`]: the ranges of the words in the text.
pub(crate) struct Words<'a> {
    /// The text being split.
    s: &'a str,
    /// The offset of `s` in the text the ranges refer to.
    offset: usize,
    /// Where the next word is looked for.
    i: usize,
    escape: char,
    /// The offset of the first `=` of the last word returned (in the text the ranges refer to).
    eq: Option<usize>,
}

impl Iterator for Words<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let (s, escape) = (self.s, self.escape);
        let mut start: Option<usize> = None;
        let mut quote: Option<char> = None;
        let mut eq: Option<usize> = None;
        let mut i = self.i;
        let bytes = s.as_bytes();
        // The escape character is `\` or `` ` ``; any other never matches a byte here, and then the
        // slow path below sees every byte.
        let esc = u8::try_from(escape).unwrap_or(0);
        while i < s.len() {
            if start.is_some() {
                // A run of plain ASCII bytes inside a word only moves the position, so it is skipped
                // without the tests below.
                while i < bytes.len() && is_plain(bytes[i]) && bytes[i] != esc {
                    i += 1;
                }
                if i >= bytes.len() {
                    break;
                }
            }
            let b = bytes[i];
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
                        self.i = i;
                        self.eq = eq.map(|e| self.offset + e);
                        return Some(self.offset + st..self.offset + at);
                    }
                    _ => {}
                }
            }
            if start.is_none() {
                start = Some(at);
            }
            if c == '=' && eq.is_none() {
                eq = Some(at);
            }
            match quote {
                None if c == '\'' || c == '"' => quote = Some(c),
                Some(q) if c == q => quote = None,
                _ => {}
            }
            if c == escape && quote != Some('\'') && i < s.len() {
                // The escape character keeps the next character in the word; a final one is dropped.
                if s.as_bytes()[i] == b'=' && eq.is_none() {
                    eq = Some(i);
                }
                i += char_at(s, i).1;
            }
        }
        self.i = s.len();
        let st = start?;
        self.eq = eq.map(|e| self.offset + e);
        // A trailing escape character is not part of the word.
        let mut end = s.len();
        if s.ends_with(escape) && ends_with_lone_escape(s, escape, quote) {
            end -= escape.len_utf8();
        }
        Some(self.offset + st..self.offset + end.max(st))
    }
}

/// Whether `b` is an ASCII byte that the word splitter passes over without acting on it: not
/// white space, not a quote and not `=`. (The escape character is tested separately.)
fn is_plain(b: u8) -> bool {
    b.is_ascii() && !is_ascii_space(b) && !matches!(b, b'\'' | b'"' | b'=')
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
fn name_values(buf: &mut Buffer<'_>, rest: Range<usize>, escape: char, key: &str, raw: &mut RawNode) {
    let text = buf.text;
    let mut ws = words(text, rest.clone(), escape);
    let Some(first) = ws.next() else { return };
    if ws.eq.is_none() {
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
        raw.push_slice(buf, rest.start..split);
        raw.push_slice(buf, value..rest.end);
        raw.push_slice(buf, rest.end..rest.end);
        return;
    }
    // The words iterator notes where each word's first `=` is, so no word is searched again.
    let mut word = Some(first);
    while let Some(range) = word {
        let Some(eq) = ws.eq else {
            let w = &text[range];
            let message =
                format!("Syntax error - can't find = in {}. Must be of the form: name=value", super::quote::quote(w));
            raw.error = Some(NodeError::new("missing-equals", message));
            raw.node.args.clear();
            raw.args = 0..0;
            return;
        };
        raw.push_slice(buf, range.start..eq);
        raw.push_slice(buf, eq + 1..range.end);
        // The separator is the `=` itself.
        raw.push_slice(buf, eq..eq + 1);
        word = ws.next();
    }
}

/// HEALTHCHECK arguments: the type word, then JSON-or-string of the remainder.
fn health(buf: &mut Buffer<'_>, rest: Range<usize>, raw: &mut RawNode) {
    let b = buf.text.as_bytes();
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
    raw.push_slice(buf, rest.start..sep);
    let remainder = next..rest.end;
    if !json_or(buf, remainder.clone(), raw) && !remainder.is_empty() {
        raw.push_slice(buf, remainder);
    }
}

#[cfg(test)]
mod tests {
    use super::Keyword;

    #[test]
    fn keyword_lookup() {
        assert_eq!(Keyword::ascii("RUN"), Some(Keyword::Run));
        assert_eq!(Keyword::ascii("HealthCheck"), Some(Keyword::Healthcheck));
        assert_eq!(Keyword::ascii("add\0"), None, "the length is part of the key");
        assert_eq!(Keyword::ascii("ad"), None);
        assert_eq!(Keyword::ascii(""), None);
        assert_eq!(Keyword::ascii("healthchecks"), None);
        assert_eq!(Keyword::ascii("WOR\u{212a}DIR"), None, "the Kelvin sign is not ASCII");
        assert_eq!(Keyword::unicode("WOR\u{212a}DIR"), Some(Keyword::Workdir));
    }
}
