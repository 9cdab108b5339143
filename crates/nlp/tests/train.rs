//! Trains the attribution models on PolNeAR train: the cue lexicon (`models/cues.tsv`) and the cue
//! classifier (`models/cue_classifier.bin`, which reads the lexicon compiled in; ignored: run on purpose).
//! `cargo test -p hearsay-nlp --release --test train -- --ignored`

#[test]
#[ignore = "rewrites crates/nlp/models/cues.tsv"]
fn train_cue_model() {
    let train = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/attribution/polnear/train"));
    if !train.is_dir() {
        eprintln!("skipping: ../shared/data not found");
        return;
    }
    let model = hearsay_nlp::attribution::train_attribution_model(&train).expect("training");
    assert!(model.len() > 100, "a real model has hundreds of cue words, got {}", model.len());
    assert!(model.probability("said") > 0.8);
    let out = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/models/cues.tsv"));
    model.save(&out).expect("saving the model");
    eprintln!("wrote {} words to {}", model.len(), out.display());
}

/// Trains the learned-cue classifier on PolNeAR train and writes `models/cue_classifier.bin`
/// (run after `train_cue_model` when the lexicon changes: the classifier reads the committed one).
#[test]
#[ignore = "rewrites crates/nlp/models/cue_classifier.bin"]
fn train_cue_classifier() {
    let train = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/attribution/polnear/train"));
    if !train.is_dir() {
        eprintln!("skipping: ../shared/data not found");
        return;
    }
    let model = hearsay_nlp::attribution::train_cue_classifier(&train).expect("training");
    assert!(!model.is_empty());
    let out = std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/models/cue_classifier.bin"));
    model.save(&out).expect("saving the model");
    eprintln!("wrote {}", out.display());
}
