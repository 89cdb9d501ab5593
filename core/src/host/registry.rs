//! The simulated registry and login session: `docker login`, `docker logout`, `docker push`
//! (S-PUSH-1 to S-PUSH-3) and `docker pull`, which also serves `FROM` and `docker run` of images that
//! are not local.

use std::collections::{BTreeMap, BTreeSet};

use super::args::{switch, value};
use super::images::arg_error;
use super::images::parse_or_report;
use super::{CommandResult, Host, Stream};
use crate::catalog;
use crate::digest::Digest;
use crate::image::Image;
use crate::image_ref::{DOCKER_HUB, ImageRef};

/// What the registry holds and who is logged in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Registry {
    /// Logged-in user per registry host.
    pub logins: BTreeMap<String, String>,
    /// Pushed images: canonical repository → tag → image.
    pub repositories: BTreeMap<String, BTreeMap<String, Image>>,
    /// Layer diff IDs each repository has.
    pub blobs: BTreeMap<String, BTreeSet<Digest>>,
}

/// The manifest size of a schema-2 manifest (S-PUSH-3).
fn manifest_size(config_size: u64, compressed: &[u64]) -> u64 {
    313 + digits(config_size) + compressed.iter().map(|c| 204 + digits(*c)).sum::<u64>()
}

fn digits(n: u64) -> u64 {
    n.to_string().len() as u64
}

pub(super) fn manifest_digest(image: &Image) -> Digest {
    Digest::of(format!("manifest {}", image.id.hex()).as_bytes())
}

impl Host {
    pub(super) fn login(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [value("username", Some('u')), value("password", Some('p')), switch("password-stdin", None)];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, true, "login") else { return r };
        let server = parsed.args.first().cloned().unwrap_or_else(|| DOCKER_HUB.to_string());
        let server = if server.contains("index.docker.io") { DOCKER_HUB.to_string() } else { server };
        let Some(user) = parsed.get("username") else {
            r.err("Error: Cannot perform an interactive login from a non TTY device");
            r.exit = 1;
            return r;
        };
        if parsed.get("password").is_none() && !parsed.on("password-stdin") {
            r.err("Error: Cannot perform an interactive login from a non TTY device");
            r.exit = 1;
            return r;
        }
        if parsed.get("password").is_some() {
            r.err("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
        }
        if server != DOCKER_HUB && !server.contains('.') && !server.contains(':') && server != "localhost" {
            r.err(format!(
                "Error response from daemon: Get \"https://{server}/v2/\": dial tcp: lookup {server}: no such host"
            ));
            r.exit = 1;
            return r;
        }
        self.registry.logins.insert(server, user.to_string());
        r.out("");
        r.out("WARNING! Your credentials are stored unencrypted in '/home/learner/.docker/config.json'.");
        r.out("Configure a credential helper to remove this warning. See");
        r.out("https://docs.docker.com/go/credential-store/");
        r.out("");
        r.out("Login Succeeded");
        r
    }

    pub(super) fn logout(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let server = words.first().cloned().unwrap_or_else(|| DOCKER_HUB.to_string());
        let shown = if server == DOCKER_HUB { "https://index.docker.io/v1/".to_string() } else { server.clone() };
        if self.registry.logins.remove(&server).is_some() {
            r.out(format!("Removing login credentials for {shown}"));
        } else {
            r.out(format!("Not logged in to {shown}"));
        }
        r
    }

    pub(super) fn push(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [switch("all-tags", Some('a')), switch("quiet", Some('q')), value("platform", None)];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, true, "push") else { return r };
        if parsed.args.len() != 1 {
            arg_error(&mut r, "push", "1 argument");
            return r;
        }
        let name = &parsed.args[0];
        let reference = match ImageRef::parse(name) {
            Ok(reference) => reference,
            Err(e) => {
                r.err(e.to_string());
                r.exit = 1;
                return r;
            }
        };
        let tags: Vec<String> = if parsed.on("all-tags") {
            let prefix = format!("{}:", reference.familiar_name());
            self.store.tags.keys().filter(|t| t.starts_with(&prefix)).map(|t| t[prefix.len()..].to_string()).collect()
        } else {
            if reference.tag.is_none() {
                r.out("Using default tag: latest");
            }
            vec![reference.tag_or_latest().to_string()]
        };
        let repo = reference.canonical_name();
        // moby's `distribution.Push` names the repository before it looks for local images, and only
        // then fails when no tag of the repository exists; a missing tag of an existing repository
        // fails later, once the registry answered (`pushV2Repository`).
        r.out(format!("The push refers to repository [{repo}]"));
        let prefix = format!("{}:", reference.familiar_name());
        if !self.store.tags.keys().any(|t| t.starts_with(&prefix)) {
            r.err(format!("An image does not exist locally with the tag: {}", reference.familiar_name()));
            r.exit = 1;
            return r;
        }
        let host = reference.registry.clone();
        if host != DOCKER_HUB {
            let scheme = if host.starts_with("localhost") { "http" } else { "https" };
            let error = if host.starts_with("localhost") {
                let port = host.split(':').nth(1).unwrap_or("80");
                format!("Get \"{scheme}://{host}/v2/\": dial tcp [::1]:{port}: connect: connection refused")
            } else {
                format!("Get \"{scheme}://{host}/v2/\": dial tcp: lookup {host}: no such host")
            };
            r.err(error);
            r.exit = 1;
            return r;
        }
        let user = self.registry.logins.get(DOCKER_HUB).cloned();
        let namespace = reference.path.split('/').next().unwrap_or("").to_string();
        let allowed = user.as_deref().is_some_and(|u| u == namespace) && !reference.is_official() && self.sim.network;
        // Each catalog image's layers, and all of them together: the layers a push can mount.
        let catalog_layers: Vec<(&str, Vec<Digest>)> =
            catalog::entries().iter().map(|e| (e.key, catalog::resolve(e).image.diff_ids())).collect();
        let base_layers: BTreeSet<Digest> = catalog_layers.iter().flat_map(|(_, ids)| ids.iter().copied()).collect();
        for tag in &tags {
            let Some(image) = self.find_image(&format!("{prefix}{tag}")).cloned() else {
                r.err(format!("tag does not exist: {prefix}{tag}"));
                r.exit = 1;
                return r;
            };
            if !allowed {
                for layer in image.layers.iter().rev() {
                    r.out(format!("{}: Preparing", &Digest(layer.diff_id()).hex()[..12]));
                }
                if !self.sim.network {
                    r.err("dial tcp: lookup registry-1.docker.io: no such host");
                } else {
                    r.err("denied: requested access to the resource is denied");
                }
                r.exit = 1;
                return r;
            }
            // Base layers are mounted from the repository they were pulled from: the catalog image
            // this one was built on (the longest one whose layers start this image's).
            let diff_ids = image.diff_ids();
            let base_repo = catalog_layers
                .iter()
                .filter(|(_, ids)| !ids.is_empty() && diff_ids.starts_with(ids))
                .max_by_key(|(_, ids)| ids.len())
                .map_or_else(
                    || "library/ubuntu".to_string(),
                    |(key, _)| format!("library/{}", key.split(':').next().unwrap_or(key)),
                );
            let pulled_repos: Vec<(String, Vec<Digest>)> = self
                .store
                .tags
                .keys()
                .filter_map(|t| {
                    let image = self.find_image(t)?;
                    (image.origin == crate::image::Origin::Pulled).then(|| (t.clone(), image.diff_ids()))
                })
                .collect();
            let blobs = self.registry.blobs.entry(repo.clone()).or_default();
            let mut compressed = Vec::new();
            for layer in image.layers.iter().rev() {
                let diff = Digest(layer.diff_id());
                let short = &diff.hex()[..12];
                compressed.push(catalog::compressed_size(layer.size()).max(32));
                if blobs.contains(&diff) {
                    r.out(format!("{short}: Layer already exists"));
                } else if base_layers.contains(&diff) {
                    let from = pulled_repos
                        .iter()
                        .find(|(_, ids)| ids.contains(&diff))
                        .and_then(|(t, _)| ImageRef::parse(t).ok())
                        .map(|r| r.path)
                        .unwrap_or_else(|| base_repo.clone());
                    r.out(format!("{short}: Mounted from {from}"));
                } else {
                    r.out(format!("{short}: Pushed"));
                }
                blobs.insert(diff);
            }
            let config_size = image.config_json().to_string().len() as u64;
            let size = manifest_size(config_size, &compressed);
            r.out(format!("{tag}: digest: {} size: {size}", manifest_digest(&image).prefixed()));
            self.registry.repositories.entry(repo.clone()).or_default().insert(tag.clone(), image);
        }
        r
    }

    pub(super) fn pull(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [switch("all-tags", Some('a')), switch("quiet", Some('q')), value("platform", None)];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, true, "pull") else { return r };
        if parsed.args.len() != 1 {
            arg_error(&mut r, "pull", "1 argument");
            return r;
        }
        let reference = match ImageRef::parse(&parsed.args[0]) {
            Ok(reference) => reference,
            Err(e) => {
                r.err(e.to_string());
                r.exit = 1;
                return r;
            }
        };
        // `-q` keeps only the final reference (and errors), `Using default tag` included
        // (docker/cli `cli/command/image/pull.go`).
        let quiet = parsed.on("quiet");
        if reference.tag.is_none() && reference.digest.is_none() && !quiet {
            r.out("Using default tag: latest");
        }
        let mut progress = CommandResult::default();
        let pulled = self.pull_into(&reference, &mut progress, false);
        r.lines.extend(progress.lines.into_iter().filter(|line| !quiet || line.stream == Stream::Stderr));
        if !pulled {
            r.exit = 1;
            return r;
        }
        r.out(reference.with_default_tag().canonical());
        r
    }

    /// Pulls an image into the local store; prints the pull progress, or the error (for `docker run`
    /// with the `docker: ` prefix and help line). Returns whether it worked.
    pub(super) fn pull_into(&mut self, reference: &ImageRef, r: &mut CommandResult, for_run: bool) -> bool {
        let tagged = reference.clone().with_default_tag();
        let tag = tagged.tag_or_latest().to_string();
        let pushed = self.registry.repositories.get(&tagged.canonical_name()).and_then(|t| t.get(&tag)).cloned();
        let resolved = match (pushed, catalog::find(&tagged)) {
            (Some(image), _) => Some((image.clone(), manifest_digest(&image))),
            (None, Some(entry)) => {
                let res = catalog::resolve(entry);
                Some((res.image, res.manifest_digest))
            }
            (None, None) => None,
        };
        let fail = |r: &mut CommandResult, message: String| {
            if for_run {
                r.err(format!("docker: Error response from daemon: {message}"));
                r.err("");
                r.err("Run 'docker run --help' for more information");
            } else {
                r.err(format!("Error response from daemon: {message}"));
            }
        };
        if !self.sim.network {
            fail(
                r,
                "Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such host"
                    .to_string(),
            );
            return false;
        }
        let Some((image, digest)) = resolved else {
            let message = if catalog::has_repository(reference) {
                format!("manifest for {} not found: manifest unknown: manifest unknown", tagged)
            } else {
                format!(
                    "pull access denied for {}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
                    reference.familiar_name()
                )
            };
            fail(r, message);
            return false;
        };
        let name = tagged.familiar_tagged();
        // `docker run` prints the pull progress on stderr, `docker pull` on stdout.
        let mut say = |text: String| if for_run { r.err(text) } else { r.out(text) };
        say(format!("{tag}: Pulling from {}", tagged.path));
        if self.store.tags.get(&name) == Some(&image.id) {
            // The registry is asked anyway: the manifest's digest matches what is local.
            say(format!("Digest: {}", digest.prefixed()));
            say(format!("Status: Image is up to date for {name}"));
            return true;
        }
        for layer in &image.layers {
            let blob = catalog::blob_digest(layer.diff_id());
            say(format!("{}: Pull complete", blob.short()));
        }
        say(format!("Digest: {}", digest.prefixed()));
        say(format!("Status: Downloaded newer image for {name}"));
        self.world.pulled.insert(tagged.canonical());
        self.store_image(image, &[name]);
        true
    }
}
