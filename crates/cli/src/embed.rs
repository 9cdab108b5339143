//! The sentence-embedding model the ledger may use to match paraphrased claims.
//!
//! Optional, and off unless asked for (`--embeddings` or HEARSAY_EMBEDDINGS=1), because
//! embedding every claim on the CPU costs far more than the rest of the ledger. Once a ledger is
//! built with embeddings it keeps them: later commands load the model again without the flag,
//! and say how to install it if it has gone. `hearsay ledger --rebuild` without the flag turns
//! them off.

use anyhow::Context;
use hearsay_embed::Embedder;
use hearsay_ledger::Embed;
use hearsay_store::Backend;

/// Extraction options; with `contextual`, after finding and loading the sentence encoder and
/// handing it to `hearsay-nlp` (which reads no files), so that a missing model stops the command
/// with its install hint instead of warning on every article.
pub(crate) fn extract_options(
    include_narration: bool,
    contextual: bool,
) -> anyhow::Result<hearsay_nlp::ExtractOptions> {
    if contextual {
        shared_embedder().context("loading the sentence encoder, since --contextual was given")?;
    }
    Ok(hearsay_nlp::ExtractOptions { include_narration, contextual })
}

/// The name the ledger records for this model.
const MODEL: &str = "all-MiniLM-L6-v2";

/// The embedder to use: when `asked`, or when the stored ledger was built with one.
pub(crate) fn embedder(store: &dyn Backend, asked: bool) -> anyhow::Result<Option<Box<dyn Embed>>> {
    Ok(shared(store, asked)?.map(|model| Box::new(MiniLm(model)) as Box<dyn Embed>))
}

/// The same for `hearsay check`, which decides with it which articles report the claim
/// (`Checker::with_embedder`), and for `hearsay eval check --embeddings`.
pub(crate) fn check_embedder(
    store: Option<&dyn Backend>,
    asked: bool,
) -> anyhow::Result<Option<std::sync::Arc<dyn Embed + Send + Sync>>> {
    let model = match store {
        Some(store) => shared(store, asked)?,
        None if asked => {
            Some(shared_embedder().context("loading the sentence-embedding model, since --embeddings was given")?)
        }
        None => None,
    };
    Ok(model.map(|model| std::sync::Arc::new(MiniLm(model)) as std::sync::Arc<dyn Embed + Send + Sync>))
}

/// The model, when `asked` or when the stored ledger was built with it.
fn shared(store: &dyn Backend, asked: bool) -> anyhow::Result<Option<&'static Embedder>> {
    let stored = store.ledger_state("config")?.is_some_and(|config| config.ends_with(&format!("embeddings={MODEL}")));
    if !asked && !stored {
        return Ok(None);
    }
    let why = if asked {
        "--embeddings was given"
    } else {
        "the stored ledger was built with sentence embeddings (rebuild without them: hearsay ledger --rebuild)"
    };
    // The process's one copy, shared with `--contextual` extraction (loading costs a second and 90 MB).
    let model = shared_embedder().with_context(|| format!("loading the sentence-embedding model, since {why}"))?;
    Ok(Some(model))
}

/// The process's one encoder: located (`$HEARSAY_MINILM_DIR`, then python's site-packages) and
/// loaded on first use, and handed to `hearsay-nlp` for contextual extraction.
fn shared_embedder() -> anyhow::Result<&'static Embedder> {
    if let Some(embedder) = hearsay_nlp::attribution::context::encoder() {
        return Ok(embedder);
    }
    let embedder = Embedder::locate()?;
    Ok(hearsay_nlp::attribution::context::install_encoder(embedder))
}

struct MiniLm(&'static Embedder);

impl Embed for MiniLm {
    fn id(&self) -> &str {
        MODEL
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, String> {
        self.0.embed(texts).map_err(|error| error.to_string())
    }
}
