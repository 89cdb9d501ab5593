//! Runs a Python script of the simulated subset, with its blocks: `if`/`elif`/`else`, `for … in`,
//! `while`, `def` and calls of the functions it defines, `return`, `break`, `continue`,
//! `try`/`except`/`else`/`finally` (for the exceptions the subset raises: a missing module and
//! `raise`), `with` (the body), and the statements the containers in tutorials use: imports,
//! assignments and `+=`, `print` (with `sep` and `end`), `time.sleep`, `sys.exit`, and a Flask
//! app's `app.run(…)`, which serves. An exception nothing handles ends the script with Python's
//! traceback and status 1.
//! Expressions are [`super::pyexpr`]'s; one it cannot evaluate is printed as written.
//!
//! A condition the subset cannot evaluate counts as true (so `if __name__ == "__main__":` and
//! friends run), a loop over something it cannot evaluate runs no iteration, and every statement
//! costs a step, so `while True:` ends with the step budget like any endless process.

use std::collections::BTreeMap;

use super::pyexpr::{self, Scope, Value};
use crate::sh::machine::{Ctrl, Machine};
use crate::sh::programs::Proc;

/// One logical line: its 1-based number, its indentation and its statement (a line with several
/// statements separated by `;` gives one entry each, with the line's indentation).
struct Line<'s> {
    number: usize,
    indent: usize,
    text: &'s str,
}

/// How a block ended.
enum Flow {
    Next,
    Break,
    Continue,
    Return(Value),
    /// `sys.exit(n)`, or a statement that ends the program (a server taking over).
    Exit(i32),
    /// An exception on its way to a handler (or to the traceback).
    Raise(Raised),
}

/// A raised exception: its class, its message and the line that raised it.
#[derive(Clone)]
struct Raised {
    class: String,
    message: String,
    line: usize,
    text: String,
}

/// A function the script defined: its parameters (with defaults as written) and its body lines.
#[derive(Clone)]
struct Function {
    params: Vec<(String, Option<String>)>,
    body: std::ops::Range<usize>,
}

/// The interpreter of one script.
pub(crate) struct Script<'s> {
    lines: Vec<Line<'s>>,
    functions: BTreeMap<String, Function>,
    file: &'s str,
    source: &'s str,
    /// The status a statement ended the program with, once one did.
    exit: Option<Result<i32, Ctrl>>,
    /// An exception raised inside a function called from an expression, for its statement to raise.
    raised: Option<Raised>,
    /// The line of the statement running, for the traceback of an exception an expression raises.
    current_line: usize,
    depth: u32,
}

/// The deepest nesting of calls before the script stops, as Python's recursion limit would.
const MAX_CALL_DEPTH: u32 = 64;

impl<'s> Script<'s> {
    /// Prepares `source` (from `file`, as tracebacks name it).
    pub(crate) fn new(source: &'s str, file: &'s str) -> Script<'s> {
        let mut lines = Vec::new();
        for (idx, raw) in source.lines().enumerate() {
            let text = raw.trim_start();
            if text.is_empty() || text.starts_with('#') {
                continue;
            }
            let indent = raw.len() - text.len();
            // `while True: pass` is a header with its body on the same line.
            if let Some(colon) = inline_body(text) {
                lines.push(Line { number: idx + 1, indent, text: text[..=colon].trim() });
                for statement in pyexpr::split_statements(&text[colon + 1..]) {
                    lines.push(Line { number: idx + 1, indent: indent + 1, text: statement.trim() });
                }
                continue;
            }
            for statement in pyexpr::split_statements(text) {
                lines.push(Line { number: idx + 1, indent, text: statement.trim() });
            }
        }
        Script { lines, functions: BTreeMap::new(), file, source, exit: None, raised: None, current_line: 0, depth: 0 }
    }

    /// Runs the script with `argv` as `sys.argv`; the exit status, or the machine's `Ctrl`.
    pub(crate) fn run(&mut self, m: &mut Machine, p: &mut Proc, argv: Vec<String>) -> Result<i32, Ctrl> {
        let env = p.env.clone();
        let mut scope = Scope { vars: BTreeMap::new(), env: &env };
        scope.vars.insert("sys.argv".to_string(), Value::List(argv.into_iter().map(Value::Str).collect()));
        scope.vars.insert("__name__".to_string(), Value::Str("__main__".to_string()));
        let flow = self.block(m, p, &mut scope, 0..self.lines.len())?;
        if let Some(exit) = self.exit.take() {
            return exit;
        }
        Ok(match flow {
            Flow::Exit(code) => code,
            Flow::Raise(raised) => {
                p.err(m, "Traceback (most recent call last):");
                p.err(m, &format!("  File \"{}\", line {}, in <module>", self.file, raised.line));
                p.err(m, &format!("    {}", raised.text));
                let message = if raised.message.is_empty() { String::new() } else { format!(": {}", raised.message) };
                p.err(m, &format!("{}{message}", raised.class));
                1
            }
            _ => 0,
        })
    }

    /// The end of the body of the header at `at`: the lines after it indented deeper.
    fn body_end(&self, at: usize, limit: usize) -> usize {
        let indent = self.lines[at].indent;
        (at + 1..limit).find(|&i| self.lines[i].indent <= indent).unwrap_or(limit)
    }

    fn block(
        &mut self,
        m: &mut Machine,
        p: &mut Proc,
        scope: &mut Scope,
        range: std::ops::Range<usize>,
    ) -> Result<Flow, Ctrl> {
        let mut i = range.start;
        while i < range.end {
            m.tick()?;
            let text = self.lines[i].text;
            let end = self.body_end(i, range.end);
            let keyword = text.split([' ', ':', '(']).next().unwrap_or("");
            let header = text.ends_with(':');
            let flow = match keyword {
                "if" if header => {
                    // The chain: this `if`, then `elif`s and an `else` at the same indentation.
                    let indent = self.lines[i].indent;
                    let mut branches = vec![(i, end)];
                    let mut next = end;
                    while next < range.end
                        && self.lines[next].indent == indent
                        && (self.lines[next].text.starts_with("elif ") || self.lines[next].text.starts_with("else"))
                    {
                        let branch_end = self.body_end(next, range.end);
                        branches.push((next, branch_end));
                        next = branch_end;
                    }
                    let mut flow = Flow::Next;
                    for (head, body_end) in branches {
                        let condition = self.lines[head].text;
                        let taken = match condition.strip_prefix("if ").or_else(|| condition.strip_prefix("elif ")) {
                            Some(rest) => pyexpr::eval(rest.trim_end_matches(':'), scope).is_none_or(|v| v.truthy()),
                            None => true,
                        };
                        if taken {
                            flow = self.block(m, p, scope, head + 1..body_end)?;
                            break;
                        }
                    }
                    i = next;
                    if matches!(flow, Flow::Next) {
                        continue;
                    }
                    flow
                }
                "for" if header => {
                    let flow = self.for_loop(m, p, scope, text, i + 1..end)?;
                    i = end;
                    if matches!(flow, Flow::Next) {
                        continue;
                    }
                    flow
                }
                "while" if header => {
                    let condition = text.trim_start_matches("while").trim_end_matches(':').trim();
                    let mut flow = Flow::Next;
                    while pyexpr::eval(condition, scope).is_some_and(|v| v.truthy()) {
                        m.tick()?;
                        match self.block(m, p, scope, i + 1..end)? {
                            Flow::Break => break,
                            Flow::Next | Flow::Continue => {}
                            other => {
                                flow = other;
                                break;
                            }
                        }
                    }
                    i = end;
                    if matches!(flow, Flow::Next) {
                        continue;
                    }
                    flow
                }
                "def" if header => {
                    self.define(text, i + 1..end);
                    i = end;
                    continue;
                }
                "try" if header => {
                    let (flow, next) = self.try_chain(m, p, scope, i, end, range.end)?;
                    i = next;
                    if matches!(flow, Flow::Next) {
                        continue;
                    }
                    flow
                }
                // A `with` body, and an `else` or `finally` whose `if` or `try` chain did not claim it.
                "with" | "else" | "finally" if header => {
                    let flow = self.block(m, p, scope, i + 1..end)?;
                    i = end;
                    if matches!(flow, Flow::Next) {
                        continue;
                    }
                    flow
                }
                // Handlers run only for errors, which the subset does not raise; classes are skipped.
                "except" | "class" | "elif" if header => {
                    i = end;
                    continue;
                }
                _ => {
                    let mut flow = self.statement(m, p, scope, i)?;
                    if let Some(raised) = self.raised.take() {
                        flow = Flow::Raise(raised);
                    }
                    i += 1;
                    if matches!(flow, Flow::Next) {
                        continue;
                    }
                    flow
                }
            };
            return Ok(flow);
        }
        Ok(Flow::Next)
    }

    /// `try:` at `at` (its body ends at `end`) with the `except`, `else` and `finally` clauses after it:
    /// the body, then the first handler whose class matches an exception it raised (or `else`), then
    /// `finally`. Returns how it ended and where the chain stops.
    fn try_chain(
        &mut self,
        m: &mut Machine,
        p: &mut Proc,
        scope: &mut Scope,
        at: usize,
        end: usize,
        limit: usize,
    ) -> Result<(Flow, usize), Ctrl> {
        let indent = self.lines[at].indent;
        let mut clauses = Vec::new();
        let mut next = end;
        while next < limit && self.lines[next].indent == indent {
            let text = self.lines[next].text;
            if !(text.starts_with("except") || text.starts_with("else") || text.starts_with("finally")) {
                break;
            }
            let clause_end = self.body_end(next, limit);
            clauses.push((next, clause_end));
            next = clause_end;
        }
        let mut flow = self.block(m, p, scope, at + 1..end)?;
        let mut handled = false;
        for &(head, body_end) in &clauses {
            let text = self.lines[head].text;
            if let Some(spec) = text.strip_prefix("except") {
                let Flow::Raise(raised) = &flow else { continue };
                if handled {
                    continue;
                }
                let spec = spec.trim_end_matches(':').trim();
                let (classes, name) = spec.split_once(" as ").map_or((spec, None), |(c, n)| (c, Some(n.trim())));
                let classes = classes.trim_matches(|c| c == '(' || c == ')');
                let matches =
                    classes.is_empty() || classes.split(',').map(str::trim).any(|class| catches(class, &raised.class));
                if matches {
                    if let Some(name) = name {
                        scope.vars.insert(name.to_string(), Value::Str(raised.message.clone()));
                    }
                    handled = true;
                    flow = self.block(m, p, scope, head + 1..body_end)?;
                }
            } else if text.starts_with("else") {
                if matches!(flow, Flow::Next) {
                    flow = self.block(m, p, scope, head + 1..body_end)?;
                }
            } else {
                // `finally` runs whatever happened; its own ending wins only if it has one.
                let last = self.block(m, p, scope, head + 1..body_end)?;
                if !matches!(last, Flow::Next) {
                    flow = last;
                }
            }
        }
        Ok((flow, next))
    }

    fn for_loop(
        &mut self,
        m: &mut Machine,
        p: &mut Proc,
        scope: &mut Scope,
        header: &str,
        body: std::ops::Range<usize>,
    ) -> Result<Flow, Ctrl> {
        let rest = header.trim_start_matches("for").trim_end_matches(':');
        let Some((name, iterable)) = rest.split_once(" in ") else { return Ok(Flow::Next) };
        let name = name.trim();
        let items = match self.value(m, p, scope, iterable.trim())? {
            Some(Value::List(items)) => items,
            Some(Value::Str(s)) => s.chars().map(|c| Value::Str(c.to_string())).collect(),
            _ => return Ok(Flow::Next),
        };
        for item in items {
            m.tick()?;
            scope.vars.insert(name.to_string(), item);
            match self.block(m, p, scope, body.clone())? {
                Flow::Break => break,
                Flow::Next | Flow::Continue => {}
                other => return Ok(other),
            }
        }
        Ok(Flow::Next)
    }

    /// Records `def name(params):`.
    fn define(&mut self, header: &str, body: std::ops::Range<usize>) {
        let rest = header.trim_start_matches("def").trim();
        let Some((name, params)) = rest.split_once('(') else { return };
        let params = params.rsplit_once(')').map_or(params, |(inside, _)| inside);
        let params = pyexpr::split_args(params)
            .into_iter()
            .map(|param| match param.split_once('=') {
                Some((name, default)) => (name.trim().to_string(), Some(default.trim().to_string())),
                None => (param.trim_start_matches('*').to_string(), None),
            })
            .collect();
        self.functions.insert(name.trim().to_string(), Function { params, body });
    }

    /// Evaluates `expr`, running the script's own functions it calls first.
    fn value(&mut self, m: &mut Machine, p: &mut Proc, scope: &mut Scope, expr: &str) -> Result<Option<Value>, Ctrl> {
        let Some(expr) = self.substitute_calls(m, p, scope, expr)? else { return Ok(None) };
        Ok(pyexpr::eval(&expr, scope))
    }

    /// Replaces each call of a function the script defined with a variable holding its result
    /// (`greet("Ann") + "!"` becomes `__call0 + "!"`). `None` when a call cannot be made.
    fn substitute_calls(
        &mut self,
        m: &mut Machine,
        p: &mut Proc,
        scope: &mut Scope,
        expr: &str,
    ) -> Result<Option<String>, Ctrl> {
        if self.functions.is_empty() && !expr.contains("input(") {
            return Ok(Some(expr.to_string()));
        }
        // The script's functions, and the built-in `input` (unless the script defines its own).
        let mut names: Vec<String> = self.functions.keys().cloned().collect();
        if !self.functions.contains_key("input") {
            names.push("input".to_string());
        }
        let mut out = String::new();
        let mut rest = expr;
        'scan: loop {
            let found = names
                .iter()
                .filter_map(|name| {
                    rest.match_indices(&format!("{name}("))
                        .find(|(at, _)| {
                            let before = rest[..*at].chars().next_back();
                            !before
                                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '"' || c == '\'')
                        })
                        .map(|(at, _)| (at, name.clone()))
                })
                .min();
            let Some((at, name)) = found else {
                out.push_str(rest);
                break 'scan;
            };
            let open = at + name.len();
            let Some(close) = matching_paren(rest, open) else { return Ok(None) };
            let mut args = Vec::new();
            for arg in pyexpr::split_args(&rest[open + 1..close]) {
                // `name=value` passes by keyword (`==` is a comparison).
                let keyword = arg.split_once('=').filter(|(k, v)| is_name(k.trim()) && !v.starts_with('='));
                let (keyword, expr) = match keyword {
                    Some((name, value)) => (Some(name.trim().to_string()), value),
                    None => (None, arg),
                };
                match self.value(m, p, scope, expr)? {
                    Some(value) => args.push((keyword, value)),
                    None => return Ok(None),
                }
            }
            let result = if name == "input" && !self.functions.contains_key("input") {
                self.input(m, p, args.first().map(|(_, prompt)| prompt.display()))
            } else {
                self.call(m, p, scope, &name, args)?
            };
            let slot = format!("__call{}", scope.vars.keys().filter(|k| k.starts_with("__call")).count());
            scope.vars.insert(slot.clone(), result);
            out.push_str(&rest[..at]);
            out.push_str(&slot);
            rest = &rest[close + 1..];
        }
        Ok(Some(out))
    }

    /// `input(prompt)`: the prompt without a newline, then one line of standard input; at its end
    /// Python raises `EOFError` (a container run without `-i` has none).
    fn input(&mut self, m: &mut Machine, p: &Proc, prompt: Option<String>) -> Value {
        if let Some(prompt) = prompt {
            m.write(p.io.out, &prompt);
        }
        match p.io.read_line() {
            Some(line) => Value::Str(line),
            None => {
                let line = self.current_line;
                let text = self.lines.iter().find(|l| l.number == line).map_or("", |l| l.text).to_string();
                self.raised.get_or_insert(Raised {
                    class: "EOFError".to_string(),
                    message: "EOF when reading a line".to_string(),
                    line,
                    text,
                });
                Value::None
            }
        }
    }

    /// Calls the script's function `name`; its variables are its own, over the script's.
    fn call(
        &mut self,
        m: &mut Machine,
        p: &mut Proc,
        scope: &Scope,
        name: &str,
        args: Vec<(Option<String>, Value)>,
    ) -> Result<Value, Ctrl> {
        let Some(function) = self.functions.get(name).cloned() else { return Ok(Value::None) };
        self.depth += 1;
        if self.depth > MAX_CALL_DEPTH {
            self.depth -= 1;
            p.err(m, "RecursionError: maximum recursion depth exceeded");
            self.exit.get_or_insert(Ok(1));
            return Ok(Value::None);
        }
        let mut local = Scope { vars: scope.vars.clone(), env: scope.env };
        let (keywords, positional): (Vec<_>, Vec<_>) = args.into_iter().partition(|(k, _)| k.is_some());
        let mut positional = positional.into_iter().map(|(_, v)| v);
        for (param, default) in &function.params {
            let value = positional
                .next()
                .or_else(|| keywords.iter().find(|(k, _)| k.as_deref() == Some(param)).map(|(_, v)| v.clone()))
                .or_else(|| default.as_deref().and_then(|d| pyexpr::eval(d, scope)));
            local.vars.insert(param.clone(), value.unwrap_or(Value::None));
        }
        let flow = self.block(m, p, &mut local, function.body.clone());
        self.depth -= 1;
        Ok(match flow? {
            Flow::Return(value) => value,
            Flow::Exit(code) => {
                self.exit.get_or_insert(Ok(code));
                Value::None
            }
            Flow::Raise(raised) => {
                self.raised.get_or_insert(raised);
                Value::None
            }
            _ => Value::None,
        })
    }

    fn statement(&mut self, m: &mut Machine, p: &mut Proc, scope: &mut Scope, at: usize) -> Result<Flow, Ctrl> {
        if self.exit.is_some() {
            return Ok(Flow::Exit(0));
        }
        let (number, text) = (self.lines[at].number, self.lines[at].text);
        self.current_line = number;
        match text {
            "pass" => return Ok(Flow::Next),
            "break" => return Ok(Flow::Break),
            "continue" => return Ok(Flow::Continue),
            "return" => return Ok(Flow::Return(Value::None)),
            _ => {}
        }
        if let Some(expr) = text.strip_prefix("return ") {
            return Ok(Flow::Return(self.value(m, p, scope, expr)?.unwrap_or(Value::None)));
        }
        let module = text
            .strip_prefix("import ")
            .map(|rest| rest.split([',', ' ']).next().unwrap_or(""))
            .or_else(|| text.strip_prefix("from ").map(|rest| rest.split(' ').next().unwrap_or("")));
        if let Some(module) = module {
            let top = module.split('.').next().unwrap_or(module);
            if !top.is_empty() && !super::servers::module_installed(m, p, top) {
                return Ok(Flow::Raise(Raised {
                    class: "ModuleNotFoundError".to_string(),
                    message: format!("No module named '{top}'"),
                    line: number,
                    text: text.to_string(),
                }));
            }
            return Ok(Flow::Next);
        }
        if let Some(rest) = text.strip_prefix("raise ") {
            let (class, message) = match rest.split_once('(') {
                Some((class, args)) => {
                    let args = args.strip_suffix(')').unwrap_or(args);
                    let message = if args.trim().is_empty() {
                        String::new()
                    } else {
                        self.value(m, p, scope, args)?.map_or_else(|| args.to_string(), |v| v.display())
                    };
                    (class.trim().to_string(), message)
                }
                None => (rest.trim().to_string(), String::new()),
            };
            return Ok(Flow::Raise(Raised { class, message, line: number, text: text.to_string() }));
        }
        if let Some(inner) = text.strip_prefix("print(").and_then(|rest| rest.strip_suffix(')')) {
            self.print(m, p, scope, inner)?;
            return Ok(Flow::Next);
        }
        if let Some(seconds) = text.strip_prefix("time.sleep(").and_then(|rest| rest.strip_suffix(')')) {
            let seconds = match self.value(m, p, scope, seconds)? {
                Some(Value::Int(seconds)) => seconds as f64,
                Some(Value::Float(seconds)) => seconds,
                _ => 0.0,
            };
            let ms = (seconds * 1000.0).clamp(0.0, 1e15) as u64;
            m.advance(ms);
            m.spend(ms / 1000)?;
            return Ok(Flow::Next);
        }
        if text.contains(".run(") && self.source.contains("Flask(") {
            let served = super::servers::flask_app_run(m, p, text, self.file);
            self.exit = Some(served);
            return Ok(Flow::Exit(0));
        }
        for call in ["sys.exit(", "exit(", "quit("] {
            if let Some(code) = text.strip_prefix(call).and_then(|rest| rest.strip_suffix(')')) {
                let code = match self.value(m, p, scope, code)? {
                    Some(Value::Int(code)) => code as i32,
                    Some(Value::None) | None if code.trim().is_empty() => 0,
                    Some(Value::Str(message)) => {
                        p.err(m, &message);
                        1
                    }
                    _ => 0,
                };
                return Ok(Flow::Exit(code));
            }
        }
        for (op, symbol) in [("+=", "+"), ("-=", "-"), ("*=", "*")] {
            if let Some((name, value)) = text.split_once(op)
                && is_name(name.trim())
            {
                let expr = format!("{} {symbol} ({})", name.trim(), value.trim());
                if let Some(v) = self.value(m, p, scope, &expr)? {
                    scope.vars.insert(name.trim().to_string(), v);
                }
                return Ok(Flow::Next);
            }
        }
        if let Some((name, value)) = super::servers::assignment(text) {
            match self.value(m, p, scope, value)? {
                Some(v) => {
                    scope.vars.insert(name.to_string(), v);
                }
                None => {
                    scope.vars.remove(name);
                }
            }
            return Ok(Flow::Next);
        }
        // A call as a statement (`main()`), for its effects.
        if text.ends_with(')') {
            self.substitute_calls(m, p, scope, text)?;
        }
        Ok(Flow::Next)
    }

    /// `print(a, b, …, sep=…, end=…)`: the values joined by `sep`, then `end`. An argument the subset
    /// cannot evaluate prints as written.
    fn print(&mut self, m: &mut Machine, p: &mut Proc, scope: &mut Scope, inner: &str) -> Result<(), Ctrl> {
        let mut sep = " ".to_string();
        let mut end = "\n".to_string();
        let mut parts = Vec::new();
        for arg in pyexpr::split_args(inner) {
            let keyword = |name: &str| arg.strip_prefix(name).map(str::trim_start).and_then(|r| r.strip_prefix('='));
            if let Some(value) = keyword("sep") {
                sep = pyexpr::eval(value, scope).map_or(sep, |v| v.display());
            } else if let Some(value) = keyword("end") {
                end = pyexpr::eval(value, scope).map_or(end, |v| v.display());
            } else if keyword("flush").is_some() || keyword("file").is_some() {
            } else {
                parts.push(match self.value(m, p, scope, arg)? {
                    Some(v) => v.display(),
                    None => arg.to_string(),
                });
            }
        }
        // An argument that raised (`input()` at end of input) prints nothing.
        if self.raised.is_none() {
            m.write(p.io.out, &format!("{}{end}", parts.join(&sep)));
        }
        Ok(())
    }
}

/// For a compound statement with its body on the same line (`if ok: print(1)`), the index of the
/// colon that ends its header.
fn inline_body(text: &str) -> Option<usize> {
    const HEADERS: [&str; 11] =
        ["if", "elif", "else", "for", "while", "with", "try", "except", "finally", "def", "class"];
    let keyword = text.split([' ', ':', '(']).next()?;
    if !HEADERS.contains(&keyword) || text.ends_with(':') {
        return None;
    }
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for (i, c) in text.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' => quote = Some(c),
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                ':' if depth == 0 => return (!text[i + 1..].trim().is_empty()).then_some(i),
                _ => {}
            },
        }
    }
    None
}

/// Whether `except CLASS` catches an exception of class `raised` (the built-in hierarchy the
/// subset raises: a missing module is an `ImportError`, and everything is an `Exception`).
fn catches(class: &str, raised: &str) -> bool {
    class == raised
        || matches!(class, "Exception" | "BaseException")
        || class == "ImportError" && raised == "ModuleNotFoundError"
}

fn is_name(text: &str) -> bool {
    !text.is_empty()
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !text.starts_with(|c: char| c.is_ascii_digit())
}

/// The index of the `)` that closes the `(` at `open`, outside string literals.
fn matching_paren(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in text.char_indices().skip_while(|(i, _)| *i < open) {
        match quote {
            Some(_) if escaped => escaped = false,
            Some(_) if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' => quote = Some(c),
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(i);
                    }
                }
                _ => {}
            },
        }
    }
    None
}
