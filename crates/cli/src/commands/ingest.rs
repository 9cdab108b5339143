//! `hearsay ingest`: files and folders into the store, with a progress bar and a summary.

use std::io::IsTerminal;
use std::path::Path;

use hearsay_pipeline::{Event, IngestOptions};
use indicatif::{ProgressBar, ProgressStyle};

use crate::args::IngestArgs;
use crate::{output, Outcome};

pub(crate) fn run(db: Option<&Path>, embeddings: bool, args: &IngestArgs) -> anyhow::Result<Outcome> {
    let mut store: Box<dyn hearsay_store::Backend> = super::open_backend(db)?;
    let options = IngestOptions {
        batch_size: args.batch_size,
        extract: !args.no_extract,
        extract_options: crate::embed::extract_options(false, args.contextual)?,
        ..IngestOptions::default()
    };
    let show_bar = !args.quiet && std::io::stderr().is_terminal();
    let bar = if show_bar { ProgressBar::new(0) } else { ProgressBar::hidden() };
    bar.set_style(
        ProgressStyle::with_template("{spinner} {bytes}/{total_bytes} {bar:30} {per_sec} eta {eta} {wide_msg}")
            .expect("static template")
            .progress_chars("=> "),
    );
    let mut on_event = |event: Event<'_>| match event {
        Event::Planned { bytes, .. } => bar.set_length(bytes),
        Event::FileStarted { path } => bar.set_message(path.display().to_string()),
        Event::FileFinished { bytes, .. } => bar.inc(bytes),
        Event::Failed(failure) => {
            bar.suspend(|| output::error(&format!("failed: {}: {}", failure.source, failure.reason)))
        }
    };
    let summary = hearsay_pipeline::ingest(&args.paths, &mut *store, &options, &mut on_event)?;
    bar.finish_and_clear();
    // The ledger reads what this run stored (and anything an interrupted run left unread).
    let wants_ledger = !args.no_extract && !args.no_ledger;
    let ledger =
        if wants_ledger { Some(super::ledger::update(&mut *store, false, args.quiet, embeddings)?) } else { None };

    if args.json {
        output::json_line(&summary)?;
    } else {
        let mut line = format!(
            "{} files, {} records: {} stored, {} already stored, {} near-duplicates, {} failed",
            summary.files,
            summary.records,
            summary.stored,
            summary.duplicates,
            summary.near_duplicates,
            summary.failures.len()
        );
        for (count, what) in
            [(summary.publications, "publications"), (summary.deleted, "deleted"), (summary.skipped, "skipped")]
        {
            if count > 0 {
                line.push_str(&format!(", {count} {what}"));
            }
        }
        if let Some(report) = ledger.as_ref().filter(|report| report.articles > 0) {
            line.push_str(&format!(
                "; ledger: {} articles, {} claims read, {} links",
                report.articles, report.claims, report.links
            ));
        }
        // The summary is for people; it goes to stderr so that stdout stays for data.
        output::error(&line);
    }
    Ok(if summary.failures.is_empty() { Outcome::Success } else { Outcome::SomeFailed })
}
