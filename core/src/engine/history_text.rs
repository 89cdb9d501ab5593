//! Metadata instructions (ENV, ARG, LABEL, CMD, ENTRYPOINT, …): their effect on the image config
//! (S-INSTR) and the `CREATED BY` text BuildKit writes for them (S-HIST-3).

use crate::format::{go_list, go_quote_list};
use crate::image::Healthcheck;
use crate::instruction::{Command, HealthcheckCommand, Instruction};
use crate::words;

use super::BuildError;
use super::exec::{StageState, argv_of};

/// What a metadata instruction changed.
pub(crate) struct MetaChange {
    /// `(field, before JSON, after JSON)`.
    pub fields: Vec<(String, String, String)>,
    /// The history row, if the instruction writes one (ONBUILD does not).
    pub history: Option<String>,
}

/// The `CREATED BY` text of a RUN (S-HIST-3): BuildKit writes `RUN |2 A=1 B=x /bin/sh -c make # buildkit`
/// (ARGs in declaration order); the classic builder writes `|2 A=1 B=x /bin/sh -c make` (ARGs sorted).
pub(crate) fn run(argv: &[String], args: &[(String, String)], classic: bool) -> String {
    let mut args = args.to_vec();
    if classic {
        args.sort();
    }
    let mut out = if classic { String::new() } else { "RUN ".to_string() };
    if !args.is_empty() {
        out.push_str(&format!("|{} ", args.len()));
        for (k, v) in &args {
            out.push_str(&format!("{k}={v} "));
        }
    }
    out.push_str(&argv.join(" "));
    if !classic {
        out.push_str(" # buildkit");
    }
    out
}

/// The longest value an ENV, LABEL or ARG may have after expansion (1 MiB).
const MAX_VALUE: usize = 1 << 20;

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

const SIGNALS: &[&str] = &[
    "SIGABRT",
    "SIGALRM",
    "SIGBUS",
    "SIGCHLD",
    "SIGCLD",
    "SIGCONT",
    "SIGFPE",
    "SIGHUP",
    "SIGILL",
    "SIGINT",
    "SIGIO",
    "SIGIOT",
    "SIGKILL",
    "SIGPIPE",
    "SIGPOLL",
    "SIGPROF",
    "SIGPWR",
    "SIGQUIT",
    "SIGSEGV",
    "SIGSTKFLT",
    "SIGSTOP",
    "SIGSYS",
    "SIGTERM",
    "SIGTRAP",
    "SIGTSTP",
    "SIGTTIN",
    "SIGTTOU",
    "SIGURG",
    "SIGUSR1",
    "SIGUSR2",
    "SIGVTALRM",
    "SIGWINCH",
    "SIGXCPU",
    "SIGXFSZ",
];

fn valid_signal(signal: &str) -> bool {
    if let Ok(n) = signal.parse::<u32>() {
        return (1..=64).contains(&n);
    }
    let upper = signal.to_ascii_uppercase();
    let name = if upper.starts_with("SIG") { upper } else { format!("SIG{upper}") };
    SIGNALS.contains(&name.as_str()) || name.starts_with("SIGRTMIN") || name.starts_with("SIGRTMAX")
}

/// Parses a Go duration such as `30s`, `1m30s`, `500ms` into nanoseconds.
fn duration_ns(text: &str) -> Option<u64> {
    let mut total: f64 = 0.0;
    let mut rest = text;
    while !rest.is_empty() {
        let num_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let value: f64 = rest[..num_len].parse().ok()?;
        rest = &rest[num_len..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let factor = match &rest[..unit_len] {
            "ns" => 1.0,
            "us" | "µs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return None,
        };
        total += value * factor;
        rest = &rest[unit_len..];
    }
    Some(total as u64)
}

/// Applies a metadata instruction to the stage state.
pub(crate) fn metadata(
    state: &mut StageState,
    ins: &Instruction,
    escape: char,
    build_args: &[(String, String)],
    classic: bool,
) -> Result<Option<MetaChange>, BuildError> {
    let err = |message: String| BuildError::dockerfile(message, ins);
    // S-VAR-3: every substitution uses the values from before this instruction.
    // Only a `$` makes the expander look a variable up (a JSON `\u` escape may spell one), so the
    // snapshot is taken only when the instruction has one.
    let (config_before, args_before) = if ins.original.contains('$') || ins.original.contains("\\u") {
        (state.config.clone(), state.args.clone())
    } else {
        (crate::image::ImageConfig::default(), Vec::new())
    };
    let lookup = |n: &str| super::exec::lookup_var(&config_before, &args_before, n);
    // A chain like `ENV A=$A$A` doubles on every line; values are capped so memory stays bounded.
    let word = |w: &str| {
        let value = words::expand_word(w, escape, &lookup).map_err(|e| err(e.to_string()))?;
        if value.len() > MAX_VALUE {
            return Err(err(format!(
                "[layerlab] a value grew past {} MiB after variable expansion; the simulator stops here",
                MAX_VALUE >> 20
            )));
        }
        Ok(value)
    };
    let words = |w: &str| words::expand_words(w, escape, &lookup).map_err(|e| err(e.to_string()));
    let shell = state.config.shell_or_default();
    let mut fields = Vec::new();
    let history = match &ins.command {
        Command::Env(env) => {
            let before = json(&state.config.env);
            let mut parts = Vec::new();
            for kv in &env.pairs {
                let key = word(&kv.key.value)?;
                let value = word(&kv.value.value)?;
                state.config.env_set(&key, &value);
                parts.push(format!("{key}={value}"));
            }
            fields.push(("Env".to_string(), before, json(&state.config.env)));
            Some(format!("ENV {}", parts.join(" ")))
        }
        Command::Label(label) => {
            let before = json(&state.config.labels);
            let mut parts = Vec::new();
            for kv in &label.pairs {
                let key = word(&kv.key.value)?;
                let value = word(&kv.value.value)?;
                state.config.labels.insert(key.clone(), value.clone());
                parts.push(format!("{key}={value}"));
            }
            fields.push(("Labels".to_string(), before, json(&state.config.labels)));
            Some(format!("LABEL {}", parts.join(" ")))
        }
        Command::Arg(arg) => {
            let mut parts = Vec::new();
            for decl in &arg.args {
                let name = decl.name.value.to_string();
                let default = match &decl.default {
                    Some(d) => Some(word(&d.value)?),
                    None => None,
                };
                let value = build_args
                    .iter()
                    .rev()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.clone())
                    .or_else(|| default.clone())
                    .or_else(|| state.global_arg(&name));
                parts.push(match &default {
                    Some(d) => format!("{name}={d}"),
                    None => name.clone(),
                });
                state.args.retain(|(k, _)| *k != name);
                state.args.push((name, value));
            }
            Some(format!("ARG {}", parts.join(" ")))
        }
        Command::Expose(expose) => {
            let before = json(&state.config.exposed_ports);
            let mut ports = Vec::new();
            for p in &expose.ports {
                for w in words(&p.value)? {
                    for key in exposed_ports(&w).map_err(err)? {
                        if !state.config.exposed_ports.contains(&key) {
                            state.config.exposed_ports.push(key.clone());
                        }
                        ports.push(key);
                    }
                }
            }
            fields.push(("ExposedPorts".to_string(), before, json(&state.config.exposed_ports)));
            Some(format!("EXPOSE {}", go_list(&ports)))
        }
        Command::Volume(volume) => {
            let before = json(&state.config.volumes);
            let mut paths = Vec::new();
            for p in &volume.paths {
                let v = word(&p.value)?;
                if v.trim().is_empty() {
                    return Err(err("VOLUME specified can not be an empty string".to_string()));
                }
                if !state.config.volumes.contains(&v) {
                    state.config.volumes.push(v.clone());
                }
                paths.push(v);
            }
            fields.push(("Volumes".to_string(), before, json(&state.config.volumes)));
            Some(format!("VOLUME {}", go_list(&paths)))
        }
        Command::User(user) => {
            let before = json(&state.config.user);
            state.config.user = word(&user.user.value)?;
            fields.push(("User".to_string(), before, json(&state.config.user)));
            Some(format!("USER {}", state.config.user))
        }
        Command::Cmd(cmd) => {
            let before = json(&state.config.cmd);
            let argv = argv_of(&cmd.command, &shell);
            // BuildKit writes the image config with Go's `omitempty`, so `CMD []` stores no Cmd at all
            // (`docker inspect` shows null); the classic builder commits the empty array (S-EP-1).
            state.config.cmd = if argv.is_empty() && !classic { None } else { Some(argv.clone()) };
            // S-EP-4: for the classic builder only a non-empty CMD protects it from a later ENTRYPOINT.
            state.cmd_set = !classic || !argv.is_empty();
            fields.push(("Cmd".to_string(), before, json(&state.config.cmd)));
            Some(format!("CMD {}", go_quote_list(&argv)))
        }
        Command::Entrypoint(ep) => {
            let before = json(&state.config.entrypoint);
            let argv = argv_of(&ep.command, &shell);
            // As for CMD: BuildKit omits an empty array, the classic builder keeps it (S-EP-1).
            state.config.entrypoint = if argv.is_empty() && !classic { None } else { Some(argv.clone()) };
            fields.push(("Entrypoint".to_string(), before, json(&state.config.entrypoint)));
            // S-EP-4: an ENTRYPOINT resets an inherited CMD unless a CMD came earlier in this stage.
            if !state.cmd_set && state.config.cmd.is_some() {
                let before = json(&state.config.cmd);
                state.config.cmd = None;
                fields.push(("Cmd".to_string(), before, "null".to_string()));
            }
            Some(format!("ENTRYPOINT {}", go_quote_list(&argv)))
        }
        Command::Shell(sh) => {
            let before = json(&state.config.shell);
            let argv: Vec<String> = sh.shell.iter().map(|s| s.value.to_string()).collect();
            state.config.shell = Some(argv.clone());
            fields.push(("Shell".to_string(), before, json(&state.config.shell)));
            Some(format!("SHELL {}", go_list(&argv)))
        }
        Command::Stopsignal(s) => {
            let signal = word(&s.signal.value)?;
            if !valid_signal(&signal) {
                return Err(err(format!("invalid signal: {signal}")));
            }
            let before = json(&state.config.stop_signal);
            state.config.stop_signal = Some(signal.clone());
            fields.push(("StopSignal".to_string(), before, json(&state.config.stop_signal)));
            Some(format!("STOPSIGNAL {signal}"))
        }
        Command::Healthcheck(h) => {
            let before = json(&state.config.healthcheck);
            let check = match h {
                HealthcheckCommand::None => Healthcheck { test: vec!["NONE".to_string()], ..Healthcheck::default() },
                HealthcheckCommand::Cmd { command, interval, timeout, start_period, start_interval, retries } => {
                    let test = match command {
                        crate::instruction::CommandLine::Exec(words) => {
                            let mut t = vec!["CMD".to_string()];
                            t.extend(words.iter().map(|w| w.value.to_string()));
                            t
                        }
                        crate::instruction::CommandLine::Shell(text) => {
                            vec!["CMD-SHELL".to_string(), text.value.to_string()]
                        }
                    };
                    let dur = |d: &Option<String>, name: &str| -> Result<u64, BuildError> {
                        match d {
                            None => Ok(0),
                            Some(text) => duration_ns(text)
                                .ok_or_else(|| err(format!("time: invalid duration \"{text}\" for --{name}"))),
                        }
                    };
                    Healthcheck {
                        test,
                        interval_ns: dur(interval, "interval")?,
                        timeout_ns: dur(timeout, "timeout")?,
                        start_period_ns: dur(start_period, "start-period")?,
                        start_interval_ns: dur(start_interval, "start-interval")?,
                        retries: retries.unwrap_or(0),
                    }
                }
            };
            let text = format!(
                "HEALTHCHECK {{Test:{} Interval:{} Timeout:{} StartPeriod:{} StartInterval:{} Retries:{}}}",
                go_list(&check.test),
                crate::format::go_duration(check.interval_ns),
                crate::format::go_duration(check.timeout_ns),
                crate::format::go_duration(check.start_period_ns),
                crate::format::go_duration(check.start_interval_ns),
                check.retries
            );
            state.config.healthcheck = Some(check);
            fields.push(("Healthcheck".to_string(), before, json(&state.config.healthcheck)));
            Some(text)
        }
        Command::Maintainer(m) => {
            state.author = m.name.value.to_string();
            Some(format!("MAINTAINER {}", state.author))
        }
        Command::Onbuild(on) => {
            let before = json(&state.config.on_build);
            state.config.on_build.push(on.expression.clone());
            fields.push(("OnBuild".to_string(), before, json(&state.config.on_build)));
            None
        }
        _ => None,
    };
    Ok(Some(MetaChange { fields, history }))
}

impl StageState {
    /// A global ARG's value, for a bare `ARG NAME` in a stage (S-VAR-4). Set by the engine.
    pub(crate) fn global_arg(&self, name: &str) -> Option<String> {
        self.globals.iter().rev().find(|(k, _)| k == name).and_then(|(_, v)| v.clone())
    }
}

/// The `PORT/proto` keys one `EXPOSE` word stands for, or go-connections' error (`nat.ParsePortSpec`,
/// which BuildKit calls): a port or range of 16-bit numbers first, then the protocol (`tcp`, `udp` or
/// `sctp`, any case; `tcp` when none is given).
pub(crate) fn exposed_ports(word: &str) -> Result<Vec<String>, String> {
    let (port, proto) = match word.rsplit_once('/') {
        Some((port, proto)) => (port, proto),
        None => (word, "tcp"),
    };
    let range: Vec<u16> = match port.split_once('-') {
        Some((a, b)) => match (a.parse::<u16>(), b.parse::<u16>()) {
            (Ok(a), Ok(b)) if a <= b && b - a < 1000 => (a..=b).collect(),
            _ => return Err(format!("invalid containerPort: {port}")),
        },
        None => vec![port.parse::<u16>().map_err(|_| format!("invalid containerPort: {port}"))?],
    };
    let proto = proto.to_ascii_lowercase();
    if !matches!(proto.as_str(), "tcp" | "udp" | "sctp") {
        return Err(format!("invalid proto: {}", word.rsplit_once('/').map_or("", |(_, p)| p)));
    }
    Ok(range.into_iter().map(|n| format!("{n}/{proto}")).collect())
}
