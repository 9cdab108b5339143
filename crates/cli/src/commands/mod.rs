//! One module per subcommand.

pub(crate) mod eval;
pub(crate) mod ingest;
pub(crate) mod list;
pub(crate) mod search;
pub(crate) mod show;
pub(crate) mod stats;

use std::path::Path;

use anyhow::Context;
use hearsay_store::Store;

/// Opens the store named by `--db`, or the default one.
pub(crate) fn open_store(db: Option<&Path>) -> anyhow::Result<Store> {
    let path = db.map_or_else(hearsay_store::default_path, Path::to_path_buf);
    Store::open(&path).with_context(|| format!("opening the store {}", path.display()))
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
