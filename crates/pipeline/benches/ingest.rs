//! Ingest throughput and peak memory on a corpus of 10,000+ real articles, against a baseline
//! that only reads and hashes the same files, in the same run.
//!
//! Run with `cargo bench -p hearsay-pipeline --bench ingest` (add `-- --quick` for a small corpus).
//! The corpus is written to a temporary folder from `../shared/data`: PolNeAR texts, FNC-1 and ARC
//! bodies (each under its first real headline), the extraction benchmark's HTML pages, and, to pass
//! 10,000 distinct articles, the first and second halves (by paragraph) of the longer texts, which
//! are real prose with distinct content hashes.
//!
//! Memory is read from `/proc/self/status` (VmHWM, the peak resident set) in a child process per
//! corpus size, so each figure is that run's own peak.
#![expect(clippy::print_stdout, reason = "a developer tool: its output is the point")]

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use hearsay_pipeline::{ingest, IngestOptions};
use hearsay_store::Store;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");

fn main() {
    if let Ok(spec) = std::env::var("HEARSAY_BENCH_CHILD") {
        child(&spec);
        return;
    }
    let quick = std::env::args().any(|arg| arg == "--quick");
    let data = Path::new(DATA);
    if !data.exists() {
        println!("skipping: ../shared/data not found");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = write_corpus(data, dir.path(), quick);
    println!(
        "corpus: {} text files ({:.1} MB), {} html files ({:.1} MB)",
        corpus.text.len(),
        mb(&corpus.text),
        corpus.html.len(),
        mb(&corpus.html)
    );

    println!("\n== throughput (one thread), baseline = read + BLAKE3 hash of the same files");
    let runs = [
        ("text, store only", &corpus.text, false),
        ("text + claims", &corpus.text, true),
        ("html + claims", &corpus.html, true),
    ];
    for (i, (label, files, extract)) in runs.into_iter().enumerate() {
        let baseline = time_baseline(files);
        let (seconds, stored) = time_ingest(files, &dir.path().join(format!("run-{i}.db")), extract);
        let megabytes = mb(files);
        println!(
            "{label:<16}: {stored} articles in {seconds:.2}s = {:.0} articles/s, {:.1} MB/s; baseline {:.0} files/s; ingest takes {:.1}x the baseline",
            stored as f64 / seconds,
            megabytes / seconds,
            files.len() as f64 / baseline,
            seconds / baseline
        );
    }

    println!("\n== peak memory (VmHWM) of one ingest run, by corpus size (plain text, with claims)");
    let exe = std::env::current_exe().expect("bench executable");
    let sizes: Vec<usize> = if quick { vec![250, 500] } else { vec![2_500, 5_000, 10_000] };
    for size in sizes {
        let size = size.min(corpus.text.len());
        let list = dir.path().join(format!("list-{size}.txt"));
        let names: Vec<String> = corpus.text[..size].iter().map(|path| path.display().to_string()).collect();
        std::fs::write(&list, names.join("\n")).expect("write list");
        let db = dir.path().join(format!("mem-{size}.db"));
        let output = std::process::Command::new(&exe)
            .env("HEARSAY_BENCH_CHILD", format!("{}|{}", list.display(), db.display()))
            .output()
            .expect("run child");
        println!("{size:>6} articles: {}", String::from_utf8_lossy(&output.stdout).trim());
    }
}

/// Ingests the files listed in the spec's list into the spec's store, then prints the peak RSS.
fn child(spec: &str) {
    let (list, db) = spec.split_once('|').expect("list|db");
    let files: Vec<PathBuf> = std::fs::read_to_string(list).expect("list").lines().map(PathBuf::from).collect();
    let mut store = Store::open(Path::new(db)).expect("store");
    let summary = ingest(&files, &mut store, &IngestOptions::default(), &mut |_| {}).expect("ingest");
    println!("stored {}, peak RSS {} MB", summary.stored, peak_rss_kb() / 1024);
}

fn time_baseline(files: &[PathBuf]) -> f64 {
    let start = Instant::now();
    let mut bytes = Vec::new();
    let mut digest = blake3::Hasher::new();
    for path in files {
        bytes.clear();
        std::fs::File::open(path).and_then(|mut file| file.read_to_end(&mut bytes)).expect("read");
        digest.update(blake3::hash(&bytes).as_bytes());
    }
    std::hint::black_box(digest.finalize());
    start.elapsed().as_secs_f64()
}

fn time_ingest(files: &[PathBuf], db: &Path, extract: bool) -> (f64, usize) {
    let mut store = Store::open(db).expect("store");
    let options = IngestOptions { extract, ..IngestOptions::default() };
    let start = Instant::now();
    let summary = ingest(files, &mut store, &options, &mut |_| {}).expect("ingest");
    let seconds = start.elapsed().as_secs_f64();
    assert!(summary.stored > 0, "the benchmark stored nothing: {summary:?}");
    (seconds, summary.stored)
}

fn peak_rss_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn mb(files: &[PathBuf]) -> f64 {
    files.iter().map(|path| std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)).sum::<u64>() as f64 / 1e6
}

struct Corpus {
    text: Vec<PathBuf>,
    html: Vec<PathBuf>,
}

fn write_corpus(data: &Path, out: &Path, quick: bool) -> Corpus {
    let mut texts: Vec<(String, String)> = Vec::new();
    for split in ["train", "dev", "annotator-training"] {
        let dir = data.join("attribution/polnear").join(split).join("text");
        let mut names: Vec<PathBuf> =
            std::fs::read_dir(&dir).map(|it| it.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
        names.sort();
        for path in names {
            if let Ok(text) = std::fs::read_to_string(&path) {
                texts.push((
                    format!(
                        "polnear-{}",
                        path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
                    ),
                    text,
                ));
            }
        }
    }
    for (name, folder, bodies, stances) in [
        ("fnc", "stance/fnc1", "train_bodies.csv", "train_stances.csv"),
        ("arc", "stance/arc", "arc_bodies.csv", "arc_stances_train.csv"),
    ] {
        let headlines = first_headlines(&data.join(folder).join(stances));
        let mut reader = csv::Reader::from_path(data.join(folder).join(bodies)).expect("bodies csv");
        for row in reader.records().flatten() {
            let (Some(id), Some(body)) = (row.get(0), row.get(1)) else { continue };
            let text = match headlines.get(id) {
                Some(headline) => format!("{headline}\n{body}"),
                None => body.to_owned(),
            };
            texts.push((format!("{name}-{id}"), text));
        }
    }
    let originals = texts.len();
    // Halves of the longer texts, split at a paragraph boundary, bring the corpus past 10,000.
    for i in 0..originals {
        let (name, text) = texts[i].clone();
        let paragraphs: Vec<&str> = text.split('\n').filter(|p| !p.trim().is_empty()).collect();
        if paragraphs.len() >= 6 {
            let middle = paragraphs.len() / 2;
            let first = paragraphs[..middle].join("\n");
            let second = paragraphs[middle..].join("\n");
            texts.push((format!("{name}-part1"), first));
            texts.push((format!("{name}-part2"), second));
        }
    }
    if quick {
        texts.truncate(600);
    }
    let text_dir = out.join("text");
    std::fs::create_dir_all(&text_dir).expect("mkdir");
    let mut text_files = Vec::new();
    for (name, text) in &texts {
        let path = text_dir.join(format!("{name}.txt"));
        std::fs::write(&path, text).expect("write");
        text_files.push(path);
    }
    let html_dir = out.join("html");
    std::fs::create_dir_all(&html_dir).expect("mkdir");
    let mut html_files = Vec::new();
    let mut pages: Vec<PathBuf> = std::fs::read_dir(data.join("extraction/html"))
        .map(|it| it.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    pages.sort();
    for page in pages.iter().take(if quick { 20 } else { usize::MAX }) {
        let mut html = Vec::new();
        let file = std::fs::File::open(page).expect("open page");
        flate2::read::GzDecoder::new(file).read_to_end(&mut html).expect("gunzip page");
        let path = html_dir.join(page.file_name().expect("name").to_string_lossy().trim_end_matches(".gz"));
        std::fs::write(&path, html).expect("write");
        html_files.push(path);
    }
    Corpus { text: text_files, html: html_files }
}

/// The first related headline paired with each body id in a stance file: a real headline for it.
fn first_headlines(path: &Path) -> BTreeMap<String, String> {
    let mut headlines = BTreeMap::new();
    if let Ok(mut reader) = csv::Reader::from_path(path) {
        for row in reader.records().flatten() {
            // An "unrelated" headline belongs to another story; only related ones title a body.
            if let (Some(headline), Some(id), Some(stance)) = (row.get(0), row.get(1), row.get(2)) {
                if stance == "unrelated" {
                    continue;
                }
                headlines.entry(id.to_owned()).or_insert_with(|| headline.to_owned());
            }
        }
    }
    headlines
}
