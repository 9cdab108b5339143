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
    finds_the_weatherman(&fixture, &Checker::with_default_model().unwrap());
}

struct MiniLm(hearsay_embed::Embedder);

impl hearsay_ledger::Embed for MiniLm {
    fn id(&self) -> &str {
        "all-MiniLM-L6-v2"
    }
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, String> {
        self.0.embed(texts).map_err(|e| e.to_string())
    }
}

// With sentence embeddings deciding relatedness (`hearsay check --embeddings`), on the store as
// `hearsay ingest` leaves it: the same answers as without them, on the weatherman, the seeds'
// denial and the penguins. (Skips where the model is not installed, except in CI.)
#[test]
fn with_sentence_embeddings_the_answers_hold() {
    let Some(mut fixture) = fixture() else { return };
    let embedder = match hearsay_embed::Embedder::locate() {
        Ok(embedder) => embedder,
        Err(error) => return hearsay_testdata::skip_without_minilm(&error),
    };
    hearsay_pipeline::update_ledger(
        &mut fixture.store,
        &hearsay_pipeline::LedgerStep { embedder: None, progress: None },
    )
    .unwrap();
    let checker = Checker::with_default_model().unwrap().with_embedder(std::sync::Arc::new(MiniLm(embedder)));
    let assessed = checker.assess(
        "A TV weatherman was caught peeing live on camera",
        &checker.candidates(&fixture.store, "A TV weatherman was caught peeing live on camera").unwrap(),
    );
    let cut = checker.options().story.unwrap().min_similarity.min(checker.options().min_similarity);
    assert!(
        assessed.iter().all(|a| a.features.embedding.is_some() == (a.features.similarity >= cut)),
        "the candidates the re-rank cut lets through, and only they, are embedded"
    );
    // Half of the six bodies FNC-1 pairs with the headline (a fourth scores 0.49 against the cut
    // of 0.5), and six more of the claim's bodies, which FNC-1 pairs with its other headlines.
    let (hits, of_claim) = weatherman(&fixture, &checker, 1, 2);
    assert!(hits >= 3 && of_claim >= hits + 6, "{hits} gold bodies, {of_claim} of the claim's");
    seed_denial_and_penguins(&fixture, &checker);
}

// With the ledger's stories (as `hearsay ingest` leaves a store), the answer widens to the story of
// its best article: still nothing but the claim's bodies, and no fewer of them.
#[test]
fn with_the_ledgers_stories_the_answer_widens_to_the_claims_story() {
    let Some(mut fixture) = fixture() else { return };
    let without = finds_the_weatherman(&fixture, &Checker::with_default_model().unwrap());
    hearsay_pipeline::update_ledger(
        &mut fixture.store,
        &hearsay_pipeline::LedgerStep { embedder: None, progress: None },
    )
    .unwrap();
    let checker = Checker::with_default_model().unwrap();
    let candidates = checker.candidates(&fixture.store, "A TV weatherman was caught peeing live on camera").unwrap();
    assert!(candidates.iter().all(|c| c.story.is_some()), "every stored article has a story");
    let with = finds_the_weatherman(&fixture, &checker);
    assert!(with >= without, "{with} gold bodies found with the stories, {without} without");
}

/// Checks the weatherman claim on the fixture's store (precision, recall of at least two thirds,
/// stance, the copy folded into its original's origin, the verdict); gives how many gold bodies
/// were found.
fn finds_the_weatherman(fixture: &Fixture, checker: &Checker) -> usize {
    weatherman(fixture, checker, 2, 3).0
}

/// [`finds_the_weatherman`] with a recall of at least `num / den` of the gold bodies; gives how
/// many gold bodies were found, and how many of the claim's bodies.
fn weatherman(fixture: &Fixture, checker: &Checker, num: usize, den: usize) -> (usize, usize) {
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
    assert!(hits * den >= fixture.gold.len() * num, "{hits} of {} gold bodies: {found:?}", fixture.gold.len());
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
    (hits, found.iter().filter(|(body, _, _)| fixture.claim_bodies.contains(*body)).count())
}

#[test]
fn the_seed_denial_is_found_and_an_unreported_claim_has_no_evidence() {
    let Some(fixture) = fixture() else { return };
    seed_denial_and_penguins(&fixture, &Checker::with_default_model().unwrap());
}

fn seed_denial_and_penguins(fixture: &Fixture, checker: &Checker) {
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
