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
    expect![[r#"
        ubuntu:20.04: 1 layers, 72.8MB, 185 entries
        ubuntu:22.04: 1 layers, 77.8MB, 185 entries
        ubuntu:24.04: 1 layers, 78.1MB, 186 entries
        debian:bookworm: 1 layers, 117.0MB, 185 entries
        debian:bookworm-slim: 1 layers, 74.8MB, 185 entries
        alpine:3.19: 1 layers, 7.8MB, 137 entries
        alpine:3.20: 1 layers, 7.8MB, 137 entries
        busybox:latest: 1 layers, 4.3MB, 101 entries
        python:3.12: 7 layers, 1.021GB, 285 entries
        python:3.12-slim: 4 layers, 130.0MB, 220 entries
        python:3.12-alpine: 4 layers, 47.0MB, 172 entries
        node:20: 8 layers, 1.100GB, 286 entries
        node:22: 8 layers, 1.120GB, 286 entries
        node:20-alpine: 4 layers, 135.1MB, 173 entries
        node:22-alpine: 4 layers, 159.9MB, 173 entries
        nginx:latest: 7 layers, 191.8MB, 224 entries
        golang:latest: 7 layers, 814.5MB, 267 entries
        hello-world:latest: 1 layers, 0.0MB, 1 entries
        scratch: 0 layers, 0.0MB, 0 entries
    "#]]
    .assert_eq(&out);
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

/// Every history row with a layer has a layer of its own: no padding with empty layers, which would
/// give one image two layers with the same diff ID (and `docker pull` the same line twice).
#[test]
fn every_catalog_image_has_one_distinct_layer_per_history_row() {
    let mut wrong = Vec::new();
    for entry in crate::catalog::entries() {
        let layers = crate::rootfs::base_layers(entry.key).unwrap_or_default();
        let rows = entry.history.iter().filter(|h| h.2).count();
        let mut ids: Vec<[u8; 32]> = layers.iter().map(|l| l.diff_id()).collect();
        ids.sort();
        ids.dedup();
        if layers.len() != rows || ids.len() != layers.len() {
            wrong.push(format!("{}: {} layers, {} distinct, {rows} rows", entry.key, layers.len(), ids.len()));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}
