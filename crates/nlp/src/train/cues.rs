//! The cue list (`models/cues.tsv`) and the cue classifier (`models/cue_classifier.bin`).

use std::collections::BTreeMap;
use std::path::Path;

use super::polnear::gold_cues;
use super::ModelError;
use crate::attribution::model::{bucket, CUE_BUCKETS};
use crate::attribution::{cue_candidates, word_spans, CueClassifier, CueModel};

/// Words seen fewer times than this in train are left out of the model.
const MIN_TOTAL: u32 = 3;
/// Words inside cues less often than this are left out (keeps the file small).
const MIN_PROBABILITY: f64 = 0.15;

/// Counts cue words over a PolNeAR split (`text/`, `attributions/`; the first annotator per
/// article by id). Gold offsets are characters and are converted to bytes.
pub fn cue_list(train_dir: &Path) -> Result<CueModel, ModelError> {
    let mut counts: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for (text, cues) in gold_cues(train_dir)? {
        for (s, e) in word_spans(&text) {
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

/// Trains the cue classifier on a PolNeAR split (train only): every candidate cue token that
/// [`cue_candidates`] lists is labelled by whether a gold cue holds it, and a logistic
/// regression is fitted by AdaGrad in one pass in a fixed order, so the same data gives the
/// same bytes.
pub fn cue_classifier(train_dir: &Path) -> Result<CueClassifier, ModelError> {
    let mut examples: Vec<(Vec<u64>, bool)> = Vec::new();
    for (text, cues) in gold_cues(train_dir)? {
        let sentences = crate::segment::sentences(&text);
        for (s, e, features) in cue_candidates(&text, &sentences) {
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
