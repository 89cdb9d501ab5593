//! A subset of Go's `text/template`, enough for `docker inspect -f` and `--format` flags: field paths
//! (`.Config.Cmd`), variables (`$`, `{{$x := …}}`, `range $k, $v := …`, `$v.Field`), parenthesized
//! pipelines (`(index $conf 0).HostPort`), `json`, `range`/`else`/`end`, `if`, `index`, `join`,
//! `lower`, `upper`, `len`, `printf`, `println`, string literals and pipes. Values are JSON values
//! printed the way Go's `fmt` prints them (`[sleep 5]`, `map[a:b]` with sorted keys, `<no value>`).

use serde_json::Value;

/// Why a template could not be parsed or run, in Go's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// A syntax error.
    #[error("template parsing error: template: :1: {0}")]
    Parse(String),
    /// An error while executing.
    #[error("template: :1: {0}")]
    Exec(String),
}

/// A pipeline: commands separated by `|`, each a list of arguments.
type Pipeline = Vec<Vec<Arg>>;

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    Action(Pipeline),
    /// `{{$name := pipeline}}`: prints nothing.
    Assign(String, Pipeline),
    /// `range [$key,] [$value :=] pipeline`: the variables it declares, the pipeline, the body and
    /// the `else` branch.
    Range(Vec<String>, Pipeline, Vec<Node>, Vec<Node>),
    If(Pipeline, Vec<Node>, Vec<Node>),
}

#[derive(Debug, Clone, PartialEq)]
enum Arg {
    Field(Vec<String>),
    Dot,
    Str(String),
    Num(i64),
    Bool(bool),
    Ident(String),
    /// `$` or `$name`, then a field path (`$v.HostPort`).
    Var(String, Vec<String>),
    /// `(pipeline)`, then a field path.
    Paren(Pipeline, Vec<String>),
}

/// The variables in scope, innermost last; `$` is the data the template runs on.
type Vars = Vec<(String, Value)>;

/// Renders `template` against `data`.
pub fn render(template: &str, data: &Value) -> Result<String, TemplateError> {
    let tokens = tokenize(template)?;
    let mut pos = 0;
    let (nodes, stop) = parse_nodes(&tokens, &mut pos)?;
    if let Some(stop) = stop {
        return Err(TemplateError::Parse(format!("unexpected {{{{{stop}}}}}")));
    }
    let mut out = String::new();
    let mut vars: Vars = vec![("$".to_string(), data.clone())];
    exec(&nodes, data, &mut vars, &mut out)?;
    Ok(out)
}

#[derive(Debug)]
enum Token {
    Text(String),
    Action(String),
}

fn tokenize(src: &str) -> Result<Vec<Token>, TemplateError> {
    let mut tokens = Vec::new();
    let mut rest = src;
    while let Some(start) = rest.find("{{") {
        let mut text = &rest[..start];
        let after = &rest[start + 2..];
        let trim_left = after.starts_with("- ");
        if trim_left {
            text = text.trim_end();
        }
        if !text.is_empty() {
            tokens.push(Token::Text(text.to_string()));
        }
        let end = find_action_end(after).ok_or_else(|| TemplateError::Parse("unclosed action".into()))?;
        let mut inner = &after[..end];
        let mut next = &after[end + 2..];
        if inner.ends_with(" -") {
            inner = &inner[..inner.len() - 2];
            next = next.trim_start();
        }
        let inner = if trim_left { &inner[2..] } else { inner };
        tokens.push(Token::Action(inner.trim().to_string()));
        rest = next;
    }
    if !rest.is_empty() {
        tokens.push(Token::Text(rest.to_string()));
    }
    Ok(tokens)
}

/// Finds the `}}` that closes an action, skipping string literals.
fn find_action_end(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'`' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'`' {
                    i += 1;
                }
            }
            b'}' if bytes[i + 1] == b'}' => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

fn parse_nodes(tokens: &[Token], pos: &mut usize) -> Result<(Vec<Node>, Option<String>), TemplateError> {
    let mut nodes = Vec::new();
    while *pos < tokens.len() {
        let token = &tokens[*pos];
        *pos += 1;
        match token {
            Token::Text(t) => nodes.push(Node::Text(t.clone())),
            Token::Action(a) if a == "end" || a == "else" => return Ok((nodes, Some(a.clone()))),
            Token::Action(a) if a.starts_with("/*") => {}
            Token::Action(a) => {
                let (keyword, rest) = a.split_once(' ').unwrap_or((a, ""));
                if keyword == "range" || keyword == "if" {
                    let (declared, rest) = if keyword == "range" { declarations(rest)? } else { (Vec::new(), rest) };
                    let pipe = parse_pipeline(rest)?;
                    let (body, stop) = parse_nodes(tokens, pos)?;
                    let alt = match stop.as_deref() {
                        Some("else") => {
                            let (alt, stop) = parse_nodes(tokens, pos)?;
                            if stop.as_deref() != Some("end") {
                                return Err(TemplateError::Parse(format!("unexpected EOF in {keyword}")));
                            }
                            alt
                        }
                        Some("end") => Vec::new(),
                        _ => return Err(TemplateError::Parse("unexpected EOF".into())),
                    };
                    nodes.push(if keyword == "range" {
                        Node::Range(declared, pipe, body, alt)
                    } else {
                        Node::If(pipe, body, alt)
                    });
                } else if let (Some(name), Some(rest)) = (assigned(a), a.split_once(":=").map(|(_, r)| r)) {
                    nodes.push(Node::Assign(name, parse_pipeline(rest)?));
                } else {
                    nodes.push(Node::Action(parse_pipeline(a)?));
                }
            }
        }
    }
    Ok((nodes, None))
}

/// The variable `{{$name := …}}` assigns, if the action is an assignment.
fn assigned(action: &str) -> Option<String> {
    let (name, _) = action.split_once(":=")?;
    let name = name.trim();
    is_variable(name).then(|| name.to_string())
}

fn is_variable(word: &str) -> bool {
    word.strip_prefix('$').is_some_and(|rest| rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

/// The variables a `range` declares (`$v :=` or `$k, $v :=`) and the rest of the action.
fn declarations(rest: &str) -> Result<(Vec<String>, &str), TemplateError> {
    let Some((names, pipeline)) = rest.split_once(":=").filter(|(names, _)| names.trim_start().starts_with('$')) else {
        return Ok((Vec::new(), rest));
    };
    let names: Vec<String> = names.split(',').map(|n| n.trim().to_string()).collect();
    if names.len() > 2 || !names.iter().all(|n| is_variable(n)) {
        return Err(TemplateError::Parse("too many declarations in range".into()));
    }
    Ok((names, pipeline))
}

/// A field path after a variable or a parenthesized pipeline (`.A.B`), empty when there is none.
fn field_path(text: &str) -> Vec<String> {
    text.split('.').filter(|part| !part.is_empty()).map(str::to_string).collect()
}

fn parse_pipeline(src: &str) -> Result<Pipeline, TemplateError> {
    let mut commands = vec![Vec::new()];
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            // The matching parenthesis, outside string literals.
            let start = i + 1;
            let mut depth = 0;
            let mut in_string = false;
            while i < chars.len() {
                match chars[i] {
                    '"' => in_string = !in_string,
                    '\\' if in_string => i += 1,
                    '(' if !in_string => depth += 1,
                    ')' if !in_string => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            if i >= chars.len() {
                return Err(TemplateError::Parse("unclosed left paren".into()));
            }
            let inner: String = chars[start..i].iter().collect();
            i += 1;
            let path_start = i;
            while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '|' && chars[i] != ')' {
                i += 1;
            }
            let path: String = chars[path_start..i].iter().collect();
            push(&mut commands, Arg::Paren(parse_pipeline(&inner)?, field_path(&path)));
        } else if c == '|' {
            commands.push(Vec::new());
            i += 1;
        } else if c == '"' {
            let Some(s) = double_quoted(&chars, &mut i) else {
                return Err(TemplateError::Parse("unterminated quoted string".into()));
            };
            push(&mut commands, Arg::Str(s));
        } else if c == '`' {
            let start = i + 1;
            i = start;
            while i < chars.len() && chars[i] != '`' {
                i += 1;
            }
            push(&mut commands, Arg::Str(chars[start..i.min(chars.len())].iter().collect()));
            i += 1;
        } else {
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '|' {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let arg = if let Some(rest) = word.strip_prefix('$') {
                let (name, path) = rest.split_once('.').unwrap_or((rest, ""));
                Arg::Var(format!("${name}"), field_path(path))
            } else if word == "." {
                Arg::Dot
            } else if let Some(path) = word.strip_prefix('.') {
                Arg::Field(path.split('.').map(str::to_string).collect())
            } else if let Ok(n) = word.parse::<i64>() {
                Arg::Num(n)
            } else if word == "true" || word == "false" {
                Arg::Bool(word == "true")
            } else if word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                Arg::Ident(word)
            } else {
                return Err(TemplateError::Parse(format!("unexpected {word:?} in command")));
            };
            push(&mut commands, arg);
        }
    }
    if commands.iter().any(Vec::is_empty) {
        return Err(TemplateError::Parse("missing value for command".into()));
    }
    Ok(commands)
}

fn push(commands: &mut [Vec<Arg>], arg: Arg) {
    if let Some(last) = commands.last_mut() {
        last.push(arg);
    }
}

fn exec(nodes: &[Node], dot: &Value, vars: &mut Vars, out: &mut String) -> Result<(), TemplateError> {
    // Variables declared in this block end with it.
    let scope = vars.len();
    for node in nodes {
        match node {
            Node::Text(t) => out.push_str(t),
            Node::Action(pipe) => {
                let v = eval_pipeline(pipe, dot, vars)?;
                out.push_str(&go_print(&v));
            }
            Node::Assign(name, pipe) => {
                let v = eval_pipeline(pipe, dot, vars)?;
                vars.push((name.clone(), v));
            }
            Node::If(pipe, body, alt) => {
                let v = eval_pipeline(pipe, dot, vars)?;
                exec(if truthy(&v) { body } else { alt }, dot, vars, out)?;
            }
            Node::Range(declared, pipe, body, alt) => {
                let v = eval_pipeline(pipe, dot, vars)?;
                // Go ranges over a map in key order.
                let items: Vec<(Value, Value)> = match &v {
                    Value::Array(a) => a.iter().enumerate().map(|(i, item)| (Value::from(i), item.clone())).collect(),
                    Value::Object(m) => {
                        sorted(m).into_iter().map(|(k, v)| (Value::String(k.clone()), v.clone())).collect()
                    }
                    Value::Null => Vec::new(),
                    other => {
                        return Err(TemplateError::Exec(format!("range can't iterate over {}", go_print(other))));
                    }
                };
                if items.is_empty() {
                    exec(alt, dot, vars, out)?;
                }
                for (key, item) in &items {
                    let before = vars.len();
                    match declared.as_slice() {
                        [value] => vars.push((value.clone(), item.clone())),
                        [k, value] => {
                            vars.push((k.clone(), key.clone()));
                            vars.push((value.clone(), item.clone()));
                        }
                        _ => {}
                    }
                    exec(body, item, vars, out)?;
                    vars.truncate(before);
                }
            }
        }
    }
    vars.truncate(scope);
    Ok(())
}

/// A map's entries in Go's order: sorted by key.
fn sorted(map: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(m) => !m.is_empty(),
    }
}

fn eval_pipeline(pipe: &[Vec<Arg>], dot: &Value, vars: &Vars) -> Result<Value, TemplateError> {
    let mut last: Option<Value> = None;
    for command in pipe {
        last = Some(eval_command(command, dot, vars, last)?);
    }
    Ok(last.unwrap_or(Value::Null))
}

fn eval_command(command: &[Arg], dot: &Value, vars: &Vars, piped: Option<Value>) -> Result<Value, TemplateError> {
    let Some(first) = command.first() else { return Ok(Value::Null) };
    let Arg::Ident(name) = first else {
        if command.len() > 1 || piped.is_some() {
            return Err(TemplateError::Exec("can't give argument to non-function".into()));
        }
        return eval_arg(first, dot, vars);
    };
    let mut args: Vec<Value> = command[1..].iter().map(|a| eval_arg(a, dot, vars)).collect::<Result<_, _>>()?;
    if let Some(p) = piped {
        args.push(p);
    }
    let arity = |n: usize| -> Result<(), TemplateError> {
        if args.len() == n {
            Ok(())
        } else {
            Err(TemplateError::Exec(format!("wrong number of args for {name}: want {n} got {}", args.len())))
        }
    };
    match name.as_str() {
        "json" => {
            arity(1)?;
            Ok(Value::String(go_json(&args[0])))
        }
        "join" => {
            arity(2)?;
            let sep = go_print(&args[1]);
            let items: Vec<String> = match &args[0] {
                Value::Array(a) => a.iter().map(go_print).collect(),
                Value::Null => Vec::new(),
                other => vec![go_print(other)],
            };
            Ok(Value::String(items.join(&sep)))
        }
        "index" => {
            if args.len() < 2 {
                return Err(TemplateError::Exec("wrong number of args for index".into()));
            }
            let mut v = args[0].clone();
            for key in &args[1..] {
                v = match (&v, key) {
                    (Value::Object(m), k) => m.get(&go_print(k)).cloned().unwrap_or(Value::Null),
                    (Value::Array(a), Value::Number(n)) => {
                        let i = n.as_u64().unwrap_or(u64::MAX) as usize;
                        a.get(i).cloned().ok_or_else(|| {
                            TemplateError::Exec(format!("error calling index: index out of range: {i}"))
                        })?
                    }
                    _ => return Err(TemplateError::Exec("error calling index: can't index item".into())),
                };
            }
            Ok(v)
        }
        "lower" | "upper" => {
            arity(1)?;
            let s = go_print(&args[0]);
            Ok(Value::String(if name == "lower" { s.to_lowercase() } else { s.to_uppercase() }))
        }
        "len" => {
            arity(1)?;
            let n = match &args[0] {
                Value::Array(a) => a.len(),
                Value::Object(m) => m.len(),
                Value::String(s) => s.len(),
                _ => 0,
            };
            Ok(Value::from(n))
        }
        "println" | "print" => {
            let mut s = args.iter().map(go_print).collect::<Vec<_>>().join(if name == "println" { " " } else { "" });
            if name == "println" {
                s.push('\n');
            }
            Ok(Value::String(s))
        }
        "not" => {
            arity(1)?;
            Ok(Value::Bool(!truthy(&args[0])))
        }
        "printf" => {
            let Some((format, rest)) = args.split_first() else {
                return Err(TemplateError::Exec("wrong number of args for printf: want at least 1 got 0".into()));
            };
            Ok(Value::String(sprintf(&go_print(format), rest)))
        }
        other => Err(TemplateError::Parse(format!("function {other:?} not defined"))),
    }
}

fn eval_arg(arg: &Arg, dot: &Value, vars: &Vars) -> Result<Value, TemplateError> {
    Ok(match arg {
        Arg::Dot => dot.clone(),
        Arg::Str(s) => Value::String(s.clone()),
        Arg::Num(n) => Value::from(*n),
        Arg::Bool(b) => Value::Bool(*b),
        Arg::Ident(name) => return Err(TemplateError::Parse(format!("function {name:?} not defined"))),
        Arg::Field(path) => field(dot, path, &format!(".{}", path.join(".")))?,
        Arg::Var(name, path) => {
            let Some((_, value)) = vars.iter().rev().find(|(n, _)| n == name) else {
                return Err(TemplateError::Parse(format!("undefined variable \"{name}\"")));
            };
            field(value, path, name)?
        }
        Arg::Paren(pipe, path) => field(&eval_pipeline(pipe, dot, vars)?, path, "(…)")?,
    })
}

/// The value at `path` below `v`; `<no value>` for a missing key. `shown` names `v` in errors.
fn field(v: &Value, path: &[String], shown: &str) -> Result<Value, TemplateError> {
    let mut v = v;
    for key in path {
        v = match v {
            Value::Object(m) => match m.get(key) {
                Some(next) => next,
                None => return Ok(Value::String("<no value>".into())),
            },
            Value::Null => return Ok(Value::String("<no value>".into())),
            _ => {
                return Err(TemplateError::Exec(format!("executing \"\" at <{shown}>: can't evaluate field {key}")));
            }
        };
    }
    Ok(v.clone())
}

/// Go's `fmt.Sprintf` for the verbs templates use: `%s`, `%v`, `%d`, `%q` and `%%`. A verb without
/// an argument prints `%!v(MISSING)`, as Go does.
fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let mut args = args.iter();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        match args.next() {
            None => out.push_str(&format!("%!{verb}(MISSING)")),
            Some(arg) => match verb {
                'q' => out.push_str(&serde_json::to_string(&go_print(arg)).unwrap_or_default()),
                'd' if !arg.is_number() => out.push_str(&format!("%!d(string={})", go_print(arg))),
                _ => out.push_str(&go_print(arg)),
            },
        }
    }
    out
}

/// The fields of Docker's `HealthConfig`, in declaration order.
const HEALTHCHECK_FIELDS: &[&str] = &["Test", "Interval", "Timeout", "StartPeriod", "StartInterval", "Retries"];

/// Prints a value as Go's `fmt.Sprint` would print the decoded JSON.
pub fn go_print(v: &Value) -> String {
    match v {
        Value::Null => "[]".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Array(a) => format!("[{}]", a.iter().map(go_print_nested).collect::<Vec<_>>().join(" ")),
        // A health check is a Go struct pointer, not a map: `&{[CMD-SHELL true] 5s 0s 0s 0s 0}`.
        Value::Object(m) if m.contains_key("Test") && m.keys().all(|k| HEALTHCHECK_FIELDS.contains(&k.as_str())) => {
            let duration = |k: &str| crate::format::go_duration(m.get(k).and_then(Value::as_u64).unwrap_or(0));
            format!(
                "&{{{} {} {} {} {} {}}}",
                go_print_nested(&m["Test"]),
                duration("Interval"),
                duration("Timeout"),
                duration("StartPeriod"),
                duration("StartInterval"),
                m.get("Retries").and_then(Value::as_u64).unwrap_or(0)
            )
        }
        Value::Object(m) => format!(
            "map[{}]",
            sorted(m).into_iter().map(|(k, v)| format!("{k}:{}", go_print_nested(v))).collect::<Vec<_>>().join(" ")
        ),
    }
}

fn go_print_nested(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".to_string(),
        Value::Object(m) if m.is_empty() => "{}".to_string(),
        other => go_print(other),
    }
}

/// Go's `json.Marshal`: compact, with `<`, `>` and `&` escaped.
pub fn go_json(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

/// Reads a double-quoted string starting at `chars[*i] == '"'` with `\\n`, `\\t` and `\\x` escapes, and
/// leaves `*i` after the closing quote; `None` when the quote is not closed.
pub(crate) fn double_quoted(chars: &[char], i: &mut usize) -> Option<String> {
    let mut s = String::new();
    *i += 1;
    while *i < chars.len() && chars[*i] != '"' {
        if chars[*i] == '\\' && *i + 1 < chars.len() {
            *i += 1;
            s.push(match chars[*i] {
                'n' => '\n',
                't' => '\t',
                other => other,
            });
        } else {
            s.push(chars[*i]);
        }
        *i += 1;
    }
    if *i >= chars.len() {
        return None;
    }
    *i += 1;
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[track_caller]
    fn check(template: &str, expected: &str) {
        let data = json!({
            "Config": { "Cmd": ["5"], "Entrypoint": ["sleep"], "Env": ["A=1", "B=2"], "Labels": {"k": "v"}, "Volumes": null },
            "Id": "sha256:abc",
        });
        let got = match render(template, &data) {
            Ok(s) => s,
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(got, expected, "template {template:?}");
    }

    #[test]
    fn inspect_templates() {
        check("{{json .Config.Entrypoint}} {{json .Config.Cmd}}", r#"["sleep"] ["5"]"#);
        check("{{.Config.Env}}", "[A=1 B=2]");
        check("{{range .Config.Env}}{{.}}\n{{end}}", "A=1\nB=2\n");
        check("{{index .Config.Labels \"k\"}}", "v");
        check("{{join .Config.Env \",\"}}", "A=1,B=2");
        check("{{.Config.Volumes}}", "[]");
        check("{{.Config.Nope}}", "<no value>");
        check("{{.Config.Labels}}", "map[k:v]");
        check("{{.Id | lower}}", "sha256:abc");
        check("{{if .Config.Cmd}}yes{{else}}no{{end}}", "yes");
        check("{{bogus .Id}}", "error: template parsing error: template: :1: function \"bogus\" not defined");
        check("{{json .Config}", "error: template parsing error: template: :1: unclosed action");
    }

    /// Variables, parenthesized pipelines and printf, as Docker's documentation uses them
    /// (`docker inspect --format='{{range $p, $conf := .NetworkSettings.Ports}} {{$p}} -> {{(index $conf 0).HostPort}} {{end}}'`).
    #[test]
    fn variables_and_parentheses() {
        let data = json!({
            "NetworkSettings": { "Ports": { "80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}], "443/tcp": null } },
            "Name": "/web",
            "Labels": {"b": "2", "a": "1"},
        });
        let run = |template: &str| render(template, &data).unwrap_or_else(|e| format!("error: {e}"));
        assert_eq!(
            run(
                "{{range $p, $conf := .NetworkSettings.Ports}}{{$p}}->{{if $conf}}{{(index $conf 0).HostPort}}{{end}};{{end}}"
            ),
            "443/tcp->;80/tcp->8080;"
        );
        assert_eq!(run("{{$n := .Name}}{{range .Labels}}{{$n}}={{.}} {{end}}"), "/web=1 /web=2 ");
        assert_eq!(run("{{range $v := .Labels}}{{$v}}{{$.Name}} {{end}}"), "1/web 2/web ");
        assert_eq!(run("{{.Labels}}"), "map[a:1 b:2]");
        assert_eq!(run("{{printf \"%s has %d labels%s\" .Name (len .Labels) \"!\"}}"), "/web has 2 labels!");
        assert_eq!(run("{{printf \"%q %s\" .Name}}"), "\"/web\" %!s(MISSING)");
        assert_eq!(run("{{$nope}}"), "error: template parsing error: template: :1: undefined variable \"$nope\"");
    }
}
