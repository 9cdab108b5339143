//! The ledger's derived state on the server: the embedded store's `ledger_*` tables and
//! semantics (`crates/store/src/ledger.rs` says what they hold), so that `hearsay ledger`,
//! `stories`, `entity` and `serve` read the same ledger from either store.
//!
//! A ledger update is one transaction that holds the store's write lock from its first read: an
//! ingest in another process waits for it, and so cannot change an article's claims between the
//! moment the update reads them and the moment it marks them read. Since batches are stored
//! under the same lock, articles become visible in `seq` order, and reading past a watermark
//! misses none.

use std::cell::RefCell;
use std::collections::BTreeSet;

use hearsay_article::ArticleId;
use hearsay_store::{Error, LedgerArticle, LedgerEdge, LedgerItem, LedgerWrite, Result};
use postgres::{Row, Transaction};

use crate::{PgStore, WRITE_LOCK};

/// One ledger update on the server (see [`LedgerWrite`]).
pub(crate) struct PgLedgerWriter<'a> {
    tx: RefCell<Transaction<'a>>,
    location: String,
    /// Edges not yet sent: one multi-row insert per article instead of a round trip per edge.
    /// Sent before anything that deletes edges, and before the commit.
    edges: RefCell<Vec<(String, String, String)>>,
}

impl<'a> PgLedgerWriter<'a> {
    pub(crate) fn start(client: &'a mut postgres::Client, location: String) -> Result<PgLedgerWriter<'a>> {
        fn begin(client: &mut postgres::Client) -> Result<Transaction<'_>, postgres::Error> {
            let mut tx = client.transaction()?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])?;
            Ok(tx)
        }
        let tx = begin(client).map_err(|source| Error::Server {
            location: location.clone(),
            action: "starting a ledger update".to_owned(),
            source: Box::new(source),
        })?;
        Ok(PgLedgerWriter { tx: RefCell::new(tx), location, edges: RefCell::new(Vec::new()) })
    }

    fn send_edges(&self) -> Result<()> {
        let edges = std::mem::take(&mut *self.edges.borrow_mut());
        if edges.is_empty() {
            return Ok(());
        }
        let (mut a, mut b, mut relation) =
            (Vec::with_capacity(edges.len()), Vec::with_capacity(edges.len()), Vec::with_capacity(edges.len()));
        for (one, other, what) in edges {
            a.push(one);
            b.push(other);
            relation.push(what);
        }
        self.run(
            || format!("storing {} ledger edges", a.len()),
            |tx| {
                tx.execute("INSERT INTO ledger_edges (a, b, relation) SELECT * FROM unnest($1::TEXT[], $2::TEXT[], $3::TEXT[]) ON CONFLICT DO NOTHING", &[&a, &b, &relation]).map(drop)
            },
        )
    }

    fn run<T>(
        &self,
        action: impl FnOnce() -> String,
        work: impl FnOnce(&mut Transaction<'a>) -> Result<T, postgres::Error>,
    ) -> Result<T> {
        work(&mut self.tx.borrow_mut()).map_err(|source| Error::Server {
            location: self.location.clone(),
            action: action(),
            source: Box::new(source),
        })
    }
}

fn item_from_row(row: &Row) -> LedgerItem {
    LedgerItem { key: row.get(0), article_seq: row.get(1), json: row.get(2), vector: row.get(3) }
}

impl LedgerWrite for PgLedgerWriter<'_> {
    fn pending(&self, watermark: i64, limit: usize, schema: &str) -> Result<Vec<LedgerArticle>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.run(
            || "listing articles the ledger has not read".to_owned(),
            |tx| {
                // Pending articles first, then those past the watermark: two indexed walks, so
                // that no batch sorts every unread annotation.
                let mut rows = tx.query(
                    "SELECT a.seq, a.id, a.title, a.outlet, a.published, n.json, c.copy_of
                       FROM ledger_pending p JOIN articles a ON a.seq = p.article_seq
                       LEFT JOIN annotations n ON n.article_id = a.id AND n.schema = $3
                       LEFT JOIN copies c ON c.article_id = a.id
                      WHERE p.article_seq <= $1
                      ORDER BY p.article_seq LIMIT $2",
                    &[&watermark, &limit, &schema],
                )?;
                let rest = limit - i64::try_from(rows.len()).unwrap_or(limit);
                if rest > 0 {
                    rows.extend(tx.query(
                        "SELECT a.seq, a.id, a.title, a.outlet, a.published, n.json, c.copy_of FROM articles a
                           LEFT JOIN annotations n ON n.article_id = a.id AND n.schema = $3
                           LEFT JOIN copies c ON c.article_id = a.id
                          WHERE a.seq > $1
                          ORDER BY a.seq LIMIT $2",
                        &[&watermark, &rest, &schema],
                    )?);
                }
                Ok(rows
                    .iter()
                    .map(|row| LedgerArticle {
                        seq: row.get(0),
                        id: ArticleId::from_string(row.get(1)),
                        title: row.get(2),
                        outlet: row.get(3),
                        published: row.get(4),
                        annotation: row.get(5),
                        copy_of: row.get::<_, Option<String>>(6).map(ArticleId::from_string),
                    })
                    .collect())
            },
        )
    }

    fn candidates(&self, terms: &[String], per_term: usize) -> Result<BTreeSet<String>> {
        // NULL: no limit.
        let limit: Option<i64> = (per_term > 0).then(|| i64::try_from(per_term).unwrap_or(i64::MAX));
        self.run(
            || "looking up ledger candidates".to_owned(),
            |tx| {
                Ok(tx
                    .query(
                        "SELECT DISTINCT k.key FROM unnest($1::text[]) AS t(term),
                           LATERAL (SELECT key FROM ledger_terms WHERE term = t.term ORDER BY key DESC LIMIT $2) AS k",
                        &[&terms, &limit],
                    )?
                    .iter()
                    .map(|row| row.get(0))
                    .collect())
            },
        )
    }

    fn item(&self, key: &str) -> Result<Option<LedgerItem>> {
        self.run(
            || format!("reading ledger item {key}"),
            |tx| {
                Ok(tx
                    .query_opt("SELECT key, article_seq, json, vector FROM ledger_items WHERE key = $1", &[&key])?
                    .as_ref()
                    .map(item_from_row))
            },
        )
    }

    fn items(&self, keys: &[String]) -> Result<Vec<LedgerItem>> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        self.run(
            || format!("reading {} ledger items", keys.len()),
            |tx| {
                Ok(tx
                    .query(
                        "SELECT key, article_seq, json, vector FROM ledger_items WHERE key = ANY($1) ORDER BY key",
                        &[&keys],
                    )?
                    .iter()
                    .map(item_from_row)
                    .collect())
            },
        )
    }

    fn items_with_prefix(&self, prefix: &str) -> Result<Vec<LedgerItem>> {
        let end = format!("{prefix}\u{10ffff}");
        self.run(
            || format!("reading ledger items {prefix}*"),
            |tx| Ok(tx.query("SELECT key, article_seq, json, vector FROM ledger_items WHERE key >= $1 AND key < $2 ORDER BY key", &[&prefix, &end])?.iter().map(item_from_row).collect()),
        )
    }

    fn put_item(&self, item: &LedgerItem, terms: &[String]) -> Result<()> {
        self.run(
            || format!("storing ledger item {}", item.key),
            |tx| {
                tx.execute(
                    "INSERT INTO ledger_items (key, article_seq, json, vector) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (key) DO UPDATE SET article_seq = excluded.article_seq, json = excluded.json, vector = excluded.vector",
                    &[&item.key, &item.article_seq, &item.json, &item.vector],
                )?;
                tx.execute("INSERT INTO ledger_terms (term, key) SELECT unnest($1::TEXT[]), $2 ON CONFLICT DO NOTHING", &[&terms, &item.key])?;
                Ok(())
            },
        )
    }

    fn put_edge(&self, a: &str, b: &str, relation: &str) -> Result<()> {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        let mut edges = self.edges.borrow_mut();
        edges.push((a.to_owned(), b.to_owned(), relation.to_owned()));
        if edges.len() >= 4096 {
            drop(edges);
            self.send_edges()?;
        }
        Ok(())
    }

    fn forget_article(&self, seq: i64) -> Result<()> {
        self.send_edges()?;
        self.run(|| format!("forgetting ledger items of article {seq}"), |tx| forget_seq(tx, seq))
    }

    fn mark_read(&self, seq: i64) -> Result<()> {
        self.run(
            || format!("marking article {seq} read by the ledger"),
            |tx| tx.execute("DELETE FROM ledger_pending WHERE article_seq = $1", &[&seq]).map(drop),
        )
    }

    fn set_state(&self, name: &str, value: &str) -> Result<()> {
        self.run(
            || format!("setting ledger state {name}"),
            |tx| tx.execute("INSERT INTO ledger_state (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value", &[&name, &value]).map(drop),
        )
    }

    fn commit(self: Box<Self>) -> Result<()> {
        self.send_edges()?;
        let location = self.location;
        self.tx.into_inner().commit().map_err(|source| Error::Server {
            location,
            action: "committing a ledger update".to_owned(),
            source: Box::new(source),
        })
    }
}

/// Drops an article's ledger items, their terms and every edge touching them.
pub(crate) fn forget_seq(tx: &mut Transaction<'_>, seq: i64) -> Result<(), postgres::Error> {
    let keys: Vec<String> = tx
        .query("SELECT key FROM ledger_items WHERE article_seq = $1", &[&seq])?
        .iter()
        .map(|row| row.get(0))
        .collect();
    if !keys.is_empty() {
        tx.execute("DELETE FROM ledger_terms WHERE key = ANY($1)", &[&keys])?;
        tx.execute("DELETE FROM ledger_edges WHERE a = ANY($1) OR b = ANY($1)", &[&keys])?;
        tx.execute("DELETE FROM ledger_items WHERE article_seq = $1", &[&seq])?;
    }
    Ok(())
}

/// As in the embedded store: when an article's claims change or it is deleted, the ledger
/// forgets what it read from it and from its near-duplicates (read against it), and queues them
/// to be read again (the deleted article itself excepted).
pub(crate) fn invalidate(tx: &mut Transaction<'_>, seq: i64, deleted: bool) -> Result<(), postgres::Error> {
    let copies: Vec<i64> = tx
        .query("SELECT a.seq FROM copies c JOIN articles a ON a.id = c.article_id WHERE c.copy_of = (SELECT id FROM articles WHERE seq = $1)", &[&seq])?
        .iter()
        .map(|row| row.get(0))
        .collect();
    for copy in copies.into_iter().chain(std::iter::once(seq)) {
        forget_seq(tx, copy)?;
        if deleted && copy == seq {
            tx.execute("DELETE FROM ledger_pending WHERE article_seq = $1", &[&copy])?;
        } else {
            tx.execute("INSERT INTO ledger_pending (article_seq) VALUES ($1) ON CONFLICT DO NOTHING", &[&copy])?;
        }
    }
    Ok(())
}

/// Forgets and queues the stored article `id` when `json` differs from its stored `schema` layer.
pub(crate) fn invalidate_if_changed(
    tx: &mut Transaction<'_>,
    id: &str,
    schema: &str,
    json: &str,
) -> Result<(), postgres::Error> {
    let stored = tx.query_opt(
        "SELECT a.seq, n.json FROM articles a LEFT JOIN annotations n ON n.article_id = a.id AND n.schema = $2 WHERE a.id = $1",
        &[&id, &schema],
    )?;
    if let Some(row) = stored {
        if row.get::<_, Option<&str>>(1) != Some(json) {
            invalidate(tx, row.get(0), false)?;
        }
    }
    Ok(())
}

impl PgStore {
    pub(crate) fn read_ledger_state(&self, name: &str) -> Result<Option<String>> {
        let failed = self.failed(format!("reading ledger state {name}"));
        Ok(self
            .client()
            .query_opt("SELECT value FROM ledger_state WHERE name = $1", &[&name])
            .map_err(failed)?
            .map(|row| row.get(0)))
    }

    pub(crate) fn read_ledger_items(&self) -> Result<Vec<LedgerItem>> {
        let failed = self.failed("reading the ledger items");
        Ok(self
            .client()
            .query("SELECT key, article_seq, json, vector FROM ledger_items ORDER BY key", &[])
            .map_err(failed)?
            .iter()
            .map(item_from_row)
            .collect())
    }

    pub(crate) fn read_ledger_edges(&self) -> Result<Vec<LedgerEdge>> {
        let failed = self.failed("reading the ledger edges");
        let rows = self
            .client()
            .query("SELECT a, b, relation FROM ledger_edges ORDER BY a, b, relation", &[])
            .map_err(failed)?;
        Ok(rows.iter().map(|row| LedgerEdge { a: row.get(0), b: row.get(1), relation: row.get(2) }).collect())
    }

    pub(crate) fn read_all_copies(&self) -> Result<Vec<(ArticleId, ArticleId)>> {
        let failed = self.failed("reading near-duplicate links");
        let rows =
            self.client().query("SELECT article_id, copy_of FROM copies ORDER BY article_id", &[]).map_err(failed)?;
        Ok(rows.iter().map(|row| (ArticleId::from_string(row.get(0)), ArticleId::from_string(row.get(1)))).collect())
    }

    pub(crate) fn reset_ledger(&mut self) -> Result<()> {
        let failed = self.failed("resetting the ledger");
        let mut client = self.client();
        let run = |client: &mut postgres::Client| -> Result<(), postgres::Error> {
            let mut tx = client.transaction()?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])?;
            tx.batch_execute("DELETE FROM ledger_items; DELETE FROM ledger_terms; DELETE FROM ledger_edges; DELETE FROM ledger_pending; DELETE FROM ledger_state;")?;
            tx.commit()
        };
        run(&mut client).map_err(failed)
    }

    pub(crate) fn start_ledger_writer(&mut self) -> Result<PgLedgerWriter<'_>> {
        let location = self.location.clone();
        let client = self.client.get_mut().unwrap_or_else(std::sync::PoisonError::into_inner);
        PgLedgerWriter::start(client, location)
    }
}
