//! Any bytes read as a plain-text article (charset detection, UTF-16, lines), then cleaned and extracted.
//! No panic, and every span in the output slices its own text (see `src/lib.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hearsay_fuzz::check("text", data));
