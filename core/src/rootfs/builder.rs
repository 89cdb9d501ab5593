//! [`LayerBuilder`]: writes entries straight into a [`Layer`], creating parent directories, and
//! pads the layer with synthetic filler to a target size.

use crate::fs::{Change, Content, Entry, EntryKind, Layer, split_parent};

/// Builds one base layer.
#[derive(Debug, Default)]
pub(crate) struct LayerBuilder {
    /// The layer under construction.
    pub layer: Layer,
}

impl LayerBuilder {
    /// An empty builder.
    pub fn new() -> LayerBuilder {
        LayerBuilder::default()
    }

    fn parents(&mut self, path: &str) {
        let (parent, _) = split_parent(path);
        if parent != "/" && !self.layer.changes.contains_key(parent) {
            self.dir(parent, 0o755);
        }
    }

    /// A directory.
    pub fn dir(&mut self, path: &str, mode: u32) -> &mut Self {
        self.parents(path);
        self.layer.changes.insert(path.to_string(), Change::Put(Entry::dir(mode)));
        self
    }

    /// A text file.
    pub fn text(&mut self, path: &str, text: &str, mode: u32) -> &mut Self {
        self.parents(path);
        self.layer.changes.insert(path.to_string(), Change::Put(Entry::file(Content::text(text), mode)));
        self
    }

    /// A synthetic binary.
    pub fn blob(&mut self, path: &str, size: u64, mode: u32) -> &mut Self {
        self.parents(path);
        self.layer.changes.insert(path.to_string(), Change::Put(Entry::file(Content::synthetic(size, path), mode)));
        self
    }

    /// A symlink.
    pub fn link(&mut self, path: &str, target: &str) -> &mut Self {
        self.parents(path);
        self.layer.changes.insert(
            path.to_string(),
            Change::Put(Entry { kind: EntryKind::Symlink(target.to_string()), mode: 0o777, uid: 0, gid: 0 }),
        );
        self
    }

    /// Executables in `dir`, each a synthetic binary of `size` bytes.
    pub fn bins(&mut self, dir: &str, names: &str, size: u64) -> &mut Self {
        for name in names.split_whitespace() {
            self.blob(&format!("{dir}/{name}"), size, 0o755);
        }
        self
    }

    /// Pads the layer up to `total` bytes with synthetic files spread over `paths` by weight.
    pub fn fill_to(&mut self, total: u64, paths: &[(&str, u64)]) -> &mut Self {
        let current = self.layer.size_uncached();
        let remaining = total.saturating_sub(current);
        let weights: u64 = paths.iter().map(|(_, w)| *w).sum::<u64>().max(1);
        let mut given = 0;
        for (idx, (path, weight)) in paths.iter().enumerate() {
            let size = if idx + 1 == paths.len() { remaining - given } else { remaining * weight / weights };
            given += size;
            let mode = if path.contains(".so") || path.contains("/bin/") { 0o755 } else { 0o644 };
            self.blob(path, size, mode);
        }
        self
    }

    /// The finished layer.
    pub fn finish(&mut self) -> Layer {
        std::mem::take(&mut self.layer)
    }
}
