//! What the ledger update keeps beside its links, so that a proposition page or a page of the
//! proposition list reads only its own rows ([`crate::stored`]):
//!
//! * each article's story (`s:{article}` items, `{"story": ID}`, stored with the article so that
//!   forgetting it drops it). Up to [`ONLINE_FROM`](crate::online::ONLINE_FROM) articles read, the stories are grouped over
//!   the whole store in storing order (see [`crate::stories`]), so they are grouped again after
//!   each update that read articles (or after the store forgot one), and only the articles whose
//!   story changed are written: this costs the stored story terms, not the claims. Beyond it,
//!   grouping the whole store after every batch would make each batch cost the store's size, so
//!   the stories are placed online as articles arrive (see [`crate::online`]): the update places
//!   the articles of each transaction within it ([`place_stories`]), reading only their terms'
//!   rows and their candidate stories', and the online step's memory is kept as items of no
//!   article (`article_seq` 0): the counts (`sg:`), each term's document frequency (`sf:{term}`)
//!   and postings (`sp:{term}`), each story's centroid (`sc:{story}`). The `stories` ledger state
//!   says which: absent or empty, to be found again; a watermark, grouped over the whole store;
//!   `online:` and a watermark, placed online.
//! * each stored proposition's summary (its independent origins, verdict, latest date and
//!   wording), which the store marks out of date whenever its members change (a join, a claim
//!   forgotten): the update sums up those marked, each from its own rows, so the cost is that of
//!   the propositions that changed.
//!
//! Both are derived from what the update stored, in storing order, and which way the stories are
//! found depends only on how many articles the ledger read, so an update in any batches keeps
//! what a rebuild keeps (`tests/stored.rs`, `tests/incremental.rs`). When the store forgets an
//! article the stories are found again from scratch, the whole way or the online way (every
//! stored article placed again, in storing order: O(store), once).

use std::collections::{BTreeMap, BTreeSet};

use hearsay_schema::ledger::Proposition;
use hearsay_store::{Backend, LedgerItem, LedgerWrite, PropositionSummaryRow};
use serde::{Deserialize, Serialize};

use crate::features::{fold, ArticleItem};
use crate::online::{place, replay, Centroid, Globals, InMemory, OnlineParams, StoryMemory};
use crate::stories::{StoryInput, StoryTerms};
use crate::view::{copy_roots, group_stories, story_inputs};
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

/// The index term of an article's story row: a stored story page finds its articles by it
/// ([`crate::story_rows`]).
pub(crate) fn story_term(story: &str) -> String {
    format!("story:{story}")
}

/// Propositions summed up per transaction: each transaction only writes their summaries (they
/// are read before it begins), so a large one holds the write lock briefly, and each commit
/// costs.
const SUMMARY_BATCH: usize = 1_024;

/// The storing order the online step's own items are kept under: no article's.
const NO_ARTICLE: i64 = 0;

/// The `stories` state of stories placed online.
const ONLINE: &str = "online:";

/// Whether a `stories` ledger state says the stories are placed online.
pub(crate) fn placed_online(state: Option<&str>) -> bool {
    state.is_some_and(|value| value.starts_with(ONLINE))
}

/// Brings the kept stories and summaries up to date; `read_articles`: the update read some;
/// `online_from`: the most articles grouped the whole way ([`ONLINE_FROM`](crate::online::ONLINE_FROM) but in tests).
pub(crate) fn refresh(store: &mut dyn Backend, read_articles: bool, online_from: usize) -> Result<()> {
    keep_stories(store, read_articles, online_from)?;
    keep_summaries(store)
}

/// Places the articles one transaction read (in storing order) in the kept stories, within that
/// transaction, if they are placed online (else the stories are grouped again after the update);
/// returns whether they were.
pub(crate) fn place_stories(writer: &dyn LedgerWrite, arriving: &[Arriving], watermark: i64) -> Result<bool> {
    // Read inside the transaction: a store write that forgot an article dropped the state before
    // it began, or waits for it to end.
    if !placed_online(writer.state("stories")?.as_deref()) {
        return Ok(false);
    }
    let params = OnlineParams::default();
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
    writer.set_state("stories", &format!("{ONLINE}{watermark}"))?;
    Ok(true)
}

/// One article as the update hands it to the online story step.
#[derive(Debug, Clone)]
pub(crate) struct Arriving {
    pub id: String,
    pub seq: i64,
    pub published: Option<String>,
    pub has_title: bool,
    pub copy_of: Option<String>,
    pub terms: StoryTerms,
}

/// Finds the stories again when they changed: over the whole store if it holds at most
/// `online_from` articles, else by placing every stored article online again, and keeps each
/// article's.
fn keep_stories(store: &mut dyn Backend, read_articles: bool, online_from: usize) -> Result<()> {
    // The store drops this state when it forgets an article (`invalidate`); stories placed online
    // are up to date, and those grouped the whole way are unless the update read articles.
    let stories = store.ledger_state("stories")?.filter(|value| !value.is_empty());
    if placed_online(stories.as_deref()) || (stories.is_some() && !read_articles) {
        return Ok(());
    }
    let state = store.ledger_state("watermark")?.unwrap_or_else(|| "0".to_owned());
    let mut damaged: Option<Error> = None;
    let mut articles: BTreeMap<String, ArticleItem> = BTreeMap::new();
    let mut seqs: BTreeMap<String, i64> = BTreeMap::new();
    store.ledger_items_each("a:", &mut |item| match serde_json::from_str::<ArticleItem>(&item.json) {
        Ok(article) => {
            seqs.insert(article.id.clone(), item.article_seq);
            articles.insert(article.id.clone(), article);
        }
        Err(error) => {
            damaged.get_or_insert_with(|| Error::Corrupt(format!("ledger item {}: {error}", item.key)));
        }
    })?;
    let mut terms: BTreeMap<String, (i64, StoryTerms)> = BTreeMap::new();
    store.ledger_items_each("t:", &mut |item| match serde_json::from_str::<StoryTerms>(&item.json) {
        Ok(found) => {
            terms.insert(item.key[2..].to_owned(), (item.article_seq, found));
        }
        Err(error) => {
            damaged.get_or_insert_with(|| Error::Corrupt(format!("ledger item {}: {error}", item.key)));
        }
    })?;
    let mut kept: BTreeMap<String, String> = BTreeMap::new();
    store.ledger_items_each("s:", &mut |item| {
        if let Ok(found) = serde_json::from_str::<StoryOf>(&item.json) {
            kept.insert(item.key[2..].to_owned(), found.story);
        }
    })?;
    if let Some(error) = damaged {
        return Err(error);
    }
    let copy_of = copy_roots(&*store)?;
    let online = articles.len() > online_from;
    if online {
        let inputs = story_inputs(&articles, &terms, &copy_of);
        let (memory, _, _) = replay(&inputs, &OnlineParams::default());
        drop(inputs);
        drop(terms);
        let writer = store.ledger_writer()?;
        writer.forget_article(NO_ARTICLE)?;
        for key in keys(&memory) {
            if let Key::StoryOf(article) = &key {
                if memory.story_of.get(article).map(|(_, story)| story) == kept.get(article) {
                    continue;
                }
            }
            write(&*writer, &memory, &key)?;
        }
        writer.set_state("stories", &format!("{ONLINE}{state}"))?;
        writer.commit()?;
        return Ok(());
    }
    let (members, _, _) = group_stories(&articles, &terms, &copy_of, false);
    drop(terms);
    let writer = store.ledger_writer()?;
    if stories.is_none() {
        // The stories may have been placed online before the store forgot articles: their
        // memory goes.
        writer.forget_article(NO_ARTICLE)?;
    }
    for (story, ids) in members {
        for id in ids {
            if kept.get(&id) == Some(&story) {
                continue;
            }
            let Some(seq) = seqs.get(&id) else { continue };
            let json = to_json(&StoryOf { story: story.clone() })?;
            writer.put_item(
                &LedgerItem { key: story_key(&id), article_seq: *seq, json, vector: None },
                &[story_term(&story)],
                None,
            )?;
        }
    }
    writer.set_state("stories", &state)?;
    writer.commit()?;
    Ok(())
}

/// One item of the online story step's memory.
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
            Some((seq, story)) => {
                let json = to_json(&StoryOf { story: story.clone() })?;
                let item = LedgerItem { key: key.item_key(), article_seq: *seq, json, vector: None };
                writer.put_item(&item, &[story_term(story)], None)?;
                return Ok(());
            }
            None => return Ok(()),
        },
    };
    writer.put_item(&LedgerItem { key: key.item_key(), article_seq: seq, json, vector: None }, &[], None)?;
    Ok(())
}

/// The online story step's memory in the store's items, read as needed through one ledger
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
    fn compare(&mut self, id: &str, unit: &[(String, f64)], n: usize) -> Result<Option<crate::online::Compared>> {
        self.load(vec![Key::Story(id.to_owned())])?;
        self.cache.compare(id, unit, n)
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
        let dirty: Vec<_> = dirty.into_iter().filter(|row| done.insert(row.root.clone())).collect();
        if dirty.is_empty() {
            return Ok(());
        }
        let mut summaries = Vec::with_capacity(dirty.len());
        // One reader for the batch: the claims of one article sit in many propositions (most of
        // them of one claim), and each article and its copy link is read once.
        let mut rows = crate::stored::Rows::new(&*store);
        for row in dirty {
            let proposition = rows.claims(&row)?;
            summaries.push((row.root, summary_row(&proposition)));
        }
        let writer = store.ledger_writer()?;
        for (root, summary) in &summaries {
            writer.set_proposition_summary(root, summary)?;
        }
        writer.commit()?;
    }
}

/// What the store keeps of a proposition for the paged lists.
pub(crate) fn summary_row(proposition: &Proposition) -> PropositionSummaryRow {
    PropositionSummaryRow {
        origins: proposition.origins.len() as i64,
        verdict: proposition.verdict.name().to_owned(),
        last_seen: proposition.last_seen.clone(),
        text: proposition.text.clone(),
        words: fold(&proposition.text),
    }
}
