//! Any bytes read as AT Protocol site.standard.document records (one, an array, lines, a listRecords page).
//! No panic, and every span in the output slices its own text (see `src/lib.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hearsay_fuzz::check("atproto", data));
