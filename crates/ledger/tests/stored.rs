//! Propositions kept in the store: the components the ledger update maintains, one claim at a
//! time, are the components a full read finds by union-find over every link, with the same ids,
//! claims and verdicts; and they stay so through incremental updates, changed annotations and
//! deletions, as a rebuild would leave them.

#![allow(clippy::unwrap_used)]

use hearsay_ledger::{
    stored_proposition, stored_propositions, update, Ledger, PropositionFilter, PropositionOrder, ReadOptions,
    UpdateOptions,
};
use hearsay_pipeline::{ingest, IngestOptions};
use hearsay_store::{keys::proposition_name, Store};

mod common;
use common::{annotations, corpus, store_batch};

/// Every stored proposition is the proposition a full read (across stories, attributed claims
/// only) finds: same id, claims, text and verdict; each member's name redirects to it. Returns
/// the number of propositions.
fn stored_equals_read(store: &Store) -> usize {
    let options = ReadOptions { across_stories: true, no_voice: true, no_story_claims: true, ..ReadOptions::default() };
    let ledger = Ledger::read_with(store, &options).unwrap();
    let all = ledger.propositions(&PropositionFilter::default());
    let (total, _) = stored_propositions(store, PropositionOrder::MostClaims, 0, 1).unwrap();
    assert_eq!(total, all.len(), "as many stored propositions as components");
    for proposition in &all {
        let mut expected = (*proposition).clone();
        expected.story = None;
        expected.related.clear();
        let stored = stored_proposition(store, &proposition.id).unwrap().expect("stored");
        assert_eq!(stored, expected);
        for claim in &proposition.claims {
            let alias = proposition_name(&format!("c:{}:{}", claim.item.article, claim.item.claim));
            let found = store.ledger_proposition(&alias).unwrap().expect("every member's name redirects");
            assert_eq!(found.name, proposition.id);
            assert_eq!(found.claims, proposition.claims.len() as i64);
        }
    }
    all.len()
}

/// The stored propositions' rows, comparable.
fn rows(store: &Store) -> Vec<String> {
    let (total, page) = store.ledger_propositions_page(PropositionOrder::MostClaims, 0, usize::MAX >> 1).unwrap();
    assert_eq!(total, page.len());
    page.into_iter().map(|p| format!("{} {} {} {} {}", p.name, p.root, p.seq, p.claims, p.last_seq)).collect()
}

fn rebuilt(store: &mut Store) -> Vec<String> {
    store.ledger_reset().unwrap();
    update(store, &UpdateOptions::default()).unwrap();
    rows(store)
}

#[test]
fn seeds_stored_propositions_equal_the_read() {
    let Some(data) = hearsay_testdata::data() else { return };
    let mut store = Store::open_in_memory().unwrap();
    ingest(&[hearsay_testdata::seeds(&data)], &mut store, &IngestOptions::default(), &mut |_| {}).unwrap();
    update(&mut store, &UpdateOptions::default()).unwrap();
    assert!(stored_equals_read(&store) > 3);
    assert!(stored_proposition(&store, "p-000000000000").unwrap().is_none(), "an unknown id is none");
}

#[test]
fn incremental_stored_propositions_equal_the_read_and_a_rebuild() {
    let Some(articles) = corpus(200) else { return };
    let jsons = annotations(&articles);
    let mut store = Store::open_in_memory().unwrap();
    let mut start = 0;
    for size in [1, 9, 40, 3, 100, 200] {
        let end = (start + size).min(articles.len());
        store_batch(&mut store, &articles[start..end], &jsons[start..end]);
        update(&mut store, &UpdateOptions { batch: 7, ..UpdateOptions::default() }).unwrap();
        start = end;
        if start == articles.len() {
            break;
        }
    }
    let count = stored_equals_read(&store);
    let incremental = rows(&store);
    assert!(incremental.iter().any(|row| row.split(' ').nth(3) != Some("1")), "some claims share a proposition");
    assert!(count > 500, "{count}");
    assert_eq!(incremental, rebuilt(&mut store));
}

#[test]
fn changed_and_deleted_articles_leave_the_components_a_rebuild_finds() {
    let Some(mut articles) = corpus(200) else { return };
    articles.truncate(120);
    for (i, article) in articles.iter_mut().enumerate() {
        article.metadata.at_uri = Some(format!("at://did:plc:test/site.standard.document/{i}"));
    }
    let mut jsons = annotations(&articles);
    let mut store = Store::open_in_memory().unwrap();
    store_batch(&mut store, &articles, &jsons);
    update(&mut store, &UpdateOptions::default()).unwrap();
    // The articles whose claims sit in the largest propositions change or go: their components
    // split or lose their earliest claim, and are computed again.
    let (_, largest) = store.ledger_propositions_page(PropositionOrder::MostClaims, 0, 3).unwrap();
    assert!(largest[0].claims > 1);
    let seqs: Vec<usize> = largest
        .iter()
        .map(|p| {
            let article = p.root.split(':').nth(1).unwrap();
            articles.iter().position(|a| a.id.as_str() == article).unwrap()
        })
        .collect();
    let mut fewer: hearsay_schema::ExtractOutput = serde_json::from_str(&jsons[seqs[0]]).unwrap();
    fewer.claims.truncate(fewer.claims.len() / 2);
    jsons[seqs[0]] = serde_json::to_string(&fewer).unwrap();
    store_batch(&mut store, &articles, &jsons);
    update(&mut store, &UpdateOptions::default()).unwrap();
    stored_equals_read(&store);
    for seq in &seqs[1..] {
        store.delete_at_uri(&format!("at://did:plc:test/site.standard.document/{seq}")).unwrap();
    }
    update(&mut store, &UpdateOptions::default()).unwrap();
    stored_equals_read(&store);
    let incremental = rows(&store);
    assert_eq!(incremental, rebuilt(&mut store));
}
