//! Parser directives (`# syntax=`, `# escape=`, `# check=`) at the top of a Dockerfile (S-PARSE-3).
//!
//! [`DirectiveParser`] sees every top-level line until the first line that is not a known directive;
//! from then on it ignores everything. Using a directive twice or an invalid escape token is an error.

/// A recognised directive line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Directive<'a> {
    /// The lower-cased name (`syntax`, `escape`, `check`).
    pub name: String,
    /// The value with trailing blanks removed.
    pub value: &'a str,
    /// The byte offset of the value inside the line.
    pub value_offset: usize,
}

/// Tracks the directive zone at the top of a file.
#[derive(Debug, Default)]
pub(crate) struct DirectiveParser {
    done: bool,
    seen: Vec<String>,
}

/// What a line meant to the directive parser.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum DirectiveOutcome<'a> {
    /// Not a directive (or the zone has ended).
    None,
    /// A valid, first-time directive.
    Directive(Directive<'a>),
    /// A directive used a second time: `only one <name> parser directive can be used`.
    Duplicate(String),
}

impl DirectiveParser {
    /// Whether the directive zone has ended, so every further line is ignored.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Feeds one line whose leading white space was already removed.
    pub fn feed<'a>(&mut self, line: &'a str) -> DirectiveOutcome<'a> {
        if self.done {
            return DirectiveOutcome::None;
        }
        let Some(directive) = match_directive(line) else {
            self.done = true;
            return DirectiveOutcome::None;
        };
        if !matches!(directive.name.as_str(), "syntax" | "escape" | "check") {
            self.done = true;
            return DirectiveOutcome::None;
        }
        if self.seen.contains(&directive.name) {
            return DirectiveOutcome::Duplicate(directive.name);
        }
        self.seen.push(directive.name.clone());
        DirectiveOutcome::Directive(directive)
    }
}

/// Matches `^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$`.
fn match_directive(line: &str) -> Option<Directive<'_>> {
    let bytes = line.as_bytes();
    if bytes.first() != Some(&b'#') {
        return None;
    }
    let blank = |b: u8| b == b' ' || b == b'\t';
    let mut i = 1;
    while i < bytes.len() && blank(bytes[i]) {
        i += 1;
    }
    let name_start = i;
    if i >= bytes.len() || !bytes[i].is_ascii_alphabetic() {
        return None;
    }
    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let name = line[name_start..i].to_ascii_lowercase();
    while i < bytes.len() && blank(bytes[i]) {
        i += 1;
    }
    if bytes.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    while i < bytes.len() && blank(bytes[i]) {
        i += 1;
    }
    let value = line[i..].trim_end_matches([' ', '\t']);
    if value.is_empty() {
        return None;
    }
    Some(Directive { name, value, value_offset: i })
}

/// Checks an `escape` value: only `\` and `` ` `` are allowed.
pub(crate) fn escape_token(value: &str) -> Result<char, String> {
    match value {
        "\\" => Ok('\\'),
        "`" => Ok('`'),
        _ => Err(format!("invalid escape token '{value}' does not match ` or \\")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_ends_at_first_other_line() {
        let mut parser = DirectiveParser::default();
        assert!(
            matches!(parser.feed("# ESCAPE = ` "), DirectiveOutcome::Directive(d) if d.name == "escape" && d.value == "`")
        );
        assert_eq!(parser.feed("#escape=\\"), DirectiveOutcome::Duplicate("escape".to_string()));
        assert_eq!(parser.feed("# foo=bar"), DirectiveOutcome::None);
        assert_eq!(parser.feed("# syntax=x"), DirectiveOutcome::None);
    }
}
