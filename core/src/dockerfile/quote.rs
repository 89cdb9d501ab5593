//! Go's `strconv.Quote`, written by hand: the quoting BuildKit's dumper uses for flags and arguments
//! (conformance README, section 4.3).
//!
//! Printable means U+0020 or a character in the Unicode categories L, M, N, P or S. Rust has no
//! category table, so [`is_printable`] derives the set from what std knows (control characters and
//! white space) plus small hand tables for Cf (format), Co (private use) and the noncharacters. Other
//! unassigned code points count as printable; that is the only known difference from Go.

use std::fmt::Write;

/// Appends `s` quoted the way Go's `strconv.Quote` does it.
pub fn quote_into(out: &mut String, s: &str) {
    out.push('"');
    let mut plain_start = 0;
    for (i, c) in s.char_indices() {
        let simple = c != '"' && c != '\\' && (c as u32) >= 0x20 && c != '\u{7f}' && (c.is_ascii() || is_printable(c));
        if simple {
            continue;
        }
        out.push_str(&s[plain_start..i]);
        plain_start = i + c.len_utf8();
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if (c as u32) <= 0xffff => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push_str(&s[plain_start..]);
    out.push('"');
}

/// Returns `s` quoted the way Go's `strconv.Quote` does it.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    quote_into(&mut out, s);
    out
}

/// Unicode format characters (category Cf, Unicode 15).
const FORMAT: &[(u32, u32)] = &[
    (0x00ad, 0x00ad),
    (0x0600, 0x0605),
    (0x061c, 0x061c),
    (0x06dd, 0x06dd),
    (0x070f, 0x070f),
    (0x0890, 0x0891),
    (0x08e2, 0x08e2),
    (0x180e, 0x180e),
    (0x200b, 0x200f),
    (0x202a, 0x202e),
    (0x2060, 0x2064),
    (0x2066, 0x206f),
    (0xfeff, 0xfeff),
    (0xfff9, 0xfffb),
    (0x110bd, 0x110bd),
    (0x110cd, 0x110cd),
    (0x13430, 0x1343f),
    (0x1bca0, 0x1bca3),
    (0x1d173, 0x1d17a),
    (0xe0001, 0xe0001),
    (0xe0020, 0xe007f),
];

/// Whether Go's `strconv.IsPrint` holds for `c` (see the module doc for the approximation).
pub fn is_printable(c: char) -> bool {
    let n = c as u32;
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    // Private use (Co).
    if (0xe000..=0xf8ff).contains(&n) || n >= 0xf0000 {
        return false;
    }
    // Noncharacters and the large unassigned planes (Cn).
    if (0xfdd0..=0xfdef).contains(&n) || (n & 0xfffe) == 0xfffe || (0x40000..=0xdffff).contains(&n) {
        return false;
    }
    !FORMAT.iter().any(|&(lo, hi)| lo <= n && n <= hi)
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn matches_go() {
        assert_eq!(quote("a\"b\\c'd"), r#""a\"b\\c'd""#);
        assert_eq!(quote("\u{0}\u{7f}\u{7}\u{8}\u{c}\n\r\t\u{b}\u{1b}"), r#""\x00\x7f\a\b\f\n\r\t\v\x1b""#);
        assert_eq!(quote("é\u{200b}\u{a0}😀\u{301}\u{feff}"), "\"é\\u200b\\u00a0😀\u{301}\\ufeff\"");
        assert_eq!(quote("\u{f0000}♥"), "\"\\U000f0000♥\"");
    }
}
