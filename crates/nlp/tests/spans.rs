//! Every span of the `hearsay.extract/1` output points at the text it names: the claimant's
//! `span` and `resolved_from`, the `cue_span` and the `content_span` lie in bounds, on char
//! boundaries, and `text[cue_span]` is the cue, `text[content_span]` the content, and the
//! claimant's name (when not resolved from elsewhere) is written inside `text[span]`. Checked on
//! the seeds and on every PolNeAR dev article.

mod common;

use hearsay_nlp::output::{ExtractOutput, SpanOut};
use hearsay_nlp::{annotate, ExtractOptions};

/// `text[span]`, or a panic saying why the span is not a slice of `text`.
fn slice<'a>(text: &'a str, span: SpanOut, what: &str, article: &str) -> &'a str {
    let (start, end) = (span.start as usize, span.end as usize);
    assert!(start <= end && end <= text.len(), "{article}: {what} {start}..{end} out of bounds ({})", text.len());
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{article}: {what} {start}..{end} splits a char"
    );
    &text[start..end]
}

fn check(output: &ExtractOutput, article: &str) -> usize {
    let text = &output.document.text;
    let mut spans = 0;
    for claim in &output.claims {
        assert_eq!(slice(text, claim.content_span, "content_span", article), claim.content, "{article} {}", claim.id);
        spans += 1;
        if let Some(cue_span) = claim.cue_span {
            assert_eq!(slice(text, cue_span, "cue_span", article), claim.cue, "{article} {}", claim.id);
            spans += 1;
        } else {
            assert!(claim.cue.is_empty(), "{article} {}: cue {:?} without a span", claim.id, claim.cue);
        }
        if let Some(from) = claim.claimant.resolved_from {
            let mention = slice(text, from, "claimant.resolved_from", article);
            assert!(!mention.trim().is_empty(), "{article} {}: resolved from an empty mention", claim.id);
            assert!(claim.claimant.span.is_some(), "{article} {}: resolved without a span", claim.id);
            spans += 1;
        }
        if let Some(span) = claim.claimant.span {
            let written = slice(text, span, "claimant.span", article).replace(['\u{a0}', '\u{202f}', '\u{2007}'], " ");
            spans += 1;
            if claim.claimant.resolved_from.is_none() {
                assert!(
                    written.contains(&claim.claimant.name),
                    "{article} {}: name {:?} is not in its span {written:?}",
                    claim.id,
                    claim.claimant.name
                );
            }
        }
    }
    spans
}

#[test]
fn seed_spans_point_at_their_text() {
    for prefix in ["000", "002", "004"] {
        let Some(article) = common::seed_article(prefix) else { return };
        let output = annotate(&article, &ExtractOptions::default());
        assert!(check(&output, prefix) > 0, "seed {prefix} has spans");
        // The contract as written: the new fields appear where they apply.
        let value = serde_json::to_value(&output).expect("serialise");
        assert!(value["claims"][0]["claimant"].get("span").is_some());
        assert!(value["claims"][0].get("cue_span").is_some());
    }
}

#[test]
fn polnear_dev_spans_point_at_their_text() {
    let Some(data) = hearsay_testdata::data() else { return };
    let articles = hearsay_testdata::polnear(&data, "dev");
    assert!(articles.len() >= 80);
    let mut spans = 0;
    for article in &articles {
        let output = annotate(article, &ExtractOptions::default());
        spans += check(&output, &article.source.path);
    }
    assert!(spans > 3_000, "{spans} spans checked");
}

/// Train is ten times dev: more of the odd punctuation the source rules slice around
/// ("“They said it’s negotiable,” Hannity said ... and his ...").
#[test]
fn polnear_train_spans_point_at_their_text() {
    let Some(data) = hearsay_testdata::data() else { return };
    let mut spans = 0;
    for article in &hearsay_testdata::polnear(&data, "train") {
        let output = annotate(article, &ExtractOptions::default());
        spans += check(&output, &article.source.path);
    }
    assert!(spans > 30_000, "{spans} spans checked");
}

#[test]
fn a_layer_stored_before_the_spans_still_parses() {
    let old = r#"{"id":"c1","claimant":{"name":"Sadr","entity":null,"kind":"person"},"role":null,
        "cue":"said","stance":"affirm","hedged":false,"direct":false,"via":[],"content":"x",
        "content_span":{"start":0,"end":1},"sentence":0,"time":null}"#;
    let claim: hearsay_nlp::output::ClaimOut = serde_json::from_str(old).expect("an old claim parses");
    assert_eq!(claim.claimant.span, None);
    assert_eq!(claim.claimant.resolved_from, None);
    assert_eq!(claim.cue_span, None);
    let again = serde_json::to_value(&claim).expect("serialise");
    assert!(again["claimant"].get("resolved_from").is_none(), "absent when nothing was resolved");
}

/// Developer aid for tuning on TRAIN: one line per output claim, `name | kind | span text |
/// resolved from | cue | content start`.
/// `HEARSAY_DUMP_SPLIT=train cargo test -p hearsay-nlp --test spans -- --ignored --nocapture`
#[test]
#[ignore = "developer aid, prints every claimant"]
fn print_claimants() {
    let Some(data) = hearsay_testdata::data() else { return };
    let split = std::env::var("HEARSAY_DUMP_SPLIT").unwrap_or_else(|_| "train".to_owned());
    for article in hearsay_testdata::polnear(&data, &split) {
        let output = annotate(&article, &ExtractOptions::default());
        let text = &output.document.text;
        let at = |span: Option<SpanOut>| {
            span.map_or(String::new(), |s| text[s.start as usize..s.end as usize].replace('\n', " "))
        };
        for claim in &output.claims {
            let content: String = claim.content.chars().take(60).collect();
            println!(
                "{} | {} | {} | {} | {} | {}",
                claim.claimant.name,
                claim.claimant.kind,
                at(claim.claimant.span),
                at(claim.claimant.resolved_from),
                claim.cue,
                content.replace('\n', " ")
            );
        }
    }
}
