//! Issue #18: a record that runs past its time budget costs its claims, not the batch. With a
//! budget of zero every article of the seeds is over it: each is stored, without claims, with a
//! diagnostic naming the budget; with the default budget the same articles get their claims.

use std::path::PathBuf;
use std::time::Duration;

use hearsay_pipeline::{ingest, IngestOptions, EXTRACT_SCHEMA};
use hearsay_store::{ListFilter, Store};

fn seeds() -> Option<PathBuf> {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/seeds"));
    if path.is_dir() {
        return Some(path);
    }
    assert!(std::env::var_os("CI").is_none(), "CI must have ../shared/data/seeds");
    None
}

/// Each stored article's layer: (claims, diagnostic codes).
fn layers(store: &Store) -> Vec<(usize, Vec<String>)> {
    let articles = store.list(&ListFilter { limit: 100, ..ListFilter::default() }).expect("list");
    articles
        .iter()
        .map(|article| {
            let json = store.annotations(&article.id, EXTRACT_SCHEMA).expect("read").expect("a layer for each article");
            let value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
            let claims = value["claims"].as_array().map_or(0, Vec::len);
            let codes = value["diagnostics"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|d| d["code"].as_str().map(str::to_owned))
                .collect();
            (claims, codes)
        })
        .collect()
}

#[test]
fn an_article_over_its_time_budget_is_stored_without_claims_and_the_batch_goes_on() {
    let Some(seeds) = seeds() else { return };
    let mut over = Store::open_in_memory().expect("store");
    let options = IngestOptions { record_time: Some(Duration::ZERO), ..IngestOptions::default() };
    let summary = ingest(std::slice::from_ref(&seeds), &mut over, &options, &mut |_| {}).expect("ingest");
    assert_eq!(summary.stored, 3, "{summary:?}");
    assert!(summary.failures.is_empty(), "{summary:?}");
    for (claims, codes) in layers(&over) {
        assert_eq!(claims, 0);
        assert_eq!(codes, ["claims/over-budget"]);
    }

    let mut within = Store::open_in_memory().expect("store");
    ingest(&[seeds], &mut within, &IngestOptions::default(), &mut |_| {}).expect("ingest");
    let layers = layers(&within);
    assert_eq!(layers.len(), 3);
    assert!(layers.iter().all(|(claims, codes)| *claims > 0 && !codes.iter().any(|c| c == "claims/over-budget")));
}
