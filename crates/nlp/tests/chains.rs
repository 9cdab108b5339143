//! Sourcing chains and claimants written as the four failing patterns, with other names:
//! the whole subject noun phrase as the source, the appositive of "one of X's sources", "They"
//! after a named group, and "NEWSPAPER, citing NEWS SITE, reported".

use hearsay_nlp::output::{ClaimOut, ExtractOutput};
use hearsay_nlp::{annotate, ExtractOptions};

fn output(text: &str) -> ExtractOutput {
    let article = hearsay_testdata::article(
        text,
        hearsay_article::SourceRef::file("chains"),
        hearsay_article::Metadata::default(),
    );
    annotate(&article, &ExtractOptions::default())
}

/// The claim whose content contains `part`, or a panic listing the claims.
fn claim<'a>(out: &'a ExtractOutput, part: &str) -> &'a ClaimOut {
    out.claims.iter().find(|c| c.content.contains(part)).unwrap_or_else(|| {
        let all: Vec<String> = out
            .claims
            .iter()
            .map(|c| format!("{} | {:?} | {} | {}", c.claimant.name, c.via, c.cue, c.content))
            .collect();
        panic!("no claim with content {part:?}; claims:\n{}", all.join("\n"))
    })
}

fn span_text<'a>(out: &'a ExtractOutput, c: &ClaimOut) -> &'a str {
    let span = c.claimant.span.expect("a claimant span");
    &out.document.text[span.start as usize..span.end as usize]
}

#[test]
fn a_plural_source_keeps_its_whole_noun_phrase() {
    let out = output(
        "Two people in contact with the Harbor Shipping Group or its subsidiaries said the merger would close in May.",
    );
    let c = claim(&out, "the merger would close in May");
    assert_eq!(span_text(&out, c), "Two people in contact with the Harbor Shipping Group or its subsidiaries");
    assert!(c.claimant.name.starts_with("Two people"), "{:?}", c.claimant);
}

#[test]
fn one_of_an_outlets_sources_is_the_appositive_via_the_outlet() {
    let out = output(
        "The Valley Courier has followed the fighting for weeks. \
         One of the Courier's sources, a former militia commander, said the convoy was ambushed near the river.",
    );
    let c = claim(&out, "the convoy was ambushed");
    assert!(c.claimant.name.contains("former militia commander"), "{:?}", c.claimant);
    assert!(c.passed_via("Courier"), "{:?}", c.via);
}

#[test]
fn they_after_a_named_group_is_the_group() {
    let out = output(
        "The National Union of Grain Farmers met in Lyon on Tuesday. \
         They said the new tariffs would ruin thousands of growers.",
    );
    let c = claim(&out, "the new tariffs would ruin");
    assert!(c.claimant.name.contains("National Union of Grain Farmers"), "{:?}", c.claimant);
    assert!(c.claimant.resolved_from.is_some());
}

#[test]
fn a_newspaper_citing_a_news_site_builds_the_chain() {
    let out =
        output("The Daily Meridian, citing the news site Harbor Ledger, reported that the port director had resigned.");
    let c = claim(&out, "the port director had resigned");
    assert!(c.claimant.name.contains("Harbor Ledger"), "{:?}", c.claimant);
    assert!(c.passed_via("Daily Meridian"), "{:?}", c.via);
}

#[test]
fn the_newspaper_is_the_outlet_named_before() {
    let out = output(
        "The Lakeside Times published the audit on Monday. \
         The newspaper said the port had lost millions in unpaid fees.",
    );
    let c = claim(&out, "the port had lost millions");
    assert!(c.claimant.name.contains("Lakeside Times"), "{:?}", c.claimant);
    assert!(c.claimant.resolved_from.is_some());
}
