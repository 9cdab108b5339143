//! The fact-checker's lookup (`hearsay check`): the stored articles that affirm, deny or discuss a
//! claim written in the user's own words, grouped by independent origin, with a verdict.
//!
//! Four steps, each bounded by the number of candidates rather than the corpus:
//!
//! 1. **Candidates**: the store's full-text search for any of the claim's content words (`w1 OR
//!    w2 ...`), best [`CheckOptions::candidates`] first ([`Backend::search`], which has its own
//!    time budget).
//! 2. **Re-rank**: TF-IDF cosine between the claim and each candidate's title and body, with
//!    document frequencies from the candidates themselves (the words that tell the candidates
//!    apart weigh most). It orders the evidence and keeps the [`CheckOptions::judged`] best.
//! 3. **Relatedness and stance**: the FNC-1 stance model ([`StanceModel`]) reads the claim as a
//!    headline and the article as a body: its first stage's related probability, its second's
//!    agree (affirm), disagree (deny) or discuss. By default a candidate is related when the
//!    first stage says so and its re-rank score reaches [`CheckOptions::min_similarity`] (the
//!    first stage alone, trained on random unrelated pairs, passes too many near misses from the
//!    search: precision 0.30 on FNC-1). A learned decision ([`Relatedness::BODIES`] and
//!    [`Relatedness::HEADLINES`], logistic regressions fitted by `hearsay eval check` on
//!    claim-grouped folds over the re-rank score, the cosine with the claim, the related
//!    probability, the claim's names found and the anchors' related probability) can replace it;
//!    it is not the default, as it misses reports on a small store (see
//!    [`CheckOptions::relatedness`]).
//! 4. **Origins and verdict**: articles of one outlet are one origin, and a near-duplicate
//!    (the store's `copy_of` link) counts with its original, so syndicated copies count once.
//!    [`CheckVerdict`] then reads the origins as the ledger's [`crate::Verdict`] reads claims.
//!
//! The store is read through [`Backend`]; [`Checker::judge`] runs steps 2 to 4 on candidates
//! from anywhere, which is what the evaluation and the tests call.

use std::collections::{BTreeMap, BTreeSet};

use hearsay_stance::{Stance, StanceModel, StanceScores};
use hearsay_store::{Backend, ListFilter};
use hearsay_text::StopWords;
use serde::{Deserialize, Serialize};

/// How much work one check may do.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CheckOptions {
    /// Search hits read as candidates. The largest FNC-1 claim has 50 related bodies
    /// (`hearsay eval check` reports the candidates' recall): twice that leaves room for the
    /// near misses that rank among them.
    pub candidates: usize,
    /// Candidates, best re-ranked first, that the stance model reads.
    pub judged: usize,
    /// Content words of the claim sent to the search (the rarest-looking: longest first).
    pub query_words: usize,
    /// Re-rank score below which a candidate is not read, before the relatedness decision. Chosen
    /// on FNC-1 by `hearsay eval check` with the stance model's related stage as the decision (the
    /// F1-best pair with `min_relative` over all claim-grouped out-of-fold results, `cut_all` in
    /// eval/results/check.json; see docs/check.md). 0 with a fitted decision, which reads the score
    /// itself.
    pub min_similarity: f64,
    /// Share of the best candidate's re-rank score below which a candidate is not read
    /// (see `min_similarity`); 0 by default.
    pub min_relative: f64,
    /// Extracted claims of an article listed as stating the checked claim: the related ones
    /// closest to it (a display bound: no gold data scores the choice).
    pub claims_per_article: usize,
    /// The candidates closest to the claim whose centroid the re-rank compares every candidate
    /// with (see [`feedback`]).
    pub feedback: usize,
    /// The relatedness decision for articles (bodies the stance model's second stage reads). By
    /// default the stance model's related stage ([`Relatedness::RELATED_STAGE`]) after the re-rank
    /// cut. [`Relatedness::BODIES`] (use with `min_similarity` 0) is fitted on FNC-1's
    /// claim-grouped folds in four stores (as it is, without the claim's articles, small, small
    /// with few reports): it answers far fewer claims that nothing stored reports (a third of
    /// them on FNC-1 against four fifths with the default) at about the default's retrieval F1,
    /// but on the small store of `crates/ledger/tests/check.rs` it finds 2 of 6 reports (the
    /// default 4): its re-rank score is calibrated on the search's near misses in a large store.
    pub relatedness: Relatedness,
    /// The same for short articles (one sentence, read by the stance model's headline stage);
    /// [`Relatedness::HEADLINES`] is fitted on Emergent, whose articles are stored as their
    /// headlines.
    pub headline_relatedness: Relatedness,
    /// Where the store keeps stories: the answer widened to the story of its best article (see
    /// [`story_rule`]); None, or a store without stories, keeps the decision above alone.
    pub story: Option<StoryWidening>,
    /// With a sentence-embedding model ([`Checker::with_embedder`]), the relatedness decision
    /// instead of the stance model's: see [`EmbeddingCuts`].
    pub embedding: EmbeddingCuts,
}

/// The relatedness decision of a checker with a sentence-embedding model: a candidate is related
/// when the claim's cosine with the closest of its lead sentences ([`lead_sentences`],
/// [`embedding_similarity`]) reaches the cut, `body` for articles and `short` for one-sentence
/// texts (headlines). Chosen by `hearsay eval check --embeddings` on claim-grouped folds: FNC-1
/// for bodies, Emergent for headlines (`embedding_cut_all` in eval/results/check.json). The
/// re-rank cut and the story widening stay. Out of fold, this lifts retrieval F1 from 0.821 to
/// 0.826 on FNC-1 and from 0.731 to 0.753 on Emergent (docs/check.md): all-MiniLM-L6-v2 tells
/// a claim's reports from another claim's on the same topic better than the stance model's
/// related stage, which learned from random unrelated pairs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EmbeddingCuts {
    /// The cut for articles.
    pub body: f32,
    /// The cut for short texts (read by the stance model's headline stage).
    pub short: f32,
}

impl Default for EmbeddingCuts {
    fn default() -> Self {
        EmbeddingCuts { body: 0.5, short: 0.575 }
    }
}

/// Lead sentences of a candidate's text compared with the claim by a checker with embeddings.
pub const LEAD_SENTENCES: usize = 10;

/// The sentences of `document` a checker with embeddings compares with the claim: its first
/// [`LEAD_SENTENCES`] (the headline and the lead, where a report states its claim), or the whole
/// text when it has no sentence.
pub fn lead_sentences(document: &str) -> Vec<&str> {
    let sentences: Vec<&str> =
        hearsay_text::sentences(document).iter().take(LEAD_SENTENCES).map(|r| r.slice(document)).collect();
    if sentences.is_empty() {
        vec![document]
    } else {
        sentences
    }
}

/// The claim's similarity with a candidate: its cosine with the closest of the candidate's lead
/// sentences (vectors of unit length, as [`crate::Embed`] gives them).
pub fn embedding_similarity(claim: &[f32], sentences: &[Vec<f32>]) -> f32 {
    sentences.iter().map(|s| claim.iter().zip(s).map(|(a, b)| a * b).sum::<f32>()).fold(f32::MIN, f32::max)
}

/// The two cuts of [`story_rule`], chosen together on FNC-1's claim-grouped folds by `hearsay
/// eval check` (`story_cut_all` in eval/results/check.json; see docs/check.md).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoryWidening {
    /// The re-rank score an article the relatedness decision accepts must reach.
    pub min_similarity: f64,
    /// The re-rank score at which an article of the best answer's story is evidence too.
    pub story_similarity: f64,
}

impl Default for StoryWidening {
    fn default() -> Self {
        StoryWidening { min_similarity: 0.26, story_similarity: 0.16 }
    }
}

/// Which of a claim's judged candidates (best re-ranked first, each with the story the store
/// keeps it in) are evidence: those `related` accepts with a re-rank score of at least
/// `min_similarity`, and every candidate of the story of the first of them whose score reaches
/// `story_similarity`, whatever `related` says. The reports of one claim share a story (stories
/// group what articles say, across outlets), and the claim, one line, shares few words with some
/// of them: the story vouches for them. Without a story for the first, only the accepted.
pub fn story_rule(
    judged: &[(&CandidateFeatures, Option<&str>)],
    related: impl Fn(&CandidateFeatures) -> bool,
    min_similarity: f64,
    story_similarity: f64,
) -> Vec<bool> {
    let accepted: Vec<bool> = judged.iter().map(|(f, _)| f.similarity >= min_similarity && related(f)).collect();
    let best_story = judged.iter().zip(&accepted).find(|(_, ok)| **ok).and_then(|((_, story), _)| *story);
    let Some(best_story) = best_story else { return accepted };
    judged
        .iter()
        .zip(accepted)
        .map(|((f, story), ok)| ok || (*story == Some(best_story) && f.similarity >= story_similarity))
        .collect()
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            candidates: 100,
            judged: 100,
            query_words: 16,
            min_similarity: 0.19,
            min_relative: 0.0,
            claims_per_article: 3,
            feedback: 3,
            relatedness: Relatedness::RELATED_STAGE,
            headline_relatedness: Relatedness::RELATED_STAGE,
            story: Some(StoryWidening::default()),
            embedding: EmbeddingCuts::default(),
        }
    }
}

/// One stored article offered as evidence, with what the check reads of it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Candidate {
    /// The article id.
    pub article: String,
    /// Its outlet, if known.
    pub outlet: Option<String>,
    /// Its publication date, if known.
    pub published: Option<String>,
    /// Its headline, if any.
    pub title: Option<String>,
    /// Its clean text.
    pub body: String,
    /// The article this one is a near-duplicate of.
    pub copy_of: Option<String>,
    /// Its extracted claims: id (`c1`, ...) and content.
    pub claims: Vec<(String, String)>,
    /// The story the store keeps it in, when the ledger has grouped it.
    pub story: Option<String>,
}

/// An article's stance toward the checked claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckStance {
    /// The article says it is so (FNC-1 agree, Emergent for).
    Affirm,
    /// The article says it is not so (disagree, against).
    Deny,
    /// The article reports it without taking a side (discuss, observing).
    Discuss,
}

impl CheckStance {
    /// The stance's name: "affirm", "deny" or "discuss".
    pub fn name(self) -> &'static str {
        match self {
            CheckStance::Affirm => "affirm",
            CheckStance::Deny => "deny",
            CheckStance::Discuss => "discuss",
        }
    }

    /// The check stance of an FNC-1 stance; `None` for unrelated.
    pub fn of(stance: Stance) -> Option<CheckStance> {
        match stance {
            Stance::Agree => Some(CheckStance::Affirm),
            Stance::Disagree => Some(CheckStance::Deny),
            Stance::Discuss => Some(CheckStance::Discuss),
            Stance::Unrelated => None,
        }
    }
}

/// What the evidence says of a claim, read per independent origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckVerdict {
    /// Two or more independent origins affirm it, and none denies it.
    Corroborated,
    /// Some origins affirm it and others deny it.
    Contested,
    /// Denied, and affirmed by none.
    Denied,
    /// One origin affirms it, in one article (copies counted once).
    SingleSource,
    /// One origin affirms it, in several articles.
    Repeated,
    /// Reported, but neither affirmed nor denied.
    Discussed,
    /// No stored article is related to it.
    NoEvidence,
}

impl CheckVerdict {
    /// The verdict's name, as printed and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            CheckVerdict::Corroborated => "corroborated",
            CheckVerdict::Contested => "contested",
            CheckVerdict::Denied => "denied",
            CheckVerdict::SingleSource => "single-source",
            CheckVerdict::Repeated => "repeated",
            CheckVerdict::Discussed => "discussed",
            CheckVerdict::NoEvidence => "no-evidence",
        }
    }
}

/// One related article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The article id.
    pub article: String,
    /// Its outlet.
    pub outlet: Option<String>,
    /// Its publication date.
    pub published: Option<String>,
    /// Its stance toward the claim.
    pub stance: CheckStance,
    /// The independent origin it counts for: its outlet, or its original's when it is a
    /// near-duplicate; `article:<id>` when neither names an outlet.
    pub origin: String,
    /// Its extracted claims that state the checked claim.
    pub claims: Vec<String>,
    /// Its headline (not in the JSON line: the CLI and the UI show it).
    #[serde(skip)]
    pub title: Option<String>,
    /// The article it is a near-duplicate of, if any (not in the JSON line).
    #[serde(skip)]
    pub copy_of: Option<String>,
    /// The re-rank score, TF-IDF cosine with the claim (not in the JSON line).
    #[serde(skip)]
    pub similarity: f64,
}

/// The answer for one claim: `hearsay check --json` prints it as one line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimCheck {
    /// The claim as the user wrote it.
    pub claim: String,
    /// The verdict over independent origins.
    pub verdict: CheckVerdict,
    /// Related articles, grouped by origin (origins in order of their best article), best first
    /// within an origin.
    pub evidence: Vec<Evidence>,
    /// The best candidate's re-rank score (not in the JSON line).
    #[serde(skip)]
    pub best_similarity: f64,
}

impl ClaimCheck {
    /// The evidence grouped by origin, in the order of [`ClaimCheck::evidence`].
    pub fn origins(&self) -> Vec<(&str, Vec<&Evidence>)> {
        let mut groups: Vec<(&str, Vec<&Evidence>)> = Vec::new();
        for evidence in &self.evidence {
            match groups.iter_mut().find(|(origin, _)| *origin == evidence.origin) {
                Some((_, members)) => members.push(evidence),
                None => groups.push((evidence.origin.as_str(), vec![evidence])),
            }
        }
        groups
    }
}

/// The stance model and the bounds of a check.
#[derive(Clone)]
pub struct Checker {
    model: StanceModel,
    options: CheckOptions,
    embedder: Option<std::sync::Arc<dyn crate::Embed + Send + Sync>>,
}

impl std::fmt::Debug for Checker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checker")
            .field("options", &self.options)
            .field("embedder", &self.embedder.as_ref().map(|e| e.id().to_owned()))
            .finish_non_exhaustive()
    }
}

impl Checker {
    /// A checker with the given stance model (the evaluation trains one per fold).
    pub fn new(model: StanceModel, options: CheckOptions) -> Checker {
        Checker { model, options, embedder: None }
    }

    /// The same checker deciding relatedness with sentence embeddings ([`EmbeddingCuts`]).
    #[must_use]
    pub fn with_embedder(mut self, embedder: std::sync::Arc<dyn crate::Embed + Send + Sync>) -> Checker {
        self.embedder = Some(embedder);
        self
    }

    /// A checker with the built-in FNC-1 stance model and default bounds.
    pub fn with_default_model() -> std::result::Result<Checker, hearsay_stance::Error> {
        Ok(Checker::new(StanceModel::load_default()?, CheckOptions::default()))
    }

    /// The bounds in use.
    pub fn options(&self) -> CheckOptions {
        self.options
    }

    /// Checks one claim against the store: candidates from its full-text search, then
    /// [`Checker::judge`].
    pub fn check(&self, store: &dyn Backend, claim: &str) -> crate::Result<ClaimCheck> {
        let candidates = self.candidates(store, claim)?;
        Ok(self.judge(claim, &candidates))
    }

    /// The stored articles the search offers for `claim`, at most [`CheckOptions::candidates`],
    /// best first.
    pub fn candidates(&self, store: &dyn Backend, claim: &str) -> crate::Result<Vec<Candidate>> {
        let query = search_query(claim, self.options.query_words);
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let filter = ListFilter { limit: self.options.candidates.max(1), ..ListFilter::default() };
        let hits = store.search(&query, &filter)?;
        let mut candidates = Vec::with_capacity(hits.len());
        for hit in hits {
            let Some(stored) = store.get(hit.article.id.as_str())? else {
                continue;
            };
            let claims = store
                .annotations(&stored.article.id, crate::EXTRACT_SCHEMA)?
                .and_then(|json| hearsay_schema::parse(stored.article.id.as_str(), &json).ok())
                .map(|output| output.claims.into_iter().map(|claim| (claim.id, claim.content)).collect())
                .unwrap_or_default();
            let metadata = &stored.article.metadata;
            candidates.push(Candidate {
                article: stored.article.id.to_string(),
                outlet: metadata.outlet.clone(),
                published: metadata.published.clone(),
                title: metadata.title.clone(),
                body: stored.article.text.as_str().to_owned(),
                copy_of: stored.copy_of.as_ref().map(|(id, _)| id.to_string()),
                claims,
                story: None,
            });
        }
        // Their stories, in one read of the ledger's rows.
        let keys: Vec<String> = candidates.iter().map(|c| crate::kept::story_key(&c.article)).collect();
        let mut story_of: BTreeMap<String, String> = BTreeMap::new();
        for item in store.ledger_items_keyed(&keys)? {
            if let Ok(kept) = serde_json::from_str::<crate::kept::StoryOf>(&item.json) {
                story_of.insert(item.key, kept.story);
            }
        }
        for (candidate, key) in candidates.iter_mut().zip(&keys) {
            candidate.story = story_of.remove(key);
        }
        Ok(candidates)
    }

    /// Which of the assessed candidates are evidence: the relatedness decision, widened to the
    /// best answer's story where the store keeps stories ([`CheckOptions::story`], [`story_rule`]).
    pub fn accepted(&self, assessed: &[Assessed], candidates: &[Candidate]) -> Vec<bool> {
        let judged: Vec<(&CandidateFeatures, Option<&str>)> =
            assessed.iter().map(|a| (&a.features, candidates[a.index].story.as_deref())).collect();
        match self.options.story {
            Some(w) if judged.iter().any(|(_, story)| story.is_some()) => {
                story_rule(&judged, |f| self.related(f), w.min_similarity, w.story_similarity)
            }
            _ => judged.iter().map(|(f, _)| self.related(f)).collect(),
        }
    }

    /// Re-ranks the candidates and reads each of the [`CheckOptions::judged`] best: what the
    /// relatedness decision and the stance rule see of it, best first. [`Checker::judge`] decides
    /// on these; the evaluation fits the decision on them.
    pub fn assess(&self, claim: &str, candidates: &[Candidate]) -> Vec<Assessed> {
        let documents = documents(candidates);
        let o = &self.options;
        let mut assessed = assess_with(claim, &documents, o.feedback, o.judged, |index| {
            self.model.scores_with_stage(claim, &documents[index])
        });
        if let Some(embedder) = &self.embedder {
            // Only candidates the re-rank cut lets through can be accepted, so only they are
            // embedded (the cost of a check with embeddings is a few dozen texts).
            let cut = o.story.map_or(o.min_similarity, |w| w.min_similarity.min(o.min_similarity));
            let read: Vec<usize> = (0..assessed.len()).filter(|&a| assessed[a].features.similarity >= cut).collect();
            match embed_candidates(
                embedder.as_ref(),
                claim,
                read.iter().map(|&a| documents[assessed[a].index].as_str()),
            ) {
                Ok(similarities) => {
                    for (&a, similarity) in read.iter().zip(similarities) {
                        assessed[a].features.embedding = Some(similarity);
                    }
                }
                // Without them the stance model decides, as without a model.
                Err(error) => tracing::warn!("checking {claim:?} without sentence embeddings: {error}"),
            }
        }
        assessed
    }

    /// Whether an assessed candidate is related to the claim: the re-rank pre-cuts, then the
    /// learned decision ([`CheckOptions::relatedness`] for bodies, `headline_relatedness` for
    /// short texts).
    pub fn related(&self, features: &CandidateFeatures) -> bool {
        let o = &self.options;
        if features.similarity < o.min_similarity || features.similarity < o.min_relative * features.best {
            return false;
        }
        if let Some(similarity) = features.embedding {
            return similarity >= if features.short { o.embedding.short } else { o.embedding.body };
        }
        let decision = if features.short { &o.headline_relatedness } else { &o.relatedness };
        decision.related(features)
    }

    /// The stance of a related candidate: the most likely of agree, disagree and discuss. (A prior
    /// correction of their log-probabilities chosen per fold for macro-F1 gained nothing on FNC-1
    /// and lost on Emergent: `learned_biased` in eval/results/check.json.)
    pub fn stance(&self, features: &CandidateFeatures) -> CheckStance {
        stance_with_bias(&features.stance, [0.0; 3])
    }

    /// Re-ranks the candidates, keeps those the relatedness decision accepts, labels their
    /// stance, groups them by origin and gives the verdict.
    pub fn judge(&self, claim: &str, candidates: &[Candidate]) -> ClaimCheck {
        let assessed = self.assess(claim, candidates);
        let best_similarity = assessed.first().map_or(0.0, |a| a.features.similarity);
        let accepted = self.accepted(&assessed, candidates);
        let mut related = Vec::new();
        for (Assessed { index, features }, accepted) in assessed.into_iter().zip(accepted) {
            if !accepted {
                continue;
            }
            let stance = self.stance(&features);
            let candidate = &candidates[index];
            let contents: Vec<String> = candidate.claims.iter().map(|(_, content)| content.clone()).collect();
            let closeness = rerank(claim, &contents);
            let mut claims: Vec<(f64, &String)> = candidate
                .claims
                .iter()
                .zip(&closeness)
                .filter(|((_, content), _)| self.model.predict(claim, content).is_related())
                .map(|((id, _), score)| (*score, id))
                .collect();
            claims.sort_by(|a, b| b.0.total_cmp(&a.0));
            claims.truncate(self.options.claims_per_article);
            let claims = claims.into_iter().map(|(_, id)| id.clone()).collect();
            // Untitled articles (plain text, social posts) show their first line.
            let title = candidate.title.clone().or_else(|| {
                let first = candidate.body.lines().map(str::trim).find(|line| !line.is_empty())?;
                Some(first.chars().take(120).collect())
            });
            related.push(Evidence {
                article: candidate.article.clone(),
                outlet: candidate.outlet.clone(),
                published: candidate.published.clone(),
                stance,
                origin: String::new(),
                claims,
                title,
                copy_of: candidate.copy_of.clone(),
                similarity: features.similarity,
            });
        }
        assign_origins(&mut related);
        let verdict = verdict(&related);
        // Grouped by origin, origins in the order of their best article.
        let mut rank_of_origin: BTreeMap<String, usize> = BTreeMap::new();
        for (rank, evidence) in related.iter().enumerate() {
            rank_of_origin.entry(evidence.origin.clone()).or_insert(rank);
        }
        let mut evidence: Vec<(usize, usize, Evidence)> =
            related.into_iter().enumerate().map(|(rank, e)| (rank_of_origin[&e.origin], rank, e)).collect();
        evidence.sort_by_key(|(origin_rank, rank, _)| (*origin_rank, *rank));
        ClaimCheck {
            claim: claim.to_owned(),
            verdict,
            evidence: evidence.into_iter().map(|(_, _, e)| e).collect(),
            best_similarity,
        }
    }
}

/// The claim's [`embedding_similarity`] with each document, in order.
fn embed_candidates<'a>(
    embedder: &dyn crate::Embed,
    claim: &str,
    documents: impl Iterator<Item = &'a str>,
) -> std::result::Result<Vec<f32>, String> {
    let mut texts = vec![claim];
    let mut ends = Vec::new();
    for document in documents {
        texts.extend(lead_sentences(document));
        ends.push(texts.len());
    }
    let vectors = embedder.embed(&texts)?;
    if vectors.len() != texts.len() {
        return Err(format!("the model gave {} vectors for {} texts", vectors.len(), texts.len()));
    }
    let mut start = 1;
    Ok(ends
        .into_iter()
        .map(|end| {
            let similarity = embedding_similarity(&vectors[0], &vectors[start..end]);
            start = end;
            similarity
        })
        .collect())
}

/// A candidate's text as the check reads it: its headline (when the body does not start with
/// it), then its body.
pub fn documents(candidates: &[Candidate]) -> Vec<String> {
    candidates
        .iter()
        .map(|candidate| match &candidate.title {
            Some(title) if !candidate.body.starts_with(title.as_str()) => format!("{title}\n{}", candidate.body),
            _ => candidate.body.clone(),
        })
        .collect()
}

/// What the check reads of each candidate text (`documents`, as [`Checker::assess`] builds
/// them), the [`CheckOptions::judged`] best by re-rank score, best first: `stance(index)` gives
/// the stance model's reading of one document (called for the judged ones and the `feedback`
/// anchors only). The evaluation calls it with stored readings to simulate other stores.
pub fn assess_with(
    claim: &str,
    documents: &[String],
    feedback_size: usize,
    judged: usize,
    mut stance: impl FnMut(usize) -> (StanceScores, bool),
) -> Vec<Assessed> {
    let to_claim = rerank(claim, documents);
    let similarity = feedback(documents, &to_claim, feedback_size);
    let mut order: Vec<usize> = (0..documents.len()).collect();
    order.sort_by(|&a, &b| similarity[b].total_cmp(&similarity[a]).then(a.cmp(&b)));
    order.truncate(judged);
    let best = order.first().map_or(0.0, |&index| similarity[index]);
    let mut read: BTreeMap<usize, (StanceScores, bool)> = BTreeMap::new();
    // The anchors: the candidates closest to the claim, whose centroid the re-rank compares
    // with; whether the stance model finds them related says whether anything reports the claim.
    let mut anchors: Vec<usize> = (0..documents.len()).collect();
    anchors.sort_by(|&a, &b| to_claim[b].total_cmp(&to_claim[a]).then(a.cmp(&b)));
    anchors.truncate(feedback_size.max(1));
    let (mut weighted, mut weight) = (0.0, 0.0);
    for &index in &anchors {
        let (scores, _) = *read.entry(index).or_insert_with(|| stance(index));
        weighted += to_claim[index] * f64::from(scores.related);
        weight += to_claim[index];
    }
    let anchored = if weight > 0.0 { weighted / weight } else { 0.0 };
    let best_to_claim = anchors.first().map_or(0.0, |&index| to_claim[index]);
    let names = claim_names(claim);
    order
        .into_iter()
        .enumerate()
        .map(|(rank, index)| {
            let (stance, short) = *read.entry(index).or_insert_with(|| stance(index));
            let features = CandidateFeatures {
                similarity: similarity[index],
                to_claim: to_claim[index],
                rank: rank as u32,
                best,
                names: names_share(&names, &documents[index]),
                stance,
                short,
                anchored,
                best_to_claim,
                embedding: None,
            };
            Assessed { index, features }
        })
        .collect()
}

/// One candidate as [`Checker::assess`] read it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Assessed {
    /// Its index among the candidates.
    pub index: usize,
    /// What the decision reads of it.
    pub features: CandidateFeatures,
}

/// What the relatedness decision and the stance rule read of one candidate.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct CandidateFeatures {
    /// The re-rank score: TF-IDF cosine with the centroid of the candidates closest to the claim
    /// (see [`feedback`]).
    pub similarity: f64,
    /// TF-IDF cosine with the claim itself (see [`rerank`]).
    pub to_claim: f64,
    /// Its place among the candidates by `similarity`, 0 for the best.
    pub rank: u32,
    /// The best candidate's `similarity`.
    pub best: f64,
    /// Share of the claim's names (its capitalised content words) that the candidate writes
    /// capitalised.
    pub names: f64,
    /// The stance model's probabilities (related, then agree / disagree / discuss).
    pub stance: StanceScores,
    /// Whether the stance model's headline stage read it (a short text, such as a headline).
    pub short: bool,
    /// The stance model's related probability of the candidates closest to the claim (the
    /// re-rank's anchors), averaged with their cosine with the claim as weights: low when nothing
    /// stored reports the claim, whatever the store's size.
    #[serde(default)]
    pub anchored: f64,
    /// The best cosine of a candidate with the claim itself.
    #[serde(default)]
    pub best_to_claim: f64,
    /// The claim's sentence-embedding similarity with the candidate (its closest lead sentence),
    /// when the check has an embedding model.
    #[serde(default)]
    pub embedding: Option<f32>,
}

/// Number of inputs of the relatedness decision (see [`Relatedness::inputs`]).
pub const RELATEDNESS_INPUTS: usize = 10;

/// The relatedness decision: a logistic regression over a candidate's features, related when its
/// score reaches `threshold`. Fitted by `hearsay eval check` on claim-grouped folds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Relatedness {
    /// One weight per input of [`Relatedness::inputs`].
    pub weights: [f64; RELATEDNESS_INPUTS],
    /// The intercept.
    pub bias: f64,
    /// The score (log-odds) from which a candidate is related: chosen for F1, not 0.
    pub threshold: f64,
}

impl Relatedness {
    /// The names of the inputs, in order.
    pub const INPUT_NAMES: [&'static str; RELATEDNESS_INPUTS] = [
        "similarity",
        "sqrt similarity",
        "to claim",
        "related",
        "related log-odds",
        "names",
        "similarity x related",
        "anchored",
        "similarity x anchored",
        "best to claim",
    ];

    /// The stance model's related stage alone: related when its probability reaches 0.5.
    pub const RELATED_STAGE: Relatedness =
        Relatedness { weights: [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0], bias: 0.0, threshold: 0.0 };

    /// Fitted on FNC-1 (see [`CheckOptions::relatedness`]); use with `min_similarity` 0.
    pub const BODIES: Relatedness = Relatedness {
        weights: [-16.877, 28.8303, -2.08979, 1.48673, 0.557472, -0.731953, -7.75779, 4.65532, 4.97323, 3.69054],
        bias: -18.0893,
        threshold: -0.457495,
    };

    /// Fitted on Emergent (see [`CheckOptions::headline_relatedness`]); use with `min_similarity` 0.
    pub const HEADLINES: Relatedness = Relatedness {
        weights: [-3.8212, 15.8702, 1.27208, -0.716098, 0.519484, -1.62151, -4.07538, 6.72242, -1.77067, 2.27473],
        bias: -15.147,
        threshold: -0.510282,
    };

    /// The decision's inputs for one candidate.
    pub fn inputs(f: &CandidateFeatures) -> [f64; RELATEDNESS_INPUTS] {
        let related = f64::from(f.stance.related).clamp(1e-4, 1.0 - 1e-4);
        [
            f.similarity,
            f.similarity.max(0.0).sqrt(),
            f.to_claim,
            related,
            (related / (1.0 - related)).ln(),
            f.names,
            f.similarity * related,
            f.anchored,
            f.similarity * f.anchored,
            f.best_to_claim,
        ]
    }

    /// The score (log-odds of related).
    pub fn score(&self, f: &CandidateFeatures) -> f64 {
        self.bias + Relatedness::inputs(f).iter().zip(&self.weights).map(|(x, w)| x * w).sum::<f64>()
    }

    /// Whether the candidate is related.
    pub fn related(&self, f: &CandidateFeatures) -> bool {
        self.score(f) >= self.threshold
    }
}

/// The most likely of agree, disagree and discuss after adding `bias` to their log-probabilities.
pub fn stance_with_bias(scores: &StanceScores, bias: [f64; 3]) -> CheckStance {
    let p = [scores.agree, scores.disagree, scores.discuss];
    let value = |c: usize| f64::from(p[c]).max(1e-9).ln() + bias[c];
    let best = (0..3).fold(0, |b, c| if value(c) > value(b) { c } else { b });
    [CheckStance::Affirm, CheckStance::Deny, CheckStance::Discuss][best]
}

/// The claim's names: its content words written with a capital letter, lowercased.
fn claim_names(claim: &str) -> BTreeSet<String> {
    hearsay_text::word_runs(claim, &[])
        .into_iter()
        .map(|(_, word)| word)
        .filter(|word| word.chars().next().is_some_and(char::is_uppercase) && word.chars().count() >= 2)
        .map(str::to_lowercase)
        .filter(|word| !STOP_WORDS.contains(word))
        .collect()
}

/// Share of `names` that `document` writes with a capital letter.
fn names_share(names: &BTreeSet<String>, document: &str) -> f64 {
    if names.is_empty() {
        return 0.0;
    }
    let written: BTreeSet<String> = hearsay_text::word_runs(document, &[])
        .into_iter()
        .map(|(_, word)| word)
        .filter(|word| word.chars().next().is_some_and(char::is_uppercase))
        .map(str::to_lowercase)
        .filter(|word| names.contains(word))
        .collect();
    written.len() as f64 / names.len() as f64
}

/// The verdict of the evidence, read per origin: an origin affirms when more of its articles
/// affirm than deny, denies in the opposite case, and counts for both on a tie.
pub fn verdict(evidence: &[Evidence]) -> CheckVerdict {
    if evidence.is_empty() {
        return CheckVerdict::NoEvidence;
    }
    let mut tally: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for item in evidence {
        let entry = tally.entry(item.origin.as_str()).or_default();
        match item.stance {
            CheckStance::Affirm => entry.0 += 1,
            CheckStance::Deny => entry.1 += 1,
            CheckStance::Discuss => {}
        }
    }
    let affirming: Vec<&str> = tally.iter().filter(|(_, (a, d))| *a > 0 && a >= d).map(|(origin, _)| *origin).collect();
    let denying = tally.values().filter(|(a, d)| *d > 0 && d >= a).count();
    match (affirming.len(), denying) {
        (0, 0) => CheckVerdict::Discussed,
        (0, _) => CheckVerdict::Denied,
        (_, 1..) => CheckVerdict::Contested,
        (1, 0) => {
            // Copies were folded into their original's origin; distinct articles repeat it.
            let originals = evidence
                .iter()
                .filter(|e| e.origin == affirming[0] && e.stance == CheckStance::Affirm && e.copy_of.is_none())
                .count();
            if originals > 1 {
                CheckVerdict::Repeated
            } else {
                CheckVerdict::SingleSource
            }
        }
        _ => CheckVerdict::Corroborated,
    }
}

/// Names each item's origin: items of one outlet, and near-duplicates with their originals, are
/// one origin, named after the outlet of its earliest original (the smallest outlet name when
/// several), or `article:<id>` when no member names an outlet.
fn assign_origins(evidence: &mut [Evidence]) {
    let n = evidence.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], x: usize) -> usize {
        let mut root = x;
        while parent[root] != root {
            root = parent[root];
        }
        parent[x] = root;
        root
    }
    let mut first_of_key: BTreeMap<String, usize> = BTreeMap::new();
    for (index, item) in evidence.iter().enumerate() {
        let mut keys = vec![format!("article:{}", item.article)];
        if let Some(original) = &item.copy_of {
            keys.push(format!("article:{original}"));
        }
        if let Some(outlet) = item.outlet.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
            keys.push(format!("outlet:{}", outlet.to_lowercase()));
        }
        for key in keys {
            let other = *first_of_key.entry(key).or_insert(index);
            let (a, b) = (find(&mut parent, index), find(&mut parent, other));
            if a != b {
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    // Per origin, the best name: an original's outlet, then a copy's outlet, then an article id;
    // alphabetically within each.
    let mut best: BTreeMap<usize, (u8, bool, String)> = BTreeMap::new();
    for (index, item) in evidence.iter().enumerate() {
        let root = find(&mut parent, index);
        let candidate = match item.outlet.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
            Some(outlet) => (0, item.copy_of.is_some(), outlet.to_owned()),
            None => (1, true, format!("article:{}", item.copy_of.as_deref().unwrap_or(&item.article))),
        };
        match best.get_mut(&root) {
            Some(name) if candidate < *name => *name = candidate,
            Some(_) => {}
            None => {
                best.insert(root, candidate);
            }
        }
    }
    for (index, item) in evidence.iter_mut().enumerate() {
        let root = find(&mut parent, index);
        item.origin = best[&root].2.clone();
    }
}

/// Never search terms, never weighed by the re-rank: the shared function words, less the reflexive
/// pronouns and "above" and "below", which say what a claim is about ("set himself on fire",
/// "prices above the cap"; as search terms they keep Emergent's retrieval and stance figures where
/// they were), plus reporting verbs and two words every claim's wording has.
const STOP_WORDS: StopWords = StopWords {
    less: &[
        "above",
        "below",
        "herself",
        "himself",
        "myself",
        "ours",
        "ourselves",
        "theirs",
        "themselves",
        "yours",
        "yourself",
    ],
    plus: &["also", "could", "said", "says"],
};

/// Lowercased words of letters and digits, two characters or more, function words out.
pub fn content_words(text: &str) -> Vec<String> {
    hearsay_text::word_runs(text, &[])
        .into_iter()
        .map(|(_, word)| word)
        .filter(|word| word.chars().count() >= 2)
        .map(str::to_lowercase)
        .filter(|word| !STOP_WORDS.contains(word))
        .collect()
}

/// The full-text query for a claim: its distinct content words joined by `OR` (each plain
/// letters and digits, so no query syntax gets through), at most `limit`, longest first.
pub fn search_query(claim: &str, limit: usize) -> String {
    let mut words: Vec<String> = content_words(claim);
    words.sort();
    words.dedup();
    words.retain(|word| word.chars().all(|c| c.is_ascii_alphanumeric()) || word.chars().all(char::is_alphanumeric));
    words.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    words.truncate(limit);
    words.sort();
    words.join(" OR ")
}

/// TF-IDF cosine of the claim with each document; document frequencies from the documents
/// and the claim, sublinear term frequency.
pub fn rerank(claim: &str, documents: &[String]) -> Vec<f64> {
    let claim_counts = counts(&content_words(claim));
    let document_counts: Vec<BTreeMap<String, u32>> =
        documents.iter().map(|document| counts(&content_words(document))).collect();
    let mut frequency: BTreeMap<&str, u32> = BTreeMap::new();
    for counted in document_counts.iter().chain(std::iter::once(&claim_counts)) {
        for word in counted.keys() {
            *frequency.entry(word.as_str()).or_default() += 1;
        }
    }
    let n = (documents.len() + 1) as f64;
    let idf = |word: &str| ((1.0 + n) / (1.0 + f64::from(frequency.get(word).copied().unwrap_or(0)))).ln() + 1.0;
    let vector = |counted: &BTreeMap<String, u32>| -> BTreeMap<String, f64> {
        let mut v: BTreeMap<String, f64> =
            counted.iter().map(|(w, &c)| (w.clone(), (1.0 + f64::from(c).ln()) * idf(w))).collect();
        let norm = v.values().map(|x| x * x).sum::<f64>().sqrt();
        if norm > 0.0 {
            v.values_mut().for_each(|x| *x /= norm);
        }
        v
    };
    let query = vector(&claim_counts);
    document_counts
        .iter()
        .map(|counted| {
            let document = vector(counted);
            query.iter().filter_map(|(w, q)| document.get(w).map(|d| q * d)).sum()
        })
        .collect()
}

/// How alike each document is to the best ones: TF-IDF cosine (document frequencies from the
/// documents) of each document with the centroid of the `top` documents the claim is closest to
/// (by `similarity`). A claim is a line; the reports of one claim share far more with one another
/// (names, places, details) than with that line, so the best reports vouch for the rest.
pub fn feedback(documents: &[String], similarity: &[f64], top: usize) -> Vec<f64> {
    let document_counts: Vec<BTreeMap<String, u32>> =
        documents.iter().map(|document| counts(&content_words(document))).collect();
    let mut frequency: BTreeMap<&str, u32> = BTreeMap::new();
    for counted in &document_counts {
        for word in counted.keys() {
            *frequency.entry(word.as_str()).or_default() += 1;
        }
    }
    let n = documents.len() as f64;
    let idf = |word: &str| ((1.0 + n) / (1.0 + f64::from(frequency.get(word).copied().unwrap_or(0)))).ln() + 1.0;
    let vectors: Vec<BTreeMap<&str, f64>> = document_counts
        .iter()
        .map(|counted| {
            let mut v: BTreeMap<&str, f64> =
                counted.iter().map(|(w, &c)| (w.as_str(), (1.0 + f64::from(c).ln()) * idf(w))).collect();
            let norm = v.values().map(|x| x * x).sum::<f64>().sqrt();
            if norm > 0.0 {
                v.values_mut().for_each(|x| *x /= norm);
            }
            v
        })
        .collect();
    let mut order: Vec<usize> = (0..documents.len()).collect();
    order.sort_by(|&a, &b| similarity[b].total_cmp(&similarity[a]).then(a.cmp(&b)));
    let mut centroid: BTreeMap<&str, f64> = BTreeMap::new();
    for &i in order.iter().take(top) {
        for (w, x) in &vectors[i] {
            *centroid.entry(w).or_default() += x * similarity[i];
        }
    }
    let norm = centroid.values().map(|x| x * x).sum::<f64>().sqrt();
    if norm == 0.0 {
        return vec![0.0; documents.len()];
    }
    vectors.iter().map(|v| v.iter().filter_map(|(w, x)| centroid.get(w).map(|c| x * c / norm)).sum()).collect()
}

fn counts(words: &[String]) -> BTreeMap<String, u32> {
    let mut counted = BTreeMap::new();
    for word in words {
        *counted.entry(word.clone()).or_insert(0) += 1;
    }
    counted
}

/// The distinct origins of the evidence, in order.
pub fn origin_names(evidence: &[Evidence]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    evidence.iter().filter(|e| seen.insert(e.origin.clone())).map(|e| e.origin.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_the_function_words_plus_a_few() {
        STOP_WORDS.check();
    }

    fn evidence(article: &str, outlet: Option<&str>, copy_of: Option<&str>, stance: CheckStance) -> Evidence {
        Evidence {
            article: article.to_owned(),
            outlet: outlet.map(str::to_owned),
            published: None,
            stance,
            origin: String::new(),
            claims: Vec::new(),
            title: None,
            copy_of: copy_of.map(str::to_owned),
            similarity: 0.5,
        }
    }

    fn judged(mut items: Vec<Evidence>) -> (CheckVerdict, Vec<String>) {
        assign_origins(&mut items);
        (verdict(&items), items.into_iter().map(|e| e.origin).collect())
    }

    #[test]
    fn a_syndicated_copy_counts_with_its_original() {
        let original = evidence("a1", Some("Reuters"), None, CheckStance::Affirm);
        let copy = evidence("b1", Some("Yahoo News"), Some("a1"), CheckStance::Affirm);
        let (verdict, origins) = judged(vec![copy.clone(), original.clone()]);
        assert_eq!(verdict, CheckVerdict::SingleSource);
        assert_eq!(origins, ["Reuters", "Reuters"]);

        let other = evidence("c1", Some("AP"), None, CheckStance::Affirm);
        let (verdict, _) = judged(vec![original.clone(), copy.clone(), other.clone()]);
        assert_eq!(verdict, CheckVerdict::Corroborated);

        let denial = evidence("d1", None, None, CheckStance::Deny);
        let (verdict, origins) = judged(vec![original.clone(), other, denial.clone()]);
        assert_eq!(verdict, CheckVerdict::Contested);
        assert_eq!(origins[2], "article:d1");
        assert_eq!(judged(vec![denial]).0, CheckVerdict::Denied);

        let second = evidence("a2", Some("reuters "), None, CheckStance::Affirm);
        assert_eq!(judged(vec![original, second]).0, CheckVerdict::Repeated, "one outlet, two articles");
        assert_eq!(judged(vec![evidence("e1", None, None, CheckStance::Discuss)]).0, CheckVerdict::Discussed);
        assert_eq!(judged(Vec::new()).0, CheckVerdict::NoEvidence);
    }

    #[test]
    fn the_best_reports_vouch_for_the_ones_alike_them() {
        let documents: Vec<String> = [
            "Kim Jong-un drinks snake wine, says a North Korean defector in Seoul",
            "A defector in Seoul says Kim Jong-un drinks snake wine every night",
            "Snake wine for Kim Jong-un: the defector's account from Seoul",
            "The wine harvest in Bordeaux was early this year",
        ]
        .map(str::to_owned)
        .to_vec();
        let to_claim = [0.5, 0.4, 0.1, 0.1];
        let alike = feedback(&documents, &to_claim, 2);
        assert!(alike[2] > alike[3] + 0.2, "{alike:?}");
        assert!(alike[2] > to_claim[2], "{alike:?}");
        assert_eq!(feedback(&[], &[], 3), Vec::<f64>::new());
    }

    #[test]
    fn the_search_query_is_plain_words_joined_by_or() {
        assert_eq!(
            search_query("Did Russia give \"Israel\" the S-300 data?", 16),
            "300 OR data OR give OR israel OR russia"
        );
    }
}
