//! Fuzz regressions (issue 9): every input under `fixtures/fuzz-regressions/<target>/` (crashes the
//! fuzzers found, each fixed in core) and every seed under `../fuzz/seeds/<target>/` goes through the
//! same check as the cargo-fuzz target `<target>` (`layerlab_tests::fuzz`). A check panics on a broken
//! invariant; the test also bounds the time one input may take, so a hang found by the fuzzer stays fixed.

use std::time::{Duration, Instant};

use datatest_stable::Utf8Path;

/// Far above what any input takes in a debug build; a fuzzer timeout was seconds in release.
const LIMIT: Duration = Duration::from_secs(20);

/// An input a fuzzer found.
fn regression(path: &Utf8Path) -> datatest_stable::Result<()> {
    run(path)
}

/// A seed of the fuzz corpora.
fn seed(path: &Utf8Path) -> datatest_stable::Result<()> {
    run(path)
}

fn run(path: &Utf8Path) -> datatest_stable::Result<()> {
    let target =
        path.parent().and_then(Utf8Path::file_name).ok_or("an input lives in a folder named after its target")?;
    let data = std::fs::read(path)?;
    let started = Instant::now();
    if !layerlab_tests::fuzz::check(target, &data) {
        return Err(format!("{path}: no fuzz target named {target}").into());
    }
    let took = started.elapsed();
    if took > LIMIT {
        return Err(format!("{path}: took {took:?}, more than {LIMIT:?}").into());
    }
    Ok(())
}

datatest_stable::harness! {
    { test = regression, root = "fixtures/fuzz-regressions", pattern = r"^[a-z]+/[^/]+$" },
    { test = seed, root = "../fuzz/seeds", pattern = r"^[a-z]+/[^/]+$" },
}
