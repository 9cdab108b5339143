//! schema.org `Claim` objects in JSON-LD, one graph for the corpus, and a `ClaimReview` for each
//! claim the user gives a verdict for (hearsay itself never rates a claim).
//!
//! A `Claim` carries the content as `text`, the claimant as `author` (a `Person` or an
//! `Organization`, with the role as `jobTitle`), and the article as `appearance` (a `NewsArticle`
//! with its headline, date and publisher). Intermediaries ("according to the Washington Post")
//! are listed under `citation` of the appearance.

use std::collections::BTreeMap;

use hearsay_schema::{ClaimantKind, ExtractOutput};
use serde_json::{json, Map, Value};

/// A user's verdict on one claim, for a `ClaimReview`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The rating as text ("False", "Mostly true", "Unproven").
    pub rating: String,
    /// Who reviewed it, when given.
    pub reviewer: Option<String>,
    /// Where the review is published, when given.
    pub url: Option<String>,
}

/// Verdicts keyed by `(article id or unique prefix, claim id)`.
pub type Verdicts = BTreeMap<(String, String), Verdict>;

/// The JSON-LD id of a claim.
pub fn claim_id(article: &str, claim: &str) -> String {
    format!("urn:hearsay:claim:{article}:{claim}")
}

/// The whole export: `{"@context": "https://schema.org", "@graph": [Claim..., ClaimReview...]}`.
pub fn graph(documents: &[ExtractOutput], verdicts: &Verdicts) -> Value {
    let mut nodes = Vec::new();
    let mut reviews = Vec::new();
    for document in documents {
        let meta = &document.document;
        let mut appearance = Map::new();
        appearance.insert("@type".into(), json!("NewsArticle"));
        appearance.insert("@id".into(), json!(format!("urn:hearsay:article:{}", meta.id)));
        insert_some(&mut appearance, "headline", meta.title.as_deref());
        insert_some(&mut appearance, "datePublished", meta.published.as_deref());
        insert_some(&mut appearance, "inLanguage", meta.language.as_deref());
        if let Some(outlet) = &meta.outlet {
            appearance.insert("publisher".into(), json!({"@type": "Organization", "name": outlet}));
        }
        for claim in &document.claims {
            let id = claim_id(&meta.id, &claim.id);
            let author_type = if claim.claimant.kind == ClaimantKind::Person { "Person" } else { "Organization" };
            let mut author = Map::new();
            author.insert("@type".into(), json!(author_type));
            author.insert("name".into(), json!(claim.claimant.name));
            if author_type == "Person" {
                insert_some(&mut author, "jobTitle", claim.role.as_deref());
            } else {
                insert_some(&mut author, "description", claim.role.as_deref());
            }
            let mut seen_in = appearance.clone();
            if !claim.via.is_empty() {
                seen_in.insert(
                    "citation".into(),
                    Value::Array(
                        claim
                            .via
                            .iter()
                            .map(|via| json!({"@type": "CreativeWork", "author": {"@type": "Thing", "name": via.name}}))
                            .collect(),
                    ),
                );
            }
            let mut node = Map::new();
            node.insert("@type".into(), json!("Claim"));
            node.insert("@id".into(), json!(id));
            node.insert("text".into(), json!(claim.content));
            node.insert("author".into(), Value::Object(author));
            node.insert("appearance".into(), Value::Object(seen_in));
            insert_some(&mut node, "dateCreated", claim.time.as_deref());
            // Not schema.org terms: hearsay's reading of the claim, under its own prefix.
            node.insert(
                "additionalProperty".into(),
                json!([
                    {"@type": "PropertyValue", "name": "stance", "value": claim.stance},
                    {"@type": "PropertyValue", "name": "hedged", "value": claim.hedged},
                    {"@type": "PropertyValue", "name": "cue", "value": claim.cue},
                ]),
            );
            if let Some(verdict) = find_verdict(verdicts, &meta.id, &claim.id) {
                let mut review = Map::new();
                review.insert("@type".into(), json!("ClaimReview"));
                review.insert("claimReviewed".into(), json!(claim.content));
                review.insert("itemReviewed".into(), json!({"@id": id}));
                review.insert("reviewRating".into(), json!({"@type": "Rating", "alternateName": verdict.rating}));
                if let Some(reviewer) = &verdict.reviewer {
                    review.insert("author".into(), json!({"@type": "Organization", "name": reviewer}));
                }
                insert_some(&mut review, "url", verdict.url.as_deref());
                reviews.push(Value::Object(review));
            }
            nodes.push(Value::Object(node));
        }
    }
    nodes.extend(reviews);
    json!({"@context": "https://schema.org", "@graph": nodes})
}

fn find_verdict<'a>(verdicts: &'a Verdicts, article: &str, claim: &str) -> Option<&'a Verdict> {
    verdicts
        .iter()
        .find(|((prefix, id), _)| id == claim && !prefix.is_empty() && article.starts_with(prefix.as_str()))
        .map(|(_, verdict)| verdict)
}

fn insert_some(map: &mut Map<String, Value>, key: &str, value: Option<&str>) {
    if let Some(value) = value {
        map.insert(key.to_owned(), json!(value));
    }
}
