//! Any UTF-8 text as an article's clean text through the extractor (sentences, attributions, entities, time).
//! No panic, and every span in the output slices its own text (see `src/lib.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hearsay_fuzz::check("extract_text", data));
