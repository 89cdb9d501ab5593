//! Parse throughput on the corpus: our `parse` against the `parse-dockerfile` crate, interleaved in
//! one run, in MB/s, plus how many BuildKit fixtures `parse-dockerfile` accepts.
//!
//! Run with `cargo bench -p layerlab-tests --bench parse`.

use std::time::{Duration, Instant};

fn main() {
    let Some(dir) = layerlab_tests::corpus_dir() else {
        println!("corpus not found: set LAYERLAB_CORPUS; skipped");
        return;
    };
    let texts: Vec<String> = layerlab_tests::corpus_files(&dir)
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let theirs_ok = texts.iter().filter(|t| parse_dockerfile::parse(t).is_ok()).count();
    println!("corpus: {} files, {:.2} MB; parse-dockerfile accepts {theirs_ok}", texts.len(), bytes as f64 / 1e6);
    fixtures();

    let rounds = std::env::var("BENCH_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(20);
    let (mut ours, mut theirs) = (Duration::ZERO, Duration::ZERO);
    let mut sink = 0usize;
    for _ in 0..rounds {
        let start = Instant::now();
        for text in &texts {
            sink += layerlab_core::parse(text).dockerfile.instructions.len();
        }
        ours += start.elapsed();
        let start = Instant::now();
        for text in &texts {
            sink += parse_dockerfile::parse(text).map_or(0, |d| d.instructions.len());
        }
        theirs += start.elapsed();
    }
    let total = (bytes * rounds) as f64 / 1e6;
    let ours_mbs = total / ours.as_secs_f64();
    let theirs_mbs = total / theirs.as_secs_f64();
    println!("layerlab parse:   {ours_mbs:8.1} MB/s");
    println!("parse-dockerfile: {theirs_mbs:8.1} MB/s");
    println!("ratio (ours / theirs): {:.2}x  (checksum {sink})", ours_mbs / theirs_mbs);
}

/// How parse-dockerfile does on BuildKit's parser fixtures (it has no dump, so only accept/reject).
fn fixtures() {
    let root = layerlab_tests::tests_dir().join("fixtures/buildkit-parser");
    let mut accepted = Vec::new();
    for kind in ["positive", "negative"] {
        let Ok(entries) = std::fs::read_dir(root.join(kind)) else {
            continue;
        };
        let mut ok = 0;
        let mut total = 0;
        for entry in entries.flatten() {
            let Ok(text) = std::fs::read_to_string(entry.path().join("Dockerfile")) else {
                continue;
            };
            total += 1;
            if parse_dockerfile::parse(&text).is_ok() {
                ok += 1;
            }
        }
        accepted.push(format!("{kind}: {ok}/{total} accepted"));
    }
    println!("parse-dockerfile on BuildKit fixtures: {}", accepted.join(", "));
}
