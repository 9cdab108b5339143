//! `hearsay claims`: stored claims, filtered by what they are about, who makes them, stance,
//! outlet and date.

use std::path::Path;

use hearsay_nlp::output::{ClaimOut, ExtractOutput};
use hearsay_pipeline::EXTRACT_SCHEMA;
use serde::Serialize;

use crate::args::ClaimsArgs;
use crate::{output, Outcome};

/// One claim with the article it was found in, as printed by `--json`.
#[derive(Debug, Serialize)]
struct ClaimRow<'a> {
    article: &'a str,
    outlet: Option<&'a str>,
    published: Option<&'a str>,
    title: Option<&'a str>,
    #[serde(flatten)]
    claim: &'a ClaimOut,
}

pub(crate) fn run(db: Option<&Path>, args: &ClaimsArgs) -> anyhow::Result<Outcome> {
    let store = super::open_backend(db)?;
    let mut rows = Vec::new();
    let documents: Vec<ExtractOutput> = store
        .all_annotations(EXTRACT_SCHEMA)?
        .into_iter()
        .filter_map(|(id, json)| match serde_json::from_str(&json) {
            Ok(document) => Some(document),
            Err(error) => {
                tracing::warn!(article_id = %id, %error, "Stored claims could not be read; skipping them.");
                None
            }
        })
        .collect();
    for document in &documents {
        if !super::outlet_matches(document.document.outlet.as_deref(), args.outlet.as_deref())
            || !super::published_since(document.document.published.as_deref(), args.since.as_deref())
        {
            continue;
        }
        for claim in &document.claims {
            if args.stance.as_deref().is_some_and(|stance| claim.stance != stance)
                || args.by.as_deref().is_some_and(|by| !claim.made_by(&document.entities, by))
                || args.about.as_deref().is_some_and(|about| !claim.is_about(&document.entities, about))
            {
                continue;
            }
            rows.push(ClaimRow {
                article: &document.document.id,
                outlet: document.document.outlet.as_deref(),
                published: document.document.published.as_deref(),
                title: document.document.title.as_deref(),
                claim,
            });
        }
    }
    rows.sort_by(|a, b| b.published.cmp(&a.published).then(a.article.cmp(b.article)).then(a.claim.content_span.start.cmp(&b.claim.content_span.start)));
    for row in &rows {
        if args.json {
            output::json_line(row)?;
        } else {
            output::line(&describe(row))?;
        }
    }
    Ok(Outcome::Success)
}

/// One readable line: `DENY (hedged) Kazem Jalali [Iran's Ambassador to Russia] via X: content`.
fn describe(row: &ClaimRow<'_>) -> String {
    let claim = row.claim;
    let mut line = format!("{} {:<6}", &row.article[..12.min(row.article.len())], claim.stance.to_uppercase());
    if claim.hedged {
        line.push_str(" (hedged)");
    }
    line.push(' ');
    line.push_str(&claim.claimant.name);
    if let Some(role) = &claim.role {
        line.push_str(&format!(" [{role}]"));
    }
    if !claim.via.is_empty() {
        let chain: Vec<&str> = claim.via.iter().map(|via| via.name.as_str()).collect();
        line.push_str(&format!(" via {}", chain.join(" > ")));
    }
    line.push_str(&format!(" ({}): ", claim.cue));
    line.push_str(&output::truncate(&claim.content.replace('\n', " "), 160));
    line
}
