//! A pronoun claimant ("he told", "his support for") is given the name of the last claimant named
//! before it, and only a claimant that reads as a name: a phrase the extractor took for a source
//! ("ancient societies like Port Arden ... discussed") is no one's name, and neither is the age
//! beside a name ("Rajan Singh, 47, said").

mod common;

use common::{claim, output};

#[test]
fn he_told_takes_the_last_named_claimant_not_a_phrase() {
    let text = "President Alan Reyes said on Friday that the book had changed his mind.\n\n\
        His favourite was a 2005 best seller, which explored the floods that wiped out ancient \
        societies like Port Arden and discussed how modern equivalents like rising seas could \
        yield the same destruction.\n\n\
        The president's island roots also came into play. In Halden last week, he told a meeting \
        of harbour leaders that few people understood the stakes better than they did.";
    let out = output(text, "pronoun.txt");
    let told = claim(&out, "few people understood");
    assert_eq!(told.claimant.name, "Alan Reyes", "{:#?}", out.claims);
    assert!(told.claimant.resolved_from.is_some());
}

#[test]
fn his_support_for_takes_the_last_named_claimant() {
    let text = "Governor Daniel Price said on Monday that the coast would need new walls.\n\n\
        He has made no secret of his support for a new tax on coastal developers.";
    let out = output(text, "pronoun.txt");
    let support = out
        .claims
        .iter()
        .find(|c| c.content == "a new tax on coastal developers")
        .unwrap_or_else(|| panic!("no claim of his support: {:#?}", out.claims));
    assert_eq!(support.claimant.name, "Daniel Price", "{:#?}", out.claims);
    assert_eq!(support.claimant.kind, hearsay_nlp::output::ClaimantKind::Person);
    let from = support.claimant.resolved_from.expect("resolved from an earlier mention");
    assert!(text[from.start as usize..from.end as usize].contains("Daniel Price"));
}

#[test]
fn an_age_beside_a_name_is_no_name() {
    let text = "Maria Lopez said the council had failed the town.\n\n\
        Rajan Singh, 47, said the factory would close in May.\n\n\
        He added that the workers had not been told.";
    let out = output(text, "age.txt");
    let said = claim(&out, "the factory would close");
    assert_eq!(said.claimant.name, "Rajan Singh", "{:#?}", out.claims);
    assert_eq!(said.claimant.kind, hearsay_nlp::output::ClaimantKind::Person);
    let added = claim(&out, "the workers had not been told");
    assert_eq!(added.claimant.name, "Rajan Singh", "{:#?}", out.claims);
}
