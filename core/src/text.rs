//! Positions in source text: [`Span`] (a byte range) and [`LineIndex`] (offset ↔ line and column).
//!
//! Everything that points into a Dockerfile, a diagnostic, an instruction, a flag or an argument,
//! carries a `Span`. Spans are byte offsets into the text given to `parse`, so the UI can slice the
//! text with them directly.

use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into a source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct Span {
    /// The offset of the first byte.
    pub start: usize,
    /// The offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// Makes a span; `end` is clamped so that it is never before `start`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end: end.max(start) }
    }

    /// The empty span at `offset`.
    pub fn empty(offset: usize) -> Span {
        Span { start: offset, end: offset }
    }

    /// The number of bytes covered.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

/// Maps byte offsets to 1-based line numbers and back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// The offset at which each line starts; the first entry is 0.
    line_starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Indexes `text`. Lines are split after each `\n`.
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        line_starts.extend(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        LineIndex { line_starts, len: text.len() }
    }

    /// The 1-based line that holds `offset` (an offset at the end of the text belongs to the last line).
    pub fn line(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// The 1-based line and 0-based byte column of `offset`.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        (line, offset.min(self.len) - self.line_starts[line - 1])
    }

    /// The byte offset where 1-based `line` starts, if the line exists.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        line.checked_sub(1).and_then(|i| self.line_starts.get(i).copied())
    }

    /// How many lines the text has (a text ending in `\n` has an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let index = LineIndex::new("FROM a\nRUN b\n");
        assert_eq!(index.line_col(0), (1, 0));
        assert_eq!(index.line_col(7), (2, 0));
        assert_eq!(index.line_col(9), (2, 2));
        assert_eq!(index.line(13), 3);
        assert_eq!(index.line_count(), 3);
        assert_eq!(index.line_start(2), Some(7));
        assert_eq!(index.line_start(4), None);
    }
}
