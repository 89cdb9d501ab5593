//! Fuzz target `shell`: The simulated `sh` on an arbitrary script in a base image, within its step budget.
//! The check lives in `layerlab_tests::fuzz`, so the regression suite runs every found input the same way.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| layerlab_tests::fuzz::check_shell(data));
