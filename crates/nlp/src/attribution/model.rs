//! A cue lexicon learned from PolNeAR train: for each word, how often it lies inside a gold cue.
//!
//! PolNeAR's cues reach far beyond "said": "attacked", "wants", "endorsed", "declined",
//! "seemed". A hand list misses most of them, so the lexicon is counted from the train split
//! (only train; dev is for scoring) and committed as `models/cues.tsv` (word, in-cue count,
//! total count), loaded with `include_str!`. Regenerate with
//! `cargo test -p hearsay-nlp --release --test train -- --ignored`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Counts per lowercase word.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CueModel {
    words: BTreeMap<String, (u32, u32)>,
}

/// Why training failed.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// A file or folder could not be read.
    #[error("reading {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The sentence encoder failed (training the contextual tagger's layer).
    #[error("the sentence encoder: {0}")]
    Encoder(#[from] hearsay_embed::EmbedError),
    /// No annotated article was found.
    #[error("{path} holds no annotated articles")]
    Empty {
        /// The folder.
        path: PathBuf,
    },
}

/// Words seen fewer times than this in train are left out of the model.
const MIN_TOTAL: u32 = 3;
/// Words inside cues less often than this are left out (keeps the file small).
const MIN_PROBABILITY: f64 = 0.15;

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

    /// Writes the model to `path`.
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        std::fs::write(path, self.to_tsv()).map_err(|source| ModelError::Io { path: path.to_owned(), source })
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

/// The annotated articles of a PolNeAR split (`text/`, `attributions/`), in name order, as
/// `(name, text, brat annotations)`: one annotation file per article, the annotator whose id sorts
/// first, so doubly annotated articles count once.
pub(crate) fn annotated_articles(split_dir: &Path) -> Result<Vec<(String, String, String)>, ModelError> {
    let ann_dir = split_dir.join("attributions");
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| ModelError::Io { path, source }
    };
    let mut files: BTreeMap<String, PathBuf> = BTreeMap::new();
    for entry in std::fs::read_dir(&ann_dir).map_err(io(&ann_dir))? {
        let path = entry.map_err(io(&ann_dir))?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("ann") {
            continue;
        }
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else { continue };
        let Some((article, _)) = stem.rsplit_once('_') else { continue };
        if files.get(article).is_none_or(|p| &path < p) {
            files.insert(article.to_owned(), path);
        }
    }
    if files.is_empty() {
        return Err(ModelError::Empty { path: split_dir.to_owned() });
    }
    let mut out = Vec::with_capacity(files.len());
    for (article, ann_path) in files {
        let text_path = split_dir.join("text").join(format!("{article}.txt"));
        let text = std::fs::read_to_string(&text_path).map_err(io(&text_path))?;
        let ann = std::fs::read_to_string(&ann_path).map_err(io(&ann_path))?;
        out.push((article, text, ann));
    }
    Ok(out)
}

/// Counts cue words over a PolNeAR split (`text/`, `attributions/`; the first annotator per
/// article by id). Gold offsets are characters and are converted to bytes.
pub fn train_attribution_model(train_dir: &Path) -> Result<CueModel, ModelError> {
    let mut counts: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for (text, cues) in gold_cues(train_dir)? {
        for (s, e) in super::word_spans(&text) {
            let word = text[s..e].to_lowercase();
            let inside = cues.iter().any(|&(cs, ce)| cs <= s && e <= ce);
            let entry = counts.entry(word).or_insert((0, 0));
            entry.1 += 1;
            if inside {
                entry.0 += 1;
            }
        }
    }
    counts.retain(|_, &mut (a, b)| b >= MIN_TOTAL && f64::from(a) / f64::from(b) >= MIN_PROBABILITY);
    Ok(CueModel { words: counts })
}

/// Accepts or rejects a learned cue word in context: logistic regression over hashed token
/// features ([`super::cue_candidates`] lists them), trained on PolNeAR train with
/// [`train_cue_classifier`] and committed as `models/cue_classifier.bin` (little-endian `f32`
/// weights, one per hash bucket). Regenerate with
/// `cargo test -p hearsay-nlp --release --test train -- --ignored`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CueClassifier {
    weights: Vec<f32>,
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

    /// Writes the model to `path`.
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        std::fs::write(path, self.to_bytes()).map_err(|source| ModelError::Io { path: path.to_owned(), source })
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

fn bucket(feature: u64) -> usize {
    (feature as usize) & (CUE_BUCKETS - 1)
}

/// The gold cue byte spans of each annotated article of a PolNeAR split (first annotator by id),
/// with the article text.
fn gold_cues(split_dir: &Path) -> Result<Vec<(String, Vec<(usize, usize)>)>, ModelError> {
    let mut out = Vec::new();
    for (_, text, ann) in annotated_articles(split_dir)? {
        let mut char_to_byte: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        char_to_byte.push(text.len());
        let mut cues: Vec<(usize, usize)> = Vec::new();
        for line in ann.lines() {
            let mut cols = line.split('\t');
            let (Some(id), Some(info)) = (cols.next(), cols.next()) else { continue };
            if !id.starts_with('T') || !info.starts_with("Cue ") {
                continue;
            }
            for frag in info["Cue ".len()..].split(';') {
                let mut nums = frag.split_whitespace().filter_map(|n| n.parse::<usize>().ok());
                if let (Some(a), Some(b)) = (nums.next(), nums.next()) {
                    if a <= b && b < char_to_byte.len() {
                        cues.push((char_to_byte[a], char_to_byte[b]));
                    }
                }
            }
        }
        out.push((text, cues));
    }
    Ok(out)
}

/// Trains the cue classifier on a PolNeAR split (train only): every candidate cue token that
/// [`super::cue_candidates`] lists is labelled by whether a gold cue holds it, and a logistic
/// regression is fitted by AdaGrad in one pass in a fixed order, so the same data gives the
/// same bytes.
pub fn train_cue_classifier(train_dir: &Path) -> Result<CueClassifier, ModelError> {
    let mut examples: Vec<(Vec<u64>, bool)> = Vec::new();
    for (text, cues) in gold_cues(train_dir)? {
        let sentences = crate::segment::sentences(&text);
        for (s, e, features) in super::cue_candidates(&text, &sentences) {
            let label = cues.iter().any(|&(cs, ce)| cs <= s && e <= ce);
            examples.push((features, label));
        }
    }
    if examples.is_empty() {
        return Err(ModelError::Empty { path: train_dir.to_owned() });
    }
    let mut weights = vec![0f32; CUE_BUCKETS];
    let mut squares = vec![1e-6f32; CUE_BUCKETS];
    // Tuned by training on half of train and scoring source overlap F1 on the other half: one
    // pass at a small rate generalises best (more passes memorise words).
    const RATE: f32 = 0.05;
    const L2: f32 = 1e-5;
    const EPOCHS: usize = 1;
    // A fixed pseudo-random order (a linear congruential walk), the same every run.
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in (1..order.len()).rev() {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        order.swap(i, (state >> 33) as usize % (i + 1));
    }
    for _ in 0..EPOCHS {
        for &x in &order {
            let (features, label) = &examples[x];
            let z: f32 = features.iter().map(|&f| weights[bucket(f)]).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let g = p - if *label { 1.0 } else { 0.0 };
            for &f in features {
                let b = bucket(f);
                let grad = g + L2 * weights[b];
                squares[b] += grad * grad;
                weights[b] -= RATE * grad / squares[b].sqrt();
            }
        }
    }
    Ok(CueClassifier { weights })
}
