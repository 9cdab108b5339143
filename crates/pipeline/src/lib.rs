//! Runs hearsay's stages over inputs and into the store.
//!
//! The ingest run is the one loop every front end shares (the CLI today, the API and workers
//! later): walk the paths, read each file's records (`ingest`), clean each article (`clean`),
//! and write batches to the store (`store`), one transaction a batch. A bad record never stops the
//! batch: it becomes a [`Failure`] naming the file, the record and the reason, and the run goes on.
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

mod run;

pub use run::{annotate_guarded, clean_guarded, ingest, Event, Failure, IngestOptions, IngestSummary, EXTRACT_SCHEMA};

/// What can stop a run: the store failing. Bad input never does.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store could not be written.
    #[error("writing to the store")]
    Store(#[from] hearsay_store::Error),
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
