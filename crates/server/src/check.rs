//! `GET /api/check?q=CLAIM`: the fact-checker's lookup (`hearsay_ledger::check`), as
//! `hearsay check` prints it, for the UI's "check a claim" box.
//!
//! Bounded like search: the claim is checked by [`crate::guard::check_search`] (bytes, words),
//! the full-text search under it has the store's time budget, and the stance model reads at most
//! the checker's bounded number of candidates.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use serde::Deserialize;

use crate::error::{rejection, ApiError, ApiResult};
use crate::state::AppState;
use crate::wire::{CheckOut, EvidenceOut};

/// The claim to check.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CheckQuery {
    q: Option<String>,
}

pub(crate) async fn check(
    State(state): State<Arc<AppState>>,
    found: Result<Query<CheckQuery>, QueryRejection>,
) -> ApiResult<Json<CheckOut>> {
    let params = found
        .map(|Query(value)| value)
        .map_err(|error| rejection("bad-query-string", error.status(), error.body_text()))?;
    let claim = params.q.unwrap_or_default().trim().to_owned();
    if claim.is_empty() {
        return Err(ApiError::bad_request("bad-query", "give the claim to check as q"));
    }
    crate::guard::check_search(&claim)?;
    let checker_state = Arc::clone(&state);
    state
        .read(move |store| {
            let checked = checker_state.checker()?.check(store, &claim).map_err(|error| match error {
                hearsay_ledger::Error::Store(error) => ApiError::from(error),
                other => ApiError::internal(&other),
            })?;
            let evidence = checked
                .evidence
                .iter()
                .map(|e| EvidenceOut {
                    article: e.article.clone(),
                    title: e.title.clone(),
                    outlet: e.outlet.clone(),
                    published: e.published.clone(),
                    stance: e.stance.name(),
                    origin: e.origin.clone(),
                    claims: e.claims.clone(),
                    copy_of: e.copy_of.clone(),
                })
                .collect();
            Ok(Json(CheckOut { claim: checked.claim, verdict: checked.verdict.name(), evidence }))
        })
        .await
}
