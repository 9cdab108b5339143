//! Scores hearsay's stages against public gold data in `../shared/data`.
//!
//! Each module reads one benchmark, runs the stage it scores and returns a report that serialises
//! to JSON (committed under `eval/results/`). Only dev and train splits are read here.

pub mod attribution;
pub mod check;
mod common;
pub mod context_cache;
pub mod extraction;
pub mod gap;
pub mod propositions;
pub mod stories;
pub mod tuning_split;
