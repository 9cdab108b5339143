//! Writes the `hearsay.extract/1` output of every text of a PolNeAR split as `eval attribution`
//! scores it (identity clean text, so spans are offsets into the raw file), one JSON line per
//! article with `document.source` set to the file name, for error analysis of what the output
//! misses: `cargo run -p hearsay-eval --example output_dump -- ../shared/data/attribution/polnear/dev > dev.jsonl`
#![expect(clippy::print_stdout, clippy::print_stderr, reason = "a developer tool: its output is the point")]

use hearsay_article::{Article, Metadata, SourceRef};
use hearsay_nlp::{annotate, ExtractOptions};

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: output_dump SPLIT_DIR");
        std::process::exit(2);
    };
    let Ok(entries) = std::fs::read_dir(std::path::Path::new(&dir).join("text")) else {
        eprintln!("no text/ under {dir}");
        std::process::exit(1);
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let article = Article::plain(&text, SourceRef::file(path.to_string_lossy().as_ref()), Metadata::default());
        let output = annotate(&article, &ExtractOptions::default());
        println!("{}", serde_json::to_string(&output).unwrap_or_default());
    }
}
