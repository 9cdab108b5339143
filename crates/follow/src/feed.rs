//! One poll of one feed: a conditional GET, the body read by `hearsay_ingest`'s feed reader
//! (RSS, Atom, JSON Feed), summaries replaced by their pages, the articles stored through the
//! pipeline's batch, then the validators and health saved, then the ledger step.

use std::time::Instant;

use hearsay_article::{InputFormat, SourceRef};
use hearsay_pipeline::Batch;
use hearsay_store::Backend;

use crate::http::Fetched;
use crate::pages::{fetch_page, is_summary};
use crate::records::{apply, flush, Prepared, Tally};
use crate::run::{load_state, mark_polled, Shared, SourceReport};
use crate::Source;

/// Polls `source` once and reports what happened; a failure is in the report, never a panic or
/// an early return that skips saving the source's health.
pub(crate) fn poll(shared: &Shared<'_>, source: &Source, store: &mut dyn Backend, pass: u64) -> SourceReport {
    let started = Instant::now();
    let mut report = SourceReport::new(source, pass);
    let mut state = match load_state(store, source) {
        Ok(state) => state,
        Err(error) => {
            report.error = Some(format!("reading its state: {error}"));
            report.finish(started);
            return report;
        }
    };
    let outcome = fetch_and_store(shared, source, store, &mut state, &mut report);
    mark_polled(&mut state, outcome.as_ref().err().map(String::as_str));
    if let Err(error) = outcome {
        report.error = Some(error);
    }
    if let Err(error) = store.put_followed_source(&state) {
        report.error.get_or_insert(format!("saving its state: {error}"));
    }
    if report.tally.stored > 0 || report.tally.deleted > 0 {
        shared.update_ledger(store, &mut report.tally, &source.url);
    }
    report.finish(started);
    report
}

fn fetch_and_store(
    shared: &Shared<'_>,
    source: &Source,
    store: &mut dyn Backend,
    state: &mut hearsay_store::FollowedSource,
    report: &mut SourceReport,
) -> Result<(), String> {
    let options = shared.options;
    let fetched = shared
        .http
        .get(&source.url, state.etag.as_deref(), state.last_modified.as_deref())
        .map_err(|failed| failed.reason)?;
    let body = match fetched {
        Fetched::NotModified => {
            report.not_modified = true;
            return Ok(());
        }
        Fetched::Body(body) => body,
    };
    let reader = hearsay_ingest::read_bytes(&source.url, body.bytes, &options.ingest.limits);
    let format = reader.format();
    if !matches!(format, Some(InputFormat::Rss | InputFormat::Atom | InputFormat::JsonFeed)) {
        // Read it anyway for the reason: an HTML page, an error page, a broken document.
        let reason = reader
            .filter_map(Result::err)
            .map(|error| error.reason)
            .next()
            .unwrap_or_else(|| format!("not a feed ({})", format.map_or("unknown format", InputFormat::name)));
        return Err(reason);
    }
    let items: Vec<_> = reader.collect();
    let readable = items.iter().filter(|item| item.is_ok()).count();
    if readable == 0 {
        if let Some(Err(error)) =
            items.iter().find(|item| item.as_ref().is_err_and(|error| error.kind == hearsay_ingest::ErrorKind::Failed))
        {
            return Err(error.reason.clone());
        }
    }
    let mut batch = Batch::new(&options.ingest);
    let tally = &mut report.tally;
    let mut prepare = |mut raw: hearsay_article::RawArticle, tally: &mut Tally| {
        // The item's link names it better than its place in today's feed.
        if let Some(link) = raw.hints.url.clone() {
            raw.source = SourceRef::member(source.url.clone(), link, None);
        }
        if !options.pages || !is_summary(&raw, options.summary_chars) {
            return Prepared::Raw(raw);
        }
        match fetch_page(&shared.http, &shared.robots, &options.user_agent, &raw) {
            Ok(article) => {
                tally.pages += 1;
                Prepared::Article(Box::new(article))
            }
            Err(reason) => {
                tracing::debug!(source = %raw.source, %reason, "Kept the feed's summary.");
                tally.failures.push(hearsay_pipeline::Failure { source: raw.source.to_string(), reason });
                Prepared::Raw(raw)
            }
        }
    };
    let stored =
        apply(items.into_iter(), store, &mut batch, tally, &mut prepare).and_then(|()| flush(&mut batch, store, tally));
    stored.map_err(|error| format!("storing: {error}"))?;
    // Validators are saved only once the articles they cover are committed: a kill before
    // this line fetches the whole feed again next time, and the store drops what it has.
    state.etag = body.etag;
    state.last_modified = body.last_modified;
    state.articles += i64::try_from(tally.stored).unwrap_or(i64::MAX);
    Ok(())
}
