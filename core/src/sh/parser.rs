//! The shell parser: recursive descent over [`Lexer`] tokens into a [`Node`] tree.
//!
//! Grammar follows POSIX `sh` (and dash's error wording): and-or lists, pipelines, simple commands
//! with assignments and redirections, `if`, `for`, `while`, `until`, `case`, subshells, groups and
//! function definitions. Errors carry the line and what was expected so each shell dialect can word
//! them its own way.

use std::rc::Rc;

use super::ast::{Node, Redir, RedirOp, Word};
use super::lexer::{LexError, Lexer, Token};

/// A syntax error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParseError {
    /// The line where it was detected.
    pub line: u32,
    /// What went wrong.
    pub kind: ParseErrorKind,
}

/// Kinds of syntax errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ParseErrorKind {
    /// A token that cannot appear here: `"fi"`, `")"`, `word`, `newline`, `end of file`.
    Unexpected { token: String, expecting: Option<String> },
    /// An unterminated quote.
    UnterminatedQuote,
    /// `${` or `$(` never closed, or a bad `${…}`.
    Missing(&'static str),
}

/// How deeply compound commands may nest before the parser gives up (keeps the stack bounded).
const MAX_NESTING: u32 = 40;

const RESERVED: [&str; 16] =
    ["if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while", "until", "for", "{", "}", "!", "in"];

/// A script parsed one complete command at a time, the way dash reads its input: commands before a
/// syntax error still run.
pub(crate) struct Script {
    parser: Parser,
}

impl Script {
    /// A script over `text`.
    pub fn new(text: &str) -> Script {
        Script { parser: Parser { lexer: Lexer::new(text), peeked: None, depth: 0 } }
    }

    /// The next top-level command and whether it ends with `&`; `None` at the end.
    pub fn next_command(&mut self) -> Result<Option<(Node, bool)>, ParseError> {
        let parser = &mut self.parser;
        parser.skip_newlines()?;
        if parser.peek()? == Token::Eof {
            return Ok(None);
        }
        let mut node = parser.and_or()?;
        let mut background = false;
        match parser.peek()? {
            Token::Op(";") | Token::Newline => {
                parser.next()?;
            }
            Token::Op("&") => {
                parser.next()?;
                background = true;
            }
            Token::Eof => {}
            other => return Err(parser.unexpected(&other, None)),
        }
        let bodies = parser.lexer.heredocs.clone();
        fill_heredocs(&mut node, &bodies);
        Ok(Some((node, background)))
    }
}

struct Parser {
    lexer: Lexer,
    peeked: Option<(Token, u32)>,
    depth: u32,
}

impl Parser {
    fn peek(&mut self) -> Result<Token, ParseError> {
        if self.peeked.is_none() {
            let token = self.lexer.next_token().map_err(lex_error)?;
            let line = if token == Token::Newline { self.lexer.line - 1 } else { self.lexer.line };
            self.peeked = Some((token, line));
        }
        Ok(self.peeked.as_ref().map(|(token, _)| token.clone()).unwrap_or(Token::Eof))
    }

    fn line(&self) -> u32 {
        self.peeked.as_ref().map(|(_, line)| *line).unwrap_or(self.lexer.line)
    }

    fn next(&mut self) -> Result<Token, ParseError> {
        let token = self.peek()?;
        self.peeked = None;
        Ok(token)
    }

    fn unexpected(&self, token: &Token, expecting: Option<&str>) -> ParseError {
        let token = match token {
            Token::Word(word) => match word.as_literal() {
                Some(text) if RESERVED.contains(&text) => format!("\"{text}\""),
                _ => "word".to_string(),
            },
            Token::IoNumber(_) => "word".to_string(),
            Token::Op(op) => format!("\"{op}\""),
            Token::Newline => "newline".to_string(),
            Token::Eof => "end of file".to_string(),
        };
        ParseError {
            line: self.line(),
            kind: ParseErrorKind::Unexpected { token, expecting: expecting.map(|e| format!("\"{e}\"")) },
        }
    }

    fn is_reserved(token: &Token, word: &str) -> bool {
        matches!(token, Token::Word(w) if w.as_literal() == Some(word))
    }

    fn skip_newlines(&mut self) -> Result<(), ParseError> {
        while self.peek()? == Token::Newline {
            self.next()?;
        }
        Ok(())
    }

    fn expect_reserved(&mut self, word: &str) -> Result<(), ParseError> {
        self.skip_newlines()?;
        let token = self.next()?;
        if Self::is_reserved(&token, word) { Ok(()) } else { Err(self.unexpected(&token, Some(word))) }
    }

    /// A list of and-or commands up to a terminator (a reserved word in `stops`, `)`, `;;` or EOF).
    fn list(&mut self, stops: &[&str]) -> Result<Node, ParseError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(ParseError { line: self.line(), kind: ParseErrorKind::Missing("nesting too deep") });
        }
        let mut items: Vec<(Node, bool)> = Vec::new();
        loop {
            self.skip_newlines()?;
            let token = self.peek()?;
            let at_stop = match &token {
                Token::Eof => true,
                Token::Op(")" | ";;") => true,
                Token::Word(word) => word.as_literal().is_some_and(|text| stops.contains(&text)),
                _ => false,
            };
            if at_stop {
                break;
            }
            let node = self.and_or()?;
            let mut background = false;
            match self.peek()? {
                Token::Op(";") => {
                    self.next()?;
                }
                Token::Op("&") => {
                    self.next()?;
                    background = true;
                }
                Token::Newline | Token::Eof | Token::Op(")" | ";;") => {}
                Token::Word(ref word) if word.as_literal().is_some_and(|text| stops.contains(&text)) => {}
                other => return Err(self.unexpected(&other, None)),
            }
            items.push((node, background));
        }
        self.depth -= 1;
        Ok(match items.len() {
            0 => Node::Empty,
            1 if !items[0].1 => items.pop().map(|(node, _)| node).unwrap_or(Node::Empty),
            _ => Node::List(items),
        })
    }

    /// Like [`Parser::list`] but at least one command is required (dash rejects `if then`).
    fn nonempty_list(&mut self, stops: &[&str], expecting: &str) -> Result<Node, ParseError> {
        let node = self.list(stops)?;
        if node == Node::Empty {
            let token = self.peek()?;
            return Err(self.unexpected(&token, if token == Token::Eof { Some(expecting) } else { None }));
        }
        Ok(node)
    }

    fn and_or(&mut self) -> Result<Node, ParseError> {
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        loop {
            let is_and = match self.peek()? {
                Token::Op("&&") => true,
                Token::Op("||") => false,
                _ => break,
            };
            self.next()?;
            self.skip_newlines()?;
            rest.push((is_and, self.pipeline()?));
        }
        Ok(if rest.is_empty() { first } else { Node::AndOr { first: Box::new(first), rest } })
    }

    fn pipeline(&mut self) -> Result<Node, ParseError> {
        let mut bang = false;
        if Self::is_reserved(&self.peek()?, "!") {
            self.next()?;
            bang = true;
        }
        let mut cmds = vec![self.command()?];
        while self.peek()? == Token::Op("|") {
            self.next()?;
            self.skip_newlines()?;
            cmds.push(self.command()?);
        }
        Ok(if cmds.len() == 1 && !bang { cmds.remove(0) } else { Node::Pipeline { bang, cmds } })
    }

    fn command(&mut self) -> Result<Node, ParseError> {
        let token = self.peek()?;
        let keyword = match &token {
            Token::Word(word) => word.as_literal().map(str::to_string),
            _ => None,
        };
        let node = match keyword.as_deref() {
            Some("if") => self.if_clause()?,
            Some("for") => self.for_clause()?,
            Some("while") => self.while_clause(false)?,
            Some("until") => self.while_clause(true)?,
            Some("case") => self.case_clause()?,
            Some("[[") => return self.conditional(),
            Some("{") => {
                self.next()?;
                let body = self.nonempty_list(&["}"], "}")?;
                self.expect_reserved("}")?;
                Node::Group(Box::new(body), self.redirs()?)
            }
            Some(word @ ("then" | "else" | "elif" | "fi" | "do" | "done" | "esac" | "}" | "in")) => {
                return Err(self.unexpected(&Token::Word(Word::literal(word)), None));
            }
            _ if token == Token::Op("(") => {
                self.next()?;
                let body = self.nonempty_list(&[], ")")?;
                let close = self.next()?;
                if close != Token::Op(")") {
                    return Err(self.unexpected(&close, Some(")")));
                }
                Node::Subshell(Box::new(body), self.redirs()?)
            }
            _ => return self.simple(),
        };
        Ok(node)
    }

    fn redirs(&mut self) -> Result<Vec<Redir>, ParseError> {
        let mut redirs = Vec::new();
        while let Some(redir) = self.maybe_redir()? {
            redirs.push(redir);
        }
        Ok(redirs)
    }

    fn maybe_redir(&mut self) -> Result<Option<Redir>, ParseError> {
        let mut fd = None;
        if let Token::IoNumber(n) = self.peek()? {
            self.next()?;
            fd = Some(n);
        }
        let op = match self.peek()? {
            Token::Op(op @ ("<" | ">" | ">>" | ">|" | ">&" | "<&" | "<<" | "<<-" | "&>")) => op,
            _ => return Ok(None),
        };
        self.next()?;
        let target = match self.next()? {
            Token::Word(word) => word,
            other => return Err(self.unexpected(&other, None)),
        };
        let redir = match op {
            "<" | "<&" => {
                Redir { fd: fd.unwrap_or(0), op: if op == "<" { RedirOp::Read(target) } else { RedirOp::Dup(target) } }
            }
            ">" | ">|" => Redir { fd: fd.unwrap_or(1), op: RedirOp::Write(target) },
            ">>" => Redir { fd: fd.unwrap_or(1), op: RedirOp::Append(target) },
            ">&" => Redir { fd: fd.unwrap_or(1), op: RedirOp::Dup(target) },
            "&>" => Redir { fd: 1, op: RedirOp::Both(target) },
            _ => {
                let expand = !target.has_quotes();
                let index = self.lexer.push_heredoc(target.unquoted_text(), op == "<<-");
                Redir { fd: fd.unwrap_or(0), op: RedirOp::HereDoc { index, body: String::new(), expand } }
            }
        };
        Ok(Some(redir))
    }

    fn simple(&mut self) -> Result<Node, ParseError> {
        let line = self.line();
        let mut assigns = Vec::new();
        let mut words: Vec<Word> = Vec::new();
        let mut redirs = Vec::new();
        loop {
            if let Some(redir) = self.maybe_redir()? {
                redirs.push(redir);
                continue;
            }
            match self.peek()? {
                Token::Word(word) => {
                    if words.is_empty()
                        && let Some((name, value)) = split_assignment(&word)
                    {
                        self.next()?;
                        assigns.push((name, value));
                        continue;
                    }
                    self.next()?;
                    words.push(word);
                    if words.len() == 1 && assigns.is_empty() && redirs.is_empty() && self.peek()? == Token::Op("(") {
                        return self.function(words.remove(0));
                    }
                }
                _ => break,
            }
        }
        if assigns.is_empty() && words.is_empty() && redirs.is_empty() {
            let token = self.peek()?;
            return Err(self.unexpected(&token, None));
        }
        Ok(Node::Simple { assigns, words, redirs, line })
    }

    /// `[[ … ]]`, as a simple command whose operator tokens became unquoted literal words (see
    /// `cond.rs`); shells without `[[` then run it as a command named `[[`.
    fn conditional(&mut self) -> Result<Node, ParseError> {
        let line = self.line();
        let mut words = Vec::new();
        loop {
            let token = self.next()?;
            match token {
                Token::Word(word) => {
                    let end = word.as_literal() == Some("]]") && words.len() > 1;
                    words.push(word);
                    if end {
                        break;
                    }
                }
                Token::Op(op @ ("&&" | "||" | "(" | ")" | "<" | ">")) => words.push(Word::literal(op)),
                Token::Newline if words.last().and_then(Word::as_literal).is_some_and(|w| matches!(w, "&&" | "||")) => {
                }
                other => return Err(self.unexpected(&other, Some("]]"))),
            }
        }
        Ok(Node::Simple { assigns: Vec::new(), words, redirs: self.redirs()?, line })
    }

    fn function(&mut self, name: Word) -> Result<Node, ParseError> {
        self.next()?;
        let close = self.next()?;
        if close != Token::Op(")") {
            return Err(self.unexpected(&close, Some(")")));
        }
        self.skip_newlines()?;
        let body = self.command()?;
        Ok(Node::FuncDef { name: name.unquoted_text(), body: Rc::new(body) })
    }

    fn if_clause(&mut self) -> Result<Node, ParseError> {
        self.next()?;
        let mut branches = Vec::new();
        let mut otherwise = None;
        loop {
            let cond = self.nonempty_list(&["then"], "then")?;
            self.expect_reserved("then")?;
            let body = self.nonempty_list(&["elif", "else", "fi"], "fi")?;
            branches.push((cond, body));
            let token = self.next()?;
            match token {
                ref t if Self::is_reserved(t, "elif") => continue,
                ref t if Self::is_reserved(t, "else") => {
                    otherwise = Some(Box::new(self.nonempty_list(&["fi"], "fi")?));
                    self.expect_reserved("fi")?;
                    break;
                }
                ref t if Self::is_reserved(t, "fi") => break,
                other => return Err(self.unexpected(&other, Some("fi"))),
            }
        }
        Ok(Node::If { branches, otherwise, redirs: self.redirs()? })
    }

    fn for_clause(&mut self) -> Result<Node, ParseError> {
        self.next()?;
        let var = match self.next()? {
            Token::Word(word) => word.unquoted_text(),
            other => return Err(self.unexpected(&other, None)),
        };
        let mut words = None;
        if self.peek()? == Token::Op(";") {
            self.next()?;
        }
        self.skip_newlines()?;
        if Self::is_reserved(&self.peek()?, "in") {
            self.next()?;
            let mut list = Vec::new();
            while let Token::Word(word) = self.peek()? {
                self.next()?;
                list.push(word);
            }
            match self.next()? {
                Token::Op(";") | Token::Newline => {}
                other => return Err(self.unexpected(&other, Some("do"))),
            }
            words = Some(list);
        }
        self.expect_reserved("do")?;
        let body = self.nonempty_list(&["done"], "done")?;
        self.expect_reserved("done")?;
        Ok(Node::For { var, words, body: Box::new(body), redirs: self.redirs()? })
    }

    fn while_clause(&mut self, until: bool) -> Result<Node, ParseError> {
        self.next()?;
        let cond = self.nonempty_list(&["do"], "do")?;
        self.expect_reserved("do")?;
        let body = self.nonempty_list(&["done"], "done")?;
        self.expect_reserved("done")?;
        Ok(Node::While { cond: Box::new(cond), body: Box::new(body), until, redirs: self.redirs()? })
    }

    fn case_clause(&mut self) -> Result<Node, ParseError> {
        self.next()?;
        let word = match self.next()? {
            Token::Word(word) => word,
            other => return Err(self.unexpected(&other, None)),
        };
        self.skip_newlines()?;
        self.expect_reserved("in")?;
        let mut arms = Vec::new();
        loop {
            self.skip_newlines()?;
            let token = self.peek()?;
            if Self::is_reserved(&token, "esac") {
                self.next()?;
                break;
            }
            if token == Token::Op("(") {
                self.next()?;
            }
            let mut patterns = Vec::new();
            loop {
                match self.next()? {
                    Token::Word(pattern) => patterns.push(pattern),
                    other => return Err(self.unexpected(&other, Some(")"))),
                }
                match self.next()? {
                    Token::Op("|") => continue,
                    Token::Op(")") => break,
                    other => return Err(self.unexpected(&other, Some(")"))),
                }
            }
            let body = self.list(&["esac"])?;
            arms.push((patterns, body));
            match self.peek()? {
                Token::Op(";;") => {
                    self.next()?;
                }
                ref t if Self::is_reserved(t, "esac") => {}
                other => return Err(self.unexpected(&other, Some("esac"))),
            }
        }
        Ok(Node::Case { word, arms, redirs: self.redirs()? })
    }
}

fn split_assignment(word: &Word) -> Option<(String, Word)> {
    let super::ast::Part::Lit(first) = word.parts.first()? else { return None };
    let eq = first.find('=')?;
    let name = &first[..eq];
    let valid = !name.is_empty()
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return None;
    }
    let mut parts = word.parts.clone();
    let rest = first[eq + 1..].to_string();
    if rest.is_empty() {
        parts.remove(0);
    } else {
        parts[0] = super::ast::Part::Lit(rest);
    }
    Some((name.to_string(), Word { parts }))
}

fn lex_error(error: LexError) -> ParseError {
    match error {
        LexError::UnterminatedQuote(line) => ParseError { line, kind: ParseErrorKind::UnterminatedQuote },
        LexError::Missing { line, what: ")" } => ParseError {
            line,
            kind: ParseErrorKind::Unexpected { token: "end of file".into(), expecting: Some("\")\"".into()) },
        },
        LexError::Missing { line, what } => ParseError { line, kind: ParseErrorKind::Missing(what) },
    }
}

fn fill_heredocs(node: &mut Node, bodies: &[String]) {
    fn fill_redirs(redirs: &mut [Redir], bodies: &[String]) {
        for redir in redirs {
            if let RedirOp::HereDoc { index, body, .. } = &mut redir.op {
                *body = bodies.get(*index).cloned().unwrap_or_default();
            }
        }
    }
    match node {
        Node::Simple { redirs, .. } => fill_redirs(redirs, bodies),
        Node::Pipeline { cmds, .. } => cmds.iter_mut().for_each(|cmd| fill_heredocs(cmd, bodies)),
        Node::AndOr { first, rest } => {
            fill_heredocs(first, bodies);
            rest.iter_mut().for_each(|(_, cmd)| fill_heredocs(cmd, bodies));
        }
        Node::List(items) => items.iter_mut().for_each(|(cmd, _)| fill_heredocs(cmd, bodies)),
        Node::Subshell(body, redirs) | Node::Group(body, redirs) => {
            fill_heredocs(body, bodies);
            fill_redirs(redirs, bodies);
        }
        Node::If { branches, otherwise, redirs } => {
            for (cond, body) in branches {
                fill_heredocs(cond, bodies);
                fill_heredocs(body, bodies);
            }
            if let Some(otherwise) = otherwise {
                fill_heredocs(otherwise, bodies);
            }
            fill_redirs(redirs, bodies);
        }
        Node::For { body, redirs, .. } => {
            fill_heredocs(body, bodies);
            fill_redirs(redirs, bodies);
        }
        Node::While { cond, body, redirs, .. } => {
            fill_heredocs(cond, bodies);
            fill_heredocs(body, bodies);
            fill_redirs(redirs, bodies);
        }
        Node::Case { arms, redirs, .. } => {
            arms.iter_mut().for_each(|(_, body)| fill_heredocs(body, bodies));
            fill_redirs(redirs, bodies);
        }
        Node::FuncDef { body, .. } => {
            let mut inner = (**body).clone();
            fill_heredocs(&mut inner, bodies);
            *body = Rc::new(inner);
        }
        Node::Empty => {}
    }
}
