//! Times every input of a fuzz corpus through its check, natively and without instrumentation, to find
//! the inputs that make a fuzz target slow: `cargo run --release -p layerlab-tests --example fuzz_time --
//! shell fuzz/corpus/shell`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [target, dir] = args.as_slice() else {
        eprintln!("usage: fuzz_time TARGET CORPUS_DIR");
        std::process::exit(2);
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("fuzz_time: cannot read {dir}");
        std::process::exit(2);
    };
    let mut times: Vec<(Duration, PathBuf)> = Vec::new();
    for path in entries.filter_map(Result::ok).map(|entry| entry.path()) {
        let Ok(data) = std::fs::read(&path) else { continue };
        let start = Instant::now();
        if !layerlab_tests::fuzz::check(target, &data) {
            eprintln!("fuzz_time: unknown target {target}");
            std::process::exit(2);
        }
        times.push((start.elapsed(), path));
    }
    if times.is_empty() {
        println!("no inputs");
        return;
    }
    times.sort();
    let n = times.len();
    let total: Duration = times.iter().map(|t| t.0).sum();
    let slowest: Duration = times.iter().rev().take(n.div_ceil(20)).map(|t| t.0).sum();
    println!(
        "{n} inputs in {total:?}: median {:?}, p90 {:?}, p99 {:?}; the slowest 5 % take {:.0} % of the time",
        times[n / 2].0,
        times[n * 9 / 10].0,
        times[n * 99 / 100].0,
        100.0 * slowest.as_secs_f64() / total.as_secs_f64().max(f64::MIN_POSITIVE)
    );
    for (time, path) in times.iter().rev().take(8) {
        println!("{:>12?} {}", time, path.display());
    }
}
