//! Text commands: `echo`, `printf`, `cat`, `head`, `tail`, `wc`, `grep`, `sed`, `sort`, `uniq`,
//! `tr`, `cut`, `seq`, `basename`, `dirname`, `xargs` and `tee`.
//!
//! They read whole inputs (files or stdin) and write whole outputs; messages follow GNU coreutils.

use super::{read_inputs, split_flags};
use crate::sh::machine::{Ctrl, Io, Machine};
use crate::sh::programs::Proc;

/// The widest field or precision a `printf` format gets (1 MiB).
pub(crate) const MAX_FIELD: usize = 1 << 20;

/// `echo`; `interpret` turns on dash-style backslash escapes (`\n`, `\t`, `\c`).
pub(crate) fn echo(m: &mut Machine, io: &Io, args: &[String], interpret: bool) {
    let mut newline = true;
    let mut escapes = interpret;
    let mut idx = 0;
    while idx < args.len() {
        match args[idx].as_str() {
            "-n" => newline = false,
            "-e" if !interpret => escapes = true,
            "-E" if !interpret => escapes = false,
            "-ne" | "-en" if !interpret => {
                newline = false;
                escapes = true;
            }
            _ => break,
        }
        idx += 1;
    }
    let mut text = args[idx..].join(" ");
    if escapes {
        let (expanded, stop) = unescape(&text);
        text = expanded;
        if stop {
            newline = false;
        }
    }
    if newline {
        text.push('\n');
    }
    m.write(io.out, &text);
}

/// `/bin/echo` (GNU or busybox): escapes only with `-e`.
pub(crate) fn echo_program(m: &mut Machine, p: &Proc) {
    let args = p.args().to_vec();
    echo(m, &p.io, &args, false);
}

/// Backslash escapes; the flag says `\c` stopped output.
fn unescape(text: &str) -> (String, bool) {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('a') => out.push('\u{7}'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('v') => out.push('\u{b}'),
            Some('\\') => out.push('\\'),
            Some('e') => out.push('\u{1b}'),
            Some('c') => return (out, true),
            Some('0') => {
                let mut value = 0u32;
                for _ in 0..3 {
                    match chars.peek() {
                        Some(d @ '0'..='7') => {
                            value = value * 8 + d.to_digit(8).unwrap_or(0);
                            chars.next();
                        }
                        _ => break,
                    }
                }
                out.push(char::from_u32(value).unwrap_or('?'));
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    (out, false)
}

/// `printf FORMAT ARGS…` with `%s %d %i %x %o %c %%`, widths and escapes; the format repeats
/// while arguments remain.
pub(crate) fn printf(m: &mut Machine, io: &Io, args: &[String]) -> Result<i32, Ctrl> {
    let Some(format) = args.first() else {
        m.err(io, "printf: usage: printf format [arguments]");
        return Ok(2);
    };
    let (format, _) = unescape(format);
    let mut rest = args[1..].iter();
    let mut out = String::new();
    let mut status = 0;
    for _ in 0..1000 {
        let mut consumed = false;
        let chars: Vec<char> = format.chars().collect();
        let mut idx = 0;
        while idx < chars.len() {
            if chars[idx] != '%' {
                out.push(chars[idx]);
                idx += 1;
                continue;
            }
            idx += 1;
            let mut spec = String::new();
            while idx < chars.len() && "-+ 0#.123456789".contains(chars[idx]) {
                spec.push(chars[idx]);
                idx += 1;
            }
            let Some(&conv) = chars.get(idx) else { break };
            idx += 1;
            if conv == '%' {
                out.push('%');
                continue;
            }
            let arg = rest.next();
            consumed |= arg.is_some();
            let arg = arg.map(String::as_str).unwrap_or("");
            let left = spec.starts_with('-');
            let zero = spec.starts_with('0');
            // Field widths and precisions are capped (MAX_FIELD) so that no format can ask for more
            // memory than the machine has (found by fuzzing: `%0…06699361459469336573d`).
            let width: usize = spec
                .trim_start_matches(['-', '0', '+', ' ', '#'])
                .split('.')
                .next()
                .unwrap_or("")
                .parse::<usize>()
                .unwrap_or(0)
                .min(MAX_FIELD);
            let precision: Option<usize> =
                spec.split_once('.').and_then(|(_, p)| p.parse::<usize>().ok()).map(|p| p.min(MAX_FIELD));
            let body = match conv {
                's' => match precision {
                    Some(p) => arg.chars().take(p).collect(),
                    None => arg.to_string(),
                },
                'b' => unescape(arg).0,
                'c' => arg.chars().next().map(String::from).unwrap_or_default(),
                'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                    let value = if arg.is_empty() {
                        0
                    } else {
                        match arg.trim().parse::<i64>() {
                            Ok(v) => v,
                            Err(_) => {
                                m.err(io, &format!("printf: {arg}: invalid number"));
                                status = 1;
                                0
                            }
                        }
                    };
                    match conv {
                        'x' => format!("{value:x}"),
                        'X' => format!("{value:X}"),
                        'o' => format!("{value:o}"),
                        _ => value.to_string(),
                    }
                }
                'f' => {
                    let value: f64 = arg.trim().parse().unwrap_or(0.0);
                    format!("{value:.*}", precision.unwrap_or(6))
                }
                other => format!("%{other}"),
            };
            let pad = width.saturating_sub(body.chars().count());
            if left {
                out.push_str(&body);
                out.push_str(&" ".repeat(pad));
            } else if zero && conv != 's' {
                out.push_str(&"0".repeat(pad));
                out.push_str(&body);
            } else {
                out.push_str(&" ".repeat(pad));
                out.push_str(&body);
            }
            // Wide fields add up (a format is repeated for every argument), so the output is written
            // and paid for as it grows: a format that prints without end ends with the budget.
            if out.len() >= FLUSH_AT {
                m.write(io.out, &out);
                out.clear();
                m.spend(0)?;
            }
        }
        if !consumed || rest.len() == 0 {
            break;
        }
    }
    m.write(io.out, &out);
    Ok(status)
}

/// How much `printf` output is gathered before it is written and paid for.
const FLUSH_AT: usize = 64 * 1024;

pub(crate) fn lines_of(text: &str) -> Vec<&str> {
    let trimmed = text.strip_suffix('\n').unwrap_or(text);
    if trimmed.is_empty() && text.is_empty() { Vec::new() } else { trimmed.split('\n').collect() }
}

pub(crate) fn emit_lines(m: &mut Machine, p: &Proc, lines: &[impl AsRef<str>]) {
    let mut out = String::new();
    for line in lines {
        out.push_str(line.as_ref());
        out.push('\n');
    }
    m.write(p.io.out, &out);
}

/// Parses `-n 5`, `-5`, `-n5`, `-n +2` for head and tail.
fn count_arg(args: &[String]) -> (Option<String>, Vec<String>) {
    let mut count = None;
    let mut files = Vec::new();
    let mut idx = 0;
    while idx < args.len() {
        let arg = &args[idx];
        if arg == "-n" || arg == "-c" {
            count = args.get(idx + 1).cloned();
            idx += 2;
            continue;
        }
        if let Some(n) = arg.strip_prefix("-n") {
            count = Some(n.to_string());
        } else if arg.len() > 1 && arg.starts_with('-') && arg[1..].chars().all(|c| c.is_ascii_digit()) {
            count = Some(arg[1..].to_string());
        } else if arg == "-f" || arg == "-F" || arg == "-q" {
        } else {
            files.push(arg.clone());
        }
        idx += 1;
    }
    (count, files)
}

/// Runs one of the text filters.
pub(crate) fn run(m: &mut Machine, name: &str, p: &mut Proc) -> Result<i32, Ctrl> {
    let args = p.args().to_vec();
    let status = match name {
        "cat" => {
            let (_, files) = split_flags(&args);
            let (data, status) = read_inputs(m, p, "cat", &files);
            m.write(p.io.out, &data);
            status
        }
        "tee" => {
            let (flags, files) = split_flags(&args);
            let data = p.io.read_all();
            for file in files {
                let path = p.path(&file);
                let existing = if flags.contains('a') { m.read_text(&path).unwrap_or_default() } else { String::new() };
                if m.write_text(&path, &(existing + &data)).is_err() {
                    p.err(m, &format!("tee: {file}: No such file or directory"));
                }
            }
            m.write(p.io.out, &data);
            0
        }
        "head" | "tail" => {
            let (count, files) = count_arg(&args);
            if name == "tail" && args.iter().any(|a| a == "-f" || a == "-F") {
                // `tail -f` never returns: it keeps the container alive.
                let (data, _) = read_inputs(m, p, name, &files);
                let lines = lines_of(&data);
                let keep = &lines[lines.len().saturating_sub(10)..];
                emit_lines(m, p, keep);
                return Err(Ctrl::Serving(crate::sh::Listener::idle("tail")));
            }
            let (data, status) = read_inputs(m, p, name, &files);
            let lines = lines_of(&data);
            let count_text = count.unwrap_or_else(|| "10".to_string());
            let from_start = count_text.starts_with('+');
            let n: usize = count_text.trim_start_matches(['+', '-']).parse().unwrap_or(10);
            let selected: &[&str] = if name == "head" {
                &lines[..n.min(lines.len())]
            } else if from_start {
                &lines[n.saturating_sub(1).min(lines.len())..]
            } else {
                &lines[lines.len().saturating_sub(n)..]
            };
            emit_lines(m, p, selected);
            status
        }
        "wc" => {
            let (flags, files) = split_flags(&args);
            let (data, status) = read_inputs(m, p, "wc", &files);
            let lines = data.matches('\n').count();
            let words = data.split_whitespace().count();
            let bytes = data.len();
            let line = if flags.is_empty() {
                if files.is_empty() {
                    format!("{lines:7} {words:7} {bytes:7}")
                } else {
                    format!("{lines} {words} {bytes} {}", files.join(" "))
                }
            } else {
                let mut parts = Vec::new();
                if flags.contains('l') {
                    parts.push(lines.to_string());
                }
                if flags.contains('w') {
                    parts.push(words.to_string());
                }
                if flags.contains('c') || flags.contains('m') {
                    parts.push(bytes.to_string());
                }
                if let Some(file) = files.first() {
                    parts.push(file.clone());
                }
                parts.join(" ")
            };
            p.out(m, &line);
            status
        }
        "grep" | "egrep" => super::regex::grep(m, p, &args),
        "sed" => super::regex::sed(m, p, &args),
        "sort" => {
            let (flags, files) = split_flags(&args);
            let (data, status) = read_inputs(m, p, "sort", &files);
            let mut lines: Vec<&str> = lines_of(&data);
            if flags.contains('n') {
                lines.sort_by_key(|l| l.split_whitespace().next().and_then(|n| n.parse::<i64>().ok()).unwrap_or(0));
            } else {
                lines.sort();
            }
            if flags.contains('r') {
                lines.reverse();
            }
            if flags.contains('u') {
                lines.dedup();
            }
            emit_lines(m, p, &lines);
            status
        }
        "uniq" => {
            let (flags, files) = split_flags(&args);
            let (data, status) = read_inputs(m, p, "uniq", &files);
            let mut groups: Vec<(usize, &str)> = Vec::new();
            for line in lines_of(&data) {
                match groups.last_mut() {
                    Some((count, last)) if *last == line => *count += 1,
                    _ => groups.push((1, line)),
                }
            }
            let out: Vec<String> = groups
                .into_iter()
                .map(|(count, line)| if flags.contains('c') { format!("{count:7} {line}") } else { line.to_string() })
                .collect();
            emit_lines(m, p, &out);
            status
        }
        "tr" => {
            let (flags, sets) = split_flags(&args);
            let data = p.io.read_all();
            let from = expand_set(sets.first().map(String::as_str).unwrap_or(""));
            let to = expand_set(sets.get(1).map(String::as_str).unwrap_or(""));
            let out: String = if flags.contains('d') {
                data.chars().filter(|c| !from.contains(c)).collect()
            } else {
                data.chars()
                    .map(|c| match from.iter().position(|f| *f == c) {
                        Some(idx) => to.get(idx).or(to.last()).copied().unwrap_or(c),
                        None => c,
                    })
                    .collect()
            };
            m.write(p.io.out, &out);
            0
        }
        "cut" => {
            let mut delim = '\t';
            let mut list: Option<(char, String)> = None;
            let mut only_delimited = false;
            let mut files = Vec::new();
            let mut idx = 0;
            while idx < args.len() {
                let arg = &args[idx];
                let (flag, inline) = match arg.as_str() {
                    "-d" | "-f" | "-c" | "-b" => (arg.chars().nth(1), None),
                    "-s" => {
                        only_delimited = true;
                        idx += 1;
                        continue;
                    }
                    _ if arg.len() > 2 && ["-d", "-f", "-c", "-b"].iter().any(|f| arg.starts_with(f)) => {
                        (arg.chars().nth(1), Some(arg[2..].to_string()))
                    }
                    _ => (None, None),
                };
                let Some(flag) = flag else {
                    files.push(arg.clone());
                    idx += 1;
                    continue;
                };
                let value = match inline {
                    Some(value) => value,
                    None => {
                        idx += 1;
                        args.get(idx).cloned().unwrap_or_default()
                    }
                };
                if flag == 'd' {
                    delim = value.chars().next().unwrap_or('\t');
                } else {
                    list = Some((if flag == 'f' { 'f' } else { 'c' }, value));
                }
                idx += 1;
            }
            let Some((mode, spec)) = list else {
                p.err(m, "cut: you must specify a list of bytes, characters, or fields");
                p.err(m, "Try 'cut --help' for more information.");
                return Ok(1);
            };
            let Some(ranges) = cut_ranges(&spec) else {
                p.err(m, &format!("cut: invalid field value '{spec}'"));
                p.err(m, "Try 'cut --help' for more information.");
                return Ok(1);
            };
            let wanted = |n: usize| ranges.iter().any(|&(from, to)| n >= from && n <= to);
            let (data, status) = read_inputs(m, p, "cut", &files);
            let out: Vec<String> = lines_of(&data)
                .into_iter()
                .filter(|line| mode == 'c' || !only_delimited || line.contains(delim))
                .map(|line| {
                    if mode == 'c' {
                        return line.chars().enumerate().filter(|(i, _)| wanted(i + 1)).map(|(_, c)| c).collect();
                    }
                    if !line.contains(delim) {
                        return line.to_string();
                    }
                    let parts: Vec<&str> =
                        line.split(delim).enumerate().filter(|(i, _)| wanted(i + 1)).map(|(_, part)| part).collect();
                    parts.join(&delim.to_string())
                })
                .collect();
            emit_lines(m, p, &out);
            status
        }
        "seq" => {
            let numbers: Vec<i64> = args.iter().filter_map(|a| a.parse().ok()).collect();
            let (first, step, last) = match numbers.as_slice() {
                [last] => (1, 1, *last),
                [first, last] => (*first, 1, *last),
                [first, step, last] => (*first, *step, *last),
                _ => {
                    p.err(m, "seq: missing operand");
                    p.err(m, "Try 'seq --help' for more information.");
                    return Ok(1);
                }
            };
            let mut out = Vec::new();
            let mut value = first;
            while step != 0 && ((step > 0 && value <= last) || (step < 0 && value >= last)) && out.len() < 100_000 {
                m.tick()?;
                out.push(value.to_string());
                value += step;
            }
            emit_lines(m, p, &out);
            0
        }
        "basename" => match args.first() {
            Some(path) => {
                let mut base = crate::fs::basename(path).to_string();
                if let Some(suffix) = args.get(1)
                    && base != *suffix
                {
                    base = base.strip_suffix(suffix.as_str()).unwrap_or(&base).to_string();
                }
                p.out(m, &base);
                0
            }
            None => {
                p.err(m, "basename: missing operand");
                p.err(m, "Try 'basename --help' for more information.");
                1
            }
        },
        "dirname" => match args.first() {
            Some(path) => {
                let trimmed = path.trim_end_matches('/');
                let dir = match trimmed.rfind('/') {
                    Some(0) => "/".to_string(),
                    Some(idx) => trimmed[..idx].to_string(),
                    None => {
                        if path.starts_with('/') {
                            "/".to_string()
                        } else {
                            ".".to_string()
                        }
                    }
                };
                p.out(m, &dir);
                0
            }
            None => {
                p.err(m, "dirname: missing operand");
                p.err(m, "Try 'dirname --help' for more information.");
                1
            }
        },
        "xargs" => {
            let data = p.io.read_all();
            let items: Vec<String> = data.split_whitespace().map(str::to_string).collect();
            let mut per_call = usize::MAX;
            let mut replace = None;
            let mut idx = 0;
            while idx < args.len() && args[idx].starts_with('-') {
                match args[idx].as_str() {
                    "-n" => {
                        per_call = args.get(idx + 1).and_then(|n| n.parse().ok()).unwrap_or(1);
                        idx += 1;
                    }
                    "-I" => {
                        replace = args.get(idx + 1).cloned();
                        idx += 1;
                    }
                    flag if flag.starts_with("-n") => per_call = flag[2..].parse().unwrap_or(1),
                    _ => {}
                }
                idx += 1;
            }
            let command: Vec<String> = if idx >= args.len() { vec!["echo".to_string()] } else { args[idx..].to_vec() };
            let per_call = if replace.is_some() { 1 } else { per_call.max(1) };
            let mut shell = crate::sh::interp::Shell::new(crate::sh::interp::Dialect::Dash, "xargs", &p.env, &p.cwd);
            let shell = shell_with_path(&mut shell, p);
            let mut status = 0;
            let batches: Vec<Vec<String>> = if items.is_empty() {
                vec![Vec::new()]
            } else {
                items.chunks(per_call.min(items.len())).map(<[String]>::to_vec).collect()
            };
            for batch in batches {
                m.tick()?;
                let argv: Vec<String> = match &replace {
                    Some(pattern) => command.iter().map(|a| a.replace(pattern.as_str(), &batch.join(" "))).collect(),
                    None => command.iter().cloned().chain(batch).collect(),
                };
                let res = crate::sh::exec::run_external(m, shell, &argv, p.env.clone(), &p.io)?;
                if res != 0 {
                    status = 123;
                }
            }
            return Ok(status);
        }
        _ => 0,
    };
    Ok(status)
}

fn shell_with_path<'a>(shell: &'a mut crate::sh::interp::Shell, p: &Proc) -> &'a crate::sh::interp::Shell {
    if let Some(path) = p.var("PATH") {
        shell.set("PATH", path.to_string());
    }
    shell
}

fn expand_set(set: &str) -> Vec<char> {
    match set {
        "[:lower:]" => ('a'..='z').collect(),
        "[:upper:]" => ('A'..='Z').collect(),
        "[:digit:]" => ('0'..='9').collect(),
        "[:space:]" => vec![' ', '\t', '\n', '\r'],
        _ => {
            let chars: Vec<char> = unescape(set).0.chars().collect();
            let mut out = Vec::new();
            let mut idx = 0;
            while idx < chars.len() {
                if idx + 2 < chars.len() && chars[idx + 1] == '-' {
                    let (start, end) = (chars[idx], chars[idx + 2]);
                    out.extend((start..=end).take(256));
                    idx += 3;
                } else {
                    out.push(chars[idx]);
                    idx += 1;
                }
            }
            out
        }
    }
}

/// A `cut` list (`1,3`, `2-`, `-4`, `3-5`) as 1-based inclusive ranges; `None` if it is malformed
/// (empty, zero, or not numbers).
fn cut_ranges(spec: &str) -> Option<Vec<(usize, usize)>> {
    let mut out = Vec::new();
    for part in spec.split(',') {
        let number = |text: &str| text.parse::<usize>().ok().filter(|n| *n > 0);
        let range = match part.split_once('-') {
            None => number(part).map(|n| (n, n)),
            Some(("", "")) => None,
            Some(("", to)) => number(to).map(|to| (1, to)),
            Some((from, "")) => number(from).map(|from| (from, usize::MAX)),
            Some((from, to)) => number(from).zip(number(to)),
        };
        out.push(range?);
    }
    Some(out)
}
