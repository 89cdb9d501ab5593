//! The strict JSON test of exec form (S-PARSE-6): is the whole text one RFC 8259 array, and are all
//! its elements strings?
//!
//! Nested values are validated without recursion, so deeply nested input cannot overflow the stack.

use std::ops::Range;

/// What the JSON test decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum JsonArray {
    /// Not a valid JSON array: the caller falls back to shell form silently.
    NotJson,
    /// A valid array of strings, in order.
    Strings(Vec<JsonString>),
    /// A valid array with a non-string element: a parse error.
    NotStrings,
}

/// One string element of an array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JsonString {
    /// The byte range of the token, quotes included.
    pub token: Range<usize>,
    /// The decoded value when it has escapes; `None` when it is the token without its quotes.
    pub decoded: Option<String>,
}

/// Applies the JSON test to `text`, which must already start with `[`.
pub(crate) fn parse_array(text: &str) -> JsonArray {
    let b = text.as_bytes();
    if b.first() != Some(&b'[') {
        return JsonArray::NotJson;
    }
    let mut i = skip_ws(b, 1);
    let mut items = Vec::new();
    let mut all_strings = true;
    if b.get(i) == Some(&b']') {
        i += 1;
    } else {
        loop {
            if b.get(i) == Some(&b'"') {
                let start = i;
                let Some((decoded, end)) = string(text, i) else {
                    return JsonArray::NotJson;
                };
                items.push(JsonString { token: start..end, decoded });
                i = end;
            } else {
                all_strings = false;
                let Some(end) = value(b, i) else {
                    return JsonArray::NotJson;
                };
                i = end;
            }
            i = skip_ws(b, i);
            match b.get(i) {
                Some(b',') => i = skip_ws(b, i + 1),
                Some(b']') => {
                    i += 1;
                    break;
                }
                _ => return JsonArray::NotJson,
            }
        }
    }
    if skip_ws(b, i) != b.len() {
        return JsonArray::NotJson;
    }
    if all_strings { JsonArray::Strings(items) } else { JsonArray::NotStrings }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// Validates any JSON value starting at `i`; returns the offset after it.
fn value(b: &[u8], mut i: usize) -> Option<usize> {
    // Each stack entry is the open bracket of a container being read.
    let mut stack: Vec<u8> = Vec::new();
    loop {
        i = skip_ws(b, i);
        // Read one scalar or open a container.
        match *b.get(i)? {
            b'[' | b'{' => {
                let open = b[i];
                stack.push(open);
                i = skip_ws(b, i + 1);
                let close = if open == b'[' { b']' } else { b'}' };
                if b.get(i) == Some(&close) {
                    stack.pop();
                    i += 1;
                } else {
                    if open == b'{' {
                        i = key(b, i)?;
                    }
                    continue;
                }
            }
            b'"' => i = skip_string(b, i)?,
            b't' => i = literal(b, i, b"true")?,
            b'f' => i = literal(b, i, b"false")?,
            b'n' => i = literal(b, i, b"null")?,
            _ => i = number(b, i)?,
        }
        // After a complete value: close containers or move to the next element.
        loop {
            let Some(&open) = stack.last() else {
                return Some(i);
            };
            i = skip_ws(b, i);
            let close = if open == b'[' { b']' } else { b'}' };
            match *b.get(i)? {
                b',' => {
                    i += 1;
                    if open == b'{' {
                        i = key(b, skip_ws(b, i))?;
                    }
                    break;
                }
                c if c == close => {
                    stack.pop();
                    i += 1;
                }
                _ => return None,
            }
        }
    }
}

/// Reads `"key" :` inside an object.
fn key(b: &[u8], i: usize) -> Option<usize> {
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let i = skip_ws(b, skip_string(b, i)?);
    (b.get(i) == Some(&b':')).then_some(i + 1)
}

fn literal(b: &[u8], i: usize, word: &[u8]) -> Option<usize> {
    b.get(i..i + word.len()).filter(|s| *s == word).map(|_| i + word.len())
}

fn number(b: &[u8], mut i: usize) -> Option<usize> {
    let digits = |b: &[u8], mut i: usize| {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        (i > start).then_some(i)
    };
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    match b.get(i)? {
        b'0' => i += 1,
        b'1'..=b'9' => i = digits(b, i)?,
        _ => return None,
    }
    if b.get(i) == Some(&b'.') {
        i = digits(b, i + 1)?;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        i = digits(b, i)?;
    }
    Some(i)
}

fn skip_string(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    loop {
        match *b.get(i)? {
            b'"' => return Some(i + 1),
            b'\\' => match *b.get(i + 1)? {
                b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => i += 2,
                b'u' => {
                    hex4(b, i + 2)?;
                    i += 6;
                }
                _ => return None,
            },
            c if c < 0x20 => return None,
            _ => i += 1,
        }
    }
}

fn hex4(b: &[u8], i: usize) -> Option<u32> {
    let s = std::str::from_utf8(b.get(i..i + 4)?).ok()?;
    if !s.bytes().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(s, 16).ok()
}

/// Decodes the string token at `i`; returns the value (`None` when it has no escapes, so it is the
/// token's own text) and the offset after the closing quote.
fn string(text: &str, start: usize) -> Option<(Option<String>, usize)> {
    let b = text.as_bytes();
    let end = skip_string(b, start)?;
    let body = &text[start + 1..end - 1];
    if !body.contains('\\') {
        return Some((None, end));
    }
    let mut out = String::with_capacity(body.len());
    let bb = body.as_bytes();
    let mut i = 0;
    let mut plain = 0;
    while i < bb.len() {
        if bb[i] != b'\\' {
            i += 1;
            continue;
        }
        out.push_str(&body[plain..i]);
        let c = bb[i + 1];
        i += 2;
        match c {
            b'b' => out.push('\u{8}'),
            b'f' => out.push('\u{c}'),
            b'n' => out.push('\n'),
            b'r' => out.push('\r'),
            b't' => out.push('\t'),
            b'u' => {
                let hi = hex4(bb, i)?;
                i += 4;
                let mut decoded = char::from_u32(hi);
                if (0xd800..0xdc00).contains(&hi)
                    && bb.get(i) == Some(&b'\\')
                    && bb.get(i + 1) == Some(&b'u')
                    && let Some(lo) = hex4(bb, i + 2).filter(|lo| (0xdc00..0xe000).contains(lo))
                {
                    decoded = char::from_u32(0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00));
                    i += 6;
                }
                out.push(decoded.unwrap_or('\u{fffd}'));
            }
            other => out.push(other as char),
        }
        plain = i;
    }
    out.push_str(&body[plain..]);
    Some((Some(out), end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(text: &str) -> Option<Vec<String>> {
        match parse_array(text) {
            JsonArray::Strings(items) => Some(
                items
                    .into_iter()
                    .map(|s| s.decoded.unwrap_or_else(|| text[s.token.start + 1..s.token.end - 1].to_string()))
                    .collect(),
            ),
            _ => None,
        }
    }

    #[test]
    fn json_rules() {
        assert_eq!(strings(r#"[ "a", "b" ]"#), Some(vec!["a".into(), "b".into()]));
        assert_eq!(strings("[]"), Some(vec![]));
        assert_eq!(strings(r#"["\u0041\ud83d\ude00\/"]"#), Some(vec!["A😀/".into()]));
        assert_eq!(parse_array(r#"["a",]"#), JsonArray::NotJson);
        assert_eq!(parse_array(r#"["a"] x"#), JsonArray::NotJson);
        assert_eq!(parse_array("['a']"), JsonArray::NotJson);
        assert_eq!(parse_array(r#"[5]"#), JsonArray::NotStrings);
        assert_eq!(parse_array(r#"["a", {"b": [1, 2.5e3, null]}]"#), JsonArray::NotStrings);
        assert_eq!(parse_array(r#"["a", {"b" 1}]"#), JsonArray::NotJson);
        assert_eq!(parse_array(&"[".repeat(100_000)), JsonArray::NotJson);
    }
}
