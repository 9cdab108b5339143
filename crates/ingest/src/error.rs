//! Errors: [`IngestError`] for paths that cannot be walked, [`RecordError`] for one record or file
//! that could not be read, and the stream errors that the decompression layer raises.

use std::fmt;
use std::path::PathBuf;

use hearsay_article::SourceRef;

/// A path given to [`crate::walk`] that could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The path does not exist.
    #[error("{path}: no such file or folder")]
    Missing {
        /// The path as given.
        path: PathBuf,
    },
    /// The path exists but could not be read (permissions, a broken link).
    #[error("{path}: cannot read: {source}")]
    Unreadable {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
}

/// Whether a [`RecordError`] lost data or was a deliberate skip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The record (or the rest of the file) could not be read: data was lost.
    Failed,
    /// The record is not an article and was passed over on purpose (a Jetstream identity event).
    Skipped,
}

/// One record, or a whole file, that did not become a [`hearsay_article::Record`].
///
/// Reading goes on after a record error where the container allows it (the next JSON line, the
/// next feed entry); a broken stream (truncated gzip, truncated WARC) ends the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// The file, and the record inside it where known.
    pub source: SourceRef,
    /// Lost or skipped.
    pub kind: ErrorKind,
    /// Why, lowercase, without a trailing period.
    pub reason: String,
}

impl RecordError {
    pub(crate) fn failed(source: SourceRef, reason: impl Into<String>) -> RecordError {
        RecordError { source, kind: ErrorKind::Failed, reason: reason.into() }
    }

    pub(crate) fn skipped(source: SourceRef, reason: impl Into<String>) -> RecordError {
        RecordError { source, kind: ErrorKind::Skipped, reason: reason.into() }
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source.path)?;
        if let Some(member) = &self.source.member {
            write!(f, " {member}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

impl std::error::Error for RecordError {}

/// Errors raised inside the byte stream by the decompression layer, carried through
/// `std::io::Error` so that every format reader reports them the same way.
#[derive(Debug, Clone, thiserror::Error)]
pub(crate) enum StreamError {
    /// The gzip data ended in the middle of a member: a download cut short.
    #[error("truncated gzip stream after {after} bytes")]
    TruncatedGzip { after: u64 },
    /// The gzip data is damaged.
    #[error("corrupt gzip stream after {after} bytes: {detail}")]
    CorruptGzip { after: u64, detail: String },
    /// More decompressed bytes than [`crate::Limits::max_decompressed_bytes`] allows: a gzip bomb
    /// or an archive too large to read here.
    #[error("decompressed data larger than the {limit} limit")]
    DecompressedTooLarge { limit: String },
}

/// The reason to report for an I/O error met while reading a stream.
pub(crate) fn stream_failure(error: &std::io::Error) -> String {
    if let Some(stream) = error.get_ref().and_then(|inner| inner.downcast_ref::<StreamError>()) {
        return stream.to_string();
    }
    format!("read error: {error}")
}
