//! Builds every corpus Dockerfile whose base images are in the catalog (issue 4): no panic, no hang,
//! and the build always finishes with an outcome. Missing context files are expected (the corpus has
//! only Dockerfiles), so failures are fine; a panic or an unfinished build is not.

use layerlab_core::context::BuildContext;
use layerlab_core::engine::{Build, BuildInput, BuildOptions, BuildWorld};
use layerlab_core::format::Timestamp;
use layerlab_tests::bases_in_catalog;

#[test]
fn corpus_builds_without_panic() {
    let Some(dir) = layerlab_tests::corpus_dir() else {
        println!("corpus builds: skipped (set LAYERLAB_CORPUS or provide ../shared/corpus)");
        return;
    };
    let mut built = 0;
    for path in layerlab_tests::corpus_files(&dir) {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        if !bases_in_catalog(&text) {
            continue;
        }
        let input = BuildInput {
            dockerfile: text,
            context: BuildContext::default(),
            options: BuildOptions { dockerfile_name: "Dockerfile".into(), network: true, ..BuildOptions::default() },
            now: Timestamp::from_secs(1_800_000_000),
        };
        let build = Build::run_to_end(input, BuildWorld::default());
        assert!(build.outcome().is_some(), "{} did not finish", path.display());
        built += 1;
    }
    println!("corpus builds: {built} Dockerfiles with catalog bases built to an outcome");
    assert!(built > 0);
}
