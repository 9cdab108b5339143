//! A cue lexicon learned from PolNeAR train: for each word, how often it lies inside a gold cue.
//!
//! PolNeAR's cues reach far beyond "said": "attacked", "wants", "endorsed", "declined",
//! "seemed". A hand list misses most of them, so the lexicon is counted from the train split
//! (only train; dev is for scoring) and committed as `models/cues.tsv` (word, in-cue count,
//! total count), loaded with `include_str!`. Regenerate with
//! `cargo xtask train cues` (the trainers are in `crate::train`, behind the `train` feature).

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// Counts per lowercase word.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CueModel {
    pub(crate) words: BTreeMap<String, (u32, u32)>,
}

const BUILTIN: &str = include_str!("../../models/cues.tsv");

impl CueModel {
    /// The model committed with the crate.
    pub fn builtin() -> &'static CueModel {
        static MODEL: OnceLock<CueModel> = OnceLock::new();
        MODEL.get_or_init(|| CueModel::from_tsv(BUILTIN))
    }

    /// Reads `word\tin_cue\ttotal` lines; malformed lines are skipped.
    pub fn from_tsv(tsv: &str) -> CueModel {
        let mut words = BTreeMap::new();
        for line in tsv.lines() {
            let mut cols = line.split('\t');
            let (Some(w), Some(a), Some(b)) = (cols.next(), cols.next(), cols.next()) else { continue };
            if let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>()) {
                words.insert(w.to_owned(), (a, b));
            }
        }
        CueModel { words }
    }

    /// The model as `word\tin_cue\ttotal` lines, sorted by word.
    pub fn to_tsv(&self) -> String {
        let mut out = String::from("word\tin_cue\ttotal\n");
        for (w, (a, b)) in &self.words {
            out.push_str(&format!("{w}\t{a}\t{b}\n"));
        }
        out
    }

    /// How often `word` (lowercase) was inside a cue, and how often it was seen.
    pub fn counts(&self, word: &str) -> Option<(u32, u32)> {
        self.words.get(word).copied()
    }

    /// Share of the word's occurrences that were inside a cue (0 for unknown words).
    pub fn probability(&self, word: &str) -> f64 {
        match self.words.get(word) {
            Some(&(a, b)) if b > 0 => f64::from(a) / f64::from(b),
            _ => 0.0,
        }
    }

    /// Number of words in the model.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when the model has no words.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// Accepts or rejects a learned cue word in context: logistic regression over hashed token
/// features ([`super::cue_candidates`] lists them), trained on PolNeAR train with
/// `cargo xtask train cue-classifier` and committed as `models/cue_classifier.bin` (little-endian `f32`
/// weights, one per hash bucket).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CueClassifier {
    pub(crate) weights: Vec<f32>,
}

/// Hash buckets of the classifier (a power of two).
pub const CUE_BUCKETS: usize = 1 << 17;

const BUILTIN_CLASSIFIER: &[u8] = include_bytes!("../../models/cue_classifier.bin");

impl CueClassifier {
    /// The classifier committed with the crate; empty (and unused) when the file is.
    pub fn builtin() -> &'static CueClassifier {
        static MODEL: OnceLock<CueClassifier> = OnceLock::new();
        MODEL.get_or_init(|| CueClassifier::from_bytes(BUILTIN_CLASSIFIER))
    }

    /// Reads little-endian `f32` weights; anything but [`CUE_BUCKETS`] of them gives an empty model.
    pub fn from_bytes(bytes: &[u8]) -> CueClassifier {
        if bytes.len() != CUE_BUCKETS * 4 {
            return CueClassifier::default();
        }
        let weights = bytes.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
        CueClassifier { weights }
    }

    /// The weights as little-endian bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.weights.iter().flat_map(|w| w.to_le_bytes()).collect()
    }

    /// True when the model has no weights (the rules then decide alone).
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// Probability that the candidate with these feature hashes is a cue.
    pub fn probability(&self, features: &[u64]) -> f64 {
        if self.weights.is_empty() {
            return 0.0;
        }
        let z: f32 = features.iter().map(|&f| self.weights[bucket(f)]).sum();
        1.0 / (1.0 + (-f64::from(z)).exp())
    }
}

pub(crate) fn bucket(feature: u64) -> usize {
    (feature as usize) & (CUE_BUCKETS - 1)
}
