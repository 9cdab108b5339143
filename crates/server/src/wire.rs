//! The JSON shapes of the API: the only place in the server that fixes them, so that a change
//! inside the store never changes the HTTP contract by accident. `/openapi.json` describes them.
//!
//! Shapes that are part of a versioned contract come from `hearsay-schema` and are named here:
//! an article's claims and entities (`hearsay.extract/1`), the ledger's stories, propositions and
//! entity reports (`hearsay.ledger/1`), and the entity listing the CLI prints too.

use std::collections::{BTreeMap, BTreeSet};

pub(crate) use hearsay_schema::corpus::EntityRow;
pub(crate) use hearsay_schema::ledger::{EntityReport, Explanation, Proposition, Story};
use hearsay_schema::{ClaimOut, EntityOut, EntityType, ExtractOutput, RemovedOut};
use hearsay_store::ArticleSummary;
use serde::Serialize;

/// One claim with the article it was found in.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ClaimRow {
    pub(crate) article: String,
    pub(crate) title: Option<String>,
    pub(crate) outlet: Option<String>,
    pub(crate) published: Option<String>,
    pub(crate) claim: ClaimOut,
}

impl ClaimRow {
    pub(crate) fn new(document: &ExtractOutput, claim: &ClaimOut) -> ClaimRow {
        let meta = &document.document;
        ClaimRow {
            article: meta.id.clone(),
            title: meta.title.clone(),
            outlet: meta.outlet.clone(),
            published: meta.published.clone(),
            claim: claim.clone(),
        }
    }
}

/// A page of results: every listing answers with one. `total` counts the results before paging
/// (for search, at least this many: see `/api/search`), `next` is the offset of the next page
/// (absent on the last one), so a client pages with `offset=next` until `next` is null.
#[derive(Debug, Serialize)]
pub(crate) struct Page<T> {
    pub(crate) total: usize,
    pub(crate) offset: usize,
    pub(crate) limit: usize,
    pub(crate) next: Option<usize>,
    pub(crate) items: Vec<T>,
}

impl<T> Page<T> {
    /// The page of `all` that starts at `offset` and holds at most `limit` items.
    pub(crate) fn of(mut all: Vec<T>, offset: usize, limit: usize) -> Page<T> {
        let total = all.len();
        let items = if offset >= total {
            Vec::new()
        } else {
            all.drain(offset..total.min(offset.saturating_add(limit))).collect()
        };
        Page::from_items(items, total, offset, limit)
    }

    /// A page already cut: its items, the total before paging, where it starts and its limit.
    pub(crate) fn from_items(items: Vec<T>, total: usize, offset: usize, limit: usize) -> Page<T> {
        let end = offset.saturating_add(items.len());
        let next = (!items.is_empty() && end < total).then_some(end);
        Page { total, offset, limit, next, items }
    }
}

/// Paging of a page that holds several lists (an entity's articles, the claims it made and
/// those about it): each list is cut at `offset` and `limit`, and `totals` counts each whole.
#[derive(Debug, Serialize)]
pub(crate) struct ListsPaged {
    pub(crate) offset: usize,
    pub(crate) limit: usize,
    /// Each list's length before paging, by the list's field name.
    pub(crate) totals: BTreeMap<&'static str, usize>,
}

/// Items of each list on a single-item page (an entity's, outlet's, story's or proposition's
/// articles and claims) by default, and at most, whatever `limit` asks.
pub(crate) const DEFAULT_ITEM_LIMIT: usize = 200;
pub(crate) const MAX_ITEM_LIMIT: usize = 1_000;

impl ListsPaged {
    /// The paging a query's `offset` and `limit` ask for: from 0 and [`DEFAULT_ITEM_LIMIT`] when
    /// absent, the limit kept within 1 and [`MAX_ITEM_LIMIT`].
    pub(crate) fn of(offset: Option<usize>, limit: Option<usize>) -> ListsPaged {
        let limit = limit.unwrap_or(DEFAULT_ITEM_LIMIT).clamp(1, MAX_ITEM_LIMIT);
        ListsPaged { offset: offset.unwrap_or(0), limit, totals: BTreeMap::new() }
    }

    /// Cuts `list` to the page and records its total under `name`.
    pub(crate) fn cut<T>(&mut self, name: &'static str, list: &mut Vec<T>) {
        self.totals.insert(name, list.len());
        let start = self.offset.min(list.len());
        list.drain(..start);
        list.truncate(self.limit);
    }

    /// Cuts each list of an entity's history to the page.
    pub(crate) fn cut_entity(&mut self, report: &mut hearsay_ledger::EntityReport) {
        self.cut("claims_made", &mut report.claims_made);
        self.cut("claims_about", &mut report.claims_about);
        self.cut("propositions", &mut report.propositions);
        self.cut("timeline", &mut report.timeline);
        self.cut("roles", &mut report.roles);
    }
}

/// A name with a count (an outlet's cited sources, its intermediaries, its entities).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Count {
    pub(crate) name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) kind: Option<String>,
    pub(crate) count: usize,
}

/// An article in a listing of a day, an entity or an outlet.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DayArticle {
    pub(crate) id: String,
    pub(crate) title: Option<String>,
    pub(crate) outlet: Option<String>,
    pub(crate) published: Option<String>,
    pub(crate) claims: usize,
}

impl DayArticle {
    pub(crate) fn of(document: &ExtractOutput) -> DayArticle {
        let meta = &document.document;
        DayArticle {
            id: meta.id.clone(),
            title: meta.title.clone(),
            outlet: meta.outlet.clone(),
            published: meta.published.clone(),
            claims: document.claims.len(),
        }
    }
}

/// One day of the timeline.
#[derive(Debug, Default, Serialize)]
pub(crate) struct Day {
    pub(crate) date: String,
    pub(crate) claims: usize,
    pub(crate) articles: Vec<DayArticle>,
}

/// One entity across the corpus.
#[derive(Debug, Serialize)]
pub(crate) struct EntityPage {
    pub(crate) name: String,
    #[serde(rename = "type")]
    pub(crate) kind: EntityType,
    pub(crate) aliases: BTreeSet<String>,
    pub(crate) roles: BTreeSet<String>,
    /// Articles that mention it, oldest first: its timeline.
    pub(crate) articles: Vec<DayArticle>,
    pub(crate) claims_made: Vec<ClaimRow>,
    pub(crate) claims_about: Vec<ClaimRow>,
}

impl EntityPage {
    pub(crate) fn new(name: String, kind: EntityType) -> EntityPage {
        EntityPage {
            name,
            kind,
            aliases: BTreeSet::new(),
            roles: BTreeSet::new(),
            articles: Vec::new(),
            claims_made: Vec::new(),
            claims_about: Vec::new(),
        }
    }
}

/// An outlet in the listing.
#[derive(Debug, Default, Serialize)]
pub(crate) struct OutletRow {
    pub(crate) name: String,
    pub(crate) articles: usize,
    pub(crate) claims: usize,
    pub(crate) first: Option<String>,
    pub(crate) last: Option<String>,
}

/// What one outlet reports and whom it cites.
#[derive(Debug, Default, Serialize)]
pub(crate) struct OutletPage {
    pub(crate) name: String,
    pub(crate) articles: Vec<DayArticle>,
    /// Claimants it quotes, most often first.
    pub(crate) cited: Vec<Count>,
    /// Intermediaries it cites claims through ("according to the Washington Post").
    pub(crate) via: Vec<Count>,
    pub(crate) entities: Vec<Count>,
    pub(crate) stances: BTreeMap<String, usize>,
    pub(crate) hedged: usize,
    pub(crate) claims: Vec<ClaimRow>,
}

/// A whole article: metadata, clean text, and its claims and entities with byte spans into the text.
#[derive(Debug, Serialize)]
pub(crate) struct ArticlePage {
    #[serde(flatten)]
    pub(crate) summary: ArticleSummary,
    /// The clean text; every span is a UTF-8 byte range into it.
    pub(crate) text: String,
    pub(crate) removed: Vec<RemovedOut>,
    pub(crate) sources: Vec<String>,
    /// The article this one nearly duplicates, and the later copies of it, with similarity.
    pub(crate) copies: Vec<CopyLink>,
    pub(crate) entities: Vec<EntityOut>,
    pub(crate) claims: Vec<ClaimOut>,
    pub(crate) diagnostics: Vec<String>,
}

/// Where an article was read from, as the API shows it: the file's name (with the record inside
/// it and its byte offset), never the folder it lies in on the server; an upload's URL whole.
pub(crate) fn public_source(source: &hearsay_article::SourceRef) -> String {
    let path = source.path.as_str();
    let shown = if path.contains("://") {
        path
    } else {
        path.trim_end_matches(['/', '\\'])
            .rsplit(['/', '\\'])
            .next()
            .filter(|name| !name.is_empty())
            .unwrap_or("(file)")
    };
    hearsay_article::SourceRef { path: shown.to_owned(), ..source.clone() }.to_string()
}

/// A near-duplicate link.
#[derive(Debug, Serialize)]
pub(crate) struct CopyLink {
    pub(crate) id: String,
    pub(crate) similarity: f32,
    /// True when the linked article is the earlier one this article copies.
    pub(crate) original: bool,
}

/// A search hit: the article, and a snippet split into plain and matched parts (no markup, so a
/// client cannot be tricked into rendering article text as HTML).
#[derive(Debug, Serialize)]
pub(crate) struct SearchHitOut {
    pub(crate) article: ArticleSummary,
    pub(crate) snippet: Vec<SnippetPart>,
    pub(crate) score: f64,
}

/// A run of snippet text; `hit` marks the matched words.
#[derive(Debug, Serialize, PartialEq)]
pub(crate) struct SnippetPart {
    pub(crate) text: String,
    pub(crate) hit: bool,
}

/// One claim with everything around it: its article, the other claims that say the same, and
/// the ledger's proposition where there is one.
#[derive(Debug, Serialize)]
pub(crate) struct ClaimPage {
    #[serde(flatten)]
    pub(crate) row: ClaimRow,
    /// The claimant's entity, where linked.
    pub(crate) claimant_entity: Option<EntityOut>,
    /// The sentence holding the claim, found around the content span.
    pub(crate) sentence_text: String,
    /// Byte span of `sentence_text` in the article's text.
    pub(crate) sentence_start: u32,
    pub(crate) similar: Vec<SimilarClaim>,
}

/// A claim elsewhere that says much the same.
#[derive(Debug, Serialize)]
pub(crate) struct SimilarClaim {
    pub(crate) score: f32,
    #[serde(flatten)]
    pub(crate) row: ClaimRow,
}

/// Counts for the front page.
#[derive(Debug, Serialize)]
pub(crate) struct StatsOut {
    #[serde(flatten)]
    pub(crate) store: hearsay_store::Stats,
    pub(crate) claims: usize,
    pub(crate) entities: usize,
}

/// What an ingest request did: the run's summary, per-file failures named by upload name.
#[derive(Debug, Serialize)]
pub(crate) struct IngestReport {
    #[serde(flatten)]
    pub(crate) summary: hearsay_pipeline::IngestSummary,
    /// Ids of the articles the request stored or found already stored.
    pub(crate) articles: Vec<String>,
}

/// The body of every error reply: `{"error": {"code": ..., "message": ...}}`.
#[derive(Debug, Serialize)]
pub(crate) struct ErrorBody<'a> {
    pub(crate) error: ErrorDetail<'a>,
}

/// What went wrong: a stable code and a message for people.
#[derive(Debug, Serialize)]
pub(crate) struct ErrorDetail<'a> {
    pub(crate) code: &'a str,
    pub(crate) message: &'a str,
}

/// One article posted as JSON: the JSON Lines article shape of `hearsay ingest`.
#[derive(Debug, serde::Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ArticleIn {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) outlet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) url: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) authors: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) html: Option<String>,
}

/// `GET /api/check`: what `hearsay check --json` prints for one claim, each article with its
/// headline and the article it copies.
#[derive(Debug, Serialize)]
pub(crate) struct CheckOut {
    pub(crate) claim: String,
    /// corroborated, contested, denied, single-source, repeated, discussed or no-evidence.
    pub(crate) verdict: &'static str,
    /// Grouped by origin, origins in the order of their best article.
    pub(crate) evidence: Vec<EvidenceOut>,
}

/// One related article of a check.
#[derive(Debug, Serialize)]
pub(crate) struct EvidenceOut {
    pub(crate) article: String,
    pub(crate) title: Option<String>,
    pub(crate) outlet: Option<String>,
    pub(crate) published: Option<String>,
    /// affirm, deny or discuss.
    pub(crate) stance: &'static str,
    /// The independent origin it counts for.
    pub(crate) origin: String,
    /// Its extracted claims that state the checked claim.
    pub(crate) claims: Vec<String>,
    pub(crate) copy_of: Option<String>,
}

/// `GET /api/stories/{id}/grid`: a story's outlets (rows) against its propositions (columns),
/// each cell saying whether the outlet's articles affirm, deny or do not mention the proposition.
#[derive(Debug, Serialize)]
pub(crate) struct StoryGrid {
    pub(crate) story: String,
    pub(crate) title: Option<String>,
    /// This page of the story's propositions: the columns, those more outlets report first, then
    /// those someone denies, then the most claimed.
    pub(crate) propositions: Page<GridColumn>,
    /// This page of the rows, one per outlet, the outlet with the most articles in the story
    /// first.
    pub(crate) outlets: Page<GridRow>,
}

/// A column of the grid: one proposition.
#[derive(Debug, Serialize)]
pub(crate) struct GridColumn {
    pub(crate) id: String,
    pub(crate) text: String,
    pub(crate) verdict: hearsay_schema::ledger::Verdict,
    /// Its claims in this story's articles.
    pub(crate) claims: usize,
}

/// A row of the grid: one outlet, its articles in the story, and one cell per column.
#[derive(Debug, Serialize)]
pub(crate) struct GridRow {
    pub(crate) outlet: String,
    /// Claims extracted from its articles in the story (as `/api/claims?article=` counts them).
    pub(crate) claims: usize,
    /// Its first [`GRID_ROW_ARTICLES`] articles in the story.
    pub(crate) articles: Vec<GridArticle>,
    /// How many articles it has in the story.
    pub(crate) article_count: usize,
    /// One per column, in the columns' order.
    pub(crate) cells: Vec<GridCell>,
}

/// Articles a grid row lists; `article_count` counts them all, and the story's own page pages
/// them. Uncut, the grid of a story of 3,000 copies from one outlet was 594 KB.
pub(crate) const GRID_ROW_ARTICLES: usize = 20;

/// An article of a grid row.
#[derive(Debug, Serialize)]
pub(crate) struct GridArticle {
    pub(crate) id: String,
    pub(crate) title: Option<String>,
    pub(crate) published: Option<String>,
    pub(crate) copy_of: Option<String>,
    /// Claims extracted from it: the total of `/api/claims?article=ID`.
    pub(crate) claims: usize,
}

/// What one outlet says of one proposition: `affirms`, `denies`, `both` (its articles disagree),
/// or `none` (it does not mention it), with the claims counted on each side.
#[derive(Debug, Serialize)]
pub(crate) struct GridCell {
    pub(crate) stance: &'static str,
    pub(crate) affirm: usize,
    pub(crate) deny: usize,
    /// Of those, the stances read from the outlet's own voice by the stance model.
    pub(crate) voice: usize,
}

/// `GET /api/propositions/{id}`: the proposition, its claims cut to the page asked (and to one
/// outlet's with `outlet=`), with how many there are in all.
#[derive(Debug, Serialize)]
pub(crate) struct PropositionPage {
    #[serde(flatten)]
    pub(crate) proposition: Proposition,
    #[serde(flatten)]
    pub(crate) paging: ListsPaged,
}

/// Claims (and related propositions) an item of `GET /api/propositions` carries: the first ones,
/// with the totals; the proposition's own page pages the rest. Without a cap, one page of fifteen
/// propositions of 10,000 copies each was 149 MB of JSON and 19 s.
pub(crate) const LISTED_CLAIMS: usize = 20;

impl PropositionPage {
    /// A proposition as a list shows it: its first [`LISTED_CLAIMS`] claims and related
    /// propositions, with how many there are in all.
    pub(crate) fn listed(mut proposition: Proposition) -> PropositionPage {
        let mut paging = ListsPaged::of(Some(0), Some(LISTED_CLAIMS));
        paging.cut("claims", &mut proposition.claims);
        paging.cut("related", &mut proposition.related);
        PropositionPage { proposition, paging }
    }
}

/// `GET /api/propositions/{id}/explanation`: why the verdict, each list cut to the page asked
/// (`affirm`, `deny`, `copies`, `same_origin`, with `totals`), and within an origin its first
/// `limit` articles (`article_count` says how many carry it), within a group of copies its first
/// `limit` (`copy_sizes` gives each listed group's size). Uncut, the explanation of a proposition
/// of 10,000 copies was 1.7 MB.
#[derive(Debug, Serialize)]
pub(crate) struct ExplanationPage {
    #[serde(flatten)]
    pub(crate) explanation: Explanation,
    pub(crate) copy_sizes: Vec<usize>,
    #[serde(flatten)]
    pub(crate) paging: ListsPaged,
}

impl ExplanationPage {
    pub(crate) fn of(mut explanation: Explanation, mut paging: ListsPaged) -> ExplanationPage {
        paging.cut("affirm", &mut explanation.affirm);
        paging.cut("deny", &mut explanation.deny);
        paging.cut("copies", &mut explanation.copies);
        paging.cut("same_origin", &mut explanation.same_origin);
        let limit = paging.limit;
        for origin in explanation.affirm.iter_mut().chain(&mut explanation.deny).chain(&mut explanation.same_origin) {
            origin.articles.truncate(limit);
        }
        let copy_sizes = explanation.copies.iter().map(Vec::len).collect();
        for group in &mut explanation.copies {
            group.truncate(limit);
        }
        ExplanationPage { explanation, copy_sizes, paging }
    }
}

/// `GET /api/stories/{id}`: the story, its articles and propositions cut to the page asked.
#[derive(Debug, Serialize)]
pub(crate) struct StoryPage {
    #[serde(flatten)]
    pub(crate) story: Story,
    #[serde(flatten)]
    pub(crate) paging: ListsPaged,
}

impl StoryPage {
    /// A story as a list shows it: its first [`LISTED_CLAIMS`] articles, outlets, entities,
    /// events and propositions, with how many there are in all (`totals`); the story's own page
    /// pages the rest. Uncut, a page of stories that held one of 3,000 articles was 622 KB.
    pub(crate) fn listed(mut story: Story) -> StoryPage {
        let mut paging = ListsPaged::of(Some(0), Some(LISTED_CLAIMS));
        paging.cut("articles", &mut story.articles);
        paging.cut("outlets", &mut story.outlets);
        paging.cut("entities", &mut story.entities);
        paging.cut("events", &mut story.events);
        paging.cut("propositions", &mut story.propositions);
        StoryPage { story, paging }
    }
}

/// `GET /api/entities/{name}`, paged.
#[derive(Debug, Serialize)]
pub(crate) struct EntityPageOut {
    #[serde(flatten)]
    pub(crate) page: EntityPage,
    #[serde(flatten)]
    pub(crate) paging: ListsPaged,
}

/// `GET /api/outlets/{name}`, its articles and claims paged.
#[derive(Debug, Serialize)]
pub(crate) struct OutletPageOut {
    #[serde(flatten)]
    pub(crate) page: OutletPage,
    #[serde(flatten)]
    pub(crate) paging: ListsPaged,
}

/// `GET /api/ledger/entities/{name}`, paged.
#[derive(Debug, Serialize)]
pub(crate) struct EntityReportPage {
    #[serde(flatten)]
    pub(crate) report: EntityReport,
    #[serde(flatten)]
    pub(crate) paging: ListsPaged,
}
