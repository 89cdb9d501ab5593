//! `grep` and `sed` over POSIX regular expressions ([`super::re`]): grep's `-E`, `-F`, `-i`, `-v`,
//! `-c`, `-q`, `-o`, `-n`, `-w`, `-x`; sed's addresses (`N`, `$`, `/re/`, ranges, `!`), the
//! commands `s`, `p`, `d`, `q`, `Q`, `=`, `a`, `i`, `c` and `y`, and `-n`, `-e`, `-i`, `-E`.

use super::re::Regex;
use super::read_inputs;
use super::text::{emit_lines, lines_of};
use crate::sh::machine::Machine;
use crate::sh::programs::Proc;

/// Escapes a fixed string (`grep -F`) so that it matches itself as a basic regex.
fn literal_pattern(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if "\\.[]*^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub(crate) fn grep(m: &mut Machine, p: &Proc, args: &[String]) -> i32 {
    let mut flags = String::new();
    let mut rest = Vec::new();
    let mut pattern = None;
    let mut idx = 0;
    while idx < args.len() {
        let arg = &args[idx];
        if arg == "-e" {
            pattern = args.get(idx + 1).cloned();
            idx += 2;
            continue;
        }
        if let Some(long) = arg.strip_prefix("--") {
            let short = match long.split('=').next().unwrap_or(long) {
                "ignore-case" => "i",
                "invert-match" => "v",
                "count" => "c",
                "quiet" | "silent" => "q",
                "extended-regexp" => "E",
                "fixed-strings" => "F",
                "line-number" => "n",
                "only-matching" => "o",
                "word-regexp" => "w",
                "line-regexp" => "x",
                _ => "",
            };
            flags.push_str(short);
        } else if arg.starts_with('-') && arg.len() > 1 {
            flags.push_str(&arg[1..]);
        } else {
            rest.push(arg.clone());
        }
        idx += 1;
    }
    let pattern = match pattern {
        Some(pattern) => pattern,
        None if !rest.is_empty() => rest.remove(0),
        None => {
            p.err(m, "Usage: grep [OPTION]... PATTERNS [FILE]...");
            p.err(m, "Try 'grep --help' for more information.");
            return 2;
        }
    };
    let extended = flags.contains('E') || p.argv.first().is_some_and(|a| a.ends_with("egrep"));
    let mut source = if flags.contains('F') { literal_pattern(&pattern) } else { pattern.clone() };
    if flags.contains('F') && extended {
        source =
            pattern.chars().flat_map(|c| if "\\.[]*^$+?(){}|".contains(c) { vec!['\\', c] } else { vec![c] }).collect();
    }
    if flags.contains('w') {
        source = if extended { format!("\\b({source})\\b") } else { format!("\\b\\({source}\\)\\b") };
    }
    if flags.contains('x') {
        source = if extended { format!("^({source})$") } else { format!("^\\({source}\\)$") };
    }
    let regex = match Regex::new(&source, extended, flags.contains('i')) {
        Ok(regex) => regex,
        Err(error) => {
            p.err(m, &format!("grep: {error}"));
            return 2;
        }
    };
    let (data, status) = read_inputs(m, p, "grep", &rest);
    let (invert, count, quiet) = (flags.contains('v'), flags.contains('c'), flags.contains('q'));
    let numbered = flags.contains('n');
    let mut matched: Vec<String> = Vec::new();
    for (n, line) in lines_of(&data).into_iter().enumerate() {
        let prefix = if numbered { format!("{}:", n + 1) } else { String::new() };
        if flags.contains('o') && !invert {
            // Every non-empty match on its own line.
            let mut from = 0;
            while let Some(found) = regex.find_at(line, from) {
                if found.end > found.start {
                    matched.push(format!("{prefix}{}", &line[found.start..found.end]));
                }
                from = if found.end > found.start {
                    found.end
                } else {
                    found.end + line[found.end..].chars().next().map_or(1, char::len_utf8)
                };
                if from > line.len() {
                    break;
                }
            }
        } else if regex.is_match(line) != invert {
            matched.push(format!("{prefix}{line}"));
        }
    }
    if count {
        p.out(m, &matched.len().to_string());
    } else if !quiet {
        let lines: Vec<&str> = matched.iter().map(String::as_str).collect();
        emit_lines(m, p, &lines);
    }
    if status != 0 && (!quiet || matched.is_empty()) {
        return 2;
    }
    i32::from(matched.is_empty())
}

/// Where a sed command applies.
#[derive(Debug, Clone)]
enum Address {
    Line(usize),
    Last,
    Pattern(Regex),
}

/// One sed command with its addresses.
#[derive(Debug, Clone)]
struct SedCommand {
    from: Option<Address>,
    to: Option<Address>,
    negate: bool,
    action: Action,
}

#[derive(Debug, Clone)]
enum Action {
    Substitute { regex: Regex, replacement: String, global: bool, nth: usize, print: bool },
    Print,
    Delete,
    Quit(i32),
    QuitSilently(i32),
    LineNumber,
    Append(String),
    Insert(String),
    Change(String),
    Translate(Vec<char>, Vec<char>),
}

/// Reads a delimited part (`/re/`, the parts of `s/a/b/`), unescaping the delimiter.
fn delimited(chars: &[char], pos: &mut usize, delim: char) -> Option<String> {
    let mut out = String::new();
    while *pos < chars.len() {
        let c = chars[*pos];
        *pos += 1;
        if c == '\\' && *pos < chars.len() {
            let next = chars[*pos];
            *pos += 1;
            if next == delim {
                out.push(delim);
            } else {
                out.push('\\');
                out.push(next);
            }
        } else if c == delim {
            return Some(out);
        } else {
            out.push(c);
        }
    }
    None
}

/// GNU sed's escapes for characters (`\r`, `\f`, `\v`, `\a`), which grep does not have: `sed -i
/// 's/\r$//'` is how Dockerfiles strip Windows line endings. Other escapes stay for the regex.
fn sed_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('r') => out.push('\r'),
            Some('f') => out.push('\u{c}'),
            Some('v') => out.push('\u{b}'),
            Some('a') => out.push('\u{7}'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

fn parse_sed(script: &str, extended: bool, expression: usize) -> Result<Vec<SedCommand>, String> {
    let chars: Vec<char> = script.chars().collect();
    let mut pos = 0;
    let mut commands = Vec::new();
    let error = |pos: usize, what: &str| format!("-e expression #{expression}, char {pos}: {what}");
    let skip_blank = |pos: &mut usize| {
        while *pos < chars.len() && (chars[*pos].is_whitespace() || chars[*pos] == ';') {
            *pos += 1;
        }
    };
    let address = |pos: &mut usize| -> Result<Option<Address>, String> {
        match chars.get(*pos) {
            Some(c) if c.is_ascii_digit() => {
                let start = *pos;
                while chars.get(*pos).is_some_and(char::is_ascii_digit) {
                    *pos += 1;
                }
                let n: usize = chars[start..*pos].iter().collect::<String>().parse().unwrap_or(0);
                if n == 0 {
                    return Err(error(*pos, "invalid usage of line address 0"));
                }
                Ok(Some(Address::Line(n)))
            }
            Some('$') => {
                *pos += 1;
                Ok(Some(Address::Last))
            }
            Some('/') | Some('\\') => {
                let delim = if chars[*pos] == '\\' {
                    *pos += 1;
                    chars.get(*pos).copied().unwrap_or('/')
                } else {
                    '/'
                };
                *pos += 1;
                let source = delimited(&chars, pos, delim).ok_or_else(|| error(*pos, "unterminated address regex"))?;
                let icase = chars.get(*pos) == Some(&'I');
                if icase {
                    *pos += 1;
                }
                let regex = Regex::new(&sed_escapes(&source), extended, icase).map_err(|e| error(*pos, &e))?;
                Ok(Some(Address::Pattern(regex)))
            }
            _ => Ok(None),
        }
    };
    loop {
        skip_blank(&mut pos);
        if pos >= chars.len() {
            break;
        }
        let from = address(&mut pos)?;
        let mut to = None;
        if from.is_some() && chars.get(pos) == Some(&',') {
            pos += 1;
            to = address(&mut pos)?;
            if to.is_none() {
                return Err(error(pos, "unexpected `,'"));
            }
        }
        while chars.get(pos).is_some_and(|c| *c == ' ') {
            pos += 1;
        }
        let mut negate = false;
        if chars.get(pos) == Some(&'!') {
            negate = true;
            pos += 1;
        }
        let Some(&command) = chars.get(pos) else {
            return Err(error(pos, "missing command"));
        };
        pos += 1;
        let rest_of_line = |pos: &mut usize| -> String {
            let start = *pos;
            while *pos < chars.len() && chars[*pos] != '\n' {
                *pos += 1;
            }
            let text: String = chars[start..*pos].iter().collect();
            text.strip_prefix('\\').unwrap_or(&text).trim_start().to_string()
        };
        let number = |pos: &mut usize| -> i32 {
            while chars.get(*pos) == Some(&' ') {
                *pos += 1;
            }
            let start = *pos;
            while chars.get(*pos).is_some_and(char::is_ascii_digit) {
                *pos += 1;
            }
            chars[start..*pos].iter().collect::<String>().parse().unwrap_or(0)
        };
        let action = match command {
            's' => {
                let delim = *chars.get(pos).ok_or_else(|| error(pos, "unterminated `s' command"))?;
                pos += 1;
                let source =
                    delimited(&chars, &mut pos, delim).ok_or_else(|| error(pos, "unterminated `s' command"))?;
                let replacement =
                    delimited(&chars, &mut pos, delim).ok_or_else(|| error(pos, "unterminated `s' command"))?;
                let (mut global, mut nth, mut print, mut icase) = (false, 1, false, false);
                while let Some(&flag) = chars.get(pos) {
                    match flag {
                        'g' => global = true,
                        'p' => print = true,
                        'i' | 'I' => icase = true,
                        d if d.is_ascii_digit() => nth = d as usize - '0' as usize,
                        ';' | '\n' | ' ' | '}' => break,
                        _ => return Err(error(pos + 1, "unknown option to `s'")),
                    }
                    pos += 1;
                }
                let regex = Regex::new(&sed_escapes(&source), extended, icase).map_err(|e| error(pos, &e))?;
                Action::Substitute { regex, replacement: sed_escapes(&replacement), global, nth: nth.max(1), print }
            }
            'p' => Action::Print,
            'd' => Action::Delete,
            'q' => Action::Quit(number(&mut pos)),
            'Q' => Action::QuitSilently(number(&mut pos)),
            '=' => Action::LineNumber,
            'a' => Action::Append(rest_of_line(&mut pos)),
            'i' => Action::Insert(rest_of_line(&mut pos)),
            'c' => Action::Change(rest_of_line(&mut pos)),
            'y' => {
                let delim = *chars.get(pos).ok_or_else(|| error(pos, "unterminated `y' command"))?;
                pos += 1;
                let a: Vec<char> = delimited(&chars, &mut pos, delim)
                    .ok_or_else(|| error(pos, "unterminated `y' command"))?
                    .chars()
                    .collect();
                let b: Vec<char> = delimited(&chars, &mut pos, delim)
                    .ok_or_else(|| error(pos, "unterminated `y' command"))?
                    .chars()
                    .collect();
                if a.len() != b.len() {
                    return Err(error(pos, "strings for `y' command are different lengths"));
                }
                Action::Translate(a, b)
            }
            other => return Err(error(pos, &format!("unknown command: `{other}'"))),
        };
        commands.push(SedCommand { from, to, negate, action });
    }
    Ok(commands)
}

/// The replacement text for one match: `&` is the match, `\\1`…`\\9` its groups, `\\n` a newline.
fn expand_replacement(replacement: &str, line: &str, found: &super::re::Match) -> String {
    let mut out = String::new();
    let mut chars = replacement.chars();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str(&line[found.start..found.end]),
            '\\' => match chars.next() {
                Some(d @ '0'..='9') => {
                    let n = d as usize - '0' as usize;
                    let span =
                        if n == 0 { Some((found.start, found.end)) } else { found.groups.get(n).copied().flatten() };
                    if let Some((s, e)) = span {
                        out.push_str(&line[s..e]);
                    }
                }
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            },
            other => out.push(other),
        }
    }
    out
}

/// Applies `s///` to one line; whether it replaced anything.
fn substitute(line: &str, regex: &Regex, replacement: &str, global: bool, nth: usize) -> Option<String> {
    let mut out = String::new();
    let mut from = 0;
    let mut last = 0;
    let mut count = 0;
    let mut replaced = false;
    while from <= line.len() {
        let Some(found) = regex.find_at(line, from) else { break };
        count += 1;
        if count >= nth {
            out.push_str(&line[last..found.start]);
            out.push_str(&expand_replacement(replacement, line, &found));
            last = found.end;
            replaced = true;
            if !global {
                break;
            }
        }
        from = if found.end > found.start {
            found.end
        } else {
            found.end + line[found.end..].chars().next().map_or(1, char::len_utf8)
        };
    }
    replaced.then(|| {
        out.push_str(&line[last.min(line.len())..]);
        out
    })
}

/// Runs a sed program over the lines of `text`; returns the output and the exit status.
fn run_sed(commands: &[SedCommand], text: &str, quiet: bool) -> (String, i32) {
    let lines = lines_of(text);
    let total = lines.len();
    let mut out = String::new();
    let mut in_range = vec![false; commands.len()];
    let matches = |address: &Address, n: usize, line: &str| match address {
        Address::Line(k) => *k == n,
        Address::Last => n == total,
        Address::Pattern(regex) => regex.is_match(line),
    };
    for (index, original) in lines.iter().enumerate() {
        let n = index + 1;
        let mut space = original.to_string();
        let mut deleted = false;
        let mut appended: Vec<String> = Vec::new();
        let mut quit = None;
        for (ci, command) in commands.iter().enumerate() {
            let selected = match (&command.from, &command.to) {
                (None, _) => true,
                (Some(from), None) => matches(from, n, &space),
                (Some(from), Some(to)) => {
                    if in_range[ci] {
                        let end = match to {
                            Address::Line(k) => n >= *k,
                            other => matches(other, n, &space),
                        };
                        if end {
                            in_range[ci] = false;
                        }
                        true
                    } else if matches(from, n, &space) {
                        // A line-number end at or before the start makes a one-line range.
                        in_range[ci] = match to {
                            Address::Line(k) => *k > n,
                            _ => true,
                        };
                        true
                    } else {
                        false
                    }
                }
            };
            if selected == command.negate {
                continue;
            }
            match &command.action {
                Action::Substitute { regex, replacement, global, nth, print } => {
                    if let Some(new) = substitute(&space, regex, replacement, *global, *nth) {
                        space = new;
                        if *print {
                            out.push_str(&space);
                            out.push('\n');
                        }
                    }
                }
                Action::Print => {
                    out.push_str(&space);
                    out.push('\n');
                }
                Action::Delete => {
                    deleted = true;
                    break;
                }
                Action::Quit(code) => {
                    quit = Some((*code, true));
                    break;
                }
                Action::QuitSilently(code) => {
                    quit = Some((*code, false));
                    break;
                }
                Action::LineNumber => out.push_str(&format!("{n}\n")),
                Action::Append(text) => appended.push(text.clone()),
                Action::Insert(text) => {
                    out.push_str(text);
                    out.push('\n');
                }
                Action::Change(text) => {
                    out.push_str(text);
                    out.push('\n');
                    deleted = true;
                    break;
                }
                Action::Translate(a, b) => {
                    space = space.chars().map(|c| a.iter().position(|x| *x == c).map_or(c, |i| b[i])).collect();
                }
            }
        }
        let print_space = !deleted && !quiet && quit.is_none_or(|(_, print)| print);
        if print_space {
            out.push_str(&space);
            out.push('\n');
        }
        for text in appended {
            out.push_str(&text);
            out.push('\n');
        }
        if let Some((code, _)) = quit {
            return (out, code);
        }
    }
    (out, 0)
}

pub(crate) fn sed(m: &mut Machine, p: &Proc, args: &[String]) -> i32 {
    let mut in_place = false;
    let mut quiet = false;
    let mut extended = false;
    let mut scripts = Vec::new();
    let mut files = Vec::new();
    let mut idx = 0;
    let mut explicit = false;
    while idx < args.len() {
        let arg = &args[idx];
        if arg == "-e" || arg == "--expression" {
            scripts.extend(args.get(idx + 1).cloned());
            explicit = true;
            idx += 2;
            continue;
        }
        if let Some(script) = arg.strip_prefix("--expression=") {
            scripts.push(script.to_string());
            explicit = true;
        } else if arg.starts_with("-i") || arg.starts_with("--in-place") {
            in_place = true;
        } else if arg == "-n" || arg == "--quiet" || arg == "--silent" {
            quiet = true;
        } else if arg == "-E" || arg == "-r" || arg == "--regexp-extended" {
            extended = true;
        } else if arg.starts_with('-') && arg.len() > 1 && !arg.starts_with("--") {
            // Combined short options such as -ne or -Ei.
            for c in arg[1..].chars() {
                match c {
                    'n' => quiet = true,
                    'E' | 'r' => extended = true,
                    'i' => in_place = true,
                    _ => {}
                }
            }
        } else if scripts.is_empty() && !explicit {
            scripts.push(arg.clone());
        } else {
            files.push(arg.clone());
        }
        idx += 1;
    }
    if scripts.is_empty() {
        p.err(m, "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...");
        return 1;
    }
    let mut commands = Vec::new();
    for (i, script) in scripts.iter().enumerate() {
        match parse_sed(script, extended, i + 1) {
            Ok(parsed) => commands.extend(parsed),
            Err(error) if p.busybox => {
                // busybox sed words its two common script errors differently.
                let message = if error.contains("unterminated `s'") {
                    "sed: unmatched '/'".to_string()
                } else if let Some(command) = error.split("unknown command: `").nth(1) {
                    format!("sed: unsupported command {}", command.trim_end_matches('\''))
                } else {
                    format!("sed: {error}")
                };
                p.err(m, &message);
                return 1;
            }
            Err(error) => {
                p.err(m, &format!("sed: {error}"));
                return 1;
            }
        }
    }
    if files.is_empty() {
        let data = p.io.read_all();
        let (out, code) = run_sed(&commands, &data, quiet);
        m.write(p.io.out, &out);
        return code;
    }
    let mut status = 0;
    for file in &files {
        let path = p.path(file);
        match m.read_text(&path) {
            Some(text) => {
                let (out, code) = run_sed(&commands, &text, quiet);
                if in_place {
                    let _ = m.write_text(&path, &out);
                } else {
                    m.write(p.io.out, &out);
                }
                status = status.max(code);
            }
            None => {
                p.err(m, &format!("sed: can't read {file}: No such file or directory"));
                status = 2;
            }
        }
    }
    status
}
