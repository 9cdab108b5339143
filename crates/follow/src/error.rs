//! What stops `follow` before it starts: a sources file that cannot be read. Once running, a
//! failing source is reported on that source and the others go on.

use std::path::PathBuf;

/// A sources file (`sources.toml` or OPML) that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read.
    #[error("reading the sources file {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a sources list.
    #[error("reading the sources file {path}: {reason}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// What is wrong, in words.
        reason: String,
    },
}

/// Results of this crate's fallible functions.
pub type Result<T, E = Error> = std::result::Result<T, E>;
