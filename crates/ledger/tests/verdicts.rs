//! The verdict rules on sentences written for them: a non-statement ("declined to comment", "his
//! remarks", a bare name) never makes a proposition; one article never corroborates itself, however
//! many people in it say the same; a near-duplicate counts once; a denial phrased as a negation
//! contests the affirmative proposition instead of starting one of its own.

#![allow(clippy::unwrap_used)]

use hearsay_article::{Article, Metadata, SourceRef};
use hearsay_ledger::{update, Ledger, Proposition, PropositionFilter, ReadOptions, UpdateOptions, Verdict};
use hearsay_nlp::{annotate, ExtractOptions};
use hearsay_schema::Stance;
use hearsay_store::Store;

fn article(name: &str, outlet: &str, text: &str) -> Article {
    let metadata = Metadata { outlet: Some(outlet.to_owned()), ..Metadata::default() };
    hearsay_testdata::article(text, SourceRef::file(format!("{name}.txt")), metadata)
}

/// The ledger of `articles` (attributed claims only: the stance model's reading of each outlet's
/// own voice is not what these tests are about).
fn ledger(articles: &[Article]) -> (Store, Ledger) {
    let jsons: Vec<String> = articles
        .iter()
        .map(|article| serde_json::to_string(&annotate(article, &ExtractOptions::default())).unwrap())
        .collect();
    let mut store = Store::open_in_memory().unwrap();
    store.insert_batch_annotated(articles, Some((hearsay_ledger::EXTRACT_SCHEMA, &jsons)), None).unwrap();
    update(&mut store, &UpdateOptions::default()).unwrap();
    let options = ReadOptions { no_voice: true, ..ReadOptions::default() };
    let ledger = Ledger::read_with(&store, &options).unwrap();
    (store, ledger)
}

fn all(ledger: &Ledger) -> Vec<&Proposition> {
    ledger.propositions(&PropositionFilter::default())
}

/// The one proposition holding a claim whose content contains `words`.
fn holding<'a>(ledger: &'a Ledger, words: &str) -> &'a Proposition {
    let found: Vec<&Proposition> =
        all(ledger).into_iter().filter(|p| p.claims.iter().any(|c| c.item.out.content.contains(words))).collect();
    let texts: Vec<&str> = all(ledger).iter().map(|p| p.text.as_str()).collect();
    assert_eq!(found.len(), 1, "one proposition holds {words:?}: {texts:?}");
    found[0]
}

#[test]
fn non_statements_never_make_a_proposition() {
    let text = "The harbour authority said the new ferry terminal will open in March. \
        A spokeswoman for the shipping company declined to comment. \
        Asked about the delay, the mayor's office refused to comment on the record. \
        Councillor Petra Lindqvist criticised his remarks. \
        \"Mr. Halvorsen,\" the clerk said.";
    let (_, ledger) = ledger(&[article("harbour", "Coast Herald", text)]);
    let texts: Vec<String> = all(&ledger).iter().map(|p| p.text.to_lowercase()).collect();
    assert!(texts.iter().any(|t| t.contains("ferry terminal will open")), "the statement is kept: {texts:?}");
    for empty in ["comment", "his remarks", "halvorsen"] {
        assert!(!texts.iter().any(|t| t.contains(empty)), "{empty:?} made a proposition: {texts:?}");
    }
}

#[test]
fn one_article_never_corroborates_itself() {
    // Two people in one article say the same thing: two origins, one article.
    let text = "The harbour master, Jonas Berg, said the northern pier will be closed for repairs until May. \
        The city engineer Alva Nyström also said the northern pier will be closed for repairs until May.";
    let (_, ledger) = ledger(&[article("pier", "Coast Herald", text)]);
    let pier = holding(&ledger, "northern pier will be closed");
    assert!(pier.origins.len() >= 2, "two claimants, two origins: {:?}", pier.origins);
    assert_eq!(pier.articles, 1);
    assert_ne!(pier.verdict, Verdict::Corroborated, "one article never corroborates itself");
}

#[test]
fn near_duplicates_count_once() {
    let text = "The harbour master, Jonas Berg, said the northern pier will be closed for repairs until May. \
        Fishing boats will moor at the southern quay in the meantime, and the ferry keeps its timetable. \
        The repairs follow the storm in January, which tore away part of the deck and two of the cranes.";
    let original = article("pier", "Coast Herald", text);
    // The same wire copy under another outlet's name, with a credit line: a near-duplicate.
    let copy = article("pier-copy", "Fjord Times", &format!("{text}\n\n(Fjord Times)"));
    let (store, ledger) = ledger(&[original, copy]);
    assert_eq!(store.all_copies().unwrap().len(), 1, "the second is a copy of the first");
    let pier = holding(&ledger, "northern pier will be closed");
    assert_eq!(pier.claims.len(), 2, "both articles' claims are held");
    assert_eq!(pier.articles, 1, "a near-duplicate counts once");
    assert_eq!(pier.verdict, Verdict::Repeated, "one origin in two copies is repeated, not corroborated");
}

#[test]
fn a_denial_phrased_as_a_negation_contests_the_affirmation() {
    let claim = "The harbour master, Jonas Berg, said Nordic Freight sold the damaged cranes to the port of Tallinn.";
    let denial = "A spokesman, Erik Holm, said Nordic Freight did not sell the damaged cranes to the port of Tallinn.";
    let (_, ledger) = ledger(&[article("cranes", "Coast Herald", claim), article("denial", "Fjord Times", denial)]);
    let sold = holding(&ledger, "sold the damaged cranes");
    assert!(sold.claims.iter().any(|c| c.item.out.content.contains("did not sell")), "one proposition: {sold:?}");
    let polarity = |words: &str| sold.claims.iter().find(|c| c.item.out.content.contains(words)).unwrap().polarity;
    assert_eq!(polarity("sold the damaged"), Stance::Affirm);
    assert_eq!(polarity("did not sell"), Stance::Deny, "the negation denies the affirmative wording");
    assert_eq!(sold.verdict, Verdict::Contested);
}

#[test]
fn a_passive_wording_joins_the_active_one_with_the_agent_of_its_by_phrase() {
    let active = "The harbour master, Jonas Berg, said Norway sold the damaged frigates to Estonia.";
    let passive = "A port official, Mari Tamm, said the damaged frigates were sold to Estonia by Norway.";
    let (_, ledger) = ledger(&[article("active", "Coast Herald", active), article("passive", "Fjord Times", passive)]);
    let sold = holding(&ledger, "Norway sold");
    assert!(
        sold.claims.iter().any(|c| c.item.out.content.contains("were sold to Estonia by")),
        "one proposition: {sold:?}"
    );
    for claim in &sold.claims {
        let frame = &claim.item.frame;
        assert!(frame.agent.as_deref().is_some_and(|agent| agent == "country:NOR"), "{frame:?}");
    }
    assert_eq!(sold.verdict, Verdict::Corroborated, "two independent origins affirm it");
}
