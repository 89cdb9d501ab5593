//! [`ImageRef`]: image references as Docker parses and normalises them (S-REF-1, S-REF-2, S-REF-3).
//!
//! `ubuntu` is `docker.io/library/ubuntu:latest`; `user/app` is `docker.io/user/app`; a first component
//! with `.`, `:` or an upper-case letter, or `localhost`, is a registry host (so `Me/app` is valid).

use std::fmt;

/// A parsed, normalised image reference.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ImageRef {
    /// The registry host (`docker.io`, `localhost:5000`, `Me`).
    pub registry: String,
    /// The repository path (`library/ubuntu`, `alice/app`).
    pub path: String,
    /// The tag, if one was written.
    pub tag: Option<String>,
    /// The digest (`sha256:…`), if one was written.
    pub digest: Option<String>,
}

/// Why a reference is invalid, in Docker's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefError {
    /// The general grammar error.
    #[error("invalid reference format")]
    Format,
    /// A path with upper-case letters.
    #[error("invalid reference format: repository name ({0}) must be lowercase")]
    Uppercase(String),
    /// A path longer than 255 characters.
    #[error("invalid reference format: repository name must not be more than 255 characters")]
    TooLong,
    /// A bare 64-hex name.
    #[error("invalid repository name ({0}), cannot specify 64-byte hexadecimal strings")]
    HexName(String),
}

/// The Docker Hub registry name.
pub const DOCKER_HUB: &str = "docker.io";

impl ImageRef {
    /// Parses and normalises `text` (S-REF-2).
    pub fn parse(text: &str) -> Result<ImageRef, RefError> {
        if text.is_empty() || text.chars().any(|c| c.is_whitespace()) {
            return Err(RefError::Format);
        }
        if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()) {
            return Err(RefError::HexName(text.to_string()));
        }
        let (rest, digest) = match text.split_once('@') {
            Some((rest, digest)) => {
                if !valid_digest(digest) {
                    return Err(RefError::Format);
                }
                (rest, Some(digest.to_string()))
            }
            None => (text, None),
        };
        // The tag is after the last ':' that comes after the last '/'.
        let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (name, tag) = match rest[last_slash..].rfind(':') {
            Some(i) => {
                let split = last_slash + i;
                (&rest[..split], Some(rest[split + 1..].to_string()))
            }
            None => (rest, None),
        };
        if let Some(tag) = &tag
            && !valid_tag(tag)
        {
            return Err(RefError::Format);
        }
        let (registry, path) = split_domain(name);
        if let Some(host) = &registry
            && !valid_host(host)
        {
            return Err(RefError::Format);
        }
        if path.len() > 255 {
            return Err(RefError::TooLong);
        }
        let registry = registry.unwrap_or_else(|| DOCKER_HUB.to_string());
        let registry = if registry == "index.docker.io" { DOCKER_HUB.to_string() } else { registry };
        let path = if registry == DOCKER_HUB && !path.contains('/') { format!("library/{path}") } else { path };
        if path.chars().any(|c| c.is_ascii_uppercase()) {
            if path.split('/').all(|c| valid_component(&c.to_ascii_lowercase())) {
                return Err(RefError::Uppercase(path));
            }
            return Err(RefError::Format);
        }
        if !path.split('/').all(valid_component) {
            return Err(RefError::Format);
        }
        Ok(ImageRef { registry, path, tag, digest })
    }

    /// The same reference with `latest` added when neither tag nor digest was given.
    pub fn with_default_tag(mut self) -> ImageRef {
        if self.tag.is_none() && self.digest.is_none() {
            self.tag = Some("latest".to_string());
        }
        self
    }

    /// The tag, or `latest`.
    pub fn tag_or_latest(&self) -> &str {
        self.tag.as_deref().unwrap_or("latest")
    }

    /// `docker.io/library/ubuntu` (no tag).
    pub fn canonical_name(&self) -> String {
        format!("{}/{}", self.registry, self.path)
    }

    /// `docker.io/library/ubuntu:22.04`, with tag and digest as written.
    pub fn canonical(&self) -> String {
        let mut out = self.canonical_name();
        if let Some(tag) = &self.tag {
            out.push(':');
            out.push_str(tag);
        }
        if let Some(digest) = &self.digest {
            out.push('@');
            out.push_str(digest);
        }
        out
    }

    /// `ubuntu`, `alice/app`, `localhost:5000/app` (no tag).
    pub fn familiar_name(&self) -> String {
        if self.registry == DOCKER_HUB {
            self.path.strip_prefix("library/").unwrap_or(&self.path).to_string()
        } else {
            self.canonical_name()
        }
    }

    /// `ubuntu:latest`: the familiar name with the tag (or `latest`).
    pub fn familiar_tagged(&self) -> String {
        format!("{}:{}", self.familiar_name(), self.tag_or_latest())
    }

    /// Whether this is a Docker Hub official image (`library/…`).
    pub fn is_official(&self) -> bool {
        self.registry == DOCKER_HUB && self.path.starts_with("library/")
    }
}

impl fmt::Display for ImageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.familiar_name())?;
        if let Some(tag) = &self.tag {
            write!(f, ":{tag}")?;
        }
        if let Some(digest) = &self.digest {
            write!(f, "@{digest}")?;
        }
        Ok(())
    }
}

fn split_domain(name: &str) -> (Option<String>, String) {
    match name.split_once('/') {
        Some((first, rest))
            if first == "localhost"
                || first.contains('.')
                || first.contains(':')
                || first.chars().any(|c| c.is_ascii_uppercase()) =>
        {
            (Some(first.to_string()), rest.to_string())
        }
        _ => (None, name.to_string()),
    }
}

fn valid_host(host: &str) -> bool {
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    };
    if let Some(port) = port
        && (port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    !name.is_empty()
        && name.split('.').all(|label| {
            let bytes = label.as_bytes();
            !bytes.is_empty()
                && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
                && bytes[0] != b'-'
                && bytes[bytes.len() - 1] != b'-'
        })
}

/// A path component: `[a-z0-9]+` groups joined by `.`, `_`, `__` or runs of `-`.
fn valid_component(component: &str) -> bool {
    let bytes = component.as_bytes();
    if bytes.is_empty() || !is_alnum(bytes[0]) || !is_alnum(bytes[bytes.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        if is_alnum(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !is_alnum(bytes[i]) {
            i += 1;
        }
        let sep = &component[start..i];
        let ok = sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|b| b == b'-');
        if !ok {
            return false;
        }
    }
    true
}

fn is_alnum(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

fn valid_tag(tag: &str) -> bool {
    let bytes = tag.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 128
        && (bytes[0].is_ascii_alphanumeric() || bytes[0] == b'_')
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

fn valid_digest(digest: &str) -> bool {
    match digest.split_once(':') {
        Some((algo, hex)) => {
            !algo.is_empty()
                && algo.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+._-".contains(&b))
                && hex.len() >= 32
                && hex.bytes().all(|b| b.is_ascii_hexdigit())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(input: &str, expected: &str) {
        let got = match ImageRef::parse(input) {
            Ok(r) => format!("{} | {}", r.with_default_tag().canonical(), r_familiar(input)),
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(got, expected, "input {input:?}");
    }

    fn r_familiar(input: &str) -> String {
        ImageRef::parse(input).map(|r| r.with_default_tag().to_string()).unwrap_or_default()
    }

    // S-REF-2 table.
    #[test]
    fn normalisation() {
        check("ubuntu", "docker.io/library/ubuntu:latest | ubuntu:latest");
        check("ubuntu:22.04", "docker.io/library/ubuntu:22.04 | ubuntu:22.04");
        check("user/app", "docker.io/user/app:latest | user/app:latest");
        check("docker.io/ubuntu", "docker.io/library/ubuntu:latest | ubuntu:latest");
        check("index.docker.io/user/app", "docker.io/user/app:latest | user/app:latest");
        check("localhost:5000/app", "localhost:5000/app:latest | localhost:5000/app:latest");
        check("localhost/app", "localhost/app:latest | localhost/app:latest");
        check("myregistry.io/team/app:2.0", "myregistry.io/team/app:2.0 | myregistry.io/team/app:2.0");
        check("ghcr.io/org/sub/app", "ghcr.io/org/sub/app:latest | ghcr.io/org/sub/app:latest");
        check("Me/app", "Me/app:latest | Me/app:latest");
    }

    // S-REF-3 table.
    #[test]
    fn errors() {
        check("UBUNTU", "error: invalid reference format: repository name (library/UBUNTU) must be lowercase");
        check("user/App", "error: invalid reference format: repository name (user/App) must be lowercase");
        check("Me/App", "error: invalid reference format: repository name (App) must be lowercase");
        for bad in ["my app", "app:", "-app", "app:tag!", "a//b", ""] {
            check(bad, "error: invalid reference format");
        }
        check(&format!("app:{}", "a".repeat(129)), "error: invalid reference format");
        let hex = "a".repeat(64);
        check(&hex, &format!("error: invalid repository name ({hex}), cannot specify 64-byte hexadecimal strings"));
    }
}
