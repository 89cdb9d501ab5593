//! A container's own filesystem layer: `docker diff` (what the container changed over its image),
//! `docker commit` (that layer as a new image on top of the image's layers) and `docker cp` (files
//! between the container and the working directory).
//!
//! Mounted paths are not part of the container's layer, so `diff` and `commit` leave out what lies
//! below a mount's destination, as Docker does.

use std::sync::Arc;

use super::args::{switch, value};
use super::images::{arg_error, parse_or_report};
use super::{CommandResult, Host};
use crate::fs::{Change, Fs, Layer};
use crate::image::{HistoryEntry, Image, Origin};

/// Whether `path` is `root` or lies below it.
fn within(path: &str, root: &str) -> bool {
    path == root || root == "/" || path.strip_prefix(root).is_some_and(|rest| rest.starts_with('/'))
}

impl Host {
    pub(super) fn no_such_container(r: &mut CommandResult, name: &str) {
        r.err(format!("Error response from daemon: No such container: {name}"));
        r.exit = 1;
    }

    /// The container's layer without what lies below its mounts.
    pub(super) fn container_layer(&self, i: usize) -> Layer {
        let c = &self.containers[i];
        let changes: std::collections::BTreeMap<String, Change> =
            c.fs.upper()
                .changes
                .iter()
                .filter(|(path, _)| {
                    !super::networks::ETC_MOUNTS.contains(&path.as_str())
                        && !c.mounts.iter().any(|m| path.len() > m.destination.len() && within(path, &m.destination))
                })
                .map(|(path, change)| (path.clone(), change.clone()))
                .collect();
        Layer::from(changes)
    }

    /// `docker diff`: `A` added, `C` changed, `D` deleted, with the directories above a change marked
    /// `C`, sorted by path (moby's `archive.ChangesDirs`).
    pub(super) fn diff(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let Some(parsed) = parse_or_report(&mut r, words, &[], true, "diff") else { return r };
        let [name] = parsed.args.as_slice() else {
            arg_error(&mut r, "diff", "1 argument");
            return r;
        };
        let Some(i) = self.container_index(name) else {
            Self::no_such_container(&mut r, name);
            return r;
        };
        let layer = self.container_layer(i);
        let lower = Fs::new(self.containers[i].fs.lower().to_vec());
        let mut lines: std::collections::BTreeMap<String, char> = std::collections::BTreeMap::new();
        for (path, change) in &layer.changes {
            if path == "/" {
                continue;
            }
            let kind = match change {
                Change::Whiteout => 'D',
                _ if lower.lstat(path).is_some() => 'C',
                _ => 'A',
            };
            lines.insert(path.clone(), kind);
            let mut parent = crate::fs::split_parent(path).0;
            while parent != "/" {
                lines.entry(parent.to_string()).or_insert('C');
                parent = crate::fs::split_parent(parent).0;
            }
        }
        for (path, kind) in lines {
            r.out(format!("{kind} {path}"));
        }
        r
    }

    /// `docker commit CONTAINER [REPOSITORY[:TAG]]`: the container's layer becomes a new image on its
    /// image's layers; the history row's CREATED BY is the container's command (moby
    /// `daemon/commit.go`), its COMMENT the `-m` message.
    pub(super) fn commit(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [
            value("message", Some('m')),
            value("author", Some('a')),
            value("change", Some('c')),
            switch("pause", Some('p')),
        ];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, true, "commit") else { return r };
        let (name, reference) = match parsed.args.as_slice() {
            [name] => (name, None),
            [name, reference] => (name, Some(reference.clone())),
            _ => {
                arg_error(&mut r, "commit", "at least 1 and at most 2 arguments");
                return r;
            }
        };
        let tag = match reference.as_deref().map(crate::image_ref::ImageRef::parse) {
            None => None,
            Some(Ok(reference)) => Some(reference.with_default_tag().familiar_tagged()),
            Some(Err(e)) => {
                r.err(format!("Error response from daemon: {e}"));
                r.exit = 1;
                return r;
            }
        };
        let Some(i) = self.container_index(name) else {
            Self::no_such_container(&mut r, name);
            return r;
        };
        let Some(base) = self.store.images.get(&self.containers[i].image_id).cloned() else {
            r.err(format!("Error response from daemon: No such image: {}", self.containers[i].image_id.prefixed()));
            r.exit = 1;
            return r;
        };
        let layer = self.container_layer(i);
        let mut layers = base.layers.clone();
        layers.push(Arc::new(layer));
        let mut history = base.history.clone();
        history.push(HistoryEntry {
            created: self.now,
            created_by: Arc::from(self.containers[i].argv.join(" ")),
            comment: Arc::from(parsed.get("message").unwrap_or_default()),
            empty_layer: false,
        });
        let author = parsed.get("author").map_or_else(|| base.author.clone(), str::to_string);
        let mut image = Image::new(base.config.clone(), layers, history, author, Origin::Classic);
        // The classic store keeps the parent chain: the base image's top row shows its ID.
        let mut ids = base.history_ids.clone();
        ids.resize(base.history.len(), None);
        if let Some(last) = ids.last_mut() {
            *last = Some(base.id);
        }
        image.history_ids = ids;
        image.parent = Some(base.id);
        r.out(image.id.prefixed());
        self.store_image(image, &tag.into_iter().collect::<Vec<_>>());
        r
    }

    /// `docker cp CONTAINER:SRC DEST` and `docker cp SRC CONTAINER:DEST`, DEST on the host relative to
    /// the working directory. Like docker CLI 24 and later, it reports the size of the tar stream it
    /// moved on standard error.
    pub(super) fn cp(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [switch("archive", Some('a')), switch("follow-link", Some('L')), switch("quiet", Some('q'))];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, true, "cp") else { return r };
        let [src, dst] = parsed.args.as_slice() else {
            arg_error(&mut r, "cp", "2 arguments");
            return r;
        };
        let split = |arg: &str| -> Option<(String, String)> {
            let (container, path) = arg.split_once(':')?;
            (!container.is_empty() && !container.contains('/')).then(|| (container.to_string(), path.to_string()))
        };
        let (from_container, to_container) = (split(src), split(dst));
        let (container, from_path, to_path, into_container) = match (from_container, to_container) {
            (Some(_), Some(_)) => {
                r.err("copying between containers is not supported");
                r.exit = 1;
                return r;
            }
            (None, None) => {
                r.err("must specify at least one container source");
                r.exit = 1;
                return r;
            }
            (Some((c, path)), None) => (c, path, dst.clone(), false),
            (None, Some((c, path))) => (c, src.clone(), path, true),
        };
        let Some(i) = self.container_index(&container) else {
            Self::no_such_container(&mut r, &container);
            return r;
        };
        let cname = self.containers[i].name.clone();
        let workdir = self.containers[i].workdir.clone();
        let (source_path, target_path) = if into_container {
            (crate::fs::normalize(&self.cwd, &from_path), crate::fs::normalize(&workdir, &to_path))
        } else {
            (crate::fs::normalize(&workdir, &from_path), crate::fs::normalize(&self.cwd, &to_path))
        };
        let source_fs = if into_container { &self.fs } else { &self.containers[i].fs };
        if source_fs.lstat(&source_path).is_none() {
            if into_container {
                r.err(format!("lstat {source_path}: no such file or directory"));
            } else {
                r.err(format!(
                    "Error response from daemon: Could not find the file {source_path} in container {cname}"
                ));
            }
            r.exit = 1;
            return r;
        }
        let stream: u64 = source_fs
            .walk(&source_path)
            .iter()
            .map(|(_, e)| 512 + if e.is_file() { e.size().div_ceil(512) * 512 } else { 0 })
            .sum::<u64>()
            + 1024;
        let source = source_fs.clone();
        let target_fs = if into_container { &mut self.containers[i].fs } else { &mut self.fs };
        let target = if target_fs.stat(&target_path).is_some_and(|e| e.is_dir()) {
            crate::fs::join(&target_path, crate::fs::basename(&source_path))
        } else {
            target_path.clone()
        };
        let parent = crate::fs::split_parent(&target).0;
        if !target_fs.stat(parent).is_some_and(|e| e.is_dir()) {
            if into_container {
                r.err(format!("Error response from daemon: Could not find the file {parent} in container {cname}"));
            } else {
                r.err(format!("lstat {parent}: no such file or directory"));
            }
            r.exit = 1;
            return r;
        }
        crate::fs::copy_tree(&source, &source_path, target_fs, &target);
        if !parsed.on("quiet") {
            r.err(format!("Successfully copied {} to {dst}", crate::format::context_size(stream)));
        }
        r
    }
}
