//! Attribution finding: for each reporting cue, its source noun phrase and its content span.
//!
//! Two finders read the same tokens ([`tokens`]) and [`combine`] settles their output into what
//! [`crate::extract`] turns into claims:
//! - [`rules`]: attribution rules by construction (reporting verbs, "according to", quotes and
//!   signatures, chains of sources), tuned on PolNeAR train/dev; they name roles and chains.
//! - [`tagger`]: the learned taggers (averaged structured perceptrons trained on PolNeAR train),
//!   which read the rules' output as features; with the sentence encoder's vectors ([`context`],
//!   the `contextual` feature) the contextual tagger.
//! - [`parse`]: the dependency parse of each sentence (`hearsay-syntax`), which the taggers read.
//! - [`model`]: the cue list and cue classifier the rules consult for cue words beyond their list.
//! - [`merge`] and [`combine`]: the tagger-led merge of both, then the sources settled.
//!
//! Every model is embedded in the binary; the trainers are in `crate::train` (the `train`
//! feature), run by `cargo xtask train <model>`.

mod combine;
pub mod context;
mod merge;
pub mod model;
pub(crate) mod parse;
mod rules;
pub mod tagger;
pub(crate) mod tokens;

#[cfg(test)]
mod tests;

use hearsay_text::TextRange;

pub use combine::{
    clear_sourceless, combine, is_sourceless_cue, participle_sources, subject_sources, untangle_sources,
};
pub use context::Context;
pub use merge::merge;
pub use model::{CueClassifier, CueModel};
pub use rules::{cue_candidates, find, is_outlet};
pub use tagger::AttributionTagger;

/// Byte spans of the words and numbers of `text`: the shared tokeniser's ([`hearsay_text::words`]),
/// as the attribution stage reads them.
pub fn word_spans(text: &str) -> Vec<(usize, usize)> {
    hearsay_text::words(text).into_iter().filter(|w| w.is_word()).map(|w| (w.range.start(), w.range.end())).collect()
}

/// One attribution as found in the text, before stance and claimant resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawAttribution {
    /// The cue ("said", "according to", ":").
    pub cue_span: TextRange,
    /// The source noun phrase as written, appositive included, when the text has one.
    pub source_span: Option<TextRange>,
    /// The part of the source that names the claimant ("Esmail Baghaei" in "Foreign Ministry
    /// spokesman Esmail Baghaei"); the whole source when nothing splits off.
    pub name_span: Option<TextRange>,
    /// The role written next to the name ("Foreign Ministry spokesman").
    pub role: Option<String>,
    /// The original source when the claimant spoke through an intermediary, in order: the
    /// outlet in "according to Washington Post sources citing diplomats".
    pub via: Vec<String>,
    /// What is attributed.
    pub content_span: TextRange,
    /// Index of the sentence holding the cue.
    pub sentence: u32,
}
