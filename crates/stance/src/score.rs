//! The FNC-1 score and per-class precision, recall and F1 over the four stances.

use serde::{Deserialize, Serialize};

use crate::Stance;

/// Precision, recall and F1 of one class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassScore {
    pub stance: Stance,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Gold pairs of this class.
    pub support: usize,
}

/// Scores of a set of predictions against gold labels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreReport {
    /// FNC-1 score as a percentage of what a perfect prediction scores.
    pub fnc_score_pct: f64,
    /// Raw FNC-1 score and its maximum.
    pub fnc_score: f64,
    pub fnc_max: f64,
    /// Mean F1 over agree, disagree, discuss and unrelated.
    pub macro_f1: f64,
    pub accuracy: f64,
    /// One entry per class, in [`Stance::ALL`] order.
    pub per_class: Vec<ClassScore>,
    /// `confusion[gold][predicted]`, indexed in [`Stance::ALL`] order.
    pub confusion: [[usize; 4]; 4],
    pub pairs: usize,
}

/// Scores `predicted` against `gold` (same length; extra items of the longer one are ignored).
///
/// Per pair: +0.25 when the related/unrelated decision is right, and +0.75 more when the gold
/// pair is related and the predicted label equals it.
pub fn fnc_score(gold: &[Stance], predicted: &[Stance]) -> ScoreReport {
    let mut confusion = [[0usize; 4]; 4];
    let mut score = 0.0;
    let mut max = 0.0;
    for (&g, &p) in gold.iter().zip(predicted) {
        confusion[g.index()][p.index()] += 1;
        max += if g.is_related() { 1.0 } else { 0.25 };
        if g.is_related() == p.is_related() {
            score += 0.25;
        }
        if g.is_related() && g == p {
            score += 0.75;
        }
    }
    let n = gold.len().min(predicted.len());
    let per_class: Vec<ClassScore> = Stance::ALL
        .iter()
        .map(|&s| {
            let i = s.index();
            let (precision, recall, f1) = class_prf(&confusion, i);
            ClassScore { stance: s, precision, recall, f1, support: confusion[i].iter().sum() }
        })
        .collect();
    let macro_f1 = per_class.iter().map(|c| c.f1).sum::<f64>() / 4.0;
    let correct: usize = (0..4).map(|i| confusion[i][i]).sum();
    ScoreReport {
        fnc_score_pct: if max == 0.0 { 0.0 } else { 100.0 * score / max },
        fnc_score: score,
        fnc_max: max,
        macro_f1,
        accuracy: if n == 0 { 0.0 } else { correct as f64 / n as f64 },
        per_class,
        confusion,
        pairs: n,
    }
}

/// Precision, recall and F1 of class `class` in `confusion` (`confusion[gold][predicted]`); 0
/// where a class is never predicted or never gold.
pub fn class_prf<const N: usize>(confusion: &[[usize; N]; N], class: usize) -> (f64, f64, f64) {
    let tp = confusion[class][class] as f64;
    let gold_n: usize = confusion[class].iter().sum();
    let pred_n: usize = confusion.iter().map(|row| row[class]).sum();
    let precision = if pred_n == 0 { 0.0 } else { tp / pred_n as f64 };
    let recall = if gold_n == 0 { 0.0 } else { tp / gold_n as f64 };
    let f1 = if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
    (precision, recall, f1)
}
