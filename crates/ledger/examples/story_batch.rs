//! The cost of one ledger update batch as the store grows, with the stories placed online (what
//! a store beyond `ONLINE_FROM` articles does) and grouped the whole way (what a smaller store
//! does): online, a batch of new articles should cost the same on a store of 1,000 articles as on
//! one of 10,000; grouped the whole way, it costs the store's size.
//!
//!   cargo run -p hearsay-ledger --example story_batch -- [--sizes 1000,10000] [--batch 64]
//!
//! The texts are real (PolNeAR train and dev, FNC-1 and ARC bodies, and both halves of the longer
//! ones, as in the ledger benchmark), each its own article. Their annotations are the text alone
//! (no entities, no claims: `ExtractOutput::new` without the language stages), so what is timed
//! is the update's story step and its bookkeeping, not claim linking or extraction. For each
//! size, in the same run: the update that reads the whole store (the first); one batch of new
//! articles read with the stories grouped over the whole store again (`whole_seconds`: what
//! every batch costs up to `ONLINE_FROM`); and a second batch read with the stories placed
//! online (`online_seconds`, what every batch costs beyond it). Between the two, the stories of
//! the whole store are placed online again (`replay_seconds`: what the first update beyond
//! `ONLINE_FROM` costs, and the next update after the store forgot an article).
#![expect(clippy::print_stdout, clippy::print_stderr, reason = "a developer tool: its output is the point")]
#![allow(clippy::unwrap_used)]

use std::time::Instant;

use hearsay_article::Article;
use hearsay_ledger::{update, UpdateOptions, EXTRACT_SCHEMA};
use hearsay_schema::ExtractOutput;
use hearsay_store::Store;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let sizes: Vec<usize> = value("--sizes")
        .unwrap_or_else(|| "1000,10000".to_owned())
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    let batch: usize = value("--batch").and_then(|n| n.parse().ok()).unwrap_or(64);
    let Some(data) = hearsay_testdata::data() else { return };
    let mut articles: Vec<Article> = hearsay_testdata::polnear(&data, "train");
    articles.extend(hearsay_testdata::polnear(&data, "dev"));
    articles.extend(hearsay_testdata::bodies(&data, "stance/fnc1/train_bodies.csv"));
    articles.extend(hearsay_testdata::bodies(&data, "stance/arc/arc_bodies.csv"));
    let halves = hearsay_testdata::halves(&articles);
    articles.extend(halves);
    let mut reports = Vec::new();
    for &size in &sizes {
        let wanted = size + 2 * batch;
        assert!(articles.len() >= wanted, "only {} texts", articles.len());
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("batch.db");
        let mut store = Store::open(&db).unwrap();
        let insert = |store: &mut Store, part: &[Article]| {
            for chunk in part.chunks(500) {
                let jsons: Vec<String> = chunk
                    .iter()
                    .map(|a| serde_json::to_string(&ExtractOutput::new(a, Vec::new(), Vec::new(), Vec::new())).unwrap())
                    .collect();
                store.insert_batch_annotated(chunk, Some((EXTRACT_SCHEMA, &jsons)), None).unwrap();
            }
        };
        let online = UpdateOptions { stories_online_from: Some(0), ..UpdateOptions::default() };
        let whole = UpdateOptions { stories_online_from: Some(usize::MAX), ..UpdateOptions::default() };
        insert(&mut store, &articles[..size]);
        let started = Instant::now();
        update(&mut store, &whole).unwrap();
        let first_seconds = started.elapsed().as_secs_f64();
        // A batch with the stories grouped over the whole store again.
        insert(&mut store, &articles[size..size + batch]);
        let started = Instant::now();
        let report = update(&mut store, &whole).unwrap();
        let whole_seconds = started.elapsed().as_secs_f64();
        // The store's stories placed online (untimed: once, as when a store crosses the line),
        // then the next batch placed online.
        let writer = store.ledger_writer().unwrap();
        writer.set_state("stories", "").unwrap();
        writer.commit().unwrap();
        let started = Instant::now();
        update(&mut store, &online).unwrap();
        let replay_seconds = started.elapsed().as_secs_f64();
        insert(&mut store, &articles[size + batch..wanted]);
        let started = Instant::now();
        update(&mut store, &online).unwrap();
        let online_seconds = started.elapsed().as_secs_f64();
        let mut story_items = 0usize;
        let mut story_bytes = 0usize;
        for prefix in ["s:", "sc:", "sf:", "sg:", "sp:"] {
            store
                .ledger_items_each(prefix, &mut |item| {
                    story_items += 1;
                    story_bytes += item.key.len() + item.json.len();
                })
                .unwrap();
        }
        let last = store.stats().unwrap().articles;
        drop(store);
        let store_bytes = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0)
            + std::fs::metadata(dir.path().join("batch.db-wal")).map(|m| m.len()).unwrap_or(0);
        let row = serde_json::json!({
            "articles": last,
            "batch": report.articles,
            "first_update_seconds": first_seconds,
            "online_seconds": online_seconds,
            "whole_seconds": whole_seconds,
            "replay_seconds": replay_seconds,
            "online_to_whole": online_seconds / whole_seconds,
            "story_items": story_items,
            "story_item_mb": story_bytes as f64 / 1e6,
            "store_mb": store_bytes as f64 / 1e6,
        });
        eprintln!("{row}");
        reports.push(row);
    }
    println!("{}", serde_json::to_string_pretty(&reports).unwrap());
}
