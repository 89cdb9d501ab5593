//! GNU `find`: start paths, then an expression of tests (`-name`, `-iname`, `-path`, `-type`,
//! `-empty`), operators (`!`, `-not`, `-a`, `-o`) and the global options `-maxdepth` and `-mindepth`;
//! without an action every match is printed. The walk is depth first, a directory before its entries,
//! entries in name order (a real directory's order is whatever `readdir` gives). Messages are
//! findutils 4.8's.

use crate::fs::{Entry, basename, join};
use crate::sh::glob::fnmatch;
use crate::sh::machine::Machine;
use crate::sh::programs::Proc;

/// One test of the expression.
#[derive(Debug, Clone)]
enum Test {
    Name {
        pattern: String,
        fold: bool,
    },
    Path {
        pattern: String,
        fold: bool,
    },
    Type(Vec<char>),
    Empty,
    Print,
    /// A real predicate this simulation does not evaluate (`-size`, `-mtime`, `-exec` …): true.
    Ignored,
}

/// A test, possibly negated.
#[derive(Debug, Clone)]
struct Term {
    negated: bool,
    test: Test,
}

/// The expression: alternatives (`-o`) of conjunctions.
#[derive(Debug, Default)]
struct Expression {
    any: Vec<Vec<Term>>,
    prints: bool,
    max_depth: Option<usize>,
    min_depth: usize,
}

/// Predicates GNU find knows that take one argument and are not simulated.
const IGNORED_WITH_ARG: &[&str] = &[
    "-size",
    "-mtime",
    "-mmin",
    "-atime",
    "-amin",
    "-ctime",
    "-cmin",
    "-newer",
    "-perm",
    "-user",
    "-group",
    "-uid",
    "-gid",
    "-links",
    "-inum",
    "-samefile",
    "-regex",
    "-iregex",
    "-lname",
    "-ilname",
    "-fprint",
    "-printf",
];

/// Predicates GNU find knows that take no argument and are not simulated.
const IGNORED: &[&str] = &[
    "-prune",
    "-delete",
    "-ls",
    "-print0",
    "-readable",
    "-writable",
    "-executable",
    "-true",
    "-false",
    "-quit",
    "-xdev",
    "-mount",
    "-depth",
    "-nouser",
    "-nogroup",
    "-noleaf",
    "-follow",
];

/// Runs `find`.
pub(crate) fn run(m: &mut Machine, p: &mut Proc) -> i32 {
    let args = p.args().to_vec();
    let is_expression = |a: &str| (a.starts_with('-') && a.len() > 1) || matches!(a, "!" | "(" | ")" | ",");
    let split = args.iter().position(|a| is_expression(a)).unwrap_or(args.len());
    let starts: Vec<String> = if split == 0 { vec![".".to_string()] } else { args[..split].to_vec() };
    let expression = match parse(&args[split..]) {
        Ok(e) => e,
        Err(message) => {
            p.err(m, &format!("find: {message}"));
            return 1;
        }
    };
    if m.tty {
        // findutils warns about a late global option only when a person is typing (stdin is a tty).
        if let Some(warning) = late_global_option(&args[split..]) {
            p.err(m, &format!("find: warning: {warning}"));
        }
    }
    let mut status = 0;
    for start in &starts {
        let root = p.path(start);
        let Some(entry) = m.fs.lstat(&root) else {
            p.err(m, &format!("find: '{start}': No such file or directory"));
            status = 1;
            continue;
        };
        let mut stack = vec![(root, start.clone(), entry, 0usize)];
        let mut budget = 200_000usize;
        while let Some((path, shown, entry, depth)) = stack.pop() {
            budget = budget.saturating_sub(1);
            if budget == 0 {
                break;
            }
            if depth >= expression.min_depth && expression.matches(&shown, &entry, m, &path) {
                p.out(m, &shown);
            }
            if !entry.is_dir() || expression.max_depth.is_some_and(|max| depth >= max) {
                continue;
            }
            let Ok(children) = m.fs.read_dir(&path) else { continue };
            m.note_work(children.len() as u64);
            for (name, child) in children.into_iter().rev() {
                let child_shown =
                    if shown.ends_with('/') { format!("{shown}{name}") } else { format!("{shown}/{name}") };
                stack.push((join(&path, &name), child_shown, child, depth + 1));
            }
        }
    }
    status
}

impl Expression {
    /// Whether the entry matches (and so is printed: an explicit `-print` prints exactly where the
    /// expression reaches it, which for this and-or form is the same as a match of its branch).
    fn matches(&self, shown: &str, entry: &Entry, m: &Machine, path: &str) -> bool {
        if self.any.is_empty() {
            return true;
        }
        self.any.iter().any(|all| {
            all.iter().all(|term| term.negated != term.test.holds(shown, entry, m, path))
                && (!self.prints || all.iter().any(|t| matches!(t.test, Test::Print) && !t.negated))
        })
    }
}

impl Test {
    fn holds(&self, shown: &str, entry: &Entry, m: &Machine, path: &str) -> bool {
        match self {
            Test::Name { pattern, fold } => {
                let trimmed = shown.trim_end_matches('/');
                let base = if trimmed.is_empty() { "/" } else { basename(trimmed) };
                glob(pattern, base, *fold)
            }
            Test::Path { pattern, fold } => glob(pattern, shown, *fold),
            Test::Type(kinds) => kinds.iter().any(|k| match k {
                'f' => entry.is_file(),
                'd' => entry.is_dir(),
                'l' => entry.is_symlink(),
                _ => false,
            }),
            Test::Empty => {
                if entry.is_dir() {
                    m.fs.read_dir(path).is_ok_and(|children| children.is_empty())
                } else {
                    entry.is_file() && entry.size() == 0
                }
            }
            Test::Print | Test::Ignored => true,
        }
    }
}

/// `fnmatch`, case-folded for `-iname` and `-ipath`.
fn glob(pattern: &str, text: &str, fold: bool) -> bool {
    if fold { fnmatch(&pattern.to_lowercase(), &text.to_lowercase()) } else { fnmatch(pattern, text) }
}

/// Parses the expression after the start paths.
fn parse(args: &[String]) -> Result<Expression, String> {
    let mut expression = Expression::default();
    let mut current: Vec<Term> = Vec::new();
    let mut negated = false;
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        let test = match arg {
            "!" | "-not" => {
                negated = !negated;
                i += 1;
                continue;
            }
            "-a" | "-and" | "(" | ")" => {
                i += 1;
                continue;
            }
            "-o" | "-or" | "," => {
                expression.any.push(std::mem::take(&mut current));
                i += 1;
                continue;
            }
            "-maxdepth" | "-mindepth" => {
                let text = take(args, &mut i)?;
                let n = text
                    .parse::<usize>()
                    .map_err(|_| format!("Expected a positive decimal integer argument to {arg}, but got '{text}'"))?;
                if arg == "-maxdepth" {
                    expression.max_depth = Some(n);
                } else {
                    expression.min_depth = n;
                }
                i += 1;
                continue;
            }
            "-name" | "-iname" => Test::Name { pattern: take(args, &mut i)?, fold: arg == "-iname" },
            "-path" | "-ipath" | "-wholename" | "-iwholename" => {
                Test::Path { pattern: take(args, &mut i)?, fold: arg.starts_with("-i") }
            }
            "-type" => {
                let text = take(args, &mut i)?;
                let kinds: Vec<char> = text.split(',').filter_map(|k| k.chars().next()).collect();
                if text.is_empty() || kinds.iter().any(|k| !"bcdpflsD".contains(*k)) {
                    return Err(format!("Unknown argument to -type: {text}"));
                }
                Test::Type(kinds)
            }
            "-empty" => Test::Empty,
            "-print" => {
                expression.prints = true;
                Test::Print
            }
            "-exec" | "-execdir" | "-ok" | "-okdir" => {
                // The command runs per match in real find; here the paths are not printed either.
                expression.prints = true;
                let end = args[i + 1..].iter().position(|a| a == ";" || a == "+");
                match end {
                    Some(offset) => i += offset + 1,
                    None => return Err(format!("missing argument to '{arg}'")),
                }
                Test::Ignored
            }
            name if IGNORED_WITH_ARG.contains(&name) => {
                take(args, &mut i)?;
                Test::Ignored
            }
            name if IGNORED.contains(&name) => Test::Ignored,
            other if other.starts_with('-') => return Err(format!("unknown predicate '{other}'")),
            other => return Err(format!("paths must precede expression: '{other}'")),
        };
        current.push(Term { negated, test });
        negated = false;
        i += 1;
    }
    if !current.is_empty() || !expression.any.is_empty() {
        expression.any.push(current);
    }
    Ok(expression)
}

/// The argument of the predicate at `args[*i]`, moving `i` onto it.
fn take(args: &[String], i: &mut usize) -> Result<String, String> {
    let predicate = &args[*i];
    *i += 1;
    args.get(*i).cloned().ok_or_else(|| format!("missing argument to '{predicate}'"))
}

/// findutils' warning for `-maxdepth` or `-mindepth` after a test.
fn late_global_option(args: &[String]) -> Option<String> {
    let mut first_test: Option<&str> = None;
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        match arg {
            "-maxdepth" | "-mindepth" => {
                if let Some(test) = first_test {
                    return Some(format!(
                        "you have specified the global option {arg} after the argument {test}, but global options are not positional, i.e., {arg} affects tests specified before it as well as those specified after it.  Please specify global options before other arguments."
                    ));
                }
                i += 2;
                continue;
            }
            a if a.starts_with('-') && first_test.is_none() => first_test = Some(a),
            _ => {}
        }
        i += 1;
    }
    None
}
