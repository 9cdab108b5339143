//! Errors of the stance crate: reading CSV files and loading or saving models.

use std::path::PathBuf;

/// What went wrong while reading data or a model.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A CSV file could not be parsed.
    #[error("reading csv {path}: {source}")]
    Csv {
        path: PathBuf,
        #[source]
        source: csv::Error,
    },
    /// A CSV file lacks a column we need or has a bad value.
    #[error("bad fnc file {path}: {reason}")]
    Format { path: PathBuf, reason: String },
    /// Writing CSV output failed.
    #[error("writing csv: {0}")]
    Write(#[from] csv::Error),
    /// A model file is corrupt or of another version.
    #[error("bad stance model {origin}: {reason}")]
    Model { origin: String, reason: String },
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
