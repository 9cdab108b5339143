//! [`Backend`]: what the pipeline and the command line need from a store, so that the embedded
//! SQLite [`Store`] and a server store (`hearsay-store-pg`) are interchangeable behind `--db`.
//!
//! Every implementation keeps the same semantics: ids are content hashes and inserts are
//! idempotent, a batch is stored whole or not at all with its annotations, near-duplicates link
//! to the earliest stored member of their group, and listings come in the same order.

use hearsay_article::{Article, ArticleId, Publication};

use crate::types::{ArticleSummary, Inserted, ListFilter, SearchHit, Stats, StoredArticle};
use crate::{Result, Store};

/// A hearsay store, embedded or on a server. The methods mean what [`Store`]'s methods of the
/// same names mean.
pub trait Backend: std::fmt::Debug + Send {
    /// Where the store lives, for messages: a file path or a server URL without its password.
    fn location(&self) -> String;
    /// See [`Store::insert_batch_annotated`].
    fn insert_batch_annotated(&mut self, items: &[Article], layers: Option<(&str, &[String])>, ingested_at: Option<&str>) -> Result<Vec<Inserted>>;
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
    /// See [`Store::all_annotations`].
    fn all_annotations(&self, schema: &str) -> Result<Vec<(ArticleId, String)>>;
    /// See [`Store::stats`].
    fn stats(&self) -> Result<Stats>;
    /// The embedded store itself, for what only it has so far (the ledger); `None` for a server.
    fn as_sqlite_mut(&mut self) -> Option<&mut Store> {
        None
    }
}

impl Backend for Store {
    fn location(&self) -> String {
        self.path().display().to_string()
    }

    fn insert_batch_annotated(&mut self, items: &[Article], layers: Option<(&str, &[String])>, ingested_at: Option<&str>) -> Result<Vec<Inserted>> {
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

    fn all_annotations(&self, schema: &str) -> Result<Vec<(ArticleId, String)>> {
        Store::all_annotations(self, schema)
    }

    fn stats(&self) -> Result<Stats> {
        Store::stats(self)
    }

    fn as_sqlite_mut(&mut self) -> Option<&mut Store> {
        Some(self)
    }
}
