//! What `hearsay follow` remembers about each source it polls: the validators of the last answer
//! (ETag, Last-Modified), the Jetstream cursor, and its health, so a restart resumes where the
//! last run stopped. Plain data here; the SQLite table `followed_sources` below, and the same
//! table in `hearsay-store-pg`.

use serde::{Deserialize, Serialize};

/// One followed source (a feed URL or a Jetstream endpoint) and its state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowedSource {
    /// The URL polled or subscribed to: the key.
    pub url: String,
    /// `feed` or `jetstream`.
    pub kind: String,
    /// The `ETag` of the last full answer, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` of the last full answer, sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
    /// The Jetstream cursor: `time_us` of the last event whose batch is committed.
    pub cursor: Option<i64>,
    /// When the source was last polled (RFC 3339, UTC).
    pub last_poll: Option<String>,
    /// When a poll last succeeded (RFC 3339, UTC).
    pub last_success: Option<String>,
    /// Why the last poll failed; `None` when it succeeded.
    pub last_error: Option<String>,
    /// Polls that failed in a row (0 when the last one succeeded).
    pub failures: i64,
    /// Articles this source has brought into the store, over every run.
    pub articles: i64,
}

#[cfg(feature = "sqlite")]
mod sqlite {
    use rusqlite::{params, OptionalExtension, Row};

    use super::FollowedSource;
    use crate::error::{Context, Result};
    use crate::Store;

    const COLUMNS: &str =
        "url, kind, etag, last_modified, cursor, last_poll, last_success, last_error, failures, articles";

    impl Store {
        /// Every followed source, by URL.
        pub fn followed_sources(&self) -> Result<Vec<FollowedSource>> {
            let sql = format!("SELECT {COLUMNS} FROM followed_sources ORDER BY url");
            let mut statement =
                self.conn.prepare_cached(&sql).context(&self.path, || "listing followed sources".into())?;
            let rows = statement.query_map([], from_row).context(&self.path, || "listing followed sources".into())?;
            rows.collect::<rusqlite::Result<Vec<_>>>().context(&self.path, || "listing followed sources".into())
        }

        /// The state of one followed source, `None` before its first poll.
        pub fn followed_source(&self, url: &str) -> Result<Option<FollowedSource>> {
            let sql = format!("SELECT {COLUMNS} FROM followed_sources WHERE url = ?1");
            self.conn
                .prepare_cached(&sql)
                .and_then(|mut statement| statement.query_row([url], from_row).optional())
                .context(&self.path, || format!("reading the state of {url}"))
        }

        /// Writes a followed source's state, replacing what was there (its own transaction).
        pub fn put_followed_source(&mut self, source: &FollowedSource) -> Result<()> {
            let sql = format!(
                "INSERT OR REPLACE INTO followed_sources ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
            );
            self.conn
                .execute(
                    &sql,
                    params![
                        source.url,
                        source.kind,
                        source.etag,
                        source.last_modified,
                        source.cursor,
                        source.last_poll,
                        source.last_success,
                        source.last_error,
                        source.failures,
                        source.articles
                    ],
                )
                .context(&self.path, || format!("writing the state of {}", source.url))?;
            Ok(())
        }
    }

    fn from_row(row: &Row<'_>) -> rusqlite::Result<FollowedSource> {
        Ok(FollowedSource {
            url: row.get(0)?,
            kind: row.get(1)?,
            etag: row.get(2)?,
            last_modified: row.get(3)?,
            cursor: row.get(4)?,
            last_poll: row.get(5)?,
            last_success: row.get(6)?,
            last_error: row.get(7)?,
            failures: row.get(8)?,
            articles: row.get(9)?,
        })
    }
}
