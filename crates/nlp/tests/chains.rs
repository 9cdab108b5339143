//! Sourcing chains and claimants written as the four failing patterns, with other names:
//! the whole subject noun phrase as the source, the appositive of "one of X's sources", "They"
//! after a named group, and "NEWSPAPER, citing NEWS SITE, reported".

mod common;

use common::claim;
use hearsay_nlp::output::{ClaimOut, ExtractOutput};

fn output(text: &str) -> ExtractOutput {
    common::output(text, "chains")
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

/// The four patterns again, each with other names, word order and verbs than the tests above, so
/// that they check the construction rather than one sentence.
#[test]
fn the_four_patterns_with_other_names() {
    let out = output(
        "Three officials in contact with the Northgate Mining Company or its partners told reporters that the mine would reopen.",
    );
    let c = claim(&out, "the mine would reopen");
    let span = span_text(&out, c);
    assert!(span.starts_with("Three officials") && span.ends_with("its partners"), "{span:?}");

    let out = output(
        "The Coastal Herald has reported from the border since March. \
         One of the Herald's sources, a retired customs officer, said the trucks crossed at night.",
    );
    let c = claim(&out, "the trucks crossed at night");
    assert!(c.claimant.name.contains("retired customs officer"), "{:?}", c.claimant);
    assert!(c.passed_via("Herald"), "{:?}", c.via);

    let out = output(
        "The Federation of Independent Bakers gathered outside parliament on Friday. \
         They said the flour levy would close small shops.",
    );
    let c = claim(&out, "the flour levy would close");
    assert!(c.claimant.name.contains("Federation of Independent Bakers"), "{:?}", c.claimant);

    let out =
        output("The Morning Sentinel, citing the news site Ridgeway Post, reported that the mayor had been arrested.");
    let c = claim(&out, "the mayor had been arrested");
    assert!(c.claimant.name.contains("Ridgeway Post"), "{:?}", c.claimant);
    assert!(c.passed_via("Morning Sentinel"), "{:?}", c.via);
}
