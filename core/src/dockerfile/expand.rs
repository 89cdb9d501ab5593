//! Word expansion, after BuildKit's shell lexer (`frontend/dockerfile/shell/lex.go`, S-VAR-1,
//! S-VAR-2): quote removal, escapes, `$name`, `${name}`, the `:-` `-` `:+` `+` `:?` `?` forms and the
//! pattern forms `#` `##` `%` `%%` `/` `//`.
//!
//! Unset variables expand to the empty string. [`expand_word_tracking`] also reports which unset
//! names were referenced, for BuildKit's `UndefinedVar` check.

use thiserror::Error;

/// Why a word could not be expanded. The texts are BuildKit's.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ExpandError {
    /// `${}`, `${:x}`, `${{x}`.
    #[error("syntax error: bad substitution")]
    BadSubstitution,
    /// `${x` or `${x:-y` at the end of the word.
    #[error("syntax error: missing '}}'")]
    MissingBrace,
    /// `${x/pattern` with no second `/`.
    #[error("syntax error: missing '/' in ${{}}")]
    MissingSlash,
    /// `${x:=y}` and other unknown operators.
    #[error("unsupported modifier ({0}) in substitution")]
    UnsupportedModifier(String),
    /// `${x?msg}` with `x` unset (or `${x:?msg}` with `x` unset or empty).
    #[error("{name}: {message}")]
    Unset {
        /// The variable.
        name: String,
        /// The message after `?`, or the shell's default.
        message: String,
    },
    /// A quote that is never closed.
    #[error("unexpected end of statement while looking for matching {0}")]
    Unterminated(&'static str),
    /// The expansion grew past [`MAX_EXPANSION`]; not a BuildKit error, the simulator's own limit.
    #[error("[layerlab] a value grew past 1 MiB during variable expansion; the simulator stops here")]
    TooLong,
    /// A bad escape inside a `#`, `%` or `/` pattern.
    #[error("invalid pattern ({pattern}) in substitution: invalid escape '\\{escaped}'")]
    InvalidPattern {
        /// The pattern.
        pattern: String,
        /// The escaped character.
        escaped: char,
    },
}

/// The longest text one expansion may build (1 MiB). Nested replacements multiply lengths
/// (`${x//?/${x//?/$x}}`), and a fuzzed word of a few hundred bytes asked for gigabytes (found by
/// the `expand` fuzz target as an out-of-memory, `tests/fixtures/fuzz-regressions/expand/`), so
/// every place that appends an expansion checks this bound.
pub const MAX_EXPANSION: usize = 1 << 20;

/// Fails with [`ExpandError::TooLong`] once `text` is longer than [`MAX_EXPANSION`].
fn bounded(text: &str) -> Result<(), ExpandError> {
    if text.len() > MAX_EXPANSION { Err(ExpandError::TooLong) } else { Ok(()) }
}

/// Expands one word: quotes removed, escapes applied, variables substituted. White space is kept.
pub fn expand_word(word: &str, escape: char, lookup: &dyn Fn(&str) -> Option<String>) -> Result<String, ExpandError> {
    expand_word_tracking(word, escape, lookup).map(|(value, _)| value)
}

/// Like [`expand_word`], and also returns the names of unset variables that were referenced.
pub fn expand_word_tracking(
    word: &str,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<(String, Vec<String>), ExpandError> {
    let mut lexer = Lexer::new(word, escape, lookup);
    let (value, _) = lexer.process_stop_on(None, false)?;
    Ok((value, lexer.unset))
}

/// Expands a word the way BuildKit names a RUN step in its progress output: quotes are kept, unset
/// variables are left as written, and on any error the text is returned unchanged (S-OUT-2).
pub fn expand_display(word: &str, escape: char, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    let mut lexer = Lexer::new(word, escape, lookup);
    lexer.raw_quotes = true;
    lexer.skip_unset = true;
    match lexer.process_stop_on(None, false) {
        Ok((value, _)) => value,
        Err(_) => word.to_string(),
    }
}

/// Expands a word and splits the result into words at white space outside quotes (also white space
/// that came from an unquoted variable).
pub fn expand_words(
    word: &str,
    escape: char,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<String>, ExpandError> {
    let mut lexer = Lexer::new(word, escape, lookup);
    let (_, words) = lexer.process_stop_on(None, false)?;
    Ok(words.finish())
}

/// BuildKit's `wordsStruct`.
#[derive(Default)]
struct Words {
    word: String,
    words: Vec<String>,
    in_word: bool,
}

impl Words {
    fn add_char(&mut self, c: char) {
        if c.is_whitespace() {
            if self.in_word && !self.word.is_empty() {
                self.words.push(std::mem::take(&mut self.word));
                self.in_word = false;
            }
        } else {
            self.add_raw_char(c);
        }
    }

    fn add_raw_char(&mut self, c: char) {
        self.word.push(c);
        self.in_word = true;
    }

    fn add_string(&mut self, s: &str) {
        s.chars().for_each(|c| self.add_char(c));
    }

    fn add_raw_string(&mut self, s: &str) {
        self.word.push_str(s);
        self.in_word = true;
    }

    fn finish(mut self) -> Vec<String> {
        if !self.word.is_empty() {
            self.words.push(self.word);
        }
        self.words
    }
}

struct Lexer<'a> {
    s: &'a str,
    pos: usize,
    escape: char,
    lookup: &'a dyn Fn(&str) -> Option<String>,
    unset: Vec<String>,
    /// Keep quote characters in the result (BuildKit's `RawQuotes`).
    raw_quotes: bool,
    /// Leave unset `$name` and `${name}` as written (BuildKit's `SkipUnsetEnv`).
    skip_unset: bool,
}

impl<'a> Lexer<'a> {
    fn new(s: &'a str, escape: char, lookup: &'a dyn Fn(&str) -> Option<String>) -> Lexer<'a> {
        Lexer { s, pos: 0, escape, lookup, unset: Vec::new(), raw_quotes: false, skip_unset: false }
    }
}

impl Lexer<'_> {
    fn peek(&self) -> Option<char> {
        self.s[self.pos..].chars().next()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn get(&mut self, name: &str) -> Option<String> {
        let value = (self.lookup)(name);
        if value.is_none() && !self.unset.iter().any(|n| n == name) {
            self.unset.push(name.to_string());
        }
        value
    }

    fn process_stop_on(&mut self, stop: Option<char>, raw_escapes: bool) -> Result<(String, Words), ExpandError> {
        let mut result = String::new();
        let mut words = Words::default();
        while let Some(c) = self.peek() {
            if Some(c) == stop {
                self.next();
                return Ok((result, words));
            }
            match c {
                '$' => {
                    let value = self.process_dollar()?;
                    result.push_str(&value);
                    bounded(&result)?;
                    words.add_string(&value);
                }
                '\'' => {
                    let mut value = self.process_single_quote()?;
                    if self.raw_quotes {
                        value = format!("'{value}'");
                    }
                    result.push_str(&value);
                    words.add_raw_string(&value);
                }
                '"' => {
                    let mut value = self.process_double_quote()?;
                    if self.raw_quotes {
                        value = format!("\"{value}\"");
                    }
                    result.push_str(&value);
                    words.add_raw_string(&value);
                }
                _ => {
                    self.next();
                    if c == self.escape {
                        if raw_escapes {
                            words.add_raw_char(c);
                            result.push(c);
                        }
                        let Some(escaped) = self.next() else { break };
                        words.add_raw_char(escaped);
                        result.push(escaped);
                    } else {
                        words.add_char(c);
                        result.push(c);
                    }
                }
            }
        }
        match stop {
            Some('}') => Err(ExpandError::MissingBrace),
            Some('/') => Err(ExpandError::MissingSlash),
            _ => Ok((result, words)),
        }
    }

    fn process_single_quote(&mut self) -> Result<String, ExpandError> {
        self.next();
        let start = self.pos;
        loop {
            match self.next() {
                None => return Err(ExpandError::Unterminated("single-quote")),
                Some('\'') => return Ok(self.s[start..self.pos - 1].to_string()),
                Some(_) => {}
            }
        }
    }

    fn process_double_quote(&mut self) -> Result<String, ExpandError> {
        self.next();
        let mut result = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(ExpandError::Unterminated("double-quote"));
            };
            match c {
                '"' => {
                    self.next();
                    return Ok(result);
                }
                '$' => {
                    result.push_str(&self.process_dollar()?);
                    bounded(&result)?;
                }
                _ => {
                    self.next();
                    if c == self.escape {
                        match self.peek() {
                            None => continue,
                            Some(next) if next == '"' || next == '$' || next == self.escape => {
                                self.next();
                                result.push(next);
                                continue;
                            }
                            Some(_) => {}
                        }
                    }
                    result.push(c);
                }
            }
        }
    }

    /// Reads a name: letters, digits and `_`; or all digits; or one special parameter.
    fn process_name(&mut self) -> &str {
        let start = self.pos;
        match self.peek() {
            Some(c) if c.is_ascii_digit() => {
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.next();
                }
            }
            Some('@' | '*' | '#' | '?' | '-' | '$' | '!' | '0') => {
                self.next();
            }
            _ => {
                while self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    self.next();
                }
            }
        }
        &self.s[start..self.pos]
    }

    fn process_dollar(&mut self) -> Result<String, ExpandError> {
        let start = self.pos;
        self.next();
        if self.peek() != Some('{') {
            let name = self.process_name().to_string();
            if name.is_empty() {
                return Ok("$".to_string());
            }
            return Ok(match self.get(&name) {
                Some(value) => value,
                None if self.skip_unset => self.s[start..self.pos].to_string(),
                None => String::new(),
            });
        }
        self.next();
        match self.peek() {
            None => return Err(ExpandError::MissingBrace),
            Some('{' | '}' | ':') => return Err(ExpandError::BadSubstitution),
            _ => {}
        }
        let name = self.process_name().to_string();
        let Some(op) = self.next() else {
            return Err(ExpandError::MissingBrace);
        };
        match op {
            '}' => Ok(match self.get(&name) {
                Some(value) => value,
                None if self.skip_unset => self.s[start..self.pos].to_string(),
                None => String::new(),
            }),
            '?' | ':' if op == '?' || self.peek() == Some('?') => {
                let null_is_unset = op == ':';
                if null_is_unset {
                    self.next();
                }
                let (message, _) = self.process_stop_on(Some('}'), false)?;
                match self.get(&name) {
                    Some(value) if !(null_is_unset && value.is_empty()) => Ok(value),
                    _ => {
                        let default = if null_is_unset { "parameter not set or null" } else { "parameter not set" };
                        let message = if message.is_empty() { default.to_string() } else { message };
                        Err(ExpandError::Unset { name, message })
                    }
                }
            }
            ':' | '+' | '-' => {
                let (null_is_unset, modifier) = if op == ':' { (true, self.next()) } else { (false, Some(op)) };
                let (word, _) = self.process_stop_on(Some('}'), false)?;
                let value = self.get(&name);
                let unset = match &value {
                    None => true,
                    Some(v) => null_is_unset && v.is_empty(),
                };
                match modifier {
                    Some('-') => Ok(if unset { word } else { value.unwrap_or_default() }),
                    Some('+') => Ok(if unset { String::new() } else { word }),
                    other => Err(ExpandError::UnsupportedModifier(format!(
                        ":{}",
                        other.map(String::from).unwrap_or_default()
                    ))),
                }
            }
            '#' | '%' => {
                let greedy = self.peek() == Some(op);
                if greedy {
                    self.next();
                }
                let (pattern, _) = self.process_stop_on(Some('}'), true)?;
                let value = self.get(&name).unwrap_or_default();
                let tokens = glob(&pattern)?;
                Ok(if op == '#' { trim_prefix(&value, &tokens, greedy) } else { trim_suffix(&value, &tokens, greedy) })
            }
            '/' => {
                let all = self.peek() == Some('/');
                if all {
                    self.next();
                }
                let (pattern, _) = self.process_stop_on(Some('/'), true)?;
                let (replacement, _) = self.process_stop_on(Some('}'), true)?;
                let value = self.get(&name).unwrap_or_default();
                let tokens = glob(&pattern)?;
                replace(&value, &tokens, &replacement, all)
            }
            other => Err(ExpandError::UnsupportedModifier(other.to_string())),
        }
    }
}

/// One element of a shell pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Glob {
    Star,
    Any,
    Char(char),
}

/// Compiles a `*`/`?` pattern; `\` quotes `*`, `?` and `\`, and is dropped before `}`.
fn glob(pattern: &str) -> Result<Vec<Glob>, ExpandError> {
    let mut out = Vec::with_capacity(pattern.len());
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(match c {
            '*' => Glob::Star,
            '?' => Glob::Any,
            '\\' => match chars.peek().copied() {
                Some('}') => continue,
                Some(next @ ('*' | '?' | '\\')) => {
                    chars.next();
                    Glob::Char(next)
                }
                other => {
                    let escaped = other.unwrap_or('\u{fffd}');
                    return Err(ExpandError::InvalidPattern { pattern: pattern.to_string(), escaped });
                }
            },
            c => Glob::Char(c),
        });
    }
    Ok(out)
}

/// The byte offsets `end`, ascending, at which `tokens` match all of `text[..end]`.
///
/// Matching runs once over the text with the set of live pattern positions (a Thompson simulation),
/// O(text × pattern). The earlier version tried every candidate end with a fresh match that copied
/// the text into a `Vec<char>`, and `replace` did that for every start: O(n³) per match, so
/// `${x//b*a/c}` on a few thousand characters took minutes (found by the `expand` fuzz target,
/// `tests/fixtures/fuzz-regressions/expand/`). The results are unchanged.
fn match_ends(tokens: &[Glob], text: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut live = vec![None; tokens.len() + 1];
    let mut next = live.clone();
    live[0] = Some(0);
    close_over_stars(tokens, &mut live);
    if live[tokens.len()].is_some() {
        ends.push(0);
    }
    for (i, c) in text.char_indices() {
        if !advance(tokens, &live, &mut next, c) {
            break;
        }
        std::mem::swap(&mut live, &mut next);
        if live[tokens.len()].is_some() {
            ends.push(i + c.len_utf8());
        }
    }
    ends
}

/// The leftmost match of `tokens` in `value` that starts at or after `from`, and the longest one
/// from that start, as Go's regexp finds it for a greedy pattern. One pass: a match may start at every
/// character, and of two partial matches in the same pattern position only the one that started
/// further left is kept, since both can end in the same places.
fn leftmost_longest(tokens: &[Glob], value: &str, from: usize) -> Option<(usize, usize)> {
    let accept = tokens.len();
    let mut live: Vec<Option<usize>> = vec![None; accept + 1];
    let mut next = live.clone();
    let mut best: Option<(usize, usize)> = None;
    let positions = value[from..].char_indices().map(|(i, c)| (from + i, Some(c)));
    for (i, c) in positions.chain(std::iter::once((value.len(), None))) {
        if best.is_none() {
            keep_leftmost(&mut live[0], i);
        }
        close_over_stars(tokens, &mut live);
        if let Some(start) = live[accept] {
            best = match best {
                Some((best_start, _)) if best_start < start => best,
                _ => Some((start, i)),
            };
        }
        if let Some((best_start, _)) = best
            && live.iter().flatten().all(|&start| start > best_start)
        {
            break;
        }
        let Some(c) = c else { break };
        if !advance(tokens, &live, &mut next, c) && best.is_some() {
            break;
        }
        std::mem::swap(&mut live, &mut next);
    }
    best
}

/// Moves every live pattern position over `c` into `next` (closed over `*`), keeping the leftmost
/// start per position. Returns whether any position is still live.
fn advance(tokens: &[Glob], live: &[Option<usize>], next: &mut [Option<usize>], c: char) -> bool {
    next.iter_mut().for_each(|n| *n = None);
    let mut any = false;
    for (t, token) in tokens.iter().enumerate() {
        let Some(start) = live[t] else { continue };
        let target = match token {
            Glob::Star => t,
            Glob::Any => t + 1,
            Glob::Char(x) if *x == c => t + 1,
            Glob::Char(_) => continue,
        };
        keep_leftmost(&mut next[target], start);
        any = true;
    }
    close_over_stars(tokens, next);
    any
}

/// Makes the positions after every live `*` live too, since a `*` can match nothing.
fn close_over_stars(tokens: &[Glob], live: &mut [Option<usize>]) {
    for t in 0..tokens.len() {
        if let (Some(start), Glob::Star) = (live[t], tokens[t]) {
            keep_leftmost(&mut live[t + 1], start);
        }
    }
}

fn keep_leftmost(slot: &mut Option<usize>, start: usize) {
    *slot = Some(slot.map_or(start, |s| s.min(start)));
}

fn trim_prefix(value: &str, tokens: &[Glob], greedy: bool) -> String {
    let ends = match_ends(tokens, value);
    let hit = if greedy { ends.last() } else { ends.first() };
    hit.map_or_else(|| value.to_string(), |&end| value[end..].to_string())
}

fn trim_suffix(value: &str, tokens: &[Glob], greedy: bool) -> String {
    // A suffix match is a prefix match of the reversed pattern on the reversed text.
    let reversed_tokens: Vec<Glob> = tokens.iter().rev().copied().collect();
    let reversed: String = value.chars().rev().collect();
    let lengths = match_ends(&reversed_tokens, &reversed);
    let hit = if greedy { lengths.last() } else { lengths.first() };
    hit.map_or_else(|| value.to_string(), |&length| value[..value.len() - length].to_string())
}

fn replace(value: &str, tokens: &[Glob], replacement: &str, all: bool) -> Result<String, ExpandError> {
    let mut out = String::with_capacity(value.len());
    let mut from = 0;
    let mut previous_end: Option<usize> = None;
    while from <= value.len() {
        let Some((start, end)) = leftmost_longest(tokens, value, from) else { break };
        if start == end && previous_end == Some(start) {
            // Go skips an empty match right after the previous match.
            let Some(c) = value[start..].chars().next() else {
                break;
            };
            out.push_str(&value[from..start + c.len_utf8()]);
            from = start + c.len_utf8();
            continue;
        }
        out.push_str(&value[from..start]);
        out.push_str(replacement);
        bounded(&out)?;
        previous_end = Some(end);
        if !all {
            from = end;
            break;
        }
        if start == end {
            let Some(c) = value[start..].chars().next() else {
                from = value.len() + 1;
                break;
            };
            out.push(c);
            from = end + c.len_utf8();
        } else {
            from = end;
        }
    }
    if from <= value.len() {
        out.push_str(&value[from..]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "v" => Some("foo.tar.gz".to_string()),
            "e" => Some(String::new()),
            _ => None,
        }
    }

    #[track_caller]
    fn check(word: &str, expected: &str) {
        assert_eq!(expand_word(word, '\\', &env).as_deref(), Ok(expected), "{word}");
    }

    #[test]
    fn pattern_forms() {
        check("${v#*.}", "tar.gz");
        check("${v##*.}", "gz");
        check("${v%.*}", "foo.tar");
        check("${v%%.*}", "foo");
        check("${v/./_}", "foo_tar.gz");
        check("${v//./_}", "foo_tar_gz");
        check("${v/#foo/bar}", "foo.tar.gz");
        check("${v#\\*}", "foo.tar.gz");
        check("${e-x}${e:-y}${u+z}${v:+w}", "yw");
    }

    #[test]
    fn errors_and_tracking() {
        assert_eq!(
            expand_word("${u:?need it}", '\\', &env),
            Err(ExpandError::Unset { name: "u".into(), message: "need it".into() })
        );
        assert_eq!(expand_word("${e:?}", '\\', &env).unwrap_err().to_string(), "e: parameter not set or null");
        assert_eq!(expand_word("${v", '\\', &env).unwrap_err().to_string(), "syntax error: missing '}'");
        assert_eq!(expand_word("${}", '\\', &env).unwrap_err().to_string(), "syntax error: bad substitution");
        assert_eq!(
            expand_word_tracking("$a ${b:-$a} $v", '\\', &env),
            Ok(("  foo.tar.gz".to_string(), vec!["a".to_string(), "b".to_string()]))
        );
        assert_eq!(expand_word("a`$v`", '`', &env).as_deref(), Ok("a$v"));
    }

    /// Every character boundary of `value`, including its end.
    fn boundaries(value: &str) -> impl DoubleEndedIterator<Item = usize> + '_ {
        value.char_indices().map(|(i, _)| i).chain(std::iter::once(value.len()))
    }

    /// The plain recursive definition of a `*`/`?` match, to check [`match_ends`] against.
    fn naive(tokens: &[Glob], text: &[char]) -> bool {
        match tokens.split_first() {
            None => text.is_empty(),
            Some((Glob::Star, rest)) => (0..=text.len()).any(|skip| naive(rest, &text[skip..])),
            Some((Glob::Any, rest)) => !text.is_empty() && naive(rest, &text[1..]),
            Some((Glob::Char(c), rest)) => text.first() == Some(c) && naive(rest, &text[1..]),
        }
    }

    proptest::proptest! {
        #[test]
        fn match_ends_agrees_with_the_definition(pattern in "[ab*?é]{0,6}", text in "[abé]{0,10}") {
            let tokens = glob(&pattern).unwrap();
            let expected: Vec<usize> = boundaries(&text)
                .filter(|&end| naive(&tokens, &text[..end].chars().collect::<Vec<_>>()))
                .collect();
            proptest::prop_assert_eq!(match_ends(&tokens, &text), expected);
        }

        #[test]
        fn leftmost_longest_agrees_with_the_definition(pattern in "[ab*?é]{0,5}", text in "[abé]{0,9}", from in 0usize..12) {
            let tokens = glob(&pattern).unwrap();
            let from = boundaries(&text).find(|&b| b >= from.min(text.len())).unwrap_or(text.len());
            let matches = |start: usize, end: usize| naive(&tokens, &text[start..end].chars().collect::<Vec<_>>());
            let expected = boundaries(&text)
                .filter(|&start| start >= from)
                .find_map(|start| boundaries(&text).rev().filter(|&end| end >= start).find(|&end| matches(start, end)).map(|end| (start, end)));
            proptest::prop_assert_eq!(leftmost_longest(&tokens, &text, from), expected);
        }
    }

    #[test]
    fn long_values_with_star_patterns_are_fast() {
        let long = |name: &str| (name == "x").then(|| "b".repeat(20_000));
        assert_eq!(expand_word("${x//*a/c}", '\\', &long).map(|v| v.len()), Ok(20_000));
        assert_eq!(expand_word("${x//b*a/c}", '\\', &long).map(|v| v.len()), Ok(20_000));
        assert_eq!(expand_word("${x//b/}", '\\', &long).as_deref(), Ok(""));
        assert_eq!(expand_word("${x/b*/c}", '\\', &long).as_deref(), Ok("c"));
        assert_eq!(expand_word("${x%%*a}", '\\', &long).map(|v| v.len()), Ok(20_000));
        assert_eq!(expand_word("${x%b}", '\\', &long).map(|v| v.len()), Ok(19_999));
        assert_eq!(expand_word("${x//?/${x//?/$x}}", '\\', &long), Err(ExpandError::TooLong));
        assert_eq!(expand_word(&"$x".repeat(60), '\\', &long), Err(ExpandError::TooLong));
    }
}
