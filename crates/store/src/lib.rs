//! Where articles, their annotations and the ledger are kept: the [`Backend`] trait every store
//! implements, what its queries return, and the embedded SQLite store.
//!
//! Cleaned [`Article`](hearsay_article::Article)s go in; listings, full-text search hits and
//! whole stored articles come out. This crate holds what every store shares: the [`Backend`]
//! trait (what the pipeline, the queue workers, the ledger, the server and the command line need
//! from a store), [`LedgerWrite`] (one ledger update transaction), the plain data queries return
//! (`types.rs`), and what both backends compute alike outside their database (`keys.rs`: id
//! prefixes, date filters, outlet and publication keys, the article JSON, `--db` values).
//!
//! The embedded SQLite [`Store`] sits behind the cargo feature `sqlite` (on by default); the
//! PostgreSQL store, `hearsay-store-pg`, depends on this crate without it, so a build with one
//! backend does not compile the other.
//!
//! One SQLite file (WAL mode) holds:
//!
//! * `articles`: one row per distinct clean text, keyed by [`ArticleId`](hearsay_article::ArticleId)
//!   (the content hash), with the metadata in columns and the rest of the article as JSON, so
//!   [`Store::get`] gives back exactly the article that was inserted;
//! * an FTS5 index over title and clean text, for [`Store::search`];
//! * `sources`: every file and record an article was read from, so a rerun stores nothing twice
//!   and `hearsay show` lists every source;
//! * `bands` and `copies`: near-duplicate detection with [`hearsay_link`]'s MinHash band keys.
//!   A syndicated copy (the same wire story under another headline or with a footer) is stored
//!   and linked to the earliest stored member of its group;
//! * `publications`, `tombstones` (Jetstream deletions) and `annotations` (layers later stages
//!   compute, one JSON per article and schema);
//! * `ledger_*`: the cross-article ledger's derived state, opaque here (see [`LedgerWriter`]).
//!
//! [`Store::insert_batch`] writes a batch in one transaction: a crash loses at most that batch,
//! and a rerun finishes it without duplicates. The schema carries its version in
//! `PRAGMA user_version` and migrates forward on open; a store from a newer hearsay is refused
//! with [`Error::NewerSchema`].
//!
//! ```
//! # #[cfg(feature = "sqlite")] {
//! use hearsay_article::{Article, Metadata, SourceRef};
//! use hearsay_store::{Inserted, ListFilter, Store};
//!
//! let text = "Iran's Expediency Council met on Sunday to discuss the budget, officials said.";
//! let metadata = Metadata { outlet: Some("HUM News English".into()), ..Metadata::default() };
//! let article = Article::plain(text, SourceRef::file("news/council.txt"), metadata);
//! let mut store = Store::open_in_memory()?;
//! assert_eq!(store.insert_batch(&[article.clone()])?, vec![Inserted::New]);
//! assert_eq!(store.insert_batch(&[article.clone()])?, vec![Inserted::Existing]);
//!
//! let hits = store.search("expediency council", &ListFilter::default())?;
//! assert!(hits[0].snippet.contains("[Expediency] [Council]"));
//! let stored = store.get(&article.id.as_str()[..8])?.expect("stored");
//! assert_eq!(stored.article, article);
//! # }
//! # Ok::<(), hearsay_store::Error>(())
//! ```

mod backend;
mod error;
mod followed;
pub mod keys;
#[cfg(feature = "sqlite")]
mod ledger;
#[cfg(feature = "sqlite")]
mod query;
#[cfg(feature = "sqlite")]
mod schema;
#[cfg(feature = "sqlite")]
mod store;
mod types;

use std::path::PathBuf;

pub use backend::{Backend, LedgerWrite};
pub use error::{Error, Result};
pub use followed::FollowedSource;
pub use keys::{describe, is_url, MIN_ID_PREFIX};
#[cfg(feature = "sqlite")]
pub use ledger::LedgerWriter;
#[cfg(feature = "sqlite")]
pub use store::Store;
pub use types::{
    ArticleSummary, Inserted, LedgerArticle, LedgerEdge, LedgerItem, ListFilter, PropositionOrder, SearchBudget,
    SearchHit, Stats, StoredArticle, StoredProposition, Tally,
};

/// Where the store lives when the user names none: `$XDG_DATA_HOME/hearsay/hearsay.db`, else
/// `~/.local/share/hearsay/hearsay.db` on Linux (the platform's data folder elsewhere), else
/// `hearsay.db` in the working folder when no home folder is known.
pub fn default_path() -> PathBuf {
    match dirs::data_dir() {
        Some(data) => data.join("hearsay").join("hearsay.db"),
        None => PathBuf::from("hearsay.db"),
    }
}
