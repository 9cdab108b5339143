//! Throughput of `clean` on the seed articles (plain text and markdown) and on the first
//! extraction-benchmark pages (HTML): `cargo bench -p hearsay-clean`.
//!
//! A plain `main` with `std::time::Instant` rather than criterion: the figure that matters is
//! articles per second on one core, against the store's target of 1,000 articles/s overall.

#![allow(clippy::print_stdout, reason = "a benchmark reports on stdout")]

use std::io::Read;
use std::path::Path;
use std::time::Instant;

use hearsay_article::{Hints, InputFormat, RawArticle, RecordFormat, SourceRef};

fn raw(format: RecordFormat, bytes: Vec<u8>) -> RawArticle {
    RawArticle { source: SourceRef::file("bench"), input: InputFormat::Text, format, bytes, charset: None, hints: Hints::default() }
}

fn main() {
    let data = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"));
    if !data.is_dir() {
        println!("skipping: ../shared/data not found");
        return;
    }
    let mut texts = Vec::new();
    let mut seeds: Vec<_> = std::fs::read_dir(data.join("seeds")).expect("seeds").map(|e| e.expect("entry").path()).collect();
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
    let mut bytes = 0;
    for i in 0..rounds {
        bytes += hearsay_clean::clean(&texts[i % texts.len()]).expect("seed cleans").text.len();
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!("text+markdown: {rounds} articles in {elapsed:.2} s = {:.0} articles/s ({:.1} MB/s clean text)", rounds as f64 / elapsed, bytes as f64 / elapsed / 1e6);

    let mut pages: Vec<_> = std::fs::read_dir(data.join("extraction/html")).expect("html").map(|e| e.expect("entry").path()).collect();
    pages.sort();
    let pages: Vec<RawArticle> = pages
        .iter()
        .take(40)
        .map(|path| {
            let mut bytes = Vec::new();
            flate2::read::GzDecoder::new(std::fs::File::open(path).expect("open")).read_to_end(&mut bytes).expect("gunzip");
            raw(RecordFormat::Html, bytes)
        })
        .collect();
    let started = Instant::now();
    for page in &pages {
        let _ = hearsay_clean::clean(page);
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!("html: {} pages in {elapsed:.2} s = {:.0} pages/s", pages.len(), pages.len() as f64 / elapsed);
}
