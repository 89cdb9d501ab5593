//! Tests for the base images: sizes match the real images and the key files are present.

use std::sync::Arc;

use expect_test::expect;

use super::*;
use crate::fs::Fs;

fn human(bytes: u64) -> String {
    let value = bytes as f64;
    if value >= 1e9 { format!("{:.3}GB", value / 1e9) } else { format!("{:.1}MB", value / 1e6) }
}

#[test]
fn sizes_match_real_images() {
    let mut out = String::new();
    for image in IMAGES {
        let layers = base_layers(image).unwrap();
        let total: u64 = layers.iter().map(Layer::size).sum();
        let entries: usize = layers.iter().map(|l| l.changes.len()).sum();
        out.push_str(&format!("{image}: {} layers, {}, {entries} entries\n", layers.len(), human(total)));
    }
    expect![[r#""#]].assert_eq(&out);
}

#[test]
fn ubuntu_has_dash_and_no_curl() {
    let fs = Fs::new(base_layers("ubuntu:22.04").unwrap().into_iter().map(Arc::new).collect());
    assert!(fs.stat("/bin/sh").unwrap().is_file());
    assert_eq!(fs.canonicalize("/bin/sh").unwrap(), "/usr/bin/dash");
    assert!(!fs.exists("/usr/bin/curl"));
    assert!(!fs.exists("/usr/bin/python3"));
    assert_eq!(fs.stat("/tmp").unwrap().mode, 0o1777);
    assert!(base_layers("nope:1").is_none());
    assert_eq!(base_layers("scratch").unwrap().len(), 0);
}
