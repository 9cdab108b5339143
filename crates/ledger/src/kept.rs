//! What the ledger update keeps beside its links, so that a proposition page or a page of the
//! proposition list reads only its own rows ([`crate::stored`]):
//!
//! * the stories, placed online as articles arrive (see [`crate::stories`]): each article's
//!   story (`s:{article}` items, `{"story": ID}`, stored with the article so forgetting it drops
//!   it), and what the story step keeps of the store, as items of no article (`article_seq` 0):
//!   the counts (`sg:`), each term's document frequency (`sf:{term}`) and postings
//!   (`sp:{term}`), each story's centroid (`sc:{story}`). The update places the articles of each
//!   transaction in it ([`place_stories`]), reading only their terms' rows and their candidate
//!   stories', so a batch costs its own articles whatever the store's size. When the store
//!   forgets an article (deleted, or its annotations changed) it drops the `stories` state, and
//!   the next update places every stored article again in storing order ([`keep_stories`]):
//!   the stories are then what they would be had the article never been stored.
//! * each stored proposition's summary (its independent origins, verdict, latest date and
//!   wording), which the store marks out of date whenever its members change (a join, a claim
//!   forgotten): the update sums up those marked, each from its own rows, so the cost is that of
//!   the propositions that changed.
//!
//! Both are derived from what the update stored, in storing order, so an update in any batches
//! keeps what a rebuild keeps (`tests/stored.rs`, `tests/incremental.rs`).

use std::collections::{BTreeMap, BTreeSet};

use hearsay_store::keys::proposition_name;
use hearsay_store::{Backend, LedgerItem, LedgerWrite, PropositionSummaryRow};
use serde::{Deserialize, Serialize};

use crate::features::{fold, ArticleItem};
use crate::stories::{place, Centroid, Globals, InMemory, StoryInput, StoryMemory, StoryParams, StoryTerms};
use crate::view::copy_roots;
use crate::{Error, Result};

/// What the update keeps of an article's story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct StoryOf {
    /// The story's id.
    pub story: String,
}

/// The item key of an article's story.
pub(crate) fn story_key(article: &str) -> String {
    format!("s:{article}")
}

/// Propositions summed up per transaction.
const SUMMARY_BATCH: usize = 256;

/// The storing order the story step's own items are kept under: no article's.
const NO_ARTICLE: i64 = 0;

/// Brings the kept stories and summaries up to date.
pub(crate) fn refresh(store: &mut dyn Backend) -> Result<()> {
    keep_stories(store)?;
    keep_summaries(store)
}

/// Whether the kept stories hold every article the ledger has read, so that the update places
/// the articles it reads as it goes. A ledger that has read nothing yet holds none, rightly.
pub(crate) fn stories_kept(store: &mut dyn Backend) -> Result<bool> {
    if store.ledger_state("stories")?.is_some_and(|value| !value.is_empty()) {
        return Ok(true);
    }
    if store.ledger_state("watermark")?.is_none() {
        let writer = store.ledger_writer()?;
        writer.forget_article(NO_ARTICLE)?;
        writer.set_state("stories", "0")?;
        writer.commit()?;
        return Ok(true);
    }
    Ok(false)
}

/// One article as the update hands it to the story step.
#[derive(Debug, Clone)]
pub(crate) struct Arriving {
    pub id: String,
    pub seq: i64,
    pub published: Option<String>,
    pub has_title: bool,
    pub copy_of: Option<String>,
    pub terms: StoryTerms,
}

/// Places the articles one transaction read (in storing order) in the kept stories, within that
/// transaction.
pub(crate) fn place_stories(writer: &dyn LedgerWrite, arriving: &[Arriving]) -> Result<()> {
    let params = StoryParams::default();
    let mut memory = Kept { writer, cache: InMemory::default(), loaded: BTreeSet::new(), dirty: BTreeSet::new() };
    for article in arriving {
        let input = StoryInput {
            id: &article.id,
            seq: article.seq,
            published: article.published.as_deref(),
            has_title: article.has_title,
            copy_of: article.copy_of.as_deref(),
            terms: &article.terms,
        };
        place(&mut memory, &params, &input)?;
    }
    let Kept { cache, dirty, .. } = memory;
    for key in &dirty {
        write(writer, &cache, key)?;
    }
    Ok(())
}

/// Places every stored article again, in storing order, when the store forgot one (or the
/// stories were never kept): the story step's items are dropped and written anew.
fn keep_stories(store: &mut dyn Backend) -> Result<()> {
    if store.ledger_state("stories")?.is_some_and(|value| !value.is_empty()) {
        return Ok(());
    }
    let state = store.ledger_state("watermark")?.unwrap_or_else(|| "0".to_owned());
    let mut damaged: Option<Error> = None;
    let mut articles: BTreeMap<String, ArticleItem> = BTreeMap::new();
    store.ledger_items_each("a:", &mut |item| match serde_json::from_str::<ArticleItem>(&item.json) {
        Ok(article) => {
            articles.insert(article.id.clone(), article);
        }
        Err(error) => {
            damaged.get_or_insert_with(|| Error::Corrupt(format!("ledger item {}: {error}", item.key)));
        }
    })?;
    let mut terms: Vec<(i64, String, StoryTerms)> = Vec::new();
    store.ledger_items_each("t:", &mut |item| match serde_json::from_str::<StoryTerms>(&item.json) {
        Ok(found) => terms.push((item.article_seq, item.key[2..].to_owned(), found)),
        Err(error) => {
            damaged.get_or_insert_with(|| Error::Corrupt(format!("ledger item {}: {error}", item.key)));
        }
    })?;
    if let Some(error) = damaged {
        return Err(error);
    }
    terms.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let copy_of = copy_roots(&*store)?;
    let params = StoryParams::default();
    let mut memory = InMemory::default();
    for (seq, id, terms) in &terms {
        let article = articles.get(id);
        let input = StoryInput {
            id,
            seq: *seq,
            published: article.and_then(|a| a.published.as_deref()),
            has_title: article.is_some_and(|a| a.title.is_some()),
            copy_of: copy_of.get(id).map(String::as_str),
            terms,
        };
        place(&mut memory, &params, &input)?;
    }
    drop(terms);
    let writer = store.ledger_writer()?;
    writer.forget_article(NO_ARTICLE)?;
    for key in keys(&memory) {
        write(&*writer, &memory, &key)?;
    }
    writer.set_state("stories", &state)?;
    writer.commit()?;
    Ok(())
}

/// One item of the story step's memory.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Globals,
    Frequency(String),
    Postings(String),
    Story(String),
    StoryOf(String),
}

impl Key {
    fn item_key(&self) -> String {
        match self {
            Key::Globals => "sg:".to_owned(),
            Key::Frequency(term) => format!("sf:{term}"),
            Key::Postings(term) => format!("sp:{term}"),
            Key::Story(id) => format!("sc:{id}"),
            Key::StoryOf(article) => story_key(article),
        }
    }
}

/// Every item of a memory.
fn keys(memory: &InMemory) -> Vec<Key> {
    let mut keys = vec![Key::Globals];
    keys.extend(memory.frequency.keys().cloned().map(Key::Frequency));
    keys.extend(memory.postings.keys().cloned().map(Key::Postings));
    keys.extend(memory.stories.keys().cloned().map(Key::Story));
    keys.extend(memory.story_of.keys().cloned().map(Key::StoryOf));
    keys
}

fn to_json<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|error| Error::Corrupt(error.to_string()))
}

/// Writes one item of a memory (if it holds it).
fn write(writer: &dyn LedgerWrite, memory: &InMemory, key: &Key) -> Result<()> {
    let (seq, json) = match key {
        Key::Globals => (NO_ARTICLE, to_json(&memory.globals)?),
        Key::Frequency(term) => (NO_ARTICLE, to_json(&memory.frequency.get(term).copied().unwrap_or(0))?),
        Key::Postings(term) => (NO_ARTICLE, to_json(&memory.postings.get(term).cloned().unwrap_or_default())?),
        Key::Story(id) => match memory.stories.get(id) {
            Some(story) => (NO_ARTICLE, to_json(story)?),
            None => return Ok(()),
        },
        Key::StoryOf(article) => match memory.story_of.get(article) {
            Some((seq, story)) => (*seq, to_json(&StoryOf { story: story.clone() })?),
            None => return Ok(()),
        },
    };
    writer.put_item(&LedgerItem { key: key.item_key(), article_seq: seq, json, vector: None }, &[])?;
    Ok(())
}

/// The story step's memory in the store's items, read as needed through one ledger
/// transaction into a cache; what it changes is written when the transaction's articles are
/// placed.
struct Kept<'w> {
    writer: &'w dyn LedgerWrite,
    /// What was read or changed.
    cache: InMemory,
    loaded: BTreeSet<Key>,
    dirty: BTreeSet<Key>,
}

impl Kept<'_> {
    /// Reads the items of these keys not read yet into the cache.
    fn load(&mut self, keys: Vec<Key>) -> Result<()> {
        let wanted: Vec<Key> = keys.into_iter().filter(|key| !self.loaded.contains(key)).collect();
        if wanted.is_empty() {
            return Ok(());
        }
        let item_keys: Vec<String> = wanted.iter().map(Key::item_key).collect();
        let found: BTreeMap<String, LedgerItem> =
            self.writer.items(&item_keys)?.into_iter().map(|item| (item.key.clone(), item)).collect();
        for (key, item_key) in wanted.into_iter().zip(item_keys) {
            if let Some(item) = found.get(&item_key) {
                let corrupt = |error: serde_json::Error| Error::Corrupt(format!("ledger item {item_key}: {error}"));
                let json = item.json.as_str();
                match &key {
                    Key::Globals => self.cache.globals = serde_json::from_str(json).map_err(corrupt)?,
                    Key::Frequency(term) => {
                        self.cache.frequency.insert(term.clone(), serde_json::from_str(json).map_err(corrupt)?);
                    }
                    Key::Postings(term) => {
                        self.cache.postings.insert(term.clone(), serde_json::from_str(json).map_err(corrupt)?);
                    }
                    Key::Story(id) => {
                        self.cache.stories.insert(id.clone(), serde_json::from_str(json).map_err(corrupt)?);
                    }
                    Key::StoryOf(article) => {
                        let kept: StoryOf = serde_json::from_str(json).map_err(corrupt)?;
                        self.cache.story_of.insert(article.clone(), (item.article_seq, kept.story));
                    }
                }
            }
            self.loaded.insert(key);
        }
        Ok(())
    }

    /// Marks an item changed (and so read).
    fn changed(&mut self, key: Key) {
        self.loaded.insert(key.clone());
        self.dirty.insert(key);
    }
}

impl StoryMemory for Kept<'_> {
    fn globals(&mut self) -> Result<Globals> {
        self.load(vec![Key::Globals])?;
        self.cache.globals()
    }
    fn set_globals(&mut self, globals: Globals) -> Result<()> {
        self.changed(Key::Globals);
        self.cache.set_globals(globals)
    }
    fn frequencies(&mut self, terms: &[String]) -> Result<Vec<u64>> {
        self.load(terms.iter().cloned().map(Key::Frequency).collect())?;
        self.cache.frequencies(terms)
    }
    fn add_frequencies(&mut self, terms: &[String]) -> Result<()> {
        self.load(terms.iter().cloned().map(Key::Frequency).collect())?;
        for term in terms {
            self.changed(Key::Frequency(term.clone()));
        }
        self.cache.add_frequencies(terms)
    }
    fn postings(&mut self, term: &str) -> Result<Vec<(u64, String)>> {
        self.load(vec![Key::Postings(term.to_owned())])?;
        self.cache.postings(term)
    }
    fn set_postings(&mut self, term: &str, stories: Vec<(u64, String)>) -> Result<()> {
        self.changed(Key::Postings(term.to_owned()));
        self.cache.set_postings(term, stories)
    }
    fn story(&mut self, id: &str) -> Result<Option<Centroid>> {
        self.load(vec![Key::Story(id.to_owned())])?;
        self.cache.story(id)
    }
    fn set_story(&mut self, id: &str, story: Centroid) -> Result<()> {
        self.changed(Key::Story(id.to_owned()));
        self.cache.set_story(id, story)
    }
    fn story_of(&mut self, article: &str) -> Result<Option<String>> {
        self.load(vec![Key::StoryOf(article.to_owned())])?;
        self.cache.story_of(article)
    }
    fn set_story_of(&mut self, article: &str, seq: i64, story: &str) -> Result<()> {
        self.changed(Key::StoryOf(article.to_owned()));
        self.cache.set_story_of(article, seq, story)
    }
}

/// Sums up every stored proposition the store marks out of date, a batch at a time.
fn keep_summaries(store: &mut dyn Backend) -> Result<()> {
    let mut done: BTreeSet<String> = BTreeSet::new();
    loop {
        let dirty = {
            let writer = store.ledger_writer()?;
            writer.dirty_propositions(SUMMARY_BATCH)?
            // Dropped without a commit: nothing was written.
        };
        // A proposition marked again by another writer meanwhile waits for the next update.
        let roots: Vec<String> = dirty.into_iter().filter(|root| done.insert(root.clone())).collect();
        if roots.is_empty() {
            return Ok(());
        }
        let mut summaries = Vec::with_capacity(roots.len());
        // One reader for the batch: the claims of one article sit in many propositions (most of
        // them of one claim), and each article and its copy link is read once.
        let mut rows = crate::stored::Rows::new(&*store);
        for root in roots {
            let Some(row) = store.ledger_proposition(&proposition_name(&root))? else { continue };
            if row.root != root {
                continue;
            }
            let proposition = rows.claims(&row)?;
            summaries.push((
                root,
                PropositionSummaryRow {
                    origins: proposition.origins.len() as i64,
                    verdict: proposition.verdict.name().to_owned(),
                    last_seen: proposition.last_seen.clone(),
                    text: proposition.text.clone(),
                    words: fold(&proposition.text),
                },
            ));
        }
        let writer = store.ledger_writer()?;
        for (root, summary) in &summaries {
            writer.set_proposition_summary(root, summary)?;
        }
        writer.commit()?;
    }
}
