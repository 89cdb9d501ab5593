//! Heredoc detection (conformance README 3.11, S-PARSE-7): which words of a RUN, COPY or ADD line
//! open a here-document, and with which delimiter.
//!
//! Upstream splits the line with its shell lexer in raw mode and always with `\` as the escape
//! character, whatever the escape directive says.

/// A heredoc opener found on a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Opener {
    /// The delimiter with quotes removed.
    pub name: String,
    /// False when any part of the delimiter was quoted.
    pub expand: bool,
    /// `<<-`: leading tabs are stripped from body lines and the terminator.
    pub chomp: bool,
    /// The digits before `<<`, if any.
    pub file_descriptor: Option<u32>,
}

/// The heredoc openers of `line`, in order.
pub(crate) fn openers(line: &str) -> Vec<Opener> {
    raw_words(line).into_iter().filter_map(opener).collect()
}

/// Splits at white space outside quotes, keeping quotes and escapes. An unclosed quote makes the
/// whole line fail upstream, and then no word is returned.
fn raw_words(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut quote: Option<char> = None;
    let mut chars = line.char_indices();
    while let Some((i, c)) = chars.next() {
        if quote.is_none() && c.is_whitespace() {
            if let Some(st) = start.take() {
                out.push(&line[st..i]);
            }
            continue;
        }
        start.get_or_insert(i);
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (Some('\''), _) => {}
            (_, '\\') => {
                chars.next();
            }
            _ => {}
        }
    }
    if quote.is_some() {
        return Vec::new();
    }
    if let Some(st) = start {
        out.push(&line[st..]);
    }
    out
}

/// Matches `^(\d*)<<(-?)([^<]*)$` and checks that the rest is one word.
fn opener(word: &str) -> Option<Opener> {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let after = word[digits..].strip_prefix("<<")?;
    let (chomp, rest) = match after.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    if rest.is_empty() || rest.contains('<') {
        return None;
    }
    let rest = rest.trim_start();
    let name = unquote(rest)?;
    if name.is_empty() {
        return None;
    }
    let quotes = |s: &str| s.chars().filter(|&c| c == '\'' || c == '"').count();
    Some(Opener {
        expand: quotes(&name) == quotes(rest),
        name,
        chomp,
        file_descriptor: if digits > 0 { word[..digits].parse().ok() } else { None },
    })
}

/// Removes quotes and escapes like the shell lexer (variables are left as written). `None` when the
/// text would be more than one word.
fn unquote(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match quote {
            None if c.is_whitespace() => return None,
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '\\' => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            Some(q) if c == q => quote = None,
            Some('"') if c == '\\' => match chars.peek() {
                Some(&next @ ('"' | '$' | '\\')) => {
                    out.push(next);
                    chars.next();
                }
                _ => out.push(c),
            },
            _ => out.push(c),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_openers() {
        let found = openers(r#"COPY <<a.txt 3<<-"b.txt" '<<X' /dest/"#);
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].name.as_str(), found[0].expand, found[0].chomp), ("a.txt", true, false));
        assert_eq!((found[1].name.as_str(), found[1].expand, found[1].chomp), ("b.txt", false, true));
        assert_eq!(found[1].file_descriptor, Some(3));
        assert!(openers("RUN <<'EOF").is_empty());
        assert!(openers("RUN a<<EOF <<").is_empty());
    }
}
