//! Command-line words: splitting a typed line like a POSIX shell does (quotes, `VAR=value` prefixes,
//! `&&`/`||`/`;`), and parsing docker's flags like pflag (`-t x`, `--tag=x`, `-it`, interspersed
//! positionals or not).

/// One flag a command accepts.
#[derive(Debug, Clone, Copy)]
pub struct FlagSpec {
    /// The long name without dashes (`tag`).
    pub long: &'static str,
    /// The one-letter short name, if any.
    pub short: Option<char>,
    /// Whether it takes a value.
    pub takes_value: bool,
}

/// Shorthand for a flag that takes a value.
pub const fn value(long: &'static str, short: Option<char>) -> FlagSpec {
    FlagSpec { long, short, takes_value: true }
}

/// Shorthand for a boolean flag.
pub const fn switch(long: &'static str, short: Option<char>) -> FlagSpec {
    FlagSpec { long, short, takes_value: false }
}

/// Parsed flags and positional arguments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// `(long name, value)` in order; booleans have the value `true` (or what was given with `=`).
    pub flags: Vec<(String, String)>,
    /// The positional arguments.
    pub args: Vec<String>,
}

impl Parsed {
    /// The last value of a flag.
    pub fn get(&self, long: &str) -> Option<&str> {
        self.flags.iter().rev().find(|(k, _)| k == long).map(|(_, v)| v.as_str())
    }

    /// All values of a repeatable flag.
    pub fn all(&self, long: &str) -> Vec<String> {
        self.flags.iter().filter(|(k, _)| k == long).map(|(_, v)| v.clone()).collect()
    }

    /// Whether a boolean flag is on.
    pub fn on(&self, long: &str) -> bool {
        matches!(self.get(long), Some(v) if v != "false")
    }
}

/// Parses `words` against `specs`. With `interspersed` false, the first positional ends flag
/// parsing (as for `docker run IMAGE CMD…`). Returns pflag's error text on an unknown flag.
pub fn parse_flags(words: &[String], specs: &[FlagSpec], interspersed: bool) -> Result<Parsed, String> {
    let mut parsed = Parsed::default();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        if word == "--" {
            parsed.args.extend(words[i..].iter().cloned());
            break;
        }
        if let Some(long) = word.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            let Some(spec) = specs.iter().find(|s| s.long == name) else {
                return Err(format!("unknown flag: --{name}"));
            };
            let value = if spec.takes_value {
                match inline {
                    Some(v) => v,
                    None if i < words.len() => {
                        i += 1;
                        words[i - 1].clone()
                    }
                    None => return Err(format!("flag needs an argument: --{name}")),
                }
            } else {
                inline.unwrap_or_else(|| "true".to_string())
            };
            parsed.flags.push((spec.long.to_string(), value));
            continue;
        }
        if word.len() > 1 && word.starts_with('-') {
            let chars: Vec<char> = word[1..].chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let c = chars[j];
                j += 1;
                let Some(spec) = specs.iter().find(|s| s.short == Some(c)) else {
                    return Err(format!("unknown shorthand flag: '{c}' in {word}"));
                };
                if spec.takes_value {
                    let rest: String = chars[j..].iter().collect();
                    let value = if let Some(v) = rest.strip_prefix('=') {
                        v.to_string()
                    } else if !rest.is_empty() {
                        rest
                    } else if i < words.len() {
                        i += 1;
                        words[i - 1].clone()
                    } else {
                        return Err(format!("flag needs an argument: '{c}' in -{c}"));
                    };
                    parsed.flags.push((spec.long.to_string(), value));
                    break;
                }
                parsed.flags.push((spec.long.to_string(), "true".to_string()));
            }
            continue;
        }
        parsed.args.push(word.clone());
        if !interspersed {
            parsed.args.extend(words[i..].iter().cloned());
            break;
        }
    }
    Ok(parsed)
}

/// A command line split into `&&`/`||`/`;` segments, each with its operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The raw text of the segment.
    pub text: String,
    /// The operator before it (`""` for the first, `&&`, `||` or `;`).
    pub op: &'static str,
}

/// Splits a line at top-level `&&`, `||` and `;` (quotes respected).
pub fn split_segments(line: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut op: &'static str = "";
    let mut quote: Option<char> = None;
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match quote {
            Some(q) => {
                if c == '\\' && q == '"' && i + 1 < chars.len() {
                    current.push(c);
                    current.push(chars[i + 1]);
                    i += 2;
                    continue;
                }
                if c == q {
                    quote = None;
                }
                current.push(c);
            }
            None => {
                let next = chars.get(i + 1).copied();
                let sep = match (c, next) {
                    ('&', Some('&')) => Some(("&&", 2)),
                    ('|', Some('|')) => Some(("||", 2)),
                    (';', _) => Some((";", 1)),
                    _ => None,
                };
                if let Some((s, len)) = sep {
                    out.push(Segment { text: std::mem::take(&mut current), op });
                    op = s;
                    i += len;
                    continue;
                }
                if c == '\\' && i + 1 < chars.len() {
                    current.push(c);
                    current.push(chars[i + 1]);
                    i += 2;
                    continue;
                }
                if c == '\'' || c == '"' {
                    quote = Some(c);
                }
                if c == '#' && (current.is_empty() || current.ends_with(char::is_whitespace)) {
                    break;
                }
                current.push(c);
            }
        }
        i += 1;
    }
    out.push(Segment { text: current, op });
    out.into_iter().filter(|s| !s.text.trim().is_empty()).collect()
}

/// A `$(...)` command substitution found in a command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Substitution {
    /// Byte offset of the `$`.
    pub start: usize,
    /// Byte offset just after the closing `)`.
    pub end: usize,
    /// Whether it stands inside double quotes (its output is then one word).
    pub quoted: bool,
}

impl Substitution {
    /// The command inside the parentheses.
    pub fn inner<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start + 2..self.end - 1]
    }
}

/// Finds the top-level `$(...)` substitutions outside single quotes, nested parentheses balanced.
pub fn find_substitutions(text: &str) -> Vec<Substitution> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(b'\'') if b == b'\'' => quote = None,
            Some(b'\'') => {}
            Some(_) if b == b'"' => quote = None,
            _ if b == b'\\' => i += 1,
            None if b == b'\'' || b == b'"' => quote = Some(b),
            _ if b == b'$' && bytes.get(i + 1) == Some(&b'(') => {
                let mut depth = 0usize;
                let close = bytes.iter().enumerate().skip(i + 1).find_map(|(j, &c)| {
                    match c {
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                return Some(j);
                            }
                        }
                        _ => {}
                    }
                    None
                });
                let Some(j) = close else { break };
                found.push(Substitution { start: i, end: j + 1, quoted: quote.is_some() });
                i = j;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// Output of a command substitution as text to put back into the line: trailing newlines dropped,
/// characters the word splitter would interpret escaped, so that unquoted it splits into words at
/// white space only and quoted it stays one word.
pub fn escape_substituted(output: &str, quoted: bool) -> String {
    let mut out = String::new();
    for c in output.trim_end_matches('\n').chars() {
        let special =
            if quoted { matches!(c, '"' | '\\' | '$' | '`') } else { !c.is_whitespace() && !c.is_ascii_alphanumeric() };
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Splits a segment at its first top-level pipe `|` (quotes respected, `||` is not a pipe): the
/// command before it and the rest of the pipeline.
pub fn split_pipe(text: &str) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(b'"') if b == b'\\' => i += 1,
            Some(_) => {}
            None if b == b'\\' => i += 1,
            None if b == b'\'' || b == b'"' => quote = Some(b),
            None if b == b'|' && bytes.get(i + 1) != Some(&b'|') && (i == 0 || bytes[i - 1] != b'|') => {
                return Some((&text[..i], &text[i + 1..]));
            }
            None => {}
        }
        i += 1;
    }
    None
}

/// Splits one simple command into words: quotes removed, `\` escapes, `$NAME` and `${NAME}` expanded
/// from `lookup` outside single quotes.
pub fn split_words(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut quote: Option<char> = None;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        match (quote, c) {
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (Some(q), c) if c == q => quote = None,
            (None, '\\') | (Some('"'), '\\') => {
                if let Some(&next) = chars.get(i) {
                    if quote.is_none() || matches!(next, '"' | '\\' | '$' | '`') {
                        word.push(next);
                    } else {
                        word.push('\\');
                        word.push(next);
                    }
                    i += 1;
                    in_word = true;
                }
            }
            (None | Some('"'), '$') => {
                let (name, consumed) = read_var(&chars[i..]);
                if name.is_empty() {
                    word.push('$');
                } else {
                    word.push_str(&lookup(&name).unwrap_or_default());
                    i += consumed;
                }
                in_word = true;
            }
            (_, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if quote.is_some() {
        return Err("unexpected EOF while looking for matching quote".to_string());
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

fn read_var(chars: &[char]) -> (String, usize) {
    if chars.first() == Some(&'{') {
        if let Some(end) = chars.iter().position(|&c| c == '}') {
            return (chars[1..end].iter().collect(), end + 1);
        }
        return (String::new(), 0);
    }
    if chars.first() == Some(&'?') {
        return ("?".to_string(), 1);
    }
    let n = chars.iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '_').count();
    (chars[..n].iter().collect(), n)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Command substitution: `docker rmi $(docker images -q)`.
    #[test]
    fn substitutions() {
        let text = "docker rm \"$(docker ps -q)\" $(a $(b)) '$(c)'";
        let found = find_substitutions(text);
        let got: Vec<(&str, bool)> = found.iter().map(|s| (s.inner(text), s.quoted)).collect();
        assert_eq!(got, [("docker ps -q", true), ("a $(b)", false)]);
        assert_eq!(find_substitutions("echo '$(c)' $(d"), []);
        assert_eq!(escape_substituted("ab12\ncd-3\n\n", false), "ab12\ncd\\-3");
        assert_eq!(escape_substituted("a \"b\"", true), "a \\\"b\\\"");
    }

    fn words(s: &[&str]) -> Vec<String> {
        s.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn pflag_shapes() {
        let specs =
            [value("tag", Some('t')), switch("rm", None), switch("interactive", Some('i')), switch("tty", Some('t'))];
        let specs = &specs[1..];
        let p = parse_flags(&words(&["-it", "--rm", "img", "echo", "-x"]), specs, false).unwrap();
        assert_eq!(p.args, words(&["img", "echo", "-x"]));
        assert!(p.on("interactive") && p.on("tty") && p.on("rm"));
        let p = parse_flags(
            &words(&["-t", "app", ".", "--no-cache"]),
            &[value("tag", Some('t')), switch("no-cache", None)],
            true,
        )
        .unwrap();
        assert_eq!((p.get("tag"), p.args.clone(), p.on("no-cache")), (Some("app"), words(&["."]), true));
        assert_eq!(parse_flags(&words(&["--bogus"]), &[], true), Err("unknown flag: --bogus".to_string()));
        assert_eq!(
            parse_flags(&words(&["-e", "X=1"]), &[], true),
            Err("unknown shorthand flag: 'e' in -e".to_string())
        );
    }

    #[test]
    fn pipes() {
        assert_eq!(split_pipe("docker images | grep app"), Some(("docker images ", " grep app")));
        assert_eq!(split_pipe("a || b"), None);
        assert_eq!(split_pipe("echo 'a|b'"), None);
    }

    #[test]
    fn line_splitting() {
        let segs = split_segments("docker build -t a . && echo 'a && b' ; echo done # note");
        let texts: Vec<(&str, &str)> = segs.iter().map(|s| (s.op, s.text.trim())).collect();
        assert_eq!(texts, [("", "docker build -t a ."), ("&&", "echo 'a && b'"), (";", "echo done")]);
        let lookup = |n: &str| (n == "USER").then(|| "alice".to_string());
        let got = split_words(r#"docker run -e "A=$USER" 'x $USER' b\ c"#, &lookup).unwrap();
        assert_eq!(got, words(&["docker", "run", "-e", "A=alice", "x $USER", "b c"]));
    }
}
