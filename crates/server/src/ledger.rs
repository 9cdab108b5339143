//! The ledger endpoints (crates/ledger): stories and a story's grid of outlets against
//! propositions, propositions with their verdicts and why (`explanation`), the proposition a
//! claim belongs to, and one entity's history. Every list is paged.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::Json;
use hearsay_ledger::PropositionFilter;
use serde::Deserialize;

use crate::error::{rejection, ApiError, ApiResult};
use crate::state::AppState;
use crate::wire::{
    EntityReport, EntityReportPage, Explanation, ExplanationPage, GridArticle, GridCell, GridColumn, GridRow,
    ListsPaged, Page, Proposition, PropositionPage, Story, StoryGrid, StoryPage, GRID_ROW_ARTICLES,
};

type Shared = State<Arc<AppState>>;

/// Paging and the proposition filters.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LedgerQuery {
    /// Read the propositions kept in the store, each from its own rows (its component of `same`
    /// links with the attributed claims' verdict: no story cuts, no outlets' voice), even on a
    /// corpus small enough to read whole: what a store beyond `hearsay_ledger::WHOLE_LEDGER_UP_TO`
    /// articles answers by default.
    #[serde(default)]
    stored: bool,
    /// Read the whole ledger (propositions cut by story, the outlets' own voice, each story's own
    /// propositions) even on a large corpus: its cost grows with the corpus. What a store up to
    /// `hearsay_ledger::WHOLE_LEDGER_UP_TO` articles answers by default.
    #[serde(default)]
    whole: bool,
    /// `sourced` (the most independent origins first, as the whole ledger's list; the default),
    /// `claims` (the most claims first) or `recent`.
    order: Option<String>,
    about: Option<String>,
    since: Option<String>,
    verdict: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

fn query(found: Result<Query<LedgerQuery>, QueryRejection>) -> ApiResult<LedgerQuery> {
    found.map(|Query(value)| value).map_err(|error| rejection("bad-query-string", error.status(), error.body_text()))
}

fn paging(params: &LedgerQuery) -> (usize, usize) {
    (params.offset.unwrap_or(0), params.limit.unwrap_or(50).clamp(1, 1_000))
}

const VERDICTS: [&str; 5] = ["corroborated", "contested", "denied", "single-source", "repeated"];

/// Paging of the lists inside one item (a proposition's claims, an entity's history), and which
/// outlet's claims a proposition page shows.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ItemQuery {
    /// Read the proposition from its own stored rows (see [`LedgerQuery::stored`]).
    #[serde(default)]
    stored: bool,
    /// Read the proposition from the whole ledger (see [`LedgerQuery::whole`]).
    #[serde(default)]
    whole: bool,
    outlet: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

impl ItemQuery {
    fn paging(&self) -> ListsPaged {
        ListsPaged::of(self.offset, self.limit)
    }
}

fn item_query(found: Result<Query<ItemQuery>, QueryRejection>) -> ApiResult<ItemQuery> {
    found.map(|Query(value)| value).map_err(|error| rejection("bad-query-string", error.status(), error.body_text()))
}

/// Columns of a story's grid one page holds by default, and at most.
const DEFAULT_GRID_COLUMNS: usize = 12;
const MAX_GRID_COLUMNS: usize = 100;
/// Rows (outlets) of a story's grid one page holds by default, and at most.
const DEFAULT_GRID_ROWS: usize = 50;
const MAX_GRID_ROWS: usize = 1_000;

/// Paging of a story's grid: `limit` and `offset` page its columns (propositions),
/// `rows_limit` and `rows_offset` its rows (outlets).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GridQuery {
    limit: Option<usize>,
    offset: Option<usize>,
    rows_limit: Option<usize>,
    rows_offset: Option<usize>,
}

pub(crate) async fn list_stories(
    State(state): Shared,
    found: Result<Query<LedgerQuery>, QueryRejection>,
) -> ApiResult<Json<Page<StoryPage>>> {
    let params = query(found)?;
    let (offset, limit) = paging(&params);
    if !reads_whole(&state, params.whole, params.stored).await? {
        // Beyond WHOLE_LEDGER_UP_TO articles: the kept story rows, a story at a time.
        return state
            .read(move |store| {
                let (total, stories) = hearsay_ledger::stored_stories(store, offset, limit)
                    .map_err(|error| ApiError::internal(&format!("reading stored stories: {error}")))?;
                let items: Vec<StoryPage> = stories.into_iter().map(StoryPage::listed).collect();
                Ok(Json(Page::from_items(items, total, offset, limit)))
            })
            .await;
    }
    state
        .with_ledger(move |ledger| {
            let stories = ledger.stories();
            let total = stories.len();
            let items: Vec<StoryPage> =
                stories.into_iter().skip(offset).take(limit).cloned().map(StoryPage::listed).collect();
            Ok(Json(Page::from_items(items, total, offset, limit)))
        })
        .await
}

pub(crate) async fn get_story(
    State(state): Shared,
    Path(id): Path<String>,
    found: Result<Query<ItemQuery>, QueryRejection>,
) -> ApiResult<Json<StoryPage>> {
    let params = item_query(found)?;
    if params.outlet.is_some() {
        return Err(ApiError::bad_request("bad-query", "a story takes limit, offset, stored and whole only"));
    }
    let mut paging = params.paging();
    if !reads_whole(&state, params.whole, params.stored).await? {
        return state
            .read(move |store| {
                let mut story = stored_story(store, &id)?;
                paging.cut("articles", &mut story.articles);
                paging.cut("propositions", &mut story.propositions);
                Ok(Json(StoryPage { story, paging }))
            })
            .await;
    }
    state
        .with_ledger(move |ledger| {
            let mut story = ledger.story(&id).cloned().ok_or_else(|| ApiError::not_found(format!("no story {id}")))?;
            paging.cut("articles", &mut story.articles);
            paging.cut("propositions", &mut story.propositions);
            Ok(Json(StoryPage { story, paging }))
        })
        .await
}

/// The story `id` read from its kept rows.
fn stored_story(store: &dyn hearsay_store::Backend, id: &str) -> ApiResult<Story> {
    hearsay_ledger::stored_story(store, id)
        .map_err(|error| ApiError::internal(&format!("reading stored story {id}: {error}")))?
        .ok_or_else(|| ApiError::not_found(format!("no story {id}")))
}

/// The story `id` read from its kept rows, with the part of the ledger its grid reads.
fn stored_story_part(store: &dyn hearsay_store::Backend, id: &str) -> ApiResult<(Story, hearsay_ledger::Ledger)> {
    hearsay_ledger::stored_story_part(store, id)
        .map_err(|error| ApiError::internal(&format!("reading stored story {id}: {error}")))?
        .ok_or_else(|| ApiError::not_found(format!("no story {id}")))
}

/// A story's outlets against its propositions. The cells come from the ledger (each proposition's
/// claims, with their polarity toward its wording); the claim counts of the articles from the
/// corpus index, so they are what `/api/claims?article=ID` lists.
pub(crate) async fn story_grid(
    State(state): Shared,
    Path(id): Path<String>,
    found: Result<Query<GridQuery>, QueryRejection>,
) -> ApiResult<Json<StoryGrid>> {
    let params = found.map(|Query(value)| value).map_err(|error| {
        rejection(
            "bad-query",
            error.status(),
            format!("a story's grid takes limit, offset, rows_limit and rows_offset only ({})", error.body_text()),
        )
    })?;
    let columns = (params.offset.unwrap_or(0), params.limit.unwrap_or(DEFAULT_GRID_COLUMNS).clamp(1, MAX_GRID_COLUMNS));
    let rows =
        (params.rows_offset.unwrap_or(0), params.rows_limit.unwrap_or(DEFAULT_GRID_ROWS).clamp(1, MAX_GRID_ROWS));
    let mut grid = if reads_whole(&state, false, false).await? {
        state
            .with_ledger(move |ledger| {
                let story = ledger.story(&id).ok_or_else(|| ApiError::not_found(format!("no story {id}")))?;
                Ok(grid_of(ledger, story, columns, rows))
            })
            .await?
    } else {
        state
            .read(move |store| {
                let (story, part) = stored_story_part(store, &id)?;
                Ok(grid_of(&part, &story, columns, rows))
            })
            .await?
    };
    let ids: Vec<String> =
        grid.outlets.items.iter().flat_map(|row| row.articles.iter().map(|article| article.id.clone())).collect();
    let counts = state
        .with_corpus(move |_, corpus| {
            Ok(ids.iter().map(|id| corpus.document(id).map_or(0, |document| document.claims.len())).collect::<Vec<_>>())
        })
        .await?;
    let mut counts = counts.into_iter();
    for row in &mut grid.outlets.items {
        for article in &mut row.articles {
            article.claims = counts.next().unwrap_or(0);
        }
        row.claims = row.articles.iter().map(|article| article.claims).sum();
        // Counted over all of the row's articles; listed, its first ones.
        row.articles.truncate(GRID_ROW_ARTICLES);
    }
    Ok(Json(grid))
}

/// The grid of one story, one page of its propositions (`columns`: offset and limit) wide and one
/// page of its outlets (`rows`) high; article claim counts left at zero.
fn grid_of(
    ledger: &hearsay_ledger::Ledger,
    story: &Story,
    (offset, limit): (usize, usize),
    (rows_offset, rows_limit): (usize, usize),
) -> StoryGrid {
    use std::collections::BTreeMap;
    let outlet_of =
        |outlet: &Option<String>| outlet.clone().unwrap_or_else(|| hearsay_query::UNKNOWN_OUTLET.to_owned());
    let members: BTreeMap<&str, &hearsay_schema::ledger::StoryArticle> =
        story.articles.iter().map(|article| (article.id.as_str(), article)).collect();
    // Columns: the story's propositions, those that more outlets report first, then those that
    // someone denies, then the most claimed: what is worth comparing across outlets comes first.
    let mut columns: Vec<((usize, bool), GridColumn, &Proposition)> = story
        .propositions
        .iter()
        .filter_map(|summary| ledger.proposition(&summary.id))
        .map(|proposition| {
            let here: Vec<&hearsay_schema::ledger::LedgerClaim> =
                proposition.claims.iter().filter(|claim| members.contains_key(claim.item.article.as_str())).collect();
            let outlets: std::collections::BTreeSet<String> = here
                .iter()
                .filter_map(|claim| members.get(claim.item.article.as_str()))
                .map(|article| outlet_of(&article.outlet).to_lowercase())
                .collect();
            let denied = here.iter().any(|claim| claim.polarity == hearsay_schema::Stance::Deny);
            let column = GridColumn {
                id: proposition.id.clone(),
                text: proposition.text.clone(),
                verdict: proposition.verdict,
                claims: here.len(),
            };
            ((outlets.len(), denied), column, proposition)
        })
        .collect();
    columns.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.claims.cmp(&a.1.claims)).then(a.1.id.cmp(&b.1.id)));
    let columns: Vec<(GridColumn, &Proposition)> =
        columns.into_iter().map(|(_, column, proposition)| (column, proposition)).collect();
    let total = columns.len();
    let page: Vec<(GridColumn, &Proposition)> = columns.into_iter().skip(offset).take(limit).collect();
    // Rows: outlets, the one with the most articles in the story first.
    let mut rows: BTreeMap<String, GridRow> = BTreeMap::new();
    for article in &story.articles {
        let outlet = outlet_of(&article.outlet);
        let row = rows.entry(outlet.to_lowercase()).or_insert_with(|| GridRow {
            outlet,
            claims: 0,
            articles: Vec::new(),
            article_count: 0,
            cells: page.iter().map(|_| GridCell { stance: "none", affirm: 0, deny: 0, voice: 0 }).collect(),
        });
        row.articles.push(GridArticle {
            id: article.id.clone(),
            title: article.title.clone(),
            published: article.published.clone(),
            copy_of: article.copy_of.clone(),
            claims: 0,
        });
    }
    for (index, (_, proposition)) in page.iter().enumerate() {
        for claim in &proposition.claims {
            let Some(article) = members.get(claim.item.article.as_str()) else { continue };
            let Some(row) = rows.get_mut(&outlet_of(&article.outlet).to_lowercase()) else { continue };
            let cell = &mut row.cells[index];
            match claim.polarity {
                hearsay_schema::Stance::Deny => cell.deny += 1,
                _ => cell.affirm += 1,
            }
            cell.voice += usize::from(claim.voice);
        }
    }
    let mut outlets: Vec<GridRow> = rows.into_values().collect();
    for row in &mut outlets {
        for cell in &mut row.cells {
            cell.stance = match (cell.affirm > 0, cell.deny > 0) {
                (true, true) => "both",
                (true, false) => "affirms",
                (false, true) => "denies",
                (false, false) => "none",
            };
        }
    }
    for row in &mut outlets {
        row.article_count = row.articles.len();
    }
    outlets.sort_by(|a, b| b.articles.len().cmp(&a.articles.len()).then(a.outlet.cmp(&b.outlet)));
    let columns: Vec<GridColumn> = page.into_iter().map(|(column, _)| column).collect();
    StoryGrid {
        story: story.id.clone(),
        title: story.title.clone(),
        propositions: Page::from_items(columns, total, offset, limit),
        outlets: Page::of(outlets, rows_offset, rows_limit),
    }
}

pub(crate) async fn list_propositions(
    State(state): Shared,
    found: Result<Query<LedgerQuery>, QueryRejection>,
) -> ApiResult<Json<Page<PropositionPage>>> {
    let params = query(found)?;
    let (offset, limit) = paging(&params);
    let verdict = params.verdict.clone().filter(|verdict| !verdict.trim().is_empty());
    if let Some(verdict) = &verdict {
        if !VERDICTS.contains(&verdict.as_str()) {
            return Err(ApiError::bad_request(
                "bad-query",
                "verdict is corroborated, contested, denied, single-source or repeated",
            ));
        }
    }
    let about = params.about.clone().filter(|about| !about.trim().is_empty());
    let since = params.since.clone().filter(|since| !since.trim().is_empty());
    let whole = reads_whole(&state, params.whole, params.stored).await?;
    if !whole && about.is_none() {
        return list_stored_propositions(&state, &params, (verdict, since), offset, limit).await;
    }
    if params.order.is_some() {
        return Err(ApiError::bad_request("bad-query", "order does not go with whole or about"));
    }
    let filter = PropositionFilter { about, since };
    if !whole {
        // About an entity: its claims through the index, and their propositions.
        return state
            .read(move |store| {
                let read = |offset: usize, limit: usize| {
                    hearsay_ledger::stored_propositions_about(store, &filter, offset, limit)
                        .map_err(|error| ApiError::internal(&format!("reading stored propositions: {error}")))
                };
                let (total, items) = match &verdict {
                    // Only the page's propositions are read whole.
                    None => read(offset, limit)?,
                    Some(verdict) => {
                        let (_, mut found) = read(0, usize::MAX)?;
                        found.retain(|proposition| proposition.verdict.name() == verdict);
                        let total = found.len();
                        (total, found.into_iter().skip(offset).take(limit).collect())
                    }
                };
                Ok(Json(listed(items, total, offset, limit)))
            })
            .await;
    }
    state
        .with_ledger(move |ledger| {
            let mut found = ledger.propositions(&filter);
            if let Some(verdict) = &verdict {
                found.retain(|proposition| proposition.verdict.name() == verdict);
            }
            // Only the page is copied out of the ledger.
            let total = found.len();
            let items: Vec<Proposition> = found.into_iter().skip(offset).take(limit).cloned().collect();
            Ok(Json(listed(items, total, offset, limit)))
        })
        .await
}

pub(crate) async fn get_proposition(
    State(state): Shared,
    Path(id): Path<String>,
    found: Result<Query<ItemQuery>, QueryRejection>,
) -> ApiResult<Json<PropositionPage>> {
    let params = item_query(found)?;
    let outlet = params.outlet.clone().filter(|outlet| !outlet.trim().is_empty());
    let mut paging = params.paging();
    let whole = reads_whole(&state, params.whole, params.stored).await?;
    let mut proposition = one_proposition(&state, id, whole).await?.0;
    if let Some(outlet) = outlet {
        let unknown = outlet.eq_ignore_ascii_case(hearsay_query::UNKNOWN_OUTLET);
        proposition.claims.retain(|claim| match &claim.item.outlet {
            Some(name) => name.eq_ignore_ascii_case(outlet.trim()),
            None => unknown,
        });
    }
    paging.cut("claims", &mut proposition.claims);
    Ok(Json(PropositionPage { proposition, paging }))
}

/// One page of propositions as the list shows them ([`PropositionPage::listed`]).
fn listed(items: Vec<Proposition>, total: usize, offset: usize, limit: usize) -> Page<PropositionPage> {
    Page::from_items(items.into_iter().map(PropositionPage::listed).collect(), total, offset, limit)
}

/// Whether a page reads the whole ledger: where the caller asks (`whole`), else unless it asks for
/// the stored rows (`stored`), on a store up to `hearsay_ledger::WHOLE_LEDGER_UP_TO` articles.
async fn reads_whole(state: &Arc<AppState>, whole: bool, stored: bool) -> ApiResult<bool> {
    if whole || stored {
        return Ok(whole);
    }
    state
        .read(|store| {
            hearsay_ledger::reads_whole(store)
                .map_err(|error| ApiError::internal(&format!("counting the stored articles: {error}")))
        })
        .await
}

/// One proposition and why it has its verdict: from its own rows in the store (the cost of the
/// proposition, not of the corpus), or, for an id they do not hold (a story's own proposition, a
/// part of one cut by story) or with `whole`, from the whole ledger.
async fn one_proposition(state: &Arc<AppState>, id: String, whole: bool) -> ApiResult<(Proposition, Explanation)> {
    if !whole {
        let wanted = id.clone();
        let found = state
            .read(move |store| {
                hearsay_ledger::stored_explanation(store, &wanted)
                    .map_err(|error| ApiError::internal(&format!("reading stored proposition {wanted}: {error}")))
            })
            .await?;
        if let Some(found) = found {
            return Ok(found);
        }
    }
    state
        .with_ledger(move |ledger| {
            let proposition =
                ledger.proposition(&id).ok_or_else(|| ApiError::not_found(format!("no proposition {id}")))?;
            Ok((proposition.clone(), ledger.explain(proposition)))
        })
        .await
}

/// One page of the propositions kept in the store, read from their own rows.
async fn list_stored_propositions(
    state: &Arc<AppState>,
    params: &LedgerQuery,
    (verdict, since): (Option<String>, Option<String>),
    offset: usize,
    limit: usize,
) -> ApiResult<Json<Page<PropositionPage>>> {
    let order = match params.order.as_deref().map(str::trim) {
        None | Some("" | "sourced") => hearsay_ledger::PropositionOrder::Sourced,
        Some("claims") => hearsay_ledger::PropositionOrder::MostClaims,
        Some("recent") => hearsay_ledger::PropositionOrder::Recent,
        Some(_) => return Err(ApiError::bad_request("bad-query", "order is sourced, claims or recent")),
    };
    let filter = hearsay_ledger::PropositionPageFilter { verdict, since, min_claims: 0 };
    state
        .read(move |store| {
            let (total, items) = hearsay_ledger::stored_propositions_where(store, order, &filter, offset, limit)
                .map_err(|error| ApiError::internal(&format!("reading stored propositions: {error}")))?;
            Ok(Json(listed(items, total, offset, limit)))
        })
        .await
}

/// Why a proposition has its verdict: what `hearsay ledger ID --explain --json` prints.
pub(crate) async fn explain_proposition(
    State(state): Shared,
    Path(id): Path<String>,
    found: Result<Query<ItemQuery>, QueryRejection>,
) -> ApiResult<Json<ExplanationPage>> {
    let params = item_query(found)?;
    if params.outlet.is_some() {
        return Err(ApiError::bad_request("bad-query", "an explanation takes limit, offset, stored and whole only"));
    }
    let whole = reads_whole(&state, params.whole, params.stored).await?;
    Ok(Json(ExplanationPage::of(one_proposition(&state, id, whole).await?.1, params.paging())))
}

pub(crate) async fn claim_proposition(
    State(state): Shared,
    Path((article, claim)): Path<(String, String)>,
    found: Result<Query<ItemQuery>, QueryRejection>,
) -> ApiResult<Json<PropositionPage>> {
    let params = item_query(found)?;
    if params.outlet.is_some() {
        return Err(ApiError::bad_request(
            "bad-query",
            "a claim's proposition takes limit, offset, stored and whole only",
        ));
    }
    let mut paging = params.paging();
    // The claim's name redirects to its proposition's rows.
    let name = hearsay_store::keys::proposition_name(&format!("c:{article}:{claim}"));
    let stored = if reads_whole(&state, params.whole, params.stored).await? {
        None
    } else {
        state
            .read(move |store| {
                hearsay_ledger::stored_proposition(store, &name)
                    .map_err(|error| ApiError::internal(&format!("reading stored proposition {name}: {error}")))
            })
            .await?
    };
    let mut proposition = match stored {
        Some(proposition) => proposition,
        None => {
            state
                .with_ledger(move |ledger| {
                    ledger.proposition_of_claim(&article, &claim).cloned().ok_or_else(|| {
                        ApiError::not_found(format!("claim {claim} of article {article} is in no proposition"))
                    })
                })
                .await?
        }
    };
    paging.cut("claims", &mut proposition.claims);
    Ok(Json(PropositionPage { proposition, paging }))
}

pub(crate) async fn get_entity(
    State(state): Shared,
    Path(name): Path<String>,
    found: Result<Query<ItemQuery>, QueryRejection>,
) -> ApiResult<Json<EntityReportPage>> {
    let params = item_query(found)?;
    if params.outlet.is_some() {
        return Err(ApiError::bad_request(
            "bad-query",
            "an entity's history takes limit, offset, stored and whole only",
        ));
    }
    let mut paging = params.paging();
    if reads_whole(&state, params.whole, params.stored).await? {
        return state
            .with_ledger(move |ledger| {
                let mut report: EntityReport = ledger
                    .entity(&name)
                    .ok_or_else(|| ApiError::not_found(format!("no entity named {name:?} in the ledger")))?;
                paging.cut_entity(&mut report);
                Ok(Json(EntityReportPage { report, paging }))
            })
            .await;
    }
    // The articles naming it and the claims made by or about it, through the index.
    state
        .read(move |store| {
            let mut report: EntityReport = hearsay_ledger::stored_entity(store, &name)
                .map_err(|error| ApiError::internal(&format!("reading entity {name:?}: {error}")))?
                .ok_or_else(|| ApiError::not_found(format!("no entity named {name:?} in the ledger")))?;
            paging.cut_entity(&mut report);
            Ok(Json(EntityReportPage { report, paging }))
        })
        .await
}
