//! The ingest run: paths -> records -> clean articles -> store batches, with a summary.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use hearsay_article::{Article, RawArticle, Record};
use hearsay_ingest::{ErrorKind, Limits};
use hearsay_nlp::ExtractOptions;
use hearsay_store::{Backend, Tally};
use serde::Serialize;

use crate::Result;

/// Settings of an ingest run.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Limits on untrusted input.
    pub limits: Limits,
    /// Articles written per store transaction. Larger is faster; a crash loses at most one batch
    /// of work, which a rerun redoes.
    pub batch_size: usize,
    /// Run the language stages (claims, entities, time) and store their output with each
    /// article, as the `hearsay.extract/1` layer. Off gives the bare corpus, faster.
    pub extract: bool,
    /// Options of the language stages.
    pub extract_options: ExtractOptions,
    /// Wall time the language stages may spend on one article; past it the article is stored
    /// without claims and with a diagnostic saying why, and the batch goes on. `None`: no limit.
    /// Every stage is linear in its input, so only a pathological article (or a bug) reaches it.
    pub record_time: Option<std::time::Duration>,
}

impl Default for IngestOptions {
    fn default() -> IngestOptions {
        IngestOptions {
            limits: Limits::default(),
            batch_size: 256,
            extract: true,
            extract_options: ExtractOptions::default(),
            record_time: Some(std::time::Duration::from_secs(60)),
        }
    }
}

/// Progress events, for a progress bar or a log.
#[derive(Debug)]
pub enum Event<'a> {
    /// The walk found these files, with their total size in bytes.
    Planned {
        /// Number of files.
        files: usize,
        /// Their total size.
        bytes: u64,
    },
    /// A file is about to be read.
    FileStarted {
        /// The file.
        path: &'a Path,
    },
    /// A file is done.
    FileFinished {
        /// The file.
        path: &'a Path,
        /// Its size in bytes.
        bytes: u64,
    },
    /// A record failed; the run goes on.
    Failed(&'a Failure),
}

/// A record or file that could not be stored, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    /// The file, and the record inside it where there is one.
    pub source: String,
    /// Why, in words.
    pub reason: String,
}

/// What an ingest run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IngestSummary {
    /// Files read.
    pub files: usize,
    /// Records found (articles, publications, deletions).
    pub records: usize,
    /// New articles stored.
    pub stored: usize,
    /// Articles already in the store (same content), stored nothing new.
    pub duplicates: usize,
    /// New articles that are near-duplicates of a stored one (stored, and linked as copies).
    pub near_duplicates: usize,
    /// Publication records stored.
    pub publications: usize,
    /// Articles removed by Jetstream deletions.
    pub deleted: usize,
    /// Records skipped on purpose (a Jetstream identity event, a non-HTML WARC record).
    pub skipped: usize,
    /// Records and files that failed, with reasons.
    pub failures: Vec<Failure>,
}

/// One item of a walk over input files, as every front end receives it: a record to store or
/// queue, or a file or record that could not be read.
#[derive(Debug)]
#[expect(clippy::large_enum_variant, reason = "moved once into the caller's callback, never stored in bulk")]
pub enum Input {
    /// A record read from a file.
    Record(Record),
    /// A file or record that could not be read, with the reason.
    Failed(Failure),
}

/// What [`read_inputs`] counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadCounts {
    /// Files read.
    pub files: usize,
    /// Records found, including the skipped and failed ones.
    pub records: usize,
    /// Records the readers skipped on purpose (non-article records).
    pub skipped: usize,
}

/// Walks `paths` and reads every file's records, exactly as `hearsay ingest` does, handing each
/// record or failure to `each` in order; skipped records are only counted. The one reading loop of
/// every front end (`hearsay ingest`, the server's uploads, `hearsay queue submit`). An error from
/// `each` stops the walk and comes back.
pub fn read_inputs<E>(
    paths: &[PathBuf],
    limits: &Limits,
    on_event: &mut dyn FnMut(Event<'_>),
    each: &mut dyn FnMut(Input) -> Result<(), E>,
) -> Result<ReadCounts, E> {
    let mut counts = ReadCounts::default();
    let mut files = Vec::new();
    for entry in hearsay_ingest::walk(paths) {
        match entry {
            Ok(path) => files.push(path),
            Err(error) => each(Input::Failed(Failure { source: String::new(), reason: error.to_string() }))?,
        }
    }
    let sizes: Vec<u64> = files.iter().map(|path| std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)).collect();
    on_event(Event::Planned { files: files.len(), bytes: sizes.iter().sum() });
    for (path, bytes) in files.iter().zip(sizes) {
        on_event(Event::FileStarted { path });
        counts.files += 1;
        for item in hearsay_ingest::read_file(path, limits) {
            counts.records += 1;
            match item {
                Ok(record) => each(Input::Record(record))?,
                Err(error) if error.kind == ErrorKind::Skipped => counts.skipped += 1,
                Err(error) => {
                    each(Input::Failed(Failure { source: error.source.to_string(), reason: error.reason.clone() }))?;
                }
            }
        }
        on_event(Event::FileFinished { path, bytes });
    }
    Ok(counts)
}

/// Reads every file under `paths` into the store.
///
/// Only a failing store stops the run; every bad file or record becomes a [`Failure`].
pub fn ingest(
    paths: &[PathBuf],
    store: &mut dyn Backend,
    options: &IngestOptions,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<IngestSummary> {
    let mut summary = IngestSummary::default();
    let mut batch = Batch::new(options);
    // `read_inputs` hands out progress events and records through two callbacks; the failures
    // found while storing go to the same progress callback, so it is shared through a cell.
    let on_event = std::cell::RefCell::new(on_event);
    let counts = read_inputs(paths, &options.limits, &mut |event| (*on_event.borrow_mut())(event), &mut |input| {
        match input {
            Input::Record(Record::Article(raw)) => match batch.push_raw(&raw) {
                Ok(()) => {
                    if batch.is_full() {
                        flush(&mut batch, store, &mut summary)?;
                    }
                }
                Err(reason) => {
                    fail(
                        &mut summary,
                        &mut **on_event.borrow_mut(),
                        Failure { source: raw.source.to_string(), reason },
                    );
                }
            },
            Input::Record(Record::Publication(publication)) => {
                store.put_publication(&publication)?;
                summary.publications += 1;
            }
            Input::Record(Record::Delete { at_uri, .. }) => {
                // Earlier records of this run must be stored before a later delete applies to them.
                flush(&mut batch, store, &mut summary)?;
                if store.delete_at_uri(&at_uri)? {
                    summary.deleted += 1;
                }
            }
            Input::Failed(failure) => fail(&mut summary, &mut **on_event.borrow_mut(), failure),
        }
        Ok::<(), crate::Error>(())
    })?;
    flush(&mut batch, store, &mut summary)?;
    summary.files = counts.files;
    summary.records = counts.records;
    summary.skipped = counts.skipped;
    Ok(summary)
}

/// Cleans one article, turning a panic in `clean` into a failure of that article alone.
///
/// Public so that other front ends process a record exactly as ingest does; [`Batch::push_raw`]
/// cleans with it.
pub fn clean_guarded(raw: &RawArticle) -> Result<Article, String> {
    match catch_unwind(AssertUnwindSafe(|| hearsay_clean::clean(raw))) {
        Ok(Ok(article)) => Ok(article),
        Ok(Err(rejection)) => Err(rejection.message),
        Err(_) => {
            tracing::error!(source = %raw.source, "Cleaning panicked; the article was skipped.");
            Err("internal error while cleaning (a bug: please report it with this file)".to_owned())
        }
    }
}

/// Runs the language stages on one article; a panic there costs the claims, not the article.
/// Returns the [`EXTRACT_SCHEMA`] layer as JSON.
pub fn annotate_guarded(article: &Article, options: &ExtractOptions) -> String {
    let output = catch_unwind(AssertUnwindSafe(|| hearsay_nlp::annotate(article, options))).unwrap_or_else(|_| {
        tracing::error!(article_id = %article.id, source = %article.source, "Extraction panicked; the article is stored without claims.");
        let panicked = hearsay_article::Diagnostic::new("claims", hearsay_article::Severity::Bug, "claims/panicked", "extraction panicked; the article is stored without claims");
        hearsay_nlp::output::ExtractOutput::new(article, Vec::new(), Vec::new(), vec![panicked])
    });
    serde_json::to_string(&output).expect("extract output is plain data")
}

/// [`annotate_guarded`] within a time budget: the stages run on a thread of their own, and an
/// article they have not finished within `budget` is stored without claims, with a diagnostic.
///
/// A thread cannot be stopped from outside, so an overrunning one is left to finish on its own
/// and its result is dropped; the run goes on at once. Written here rather than with a crate:
/// it is a channel with a timeout.
pub fn annotate_within(article: &Article, options: &ExtractOptions, budget: Option<std::time::Duration>) -> String {
    let Some(budget) = budget else { return annotate_guarded(article, options) };
    let (done, result) = std::sync::mpsc::channel();
    let owned = article.clone();
    let stage_options = *options;
    let spawned = std::thread::Builder::new().name("annotate".to_owned()).spawn(move || {
        // The receiver may have given up and gone: nothing to do then.
        let _ = done.send(annotate_guarded(&owned, &stage_options));
    });
    if spawned.is_err() {
        return annotate_guarded(article, options);
    }
    match result.recv_timeout(budget) {
        Ok(json) => json,
        Err(_) => {
            tracing::error!(article_id = %article.id, source = %article.source, ?budget, "Extraction ran past its time budget; the article is stored without claims.");
            let over = hearsay_article::Diagnostic::new(
                "claims",
                hearsay_article::Severity::Warning,
                "claims/over-budget",
                format!("extraction ran past its time budget of {budget:?}; the article is stored without claims"),
            );
            let output = hearsay_nlp::output::ExtractOutput::new(article, Vec::new(), Vec::new(), vec![over]);
            serde_json::to_string(&output).expect("extract output is plain data")
        }
    }
}

fn fail(summary: &mut IngestSummary, on_event: &mut dyn FnMut(Event<'_>), failure: Failure) {
    on_event(Event::Failed(&failure));
    summary.failures.push(failure);
}

/// The schema name of the annotation layer that ingest stores with each article.
pub const EXTRACT_SCHEMA: &str = hearsay_nlp::output::SCHEMA;

/// Stores the batch and counts what it stored.
fn flush(batch: &mut Batch, store: &mut dyn Backend, summary: &mut IngestSummary) -> Result<()> {
    let tally = batch.store(store)?;
    summary.stored += tally.stored;
    summary.duplicates += tally.duplicates;
    summary.near_duplicates += tally.near_duplicates;
    Ok(())
}

/// Articles waiting for one store transaction, each with its `hearsay.extract/1` layer when
/// extraction is on: the per-record work of every front end (`hearsay ingest`, the server's
/// uploads through [`ingest`], and the queue workers, which hold one batch per pull).
#[derive(Debug)]
pub struct Batch {
    articles: Vec<Article>,
    annotations: Vec<String>,
    capacity: usize,
    extract: Option<ExtractOptions>,
    record_time: Option<std::time::Duration>,
}

impl Batch {
    /// An empty batch of [`IngestOptions::batch_size`] articles, annotated when
    /// [`IngestOptions::extract`] is on.
    pub fn new(options: &IngestOptions) -> Batch {
        let capacity = options.batch_size.max(1);
        Batch {
            articles: Vec::with_capacity(capacity),
            annotations: Vec::new(),
            capacity,
            extract: options.extract.then_some(options.extract_options),
            record_time: options.record_time,
        }
    }

    /// Cleans a raw article ([`clean_guarded`]), annotates it ([`annotate_guarded`]) and adds it;
    /// an article `clean` rejects (or panics on) is not added, and the reason comes back.
    pub fn push_raw(&mut self, raw: &RawArticle) -> Result<(), String> {
        let article = clean_guarded(raw)?;
        self.push(article);
        Ok(())
    }

    /// Adds a clean article, annotating it when extraction is on.
    pub fn push(&mut self, article: Article) {
        if let Some(options) = &self.extract {
            self.annotations.push(annotate_within(&article, options, self.record_time));
        }
        self.articles.push(article);
    }

    /// Articles waiting.
    pub fn len(&self) -> usize {
        self.articles.len()
    }

    /// True when no article is waiting.
    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    /// True when the batch holds as many articles as one transaction should.
    pub fn is_full(&self) -> bool {
        self.articles.len() >= self.capacity
    }

    /// Writes the articles and their layers in one transaction and empties the batch. When the
    /// store fails the batch is kept whole, so the caller may retry it (on a reopened store).
    pub fn store(&mut self, store: &mut dyn Backend) -> hearsay_store::Result<Tally> {
        if self.articles.is_empty() {
            return Ok(Tally::default());
        }
        let layers = self.extract.is_some().then_some((EXTRACT_SCHEMA, self.annotations.as_slice()));
        let outcomes = store.insert_batch_annotated(&self.articles, layers, None)?;
        self.articles.clear();
        self.annotations.clear();
        Ok(Tally::of(&outcomes))
    }
}
