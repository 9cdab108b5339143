//! Bringing the stored ledger up to date with the stored articles, one run of articles at a time.
//!
//! Each article the ledger has not read becomes items (one for the article, one per claim). Each
//! item is compared with the stored items that share an index term, at most [`TERM_CANDIDATES`]
//! of them per term, and the links found are stored as edges. The cost of an article is its
//! candidates', which the bound keeps from growing with the corpus: this is what makes ingesting
//! one more article cheap. Every link depends on its two ends only, and which pairs are compared
//! depends only on the storing order (articles are read in it), so the edges after reading
//! articles one by one, in batches or all at once are the same set (`tests/incremental.rs`,
//! `tests/hostile.rs`).

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use std::rc::Rc;

use hearsay_store::{Backend, LedgerItem, LedgerWrite};

use crate::features::{article_items, fold, ArticleItem, ClaimItem};
use crate::link::{claim_lookup_terms, claim_terms, relate_claims};
use crate::stories::{story_terms, StoryTerms};
use crate::voice::VoiceText;
use crate::{Embed, Error, Result, EXTRACT_SCHEMA};

/// What the ledger's derivation depends on besides the articles; a change rebuilds it.
const LEDGER_VERSION: &str = "hearsay.ledger/1;stories=3;claims=3";

/// The most stored claims one new claim is compared with.
pub const MAX_CANDIDATES: usize = 2_000;

/// The most stored claims one index term offers a new claim. A term that a corpus's claims
/// share by the thousand (`by:person:dnld trump`: every claim Trump made) would otherwise make
/// each new claim cost more as the corpus grows; with the bound a claim costs at most its terms
/// times this, whatever the corpus. Below it, which the terms of most claims stay under (on a
/// thousand news articles the median term holds one claim and 99% hold fewer than 40), every
/// pair sharing a term is compared.
pub const TERM_CANDIDATES: usize = 200;

/// The most claims an update keeps parsed from one transaction to the next (about 1,500 news
/// articles' worth; tens of megabytes).
const MAX_CACHED_CLAIMS: usize = 32_768;

/// How an update runs.
#[derive(Default)]
pub struct UpdateOptions<'a> {
    /// Sentence embeddings for matching paraphrases, when available.
    pub embedder: Option<&'a dyn Embed>,
    /// Articles per transaction (0: the default, 256).
    pub batch: usize,
    /// Called after each transaction with the number of articles read so far.
    pub progress: Option<&'a dyn Fn(usize)>,
    /// Beyond how many articles read the stories are placed online as articles arrive, rather
    /// than grouped over the whole store after each update (None: [`crate::online::ONLINE_FROM`];
    /// smaller in tests, so that a small store shows what a large one does).
    pub stories_online_from: Option<usize>,
}

impl std::fmt::Debug for UpdateOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UpdateOptions")
            .field("embedder", &self.embedder.map(|e| e.id()))
            .field("batch", &self.batch)
            .field("stories_online_from", &self.stories_online_from)
            .finish()
    }
}

/// What an update did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct UpdateReport {
    /// Articles read.
    pub articles: usize,
    /// Claims read.
    pub claims: usize,
    /// Links found.
    pub links: usize,
    /// The stored ledger was dropped first, because it was built differently.
    pub rebuilt: bool,
    /// Articles whose annotations could not be read, each with the reason; they were left out.
    pub unreadable: Vec<hearsay_schema::ParseError>,
}

/// Brings the ledger in `store` up to date.
pub fn update(store: &mut dyn Backend, options: &UpdateOptions<'_>) -> Result<UpdateReport> {
    let mut report = UpdateReport::default();
    let config = format!("{LEDGER_VERSION};embeddings={}", options.embedder.map_or("none", |e| e.id()));
    if store.ledger_state("config")?.is_some_and(|stored| stored != config) {
        tracing::info!("The ledger was built with other settings; rebuilding it.");
        store.ledger_reset()?;
        report.rebuilt = true;
    }
    let batch = if options.batch == 0 { 256 } else { options.batch };
    let mut cache = Cache::default();
    // The ledger's write count when this update last committed: while no other process has
    // written the ledger since, the claims cached are still those stored.
    let mut committed: Option<u64> = None;
    let mut watermark: i64 = store.ledger_state("watermark")?.and_then(|value| value.parse().ok()).unwrap_or(0);
    loop {
        let writer = store.ledger_writer()?;
        let writes: u64 = writer.state("writes")?.and_then(|value| value.parse().ok()).unwrap_or(0);
        if committed != Some(writes) {
            // Another process wrote the ledger between this update's transactions (and may have
            // read an article again): its claims are read afresh from the store.
            cache = Cache::default();
        }
        let pending = writer.pending(watermark, batch, EXTRACT_SCHEMA)?;
        if pending.is_empty() {
            break;
        }
        let mut arriving = Vec::new();
        for article in &pending {
            writer.forget_article(article.seq)?;
            cache.forget(article.id.as_str());
            if let Some(json) = &article.annotation {
                match hearsay_schema::parse(article.id.as_str(), json) {
                    Ok(output) => {
                        let (item, claims) = article_items(&output);
                        report.claims += claims.len();
                        let copy_of = article.copy_of.as_ref().map(|id| id.to_string());
                        report.links += read_article(
                            &*writer,
                            &mut cache,
                            article.seq,
                            &item,
                            &claims,
                            copy_of.as_deref(),
                            options.embedder,
                        )?;
                        let terms = story_terms(&output);
                        put_story_terms(&*writer, article.seq, &item.id, &terms)?;
                        arriving.push(crate::kept::Arriving {
                            id: item.id.clone(),
                            seq: article.seq,
                            published: item.published.clone(),
                            has_title: item.title.is_some(),
                            copy_of,
                            terms,
                        });
                        put_voice_text(&*writer, article.seq, &item.id, &VoiceText::of(&output.document.text))?;
                    }
                    Err(error) => {
                        tracing::warn!(article_id = %article.id, %error, "Stored claims could not be read; leaving them out.");
                        report.unreadable.push(error);
                    }
                }
            }
            writer.mark_read(article.seq)?;
            watermark = watermark.max(article.seq);
        }
        // Beyond ONLINE_FROM articles the stories are placed as articles are read.
        crate::kept::place_stories(&*writer, &arriving, watermark)?;
        writer.set_state("watermark", &watermark.to_string())?;
        writer.set_state("config", &config)?;
        writer.set_state("writes", &(writes + 1).to_string())?;
        writer.commit()?;
        committed = Some(writes + 1);
        // Claims read are kept for the next transaction (re-reading and parsing the claims of
        // the transactions before took 6% of an update of a thousand articles), up to a bound:
        // the memory an update holds does not grow with the corpus.
        if cache.claims.len() > MAX_CACHED_CLAIMS {
            cache = Cache::default();
        }
        report.articles += pending.len();
        if let Some(progress) = options.progress {
            progress(report.articles);
        }
    }
    // What the reads of one proposition or one page need besides the links.
    let online_from = options.stories_online_from.unwrap_or(crate::online::ONLINE_FROM);
    crate::kept::refresh(store, report.articles > 0, online_from)?;
    if store.ledger_state("config")?.is_none() {
        // An empty store: remember the settings anyway, so the next run does not "rebuild".
        let writer = store.ledger_writer()?;
        writer.set_state("config", &config)?;
        writer.commit()?;
    }
    Ok(report)
}

/// Stores one article's items and the links from them to what is stored; returns the number of
/// links.
///
/// A near-duplicate (`copy_of`) is read against its original only: a claim it shares (same
/// claimant, same opening words) is linked to the original's claim and not indexed, so that a hundred thousand copies
/// of one wire story cost a hundred thousand lookups, not a comparison of every pair. Claims the
/// copy does not share are read as usual.
fn read_article(
    writer: &dyn LedgerWrite,
    cache: &mut Cache,
    seq: i64,
    article: &ArticleItem,
    claims: &[ClaimItem],
    copy_of: Option<&str>,
    embedder: Option<&dyn Embed>,
) -> Result<usize> {
    let mut links = 0;
    let originals: BTreeMap<(String, String), String> = match copy_of {
        Some(original) => writer
            .items_with_prefix(&format!("c:{original}:"))?
            .into_iter()
            .filter_map(|item| {
                let claim: ClaimItem = serde_json::from_str(&item.json).ok()?;
                Some((copy_key(&claim), item.key))
            })
            .collect(),
        None => BTreeMap::new(),
    };
    // The article. (Its story is found when the ledger is read: see `stories`.)
    let key = article_key(&article.id);
    let json = serde_json::to_string(article).map_err(|error| Error::Corrupt(error.to_string()))?;
    writer.put_item(
        &LedgerItem { key, article_seq: seq, json, vector: None },
        &crate::index::article_terms(article),
        None,
    )?;

    // Its claims.
    // (An article that is no copy has no originals: its claims' copy keys are not made.)
    let original_of = |claim: &ClaimItem| if originals.is_empty() { None } else { originals.get(&copy_key(claim)) };
    let copied = |claim: &ClaimItem| original_of(claim).is_some();
    // A claim of an article that is no copy, which joins no stored claim, is a proposition of its
    // own: it is summed up here, from what the update holds (most claims stand alone).
    let alone: Option<BTreeMap<String, ArticleItem>> =
        copy_of.is_none().then(|| BTreeMap::from([(article.id.clone(), article.clone())]));
    let mut vectors: Vec<Option<Vec<f32>>> = vec![None; claims.len()];
    if let Some(embedder) = embedder {
        let wanted: Vec<usize> = (0..claims.len()).filter(|&i| !copied(&claims[i])).collect();
        if !wanted.is_empty() {
            let texts: Vec<&str> = wanted.iter().map(|&i| claims[i].out.content.as_str()).collect();
            for (i, vector) in wanted.into_iter().zip(embedder.embed(&texts).map_err(Error::Embed)?) {
                vectors[i] = Some(vector);
            }
        }
    }
    for (claim, vector) in claims.iter().zip(vectors) {
        let key = claim_key(&claim.article, &claim.claim);
        if let Some(original) = original_of(claim) {
            writer.put_edge(&key, original, "same")?;
            links += 1;
            let json = serde_json::to_string(claim).map_err(|error| Error::Corrupt(error.to_string()))?;
            writer.put_item(
                &LedgerItem { key, article_seq: seq, json, vector: None },
                &crate::index::claim_terms(claim),
                None,
            )?;
            continue;
        }
        let mut candidates: Vec<String> = writer
            .candidates(&claim_lookup_terms(claim, embedder.is_some()), TERM_CANDIDATES)?
            .into_iter()
            .filter(|candidate| *candidate != key && candidate.starts_with("c:"))
            .collect();
        if candidates.len() > MAX_CANDIDATES {
            // Hostile or degenerate input (a claim with hundreds of terms): each claim is
            // compared with a bounded number, the greatest keys first.
            candidates.sort_by(|a, b| b.cmp(a));
            candidates.truncate(MAX_CANDIDATES);
            tracing::debug!(claim = %key, "Candidates bounded.");
        }
        cache.load(writer, &candidates)?;
        let mut joined = false;
        for candidate in candidates {
            let Some(other) = cache.claim(writer, &candidate)? else { continue };
            let cosine = match (&vector, &other.1) {
                (Some(a), Some(b)) => Some(cosine(a, b)),
                _ => None,
            };
            for relation in relate_claims(claim, &other.0, cosine) {
                joined |= relation == crate::link::ClaimRelation::Same;
                writer.put_edge(&key, &candidate, relation.name())?;
                links += 1;
            }
        }
        let json = serde_json::to_string(claim).map_err(|error| Error::Corrupt(error.to_string()))?;
        let item = LedgerItem { key, article_seq: seq, json, vector: vector.as_deref().map(vector_to_bytes) };
        // Its proposition is stored summed up, as `keep_summaries` would sum it up from the rows.
        let summary = alone
            .as_ref()
            .filter(|_| !joined)
            .map(|articles| crate::kept::summary_row(&crate::stored::lone_claim(claim, articles)));
        writer.put_item(&item, &[claim_terms(claim), crate::index::claim_terms(claim)].concat(), summary.as_ref())?;
        // A later claim of this run that has it as a candidate reads it from here, not parsed
        // again from the store.
        cache.remember(item.key, claim.clone(), vector);
    }
    Ok(links)
}

/// What a near-duplicate's claim shares with its original's: the claimant and how the content
/// begins. A copy's claim that runs into its own footer or headline still meets the original's.
fn copy_key(claim: &ClaimItem) -> (String, String) {
    let content = fold(&claim.out.content);
    let prefix: String = content.chars().take(80).collect();
    (fold(&claim.out.claimant.name), prefix)
}

/// Stores what the story step reads of an article (its words and entities, counted).
fn put_story_terms(writer: &dyn LedgerWrite, seq: i64, id: &str, terms: &StoryTerms) -> Result<()> {
    let json = serde_json::to_string(terms).map_err(|error| Error::Corrupt(error.to_string()))?;
    writer.put_item(&LedgerItem { key: story_terms_key(id), article_seq: seq, json, vector: None }, &[], None)?;
    Ok(())
}

/// Stores the lead of an article's text, which the stance model reads for the outlet's own voice.
fn put_voice_text(writer: &dyn LedgerWrite, seq: i64, id: &str, text: &VoiceText) -> Result<()> {
    let json = serde_json::to_string(text).map_err(|error| Error::Corrupt(error.to_string()))?;
    writer.put_item(&LedgerItem { key: voice_text_key(id), article_seq: seq, json, vector: None }, &[], None)?;
    Ok(())
}

/// The item key of an article's lead text.
pub(crate) fn voice_text_key(id: &str) -> String {
    format!("x:{id}")
}

/// The item key of an article's story terms.
pub(crate) fn story_terms_key(id: &str) -> String {
    format!("t:{id}")
}

/// The item key of an article.
pub(crate) fn article_key(id: &str) -> String {
    format!("a:{id}")
}

/// The item key of a claim.
pub(crate) fn claim_key(article: &str, claim: &str) -> String {
    format!("c:{article}:{claim}")
}

fn vector_to_bytes(vector: &[f32]) -> Vec<u8> {
    vector.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn vector_from_bytes(bytes: &[u8]) -> Vec<f32> {
    bytes.chunks_exact(4).map(|chunk| f32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]])).collect()
}

/// Cosine similarity.
pub(crate) fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}

/// Claims read from the store (or stored) during an update, parsed once, kept across its
/// transactions while no other process writes the ledger and up to [`MAX_CACHED_CLAIMS`]:
/// election news names the same actors in thousands of claims, and each is a candidate of many
/// new ones. The maps hash with Fx, not the standard SipHash: every candidate of every claim is
/// looked up here twice (hundreds per claim), and the keys are the ledger's own, not chosen by
/// an attacker.
#[derive(Default)]
struct Cache {
    claims: FxHashMap<String, Rc<(ClaimItem, Option<Vec<f32>>)>>,
    /// Each article's cached claim keys, to forget them when it is read again.
    by_article: FxHashMap<String, Vec<String>>,
}

impl Cache {
    fn claim(&mut self, writer: &dyn LedgerWrite, key: &str) -> Result<Option<Rc<(ClaimItem, Option<Vec<f32>>)>>> {
        if let Some(found) = self.claims.get(key) {
            return Ok(Some(found.clone()));
        }
        let Some(stored) = writer.item(key)? else { return Ok(None) };
        self.insert(stored).map(Some)
    }

    /// Reads the claims among `keys` not read yet, in one call.
    fn load(&mut self, writer: &dyn LedgerWrite, keys: &[String]) -> Result<()> {
        let missing: Vec<String> = keys.iter().filter(|key| !self.claims.contains_key(*key)).cloned().collect();
        if missing.is_empty() {
            return Ok(());
        }
        for stored in writer.items(&missing)? {
            self.insert(stored)?;
        }
        Ok(())
    }

    fn insert(&mut self, stored: LedgerItem) -> Result<Rc<(ClaimItem, Option<Vec<f32>>)>> {
        let claim: ClaimItem = serde_json::from_str(&stored.json)
            .map_err(|error| Error::Corrupt(format!("ledger item {}: {error}", stored.key)))?;
        let entry = Rc::new((claim, stored.vector.as_deref().map(vector_from_bytes)));
        self.by_article.entry(entry.0.article.clone()).or_default().push(stored.key.clone());
        self.claims.insert(stored.key, entry.clone());
        Ok(entry)
    }

    /// Keeps a claim just stored, as the store holds it.
    fn remember(&mut self, key: String, claim: ClaimItem, vector: Option<Vec<f32>>) {
        self.by_article.entry(claim.article.clone()).or_default().push(key.clone());
        self.claims.insert(key, Rc::new((claim, vector)));
    }

    /// Drops an article's claims, about to be read again.
    fn forget(&mut self, article: &str) {
        for key in self.by_article.remove(article).unwrap_or_default() {
            self.claims.remove(&key);
        }
    }
}
