//! Containers: `docker run` (S-EP, S-RUN), `docker ps`, `docker logs`, `docker stop` with PID 1 signal
//! semantics (S-EP-7), `docker kill` and `docker rm`.
//!
//! A container's process runs to completion on the simulated clock when it starts; its state at any
//! later time follows from the host clock (`Up` until the process's simulated end, then `Exited`).

use serde_json::{Value, json};

use super::args::{switch, value};
use super::images::arg_error;
use super::images::{parse_operands, parse_or_report};
use super::{CommandResult, Host, Line};
use crate::digest::Digest;
use crate::format::{Timestamp, ellipsis, human_duration, table, time_ago};
use crate::fs::Fs;
use crate::run::{EnvEntry, parse_env_file, parse_env_flag, resolve};
use crate::sh::{ExitStatus, ProcessSpec, StartError};

/// Where a container is in its life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContainerState {
    /// Created but the process could not start.
    Created,
    /// Running until `until` (None = forever, a server).
    Running {
        /// When the process ends by itself.
        until: Option<Timestamp>,
        /// Its exit code then.
        exit: i32,
    },
    /// Exited with a code at a time.
    Exited {
        /// The exit code.
        code: i32,
        /// When.
        at: Timestamp,
    },
}

/// A container.
#[derive(Debug, Clone)]
pub struct Container {
    /// The 64-hex ID.
    pub id: Digest,
    /// The name (`--name` or a generated one).
    pub name: String,
    /// The image as the learner typed it.
    pub image: String,
    /// The image's ID.
    pub image_id: Digest,
    /// The argv of PID 1.
    pub argv: Vec<String>,
    /// How many leading words of `argv` are the entrypoint (the image's or `--entrypoint`); the rest
    /// is the command (`Config.Entrypoint` and `Config.Cmd` of `docker inspect`).
    pub entrypoint_len: usize,
    /// When it was created.
    pub created: Timestamp,
    /// When it started.
    pub started: Timestamp,
    /// Its state (read through [`Container::state_at`]).
    pub state: ContainerState,
    /// Everything it printed.
    pub output: Vec<Line>,
    /// When it printed each line of `output` (what `docker logs -t`, `--since` and `--until` read).
    pub output_at: Vec<Timestamp>,
    /// Published ports (`0.0.0.0:5000->5000/tcp`).
    pub ports: Vec<String>,
    /// Its filesystem (image layers + its own writable layer).
    pub fs: Fs,
    /// The stop signal from the image config.
    pub stop_signal: String,
    /// Remove when it exits (`--rm`).
    pub auto_remove: bool,
    /// The environment it got.
    pub env: Vec<(String, String)>,
    /// The working directory of its processes (`-w`, else the image's WORKDIR, else `/`).
    pub workdir: String,
    /// The user its processes run as (`-u`, else the image's USER, else `root`).
    pub user: String,
    /// Its volumes and bind mounts (`-v`, `--mount`, the image's VOLUMEs), parents first.
    pub mounts: Vec<super::Mount>,
    /// What its main process serves, while it keeps running.
    pub listener: Option<crate::sh::Listener>,
    /// The networks it is attached to (`bridge` unless `--network`).
    pub networks: Vec<String>,
    /// The image's HEALTHCHECK, if any (S-INSTR-HEALTHCHECK).
    pub healthcheck: Option<crate::image::Healthcheck>,
    /// The health status last computed (`starting`, `healthy`, `unhealthy`).
    pub health: Option<&'static str>,
    /// When `docker pause` froze its processes, until `docker unpause`.
    pub paused_at: Option<Timestamp>,
}

impl ContainerState {
    /// The name `docker ps` (`.State`, `--filter status=`) and `docker inspect` (`State.Status`) use.
    pub fn name(&self) -> &'static str {
        match self {
            ContainerState::Created => "created",
            ContainerState::Running { .. } => "running",
            ContainerState::Exited { .. } => "exited",
        }
    }
}

impl Container {
    /// The state at time `now`.
    pub fn state_at(&self, now: Timestamp) -> ContainerState {
        match &self.state {
            // A frozen process does not reach its end.
            ContainerState::Running { until: Some(t), exit } if *t <= now && self.paused_at.is_none() => {
                ContainerState::Exited { code: *exit, at: *t }
            }
            other => other.clone(),
        }
    }

    /// The state's name, `paused` for a frozen running container (`.State`, `State.Status`).
    pub fn state_name(&self, now: Timestamp) -> &'static str {
        match self.state_at(now) {
            ContainerState::Running { .. } if self.paused_at.is_some() => "paused",
            state => state.name(),
        }
    }

    /// Whether it is running at `now`.
    pub fn is_running(&self, now: Timestamp) -> bool {
        matches!(self.state_at(now), ContainerState::Running { .. })
    }

    /// The COMMAND column text: argv joined, words with blanks single-quoted.
    pub fn command_text(&self) -> String {
        self.argv
            .iter()
            .map(|a| if a.contains(char::is_whitespace) || a.is_empty() { format!("'{a}'") } else { a.clone() })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

const ADJECTIVES: &[&str] = &[
    "admiring",
    "brave",
    "clever",
    "dazzling",
    "eager",
    "focused",
    "gallant",
    "happy",
    "jolly",
    "keen",
    "loving",
    "modest",
    "nifty",
    "optimistic",
    "peaceful",
    "quirky",
    "relaxed",
    "serene",
    "trusting",
    "vibrant",
    "wizardly",
    "youthful",
    "zealous",
    "elegant",
];
const NAMES: &[&str] = &[
    "albattani",
    "bell",
    "curie",
    "darwin",
    "einstein",
    "feynman",
    "galileo",
    "hopper",
    "turing",
    "lovelace",
    "meitner",
    "noether",
    "pasteur",
    "ritchie",
    "shannon",
    "thompson",
    "wozniak",
    "yalow",
    "kepler",
    "euler",
];

/// Programs that handle SIGTERM when they are PID 1 (so `docker stop` is quick).
const HANDLES_SIGTERM: &[&str] =
    &["nginx", "gunicorn", "uvicorn", "redis-server", "postgres", "httpd", "apache2", "tini", "dumb-init"];

const RUN_FLAGS: &[super::args::FlagSpec] = &[
    value("env", Some('e')),
    value("env-file", None),
    value("workdir", Some('w')),
    value("user", Some('u')),
    switch("rm", None),
    switch("detach", Some('d')),
    value("name", None),
    value("publish", Some('p')),
    switch("publish-all", Some('P')),
    switch("interactive", Some('i')),
    switch("tty", Some('t')),
    value("entrypoint", None),
    switch("init", None),
    value("hostname", Some('h')),
    value("add-host", None),
    value("network", None),
    value("volume", Some('v')),
    value("mount", None),
    value("platform", None),
    value("label", Some('l')),
    value("memory", Some('m')),
    value("cpus", None),
    switch("privileged", None),
    value("device", None),
    value("restart", None),
];

/// The daemon's answer when a container name is taken (`docker run --name`, `docker rename`).
fn name_in_use(name: &str, by: &Digest) -> String {
    format!(
        "Error response from daemon: Conflict. The container name \"/{name}\" is already in use by container \"{}\". You have to remove (or rename) that container to be able to reuse that name.",
        by.hex()
    )
}

/// A failure of `docker run` or `docker create` (`command`), as the CLI prints it.
fn run_error(r: &mut CommandResult, command: &str, message: &str, code: i32) {
    r.err(format!("docker: {message}"));
    r.err("");
    r.err(format!("Run 'docker {command} --help' for more information"));
    r.exit = code;
}

/// The column titles of `docker ps --format 'table ...'`, by field.
const PS_HEADERS: &[(&str, &str)] = &[
    ("ID", "CONTAINER ID"),
    ("Image", "IMAGE"),
    ("Command", "COMMAND"),
    ("CreatedAt", "CREATED AT"),
    ("RunningFor", "CREATED"),
    ("Status", "STATUS"),
    ("Ports", "PORTS"),
    ("Names", "NAMES"),
    ("State", "STATE"),
];

impl Host {
    /// Records the container a failed classic RUN leaves behind (S-CACHE-5): `docker ps -a` shows it as
    /// `Exited (code)`.
    pub(super) fn leave_failed_container(&mut self, failed: crate::output::FailedContainer) {
        let b = failed.id.0;
        let name = format!("{}_{}", ADJECTIVES[b[0] as usize % ADJECTIVES.len()], NAMES[b[1] as usize % NAMES.len()]);
        self.containers.push(Container {
            id: failed.id,
            name,
            image: failed.image.short(),
            image_id: failed.image,
            argv: failed.argv,
            // A classic builder's intermediate container runs the step's shell command, no entrypoint.
            entrypoint_len: 0,
            created: self.now,
            started: self.now,
            state: ContainerState::Exited { code: failed.exit, at: self.now },
            output: Vec::new(),
            output_at: Vec::new(),
            ports: Vec::new(),
            fs: Fs::new(Vec::new()),
            stop_signal: "SIGTERM".to_string(),
            auto_remove: false,
            env: Vec::new(),
            workdir: "/".to_string(),
            user: "root".to_string(),
            mounts: Vec::new(),
            listener: None,
            networks: vec!["bridge".to_string()],
            healthcheck: None,
            health: None,
            paused_at: None,
        });
    }

    /// Finds a container by name, full ID or ID prefix.
    pub fn find_container(&self, name: &str) -> Option<&Container> {
        let name = name.trim_start_matches('/');
        self.containers.iter().find(|c| c.name == name).or_else(|| {
            let matches: Vec<&Container> =
                self.containers.iter().filter(|c| crate::digest::matches_id_prefix(&c.id, name)).collect();
            (matches.len() == 1).then(|| matches[0])
        })
    }

    pub(super) fn container_index(&self, name: &str) -> Option<usize> {
        let id = self.find_container(name)?.id;
        self.containers.iter().position(|c| c.id == id)
    }

    /// Runs the health checks of the running containers that have one (S-INSTR-HEALTHCHECK): the status
    /// is `starting` until the first check, one interval (default 30 s) after the start; then `healthy`
    /// when the test exits 0, else `unhealthy` once `retries` (default 3) checks have failed.
    pub(super) fn refresh_health(&mut self) {
        let now = self.now;
        let network = self.sim.network;
        for i in 0..self.containers.len() {
            let c = &self.containers[i];
            let Some(check) = c.healthcheck.clone() else { continue };
            if !c.is_running(now) {
                continue;
            }
            let interval = if check.interval_ns == 0 { 30_000 } else { check.interval_ns / 1_000_000 };
            let retries = if check.retries == 0 { 3 } else { u64::from(check.retries) };
            let elapsed = now.since(c.started);
            if elapsed < interval {
                self.containers[i].health = Some("starting");
                continue;
            }
            let argv = match check.test.split_first() {
                Some((kind, rest)) if kind == "CMD-SHELL" => {
                    vec!["/bin/sh".to_string(), "-c".to_string(), rest.join(" ")]
                }
                Some((_, rest)) => rest.to_vec(),
                None => continue,
            };
            let spec = ProcessSpec {
                argv,
                env: c.env.clone(),
                cwd: c.workdir.clone(),
                user: c.user.clone(),
                hostname: c.id.short(),
                network,
                tty: false,
                stdin: None,
                step_budget: 200_000,
                peers: Vec::new(),
            };
            let sites = self.own_site(i);
            let passed = matches!(self.run_process(i, &spec, sites), Ok(o) if o.status == ExitStatus::Exited(0));
            self.containers[i].health = Some(if passed {
                "healthy"
            } else if elapsed >= interval * retries {
                "unhealthy"
            } else {
                "starting"
            });
        }
    }

    /// The host PID of a container's main process (`docker top`, `State.Pid`): PIDs grow with each
    /// container started, and the parent is its containerd-shim.
    fn host_pid(&self, c: &Container) -> u64 {
        let i = self.containers.iter().position(|other| other.id == c.id).unwrap_or(self.containers.len());
        2_000 + 37 * (i as u64 + 1)
    }

    pub(super) fn container_json(&self, c: &Container) -> Value {
        let current = c.state_at(self.now);
        let running = matches!(current, ContainerState::Running { .. });
        let code = if let ContainerState::Exited { code, .. } = current { code } else { 0 };
        let paused = running && c.paused_at.is_some();
        let mut state =
            json!({"Status": c.state_name(self.now), "Running": running, "Paused": paused, "ExitCode": code});
        if let Some(health) = c.health.filter(|_| c.healthcheck.is_some()) {
            state["Health"] = json!({"Status": health, "FailingStreak": 0, "Log": []});
        }
        // A stopped container has no address, and neither has one on the host or none network.
        let address = |network: &str| -> (String, String, u32) {
            match self.bridge_address(network, Some(&c.id)).filter(|_| running) {
                Some((ip, gateway)) => (ip, gateway, 16),
                None => (String::new(), String::new(), 0),
            }
        };
        let (ip, gateway, prefix) = address("bridge");
        let networks: serde_json::Map<String, Value> = c
            .networks
            .iter()
            .map(|n| {
                let (ip, gateway, prefix) = address(n);
                (n.clone(), json!({"IPAddress": ip, "Gateway": gateway, "IPPrefixLen": prefix}))
            })
            .collect();
        // Go's zero time, which a container that never started or never stopped shows.
        const ZERO_TIME: &str = "0001-01-01T00:00:00Z";
        state["Pid"] = json!(if running { self.host_pid(c) } else { 0 });
        let started = !matches!(current, ContainerState::Created);
        state["StartedAt"] = json!(if started { c.started.rfc3339_nano() } else { ZERO_TIME.to_string() });
        state["FinishedAt"] = json!(match current {
            ContainerState::Exited { at, .. } => at.rfc3339_nano(),
            _ => ZERO_TIME.to_string(),
        });
        // `-p` bindings by container port: what the learner asked for (HostConfig), and what is bound
        // while the container runs (NetworkSettings, with the image's unpublished EXPOSE ports null).
        let mut bindings = serde_json::Map::new();
        let mut bound = serde_json::Map::new();
        for cell in &c.ports {
            let (Some((address, port, _)), Some((_, container_port))) = (host_binding(cell), cell.split_once("->"))
            else {
                continue;
            };
            let address = address.trim_start_matches('[').trim_end_matches(']');
            let requested = if matches!(address, "0.0.0.0" | "::") { "" } else { address };
            let asked = bindings.entry(container_port.to_string()).or_insert_with(|| json!([]));
            let entry = json!({"HostIp": requested, "HostPort": port});
            if let Some(list) = asked.as_array_mut().filter(|list| !list.contains(&entry)) {
                list.push(entry);
            }
            if running
                && let Some(list) = bound.entry(container_port.to_string()).or_insert_with(|| json!([])).as_array_mut()
            {
                list.push(json!({"HostIp": address, "HostPort": port}));
            }
        }
        if running && let Some(image) = self.store.images.get(&c.image_id) {
            for port in &image.config.exposed_ports {
                bound.entry(port.clone()).or_insert(Value::Null);
            }
        }
        let words = |words: &[String]| if words.is_empty() { Value::Null } else { json!(words) };
        let split = c.entrypoint_len.min(c.argv.len());
        json!({
            "Id": c.id.hex(),
            "Created": c.created.rfc3339_nano(),
            "Path": c.argv.first().cloned().unwrap_or_default(),
            "Args": c.argv.iter().skip(1).cloned().collect::<Vec<_>>(),
            "State": state,
            "Image": c.image_id.prefixed(),
            "Name": format!("/{}", c.name),
            "Mounts": self.mounts_json(&c.mounts),
            "HostConfig": {
                "AutoRemove": c.auto_remove,
                "RestartPolicy": {"Name": "no", "MaximumRetryCount": 0},
                "NetworkMode": c.networks.first().map_or("bridge", String::as_str),
                "PortBindings": bindings,
            },
            "Config": {
                "Hostname": c.id.short(),
                "User": if c.user == "root" { "" } else { c.user.as_str() },
                "Env": c.env.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>(),
                "Cmd": words(&c.argv[split..]),
                "Entrypoint": words(&c.argv[..split]),
                "Image": c.image,
                "WorkingDir": if c.workdir == "/" { "" } else { c.workdir.as_str() },
            },
            "NetworkSettings": {
                "IPAddress": ip,
                "Gateway": gateway,
                "IPPrefixLen": prefix,
                "Ports": bound,
                "Networks": networks,
            },
        })
    }

    pub(super) fn run(&mut self, words: &[String]) -> CommandResult {
        self.run_or_create(words, false)
    }

    /// `docker create`: the container `docker run` would start, left in the Created state for `docker
    /// start`; the CLI prints its full ID.
    pub(super) fn create(&mut self, words: &[String]) -> CommandResult {
        self.run_or_create(words, true)
    }

    fn run_or_create(&mut self, words: &[String], create: bool) -> CommandResult {
        let mut r = CommandResult::default();
        let command = if create { "create" } else { "run" };
        // `create` has every flag of `run` but those about attaching and detaching.
        let flags: Vec<super::args::FlagSpec> =
            RUN_FLAGS.iter().filter(|f| !create || f.long != "detach").cloned().collect();
        let Some(parsed) = parse_or_report(&mut r, words, &flags, false, command) else { return r };
        let Some(image_name) = parsed.args.first().cloned() else {
            arg_error(&mut r, command, "at least 1 argument");
            return r;
        };
        let cmd_args: Vec<String> = parsed.args[1..].to_vec();
        if !create && parsed.on("tty") && parsed.on("interactive") && !self.tty {
            r.err("the input device is not a TTY");
            r.exit = 1;
            return r;
        }
        let reference = match crate::image_ref::ImageRef::parse(&image_name) {
            Ok(reference) => reference,
            Err(e) => {
                run_error(&mut r, command, &e.to_string(), 125);
                return r;
            }
        };
        if self.find_image(&image_name).is_none() {
            r.err(format!("Unable to find image '{}' locally", reference.clone().with_default_tag()));
            let pulled = self.pull_into(&reference, &mut r, true);
            if !pulled {
                r.exit = 125;
                return r;
            }
        }
        let Some(image) = self.find_image(&image_name).cloned() else {
            r.exit = 125;
            return r;
        };
        if let Some(name) = parsed.get("name")
            && let Some(other) = self.containers.iter().find(|c| c.name == name)
        {
            run_error(&mut r, command, &name_in_use(name, &other.id), 125);
            return r;
        }
        let mut entries: Vec<EnvEntry> = Vec::new();
        for file in parsed.all("env-file") {
            let path = crate::fs::normalize(&self.cwd, &file);
            let text = self.fs.read_file(&path).ok().and_then(|c| c.as_text().map(|t| t.into_owned()));
            let Some(text) = text else {
                run_error(&mut r, command, &format!("open {file}: no such file or directory"), 125);
                return r;
            };
            match parse_env_file(&text) {
                Ok(e) => entries.extend(e),
                Err(e) => {
                    run_error(&mut r, command, &e.to_string(), 125);
                    return r;
                }
            }
        }
        for flag in parsed.all("env") {
            match parse_env_flag(&flag) {
                Ok(e) => entries.push(e),
                Err(e) => {
                    run_error(&mut r, command, &e.to_string(), 125);
                    return r;
                }
            }
        }
        let resolution = match resolve(&image.config, parsed.get("entrypoint"), &cmd_args) {
            Ok(res) => res,
            Err(e) => {
                run_error(&mut r, command, &format!("Error response from daemon: {e}"), 125);
                return r;
            }
        };
        let seq = self.containers.len() as u64;
        let id =
            Digest::of(format!("container {} {} {seq} {}", image.id.hex(), self.now.0, words.join(" ")).as_bytes());
        let name = parsed.get("name").map(str::to_string).unwrap_or_else(|| {
            let b = id.0;
            format!("{}_{}", ADJECTIVES[b[0] as usize % ADJECTIVES.len()], NAMES[b[1] as usize % NAMES.len()])
        });
        let network = match self.check_network(parsed.get("network").unwrap_or("bridge")) {
            Ok(network) => network,
            Err(message) => {
                run_error(&mut r, command, &message, 125);
                return r;
            }
        };
        let tty = parsed.on("tty");
        let user = parsed.get("user").map(str::to_string).unwrap_or_else(|| image.config.user.clone());
        let mut fs = Fs::new(image.layers.clone());
        // runc takes HOME from the image's /etc/passwd (`/nonexistent` for nobody, `/` for a bare UID).
        let home = crate::sh::home_of(&fs, &user);
        let host_env = |n: &str| self.env.get(n).cloned();
        let hostname = parsed.get("hostname").map(str::to_string).unwrap_or_else(|| id.short());
        let env = crate::run::container_env(&image.config, &entries, &host_env, &hostname, &home, tty);
        // `--add-host name:ip` (or `name=ip`); `host-gateway` is the default bridge's gateway.
        let mut extra_hosts = Vec::new();
        for entry in parsed.all("add-host") {
            let Some((host, ip)) = entry.split_once(['=', ':']) else {
                run_error(
                    &mut r,
                    command,
                    &format!(
                        "invalid argument \"{entry}\" for \"--add-host\" flag: bad format for add-host: \"{entry}\""
                    ),
                    125,
                );
                return r;
            };
            let ip = if ip == "host-gateway" { "172.17.0.1" } else { ip };
            extra_hosts.push((host.to_string(), ip.to_string()));
        }
        let address = self.bridge_address(&network, None).map(|(ip, _)| ip);
        let hosts = super::networks::etc_hosts(address.as_deref(), &hostname, &extra_hosts);
        let _ = fs.write_file("/etc/hosts", crate::fs::Content::text(&hosts), 0o644, 0, 0);
        let resolv = super::networks::resolv_conf(&network);
        let _ = fs.write_file("/etc/resolv.conf", crate::fs::Content::text(&resolv), 0o644, 0, 0);
        let _ = fs.write_file("/etc/hostname", crate::fs::Content::text(&format!("{hostname}\n")), 0o644, 0, 0);
        let workdir = parsed.get("workdir").map(str::to_string).unwrap_or_else(|| image.config.working_dir.clone());
        let workdir = if workdir.is_empty() { "/".to_string() } else { workdir };
        if !fs.stat(&workdir).is_some_and(|e| e.is_dir()) {
            let _ = fs.mkdir_all(&workdir, 0o755, 0, 0);
        }
        let mounts =
            match self.prepare_mounts(&parsed.all("volume"), &parsed.all("mount"), &image.config.volumes, &fs, &id) {
                Ok(mounts) => mounts,
                Err(message) => {
                    run_error(&mut r, command, &message, 125);
                    return r;
                }
            };
        let argv = resolution.args();
        let entrypoint_len = resolution
            .argv
            .iter()
            .take_while(|w| {
                matches!(w.source, crate::run::WordSource::Entrypoint | crate::run::WordSource::EntrypointFlag)
            })
            .count();
        let user = if user.is_empty() { "root".to_string() } else { user };
        let spec = ProcessSpec {
            argv: argv.clone(),
            env: env.clone(),
            cwd: workdir.clone(),
            user: user.clone(),
            hostname,
            network: self.sim.network && network != "none",
            tty,
            // `-i` keeps standard input open: what a `<` redirection or a pipe gave the docker line.
            stdin: if parsed.on("interactive") { self.pending_stdin.take() } else { None },
            step_budget: 200_000,
            peers: Vec::new(),
        };
        let now = self.now;
        let taken: Vec<String> =
            self.containers.iter().filter(|c| c.is_running(now)).flat_map(|c| c.ports.clone()).collect();
        let ports =
            publish_ports(&parsed.all("publish"), parsed.on("publish-all"), &image.config.exposed_ports, &taken);
        // Without a network of its own there is nothing to publish (moby warns for the host network).
        let ports = if matches!(network.as_str(), "host" | "none") {
            if network == "host" && !ports.is_empty() {
                r.err("WARNING: Published ports are discarded when using host network mode");
            }
            Vec::new()
        } else {
            ports
        };
        let created = self.now;
        let mut container = Container {
            id,
            name,
            image: image_name.clone(),
            image_id: image.id,
            argv,
            entrypoint_len,
            created,
            started: created,
            state: ContainerState::Created,
            output: Vec::new(),
            output_at: Vec::new(),
            ports,
            fs: Fs::new(Vec::new()),
            stop_signal: image.config.stop_signal.clone().unwrap_or_else(|| "SIGTERM".to_string()),
            auto_remove: parsed.on("rm"),
            env,
            workdir,
            user,
            mounts,
            listener: None,
            networks: vec![network.clone()],
            healthcheck: image.config.healthcheck.clone().filter(|h| h.test.first().is_some_and(|t| t != "NONE")),
            health: None,
            paused_at: None,
        };
        if create {
            container.fs = fs;
            r.out(id.hex());
            self.containers.push(container);
            return r;
        }
        let detach = parsed.on("detach");
        // Networking is set up before the process starts: a host port a running container holds fails
        // the start (exit 125) and leaves the container Created.
        if let Some(bind) = container.ports.iter().find_map(|cell| port_conflict(cell, &taken)) {
            if detach {
                r.out(id.hex());
            }
            let endpoint = Digest::of(format!("endpoint {}", id.hex()).as_bytes());
            let message = format!(
                "Error response from daemon: failed to set up container networking: driver failed programming external connectivity on endpoint {} ({}): Bind for {bind} failed: port is already allocated",
                container.name,
                endpoint.hex()
            );
            run_error(&mut r, command, &message, 125);
            container.fs = fs;
            if !container.auto_remove {
                self.containers.push(container);
            }
            return r;
        }
        self.mount_in(&mut fs, &container.mounts);
        let sites = self.peer_sites(&container.id, &container.networks);
        let mut peers = self.peer_addresses(&container.id, &container.networks);
        // The new container is not in the list yet; Docker's DNS answers for its name too.
        if let Some(network) = container.networks.iter().find(|n| !super::networks::predefined(n))
            && let Some((address, _)) = self.bridge_address(network, None)
        {
            peers.push(crate::sh::Peer { names: vec![container.name.clone(), id.short()], address });
        }
        let spec = ProcessSpec { peers, ..spec };
        let started = crate::sh::start_with_sites(&mut fs, &spec, sites);
        self.mount_out(&fs, &container.mounts);
        match started {
            Err(error) => {
                let code = match error {
                    StartError::NotFound(_) | StartError::NoSuchFile(_) => 127,
                    StartError::PermissionDenied(_) | StartError::IsADirectory(_) => 126,
                    _ => 125,
                };
                let message = format!(
                    "Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: {error}: unknown"
                );
                if detach {
                    r.out(id.hex());
                }
                run_error(&mut r, command, &message, code);
                container.fs = fs;
                container.state = ContainerState::Created;
                if !container.auto_remove {
                    self.containers.push(container);
                }
                return r;
            }
            Ok(output) => {
                let lines: Vec<Line> = output.lines.iter().map(Line::from).collect();
                container.output = lines.clone();
                container.output_at = output.lines.iter().map(|l| created.plus_ms(l.at_ms)).collect();
                if let ExitStatus::Serving(listener) = &output.status {
                    container.listener = Some(listener.clone());
                }
                container.fs = fs;
                let end = created.plus_ms(output.elapsed_ms.max(1));
                container.state = match output.status {
                    ExitStatus::Exited(code) => ContainerState::Running { until: Some(end), exit: code },
                    ExitStatus::Serving { .. } => ContainerState::Running { until: None, exit: 0 },
                    ExitStatus::Hung => ContainerState::Running { until: None, exit: 0 },
                };
                if detach {
                    r.out(id.hex());
                    self.containers.push(container);
                    return r;
                }
                r.lines.extend(lines);
                // `-it` with a shell: the terminal attaches to it until `exit` (`session.rs`).
                if parsed.on("interactive") && parsed.on("tty") && super::session::attaches_terminal(&container.argv) {
                    container.state = ContainerState::Running { until: None, exit: 0 };
                    let python = super::session::is_python(&container.argv);
                    if python {
                        for line in super::session::python_banner(&container.env) {
                            r.out(line);
                        }
                    }
                    self.session = Some(super::Session {
                        container: container.id,
                        shell: container.argv[0].clone(),
                        cwd: container.workdir.clone(),
                        user: container.user.clone(),
                        exec: false,
                        python: python.then(Vec::new),
                        block: Vec::new(),
                        history: Vec::new(),
                    });
                    self.containers.push(container);
                    return r;
                }
                match container.state {
                    ContainerState::Running { until: Some(end), exit } => {
                        self.now = end;
                        container.state = ContainerState::Exited { code: exit, at: end };
                        r.exit = exit;
                        if container.auto_remove {
                            self.remove_anonymous_volumes(&container.mounts);
                        } else {
                            self.containers.push(container);
                        }
                    }
                    _ => {
                        // A server in the foreground: the terminal stays attached. The simulator
                        // detaches so the session can go on; the container keeps running.
                        r.err(format!("[layerlab] {} keeps running in the foreground; detached so you can go on (docker ps, docker logs, docker stop {}).", container.argv.first().cloned().unwrap_or_default(), container.name));
                        self.containers.push(container);
                    }
                }
            }
        }
        r
    }

    pub(super) fn ps(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [
            switch("all", Some('a')),
            switch("quiet", Some('q')),
            switch("no-trunc", None),
            value("format", None),
            switch("latest", Some('l')),
            value("last", Some('n')),
            value("filter", Some('f')),
            switch("size", Some('s')),
        ];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, true, "ps") else { return r };
        self.reap();
        self.refresh_health();
        let now = self.now;
        let trunc = !parsed.on("no-trunc");
        // `--filter` (docker ps's filters: status, name, ancestor, exited, id); a status filter looks at
        // every container, as -a does.
        let filters: Vec<(String, String)> = parsed
            .all("filter")
            .iter()
            .map(|f| f.split_once('=').map_or((f.clone(), String::new()), |(k, v)| (k.to_string(), v.to_string())))
            .collect();
        if let Some((key, _)) =
            filters.iter().find(|(k, _)| !matches!(k.as_str(), "status" | "name" | "ancestor" | "exited" | "id"))
        {
            r.err(format!("Error response from daemon: invalid filter '{key}'"));
            r.exit = 1;
            return r;
        }
        // `-l` and `-n N` show the latest created containers in every state.
        let last = match parsed.get("last").map(str::parse::<i64>) {
            None => None,
            Some(Ok(n)) if n > 0 => Some(n as usize),
            Some(Ok(_)) => None,
            Some(Err(_)) => {
                let given = parsed.get("last").unwrap_or_default();
                super::images::flag_error(
                    &mut r,
                    &format!(
                        "invalid argument \"{given}\" for \"-n, --last\" flag: strconv.ParseInt: parsing \"{given}\": invalid syntax"
                    ),
                    "ps",
                );
                return r;
            }
        };
        let last = if parsed.on("latest") { Some(1) } else { last };
        let all = parsed.on("all") || last.is_some() || filters.iter().any(|(k, _)| k == "status");
        let passes = |c: &Container, key: &str, value: &str| match key {
            "status" => c.state_name(now) == value,
            "name" => c.name.contains(value),
            "ancestor" => {
                c.image == value
                    || self.find_image(value).is_some_and(|image| image.id == c.image_id)
                    || crate::digest::matches_id_prefix(&c.image_id, value)
            }
            "exited" => matches!(c.state_at(now), ContainerState::Exited { code, .. } if code.to_string() == value),
            _ => crate::digest::matches_id_prefix(&c.id, value),
        };
        // Values of one key are alternatives; different keys must all hold.
        let mut list: Vec<&Container> = self
            .containers
            .iter()
            .filter(|c| all || c.is_running(now))
            .filter(|c| {
                filters
                    .iter()
                    .map(|(k, _)| k.as_str())
                    .all(|key| filters.iter().filter(|(k, _)| k == key).any(|(_, value)| passes(c, key, value)))
            })
            .collect();
        list.reverse();
        if let Some(n) = last {
            list.truncate(n);
        }
        let rows: Vec<Value> = list
            .iter()
            .map(|c| {
                let command = c.command_text();
                let command = if trunc { ellipsis(&command, 20) } else { command };
                json!({
                    "ID": if trunc { c.id.short() } else { c.id.hex() },
                    "Image": c.image,
                    "Command": crate::format::go_quote(&command),
                    "CreatedAt": c.created.go_string(),
                    "RunningFor": time_ago(c.created, now),
                    "Status": status_text(c, now),
                    // Port bindings are released when the container stops.
                    "Ports": if c.is_running(now) { c.ports.join(", ") } else { String::new() },
                    "Names": c.name,
                    "State": c.state_name(now),
                })
            })
            .collect();
        if super::images::print_quiet_or_format(&mut r, &parsed, &rows, "ID", PS_HEADERS) {
            return r;
        }
        let mut cells = vec![
            ["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"]
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>(),
        ];
        for row in &rows {
            cells.push(
                ["ID", "Image", "Command", "RunningFor", "Status", "Ports", "Names"]
                    .iter()
                    .map(|k| row[*k].as_str().unwrap_or_default().to_string())
                    .collect(),
            );
        }
        r.out_block(&table(&cells));
        r
    }

    /// What the processes of container `i` reach: its own server on `localhost` (`docker exec`), and
    /// its peers by name on a user-defined network.
    pub(super) fn own_site(&self, i: usize) -> Vec<crate::sh::http::Site> {
        let c = &self.containers[i];
        let mut sites = self.peer_sites(&c.id, &c.networks);
        sites.extend(self.local_site(i));
        sites
    }

    fn local_site(&self, i: usize) -> Vec<crate::sh::http::Site> {
        let c = &self.containers[i];
        match (&c.listener, c.is_running(self.now)) {
            (Some(listener), true) => listener
                .port
                .map(|port| crate::sh::http::Site {
                    port,
                    names: Vec::new(),
                    listener: listener.clone(),
                    fs: c.fs.clone(),
                    reachable: true,
                })
                .into_iter()
                .collect(),
            _ => Vec::new(),
        }
    }

    /// What the host reaches on `localhost`: each published port of a running container. The
    /// connection gets through when the container's server listens on the container port on all
    /// addresses; otherwise Docker's proxy drops it.
    pub(super) fn published_sites(&self) -> Vec<crate::sh::http::Site> {
        let mut sites = Vec::new();
        for (i, c) in self.containers.iter().enumerate().filter(|(_, c)| c.is_running(self.now)) {
            // On the host network the container's servers are the host's own.
            if c.networks.iter().any(|n| n == "host") {
                sites.extend(self.local_site(i));
            }
            for cell in &c.ports {
                let Some((_, host_port, proto)) = host_binding(cell) else { continue };
                let container_port = cell.split_once("->").and_then(|(_, r)| r.split('/').next()?.parse::<u16>().ok());
                let (Ok(port), Some(container_port)) = (host_port.parse::<u16>(), container_port) else { continue };
                if proto != "tcp" {
                    continue;
                }
                let listener = c.listener.clone().unwrap_or_else(|| crate::sh::Listener::idle(""));
                let reachable = listener.port == Some(container_port) && !listener.loopback;
                sites.push(crate::sh::http::Site { port, names: Vec::new(), listener, fs: c.fs.clone(), reachable });
            }
        }
        sites
    }

    /// Applies `--rm` to containers whose process has ended.
    fn reap(&mut self) {
        let now = self.now;
        let (gone, kept): (Vec<Container>, Vec<Container>) = std::mem::take(&mut self.containers)
            .into_iter()
            .partition(|c| c.auto_remove && matches!(c.state_at(now), ContainerState::Exited { .. }));
        self.containers = kept;
        for c in gone {
            self.remove_anonymous_volumes(&c.mounts);
        }
    }

    /// Runs one process in container `i`, its mounts copied in before and back out after, with
    /// `sites` reachable on the network.
    pub(super) fn run_process(
        &mut self,
        i: usize,
        spec: &ProcessSpec,
        sites: Vec<crate::sh::http::Site>,
    ) -> Result<crate::sh::Output, StartError> {
        let peers = self.peer_addresses(&self.containers[i].id, &self.containers[i].networks);
        let spec = &ProcessSpec { peers, ..spec.clone() };
        let mut fs = std::mem::replace(&mut self.containers[i].fs, Fs::new(Vec::new()));
        let mounts = std::mem::take(&mut self.containers[i].mounts);
        self.mount_in(&mut fs, &mounts);
        let result = crate::sh::start_with_sites(&mut fs, spec, sites);
        self.mount_out(&fs, &mounts);
        self.containers[i].fs = fs;
        self.containers[i].mounts = mounts;
        result
    }

    /// `docker logs` (docker/cli `cli/command/container/logs.go`, moby `daemon/logs.go`): the last
    /// `--tail` lines (all by default; a value that is not a number means all), then those from
    /// `--since` on and up to `--until`, each after its RFC3339Nano time with `-t`. `-f` on a
    /// container that has exited prints and returns; on a running one it would wait for more output
    /// until Ctrl+C, which the simulation notes instead.
    pub(super) fn logs(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [
            switch("follow", Some('f')),
            value("tail", Some('n')),
            switch("timestamps", Some('t')),
            value("since", None),
            value("until", None),
            switch("details", None),
        ];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, true, "logs") else { return r };
        if parsed.args.len() != 1 {
            arg_error(&mut r, "logs", "1 argument");
            return r;
        }
        // The CLI turns --since and --until into times before it asks the daemon.
        let mut bounds = [None, None];
        for (slot, flag) in bounds.iter_mut().zip(["since", "until"]) {
            if let Some(text) = parsed.get(flag) {
                match crate::format::parse_docker_time(text, self.now) {
                    Some(t) => *slot = Some(t),
                    None => {
                        r.err(format!(
                            "invalid value for {flag:?}: failed to parse value as time or duration: {text:?}"
                        ));
                        r.exit = 1;
                        return r;
                    }
                }
            }
        }
        let [since, until] = bounds;
        let name = &parsed.args[0];
        let now = self.now;
        let Some(c) = self.find_container(name) else {
            r.err(format!("Error response from daemon: No such container: {name}"));
            r.exit = 1;
            return r;
        };
        let tail = parsed.get("tail").and_then(|t| t.parse::<i64>().ok()).filter(|n| *n >= 0);
        let skip = tail.map_or(0, |n| c.output.len().saturating_sub(usize::try_from(n).unwrap_or(usize::MAX)));
        for (i, line) in c.output.iter().enumerate().skip(skip) {
            let at = c.output_at.get(i).copied().unwrap_or(c.started);
            if since.is_some_and(|s| at < s) || until.is_some_and(|u| at > u) {
                continue;
            }
            let mut text = if parsed.on("details") { format!(" {}", line.text) } else { line.text.clone() };
            if parsed.on("timestamps") {
                text = format!("{} {text}", at.rfc3339_nano_fixed());
            }
            r.lines.push(Line { stream: line.stream, text });
        }
        if parsed.on("follow") && until.is_none() && c.is_running(now) {
            r.err(format!(
                "[layerlab] docker logs -f keeps following {} until you press Ctrl+C; stopped here so you can go on.",
                c.name
            ));
        }
        r
    }

    pub(super) fn stop(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [value("time", Some('t')), value("signal", Some('s'))];
        let Some(parsed) = parse_operands(&mut r, words, &specs, "stop") else { return r };
        let grace_ms = parsed.get("time").and_then(|t| t.parse::<u64>().ok()).unwrap_or(10) * 1000;
        for name in &parsed.args {
            let Some(i) = self.container_index(name) else {
                r.err(format!("Error response from daemon: No such container: {name}"));
                r.exit = 1;
                continue;
            };
            let now = self.now;
            let c = &mut self.containers[i];
            if c.is_running(now) {
                // S-EP-7: PID 1 ignores signals it has no handler for; then SIGKILL after the grace period.
                let program = c.argv.first().map(|p| p.rsplit('/').next().unwrap_or(p).to_string()).unwrap_or_default();
                let handles = HANDLES_SIGTERM.contains(&program.as_str())
                    || (program == "docker-entrypoint.sh"
                        && c.argv.get(1).is_some_and(|a| HANDLES_SIGTERM.contains(&a.as_str())));
                let (code, wait) = if handles { (0, 300) } else { (137, grace_ms) };
                let at = now.plus_ms(wait);
                c.state = ContainerState::Exited { code, at };
                c.paused_at = None;
                self.now = at;
            }
            r.out(name.clone());
        }
        self.reap();
        r
    }

    /// `docker wait CONTAINER…`: blocks until each container stops and prints its exit code. A
    /// process that ends by itself (`sleep 30`) moves the host clock to its end; one that never does
    /// (a server, `sleep infinity`) would block until Ctrl+C, which the simulation notes instead.
    pub(super) fn wait(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let Some(parsed) = parse_operands(&mut r, words, &[], "wait") else { return r };
        for name in &parsed.args {
            let Some(i) = self.container_index(name) else {
                Self::no_such_container(&mut r, name);
                continue;
            };
            match self.containers[i].state_at(self.now) {
                ContainerState::Running { until: Some(at), exit } => {
                    self.now = at;
                    r.out(exit.to_string());
                }
                ContainerState::Running { until: None, .. } => {
                    r.err(format!(
                        "[layerlab] docker wait blocks until {} stops (it runs until it is stopped); stopped here so you can go on.",
                        self.containers[i].name
                    ));
                    return r;
                }
                ContainerState::Exited { code, .. } => r.out(code.to_string()),
                ContainerState::Created => r.out("0"),
            }
        }
        self.reap();
        r
    }

    /// `docker rename CONTAINER NEW_NAME`: silent on success; the daemon refuses a name in use.
    pub(super) fn rename(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let Some(parsed) = parse_or_report(&mut r, words, &[], true, "rename") else { return r };
        let [name, new_name] = parsed.args.as_slice() else {
            arg_error(&mut r, "rename", "exactly 2 arguments");
            return r;
        };
        let Some(i) = self.container_index(name) else {
            Self::no_such_container(&mut r, name);
            return r;
        };
        let new_name = new_name.trim_start_matches('/');
        if let Some(other) = self.containers.iter().find(|c| c.name == new_name) {
            r.err(name_in_use(new_name, &other.id));
            r.exit = 1;
            return r;
        }
        self.containers[i].name = new_name.to_string();
        r
    }

    /// `docker top CONTAINER`: the processes of a running container, as `ps -ef` on the host shows
    /// them (PID 1 of the container is a host PID; the simulation has one process per container).
    pub(super) fn top(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let Some(parsed) = parse_operands(&mut r, words, &[], "top") else { return r };
        let name = &parsed.args[0];
        let Some(i) = self.container_index(name) else {
            Self::no_such_container(&mut r, name);
            return r;
        };
        let c = &self.containers[i];
        if !c.is_running(self.now) {
            r.err(format!("Error response from daemon: container {} is not running", c.id.hex()));
            r.exit = 1;
            return r;
        }
        let pid = self.host_pid(c);
        let uid =
            if c.user.is_empty() || c.user == "root" || c.user == "0" { "root".to_string() } else { c.user.clone() };
        let stime = {
            let secs = c.started.secs().max(0);
            format!("{:02}:{:02}", secs / 3600 % 24, secs / 60 % 60)
        };
        let header = ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"].map(str::to_string);
        let process = [
            uid,
            pid.to_string(),
            (pid - 21).to_string(),
            "0".into(),
            stime,
            "?".into(),
            "00:00:00".into(),
            c.argv.join(" "),
        ];
        // docker/cli `container/top.go` pads with a tabwriter of minimum width 20 (not the usual 10).
        for row in [&header, &process] {
            let mut line = String::new();
            for (col, cell) in row.iter().enumerate() {
                line.push_str(cell);
                if col + 1 < row.len() {
                    let width = header[col].chars().count().max(process[col].chars().count());
                    line.push_str(&" ".repeat((width + 3).max(20) - cell.chars().count()));
                }
            }
            r.out(line);
        }
        r
    }

    pub(super) fn kill(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let names: Vec<&String> = words.iter().filter(|w| !w.starts_with('-')).collect();
        for name in names {
            let Some(i) = self.container_index(name) else {
                r.err(format!("Error response from daemon: No such container: {name}"));
                r.exit = 1;
                continue;
            };
            let now = self.now;
            let c = &mut self.containers[i];
            if !c.is_running(now) {
                r.err(format!(
                    "Error response from daemon: cannot kill container: {name}: container {} is not running",
                    c.id.hex()
                ));
                r.exit = 1;
                continue;
            }
            c.state = ContainerState::Exited { code: 137, at: now };
            c.paused_at = None;
            r.out(name.clone());
        }
        self.reap();
        r
    }

    /// `docker port CONTAINER [PRIVATE_PORT[/PROTO]]`: the published ports of a running container,
    /// `80/tcp -> 0.0.0.0:32768` (or only the host side when a port is asked for).
    pub(super) fn port(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let Some(_) = parse_or_report(&mut r, words, &[], true, "port") else { return r };
        if words.is_empty() || words.len() > 2 {
            arg_error(&mut r, "port", "at least 1 and at most 2 arguments");
            return r;
        }
        let name = &words[0];
        let now = self.now;
        let Some(c) = self.find_container(name) else {
            r.err(format!("Error response from daemon: No such container: {name}"));
            r.exit = 1;
            return r;
        };
        let mut lines: Vec<(String, String)> = Vec::new();
        if c.is_running(now) {
            for cell in &c.ports {
                if let Some((host, private)) = cell.split_once("->") {
                    lines.push((private.to_string(), host.to_string()));
                }
            }
        }
        lines.sort();
        match words.get(1) {
            Some(asked) => {
                let asked = if asked.contains('/') { asked.clone() } else { format!("{asked}/tcp") };
                let found: Vec<&(String, String)> = lines.iter().filter(|(p, _)| *p == asked).collect();
                if found.is_empty() {
                    r.err(format!("Error: No public port '{asked}' published for {name}"));
                    r.exit = 1;
                }
                for (_, host) in found {
                    r.out(host.clone());
                }
            }
            None => {
                for (private, host) in lines {
                    r.out(format!("{private} -> {host}"));
                }
            }
        }
        r
    }

    /// `docker container prune`: removes every stopped container, printing their full IDs.
    pub(super) fn container_prune(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [switch("force", Some('f')), value("filter", None)];
        let Some(_) = parse_or_report(&mut r, words, &specs, true, "container prune") else { return r };
        let stopped = self.prune_containers();
        super::images::prune_report(&mut r, "Deleted Containers:", stopped);
        r
    }

    /// Removes every stopped container and returns their full IDs.
    pub(super) fn prune_containers(&mut self) -> Vec<String> {
        self.reap();
        let now = self.now;
        let stopped: Vec<String> =
            self.containers.iter().filter(|c| !c.is_running(now)).map(|c| c.id.hex().to_string()).collect();
        self.containers.retain(|c| c.is_running(now));
        stopped
    }

    pub(super) fn rm(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [switch("force", Some('f')), switch("volumes", Some('v'))];
        let Some(parsed) = parse_operands(&mut r, words, &specs, "rm") else { return r };
        for name in &parsed.args {
            let Some(i) = self.container_index(name) else {
                r.err(format!("Error response from daemon: No such container: {name}"));
                r.exit = 1;
                continue;
            };
            if self.containers[i].is_running(self.now) && !parsed.on("force") {
                let cname = self.containers[i].name.clone();
                let (state, unpause) = if self.containers[i].paused_at.is_some() {
                    ("paused", "unpause and then ")
                } else {
                    ("running", "")
                };
                r.err(format!("Error response from daemon: cannot remove container \"/{cname}\": container is {state}: {unpause}stop the container before removing or force remove"));
                r.exit = 1;
                continue;
            }
            let removed = self.containers.remove(i);
            // `-v` also removes the container's anonymous volumes; named ones stay.
            if parsed.on("volumes") {
                self.remove_anonymous_volumes(&removed.mounts);
            }
            r.out(name.clone());
        }
        r
    }
}

impl Host {
    /// `docker pause` (`unpause` false) and `docker unpause`: freezes or thaws every process of each
    /// container named; the CLI prints each name as given.
    pub(super) fn pause(&mut self, words: &[String], pause: bool) -> CommandResult {
        let mut r = CommandResult::default();
        let command = if pause { "pause" } else { "unpause" };
        let Some(parsed) = parse_operands(&mut r, words, &[], command) else { return r };
        let now = self.now;
        for name in &parsed.args {
            let Some(i) = self.container_index(name) else {
                r.err(format!("Error response from daemon: No such container: {name}"));
                r.exit = 1;
                continue;
            };
            let c = &mut self.containers[i];
            let id = c.id.hex();
            let problem = match (c.is_running(now), c.paused_at, pause) {
                (false, _, _) => Some(format!("container {id} is not running")),
                (true, Some(_), true) => Some(format!("container {id} is already paused")),
                (true, None, false) => Some(format!("Container {id} is not paused")),
                (true, None, true) => {
                    c.paused_at = Some(now);
                    None
                }
                (true, Some(since), false) => {
                    // The process resumes where it stopped, so its end moves by the time it was frozen.
                    if let ContainerState::Running { until: Some(end), .. } = &mut c.state {
                        *end = end.plus_ms(now.since(since));
                    }
                    c.paused_at = None;
                    None
                }
            };
            match problem {
                Some(problem) => {
                    r.err(format!("Error response from daemon: {problem}"));
                    r.exit = 1;
                }
                None => r.out(name.clone()),
            }
        }
        r
    }

    /// `docker exec`: runs a process in a running container's filesystem and environment.
    pub(super) fn exec(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs = [
            switch("interactive", Some('i')),
            switch("tty", Some('t')),
            switch("detach", Some('d')),
            value("env", Some('e')),
            value("workdir", Some('w')),
            value("user", Some('u')),
        ];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, false, "exec") else { return r };
        if parsed.args.len() < 2 {
            arg_error(&mut r, "exec", "at least 2 arguments");
            return r;
        }
        if parsed.on("tty") && parsed.on("interactive") && !self.tty {
            r.err("the input device is not a TTY");
            r.exit = 1;
            return r;
        }
        let name = &parsed.args[0];
        let Some(i) = self.container_index(name) else {
            r.err(format!("Error response from daemon: No such container: {name}"));
            r.exit = 1;
            return r;
        };
        let now = self.now;
        if !self.containers[i].is_running(now) {
            r.err(format!("Error response from daemon: container {} is not running", self.containers[i].id.hex()));
            r.exit = 1;
            return r;
        }
        if self.containers[i].paused_at.is_some() {
            let id = self.containers[i].id.hex();
            r.err(format!("Error response from daemon: Container {id} is paused, unpause the container before exec"));
            r.exit = 1;
            return r;
        }
        let mut env = self.containers[i].env.clone();
        for flag in parsed.all("env") {
            if let Ok(EnvEntry::Set(k, v)) = parse_env_flag(&flag) {
                env.retain(|(key, _)| *key != k);
                env.push((k, v));
            }
        }
        let spec = ProcessSpec {
            argv: parsed.args[1..].to_vec(),
            env,
            cwd: parsed.get("workdir").unwrap_or(&self.containers[i].workdir).to_string(),
            user: parsed.get("user").unwrap_or(&self.containers[i].user).to_string(),
            hostname: self.containers[i].id.short(),
            network: self.sim.network,
            tty: parsed.on("tty"),
            stdin: if parsed.on("interactive") { self.pending_stdin.take() } else { None },
            step_budget: 200_000,
            peers: Vec::new(),
        };
        let attach = parsed.on("interactive") && parsed.on("tty") && super::session::attaches_terminal(&spec.argv);
        if attach {
            // The shell must exist in the container before the terminal attaches to it.
            let probe =
                ProcessSpec { argv: vec![spec.argv[0].clone(), "-c".to_string(), "true".to_string()], ..spec.clone() };
            if let Err(error) = self.run_process(i, &probe, Vec::new()) {
                r.err(format!(
                    "OCI runtime exec failed: exec failed: unable to start container process: {error}: unknown"
                ));
                r.exit = 127;
                return r;
            }
            let python = super::session::is_python(&spec.argv);
            if python {
                for line in super::session::python_banner(&spec.env) {
                    r.out(line);
                }
            }
            self.session = Some(super::Session {
                container: self.containers[i].id,
                shell: spec.argv[0].clone(),
                cwd: spec.cwd.clone(),
                user: spec.user.clone(),
                exec: true,
                python: python.then(Vec::new),
                block: Vec::new(),
                history: Vec::new(),
            });
            return r;
        }
        let sites = self.own_site(i);
        match self.run_process(i, &spec, sites) {
            Ok(output) => {
                r.lines.extend(output.lines.iter().map(Line::from));
                self.now = self.now.plus_ms(output.elapsed_ms);
                r.exit = match output.status {
                    ExitStatus::Exited(code) => code,
                    _ => 0,
                };
            }
            Err(error) => {
                r.err(format!(
                    "OCI runtime exec failed: exec failed: unable to start container process: {error}: unknown"
                ));
                r.exit = match error {
                    StartError::NotFound(_) | StartError::NoSuchFile(_) => 127,
                    StartError::PermissionDenied(_) | StartError::IsADirectory(_) => 126,
                    _ => 125,
                };
            }
        }
        r
    }

    /// `docker start` and `docker restart`: runs a container's process again.
    pub(super) fn start(&mut self, words: &[String], restart: bool) -> CommandResult {
        let mut r = CommandResult::default();
        let names: Vec<&String> = words.iter().filter(|w| !w.starts_with('-')).collect();
        if names.is_empty() {
            let command = if restart { "restart" } else { "start" };
            arg_error(&mut r, command, "at least 1 argument");
            return r;
        }
        // `docker start -a` attaches: the process's output instead of the name, and its exit status.
        let attach = !restart && words.iter().any(|w| w == "-a" || w == "--attach" || w == "-ai" || w == "-ia");
        for name in names {
            let Some(i) = self.container_index(name) else {
                r.err(format!("Error response from daemon: No such container: {name}"));
                r.exit = 1;
                continue;
            };
            let now = self.now;
            if self.containers[i].is_running(now) && !restart {
                r.out(name.clone());
                continue;
            }
            let c = &self.containers[i];
            let spec = ProcessSpec {
                argv: c.argv.clone(),
                env: c.env.clone(),
                cwd: c.workdir.clone(),
                user: c.user.clone(),
                hostname: c.id.short(),
                network: self.sim.network,
                tty: false,
                stdin: None,
                step_budget: 200_000,
                peers: Vec::new(),
            };
            let started = self.run_process(i, &spec, Vec::new());
            let c = &mut self.containers[i];
            match started {
                Ok(output) => {
                    c.started = now;
                    c.listener = match &output.status {
                        ExitStatus::Serving(listener) => Some(listener.clone()),
                        _ => None,
                    };
                    c.output.extend(output.lines.iter().map(Line::from));
                    c.output_at.extend(output.lines.iter().map(|l| now.plus_ms(l.at_ms)));
                    let end = now.plus_ms(output.elapsed_ms.max(1));
                    c.state = match output.status {
                        ExitStatus::Exited(code) => ContainerState::Running { until: Some(end), exit: code },
                        _ => ContainerState::Running { until: None, exit: 0 },
                    };
                    if attach {
                        r.lines.extend(output.lines.iter().map(Line::from));
                        if let ExitStatus::Exited(code) = output.status {
                            c.state = ContainerState::Exited { code, at: end };
                            self.now = end;
                            r.exit = code;
                        }
                    } else {
                        r.out(name.clone());
                    }
                }
                Err(error) => {
                    r.err(format!("Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: {error}: unknown"));
                    r.err(format!("Error: failed to start containers: {name}"));
                    r.exit = 1;
                }
            }
        }
        r
    }
}

fn status_text(c: &Container, now: Timestamp) -> String {
    match c.state_at(now) {
        ContainerState::Created => "Created".to_string(),
        ContainerState::Running { .. } => {
            let up = format!("Up {}", human_duration(now.since(c.started)));
            if c.paused_at.is_some() {
                return format!("{up} (Paused)");
            }
            match c.health {
                Some("starting") => format!("{up} (health: starting)"),
                Some(health) => format!("{up} ({health})"),
                None => up,
            }
        }
        ContainerState::Exited { code, at } => format!("Exited ({code}) {} ago", human_duration(now.since(at))),
    }
}

/// The PORTS cells of `-p` and `-P` (S-INSTR-EXPOSE): `[ip:][host:]container[/proto]`. Without a
/// host port, and for every exposed port with `-P`, Docker picks one from the ephemeral range
/// (32768 up); without an IP the port is published on IPv4 and IPv6 (`0.0.0.0:…` and `[::]:…`).
fn publish_ports(flags: &[String], all: bool, exposed: &[String], taken: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut next_ephemeral = 32768u32;
    let mut ephemeral = || {
        while taken.iter().any(|cell| cell.contains(&format!(":{next_ephemeral}->"))) {
            next_ephemeral += 1;
        }
        next_ephemeral += 1;
        (next_ephemeral - 1).to_string()
    };
    let mut push = |ip: &str, host: String, container: &str, proto: &str| {
        if ip.is_empty() || ip == "0.0.0.0" {
            out.push(format!("0.0.0.0:{host}->{container}/{proto}"));
            if ip.is_empty() {
                out.push(format!("[::]:{host}->{container}/{proto}"));
            }
        } else {
            out.push(format!("{ip}:{host}->{container}/{proto}"));
        }
    };
    for flag in flags {
        let (spec, proto) = flag.split_once('/').unwrap_or((flag, "tcp"));
        let parts: Vec<&str> = spec.split(':').collect();
        let (ip, host, container) = match parts.as_slice() {
            [c] => ("", "", *c),
            [h, c] => ("", *h, *c),
            [ip, h, c] => (*ip, *h, *c),
            _ => continue,
        };
        let host = if host.is_empty() { ephemeral() } else { host.to_string() };
        push(ip, host, container, proto);
    }
    if all {
        for port in exposed {
            let (container, proto) = port.split_once('/').unwrap_or((port, "tcp"));
            push("", ephemeral(), container, proto);
        }
    }
    out
}

/// The host side of a `docker ps` port cell (`0.0.0.0:8080->80/tcp`): address, port and protocol.
fn host_binding(cell: &str) -> Option<(&str, &str, &str)> {
    let (host, container) = cell.split_once("->")?;
    let (address, port) = host.rsplit_once(':')?;
    let proto = container.split_once('/').map_or("tcp", |(_, proto)| proto);
    Some((address, port, proto))
}

/// When the binding `cell` needs a host port that one of `taken` holds (the same port and protocol on
/// the same address, or on either side's wildcard), the `address:port` docker names in its error.
fn port_conflict(cell: &str, taken: &[String]) -> Option<String> {
    let (address, port, proto) = host_binding(cell)?;
    let wildcard = |a: &str| a == "0.0.0.0" || a == "[::]";
    taken
        .iter()
        .filter_map(|t| host_binding(t))
        .any(|(a, p, pr)| p == port && pr == proto && (a == address || wildcard(a) || wildcard(address)))
        .then(|| format!("{address}:{port}"))
}
