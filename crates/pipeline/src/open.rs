//! Opening the store a `--db` value names: a `postgres://` URL is a PostgreSQL server (cargo
//! feature `postgres`), anything else a SQLite file (feature `sqlite`). Both are on by default;
//! a build without one says so when asked to open that kind of store.

use std::path::Path;

use hearsay_store::{Backend, Result};

/// Opens the store `db` names, creating a missing SQLite file and migrating either store to the
/// current schema.
pub fn open_any(db: &Path) -> Result<Box<dyn Backend>> {
    match db.to_str().filter(|db| hearsay_store::is_url(db)) {
        Some(url) => open_server(url),
        None => open_file(db),
    }
}

#[cfg(feature = "postgres")]
fn open_server(url: &str) -> Result<Box<dyn Backend>> {
    Ok(Box::new(hearsay_store_pg::PgStore::connect(url)?))
}

#[cfg(not(feature = "postgres"))]
fn open_server(url: &str) -> Result<Box<dyn Backend>> {
    Err(hearsay_store::Error::Unsupported { location: hearsay_store::keys::redact(url), feature: "postgres" })
}

#[cfg(feature = "sqlite")]
fn open_file(path: &Path) -> Result<Box<dyn Backend>> {
    Ok(Box::new(hearsay_store::Store::open(path)?))
}

#[cfg(not(feature = "sqlite"))]
fn open_file(path: &Path) -> Result<Box<dyn Backend>> {
    Err(hearsay_store::Error::Unsupported { location: path.display().to_string(), feature: "sqlite" })
}
