//! Pattern matching (`fnmatch`) and pathname expansion against the simulated filesystem.
//!
//! Patterns support `*`, `?`, bracket expressions (`[a-z]`, `[!x]`, `[^x]`) and backslash escapes
//! (expansion escapes quoted characters so they match literally). Matching is iterative with
//! backtracking bounded by the pattern and text lengths.

use crate::fs::{Fs, join, normalize};

/// Whether `text` matches the whole `pattern`.
pub(crate) fn fnmatch(pattern: &str, text: &str) -> bool {
    let pat: Vec<char> = pattern.chars().collect();
    let txt: Vec<char> = text.chars().collect();
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < txt.len() {
        if p < pat.len() {
            match pat[p] {
                '*' => {
                    star = Some((p, t));
                    p += 1;
                    continue;
                }
                '?' => {
                    p += 1;
                    t += 1;
                    continue;
                }
                '[' => {
                    if let Some((matched, next)) = match_bracket(&pat, p, txt[t]) {
                        if matched {
                            p = next;
                            t += 1;
                            continue;
                        }
                    } else if txt[t] == '[' {
                        p += 1;
                        t += 1;
                        continue;
                    }
                }
                '\\' if p + 1 < pat.len() => {
                    if pat[p + 1] == txt[t] {
                        p += 2;
                        t += 1;
                        continue;
                    }
                }
                c => {
                    if c == txt[t] {
                        p += 1;
                        t += 1;
                        continue;
                    }
                }
            }
        }
        match star {
            Some((star_p, star_t)) => {
                p = star_p + 1;
                t = star_t + 1;
                star = Some((star_p, star_t + 1));
            }
            None => return false,
        }
    }
    while p < pat.len() && pat[p] == '*' {
        p += 1;
    }
    p == pat.len()
}

/// Matches one bracket expression at `pat[start]`; `None` if it is not a valid bracket expression.
fn match_bracket(pat: &[char], start: usize, c: char) -> Option<(bool, usize)> {
    let mut idx = start + 1;
    let negate = matches!(pat.get(idx), Some('!' | '^'));
    if negate {
        idx += 1;
    }
    let mut matched = false;
    let mut first = true;
    while idx < pat.len() {
        let ch = pat[idx];
        if ch == ']' && !first {
            return Some((matched != negate, idx + 1));
        }
        first = false;
        if idx + 2 < pat.len() && pat[idx + 1] == '-' && pat[idx + 2] != ']' {
            if pat[idx] <= c && c <= pat[idx + 2] {
                matched = true;
            }
            idx += 3;
        } else {
            if ch == c {
                matched = true;
            }
            idx += 1;
        }
    }
    None
}

/// Whether a pattern has unescaped glob characters. A `[` that opens no bracket expression matches
/// itself, as in POSIX, so `[` alone (the test command) is no glob: reading the directory for it made
/// every `while [ … ]` iteration list the working directory, which the `shell` fuzz target found as
/// a timeout (`tests/fixtures/fuzz-regressions/shell/`). The expansion is the same either way.
pub(crate) fn has_glob(pattern: &str) -> bool {
    let chars: Vec<char> = pattern.chars().collect();
    let mut escaped = false;
    for (idx, &c) in chars.iter().enumerate() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '*' | '?' => return true,
            '[' if match_bracket(&chars, idx, '\0').is_some() => return true,
            _ => {}
        }
    }
    false
}

/// Removes backslash escapes from a pattern (the word as written when nothing matched).
pub(crate) fn unescape(pattern: &str) -> String {
    let mut out = String::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Expands a pathname pattern relative to `cwd`; sorted matches, empty when none. `visited` grows by
/// the number of paths looked up and directory entries read, the work the caller pays for.
pub(crate) fn expand(fs: &Fs, cwd: &str, pattern: &str, visited: &mut u64) -> Vec<String> {
    let absolute = pattern.starts_with('/');
    let parts: Vec<&str> = pattern.split('/').filter(|part| !part.is_empty()).collect();
    // Each candidate is (physical directory to read, text to print).
    let mut candidates: Vec<(String, String)> = vec![(
        if absolute { "/".to_string() } else { normalize("/", cwd) },
        if absolute { "/".to_string() } else { String::new() },
    )];
    for (idx, part) in parts.iter().enumerate() {
        let last = idx + 1 == parts.len();
        let mut next = Vec::new();
        for (dir, shown) in &candidates {
            let join_shown = |name: &str| {
                if shown.is_empty() {
                    name.to_string()
                } else if shown.ends_with('/') {
                    format!("{shown}{name}")
                } else {
                    format!("{shown}/{name}")
                }
            };
            *visited += 1;
            if !has_glob(part) {
                let name = unescape(part);
                let path = join(dir, &name);
                if fs.lstat(&path).is_some() && (last || fs.stat(&path).is_some_and(|e| e.is_dir())) {
                    next.push((path, join_shown(&name)));
                }
                continue;
            }
            let Ok(entries) = fs.read_dir(dir) else { continue };
            *visited += entries.len() as u64;
            for (name, entry) in entries {
                if name.starts_with('.') && !part.starts_with('.') && !part.starts_with("\\.") {
                    continue;
                }
                if !fnmatch(part, &name) {
                    continue;
                }
                let path = join(dir, &name);
                if !(last || entry.is_dir() || fs.stat(&path).is_some_and(|e| e.is_dir())) {
                    continue;
                }
                next.push((path, join_shown(&name)));
            }
        }
        candidates = next;
        if candidates.is_empty() {
            break;
        }
    }
    let mut res: Vec<String> = candidates.into_iter().map(|(_, shown)| shown).collect();
    if pattern.ends_with('/') {
        res = res.into_iter().map(|path| format!("{path}/")).collect();
    }
    res.sort();
    res
}

#[cfg(test)]
mod tests {
    use super::{fnmatch, has_glob};

    #[test]
    fn patterns() {
        assert!(fnmatch("*.txt", "a.txt"));
        assert!(!fnmatch("*.txt", "a.txd"));
        assert!(fnmatch("a?c", "abc"));
        assert!(fnmatch("[a-c]x", "bx"));
        assert!(!fnmatch("[!a-c]x", "bx"));
        assert!(fnmatch("\\*", "*"));
        assert!(!fnmatch("\\*", "a"));
        assert!(fnmatch("*", ""));
        assert!(fnmatch("py*", "python3"));
    }

    #[test]
    fn a_bracket_that_opens_nothing_is_no_glob() {
        assert!(!has_glob("["));
        assert!(!has_glob("a[b"));
        assert!(!has_glob("\\[a]"));
        assert!(has_glob("[a]"));
        assert!(has_glob("x[!a-c]"));
        assert!(fnmatch("a[b", "a[b"));
    }
}
