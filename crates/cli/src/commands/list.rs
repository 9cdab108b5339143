//! `hearsay list`: stored articles, newest first, filtered by outlet and date.

use std::path::Path;

use crate::args::ListArgs;
use crate::{output, Outcome};

#[expect(
    clippy::print_stderr,
    reason = "a note for the person at the terminal, kept off stdout so that the listing pipes"
)]
pub(crate) fn run(db: Option<&Path>, args: &ListArgs) -> anyhow::Result<Outcome> {
    let store = super::open_backend(db)?;
    let mut filter = super::list_filter(&args.filter);
    filter.offset = args.offset;
    // One more than asked, so that a cut-off list can say so (on stderr, never in the JSON).
    let limit = filter.limit;
    filter.limit = limit.saturating_add(1);
    let mut articles = store.list(&filter)?;
    let more = articles.len() > limit;
    articles.truncate(limit);
    for summary in &articles {
        if args.json {
            output::json_line(summary)?;
        } else {
            output::line(&format!(
                "{}  {:<10}  {:<24}  {}",
                &summary.id.as_str()[..12],
                summary.published.as_deref().map_or("", |date| date.get(..10).unwrap_or(date)),
                output::truncate(summary.outlet.as_deref().unwrap_or("-"), 24),
                output::truncate(summary.title.as_deref().unwrap_or("(untitled)"), 80)
            ))?;
        }
    }
    if more {
        let next = args.offset.saturating_add(limit);
        eprintln!(
            "{} articles shown ({} to {}); more exist: --offset {next} shows the next page, --limit a longer one",
            articles.len(),
            args.offset.saturating_add(1),
            next
        );
    }
    Ok(Outcome::Success)
}
