//! What the ledger update keeps beside its links, so that a proposition page or a page of the
//! proposition list reads only its own rows ([`crate::stored`]):
//!
//! * each article's story (`s:{article}` items, `{"story": ID}`): the stories are grouped over
//!   the whole store in storing order (see [`crate::stories`]), so they are grouped again after
//!   each update that read articles (or after the store forgot one), and only the
//!   articles whose story changed are written. This costs the stored story terms, not the claims.
//! * each stored proposition's summary (its independent origins, verdict, latest date and
//!   wording), which the store marks out of date whenever its members change (a join, a claim
//!   forgotten): the update sums up those marked, each from its own rows, so the cost is that of
//!   the propositions that changed.
//!
//! Both are derived from what the update stored, in storing order, so an update in any batches
//! keeps what a rebuild keeps (`tests/stored.rs`).

use std::collections::{BTreeMap, BTreeSet};

use hearsay_store::keys::proposition_name;
use hearsay_store::{Backend, LedgerItem, PropositionSummaryRow};
use serde::{Deserialize, Serialize};

use crate::features::{fold, ArticleItem};
use crate::stories::StoryTerms;
use crate::view::{copy_roots, group_stories};
use crate::{Error, Result};

/// What the update keeps of an article's story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct StoryOf {
    /// The story's id.
    pub story: String,
}

/// The item key of an article's story.
pub(crate) fn story_key(article: &str) -> String {
    format!("s:{article}")
}

/// Propositions summed up per transaction.
const SUMMARY_BATCH: usize = 256;

/// Brings the kept stories and summaries up to date; `read_articles`: the update read some.
pub(crate) fn refresh(store: &mut dyn Backend, read_articles: bool) -> Result<()> {
    keep_stories(store, read_articles)?;
    keep_summaries(store)
}

/// Groups the stored articles into stories again when they changed, and keeps each article's.
fn keep_stories(store: &mut dyn Backend, read_articles: bool) -> Result<()> {
    // The store drops this state when it forgets an article (`invalidate`), and an update that
    // read articles groups them again: otherwise the kept stories are those of the stored articles.
    let state = store.ledger_state("watermark")?.unwrap_or_default();
    // (An empty value asks for it as well.)
    if !read_articles && store.ledger_state("stories")?.is_some_and(|value| !value.is_empty()) {
        return Ok(());
    }
    let mut damaged: Option<Error> = None;
    let mut articles: BTreeMap<String, ArticleItem> = BTreeMap::new();
    let mut seqs: BTreeMap<String, i64> = BTreeMap::new();
    store.ledger_items_each("a:", &mut |item| match serde_json::from_str::<ArticleItem>(&item.json) {
        Ok(article) => {
            seqs.insert(article.id.clone(), item.article_seq);
            articles.insert(article.id.clone(), article);
        }
        Err(error) => {
            damaged.get_or_insert_with(|| Error::Corrupt(format!("ledger item {}: {error}", item.key)));
        }
    })?;
    let mut terms: BTreeMap<String, (i64, StoryTerms)> = BTreeMap::new();
    store.ledger_items_each("t:", &mut |item| match serde_json::from_str::<StoryTerms>(&item.json) {
        Ok(found) => {
            terms.insert(item.key[2..].to_owned(), (item.article_seq, found));
        }
        Err(error) => {
            damaged.get_or_insert_with(|| Error::Corrupt(format!("ledger item {}: {error}", item.key)));
        }
    })?;
    let mut kept: BTreeMap<String, String> = BTreeMap::new();
    store.ledger_items_each("s:", &mut |item| {
        if let Ok(found) = serde_json::from_str::<StoryOf>(&item.json) {
            kept.insert(item.key[2..].to_owned(), found.story);
        }
    })?;
    if let Some(error) = damaged {
        return Err(error);
    }
    let copy_of = copy_roots(&*store)?;
    let (members, _, _) = group_stories(&articles, &terms, &copy_of);
    drop(terms);
    let writer = store.ledger_writer()?;
    for (story, ids) in members {
        for id in ids {
            if kept.get(&id) == Some(&story) {
                continue;
            }
            let Some(seq) = seqs.get(&id) else { continue };
            let json = serde_json::to_string(&StoryOf { story: story.clone() })
                .map_err(|error| Error::Corrupt(error.to_string()))?;
            writer.put_item(&LedgerItem { key: story_key(&id), article_seq: *seq, json, vector: None }, &[])?;
        }
    }
    writer.set_state("stories", &state)?;
    writer.commit()?;
    Ok(())
}

/// Sums up every stored proposition the store marks out of date, a batch at a time.
fn keep_summaries(store: &mut dyn Backend) -> Result<()> {
    let mut done: BTreeSet<String> = BTreeSet::new();
    loop {
        let dirty = {
            let writer = store.ledger_writer()?;
            writer.dirty_propositions(SUMMARY_BATCH)?
            // Dropped without a commit: nothing was written.
        };
        // A proposition marked again by another writer meanwhile waits for the next update.
        let roots: Vec<String> = dirty.into_iter().filter(|root| done.insert(root.clone())).collect();
        if roots.is_empty() {
            return Ok(());
        }
        let mut summaries = Vec::with_capacity(roots.len());
        // One reader for the batch: the claims of one article sit in many propositions (most of
        // them of one claim), and each article and its copy link is read once.
        let mut rows = crate::stored::Rows::new(&*store);
        for root in roots {
            let Some(row) = store.ledger_proposition(&proposition_name(&root))? else { continue };
            if row.root != root {
                continue;
            }
            let proposition = rows.claims(&row)?;
            summaries.push((
                root,
                PropositionSummaryRow {
                    origins: proposition.origins.len() as i64,
                    verdict: proposition.verdict.name().to_owned(),
                    last_seen: proposition.last_seen.clone(),
                    text: proposition.text.clone(),
                    words: fold(&proposition.text),
                },
            ));
        }
        let writer = store.ledger_writer()?;
        for (root, summary) in &summaries {
            writer.set_proposition_summary(root, summary)?;
        }
        writer.commit()?;
    }
}
