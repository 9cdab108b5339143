//! Ledger throughput on real articles, and one article's incremental update against a rebuild.
//!
//! `cargo bench -p hearsay-ledger --bench ledger` (add `-- --articles N` for a smaller run).
//!
//! The corpus is every real text in `../shared/data`: PolNeAR train and dev, FNC-1 and ARC
//! bodies (over 10,000 articles). They are annotated and stored first (not timed here: that is
//! the ingest benchmark's business). Then each step runs in a fresh child process of this
//! binary, so that its peak memory (VmHWM) is its own:
//!
//! * `baseline`: read every stored annotation and parse its JSON: the least any ledger must do;
//! * `rebuild`: drop the ledger and build it from all stored articles;
//! * `incremental`: store one more article and bring the ledger up to date;
//! * `read`: read the whole ledger (propositions, stories) as `hearsay ledger` does.
//!
//! Times are also given as ratios to the baseline of the same run, since the machine is shared.
#![expect(clippy::print_stdout, clippy::print_stderr, reason = "a developer tool: its output is the point")]
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use hearsay_article::Article;
use hearsay_ledger::{update, Ledger, PropositionFilter, UpdateOptions, EXTRACT_SCHEMA};
use hearsay_nlp::{annotate, ExtractOptions};
use hearsay_store::Store;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(position) = args.iter().position(|a| a == "--child") {
        child(&args[position + 1], Path::new(&args[position + 2]));
        return;
    }
    let limit = args
        .iter()
        .position(|a| a == "--articles")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX);
    let Some(data) = hearsay_testdata::data() else { return };
    let mut dev = hearsay_testdata::polnear(&data, "dev");
    // The article added incrementally: real election news with claims, after the corpus.
    let held_out = dev.remove(0);
    let mut articles: Vec<Article> = hearsay_testdata::polnear(&data, "train");
    articles.extend(dev);
    articles.extend(hearsay_testdata::bodies(&data, "stance/fnc1/train_bodies.csv"));
    articles.extend(hearsay_testdata::bodies(&data, "stance/arc/arc_bodies.csv"));
    // Over 10,000 articles: both halves of the longer texts as articles of their own (as in the
    // ingest benchmark), real sentences in a new arrangement.
    let halves = hearsay_testdata::halves(&articles);
    articles.extend(halves);
    articles.truncate(limit);

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.db");
    eprintln!("annotating and storing {} articles...", articles.len());
    let started = Instant::now();
    {
        let mut store = Store::open(&db).unwrap();
        for chunk in articles.chunks(512) {
            let jsons: Vec<String> = chunk
                .iter()
                .map(|a| serde_json::to_string(&annotate(a, &ExtractOptions::default())).unwrap())
                .collect();
            store.insert_batch_annotated(chunk, Some((EXTRACT_SCHEMA, &jsons)), None).unwrap();
        }
    }
    eprintln!("  done in {:.1} s", started.elapsed().as_secs_f64());
    let held_out_path = dir.path().join("held_out.json");
    let held_out_json = serde_json::to_string(&annotate(&held_out, &ExtractOptions::default())).unwrap();
    std::fs::write(&held_out_path, serde_json::to_string(&(held_out, held_out_json)).unwrap()).unwrap();

    let run = |step: &str| -> serde_json::Value {
        let output =
            Command::new(std::env::current_exe().unwrap()).args(["--child", step]).arg(dir.path()).output().unwrap();
        assert!(output.status.success(), "{step}: {}", String::from_utf8_lossy(&output.stderr));
        serde_json::from_slice(&output.stdout).unwrap()
    };
    let baseline = run("baseline");
    let rebuild = run("rebuild");
    let incremental = run("incremental");
    let read = run("read");
    let seconds = |v: &serde_json::Value| v["seconds"].as_f64().unwrap();
    let base = seconds(&baseline);
    let report = serde_json::json!({
        "articles": articles.len(),
        "baseline": baseline,
        "rebuild": rebuild,
        "incremental": incremental,
        "read": read,
        "rebuild_articles_per_second": articles.len() as f64 / seconds(&rebuild),
        "rebuild_x_baseline": seconds(&rebuild) / base,
        "incremental_x_baseline": seconds(&incremental) / base,
        "incremental_fraction_of_rebuild": seconds(&incremental) / seconds(&rebuild),
        "read_x_baseline": seconds(&read) / base,
    });
    println!("{}", serde_json::to_string_pretty(&report).unwrap());
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/ledger-bench.json");
    std::fs::write(&out, serde_json::to_string_pretty(&report).unwrap()).unwrap();
    eprintln!("written to {}", out.display());
}

/// One timed step in its own process; prints `{seconds, peak_rss_mb, ...}`.
fn child(step: &str, dir: &Path) {
    let db = dir.join("bench.db");
    let mut store = Store::open(&db).unwrap();
    let started = Instant::now();
    let mut extra = serde_json::json!({});
    match step {
        "baseline" => {
            let mut claims = 0;
            for (_, json) in store.all_annotations(EXTRACT_SCHEMA).unwrap() {
                let output: hearsay_schema::ExtractOutput = serde_json::from_str(&json).unwrap();
                claims += output.claims.len();
            }
            extra = serde_json::json!({ "claims": claims });
        }
        "rebuild" => {
            store.ledger_reset().unwrap();
            let report = update(&mut store, &UpdateOptions::default()).unwrap();
            extra =
                serde_json::json!({ "articles_read": report.articles, "claims": report.claims, "links": report.links });
        }
        "incremental" => {
            let (article, json): (Article, String) =
                serde_json::from_str(&std::fs::read_to_string(dir.join("held_out.json")).unwrap()).unwrap();
            // Storing is ingest's cost; the ledger's is the update.
            store.insert_batch_annotated(&[article], Some((EXTRACT_SCHEMA, &[json])), None).unwrap();
            let started = Instant::now();
            let report = update(&mut store, &UpdateOptions::default()).unwrap();
            let seconds = started.elapsed().as_secs_f64();
            println!(
                "{}",
                serde_json::json!({ "seconds": seconds, "peak_rss_mb": peak_rss_mb(), "articles_read": report.articles, "claims": report.claims, "links": report.links })
            );
            return;
        }
        "read" => {
            let ledger = Ledger::read(&store).unwrap();
            let propositions = ledger.propositions(&PropositionFilter::default());
            let multi = propositions.iter().filter(|p| p.origins.len() >= 2).count();
            let (articles, claims, propositions_n, stories) = ledger.counts();
            let multi_article_stories = ledger.stories().iter().filter(|s| s.articles.len() >= 2).count();
            extra = serde_json::json!({
                "articles": articles, "claims": claims, "propositions": propositions_n, "stories": stories,
                "propositions_with_2_or_more_origins": multi, "stories_with_2_or_more_articles": multi_article_stories,
            });
        }
        other => panic!("unknown step {other}"),
    }
    let seconds = started.elapsed().as_secs_f64();
    let mut value = serde_json::json!({ "seconds": seconds, "peak_rss_mb": peak_rss_mb() });
    value.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    println!("{value}");
}

/// Peak resident memory of this process, from /proc (Linux), in MiB.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
