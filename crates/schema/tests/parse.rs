//! `hearsay_schema::parse`, the one reader of a stored `hearsay.extract/1` layer: a current layer,
//! a layer stored before `diagnostics` was added, and broken layers, which name their article.

use hearsay_article::{Diagnostic, Severity};
use hearsay_schema::{parse, ClaimantKind, EntityType, Stance};

const ARTICLE: &str = "57a3a51577a579b9e1bd2b5d4a1c2f10";

/// A layer as `hearsay extract` wrote it before the field `diagnostics` existed.
const OLD_LAYER: &str = r#"{"schema":"hearsay.extract/1","document":{"id":"57a3a51577a579b9e1bd2b5d4a1c2f10","source":"seeds/000.txt","format":"text","title":null,"published":"2026-04-20","outlet":"HUM News English","language":"eng","text":"Kazem Jalali rejected claims that Moscow supplied Tehran."},"removed":[{"text":"Read more: elsewhere","reason":"related-link"}],"entities":[{"id":"e1","name":"Kazem Jalali","type":"person","aliases":["Jalali"],"mentions":[{"start":0,"end":12}],"roles":["Iran’s Ambassador to Russia"]},{"id":"e2","name":"Russia","type":"country","aliases":["Moscow"],"mentions":[{"start":33,"end":39}],"country":"RUS"}],"claims":[{"id":"c1","claimant":{"name":"Kazem Jalali","entity":"e1","kind":"person"},"role":null,"cue":"rejected","stance":"deny","hedged":false,"direct":false,"via":[],"content":"claims that Moscow supplied Tehran","content_span":{"start":22,"end":56},"sentence":0,"time":null}]}"#;

#[test]
fn old_layer_without_diagnostics_reads_with_none() {
    let output = parse(ARTICLE, OLD_LAYER).expect("a version 1 layer");
    assert!(output.diagnostics.is_empty());
    assert_eq!(output.entities[0].kind, EntityType::Person);
    assert_eq!(output.entities[1].kind, EntityType::Country);
    assert_eq!(output.claims[0].claimant.kind, ClaimantKind::Person);
    assert_eq!(output.claims[0].stance, Stance::Deny);
    assert_eq!(output.claims[0].claimant.span, None);
    assert_eq!(output.claims[0].cue_span, None);
    // Written again, the layer is the old one with the new fields added (the spans it did not
    // have as null, the diagnostics appended): nothing else moves.
    let written = serde_json::to_string(&output).expect("plain data");
    let with_spans = OLD_LAYER
        .replace(r#""kind":"person"},"role""#, r#""kind":"person","span":null},"role""#)
        .replace(r#""cue":"rejected","#, r#""cue":"rejected","cue_span":null,"#);
    assert_eq!(written, format!("{},\"diagnostics\":[]}}", with_spans.strip_suffix('}').expect("an object")));
}

#[test]
fn current_layer_keeps_its_diagnostics() {
    let mut output = parse(ARTICLE, OLD_LAYER).expect("a version 1 layer");
    output.diagnostics.push(Diagnostic::new(
        "segment",
        Severity::Info,
        "segment/long-sentence",
        "a sentence of 4000 bytes",
    ));
    let written = serde_json::to_string(&output).expect("plain data");
    assert!(written.ends_with(r#""diagnostics":[{"stage":"segment","severity":"info","code":"segment/long-sentence","message":"a sentence of 4000 bytes"}]}"#), "{written}");
    assert_eq!(parse(ARTICLE, &written).expect("reads back"), output);
}

#[test]
fn broken_layer_is_an_error_naming_the_article() {
    let error = parse(ARTICLE, &OLD_LAYER[..OLD_LAYER.len() / 2]).expect_err("cut in half");
    assert_eq!(error.article, ARTICLE);
    assert!(error.to_string().contains(ARTICLE), "{error}");
    assert!(error.to_string().contains("hearsay.extract/1"), "{error}");
}

#[test]
fn unknown_kind_is_not_version_1() {
    let layer = OLD_LAYER.replace(r#""type":"country""#, r#""type":"planet""#);
    let error = parse(ARTICLE, &layer).expect_err("no such entity type");
    assert!(error.reason.contains("planet"), "{error}");
}

#[test]
fn another_schema_is_refused() {
    let layer = OLD_LAYER.replace("hearsay.extract/1", "hearsay.extract/2");
    let error = parse(ARTICLE, &layer).expect_err("version 2");
    assert!(error.reason.contains("hearsay.extract/2"), "{error}");
}

#[test]
fn kinds_are_written_as_the_contract_words() {
    for kind in EntityType::ALL {
        assert_eq!(serde_json::to_string(&kind).expect("plain"), format!("\"{}\"", kind.name()));
        assert_eq!(EntityType::from_name(&kind.name().to_uppercase()), Some(kind));
    }
    for kind in ClaimantKind::ALL {
        assert_eq!(serde_json::to_string(&kind).expect("plain"), format!("\"{}\"", kind.name()));
    }
    assert_eq!(format!("{:<8}|", Stance::Affirm), "affirm  |");
}

#[test]
fn a_ledger_claim_reads_back_what_was_written() {
    // `ClaimItem` is written with the claim's fields flattened in and read through one flat
    // struct that names them again: every field must come back, whether set or not.
    use hearsay_schema::ledger::{ClaimItem, Frame, LedgerClaim, Origin};
    use hearsay_schema::{SpanOut, ViaOut};
    let output = parse(ARTICLE, OLD_LAYER).expect("a version 1 layer");
    let mut out = output.claims[0].clone();
    out.role = Some("Iran’s Ambassador to Russia".into());
    out.cue_span = Some(SpanOut { start: 13, end: 21 });
    out.claimant.span = Some(SpanOut { start: 0, end: 12 });
    out.hedged = true;
    out.direct = true;
    out.time = Some("2026-04-20".into());
    out.via =
        serde_json::from_str::<Vec<ViaOut>>(r#"[{"name":"IRNA","entity":null,"kind":"outlet"}]"#).expect("a via link");
    let item = ClaimItem {
        article: ARTICLE.into(),
        claim: "c1".into(),
        outlet: Some("HUM News English".into()),
        published: Some("2026-04-20".into()),
        out,
        claimant_key: Some("person:kzm jalali".into()),
        via_keys: vec![None, Some("outlet:irna".into())],
        frame: Frame {
            actors: vec!["country:RUS".into()],
            agent: Some("country:RUS".into()),
            participants: vec!["country:RUS".into(), "country:IRN".into()],
            relation: vec!["supply".into()],
            words: vec!["supply".into(), "tehran".into()],
            negated: true,
            responds_to: vec!["person:sadr".into()],
        },
        origin: Origin { key: "person:kzm jalali".into(), name: "Kazem Jalali".into() },
        repeats: 3,
    };
    let written = serde_json::to_string(&item).expect("plain data");
    assert!(written.contains(r#""cue":"rejected""#), "the claim's fields are flattened in: {written}");
    assert_eq!(serde_json::from_str::<ClaimItem>(&written).expect("read back"), item);
    let plain = ClaimItem { repeats: 0, out: output.claims[0].clone(), ..item.clone() };
    let written = serde_json::to_string(&plain).expect("plain data");
    assert!(!written.contains("repeats"));
    assert_eq!(serde_json::from_str::<ClaimItem>(&written).expect("read back"), plain);
    let claim = LedgerClaim { item, polarity: Stance::Deny, copy_of: Some("abc".into()), voice: true };
    let written = serde_json::to_string(&claim).expect("plain data");
    assert_eq!(serde_json::from_str::<LedgerClaim>(&written).expect("read back"), claim);
}
