//! Any bytes as text for the syntax layer: tokenised into sentences and parsed, and the same bytes split
//! on whitespace as one sentence. No panic; every parse is a tree with 2n transitions (see `src/lib.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hearsay_fuzz::check("parse", data));
