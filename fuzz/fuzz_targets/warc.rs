//! Any bytes read as WARC (our own streaming reader: headers, lengths, HTTP responses, gzip members).
//! No panic, and every span in the output slices its own text (see `src/lib.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hearsay_fuzz::check("warc", data));
