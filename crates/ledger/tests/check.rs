//! `hearsay check` on a small real store: the three seed articles, the FNC-1 bodies of one claim
//! (a weatherman said to have been filmed urinating on air) each from an outlet of its own, a
//! syndicated near-copy of one of them, and forty bodies about other claims. The check finds the
//! claim's bodies and none of the others, labels their stance, counts the copy with its original,
//! and answers a claim nothing reports with no evidence.

#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};

use hearsay_ledger::check::{CheckStance, CheckVerdict, Checker};
use hearsay_pipeline::{ingest, IngestOptions};
use hearsay_store::Store;

const HEADLINE: &str = "Weatherman caught peeing live on camera";

struct Fixture {
    store: Store,
    /// FNC-1 body id of each stored article id.
    body_of: BTreeMap<String, String>,
    /// Bodies related to the headline, with their gold stance.
    gold: BTreeMap<String, String>,
    /// Bodies of the claim (related to any of its headlines).
    claim_bodies: BTreeSet<String>,
    /// The body that was copied.
    copied: String,
    _folder: tempfile::TempDir,
}

fn fixture() -> Option<Fixture> {
    let data = hearsay_testdata::data()?;
    let fnc = data.join("stance/fnc1");
    let (pairs, bodies) =
        hearsay_stance::read_fnc(&fnc.join("train_stances.csv"), &fnc.join("train_bodies.csv")).unwrap();
    let related = |p: &&hearsay_stance::Pair| p.stance.is_some_and(hearsay_stance::Stance::is_related);
    let gold: BTreeMap<String, String> = pairs
        .iter()
        .filter(related)
        .filter(|p| p.headline == HEADLINE)
        .map(|p| (p.body_id.clone(), p.stance.unwrap().to_string()))
        .collect();
    // The claim: every headline related to one of these bodies, and every body related to those.
    let headlines: BTreeSet<&str> =
        pairs.iter().filter(related).filter(|p| gold.contains_key(&p.body_id)).map(|p| p.headline.as_str()).collect();
    let claim_bodies: BTreeSet<String> = pairs
        .iter()
        .filter(related)
        .filter(|p| headlines.contains(p.headline.as_str()))
        .map(|p| p.body_id.clone())
        .collect();
    let others: Vec<&String> = bodies.keys().filter(|id| !claim_bodies.contains(*id)).step_by(37).take(40).collect();
    let copied = gold.iter().find(|(_, stance)| *stance == "disagree").map(|(id, _)| id.clone()).unwrap();

    let folder = tempfile::tempdir().unwrap();
    let mut lines = String::new();
    let mut record = |id: &str, outlet: &str, text: &str| {
        let url = format!("https://fnc1.invalid/{id}");
        lines.push_str(&serde_json::json!({"url": url, "outlet": outlet, "text": text}).to_string());
        lines.push('\n');
    };
    for id in claim_bodies.iter().chain(others.iter().copied()) {
        record(id, &format!("Outlet {id}"), &bodies[id]);
    }
    // A syndicated copy: the same body with a line of its own, from another outlet.
    record("copy", "Copycat Wire", &format!("{}\nDistributed by Copycat Wire.", bodies[&copied]));
    std::fs::write(folder.path().join("fnc1.jsonl"), lines).unwrap();

    let mut store = Store::open_in_memory().unwrap();
    let inputs = [hearsay_testdata::seeds(&data), folder.path().to_path_buf()];
    ingest(&inputs, &mut store, &IngestOptions::default(), &mut |_| {}).unwrap();
    let mut body_of = BTreeMap::new();
    for summary in hearsay_store::Backend::list(&store, &hearsay_store::ListFilter::default()).unwrap() {
        if let Some(id) = summary.url.as_deref().and_then(|url| url.strip_prefix("https://fnc1.invalid/")) {
            body_of.insert(summary.id.to_string(), id.to_owned());
        }
    }
    Some(Fixture { store, body_of, gold, claim_bodies, copied, _folder: folder })
}

#[test]
fn the_claims_bodies_are_found_with_their_stance_and_the_copy_counts_once() {
    let Some(fixture) = fixture() else { return };
    finds_the_weatherman(&fixture);
}

// With the ledger's stories (as `hearsay ingest` leaves a store), the answer widens to the story of
// its best article: still nothing but the claim's bodies, and no fewer of them.
#[test]
fn with_the_ledgers_stories_the_answer_widens_to_the_claims_story() {
    let Some(mut fixture) = fixture() else { return };
    let without = finds_the_weatherman(&fixture);
    hearsay_pipeline::update_ledger(
        &mut fixture.store,
        &hearsay_pipeline::LedgerStep { embedder: None, progress: None },
    )
    .unwrap();
    let checker = Checker::with_default_model().unwrap();
    let candidates = checker.candidates(&fixture.store, "A TV weatherman was caught peeing live on camera").unwrap();
    assert!(candidates.iter().all(|c| c.story.is_some()), "every stored article has a story");
    let with = finds_the_weatherman(&fixture);
    assert!(with >= without, "{with} gold bodies found with the stories, {without} without");
}

/// Checks the weatherman claim on the fixture's store (precision, recall, stance, the copy
/// folded into its original's origin, the verdict); gives how many gold bodies were found.
fn finds_the_weatherman(fixture: &Fixture) -> usize {
    let checker = Checker::with_default_model().unwrap();
    let checked = checker.check(&fixture.store, "A TV weatherman was caught peeing live on camera").unwrap();
    let found: Vec<(&str, CheckStance, &str)> = checked
        .evidence
        .iter()
        .map(|e| (fixture.body_of.get(&e.article).map_or("seed", String::as_str), e.stance, e.origin.as_str()))
        .collect();
    // Precision: nothing but the claim's bodies and the copy.
    for (body, _, _) in &found {
        assert!(fixture.claim_bodies.contains(*body) || *body == "copy", "{body} is not about the claim: {found:?}");
    }
    // Recall: most of the bodies FNC-1 relates to this headline.
    let hits = fixture.gold.keys().filter(|id| found.iter().any(|(body, _, _)| body == id)).count();
    assert!(hits * 3 >= fixture.gold.len() * 2, "{hits} of {} gold bodies: {found:?}", fixture.gold.len());
    // Stance: the agreeing and disagreeing bodies mostly read as such.
    let right = found
        .iter()
        .filter(|(body, stance, _)| {
            fixture.gold.get(*body).is_some_and(|gold| CheckStance::of(gold.parse().unwrap()) == Some(*stance))
        })
        .count();
    assert!(right * 2 > hits, "{right} of {hits} stances right: {found:?}");
    // The copy counts with its original: same origin, the original's outlet.
    let origin_of = |body: &str| found.iter().find(|(b, _, _)| *b == body).map(|(_, _, origin)| *origin);
    if let (Some(copy), Some(original)) = (origin_of("copy"), origin_of(&fixture.copied)) {
        assert_eq!(copy, original);
        assert_eq!(original, format!("Outlet {}", fixture.copied));
    } else {
        panic!("the copied body and its copy are both evidence: {found:?}");
    }
    let origins: BTreeSet<&str> = found.iter().map(|(_, _, origin)| *origin).collect();
    assert_eq!(origins.len(), found.len() - 1, "one origin per article, the copy folded in: {found:?}");
    // Grouped by origin: the copy sits next to its original.
    let groups = checked.origins();
    assert_eq!(groups.len(), origins.len());
    // Gold has agreeing and disagreeing bodies: the verdict weighs both sides.
    assert!(
        matches!(checked.verdict, CheckVerdict::Contested | CheckVerdict::Corroborated | CheckVerdict::Denied),
        "{:?}",
        checked.verdict
    );
    hits
}

#[test]
fn the_seed_denial_is_found_and_an_unreported_claim_has_no_evidence() {
    let Some(fixture) = fixture() else { return };
    let checker = Checker::with_default_model().unwrap();
    let checked = checker.check(&fixture.store, "Russia gave Israel intelligence on Iran's air defenses").unwrap();
    let hum = checked.evidence.iter().find(|e| e.outlet.as_deref() == Some("HUM News English")).unwrap();
    assert_eq!(hum.stance, CheckStance::Deny, "Tehran dismisses the claims as fabricated");
    assert_eq!(hum.origin, "HUM News English");
    assert!(!hum.claims.is_empty(), "its extracted claims about the allegation are named");
    assert!(checked.evidence.iter().all(|e| !fixture.body_of.contains_key(&e.article)), "no FNC-1 body is about it");

    let nothing = checker.check(&fixture.store, "Penguins won the cricket world cup in Antarctica").unwrap();
    assert_eq!(nothing.verdict, CheckVerdict::NoEvidence);
    assert!(nothing.evidence.is_empty());
    let json = serde_json::to_string(&nothing).unwrap();
    assert_eq!(
        json,
        r#"{"claim":"Penguins won the cricket world cup in Antarctica","verdict":"no-evidence","evidence":[]}"#
    );
}
