//! [`Layer`]: the set of changes one build step made, keyed by absolute path.
//!
//! A layer is the simulator's stand-in for a layer tarball (S-LAYER-1): puts for added or modified
//! entries, whiteouts for deletions and opaque directories for replaced ones (S-LAYER-2). Its
//! [`Layer::diff_id`] is a sha256 over a canonical serialization of the sorted changes.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::index::StackIndex;
use super::{Change, EntryKind};

/// The changes of one layer, sorted by absolute normalized path.
///
/// The diff ID and the size are computed once and remembered: a layer's `changes` must not be
/// modified after [`Layer::diff_id`] or [`Layer::size`] was called (layers are immutable once committed, and shared behind `Arc`). The
/// same holds for the merged index of a stack that [`super::index_stack`] keeps in its top layer.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Layer {
    /// Path (absolute, normalized, `/` for the root) to change.
    pub changes: BTreeMap<String, Change>,
    #[serde(skip)]
    diff_id_memo: OnceLock<[u8; 32]>,
    #[serde(skip)]
    size_memo: OnceLock<u64>,
    /// The merged view of the stack this layer tops, when indexed.
    #[serde(skip)]
    pub(super) index: OnceLock<Arc<StackIndex>>,
}

impl Clone for Layer {
    fn clone(&self) -> Layer {
        // A copy may be changed or stacked elsewhere, so it does not inherit the stack index.
        Layer {
            changes: self.changes.clone(),
            diff_id_memo: self.diff_id_memo.clone(),
            size_memo: self.size_memo.clone(),
            index: OnceLock::new(),
        }
    }
}

impl PartialEq for Layer {
    fn eq(&self, other: &Layer) -> bool {
        self.changes == other.changes
    }
}

impl Eq for Layer {}

impl From<BTreeMap<String, Change>> for Layer {
    fn from(changes: BTreeMap<String, Change>) -> Layer {
        Layer { changes, diff_id_memo: OnceLock::new(), size_memo: OnceLock::new(), index: OnceLock::new() }
    }
}

impl Layer {
    /// An empty layer.
    pub fn new() -> Layer {
        Layer::default()
    }

    /// The bytes of file contents this layer puts, like the SIZE column of `docker history`.
    pub fn size(&self) -> u64 {
        *self.size_memo.get_or_init(|| self.size_uncached())
    }

    /// [`Layer::size`] computed afresh, for a layer still being filled (nothing is remembered).
    pub fn size_uncached(&self) -> u64 {
        self.changes
            .values()
            .map(|change| match change {
                Change::Put(entry) | Change::Opaque(entry) => match &entry.kind {
                    EntryKind::File(content) => content.len(),
                    EntryKind::Dir | EntryKind::Symlink(_) => 0,
                },
                Change::Whiteout => 0,
            })
            .sum()
    }

    /// The sha256 of a canonical serialization of the sorted changes.
    pub fn diff_id(&self) -> [u8; 32] {
        *self.diff_id_memo.get_or_init(|| self.compute_diff_id())
    }

    fn compute_diff_id(&self) -> [u8; 32] {
        // The serialization is written into one buffer and hashed at once: many small updates of the
        // hasher cost more than the copies.
        let mut bytes = Vec::with_capacity(self.changes.keys().map(|path| path.len() + 48).sum());
        for (path, change) in &self.changes {
            bytes.extend_from_slice(path.as_bytes());
            bytes.push(0);
            match change {
                Change::Whiteout => bytes.push(b'W'),
                Change::Put(entry) | Change::Opaque(entry) => {
                    bytes.push(if matches!(change, Change::Put(_)) { b'P' } else { b'O' });
                    bytes.extend_from_slice(&entry.mode.to_le_bytes());
                    bytes.extend_from_slice(&entry.uid.to_le_bytes());
                    bytes.extend_from_slice(&entry.gid.to_le_bytes());
                    match &entry.kind {
                        EntryKind::Dir => bytes.push(b'd'),
                        EntryKind::Symlink(target) => {
                            bytes.push(b'l');
                            bytes.extend_from_slice(target.as_bytes());
                            bytes.push(0);
                        }
                        EntryKind::File(content) => {
                            bytes.push(b'f');
                            bytes.extend_from_slice(&content.digest());
                        }
                    }
                }
            }
        }
        Sha256::digest(&bytes).into()
    }

    /// Whether the layer changes nothing.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The whiteout entries as they would appear in the tarball: `/etc/.wh.app.conf` for a deleted
    /// file and `/dir/.wh..wh..opq` for an opaque directory, sorted.
    pub fn whiteout_paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self
            .changes
            .iter()
            .filter_map(|(path, change)| match change {
                Change::Whiteout => {
                    let (parent, name) = split_parent(path);
                    Some(if parent == "/" { format!("/.wh.{name}") } else { format!("{parent}/.wh.{name}") })
                }
                Change::Opaque(_) => {
                    Some(if path == "/" { "/.wh..wh..opq".to_string() } else { format!("{path}/.wh..wh..opq") })
                }
                Change::Put(_) => None,
            })
            .collect();
        paths.sort();
        paths
    }

    /// A short human summary, one line per change: `A /path (123 B)`, `D /path`, `O /dir`.
    pub fn summary(&self) -> Vec<String> {
        self.changes
            .iter()
            .map(|(path, change)| match change {
                Change::Whiteout => format!("D {path}"),
                Change::Opaque(_) => format!("O {path}/"),
                Change::Put(entry) => match &entry.kind {
                    EntryKind::Dir => format!("A {path}/ {:o}", entry.mode),
                    EntryKind::Symlink(target) => format!("A {path} -> {target}"),
                    EntryKind::File(content) => {
                        let kind = if content.as_bytes().is_some() { "" } else { " synthetic" };
                        format!("A {path} {:o} {}{kind}", entry.mode, content.len())
                    }
                },
            })
            .collect()
    }
}

/// Splits an absolute normalized path into parent and final name (`/` has parent `/` and name "").
pub fn split_parent(path: &str) -> (&str, &str) {
    match path.rfind('/') {
        Some(0) => ("/", &path[1..]),
        Some(idx) => (&path[..idx], &path[idx + 1..]),
        None => ("/", path),
    }
}
