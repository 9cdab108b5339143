//! [`Backend`]: what the pipeline and the command line need from a store, so that the embedded
//! SQLite [`Store`] and a server store (`hearsay-store-pg`) are interchangeable behind `--db`.
//!
//! Every implementation keeps the same semantics: ids are content hashes and inserts are
//! idempotent, a batch is stored whole or not at all with its annotations, near-duplicates link
//! to the earliest stored member of their group, and listings come in the same order.

use std::collections::BTreeSet;

use hearsay_article::{Article, ArticleId, Publication, SourceRef};

#[cfg(feature = "sqlite")]
use crate::ledger::LedgerWriter;
use crate::types::{
    ArticleSummary, Inserted, LedgerArticle, LedgerEdge, LedgerItem, ListFilter, SearchHit, Stats, StoredArticle,
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
    fn put_item(&self, item: &LedgerItem, terms: &[String]) -> Result<()>;
    /// See [`LedgerWriter::put_edge`].
    fn put_edge(&self, a: &str, b: &str, relation: &str) -> Result<()>;
    /// See [`LedgerWriter::forget_article`].
    fn forget_article(&self, seq: i64) -> Result<()>;
    /// See [`LedgerWriter::mark_read`].
    fn mark_read(&self, seq: i64) -> Result<()>;
    /// See [`LedgerWriter::set_state`].
    fn set_state(&self, name: &str, value: &str) -> Result<()>;
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

    fn put_item(&self, item: &LedgerItem, terms: &[String]) -> Result<()> {
        LedgerWriter::put_item(self, item, terms)
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

    fn set_state(&self, name: &str, value: &str) -> Result<()> {
        LedgerWriter::set_state(self, name, value)
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
