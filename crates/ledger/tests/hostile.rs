//! Input that would make the ledger quadratic: one article of one sentence repeated to 2 MB. Its
//! identical claims collapse into one claim with a count before anything is linked, so the ledger
//! update takes moments and stores a handful of items.

#![allow(clippy::unwrap_used)]

use hearsay_article::{Metadata, SourceRef};
use hearsay_ledger::{update, Ledger, PropositionFilter, UpdateOptions};
use hearsay_nlp::{annotate, ExtractOptions};
use hearsay_store::Store;

#[test]
fn one_sentence_repeated_to_two_megabytes_is_one_claim() {
    let sentence = "Officials said Russia gave Israel the Iranian air-defense data. ";
    let repeats = 2_000_000 / sentence.len();
    // The extractor's output for the long article, built from its output for one sentence (each
    // claim and mention shifted to its copy), as the extractor gives it: the extractor's own cost is
    // not what this test measures.
    let metadata = Metadata { outlet: Some("Hostile Outlet".into()), ..Metadata::default() };
    let one = hearsay_testdata::article(sentence, SourceRef::file("one.txt"), metadata.clone());
    let single = annotate(&one, &ExtractOptions::default());
    assert_eq!(single.claims.len(), 1, "{:?}", single.claims);
    let text = sentence.repeat(repeats);
    let article = hearsay_testdata::article(&text, SourceRef::file("hostile.txt"), metadata);
    let mut output = single.clone();
    output.document.id = article.id.to_string();
    output.document.text.clone_from(&text);
    output.claims.clear();
    for entity in &mut output.entities {
        entity.mentions.clear();
    }
    let step = sentence.len() as u32;
    for i in 0..repeats as u32 {
        let mut claim = single.claims[0].clone();
        claim.id = format!("c{}", i + 1);
        claim.content_span.start += i * step;
        claim.content_span.end += i * step;
        claim.sentence = i;
        output.claims.push(claim);
        for (entity, original) in output.entities.iter_mut().zip(&single.entities) {
            for mention in &original.mentions {
                let mut shifted = *mention;
                shifted.start += i * step;
                shifted.end += i * step;
                entity.mentions.push(shifted);
            }
        }
    }
    let json = serde_json::to_string(&output).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    store.insert_batch_annotated(&[article], Some((hearsay_ledger::EXTRACT_SCHEMA, &[json])), None).unwrap();

    let started = std::time::Instant::now();
    let report = update(&mut store, &UpdateOptions::default()).unwrap();
    let took = started.elapsed();
    assert_eq!(report.articles, 1);
    assert!(took.as_secs() < 20, "the ledger update took {took:?}");
    let items = store.ledger_items().unwrap();
    let claims: Vec<_> = items.iter().filter(|item| item.key.starts_with("c:")).collect();
    assert_eq!(claims.len(), 1, "identical claims collapse into one");
    assert!(claims[0].json.contains(&format!("\"repeats\":{}", repeats - 1)), "with a count");
    assert!(store.ledger_edges().unwrap().is_empty(), "nothing to link");
    let stored: usize = items.iter().map(|item| item.json.len()).sum();
    assert!(stored < 64_000, "the ledger stores {stored} bytes for it");
    let ledger = Ledger::read(&store).unwrap();
    assert_eq!(ledger.propositions(&PropositionFilter::default()).len(), 1);
}

/// Hundreds of articles whose claims share index terms (one agent, one relation): each new claim
/// is compared with at most [`TERM_CANDIDATES`] stored claims per term, so the links stay bounded
/// per claim; and reading the articles in runs gives what reading them all at once gives.
#[test]
fn claims_sharing_a_term_have_bounded_candidates_and_incremental_equals_rebuild() {
    use hearsay_ledger::TERM_CANDIDATES;
    let count = TERM_CANDIDATES + 60;
    let mut articles = Vec::new();
    let mut jsons = Vec::new();
    for i in 0..count {
        // Distinct filler keeps the articles from being near-duplicates of one another.
        let filler: Vec<String> = (0..40).map(|k| format!("marker{i}x{k}")).collect();
        let text = format!("Officials said Russia gave Israel the Iranian air-defense data. {}.", filler.join(" "));
        let metadata = Metadata { outlet: Some(format!("Outlet {i}")), ..Metadata::default() };
        let article = hearsay_testdata::article(&text, SourceRef::file(format!("a{i}.txt")), metadata);
        jsons.push(serde_json::to_string(&annotate(&article, &ExtractOptions::default())).unwrap());
        articles.push(article);
    }
    let edges = |store: &Store| -> Vec<String> {
        store.ledger_edges().unwrap().into_iter().map(|e| format!("{} {} {}", e.a, e.relation, e.b)).collect()
    };
    // In runs of 40 articles, updating after each run.
    let mut store = Store::open_in_memory().unwrap();
    for (chunk, chunk_jsons) in articles.chunks(40).zip(jsons.chunks(40)) {
        store.insert_batch_annotated(chunk, Some((hearsay_ledger::EXTRACT_SCHEMA, chunk_jsons)), None).unwrap();
        update(&mut store, &UpdateOptions::default()).unwrap();
    }
    let incremental = edges(&store);
    let claims = store.ledger_items().unwrap().iter().filter(|item| item.key.starts_with("c:")).count();
    assert!(claims >= count, "one claim an article at least: {claims}");
    // Without the bound every pair would be linked: count * (count - 1) / 2 links.
    let per_claim = incremental.len() as f64 / claims as f64;
    assert!(per_claim <= 2.0 * TERM_CANDIDATES as f64, "{per_claim} links a claim");
    assert!(incremental.len() < count * (count - 1) / 2, "{} links: the bound was not reached", incremental.len());
    // All at once, from scratch.
    store.ledger_reset().unwrap();
    update(&mut store, &UpdateOptions::default()).unwrap();
    assert_eq!(edges(&store), incremental);
}
