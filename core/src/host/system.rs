//! The `docker system` commands that report on the daemon: `docker system df` (disk usage),
//! `docker version` and `docker info` (docker/cli `cli/command/system`). Their numbers are computed
//! from the simulated host: its images, containers, volumes and build cache.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::args::{switch, value};
use super::images::{format_rows, parse_or_report, print_inspect};
use super::{CommandResult, Host};
use crate::digest::Digest;
use crate::image::Image;

/// The Docker release the simulator follows.
pub(super) const VERSION: &str = "28.5.2";
/// Its API version.
const API_VERSION: &str = "1.51";
/// The Go release it was built with.
const GO_VERSION: &str = "go1.24.9";

impl Host {
    /// `docker system df [--format F]`: images, containers, local volumes and the build cache, each
    /// with its count, how many are in use, its size and what a prune would reclaim (docker/cli
    /// `cli/command/formatter/disk_usage.go`). Image sizes count each layer once; an image is active
    /// when a container (in any state) uses it, and what active images use alone is not reclaimable.
    /// Sizes print with four significant digits (`units.HumanSize`).
    pub(super) fn system_df(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [switch("verbose", Some('v')), value("format", None)];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, false, "system df") else { return r };
        let size = |bytes: u64| crate::format::human_size_precision(bytes as f64, 4);
        // A share only when there is a total to share.
        let with_share = |reclaimable: u64, total: u64| match (reclaimable * 100).checked_div(total) {
            Some(percent) => format!("{} ({percent}%)", size(reclaimable)),
            None => size(reclaimable),
        };
        // Images: every layer once, and how many images hold each.
        let mut layers: BTreeMap<[u8; 32], (u64, usize)> = BTreeMap::new();
        for image in self.store.images.values() {
            let mut own = BTreeSet::new();
            for layer in &image.layers {
                if own.insert(layer.diff_id()) {
                    let entry = layers.entry(layer.diff_id()).or_insert((layer.size(), 0));
                    entry.1 += 1;
                }
            }
        }
        let images_size: u64 = layers.values().map(|(bytes, _)| bytes).sum();
        let used_ids: BTreeSet<Digest> = self.containers.iter().map(|c| c.image_id).collect();
        let active: Vec<&Image> = self.store.images.values().filter(|i| used_ids.contains(&i.id)).collect();
        let used: u64 = active
            .iter()
            .flat_map(|i| i.layers.iter().map(|l| l.diff_id()).collect::<BTreeSet<_>>())
            .filter_map(|id| layers.get(&id).filter(|(_, holders)| *holders == 1).map(|(bytes, _)| bytes))
            .sum();
        // Containers: their writable layers; a running one's is in use.
        let mut containers_size = 0;
        let mut containers_free = 0;
        let mut running = 0;
        for i in 0..self.containers.len() {
            let bytes = self.container_layer(i).size();
            containers_size += bytes;
            if self.containers[i].is_running(self.now) {
                running += 1;
            } else {
                containers_free += bytes;
            }
        }
        // Volumes: a volume some container mounts is in use.
        let mut volumes_size = 0;
        let mut volumes_free = 0;
        let mut volumes_active = 0;
        for volume in &self.volumes {
            let bytes = volume.files.upper().size();
            volumes_size += bytes;
            if self.volume_users(&volume.name).is_empty() {
                volumes_free += bytes;
            } else {
                volumes_active += 1;
            }
        }
        let records: Vec<u64> =
            self.world.cache.records().filter_map(|rec| rec.layer.as_ref().map(|l| l.size())).collect();
        let cache_size: u64 = records.iter().sum();
        let rows = [
            (
                "Images",
                self.store.images.len(),
                active.len(),
                images_size,
                with_share(images_size - used.min(images_size), images_size),
            ),
            (
                "Containers",
                self.containers.len(),
                running,
                containers_size,
                with_share(containers_free, containers_size),
            ),
            ("Local Volumes", self.volumes.len(), volumes_active, volumes_size, with_share(volumes_free, volumes_size)),
            ("Build Cache", records.len(), 0, cache_size, size(cache_size)),
        ];
        let rows: Vec<Value> = rows
            .into_iter()
            .map(|(kind, total, active, bytes, reclaimable)| {
                json!({"Type": kind, "TotalCount": total.to_string(), "Active": active.to_string(), "Size": size(bytes), "Reclaimable": reclaimable})
            })
            .collect();
        let format = parsed
            .get("format")
            .unwrap_or("table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}");
        let headers = [
            ("Type", "TYPE"),
            ("TotalCount", "TOTAL"),
            ("Active", "ACTIVE"),
            ("Size", "SIZE"),
            ("Reclaimable", "RECLAIMABLE"),
        ];
        format_rows(&mut r, format, &rows, &headers);
        r
    }

    /// `docker version [--format F]`: the client's and the daemon's versions.
    pub(super) fn version(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [value("format", Some('f'))];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, false, "version") else { return r };
        let data = json!({
            "Client": {
                "Platform": {"Name": "Docker Engine - Community"},
                "Version": VERSION, "ApiVersion": API_VERSION, "DefaultAPIVersion": API_VERSION,
                "GitCommit": "ecc6942", "GoVersion": GO_VERSION, "Os": "linux", "Arch": "amd64",
                "BuildTime": "Wed Nov  5 14:43:30 2025", "Context": "default",
            },
            "Server": {
                "Platform": {"Name": "Docker Engine - Community"},
                "Version": VERSION, "ApiVersion": API_VERSION, "MinAPIVersion": "1.24",
                "GitCommit": "89c5e8f", "GoVersion": GO_VERSION, "Os": "linux", "Arch": "amd64",
                "KernelVersion": "6.8.0-87-generic", "BuildTime": "2025-11-05T14:43:30.000000000+00:00",
            },
        });
        if let Some(format) = parsed.get("format") {
            print_inspect(&mut r, &[data], Some(format));
            return r;
        }
        for line in [
            "Client: Docker Engine - Community".to_string(),
            format!(" Version:           {VERSION}"),
            format!(" API version:       {API_VERSION}"),
            format!(" Go version:        {GO_VERSION}"),
            " Git commit:        ecc6942".to_string(),
            " Built:             Wed Nov  5 14:43:30 2025".to_string(),
            " OS/Arch:           linux/amd64".to_string(),
            " Context:           default".to_string(),
            String::new(),
            "Server: Docker Engine - Community".to_string(),
            " Engine:".to_string(),
            format!("  Version:          {VERSION}"),
            format!("  API version:      {API_VERSION} (minimum version 1.24)"),
            format!("  Go version:       {GO_VERSION}"),
            "  Git commit:       89c5e8f".to_string(),
            "  Built:            Wed Nov  5 14:43:30 2025".to_string(),
            "  OS/Arch:          linux/amd64".to_string(),
            "  Experimental:     false".to_string(),
            " containerd:".to_string(),
            "  Version:          v1.7.28".to_string(),
            "  GitCommit:        b98a3aace656320842a23f4a392a33f46af97866".to_string(),
            " runc:".to_string(),
            "  Version:          1.3.0".to_string(),
            "  GitCommit:        v1.3.0-0-g4ca628d1".to_string(),
            " docker-init:".to_string(),
            "  Version:          0.19.0".to_string(),
            "  GitCommit:        de40ad0".to_string(),
        ] {
            r.out(line);
        }
        r
    }

    /// `docker info [--format F]`: the daemon's counts (containers by state, images), its version
    /// and its drivers. The simulated daemon has the defaults of a fresh Docker Engine on Linux.
    pub(super) fn info(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [value("format", Some('f'))];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, false, "info") else { return r };
        let total = self.containers.len();
        let running = self.containers.iter().filter(|c| c.is_running(self.now)).count();
        let data = json!({
            "Containers": total, "ContainersRunning": running, "ContainersPaused": 0,
            "ContainersStopped": total - running, "Images": self.store.images.len(),
            "Driver": "overlay2", "LoggingDriver": "json-file", "CgroupDriver": "systemd", "CgroupVersion": "2",
            "KernelVersion": "6.8.0-87-generic", "OperatingSystem": "Ubuntu 24.04.3 LTS", "OSType": "linux",
            "Architecture": "x86_64", "NCPU": 2, "MemTotal": 4_102_520_832u64, "Name": "layerlab",
            "ServerVersion": VERSION, "DockerRootDir": "/var/lib/docker", "DefaultRuntime": "runc",
            "IndexServerAddress": "https://index.docker.io/v1/", "Debug": false, "ExperimentalBuild": false,
        });
        if let Some(format) = parsed.get("format") {
            print_inspect(&mut r, &[data], Some(format));
            return r;
        }
        let lines = [
            "Client: Docker Engine - Community".to_string(),
            format!(" Version:    {VERSION}"),
            " Context:    default".to_string(),
            " Debug Mode: false".to_string(),
            String::new(),
            "Server:".to_string(),
            format!(" Containers: {total}"),
            format!("  Running: {running}"),
            "  Paused: 0".to_string(),
            format!("  Stopped: {}", total - running),
            format!(" Images: {}", self.store.images.len()),
            format!(" Server Version: {VERSION}"),
            " Storage Driver: overlay2".to_string(),
            "  Backing Filesystem: extfs".to_string(),
            " Logging Driver: json-file".to_string(),
            " Cgroup Driver: systemd".to_string(),
            " Cgroup Version: 2".to_string(),
            " Default Runtime: runc".to_string(),
            " Kernel Version: 6.8.0-87-generic".to_string(),
            " Operating System: Ubuntu 24.04.3 LTS".to_string(),
            " OSType: linux".to_string(),
            " Architecture: x86_64".to_string(),
            " CPUs: 2".to_string(),
            " Total Memory: 3.821GiB".to_string(),
            " Name: layerlab".to_string(),
            " Docker Root Dir: /var/lib/docker".to_string(),
            " Debug Mode: false".to_string(),
            " Experimental: false".to_string(),
            " Insecure Registries:".to_string(),
            "  ::1/128".to_string(),
            "  127.0.0.0/8".to_string(),
            " Live Restore Enabled: false".to_string(),
        ];
        for line in lines {
            r.out(line);
        }
        r
    }
}
