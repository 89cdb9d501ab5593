//! Data-driven shell fixtures: every `tests/sh/*.txt` runs one or more steps (`=== RUN` shell
//! scripts, `=== EXEC` argv lines) on a base image and is compared with `*.expect` next to it.
//! Refresh the goldens with `UPDATE_EXPECT=1 cargo test -p layerlab-core --test sh`.
//!
//! Header lines (before the first step): `image:`, `env: K=V`, `cwd:`, `user:`, `network: off`,
//! `budget:`, `shell: /bin/bash -c`, `tty: on`, `stdin: text`, and `peer: ADDRESS NAME…` (a container
//! Docker's DNS resolves, as on a user-defined network).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use layerlab_core::fs::Fs;
use layerlab_core::rootfs::base_layers;
use layerlab_core::sh::{DEFAULT_PATH, Peer, ProcessSpec, Stream, start};

struct Case {
    image: String,
    env: Vec<(String, String)>,
    cwd: String,
    user: String,
    network: bool,
    budget: u64,
    shell: Vec<String>,
    tty: bool,
    stdin: Option<String>,
    peers: Vec<Peer>,
    steps: Vec<(bool, String)>,
}

fn parse(text: &str) -> Case {
    let mut case = Case {
        image: "ubuntu:22.04".into(),
        env: vec![("PATH".into(), DEFAULT_PATH.into())],
        cwd: "/".into(),
        user: "root".into(),
        network: true,
        budget: 100_000,
        shell: vec!["/bin/sh".into(), "-c".into()],
        tty: false,
        stdin: None,
        peers: Vec::new(),
        steps: Vec::new(),
    };
    let mut current: Option<(bool, String)> = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("=== ") {
            if let Some(step) = current.take() {
                case.steps.push(step);
            }
            current = Some(match rest.strip_prefix("EXEC ") {
                Some(argv) => (true, argv.to_string()),
                None => (false, String::new()),
            });
            continue;
        }
        match &mut current {
            Some((false, script)) => {
                script.push_str(line);
                script.push('\n');
            }
            Some((true, _)) => {}
            None => {
                let Some((key, value)) = line.split_once(": ") else { continue };
                match key {
                    "image" => case.image = value.to_string(),
                    "env" => {
                        let (k, v) = value.split_once('=').unwrap();
                        case.env.retain(|(name, _)| name != k);
                        case.env.push((k.to_string(), v.to_string()));
                    }
                    "cwd" => case.cwd = value.to_string(),
                    "user" => case.user = value.to_string(),
                    "network" => case.network = value != "off",
                    "budget" => case.budget = value.parse().unwrap(),
                    "shell" => case.shell = value.split_whitespace().map(String::from).collect(),
                    "tty" => case.tty = value == "on",
                    "stdin" => case.stdin = Some(format!("{}\n", value.replace("\\n", "\n"))),
                    "peer" => {
                        let mut words = value.split_whitespace().map(String::from);
                        let address = words.next().unwrap();
                        case.peers.push(Peer { names: words.collect(), address });
                    }
                    _ => panic!("unknown header {key}"),
                }
            }
        }
    }
    if let Some(step) = current {
        case.steps.push(step);
    }
    case
}

fn run_case(text: &str) -> String {
    let case = parse(text);
    let layers = base_layers(&case.image).unwrap_or_else(|| panic!("unknown image {}", case.image));
    let mut fs = Fs::new(layers.into_iter().map(Arc::new).collect());
    let mut out = String::new();
    for (idx, (exec, body)) in case.steps.iter().enumerate() {
        let argv: Vec<String> = if *exec && body.starts_with('[') {
            serde_json::from_str(body).expect("EXEC takes a JSON array")
        } else if *exec {
            body.split_whitespace().map(String::from).collect()
        } else {
            let mut argv = case.shell.clone();
            argv.push(body.trim_end_matches('\n').to_string());
            argv
        };
        let spec = ProcessSpec {
            argv: argv.clone(),
            env: case.env.clone(),
            cwd: case.cwd.clone(),
            user: case.user.clone(),
            hostname: "buildkitsandbox".into(),
            network: case.network,
            tty: case.tty,
            stdin: case.stdin.clone(),
            step_budget: case.budget,
            peers: case.peers.clone(),
        };
        out.push_str(&format!("## step {} {}\n", idx + 1, if *exec { format!("{argv:?}") } else { "RUN".to_string() }));
        match start(&mut fs, &spec) {
            Err(error) => out.push_str(&format!("start error: {error}\n")),
            Ok(output) => {
                for line in &output.lines {
                    let mark = match line.stream {
                        Stream::Stdout => "1",
                        Stream::Stderr => "2",
                    };
                    out.push_str(&format!("{mark}| {}\n", line.text));
                }
                out.push_str(&format!("status: {:?} after {}ms\n", output.status, output.elapsed_ms));
            }
        }
        let layer = fs.take_upper();
        out.push_str(&format!("layer: {} changes, {} bytes\n", layer.changes.len(), layer.size()));
        let summary = layer.summary();
        for line in summary.iter().take(25) {
            out.push_str(&format!("  {line}\n"));
        }
        if summary.len() > 25 {
            out.push_str(&format!("  … {} more\n", summary.len() - 25));
        }
        for path in layer.whiteout_paths() {
            out.push_str(&format!("  whiteout {path}\n"));
        }
    }
    out
}

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sh")
}

#[test]
fn fixtures() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixture_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let actual = run_case(&text);
        let expect = expect_test::expect_file![path.with_extension("expect")];
        expect.assert_eq(&actual);
    }
}
