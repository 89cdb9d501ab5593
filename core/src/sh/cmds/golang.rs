//! `go build` and the binaries it makes. A build reads the package's `.go` files and records what its
//! program does that a learner can see: the lines `fmt.Println`, `fmt.Print`, `fmt.Printf` and
//! `println` print from string literals, in source order, and the port an `http.ListenAndServe`
//! listens on. The "binary" holds that record after a header that is not UTF-8 (so no shell takes it
//! for a script); running it prints the lines and, for a server, keeps serving.

use crate::fs::Content;
use crate::sh::machine::{Ctrl, Machine};
use crate::sh::programs::Proc;

/// The first bytes of a binary `go build` wrote (an ELF magic, then a byte that is not UTF-8).
pub(crate) const MAGIC: &[u8] = b"\x7fELF\xfflayerlab-go\n";

/// What a Go program shows when it runs.
#[derive(Debug, Default, PartialEq, Eq)]
struct Program {
    /// The lines it prints, in order.
    lines: Vec<String>,
    /// The port `http.ListenAndServe` listens on, if it serves.
    port: Option<u16>,
}

/// The `.go` files a `go build` or `go run` command line names (or every one in the working
/// directory), and the program they make; the exit status when there is none.
fn compile(m: &mut Machine, p: &Proc, args: &[String]) -> Result<(Vec<String>, Program), i32> {
    let mut files: Vec<String> = args.iter().filter(|a| a.ends_with(".go")).map(|a| p.path(a)).collect();
    let mut dir = p.cwd.clone();
    if files.is_empty() {
        // A package directory (`./cmd/server`) among the operands, else the working directory (also
        // for `.` and `./...`).
        let mut operands = args.iter().filter(|a| !a.starts_with('-'));
        let output = args.iter().position(|a| a == "-o").and_then(|i| args.get(i + 1));
        let package = operands
            .find(|a| Some(*a) != output)
            .map(|a| p.path(a.trim_end_matches("/...")))
            .filter(|dir| m.fs.stat(dir).is_some_and(|e| e.is_dir()));
        if let Some(package) = package {
            dir = package;
        }
        files =
            m.fs.read_dir(&dir)
                .unwrap_or_default()
                .into_iter()
                .filter(|(name, entry)| name.ends_with(".go") && !name.ends_with("_test.go") && entry.is_file())
                .map(|(name, _)| crate::fs::join(&dir, &name))
                .collect();
    }
    if files.is_empty() {
        p.err(m, &format!("no Go files in {dir}"));
        return Err(1);
    }
    let mut program = Program::default();
    for file in &files {
        let Some(source) = m.read_text(file) else {
            p.err(m, &format!("stat {file}: no such file or directory"));
            return Err(1);
        };
        let found = read_program(&source);
        program.lines.extend(found.lines);
        program.port = program.port.or(found.port);
    }
    m.advance(8000);
    Ok((files, program))
}

/// `go build [-o OUT] [FILES | PACKAGE]`: compiles into OUT (default: the file's or the directory's
/// name), creating OUT's directory as go does.
pub(crate) fn build(m: &mut Machine, p: &Proc, args: &[String]) -> Result<i32, Ctrl> {
    let output = args
        .iter()
        .position(|a| a == "-o")
        .and_then(|i| args.get(i + 1).cloned())
        .or_else(|| args.iter().find_map(|a| a.strip_prefix("-o=").map(str::to_string)));
    let (files, program) = match compile(m, p, &args[1..]) {
        Ok(compiled) => compiled,
        Err(status) => return Ok(status),
    };
    let first = crate::fs::basename(&files[0]).trim_end_matches(".go").to_string();
    let named_files = args.iter().any(|a| a.ends_with(".go"));
    let package_dir = crate::fs::split_parent(&files[0]).0.to_string();
    let default_name = if named_files { first.clone() } else { crate::fs::basename(&package_dir).to_string() };
    let path = p.path(&output.unwrap_or(default_name));
    let path = if m.fs.stat(&path).is_some_and(|e| e.is_dir()) { crate::fs::join(&path, &first) } else { path };
    let (uid, gid) = (m.uid, m.gid);
    let parent = crate::fs::split_parent(&path).0.to_string();
    let _ = m.fs.mkdir_all(&parent, 0o755, uid, gid);
    let mut bytes = MAGIC.to_vec();
    if let Some(port) = program.port {
        bytes.extend_from_slice(format!("serve {port}\n").as_bytes());
    }
    for line in &program.lines {
        bytes.extend_from_slice(b"line ");
        bytes.extend_from_slice(line.as_bytes());
        bytes.push(b'\n');
    }
    if let Err(e) = m.fs.write_file(&path, Content::bytes(&bytes), 0o755, uid, gid) {
        p.err(m, &format!("go: {e}"));
        return Ok(1);
    }
    Ok(0)
}

/// `go run FILES`: compiles and runs at once.
pub(crate) fn run(m: &mut Machine, p: &Proc, args: &[String]) -> Result<i32, Ctrl> {
    match compile(m, p, &args[1..]) {
        Ok((_, program)) => execute(m, p, &program),
        Err(status) => Ok(status),
    }
}

/// Prints a program's lines, then, for a server, serves on its port.
fn execute(m: &mut Machine, p: &Proc, program: &Program) -> Result<i32, Ctrl> {
    for line in &program.lines {
        p.out(m, line);
    }
    match program.port {
        Some(port) => Err(Ctrl::Serving(crate::sh::Listener {
            program: crate::fs::basename(&p.argv[0]).to_string(),
            port: Some(port),
            loopback: false,
            root: p.argv[0].clone(),
        })),
        None => Ok(0),
    }
}

/// Runs a binary `go build` wrote.
pub(crate) fn run_binary(m: &mut Machine, p: &Proc, bytes: &[u8]) -> Result<i32, Ctrl> {
    let record = String::from_utf8_lossy(&bytes[MAGIC.len().min(bytes.len())..]).into_owned();
    let mut program = Program::default();
    for entry in record.lines() {
        if let Some(line) = entry.strip_prefix("line ") {
            program.lines.push(line.to_string());
        } else if let Some(value) = entry.strip_prefix("serve ") {
            program.port = value.parse().ok();
        }
    }
    execute(m, p, &program)
}

/// The printed lines and the served port of one Go source file. An argument that is not a string
/// literal cannot be known without running Go: `Println` leaves it out and `Printf` keeps its verb.
fn read_program(source: &str) -> Program {
    let mut program = Program::default();
    let mut pending = String::new();
    let mut rest = source;
    while let Some(at) = rest.find(['f', 'p', 'h']) {
        rest = &rest[at..];
        let call = ["fmt.Println(", "fmt.Printf(", "fmt.Print(", "println(", "http.ListenAndServe("]
            .into_iter()
            .find(|name| rest.starts_with(name));
        let Some(call) = call else {
            rest = &rest[1..];
            continue;
        };
        rest = &rest[call.len()..];
        let arguments = call_arguments(rest);
        let literals = || arguments.iter().flatten().cloned();
        match call {
            "http.ListenAndServe(" => {
                program.port = literals().next().and_then(|addr| addr.rsplit(':').next()?.parse().ok());
            }
            "fmt.Printf(" => {
                if let Some(Some(format)) = arguments.first() {
                    pending.push_str(&printf(format, &arguments[1..]));
                }
            }
            "fmt.Print(" => pending.push_str(&literals().collect::<String>()),
            _ => {
                pending.push_str(&literals().collect::<Vec<_>>().join(" "));
                pending.push('\n');
            }
        }
        while let Some(end) = pending.find('\n') {
            program.lines.push(pending[..end].to_string());
            pending.drain(..=end);
        }
    }
    if !pending.is_empty() {
        program.lines.push(pending);
    }
    program
}

/// `fmt.Printf`'s format with `%s`, `%v`, `%d` and `%q` filled from the literal arguments in turn
/// (`%q` quoted), `%%` as `%`, and a verb whose argument is not a literal left as written.
fn printf(format: &str, arguments: &[Option<String>]) -> String {
    let mut out = String::new();
    let mut next = arguments.iter();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('%') => out.push('%'),
            Some(verb @ ('s' | 'v' | 'd' | 'q')) => match next.next() {
                Some(Some(value)) if verb == 'q' => out.push_str(&format!("{value:?}")),
                Some(Some(value)) => out.push_str(value),
                _ => {
                    out.push('%');
                    out.push(verb);
                }
            },
            Some(other) => {
                out.push('%');
                out.push(other);
            }
            None => out.push('%'),
        }
    }
    out
}

/// A call's arguments up to its closing parenthesis: each one that is a single string literal
/// (`"…"` with Go's escapes, or `` `…` ``) as its text, any other as `None`.
fn call_arguments(args: &str) -> Vec<Option<String>> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    let mut other = false;
    let mut chars = args.chars();
    let mut depth = 0;
    let mut finish = |current: &mut Option<String>, other: &mut bool| {
        out.push(if *other { None } else { current.take() });
        *current = None;
        *other = false;
    };
    while let Some(c) = chars.next() {
        match c {
            ')' | ',' if depth == 0 => {
                if current.is_some() || other {
                    finish(&mut current, &mut other);
                }
                if c == ')' {
                    break;
                }
            }
            '(' | '[' | '{' => {
                depth += 1;
                other = true;
            }
            ')' | ']' | '}' => depth -= 1,
            '`' if depth == 0 => {
                let literal: String = chars.by_ref().take_while(|&c| c != '`').collect();
                other |= current.replace(literal).is_some();
            }
            '"' if depth == 0 => {
                let mut literal = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => match chars.next() {
                            Some('n') => literal.push('\n'),
                            Some('t') => literal.push('\t'),
                            Some(other) => literal.push(other),
                            None => break,
                        },
                        other => literal.push(other),
                    }
                }
                other |= current.replace(literal).is_some();
            }
            c if c.is_whitespace() => {}
            _ => other = true,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_prints_and_the_served_port() {
        let source = "package main\nimport (\"fmt\"; \"net/http\")\nfunc main() {\n\tfmt.Println(\"hello\", \"world\")\n\tfmt.Printf(\"100%% %s\\n\", name)\n\tfmt.Print(\"a\")\n\tfmt.Print(`b`)\n\tprintln(\"c\")\n\thttp.ListenAndServe(\":8080\", nil)\n}\n";
        let program = read_program(source);
        assert_eq!(program.lines, ["hello world", "100% %s", "abc"]);
        assert_eq!(program.port, Some(8080));
        let program =
            read_program("fmt.Printf(\"%s is %d %q\\n\", \"x\", n, \"y\")\nfmt.Println(\"a\", f(1, \"b\"), \"c\")");
        assert_eq!(program.lines, ["x is %d \"y\"", "a c"]);
    }

    #[test]
    fn unterminated_calls_do_not_panic() {
        for source in ["fmt.Println(\"", "fmt.Printf(", "http.ListenAndServe(\":x", "println(`", "fmt.Print(\"\\"] {
            let _ = read_program(source);
        }
    }
}
