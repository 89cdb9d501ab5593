//! Physical lines to logical lines (S-PARSE-1 to S-PARSE-4, S-PARSE-7): BOM, CR/LF, the line-length
//! limit, directives, comments, continuations and heredoc bodies.
//!
//! [`tree`] is BuildKit's main parse loop. Each logical line is joined from slices of the source,
//! and a [`SourceMap`] maps offsets in the joined text back to source offsets, so every node part
//! gets a real [`Span`].

use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::instruction::Heredoc;
use crate::text::Span;

use super::directive::{DirectiveOutcome, DirectiveParser, escape_token};
use super::heredoc;
use super::node::{RawNode, parse_line};

/// The longest physical line BuildKit accepts (its scanner buffer is 64 KiB).
const MAX_LINE: usize = 65535;

/// Maps offsets of a joined logical line to offsets of the source text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SourceMap {
    /// `(logical offset, source offset)` of each joined piece, in order.
    pieces: Vec<(usize, usize)>,
}

impl SourceMap {
    fn push(&mut self, logical: usize, source: usize) {
        self.pieces.push((logical, source));
    }

    fn offset(&self, logical: usize, is_end: bool) -> usize {
        let idx = self
            .pieces
            .partition_point(|&(l, _)| if is_end { l < logical } else { l <= logical });
        match idx.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(&(l, s)) => s + (logical - l),
            None => self.pieces.first().map_or(0, |&(_, s)| s),
        }
    }

    /// The source span of a logical range.
    pub fn span(&self, range: &Range<usize>) -> Span {
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
    /// The low-level node, with offsets into `text`.
    pub raw: RawNode,
    /// The logical line (continuations joined).
    pub text: String,
    /// Maps `text` offsets to the source.
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

/// The whole file as nodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tree {
    pub lines: Vec<Line>,
    pub escape: char,
    pub syntax: Option<String>,
    pub check: Option<String>,
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
        let end = memchr_newline(bytes, start);
        self.pos = if end < bytes.len() { end + 1 } else { end };
        self.number += 1;
        if self.number == 1 && self.text[start..].starts_with('\u{feff}') {
            start += 3;
        }
        let mut content_end = end;
        while content_end > start && matches!(bytes[content_end - 1], b'\r' | b'\n') {
            content_end -= 1;
        }
        let scan_end = if end > start && bytes[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        if end - start > MAX_LINE {
            diagnostics.push(Diagnostic::error(
                "line-too-long",
                Span::new(start, end),
                "dockerfile line greater than max allowed size of 65535",
            ));
        }
        Some(Physical {
            number: self.number,
            start,
            content_end,
            scan_end,
        })
    }
}

fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| from + i)
}

/// The continuation test (README 3.3) on `s`; returns the kept text and whether the line continues.
fn trim_continuation(s: &str, escape: char) -> (&str, bool) {
    let body = s.trim_end_matches([' ', '\t']);
    let Some(before) = body.strip_suffix(escape) else {
        return (s, false);
    };
    if before.is_empty() {
        return ("", true);
    }
    if before.ends_with(escape) {
        return (s, false);
    }
    (before, true)
}

/// Offset of `sub` (a subslice of `text`) in `text`.
fn offset_in(text: &str, sub: &str) -> usize {
    sub.as_ptr() as usize - text.as_ptr() as usize
}

/// BuildKit's main parse loop.
pub(crate) fn tree(text: &str, diagnostics: &mut Vec<Diagnostic>) -> Tree {
    let mut tree = Tree {
        lines: Vec::new(),
        escape: '\\',
        syntax: None,
        check: None,
    };
    let mut lines = Lines {
        text,
        pos: 0,
        number: 0,
    };
    let mut directives = DirectiveParser::default();
    while let Some(first) = lines.next(diagnostics) {
        let content = &text[first.start..first.content_end];
        let trimmed = content.trim_start();
        let trimmed_at = offset_in(text, trimmed);
        directive(&mut directives, trimmed, trimmed_at, &mut tree, diagnostics);
        let body = if trimmed.starts_with('#') {
            ""
        } else {
            trimmed
        };
        let (body, mut continues) = trim_continuation(body, tree.escape);
        if !continues && body.is_empty() {
            continue;
        }
        let mut logical = String::with_capacity(body.len());
        let mut map = SourceMap::default();
        map.push(0, trimmed_at);
        logical.push_str(body);
        let mut last = first;
        let mut empty_continuation = false;
        while continues {
            let Some(next) = lines.next(diagnostics) else {
                break;
            };
            last = next;
            let content = &text[next.start..next.content_end];
            let lead = content.trim_start();
            if lead.starts_with('#') {
                continue;
            }
            if lead.is_empty() {
                empty_continuation = true;
                continue;
            }
            let (piece, more) = trim_continuation(content, tree.escape);
            map.push(logical.len(), next.start);
            logical.push_str(piece);
            continues = more;
        }
        let raw = parse_line(&logical, 0..logical.len(), tree.escape);
        let mut heredocs = Vec::new();
        if raw.can_contain_heredoc() && logical.contains("<<") {
            for opener in heredoc::openers(&logical) {
                let body_start = lines.pos;
                let mut content = String::new();
                let mut terminated = false;
                while let Some(next) = lines.next(diagnostics) {
                    last = next;
                    let line = &text[next.start..next.content_end];
                    let candidate = if opener.chomp {
                        line.trim_start_matches('\t')
                    } else {
                        line
                    };
                    if candidate == opener.name {
                        terminated = true;
                        break;
                    }
                    let scanned = &text[next.start..next.scan_end];
                    content.push_str(if opener.chomp {
                        scanned.trim_start_matches('\t')
                    } else {
                        scanned
                    });
                    content.push('\n');
                }
                let span = Span::new(body_start, last.content_end);
                if !terminated {
                    diagnostics.push(Diagnostic::error(
                        "unterminated-heredoc",
                        Span::new(trimmed_at, text.len()),
                        "unterminated heredoc",
                    ));
                }
                heredocs.push(Heredoc {
                    name: opener.name,
                    content,
                    expand: opener.expand,
                    file_descriptor: opener.file_descriptor,
                    span,
                });
            }
        }
        tree.lines.push(Line {
            raw,
            text: logical,
            map,
            start_line: first.number,
            end_line: last.number,
            span: Span::new(trimmed_at, last.content_end),
            heredocs,
            empty_continuation: empty_continuation.then(|| Span::new(last.start, last.content_end)),
        });
    }
    tree
}

/// Feeds one top-level line to the directive parser and applies what it found.
fn directive(
    parser: &mut DirectiveParser,
    line: &str,
    at: usize,
    tree: &mut Tree,
    diagnostics: &mut Vec<Diagnostic>,
) {
    match parser.feed(line) {
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
                    Ok(escape) => tree.escape = escape,
                    Err(message) => diagnostics.push(Diagnostic::error(
                        "invalid-escape-token",
                        value_span,
                        message,
                    )),
                },
                "syntax" => tree.syntax = Some(d.value.to_string()),
                _ => tree.check = Some(d.value.to_string()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::trim_continuation;

    #[test]
    fn continuation_test() {
        assert_eq!(trim_continuation("a \\  ", '\\'), ("a ", true));
        assert_eq!(trim_continuation("\\ ", '\\'), ("", true));
        assert_eq!(trim_continuation("a\\\\", '\\'), ("a\\\\", false));
        assert_eq!(trim_continuation("a`", '`'), ("a", true));
        assert_eq!(trim_continuation("a\\", '`'), ("a\\", false));
    }
}
