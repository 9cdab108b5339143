//! Per-article language stages: sentences, entities, attributions, stance, time.
//!
//! `extract` runs them in order over an `Article`'s clean text and returns one `Extraction`.

pub mod attribution;
pub mod entities;
pub mod gazetteer;
pub mod segment;
pub mod stance;
pub mod time;
