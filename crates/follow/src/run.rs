//! The follower: one thread per source, each with its own store connection, polling its feed on
//! an interval or holding its Jetstream subscription; one report per source per pass.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use hearsay_pipeline::IngestOptions;
use hearsay_store::{Backend, FollowedSource};
use serde::Serialize;

use crate::http::Http;
use crate::pages::Robots;
use crate::records::Tally;
use crate::{Source, SourceKind};

/// Opens a connection to the store; called once per source thread.
pub type OpenStore<'a> = dyn Fn() -> hearsay_store::Result<Box<dyn Backend>> + Sync + 'a;

/// Brings the ledger up to date after a batch (the CLI's ledger step, with its embeddings).
pub type UpdateLedger<'a> = dyn Fn(&mut dyn Backend) -> Result<(), String> + Sync + 'a;

/// How `follow` polls, fetches and stores.
#[derive(Debug, Clone)]
pub struct FollowOptions {
    /// Limits, batch size and extraction, as for `hearsay ingest`.
    pub ingest: IngestOptions,
    /// One pass over every source, then return (cron jobs, tests). A Jetstream pass ends when no
    /// event has come for [`FollowOptions::jetstream_idle`].
    pub exit_when_idle: bool,
    /// Time between two polls of a feed without an interval of its own. Default 5 minutes.
    pub interval: Duration,
    /// Connect and whole-request timeout of one HTTP request. Default 30 s.
    pub timeout: Duration,
    /// Retries of a request that failed in a way that may pass (timeouts, 5xx, 429). Default 2.
    pub retries: u32,
    /// Wait before the first retry, doubled for each next one. Default 1 s.
    pub backoff: Duration,
    /// Least time between two requests to one host, whichever source makes them. Default 1 s.
    pub host_delay: Duration,
    /// Largest body read from one answer; a larger one fails its source. Default 20 MiB.
    pub max_body_bytes: u64,
    /// Redirects followed before a request fails as a loop. Default 5.
    pub max_redirects: u32,
    /// Fetch the page of a feed item that holds only a summary. Default on (`--no-pages` off).
    pub pages: bool,
    /// Below this many visible characters a feed item is a summary. Default 1,000.
    pub summary_chars: usize,
    /// The `User-Agent` of every request, and the agent `robots.txt` rules are read for.
    pub user_agent: String,
    /// Jetstream events committed per batch. Default 256.
    pub jetstream_batch: usize,
    /// Longest a Jetstream event waits before its batch is committed. Default 1 s.
    pub jetstream_flush: Duration,
    /// With `exit_when_idle`: a Jetstream pass ends after this long without an event. Default 3 s.
    pub jetstream_idle: Duration,
    /// Longest wait between two reconnects to a Jetstream. Default 60 s.
    pub max_backoff: Duration,
}

impl Default for FollowOptions {
    fn default() -> FollowOptions {
        FollowOptions {
            ingest: IngestOptions::default(),
            exit_when_idle: false,
            interval: Duration::from_secs(300),
            timeout: Duration::from_secs(30),
            retries: 2,
            backoff: Duration::from_secs(1),
            host_delay: Duration::from_secs(1),
            max_body_bytes: 20 * 1024 * 1024,
            max_redirects: 5,
            pages: true,
            summary_chars: 1000,
            user_agent: format!("hearsay/{} (news claims ledger; hearsay follow)", env!("CARGO_PKG_VERSION")),
            jetstream_batch: 256,
            jetstream_flush: Duration::from_secs(1),
            jetstream_idle: Duration::from_secs(3),
            max_backoff: Duration::from_secs(60),
        }
    }
}

/// How one pass over one source ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// New articles were stored.
    New,
    /// Nothing new: a 304, or only articles already stored.
    Unchanged,
    /// The source could not be read; the reason is in [`SourceReport::error`].
    Failed,
}

/// One source's pass: the line `follow` prints, and the JSON line of `--json`.
#[derive(Debug, Clone, Serialize)]
pub struct SourceReport {
    /// The source's URL.
    pub url: String,
    /// `feed` or `jetstream`.
    pub kind: &'static str,
    /// The pass, from 1.
    pub pass: u64,
    /// New, unchanged or failed.
    pub status: Status,
    /// Why the source failed.
    pub error: Option<String>,
    /// The server answered 304 Not Modified: no body was downloaded.
    pub not_modified: bool,
    /// What happened to the records.
    #[serde(flatten)]
    pub tally: Tally,
    /// The Jetstream cursor after the pass.
    pub cursor: Option<i64>,
    /// Jetstream reconnects during the pass.
    pub reconnects: usize,
    /// How long the pass took, in milliseconds.
    pub elapsed_ms: u64,
}

impl SourceReport {
    pub(crate) fn new(source: &Source, pass: u64) -> SourceReport {
        SourceReport {
            url: source.url.clone(),
            kind: source.kind.name(),
            pass,
            status: Status::Unchanged,
            error: None,
            not_modified: false,
            tally: Tally::default(),
            cursor: None,
            reconnects: 0,
            elapsed_ms: 0,
        }
    }

    /// Sets the status from the tally, unless the pass failed.
    pub(crate) fn finish(&mut self, started: Instant) {
        if self.error.is_some() {
            self.status = Status::Failed;
        } else if self.tally.stored > 0 || self.tally.deleted > 0 || self.tally.publications > 0 {
            self.status = Status::New;
        }
        self.elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    }

    /// The line for people: `feed URL: 3 new (12 items, 9 already stored, 2 pages)`.
    pub fn line(&self) -> String {
        let tally = &self.tally;
        let head = format!("{} {}", self.kind, self.url);
        if let Some(error) = &self.error {
            return format!("{head}: failed: {error}");
        }
        if self.not_modified {
            return format!("{head}: unchanged (not modified)");
        }
        let unit = if self.kind == "jetstream" { "events" } else { "items" };
        let mut details = vec![format!("{} {unit}", tally.records)];
        for (count, what) in [
            (tally.duplicates, "already stored"),
            (tally.near_duplicates, "near-duplicates"),
            (tally.publications, "publications"),
            (tally.deleted, "deleted"),
            (tally.skipped, "skipped"),
            (tally.pages, "pages"),
            (tally.page_failures.len(), "summaries kept (page not fetched)"),
            (tally.failures.len(), "failed"),
            (self.reconnects, "reconnects"),
        ] {
            if count > 0 {
                details.push(format!("{count} {what}"));
            }
        }
        if let Some(cursor) = self.cursor {
            details.push(format!("cursor {cursor}"));
        }
        let verdict = if tally.stored > 0 { format!("{} new", tally.stored) } else { "unchanged".to_owned() };
        format!("{head}: {verdict} ({})", details.join(", "))
    }
}

/// What every source thread shares.
pub(crate) struct Shared<'a> {
    pub(crate) options: &'a FollowOptions,
    pub(crate) http: Http,
    pub(crate) robots: Robots,
    pub(crate) update_ledger: Option<&'a UpdateLedger<'a>>,
    /// One writer at a time in this process: SQLite has one writer anyway, and a transaction
    /// that must wait for another's lock after it has read fails rather than waits.
    write_lock: Mutex<()>,
    /// Held by the thread bringing the ledger up to date (see [`Shared::update_ledger`]).
    ledger_lock: Mutex<()>,
    /// Articles were committed that the ledger has not read yet.
    ledger_stale: std::sync::atomic::AtomicBool,
    pub(crate) stop: &'a AtomicBool,
    on_report: &'a (dyn Fn(&SourceReport) + Sync),
    reports: Mutex<Vec<SourceReport>>,
}

impl Shared<'_> {
    pub(crate) fn report(&self, report: SourceReport) {
        (self.on_report)(&report);
        if self.options.exit_when_idle {
            self.reports.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(report);
        }
    }

    /// Holds this process's write turn until dropped.
    pub(crate) fn write_turn(&self) -> std::sync::MutexGuard<'_, ()> {
        self.write_lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn with_write_turn<T>(&self, write: impl FnOnce() -> T) -> T {
        let _turn = self.write_turn();
        write()
    }

    pub(crate) fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// Sleeps for `duration`, waking early when asked to stop. Returns false when stopped.
    pub(crate) fn sleep(&self, duration: Duration) -> bool {
        let until = Instant::now() + duration;
        while !self.stopped() {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return true;
            }
            std::thread::sleep(left.min(Duration::from_millis(100)));
        }
        false
    }

    /// The ledger step after a batch that changed the store.
    ///
    /// An update reads every article committed before it starts, so one thread can bring the
    /// ledger up to date for all: a thread that finds another one updating marks the ledger
    /// stale and goes on, and the updating thread runs again while it is stale. With many feeds
    /// polled at once this is one update per burst instead of one per feed.
    pub(crate) fn update_ledger(&self, store: &mut dyn Backend, tally: &mut Tally, url: &str) {
        let Some(update) = self.update_ledger else { return };
        self.ledger_stale.store(true, Ordering::SeqCst);
        loop {
            let updating = match self.ledger_lock.try_lock() {
                Ok(guard) => guard,
                Err(std::sync::TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
                Err(std::sync::TryLockError::WouldBlock) => return,
            };
            while self.ledger_stale.swap(false, Ordering::SeqCst) {
                let _turn = self.write_turn();
                if let Err(reason) = update(store) {
                    tracing::warn!(source = url, error = %reason, "The ledger was not brought up to date.");
                    tally.failures.push(hearsay_pipeline::Failure {
                        source: url.to_owned(),
                        reason: format!("ledger: {reason}"),
                    });
                }
            }
            drop(updating);
            // Marked stale between the last check and the release: that thread found the lock
            // taken and left its articles to this one.
            if !self.ledger_stale.load(Ordering::SeqCst) {
                return;
            }
        }
    }
}

/// Follows sources into a store.
pub struct Follower<'a> {
    /// How to poll, fetch and store.
    pub options: FollowOptions,
    /// Opens a store connection (one per source thread).
    pub open_store: &'a OpenStore<'a>,
    /// The ledger step run after each batch that stored something; `None` skips it.
    pub update_ledger: Option<&'a UpdateLedger<'a>>,
    /// Called with each source's report after each pass, from that source's thread.
    pub on_report: &'a (dyn Fn(&SourceReport) + Sync),
    /// Set to stop: every source finishes its current batch and returns.
    pub stop: &'a AtomicBool,
}

impl std::fmt::Debug for Follower<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Follower").field("options", &self.options).finish_non_exhaustive()
    }
}

impl Follower<'_> {
    /// Follows `sources` until [`Follower::stop`] is set or, with
    /// [`FollowOptions::exit_when_idle`], for one pass. Returns the reports of a single pass
    /// (none when following until stopped: they went to `on_report`).
    pub fn run(&self, sources: &[Source], interval: Option<Duration>) -> Vec<SourceReport> {
        let shared = Shared {
            options: &self.options,
            http: Http::new(&self.options),
            robots: Robots::default(),
            update_ledger: self.update_ledger,
            write_lock: Mutex::new(()),
            ledger_lock: Mutex::new(()),
            ledger_stale: std::sync::atomic::AtomicBool::new(false),
            stop: self.stop,
            on_report: self.on_report,
            reports: Mutex::new(Vec::new()),
        };
        let default_interval = interval.unwrap_or(self.options.interval);
        // Opened once before the threads, so that a new store is created and migrated once
        // rather than raced by every source.
        if let Err(error) = (self.open_store)() {
            tracing::warn!(error = %error, "Cannot open the store.");
        }
        std::thread::scope(|scope| {
            for source in sources {
                let shared = &shared;
                scope.spawn(move || follow_source(shared, self.open_store, source, default_interval));
            }
        });
        let mut reports = shared.reports.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        reports.sort_by(|a, b| (a.kind, &a.url, a.pass).cmp(&(b.kind, &b.url, b.pass)));
        reports
    }
}

fn follow_source(shared: &Shared<'_>, open_store: &OpenStore<'_>, source: &Source, default_interval: Duration) {
    let mut store = match open_store() {
        Ok(store) => store,
        Err(error) => {
            let mut report = SourceReport::new(source, 1);
            report.error = Some(format!("opening the store: {error}"));
            report.finish(Instant::now());
            shared.report(report);
            return;
        }
    };
    match source.kind {
        SourceKind::Feed => {
            let interval = source.interval.unwrap_or(default_interval);
            let mut pass = 1;
            loop {
                let report = crate::feed::poll(shared, source, &mut *store, pass);
                shared.report(report);
                if shared.options.exit_when_idle || !shared.sleep(interval) {
                    break;
                }
                pass += 1;
            }
        }
        SourceKind::Jetstream => crate::jetstream::follow(shared, source, &mut *store),
    }
}

/// The stored state of a source, or a fresh one.
pub(crate) fn load_state(store: &dyn Backend, source: &Source) -> hearsay_store::Result<FollowedSource> {
    Ok(store.followed_source(&source.url)?.unwrap_or_else(|| FollowedSource {
        url: source.url.clone(),
        kind: source.kind.name().to_owned(),
        ..FollowedSource::default()
    }))
}

/// An error with its causes, as one line: "inserting article ...: database is locked".
pub(crate) fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Now, as RFC 3339 UTC to the second.
pub(crate) fn now() -> String {
    let now = time::OffsetDateTime::now_utc().replace_nanosecond(0).unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    now.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

/// Records a poll's outcome in the source's state.
pub(crate) fn mark_polled(state: &mut FollowedSource, error: Option<&str>) {
    let now = now();
    state.last_poll = Some(now.clone());
    match error {
        None => {
            state.last_success = Some(now);
            state.last_error = None;
            state.failures = 0;
        }
        Some(error) => {
            state.last_error = Some(error.to_owned());
            state.failures += 1;
        }
    }
}
