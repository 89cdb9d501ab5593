//! Shell arithmetic `$((…))`: signed 64-bit integers with C precedence, variables and assignment.
//!
//! Evaluation is a precedence-climbing parser over a token list; recursion depth is bounded by
//! the expression length. Overflow wraps like dash (which uses C `intmax_t`).

/// How arithmetic reads and writes shell variables.
pub(crate) trait Vars {
    /// The value of a variable (empty or unset is 0).
    fn get(&self, name: &str) -> String;
    /// Sets a variable.
    fn set(&mut self, name: &str, value: String);
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(i64),
    Name(String),
    Op(&'static str),
}

const OPS: [&str; 34] = [
    "<<=", ">>=", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "**", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
    "+", "-", "*", "/", "%", "<", ">", "&", "|", "^", "!", "~", "(", ")", "=",
];

/// Evaluates `expr`; the error text is dash's (`expecting primary`, `division by zero`).
pub(crate) fn eval(expr: &str, vars: &mut dyn Vars) -> Result<i64, String> {
    let tokens = tokenize(expr)?;
    if tokens.is_empty() {
        return Ok(0);
    }
    let mut parser = Parser { tokens, pos: 0, vars, depth: 0 };
    let value = parser.ternary()?;
    if parser.pos < parser.tokens.len() {
        return Err("expecting EOF".to_string());
    }
    Ok(value)
}

fn tokenize(expr: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = expr.chars().collect();
    let mut idx = 0;
    let mut tokens = Vec::new();
    'outer: while idx < chars.len() {
        let c = chars[idx];
        if c.is_whitespace() {
            idx += 1;
            continue;
        }
        if c.is_ascii_digit() {
            let start = idx;
            while idx < chars.len() && chars[idx].is_ascii_alphanumeric() {
                idx += 1;
            }
            let text: String = chars[start..idx].iter().collect();
            let value = if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
                i64::from_str_radix(hex, 16)
            } else if text.len() > 1 && text.starts_with('0') {
                i64::from_str_radix(&text[1..], 8)
            } else {
                text.parse()
            };
            tokens.push(Tok::Num(value.map_err(|_| "expecting EOF".to_string())?));
            continue;
        }
        if c.is_ascii_alphabetic() || c == '_' {
            let start = idx;
            while idx < chars.len() && (chars[idx].is_ascii_alphanumeric() || chars[idx] == '_') {
                idx += 1;
            }
            tokens.push(Tok::Name(chars[start..idx].iter().collect()));
            continue;
        }
        if c == '?' || c == ':' {
            tokens.push(Tok::Op(if c == '?' { "?" } else { ":" }));
            idx += 1;
            continue;
        }
        for op in OPS {
            let len = op.len();
            if idx + len <= chars.len() && chars[idx..idx + len].iter().copied().eq(op.chars()) {
                tokens.push(Tok::Op(op));
                idx += len;
                continue 'outer;
            }
        }
        return Err("expecting primary".to_string());
    }
    Ok(tokens)
}

struct Parser<'a> {
    tokens: Vec<Tok>,
    pos: usize,
    vars: &'a mut dyn Vars,
    depth: u32,
}

const LEVELS: [&[&str]; 10] = [
    &["||"],
    &["&&"],
    &["|"],
    &["^"],
    &["&"],
    &["==", "!="],
    &["<", "<=", ">", ">="],
    &["<<", ">>"],
    &["+", "-"],
    &["*", "/", "%"],
];

impl Parser<'_> {
    fn peek_op(&self) -> Option<&'static str> {
        match self.tokens.get(self.pos) {
            Some(Tok::Op(op)) => Some(op),
            _ => None,
        }
    }

    fn ternary(&mut self) -> Result<i64, String> {
        self.depth += 1;
        if self.depth > 60 {
            return Err("expression too deep".to_string());
        }
        // Assignment: NAME op= expr.
        if let (Some(Tok::Name(name)), Some(Tok::Op(op))) = (self.tokens.get(self.pos), self.tokens.get(self.pos + 1))
            && matches!(*op, "=" | "+=" | "-=" | "*=" | "/=" | "%=" | "<<=" | ">>=" | "&=" | "|=" | "^=")
        {
            let (name, op) = (name.clone(), *op);
            self.pos += 2;
            let rhs = self.ternary()?;
            let value = if op == "=" {
                rhs
            } else {
                let current = self.var(&name)?;
                apply(&op[..op.len() - 1], current, rhs)?
            };
            self.vars.set(&name, value.to_string());
            self.depth -= 1;
            return Ok(value);
        }
        let cond = self.binary(0)?;
        let res = if self.peek_op() == Some("?") {
            self.pos += 1;
            let yes = self.ternary()?;
            if self.peek_op() != Some(":") {
                return Err("expecting ':'".to_string());
            }
            self.pos += 1;
            let no = self.ternary()?;
            if cond != 0 { yes } else { no }
        } else {
            cond
        };
        self.depth -= 1;
        Ok(res)
    }

    fn binary(&mut self, level: usize) -> Result<i64, String> {
        if level >= LEVELS.len() {
            return self.power();
        }
        let mut lhs = self.binary(level + 1)?;
        while let Some(op) = self.peek_op() {
            if !LEVELS[level].contains(&op) {
                break;
            }
            self.pos += 1;
            let rhs = self.binary(level + 1)?;
            lhs = apply(op, lhs, rhs)?;
        }
        Ok(lhs)
    }

    /// bash's `**`, which binds tighter than `*` and groups to the right.
    fn power(&mut self) -> Result<i64, String> {
        let base = self.unary()?;
        if self.peek_op() != Some("**") {
            return Ok(base);
        }
        self.pos += 1;
        let exponent = self.power()?;
        let exponent = u32::try_from(exponent).map_err(|_| "exponent less than 0".to_string())?;
        Ok(base.wrapping_pow(exponent))
    }

    fn unary(&mut self) -> Result<i64, String> {
        self.depth += 1;
        if self.depth > 120 {
            return Err("expression too deep".to_string());
        }
        let res = match self.tokens.get(self.pos).cloned() {
            Some(Tok::Op("-")) => {
                self.pos += 1;
                self.unary()?.wrapping_neg()
            }
            Some(Tok::Op("+")) => {
                self.pos += 1;
                self.unary()?
            }
            Some(Tok::Op("!")) => {
                self.pos += 1;
                i64::from(self.unary()? == 0)
            }
            Some(Tok::Op("~")) => {
                self.pos += 1;
                !self.unary()?
            }
            Some(Tok::Op("(")) => {
                self.pos += 1;
                let value = self.ternary()?;
                if self.peek_op() != Some(")") {
                    return Err("expecting ')'".to_string());
                }
                self.pos += 1;
                value
            }
            Some(Tok::Num(n)) => {
                self.pos += 1;
                n
            }
            Some(Tok::Name(name)) => {
                self.pos += 1;
                self.var(&name)?
            }
            _ => return Err("expecting primary".to_string()),
        };
        self.depth -= 1;
        Ok(res)
    }

    fn var(&mut self, name: &str) -> Result<i64, String> {
        let text = self.vars.get(name);
        let text = text.trim();
        if text.is_empty() {
            return Ok(0);
        }
        text.parse::<i64>().map_err(|_| format!("Illegal number: {text}"))
    }
}

fn apply(op: &str, lhs: i64, rhs: i64) -> Result<i64, String> {
    Ok(match op {
        "+" => lhs.wrapping_add(rhs),
        "-" => lhs.wrapping_sub(rhs),
        "*" => lhs.wrapping_mul(rhs),
        "/" | "%" if rhs == 0 => return Err("division by zero".to_string()),
        "/" => lhs.wrapping_div(rhs),
        "%" => lhs.wrapping_rem(rhs),
        "<<" => lhs.wrapping_shl((rhs & 63) as u32),
        ">>" => lhs.wrapping_shr((rhs & 63) as u32),
        "<" => i64::from(lhs < rhs),
        "<=" => i64::from(lhs <= rhs),
        ">" => i64::from(lhs > rhs),
        ">=" => i64::from(lhs >= rhs),
        "==" => i64::from(lhs == rhs),
        "!=" => i64::from(lhs != rhs),
        "&" => lhs & rhs,
        "|" => lhs | rhs,
        "^" => lhs ^ rhs,
        "&&" => i64::from(lhs != 0 && rhs != 0),
        "||" => i64::from(lhs != 0 || rhs != 0),
        _ => return Err("expecting primary".to_string()),
    })
}
