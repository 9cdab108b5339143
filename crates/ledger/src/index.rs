//! One entity's history and `hearsay ledger --about X`, read through an index instead of the
//! whole ledger: the update indexes each article under the names and keys of the entities it
//! names (`ent:` terms) and each claim under its claimant's and its actors' keys (`made-by:`,
//! `about:`), terms the linking never looks up. A lookup reads the articles that name the entity,
//! the claims made by or about it and their stored propositions, so it costs the answer, not the
//! corpus; `--about` also takes the propositions whose folded wording holds the name, a scan of one
//! short column of the summaries (`ledger_propositions.words`). The answer is what the whole
//! ledger read across stories without the outlets' voice gives (`tests/stored.rs`): the same
//! [`Ledger`] code runs on the part of the ledger the lookup read.

use std::collections::{BTreeMap, BTreeSet};

use hearsay_schema::ledger::{ClaimItem, EntityReport, Proposition};
use hearsay_store::keys::proposition_name;
use hearsay_store::Backend;

use crate::features::{fold, name_keys, ArticleItem};
use crate::{Error, Ledger, PropositionFilter, Result};

/// Index terms of an article: each entity under its key, the key's name part, and each of its
/// names (folded, and without a leading "the"), every form a lookup by name can match.
pub(crate) fn article_terms(article: &ArticleItem) -> Vec<String> {
    let mut terms = BTreeSet::new();
    for entity in &article.entities {
        terms.insert(format!("ent:{}", entity.key));
        if let Some((_, rest)) = entity.key.split_once(':') {
            terms.insert(format!("ent:{rest}"));
        }
        for name in std::iter::once(&entity.name).chain(&entity.aliases) {
            let folded = fold(name);
            if let Some(stripped) = folded.strip_prefix("the ") {
                terms.insert(format!("ent:{stripped}"));
            }
            terms.insert(format!("ent:{folded}"));
        }
    }
    terms.into_iter().collect()
}

/// Index terms of a claim: its claimant's key and its actors' keys.
pub(crate) fn claim_terms(claim: &ClaimItem) -> Vec<String> {
    let mut terms: BTreeSet<String> = claim.frame.actors.iter().map(|key| format!("about:{key}")).collect();
    if let Some(key) = &claim.claimant_key {
        terms.insert(format!("made-by:{key}"));
    }
    terms.into_iter().collect()
}

/// One entity across the corpus, as [`Ledger::entity`] reports it, read through the index.
pub fn stored_entity(store: &dyn Backend, name: &str) -> Result<Option<EntityReport>> {
    let part = Part::about(store, name, false)?;
    Ok(part.ledger.entity(name))
}

/// One page of the stored propositions about the entity named `about` (and with `since`), the
/// most independently sourced first, as [`Ledger::propositions`] lists them, and how many there
/// are, read through the index: every candidate's claims, and the story and related propositions
/// of the page's only.
pub fn stored_propositions_about(
    store: &dyn Backend,
    filter: &PropositionFilter,
    offset: usize,
    limit: usize,
) -> Result<(usize, Vec<Proposition>)> {
    let Some(about) = filter.about.as_deref() else {
        return Err(Error::Corrupt("a lookup through the index needs a name".to_owned()));
    };
    let part = Part::about(store, about, true)?;
    let found = part.ledger.propositions(filter);
    let total = found.len();
    let mut page: Vec<Proposition> = found.into_iter().skip(offset).take(limit).cloned().collect();
    for proposition in &mut page {
        let Some(row) = store.ledger_proposition(&proposition.id)? else { continue };
        crate::stored::add_story_and_related(store, &row, proposition)?;
    }
    Ok((total, page))
}

/// The part of the ledger a lookup of one name reads.
struct Part {
    ledger: Ledger,
}

impl Part {
    fn about(store: &dyn Backend, name: &str, with_text: bool) -> Result<Part> {
        // The articles naming an entity that the name matches, then every article naming one of
        // those entities (by key): what `Ledger::entity` counts and reports.
        let (wanted, as_person) = name_keys(name);
        let mut lookups = vec![format!("ent:{wanted}")];
        if wanted.contains(' ') {
            lookups.push(format!("ent:{as_person}"));
        }
        let mut articles = read_articles(store, &keys_under(store, &lookups)?)?;
        let keys = Ledger::of_parts(articles.clone(), BTreeMap::new(), BTreeMap::new()).keys_named(name);
        let by_key: Vec<String> = keys.iter().map(|key| format!("ent:{key}")).collect();
        for (id, article) in read_articles(store, &keys_under(store, &by_key)?)? {
            articles.insert(id, article);
        }
        // The claims made by or about those entities, and their propositions.
        let mut claim_terms: Vec<String> = Vec::new();
        for key in &keys {
            claim_terms.push(format!("made-by:{key}"));
            claim_terms.push(format!("about:{key}"));
        }
        let mut names: BTreeSet<String> =
            keys_under(store, &claim_terms)?.iter().map(|claim| proposition_name(claim)).collect();
        if with_text && !wanted.is_empty() {
            names.extend(store.ledger_propositions_text_like(&wanted)?);
        }
        // Their claims: what a history reports, and what orders and filters a list.
        let propositions = crate::stored::propositions_named(store, names)?;
        // Which articles copy which: every claim the report shows is in one of those propositions,
        // with its copy mark.
        let copy_of: BTreeMap<String, String> = propositions
            .values()
            .flat_map(|p| p.claims.iter())
            .filter_map(|claim| Some((claim.item.article.clone(), claim.copy_of.clone()?)))
            .collect();
        Ok(Part { ledger: Ledger::of_parts(articles, propositions, copy_of) })
    }
}

/// The item keys indexed under any of `terms`.
fn keys_under(store: &dyn Backend, terms: &[String]) -> Result<BTreeSet<String>> {
    let mut keys = BTreeSet::new();
    for term in terms {
        keys.extend(store.ledger_keys_with_term(term)?);
    }
    Ok(keys)
}

/// The article items among `keys`, by article id.
fn read_articles(store: &dyn Backend, keys: &BTreeSet<String>) -> Result<BTreeMap<String, ArticleItem>> {
    let wanted: Vec<String> = keys.iter().filter(|key| key.starts_with("a:")).cloned().collect();
    let mut found = BTreeMap::new();
    for item in store.ledger_items_keyed(&wanted)? {
        let article: ArticleItem = serde_json::from_str(&item.json)
            .map_err(|error| Error::Corrupt(format!("ledger item {}: {error}", item.key)))?;
        found.insert(article.id.clone(), article);
    }
    Ok(found)
}
