//! Any bytes read as JSON Lines of {url, title, published, outlet, text|html}.
//! No panic, and every span in the output slices its own text (see `src/lib.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hearsay_fuzz::check("jsonl", data));
