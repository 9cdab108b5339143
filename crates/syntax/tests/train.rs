//! Training is deterministic: the same data and options give the same model bytes.
#![cfg(feature = "train")]

use hearsay_syntax::{conllu, train};

#[test]
fn retraining_gives_the_same_bytes() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/syntax/ud-english-ewt/en_ewt-ud-dev.conllu");
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    let sentences = conllu::read(&text);
    let sample = &sentences[..300];
    let options = train::Options {
        tagger_epochs: 2,
        parser_epochs: 2,
        folds: 2,
        seed: 3,
        min_weight: 0.05,
        progress: false,
        report_epochs: Vec::new(),
    };
    let words: Vec<Vec<String>> = sample.iter().map(|s| s.words.iter().map(|w| w.form.clone()).collect()).collect();
    let clusters = train::clusters::learn(&words, &train::clusters::ClusterOptions::default());
    assert!(clusters.len() > 100);
    assert_eq!(clusters, train::clusters::learn(&words, &train::clusters::ClusterOptions::default()));
    let first = train::train_sentences(sample, &clusters, &options).to_bytes();
    let second = train::train_sentences(sample, &clusters, &options).to_bytes();
    assert!(first.len() > 1000);
    assert_eq!(first, second);
}
