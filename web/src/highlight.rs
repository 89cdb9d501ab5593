//! Dockerfile syntax highlighting for the editor: splits the text into lines of classified [`Token`]s.
//!
//! It is lexical and forgiving (the parser's diagnostics say what is wrong): an instruction keyword at
//! the start of a logical line, `--flags`, quoted strings, `$VAR` and `${VAR}` references, JSON
//! brackets, comments and parser directives. Continuation lines (after a trailing `\`) and heredoc
//! bodies are not taken for new instructions. The concatenated token texts of a line equal the line.

/// What a piece of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Plain text.
    Plain,
    /// An instruction keyword (`RUN`).
    Keyword,
    /// A `--flag` or `--flag=value`.
    Flag,
    /// A quoted string.
    Str,
    /// A variable reference.
    Var,
    /// A comment or directive line.
    Comment,
    /// `[`, `]`, `,` and `\` continuations.
    Punct,
}

impl Class {
    /// The CSS class name (empty for plain text).
    pub fn css(self) -> &'static str {
        match self {
            Class::Plain => "",
            Class::Keyword => "tk-kw",
            Class::Flag => "tk-flag",
            Class::Str => "tk-str",
            Class::Var => "tk-var",
            Class::Comment => "tk-com",
            Class::Punct => "tk-punct",
        }
    }
}

/// A classified piece of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The class.
    pub class: Class,
    /// The text.
    pub text: String,
}

const KEYWORDS: &[&str] = &[
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
    "AS",
];

/// Highlights a whole text, one token list per line (`text.split('\n')`).
pub fn highlight(text: &str) -> Vec<Vec<Token>> {
    let mut out = Vec::new();
    let mut continued = false;
    let mut heredoc: Option<String> = None;
    for line in text.split('\n') {
        if let Some(end) = &heredoc {
            if line.trim() == end {
                heredoc = None;
            }
            out.push(vec![Token { class: Class::Str, text: line.to_string() }]);
            continue;
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            out.push(vec![Token { class: Class::Comment, text: line.to_string() }]);
            continue;
        }
        let tokens = line_tokens(line, !continued);
        continued = line.trim_end().ends_with('\\');
        if let Some(pos) = line.find("<<") {
            let tag: String = line[pos + 2..]
                .trim_start_matches('-')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !tag.is_empty() {
                heredoc = Some(tag);
            }
        }
        out.push(tokens);
    }
    out
}

fn push(tokens: &mut Vec<Token>, class: Class, text: &str) {
    if text.is_empty() {
        return;
    }
    match tokens.last_mut() {
        Some(last) if last.class == class => last.text.push_str(text),
        _ => tokens.push(Token { class, text: text.to_string() }),
    }
}

fn line_tokens(line: &str, instruction_start: bool) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut rest = line;
    if instruction_start {
        let indent = rest.len() - rest.trim_start().len();
        push(&mut tokens, Class::Plain, &rest[..indent]);
        rest = &rest[indent..];
        let word_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = &rest[..word_len];
        if KEYWORDS.contains(&word.to_ascii_uppercase().as_str()) {
            push(&mut tokens, Class::Keyword, word);
            rest = &rest[word_len..];
        }
    }
    let bytes = rest.as_bytes();
    let mut i = 0;
    let mut word_start = true;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        match c {
            b'"' | b'\'' => {
                i += 1;
                while i < bytes.len() && bytes[i] != c {
                    if bytes[i] == b'\\' && c == b'"' {
                        i += 1;
                    }
                    i += 1;
                }
                i = (i + 1).min(bytes.len());
                push(&mut tokens, Class::Str, &rest[start..i]);
            }
            b'$' => {
                i += 1;
                if i < bytes.len() && bytes[i] == b'{' {
                    while i < bytes.len() && bytes[i] != b'}' {
                        i += 1;
                    }
                    i = (i + 1).min(bytes.len());
                } else {
                    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                        i += 1;
                    }
                }
                push(&mut tokens, Class::Var, &rest[start..i]);
            }
            b'-' if word_start && bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                push(&mut tokens, Class::Flag, &rest[start..i]);
            }
            b'[' | b']' | b',' => {
                i += 1;
                push(&mut tokens, Class::Punct, &rest[start..i]);
            }
            b'\\' if rest[i..].trim_end() == "\\" => {
                i = bytes.len();
                push(&mut tokens, Class::Punct, &rest[start..i]);
            }
            _ => {
                // Advance by one character (not byte) so multi-byte text stays intact.
                let len = rest[i..].chars().next().map_or(1, char::len_utf8);
                i += len;
                push(&mut tokens, Class::Plain, &rest[start..i]);
            }
        }
        word_start = c.is_ascii_whitespace();
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(line: &str) -> Vec<(Class, String)> {
        highlight(line).remove(0).into_iter().map(|t| (t.class, t.text)).collect()
    }

    #[test]
    fn keyword_flag_and_variable() {
        let got = classes("COPY --from=build $HOME/app .");
        assert_eq!(
            got,
            vec![
                (Class::Keyword, "COPY".to_string()),
                (Class::Plain, " ".to_string()),
                (Class::Flag, "--from=build".to_string()),
                (Class::Plain, " ".to_string()),
                (Class::Var, "$HOME".to_string()),
                (Class::Plain, "/app .".to_string()),
            ]
        );
    }

    #[test]
    fn continuation_lines_are_not_instructions() {
        let lines = highlight("RUN apt-get update \\\n    run something");
        assert_eq!(lines[1][0].class, Class::Plain);
        assert_eq!(lines[0].last().map(|t| t.class), Some(Class::Punct));
    }

    #[test]
    fn tokens_cover_the_text() {
        let text = "# syntax=docker/dockerfile:1\nCMD [\"flask\", \"run\"]\nRUN echo \"ünï ${X:-y}\"\n";
        let joined: Vec<String> = highlight(text).iter().map(|l| l.iter().map(|t| t.text.as_str()).collect()).collect();
        assert_eq!(joined.join("\n"), text);
    }
}
