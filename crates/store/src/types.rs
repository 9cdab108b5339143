//! Plain data every store hands out: insert outcomes, stored articles, list and search results,
//! and the ledger's rows.

use hearsay_article::{Article, ArticleId, SourceRef};
use serde::{Deserialize, Serialize};

/// How many articles of a batch were stored, were stored already, and were stored as
/// near-duplicates (counted among the stored too): the tally every writer reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Stored now.
    pub stored: usize,
    /// Stored before (only a source was added).
    pub duplicates: usize,
    /// Stored now, as a near-duplicate of a stored article.
    pub near_duplicates: usize,
}

impl Tally {
    /// Counts a batch's outcomes.
    pub fn of(outcomes: &[Inserted]) -> Tally {
        let mut tally = Tally::default();
        for outcome in outcomes {
            match outcome {
                Inserted::New => tally.stored += 1,
                Inserted::Existing => tally.duplicates += 1,
                Inserted::NearDuplicate { .. } => {
                    tally.stored += 1;
                    tally.near_duplicates += 1;
                }
            }
        }
        tally
    }
}

/// What [`Store::insert_batch`](crate::Store::insert_batch) did with one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Inserted {
    /// Stored; no stored article is a near-duplicate of it.
    New,
    /// An article with the same id (the same clean text) was already stored, so nothing new
    /// was stored but the source. Also the outcome for a record whose `at://` URI a Jetstream
    /// deletion removed: it stays deleted.
    Existing,
    /// Stored, and linked as a copy of the earliest stored article it nearly duplicates.
    NearDuplicate {
        /// The earliest stored article with similarity at or above the threshold.
        of: ArticleId,
        /// Estimated Jaccard similarity of the two texts' shingles.
        similarity: f32,
    },
}

/// One stored article with everything known about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredArticle {
    /// The article exactly as it was inserted (its `source` is the first source seen).
    pub article: Article,
    /// Every file and record it was read from, sorted.
    pub sources: Vec<SourceRef>,
    /// The earlier article this one is a copy of, with the similarity.
    pub copy_of: Option<(ArticleId, f32)>,
    /// Every near-duplicate link of this article: the article it copies first (if any), then
    /// the later articles that copy it, by similarity.
    pub copies: Vec<(ArticleId, f32)>,
}

/// Which articles [`Store::list`](crate::Store::list) and [`Store::search`](crate::Store::search)
/// return. The default is everything, unpaged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListFilter {
    /// Only this outlet, compared case-insensitively.
    pub outlet: Option<String>,
    /// Only articles published on or after this date, `YYYY-MM-DD`.
    pub since: Option<String>,
    /// Only articles published on or before this date, `YYYY-MM-DD`.
    pub until: Option<String>,
    /// At most this many results; 0 means no limit.
    pub limit: usize,
    /// Skip this many results first.
    pub offset: usize,
}

/// One line of a listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleSummary {
    /// The article's id.
    pub id: ArticleId,
    /// Headline.
    pub title: Option<String>,
    /// Publication date or time, as stored (`YYYY-MM-DD` or RFC 3339).
    pub published: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
    /// Language code.
    pub language: Option<String>,
    /// The input format's name (`text`, `html`, `atproto`, ...).
    pub input: String,
}

/// One full-text search result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    /// The article.
    pub article: ArticleSummary,
    /// A passage around the best match, the matched words between the store's snippet markers
    /// (`[` and `]` unless set with [`Store::set_snippet_markers`](crate::Store::set_snippet_markers)).
    pub snippet: String,
    /// Relevance: the negated BM25 rank with the title weighted 10 to 1 over the body. Higher is
    /// better; comparable only within one search.
    pub score: f64,
}

/// What the store holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Distinct articles.
    pub articles: u64,
    /// Distinct (file, record, article) sources.
    pub sources: u64,
    /// Articles linked as near-duplicates of an earlier one.
    pub near_duplicates: u64,
    /// Publication records.
    pub publications: u64,
    /// Distinct outlets among the articles (case-insensitive).
    pub outlets: u64,
    /// `at://` URIs deleted by Jetstream events.
    pub tombstones: u64,
    /// Annotation layers stored by later stages.
    pub annotations: u64,
}

/// An article the ledger has yet to read: its place in storing order, id, metadata it needs, the
/// article it copies (near-duplicate), and its annotation layer.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerArticle {
    /// Storing order.
    pub seq: i64,
    /// Article id.
    pub id: ArticleId,
    /// Headline.
    pub title: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// The annotation JSON of the asked schema, when stored.
    pub annotation: Option<String>,
    /// The article this one is a near-duplicate of, if any.
    pub copy_of: Option<ArticleId>,
}

/// One stored ledger item.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerItem {
    /// The item's key.
    pub key: String,
    /// Storing order of its article.
    pub article_seq: i64,
    /// Its features, as the ledger wrote them.
    pub json: String,
    /// An optional vector (embedding bytes).
    pub vector: Option<Vec<u8>>,
}

/// A link between two items.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LedgerEdge {
    /// One end.
    pub a: String,
    /// The other end.
    pub b: String,
    /// What links them.
    pub relation: String,
}

/// One proposition kept in the store: a component of the claim items that `same` edges join,
/// as its summary row holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredProposition {
    /// Its name, from its earliest stored claim ([`crate::keys::proposition_name`]).
    pub name: String,
    /// The key of that claim: the component's root.
    pub root: String,
    /// The storing order of the root's article.
    pub seq: i64,
    /// Claims in it.
    pub claims: i64,
    /// The storing order of its latest article.
    pub last_seq: i64,
}

/// The order of a page of stored propositions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PropositionOrder {
    /// The most claims first (then by name).
    #[default]
    MostClaims,
    /// The latest article first (then by name).
    Recent,
}

/// What one search may spend before it is stopped with [`crate::Error::TooCostly`], so that a
/// costly full-text query (`NEAR(a a ... a)`, `a OR a OR ...`) cannot hold the store for minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchBudget {
    /// Wall time of one query.
    pub time: std::time::Duration,
    /// SQLite virtual-machine steps of one query; `None`: no step limit. PostgreSQL counts no
    /// steps and uses the time only (`statement_timeout`).
    pub steps: Option<u64>,
}

impl Default for SearchBudget {
    /// Two seconds: a search of a 100,000-article store for common words takes well under one.
    fn default() -> SearchBudget {
        SearchBudget { time: std::time::Duration::from_secs(2), steps: None }
    }
}
