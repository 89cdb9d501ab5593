//! The checks behind the cargo-fuzz targets in `fuzz/` (issue 9), shared with the regression suite
//! `tests/fuzz_regressions.rs`: a fuzz target is one call to a function here, and every input a
//! fuzzer found goes through the same function in the normal test run.
//!
//! Each check takes the raw bytes libFuzzer produced, bounds them to [`MAX_INPUT`], and panics when an
//! invariant does not hold (so the fuzzer records the input). Anything the simulation does with the
//! input is allowed except panicking, hanging or producing unbounded output.

use std::sync::{Arc, OnceLock};

use layerlab_core::dockerfile::expand::{expand_display, expand_word, expand_word_tracking, expand_words};
use layerlab_core::format::Timestamp;
use layerlab_core::fs::{Content, Fs, Layer};
use layerlab_core::host::{HOME_APP, Host};
use layerlab_core::sh::{self, ProcessSpec};

/// The largest input a check looks at; longer inputs are cut (at a character boundary), so a single
/// execution stays in the millisecond range. The fuzz targets also pass `-max_len` with this value.
pub const MAX_INPUT: usize = 4096;

/// The step budget of the `shell` check. The engine gives RUN 200 000 steps; a smaller budget exercises
/// the same exhaustion path while keeping one execution fast.
pub const SHELL_STEP_BUDGET: u64 = 1_000;

/// How many command lines of one input the `host` check runs.
pub const HOST_MAX_LINES: usize = 8;

/// The most output (bytes of text) any single check accepts before calling it unbounded.
pub const MAX_OUTPUT: usize = 16 << 20;

/// The text of `data`, lossily decoded and cut to `max` bytes at a character boundary.
fn bounded_text(data: &[u8], max: usize) -> String {
    let data = &data[..data.len().min(max)];
    let text = String::from_utf8_lossy(data).into_owned();
    // Lossy decoding can make the text longer (U+FFFD is three bytes); cut it back.
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}

/// `parse` on arbitrary text: no panic, every span in bounds, on character boundaries and ordered, and
/// the dump, lint and render of the result do not panic either. Invalid UTF-8 is skipped, since the
/// parser takes `&str`.
pub fn check_parse(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(&data[..data.len().min(MAX_INPUT)]) else {
        return;
    };
    let parsed = layerlab_core::parse(text);
    let in_bounds = |start: usize, end: usize| {
        start <= end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end)
    };
    let mut previous = 0;
    for instruction in &parsed.dockerfile.instructions {
        let span = instruction.span;
        assert!(in_bounds(span.start, span.end), "instruction span {span:?} out of bounds");
        assert!(span.start >= previous, "instructions out of order at {span:?}");
        assert!(instruction.start_line <= instruction.end_line, "start line after end line at {span:?}");
        let keyword = instruction.keyword.span;
        assert!(in_bounds(keyword.start, keyword.end), "keyword span {keyword:?} out of bounds");
        for flag in &instruction.flags {
            assert!(in_bounds(flag.span.start, flag.span.end), "flag span {:?} out of bounds", flag.span);
        }
        previous = span.start;
        let _ = layerlab_core::dockerfile::render(instruction);
    }
    for diagnostic in &parsed.diagnostics {
        let span = diagnostic.span;
        assert!(in_bounds(span.start, span.end), "diagnostic {} span {span:?} out of bounds", diagnostic.code);
    }
    assert!(parsed.diagnostics.windows(2).all(|w| w[0].span.start <= w[1].span.start), "diagnostics out of order");
    let _ = layerlab_core::dockerfile::dump(&parsed.dockerfile);
    for hint in layerlab_core::lint::lint(&parsed, text) {
        assert!(in_bounds(hint.span.start, hint.span.end), "lint {} span {:?} out of bounds", hint.code, hint.span);
    }
}

/// BuildKit's variable expansion with an arbitrary environment. The input is the word, then `\0`
/// separated `NAME=value` entries (an entry without `=` is a variable set to the empty string); the
/// first byte's low bit picks the escape character (`\` or `` ` ``). The four entry points must agree
/// on whether the word is valid, and none may panic.
pub fn check_expand(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let escape = if first & 1 == 0 { '\\' } else { '`' };
    let text = bounded_text(rest, MAX_INPUT);
    let mut parts = text.split('\0');
    let word = parts.next().unwrap_or_default();
    let env: Vec<(&str, &str)> = parts.map(|entry| entry.split_once('=').unwrap_or((entry, ""))).collect();
    let lookup = |name: &str| env.iter().rev().find(|(k, _)| *k == name).map(|(_, v)| v.to_string());
    let single = expand_word(word, escape, &lookup);
    let tracking = expand_word_tracking(word, escape, &lookup);
    let split = expand_words(word, escape, &lookup);
    let display = expand_display(word, escape, &lookup);
    assert_eq!(single.as_ref().err(), tracking.as_ref().err(), "expand_word and expand_word_tracking disagree");
    assert_eq!(single.as_ref().err(), split.as_ref().err(), "expand_word and expand_words disagree");
    if let (Ok(value), Ok((tracked, unset))) = (&single, &tracking) {
        assert_eq!(value, tracked, "expand_word and expand_word_tracking give different values");
        for name in unset {
            assert!(lookup(name).is_none(), "{name} is reported unset but is set");
        }
        assert!(value.len() <= MAX_OUTPUT, "expansion grew to {} bytes", value.len());
    }
    assert!(display.len() <= MAX_OUTPUT, "display expansion grew to {} bytes", display.len());
}

/// The base filesystems the `shell` check runs scripts in: `(image, shell)` pairs covering busybox
/// ash, dash and bash. Built (and indexed) once per process.
const SHELL_BASES: [(&str, &str); 3] =
    [("alpine:3.20", "/bin/sh"), ("debian:bookworm", "/bin/sh"), ("ubuntu:24.04", "/bin/bash")];

fn shell_bases() -> &'static [Fs] {
    static BASES: OnceLock<Vec<Fs>> = OnceLock::new();
    BASES.get_or_init(|| {
        SHELL_BASES
            .iter()
            .map(|(image, _)| {
                let layers: Vec<Arc<Layer>> =
                    layerlab_core::rootfs::base_layers(image).unwrap_or_default().into_iter().map(Arc::new).collect();
                // Indexed like the catalog's bases, so a lookup costs what it costs in a real RUN.
                layerlab_core::fs::index_stack(&layers);
                Fs::new(layers)
            })
            .collect()
    })
}

/// The simulated shell on arbitrary scripts. The first byte picks the base image and shell (busybox
/// ash, dash or bash), the user and whether a TTY is attached; the rest is the script, and text after
/// a `\0` is standard input. The script runs with [`SHELL_STEP_BUDGET`] steps; it must end (exited,
/// serving or hung) without a panic and with bounded output.
pub fn check_shell(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let base = usize::from(first % 3);
    let text = bounded_text(rest, MAX_INPUT);
    let (script, stdin) = match text.split_once('\0') {
        Some((script, stdin)) => (script, Some(stdin.to_string())),
        None => (text.as_str(), None),
    };
    let mut fs = shell_bases()[base].clone();
    let spec = ProcessSpec {
        argv: vec![SHELL_BASES[base].1.to_string(), "-c".to_string(), script.to_string()],
        user: if first & 0x10 == 0 { "root".to_string() } else { "nobody".to_string() },
        network: first & 0x20 == 0,
        tty: first & 0x40 != 0,
        stdin,
        step_budget: SHELL_STEP_BUDGET,
        ..ProcessSpec::default()
    };
    if let Ok(output) = sh::start(&mut fs, &spec) {
        let bytes: usize = output.lines.iter().map(|l| l.text.len()).sum();
        assert!(bytes <= MAX_OUTPUT, "the script printed {bytes} bytes");
    }
}

/// The Dockerfile of the `host` check's working directory, used unless the input brings its own.
pub const HOST_DOCKERFILE: &str = "FROM alpine:3.20\nARG GREETING=hi\nENV APP=/app\nWORKDIR /app\n\
COPY app.sh .\nRUN echo \"$GREETING\" > greeting && chmod +x app.sh\nEXPOSE 8080\nCMD [\"./app.sh\"]\n";

/// The host the `host` check starts from: a working directory with [`HOST_DOCKERFILE`], a script and
/// a `.dockerignore`. Built once per process and cloned for each input.
fn base_host() -> &'static Host {
    static HOST: OnceLock<Host> = OnceLock::new();
    HOST.get_or_init(|| {
        let files = [
            ("Dockerfile".to_string(), HOST_DOCKERFILE.as_bytes().to_vec()),
            ("app.sh".to_string(), b"#!/bin/sh\necho \"hello from $APP\"\ncat /app/greeting\n".to_vec()),
            (".dockerignore".to_string(), b"*.log\n".to_vec()),
        ];
        let mut host = Host::new(&files, Timestamp::from_secs(1_800_000_000));
        // A terminal, so `docker run -it` and `docker exec -it` attach to container shells.
        host.tty = true;
        host
    })
}

/// `layerlab shell` command lines on a fresh simulated host. The input is up to [`HOST_MAX_LINES`]
/// lines, each run with `Host::execute`; when it contains a line `---`, the text before it replaces
/// the working directory's Dockerfile. Output must stay bounded.
pub fn check_host(data: &[u8]) {
    let text = bounded_text(data, MAX_INPUT);
    let mut host = base_host().clone();
    let commands = match text.split_once("\n---\n") {
        Some((dockerfile, commands)) => {
            let path = format!("{HOME_APP}/Dockerfile");
            let _ = host.fs.write_file(&path, Content::bytes(dockerfile.as_bytes()), 0o644, 1000, 1000);
            commands
        }
        None => text.as_str(),
    };
    let mut bytes = 0;
    for line in commands.lines().take(HOST_MAX_LINES) {
        let result = host.execute(line);
        bytes += result.lines.iter().map(|l| l.text.len()).sum::<usize>();
        assert!(bytes <= MAX_OUTPUT, "the session printed {bytes} bytes");
    }
}

/// Runs the check named `target` (`parse`, `expand`, `shell` or `host`) on `data`; `false` for an
/// unknown name.
pub fn check(target: &str, data: &[u8]) -> bool {
    match target {
        "parse" => check_parse(data),
        "expand" => check_expand(data),
        "shell" => check_shell(data),
        "host" => check_host(data),
        _ => return false,
    }
    true
}
