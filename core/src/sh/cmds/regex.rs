//! `grep` and `sed` over a small regular-expression subset: anchors, `.`, `.*`, literal text and
//! `|` alternation (`\\|` in basic syntax), plus `s///` with `g` and `/re/d` for sed.

use super::read_inputs;
use super::text::{emit_lines, lines_of};
use crate::sh::glob::fnmatch;
use crate::sh::machine::Machine;
use crate::sh::programs::Proc;

/// A basic-regex subset: `^`, `$`, `.`, `.*`, `x*`, literal text; `-E` adds `|` alternation.
fn regex_match(pattern: &str, line: &str, ignore_case: bool) -> bool {
    let (pattern, line) = if ignore_case {
        (pattern.to_lowercase(), line.to_lowercase())
    } else {
        (pattern.to_string(), line.to_string())
    };
    pattern.split('|').any(|alt| {
        let (anchored_start, glob, anchored_end) = alternative_glob(alt);
        let pattern =
            format!("{}{}{}", if anchored_start { "" } else { "*" }, glob, if anchored_end { "" } else { "*" });
        fnmatch(&pattern, &line)
    })
}

/// The leftmost, then longest, match of `pattern` in `line`, as byte offsets (`s///` replaces only it).
fn find_match(pattern: &str, line: &str) -> Option<(usize, usize)> {
    let bounds: Vec<usize> = line.char_indices().map(|(i, _)| i).chain([line.len()]).collect();
    let alternatives: Vec<(bool, String, bool)> = pattern.split('|').map(alternative_glob).collect();
    for &start in &bounds {
        for &end in bounds.iter().rev().take_while(|&&end| end >= start) {
            let found = alternatives.iter().any(|(anchored_start, glob, anchored_end)| {
                (!anchored_start || start == 0)
                    && (!anchored_end || end == line.len())
                    && fnmatch(glob, &line[start..end])
            });
            if found {
                return Some((start, end));
            }
        }
    }
    None
}

/// One `|` alternative as `(anchored at the start, glob of its core, anchored at the end)`.
fn alternative_glob(alt: &str) -> (bool, String, bool) {
    {
        let anchored_start = alt.starts_with('^');
        let anchored_end = alt.ends_with('$') && !alt.ends_with("\\$");
        let core = alt.trim_start_matches('^');
        let core = if anchored_end { &core[..core.len() - 1] } else { core };
        let mut glob = String::new();
        let chars: Vec<char> = core.chars().collect();
        let mut idx = 0;
        while idx < chars.len() {
            match chars[idx] {
                '.' if chars.get(idx + 1) == Some(&'*') => {
                    glob.push('*');
                    idx += 2;
                    continue;
                }
                '.' => glob.push('?'),
                '\\' if idx + 1 < chars.len() => {
                    idx += 1;
                    if "*?[]\\".contains(chars[idx]) {
                        glob.push('\\');
                    }
                    glob.push(chars[idx]);
                }
                c @ ('*' | '?') => {
                    glob.push('\\');
                    glob.push(c);
                }
                c => glob.push(c),
            }
            idx += 1;
        }
        (anchored_start, glob, anchored_end)
    }
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
        if arg.starts_with('-') && arg.len() > 1 {
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
    let pattern = pattern.replace("\\|", "|");
    let (data, status) = read_inputs(m, p, "grep", &rest);
    let (invert, ignore, count, quiet) =
        (flags.contains('v'), flags.contains('i'), flags.contains('c'), flags.contains('q'));
    let matched: Vec<&str> =
        lines_of(&data).into_iter().filter(|line| regex_match(&pattern, line, ignore) != invert).collect();
    if count {
        p.out(m, &matched.len().to_string());
    } else if !quiet {
        emit_lines(m, p, &matched);
    }
    if status != 0 && (!quiet || matched.is_empty()) {
        return 2;
    }
    i32::from(matched.is_empty())
}

pub(crate) fn sed(m: &mut Machine, p: &Proc, args: &[String]) -> i32 {
    let mut in_place = false;
    let mut scripts = Vec::new();
    let mut files = Vec::new();
    let mut idx = 0;
    while idx < args.len() {
        let arg = &args[idx];
        if arg == "-e" {
            scripts.extend(args.get(idx + 1).cloned());
            idx += 2;
            continue;
        }
        if arg.starts_with("-i") {
            in_place = true;
        } else if arg == "-E" || arg == "-r" || arg == "-n" {
        } else if scripts.is_empty() && !arg.starts_with('-') {
            scripts.push(arg.clone());
        } else {
            files.push(arg.clone());
        }
        idx += 1;
    }
    let apply = |text: &str| -> String {
        let mut lines: Vec<String> = lines_of(text).into_iter().map(str::to_string).collect();
        for script in &scripts {
            for command in script.split(';') {
                let command = command.trim();
                if let Some(body) = command.strip_prefix('s') {
                    let Some(sep) = body.chars().next() else { continue };
                    let pieces: Vec<&str> = body[sep.len_utf8()..].split(sep).collect();
                    if pieces.len() < 2 {
                        continue;
                    }
                    let (from, to, opts) = (pieces[0], pieces[1], pieces.get(2).copied().unwrap_or(""));
                    for line in &mut lines {
                        *line = substitute(line, from, to, opts.contains('g'));
                    }
                } else if let Some(pattern) = command.strip_prefix('/').and_then(|c| c.strip_suffix("/d")) {
                    lines.retain(|line| !regex_match(pattern, line, false));
                }
            }
        }
        let mut out = lines.join("\n");
        if !lines.is_empty() {
            out.push('\n');
        }
        out
    };
    if files.is_empty() {
        let data = p.io.read_all();
        let out = apply(&data);
        m.write(p.io.out, &out);
        return 0;
    }
    let mut status = 0;
    for file in &files {
        let path = p.path(file);
        match m.read_text(&path) {
            Some(text) => {
                let out = apply(&text);
                if in_place {
                    let _ = m.write_text(&path, &out);
                } else {
                    m.write(p.io.out, &out);
                }
            }
            None => {
                p.err(m, &format!("sed: can't read {file}: No such file or directory"));
                status = 2;
            }
        }
    }
    status
}

/// Literal-or-simple substitution: handles `^`, `$`, `.*` anchors via the regex subset.
fn substitute(line: &str, from: &str, to: &str, global: bool) -> String {
    if from == "^" {
        return format!("{to}{line}");
    }
    if from == "$" {
        return format!("{line}{to}");
    }
    if from.contains(".*") || from.starts_with('^') || from.ends_with('$') {
        // Only the matched part is replaced; long lines keep the whole-line answer, to bound the search.
        if line.len() > 2000 {
            return if regex_match(from, line, false) { replacement(to, line) } else { line.to_string() };
        }
        return match find_match(from, line) {
            Some((start, end)) => format!("{}{}{}", &line[..start], replacement(to, &line[start..end]), &line[end..]),
            None => line.to_string(),
        };
    }
    let from = from.replace('\\', "");
    if from.is_empty() {
        return line.to_string();
    }
    let to = replacement(to, &from);
    if global { line.replace(&from, &to) } else { line.replacen(&from, &to, 1) }
}

/// A `s///` replacement as GNU sed reads it: `&` is the matched text, `\&` a literal `&`, `\n` a
/// newline, and a backslash before any other character keeps that character.
fn replacement(to: &str, matched: &str) -> String {
    let mut out = String::with_capacity(to.len());
    let mut chars = to.chars();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str(matched),
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            },
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::substitute;

    // GNU sed: `&` is the match, `\&` a literal `&`, and an anchored or `.*` pattern replaces only
    // the part of the line it matched.
    #[test]
    fn substitutions_replace_only_the_match() {
        assert_eq!(substitute("RUN pip", "pip", "a \\&\\& [&]", false), "RUN a && [pip]");
        assert_eq!(substitute("FROM ubuntu:22.04", "22.04$", "24.04", false), "FROM ubuntu:24.04");
        assert_eq!(substitute("RUN pip install flask", "p.*l", "X", false), "RUN Xask");
        assert_eq!(substitute("RUN x", "^RUN.*", "# &", false), "# RUN x");
        assert_eq!(substitute("RUN x", "^CMD", "y", false), "RUN x");
    }
}
