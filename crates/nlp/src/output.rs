//! The versioned JSON contract of `hearsay extract`: `hearsay.extract/1` (see docs/output.md).
//!
//! Plain serde structs built from an article, its extraction and the entities found for it.
//! Fields may be added in later versions, never renamed or removed; offsets are byte offsets
//! into `document.text`, the clean text.

use hearsay_article::Article;
use hearsay_text::TextRange;
use serde::{Deserialize, Serialize};

use crate::Extraction;

/// The schema name and version written into every output.
pub const SCHEMA: &str = "hearsay.extract/1";

/// One extracted article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtractOutput {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The article.
    pub document: DocumentOut,
    /// What cleaning removed.
    pub removed: Vec<RemovedOut>,
    /// Named entities, from the entity stage.
    pub entities: Vec<EntityOut>,
    /// Claims.
    pub claims: Vec<ClaimOut>,
}

/// The article's identity, metadata and clean text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentOut {
    /// Article id (hash of the clean text).
    pub id: String,
    /// Where it came from: a path, or `path#member` inside an archive.
    pub source: String,
    /// Input format name (`text`, `html`, `atproto`, ...).
    pub format: String,
    /// Headline.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Outlet name.
    pub outlet: Option<String>,
    /// ISO 639-3 language code.
    pub language: Option<String>,
    /// The clean text all offsets point into.
    pub text: String,
}

/// A removed piece of text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedOut {
    /// The text removed.
    pub text: String,
    /// Why (`photo-caption`, `related-link`, ...).
    pub reason: String,
}

/// A byte span into `document.text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpanOut {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl From<TextRange> for SpanOut {
    fn from(r: TextRange) -> SpanOut {
        SpanOut { start: r.start, end: r.end }
    }
}

/// An entity, as the entity stage gives it (opaque to this crate).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityOut {
    /// Entity id ("e1").
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// `person`, `organization`, `location`, ...
    #[serde(rename = "type")]
    pub kind: String,
    /// Other names it goes by in the article.
    pub aliases: Vec<String>,
    /// Where it is mentioned.
    pub mentions: Vec<SpanOut>,
    /// Roles the article gives it ("Foreign Ministry spokesman").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// ISO 3166 alpha-3 country, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// A claimant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimantOut {
    /// Name.
    pub name: String,
    /// Entity id, when linked.
    pub entity: Option<String>,
    /// `person`, `organization`, `outlet`, `unnamed`.
    pub kind: String,
}

/// An intermediary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViaOut {
    /// Name.
    pub name: String,
    /// Entity id, when linked.
    pub entity: Option<String>,
}

/// A claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimOut {
    /// "c1", "c2", ...
    pub id: String,
    /// Who claims it.
    pub claimant: ClaimantOut,
    /// Role given next to the name.
    pub role: Option<String>,
    /// Cue as written.
    pub cue: String,
    /// `affirm` or `deny`.
    pub stance: String,
    /// Hedged.
    pub hedged: bool,
    /// Direct quote.
    pub direct: bool,
    /// Intermediaries.
    pub via: Vec<ViaOut>,
    /// Attributed text.
    pub content: String,
    /// Where the content is.
    pub content_span: SpanOut,
    /// Sentence index.
    pub sentence: u32,
    /// When, if known.
    pub time: Option<String>,
}

impl ExtractOutput {
    /// Builds the output for one article.
    pub fn new(article: &Article, extraction: &Extraction, entities: Vec<EntityOut>) -> ExtractOutput {
        let source = match &article.source.member {
            Some(m) => format!("{}#{}", article.source.path, m),
            None => article.source.path.clone(),
        };
        let meta = &article.metadata;
        ExtractOutput {
            schema: SCHEMA.to_owned(),
            document: DocumentOut {
                id: article.id.as_str().to_owned(),
                source,
                format: article.input.name().to_owned(),
                title: meta.title.clone(),
                published: meta.published.clone(),
                outlet: meta.outlet.clone(),
                language: meta.language.clone(),
                text: article.text.as_str().to_owned(),
            },
            removed: article.removed.iter().map(|r| RemovedOut { text: r.text.clone(), reason: r.reason.name().to_owned() }).collect(),
            entities,
            claims: extraction
                .claims
                .iter()
                .map(|c| ClaimOut {
                    id: c.id.clone(),
                    claimant: ClaimantOut {
                        name: c.claimant.name.clone(),
                        entity: c.claimant.entity.clone(),
                        kind: c.claimant.kind.clone(),
                    },
                    role: c.role.clone(),
                    cue: c.cue.clone(),
                    stance: c.stance.name().to_owned(),
                    hedged: c.hedged,
                    direct: c.direct,
                    via: c.via.iter().map(|v| ViaOut { name: v.name.clone(), entity: v.entity.clone() }).collect(),
                    content: c.content.clone(),
                    content_span: c.content_span.into(),
                    sentence: c.sentence,
                    time: c.time.clone(),
                })
                .collect(),
        }
    }
}

impl ClaimOut {
    /// True when the claimant's name, or a name or alias of its entity, contains `by` (any case).
    pub fn made_by(&self, entities: &[EntityOut], by: &str) -> bool {
        if contains_ignore_case(&self.claimant.name, by) {
            return true;
        }
        let entity = self.claimant.entity.as_deref().and_then(|id| entities.iter().find(|entity| entity.id == id));
        entity.is_some_and(|entity| entity.names().any(|name| contains_ignore_case(name, by)))
    }

    /// True when the claim is about `about`: a mention of an entity whose name or alias contains
    /// it lies inside the claim's content, or the content itself contains it (any case).
    pub fn is_about(&self, entities: &[EntityOut], about: &str) -> bool {
        let span = &self.content_span;
        entities
            .iter()
            .filter(|entity| entity.names().any(|name| contains_ignore_case(name, about)))
            .any(|entity| entity.mentions.iter().any(|mention| mention.start >= span.start && mention.end <= span.end))
            || contains_ignore_case(&self.content, about)
    }
}

impl EntityOut {
    /// The entity's name, then its aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(&needle.to_lowercase())
}
