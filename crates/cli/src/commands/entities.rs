//! `hearsay entities`: the entities of stored articles, merged by name and type across articles.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use hearsay_nlp::output::ExtractOutput;
use hearsay_pipeline::EXTRACT_SCHEMA;
use serde::Serialize;

use crate::args::EntitiesArgs;
use crate::{output, Outcome};

/// One entity across the corpus.
#[derive(Debug, Default, Serialize)]
struct EntityRow {
    name: String,
    #[serde(rename = "type")]
    kind: String,
    aliases: BTreeSet<String>,
    roles: BTreeSet<String>,
    articles: usize,
    mentions: usize,
    claims_made: usize,
}

pub(crate) fn run(db: Option<&Path>, args: &EntitiesArgs) -> anyhow::Result<Outcome> {
    let store = super::open_backend(db)?;
    let mut rows: BTreeMap<(String, String), EntityRow> = BTreeMap::new();
    for (_, json) in store.all_annotations(EXTRACT_SCHEMA)? {
        let Ok(document) = serde_json::from_str::<ExtractOutput>(&json) else { continue };
        for entity in &document.entities {
            if args.kind.as_deref().is_some_and(|kind| !entity.kind.eq_ignore_ascii_case(kind)) {
                continue;
            }
            let row = rows.entry((entity.name.clone(), entity.kind.clone())).or_default();
            row.name.clone_from(&entity.name);
            row.kind.clone_from(&entity.kind);
            row.aliases.extend(entity.aliases.iter().filter(|alias| **alias != entity.name).cloned());
            row.roles.extend(entity.roles.iter().cloned());
            row.articles += 1;
            row.mentions += entity.mentions.len();
            row.claims_made += document.claims.iter().filter(|claim| claim.claimant.entity.as_deref() == Some(entity.id.as_str())).count();
        }
    }
    let mut rows: Vec<EntityRow> = rows.into_values().collect();
    rows.sort_by(|a, b| b.articles.cmp(&a.articles).then(b.mentions.cmp(&a.mentions)).then(a.name.cmp(&b.name)));
    for row in &rows {
        if args.json {
            output::json_line(row)?;
        } else {
            let mut line = format!("{:<36} {:<12} {:>4} articles {:>5} mentions {:>3} claims", output::truncate(&row.name, 36), row.kind, row.articles, row.mentions, row.claims_made);
            if !row.roles.is_empty() {
                line.push_str(&format!("  roles: {}", row.roles.iter().cloned().collect::<Vec<_>>().join("; ")));
            }
            if !row.aliases.is_empty() {
                line.push_str(&format!("  aka: {}", row.aliases.iter().cloned().collect::<Vec<_>>().join(", ")));
            }
            output::line(&line)?;
        }
    }
    Ok(Outcome::Success)
}
