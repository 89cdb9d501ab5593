//! `docker stats`: each running container's CPU, memory, network and block I/O and PIDs.
//!
//! The figures are a snapshot of what the container's main program typically uses when idle (nginx
//! with its workers, a Flask server, node, `sleep`), varied a little per container so two look like
//! two. A command that never ends on its own and serves nothing (a busy loop) holds a whole CPU. The
//! real command keeps redrawing until Ctrl-C; the simulator prints the first frame, which is also
//! what `--no-stream` prints.

use serde_json::{Value, json};

use super::args::{switch, value};
use super::containers::Container;
use super::images::{format_rows, parse_or_report};
use super::{CommandResult, Host};
use crate::format::human_size;

/// The column titles of `docker stats --format 'table …'`, by field.
const STATS_HEADERS: &[(&str, &str)] = &[
    ("Container", "CONTAINER"),
    ("ID", "CONTAINER ID"),
    ("Name", "NAME"),
    ("CPUPerc", "CPU %"),
    ("MemUsage", "MEM USAGE / LIMIT"),
    ("MemPerc", "MEM %"),
    ("NetIO", "NET I/O"),
    ("BlockIO", "BLOCK I/O"),
    ("PIDs", "PIDS"),
];

/// The default format (docker/cli `formatter/stats.go`).
const DEFAULT_FORMAT: &str =
    "table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}";

/// The memory limit a container without `-m` sees: the host's memory (`docker info`'s Total Memory).
const HOST_MEMORY: u64 = 4_102_520_832;

impl Host {
    /// `docker stats [OPTIONS] [CONTAINER...]`.
    pub(super) fn stats(&mut self, words: &[String]) -> CommandResult {
        let mut r = CommandResult::default();
        let specs =
            [switch("all", Some('a')), switch("no-stream", None), switch("no-trunc", None), value("format", None)];
        let Some(parsed) = parse_or_report(&mut r, words, &specs, true, "stats") else { return r };
        let now = self.now;
        let mut chosen: Vec<&Container> = Vec::new();
        for name in &parsed.args {
            match self.container_index(name) {
                Some(i) => chosen.push(&self.containers[i]),
                None => {
                    r.err(format!("Error response from daemon: No such container: {name}"));
                    r.exit = 1;
                    return r;
                }
            }
        }
        if parsed.args.is_empty() {
            chosen = self.containers.iter().filter(|c| parsed.on("all") || c.is_running(now)).rev().collect();
        }
        let no_trunc = parsed.on("no-trunc");
        let rows: Vec<Value> = chosen.iter().map(|c| row(c, c.is_running(now), no_trunc)).collect();
        let format = parsed.get("format").unwrap_or(DEFAULT_FORMAT);
        format_rows(&mut r, format, &rows, STATS_HEADERS);
        r
    }
}

/// One container's figures; a stopped one shows zeros and dashes as docker does.
fn row(c: &Container, running: bool, no_trunc: bool) -> Value {
    let id = if no_trunc { c.id.hex() } else { c.id.short() };
    if !running {
        return json!({
            "Container": id, "ID": id, "Name": c.name, "CPUPerc": "0.00%", "MemUsage": "0B / 0B",
            "MemPerc": "0.00%", "NetIO": "0B / 0B", "BlockIO": "0B / 0B", "PIDs": "0",
        });
    }
    // A small per-container variation, so the figures of two containers differ.
    let wobble = u64::from(c.id.0[2]) * 256 + u64::from(c.id.0[3]);
    let program = c.argv.iter().map(|a| crate::fs::basename(a)).find(|a| !a.ends_with(".sh")).unwrap_or("");
    let (memory, pids) = match program {
        "nginx" => (7_600_000, 3),
        "node" | "npm" | "nodejs" => (42_000_000, 7),
        "flask" | "gunicorn" | "uvicorn" => (31_000_000, 1),
        p if p.starts_with("python") => (24_000_000, 1),
        "java" => (180_000_000, 19),
        "postgres" => (28_000_000, 6),
        "redis-server" => (3_400_000, 5),
        "bash" | "sh" | "ash" => (1_300_000, 1),
        _ => (420_000, 1),
    };
    let memory = memory + wobble % 4096 * 16;
    // A command that never ends and serves nothing is spinning (a shell alone, `docker run -it`,
    // waits for its terminal instead).
    let busy = c.listener.is_none()
        && c.argv.len() > 1
        && matches!(c.state, super::containers::ContainerState::Running { until: None, .. });
    let cpu = if busy { format!("{}.{:02}%", 98 + wobble % 2, wobble % 100) } else { "0.00%".to_string() };
    let received = 700 + wobble % 800;
    json!({
        "Container": id,
        "ID": id,
        "Name": c.name,
        "CPUPerc": cpu,
        "MemUsage": format!("{} / {}", binary_size(memory), binary_size(HOST_MEMORY)),
        "MemPerc": format!("{:.2}%", memory as f64 * 100.0 / HOST_MEMORY as f64),
        "NetIO": format!("{} / 0B", human_size(received)),
        "BlockIO": "0B / 0B",
        "PIDs": pids.to_string(),
    })
}

/// Bytes in binary units as docker stats prints memory (`units.BytesSize`): `7.25MiB`, `3.821GiB`.
fn binary_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    // Go's `%.4g`: four significant digits, trailing zeros dropped.
    let digits = if value >= 1000.0 {
        0
    } else if value >= 100.0 {
        1
    } else if value >= 10.0 {
        2
    } else {
        3
    };
    let text = format!("{value:.digits$}");
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_string() } else { text };
    format!("{text}{}", UNITS[unit])
}
