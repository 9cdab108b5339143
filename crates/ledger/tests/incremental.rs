//! Incremental equals rebuild: the ledger after reading articles batch by batch (as ingest does)
//! is exactly the ledger built from scratch over the same store, also after annotations change,
//! articles are deleted, and a hundred near-identical copies arrive.

#![allow(clippy::unwrap_used)]

use hearsay_article::Article;
use hearsay_ledger::{update, Ledger, PropositionFilter, UpdateOptions, Verdict};
use hearsay_nlp::{annotate, ExtractOptions};
use hearsay_store::Store;

mod common;
use common::{annotations, corpus, store_batch};

/// Everything the ledger stores and shows, as comparable text.
fn snapshot(store: &Store) -> (Vec<String>, Vec<String>, String, String) {
    let items = store
        .ledger_items()
        .unwrap()
        .into_iter()
        .map(|item| format!("{} {} {}", item.key, item.article_seq, item.json))
        .collect();
    let edges = store
        .ledger_edges()
        .unwrap()
        .into_iter()
        .map(|edge| format!("{} {} {}", edge.a, edge.relation, edge.b))
        .collect();
    let ledger = Ledger::read(store).unwrap();
    let propositions = serde_json::to_string(&ledger.propositions(&PropositionFilter::default())).unwrap();
    let stories = serde_json::to_string(&ledger.stories()).unwrap();
    (items, edges, propositions, stories)
}

fn rebuilt(store: &mut Store) -> (Vec<String>, Vec<String>, String, String) {
    rebuilt_with(store, &UpdateOptions::default())
}

fn rebuilt_with(store: &mut Store, options: &UpdateOptions<'_>) -> (Vec<String>, Vec<String>, String, String) {
    store.ledger_reset().unwrap();
    update(store, options).unwrap();
    snapshot(store)
}

/// The stories the update kept (each article's `s:` item) are those a whole read groups.
fn kept_stories_are_read(store: &Store) {
    let kept: std::collections::BTreeMap<String, String> = store
        .ledger_items()
        .unwrap()
        .into_iter()
        .filter_map(|item| {
            let article = item.key.strip_prefix("s:")?.to_owned();
            let value: serde_json::Value = serde_json::from_str(&item.json).unwrap();
            Some((article, value["story"].as_str()?.to_owned()))
        })
        .collect();
    let mut read = std::collections::BTreeMap::new();
    for story in Ledger::read(store).unwrap().stories() {
        for article in &story.articles {
            read.insert(article.id.clone(), story.id.clone());
        }
    }
    assert_eq!(kept, read);
}

/// Whether the stories are placed online (the online step's centroids are kept).
fn placed_online(store: &Store) -> bool {
    store.ledger_items().unwrap().iter().any(|item| item.key.starts_with("sc:"))
}

#[test]
fn batch_by_batch_equals_rebuild() {
    let Some(articles) = corpus(120) else { return };
    let jsons = annotations(&articles);
    let mut store = Store::open_in_memory().unwrap();
    // Uneven batches, with an update after each, as successive `hearsay ingest` runs do.
    let mut start = 0;
    for size in [1, 7, 30, 2, 64, 200] {
        let end = (start + size).min(articles.len());
        store_batch(&mut store, &articles[start..end], &jsons[start..end]);
        let report = update(&mut store, &UpdateOptions { batch: 5, ..UpdateOptions::default() }).unwrap();
        assert_eq!(report.articles, end - start, "each update reads only what is new");
        start = end;
        if start == articles.len() {
            break;
        }
    }
    let incremental = snapshot(&store);
    let (articles_read, claims, propositions, stories) = Ledger::read(&store).unwrap().counts();
    assert_eq!(articles_read, articles.len());
    assert!(claims > 500, "real news has many claims: {claims}");
    assert!(propositions < claims, "some claims share a proposition: {propositions} of {claims}");
    assert!(stories < articles_read, "some articles share a story");
    kept_stories_are_read(&store);
    assert!(!placed_online(&store), "a small store's stories are grouped the whole way");
    assert_eq!(incremental, rebuilt(&mut store));

    // Nothing new: an update reads nothing and changes nothing.
    let report = update(&mut store, &UpdateOptions::default()).unwrap();
    assert_eq!((report.articles, report.links), (0, 0));
}

/// Beyond `stories_online_from` articles (10,000 but here) the stories are placed online as
/// articles arrive; the store that crosses the line batch by batch, and then forgets an article,
/// keeps what a rebuild keeps, and what a whole read shows.
#[test]
fn a_store_beyond_the_online_line_places_stories_and_equals_rebuild() {
    let Some(mut articles) = corpus(120) else { return };
    articles.truncate(90);
    for (i, article) in articles.iter_mut().enumerate() {
        article.metadata.at_uri = Some(format!("at://did:plc:test/site.standard.document/{i}"));
    }
    let jsons = annotations(&articles);
    let options = UpdateOptions { batch: 5, stories_online_from: Some(40), ..UpdateOptions::default() };
    let mut store = Store::open_in_memory().unwrap();
    let mut start = 0;
    for size in [30, 3, 20, 1, 36] {
        let end = start + size;
        store_batch(&mut store, &articles[start..end], &jsons[start..end]);
        update(&mut store, &options).unwrap();
        assert_eq!(placed_online(&store), end > 40, "after {end} articles");
        kept_stories_are_read(&store);
        start = end;
    }
    let (_, _, _, stories) = Ledger::read(&store).unwrap().counts();
    assert!(stories < articles.len(), "some articles share a story");
    let incremental = snapshot(&store);
    assert_eq!(incremental, rebuilt_with(&mut store, &options));

    // Forgetting an article places every other again, as if it had never been stored.
    assert!(store.delete_at_uri("at://did:plc:test/site.standard.document/7").unwrap());
    update(&mut store, &options).unwrap();
    kept_stories_are_read(&store);
    let after_delete = snapshot(&store);
    assert!(!after_delete.0.iter().any(|item| item.contains(articles[7].id.as_str())));
    assert_eq!(after_delete, rebuilt_with(&mut store, &options));

    // Back under the line the stories are grouped the whole way again, their online memory gone.
    let fewer = UpdateOptions { stories_online_from: Some(1_000), ..UpdateOptions::default() };
    assert!(store.delete_at_uri("at://did:plc:test/site.standard.document/8").unwrap());
    update(&mut store, &fewer).unwrap();
    assert!(!placed_online(&store));
    kept_stories_are_read(&store);
    assert_eq!(snapshot(&store), rebuilt_with(&mut store, &fewer));
}

#[test]
fn changed_annotations_are_read_again() {
    let Some(articles) = corpus(120) else { return };
    let articles = &articles[..60];
    let mut jsons = annotations(articles);
    let mut store = Store::open_in_memory().unwrap();
    store_batch(&mut store, articles, &jsons);
    update(&mut store, &UpdateOptions::default()).unwrap();
    // A newer extractor finds no claims in one article and one claim fewer in another.
    let mut emptied: hearsay_schema::ExtractOutput = serde_json::from_str(&jsons[3]).unwrap();
    emptied.claims.clear();
    jsons[3] = serde_json::to_string(&emptied).unwrap();
    let mut fewer: hearsay_schema::ExtractOutput = serde_json::from_str(&jsons[10]).unwrap();
    fewer.claims.pop();
    jsons[10] = serde_json::to_string(&fewer).unwrap();
    store_batch(&mut store, articles, &jsons);
    let report = update(&mut store, &UpdateOptions::default()).unwrap();
    assert_eq!(report.articles, 2, "only the two changed articles are read again");
    let incremental = snapshot(&store);
    assert!(!incremental.0.iter().any(|item| item.starts_with(&format!("c:{}:", articles[3].id))));
    assert_eq!(incremental, rebuilt(&mut store));
}

#[test]
fn deleting_an_article_equals_never_having_it() {
    let Some(mut articles) = corpus(120) else { return };
    articles.truncate(50);
    for (i, article) in articles.iter_mut().enumerate() {
        article.metadata.at_uri = Some(format!("at://did:plc:test/site.standard.document/{i}"));
    }
    let jsons = annotations(&articles);
    let mut store = Store::open_in_memory().unwrap();
    store_batch(&mut store, &articles, &jsons);
    update(&mut store, &UpdateOptions::default()).unwrap();
    assert!(store.delete_at_uri("at://did:plc:test/site.standard.document/7").unwrap());
    update(&mut store, &UpdateOptions::default()).unwrap();
    let after_delete = snapshot(&store);
    assert!(!after_delete.0.iter().any(|item| item.contains(articles[7].id.as_str())));
    kept_stories_are_read(&store);
    assert_eq!(after_delete, rebuilt(&mut store));
}

#[test]
fn near_identical_copies_count_once_and_stay_cheap() {
    let Some(articles) = corpus(120) else { return };
    // One wire story (a real PolNeAR article) syndicated 100 times, each copy with its own credit.
    let original = articles.iter().find(|a| annotate(a, &ExtractOptions::default()).claims.len() >= 5).unwrap().clone();
    let copies: Vec<Article> = (0..100)
        .map(|i| {
            // (A "The post appeared first on" footer would be removed by cleaning; a credit line stays.)
            let text = format!("{}\n\n(Outlet {i})", original.text.as_str());
            let mut metadata = original.metadata.clone();
            metadata.outlet = Some(format!("Outlet {i}"));
            hearsay_testdata::article(&text, hearsay_article::SourceRef::file(format!("copy-{i}.txt")), metadata)
        })
        .collect();
    let mut all = vec![original.clone()];
    all.extend(copies);
    let jsons = annotations(&all);
    let mut store = Store::open_in_memory().unwrap();
    let outcomes = store.insert_batch_annotated(&all, Some((hearsay_ledger::EXTRACT_SCHEMA, &jsons)), None).unwrap();
    assert!(outcomes[1..].iter().all(|o| matches!(o, hearsay_store::Inserted::NearDuplicate { .. })), "{outcomes:?}");
    let report = update(&mut store, &UpdateOptions::default()).unwrap();
    let claims_per_copy = annotate(&original, &ExtractOptions::default()).claims.len();
    // Each copied claim is linked to its original's claim and to nothing else.
    let edges = store.ledger_edges().unwrap();
    let sample: Vec<String> = edges
        .iter()
        .filter(|e| !e.a.contains(original.id.as_str()) && !e.b.contains(original.id.as_str()))
        .take(3)
        .map(|e| format!("{} {} {}", e.a, e.relation, e.b))
        .collect();
    assert!(
        report.links <= claims_per_copy * 100 + claims_per_copy * claims_per_copy,
        "{} links, copy-to-copy: {sample:?}",
        report.links
    );

    let ledger = Ledger::read(&store).unwrap();
    let stories = ledger.stories();
    assert_eq!(stories.len(), 1, "copies share their original's story");
    for proposition in ledger.propositions(&PropositionFilter::default()) {
        if proposition.claims.len() >= 101 {
            assert_eq!(proposition.articles, 1, "near-duplicates count once");
            assert!(proposition.origins.iter().all(|o| o.articles == 1), "{:?}", proposition.origins);
            verdict_follows_origins(proposition);
            if proposition.origins.len() == 1 && proposition.origins[0].stance == hearsay_schema::Stance::Affirm {
                assert_eq!(
                    proposition.verdict,
                    Verdict::Repeated,
                    "one origin in 101 copies is repeated, not corroborated"
                );
            }
        }
    }
    assert!(ledger
        .propositions(&PropositionFilter::default())
        .iter()
        .any(|p| p.claims.len() >= 101 && p.verdict == Verdict::Repeated));
    assert_eq!(snapshot(&store), rebuilt(&mut store));
}

#[test]
fn one_article_and_an_empty_store() {
    let mut store = Store::open_in_memory().unwrap();
    let report = update(&mut store, &UpdateOptions::default()).unwrap();
    assert_eq!(report.articles, 0);
    let ledger = Ledger::read(&store).unwrap();
    assert_eq!(ledger.counts(), (0, 0, 0, 0));
    assert!(ledger.entity("Russia").is_none());

    let Some(articles) = corpus(120) else { return };
    let one = &articles[..1];
    store_batch(&mut store, one, &annotations(one));
    let ledger = Ledger::load(&mut store).unwrap();
    assert_eq!(ledger.stories().len(), 1);
    for proposition in ledger.propositions(&PropositionFilter::default()) {
        assert_eq!(proposition.articles, 1);
        verdict_follows_origins(proposition);
        assert_ne!(proposition.verdict, Verdict::Repeated, "one article repeats nothing");
    }
}

/// The verdict is what the origins say: corroborated takes two origins affirming in two articles
/// that are not copies of each other (one article never corroborates itself).
fn verdict_follows_origins(proposition: &hearsay_ledger::Proposition) {
    let affirm = proposition.origins.iter().filter(|o| o.stance == hearsay_schema::Stance::Affirm).count();
    let deny = proposition.origins.iter().filter(|o| o.stance == hearsay_schema::Stance::Deny).count();
    let affirming_articles: std::collections::BTreeSet<&str> = proposition
        .claims
        .iter()
        .filter(|c| c.polarity == hearsay_schema::Stance::Affirm)
        .map(|c| c.copy_of.as_deref().unwrap_or(c.item.article.as_str()))
        .collect();
    let expected = match (affirm, deny) {
        (a, d) if a > 0 && d > 0 => vec![Verdict::Contested],
        (0, _) => vec![Verdict::Denied],
        (a, _) if a >= 2 && affirming_articles.len() >= 2 => vec![Verdict::Corroborated],
        _ => vec![Verdict::SingleSource, Verdict::Repeated],
    };
    assert!(
        expected.contains(&proposition.verdict),
        "{} is {:?} with origins {:?}",
        proposition.id,
        proposition.verdict,
        proposition.origins
    );
}

#[test]
fn verdicts_follow_origins_on_a_real_corpus() {
    let Some(articles) = corpus(120) else { return };
    let jsons = annotations(&articles);
    let mut store = Store::open_in_memory().unwrap();
    store_batch(&mut store, &articles, &jsons);
    let ledger = Ledger::load(&mut store).unwrap();
    let all = ledger.propositions(&PropositionFilter::default());
    for proposition in &all {
        verdict_follows_origins(proposition);
        assert!(proposition
            .claims
            .iter()
            .all(|c| c.polarity == hearsay_schema::Stance::Affirm || c.polarity == hearsay_schema::Stance::Deny));
        // Every claim points back into its article's text with an exact span.
        for claim in &proposition.claims {
            let span = claim.item.out.content_span;
            let article = articles.iter().find(|a| a.id.as_str() == claim.item.article).unwrap();
            assert_eq!(&article.text.as_str()[span.start as usize..span.end as usize], claim.item.out.content);
        }
    }
    // PolNeAR covers the 2016 campaign from many outlets: some propositions have several origins.
    assert!(all.iter().any(|p| p.origins.len() >= 2), "no proposition found in two sources");
}

#[test]
fn stories_do_not_chain_on_a_real_corpus() {
    // 84 PolNeAR articles of the 2016 campaign and 120 FNC-1 bodies about rumours of 2014: a story
    // that chains on shared names would swallow most of them; stories built around a centroid stay
    // small, and each has a title, outlets and dates from its own articles.
    let Some(articles) = corpus(120) else { return };
    let jsons = annotations(&articles);
    let mut store = Store::open_in_memory().unwrap();
    store_batch(&mut store, &articles, &jsons);
    let ledger = Ledger::load(&mut store).unwrap();
    let stories = ledger.stories();
    let largest = stories[0].articles.len();
    assert!(largest * 5 < articles.len(), "the largest story holds {largest} of {} articles", articles.len());
    assert!(stories.iter().filter(|s| s.articles.len() >= 2).count() >= 10, "related articles still meet");
    for story in &stories {
        let ids: Vec<&str> = story.articles.iter().map(|a| a.id.as_str()).collect();
        if let Some(title) = &story.title {
            assert!(
                story.articles.iter().any(|a| a.title.as_ref() == Some(title)),
                "{} title {title} is none of its headlines",
                story.id
            );
        }
        let outlets: std::collections::BTreeSet<&str> =
            story.articles.iter().filter_map(|a| a.outlet.as_deref()).collect();
        assert_eq!(
            story.outlets.iter().map(String::as_str).collect::<std::collections::BTreeSet<_>>(),
            outlets,
            "{ids:?}"
        );
        assert_eq!(story.first, story.articles.iter().filter_map(|a| a.published.clone()).min());
    }
}

#[test]
fn claims_cached_across_transactions_are_read_again_after_another_writer() {
    // An update keeps the claims it parsed from one transaction to the next. Another process
    // may write the ledger in between (here: a second connection that rewrites a stored claim,
    // as an update that read its article again would, and counts its write); the next
    // transaction must then compare with the claim as stored, not as cached.
    let Some(articles) = corpus(0) else { return };
    let first = &articles[0];
    let output = annotate(first, &ExtractOptions::default());
    let text = first.text.as_str();
    // A claim whose claimant is named in the claim's own paragraph, and that paragraph.
    let (claim, paragraph) = output
        .claims
        .iter()
        .find_map(|claim| {
            let span = claim.claimant.span?;
            let start = text[..span.start as usize].rfind('\n').map_or(0, |i| i + 1);
            let end = text[claim.content_span.end as usize..]
                .find('\n')
                .map_or(text.len(), |i| i + claim.content_span.end as usize);
            (claim.claimant.kind == hearsay_schema::ClaimantKind::Person && start <= claim.content_span.start as usize)
                .then(|| (claim.id.clone(), text[start..end].to_owned()))
        })
        .unwrap();
    // A second article that repeats that paragraph after text of its own: its claim is the same.
    let second = hearsay_testdata::article(
        &format!("{}\n\n{paragraph}", articles[1].text.as_str()),
        hearsay_article::SourceRef::file("repeats-a-paragraph.txt"),
        articles[1].metadata.clone(),
    );
    let unrelated = &articles[2];
    let stored = [first.clone(), unrelated.clone(), second];
    let jsons = annotations(&stored);
    let key = format!("c:{}:{claim}", first.id);
    let same_edges = |store: &Store| -> usize {
        store
            .ledger_edges()
            .unwrap()
            .into_iter()
            .filter(|edge| edge.relation == "same" && (edge.a == key || edge.b == key))
            .filter(|edge| edge.a.contains(stored[2].id.as_str()) || edge.b.contains(stored[2].id.as_str()))
            .count()
    };
    let dir = tempfile::tempdir().unwrap();
    // Read alone, one article a transaction, the repeated paragraph joins the first claim.
    let plain = dir.path().join("plain.db");
    let mut store = Store::open(&plain).unwrap();
    store_batch(&mut store, &stored, &jsons);
    update(&mut store, &UpdateOptions { batch: 1, ..UpdateOptions::default() }).unwrap();
    assert!(same_edges(&store) > 0, "the repeated paragraph's claim is the same claim");

    // Now another writer replaces the first claim with an unrelated one after the first
    // transaction: the repeated paragraph no longer matches what is stored.
    let path = dir.path().join("rewritten.db");
    let mut store = Store::open(&path).unwrap();
    store_batch(&mut store, &stored, &jsons);
    let unrelated_claim = {
        let mut scratch = Store::open_in_memory().unwrap();
        store_batch(&mut scratch, std::slice::from_ref(unrelated), &jsons[1..2]);
        update(&mut scratch, &UpdateOptions::default()).unwrap();
        scratch.ledger_items().unwrap().into_iter().find(|item| item.key.starts_with("c:")).unwrap().json
    };
    let rewrite = |read: usize| {
        if read != 1 {
            return;
        }
        let mut other = Store::open(&path).unwrap();
        let writer = other.ledger_writer().unwrap();
        let writes: u64 = writer.state("writes").unwrap().unwrap().parse().unwrap();
        let item =
            hearsay_store::LedgerItem { key: key.clone(), article_seq: 1, json: unrelated_claim.clone(), vector: None };
        writer.put_item(&item, &[], None).unwrap();
        writer.set_state("writes", &(writes + 1).to_string()).unwrap();
        writer.commit().unwrap();
    };
    update(&mut store, &UpdateOptions { batch: 1, progress: Some(&rewrite), ..UpdateOptions::default() }).unwrap();
    assert_eq!(same_edges(&store), 0, "the claim is compared as stored by the other writer");
}
