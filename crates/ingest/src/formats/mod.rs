//! One reader per input format. Each turns an [`crate::input::Input`] into an iterator of
//! records; they share [`Context`] and the JSON value stream.

pub(crate) mod atproto;
pub(crate) mod feed;
mod feed_bytes;
mod feed_repair;
pub(crate) mod html;
pub(crate) mod jetstream;
pub(crate) mod json_values;
pub(crate) mod jsonl;
pub(crate) mod text;
pub(crate) mod warc;

use hearsay_article::{InputFormat, SourceRef};

use crate::Limits;

/// What every reader needs to know about the file it reads.
#[derive(Debug, Clone)]
pub(crate) struct Context {
    /// The path as given, for [`SourceRef::path`].
    pub(crate) path: String,
    /// The detected format, for [`hearsay_article::RawArticle::input`].
    pub(crate) input: InputFormat,
    pub(crate) limits: Limits,
}

impl Context {
    pub(crate) fn file(&self) -> SourceRef {
        SourceRef::file(self.path.clone())
    }

    pub(crate) fn member(&self, member: impl Into<String>, offset: Option<u64>) -> SourceRef {
        SourceRef::member(self.path.clone(), member, offset)
    }
}

/// The item every reader yields.
pub(crate) type Item = Result<hearsay_article::Record, crate::RecordError>;

/// A reader's records, boxed so that [`crate::RecordReader`] holds any of them.
pub(crate) type Records = Box<dyn Iterator<Item = Item> + Send>;

/// The UTF-8 bodies that JSON and feeds hand over: declared as such, since serde and quick-xml
/// have already decoded them.
pub(crate) const UTF8: &str = "utf-8";
