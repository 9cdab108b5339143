//! Multinomial logistic regression over hashed sparse features, trained with AdaGrad SGD in a
//! fixed, seeded order so that the same data always gives the same weights.

use serde::{Deserialize, Serialize};

/// A linear softmax model over `2^bits` hashed features.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Linear {
    pub(crate) classes: u32,
    pub(crate) bits: u32,
    /// `weights[feature * classes + class]`.
    pub(crate) weights: Vec<f32>,
    pub(crate) bias: Vec<f32>,
    /// Weights are multiples of this step (16-bit quantised).
    pub(crate) scale: f32,
}

/// Learning settings of one model.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fit {
    pub(crate) epochs: u32,
    pub(crate) rate: f32,
    pub(crate) l2: f32,
    pub(crate) seed: u64,
}

/// Small deterministic generator (xorshift64*) for shuffling.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

impl Linear {
    pub(crate) fn index(&self, h: u64) -> usize {
        (h & ((1u64 << self.bits) - 1)) as usize
    }

    /// Class probabilities of one example.
    pub(crate) fn probabilities(&self, x: &[(u64, f32)]) -> Vec<f32> {
        let k = self.classes as usize;
        let mut z = self.bias.clone();
        for &(h, v) in x {
            let base = self.index(h) * k;
            for (zc, w) in z.iter_mut().zip(&self.weights[base..base + k]) {
                *zc += w * v;
            }
        }
        softmax(&mut z);
        z
    }

    /// Trains on `examples` with per-class weights (rare classes weigh more).
    pub(crate) fn train(
        examples: &[Vec<(u64, f32)>],
        labels: &[usize],
        classes: usize,
        bits: u32,
        class_weights: &[f32],
        fit: Fit,
    ) -> Linear {
        let mut model = Linear {
            classes: classes as u32,
            bits,
            weights: vec![0.0; classes << bits],
            bias: vec![0.0; classes],
            scale: 1.0,
        };
        let mut g2 = vec![1e-6f32; classes << bits];
        let mut bias_g2 = vec![1e-6f32; classes];
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut rng = Rng(fit.seed | 1);
        for _ in 0..fit.epochs {
            for i in (1..order.len()).rev() {
                let j = (rng.next() % (i as u64 + 1)) as usize;
                order.swap(i, j);
            }
            for &n in &order {
                let x = &examples[n];
                let p = model.probabilities(x);
                let w = class_weights[labels[n]];
                for c in 0..classes {
                    let g = w * (p[c] - if c == labels[n] { 1.0 } else { 0.0 });
                    bias_g2[c] += g * g;
                    model.bias[c] -= fit.rate * g / bias_g2[c].sqrt();
                    for &(h, v) in x {
                        let i = model.index(h) * classes + c;
                        let gi = g * v + fit.l2 * model.weights[i];
                        g2[i] += gi * gi;
                        model.weights[i] -= fit.rate * gi / g2[i].sqrt();
                    }
                }
            }
        }
        model.quantise();
        model
    }

    /// Rounds weights to the 16-bit grid the model file stores, so that a saved and reloaded
    /// model predicts exactly as the trained one.
    pub(crate) fn quantise(&mut self) {
        self.scale = quant_scale(&self.weights);
        for w in &mut self.weights {
            *w = f32::from((*w / self.scale).round() as i16) * self.scale;
        }
    }
}

pub(crate) fn quant_scale(values: &[f32]) -> f32 {
    let max = values.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    if max == 0.0 {
        1.0
    } else {
        max / 32767.0
    }
}

fn softmax(z: &mut [f32]) {
    let m = z.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b));
    let mut s = 0.0;
    for v in z.iter_mut() {
        *v = (*v - m).exp();
        s += *v;
    }
    for v in z.iter_mut() {
        *v /= s;
    }
}
