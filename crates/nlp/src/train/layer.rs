//! The contextual tagger's encoder layer (`models/attribution_layer.safetensors`): all-MiniLM-L6-v2's
//! third layer, trained further on which pieces are cues, sources and contents.

use std::path::Path;

use hearsay_embed::{EmbedError, LabelledText, Training, TunedLayer};
use hearsay_text::TextRange;

use super::polnear::{gold_split, Gold};
use super::ModelError;
use crate::attribution::context::{Context, DIM};

/// How the committed layer was trained (chosen on the held-out half of train).
pub const LAYER_TRAINING: Training = Training { epochs: 3, learning_rate: 2e-4, head_learning_rate: 1e-3, batch: 16 };

/// What the tuned layer learns to tell for each piece: inside a cue, a source, a content, and
/// the first piece of a cue, a source, a content.
const PIECE_LABELS: usize = 6;

/// The states below the tuned layer for an article ([`Context::encode`] through
/// [`TUNED_BELOW`](crate::attribution::context::TUNED_BELOW) layers, or a cache of them).
pub type BelowFn<'a> = &'a dyn Fn(&str, &[TextRange]) -> Result<Context, EmbedError>;

/// Trains `layer` (a copy of the encoder's layer after [`TUNED_BELOW`](crate::attribution::context::TUNED_BELOW), `hearsay_embed::Embedder::layer`) on
/// the attributions of the PolNeAR articles in `train_dir` that `keep` accepts (by name): the
/// layer, with a head on top, learns [`PIECE_LABELS`] for every piece of every sentence, from the
/// states of the layers below it (`below`). On two cores, for all of train: about four minutes to
/// encode it, then about four per epoch.
///
/// # Errors
/// When the split cannot be read or the encoder fails.
pub fn attribution_layer(
    train_dir: &Path,
    mut layer: TunedLayer,
    below: BelowFn<'_>,
    keep: &dyn Fn(&str) -> bool,
    training: Training,
    progress: &dyn Fn(usize, f32),
) -> Result<TunedLayer, ModelError> {
    let mut texts = Vec::new();
    for (name, text, gold) in gold_split(train_dir)? {
        if !keep(&name) {
            continue;
        }
        let sentences = crate::segment::sentences(&text);
        let context = below(&text, &sentences)?;
        let within = |frags: &[(usize, usize)], mid: usize| frags.iter().any(|&(s, e)| s <= mid && mid < e);
        let starts =
            |frags: &[(usize, usize)], s: usize, e: usize| frags.first().is_some_and(|&(a, _)| s <= a && a < e);
        for (a, b) in context.by_sentence(&sentences) {
            if a == b {
                continue;
            }
            let labels = context.spans[a..b]
                .iter()
                .map(|&(s, e)| {
                    let mid = (s + e) / 2;
                    let label = |f: &dyn Fn(&Gold) -> bool| f32::from(gold.iter().any(f));
                    vec![
                        label(&|g| within(&g.cue, mid)),
                        label(&|g| within(&g.source, mid)),
                        label(&|g| within(&g.content, mid)),
                        label(&|g| starts(&g.cue, s, e)),
                        label(&|g| starts(&g.source, s, e)),
                        label(&|g| starts(&g.content, s, e)),
                    ]
                })
                .collect();
            texts.push(LabelledText { states: context.rows[a * DIM..b * DIM].to_vec(), labels });
        }
    }
    if texts.is_empty() {
        return Err(ModelError::Empty { path: train_dir.to_owned() });
    }
    layer.train(&texts, PIECE_LABELS, training, progress)?;
    Ok(layer)
}
