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
use hearsay_store::keys::{is_claim_key, proposition_name};
use hearsay_store::{
    Error, LedgerArticle, LedgerEdge, LedgerItem, LedgerWrite, PropositionOrder, PropositionPageFilter,
    PropositionSummaryRow, Result, StoredProposition,
};
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
                tx.execute("INSERT INTO ledger_edges (a, b, relation) SELECT * FROM unnest($1::TEXT[], $2::TEXT[], $3::TEXT[]) ON CONFLICT DO NOTHING", &[&a, &b, &relation])?;
                // A `same` edge between two stored claims joins their propositions (an edge to a
                // claim not stored yet is joined when that claim is).
                for ((a, b), _) in a.iter().zip(&b).zip(&relation).filter(|(_, what)| *what == SAME) {
                    join(tx, a, b)?;
                }
                Ok(())
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

fn proposition_from_row(row: &Row) -> StoredProposition {
    StoredProposition { root: row.get(0), name: row.get(1), seq: row.get(2), claims: row.get(3), last_seq: row.get(4) }
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

    fn put_item(&self, item: &LedgerItem, terms: &[String], alone: Option<&PropositionSummaryRow>) -> Result<()> {
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
        )?;
        if is_claim_key(&item.key) {
            // Its `same` edges are sent first: it joins its proposition through them.
            self.send_edges()?;
            self.run(
                || format!("storing the proposition of ledger item {}", item.key),
                |tx| {
                    if add_member(tx, &item.key, item.article_seq, alone)? {
                        for other in same_neighbours(tx, &item.key)? {
                            join(tx, &item.key, &other)?;
                        }
                    }
                    Ok(())
                },
            )?;
        }
        Ok(())
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

    fn state(&self, name: &str) -> Result<Option<String>> {
        self.send_edges()?;
        self.run(
            || format!("reading ledger state {name}"),
            |tx| Ok(tx.query_opt("SELECT value FROM ledger_state WHERE name = $1", &[&name])?.map(|row| row.get(0))),
        )
    }

    fn set_state(&self, name: &str, value: &str) -> Result<()> {
        self.run(
            || format!("setting ledger state {name}"),
            |tx| tx.execute("INSERT INTO ledger_state (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value", &[&name, &value]).map(drop),
        )
    }

    fn dirty_propositions(&self, limit: usize) -> Result<Vec<StoredProposition>> {
        self.send_edges()?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.run(
            || "listing stored propositions to sum up".to_owned(),
            |tx| {
                let rows = tx.query(
                    "SELECT root, name, seq, claims, last_seq FROM ledger_propositions WHERE dirty = 1
                     ORDER BY root LIMIT $1",
                    &[&limit],
                )?;
                Ok(rows.iter().map(proposition_from_row).collect())
            },
        )
    }

    fn set_proposition_summary(&self, root: &str, summary: &PropositionSummaryRow) -> Result<()> {
        self.run(
            || format!("summing up stored proposition {root}"),
            |tx| {
                tx.execute(
                    "UPDATE ledger_propositions SET origins = $2, verdict = $3, last_seen = $4, text = $5, words = $6,
                            dirty = 0
                      WHERE root = $1",
                    &[&root, &summary.origins, &summary.verdict, &summary.last_seen, &summary.text, &summary.words],
                )
                .map(drop)
            },
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
    let roots: Vec<String> = tx
        .query("SELECT DISTINCT root FROM ledger_members WHERE seq = $1 ORDER BY root", &[&seq])?
        .iter()
        .map(|row| row.get(0))
        .collect();
    if !keys.is_empty() {
        tx.execute("DELETE FROM ledger_terms WHERE key = ANY($1)", &[&keys])?;
        tx.execute("DELETE FROM ledger_edges WHERE a = ANY($1) OR b = ANY($1)", &[&keys])?;
        tx.execute("DELETE FROM ledger_items WHERE article_seq = $1", &[&seq])?;
    }
    tx.execute("DELETE FROM ledger_members WHERE seq = $1", &[&seq])?;
    for root in &roots {
        recompute(tx, root)?;
    }
    Ok(())
}

/// The relation whose edges join claims into one proposition.
const SAME: &str = "same";

/// Adds a claim item as a proposition of its own; false if it is one already (as in the
/// embedded store's `ledger.rs`, which says how the propositions are kept).
/// Adds a claim item as a proposition of its own, summed up as `summary` says or else marked
/// out of date; false if it is one already.
fn add_member(
    tx: &mut Transaction<'_>,
    key: &str,
    seq: i64,
    summary: Option<&PropositionSummaryRow>,
) -> Result<bool, postgres::Error> {
    let name = proposition_name(key);
    let added = tx.execute(
        "INSERT INTO ledger_members (key, seq, name, root) VALUES ($1, $2, $3, $1) ON CONFLICT DO NOTHING",
        &[&key, &seq, &name],
    )?;
    if added == 0 {
        return Ok(false);
    }
    match summary {
        // The row as it will stay, in the same round trip.
        Some(summary) => tx.execute(
            "INSERT INTO ledger_propositions (root, name, seq, claims, last_seq, origins, verdict, last_seen, text, words, dirty)
             VALUES ($1, $2, $3, 1, $3, $4, $5, $6, $7, $8, 0)
             ON CONFLICT (root) DO UPDATE SET name = excluded.name, seq = excluded.seq, claims = 1, last_seq = excluded.seq,
                origins = excluded.origins, verdict = excluded.verdict, last_seen = excluded.last_seen,
                text = excluded.text, words = excluded.words, dirty = 0",
            &[&key, &name, &seq, &summary.origins, &summary.verdict, &summary.last_seen, &summary.text, &summary.words],
        )?,
        None => tx.execute(
            "INSERT INTO ledger_propositions (root, name, seq, claims, last_seq) VALUES ($1, $2, $3, 1, $3)
             ON CONFLICT (root) DO UPDATE SET name = excluded.name, seq = excluded.seq, claims = 1, last_seq = excluded.seq,
                dirty = 1",
            &[&key, &name, &seq],
        )?,
    };
    Ok(true)
}

/// The claims a stored `same` edge links to `key`.
fn same_neighbours(tx: &mut Transaction<'_>, key: &str) -> Result<Vec<String>, postgres::Error> {
    Ok(tx
        .query(
            "SELECT b FROM ledger_edges WHERE a = $1 AND relation = 'same'
             UNION SELECT a FROM ledger_edges WHERE b = $1 AND relation = 'same'",
            &[&key],
        )?
        .iter()
        .map(|row| row.get(0))
        .collect())
}

/// A member's root and the root's storing order.
fn root_of(tx: &mut Transaction<'_>, key: &str) -> Result<Option<(i64, String)>, postgres::Error> {
    Ok(tx
        .query_opt(
            "SELECT r.seq, r.key FROM ledger_members m JOIN ledger_members r ON r.key = m.root WHERE m.key = $1",
            &[&key],
        )?
        .map(|row| (row.get(0), row.get(1))))
}

/// Joins the propositions of two stored claims: the later root's members move to the earlier.
fn join(tx: &mut Transaction<'_>, a: &str, b: &str) -> Result<(), postgres::Error> {
    let (Some(root_a), Some(root_b)) = (root_of(tx, a)?, root_of(tx, b)?) else { return Ok(()) };
    if root_a == root_b {
        return Ok(());
    }
    let (kept, gone) = if root_a < root_b { (root_a.1, root_b.1) } else { (root_b.1, root_a.1) };
    tx.execute("UPDATE ledger_members SET root = $1 WHERE root = $2", &[&kept, &gone])?;
    tx.execute(
        "UPDATE ledger_propositions SET
            claims = claims + (SELECT claims FROM ledger_propositions WHERE root = $2),
            last_seq = GREATEST(last_seq, (SELECT last_seq FROM ledger_propositions WHERE root = $2)),
            dirty = 1
          WHERE root = $1",
        &[&kept, &gone],
    )?;
    tx.execute("DELETE FROM ledger_propositions WHERE root = $1", &[&gone])?;
    Ok(())
}

/// Computes again the proposition rooted at `root` after some of its members were forgotten.
fn recompute(tx: &mut Transaction<'_>, root: &str) -> Result<(), postgres::Error> {
    let members: Vec<(String, i64)> = tx
        .query("SELECT key, seq FROM ledger_members WHERE root = $1 ORDER BY seq, key", &[&root])?
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect();
    tx.execute("DELETE FROM ledger_members WHERE root = $1", &[&root])?;
    tx.execute("DELETE FROM ledger_propositions WHERE root = $1", &[&root])?;
    for (key, seq) in &members {
        add_member(tx, key, *seq, None)?;
    }
    for (key, _) in &members {
        for other in same_neighbours(tx, key)? {
            join(tx, key, &other)?;
        }
    }
    Ok(())
}

/// As in the embedded store: when an article's claims change or it is deleted, the ledger
/// forgets what it read from it and from its near-duplicates (read against it), and queues them
/// to be read again (the deleted article itself excepted).
pub(crate) fn invalidate(tx: &mut Transaction<'_>, seq: i64, deleted: bool) -> Result<(), postgres::Error> {
    // The stories are grouped again by the next update (a re-read article makes it do so anyway).
    tx.execute("DELETE FROM ledger_state WHERE name = 'stories'", &[])?;
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

    /// The items whose key starts with `prefix`, in key order (a range of the `C`-collated key).
    pub(crate) fn read_ledger_items_with_prefix(&self, prefix: &str, each: &mut dyn FnMut(LedgerItem)) -> Result<()> {
        let end = format!("{prefix}\u{10ffff}");
        let rows = self
            .client()
            .query(
                "SELECT key, article_seq, json, vector FROM ledger_items WHERE key >= $1 AND key < $2 ORDER BY key",
                &[&prefix, &end],
            )
            .map_err(self.failed(format!("reading the ledger items {prefix}*")))?;
        rows.iter().map(item_from_row).for_each(each);
        Ok(())
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

    pub(crate) fn read_ledger_proposition(&self, name: &str) -> Result<Option<StoredProposition>> {
        let failed = || self.failed(format!("reading stored proposition {name}"));
        let mut client = self.client();
        let exact = client
            .query_opt(
                "SELECT p.root, p.name, p.seq, p.claims, p.last_seq FROM ledger_members m
                   JOIN ledger_propositions p ON p.root = m.root WHERE m.name = $1 LIMIT 1",
                &[&name],
            )
            .map_err(failed())?;
        if exact.is_some() || name.is_empty() {
            return Ok(exact.as_ref().map(proposition_from_row));
        }
        let end = format!("{name}\u{10ffff}");
        let found = client
            .query(
                "SELECT root, name, seq, claims, last_seq FROM ledger_propositions
                  WHERE name >= $1 AND name < $2 ORDER BY name LIMIT 2",
                &[&name, &end],
            )
            .map_err(failed())?;
        Ok(if found.len() == 1 { found.first().map(proposition_from_row) } else { None })
    }

    pub(crate) fn read_ledger_proposition_items(&self, root: &str) -> Result<Vec<LedgerItem>> {
        let failed = self.failed(format!("reading the claims of stored proposition {root}"));
        Ok(self
            .client()
            .query(
                "SELECT i.key, i.article_seq, i.json, i.vector FROM ledger_members m
                   JOIN ledger_items i ON i.key = m.key WHERE m.root = $1 ORDER BY m.key",
                &[&root],
            )
            .map_err(failed)?
            .iter()
            .map(item_from_row)
            .collect())
    }

    pub(crate) fn read_ledger_propositions_page(
        &self,
        order: PropositionOrder,
        filter: &PropositionPageFilter,
        offset: usize,
        limit: usize,
    ) -> Result<(usize, Vec<StoredProposition>)> {
        let failed = || self.failed("reading a page of stored propositions");
        let order_by = match order {
            PropositionOrder::MostClaims => "claims DESC, name",
            PropositionOrder::Recent => "last_seq DESC, name",
            PropositionOrder::Sourced => "origins DESC, claims DESC, last_seen DESC NULLS LAST, name",
        };
        let clause = "($1::TEXT IS NULL OR verdict = $1) AND ($2::TEXT IS NULL OR substr(last_seen, 1, 10) >= $2)
                        AND claims >= $3";
        let sql = format!(
            "SELECT root, name, seq, claims, last_seq FROM ledger_propositions WHERE {clause}
              ORDER BY {order_by} LIMIT $4 OFFSET $5"
        );
        let mut client = self.client();
        let (verdict, since, least) = (filter.verdict.as_deref(), filter.since.as_deref(), filter.min_claims);
        let total: i64 = client
            .query_one(&format!("SELECT COUNT(*) FROM ledger_propositions WHERE {clause}"), &[&verdict, &since, &least])
            .map_err(failed())?
            .get(0);
        let (limit, offset) = (i64::try_from(limit).unwrap_or(i64::MAX), i64::try_from(offset).unwrap_or(i64::MAX));
        let rows = client.query(&sql, &[&verdict, &since, &least, &limit, &offset]).map_err(failed())?;
        Ok((usize::try_from(total).unwrap_or(0), rows.iter().map(proposition_from_row).collect()))
    }

    pub(crate) fn read_ledger_proposition_summary(&self, root: &str) -> Result<Option<PropositionSummaryRow>> {
        let failed = self.failed(format!("reading the summary of stored proposition {root}"));
        Ok(self
            .client()
            .query_opt(
                "SELECT origins, verdict, last_seen, text, words FROM ledger_propositions
                  WHERE root = $1 AND dirty = 0 AND verdict IS NOT NULL",
                &[&root],
            )
            .map_err(failed)?
            .map(|row| PropositionSummaryRow {
                origins: row.get(0),
                verdict: row.get(1),
                last_seen: row.get(2),
                text: row.get::<_, Option<String>>(3).unwrap_or_default(),
                words: row.get::<_, Option<String>>(4).unwrap_or_default(),
            }))
    }

    pub(crate) fn read_ledger_keys_with_term(&self, term: &str) -> Result<Vec<String>> {
        let failed = self.failed(format!("reading the ledger items indexed under {term}"));
        let rows = self
            .client()
            .query("SELECT key FROM ledger_terms WHERE term = $1 ORDER BY key", &[&term])
            .map_err(failed)?;
        Ok(rows.iter().map(|row| row.get(0)).collect())
    }

    pub(crate) fn read_ledger_propositions_text_like(&self, words: &str) -> Result<Vec<String>> {
        let failed = self.failed(format!("finding stored propositions worded with {words}"));
        let pattern = format!("%{}%", words.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        let rows = self
            .client()
            .query("SELECT name FROM ledger_propositions WHERE words LIKE $1 ORDER BY name", &[&pattern])
            .map_err(failed)?;
        Ok(rows.iter().map(|row| row.get(0)).collect())
    }

    pub(crate) fn read_ledger_edges_of(&self, keys: &[String]) -> Result<Vec<LedgerEdge>> {
        let failed = self.failed("reading the ledger edges of some items");
        let rows = self
            .client()
            .query(
                "SELECT a, b, relation FROM ledger_edges WHERE a = ANY($1)
                 UNION SELECT a, b, relation FROM ledger_edges WHERE b = ANY($1) ORDER BY 1, 2, 3",
                &[&keys],
            )
            .map_err(failed)?;
        Ok(rows.iter().map(|row| LedgerEdge { a: row.get(0), b: row.get(1), relation: row.get(2) }).collect())
    }

    pub(crate) fn read_ledger_items_keyed(&self, keys: &[String]) -> Result<Vec<LedgerItem>> {
        let failed = self.failed("reading ledger items");
        Ok(self
            .client()
            .query("SELECT key, article_seq, json, vector FROM ledger_items WHERE key = ANY($1) ORDER BY key", &[&keys])
            .map_err(failed)?
            .iter()
            .map(item_from_row)
            .collect())
    }

    pub(crate) fn read_copy_of(&self, id: &str) -> Result<Option<ArticleId>> {
        let failed = self.failed(format!("reading what article {id} copies"));
        Ok(self
            .client()
            .query_opt("SELECT copy_of FROM copies WHERE article_id = $1", &[&id])
            .map_err(failed)?
            .map(|row| ArticleId::from_string(row.get(0))))
    }

    pub(crate) fn reset_ledger(&mut self) -> Result<()> {
        let failed = self.failed("resetting the ledger");
        let mut client = self.client();
        let run = |client: &mut postgres::Client| -> Result<(), postgres::Error> {
            let mut tx = client.transaction()?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])?;
            tx.batch_execute("DELETE FROM ledger_items; DELETE FROM ledger_terms; DELETE FROM ledger_edges; DELETE FROM ledger_pending; DELETE FROM ledger_state; DELETE FROM ledger_members; DELETE FROM ledger_propositions;")?;
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
