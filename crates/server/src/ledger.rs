//! The ledger endpoints (crates/ledger): stories, propositions with their verdicts, the
//! proposition a claim belongs to, and one entity's history.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::Json;
use hearsay_ledger::PropositionFilter;
use serde::Deserialize;

use crate::error::{rejection, ApiError, ApiResult};
use crate::state::AppState;
use crate::wire::{EntityReport, Page, Proposition, Story};

type Shared = State<Arc<AppState>>;

/// Paging and the proposition filters.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LedgerQuery {
    about: Option<String>,
    since: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

fn query(found: Result<Query<LedgerQuery>, QueryRejection>) -> ApiResult<LedgerQuery> {
    found.map(|Query(value)| value).map_err(|error| rejection("bad-query-string", error.status(), error.body_text()))
}

fn paging(params: &LedgerQuery) -> (usize, usize) {
    (params.offset.unwrap_or(0), params.limit.unwrap_or(50).clamp(1, 1_000))
}

pub(crate) async fn list_stories(
    State(state): Shared,
    found: Result<Query<LedgerQuery>, QueryRejection>,
) -> ApiResult<Json<Page<Story>>> {
    let params = query(found)?;
    let (offset, limit) = paging(&params);
    state
        .with_ledger(move |ledger| Ok(Json(Page::of(ledger.stories().into_iter().cloned().collect(), offset, limit))))
        .await
}

pub(crate) async fn get_story(State(state): Shared, Path(id): Path<String>) -> ApiResult<Json<Story>> {
    state
        .with_ledger(move |ledger| {
            ledger.story(&id).cloned().map(Json).ok_or_else(|| ApiError::not_found(format!("no story {id}")))
        })
        .await
}

pub(crate) async fn list_propositions(
    State(state): Shared,
    found: Result<Query<LedgerQuery>, QueryRejection>,
) -> ApiResult<Json<Page<Proposition>>> {
    let params = query(found)?;
    let (offset, limit) = paging(&params);
    let filter = PropositionFilter {
        about: params.about.clone().filter(|about| !about.trim().is_empty()),
        since: params.since.clone().filter(|since| !since.trim().is_empty()),
    };
    state
        .with_ledger(move |ledger| {
            Ok(Json(Page::of(ledger.propositions(&filter).into_iter().cloned().collect(), offset, limit)))
        })
        .await
}

pub(crate) async fn get_proposition(State(state): Shared, Path(id): Path<String>) -> ApiResult<Json<Proposition>> {
    state
        .with_ledger(move |ledger| {
            ledger
                .proposition(&id)
                .cloned()
                .map(Json)
                .ok_or_else(|| ApiError::not_found(format!("no proposition {id}")))
        })
        .await
}

pub(crate) async fn claim_proposition(
    State(state): Shared,
    Path((article, claim)): Path<(String, String)>,
) -> ApiResult<Json<Proposition>> {
    state
        .with_ledger(move |ledger| {
            ledger
                .proposition_of_claim(&article, &claim)
                .cloned()
                .map(Json)
                .ok_or_else(|| ApiError::not_found(format!("claim {claim} of article {article} is in no proposition")))
        })
        .await
}

pub(crate) async fn get_entity(State(state): Shared, Path(name): Path<String>) -> ApiResult<Json<EntityReport>> {
    state
        .with_ledger(move |ledger| {
            ledger
                .entity(&name)
                .map(Json)
                .ok_or_else(|| ApiError::not_found(format!("no entity named {name:?} in the ledger")))
        })
        .await
}
