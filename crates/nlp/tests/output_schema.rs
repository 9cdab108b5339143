//! The `hearsay.extract/1` output of the three seeds validates against docs/schema/extract-1.schema.json.

mod common;

use hearsay_nlp::output::{EntityOut, EntityType, SpanOut, SCHEMA};

#[test]
fn seed_outputs_match_the_schema() {
    let schema_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/schema/extract-1.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).expect("schema file")).expect("schema json");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    for prefix in ["000", "002", "004"] {
        let Some((text, x)) = common::seed(prefix) else { return };
        let article = hearsay_article::Article {
            id: hearsay_article::ArticleId::from_text(&text),
            source: hearsay_article::SourceRef::file(format!("seeds/{prefix}")),
            input: hearsay_article::InputFormat::Text,
            metadata: hearsay_article::Metadata::default(),
            source_text: text.clone(),
            text: hearsay_text::CleanText::identity(&text),
            removed: Vec::new(),
            diagnostics: Vec::new(),
        };
        let entities = vec![EntityOut {
            id: "e1".into(),
            name: "Sadr".into(),
            kind: EntityType::Person,
            aliases: vec![],
            mentions: vec![SpanOut { start: 0, end: 4 }],
            roles: vec![],
            country: None,
        }];
        let out = hearsay_nlp::output::build(&article, &x, entities);
        assert_eq!(out.schema, SCHEMA);
        assert!(!out.claims.is_empty(), "seed {prefix} has claims");
        let value = serde_json::to_value(&out).expect("serialise");
        let errors: Vec<String> =
            validator.iter_errors(&value).map(|e| format!("{} at {}", e, e.instance_path)).collect();
        assert!(errors.is_empty(), "seed {prefix}: {errors:?}");
        // Offsets are byte offsets into document.text.
        for c in &out.claims {
            assert_eq!(&out.document.text[c.content_span.start as usize..c.content_span.end as usize], c.content);
        }
        // A renamed field would fail here even if the schema were edited with it.
        let claim = &value["claims"][0];
        for key in [
            "id",
            "claimant",
            "role",
            "cue",
            "stance",
            "hedged",
            "direct",
            "via",
            "content",
            "content_span",
            "sentence",
            "time",
        ] {
            assert!(claim.get(key).is_some(), "claims[0] lacks {key}");
        }
    }
}
