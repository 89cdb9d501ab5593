//! Lexical path handling: [`normalize`] joins a path onto a working directory and cleans it.
//!
//! Normalization is purely textual (like Go's `path.Clean` after a join): it never looks at the
//! filesystem, so `..` through a symlink is resolved lexically.

/// Joins `path` onto `cwd` (when relative) and removes `.`, `..` and duplicate slashes.
/// The result is always absolute, `/` for the root and never has a trailing slash.
pub fn normalize(cwd: &str, path: &str) -> String {
    if is_normal(path) {
        return path.to_string();
    }
    clean(cwd, path)
}

/// [`normalize`] without the shortcut for paths that are already normal.
pub(super) fn clean(cwd: &str, path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let joined_cwd = if path.starts_with('/') { "" } else { cwd };
    for part in joined_cwd.split('/').chain(path.split('/')) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        return "/".to_string();
    }
    let mut res = String::new();
    for part in parts {
        res.push('/');
        res.push_str(part);
    }
    res
}

/// Whether `path` is already what [`normalize`] makes of it: absolute, `/` or without a trailing
/// slash, and with no empty, `.` or `..` component. Most paths the simulator handles are, and this
/// one pass over the bytes is much cheaper than splitting and joining them.
pub(super) fn is_normal(path: &str) -> bool {
    let bytes = path.as_bytes();
    if bytes == b"/" {
        return true;
    }
    if bytes.first() != Some(&b'/') || bytes.last() == Some(&b'/') {
        return false;
    }
    // Every component starts after a slash; reject the empty ones and the dot ones. A plain loop:
    // at the release profile's size optimization, iterator adapters here cost several times more.
    let mut start = 1;
    let mut idx = 1;
    while idx <= bytes.len() {
        if idx == bytes.len() || bytes[idx] == b'/' {
            if matches!(&bytes[start..idx], b"" | b"." | b"..") {
                return false;
            }
            start = idx + 1;
        }
        idx += 1;
    }
    true
}

/// The components of a normalized absolute path (`/a/b` → `["a", "b"]`, `/` → `[]`).
pub fn components(path: &str) -> Vec<&str> {
    path.split('/').filter(|part| !part.is_empty()).collect()
}

/// Joins a child name onto a normalized directory path.
pub fn join(dir: &str, name: &str) -> String {
    let dir = if dir == "/" { "" } else { dir };
    let mut out = String::with_capacity(dir.len() + 1 + name.len());
    out.push_str(dir);
    out.push('/');
    out.push_str(name);
    out
}

/// The final component of a path, like `basename` (`/` stays `/`).
pub fn basename(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return if path.is_empty() { "" } else { "/" };
    }
    match trimmed.rfind('/') {
        Some(idx) => &trimmed[idx + 1..],
        None => trimmed,
    }
}
