//! Times one ledger update of a store, alone: what `hearsay ledger` does before it reads, without
//! the read. For profiling the update on a kept store (the scale example's `--keep DIR`):
//!
//!   cargo run -p hearsay-ledger --example update_store -- STORE.db [--fresh] [--batch N]
//!
//! `--fresh` drops the store's ledger first, so the update reads every article (a rebuild);
//! `--batch N` reads N articles per transaction (the default: `UpdateOptions`'s).
//! Prints the report and the wall and CPU seconds (user and system, this process) as JSON.
#![expect(clippy::print_stdout, clippy::print_stderr, reason = "a developer tool: its output is the point")]
#![allow(clippy::unwrap_used)]

use std::time::Instant;

use hearsay_ledger::{update, UpdateOptions};
use hearsay_store::Store;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first().filter(|a| !a.starts_with("--")) else {
        eprintln!("usage: update_store STORE.db [--fresh] [--batch N]");
        std::process::exit(2);
    };
    let mut store = Store::open(std::path::Path::new(path)).unwrap();
    if args.iter().any(|a| a == "--fresh") {
        store.ledger_reset().unwrap();
    }
    let cpu_started = hearsay_testdata::cpu_seconds();
    let started = Instant::now();
    let batch = args.iter().position(|a| a == "--batch").and_then(|i| args.get(i + 1)).and_then(|n| n.parse().ok());
    let options = UpdateOptions { batch: batch.unwrap_or(0), ..UpdateOptions::default() };
    let report = update(&mut store, &options).unwrap();
    let seconds = started.elapsed().as_secs_f64();
    let cpu = hearsay_testdata::cpu_seconds() - cpu_started;
    println!(
        "{}",
        serde_json::json!({"articles": report.articles, "claims": report.claims, "links": report.links,
                           "seconds": seconds, "cpu_seconds": cpu})
    );
}
