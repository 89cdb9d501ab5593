//! Benchmark: cold builds of the largest corpus Dockerfiles whose base images are in the catalog
//! (issue 9), plus one pass over all of them. Each build starts from an empty world (no cache, no
//! pulled images), with an empty context, as `tests/builds.rs` runs them; missing context files make
//! some builds fail early, which the outcome column shows.
//!
//! Run with `cargo bench -p layerlab-tests --bench corpus_builds`.

use std::time::Instant;

use layerlab_core::context::BuildContext;
use layerlab_core::engine::{Build, BuildInput, BuildOptions, BuildOutcome, BuildWorld};
use layerlab_core::format::Timestamp;

fn build(text: &str) -> Build {
    let input = BuildInput {
        dockerfile: text.to_string(),
        context: BuildContext::default(),
        options: BuildOptions { dockerfile_name: "Dockerfile".into(), network: true, ..BuildOptions::default() },
        now: Timestamp::from_secs(1_800_000_000),
    };
    Build::run_to_end(input, BuildWorld::default())
}

fn main() {
    let Some(dir) = layerlab_tests::corpus_dir() else {
        println!("corpus not found: set LAYERLAB_CORPUS; skipped");
        return;
    };
    let mut files: Vec<(String, String)> = layerlab_tests::corpus_files(&dir)
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            let name = path.strip_prefix(&dir).unwrap_or(&path).display().to_string();
            layerlab_tests::bases_in_catalog(&text).then_some((name, text))
        })
        .collect();
    files.sort_by_key(|(_, text)| std::cmp::Reverse(text.len()));
    let rounds: usize = std::env::var("BENCH_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(15);
    println!("largest corpus Dockerfiles with catalog bases, cold build (median of {rounds}):");
    for (name, text) in files.iter().take(5) {
        let mut samples: Vec<f64> = (0..rounds)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(build(text));
                start.elapsed().as_secs_f64() * 1e6
            })
            .collect();
        samples.sort_by(f64::total_cmp);
        let done = build(text);
        let outcome = done.outcome().map_or("unfinished", BuildOutcome::name);
        println!(
            "  {:>9.1} µs  {:>6} B  {:>5} events  {outcome:<9}  {name}",
            samples[rounds / 2],
            text.len(),
            done.events().len()
        );
    }
    let start = Instant::now();
    for (_, text) in &files {
        std::hint::black_box(build(text));
    }
    let total = start.elapsed().as_secs_f64() * 1e3;
    println!(
        "all {} buildable corpus Dockerfiles: {total:.1} ms ({:.1} µs each)",
        files.len(),
        total * 1e3 / files.len() as f64
    );
}
