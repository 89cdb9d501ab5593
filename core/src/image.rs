//! The image model: [`ImageConfig`] (what `docker inspect` shows under `Config`), [`HistoryEntry`]
//! rows, and [`Image`] (config + layers + history), whose ID is the digest of its config JSON
//! (S-LAYER-4).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::digest::Digest;
use crate::format::Timestamp;
use crate::fs::Layer;

/// The default `PATH` Docker adds when an image has none (S-VAR-5).
pub const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// A health check as stored in the config (`Test` is `["CMD-SHELL", …]`, `["CMD", …]` or `["NONE"]`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Healthcheck {
    /// The test command.
    pub test: Vec<String>,
    /// Nanoseconds between checks (0 = inherit the default 30 s).
    pub interval_ns: u64,
    /// Nanoseconds before a check times out.
    pub timeout_ns: u64,
    /// Start period in nanoseconds.
    pub start_period_ns: u64,
    /// Start interval in nanoseconds.
    pub start_interval_ns: u64,
    /// Consecutive failures needed to report unhealthy.
    pub retries: u32,
}

/// The runtime configuration of an image (Docker's `Config` object).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ImageConfig {
    /// `KEY=value` entries, in order.
    pub env: Vec<String>,
    /// The default command, or `None` (null).
    pub cmd: Option<Vec<String>>,
    /// The entrypoint, or `None` (null).
    pub entrypoint: Option<Vec<String>>,
    /// The working directory (`""` = `/`).
    pub working_dir: String,
    /// The user (`""` = root).
    pub user: String,
    /// Exposed ports as `80/tcp` keys.
    pub exposed_ports: Vec<String>,
    /// Volume mount points.
    pub volumes: Vec<String>,
    /// Labels.
    pub labels: BTreeMap<String, String>,
    /// The health check.
    pub healthcheck: Option<Healthcheck>,
    /// The shell for shell-form instructions, or `None` for the default `["/bin/sh","-c"]`.
    pub shell: Option<Vec<String>>,
    /// The stop signal.
    pub stop_signal: Option<String>,
    /// ONBUILD triggers.
    pub on_build: Vec<String>,
}

impl ImageConfig {
    /// The value of an environment variable.
    pub fn env_get(&self, name: &str) -> Option<&str> {
        self.env.iter().find_map(|kv| kv.strip_prefix(name).and_then(|rest| rest.strip_prefix('=')))
    }

    /// Sets or replaces an environment variable, keeping its position (S-VAR-5).
    pub fn env_set(&mut self, name: &str, value: &str) {
        let entry = format!("{name}={value}");
        match self.env.iter_mut().find(|kv| kv.split_once('=').map(|(k, _)| k) == Some(name)) {
            Some(slot) => *slot = entry,
            None => self.env.push(entry),
        }
    }

    /// The environment as pairs.
    pub fn env_pairs(&self) -> Vec<(String, String)> {
        self.env
            .iter()
            .map(|kv| match kv.split_once('=') {
                Some((k, v)) => (k.to_string(), v.to_string()),
                None => (kv.clone(), String::new()),
            })
            .collect()
    }

    /// The shell prefix for shell-form commands.
    pub fn shell_or_default(&self) -> Vec<String> {
        self.shell.clone().unwrap_or_else(|| vec!["/bin/sh".to_string(), "-c".to_string()])
    }

    /// The config as Docker's JSON (the `Config` object of `docker inspect`).
    pub fn to_json(&self) -> Value {
        // Go marshals maps with sorted keys.
        let map_or_null = |items: &[String]| -> Value {
            if items.is_empty() {
                Value::Null
            } else {
                let mut keys = items.to_vec();
                keys.sort();
                Value::Object(keys.into_iter().map(|k| (k, json!({}))).collect())
            }
        };
        let mut obj = serde_json::Map::new();
        obj.insert("Hostname".into(), json!(""));
        obj.insert("Domainname".into(), json!(""));
        obj.insert("User".into(), json!(self.user));
        obj.insert("AttachStdin".into(), json!(false));
        obj.insert("AttachStdout".into(), json!(false));
        obj.insert("AttachStderr".into(), json!(false));
        if !self.exposed_ports.is_empty() {
            obj.insert("ExposedPorts".into(), map_or_null(&self.exposed_ports));
        }
        obj.insert("Tty".into(), json!(false));
        obj.insert("OpenStdin".into(), json!(false));
        obj.insert("StdinOnce".into(), json!(false));
        obj.insert("Env".into(), json!(self.env));
        obj.insert("Cmd".into(), json!(self.cmd));
        if let Some(h) = &self.healthcheck {
            let mut hc = serde_json::Map::new();
            hc.insert("Test".into(), json!(h.test));
            for (key, value) in [
                ("Interval", h.interval_ns),
                ("Timeout", h.timeout_ns),
                ("StartPeriod", h.start_period_ns),
                ("StartInterval", h.start_interval_ns),
            ] {
                if value != 0 {
                    hc.insert(key.into(), json!(value));
                }
            }
            if h.retries != 0 {
                hc.insert("Retries".into(), json!(h.retries));
            }
            obj.insert("Healthcheck".into(), Value::Object(hc));
        }
        obj.insert("Image".into(), json!(""));
        obj.insert("Volumes".into(), map_or_null(&self.volumes));
        obj.insert("WorkingDir".into(), json!(self.working_dir));
        obj.insert("Entrypoint".into(), json!(self.entrypoint));
        obj.insert("OnBuild".into(), if self.on_build.is_empty() { Value::Null } else { json!(self.on_build) });
        obj.insert("Labels".into(), if self.labels.is_empty() { Value::Null } else { json!(self.labels) });
        if let Some(signal) = &self.stop_signal {
            obj.insert("StopSignal".into(), json!(signal));
        }
        if let Some(shell) = &self.shell {
            obj.insert("Shell".into(), json!(shell));
        }
        Value::Object(obj)
    }

    /// Appends exactly `self.to_json().to_string()` to `out`, without building the `Value` tree.
    pub fn write_json(&self, out: &mut String) {
        let set = |out: &mut String, items: &[String]| {
            if items.is_empty() {
                out.push_str("null");
            } else {
                let mut keys: Vec<&String> = items.iter().collect();
                keys.sort();
                keys.dedup();
                json::object(out, keys.into_iter().map(|key| (key.as_str(), "{}")), |out, value| out.push_str(value));
            }
        };
        out.push_str("{\"Hostname\":\"\",\"Domainname\":\"\",\"User\":");
        json::string(out, &self.user);
        out.push_str(",\"AttachStdin\":false,\"AttachStdout\":false,\"AttachStderr\":false,");
        if !self.exposed_ports.is_empty() {
            out.push_str("\"ExposedPorts\":");
            set(out, &self.exposed_ports);
            out.push(',');
        }
        out.push_str("\"Tty\":false,\"OpenStdin\":false,\"StdinOnce\":false,\"Env\":");
        json::strings(out, Some(&self.env));
        out.push_str(",\"Cmd\":");
        json::strings(out, self.cmd.as_deref());
        if let Some(h) = &self.healthcheck {
            out.push_str(",\"Healthcheck\":{\"Test\":");
            json::strings(out, Some(&h.test));
            for (key, value) in [
                ("Interval", h.interval_ns),
                ("Timeout", h.timeout_ns),
                ("StartPeriod", h.start_period_ns),
                ("StartInterval", h.start_interval_ns),
                ("Retries", u64::from(h.retries)),
            ] {
                if value != 0 {
                    out.push_str(&format!(",\"{key}\":{value}"));
                }
            }
            out.push('}');
        }
        out.push_str(",\"Image\":\"\",\"Volumes\":");
        set(out, &self.volumes);
        out.push_str(",\"WorkingDir\":");
        json::string(out, &self.working_dir);
        out.push_str(",\"Entrypoint\":");
        json::strings(out, self.entrypoint.as_deref());
        out.push_str(",\"OnBuild\":");
        json::strings(out, (!self.on_build.is_empty()).then_some(&self.on_build[..]));
        out.push_str(",\"Labels\":");
        if self.labels.is_empty() {
            out.push_str("null");
        } else {
            json::object(out, self.labels.iter().map(|(k, v)| (k.as_str(), v)), |out, value| json::string(out, value));
        }
        if let Some(signal) = &self.stop_signal {
            out.push_str(",\"StopSignal\":");
            json::string(out, signal);
        }
        if let Some(shell) = &self.shell {
            out.push_str(",\"Shell\":");
            json::strings(out, Some(shell));
        }
        out.push('}');
    }
}

/// The pieces of compact JSON the image config is written from, in `serde_json`'s exact format.
mod json {
    /// A JSON string escaped like `serde_json` does: quote, backslash and the control characters,
    /// with the short forms where JSON has them and `\u00xx` (lower-case hex) otherwise.
    pub(super) fn string(out: &mut String, text: &str) {
        out.push('"');
        let mut plain = 0;
        for (idx, byte) in text.bytes().enumerate() {
            let escape = match byte {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..0x20 => "",
                _ => continue,
            };
            out.push_str(&text[plain..idx]);
            plain = idx + 1;
            if escape.is_empty() {
                out.push_str(&format!("\\u{byte:04x}"));
            } else {
                out.push_str(escape);
            }
        }
        out.push_str(&text[plain..]);
        out.push('"');
    }

    /// An array of strings, or `null`.
    pub(super) fn strings(out: &mut String, items: Option<&[String]>) {
        let Some(items) = items else {
            out.push_str("null");
            return;
        };
        out.push('[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            string(out, item);
        }
        out.push(']');
    }

    /// An object of `pairs` in order, each value written by `value`.
    pub(super) fn object<'a, V>(
        out: &mut String,
        pairs: impl Iterator<Item = (&'a str, V)>,
        value: impl Fn(&mut String, V),
    ) {
        out.push('{');
        for (i, (key, item)) in pairs.enumerate() {
            if i > 0 {
                out.push(',');
            }
            string(out, key);
            out.push(':');
            value(out, item);
        }
        out.push('}');
    }
}

/// One row of an image's history (S-HIST).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// When the step was first built.
    pub created: Timestamp,
    /// The `CREATED BY` text (shared: an image's history is copied into every image built on it).
    pub created_by: Arc<str>,
    /// The `COMMENT` text (`buildkit.dockerfile.v0` for BuildKit rows).
    pub comment: Arc<str>,
    /// True for metadata-only rows, which have no layer.
    pub empty_layer: bool,
}

/// Which builder produced an image; it decides `docker history`'s IMAGE column (S-HIST-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    /// Pulled from a registry or from the base-image catalog.
    Pulled,
    /// Built by BuildKit: no intermediate images.
    BuildKit,
    /// Built by the classic builder: one intermediate image per step.
    Classic,
}

/// A local image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// The image ID: the digest of the config JSON.
    pub id: Digest,
    /// The runtime config.
    pub config: ImageConfig,
    /// The layers, bottom first.
    pub layers: Vec<Arc<Layer>>,
    /// The history, oldest first; rows with a layer line up with `layers`.
    pub history: Vec<HistoryEntry>,
    /// The image creation time.
    pub created: Timestamp,
    /// The `author` field (MAINTAINER).
    pub author: String,
    /// How the image came to be.
    pub origin: Origin,
    /// For classic builds: the ID of the image before the last step.
    pub parent: Option<Digest>,
    /// The IDs of the intermediate images of a classic build, one per history row (None = `<missing>`).
    pub history_ids: Vec<Option<Digest>>,
}

impl Image {
    /// Assembles an image and computes its ID from the config JSON.
    pub fn new(
        config: ImageConfig,
        layers: Vec<Arc<Layer>>,
        history: Vec<HistoryEntry>,
        author: String,
        origin: Origin,
    ) -> Image {
        let created = history.iter().map(|h| h.created).max().unwrap_or_default();
        let mut image = Image {
            id: Digest::default(),
            config,
            layers,
            history,
            created,
            author,
            origin,
            parent: None,
            history_ids: Vec::new(),
        };
        image.id = Digest::of(image.config_json_text().as_bytes());
        image
    }

    /// The diff IDs of the layers.
    pub fn diff_ids(&self) -> Vec<Digest> {
        self.layers.iter().map(|l| Digest(l.diff_id())).collect()
    }

    /// The total uncompressed size.
    pub fn size(&self) -> u64 {
        self.layers.iter().map(|l| l.size()).sum()
    }

    /// The image config JSON whose digest is the image ID.
    pub fn config_json(&self) -> Value {
        let history: Vec<Value> = self
            .history
            .iter()
            .map(|h| {
                let mut row = serde_json::Map::new();
                row.insert("created".into(), json!(h.created.rfc3339_nano()));
                row.insert("created_by".into(), json!(h.created_by));
                if !h.comment.is_empty() {
                    row.insert("comment".into(), json!(h.comment));
                }
                if h.empty_layer {
                    row.insert("empty_layer".into(), json!(true));
                }
                Value::Object(row)
            })
            .collect();
        let diff_ids: Vec<String> = self.diff_ids().iter().map(Digest::prefixed).collect();
        let mut obj = serde_json::Map::new();
        obj.insert("architecture".into(), json!("amd64"));
        if !self.author.is_empty() {
            obj.insert("author".into(), json!(self.author));
        }
        obj.insert("config".into(), self.config.to_json());
        obj.insert("created".into(), json!(self.created.rfc3339_nano()));
        obj.insert("history".into(), Value::Array(history));
        obj.insert("os".into(), json!("linux"));
        obj.insert("rootfs".into(), json!({ "type": "layers", "diff_ids": diff_ids }));
        Value::Object(obj)
    }

    /// Exactly `self.config_json().to_string()`, the bytes whose digest is the image ID, written
    /// directly rather than through a `serde_json::Value` tree (a build computes it for every image).
    pub fn config_json_text(&self) -> String {
        let mut out = String::with_capacity(4096);
        out.push_str("{\"architecture\":\"amd64\",");
        if !self.author.is_empty() {
            out.push_str("\"author\":");
            json::string(&mut out, &self.author);
            out.push(',');
        }
        out.push_str("\"config\":");
        self.config.write_json(&mut out);
        // Timestamps and digests need no escaping: they are written in place.
        out.push_str(",\"created\":\"");
        self.created.write_rfc3339_nano(&mut out);
        out.push('"');
        out.push_str(",\"history\":[");
        for (i, h) in self.history.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"created\":\"");
            h.created.write_rfc3339_nano(&mut out);
            out.push('"');
            out.push_str(",\"created_by\":");
            json::string(&mut out, &h.created_by);
            if !h.comment.is_empty() {
                out.push_str(",\"comment\":");
                json::string(&mut out, &h.comment);
            }
            if h.empty_layer {
                out.push_str(",\"empty_layer\":true");
            }
            out.push('}');
        }
        out.push_str("],\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[");
        for (i, layer) in self.layers.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('"');
            Digest(layer.diff_id()).write_prefixed(&mut out);
            out.push('"');
        }
        out.push_str("]}}");
        out
    }

    /// Chain IDs of the layers (S-LAYER-4).
    pub fn chain_ids(&self) -> Vec<Digest> {
        let mut out: Vec<Digest> = Vec::with_capacity(self.layers.len());
        for diff in self.diff_ids() {
            let next = match out.last() {
                None => diff,
                Some(parent) => Digest::of(format!("{} {}", parent.prefixed(), diff.prefixed()).as_bytes()),
            };
            out.push(next);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The written config JSON is byte for byte what `serde_json` makes of the `Value`.
    #[test]
    fn config_json_text_matches_serde_json() {
        let odd: String = (0u8..0x80).map(char::from).chain("é→😀".chars()).collect();
        let mut config = ImageConfig {
            env: vec!["PATH=/bin".into(), format!("ODD={odd}")],
            cmd: Some(vec!["flask".into(), "run".into()]),
            entrypoint: None,
            working_dir: "/app".into(),
            user: "\"me\"".into(),
            exposed_ports: vec!["80/tcp".into(), "443/tcp".into(), "80/tcp".into()],
            volumes: vec!["/data".into()],
            labels: [("a".to_string(), "1".to_string()), ("b\n".to_string(), odd.clone())].into(),
            healthcheck: Some(Healthcheck {
                test: vec!["CMD".into()],
                interval_ns: 5,
                retries: 3,
                ..Healthcheck::default()
            }),
            shell: Some(vec!["/bin/bash".into(), "-c".into()]),
            stop_signal: Some("SIGINT".into()),
            on_build: vec!["RUN x".into()],
        };
        let history = vec![
            HistoryEntry {
                created: Timestamp::from_secs(1),
                created_by: odd.as_str().into(),
                comment: "".into(),
                empty_layer: true,
            },
            HistoryEntry {
                created: Timestamp::from_secs(2),
                created_by: "RUN a".into(),
                comment: "c".into(),
                empty_layer: false,
            },
        ];
        let layers = vec![Arc::new(Layer::new())];
        for author in ["", "me <me@example.com>"] {
            let image = Image::new(config.clone(), layers.clone(), history.clone(), author.into(), Origin::BuildKit);
            assert_eq!(image.config_json_text(), image.config_json().to_string());
        }
        config = ImageConfig::default();
        let image = Image::new(config, Vec::new(), Vec::new(), String::new(), Origin::Pulled);
        assert_eq!(image.config_json_text(), image.config_json().to_string());
    }
}
