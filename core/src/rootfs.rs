//! Base root filesystems for the images the simulator knows: [`base_layers`] returns the layers
//! of `ubuntu:22.04`, `python:3.12-slim`, `node:22-alpine` and friends (or nothing for `scratch`).
//!
//! Each base carries the real `/etc/os-release`, users and groups, the distribution's programs as
//! executable files (dash as `/bin/sh` on Debian and Ubuntu, busybox applets on Alpine) and
//! synthetic filler so the total matches the real uncompressed image size. Construction is cheap
//! (hundreds of entries) and memoized in immutable [`OnceLock`]s.

mod builder;
mod distros;
mod images;

pub(crate) use distros::HELLO_SIZE;

use std::sync::OnceLock;

use crate::fs::Layer;

/// The catalog keys [`base_layers`] accepts (aliases such as `ubuntu` or `python:3.12-bookworm`
/// are mapped onto these).
pub const IMAGES: &[&str] = &[
    "ubuntu:20.04",
    "ubuntu:22.04",
    "ubuntu:24.04",
    "debian:bookworm",
    "debian:bookworm-slim",
    "alpine:3.19",
    "alpine:3.20",
    "busybox:latest",
    "python:3.12",
    "python:3.12-slim",
    "python:3.12-alpine",
    "node:20",
    "node:22",
    "node:20-alpine",
    "node:22-alpine",
    "nginx:latest",
    "golang:latest",
    "hello-world:latest",
    "scratch",
];

/// Maps a reference (`docker.io/library/ubuntu`, `ubuntu:jammy`, `debian:12`) to a catalog key.
pub fn canonical_image(image: &str) -> Option<&'static str> {
    let name = image.strip_prefix("docker.io/").unwrap_or(image);
    let name = name.strip_prefix("library/").unwrap_or(name);
    let name = name.split('@').next().unwrap_or(name);
    let (repo, tag) = name.split_once(':').unwrap_or((name, "latest"));
    let key = match (repo, tag) {
        ("scratch", _) => "scratch",
        ("ubuntu", "20.04" | "focal") => "ubuntu:20.04",
        ("ubuntu", "22.04" | "jammy") => "ubuntu:22.04",
        ("ubuntu", "24.04" | "noble" | "latest") => "ubuntu:24.04",
        ("debian", "bookworm" | "12" | "latest" | "stable") => "debian:bookworm",
        ("debian", "bookworm-slim" | "12-slim" | "stable-slim") => "debian:bookworm-slim",
        ("alpine", "3.19") => "alpine:3.19",
        ("alpine", "3.20" | "latest" | "3") => "alpine:3.20",
        ("busybox", _) => "busybox:latest",
        ("python", "3.12" | "3" | "latest" | "3.12-bookworm") => "python:3.12",
        ("python", "3.12-slim" | "3-slim" | "slim" | "3.12-slim-bookworm") => "python:3.12-slim",
        ("python", "3.12-alpine" | "3-alpine" | "alpine") => "python:3.12-alpine",
        ("node", "20" | "lts" | "20-bookworm") => "node:20",
        ("node", "22" | "latest" | "22-bookworm") => "node:22",
        ("node", "20-alpine" | "lts-alpine") => "node:20-alpine",
        ("node", "22-alpine" | "alpine") => "node:22-alpine",
        ("nginx", _) => "nginx:latest",
        ("golang", "latest" | "1.23" | "1" | "1.23-bookworm") => "golang:latest",
        ("hello-world", "latest" | "linux") => "hello-world:latest",
        _ => return None,
    };
    Some(key)
}

fn build(key: &str) -> Vec<Layer> {
    match key {
        "ubuntu:20.04" => vec![distros::debian_family("focal")],
        "ubuntu:22.04" => vec![distros::debian_family("jammy")],
        "ubuntu:24.04" => vec![distros::debian_family("noble")],
        "debian:bookworm" => vec![distros::debian_family("bookworm")],
        "debian:bookworm-slim" => vec![distros::debian_family("bookworm-slim")],
        "alpine:3.19" => vec![distros::alpine("3.19")],
        "alpine:3.20" => vec![distros::alpine("3.20")],
        "busybox:latest" => vec![distros::busybox()],
        "python:3.12" => images::python("full"),
        "python:3.12-slim" => images::python("slim"),
        "python:3.12-alpine" => images::python("alpine"),
        "node:20" => images::node(20, false),
        "node:22" => images::node(22, false),
        "node:20-alpine" => images::node(20, true),
        "node:22-alpine" => images::node(22, true),
        "nginx:latest" => images::nginx(),
        "golang:latest" => images::golang(),
        "hello-world:latest" => vec![distros::hello_world()],
        _ => Vec::new(),
    }
}

/// The layers (bottom first) of a known base image; `None` for images not in the catalog.
pub fn base_layers(image: &str) -> Option<Vec<Layer>> {
    static CACHE: [OnceLock<Vec<Layer>>; 19] = [const { OnceLock::new() }; 19];
    let key = canonical_image(image)?;
    let idx = IMAGES.iter().position(|k| *k == key)?;
    Some(CACHE[idx].get_or_init(|| build(key)).clone())
}

#[cfg(test)]
mod tests;
