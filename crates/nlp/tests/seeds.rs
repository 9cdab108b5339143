//! The three seed articles the product was conceived from: the claims they must yield.

mod common;

use common::{contextual_seed, seed, seed_article};
use hearsay_nlp::{Claim, Extraction, Stance};

fn find<'a>(x: &'a Extraction, content_part: &str) -> &'a Claim {
    x.claims.iter().find(|c| c.content.contains(content_part)).unwrap_or_else(|| {
        let all: Vec<String> =
            x.claims.iter().map(|c| format!("{} | {} | {}", c.claimant.name, c.cue, c.content)).collect();
        panic!("no claim with content {content_part:?}; claims:\n{}", all.join("\n"))
    })
}

#[test]
fn seed_000_sadr_and_the_hardliners() {
    let Some((text, x)) = seed("000") else { return };
    check_000(&text, &x);
    assert!(x.claims.iter().any(|c| c.cue == "considered"), "the plain tagger finds \"considered\"");
}

/// The same claims from the tagger that reads the sentence encoder's vectors.
#[test]
fn seed_000_sadr_and_the_hardliners_contextual() {
    let Some((text, x)) = contextual_seed("000") else { return };
    check_000(&text, &x);
}

fn check_000(text: &str, x: &Extraction) {
    let c = find(x, "Russia may have provided Israel");
    assert_eq!(c.cue, "suggested");
    assert!(c.claimant.name.contains("Sadr"), "{:?}", c.claimant);
    assert_eq!(c.claimant.kind, "person");
    assert!(c.role.as_deref().is_some_and(|r| r.starts_with("a member of Iran's Expediency Council")), "{:?}", c.role);
    assert_eq!(c.stance, Stance::Affirm);
    assert!(c.hedged);
    assert!(!c.direct);

    let c = find(x, "this could have enabled Israel");
    assert_eq!(c.cue, "According to");
    assert_eq!(c.claimant.name, "Sadr");
    assert!(c.hedged);

    let c = find(x, "I’m telling you, analytically, that the Russians had given the specifications to Israel");
    assert!(c.direct);
    assert_eq!(c.claimant.name, "Sadr");
    assert_eq!(c.cue, "said");
    assert!(c.content.starts_with('“'));
    assert_eq!(c.content_span.slice(text), c.content);

    let c = find(x, "Sadr’s views were personal opinions");
    assert_eq!(c.claimant.name, "Esmail Baghaei");
    assert_eq!(c.role.as_deref(), Some("Foreign Ministry spokesman"));
    assert_eq!(c.cue, "emphasized");

    let c = x.claims.iter().find(|c| c.cue == "dismissed").expect("Kayhan dismissed");
    assert!(c.claimant.name.starts_with("Kayhan"), "{:?}", c.claimant);
    assert_eq!(c.stance, Stance::Deny);
    // What Kayhan dismissed is Sadr's remarks (the contextual tagger runs the content on over the
    // quote that follows, as PolNeAR often marks it).
    assert!(c.content.starts_with("Sadr’s remarks"), "{:?}", c.content);
    let c = x.claims.iter().find(|c| c.cue == "writing").expect("Kayhan writing");
    assert!(c.content.contains("If Russia had not called the snapback mechanism illegal"), "{:?}", c.content);
    assert!(c.claimant.name.starts_with("Kayhan"));
    assert!(c.direct);

    let c = x
        .claims
        .iter()
        .find(|c| c.cue == "criticized" && c.content.contains("Sadr"))
        .expect("Mashregh criticized Sadr");
    assert!(c.claimant.name.starts_with("Mashregh"), "{:?}", c.claimant);
    assert_eq!(c.stance, Stance::Affirm, "criticism of a person is not a denial");
    let c = find(x, "he portrayed the situation as a gain for Israel");
    assert_eq!(c.cue, "saying");
    assert!(c.claimant.name.starts_with("Mashregh"));

    // "Russia came under scrutiny from Iranian media figures, former diplomats and politicians
    // who argued that ...": the claimant is who "who" stands for; the source span stays on "who".
    let c = find(x, "Moscow’s support for Iran during the 12-day war fell short");
    assert_eq!(c.cue, "argued");
    assert_eq!(c.claimant.name, "Iranian media figures, former diplomats and politicians");
    assert_eq!(c.claimant.kind, "unnamed");
    assert_eq!(c.source_span.map(|s| s.slice(text)), Some("who"));

    // "While long considered a staunch ally by Iranian hardliners, Russia ...": "long" is no
    // claimant (the contextual tagger does not take "considered" for a cue here at all).
    for c in x.claims.iter().filter(|c| c.cue == "considered") {
        assert_eq!(c.claimant.name, "unnamed", "{c:?}");
    }

    let c = find(x, "Making such statements");
    assert_eq!(c.claimant.name, "Mashregh");
    assert_eq!(c.cue, "wrote");
    assert!(c.direct);
    // Every span points at its text.
    for c in &x.claims {
        assert_eq!(c.content_span.slice(text), c.content);
        assert_eq!(c.cue_span.slice(text), c.cue);
    }
}

/// With entities linked: a state that makes a claim is an organization, and a claimant span that
/// cut its scare quotes ("'Israel' and Iran reportedly sent messages ..., promising no
/// preemptive attacks") still names the state.
#[test]
fn seed_004_states_as_claimants() {
    let Some(article) = seed_article("004") else { return };
    let out = hearsay_nlp::annotate(&article, &hearsay_nlp::ExtractOptions::default());
    let c = out.claims.iter().find(|c| c.cue == "promising").expect("the promise");
    assert_eq!(c.claimant.name, "Israel");
    assert_eq!(c.claimant.kind, hearsay_nlp::output::ClaimantKind::Organization);
    let israel = out.entities.iter().find(|e| e.name == "Israel").expect("Israel");
    assert_eq!(c.claimant.entity.as_deref(), Some(israel.id.as_str()));
    for c in out.claims.iter().filter(|c| c.claimant.entity.as_deref() == Some(israel.id.as_str())) {
        assert_ne!(c.claimant.kind, hearsay_nlp::output::ClaimantKind::Person, "{c:?}");
    }
}

#[test]
fn seed_002_jalali_denies() {
    let Some((text, x)) = seed("002") else { return };
    check_002(&text, &x);
}

/// The same claims from the tagger that reads the sentence encoder's vectors.
#[test]
fn seed_002_jalali_denies_contextual() {
    let Some((text, x)) = contextual_seed("002") else { return };
    check_002(&text, &x);
    // Only the contextual tagger finds this one; a cue of several words that rejects.
    let c = find(&x, "specific claims of intelligence sharing");
    assert_eq!(c.cue, "was quick to debunk");
    assert_eq!(c.stance, Stance::Deny);
    assert!(c.claimant.name.contains("Jalali"), "{:?}", c.claimant);
}

fn check_002(_text: &str, x: &Extraction) {
    let c = find(x, "Moscow supplied Tehran with sensitive intelligence");
    assert_eq!(c.claimant.name, "Kazem Jalali");
    assert_eq!(c.role.as_deref(), Some("Iran’s Ambassador to Russia"));
    assert_eq!(c.stance, Stance::Deny);
    assert_eq!(c.cue, "rejected");

    let c = x.claims.iter().find(|c| c.cue == "described").expect("the envoy described");
    assert_eq!(c.stance, Stance::Deny, "{c:?}");
    assert!(c.source_span.is_some());
    assert!(c.claimant.name.contains("Jalali"), "{:?}", c.claimant);

    let c = find(x, "the two nations are on the verge of signing");
    assert_eq!(c.cue, "confirmed");
    assert_eq!(c.stance, Stance::Affirm);
    assert!(c.claimant.name.contains("Jalali"), "{:?}", c.claimant);
}

#[test]
fn seed_004_washington_post_chain() {
    let Some((text, x)) = seed("004") else { return };
    check_004(&text, &x);
}

/// The same claims from the tagger that reads the sentence encoder's vectors.
#[test]
fn seed_004_washington_post_chain_contextual() {
    let Some((text, x)) = contextual_seed("004") else { return };
    check_004(&text, &x);
}

fn check_004(_text: &str, x: &Extraction) {
    let c = find(x, "exchanged secret assurances via Russia");
    assert_eq!(c.claimant.name, "diplomats and regional officials");
    assert_eq!(c.claimant.kind, "unnamed");
    assert_eq!(c.via.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), vec!["Washington Post"]);

    let c = find(x, "sought to avoid appearing as the party escalating tensions");
    assert_eq!(c.claimant.name, "Sources");
    assert_eq!(c.claimant.kind, "unnamed");
    assert_eq!(c.via.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), vec!["Washington Post"]);

    let c = x
        .claims
        .iter()
        .find(|c| c.cue == "described" && c.content.contains("good deal for Iran"))
        .expect("official described");
    assert_eq!(c.claimant.name, "A senior regional official");
    assert_eq!(c.claimant.kind, "unnamed");

    let c = find(x, "Netanyahu asked Russian President Vladimir Putin");
    assert_eq!(c.cue, "reported");
    assert_eq!(c.claimant.kind, "outlet");

    let c = find(x, "Iran reportedly received the initiative with caution");
    assert!(c.hedged);
}

#[test]
#[ignore = "developer aid: prints the seeds' claims"]
fn print_seed_claims() {
    for prefix in ["000", "002", "004"] {
        let Some((_, x)) = seed(prefix) else { return };
        for c in &x.claims {
            eprintln!(
                "{prefix} {} [{}|{}] {:?} {} {:?} hedged={} direct={} via={:?} :: {}",
                c.id,
                c.claimant.name,
                c.claimant.kind,
                c.role,
                c.cue,
                c.stance,
                c.hedged,
                c.direct,
                c.via.iter().map(|v| &v.name).collect::<Vec<_>>(),
                c.content
            );
        }
    }
}
