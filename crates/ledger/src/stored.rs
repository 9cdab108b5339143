//! Reading one proposition, or one page of them, from the rows the store keeps for it, at a cost
//! in proportion to its claims rather than to the corpus.
//!
//! The store keeps each claim's proposition as it is stored: the component of `same` links it
//! belongs to, named after its earliest stored claim, every other member's name redirecting
//! (`hearsay_store`'s `ledger.rs`). What is read here is that component with its verdict from
//! the attributed claims alone: the ledger [`crate::Ledger`] reads with
//! [`crate::ReadOptions::across_stories`] and [`crate::ReadOptions::no_voice`] set (and no story
//! propositions), which `tests/stored.rs` checks proposition by proposition. The stories, which a
//! full read uses to cut a component in parts and to hear the outlets' own voice, are grouped over
//! the whole store and are not kept in it yet; nor are the related propositions.

use std::collections::BTreeMap;

use hearsay_schema::ledger::{ClaimItem, LedgerClaim, Proposition};
use hearsay_store::{Backend, PropositionOrder, StoredProposition};

use crate::features::ArticleItem;
use crate::update::article_key;
use crate::view::build_proposition;
use crate::{Error, Result};

/// The stored proposition named `id` (or a unique prefix of its name, or the name of any of its
/// claims: a merged proposition's id redirects), read from its own rows.
pub fn stored_proposition(store: &dyn Backend, id: &str) -> Result<Option<Proposition>> {
    let Some(row) = store.ledger_proposition(id)? else { return Ok(None) };
    read(store, &row).map(Some)
}

/// One page of the stored propositions, in `order`, and how many there are. Each is read from its
/// own rows: a page costs its propositions' claims, not the corpus.
pub fn stored_propositions(
    store: &dyn Backend,
    order: PropositionOrder,
    offset: usize,
    limit: usize,
) -> Result<(usize, Vec<Proposition>)> {
    let (total, rows) = store.ledger_propositions_page(order, offset, limit)?;
    let page = rows.iter().map(|row| read(store, row)).collect::<Result<_>>()?;
    Ok((total, page))
}

/// A stored proposition's claims, their articles and copies, made into a proposition.
fn read(store: &dyn Backend, row: &StoredProposition) -> Result<Proposition> {
    let mut claims = Vec::new();
    for item in store.ledger_proposition_items(&row.root)? {
        let claim: ClaimItem = serde_json::from_str(&item.json)
            .map_err(|error| Error::Corrupt(format!("ledger item {}: {error}", item.key)))?;
        claims.push(claim);
    }
    let mut copy_of: BTreeMap<String, String> = BTreeMap::new();
    let mut article_keys = Vec::new();
    for claim in &claims {
        if copy_of.contains_key(&claim.article) || article_keys.contains(&article_key(&claim.article)) {
            continue;
        }
        article_keys.push(article_key(&claim.article));
        if let Some(original) = original_of(store, &claim.article)? {
            copy_of.insert(claim.article.clone(), original);
        }
    }
    let mut articles: BTreeMap<String, ArticleItem> = BTreeMap::new();
    for item in store.ledger_items_keyed(&article_keys)? {
        let article: ArticleItem = serde_json::from_str(&item.json)
            .map_err(|error| Error::Corrupt(format!("ledger item {}: {error}", item.key)))?;
        articles.insert(article.id.clone(), article);
    }
    let entries: Vec<LedgerClaim> = claims
        .into_iter()
        .map(|claim| LedgerClaim {
            polarity: claim.out.stance,
            copy_of: copy_of.get(&claim.article).cloned(),
            item: claim,
            voice: false,
        })
        .collect();
    Ok(build_proposition(&row.name, entries, &articles, &copy_of, &BTreeMap::new()))
}

/// The earliest stored original of a near-duplicate (copies point at it; chains are followed
/// anyway, as a full read does).
fn original_of(store: &dyn Backend, article: &str) -> Result<Option<String>> {
    let mut root: Option<String> = None;
    let mut next = store.copy_of(article)?;
    let mut steps = 0;
    while let Some(original) = next {
        let original = original.to_string();
        steps += 1;
        if steps > 64 {
            break;
        }
        next = store.copy_of(&original)?;
        root = Some(original);
    }
    Ok(root)
}
