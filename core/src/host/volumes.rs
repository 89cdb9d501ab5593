//! Volumes and bind mounts: `docker volume create|ls|inspect|rm|prune`, and the mounts `docker run`
//! gives a container (`-v name:/path`, `-v /host/path:/path`, `-v /path`, `--mount`, and an anonymous
//! volume for every image `VOLUME` no mount covers, S-INSTR-VOLUME).
//!
//! A volume keeps its files in a filesystem of its own, rooted at `/`. A container sees a mount as a
//! copy: before each of its processes runs, every mount's files replace what the container has at the
//! destination, and after the process, what the destination holds is copied back into the volume or
//! the host directory. Container processes run one at a time on the simulated clock, so this shows
//! what shared storage shows: data outlives `docker rm`, two containers see each other's writes, and
//! files a container writes into a bind mount appear in the working directory.
//!
//! Differences that remain: a `:ro` mount is not copied back, but writes inside the container are not
//! refused with `Read-only file system`.

use serde_json::{Value, json};

use super::args::{switch, value};
use super::images::{arg_error, parse_or_report, prune_report};
use super::{CommandResult, Host};
use crate::digest::Digest;
use crate::format::{Timestamp, table};
use crate::fs::{Fs, copy_tree};

/// The subcommands of `docker volume` the simulator has.
pub(super) const SUBCOMMANDS: &[&str] = &["create", "ls", "list", "inspect", "rm", "remove", "prune"];

/// A volume in the daemon's volume store.
#[derive(Debug, Clone)]
pub struct Volume {
    /// Its name: given, or 64 hex digits for an anonymous volume.
    pub name: String,
    /// Whether `docker run` made it for a mount without a name (`-v /path`, an image VOLUME).
    pub anonymous: bool,
    /// Whether `docker volume create` made it (its labels and options are then `{}`, not null).
    pub created_by_cli: bool,
    /// When it was created.
    pub created: Timestamp,
    /// Its files, rooted at `/`.
    pub files: Fs,
}

impl Volume {
    fn new(name: String, anonymous: bool, created: Timestamp) -> Volume {
        Volume { name, anonymous, created_by_cli: false, created, files: Fs::new(Vec::new()) }
    }

    fn is_empty(&self) -> bool {
        self.files.read_dir("/").map_or(true, |entries| entries.is_empty())
    }

    fn mountpoint(&self) -> String {
        format!("/var/lib/docker/volumes/{}/_data", self.name)
    }
}

/// Where a mount's files come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MountSource {
    /// A volume, by name.
    Volume(String),
    /// A directory (or file) of the host, by absolute path.
    Bind(String),
}

/// One mount of a container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    /// What is mounted.
    pub source: MountSource,
    /// The absolute path in the container.
    pub destination: String,
    /// Mounted read-only (`:ro`, `readonly`): nothing is copied back.
    pub read_only: bool,
    /// The `Mode` `docker inspect` shows (`z` for a named volume given with `-v`).
    pub mode: &'static str,
}

/// What a mount flag asks for, before volumes are looked up or made.
#[derive(Debug, Clone, PartialEq, Eq)]
struct MountRequest {
    /// `None` for an anonymous volume.
    source: Option<MountSource>,
    destination: String,
    read_only: bool,
    /// `--mount type=bind` needs the host path to exist; `-v` creates it.
    must_exist: bool,
    mode: &'static str,
}

/// Volume names the local driver accepts: `[a-zA-Z0-9][a-zA-Z0-9_.-]*`.
fn valid_volume_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

fn invalid_name(name: &str) -> String {
    format!(
        "Error response from daemon: create {name}: \"{name}\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path."
    )
}

/// Parses one `-v`/`--volume` value: `/dst`, `/dst:ro`, `src:/dst` or `src:/dst:opts`. A source that
/// starts with `/` is a host path, one that starts with `.` is a host path relative to the working
/// directory (docker CLI 23 and later), anything else names a volume.
fn parse_volume_flag(spec: &str, cwd: &str) -> Result<MountRequest, String> {
    let parts: Vec<&str> = spec.split(':').collect();
    let (source, destination, options) = match parts.as_slice() {
        [dst] => (None, *dst, ""),
        [dst, opts] if is_mode(opts) => (None, *dst, *opts),
        [src, dst] => (Some(*src), *dst, ""),
        [src, dst, opts] => (Some(*src), *dst, *opts),
        _ => return Err(format!("invalid spec: {spec}: too many colons")),
    };
    if source.is_some_and(str::is_empty) || destination.is_empty() {
        return Err(format!("invalid spec: {spec}: empty section between colons"));
    }
    let source = source.map(|src| {
        if src.starts_with('/') {
            MountSource::Bind(crate::fs::normalize("/", src))
        } else if src.starts_with('.') {
            MountSource::Bind(crate::fs::normalize(cwd, src))
        } else {
            MountSource::Volume(src.to_string())
        }
    });
    let kind = if matches!(source, Some(MountSource::Bind(_))) { "bind" } else { "volume" };
    if !destination.starts_with('/') {
        return Err(format!(
            "Error response from daemon: invalid volume specification: '{spec}': invalid mount config for type \"{kind}\": invalid mount path: '{destination}' mount path must be absolute"
        ));
    }
    if let Some(MountSource::Volume(name)) = &source
        && !valid_volume_name(name)
    {
        return Err(invalid_name(name));
    }
    let mode = if matches!(source, Some(MountSource::Volume(_))) { "z" } else { "" };
    Ok(MountRequest {
        read_only: options.split(',').any(|o| o == "ro"),
        source,
        destination: crate::fs::normalize("/", destination),
        must_exist: false,
        mode,
    })
}

fn is_mode(text: &str) -> bool {
    text.split(',').all(|o| matches!(o, "ro" | "rw" | "z" | "Z" | "nocopy" | "private" | "rprivate" | "shared"))
}

/// Parses one `--mount` value: `type=volume|bind,source=…,target=…,readonly`.
fn parse_mount_flag(spec: &str, cwd: &str) -> Result<MountRequest, String> {
    let flag_error = |what: &str| format!("invalid argument \"{spec}\" for \"--mount\" flag: {what}");
    let mut kind = "volume".to_string();
    let mut source = None;
    let mut target = None;
    let mut read_only = false;
    for field in spec.split(',') {
        let (key, val) = field.split_once('=').unwrap_or((field, ""));
        match key.to_ascii_lowercase().as_str() {
            "type" => kind = val.to_string(),
            "source" | "src" => source = Some(val.to_string()),
            "target" | "destination" | "dst" => target = Some(val.to_string()),
            "readonly" | "ro" => read_only = val.is_empty() || val == "true" || val == "1",
            "consistency" | "bind-propagation" | "volume-nocopy" | "volume-driver" | "volume-label" => {}
            _ => return Err(flag_error(&format!("unexpected key '{key}' in '{field}'"))),
        }
    }
    let Some(target) = target.filter(|t| !t.is_empty()) else {
        return Err(flag_error("target is required"));
    };
    let source = match (kind.as_str(), source.filter(|s| !s.is_empty())) {
        ("volume", None) => None,
        ("volume", Some(name)) if valid_volume_name(&name) => Some(MountSource::Volume(name)),
        ("volume", Some(name)) => return Err(invalid_name(&name)),
        ("bind", Some(path)) => Some(MountSource::Bind(crate::fs::normalize(cwd, &path))),
        ("bind", None) => {
            return Err(
                "Error response from daemon: invalid mount config for type \"bind\": field Source must not be empty"
                    .to_string(),
            );
        }
        (other, _) => return Err(flag_error(&format!("invalid value for 'type': {other}"))),
    };
    if !target.starts_with('/') {
        return Err(format!(
            "Error response from daemon: invalid mount config for type \"{kind}\": invalid mount path: '{target}' mount path must be absolute"
        ));
    }
    Ok(MountRequest { source, destination: crate::fs::normalize("/", &target), read_only, must_exist: true, mode: "" })
}

impl Host {
    fn volume_index(&self, name: &str) -> Option<usize> {
        self.volumes.iter().position(|v| v.name == name)
    }

    /// Turns the `-v`/`--mount` flags of `docker run` and the image's VOLUMEs into the container's
    /// mounts, creating the volumes and host directories they need. A volume that is still empty is
    /// first filled with what the image has at the destination (Docker's copy-up; not for binds).
    pub(super) fn prepare_mounts(
        &mut self,
        volume_flags: &[String],
        mount_flags: &[String],
        image_volumes: &[String],
        image_fs: &Fs,
        container: &Digest,
    ) -> Result<Vec<Mount>, String> {
        let mut requests = Vec::new();
        for spec in volume_flags {
            requests.push(parse_volume_flag(spec, &self.cwd)?);
        }
        for spec in mount_flags {
            requests.push(parse_mount_flag(spec, &self.cwd)?);
        }
        for path in image_volumes {
            let destination = crate::fs::normalize("/", path);
            if !requests.iter().any(|r| r.destination == destination) {
                requests.push(MountRequest {
                    source: None,
                    destination,
                    read_only: false,
                    must_exist: false,
                    mode: "",
                });
            }
        }
        if let Some(dup) =
            requests.iter().enumerate().find(|(i, r)| requests[..*i].iter().any(|o| o.destination == r.destination))
        {
            return Err(format!("Error response from daemon: Duplicate mount point: {}", dup.1.destination));
        }
        let mut mounts = Vec::new();
        for request in requests {
            let source = match request.source {
                Some(MountSource::Bind(path)) => {
                    if !self.fs.exists(&path) {
                        if request.must_exist {
                            return Err(format!(
                                "Error response from daemon: invalid mount config for type \"bind\": bind source path does not exist: {path}"
                            ));
                        }
                        // `-v` creates a missing host directory, owned by root.
                        let _ = self.fs.mkdir_all(&path, 0o755, 0, 0);
                    }
                    MountSource::Bind(path)
                }
                Some(MountSource::Volume(name)) => {
                    if self.volume_index(&name).is_none() {
                        self.volumes.push(Volume::new(name.clone(), false, self.now));
                    }
                    MountSource::Volume(name)
                }
                None => {
                    let name = Digest::of(format!("volume {} {}", container.hex(), request.destination).as_bytes())
                        .hex()
                        .to_string();
                    self.volumes.push(Volume::new(name.clone(), true, self.now));
                    MountSource::Volume(name)
                }
            };
            if let MountSource::Volume(name) = &source
                && let Some(i) = self.volume_index(name)
                && self.volumes[i].is_empty()
                && image_fs.stat(&request.destination).is_some_and(|e| e.is_dir())
            {
                copy_tree(image_fs, &request.destination, &mut self.volumes[i].files, "/");
            }
            mounts.push(Mount {
                source,
                destination: request.destination,
                read_only: request.read_only,
                mode: request.mode,
            });
        }
        mounts.sort_by_key(|m| m.destination.len());
        Ok(mounts)
    }

    /// Copies every mount's current files into a container's filesystem, before one of its processes.
    pub(super) fn mount_in(&self, fs: &mut Fs, mounts: &[Mount]) {
        for mount in mounts {
            match &mount.source {
                MountSource::Volume(name) => {
                    if let Some(v) = self.volumes.iter().find(|v| v.name == *name) {
                        copy_tree(&v.files, "/", fs, &mount.destination);
                    }
                }
                MountSource::Bind(path) => copy_tree(&self.fs, path, fs, &mount.destination),
            }
        }
    }

    /// Copies what a container's process left at each writable mount back to its volume or host path.
    pub(super) fn mount_out(&mut self, fs: &Fs, mounts: &[Mount]) {
        for mount in mounts.iter().filter(|m| !m.read_only) {
            match &mount.source {
                MountSource::Volume(name) => {
                    if let Some(i) = self.volume_index(name) {
                        let mut files = Fs::new(Vec::new());
                        copy_tree(fs, &mount.destination, &mut files, "/");
                        self.volumes[i].files = files;
                    }
                }
                MountSource::Bind(path) => copy_tree(fs, &mount.destination, &mut self.fs, path),
            }
        }
    }

    /// Removes the anonymous volumes of containers that are gone (`--rm`, `docker rm -v`).
    pub(super) fn remove_anonymous_volumes(&mut self, mounts: &[Mount]) {
        for mount in mounts {
            if let MountSource::Volume(name) = &mount.source {
                let in_use = self.containers.iter().any(|c| c.mounts.iter().any(|m| m.source == mount.source));
                if !in_use {
                    self.volumes.retain(|v| !(v.anonymous && v.name == *name));
                }
            }
        }
    }

    /// The `Mounts` array of `docker inspect` for a container.
    pub(super) fn mounts_json(&self, mounts: &[Mount]) -> Value {
        mounts
            .iter()
            .map(|m| match &m.source {
                MountSource::Volume(name) => json!({
                    "Type": "volume",
                    "Name": name,
                    "Source": format!("/var/lib/docker/volumes/{name}/_data"),
                    "Destination": m.destination,
                    "Driver": "local",
                    "Mode": m.mode,
                    "RW": !m.read_only,
                    "Propagation": "",
                }),
                MountSource::Bind(path) => json!({
                    "Type": "bind",
                    "Source": path,
                    "Destination": m.destination,
                    "Mode": m.mode,
                    "RW": !m.read_only,
                    "Propagation": "rprivate",
                }),
            })
            .collect()
    }

    fn volume_json(&self, v: &Volume) -> Value {
        let (labels, options) = if v.created_by_cli {
            (json!({}), json!({}))
        } else if v.anonymous {
            (json!({"com.docker.volume.anonymous": ""}), Value::Null)
        } else {
            (Value::Null, Value::Null)
        };
        json!({
            "CreatedAt": v.created.rfc3339(),
            "Driver": "local",
            "Labels": labels,
            "Mountpoint": v.mountpoint(),
            "Name": v.name,
            "Options": options,
            "Scope": "local",
        })
    }

    pub(super) fn volume_users(&self, name: &str) -> Vec<String> {
        self.containers
            .iter()
            .filter(|c| c.mounts.iter().any(|m| m.source == MountSource::Volume(name.to_string())))
            .map(|c| c.id.hex().to_string())
            .collect()
    }

    /// `docker volume SUBCOMMAND …`, for one of [`SUBCOMMANDS`].
    pub(super) fn volume(&mut self, words: &[String]) -> CommandResult {
        let rest = words.get(1..).unwrap_or_default();
        match words.first().map(String::as_str) {
            Some("create") => self.volume_create(rest),
            Some("ls" | "list") => self.volume_ls(rest),
            Some("inspect") => self.volume_inspect(rest),
            Some("rm" | "remove") => self.volume_rm(rest),
            _ => self.volume_prune(rest),
        }
    }

    fn volume_create(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [value("driver", Some('d')), value("label", None), value("opt", Some('o')), value("name", None)];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, true, "volume create") else { return r };
        if parsed.args.len() > 1 {
            arg_error(&mut r, "volume create", "at most 1 argument");
            return r;
        }
        let name = match (parsed.args.first(), parsed.get("name")) {
            (Some(a), Some(n)) if a != n => {
                r.err("conflicting options: either specify --name or provide positional arg, not both");
                r.exit = 1;
                return r;
            }
            (Some(a), _) => a.clone(),
            (None, Some(n)) => n.to_string(),
            (None, None) => {
                Digest::of(format!("volume create {} {}", self.now.0, self.volumes.len()).as_bytes()).hex().to_string()
            }
        };
        if !valid_volume_name(&name) {
            r.err(invalid_name(&name));
            r.exit = 1;
            return r;
        }
        if self.volume_index(&name).is_none() {
            let mut volume = Volume::new(name.clone(), false, self.now);
            volume.created_by_cli = true;
            self.volumes.push(volume);
        }
        r.out(name);
        r
    }

    fn sorted_volumes(&self) -> Vec<&Volume> {
        let mut list: Vec<&Volume> = self.volumes.iter().collect();
        list.sort_by(|a, b| a.name.cmp(&b.name));
        list
    }

    fn volume_ls(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [switch("quiet", Some('q')), value("filter", Some('f')), value("format", None)];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, true, "volume ls") else { return r };
        let mut dangling = None;
        let mut name_filter = Vec::new();
        for filter in parsed.all("filter") {
            match filter.split_once('=') {
                Some(("dangling", v)) => dangling = Some(matches!(v, "true" | "1")),
                Some(("name", v)) => name_filter.push(v.to_string()),
                _ => {
                    let key = filter.split_once('=').map_or(filter.as_str(), |(k, _)| k);
                    r.err(format!("Error response from daemon: invalid filter '{key}'"));
                    r.exit = 1;
                    return r;
                }
            }
        }
        let rows: Vec<Value> = self
            .sorted_volumes()
            .into_iter()
            .filter(|v| dangling.is_none_or(|d| d == self.volume_users(&v.name).is_empty()))
            .filter(|v| name_filter.is_empty() || name_filter.iter().any(|n| v.name.contains(n.as_str())))
            .map(|v| json!({"Driver": "local", "Name": v.name, "Mountpoint": v.mountpoint(), "Scope": "local"}))
            .collect();
        let headers = [("Driver", "DRIVER"), ("Name", "VOLUME NAME"), ("Mountpoint", "MOUNTPOINT"), ("Scope", "SCOPE")];
        if super::images::print_quiet_or_format(&mut r, &parsed, &rows, "Name", &headers) {
            return r;
        }
        let mut cells = vec![vec!["DRIVER".to_string(), "VOLUME NAME".to_string()]];
        for row in &rows {
            cells.push(vec!["local".to_string(), row["Name"].as_str().unwrap_or_default().to_string()]);
        }
        r.out_block(&table(&cells));
        r
    }

    fn volume_inspect(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [value("format", Some('f'))];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, true, "volume inspect") else { return r };
        if parsed.args.is_empty() {
            arg_error(&mut r, "volume inspect", "at least 1 argument");
            return r;
        }
        let mut found = Vec::new();
        let mut missing = Vec::new();
        for name in &parsed.args {
            match self.volumes.iter().find(|v| v.name == *name) {
                Some(v) => found.push(self.volume_json(v)),
                None => missing.push(name),
            }
        }
        super::images::print_inspect(&mut r, &found, parsed.get("format"));
        for name in missing {
            r.err(format!("Error response from daemon: get {name}: no such volume"));
            r.exit = 1;
        }
        r
    }

    fn volume_rm(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [switch("force", Some('f'))];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, true, "volume rm") else { return r };
        if parsed.args.is_empty() {
            arg_error(&mut r, "volume rm", "at least 1 argument");
            return r;
        }
        for name in &parsed.args {
            let Some(i) = self.volume_index(name) else {
                if !parsed.on("force") {
                    r.err(format!("Error response from daemon: get {name}: no such volume"));
                    r.exit = 1;
                }
                continue;
            };
            let users = self.volume_users(name);
            if !users.is_empty() {
                r.err(format!("Error response from daemon: remove {name}: volume is in use - [{}]", users.join(", ")));
                r.exit = 1;
                continue;
            }
            self.volumes.remove(i);
            r.out(name.clone());
        }
        r
    }

    fn volume_prune(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [switch("force", Some('f')), switch("all", Some('a')), value("filter", None)];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, true, "volume prune") else { return r };
        let deleted = self.prune_volumes(parsed.on("all"));
        prune_report(&mut r, "Deleted Volumes:", deleted);
        r
    }

    /// Removes the volumes no container uses: only anonymous ones unless `all` (API 1.42 and later).
    pub(super) fn prune_volumes(&mut self, all: bool) -> Vec<String> {
        let names: Vec<String> = self
            .sorted_volumes()
            .into_iter()
            .filter(|v| all || v.anonymous)
            .filter(|v| self.volume_users(&v.name).is_empty())
            .map(|v| v.name.clone())
            .collect();
        self.volumes.retain(|v| !names.contains(&v.name));
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volume_flags_parse_like_the_docker_cli() {
        let req = parse_volume_flag("data:/data", "/home/learner/app").unwrap();
        assert_eq!(req.source, Some(MountSource::Volume("data".into())));
        assert_eq!(req.mode, "z");
        let req = parse_volume_flag("./src:/app:ro", "/home/learner/app").unwrap();
        assert_eq!(req.source, Some(MountSource::Bind("/home/learner/app/src".into())));
        assert!(req.read_only);
        let req = parse_volume_flag("/var/lib/data", "/").unwrap();
        assert_eq!(req.source, None);
        assert!(parse_volume_flag("data:app", "/").unwrap_err().contains("mount path must be absolute"));
        assert!(parse_volume_flag("$(pwd):/app", "/").unwrap_err().contains("includes invalid characters"));
    }

    #[test]
    fn mount_flags_need_a_target() {
        assert!(parse_mount_flag("type=volume,src=data", "/").unwrap_err().contains("target is required"));
        let req = parse_mount_flag("type=bind,source=.,target=/app,readonly", "/home/learner/app").unwrap();
        assert_eq!(req.source, Some(MountSource::Bind("/home/learner/app".into())));
        assert!(req.read_only && req.must_exist);
    }
}
