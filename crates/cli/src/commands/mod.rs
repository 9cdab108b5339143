//! One module per subcommand.

pub(crate) mod claims;
pub(crate) mod entities;
pub(crate) mod eval;
pub(crate) mod export;
pub(crate) mod extract;
pub(crate) mod ingest;
pub(crate) mod ledger;
pub(crate) mod list;
pub(crate) mod queue;
pub(crate) mod search;
pub(crate) mod serve;
pub(crate) mod show;
pub(crate) mod stance;
pub(crate) mod stats;

use std::path::Path;

use anyhow::Context;
use hearsay_store::{Backend, Store};

/// Opens the store named by `--db` for the commands every store supports: a `postgres://` URL is
/// a PostgreSQL server, anything else a SQLite file; without `--db`, the default file.
pub(crate) fn open_backend(db: Option<&Path>) -> anyhow::Result<Box<dyn Backend>> {
    if let Some(url) = postgres_url(db) {
        let store = hearsay_store_pg::PgStore::connect(url).context("opening the PostgreSQL store")?;
        return Ok(Box::new(store));
    }
    Ok(Box::new(open_store(db, "this command")?))
}

/// Opens the embedded SQLite store named by `--db`, or the default one, for the commands that
/// need it (the ledger, `serve`). A PostgreSQL URL is refused with a message naming `command`.
pub(crate) fn open_store(db: Option<&Path>, command: &str) -> anyhow::Result<Store> {
    refuse_postgres(db, command)?;
    let path = db.map_or_else(hearsay_store::default_path, Path::to_path_buf);
    Store::open(&path).with_context(|| format!("opening the store {}", path.display()))
}

/// The `--db` value when it names a PostgreSQL server.
pub(crate) fn postgres_url(db: Option<&Path>) -> Option<&str> {
    db.and_then(Path::to_str).filter(|db| hearsay_store_pg::is_url(db))
}

/// Fails with a clear message when `--db` names a PostgreSQL server and `command` needs SQLite.
pub(crate) fn refuse_postgres(db: Option<&Path>, command: &str) -> anyhow::Result<()> {
    if postgres_url(db).is_some() {
        anyhow::bail!("{command} is not yet supported on PostgreSQL; use the SQLite store (--db FILE)");
    }
    Ok(())
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
