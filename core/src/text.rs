//! Positions in source text: [`Span`] (a byte range) and [`LineIndex`] (offset ↔ line and column), and
//! [`Text`], the shared string the parsed model holds its values in.
//!
//! Everything that points into a Dockerfile, a diagnostic, an instruction, a flag or an argument,
//! carries a `Span`. Spans are byte offsets into the text given to `parse`, so the UI can slice the
//! text with them directly.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::{Deref, Range};
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

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

/// An immutable string that shares its bytes: a range of an `Arc<str>`.
///
/// The parser copies a Dockerfile once into an `Arc<str>`, and every value of the model (a keyword,
/// an argument, a flag, the logical line) is a range of that copy, so making or cloning a value
/// costs a reference count instead of an allocation and a copy. Only text that differs from the
/// source (an unescaped JSON string, a flag without its quotes, a line joined from continuations)
/// has a buffer of its own. A `Text` behaves like a `&str` (it dereferences to one, compares, hashes,
/// orders, prints and serializes as one), so most code reads it exactly like a `String`.
#[derive(Clone)]
pub struct Text {
    /// The buffer the text is a range of.
    base: Arc<str>,
    /// The start of the range, a char boundary of `base`.
    start: u32,
    /// The end of the range, a char boundary of `base`, not before `start`.
    end: u32,
}

impl Text {
    /// The text `base[range]`, sharing `base`. A range outside `base` or not on char boundaries reads
    /// as the empty text (the parser never makes one); a range beyond 4 GiB is copied instead.
    pub fn slice(base: &Arc<str>, range: Range<usize>) -> Text {
        match (u32::try_from(range.start), u32::try_from(range.end)) {
            (Ok(start), Ok(end)) => Text { base: Arc::clone(base), start, end },
            _ => base.get(range).map_or_else(Text::default, Text::from),
        }
    }

    /// The part `range` of this text (offsets relative to it), sharing the buffer. A range outside
    /// the text or not on char boundaries gives the empty text.
    pub fn sub(&self, range: Range<usize>) -> Text {
        if self.as_str().get(range.clone()).is_none() {
            return Text::default();
        }
        // Both ends are within `start..=end`, which fits in a u32.
        let at = |offset: usize| self.start + u32::try_from(offset).unwrap_or(0);
        Text { base: Arc::clone(&self.base), start: at(range.start), end: at(range.end) }
    }

    /// The text as a `&str`.
    pub fn as_str(&self) -> &str {
        self.base.get(self.start as usize..self.end as usize).unwrap_or_default()
    }
}

impl Default for Text {
    fn default() -> Text {
        Text::from("")
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        let end = u32::try_from(s.len()).unwrap_or(0);
        Text { base: Arc::from(s), start: 0, end }
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::from(s.as_str())
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.as_str().to_string()
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        String::deserialize(deserializer).map(Text::from)
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

    #[test]
    fn text_shares_and_behaves_like_str() {
        let base: Arc<str> = Arc::from("RUN échó hi");
        let word = Text::slice(&base, 4..10);
        assert_eq!(word, "échó");
        assert_eq!(word.sub(3..6), "hó");
        assert_eq!(Text::slice(&base, 5..6), "", "not a char boundary");
        assert_eq!(Text::slice(&base, 4..100), "", "out of range");
        assert_eq!(word.sub(0..100), "");
        assert_eq!(format!("{word:?} {word}"), "\"échó\" échó");
        assert_eq!(serde_json::to_string(&word).unwrap(), "\"échó\"");
        assert_eq!(serde_json::from_str::<Text>("\"échó\"").unwrap(), word);
        assert_eq!(Arc::strong_count(&base), 2);
    }
}
