//! The sentence-embedding model the ledger may use to match paraphrased claims.
//!
//! Optional: without it the ledger matches claims on their entities and relation words.

use hearsay_ledger::Embed;

/// The embedder to use, if one is installed and not turned off.
pub(crate) fn embedder() -> Option<Box<dyn Embed>> {
    None
}
