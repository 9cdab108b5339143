//! One module per subcommand.

pub(crate) mod check;
pub(crate) mod claims;
pub(crate) mod entities;
pub(crate) mod eval;
pub(crate) mod export;
pub(crate) mod extract;
pub(crate) mod follow;
pub(crate) mod ingest;
pub(crate) mod ledger;
pub(crate) mod list;
pub(crate) mod parse;
pub(crate) mod queue;
pub(crate) mod search;
pub(crate) mod serve;
pub(crate) mod show;
pub(crate) mod sources;
pub(crate) mod stance;
pub(crate) mod stats;

use std::path::Path;

use anyhow::Context;
use hearsay_store::Backend;

/// Opens the store named by `--db`: a `postgres://` URL is a PostgreSQL server, anything else a
/// SQLite file; without `--db`, the default file.
pub(crate) fn open_backend(db: Option<&Path>) -> anyhow::Result<Box<dyn Backend>> {
    let path = db.map_or_else(hearsay_store::default_path, Path::to_path_buf);
    hearsay_pipeline::open_any(&path).with_context(|| format!("opening the store {}", hearsay_store::describe(&path)))
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

/// The stored `hearsay.extract/1` layers of the articles that pass `filter`, read through the
/// query layer. A layer that does not parse is left out and named on stderr, and the outcome is
/// then [`Outcome::SomeFailed`]: the one policy for unreadable layers.
pub(crate) fn stored_documents(
    store: &dyn Backend,
    filter: &hearsay_query::ArticleFilter,
) -> anyhow::Result<(Vec<hearsay_schema::ExtractOutput>, crate::Outcome)> {
    let loaded = hearsay_query::load(store, filter)?;
    for error in &loaded.unreadable {
        crate::output::error(&format!("{error}; left out"));
    }
    let outcome = if loaded.unreadable.is_empty() { crate::Outcome::Success } else { crate::Outcome::SomeFailed };
    Ok((loaded.documents, outcome))
}
