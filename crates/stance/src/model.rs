//! The two-stage stance model: related/unrelated from overlap features, then agree / disagree /
//! discuss from how the closest body sentences frame the headline. Training, prediction,
//! grouped cross-validation and the model file format.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::features::{
    analyse, headline_extra, lexicons, pair_features, read_word_list, stance_sparse, Analysed, Idf, Lexicon, Lexicons,
    PairFeatures, DENSE,
};
use crate::linear::{Fit, Linear};
use crate::score::{fnc_score, ScoreReport};
use crate::text::{combine, hash_bytes};
use crate::{Pair, Stance};

/// Settings for [`StanceModel::train`]. The defaults are the ones behind the committed model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainOptions {
    /// Hash bits of the document-frequency table.
    pub idf_bits: u32,
    /// Hash bits of the agree/disagree/discuss model's feature space.
    pub stance_bits: u32,
    pub related_epochs: u32,
    pub stance_epochs: u32,
    pub rate: f32,
    pub l2: f32,
    /// Class weight = (share of the average class / share of this class) ^ power; 0 = unweighted.
    pub class_weight_power: f32,
    /// Extra multiplier on the disagree class weight (rare, ~8% of related pairs).
    pub disagree_boost: f32,
    /// Probability of "related" above which stage two labels the pair.
    pub related_threshold: f32,
    pub seed: u64,
    /// Scale of the stance stage's feature groups: headline n-grams, n-grams of the body
    /// sentences closest to the headline, body words, lexicon and punctuation cues. Topic
    /// words (the first three) fit the training claims; cues carry over to new ones.
    pub group_weights: [f32; 4],
    /// Scale of the shapes of the headline and of the closest body sentences (cues and function
    /// words kept, headline words read as `H`, other words as `X`): refutation that names no
    /// topic ("X denied H", "H is a hoax").
    pub shape_weight: f32,
    /// Scales of the headline stage's five feature groups (as `group_weights`, then the shapes):
    /// the stage that reads a short body, an article's headline (Emergent).
    pub headline_weights: [f32; 5],
    pub headline_epochs: u32,
    /// Learning rate of the headline stage (AdaGrad's step, as `rate`). Its 2,000 training headlines
    /// want smaller steps than the bodies: claim-grouped Emergent accuracy (the `headlines` example,
    /// six fold seeds) 0.7479 at 0.02, 0.7503 at 0.01, 0.7507 at 0.0125, 0.7501 at 0.015, 0.7472 at
    /// 0.0075.
    pub headline_rate: f32,
    /// Scale of the second stage's own reading of the headline (its most likely label and its
    /// binned probabilities) among the headline stage's features; 0: left out.
    pub headline_stack: f32,
    /// Extra multiplier on the disagree class weight of the headline stage.
    pub headline_disagree_boost: f32,
    /// Bodies of at most this many words in one sentence are read by the headline stage.
    pub headline_max_words: u32,
    /// Extra hedging words and phrases (from the shared lexicons), lowercase.
    pub extra_hedges: Vec<String>,
    /// Reporting verbs (from the shared lexicons), lowercase.
    pub extra_reporting: Vec<String>,
    /// Near misses the related stage also learns from, per headline: the training bodies of other
    /// claims (other topics) closest to it by tf-idf cosine, as unrelated. FNC-1's unrelated pairs
    /// are random bodies, which a search for the headline's words never returns; `hearsay check`
    /// must tell apart the reports of another claim on the same topic. 0: none, the default.
    ///
    /// Tried with 30 and left out: among every training body, the held-out claims' related-stage
    /// F1 rose from 0.711 to 0.746 at the best cut (`related` example; 0.730 with 10, 0.749 with
    /// 60), and `hearsay eval check`'s learned relatedness from 0.808 to 0.823 on FNC-1 (Emergent
    /// 0.718 to 0.729), but the stage then reads fewer true reports as related: the default
    /// check's recall fell (F1 0.774 at the 0.5 cut, 0.797 with a related cut of 0.05 chosen on
    /// the other folds, against 0.799), FNC-1's own topic-grouped score fell from 84.9% to 76.9%,
    /// and `hearsay eval propositions`, which reads the stage's probability, fell from contested
    /// recall 0.724 and corroboration 0.933 to 0.433 and 0.841.
    pub hard_negatives: u32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            idf_bits: 18,
            stance_bits: 18,
            related_epochs: 6,
            stance_epochs: 8,
            rate: 0.02,
            l2: 1e-6,
            class_weight_power: 0.5,
            disagree_boost: 2.0,
            related_threshold: 0.5,
            seed: 20_260_123,
            group_weights: [0.5, 1.0, 0.5, 1.0],
            shape_weight: 0.0,
            headline_weights: [1.0, 1.0, 0.5, 1.0, 0.5],
            headline_epochs: 20,
            headline_rate: 0.0125,
            headline_stack: 1.0,
            headline_disagree_boost: 1.0,
            headline_max_words: 40,
            extra_hedges: Vec::new(),
            extra_reporting: Vec::new(),
            hard_negatives: 0,
        }
    }
}

/// Scales of the headline stage's extra feature groups (see `headline_extra`): the article
/// headline's words the claim does not use, its opening and closing words, how much of the
/// claim it repeats, its lexicon cues by where they sit against the claim's words, and its own
/// words by the same. Chosen on the claim-grouped Emergent folds of the `headlines` example
/// (six fold seeds, over the committed body stages: mean accuracy 0.7433 with the first three,
/// 0.7463 with all five; the first three had lifted the `train` example's claim-grouped figure
/// from 0.731 to 0.747); fixed here so the model file's format stays.
const HEADLINE_EXTRA: [f32; 5] = [0.5, 1.0, 1.0, 1.0, 0.5];

/// A trained stance classifier. Serde-serialisable; [`StanceModel::save`] writes a compact
/// binary file (16-bit weights) instead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StanceModel {
    options: TrainOptions,
    idf: Idf,
    lexicons: Lexicons,
    /// Quantile edges of each dense feature, for one-hot binning.
    bins: Vec<Vec<f32>>,
    related: Linear,
    stance: Linear,
    /// Agree / disagree / discuss of a short body (a headline), when trained on headlines.
    headline: Option<Linear>,
}

const RELATED_BITS: u32 = 16;
const STANCE3: [Stance; 3] = [Stance::Agree, Stance::Disagree, Stance::Discuss];

fn dense_sparse(dense: &[f32], bins: &[Vec<f32>], out: &mut Vec<(u64, f32)>) {
    let nd = hash_bytes(b"dense");
    let nr = hash_bytes(b"raw");
    let mut b = Vec::with_capacity(dense.len());
    for (j, (&v, edges)) in dense.iter().zip(bins).enumerate() {
        let bin = edges.partition_point(|&e| e <= v) as u64;
        b.push(bin);
        out.push((combine(nd, combine(j as u64, bin)), 1.0));
        out.push((combine(nr, j as u64), v));
    }
    // Crosses of the strongest similarity features, coarsely binned: lets the linear model
    // learn that a high cosine with no sentence-level match is still weak evidence.
    let nc = hash_bytes(b"cross");
    let strong = [0usize, 1, 3, 7, 9];
    for (x, &i) in strong.iter().enumerate() {
        for &j in &strong[x + 1..] {
            out.push((combine(nc, combine(combine(i as u64, j as u64), combine(b[i] / 2, b[j] / 2))), 1.0));
        }
    }
    out.push((hash_bytes(b"bias"), 1.0));
}

fn quantile_edges(values: &mut [f32], n: usize) -> Vec<f32> {
    values.sort_by(f32::total_cmp);
    let mut edges: Vec<f32> = (1..n).map(|q| values[q * (values.len() - 1) / n]).collect();
    edges.dedup();
    edges
}

/// The two stages' probabilities for one pair: `related` from the first stage; `agree`,
/// `disagree` and `discuss` from the second, as if the pair were related (a caller that knows
/// the pair is related, as two reports of one story are, reads them whatever the first stage
/// says).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct StanceScores {
    /// Probability that the pair is related.
    pub related: f32,
    /// Probability of agree, given related.
    pub agree: f32,
    /// Probability of disagree, given related.
    pub disagree: f32,
    /// Probability of discuss, given related.
    pub discuss: f32,
}

impl StanceScores {
    /// The most likely label when the first stage's cut is `related_threshold`.
    pub fn label(&self, related_threshold: f32) -> Stance {
        if self.related <= related_threshold {
            return Stance::Unrelated;
        }
        let q = [self.agree, self.disagree, self.discuss];
        let best = (0..3).fold(0, |b, c| if q[c] > q[b] { c } else { b });
        STANCE3[best]
    }
}

/// The second stage's feature group scales: [`TrainOptions::group_weights`], then the shapes.
fn stance_groups(o: &TrainOptions) -> [f32; 5] {
    let g = o.group_weights;
    [g[0], g[1], g[2], g[3], o.shape_weight]
}

/// Class weight = (share of the average class / share of this class) ^ `power`, disagree's
/// times `disagree_boost`.
fn class_weights(n: [usize; 3], power: f32, disagree_boost: f32) -> Vec<f32> {
    let total = n.iter().sum::<usize>().max(1) as f32;
    (0..3)
        .map(|c| {
            let share = (n[c].max(1) as f32) / total;
            let w = ((1.0 / 3.0) / share).powf(power);
            if STANCE3[c] == Stance::Disagree {
                w * disagree_boost
            } else {
                w
            }
        })
        .collect()
}

/// The near misses of [`TrainOptions::hard_negatives`]: for each distinct headline, the `per_headline`
/// bodies of other topics (claims) with the highest tf-idf cosine with it that are not paired with
/// it already, each as (headline, body) analysed. Bodies of the headline's own topic are left out
/// (FNC-1 pairs a headline with about half of its claim's bodies: the others are unlabelled, not
/// unrelated). Deterministic: ties go to the smaller body id.
fn hard_negatives(
    pairs: &[Pair],
    bodies: &BTreeMap<String, String>,
    idf: &Idf,
    lex: &Lexicons,
    per_headline: usize,
) -> Vec<(Analysed, Analysed)> {
    if per_headline == 0 {
        return Vec::new();
    }
    let topic = topics(pairs);
    let body_ids: Vec<&str> = pairs
        .iter()
        .map(|p| p.body_id.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .filter(|id| bodies.contains_key(*id))
        .collect();
    let analysed: Vec<Analysed> = body_ids.iter().map(|id| analyse(&bodies[*id], idf, lex)).collect();
    // Inverted index of the bodies' tf-idf unigrams.
    let mut postings: HashMap<u64, Vec<(usize, f32)>> = HashMap::new();
    for (b, a) in analysed.iter().enumerate() {
        for &(h, x) in a.unigram_tfidf() {
            postings.entry(h).or_default().push((b, x));
        }
    }
    let mut paired: std::collections::BTreeSet<(&str, &str)> = std::collections::BTreeSet::new();
    for p in pairs {
        paired.insert((p.headline.as_str(), p.body_id.as_str()));
    }
    let headlines: std::collections::BTreeSet<&str> = pairs.iter().map(|p| p.headline.as_str()).collect();
    let mut out = Vec::new();
    let mut score = vec![0.0f32; analysed.len()];
    for headline in headlines {
        let head = analyse(headline, idf, lex);
        let own = topic.get(&format!("h:{headline}"));
        score.iter_mut().for_each(|s| *s = 0.0);
        for &(h, x) in head.unigram_tfidf() {
            for &(b, y) in postings.get(&h).map_or(&[][..], Vec::as_slice) {
                score[b] += x * y;
            }
        }
        let mut ranked: Vec<(f32, usize)> = score
            .iter()
            .enumerate()
            .filter(|&(b, &s)| {
                s > 0.0
                    && !paired.contains(&(headline, body_ids[b]))
                    && topic.get(&format!("b:{}", body_ids[b])).is_none_or(|t| Some(t) != own)
            })
            .map(|(b, &s)| (s, b))
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for &(_, b) in ranked.iter().take(per_headline) {
            out.push((head.clone(), analysed[b].clone()));
        }
    }
    out
}

/// Per-pair inputs of both stages, computed once per training run.
struct Prepared {
    dense: Vec<Vec<f32>>,
    sparse: Vec<Vec<(u64, f32)>>,
}

fn prepare(pairs: &[Pair], bodies: &BTreeMap<String, String>, idf: &Idf, lex: &Lexicons, groups: [f32; 5]) -> Prepared {
    let mut body_cache: BTreeMap<&str, Analysed> = BTreeMap::new();
    let mut head_cache: HashMap<&str, Analysed> = HashMap::new();
    let mut dense = Vec::with_capacity(pairs.len());
    let mut sparse = Vec::with_capacity(pairs.len());
    for p in pairs {
        let body_text = bodies.get(&p.body_id).map_or("", String::as_str);
        let body = body_cache.entry(p.body_id.as_str()).or_insert_with(|| analyse(body_text, idf, lex));
        let head = head_cache.entry(p.headline.as_str()).or_insert_with(|| analyse(&p.headline, idf, lex));
        let f = pair_features(head, body, idf);
        let mut sp = Vec::new();
        if p.stance.is_some_and(Stance::is_related) {
            stance_sparse(head, body, &f.top, &f.sentence_scores, groups, &mut sp);
        }
        dense.push(f.dense);
        sparse.push(sp);
    }
    Prepared { dense, sparse }
}

impl StanceModel {
    /// Trains both stages on labelled pairs (pairs without a label are skipped). Deterministic:
    /// the same pairs, bodies and options give the same model, byte for byte.
    pub fn train(pairs: &[Pair], bodies: &BTreeMap<String, String>, options: &TrainOptions) -> StanceModel {
        let pairs: Vec<Pair> = pairs.iter().filter(|p| p.stance.is_some()).cloned().collect();
        let lex = lexicons(&options.extra_hedges, &options.extra_reporting);
        // Document frequencies over the training bodies and distinct headlines only.
        let used: std::collections::BTreeSet<&str> = pairs.iter().map(|p| p.body_id.as_str()).collect();
        let heads: std::collections::BTreeSet<&str> = pairs.iter().map(|p| p.headline.as_str()).collect();
        let docs = used.iter().filter_map(|id| bodies.get(*id).map(String::as_str)).chain(heads.iter().copied());
        let idf = Idf::fit(docs, options.idf_bits);
        let prep = prepare(&pairs, bodies, &idf, &lex, stance_groups(options));

        let bins: Vec<Vec<f32>> = (0..DENSE.len())
            .map(|j| {
                let mut col: Vec<f32> = prep.dense.iter().map(|d| d[j]).collect();
                if col.is_empty() {
                    Vec::new()
                } else {
                    quantile_edges(&mut col, 16)
                }
            })
            .collect();

        let fit = |epochs| Fit { epochs, rate: options.rate, l2: options.l2, seed: options.seed };
        let mut rel_x = Vec::with_capacity(pairs.len());
        let mut rel_y = Vec::with_capacity(pairs.len());
        let mut st_x = Vec::new();
        let mut st_y = Vec::new();
        for (i, p) in pairs.iter().enumerate() {
            let stance = p.stance.expect("unlabelled pairs were filtered out");
            let mut x = Vec::new();
            dense_sparse(&prep.dense[i], &bins, &mut x);
            rel_y.push(usize::from(stance.is_related()));
            if stance.is_related() {
                let mut sx = x.clone();
                sx.extend_from_slice(&prep.sparse[i]);
                st_x.push(sx);
                st_y.push(stance.index());
            }
            rel_x.push(x);
        }
        for (head, body) in hard_negatives(&pairs, bodies, &idf, &lex, options.hard_negatives as usize) {
            let mut x = Vec::new();
            dense_sparse(&pair_features(&head, &body, &idf).dense, &bins, &mut x);
            rel_x.push(x);
            rel_y.push(0);
        }
        let related = Linear::train(&rel_x, &rel_y, 2, RELATED_BITS, &[1.0, 1.0], fit(options.related_epochs));
        drop(rel_x);

        let mut n = [0usize; 3];
        for &y in &st_y {
            n[y] += 1;
        }
        let weights = class_weights(n, options.class_weight_power, options.disagree_boost);
        let stance = Linear::train(&st_x, &st_y, 3, options.stance_bits, &weights, fit(options.stance_epochs));
        StanceModel { options: options.clone(), idf, lexicons: lex, bins, related, stance, headline: None }
    }

    /// The same model with other options for the headline stage (its weights, epochs, stacking,
    /// disagree boost and length limit; the other options stay): for tuning that stage alone on
    /// claim-grouped folds without retraining the body stages.
    pub fn with_headline_options(mut self, o: &TrainOptions) -> StanceModel {
        self.options.headline_weights = o.headline_weights;
        self.options.headline_epochs = o.headline_epochs;
        self.options.headline_rate = o.headline_rate;
        self.options.headline_stack = o.headline_stack;
        self.options.headline_disagree_boost = o.headline_disagree_boost;
        self.options.headline_max_words = o.headline_max_words;
        self
    }

    /// Trains the headline stage on labelled (claim, article headline) pairs: agree, disagree or
    /// discuss of a short body, read by [`StanceModel::score_pairs`] and the rest instead of the
    /// second stage when the body is one sentence of at most
    /// [`TrainOptions::headline_max_words`] words. Unrelated and unlabelled pairs are skipped.
    pub fn with_headline_stage(mut self, pairs: &[Pair], bodies: &BTreeMap<String, String>) -> StanceModel {
        let o = &self.options;
        let pairs: Vec<&Pair> = pairs.iter().filter(|p| p.stance.is_some_and(Stance::is_related)).collect();
        let mut head_cache: HashMap<&str, Analysed> = HashMap::new();
        let (mut x, mut y) = (Vec::with_capacity(pairs.len()), Vec::with_capacity(pairs.len()));
        for p in &pairs {
            let text = bodies.get(&p.body_id).map_or("", String::as_str);
            let body = analyse(text, &self.idf, &self.lexicons);
            let head = head_cache
                .entry(p.headline.as_str())
                .or_insert_with(|| analyse(&p.headline, &self.idf, &self.lexicons));
            x.push(self.headline_input(head, &body));
            y.push(p.stance.expect("related pairs only").index());
        }
        let mut n = [0usize; 3];
        for &c in &y {
            n[c] += 1;
        }
        let weights = class_weights(n, o.class_weight_power, o.headline_disagree_boost);
        let fit = Fit { epochs: o.headline_epochs, rate: o.headline_rate, l2: o.l2, seed: o.seed };
        self.headline = Some(Linear::train(&x, &y, 3, o.stance_bits, &weights, fit));
        self
    }

    /// Whether the headline stage reads `body`.
    fn reads_as_headline(&self, body: &Analysed) -> bool {
        self.headline.is_some()
            && body.tokens.sentences.len() <= 1
            && body.tokens.words.len() <= self.options.headline_max_words as usize
    }

    fn headline_input(&self, head: &Analysed, body: &Analysed) -> Vec<(u64, f32)> {
        let f = pair_features(head, body, &self.idf);
        let mut x = Vec::with_capacity(64);
        dense_sparse(&f.dense, &self.bins, &mut x);
        self.headline_sparse(head, body, &f, &mut x);
        x
    }

    /// The headline stage's sparse features: a headline is read whole, whether or not it
    /// shares a word with the claim.
    fn headline_sparse(&self, head: &Analysed, body: &Analysed, f: &PairFeatures, x: &mut Vec<(u64, f32)>) {
        let stack = self.options.headline_stack;
        if stack > 0.0 {
            // What the second stage (trained on bodies) makes of the headline, coarsely.
            let mut y = x.clone();
            stance_sparse(head, body, &f.top, &f.sentence_scores, stance_groups(&self.options), &mut y);
            let q = self.stance.probabilities(&y);
            let best = (0..3).fold(0, |b, c| if q[c] > q[b] { c } else { b });
            let space = hash_bytes(b"stack");
            x.push((combine(space, 9 + best as u64), stack));
            for (c, &p) in q.iter().enumerate() {
                x.push((combine(space, combine(c as u64, (p * 5.0).min(4.0) as u64)), stack));
            }
        }
        let all: Vec<usize> = (0..body.tokens.sentences.len()).collect();
        stance_sparse(head, body, &all, &f.sentence_scores, self.options.headline_weights, x);
        headline_extra(head, body, HEADLINE_EXTRA, x);
    }

    /// Labels one pair.
    pub fn predict(&self, headline: &str, body: &str) -> Stance {
        let head = analyse(headline, &self.idf, &self.lexicons);
        let body = analyse(body, &self.idf, &self.lexicons);
        self.predict_analysed(&head, &body)
    }

    /// Both stages' probabilities for one pair, and whether the headline stage (not the second
    /// stage) read the body: a short body, one sentence of at most
    /// [`TrainOptions::headline_max_words`] words, when the model has that stage. `hearsay check`
    /// reads the two cases with decision rules of their own.
    pub fn scores_with_stage(&self, headline: &str, body: &str) -> (StanceScores, bool) {
        let head = analyse(headline, &self.idf, &self.lexicons);
        let body = analyse(body, &self.idf, &self.lexicons);
        (self.scores_analysed(&head, &body), self.reads_as_headline(&body))
    }

    fn predict_analysed(&self, head: &Analysed, body: &Analysed) -> Stance {
        self.scores_analysed(head, body).label(self.options.related_threshold)
    }

    fn scores_analysed(&self, head: &Analysed, body: &Analysed) -> StanceScores {
        let f = pair_features(head, body, &self.idf);
        let mut x = Vec::with_capacity(64);
        dense_sparse(&f.dense, &self.bins, &mut x);
        let p = self.related.probabilities(&x);
        let q = match &self.headline {
            Some(stage) if self.reads_as_headline(body) => {
                self.headline_sparse(head, body, &f, &mut x);
                stage.probabilities(&x)
            }
            _ => {
                stance_sparse(head, body, &f.top, &f.sentence_scores, stance_groups(&self.options), &mut x);
                self.stance.probabilities(&x)
            }
        };
        StanceScores { related: p[1], agree: q[0], disagree: q[1], discuss: q[2] }
    }

    /// The model's probabilities for many pairs (each distinct body and headline analysed once):
    /// what [`StanceModel::predict_pairs`] takes the most likely label of. A caller that wants
    /// fewer but surer agree or disagree labels cuts these instead.
    pub fn score_pairs(&self, pairs: &[Pair], bodies: &BTreeMap<String, String>) -> Vec<StanceScores> {
        self.map_pairs(pairs, bodies, |head, body| self.scores_analysed(head, body))
    }

    /// Labels many pairs, analysing each distinct body and headline once (FNC bodies meet
    /// dozens of headlines). `predicted[i]` is the label of `pairs[i]`; a pair whose body id is
    /// missing from `bodies` is compared with an empty body, which reads as unrelated.
    pub fn predict_pairs(&self, pairs: &[Pair], bodies: &BTreeMap<String, String>) -> Vec<Stance> {
        self.map_pairs(pairs, bodies, |head, body| self.predict_analysed(head, body))
    }

    /// `each(headline, body)` for every pair, analysing each distinct body and headline once.
    fn map_pairs<T>(
        &self,
        pairs: &[Pair],
        bodies: &BTreeMap<String, String>,
        each: impl Fn(&Analysed, &Analysed) -> T,
    ) -> Vec<T> {
        let mut body_cache: BTreeMap<&str, Analysed> = BTreeMap::new();
        let mut head_cache: HashMap<&str, Analysed> = HashMap::new();
        pairs
            .iter()
            .map(|p| {
                let text = bodies.get(&p.body_id).map_or("", String::as_str);
                let body =
                    body_cache.entry(p.body_id.as_str()).or_insert_with(|| analyse(text, &self.idf, &self.lexicons));
                let head = head_cache
                    .entry(p.headline.as_str())
                    .or_insert_with(|| analyse(&p.headline, &self.idf, &self.lexicons));
                each(head, body)
            })
            .collect()
    }

    /// The options the model was trained with.
    pub fn options(&self) -> &TrainOptions {
        &self.options
    }

    /// The model trained on all of FNC-1 train, committed as `models/fnc1.bin`.
    pub fn load_default() -> Result<StanceModel> {
        static BYTES: &[u8] = include_bytes!("../models/fnc1.bin");
        StanceModel::from_bytes(BYTES, "built-in models/fnc1.bin")
    }

    /// Writes the compact binary model file.
    pub fn save(&self, path: &Path) -> Result<()> {
        std::fs::write(path, self.to_bytes()).map_err(|source| Error::Io {
            action: "writing",
            path: path.to_path_buf(),
            source,
        })
    }

    /// Reads a model file written by [`StanceModel::save`].
    pub fn load(path: &Path) -> Result<StanceModel> {
        let bytes =
            std::fs::read(path).map_err(|source| Error::Io { action: "reading", path: path.to_path_buf(), source })?;
        StanceModel::from_bytes(&bytes, &path.display().to_string())
    }

    /// The model file's bytes: little-endian, weights as 16-bit steps of a per-model scale,
    /// document frequencies as thousandths.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer(Vec::new());
        w.0.extend_from_slice(MAGIC);
        w.u32(FORMAT);
        let o = &self.options;
        for v in [o.idf_bits, o.stance_bits, o.related_epochs, o.stance_epochs] {
            w.u32(v);
        }
        for v in [o.rate, o.l2, o.class_weight_power, o.disagree_boost, o.related_threshold] {
            w.f32(v);
        }
        w.u64(o.seed);
        for v in o.group_weights {
            w.f32(v);
        }
        w.f32(o.shape_weight);
        for v in o.headline_weights {
            w.f32(v);
        }
        w.u32(o.headline_epochs);
        w.f32(o.headline_stack);
        w.f32(o.headline_disagree_boost);
        w.u32(o.headline_max_words);
        w.u32(o.hard_negatives);
        w.f32(o.headline_rate);
        for list in [&o.extra_hedges, &o.extra_reporting] {
            w.u32(list.len() as u32);
            for s in list {
                w.str(s);
            }
        }
        w.u32(self.idf.bits);
        for &v in &self.idf.values {
            w.u16((v * 1000.0).round() as u16);
        }
        let l = &self.lexicons;
        for lex in [&l.refuting, &l.hedging, &l.negation, &l.confirming, &l.reporting] {
            w.u32(lex.max_len);
            w.u32(lex.phrases.len() as u32);
            for &h in &lex.phrases {
                w.u64(h);
            }
        }
        w.u32(self.bins.len() as u32);
        for edges in &self.bins {
            w.u32(edges.len() as u32);
            for &e in edges {
                w.f32(e);
            }
        }
        w.u32(u32::from(self.headline.is_some()));
        for lin in [Some(&self.related), Some(&self.stance), self.headline.as_ref()].into_iter().flatten() {
            w.u32(lin.classes);
            w.u32(lin.bits);
            w.f32(lin.scale);
            for &b in &lin.bias {
                w.f32(b);
            }
            for &x in &lin.weights {
                w.u16(((x / lin.scale).round() as i16) as u16);
            }
        }
        w.0
    }

    /// Parses a model file; `origin` names it in errors.
    pub fn from_bytes(bytes: &[u8], origin: &str) -> Result<StanceModel> {
        let bad = |reason: &str| Error::Model { origin: origin.to_string(), reason: reason.to_string() };
        let mut r = Reader { bytes, at: 0 };
        if r.take(MAGIC.len()).ok_or_else(|| bad("empty or truncated file"))? != MAGIC {
            return Err(bad("not a hearsay stance model"));
        }
        let parse = |r: &mut Reader<'_>| -> Option<StanceModel> {
            let format = r.u32()?;
            if format != FORMAT && format != 5 {
                return None;
            }
            let mut o = TrainOptions {
                idf_bits: r.u32()?,
                stance_bits: r.u32()?,
                related_epochs: r.u32()?,
                stance_epochs: r.u32()?,
                rate: r.f32()?,
                l2: r.f32()?,
                class_weight_power: r.f32()?,
                disagree_boost: r.f32()?,
                related_threshold: r.f32()?,
                seed: r.u64()?,
                group_weights: [r.f32()?, r.f32()?, r.f32()?, r.f32()?],
                shape_weight: r.f32()?,
                headline_weights: [r.f32()?, r.f32()?, r.f32()?, r.f32()?, r.f32()?],
                headline_epochs: r.u32()?,
                headline_stack: r.f32()?,
                headline_disagree_boost: r.f32()?,
                headline_max_words: r.u32()?,
                hard_negatives: r.u32()?,
                ..TrainOptions::default()
            };
            // Format 5 had no headline rate of its own: its headline stage was trained at `rate`.
            o.headline_rate = if format == 5 { o.rate } else { r.f32()? };
            for list in [&mut o.extra_hedges, &mut o.extra_reporting] {
                let n = r.u32()?;
                for _ in 0..n {
                    list.push(r.str()?);
                }
            }
            let bits = r.u32()?;
            if bits > 24 {
                return None;
            }
            let values = (0..1usize << bits).map(|_| r.u16().map(|q| f32::from(q) / 1000.0)).collect::<Option<_>>()?;
            let idf = Idf { bits, values };
            let mut lexs = Vec::new();
            for _ in 0..5 {
                let max_len = r.u32()?;
                let n = r.u32()? as usize;
                let phrases = (0..n).map(|_| r.u64()).collect::<Option<Vec<u64>>>()?;
                lexs.push(Lexicon { phrases, max_len });
            }
            let mut lexs = lexs.into_iter();
            let lexicons = Lexicons {
                refuting: lexs.next()?,
                hedging: lexs.next()?,
                negation: lexs.next()?,
                confirming: lexs.next()?,
                reporting: lexs.next()?,
            };
            let nb = r.u32()? as usize;
            let mut bins = Vec::with_capacity(nb.min(1024));
            for _ in 0..nb {
                let n = r.u32()? as usize;
                bins.push((0..n).map(|_| r.f32()).collect::<Option<Vec<f32>>>()?);
            }
            let has_headline = r.u32()? == 1;
            let mut lin = || -> Option<Linear> {
                let classes = r.u32()?;
                let bits = r.u32()?;
                if bits > 24 || classes > 16 {
                    return None;
                }
                let scale = r.f32()?;
                let bias = (0..classes).map(|_| r.f32()).collect::<Option<Vec<f32>>>()?;
                let weights = (0..(classes as usize) << bits)
                    .map(|_| r.u16().map(|q| f32::from(q as i16) * scale))
                    .collect::<Option<Vec<f32>>>()?;
                Some(Linear { classes, bits, weights, bias, scale })
            };
            let related = lin()?;
            let stance = lin()?;
            let headline = if has_headline { Some(lin()?) } else { None };
            Some(StanceModel { options: o, idf, lexicons, bins, related, stance, headline })
        };
        let model = parse(&mut r).ok_or_else(|| bad("truncated or of another format version"))?;
        if model.bins.len() != DENSE.len()
            || model.related.classes != 2
            || model.stance.classes != 3
            || model.headline.as_ref().is_some_and(|h| h.classes != 3)
        {
            return Err(bad("feature layout differs from this version"));
        }
        Ok(model)
    }
}

const MAGIC: &[u8] = b"HSSTANCE";
const FORMAT: u32 = 6;

struct Writer(Vec<u8>);

impl Writer {
    fn u16(&mut self, v: u16) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn f32(&mut self, v: f32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let s = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn f32(&mut self) -> Option<f32> {
        Some(f32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn str(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
}

/// Assigns each body id to one of `folds` folds: bodies sorted, shuffled with a fixed seed,
/// then dealt round-robin, so a body and all its headlines land in the same fold.
pub fn body_folds(pairs: &[Pair], folds: usize, seed: u64) -> BTreeMap<String, usize> {
    let mut ids: Vec<&str> = pairs.iter().map(|p| p.body_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut keyed: Vec<(u64, &str)> = ids.iter().map(|id| (combine(seed, hash_bytes(id.as_bytes())), *id)).collect();
    keyed.sort_unstable();
    keyed.iter().enumerate().map(|(i, (_, id))| (id.to_string(), i % folds.max(1))).collect()
}

/// Cross-validation grouped by body: each fold's bodies (with all their headlines) are held
/// out together, the model is trained on the rest, and the pooled held-out predictions are
/// scored. Splitting by pair instead would let the model see the held-out bodies in training
/// and inflate the score.
///
/// Headlines are still shared between folds (FNC-1 pairs each headline with many bodies), so
/// a held-out related pair's headline has usually been seen with other bodies; see
/// [`cross_validate_topics`] for the stricter split.
pub fn cross_validate(
    pairs: &[Pair],
    bodies: &BTreeMap<String, String>,
    folds: usize,
    options: &TrainOptions,
) -> ScoreReport {
    run_folds(pairs, bodies, &[], folds, options, false)
}

/// Stricter cross-validation, closer to the FNC-1 competition test (new headlines and new
/// bodies): bodies and headlines joined by a related pair form a topic, folds split topics,
/// and training also leaves out every pair whose headline belongs to a held-out topic. The
/// held-out pairs are the same as in [`cross_validate`] (each body's fold), so the figures
/// compare directly.
pub fn cross_validate_topics(
    pairs: &[Pair],
    bodies: &BTreeMap<String, String>,
    folds: usize,
    options: &TrainOptions,
) -> ScoreReport {
    run_folds(pairs, bodies, &[], folds, options, true)
}

/// [`cross_validate_topics`] with `extra` pairs (another corpus, their bodies in `bodies` too)
/// added to every fold's training; only `pairs` are held out and scored.
pub fn cross_validate_topics_with(
    pairs: &[Pair],
    extra: &[Pair],
    bodies: &BTreeMap<String, String>,
    folds: usize,
    options: &TrainOptions,
) -> ScoreReport {
    run_folds(pairs, bodies, extra, folds, options, true)
}

/// Topic of each body id and headline: connected components over related pairs, with nodes
/// "b:<id>" and "h:<headline>" (the claim groups that folds must not split).
pub fn topics(pairs: &[Pair]) -> BTreeMap<String, String> {
    fn find(parent: &mut BTreeMap<String, String>, x: &str) -> String {
        let mut root = x.to_string();
        while let Some(p) = parent.get(&root).filter(|p| **p != root) {
            root = p.clone();
        }
        parent.insert(x.to_string(), root.clone());
        root
    }
    let mut parent: BTreeMap<String, String> = BTreeMap::new();
    for p in pairs {
        let (b, h) = (format!("b:{}", p.body_id), format!("h:{}", p.headline));
        let rb = find(&mut parent, &b);
        let rh = find(&mut parent, &h);
        if p.stance.is_some_and(Stance::is_related) && rb != rh {
            // Smaller name becomes the root, so the result does not depend on pair order.
            let (lo, hi) = if rb < rh { (rb, rh) } else { (rh, rb) };
            parent.insert(hi, lo);
        }
    }
    let keys: Vec<String> = parent.keys().cloned().collect();
    keys.into_iter().map(|k| (k.clone(), find(&mut parent, &k))).collect()
}

fn run_folds(
    pairs: &[Pair],
    bodies: &BTreeMap<String, String>,
    extra: &[Pair],
    folds: usize,
    options: &TrainOptions,
    by_topic: bool,
) -> ScoreReport {
    let folds = folds.max(2);
    let owned: Vec<Pair> = pairs.iter().filter(|p| p.stance.is_some()).cloned().collect();
    let fold_of_node: BTreeMap<String, usize> = if by_topic {
        let topic = topics(&owned);
        let mut roots: Vec<(u64, &str)> =
            topic.values().map(|r| (combine(options.seed, hash_bytes(r.as_bytes())), r.as_str())).collect();
        roots.sort_unstable();
        roots.dedup();
        let fold_of_root: BTreeMap<&str, usize> = roots.iter().enumerate().map(|(i, (_, r))| (*r, i % folds)).collect();
        topic.iter().map(|(node, root)| (node.clone(), fold_of_root[root.as_str()])).collect()
    } else {
        BTreeMap::new()
    };
    let body_fold: BTreeMap<String, usize> = if by_topic {
        owned.iter().map(|p| (p.body_id.clone(), fold_of_node[&format!("b:{}", p.body_id)])).collect()
    } else {
        body_folds(&owned, folds, options.seed)
    };
    let head_fold = |p: &Pair| fold_of_node.get(&format!("h:{}", p.headline)).copied();
    let mut gold = Vec::with_capacity(owned.len());
    let mut predicted = Vec::with_capacity(owned.len());
    for k in 0..folds {
        let in_fold = |p: &Pair| body_fold.get(&p.body_id).copied() == Some(k);
        let train: Vec<Pair> = owned
            .iter()
            .filter(|p| !(in_fold(p) || by_topic && head_fold(p) == Some(k)))
            .chain(extra)
            .cloned()
            .collect();
        let test: Vec<Pair> = owned.iter().filter(|p| in_fold(p)).cloned().collect();
        if train.is_empty() || test.is_empty() {
            continue;
        }
        let model = StanceModel::train(&train, bodies, options);
        predicted.extend(model.predict_pairs(&test, bodies));
        gold.extend(test.iter().map(|p| p.stance.expect("labelled")));
    }
    fnc_score(&gold, &predicted)
}

/// Number of topics (see [`cross_validate_topics`]) among labelled pairs.
pub fn topic_count(pairs: &[Pair]) -> usize {
    let t = topics(pairs);
    let roots: std::collections::BTreeSet<&String> = t.values().collect();
    roots.len()
}

/// Options with the shared hedging and reporting-verb lexicons under `data_dir/lexicons`
/// (missing files are skipped: the built-in lists still apply).
pub fn default_options(data_dir: &Path) -> TrainOptions {
    let read = |rel: &str| std::fs::read_to_string(data_dir.join(rel)).map(|t| read_word_list(&t)).unwrap_or_default();
    let mut hedges = read("lexicons/wooorm_hedges/hedges.txt");
    hedges.extend(read("lexicons/islam2020_hedging_lrec/hedge_words.txt"));
    let mut reporting = read("lexicons/textacy/reporting_verbs_en.txt");
    reporting.extend(read("lexicons/gendergaptracker/quote_verb_list_en.txt"));
    for list in [&mut hedges, &mut reporting] {
        list.sort();
        list.dedup();
    }
    TrainOptions { extra_hedges: hedges, extra_reporting: reporting, ..TrainOptions::default() }
}

/// Reads FNC-1 train from `data_dir/stance/fnc1` and trains on all of it with
/// [`default_options`], then the headline stage on Emergent train
/// (`data_dir/stance/emergent/train.csv`): the recipe of the committed model.
pub fn train_default(data_dir: &Path) -> Result<StanceModel> {
    let (pairs, bodies) = read_fnc_dir(data_dir)?;
    let (headlines, headline_bodies) = read_emergent_dir(data_dir)?;
    Ok(StanceModel::train(&pairs, &bodies, &default_options(data_dir))
        .with_headline_stage(&headlines, &headline_bodies))
}

/// Reads Emergent train, `data_dir/stance/emergent/train.csv` (see [`crate::read_emergent`]).
pub fn read_emergent_dir(data_dir: &Path) -> Result<(Vec<Pair>, BTreeMap<String, String>)> {
    crate::read_emergent(&data_dir.join("stance/emergent/train.csv"))
}

/// Cross-validation of the headline stage, grouped by claim (the pairs' headline): for each
/// fold, `model`'s headline stage is trained on the other folds' claims and labels the fold's
/// pairs. `model`'s first two stages are kept as they are (train them without the claims for a
/// clean figure); every pair is scored as related.
pub fn cross_validate_headlines(
    model: &StanceModel,
    pairs: &[Pair],
    bodies: &BTreeMap<String, String>,
    folds: usize,
) -> ScoreReport {
    let folds = folds.max(2);
    let fold_of = |p: &Pair| (combine(model.options.seed, hash_bytes(p.headline.as_bytes())) % folds as u64) as usize;
    let (mut gold, mut predicted) = (Vec::new(), Vec::new());
    for k in 0..folds {
        let (test, train): (Vec<Pair>, Vec<Pair>) =
            pairs.iter().filter(|p| p.stance.is_some_and(Stance::is_related)).cloned().partition(|p| fold_of(p) == k);
        if test.is_empty() || train.is_empty() {
            continue;
        }
        let m = model.clone().with_headline_stage(&train, bodies);
        predicted.extend(m.score_pairs(&test, bodies).iter().map(|s| s.label(-1.0)));
        gold.extend(test.iter().map(|p| p.stance.expect("labelled")));
    }
    fnc_score(&gold, &predicted)
}

/// Reads `data_dir/stance/fnc1/train_stances.csv` and `train_bodies.csv`.
pub fn read_fnc_dir(data_dir: &Path) -> Result<(Vec<Pair>, BTreeMap<String, String>)> {
    let dir = data_dir.join("stance/fnc1");
    crate::read_fnc(&dir.join("train_stances.csv"), &dir.join("train_bodies.csv"))
}

/// Reads the ARC corpus in FNC format: `data_dir/stance/arc/arc_stances_train.csv` and
/// `arc_bodies.csv`.
pub fn read_arc_dir(data_dir: &Path) -> Result<(Vec<Pair>, BTreeMap<String, String>)> {
    let dir = data_dir.join("stance/arc");
    crate::read_fnc(&dir.join("arc_stances_train.csv"), &dir.join("arc_bodies.csv"))
}
