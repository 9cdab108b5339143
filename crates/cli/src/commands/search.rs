//! `hearsay search QUERY`: ranked full-text hits with highlighted snippets.

use std::io::IsTerminal;
use std::path::Path;

use crate::args::SearchArgs;
use crate::{output, Outcome};

pub(crate) fn run(db: Option<&Path>, args: &SearchArgs) -> anyhow::Result<Outcome> {
    let store = super::open_backend(db)?;
    let hits = store.search(&args.query, &super::list_filter(&args.filter))?;
    let color = std::io::stdout().is_terminal();
    for hit in &hits {
        if args.json {
            output::json_line(hit)?;
            continue;
        }
        let summary = &hit.article;
        output::line(&format!(
            "{}  {}  {}",
            &summary.id.as_str()[..12],
            summary.outlet.as_deref().unwrap_or("-"),
            summary.title.as_deref().unwrap_or("(untitled)")
        ))?;
        output::line(&format!("    {}", highlight(&hit.snippet, color)))?;
    }
    if hits.is_empty() && !args.json {
        output::error(&format!("no articles match {:?}", args.query));
    }
    Ok(Outcome::Success)
}

/// Turns the store's `[match]` markers into bold on a terminal, and keeps them in pipes.
fn highlight(snippet: &str, color: bool) -> String {
    let one_line = snippet.replace('\n', " ");
    if color {
        one_line.replace('[', "\x1b[1m").replace(']', "\x1b[0m")
    } else {
        one_line
    }
}
