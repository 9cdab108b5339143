//! Words in context: the contextual vectors of a sentence encoder (all-MiniLM-L6-v2, see
//! `hearsay-embed`), one per tagger token, for the attribution tagger to read next to its
//! hashed features.
//!
//! Why: the hashed features see words and their neighbours, not syntax, so the tagger confuses
//! a verb's subject with its object ("Sanders criticized Clinton": who is the source?) and
//! misses cue words it saw rarely ("plans", "wants"). The encoder's states carry both; those of
//! its middle layer ([`LAYERS`]) carry more syntax than the last one's.
//! It is optional: without the model, the tagger trained without it runs instead. Encoding needs
//! the `contextual` feature (candle, through `hearsay-embed`); the vectors themselves are plain data.

#[cfg(feature = "contextual")]
use std::sync::OnceLock;

#[cfg(feature = "contextual")]
use hearsay_embed::{EmbedError, TunedLayer};

/// The sentence encoder (from `hearsay-embed`), for callers to locate and [`install_encoder`].
#[cfg(feature = "contextual")]
pub use hearsay_embed::Embedder;
#[cfg(feature = "contextual")]
use hearsay_text::TextRange;

/// The length of each contextual vector: all-MiniLM-L6-v2's hidden size (`hearsay_embed::DIM`,
/// which a test checks), written here so that the taggers' weights read without the encoder.
pub const DIM: usize = 384;

/// The sentence encoder [`crate::extract`] uses for `ExtractOptions::contextual`, once installed.
#[cfg(feature = "contextual")]
static ENCODER: OnceLock<Embedder> = OnceLock::new();

/// Hands the sentence encoder to [`crate::extract`], once per process: this crate reads no files,
/// so the caller finds and loads the model (`hearsay_embed::Embedder::locate`, as the CLI does for
/// `--contextual`). Returns the installed encoder: the first one, when called again.
#[cfg(feature = "contextual")]
pub fn install_encoder(embedder: Embedder) -> &'static Embedder {
    ENCODER.get_or_init(|| embedder)
}

/// The encoder given to [`install_encoder`], if any.
#[cfg(feature = "contextual")]
pub fn encoder() -> Option<&'static Embedder> {
    ENCODER.get()
}

/// How many of the encoder's six layers the contextual tagger reads through: the states after
/// layer 3. On the held-out half of PolNeAR train, the tagger's source F1 was 0.741 after layer
/// 2, 0.754 after 3, 0.754 after 4 and 0.742 after 6 (the last); 3 is also the cheapest of the
/// best.
pub const LAYERS: usize = 3;

/// Contextual vectors for one document: byte ranges in its text, each with [`DIM`] values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context {
    /// Byte range of each piece (a WordPiece token) in the document.
    pub spans: Vec<(usize, usize)>,
    /// `spans.len() × DIM` values, row-major.
    pub rows: Vec<f32>,
    /// After how many of the encoder's layers the vectors were taken (a tagger reads only the
    /// layer it was trained on).
    pub layers: usize,
    /// True when the last of those layers is the one trained on attributions ([`tuned_layer`])
    /// rather than the encoder's own.
    pub tuned: bool,
}

/// How many of the encoder's own layers run below the tuned layer ([`tuned_layer`]), which
/// takes the place of the next one and starts from its weights.
pub const TUNED_BELOW: usize = 2;

#[cfg(feature = "contextual")]
const BUILTIN_LAYER: &[u8] = include_bytes!("../../models/attribution_layer.safetensors");

/// The encoder layer trained on PolNeAR train's attributions (`models/attribution_layer.safetensors`,
/// written by `crate::train::attribution_layer`).
///
/// # Errors
/// When the committed file does not load (a build made without it).
#[cfg(feature = "contextual")]
pub fn tuned_layer() -> Result<&'static TunedLayer, EmbedError> {
    static LAYER: OnceLock<Option<TunedLayer>> = OnceLock::new();
    match LAYER.get_or_init(|| TunedLayer::from_bytes(BUILTIN_LAYER).ok()) {
        Some(layer) => Ok(layer),
        None => Err(TunedLayer::from_bytes(BUILTIN_LAYER)
            .err()
            .unwrap_or(EmbedError::Layer { message: "it loaded once and not again".into() })),
    }
}

#[cfg(feature = "contextual")]
impl Context {
    /// Encodes `text` one sentence at a time (the encoder reads at most 256 pieces at once, and
    /// a sentence is the unit the taggers read), taking the states after the first `layers` of
    /// the encoder's layers ([`LAYERS`] for the committed tagger).
    ///
    /// # Errors
    /// When the encoder fails.
    pub fn encode(
        embedder: &Embedder,
        text: &str,
        sentences: &[TextRange],
        layers: usize,
    ) -> Result<Context, EmbedError> {
        let texts: Vec<&str> = sentences.iter().map(|s| s.slice(text)).collect();
        let mut out = Context { layers: layers.clamp(1, embedder.layers()), ..Context::default() };
        for (sentence, states) in sentences.iter().zip(embedder.piece_states_after(&texts, layers)?) {
            out.spans.extend(states.spans.iter().map(|&(a, b)| (sentence.start() + a, sentence.start() + b)));
            out.rows.extend(states.states);
        }
        Ok(out)
    }

    /// Encodes `text` like [`Context::encode`] through the encoder's first `below` layers, then
    /// through `layer` (a layer trained on attributions, `crate::train::attribution_layer`), each sentence's pieces
    /// apart.
    ///
    /// # Errors
    /// When the encoder fails.
    pub fn encode_tuned(
        embedder: &Embedder,
        text: &str,
        sentences: &[TextRange],
        below: usize,
        layer: &TunedLayer,
    ) -> Result<Context, EmbedError> {
        Context::encode(embedder, text, sentences, below)?.through(sentences, layer)
    }

    /// These vectors run through `layer` (a layer trained on attributions), each sentence's
    /// pieces apart: the [`Context::encode_tuned`] of the same text.
    ///
    /// # Errors
    /// When the layer fails.
    pub fn through(&self, sentences: &[TextRange], layer: &TunedLayer) -> Result<Context, EmbedError> {
        let groups = self.by_sentence(sentences);
        let states: Vec<&[f32]> = groups.iter().map(|&(a, b)| &self.rows[a * DIM..b * DIM]).collect();
        let rows = layer.run(&states)?.concat();
        Ok(Context { spans: self.spans.clone(), rows, layers: self.layers + 1, tuned: true })
    }
}

impl Context {
    /// The pieces of each sentence, as a range of piece indices.
    #[cfg(feature = "contextual")]
    pub(crate) fn by_sentence(&self, sentences: &[TextRange]) -> Vec<(usize, usize)> {
        let mut out = Vec::with_capacity(sentences.len());
        let mut p = 0;
        for s in sentences {
            let first = p;
            while p < self.spans.len() && self.spans[p].0 < s.end() {
                p += 1;
            }
            out.push((first, p));
        }
        out
    }

    /// The vector of each of `tokens` (byte ranges, in order): the mean of the pieces inside it,
    /// scaled to length `norm`; `None` for a token no piece covers (past the encoder's cut).
    pub(crate) fn per_token(&self, tokens: &[(usize, usize)], norm: f32) -> (Vec<f32>, Vec<bool>) {
        let mut rows = vec![0f32; tokens.len() * DIM];
        let mut has = vec![false; tokens.len()];
        let mut t = 0usize;
        for (p, &(a, b)) in self.spans.iter().enumerate() {
            // Pieces come in text order within a sentence and sentences in order, so one pass does.
            while t < tokens.len() && tokens[t].1 <= a {
                t += 1;
            }
            let mut u = t;
            while u < tokens.len() && tokens[u].0 < b {
                let row = &mut rows[u * DIM..(u + 1) * DIM];
                for (r, x) in row.iter_mut().zip(&self.rows[p * DIM..(p + 1) * DIM]) {
                    *r += x;
                }
                has[u] = true;
                u += 1;
            }
        }
        for (row, &h) in rows.chunks_exact_mut(DIM).zip(&has) {
            if h {
                let length = row.iter().map(|x| x * x).sum::<f32>().sqrt();
                if length > 0.0 {
                    row.iter_mut().for_each(|x| *x *= norm / length);
                }
            }
        }
        (rows, has)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows whose first value names the piece, so averages can be read back.
    fn context(spans: &[(usize, usize)]) -> Context {
        let mut rows = vec![0f32; spans.len() * DIM];
        for (p, row) in rows.chunks_exact_mut(DIM).enumerate() {
            row[0] = p as f32 + 1.0;
            row[1] = 1.0;
        }
        Context { spans: spans.to_vec(), rows, layers: LAYERS, tuned: false }
    }

    #[test]
    fn a_token_gets_the_mean_of_its_pieces_scaled_to_the_norm() {
        // "Sadr's analytically": WordPiece splits "analytically" into "analytical" + "##ly".
        let text = "Sadr's analytically";
        let tokens = [(0, 4), (4, 6), (7, 19)];
        let pieces = [(0, 4), (4, 5), (5, 6), (7, 17), (17, 19)];
        assert_eq!(&text[7..17], "analytical");
        let (rows, has) = context(&pieces).per_token(&tokens, 2.0);
        assert_eq!(has, vec![true, true, true]);
        for row in rows.chunks_exact(DIM) {
            let length = row.iter().map(|x| x * x).sum::<f32>().sqrt();
            assert!((length - 2.0).abs() < 1e-5, "{length}");
        }
        // Token 1 ("'s") is pieces 2 and 3: first values 2 and 3, mean 2.5, second value 1.
        let ratio = rows[DIM] / rows[DIM + 1];
        assert!((ratio - 2.5).abs() < 1e-5, "{ratio}");
        // Token 2 is pieces 4 and 5: mean 4.5.
        let ratio = rows[2 * DIM] / rows[2 * DIM + 1];
        assert!((ratio - 4.5).abs() < 1e-5, "{ratio}");
    }

    #[cfg(feature = "contextual")]
    #[test]
    fn the_vectors_are_as_long_as_the_encoders() {
        assert_eq!(DIM, hearsay_embed::DIM);
    }

    #[cfg(feature = "contextual")]
    #[test]
    fn the_committed_layer_runs_each_sentence_alone_whatever_its_batch() {
        let layer = tuned_layer().expect("the committed layer loads");
        // States of two "sentences" of 3 and 7 pieces; values need not come from the encoder.
        let states = |n: usize, seed: f32| (0..n * DIM).map(|i| (i as f32 * 0.37 + seed).sin()).collect::<Vec<f32>>();
        let (short, long) = (states(3, 0.5), states(7, 1.5));
        let alone = layer.run(&[&short]).unwrap();
        let batched = layer.run(&[&long, &short]).unwrap();
        assert_eq!(batched[0].len(), 7 * DIM);
        assert_eq!(batched[1].len(), 3 * DIM);
        // The short one is padded in the batch; the padding must not move its vectors.
        let most = alone[0].iter().zip(&batched[1]).map(|(a, b)| (a - b).abs()).fold(0f32, f32::max);
        assert!(most < 1e-4, "{most}");
        assert!(layer.run(&[]).unwrap().is_empty());
    }

    #[cfg(feature = "contextual")]
    #[test]
    fn training_the_layer_lowers_its_loss_on_what_it_is_shown() {
        let mut layer = tuned_layer().expect("the committed layer loads").clone();
        // Four "sentences" of different lengths (so batches pad); the label is the sign of a
        // piece's first value.
        use hearsay_embed::{LabelledText, Training};
        let texts: Vec<LabelledText> = (3..7)
            .map(|n| {
                let states: Vec<f32> = (0..n * DIM).map(|i| (i as f32 * 0.37 + n as f32).sin()).collect();
                let labels = states.chunks(DIM).map(|row| vec![f32::from(row[0] > 0.0)]).collect();
                LabelledText { states, labels }
            })
            .collect();
        let before = layer.run(&[&texts[0].states]).unwrap();
        let losses = std::cell::RefCell::new(Vec::new());
        let training = Training { epochs: 100, learning_rate: 1e-4, head_learning_rate: 1e-2, batch: 2 };
        layer.train(&texts, 1, training, &|_, loss| losses.borrow_mut().push(loss)).unwrap();
        let losses = losses.into_inner();
        assert_eq!(losses.len(), 4, "one report every 50 of the 200 steps");
        assert!(losses[3] < losses[0], "{losses:?}");
        assert_ne!(layer.run(&[&texts[0].states]).unwrap(), before, "the weights moved");
    }

    #[cfg(feature = "contextual")]
    #[test]
    fn pieces_are_grouped_by_the_sentence_they_start_in() {
        let text = "Iran denied it. Russia said so.";
        let sentences = [TextRange::new(text, 0, 15).unwrap(), TextRange::new(text, 16, 31).unwrap()];
        let c = context(&[(0, 4), (5, 11), (12, 14), (14, 15), (16, 22), (23, 27), (28, 30), (30, 31)]);
        assert_eq!(c.by_sentence(&sentences), vec![(0, 4), (4, 8)]);
        // A sentence past the encoder's cut has no pieces.
        let c = context(&[(0, 4)]);
        assert_eq!(c.by_sentence(&sentences), vec![(0, 1), (1, 1)]);
    }

    #[test]
    fn tokens_past_the_encoders_cut_have_no_vector() {
        let tokens = [(0, 4), (5, 9), (10, 14)];
        let (rows, has) = context(&[(0, 4)]).per_token(&tokens, 1.0);
        assert_eq!(has, vec![true, false, false]);
        assert!(rows[DIM..].iter().all(|&x| x == 0.0));
    }
}
