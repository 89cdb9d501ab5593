//! Fuzz target `host`: `layerlab shell` command lines (`Host::execute`), several per input, against a small Dockerfile.
//! The check lives in `layerlab_tests::fuzz`, so the regression suite runs every found input the same way.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| layerlab_tests::fuzz::check_host(data));
