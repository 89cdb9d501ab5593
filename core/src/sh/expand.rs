//! Word expansion: parameters, command substitution, arithmetic, tilde, field splitting, pathname
//! expansion and quote removal, in POSIX order.
//!
//! Expansion first produces segments tagged as literal (globbable), expanded (split and globbed)
//! or quoted (neither); fields are then cut at `IFS` characters of expanded segments only.

use super::arith;
use super::ast::{Param, ParamOp, Part, ReplaceAt, Word};
use super::glob;
use super::interp::Dialect;
use super::interp::Shell;
use super::machine::{Ctrl, Io, Machine};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Lit,
    Exp,
    Quo,
}

#[derive(Debug, Clone)]
enum Seg {
    Text(String, Kind),
    Break,
}

struct ArithVars<'a>(&'a mut Shell);

impl arith::Vars for ArithVars<'_> {
    fn get(&self, name: &str) -> String {
        self.0.get(name).unwrap_or("").to_string()
    }
    fn set(&mut self, name: &str, value: String) {
        self.0.set(name, value);
    }
}

/// The longest word an expansion may produce (16 MiB).
const MAX_WORD: usize = 16 << 20;

impl Shell {
    /// Expands command words into fields (with splitting and globbing).
    ///
    /// Expansion is charged to the step budget by the work it does (see `WORK_PER_STEP`), so that a
    /// command whose arguments multiply (a function passing `$* $* $*` to itself) or that globs in a
    /// loop ends within the budget like any other loop.
    pub fn expand_words(&mut self, m: &mut Machine, words: &[Word], io: &Io) -> Result<Vec<String>, Ctrl> {
        let mut fields = Vec::new();
        let braced;
        let words = if self.dialect == Dialect::Bash && words.iter().any(has_brace) {
            braced = brace_expand(words);
            m.charge(braced.len() as u64)?;
            braced.as_slice()
        } else {
            words
        };
        for word in words {
            let mut segs = Vec::new();
            self.segments(m, &word.parts, false, io, &mut segs)?;
            let split = self.split(segs);
            let bytes: usize = split.iter().map(|(text, _)| text.len()).sum();
            m.charge((split.len() + bytes / 64) as u64)?;
            for (text, mask) in split {
                let globbable = text.chars().zip(&mask).any(|(c, active)| *active && matches!(c, '*' | '?' | '['));
                if globbable {
                    let mut pattern = String::new();
                    for (c, active) in text.chars().zip(&mask) {
                        if !*active && matches!(c, '*' | '?' | '[' | ']' | '\\') {
                            pattern.push('\\');
                        }
                        pattern.push(c);
                    }
                    let cwd = self.cwd.clone();
                    let mut visited = 0;
                    let matches = glob::expand(m.fs, &cwd, &pattern, &mut visited);
                    m.charge(visited)?;
                    if !matches.is_empty() {
                        fields.extend(matches);
                        continue;
                    }
                }
                fields.push(text);
            }
        }
        Ok(fields)
    }

    /// Expands a word to one string: no field splitting, no globbing.
    pub fn expand_single(&mut self, m: &mut Machine, word: &Word, io: &Io) -> Result<String, Ctrl> {
        self.expand_parts_single(m, &word.parts, io)
    }

    /// Expands parts to one string.
    pub fn expand_parts_single(&mut self, m: &mut Machine, parts: &[Part], io: &Io) -> Result<String, Ctrl> {
        let mut segs = Vec::new();
        self.segments(m, parts, false, io, &mut segs)?;
        let mut out = String::new();
        let mut first = true;
        for seg in segs {
            match seg {
                Seg::Text(text, _) => out.push_str(&text),
                Seg::Break => {
                    if !first {
                        out.push(' ');
                    }
                }
            }
            first = false;
        }
        Ok(out)
    }

    /// Expands a word to a pattern: quoted characters are escaped so they match literally.
    pub fn expand_pattern(&mut self, m: &mut Machine, word: &Word, io: &Io) -> Result<String, Ctrl> {
        self.pattern_of(m, &word.parts, io)
    }

    fn pattern_of(&mut self, m: &mut Machine, parts: &[Part], io: &Io) -> Result<String, Ctrl> {
        let mut segs = Vec::new();
        self.segments(m, parts, false, io, &mut segs)?;
        let mut out = String::new();
        for seg in segs {
            if let Seg::Text(text, kind) = seg {
                for c in text.chars() {
                    if kind == Kind::Quo && matches!(c, '*' | '?' | '[' | ']' | '\\') {
                        out.push('\\');
                    }
                    out.push(c);
                }
            }
        }
        Ok(out)
    }

    fn segments(
        &mut self,
        m: &mut Machine,
        parts: &[Part],
        quoted: bool,
        io: &Io,
        out: &mut Vec<Seg>,
    ) -> Result<(), Ctrl> {
        self.segments_inner(m, parts, quoted, io, out)?;
        // Expansion work costs budget in proportion to its size, and a word may not grow past
        // MAX_WORD, so a loop like `A=$A$A` ends as a hang instead of exhausting memory.
        let len: usize = out.iter().map(|seg| if let Seg::Text(text, _) = seg { text.len() } else { 1 }).sum();
        if len > MAX_WORD {
            return Err(Ctrl::Hung);
        }
        m.spend((len / 4096) as u64)
    }

    fn segments_inner(
        &mut self,
        m: &mut Machine,
        parts: &[Part],
        quoted: bool,
        io: &Io,
        out: &mut Vec<Seg>,
    ) -> Result<(), Ctrl> {
        for part in parts {
            match part {
                Part::Lit(text) => out.push(Seg::Text(text.clone(), if quoted { Kind::Quo } else { Kind::Lit })),
                Part::Quoted(text) => out.push(Seg::Text(text.clone(), Kind::Quo)),
                Part::Double(inner) => {
                    let is_at = inner
                        .iter()
                        .any(|p| matches!(p, Part::Param(param) if param.name == "@" && param.op == ParamOp::Plain));
                    if !is_at {
                        out.push(Seg::Text(String::new(), Kind::Quo));
                    }
                    self.segments(m, inner, true, io, out)?;
                }
                Part::Tilde(user) => {
                    let home = if user.is_empty() {
                        self.get("HOME").unwrap_or("/root").to_string()
                    } else {
                        super::builtins::home_of(m, user).unwrap_or_else(|| format!("~{user}"))
                    };
                    out.push(Seg::Text(home, Kind::Quo));
                }
                Part::CmdSub(text) => {
                    let value = self.command_substitution(m, text, io)?;
                    out.push(Seg::Text(value, if quoted { Kind::Quo } else { Kind::Exp }));
                }
                Part::Arith(inner) => {
                    let expr = self.expand_parts_single(m, inner, io)?;
                    let value = arith::eval(&expr, &mut ArithVars(self));
                    match value {
                        Ok(value) => out.push(Seg::Text(value.to_string(), if quoted { Kind::Quo } else { Kind::Exp })),
                        Err(error) => {
                            let msg = format!("arithmetic expression: {error}: \"{expr}\"");
                            self.error(m, io, &msg);
                            return Err(Ctrl::Exit(2));
                        }
                    }
                }
                Part::Param(param) => self.param(m, param, quoted, io, out)?,
            }
        }
        Ok(())
    }

    fn lookup(&mut self, name: &str) -> Option<String> {
        match name {
            "?" => Some(self.status.to_string()),
            // bash's `$RANDOM`: 0 to 32767, from a fixed seed, so builds stay deterministic.
            "RANDOM" if self.dialect == Dialect::Bash && !self.vars.contains_key("RANDOM") => {
                self.random ^= self.random << 13;
                self.random ^= self.random >> 17;
                self.random ^= self.random << 5;
                Some((self.random % 32768).to_string())
            }
            "#" => Some(self.args.len().to_string()),
            "$" => Some("1".to_string()),
            "!" => None,
            "-" => {
                let mut flags = String::new();
                if self.errexit {
                    flags.push('e');
                }
                if self.xtrace {
                    flags.push('x');
                }
                if self.nounset {
                    flags.push('u');
                }
                Some(flags)
            }
            "0" => Some(self.arg0.clone()),
            "@" | "*" => Some(self.args.join(" ")),
            _ if name.chars().all(|c| c.is_ascii_digit()) => {
                let idx: usize = name.parse().unwrap_or(0);
                self.args.get(idx.wrapping_sub(1)).cloned()
            }
            _ => self.get(name).map(str::to_string),
        }
    }

    fn param(&mut self, m: &mut Machine, param: &Param, quoted: bool, io: &Io, out: &mut Vec<Seg>) -> Result<(), Ctrl> {
        let kind = if quoted { Kind::Quo } else { Kind::Exp };
        if param.op == ParamOp::Plain && (param.name == "@" || (param.name == "*" && !quoted)) {
            for (idx, arg) in self.args.clone().into_iter().enumerate() {
                if idx > 0 {
                    out.push(Seg::Break);
                }
                out.push(Seg::Text(arg, kind));
            }
            return Ok(());
        }
        let value = self.lookup(&param.name);
        let is_set = value.is_some();
        let is_null = value.as_deref().is_none_or(str::is_empty);
        let missing = if param.colon { is_null } else { !is_set };
        let res = match param.op {
            ParamOp::Plain => {
                if value.is_none() && self.nounset && !matches!(param.name.as_str(), "@" | "*") {
                    let msg = format!("{}: parameter not set", param.name);
                    self.error(m, io, &msg);
                    return Err(Ctrl::Exit(2));
                }
                value.unwrap_or_default()
            }
            ParamOp::Length => value.map(|v| v.chars().count()).unwrap_or(0).to_string(),
            ParamOp::Default => {
                if missing {
                    return self.segments(m, &param.arg, quoted, io, out);
                }
                value.unwrap_or_default()
            }
            ParamOp::Assign => {
                if missing {
                    let new = self.expand_parts_single(m, &param.arg, io)?;
                    self.set(&param.name, new.clone());
                    new
                } else {
                    value.unwrap_or_default()
                }
            }
            ParamOp::Alternative => {
                if !missing {
                    return self.segments(m, &param.arg, quoted, io, out);
                }
                String::new()
            }
            ParamOp::Error => {
                if missing {
                    let text = self.expand_parts_single(m, &param.arg, io)?;
                    let text = if text.is_empty() {
                        if param.colon {
                            "parameter null or not set".to_string()
                        } else {
                            "parameter not set".to_string()
                        }
                    } else {
                        text
                    };
                    let msg = format!("{}: {text}", param.name);
                    self.error(m, io, &msg);
                    return Err(Ctrl::Exit(2));
                }
                value.unwrap_or_default()
            }
            ParamOp::RemoveSmallestSuffix
            | ParamOp::RemoveLargestSuffix
            | ParamOp::RemoveSmallestPrefix
            | ParamOp::RemoveLargestPrefix => {
                let value = value.unwrap_or_default();
                let pattern = self.pattern_of(m, &param.arg, io)?;
                trim(&value, &pattern, param.op)
            }
            ParamOp::Upper(_) | ParamOp::Lower(_) | ParamOp::Replace(_) | ParamOp::Substring
                if self.dialect != Dialect::Bash =>
            {
                // dash and busybox ash have none of bash's operators.
                let msg =
                    if self.dialect == Dialect::Dash { "Bad substitution" } else { "syntax error: bad substitution" };
                self.error(m, io, msg);
                return Err(Ctrl::Exit(2));
            }
            ParamOp::Upper(all) | ParamOp::Lower(all) => {
                let value = value.unwrap_or_default();
                let upper = matches!(param.op, ParamOp::Upper(_));
                let convert = |text: &str| if upper { text.to_uppercase() } else { text.to_lowercase() };
                match value.chars().next() {
                    Some(first) if !all => convert(&first.to_string()) + &value[first.len_utf8()..],
                    _ => convert(&value),
                }
            }
            ParamOp::Replace(at) => {
                let value = value.unwrap_or_default();
                let pattern = self.pattern_of(m, &param.arg, io)?;
                let replacement = match &param.arg2 {
                    Some(parts) => self.expand_parts_single(m, parts, io)?,
                    None => String::new(),
                };
                // Each start tries every end: quadratic in the value's length, and paid for so.
                let chars = value.chars().count() as u64;
                m.charge(chars.saturating_mul(chars) / 4096)?;
                replace(&value, &pattern, &replacement, at)
            }
            ParamOp::Substring => {
                let value = value.unwrap_or_default();
                let mut number = |shell: &mut Self, parts: &[Part]| -> Result<i64, Ctrl> {
                    let text = shell.expand_parts_single(m, parts, io)?;
                    arith::eval(&text, &mut ArithVars(shell)).map_err(|error| {
                        shell.error(m, io, &format!("{text}: {error}"));
                        Ctrl::Exit(1)
                    })
                };
                let offset = number(self, &param.arg)?;
                let length = match &param.arg2 {
                    Some(parts) => Some(number(self, parts)?),
                    None => None,
                };
                substring(&value, offset, length)
            }
        };
        out.push(Seg::Text(res, kind));
        Ok(())
    }

    fn split(&self, segs: Vec<Seg>) -> Vec<(String, Vec<bool>)> {
        let ifs = self.get("IFS").unwrap_or(" \t\n").to_string();
        let mut fields = Vec::new();
        let mut text = String::new();
        let mut mask = Vec::new();
        let mut has_content = false;
        for seg in segs {
            match seg {
                Seg::Break => {
                    fields.push((std::mem::take(&mut text), std::mem::take(&mut mask)));
                    has_content = false;
                }
                Seg::Text(value, Kind::Quo) => {
                    has_content = true;
                    for c in value.chars() {
                        text.push(c);
                        mask.push(false);
                    }
                }
                Seg::Text(value, Kind::Lit) => {
                    has_content |= !value.is_empty();
                    for c in value.chars() {
                        text.push(c);
                        mask.push(true);
                    }
                }
                Seg::Text(value, Kind::Exp) => {
                    for c in value.chars() {
                        if ifs.contains(c) {
                            if has_content || !c.is_whitespace() {
                                fields.push((std::mem::take(&mut text), std::mem::take(&mut mask)));
                            }
                            has_content = false;
                        } else {
                            text.push(c);
                            mask.push(true);
                            has_content = true;
                        }
                    }
                }
            }
        }
        if has_content {
            fields.push((text, mask));
        }
        fields
    }
}

/// The most words one brace expansion may make (`{1..100000}` is refused beyond it, left as written).
const MAX_BRACE_WORDS: usize = 10_000;

/// Whether a word has an unquoted `{` to look at.
fn has_brace(word: &Word) -> bool {
    word.parts.iter().any(|part| matches!(part, Part::Lit(text) if text.contains('{')))
}

/// bash's brace expansion on unquoted literal text: `{a,b}` and the sequences `{1..5}`, `{01..10}`,
/// `{1..9..2}`, `{a..e}`, nested and several per word, left to right. Text with variables inside the
/// braces is left as written (bash expands braces before variables, but such words are rare).
fn brace_expand(words: &[Word]) -> Vec<Word> {
    let mut out = Vec::new();
    let mut todo: Vec<Word> = words.iter().rev().cloned().collect();
    while let Some(word) = todo.pop() {
        let found = word.parts.iter().enumerate().find_map(|(index, part)| match part {
            Part::Lit(text) => {
                brace_alternatives(text).map(|(prefix, alternatives, suffix)| (index, prefix, alternatives, suffix))
            }
            _ => None,
        });
        match found {
            Some((index, prefix, alternatives, suffix))
                if out.len() + todo.len() + alternatives.len() <= MAX_BRACE_WORDS =>
            {
                for alternative in alternatives.into_iter().rev() {
                    let mut parts = word.parts.clone();
                    parts[index] = Part::Lit(format!("{prefix}{alternative}{suffix}"));
                    todo.push(Word { parts });
                }
            }
            _ => out.push(word),
        }
    }
    out
}

/// The first brace expression in `text`: what precedes it, its alternatives, what follows.
fn brace_alternatives(text: &str) -> Option<(String, Vec<String>, String)> {
    let bytes = text.as_bytes();
    for open in (0..bytes.len()).filter(|&i| bytes[i] == b'{') {
        // The matching `}`, and the top-level commas between.
        let mut depth = 0;
        let mut commas = Vec::new();
        let mut close = None;
        for (i, &b) in bytes.iter().enumerate().skip(open + 1) {
            match b {
                b'{' => depth += 1,
                b'}' if depth == 0 => {
                    close = Some(i);
                    break;
                }
                b'}' => depth -= 1,
                b',' if depth == 0 => commas.push(i),
                _ => {}
            }
        }
        let Some(close) = close else { continue };
        let (prefix, inner, suffix) = (&text[..open], &text[open + 1..close], &text[close + 1..]);
        let alternatives = if commas.is_empty() {
            match sequence(inner) {
                Some(items) => items,
                None => continue,
            }
        } else {
            let mut items = Vec::new();
            let mut start = open + 1;
            for comma in commas.into_iter().chain(std::iter::once(close)) {
                items.push(text[start..comma].to_string());
                start = comma + 1;
            }
            items
        };
        return Some((prefix.to_string(), alternatives, suffix.to_string()));
    }
    None
}

/// `{x..y[..step]}` for numbers (zero-padded when an end is) or single letters.
fn sequence(inner: &str) -> Option<Vec<String>> {
    let parts: Vec<&str> = inner.split("..").collect();
    let (from, to, step) = match parts.as_slice() {
        [from, to] => (*from, *to, 1i64),
        [from, to, step] => (*from, *to, step.parse::<i64>().ok()?.checked_abs()?.max(1)),
        _ => return None,
    };
    if let (Ok(a), Ok(b)) = (from.parse::<i64>(), to.parse::<i64>()) {
        let count = (a.abs_diff(b) / step as u64) as usize + 1;
        if count > MAX_BRACE_WORDS {
            return None;
        }
        let pad = [from, to]
            .iter()
            .filter(|t| t.trim_start_matches('-').starts_with('0') && t.len() > 1)
            .map(|t| t.len())
            .max();
        let down = a > b;
        return Some(
            (0..count)
                .map(|k| if down { a - k as i64 * step } else { a + k as i64 * step })
                .map(|n| match pad {
                    Some(width) => format!("{n:0width$}"),
                    None => n.to_string(),
                })
                .collect(),
        );
    }
    let (mut a, mut b) = (from.chars(), to.chars());
    let (Some(a), None, Some(b), None) = (a.next(), a.next(), b.next(), b.next()) else { return None };
    if !a.is_ascii_alphabetic() || !b.is_ascii_alphabetic() {
        return None;
    }
    let (lo, hi) = (a.min(b) as u8, a.max(b) as u8);
    let mut letters: Vec<String> = (lo..=hi).step_by(step as usize).map(|c| (c as char).to_string()).collect();
    if a > b {
        letters.reverse();
    }
    Some(letters)
}

/// bash's `${v/p/r}` family: each match is the longest at the leftmost place it starts.
fn replace(value: &str, pattern: &str, replacement: &str, at: ReplaceAt) -> String {
    let bounds: Vec<usize> = value.char_indices().map(|(idx, _)| idx).chain(std::iter::once(value.len())).collect();
    if pattern.is_empty() {
        return value.to_string();
    }
    match at {
        ReplaceAt::Start => match bounds.iter().rev().find(|&&b| glob::fnmatch(pattern, &value[..b])) {
            Some(&b) => format!("{replacement}{}", &value[b..]),
            None => value.to_string(),
        },
        ReplaceAt::End => match bounds.iter().find(|&&b| glob::fnmatch(pattern, &value[b..])) {
            Some(&b) => format!("{}{replacement}", &value[..b]),
            None => value.to_string(),
        },
        ReplaceAt::First | ReplaceAt::All => {
            let mut out = String::new();
            let mut i = 0;
            while i < bounds.len() {
                let start = bounds[i];
                let end = bounds[i + 1..].iter().rev().find(|&&e| glob::fnmatch(pattern, &value[start..e]));
                match end {
                    Some(&end) => {
                        out.push_str(replacement);
                        if at == ReplaceAt::First {
                            out.push_str(&value[end..]);
                            return out;
                        }
                        i = bounds.iter().position(|&b| b == end).unwrap_or(bounds.len());
                    }
                    None => {
                        if let Some(&next) = bounds.get(i + 1) {
                            out.push_str(&value[start..next]);
                        }
                        i += 1;
                    }
                }
            }
            out
        }
    }
}

/// bash's `${v:offset:length}`, in characters; a negative offset counts from the end, and a
/// negative length is where to stop, counted from the end.
fn substring(value: &str, offset: i64, length: Option<i64>) -> String {
    let chars: Vec<char> = value.chars().collect();
    let len = chars.len() as i64;
    let start = if offset < 0 { (len + offset).max(0) } else { offset.min(len) };
    let end = match length {
        None => len,
        Some(l) if l < 0 => (len + l).max(start),
        Some(l) => start.saturating_add(l).min(len),
    };
    if offset < 0 && len + offset < 0 {
        return String::new();
    }
    chars[start as usize..end.max(start) as usize].iter().collect()
}

/// `${v%p}`, `${v%%p}`, `${v#p}`, `${v##p}`.
fn trim(value: &str, pattern: &str, op: ParamOp) -> String {
    let bounds: Vec<usize> = value.char_indices().map(|(idx, _)| idx).chain(std::iter::once(value.len())).collect();
    match op {
        ParamOp::RemoveSmallestPrefix => {
            bounds.iter().find(|&&b| glob::fnmatch(pattern, &value[..b])).map(|&b| value[b..].to_string())
        }
        ParamOp::RemoveLargestPrefix => {
            bounds.iter().rev().find(|&&b| glob::fnmatch(pattern, &value[..b])).map(|&b| value[b..].to_string())
        }
        ParamOp::RemoveSmallestSuffix => {
            bounds.iter().rev().find(|&&b| glob::fnmatch(pattern, &value[b..])).map(|&b| value[..b].to_string())
        }
        ParamOp::RemoveLargestSuffix => {
            bounds.iter().find(|&&b| glob::fnmatch(pattern, &value[b..])).map(|&b| value[..b].to_string())
        }
        _ => None,
    }
    .unwrap_or_else(|| value.to_string())
}
