//! Words in context: the contextual vectors of a sentence encoder (all-MiniLM-L6-v2, see
//! `hearsay-embed`), one per tagger token, for the attribution tagger to read next to its
//! hashed features.
//!
//! Why: the hashed features see words and their neighbours, not syntax, so the tagger confuses
//! a verb's subject with its object ("Sanders criticized Clinton": who is the source?) and
//! misses cue words it saw rarely ("plans", "wants"). The encoder's states carry both; those of
//! its middle layer ([`LAYERS`]) carry more syntax than the last one's.
//! It is optional: without the model, the tagger trained without it runs instead.

use std::sync::OnceLock;

use hearsay_embed::{Embedder, EmbedError, DIM};
use hearsay_text::TextRange;

/// The installed encoder, loaded once per process (about a second) and shared by every
/// extraction; the error says how to install it.
///
/// # Errors
/// When the model is not installed or does not load ([`Embedder::locate`]).
pub fn shared_embedder() -> Result<&'static Embedder, String> {
    static EMBEDDER: OnceLock<Result<Embedder, String>> = OnceLock::new();
    EMBEDDER.get_or_init(|| Embedder::locate().map_err(|error| error.to_string())).as_ref().map_err(Clone::clone)
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
}

impl Context {
    /// Encodes `text` one sentence at a time (the encoder reads at most 256 pieces at once, and
    /// a sentence is the unit the taggers read), taking the states after the first `layers` of
    /// the encoder's layers ([`LAYERS`] for the committed tagger).
    ///
    /// # Errors
    /// When the encoder fails.
    pub fn encode(embedder: &Embedder, text: &str, sentences: &[TextRange], layers: usize) -> Result<Context, EmbedError> {
        let texts: Vec<&str> = sentences.iter().map(|s| s.slice(text)).collect();
        let mut out = Context { layers: layers.clamp(1, embedder.layers()), ..Context::default() };
        for (sentence, states) in sentences.iter().zip(embedder.piece_states_after(&texts, layers)?) {
            out.spans.extend(states.spans.iter().map(|&(a, b)| (sentence.start() + a, sentence.start() + b)));
            out.rows.extend(states.states);
        }
        Ok(out)
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
        Context { spans: spans.to_vec(), rows, layers: LAYERS }
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

    #[test]
    fn tokens_past_the_encoders_cut_have_no_vector() {
        let tokens = [(0, 4), (5, 9), (10, 14)];
        let (rows, has) = context(&[(0, 4)]).per_token(&tokens, 1.0);
        assert_eq!(has, vec![true, false, false]);
        assert!(rows[DIM..].iter().all(|&x| x == 0.0));
    }
}
