//! Cross-document links: near-duplicates, stories, claim matching.
//!
//! The same wire story reaches us many times: an AP report reprinted by a dozen outlets, each with
//! its own headline, a "The post ... appeared first on ..." footer, or the first paragraph cut.
//! Those copies have different [`ArticleId`](hearsay_article::ArticleId)s (the id hashes the exact
//! text), so exact matching cannot join them. This crate finds them with MinHash signatures and
//! locality-sensitive hashing (LSH):
//!
//! * [`MinHasher`] turns a text into a [`Signature`]: 128 minimum hashes over the text's word
//!   5-gram shingles. The share of equal positions in two signatures estimates the Jaccard
//!   similarity of the two shingle sets ([`Signature::similarity`]).
//! * [`Signature::band_keys`] cuts a signature into 32 bands of 4 rows and hashes each band. Two
//!   texts with Jaccard similarity 0.7 share at least one band key with probability 0.9998, two
//!   different articles (similarity under 0.05) about once in 5,000 pairs, so a store only compares a new article with the few stored ones that
//!   share a band key, never with all of them.
//! * [`NEAR_DUPLICATE_THRESHOLD`] is the similarity at or above which two texts are copies.
//!
//! Everything here is pure: no IO, no clock, and the same text gives the same signature and band
//! keys on every machine and every run (the hashes are written out here, not taken from `std`),
//! so keys written to a store stay valid across releases.
//!
//! ```
//! use hearsay_link::{MinHasher, NEAR_DUPLICATE_THRESHOLD};
//!
//! let story = "Iran's Expediency Council met on Sunday to discuss the budget. The council's \
//!     chairman said the talks would go on until agreement was reached. Officials declined to \
//!     say when a vote would take place, but lawmakers expect one within the month.";
//! // A reprint under its own headline.
//! let reprint = format!("Budget talks drag on\n{story}");
//! let other = "The central bank raised interest rates by half a point on Thursday, citing \
//!     inflation that has stayed above its target for a year. Economists had expected the move.";
//!
//! let hasher = MinHasher::new();
//! let (a, b, c) = (hasher.signature(story), hasher.signature(&reprint), hasher.signature(other));
//! assert!(a.similarity(&b) >= NEAR_DUPLICATE_THRESHOLD);
//! assert!(a.similarity(&c) < 0.1);
//! assert!(a.band_keys().iter().any(|key| b.band_keys().contains(key)));
//! ```

mod minhash;

pub use minhash::{MinHasher, Signature, BANDS, NEAR_DUPLICATE_THRESHOLD, PERMUTATIONS, ROWS_PER_BAND, SHINGLE_WORDS};
