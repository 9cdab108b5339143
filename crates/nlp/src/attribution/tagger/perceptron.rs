//! A first-order perceptron over hashed features (and, for the contextual tagger, the encoder's
//! vectors), decoded with BIO-constrained Viterbi; its byte format is in [`super`].

use std::borrow::Cow;

use super::{DIM, MAX_PARTS, OUTSIDE, TAGGER_BUCKETS};

/// A first-order perceptron over hashed features with BIO-constrained Viterbi decoding.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Perceptron {
    pub(crate) tags: usize,
    pub(crate) weights: Vec<f32>,
    /// `(tags + 1) × tags`: row `tags` is the start of the sequence.
    pub(crate) transitions: Vec<f32>,
    /// Weights of the contextual vectors, `blocks × tags × parts × DIM`; empty without them.
    pub(crate) dense: Vec<f32>,
    /// Dense layout: how many blocks (a token's vector goes to one, chosen by the caller) and
    /// parts, the first `parts` of: the vector; the vector times the sequence's gate; the
    /// previous token's vector; the next token's (see [`Dense::input`]).
    pub(crate) blocks: usize,
    pub(crate) parts: usize,
    /// The weights as stored (`weights[i] = quantized[i] * scale`), kept by a model read from
    /// bytes and read by [`Perceptron::emissions`] in place of `weights`: half the bytes, so more
    /// of the table stays in the processor's cache, where the random lookup of each feature's
    /// row waits on memory (a third of `extract`). Empty for a model being trained.
    quantized: Vec<i16>,
    scale: f32,
}

/// The contextual vectors of one sequence: for each token, the block its vector goes to and its
/// row in `rows` (or `None`), and an optional gate multiplied into the second part (the cue's
/// vector, for the role tagger: "how does this word relate to this cue").
pub(crate) struct Dense<'a> {
    pub(crate) rows: &'a [f32],
    pub(crate) tokens: Cow<'a, [Option<(usize, usize)>]>,
    pub(crate) gate: Option<Cow<'a, [f32]>>,
}

impl Dense<'_> {
    /// Token `i`'s block and its parts in the layout of [`Perceptron::parts`]: its vector, the
    /// vector times the gate, the previous token's vector and the next token's (each `None`
    /// where there is none: no gate, the edge of the sequence, a token past the encoder's cut).
    pub(crate) fn input(&self, i: usize) -> Option<(usize, [Option<Cow<'_, [f32]>>; MAX_PARTS])> {
        let (block, row) = self.tokens[i]?;
        let vector = |row: usize| &self.rows[row * DIM..(row + 1) * DIM];
        let x = vector(row);
        let gated = self.gate.as_ref().map(|g| Cow::Owned(g.iter().zip(x).map(|(g, x)| g * x).collect()));
        let neighbour = |j: Option<usize>| {
            j.and_then(|j| self.tokens.get(j).copied().flatten()).map(|(_, row)| Cow::Borrowed(vector(row)))
        };
        Some((block, [Some(Cow::Borrowed(x)), gated, neighbour(i.checked_sub(1)), neighbour(Some(i + 1))]))
    }
}

pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(a, b)| a * b).sum()
}

impl Perceptron {
    #[cfg(any(test, feature = "train"))]
    pub(crate) fn new(tags: usize) -> Perceptron {
        Perceptron::with_dense(tags, 0, 0)
    }

    #[cfg(any(test, feature = "train"))]
    pub(crate) fn with_dense(tags: usize, blocks: usize, parts: usize) -> Perceptron {
        Perceptron {
            tags,
            weights: vec![0.0; TAGGER_BUCKETS * tags],
            transitions: vec![0.0; (tags + 1) * tags],
            dense: vec![0.0; blocks * tags * parts * DIM],
            blocks,
            parts,
            quantized: Vec::new(),
            scale: 1.0,
        }
    }

    /// Where the dense weights of `block` and `tag` start.
    pub(crate) fn dense_at(&self, block: usize, tag: usize) -> usize {
        (block * self.tags + tag) * self.parts * DIM
    }

    pub(crate) fn allowed(prev: usize, cur: usize, tags: usize) -> bool {
        // "Inside k" only after "begin k" or "inside k".
        if cur == OUTSIDE || cur % 2 == 1 {
            return true;
        }
        prev < tags && (prev == cur || prev + 1 == cur)
    }

    pub(crate) fn emissions(&self, features: &[Vec<u64>], dense: Option<&Dense<'_>>) -> Vec<f32> {
        let mut out = vec![0.0f32; features.len() * self.tags];
        for (i, fs) in features.iter().enumerate() {
            let row = &mut out[i * self.tags..(i + 1) * self.tags];
            if self.quantized.is_empty() {
                for &f in fs {
                    let b = bucket(f) * self.tags;
                    for (t, r) in row.iter_mut().enumerate() {
                        *r += self.weights[b + t];
                    }
                }
            } else {
                // The same values in the same order as `weights` (each is the product below).
                for &f in fs {
                    let b = bucket(f) * self.tags;
                    for (r, &q) in row.iter_mut().zip(&self.quantized[b..b + self.tags]) {
                        *r += f32::from(q) * self.scale;
                    }
                }
            }
            if self.dense.is_empty() {
                continue;
            }
            if let Some((block, parts)) = dense.and_then(|d| d.input(i)) {
                for (t, r) in row.iter_mut().enumerate() {
                    let at = self.dense_at(block, t);
                    for (p, part) in parts.iter().enumerate().take(self.parts) {
                        if let Some(values) = part {
                            *r += dot(&self.dense[at + p * DIM..at + (p + 1) * DIM], values);
                        }
                    }
                }
            }
        }
        out
    }

    #[cfg(any(test, feature = "train"))]
    pub(crate) fn decode(&self, features: &[Vec<u64>], dense: Option<&Dense<'_>>) -> Vec<usize> {
        self.decode_biased(features, dense, &[])
    }

    /// [`Perceptron::decode`] with `bias[t]` added to every token's score for tag `t` (missing
    /// entries add nothing): a decision threshold moved without retraining.
    pub(crate) fn decode_biased(&self, features: &[Vec<u64>], dense: Option<&Dense<'_>>, bias: &[f32]) -> Vec<usize> {
        let n = features.len();
        let k = self.tags;
        if n == 0 || self.weights.is_empty() {
            return vec![OUTSIDE; n];
        }
        let mut emit = self.emissions(features, dense);
        if bias.iter().any(|&b| b != 0.0) {
            for row in emit.chunks_mut(k) {
                for (r, b) in row.iter_mut().zip(bias) {
                    *r += b;
                }
            }
        }
        let mut score = vec![f32::NEG_INFINITY; n * k];
        let mut back = vec![0usize; n * k];
        for t in 0..k {
            if Self::allowed(k, t, k) {
                score[t] = self.transitions[k * k + t] + emit[t];
            }
        }
        for i in 1..n {
            for t in 0..k {
                let mut best = f32::NEG_INFINITY;
                let mut arg = 0;
                for p in 0..k {
                    if !Self::allowed(p, t, k) {
                        continue;
                    }
                    let s = score[(i - 1) * k + p] + self.transitions[p * k + t];
                    if s > best {
                        best = s;
                        arg = p;
                    }
                }
                score[i * k + t] = best + emit[i * k + t];
                back[i * k + t] = arg;
            }
        }
        let mut tag = (0..k).fold(0, |a, t| if score[(n - 1) * k + t] > score[(n - 1) * k + a] { t } else { a });
        let mut out = vec![0; n];
        for i in (0..n).rev() {
            out[i] = tag;
            tag = back[i * k + tag];
        }
        out
    }

    pub(crate) fn to_bytes(&self, out: &mut Vec<u8>) {
        let max = self.weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / f32::from(i16::MAX) } else { 1.0 };
        out.extend((self.tags as u32).to_le_bytes());
        out.extend((TAGGER_BUCKETS as u32).to_le_bytes());
        out.extend(scale.to_le_bytes());
        for w in &self.weights {
            out.extend(((w / scale).round() as i16).to_le_bytes());
        }
        for t in &self.transitions {
            out.extend(t.to_le_bytes());
        }
        for n in [self.blocks, self.parts] {
            out.extend((n as u32).to_le_bytes());
        }
        for w in &self.dense {
            out.extend(w.to_le_bytes());
        }
    }

    pub(crate) fn from_bytes(bytes: &mut &[u8]) -> Option<Perceptron> {
        let tags = take_u32(bytes)? as usize;
        let buckets = take_u32(bytes)? as usize;
        let scale = f32::from_bits(take_u32(bytes)?);
        if buckets != TAGGER_BUCKETS || tags == 0 || tags > 16 {
            return None;
        }
        let n = tags * buckets;
        if bytes.len() < n * 2 {
            return None;
        }
        let quantized: Vec<i16> = bytes[..n * 2].chunks_exact(2).map(|c| i16::from_le_bytes([c[0], c[1]])).collect();
        let weights = quantized.iter().map(|&q| f32::from(q) * scale).collect();
        *bytes = &bytes[n * 2..];
        let mut transitions = Vec::with_capacity((tags + 1) * tags);
        for _ in 0..(tags + 1) * tags {
            transitions.push(f32::from_bits(take_u32(bytes)?));
        }
        let blocks = take_u32(bytes)? as usize;
        let parts = take_u32(bytes)? as usize;
        if blocks > 64 || parts > MAX_PARTS {
            return None;
        }
        let mut dense = Vec::with_capacity(blocks * tags * parts * DIM);
        for _ in 0..blocks * tags * parts * DIM {
            dense.push(f32::from_bits(take_u32(bytes)?));
        }
        Some(Perceptron { tags, weights, transitions, dense, blocks, parts, quantized, scale })
    }
}

pub(crate) fn take_u32(bytes: &mut &[u8]) -> Option<u32> {
    let (head, rest) = bytes.split_first_chunk::<4>()?;
    *bytes = rest;
    Some(u32::from_le_bytes(*head))
}

pub(crate) fn bucket(feature: u64) -> usize {
    (feature as usize) & (TAGGER_BUCKETS - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_model_read_from_bytes_scores_as_its_weights_do() {
        // The committed tagger's role perceptron, read as `extract` reads it, against the same
        // model with only its f32 weights: the same emissions, bit for bit, over 8,000 hashed
        // features (random rows of the table).
        let tagger = crate::attribution::tagger::AttributionTagger::builtin();
        let loaded = &tagger.roles;
        assert!(!loaded.quantized.is_empty(), "a model read from bytes keeps its stored weights");
        let plain = Perceptron { quantized: Vec::new(), ..loaded.clone() };
        let features: Vec<Vec<u64>> = (0..200u64)
            .map(|i| (0..40u64).map(|j| hearsay_text::fnv1a(format!("{i}/{j}").as_bytes())).collect())
            .collect();
        let (a, b) = (loaded.emissions(&features, None), plain.emissions(&features, None));
        assert!(a.iter().any(|x| *x != 0.0));
        assert_eq!(
            a.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            b.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
        );
    }
}
