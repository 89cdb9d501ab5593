//! The in-memory layered filesystem: read-only lower [`Layer`]s plus a writable upper layer, merged
//! like overlayfs.
//!
//! [`Fs`] is what a build step's container sees. Reads look through the upper layer, then the lower
//! layers top-down; a whiteout, an opaque directory or a non-directory at an ancestor hides what is
//! below (S-LAYER-2). Writes only touch the upper layer, and [`Fs::take_upper`] returns them as the
//! step's diff. Paths given to methods are normalized first (relative paths are taken from `/`).
//! Symlinks are followed for at most [`MAX_SYMLINK_HOPS`] hops. Permissions are recorded, not enforced.

mod content;
mod layer;
mod path;
#[cfg(test)]
mod tests;

use std::sync::Arc;

pub use content::{Change, Content, Entry, EntryKind, seed_of};
pub use layer::{Layer, split_parent};
pub use path::{basename, components, join, normalize};

/// The most symlinks one lookup follows before failing with "Too many levels of symbolic links".
pub const MAX_SYMLINK_HOPS: usize = 40;

/// A failed filesystem operation; `Display` is the errno text, the path is in the variant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FsError {
    /// ENOENT.
    #[error("No such file or directory")]
    NotFound(String),
    /// ENOTDIR.
    #[error("Not a directory")]
    NotADirectory(String),
    /// EISDIR.
    #[error("Is a directory")]
    IsADirectory(String),
    /// EEXIST.
    #[error("File exists")]
    AlreadyExists(String),
    /// ENOTEMPTY.
    #[error("Directory not empty")]
    NotEmpty(String),
    /// ELOOP.
    #[error("Too many levels of symbolic links")]
    TooManyLinks(String),
    /// EINVAL, e.g. removing the root.
    #[error("Invalid argument")]
    InvalidArgument(String),
}

impl FsError {
    /// The path the error is about.
    pub fn path(&self) -> &str {
        match self {
            FsError::NotFound(path)
            | FsError::NotADirectory(path)
            | FsError::IsADirectory(path)
            | FsError::AlreadyExists(path)
            | FsError::NotEmpty(path)
            | FsError::TooManyLinks(path)
            | FsError::InvalidArgument(path) => path,
        }
    }
}

/// A merged view of lower layers plus a writable upper layer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fs {
    lower: Vec<Arc<Layer>>,
    upper: Layer,
}

/// Which layers a raw lookup considers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    All,
    LowerOnly,
}

impl Fs {
    /// A view of `lower` (bottom first) with an empty upper layer.
    pub fn new(lower: Vec<Arc<Layer>>) -> Fs {
        Fs { lower, upper: Layer::new() }
    }

    /// The read-only layers, bottom first.
    pub fn lower(&self) -> &[Arc<Layer>] {
        &self.lower
    }

    /// The changes made since [`Fs::new`] or the last [`Fs::take_upper`].
    pub fn upper(&self) -> &Layer {
        &self.upper
    }

    /// Returns the upper layer and pushes it onto the lower layers, so the view is unchanged.
    pub fn take_upper(&mut self) -> Layer {
        let upper = std::mem::take(&mut self.upper);
        self.lower.push(Arc::new(upper.clone()));
        upper
    }

    /// The entry at `path`, following symlinks (also in the final component).
    pub fn stat(&self, path: &str) -> Option<Entry> {
        let resolved = self.resolve(path, true).ok()?;
        self.lookup(&resolved, Scope::All)
    }

    /// The entry at `path`, not following a symlink in the final component.
    pub fn lstat(&self, path: &str) -> Option<Entry> {
        let resolved = self.resolve(path, false).ok()?;
        self.lookup(&resolved, Scope::All)
    }

    /// Whether something (following symlinks) exists at `path`.
    pub fn exists(&self, path: &str) -> bool {
        self.stat(path).is_some()
    }

    /// The physical path `path` refers to, with every symlink resolved.
    pub fn canonicalize(&self, path: &str) -> Result<String, FsError> {
        let resolved = self.resolve(path, true)?;
        match self.lookup(&resolved, Scope::All) {
            Some(_) => Ok(resolved),
            None => Err(FsError::NotFound(normalize("/", path))),
        }
    }

    /// The contents of the regular file at `path`.
    pub fn read_file(&self, path: &str) -> Result<Content, FsError> {
        let resolved = self.resolve(path, true)?;
        match self.lookup(&resolved, Scope::All) {
            None => Err(FsError::NotFound(normalize("/", path))),
            Some(Entry { kind: EntryKind::File(content), .. }) => Ok(content),
            Some(_) => Err(FsError::IsADirectory(normalize("/", path))),
        }
    }

    /// Creates or replaces the file at `path` (following a symlink there); the parent must exist.
    pub fn write_file(&mut self, path: &str, content: Content, mode: u32, uid: u32, gid: u32) -> Result<(), FsError> {
        let target = self.writable_target(path)?;
        if self.lookup(&target, Scope::All).is_some_and(|existing| existing.is_dir()) {
            return Err(FsError::IsADirectory(target));
        }
        self.put(target, Entry { kind: EntryKind::File(content), mode, uid, gid });
        Ok(())
    }

    /// Creates one directory; the parent must exist and the path must be free.
    pub fn mkdir(&mut self, path: &str, mode: u32, uid: u32, gid: u32) -> Result<(), FsError> {
        let full = self.resolve(path, false)?;
        if self.lookup(&full, Scope::All).is_some() {
            return Err(FsError::AlreadyExists(full));
        }
        self.check_parent_dir(&full)?;
        let entry = Entry { kind: EntryKind::Dir, mode, uid, gid };
        // A directory recreated over a deleted lower one must hide the old children (S-LAYER-2).
        if matches!(self.upper.changes.get(&full), Some(Change::Whiteout)) {
            self.upper.changes.insert(full, Change::Opaque(entry));
        } else {
            self.upper.changes.insert(full, Change::Put(entry));
        }
        Ok(())
    }

    /// Creates a directory and any missing parents; existing directories are fine.
    pub fn mkdir_all(&mut self, path: &str, mode: u32, uid: u32, gid: u32) -> Result<(), FsError> {
        let full = normalize("/", path);
        let mut current = String::from("/");
        for part in components(&full) {
            current = join(&current, part);
            match self.stat(&current) {
                Some(entry) if entry.is_dir() => {}
                Some(_) => return Err(FsError::NotADirectory(current)),
                None => self.mkdir(&current, mode, uid, gid)?,
            }
        }
        Ok(())
    }

    /// Creates a symlink at `path` pointing to `target` (stored as written).
    pub fn symlink(&mut self, target: &str, path: &str) -> Result<(), FsError> {
        let full = self.resolve(path, false)?;
        if self.lookup(&full, Scope::All).is_some() {
            return Err(FsError::AlreadyExists(full));
        }
        self.check_parent_dir(&full)?;
        self.put(full, Entry::symlink(target));
        Ok(())
    }

    /// Removes a file, symlink or empty directory.
    pub fn remove(&mut self, path: &str) -> Result<(), FsError> {
        let full = self.resolve(path, false)?;
        let entry = self.lookup(&full, Scope::All).ok_or_else(|| FsError::NotFound(full.clone()))?;
        if full == "/" {
            return Err(FsError::InvalidArgument(full));
        }
        if entry.is_dir() && !self.read_dir(&full)?.is_empty() {
            return Err(FsError::NotEmpty(full));
        }
        self.delete(&full);
        Ok(())
    }

    /// Removes `path` and everything below it (a symlink itself, not its target).
    pub fn remove_all(&mut self, path: &str) -> Result<(), FsError> {
        let full = self.resolve(path, false)?;
        if self.lookup(&full, Scope::All).is_none() {
            return Err(FsError::NotFound(full));
        }
        if full == "/" {
            // Removing the root empties it: every child is deleted.
            for (name, _) in self.read_dir("/")? {
                self.delete(&join("/", &name));
            }
            return Ok(());
        }
        self.delete(&full);
        Ok(())
    }

    /// The children of a directory, merged over all layers and sorted by name.
    pub fn read_dir(&self, path: &str) -> Result<Vec<(String, Entry)>, FsError> {
        let dir = self.resolve(path, true)?;
        match self.lookup(&dir, Scope::All) {
            None => return Err(FsError::NotFound(dir)),
            Some(entry) if !entry.is_dir() => return Err(FsError::NotADirectory(dir)),
            Some(_) => {}
        }
        let prefix = if dir == "/" { "/".to_string() } else { format!("{dir}/") };
        let mut names = std::collections::BTreeSet::new();
        for layer in self.lower.iter().map(|layer| layer.as_ref()).chain(std::iter::once(&self.upper)) {
            for key in layer.changes.range(prefix.clone()..).map(|(key, _)| key) {
                let Some(rest) = key.strip_prefix(&prefix) else { break };
                if rest.is_empty() {
                    continue;
                }
                let name = rest.split('/').next().unwrap_or(rest);
                names.insert(name.to_string());
            }
        }
        Ok(names
            .into_iter()
            .filter_map(|name| {
                let child = join(&dir, &name);
                self.lookup(&child, Scope::All).map(|entry| (name, entry))
            })
            .collect())
    }

    /// `path` and everything below it (symlinks are not followed), sorted by path.
    pub fn walk(&self, path: &str) -> Vec<(String, Entry)> {
        let Ok(root) = self.resolve(path, false) else { return Vec::new() };
        let Some(entry) = self.lookup(&root, Scope::All) else { return Vec::new() };
        let mut res = vec![(root.clone(), entry.clone())];
        let mut stack = Vec::new();
        if entry.is_dir() {
            stack.push(root);
        }
        while let Some(dir) = stack.pop() {
            let Ok(children) = self.read_dir(&dir) else { continue };
            for (name, child) in children {
                let child_path = join(&dir, &name);
                if child.is_dir() {
                    stack.push(child_path.clone());
                }
                res.push((child_path, child));
            }
        }
        res.sort_by(|a, b| a.0.cmp(&b.0));
        res
    }

    /// Changes the permission bits (following symlinks).
    pub fn set_mode(&mut self, path: &str, mode: u32) -> Result<(), FsError> {
        self.modify(path, |entry| entry.mode = mode)
    }

    /// Changes the owner (following symlinks).
    pub fn chown(&mut self, path: &str, uid: u32, gid: u32) -> Result<(), FsError> {
        self.modify(path, |entry| {
            entry.uid = uid;
            entry.gid = gid;
        })
    }

    fn modify(&mut self, path: &str, change: impl FnOnce(&mut Entry)) -> Result<(), FsError> {
        let full = self.resolve(path, true)?;
        let mut entry = self.lookup(&full, Scope::All).ok_or_else(|| FsError::NotFound(full.clone()))?;
        change(&mut entry);
        match self.upper.changes.get_mut(&full) {
            Some(Change::Put(existing) | Change::Opaque(existing)) => *existing = entry,
            _ => {
                self.upper.changes.insert(full, Change::Put(entry));
            }
        }
        Ok(())
    }

    /// Records `entry` at `full` in the upper layer.
    fn put(&mut self, full: String, entry: Entry) {
        // Anything the upper layer had below this path belonged to a previous directory here.
        self.drop_upper_below(&full);
        self.upper.changes.insert(full, Change::Put(entry));
    }

    /// Deletes `full` and its subtree from the view.
    fn delete(&mut self, full: &str) {
        self.drop_upper_below(full);
        if self.lookup(full, Scope::LowerOnly).is_some() {
            self.upper.changes.insert(full.to_string(), Change::Whiteout);
        } else {
            self.upper.changes.remove(full);
        }
    }

    fn drop_upper_below(&mut self, full: &str) {
        let prefix = if full == "/" { "/".to_string() } else { format!("{full}/") };
        let below: Vec<String> = self
            .upper
            .changes
            .range(prefix.clone()..)
            .map(|(key, _)| key)
            .take_while(|key| key.starts_with(&prefix))
            .filter(|key| key.as_str() != "/")
            .cloned()
            .collect();
        for key in below {
            self.upper.changes.remove(&key);
        }
    }

    fn check_parent_dir(&self, full: &str) -> Result<(), FsError> {
        let (parent, _) = split_parent(full);
        match self.lookup(parent, Scope::All) {
            None => Err(FsError::NotFound(full.to_string())),
            Some(entry) if !entry.is_dir() => Err(FsError::NotADirectory(full.to_string())),
            Some(_) => Ok(()),
        }
    }

    /// The physical path a write to `path` lands on: parents resolved, a final symlink followed.
    fn writable_target(&self, path: &str) -> Result<String, FsError> {
        let mut full = self.resolve(path, false)?;
        for _ in 0..MAX_SYMLINK_HOPS {
            match self.lookup(&full, Scope::All) {
                Some(Entry { kind: EntryKind::Symlink(target), .. }) => {
                    let (parent, _) = split_parent(&full);
                    full = self.resolve(&normalize(parent, &target), false)?;
                }
                _ => {
                    self.check_parent_dir(&full)?;
                    return Ok(full);
                }
            }
        }
        Err(FsError::TooManyLinks(full))
    }

    /// Resolves symlinks in every component but the last (and in the last when `follow_last`).
    fn resolve(&self, path: &str, follow_last: bool) -> Result<String, FsError> {
        let mut pending: Vec<String> = components(&normalize("/", path)).into_iter().rev().map(String::from).collect();
        let mut current = String::from("/");
        let mut hops = 0;
        while let Some(part) = pending.pop() {
            if part == ".." {
                current = split_parent(&current).0.to_string();
                continue;
            }
            let candidate = join(&current, &part);
            let is_last = pending.is_empty();
            match self.lookup(&candidate, Scope::All) {
                Some(Entry { kind: EntryKind::Symlink(target), .. }) if !is_last || follow_last => {
                    hops += 1;
                    if hops > MAX_SYMLINK_HOPS {
                        return Err(FsError::TooManyLinks(normalize("/", path)));
                    }
                    if target.starts_with('/') {
                        current = String::from("/");
                    }
                    for piece in target.split('/').rev() {
                        if !piece.is_empty() && piece != "." {
                            pending.push(piece.to_string());
                        }
                    }
                }
                Some(entry) if !is_last && !entry.is_dir() => {
                    return Err(FsError::NotADirectory(normalize("/", path)));
                }
                _ => current = candidate,
            }
        }
        Ok(current)
    }

    /// The entry at a physical path, honouring whiteouts, opaque directories and shadowing files.
    fn lookup(&self, full: &str, scope: Scope) -> Option<Entry> {
        let upper = match scope {
            Scope::All => Some(&self.upper),
            Scope::LowerOnly => None,
        };
        let layers = upper.into_iter().chain(self.lower.iter().rev().map(|layer| layer.as_ref()));
        let ancestors = ancestors_of(full);
        for layer in layers {
            match layer.changes.get(full) {
                Some(Change::Put(entry) | Change::Opaque(entry)) => return Some(entry.clone()),
                Some(Change::Whiteout) => return None,
                None => {}
            }
            for ancestor in &ancestors {
                match layer.changes.get(*ancestor) {
                    Some(Change::Whiteout | Change::Opaque(_)) => return None,
                    Some(Change::Put(entry)) if !entry.is_dir() => return None,
                    _ => {}
                }
            }
        }
        if full == "/" {
            // The root always exists, even in `FROM scratch`.
            return Some(Entry::dir(0o755));
        }
        None
    }
}

/// The proper ancestors of a normalized path, excluding the root (`/a/b/c` → `/a`, `/a/b`).
fn ancestors_of(full: &str) -> Vec<&str> {
    let mut res = Vec::new();
    for (idx, byte) in full.bytes().enumerate() {
        if byte == b'/' && idx > 0 {
            res.push(&full[..idx]);
        }
    }
    res
}
