//! Image commands: `docker images`, `docker history` (S-HIST), `docker inspect` with `-f` templates,
//! `docker rmi`, `docker tag` (S-TAG-1), and the prunes: `docker builder prune` (S-CACHE-4), `image`,
//! `container` and `system prune`.

use serde_json::{Value, json};

use super::args::{parse_flags, switch, value};
use super::{CommandResult, Host};
use crate::digest::Digest;
use crate::format::{human_size, table, time_ago};
use crate::history::HistoryOptions;
use crate::image::{Image, Origin};
use crate::image_ref::ImageRef;

/// Parses a command's flags, or prints docker's flag error into `r` (exit 125) and returns `None`.
pub(super) fn parse_or_report(
    r: &mut CommandResult,
    words: &[String],
    specs: &[super::args::FlagSpec],
    interspersed: bool,
    command: &str,
) -> Option<super::args::Parsed> {
    match parse_flags(words, specs, interspersed) {
        Ok(parsed) => Some(parsed),
        Err(e) => {
            flag_error(r, &e, command);
            None
        }
    }
}

/// [`parse_or_report`] for a command that needs at least one operand (a container, an image): the
/// usage error when there is none.
pub(super) fn parse_operands(
    r: &mut CommandResult,
    words: &[String],
    specs: &[super::args::FlagSpec],
    command: &str,
) -> Option<super::args::Parsed> {
    let parsed = parse_or_report(r, words, specs, true, command)?;
    if parsed.args.is_empty() {
        arg_error(r, command, "at least 1 argument");
        return None;
    }
    Some(parsed)
}

/// The column titles of `docker images --format 'table ...'`, by field.
const IMAGES_HEADERS: &[(&str, &str)] = &[
    ("Repository", "REPOSITORY"),
    ("Tag", "TAG"),
    ("ID", "IMAGE ID"),
    ("CreatedSince", "CREATED"),
    ("CreatedAt", "CREATED AT"),
    ("Size", "SIZE"),
    ("Digest", "DIGEST"),
    ("Containers", "CONTAINERS"),
];

/// The column titles of `docker history --format 'table ...'`, by field.
const HISTORY_HEADERS: &[(&str, &str)] = &[
    ("ID", "IMAGE"),
    ("CreatedSince", "CREATED"),
    ("CreatedAt", "CREATED AT"),
    ("CreatedBy", "CREATED BY"),
    ("Size", "SIZE"),
    ("Comment", "COMMENT"),
];

/// Prints one `--format` line per row; on a template error prints it and sets exit status 1.
///
/// `json` prints each row as a JSON object. A format starting with `table` prints a header row first (the template applied to `headers`, the
/// column titles keyed by field name) and aligns the tab-separated cells the way the docker CLI's
/// tabwriter does (minimum width 10, padding 3).
pub(super) fn format_rows(r: &mut CommandResult, format: &str, rows: &[Value], headers: &[(&str, &str)]) {
    // `--format json`: each row as one JSON object, keys in Go's order (the CLI marshals a map).
    if format.trim() == "json" {
        for row in rows {
            let sorted: serde_json::Map<String, Value> = match row {
                Value::Object(map) => {
                    let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                    entries.sort_by(|a, b| a.0.cmp(b.0));
                    entries.into_iter().map(|(k, v)| (k.clone(), v.clone())).collect()
                }
                _ => serde_json::Map::new(),
            };
            r.out(crate::template::go_json(&Value::Object(sorted)));
        }
        return;
    }
    let is_table = format.starts_with("table");
    let mut lines = Vec::new();
    if is_table {
        let header: serde_json::Map<String, Value> =
            headers.iter().map(|(k, v)| (k.to_string(), Value::String(v.to_string()))).collect();
        match render_format(format, &Value::Object(header)) {
            Ok(text) => lines.push(text),
            Err(e) => {
                r.err(e);
                r.exit = 1;
                return;
            }
        }
    }
    for row in rows {
        match render_format(format, row) {
            Ok(text) if is_table => lines.push(text),
            Ok(text) => r.out_block(&text),
            Err(e) => {
                r.err(e);
                r.exit = 1;
                return;
            }
        }
    }
    if is_table {
        let cells: Vec<Vec<String>> = lines
            .iter()
            .flat_map(|text| {
                text.lines().map(|line| line.split('\t').map(str::to_string).collect()).collect::<Vec<_>>()
            })
            .collect();
        r.out_block(&table(&cells));
    }
}

/// The report of `docker image prune` and `docker container prune`: a titled list of what went, a
/// blank line, and the reclaimed space (the simulated layers stay in the build cache, so 0B).
pub(super) fn prune_report(r: &mut CommandResult, title: &str, deleted: Vec<String>) {
    prune_section(r, title, deleted);
    r.out("Total reclaimed space: 0B");
}

/// One section of a prune report: the title, what went, a blank line; nothing when nothing went.
fn prune_section(r: &mut CommandResult, title: &str, deleted: Vec<String>) {
    if !deleted.is_empty() {
        r.out(title);
        for line in deleted {
            r.out(line);
        }
        r.out("");
    }
}

/// The usage line cobra prints under a flag or argument error (`UseLine`), by command.
fn usage_line(command: &str) -> String {
    let args = match command {
        "run" | "create" => "[OPTIONS] IMAGE [COMMAND] [ARG...]",
        "images" => "[OPTIONS] [REPOSITORY[:TAG]]",
        "history" => "[OPTIONS] IMAGE",
        "inspect" => "[OPTIONS] NAME|ID [NAME|ID...]",
        "rmi" => "[OPTIONS] IMAGE [IMAGE...]",
        "tag" => "SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
        "push" => "[OPTIONS] NAME[:TAG]",
        "pull" => "[OPTIONS] NAME[:TAG|@DIGEST]",
        "logs" => "[OPTIONS] CONTAINER",
        "port" => "CONTAINER [PRIVATE_PORT[/PROTO]]",
        "exec" => "[OPTIONS] CONTAINER COMMAND [ARG...]",
        "login" => "[OPTIONS] [SERVER]",
        "stop" | "rm" | "kill" | "start" | "restart" => "[OPTIONS] CONTAINER [CONTAINER...]",
        "wait" | "pause" | "unpause" => "CONTAINER [CONTAINER...]",
        "save" => "[OPTIONS] IMAGE [IMAGE...]",
        "rename" => "CONTAINER NEW_NAME",
        "top" => "CONTAINER [ps OPTIONS]",
        _ => "[OPTIONS]",
    };
    format!("docker {command} {args}")
}

/// Prints `message`, cobra's usage line and the pointer to `--help`, blank lines between, the layout
/// of every usage error of docker CLI 28 (`cli/cobra.go`, `cli/required.go`). `verb` is `Run`, except
/// that CLI 28's "requires at least N arguments" says `See`.
pub(super) fn usage_error(r: &mut CommandResult, message: &str, path: &str, usage: &str, verb: &str) {
    r.err(message);
    r.err("");
    r.err(format!("Usage:  {usage}"));
    r.err("");
    r.err(format!("{verb} '{path} --help' for more information"));
}

/// Prints a flag error the way docker CLI 28 does (`FlagErrorFunc`): the error, the usage, exit 125.
pub(super) fn flag_error(r: &mut CommandResult, error: &str, command: &str) {
    usage_error(r, error, &format!("docker {command}"), &usage_line(command), "Run");
    r.exit = 125;
}

/// `requires at least 1 argument` and friends (`cli/required.go`): exit 1. `what` is what cobra's
/// validator says: `1 argument` (`ExactArgs`), `at least 1 argument` (`RequiresMinArgs`), or `at least
/// 1 and at most 2 arguments` (`RequiresRangeArgs`).
pub(super) fn arg_error(r: &mut CommandResult, command: &str, what: &str) {
    let verb = if what.starts_with("at least") && !what.contains("at most") { "See" } else { "Run" };
    let path = format!("docker {command}");
    usage_error(r, &format!("docker: '{path}' requires {what}"), &path, &usage_line(command), verb);
    r.exit = 1;
}

impl Host {
    pub(super) fn images(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [
            switch("all", Some('a')),
            switch("quiet", Some('q')),
            value("format", None),
            switch("no-trunc", None),
            switch("digests", None),
            value("filter", Some('f')),
        ];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, true, "images") else { return r };
        let filter = parsed.args.first().cloned();
        let all = parsed.on("all");
        let mut rows: Vec<(String, String, &Image)> = Vec::new();
        for id in self.store.order.iter().rev() {
            let Some(image) = self.store.images.get(id) else { continue };
            let tags = self.tags_of(id);
            // moby's Images: an untagged image with children is a classic build's step image, listed
            // only with `-a` (S-LAYER-5); without children it is dangling and always listed.
            if tags.is_empty() && (all || !self.has_children(id)) {
                rows.push(("<none>".to_string(), "<none>".to_string(), image));
            }
            for tag in tags {
                let (repo, t) = tag
                    .rsplit_once(':')
                    .map(|(a, b)| (a.to_string(), b.to_string()))
                    .unwrap_or((tag.clone(), "latest".into()));
                rows.push((repo, t, image));
            }
        }
        rows.sort_by(|a, b| b.2.created.cmp(&a.2.created).then(a.0.cmp(&b.0)));
        // `--filter dangling=true|false` and `--filter reference=PATTERN` (docker images filters).
        for f in parsed.all("filter") {
            let (key, wanted) = f.split_once('=').unwrap_or((f.as_str(), ""));
            match key {
                "dangling" => {
                    // `dangling=true` lists only the heads (images without children), so step images
                    // stay out even with `-a`; `dangling=false` drops every untagged row.
                    let dangling = wanted == "true" || wanted == "1";
                    rows.retain(|(repo, _, image)| {
                        (repo == "<none>") == dangling && !(dangling && self.has_children(&image.id))
                    });
                }
                "reference" => rows.retain(|(repo, tag, _)| {
                    crate::context::glob_match(wanted, repo)
                        || crate::context::glob_match(wanted, &format!("{repo}:{tag}"))
                }),
                _ => {
                    r.err(format!("Error response from daemon: invalid filter '{key}'"));
                    r.exit = 1;
                    return r;
                }
            }
        }
        if let Some(f) = &filter {
            rows.retain(|(repo, tag, _)| {
                let (frepo, ftag) = f.split_once(':').unwrap_or((f, ""));
                repo == frepo && (ftag.is_empty() || tag == ftag)
            });
        }
        let trunc = !parsed.on("no-trunc");
        let id_text = |d: &Digest| if trunc { d.short() } else { d.prefixed() };
        if parsed.on("quiet") {
            let mut seen = Vec::new();
            for (_, _, image) in &rows {
                let id = id_text(&image.id);
                if !seen.contains(&id) {
                    seen.push(id.clone());
                    r.out(id);
                }
            }
            return r;
        }
        if let Some(format) = parsed.get("format").filter(|f| *f != "table") {
            let data: Vec<Value> = rows
                .iter()
                .map(|(repo, tag, image)| {
                    json!({
                        "Repository": repo, "Tag": tag, "ID": id_text(&image.id),
                        "CreatedSince": time_ago(image.created, self.now), "CreatedAt": image.created.go_string(),
                        "Size": human_size(image.size()), "Digest": "<none>", "Containers": "N/A",
                    })
                })
                .collect();
            format_rows(&mut r, format, &data, IMAGES_HEADERS);
            return r;
        }
        let mut cells =
            vec![vec!["REPOSITORY".into(), "TAG".into(), "IMAGE ID".into(), "CREATED".into(), "SIZE".into()]];
        for (repo, tag, image) in rows {
            cells.push(vec![
                repo,
                tag,
                id_text(&image.id),
                time_ago(image.created, self.now),
                human_size(image.size()),
            ]);
        }
        r.out_block(&table(&cells));
        r
    }

    pub(super) fn history(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [
            value("human", Some('H')),
            switch("no-trunc", None),
            switch("quiet", Some('q')),
            value("format", None),
            value("platform", None),
        ];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, true, "history") else { return r };
        if parsed.args.len() != 1 {
            arg_error(&mut r, "history", "1 argument");
            return r;
        }
        let name = &parsed.args[0];
        let Some(image) = self.find_image(name).cloned() else {
            r.err(format!("Error response from daemon: No such image: {}", tagged_name(name)));
            r.exit = 1;
            return r;
        };
        let options =
            HistoryOptions { human: parsed.get("human").is_none_or(|v| v != "false"), trunc: !parsed.on("no-trunc") };
        let rows = crate::history::rows(&image, self.now, options);
        if parsed.on("quiet") {
            for row in rows {
                r.out(row.id);
            }
            return r;
        }
        if let Some(format) = parsed.get("format").filter(|f| *f != "table") {
            let data: Vec<Value> = rows
                .iter()
                .map(|row| json!({"ID": row.id, "CreatedSince": row.created, "CreatedAt": row.created_at, "CreatedBy": row.created_by, "Size": row.size, "Comment": row.comment}))
                .collect();
            format_rows(&mut r, format, &data, HISTORY_HEADERS);
            return r;
        }
        r.out_block(&crate::history::render_table(&rows, options));
        r
    }

    pub(super) fn inspect(&mut self, words: &[String], images_only: bool) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [value("format", Some('f')), switch("size", Some('s')), value("type", None)];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, true, "inspect") else { return r };
        if parsed.args.is_empty() {
            arg_error(&mut r, "inspect", "at least 1 argument");
            return r;
        }
        self.refresh_health();
        let mut values = Vec::new();
        let mut missing = Vec::new();
        for name in &parsed.args {
            let found = if images_only { None } else { self.find_container(name).map(|c| self.container_json(c)) };
            let found = found.or_else(|| self.find_image(name).map(|i| self.image_json(i)));
            match found {
                Some(v) => values.push(v),
                None => {
                    missing.push(name.clone());
                    r.exit = 1;
                }
            }
        }
        print_inspect(&mut r, &values, parsed.get("format"));
        for name in missing {
            r.err(format!("Error: No such {}: {name}", if images_only { "image" } else { "object" }));
        }
        r
    }

    fn image_json(&self, image: &Image) -> Value {
        let config = image.config.to_json();
        let tags: Vec<String> = self.tags_of(&image.id);
        json!({
            "Id": image.id.prefixed(),
            "RepoTags": tags,
            "RepoDigests": [],
            "Parent": image.parent.map(|p| p.prefixed()).unwrap_or_default(),
            "Comment": if image.origin == Origin::BuildKit { "buildkit.dockerfile.v0" } else { "" },
            "Created": image.created.rfc3339_nano(),
            "DockerVersion": "",
            "Author": image.author,
            "Config": config,
            "Architecture": "amd64",
            "Os": "linux",
            "Size": image.size(),
            "GraphDriver": {"Name": "overlay2"},
            "RootFS": {"Type": "layers", "Layers": image.diff_ids().iter().map(Digest::prefixed).collect::<Vec<_>>()},
            "Metadata": {"LastTagTime": image.created.rfc3339()},
        })
    }

    pub(super) fn rmi(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [switch("force", Some('f')), switch("no-prune", None)];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, true, "rmi") else { return r };
        if parsed.args.is_empty() {
            arg_error(&mut r, "rmi", "at least 1 argument");
            return r;
        }
        for name in &parsed.args {
            let Some(image) = self.find_image(name).cloned() else {
                r.err(format!("Error response from daemon: No such image: {}", tagged_name(name)));
                r.exit = 1;
                continue;
            };
            let force = parsed.on("force");
            let id = image.id;
            let now = self.now;
            let tag = ImageRef::parse(name)
                .ok()
                .map(|t| t.with_default_tag().familiar_tagged())
                .filter(|t| self.store.tags.get(t) == Some(&id));
            let tags = self.tags_of(&id);
            // moby's ImageDelete: a reference given by name is untagged first, and the image itself is
            // deleted only when that was its last name; an ID deletes the image with all its names.
            let quiet = match &tag {
                Some(t) => {
                    if !force
                        && tags.len() == 1
                        && let Some(c) = self.containers.iter().find(|c| c.image_id == id)
                    {
                        r.err(format!(
                            "Error response from daemon: conflict: unable to remove repository reference \"{name}\" (must force) - container {} is using its referenced image {}",
                            c.id.short(),
                            id.short()
                        ));
                        r.exit = 1;
                        continue;
                    }
                    self.store.tags.remove(t);
                    self.world.images.remove(t);
                    r.out(format!("Untagged: {t}"));
                    if !self.tags_of(&id).is_empty() {
                        continue;
                    }
                    true
                }
                None => false,
            };
            // The conflicts of moby's checkImageDeleteConflict, hard ones first; force ignores the soft
            // ones (other names, stopped containers), and an ID with a single name does not count it.
            let running = self.containers.iter().find(|c| c.image_id == id && c.is_running(now));
            let stopped = self.containers.iter().find(|c| c.image_id == id && !c.is_running(now));
            let children = self.store.images.values().any(|i| i.parent == Some(id));
            let remaining = self.tags_of(&id);
            let conflict = if children {
                Some((true, false, "image has dependent child images".to_string()))
            } else if let Some(c) = running {
                Some((true, true, format!("image is being used by running container {}", c.id.short())))
            } else if !force && remaining.len() > 1 {
                Some((false, false, "image is referenced in multiple repositories".to_string()))
            } else {
                stopped
                    .filter(|_| !force)
                    .map(|c| (false, true, format!("image is being used by stopped container {}", c.id.short())))
            };
            if let Some((hard, used, message)) = conflict {
                // After untagging the last name, a conflict is reported only for an unused dangling image.
                if quiet && (children || used) {
                    continue;
                }
                let how = if hard { "cannot be forced" } else { "must be forced" };
                r.err(format!(
                    "Error response from daemon: conflict: unable to delete {} ({how}) - {message}",
                    id.short()
                ));
                r.exit = 1;
                continue;
            }
            for t in &remaining {
                self.store.tags.remove(t);
                self.world.images.remove(t);
                r.out(format!("Untagged: {t}"));
            }
            // An image that was pulled or pushed also loses the repository digest that recorded
            // (`ubuntu@sha256:…`).
            let pulled = image.origin == Origin::Pulled;
            let mut repos: Vec<String> = tag
                .iter()
                .chain(&remaining)
                .map(|t| t.rsplit_once(':').map_or(t.as_str(), |(repo, _)| repo).to_string())
                .collect();
            repos.dedup();
            let catalog = pulled
                .then(|| crate::catalog::entries().iter().map(crate::catalog::resolve).find(|e| e.image.id == id))
                .flatten()
                .map(|resolved| resolved.manifest_digest);
            for repo in repos {
                let registry = ImageRef::parse(&repo)
                    .ok()
                    .and_then(|reference| self.registry.repositories.get(&reference.canonical_name()))
                    .and_then(|tags| tags.values().find(|pushed| pushed.id == id))
                    .map(super::registry::manifest_digest);
                if let Some(manifest) = catalog.or(registry) {
                    r.out(format!("Untagged: {repo}@{}", manifest.prefixed()));
                }
            }
            for deleted in self.delete_with_parents(id, !parsed.on("no-prune")) {
                r.out(format!("Deleted: {}", deleted.prefixed()));
            }
        }
        r
    }

    /// moby's `imageDeleteHelper` once `id` has no name and no conflict left: deletes it, then the
    /// layers no other image holds (chain IDs, top first), then, with `prune`, its parent the same way,
    /// quietly stopping at the first parent that has a name, another child or a container (S-LAYER-5:
    /// the step images of a classic build go with the last image built on them). Returns what went, in
    /// order. A pulled image's layers and a classic build's are the daemon's own; a BuildKit image's
    /// stay with the build cache.
    fn delete_with_parents(&mut self, id: Digest, prune: bool) -> Vec<Digest> {
        let mut deleted = Vec::new();
        let mut next = Some(id);
        while let Some(id) = next {
            let first = deleted.is_empty();
            let used = self.containers.iter().any(|c| c.image_id == id);
            if !first && (used || self.has_children(&id) || !self.tags_of(&id).is_empty()) {
                break;
            }
            let Some(image) = self.store.images.remove(&id) else { break };
            self.store.order.retain(|d| *d != id);
            deleted.push(id);
            if image.origin != Origin::BuildKit {
                let kept: std::collections::BTreeSet<Digest> =
                    self.store.images.values().flat_map(|other| other.chain_ids()).collect();
                deleted.extend(image.chain_ids().into_iter().rev().filter(|chain| !kept.contains(chain)));
            }
            if image.origin == Origin::Classic {
                // The classic builder's cache is its step images; the built image is its last step's.
                self.world.deleted_classic.insert(id);
                self.world.deleted_classic.extend(image.history_ids.last().copied().flatten());
            }
            next = image.parent.filter(|_| prune);
        }
        deleted
    }

    pub(super) fn tag(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        if words.len() != 2 {
            arg_error(&mut r, "tag", "2 arguments");
            return r;
        }
        let target = match ImageRef::parse(&words[1]) {
            Ok(t) if t.digest.is_some() => {
                r.err("refusing to create a tag with a digest reference");
                r.exit = 1;
                return r;
            }
            Ok(t) => t.with_default_tag(),
            Err(e) => {
                r.err(format!("Error parsing reference: {:?} is not a valid repository/tag: {e}", words[1]));
                r.exit = 1;
                return r;
            }
        };
        let Some(image) = self.find_image(&words[0]).cloned() else {
            r.err(format!("Error response from daemon: No such image: {}", tagged_name(&words[0])));
            r.exit = 1;
            return r;
        };
        self.store_image(image, &[target.familiar_tagged()]);
        r
    }

    /// `docker image prune`: removes the dangling images (untagged, unused by any container).
    pub(super) fn image_prune(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [switch("force", Some('f')), switch("all", Some('a')), value("filter", None)];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, true, "image prune") else { return r };
        let deleted = self.prune_images(parsed.on("all"));
        prune_report(&mut r, "Deleted Images:", deleted);
        r
    }

    /// Removes the images no container uses, only the untagged ones unless `all`, and returns the
    /// report lines (`untagged: …`, `deleted: sha256:…`).
    ///
    /// moby's `ImagesPrune`: the candidates are the heads (images without children) that have no name,
    /// or with `all` every image except a nameless one with children (a classic build's step image).
    /// Each is deleted with its unused parents, so a dangling classic image takes its step images along.
    fn prune_images(&mut self, all: bool) -> Vec<String> {
        let ids: Vec<Digest> = self
            .store
            .order
            .iter()
            .rev()
            .filter(|id| {
                let named = !self.tags_of(id).is_empty();
                let head = !self.has_children(id);
                if all { named || head } else { !named && head }
            })
            .filter(|id| !self.containers.iter().any(|c| c.image_id == **id))
            .copied()
            .collect();
        let mut deleted = Vec::new();
        for id in ids {
            if !self.store.images.contains_key(&id) {
                continue;
            }
            for t in self.tags_of(&id) {
                self.store.tags.remove(&t);
                self.world.images.remove(&t);
                deleted.push(format!("untagged: {t}"));
            }
            // Untagging a base image that has children leaves it in place (a quiet conflict).
            if self.has_children(&id) {
                continue;
            }
            deleted.extend(self.delete_with_parents(id, true).iter().map(|d| format!("deleted: {}", d.prefixed())));
        }
        deleted
    }

    /// Empties the build cache (and forgets what was pulled and sent) and returns each record's ID
    /// (25 characters, like BuildKit's) and size, and the bytes reclaimed.
    fn prune_build_cache(&mut self) -> (Vec<(String, u64)>, u64) {
        let records: Vec<(String, u64)> = self
            .world
            .cache
            .records()
            .filter_map(|rec| rec.layer.as_ref().map(|l| (rec.key.hex()[..25].to_string(), l.size())))
            .collect();
        let (_, size) = self.world.cache.prune();
        self.world.pulled.clear();
        self.world.sent.clear();
        (records, size)
    }

    pub(super) fn builder_prune(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs =
            [switch("force", Some('f')), switch("all", Some('a')), value("filter", None), value("keep-storage", None)];
        if let Err(e) = parse_flags(words, &specs, true) {
            flag_error(&mut r, &e, "builder prune");
            return r;
        }
        let (records, size) = self.prune_build_cache();
        if !records.is_empty() {
            r.out(format!("{:<28}{:<14}{}", "ID", "RECLAIMABLE", "SIZE"));
            for (id, bytes) in &records {
                r.out(format!("{:<28}{:<14}{}", id, "true", human_size(*bytes)));
            }
        }
        r.out(format!("Total:\t{}", human_size(size)));
        r
    }

    /// `docker system prune [-a] [-f]`: stopped containers, then unused images (dangling ones
    /// unless `-a`), then the build cache, each section as its own prune prints it, and the total
    /// (docker/cli `cli/command/system/prune.go`). There are no networks or volumes to prune.
    pub(super) fn system_prune(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs =
            [switch("force", Some('f')), switch("all", Some('a')), switch("volumes", None), value("filter", None)];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, true, "system prune") else { return r };
        // docker/cli `system/prune.go` prunes in this order: containers, networks, volumes (with
        // `--volumes`: the anonymous ones), images, build cache.
        let containers = self.prune_containers();
        let volumes = if parsed.on("volumes") { self.prune_volumes(false) } else { Vec::new() };
        let images = self.prune_images(parsed.on("all"));
        let (records, size) = self.prune_build_cache();
        let cache = records.into_iter().map(|(id, _)| id).collect();
        for (title, deleted) in [
            ("Deleted Containers:", containers),
            ("Deleted Volumes:", volumes),
            ("Deleted Images:", images),
            ("Deleted build cache objects:", cache),
        ] {
            prune_section(&mut r, title, deleted);
        }
        r.out(format!("Total reclaimed space: {}", crate::format::context_size(size)));
        r
    }
}

/// Prints a listing's rows for `-q` (the `key` column, one per line) or a `--format` template, and
/// returns true; returns false when the caller prints its default table.
pub(super) fn print_quiet_or_format(
    r: &mut CommandResult,
    parsed: &super::args::Parsed,
    rows: &[Value],
    key: &str,
    headers: &[(&str, &str)],
) -> bool {
    if parsed.on("quiet") {
        for row in rows {
            r.out(row[key].as_str().unwrap_or_default());
        }
        return true;
    }
    match parsed.get("format").filter(|f| *f != "table") {
        Some(format) => {
            format_rows(r, format, rows, headers);
            true
        }
        None => false,
    }
}

/// Prints what an inspect command found. docker/cli's inspectors (`cli/command/inspect/inspector.go`):
/// with no format (or `json`), the found objects as a JSON array, `[]` when none was found; with a
/// template, one rendering per object, or an empty line when none was found. The caller prints the
/// errors after this.
pub(super) fn print_inspect(r: &mut CommandResult, values: &[Value], format: Option<&str>) {
    match format {
        None if values.is_empty() => r.out("[]"),
        Some("json") => r.out(Value::Array(values.to_vec()).to_string()),
        Some(format) => {
            for v in values {
                match crate::template::render(format, v) {
                    // The CLI ends each rendering with a newline of its own, so a template that ends
                    // in one (`println`) leaves a blank line.
                    Ok(text) => r.out_block(&format!("{text}\n")),
                    Err(e) => {
                        r.err(e.to_string());
                        r.exit = 1;
                    }
                }
            }
        }
        None => r.out_block(&pretty_json(&Value::Array(values.to_vec()))),
    }
    if values.is_empty() && format.is_some_and(|f| f != "json") {
        r.out("");
    }
}

/// JSON indented with four spaces, as `docker inspect` prints it.
pub(super) fn pretty_json(value: &Value) -> String {
    use serde::Serialize;
    let mut out = Vec::new();
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut out, serde_json::ser::PrettyFormatter::with_indent(b"    "));
    if value.serialize(&mut serializer).is_err() {
        return String::new();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// `name` with `:latest` added when it has no tag, as daemon errors print it.
pub(super) fn tagged_name(name: &str) -> String {
    match ImageRef::parse(name) {
        Ok(r) if r.digest.is_none() => r.with_default_tag().to_string(),
        _ => name.to_string(),
    }
}

/// Renders a `--format` value: `table` prefix handling, `\t`, then the template.
pub(super) fn render_format(format: &str, data: &Value) -> Result<String, String> {
    let format =
        format.strip_prefix("table").unwrap_or(format).trim_matches(' ').replace("\\t", "\t").replace("\\n", "\n");
    crate::template::render(&format, data).map_err(|e| e.to_string())
}

/// Renders a classic-builder build (S-OUT-7) into `r`; returns the container a failed RUN left behind.
pub(super) fn render_classic_into(
    build: &crate::engine::Build,
    r: &mut CommandResult,
) -> Option<crate::output::FailedContainer> {
    let output = crate::output::render_classic(build);
    for (stream, text) in output.lines {
        match stream {
            super::Stream::Stdout => r.out(text),
            super::Stream::Stderr => r.err(text),
        }
    }
    output.failed
}
