//! The part-of-speech tagger: greedy, left to right, an averaged perceptron over the word, its affixes
//! and shape, the two words either side and the two tags before.

use crate::clusters::{self, prefix, Clusters};
use crate::weights::{feature, hash_bytes, Weights};

/// What the tagger and parser read of one word, hashed once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Lexeme {
    /// The lowercased form.
    pub(crate) lower: u64,
    /// The form as written.
    pub(crate) raw: u64,
    pub(crate) prefix: [u64; 3],
    pub(crate) suffix: [u64; 4],
    /// Xx, x, X, d, and the like, with repeats collapsed.
    pub(crate) shape: u64,
    /// The word's cluster path (`clusters::prefix` reads it); `0` when it has none.
    pub(crate) cluster: u16,
}

const NONE: u64 = 0x5A5A_5A5A;

impl Lexeme {
    pub(crate) fn new(form: &str, clusters: &Clusters) -> Lexeme {
        let owned;
        let lower: &str = if form.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
            owned = form.to_lowercase();
            &owned
        } else {
            form
        };
        // Byte offsets of the first 1..3 chars and of the last 1..4.
        let starts: Vec<usize> = lower.char_indices().map(|(i, _)| i).chain(std::iter::once(lower.len())).collect();
        let chars = starts.len() - 1;
        let prefix =
            [1, 2, 3].map(|n| if chars > n { hash_bytes(&lower.as_bytes()[..starts[n]]) } else { NONE + n as u64 });
        let suffix = [1, 2, 3, 4].map(|n| {
            if chars >= n {
                hash_bytes(&lower.as_bytes()[starts[chars - n]..])
            } else {
                NONE + 10 + n as u64
            }
        });
        let mut shape = [0u8; 48];
        let mut len = 0;
        let mut last = '\0';
        for c in form.chars().take(12) {
            let s = if c.is_uppercase() {
                'X'
            } else if c.is_lowercase() {
                'x'
            } else if c.is_ascii_digit() {
                'd'
            } else if c.is_alphabetic() {
                'a'
            } else {
                c
            };
            if s != last || !s.is_alphanumeric() {
                len += s.encode_utf8(&mut shape[len..]).len();
            }
            last = s;
        }
        let lower_hash = hash_bytes(lower.as_bytes());
        // The clusters' key is the lowercased form with digits written 0: the same hash when no digits.
        let cluster_key = if lower.bytes().any(|b| b.is_ascii_digit()) { clusters::key(lower) } else { lower_hash };
        Lexeme {
            lower: lower_hash,
            raw: hash_bytes(form.as_bytes()),
            prefix,
            suffix,
            shape: hash_bytes(&shape[..len]),
            cluster: clusters.path(cluster_key),
        }
    }

    fn boundary(which: u64) -> Lexeme {
        Lexeme {
            lower: NONE ^ which,
            raw: NONE ^ which,
            prefix: [NONE ^ which; 3],
            suffix: [NONE ^ which; 4],
            shape: NONE ^ which,
            cluster: 0,
        }
    }
}

/// Tag ids before the sentence starts.
pub(crate) const START: [u64; 2] = [1000, 1001];

/// Fills `out` with the features of word `i`, given the tags already chosen before it.
pub(crate) fn features(words: &[Lexeme], i: usize, prev: u64, prev2: u64, out: &mut Vec<u64>) {
    out.clear();
    let at = |offset: isize| -> Lexeme {
        let j = i as isize + offset;
        if j < 0 {
            Lexeme::boundary(1)
        } else {
            words.get(j as usize).copied().unwrap_or_else(|| Lexeme::boundary(2))
        }
    };
    let w = at(0);
    let (p1, p2, n1, n2) = (at(-1), at(-2), at(1), at(2));
    out.push(feature(0, 0, 0, 0));
    out.push(feature(1, w.lower, 0, 0));
    out.push(feature(2, w.raw, 0, 0));
    for (k, &s) in w.suffix.iter().enumerate() {
        out.push(feature(3 + k as u64, s, 0, 0));
    }
    for (k, &p) in w.prefix.iter().enumerate() {
        out.push(feature(7 + k as u64, p, 0, 0));
    }
    out.push(feature(10, w.shape, 0, 0));
    out.push(feature(11, prev, 0, 0));
    out.push(feature(12, prev, prev2, 0));
    out.push(feature(13, prev, w.lower, 0));
    out.push(feature(14, p1.lower, 0, 0));
    out.push(feature(15, p1.suffix[2], 0, 0));
    out.push(feature(16, p2.lower, 0, 0));
    out.push(feature(17, n1.lower, 0, 0));
    out.push(feature(18, n1.suffix[2], 0, 0));
    out.push(feature(19, n1.shape, 0, 0));
    out.push(feature(20, n2.lower, 0, 0));
    out.push(feature(21, p1.lower, w.lower, 0));
    out.push(feature(22, w.lower, n1.lower, 0));
    out.push(feature(23, prev, n1.lower, 0));
    out.push(feature(24, w.shape, u64::from(i == 0), 0));
    out.push(feature(25, prev, w.suffix[2], 0));
    out.push(feature(26, n1.suffix[1], n2.suffix[1], 0));
    out.push(feature(27, p1.shape, w.shape, n1.shape));
    // Clusters: the word's path cut at 4, 6 and 10 bits and whole, and its neighbours' (boundaries and unknown words have the empty path `0`).
    let whole = |l: &Lexeme| prefix(l.cluster, 16);
    out.push(feature(30, whole(&w), 0, 0));
    out.push(feature(31, prefix(w.cluster, 4), 0, 0));
    out.push(feature(32, prefix(w.cluster, 6), 0, 0));
    out.push(feature(33, prefix(w.cluster, 10), 0, 0));
    out.push(feature(34, whole(&n1), 0, 0));
    out.push(feature(35, prefix(n1.cluster, 6), 0, 0));
    out.push(feature(36, whole(&p1), 0, 0));
    out.push(feature(37, prev, prefix(w.cluster, 6), 0));
    out.push(feature(38, prefix(w.cluster, 6), w.suffix[2], 0));
}

/// Tags a sentence, returning tag ids.
pub(crate) fn tag(weights: &Weights, words: &[Lexeme]) -> Vec<usize> {
    let mut tags = Vec::with_capacity(words.len());
    let mut feats = Vec::with_capacity(32);
    let mut scores = vec![0.0f32; weights.classes.max(1)];
    let (mut prev, mut prev2) = (START[0], START[1]);
    for i in 0..words.len() {
        features(words, i, prev, prev2, &mut feats);
        scores.iter_mut().for_each(|s| *s = 0.0);
        weights.score(&feats, &mut scores);
        let best = argmax(&scores);
        tags.push(best);
        prev2 = prev;
        prev = best as u64;
    }
    tags
}

pub(crate) fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}
