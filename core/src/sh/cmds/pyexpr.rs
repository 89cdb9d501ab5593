//! A tiny Python expression evaluator for the simulated interpreter: string, f-string and number
//! literals, list and tuple literals, `+ - * // %` on integers, string concatenation and repetition,
//! `%` and `.format()` formatting, comparisons, `in`, `and`, `or` and `not`, names assigned earlier,
//! `os.environ.get(…)`, `os.environ[…]`, `os.getenv(…)`, lists such as `sys.argv` with indexing and
//! slicing, and `str`, `int`, `len`, `range`, `sum`, `min`, `max`, `abs`, `sorted`, `upper`,
//! `lower`, `strip`, `split`, `replace`, `join`.
//! Anything else evaluates to `None` (the caller prints the source text instead).

use crate::sh::Env;
use std::collections::BTreeMap;

/// A Python value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    List(Vec<Value>),
    None,
}

impl Value {
    /// Python's truth value.
    pub(crate) fn truthy(&self) -> bool {
        match self {
            Value::Str(s) => !s.is_empty(),
            Value::Int(n) => *n != 0,
            Value::Float(x) => *x != 0.0,
            Value::Bool(b) => *b,
            Value::List(items) => !items.is_empty(),
            Value::None => false,
        }
    }

    /// What `print` shows.
    pub(crate) fn display(&self) -> String {
        match self {
            Value::Str(s) => s.clone(),
            Value::Int(n) => n.to_string(),
            Value::Float(x) => float_repr(*x),
            Value::Bool(b) => if *b { "True" } else { "False" }.to_string(),
            Value::List(items) => format!("[{}]", items.iter().map(Value::repr).collect::<Vec<_>>().join(", ")),
            Value::None => "None".to_string(),
        }
    }

    /// What `repr` shows: strings quoted as Python quotes them.
    fn repr(&self) -> String {
        match self {
            Value::Str(s) => {
                let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
                let mut out = String::from(quote);
                for c in s.chars() {
                    match c {
                        '\\' => out.push_str("\\\\"),
                        '\n' => out.push_str("\\n"),
                        '\t' => out.push_str("\\t"),
                        _ if c == quote => {
                            out.push('\\');
                            out.push(c);
                        }
                        _ => out.push(c),
                    }
                }
                out.push(quote);
                out
            }
            other => other.display(),
        }
    }
}

/// Splits a line into its statements at top-level semicolons (`import os; print(1)`).
pub(crate) fn split_statements(line: &str) -> Vec<&str> {
    split_top_level(line, b';')
}

/// An index into a sequence of `len` items, negative from the end, clamped for slices.
fn position(index: i64, len: usize, clamp: bool) -> Option<usize> {
    let len = len as i64;
    let at = if index < 0 { index + len } else { index };
    if clamp { Some(at.clamp(0, len) as usize) } else { (0..len).contains(&at).then_some(at as usize) }
}

/// The names a script assigned and the process environment.
pub(crate) struct Scope<'a> {
    pub vars: BTreeMap<String, Value>,
    pub env: &'a Env,
}

/// Evaluates an expression; `None` when it uses something outside the subset.
pub(crate) fn eval(src: &str, scope: &Scope) -> Option<Value> {
    let mut p = Parser { s: src.as_bytes(), pos: 0, scope, depth: 0 };
    let v = p.expr()?;
    p.ws();
    (p.pos == p.s.len()).then_some(v)
}

/// Splits the arguments of a call at top-level commas.
pub(crate) fn split_args(src: &str) -> Vec<&str> {
    split_top_level(src, b',')
}

/// Splits `src` at each `separator` outside quotes and brackets, trimming the pieces.
fn split_top_level(src: &str, separator: u8) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None::<u8>, 0);
    let b = src.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(_) if c == b'\\' => i += 1,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                b'\'' | b'"' => quote = Some(c),
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth -= 1,
                _ if c == separator && depth == 0 => {
                    out.push(src[start..i].trim());
                    start = i + 1;
                }
                _ => {}
            },
        }
        i += 1;
    }
    if !src[start..].trim().is_empty() {
        out.push(src[start..].trim());
    }
    out
}

struct Parser<'a, 'b> {
    s: &'a [u8],
    pos: usize,
    scope: &'a Scope<'b>,
    depth: u32,
}

impl Parser<'_, '_> {
    fn ws(&mut self) {
        while self.pos < self.s.len() && self.s[self.pos] == b' ' {
            self.pos += 1;
        }
    }

    fn eat(&mut self, token: &str) -> bool {
        self.ws();
        if self.s[self.pos..].starts_with(token.as_bytes()) {
            self.pos += token.len();
            true
        } else {
            false
        }
    }

    /// `eat` for a keyword: it must not run on into a name (`or` is not the start of `order`).
    fn keyword(&mut self, word: &str) -> bool {
        self.ws();
        let end = self.pos + word.len();
        let bounded = self.s.get(end).is_none_or(|c| !(c.is_ascii_alphanumeric() || *c == b'_'));
        if bounded && self.s[self.pos..].starts_with(word.as_bytes()) {
            self.pos = end;
            true
        } else {
            false
        }
    }

    /// A whole expression: `or` of `and` of `not` of comparisons.
    fn expr(&mut self) -> Option<Value> {
        let mut left = self.conjunction()?;
        while self.keyword("or") {
            let right = self.conjunction()?;
            left = if left.truthy() { left } else { right };
        }
        Some(left)
    }

    fn conjunction(&mut self) -> Option<Value> {
        let mut left = self.negation()?;
        while self.keyword("and") {
            let right = self.negation()?;
            left = if left.truthy() { right } else { left };
        }
        Some(left)
    }

    fn negation(&mut self) -> Option<Value> {
        if self.keyword("not") {
            return Some(Value::Bool(!self.negation()?.truthy()));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Option<Value> {
        let mut left = self.arith()?;
        loop {
            let op = ["==", "!=", "<=", ">=", "<", ">"].into_iter().find(|op| self.eat(op));
            let op = match op {
                Some(op) => op,
                None if self.keyword("in") => "in",
                None if self.keyword("not") => {
                    if !self.keyword("in") {
                        return None;
                    }
                    "not in"
                }
                None => return Some(left),
            };
            let right = self.arith()?;
            let order = match (&left, &right) {
                (Value::Int(a), Value::Int(b)) => Some(a.cmp(b)),
                (Value::Str(a), Value::Str(b)) => Some(a.cmp(b)),
                (a, b) => as_float(a).zip(as_float(b)).and_then(|(a, b)| a.partial_cmp(&b)),
            };
            let contains = |needle: &Value, hay: &Value| match (needle, hay) {
                (Value::Str(n), Value::Str(h)) => Some(h.contains(n.as_str())),
                (n, Value::List(items)) => Some(items.contains(n)),
                _ => None,
            };
            let result = match op {
                "==" => left == right,
                "!=" => left != right,
                "<" => order? == std::cmp::Ordering::Less,
                ">" => order? == std::cmp::Ordering::Greater,
                "<=" => order? != std::cmp::Ordering::Greater,
                ">=" => order? != std::cmp::Ordering::Less,
                "in" => contains(&left, &right)?,
                _ => !contains(&left, &right)?,
            };
            // Chained comparisons are rare in the scripts this runs; the first result stands.
            left = Value::Bool(result);
        }
    }

    /// `+` and `-`.
    fn arith(&mut self) -> Option<Value> {
        self.depth += 1;
        if self.depth > 64 {
            return None;
        }
        let mut left = self.term()?;
        loop {
            if self.eat("+") {
                let right = self.term()?;
                left = match (left, right) {
                    (Value::Int(a), Value::Int(b)) => Value::Int(a.checked_add(b)?),
                    (Value::Str(a), Value::Str(b)) => Value::Str(a + &b),
                    (Value::List(mut a), Value::List(b)) => {
                        a.extend(b);
                        Value::List(a)
                    }
                    (a, b) => float_op("+", &a, &b)?,
                };
            } else if self.eat("-") {
                left = match (left, self.term()?) {
                    (Value::Int(a), Value::Int(b)) => Value::Int(a.checked_sub(b)?),
                    (a, b) => float_op("-", &a, &b)?,
                };
            } else {
                self.depth -= 1;
                return Some(left);
            }
        }
    }

    fn term(&mut self) -> Option<Value> {
        let mut left = self.factor()?;
        loop {
            let op = if self.eat("//") {
                "//"
            } else if self.eat("*") {
                "*"
            } else if self.eat("/") {
                "/"
            } else if self.eat("%") {
                "%"
            } else {
                return Some(left);
            };
            let right = self.factor()?;
            left = match (op, left, right) {
                ("*", Value::Int(a), Value::Int(b)) => Value::Int(a.checked_mul(b)?),
                ("*", Value::Str(a), Value::Int(b)) => Value::Str(a.repeat(usize::try_from(b).ok()?.min(10_000))),
                ("//", Value::Int(a), Value::Int(b)) if b != 0 => Value::Int(a.div_euclid(b)),
                ("%", Value::Int(a), Value::Int(b)) if b != 0 => Value::Int(a.rem_euclid(b)),
                ("%", Value::Str(format), Value::List(items)) => Value::Str(percent(&format, &items)?),
                ("%", Value::Str(format), item) => Value::Str(percent(&format, &[item])?),
                (op, a, b) => float_op(op, &a, &b)?,
            };
        }
    }

    fn factor(&mut self) -> Option<Value> {
        self.ws();
        let c = *self.s.get(self.pos)?;
        let value = if c == b'(' {
            self.pos += 1;
            let first = self.expr()?;
            if self.eat(")") {
                first
            } else if self.eat(",") {
                // A tuple, kept as a list.
                let mut items = vec![first];
                items.extend(self.items(")")?);
                Value::List(items)
            } else {
                return None;
            }
        } else if c == b'[' {
            self.pos += 1;
            Value::List(self.items("]")?)
        } else if c == b'f' && matches!(self.s.get(self.pos + 1), Some(b'"' | b'\'')) {
            self.pos += 1;
            let raw = self.string_literal()?;
            Value::Str(self.format(&raw)?)
        } else if c == b'"' || c == b'\'' {
            Value::Str(self.string_literal()?)
        } else if c.is_ascii_digit() {
            let start = self.pos;
            while self.pos < self.s.len() && self.s[self.pos].is_ascii_digit() {
                self.pos += 1;
            }
            let fraction =
                self.s.get(self.pos) == Some(&b'.') && self.s.get(self.pos + 1).is_some_and(u8::is_ascii_digit);
            if fraction {
                self.pos += 1;
                while self.pos < self.s.len() && self.s[self.pos].is_ascii_digit() {
                    self.pos += 1;
                }
                Value::Float(std::str::from_utf8(&self.s[start..self.pos]).ok()?.parse().ok()?)
            } else {
                Value::Int(std::str::from_utf8(&self.s[start..self.pos]).ok()?.parse().ok()?)
            }
        } else if c == b'-' {
            self.pos += 1;
            match self.factor()? {
                Value::Int(n) => Value::Int(n.checked_neg()?),
                Value::Float(x) => Value::Float(-x),
                _ => return None,
            }
        } else {
            self.name_or_call()?
        };
        self.methods(value)
    }

    /// Comma-separated expressions up to `close` (consumed), a trailing comma allowed.
    fn items(&mut self, close: &str) -> Option<Vec<Value>> {
        let mut items = Vec::new();
        loop {
            if self.eat(close) {
                return Some(items);
            }
            items.push(self.expr()?);
            if !self.eat(",") {
                return self.eat(close).then_some(items);
            }
        }
    }

    fn methods(&mut self, mut value: Value) -> Option<Value> {
        loop {
            if self.s.get(self.pos) == Some(&b'[') {
                self.pos += 1;
                value = self.subscript(value)?;
            } else if self.eat(".join(") {
                let (Value::Str(separator), Value::List(items)) = (value, self.expr()?) else { return None };
                if !self.eat(")") {
                    return None;
                }
                let parts: Option<Vec<String>> =
                    items.into_iter().map(|v| if let Value::Str(s) = v { Some(s) } else { None }).collect();
                value = Value::Str(parts?.join(&separator));
            } else if self.eat(".upper()") {
                let Value::Str(s) = value else { return None };
                value = Value::Str(s.to_uppercase());
            } else if self.eat(".lower()") {
                let Value::Str(s) = value else { return None };
                value = Value::Str(s.to_lowercase());
            } else if self.eat(".strip()") {
                let Value::Str(s) = value else { return None };
                value = Value::Str(s.trim().to_string());
            } else if self.eat(".title()") {
                let Value::Str(s) = value else { return None };
                value = Value::Str(title(&s));
            } else if self.eat(".format(") {
                let Value::Str(format) = value else { return None };
                let args = self.items(")")?;
                value = Value::Str(brace_format(&format, &args)?);
            } else if self.eat(".replace(") {
                let args = self.items(")")?;
                let (Value::Str(s), [Value::Str(from), Value::Str(to)]) = (value, args.as_slice()) else {
                    return None;
                };
                value = Value::Str(if from.is_empty() { s } else { s.replace(from.as_str(), to) });
            } else if self.eat(".split(") {
                let Value::Str(s) = value else { return None };
                let parts: Vec<Value> = match self.items(")")?.as_slice() {
                    [] => s.split_whitespace().map(|w| Value::Str(w.to_string())).collect(),
                    [Value::Str(sep)] if !sep.is_empty() => {
                        s.split(sep.as_str()).map(|w| Value::Str(w.to_string())).collect()
                    }
                    _ => return None,
                };
                value = Value::List(parts);
            } else {
                return Some(value);
            }
        }
    }

    /// `[i]` or `[a:b]` after a string or a list (the `[` is read).
    fn subscript(&mut self, value: Value) -> Option<Value> {
        let int = |p: &mut Self| -> Option<Option<i64>> {
            p.ws();
            if matches!(p.s.get(p.pos), Some(b':' | b']')) {
                return Some(None);
            }
            let Value::Int(n) = p.expr()? else { return None };
            Some(Some(n))
        };
        let start = int(self)?;
        let items: Vec<Value> = match &value {
            Value::Str(s) => s.chars().map(|c| Value::Str(c.to_string())).collect(),
            Value::List(items) => items.clone(),
            _ => return None,
        };
        let picked = if self.eat(":") {
            let end = int(self)?;
            let from = position(start.unwrap_or(0), items.len(), true)?;
            let to = position(end.unwrap_or(items.len() as i64), items.len(), true)?;
            let slice = items.get(from..to.max(from)).unwrap_or_default().to_vec();
            match value {
                Value::Str(_) => Value::Str(slice.iter().map(Value::display).collect()),
                _ => Value::List(slice),
            }
        } else {
            items.get(position(start?, items.len(), false)?)?.clone()
        };
        self.eat("]").then_some(picked)
    }

    fn string_literal(&mut self) -> Option<String> {
        let quote = self.s[self.pos];
        self.pos += 1;
        let mut out = Vec::new();
        while self.pos < self.s.len() {
            let c = self.s[self.pos];
            self.pos += 1;
            if c == quote {
                return String::from_utf8(out).ok();
            }
            if c == b'\\' && self.pos < self.s.len() {
                let e = self.s[self.pos];
                self.pos += 1;
                match e {
                    b'n' => out.push(b'\n'),
                    b't' => out.push(b'\t'),
                    other => out.push(other),
                }
                continue;
            }
            out.push(c);
        }
        None
    }

    fn format(&self, raw: &str) -> Option<String> {
        let mut out = String::new();
        let mut rest = raw;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = rest[open..].find('}')? + open;
            let field = &rest[open + 1..close];
            // `{price:.2f}`: a format spec after the last top-level colon.
            let (expr, spec) = match field.rfind(':') {
                Some(colon) if !field[colon..].contains([']', ')', '\'', '"']) => {
                    (&field[..colon], &field[colon + 1..])
                }
                _ => (field, ""),
            };
            let value = eval(expr, self.scope)?;
            out.push_str(&format_spec(&value, spec)?);
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        Some(out)
    }

    fn name_or_call(&mut self) -> Option<Value> {
        let start = self.pos;
        while self.pos < self.s.len()
            && (self.s[self.pos].is_ascii_alphanumeric() || matches!(self.s[self.pos], b'_' | b'.'))
        {
            self.pos += 1;
        }
        let mut name = std::str::from_utf8(&self.s[start..self.pos]).ok()?.to_string();
        // `name.upper()`: a variable, then a method (`methods` reads it).
        if let Some((variable, _)) = name.split_once('.')
            && self.scope.vars.contains_key(variable)
            && !self.scope.vars.contains_key(&name)
        {
            self.pos = start + variable.len();
            name = variable.to_string();
        }
        self.ws();
        if self.s.get(self.pos) == Some(&b'[') && name == "os.environ" {
            self.pos += 1;
            let Value::Str(key) = self.expr()? else { return None };
            if !self.eat("]") {
                return None;
            }
            return self.scope.env.get(&key).map(|v| Value::Str(v.clone()));
        }
        if self.s.get(self.pos) != Some(&b'(') {
            return match name.as_str() {
                "True" => Some(Value::Bool(true)),
                "False" => Some(Value::Bool(false)),
                "None" => Some(Value::None),
                _ => self.scope.vars.get(&name).cloned(),
            };
        }
        self.pos += 1;
        let mut args = Vec::new();
        loop {
            if self.eat(")") {
                break;
            }
            args.push(self.expr()?);
            if !self.eat(",") && !self.eat(")") {
                return None;
            } else if self.s.get(self.pos.wrapping_sub(1)) == Some(&b')') {
                break;
            }
        }
        match (name.as_str(), args.as_slice()) {
            ("os.environ.get" | "os.getenv", [Value::Str(key)]) => {
                Some(self.scope.env.get(key).map_or(Value::None, |v| Value::Str(v.clone())))
            }
            ("os.environ.get" | "os.getenv", [Value::Str(key), default]) => {
                Some(self.scope.env.get(key).map_or(default.clone(), |v| Value::Str(v.clone())))
            }
            ("str", [v]) => Some(Value::Str(v.display())),
            ("repr", [v]) => Some(Value::Str(v.repr())),
            ("int", [Value::Str(s)]) => s.trim().parse().ok().map(Value::Int),
            ("int", [Value::Int(n)]) => Some(Value::Int(*n)),
            ("int", [Value::Float(x)]) if x.is_finite() && x.abs() < 9e18 => Some(Value::Int(x.trunc() as i64)),
            ("float", [Value::Str(s)]) => s.trim().parse::<f64>().ok().map(Value::Float),
            ("float", [v]) => as_float(v).map(Value::Float),
            ("round", [v]) => as_float(v).filter(|x| x.abs() < 9e18).map(|x| Value::Int(round_half_even(x) as i64)),
            ("round", [v, Value::Int(digits)]) if (0..=15).contains(digits) => {
                let scale = 10f64.powi(*digits as i32);
                as_float(v).map(|x| Value::Float(round_half_even(x * scale) / scale))
            }
            ("format", [v, Value::Str(spec)]) => format_spec(v, spec).map(Value::Str),
            ("abs", [Value::Float(x)]) => Some(Value::Float(x.abs())),
            ("len", [Value::Str(s)]) => Some(Value::Int(s.chars().count() as i64)),
            ("len", [Value::List(items)]) => Some(Value::Int(items.len() as i64)),
            ("bool", [v]) => Some(Value::Bool(v.truthy())),
            ("abs", [Value::Int(n)]) => n.checked_abs().map(Value::Int),
            ("range", bounds) => {
                let ints: Option<Vec<i64>> =
                    bounds.iter().map(|b| if let Value::Int(n) = b { Some(*n) } else { None }).collect();
                let (start, stop, step) = match ints?.as_slice() {
                    [stop] => (0, *stop, 1),
                    [start, stop] => (*start, *stop, 1),
                    [start, stop, step] if *step != 0 => (*start, *stop, *step),
                    _ => return None,
                };
                let count = if step > 0 { (stop - start).max(0) / step } else { (start - stop).max(0) / -step };
                // A bigger range is outside what a simulated script iterates over.
                if count > 100_000 {
                    return None;
                }
                let mut items = Vec::new();
                let mut at = start;
                while if step > 0 { at < stop } else { at > stop } {
                    items.push(Value::Int(at));
                    at += step;
                }
                Some(Value::List(items))
            }
            ("sum", [Value::List(items)]) => items
                .iter()
                .try_fold(0i64, |total, item| match item {
                    Value::Int(n) => total.checked_add(*n),
                    _ => None,
                })
                .map(Value::Int),
            ("min" | "max", all) => {
                let items = match all {
                    [Value::List(items)] => items.as_slice(),
                    [_, _, ..] => all,
                    _ => return None,
                };
                let ints: Option<Vec<i64>> =
                    items.iter().map(|b| if let Value::Int(n) = b { Some(*n) } else { None }).collect();
                let ints = ints?;
                let picked = if name == "min" { ints.iter().min() } else { ints.iter().max() };
                picked.copied().map(Value::Int)
            }
            ("sorted", [Value::List(items)]) => {
                let mut items = items.clone();
                if items.iter().all(|i| matches!(i, Value::Int(_))) || items.iter().all(|i| matches!(i, Value::Str(_)))
                {
                    items.sort_by(|a, b| match (a, b) {
                        (Value::Int(x), Value::Int(y)) => x.cmp(y),
                        (Value::Str(x), Value::Str(y)) => x.cmp(y),
                        _ => std::cmp::Ordering::Equal,
                    });
                    Some(Value::List(items))
                } else {
                    None
                }
            }
            _ => None,
        }
    }
}

/// Python's `round`: halves go to the even neighbour.
fn round_half_even(x: f64) -> f64 {
    let rounded = x.round();
    if (x - x.trunc()).abs() == 0.5 { 2.0 * (x / 2.0).round() } else { rounded }
}

/// A number as a float (`None` for anything else).
fn as_float(value: &Value) -> Option<f64> {
    match value {
        Value::Int(n) => Some(*n as f64),
        Value::Float(x) => Some(*x),
        Value::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

/// Arithmetic where a float is involved (or `/`, which always gives one), as Python computes it.
fn float_op(op: &str, a: &Value, b: &Value) -> Option<Value> {
    let (a, b) = (as_float(a)?, as_float(b)?);
    let value = match op {
        "+" => a + b,
        "-" => a - b,
        "*" => a * b,
        "/" if b != 0.0 => a / b,
        "//" if b != 0.0 => (a / b).floor(),
        "%" if b != 0.0 => a - b * (a / b).floor(),
        _ => return None,
    };
    value.is_finite().then_some(Value::Float(value))
}

/// A float as Python's `repr` prints it: the shortest text that reads back the same, always with
/// a fraction or an exponent (`5.0`, `0.1`, `1e+16`, `1.5e-05`).
fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    let magnitude = x.abs();
    if magnitude != 0.0 && !(1e-4..1e16).contains(&magnitude) {
        // Rust writes `1.5e-5`; Python writes `1.5e-05`.
        let text = format!("{x:e}");
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let (sign, digits) = exponent.strip_prefix('-').map_or(("+", exponent), |d| ("-", d));
        return format!("{mantissa}e{sign}{digits:0>2}");
    }
    let text = format!("{x}");
    if text.contains('.') { text } else { format!("{text}.0") }
}

/// A value formatted with a format spec (`.2f`, `d`, `>5`, `,`), as `format()` and f-strings do;
/// `None` for specs outside the subset.
fn format_spec(value: &Value, spec: &str) -> Option<String> {
    if spec.is_empty() {
        return Some(value.display());
    }
    let (align, width, rest) = {
        let mut chars = spec.char_indices().peekable();
        let align = match chars.peek() {
            Some((_, c @ ('<' | '>' | '^'))) => {
                let c = *c;
                chars.next();
                Some(c)
            }
            _ => None,
        };
        let start = chars.peek().map_or(spec.len(), |(i, _)| *i);
        let digits_end = spec[start..].find(|c: char| !c.is_ascii_digit()).map_or(spec.len(), |n| start + n);
        (align, &spec[start..digits_end], &spec[digits_end..])
    };
    // `03`: a width with a leading zero pads numbers with zeros.
    let zeros = width.starts_with('0') && matches!(value, Value::Int(_) | Value::Float(_));
    let width: Option<usize> = width.parse().ok();
    let body = match rest {
        "" => value.display(),
        "d" => match value {
            Value::Int(n) => n.to_string(),
            _ => return None,
        },
        "," => match value {
            Value::Int(n) => {
                let digits = n.unsigned_abs().to_string();
                let mut grouped = String::new();
                for (i, c) in digits.chars().enumerate() {
                    if i > 0 && (digits.len() - i) % 3 == 0 {
                        grouped.push(',');
                    }
                    grouped.push(c);
                }
                if *n < 0 { format!("-{grouped}") } else { grouped }
            }
            _ => return None,
        },
        precision if precision.starts_with('.') && (precision.ends_with('f') || precision.ends_with('%')) => {
            let digits: usize = precision[1..precision.len() - 1].parse().ok().filter(|d: &usize| *d <= 30)?;
            let x = as_float(value)?;
            if precision.ends_with('%') { format!("{:.digits$}%", x * 100.0) } else { format!("{x:.digits$}") }
        }
        _ => return None,
    };
    let width = width.unwrap_or(0).min(1 << 10);
    let pad = width.saturating_sub(body.chars().count());
    if zeros && align.is_none() {
        return Some(match body.strip_prefix('-') {
            Some(digits) => format!("-{}{digits}", "0".repeat(pad)),
            None => format!("{}{body}", "0".repeat(pad)),
        });
    }
    // Numbers align right by default, text left.
    let numeric = matches!(value, Value::Int(_) | Value::Float(_));
    Some(match align.unwrap_or(if numeric { '>' } else { '<' }) {
        '>' => format!("{}{body}", " ".repeat(pad)),
        '^' => format!("{}{body}{}", " ".repeat(pad / 2), " ".repeat(pad - pad / 2)),
        _ => format!("{body}{}", " ".repeat(pad)),
    })
}

/// `str.title()`: each word's first letter upper-cased, the rest lower-cased.
fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if c.is_alphabetic() {
            if start {
                out.extend(c.to_uppercase());
            } else {
                out.extend(c.to_lowercase());
            }
            start = false;
        } else {
            out.push(c);
            start = true;
        }
    }
    out
}

/// `format % args` with `%s`, `%d`, `%i`, `%r` and `%%`; `None` for other conversions or a count
/// that does not match (Python raises then).
fn percent(format: &str, args: &[Value]) -> Option<String> {
    let mut out = String::new();
    let mut args = args.iter();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = String::new();
        let mut verb = chars.next()?;
        while verb == '.' || verb.is_ascii_digit() {
            spec.push(verb);
            verb = chars.next()?;
        }
        if verb == 'f' {
            out.push_str(&format_spec(args.next()?, &format!("{spec}f"))?);
            continue;
        }
        if !spec.is_empty() {
            return None;
        }
        match verb {
            '%' => out.push('%'),
            's' => out.push_str(&args.next()?.display()),
            'r' => out.push_str(&args.next()?.repr()),
            'd' | 'i' => match args.next()? {
                Value::Int(n) => out.push_str(&n.to_string()),
                Value::Bool(b) => out.push_str(if *b { "1" } else { "0" }),
                _ => return None,
            },
            _ => return None,
        }
    }
    args.next().is_none().then_some(out)
}

/// `format.format(args)` with `{}` and `{0}` fields (and `{{`, `}}`).
fn brace_format(format: &str, args: &[Value]) -> Option<String> {
    let mut out = String::new();
    let mut next = 0;
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let field: String = chars.by_ref().take_while(|c| *c != '}').collect();
                let index = if field.is_empty() {
                    next += 1;
                    next - 1
                } else {
                    field.parse().ok()?
                };
                out.push_str(&args.get(index)?.display());
            }
            other => out.push(other),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions() {
        let mut env = Env::new();
        env.insert("APP_COLOR".to_string(), "green".to_string());
        let mut vars = BTreeMap::new();
        vars.insert("name".to_string(), Value::Str("Layerlab".into()));
        let scope = Scope { vars, env: &env };
        let show = |src: &str| eval(src, &scope).map(|v| v.display());
        assert_eq!(show("1 + 2 * 3"), Some("7".into()));
        assert_eq!(show("'a' + \"b\""), Some("ab".into()));
        assert_eq!(show("os.environ.get('APP_COLOR', 'blue')"), Some("green".into()));
        assert_eq!(show("os.getenv(\"MISSING\", \"blue\")"), Some("blue".into()));
        assert_eq!(show("os.environ['APP_COLOR'].upper()"), Some("GREEN".into()));
        assert_eq!(show("f'Hello {name}, {1+1}'"), Some("Hello Layerlab, 2".into()));
        assert_eq!(show("name.upper()"), Some("LAYERLAB".into()));
        assert_eq!(show("undefined_call()"), None);
        assert_eq!(split_args("'a, b', f(1, 2), 3"), ["'a, b'", "f(1, 2)", "3"]);
        assert_eq!(split_statements("import os; print('a;b')"), ["import os", "print('a;b')"]);
    }

    #[test]
    fn lists() {
        let env = Env::new();
        let mut vars = BTreeMap::new();
        let argv = ["app.py", "--color", "it's"].iter().map(|s| Value::Str(s.to_string())).collect();
        vars.insert("sys.argv".to_string(), Value::List(argv));
        let scope = Scope { vars, env: &env };
        let show = |src: &str| eval(src, &scope).map(|v| v.display());
        assert_eq!(show("sys.argv[1:]"), Some("['--color', \"it's\"]".into()));
        assert_eq!(show("sys.argv[1]"), Some("--color".into()));
        assert_eq!(show("sys.argv[-1]"), Some("it's".into()));
        assert_eq!(show("len(sys.argv)"), Some("3".into()));
        assert_eq!(show("' '.join(sys.argv[1:])"), Some("--color it's".into()));
        assert_eq!(show("'hello'[1:3]"), Some("el".into()));
        assert_eq!(show("sys.argv[5]"), None);
    }

    #[test]
    fn conditions_and_formatting() {
        let env = Env::new();
        let mut vars = BTreeMap::new();
        vars.insert("n".to_string(), Value::Int(3));
        vars.insert("order".to_string(), Value::Str("tea".into()));
        let scope = Scope { vars, env: &env };
        let show = |src: &str| eval(src, &scope).map(|v| v.display());
        assert_eq!(show("n > 2 and n <= 3"), Some("True".into()));
        assert_eq!(show("not n == 3 or order == 'tea'"), Some("True".into()));
        assert_eq!(show("'e' in order and 4 not in [1, 2]"), Some("True".into()));
        assert_eq!(show("order or 'x'"), Some("tea".into()));
        assert_eq!(show("sum(range(4)) + max(1, 7) + len([1, 2])"), Some("15".into()));
        assert_eq!(show("'total=%d %s' % (n, order)"), Some("total=3 tea".into()));
        assert_eq!(show("'{} and {0}'.format('a', 'b')"), Some("a and a".into()));
        assert_eq!(show("'a-b-c'.split('-')"), Some("['a', 'b', 'c']".into()));
        assert_eq!(show("'hello world'.title().replace(' ', '_')"), Some("Hello_World".into()));
        assert_eq!(show("sorted([3, 1, 2])"), Some("[1, 2, 3]".into()));
        assert_eq!(show("'%x' % n"), None);
    }

    #[test]
    fn floats() {
        let env = Env::new();
        let mut vars = BTreeMap::new();
        vars.insert("price".to_string(), Value::Float(19.99));
        let scope = Scope { vars, env: &env };
        let show = |src: &str| eval(src, &scope).map(|v| v.display());
        assert_eq!(show("10 / 4"), Some("2.5".into()));
        assert_eq!(show("10 / 2"), Some("5.0".into()));
        assert_eq!(show("1 / 3"), Some("0.3333333333333333".into()));
        assert_eq!(show("0.1 + 0.2"), Some("0.30000000000000004".into()));
        assert_eq!(show("2 ** 3"), None);
        assert_eq!(show("1e16"), None);
        assert_eq!(show("10.0 ** 2"), None);
        assert_eq!(show("100000000000000000.0"), Some("1e+17".into()));
        assert_eq!(show("0.00001"), Some("1e-05".into()));
        assert_eq!(show("f'{price:.2f} {price:>8.1f}|{42:,}|{7:03}'"), Some("19.99     20.0|42|007".into()));
        assert_eq!(show("f'{price:.2f} {price:>8.1f}|{4200000:,}'"), Some("19.99     20.0|4,200,000".into()));
        assert_eq!(show("'%.1f%%' % (price * 10)"), Some("199.9%".into()));
        assert_eq!(show("round(2.5) + round(3.5)"), Some("6".into()));
        assert_eq!(show("round(price, 2)"), Some("19.99".into()));
        assert_eq!(show("int(price) + float('1.5')"), Some("20.5".into()));
        assert_eq!(show("price > 3 and 7 // 2 == 3"), Some("True".into()));
    }
}
