//! FollowTheMoney entities, one JSON object per line (`{"id", "schema", "properties"}`, every
//! property a list of strings), for Aleph and other FtM tools.
//!
//! * each article is an `Article` (title, publisher, publishedAt, bodyText, language);
//! * each person and organization is a `Person` or `Organization`, merged across articles by
//!   type and name (any case), with aliases and roles (`position` for people);
//! * each entity found in an article is a `Mention` linking the article (`document`) to the
//!   entity (`resolved`), with the name as written;
//! * each claim by a named claimant is a `Documentation` linking the article to the claimant,
//!   with the stance as `role` and the claim as `summary`.
//!
//! Locations and unnamed claimants ("officials", "sources") become no entity. Ids are stable
//! hashes of what the entity is, so two exports of one store agree.

use std::collections::BTreeMap;

use hearsay_schema::{ClaimantKind, EntityType, ExtractOutput, Stance};
use serde_json::{json, Map, Value};

use crate::stable_id;

/// Every FtM entity of the corpus: articles first, then people and organizations, then mentions
/// and claims, each group in a stable order.
pub fn entities(documents: &[ExtractOutput]) -> Vec<Value> {
    let mut articles = Vec::new();
    let mut actors: BTreeMap<(String, String), Actor> = BTreeMap::new();
    let mut links = Vec::new();
    for document in documents {
        let meta = &document.document;
        let article_id = stable_id("article", &[&meta.id]);
        let mut properties = Properties::default();
        properties.add("title", meta.title.as_deref());
        properties.add("publisher", meta.outlet.as_deref());
        properties.add("publishedAt", meta.published.as_deref());
        properties.add("language", meta.language.as_deref());
        properties.add("bodyText", Some(meta.text.as_str()).filter(|text| !text.is_empty()));
        properties.add("fileName", Some(meta.source.as_str()));
        properties.add("contentHash", Some(meta.id.as_str()));
        articles.push(entity(&article_id, "Article", properties));

        for found in &document.entities {
            let Some(schema) = schema_of(found.kind) else { continue };
            let actor = actor_entry(&mut actors, schema, &found.name);
            actor
                .aliases
                .extend(found.aliases.iter().filter(|alias| !alias.eq_ignore_ascii_case(&found.name)).cloned());
            actor.roles.extend(found.roles.iter().cloned());
            actor.countries.extend(found.country.iter().cloned());
            let mut properties = Properties::default();
            properties.add("name", Some(found.name.as_str()));
            properties.add("document", Some(article_id.as_str()));
            properties.add("resolved", Some(actor.id.as_str()));
            properties.add("detectedSchema", Some(schema));
            links.push(entity(&stable_id("mention", &[&meta.id, &found.id]), "Mention", properties));
        }
        for claim in &document.claims {
            let schema = match claim.claimant.kind {
                ClaimantKind::Person => "Person",
                ClaimantKind::Organization | ClaimantKind::Outlet => "Organization",
                ClaimantKind::Unnamed => continue,
            };
            let linked = document.claimant_entity(claim);
            let name = linked.map_or(claim.claimant.name.as_str(), |found| found.name.as_str());
            let schema = linked.and_then(|found| schema_of(found.kind)).unwrap_or(schema);
            let actor = actor_entry(&mut actors, schema, name);
            actor.roles.extend(claim.role.iter().cloned());
            let mut properties = Properties::default();
            properties.add("document", Some(article_id.as_str()));
            properties.add("entity", Some(actor.id.as_str()));
            let role = match (claim.stance, claim.hedged) {
                (Stance::Deny, _) => "claimant (denies)",
                (_, true) => "claimant (affirms, hedged)",
                _ => "claimant (affirms)",
            };
            properties.add("role", Some(role));
            let via: Vec<&str> = claim.via.iter().map(|via| via.name.as_str()).collect();
            let summary = if via.is_empty() {
                claim.content.clone()
            } else {
                format!("{} (via {})", claim.content, via.join(" > "))
            };
            properties.add("summary", Some(summary.as_str()));
            properties.add("date", claim.time.as_deref().or(meta.published.as_deref()));
            links.push(entity(&stable_id("claim", &[&meta.id, &claim.id]), "Documentation", properties));
        }
    }
    let mut out = articles;
    for actor in actors.into_values() {
        let mut properties = Properties::default();
        properties.add("name", Some(actor.name.as_str()));
        for alias in &actor.aliases {
            properties.add("alias", Some(alias.as_str()));
        }
        let role_property = if actor.schema == "Person" { "position" } else { "description" };
        for role in &actor.roles {
            properties.add(role_property, Some(role.as_str()));
        }
        for country in &actor.countries {
            properties.add("country", Some(country.as_str()));
        }
        out.push(entity(&actor.id, actor.schema, properties));
    }
    out.extend(links);
    out
}

/// A person or organization across the corpus.
struct Actor {
    id: String,
    schema: &'static str,
    name: String,
    aliases: std::collections::BTreeSet<String>,
    roles: std::collections::BTreeSet<String>,
    countries: std::collections::BTreeSet<String>,
}

fn actor_entry<'a>(
    actors: &'a mut BTreeMap<(String, String), Actor>,
    schema: &'static str,
    name: &str,
) -> &'a mut Actor {
    let key = (schema.to_owned(), name.to_lowercase());
    actors.entry(key).or_insert_with(|| Actor {
        id: stable_id(&schema.to_lowercase(), &[&name.to_lowercase()]),
        schema,
        name: name.to_owned(),
        aliases: Default::default(),
        roles: Default::default(),
        countries: Default::default(),
    })
}

/// The FtM schema of an entity type, for the types that have one here.
fn schema_of(kind: EntityType) -> Option<&'static str> {
    match kind {
        EntityType::Person => Some("Person"),
        EntityType::Organization | EntityType::Outlet => Some("Organization"),
        EntityType::Country | EntityType::Place => None,
    }
}

/// FtM properties: every value a list of strings, in insertion order, without repeats.
#[derive(Default)]
struct Properties(Map<String, Value>);

impl Properties {
    fn add(&mut self, name: &str, value: Option<&str>) {
        let Some(value) = value.map(str::trim).filter(|value| !value.is_empty()) else { return };
        let values = self.0.entry(name.to_owned()).or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(values) = values {
            if !values.iter().any(|existing| existing == value) {
                values.push(json!(value));
            }
        }
    }
}

fn entity(id: &str, schema: &str, properties: Properties) -> Value {
    json!({"id": id, "schema": schema, "properties": Value::Object(properties.0)})
}
