//! `awk` (mawk on Debian and Ubuntu, busybox awk on alpine): the subset Dockerfiles use. Patterns
//! (`BEGIN`, `END`, `/re/`, expressions), actions with `print`, `printf`, assignments, `next` and
//! `exit`; fields (`$1`, `$NF`), `NR`, `NF`, `FS`, `OFS`, `-F`, `-v`; arithmetic, comparison,
//! `~` and `!~`, `&&`, `||`, `!`, concatenation; `length`, `substr`, `index`, `toupper`, `tolower`.
//!
//! What is outside the subset (arrays, loops, user functions, `getline`) is a syntax error in
//! mawk's words, never a silent success.

use std::collections::BTreeMap;

use super::re::Regex;
use super::read_inputs;
use super::text::lines_of;
use crate::sh::machine::Machine;
use crate::sh::programs::Proc;

/// The longest string value (and the most fields) a program can make: 1 MiB.
const MAX_STRING: usize = 1 << 20;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(f64),
    Str(String),
    Re(String),
    Ident(String),
    Dollar,
    Op(&'static str),
    LBrace,
    RBrace,
    LParen,
    RParen,
    Comma,
    Semi,
}

const OPS: &[&str] = &[
    "&&", "||", "==", "!=", "<=", ">=", "!~", "+=", "-=", "++", "--", "<", ">", "~", "!", "+", "-", "*", "/", "%", "=",
];

fn tokenize(src: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = src.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    // A `/` starts a regex where an operand is expected.
    let operand_expected = |toks: &Vec<Tok>| {
        !matches!(toks.last(), Some(Tok::Num(_) | Tok::Str(_) | Tok::Ident(_) | Tok::RParen | Tok::Re(_)))
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' => i += 1,
            '\n' | ';' => {
                toks.push(Tok::Semi);
                i += 1;
            }
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '{' | '}' | '(' | ')' | ',' | '$' => {
                toks.push(match c {
                    '{' => Tok::LBrace,
                    '}' => Tok::RBrace,
                    '(' => Tok::LParen,
                    ')' => Tok::RParen,
                    ',' => Tok::Comma,
                    _ => Tok::Dollar,
                });
                i += 1;
            }
            '"' => {
                let s = crate::template::double_quoted(&chars, &mut i).ok_or("runaway string constant")?;
                toks.push(Tok::Str(s));
            }
            '/' if operand_expected(&toks) => {
                let mut s = String::new();
                i += 1;
                while i < chars.len() && chars[i] != '/' {
                    if chars[i] == '\\' && chars.get(i + 1) == Some(&'/') {
                        i += 1;
                    }
                    s.push(chars[i]);
                    i += 1;
                }
                if i >= chars.len() {
                    return Err("runaway regular expression".to_string());
                }
                i += 1;
                toks.push(Tok::Re(s));
            }
            d if d.is_ascii_digit() || (d == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) => {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                toks.push(Tok::Num(text.parse().unwrap_or(0.0)));
            }
            a if a.is_alphabetic() || a == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                toks.push(Tok::Ident(chars[start..i].iter().collect()));
            }
            _ => {
                let rest: String = chars[i..chars.len().min(i + 2)].iter().collect();
                let Some(op) = OPS.iter().find(|op| rest.starts_with(**op)) else {
                    return Err(format!("syntax error at or near {c}"));
                };
                toks.push(Tok::Op(op));
                i += op.len();
            }
        }
    }
    Ok(toks)
}

#[derive(Debug, Clone)]
enum Expr {
    Num(f64),
    Str(String),
    Re(Regex),
    Field(Box<Expr>),
    Var(String),
    Assign(String, Option<&'static str>, Box<Expr>),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    Bin(&'static str, Box<Expr>, Box<Expr>),
    Match(bool, Box<Expr>, Box<Expr>),
    Concat(Box<Expr>, Box<Expr>),
    Call(String, Vec<Expr>),
}

#[derive(Debug, Clone)]
enum Stmt {
    Print(Vec<Expr>),
    Printf(Vec<Expr>),
    Expr(Expr),
    Next,
    Exit(Option<Expr>),
}

#[derive(Debug, Clone)]
enum Pattern {
    Begin,
    End,
    Always,
    When(Expr),
}

/// One pattern-action pair; a pattern without an action prints the record.
type Item = (Pattern, Option<Vec<Stmt>>);

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

fn near(tok: Option<&Tok>) -> String {
    let shown = match tok {
        None => "end of file".to_string(),
        Some(Tok::RBrace) => "}".to_string(),
        Some(Tok::LBrace) => "{".to_string(),
        Some(Tok::RParen) => ")".to_string(),
        Some(Tok::LParen) => "(".to_string(),
        Some(Tok::Comma) => ",".to_string(),
        Some(Tok::Semi) => ";".to_string(),
        Some(Tok::Ident(s)) => s.clone(),
        Some(Tok::Op(op)) => op.to_string(),
        Some(Tok::Num(n)) => n.to_string(),
        Some(Tok::Str(s)) => format!("\"{s}\""),
        Some(Tok::Re(r)) => format!("/{r}/"),
        Some(Tok::Dollar) => "$".to_string(),
    };
    format!("syntax error at or near {shown}")
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn eat(&mut self, tok: &Tok) -> bool {
        if self.peek() == Some(tok) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn skip_semis(&mut self) {
        while self.eat(&Tok::Semi) {}
    }

    fn program(&mut self) -> Result<Vec<Item>, String> {
        let mut items = Vec::new();
        self.skip_semis();
        while self.peek().is_some() {
            let pattern = match self.peek() {
                Some(Tok::Ident(name)) if name == "BEGIN" => {
                    self.pos += 1;
                    Pattern::Begin
                }
                Some(Tok::Ident(name)) if name == "END" => {
                    self.pos += 1;
                    Pattern::End
                }
                Some(Tok::LBrace) => Pattern::Always,
                _ => Pattern::When(self.expr()?),
            };
            let action = if self.eat(&Tok::LBrace) { Some(self.block()?) } else { None };
            if action.is_none() && matches!(pattern, Pattern::Begin | Pattern::End) {
                return Err(near(self.peek()));
            }
            items.push((pattern, action));
            self.skip_semis();
        }
        Ok(items)
    }

    fn block(&mut self) -> Result<Vec<Stmt>, String> {
        let mut stmts = Vec::new();
        loop {
            self.skip_semis();
            if self.eat(&Tok::RBrace) {
                return Ok(stmts);
            }
            let stmt = match self.peek() {
                Some(Tok::Ident(name)) if name == "print" || name == "printf" => {
                    let printf = name == "printf";
                    self.pos += 1;
                    let mut args = Vec::new();
                    let parens = self.peek() == Some(&Tok::LParen) && printf;
                    if parens {
                        self.pos += 1;
                    }
                    if !matches!(self.peek(), Some(Tok::Semi | Tok::RBrace) | None) {
                        args.push(self.expr()?);
                        while self.eat(&Tok::Comma) {
                            args.push(self.expr()?);
                        }
                    }
                    if parens && !self.eat(&Tok::RParen) {
                        return Err(near(self.peek()));
                    }
                    if matches!(self.peek(), Some(Tok::Op(">" | ">>"))) {
                        return Err(near(self.peek()));
                    }
                    if printf { Stmt::Printf(args) } else { Stmt::Print(args) }
                }
                Some(Tok::Ident(name)) if name == "next" => {
                    self.pos += 1;
                    Stmt::Next
                }
                Some(Tok::Ident(name)) if name == "exit" => {
                    self.pos += 1;
                    let code = (!matches!(self.peek(), Some(Tok::Semi | Tok::RBrace) | None))
                        .then(|| self.expr())
                        .transpose()?;
                    Stmt::Exit(code)
                }
                Some(Tok::Ident(name))
                    if matches!(name.as_str(), "if" | "for" | "while" | "do" | "function" | "getline" | "delete") =>
                {
                    return Err(near(self.peek()));
                }
                None => return Err(near(None)),
                _ => Stmt::Expr(self.expr()?),
            };
            stmts.push(stmt);
            if !matches!(self.peek(), Some(Tok::Semi | Tok::RBrace)) {
                return Err(near(self.peek()));
            }
        }
    }

    fn expr(&mut self) -> Result<Expr, String> {
        // Assignment: NAME = expr, NAME += expr.
        if let (Some(Tok::Ident(name)), Some(Tok::Op(op @ ("=" | "+=" | "-=")))) =
            (self.toks.get(self.pos).cloned(), self.toks.get(self.pos + 1).cloned())
        {
            self.pos += 2;
            let value = self.expr()?;
            let op = match op {
                "+=" => Some("+"),
                "-=" => Some("-"),
                _ => None,
            };
            return Ok(Expr::Assign(name, op, Box::new(value)));
        }
        self.or()
    }

    fn or(&mut self) -> Result<Expr, String> {
        let mut left = self.and()?;
        while self.eat(&Tok::Op("||")) {
            left = Expr::Bin("||", Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut left = self.matching()?;
        while self.eat(&Tok::Op("&&")) {
            left = Expr::Bin("&&", Box::new(left), Box::new(self.matching()?));
        }
        Ok(left)
    }

    fn matching(&mut self) -> Result<Expr, String> {
        let mut left = self.comparison()?;
        loop {
            let negate = match self.peek() {
                Some(Tok::Op("~")) => false,
                Some(Tok::Op("!~")) => true,
                _ => return Ok(left),
            };
            self.pos += 1;
            left = Expr::Match(negate, Box::new(left), Box::new(self.comparison()?));
        }
    }

    fn comparison(&mut self) -> Result<Expr, String> {
        let left = self.concat()?;
        if let Some(Tok::Op(op @ ("==" | "!=" | "<" | ">" | "<=" | ">="))) = self.peek().cloned() {
            self.pos += 1;
            return Ok(Expr::Bin(op, Box::new(left), Box::new(self.concat()?)));
        }
        Ok(left)
    }

    fn concat(&mut self) -> Result<Expr, String> {
        let mut left = self.additive()?;
        while matches!(
            self.peek(),
            Some(Tok::Num(_) | Tok::Str(_) | Tok::Ident(_) | Tok::Dollar | Tok::LParen | Tok::Op("!" | "-"))
        ) && !matches!(self.peek(), Some(Tok::Ident(n)) if n == "in")
        {
            left = Expr::Concat(Box::new(left), Box::new(self.additive()?));
        }
        Ok(left)
    }

    fn additive(&mut self) -> Result<Expr, String> {
        let mut left = self.term()?;
        while let Some(Tok::Op(op @ ("+" | "-"))) = self.peek().cloned() {
            self.pos += 1;
            left = Expr::Bin(op, Box::new(left), Box::new(self.term()?));
        }
        Ok(left)
    }

    fn term(&mut self) -> Result<Expr, String> {
        let mut left = self.unary()?;
        while let Some(Tok::Op(op @ ("*" | "/" | "%"))) = self.peek().cloned() {
            self.pos += 1;
            left = Expr::Bin(op, Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, String> {
        if self.eat(&Tok::Op("!")) {
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if self.eat(&Tok::Op("-")) {
            return Ok(Expr::Neg(Box::new(self.unary()?)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, String> {
        let tok = self.peek().cloned();
        self.pos += 1;
        Ok(match tok {
            Some(Tok::Num(n)) => Expr::Num(n),
            Some(Tok::Str(s)) => Expr::Str(s),
            Some(Tok::Re(r)) => {
                Expr::Re(Regex::new(&r, true, false).map_err(|e| format!("regular expression compile failed ({e})"))?)
            }
            Some(Tok::Dollar) => Expr::Field(Box::new(self.primary()?)),
            Some(Tok::LParen) => {
                let inner = self.expr()?;
                if !self.eat(&Tok::RParen) {
                    return Err(near(self.peek()));
                }
                inner
            }
            Some(Tok::Ident(name)) if self.peek() == Some(&Tok::LParen) => {
                if !matches!(name.as_str(), "length" | "substr" | "index" | "toupper" | "tolower" | "int") {
                    return Err(format!("function {name} never defined"));
                }
                self.pos += 1;
                let mut args = Vec::new();
                if !self.eat(&Tok::RParen) {
                    args.push(self.expr()?);
                    while self.eat(&Tok::Comma) {
                        args.push(self.expr()?);
                    }
                    if !self.eat(&Tok::RParen) {
                        return Err(near(self.peek()));
                    }
                }
                Expr::Call(name, args)
            }
            Some(Tok::Ident(name)) if name == "length" => Expr::Call(name, Vec::new()),
            Some(Tok::Ident(name)) => Expr::Var(name),
            other => {
                self.pos -= 1;
                return Err(near(other.as_ref()));
            }
        })
    }
}

/// The run-time state: variables, the current record and its fields.
struct State {
    vars: BTreeMap<String, String>,
    record: String,
    fields: Vec<String>,
    nr: usize,
}

fn num(s: &str) -> f64 {
    let t = s.trim_start();
    let end = t
        .char_indices()
        .take_while(|(i, c)| c.is_ascii_digit() || *c == '.' || (*i == 0 && (*c == '-' || *c == '+')))
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    t[..end].parse().unwrap_or(0.0)
}

fn looks_numeric(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty() && t.parse::<f64>().is_ok()
}

fn show(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e16 {
        format!("{}", n as i64)
    } else {
        format!("{n:.6}").trim_end_matches('0').to_string()
    }
}

impl State {
    /// Reads the next record: counts it and splits it into fields.
    fn next_record(&mut self, line: &str) {
        self.nr += 1;
        self.record = line.to_string();
        self.split();
    }

    fn split(&mut self) {
        let fs = self.vars.get("FS").cloned().unwrap_or_else(|| " ".to_string());
        self.fields = if fs == " " {
            self.record.split_whitespace().map(str::to_string).collect()
        } else if fs.chars().count() == 1 {
            self.record.split(fs.as_str()).map(str::to_string).collect()
        } else {
            match Regex::new(&fs, true, false) {
                Ok(re) => {
                    let mut out = Vec::new();
                    let mut last = 0;
                    let mut from = 0;
                    while let Some(m) = re.find_at(&self.record, from) {
                        if m.end == m.start {
                            break;
                        }
                        out.push(self.record[last..m.start].to_string());
                        last = m.end;
                        from = m.end;
                    }
                    out.push(self.record[last..].to_string());
                    out
                }
                Err(_) => vec![self.record.clone()],
            }
        };
        if self.record.is_empty() {
            self.fields.clear();
        }
    }

    fn field(&self, i: usize) -> String {
        if i == 0 { self.record.clone() } else { self.fields.get(i - 1).cloned().unwrap_or_default() }
    }

    fn var(&self, name: &str) -> String {
        match name {
            "NR" | "FNR" => self.nr.to_string(),
            "NF" => self.fields.len().to_string(),
            _ => self.vars.get(name).cloned().unwrap_or_default(),
        }
    }

    fn eval(&mut self, e: &Expr) -> String {
        match e {
            Expr::Num(n) => show(*n),
            Expr::Str(s) => s.clone(),
            Expr::Re(re) => (re.is_match(&self.record) as i32).to_string(),
            Expr::Field(i) => {
                let i = num(&self.eval(i)).max(0.0) as usize;
                self.field(i)
            }
            Expr::Var(name) => self.var(name),
            Expr::Assign(name, op, value) => {
                let v = self.eval(value);
                let v = match op {
                    Some("+") => show(num(&self.var(name)) + num(&v)),
                    Some(_) => show(num(&self.var(name)) - num(&v)),
                    None => v,
                };
                self.vars.insert(name.clone(), v.clone());
                if name == "NF" {
                    let n = (num(&v).max(0.0) as usize).min(MAX_STRING);
                    self.fields.resize(n, String::new());
                }
                v
            }
            Expr::Not(inner) => {
                let v = self.eval(inner);
                (!truthy(&v) as i32).to_string()
            }
            Expr::Neg(inner) => show(-num(&self.eval(inner))),
            Expr::Match(negate, left, right) => {
                let text = self.eval(left);
                let hit = match right.as_ref() {
                    Expr::Re(re) => re.is_match(&text),
                    other => {
                        let source = self.eval(other);
                        Regex::new(&source, true, false).is_ok_and(|re| re.is_match(&text))
                    }
                };
                ((hit != *negate) as i32).to_string()
            }
            Expr::Concat(a, b) => {
                let mut text = self.eval(a) + &self.eval(b);
                // Values stop growing at MAX_STRING: `{ s = s s }` doubles per record.
                if text.len() > MAX_STRING {
                    let mut end = MAX_STRING;
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    text.truncate(end);
                }
                text
            }
            Expr::Bin(op, a, b) => {
                let (x, y) = (self.eval(a), self.eval(b));
                match *op {
                    "&&" => ((truthy(&x) && truthy(&y)) as i32).to_string(),
                    "||" => ((truthy(&x) || truthy(&y)) as i32).to_string(),
                    "+" => show(num(&x) + num(&y)),
                    "-" => show(num(&x) - num(&y)),
                    "*" => show(num(&x) * num(&y)),
                    "/" => show(if num(&y) == 0.0 { 0.0 } else { num(&x) / num(&y) }),
                    "%" => show(if num(&y) == 0.0 { 0.0 } else { num(&x) % num(&y) }),
                    cmp => {
                        let ordering = if looks_numeric(&x) && looks_numeric(&y) {
                            num(&x).partial_cmp(&num(&y)).unwrap_or(std::cmp::Ordering::Equal)
                        } else {
                            x.cmp(&y)
                        };
                        let result = match cmp {
                            "==" => ordering.is_eq(),
                            "!=" => !ordering.is_eq(),
                            "<" => ordering.is_lt(),
                            ">" => ordering.is_gt(),
                            "<=" => ordering.is_le(),
                            _ => ordering.is_ge(),
                        };
                        (result as i32).to_string()
                    }
                }
            }
            Expr::Call(name, args) => {
                let values: Vec<String> = args.iter().map(|a| self.eval(a)).collect();
                let arg = |i: usize| values.get(i).cloned().unwrap_or_default();
                match name.as_str() {
                    "length" => (if values.is_empty() { self.record.chars().count() } else { arg(0).chars().count() })
                        .to_string(),
                    "toupper" => arg(0).to_uppercase(),
                    "tolower" => arg(0).to_lowercase(),
                    "int" => show(num(&arg(0)).trunc()),
                    "index" => arg(0).find(&arg(1)).map_or(0, |i| arg(0)[..i].chars().count() + 1).to_string(),
                    _ => {
                        let text: Vec<char> = arg(0).chars().collect();
                        let start = (num(&arg(1)).max(1.0) as usize).saturating_sub(1);
                        let len = if values.len() > 2 { num(&arg(2)).max(0.0) as usize } else { usize::MAX };
                        text.iter().skip(start).take(len).collect()
                    }
                }
            }
        }
    }
}

fn truthy(v: &str) -> bool {
    if looks_numeric(v) { num(v) != 0.0 } else { !v.is_empty() }
}

/// `printf` with `%s`, `%d`, `%i`, `%f`, `%c`, `%%`, and widths.
fn format(fmt: &str, args: &[String]) -> String {
    let mut out = String::new();
    let mut args = args.iter();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = String::new();
        while let Some(&d) = chars.peek() {
            if d.is_ascii_digit() || d == '-' || d == '.' {
                spec.push(d);
                chars.next();
            } else {
                break;
            }
        }
        let left = spec.starts_with('-');
        let width: usize = spec
            .trim_start_matches('-')
            .split('.')
            .next()
            .and_then(|w| w.parse::<usize>().ok())
            .unwrap_or(0)
            .min(super::text::MAX_FIELD);
        let text = match chars.next() {
            Some('%') => "%".to_string(),
            Some('d' | 'i') => show(num(args.next().map_or("", String::as_str)).trunc()),
            Some('f') => {
                let precision = spec
                    .split('.')
                    .nth(1)
                    .and_then(|p| p.parse::<usize>().ok())
                    .unwrap_or(6)
                    .min(super::text::MAX_FIELD);
                format!("{:.*}", precision, num(args.next().map_or("", String::as_str)))
            }
            Some('c') => args.next().and_then(|a| a.chars().next()).map(String::from).unwrap_or_default(),
            Some('s') => args.next().cloned().unwrap_or_default(),
            Some(other) => format!("%{spec}{other}"),
            None => "%".to_string(),
        };
        let pad = width.saturating_sub(text.chars().count());
        if left {
            out.push_str(&text);
            out.push_str(&" ".repeat(pad));
        } else {
            out.push_str(&" ".repeat(pad));
            out.push_str(&text);
        }
    }
    out
}

/// Runs `awk`.
pub(crate) fn run(m: &mut Machine, p: &Proc) -> i32 {
    let name = if p.busybox { "awk" } else { "mawk" };
    let args = p.args().to_vec();
    let mut vars: BTreeMap<String, String> = BTreeMap::new();
    vars.insert("FS".to_string(), " ".to_string());
    vars.insert("OFS".to_string(), " ".to_string());
    let mut program = None;
    let mut files = Vec::new();
    let mut idx = 0;
    while idx < args.len() {
        let arg = &args[idx];
        if program.is_none() && arg == "-F" {
            vars.insert("FS".to_string(), args.get(idx + 1).cloned().unwrap_or_default());
            idx += 2;
            continue;
        }
        if program.is_none() && arg == "-v" {
            if let Some((k, v)) = args.get(idx + 1).and_then(|a| a.split_once('=')) {
                vars.insert(k.to_string(), v.to_string());
            }
            idx += 2;
            continue;
        }
        if program.is_none()
            && let Some(fs) = arg.strip_prefix("-F")
        {
            let fs = if fs == "\\t" || fs == "t" { "\t" } else { fs };
            vars.insert("FS".to_string(), fs.to_string());
        } else if program.is_none() && arg.starts_with('-') && arg.len() > 1 {
            // Other options (`--`, `-W …`) change nothing here.
        } else if program.is_none() {
            program = Some(arg.clone());
        } else {
            files.push(arg.clone());
        }
        idx += 1;
    }
    let Some(source) = program else {
        p.err(m, &format!("usage: {name} [-F value] [-v var=value] [--] 'program text' [file ...]"));
        return 2;
    };
    let parsed = tokenize(&source).and_then(|toks| Parser { toks, pos: 0 }.program());
    let items = match parsed {
        Ok(items) => items,
        Err(error) => {
            p.err(m, &format!("{name}: line 1: {error}"));
            return 2;
        }
    };
    let mut state = State { vars, record: String::new(), fields: Vec::new(), nr: 0 };
    let mut out = String::new();
    let needs_input = items.iter().any(|(pattern, _)| !matches!(pattern, Pattern::Begin));
    let mut exit;
    let run_action = |state: &mut State, out: &mut String, stmts: &[Stmt]| -> (bool, Option<i32>) {
        for stmt in stmts {
            match stmt {
                Stmt::Print(exprs) => {
                    let line = if exprs.is_empty() {
                        state.record.clone()
                    } else {
                        let ofs = state.var("OFS");
                        exprs.iter().map(|e| state.eval(e)).collect::<Vec<_>>().join(&ofs)
                    };
                    out.push_str(&line);
                    out.push('\n');
                }
                Stmt::Printf(exprs) => {
                    let values: Vec<String> = exprs.iter().map(|e| state.eval(e)).collect();
                    if let Some((fmt, rest)) = values.split_first() {
                        out.push_str(&format(fmt, rest));
                    }
                }
                Stmt::Expr(e) => {
                    state.eval(e);
                }
                Stmt::Next => return (true, None),
                Stmt::Exit(code) => {
                    let code = code.as_ref().map_or(0, |c| num(&state.eval(c)) as i32);
                    return (true, Some(code));
                }
            }
        }
        (false, None)
    };
    // The BEGIN (or END) actions in order, until one exits.
    let run_special = |begin: bool, state: &mut State, out: &mut String| -> Option<i32> {
        for (pattern, action) in &items {
            let wanted = if begin { matches!(pattern, Pattern::Begin) } else { matches!(pattern, Pattern::End) };
            if let (true, Some(stmts)) = (wanted, action)
                && let (_, Some(code)) = run_action(state, out, stmts)
            {
                return Some(code);
            }
        }
        None
    };
    exit = run_special(true, &mut state, &mut out);
    let mut status = 0;
    if exit.is_none() && needs_input {
        let (data, read_status) = read_inputs(m, p, name, &files);
        status = read_status;
        'records: for line in lines_of(&data) {
            state.next_record(line);
            for (pattern, action) in &items {
                let selected = match pattern {
                    Pattern::Always => true,
                    Pattern::When(e) => {
                        let v = state.eval(e);
                        match e {
                            Expr::Re(_) | Expr::Match(..) | Expr::Bin(..) | Expr::Not(_) => v == "1",
                            _ => truthy(&v),
                        }
                    }
                    Pattern::Begin | Pattern::End => false,
                };
                if !selected {
                    continue;
                }
                match action {
                    None => {
                        out.push_str(&state.record);
                        out.push('\n');
                    }
                    Some(stmts) => {
                        let (stop, code) = run_action(&mut state, &mut out, stmts);
                        if code.is_some() {
                            exit = code;
                            break 'records;
                        }
                        if stop {
                            continue 'records;
                        }
                    }
                }
            }
            if m.tick().is_err() {
                break;
            }
        }
    }
    if let Some(code) = run_special(false, &mut state, &mut out) {
        exit = Some(code);
    }
    m.write(p.io.out, &out);
    exit.unwrap_or(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_program(source: &str, input: &str) -> Result<String, String> {
        let toks = tokenize(source)?;
        let items = Parser { toks, pos: 0 }.program()?;
        let mut vars = BTreeMap::new();
        vars.insert("FS".to_string(), " ".to_string());
        vars.insert("OFS".to_string(), " ".to_string());
        let mut state = State { vars, record: String::new(), fields: Vec::new(), nr: 0 };
        let mut out = String::new();
        for line in input.lines() {
            state.next_record(line);
            for (pattern, action) in &items {
                let selected = match pattern {
                    Pattern::Always => true,
                    Pattern::When(e) => state.eval(e) == "1" || truthy(&state.eval(e)),
                    _ => false,
                };
                if selected {
                    for stmt in action.as_deref().unwrap_or(&[]) {
                        if let Stmt::Print(exprs) = stmt {
                            let line: Vec<String> = exprs.iter().map(|e| state.eval(e)).collect();
                            out.push_str(&line.join(" "));
                            out.push('\n');
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    #[test]
    fn fields_patterns_and_functions() {
        assert_eq!(run_program("{print $2}", "a b c\n").unwrap(), "b\n");
        assert_eq!(run_program("{print $NF, NF}", "a b c\n").unwrap(), "c 3\n");
        assert_eq!(run_program("/b/ {print NR}", "a\nb\nc\n").unwrap(), "2\n");
        assert_eq!(run_program("NR==2 {print $1 \"-\" $2}", "x y\nu v\n").unwrap(), "u-v\n");
        assert_eq!(run_program("$1 ~ /^ve/ {print toupper($2)}", "version 1\n").unwrap(), "1\n");
        assert_eq!(run_program("{print substr($1, 2, 3), length($1)}", "abcdef\n").unwrap(), "bcd 6\n");
        assert!(run_program("{ for (i=0;i<3;i++) print i }", "x\n").is_err());
    }
}
