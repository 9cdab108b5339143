//! The shared vocabulary of hearsay: plain data that flows one way through the stages.
//!
//! `ingest` turns files into [`Record`]s (a [`RawArticle`], a publication, or a deletion);
//! `clean` turns a [`RawArticle`] into an [`Article`] with a [`CleanText`]; later stages add
//! layers (entities, claims) and never change what came before. Nothing here does IO.
//!
//! ```
//! use hearsay_article::{ArticleId};
//! let a = ArticleId::from_text("Moscow  denied it.\n");
//! let b = ArticleId::from_text("Moscow denied it.");
//! assert_eq!(a, b, "whitespace does not change identity");
//! assert_eq!(a.as_str().len(), 32);
//! ```
#![warn(missing_docs)]

use std::fmt;

use hearsay_text::{CleanText, TextRange};
use serde::{Deserialize, Serialize};

/// Where a record's bytes came from: enough to find them again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    /// Path of the file as given on the command line (or a URL for uploads).
    pub path: String,
    /// The record inside a container: `#3` for the fourth JSON line or feed item, a WARC record
    /// id, or an `at://` URI. `None` when the file is one article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// Byte offset of the record in the file (or the decompressed stream), where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
}

impl SourceRef {
    /// A whole file.
    pub fn file(path: impl Into<String>) -> SourceRef {
        SourceRef { path: path.into(), member: None, offset: None }
    }

    /// One record of a container file.
    pub fn member(path: impl Into<String>, member: impl Into<String>, offset: Option<u64>) -> SourceRef {
        SourceRef { path: path.into(), member: Some(member.into()), offset }
    }
}

impl fmt::Display for SourceRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)?;
        if let Some(member) = &self.member {
            write!(f, " {member}")?;
        }
        if let Some(offset) = self.offset {
            write!(f, " (byte {offset})")?;
        }
        Ok(())
    }
}

/// The kind of input a file is, detected from its content (and only then from its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputFormat {
    /// A plain-text article.
    Text,
    /// One HTML page.
    Html,
    /// AT Protocol records: one JSON record, a JSON array of records, or JSON Lines of them.
    Atproto,
    /// Jetstream events, one JSON object a line.
    Jetstream,
    /// RSS 2.0.
    Rss,
    /// Atom.
    Atom,
    /// JSON Feed.
    JsonFeed,
    /// WARC, plain or gzipped.
    Warc,
    /// JSON Lines of `{url?, title?, published?, outlet?, text|html}`.
    JsonLines,
}

impl InputFormat {
    /// The name used in output, logs and the CLI.
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Html => "html",
            InputFormat::Atproto => "atproto",
            InputFormat::Jetstream => "jetstream",
            InputFormat::Rss => "rss",
            InputFormat::Atom => "atom",
            InputFormat::JsonFeed => "json-feed",
            InputFormat::Warc => "warc",
            InputFormat::JsonLines => "jsonl",
        }
    }
}

/// What the bytes of one record are, which decides how `clean` reads them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecordFormat {
    /// Plain text; the first lines may hold a headline, byline and dateline.
    Text,
    /// A whole HTML page (main text to be extracted) or a fragment from a feed.
    Html,
    /// Markdown (a `site.standard.document`'s `textContent`).
    Markdown,
}

/// Metadata a container knew about a record before its body was read: a WARC target URI, a feed
/// item's title, a JSON line's `outlet`. `clean` prefers what the body's own metadata says only
/// where the container is silent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Hints {
    /// Canonical or target URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Publication time as found (RFC 3339 or any common date form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Author names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Outlet or site name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// Short description or summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Tags or categories.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The record's `at://` URI, for AT Protocol records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_uri: Option<String>,
    /// The record type, such as `site.standard.document`, `app.bsky.feed.post`, `rss-item`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_type: Option<String>,
}

/// One article's bytes as ingest found them. Nothing changes a `RawArticle` afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawArticle {
    /// Where it came from.
    pub source: SourceRef,
    /// The container format it was read from.
    pub input: InputFormat,
    /// How to read `bytes`.
    pub format: RecordFormat,
    /// The body bytes, undecoded.
    pub bytes: Vec<u8>,
    /// A declared charset (HTTP header, XML prolog, feed), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charset: Option<String>,
    /// What the container said about the record.
    pub hints: Hints,
}

/// A publication record (`site.standard.publication`): names an outlet that documents point to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publication {
    /// Where it came from.
    pub source: SourceRef,
    /// The record's `at://` URI, when known.
    pub at_uri: Option<String>,
    /// The publication's name.
    pub name: String,
    /// Its home page.
    pub url: Option<String>,
    /// Its description.
    pub description: Option<String>,
}

/// What ingest yields, one per record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Record {
    /// An article to clean and store.
    Article(RawArticle),
    /// An outlet description.
    Publication(Publication),
    /// A Jetstream delete of an earlier record.
    Delete {
        /// Where the delete event came from.
        source: SourceRef,
        /// The `at://` URI of the record deleted.
        at_uri: String,
    },
}

/// A stable article id: the first 128 bits of the BLAKE3 hash of the clean text with runs of
/// whitespace collapsed, in lowercase hex. The same story ingested twice, from any file, has one id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArticleId(String);

impl ArticleId {
    /// The id of an article with this clean text.
    pub fn from_text(text: &str) -> ArticleId {
        let mut hasher = blake3::Hasher::new();
        for (i, word) in text.split_whitespace().enumerate() {
            if i > 0 {
                hasher.update(b" ");
            }
            hasher.update(word.as_bytes());
        }
        let hash = hasher.finalize();
        let hex = hash.to_hex();
        ArticleId(hex.as_str()[..32].to_owned())
    }

    /// Wraps an id read back from a store or a URL, unchecked.
    pub fn from_string(id: String) -> ArticleId {
        ArticleId(id)
    }

    /// The id's one text form.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What we know about an article besides its text.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Metadata {
    /// Headline.
    pub title: Option<String>,
    /// Author names, in byline order.
    #[serde(default)]
    pub authors: Vec<String>,
    /// Publication time, normalised: `YYYY-MM-DD` or RFC 3339 `YYYY-MM-DDTHH:MM:SSZ` (UTC).
    pub published: Option<String>,
    /// The outlet's name ("HUM News English"), or the URL host where nothing better is known.
    pub outlet: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// ISO 639-3 language code from whatlang ("eng"), when it is reliable enough.
    pub language: Option<String>,
    /// A dateline ("MOSCOW", "WEB DESK") where the text opens with one.
    pub dateline: Option<String>,
    /// Description or standfirst.
    pub description: Option<String>,
    /// Tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The `at://` URI for AT Protocol records.
    pub at_uri: Option<String>,
}

/// Why a piece of text was removed from the article body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RemovalReason {
    /// A photo caption ("... in this file photo").
    PhotoCaption,
    /// "Read more:" and related-link lines.
    RelatedLink,
    /// "The post ... appeared first on ..." and other syndication footers.
    SyndicationFooter,
    /// "AI technology was used to generate this article's audio" and similar notes.
    Disclosure,
    /// Share, subscribe, follow-us lines.
    ShareLine,
    /// The headline, kept in metadata rather than the body.
    Headline,
    /// A byline ("By Jane Doe"), kept in metadata.
    Byline,
    /// Markdown or HTML markup that is not text.
    Markup,
}

impl RemovalReason {
    /// The reason's name in output.
    pub fn name(self) -> &'static str {
        match self {
            RemovalReason::PhotoCaption => "photo-caption",
            RemovalReason::RelatedLink => "related-link",
            RemovalReason::SyndicationFooter => "syndication-footer",
            RemovalReason::Disclosure => "disclosure",
            RemovalReason::ShareLine => "share-line",
            RemovalReason::Headline => "headline",
            RemovalReason::Byline => "byline",
            RemovalReason::Markup => "markup",
        }
    }
}

/// A piece of the source that cleaning removed, with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    /// The text removed.
    pub text: String,
    /// Why.
    pub reason: RemovalReason,
    /// Where it was in the source text (`Article::source_text`).
    pub source_start: u32,
    /// One past its end in the source text.
    pub source_end: u32,
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// The result is partial.
    Warning,
    /// A bug: a stage panicked or broke an invariant.
    Bug,
}

/// A note a stage leaves on an article: never an error, since bad input is normal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The stage that wrote it (`clean`, `segment`, `claims`).
    pub stage: String,
    /// How bad it is.
    pub severity: Severity,
    /// A stable code, `stage/what` (`clean/no-body`, `clean/decoded-windows-1252`).
    pub code: String,
    /// A lowercase message saying what happened.
    pub message: String,
    /// Where in the clean text, when it is about a span.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<TextRange>,
}

impl Diagnostic {
    /// A diagnostic without a range.
    pub fn new(stage: &str, severity: Severity, code: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic { stage: stage.to_owned(), severity, code: code.to_owned(), message: message.into(), range: None }
    }
}

/// A cleaned article: identity, metadata, clean text with its map to the source, and what was removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Hash of the clean text.
    pub id: ArticleId,
    /// Where it came from.
    pub source: SourceRef,
    /// The container format it was read from.
    pub input: InputFormat,
    /// Headline, date, outlet and the rest.
    pub metadata: Metadata,
    /// The decoded body text that the clean text was cut from: the file's text for plain text,
    /// `textContent` for AT Protocol documents, the extracted main text for HTML.
    pub source_text: String,
    /// The clean text, with pieces mapping back into `source_text`.
    pub text: CleanText,
    /// What cleaning removed, in source order.
    pub removed: Vec<Removal>,
    /// Notes from cleaning.
    pub diagnostics: Vec<Diagnostic>,
}

impl Article {
    /// A plain-text article as cleaning makes one from a text it leaves unchanged: the clean text
    /// is the source text (an identity map), nothing removed. Tests, examples and evaluations
    /// that read gold texts build their articles with it.
    pub fn plain(text: &str, source: SourceRef, metadata: Metadata) -> Article {
        Article {
            id: ArticleId::from_text(text),
            source,
            input: InputFormat::Text,
            metadata,
            source_text: text.to_owned(),
            text: hearsay_text::CleanText::identity(text),
            removed: Vec::new(),
            diagnostics: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_ignore_whitespace_but_not_words() {
        assert_eq!(ArticleId::from_text("a  b\n c"), ArticleId::from_text("a b c"));
        assert_ne!(ArticleId::from_text("Russia denied"), ArticleId::from_text("Russia confirmed"));
    }

    #[test]
    fn records_round_trip_through_json() {
        let record = Record::Delete {
            source: SourceRef::member("events.jsonl", "#2", Some(120)),
            at_uri: "at://did:plc:x/site.standard.document/abc".into(),
        };
        let json = serde_json::to_string(&record).unwrap();
        assert!(json.contains("\"kind\":\"delete\""));
        assert_eq!(serde_json::from_str::<Record>(&json).unwrap(), record);
    }
}
