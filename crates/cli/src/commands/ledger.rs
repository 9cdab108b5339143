//! `hearsay ledger`, `hearsay stories`, `hearsay entity`: the ledger across outlets.
//!
//! Each brings the stored ledger up to date with the stored articles first (cheap when nothing
//! is new), then reads it: up to `hearsay_ledger::WHOLE_LEDGER_UP_TO` stored articles the whole
//! ledger (stories cut propositions, the outlets' voice counts), beyond that `hearsay ledger`,
//! `ledger ID`, `--about` and `entity` read each proposition from its own stored rows so memory
//! stays flat (`--whole` and `--stored` choose either on any corpus; `stories` reads it whole).

use std::io::IsTerminal;
use std::path::Path;

use hearsay_ledger::{
    Ledger, LedgerClaim, Proposition, PropositionFilter, PropositionOrder, PropositionPageFilter, LEDGER_SCHEMA,
};
use hearsay_pipeline::LedgerStep;
use hearsay_store::Backend;
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use crate::args::{EntityArgs, LedgerArgs, StoriesArgs};
use crate::{output, Outcome};

/// Brings the ledger up to date (the pipeline's ledger step), with a progress bar on a terminal
/// when there is much to read.
pub(crate) fn update(
    store: &mut dyn Backend,
    rebuild: bool,
    quiet: bool,
    embeddings: bool,
) -> anyhow::Result<hearsay_ledger::UpdateReport> {
    if rebuild {
        store.ledger_reset()?;
    }
    let embedder = crate::embed::embedder(&*store, embeddings)?;
    let bar =
        if !quiet && std::io::stderr().is_terminal() { ProgressBar::new_spinner() } else { ProgressBar::hidden() };
    bar.set_style(
        ProgressStyle::with_template("{spinner} ledger: {pos} articles read {per_sec}").expect("static template"),
    );
    let progress = |n: usize| bar.set_position(n as u64);
    let step = LedgerStep { embedder: embedder.as_deref(), progress: Some(&progress) };
    let report = hearsay_pipeline::update_ledger(store, &step)?;
    bar.finish_and_clear();
    for error in &report.unreadable {
        output::error(&format!("ledger: {error}; left out"));
    }
    Ok(report)
}

/// One proposition as `--json` prints it.
#[derive(Debug, Serialize)]
struct PropositionLine<'a> {
    schema: &'static str,
    #[serde(flatten)]
    proposition: &'a Proposition,
}

pub(crate) fn run_ledger(db: Option<&Path>, embeddings: bool, args: &LedgerArgs) -> anyhow::Result<Outcome> {
    let mut store = super::open_backend(db)?;
    update(&mut *store, args.rebuild, args.json, embeddings)?;
    // A corpus up to hearsay_ledger::WHOLE_LEDGER_UP_TO articles is read whole unless `--stored`.
    let whole = args.whole || (!args.stored && hearsay_ledger::reads_whole(&*store)?);
    if let Some(id) = &args.id {
        // The proposition's own rows; an id they do not hold (a story's own proposition, a part
        // of one cut by story) is looked up in the whole ledger.
        let found = if whole { None } else { hearsay_ledger::stored_explanation(&*store, id)? };
        let ledger;
        let (proposition, explanation) = match found {
            Some((proposition, explanation)) => (proposition, explanation),
            None => {
                ledger = Ledger::read(&*store)?;
                let Some(proposition) = ledger.proposition(id) else {
                    anyhow::bail!("no proposition with id {id}; `hearsay ledger` lists them")
                };
                (proposition.clone(), ledger.explain(proposition))
            }
        };
        if args.explain {
            if args.json {
                output::json_line(&explanation)?;
            } else {
                print_explanation(&explanation)?;
            }
        } else if args.json {
            output::json_line(&PropositionLine { schema: LEDGER_SCHEMA, proposition: &proposition })?;
        } else {
            print_proposition(&proposition, true)?;
        }
        return Ok(Outcome::Success);
    }
    if whole {
        return list_whole(&*store, args);
    }
    if let Some(about) = &args.about {
        // The claims made by or about the entity, through the index, and their propositions.
        let filter = PropositionFilter { about: Some(about.clone()), since: args.since.clone() };
        let (_, mut found) = hearsay_ledger::stored_propositions_about(&*store, &filter, 0, usize::MAX)?;
        found.retain(|p| p.claims.len() >= args.min_claims);
        if let Some(verdict) = &args.verdict {
            found.retain(|p| p.verdict.name() == verdict);
        }
        if args.limit > 0 {
            found.truncate(args.limit);
        }
        for proposition in &found {
            if args.json {
                output::json_line(&PropositionLine { schema: LEDGER_SCHEMA, proposition })?;
            } else {
                print_proposition(proposition, false)?;
            }
        }
        return Ok(Outcome::Success);
    }
    // The stored propositions in the order of the whole ledger's list, a page at a time.
    let filter = PropositionPageFilter {
        verdict: args.verdict.clone(),
        since: args.since.clone(),
        min_claims: i64::try_from(args.min_claims).unwrap_or(i64::MAX),
    };
    let wanted = if args.limit == 0 { usize::MAX } else { args.limit };
    let mut offset = 0;
    while offset < wanted {
        let size = (wanted - offset).min(256);
        let (_, page) =
            hearsay_ledger::stored_propositions_where(&*store, PropositionOrder::Sourced, &filter, offset, size)?;
        for proposition in &page {
            if args.json {
                output::json_line(&PropositionLine { schema: LEDGER_SCHEMA, proposition })?;
            } else {
                print_proposition(proposition, false)?;
            }
        }
        if page.len() < size {
            break;
        }
        offset += page.len();
    }
    Ok(Outcome::Success)
}

/// The list from the whole ledger (`--whole`, or a corpus small enough).
fn list_whole(store: &dyn Backend, args: &LedgerArgs) -> anyhow::Result<Outcome> {
    let ledger = Ledger::read(store)?;
    let filter = PropositionFilter { about: args.about.clone(), since: args.since.clone() };
    let mut found = ledger.propositions(&filter);
    if args.min_claims > 1 {
        found.retain(|p| p.claims.len() >= args.min_claims);
    }
    if let Some(verdict) = &args.verdict {
        found.retain(|p| p.verdict.name() == verdict);
    }
    if args.limit > 0 {
        found.truncate(args.limit);
    }
    for proposition in found {
        if args.json {
            output::json_line(&PropositionLine { schema: LEDGER_SCHEMA, proposition })?;
        } else {
            print_proposition(proposition, false)?;
        }
    }
    Ok(Outcome::Success)
}

fn print_proposition(proposition: &Proposition, full: bool) -> anyhow::Result<()> {
    let actors: Vec<&str> = proposition.actors.iter().map(|a| a.name.as_str()).collect();
    output::line(&format!(
        "{} {:<13} {}",
        proposition.id,
        proposition.verdict.name().to_uppercase(),
        output::truncate(&one_line(&proposition.text), 150)
    ))?;
    let origins: Vec<String> =
        proposition.origins.iter().map(|o| format!("{} ({}, {} art.)", o.name, o.stance, o.articles)).collect();
    output::line(&format!(
        "    about: {}   origins: {}",
        if actors.is_empty() { "-".to_owned() } else { actors.join(", ") },
        origins.join("; ")
    ))?;
    let shown = if full { proposition.claims.len() } else { proposition.claims.len().min(4) };
    for claim in &proposition.claims[..shown] {
        output::line(&format!("    {}", describe_claim(claim)))?;
    }
    if shown < proposition.claims.len() {
        output::line(&format!(
            "    ... {} more claims (hearsay ledger {})",
            proposition.claims.len() - shown,
            proposition.id
        ))?;
    }
    for related in &proposition.related {
        output::line(&format!(
            "    {} {}: {}",
            related.relation,
            related.id,
            output::truncate(&one_line(&related.text), 110)
        ))?;
    }
    output::line("")?;
    Ok(())
}

fn print_explanation(explanation: &hearsay_ledger::Explanation) -> anyhow::Result<()> {
    output::line(&format!(
        "{} {}: {}",
        explanation.id,
        explanation.verdict.name().to_uppercase(),
        output::truncate(&one_line(&explanation.text), 150)
    ))?;
    output::line(&format!("  why: {}", explanation.reason))?;
    for (title, origins) in [("affirm", &explanation.affirm), ("deny", &explanation.deny)] {
        output::line(&format!("  {title} ({} independent origins):", origins.len()))?;
        for origin in origins.iter() {
            let articles: Vec<String> = origin
                .articles
                .iter()
                .map(|a| {
                    let copy = a
                        .copy_of
                        .as_deref()
                        .map(|o| format!(", copy of {}", &o[..o.len().min(12)]))
                        .unwrap_or_default();
                    format!("{} {}{copy}", &a.id[..a.id.len().min(12)], a.outlet.as_deref().unwrap_or("(no outlet)"))
                })
                .collect();
            let how = if origin.evidence == "voice" { "the outlet's own voice" } else { "attributed" };
            output::line(&format!("    {} [{how}]: {}", origin.name, articles.join("; ")))?;
        }
    }
    if !explanation.copies.is_empty() {
        output::line("  copies of one another (count once):")?;
        for group in &explanation.copies {
            let short: Vec<&str> = group.iter().map(|id| &id[..id.len().min(12)]).collect();
            output::line(&format!("    {}", short.join(" = ")))?;
        }
    }
    if !explanation.same_origin.is_empty() {
        output::line("  articles that all cite one origin:")?;
        for origin in &explanation.same_origin {
            output::line(&format!("    {}: {} articles", origin.name, origin.articles.len()))?;
        }
    }
    Ok(())
}

/// `2026-04-20 HUM News English: DENY Kazem Jalali [Iran's Ambassador to Russia] via X (denied): content`.
fn describe_claim(claim: &LedgerClaim) -> String {
    let item = &claim.item;
    let date = item.published.as_deref().map_or("????-??-??", |d| d.get(..10).unwrap_or(d));
    let mut line =
        format!("{date} {}: {}", item.outlet.as_deref().unwrap_or("(no outlet)"), claim.polarity.name().to_uppercase());
    if item.out.hedged {
        line.push_str(" (hedged)");
    }
    line.push(' ');
    line.push_str(&item.out.claimant.name);
    if let Some(role) = &item.out.role {
        line.push_str(&format!(" [{role}]"));
    }
    if !item.out.via.is_empty() {
        let chain: Vec<&str> = item.out.via.iter().map(|v| v.name.as_str()).collect();
        line.push_str(&format!(" via {}", chain.join(" > ")));
    }
    if claim.copy_of.is_some() {
        line.push_str(" (near-duplicate)");
    }
    if claim.voice {
        line.push_str(" (own voice)");
    }
    line.push_str(&format!(" ({}): {}", item.out.cue, output::truncate(&one_line(&item.out.content), 110)));
    line
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(crate) fn run_stories(db: Option<&Path>, embeddings: bool, args: &StoriesArgs) -> anyhow::Result<Outcome> {
    let mut store = super::open_backend(db)?;
    update(&mut *store, false, args.json, embeddings)?;
    // Beyond WHOLE_LEDGER_UP_TO articles the stories are read from the rows the update keeps, a
    // story at a time, not from the whole ledger.
    let kept: Vec<hearsay_ledger::Story>;
    let ledger: Ledger;
    let whole = args.whole || (!args.stored && hearsay_ledger::reads_whole(&*store)?);
    let mut stories: Vec<&hearsay_ledger::Story> = if whole {
        ledger = Ledger::read(&*store)?;
        ledger.stories()
    } else {
        kept = match &args.id {
            Some(id) => hearsay_ledger::stored_story(&*store, id)?.into_iter().collect(),
            None => hearsay_ledger::stored_stories(&*store, 0, if args.limit > 0 { args.limit } else { usize::MAX })?.1,
        };
        kept.iter().collect()
    };
    if let Some(id) = &args.id {
        stories.retain(|story| story.id.starts_with(id.as_str()));
        if stories.is_empty() {
            anyhow::bail!("no story with id {id}; `hearsay stories` lists them");
        }
    }
    if args.min_articles > 1 {
        stories.retain(|story| story.articles.len() >= args.min_articles);
    }
    if args.limit > 0 {
        stories.truncate(args.limit);
    }
    for story in stories {
        if args.json {
            output::json_line(story)?;
            continue;
        }
        let span = match (&story.first, &story.last) {
            (Some(first), Some(last)) => {
                format!("{} .. {}", first.get(..10).unwrap_or(first), last.get(..10).unwrap_or(last))
            }
            _ => "undated".to_owned(),
        };
        output::line(&format!(
            "{} {} ({} articles, {} outlets, {span})",
            story.id,
            story.title.as_deref().unwrap_or("(untitled)"),
            story.articles.len(),
            story.outlets.len()
        ))?;
        let entities: Vec<&str> = story.entities.iter().take(8).map(|e| e.name.as_str()).collect();
        output::line(&format!("    entities: {}", entities.join(", ")))?;
        if !story.events.is_empty() {
            output::line(&format!(
                "    events: {}",
                story.events.iter().map(|e| e.trim_start_matches("event:")).collect::<Vec<_>>().join(", ")
            ))?;
        }
        for article in &story.articles {
            let date = article.published.as_deref().map_or("????-??-??", |d| d.get(..10).unwrap_or(d));
            output::line(&format!(
                "    {date} {:<24} {}{}",
                output::truncate(article.outlet.as_deref().unwrap_or("(no outlet)"), 24),
                output::truncate(article.title.as_deref().unwrap_or(&article.id), 90),
                if article.copy_of.is_some() { " (near-duplicate)" } else { "" }
            ))?;
        }
        for proposition in story.propositions.iter().take(if args.id.is_some() { usize::MAX } else { 5 }) {
            output::line(&format!(
                "    {} {:<13} {}",
                proposition.id,
                proposition.verdict.name(),
                output::truncate(&one_line(&proposition.text), 100)
            ))?;
        }
        output::line("")?;
    }
    Ok(Outcome::Success)
}

pub(crate) fn run_entity(db: Option<&Path>, embeddings: bool, args: &EntityArgs) -> anyhow::Result<Outcome> {
    let mut store = super::open_backend(db)?;
    update(&mut *store, false, args.json, embeddings)?;
    // On a corpus up to hearsay_ledger::WHOLE_LEDGER_UP_TO articles, from the whole ledger; beyond,
    // the articles naming it and the claims made by or about it, through the index.
    let report = if hearsay_ledger::reads_whole(&*store)? {
        Ledger::read(&*store)?.entity(&args.name)
    } else {
        hearsay_ledger::stored_entity(&*store, &args.name)?
    };
    let Some(report) = report else {
        anyhow::bail!("no entity named {:?} in the store; `hearsay entities` lists them", args.name);
    };
    if args.json {
        output::json_line(&report)?;
        return Ok(Outcome::Success);
    }
    output::line(&format!("{} ({}, {}) in {} articles", report.name, report.kind, report.key, report.articles))?;
    if !report.aliases.is_empty() {
        output::line(&format!("  also: {}", report.aliases.join(", ")))?;
    }
    if !report.roles.is_empty() {
        output::line("  roles:")?;
        for role in &report.roles {
            let date = role.published.as_deref().map_or("????-??-??", |d| d.get(..10).unwrap_or(d));
            output::line(&format!("    {date} {} ({})", role.role, role.outlet.as_deref().unwrap_or("no outlet")))?;
        }
    }
    for (title, claims) in [("claimed", &report.claims_made), ("claimed about it", &report.claims_about)] {
        if claims.is_empty() {
            continue;
        }
        output::line(&format!("  {title} ({}):", claims.len()))?;
        for claim in claims.iter().take(args.limit.max(1)) {
            output::line(&format!("    {}", describe_claim(claim)))?;
        }
    }
    if !report.propositions.is_empty() {
        output::line("  propositions:")?;
        for proposition in report.propositions.iter().take(args.limit.max(1)) {
            output::line(&format!(
                "    {} {:<13} {}",
                proposition.id,
                proposition.verdict.name(),
                output::truncate(&one_line(&proposition.text), 100)
            ))?;
        }
    }
    output::line("  timeline:")?;
    for entry in report.timeline.iter().take(args.limit.max(1)) {
        let date = entry.date.as_deref().map_or("????-??-??", |d| d.get(..10).unwrap_or(d));
        output::line(&format!(
            "    {date} {:<13} {}: {}",
            entry.kind,
            entry.outlet.as_deref().unwrap_or("-"),
            output::truncate(&one_line(&entry.text), 100)
        ))?;
    }
    Ok(Outcome::Success)
}
