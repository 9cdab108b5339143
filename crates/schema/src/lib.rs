//! The JSON contracts of hearsay, as plain serde types: what a reader of its output, or of its
//! store, can rely on.
//!
//! - [`extract`]: `hearsay.extract/1`, one article with its entities and claims. `nlp` builds
//!   it, the store keeps it per article, and everything downstream (ledger, export, server,
//!   the CLI's query commands) reads it back with [`parse`].
//! - [`ledger`]: `hearsay.ledger/1`, the ledger's propositions, stories and entity reports.
//! - [`corpus`]: the corpus listings that `hearsay entities` and `GET /api/entities` share.
//!
//! The crate depends on serde, `text` and `article` only, so a reader of the contract does not
//! compile the language models.
//!
//! ```
//! let layer = r#"{"schema":"hearsay.extract/1",
//!   "document":{"id":"0123456789abcdef0123456789abcdef","source":"a.txt","format":"text",
//!               "title":null,"published":null,"outlet":null,"language":"eng","text":"Sadr said so."},
//!   "removed":[],"entities":[],"claims":[]}"#;
//! let output = hearsay_schema::parse("0123456789abcdef0123456789abcdef", layer).expect("a layer");
//! assert!(output.diagnostics.is_empty(), "a layer written before diagnostics reads as none");
//! let broken = hearsay_schema::parse("feedface", "{").unwrap_err();
//! assert!(broken.to_string().contains("feedface"));
//! ```

pub mod corpus;
pub mod extract;
pub mod ledger;

pub use extract::{
    ClaimOut, ClaimantKind, ClaimantOut, ClauseOut, DocumentOut, EntityOut, EntityType, ExtractOutput, RemovedOut,
    SpanOut, Stance, ViaOut, SCHEMA,
};

/// A stored `hearsay.extract/1` layer that could not be read.
///
/// The one policy for such a layer, wherever it is read (the ledger update, the server's
/// corpus and article pages, `hearsay claims`, `entities`, `export`): the article is left out
/// of what is computed, and the reader says so, naming the article (a warning, an entry in a
/// report, a failed exit status), never silently.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
#[error("the stored claims of article {article} are not {SCHEMA} JSON: {reason}")]
pub struct ParseError {
    /// The article whose layer it is.
    pub article: String,
    /// What is wrong with it.
    pub reason: String,
}

/// Reads the stored `hearsay.extract/1` layer of `article`.
///
/// A layer written before `diagnostics` was added reads with none; a layer whose `schema` is not
/// [`SCHEMA`] is an error, as is one that is not JSON of this shape.
pub fn parse(article: &str, json: &str) -> Result<ExtractOutput, ParseError> {
    let failed = |reason: String| ParseError { article: article.to_owned(), reason };
    let output: ExtractOutput = serde_json::from_str(json).map_err(|error| failed(error.to_string()))?;
    if output.schema != SCHEMA {
        return Err(failed(format!("its schema is {:?}", output.schema)));
    }
    Ok(output)
}
