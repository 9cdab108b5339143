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
