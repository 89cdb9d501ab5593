//! The build context: the files `docker build` sends to the builder, after `.dockerignore`
//! (S-CACHE-6), and the wildcard matching COPY and ADD use to pick sources (S-INSTR-COPY).
//!
//! Paths are relative to the context root, `/`-separated, with no leading `./` or `/`.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::digest::Digest;

/// One file or directory of the context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ContextEntry {
    /// A regular file with its bytes and permission bits.
    File {
        /// The content.
        data: Arc<[u8]>,
        /// Permission bits, e.g. `0o644`.
        mode: u32,
    },
    /// A directory (only needed for empty directories; parents of files are implied).
    Dir,
}

/// The files of a build context.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BuildContext {
    /// Entries by relative path.
    pub entries: BTreeMap<String, ContextEntry>,
}

impl BuildContext {
    /// Adds or replaces a file with mode 0644.
    pub fn insert_file(&mut self, path: &str, data: &[u8]) {
        self.insert(path, ContextEntry::File { data: Arc::from(data), mode: 0o644 });
    }

    /// Adds or replaces an entry.
    pub fn insert(&mut self, path: &str, entry: ContextEntry) {
        self.entries.insert(clean(path), entry);
    }

    /// The bytes of a file, if it exists.
    pub fn file(&self, path: &str) -> Option<&[u8]> {
        match self.entries.get(&clean(path)) {
            Some(ContextEntry::File { data, .. }) => Some(data),
            _ => None,
        }
    }

    /// Whether `path` is a directory (explicit, or implied by a file below it).
    pub fn is_dir(&self, path: &str) -> bool {
        let path = clean(path);
        if path.is_empty() {
            return true;
        }
        if matches!(self.entries.get(&path), Some(ContextEntry::Dir)) {
            return true;
        }
        let prefix = format!("{path}/");
        self.entries.range(prefix.clone()..).next().is_some_and(|(k, _)| k.starts_with(&prefix))
    }

    /// Every path (files and directories, implied ones included), sorted.
    pub fn all_paths(&self) -> Vec<String> {
        let mut out = std::collections::BTreeSet::new();
        for path in self.entries.keys() {
            let mut acc = String::new();
            for (i, part) in path.split('/').enumerate() {
                if i > 0 {
                    acc.push('/');
                }
                acc.push_str(part);
                out.insert(acc.clone());
            }
        }
        out.into_iter().collect()
    }

    /// Everything at or below `path` (files and explicit directories), sorted.
    pub fn below(&self, path: &str) -> Vec<(&str, &ContextEntry)> {
        let path = clean(path);
        self.entries
            .iter()
            .filter(|(k, _)| path.is_empty() || *k == &path || k.starts_with(&format!("{path}/")))
            .map(|(k, v)| (k.as_str(), v))
            .collect()
    }

    /// Applies `.dockerignore` patterns (S-CACHE-6): returns the context without the excluded paths.
    /// The Dockerfile and `.dockerignore` themselves are always kept.
    pub fn without_ignored(&self, ignore_text: &str, dockerfile: &str) -> BuildContext {
        let patterns = parse_dockerignore(ignore_text);
        let keep = |path: &str| path == ".dockerignore" || path == clean(dockerfile) || !is_excluded(&patterns, path);
        BuildContext {
            entries: self.entries.iter().filter(|(k, _)| keep(k)).map(|(k, v)| (k.clone(), v.clone())).collect(),
        }
    }

    /// The total size of the files.
    pub fn total_size(&self) -> u64 {
        self.entries
            .values()
            .map(|e| match e {
                ContextEntry::File { data, .. } => data.len() as u64,
                ContextEntry::Dir => 0,
            })
            .sum()
    }

    /// A checksum of the entries at or below `path`: contents, paths and modes, never times (S-CACHE-2).
    pub fn checksum(&self, path: &str) -> Digest {
        let mut parts: Vec<Vec<u8>> = Vec::new();
        for (p, entry) in self.below(path) {
            parts.push(p.as_bytes().to_vec());
            match entry {
                ContextEntry::File { data, mode } => {
                    parts.push(Digest::of(data).0.to_vec());
                    parts.push(mode.to_le_bytes().to_vec());
                }
                ContextEntry::Dir => parts.push(b"dir".to_vec()),
            }
        }
        Digest::of_parts(parts.iter().map(Vec::as_slice))
    }
}

/// Cleans a context path: strips `./`, leading `/` and `..` that would leave the root, folds slashes.
pub fn clean(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// One `.dockerignore` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnorePattern {
    /// The cleaned pattern.
    pub pattern: String,
    /// Whether it started with `!` (re-include).
    pub negated: bool,
}

/// Parses `.dockerignore` text: one pattern per line, `#` comments, `!` exclusions, leading and
/// trailing `/` ignored.
pub fn parse_dockerignore(text: &str) -> Vec<IgnorePattern> {
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') {
            continue;
        }
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (negated, pattern) = match line.strip_prefix('!') {
            Some(rest) => (true, rest.trim()),
            None => (false, line),
        };
        let pattern = clean(pattern);
        if pattern.is_empty() {
            continue;
        }
        out.push(IgnorePattern { pattern, negated });
    }
    out
}

/// Whether `path` is excluded: the last pattern that matches the path or one of its parents wins.
pub fn is_excluded(patterns: &[IgnorePattern], path: &str) -> bool {
    let mut excluded = false;
    for p in patterns {
        let mut matched = glob_match(&p.pattern, path);
        if !matched {
            // A pattern that matches a parent directory excludes everything below it.
            let mut parent = path;
            while let Some((head, _)) = parent.rsplit_once('/') {
                if glob_match(&p.pattern, head) {
                    matched = true;
                    break;
                }
                parent = head;
            }
        }
        if matched {
            excluded = !p.negated;
        }
    }
    excluded
}

/// Go `filepath.Match` on `/`-separated paths, plus `**` for any number of directories.
pub fn glob_match(pattern: &str, path: &str) -> bool {
    let pattern: Vec<&str> = pattern.split('/').collect();
    let path: Vec<&str> = if path.is_empty() { Vec::new() } else { path.split('/').collect() };
    match_segments(&pattern, &path, 0)
}

fn match_segments(pattern: &[&str], path: &[&str], depth: usize) -> bool {
    if depth > 64 {
        return false;
    }
    match pattern.first() {
        None => path.is_empty(),
        Some(&"**") => (0..=path.len()).any(|skip| match_segments(&pattern[1..], &path[skip..], depth + 1)),
        Some(seg) => {
            !path.is_empty()
                && match_one(seg.as_bytes(), path[0].as_bytes())
                && match_segments(&pattern[1..], &path[1..], depth + 1)
        }
    }
}

/// Matches one path segment against one pattern segment (`*`, `?`, `[…]`, `\` escapes).
fn match_one(pattern: &[u8], name: &[u8]) -> bool {
    let (mut p, mut n) = (0, 0);
    let (mut star_p, mut star_n) = (usize::MAX, 0);
    while n < name.len() {
        if p < pattern.len() {
            match pattern[p] {
                b'*' => {
                    star_p = p;
                    star_n = n;
                    p += 1;
                    continue;
                }
                b'?' => {
                    p += 1;
                    n += 1;
                    continue;
                }
                b'[' => {
                    if let Some((matched, len)) = match_class(&pattern[p..], name[n])
                        && matched
                    {
                        p += len;
                        n += 1;
                        continue;
                    }
                }
                b'\\' if p + 1 < pattern.len() && pattern[p + 1] == name[n] => {
                    p += 2;
                    n += 1;
                    continue;
                }
                c if c == name[n] => {
                    p += 1;
                    n += 1;
                    continue;
                }
                _ => {}
            }
        }
        if star_p != usize::MAX {
            p = star_p + 1;
            star_n += 1;
            n = star_n;
            continue;
        }
        return false;
    }
    while p < pattern.len() && pattern[p] == b'*' {
        p += 1;
    }
    p == pattern.len()
}

/// Matches a `[...]` class; returns whether it matched and the class length.
fn match_class(pattern: &[u8], c: u8) -> Option<(bool, usize)> {
    let mut i = 1;
    let negate = pattern.get(i).is_some_and(|&b| b == b'^' || b == b'!');
    if negate {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    while i < pattern.len() {
        if pattern[i] == b']' && !first {
            return Some((matched != negate, i + 1));
        }
        first = false;
        let lo = pattern[i];
        if i + 2 < pattern.len() && pattern[i + 1] == b'-' && pattern[i + 2] != b']' {
            if lo <= c && c <= pattern[i + 2] {
                matched = true;
            }
            i += 3;
        } else {
            if lo == c {
                matched = true;
            }
            i += 1;
        }
    }
    None
}

/// Whether a COPY source has wildcard characters.
pub fn has_wildcard(path: &str) -> bool {
    path.contains(['*', '?', '['])
}

#[cfg(test)]
mod tests {
    use super::*;

    // S-CACHE-6.
    #[test]
    fn dockerignore_rules() {
        let patterns = parse_dockerignore("# comment\n*.md\n!README.md\n/build/\n**/*.log\nnode_modules\n");
        let cases = [
            ("notes.md", true),
            ("README.md", false),
            ("docs/notes.md", false),
            ("build/out.bin", true),
            ("a/b/c.log", true),
            ("x.log", true),
            ("node_modules/left-pad/index.js", true),
            ("app.py", false),
        ];
        for (path, excluded) in cases {
            assert_eq!(is_excluded(&patterns, path), excluded, "{path}");
        }
    }

    #[test]
    fn globbing() {
        assert!(glob_match("*.py", "app.py"));
        assert!(!glob_match("*.py", "src/app.py"));
        assert!(glob_match("src/*.py", "src/app.py"));
        assert!(glob_match("file?.txt", "file1.txt"));
        assert!(glob_match("[a-c]*", "beta"));
        assert!(!glob_match("[!a-c]*", "beta"));
        assert!(glob_match("**", "a/b/c"));
        assert_eq!(clean("./../a//b/./c/"), "a/b/c");
    }

    #[test]
    fn ignore_keeps_the_dockerfile() {
        let mut ctx = BuildContext::default();
        ctx.insert_file("Dockerfile", b"FROM x");
        ctx.insert_file("app.py", b"print(1)");
        ctx.insert_file(".dockerignore", b"*");
        let kept = ctx.without_ignored("*", "Dockerfile");
        assert_eq!(kept.entries.keys().cloned().collect::<Vec<_>>(), [".dockerignore", "Dockerfile"]);
        assert!(ctx.is_dir(""));
        assert_ne!(ctx.checksum("app.py"), kept.checksum("app.py"));
    }
}
