//! Runs hearsay's stages over inputs and into the store.
//!
//! The pipeline owns the per-record work every front end shares: read each file's records
//! (`ingest`), clean each article (`clean`, [`clean_guarded`]), annotate it (`nlp`,
//! [`annotate_guarded`]), gather articles in a [`Batch`] and write it to the store, one
//! transaction a batch, and afterwards bring the ledger up to date ([`update_ledger`]).
//! [`ingest`] is that loop over paths (`hearsay ingest`, the server's uploads); the queue workers
//! run the same [`Batch`] over the records they pull. A bad record never stops the batch: it
//! becomes a [`Failure`] naming the file, the record and the reason, and the run goes on.
//!
//! [`open_any`] opens the store a `--db` value names: SQLite behind the cargo feature `sqlite`,
//! PostgreSQL behind `postgres` (both on by default).
//!
//! ```no_run
//! use std::path::PathBuf;
//! use hearsay_pipeline::{ingest, IngestOptions};
//! use hearsay_store::Store;
//!
//! let mut store = Store::open_in_memory().expect("in-memory store");
//! let summary = ingest(&[PathBuf::from("../shared/data/seeds")], &mut store, &IngestOptions::default(), &mut |_| {})
//!     .expect("store works");
//! assert!(summary.failures.is_empty());
//! ```
#![warn(missing_docs)]

mod ledger;
mod open;
mod run;

pub use ledger::{update_ledger, LedgerStep};
pub use open::open_any;
pub use run::{
    annotate_guarded, annotate_within, clean_guarded, ingest, read_inputs, Batch, Event, Failure, IngestOptions,
    IngestSummary, Input, ReadCounts, EXTRACT_SCHEMA,
};

/// What can stop a run: the store failing. Bad input never does.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store could not be written.
    #[error("writing to the store")]
    Store(#[from] hearsay_store::Error),
    /// The ledger could not be brought up to date.
    #[error(transparent)]
    Ledger(#[from] hearsay_ledger::Error),
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
