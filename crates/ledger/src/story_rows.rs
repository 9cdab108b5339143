//! Reading one story, or one page of them, from the rows the update keeps (each article's story,
//! `s:` items, indexed under `story:{id}`), at a cost in proportion to the story rather than to
//! the corpus: what the pages read on a store beyond [`crate::WHOLE_LEDGER_UP_TO`] articles,
//! where a whole read would hold gigabytes.
//!
//! A story read this way has the members, outlets, dates, entities and events a whole read gives
//! it. Its propositions are those of its articles' claims as the store keeps them (`stored.rs`:
//! not cut by story, no outlet's own voice, no story wordings), and its title is the headline of
//! the article it is named after (a whole read takes the member nearest its centroid, which the
//! rows do not keep).

use std::collections::{BTreeMap, BTreeSet};

use hearsay_schema::ledger::{PropositionSummary, Story};
use hearsay_store::keys::proposition_name;
use hearsay_store::Backend;

use crate::features::ArticleItem;
use crate::kept::{story_key, story_term, StoryOf};
use crate::stored::Rows;
use crate::update::article_key;
use crate::{Error, Ledger, Result};

/// The story `id` from the rows; None if no article is kept in it. Its propositions are listed
/// from their kept summaries (id, wording, verdict, number of claims), so it costs its articles
/// and their claims' keys, not the claims of its propositions (a wire story's propositions hold
/// every copy's claims).
pub fn stored_story(store: &dyn Backend, id: &str) -> Result<Option<Story>> {
    let Some(found) = Found::read(store, id)? else { return Ok(None) };
    let mut summaries: Vec<PropositionSummary> = Vec::new();
    let mut roots = BTreeSet::new();
    for name in &found.names {
        let Some(row) = store.ledger_proposition(name)? else { continue };
        if !roots.insert(row.root.clone()) {
            continue;
        }
        let kept = store.ledger_proposition_summary(&row.root)?;
        let verdict = kept.as_ref().and_then(|kept| serde_json::from_value(kept.verdict.clone().into()).ok());
        summaries.push(match (kept, verdict) {
            (Some(kept), Some(verdict)) => {
                PropositionSummary { id: row.name.clone(), text: kept.text, verdict, claims: row.claims as usize }
            }
            // Not summed up yet (a store without summaries): from its claims.
            _ => crate::view::summary(&Rows::new(store).claims(&row)?),
        });
    }
    let ledger = Ledger::of_parts(found.articles, BTreeMap::new(), found.copy_of);
    let mut story = ledger.story_of_part(id, found.title, &found.members);
    summaries.sort_by(|a, b| b.claims.cmp(&a.claims).then(a.id.cmp(&b.id)));
    story.propositions = summaries;
    Ok(Some(story))
}

/// The story `id` with a ledger of its articles and its propositions with their claims (what
/// its grid reads), from the rows; None if no article is kept in it.
pub fn stored_story_part(store: &dyn Backend, id: &str) -> Result<Option<(Story, Ledger)>> {
    let Some(found) = Found::read(store, id)? else { return Ok(None) };
    let mut propositions = crate::stored::propositions_named(store, found.names)?;
    for proposition in propositions.values_mut() {
        proposition.story = Some(id.to_owned());
    }
    let ledger = Ledger::of_parts(found.articles, propositions, found.copy_of);
    let story = ledger.story_of_part(id, found.title, &found.members);
    Ok(Some((story, ledger)))
}

/// What a story's rows give: its articles, which copy which, its title, and the names of its
/// articles' claims' propositions.
struct Found {
    members: Vec<String>,
    articles: BTreeMap<String, ArticleItem>,
    copy_of: BTreeMap<String, String>,
    title: Option<String>,
    names: BTreeSet<String>,
}

impl Found {
    fn read(store: &dyn Backend, id: &str) -> Result<Option<Found>> {
        let members = members(store, id)?;
        if members.is_empty() {
            return Ok(None);
        }
        let mut articles: BTreeMap<String, ArticleItem> = BTreeMap::new();
        let keys: Vec<String> = members.iter().map(|article| article_key(article)).collect();
        for item in store.ledger_items_keyed(&keys)? {
            let article: ArticleItem = serde_json::from_str(&item.json).map_err(|error| corrupt(&item.key, &error))?;
            articles.insert(article.id.clone(), article);
        }
        let mut copy_of = BTreeMap::new();
        for article in &members {
            if let Some(original) = store.copy_of(article)? {
                copy_of.insert(article.clone(), original.to_string());
            }
        }
        // The propositions of its articles' claims (claim keys are `c:{article}:{claim}`).
        let mut names: BTreeSet<String> = BTreeSet::new();
        for article in &members {
            store.ledger_items_each(&format!("c:{article}:"), &mut |item| {
                names.insert(proposition_name(&item.key));
            })?;
        }
        // Named after the article that opened it: its headline, else the earliest with one.
        let opener = members.iter().find(|article| crate::stories::story_id(article) == id);
        let title = opener
            .and_then(|article| articles.get(article.as_str()))
            .and_then(|article| article.title.clone())
            .or_else(|| {
                let mut titled: Vec<&ArticleItem> = articles.values().filter(|a| a.title.is_some()).collect();
                titled.sort_by(|a, b| a.published.cmp(&b.published).then(a.id.cmp(&b.id)));
                titled.first().and_then(|a| a.title.clone())
            });
        Ok(Some(Found { members, articles, copy_of, title, names }))
    }
}

/// One page of the stories kept in the store, the one with the most articles first (then by id),
/// and how many there are. Listing them reads each article's small story row once (the kept
/// `s:` items, not the articles or their claims); each story on the page is read from its rows.
pub fn stored_stories(store: &dyn Backend, offset: usize, limit: usize) -> Result<(usize, Vec<Story>)> {
    let mut sizes: BTreeMap<String, usize> = BTreeMap::new();
    let mut damaged: Option<Error> = None;
    store.ledger_items_each("s:", &mut |item| match serde_json::from_str::<StoryOf>(&item.json) {
        Ok(kept) => *sizes.entry(kept.story).or_default() += 1,
        Err(error) => {
            damaged.get_or_insert_with(|| corrupt(&item.key, &error));
        }
    })?;
    if let Some(error) = damaged {
        return Err(error);
    }
    let total = sizes.len();
    let mut ranked: Vec<(usize, String)> = sizes.into_iter().map(|(story, n)| (n, story)).collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut page = Vec::new();
    for (_, id) in ranked.into_iter().skip(offset).take(limit) {
        if let Some(story) = stored_story(store, &id)? {
            page.push(story);
        }
    }
    Ok((total, page))
}

/// The articles kept in story `id`, in id order. (A story row whose story changed keeps its old
/// index term, so each row is read and checked.)
fn members(store: &dyn Backend, id: &str) -> Result<Vec<String>> {
    let keys: Vec<String> = store.ledger_keys_with_term(&story_term(id))?;
    let mut found = Vec::new();
    for item in store.ledger_items_keyed(&keys)? {
        let kept: StoryOf = serde_json::from_str(&item.json).map_err(|error| corrupt(&item.key, &error))?;
        if kept.story == id {
            if let Some(article) = item.key.strip_prefix("s:") {
                debug_assert_eq!(story_key(article), item.key);
                found.push(article.to_owned());
            }
        }
    }
    found.sort();
    Ok(found)
}

fn corrupt(key: &str, error: &serde_json::Error) -> Error {
    Error::Corrupt(format!("ledger item {key}: {error}"))
}
