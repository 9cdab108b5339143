//! Insert throughput of the store on ~11,000 real texts, with full-text indexing and
//! near-duplicate detection, on one core.
//!
//! Run with `cargo run --release -p hearsay-store --example throughput [-- DB_PATH]`.
//! The corpus: PolNeAR texts (all splits here), FNC-1 and ARC bodies, and, to pass 10,000, the
//! first and second halves (by paragraph) of the texts with six paragraphs or more, as the
//! pipeline's ingest benchmark builds it. Each becomes an `Article` with `Article::plain` (identity clean text).
#![expect(clippy::print_stdout, reason = "a developer tool: its output is the point")]
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use hearsay_article::{Article, Metadata, SourceRef};
use hearsay_store::{Inserted, Store};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");

fn main() {
    let data = Path::new(DATA);
    if !data.exists() {
        println!("skipping: ../shared/data not found");
        return;
    }
    let mut texts: Vec<(String, String)> = Vec::new();
    for split in ["train", "dev", "annotator-training"] {
        let dir = data.join("attribution/polnear").join(split).join("text");
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|entry| entry.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            texts.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
        }
    }
    for file in ["stance/fnc1/train_bodies.csv", "stance/arc/arc_bodies.csv"] {
        let path = data.join(file);
        let mut reader = csv::Reader::from_path(&path).unwrap();
        for row in reader.records() {
            let row = row.unwrap();
            texts.push((format!("{}#{}", path.display(), &row[0]), row[1].to_owned()));
        }
    }
    let originals = texts.len();
    for i in 0..originals {
        let (name, text) = texts[i].clone();
        let paragraphs: Vec<&str> = text.split('\n').filter(|line| !line.trim().is_empty()).collect();
        if paragraphs.len() >= 6 {
            let middle = paragraphs.len() / 2;
            texts.push((format!("{name} part 1"), paragraphs[..middle].join("\n")));
            texts.push((format!("{name} part 2"), paragraphs[middle..].join("\n")));
        }
    }
    let articles: Vec<Article> = texts
        .iter()
        .map(|(name, text)| {
            Article::plain(
                text,
                SourceRef::file(name.clone()),
                Metadata { title: text.lines().next().map(str::to_owned), ..Metadata::default() },
            )
        })
        .collect();
    let megabytes = texts.iter().map(|(_, text)| text.len()).sum::<usize>() as f64 / 1e6;

    // The near-duplicate signatures alone, for the breakdown.
    let hasher = hearsay_link::MinHasher::new();
    let started = Instant::now();
    let signatures: usize = articles.iter().map(|article| hasher.signature(article.text.as_str()).0.len()).sum();
    let signing = started.elapsed().as_secs_f64();
    std::hint::black_box(signatures);

    let dir = std::env::temp_dir().join(format!("hearsay-throughput-{}", std::process::id()));
    let db = std::env::args().nth(1).map(PathBuf::from).unwrap_or_else(|| dir.join("throughput.db"));
    let _ = std::fs::remove_file(&db);
    let mut store = Store::open(&db).unwrap();
    let start = Instant::now();
    let (mut new, mut existing, mut near) = (0, 0, 0);
    for batch in articles.chunks(256) {
        for outcome in store.insert_batch(batch).unwrap() {
            match outcome {
                Inserted::New => new += 1,
                Inserted::Existing => existing += 1,
                Inserted::NearDuplicate { .. } => near += 1,
            }
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    drop(store);
    let size = |path: &Path| std::fs::metadata(path).map(|meta| meta.len()).unwrap_or(0);
    let wal = db.with_extension("db-wal");
    println!(
        "{} texts ({megabytes:.1} MB): {new} new, {near} near-duplicates, {existing} already stored",
        articles.len()
    );
    println!(
        "{:.2}s = {:.0} articles/s, {:.1} MB/s (batches of 256, FTS5 and near-duplicates included)",
        seconds,
        articles.len() as f64 / seconds,
        megabytes / seconds
    );
    println!("of which MinHash signatures alone take {signing:.2}s");
    println!("database {:.1} MB (+ WAL {:.1} MB) at {}", size(&db) as f64 / 1e6, size(&wal) as f64 / 1e6, db.display());
    let started = Instant::now();
    let store = Store::open(&db).unwrap();
    let hits = store.search("said", &hearsay_store::ListFilter { limit: 20, ..Default::default() }).unwrap();
    println!(
        "search \"said\" (top 20 of a common word): {} hits in {:.1} ms",
        hits.len(),
        started.elapsed().as_secs_f64() * 1e3
    );
    if std::env::args().nth(1).is_none() {
        drop(store);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
