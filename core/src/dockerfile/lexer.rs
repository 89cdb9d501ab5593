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
use super::node::{RawNode, is_ascii_space, parse_line};

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

/// One instruction as read by the main loop. The parse reuses one `Line` for every instruction, so
/// its buffers are allocated once and it is never moved.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
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

impl Line {
    /// An empty line whose scratch buffers have room for `args` arguments, so they seldom grow.
    pub fn with_capacity(args: usize) -> Line {
        let mut line = Line::default();
        line.raw.node.args.reserve(args);
        line.map.more.reserve(args / 2);
        line
    }
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
    #[inline(always)]
    fn next(&mut self, diagnostics: &mut Vec<Diagnostic>) -> Option<Physical> {
        let bytes = self.text.as_bytes();
        let mut start = self.pos;
        let rest = bytes.get(start..).filter(|rest| !rest.is_empty())?;
        let end = find_newline(bytes, start);
        self.pos = if end < bytes.len() { end + 1 } else { end };
        self.number += 1;
        if self.number == 1 && rest.starts_with("\u{feff}".as_bytes()) {
            start += 3;
        }
        // The line holds no `\n` before `end`, so only carriage returns are trimmed here.
        let mut content_end = end;
        while content_end > start && bytes[content_end - 1] == b'\r' {
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
/// time with the "has zero byte" bit trick; the lowest flagged byte is always a real match. Lines
/// are short (about 30 bytes in the corpus), and for them this measured faster than `memchr`'s
/// vector search, whose set-up costs more than it saves.
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

/// Whether `s` holds `<<`, the mark of a possible heredoc: each `<` is found with the standard
/// library's byte search, which is cheaper than setting up a substring search for every line.
fn has_heredoc_mark(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(i) = s.get(from..).and_then(|rest| rest.find('<')) {
        if bytes.get(from + i + 1) == Some(&b'<') {
            return true;
        }
        from += i + 1;
    }
    false
}

/// The continuation test (README 3.3) on the bytes of a line: the length of the text kept and
/// whether the line continues. The escape character is always ASCII (`\` or `` ` ``), so this
/// works on bytes.
fn continuation(line: &[u8], esc: u8) -> (usize, bool) {
    let mut end = line.len();
    while end > 0 && matches!(line[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    if end == 0 || line[end - 1] != esc {
        return (line.len(), false);
    }
    let before = end - 1;
    if before > 0 && line[before - 1] == esc {
        return (line.len(), false);
    }
    (before, true)
}

/// The offset of the first byte of `text[start..end]` that is not white space (what `trim_start`
/// removes). ASCII white space is skipped byte by byte; only a line that starts with other bytes
/// pays for Unicode's white space test. `start` must be a char boundary.
fn skip_space(text: &str, start: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = start;
    while at < end && is_ascii_space(bytes[at]) {
        at += 1;
    }
    if at < end && !bytes[at].is_ascii() {
        // Every byte before `at` is ASCII, so `at` is a char boundary.
        return text.get(at..end).map_or(at, |rest| end - rest.trim_start().len());
    }
    at
}

/// BuildKit's main parse loop, one logical line at a time, plus the directives it found.
pub(crate) struct Lexer<'a> {
    text: &'a str,
    /// The shared copy of `text` that the model's values are ranges of.
    source: Arc<str>,
    /// Where continuation lines are joined; kept between lines so it is allocated once.
    joined: String,
    lines: Lines<'a>,
    directives: DirectiveParser,
    /// The escape character (`\` or `` ` ``).
    pub escape: char,
    /// The escape character as its byte (it is always ASCII).
    esc: u8,
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
            lines: Lines { text, pos: 0, number: 0 },
            directives: DirectiveParser::default(),
            escape: '\\',
            esc: b'\\',
            syntax: None,
            check: None,
        }
    }

    /// Reads the next instruction into `line` (its previous contents are replaced, and its buffers
    /// reused); `false` at the end of the text.
    pub fn next_line(
        &mut self,
        diagnostics: &mut Vec<Diagnostic>,
        ranges: &mut Vec<Range<usize>>,
        line: &mut Line,
    ) -> bool {
        let text = self.text;
        loop {
            let Some(first) = self.lines.next(diagnostics) else {
                return false;
            };
            let bytes = text.as_bytes();
            let trimmed_at = skip_space(text, first.start, first.content_end);
            if !self.directives.is_done() {
                let trimmed = text.get(trimmed_at..first.content_end).unwrap_or_default();
                self.directive(trimmed, trimmed_at, diagnostics);
            }
            if trimmed_at == first.content_end || bytes[trimmed_at] == b'#' {
                // A blank line or a comment.
                continue;
            }
            let (len, continues) = continuation(&bytes[trimmed_at..first.content_end], self.esc);
            if !continues && len == 0 {
                continue;
            }
            // The kept text ends at the line's end or at the ASCII escape character: a char boundary.
            let body = text.get(trimmed_at..trimmed_at + len).unwrap_or_default();
            self.logical(first, body, trimmed_at, continues, diagnostics, ranges, line);
            return true;
        }
    }

    /// Joins the continuation lines after `first`, parses the node into `line` (its argument and
    /// flag ranges go to `ranges`) and reads its heredocs.
    #[allow(clippy::too_many_arguments)]
    fn logical(
        &mut self,
        first: Physical,
        body: &'a str,
        trimmed_at: usize,
        mut continues: bool,
        diagnostics: &mut Vec<Diagnostic>,
        ranges: &mut Vec<Range<usize>>,
        line: &mut Line,
    ) {
        let text = self.text;
        let map = &mut line.map;
        map.first = trimmed_at;
        map.more.clear();
        let mut last = first;
        let mut empty_continuation = false;
        while continues {
            let Some(next) = self.lines.next(diagnostics) else {
                break;
            };
            last = next;
            let lead = skip_space(text, next.start, next.content_end);
            if lead == next.content_end {
                empty_continuation = true;
                continue;
            }
            if text.as_bytes()[lead] == b'#' {
                continue;
            }
            let (len, more) = continuation(&text.as_bytes()[next.start..next.content_end], self.esc);
            let piece = text.get(next.start..next.start + len).unwrap_or_default();
            if map.more.is_empty() {
                self.joined.clear();
                // Reserved once per file, so joining seldom reallocates.
                self.joined.reserve(256);
                self.joined.push_str(body);
            }
            map.push(self.joined.len(), next.start);
            self.joined.push_str(piece);
            continues = more;
        }
        // One physical line is parsed where it stands in the source, so the map is the identity.
        let range = if map.more.is_empty() {
            map.first = 0;
            if !Arc::ptr_eq(&line.base, &self.source) {
                line.base = Arc::clone(&self.source);
            }
            trimmed_at..trimmed_at + body.len()
        } else {
            line.base = Arc::from(self.joined.as_str());
            0..self.joined.len()
        };
        parse_line(&line.base, range.clone(), self.escape, ranges, &mut line.raw);
        line.heredocs.clear();
        if line.raw.can_contain_heredoc() {
            let logical = &line.base[range];
            if has_heredoc_mark(logical) {
                for opener in heredoc::openers(logical) {
                    let (heredoc, end) = self.heredoc(opener, trimmed_at, diagnostics);
                    last = end.unwrap_or(last);
                    line.heredocs.push(heredoc);
                }
            }
        }
        line.start_line = first.number;
        line.end_line = last.number;
        line.span = Span::new(trimmed_at, last.content_end);
        line.empty_continuation = empty_continuation.then(|| Span::new(last.start, last.content_end));
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
                        Ok(escape) => {
                            self.escape = escape;
                            self.esc = u8::try_from(escape).unwrap_or(b'\\');
                        }
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
    use super::{continuation, find_newline, has_heredoc_mark};

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
    fn heredoc_mark() {
        assert!(has_heredoc_mark("RUN a < b <<EOF"));
        assert!(!has_heredoc_mark("RUN a < b <"));
        assert!(!has_heredoc_mark("RUN é"));
    }

    #[test]
    fn continuation_test() {
        assert_eq!(continuation(b"a \\  ", b'\\'), (2, true));
        assert_eq!(continuation(b"\\ ", b'\\'), (0, true));
        assert_eq!(continuation(b"a\\\\", b'\\'), (3, false));
        assert_eq!(continuation(b"a`", b'`'), (1, true));
        assert_eq!(continuation(b"a\\", b'`'), (2, false));
    }
}
