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
//! the whole store; the update keeps each article's story (`kept.rs`), which names the
//! proposition's story here, but a component is not cut by them and the outlets' voice is not
//! heard. Its related propositions are read through its claims' own edges.

use std::collections::{BTreeMap, BTreeSet};

use hearsay_schema::ledger::{ClaimItem, Explanation, LedgerClaim, Proposition, RelatedProposition};
use hearsay_store::keys::proposition_name;
use hearsay_store::{Backend, PropositionOrder, PropositionPageFilter, StoredProposition};

use crate::features::ArticleItem;
use crate::kept::{story_key, StoryOf};
use crate::update::article_key;
use crate::view::build_proposition;
use crate::{Error, Ledger, Result};

/// Up to this many stored articles, the pages (`hearsay ledger`, `ledger ID`, `--about`, `hearsay
/// entity`, the server's proposition and entity pages) read the whole ledger: propositions cut by
/// story, the outlets' own voice and each story's own wordings, the verdicts `hearsay eval
/// propositions` scores (a whole read holds about 1.1 GB at 10,000 articles). Beyond, each page
/// reads its own stored rows, without those three, so memory stays flat as the corpus grows.
pub const WHOLE_LEDGER_UP_TO: u64 = 10_000;

/// Whether pages on `store` read the whole ledger ([`WHOLE_LEDGER_UP_TO`]).
pub fn reads_whole(store: &dyn Backend) -> Result<bool> {
    Ok(store.article_count()? <= WHOLE_LEDGER_UP_TO)
}

/// The stored proposition named `id` (or a unique prefix of its name, or the name of any of its
/// claims: a merged proposition's id redirects), read from its own rows.
pub fn stored_proposition(store: &dyn Backend, id: &str) -> Result<Option<Proposition>> {
    let Some(row) = store.ledger_proposition(id)? else { return Ok(None) };
    read(store, &row).map(Some)
}

/// The stored proposition named `id` (as [`stored_proposition`] finds it) and why it has its
/// verdict, read from its own rows.
pub fn stored_explanation(store: &dyn Backend, id: &str) -> Result<Option<(Proposition, Explanation)>> {
    let Some(proposition) = stored_proposition(store, id)? else { return Ok(None) };
    let copy_of: BTreeMap<String, String> = proposition
        .claims
        .iter()
        .filter_map(|claim| Some((claim.item.article.clone(), claim.copy_of.clone()?)))
        .collect();
    let explanation = Ledger::of_parts(BTreeMap::new(), BTreeMap::new(), copy_of).explain(&proposition);
    Ok(Some((proposition, explanation)))
}

/// One page of the stored propositions, in `order`, and how many there are. Each is read from its
/// own rows: a page costs its propositions' claims, not the corpus.
pub fn stored_propositions(
    store: &dyn Backend,
    order: PropositionOrder,
    offset: usize,
    limit: usize,
) -> Result<(usize, Vec<Proposition>)> {
    stored_propositions_where(store, order, &PropositionPageFilter::default(), offset, limit)
}

/// One page of the stored propositions that pass `filter` (by the summaries the update keeps),
/// in `order`, and how many pass. [`PropositionOrder::Sourced`] is the order of a full read's
/// list ([`Ledger::propositions`]).
pub fn stored_propositions_where(
    store: &dyn Backend,
    order: PropositionOrder,
    filter: &PropositionPageFilter,
    offset: usize,
    limit: usize,
) -> Result<(usize, Vec<Proposition>)> {
    let (total, rows) = store.ledger_propositions_filtered(order, filter, offset, limit)?;
    let mut reader = Rows::new(store);
    let page = rows.iter().map(|row| reader.full(row)).collect::<Result<_>>()?;
    Ok((total, page))
}

/// The stored propositions named (each once, however many of its names are given), with their
/// claims, by id.
pub(crate) fn propositions_named(
    store: &dyn Backend,
    names: impl IntoIterator<Item = String>,
) -> Result<BTreeMap<String, Proposition>> {
    let mut propositions: BTreeMap<String, Proposition> = BTreeMap::new();
    let mut roots = BTreeSet::new();
    let mut reader = Rows::new(store);
    for name in names {
        let Some(row) = store.ledger_proposition(&name)? else { continue };
        if roots.insert(row.root.clone()) {
            let proposition = reader.claims(&row)?;
            propositions.insert(proposition.id.clone(), proposition);
        }
    }
    Ok(propositions)
}

/// A stored proposition with its story and related propositions.
pub(crate) fn read(store: &dyn Backend, row: &StoredProposition) -> Result<Proposition> {
    Rows::new(store).full(row)
}

/// Names a stored proposition's story (its first claim's article's, as the update keeps it) and
/// its related propositions.
pub(crate) fn add_story_and_related(
    store: &dyn Backend,
    row: &StoredProposition,
    proposition: &mut Proposition,
) -> Result<()> {
    if let Some(first) = proposition.claims.first() {
        let key = story_key(&first.item.article);
        if let Some(item) = store.ledger_items_keyed(std::slice::from_ref(&key))?.into_iter().next() {
            let kept: StoryOf = serde_json::from_str(&item.json)
                .map_err(|error| Error::Corrupt(format!("ledger item {}: {error}", item.key)))?;
            proposition.story = Some(kept.story);
        }
    }
    proposition.related = related(store, row, proposition)?;
    Ok(())
}

/// The propositions a stored one's claims are `related` to or answer (`responds-to`) or are
/// answered by (`responded-by`), through the claims' own edges, as a full read across stories
/// links them.
fn related(store: &dyn Backend, row: &StoredProposition, proposition: &Proposition) -> Result<Vec<RelatedProposition>> {
    let keys: Vec<String> =
        proposition.claims.iter().map(|c| crate::update::claim_key(&c.item.article, &c.item.claim)).collect();
    let own: BTreeSet<&String> = keys.iter().collect();
    let edges: Vec<hearsay_store::LedgerEdge> = store
        .ledger_edges_of(&keys)?
        .into_iter()
        .filter(|edge| edge.relation == "related" || edge.relation == "responds-to")
        .filter(|edge| !(own.contains(&edge.a) && own.contains(&edge.b)))
        .collect();
    if edges.is_empty() {
        return Ok(Vec::new());
    }
    let mut items: BTreeMap<String, ClaimItem> = proposition
        .claims
        .iter()
        .map(|c| (crate::update::claim_key(&c.item.article, &c.item.claim), c.item.clone()))
        .collect();
    let others: Vec<String> =
        edges.iter().flat_map(|edge| [&edge.a, &edge.b]).filter(|key| !own.contains(key)).cloned().collect();
    for item in store.ledger_items_keyed(&others)? {
        let claim: ClaimItem = serde_json::from_str(&item.json)
            .map_err(|error| Error::Corrupt(format!("ledger item {}: {error}", item.key)))?;
        items.insert(item.key, claim);
    }
    // Each other claim's proposition: its row, named after its root.
    let mut rows: BTreeMap<String, StoredProposition> = BTreeMap::new();
    for other in &others {
        if let Some(found) = store.ledger_proposition(&proposition_name(other))? {
            rows.insert(other.clone(), found);
        }
    }
    let mut links: BTreeSet<(String, String, String)> = BTreeSet::new();
    for edge in &edges {
        let (Some(ca), Some(cb)) = (items.get(&edge.a), items.get(&edge.b)) else { continue };
        let (mine_is_a, other) = if own.contains(&edge.a) { (true, &edge.b) } else { (false, &edge.a) };
        let Some(other_row) = rows.get(other) else { continue };
        if other_row.root == row.root {
            continue;
        }
        let relation = if edge.relation == "related" {
            "related"
        } else {
            // Which end answers which: the one whose content is about the other's claimant.
            let a_answers = cb.claimant_key.as_ref().is_some_and(|key| ca.frame.responds_to.contains(key));
            if a_answers == mine_is_a {
                "responds-to"
            } else {
                "responded-by"
            }
        };
        links.insert((other_row.name.clone(), relation.to_owned(), other_row.root.clone()));
    }
    let mut found = Vec::with_capacity(links.len());
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    for (id, relation, root) in links {
        if !texts.contains_key(&root) {
            let text = match store.ledger_proposition_summary(&root)? {
                Some(summary) => summary.text,
                None => match rows.values().find(|r| r.root == root) {
                    Some(other) => read_claims(store, other)?.text,
                    None => String::new(),
                },
            };
            texts.insert(root.clone(), text);
        }
        found.push(RelatedProposition { text: texts[&root].clone(), id, relation });
    }
    Ok(found)
}

/// A stored proposition's claims, their articles and copies, made into a proposition (without its
/// story and related propositions).
pub(crate) fn read_claims(store: &dyn Backend, row: &StoredProposition) -> Result<Proposition> {
    Rows::new(store).claims(row)
}

/// Reads stored propositions, each article and near-duplicate link read once however many of
/// them share it (a lookup of one entity reads hundreds of propositions of the same articles).
pub(crate) struct Rows<'a> {
    store: &'a dyn Backend,
    articles: BTreeMap<String, ArticleItem>,
    originals: BTreeMap<String, Option<String>>,
}

impl<'a> Rows<'a> {
    pub(crate) fn new(store: &'a dyn Backend) -> Rows<'a> {
        Rows { store, articles: BTreeMap::new(), originals: BTreeMap::new() }
    }

    /// A stored proposition with its story and related propositions.
    pub(crate) fn full(&mut self, row: &StoredProposition) -> Result<Proposition> {
        let mut proposition = self.claims(row)?;
        add_story_and_related(self.store, row, &mut proposition)?;
        Ok(proposition)
    }

    /// A stored proposition's claims, their articles and copies, made into a proposition.
    pub(crate) fn claims(&mut self, row: &StoredProposition) -> Result<Proposition> {
        let store = self.store;
        let mut claims = Vec::new();
        for item in store.ledger_proposition_items(&row.root)? {
            let claim: ClaimItem = serde_json::from_str(&item.json)
                .map_err(|error| Error::Corrupt(format!("ledger item {}: {error}", item.key)))?;
            claims.push(claim);
        }
        let mut copy_of: BTreeMap<String, String> = BTreeMap::new();
        let mut wanted: BTreeSet<String> = BTreeSet::new();
        for claim in &claims {
            if !self.originals.contains_key(&claim.article) {
                let original = original_of(store, &claim.article)?;
                self.originals.insert(claim.article.clone(), original);
            }
            if let Some(Some(original)) = self.originals.get(&claim.article) {
                copy_of.insert(claim.article.clone(), original.clone());
            }
            if !self.articles.contains_key(&claim.article) {
                wanted.insert(article_key(&claim.article));
            }
        }
        if !wanted.is_empty() {
            let keys: Vec<String> = wanted.into_iter().collect();
            for item in store.ledger_items_keyed(&keys)? {
                let article: ArticleItem = serde_json::from_str(&item.json)
                    .map_err(|error| Error::Corrupt(format!("ledger item {}: {error}", item.key)))?;
                self.articles.insert(article.id.clone(), article);
            }
        }
        let entries: Vec<LedgerClaim> = claims.into_iter().map(|claim| entry(claim, &copy_of)).collect();
        Ok(build_proposition(&row.name, entries, &self.articles, &copy_of, &BTreeMap::new()))
    }
}

/// A stored claim as a member of its stored proposition (whose claims the outlets' voice never
/// joins).
fn entry(claim: ClaimItem, copy_of: &BTreeMap<String, String>) -> LedgerClaim {
    LedgerClaim { polarity: claim.out.stance, copy_of: copy_of.get(&claim.article).cloned(), item: claim, voice: false }
}

/// The stored proposition of a claim that stands alone (of an article that is no copy), made
/// as [`Rows::claims`] makes it from the rows: the update sums up a new claim that joined no
/// other from the claim and article it holds, rather than parsing them again from the store.
pub(crate) fn lone_claim(claim: &ClaimItem, articles: &BTreeMap<String, ArticleItem>) -> Proposition {
    let name = proposition_name(&crate::update::claim_key(&claim.article, &claim.claim));
    build_proposition(&name, vec![entry(claim.clone(), &BTreeMap::new())], articles, &BTreeMap::new(), &BTreeMap::new())
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
