//! Propositions kept in the store: the components the ledger update maintains, one claim at a
//! time, are the components a full read finds by union-find over every link, with the same ids,
//! claims, verdicts, stories and related propositions, listed in the same order (from the summaries
//! the update keeps); an entity's history and `--about` read through the index give what the full
//! read gives; and they stay so through incremental updates, changed annotations and deletions, as
//! a rebuild would leave them. On the seeds the default pages are exactly the whole ledger's.

#![allow(clippy::unwrap_used)]

use hearsay_ledger::{
    stored_entity, stored_explanation, stored_proposition, stored_propositions, stored_propositions_about,
    stored_propositions_where, stored_stories, stored_story, stored_story_part, update, Ledger, PropositionFilter,
    PropositionOrder, PropositionPageFilter, ReadOptions, UpdateOptions,
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
    // The list's order and verdicts, from the summaries the update keeps.
    let listed: Vec<(String, String)> = stored_list(store, &PropositionPageFilter::default())
        .into_iter()
        .map(|p| (p.id, p.verdict.name().to_owned()))
        .collect();
    let expected: Vec<(String, String)> = all.iter().map(|p| (p.id.clone(), p.verdict.name().to_owned())).collect();
    assert_eq!(listed, expected, "the same order");
    // An entity's history and the propositions about it, through the index.
    let mut names: Vec<String> = all.iter().flat_map(|p| p.actors.iter().map(|a| a.name.clone())).collect();
    names.extend(all.iter().flat_map(|p| p.claims.iter().map(|c| c.item.out.claimant.name.clone())));
    names.sort();
    names.dedup();
    for name in names.iter().step_by((names.len() / 25).max(1)).chain([&"nobody at all".to_owned()]) {
        assert_eq!(stored_entity(store, name).unwrap(), ledger.entity(name), "{name}");
        let about = PropositionFilter { about: Some(name.clone()), since: None };
        let expected: Vec<_> = ledger.propositions(&about).into_iter().cloned().collect();
        assert_eq!(
            stored_propositions_about(store, &about, 0, usize::MAX).unwrap(),
            (expected.len(), expected),
            "about {name}"
        );
        let (_, two) = stored_propositions_about(store, &about, 1, 2).unwrap();
        assert_eq!(two, ledger.propositions(&about).into_iter().skip(1).take(2).cloned().collect::<Vec<_>>());
    }
    for proposition in &all {
        let stored = stored_proposition(store, &proposition.id).unwrap().expect("stored");
        assert_eq!(&stored, *proposition);
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

/// The stored propositions in the list's order ([`PropositionOrder::Sourced`], from the summaries
/// the update keeps), each read from its own rows.
fn stored_list(store: &Store, filter: &PropositionPageFilter) -> Vec<hearsay_ledger::Proposition> {
    let (total, page) =
        stored_propositions_where(store, PropositionOrder::Sourced, filter, 0, usize::MAX >> 1).unwrap();
    assert_eq!(total, page.len());
    page
}

#[test]
fn seeds_stored_pages_are_the_whole_ledger() {
    // On the seeds no story cuts a proposition and no outlet's own voice joins one, so the
    // default pages, read from their own rows, are exactly what the whole ledger shows.
    let Some(data) = hearsay_testdata::data() else { return };
    let mut store = Store::open_in_memory().unwrap();
    ingest(&[hearsay_testdata::seeds(&data)], &mut store, &IngestOptions::default(), &mut |_| {}).unwrap();
    update(&mut store, &UpdateOptions::default()).unwrap();
    let ledger = Ledger::read(&store).unwrap();
    let whole: Vec<_> = ledger.propositions(&PropositionFilter::default()).into_iter().cloned().collect();
    assert_eq!(stored_list(&store, &PropositionPageFilter::default()), whole);
    assert!(whole.iter().any(|p| !p.related.is_empty()), "related propositions are read too");
    for name in ["Kazem Jalali", "Mohammed Sadr", "Russia", "Iran", "the Kremlin"] {
        let report = stored_entity(&store, name).unwrap();
        assert!(report.is_some(), "{name}");
        assert_eq!(report, ledger.entity(name), "{name}");
        let about = PropositionFilter { about: Some(name.to_owned()), since: None };
        let expected: Vec<_> = ledger.propositions(&about).into_iter().cloned().collect();
        assert_eq!(
            stored_propositions_about(&store, &about, 0, usize::MAX).unwrap(),
            (expected.len(), expected),
            "about {name}"
        );
    }
    for proposition in &whole {
        let (stored, explanation) = stored_explanation(&store, &proposition.id).unwrap().expect("stored");
        assert_eq!(&stored, proposition);
        assert_eq!(explanation, ledger.explain(proposition));
    }
    // The filters the list takes, read from the summaries.
    let denied = PropositionPageFilter { verdict: Some("denied".into()), ..PropositionPageFilter::default() };
    let expected: Vec<_> = whole.iter().filter(|p| p.verdict.name() == "denied").cloned().collect();
    assert!(!expected.is_empty());
    assert_eq!(stored_list(&store, &denied), expected);
    let two =
        PropositionPageFilter { min_claims: 2, since: Some("2026-04-20".into()), ..PropositionPageFilter::default() };
    let expected: Vec<_> = whole
        .iter()
        .filter(|p| p.claims.len() >= 2 && p.last_seen.as_deref().is_some_and(|d| &d[..10] >= "2026-04-20"))
        .cloned()
        .collect();
    assert_eq!(stored_list(&store, &two), expected);
}

/// Each story read from its rows (what the pages read beyond WHOLE_LEDGER_UP_TO articles) has the
/// members, outlets, dates, entities and events of the whole read's story of that id, and the
/// pages of stories list every story once, the largest first; so on stories grouped the whole
/// way, and on stories placed online (a store beyond `stories_online_from`), built batch by batch
/// so that stories change their members (and their rows their index terms) between updates.
#[test]
fn stored_stories_are_the_read_stories() {
    let Some(articles) = corpus(200) else { return };
    let jsons = annotations(&articles);
    for online_from in [None, Some(50)] {
        let options = UpdateOptions { batch: 9, stories_online_from: online_from, ..UpdateOptions::default() };
        let mut store = Store::open_in_memory().unwrap();
        let mut start = 0;
        for size in [20, 5, 60, 115] {
            let end = (start + size).min(articles.len());
            store_batch(&mut store, &articles[start..end], &jsons[start..end]);
            update(&mut store, &options).unwrap();
            start = end;
        }
        let ledger = Ledger::read(&store).unwrap();
        let read = ledger.stories();
        assert!(read.iter().any(|story| story.articles.len() > 2), "some stories hold several articles");
        for story in &read {
            let stored = stored_story(&store, &story.id).unwrap().unwrap();
            let (with_claims, part) = stored_story_part(&store, &story.id).unwrap().unwrap();
            // The page lists its propositions from their kept summaries: what their claims give.
            assert_eq!(stored, with_claims);
            let ids = |s: &hearsay_ledger::Story| s.articles.iter().map(|a| a.id.clone()).collect::<Vec<_>>();
            assert_eq!(ids(&stored), ids(story), "{}", story.id);
            assert_eq!(stored.articles, story.articles);
            assert_eq!((&stored.outlets, &stored.first, &stored.last), (&story.outlets, &story.first, &story.last));
            assert_eq!((&stored.entities, &stored.events), (&story.entities, &story.events));
            // Its propositions are those of its articles' claims, each with its claims.
            for summary in &stored.propositions {
                let proposition = part.proposition(&summary.id).unwrap();
                assert!(proposition.claims.iter().any(|c| ids(story).contains(&c.item.article)));
            }
        }
        assert!(stored_story(&store, "s-000000000000").unwrap().is_none(), "an unknown story is none");
        let mut listed = Vec::new();
        let mut offset = 0;
        loop {
            let (total, page) = stored_stories(&store, offset, 7).unwrap();
            assert_eq!(total, read.len());
            if page.is_empty() {
                break;
            }
            offset += page.len();
            listed.extend(page);
        }
        let listed_sizes: Vec<usize> = listed.iter().map(|s| s.articles.len()).collect();
        let read_sizes: Vec<usize> = read.iter().map(|s| s.articles.len()).collect();
        assert_eq!(listed_sizes, read_sizes, "the largest first");
        let mut listed_ids: Vec<&str> = listed.iter().map(|s| s.id.as_str()).collect();
        let mut read_ids: Vec<&str> = read.iter().map(|s| s.id.as_str()).collect();
        listed_ids.sort_unstable();
        read_ids.sort_unstable();
        assert_eq!(listed_ids, read_ids);
    }
}
