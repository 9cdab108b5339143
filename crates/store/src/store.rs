//! The `Store`: opening and migrating the database, and every write (articles, sources,
//! publications, deletions, annotations).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use hearsay_article::{Article, ArticleId, Publication, SourceRef};
use hearsay_link::{MinHasher, Signature, NEAR_DUPLICATE_THRESHOLD};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::error::{Context, Error, Result};
use crate::keys::{outlet_key, publication_key, slim_article_json};
use crate::schema::{latest_version, MIGRATIONS};
use crate::types::Inserted;

/// An open hearsay store: one SQLite file in WAL mode.
///
/// Writes take `&mut self`; one process writes at a time (SQLite locks the file), and readers in
/// other processes see each committed batch whole.
#[derive(Debug)]
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
    hasher: MinHasher,
    pub(crate) snippet_open: String,
    pub(crate) snippet_close: String,
    pub(crate) search_budget: crate::types::SearchBudget,
}

impl Store {
    /// Opens the store at `path`, creating the file and its parent folders if needed, and
    /// migrating the schema to the current version.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .map_err(|source| Error::CreateDir { path: parent.to_path_buf(), source })?;
        }
        let conn = Connection::open(path).map_err(|source| Error::Open { path: path.to_path_buf(), source })?;
        Store::set_up(conn, path.to_path_buf())
    }

    /// A store in memory, gone when dropped: for tests and one-off runs.
    pub fn open_in_memory() -> Result<Store> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|source| Error::Open { path: path.clone(), source })?;
        Store::set_up(conn, path)
    }

    fn set_up(conn: Connection, path: PathBuf) -> Result<Store> {
        let open_error = |source| Error::Open { path: path.clone(), source };
        // WAL: readers never block the writer, and a killed writer leaves the last committed
        // batch intact. synchronous=NORMAL in WAL mode can lose the last commits on power loss
        // but never corrupts the file; a rerun redoes them.
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0)).map_err(open_error)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(open_error)?;
        // In WAL mode with synchronous=NORMAL only checkpoints fsync. Checkpointing every 8,192
        // pages (32 MiB) rather than every 1,000 cut the wall time of an 11,000-article ingest by a
        // third (10.0 s to 6.8 s), at the cost of a WAL file up to that size between checkpoints.
        conn.pragma_update(None, "wal_autocheckpoint", 8_192).map_err(open_error)?;
        conn.busy_timeout(Duration::from_secs(10)).map_err(open_error)?;
        // Band keys are random, so inserting them touches pages all over their B-tree; a 32 MiB
        // page cache (the default is 2 MiB) keeps those pages in memory between batches.
        conn.pragma_update(None, "cache_size", -32_768).map_err(open_error)?;
        conn.set_prepared_statement_cache_capacity(64);
        let mut store = Store {
            conn,
            path,
            hasher: MinHasher::new(),
            snippet_open: "[".to_owned(),
            snippet_close: "]".to_owned(),
            search_budget: crate::types::SearchBudget::default(),
        };
        store.migrate()?;
        Ok(store)
    }

    /// Applies the migrations this store has not had, each in its own transaction.
    fn migrate(&mut self) -> Result<()> {
        let found: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|source| Error::Open { path: self.path.clone(), source })?;
        if found > latest_version() {
            return Err(Error::NewerSchema { path: self.path.clone(), found, supported: latest_version() });
        }
        for (index, step) in MIGRATIONS.iter().enumerate().skip(usize::try_from(found).unwrap_or(0)) {
            let version = index + 1;
            let migrate_error = |source| Error::Migrate { path: self.path.clone(), version, source };
            let tx = self.conn.transaction().map_err(migrate_error)?;
            tx.execute_batch(step).map_err(migrate_error)?;
            // user_version is part of the database header, so it commits with the step.
            tx.pragma_update(None, "user_version", version as i64).map_err(migrate_error)?;
            tx.commit().map_err(migrate_error)?;
        }
        Ok(())
    }

    /// The file this store lives in (`:memory:` for an in-memory store).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open store.
    pub fn schema_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .context(&self.path, || "reading the schema version".to_owned())
    }

    /// Sets the markers that [`Store::search`] puts around matched words in snippets.
    pub fn set_snippet_markers(&mut self, open: &str, close: &str) {
        self.snippet_open = open.to_owned();
        self.snippet_close = close.to_owned();
    }

    /// Stores a batch of articles in one transaction, with no `ingested_at` time.
    ///
    /// See [`Store::insert_batch_at`].
    pub fn insert_batch(&mut self, items: &[Article]) -> Result<Vec<Inserted>> {
        self.insert_batch_at(items, None)
    }

    /// Stores a batch of articles in one transaction, returning one outcome per article in order.
    ///
    /// An article whose id is already stored stores nothing but its source. A new article is
    /// compared, through its LSH band keys, with the stored articles that share one; if any has
    /// a MinHash similarity at or above [`NEAR_DUPLICATE_THRESHOLD`], the new article is stored
    /// and linked as a copy of the earliest stored one. Articles earlier in the batch count as
    /// stored. Either the whole batch is stored or, on an error or a crash, none of it.
    ///
    /// `ingested_at` is the caller's clock reading, stored as given; the store reads no clock.
    pub fn insert_batch_at(&mut self, items: &[Article], ingested_at: Option<&str>) -> Result<Vec<Inserted>> {
        self.insert_batch_annotated(items, None, ingested_at)
    }

    /// Like [`Store::insert_batch_at`], and in the same transaction stores (or replaces) one
    /// annotation layer per article: `layers` is `(schema, one JSON per article, in order)`.
    ///
    /// Writing the annotations with their article means a crash never leaves an article stored
    /// without its claims, and a rerun refreshes them.
    pub fn insert_batch_annotated(
        &mut self,
        items: &[Article],
        layers: Option<(&str, &[String])>,
        ingested_at: Option<&str>,
    ) -> Result<Vec<Inserted>> {
        if let Some((_, jsons)) = layers {
            assert_eq!(jsons.len(), items.len(), "one annotation per article (a caller bug otherwise)");
        }
        // Signatures and JSON are pure work: do them before taking the write lock.
        let prepared: Vec<PreparedArticle> =
            items.iter().map(|article| self.prepare(article)).collect::<Result<_>>()?;
        let path = self.path.clone();
        let action = || format!("inserting a batch of {} articles", items.len());
        let tx = self.conn.transaction().context(&path, action)?;
        let mut outcomes = Vec::with_capacity(items.len());
        for (article, prepared) in items.iter().zip(&prepared) {
            let outcome = insert_one(&tx, article, prepared, ingested_at)
                .context(&path, || format!("inserting article {} from {}", article.id, article.source))?;
            outcomes.push(outcome);
        }
        if let Some((schema, jsons)) = layers {
            let mut statement = tx
                .prepare_cached("INSERT OR REPLACE INTO annotations (article_id, schema, json) SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?1)")
                .context(&path, action)?;
            for ((article, json), outcome) in items.iter().zip(jsons).zip(&outcomes) {
                let what = || format!("storing {schema} annotations of article {}", article.id);
                if *outcome == Inserted::Existing {
                    // Another file holding text already stored keeps the claims read from the
                    // article's first source (whose path they carry); rereading that same
                    // source refreshes them.
                    if !is_first_source(&tx, article).context(&path, what)? {
                        continue;
                    }
                    invalidate_if_changed(&tx, &article.id, schema, json).context(&path, what)?;
                }
                statement.execute(params![article.id.as_str(), schema, json]).context(&path, what)?;
            }
        }
        tx.commit().context(&path, action)?;
        Ok(outcomes)
    }

    fn prepare(&self, article: &Article) -> Result<PreparedArticle> {
        let corrupt = |reason: String| Error::Corrupt { path: self.path.clone(), id: article.id.to_string(), reason };
        let signature = self.hasher.signature(article.text.as_str());
        let article_json = slim_article_json(article).map_err(|error| corrupt(format!("encoding as JSON: {error}")))?;
        let removed_json =
            serde_json::to_string(&article.removed).map_err(|error| corrupt(format!("encoding removals: {error}")))?;
        let diagnostics_json = serde_json::to_string(&article.diagnostics)
            .map_err(|error| corrupt(format!("encoding diagnostics: {error}")))?;
        Ok(PreparedArticle {
            band_keys: signature.band_keys(),
            signature,
            article_json,
            removed_json,
            diagnostics_json,
        })
    }

    /// Records that `source` produced article `id`. Returns true when the pair is new.
    ///
    /// [`Store::insert_batch`] records each article's own `source`; this is for callers that
    /// know more sources of an article than the one it carries.
    pub fn record_source(&mut self, id: &ArticleId, source: &SourceRef) -> Result<bool> {
        let action = || format!("recording source {source} of article {id}");
        let exists = self
            .conn
            .prepare_cached("SELECT 1 FROM articles WHERE id = ?1")
            .and_then(|mut statement| statement.exists([id.as_str()]))
            .context(&self.path, action)?;
        if !exists {
            return Err(Error::UnknownArticle { path: self.path.clone(), id: id.to_string() });
        }
        insert_source(&self.conn, id, source).context(&self.path, action)
    }

    /// The articles already stored from this file (and record): lets a rerun skip what it has.
    /// The offset is ignored.
    pub fn articles_from_source(&self, source: &SourceRef) -> Result<Vec<ArticleId>> {
        let run = || -> rusqlite::Result<Vec<ArticleId>> {
            let mut statement = self
                .conn
                .prepare_cached("SELECT article_id FROM sources WHERE path = ?1 AND member = ?2 ORDER BY article_id")?;
            let path = crate::keys::source_path(&source.path);
            let rows = statement
                .query_map(params![path, source.member.as_deref().unwrap_or("")], |row| row.get::<_, String>(0))?;
            rows.map(|id| id.map(ArticleId::from_string)).collect()
        };
        run().context(&self.path, || format!("looking up articles from {source}"))
    }

    /// Stores a publication (an outlet record), replacing an earlier one with the same `at://`
    /// URI, or with the same name when it has none.
    pub fn put_publication(&mut self, publication: &Publication) -> Result<()> {
        let key = publication_key(publication);
        self.conn
            .prepare_cached(
                "INSERT INTO publications (pub_key, at_uri, name, url, description, source_path, source_member)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (pub_key) DO UPDATE SET at_uri = excluded.at_uri, name = excluded.name, url = excluded.url,
                     description = excluded.description, source_path = excluded.source_path, source_member = excluded.source_member",
            )
            .and_then(|mut statement| {
                statement.execute(params![
                    key,
                    publication.at_uri,
                    publication.name,
                    publication.url,
                    publication.description,
                    publication.source.path,
                    publication.source.member
                ])
            })
            .context(&self.path, || format!("storing publication {:?}", publication.name))?;
        Ok(())
    }

    /// Applies a Jetstream deletion: removes every article with this `at://` URI (its text, FTS
    /// row, band keys, sources, annotations and near-duplicate links) and records a tombstone so
    /// that a later ingest of the same record does not bring it back. Returns true when an
    /// article was removed.
    pub fn delete_at_uri(&mut self, at_uri: &str) -> Result<bool> {
        let path = self.path.clone();
        let action = || format!("deleting {at_uri}");
        let tx = self.conn.transaction().context(&path, action)?;
        let deleted = delete_in(&tx, at_uri).context(&path, action)?;
        tx.commit().context(&path, action)?;
        Ok(deleted)
    }

    /// Stores (or replaces) the annotation layer `schema` of an article, as JSON.
    pub fn put_annotations(&mut self, id: &ArticleId, schema: &str, json: &str) -> Result<()> {
        let path = self.path.clone();
        let action = || format!("storing {schema} annotations of article {id}");
        let exists = self
            .conn
            .prepare_cached("SELECT 1 FROM articles WHERE id = ?1")
            .and_then(|mut statement| statement.exists([id.as_str()]))
            .context(&path, action)?;
        if !exists {
            return Err(Error::UnknownArticle { path, id: id.to_string() });
        }
        let tx = self.conn.transaction().context(&path, action)?;
        invalidate_if_changed(&tx, id, schema, json).context(&path, action)?;
        tx.prepare_cached("INSERT OR REPLACE INTO annotations (article_id, schema, json) VALUES (?1, ?2, ?3)")
            .and_then(|mut statement| statement.execute(params![id.as_str(), schema, json]))
            .context(&path, action)?;
        tx.commit().context(&path, action)?;
        Ok(())
    }

    /// The annotation layer `schema` of an article, if stored.
    pub fn annotations(&self, id: &ArticleId, schema: &str) -> Result<Option<String>> {
        self.conn
            .prepare_cached("SELECT json FROM annotations WHERE article_id = ?1 AND schema = ?2")
            .and_then(|mut statement| statement.query_row(params![id.as_str(), schema], |row| row.get(0)).optional())
            .context(&self.path, || format!("reading {schema} annotations of article {id}"))
    }
}

/// What an article needs for storing that can be computed outside the transaction.
struct PreparedArticle {
    signature: Signature,
    band_keys: Vec<u64>,
    article_json: String,
    removed_json: String,
    diagnostics_json: String,
}

fn insert_one(
    tx: &Transaction<'_>,
    article: &Article,
    prepared: &PreparedArticle,
    ingested_at: Option<&str>,
) -> rusqlite::Result<Inserted> {
    let id = article.id.as_str();
    let exists = tx.prepare_cached("SELECT 1 FROM articles WHERE id = ?1")?.exists([id])?;
    if exists {
        insert_source(tx, &article.id, &article.source)?;
        return Ok(Inserted::Existing);
    }
    if let Some(at_uri) = &article.metadata.at_uri {
        // A record deleted upstream stays deleted when its create event is read again.
        if tx.prepare_cached("SELECT 1 FROM tombstones WHERE at_uri = ?1")?.exists([at_uri])? {
            return Ok(Inserted::Existing);
        }
    }

    let copy_of = find_copy_of(tx, &prepared.signature, &prepared.band_keys, i64::MAX)?;

    let metadata = &article.metadata;
    tx.prepare_cached(
        "INSERT INTO articles (id, title, published, outlet, outlet_key, url, language, input_format, source_text, clean_text,
             removed_json, diagnostics_json, at_uri, ingested_at, signature, article_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        id,
        metadata.title,
        metadata.published,
        metadata.outlet,
        metadata.outlet.as_deref().map(outlet_key),
        metadata.url,
        metadata.language,
        article.input.name(),
        (article.source_text != article.text.as_str()).then_some(article.source_text.as_str()),
        article.text.as_str(),
        prepared.removed_json,
        prepared.diagnostics_json,
        metadata.at_uri,
        ingested_at,
        (!prepared.signature.is_empty()).then(|| prepared.signature.to_bytes()),
        prepared.article_json,
    ])?;
    let seq = tx.last_insert_rowid();
    {
        let mut band = tx.prepare_cached("INSERT OR IGNORE INTO bands (band_key, article_seq) VALUES (?1, ?2)")?;
        for &key in &prepared.band_keys {
            band.execute(params![key as i64, seq])?;
        }
    }
    insert_source(tx, &article.id, &article.source)?;
    match copy_of {
        Some((original, similarity)) => {
            tx.prepare_cached("INSERT OR REPLACE INTO copies (article_id, copy_of, similarity) VALUES (?1, ?2, ?3)")?
                .execute(params![id, original, f64::from(similarity)])?;
            Ok(Inserted::NearDuplicate { of: ArticleId::from_string(original), similarity })
        }
        None => Ok(Inserted::New),
    }
}

/// The earliest stored article (stored before `before`) whose signature is at least
/// [`NEAR_DUPLICATE_THRESHOLD`] similar, among those sharing a band key.
fn find_copy_of(
    tx: &Transaction<'_>,
    signature: &Signature,
    band_keys: &[u64],
    before: i64,
) -> rusqlite::Result<Option<(String, f32)>> {
    let mut candidates = BTreeSet::new();
    {
        let mut lookup = tx.prepare_cached("SELECT article_seq FROM bands WHERE band_key = ?1 AND article_seq < ?2")?;
        for &key in band_keys {
            let rows = lookup.query_map(params![key as i64, before], |row| row.get::<_, i64>(0))?;
            for seq in rows {
                candidates.insert(seq?);
            }
        }
    }
    let mut load = tx.prepare_cached("SELECT id, signature FROM articles WHERE seq = ?1")?;
    // BTreeSet iterates in ascending seq: the first match is the earliest stored.
    for seq in candidates {
        let Some((id, bytes)) = load
            .query_row([seq], |row| Ok((row.get::<_, String>(0)?, row.get::<_, Option<Vec<u8>>>(1)?)))
            .optional()?
        else {
            continue;
        };
        let Some(stored) = bytes.as_deref().and_then(Signature::from_bytes) else { continue };
        let similarity = signature.similarity(&stored);
        if similarity >= NEAR_DUPLICATE_THRESHOLD {
            return Ok(Some((id, similarity)));
        }
    }
    Ok(None)
}

/// When a stored article's annotation layer is about to be written and differs from what is
/// stored (or none was), the ledger must read the article again.
/// Whether `article.source` is the source the stored article was first read from.
fn is_first_source(tx: &Transaction<'_>, article: &Article) -> rusqlite::Result<bool> {
    let source = &article.source;
    let first: Option<bool> = tx
        .prepare_cached(
            "SELECT json_extract(article_json, '$.source.path') IS ?2 AND json_extract(article_json, '$.source.member') IS ?3 FROM articles WHERE id = ?1",
        )?
        .query_row(params![article.id.as_str(), source.path, source.member], |row| row.get(0))
        .optional()?;
    Ok(first.unwrap_or(false))
}

fn invalidate_if_changed(tx: &Transaction<'_>, id: &ArticleId, schema: &str, json: &str) -> rusqlite::Result<()> {
    let stored: Option<(i64, Option<String>)> = tx
        .prepare_cached("SELECT a.seq, n.json FROM articles a LEFT JOIN annotations n ON n.article_id = a.id AND n.schema = ?2 WHERE a.id = ?1")?
        .query_row(params![id.as_str(), schema], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    if let Some((seq, old)) = stored {
        if old.as_deref() != Some(json) {
            crate::ledger::invalidate(tx, seq, false)?;
        }
    }
    Ok(())
}

fn insert_source(conn: &Connection, id: &ArticleId, source: &SourceRef) -> rusqlite::Result<bool> {
    let changed = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO sources (article_id, path, member, byte_offset) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![
            id.as_str(),
            crate::keys::source_path(&source.path),
            source.member.as_deref().unwrap_or(""),
            source.offset.map(|offset| offset as i64)
        ])?;
    Ok(changed > 0)
}

fn delete_in(tx: &Transaction<'_>, at_uri: &str) -> rusqlite::Result<bool> {
    tx.prepare_cached("INSERT OR IGNORE INTO tombstones (at_uri) VALUES (?1)")?.execute([at_uri])?;
    let victims: Vec<(i64, String, Option<Vec<u8>>)> = {
        let mut statement =
            tx.prepare_cached("SELECT seq, id, signature FROM articles WHERE at_uri = ?1 ORDER BY seq")?;
        let rows = statement.query_map([at_uri], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (seq, id, signature) in &victims {
        // Band keys are found again from the signature, so `bands` needs no index by article.
        if let Some(signature) = signature.as_deref().and_then(Signature::from_bytes) {
            let mut remove = tx.prepare_cached("DELETE FROM bands WHERE band_key = ?1 AND article_seq = ?2")?;
            for key in signature.band_keys() {
                remove.execute(params![key as i64, seq])?;
            }
        }
        let orphans: Vec<String> = {
            let mut statement = tx.prepare_cached("SELECT article_id FROM copies WHERE copy_of = ?1")?;
            let rows = statement.query_map([id], |row| row.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        // The ledger forgets the article and re-reads its copies (before the links go).
        crate::ledger::invalidate(tx, *seq, true)?;
        tx.prepare_cached("DELETE FROM copies WHERE article_id = ?1 OR copy_of = ?1")?.execute([id])?;
        tx.prepare_cached("DELETE FROM sources WHERE article_id = ?1")?.execute([id])?;
        tx.prepare_cached("DELETE FROM annotations WHERE article_id = ?1")?.execute([id])?;
        // The delete trigger removes the FTS row.
        tx.prepare_cached("DELETE FROM articles WHERE seq = ?1")?.execute([seq])?;
        relink(tx, &orphans)?;
    }
    Ok(!victims.is_empty())
}

/// Links the former copies of a deleted article again, each to the earliest remaining article
/// stored before it that it nearly duplicates, as if the deleted one had never been stored. The
/// first of a group usually becomes the original of the rest.
fn relink(tx: &Transaction<'_>, orphans: &[String]) -> rusqlite::Result<()> {
    let mut by_seq: Vec<(i64, String, Signature)> = Vec::new();
    for id in orphans {
        let row = tx
            .prepare_cached("SELECT seq, signature FROM articles WHERE id = ?1")?
            .query_row([id], |row| Ok((row.get::<_, i64>(0)?, row.get::<_, Option<Vec<u8>>>(1)?)))
            .optional()?;
        if let Some((seq, Some(bytes))) = row {
            if let Some(signature) = Signature::from_bytes(&bytes) {
                by_seq.push((seq, id.clone(), signature));
            }
        }
    }
    by_seq.sort_by_key(|(seq, _, _)| *seq);
    for (seq, id, signature) in by_seq {
        if let Some((original, similarity)) = find_copy_of(tx, &signature, &signature.band_keys(), seq)? {
            tx.prepare_cached("INSERT OR REPLACE INTO copies (article_id, copy_of, similarity) VALUES (?1, ?2, ?3)")?
                .execute(params![id, original, f64::from(similarity)])?;
        }
    }
    Ok(())
}
