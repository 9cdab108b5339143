//! `hearsay claims`: stored claims, filtered by what they are about, who makes them, stance,
//! outlet and date.

use std::path::Path;

use hearsay_query::{ArticleFilter, ClaimFilter};
use hearsay_schema::{ClaimOut, Stance};
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
    let stance = match args.stance.as_deref() {
        Some(stance) => Some(
            Stance::from_name(stance).ok_or_else(|| anyhow::anyhow!("--stance is affirm or deny, not {stance:?}"))?,
        ),
        None => None,
    };
    let (documents, outcome) = super::stored_documents(
        &*store,
        &ArticleFilter { outlet: args.outlet.clone(), since: args.since.clone(), until: None },
    )?;
    let filter = ClaimFilter { about: args.about.clone(), by: args.by.clone(), stance, via: None };
    let mut rows: Vec<ClaimRow<'_>> = filter
        .select(&documents)
        .map(|(document, claim)| ClaimRow {
            article: &document.document.id,
            outlet: document.document.outlet.as_deref(),
            published: document.document.published.as_deref(),
            title: document.document.title.as_deref(),
            claim,
        })
        .collect();
    rows.sort_by(|a, b| {
        b.published
            .cmp(&a.published)
            .then(a.article.cmp(b.article))
            .then(a.claim.content_span.start.cmp(&b.claim.content_span.start))
    });
    for row in &rows {
        if args.json {
            output::json_line(row)?;
        } else {
            output::line(&describe(row))?;
        }
    }
    Ok(outcome)
}

/// One readable line: `DENY (hedged) Kazem Jalali [Iran's Ambassador to Russia] via X: content`.
fn describe(row: &ClaimRow<'_>) -> String {
    let claim = row.claim;
    let mut line = format!("{} {:<6}", &row.article[..12.min(row.article.len())], claim.stance.name().to_uppercase());
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
