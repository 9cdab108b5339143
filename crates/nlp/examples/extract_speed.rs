//! Extraction throughput on one thread against sentence segmentation in the same run, on the
//! PolNeAR train and dev texts, without the embedding model or the test-data crate (so it builds
//! with `--no-default-features`): the ratio the 300 articles/s floor is checked with.
//! `cargo run --release -p hearsay-nlp --no-default-features --example extract_speed -- ../shared/data`
#![expect(clippy::print_stdout, clippy::print_stderr, reason = "a developer tool: its output is the point")]

use std::time::Instant;

use hearsay_article::{Article, Metadata, SourceRef};
use hearsay_nlp::{extract, segment, ExtractOptions};

fn main() {
    let data = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "../shared/data".to_owned()));
    let mut articles = Vec::new();
    for split in ["train", "dev"] {
        let dir = data.join("attribution/polnear").join(split).join("text");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!("no texts in {}", dir.display());
            std::process::exit(1);
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            articles.push(Article::plain(&text, SourceRef::file(path.to_string_lossy().as_ref()), Metadata::default()));
        }
    }
    let n = articles.len() as f64;
    let time = |f: &dyn Fn() -> usize| -> f64 {
        let mut best = f64::INFINITY;
        for _ in 0..3 {
            let started = Instant::now();
            std::hint::black_box(f());
            best = best.min(started.elapsed().as_secs_f64());
        }
        best
    };
    let baseline = time(&|| articles.iter().map(|a| segment::sentences(a.text.as_str()).len()).sum());
    let whole = time(&|| articles.iter().map(|a| extract(a, &ExtractOptions::default()).claims.len()).sum());
    println!("{} articles", articles.len());
    println!("segmentation (baseline): {:.3} s, {:.0} articles/s", baseline, n / baseline);
    println!(
        "extract:                 {:.3} s, {:.0} articles/s, {:.1} × baseline",
        whole,
        n / whole,
        whole / baseline
    );
}
