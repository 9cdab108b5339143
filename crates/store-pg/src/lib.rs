//! The PostgreSQL store: the embedded store's tables and semantics on a database server, so
//! that many ingest processes on many machines can write one store, and one ledger.
//!
//! [`PgStore`] implements [`hearsay_store::Backend`] exactly as [`hearsay_store::Store`] does:
//!
//! * ids are content hashes and every write is idempotent (`ON CONFLICT DO NOTHING`), so a
//!   batch that is written twice (a worker that crashed after its commit but before it
//!   acknowledged its message) stores nothing twice;
//! * a batch is one transaction with its annotations;
//! * a near-duplicate links to the earliest stored member of its group, found through the
//!   MinHash band keys of [`hearsay_link`]. Batches take a transaction-level advisory lock, so
//!   concurrent writers store one batch after another and "earliest" means the same as in
//!   one process;
//! * listings sort byte for byte as SQLite's do (the `"C"` collation);
//! * the ledger's state lives in the same tables as in SQLite (`ledger.rs`), so `hearsay ledger`,
//!   `stories`, `entity` and `serve` read the same ledger from either store.
//!
//! What differs: full-text search runs on a generated `tsvector` (the `simple` configuration,
//! the title weighted ten to one over the body) with `websearch_to_tsquery` syntax, so scores
//! and snippets are PostgreSQL's own; PostgreSQL text cannot hold NUL, so a NUL in a column
//! used for listing or search is stored as U+FFFD (the article itself, with `show`, comes back
//! exact). The schema is versioned in the table `hearsay_schema` and migrated on connect.
//!
//! ```no_run
//! use hearsay_store::{Backend, ListFilter};
//! let store = hearsay_store_pg::PgStore::connect("postgres://hearsay@localhost/hearsay")?;
//! for article in store.list(&ListFilter::default())? {
//!     println!("{} {:?}", article.id, article.title);
//! }
//! # Ok::<(), hearsay_store::Error>(())
//! ```

mod followed;
mod ledger;
mod schema;

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use hearsay_article::{Article, ArticleId, Publication, SourceRef};
use hearsay_link::{MinHasher, Signature, NEAR_DUPLICATE_THRESHOLD};
use hearsay_store::keys::{
    check_date, full_article, id_prefix, outlet_key, publication_key, redact, slim_article_json, until_bound,
};
use hearsay_store::{
    ArticleSummary, Backend, Error, FollowedSource, Inserted, LedgerEdge, LedgerItem, LedgerWrite, ListFilter, Result,
    SearchBudget, SearchHit, Stats, StoredArticle,
};
use postgres::types::ToSql;
use postgres::{Client, GenericClient, NoTls, Row, Transaction};

use crate::schema::MIGRATIONS;

/// The key of the advisory lock that serializes writes across all connections.
const WRITE_LOCK: i64 = 0x0068_6561_7273_6179; // "hearsay"

/// A hearsay store in a PostgreSQL database (or in one schema of it).
pub struct PgStore {
    client: Mutex<Client>,
    location: String,
    hasher: MinHasher,
    snippet_open: String,
    snippet_close: String,
    search_budget: SearchBudget,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore").field("location", &self.location).finish_non_exhaustive()
    }
}

impl PgStore {
    /// Connects to the server at `url` (`postgres://user[:password]@host[:port]/database`) and
    /// migrates the schema to the current version.
    pub fn connect(url: &str) -> Result<PgStore> {
        PgStore::connect_in(url, None)
    }

    /// Like [`PgStore::connect`], keeping every table in the schema `namespace` (created when
    /// missing): several independent stores in one database, as the tests use.
    pub fn connect_in(url: &str, namespace: Option<&str>) -> Result<PgStore> {
        let location = redact(url);
        let failed = |action: &str| {
            let location = location.clone();
            let action = action.to_owned();
            move |source: postgres::Error| Error::Server { location, action, source: Box::new(source) }
        };
        let mut client = Client::connect(url, NoTls).map_err(failed("connecting"))?;
        if let Some(namespace) = namespace {
            let quoted = format!("\"{}\"", namespace.replace('"', "\"\""));
            client
                .batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {quoted}; SET search_path TO {quoted}"))
                .map_err(failed("choosing the schema"))?;
        }
        migrate(&mut client).map_err(failed("migrating the schema"))?;
        Ok(PgStore {
            client: Mutex::new(client),
            location,
            hasher: MinHasher::new(),
            snippet_open: "[".to_owned(),
            snippet_close: "]".to_owned(),
            search_budget: SearchBudget::default(),
        })
    }

    /// The schema version of the open store.
    pub fn schema_version(&self) -> Result<i64> {
        let mut client = self.client();
        let row = client
            .query_one("SELECT max(version) FROM hearsay_schema", &[])
            .map_err(self.failed("reading the schema version"))?;
        Ok(i64::from(row.get::<_, Option<i32>>(0).unwrap_or(0)))
    }

    fn client(&self) -> MutexGuard<'_, Client> {
        // A panic while the client was held leaves it usable: every statement is its own
        // transaction or inside one that was rolled back when its guard dropped.
        self.client.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn failed(&self, action: impl Into<String>) -> impl FnOnce(postgres::Error) -> Error {
        let location = self.location.clone();
        let action = action.into();
        move |source| Error::Server { location, action, source: Box::new(source) }
    }

    fn corrupt(&self, id: &str, reason: String) -> Error {
        Error::Corrupt { path: PathBuf::from(&self.location), id: id.to_owned(), reason }
    }
}

impl Backend for PgStore {
    fn location(&self) -> String {
        self.location.clone()
    }

    fn insert_batch_annotated(
        &mut self,
        items: &[Article],
        layers: Option<(&str, &[String])>,
        ingested_at: Option<&str>,
    ) -> Result<Vec<Inserted>> {
        if let Some((_, jsons)) = layers {
            assert_eq!(jsons.len(), items.len(), "one annotation per article (a caller bug otherwise)");
        }
        let prepared: Vec<Prepared> = items.iter().map(|article| self.prepare(article)).collect::<Result<_>>()?;
        let action = format!("inserting a batch of {} articles", items.len());
        let failed = self.failed(action);
        let mut client = self.client.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let run = |client: &mut Client| -> Result<Vec<Inserted>, postgres::Error> {
            let mut tx = client.transaction()?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])?;
            let mut outcomes = Vec::with_capacity(items.len());
            for (article, prepared) in items.iter().zip(&prepared) {
                outcomes.push(insert_one(&mut tx, article, prepared, ingested_at)?);
            }
            if let Some((schema, jsons)) = layers {
                let statement = tx.prepare(
                    "INSERT INTO annotations (article_id, schema, json) SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM articles WHERE id = $1)
                     ON CONFLICT (article_id, schema) DO UPDATE SET json = excluded.json",
                )?;
                for ((article, json), outcome) in items.iter().zip(jsons).zip(&outcomes) {
                    // As in the embedded store: another file holding text already stored keeps
                    // the claims read from the article's first source; rereading it refreshes them.
                    if *outcome == Inserted::Existing {
                        if !is_first_source(&mut tx, article)? {
                            continue;
                        }
                        ledger::invalidate_if_changed(&mut tx, article.id.as_str(), schema, json)?;
                    }
                    tx.execute(&statement, &[&article.id.as_str(), &schema, &json.as_str()])?;
                }
            }
            tx.commit()?;
            Ok(outcomes)
        };
        run(&mut client).map_err(failed)
    }

    fn put_publication(&mut self, publication: &Publication) -> Result<()> {
        let key = publication_key(publication);
        let failed = self.failed(format!("storing publication {:?}", publication.name));
        self.client()
            .execute(
                "INSERT INTO publications (pub_key, at_uri, name, url, description, source_path, source_member)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (pub_key) DO UPDATE SET at_uri = excluded.at_uri, name = excluded.name, url = excluded.url,
                     description = excluded.description, source_path = excluded.source_path, source_member = excluded.source_member",
                &[
                    &pg_text(&key),
                    &publication.at_uri.as_deref().map(pg_text),
                    &pg_text(&publication.name),
                    &publication.url.as_deref().map(pg_text),
                    &publication.description.as_deref().map(pg_text),
                    &pg_text(&publication.source.path),
                    &publication.source.member.as_deref().map(pg_text),
                ],
            )
            .map_err(failed)?;
        Ok(())
    }

    fn delete_at_uri(&mut self, at_uri: &str) -> Result<bool> {
        let failed = self.failed(format!("deleting {at_uri}"));
        let mut client = self.client.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let run = |client: &mut Client| -> Result<bool, postgres::Error> {
            let mut tx = client.transaction()?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])?;
            let deleted = delete_in(&mut tx, &pg_text(at_uri))?;
            tx.commit()?;
            Ok(deleted)
        };
        run(&mut client).map_err(failed)
    }

    fn get(&self, id: &str) -> Result<Option<StoredArticle>> {
        let prefix = id_prefix(id)?;
        let failed = || self.failed(format!("reading article {prefix}"));
        let mut client = self.client();
        let upper = format!("{prefix}g");
        let rows = client
            .query("SELECT id, article_json, source_text, clean_text FROM articles WHERE id >= $1 AND id < $2 ORDER BY id LIMIT 2", &[&prefix, &upper])
            .map_err(failed())?;
        if rows.len() > 1 {
            return Err(Error::AmbiguousId { prefix: id.to_owned() });
        }
        let Some(row) = rows.into_iter().next() else {
            return Ok(None);
        };
        let found: String = row.get(0);
        let clean_text: String = row.get(3);
        let source_text: String = row.get::<_, Option<String>>(2).unwrap_or_else(|| clean_text.clone());
        let article = full_article(row.get(1), source_text, clean_text)
            .map_err(|error| self.corrupt(&found, format!("article JSON: {error}")))?;
        let sources = client
            .query(
                "SELECT path, member, byte_offset FROM sources WHERE article_id = $1 ORDER BY path, member",
                &[&found],
            )
            .map_err(failed())?
            .iter()
            .map(|row| {
                let member: String = row.get(1);
                let offset: Option<i64> = row.get(2);
                SourceRef {
                    path: row.get(0),
                    member: (!member.is_empty()).then_some(member),
                    offset: offset.and_then(|offset| u64::try_from(offset).ok()),
                }
            })
            .collect();
        let copy_of = client
            .query_opt("SELECT copy_of, similarity FROM copies WHERE article_id = $1", &[&found])
            .map_err(failed())?
            .map(|row| (ArticleId::from_string(row.get(0)), row.get::<_, f64>(1) as f32));
        let mut copies: Vec<(ArticleId, f32)> = copy_of.iter().cloned().collect();
        copies.extend(copies_of(&mut *client, &found).map_err(failed())?);
        Ok(Some(StoredArticle { article, sources, copy_of, copies }))
    }

    fn list(&self, filter: &ListFilter) -> Result<Vec<ArticleSummary>> {
        let mut values: Vec<Box<dyn ToSql + Sync>> = Vec::new();
        let conditions = filter_sql(filter, &mut values)?;
        let where_clause =
            if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
        let paging = paging_sql(filter, &mut values);
        let sql = format!("SELECT {SUMMARY_COLUMNS} FROM articles a {where_clause} ORDER BY a.published IS NULL, a.published DESC, a.id {paging}");
        let parameters: Vec<&(dyn ToSql + Sync)> = values.iter().map(|value| &**value).collect();
        let rows = self.client().query(&sql, &parameters).map_err(self.failed("listing articles"))?;
        Ok(rows.iter().map(summary_from_row).collect())
    }

    fn search(&self, query: &str, filter: &ListFilter) -> Result<Vec<SearchHit>> {
        self.search_cancellable(query, filter, &std::sync::Arc::default())
    }

    /// PostgreSQL stops a running query when asked on a second connection (its cancel key), so
    /// a watcher thread sends that request as soon as `cancel` is set, and leaves the moment the
    /// query ends.
    fn search_cancellable(
        &self,
        query: &str,
        filter: &ListFilter,
        cancel: &std::sync::Arc<std::sync::atomic::AtomicBool>,
    ) -> Result<Vec<SearchHit>> {
        let gone = || Error::TooCostly { query: query.to_owned(), spent: "until the client left".to_owned() };
        if query.trim().is_empty() {
            return Ok(Vec::new());
        }
        if cancel.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(gone());
        }
        let marker = |text: &str| text.replace('"', "");
        let options = format!(
            "StartSel=\"{}\", StopSel=\"{}\", MaxWords=24, MinWords=12, ShortWord=0, HighlightAll=false",
            marker(&self.snippet_open),
            marker(&self.snippet_close)
        );
        let mut values: Vec<Box<dyn ToSql + Sync>> = vec![Box::new(pg_text(query).into_owned()), Box::new(options)];
        let conditions = filter_sql(filter, &mut values)?;
        let extra: String = conditions.iter().map(|condition| format!(" AND {condition}")).collect();
        let paging = paging_sql(filter, &mut values);
        // ts_rank's weights are {D, C, B, A}: the title (A) counts ten times the body (B).
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS},
                    ts_headline('simple', coalesce(a.title || E'\\n', '') || a.clean_text, q, $2),
                    ts_rank('{{0, 0, 0.1, 1.0}}', a.search, q)::float8 AS rank
             FROM articles a, websearch_to_tsquery('simple', $1) q
             WHERE a.search @@ q{extra}
             ORDER BY rank DESC, a.id {paging}"
        );
        let parameters: Vec<&(dyn ToSql + Sync)> = values.iter().map(|value| &**value).collect();
        // The server stops the query past the budget's time (PostgreSQL counts no steps); LOCAL
        // keeps the timeout to this transaction.
        let timeout_ms = self.search_budget.time.as_millis().clamp(1, i32::MAX as u128);
        let action = format!("searching for {query:?}");
        let mut client = self.client();
        let run = |client: &mut Client| -> Result<Vec<postgres::Row>, postgres::Error> {
            let mut tx = client.transaction()?;
            tx.batch_execute(&format!("SET LOCAL statement_timeout = {timeout_ms}"))?;
            let rows = tx.query(&sql, &parameters)?;
            tx.commit()?;
            Ok(rows)
        };
        let token = client.cancel_token();
        let (finished, wait) = std::sync::mpsc::channel::<()>();
        let result = std::thread::scope(|scope| {
            scope.spawn(move || {
                // Ends when the query ends (the sender is dropped) or after asking to cancel it.
                while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                    wait.recv_timeout(std::time::Duration::from_millis(25))
                {
                    if cancel.load(std::sync::atomic::Ordering::Relaxed) {
                        let _ = token.cancel_query(NoTls);
                        return;
                    }
                }
            });
            let result = run(&mut client);
            drop(finished);
            result
        });
        let rows = match result {
            Ok(rows) => rows,
            Err(error)
                if error.code() == Some(&postgres::error::SqlState::QUERY_CANCELED)
                    && cancel.load(std::sync::atomic::Ordering::Relaxed) =>
            {
                return Err(gone());
            }
            Err(error) if error.code() == Some(&postgres::error::SqlState::QUERY_CANCELED) => {
                return Err(Error::TooCostly {
                    query: query.to_owned(),
                    spent: format!("{:?}", self.search_budget.time),
                });
            }
            Err(error) => return Err(self.failed(action)(error)),
        };
        Ok(rows
            .iter()
            .map(|row| SearchHit { article: summary_from_row(row), snippet: row.get(7), score: row.get(8) })
            .collect())
    }

    fn annotations(&self, id: &ArticleId, schema: &str) -> Result<Option<String>> {
        let failed = self.failed(format!("reading {schema} annotations of article {id}"));
        let row = self
            .client()
            .query_opt("SELECT json FROM annotations WHERE article_id = $1 AND schema = $2", &[&id.as_str(), &schema])
            .map_err(failed)?;
        Ok(row.map(|row| row.get(0)))
    }

    fn all_annotations(&self, schema: &str) -> Result<Vec<(ArticleId, String)>> {
        let rows = self
            .client()
            .query("SELECT article_id, json FROM annotations WHERE schema = $1 ORDER BY article_id", &[&schema])
            .map_err(self.failed(format!("reading {schema} annotations")))?;
        Ok(rows.iter().map(|row| (ArticleId::from_string(row.get(0)), row.get(1))).collect())
    }

    fn article_count(&self) -> Result<u64> {
        let row =
            self.client().query_one("SELECT count(*) FROM articles", &[]).map_err(self.failed("counting articles"))?;
        Ok(row.get::<_, i64>(0).max(0) as u64)
    }

    fn stats(&self) -> Result<Stats> {
        let row = self
            .client()
            .query_one(
                "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM sources), (SELECT count(*) FROM copies),
                        (SELECT count(*) FROM publications), (SELECT count(DISTINCT outlet_key) FROM articles WHERE outlet_key IS NOT NULL),
                        (SELECT count(*) FROM tombstones), (SELECT count(*) FROM annotations)",
                &[],
            )
            .map_err(self.failed("counting"))?;
        let count = |index: usize| row.get::<_, i64>(index).max(0) as u64;
        Ok(Stats {
            articles: count(0),
            sources: count(1),
            near_duplicates: count(2),
            publications: count(3),
            outlets: count(4),
            tombstones: count(5),
            annotations: count(6),
        })
    }

    fn articles_from_source(&self, source: &SourceRef) -> Result<Vec<ArticleId>> {
        let failed = self.failed(format!("finding the articles stored from {source}"));
        let rows = self
            .client()
            .query(
                "SELECT article_id FROM sources WHERE path = $1 AND member = $2 ORDER BY article_id",
                &[
                    &pg_text(&hearsay_store::keys::source_path(&source.path)),
                    &pg_text(source.member.as_deref().unwrap_or("")),
                ],
            )
            .map_err(failed)?;
        Ok(rows.iter().map(|row| ArticleId::from_string(row.get(0))).collect())
    }

    /// Sets the markers that [`Backend::search`] puts around matched words in snippets.
    fn set_snippet_markers(&mut self, open: &str, close: &str) {
        self.snippet_open = open.to_owned();
        self.snippet_close = close.to_owned();
    }

    fn set_search_budget(&mut self, budget: SearchBudget) {
        self.search_budget = budget;
    }

    fn ledger_state(&self, name: &str) -> Result<Option<String>> {
        self.read_ledger_state(name)
    }

    fn ledger_writer(&mut self) -> Result<Box<dyn LedgerWrite + '_>> {
        Ok(Box::new(self.start_ledger_writer()?))
    }

    fn ledger_items(&self) -> Result<Vec<LedgerItem>> {
        self.read_ledger_items()
    }

    fn ledger_edges(&self) -> Result<Vec<LedgerEdge>> {
        self.read_ledger_edges()
    }

    fn all_copies(&self) -> Result<Vec<(ArticleId, ArticleId)>> {
        self.read_all_copies()
    }

    fn ledger_reset(&mut self) -> Result<()> {
        self.reset_ledger()
    }

    fn ledger_proposition(&self, name: &str) -> Result<Option<hearsay_store::StoredProposition>> {
        self.read_ledger_proposition(name)
    }

    fn ledger_proposition_items(&self, root: &str) -> Result<Vec<LedgerItem>> {
        self.read_ledger_proposition_items(root)
    }

    fn ledger_propositions_page(
        &self,
        order: hearsay_store::PropositionOrder,
        offset: usize,
        limit: usize,
    ) -> Result<(usize, Vec<hearsay_store::StoredProposition>)> {
        self.read_ledger_propositions_page(order, &hearsay_store::PropositionPageFilter::default(), offset, limit)
    }

    fn ledger_propositions_filtered(
        &self,
        order: hearsay_store::PropositionOrder,
        filter: &hearsay_store::PropositionPageFilter,
        offset: usize,
        limit: usize,
    ) -> Result<(usize, Vec<hearsay_store::StoredProposition>)> {
        self.read_ledger_propositions_page(order, filter, offset, limit)
    }

    fn ledger_proposition_summary(&self, root: &str) -> Result<Option<hearsay_store::PropositionSummaryRow>> {
        self.read_ledger_proposition_summary(root)
    }

    fn ledger_edges_of(&self, keys: &[String]) -> Result<Vec<LedgerEdge>> {
        self.read_ledger_edges_of(keys)
    }

    fn ledger_items_each(&self, prefix: &str, each: &mut dyn FnMut(LedgerItem)) -> Result<()> {
        self.read_ledger_items_with_prefix(prefix, each)
    }

    fn ledger_keys_with_term(&self, term: &str) -> Result<Vec<String>> {
        self.read_ledger_keys_with_term(term)
    }

    fn ledger_propositions_text_like(&self, words: &str) -> Result<Vec<String>> {
        self.read_ledger_propositions_text_like(words)
    }

    fn ledger_items_keyed(&self, keys: &[String]) -> Result<Vec<LedgerItem>> {
        self.read_ledger_items_keyed(keys)
    }

    fn copy_of(&self, id: &str) -> Result<Option<ArticleId>> {
        self.read_copy_of(id)
    }

    // query layer
    fn annotations_where(&self, schema: &str, filter: &ListFilter) -> Result<Vec<(ArticleId, String)>> {
        let mut values: Vec<Box<dyn ToSql + Sync>> = vec![Box::new(schema.to_owned())];
        let conditions: String =
            filter_sql(filter, &mut values)?.iter().map(|condition| format!(" AND {condition}")).collect();
        let sql = format!("SELECT n.article_id, n.json FROM annotations n JOIN articles a ON a.id = n.article_id WHERE n.schema = $1{conditions} ORDER BY n.article_id");
        let parameters: Vec<&(dyn ToSql + Sync)> = values.iter().map(|value| &**value).collect();
        let rows =
            self.client().query(&sql, &parameters).map_err(self.failed(format!("reading {schema} annotations")))?;
        Ok(rows.iter().map(|row| (ArticleId::from_string(row.get(0)), row.get(1))).collect())
    }

    // followed sources
    fn followed_sources(&self) -> Result<Vec<FollowedSource>> {
        self.read_followed_sources()
    }

    fn followed_source(&self, url: &str) -> Result<Option<FollowedSource>> {
        self.read_followed_source(url)
    }

    fn put_followed_source(&mut self, source: &FollowedSource) -> Result<()> {
        self.write_followed_source(source)
    }
}

/// Applies the migrations the database has not had, under an advisory lock so that workers
/// starting together migrate once.
fn migrate(client: &mut Client) -> Result<(), postgres::Error> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&(WRITE_LOCK + 1)])?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS hearsay_schema (version INTEGER PRIMARY KEY)")?;
    let found: i32 = tx.query_one("SELECT coalesce(max(version), 0) FROM hearsay_schema", &[])?.get(0);
    for (index, step) in MIGRATIONS.iter().enumerate().skip(usize::try_from(found).unwrap_or(0)) {
        tx.batch_execute(step)?;
        let version = i32::try_from(index + 1).expect("fewer than 2^31 migrations");
        tx.execute("INSERT INTO hearsay_schema (version) VALUES ($1)", &[&version])?;
    }
    tx.commit()
}

/// Columns of an [`ArticleSummary`], in the order `summary_from_row` reads them.
const SUMMARY_COLUMNS: &str = "a.id, a.title, a.published, a.outlet, a.url, a.language, a.input_format";

fn summary_from_row(row: &Row) -> ArticleSummary {
    ArticleSummary {
        id: ArticleId::from_string(row.get(0)),
        title: row.get(1),
        published: row.get(2),
        outlet: row.get(3),
        url: row.get(4),
        language: row.get(5),
        input: row.get(6),
    }
}

/// What an article needs for storing that can be computed outside the transaction.
struct Prepared {
    signature: Signature,
    band_keys: Vec<i64>,
    article_json: String,
    removed_json: String,
    diagnostics_json: String,
}

impl PgStore {
    fn prepare(&self, article: &Article) -> Result<Prepared> {
        let id = article.id.as_str();
        let signature = self.hasher.signature(article.text.as_str());
        let article_json =
            article_json(article).map_err(|error| self.corrupt(id, format!("encoding as JSON: {error}")))?;
        let removed_json = serde_json::to_string(&article.removed)
            .map_err(|error| self.corrupt(id, format!("encoding removals: {error}")))?;
        let diagnostics_json = serde_json::to_string(&article.diagnostics)
            .map_err(|error| self.corrupt(id, format!("encoding diagnostics: {error}")))?;
        // Band keys are u64 hashes; BIGINT holds their bits, as SQLite's INTEGER does.
        let band_keys = signature.band_keys().into_iter().map(|key| key as i64).collect();
        Ok(Prepared { signature, band_keys, article_json, removed_json, diagnostics_json })
    }
}

/// Whether `article.source` is the source the stored article was first read from.
fn is_first_source(tx: &mut Transaction<'_>, article: &Article) -> Result<bool, postgres::Error> {
    let source = &article.source;
    let row = tx.query_opt(
        "SELECT (article_json::jsonb -> 'source' ->> 'path') IS NOT DISTINCT FROM $2
             AND (article_json::jsonb -> 'source' ->> 'member') IS NOT DISTINCT FROM $3
         FROM articles WHERE id = $1",
        &[&article.id.as_str(), &pg_text(&source.path), &source.member.as_deref().map(pg_text)],
    )?;
    Ok(row.is_some_and(|row| row.get::<_, Option<bool>>(0).unwrap_or(false)))
}

fn insert_one(
    tx: &mut Transaction<'_>,
    article: &Article,
    prepared: &Prepared,
    ingested_at: Option<&str>,
) -> Result<Inserted, postgres::Error> {
    let id = article.id.as_str();
    if tx.query_opt("SELECT 1 FROM articles WHERE id = $1", &[&id])?.is_some() {
        insert_source(tx, id, &article.source)?;
        return Ok(Inserted::Existing);
    }
    let metadata = &article.metadata;
    if let Some(at_uri) = &metadata.at_uri {
        // A record deleted upstream stays deleted when its create event is read again.
        if tx.query_opt("SELECT 1 FROM tombstones WHERE at_uri = $1", &[&pg_text(at_uri)])?.is_some() {
            return Ok(Inserted::Existing);
        }
    }
    let copy_of = find_copy_of(tx, &prepared.signature, &prepared.band_keys, i64::MAX)?;
    let outlet_key = metadata.outlet.as_deref().map(outlet_key);
    let source_text = (article.source_text != article.text.as_str()).then(|| pg_text(&article.source_text));
    let signature = (!prepared.signature.is_empty()).then(|| prepared.signature.to_bytes());
    let row = tx.query_one(
        "INSERT INTO articles (id, title, published, outlet, outlet_key, url, language, input_format, source_text, clean_text,
             removed_json, diagnostics_json, at_uri, ingested_at, signature, article_json)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING seq",
        &[
            &id,
            &metadata.title.as_deref().map(pg_text),
            &metadata.published.as_deref().map(pg_text),
            &metadata.outlet.as_deref().map(pg_text),
            &outlet_key.as_deref().map(pg_text),
            &metadata.url.as_deref().map(pg_text),
            &metadata.language.as_deref().map(pg_text),
            &article.input.name(),
            &source_text,
            &pg_text(article.text.as_str()),
            &pg_text(&prepared.removed_json),
            &pg_text(&prepared.diagnostics_json),
            &metadata.at_uri.as_deref().map(pg_text),
            &ingested_at.map(pg_text),
            &signature,
            &prepared.article_json,
        ],
    )?;
    let seq: i64 = row.get(0);
    tx.execute(
        "INSERT INTO bands (band_key, article_seq) SELECT unnest($1::BIGINT[]), $2 ON CONFLICT DO NOTHING",
        &[&prepared.band_keys, &seq],
    )?;
    insert_source(tx, id, &article.source)?;
    match copy_of {
        Some((original, similarity)) => {
            tx.execute(
                "INSERT INTO copies (article_id, copy_of, similarity) VALUES ($1, $2, $3) ON CONFLICT (article_id) DO UPDATE SET copy_of = excluded.copy_of, similarity = excluded.similarity",
                &[&id, &original, &f64::from(similarity)],
            )?;
            Ok(Inserted::NearDuplicate { of: ArticleId::from_string(original), similarity })
        }
        None => Ok(Inserted::New),
    }
}

/// The earliest stored article (stored before `before`) whose signature is at least
/// [`NEAR_DUPLICATE_THRESHOLD`] similar, among those sharing a band key.
fn find_copy_of(
    tx: &mut Transaction<'_>,
    signature: &Signature,
    band_keys: &[i64],
    before: i64,
) -> Result<Option<(String, f32)>, postgres::Error> {
    let rows = tx.query(
        "SELECT a.id, a.signature FROM articles a
         WHERE a.seq IN (SELECT article_seq FROM bands WHERE band_key = ANY($1) AND article_seq < $2)
         ORDER BY a.seq",
        &[&band_keys, &before],
    )?;
    for row in rows {
        let Some(stored) = row.get::<_, Option<&[u8]>>(1).and_then(Signature::from_bytes) else { continue };
        let similarity = signature.similarity(&stored);
        if similarity >= NEAR_DUPLICATE_THRESHOLD {
            return Ok(Some((row.get(0), similarity)));
        }
    }
    Ok(None)
}

fn insert_source(tx: &mut Transaction<'_>, id: &str, source: &SourceRef) -> Result<bool, postgres::Error> {
    let offset = source.offset.map(|offset| offset as i64);
    let changed = tx.execute(
        "INSERT INTO sources (article_id, path, member, byte_offset) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        &[
            &id,
            &pg_text(&hearsay_store::keys::source_path(&source.path)),
            &pg_text(source.member.as_deref().unwrap_or("")),
            &offset,
        ],
    )?;
    Ok(changed > 0)
}

fn copies_of(client: &mut impl GenericClient, id: &str) -> Result<Vec<(ArticleId, f32)>, postgres::Error> {
    let rows = client.query(
        "SELECT article_id, similarity FROM copies WHERE copy_of = $1 ORDER BY similarity DESC, article_id",
        &[&id],
    )?;
    Ok(rows.iter().map(|row| (ArticleId::from_string(row.get(0)), row.get::<_, f64>(1) as f32)).collect())
}

fn delete_in(tx: &mut Transaction<'_>, at_uri: &str) -> Result<bool, postgres::Error> {
    tx.execute("INSERT INTO tombstones (at_uri) VALUES ($1) ON CONFLICT DO NOTHING", &[&at_uri])?;
    let victims = tx.query("SELECT seq, id, signature FROM articles WHERE at_uri = $1 ORDER BY seq", &[&at_uri])?;
    for victim in &victims {
        let seq: i64 = victim.get(0);
        let id: String = victim.get(1);
        // Band keys are found again from the signature, so `bands` needs no index by article.
        if let Some(signature) = victim.get::<_, Option<&[u8]>>(2).and_then(Signature::from_bytes) {
            let band_keys: Vec<i64> = signature.band_keys().into_iter().map(|key| key as i64).collect();
            tx.execute("DELETE FROM bands WHERE band_key = ANY($1) AND article_seq = $2", &[&band_keys, &seq])?;
        }
        let orphans: Vec<String> = tx
            .query("SELECT article_id FROM copies WHERE copy_of = $1", &[&id])?
            .iter()
            .map(|row| row.get(0))
            .collect();
        // The ledger forgets the article and re-reads its copies (before the links go).
        ledger::invalidate(tx, seq, true)?;
        tx.execute("DELETE FROM copies WHERE article_id = $1 OR copy_of = $1", &[&id])?;
        tx.execute("DELETE FROM sources WHERE article_id = $1", &[&id])?;
        tx.execute("DELETE FROM annotations WHERE article_id = $1", &[&id])?;
        tx.execute("DELETE FROM articles WHERE seq = $1", &[&seq])?;
        relink(tx, &orphans)?;
    }
    Ok(!victims.is_empty())
}

/// Links the former copies of a deleted article again, each to the earliest remaining article
/// stored before it that it nearly duplicates, as the embedded store does.
fn relink(tx: &mut Transaction<'_>, orphans: &[String]) -> Result<(), postgres::Error> {
    let mut by_seq: Vec<(i64, String, Signature)> = Vec::new();
    for id in orphans {
        if let Some(row) = tx.query_opt("SELECT seq, signature FROM articles WHERE id = $1", &[id])? {
            if let Some(signature) = row.get::<_, Option<&[u8]>>(1).and_then(Signature::from_bytes) {
                by_seq.push((row.get(0), id.clone(), signature));
            }
        }
    }
    by_seq.sort_by_key(|(seq, _, _)| *seq);
    for (seq, id, signature) in by_seq {
        let band_keys: Vec<i64> = signature.band_keys().into_iter().map(|key| key as i64).collect();
        if let Some((original, similarity)) = find_copy_of(tx, &signature, &band_keys, seq)? {
            tx.execute(
                "INSERT INTO copies (article_id, copy_of, similarity) VALUES ($1, $2, $3) ON CONFLICT (article_id) DO UPDATE SET copy_of = excluded.copy_of, similarity = excluded.similarity",
                &[&id, &original, &f64::from(similarity)],
            )?;
        }
    }
    Ok(())
}

/// SQL conditions (on `articles a`) for a filter, their values appended to `values`.
fn filter_sql(filter: &ListFilter, values: &mut Vec<Box<dyn ToSql + Sync>>) -> Result<Vec<String>> {
    let mut conditions = Vec::new();
    if let Some(outlet) = &filter.outlet {
        values.push(Box::new(pg_text(&outlet_key(outlet)).into_owned()));
        conditions.push(format!("a.outlet_key = ${}", values.len()));
    }
    if let Some(since) = &filter.since {
        check_date(since)?;
        values.push(Box::new(since.clone()));
        conditions.push(format!("a.published >= ${}", values.len()));
    }
    if let Some(until) = &filter.until {
        check_date(until)?;
        values.push(Box::new(until_bound(until)));
        conditions.push(format!("a.published <= ${}", values.len()));
    }
    Ok(conditions)
}

/// `LIMIT $n OFFSET $m`, a NULL limit meaning none.
fn paging_sql(filter: &ListFilter, values: &mut Vec<Box<dyn ToSql + Sync>>) -> String {
    let limit: Option<i64> = (filter.limit > 0).then(|| i64::try_from(filter.limit).unwrap_or(i64::MAX));
    values.push(Box::new(limit));
    values.push(Box::new(i64::try_from(filter.offset).unwrap_or(i64::MAX)));
    format!("LIMIT ${} OFFSET ${}", values.len() - 1, values.len())
}

/// PostgreSQL text cannot hold NUL; it becomes U+FFFD in columns (the article JSON keeps it).
fn pg_text(text: &str) -> Cow<'_, str> {
    if text.contains('\0') {
        Cow::Owned(text.replace('\0', "\u{FFFD}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The article as JSON without its two big strings, which have columns of their own, unless
/// one holds a NUL that its column cannot: then the JSON keeps them and wins on reading
/// ([`full_article`]).
fn article_json(article: &Article) -> serde_json::Result<String> {
    let keeps_nul = article.source_text.contains('\0') || article.text.as_str().contains('\0');
    if keeps_nul {
        // Through a `Value`, as the slim JSON is, so the keys come sorted either way.
        serde_json::to_string(&serde_json::to_value(article)?)
    } else {
        slim_article_json(article)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_is_replaced_only_where_present() {
        assert!(matches!(pg_text("Moscow denied it."), Cow::Borrowed(_)));
        assert_eq!(pg_text("a\0b"), "a\u{FFFD}b");
    }
}
