//! Throughput of `clean` on the seed articles (plain text and markdown) and on the first
//! extraction-benchmark pages (HTML): `cargo bench -p hearsay-clean`.
//!
//! A plain `main` rather than criterion: the figure that matters is articles per second on one
//! core, against the store's target of 1,000 articles/s overall. Besides wall time it prints the
//! thread's CPU time (Linux `/proc/thread-self/schedstat`), which stays honest on a shared,
//! loaded machine.

#![allow(clippy::print_stdout, reason = "a benchmark reports on stdout")]

use std::io::Read;
use std::path::Path;
use std::time::Instant;

use hearsay_article::{Hints, InputFormat, RawArticle, RecordFormat, SourceRef};

fn raw(format: RecordFormat, bytes: Vec<u8>) -> RawArticle {
    RawArticle {
        source: SourceRef::file("bench"),
        input: InputFormat::Text,
        format,
        bytes,
        charset: None,
        hints: Hints::default(),
    }
}

/// Nanoseconds this thread has run on a CPU, where the kernel says (Linux).
fn cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat").ok()?.split_whitespace().next()?.parse().ok()
}

/// "12.3 s wall, 4.5 s CPU = N/s (CPU)" for `n` items.
fn rate(n: usize, started: Instant, cpu_start: Option<u64>) -> String {
    let wall = started.elapsed().as_secs_f64();
    match cpu_start.zip(cpu_ns()) {
        Some((start, end)) => {
            let cpu = (end - start) as f64 / 1e9;
            format!("{wall:.2} s wall, {cpu:.2} s CPU = {:.0}/s wall, {:.0}/s CPU", n as f64 / wall, n as f64 / cpu)
        }
        None => format!("{wall:.2} s wall = {:.0}/s", n as f64 / wall),
    }
}

fn main() {
    let data = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"));
    if !data.is_dir() {
        println!("skipping: ../shared/data not found");
        return;
    }
    let mut texts = Vec::new();
    let mut seeds: Vec<_> =
        std::fs::read_dir(data.join("seeds")).expect("seeds").map(|e| e.expect("entry").path()).collect();
    seeds.sort();
    for path in seeds {
        let bytes = std::fs::read(&path).expect("seed");
        if path.to_string_lossy().contains("002_") {
            let record: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
            let markdown = record["textContent"].as_str().expect("textContent").as_bytes().to_vec();
            texts.push(raw(RecordFormat::Markdown, markdown));
        } else {
            texts.push(raw(RecordFormat::Text, bytes));
        }
    }
    let rounds = 3000;
    let started = Instant::now();
    let cpu_start = cpu_ns();
    let mut bytes = 0;
    for i in 0..rounds {
        bytes += hearsay_clean::clean(&texts[i % texts.len()]).expect("seed cleans").text.len();
    }
    println!(
        "text+markdown: {rounds} articles ({:.1} MB clean text): {}",
        bytes as f64 / 1e6,
        rate(rounds, started, cpu_start)
    );

    let mut pages: Vec<_> =
        std::fs::read_dir(data.join("extraction/html")).expect("html").map(|e| e.expect("entry").path()).collect();
    pages.sort();
    let pages: Vec<RawArticle> = pages
        .iter()
        .take(40)
        .map(|path| {
            let mut bytes = Vec::new();
            flate2::read::GzDecoder::new(std::fs::File::open(path).expect("open"))
                .read_to_end(&mut bytes)
                .expect("gunzip");
            raw(RecordFormat::Html, bytes)
        })
        .collect();
    let started = Instant::now();
    let cpu_start = cpu_ns();
    for page in &pages {
        let _ = hearsay_clean::clean(page);
    }
    println!("html: {} pages: {}", pages.len(), rate(pages.len(), started, cpu_start));
}
