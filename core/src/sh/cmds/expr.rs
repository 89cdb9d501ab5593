//! `expr`: POSIX expression evaluation as GNU coreutils 9 and busybox print it. Operators from the
//! loosest to the tightest binding: `|`, `&`, the comparisons `< <= = == != >= >`, `+ -`, `* / %`,
//! and the anchored regular-expression match `:`; then GNU's `match`, `substr`, `index`, `length`
//! and `+ TOKEN`, and parentheses. The result is printed; the exit status is 0 when it is neither
//! empty nor 0, 1 when it is, 2 for a bad expression and 3 for other errors.

use super::re::Regex;
use crate::sh::machine::Machine;
use crate::sh::programs::Proc;

/// Why an expression cannot be evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Fault {
    /// A token where none fits (GNU names it).
    Unexpected(String),
    /// An operator at the end.
    MissingAfter(String),
    /// `(` without `)`: at the end, after this token.
    ParenAfter(String),
    /// `(` without `)`: this token where `)` belongs.
    ParenInsteadOf(String),
    NonInteger,
    DivisionByZero,
    BadRegex(String),
}

/// The value of an expression: `expr` keeps strings and converts when an operator wants a number.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Val {
    Int(i128),
    Str(String),
}

impl Val {
    fn text(&self) -> String {
        match self {
            Val::Int(n) => n.to_string(),
            Val::Str(s) => s.clone(),
        }
    }

    fn int(&self) -> Option<i128> {
        match self {
            Val::Int(n) => Some(*n),
            Val::Str(s) => as_integer(s),
        }
    }

    /// Empty or zero: the false of `|`, `&` and the exit status.
    fn is_null(&self) -> bool {
        match self {
            Val::Int(n) => *n == 0,
            Val::Str(s) => s.is_empty() || as_integer(s) == Some(0),
        }
    }
}

/// An optional minus and decimal digits, as `expr` reads integers (no plus sign, no blanks).
fn as_integer(text: &str) -> Option<i128> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 36 {
        return None;
    }
    text.parse().ok()
}

struct Parser<'a> {
    args: &'a [String],
    pos: usize,
    busybox: bool,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&str> {
        self.args.get(self.pos).map(String::as_str)
    }

    fn take(&mut self, op: &str) -> bool {
        if self.peek() == Some(op) {
            self.pos += 1;
            return true;
        }
        false
    }

    /// The operand after `op`, which must exist.
    fn operand(&mut self, op: &str, next: fn(&mut Self) -> Result<Val, Fault>) -> Result<Val, Fault> {
        if self.peek().is_none() {
            return Err(Fault::MissingAfter(op.to_string()));
        }
        next(self)
    }

    fn or(&mut self) -> Result<Val, Fault> {
        let mut left = self.and()?;
        while self.take("|") {
            let right = self.operand("|", Self::and)?;
            if left.is_null() {
                left = if right.is_null() { Val::Int(0) } else { right };
            }
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Val, Fault> {
        let mut left = self.compare()?;
        while self.take("&") {
            let right = self.operand("&", Self::compare)?;
            if left.is_null() || right.is_null() {
                left = Val::Int(0);
            }
        }
        Ok(left)
    }

    fn compare(&mut self) -> Result<Val, Fault> {
        let mut left = self.sum()?;
        while let Some(op) = self.peek().filter(|op| matches!(*op, "<" | "<=" | "=" | "==" | "!=" | ">=" | ">")) {
            let op = op.to_string();
            self.pos += 1;
            let right = self.operand(&op, Self::sum)?;
            let order = match (left.int(), right.int()) {
                (Some(a), Some(b)) => a.cmp(&b),
                _ => left.text().cmp(&right.text()),
            };
            let holds = match op.as_str() {
                "<" => order.is_lt(),
                "<=" => order.is_le(),
                "=" | "==" => order.is_eq(),
                "!=" => order.is_ne(),
                ">=" => order.is_ge(),
                _ => order.is_gt(),
            };
            left = Val::Int(i128::from(holds));
        }
        Ok(left)
    }

    fn sum(&mut self) -> Result<Val, Fault> {
        let mut left = self.product()?;
        while let Some(op) = self.peek().filter(|op| matches!(*op, "+" | "-")) {
            let plus = op == "+";
            self.pos += 1;
            let right = self.operand(if plus { "+" } else { "-" }, Self::product)?;
            let (Some(a), Some(b)) = (left.int(), right.int()) else { return Err(Fault::NonInteger) };
            left = Val::Int(if plus { a.saturating_add(b) } else { a.saturating_sub(b) });
        }
        Ok(left)
    }

    fn product(&mut self) -> Result<Val, Fault> {
        let mut left = self.matching()?;
        while let Some(op) = self.peek().filter(|op| matches!(*op, "*" | "/" | "%")) {
            let op = op.to_string();
            self.pos += 1;
            let right = self.operand(&op, Self::matching)?;
            let (Some(a), Some(b)) = (left.int(), right.int()) else { return Err(Fault::NonInteger) };
            left = Val::Int(match op.as_str() {
                "*" => a.saturating_mul(b),
                _ if b == 0 => return Err(Fault::DivisionByZero),
                "/" => a / b,
                _ => a % b,
            });
        }
        Ok(left)
    }

    fn matching(&mut self) -> Result<Val, Fault> {
        let mut left = self.primary()?;
        while self.take(":") {
            let pattern = self.operand(":", Self::primary)?;
            left = regex_match(&left.text(), &pattern.text())?;
        }
        Ok(left)
    }

    fn primary(&mut self) -> Result<Val, Fault> {
        let Some(token) = self.peek().map(str::to_string) else {
            return Err(Fault::MissingAfter(self.args.last().cloned().unwrap_or_default()));
        };
        self.pos += 1;
        // GNU's keywords; busybox knows the same four.
        let keyword_operands = match token.as_str() {
            "length" => 1,
            "match" | "index" => 2,
            "substr" => 3,
            "+" if !self.busybox => 1,
            "(" => {
                let value = self.operand("(", Self::or)?;
                if !self.take(")") {
                    return Err(match self.peek() {
                        Some(other) => Fault::ParenInsteadOf(other.to_string()),
                        None => Fault::ParenAfter(self.args[self.pos - 1].clone()),
                    });
                }
                return Ok(value);
            }
            _ => 0,
        };
        if keyword_operands == 0 {
            return Ok(Val::Str(token));
        }
        let mut operands = Vec::new();
        for _ in 0..keyword_operands {
            let Some(operand) = self.peek().map(str::to_string) else { return Err(Fault::MissingAfter(token)) };
            self.pos += 1;
            operands.push(operand);
        }
        Ok(match token.as_str() {
            "length" => Val::Int(operands[0].chars().count() as i128),
            "+" => Val::Str(operands.remove(0)),
            "match" => regex_match(&operands[0], &operands[1])?,
            "index" => {
                let found = operands[0].chars().position(|c| operands[1].contains(c));
                Val::Int(found.map_or(0, |i| i as i128 + 1))
            }
            _ => {
                let chars: Vec<char> = operands[0].chars().collect();
                match (as_integer(&operands[1]), as_integer(&operands[2])) {
                    (Some(start), Some(len)) if start >= 1 && len >= 1 && (start as usize) <= chars.len() => {
                        let from = start as usize - 1;
                        let to = (from as i128 + len).min(chars.len() as i128) as usize;
                        Val::Str(chars[from..to].iter().collect())
                    }
                    _ => Val::Str(String::new()),
                }
            }
        })
    }
}

/// `STRING : REGEX`: anchored at the start; the first `\(…\)` group's text, or the length matched.
fn regex_match(text: &str, pattern: &str) -> Result<Val, Fault> {
    let anchored = if pattern.starts_with('^') { pattern.to_string() } else { format!("^{pattern}") };
    let regex = Regex::new(&anchored, false, false).map_err(Fault::BadRegex)?;
    let found = regex.find_at(text, 0).filter(|m| m.start == 0);
    let grouped = pattern.contains("\\(");
    Ok(match found {
        Some(m) if grouped => {
            let group = m.groups.get(1).copied().flatten();
            Val::Str(group.map(|(s, e)| text[s..e].to_string()).unwrap_or_default())
        }
        Some(m) => Val::Int(text[..m.end].chars().count() as i128),
        None if grouped => Val::Str(String::new()),
        None => Val::Int(0),
    })
}

/// Runs `expr ARGS…`.
pub(crate) fn run(m: &mut Machine, p: &mut Proc) -> i32 {
    let args = p.args().to_vec();
    let busybox = p.busybox;
    if args.is_empty() {
        if busybox {
            p.err(m, "BusyBox v1.36.1 (2024-06-10 07:11:47 UTC) multi-call binary.");
            p.err(m, "");
            p.err(m, "Usage: expr EXPRESSION");
            return 1;
        }
        p.err(m, "expr: missing operand");
        p.err(m, "Try 'expr --help' for more information.");
        return 2;
    }
    let mut parser = Parser { args: &args, pos: 0, busybox };
    let result = parser.or().and_then(|value| match parser.peek() {
        Some(extra) => Err(Fault::Unexpected(extra.to_string())),
        None => Ok(value),
    });
    match result {
        Ok(value) => {
            p.out(m, &value.text());
            i32::from(value.is_null())
        }
        Err(fault) => {
            let message = match (fault, busybox) {
                (Fault::NonInteger, true) => "non-numeric argument".to_string(),
                (Fault::NonInteger, false) => "non-integer argument".to_string(),
                (Fault::DivisionByZero, _) => "division by zero".to_string(),
                (Fault::BadRegex(error), _) => error,
                (_, true) => "syntax error".to_string(),
                (Fault::Unexpected(token), false) => format!("syntax error: unexpected argument '{token}'"),
                (Fault::MissingAfter(op), false) => format!("syntax error: missing argument after '{op}'"),
                (Fault::ParenAfter(token), false) => format!("syntax error: expecting ')' after '{token}'"),
                (Fault::ParenInsteadOf(token), false) => format!("syntax error: expecting ')' instead of '{token}'"),
            };
            p.err(m, &format!("expr: {message}"));
            2
        }
    }
}
