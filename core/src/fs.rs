//! The in-memory layered filesystem: read-only lower [`Layer`]s plus a writable upper layer, merged
//! like overlayfs.
//!
//! [`Fs`] is what a build step's container sees. Reads look through the upper layer, then the lower
//! layers top-down; a whiteout, an opaque directory or a non-directory at an ancestor hides what is
//! below (S-LAYER-2). Writes only touch the upper layer, and [`Fs::take_upper`] returns them as the
//! step's diff. Paths given to methods are normalized first (relative paths are taken from `/`).
//! Symlinks are followed for at most [`MAX_SYMLINK_HOPS`] hops. Permissions are recorded, not enforced.

mod content;
mod index;
mod layer;
mod path;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use index::{StackIndex, hides_below};

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
#[derive(Debug, Clone, Default)]
pub struct Fs {
    lower: Vec<Arc<Layer>>,
    upper: Layer,
    /// The merged index of the bottom `.0` lower layers, when the top one of them holds an index that
    /// fits them (see [`index_stack`]); lookups then skip those layers.
    indexed: Option<(usize, Arc<StackIndex>)>,
    /// The directory the last write resolved, remembered so the next path below it resumes there.
    recent: Option<Recent>,
}

impl PartialEq for Fs {
    fn eq(&self, other: &Fs) -> bool {
        // The index and the remembered directory are derived from the layers.
        self.lower == other.lower && self.upper == other.upper
    }
}

impl Eq for Fs {}

/// A directory opened by [`Fs::open_dir`] or [`Fs::mkdir_in`]: its physical path and, when it resolved
/// without symlinks, the floor (see [`find_in`]) of its children, so that entries below it are found
/// with one lookup. It stays valid while nothing at or above the directory is removed or replaced and
/// no layer is taken ([`Fs::take_upper`]); creating entries below it through the handle keeps it valid.
#[derive(Debug, Clone)]
pub struct DirHandle {
    path: String,
    floor: Option<usize>,
}

/// Whether `name` is one ordinary path component (not empty, `.` or `..`, without a slash).
fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains('/')
}

/// A directory path that resolved without symlinks or `..`, with the lookup of each component: a
/// package manager writes many files into the same few directories, and each write would otherwise
/// walk the whole path again. A change at a component or above it forgets that part
/// ([`Fs::forget`]); changes below it cannot alter how it resolves.
#[derive(Debug, Clone)]
struct Recent {
    /// The physical path, which is also how it was written.
    path: String,
    /// Per component: its directory entry, the position where it was found and its floor.
    steps: Vec<(Entry, usize, usize)>,
}

/// The root directory as seen when no layer records it (it always exists, even in `FROM scratch`).
static ROOT: Entry = Entry { kind: EntryKind::Dir, mode: 0o755, uid: 0, gid: 0 };

/// Indexes the merged view of `stack` (bottom first) in its top layer, once, so that every [`Fs`] whose
/// lower layers start with exactly this stack finds its paths with one map lookup. Meant for stacks
/// that are reused many times, like the catalog's base images; the index does not change what any
/// lookup returns.
pub fn index_stack(stack: &[Arc<Layer>]) {
    if let Some(top) = stack.last() {
        top.index.get_or_init(|| Arc::new(StackIndex::build(stack)));
    }
}

/// What a lookup found: the entry and the position of its source, counted from the top (the upper
/// layer is 0, then the lower layers the index does not cover, then the index).
type Found<'a> = Option<(&'a Entry, usize)>;

/// No layer hides the path through an ancestor (see [`find_in`]).
const NO_FLOOR: usize = usize::MAX;

/// The entry at a physical path, looking through `layers` (top first) and then `index`, honouring
/// whiteouts, opaque directories and shadowing files.
///
/// `floor` is the position of the topmost layer where an ancestor of the path is a whiteout, an opaque
/// directory or a file: that layer and the ones below it cannot show the path, except that the layer
/// itself may hold the path (a directory recreated there). A walk from the root knows the floor of
/// each component from its parent's ([`child_floor`]), so a lookup costs one map lookup per layer,
/// not one per layer and ancestor. The index needs no floor: it is already merged.
fn find_in<'a>(
    layers: impl Iterator<Item = &'a Layer>,
    index: Option<&'a StackIndex>,
    full: &str,
    floor: usize,
) -> Found<'a> {
    let mut position = 0;
    for layer in layers {
        match layer.changes.get(full) {
            Some(Change::Put(entry) | Change::Opaque(entry)) => return Some((entry, position)),
            Some(Change::Whiteout) => return None,
            None if position >= floor => return None,
            None => {}
        }
        position += 1;
    }
    if let Some(entry) = index.and_then(|index| index.get(full)) {
        return Some((entry, position));
    }
    (full == "/").then_some((&ROOT, position + 1))
}

/// Adds to `names` the name of every direct child of the directory `prefix` (which ends in `/`) that a
/// sorted key set mentions, where `first_from(k)` is the set's first key not below `k`. Each child's
/// subtree is skipped with one seek (to the name followed by `0`, the character after `/`), so listing `/`
/// costs a seek per top-level name rather than a visit to every path in the image.
fn child_names<'a>(
    prefix: &str,
    names: &mut std::collections::BTreeSet<String>,
    first_from: impl Fn(&str) -> Option<&'a String>,
) {
    let mut from = prefix.to_string();
    while let Some(key) = first_from(&from) {
        let Some(rest) = key.strip_prefix(prefix) else { break };
        match rest.split_once('/') {
            Some((name, _)) => {
                from = format!("{prefix}{name}0");
                if !name.is_empty() {
                    names.insert(name.to_string());
                }
            }
            None => {
                from = format!("{key}\0");
                if !rest.is_empty() {
                    names.insert(rest.to_string());
                }
            }
        }
    }
}

/// The floor (see [`find_in`]) of the children of `dir`, whose own floor is `floor` and which was
/// found at position `found_at` (0 when it was not found): the topmost layer where `dir` itself hides
/// what is below it, if that is above `floor`. Layers above `found_at` do not hold `dir`.
fn child_floor<'a>(layers: impl Iterator<Item = &'a Layer>, dir: &str, found_at: usize, floor: usize) -> usize {
    if dir == "/" {
        // The root is nobody's hiding ancestor.
        return floor;
    }
    layers
        .enumerate()
        .skip(found_at)
        .take_while(|(position, _)| *position < floor)
        .find(|(_, layer)| layer.changes.get(dir).is_some_and(hides_below))
        .map_or(floor, |(position, _)| position)
}

/// The floor (see [`find_in`]) of a path, from its ancestors in every layer.
fn floor_of<'a>(layers: impl Iterator<Item = &'a Layer>, full: &str) -> usize {
    layers
        .enumerate()
        .find(|(_, layer)| ancestors_of(full).any(|ancestor| layer.changes.get(ancestor).is_some_and(hides_below)))
        .map_or(NO_FLOOR, |(position, _)| position)
}

/// One component of a resolved path: what its lookup found, and its floor (see [`find_in`]).
#[derive(Clone, Copy)]
struct Step<'a> {
    found: Found<'a>,
    floor: usize,
}

/// A path with its symlinks resolved, and what the lookups on the way found.
struct Resolved<'a> {
    /// The physical path.
    path: String,
    /// The lookup of each component of `path`, the root excluded.
    trail: Vec<Step<'a>>,
    /// Whether no symlink was followed and no `..` taken, so `path` is also the logical path.
    direct: bool,
}

impl Resolved<'_> {
    /// The leading components that are directories, as [`Recent`] keeps them.
    fn directories(&self, count: usize) -> Option<Recent> {
        if !self.direct || count == 0 || count > self.trail.len() {
            return None;
        }
        let mut steps = Vec::with_capacity(count);
        for step in &self.trail[..count] {
            match step.found {
                Some((entry, position)) if entry.is_dir() => steps.push((entry.clone(), position, step.floor)),
                _ => return None,
            }
        }
        let end = self.path.match_indices('/').nth(count).map_or(self.path.len(), |(idx, _)| idx);
        Some(Recent { path: self.path[..end].to_string(), steps })
    }
}

impl Fs {
    /// A view of `lower` (bottom first) with an empty upper layer.
    pub fn new(lower: Vec<Arc<Layer>>) -> Fs {
        // The highest layer whose index fits the layers under it covers the most.
        let indexed = lower.iter().enumerate().rev().find_map(|(i, layer)| {
            let index = layer.index.get()?;
            index.fits(&lower[..i]).then(|| (i + 1, index.clone()))
        });
        Fs { lower, upper: Layer::new(), indexed, recent: None }
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
    pub fn take_upper(&mut self) -> Arc<Layer> {
        let upper = Arc::new(std::mem::take(&mut self.upper));
        self.lower.push(upper.clone());
        // Positions count from the upper layer, so every remembered position moved.
        self.recent = None;
        upper
    }

    /// The entry at `path`, following symlinks (also in the final component).
    pub fn stat(&self, path: &str) -> Option<Entry> {
        let resolved = self.resolve(path, true).ok()?;
        self.entry_at(&resolved).cloned()
    }

    /// The entry at `path`, not following a symlink in the final component.
    pub fn lstat(&self, path: &str) -> Option<Entry> {
        let resolved = self.resolve(path, false).ok()?;
        self.entry_at(&resolved).cloned()
    }

    /// Whether something (following symlinks) exists at `path`.
    pub fn exists(&self, path: &str) -> bool {
        self.resolve(path, true).is_ok_and(|resolved| self.entry_at(&resolved).is_some())
    }

    /// The physical path `path` refers to, with every symlink resolved.
    pub fn canonicalize(&self, path: &str) -> Result<String, FsError> {
        let resolved = self.resolve(path, true)?;
        match self.entry_at(&resolved) {
            Some(_) => Ok(resolved.path),
            None => Err(FsError::NotFound(normalize("/", path))),
        }
    }

    /// The contents of the regular file at `path`.
    pub fn read_file(&self, path: &str) -> Result<Content, FsError> {
        let resolved = self.resolve(path, true)?;
        match self.entry_at(&resolved) {
            None => Err(FsError::NotFound(normalize("/", path))),
            Some(Entry { kind: EntryKind::File(content), .. }) => Ok(content.clone()),
            Some(_) => Err(FsError::IsADirectory(normalize("/", path))),
        }
    }

    /// Creates or replaces the file at `path` (following a symlink there); the parent must exist.
    pub fn write_file(&mut self, path: &str, content: Content, mode: u32, uid: u32, gid: u32) -> Result<(), FsError> {
        let target = self.writable_target(path)?;
        let is_dir = self.entry_at(&target).is_some_and(|existing| existing.is_dir());
        // The next file often goes to the same directory, which is then remembered already.
        let (parent_path, _) = split_parent(&target.path);
        let known = self.recent.as_ref().is_some_and(|recent| recent.path == parent_path);
        let parent = if known { None } else { target.directories(target.trail.len().saturating_sub(1)) };
        let target = target.path;
        if is_dir {
            return Err(FsError::IsADirectory(target));
        }
        self.put(target, Entry { kind: EntryKind::File(content), mode, uid, gid });
        if parent.is_some() {
            self.recent = parent;
        }
        Ok(())
    }

    /// Creates one directory; the parent must exist and the path must be free.
    pub fn mkdir(&mut self, path: &str, mode: u32, uid: u32, gid: u32) -> Result<(), FsError> {
        let full = self.resolve(path, false)?;
        if self.entry_at(&full).is_some() {
            return Err(FsError::AlreadyExists(full.path));
        }
        self.check_parent_dir(&full)?;
        self.create_dir(full.path, Entry { kind: EntryKind::Dir, mode, uid, gid });
        Ok(())
    }

    /// Records a new directory at a free physical path whose parent is a directory.
    fn create_dir(&mut self, full: String, entry: Entry) {
        self.forget(&full);
        // A directory recreated over a deleted lower one must hide the old children (S-LAYER-2).
        if matches!(self.upper.changes.get(&full), Some(Change::Whiteout)) {
            self.upper.changes.insert(full, Change::Opaque(entry));
        } else {
            self.upper.changes.insert(full, Change::Put(entry));
        }
    }

    /// Creates a directory and any missing parents; existing directories are fine.
    pub fn mkdir_all(&mut self, path: &str, mode: u32, uid: u32, gid: u32) -> Result<(), FsError> {
        self.mkdir_all_floor(path, mode, uid, gid).map(|_| ())
    }

    /// Creates `path` and any missing parents like [`Fs::mkdir_all`] and returns a handle to it, through
    /// which [`Fs::mkdir_in`] and [`Fs::write_in`] create entries directly below it without resolving
    /// the directory again (a package manager unpacking many files into a few directories).
    pub fn open_dir(&mut self, path: &str, mode: u32, uid: u32, gid: u32) -> Result<DirHandle, FsError> {
        let floor = self.mkdir_all_floor(path, mode, uid, gid)?;
        Ok(self.handle_after_mkdir(path, floor))
    }

    /// The handle of a directory [`Fs::mkdir_all_floor`] just made or found at `path`.
    fn handle_after_mkdir(&self, path: &str, floor: Option<usize>) -> DirHandle {
        // The fast path needs the directory remembered as its own physical path (no symlink on the
        // way), which is where a write below it would resolve its parent.
        match (floor, &self.recent) {
            (Some(floor), Some(recent)) if recent.path.len() > 1 => {
                DirHandle { path: recent.path.clone(), floor: Some(floor) }
            }
            _ => DirHandle { path: normalize("/", path), floor: None },
        }
    }

    /// Creates the directory `name` in `dir` if it is missing, exactly as [`Fs::mkdir_all`] of the
    /// joined path would (`dir` exists already), and returns its handle.
    pub fn mkdir_in(
        &mut self,
        dir: &DirHandle,
        name: &str,
        mode: u32,
        uid: u32,
        gid: u32,
    ) -> Result<DirHandle, FsError> {
        let child = join(&dir.path, name);
        let Some(floor) = dir.floor.filter(|_| is_plain_name(name)) else {
            let floor = self.mkdir_all_floor(&child, mode, uid, gid)?;
            return Ok(self.handle_after_mkdir(&child, floor));
        };
        let position = match self.find(&child, floor) {
            Some((entry, position)) if entry.is_dir() => position,
            Some((entry, _)) if entry.is_symlink() => {
                let floor = self.mkdir_all_floor(&child, mode, uid, gid)?;
                return Ok(self.handle_after_mkdir(&child, floor));
            }
            Some(_) => return Err(FsError::NotADirectory(child)),
            None => {
                self.create_dir(child.clone(), Entry { kind: EntryKind::Dir, mode, uid, gid });
                // The new directory is in the upper layer, position 0.
                0
            }
        };
        let floor = self.child_floor(&child, position, floor);
        Ok(DirHandle { path: child, floor: Some(floor) })
    }

    /// Writes the file `name` in `dir`, exactly as [`Fs::write_file`] of the joined path would.
    pub fn write_in(
        &mut self,
        dir: &DirHandle,
        name: &str,
        content: Content,
        mode: u32,
        uid: u32,
        gid: u32,
    ) -> Result<(), FsError> {
        let child = join(&dir.path, name);
        let Some(floor) = dir.floor.filter(|_| is_plain_name(name)) else {
            return self.write_file(&child, content, mode, uid, gid);
        };
        match self.find(&child, floor) {
            // Following the link is the general case.
            Some((entry, _)) if entry.is_symlink() => self.write_file(&child, content, mode, uid, gid),
            Some((entry, _)) if entry.is_dir() => Err(FsError::IsADirectory(child)),
            _ => {
                self.put(child, Entry { kind: EntryKind::File(content), mode, uid, gid });
                Ok(())
            }
        }
    }

    /// [`Fs::mkdir_all`], returning the floor (see [`find_in`]) of the new directory's children when
    /// it was resolved component by component and remembered in [`Recent`].
    fn mkdir_all_floor(&mut self, path: &str, mode: u32, uid: u32, gid: u32) -> Result<Option<usize>, FsError> {
        let full = normalize("/", path);
        // While every prefix is a directory, not a symlink, each prefix is its own physical path, so
        // one lookup per component decides; a symlink on the way takes the general path below.
        let mut ends = component_ends(&full);
        let mut steps = self.recent_steps(&full);
        let mut floor = NO_FLOOR;
        // Each remembered step keeps its own floor, so only the last one's children floor is needed.
        if let Some((_, position, step_floor)) = steps.last()
            && let Some(end) = ends.nth(steps.len() - 1)
        {
            floor = self.child_floor(&full[..end], *position, *step_floor);
        }
        for end in ends {
            let prefix = &full[..end];
            let (entry, position) = match self.find(prefix, floor) {
                Some((entry, position)) if entry.is_dir() => (entry.clone(), position),
                Some((entry, _)) if entry.is_symlink() => {
                    return self.mkdir_all_through_links(&full, mode, uid, gid).map(|_| None);
                }
                Some(_) => return Err(FsError::NotADirectory(prefix.to_string())),
                None => {
                    let entry = Entry { kind: EntryKind::Dir, mode, uid, gid };
                    self.create_dir(prefix.to_string(), entry.clone());
                    // The new directory is in the upper layer, position 0.
                    (entry, 0)
                }
            };
            let step_floor = floor;
            floor = self.child_floor(prefix, position, floor);
            // A step keeps its own floor; the next component's is computed from it.
            steps.push((entry, position, step_floor));
        }
        if steps.is_empty() {
            return Ok(None);
        }
        self.recent = Some(Recent { path: full, steps });
        Ok(Some(floor))
    }

    /// `mkdir_all` when a prefix is a symlink: each prefix is resolved from the root.
    fn mkdir_all_through_links(&mut self, full: &str, mode: u32, uid: u32, gid: u32) -> Result<(), FsError> {
        let mut current = String::from("/");
        for part in components(full) {
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
        if self.entry_at(&full).is_some() {
            return Err(FsError::AlreadyExists(full.path));
        }
        self.check_parent_dir(&full)?;
        self.put(full.path, Entry::symlink(target));
        Ok(())
    }

    /// Removes a file, symlink or empty directory.
    pub fn remove(&mut self, path: &str) -> Result<(), FsError> {
        let resolved = self.resolve(path, false)?;
        let found = self.entry_at(&resolved).map(Entry::is_dir);
        let full = resolved.path;
        let is_dir = found.ok_or_else(|| FsError::NotFound(full.clone()))?;
        if full == "/" {
            return Err(FsError::InvalidArgument(full));
        }
        if is_dir && !self.read_dir(&full)?.is_empty() {
            return Err(FsError::NotEmpty(full));
        }
        self.delete(&full);
        Ok(())
    }

    /// Removes `path` and everything below it (a symlink itself, not its target).
    pub fn remove_all(&mut self, path: &str) -> Result<(), FsError> {
        let resolved = self.resolve(path, false)?;
        let found = self.entry_at(&resolved).is_some();
        let full = resolved.path;
        if !found {
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
        let resolved = self.resolve(path, true)?;
        let (position, floor) = match self.step_at(&resolved) {
            Step { found: None, .. } => return Err(FsError::NotFound(resolved.path)),
            Step { found: Some((entry, _)), .. } if !entry.is_dir() => {
                return Err(FsError::NotADirectory(resolved.path));
            }
            Step { found: Some((_, position)), floor } => (position, floor),
        };
        let children_floor = self.child_floor(&resolved.path, position, floor);
        let dir = resolved.path;
        let prefix = if dir == "/" { "/".to_string() } else { format!("{dir}/") };
        let mut names = std::collections::BTreeSet::new();
        // The index lists the visible paths of the layers it covers; a name it lacks is hidden there.
        if let Some((_, index)) = &self.indexed {
            child_names(&prefix, &mut names, |from| index.keys_from(from).next());
        }
        for layer in self.unindexed_lower().iter().map(|layer| layer.as_ref()).chain(std::iter::once(&self.upper)) {
            child_names(&prefix, &mut names, |from| {
                layer
                    .changes
                    .range::<str, _>((std::ops::Bound::Included(from), std::ops::Bound::Unbounded))
                    .next()
                    .map(|(key, _)| key)
            });
        }
        Ok(names
            .into_iter()
            .filter_map(|name| {
                let child = join(&dir, &name);
                self.find(&child, children_floor).map(|(entry, _)| (name, entry.clone()))
            })
            .collect())
    }

    /// `path` and everything below it (symlinks are not followed), sorted by path.
    pub fn walk(&self, path: &str) -> Vec<(String, Entry)> {
        let Ok(resolved) = self.resolve(path, false) else { return Vec::new() };
        let Some(entry) = self.entry_at(&resolved).cloned() else { return Vec::new() };
        let root = resolved.path;
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

    /// [`Fs::walk`] with each path relative to the walked entry: `""` for the entry itself, `/a/b` below
    /// it. The walk starts at the entry's physical path (a symlinked directory on the way resolved),
    /// so names are cut from that path, never from the path as given.
    pub fn walk_relative(&self, path: &str) -> Vec<(String, Entry)> {
        let entries = self.walk(path);
        let Some(root) = entries.first().map(|(root, _)| root.clone()) else { return entries };
        let prefix = if root == "/" { "" } else { root.as_str() };
        entries
            .into_iter()
            .map(|(path, entry)| {
                let rel = if path == root { "" } else { path.strip_prefix(prefix).unwrap_or_default() };
                (rel.to_string(), entry)
            })
            .collect()
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
        let resolved = self.resolve(path, true)?;
        let found = self.entry_at(&resolved).cloned();
        let full = resolved.path;
        self.forget(&full);
        let mut entry = found.ok_or_else(|| FsError::NotFound(full.clone()))?;
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
        self.forget(&full);
        // Anything the upper layer had below this path belonged to a previous directory here.
        self.drop_upper_below(&full);
        self.upper.changes.insert(full, Change::Put(entry));
    }

    /// Deletes `full` and its subtree from the view.
    fn delete(&mut self, full: &str) {
        self.forget(full);
        self.drop_upper_below(full);
        let lower = self.unindexed_lower().iter().rev().map(|layer| layer.as_ref());
        let found = find_in(lower.clone(), self.index(), full, floor_of(lower, full));
        if found.is_some() {
            self.upper.changes.insert(full.to_string(), Change::Whiteout);
        } else {
            self.upper.changes.remove(full);
        }
    }

    fn drop_upper_below(&mut self, full: &str) {
        use std::ops::Bound::{Excluded, Unbounded};
        // The keys that start with `full` follow it in order; those below it continue with a slash.
        // For the root, every other key is below it.
        let below: Vec<String> = self
            .upper
            .changes
            .range::<str, _>((Excluded(full), Unbounded))
            .map(|(key, _)| key)
            .take_while(|key| key.starts_with(full))
            .filter(|key| full == "/" || key.as_bytes().get(full.len()) == Some(&b'/'))
            .cloned()
            .collect();
        for key in below {
            self.upper.changes.remove(&key);
        }
    }

    /// Forgets what [`Recent`] remembers at `full` and below: a change there may alter those lookups.
    fn forget(&mut self, full: &str) {
        let Some(recent) = &mut self.recent else { return };
        let within = recent.path == full
            || full == "/"
            || recent.path.strip_prefix(full).is_some_and(|rest| rest.starts_with('/'));
        if !within {
            return;
        }
        let depth = full.split('/').filter(|part| !part.is_empty()).count();
        // The components above `full` are its ancestors, which the change does not touch.
        let keep = depth.saturating_sub(1).min(recent.steps.len());
        if keep == 0 {
            self.recent = None;
            return;
        }
        recent.steps.truncate(keep);
        let end = recent.path.match_indices('/').nth(keep).map_or(recent.path.len(), |(idx, _)| idx);
        recent.path.truncate(end);
    }

    /// The remembered steps of the leading components that `full` (normalized) shares with [`Recent`].
    fn recent_steps(&self, full: &str) -> Vec<(Entry, usize, usize)> {
        let Some(recent) = &self.recent else { return Vec::new() };
        // The leading components both paths have: the same bytes up to a component end of both.
        let (path, mut shared) = (recent.path.as_bytes(), 0);
        for end in component_ends(full) {
            if shared == recent.steps.len()
                || path.get(..end) != full.as_bytes().get(..end)
                || path.get(end).is_some_and(|&byte| byte != b'/')
            {
                break;
            }
            shared += 1;
        }
        recent.steps[..shared].to_vec()
    }

    /// Fails unless the parent of a resolved path is a directory.
    fn check_parent_dir(&self, resolved: &Resolved) -> Result<(), FsError> {
        // The trail holds the parent's lookup, except for the root's children (and the root).
        let parent = match resolved.trail.len() {
            0 | 1 => self.find("/", NO_FLOOR),
            len => resolved.trail[len - 2].found,
        };
        match parent {
            None => Err(FsError::NotFound(resolved.path.clone())),
            Some((entry, _)) if !entry.is_dir() => Err(FsError::NotADirectory(resolved.path.clone())),
            Some(_) => Ok(()),
        }
    }

    /// The physical path a write to `path` lands on: parents resolved, a final symlink followed.
    fn writable_target(&self, path: &str) -> Result<Resolved<'_>, FsError> {
        let mut full = self.resolve(path, false)?;
        for _ in 0..MAX_SYMLINK_HOPS {
            match self.entry_at(&full) {
                Some(Entry { kind: EntryKind::Symlink(target), .. }) => {
                    let (parent, _) = split_parent(&full.path);
                    full = self.resolve(&normalize(parent, target), false)?;
                }
                _ => {
                    self.check_parent_dir(&full)?;
                    return Ok(full);
                }
            }
        }
        Err(FsError::TooManyLinks(full.path))
    }

    /// Resolves symlinks in every component but the last (and in the last when `follow_last`).
    fn resolve(&self, path: &str, follow_last: bool) -> Result<Resolved<'_>, FsError> {
        // Most paths are normal already; they are borrowed rather than copied.
        let normalized: std::borrow::Cow<str> =
            if path::is_normal(path) { std::borrow::Cow::Borrowed(path) } else { normalize("/", path).into() };
        let mut pending: Vec<&str> = normalized.split('/').filter(|part| !part.is_empty()).rev().collect();
        // The physical path so far, without its leading `/` for the root (so "" is the root).
        let mut current = String::with_capacity(normalized.len());
        let mut trail: Vec<Step> = Vec::with_capacity(pending.len());
        // Leading directories the last write resolved are looked up already.
        if let Some(recent) = &self.recent {
            for (entry, position, floor) in &recent.steps {
                let Some(part) = pending.last() else { break };
                let end = current.len() + 1 + part.len();
                if recent.path.len() < end
                    || recent.path.as_bytes().get(end).is_some_and(|&byte| byte != b'/')
                    || recent.path.as_bytes()[current.len() + 1..end] != *part.as_bytes()
                {
                    break;
                }
                current.push('/');
                current.push_str(part);
                pending.pop();
                trail.push(Step { found: Some((entry, *position)), floor: *floor });
            }
        }
        let mut direct = true;
        let mut hops = 0;
        while let Some(part) = pending.pop() {
            if part == ".." {
                current.truncate(current.rfind('/').unwrap_or(0));
                trail.pop();
                direct = false;
                continue;
            }
            let floor = match trail.last() {
                None => NO_FLOOR,
                Some(parent) => {
                    self.child_floor(&current, parent.found.map_or(0, |(_, position)| position), parent.floor)
                }
            };
            let parent_len = current.len();
            current.push('/');
            current.push_str(part);
            let is_last = pending.is_empty();
            let found = self.find(&current, floor);
            match found {
                Some((Entry { kind: EntryKind::Symlink(target), .. }, _)) if !is_last || follow_last => {
                    current.truncate(parent_len);
                    direct = false;
                    hops += 1;
                    if hops > MAX_SYMLINK_HOPS {
                        return Err(FsError::TooManyLinks(normalized.into_owned()));
                    }
                    if target.starts_with('/') {
                        current.clear();
                        trail.clear();
                    }
                    pending.extend(target.split('/').rev().filter(|piece| !piece.is_empty() && *piece != "."));
                }
                Some((entry, _)) if !is_last && !entry.is_dir() => {
                    return Err(FsError::NotADirectory(normalized.into_owned()));
                }
                _ => trail.push(Step { found, floor }),
            }
        }
        if current.is_empty() {
            current.push('/');
        }
        Ok(Resolved { path: current, trail, direct })
    }

    /// The entry at a resolved path.
    fn entry_at<'a>(&'a self, resolved: &Resolved<'a>) -> Option<&'a Entry> {
        self.step_at(resolved).found.map(|(entry, _)| entry)
    }

    /// The lookup of a resolved path: the last step of its trail, or the root's lookup.
    fn step_at<'a>(&'a self, resolved: &Resolved<'a>) -> Step<'a> {
        match resolved.trail.last() {
            Some(step) => *step,
            None => Step { found: self.find("/", NO_FLOOR), floor: NO_FLOOR },
        }
    }

    /// The lower layers the index does not cover, bottom first.
    fn unindexed_lower(&self) -> &[Arc<Layer>] {
        let covered = self.indexed.as_ref().map_or(0, |(covered, _)| *covered);
        &self.lower[covered..]
    }

    /// The index of the bottom lower layers, if any.
    fn index(&self) -> Option<&StackIndex> {
        self.indexed.as_ref().map(|(_, index)| index.as_ref())
    }

    /// The layers the index does not cover, top first: the upper layer, then the lower ones.
    fn layers(&self) -> impl Iterator<Item = &Layer> + Clone {
        std::iter::once(&self.upper).chain(self.unindexed_lower().iter().rev().map(|layer| layer.as_ref()))
    }

    /// The entry at a physical path whose floor is known, and where it was found (see [`find_in`]).
    fn find(&self, full: &str, floor: usize) -> Found<'_> {
        find_in(self.layers(), self.index(), full, floor)
    }

    /// The floor of the children of `dir`; see [`child_floor`].
    fn child_floor(&self, dir: &str, found_at: usize, floor: usize) -> usize {
        child_floor(self.layers(), dir, found_at, floor)
    }
}

/// Where each component of a normalized absolute path ends, in order (`/a/bc` → 2, 5; none for `/`).
fn component_ends(full: &str) -> ComponentEnds<'_> {
    ComponentEnds { bytes: full.as_bytes(), slash: 0 }
}

/// The iterator of [`component_ends`]: the next component starts after `slash`.
struct ComponentEnds<'a> {
    bytes: &'a [u8],
    slash: usize,
}

impl Iterator for ComponentEnds<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let start = self.slash + 1;
        if start >= self.bytes.len() {
            return None;
        }
        let end = self.bytes[start..].iter().position(|&byte| byte == b'/').map_or(self.bytes.len(), |idx| start + idx);
        self.slash = end;
        Some(end)
    }
}

/// The proper ancestors of a normalized path, excluding the root (`/a/b/c` → `/a`, `/a/b`).
fn ancestors_of(full: &str) -> impl Iterator<Item = &str> {
    full.match_indices('/').filter(|(idx, _)| *idx > 0).map(|(idx, _)| &full[..idx])
}

/// Replaces what `to` has at `to_root` with a copy of what `from` has at `from_root`, keeping modes,
/// owners and symlinks.
pub fn copy_tree(from: &Fs, from_root: &str, to: &mut Fs, to_root: &str) {
    let _ = to.remove_all(to_root);
    for (rel, entry) in from.walk_relative(from_root) {
        let target = if rel.is_empty() { to_root.to_string() } else { join(to_root, rel.trim_start_matches('/')) };
        if target != "/" {
            let parent = crate::fs::split_parent(&target).0.to_string();
            if !to.exists(&parent) {
                let _ = to.mkdir_all(&parent, 0o755, 0, 0);
            }
        }
        match &entry.kind {
            EntryKind::Dir => {
                if to.stat(&target).is_none_or(|e| !e.is_dir()) {
                    let _ = to.mkdir(&target, entry.mode, entry.uid, entry.gid);
                }
                let _ = to.set_mode(&target, entry.mode);
                let _ = to.chown(&target, entry.uid, entry.gid);
            }
            EntryKind::File(content) => {
                let _ = to.write_file(&target, content.clone(), entry.mode, entry.uid, entry.gid);
            }
            EntryKind::Symlink(link) => {
                let _ = to.symlink(link, &target);
            }
        }
    }
}
