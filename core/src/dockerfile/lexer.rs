//! Physical lines to logical lines (S-PARSE-1 to S-PARSE-4, S-PARSE-7): BOM, CR/LF, the line-length
//! limit, directives, comments, continuations and heredoc bodies.
//!
//! [`Lexer`] is BuildKit's main parse loop. A one-line instruction is parsed in place in the shared
//! copy of the source, so its offsets are source offsets; continuation lines are joined into a buffer
//! of their own, and a [`SourceMap`] maps offsets in the joined text back to source offsets, so every
//! node part gets a real [`Span`].

use std::ops::Range;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::instruction::Heredoc;
use crate::text::Span;

use super::directive::{DirectiveOutcome, DirectiveParser, escape_token};
use super::heredoc;
use super::node::{RawNode, parse_line, trim_start};

/// The longest physical line BuildKit accepts (its scanner buffer is 64 KiB).
const MAX_LINE: usize = 65535;

/// Maps offsets of a logical line's buffer to offsets of the source text.
///
/// The first piece is kept inline, so a single-line instruction needs no allocation: its buffer is
/// the source itself and the map is the identity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SourceMap {
    /// The source offset of logical offset 0.
    first: usize,
    /// `(logical offset, source offset)` of each further joined piece, in order.
    more: Vec<(usize, usize)>,
}

impl SourceMap {
    fn push(&mut self, logical: usize, source: usize) {
        self.more.push((logical, source));
    }

    fn offset(&self, logical: usize, is_end: bool) -> usize {
        let idx = self.more.partition_point(|&(l, _)| if is_end { l < logical } else { l <= logical });
        match idx.checked_sub(1).and_then(|i| self.more.get(i)) {
            Some(&(l, s)) => s + (logical - l),
            None => self.first + logical,
        }
    }

    /// The source span of a logical range.
    pub fn span(&self, range: &Range<usize>) -> Span {
        if self.more.is_empty() {
            return Span::new(self.first + range.start, self.first + range.end);
        }
        let start = self.offset(range.start, false);
        if range.is_empty() {
            return Span::empty(start);
        }
        Span::new(start, self.offset(range.end, true))
    }
}

/// One instruction as read by the main loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    /// The low-level node, with offsets into `base`.
    pub raw: RawNode,
    /// The buffer holding the logical line: the shared source when it is one physical line, else
    /// the line joined from its continuations.
    pub base: Arc<str>,
    /// Maps `base` offsets to the source.
    pub map: SourceMap,
    /// The first physical line (1-based).
    pub start_line: usize,
    /// The last physical line read for it.
    pub end_line: usize,
    /// From the keyword to the end of the last line read.
    pub span: Span,
    /// The heredocs read after the line.
    pub heredocs: Vec<Heredoc>,
    /// The last physical line, when an empty continuation line was skipped (`NoEmptyContinuation`).
    pub empty_continuation: Option<Span>,
}

/// A physical line: `start..content_end` is its text without the trailing CR/LF run.
#[derive(Debug, Clone, Copy)]
struct Physical {
    number: usize,
    start: usize,
    content_end: usize,
    /// The end without the `\n` and one `\r` (what Go's line scanner returns).
    scan_end: usize,
}

struct Lines<'a> {
    text: &'a str,
    pos: usize,
    number: usize,
}

impl Lines<'_> {
    fn next(&mut self, diagnostics: &mut Vec<Diagnostic>) -> Option<Physical> {
        if self.pos >= self.text.len() {
            return None;
        }
        let bytes = self.text.as_bytes();
        let mut start = self.pos;
        let end = find_newline(bytes, start);
        self.pos = if end < bytes.len() { end + 1 } else { end };
        self.number += 1;
        if self.number == 1 && self.text[start..].starts_with('\u{feff}') {
            start += 3;
        }
        let mut content_end = end;
        while content_end > start && matches!(bytes[content_end - 1], b'\r' | b'\n') {
            content_end -= 1;
        }
        let scan_end = if end > start && bytes[end - 1] == b'\r' { end - 1 } else { end };
        if end - start > MAX_LINE {
            diagnostics.push(Diagnostic::error(
                "line-too-long",
                Span::new(start, end),
                "dockerfile line greater than max allowed size of 65535",
            ));
        }
        Some(Physical { number: self.number, start, content_end, scan_end })
    }
}

/// The offset of the first `\n` at or after `from`, or the length. Eight bytes are tested at a
/// time with the "has zero byte" bit trick; the lowest flagged byte is always a real match.
fn find_newline(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const NEWLINES: u64 = u64::from_ne_bytes([b'\n'; 8]);
    let tail = &bytes[from..];
    let mut chunks = tail.chunks_exact(8);
    let mut at = from;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word) ^ NEWLINES;
        let found = x.wrapping_sub(ONES) & !x & HIGHS;
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    chunks.remainder().iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| at + i)
}

/// The continuation test (README 3.3) on `s`; returns the kept text and whether the line continues.
/// The escape character is always ASCII (`\` or `` ` ``), so this works on bytes.
fn trim_continuation(s: &str, escape: char) -> (&str, bool) {
    let Ok(esc) = u8::try_from(escape) else {
        return (s, false);
    };
    let bytes = s.as_bytes();
    let mut end = bytes.len();
    while end > 0 && matches!(bytes[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    if end == 0 || bytes[end - 1] != esc {
        return (s, false);
    }
    let before = end - 1;
    if before == 0 {
        return ("", true);
    }
    if bytes[before - 1] == esc {
        return (s, false);
    }
    (&s[..before], true)
}

/// Offset of `sub` (a subslice of `text`) in `text`.
fn offset_in(text: &str, sub: &str) -> usize {
    sub.as_ptr() as usize - text.as_ptr() as usize
}

/// BuildKit's main parse loop, one logical line at a time, plus the directives it found.
pub(crate) struct Lexer<'a> {
    text: &'a str,
    /// The shared copy of `text` that the model's values are ranges of.
    source: Arc<str>,
    /// Where continuation lines are joined; kept between lines so it is allocated once.
    joined: String,
    /// The source map buffer of the last line, handed back by [`Lexer::recycle`] for reuse.
    spare: Vec<(usize, usize)>,
    lines: Lines<'a>,
    directives: DirectiveParser,
    /// The escape character (`\` or `` ` ``).
    pub escape: char,
    /// The `# syntax=` directive, if any.
    pub syntax: Option<String>,
    /// The `# check=` directive, if any.
    pub check: Option<String>,
}

impl<'a> Lexer<'a> {
    /// Starts reading `text`; `source` is its shared copy.
    pub fn new(text: &'a str, source: Arc<str>) -> Lexer<'a> {
        Lexer {
            text,
            source,
            joined: String::new(),
            spare: Vec::new(),
            lines: Lines { text, pos: 0, number: 0 },
            directives: DirectiveParser::default(),
            escape: '\\',
            syntax: None,
            check: None,
        }
    }

    /// Reads the next instruction; `None` at the end of the text.
    pub fn next_line(&mut self, diagnostics: &mut Vec<Diagnostic>, ranges: &mut Vec<Range<usize>>) -> Option<Line> {
        let text = self.text;
        loop {
            let first = self.lines.next(diagnostics)?;
            let content = &text[first.start..first.content_end];
            let trimmed = trim_start(content);
            let trimmed_at = offset_in(text, trimmed);
            self.directive(trimmed, trimmed_at, diagnostics);
            let body = if trimmed.as_bytes().first() == Some(&b'#') { "" } else { trimmed };
            let (body, continues) = trim_continuation(body, self.escape);
            if !continues && body.is_empty() {
                continue;
            }
            return Some(self.logical(first, body, trimmed_at, continues, diagnostics, ranges));
        }
    }

    /// Joins the continuation lines after `first`, parses the node (its argument and flag ranges go to
    /// `ranges`) and reads its heredocs.
    fn logical(
        &mut self,
        first: Physical,
        body: &'a str,
        trimmed_at: usize,
        mut continues: bool,
        diagnostics: &mut Vec<Diagnostic>,
        ranges: &mut Vec<Range<usize>>,
    ) -> Line {
        let text = self.text;
        let mut map = SourceMap { first: trimmed_at, more: std::mem::take(&mut self.spare) };
        let mut last = first;
        let mut empty_continuation = false;
        while continues {
            let Some(next) = self.lines.next(diagnostics) else {
                break;
            };
            last = next;
            let content = &text[next.start..next.content_end];
            let lead = trim_start(content);
            if lead.as_bytes().first() == Some(&b'#') {
                continue;
            }
            if lead.is_empty() {
                empty_continuation = true;
                continue;
            }
            let (piece, more) = trim_continuation(content, self.escape);
            if map.more.is_empty() {
                self.joined.clear();
                self.joined.push_str(body);
            }
            map.push(self.joined.len(), next.start);
            self.joined.push_str(piece);
            continues = more;
        }
        // One physical line is parsed where it stands in the source, so the map is the identity.
        let (base, range) = if map.more.is_empty() {
            map.first = 0;
            (Arc::clone(&self.source), trimmed_at..trimmed_at + body.len())
        } else {
            (Arc::from(self.joined.as_str()), 0..self.joined.len())
        };
        let raw = parse_line(&base, range.clone(), self.escape, ranges);
        let mut heredocs = Vec::new();
        let logical = &base[range];
        if raw.can_contain_heredoc() && logical.contains("<<") {
            for opener in heredoc::openers(logical) {
                let (heredoc, end) = self.heredoc(opener, trimmed_at, diagnostics);
                last = end.unwrap_or(last);
                heredocs.push(heredoc);
            }
        }
        Line {
            raw,
            base,
            map,
            start_line: first.number,
            end_line: last.number,
            span: Span::new(trimmed_at, last.content_end),
            heredocs,
            empty_continuation: empty_continuation.then(|| Span::new(last.start, last.content_end)),
        }
    }

    /// Takes back the buffers of a line that has been built, to reuse them for the next one.
    pub fn recycle(&mut self, line: Line) {
        let mut more = line.map.more;
        more.clear();
        self.spare = more;
    }

    /// Reads one heredoc body up to its terminator; also returns the last physical line read.
    fn heredoc(
        &mut self,
        opener: heredoc::Opener,
        trimmed_at: usize,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (Heredoc, Option<Physical>) {
        let text = self.text;
        let body_start = self.lines.pos;
        let mut content = String::new();
        let mut terminated = false;
        let mut last = None;
        while let Some(next) = self.lines.next(diagnostics) {
            last = Some(next);
            let line = &text[next.start..next.content_end];
            let candidate = if opener.chomp { line.trim_start_matches('\t') } else { line };
            if candidate == opener.name {
                terminated = true;
                break;
            }
            let scanned = &text[next.start..next.scan_end];
            content.push_str(if opener.chomp { scanned.trim_start_matches('\t') } else { scanned });
            content.push('\n');
        }
        if !terminated {
            diagnostics.push(Diagnostic::error(
                "unterminated-heredoc",
                Span::new(trimmed_at, text.len()),
                "unterminated heredoc",
            ));
        }
        let end = last.map_or(body_start, |l| l.content_end);
        let heredoc = Heredoc {
            name: opener.name,
            content,
            expand: opener.expand,
            file_descriptor: opener.file_descriptor,
            span: Span::new(body_start, end),
        };
        (heredoc, last)
    }

    /// Feeds one top-level line to the directive parser and applies what it found.
    fn directive(&mut self, line: &str, at: usize, diagnostics: &mut Vec<Diagnostic>) {
        match self.directives.feed(line) {
            DirectiveOutcome::None => {}
            DirectiveOutcome::Duplicate(name) => diagnostics.push(Diagnostic::error(
                "duplicate-directive",
                Span::new(at, at + line.len()),
                format!("only one {name} parser directive can be used"),
            )),
            DirectiveOutcome::Directive(d) => {
                let value_span = Span::new(at + d.value_offset, at + d.value_offset + d.value.len());
                match d.name.as_str() {
                    "escape" => match escape_token(d.value) {
                        Ok(escape) => self.escape = escape,
                        Err(message) => {
                            diagnostics.push(Diagnostic::error("invalid-escape-token", value_span, message))
                        }
                    },
                    "syntax" => self.syntax = Some(d.value.to_string()),
                    _ => self.check = Some(d.value.to_string()),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{find_newline, trim_continuation};

    #[test]
    fn newline_search() {
        let text = b"0123456789abcdef\nxy\n";
        assert_eq!(find_newline(text, 0), 16);
        assert_eq!(find_newline(text, 17), 19);
        assert_eq!(find_newline(text, 20), 20);
        assert_eq!(find_newline(b"abc", 0), 3);
        assert_eq!(find_newline("é\u{a}".as_bytes(), 0), 2);
    }

    #[test]
    fn continuation_test() {
        assert_eq!(trim_continuation("a \\  ", '\\'), ("a ", true));
        assert_eq!(trim_continuation("\\ ", '\\'), ("", true));
        assert_eq!(trim_continuation("a\\\\", '\\'), ("a\\\\", false));
        assert_eq!(trim_continuation("a`", '`'), ("a", true));
        assert_eq!(trim_continuation("a\\", '`'), ("a\\", false));
    }
}
