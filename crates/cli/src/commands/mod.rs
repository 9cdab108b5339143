//! One module per subcommand.

pub(crate) mod claims;
pub(crate) mod entities;
pub(crate) mod eval;
pub(crate) mod export;
pub(crate) mod extract;
pub(crate) mod ingest;
pub(crate) mod ledger;
pub(crate) mod list;
pub(crate) mod parse;
pub(crate) mod queue;
pub(crate) mod search;
pub(crate) mod serve;
pub(crate) mod show;
pub(crate) mod stance;
pub(crate) mod stats;

use std::path::Path;

use anyhow::Context;
use hearsay_store::Backend;

/// Opens the store named by `--db`: a `postgres://` URL is a PostgreSQL server, anything else a
/// SQLite file; without `--db`, the default file.
pub(crate) fn open_backend(db: Option<&Path>) -> anyhow::Result<Box<dyn Backend>> {
    let path = db.map_or_else(hearsay_store::default_path, Path::to_path_buf);
    hearsay_store_pg::open_any(&path).with_context(|| format!("opening the store {}", hearsay_store_pg::describe(&path)))
}

/// The filter shared by `list` and `search`.
pub(crate) fn list_filter(args: &crate::args::FilterArgs) -> hearsay_store::ListFilter {
    hearsay_store::ListFilter {
        outlet: args.outlet.clone(),
        since: args.since.clone(),
        until: args.until.clone(),
        limit: args.limit,
        offset: 0,
    }
}

/// True when no outlet filter is given or the outlet matches it, ignoring case.
pub(crate) fn outlet_matches(outlet: Option<&str>, wanted: Option<&str>) -> bool {
    wanted.is_none_or(|wanted| outlet.is_some_and(|outlet| outlet.eq_ignore_ascii_case(wanted)))
}

/// True when no date filter is given or the publication date is on or after it.
pub(crate) fn published_since(published: Option<&str>, since: Option<&str>) -> bool {
    since.is_none_or(|since| published.is_some_and(|published| published.get(..10).unwrap_or(published) >= since))
}
