//! `hearsay submit`, `hearsay worker` and `hearsay status`: distributed ingest over a NATS
//! JetStream work queue (crates/queue).

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use hearsay_pipeline::IngestOptions;
use hearsay_queue::{Queue, QueueSettings, WorkerOptions};

use crate::args::{NatsArgs, StatusArgs, SubmitArgs, WorkerArgs};
use crate::{output, Outcome};

fn connect(args: &NatsArgs) -> anyhow::Result<Queue> {
    let settings = QueueSettings { ack_wait: Duration::from_secs(args.ack_wait.max(1)), ..QueueSettings::default() };
    Queue::connect(&args.nats, settings).with_context(|| format!("opening the work queue on {}", args.nats))
}

pub(crate) fn submit(args: &SubmitArgs) -> anyhow::Result<Outcome> {
    let queue = connect(&args.nats)?;
    let summary = queue.submit(&args.paths, &IngestOptions::default().limits)?;
    for failure in &summary.failures {
        output::error(&format!("failed: {}: {}", failure.source, failure.reason));
    }
    if args.json {
        output::json_line(&summary)?;
    } else {
        output::line(&format!(
            "{} files, {} records: {} queued, {} already queued, {} skipped, {} failed",
            summary.files,
            summary.records,
            summary.queued,
            summary.duplicates,
            summary.skipped,
            summary.failures.len()
        ))?;
    }
    Ok(if summary.failures.is_empty() { Outcome::Success } else { Outcome::SomeFailed })
}

pub(crate) fn worker(db: Option<&Path>, args: &WorkerArgs) -> anyhow::Result<Outcome> {
    let queue = connect(&args.nats)?;
    let options = WorkerOptions {
        ingest: IngestOptions {
            extract: !args.no_extract,
            extract_options: crate::embed::extract_options(false, args.contextual)?,
            ..IngestOptions::default()
        },
        batch_size: args.batch_size,
        exit_when_empty: args.exit_when_empty,
        pause_before_ack: args.pause_before_ack.map(Duration::from_millis),
        ..WorkerOptions::default()
    };
    let db = db.map(Path::to_path_buf);
    let open_store = move || {
        super::open_backend(db.as_deref()).map_err(|error| hearsay_store::Error::Server {
            location: db.as_deref().map_or_else(|| "the default store".to_owned(), hearsay_store::describe),
            action: "opening the store".to_owned(),
            source: error.into(),
        })
    };
    let summary = queue.work(&open_store, &options, &mut |summary| {
        tracing::info!(
            messages = summary.messages,
            stored = summary.stored,
            dead_letters = summary.dead_letters,
            "Batch stored."
        );
    })?;
    if args.json {
        output::json_line(&summary)?;
    } else {
        output::line(&format!(
            "{} records: {} stored, {} already stored, {} near-duplicates, {} dead letters, {} store retries",
            summary.messages,
            summary.stored,
            summary.duplicates,
            summary.near_duplicates,
            summary.dead_letters,
            summary.store_retries
        ))?;
    }
    Ok(if summary.dead_letters == 0 { Outcome::Success } else { Outcome::SomeFailed })
}

pub(crate) fn status(args: &StatusArgs) -> anyhow::Result<Outcome> {
    let queue = connect(&args.nats)?;
    let status = queue.status(Duration::from_secs_f64(args.interval.clamp(0.0, 600.0)), args.failures)?;
    if args.json {
        output::json_line(&status)?;
        return Ok(Outcome::Success);
    }
    output::line(&format!(
        "queued {} (waiting {}, in flight {}), processed {}, {:.1} records/s, redelivered {}, dead letters {}",
        status.queued,
        status.waiting,
        status.in_flight,
        status.processed,
        status.rate,
        status.redelivered,
        status.dead_letters
    ))?;
    for failure in &status.recent_failures {
        output::line(&format!("dead letter: {}: {}", failure.source, failure.reason))?;
    }
    Ok(Outcome::Success)
}
