//! The read endpoints: articles, search, claims, entities, outlets, timeline, stats.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::Json;
use hearsay_query::{ArticleFilter, EntityFilter};
use hearsay_schema::{EntityType, ExtractOutput, RemovedOut, Stance, SCHEMA};
use hearsay_store::ListFilter;
use serde::Deserialize;

use crate::corpus::ClaimFilter;
use crate::error::{rejection, ApiError, ApiResult};
use crate::state::AppState;
use crate::wire::{
    ArticlePage, ClaimPage, ClaimRow, CopyLink, Day, EntityPageOut, EntityRow, ListsPaged, OutletPageOut, OutletRow,
    Page, SearchHitOut, SimilarClaim, SnippetPart, StatsOut,
};

type Shared = State<Arc<AppState>>;

/// Most results one listing returns, whatever `limit` asks.
const MAX_LIMIT: usize = 1_000;
const DEFAULT_LIMIT: usize = 50;

/// Marks the store puts around matched words; control characters never occur in clean text.
pub(crate) const HIT_OPEN: &str = "\u{2}";
pub(crate) const HIT_CLOSE: &str = "\u{3}";

/// Paging and the article filters shared by listings and search.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListQuery {
    q: Option<String>,
    outlet: Option<String>,
    since: Option<String>,
    until: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

impl ListQuery {
    fn filter(&self) -> ListFilter {
        ListFilter {
            outlet: self.outlet.clone().filter(|outlet| !outlet.is_empty()),
            since: self.since.clone().filter(|since| !since.is_empty()),
            until: self.until.clone().filter(|until| !until.is_empty()),
            limit: limit(self.limit),
            offset: self.offset.unwrap_or(0),
        }
    }
}

fn limit(asked: Option<usize>) -> usize {
    asked.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT)
}

fn query<T>(found: Result<Query<T>, QueryRejection>) -> ApiResult<T> {
    found.map(|Query(value)| value).map_err(|error| rejection("bad-query-string", error.status(), error.body_text()))
}

pub(crate) async fn stats(State(state): Shared) -> ApiResult<Json<StatsOut>> {
    state
        .with_corpus(|store, corpus| {
            let (claims, entities) = corpus.counts();
            Ok(Json(StatsOut { store: store.stats()?, claims, entities }))
        })
        .await
}

pub(crate) async fn list_articles(
    State(state): Shared,
    found: Result<Query<ListQuery>, QueryRejection>,
) -> ApiResult<Json<Page<hearsay_store::ArticleSummary>>> {
    let params = query(found)?;
    let filter = params.filter();
    state
        .read(move |store| {
            // The total needs the unpaged count; listings are summaries, so this stays cheap.
            let all = store.list(&ListFilter { limit: 0, offset: 0, ..filter.clone() })?;
            Ok(Json(Page::of(all, filter.offset, filter.limit)))
        })
        .await
}

pub(crate) async fn get_article(State(state): Shared, Path(id): Path<String>) -> ApiResult<Json<ArticlePage>> {
    state
        .read(move |store| {
            let stored = store.get(&id)?.ok_or_else(|| ApiError::not_found(format!("no article with id {id}")))?;
            let article = &stored.article;
            // An unreadable layer is left out and said so, as everywhere the layer is read.
            let extraction: Option<ExtractOutput> = store.annotations(&article.id, SCHEMA)?.and_then(|json| {
                hearsay_schema::parse(article.id.as_str(), &json).map_err(|error| tracing::warn!(article_id = %article.id, %error, "Stored claims could not be read; leaving them out.")).ok()
            });
            let (entities, claims, extract_diagnostics) = extraction.map(|output| (output.entities, output.claims, output.diagnostics)).unwrap_or_default();
            let meta = &article.metadata;
            let mut copies: Vec<CopyLink> = Vec::new();
            for (other, similarity) in &stored.copies {
                let original = stored.copy_of.as_ref().is_some_and(|(of, _)| of == other);
                copies.push(CopyLink { id: other.as_str().to_owned(), similarity: *similarity, original });
            }
            Ok(Json(ArticlePage {
                summary: hearsay_store::ArticleSummary {
                    id: article.id.clone(),
                    title: meta.title.clone(),
                    published: meta.published.clone(),
                    outlet: meta.outlet.clone(),
                    url: meta.url.clone(),
                    language: meta.language.clone(),
                    input: article.input.name().to_owned(),
                },
                text: article.text.as_str().to_owned(),
                removed: RemovedOut::of(article),
                sources: stored.sources.iter().map(crate::wire::public_source).collect(),
                copies,
                entities,
                claims,
                diagnostics: article.diagnostics.iter().chain(&extract_diagnostics).map(|diagnostic| format!("{}: {}", diagnostic.code, diagnostic.message)).collect(),
            }))
        })
        .await
}

pub(crate) async fn search(
    State(state): Shared,
    found: Result<Query<ListQuery>, QueryRejection>,
) -> ApiResult<Json<Page<SearchHitOut>>> {
    let params = query(found)?;
    let text = params.q.clone().unwrap_or_default();
    crate::guard::check_search(&text)?;
    let filter = params.filter();
    // Set when this handler's future is dropped, which hyper does when the client goes away: the
    // store then stops the query instead of running it to its time budget for nobody.
    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let _cancel_on_drop = CancelOnDrop(std::sync::Arc::clone(&cancel));
    state
        .read(move |store| {
            // One more than asked, so that `total` above the page tells a client there is more.
            let wanted = filter.offset.saturating_add(filter.limit).saturating_add(1);
            let mut hits =
                store.search_cancellable(&text, &ListFilter { limit: wanted, offset: 0, ..filter.clone() }, &cancel)?;
            let total = hits.len();
            let items: Vec<SearchHitOut> = hits
                .drain(filter.offset.min(total)..total.min(filter.offset.saturating_add(filter.limit)))
                .map(|hit| SearchHitOut {
                    snippet: snippet_parts(&hit.snippet),
                    article: hit.article,
                    score: hit.score,
                })
                .collect();
            Ok(Json(Page::from_items(items, total, filter.offset, filter.limit)))
        })
        .await
}

/// Sets its flag when dropped: tells blocking work that the request it serves was abandoned.
#[derive(Debug)]
struct CancelOnDrop(std::sync::Arc<std::sync::atomic::AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Splits a snippet with the store's markers into plain and matched runs, merging neighbours.
fn snippet_parts(snippet: &str) -> Vec<SnippetPart> {
    let mut parts: Vec<SnippetPart> = Vec::new();
    let mut push = |text: &str, hit: bool| {
        if text.is_empty() {
            return;
        }
        match parts.last_mut() {
            Some(last) if last.hit == hit => last.text.push_str(text),
            _ => parts.push(SnippetPart { text: text.to_owned(), hit }),
        }
    };
    for (index, piece) in snippet.split(HIT_OPEN).enumerate() {
        if index == 0 {
            push(piece, false);
            continue;
        }
        match piece.split_once(HIT_CLOSE) {
            Some((matched, rest)) => {
                push(matched, true);
                push(rest, false);
            }
            None => push(piece, true),
        }
    }
    parts
}

/// Query of `/api/claims`: the claim filter plus paging.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ClaimsQuery {
    about: Option<String>,
    by: Option<String>,
    stance: Option<String>,
    outlet: Option<String>,
    since: Option<String>,
    until: Option<String>,
    via: Option<String>,
    article: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

pub(crate) async fn list_claims(
    State(state): Shared,
    found: Result<Query<ClaimsQuery>, QueryRejection>,
) -> ApiResult<Json<Page<ClaimRow>>> {
    let params = query(found)?;
    let nonempty = |value: &Option<String>| value.clone().filter(|value| !value.trim().is_empty());
    let stance = match nonempty(&params.stance) {
        Some(stance) => Some(
            Stance::from_name(&stance).ok_or_else(|| ApiError::bad_request("bad-query", "stance is affirm or deny"))?,
        ),
        None => None,
    };
    let filter = ClaimFilter {
        articles: ArticleFilter {
            outlet: nonempty(&params.outlet),
            since: nonempty(&params.since),
            until: nonempty(&params.until),
        },
        article: nonempty(&params.article),
        claims: hearsay_query::ClaimFilter {
            about: nonempty(&params.about),
            by: nonempty(&params.by),
            stance,
            via: nonempty(&params.via),
        },
    };
    let (offset, limit) = (params.offset.unwrap_or(0), limit(params.limit));
    state.with_corpus(move |_, corpus| Ok(Json(Page::of(corpus.claims(&filter), offset, limit)))).await
}

pub(crate) async fn get_claim(
    State(state): Shared,
    Path((article, claim)): Path<(String, String)>,
) -> ApiResult<Json<ClaimPage>> {
    state
        .with_corpus(move |store, corpus| {
            let not_found = || ApiError::not_found(format!("no claim {claim} in article {article}"));
            let (document, found) = corpus.claim(&article, &claim).ok_or_else(not_found)?;
            let text = store
                .get(&document.document.id)?
                .map(|stored| stored.article.text.as_str().to_owned())
                .unwrap_or_default();
            let (sentence_start, sentence_text) =
                sentence_around(&text, found.content_span.start as usize, found.content_span.end as usize);
            let claimant_entity = found
                .claimant
                .entity
                .as_deref()
                .and_then(|id| document.entities.iter().find(|entity| entity.id == id))
                .cloned();
            let similar = corpus
                .similar_claims(document, found, 20)
                .into_iter()
                .map(|(score, row)| SimilarClaim { score, row })
                .collect();
            Ok(Json(ClaimPage {
                row: ClaimRow::new(document, found),
                claimant_entity,
                sentence_text,
                sentence_start: u32::try_from(sentence_start).unwrap_or(0),
                similar,
            }))
        })
        .await
}

/// The sentence (or sentences) around a byte span: back to the previous sentence end, forward to
/// the next one. A rough cut for display; the span itself stays exact.
fn sentence_around(text: &str, start: usize, end: usize) -> (usize, String) {
    let start = start.min(text.len());
    let end = end.clamp(start, text.len());
    let before = text.get(..start).unwrap_or("");
    let begin = before.rfind(['\n']).map_or(0, |at| at + 1);
    let begin = before.get(begin..).and_then(|tail| tail.rfind(". ").map(|at| begin + at + 2)).unwrap_or(begin);
    let after = text.get(end..).unwrap_or("");
    let stop = after.find(['\n']).unwrap_or(after.len());
    let stop = after.get(..stop).and_then(|head| head.find(". ").map(|at| at + 1)).unwrap_or(stop);
    let finish = end + stop;
    (begin, text.get(begin..finish).unwrap_or("").to_owned())
}

/// Query of `/api/entities`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EntitiesQuery {
    #[serde(rename = "type")]
    kind: Option<String>,
    q: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

pub(crate) async fn list_entities(
    State(state): Shared,
    found: Result<Query<EntitiesQuery>, QueryRejection>,
) -> ApiResult<Json<Page<EntityRow>>> {
    let params = query(found)?;
    let (offset, limit) = (params.offset.unwrap_or(0), limit(params.limit));
    let kind = match params.kind.as_deref().filter(|kind| !kind.is_empty()) {
        Some(kind) => Some(EntityType::from_name(kind).ok_or_else(|| {
            ApiError::bad_request("bad-query", "type is person, organization, country, place or outlet")
        })?),
        None => None,
    };
    let filter = EntityFilter { kind, text: params.q.clone().filter(|text| !text.is_empty()) };
    state.with_corpus(move |_, corpus| Ok(Json(Page::of(corpus.entities(&filter), offset, limit)))).await
}

/// Paging of the lists inside one item (an entity's articles and claims).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PageQuery {
    limit: Option<usize>,
    offset: Option<usize>,
}

pub(crate) async fn get_entity(
    State(state): Shared,
    Path(name): Path<String>,
    found: Result<Query<PageQuery>, QueryRejection>,
) -> ApiResult<Json<EntityPageOut>> {
    let params = query(found)?;
    let mut paging = ListsPaged::of(params.offset, params.limit);
    state
        .with_corpus(move |_, corpus| {
            let mut page =
                corpus.entity(&name).ok_or_else(|| ApiError::not_found(format!("no entity named {name:?}")))?;
            paging.cut("articles", &mut page.articles);
            paging.cut("claims_made", &mut page.claims_made);
            paging.cut("claims_about", &mut page.claims_about);
            Ok(Json(EntityPageOut { page, paging }))
        })
        .await
}

pub(crate) async fn list_outlets(
    State(state): Shared,
    found: Result<Query<PageQuery>, QueryRejection>,
) -> ApiResult<Json<Page<OutletRow>>> {
    let params = query(found)?;
    let (offset, limit) = (params.offset.unwrap_or(0), limit(params.limit));
    state.with_corpus(move |_, corpus| Ok(Json(Page::of(corpus.outlets(), offset, limit)))).await
}

pub(crate) async fn get_outlet(
    State(state): Shared,
    Path(name): Path<String>,
    found: Result<Query<PageQuery>, QueryRejection>,
) -> ApiResult<Json<OutletPageOut>> {
    let params = query(found)?;
    let mut paging = ListsPaged::of(params.offset, params.limit);
    state
        .with_corpus(move |_, corpus| {
            let mut page =
                corpus.outlet(&name).ok_or_else(|| ApiError::not_found(format!("no outlet named {name:?}")))?;
            paging.cut("articles", &mut page.articles);
            paging.cut("claims", &mut page.claims);
            Ok(Json(OutletPageOut { page, paging }))
        })
        .await
}

/// Days with their articles, the latest day first, paged by day.
pub(crate) async fn timeline(
    State(state): Shared,
    found: Result<Query<PageQuery>, QueryRejection>,
) -> ApiResult<Json<Page<Day>>> {
    let params = query(found)?;
    let (offset, limit) = (params.offset.unwrap_or(0), limit(params.limit));
    state
        .with_corpus(move |_, corpus| {
            let mut days = corpus.timeline();
            days.reverse();
            Ok(Json(Page::of(days, offset, limit)))
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_markers_become_parts() {
        let parts = snippet_parts("…the \u{2}air\u{3} \u{2}defense\u{3} data<b>…");
        let texts: Vec<(&str, bool)> = parts.iter().map(|part| (part.text.as_str(), part.hit)).collect();
        assert_eq!(texts, [("…the ", false), ("air", true), (" ", false), ("defense", true), (" data<b>…", false)]);
    }

    #[test]
    fn sentence_around_stops_at_sentence_ends() {
        let text = "First one. Sadr said Russia gave data. Last one.";
        let start = text.find("Russia").expect("in text");
        let (begin, sentence) = sentence_around(text, start, start + "Russia gave data".len());
        assert_eq!(sentence, "Sadr said Russia gave data.");
        assert_eq!(text.get(begin..begin + sentence.len()), Some(sentence.as_str()));
    }
}
