//! Training the attribution models on PolNeAR train, and building the gazetteer from the actor
//! dictionaries (behind the `train` feature: none of it runs
//! when articles are annotated). Each trainer reads the split's files and returns the model;
//! `cargo xtask train <model>` writes it where the runtime embeds it from (`models/`).
//!
//! The trainers visit examples in a fixed pseudo-random order, so the same data gives the same
//! bytes, except the contextual tagger's encoder layer ([`attribution_layer`]), whose floating
//! point sums depend on thread timing.

mod cues;
mod gazetteer;
mod layer;
mod polnear;
mod tagger;

use std::path::PathBuf;

pub use cues::{cue_classifier, cue_list};
pub use gazetteer::{gazetteer, Error as GazetteerError};
pub use layer::{attribution_layer, BelowFn, LAYER_TRAINING};
pub use tagger::{attribution_tagger, ContextFn, TaggerTraining};

/// Why training failed.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// A file or folder could not be read.
    #[error("reading {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The sentence encoder failed (training the contextual tagger's layer).
    #[error("the sentence encoder: {0}")]
    Encoder(#[from] hearsay_embed::EmbedError),
    /// No annotated article was found.
    #[error("{path} holds no annotated articles")]
    Empty {
        /// The folder.
        path: PathBuf,
    },
}
