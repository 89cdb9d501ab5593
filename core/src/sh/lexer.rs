//! The shell tokenizer: turns script text into words (with their quoting structure), operators and
//! newlines, and reads here-document bodies after the line that announced them.
//!
//! Words are parsed into [`Part`]s here, so `$(…)`, `${…}`, `$((…))`, backticks and quotes are
//! scanned once with correct nesting. Every scan advances, so the lexer terminates on any input.

use super::ast::{Param, ParamOp, Part, ReplaceAt, Word};

/// One token.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token {
    /// A word (maybe a reserved word; the parser decides by position).
    Word(Word),
    /// A digit string directly before `<` or `>`.
    IoNumber(u32),
    /// An operator such as `&&`, `|`, `;;`, `>>`, `(`.
    Op(&'static str),
    /// A newline.
    Newline,
    /// The end of the input.
    Eof,
}

/// A lexical error (unterminated quoting constructs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LexError {
    /// `'` or `"` or a backtick without its closing partner.
    UnterminatedQuote(u32),
    /// `$(` without `)`, or `${` without `}`.
    Missing { line: u32, what: &'static str },
}

const OPERATORS: [&str; 17] =
    ["&&", "||", ";;", "<<-", "<<", ">>", ">&", "<&", ">|", "&>", "|", "&", ";", "<", ">", "(", ")"];

/// The tokenizer state.
pub(crate) struct Lexer {
    chars: Vec<char>,
    pos: usize,
    /// The current line (1-based).
    pub line: u32,
    pending: Vec<(String, bool, usize)>,
    /// Bodies of here-documents, by the index given out by [`Lexer::push_heredoc`].
    pub heredocs: Vec<String>,
    /// How deeply this lexer is nested inside `${…}` or `$((…))` of an outer word.
    nest: u32,
}

/// How deeply `${…}` and `$((…))` may nest inside each other.
const MAX_NEST: u32 = 24;

impl Lexer {
    /// A lexer at the start of `text`.
    pub fn new(text: &str) -> Lexer {
        Lexer { chars: text.chars().collect(), pos: 0, line: 1, pending: Vec::new(), heredocs: Vec::new(), nest: 0 }
    }

    /// Registers a here-document whose body starts after the next newline; returns its index.
    pub fn push_heredoc(&mut self, delimiter: String, strip_tabs: bool) -> usize {
        let index = self.heredocs.len();
        self.heredocs.push(String::new());
        self.pending.push((delimiter, strip_tabs, index));
        index
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.chars.get(self.pos).copied();
        if let Some(c) = c {
            self.pos += 1;
            if c == '\n' {
                self.line += 1;
            }
        }
        c
    }

    /// The next token.
    pub fn next_token(&mut self) -> Result<Token, LexError> {
        loop {
            match self.peek() {
                Some(' ' | '\t' | '\r') => {
                    self.bump();
                }
                Some('\\') if self.peek_at(1) == Some('\n') => {
                    self.bump();
                    self.bump();
                }
                Some('#') => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                _ => break,
            }
        }
        let Some(c) = self.peek() else { return Ok(Token::Eof) };
        if c == '\n' {
            self.bump();
            self.read_heredoc_bodies();
            return Ok(Token::Newline);
        }
        for op in OPERATORS {
            if self.starts_with(op) {
                for _ in 0..op.chars().count() {
                    self.bump();
                }
                return Ok(Token::Op(op));
            }
        }
        // A digit string directly followed by a redirection operator is a file descriptor.
        let digits = self.chars[self.pos..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits > 0 && digits < 4 && matches!(self.peek_at(digits), Some('<' | '>')) {
            let text: String = self.chars[self.pos..self.pos + digits].iter().collect();
            self.pos += digits;
            return Ok(Token::IoNumber(text.parse().unwrap_or(1)));
        }
        let parts = self.scan_word(true)?;
        Ok(Token::Word(Word { parts }))
    }

    fn starts_with(&self, op: &str) -> bool {
        op.chars().enumerate().all(|(idx, c)| self.peek_at(idx) == Some(c))
    }

    fn read_heredoc_bodies(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        for (delimiter, strip_tabs, index) in pending {
            let mut body = String::new();
            loop {
                if self.peek().is_none() {
                    break;
                }
                let mut line = String::new();
                while let Some(c) = self.bump() {
                    if c == '\n' {
                        break;
                    }
                    line.push(c);
                }
                let check = if strip_tabs { line.trim_start_matches('\t') } else { line.as_str() };
                if check == delimiter {
                    break;
                }
                body.push_str(check);
                body.push('\n');
            }
            self.heredocs[index] = body;
        }
    }

    /// Scans one word; with `stop_at_meta` it ends at blanks and operator characters, otherwise it
    /// takes the whole remaining input (used for `${x:-…}` arguments and here-doc bodies).
    fn scan_word(&mut self, stop_at_meta: bool) -> Result<Vec<Part>, LexError> {
        let mut parts: Vec<Part> = Vec::new();
        let mut lit = String::new();
        let start = self.pos;
        while let Some(c) = self.peek() {
            if stop_at_meta && matches!(c, ' ' | '\t' | '\r' | '\n' | '|' | '&' | ';' | '<' | '>' | '(' | ')') {
                break;
            }
            match c {
                '\\' => {
                    self.bump();
                    match self.bump() {
                        Some('\n') => {}
                        Some(escaped) => {
                            flush(&mut parts, &mut lit);
                            parts.push(Part::Quoted(escaped.to_string()));
                        }
                        None => lit.push('\\'),
                    }
                }
                '\'' => {
                    let line = self.line;
                    self.bump();
                    let mut text = String::new();
                    loop {
                        match self.bump() {
                            Some('\'') => break,
                            Some(ch) => text.push(ch),
                            None => return Err(LexError::UnterminatedQuote(line)),
                        }
                    }
                    flush(&mut parts, &mut lit);
                    parts.push(Part::Quoted(text));
                }
                '"' => {
                    self.bump();
                    let inner = self.scan_double()?;
                    flush(&mut parts, &mut lit);
                    parts.push(Part::Double(inner));
                }
                '$' => {
                    if let Some(part) = self.scan_dollar()? {
                        flush(&mut parts, &mut lit);
                        parts.push(part);
                    } else {
                        lit.push('$');
                    }
                }
                '`' => {
                    let part = self.scan_backtick()?;
                    flush(&mut parts, &mut lit);
                    parts.push(part);
                }
                '~' if self.pos == start && stop_at_meta => {
                    self.bump();
                    let mut user = String::new();
                    while let Some(ch) = self.peek() {
                        if ch.is_ascii_alphanumeric() || ch == '_' || ch == '-' {
                            user.push(ch);
                            self.bump();
                        } else {
                            break;
                        }
                    }
                    if matches!(self.peek(), None | Some('/' | ' ' | '\t' | '\n' | ';' | '&' | '|' | ')' | ':')) {
                        parts.push(Part::Tilde(user));
                    } else {
                        lit.push('~');
                        lit.push_str(&user);
                    }
                }
                _ => {
                    self.bump();
                    lit.push(c);
                }
            }
        }
        flush(&mut parts, &mut lit);
        Ok(parts)
    }

    fn scan_double(&mut self) -> Result<Vec<Part>, LexError> {
        let line = self.line;
        let mut parts = Vec::new();
        let mut lit = String::new();
        loop {
            match self.peek() {
                None => return Err(LexError::UnterminatedQuote(line)),
                Some('"') => {
                    self.bump();
                    break;
                }
                Some('\\') => {
                    self.bump();
                    match self.bump() {
                        Some('\n') => {}
                        Some(ch @ ('$' | '`' | '"' | '\\')) => {
                            flush_quoted(&mut parts, &mut lit);
                            parts.push(Part::Quoted(ch.to_string()));
                        }
                        Some(ch) => {
                            lit.push('\\');
                            lit.push(ch);
                        }
                        None => return Err(LexError::UnterminatedQuote(line)),
                    }
                }
                Some('$') => {
                    if let Some(part) = self.scan_dollar()? {
                        flush_quoted(&mut parts, &mut lit);
                        parts.push(part);
                    } else {
                        lit.push('$');
                    }
                }
                Some('`') => {
                    let part = self.scan_backtick()?;
                    flush_quoted(&mut parts, &mut lit);
                    parts.push(part);
                }
                Some(ch) => {
                    self.bump();
                    lit.push(ch);
                }
            }
        }
        flush_quoted(&mut parts, &mut lit);
        Ok(parts)
    }

    fn scan_backtick(&mut self) -> Result<Part, LexError> {
        let line = self.line;
        self.bump();
        let mut text = String::new();
        loop {
            match self.bump() {
                None => return Err(LexError::UnterminatedQuote(line)),
                Some('`') => break,
                Some('\\') => match self.bump() {
                    Some(ch @ ('$' | '`' | '\\')) => text.push(ch),
                    Some(ch) => {
                        text.push('\\');
                        text.push(ch);
                    }
                    None => return Err(LexError::UnterminatedQuote(line)),
                },
                Some(ch) => text.push(ch),
            }
        }
        Ok(Part::CmdSub(text))
    }

    /// Scans after a `$`; `None` (nothing consumed but the `$`) when it is a literal dollar.
    fn scan_dollar(&mut self) -> Result<Option<Part>, LexError> {
        let line = self.line;
        match self.peek_at(1) {
            Some('(') if self.peek_at(2) == Some('(') => {
                self.pos += 3;
                let text = self.scan_balanced(line, 2)?;
                // `$((` may also be a command substitution of a subshell: `$( (a) )`.
                let inner = text.strip_suffix(')').unwrap_or(&text).to_string();
                let mut sub = Lexer::new(&inner);
                sub.nest = self.nest + 1;
                if sub.nest > MAX_NEST {
                    return Err(LexError::Missing { line, what: "bad substitution" });
                }
                let parts = sub.scan_word_all()?;
                Ok(Some(Part::Arith(parts)))
            }
            Some('(') => {
                self.pos += 2;
                let text = self.scan_balanced(line, 1)?;
                Ok(Some(Part::CmdSub(text)))
            }
            Some('{') => {
                self.pos += 2;
                let text = self.scan_braces(line)?;
                if self.nest >= MAX_NEST {
                    return Err(LexError::Missing { line, what: "bad substitution" });
                }
                Ok(Some(Part::Param(parse_braced(&text, line, self.nest + 1)?)))
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                self.bump();
                let mut name = String::new();
                while let Some(ch) = self.peek() {
                    if ch.is_ascii_alphanumeric() || ch == '_' {
                        name.push(ch);
                        self.bump();
                    } else {
                        break;
                    }
                }
                Ok(Some(Part::Param(plain(name))))
            }
            Some(c) if c.is_ascii_digit() || matches!(c, '@' | '*' | '#' | '?' | '$' | '!' | '-') => {
                self.pos += 2;
                Ok(Some(Part::Param(plain(c.to_string()))))
            }
            _ => {
                self.bump();
                Ok(None)
            }
        }
    }

    /// Scans up to the `)` that closes `depth` open parentheses; returns the text before it.
    fn scan_balanced(&mut self, line: u32, mut depth: u32) -> Result<String, LexError> {
        let mut text = String::new();
        while let Some(c) = self.bump() {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(text);
                    }
                }
                '\\' => {
                    text.push(c);
                    if let Some(next) = self.bump() {
                        text.push(next);
                    }
                    continue;
                }
                '\'' | '"' => {
                    text.push(c);
                    while let Some(ch) = self.bump() {
                        text.push(ch);
                        if ch == '\\' && c == '"' {
                            if let Some(next) = self.bump() {
                                text.push(next);
                            }
                            continue;
                        }
                        if ch == c {
                            break;
                        }
                    }
                    continue;
                }
                _ => {}
            }
            text.push(c);
        }
        Err(LexError::Missing { line, what: ")" })
    }

    fn scan_braces(&mut self, line: u32) -> Result<String, LexError> {
        let mut depth = 1;
        let mut text = String::new();
        while let Some(c) = self.bump() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(text);
                    }
                }
                '\\' => {
                    text.push(c);
                    if let Some(next) = self.bump() {
                        text.push(next);
                    }
                    continue;
                }
                _ => {}
            }
            text.push(c);
        }
        Err(LexError::Missing { line, what: "}" })
    }

    /// Scans the whole input as one word in which blanks are literal.
    pub fn scan_word_all(&mut self) -> Result<Vec<Part>, LexError> {
        self.scan_word(false)
    }
}

/// Parses a here-document body (or any text) with expansions but no field boundaries: quotes are
/// literal characters, as in a here-document.
pub(crate) fn parse_heredoc(text: &str) -> Result<Vec<Part>, LexError> {
    let mut lexer = Lexer::new(text);
    let mut parts = Vec::new();
    let mut lit = String::new();
    while let Some(c) = lexer.peek() {
        match c {
            '\\' if matches!(lexer.peek_at(1), Some('$' | '`' | '\\')) => {
                lexer.bump();
                if let Some(ch) = lexer.bump() {
                    lit.push(ch);
                }
            }
            '$' => {
                if let Some(part) = lexer.scan_dollar()? {
                    flush_quoted(&mut parts, &mut lit);
                    parts.push(part);
                } else {
                    lit.push('$');
                }
            }
            '`' => {
                let part = lexer.scan_backtick()?;
                flush_quoted(&mut parts, &mut lit);
                parts.push(part);
            }
            _ => {
                lexer.bump();
                lit.push(c);
            }
        }
    }
    flush_quoted(&mut parts, &mut lit);
    Ok(vec![Part::Double(parts)])
}

fn plain(name: String) -> Param {
    Param { name, op: ParamOp::Plain, colon: false, arg: Vec::new(), arg2: None }
}

fn parse_braced(text: &str, line: u32, nest: u32) -> Result<Param, LexError> {
    let bad = || LexError::Missing { line, what: "bad substitution" };
    if let Some(rest) = text.strip_prefix('#')
        && !rest.is_empty()
    {
        return Ok(Param { name: rest.to_string(), op: ParamOp::Length, colon: false, arg: Vec::new(), arg2: None });
    }
    let chars: Vec<char> = text.chars().collect();
    let mut idx = 0;
    if chars.first().is_some_and(|c| c.is_ascii_alphabetic() || *c == '_') {
        while idx < chars.len() && (chars[idx].is_ascii_alphanumeric() || chars[idx] == '_') {
            idx += 1;
        }
    } else if chars.first().is_some_and(|c| c.is_ascii_digit()) {
        while idx < chars.len() && chars[idx].is_ascii_digit() {
            idx += 1;
        }
    } else if chars.first().is_some_and(|c| matches!(c, '@' | '*' | '#' | '?' | '$' | '!' | '-')) {
        idx = 1;
    } else {
        return Err(bad());
    }
    let name: String = chars[..idx].iter().collect();
    let rest: String = chars[idx..].iter().collect();
    if rest.is_empty() {
        return Ok(plain(name));
    }
    let (colon, rest) = match rest.strip_prefix(':') {
        Some(after) => (true, after.to_string()),
        None => (false, rest),
    };
    let word = |text: &str| -> Result<Vec<Part>, LexError> {
        let mut sub = Lexer::new(text);
        sub.nest = nest;
        sub.scan_word_all()
    };
    // bash's operators; the other shells reject them when they expand (see `expand.rs`).
    if colon && !rest.starts_with(['-', '=', '+', '?']) {
        let (offset, length) = match split_unquoted(&rest, ':') {
            Some((offset, length)) => (offset, Some(word(length)?)),
            None => (rest.as_str(), None),
        };
        return Ok(Param { name, op: ParamOp::Substring, colon: false, arg: word(offset)?, arg2: length });
    }
    let case = [
        ("^^", ParamOp::Upper(true)),
        ("^", ParamOp::Upper(false)),
        (",,", ParamOp::Lower(true)),
        (",", ParamOp::Lower(false)),
    ];
    if let Some((op, arg)) = case.iter().find_map(|(token, op)| rest.strip_prefix(token).map(|arg| (*op, arg))) {
        return Ok(Param { name, op, colon: false, arg: word(arg)?, arg2: None });
    }
    if let Some(spec) = rest.strip_prefix('/') {
        let (at, spec) = match spec.chars().next() {
            Some('/') => (ReplaceAt::All, &spec[1..]),
            Some('#') => (ReplaceAt::Start, &spec[1..]),
            Some('%') => (ReplaceAt::End, &spec[1..]),
            _ => (ReplaceAt::First, spec),
        };
        let (pattern, replacement) = match split_unquoted(spec, '/') {
            Some((pattern, replacement)) => (pattern, replacement),
            None => (spec, ""),
        };
        let arg2 = Some(word(replacement)?);
        return Ok(Param { name, op: ParamOp::Replace(at), colon: false, arg: word(pattern)?, arg2 });
    }
    let (op, arg) = if let Some(arg) = rest.strip_prefix("%%") {
        (ParamOp::RemoveLargestSuffix, arg)
    } else if let Some(arg) = rest.strip_prefix('%') {
        (ParamOp::RemoveSmallestSuffix, arg)
    } else if let Some(arg) = rest.strip_prefix("##") {
        (ParamOp::RemoveLargestPrefix, arg)
    } else if let Some(arg) = rest.strip_prefix('#') {
        (ParamOp::RemoveSmallestPrefix, arg)
    } else if let Some(arg) = rest.strip_prefix('-') {
        (ParamOp::Default, arg)
    } else if let Some(arg) = rest.strip_prefix('=') {
        (ParamOp::Assign, arg)
    } else if let Some(arg) = rest.strip_prefix('+') {
        (ParamOp::Alternative, arg)
    } else if let Some(arg) = rest.strip_prefix('?') {
        (ParamOp::Error, arg)
    } else {
        return Err(bad());
    };
    Ok(Param { name, op, colon, arg: word(arg)?, arg2: None })
}

/// Splits `text` at the first `separator` outside quotes and backslash escapes.
fn split_unquoted(text: &str, separator: char) -> Option<(&str, &str)> {
    let mut quote = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            _ if escaped => escaped = false,
            (_, '\\') => escaped = true,
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, _) if c == separator => return Some((&text[..i], &text[i + c.len_utf8()..])),
            _ => {}
        }
    }
    None
}

fn flush(parts: &mut Vec<Part>, lit: &mut String) {
    if !lit.is_empty() {
        parts.push(Part::Lit(std::mem::take(lit)));
    }
}

fn flush_quoted(parts: &mut Vec<Part>, lit: &mut String) {
    if !lit.is_empty() {
        parts.push(Part::Quoted(std::mem::take(lit)));
    }
}
