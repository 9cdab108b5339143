//! Exports of the stored `hearsay.extract/1` layers for other tools.
//!
//! Every export starts from the same input, the extractions of the stored articles
//! ([`ExtractOutput`]), and writes to any `Write`; the CLI (`hearsay export`) picks the files.
//!
//! * [`table`]: flat `claims` and `entities` tables, as CSV or Parquet, for notebooks;
//! * [`ftm`]: FollowTheMoney entities (`Article`, `Person`, `Organization`, `Mention`, ...) as
//!   JSON lines, for Aleph-style tools;
//! * [`schema_org`]: schema.org `Claim` objects in JSON-LD, and `ClaimReview` where the user
//!   gives a verdict;
//! * [`plover`]: PLOVER-style event records for the claims whose cue is an event (accusations,
//!   rejections, requests, threats, ...).
//!
//! The formats are documented in docs/export.md. Output is deterministic: articles in id order,
//! claims and entities in their article's order.
//!
//! ```
//! use hearsay_export::table::{claim_rows, write_csv};
//!
//! let documents: Vec<hearsay_schema::ExtractOutput> = Vec::new();
//! let mut csv = Vec::new();
//! write_csv(&claim_rows(&documents), &mut csv)?;
//! assert!(String::from_utf8(csv).unwrap().starts_with("article,"));
//! # Ok::<(), hearsay_export::Error>(())
//! ```

pub mod ftm;
pub mod plover;
pub mod schema_org;
pub mod table;

pub use hearsay_schema::ExtractOutput;

/// What can stop an export: writing failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Writing the output failed.
    #[error("writing the export")]
    Io(#[from] std::io::Error),
    /// The CSV writer failed.
    #[error("writing CSV")]
    Csv(#[from] csv::Error),
    /// The Parquet writer failed.
    #[error("writing Parquet")]
    Parquet(#[from] parquet::errors::ParquetError),
    /// Encoding JSON failed.
    #[error("encoding JSON")]
    Json(#[from] serde_json::Error),
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A stable id from parts: 20 hex digits of BLAKE3 over the parts joined by NUL bytes, so that
/// exporting the same store twice gives the same ids.
pub(crate) fn stable_id(prefix: &str, parts: &[&str]) -> String {
    let mut hasher = blake3::Hasher::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update(&[0]);
    }
    format!("{prefix}-{}", &hasher.finalize().to_hex().as_str()[..20])
}
