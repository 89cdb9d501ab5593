//! The base-image catalog: the images `FROM` and `docker pull` can fetch from the simulated Docker Hub,
//! with their real configs (ubuntu's `CMD ["/bin/bash"]`, python's `CMD ["python3"]`, nginx's
//! ENTRYPOINT, CMD, EXPOSE and STOPSIGNAL …), history rows and layer sizes. The files come from
//! [`crate::rootfs`].

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use crate::digest::Digest;
use crate::format::Timestamp;
use crate::fs::Layer;
use crate::image::{DEFAULT_PATH, HistoryEntry, Image, ImageConfig, Origin};
use crate::image_ref::ImageRef;

/// One catalog entry.
#[derive(Debug, Clone)]
pub struct BaseImage {
    /// The canonical key, e.g. `ubuntu:22.04`.
    pub key: &'static str,
    /// Other tags that name the same image (`ubuntu:jammy`, `ubuntu:latest`).
    pub aliases: &'static [&'static str],
    /// The manifest digest shown in `FROM …@sha256:…` lines.
    pub manifest_digest: Digest,
    /// When the image was built upstream.
    pub created: Timestamp,
    /// The runtime config.
    pub config: ImageConfig,
    /// History rows, oldest first: `(created_by, comment, has_layer)`.
    pub history: Vec<(String, String, bool)>,
}

/// A base image that was resolved, with its layers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The image.
    pub image: Image,
    /// The manifest digest.
    pub manifest_digest: Digest,
    /// Compressed size of each layer, for pull progress lines.
    pub compressed_sizes: Vec<u64>,
    /// The blob digest of each layer (`sha256:…`, from [`blob_digest`]), for pull progress lines.
    pub blobs: Vec<String>,
}

/// The digest of the compressed blob a layer is pulled as: derived from its diff ID.
pub fn blob_digest(diff_id: [u8; 32]) -> Digest {
    Digest::of_parts([&b"blob"[..], &diff_id])
}

fn env(pairs: &[(&str, &str)]) -> Vec<String> {
    pairs.iter().map(|(k, v)| format!("{k}={v}")).collect()
}

fn strings(items: &[&str]) -> Option<Vec<String>> {
    Some(items.iter().map(|s| s.to_string()).collect())
}

fn nop(text: &str) -> (String, String, bool) {
    (format!("/bin/sh -c #(nop)  {text}"), String::new(), false)
}

fn bk(text: &str, layer: bool) -> (String, String, bool) {
    (text.to_string(), "buildkit.dockerfile.v0".to_string(), layer)
}

fn ubuntu(key: &'static str, aliases: &'static [&'static str], version: &str, created: &str, add: &str) -> BaseImage {
    let mut labels = BTreeMap::new();
    labels.insert("org.opencontainers.image.ref.name".to_string(), "ubuntu".to_string());
    labels.insert("org.opencontainers.image.version".to_string(), version.to_string());
    BaseImage {
        key,
        aliases,
        manifest_digest: manifest(key),
        created: Timestamp::parse_rfc3339(created).unwrap_or_default(),
        config: ImageConfig {
            env: env(&[("PATH", DEFAULT_PATH)]),
            cmd: strings(&["/bin/bash"]),
            labels,
            ..ImageConfig::default()
        },
        history: vec![
            nop("ARG RELEASE"),
            nop("ARG LAUNCHPAD_BUILD_ARCH"),
            nop("LABEL org.opencontainers.image.ref.name=ubuntu"),
            nop(&format!("LABEL org.opencontainers.image.version={version}")),
            (format!("/bin/sh -c #(nop) ADD file:{add} in / "), String::new(), true),
            nop("CMD [\"/bin/bash\"]"),
        ],
    }
}

fn debian(key: &'static str, aliases: &'static [&'static str], created: &str, epoch: &str, slim: bool) -> BaseImage {
    // The slim variant is built by the same script with a different profile.
    let script = format!("# debian.sh --arch 'amd64' out/ 'bookworm{}' '@{epoch}'", if slim { "-slim" } else { "" });
    BaseImage {
        key,
        aliases,
        manifest_digest: manifest(key),
        created: Timestamp::parse_rfc3339(created).unwrap_or_default(),
        config: ImageConfig { env: env(&[("PATH", DEFAULT_PATH)]), cmd: strings(&["bash"]), ..ImageConfig::default() },
        history: vec![(script, "debuerreotype 0.15".to_string(), true), bk("CMD [\"bash\"]", false)],
    }
}

fn alpine(key: &'static str, aliases: &'static [&'static str], created: &str, version: &str) -> BaseImage {
    BaseImage {
        key,
        aliases,
        manifest_digest: manifest(key),
        created: Timestamp::parse_rfc3339(created).unwrap_or_default(),
        config: ImageConfig {
            env: env(&[("PATH", DEFAULT_PATH)]),
            cmd: strings(&["/bin/sh"]),
            ..ImageConfig::default()
        },
        history: vec![
            bk(&format!("ADD alpine-minirootfs-{version}-x86_64.tar.gz / # buildkit"), true),
            bk("CMD [\"/bin/sh\"]", false),
        ],
    }
}

fn python(key: &'static str, aliases: &'static [&'static str], variant: &str) -> BaseImage {
    let path = "/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    let mut history = match variant {
        "alpine" => alpine("", &[], "2026-10-25T12:05:36Z", "3.20.3").history,
        "slim" => debian("", &[], "2026-10-18T00:00:00Z", "1731283200", true).history,
        _ => buildpack_deps(3),
    };
    history.push(bk(&format!("ENV PATH={path}"), false));
    history.push(bk("ENV LANG=C.UTF-8", false));
    if variant == "full" {
        history.push(bk("RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tlibbluetooth-dev \t\ttk-dev \t\tuuid-dev \t; \trm -rf /var/lib/apt/lists/* # buildkit", true));
    } else {
        history.push(bk("RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tca-certificates \t\tnetbase \t\ttzdata \t; \trm -rf /var/lib/apt/lists/* # buildkit", true));
    }
    history.push(bk("ENV GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305", false));
    history.push(bk("ENV PYTHON_VERSION=3.12.7", false));
    history.push(bk("RUN /bin/sh -c set -eux; \t\tsavedAptMark=\"$(apt-mark showmanual)\"; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tdpkg-dev \t\tgcc \t\tgnupg \t\tlibbluetooth-dev # buildkit", true));
    history.push(bk("RUN /bin/sh -c set -eux; \tfor src in idle3 pip3 pydoc3 python3 python3-config; do \t\tdst=\"$(echo \"$src\" | tr -d 3)\"; \t\t[ -s \"/usr/local/bin/$src\" ]; \t\t[ ! -e \"/usr/local/bin/$dst\" ]; \t\tln -svT \"$src\" \"/usr/local/bin/$dst\"; \tdone # buildkit", true));
    history.push(bk("CMD [\"python3\"]", false));
    BaseImage {
        key,
        aliases,
        manifest_digest: manifest(key),
        created: Timestamp::parse_rfc3339("2026-10-19T03:52:20Z").unwrap_or_default(),
        config: ImageConfig {
            env: env(&[
                ("PATH", path),
                ("LANG", "C.UTF-8"),
                ("GPG_KEY", "7169605F62C751356D054A26A821E680E5FA6305"),
                ("PYTHON_VERSION", "3.12.7"),
                ("PYTHON_SHA256", "24887b92e2afd4a2ac602419ad4b596372f67ac9b077190f459aba390faf5550"),
            ]),
            cmd: strings(&["python3"]),
            ..ImageConfig::default()
        },
        history,
    }
}

/// The history of `buildpack-deps:bookworm`: debian, then its `curl`, `scm` and compiler layers (the
/// first `layers` of them; `golang` builds on `bookworm-scm`, two).
fn buildpack_deps(layers: usize) -> Vec<(String, String, bool)> {
    let mut h = debian("", &[], "2026-10-18T00:00:00Z", "1731283200", false).history;
    let rows = [
        "RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tca-certificates \t\tcurl \t\tgnupg \t\tnetbase \t\tsq \t\twget \t; \trm -rf /var/lib/apt/lists/* # buildkit",
        "RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tgit \t\tmercurial \t\topenssh-client \t\tsubversion \t\t\t\tprocps \t; \trm -rf /var/lib/apt/lists/* # buildkit",
        "RUN /bin/sh -c set -ex; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tautoconf \t\tautomake \t\tbzip2 \t\tdefault-libmysqlclient-dev \t\tdpkg-dev \t\tfile \t\tg++ \t\tgcc # buildkit",
    ];
    h.extend(rows.iter().take(layers).map(|row| bk(row, true)));
    h
}

fn node(key: &'static str, aliases: &'static [&'static str], version: &str, alpine_base: bool) -> BaseImage {
    let mut history =
        if alpine_base { alpine("", &[], "2026-10-25T12:05:36Z", "3.20.3").history } else { buildpack_deps(3) };
    history.push(bk(&format!("ENV NODE_VERSION={version}"), false));
    if alpine_base {
        // The alpine variant creates the user in the same step that installs node.
        history.push(bk("RUN /bin/sh -c addgroup -g 1000 node     && adduser -u 1000 -G node -s /bin/sh -D node     && apk add --no-cache         libstdc++ # buildkit", true));
    } else {
        history.push(bk("RUN /bin/sh -c groupadd --gid 1000 node   && useradd --uid 1000 --gid node --shell /bin/bash --create-home node # buildkit", true));
        history.push(bk("RUN /bin/sh -c ARCH= && dpkgArch=\"$(dpkg --print-architecture)\"   && case \"${dpkgArch##*-}\" in     amd64) ARCH='x64';; # buildkit", true));
    }
    history.push(bk("ENV YARN_VERSION=1.22.22", false));
    history.push(bk("RUN /bin/sh -c set -ex   && export GNUPGHOME=\"$(mktemp -d)\" # buildkit", true));
    history.push(bk("COPY docker-entrypoint.sh /usr/local/bin/ # buildkit", true));
    history.push(bk("ENTRYPOINT [\"docker-entrypoint.sh\"]", false));
    history.push(bk("CMD [\"node\"]", false));
    BaseImage {
        key,
        aliases,
        manifest_digest: manifest(key),
        created: Timestamp::parse_rfc3339("2026-10-19T19:04:10Z").unwrap_or_default(),
        config: ImageConfig {
            env: env(&[("PATH", DEFAULT_PATH), ("NODE_VERSION", version), ("YARN_VERSION", "1.22.22")]),
            entrypoint: strings(&["docker-entrypoint.sh"]),
            cmd: strings(&["node"]),
            ..ImageConfig::default()
        },
        history,
    }
}

fn nginx() -> BaseImage {
    let mut history = debian("", &[], "2026-10-18T00:00:00Z", "1731283200", true).history;
    history.push(bk("LABEL maintainer=NGINX Docker Maintainers <docker-maint@nginx.com>", false));
    history.push(bk("ENV NGINX_VERSION=1.27.2", false));
    history.push(bk("ENV NJS_VERSION=0.8.7", false));
    history.push(bk("ENV NJS_RELEASE=1~bookworm", false));
    history.push(bk("ENV PKG_RELEASE=1~bookworm", false));
    history.push(bk("ENV DYNPKG_RELEASE=1~bookworm", false));
    history.push(bk("RUN /bin/sh -c set -x     && groupadd --system --gid 101 nginx     && useradd --system --gid nginx --no-create-home --home /nonexistent --comment \"nginx user\" --shell /bin/false --uid 101 nginx # buildkit", true));
    history.push(bk("COPY docker-entrypoint.sh / # buildkit", true));
    history.push(bk("COPY 10-listen-on-ipv6-by-default.sh /docker-entrypoint.d # buildkit", true));
    history.push(bk("COPY 15-local-resolvers.envsh /docker-entrypoint.d # buildkit", true));
    history.push(bk("COPY 20-envsubst-on-templates.sh /docker-entrypoint.d # buildkit", true));
    history.push(bk("COPY 30-tune-worker-processes.sh /docker-entrypoint.d # buildkit", true));
    history.push(bk("ENTRYPOINT [\"/docker-entrypoint.sh\"]", false));
    history.push(bk("EXPOSE map[80/tcp:{}]", false));
    history.push(bk("STOPSIGNAL SIGQUIT", false));
    history.push(bk("CMD [\"nginx\" \"-g\" \"daemon off;\"]", false));
    let mut labels = BTreeMap::new();
    labels.insert("maintainer".to_string(), "NGINX Docker Maintainers <docker-maint@nginx.com>".to_string());
    BaseImage {
        key: "nginx:1.27",
        aliases: &["nginx:latest", "nginx:1.27.2", "nginx:stable", "nginx:mainline"],
        manifest_digest: manifest("nginx:1.27"),
        created: Timestamp::parse_rfc3339("2026-10-19T01:47:38Z").unwrap_or_default(),
        config: ImageConfig {
            env: env(&[
                ("PATH", DEFAULT_PATH),
                ("NGINX_VERSION", "1.27.2"),
                ("NJS_VERSION", "0.8.7"),
                ("NJS_RELEASE", "1~bookworm"),
                ("PKG_RELEASE", "1~bookworm"),
                ("DYNPKG_RELEASE", "1~bookworm"),
            ]),
            entrypoint: strings(&["/docker-entrypoint.sh"]),
            cmd: strings(&["nginx", "-g", "daemon off;"]),
            exposed_ports: vec!["80/tcp".to_string()],
            stop_signal: Some("SIGQUIT".to_string()),
            labels,
            ..ImageConfig::default()
        },
        history,
    }
}

fn golang() -> BaseImage {
    let mut history = buildpack_deps(2);
    history.push(bk("RUN /bin/sh -c set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tg++ \t\tgcc \t\tlibc6-dev \t\tmake \t\tpkg-config \t; \trm -rf /var/lib/apt/lists/* # buildkit", true));
    history.push(bk("ENV GOLANG_VERSION=1.23.3", false));
    history.push(bk("ENV GOTOOLCHAIN=local", false));
    history.push(bk("ENV GOPATH=/go", false));
    history.push(bk(
        "ENV PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        false,
    ));
    history.push(bk("COPY /target/ / # buildkit", true));
    history.push(bk(
        "RUN /bin/sh -c mkdir -p \"$GOPATH/src\" \"$GOPATH/bin\" && chmod -R 1777 \"$GOPATH\" # buildkit",
        true,
    ));
    history.push(bk("WORKDIR /go", true));
    BaseImage {
        key: "golang:1.23",
        aliases: &["golang:latest", "golang:1.23.3", "golang:1.23-bookworm", "golang:bookworm"],
        manifest_digest: manifest("golang:1.23"),
        created: Timestamp::parse_rfc3339("2026-10-14T00:27:43Z").unwrap_or_default(),
        config: ImageConfig {
            env: env(&[
                ("PATH", "/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
                ("GOLANG_VERSION", "1.23.3"),
                ("GOTOOLCHAIN", "local"),
                ("GOPATH", "/go"),
            ]),
            working_dir: "/go".to_string(),
            cmd: strings(&["bash"]),
            ..ImageConfig::default()
        },
        history,
    }
}

fn busybox() -> BaseImage {
    BaseImage {
        key: "busybox:1.37",
        aliases: &["busybox:latest", "busybox:1.37.0", "busybox:stable"],
        manifest_digest: manifest("busybox:1.37"),
        created: Timestamp::parse_rfc3339("2026-10-27T21:31:42Z").unwrap_or_default(),
        config: ImageConfig { env: env(&[("PATH", DEFAULT_PATH)]), cmd: strings(&["sh"]), ..ImageConfig::default() },
        history: vec![bk("BusyBox 1.37.0 (glibc), Debian 12", true), bk("CMD [\"sh\"]", false)],
    }
}

/// `hello-world`: one static binary that prints Docker's greeting.
fn hello_world() -> BaseImage {
    BaseImage {
        key: "hello-world:latest",
        aliases: &["hello-world:linux"],
        manifest_digest: manifest("hello-world:latest"),
        created: Timestamp::parse_rfc3339("2026-08-08T19:05:17Z").unwrap_or_default(),
        config: ImageConfig {
            env: env(&[("PATH", DEFAULT_PATH)]),
            cmd: strings(&["/hello"]),
            working_dir: "/".to_string(),
            ..ImageConfig::default()
        },
        history: vec![bk("COPY hello / # buildkit", true), bk("CMD [\"/hello\"]", false)],
    }
}

/// A digest that stands in for an upstream manifest digest; ubuntu:22.04 uses the one the spec shows.
fn manifest(key: &str) -> Digest {
    if key == "ubuntu:22.04"
        && let Some(d) = Digest::parse("ce0744618d7edc4ecad2de201c1199509676ba44574221b2444f8330e588628e")
    {
        return d;
    }
    Digest::of(format!("layerlab manifest {key}").as_bytes())
}

/// All catalog entries.
pub fn entries() -> &'static [BaseImage] {
    static ENTRIES: OnceLock<Vec<BaseImage>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        vec![
            ubuntu(
                "ubuntu:20.04",
                &["ubuntu:focal"],
                "20.04",
                "2026-10-15T03:27:21Z",
                "8cd3d4b0b1e1a8b87ad4d29fce3d3a4b4e3e4e6c1b6b2ab52c3e3e2d7f3e0d8e",
            ),
            ubuntu(
                "ubuntu:22.04",
                &["ubuntu:jammy"],
                "22.04",
                "2026-10-15T03:38:29Z",
                "a67d13ef84940685c8f0b7e6e4d5b2c3a1f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5",
            ),
            ubuntu(
                "ubuntu:24.04",
                &["ubuntu:noble", "ubuntu:latest"],
                "24.04",
                "2026-10-20T09:26:41Z",
                "bcd1c5e37d3b0e3fdd4c5b2e1d6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f",
            ),
            debian(
                "debian:bookworm",
                &["debian:12", "debian:latest", "debian:stable"],
                "2026-10-18T00:00:00Z",
                "1731283200",
                false,
            ),
            debian(
                "debian:bookworm-slim",
                &["debian:12-slim", "debian:stable-slim"],
                "2026-10-18T00:00:00Z",
                "1731283200",
                true,
            ),
            alpine("alpine:3.20", &["alpine:latest", "alpine:3", "alpine:3.20.3"], "2026-10-25T12:05:36Z", "3.20.3"),
            alpine("alpine:3.19", &["alpine:3.19.4"], "2026-10-25T12:05:26Z", "3.19.4"),
            busybox(),
            python("python:3.12", &["python:3", "python:latest", "python:3.12-bookworm", "python:3.12.7"], "full"),
            python("python:3.12-slim", &["python:3-slim", "python:slim", "python:3.12-slim-bookworm"], "slim"),
            python("python:3.12-alpine", &["python:3-alpine", "python:alpine", "python:3.12-alpine3.20"], "alpine"),
            node("node:22", &["node:latest", "node:lts", "node:22-bookworm", "node:22.11.0"], "22.11.0", false),
            node("node:20", &["node:20-bookworm", "node:20.18.0"], "20.18.0", false),
            node("node:22-alpine", &["node:alpine", "node:lts-alpine", "node:22-alpine3.20"], "22.11.0", true),
            node("node:20-alpine", &["node:20-alpine3.20"], "20.18.0", true),
            nginx(),
            golang(),
            hello_world(),
        ]
    })
}

/// Finds the catalog entry a reference names (Docker Hub official images only).
pub fn find(reference: &ImageRef) -> Option<&'static BaseImage> {
    if reference.registry != crate::image_ref::DOCKER_HUB {
        return None;
    }
    let name = reference.familiar_name();
    let tagged = format!("{name}:{}", reference.tag_or_latest());
    entries().iter().find(|e| e.key == tagged || e.aliases.contains(&tagged.as_str()))
}

/// Whether any catalog image has this repository name (for "tag not found" versus "repository does not
/// exist").
pub fn has_repository(reference: &ImageRef) -> bool {
    let name = reference.familiar_name();
    reference.registry == crate::image_ref::DOCKER_HUB
        && entries().iter().any(|e| e.key.split(':').next() == Some(name.as_str()))
}

/// The repositories of the catalog, for "did you mean" suggestions.
pub fn repository_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = entries().iter().filter_map(|e| e.key.split(':').next()).collect();
    names.dedup();
    names
}

/// The image of a catalog entry, with its layers from [`crate::rootfs`]. Computed once per entry: the
/// result is immutable data, like the catalog itself.
pub fn resolve(entry: &BaseImage) -> Resolved {
    resolved(entry).into_owned()
}

/// [`resolve`] without copying the remembered image: a build only reads it.
pub fn resolved(entry: &BaseImage) -> Cow<'static, Resolved> {
    static RESOLVED: OnceLock<Vec<OnceLock<Resolved>>> = OnceLock::new();
    let slots = RESOLVED.get_or_init(|| entries().iter().map(|_| OnceLock::new()).collect());
    match entries().iter().position(|e| e.key == entry.key) {
        Some(i) => Cow::Borrowed(slots[i].get_or_init(|| resolve_uncached(entry))),
        None => Cow::Owned(resolve_uncached(entry)),
    }
}

fn resolve_uncached(entry: &BaseImage) -> Resolved {
    let files = crate::rootfs::base_layers(entry.key).unwrap_or_default();
    let n_layers = entry.history.iter().filter(|h| h.2).count();
    let layers = fit_layers(files, n_layers);
    // Every build and container on this base looks paths up through these layers.
    crate::fs::index_stack(&layers);
    let history = entry
        .history
        .iter()
        .map(|(created_by, comment, has_layer)| HistoryEntry {
            created: entry.created,
            created_by: created_by.as_str().into(),
            comment: comment.as_str().into(),
            empty_layer: !has_layer,
        })
        .collect();
    let compressed_sizes = layers.iter().map(|l| compressed_size(l.size())).collect();
    let blobs = layers.iter().map(|l| blob_digest(l.diff_id()).prefixed()).collect();
    let image = Image::new(entry.config.clone(), layers, history, String::new(), Origin::Pulled);
    Resolved { image, manifest_digest: entry.manifest_digest, compressed_sizes, blobs }
}

/// Makes the root filesystem's layers line up with the history rows that have a layer.
fn fit_layers(mut files: Vec<Layer>, wanted: usize) -> Vec<Arc<Layer>> {
    while files.len() > wanted.max(1) {
        let last = files.pop().unwrap_or_default();
        if let Some(prev) = files.last_mut() {
            prev.changes.extend(last.changes);
        }
    }
    while files.len() < wanted {
        files.push(Layer::default());
    }
    files.into_iter().map(Arc::new).collect()
}

/// A believable gzip size for a layer of `size` uncompressed bytes (ubuntu 22.04: 77.8MB → 29.54MB).
pub fn compressed_size(size: u64) -> u64 {
    size * 38 / 100
}
