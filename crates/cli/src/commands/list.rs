//! `hearsay list`: stored articles, newest first, filtered by outlet and date.

use std::path::Path;

use crate::args::ListArgs;
use crate::{output, Outcome};

pub(crate) fn run(db: Option<&Path>, args: &ListArgs) -> anyhow::Result<Outcome> {
    let store = super::open_backend(db)?;
    let articles = store.list(&super::list_filter(&args.filter))?;
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
    Ok(Outcome::Success)
}
