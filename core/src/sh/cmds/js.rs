//! What a simulated `node` prints when it starts a script: the `console.log` calls that run at start
//! (top level, or in a `listen` callback), in source order, with their arguments evaluated in a small
//! JavaScript subset: string, template and number literals, `+ - * / %`, comparisons, `&&`, `||`,
//! `!`, parentheses, `true`/`false`, `process.env.NAME`, the `const`/`let`/`var` names assigned at
//! the top level, and calls of the script's functions whose body is one `return`.
//! `if (…) { … } else …` runs the branch its condition picks and `for (let i = a; i < b; i++) { … }`
//! runs its body for each value; a function's body runs only when called. Calls inside request
//! handlers (`app.get(…)`, `createServer(…)`, `.on(…)`, timers) are skipped, because they print only
//! when a request or an event comes.

use crate::sh::Env;
use std::collections::BTreeMap;

/// A JavaScript value of the subset.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Str(String),
    Num(f64),
    Bool(bool),
    /// An array (`process.argv`, a literal), of strings and numbers.
    Array(Vec<Value>),
    Undefined,
}

impl Value {
    /// How `console.log` shows it.
    fn display(&self) -> String {
        match self {
            Value::Str(s) => s.clone(),
            Value::Num(n) => number(*n),
            Value::Bool(b) => b.to_string(),
            Value::Array(items) if items.is_empty() => "[]".to_string(),
            // console.log shows an array's strings quoted: `[ 'a', 'b' ]`.
            Value::Array(items) => format!(
                "[ {} ]",
                items
                    .iter()
                    .map(|item| match item {
                        Value::Str(s) => format!("'{s}'"),
                        other => other.display(),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Value::Undefined => "undefined".to_string(),
        }
    }

    /// What `String(value)` and `join` make of it.
    fn to_text(&self) -> String {
        match self {
            Value::Array(items) => items.iter().map(Value::to_text).collect::<Vec<_>>().join(","),
            other => other.display(),
        }
    }

    fn truthy(&self) -> bool {
        match self {
            Value::Str(s) => !s.is_empty(),
            Value::Num(n) => *n != 0.0 && !n.is_nan(),
            Value::Bool(b) => *b,
            Value::Array(_) => true,
            Value::Undefined => false,
        }
    }

    fn to_num(&self) -> f64 {
        match self {
            Value::Num(n) => *n,
            Value::Bool(b) => f64::from(u8::from(*b)),
            Value::Str(s) if s.trim().is_empty() => 0.0,
            Value::Str(s) => s.trim().parse().unwrap_or(f64::NAN),
            Value::Array(_) | Value::Undefined => f64::NAN,
        }
    }
}

/// A number as JavaScript prints it (integers without a fraction).
fn number(n: f64) -> String {
    if n.is_nan() {
        "NaN".to_string()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
    } else if n == n.trunc() && n.abs() < 1e21 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

/// Calls whose callbacks run later (per request, per event, on a timer), not at start.
const DEFERRED: &[&str] =
    &["get", "post", "put", "delete", "patch", "use", "all", "route", "createServer", "on", "once", "setInterval"];

/// The deepest nesting of expressions evaluated.
const MAX_DEPTH: u32 = 64;

/// What a script does at start.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Startup {
    /// The lines it prints.
    pub lines: Vec<String>,
    /// The arguments of its top-level `.listen(…)` call, evaluated (port, then host), if it has one.
    pub listen: Option<Vec<String>>,
}

/// What `node` does at start for `source`, with `env` as `process.env` and `argv` as `process.argv`.
pub(crate) fn startup(source: &str, env: &Env, argv: &[String]) -> Startup {
    let code = strip_comments(source);
    let mut scope = BTreeMap::new();
    scope.insert("process.argv".to_string(), Value::Array(argv.iter().map(|a| Value::Str(a.clone())).collect()));
    let mut run = Run { code: &code, env, scope, functions: BTreeMap::new(), out: Startup::default(), steps: 0 };
    run.block(0, code.len(), 0);
    run.out
}

/// The most bytes of loop bodies a script's start reads again (each iteration reads its body)
/// before its loops stop.
const MAX_STEPS: usize = 1_000_000;

/// One run of a script's start.
struct Run<'c> {
    code: &'c str,
    env: &'c Env,
    scope: BTreeMap<String, Value>,
    functions: Functions,
    out: Startup,
    /// Bytes of loop bodies read so far (see [`MAX_STEPS`]).
    steps: usize,
}

impl Run<'_> {
    /// Runs `code[from..to]`, a top-level block: declarations, `console.log`, `listen`, and the
    /// blocks `if` and `for` pick.
    fn block(&mut self, from: usize, to: usize, depth: u32) {
        let code = self.code;
        let bytes = code.as_bytes();
        // The names of the calls whose parentheses are open at each point, to tell handlers apart.
        let mut open: Vec<String> = Vec::new();
        // The closing braces of taken `if` branches: the `else` chain after them is skipped.
        let mut taken: Vec<usize> = Vec::new();
        let mut i = from;
        if depth > MAX_DEPTH {
            return;
        }
        while i < to {
            let c = bytes[i];
            if matches!(c, b'\'' | b'"' | b'`') {
                i = skip_string(bytes, i);
                continue;
            }
            if c == b'}' && taken.last() == Some(&i) {
                taken.pop();
                i = skip_else_chain(bytes, i + 1);
                continue;
            }
            let word = |w: &str| bytes[i..].starts_with(w.as_bytes()) && at_word_start(bytes, i);
            if open.is_empty()
                && (word("if (") || word("if("))
                && let Some((condition, body_start, body_end)) = braced(bytes, i + 2)
            {
                // A condition outside the subset counts as true, so one branch runs.
                let value = value_of(&code[condition], &self.scope, self.env, &self.functions);
                if value.is_none_or(|value| value.truthy()) {
                    taken.push(body_end);
                    i = body_start;
                } else {
                    // Not taken: on to its `else`, whose block runs (or whose `if` is tried).
                    let after = skip_ws(bytes, body_end + 1);
                    i = if bytes[after..].starts_with(b"else") {
                        let next = skip_ws(bytes, after + 4);
                        if bytes.get(next) == Some(&b'{') { next + 1 } else { next }
                    } else {
                        body_end + 1
                    };
                }
                continue;
            }
            if open.is_empty()
                && (word("for (") || word("for("))
                && let Some((header, body_start, body_end)) = braced(bytes, i + 3)
                && let Some((name, values)) = counted_loop(&code[header], &self.scope, self.env, &self.functions)
            {
                for value in values {
                    // Each iteration reads its body again; that work is bounded.
                    self.steps += body_end - body_start + 1;
                    if self.steps > MAX_STEPS {
                        break;
                    }
                    self.scope.insert(name.clone(), Value::Num(value));
                    self.block(body_start, body_end, depth + 1);
                }
                i = body_end + 1;
                continue;
            }
            if open.is_empty() && word("function ") {
                // A declaration: its body runs when called, not now.
                if let Some(end) = self.function(i) {
                    i = end;
                    continue;
                }
            }
            if c == b'(' {
                let name = ident_before(&code[..i]);
                if name == "listen"
                    && open.is_empty()
                    && self.out.listen.is_none()
                    && code[..i].trim_end().ends_with(".listen")
                {
                    let end = closing_paren(bytes, i + 1).unwrap_or(bytes.len());
                    let args = split_args(&code[i + 1..end]);
                    self.out.listen = Some(
                        args.iter()
                            .map(|arg| evaluate(arg, &self.scope, self.env, &self.functions).unwrap_or_default())
                            .collect(),
                    );
                }
                open.push(name.to_string());
            } else if c == b')' {
                open.pop();
            } else if open.is_empty() && (word("const ") || word("let ") || word("var ")) {
                if let Some((name, value, end)) = declaration(code, i, &self.scope, self.env, &self.functions) {
                    self.scope.insert(name, value);
                    i = end;
                    continue;
                }
            } else if word("console.log(") {
                let start = i + "console.log(".len();
                let Some(end) = closing_paren(bytes, start) else { break };
                if !open.iter().any(|name| DEFERRED.contains(&name.as_str())) {
                    self.out.lines.push(log_line(&code[start..end], &self.scope, self.env, &self.functions));
                }
                i = end + 1;
                continue;
            }
            i += 1;
        }
    }

    /// Records `function NAME(PARAMS) { … }` at `at` (a single `return EXPR;` body can be called in
    /// expressions) and returns where it ends.
    fn function(&mut self, at: usize) -> Option<usize> {
        let code = self.code;
        let bytes = code.as_bytes();
        let name_start = at + "function ".len();
        let paren = name_start + code[name_start..].find('(')?;
        let name = code[name_start..paren].trim().to_string();
        let (params, body_start, body_end) = braced(bytes, paren)?;
        let body = code[body_start..body_end].trim().trim_end_matches(';').trim();
        if let Some(expr) = body.strip_prefix("return ").filter(|e| !e.contains(';')) {
            let params = code[params].split(',').map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
            self.functions.insert(name, (params, expr.trim().to_string()));
        }
        Some(body_end + 1)
    }
}

/// For `KEYWORD (…) {…}` with the `(` at or after `at`: the range inside the parentheses, where
/// the block's body starts and the index of its closing brace.
fn braced(bytes: &[u8], at: usize) -> Option<(std::ops::Range<usize>, usize, usize)> {
    let open = skip_ws(bytes, at);
    if bytes.get(open) != Some(&b'(') {
        return None;
    }
    let close = closing_paren(bytes, open + 1)?;
    let brace = skip_ws(bytes, close + 1);
    if bytes.get(brace) != Some(&b'{') {
        return None;
    }
    let end = scan(bytes, brace + 1, |_| false);
    (bytes.get(end) == Some(&b'}')).then_some((open + 1..close, brace + 1, end))
}

fn skip_ws(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// After a taken `if` branch: skips every `else if (…) {…}` and `else {…}` that follows.
fn skip_else_chain(bytes: &[u8], mut at: usize) -> usize {
    loop {
        let next = skip_ws(bytes, at);
        if !bytes[next..].starts_with(b"else") {
            return at;
        }
        let after = skip_ws(bytes, next + 4);
        if bytes[after..].starts_with(b"if") {
            match braced(bytes, after + 2) {
                Some((_, _, end)) => at = end + 1,
                None => return at,
            }
        } else if bytes.get(after) == Some(&b'{') {
            let end = scan(bytes, after + 1, |_| false);
            return (end + 1).min(bytes.len());
        } else {
            return at;
        }
    }
}

/// `let i = A; i < B; i++` (also `<=`, `>`, `>=`, `i--`, `i += N`, `i -= N`): the variable and its
/// values, at most a thousand; `None` for any other loop.
fn counted_loop(
    header: &str,
    scope: &BTreeMap<String, Value>,
    env: &Env,
    functions: &Functions,
) -> Option<(String, Vec<f64>)> {
    let [init, test, update] = header.split(';').map(str::trim).collect::<Vec<_>>()[..] else { return None };
    let init = init.strip_prefix("let ").or_else(|| init.strip_prefix("var ")).unwrap_or(init);
    let (name, start) = init.split_once('=')?;
    let name = name.trim().to_string();
    let start = value_of(start.trim(), scope, env, functions)?.to_num();
    let step = match update.replace(' ', "").as_str() {
        u if u == format!("{name}++") || u == format!("++{name}") => 1.0,
        u if u == format!("{name}--") || u == format!("--{name}") => -1.0,
        u => {
            let (op, amount) = if let Some(rest) = u.strip_prefix(&format!("{name}+=")) {
                (1.0, rest)
            } else {
                (-1.0, u.strip_prefix(&format!("{name}-="))?)
            };
            op * amount.parse::<f64>().ok()?
        }
    };
    let (op, bound) = ["<=", ">=", "<", ">"].iter().find_map(|op| {
        let (left, right) = test.split_once(op)?;
        (left.trim() == name).then(|| (*op, right.trim()))
    })?;
    let bound = value_of(bound, scope, env, functions)?.to_num();
    let mut values = Vec::new();
    let mut value = start;
    while values.len() < 1_000
        && step != 0.0
        && match op {
            "<=" => value <= bound,
            ">=" => value >= bound,
            "<" => value < bound,
            _ => value > bound,
        }
    {
        values.push(value);
        value += step;
    }
    Some((name, values))
}

/// The value `node -p EXPR` prints.
pub(crate) fn print_value(source: &str, env: &Env) -> String {
    let scope = BTreeMap::new();
    let mut parser = Parser {
        s: source.trim().trim_end_matches(';').as_bytes(),
        pos: 0,
        scope: &scope,
        env,
        depth: 0,
        functions: &NO_FUNCTIONS,
    };
    match parser.expr() {
        Some(value) if parser.at_end() => value.display(),
        _ => source.trim().to_string(),
    }
}

/// One `console.log(ARGS)` line: the arguments evaluated and joined by spaces, or the source text
/// (without quotes) when they are outside the subset.
fn log_line(args: &str, scope: &BTreeMap<String, Value>, env: &Env, functions: &Functions) -> String {
    split_args(args)
        .iter()
        .map(|arg| {
            evaluate(arg, scope, env, functions)
                .unwrap_or_else(|| arg.trim().trim_matches(['"', '\'', '`']).to_string())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One expression's value as `console.log` shows it; `None` outside the subset.
fn evaluate(text: &str, scope: &BTreeMap<String, Value>, env: &Env, functions: &Functions) -> Option<String> {
    value_of(text, scope, env, functions).map(|value| value.display())
}

/// One expression's value; `None` outside the subset.
fn value_of(text: &str, scope: &BTreeMap<String, Value>, env: &Env, functions: &Functions) -> Option<Value> {
    let mut parser = Parser { s: text.as_bytes(), pos: 0, scope, env, depth: 0, functions };
    parser.expr().filter(|_| parser.at_end())
}

/// `const NAME = EXPR;` at `at`: the name, the value (undefined outside the subset), and where the
/// statement ends.
fn declaration(
    code: &str,
    at: usize,
    scope: &BTreeMap<String, Value>,
    env: &Env,
    functions: &Functions,
) -> Option<(String, Value, usize)> {
    let rest = &code[at..];
    let after_keyword = rest.find(' ')? + 1;
    let name: String =
        rest[after_keyword..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '$').collect();
    if name.is_empty() {
        return None;
    }
    let tail = rest[after_keyword + name.len()..].trim_start();
    let value_text = tail.strip_prefix('=')?;
    if value_text.starts_with('=') {
        return None;
    }
    let value_start = at + (rest.len() - value_text.len());
    let bytes = code.as_bytes();
    // The statement ends at a `;` or a line end outside strings and brackets.
    let i = scan(bytes, value_start, |b| b == b';' || b == b'\n');
    let value = value_of(code[value_start..i].trim(), scope, env, functions).unwrap_or(Value::Undefined);
    Some((name, value, i))
}

fn at_word_start(bytes: &[u8], i: usize) -> bool {
    i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || matches!(bytes[i - 1], b'_' | b'$' | b'.'))
}

/// The identifier just before an opening parenthesis (`app.get` gives `get`).
fn ident_before(text: &str) -> &str {
    let trimmed = text.trim_end();
    let start = trimmed
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '$'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &trimmed[start..]
}

/// The index after the string literal that starts at `i`.
fn skip_string(bytes: &[u8], i: usize) -> usize {
    let quote = bytes[i];
    let mut j = i + 1;
    while j < bytes.len() && bytes[j] != quote {
        j += if bytes[j] == b'\\' { 2 } else { 1 };
    }
    (j + 1).min(bytes.len())
}

/// The index of the first byte from `from` on, outside strings and brackets, for which `stop` holds
/// (the length when there is none). A closing bracket with none open also stops.
fn scan(bytes: &[u8], from: usize, stop: impl Fn(u8) -> bool) -> usize {
    let mut depth = 0usize;
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' | b'"' | b'`' => {
                i = skip_string(bytes, i);
                continue;
            }
            c if depth == 0 && (stop(c) || matches!(c, b')' | b']' | b'}')) => return i,
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// The index of the `)` that closes a parenthesis opened just before `start`.
fn closing_paren(bytes: &[u8], start: usize) -> Option<usize> {
    let end = scan(bytes, start, |_| false);
    (bytes.get(end) == Some(&b')')).then_some(end)
}

/// Top-level comma-separated arguments.
fn split_args(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut parts = Vec::new();
    let mut start = 0;
    loop {
        let end = scan(bytes, start, |b| b == b',');
        if bytes.get(end) != Some(&b',') {
            if !text[start..end].trim().is_empty() {
                parts.push(&text[start..end]);
            }
            return parts;
        }
        parts.push(&text[start..end]);
        start = end + 1;
    }
}

/// The source with `//` and `/* */` comments blanked out (strings kept).
fn strip_comments(source: &str) -> String {
    let bytes = source.as_bytes();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' | b'"' | b'`' => i = skip_string(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                out.push_str(&source[copied..i]);
                i = source[i..].find('\n').map_or(bytes.len(), |n| i + n);
                copied = i;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                out.push_str(&source[copied..i]);
                i = source[i + 2..].find("*/").map_or(bytes.len(), |n| i + 2 + n + 2);
                copied = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(&source[copied.min(source.len())..]);
    out
}

struct Parser<'a> {
    s: &'a [u8],
    pos: usize,
    scope: &'a BTreeMap<String, Value>,
    env: &'a Env,
    depth: u32,
    functions: &'a Functions,
}

/// The script's functions whose body is a single `return EXPR`: their parameters and `EXPR`.
type Functions = BTreeMap<String, (Vec<String>, String)>;

/// No functions, for evaluating outside a script.
static NO_FUNCTIONS: Functions = BTreeMap::new();

impl Parser<'_> {
    fn ws(&mut self) {
        while self.pos < self.s.len() && self.s[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn at_end(&mut self) -> bool {
        self.ws();
        self.pos >= self.s.len()
    }

    fn eat(&mut self, token: &str) -> bool {
        self.ws();
        if self.s[self.pos..].starts_with(token.as_bytes()) {
            self.pos += token.len();
            return true;
        }
        false
    }

    fn expr(&mut self) -> Option<Value> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let mut left = self.conjunction()?;
        loop {
            if self.eat("||") {
                let right = self.conjunction()?;
                if !left.truthy() {
                    left = right;
                }
            } else if self.eat("??") {
                let right = self.conjunction()?;
                if left == Value::Undefined {
                    left = right;
                }
            } else {
                break;
            }
        }
        self.depth -= 1;
        Some(left)
    }

    fn conjunction(&mut self) -> Option<Value> {
        let mut left = self.comparison()?;
        while self.eat("&&") {
            let right = self.comparison()?;
            if left.truthy() {
                left = right;
            }
        }
        Some(left)
    }

    fn comparison(&mut self) -> Option<Value> {
        let left = self.sum()?;
        let Some(op) = ["===", "!==", "==", "!=", "<=", ">=", "<", ">"].into_iter().find(|op| self.eat(op)) else {
            return Some(left);
        };
        let right = self.sum()?;
        let loose = |a: &Value, b: &Value| match (a, b) {
            (Value::Str(x), Value::Str(y)) => x == y,
            (Value::Undefined, Value::Undefined) => true,
            (Value::Undefined, _) | (_, Value::Undefined) => false,
            _ => a.to_num() == b.to_num(),
        };
        let ordered = |a: &Value, b: &Value| match (a, b) {
            (Value::Str(x), Value::Str(y)) => x.partial_cmp(y),
            _ => a.to_num().partial_cmp(&b.to_num()),
        };
        Some(Value::Bool(match op {
            "===" => left == right,
            "!==" => left != right,
            "==" => loose(&left, &right),
            "!=" => !loose(&left, &right),
            "<=" => ordered(&left, &right).is_some_and(|o| o.is_le()),
            ">=" => ordered(&left, &right).is_some_and(|o| o.is_ge()),
            "<" => ordered(&left, &right).is_some_and(|o| o.is_lt()),
            _ => ordered(&left, &right).is_some_and(|o| o.is_gt()),
        }))
    }

    fn sum(&mut self) -> Option<Value> {
        let mut left = self.product()?;
        loop {
            if self.eat("+") {
                let right = self.product()?;
                left = match (&left, &right) {
                    (Value::Str(_) | Value::Array(_), _) | (_, Value::Str(_) | Value::Array(_)) => {
                        Value::Str(left.to_text() + &right.to_text())
                    }
                    _ => Value::Num(left.to_num() + right.to_num()),
                };
            } else if self.eat("-") {
                let right = self.product()?;
                left = Value::Num(left.to_num() - right.to_num());
            } else {
                return Some(left);
            }
        }
    }

    fn product(&mut self) -> Option<Value> {
        let mut left = self.unary()?;
        loop {
            let op = if self.eat("*") {
                '*'
            } else if self.eat("/") {
                '/'
            } else if self.eat("%") {
                '%'
            } else {
                return Some(left);
            };
            let (a, b) = (left.to_num(), self.unary()?.to_num());
            left = Value::Num(match op {
                '*' => a * b,
                '/' => a / b,
                _ => a % b,
            });
        }
    }

    fn unary(&mut self) -> Option<Value> {
        if self.eat("-") {
            return Some(Value::Num(-self.unary()?.to_num()));
        }
        if self.eat("!") {
            return Some(Value::Bool(!self.unary()?.truthy()));
        }
        self.primary()
    }

    /// Members after a value: `[i]`, `.length`, `.slice(a, b)`, `.join(sep)`, `.includes(x)`,
    /// `.toUpperCase()`, `.toLowerCase()`, `.trim()`.
    fn postfix(&mut self, mut value: Value) -> Option<Value> {
        loop {
            if self.s.get(self.pos) == Some(&b'[') {
                self.pos += 1;
                let index = self.expr()?.to_num();
                if !self.eat("]") {
                    return None;
                }
                value = match &value {
                    Value::Array(items) if index >= 0.0 => {
                        items.get(index as usize).cloned().unwrap_or(Value::Undefined)
                    }
                    Value::Str(s) if index >= 0.0 => {
                        s.chars().nth(index as usize).map_or(Value::Undefined, |c| Value::Str(c.to_string()))
                    }
                    _ => Value::Undefined,
                };
            } else if self.s[self.pos..].starts_with(b".length") {
                self.pos += ".length".len();
                value = match &value {
                    Value::Array(items) => Value::Num(items.len() as f64),
                    Value::Str(s) => Value::Num(s.encode_utf16().count() as f64),
                    _ => return None,
                };
            } else if self.s[self.pos..].starts_with(b".slice(") {
                self.pos += ".slice(".len();
                let args = self.list(")")?;
                let Value::Array(items) = &value else { return None };
                let len = items.len() as f64;
                let at = |n: Option<&Value>, default: f64| {
                    let n = n.map_or(default, Value::to_num);
                    (if n < 0.0 { (len + n).max(0.0) } else { n.min(len) }) as usize
                };
                let (from, to) = (at(args.first(), 0.0), at(args.get(1), len));
                value = Value::Array(items.get(from..to.max(from)).unwrap_or_default().to_vec());
            } else if self.s[self.pos..].starts_with(b".join(") {
                self.pos += ".join(".len();
                let args = self.list(")")?;
                let Value::Array(items) = &value else { return None };
                let separator = args.first().map_or(",".to_string(), Value::to_text);
                value = Value::Str(items.iter().map(Value::to_text).collect::<Vec<_>>().join(&separator));
            } else if self.s[self.pos..].starts_with(b".includes(") {
                self.pos += ".includes(".len();
                let args = self.list(")")?;
                let needle = args.first()?;
                value = Value::Bool(match (&value, needle) {
                    (Value::Array(items), needle) => items.contains(needle),
                    (Value::Str(s), Value::Str(n)) => s.contains(n.as_str()),
                    _ => return None,
                });
            } else if let Some(method) = [".toUpperCase()", ".toLowerCase()", ".trim()"]
                .into_iter()
                .find(|m| self.s[self.pos..].starts_with(m.as_bytes()))
            {
                self.pos += method.len();
                let Value::Str(s) = &value else { return None };
                value = Value::Str(match method {
                    ".toUpperCase()" => s.to_uppercase(),
                    ".toLowerCase()" => s.to_lowercase(),
                    _ => s.trim().to_string(),
                });
            } else {
                return Some(value);
            }
        }
    }

    /// Comma-separated values up to `close` (the opening bracket is read): a call's arguments, an
    /// array literal's items.
    fn list(&mut self, close: &str) -> Option<Vec<Value>> {
        let mut items = Vec::new();
        if self.eat(close) {
            return Some(items);
        }
        loop {
            items.push(self.expr()?);
            if self.eat(close) {
                return Some(items);
            }
            if !self.eat(",") {
                return None;
            }
        }
    }

    /// A call of one of the script's functions (the name is read, the `(` is next).
    fn call(&mut self, name: &str) -> Option<Value> {
        let (params, body) = self.functions.get(name)?;
        self.pos += 1;
        let args = self.list(")")?;
        let mut scope = self.scope.clone();
        for (index, param) in params.iter().enumerate() {
            scope.insert(param.clone(), args.get(index).cloned().unwrap_or(Value::Undefined));
        }
        let mut inner = Parser {
            s: body.as_bytes(),
            pos: 0,
            scope: &scope,
            env: self.env,
            depth: self.depth + 1,
            functions: self.functions,
        };
        inner.expr().filter(|_| inner.at_end())
    }

    fn primary(&mut self) -> Option<Value> {
        self.ws();
        let c = *self.s.get(self.pos)?;
        if c == b'(' {
            self.pos += 1;
            let value = self.expr()?;
            return self.eat(")").then_some(value);
        }
        if matches!(c, b'\'' | b'"') {
            let value = self.string(c)?;
            return self.postfix(value);
        }
        if c == b'[' {
            self.pos += 1;
            let items = self.list("]")?;
            return self.postfix(Value::Array(items));
        }
        if c == b'`' {
            return self.template();
        }
        if c.is_ascii_digit() || c == b'.' {
            let start = self.pos;
            while self.pos < self.s.len() && (self.s[self.pos].is_ascii_digit() || self.s[self.pos] == b'.') {
                self.pos += 1;
            }
            return std::str::from_utf8(&self.s[start..self.pos]).ok()?.parse().ok().map(Value::Num);
        }
        let start = self.pos;
        while self.pos < self.s.len()
            && (self.s[self.pos].is_ascii_alphanumeric() || matches!(self.s[self.pos], b'_' | b'$' | b'.'))
        {
            self.pos += 1;
        }
        let name = std::str::from_utf8(&self.s[start..self.pos]).ok()?;
        match name {
            "" => None,
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            "undefined" => Some(Value::Undefined),
            _ if self.s.get(self.pos) == Some(&b'(') && self.functions.contains_key(name) => self.call(name),
            _ => {
                if let Some(var) = name.strip_prefix("process.env.") {
                    return Some(self.env.get(var).map_or(Value::Undefined, |v| Value::Str(v.clone())));
                }
                if let Some(value) = self.scope.get(name) {
                    let value = value.clone();
                    return self.postfix(value);
                }
                // `args.length`, `process.argv.slice(2)`: the longest known name, then its members.
                let mut end = name.len();
                while let Some(dot) = name[..end].rfind('.') {
                    end = dot;
                    if let Some(value) = self.scope.get(&name[..end]) {
                        let value = value.clone();
                        self.pos = start + end;
                        return self.postfix(value);
                    }
                }
                None
            }
        }
    }

    fn string(&mut self, quote: u8) -> Option<Value> {
        self.pos += 1;
        let mut out = Vec::new();
        while let Some(&c) = self.s.get(self.pos) {
            self.pos += 1;
            match c {
                _ if c == quote => return Some(Value::Str(String::from_utf8_lossy(&out).into_owned())),
                b'\\' => {
                    let escaped = *self.s.get(self.pos)?;
                    self.pos += 1;
                    out.push(match escaped {
                        b'n' => b'\n',
                        b't' => b'\t',
                        other => other,
                    });
                }
                _ => out.push(c),
            }
        }
        None
    }

    fn template(&mut self) -> Option<Value> {
        self.pos += 1;
        let mut out = String::new();
        let mut literal = Vec::new();
        while let Some(&c) = self.s.get(self.pos) {
            if c == b'`' {
                self.pos += 1;
                out.push_str(&String::from_utf8_lossy(&literal));
                return Some(Value::Str(out));
            }
            if c == b'$' && self.s.get(self.pos + 1) == Some(&b'{') {
                out.push_str(&String::from_utf8_lossy(&literal));
                literal.clear();
                self.pos += 2;
                let value = self.expr()?;
                if !self.eat("}") {
                    return None;
                }
                out.push_str(&value.to_text());
                continue;
            }
            literal.push(c);
            self.pos += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::{print_value, startup};
    use crate::sh::Env;

    fn env() -> Env {
        let mut env = Env::default();
        env.insert("NAME".to_string(), "docker".to_string());
        env
    }

    #[test]
    fn logs_at_start_but_not_in_handlers() {
        let source = "const express = require('express');\nconst PORT = process.env.PORT || 3000;\n\
            const app = express();\n// console.log('commented out');\n\
            app.get('/', (req, res) => { console.log('request'); res.send('hi'); });\n\
            console.log('starting', 1 + 1);\n\
            app.listen(PORT, () => console.log(`listening on ${PORT}, hello ${process.env.NAME}`));\n";
        let started = startup(source, &env(), &[]);
        assert_eq!(started.lines, ["starting 2", "listening on 3000, hello docker"]);
        assert_eq!(started.listen.as_deref().and_then(|args| args.first()).map(String::as_str), Some("3000"));
    }

    #[test]
    fn branches_loops_and_functions() {
        let source = "const name = process.env.NAME || 'world';\n\
            if (name === 'world') {\n  console.log('default');\n} else if (name.length > 100) {\n  console.log('long');\n} else {\n  console.log(`hello ${name}`);\n}\n\
            for (let i = 0; i < 3; i++) {\n  if (i !== 1) { console.log('tick', i); }\n}\n\
            function add(a, b) { return a + b; }\n\
            function noisy() { console.log('not at start'); }\n\
            console.log('sum:', add(2, 3), !true, 2 >= 2 && 'yes');\n";
        assert_eq!(startup(source, &env(), &[]).lines, ["hello docker", "tick 0", "tick 2", "sum: 5 false yes"]);
    }

    #[test]
    fn process_argv() {
        let argv: Vec<String> = ["/usr/local/bin/node", "/app/index.js", "one", "two"].map(String::from).to_vec();
        let source = "const args = process.argv.slice(2);\nconsole.log('args:', args, args.length, args.join('+'));\n\
            console.log(process.argv[2].toUpperCase(), [1, 'b'], args.includes('two'), `${args}`);\n";
        assert_eq!(
            startup(source, &env(), &argv).lines,
            ["args: [ 'one', 'two' ] 2 one+two", "ONE [ 1, 'b' ] true one,two"]
        );
    }

    #[test]
    fn evaluates_expressions() {
        assert_eq!(print_value("7 / 2", &env()), "3.5");
        assert_eq!(print_value("'a' + 1 + 2", &env()), "a12");
        assert_eq!(print_value("(1 + 2) * 3", &env()), "9");
        assert_eq!(print_value("process.env.MISSING", &env()), "undefined");
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_scripts_never_panic(source in "(console\\.log\\(|const |listen\\(|[`'\"$(){};,+*/\\\\ a-zé0-9]){0,40}") {
            let _ = startup(&source, &env(), &[]);
            let _ = print_value(&source, &env());
        }
    }

    #[test]
    fn any_text_is_safe() {
        for source in
            ["é(console.log('ü'", "const é = 'x'; console.log(é)", "`${", "'\\", "/* ", "console.log((((", "ÿconst x"]
        {
            let _ = startup(source, &env(), &[]);
            let _ = print_value(source, &env());
        }
    }
}
