//! The checks behind every fuzz target, shared with the stable regression test
//! (`crates/pipeline/tests/fuzz_regressions.rs`), so a saved crashing input replays through
//! exactly the code the fuzzer ran.
//!
//! Each check takes arbitrary bytes, runs them through one parser (or all of them), then
//! cleaning and the language stages, and asserts what must hold for any input: no panic, every
//! removal slices its own text out of the source, every claim's content span slices its content,
//! and every entity mention lies on char boundaries inside the clean text.

use hearsay_article::{Article, ArticleId, InputFormat, Metadata, Record, SourceRef};
use hearsay_ingest::{Limits, RecordReader};
use hearsay_text::CleanText;

/// The fuzz targets, by name: the folder names under `fuzz/corpus/` and `fuzz/regressions/`.
pub const TARGETS: [&str; 10] =
    ["pipeline_bytes", "text", "html", "atproto", "jetstream", "feed", "warc", "jsonl", "extract_text", "parse"];

/// Runs one target's check on one input; panics where the fuzzer would report a crash.
///
/// # Panics
/// On an unknown target name, and wherever an invariant fails.
pub fn check(target: &str, data: &[u8]) {
    match target {
        "pipeline_bytes" => pipeline_bytes(data),
        "text" => parse_as(InputFormat::Text, data),
        "html" => parse_as(InputFormat::Html, data),
        "atproto" => parse_as(InputFormat::Atproto, data),
        "jetstream" => parse_as(InputFormat::Jetstream, data),
        // feed-rs tells RSS, Atom and JSON Feed apart itself; the format only names the source.
        "feed" => parse_as(InputFormat::Rss, data),
        "warc" => parse_as(InputFormat::Warc, data),
        "jsonl" => parse_as(InputFormat::JsonLines, data),
        "extract_text" => {
            if let Ok(text) = std::str::from_utf8(data) {
                extract_text(text);
            }
        }
        "parse" => parse(data),
        other => panic!("no fuzz target named {other}"),
    }
}

/// Any bytes as text for the syntax layer: split into sentences and parsed, and the same bytes split on spaces as
/// one sentence. Every parse is a tree (one root, heads in range) reached in exactly 2n transitions.
pub fn parse(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let parser = hearsay_syntax::Parser::builtin();
    for sentence in parser.parse_text(&text) {
        assert_eq!(sentence.parse.nodes.len(), sentence.words.len());
        assert_eq!(sentence.parse.transitions, 2 * sentence.words.len());
    }
    let words: Vec<&str> = text.split(' ').collect();
    let parse = parser.parse(&words);
    assert_eq!(parse.nodes.iter().filter(|node| node.head == 0).count(), usize::from(!words.is_empty()));
    assert!(parse.nodes.iter().all(|node| node.head <= words.len()));
}

/// Any bytes through format detection and whichever parser it picks, then the later stages.
pub fn pipeline_bytes(data: &[u8]) {
    check_records(hearsay_ingest::read_bytes("fuzz-input", data.to_vec(), &limits()));
}

/// Any bytes through one parser, detection skipped, then the later stages.
pub fn parse_as(format: InputFormat, data: &[u8]) {
    check_records(hearsay_ingest::read_bytes_as("fuzz-input", data.to_vec(), format, &limits()));
}

/// Any text as an article's clean text through the extractor.
pub fn extract_text(text: &str) {
    let article = Article {
        id: ArticleId::from_text(text),
        source: SourceRef::file("fuzz-input"),
        input: InputFormat::Text,
        metadata: Metadata { published: Some("2026-04-20".to_owned()), ..Metadata::default() },
        source_text: text.to_owned(),
        text: CleanText::identity(text),
        removed: Vec::new(),
        diagnostics: Vec::new(),
    };
    check_extraction(&article, true);
}

/// Smaller than the defaults so that a run spends its time on parsing, not on allocation.
fn limits() -> Limits {
    Limits { max_record_bytes: 1 << 20, ..Limits::default() }
}

fn check_records(reader: RecordReader) {
    // A reader yields at most a few thousand items for a fuzz-sized input; the cap keeps a
    // reader that never ends from hanging the run rather than hiding it (the fuzzer's timeout
    // would fire first).
    for record in reader.take(100_000) {
        let Ok(Record::Article(raw)) = record else { continue };
        let Ok(article) = hearsay_clean::clean(&raw) else { continue };
        for removal in &article.removed {
            let slice = article.source_text.get(removal.source_start as usize..removal.source_end as usize);
            assert_eq!(slice, Some(removal.text.as_str()), "a removal slices its own text");
        }
        check_extraction(&article, false);
    }
}

fn check_extraction(article: &Article, include_narration: bool) {
    let output =
        hearsay_nlp::annotate(article, &hearsay_nlp::ExtractOptions { include_narration, ..Default::default() });
    let text = article.text.as_str();
    for claim in &output.claims {
        let span = &claim.content_span;
        assert_eq!(
            text.get(span.start as usize..span.end as usize),
            Some(claim.content.as_str()),
            "a claim's span slices its content"
        );
    }
    for entity in &output.entities {
        for mention in &entity.mentions {
            assert!(text.get(mention.start as usize..mention.end as usize).is_some(), "a mention lies inside the text");
        }
    }
}
