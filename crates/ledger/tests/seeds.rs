//! The three seed articles through ingest and the ledger: the propositions, responses, origins,
//! stories and entities that a reader of them finds.

#![allow(clippy::unwrap_used)]

use hearsay_ledger::{Ledger, Proposition, PropositionFilter, Verdict};
use hearsay_pipeline::{ingest, IngestOptions};
use hearsay_store::Store;

fn seed_ledger() -> Option<Ledger> {
    let data = hearsay_testdata::data()?;
    let mut store = Store::open_in_memory().unwrap();
    let summary =
        ingest(&[hearsay_testdata::seeds(&data)], &mut store, &IngestOptions::default(), &mut |_| {}).unwrap();
    assert_eq!(summary.stored, 3);
    Some(Ledger::load(&mut store).unwrap())
}

/// The proposition holding the attributed claim whose content contains `words` (an outlet's own
/// voice in a story proposition quotes the article's sentence nearest its wording, which may be
/// the same sentence).
fn holding<'a>(ledger: &'a Ledger, words: &str) -> &'a Proposition {
    let all = ledger.propositions(&PropositionFilter::default());
    let found: Vec<&&Proposition> =
        all.iter().filter(|p| p.claims.iter().any(|c| !c.voice && c.item.out.content.contains(words))).collect();
    assert_eq!(found.len(), 1, "one proposition holds {words:?}");
    found[0]
}

#[test]
fn sadr_allegation_and_jalali_denial_are_two_related_propositions() {
    let Some(ledger) = seed_ledger() else { return };
    let sadr = holding(&ledger, "Russia may have provided Israel with Iranian air-defense intelligence");
    let jalali = holding(&ledger, "Moscow supplied Tehran with sensitive intelligence");
    assert_ne!(sadr.id, jalali.id, "different propositions, never merged");

    let claim = sadr.claims.iter().find(|c| c.item.out.content.contains("air-defense")).unwrap();
    assert_eq!(claim.item.out.claimant.name, "Mohammad Sadr");
    assert_eq!(claim.polarity, hearsay_schema::Stance::Affirm);
    assert!(claim.item.out.hedged, "\"may have\" and \"suggested\" hedge it");
    assert_eq!(sadr.verdict, Verdict::SingleSource);
    let actors: Vec<&str> = sadr.actors.iter().map(|a| a.key.as_str()).collect();
    assert!(actors.contains(&"country:RUS") && actors.contains(&"country:ISR"), "{actors:?}");

    let denial = &jalali.claims[0];
    assert_eq!(denial.item.out.claimant.name, "Kazem Jalali");
    assert_eq!(denial.polarity, hearsay_schema::Stance::Deny);
    assert_eq!(jalali.verdict, Verdict::Denied);
    let actors: Vec<&str> = jalali.actors.iter().map(|a| a.key.as_str()).collect();
    assert_eq!(actors, ["country:RUS", "country:IRN"], "Moscow and Tehran stand for their states");

    assert!(
        jalali.related.iter().any(|r| r.id == sadr.id && r.relation == "related"),
        "linked as related: {:?}",
        jalali.related
    );
    assert!(sadr.related.iter().any(|r| r.id == jalali.id && r.relation == "related"));
}

#[test]
fn officials_disowning_sadr_respond_to_his_claims() {
    let Some(ledger) = seed_ledger() else { return };
    let sadr = holding(&ledger, "the Russians had given the specifications to Israel");
    let baghaei = holding(&ledger, "Sadr’s views were personal opinions");
    assert_eq!(baghaei.claims[0].item.out.claimant.name, "Esmail Baghaei");
    assert!(baghaei.related.iter().any(|r| r.id == sadr.id && r.relation == "responds-to"), "{:?}", baghaei.related);
    assert!(sadr.related.iter().any(|r| r.id == baghaei.id && r.relation == "responded-by"));

    let kayhan = holding(&ledger, "Sadr’s remarks");
    assert_eq!(kayhan.claims[0].polarity, hearsay_schema::Stance::Deny, "dismissed the remarks");
    assert!(kayhan.related.iter().any(|r| r.id == sadr.id && r.relation == "responds-to"));
}

#[test]
fn origin_is_the_end_of_the_chain() {
    let Some(ledger) = seed_ledger() else { return };
    let assurances = holding(&ledger, "exchanged secret assurances via Russia");
    let claim = &assurances.claims[0];
    assert_eq!(claim.item.out.claimant.kind, hearsay_schema::ClaimantKind::Unnamed);
    assert_eq!(claim.item.out.via.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), ["Washington Post"]);
    assert_eq!(claim.item.origin.name, "Washington Post", "the newspaper, not the outlet that cited it");
    assert_eq!(
        claim.polarity,
        hearsay_schema::Stance::Affirm,
        "\"neither side intends\" deep in the content does not negate it"
    );
    assert_eq!(assurances.verdict, Verdict::SingleSource);
}

#[test]
fn the_june_war_joins_the_articles_into_a_story() {
    let Some(ledger) = seed_ledger() else { return };
    let stories = ledger.stories();
    let biggest = stories[0];
    assert!(biggest.events.contains(&"event:12-day war".to_owned()), "{:?}", biggest.events);
    let titles: Vec<&str> = biggest.articles.iter().filter_map(|a| a.title.as_deref()).collect();
    assert!(titles.iter().any(|t| t.contains("secretly reassured")), "{titles:?}");
    let sadr = holding(&ledger, "Russia may have provided Israel");
    assert_eq!(sadr.story.as_deref(), Some(biggest.id.as_str()));
    // Every article is in exactly one story.
    let total: usize = stories.iter().map(|s| s.articles.len()).sum();
    assert_eq!(total, 3);
}

#[test]
fn entity_pages_merge_names() {
    let Some(ledger) = seed_ledger() else { return };
    let sadr = ledger.entity("Mohammed Sadr").unwrap();
    assert_eq!(sadr.key, "person:mhmd sadr");
    assert_eq!(sadr.name, "Mohammad Sadr");
    assert!(sadr.aliases.contains(&"Sadr".to_owned()));
    assert!(sadr.roles.iter().any(|r| r.role.contains("Expediency Council")), "{:?}", sadr.roles);
    assert!(sadr.claims_made.iter().any(|c| c.item.out.content.contains("air-defense intelligence")));
    assert!(sadr.claims_about.iter().any(|c| c.item.out.claimant.name == "Esmail Baghaei"));

    let russia = ledger.entity("the Kremlin").unwrap();
    assert_eq!(russia.key, "country:RUS");
    for alias in ["Kremlin", "Moscow"] {
        assert!(russia.aliases.iter().any(|a| a == alias), "{alias} in {:?}", russia.aliases);
    }
    assert_eq!(russia.articles, 3);
    assert!(russia
        .claims_about
        .iter()
        .any(|c| c.item.out.claimant.name == "Kazem Jalali" && c.polarity == hearsay_schema::Stance::Deny));
    assert!(!russia.timeline.is_empty());
}

#[test]
fn about_filter_finds_claims_by_alias() {
    let Some(ledger) = seed_ledger() else { return };
    let about_moscow = ledger.propositions(&PropositionFilter { about: Some("Moscow".into()), since: None });
    let about_russia = ledger.propositions(&PropositionFilter { about: Some("Russia".into()), since: None });
    assert!(!about_russia.is_empty());
    let ids = |list: &[&Proposition]| list.iter().map(|p| p.id.clone()).collect::<std::collections::BTreeSet<_>>();
    assert_eq!(ids(&about_moscow), ids(&about_russia), "Moscow stands for Russia");
    assert!(about_russia.iter().any(|p| p.text.contains("Moscow supplied Tehran")));
}

#[test]
fn cyclic_chains_and_claims_without_claimant_stay_correct() {
    let Some(data) = hearsay_testdata::data() else { return };
    let mut store = Store::open_in_memory().unwrap();
    ingest(&[hearsay_testdata::seeds(&data)], &mut store, &IngestOptions { ..IngestOptions::default() }, &mut |_| {})
        .unwrap();
    // Rewrite the stored claims of the Washington Post report as a careless extractor might:
    // a chain that cites itself in a loop, and a claim whose claimant is empty.
    let (id, json) = store
        .all_annotations(hearsay_ledger::EXTRACT_SCHEMA)
        .unwrap()
        .into_iter()
        .find(|(_, json)| json.contains("exchanged secret assurances"))
        .unwrap();
    let mut output: hearsay_schema::ExtractOutput = serde_json::from_str(&json).unwrap();
    let via = |name: &str| hearsay_schema::ViaOut { name: name.into(), entity: None };
    output.claims[0].via = vec![via("Washington Post"), via("diplomats"), via("Washington Post"), via("diplomats")];
    // A claim with no chain, whose origin is then its (empty) claimant.
    let plain = (1..output.claims.len()).find(|&i| output.claims[i].via.is_empty()).expect("a claim without a chain");
    output.claims[plain].claimant.name = String::new();
    output.claims[plain].claimant.kind = hearsay_schema::ClaimantKind::Unnamed;
    output.claims[plain].claimant.entity = None;
    store.put_annotations(&id, hearsay_ledger::EXTRACT_SCHEMA, &serde_json::to_string(&output).unwrap()).unwrap();

    let ledger = Ledger::load(&mut store).unwrap();
    let all = ledger.propositions(&PropositionFilter::default());
    let cyclic = all.iter().flat_map(|p| &p.claims).find(|c| c.item.out.via.len() == 4).unwrap();
    assert!(!cyclic.item.origin.name.is_empty());
    let nameless = all.iter().flat_map(|p| &p.claims).find(|c| c.item.out.claimant.name.is_empty()).unwrap();
    assert!(nameless.item.origin.key.starts_with("unnamed:"), "{:?}", nameless.item.origin);
    // The same store read twice gives the same ledger.
    let again = Ledger::read(&store).unwrap();
    assert_eq!(
        serde_json::to_string(&again.propositions(&PropositionFilter::default())).unwrap(),
        serde_json::to_string(&all).unwrap()
    );
}

#[test]
fn a_reworded_denial_contests_sadrs_allegation() {
    let Some(data) = hearsay_testdata::data() else { return };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("denial.txt"),
        "Kremlin rejects Iranian lawmaker's allegation\n\n\
         MOSCOW - Kremlin spokesman Dmitry Peskov said on Tuesday that Russia did not give Israel any Iranian \
         air-defense data. Peskov told reporters that relations with Tehran remained close.\n",
    )
    .unwrap();
    let mut store = Store::open_in_memory().unwrap();
    ingest(
        &[hearsay_testdata::seeds(&data), dir.path().to_path_buf()],
        &mut store,
        &IngestOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    let ledger = Ledger::load(&mut store).unwrap();
    let sadr = holding(&ledger, "Russia may have provided Israel with Iranian air-defense intelligence");
    let denial = sadr
        .claims
        .iter()
        .find(|c| c.item.out.content.contains("did not give Israel"))
        .unwrap_or_else(|| panic!("the denial joins Sadr's proposition: {:#?}", sadr.claims));
    assert_eq!(denial.polarity, hearsay_schema::Stance::Deny, "\"did not give\" denies \"provided\"");
    assert_eq!(sadr.verdict, Verdict::Contested);
    let explanation = ledger.explain(sadr);
    assert!(explanation.deny.iter().any(|o| o.name.contains("Peskov")), "{explanation:#?}");
}

#[test]
fn non_statements_make_no_proposition() {
    let Some(data) = hearsay_testdata::data() else { return };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("refusals.txt"),
        "Officials stay silent on leak\n\n\
         A spokesman for the Russian Foreign Ministry declined to comment. \
         Asked about his comments, Mr. Lavrov said: \"Do svidaniya!\" \
         The embassy said it could not confirm his remarks.\n",
    )
    .unwrap();
    let mut store = Store::open_in_memory().unwrap();
    ingest(
        &[hearsay_testdata::seeds(&data), dir.path().to_path_buf()],
        &mut store,
        &IngestOptions::default(),
        &mut |_| {},
    )
    .unwrap();
    let ledger = Ledger::load(&mut store).unwrap();
    for proposition in ledger.propositions(&PropositionFilter::default()) {
        let text = proposition.text.to_lowercase();
        assert!(!text.contains("comment") || text.split_whitespace().count() > 4, "{text}");
        assert!(!text.contains("svidaniya"), "{text}");
        assert!(text.split_whitespace().count() > 2 || !proposition.related.is_empty(), "{text}");
    }
}
