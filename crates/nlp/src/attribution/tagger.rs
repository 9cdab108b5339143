//! A learned attribution tagger: two averaged structured perceptrons trained on PolNeAR train.
//!
//! 1. The **cue tagger** reads one sentence at a time and marks cue spans (BIO tags).
//! 2. The **role tagger** reads a window around one cue (the sentences before and after it, and
//!    any quote that touches it) and marks that cue's source and content (BIO tags), with
//!    features that say where each token sits relative to the cue.
//!
//! Why learned, and why written here: PolNeAR's attributions reach far past reporting verbs
//! ("he figures", "voters want", "a spike in calls for"), and the rules in the parent module
//! find about three quarters of them. A first-order perceptron over hashed features is small
//! (a few hundred kilobytes of weights), trains in a minute from `../shared/data`, runs at
//! hundreds of articles per second on one core, and needs no runtime beyond this file; no crate
//! we found offers a structured perceptron with constrained Viterbi decoding that we could
//! train on our own features.
//!
//! With a [`Context`] (the sentence encoder's vector for each token), both perceptrons also
//! weigh that vector (`Dense`): the contextual tagger, trained and run only with vectors.
//!
//! Tried without gain on the held-out half of train (contextual, tagger-led source F1 0.766),
//! so that nobody tries them again blindly: a bias towards cue tags or source tags at decoding
//! (it only trades precision for recall: 0.766–0.768, then lower); passive-aggressive updates
//! with cost-augmented decoding instead of the perceptron's (0.760–0.761); a one-hidden-layer
//! network (256 units, AdamW) over each token's and its neighbours' vectors, its cue
//! log-probabilities added to the cue perceptron's scores (0.765–0.768 for weights 2–50);
//! encoding each sentence after the one before it (0.763); the rules' wrong cues as negative
//! examples for the role tagger (0.752); ±2 neighbours, 2¹⁹ buckets, both annotators' articles,
//! 15 epochs, ensembles of shuffles. The frozen encoder's vectors seemed read out in full, so
//! the committed contextual tagger reads a third layer trained on attributions instead
//! ([`super::context::train_layer`]): 0.767 to 0.783 on the same held-out half.
//! On top of that layer, also tried without gain (0.781–0.784, noise): 4, 6 or 15 perceptron
//! epochs instead of 10; a fourth layer trained on the trained third's output (0.783); four
//! epochs of the layer instead of three (0.782); cross-fitting, where the perceptrons learn on
//! vectors from layers trained on the other quarter of their articles (0.703: independently
//! trained layers do not share a vector space, so weights learnt on one misread another).
//! Nor did a rule for polls as sources ("Trump has a decisive lead in the polls", cue "in"): it
//! found 21 of the 26 such attributions the tagger missed on the held-out half, but PolNeAR's
//! annotators marked only about half of the poll findings, so source F1 stayed at 0.783.
//!
//! Also measured there, with the tagger held fixed (so without the ±0.003 that retraining moves
//! source F1 by itself): sending a rules' colon label ("Q:", "The result:") through the merge
//! like a signature lost 0.001 (52 more attributions, mostly unmarked in PolNeAR); giving a
//! participle without a source the sentence's opening noun phrase, when no attribution before it
//! has one, was right half of the time ("WASHINGTON — After bragging") and did not raise F1.
//!
//! The committed models are `models/attribution_tagger.bin` and
//! `models/attribution_tagger_contextual.bin`, written by
//! `cargo test -p hearsay-nlp --release --test train -- --ignored --exact train_attribution_tagger`
//! (and `--exact train_contextual_tagger`, which first trains the encoder layer the contextual
//! tagger reads, `models/attribution_layer.safetensors`: see [`super::context::train_layer`];
//! `--exact train_contextual_perceptrons` retrains only the perceptrons on the committed layer,
//! for a change to tokens or features, as on 2026-11-24).
//! Format: the magic `HSTAG4\n`, `context_layers: u32` (after how many of the encoder's
//! layers the contextual vectors were taken; 0 for the plain tagger), `tuned: u32` (1 when the
//! last of those layers is the trained one; the format `HSTAG3\n`, without this field, still
//! reads), then for each of the two perceptrons `tags: u32`,
//! `buckets: u32`, `scale: f32`, `tags × buckets` weights as `i16` (bucket-major),
//! `(tags + 1) × tags` transition weights as `f32`, then `blocks: u32`, `parts: u32` and
//! `blocks × tags × parts × 384` dense weights as `f32` (none for the plain tagger); all
//! little-endian.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use hearsay_text::TextRange;

use hearsay_embed::DIM;

use super::context::Context;
use super::model::{CueModel, ModelError};
use super::{quote_pairs, quoted_tokens, tokenize, Kind, RawAttribution, Tok};

/// Hash buckets per perceptron (a power of two).
pub const TAGGER_BUCKETS: usize = 1 << 17;

const MAGIC: &[u8] = b"HSTAG4\n";
/// The format before `tuned`, still read.
const MAGIC_3: &[u8] = b"HSTAG3\n";
const BUILTIN: &[u8] = include_bytes!("../../models/attribution_tagger.bin");
const BUILTIN_CONTEXTUAL: &[u8] = include_bytes!("../../models/attribution_tagger_contextual.bin");

/// The length of a token's contextual vector, against hashed features worth 1 each (with the
/// vectors after layer 3, 4 did better than 2, 3, 6 and 9 on the held-out half of train).
const DENSE_NORM: f32 = 4.0;

/// The most parts a token's contextual input has ([`Dense::input`]); both contextual taggers
/// read all four (the cue tagger has no gate, so its second part stays empty). Adding the
/// neighbours' vectors raised source F1 on the held-out half of train from 0.754 to 0.761.
const MAX_PARTS: usize = 4;

/// Role-tagger blocks of the contextual weights: side of the cue (before, after, on it) × sentence
/// (the one before, the cue's, the one after).
const ROLE_BLOCKS: usize = 9;

/// Tag layout for `n` span kinds: 0 is outside, `1 + 2k` begins kind `k`, `2 + 2k` continues it.
const OUTSIDE: usize = 0;
const fn begin(kind: usize) -> usize {
    1 + 2 * kind
}
const fn inside(kind: usize) -> usize {
    2 + 2 * kind
}

/// Role kinds of the role tagger.
const SOURCE: usize = 0;
const CONTENT: usize = 1;

/// How far (in tokens) the role window reaches on each side of the cue, at most.
const ROLE_REACH: usize = 120;

/// A first-order perceptron over hashed features with BIO-constrained Viterbi decoding.
#[derive(Debug, Clone, PartialEq, Default)]
struct Perceptron {
    tags: usize,
    weights: Vec<f32>,
    /// `(tags + 1) × tags`: row `tags` is the start of the sequence.
    transitions: Vec<f32>,
    /// Weights of the contextual vectors, `blocks × tags × parts × DIM`; empty without them.
    dense: Vec<f32>,
    /// Dense layout: how many blocks (a token's vector goes to one, chosen by the caller) and
    /// parts, the first `parts` of: the vector; the vector times the sequence's gate; the
    /// previous token's vector; the next token's (see [`Dense::input`]).
    blocks: usize,
    parts: usize,
}

/// The contextual vectors of one sequence: for each token, the block its vector goes to and its
/// row in `rows` (or `None`), and an optional gate multiplied into the second part (the cue's
/// vector, for the role tagger: "how does this word relate to this cue").
struct Dense<'a> {
    rows: &'a [f32],
    tokens: Cow<'a, [Option<(usize, usize)>]>,
    gate: Option<Cow<'a, [f32]>>,
}

impl Dense<'_> {
    /// Token `i`'s block and its parts in the layout of [`Perceptron::parts`]: its vector, the
    /// vector times the gate, the previous token's vector and the next token's (each `None`
    /// where there is none: no gate, the edge of the sequence, a token past the encoder's cut).
    fn input(&self, i: usize) -> Option<(usize, [Option<Cow<'_, [f32]>>; MAX_PARTS])> {
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

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(a, b)| a * b).sum()
}

impl Perceptron {
    fn new(tags: usize) -> Perceptron {
        Perceptron::with_dense(tags, 0, 0)
    }

    fn with_dense(tags: usize, blocks: usize, parts: usize) -> Perceptron {
        Perceptron {
            tags,
            weights: vec![0.0; TAGGER_BUCKETS * tags],
            transitions: vec![0.0; (tags + 1) * tags],
            dense: vec![0.0; blocks * tags * parts * DIM],
            blocks,
            parts,
        }
    }

    /// Where the dense weights of `block` and `tag` start.
    fn dense_at(&self, block: usize, tag: usize) -> usize {
        (block * self.tags + tag) * self.parts * DIM
    }

    fn allowed(prev: usize, cur: usize, tags: usize) -> bool {
        // "Inside k" only after "begin k" or "inside k".
        if cur == OUTSIDE || cur % 2 == 1 {
            return true;
        }
        prev < tags && (prev == cur || prev + 1 == cur)
    }

    fn emissions(&self, features: &[Vec<u64>], dense: Option<&Dense<'_>>) -> Vec<f32> {
        let mut out = vec![0.0f32; features.len() * self.tags];
        for (i, fs) in features.iter().enumerate() {
            let row = &mut out[i * self.tags..(i + 1) * self.tags];
            for &f in fs {
                let b = bucket(f) * self.tags;
                for (t, r) in row.iter_mut().enumerate() {
                    *r += self.weights[b + t];
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

    fn decode(&self, features: &[Vec<u64>], dense: Option<&Dense<'_>>) -> Vec<usize> {
        let n = features.len();
        let k = self.tags;
        if n == 0 || self.weights.is_empty() {
            return vec![OUTSIDE; n];
        }
        let emit = self.emissions(features, dense);
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

    fn to_bytes(&self, out: &mut Vec<u8>) {
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

    fn from_bytes(bytes: &mut &[u8]) -> Option<Perceptron> {
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
        let weights = bytes[..n * 2].chunks_exact(2).map(|c| f32::from(i16::from_le_bytes([c[0], c[1]])) * scale).collect();
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
        Some(Perceptron { tags, weights, transitions, dense, blocks, parts })
    }
}

fn take_u32(bytes: &mut &[u8]) -> Option<u32> {
    let (head, rest) = bytes.split_first_chunk::<4>()?;
    *bytes = rest;
    Some(u32::from_le_bytes(*head))
}

fn bucket(feature: u64) -> usize {
    (feature as usize) & (TAGGER_BUCKETS - 1)
}

/// Trains a perceptron: weights and their running sum for averaging (`w - u / c`).
struct Trainer {
    model: Perceptron,
    sums: Vec<f64>,
    transition_sums: Vec<f64>,
    dense_sums: Vec<f64>,
    clock: f64,
}

impl Trainer {
    fn new(model: Perceptron) -> Trainer {
        Trainer {
            sums: vec![0.0; model.weights.len()],
            transition_sums: vec![0.0; model.transitions.len()],
            dense_sums: vec![0.0; model.dense.len()],
            model,
            clock: 1.0,
        }
    }

    fn learn(&mut self, features: &[Vec<u64>], dense: Option<&Dense<'_>>, gold: &[usize]) {
        let guess = self.model.decode(features, dense);
        if guess != gold {
            let k = self.model.tags;
            for (i, fs) in features.iter().enumerate() {
                if guess[i] == gold[i] {
                    continue;
                }
                for &f in fs {
                    let b = bucket(f) * k;
                    self.model.weights[b + gold[i]] += 1.0;
                    self.sums[b + gold[i]] += self.clock;
                    self.model.weights[b + guess[i]] -= 1.0;
                    self.sums[b + guess[i]] -= self.clock;
                }
                if self.model.dense.is_empty() {
                    continue;
                }
                if let Some((block, parts)) = dense.and_then(|d| d.input(i)) {
                    for (tag, sign) in [(gold[i], 1.0f32), (guess[i], -1.0)] {
                        let at = self.model.dense_at(block, tag);
                        for (part, values) in parts.iter().enumerate().take(self.model.parts) {
                            let Some(values) = values else { continue };
                            let at = at + part * DIM;
                            for (j, v) in values.iter().enumerate() {
                                self.model.dense[at + j] += sign * v;
                                self.dense_sums[at + j] += f64::from(sign * v) * self.clock;
                            }
                        }
                    }
                }
            }
            for i in 0..gold.len() {
                let (pg, pp) = if i == 0 { (k, k) } else { (gold[i - 1], guess[i - 1]) };
                if pg == pp && gold[i] == guess[i] {
                    continue;
                }
                self.model.transitions[pg * k + gold[i]] += 1.0;
                self.transition_sums[pg * k + gold[i]] += self.clock;
                self.model.transitions[pp * k + guess[i]] -= 1.0;
                self.transition_sums[pp * k + guess[i]] -= self.clock;
            }
        }
        self.clock += 1.0;
    }

    fn finish(mut self) -> Perceptron {
        let c = self.clock;
        for (w, u) in self.model.weights.iter_mut().zip(&self.sums) {
            *w = (f64::from(*w) - u / c) as f32;
        }
        for (w, u) in self.model.transitions.iter_mut().zip(&self.transition_sums) {
            *w = (f64::from(*w) - u / c) as f32;
        }
        for (w, u) in self.model.dense.iter_mut().zip(&self.dense_sums) {
            *w = (f64::from(*w) - u / c) as f32;
        }
        self.model
    }
}

/// The two trained perceptrons.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AttributionTagger {
    cues: Perceptron,
    roles: Perceptron,
    /// After how many encoder layers the contextual vectors it reads are taken (0: none).
    context_layers: usize,
    /// Whether the last of those layers is the one trained on attributions
    /// ([`super::context::tuned_layer`]).
    tuned: bool,
}

impl AttributionTagger {
    /// The tagger committed with the crate; empty (and unused) when the file is.
    pub fn builtin() -> &'static AttributionTagger {
        static MODEL: OnceLock<AttributionTagger> = OnceLock::new();
        MODEL.get_or_init(|| AttributionTagger::from_bytes(BUILTIN))
    }

    /// The committed tagger that also reads contextual vectors ([`Context`]); use it only with
    /// them. Empty when the file is.
    pub fn builtin_contextual() -> &'static AttributionTagger {
        static MODEL: OnceLock<AttributionTagger> = OnceLock::new();
        MODEL.get_or_init(|| AttributionTagger::from_bytes(BUILTIN_CONTEXTUAL))
    }

    /// True when the tagger reads contextual vectors.
    pub fn is_contextual(&self) -> bool {
        !self.cues.dense.is_empty()
    }

    /// After how many of the encoder's layers the vectors this tagger reads are taken (pass it
    /// to [`Context::encode`]); 0 for a tagger that reads none.
    pub fn context_layers(&self) -> usize {
        self.context_layers
    }

    /// Whether the last layer of the vectors it reads is the one trained on attributions.
    pub fn is_tuned(&self) -> bool {
        self.tuned
    }

    /// The contextual vectors this tagger reads, for `text`: the encoder's first
    /// [`AttributionTagger::context_layers`], the last of them the tuned layer where the tagger
    /// was trained with it.
    ///
    /// # Errors
    /// When the encoder fails, or the tuned layer is missing.
    pub fn encode(&self, embedder: &hearsay_embed::Embedder, text: &str, sentences: &[TextRange]) -> Result<Context, hearsay_embed::EmbedError> {
        if !self.tuned {
            return Context::encode(embedder, text, sentences, self.context_layers);
        }
        let layer = super::context::tuned_layer()?;
        Context::encode_tuned(embedder, text, sentences, self.context_layers.saturating_sub(1), layer)
    }

    /// Reads the format in the module docs; anything else gives an empty tagger.
    pub fn from_bytes(bytes: &[u8]) -> AttributionTagger {
        let (mut rest, versioned) = match (bytes.strip_prefix(MAGIC), bytes.strip_prefix(MAGIC_3)) {
            (Some(rest), _) => (rest, true),
            (None, Some(rest)) => (rest, false),
            (None, None) => return AttributionTagger::default(),
        };
        let Some(context_layers) = take_u32(&mut rest) else { return AttributionTagger::default() };
        let tuned = if versioned {
            let Some(tuned) = take_u32(&mut rest) else { return AttributionTagger::default() };
            tuned == 1
        } else {
            false
        };
        match (Perceptron::from_bytes(&mut rest), Perceptron::from_bytes(&mut rest)) {
            (Some(cues), Some(roles)) if cues.tags == 3 && roles.tags == 5 => {
                AttributionTagger { cues, roles, context_layers: context_layers as usize, tuned }
            }
            _ => AttributionTagger::default(),
        }
    }

    /// The tagger in the format of the module docs.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend((self.context_layers as u32).to_le_bytes());
        out.extend(u32::from(self.tuned).to_le_bytes());
        self.cues.to_bytes(&mut out);
        self.roles.to_bytes(&mut out);
        out
    }

    /// Writes the tagger to `path`.
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        std::fs::write(path, self.to_bytes()).map_err(|source| ModelError::Io { path: path.to_owned(), source })
    }

    /// True when the tagger has no weights.
    pub fn is_empty(&self) -> bool {
        self.cues.weights.is_empty() || self.roles.weights.is_empty()
    }

    /// Attributions the tagger finds in `text`: one per cue span, with the source and content
    /// its role tagger marks (attributions without content are left out). `rules` are the rules'
    /// attributions in the same text ([`super::find`]): the tagger reads them as features
    /// (stacking), and so learns where the rules are right.
    pub fn find(&self, text: &str, sentences: &[TextRange], rules: &[RawAttribution]) -> Vec<RawAttribution> {
        self.find_in_context(text, sentences, rules, None)
    }

    /// [`AttributionTagger::find`] with the text's contextual vectors, which a contextual tagger
    /// ([`AttributionTagger::is_contextual`]) reads.
    pub fn find_in_context(
        &self,
        text: &str,
        sentences: &[TextRange],
        rules: &[RawAttribution],
        context: Option<&Context>,
    ) -> Vec<RawAttribution> {
        if self.is_empty() {
            return Vec::new();
        }
        // Vectors from another layer than the one it learned on would mislead the tagger.
        let doc = Doc::new(text, sentences, rules, context.filter(|c| self.is_contextual() && c.layers == self.context_layers && c.tuned == self.tuned));
        let mut out = Vec::new();
        for (si, &(ts, te)) in doc.sentences.iter().enumerate() {
            let features: Vec<Vec<u64>> = (ts..te).map(|i| doc.cue_features(i, ts, te)).collect();
            let tags = self.cues.decode(&features, doc.cue_dense(ts, te).as_ref());
            for (a, b) in runs(&tags, 0) {
                let (cs, ce) = (ts + a, ts + b);
                let (ws, we) = doc.role_window(si, cs, ce);
                let cue = doc.cue_parts(cs, ce);
                let features: Vec<Vec<u64>> = (ws..we).map(|i| doc.role_features(i, &cue)).collect();
                let tags = self.roles.decode(&features, doc.role_dense(ws, we, cs, ce).as_ref());
                let source = nearest(&runs(&tags, SOURCE), ws, cs, ce);
                // The hull of the content runs: PolNeAR marks a content the cue interrupts ("The
                // deal, he said, is bad") as one span.
                let content = hull(&runs(&tags, CONTENT)).map(|(a, b)| (ws + a, ws + b));
                let Some((qs, qe)) = content else { continue };
                let (Some(cue_span), Some(content_span)) = (doc.range(cs, ce), doc.range(qs, qe)) else { continue };
                let source_span = source.and_then(|(a, b)| doc.range(a, b));
                out.push(RawAttribution {
                    cue_span,
                    source_span,
                    name_span: source_span,
                    role: None,
                    via: Vec::new(),
                    content_span,
                    sentence: si as u32,
                });
            }
        }
        out
    }
}

/// `(first, last)` token indices (inclusive) of each span of `kind` in a BIO sequence.
fn runs(tags: &[usize], kind: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, &t) in tags.iter().enumerate() {
        if t == begin(kind) {
            if let Some(s) = open.take() {
                out.push((s, i - 1));
            }
            open = Some(i);
        } else if t != inside(kind) {
            if let Some(s) = open.take() {
                out.push((s, i - 1));
            }
        }
    }
    if let Some(s) = open {
        out.push((s, tags.len() - 1));
    }
    out
}

/// The run (window-relative) closest to the cue `cs..=ce` (document indices), as document indices.
fn nearest(runs: &[(usize, usize)], offset: usize, cs: usize, ce: usize) -> Option<(usize, usize)> {
    runs.iter()
        .map(|&(a, b)| (a + offset, b + offset))
        .min_by_key(|&(a, b)| if b < cs { cs - b } else { a.saturating_sub(ce) })
}

fn hull(runs: &[(usize, usize)]) -> Option<(usize, usize)> {
    Some((runs.first()?.0, runs.last()?.1))
}

/// A tokenised document with what the features need.
struct Doc<'a> {
    text: &'a str,
    toks: Vec<Tok>,
    lower: Vec<String>,
    pairs: Vec<usize>,
    quoted: Vec<bool>,
    /// Token ranges `[start, end)` of the sentences.
    sentences: Vec<(usize, usize)>,
    /// Sentence of each token.
    sentence_of: Vec<u32>,
    /// Commas before each token (prefix counts), for "how many commas between".
    commas: Vec<u32>,
    /// Quote marks before each token.
    quote_marks: Vec<u32>,
    /// What the rules made of each token: 0 nothing, 1 cue, 2 source, 3 content.
    rule_roles: Vec<u8>,
    /// The rules' attributions as token ranges `(cue, source, content)`, inclusive.
    rule_spans: Vec<RuleSpans>,
    /// The cue lexicon's bin of each token's word.
    lex: Vec<&'static str>,
    /// Hashed token strings for the role features.
    parts: Vec<TokenParts>,
    /// Each token's contextual vector (`toks.len() × DIM`), when the document has a [`Context`].
    dense: Vec<f32>,
    /// Which tokens have one.
    has_dense: Vec<bool>,
}

#[derive(Debug, Clone, Copy)]
struct RuleSpans {
    cue: (usize, usize),
    source: Option<(usize, usize)>,
    content: (usize, usize),
}

impl<'a> Doc<'a> {
    fn new(text: &'a str, sentence_ranges: &[TextRange], rules: &[RawAttribution], context: Option<&Context>) -> Doc<'a> {
        let toks = tokenize(text);
        let (dense, has_dense) = match context {
            Some(c) => c.per_token(&toks.iter().map(|t| (t.s, t.e)).collect::<Vec<_>>(), DENSE_NORM),
            None => (Vec::new(), Vec::new()),
        };
        // Token range of a byte range: the tokens whose middle lies inside it.
        let token_range = |r: TextRange| -> Option<(usize, usize)> {
            let first = toks.partition_point(|t| (t.s + t.e) / 2 < r.start());
            let end = toks.partition_point(|t| (t.s + t.e) / 2 < r.end());
            (first < end).then(|| (first, end - 1))
        };
        let mut rule_roles = vec![0u8; toks.len()];
        let mut rule_spans = Vec::with_capacity(rules.len());
        for a in rules {
            let (Some(cue), Some(content)) = (token_range(a.cue_span), token_range(a.content_span)) else { continue };
            let source = a.source_span.and_then(token_range);
            for (range, role) in [(Some(content), 3u8), (source, 2), (Some(cue), 1)] {
                if let Some((x, y)) = range {
                    for r in &mut rule_roles[x..=y] {
                        if *r == 0 || role < *r {
                            *r = role;
                        }
                    }
                }
            }
            rule_spans.push(RuleSpans { cue, source, content });
        }
        let pairs = quote_pairs(&toks);
        let quoted = quoted_tokens(&pairs);
        let lower: Vec<String> = toks.iter().map(|t| text[t.s..t.e].to_lowercase()).collect();
        let sentences = super::sentence_tokens(&toks, sentence_ranges);
        let mut sentence_of = vec![u32::MAX; toks.len()];
        for (si, &(t0, t1)) in sentences.iter().enumerate() {
            sentence_of[t0..t1].fill(si as u32);
        }
        let mut commas = Vec::with_capacity(toks.len() + 1);
        let mut quote_marks = Vec::with_capacity(toks.len() + 1);
        let (mut c, mut q) = (0u32, 0u32);
        for t in &toks {
            commas.push(c);
            quote_marks.push(q);
            if t.k == Kind::Punct && &text[t.s..t.e] == "," {
                c += 1;
            }
            if matches!(t.k, Kind::Open | Kind::Close) {
                q += 1;
            }
        }
        commas.push(c);
        quote_marks.push(q);
        let lex = lower.iter().map(|w: &String| lexicon_bin(w)).collect();
        let mut doc = Doc {
            text,
            toks,
            lower,
            pairs,
            quoted,
            sentences,
            sentence_of,
            commas,
            quote_marks,
            rule_roles,
            rule_spans,
            lex,
            parts: Vec::new(),
            dense,
            has_dense,
        };
        doc.parts = (0..doc.toks.len()).map(|i| doc.token_parts(i)).collect();
        doc
    }

    fn range(&self, a: usize, b: usize) -> Option<TextRange> {
        if a > b || b >= self.toks.len() {
            return None;
        }
        TextRange::new(self.text, self.toks[a].s, self.toks[b].e)
    }

    fn word(&self, i: isize) -> &str {
        if i < 0 {
            "<s>"
        } else {
            self.lower.get(i as usize).map_or("</s>", String::as_str)
        }
    }

    fn shape(&self, i: usize) -> &'static str {
        let t = self.toks[i];
        match t.k {
            Kind::Open => "open",
            Kind::Close => "close",
            Kind::Punct => "punct",
            Kind::Word => {
                let w = &self.text[t.s..t.e];
                let first = w.chars().next().unwrap_or(' ');
                if first.is_ascii_digit() {
                    "digit"
                } else if w.chars().all(char::is_uppercase) && w.chars().count() > 1 {
                    "upper"
                } else if first.is_uppercase() {
                    "cap"
                } else {
                    "lower"
                }
            }
        }
    }

    fn token_parts(&self, i: usize) -> TokenParts {
        let si = self.sentence_of[i];
        let in_sentence = if si == u32::MAX { usize::MAX } else { i - self.sentences[si as usize].0 };
        TokenParts {
            w: text_hash(&self.lower[i]),
            prev: text_hash(self.word(i as isize - 1)),
            next: text_hash(self.word(i as isize + 1)),
            stem: text_hash(stem(&self.lower[i])),
            shape: text_hash(self.shape(i)),
            lex: text_hash(self.lex[i]),
            prev_shape: text_hash(if i > 0 { self.shape(i - 1) } else { "<s>" }),
            next_shape: text_hash(if i + 1 < self.toks.len() { self.shape(i + 1) } else { "</s>" }),
            sentpos: in_sentence.min(6) as u64,
            rule: u64::from(self.rule_roles[i]),
        }
    }

    /// The cue tagger's contextual input for the sentence `ts..te`, if the document has vectors.
    fn cue_dense(&self, ts: usize, te: usize) -> Option<Dense<'_>> {
        if self.dense.is_empty() {
            return None;
        }
        let tokens = (ts..te).map(|i| self.has_dense[i].then_some((0, i))).collect();
        Some(Dense { rows: &self.dense, tokens: Cow::Owned(tokens), gate: None })
    }

    /// The role tagger's contextual input for the window `ws..we` around the cue `cs..=ce`: each
    /// token's vector in its block (side × sentence), gated by the cue's mean vector.
    fn role_dense(&self, ws: usize, we: usize, cs: usize, ce: usize) -> Option<Dense<'_>> {
        if self.dense.is_empty() {
            return None;
        }
        let mut gate = vec![0f32; DIM];
        for i in (cs..=ce).filter(|&i| self.has_dense[i]) {
            for (g, x) in gate.iter_mut().zip(&self.dense[i * DIM..(i + 1) * DIM]) {
                *g += x;
            }
        }
        // Scaled so that the gated vector is about as long as the vector itself.
        let length = gate.iter().map(|x| x * x).sum::<f32>().sqrt();
        if length > 0.0 {
            let scale = (DIM as f32).sqrt() / length;
            gate.iter_mut().for_each(|g| *g *= scale);
        }
        let tokens = (ws..we)
            .map(|i| {
                let side = if i < cs { 0 } else if i > ce { 1 } else { 2 };
                let sentence = match i64::from(self.sentence_of[i]) - i64::from(self.sentence_of[cs]) {
                    d if d < 0 => 0,
                    0 => 1,
                    _ => 2,
                };
                self.has_dense[i].then_some((side * 3 + sentence, i))
            })
            .collect();
        Some(Dense { rows: &self.dense, tokens: Cow::Owned(tokens), gate: (length > 0.0).then_some(Cow::Owned(gate)) })
    }

    /// The rules' attribution on the cue `cs..=ce`, if they found one.
    fn rule_on(&self, cs: usize, ce: usize) -> Option<&RuleSpans> {
        self.rule_spans.iter().find(|r| r.cue.0 <= ce && cs <= r.cue.1)
    }

    /// Cue tagger features of token `i` in the sentence `ts..te`.
    fn cue_features(&self, i: usize, ts: usize, te: usize) -> Vec<u64> {
        let w = self.word(i as isize);
        let prev = if i > ts { self.word(i as isize - 1) } else { "<s>" };
        let prev2 = if i > ts + 1 { self.word(i as isize - 2) } else { "<s>" };
        let next = if i + 1 < te { self.word(i as isize + 1) } else { "</s>" };
        let next2 = if i + 2 < te { self.word(i as isize + 2) } else { "</s>" };
        let lex = self.lex[i];
        let stem = stem(w);
        let quoted = if self.quoted[i] { "q" } else { "-" };
        let prev_shape = if i > ts { self.shape(i - 1) } else { "<s>" };
        let next_shape = if i + 1 < te { self.shape(i + 1) } else { "</s>" };
        let position = match i - ts {
            0 => "0",
            1..=3 => "1-3",
            _ => "4+",
        };
        // What follows within three tokens: "that", a quote, a colon, "to"; what precedes within three: a
        // pronoun or a capitalised word (a subject).
        let ahead = |pred: &dyn Fn(usize) -> bool| ((i + 1)..(i + 4).min(te)).any(pred);
        let behind = |pred: &dyn Fn(usize) -> bool| (i.saturating_sub(3).max(ts)..i).any(pred);
        let that = if ahead(&|j| self.lower[j] == "that") { "that" } else { "-" };
        let quote = if ahead(&|j| matches!(self.toks[j].k, Kind::Open | Kind::Close) || &self.lower[j] == ":") { "quote" } else { "-" };
        let to = if ahead(&|j| self.lower[j] == "to") { "to" } else { "-" };
        let subject = if behind(&|j| matches!(self.lower[j].as_str(), "he" | "she" | "they" | "i" | "we" | "you" | "it")) {
            "pron"
        } else if behind(&|j| self.shape(j) == "cap" && j > ts) {
            "name"
        } else {
            "-"
        };
        let after = format!("{that}{quote}{to}");
        let rule = |j: isize| -> &'static str {
            if j < ts as isize || j >= te as isize {
                return "x";
            }
            ["-", "cue", "src", "con"][usize::from(self.rule_roles[j as usize])]
        };
        let (rule_here, rule_prev, rule_next) = (rule(i as isize), rule(i as isize - 1), rule(i as isize + 1));
        vec![
            hash("rule", rule_here, lex),
            hash("rule w", rule_here, w),
            hash("rule-1 rule rule+1", rule_prev, &format!("{rule_here} {rule_next}")),
            hash("bias", "", ""),
            hash("after", &after, lex),
            hash("after w", &after, w),
            hash("subject", subject, lex),
            hash("subject after", subject, &after),
            hash("w", w, ""),
            hash("stem", stem, ""),
            hash("w-1", prev, ""),
            hash("w+1", next, ""),
            hash("w-2", prev2, ""),
            hash("w+2", next2, ""),
            hash("w-1 w", prev, w),
            hash("w w+1", w, next),
            hash("stem w+1", stem, next),
            hash("suf3", suffix(w, 3), ""),
            hash("shape", self.shape(i), quoted),
            hash("shape-1 shape+1", prev_shape, next_shape),
            hash("lex", lex, ""),
            hash("lex q", lex, quoted),
            hash("lex-1", if i > ts { self.lex[i - 1] } else { "<s>" }, ""),
            hash("lex+1", if i + 1 < te { self.lex[i + 1] } else { "</s>" }, ""),
            hash("lex shape-1", lex, prev_shape),
            hash("lex w+1", lex, next),
            hash("pos", position, lex),
            hash("verb", if super::CUE_VERBS.contains(&w) { "y" } else { "n" }, quoted),
        ]
    }

    /// The token window `[start, end)` the role tagger reads for the cue `cs..=ce` in sentence `si`.
    fn role_window(&self, si: usize, cs: usize, ce: usize) -> (usize, usize) {
        let before = si.saturating_sub(1);
        let after = (si + 1).min(self.sentences.len() - 1);
        let mut start = self.sentences[before].0.max(cs.saturating_sub(ROLE_REACH));
        let mut end = self.sentences[after].1.min(ce + 1 + ROLE_REACH);
        // A quote that closes just before the cue or opens just after it belongs in the window.
        for i in cs.saturating_sub(3)..cs {
            if self.toks[i].k == Kind::Close && self.pairs[i] != usize::MAX {
                start = start.min(self.pairs[i].max(cs.saturating_sub(2 * ROLE_REACH)));
            }
        }
        for i in ce + 1..(ce + 4).min(self.toks.len()) {
            if self.toks[i].k == Kind::Open && self.pairs[i] != usize::MAX {
                end = end.max((self.pairs[i] + 1).min(ce + 1 + 2 * ROLE_REACH));
            }
        }
        (start, end.max(ce + 1).min(self.toks.len()))
    }

    /// Role tagger features of token `i` for the cue `cs..=ce`.
    /// What the role features need of the cue `cs..=ce`, computed once per cue.
    fn cue_parts(&self, cs: usize, ce: usize) -> CueParts<'_> {
        let before_cue = |k: usize| cs.checked_sub(k).map_or("<s>", |j| self.lower[j].as_str());
        // Coordinated verbs share the subject of the sentence: "Wilson praised Rubio and said ...".
        let coord = matches!(before_cue(1), "and" | "but" | "," | "or") || matches!(before_cue(2), "and" | "but");
        CueParts {
            cs,
            ce,
            last: text_hash(self.word(ce as isize)),
            first: text_hash(self.word(cs as isize)),
            lex: text_hash(self.lex[ce]),
            coord: u64::from(coord),
            same: self.rule_on(cs, ce),
        }
    }

    /// Role tagger features of token `i` for a cue. Each feature mixes hashes of the token's
    /// strings (computed once per document in [`Doc::parts`]) with small numbers that say where
    /// the token sits relative to the cue, so a cue's window costs no string work.
    fn role_features(&self, i: usize, cue: &CueParts<'_>) -> Vec<u64> {
        let (cs, ce) = (cue.cs, cue.ce);
        let (dir, distance) = if i < cs {
            (0u64, cs - i)
        } else if i > ce {
            (1, i - ce)
        } else {
            (2, 0)
        };
        let dist: u64 = match distance {
            0 => 0,
            1 => 1,
            2 => 2,
            3..=4 => 3,
            5..=8 => 4,
            9..=16 => 5,
            17..=32 => 6,
            _ => 7,
        };
        let (lo, hi) = if i < cs { (i, cs) } else { (ce + 1, i) };
        let lo = lo.min(hi);
        let commas = u64::from((self.commas[hi] - self.commas[lo]).min(2));
        let quotes = u64::from((self.quote_marks[hi] - self.quote_marks[lo]).min(2));
        let sentence: u64 = match i64::from(self.sentence_of[i]) - i64::from(self.sentence_of[cs]) {
            d if d < 0 => 0,
            0 => 1,
            _ => 2,
        };
        let quoted = u64::from(self.quoted[i]) * 2 + u64::from(self.quoted[cs]);
        // The rules' reading of this token for the same cue, if the rules found the cue.
        let inside = |r: Option<(usize, usize)>| r.is_some_and(|(x, y)| x <= i && i <= y);
        let rule_same: u64 = match cue.same {
            None => 0,
            Some(r) if inside(r.source) => 1,
            Some(r) if inside(Some(r.content)) => 2,
            Some(_) => 3,
        };
        let dir_dist = dir * 8 + dist;
        let where_ = dir * 27 + sentence * 9 + commas * 3 + quotes;
        let layout = cue.coord * 6 + dir * 3 + sentence;
        let p = &self.parts[i];
        let f = |template: u64, a: u64, b: u64| mix(mix(template, a), b);
        vec![
            f(1, p.sentpos, layout),
            f(2, mix(p.sentpos, p.shape), layout),
            f(3, p.w, mix(p.sentpos, layout)),
            f(4, rule_same, dir),
            f(5, rule_same, where_),
            f(6, rule_same, p.shape),
            f(7, p.rule, dir_dist),
            f(8, dir, 0),
            f(9, dir_dist, 0),
            f(10, where_, 0),
            f(11, where_, dist),
            f(12, p.w, dir),
            f(13, p.prev, dir),
            f(14, p.next, dir),
            f(15, p.stem, dir_dist),
            f(16, p.shape, dir_dist),
            f(17, p.shape, where_),
            f(18, quoted, where_),
            f(19, cue.last, dir),
            f(20, cue.last, dir_dist),
            f(21, cue.first, dir),
            f(22, cue.lex, where_),
            f(23, cue.last, p.w),
            f(24, p.w, dir_dist),
            f(25, p.lex, dir_dist),
            f(26, p.prev_shape, dir_dist),
            f(27, p.next_shape, dir_dist),
        ]
    }
}

/// Hashes of what one token contributes to the role features.
#[derive(Debug, Clone, Copy)]
struct TokenParts {
    w: u64,
    prev: u64,
    next: u64,
    stem: u64,
    shape: u64,
    lex: u64,
    prev_shape: u64,
    next_shape: u64,
    sentpos: u64,
    rule: u64,
}

/// What the role features need of one cue.
struct CueParts<'d> {
    cs: usize,
    ce: usize,
    last: u64,
    first: u64,
    lex: u64,
    coord: u64,
    same: Option<&'d RuleSpans>,
}

/// FNV-1a of a string.
fn text_hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// Mixes a value into a running feature hash (order matters).
fn mix(h: u64, x: u64) -> u64 {
    let h = (h ^ x).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^ (h >> 29)
}

fn suffix(w: &str, n: usize) -> &str {
    let start = w.char_indices().rev().nth(n - 1).map_or(0, |(b, _)| b);
    &w[start..]
}

/// A crude stem: "says", "said" and "saying" stay apart, but "denied"/"denies"/"denying" meet.
fn stem(w: &str) -> &str {
    for s in ["ing", "ed", "es", "s"] {
        if w.len() > s.len() + 3 && w.ends_with(s) {
            return &w[..w.len() - s.len()];
        }
    }
    w
}

/// How often the word is a cue in train (the committed lexicon), binned.
fn lexicon_bin(w: &str) -> &'static str {
    let Some((a, b)) = CueModel::builtin().counts(w) else { return "none" };
    let p = f64::from(a) / f64::from(b.max(1));
    match p {
        p if p >= 0.8 => "p80",
        p if p >= 0.5 => "p50",
        p if p >= 0.3 => "p30",
        _ => "p15",
    }
}

/// FNV-1a over a template name and its values.
fn hash(template: &str, a: &str, b: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [template, "\u{1}", a, "\u{1}", b] {
        for byte in part.bytes() {
            h ^= u64::from(byte);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// One gold attribution's fragments (byte ranges).
#[derive(Debug, Clone, Default)]
pub(crate) struct Gold {
    pub(crate) source: Vec<(usize, usize)>,
    pub(crate) cue: Vec<(usize, usize)>,
    pub(crate) content: Vec<(usize, usize)>,
}

/// The annotated articles of a PolNeAR split (first annotator by id), as `(name, text, gold)`.
pub(crate) fn gold_split(split_dir: &Path) -> Result<Vec<(String, String, Vec<Gold>)>, ModelError> {
    let articles = super::model::annotated_articles(split_dir)?;
    Ok(articles.into_iter().map(|(name, text, ann)| {
        let gold = parse_gold(&text, &ann);
        (name, text, gold)
    }).collect())
}

/// Brat standoff to attributions (character offsets become byte offsets).
fn parse_gold(text: &str, ann: &str) -> Vec<Gold> {
    let mut char_to_byte: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    char_to_byte.push(text.len());
    let mut spans: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
    let mut out = Vec::new();
    for line in ann.lines() {
        let mut cols = line.split('\t');
        let (Some(id), Some(info)) = (cols.next(), cols.next()) else { continue };
        if id.starts_with('T') {
            let Some((_, offsets)) = info.split_once(' ') else { continue };
            let mut frags = Vec::new();
            for frag in offsets.split(';') {
                let mut nums = frag.split_whitespace().filter_map(|n| n.parse::<usize>().ok());
                if let (Some(a), Some(b)) = (nums.next(), nums.next()) {
                    if a <= b && b < char_to_byte.len() {
                        frags.push((char_to_byte[a], char_to_byte[b]));
                    }
                }
            }
            spans.insert(id, frags);
        } else if id.starts_with('E') {
            let mut g = Gold::default();
            for arg in info.split_whitespace() {
                let Some((role, t)) = arg.split_once(':') else { continue };
                let frags = spans.get(t).cloned().unwrap_or_default();
                match role {
                    "Source" if g.source.is_empty() => g.source = frags,
                    "Cue" if g.cue.is_empty() => g.cue = frags,
                    "Content" if g.content.is_empty() => g.content = frags,
                    _ => {}
                }
            }
            if !g.cue.is_empty() {
                out.push(g);
            }
        }
    }
    out
}

/// True when token `t` lies within one of the fragments (by its middle byte).
fn within(t: &Tok, frags: &[(usize, usize)]) -> bool {
    let mid = (t.s + t.e) / 2;
    frags.iter().any(|&(s, e)| s <= mid && mid < e)
}

/// Training options (the defaults are what the committed model was trained with).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaggerTraining {
    /// Passes over the cue examples.
    pub cue_epochs: usize,
    /// Passes over the role examples.
    pub role_epochs: usize,
}

impl Default for TaggerTraining {
    fn default() -> TaggerTraining {
        TaggerTraining { cue_epochs: 10, role_epochs: 10 }
    }
}

/// One training sequence: features, gold tags, and the contextual input (rows of an article).
struct Example {
    features: Vec<Vec<u64>>,
    tags: Vec<usize>,
    article: usize,
    dense: Option<(Vec<Option<(usize, usize)>>, Option<Vec<f32>>)>,
}

impl Example {
    fn new(features: Vec<Vec<u64>>, tags: Vec<usize>, article: usize, dense: Option<Dense<'_>>) -> Example {
        let dense = dense.map(|d| (d.tokens.into_owned(), d.gate.map(Cow::into_owned)));
        Example { features, tags, article, dense }
    }
}

/// Computes the contextual vectors of an article for training (`None`: train without them).
pub type ContextFn<'a> = &'a dyn Fn(&str, &[TextRange]) -> Option<Context>;

/// Trains the tagger on the PolNeAR split in `train_dir` (train only; dev is for scoring), on the
/// articles that `keep` accepts (by name: tuning trains on part of train and scores the rest).
/// With `context`, the tagger also learns from each article's contextual vectors and must then
/// be run with them ([`AttributionTagger::find_in_context`]).
/// Examples are visited in a fixed pseudo-random order, so the same data gives the same bytes.
pub fn train_attribution_tagger(
    train_dir: &Path,
    options: TaggerTraining,
    keep: &dyn Fn(&str) -> bool,
    context: Option<ContextFn<'_>>,
) -> Result<AttributionTagger, ModelError> {
    let mut cue_examples: Vec<Example> = Vec::new();
    let mut role_examples: Vec<Example> = Vec::new();
    let mut rows: Vec<Vec<f32>> = Vec::new();
    let mut context_layers = 0;
    let mut tuned = false;
    for (name, text, gold) in gold_split(train_dir)? {
        if !keep(&name) {
            continue;
        }
        let sentences = crate::segment::sentences(&text);
        let rules = super::find(&text, &sentences);
        let article_context = context.and_then(|f| f(&text, &sentences));
        if let Some(c) = &article_context {
            context_layers = c.layers;
            tuned = c.tuned;
        }
        let mut doc = Doc::new(&text, &sentences, &rules, article_context.as_ref());
        let article = rows.len();
        let all_cues: Vec<(usize, usize)> = gold.iter().flat_map(|g| g.cue.iter().copied()).collect();
        for &(ts, te) in &doc.sentences {
            if ts == te {
                continue;
            }
            let features = (ts..te).map(|i| doc.cue_features(i, ts, te)).collect();
            let mut tags = vec![OUTSIDE; te - ts];
            for (j, i) in (ts..te).enumerate() {
                if within(&doc.toks[i], &all_cues) {
                    tags[j] = if j > 0 && tags[j - 1] != OUTSIDE { inside(0) } else { begin(0) };
                }
            }
            cue_examples.push(Example::new(features, tags, article, doc.cue_dense(ts, te)));
        }
        for g in &gold {
            let cue_tokens: Vec<usize> = (0..doc.toks.len()).filter(|&i| within(&doc.toks[i], &g.cue)).collect();
            let (Some(&cs), Some(&ce)) = (cue_tokens.first(), cue_tokens.last()) else { continue };
            let si = doc.sentence_of[cs];
            if si == u32::MAX {
                continue;
            }
            let (ws, we) = doc.role_window(si as usize, cs, ce);
            let cue = doc.cue_parts(cs, ce);
            let features = (ws..we).map(|i| doc.role_features(i, &cue)).collect();
            let mut tags = vec![OUTSIDE; we - ws];
            for (j, i) in (ws..we).enumerate() {
                let t = &doc.toks[i];
                let kind = if within(t, &g.source) {
                    Some(SOURCE)
                } else if within(t, &g.content) && !(cs..=ce).contains(&i) {
                    Some(CONTENT)
                } else {
                    None
                };
                if let Some(k) = kind {
                    tags[j] = if j > 0 && (tags[j - 1] == begin(k) || tags[j - 1] == inside(k)) { inside(k) } else { begin(k) };
                }
            }
            role_examples.push(Example::new(features, tags, article, doc.role_dense(ws, we, cs, ce)));
        }
        rows.push(std::mem::take(&mut doc.dense));
    }
    if cue_examples.is_empty() {
        return Err(ModelError::Empty { path: train_dir.to_owned() });
    }
    let contextual = context.is_some();
    let train = |examples: &[Example], model: Perceptron, epochs: usize| {
        let mut trainer = Trainer::new(model);
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..epochs {
            for i in (1..order.len()).rev() {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                order.swap(i, (state >> 33) as usize % (i + 1));
            }
            for &x in &order {
                let e = &examples[x];
                let dense = e.dense.as_ref().map(|(tokens, gate)| Dense {
                    rows: &rows[e.article],
                    tokens: Cow::Borrowed(tokens),
                    gate: gate.as_deref().map(Cow::Borrowed),
                });
                trainer.learn(&e.features, dense.as_ref(), &e.tags);
            }
        }
        trainer.finish()
    };
    let (cue_model, role_model) = if contextual {
        (Perceptron::with_dense(3, 1, MAX_PARTS), Perceptron::with_dense(5, ROLE_BLOCKS, MAX_PARTS))
    } else {
        (Perceptron::new(3), Perceptron::new(5))
    };
    let cues = train(&cue_examples, cue_model, options.cue_epochs);
    let roles = train(&role_examples, role_model, options.role_epochs);
    Ok(AttributionTagger { cues, roles, context_layers: if contextual { context_layers } else { 0 }, tuned: contextual && tuned })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_read_bio_spans() {
        // O B I O B B I
        let tags = [0, 1, 2, 0, 1, 1, 2];
        assert_eq!(runs(&tags, 0), vec![(1, 2), (4, 4), (5, 6)]);
        // Content is kind 1: tags 3 and 4.
        let tags = [3, 4, 0, 3];
        assert_eq!(runs(&tags, 1), vec![(0, 1), (3, 3)]);
    }

    #[test]
    fn constrained_decoding_never_continues_an_unopened_span() {
        let mut p = Perceptron::new(5);
        // Make "inside source" attractive everywhere: it must still follow a "begin".
        let f = hash("w", "x", "");
        p.weights[bucket(f) * 5 + inside(SOURCE)] = 5.0;
        let tags = p.decode(&[vec![f], vec![f], vec![f]], None);
        assert_ne!(tags[0], inside(SOURCE));
        for w in tags.windows(2) {
            assert!(Perceptron::allowed(w[0], w[1], 5), "{tags:?}");
        }
    }

    #[test]
    fn the_committed_contextual_tagger_reads_the_tuned_layer() {
        let tagger = AttributionTagger::builtin_contextual();
        assert!(tagger.is_contextual() && tagger.is_tuned());
        assert_eq!(tagger.context_layers(), super::super::context::TUNED_BELOW + 1);
        assert!(super::super::context::tuned_layer().is_ok());
        let plain = AttributionTagger::builtin();
        assert!(!plain.is_empty() && !plain.is_contextual() && !plain.is_tuned());
    }

    #[test]
    fn weights_survive_the_byte_format() {
        let mut t = AttributionTagger {
            cues: Perceptron::with_dense(3, 1, MAX_PARTS),
            roles: Perceptron::with_dense(5, ROLE_BLOCKS, MAX_PARTS),
            context_layers: 3,
            tuned: true,
        };
        t.cues.weights[7] = 1.5;
        t.roles.weights[11] = -2.0;
        t.roles.transitions[3] = 0.25;
        t.cues.dense[5] = 0.125;
        let last = t.roles.dense.len() - 1;
        t.roles.dense[last] = -0.5;
        let back = AttributionTagger::from_bytes(&t.to_bytes());
        assert!((back.cues.weights[7] - 1.5).abs() < 1e-3);
        assert!((back.roles.weights[11] + 2.0).abs() < 1e-3);
        assert_eq!(back.roles.transitions[3], 0.25);
        assert_eq!((back.cues.dense[5], back.roles.dense[last]), (0.125, -0.5));
        assert_eq!((back.roles.blocks, back.roles.parts), (ROLE_BLOCKS, MAX_PARTS));
        assert!(back.is_contextual());
        assert_eq!(back.context_layers(), 3);
        assert!(back.is_tuned());
        // The format before the tuned layer still reads, as a tagger of the encoder's own layers.
        let mut old = MAGIC_3.to_vec();
        old.extend(3u32.to_le_bytes());
        t.cues.to_bytes(&mut old);
        t.roles.to_bytes(&mut old);
        let back = AttributionTagger::from_bytes(&old);
        assert!(back.is_contextual() && !back.is_tuned());
        assert!(AttributionTagger::from_bytes(b"nonsense").is_empty());
    }
}
