//! Temporary stand-in until the shell branch lands its base filesystems.

use crate::fs::{Content, Entry, Layer, Change};

/// The layers of a base image's root filesystem.
pub fn base_layers(image: &str) -> Option<Vec<Layer>> {
    let mut layer = Layer::default();
    for dir in ["/", "/bin", "/etc", "/root", "/tmp", "/usr", "/usr/bin", "/var"] {
        layer.changes.insert(dir.to_string(), Change::Put(Entry::dir(0o755)));
    }
    layer.changes.insert("/bin/sh".into(), Change::Put(Entry::file(Content::text("#!dash"), 0o755)));
    layer.changes.insert("/usr/bin/sleep".into(), Change::Put(Entry::file(Content::text("sleep"), 0o755)));
    layer.changes.insert("/filler".into(), Change::Put(Entry::file(Content::synthetic(77_800_000, image), 0o644)));
    Some(vec![layer])
}
