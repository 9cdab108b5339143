//! Reads files, folders and archives into records: format detection, containers, limits.
//!
//! `ingest` is the first stage of hearsay. It turns paths into a stream of
//! [`hearsay_article::Record`]s: an article's undecoded bytes with what the container said about
//! it ([`hearsay_article::RawArticle`] with its [`hearsay_article::Hints`]), an outlet
//! ([`hearsay_article::Publication`]), or a deletion. Decoding bytes to text, extracting an HTML
//! page's main text, rendering markdown and dropping boilerplate belong to `clean`.
//!
//! The pieces:
//! - [`walk`] expands folders into their files, sorted.
//! - [`detect`] names a file's format from its content (magic bytes, the first JSON value's
//!   keys, the XML root), and from its name only where the content is ambiguous: the seed
//!   `002_*.txt` is an AT Protocol record despite its name.
//! - [`read_file`] and [`read_bytes`] give a [`RecordReader`], an iterator that streams records
//!   out of plain text, HTML, AT Protocol records (one, an array, JSON Lines, or a
//!   `listRecords` page), Jetstream events, RSS, Atom, JSON Feed, WARC and JSON Lines, each
//!   optionally gzipped, within the [`Limits`]. Bodies that came out of JSON or a feed parser are
//!   UTF-8 and say so in `charset`; other bytes are passed on undecoded with the charset they
//!   declare (HTTP header, `<meta charset>`, a UTF-16 byte order mark).
//! - A record that cannot be read is a [`RecordError`] ([`ErrorKind::Failed`], or
//!   [`ErrorKind::Skipped`] for things passed over on purpose) naming the file and the record
//!   (`#3` for the fourth line or entry, a WARC-Record-ID, an `at://` URI); reading goes on with
//!   the next record where the container allows it. Nothing here panics on any input.
//!
//! ```
//! use hearsay_article::{InputFormat, Record, RecordFormat};
//! use hearsay_ingest::{read_bytes, Limits};
//!
//! let lines = concat!(
//!     r#"{"url": "https://example.com/a", "title": "Envoy denies report", "text": "Moscow denied it."}"#, "\n",
//!     "oops\n",
//! );
//! let mut reader = read_bytes("upload.jsonl", lines.as_bytes().to_vec(), &Limits::default());
//! assert_eq!(reader.format(), Some(InputFormat::JsonLines));
//! let Some(Ok(Record::Article(article))) = reader.next() else { panic!("an article") };
//! assert_eq!(article.format, RecordFormat::Text);
//! assert_eq!(article.hints.title.as_deref(), Some("Envoy denies report"));
//! let error = reader.next().expect("a second item").expect_err("a bad line");
//! assert_eq!(error.to_string(), "upload.jsonl #1: line 2: expected value at column 1");
//! assert!(reader.next().is_none());
//! ```

mod detect;
mod error;
mod formats;
mod input;
mod limits;
mod reader;
mod walk;

pub use detect::detect;
pub use error::{ErrorKind, IngestError, RecordError};
pub use limits::Limits;
pub use reader::{read_bytes, read_bytes_as, read_file, RecordReader};
pub use walk::walk;

/// Results of this crate's fallible functions.
pub type Result<T, E = IngestError> = std::result::Result<T, E>;
