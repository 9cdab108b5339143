//! `hearsay entities`: the entities of stored articles, merged across articles by the query
//! layer's one key (name and type), as `GET /api/entities` merges them.

use std::path::Path;

use hearsay_query::{ArticleFilter, EntityFilter};
use hearsay_schema::EntityType;

use crate::args::EntitiesArgs;
use crate::{output, Outcome};

pub(crate) fn run(db: Option<&Path>, args: &EntitiesArgs) -> anyhow::Result<Outcome> {
    let store = super::open_backend(db)?;
    let kind = match args.kind.as_deref() {
        Some(kind) => Some(EntityType::from_name(kind).ok_or_else(|| {
            anyhow::anyhow!("--type is person, organization, country, place or outlet, not {kind:?}")
        })?),
        None => None,
    };
    let (documents, outcome) = super::stored_documents(&*store, &ArticleFilter::default())?;
    let rows = hearsay_query::entities(&documents, &EntityFilter { kind, text: None });
    for row in &rows {
        if args.json {
            output::json_line(row)?;
        } else {
            let mut line = format!(
                "{:<36} {:<12} {:>4} articles {:>5} mentions {:>3} claims",
                output::truncate(&row.name, 36),
                row.kind,
                row.articles,
                row.mentions,
                row.claims_made
            );
            if !row.roles.is_empty() {
                line.push_str(&format!("  roles: {}", row.roles.iter().cloned().collect::<Vec<_>>().join("; ")));
            }
            if !row.aliases.is_empty() {
                line.push_str(&format!("  aka: {}", row.aliases.iter().cloned().collect::<Vec<_>>().join(", ")));
            }
            output::line(&line)?;
        }
    }
    Ok(outcome)
}
