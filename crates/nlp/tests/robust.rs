//! Bad and extreme input: valid output and a diagnostic, never a panic, never quadratic time.

use hearsay_article::{Article, Metadata, SourceRef};
use hearsay_nlp::{extract, ExtractOptions, Extraction};

fn run(text: &str, language: Option<&str>) -> Extraction {
    let article = Article::plain(
        text,
        SourceRef::file("test"),
        Metadata { language: language.map(str::to_owned), ..Metadata::default() },
    );
    extract(&article, &ExtractOptions::default())
}

fn codes(x: &Extraction) -> Vec<&str> {
    x.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn empty_and_blank_text() {
    for text in ["", "\n\n  \n", "—", "“"] {
        let x = run(text, None);
        assert!(x.claims.is_empty());
        if text.trim().is_empty() {
            assert!(codes(&x).contains(&"segment/no-sentences"), "{text:?}: {:?}", codes(&x));
        }
    }
}

#[test]
fn other_languages_give_no_claims() {
    let x = run("El ministro dijo que la economía crece. “Es verdad”, dijo.", Some("spa"));
    assert!(x.claims.is_empty());
    assert_eq!(codes(&x), vec!["claims/unsupported-language"]);
    let x = run("The minister said the economy grows.", Some("eng"));
    assert_eq!(x.claims.len(), 1);
}

#[test]
fn unbalanced_quotes_are_noted() {
    let text = "“We will not back down, the minister said on Sunday.\nHe added that “talks are over.";
    let x = run(text, None);
    assert!(codes(&x).contains(&"claims/unbalanced-quotes"));
    for c in &x.claims {
        assert_eq!(c.content_span.slice(text), c.content);
    }
}

#[test]
fn ten_thousand_word_sentence_is_linear() {
    // One sentence, 10,000 words, with a cue every few words and commas everywhere: a table or a
    // scraped list glued into one line. Generous bound: a quadratic scan would take minutes.
    let mut text = String::from("Officials said that");
    for i in 0..10_000 {
        text.push_str(match i % 7 {
            0 => " he said,",
            1 => " “the",
            3 => " according to Reuters,",
            _ => " word",
        });
    }
    text.push('.');
    // Speed is measured in `cargo bench -p hearsay-nlp --bench extract`, not asserted here; a
    // quadratic scan would show as a test that runs for minutes.
    let x = run(&text, None);
    assert!(codes(&x).contains(&"segment/long-sentence"));
    for c in &x.claims {
        assert!(c.content_span.end() <= text.len());
    }
}

#[test]
fn many_short_lines_and_odd_characters() {
    let mut text = String::new();
    for i in 0..20_000 {
        text.push_str(if i % 3 == 0 { "Mr. X: \"" } else { "— ‘said’ …\n" });
    }
    let x = run(&text, None);
    assert!(!x.sentences.is_empty());
    for c in &x.claims {
        assert!(c.content_span.end() <= text.len() && c.cue_span.end() <= text.len());
    }
}

/// Every PolNeAR dev article gives claims whose spans slice the text, the same twice over (speed
/// is measured by `cargo bench -p hearsay-nlp --bench extract`).
#[test]
fn polnear_dev_extracts_deterministically() {
    let dir = std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/attribution/polnear/dev/text"
    ));
    if !dir.is_dir() {
        eprintln!("skipping: ../shared/data not found");
        return;
    }
    let mut paths: Vec<_> = std::fs::read_dir(&dir).expect("dev text").map(|e| e.expect("entry").path()).collect();
    paths.sort();
    let mut claims = 0;
    for path in &paths {
        let text = std::fs::read_to_string(path).expect("text");
        let first = run(&text, None);
        let again = run(&text, None);
        assert_eq!(first.claims, again.claims, "{}", path.display());
        for c in &first.claims {
            assert_eq!(c.content_span.slice(&text), c.content, "{}", path.display());
            assert!(c.cue_span.end() <= text.len());
        }
        claims += first.claims.len();
    }
    // PolNeAR dev has 2,192 gold attributions in 84 articles: a working extractor finds most.
    assert!(claims > 1_500, "{claims} claims in {} articles", paths.len());
}
