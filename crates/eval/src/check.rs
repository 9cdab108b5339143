//! `hearsay eval check`: the fact-checker's lookup (`hearsay_ledger::check`) scored on two gold
//! sets, beside a TF-IDF baseline run in the same folds.
//!
//! * **FNC-1** train (`stance/fnc1`): each distinct headline is a claim to check over a store of
//!   all 1,683 train bodies; the gold evidence is the bodies paired with it as agree, disagree
//!   or discuss (affirm, deny, discuss).
//! * **Emergent** (`stance/emergent/train.csv`): each claim headline is checked over a store of
//!   the article headlines, each stored as an article of its outlet; every article of the claim
//!   is gold evidence, with for, against, observing as affirm, deny, discuss.
//!
//! **Folds are grouped by claim.** On FNC-1 a claim is a connected component of related
//! (headline, body) pairs, so a claim's headlines and bodies share one fold; on Emergent it is
//! the claim id. For each fold a stance model is trained on FNC-1 train without the held-out
//! claims' pairs (their headlines and bodies), so nothing checked was seen in training: for
//! Emergent, the FNC-1 claims whose headlines are Emergent article headlines of a held-out claim
//! are left out (FNC-1 was built from Emergent's articles). The model's headline stage (which
//! judges the Emergent articles, stored as their headlines) is trained on Emergent train without
//! the held-out claims; for FNC-1, without the Emergent claims whose article headlines are
//! held-out FNC-1 headlines. The baseline's threshold is chosen on the other folds' queries.
//!
//! Scores: retrieval precision, recall and F1 over (claim, article) pairs, micro-averaged (on
//! FNC-1, a body of the headline's claim that FNC-1 does not pair with that headline is neither
//! found nor missed: the gold pairs each headline with about half of its claim's bodies, and
//! the others are unlabelled, not unrelated);
//! stance accuracy and macro-F1 over affirm / deny / discuss on the gold-related articles that
//! were retrieved. Baseline: TF-IDF cosine of the claim with every stored text (idf over the
//! stored texts), kept above a threshold chosen to maximise F1 on the training folds, and the
//! training folds' majority stance.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use hearsay_ledger::check::{
    assess_with, content_words, stance_with_bias, story_rule, CandidateFeatures, CheckOptions, CheckStance, Checker,
    Relatedness,
};
use hearsay_stance::{Pair, Stance, StanceModel, StanceScores};

mod baseline;
mod embedding;
mod fit;

pub use baseline::baseline;
pub use fit::{fit_relatedness, fit_stance_bias};
use serde::{Deserialize, Serialize};

/// How the evaluation runs.
#[derive(Clone)]
pub struct CheckEvalOptions {
    /// Claim-grouped folds.
    pub folds: usize,
    /// Score at most this many claims per dataset (whole claims, in a fixed pseudo-random order;
    /// the store then holds only their articles); 0: all.
    pub limit: usize,
    /// Use the built-in stance model instead of one trained per fold. Leaky (it was trained on
    /// all of FNC-1 train, built from Emergent's articles): for quick tests of the machinery only.
    pub built_in_model: bool,
    /// A folder where each dataset's out-of-fold assessments are kept (and read back when they
    /// are there, skipping the stance models and the checks): for refitting the decisions
    /// quickly. `score_check` takes `HEARSAY_CHECK_CACHE` when this is unset.
    pub cache: Option<PathBuf>,
    /// A sentence-embedding model: also score the check with embeddings
    /// ([`hearsay_ledger::check::Checker::with_embedder`]), the `embeddings` row.
    pub embedder: Option<std::sync::Arc<dyn hearsay_ledger::Embed + Send + Sync>>,
}

impl std::fmt::Debug for CheckEvalOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CheckEvalOptions")
            .field("folds", &self.folds)
            .field("limit", &self.limit)
            .field("built_in_model", &self.built_in_model)
            .field("cache", &self.cache)
            .field("embedder", &self.embedder.as_ref().map(|e| e.id().to_owned()))
            .finish()
    }
}

impl Default for CheckEvalOptions {
    fn default() -> Self {
        CheckEvalOptions { folds: 5, limit: 0, built_in_model: false, cache: None, embedder: None }
    }
}

/// Precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Share of the retrieved that are gold.
    pub precision: f64,
    /// Share of the gold that are retrieved.
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
}

impl Prf {
    fn of(true_positives: usize, retrieved: usize, gold: usize) -> Prf {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(true_positives, retrieved);
        let recall = ratio(true_positives, gold);
        let f1 = if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
        Prf { precision, recall, f1 }
    }
}

/// One system on one dataset.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SystemScore {
    /// Retrieval of the gold-related articles, over (claim, article) pairs.
    pub retrieval: Prf,
    /// Stance accuracy on the gold-related articles retrieved.
    pub stance_accuracy: f64,
    /// Macro-F1 over affirm, deny, discuss on the same articles.
    pub stance_macro_f1: f64,
    /// F1 of affirm, deny, discuss.
    pub stance_f1: [f64; 3],
    /// Articles the stance is scored on.
    pub n_stance: usize,
    /// The baseline's cosine thresholds chosen on the training folds, one per fold.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub thresholds: Vec<f64>,
    /// hearsay's re-rank cuts (absolute, relative to the best candidate) chosen on the training
    /// folds, one per fold.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cuts: Vec<(f64, f64)>,
    /// The stance prior corrections chosen on the training folds, one per fold.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stance_biases: Vec<[f64; 3]>,
    /// The embedding similarity cuts chosen on the training folds, one per fold.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub embedding_cuts: Vec<f32>,
    /// Gold stance (rows: affirm, deny, discuss) against the predicted one (columns).
    pub stance_confusion: [[usize; 3]; 3],
    /// Share of the claims that get evidence from a store without their own articles (where
    /// the answer should be no evidence); 0 where not measured.
    pub unreported_answered: f64,
    /// Retrieval in a small store (the claim's articles and the weakest other candidates);
    /// zeros where not measured.
    pub small_store: Prf,
    /// Retrieval in a small store where at most three articles report the claim; zeros where
    /// not measured.
    pub few_reports: Prf,
}

/// One dataset's report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DatasetReport {
    /// Dataset and split.
    pub dataset: String,
    /// Claims checked.
    pub n_queries: usize,
    /// Articles stored.
    pub n_articles: usize,
    /// Gold (claim, article) pairs.
    pub n_gold: usize,
    /// Share of the gold pairs among the search's candidates (the ceiling of hearsay's recall).
    pub candidate_recall: f64,
    /// `hearsay check` as it ships (`CheckOptions::default()`): the stance model's related
    /// stage with a re-rank cut, widened to the story of the best answer from a second cut
    /// (`story_rule`), both cuts chosen per fold on the other folds (the default ships the pair
    /// chosen on all of FNC-1, `story_cut_all`); the stance model's most likely stance.
    pub hearsay: SystemScore,
    /// The rule before the stories: the related stage and one re-rank cut, chosen per fold on
    /// the other folds (`cut_all` over all of them); what `hearsay check` does on a store
    /// without stories.
    pub hearsay_without_stories: SystemScore,
    /// `hearsay check --embeddings`: the story rule with the claim's sentence-embedding
    /// similarity in place of the related stage (`EmbeddingCuts`), its cut and the two re-rank
    /// cuts chosen together on the other folds; when the run has an embedding model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub embeddings: Option<SystemScore>,
    /// Its cuts (re-rank, story, embedding similarity) over all out-of-fold evidence
    /// (`EmbeddingCuts::default()`: FNC-1's for articles, Emergent's for headlines).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub embedding_cut_all: Option<(f64, f64, f32)>,
    /// Not the default: the learned relatedness decision, each fold's fitted on the other folds'
    /// queries in four stores (as it is, without the claim's articles, small, small with few
    /// reports).
    pub learned: SystemScore,
    /// Not the default: the learned decision fitted on the store as it is only; it answers
    /// claims nothing reports.
    pub learned_full_store: SystemScore,
    /// Tried and left out: the learned decision with a stance prior correction (added to the
    /// log-probabilities of agree and disagree) chosen for macro-F1 on the other folds.
    pub learned_biased: SystemScore,
    /// The stance model's related stage alone, no re-rank cut.
    pub hearsay_uncut: SystemScore,
    /// The F1-best re-rank cuts (absolute, relative) of the rule without stories, over all
    /// out-of-fold evidence (`CheckOptions::min_similarity`).
    pub cut_all: (f64, f64),
    /// The F1-best cuts of the story rule (re-rank score of the accepted, then of the best
    /// answer's story), over all out-of-fold evidence (`StoryWidening::default()`).
    pub story_cut_all: (f64, f64),
    /// The learned relatedness decision fitted on all out-of-fold evidence in the four stores
    /// (`Relatedness::BODIES` is FNC-1's, `Relatedness::HEADLINES` Emergent's; not the default).
    pub relatedness_all: Relatedness,
    /// The stance prior correction fitted on all out-of-fold evidence (not shipped, see
    /// `learned_biased`).
    pub stance_bias_all: [f64; 3],
    /// TF-IDF cosine with a tuned threshold, majority stance.
    pub baseline: SystemScore,
}

/// The whole report (`eval/results/check.json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    /// How the folds are made.
    pub folds: String,
    /// FNC-1 train headlines over its bodies.
    pub fnc1: DatasetReport,
    /// Emergent claims over its article headlines.
    pub emergent: DatasetReport,
}

/// Why the evaluation failed.
#[derive(Debug, thiserror::Error)]
pub enum CheckEvalError {
    /// A data file could not be read.
    #[error("reading {path}: {message}")]
    Data {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The temporary store or the check failed.
    #[error("running hearsay check: {0}")]
    Run(String),
}

type Result<T> = std::result::Result<T, CheckEvalError>;

/// A gold set: claims to check, the texts to store, and the gold evidence.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// Each query with its claim group (the fold unit).
    pub queries: Vec<(String, String)>,
    /// Stored texts.
    pub articles: Vec<GoldArticle>,
    /// Gold evidence per query index: article key and stance.
    pub gold: Vec<BTreeMap<String, CheckStance>>,
    /// Per query index, articles the gold does not label for it although they report the same
    /// claim (FNC-1 pairs a headline with about half of its claim's bodies): left out of the
    /// scores, neither found nor missed.
    pub unlabelled: Vec<BTreeSet<String>>,
}

/// One text to store.
#[derive(Debug, Clone, Default)]
pub struct GoldArticle {
    /// A unique key (`fnc1/123`, `emergent/<article id>`).
    pub key: String,
    /// Its outlet.
    pub outlet: Option<String>,
    /// Its text.
    pub text: String,
    /// Its claim group.
    pub group: String,
}

/// Scores `hearsay check` and the baseline on FNC-1 and Emergent.
pub fn score_check(data: &Path, options: &CheckEvalOptions) -> Result<CheckReport> {
    let (pairs, bodies) = hearsay_stance::read_fnc_dir(data)
        .map_err(|e| CheckEvalError::Data { path: data.join("stance/fnc1"), message: e.to_string() })?;
    let train_options = hearsay_stance::default_options(data);
    let fnc_group = fnc_groups(&pairs);
    let fnc = limited(fnc1_dataset(&pairs, &bodies, &fnc_group), options.limit);
    let all_emergent = emergent_dataset(&data.join("stance/emergent/train.csv"))?;
    let emergent = limited(all_emergent.clone(), options.limit);
    let headline_bodies: BTreeMap<String, String> =
        all_emergent.articles.iter().map(|a| (a.key.clone(), a.text.clone())).collect();
    // The stance model's headline stage learns from the Emergent claims `keep` accepts (by claim
    // id and the normalised headlines of its articles).
    let with_headlines = |model: StanceModel, keep: &dyn Fn(&str, &[String]) -> bool| {
        let train: Vec<Pair> = all_emergent
            .queries
            .iter()
            .zip(&all_emergent.gold)
            .filter(|((_, group), gold)| {
                let heads: Vec<String> =
                    gold.keys().filter_map(|key| headline_bodies.get(key)).map(|t| normalise(t)).collect();
                keep(group, &heads)
            })
            .flat_map(|((claim, _), gold)| {
                gold.iter().map(|(key, stance)| Pair {
                    headline: claim.clone(),
                    body_id: key.clone(),
                    stance: Some(match stance {
                        CheckStance::Affirm => Stance::Agree,
                        CheckStance::Deny => Stance::Disagree,
                        CheckStance::Discuss => Stance::Discuss,
                    }),
                })
            })
            .collect();
        model.with_headline_stage(&train, &headline_bodies)
    };
    let options = &CheckEvalOptions {
        cache: options.cache.clone().or_else(|| std::env::var_os("HEARSAY_CHECK_CACHE").map(PathBuf::from)),
        ..options.clone()
    };
    let folds = options.folds.max(2);
    let built_in =
        if options.built_in_model { Some(StanceModel::load_default().map_err(|e| run_error(&e))?) } else { None };

    // FNC-1: the held-out claims' pairs are left out of training.
    let fnc_fold_of = |group: &str| fold(group, folds);
    let fnc_report = score_dataset("FNC-1 train headlines over train bodies", &fnc, folds, options, |k| {
        if let Some(model) = &built_in {
            return model.clone();
        }
        let train: Vec<Pair> = pairs
            .iter()
            .filter(|p| fnc_group.get(&format!("h:{}", p.headline)).is_none_or(|g| fnc_fold_of(g) != k))
            .filter(|p| fnc_group.get(&format!("b:{}", p.body_id)).is_none_or(|g| fnc_fold_of(g) != k))
            .cloned()
            .collect();
        // Emergent claims whose article headlines are held-out FNC-1 headlines stay out too.
        let held_out: BTreeSet<String> = pairs
            .iter()
            .filter(|p| fnc_group.get(&format!("h:{}", p.headline)).is_some_and(|g| fnc_fold_of(g) == k))
            .map(|p| normalise(&p.headline))
            .collect();
        let model = StanceModel::train(&train, &bodies, &train_options);
        with_headlines(model, &|_, heads| !heads.iter().any(|h| held_out.contains(h)))
    })?;

    // Emergent: FNC-1 claims that share a headline with a held-out Emergent claim are left out.
    let emergent_report = score_dataset("Emergent claims over article headlines", &emergent, folds, options, |k| {
        if let Some(model) = &built_in {
            return model.clone();
        }
        let held_out: BTreeSet<String> = emergent
            .queries
            .iter()
            .zip(&emergent.gold)
            .filter(|((_, group), _)| fold(group, folds) == k)
            .flat_map(|(_, gold)| gold.keys())
            .filter_map(|key| emergent.articles.iter().find(|a| &a.key == key).map(|a| normalise(&a.text)))
            .collect();
        let leaked: BTreeSet<&String> = pairs
            .iter()
            .filter(|p| held_out.contains(&normalise(&p.headline)))
            .filter_map(|p| fnc_group.get(&format!("h:{}", p.headline)))
            .collect();
        let train: Vec<Pair> = pairs
            .iter()
            .filter(|p| fnc_group.get(&format!("h:{}", p.headline)).is_none_or(|g| !leaked.contains(g)))
            .filter(|p| fnc_group.get(&format!("b:{}", p.body_id)).is_none_or(|g| !leaked.contains(g)))
            .cloned()
            .collect();
        let model = StanceModel::train(&train, &bodies, &train_options);
        with_headlines(model, &|group, _| fold(group, folds) != k)
    })?;
    let model = if options.built_in_model {
        "the built-in stance model (LEAKY: trained on all of FNC-1 train)"
    } else {
        "a stance model trained per fold on FNC-1 train without the held-out claims, its headline stage on \
         Emergent train without them"
    };
    Ok(CheckReport {
        folds: format!(
            "{folds} folds grouped by claim (FNC-1: connected components of related headline-body pairs; \
             Emergent: claim id); {model}"
        ),
        fnc1: fnc_report,
        emergent: emergent_report,
    })
}

/// One candidate of one query as the out-of-fold check read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    /// The gold key of the stored article.
    pub key: String,
    /// What the check read of it.
    pub features: CandidateFeatures,
    /// The story the store keeps it in.
    pub story: Option<String>,
    /// The claim's sentence-embedding similarity with it, when measured.
    pub embedding: Option<f32>,
}

/// One search candidate of one query as the out-of-fold stance model read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Offered {
    /// The gold keys of the stored article (articles of one text are stored once).
    pub keys: Vec<String>,
    /// The stance model's reading of it against the claim.
    pub stance: StanceScores,
    /// Whether the headline stage read it.
    pub short: bool,
    /// The story the store keeps it in.
    #[serde(default)]
    pub story: Option<String>,
    /// The claim's sentence-embedding similarity with it, when measured.
    #[serde(default)]
    pub embedding: Option<f32>,
}

/// What the out-of-fold checks read of every query: the expensive part of a run (a stance model
/// trained per fold), kept in a file when a cache folder is given, so the decisions can be refitted
/// without it. The rest of what the check reads (re-rank scores, ranks) is recomputed from these
/// with [`assess_with`], for the store as it is and for simulated other stores.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Assessments {
    /// Each stored article's text as the check reads it, by its first gold key.
    pub documents: BTreeMap<String, String>,
    /// Per query, the search's candidates in the search's order.
    pub offered: Vec<Vec<Offered>>,
}

/// Which of a query's candidates a simulated store keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Variant {
    /// The store as it is.
    Full,
    /// The store without the claim's own articles: nothing reports the claim.
    Unreported,
    /// A small store: the claim's articles and the last [`SMALL_STORE`] other candidates in the
    /// search's order (the weakest matches, as a small store's search returns whatever shares a
    /// word with the claim).
    Small,
    /// A small store where few report the claim: at most three of the claim's articles (by a
    /// hash of the query and the article) and the same weak matches as `Small`.
    Few,
}

/// Other candidates a simulated small store keeps.
const SMALL_STORE: usize = 20;

/// Each query's judged candidates, as the check reads them in the `variant` store (articles the
/// gold leaves unlabelled for the query left out).
fn rows_of(dataset: &Dataset, assessments: &Assessments, variant: Variant) -> Vec<Vec<Row>> {
    let group_of: BTreeMap<&str, &str> = dataset.articles.iter().map(|a| (a.key.as_str(), a.group.as_str())).collect();
    let options = CheckOptions::default();
    let empty = String::new();
    (0..dataset.queries.len())
        .map(|i| {
            let (claim, group) = &dataset.queries[i];
            let of_claim = |o: &Offered| o.keys.iter().any(|k| group_of.get(k.as_str()) == Some(&group.as_str()));
            let offered = &assessments.offered[i];
            let weak: BTreeSet<&str> =
                offered.iter().rev().filter(|o| !of_claim(o)).take(SMALL_STORE).map(|o| o.keys[0].as_str()).collect();
            let mut own: Vec<&str> = offered.iter().filter(|o| of_claim(o)).map(|o| o.keys[0].as_str()).collect();
            own.sort_by_key(|key| (crate::common::fnv(&format!("{i} {key}")), *key));
            own.truncate(3);
            let kept: Vec<&Offered> = offered
                .iter()
                .filter(|o| match variant {
                    Variant::Full => true,
                    Variant::Unreported => !of_claim(o),
                    Variant::Small => of_claim(o) || weak.contains(o.keys[0].as_str()),
                    Variant::Few => own.contains(&o.keys[0].as_str()) || weak.contains(o.keys[0].as_str()),
                })
                .collect();
            let documents: Vec<String> =
                kept.iter().map(|o| assessments.documents.get(&o.keys[0]).unwrap_or(&empty).clone()).collect();
            let mut rows = Vec::new();
            for assessed in
                assess_with(claim, &documents, options.feedback, options.judged, |j| (kept[j].stance, kept[j].short))
            {
                for key in &kept[assessed.index].keys {
                    if dataset.unlabelled.get(i).is_some_and(|u| u.contains(key)) {
                        continue;
                    }
                    rows.push(Row {
                        key: key.clone(),
                        features: CandidateFeatures { embedding: kept[assessed.index].embedding, ..assessed.features },
                        story: kept[assessed.index].story.clone(),
                        embedding: kept[assessed.index].embedding,
                    });
                }
            }
            rows
        })
        .collect()
}

/// Runs one dataset: store its articles, then for each fold train a model (`train(k)`) and check
/// the fold's queries; the baseline in the same folds.
pub fn score_dataset(
    name: &str,
    dataset: &Dataset,
    folds: usize,
    options: &CheckEvalOptions,
    train: impl Fn(usize) -> StanceModel,
) -> Result<DatasetReport> {
    let n = dataset.queries.len();
    let cache_file = options.cache.as_ref().map(|dir| {
        let slug: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
        dir.join(format!("{slug}-{folds}-{n}-{}.json", options.limit))
    });
    let cached = cache_file
        .as_ref()
        .and_then(|file| std::fs::read(file).ok())
        .and_then(|bytes| serde_json::from_slice::<Assessments>(&bytes).ok())
        .filter(|a| a.offered.len() == n);
    let assessments = match cached {
        Some(assessments) => assessments,
        None => {
            let assessments = assess_dataset(dataset, folds, train)?;
            if let Some(file) = &cache_file {
                let json = serde_json::to_vec(&assessments).map_err(|e| run_error(&e))?;
                std::fs::write(file, json).map_err(|e| run_error(&e))?;
            }
            assessments
        }
    };
    let mut assessments = assessments;
    if let Some(embedder) = &options.embedder {
        let queries: Vec<String> = dataset.queries.iter().map(|(claim, _)| claim.clone()).collect();
        let file = cache_file.as_ref().map(|f| f.with_extension(format!("{}.json", embedder.id())));
        let similarities = embedding::similarities(embedder.as_ref(), &queries, &assessments, file.as_deref())
            .map_err(|e| run_error(&e))?;
        for (offered, similarity) in assessments.offered.iter_mut().zip(similarities) {
            for (o, s) in offered.iter_mut().zip(similarity) {
                o.embedding = Some(s);
            }
        }
    }
    Ok(decide(name, dataset, folds, &assessments))
}

/// Stores the dataset's articles and checks each fold's queries with the fold's model, every
/// judged candidate kept with what the check read of it.
fn assess_dataset(dataset: &Dataset, folds: usize, train: impl Fn(usize) -> StanceModel) -> Result<Assessments> {
    let dir = crate::common::temporary_dir("check").map_err(|e| run_error(&e))?;
    let result = (|| {
        let (store, key_of) = store_articles(dataset, &dir)?;
        let n = dataset.queries.len();
        let mut out = Assessments { documents: BTreeMap::new(), offered: vec![Vec::new(); n] };
        for k in 0..folds {
            let in_fold: Vec<usize> = (0..n).filter(|&i| fold(&dataset.queries[i].1, folds) == k).collect();
            if in_fold.is_empty() {
                continue;
            }
            let model = train(k);
            let checker = Checker::new(model.clone(), CheckOptions::default());
            for &i in &in_fold {
                let claim = &dataset.queries[i].0;
                let candidates = checker.candidates(&store, claim).map_err(|e| run_error(&e))?;
                let documents = hearsay_ledger::check::documents(&candidates);
                for (candidate, document) in candidates.iter().zip(documents) {
                    let Some(keys) = key_of.get(&candidate.article).filter(|keys| !keys.is_empty()) else {
                        continue;
                    };
                    let (stance, short) = model.scores_with_stage(claim, &document);
                    out.documents.entry(keys[0].clone()).or_insert(document);
                    out.offered[i].push(Offered {
                        keys: keys.clone(),
                        stance,
                        short,
                        story: candidate.story.clone(),
                        embedding: None,
                    });
                }
            }
        }
        Ok(out)
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// The decisions over the out-of-fold assessments: the learned relatedness decision and stance
/// prior correction (each fold's fitted on the other folds' queries), the rule they replace (the
/// stance model's related stage with re-rank cuts chosen on the other folds), and the baseline.
///
/// The learned decision is fitted on four stores at once (see [`Variant`]): the store as it is,
/// the store without the claim's own articles (nothing to find), a small store, and a small store
/// where at most three articles report the claim, so that what it learns holds on a store of any
/// size, and for a claim nothing reports. Each system is also scored on the held-out queries in
/// the simulated stores.
fn decide(name: &str, dataset: &Dataset, folds: usize, assessments: &Assessments) -> DatasetReport {
    let n = dataset.queries.len();
    let full = rows_of(dataset, assessments, Variant::Full);
    let unreported = rows_of(dataset, assessments, Variant::Unreported);
    let small = rows_of(dataset, assessments, Variant::Small);
    let few = rows_of(dataset, assessments, Variant::Few);
    let rows = &full;
    let is_gold = |i: usize, row: &Row| dataset.gold[i].contains_key(&row.key);
    let label = |f: &CandidateFeatures| f.stance.label(0.5);
    // The rule before: the stance model's related stage, then the re-rank cuts.
    let cut_in = |rows: &[Vec<Row>], queries: &[usize], (absolute, relative): (f64, f64)| {
        queries
            .iter()
            .map(|&i| {
                rows[i]
                    .iter()
                    .filter(|r| {
                        let f = &r.features;
                        f.similarity >= absolute && f.similarity >= relative * f.best
                    })
                    .filter_map(|r| CheckStance::of(label(&r.features)).map(|stance| (r.key.clone(), stance)))
                    .collect::<BTreeMap<String, CheckStance>>()
            })
            .collect::<Vec<_>>()
    };
    let marked: Vec<Vec<(f64, f64, bool)>> = (0..n)
        .map(|i| {
            rows[i]
                .iter()
                .filter(|r| label(&r.features).is_related())
                .map(|r| (r.features.similarity, r.features.best, is_gold(i, r)))
                .collect()
        })
        .collect();
    let best_cut = |queries: &[usize]| -> (f64, f64) {
        let n_gold: usize = queries.iter().map(|&i| dataset.gold[i].len()).sum();
        let mut best = (f64::MIN, (0.0, 0.0));
        for relative in 0..10 {
            for absolute in 0..90 {
                let candidate = (f64::from(absolute) / 100.0, f64::from(relative) / 10.0);
                let (mut true_positives, mut retrieved) = (0, 0);
                for &i in queries {
                    for &(score, best_score, gold) in &marked[i] {
                        if score >= candidate.0 && score >= candidate.1 * best_score {
                            retrieved += 1;
                            true_positives += usize::from(gold);
                        }
                    }
                }
                let f1 = Prf::of(true_positives, retrieved, n_gold).f1;
                if f1 > best.0 {
                    best = (f1, candidate);
                }
            }
        }
        best.1
    };
    // The story rule (what ships): the related stage from a re-rank cut, widened to the best
    // answer's story from a second cut.
    let judged: Vec<Vec<Vec<(&CandidateFeatures, Option<&str>)>>> = [&full, &unreported, &small, &few]
        .iter()
        .map(|rows| rows.iter().map(|q| q.iter().map(|r| (&r.features, r.story.as_deref())).collect()).collect())
        .collect();
    // The answers of the story rule with a relatedness decision, in the `variant` store.
    let story_with = |variant: usize,
                      queries: &[usize],
                      related: &dyn Fn(&CandidateFeatures) -> bool,
                      (cut, story_cut): (f64, f64)| {
        let rows = [&full, &unreported, &small, &few][variant];
        queries
            .iter()
            .map(|&i| {
                let accepted = story_rule(&judged[variant][i], related, cut, story_cut);
                rows[i]
                    .iter()
                    .zip(accepted)
                    .filter(|(_, accepted)| *accepted)
                    .map(|(r, _)| (r.key.clone(), stance_with_bias(&r.features.stance, [0.0; 3])))
                    .collect::<BTreeMap<String, CheckStance>>()
            })
            .collect::<Vec<_>>()
    };
    let story_in = |variant: usize, queries: &[usize], cuts: (f64, f64)| {
        story_with(variant, queries, &|f: &CandidateFeatures| Relatedness::RELATED_STAGE.related(f), cuts)
    };
    let best_story_cut_with = |queries: &[usize], related: &dyn Fn(&CandidateFeatures) -> bool| -> (f64, f64) {
        let n_gold: usize = queries.iter().map(|&i| dataset.gold[i].len()).sum();
        let mut best = (f64::MIN, (0.0, 0.0));
        for cut in 15..=35 {
            for story_cut in 5..=30 {
                let cuts = (f64::from(cut) / 100.0, f64::from(story_cut) / 100.0);
                let (mut true_positives, mut retrieved) = (0, 0);
                for &i in queries {
                    let accepted = story_rule(&judged[0][i], related, cuts.0, cuts.1);
                    for (r, accepted) in full[i].iter().zip(accepted) {
                        if accepted {
                            retrieved += 1;
                            true_positives += usize::from(is_gold(i, r));
                        }
                    }
                }
                let f1 = Prf::of(true_positives, retrieved, n_gold).f1;
                if f1 > best.0 {
                    best = (f1, cuts);
                }
            }
        }
        best.1
    };
    let best_story_cut = |queries: &[usize]| {
        best_story_cut_with(queries, &|f: &CandidateFeatures| Relatedness::RELATED_STAGE.related(f))
    };
    // With embeddings (`Checker::with_embedder`): the claim's embedding similarity with a candidate
    // in place of the related stage; its cut, then the story rule's two re-rank cuts, chosen
    // together. Without embeddings the row repeats the rule above.
    let by_embedding = |cut: f32| {
        move |f: &CandidateFeatures| f.embedding.map_or_else(|| Relatedness::RELATED_STAGE.related(f), |e| e >= cut)
    };
    let embedding_in = |variant: usize, queries: &[usize], (cut, story_cut, embedding): (f64, f64, f32)| {
        story_with(variant, queries, &by_embedding(embedding), (cut, story_cut))
    };
    let embedded = rows.iter().flatten().any(|r| r.features.embedding.is_some());
    let best_embedding_cut = |queries: &[usize]| -> (f64, f64, f32) {
        let n_gold: usize = queries.iter().map(|&i| dataset.gold[i].len()).sum();
        let mut best = (f64::MIN, (0.0, 0.0, 0.0));
        let grid: Vec<f32> = if embedded { (0..=16).map(|k| 0.3 + 0.025 * k as f32).collect() } else { vec![0.0] };
        for embedding in grid {
            let (cut, story_cut) = best_story_cut_with(queries, &by_embedding(embedding));
            let found = embedding_in(0, queries, (cut, story_cut, embedding));
            let (mut true_positives, mut retrieved) = (0, 0);
            for (&i, found) in queries.iter().zip(&found) {
                retrieved += found.len();
                true_positives += found.keys().filter(|k| dataset.gold[i].contains_key(*k)).count();
            }
            let f1 = Prf::of(true_positives, retrieved, n_gold).f1;
            if f1 > best.0 {
                best = (f1, (cut, story_cut, embedding));
            }
        }
        best.1
    };
    // The learned decision fitted on `queries` in the given stores (each with whether its gold
    // counts: the unreported store has none), and the stance correction on the first.
    let fit = |queries: &[usize], stores: &[(&Vec<Vec<Row>>, bool)]| -> (Relatedness, [f64; 3]) {
        // Gold the search missed counts as missed in the stores that keep all of the claim's
        // articles; in the others only the gold kept counts.
        let n_gold: usize =
            stores
                .iter()
                .map(|(rows, all)| {
                    queries
                        .iter()
                        .map(|&i| {
                            if *all {
                                dataset.gold[i].len()
                            } else {
                                rows[i].iter().filter(|r| is_gold(i, r)).count()
                            }
                        })
                        .sum::<usize>()
                })
                .sum();
        let training: Vec<(&Row, bool)> = stores
            .iter()
            .flat_map(|(rows, _)| queries.iter().flat_map(move |&i| rows[i].iter().map(move |r| (r, is_gold(i, r)))))
            .collect();
        let relatedness = fit_relatedness(&training, n_gold);
        let accepted: Vec<(&CandidateFeatures, CheckStance)> = queries
            .iter()
            .flat_map(|&i| rows[i].iter().map(move |r| (i, r)))
            .filter(|(_, r)| relatedness.related(&r.features))
            .filter_map(|(i, r)| dataset.gold[i].get(&r.key).map(|stance| (&r.features, *stance)))
            .collect();
        (relatedness, fit_stance_bias(&accepted))
    };
    let decided = |rows: &[Vec<Row>], queries: &[usize], (relatedness, bias): &(Relatedness, [f64; 3])| {
        queries
            .iter()
            .map(|&i| {
                rows[i]
                    .iter()
                    .filter(|r| relatedness.related(&r.features))
                    .map(|r| (r.key.clone(), stance_with_bias(&r.features.stance, *bias)))
                    .collect::<BTreeMap<String, CheckStance>>()
            })
            .collect::<Vec<_>>()
    };
    let stores = [(&full, true), (&unreported, false), (&small, true), (&few, false)];
    // Per system (learned on three stores, learned on the full store only, the rule before):
    // its evidence per query in the full, unreported and small stores.
    let mut evidence = vec![vec![vec![BTreeMap::new(); n]; stores.len()]; 5];
    let mut embedding_cuts = Vec::new();
    let mut story_cuts = Vec::new();
    let mut biased: Vec<BTreeMap<String, CheckStance>> = vec![BTreeMap::new(); n];
    let mut cuts = Vec::new();
    let mut fitted = Vec::new();
    for k in 0..folds {
        let (test, train): (Vec<usize>, Vec<usize>) = (0..n).partition(|&i| fold(&dataset.queries[i].1, folds) == k);
        if test.is_empty() {
            continue;
        }
        let chosen = best_cut(&train);
        cuts.push(chosen);
        let story_chosen = best_story_cut(&train);
        story_cuts.push(story_chosen);
        let embedding_chosen = best_embedding_cut(&train);
        embedding_cuts.push(embedding_chosen);
        let decision = fit(&train, &stores);
        let full_only = fit(&train, &stores[..1]);
        for (v, (variant, _)) in stores.iter().enumerate() {
            let answers = [
                decided(variant, &test, &(decision.0, [0.0; 3])),
                decided(variant, &test, &(full_only.0, [0.0; 3])),
                cut_in(variant, &test, chosen),
                story_in(v, &test, story_chosen),
                embedding_in(v, &test, embedding_chosen),
            ];
            for (system, answer) in answers.into_iter().enumerate() {
                for (&i, found) in test.iter().zip(answer) {
                    evidence[system][v][i] = found;
                }
            }
        }
        for (&i, found) in test.iter().zip(decided(&full, &test, &decision)) {
            biased[i] = found;
        }
        fitted.push(decision);
    }
    let all: Vec<usize> = (0..n).collect();
    let (relatedness_all, stance_bias_all) = fit(&all, &stores);
    let n_gold: usize = dataset.gold.iter().map(BTreeMap::len).sum();
    let offered: usize = dataset
        .gold
        .iter()
        .zip(&assessments.offered)
        .map(|(g, c)| g.keys().filter(|k| c.iter().any(|o| o.keys.contains(k))).count())
        .sum();
    // The gold of the few-reports store: the claim's articles it keeps.
    let few_gold: Vec<BTreeMap<String, CheckStance>> = (0..n)
        .map(|i| {
            few[i].iter().filter_map(|r| dataset.gold[i].get(&r.key).map(|stance| (r.key.clone(), *stance))).collect()
        })
        .collect();
    let scored = |system: usize| SystemScore {
        unreported_answered: evidence[system][1].iter().filter(|found| !found.is_empty()).count() as f64
            / n.max(1) as f64,
        small_store: system_score(&dataset.gold, &evidence[system][2], Vec::new()).retrieval,
        few_reports: system_score(&few_gold, &evidence[system][3], Vec::new()).retrieval,
        ..system_score(&dataset.gold, &evidence[system][0], Vec::new())
    };
    DatasetReport {
        dataset: name.to_owned(),
        n_queries: n,
        n_articles: dataset.articles.len(),
        n_gold,
        candidate_recall: if n_gold == 0 { 0.0 } else { offered as f64 / n_gold as f64 },
        hearsay: SystemScore { cuts: story_cuts, ..scored(3) },
        hearsay_without_stories: SystemScore { cuts, ..scored(2) },
        embeddings: embedded.then(|| SystemScore {
            cuts: embedding_cuts.iter().map(|&(a, b, _)| (a, b)).collect(),
            embedding_cuts: embedding_cuts.iter().map(|&(_, _, c)| c).collect(),
            ..scored(4)
        }),
        embedding_cut_all: embedded.then(|| best_embedding_cut(&all)),
        learned: scored(0),
        learned_full_store: scored(1),
        learned_biased: SystemScore {
            stance_biases: fitted.iter().map(|(_, bias)| *bias).collect(),
            ..system_score(&dataset.gold, &biased, Vec::new())
        },
        hearsay_uncut: system_score(&dataset.gold, &cut_in(&full, &all, (0.0, 0.0)), Vec::new()),
        cut_all: best_cut(&all),
        story_cut_all: best_story_cut(&all),
        relatedness_all,
        stance_bias_all,
        baseline: baseline(dataset, folds),
    }
}

/// Retrieval and stance scores of predictions against gold.
pub fn system_score(
    gold: &[BTreeMap<String, CheckStance>],
    predicted: &[BTreeMap<String, CheckStance>],
    thresholds: Vec<f64>,
) -> SystemScore {
    let (mut true_positives, mut n_retrieved, mut n_gold) = (0, 0, 0);
    let mut confusion = [[0usize; 3]; 3];
    for (gold, predicted) in gold.iter().zip(predicted) {
        n_gold += gold.len();
        n_retrieved += predicted.len();
        for (key, stance) in predicted {
            if let Some(gold_stance) = gold.get(key) {
                true_positives += 1;
                confusion[index(*gold_stance)][index(*stance)] += 1;
            }
        }
    }
    let n_stance: usize = confusion.iter().flatten().sum();
    let correct: usize = (0..3).map(|c| confusion[c][c]).sum();
    let mut stance_f1 = [0.0; 3];
    for (c, f1) in stance_f1.iter_mut().enumerate() {
        let predicted_c: usize = (0..3).map(|g| confusion[g][c]).sum();
        let gold_c: usize = confusion[c].iter().sum();
        *f1 = Prf::of(confusion[c][c], predicted_c, gold_c).f1;
    }
    SystemScore {
        retrieval: Prf::of(true_positives, n_retrieved, n_gold),
        stance_accuracy: if n_stance == 0 { 0.0 } else { correct as f64 / n_stance as f64 },
        stance_macro_f1: stance_f1.iter().sum::<f64>() / 3.0,
        stance_f1,
        n_stance,
        thresholds,
        cuts: Vec::new(),
        stance_biases: Vec::new(),
        embedding_cuts: Vec::new(),
        stance_confusion: confusion,
        unreported_answered: 0.0,
        small_store: Prf::default(),
        few_reports: Prf::default(),
    }
}

fn index(stance: CheckStance) -> usize {
    match stance {
        CheckStance::Affirm => 0,
        CheckStance::Deny => 1,
        CheckStance::Discuss => 2,
    }
}

// The datasets.

/// Claim group of each FNC-1 headline (`h:<headline>`) and body (`b:<id>`): connected components
/// of related pairs, named after their smallest node.
pub fn fnc_groups(pairs: &[Pair]) -> BTreeMap<String, String> {
    let mut parent: BTreeMap<String, String> = BTreeMap::new();
    let find = crate::common::find_root;
    for p in pairs {
        let (h, b) = (format!("h:{}", p.headline), format!("b:{}", p.body_id));
        let rh = find(&mut parent, &h);
        let rb = find(&mut parent, &b);
        if p.stance.is_some_and(Stance::is_related) && rh != rb {
            let (lo, hi) = if rh < rb { (rh, rb) } else { (rb, rh) };
            parent.insert(hi, lo);
        }
    }
    let keys: Vec<String> = parent.keys().cloned().collect();
    keys.into_iter().map(|k| (k.clone(), find(&mut parent, &k))).collect()
}

/// FNC-1 train as a check set: every distinct headline over every body.
pub fn fnc1_dataset(pairs: &[Pair], bodies: &BTreeMap<String, String>, group: &BTreeMap<String, String>) -> Dataset {
    let mut gold_of: BTreeMap<&str, BTreeMap<String, CheckStance>> = BTreeMap::new();
    for p in pairs {
        let entry = gold_of.entry(p.headline.as_str()).or_default();
        if let Some(stance) = p.stance.and_then(CheckStance::of) {
            entry.insert(format!("fnc1/{}", p.body_id), stance);
        }
    }
    let mut bodies_of_group: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for id in bodies.keys() {
        if let Some(g) = group.get(&format!("b:{id}")) {
            bodies_of_group.entry(g.as_str()).or_default().insert(format!("fnc1/{id}"));
        }
    }
    let mut labelled: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for p in pairs {
        labelled.entry(p.headline.as_str()).or_default().insert(format!("fnc1/{}", p.body_id));
    }
    let mut dataset = Dataset::default();
    for (headline, gold) in gold_of {
        let claim = group.get(&format!("h:{headline}")).cloned().unwrap_or_else(|| format!("h:{headline}"));
        let same_claim = bodies_of_group.get(claim.as_str()).cloned().unwrap_or_default();
        let paired = labelled.get(headline).cloned().unwrap_or_default();
        dataset.unlabelled.push(same_claim.difference(&paired).cloned().collect());
        dataset.queries.push((headline.to_owned(), claim));
        dataset.gold.push(gold);
    }
    dataset.articles = bodies
        .iter()
        .map(|(id, text)| {
            let group = group.get(&format!("b:{id}")).cloned().unwrap_or_else(|| format!("b:{id}"));
            GoldArticle { key: format!("fnc1/{id}"), outlet: None, text: text.clone(), group }
        })
        .collect();
    dataset
}

/// Emergent train as a check set: every claim over every article headline.
pub fn emergent_dataset(path: &Path) -> Result<Dataset> {
    let data_error = |message: String| CheckEvalError::Data { path: path.to_path_buf(), message };
    let mut reader = csv::Reader::from_path(path).map_err(|e| data_error(e.to_string()))?;
    let mut claims: BTreeMap<String, (String, BTreeMap<String, CheckStance>)> = BTreeMap::new();
    let mut articles = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| data_error(e.to_string()))?;
        let field = |i: usize| record.get(i).unwrap_or_default().trim().to_owned();
        let (claim_id, claim_headline, article_id, headline, stance, outlet) =
            (field(0), field(1), field(3), field(4), field(5), field(6));
        let stance = match stance.as_str() {
            "for" => CheckStance::Affirm,
            "against" => CheckStance::Deny,
            "observing" => CheckStance::Discuss,
            _ => continue,
        };
        if headline.is_empty() {
            continue;
        }
        let key = format!("emergent/{article_id}");
        claims
            .entry(claim_id.clone())
            .or_insert_with(|| (claim_headline, BTreeMap::new()))
            .1
            .insert(key.clone(), stance);
        articles.push(GoldArticle {
            key,
            outlet: Some(outlet).filter(|o| !o.is_empty()),
            // The headline is the text (stored as a title too, cleaning would leave no body).
            text: headline,
            group: claim_id,
        });
    }
    let mut dataset = Dataset { articles, ..Dataset::default() };
    for (claim_id, (headline, gold)) in claims {
        dataset.queries.push((headline, claim_id));
        dataset.gold.push(gold);
    }
    Ok(dataset)
}

/// At most `limit` whole claims (by a fixed hash order), with only their articles stored.
fn limited(mut dataset: Dataset, limit: usize) -> Dataset {
    if limit > 0 {
        let mut groups: Vec<&String> = dataset.queries.iter().map(|(_, g)| g).collect();
        groups.sort_by_key(|g| (crate::common::fnv(g), (*g).clone()));
        groups.dedup();
        let kept: BTreeSet<String> = groups.into_iter().take(limit).cloned().collect();
        let keep: Vec<bool> = dataset.queries.iter().map(|(_, g)| kept.contains(g)).collect();
        let mut queries = Vec::new();
        let mut gold = Vec::new();
        let mut unlabelled = Vec::new();
        let mut old_unlabelled = std::mem::take(&mut dataset.unlabelled).into_iter();
        for ((query, g), keep) in dataset.queries.into_iter().zip(dataset.gold).zip(keep) {
            let u = old_unlabelled.next().unwrap_or_default();
            if keep {
                queries.push(query);
                gold.push(g);
                unlabelled.push(u);
            }
        }
        dataset.queries = queries;
        dataset.gold = gold;
        dataset.unlabelled = unlabelled;
        dataset.articles.retain(|a| kept.contains(&a.group));
    }
    dataset
}

// The store.

/// Stores the articles as JSON Lines (`url` names the key); returns the store and the keys of each
/// stored article id (articles of the same text are stored once: all their keys).
fn store_articles(dataset: &Dataset, dir: &Path) -> Result<(hearsay_store::Store, BTreeMap<String, Vec<String>>)> {
    let files = dir.join("files");
    std::fs::create_dir_all(&files).map_err(|e| run_error(&e))?;
    let mut lines = String::new();
    for article in &dataset.articles {
        let record = serde_json::json!({
            "url": format!("https://gold.invalid/{}", article.key),
            "outlet": article.outlet,
            "text": article.text,
        });
        lines.push_str(&record.to_string());
        lines.push('\n');
    }
    std::fs::write(files.join("articles.jsonl"), lines).map_err(|e| run_error(&e))?;
    let mut store = hearsay_store::Store::open(&dir.join("hearsay.db")).map_err(|e| run_error(&e))?;
    // With the language stages and the ledger, as `hearsay ingest` stores them: the check reads
    // the stories.
    let ingest = hearsay_pipeline::IngestOptions::default();
    hearsay_pipeline::ingest(&[files], &mut store, &ingest, &mut |_| {}).map_err(|e| run_error(&e))?;
    hearsay_pipeline::update_ledger(&mut store, &hearsay_pipeline::LedgerStep { embedder: None, progress: None })
        .map_err(|e| run_error(&e))?;
    let mut keys_of_text: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut text_of_key: BTreeMap<&str, String> = BTreeMap::new();
    for article in &dataset.articles {
        let text = article.text.split_whitespace().collect::<Vec<_>>().join(" ");
        keys_of_text.entry(text.clone()).or_default().push(article.key.clone());
        text_of_key.insert(article.key.as_str(), text);
    }
    let mut key_of = BTreeMap::new();
    let listing =
        hearsay_store::Backend::list(&store, &hearsay_store::ListFilter::default()).map_err(|e| run_error(&e))?;
    for summary in listing {
        if let Some(key) = summary.url.as_deref().and_then(|url| url.strip_prefix("https://gold.invalid/")) {
            let keys = text_of_key.get(key).and_then(|text| keys_of_text.get(text)).cloned();
            key_of.insert(summary.id.to_string(), keys.unwrap_or_else(|| vec![key.to_owned()]));
        }
    }
    Ok((store, key_of))
}

fn run_error(error: &dyn std::fmt::Display) -> CheckEvalError {
    CheckEvalError::Run(error.to_string())
}

fn fold(group: &str, folds: usize) -> usize {
    (crate::common::fnv(group) % folds as u64) as usize
}

fn normalise(text: &str) -> String {
    content_words(text).join(" ")
}
