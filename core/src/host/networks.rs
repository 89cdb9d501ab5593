//! Networks: `docker network ls|create|rm|inspect|connect|disconnect`, and what a container can reach.
//!
//! The daemon starts with `bridge`, `host` and `none`. Containers on a user-defined network reach
//! each other by name (Docker's embedded DNS); on the default `bridge` names do not resolve, which is
//! why tutorials create a network. `--network none` has no network at all, and `--network host`
//! shares the host's, so its servers answer on the host's `localhost` without `-p`.

use serde_json::{Value, json};

use super::args::{switch, value};
use super::images::{arg_error, parse_or_report, print_inspect};
use super::{CommandResult, Host};
use crate::digest::Digest;
use crate::format::{Timestamp, table};
use crate::sh::http::Site;

/// A network.
#[derive(Debug, Clone)]
pub struct Network {
    /// Its name.
    pub name: String,
    /// Its 64-hex ID.
    pub id: Digest,
    /// `bridge`, `host` or `null`.
    pub driver: &'static str,
    /// When it was created.
    pub created: Timestamp,
    /// Which `172.N.0.0/16` subnet it has (17 for the default bridge).
    pub subnet: u8,
}

/// The networks every daemon starts with.
pub(super) fn builtin_networks(now: Timestamp) -> Vec<Network> {
    [("bridge", "bridge"), ("host", "host"), ("none", "null")]
        .into_iter()
        .map(|(name, driver)| Network {
            name: name.to_string(),
            id: Digest::of(format!("network {name}").as_bytes()),
            driver,
            created: now,
            subnet: 17,
        })
        .collect()
}

/// Whether a network is one of the three the daemon makes itself.
pub(super) fn predefined(name: &str) -> bool {
    matches!(name, "bridge" | "host" | "none")
}

impl Host {
    fn network_index(&self, name: &str) -> Option<usize> {
        self.networks.iter().position(|n| n.name == name).or_else(|| {
            let matches: Vec<usize> = (0..self.networks.len())
                .filter(|i| crate::digest::matches_id_prefix(&self.networks[*i].id, name))
                .collect();
            (matches.len() == 1).then(|| matches[0])
        })
    }

    /// Checks a `--network` value for `docker run`; the error is the daemon's.
    pub(super) fn check_network(&self, name: &str) -> Result<String, String> {
        match self.network_index(name) {
            Some(i) => Ok(self.networks[i].name.clone()),
            None => Err(format!("Error response from daemon: network {name} not found")),
        }
    }

    /// The address and gateway of a running container on `network`: each bridge network hands out
    /// `172.N.0.2`, `.3`, … to its running containers in the order they were created, so the address
    /// follows the running containers there before `me` (all of them for a container starting now,
    /// `me` being `None`). The host and none networks give none.
    pub(super) fn bridge_address(&self, network: &str, me: Option<&Digest>) -> Option<(String, String)> {
        let net = self.networks.iter().find(|n| n.name == network && n.driver == "bridge")?;
        let earlier = self
            .containers
            .iter()
            .take_while(|c| Some(&c.id) != me)
            .filter(|c| c.is_running(self.now) && c.networks.iter().any(|n| n == network))
            .count();
        Some((format!("172.{}.0.{}", net.subnet, earlier + 2), format!("172.{}.0.1", net.subnet)))
    }

    /// The servers a process of container `me`, attached to `networks`, reaches by name: the other
    /// running containers on a user-defined network it shares with them, each under its name and
    /// short ID.
    pub(super) fn peer_sites(&self, me: &Digest, networks: &[String]) -> Vec<Site> {
        let shared: Vec<&String> = networks.iter().filter(|n| !predefined(n)).collect();
        let mut sites = Vec::new();
        for c in &self.containers {
            if c.id == *me || !c.is_running(self.now) || !c.networks.iter().any(|n| shared.contains(&n)) {
                continue;
            }
            let Some(listener) = c.listener.clone() else { continue };
            let Some(port) = listener.port else { continue };
            sites.push(Site {
                port,
                names: vec![c.name.clone(), c.id.short()],
                reachable: !listener.loopback,
                listener,
                fs: c.fs.clone(),
            });
        }
        sites
    }

    /// The containers Docker's embedded DNS resolves for container `me` on `networks`: every running
    /// container on a user-defined network they share, `me` included, by name and short ID, at its
    /// address there. The default bridge has no such DNS.
    pub(super) fn peer_addresses(&self, me: &Digest, networks: &[String]) -> Vec<crate::sh::Peer> {
        let mut peers = Vec::new();
        for network in networks.iter().filter(|n| !predefined(n)) {
            for c in &self.containers {
                if !(c.id == *me || c.is_running(self.now)) || !c.networks.contains(network) {
                    continue;
                }
                if let Some((address, _)) = self.bridge_address(network, Some(&c.id)) {
                    peers.push(crate::sh::Peer { names: vec![c.name.clone(), c.id.short()], address });
                }
            }
        }
        peers
    }

    fn network_users(&self, name: &str) -> Vec<usize> {
        (0..self.containers.len())
            .filter(|i| {
                self.containers[*i].networks.iter().any(|n| n == name) && self.containers[*i].is_running(self.now)
            })
            .collect()
    }

    /// `docker network SUBCOMMAND …`, for one of [`SUBCOMMANDS`].
    pub(super) fn network(&mut self, words: &[String]) -> CommandResult {
        let rest = words.get(1..).unwrap_or_default();
        match words.first().map(String::as_str) {
            Some("create") => self.network_create(rest),
            Some("ls" | "list") => self.network_ls(rest),
            Some("inspect") => self.network_inspect(rest),
            Some("rm" | "remove") => self.network_rm(rest),
            Some("connect") => self.network_connect(rest, true),
            Some("disconnect") => self.network_connect(rest, false),
            _ => self.network_prune(rest),
        }
    }

    fn network_create(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs =
            [value("driver", Some('d')), value("subnet", None), value("label", None), switch("attachable", None)];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, true, "network create") else { return r };
        let [name] = parsed.args.as_slice() else {
            arg_error(&mut r, "network create", "1 argument");
            return r;
        };
        if self.networks.iter().any(|n| n.name == *name) {
            r.err(format!("Error response from daemon: network with name {name} already exists"));
            r.exit = 1;
            return r;
        }
        let driver = parsed.get("driver").unwrap_or("bridge");
        if driver != "bridge" {
            r.err(format!("Error response from daemon: plugin \"{driver}\" not found"));
            r.exit = 1;
            return r;
        }
        let subnet = self.networks.iter().map(|n| n.subnet).max().unwrap_or(17).saturating_add(1);
        let id = Digest::of(format!("network {name} {} {}", self.now.0, self.networks.len()).as_bytes());
        self.networks.push(Network { name: name.clone(), id, driver: "bridge", created: self.now, subnet });
        r.out(id.hex());
        r
    }

    fn network_ls(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs =
            [switch("quiet", Some('q')), value("filter", Some('f')), value("format", None), switch("no-trunc", None)];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, true, "network ls") else { return r };
        let trunc = !parsed.on("no-trunc");
        let mut list: Vec<&super::networks::Network> = self.networks.iter().collect();
        list.sort_by(|a, b| a.name.cmp(&b.name));
        let rows: Vec<Value> = list
            .iter()
            .map(|n| {
                json!({
                    "ID": if trunc { n.id.short() } else { n.id.hex().to_string() },
                    "Name": n.name,
                    "Driver": n.driver,
                    "Scope": "local",
                })
            })
            .collect();
        let headers = [("ID", "NETWORK ID"), ("Name", "NAME"), ("Driver", "DRIVER"), ("Scope", "SCOPE")];
        if super::images::print_quiet_or_format(&mut r, &parsed, &rows, "ID", &headers) {
            return r;
        }
        let mut cells = vec![["NETWORK ID", "NAME", "DRIVER", "SCOPE"].map(str::to_string).to_vec()];
        for row in &rows {
            cells.push(
                ["ID", "Name", "Driver", "Scope"].map(|k| row[k].as_str().unwrap_or_default().to_string()).to_vec(),
            );
        }
        r.out_block(&table(&cells));
        r
    }

    fn network_json(&self, n: &Network) -> Value {
        let mut containers = serde_json::Map::new();
        for i in self.network_users(&n.name) {
            let c = &self.containers[i];
            containers.insert(c.id.hex().to_string(), json!({"Name": c.name}));
        }
        let ipam = if n.driver == "bridge" {
            json!([{"Subnet": format!("172.{}.0.0/16", n.subnet), "Gateway": format!("172.{}.0.1", n.subnet)}])
        } else {
            json!([])
        };
        json!({
            "Name": n.name,
            "Id": n.id.hex(),
            "Created": n.created.rfc3339_nano(),
            "Scope": "local",
            "Driver": n.driver,
            "EnableIPv6": false,
            "IPAM": {"Driver": "default", "Options": null, "Config": ipam},
            "Internal": false,
            "Attachable": false,
            "Containers": containers,
            "Options": {},
            "Labels": {},
        })
    }

    fn network_inspect(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [value("format", Some('f')), switch("verbose", Some('v'))];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, true, "network inspect") else { return r };
        if parsed.args.is_empty() {
            arg_error(&mut r, "network inspect", "at least 1 argument");
            return r;
        }
        let mut found = Vec::new();
        let mut missing = Vec::new();
        for name in &parsed.args {
            match self.network_index(name) {
                Some(i) => found.push(self.network_json(&self.networks[i])),
                None => missing.push(name),
            }
        }
        print_inspect(&mut r, &found, parsed.get("format"));
        for name in missing {
            r.err(format!("Error response from daemon: network {name} not found"));
            r.exit = 1;
        }
        r
    }

    fn network_rm(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [switch("force", Some('f'))];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, true, "network rm") else { return r };
        if parsed.args.is_empty() {
            arg_error(&mut r, "network rm", "at least 1 argument");
            return r;
        }
        for name in &parsed.args {
            let Some(i) = self.network_index(name) else {
                if !parsed.on("force") {
                    r.err(format!("Error response from daemon: network {name} not found"));
                    r.exit = 1;
                }
                continue;
            };
            let network = self.networks[i].clone();
            if predefined(&network.name) {
                r.err(format!(
                    "Error response from daemon: {} is a pre-defined network and cannot be removed",
                    network.name
                ));
                r.exit = 1;
                continue;
            }
            if !self.network_users(&network.name).is_empty() {
                r.err(format!(
                    "Error response from daemon: error while removing network: network {} has active endpoints (name:\"{}\" id:\"{}\")",
                    network.name,
                    network.name,
                    network.id.short()
                ));
                r.exit = 1;
                continue;
            }
            self.networks.remove(i);
            r.out(name.clone());
        }
        r
    }

    fn network_connect(&mut self, words: &[String], connect: bool) -> CommandResult {
        let mut r = CommandResult::default();
        let command = if connect { "network connect" } else { "network disconnect" };
        let specs = [value("alias", None), switch("force", Some('f'))];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, true, command) else { return r };
        let [network, container] = parsed.args.as_slice() else {
            arg_error(&mut r, command, "2 arguments");
            return r;
        };
        let Some(n) = self.network_index(network) else {
            r.err(format!("Error response from daemon: network {network} not found"));
            r.exit = 1;
            return r;
        };
        let Some(i) = self.container_index(container) else {
            r.err(format!("Error response from daemon: No such container: {container}"));
            r.exit = 1;
            return r;
        };
        let name = self.networks[n].name.clone();
        let c = &mut self.containers[i];
        let attached = c.networks.contains(&name);
        match (connect, attached) {
            (true, true) => {
                r.err(format!(
                    "Error response from daemon: endpoint with name {} already exists in network {name}",
                    c.name
                ));
                r.exit = 1;
            }
            (true, false) => c.networks.push(name),
            (false, true) => c.networks.retain(|x| *x != name),
            (false, false) => {
                r.err(format!(
                    "Error response from daemon: container {} is not connected to network {name}",
                    c.id.hex()
                ));
                r.exit = 1;
            }
        }
        r
    }

    fn network_prune(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [switch("force", Some('f')), value("filter", None)];
        let Some(_) = parse_or_report(&mut r, words, &specs, true, "network prune") else { return r };
        let unused: Vec<String> = self
            .networks
            .iter()
            .filter(|n| !predefined(&n.name))
            .filter(|n| !self.containers.iter().any(|c| c.networks.contains(&n.name)))
            .map(|n| n.name.clone())
            .collect();
        self.networks.retain(|n| !unused.contains(&n.name));
        if !unused.is_empty() {
            r.out("Deleted Networks:");
            for name in unused {
                r.out(name);
            }
        }
        r
    }
}

/// The subcommands of `docker network` the simulator has.
pub(super) const SUBCOMMANDS: &[&str] =
    &["create", "ls", "list", "inspect", "rm", "remove", "connect", "disconnect", "prune"];

/// The files the daemon mounts over a container's `/etc` (moby `libnetwork/etchosts`): they are not
/// part of its writable layer, so `docker diff` and `docker commit` leave them out.
pub(super) const ETC_MOUNTS: [&str; 3] = ["/etc/hostname", "/etc/hosts", "/etc/resolv.conf"];

/// The upstream DNS server of the simulated host (its `/etc/resolv.conf`).
const HOST_NAMESERVER: &str = "192.168.1.1";

/// A container's `/etc/resolv.conf`, which Docker generates from the host's: on a user-defined
/// network the embedded DNS server (127.0.0.11) that resolves container names, forwarding to the
/// host's; on the default bridge (and `none`) the host's servers themselves; on the host network the
/// host's file as it is.
pub(super) fn resolv_conf(network: &str) -> String {
    const HEADER: &str = "# Generated by Docker Engine.\n# This file can be edited; Docker Engine will not make further changes once it\n# has been modified.\n\n";
    match network {
        "host" => format!("nameserver {HOST_NAMESERVER}\n"),
        "bridge" | "none" => format!(
            "{HEADER}nameserver {HOST_NAMESERVER}\n\n# Based on host file: '/etc/resolv.conf' (legacy)\n# Overrides: []\n"
        ),
        _ => format!(
            "{HEADER}nameserver 127.0.0.11\noptions ndots:0\n\n# Based on host file: '/etc/resolv.conf' (internal resolver)\n# ExtServers: [{HOST_NAMESERVER}]\n# Overrides: []\n# Option ndots from: internal\n"
        ),
    }
}

/// A container's `/etc/hosts`: localhost and the IPv6 names, the `--add-host` entries, then its own
/// address under its hostname (when it has an address).
pub(super) fn etc_hosts(address: Option<&str>, hostname: &str, extra: &[(String, String)]) -> String {
    let mut text = String::from(
        "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::\tip6-localnet\n\
         ff00::\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n",
    );
    for (host, ip) in extra {
        text.push_str(&format!("{ip}\t{host}\n"));
    }
    if let Some(address) = address {
        text.push_str(&format!("{address}\t{hostname}\n"));
    }
    text
}
