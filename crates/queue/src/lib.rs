//! Distributed ingest over a NATS JetStream work queue: `submit` queues records, any number of
//! `worker`s on any number of machines clean, extract and store them, and `status` reports.
//!
//! * [`Queue::submit`] reads files exactly as `hearsay ingest` does (the same walk, formats and
//!   limits) and publishes one message per record to the work-queue stream `HEARSAY_WORK`, with
//!   the hash of the record as its message id, so JetStream drops a record submitted twice within
//!   its duplicate window.
//! * [`Queue::work`] pulls batches from the durable consumer `workers`, cleans and extracts each
//!   record with the pipeline's own functions, writes the batch to a store in one transaction
//!   (idempotent: ids are content hashes) and acknowledges the messages only after the commit.
//!   A worker killed at any point leaves its messages unacknowledged; JetStream redelivers them
//!   after `ack_wait` and the rewrite stores nothing twice. A live worker sends in-progress
//!   acknowledgements while it works on a batch, so a slow batch is not redelivered under it. A record that cannot be stored (no
//!   article in it, a bad message, or one delivered `max_deliver` times because it killed its
//!   workers) goes to the dead-letter stream `HEARSAY_DEAD` with the reason, and only then is it
//!   acknowledged: nothing is dropped silently. A store that fails (a database restart) is
//!   reopened and the batch retried with backoff.
//! * [`Queue::status`] gives the queue depth, the messages in flight, redeliveries, the
//!   processing rate and the dead letters with their reasons.
//!
//! The NATS client is async; this crate keeps a small runtime of its own and offers a blocking
//! API, because the stores and the language stages are blocking code.

mod message;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use async_nats::jetstream::{self, consumer, stream};
use futures_util::StreamExt;
use hearsay_article::Record;
use hearsay_ingest::Limits;
use hearsay_pipeline::{Batch, IngestOptions, Input};
use hearsay_store::Backend;
use serde::Serialize;

/// A record that could not be queued or stored, and why: the pipeline's own [`Failure`].
pub use hearsay_pipeline::Failure;

/// The stream that holds work: one message per record, removed when a worker acknowledges it.
pub const WORK_STREAM: &str = "HEARSAY_WORK";
/// The subject work is published on.
pub const WORK_SUBJECT: &str = "hearsay.work";
/// The stream of records that could not be stored, each with its reason.
pub const DEAD_STREAM: &str = "HEARSAY_DEAD";
/// The subject dead letters are published on.
pub const DEAD_SUBJECT: &str = "hearsay.dead";
/// The durable pull consumer every worker shares.
pub const CONSUMER: &str = "workers";

/// Header of a dead letter: why the record was not stored.
const REASON_HEADER: &str = "Hearsay-Reason";
/// Header of a dead letter: where the record came from.
const SOURCE_HEADER: &str = "Hearsay-Source";

/// What went wrong with the queue or the store; bad records are dead letters, not errors.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The NATS server failed or refused an operation.
    #[error("{action} on NATS {url}: {message}")]
    Nats {
        /// The server.
        url: String,
        /// What was being done.
        action: String,
        /// Why it failed.
        message: String,
    },
    /// The store failed, and kept failing after the retries.
    #[error(transparent)]
    Store(#[from] hearsay_store::Error),
    /// The runtime for the NATS client could not start.
    #[error("starting the NATS client runtime: {0}")]
    Runtime(#[source] std::io::Error),
}

/// The queue's `Result`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Settings of the work queue, applied when a stream or the consumer is first created.
#[derive(Debug, Clone)]
pub struct QueueSettings {
    /// How long a worker may hold a message without acknowledging it before JetStream gives
    /// it to another worker.
    pub ack_wait: Duration,
    /// Deliveries of one message before it becomes a dead letter.
    pub max_deliver: i64,
    /// How long JetStream remembers message ids to drop duplicate submissions.
    pub duplicate_window: Duration,
}

impl Default for QueueSettings {
    fn default() -> QueueSettings {
        QueueSettings {
            ack_wait: Duration::from_secs(60),
            max_deliver: 5,
            duplicate_window: Duration::from_secs(24 * 3600),
        }
    }
}

/// A connection to the work queue.
#[derive(Debug)]
pub struct Queue {
    url: String,
    runtime: tokio::runtime::Runtime,
    client: async_nats::Client,
    jetstream: jetstream::Context,
    settings: QueueSettings,
}

/// What [`Queue::submit`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SubmitSummary {
    /// Files read.
    pub files: usize,
    /// Records read.
    pub records: usize,
    /// Records queued.
    pub queued: usize,
    /// Records JetStream already had (the same record submitted before).
    pub duplicates: usize,
    /// Records skipped on purpose by the readers (non-article records).
    pub skipped: usize,
    /// Records that could not be read or queued.
    pub failures: Vec<Failure>,
}

/// Settings of a worker.
#[derive(Debug, Clone)]
pub struct WorkerOptions {
    /// Cleaning and extraction settings, as for `hearsay ingest`.
    pub ingest: IngestOptions,
    /// Messages pulled and stored per transaction.
    pub batch_size: usize,
    /// Stop when the queue is empty instead of waiting for more work.
    pub exit_when_empty: bool,
    /// Store attempts per batch before the worker gives up (with backoff between them).
    pub store_attempts: u32,
    /// Test hook: sleep this long between a commit and its acknowledgements, the window in
    /// which a killed worker leaves stored but unacknowledged messages.
    pub pause_before_ack: Option<Duration>,
}

impl Default for WorkerOptions {
    fn default() -> WorkerOptions {
        WorkerOptions {
            ingest: IngestOptions::default(),
            batch_size: 64,
            exit_when_empty: false,
            store_attempts: 8,
            pause_before_ack: None,
        }
    }
}

/// What a worker did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct WorkerSummary {
    /// Messages processed and acknowledged.
    pub messages: usize,
    /// New articles stored.
    pub stored: usize,
    /// Articles the store already had (redeliveries, duplicates).
    pub duplicates: usize,
    /// New articles stored as near-duplicates of an earlier one.
    pub near_duplicates: usize,
    /// Publications stored.
    pub publications: usize,
    /// Deletions applied.
    pub deleted: usize,
    /// Messages sent to the dead-letter stream.
    pub dead_letters: usize,
    /// Store errors that were retried.
    pub store_retries: usize,
}

/// The state of the queue.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct QueueStatus {
    /// Records in the work stream: waiting or being processed.
    pub queued: u64,
    /// Records no worker has been given yet.
    pub waiting: u64,
    /// Records given to a worker and not yet acknowledged.
    pub in_flight: u64,
    /// Records processed (acknowledged and removed) since the stream was created.
    pub processed: u64,
    /// Records delivered more than once (a worker died or was too slow).
    pub redelivered: u64,
    /// Records processed per second over the sampling interval.
    pub rate: f64,
    /// Records in the dead-letter stream.
    pub dead_letters: u64,
    /// The latest dead letters, newest last, with their reasons.
    pub recent_failures: Vec<Failure>,
}

impl Queue {
    /// Connects to the NATS server at `url` and creates the streams and the consumer where
    /// they are missing.
    pub fn connect(url: &str, settings: QueueSettings) -> Result<Queue> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .map_err(Error::Runtime)?;
        let failed = |action: &str| {
            let url = url.to_owned();
            let action = action.to_owned();
            move |error: String| Error::Nats { url, action, message: error }
        };
        let client =
            runtime.block_on(async_nats::connect(url)).map_err(|error| failed("connecting")(error.to_string()))?;
        let jetstream = jetstream::new(client.clone());
        let queue = Queue { url: url.to_owned(), runtime, client, jetstream, settings };
        queue.runtime.block_on(queue.ensure_streams()).map_err(failed("creating the streams"))?;
        Ok(queue)
    }

    async fn ensure_streams(&self) -> Result<(), String> {
        let work = stream::Config {
            name: WORK_STREAM.to_owned(),
            subjects: vec![WORK_SUBJECT.to_owned()],
            retention: stream::RetentionPolicy::WorkQueue,
            duplicate_window: self.settings.duplicate_window,
            ..stream::Config::default()
        };
        let work = self.jetstream.get_or_create_stream(work).await.map_err(|error| error.to_string())?;
        let dead = stream::Config {
            name: DEAD_STREAM.to_owned(),
            subjects: vec![DEAD_SUBJECT.to_owned()],
            ..stream::Config::default()
        };
        self.jetstream.get_or_create_stream(dead).await.map_err(|error| error.to_string())?;
        work.get_or_create_consumer(CONSUMER, self.consumer_config()).await.map_err(|error| error.to_string())?;
        Ok(())
    }

    fn consumer_config(&self) -> consumer::pull::Config {
        consumer::pull::Config {
            durable_name: Some(CONSUMER.to_owned()),
            ack_policy: consumer::AckPolicy::Explicit,
            ack_wait: self.settings.ack_wait,
            max_deliver: self.settings.max_deliver,
            ..consumer::pull::Config::default()
        }
    }

    fn error(&self, action: impl Into<String>) -> impl FnOnce(String) -> Error {
        let url = self.url.clone();
        let action = action.into();
        move |message| Error::Nats { url, action, message }
    }

    /// Reads every file under `paths` and queues its records. Reading goes on past bad files
    /// and records, as ingest does; each becomes a [`Failure`].
    pub fn submit(&self, paths: &[PathBuf], limits: &Limits) -> Result<SubmitSummary> {
        let mut summary = SubmitSummary::default();
        let max_payload = self.client.server_info().max_payload;
        let mut acks = Vec::new();
        // The pipeline's reading loop: the same walk, formats, limits and failures as `hearsay ingest`.
        let counts = hearsay_pipeline::read_inputs::<Error>(paths, limits, &mut |_| {}, &mut |input| {
            let record = match input {
                Input::Record(record) => record,
                Input::Failed(failure) => {
                    summary.failures.push(failure);
                    return Ok(());
                }
            };
            let payload = message::encode(&record);
            if payload.len() > max_payload {
                let reason = format!(
                    "record of {} bytes is larger than the server's max_payload of {max_payload} bytes",
                    payload.len()
                );
                summary.failures.push(Failure { source: message::source_of(&record), reason });
                return Ok(());
            }
            let publish =
                jetstream::context::Publish::build().message_id(message::message_id(&payload)).payload(payload.into());
            let ack = self
                .runtime
                .block_on(self.jetstream.send_publish(WORK_SUBJECT, publish))
                .map_err(|error| self.error(format!("queueing {}", message::source_of(&record)))(error.to_string()))?;
            acks.push(ack);
            // Publishes are pipelined; wait for the server's acknowledgements in windows.
            if acks.len() >= 256 {
                self.confirm(&mut acks, &mut summary)?;
            }
            Ok(())
        })?;
        summary.files = counts.files;
        summary.records = counts.records;
        summary.skipped = counts.skipped;
        self.confirm(&mut acks, &mut summary)?;
        Ok(summary)
    }

    fn confirm(&self, acks: &mut Vec<jetstream::context::PublishAckFuture>, summary: &mut SubmitSummary) -> Result<()> {
        for ack in acks.drain(..) {
            let ack = self
                .runtime
                .block_on(std::future::IntoFuture::into_future(ack))
                .map_err(|error| self.error("queueing records")(error.to_string()))?;
            if ack.duplicate {
                summary.duplicates += 1;
            } else {
                summary.queued += 1;
            }
        }
        Ok(())
    }

    /// Processes work until the queue is empty (with [`WorkerOptions::exit_when_empty`]) or
    /// forever. `open_store` opens the store, again after a store error; `on_batch` sees the
    /// running totals after each batch.
    pub fn work(
        &self,
        open_store: &dyn Fn() -> hearsay_store::Result<Box<dyn Backend>>,
        options: &WorkerOptions,
        on_batch: &mut dyn FnMut(&WorkerSummary),
    ) -> Result<WorkerSummary> {
        let mut store = open_store()?;
        let mut summary = WorkerSummary::default();
        let consumer: consumer::PullConsumer = self
            .runtime
            .block_on(async {
                let stream = self.jetstream.get_stream(WORK_STREAM).await.map_err(|error| error.to_string())?;
                stream.get_or_create_consumer(CONSUMER, self.consumer_config()).await.map_err(|error| error.to_string())
            })
            .map_err(self.error("opening the consumer"))?;
        loop {
            let messages = self
                .runtime
                .block_on(fetch(&consumer, options.batch_size.max(1)))
                .map_err(self.error("pulling work"))?;
            if messages.is_empty() {
                if options.exit_when_empty && self.status_now()?.queued == 0 {
                    break;
                }
                continue;
            }
            // Extraction of a batch (and a first batch's model loading on a slow machine) can
            // outlast `ack_wait`; without this JetStream would hand the batch to another worker
            // while this one still works on it.
            let _alive = self.keep_alive(&messages);
            let mut batch = WorkBatch { articles: Batch::new(&options.ingest), acks: Vec::new() };
            for message in messages {
                self.process(message, &mut batch, &mut store, open_store, options, &mut summary)?;
            }
            self.commit(&mut batch, &mut store, open_store, options, &mut summary)?;
            on_batch(&summary);
        }
        Ok(summary)
    }

    /// Tells JetStream every third of `ack_wait` that this worker is still working on
    /// `messages` (an in-progress acknowledgement), until the returned guard is dropped or
    /// [`KEEP_ALIVE_LIMIT`] has passed: a worker stuck on one batch lets it go in the end, and
    /// the deliveries count on to a dead letter.
    fn keep_alive(&self, messages: &[jetstream::Message]) -> KeepAlive {
        let replies: Vec<_> = messages.iter().filter_map(|message| message.reply.clone()).collect();
        let client = self.client.clone();
        let every = (self.settings.ack_wait / 3).max(Duration::from_millis(50));
        KeepAlive(self.runtime.spawn(async move {
            let started = Instant::now();
            let mut ticks = tokio::time::interval(every);
            ticks.tick().await; // the first tick is at once
            while started.elapsed() < KEEP_ALIVE_LIMIT {
                ticks.tick().await;
                for reply in &replies {
                    if client.publish(reply.clone(), "+WPI".into()).await.is_err() {
                        return;
                    }
                }
            }
        }))
    }

    /// Handles one message: decodes it, cleans and extracts an article into the batch, or
    /// applies a publication or a deletion; a record that cannot be stored becomes a dead
    /// letter. The message is acknowledged later, with the batch.
    fn process(
        &self,
        message: jetstream::Message,
        batch: &mut WorkBatch,
        store: &mut Box<dyn Backend>,
        open_store: &dyn Fn() -> hearsay_store::Result<Box<dyn Backend>>,
        options: &WorkerOptions,
        summary: &mut WorkerSummary,
    ) -> Result<()> {
        let delivered = message.info().map(|info| info.delivered).unwrap_or(1);
        let record = match message::decode(&message.payload) {
            Ok(record) => record,
            Err(reason) => {
                return self.dead_letter(message, "", &format!("not a hearsay record: {reason}"), batch, summary)
            }
        };
        let source = message::source_of(&record);
        if delivered >= self.settings.max_deliver {
            // Its last delivery: every earlier worker that took it died or timed out on it.
            let reason =
                format!("delivered {delivered} times without being stored; the workers that took it died or timed out");
            return self.dead_letter(message, &source, &reason, batch, summary);
        }
        match record {
            Record::Article(raw) => match batch.articles.push_raw(&raw) {
                Ok(()) => batch.acks.push(message),
                Err(reason) => return self.dead_letter(message, &source, &reason, batch, summary),
            },
            Record::Publication(publication) => {
                retry(store, open_store, options, summary, |store| store.put_publication(&publication))?;
                summary.publications += 1;
                batch.acks.push(message);
            }
            Record::Delete { at_uri, .. } => {
                // Earlier records of the batch must be stored before a later delete applies.
                self.commit(batch, store, open_store, options, summary)?;
                if retry(store, open_store, options, summary, |store| store.delete_at_uri(&at_uri))? {
                    summary.deleted += 1;
                }
                batch.acks.push(message);
            }
        }
        Ok(())
    }

    /// Stores the batch in one transaction (retrying with backoff, reopening the store), then
    /// acknowledges its messages.
    fn commit(
        &self,
        batch: &mut WorkBatch,
        store: &mut Box<dyn Backend>,
        open_store: &dyn Fn() -> hearsay_store::Result<Box<dyn Backend>>,
        options: &WorkerOptions,
        summary: &mut WorkerSummary,
    ) -> Result<()> {
        if !batch.articles.is_empty() {
            let tally = retry(store, open_store, options, summary, |store| batch.articles.store(store))?;
            summary.stored += tally.stored;
            summary.duplicates += tally.duplicates;
            summary.near_duplicates += tally.near_duplicates;
        }
        if let Some(pause) = options.pause_before_ack.filter(|_| !batch.acks.is_empty()) {
            std::thread::sleep(pause);
        }
        let acks = std::mem::take(&mut batch.acks);
        summary.messages += acks.len();
        self.runtime
            .block_on(async {
                for message in acks {
                    message.ack().await.map_err(|error| error.to_string())?;
                }
                Ok::<(), String>(())
            })
            .map_err(self.error("acknowledging work"))?;
        Ok(())
    }

    /// Publishes the record to the dead-letter stream with its reason, waits until JetStream
    /// has it, and only then lets the work message be acknowledged (with the batch).
    fn dead_letter(
        &self,
        message: jetstream::Message,
        source: &str,
        reason: &str,
        batch: &mut WorkBatch,
        summary: &mut WorkerSummary,
    ) -> Result<()> {
        tracing::warn!(source, reason, "Record sent to the dead-letter stream.");
        let mut headers = async_nats::HeaderMap::new();
        headers.insert(REASON_HEADER, header_value(reason).as_str());
        headers.insert(SOURCE_HEADER, header_value(source).as_str());
        let payload = message.payload.clone();
        self.runtime
            .block_on(async {
                let publish = jetstream::context::Publish::build().headers(headers).payload(payload);
                self.jetstream
                    .send_publish(DEAD_SUBJECT, publish)
                    .await
                    .map_err(|error| error.to_string())?
                    .await
                    .map_err(|error| error.to_string())
            })
            .map_err(self.error("publishing a dead letter"))?;
        summary.dead_letters += 1;
        batch.acks.push(message);
        Ok(())
    }

    /// Deletes both streams with everything in them, and creates them again empty: for tests,
    /// and for starting over.
    pub fn reset(&self) -> Result<()> {
        self.runtime
            .block_on(async {
                for name in [WORK_STREAM, DEAD_STREAM] {
                    if self.jetstream.get_stream(name).await.is_ok() {
                        self.jetstream.delete_stream(name).await.map_err(|error| error.to_string())?;
                    }
                }
                self.ensure_streams().await
            })
            .map_err(self.error("resetting the streams"))
    }

    /// The queue's state now, and the processing rate over `interval` (no rate when zero).
    pub fn status(&self, interval: Duration, recent: usize) -> Result<QueueStatus> {
        let before = self.status_now()?;
        if interval.is_zero() {
            return self.with_failures(before, recent);
        }
        let started = Instant::now();
        std::thread::sleep(interval);
        let mut after = self.status_now()?;
        after.rate = after.processed.saturating_sub(before.processed) as f64 / started.elapsed().as_secs_f64();
        self.with_failures(after, recent)
    }

    fn status_now(&self) -> Result<QueueStatus> {
        self.runtime
            .block_on(async {
                let mut work = self.jetstream.get_stream(WORK_STREAM).await.map_err(|error| error.to_string())?;
                let state = work.info().await.map_err(|error| error.to_string())?.state.clone();
                let mut consumer: consumer::PullConsumer =
                    work.get_consumer(CONSUMER).await.map_err(|error| error.to_string())?;
                let info = consumer.info().await.map_err(|error| error.to_string())?.clone();
                let mut dead = self.jetstream.get_stream(DEAD_STREAM).await.map_err(|error| error.to_string())?;
                let dead_letters = dead.info().await.map_err(|error| error.to_string())?.state.messages;
                Ok::<QueueStatus, String>(QueueStatus {
                    queued: state.messages,
                    waiting: info.num_pending,
                    in_flight: info.num_ack_pending as u64,
                    processed: state.last_sequence.saturating_sub(state.messages),
                    redelivered: info.num_redelivered as u64,
                    rate: 0.0,
                    dead_letters,
                    recent_failures: Vec::new(),
                })
            })
            .map_err(self.error("reading the queue state"))
    }

    fn with_failures(&self, mut status: QueueStatus, recent: usize) -> Result<QueueStatus> {
        status.recent_failures = self
            .runtime
            .block_on(async {
                let dead = self.jetstream.get_stream(DEAD_STREAM).await.map_err(|error| error.to_string())?;
                let last = dead.cached_info().state.last_sequence;
                let first = dead.cached_info().state.first_sequence;
                let mut failures = Vec::new();
                let from = last.saturating_sub(recent as u64).saturating_add(1).max(first);
                for sequence in from..=last {
                    let Ok(message) = dead.get_raw_message(sequence).await else { continue };
                    let header = |name: &str| {
                        message.headers.get(name).map(|value| value.as_str().to_owned()).unwrap_or_default()
                    };
                    failures.push(Failure { source: header(SOURCE_HEADER), reason: header(REASON_HEADER) });
                }
                Ok::<Vec<Failure>, String>(failures)
            })
            .map_err(self.error("reading dead letters"))?;
        Ok(status)
    }
}

/// Messages a worker holds until their batch commits, and the articles cleaned and annotated
/// from them.
/// The longest a worker keeps one batch's messages to itself past `ack_wait`.
const KEEP_ALIVE_LIMIT: Duration = Duration::from_secs(15 * 60);

/// Stops a batch's in-progress acknowledgements when dropped.
struct KeepAlive(tokio::task::JoinHandle<()>);

impl Drop for KeepAlive {
    fn drop(&mut self) {
        self.0.abort();
    }
}

struct WorkBatch {
    articles: Batch,
    acks: Vec<jetstream::Message>,
}

/// Pulls up to `max` messages, waiting at most a second for the first.
async fn fetch(consumer: &consumer::PullConsumer, max: usize) -> Result<Vec<jetstream::Message>, String> {
    let mut batch = consumer
        .batch()
        .max_messages(max)
        .expires(Duration::from_secs(1))
        .messages()
        .await
        .map_err(|error| error.to_string())?;
    let mut messages = Vec::new();
    while let Some(message) = batch.next().await {
        messages.push(message.map_err(|error| error.to_string())?);
    }
    Ok(messages)
}

/// Runs a store operation, reopening the store and retrying with exponential backoff (0.25 s
/// doubling to 8 s) when it fails: a database restarting under the workers costs time, not work.
fn retry<T>(
    store: &mut Box<dyn Backend>,
    open_store: &dyn Fn() -> hearsay_store::Result<Box<dyn Backend>>,
    options: &WorkerOptions,
    summary: &mut WorkerSummary,
    mut operation: impl FnMut(&mut dyn Backend) -> hearsay_store::Result<T>,
) -> Result<T> {
    let mut delay = Duration::from_millis(250);
    let mut attempt = 1;
    loop {
        match operation(store.as_mut()) {
            Ok(value) => return Ok(value),
            Err(error) if attempt >= options.store_attempts => return Err(error.into()),
            Err(error) => {
                tracing::warn!(%error, attempt, "Store failed; reopening it and retrying.");
                summary.store_retries += 1;
                std::thread::sleep(delay);
                delay = (delay * 2).min(Duration::from_secs(8));
                attempt += 1;
                if let Ok(reopened) = open_store() {
                    *store = reopened;
                }
            }
        }
    }
}

/// A header value: one line of printable text.
fn header_value(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}
