//! The learned decisions `hearsay eval check` fits on out-of-fold readings: the relatedness
//! decision (a logistic regression) and the stance prior correction.

use hearsay_ledger::check::{CandidateFeatures, CheckStance, Relatedness, RELATEDNESS_INPUTS};

use super::{index, Prf, Row};
use hearsay_ledger::check::stance_with_bias;

/// Fits the relatedness decision on labelled rows (gold or not): a logistic regression over
/// [`Relatedness::inputs`] (standardised, a little L2, Newton steps), then the score threshold
/// with the best F1 given `n_gold` gold pairs in all.
pub fn fit_relatedness(rows: &[(&Row, bool)], n_gold: usize) -> Relatedness {
    const K: usize = RELATEDNESS_INPUTS;
    let x: Vec<[f64; K]> = rows.iter().map(|(r, _)| Relatedness::inputs(&r.features)).collect();
    let y: Vec<f64> = rows.iter().map(|(_, gold)| f64::from(u8::from(*gold))).collect();
    let m = x.len().max(1) as f64;
    let mut mean = [0.0; K];
    let mut sd = [0.0; K];
    for row in &x {
        for (mu, v) in mean.iter_mut().zip(row) {
            *mu += v / m;
        }
    }
    for row in &x {
        for ((spread, v), mu) in sd.iter_mut().zip(row).zip(&mean) {
            *spread += (v - mu).powi(2) / m;
        }
    }
    let sd: Vec<f64> = sd.iter().map(|v| if *v > 1e-12 { v.sqrt() } else { 1.0 }).collect();
    let z: Vec<Vec<f64>> =
        x.iter().map(|row| std::iter::once(1.0).chain((0..K).map(|j| (row[j] - mean[j]) / sd[j])).collect()).collect();
    let d = K + 1;
    let mut w = vec![0.0; d];
    let l2 = 1.0;
    for _ in 0..30 {
        let mut gradient = vec![0.0; d];
        let mut hessian = vec![vec![0.0; d]; d];
        for (zi, yi) in z.iter().zip(&y) {
            let t: f64 = zi.iter().zip(&w).map(|(a, b)| a * b).sum();
            let p = 1.0 / (1.0 + (-t).exp());
            let s = (p * (1.0 - p)).max(1e-9);
            for (a, (g, h)) in gradient.iter_mut().zip(hessian.iter_mut()).enumerate() {
                *g += (p - yi) * zi[a];
                // The upper triangle; the lower is mirrored below.
                for (hb, zb) in h.iter_mut().zip(zi).skip(a) {
                    *hb += s * zi[a] * zb;
                }
            }
        }
        for a in 1..d {
            let (upper, lower) = hessian.split_at_mut(a);
            for (b, row) in upper.iter().enumerate() {
                lower[0][b] = row[a];
            }
        }
        for (a, (g, h)) in gradient.iter_mut().zip(hessian.iter_mut()).enumerate().skip(1) {
            *g += l2 * w[a];
            h[a] += l2;
        }
        let step = solve(hessian, gradient);
        let size: f64 = step.iter().map(|v| v.abs()).sum();
        for (wi, si) in w.iter_mut().zip(&step) {
            *wi -= si;
        }
        if size < 1e-9 {
            break;
        }
    }
    let mut weights = [0.0; K];
    let mut bias = w[0];
    for (((weight, wj), spread), mu) in weights.iter_mut().zip(&w[1..]).zip(&sd).zip(&mean) {
        *weight = wj / spread;
        bias -= *weight * mu;
    }
    let mut decision = Relatedness { weights, bias, threshold: 0.0 };
    // The F1-best threshold: sweep the rows by score, best first.
    let mut scored: Vec<(f64, bool)> = rows.iter().map(|(r, gold)| (decision.score(&r.features), *gold)).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut true_positives, mut best) = (0usize, (f64::MIN, 0.0));
    for (index, (score, gold)) in scored.iter().enumerate() {
        true_positives += usize::from(*gold);
        let next = scored.get(index + 1).map_or(f64::NEG_INFINITY, |s| s.0);
        if next == *score {
            continue;
        }
        let f1 = Prf::of(true_positives, index + 1, n_gold).f1;
        if f1 > best.0 {
            let cut = if next.is_finite() { (score + next) / 2.0 } else { score - 1.0 };
            best = (f1, cut);
        }
    }
    decision.threshold = best.1;
    decision
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting (a small dense system).
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&r, &s| a[r][col].abs().total_cmp(&a[s][col].abs())).unwrap_or(col);
        a.swap(col, pivot);
        b.swap(col, pivot);
        let diagonal = a[col][col];
        if diagonal.abs() < 1e-12 {
            continue;
        }
        for row in col + 1..n {
            let factor = a[row][col] / diagonal;
            if factor == 0.0 {
                continue;
            }
            let pivot_row = a[col].clone();
            for (x, p) in a[row].iter_mut().zip(&pivot_row).skip(col) {
                *x -= factor * p;
            }
            b[row] -= factor * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let rest: f64 = (row + 1..n).map(|c| a[row][c] * x[c]).sum();
        x[row] = if a[row][row].abs() < 1e-12 { 0.0 } else { (b[row] - rest) / a[row][row] };
    }
    x
}

/// The prior correction (added to the log-probabilities of agree and disagree; discuss's stays
/// 0) with the best stance macro-F1 on the rows, each with its gold stance: a grid of steps of
/// 0.1 from -1.5 to 3.
pub fn fit_stance_bias(rows: &[(&CandidateFeatures, CheckStance)]) -> [f64; 3] {
    let mut best = (f64::MIN, [0.0; 3]);
    for agree in -15..=30 {
        for disagree in -15..=30 {
            let bias = [f64::from(agree) / 10.0, f64::from(disagree) / 10.0, 0.0];
            let mut confusion = [[0usize; 3]; 3];
            for (features, gold) in rows {
                confusion[index(*gold)][index(stance_with_bias(&features.stance, bias))] += 1;
            }
            let f1 = macro_f1(&confusion);
            // Ties go to the smaller correction.
            if f1 > best.0 + 1e-12 {
                best = (f1, bias);
            }
        }
    }
    best.1
}

fn macro_f1(confusion: &[[usize; 3]; 3]) -> f64 {
    (0..3)
        .map(|c| {
            let predicted: usize = (0..3).map(|g| confusion[g][c]).sum();
            Prf::of(confusion[c][c], predicted, confusion[c].iter().sum()).f1
        })
        .sum::<f64>()
        / 3.0
}
