//! Reads: one article by id or prefix, listings, full-text search, near-duplicate links, counts
//! and a consistency check.

use hearsay_article::{ArticleId, SourceRef};
use hearsay_link::BANDS;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension, Row};

use crate::error::{Context, Error, Result};
use crate::keys::{check_date, full_article, id_prefix, outlet_key, until_bound};
use crate::store::Store;
use crate::types::{ArticleSummary, ListFilter, SearchHit, Stats, StoredArticle};

/// Columns of an [`ArticleSummary`], in the order `summary_from_row` reads them.
const SUMMARY_COLUMNS: &str = "a.id, a.title, a.published, a.outlet, a.url, a.language, a.input_format";

impl Store {
    /// The article with this id, or with this unique id prefix (at least [`MIN_ID_PREFIX`](crate::MIN_ID_PREFIX) hex
    /// digits), with its sources and near-duplicate links.
    pub fn get(&self, id: &str) -> Result<Option<StoredArticle>> {
        let prefix = id_prefix(id)?;
        let action = || format!("reading article {prefix}");
        // Hex digits sort below 'g', so [prefix, prefix + "g") is exactly the ids with the prefix.
        let rows: Vec<(String, String, Option<String>, String)> = self
            .conn
            .prepare_cached("SELECT id, article_json, source_text, clean_text FROM articles WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT 2")
            .and_then(|mut statement| {
                let rows = statement.query_map(params![prefix, format!("{prefix}g")], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))?;
                rows.collect()
            })
            .context(&self.path, action)?;
        if rows.len() > 1 {
            return Err(Error::AmbiguousId { prefix: id.to_owned() });
        }
        let Some((found, article_json, source_text, clean_text)) = rows.into_iter().next() else {
            return Ok(None);
        };
        let source_text = source_text.unwrap_or_else(|| clean_text.clone());
        let article = full_article(&article_json, source_text, clean_text).map_err(|error| Error::Corrupt {
            path: self.path.clone(),
            id: found.clone(),
            reason: format!("article JSON: {error}"),
        })?;
        let sources = self.sources_of(&found).context(&self.path, action)?;
        let copy_of = self
            .conn
            .prepare_cached("SELECT copy_of, similarity FROM copies WHERE article_id = ?1")
            .and_then(|mut statement| {
                statement
                    .query_row([&found], |row| Ok((ArticleId::from_string(row.get(0)?), row.get::<_, f64>(1)? as f32)))
                    .optional()
            })
            .context(&self.path, action)?;
        let mut copies: Vec<(ArticleId, f32)> = copy_of.iter().cloned().collect();
        copies.extend(self.copies_of(&article.id)?);
        Ok(Some(StoredArticle { article, sources, copy_of, copies }))
    }

    fn sources_of(&self, id: &str) -> rusqlite::Result<Vec<SourceRef>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT path, member, byte_offset FROM sources WHERE article_id = ?1 ORDER BY path, member",
        )?;
        let rows = statement.query_map([id], |row| {
            let member: String = row.get(1)?;
            let offset: Option<i64> = row.get(2)?;
            Ok(SourceRef {
                path: row.get(0)?,
                member: (!member.is_empty()).then_some(member),
                offset: offset.and_then(|offset| u64::try_from(offset).ok()),
            })
        })?;
        rows.collect()
    }

    /// The articles stored as near-duplicates of `id`, most similar first.
    pub fn copies_of(&self, id: &ArticleId) -> Result<Vec<(ArticleId, f32)>> {
        self.conn
            .prepare_cached(
                "SELECT article_id, similarity FROM copies WHERE copy_of = ?1 ORDER BY similarity DESC, article_id",
            )
            .and_then(|mut statement| {
                let rows = statement.query_map([id.as_str()], |row| {
                    Ok((ArticleId::from_string(row.get(0)?), row.get::<_, f64>(1)? as f32))
                })?;
                rows.collect()
            })
            .context(&self.path, || format!("reading copies of article {id}"))
    }

    /// Stored articles matching the filter, newest first (then by id); undated articles last.
    pub fn list(&self, filter: &ListFilter) -> Result<Vec<ArticleSummary>> {
        let (conditions, mut values) = filter_sql(filter)?;
        let where_clause =
            if conditions.is_empty() { String::new() } else { format!("WHERE {}", conditions.join(" AND ")) };
        let sql = format!("SELECT {SUMMARY_COLUMNS} FROM articles a {where_clause} ORDER BY a.published IS NULL, a.published DESC, a.id LIMIT ? OFFSET ?");
        push_paging(&mut values, filter);
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut statement| {
                let rows = statement.query_map(params_from_iter(values), summary_from_row)?;
                rows.collect()
            })
            .context(&self.path, || "listing articles".to_owned())
    }

    /// Full-text search over titles and clean texts, best first (BM25, the title weighted ten
    /// times the body), restricted by the filter.
    ///
    /// The query is FTS5 syntax: words (all must match), `"a phrase"`, `OR`, `NOT`, `NEAR(a b)`,
    /// `prefix*`. A query FTS5 rejects ("U.S.", "al-Sadr", "don't", an unbalanced quote) is run
    /// again with each word quoted, so it finds the words as typed; only if that fails too is
    /// it an [`Error::Query`]. An empty query finds nothing.
    pub fn search(&self, query: &str, filter: &ListFilter) -> Result<Vec<SearchHit>> {
        self.search_cancellable(query, filter, &std::sync::Arc::default())
    }

    /// [`Store::search`] that also stops, with [`Error::TooCostly`], as soon as `cancel` is set:
    /// the server sets it when the client that asked has gone, so a costly query does not run
    /// on for nobody.
    pub fn search_cancellable(
        &self,
        query: &str,
        filter: &ListFilter,
        cancel: &std::sync::Arc<std::sync::atomic::AtomicBool>,
    ) -> Result<Vec<SearchHit>> {
        if query.trim().is_empty() {
            return Ok(Vec::new());
        }
        match self.search_fts(query, filter, cancel)? {
            Ok(hits) => Ok(hits),
            Err(_first) => match self.search_fts(&quote_words(query), filter, cancel)? {
                Ok(hits) => Ok(hits),
                Err(message) => Err(Error::Query { query: query.to_owned(), message }),
            },
        }
    }

    /// Sets what one [`Store::search`] may spend (two seconds by default).
    pub fn set_search_budget(&mut self, budget: crate::types::SearchBudget) {
        self.search_budget = budget;
    }

    /// Runs one FTS5 match. The outer error is the store failing; the inner one is FTS5
    /// rejecting the query.
    fn search_fts(
        &self,
        fts_query: &str,
        filter: &ListFilter,
        cancel: &std::sync::Arc<std::sync::atomic::AtomicBool>,
    ) -> Result<Result<Vec<SearchHit>, String>> {
        let (conditions, filter_values) = filter_sql(filter)?;
        let mut values = vec![
            Value::Text(self.snippet_open.clone()),
            Value::Text(self.snippet_close.clone()),
            Value::Text(fts_query.to_owned()),
        ];
        values.extend(filter_values);
        push_paging(&mut values, filter);
        let extra: String = conditions.iter().map(|condition| format!(" AND {condition}")).collect();
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, snippet(articles_fts, -1, ?, ?, '…', 24), bm25(articles_fts, 10.0, 1.0) AS rank
             FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
             WHERE articles_fts MATCH ?{extra}
             ORDER BY rank, a.id LIMIT ? OFFSET ?"
        );
        // SQLite calls the handler every `EVERY` virtual-machine steps; returning true stops the
        // query with SQLITE_INTERRUPT. Both budgets and the cancel flag are checked there.
        const EVERY: u64 = 1_000;
        let budget = self.search_budget;
        let started = std::time::Instant::now();
        let exceeded = std::sync::Arc::new(std::sync::atomic::AtomicU8::new(0));
        let flag = std::sync::Arc::clone(&exceeded);
        let cancel = std::sync::Arc::clone(cancel);
        let mut calls: u64 = 0;
        self.conn.progress_handler(
            EVERY as std::ffi::c_int,
            Some(move || {
                calls += 1;
                let over = if budget.steps.is_some_and(|steps| calls.saturating_mul(EVERY) > steps) {
                    1
                } else if started.elapsed() > budget.time {
                    2
                } else if cancel.load(std::sync::atomic::Ordering::Relaxed) {
                    3
                } else {
                    0
                };
                flag.store(over, std::sync::atomic::Ordering::Relaxed);
                over != 0
            }),
        );
        let result = self.conn.prepare_cached(&sql).and_then(|mut statement| {
            let rows = statement.query_map(params_from_iter(values), |row| {
                Ok(SearchHit { article: summary_from_row(row)?, snippet: row.get(7)?, score: -row.get::<_, f64>(8)? })
            })?;
            rows.collect::<rusqlite::Result<Vec<SearchHit>>>()
        });
        self.conn.progress_handler(0, None::<fn() -> bool>);
        match result {
            Ok(hits) => Ok(Ok(hits)),
            Err(rusqlite::Error::SqliteFailure(error, _))
                if error.code == rusqlite::ErrorCode::OperationInterrupted =>
            {
                let spent = match exceeded.load(std::sync::atomic::Ordering::Relaxed) {
                    1 => format!("{} steps", budget.steps.unwrap_or_default()),
                    3 => "until the client left".to_owned(),
                    _ => format!("{:?}", budget.time),
                };
                Err(Error::TooCostly { query: fts_query.to_owned(), spent })
            }
            // FTS5 reports a bad query as a plain SQLITE_ERROR ("fts5: syntax error near ...",
            // "no such column: Trump" for "Trump: wall"); anything else is the store failing.
            Err(rusqlite::Error::SqliteFailure(error, message))
                if error.extended_code == rusqlite::ffi::SQLITE_ERROR =>
            {
                Ok(Err(message.unwrap_or_else(|| "rejected by full-text search".to_owned())))
            }
            Err(source) => {
                Err(Error::Sqlite { path: self.path.clone(), action: format!("searching for {fts_query:?}"), source })
            }
        }
    }

    /// Every stored annotation layer `schema`, as `(article id, JSON)`, in id order.
    ///
    /// The ledger queries (`claims`, `entities`) read these; they are small per article.
    pub fn all_annotations(&self, schema: &str) -> Result<Vec<(ArticleId, String)>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT article_id, json FROM annotations WHERE schema = ?1 ORDER BY article_id")
            .context(&self.path, || format!("reading {schema} annotations"))?;
        let rows = statement
            .query_map([schema], |row| Ok((ArticleId::from_string(row.get(0)?), row.get(1)?)))
            .and_then(Iterator::collect)
            .context(&self.path, || format!("reading {schema} annotations"))?;
        Ok(rows)
    }

    /// The annotation layers `schema` of the articles that pass `filter` (outlet and dates; its
    /// paging is ignored), ordered by article id as [`Store::all_annotations`] orders them.
    pub fn annotations_where(&self, schema: &str, filter: &ListFilter) -> Result<Vec<(ArticleId, String)>> {
        let (conditions, mut values) = filter_sql(filter)?;
        values.insert(0, Value::Text(schema.to_owned()));
        let conditions: String = conditions.iter().map(|condition| format!(" AND {condition}")).collect();
        let sql = format!("SELECT n.article_id, n.json FROM annotations n JOIN articles a ON a.id = n.article_id WHERE n.schema = ?{conditions} ORDER BY n.article_id");
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut statement| {
                let rows = statement.query_map(params_from_iter(values), |row| {
                    Ok((ArticleId::from_string(row.get(0)?), row.get(1)?))
                })?;
                rows.collect()
            })
            .context(&self.path, || format!("reading {schema} annotations"))
    }

    /// How many articles the store holds (one count, not all of [`Store::stats`]).
    pub fn article_count(&self) -> Result<u64> {
        self.conn
            .query_row("SELECT count(*) FROM articles", [], |row| row.get::<_, i64>(0))
            .map(|n| n.max(0) as u64)
            .context(&self.path, || "counting articles".to_owned())
    }

    /// Counts of what the store holds.
    pub fn stats(&self) -> Result<Stats> {
        let count = |sql: &str| -> rusqlite::Result<u64> {
            self.conn.query_row(sql, [], |row| row.get::<_, i64>(0)).map(|n| n.max(0) as u64)
        };
        let run = || -> rusqlite::Result<Stats> {
            Ok(Stats {
                articles: count("SELECT count(*) FROM articles")?,
                sources: count("SELECT count(*) FROM sources")?,
                near_duplicates: count("SELECT count(*) FROM copies")?,
                publications: count("SELECT count(*) FROM publications")?,
                outlets: count("SELECT count(DISTINCT outlet_key) FROM articles WHERE outlet_key IS NOT NULL")?,
                tombstones: count("SELECT count(*) FROM tombstones")?,
                annotations: count("SELECT count(*) FROM annotations")?,
            })
        };
        run().context(&self.path, || "counting".to_owned())
    }

    /// Checks the store's consistency and returns the problems found (none for a sound store):
    /// SQLite's `integrity_check`, the FTS index against the articles, band keys per article,
    /// and links (sources, copies, annotations) that point at no article.
    pub fn check(&self) -> Result<Vec<String>> {
        let run = || -> rusqlite::Result<Vec<String>> {
            let mut problems = Vec::new();
            let mut statement = self.conn.prepare("PRAGMA integrity_check")?;
            let lines: Vec<String> = statement.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
            if lines != ["ok"] {
                problems.extend(lines.into_iter().map(|line| format!("integrity_check: {line}")));
            }
            if let Err(error) =
                self.conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)", [])
            {
                problems.push(format!("full-text index: {error}"));
            }
            let count = |sql: &str| -> rusqlite::Result<i64> { self.conn.query_row(sql, [], |row| row.get(0)) };
            let articles = count("SELECT count(*) FROM articles")?;
            // With external content, the docsize table has one row per indexed document.
            let indexed = count("SELECT count(*) FROM articles_fts_docsize")?;
            if indexed != articles {
                problems.push(format!("{indexed} articles in the full-text index, {articles} stored"));
            }
            let with_signature = count("SELECT count(*) FROM articles WHERE signature IS NOT NULL")?;
            let bands = count("SELECT count(*) FROM bands")?;
            // Two bands of one article can hash alike only by a 64-bit collision.
            if bands != with_signature * BANDS as i64 {
                problems.push(format!("{bands} band keys for {with_signature} articles with signatures"));
            }
            for (table, column) in [
                ("sources", "article_id"),
                ("copies", "article_id"),
                ("copies", "copy_of"),
                ("annotations", "article_id"),
            ] {
                let orphans =
                    count(&format!("SELECT count(*) FROM {table} WHERE {column} NOT IN (SELECT id FROM articles)"))?;
                if orphans > 0 {
                    problems.push(format!("{orphans} rows of {table}.{column} name no stored article"));
                }
            }
            let stray = count("SELECT count(*) FROM bands WHERE article_seq NOT IN (SELECT seq FROM articles)")?;
            if stray > 0 {
                problems.push(format!("{stray} band keys of no stored article"));
            }
            Ok(problems)
        };
        run().context(&self.path, || "checking consistency".to_owned())
    }
}

/// SQL conditions (on `articles a`) and their values for a filter.
fn filter_sql(filter: &ListFilter) -> Result<(Vec<&'static str>, Vec<Value>)> {
    let mut conditions = Vec::new();
    let mut values = Vec::new();
    if let Some(outlet) = &filter.outlet {
        conditions.push("a.outlet_key = ?");
        values.push(Value::Text(outlet_key(outlet)));
    }
    if let Some(since) = &filter.since {
        check_date(since)?;
        // RFC 3339 times start with their date, so they sort after the bare date of that day.
        conditions.push("a.published >= ?");
        values.push(Value::Text(since.clone()));
    }
    if let Some(until) = &filter.until {
        check_date(until)?;
        conditions.push("a.published <= ?");
        values.push(Value::Text(until_bound(until)));
    }
    Ok((conditions, values))
}

fn push_paging(values: &mut Vec<Value>, filter: &ListFilter) {
    let limit = if filter.limit == 0 { -1 } else { i64::try_from(filter.limit).unwrap_or(i64::MAX) };
    values.push(Value::Integer(limit));
    values.push(Value::Integer(i64::try_from(filter.offset).unwrap_or(i64::MAX)));
}

fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<ArticleSummary> {
    Ok(ArticleSummary {
        id: ArticleId::from_string(row.get(0)?),
        title: row.get(1)?,
        published: row.get(2)?,
        outlet: row.get(3)?,
        url: row.get(4)?,
        language: row.get(5)?,
        input: row.get(6)?,
    })
}

/// Each whitespace-separated word of a query as an FTS5 string, so that no character is syntax:
/// `U.S. al-Sadr` becomes `"U.S." "al-Sadr"`, which FTS5 tokenizes to the phrases "u s" and
/// "al sadr".
fn quote_words(query: &str) -> String {
    query.split_whitespace().map(|word| format!("\"{}\"", word.replace('"', "\"\""))).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_leaves_no_syntax() {
        assert_eq!(quote_words("U.S.  \"wall"), "\"U.S.\" \"\"\"wall\"");
    }
}
