//! One poll of one feed: a conditional GET, the body read by `hearsay_ingest`'s feed reader
//! (RSS, Atom, JSON Feed), summaries replaced by their pages, the articles stored through the
//! pipeline's batch, then the validators and health saved, then the ledger step.

use std::time::Instant;

use std::collections::HashMap;

use hearsay_article::{InputFormat, RawArticle, Record, SourceRef};
use hearsay_pipeline::Batch;
use hearsay_store::Backend;

use crate::http::Fetched;
use crate::pages::{fetch_page, is_summary};
use crate::records::{apply, flush, Prepared, Tally};
use crate::run::{chain, load_state, mark_polled, Shared, SourceReport};
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
    let saved = {
        let _turn = shared.write_turn();
        store.put_followed_source(&state)
    };
    if let Err(error) = saved {
        report.error.get_or_insert(format!("saving its state: {}", chain(&error)));
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
    // Pages are fetched before the store is taken, so a slow site holds up no other source.
    let mut pages = HashMap::new();
    let tally = &mut report.tally;
    for item in &items {
        let Ok(Record::Article(raw)) = item else { continue };
        if !options.pages || !is_summary(raw, options.summary_chars) {
            continue;
        }
        let link = raw.hints.url.clone().unwrap_or_default();
        match fetch_page(&shared.http, &shared.robots, &options.user_agent, raw) {
            Ok(article) => {
                tally.pages += 1;
                pages.insert(link, article);
            }
            Err(reason) => {
                tracing::debug!(source = %raw.source, %reason, "Kept the feed's summary.");
                tally.page_failures.push(hearsay_pipeline::Failure { source: link, reason });
            }
        }
    }
    let mut prepare = |mut raw: RawArticle, _: &mut Tally| {
        let link = raw.hints.url.clone();
        if let Some(mut article) = link.as_ref().and_then(|link| pages.remove(link)) {
            article.source = SourceRef::member(source.url.clone(), link.unwrap_or_default(), None);
            return Prepared::Article(Box::new(article));
        }
        // The item's link names it better than its place in today's feed.
        if let Some(link) = link {
            raw.source = SourceRef::member(source.url.clone(), link, None);
        }
        Prepared::Raw(raw)
    };
    let mut batch = Batch::new(&options.ingest);
    let _turn = shared.write_turn();
    apply(items.into_iter(), store, &mut batch, tally, &mut prepare)
        .and_then(|()| flush(&mut batch, store, tally))
        .map_err(|error| format!("storing: {}", chain(&error)))?;
    // Validators are saved only once the articles they cover are committed: a kill before
    // this line fetches the whole feed again next time, and the store drops what it has.
    state.etag = body.etag;
    state.last_modified = body.last_modified;
    state.articles += i64::try_from(tally.stored).unwrap_or(i64::MAX);
    Ok(())
}
