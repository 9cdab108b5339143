//! Extraction throughput and peak memory on PolNeAR train and dev (924 real articles), on one
//! thread, against a baseline in the same run: sentence segmentation alone.
//! `cargo bench -p hearsay-nlp --bench extract`
//!
//! Stages timed, each over the whole corpus: segmentation (the baseline), the attribution rules,
//! the learned tagger (given the rules' output, as `extract` runs it), and the whole `extract`
//! (entities, attributions, stance, time), without any embedding model. Then, where the
//! all-MiniLM-L6-v2 model is installed, `extract` with `contextual` (each sentence through the
//! encoder, see `attribution::context`) on the 84 dev articles, once: the encoder runs on the
//! threads candle gives it (all cores), so its rate is per machine, not per core.
#![expect(clippy::print_stdout, reason = "a developer tool: its output is the point")]

use std::time::Instant;

use hearsay_nlp::attribution::{self, AttributionTagger};
use hearsay_nlp::{extract, segment, ExtractOptions};

fn main() {
    let Some(data) = hearsay_testdata::data() else { return };
    let mut articles = hearsay_testdata::polnear(&data, "train");
    articles.extend(hearsay_testdata::polnear(&data, "dev"));
    let n = articles.len();
    let bytes: usize = articles.iter().map(|a| a.text.as_str().len()).sum();
    println!("corpus: {n} PolNeAR articles, {:.1} MB", bytes as f64 / 1e6);
    let tagger = AttributionTagger::builtin();
    let sentences: Vec<_> = articles.iter().map(|a| segment::sentences(a.text.as_str())).collect();
    let rules: Vec<_> = articles.iter().zip(&sentences).map(|(a, s)| attribution::find(a.text.as_str(), s)).collect();
    // Best of three rounds per stage, to read past a noisy machine.
    let time = |f: &dyn Fn() -> usize| -> (f64, usize) {
        let mut best = f64::INFINITY;
        let mut out = 0;
        for _ in 0..3 {
            let started = Instant::now();
            out = std::hint::black_box(f());
            best = best.min(started.elapsed().as_secs_f64());
        }
        (best, out)
    };
    let (baseline, _) = time(&|| articles.iter().map(|a| segment::sentences(a.text.as_str()).len()).sum());
    let stages: [(&str, &dyn Fn() -> usize); 3] = [
        ("attribution rules", &|| {
            articles.iter().zip(&sentences).map(|(a, s)| attribution::find(a.text.as_str(), s).len()).sum()
        }),
        ("learned tagger", &|| {
            articles
                .iter()
                .zip(&sentences)
                .zip(&rules)
                .map(|((a, s), r)| tagger.find(a.text.as_str(), s, r).len())
                .sum()
        }),
        ("extract (all stages)", &|| {
            articles.iter().map(|a| extract(a, &ExtractOptions::default()).claims.len()).sum()
        }),
    ];
    println!("{:24} {:>10} {:>12} {:>12} {:>8}", "stage", "seconds", "articles/s", "× baseline", "found");
    println!(
        "{:24} {:>10.3} {:>12.0} {:>12} {:>8}",
        "segmentation (baseline)",
        baseline,
        n as f64 / baseline,
        "1.0",
        ""
    );
    for (name, f) in stages {
        let (seconds, found) = time(f);
        println!("{name:24} {seconds:>10.3} {:>12.0} {:>12.1} {found:>8}", n as f64 / seconds, seconds / baseline);
    }
    println!("peak memory (VmHWM, corpus held in memory), no embedding model: {:.0} MB", peak_mb());
    match attribution::context::Embedder::locate() {
        Ok(embedder) => {
            attribution::context::install_encoder(embedder);
        }
        Err(error) => {
            println!("contextual extract skipped: {error}");
            return;
        }
    }
    let dev = hearsay_testdata::polnear(&data, "dev");
    let contextual = ExtractOptions { contextual: true, ..ExtractOptions::default() };
    let started = Instant::now();
    let found: usize = dev.iter().map(|a| extract(a, &contextual).claims.len()).sum();
    let seconds = started.elapsed().as_secs_f64();
    let per_article = seconds / dev.len() as f64;
    println!(
        "{:24} {seconds:>10.3} {:>12.1} {:>12.0} {found:>8}   ({} dev articles; × baseline per article)",
        "extract --contextual",
        dev.len() as f64 / seconds,
        per_article / (baseline / n as f64),
        dev.len()
    );
    println!("peak memory with the encoder loaded: {:.0} MB", peak_mb());
}

/// The process's peak resident memory so far, from /proc (0 where there is none).
fn peak_mb() -> f64 {
    let kb = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l.split_whitespace().nth(1).unwrap_or("0").to_owned())
        })
        .and_then(|kb| kb.parse::<u64>().ok())
        .unwrap_or(0);
    kb as f64 / 1024.0
}
