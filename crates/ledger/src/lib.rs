//! The ledger across outlets: the same claim found in many articles, and whether it is
//! corroborated, contested, denied, single-source or only repeated; articles grouped into
//! stories; one entity's history across the corpus.
//!
//! The ledger is derived from what the store already holds (articles, near-duplicate links and
//! each article's `hearsay.extract/1` annotations) in three layers:
//!
//! 1. [`features`]: each article and claim becomes an *item* with the features that are compared:
//!    corpus-wide entity keys, a claim's frame (agent, other actors, relation words, negation),
//!    its origin (the end of its chain).
//! 2. [`link`]: pairs of items that share an index term are compared, and the links found
//!    (`same` proposition, `related`, `responds-to`) are stored. [`update`] does
//!    this for articles the ledger has not read yet, so ingesting one article costs its
//!    candidates, not the corpus.
//! 3. [`Ledger`]: reading groups the links into propositions (connected components) and judges
//!    each proposition's sourcing ([`Verdict`]); articles are grouped into stories by what they
//!    say, each compared with a story's centroid ([`stories`]).
//!
//! Every link depends only on its two items, and every group is named after its earliest member,
//! so reading articles one at a time gives exactly what a rebuild from scratch gives.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mut store = hearsay_store::Store::open(std::path::Path::new("hearsay.db"))?;
//! let ledger = hearsay_ledger::Ledger::load(&mut store)?;
//! for proposition in ledger.propositions(&hearsay_ledger::PropositionFilter::default()) {
//!     println!("{:<14} {}", proposition.verdict.name(), proposition.text);
//! }
//! # Ok(()) }
//! ```

pub mod check;
pub mod features;
mod index;
mod kept;
pub mod link;
pub mod online;
mod stored;
pub mod stories;
mod story_rows;
mod update;
mod view;
pub mod voice;

pub use features::{entity_key, ArticleItem, ClaimItem, Frame, Origin};
pub use hearsay_schema::ledger::{
    EntityRef, EntityReport, ExplainedArticle, ExplainedOrigin, Explanation, LedgerClaim, OriginCount, Proposition,
    PropositionSummary, RelatedProposition, RoleSeen, Story, StoryArticle, StoryEntity, TimelineEntry, TimelineKind,
    Verdict,
};
pub use hearsay_store::PropositionOrder;
pub use hearsay_store::PropositionPageFilter;
pub use index::{stored_entity, stored_propositions_about};
pub use stored::{
    reads_whole, stored_explanation, stored_proposition, stored_propositions, stored_propositions_where,
    WHOLE_LEDGER_UP_TO,
};
pub use story_rows::{stored_stories, stored_story, stored_story_part};
pub use update::{update, UpdateOptions, UpdateReport, MAX_CANDIDATES, TERM_CANDIDATES};
pub use view::{Ledger, PropositionFilter, ReadOptions};
pub use voice::StanceJudge;

/// The schema name of the ledger's JSON output (`hearsay ledger --json` and friends).
pub const LEDGER_SCHEMA: &str = hearsay_schema::ledger::SCHEMA;

/// The annotation layer the ledger reads.
pub const EXTRACT_SCHEMA: &str = hearsay_schema::SCHEMA;

/// Sentence embeddings, for matching claims whose words differ. Optional: without one the ledger
/// matches on entities and relation words only.
pub trait Embed {
    /// A name for the model, stored with the ledger: a ledger built with another model (or none)
    /// is rebuilt.
    fn id(&self) -> &str;
    /// One unit-length vector per text.
    fn embed(&self, texts: &[&str]) -> std::result::Result<Vec<Vec<f32>>, String>;
}

/// Why a ledger operation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] hearsay_store::Error),
    /// A stored ledger item could not be read back.
    #[error("the stored ledger is damaged ({0}); run `hearsay ledger --rebuild`")]
    Corrupt(String),
    /// The embedding model failed.
    #[error("computing sentence embeddings: {0}")]
    Embed(String),
}

/// Result of ledger operations.
pub type Result<T> = std::result::Result<T, Error>;
