//! `hearsay sources`: the sources `hearsay follow` polls, with their health.

use clap::Args;
use hearsay_store::FollowedSource;

use crate::{output, Outcome};

#[derive(Debug, Args)]
pub(crate) struct SourcesArgs {
    /// One JSON object per source on stdout.
    #[arg(long)]
    pub(crate) json: bool,
}

pub(crate) fn run(db: Option<&std::path::Path>, args: &SourcesArgs) -> anyhow::Result<Outcome> {
    let store = super::open_backend(db)?;
    let sources = store.followed_sources()?;
    for source in &sources {
        if args.json {
            output::json_line(&serde_json::json!({
                "url": source.url,
                "kind": source.kind,
                "health": health(source),
                "etag": source.etag,
                "last_modified": source.last_modified,
                "cursor": source.cursor,
                "last_poll": source.last_poll,
                "last_success": source.last_success,
                "last_error": source.last_error,
                "failures": source.failures,
                "articles": source.articles,
            }))?;
        } else {
            let position = match (&source.cursor, &source.etag, &source.last_modified) {
                (Some(cursor), _, _) => format!("cursor {cursor}"),
                (None, Some(etag), _) => format!("etag {etag}"),
                (None, None, Some(date)) => format!("last-modified {date}"),
                (None, None, None) => String::new(),
            };
            let mut line = format!(
                "{:<9} {}  {}  polled {}  {} articles  {position}",
                source.kind,
                source.url,
                health(source),
                source.last_poll.as_deref().unwrap_or("never"),
                source.articles
            );
            if let Some(error) = &source.last_error {
                line.push_str(&format!("\n          last error: {error}"));
            }
            output::line(line.trim_end())?;
        }
    }
    if sources.is_empty() && !args.json {
        output::error("no followed sources yet: run hearsay follow --feed URL (docs/follow.md)");
    }
    Ok(Outcome::Success)
}

/// `ok`, `failing` (the last poll failed) or `never polled`.
fn health(source: &FollowedSource) -> String {
    match (&source.last_error, &source.last_success) {
        (Some(_), _) => format!("failing ({} in a row)", source.failures),
        (None, Some(_)) => "ok".to_owned(),
        (None, None) => "never polled".to_owned(),
    }
}
