//! Sentence segmentation: the shared splitter in `hearsay-text`, re-exported where the stages look for it.

pub use hearsay_text::sentences;
