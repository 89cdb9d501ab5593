//! [`StackIndex`]: the merged view of a stack of layers, computed once and kept by the stack's top layer.
//!
//! A lookup through plain layers asks every layer for the path and for each of its ancestors (a whiteout,
//! an opaque directory or a file above hides what is below). A base image's layers never change, so the
//! catalog indexes them once ([`super::index_stack`]): every path the stack shows, with its entry. An
//! [`super::Fs`] whose lower layers start with that exact stack then answers for all of it with one map
//! lookup, and walks only the few layers built on top.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use super::{Change, Entry, Layer};

/// Every visible path of a stack of layers and its entry.
pub(crate) struct StackIndex {
    /// The layers under the one that holds the index, bottom first. An index serves a filesystem only
    /// when its lower layers are exactly these (the same `Arc`s) followed by the holder, which keeps
    /// the index from describing a copy of the holder placed on another stack.
    below: Vec<Arc<Layer>>,
    /// The entry of every path that a lookup limited to the stack finds.
    entries: HashMap<String, Entry, BuildHasherDefault<WordHash>>,
    /// The same paths, sorted, for listing directories.
    paths: Vec<String>,
}

/// A multiply-rotate hash over the key's bytes, eight at a time (the Fx hash): cheap for paths, and
/// deterministic (std's default hasher is seeded from the operating system's randomness, which the
/// core must not read). Byte-at-a-time FNV-1a cost a multiplication per byte of every looked-up path.
#[derive(Default)]
struct WordHash(u64);

impl WordHash {
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for WordHash {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.mix(u64::from_le_bytes(word));
        }
    }
}

impl std::fmt::Debug for StackIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "StackIndex({} layers, {} entries)", self.below.len() + 1, self.entries.len())
    }
}

impl StackIndex {
    /// The merged view of `stack` (bottom first, not empty).
    pub(crate) fn build(stack: &[Arc<Layer>]) -> StackIndex {
        let (below, _) = stack.split_at(stack.len().saturating_sub(1));
        let mut entries = BTreeMap::new();
        for layer in stack {
            for path in layer.changes.keys() {
                if entries.contains_key(path) {
                    continue;
                }
                let layers = stack.iter().rev().map(|layer| layer.as_ref());
                let floor = super::floor_of(layers.clone(), path);
                if let Some((entry, _)) = super::find_in(layers, None, path, floor) {
                    entries.insert(path.clone(), entry.clone());
                }
            }
        }
        let paths = entries.keys().cloned().collect();
        StackIndex { below: below.to_vec(), entries: entries.into_iter().collect(), paths }
    }

    /// Whether this index, held by a layer, describes that layer on top of `below`.
    pub(crate) fn fits(&self, below: &[Arc<Layer>]) -> bool {
        self.below.len() == below.len() && self.below.iter().zip(below).all(|(a, b)| Arc::ptr_eq(a, b))
    }

    /// The entry at a physical path, or `None` when the stack does not show it.
    pub(crate) fn get(&self, full: &str) -> Option<&Entry> {
        self.entries.get(full)
    }

    /// The visible paths at or after `from` in path order, for listing a directory.
    pub(crate) fn keys_from<'a>(&'a self, from: &str) -> impl Iterator<Item = &'a String> + 'a {
        self.paths[self.paths.partition_point(|path| path.as_str() < from)..].iter()
    }
}

/// Whether a change at an ancestor hides everything below it in lower layers.
pub(crate) fn hides_below(change: &Change) -> bool {
    match change {
        Change::Whiteout | Change::Opaque(_) => true,
        Change::Put(entry) => !entry.is_dir(),
    }
}
