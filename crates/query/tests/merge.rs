//! The one entity merge key, and the claim filter, on small hand-made layers.

use hearsay_query::{entities, entity_count, ArticleFilter, ClaimFilter, EntityFilter};
use hearsay_schema::{EntityType, ExtractOutput, Stance};

fn layer(id: &str, outlet: &str, published: &str, entities: &str, claims: &str) -> ExtractOutput {
    let json = format!(
        r#"{{"schema":"hearsay.extract/1","document":{{"id":"{id}","source":"x","format":"text","title":null,"published":"{published}","outlet":"{outlet}","language":"eng","text":""}},"removed":[],"entities":[{entities}],"claims":[{claims}]}}"#
    );
    hearsay_schema::parse(id, &json).expect("a layer")
}

fn entity(id: &str, name: &str, kind: &str) -> String {
    format!(r#"{{"id":"{id}","name":"{name}","type":"{kind}","aliases":[],"mentions":[{{"start":0,"end":1}}]}}"#)
}

fn claim(id: &str, entity: &str, stance: &str) -> String {
    format!(
        r#"{{"id":"{id}","claimant":{{"name":"Nino","entity":"{entity}","kind":"person"}},"role":null,"cue":"said","stance":"{stance}","hedged":false,"direct":false,"via":[],"content":"Georgia votes","content_span":{{"start":0,"end":13}},"sentence":0,"time":null}}"#
    )
}

fn corpus() -> Vec<ExtractOutput> {
    vec![
        layer(
            "a1",
            "Civil.ge",
            "2026-01-02",
            &[entity("e1", "Georgia", "country"), entity("e2", "Nino", "person")].join(","),
            &claim("c1", "e2", "affirm"),
        ),
        layer(
            "a2",
            "AJC",
            "2026-01-05T10:00:00Z",
            &[entity("e1", "Georgia", "place"), entity("e2", "Nino", "person")].join(","),
            &claim("c1", "e2", "deny"),
        ),
        layer("a3", "Civil.ge", "2026-01-09", &entity("e1", "Georgia", "country"), ""),
    ]
}

#[test]
fn same_name_of_two_types_is_two_rows() {
    let documents = corpus();
    let rows = entities(&documents, &EntityFilter::default());
    let keys: Vec<(&str, EntityType, usize)> =
        rows.iter().map(|row| (row.name.as_str(), row.kind, row.articles)).collect();
    assert_eq!(
        keys,
        [("Georgia", EntityType::Country, 2), ("Nino", EntityType::Person, 2), ("Georgia", EntityType::Place, 1)]
    );
    assert_eq!(entity_count(&documents), rows.len());
    assert_eq!(rows[1].claims_made, 2);
    let places = entities(&documents, &EntityFilter { kind: Some(EntityType::Place), text: None });
    assert_eq!(places.len(), 1);
    let named = entities(&documents, &EntityFilter { kind: None, text: Some("geo".into()) });
    assert_eq!(named.len(), 2);
}

#[test]
fn claim_and_article_filters() {
    let documents = corpus();
    let denials = ClaimFilter { stance: Some(Stance::Deny), ..ClaimFilter::default() };
    let found: Vec<&str> = denials.select(&documents).map(|(document, _)| document.document.id.as_str()).collect();
    assert_eq!(found, ["a2"]);
    let by = ClaimFilter { by: Some("nin".into()), about: Some("georgia".into()), ..ClaimFilter::default() };
    assert_eq!(by.select(&documents).count(), 2);
    let civil = ArticleFilter { outlet: Some("civil.GE".into()), since: Some("2026-01-03".into()), until: None };
    let kept: Vec<&str> = documents
        .iter()
        .filter(|document| civil.matches(document))
        .map(|document| document.document.id.as_str())
        .collect();
    assert_eq!(kept, ["a3"]);
    let until = ArticleFilter { until: Some("2026-01-05".into()), ..ArticleFilter::default() };
    assert_eq!(documents.iter().filter(|document| until.matches(document)).count(), 2, "the whole last day counts");
}
