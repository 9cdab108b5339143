//! `hearsay follow`: news as it is published, from feeds, their article pages and the AT Protocol
//! Jetstream, into the store.
//!
//! A [`Follower`] runs one thread per [`Source`], each with its own store connection:
//! - a **feed** is polled on an interval with a conditional GET (`If-None-Match`,
//!   `If-Modified-Since`; a 304 means nothing to do), timeouts, retries with backoff, a per-host
//!   rate limit and a body size cap (`http.rs`). The body is read by `hearsay_ingest`'s feed
//!   reader (RSS, Atom, JSON Feed); an item that carries only a summary is replaced by its page,
//!   fetched where `robots.txt` allows and cleaned through the HTML path (`pages.rs`);
//! - a **Jetstream** endpoint is subscribed to over a websocket with `wantedCollections`; events
//!   are read by `hearsay_ingest`'s Jetstream reader in batches, and the cursor (`time_us`) is
//!   saved after each batch is committed and sent back as `?cursor=` on reconnect
//!   (`jetstream.rs`).
//!
//! Records are stored as `hearsay ingest` stores them: cleaned, annotated and written by the
//! pipeline's [`hearsay_pipeline::Batch`], one transaction a batch, with the ledger step after
//! (`records.rs`). Each source's ETag, Last-Modified, cursor and health live in the store
//! ([`hearsay_store::FollowedSource`]), so a restart resumes where the last run stopped; ids are
//! content hashes, so what a restart or a replay reads again is stored once.
//!
//! Every pass over a source ends in a [`SourceReport`]: new, unchanged or failed, and why. A
//! failing source (a timeout, a 500, a redirect loop, a body over the cap, malformed XML) is
//! reported on that source and the others go on.
//!
//! ```no_run
//! use std::sync::atomic::AtomicBool;
//! use hearsay_follow::{FollowOptions, Follower, Source};
//!
//! let open = || hearsay_pipeline::open_any(std::path::Path::new("news.db"));
//! let stop = AtomicBool::new(false);
//! let follower = Follower {
//!     options: FollowOptions { exit_when_idle: true, ..FollowOptions::default() },
//!     open_store: &open,
//!     update_ledger: None,
//!     on_report: &|report| eprintln!("{}", report.line()),
//!     stop: &stop,
//! };
//! follower.run(&[Source::feed("https://outlet.example/rss.xml")], None);
//! ```

mod error;
mod feed;
mod http;
mod jetstream;
mod pages;
mod records;
mod run;
mod sources;

pub use error::{Error, Result};
pub use records::Tally;
pub use run::{FollowOptions, Follower, OpenStore, SourceReport, Status, UpdateLedger};
pub use sources::{parse_opml, parse_toml, read_sources, Source, SourceKind, SourceList, DEFAULT_COLLECTIONS};
