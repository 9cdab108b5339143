//! The attribution tagger's two perceptrons (`models/attribution_tagger.bin`, and with contextual
//! vectors `models/attribution_tagger_contextual.bin`).

use std::borrow::Cow;
use std::path::Path;

use hearsay_text::TextRange;

use super::polnear::gold_split;
use super::ModelError;
use crate::attribution::context::{Context, DIM};
use crate::attribution::tagger::features::Doc;
use crate::attribution::tagger::perceptron::{bucket, Dense, Perceptron};
use crate::attribution::tagger::{begin, inside, Bias, CONTENT, MAX_PARTS, OUTSIDE, PLAIN_BIAS, ROLE_BLOCKS, SOURCE};
use crate::attribution::tokens::Tok;
use crate::attribution::AttributionTagger;

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
    /// How the tagger reads the dependency parse (`attribution::parse`; not with contextual
    /// vectors): 0 not at all (the committed model); `SYNTAX_ALL` (1) both perceptrons, every
    /// sentence (on PolNeAR dev it raised the output's source F1 from 0.716 to 0.729, but cut
    /// `extract` to under a fifth of its speed, and lost the seed's cue "considered");
    /// `SYNTAX_CUE_SENTENCE` (2) the role tagger only, in the cue's sentence (most of that gain,
    /// still too slow: see `attribution::tagger::SYNTAX_CUE_SENTENCE`).
    pub syntax: u32,
}

impl Default for TaggerTraining {
    fn default() -> TaggerTraining {
        TaggerTraining { cue_epochs: 10, role_epochs: 10, syntax: 0 }
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
pub fn attribution_tagger(
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
    // The plain tagger reads the parse; the contextual one reads the encoder's vectors instead
    // (its committed model was trained without the parse).
    let syntax = if context.is_none() { options.syntax } else { 0 };
    for (name, text, gold) in gold_split(train_dir)? {
        if !keep(&name) {
            continue;
        }
        let sentences = crate::segment::sentences(&text);
        let rules = crate::attribution::find(&text, &sentences);
        let article_context = context.and_then(|f| f(&text, &sentences));
        if let Some(c) = &article_context {
            context_layers = c.layers;
            tuned = c.tuned;
        }
        let mut doc = Doc::new(&text, &sentences, &rules, article_context.as_ref(), syntax);
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
            doc.parse_sentence(si as usize);
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
                    tags[j] = if j > 0 && (tags[j - 1] == begin(k) || tags[j - 1] == inside(k)) {
                        inside(k)
                    } else {
                        begin(k)
                    };
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
    Ok(AttributionTagger {
        cues,
        roles,
        context_layers: if contextual { context_layers } else { 0 },
        tuned: contextual && tuned,
        syntax,
        // As the model file reads back.
        bias: if contextual { Bias::default() } else { PLAIN_BIAS },
    })
}
