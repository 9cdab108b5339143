//! `hearsay check "CLAIM"`: the stored articles that affirm, deny or discuss a claim, grouped by
//! independent origin, with a verdict (the logic is `hearsay_ledger::check`).

use std::path::Path;

use anyhow::Context;
use hearsay_ledger::check::{CheckStance, Checker, ClaimCheck};

use crate::args::CheckArgs;
use crate::{output, Outcome};

pub(crate) fn run(db: Option<&Path>, embeddings: bool, args: &CheckArgs) -> anyhow::Result<Outcome> {
    let claims: Vec<String> = match (&args.claim, &args.claims) {
        (_, Some(path)) => std::fs::read_to_string(path)
            .with_context(|| format!("reading the claims in {}", path.display()))?
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect(),
        (Some(claim), None) => vec![claim.clone()],
        (None, None) => anyhow::bail!("give a claim, or --claims FILE"),
    };
    let store = super::open_backend(db)?;
    let mut checker = Checker::with_default_model().context("loading the built-in stance model")?;
    // With embeddings (asked, or the ledger built with them), they decide which articles report it.
    if let Some(embedder) = crate::embed::check_embedder(Some(store.as_ref()), embeddings)? {
        checker = checker.with_embedder(embedder);
    }
    for (index, claim) in claims.iter().enumerate() {
        let checked = checker.check(store.as_ref(), claim).with_context(|| format!("checking {claim:?}"))?;
        if args.json {
            output::json_line(&checked)?;
        } else {
            if index > 0 {
                output::line("")?;
            }
            print_check(&checked)?;
        }
    }
    Ok(Outcome::Success)
}

/// The claim, its verdict and one block per origin.
fn print_check(checked: &ClaimCheck) -> anyhow::Result<()> {
    let origins = checked.origins();
    let count =
        |stance: CheckStance| origins.iter().filter(|(_, members)| members.iter().any(|e| e.stance == stance)).count();
    output::line(&format!("claim: {}", checked.claim))?;
    output::line(&format!(
        "verdict: {}  ({} articles, {} origins: {} affirm, {} deny, {} discuss)",
        checked.verdict.name(),
        checked.evidence.len(),
        origins.len(),
        count(CheckStance::Affirm),
        count(CheckStance::Deny),
        count(CheckStance::Discuss),
    ))?;
    for (origin, members) in &origins {
        output::line(&format!("  {origin}"))?;
        for evidence in members {
            let copy = evidence
                .copy_of
                .as_deref()
                .map_or(String::new(), |original| format!("  (copy of {})", &original[..original.len().min(12)]));
            let claims =
                if evidence.claims.is_empty() { String::new() } else { format!("  [{}]", evidence.claims.join(" ")) };
            output::line(&format!(
                "    {:<7} {}  {}  {}{claims}{copy}",
                evidence.stance.name(),
                &evidence.article[..evidence.article.len().min(12)],
                evidence.published.as_deref().map_or("-", |date| &date[..date.len().min(10)]),
                output::truncate(evidence.title.as_deref().unwrap_or("(untitled)"), 70),
            ))?;
        }
    }
    Ok(())
}
