//! `hearsay.ledger/1`: the ledger's reports, as `hearsay ledger --json`, `hearsay stories --json`,
//! `hearsay entity --json` and the `/api/ledger/...` endpoints write them (docs/ledger.md).
//!
//! A proposition holds [`LedgerClaim`]s; each is a stored [`ClaimItem`]: the
//! `hearsay.extract/1` claim ([`ClaimOut`]) flattened with where it was found, its frame and
//! its origin. The same item is what the ledger keeps in its store, so these shapes are also
//! the stored ledger's: a change here rebuilds it.

use serde::{Deserialize, Serialize};

use crate::extract::{ClaimOut, ClaimantOut, ClauseOut, EntityType, SpanOut, Stance, ViaOut};

/// The schema name of the ledger's JSON output.
pub const SCHEMA: &str = "hearsay.ledger/1";

/// The verdict of a proposition's sourcing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Two or more independent origins affirm it, and none denies it.
    Corroborated,
    /// Affirmed and denied.
    Contested,
    /// Only denied.
    Denied,
    /// One origin, one article.
    SingleSource,
    /// One origin, many articles: syndicated copies, or reports citing the same source.
    Repeated,
}

impl Verdict {
    /// The verdict's name.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Corroborated => "corroborated",
            Verdict::Contested => "contested",
            Verdict::Denied => "denied",
            Verdict::SingleSource => "single-source",
            Verdict::Repeated => "repeated",
        }
    }
}

/// What is claimed, with every claim that affirms or denies it across the corpus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Proposition {
    /// `p-` and 12 hex digits, stable: derived from the key of its earliest stored claim, so it stays
    /// when claims join; the names of its other claims redirect to it (`Ledger::proposition`).
    pub id: String,
    /// A representative wording: the content of its earliest affirming claim (else earliest).
    pub text: String,
    /// The entities it is about, agent first.
    pub actors: Vec<EntityRef>,
    /// The verdict of its sourcing.
    pub verdict: Verdict,
    /// Independent origins, each with its stance and how many articles carry it.
    pub origins: Vec<OriginCount>,
    /// Distinct articles (near-duplicates counted once) that carry it.
    pub articles: usize,
    /// Earliest publication date among its claims.
    pub first_seen: Option<String>,
    /// Latest publication date among its claims.
    pub last_seen: Option<String>,
    /// The story it belongs to (that of its earliest claim's article).
    pub story: Option<String>,
    /// Every claim, oldest first.
    pub claims: Vec<LedgerClaim>,
    /// Other propositions linked to it.
    pub related: Vec<RelatedProposition>,
}

/// An entity, by corpus key and display name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EntityRef {
    /// Corpus-wide key (`country:RUS`).
    pub key: String,
    /// Name.
    pub name: String,
}

/// One origin of a proposition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OriginCount {
    /// Origin key.
    pub key: String,
    /// Name.
    pub name: String,
    /// What this origin says of the proposition.
    pub stance: Stance,
    /// Distinct articles carrying it from this origin (near-duplicates counted once).
    pub articles: usize,
}

/// A claim as shown in the ledger: the extracted claim, its article, its origin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerClaim {
    /// The claim as stored (article, outlet, date, claimant, chain, content, spans...).
    #[serde(flatten)]
    pub item: ClaimItem,
    /// The claimant's stance toward the proposition's wording: the claim's stance, reversed when
    /// one of the two negates itself and the other does not ("Moscow did not supply" denies
    /// "Moscow supplied"). Outside a proposition, the claim's own stance.
    pub polarity: Stance,
    /// The article this one is a near-duplicate of, if any.
    pub copy_of: Option<String>,
    /// The article's own voice, not an attributed claim: the stance model read the article as
    /// agreeing (affirm) or disagreeing (deny) with the proposition's wording; the claimant and
    /// origin are its outlet, the content its sentence nearest the wording. Written only when true.
    #[serde(default, skip_serializing_if = "is_false")]
    pub voice: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

fn is_zero(value: &u32) -> bool {
    *value == 0
}

/// A link from one proposition to another.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RelatedProposition {
    /// The other proposition.
    pub id: String,
    /// `related` (same actors, another claim), `responds-to` (this one answers the other's
    /// claimant), or `responded-by` (the other answers this one's claimant).
    pub relation: String,
    /// Its text.
    pub text: String,
}

/// Articles telling the same events, across outlets and days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// `s-` and the first 12 hex digits of its smallest article id.
    pub id: String,
    /// The earliest article's headline.
    pub title: Option<String>,
    /// Its articles, oldest first.
    pub articles: Vec<StoryArticle>,
    /// Distinct outlets.
    pub outlets: Vec<String>,
    /// Earliest publication date.
    pub first: Option<String>,
    /// Latest publication date.
    pub last: Option<String>,
    /// Main entities, by the number of its articles naming them.
    pub entities: Vec<StoryEntity>,
    /// Named events its articles share.
    pub events: Vec<String>,
    /// Its propositions, the most widely sourced first.
    pub propositions: Vec<PropositionSummary>,
}

/// An article in a story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryArticle {
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// The article it copies, if a near-duplicate.
    pub copy_of: Option<String>,
}

/// An entity in a story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryEntity {
    /// Key.
    pub key: String,
    /// Name.
    pub name: String,
    /// Type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Articles of the story naming it.
    pub articles: usize,
}

/// A proposition in a listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PropositionSummary {
    /// Id.
    pub id: String,
    /// Text.
    pub text: String,
    /// Verdict.
    pub verdict: Verdict,
    /// Number of claims.
    pub claims: usize,
}

/// One entity across the corpus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityReport {
    /// Corpus-wide key.
    pub key: String,
    /// The name it is most often given.
    pub name: String,
    /// Type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Every other name it goes by.
    pub aliases: Vec<String>,
    /// Articles naming it.
    pub articles: usize,
    /// Roles given to it, with where and when.
    pub roles: Vec<RoleSeen>,
    /// Claims it made.
    pub claims_made: Vec<LedgerClaim>,
    /// Claims about it (its name is in the content), made by others.
    pub claims_about: Vec<LedgerClaim>,
    /// Propositions it is an actor of.
    pub propositions: Vec<PropositionSummary>,
    /// Everything above in date order.
    pub timeline: Vec<TimelineEntry>,
}

/// A role given to an entity in one article.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RoleSeen {
    /// The role ("Foreign Ministry spokesman").
    pub role: String,
    /// Publication date of the article.
    pub published: Option<String>,
    /// The article.
    pub article: String,
    /// Its outlet.
    pub outlet: Option<String>,
}

/// One dated event in an entity's history.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// Publication date of the article (or the claim's own time where the text gives one).
    pub date: Option<String>,
    /// What happened.
    pub kind: TimelineKind,
    /// The article.
    pub article: String,
    /// Its outlet.
    pub outlet: Option<String>,
    /// Headline or claim content.
    pub text: String,
}

/// What a [`TimelineEntry`] records; ordered as the words are, so a timeline sorts the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimelineKind {
    /// The entity made a claim.
    Claimed,
    /// A claim named the entity.
    ClaimedAbout,
    /// An article mentioned the entity.
    Mentioned,
}

impl TimelineKind {
    /// The word written in the output (`claimed-about`).
    pub fn name(self) -> &'static str {
        match self {
            TimelineKind::Claimed => "claimed",
            TimelineKind::ClaimedAbout => "claimed-about",
            TimelineKind::Mentioned => "mentioned",
        }
    }
}

impl std::fmt::Display for TimelineKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.name())
    }
}

/// A claim as the ledger stores it: the claim as extracted, where it was found, and its frame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "ClaimItemFields")]
pub struct ClaimItem {
    /// The article's id.
    pub article: String,
    /// The claim's id within the article ("c3").
    pub claim: String,
    /// The article's outlet.
    pub outlet: Option<String>,
    /// The article's publication date.
    pub published: Option<String>,
    /// The claim as extracted.
    #[serde(flatten)]
    pub out: ClaimOut,
    /// The claimant's entity key, when linked.
    pub claimant_key: Option<String>,
    /// Entity keys of the chain, outermost first (`None` where a link names no known entity).
    pub via_keys: Vec<Option<String>>,
    /// The frame.
    pub frame: Frame,
    /// Where the claim comes from, for counting independent sources (the ledger's `features::origin`).
    pub origin: Origin,
    /// Further claims of the same article with the same claimant and the same words, folded into
    /// this one before linking (an article repeating one sentence is one claim). Written only when
    /// not zero.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub repeats: u32,
}

/// [`ClaimItem`]'s fields as they are written, the claim's own among them, read as one flat
/// struct. Serde reads a `flatten`ed field by first copying the whole object into a buffer of
/// its own and reading that again; the ledger reads stored claims by the hundred thousand (an
/// update's candidates, every proposition's summary), and that copy was a tenth of an update.
/// Writing keeps the derived `flatten`, so the JSON is the same; [`ClaimOut`]'s fields are all
/// named again below, and `From` builds a `ClaimOut` from them, so a field added there fails to
/// compile here until it is read too.
#[derive(Deserialize)]
struct ClaimItemFields {
    article: String,
    claim: String,
    outlet: Option<String>,
    published: Option<String>,
    id: String,
    claimant: ClaimantOut,
    role: Option<String>,
    cue: String,
    #[serde(default)]
    cue_span: Option<SpanOut>,
    stance: Stance,
    hedged: bool,
    direct: bool,
    via: Vec<ViaOut>,
    content: String,
    content_span: SpanOut,
    sentence: u32,
    time: Option<String>,
    #[serde(default)]
    clause: Option<ClauseOut>,
    claimant_key: Option<String>,
    via_keys: Vec<Option<String>>,
    frame: Frame,
    origin: Origin,
    #[serde(default)]
    repeats: u32,
}

impl From<ClaimItemFields> for ClaimItem {
    fn from(fields: ClaimItemFields) -> ClaimItem {
        ClaimItem {
            article: fields.article,
            claim: fields.claim,
            outlet: fields.outlet,
            published: fields.published,
            out: ClaimOut {
                id: fields.id,
                claimant: fields.claimant,
                role: fields.role,
                cue: fields.cue,
                cue_span: fields.cue_span,
                stance: fields.stance,
                hedged: fields.hedged,
                direct: fields.direct,
                via: fields.via,
                content: fields.content,
                content_span: fields.content_span,
                sentence: fields.sentence,
                time: fields.time,
                clause: fields.clause,
            },
            claimant_key: fields.claimant_key,
            via_keys: fields.via_keys,
            frame: fields.frame,
            origin: fields.origin,
            repeats: fields.repeats,
        }
    }
}

/// Who does what to whom in a claim's content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Frame {
    /// Entity keys named in the content, in order of first mention.
    pub actors: Vec<String>,
    /// The actor that acts: the first participant.
    pub agent: Option<String>,
    /// Actors named as nouns, in order: not as a possessive ("Iran's data") or an adjective
    /// ("Iranian air-defense data"), which only modify a participant.
    pub participants: Vec<String>,
    /// Relation words: content words outside entity mentions, stemmed and folded, sorted.
    pub relation: Vec<String>,
    /// All content words, stemmed, sorted (for claims that name no entity).
    pub words: Vec<String>,
    /// The content negates itself ("did not supply").
    pub negated: bool,
    /// Persons whose statements the content is about ("Sadr's remarks", "his comments"): keys.
    pub responds_to: Vec<String>,
}

/// The origin of a claim: the end of its chain that can be named.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Origin {
    /// A key that is equal for the same origin across articles.
    pub key: String,
    /// A readable name.
    pub name: String,
}

/// Why a proposition has its verdict (`hearsay ledger ID --explain`): the independent origins on
/// each side, the articles that are copies of one another, and the articles that all cite one
/// origin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    /// The proposition.
    pub id: String,
    /// Its wording.
    pub text: String,
    /// Its verdict.
    pub verdict: Verdict,
    /// The rule that gave the verdict, in words.
    pub reason: String,
    /// Origins that affirm the wording, each with the articles carrying it.
    pub affirm: Vec<ExplainedOrigin>,
    /// Origins that deny it.
    pub deny: Vec<ExplainedOrigin>,
    /// Independent articles among those affirming (near-duplicates counted once).
    pub affirming_articles: usize,
    /// Groups of articles that are near-duplicates of one another (the original first).
    pub copies: Vec<Vec<String>>,
    /// Origins carried by two or more independent articles: those articles all cite one source.
    pub same_origin: Vec<ExplainedOrigin>,
}

/// One origin in an [`Explanation`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExplainedOrigin {
    /// Origin key.
    pub key: String,
    /// Name.
    pub name: String,
    /// `claim` (attributed in the text) or `voice` (the outlet's own voice, read by the stance model).
    pub evidence: String,
    /// The articles carrying it: id, outlet, and the article it copies.
    pub articles: Vec<ExplainedArticle>,
    /// How many articles carry it: the length of `articles`, which a page may cut (`GET
    /// /api/propositions/{id}/explanation` lists the first `limit`).
    #[serde(default)]
    pub article_count: usize,
}

/// An article in an [`Explanation`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExplainedArticle {
    /// Article id.
    pub id: String,
    /// Outlet.
    pub outlet: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// The article it is a near-duplicate of.
    pub copy_of: Option<String>,
}
