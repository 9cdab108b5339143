//! The ledger step: after articles are stored, the ledger reads them.
//!
//! `hearsay ingest` runs it after its batches, `hearsay serve` at start and after every upload,
//! and `hearsay ledger`, `stories` and `entity` before they read; all of them through
//! [`update_ledger`], so that a ledger is brought up to date one way whoever stores the articles.
//! Queue workers do not run it (they would wait on each other for the ledger's lock); the
//! ledger catches up with what they stored the next time one of the above runs.

use hearsay_ledger::{Embed, UpdateOptions, UpdateReport};
use hearsay_store::Backend;

use crate::Result;

/// Articles the ledger reads per transaction: a kill loses at most that many articles' work.
const LEDGER_BATCH: usize = 256;

/// How the ledger step runs. The default reads what is new, without embeddings.
#[derive(Default)]
pub struct LedgerStep<'a> {
    /// Sentence embeddings for matching paraphrased claims. A ledger built with other settings
    /// than the stored one is rebuilt.
    pub embedder: Option<&'a dyn Embed>,
    /// Called after each transaction with the number of articles read so far.
    pub progress: Option<&'a dyn Fn(usize)>,
}

impl std::fmt::Debug for LedgerStep<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LedgerStep").field("embedder", &self.embedder.map(Embed::id)).finish_non_exhaustive()
    }
}

/// Brings the ledger in `store` up to date with the stored articles, in transactions of 256
/// articles. Articles whose annotations cannot be read are skipped and listed in the report. (A
/// rebuild is [`Backend::ledger_reset`] first.)
pub fn update_ledger(store: &mut dyn Backend, step: &LedgerStep<'_>) -> Result<UpdateReport> {
    let options = UpdateOptions {
        embedder: step.embedder,
        batch: LEDGER_BATCH,
        progress: step.progress,
        ..UpdateOptions::default()
    };
    Ok(hearsay_ledger::update(store, &options)?)
}
