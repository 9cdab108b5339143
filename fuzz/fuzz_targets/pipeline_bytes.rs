//! Any bytes through format detection, whichever parser it picks, cleaning and the language stages.
//! No panic, and every span in the output slices its own text (see `src/lib.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hearsay_fuzz::check("pipeline_bytes", data));
