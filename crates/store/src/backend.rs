//! [`Backend`]: what the pipeline and the command line need from a store, so that the embedded
//! SQLite [`Store`] and a server store (`hearsay-store-pg`) are interchangeable behind `--db`.
//!
//! Every implementation keeps the same semantics: ids are content hashes and inserts are
//! idempotent, a batch is stored whole or not at all with its annotations, near-duplicates link
//! to the earliest stored member of their group, and listings come in the same order.

use std::collections::{BTreeMap, BTreeSet};

use hearsay_article::{Article, ArticleId, Publication, SourceRef};

#[cfg(feature = "sqlite")]
use crate::ledger::LedgerWriter;
use crate::types::{
    ArticleSummary, Inserted, LedgerArticle, LedgerEdge, LedgerItem, ListFilter, PropositionOrder,
    PropositionPageFilter, PropositionSummaryRow, SearchHit, Stats, StoredArticle, StoredProposition,
};
#[cfg(feature = "sqlite")]
use crate::Store;
use crate::{FollowedSource, Result};

/// A hearsay store, embedded or on a server. The methods mean what [`Store`]'s methods of the
/// same names mean.
pub trait Backend: std::fmt::Debug + Send {
    /// Where the store lives, for messages: a file path or a server URL without its password.
    fn location(&self) -> String;
    /// See [`Store::insert_batch_annotated`].
    fn insert_batch_annotated(
        &mut self,
        items: &[Article],
        layers: Option<(&str, &[String])>,
        ingested_at: Option<&str>,
    ) -> Result<Vec<Inserted>>;
    /// See [`Store::put_publication`].
    fn put_publication(&mut self, publication: &Publication) -> Result<()>;
    /// See [`Store::delete_at_uri`].
    fn delete_at_uri(&mut self, at_uri: &str) -> Result<bool>;
    /// See [`Store::get`].
    fn get(&self, id: &str) -> Result<Option<StoredArticle>>;
    /// See [`Store::list`].
    fn list(&self, filter: &ListFilter) -> Result<Vec<ArticleSummary>>;
    /// See [`Store::search`]. Ranking and snippets are each backend's own; the matching
    /// articles are the same for plain words.
    fn search(&self, query: &str, filter: &ListFilter) -> Result<Vec<SearchHit>>;
    /// [`Backend::search`] that stops as soon as `cancel` is set (the client has gone). A store
    /// that cannot stop a running query early keeps to its time budget only.
    fn search_cancellable(
        &self,
        query: &str,
        filter: &ListFilter,
        cancel: &std::sync::Arc<std::sync::atomic::AtomicBool>,
    ) -> Result<Vec<SearchHit>> {
        let _ = cancel;
        self.search(query, filter)
    }
    /// See [`Store::annotations`].
    fn annotations(&self, id: &ArticleId, schema: &str) -> Result<Option<String>>;
    /// See [`Store::all_annotations`].
    fn all_annotations(&self, schema: &str) -> Result<Vec<(ArticleId, String)>>;
    /// See [`Store::stats`].
    fn stats(&self) -> Result<Stats>;
    /// How many articles the store holds: [`Stats::articles`], which a backend may count alone
    /// (every ledger page asks it, `hearsay_ledger::reads_whole`).
    fn article_count(&self) -> Result<u64> {
        Ok(self.stats()?.articles)
    }
    /// See [`Store::articles_from_source`].
    fn articles_from_source(&self, source: &SourceRef) -> Result<Vec<ArticleId>>;
    /// See [`Store::set_snippet_markers`].
    fn set_snippet_markers(&mut self, open: &str, close: &str);
    /// See [`Store::set_search_budget`]: what one search may spend before
    /// [`crate::Error::TooCostly`] stops it.
    fn set_search_budget(&mut self, budget: crate::SearchBudget);
    /// See [`Store::ledger_state`].
    fn ledger_state(&self, name: &str) -> Result<Option<String>>;
    /// See [`Store::ledger_writer`]. One writer at a time: a server store makes a second
    /// process's writer wait for the first to commit.
    fn ledger_writer(&mut self) -> Result<Box<dyn LedgerWrite + '_>>;
    /// See [`Store::ledger_items`].
    fn ledger_items(&self) -> Result<Vec<LedgerItem>>;
    /// Every ledger item whose key starts with `prefix`, in key order, handed to `each` as it is
    /// read, so that a reader of the whole ledger never holds every item's JSON at once. (The
    /// default reads them all first.)
    fn ledger_items_each(&self, prefix: &str, each: &mut dyn FnMut(LedgerItem)) -> Result<()> {
        self.ledger_items()?.into_iter().filter(|item| item.key.starts_with(prefix)).for_each(each);
        Ok(())
    }
    /// See [`Store::ledger_edges`].
    fn ledger_edges(&self) -> Result<Vec<LedgerEdge>>;
    /// See [`Store::all_copies`].
    fn all_copies(&self) -> Result<Vec<(ArticleId, ArticleId)>>;
    /// See [`Store::ledger_reset`].
    fn ledger_reset(&mut self) -> Result<()>;
    /// See [`Store::ledger_proposition`]. (The default finds the propositions by reading every
    /// claim and edge: a store that keeps them answers from their rows.)
    fn ledger_proposition(&self, name: &str) -> Result<Option<StoredProposition>> {
        if name.is_empty() {
            return Ok(None);
        }
        let scan = Scan::of(self)?;
        let found = scan.members.get(name).and_then(|root| scan.propositions.get(root)).cloned().or_else(|| {
            let mut matches = scan.propositions.values().filter(|p| p.name.starts_with(name));
            let first = matches.next()?;
            matches.next().is_none().then(|| first.clone())
        });
        Ok(found)
    }
    /// See [`Store::ledger_proposition_items`].
    fn ledger_proposition_items(&self, root: &str) -> Result<Vec<LedgerItem>> {
        let scan = Scan::of(self)?;
        let keys: Vec<String> = scan.roots.iter().filter(|(_, r)| *r == root).map(|(key, _)| key.clone()).collect();
        self.ledger_items_keyed(&keys)
    }
    /// See [`Store::ledger_propositions_page`].
    fn ledger_propositions_page(
        &self,
        order: PropositionOrder,
        offset: usize,
        limit: usize,
    ) -> Result<(usize, Vec<StoredProposition>)> {
        let mut all: Vec<StoredProposition> = Scan::of(self)?.propositions.into_values().collect();
        match order {
            // (No summaries kept: the most claims first.)
            PropositionOrder::MostClaims | PropositionOrder::Sourced => {
                all.sort_by(|a, b| b.claims.cmp(&a.claims).then(a.name.cmp(&b.name)));
            }
            PropositionOrder::Recent => all.sort_by(|a, b| b.last_seq.cmp(&a.last_seq).then(a.name.cmp(&b.name))),
        }
        let total = all.len();
        Ok((total, all.into_iter().skip(offset).take(limit).collect()))
    }
    /// See [`Store::ledger_propositions_filtered`]. (The default keeps no summaries, so it
    /// filters nothing.)
    fn ledger_propositions_filtered(
        &self,
        order: PropositionOrder,
        filter: &PropositionPageFilter,
        offset: usize,
        limit: usize,
    ) -> Result<(usize, Vec<StoredProposition>)> {
        let _ = filter;
        self.ledger_propositions_page(order, offset, limit)
    }
    /// See [`Store::ledger_proposition_summary`]. (The default keeps none.)
    fn ledger_proposition_summary(&self, root: &str) -> Result<Option<PropositionSummaryRow>> {
        let _ = root;
        Ok(None)
    }
    /// See [`Store::ledger_keys_with_term`].
    fn ledger_keys_with_term(&self, term: &str) -> Result<Vec<String>>;
    /// See [`Store::ledger_propositions_text_like`].
    fn ledger_propositions_text_like(&self, words: &str) -> Result<Vec<String>>;
    /// See [`Store::ledger_edges_of`]. (The default reads every edge.)
    fn ledger_edges_of(&self, keys: &[String]) -> Result<Vec<LedgerEdge>> {
        let wanted: BTreeSet<&String> = keys.iter().collect();
        Ok(self
            .ledger_edges()?
            .into_iter()
            .filter(|edge| wanted.contains(&edge.a) || wanted.contains(&edge.b))
            .collect())
    }
    /// See [`Store::ledger_items_keyed`].
    fn ledger_items_keyed(&self, keys: &[String]) -> Result<Vec<LedgerItem>> {
        let wanted: BTreeSet<&String> = keys.iter().collect();
        Ok(self.ledger_items()?.into_iter().filter(|item| wanted.contains(&item.key)).collect())
    }
    /// See [`Store::copy_of`].
    fn copy_of(&self, id: &str) -> Result<Option<ArticleId>> {
        Ok(self.all_copies()?.into_iter().find(|(copy, _)| copy.as_str() == id).map(|(_, original)| original))
    }

    // query layer
    /// See [`Store::annotations_where`]: the layers of the articles that pass a filter, so that
    /// the query layer (`crates/query`) narrows in SQL before it parses.
    fn annotations_where(&self, schema: &str, filter: &ListFilter) -> Result<Vec<(ArticleId, String)>>;

    // followed sources (`hearsay follow`)
    /// See [`Store::followed_sources`].
    fn followed_sources(&self) -> Result<Vec<FollowedSource>>;
    /// See [`Store::followed_source`].
    fn followed_source(&self, url: &str) -> Result<Option<FollowedSource>>;
    /// See [`Store::put_followed_source`].
    fn put_followed_source(&mut self, source: &FollowedSource) -> Result<()>;
}

/// The stored propositions found by reading every claim item and `same` edge: what a store that
/// does not keep them answers with (see [`Backend::ledger_proposition`]).
struct Scan {
    /// Claim key -> root.
    roots: BTreeMap<String, String>,
    /// Each claim's name -> its root.
    members: BTreeMap<String, String>,
    /// Root -> its summary.
    propositions: BTreeMap<String, StoredProposition>,
}

impl Scan {
    fn of<B: Backend + ?Sized>(store: &B) -> Result<Scan> {
        let mut seq: BTreeMap<String, i64> = BTreeMap::new();
        store.ledger_items_each("c:", &mut |item| {
            seq.insert(item.key, item.article_seq);
        })?;
        let mut parent: BTreeMap<String, String> = seq.keys().map(|key| (key.clone(), key.clone())).collect();
        fn find(parent: &mut BTreeMap<String, String>, key: &str) -> String {
            let mut root = key.to_owned();
            while let Some(next) = parent.get(&root).filter(|next| **next != root) {
                root = next.clone();
            }
            parent.insert(key.to_owned(), root.clone());
            root
        }
        for edge in store.ledger_edges()?.into_iter().filter(|edge| edge.relation == "same") {
            if !(seq.contains_key(&edge.a) && seq.contains_key(&edge.b)) {
                continue;
            }
            let (a, b) = (find(&mut parent, &edge.a), find(&mut parent, &edge.b));
            if a != b {
                let (kept, gone) = if (seq[&a], &a) < (seq[&b], &b) { (a, b) } else { (b, a) };
                parent.insert(gone, kept);
            }
        }
        let keys: Vec<String> = seq.keys().cloned().collect();
        let mut scan = Scan { roots: BTreeMap::new(), members: BTreeMap::new(), propositions: BTreeMap::new() };
        for key in keys {
            let root = find(&mut parent, &key);
            let entry = scan.propositions.entry(root.clone()).or_insert_with(|| StoredProposition {
                name: crate::keys::proposition_name(&root),
                root: root.clone(),
                seq: seq[&root],
                claims: 0,
                last_seq: seq[&root],
            });
            entry.claims += 1;
            entry.last_seq = entry.last_seq.max(seq[&key]);
            scan.members.insert(crate::keys::proposition_name(&key), root.clone());
            scan.roots.insert(key, root);
        }
        Ok(scan)
    }
}

/// One ledger update transaction, whichever the store: the methods mean what
/// [`LedgerWriter`]'s methods of the same names mean.
pub trait LedgerWrite {
    /// See [`LedgerWriter::pending`].
    fn pending(&self, watermark: i64, limit: usize, schema: &str) -> Result<Vec<LedgerArticle>>;
    /// See [`LedgerWriter::candidates`].
    fn candidates(&self, terms: &[String], per_term: usize) -> Result<BTreeSet<String>>;
    /// See [`LedgerWriter::item`].
    fn item(&self, key: &str) -> Result<Option<LedgerItem>>;
    /// See [`LedgerWriter::items`].
    fn items(&self, keys: &[String]) -> Result<Vec<LedgerItem>>;
    /// See [`LedgerWriter::items_with_prefix`].
    fn items_with_prefix(&self, prefix: &str) -> Result<Vec<LedgerItem>>;
    /// See [`LedgerWriter::put_item`].
    fn put_item(&self, item: &LedgerItem, terms: &[String], alone: Option<&PropositionSummaryRow>) -> Result<()>;
    /// See [`LedgerWriter::put_edge`].
    fn put_edge(&self, a: &str, b: &str, relation: &str) -> Result<()>;
    /// See [`LedgerWriter::forget_article`].
    fn forget_article(&self, seq: i64) -> Result<()>;
    /// See [`LedgerWriter::mark_read`].
    fn mark_read(&self, seq: i64) -> Result<()>;
    /// See [`LedgerWriter::state`].
    fn state(&self, name: &str) -> Result<Option<String>>;
    /// See [`LedgerWriter::set_state`].
    fn set_state(&self, name: &str, value: &str) -> Result<()>;
    /// See [`LedgerWriter::dirty_propositions`].
    fn dirty_propositions(&self, limit: usize) -> Result<Vec<StoredProposition>>;
    /// See [`LedgerWriter::set_proposition_summary`].
    fn set_proposition_summary(&self, root: &str, summary: &PropositionSummaryRow) -> Result<()>;
    /// See [`LedgerWriter::commit`].
    fn commit(self: Box<Self>) -> Result<()>;
}

#[cfg(feature = "sqlite")]
impl LedgerWrite for LedgerWriter<'_> {
    fn pending(&self, watermark: i64, limit: usize, schema: &str) -> Result<Vec<LedgerArticle>> {
        LedgerWriter::pending(self, watermark, limit, schema)
    }

    fn candidates(&self, terms: &[String], per_term: usize) -> Result<BTreeSet<String>> {
        LedgerWriter::candidates(self, terms, per_term)
    }

    fn item(&self, key: &str) -> Result<Option<LedgerItem>> {
        LedgerWriter::item(self, key)
    }

    fn items(&self, keys: &[String]) -> Result<Vec<LedgerItem>> {
        LedgerWriter::items(self, keys)
    }

    fn items_with_prefix(&self, prefix: &str) -> Result<Vec<LedgerItem>> {
        LedgerWriter::items_with_prefix(self, prefix)
    }

    fn put_item(&self, item: &LedgerItem, terms: &[String], alone: Option<&PropositionSummaryRow>) -> Result<()> {
        LedgerWriter::put_item(self, item, terms, alone)
    }

    fn put_edge(&self, a: &str, b: &str, relation: &str) -> Result<()> {
        LedgerWriter::put_edge(self, a, b, relation)
    }

    fn forget_article(&self, seq: i64) -> Result<()> {
        LedgerWriter::forget_article(self, seq)
    }

    fn mark_read(&self, seq: i64) -> Result<()> {
        LedgerWriter::mark_read(self, seq)
    }

    fn state(&self, name: &str) -> Result<Option<String>> {
        LedgerWriter::state(self, name)
    }

    fn set_state(&self, name: &str, value: &str) -> Result<()> {
        LedgerWriter::set_state(self, name, value)
    }

    fn dirty_propositions(&self, limit: usize) -> Result<Vec<StoredProposition>> {
        LedgerWriter::dirty_propositions(self, limit)
    }

    fn set_proposition_summary(&self, root: &str, summary: &PropositionSummaryRow) -> Result<()> {
        LedgerWriter::set_proposition_summary(self, root, summary)
    }

    fn commit(self: Box<Self>) -> Result<()> {
        LedgerWriter::commit(*self)
    }
}

#[cfg(feature = "sqlite")]
impl Backend for Store {
    fn location(&self) -> String {
        self.path().display().to_string()
    }

    fn insert_batch_annotated(
        &mut self,
        items: &[Article],
        layers: Option<(&str, &[String])>,
        ingested_at: Option<&str>,
    ) -> Result<Vec<Inserted>> {
        Store::insert_batch_annotated(self, items, layers, ingested_at)
    }

    fn put_publication(&mut self, publication: &Publication) -> Result<()> {
        Store::put_publication(self, publication)
    }

    fn delete_at_uri(&mut self, at_uri: &str) -> Result<bool> {
        Store::delete_at_uri(self, at_uri)
    }

    fn get(&self, id: &str) -> Result<Option<StoredArticle>> {
        Store::get(self, id)
    }

    fn list(&self, filter: &ListFilter) -> Result<Vec<ArticleSummary>> {
        Store::list(self, filter)
    }

    fn search(&self, query: &str, filter: &ListFilter) -> Result<Vec<SearchHit>> {
        Store::search(self, query, filter)
    }

    fn search_cancellable(
        &self,
        query: &str,
        filter: &ListFilter,
        cancel: &std::sync::Arc<std::sync::atomic::AtomicBool>,
    ) -> Result<Vec<SearchHit>> {
        Store::search_cancellable(self, query, filter, cancel)
    }

    fn annotations(&self, id: &ArticleId, schema: &str) -> Result<Option<String>> {
        Store::annotations(self, id, schema)
    }

    fn all_annotations(&self, schema: &str) -> Result<Vec<(ArticleId, String)>> {
        Store::all_annotations(self, schema)
    }

    fn stats(&self) -> Result<Stats> {
        Store::stats(self)
    }

    fn article_count(&self) -> Result<u64> {
        Store::article_count(self)
    }

    fn articles_from_source(&self, source: &SourceRef) -> Result<Vec<ArticleId>> {
        Store::articles_from_source(self, source)
    }

    fn set_snippet_markers(&mut self, open: &str, close: &str) {
        Store::set_snippet_markers(self, open, close);
    }

    fn set_search_budget(&mut self, budget: crate::SearchBudget) {
        Store::set_search_budget(self, budget);
    }

    fn ledger_state(&self, name: &str) -> Result<Option<String>> {
        Store::ledger_state(self, name)
    }

    fn ledger_writer(&mut self) -> Result<Box<dyn LedgerWrite + '_>> {
        Ok(Box::new(Store::ledger_writer(self)?))
    }

    fn ledger_items(&self) -> Result<Vec<LedgerItem>> {
        Store::ledger_items(self)
    }

    fn ledger_items_each(&self, prefix: &str, each: &mut dyn FnMut(LedgerItem)) -> Result<()> {
        Store::ledger_items_each(self, prefix, each)
    }

    fn ledger_edges(&self) -> Result<Vec<LedgerEdge>> {
        Store::ledger_edges(self)
    }

    fn all_copies(&self) -> Result<Vec<(ArticleId, ArticleId)>> {
        Store::all_copies(self)
    }

    fn ledger_reset(&mut self) -> Result<()> {
        Store::ledger_reset(self)
    }

    fn ledger_proposition(&self, name: &str) -> Result<Option<StoredProposition>> {
        Store::ledger_proposition(self, name)
    }

    fn ledger_proposition_items(&self, root: &str) -> Result<Vec<LedgerItem>> {
        Store::ledger_proposition_items(self, root)
    }

    fn ledger_propositions_page(
        &self,
        order: PropositionOrder,
        offset: usize,
        limit: usize,
    ) -> Result<(usize, Vec<StoredProposition>)> {
        Store::ledger_propositions_page(self, order, offset, limit)
    }

    fn ledger_propositions_filtered(
        &self,
        order: PropositionOrder,
        filter: &PropositionPageFilter,
        offset: usize,
        limit: usize,
    ) -> Result<(usize, Vec<StoredProposition>)> {
        Store::ledger_propositions_filtered(self, order, filter, offset, limit)
    }

    fn ledger_proposition_summary(&self, root: &str) -> Result<Option<PropositionSummaryRow>> {
        Store::ledger_proposition_summary(self, root)
    }

    fn ledger_edges_of(&self, keys: &[String]) -> Result<Vec<LedgerEdge>> {
        Store::ledger_edges_of(self, keys)
    }

    fn ledger_keys_with_term(&self, term: &str) -> Result<Vec<String>> {
        Store::ledger_keys_with_term(self, term)
    }

    fn ledger_propositions_text_like(&self, words: &str) -> Result<Vec<String>> {
        Store::ledger_propositions_text_like(self, words)
    }

    fn ledger_items_keyed(&self, keys: &[String]) -> Result<Vec<LedgerItem>> {
        Store::ledger_items_keyed(self, keys)
    }

    fn copy_of(&self, id: &str) -> Result<Option<ArticleId>> {
        Store::copy_of(self, id)
    }

    // query layer
    fn annotations_where(&self, schema: &str, filter: &ListFilter) -> Result<Vec<(ArticleId, String)>> {
        Store::annotations_where(self, schema, filter)
    }

    // followed sources
    fn followed_sources(&self) -> Result<Vec<FollowedSource>> {
        Store::followed_sources(self)
    }

    fn followed_source(&self, url: &str) -> Result<Option<FollowedSource>> {
        Store::followed_source(self, url)
    }

    fn put_followed_source(&mut self, source: &FollowedSource) -> Result<()> {
        Store::put_followed_source(self, source)
    }
}
