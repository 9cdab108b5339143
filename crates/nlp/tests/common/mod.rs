//! Shared by the seed tests (reads a seed article from ../shared/data/seeds and extracts it) and
//! by the tests of written sentences ([`output`], [`claim`]).
//!
//! Articles are built from the seed text with `Article::plain` (identity clean text), after dropping the obvious
//! boilerplate lines (photo captions, "Read more:", the AI-audio note, the "appeared first on"
//! footer) here, so these tests do not depend on the clean stage.
#![allow(dead_code)]

use hearsay_article::{Article, Metadata, SourceRef};
use hearsay_nlp::{extract, ExtractOptions, Extraction};
#[expect(clippy::print_stderr, reason = "a skipped test says why on the test's own output")]
fn seeds_dir() -> Option<std::path::PathBuf> {
    let dir = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/seeds"));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: ../shared/data not found");
        None
    }
}

fn boilerplate(line: &str) -> bool {
    line.ends_with("in this file photo")
        || line.starts_with("Read more:")
        || line.starts_with("Note: AI technology")
        || (line.starts_with("The post ") && line.contains("appeared first on"))
}

/// Reads a seed (002 is a JSON record whose `textContent` is the text) and extracts it.
pub(crate) fn seed(prefix: &str) -> Option<(String, Extraction)> {
    seed_with(prefix, &ExtractOptions::default())
}

/// [`seed`] with `contextual` extraction; `None` (with a message) where the sentence-encoder
/// model is not installed, except in CI (`CI` or `HEARSAY_REQUIRE_MINILM` set), which fails.
pub(crate) fn contextual_seed(prefix: &str) -> Option<(String, Extraction)> {
    if !encoder_installed() {
        return None;
    }
    seed_with(prefix, &ExtractOptions { contextual: true, ..ExtractOptions::default() })
}

/// Finds, loads and installs the sentence encoder, as the CLI does for `--contextual` (the crate
/// reads no files); false (after saying why) where the model is not installed.
#[cfg(feature = "contextual")]
fn encoder_installed() -> bool {
    if hearsay_nlp::attribution::context::encoder().is_some() {
        return true;
    }
    match hearsay_nlp::attribution::context::Embedder::locate() {
        Ok(embedder) => {
            hearsay_nlp::attribution::context::install_encoder(embedder);
            true
        }
        Err(error) => {
            hearsay_testdata::skip_without_minilm(&error);
            false
        }
    }
}

/// Without the `contextual` feature there is no encoder to install.
#[cfg(not(feature = "contextual"))]
fn encoder_installed() -> bool {
    println!("skipping: hearsay-nlp built without its contextual feature");
    false
}

fn seed_with(prefix: &str, options: &ExtractOptions) -> Option<(String, Extraction)> {
    let article = seed_article(prefix)?;
    let x = extract(&article, options);
    Some((article.source_text, x))
}

/// The seed article whose file name starts with `prefix`, boilerplate lines dropped.
pub(crate) fn seed_article(prefix: &str) -> Option<Article> {
    let dir = seeds_dir()?;
    let path = std::fs::read_dir(&dir)
        .expect("seeds dir")
        .map(|e| e.expect("entry").path())
        .find(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(prefix)))
        .expect("seed file");
    let raw = std::fs::read_to_string(&path).expect("seed text");
    let body = if raw.trim_start().starts_with('{') {
        let v: serde_json::Value = serde_json::from_str(&raw).expect("seed json");
        v["textContent"].as_str().expect("textContent").to_owned()
    } else {
        raw
    };
    let text: String = body.lines().filter(|l| !boilerplate(l.trim())).collect::<Vec<_>>().join("\n");
    let article = Article::plain(
        &text,
        SourceRef::file(path.display().to_string()),
        Metadata { language: Some("eng".to_owned()), ..Metadata::default() },
    );
    Some(article)
}

/// The `hearsay.extract/1` output of `text` as a plain article named `name`.
pub(crate) fn output(text: &str, name: &str) -> hearsay_nlp::output::ExtractOutput {
    let article = hearsay_testdata::article(text, SourceRef::file(name), Metadata::default());
    hearsay_nlp::annotate(&article, &ExtractOptions::default())
}

/// The claim whose content contains `part`, or a panic listing the claims.
pub(crate) fn claim<'a>(out: &'a hearsay_nlp::output::ExtractOutput, part: &str) -> &'a hearsay_nlp::output::ClaimOut {
    out.claims.iter().find(|c| c.content.contains(part)).unwrap_or_else(|| {
        let all: Vec<String> = out
            .claims
            .iter()
            .map(|c| format!("{} | {:?} | {} | {}", c.claimant.name, c.via, c.cue, c.content))
            .collect();
        panic!("no claim with content {part:?}; claims:\n{}", all.join("\n"))
    })
}
