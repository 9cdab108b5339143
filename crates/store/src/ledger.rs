//! Storage for the ledger's derived state (the `hearsay-ledger` crate decides what it means).
//!
//! The ledger compares claims and articles pairwise and keeps the links it finds. This module
//! stores its three kinds of rows, opaque to the store:
//!
//! * items: a claim or an article, keyed by a string, with the features the ledger compares as
//!   JSON (and an optional vector, an embedding), tagged with the article's `seq`;
//! * terms: index keys of each item, so a new item is compared only with items sharing one;
//! * edges: a link between two items, with the relation found (`same`, `related`, ...);
//! * propositions: each claim item's component of `same` edges (`ledger_members`: claim ->
//!   root, the earliest stored member by article `seq`, then key) and one summary row per
//!   component (`ledger_propositions`), kept by the writes below in the same transaction. When
//!   two components meet, the later root's members move to the earlier root, so a proposition's
//!   name never changes as claims join it, and a merged one's name (a member's) redirects. When
//!   an article is forgotten, only the components it was in are computed again from their
//!   remaining members and edges: the same components a rebuild reaches.
//!   Each summary row also holds what the paged lists order and filter by (independent origins,
//!   verdict, latest date, wording), which the ledger computes: every change to a component marks
//!   its row `dirty`, and the ledger update sums up the marked rows again.
//!
//! The ledger reads articles in storing order past its `watermark`, and articles whose
//! annotations changed since it read them (`ledger_pending`). Everything it writes for a run of
//! articles is one transaction with the new watermark, so a crash loses at most that run and
//! the next update redoes it. A deleted article's items, terms and edges go with it, which is
//! exactly the state a rebuild without it would reach, since every edge depends on its two ends
//! only.

use std::collections::BTreeSet;

use hearsay_article::ArticleId;
use rusqlite::{params, OptionalExtension, Transaction};

use crate::error::{Context, Result};
use crate::keys::{is_claim_key, proposition_name};
use crate::types::{
    LedgerArticle, LedgerEdge, LedgerItem, PropositionOrder, PropositionPageFilter, PropositionSummaryRow,
    StoredProposition,
};
use crate::Store;

impl Store {
    /// A ledger state value (`watermark`, `config`, ...).
    pub fn ledger_state(&self, name: &str) -> Result<Option<String>> {
        self.conn
            .prepare_cached("SELECT value FROM ledger_state WHERE name = ?1")
            .and_then(|mut statement| statement.query_row([name], |row| row.get(0)).optional())
            .context(&self.path, || format!("reading ledger state {name}"))
    }

    /// Opens a write transaction for the ledger.
    pub fn ledger_writer(&mut self) -> Result<LedgerWriter<'_>> {
        let path = self.path.clone();
        // Immediate: the write lock is taken now, so an ingest in another process cannot change
        // what the update reads before it writes.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .context(&path, || "starting a ledger update".to_owned())?;
        Ok(LedgerWriter { tx, path })
    }

    /// Every ledger item, in key order.
    pub fn ledger_items(&self) -> Result<Vec<LedgerItem>> {
        let run = || -> rusqlite::Result<Vec<LedgerItem>> {
            let mut statement =
                self.conn.prepare_cached("SELECT key, article_seq, json, vector FROM ledger_items ORDER BY key")?;
            let rows = statement.query_map([], |row| {
                Ok(LedgerItem { key: row.get(0)?, article_seq: row.get(1)?, json: row.get(2)?, vector: row.get(3)? })
            })?;
            rows.collect()
        };
        run().context(&self.path, || "reading the ledger items".to_owned())
    }

    /// Every ledger item whose key starts with `prefix`, in key order, each handed to `each` as
    /// it is read.
    pub fn ledger_items_each(&self, prefix: &str, each: &mut dyn FnMut(LedgerItem)) -> Result<()> {
        let mut run = || -> rusqlite::Result<()> {
            let mut statement = self.conn.prepare_cached(
                "SELECT key, article_seq, json, vector FROM ledger_items WHERE key >= ?1 AND key < ?2 ORDER BY key",
            )?;
            let end = format!("{prefix}\u{10ffff}");
            let mut rows = statement.query(params![prefix, end])?;
            while let Some(row) = rows.next()? {
                each(LedgerItem { key: row.get(0)?, article_seq: row.get(1)?, json: row.get(2)?, vector: row.get(3)? });
            }
            Ok(())
        };
        run().context(&self.path, || format!("reading the ledger items {prefix}*"))
    }

    /// Every ledger edge, sorted.
    pub fn ledger_edges(&self) -> Result<Vec<LedgerEdge>> {
        let run = || -> rusqlite::Result<Vec<LedgerEdge>> {
            let mut statement =
                self.conn.prepare_cached("SELECT a, b, relation FROM ledger_edges ORDER BY a, b, relation")?;
            let rows = statement
                .query_map([], |row| Ok(LedgerEdge { a: row.get(0)?, b: row.get(1)?, relation: row.get(2)? }))?;
            rows.collect()
        };
        run().context(&self.path, || "reading the ledger edges".to_owned())
    }

    /// The article each near-duplicate copies, for every stored copy.
    pub fn all_copies(&self) -> Result<Vec<(ArticleId, ArticleId)>> {
        let run = || -> rusqlite::Result<Vec<(ArticleId, ArticleId)>> {
            let mut statement =
                self.conn.prepare_cached("SELECT article_id, copy_of FROM copies ORDER BY article_id")?;
            let rows = statement
                .query_map([], |row| Ok((ArticleId::from_string(row.get(0)?), ArticleId::from_string(row.get(1)?))))?;
            rows.collect()
        };
        run().context(&self.path, || "reading near-duplicate links".to_owned())
    }

    /// The stored proposition named `name`: by the name of any of its claims (a proposition
    /// merged into another, or named after a claim that is not its earliest, redirects), else by
    /// a unique prefix of its own name.
    pub fn ledger_proposition(&self, name: &str) -> Result<Option<StoredProposition>> {
        let run = || -> rusqlite::Result<Option<StoredProposition>> {
            let exact = self
                .conn
                .prepare_cached(
                    "SELECT p.root, p.name, p.seq, p.claims, p.last_seq FROM ledger_members m
                       JOIN ledger_propositions p ON p.root = m.root WHERE m.name = ?1 LIMIT 1",
                )?
                .query_row([name], proposition_from_row)
                .optional()?;
            if exact.is_some() || name.is_empty() {
                return Ok(exact);
            }
            let mut statement = self.conn.prepare_cached(
                "SELECT root, name, seq, claims, last_seq FROM ledger_propositions
                  WHERE name >= ?1 AND name < ?2 ORDER BY name LIMIT 2",
            )?;
            let end = format!("{name}\u{10ffff}");
            let found: Vec<StoredProposition> =
                statement.query_map(params![name, end], proposition_from_row)?.collect::<rusqlite::Result<_>>()?;
            Ok(if found.len() == 1 { found.into_iter().next() } else { None })
        };
        run().context(&self.path, || format!("reading stored proposition {name}"))
    }

    /// The claim items of the stored proposition rooted at `root`, in key order.
    pub fn ledger_proposition_items(&self, root: &str) -> Result<Vec<LedgerItem>> {
        let run = || -> rusqlite::Result<Vec<LedgerItem>> {
            let mut statement = self.conn.prepare_cached(
                "SELECT i.key, i.article_seq, i.json, i.vector FROM ledger_members m
                   JOIN ledger_items i ON i.key = m.key WHERE m.root = ?1 ORDER BY m.key",
            )?;
            let rows = statement.query_map([root], |row| {
                Ok(LedgerItem { key: row.get(0)?, article_seq: row.get(1)?, json: row.get(2)?, vector: row.get(3)? })
            })?;
            rows.collect()
        };
        run().context(&self.path, || format!("reading the claims of stored proposition {root}"))
    }

    /// One page of the stored propositions in `order`, and how many there are.
    pub fn ledger_propositions_page(
        &self,
        order: PropositionOrder,
        offset: usize,
        limit: usize,
    ) -> Result<(usize, Vec<StoredProposition>)> {
        self.ledger_propositions_filtered(order, &PropositionPageFilter::default(), offset, limit)
    }

    /// One page of the stored propositions that pass `filter`, in `order`, and how many pass.
    pub fn ledger_propositions_filtered(
        &self,
        order: PropositionOrder,
        filter: &PropositionPageFilter,
        offset: usize,
        limit: usize,
    ) -> Result<(usize, Vec<StoredProposition>)> {
        let order_by = match order {
            PropositionOrder::MostClaims => "claims DESC, name",
            PropositionOrder::Recent => "last_seq DESC, name",
            // NULL dates are the least in SQLite, so they come last here as in a full read.
            PropositionOrder::Sourced => "origins DESC, claims DESC, last_seen DESC, name",
        };
        let clause = "(?1 IS NULL OR verdict = ?1) AND (?2 IS NULL OR substr(last_seen, 1, 10) >= ?2) AND claims >= ?5";
        let sql = format!(
            "SELECT root, name, seq, claims, last_seq FROM ledger_propositions WHERE {clause}
              ORDER BY {order_by} LIMIT ?3 OFFSET ?4"
        );
        let run = || -> rusqlite::Result<(usize, Vec<StoredProposition>)> {
            let (verdict, since) = (filter.verdict.as_deref(), filter.since.as_deref());
            let least = filter.min_claims;
            let total: i64 = if verdict.is_none() && since.is_none() && least <= 1 {
                self.conn.prepare_cached("SELECT COUNT(*) FROM ledger_propositions")?.query_row([], |row| row.get(0))?
            } else {
                self.conn
                    .prepare_cached(&format!("SELECT COUNT(*) FROM ledger_propositions WHERE {clause}"))?
                    .query_row(params![verdict, since, 0, 0, least], |row| row.get(0))?
            };
            let mut statement = self.conn.prepare_cached(&sql)?;
            let limit = i64::try_from(limit).unwrap_or(i64::MAX);
            let offset = i64::try_from(offset).unwrap_or(i64::MAX);
            let rows = statement.query_map(params![verdict, since, limit, offset, least], proposition_from_row)?;
            Ok((usize::try_from(total).unwrap_or(0), rows.collect::<rusqlite::Result<_>>()?))
        };
        run().context(&self.path, || "reading a page of stored propositions".to_owned())
    }

    /// The summary the ledger update keeps of the stored proposition rooted at `root` (`None`
    /// when there is none, or when it has changed since the last update).
    pub fn ledger_proposition_summary(&self, root: &str) -> Result<Option<PropositionSummaryRow>> {
        self.conn
            .prepare_cached(
                "SELECT origins, verdict, last_seen, text, words FROM ledger_propositions
                  WHERE root = ?1 AND dirty = 0 AND verdict IS NOT NULL",
            )
            .and_then(|mut statement| {
                statement
                    .query_row([root], |row| {
                        Ok(PropositionSummaryRow {
                            origins: row.get(0)?,
                            verdict: row.get(1)?,
                            last_seen: row.get(2)?,
                            text: row.get::<_, Option<String>>(3)?.unwrap_or_default(),
                            words: row.get::<_, Option<String>>(4)?.unwrap_or_default(),
                        })
                    })
                    .optional()
            })
            .context(&self.path, || format!("reading the summary of stored proposition {root}"))
    }

    /// The keys of the items indexed under `term`, sorted.
    pub fn ledger_keys_with_term(&self, term: &str) -> Result<Vec<String>> {
        let run = || -> rusqlite::Result<Vec<String>> {
            let mut statement =
                self.conn.prepare_cached("SELECT key FROM ledger_terms WHERE term = ?1 ORDER BY key")?;
            let rows = statement.query_map([term], |row| row.get(0))?;
            rows.collect()
        };
        run().context(&self.path, || format!("reading the ledger items indexed under {term}"))
    }

    /// The names of the stored propositions whose folded wording (see
    /// [`PropositionSummaryRow::words`]) holds `words`, sorted. This reads one column of every summary: a lookup by entity reads its
    /// claims through the index, and this only adds the propositions that name it in words.
    pub fn ledger_propositions_text_like(&self, words: &str) -> Result<Vec<String>> {
        let pattern = format!("%{}%", words.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        let run = || -> rusqlite::Result<Vec<String>> {
            let mut statement = self
                .conn
                .prepare_cached("SELECT name FROM ledger_propositions WHERE words LIKE ?1 ESCAPE '\\' ORDER BY name")?;
            let rows = statement.query_map([&pattern], |row| row.get(0))?;
            rows.collect()
        };
        run().context(&self.path, || format!("finding stored propositions worded with {words}"))
    }

    /// The edges with an end among `keys`, sorted.
    pub fn ledger_edges_of(&self, keys: &[String]) -> Result<Vec<LedgerEdge>> {
        let run = || -> rusqlite::Result<Vec<LedgerEdge>> {
            let mut statement = self.conn.prepare_cached(
                "SELECT a, b, relation FROM ledger_edges WHERE a = ?1
                 UNION SELECT a, b, relation FROM ledger_edges WHERE b = ?1",
            )?;
            let mut found = BTreeSet::new();
            for key in keys.iter().collect::<BTreeSet<_>>() {
                let rows = statement.query_map([key], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
                for row in rows {
                    found.insert(row?);
                }
            }
            Ok(found.into_iter().map(|(a, b, relation)| LedgerEdge { a, b, relation }).collect())
        };
        run().context(&self.path, || "reading the ledger edges of some items".to_owned())
    }

    /// The stored items among `keys`, in key order.
    pub fn ledger_items_keyed(&self, keys: &[String]) -> Result<Vec<LedgerItem>> {
        let run = || -> rusqlite::Result<Vec<LedgerItem>> {
            let mut statement =
                self.conn.prepare_cached("SELECT key, article_seq, json, vector FROM ledger_items WHERE key = ?1")?;
            let mut found = Vec::new();
            for key in keys.iter().collect::<BTreeSet<_>>() {
                let item = statement
                    .query_row([key], |row| {
                        Ok(LedgerItem {
                            key: row.get(0)?,
                            article_seq: row.get(1)?,
                            json: row.get(2)?,
                            vector: row.get(3)?,
                        })
                    })
                    .optional()?;
                found.extend(item);
            }
            Ok(found)
        };
        run().context(&self.path, || "reading ledger items".to_owned())
    }

    /// The article a stored near-duplicate copies, if it is one.
    pub fn copy_of(&self, id: &str) -> Result<Option<ArticleId>> {
        self.conn
            .prepare_cached("SELECT copy_of FROM copies WHERE article_id = ?1")
            .and_then(|mut statement| statement.query_row([id], |row| row.get::<_, String>(0)).optional())
            .map(|found| found.map(ArticleId::from_string))
            .context(&self.path, || format!("reading what article {id} copies"))
    }

    /// Drops the whole ledger state, so that the next update rebuilds it from the articles.
    pub fn ledger_reset(&mut self) -> Result<()> {
        self.conn
            .execute_batch(
                "BEGIN;
                 DELETE FROM ledger_items; DELETE FROM ledger_terms; DELETE FROM ledger_edges;
                 DELETE FROM ledger_pending; DELETE FROM ledger_state;
                 DELETE FROM ledger_members; DELETE FROM ledger_propositions;
                 COMMIT;",
            )
            .context(&self.path, || "resetting the ledger".to_owned())
    }
}

/// One ledger update transaction: reads see its own writes; nothing is kept unless
/// [`LedgerWriter::commit`] is called.
#[derive(Debug)]
pub struct LedgerWriter<'a> {
    tx: Transaction<'a>,
    path: std::path::PathBuf,
}

impl LedgerWriter<'_> {
    /// Up to `limit` articles the ledger has yet to read: first those whose annotations changed
    /// after it read them, then those stored after `watermark`, in storing order. Read inside the
    /// update's transaction, so that what it marks read is what it read.
    pub fn pending(&self, watermark: i64, limit: usize, schema: &str) -> Result<Vec<LedgerArticle>> {
        // Two indexed walks rather than one `IN (...) OR seq > ?` sorted by an expression: that
        // form sorted every unread row, annotation JSON included, once per batch, so an update
        // over N new articles cost N²/batch row reads.
        let run = || -> rusqlite::Result<Vec<LedgerArticle>> {
            let read = |row: &rusqlite::Row<'_>| {
                Ok(LedgerArticle {
                    seq: row.get(0)?,
                    id: ArticleId::from_string(row.get(1)?),
                    title: row.get(2)?,
                    outlet: row.get(3)?,
                    published: row.get(4)?,
                    annotation: row.get(5)?,
                    copy_of: row.get::<_, Option<String>>(6)?.map(ArticleId::from_string),
                })
            };
            let mut found: Vec<LedgerArticle> = {
                let mut statement = self.tx.prepare_cached(
                    "SELECT a.seq, a.id, a.title, a.outlet, a.published, n.json, c.copy_of
                       FROM ledger_pending p JOIN articles a ON a.seq = p.article_seq
                       LEFT JOIN annotations n ON n.article_id = a.id AND n.schema = ?3
                       LEFT JOIN copies c ON c.article_id = a.id
                      WHERE p.article_seq <= ?1
                      ORDER BY p.article_seq LIMIT ?2",
                )?;
                let rows = statement.query_map(params![watermark, limit as i64, schema], read)?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            if found.len() < limit {
                let mut statement = self.tx.prepare_cached(
                    "SELECT a.seq, a.id, a.title, a.outlet, a.published, n.json, c.copy_of FROM articles a
                       LEFT JOIN annotations n ON n.article_id = a.id AND n.schema = ?3
                       LEFT JOIN copies c ON c.article_id = a.id
                      WHERE a.seq > ?1
                      ORDER BY a.seq LIMIT ?2",
                )?;
                let rest = (limit - found.len()) as i64;
                let rows = statement.query_map(params![watermark, rest, schema], read)?;
                for row in rows {
                    found.push(row?);
                }
            }
            Ok(found)
        };
        run().context(&self.path, || "listing articles the ledger has not read".to_owned())
    }

    /// Keys of the items indexed under any of `terms`, sorted: under each term at most
    /// `per_term` (0: all), the greatest keys first. Each term is one walk of the index that
    /// stops there, so a term that thousands of items share costs `per_term` rows, not thousands.
    pub fn candidates(&self, terms: &[String], per_term: usize) -> Result<BTreeSet<String>> {
        // The limit is written into the statement, not bound: SQLite prepares a statement again
        // each time a bound LIMIT changes value, and this one runs for every term of every claim.
        let limit = if per_term == 0 { -1 } else { i64::try_from(per_term).unwrap_or(i64::MAX) };
        let sql = format!("SELECT key FROM ledger_terms WHERE term = ?1 ORDER BY key DESC LIMIT {limit}");
        let run = || -> rusqlite::Result<BTreeSet<String>> {
            let mut statement = self.tx.prepare_cached(&sql)?;
            let mut keys: Vec<String> = Vec::new();
            for term in terms {
                let mut rows = statement.query([term])?;
                while let Some(row) = rows.next()? {
                    keys.push(row.get_ref(0)?.as_str()?.to_owned());
                }
            }
            // Sorted once and built in bulk, rather than inserted one by one.
            Ok(keys.into_iter().collect())
        };
        run().context(&self.path, || "looking up ledger candidates".to_owned())
    }

    /// One item by key.
    pub fn item(&self, key: &str) -> Result<Option<LedgerItem>> {
        self.tx
            .prepare_cached("SELECT key, article_seq, json, vector FROM ledger_items WHERE key = ?1")
            .and_then(|mut statement| {
                statement
                    .query_row([key], |row| {
                        Ok(LedgerItem {
                            key: row.get(0)?,
                            article_seq: row.get(1)?,
                            json: row.get(2)?,
                            vector: row.get(3)?,
                        })
                    })
                    .optional()
            })
            .context(&self.path, || format!("reading ledger item {key}"))
    }

    /// The stored items among `keys`, in key order. One call for many keys: a server store
    /// answers it in one round trip.
    pub fn items(&self, keys: &[String]) -> Result<Vec<LedgerItem>> {
        let mut found = Vec::with_capacity(keys.len());
        for key in keys.iter().collect::<BTreeSet<_>>() {
            found.extend(self.item(key)?);
        }
        Ok(found)
    }

    /// Every item whose key starts with `prefix`, in key order.
    pub fn items_with_prefix(&self, prefix: &str) -> Result<Vec<LedgerItem>> {
        let run = || -> rusqlite::Result<Vec<LedgerItem>> {
            let mut statement = self.tx.prepare_cached(
                "SELECT key, article_seq, json, vector FROM ledger_items WHERE key >= ?1 AND key < ?2 ORDER BY key",
            )?;
            let end = format!("{prefix}\u{10ffff}");
            let rows = statement.query_map(params![prefix, end], |row| {
                Ok(LedgerItem { key: row.get(0)?, article_seq: row.get(1)?, json: row.get(2)?, vector: row.get(3)? })
            })?;
            rows.collect()
        };
        run().context(&self.path, || format!("reading ledger items {prefix}*"))
    }

    /// Stores an item and its index terms, replacing an item with the same key.
    ///
    /// A claim item starts a proposition of its own, then joins those its stored `same` edges
    /// reach. `alone`, for a claim its caller found no `same` link for, is the summary of the
    /// proposition it starts (kept as [`LedgerWriter::set_proposition_summary`] keeps one, in the
    /// same write); should the claim join others after all, the joined proposition is marked out
    /// of date as always.
    pub fn put_item(&self, item: &LedgerItem, terms: &[String], alone: Option<&PropositionSummaryRow>) -> Result<()> {
        let run = || -> rusqlite::Result<()> {
            // The item keeps every term it was ever indexed under (the union, when a story row
            // is put again under a new story), so that forgetting it deletes them all.
            let listed = serde_json::to_string(terms).unwrap_or_else(|_| "[]".to_owned());
            self.tx
                .prepare_cached(
                    "INSERT INTO ledger_items (key, article_seq, json, vector, terms) VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (key) DO UPDATE SET article_seq = excluded.article_seq, json = excluded.json,
                       vector = excluded.vector,
                       terms = (SELECT json_group_array(value) FROM (SELECT value FROM json_each(ledger_items.terms)
                                UNION SELECT value FROM json_each(excluded.terms)))",
                )?
                .execute(params![item.key, item.article_seq, item.json, item.vector, listed])?;
            // One statement for all of them, reading the list just written: a statement per term
            // cost as much again in binding, stepping and resetting as the index insert itself.
            self.tx
                .prepare_cached("INSERT OR IGNORE INTO ledger_terms (term, key) SELECT value, ?2 FROM json_each(?1)")?
                .execute(params![listed, item.key])?;
            if is_claim_key(&item.key) && add_member(&self.tx, &item.key, item.article_seq, alone)? {
                for other in same_neighbours(&self.tx, &item.key)? {
                    join(&self.tx, &item.key, &other)?;
                }
            }
            Ok(())
        };
        run().context(&self.path, || format!("storing ledger item {}", item.key))
    }

    /// Stores an edge; `a` and `b` are put in order, so each pair is stored once per relation.
    pub fn put_edge(&self, a: &str, b: &str, relation: &str) -> Result<()> {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        let run = || -> rusqlite::Result<()> {
            self.tx
                .prepare_cached("INSERT OR IGNORE INTO ledger_edges (a, b, relation) VALUES (?1, ?2, ?3)")?
                .execute(params![a, b, relation])?;
            if relation == SAME {
                // Both ends stored already (a claim's item is usually stored after its edges, and
                // then joins through them): one proposition.
                join(&self.tx, a, b)?;
            }
            Ok(())
        };
        run().context(&self.path, || format!("storing ledger edge {a} {relation} {b}"))
    }

    /// Removes everything the ledger holds for the article with this seq: its items, their
    /// terms and every edge touching them.
    pub fn forget_article(&self, seq: i64) -> Result<()> {
        forget_seq(&self.tx, seq).context(&self.path, || format!("forgetting ledger items of article {seq}"))
    }

    /// Marks the article with this seq as read (drops it from the pending list).
    pub fn mark_read(&self, seq: i64) -> Result<()> {
        self.tx
            .prepare_cached("DELETE FROM ledger_pending WHERE article_seq = ?1")
            .and_then(|mut statement| statement.execute([seq]))
            .context(&self.path, || format!("marking article {seq} read by the ledger"))?;
        Ok(())
    }

    /// A state value, as this transaction sees it (a store write that forgot an article dropped
    /// the `stories` state before this transaction began, or waits until it ends).
    pub fn state(&self, name: &str) -> Result<Option<String>> {
        self.tx
            .prepare_cached("SELECT value FROM ledger_state WHERE name = ?1")
            .and_then(|mut statement| statement.query_row([name], |row| row.get(0)).optional())
            .context(&self.path, || format!("reading ledger state {name}"))
    }

    /// Sets a state value.
    pub fn set_state(&self, name: &str, value: &str) -> Result<()> {
        self.tx
            .prepare_cached("INSERT OR REPLACE INTO ledger_state (name, value) VALUES (?1, ?2)")
            .and_then(|mut statement| statement.execute(params![name, value]))
            .context(&self.path, || format!("setting ledger state {name}"))?;
        Ok(())
    }

    /// Up to `limit` stored propositions whose summary is missing or out of date (their members
    /// changed since the ledger update last summed them up), by root.
    pub fn dirty_propositions(&self, limit: usize) -> Result<Vec<StoredProposition>> {
        let run = || -> rusqlite::Result<Vec<StoredProposition>> {
            let mut statement = self.tx.prepare_cached(
                "SELECT root, name, seq, claims, last_seq FROM ledger_propositions WHERE dirty = 1 ORDER BY root LIMIT ?1",
            )?;
            let rows = statement.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], proposition_from_row)?;
            rows.collect()
        };
        run().context(&self.path, || "listing stored propositions to sum up".to_owned())
    }

    /// Keeps the summary of the stored proposition rooted at `root`, which is then up to date.
    pub fn set_proposition_summary(&self, root: &str, summary: &PropositionSummaryRow) -> Result<()> {
        self.tx
            .prepare_cached(
                "UPDATE ledger_propositions SET origins = ?2, verdict = ?3, last_seen = ?4, text = ?5, words = ?6,
                        dirty = 0
                  WHERE root = ?1",
            )
            .and_then(|mut statement| {
                statement.execute(params![
                    root,
                    summary.origins,
                    summary.verdict,
                    summary.last_seen,
                    summary.text,
                    summary.words
                ])
            })
            .context(&self.path, || format!("summing up stored proposition {root}"))?;
        Ok(())
    }

    /// Keeps everything written.
    pub fn commit(self) -> Result<()> {
        let path = self.path;
        self.tx.commit().context(&path, || "committing a ledger update".to_owned())
    }
}

/// A stored proposition from a row of `root, name, seq, claims, last_seq`, the columns every
/// query of them selects in that order.
fn proposition_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredProposition> {
    Ok(StoredProposition {
        root: row.get(0)?,
        name: row.get(1)?,
        seq: row.get(2)?,
        claims: row.get(3)?,
        last_seq: row.get(4)?,
    })
}

/// Drops an article's ledger items, terms and edges (see [`LedgerWriter::forget_article`]), and
/// computes again the propositions its claims were in.
pub(crate) fn forget_seq(tx: &Transaction<'_>, seq: i64) -> rusqlite::Result<()> {
    let items: Vec<(String, String)> = {
        let mut statement = tx.prepare_cached("SELECT key, terms FROM ledger_items WHERE article_seq = ?1")?;
        let rows = statement.query_map([seq], |row| Ok((row.get(0)?, row.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let roots: BTreeSet<String> = {
        let mut statement = tx.prepare_cached("SELECT DISTINCT root FROM ledger_members WHERE seq = ?1")?;
        let rows = statement.query_map([seq], |row| row.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (key, terms) in &items {
        // Each index row by its primary key: the item lists its terms (there is no index of
        // terms by key to search).
        let terms: Vec<String> = serde_json::from_str(terms).unwrap_or_default();
        for term in &terms {
            tx.prepare_cached("DELETE FROM ledger_terms WHERE term = ?1 AND key = ?2")?.execute([term, key])?;
        }
        tx.prepare_cached("DELETE FROM ledger_edges WHERE a = ?1 OR b = ?1")?.execute([key])?;
    }
    tx.prepare_cached("DELETE FROM ledger_items WHERE article_seq = ?1")?.execute([seq])?;
    tx.prepare_cached("DELETE FROM ledger_members WHERE seq = ?1")?.execute([seq])?;
    for root in &roots {
        recompute(tx, root)?;
    }
    Ok(())
}

/// The relation whose edges join claims into one proposition.
const SAME: &str = "same";

/// Adds a claim item as a proposition of its own, summed up as `summary` says or else marked
/// out of date; false if it is one already.
fn add_member(
    tx: &Transaction<'_>,
    key: &str,
    seq: i64,
    summary: Option<&PropositionSummaryRow>,
) -> rusqlite::Result<bool> {
    let name = proposition_name(key);
    let added = tx
        .prepare_cached("INSERT OR IGNORE INTO ledger_members (key, seq, name, root) VALUES (?1, ?2, ?3, ?1)")?
        .execute(params![key, seq, name])?;
    if added == 0 {
        return Ok(false);
    }
    match summary {
        // One write of the row as it will stay, rather than a row marked out of date and then
        // written again with its summary (which updated four of its indexes a second time).
        Some(summary) => tx
            .prepare_cached(
                "INSERT OR REPLACE INTO ledger_propositions
                   (root, name, seq, claims, last_seq, origins, verdict, last_seen, text, words, dirty)
                 VALUES (?1, ?2, ?3, 1, ?3, ?4, ?5, ?6, ?7, ?8, 0)",
            )?
            .execute(params![
                key,
                name,
                seq,
                summary.origins,
                summary.verdict,
                summary.last_seen,
                summary.text,
                summary.words
            ])?,
        None => tx
            .prepare_cached(
                "INSERT OR REPLACE INTO ledger_propositions (root, name, seq, claims, last_seq) VALUES (?1, ?2, ?3, 1, ?3)",
            )?
            .execute(params![key, name, seq])?,
    };
    Ok(true)
}

/// The claims a stored `same` edge links to `key`.
fn same_neighbours(tx: &Transaction<'_>, key: &str) -> rusqlite::Result<Vec<String>> {
    // UNION ALL, sorted and made distinct here as UNION would: UNION builds a temporary index
    // for each call, which cost more than both lookups for the claim without such edges that
    // every stored claim is at first.
    let mut statement = tx.prepare_cached(
        "SELECT b FROM ledger_edges WHERE a = ?1 AND relation = 'same'
         UNION ALL SELECT a FROM ledger_edges WHERE b = ?1 AND relation = 'same'",
    )?;
    let mut neighbours: Vec<String> = statement.query_map([key], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
    neighbours.sort_unstable();
    neighbours.dedup();
    Ok(neighbours)
}

/// A member's root and the root's storing order.
fn root_of(tx: &Transaction<'_>, key: &str) -> rusqlite::Result<Option<(i64, String)>> {
    tx.prepare_cached(
        "SELECT r.seq, r.key FROM ledger_members m JOIN ledger_members r ON r.key = m.root WHERE m.key = ?1",
    )?
    .query_row([key], |row| Ok((row.get(0)?, row.get(1)?)))
    .optional()
}

/// Joins the propositions of two claims (if both are stored): the later root's members move to
/// the earlier root, which keeps its name. Costs the later proposition's size.
fn join(tx: &Transaction<'_>, a: &str, b: &str) -> rusqlite::Result<()> {
    let (Some(root_a), Some(root_b)) = (root_of(tx, a)?, root_of(tx, b)?) else { return Ok(()) };
    if root_a == root_b {
        return Ok(());
    }
    let (kept, gone) = if root_a < root_b { (root_a.1, root_b.1) } else { (root_b.1, root_a.1) };
    tx.prepare_cached("UPDATE ledger_members SET root = ?1 WHERE root = ?2")?.execute([&kept, &gone])?;
    tx.prepare_cached(
        "UPDATE ledger_propositions SET
            claims = claims + (SELECT claims FROM ledger_propositions WHERE root = ?2),
            last_seq = MAX(last_seq, (SELECT last_seq FROM ledger_propositions WHERE root = ?2)),
            dirty = 1
          WHERE root = ?1",
    )?
    .execute([&kept, &gone])?;
    tx.prepare_cached("DELETE FROM ledger_propositions WHERE root = ?1")?.execute([&gone])?;
    Ok(())
}

/// Computes again the proposition rooted at `root` after some of its members were forgotten:
/// its remaining members, each its own proposition first, joined again through their edges,
/// earliest first, so that each join moves a later, small proposition into the earliest.
fn recompute(tx: &Transaction<'_>, root: &str) -> rusqlite::Result<()> {
    let members: Vec<(String, i64)> = {
        let mut statement =
            tx.prepare_cached("SELECT key, seq FROM ledger_members WHERE root = ?1 ORDER BY seq, key")?;
        let rows = statement.query_map([root], |row| Ok((row.get(0)?, row.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    tx.prepare_cached("DELETE FROM ledger_members WHERE root = ?1")?.execute([root])?;
    tx.prepare_cached("DELETE FROM ledger_propositions WHERE root = ?1")?.execute([root])?;
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

/// Called when an article's annotations are replaced by different ones, or the article is
/// deleted: forgets what the ledger read from it and, unless deleted, queues it to be read again.
/// Its near-duplicates are read against it, so they are forgotten and queued too.
pub(crate) fn invalidate(tx: &Transaction<'_>, seq: i64, deleted: bool) -> rusqlite::Result<()> {
    // The stories are grouped again by the next update (a re-read article makes it do so anyway).
    tx.prepare_cached("DELETE FROM ledger_state WHERE name = 'stories'")?.execute([])?;
    let copies: Vec<i64> = {
        let mut statement =
            tx.prepare_cached("SELECT a.seq FROM copies c JOIN articles a ON a.id = c.article_id WHERE c.copy_of = (SELECT id FROM articles WHERE seq = ?1)")?;
        let rows = statement.query_map([seq], |row| row.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for copy in copies.into_iter().chain(std::iter::once(seq)) {
        forget_seq(tx, copy)?;
        if deleted && copy == seq {
            tx.prepare_cached("DELETE FROM ledger_pending WHERE article_seq = ?1")?.execute([copy])?;
        } else {
            tx.prepare_cached("INSERT OR IGNORE INTO ledger_pending (article_seq) VALUES (?1)")?.execute([copy])?;
        }
    }
    Ok(())
}
