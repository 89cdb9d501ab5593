//! File contents and directory entries: [`Content`], [`EntryKind`], [`Entry`] and the per-layer [`Change`].
//!
//! Small files hold their bytes; big binaries (compilers, shared libraries, package blobs) are
//! [`Content::Synthetic`], which has a size and a seed but no stored bytes, so images of a gigabyte stay
//! cheap. Digests are sha256 and deterministic for both forms.

use std::borrow::Cow;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The contents of a regular file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Content {
    /// Real bytes, shared cheaply between layers.
    Bytes(#[serde(with = "arc_bytes")] Arc<[u8]>),
    /// A big binary blob that is not stored: only its size and a seed that tells blobs apart.
    Synthetic {
        /// The size in bytes.
        size: u64,
        /// Distinguishes two blobs of the same size (for digests).
        seed: u64,
    },
}

impl Content {
    /// Content made of UTF-8 text.
    pub fn text(s: &str) -> Content {
        Content::Bytes(Arc::from(s.as_bytes()))
    }

    /// Content made of raw bytes.
    pub fn bytes(bytes: &[u8]) -> Content {
        Content::Bytes(Arc::from(bytes))
    }

    /// A synthetic blob whose seed is derived from a name, so the same name gives the same digest.
    pub fn synthetic(size: u64, name: &str) -> Content {
        Content::Synthetic { size, seed: seed_of(name) }
    }

    /// The size in bytes.
    pub fn len(&self) -> u64 {
        match self {
            Content::Bytes(bytes) => bytes.len() as u64,
            Content::Synthetic { size, .. } => *size,
        }
    }

    /// Whether the file is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The sha256 of the contents; for synthetic blobs, of their size and seed.
    pub fn digest(&self) -> [u8; 32] {
        match self {
            Content::Bytes(bytes) => Sha256::digest(bytes).into(),
            Content::Synthetic { size, seed } => {
                // One buffer, one call: the tag, then the size and the seed.
                let mut framed = [0u8; 35];
                framed[..19].copy_from_slice(b"layerlab-synthetic\0");
                framed[19..27].copy_from_slice(&size.to_le_bytes());
                framed[27..].copy_from_slice(&seed.to_le_bytes());
                Sha256::digest(framed).into()
            }
        }
    }

    /// The contents as text; `None` for synthetic blobs and invalid UTF-8.
    pub fn as_text(&self) -> Option<Cow<'_, str>> {
        match self {
            Content::Bytes(bytes) => std::str::from_utf8(bytes).ok().map(Cow::Borrowed),
            Content::Synthetic { .. } => None,
        }
    }

    /// The stored bytes, if any (synthetic blobs have none).
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Content::Bytes(bytes) => Some(bytes),
            Content::Synthetic { .. } => None,
        }
    }
}

/// A deterministic 64-bit seed for a name (FNV-1a), used for synthetic blobs.
pub fn seed_of(name: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in name.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// What kind of thing an entry is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EntryKind {
    /// A regular file.
    File(Content),
    /// A directory (its children are separate entries).
    Dir,
    /// A symbolic link with its target as written.
    Symlink(String),
}

/// One filesystem object: kind, permission bits and owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// File, directory or symlink.
    pub kind: EntryKind,
    /// Permission bits including setuid, setgid and sticky (e.g. `0o755`, `0o1777`).
    pub mode: u32,
    /// Owner user id.
    pub uid: u32,
    /// Owner group id.
    pub gid: u32,
}

impl Entry {
    /// A root-owned directory.
    pub fn dir(mode: u32) -> Entry {
        Entry { kind: EntryKind::Dir, mode, uid: 0, gid: 0 }
    }

    /// A root-owned file.
    pub fn file(content: Content, mode: u32) -> Entry {
        Entry { kind: EntryKind::File(content), mode, uid: 0, gid: 0 }
    }

    /// A root-owned symlink.
    pub fn symlink(target: &str) -> Entry {
        Entry { kind: EntryKind::Symlink(target.to_string()), mode: 0o777, uid: 0, gid: 0 }
    }

    /// Whether this is a directory.
    pub fn is_dir(&self) -> bool {
        matches!(self.kind, EntryKind::Dir)
    }

    /// Whether this is a regular file.
    pub fn is_file(&self) -> bool {
        matches!(self.kind, EntryKind::File(_))
    }

    /// Whether this is a symlink.
    pub fn is_symlink(&self) -> bool {
        matches!(self.kind, EntryKind::Symlink(_))
    }

    /// The size as `ls -l` shows it: content length, link target length, 4096 for directories.
    pub fn size(&self) -> u64 {
        match &self.kind {
            EntryKind::File(content) => content.len(),
            EntryKind::Dir => 4096,
            EntryKind::Symlink(target) => target.len() as u64,
        }
    }
}

/// What a layer records for one path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    /// The entry was added or modified (directories merge with lower ones).
    Put(Entry),
    /// The path was deleted: it and everything below it in lower layers is hidden.
    Whiteout,
    /// A directory that replaces the lower one entirely (lower children are hidden).
    Opaque(Entry),
}

mod arc_bytes {
    //! Serde support for `Arc<[u8]>` without serde's `rc` feature.

    use std::sync::Arc;

    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(bytes: &Arc<[u8]>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(bytes)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Arc<[u8]>, D::Error> {
        let bytes: Vec<u8> = Vec::deserialize(deserializer)?;
        Ok(Arc::from(bytes))
    }
}
