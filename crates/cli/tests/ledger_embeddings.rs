//! The ledger with sentence embeddings (all-MiniLM-L6-v2): paraphrases with the same frame meet,
//! the seed propositions stay apart, and incremental still equals rebuild.
//!
//! Skips where the model is not installed, except in CI (`CI` or `HEARSAY_REQUIRE_MINILM` set).

#![allow(clippy::unwrap_used)]

use hearsay_embed::Embedder;
use hearsay_ledger::{update, Embed, Ledger, PropositionFilter, UpdateOptions};
use hearsay_pipeline::{ingest, IngestOptions};
use hearsay_store::Store;

struct MiniLm(Embedder);

impl Embed for MiniLm {
    fn id(&self) -> &str {
        "all-MiniLM-L6-v2"
    }
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, String> {
        self.0.embed(texts).map_err(|e| e.to_string())
    }
}

fn model() -> Option<MiniLm> {
    match Embedder::locate() {
        Ok(embedder) => Some(MiniLm(embedder)),
        Err(error) => {
            hearsay_testdata::skip_without_minilm(&error);
            None
        }
    }
}

#[test]
fn embeddings_keep_the_seed_propositions_apart_and_stay_incremental() {
    let (Some(data), Some(model)) = (hearsay_testdata::data(), model()) else { return };
    let options = UpdateOptions { embedder: Some(&model), ..UpdateOptions::default() };
    let mut store = Store::open_in_memory().unwrap();
    ingest(&[hearsay_testdata::seeds(&data)], &mut store, &IngestOptions::default(), &mut |_| {}).unwrap();
    let mut articles = hearsay_testdata::polnear(&data, "dev");
    articles.truncate(30);
    let first = update(&mut store, &options).unwrap();
    assert_eq!(first.articles, 3);
    // More articles later, read incrementally.
    let jsons: Vec<String> = articles
        .iter()
        .map(|a| serde_json::to_string(&hearsay_nlp::annotate(a, &hearsay_nlp::ExtractOptions::default())).unwrap())
        .collect();
    store.insert_batch_annotated(&articles, Some((hearsay_ledger::EXTRACT_SCHEMA, &jsons)), None).unwrap();
    update(&mut store, &options).unwrap();
    assert!(store
        .ledger_items()
        .unwrap()
        .iter()
        .filter(|item| item.key.starts_with("c:"))
        .all(|item| item.vector.as_ref().is_some_and(|v| v.len() == 384 * 4)));

    let ledger = Ledger::read(&store).unwrap();
    let all = ledger.propositions(&PropositionFilter::default());
    let holding = |words: &str| {
        all.iter().find(|p| p.claims.iter().any(|c| c.item.out.content.contains(words))).unwrap().id.clone()
    };
    assert_ne!(holding("Russia may have provided Israel"), holding("Moscow supplied Tehran"));
    let incremental = serde_json::to_string(&all).unwrap();

    store.ledger_reset().unwrap();
    let report = update(&mut store, &options).unwrap();
    assert_eq!(report.articles, 33);
    let rebuilt =
        serde_json::to_string(&Ledger::read(&store).unwrap().propositions(&PropositionFilter::default())).unwrap();
    assert_eq!(incremental, rebuilt);

    // A ledger built with embeddings is rebuilt when read without them (the settings differ).
    let report = update(&mut store, &UpdateOptions::default()).unwrap();
    assert!(report.rebuilt && report.articles == 33);
}
