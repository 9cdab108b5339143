//! `hearsay.extract/1`: one article, its entities and its claims, as `hearsay extract` writes it
//! and the store keeps it (docs/output.md, docs/schema/extract-1.schema.json).
//!
//! Fields may be added in later versions, never renamed or removed; offsets are byte offsets
//! into `document.text`, the clean text. The kinds are closed enums serialised as the lowercase
//! words of the contract, so a layer naming an unknown kind does not parse: it is not version 1.

use std::fmt;

use hearsay_article::{Article, Diagnostic};
use hearsay_text::TextRange;
use serde::{Deserialize, Serialize};

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
    /// What the language stages noted on the article: an unsupported language, no sentences,
    /// unbalanced quotes, an overlong sentence, a missing model. Always written; layers stored
    /// before the field was added read as empty.
    #[serde(default)]
    pub diagnostics: Vec<Diagnostic>,
}

impl ExtractOutput {
    /// The output for `article` with what the stages found in it.
    pub fn new(
        article: &Article,
        entities: Vec<EntityOut>,
        claims: Vec<ClaimOut>,
        diagnostics: Vec<Diagnostic>,
    ) -> ExtractOutput {
        ExtractOutput {
            schema: SCHEMA.to_owned(),
            document: DocumentOut::of(article),
            removed: RemovedOut::of(article),
            entities,
            claims,
            diagnostics,
        }
    }

    /// The entity with this id ("e3").
    pub fn entity(&self, id: &str) -> Option<&EntityOut> {
        self.entities.iter().find(|entity| entity.id == id)
    }

    /// The entity a claim's claimant is linked to.
    pub fn claimant_entity(&self, claim: &ClaimOut) -> Option<&EntityOut> {
        claim.claimant.entity.as_deref().and_then(|id| self.entity(id))
    }
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

impl DocumentOut {
    /// The document part of `article`'s output.
    pub fn of(article: &Article) -> DocumentOut {
        let source = match &article.source.member {
            Some(member) => format!("{}#{}", article.source.path, member),
            None => article.source.path.clone(),
        };
        let meta = &article.metadata;
        DocumentOut {
            id: article.id.as_str().to_owned(),
            source,
            format: article.input.name().to_owned(),
            title: meta.title.clone(),
            published: meta.published.clone(),
            outlet: meta.outlet.clone(),
            language: meta.language.clone(),
            text: article.text.as_str().to_owned(),
        }
    }
}

/// A removed piece of text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedOut {
    /// The text removed.
    pub text: String,
    /// Why (`photo-caption`, `related-link`, ...).
    pub reason: String,
}

impl RemovedOut {
    /// What cleaning removed from `article`, in source order.
    pub fn of(article: &Article) -> Vec<RemovedOut> {
        article
            .removed
            .iter()
            .map(|removal| RemovedOut { text: removal.text.clone(), reason: removal.reason.name().to_owned() })
            .collect()
    }
}

/// A byte span into `document.text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpanOut {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl SpanOut {
    /// True when `inner` lies within this span.
    pub fn contains(&self, inner: &SpanOut) -> bool {
        inner.start >= self.start && inner.end <= self.end
    }
}

impl From<TextRange> for SpanOut {
    fn from(range: TextRange) -> SpanOut {
        SpanOut { start: range.start, end: range.end }
    }
}

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    /// A person.
    Person,
    /// An organisation (ministry, party, armed group, company, international body).
    Organization,
    /// A state; its capital and seat of government stand for it ("Moscow finalized a deal").
    Country,
    /// Another place.
    Place,
    /// A news outlet.
    Outlet,
}

impl EntityType {
    /// Every type, in the order of the contract.
    pub const ALL: [EntityType; 5] =
        [EntityType::Person, EntityType::Organization, EntityType::Country, EntityType::Place, EntityType::Outlet];

    /// The word written in the output (`person`).
    pub fn name(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Organization => "organization",
            EntityType::Country => "country",
            EntityType::Place => "place",
            EntityType::Outlet => "outlet",
        }
    }

    /// The type named `name`, any case.
    pub fn from_name(name: &str) -> Option<EntityType> {
        EntityType::ALL.into_iter().find(|kind| kind.name().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

/// An entity of the article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityOut {
    /// Entity id ("e1").
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// What it is.
    #[serde(rename = "type")]
    pub kind: EntityType,
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

impl EntityOut {
    /// The entity's name, then its aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// True when a mention of it lies inside `span`.
    pub fn mentioned_in(&self, span: &SpanOut) -> bool {
        self.mentions.iter().any(|mention| span.contains(mention))
    }
}

/// What kind of source makes a claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimantKind {
    /// A named person ("Esmail Baghaei").
    Person,
    /// An organisation, also a state, its capital standing for it, or a city ("Iran", "Moscow").
    Organization,
    /// A news outlet or report.
    Outlet,
    /// A group or an anonymous source ("sources", "a senior regional official"), or none.
    Unnamed,
}

impl ClaimantKind {
    /// Every kind, in the order of the contract.
    pub const ALL: [ClaimantKind; 4] =
        [ClaimantKind::Person, ClaimantKind::Organization, ClaimantKind::Outlet, ClaimantKind::Unnamed];

    /// The word written in the output (`person`).
    pub fn name(self) -> &'static str {
        match self {
            ClaimantKind::Person => "person",
            ClaimantKind::Organization => "organization",
            ClaimantKind::Outlet => "outlet",
            ClaimantKind::Unnamed => "unnamed",
        }
    }

    /// The kind named `name` (exact).
    pub fn from_name(name: &str) -> Option<ClaimantKind> {
        ClaimantKind::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

impl fmt::Display for ClaimantKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

/// The claimant's stance toward the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    /// The claimant asserts the content.
    Affirm,
    /// The claimant rejects the content.
    Deny,
}

impl Stance {
    /// The word written in the output (`affirm`).
    pub fn name(self) -> &'static str {
        match self {
            Stance::Affirm => "affirm",
            Stance::Deny => "deny",
        }
    }

    /// The stance named `name`, any case.
    pub fn from_name(name: &str) -> Option<Stance> {
        [Stance::Affirm, Stance::Deny].into_iter().find(|stance| stance.name().eq_ignore_ascii_case(name))
    }

    /// The other stance.
    pub fn reversed(self) -> Stance {
        match self {
            Stance::Affirm => Stance::Deny,
            Stance::Deny => Stance::Affirm,
        }
    }
}

impl fmt::Display for Stance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

/// A claimant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimantOut {
    /// Name.
    pub name: String,
    /// Entity id, when linked.
    pub entity: Option<String>,
    /// What kind of source it is.
    pub kind: ClaimantKind,
    /// Where the text names the source: the byte span of the source noun phrase as written
    /// ("Foreign Ministry spokesman Esmail Baghaei", "He", "who"), role and appositive included;
    /// null when the source is implicit ("Iran reportedly ..."). Layers stored before the field
    /// was added read as null.
    #[serde(default)]
    pub span: Option<SpanOut>,
    /// For a pronoun, relative pronoun or role noun ("He", "who", "the envoy") whose `name` was
    /// resolved to an earlier mention: the span of that mention. Absent when the name is the
    /// text at `span` itself, or when nothing was resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_from: Option<SpanOut>,
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
    /// Where the cue is (`text[cue_span] == cue`); null for a narrator's claim, which has no cue.
    /// Layers stored before the field was added read as null.
    #[serde(default)]
    pub cue_span: Option<SpanOut>,
    /// Affirm or deny.
    pub stance: Stance,
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
    /// Who does what to whom in the content's main clause, as the dependency parse reads it:
    /// given for a passive content whose "by" phrase names someone ("was given ... by Russia"),
    /// the only contents `extract` parses for it (see docs/output.md). Absent otherwise, and in
    /// layers stored before the field was added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<ClauseOut>,
}

/// The main clause of a claim's content: its predicate, who acts and who is acted on, as byte
/// spans of the text. "Israel was given the data by Russia": predicate "given", agent "Russia"
/// (the noun phrase of the "by" phrase), patient "Israel", passive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClauseOut {
    /// The head of the clause: its main verb (or the predicate noun or adjective of a copula).
    pub predicate: SpanOut,
    /// Who acts: the subject phrase, or for a passive the agent of its "by" phrase; null when
    /// the clause names none ("Israel was given the data").
    pub agent: Option<SpanOut>,
    /// Who or what is acted on: the object phrase, or for a passive its subject; null when none.
    pub patient: Option<SpanOut>,
    /// Whether the clause is passive.
    pub passive: bool,
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
        entities
            .iter()
            .filter(|entity| entity.names().any(|name| contains_ignore_case(name, about)))
            .any(|entity| entity.mentioned_in(&self.content_span))
            || contains_ignore_case(&self.content, about)
    }

    /// True when the claim passed through an intermediary whose name contains `via` (any case).
    pub fn passed_via(&self, via: &str) -> bool {
        self.via.iter().any(|step| contains_ignore_case(&step.name, via))
    }
}

/// True when `haystack` contains `needle`, ignoring case.
pub fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(&needle.to_lowercase())
}
