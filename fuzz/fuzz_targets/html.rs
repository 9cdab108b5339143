//! Any bytes read as one HTML page (main-text extraction, metadata, the nesting guard), then cleaned and extracted.
//! No panic, and every span in the output slices its own text (see `src/lib.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hearsay_fuzz::check("html", data));
