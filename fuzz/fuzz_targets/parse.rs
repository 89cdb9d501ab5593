//! Fuzz target `parse`: `layerlab_core::parse` on arbitrary text: no panic, spans in bounds and ordered.
//! The check lives in `layerlab_tests::fuzz`, so the regression suite runs every found input the same way.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| layerlab_tests::fuzz::check_parse(data));
