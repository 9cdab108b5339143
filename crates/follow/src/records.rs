//! Records into the store, as `hearsay ingest` stores them: articles through the pipeline's
//! [`Batch`] (clean, annotate, one transaction), publications and deletions as they come, a
//! deletion only after the articles before it are stored.

use hearsay_article::{Article, RawArticle, Record};
use hearsay_ingest::{ErrorKind, RecordError};
use hearsay_pipeline::{Batch, Failure};
use hearsay_store::Backend;
use serde::Serialize;

/// What one pass over one source did with its records.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Records read (feed items, Jetstream events).
    pub records: usize,
    /// New articles stored.
    pub stored: usize,
    /// Articles already in the store.
    pub duplicates: usize,
    /// New articles that are near-duplicates of a stored one.
    pub near_duplicates: usize,
    /// Publication records stored.
    pub publications: usize,
    /// Articles removed by Jetstream deletions.
    pub deleted: usize,
    /// Records skipped on purpose (likes, follows, identity events).
    pub skipped: usize,
    /// Article pages fetched in place of a feed item's summary.
    pub pages: usize,
    /// Pages that could not be fetched or read (or that `robots.txt` disallows), with reasons:
    /// the item's summary was stored instead.
    pub page_failures: Vec<Failure>,
    /// Records that failed, with reasons.
    pub failures: Vec<Failure>,
}

/// What a feed item becomes before it is batched: the item itself, or the article read from
/// its page.
#[expect(clippy::large_enum_variant, reason = "one value a record, moved once: boxing would only add an allocation")]
pub(crate) enum Prepared {
    Raw(RawArticle),
    Article(Box<Article>),
}

/// Adds records to `batch`, storing it when full and before a deletion. `prepare` may replace
/// an item by its page (see `pages.rs`).
pub(crate) fn apply(
    records: impl Iterator<Item = Result<Record, RecordError>>,
    store: &mut dyn Backend,
    batch: &mut Batch,
    tally: &mut Tally,
    prepare: &mut dyn FnMut(RawArticle, &mut Tally) -> Prepared,
) -> hearsay_store::Result<()> {
    for item in records {
        tally.records += 1;
        match item {
            Ok(Record::Article(raw)) => {
                let source = raw.source.to_string();
                match prepare(raw, tally) {
                    Prepared::Raw(raw) => {
                        if let Err(reason) = batch.push_raw(&raw) {
                            tally.failures.push(Failure { source, reason });
                        }
                    }
                    Prepared::Article(article) => batch.push(*article),
                }
                if batch.is_full() {
                    flush(batch, store, tally)?;
                }
            }
            Ok(Record::Publication(publication)) => {
                store.put_publication(&publication)?;
                tally.publications += 1;
            }
            Ok(Record::Delete { at_uri, .. }) => {
                flush(batch, store, tally)?;
                if store.delete_at_uri(&at_uri)? {
                    tally.deleted += 1;
                }
            }
            Err(error) if error.kind == ErrorKind::Skipped => tally.skipped += 1,
            Err(error) => tally.failures.push(Failure { source: error.source.to_string(), reason: error.reason }),
        }
    }
    Ok(())
}

/// Stores what the batch holds, in one transaction.
pub(crate) fn flush(batch: &mut Batch, store: &mut dyn Backend, tally: &mut Tally) -> hearsay_store::Result<()> {
    let stored = batch.store(store)?;
    tally.stored += stored.stored;
    tally.duplicates += stored.duplicates;
    tally.near_duplicates += stored.near_duplicates;
    Ok(())
}
