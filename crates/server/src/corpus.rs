//! The corpus index: every stored `hearsay.extract/1` layer, read once and kept in memory until
//! the store changes, with the cross-article views the API serves (claims, entities, outlets,
//! timeline).
//!
//! The texts are dropped from the index (an article page reads its own layer), so a corpus of
//! tens of thousands of articles costs megabytes, not gigabytes.

use std::collections::{BTreeMap, BTreeSet};

use hearsay_nlp::output::{ClaimOut, EntityOut, ExtractOutput};
use hearsay_pipeline::EXTRACT_SCHEMA;
use hearsay_store::Backend;

use crate::error::ApiResult;
use crate::wire::{ClaimRow, Count, Day, DayArticle, EntityPage, EntityRow, OutletPage, OutletRow};

/// Every stored extraction, newest first.
#[derive(Debug, Default)]
pub(crate) struct Corpus {
    pub(crate) documents: Vec<ExtractOutput>,
}

/// Which claims [`Corpus::claims`] returns.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub(crate) struct ClaimFilter {
    /// Claims whose content mentions this entity or contains these words.
    pub(crate) about: Option<String>,
    /// Claims made by this claimant (name or alias, substring, any case).
    pub(crate) by: Option<String>,
    /// `affirm` or `deny`.
    pub(crate) stance: Option<String>,
    /// Only this outlet (any case).
    pub(crate) outlet: Option<String>,
    /// Only articles published on or after this date.
    pub(crate) since: Option<String>,
    /// Only articles published on or before this date.
    pub(crate) until: Option<String>,
    /// Only claims passed on through this intermediary (substring, any case).
    pub(crate) via: Option<String>,
    /// Only claims in this article.
    pub(crate) article: Option<String>,
}

impl Corpus {
    pub(crate) fn load(store: &dyn Backend) -> ApiResult<Corpus> {
        let mut documents: Vec<ExtractOutput> = store
            .all_annotations(EXTRACT_SCHEMA)?
            .into_iter()
            .filter_map(|(id, json)| match serde_json::from_str::<ExtractOutput>(&json) {
                Ok(mut document) => {
                    document.document.text = String::new();
                    Some(document)
                }
                Err(error) => {
                    tracing::warn!(article_id = %id, %error, "Stored claims could not be read; skipping them.");
                    None
                }
            })
            .collect();
        documents.sort_by(|a, b| b.document.published.cmp(&a.document.published).then(a.document.id.cmp(&b.document.id)));
        Ok(Corpus { documents })
    }

    /// Claims matching the filter, newest article first, in text order within an article.
    pub(crate) fn claims(&self, filter: &ClaimFilter) -> Vec<ClaimRow> {
        let mut rows = Vec::new();
        for document in &self.documents {
            let meta = &document.document;
            if !matches_outlet(meta.outlet.as_deref(), filter.outlet.as_deref())
                || !in_dates(meta.published.as_deref(), filter.since.as_deref(), filter.until.as_deref())
                || filter.article.as_deref().is_some_and(|article| !meta.id.starts_with(article))
            {
                continue;
            }
            for claim in &document.claims {
                if filter.stance.as_deref().is_some_and(|stance| !claim.stance.eq_ignore_ascii_case(stance))
                    || filter.by.as_deref().is_some_and(|by| !claim.made_by(&document.entities, by))
                    || filter.about.as_deref().is_some_and(|about| !claim.is_about(&document.entities, about))
                    || filter.via.as_deref().is_some_and(|via| !claim.via.iter().any(|step| contains_ignore_case(&step.name, via)))
                {
                    continue;
                }
                rows.push(ClaimRow::new(document, claim));
            }
        }
        rows
    }

    /// One claim by article id (or unique prefix) and claim id.
    pub(crate) fn claim(&self, article: &str, claim: &str) -> Option<(&ExtractOutput, &ClaimOut)> {
        let document = self.document(article)?;
        document.claims.iter().find(|candidate| candidate.id == claim).map(|found| (document, found))
    }

    pub(crate) fn document(&self, article: &str) -> Option<&ExtractOutput> {
        let article = article.to_ascii_lowercase();
        let mut found = self.documents.iter().filter(|document| document.document.id.starts_with(&article));
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// Claims in other articles that say much the same: sharing most content words, or made by
    /// the same claimant. Best first. (The ledger's propositions replace this once stored.)
    pub(crate) fn similar_claims(&self, document: &ExtractOutput, claim: &ClaimOut, limit: usize) -> Vec<(f32, ClaimRow)> {
        let words = content_words(&claim.content);
        let claimant = claim.claimant.name.to_lowercase();
        let mut scored: Vec<(f32, ClaimRow)> = Vec::new();
        for other in &self.documents {
            for candidate in &other.claims {
                if other.document.id == document.document.id && candidate.id == claim.id {
                    continue;
                }
                let overlap = jaccard(&words, &content_words(&candidate.content));
                let same_claimant = claim.claimant.kind != "unnamed" && candidate.claimant.name.to_lowercase() == claimant;
                let score = overlap + if same_claimant { 0.25 } else { 0.0 };
                if score >= 0.25 {
                    scored.push((score, ClaimRow::new(other, candidate)));
                }
            }
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.article.cmp(&b.1.article)).then(a.1.claim.id.cmp(&b.1.claim.id)));
        scored.truncate(limit);
        scored
    }

    /// Entities merged across articles by name (any case), most widely reported first.
    pub(crate) fn entities(&self, kind: Option<&str>, query: Option<&str>) -> Vec<EntityRow> {
        let mut rows: BTreeMap<String, EntityRow> = BTreeMap::new();
        for document in &self.documents {
            for entity in &document.entities {
                if kind.is_some_and(|kind| !entity.kind.eq_ignore_ascii_case(kind)) {
                    continue;
                }
                if query.is_some_and(|query| !names(entity).any(|name| contains_ignore_case(name, query))) {
                    continue;
                }
                let row = rows.entry(entity.name.to_lowercase()).or_insert_with(|| EntityRow { name: entity.name.clone(), kind: entity.kind.clone(), ..EntityRow::default() });
                row.aliases.extend(entity.aliases.iter().filter(|alias| !alias.eq_ignore_ascii_case(&entity.name)).cloned());
                row.roles.extend(entity.roles.iter().cloned());
                row.articles += 1;
                row.mentions += entity.mentions.len();
                row.claims_made += document.claims.iter().filter(|claim| claim.claimant.entity.as_deref() == Some(entity.id.as_str())).count();
            }
        }
        let mut rows: Vec<EntityRow> = rows.into_values().collect();
        rows.sort_by(|a, b| b.articles.cmp(&a.articles).then(b.mentions.cmp(&a.mentions)).then(a.name.cmp(&b.name)));
        rows
    }

    /// One entity across the corpus, found by name or alias (any case).
    pub(crate) fn entity(&self, name: &str) -> Option<EntityPage> {
        let wanted = name.trim().to_lowercase();
        let matches = |entity: &EntityOut| entity.name.to_lowercase() == wanted || entity.aliases.iter().any(|alias| alias.to_lowercase() == wanted);
        let mut page: Option<EntityPage> = None;
        for document in &self.documents {
            let Some(entity) = document.entities.iter().find(|entity| entity.name.to_lowercase() == wanted).or_else(|| document.entities.iter().find(|entity| matches(entity))) else {
                continue;
            };
            let page = page.get_or_insert_with(|| EntityPage { name: entity.name.clone(), kind: entity.kind.clone(), ..EntityPage::default() });
            page.aliases.extend(entity.aliases.iter().filter(|alias| !alias.eq_ignore_ascii_case(&page.name)).cloned());
            page.roles.extend(entity.roles.iter().cloned());
            page.articles.push(DayArticle::of(document));
            for claim in &document.claims {
                if claim.claimant.entity.as_deref() == Some(entity.id.as_str()) {
                    page.claims_made.push(ClaimRow::new(document, claim));
                } else if entity.mentions.iter().any(|mention| mention.start >= claim.content_span.start && mention.end <= claim.content_span.end) {
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
                *cited.entry((claim.claimant.name.clone(), claim.claimant.kind.clone())).or_default() += 1;
                for step in &claim.via {
                    *via.entry(step.name.clone()).or_default() += 1;
                }
                *page.stances.entry(claim.stance.clone()).or_default() += 1;
                if claim.hedged {
                    page.hedged += 1;
                }
                page.claims.push(ClaimRow::new(document, claim));
            }
            for entity in &document.entities {
                *entities.entry((entity.name.clone(), entity.kind.clone())).or_default() += 1;
            }
        }
        let mut page = page?;
        page.cited = ranked(cited.into_iter().map(|((name, kind), count)| Count { name, kind: Some(kind), count }));
        page.via = ranked(via.into_iter().map(|(name, count)| Count { name, kind: None, count }));
        page.entities = ranked(entities.into_iter().map(|((name, kind), count)| Count { name, kind: Some(kind), count }));
        page.entities.truncate(30);
        Some(page)
    }

    /// Articles and claim counts per publication day, oldest first; undated articles last.
    pub(crate) fn timeline(&self) -> Vec<Day> {
        let mut days: BTreeMap<String, Day> = BTreeMap::new();
        for document in &self.documents {
            let date = document.document.published.as_deref().map_or_else(|| "undated".to_owned(), |published| published.get(..10).unwrap_or(published).to_owned());
            let day = days.entry(date.clone()).or_insert_with(|| Day { date, ..Day::default() });
            day.claims += document.claims.len();
            day.articles.push(DayArticle::of(document));
        }
        days.into_values().collect()
    }

    /// Claims and distinct entities in the corpus.
    pub(crate) fn counts(&self) -> (usize, usize) {
        let claims = self.documents.iter().map(|document| document.claims.len()).sum();
        let entities: BTreeSet<String> = self.documents.iter().flat_map(|document| document.entities.iter().map(|entity| entity.name.to_lowercase())).collect();
        (claims, entities.len())
    }
}

/// The outlet name shown for articles that name none.
pub(crate) const UNKNOWN_OUTLET: &str = "(unknown outlet)";

fn ranked(counts: impl Iterator<Item = Count>) -> Vec<Count> {
    let mut counts: Vec<Count> = counts.collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
    counts
}

fn matches_outlet(outlet: Option<&str>, wanted: Option<&str>) -> bool {
    wanted.is_none_or(|wanted| outlet.unwrap_or(UNKNOWN_OUTLET).eq_ignore_ascii_case(wanted))
}

fn in_dates(published: Option<&str>, since: Option<&str>, until: Option<&str>) -> bool {
    let day = published.map(|published| published.get(..10).unwrap_or(published));
    since.is_none_or(|since| day.is_some_and(|day| day >= since)) && until.is_none_or(|until| day.is_some_and(|day| day <= until))
}


fn names(entity: &EntityOut) -> impl Iterator<Item = &str> {
    std::iter::once(entity.name.as_str()).chain(entity.aliases.iter().map(String::as_str))
}

fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    haystack.to_lowercase().contains(&needle.to_lowercase())
}

/// Lowercased words of four letters or more: enough to compare what two claims say.
fn content_words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|word| word.chars().count() >= 4).map(str::to_lowercase).collect()
}

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(b).count();
    shared as f32 / (a.len() + b.len() - shared) as f32
}
