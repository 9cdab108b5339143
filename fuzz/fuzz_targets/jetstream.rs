//! Any bytes read as Jetstream events, one JSON object a line.
//! No panic, and every span in the output slices its own text (see `src/lib.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hearsay_fuzz::check("jetstream", data));
