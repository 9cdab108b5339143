//! Any bytes read as a feed: feed-rs tells RSS, Atom and JSON Feed apart itself.
//! No panic, and every span in the output slices its own text (see `src/lib.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hearsay_fuzz::check("feed", data));
