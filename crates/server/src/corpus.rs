//! The corpus index: every stored `hearsay.extract/1` layer, read once and kept in memory until
//! the store changes, with the cross-article views the API serves (claims, entities, outlets,
//! timeline).
//!
//! The texts are dropped from the index (an article page reads its own layer), so a corpus of
//! tens of thousands of articles costs megabytes, not gigabytes.

use std::collections::{BTreeMap, BTreeSet};

use hearsay_query::{ArticleFilter, EntityFilter, UNKNOWN_OUTLET};
use hearsay_schema::{ClaimOut, ClaimantKind, EntityOut, ExtractOutput};
use hearsay_store::Backend;

use crate::error::ApiResult;
use crate::wire::{ClaimRow, Count, Day, DayArticle, EntityPage, EntityRow, OutletPage, OutletRow};

/// Every stored extraction, newest first.
#[derive(Debug, Default)]
pub(crate) struct Corpus {
    pub(crate) documents: Vec<ExtractOutput>,
    /// Article id -> its index in `documents`: finding one article by id or prefix costs a lookup,
    /// not a walk of the corpus.
    by_id: BTreeMap<String, usize>,
    /// Lowercased entity name or alias -> the indexes of the documents naming it, in order: one
    /// entity's page reads its own articles, not every article.
    by_name: BTreeMap<String, BTreeSet<usize>>,
}

/// Which claims [`Corpus::claims`] returns: the query layer's article and claim filters, and
/// one article by id prefix.
#[derive(Debug, Default, Clone)]
pub(crate) struct ClaimFilter {
    /// Outlet and dates.
    pub(crate) articles: ArticleFilter,
    /// Only claims in this article (id or prefix).
    pub(crate) article: Option<String>,
    /// About, by, stance, via.
    pub(crate) claims: hearsay_query::ClaimFilter,
}

impl Corpus {
    pub(crate) fn load(store: &dyn Backend) -> ApiResult<Corpus> {
        let loaded = hearsay_query::load(store, &ArticleFilter::default())?;
        for error in &loaded.unreadable {
            tracing::warn!(article_id = %error.article, %error, "Stored claims could not be read; leaving them out.");
        }
        let mut documents = loaded.documents;
        for document in &mut documents {
            document.document.text = String::new();
        }
        documents
            .sort_by(|a, b| b.document.published.cmp(&a.document.published).then(a.document.id.cmp(&b.document.id)));
        let by_id =
            documents.iter().enumerate().map(|(index, document)| (document.document.id.clone(), index)).collect();
        let mut by_name: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        for (index, document) in documents.iter().enumerate() {
            for entity in &document.entities {
                for name in std::iter::once(&entity.name).chain(&entity.aliases) {
                    by_name.entry(name.to_lowercase()).or_default().insert(index);
                }
            }
        }
        Ok(Corpus { documents, by_id, by_name })
    }

    /// Claims matching the filter, newest article first, in text order within an article.
    pub(crate) fn claims(&self, filter: &ClaimFilter) -> Vec<ClaimRow> {
        let documents = self.documents.iter().filter(|document| {
            filter.articles.matches(document)
                && filter.article.as_deref().is_none_or(|article| document.document.id.starts_with(article))
        });
        documents
            .flat_map(|document| {
                document
                    .claims
                    .iter()
                    .filter(|claim| filter.claims.matches(document, claim))
                    .map(move |claim| ClaimRow::new(document, claim))
            })
            .collect()
    }

    /// One claim by article id (or unique prefix) and claim id.
    pub(crate) fn claim(&self, article: &str, claim: &str) -> Option<(&ExtractOutput, &ClaimOut)> {
        let document = self.document(article)?;
        document.claims.iter().find(|candidate| candidate.id == claim).map(|found| (document, found))
    }

    /// One article by id or unique id prefix.
    pub(crate) fn document(&self, article: &str) -> Option<&ExtractOutput> {
        let article = article.to_ascii_lowercase();
        if let Some(&index) = self.by_id.get(&article) {
            return self.documents.get(index);
        }
        let mut found = self.by_id.range(article.clone()..).take_while(|(id, _)| id.starts_with(&article));
        let (_, &first) = found.next()?;
        found.next().is_none().then(|| self.documents.get(first)).flatten()
    }

    /// Claims in other articles that say much the same: sharing most content words, or made by
    /// the same claimant. Best first. (The ledger's propositions replace this once stored.)
    pub(crate) fn similar_claims(
        &self,
        document: &ExtractOutput,
        claim: &ClaimOut,
        limit: usize,
    ) -> Vec<(f32, ClaimRow)> {
        let words = content_words(&claim.content);
        let claimant = claim.claimant.name.to_lowercase();
        let mut scored: Vec<(f32, ClaimRow)> = Vec::new();
        for other in &self.documents {
            for candidate in &other.claims {
                if other.document.id == document.document.id && candidate.id == claim.id {
                    continue;
                }
                let overlap = jaccard(&words, &content_words(&candidate.content));
                let same_claimant =
                    claim.claimant.kind != ClaimantKind::Unnamed && candidate.claimant.name.to_lowercase() == claimant;
                let score = overlap + if same_claimant { 0.25 } else { 0.0 };
                if score >= 0.25 {
                    scored.push((score, ClaimRow::new(other, candidate)));
                }
            }
        }
        scored.sort_by(|a, b| {
            b.0.total_cmp(&a.0).then(a.1.article.cmp(&b.1.article)).then(a.1.claim.id.cmp(&b.1.claim.id))
        });
        scored.truncate(limit);
        scored
    }

    /// Entities merged across articles by the query layer's one key (name and type), most widely
    /// reported first.
    pub(crate) fn entities(&self, filter: &EntityFilter) -> Vec<EntityRow> {
        hearsay_query::entities(&self.documents, filter)
    }

    /// One entity across the corpus, found by name or alias (any case).
    pub(crate) fn entity(&self, name: &str) -> Option<EntityPage> {
        let wanted = name.trim().to_lowercase();
        let matches = |entity: &EntityOut| {
            entity.name.to_lowercase() == wanted || entity.aliases.iter().any(|alias| alias.to_lowercase() == wanted)
        };
        let mut page: Option<EntityPage> = None;
        let named = self.by_name.get(&wanted).into_iter().flatten();
        for document in named.filter_map(|&index| self.documents.get(index)) {
            let Some(entity) = document
                .entities
                .iter()
                .find(|entity| entity.name.to_lowercase() == wanted)
                .or_else(|| document.entities.iter().find(|entity| matches(entity)))
            else {
                continue;
            };
            let page = page.get_or_insert_with(|| EntityPage::new(entity.name.clone(), entity.kind));
            page.aliases.extend(entity.aliases.iter().filter(|alias| !alias.eq_ignore_ascii_case(&page.name)).cloned());
            page.roles.extend(entity.roles.iter().cloned());
            page.articles.push(DayArticle::of(document));
            for claim in &document.claims {
                if claim.claimant.entity.as_deref() == Some(entity.id.as_str()) {
                    page.claims_made.push(ClaimRow::new(document, claim));
                } else if entity.mentioned_in(&claim.content_span) {
                    page.claims_about.push(ClaimRow::new(document, claim));
                }
            }
        }
        page.map(|mut page| {
            page.articles.sort_by(|a, b| a.published.cmp(&b.published).then(a.id.cmp(&b.id)));
            page
        })
    }

    /// Outlets with their article and claim counts, most articles first.
    pub(crate) fn outlets(&self) -> Vec<OutletRow> {
        let mut rows: BTreeMap<String, OutletRow> = BTreeMap::new();
        for document in &self.documents {
            let name = document.document.outlet.clone().unwrap_or_else(|| UNKNOWN_OUTLET.to_owned());
            let row = rows.entry(name.to_lowercase()).or_insert_with(|| OutletRow { name, ..OutletRow::default() });
            row.articles += 1;
            row.claims += document.claims.len();
            let published = document.document.published.clone();
            if published.is_some() && (row.first.is_none() || published < row.first) {
                row.first.clone_from(&published);
            }
            if published > row.last {
                row.last = published;
            }
        }
        let mut rows: Vec<OutletRow> = rows.into_values().collect();
        rows.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.name.cmp(&b.name)));
        rows
    }

    /// What one outlet reports and whom it cites.
    pub(crate) fn outlet(&self, name: &str) -> Option<OutletPage> {
        let wanted = name.trim();
        let mut page: Option<OutletPage> = None;
        let mut cited: BTreeMap<(String, String), usize> = BTreeMap::new();
        let mut via: BTreeMap<String, usize> = BTreeMap::new();
        let mut entities: BTreeMap<(String, String), usize> = BTreeMap::new();
        for document in &self.documents {
            let outlet = document.document.outlet.as_deref().unwrap_or(UNKNOWN_OUTLET);
            if !outlet.eq_ignore_ascii_case(wanted) {
                continue;
            }
            let page = page.get_or_insert_with(|| OutletPage { name: outlet.to_owned(), ..OutletPage::default() });
            page.articles.push(DayArticle::of(document));
            for claim in &document.claims {
                *cited.entry((claim.claimant.name.clone(), claim.claimant.kind.name().to_owned())).or_default() += 1;
                for step in &claim.via {
                    *via.entry(step.name.clone()).or_default() += 1;
                }
                *page.stances.entry(claim.stance.name().to_owned()).or_default() += 1;
                if claim.hedged {
                    page.hedged += 1;
                }
                page.claims.push(ClaimRow::new(document, claim));
            }
            for entity in &document.entities {
                *entities.entry((entity.name.clone(), entity.kind.name().to_owned())).or_default() += 1;
            }
        }
        let mut page = page?;
        page.cited = ranked(cited.into_iter().map(|((name, kind), count)| Count { name, kind: Some(kind), count }));
        page.via = ranked(via.into_iter().map(|(name, count)| Count { name, kind: None, count }));
        page.entities =
            ranked(entities.into_iter().map(|((name, kind), count)| Count { name, kind: Some(kind), count }));
        page.entities.truncate(30);
        Some(page)
    }

    /// Articles and claim counts per publication day, oldest first; undated articles last.
    pub(crate) fn timeline(&self) -> Vec<Day> {
        let mut days: BTreeMap<String, Day> = BTreeMap::new();
        for document in &self.documents {
            let date = document
                .document
                .published
                .as_deref()
                .map_or_else(|| "undated".to_owned(), |published| published.get(..10).unwrap_or(published).to_owned());
            let day = days.entry(date.clone()).or_insert_with(|| Day { date, ..Day::default() });
            day.claims += document.claims.len();
            day.articles.push(DayArticle::of(document));
        }
        days.into_values().collect()
    }

    /// Claims and distinct entities in the corpus.
    pub(crate) fn counts(&self) -> (usize, usize) {
        let claims = self.documents.iter().map(|document| document.claims.len()).sum();
        (claims, hearsay_query::entity_count(&self.documents))
    }
}

fn ranked(counts: impl Iterator<Item = Count>) -> Vec<Count> {
    let mut counts: Vec<Count> = counts.collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
    counts
}

/// Lowercased words of four letters or more: enough to compare what two claims say.
fn content_words(text: &str) -> BTreeSet<String> {
    let words = hearsay_text::word_runs(text, &[]);
    words.into_iter().map(|(_, word)| word).filter(|word| word.chars().count() >= 4).map(str::to_lowercase).collect()
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(b).count();
    shared as f32 / (a.len() + b.len() - shared) as f32
}
