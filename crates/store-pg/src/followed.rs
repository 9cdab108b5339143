//! The sources `hearsay follow` polls, in the table `followed_sources`: the embedded store's
//! `crates/store/src/followed.rs`, column for column.

use hearsay_store::{FollowedSource, Result};
use postgres::Row;

use crate::PgStore;

const COLUMNS: &str = "url, kind, etag, last_modified, cursor, last_poll, last_success, last_error, failures, articles";

impl PgStore {
    pub(crate) fn read_followed_sources(&self) -> Result<Vec<FollowedSource>> {
        let sql = format!("SELECT {COLUMNS} FROM followed_sources ORDER BY url");
        let rows = self.client().query(&sql, &[]).map_err(self.failed("listing followed sources"))?;
        Ok(rows.iter().map(from_row).collect())
    }

    pub(crate) fn read_followed_source(&self, url: &str) -> Result<Option<FollowedSource>> {
        let sql = format!("SELECT {COLUMNS} FROM followed_sources WHERE url = $1");
        let row = self.client().query_opt(&sql, &[&url]).map_err(self.failed(format!("reading the state of {url}")))?;
        Ok(row.as_ref().map(from_row))
    }

    pub(crate) fn write_followed_source(&self, source: &FollowedSource) -> Result<()> {
        let sql = format!(
            "INSERT INTO followed_sources ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
             ON CONFLICT (url) DO UPDATE SET kind = EXCLUDED.kind, etag = EXCLUDED.etag,
                 last_modified = EXCLUDED.last_modified, cursor = EXCLUDED.cursor, last_poll = EXCLUDED.last_poll,
                 last_success = EXCLUDED.last_success, last_error = EXCLUDED.last_error,
                 failures = EXCLUDED.failures, articles = EXCLUDED.articles"
        );
        self.client()
            .execute(
                &sql,
                &[
                    &source.url,
                    &source.kind,
                    &source.etag,
                    &source.last_modified,
                    &source.cursor,
                    &source.last_poll,
                    &source.last_success,
                    &source.last_error,
                    &source.failures,
                    &source.articles,
                ],
            )
            .map_err(self.failed(format!("writing the state of {}", source.url)))?;
        Ok(())
    }
}

fn from_row(row: &Row) -> FollowedSource {
    FollowedSource {
        url: row.get(0),
        kind: row.get(1),
        etag: row.get(2),
        last_modified: row.get(3),
        cursor: row.get(4),
        last_poll: row.get(5),
        last_success: row.get(6),
        last_error: row.get(7),
        failures: row.get(8),
        articles: row.get(9),
    }
}
