//! Fuzz target `expand`: BuildKit-style variable expansion with an arbitrary environment: no panic, the entry points agree.
//! The check lives in `layerlab_tests::fuzz`, so the regression suite runs every found input the same way.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| layerlab_tests::fuzz::check_expand(data));
