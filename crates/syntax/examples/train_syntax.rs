//! Trains the tagger and parser on EWT train with the given settings and scores them on dev (the
//! settings search behind the shipped [`hearsay_syntax::train::Options`]; `cargo xtask train syntax`
//! ships the defaults).
//!
//! `cargo run -p hearsay-syntax --release --features train --example train_syntax OUT [KEY=VALUE ...]`
//! with keys `tagger_epochs`, `parser_epochs`, `folds`, `seed`, `min_weight`, `data`, `report` (epochs
//! after which to score dev and write the model so far to `OUT.epochN`, `report=8,12,16`) and `clusters`
//! (a clusters file as `cargo xtask train syntax` writes it, word TAB path per line; without it the
//! clusters are learned from `data` and written to `OUT.clusters.tsv`).
#![expect(clippy::print_stderr, reason = "a developer tool: its output is the point")]

use std::path::PathBuf;

use hearsay_syntax::train::{self, Options};
use hearsay_syntax::{conllu, evaluate, Model, Parser};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((out, settings)) = args.split_first() else {
        eprintln!("usage: train_syntax OUT [KEY=VALUE ...]");
        std::process::exit(2);
    };
    let mut options = Options::default();
    let mut data = PathBuf::from("../shared/data");
    let mut clusters_path = None;
    let mut cluster_options = train::clusters::ClusterOptions::default();
    let mut clusters_only = false;
    for setting in settings {
        let (key, value) = setting.split_once('=').unwrap_or((setting, ""));
        let number = || value.parse::<usize>().unwrap_or(0);
        match key {
            "tagger_epochs" => options.tagger_epochs = number(),
            "parser_epochs" => options.parser_epochs = number(),
            "folds" => options.folds = number(),
            "seed" => options.seed = number() as u64,
            "min_weight" => options.min_weight = value.parse().unwrap_or(0.0),
            "data" => data = PathBuf::from(value),
            "clusters" => clusters_path = Some(PathBuf::from(value)),
            "clusters_only" => clusters_only = true,
            "min_count" => cluster_options.min_count = number(),
            "contexts" => cluster_options.contexts = number(),
            "depth" => cluster_options.depth = number(),
            "report" => options.report_epochs = value.split(',').filter_map(|e| e.parse().ok()).collect(),
            _ => {
                eprintln!("unknown setting {key:?}");
                std::process::exit(2);
            }
        }
    }
    let ewt = data.join("syntax/ud-english-ewt");
    let train = conllu::read(&std::fs::read_to_string(ewt.join("en_ewt-ud-train.conllu"))?);
    let dev = conllu::read(&std::fs::read_to_string(ewt.join("en_ewt-ud-dev.conllu"))?);
    // Each reported epoch's model is scored and written beside OUT (OUT.epochN).
    let report = |epoch: usize, model: &Model| {
        let score = evaluate(&Parser::new(model.clone()), &dev);
        eprintln!("  after epoch {epoch}: dev UAS {:.4} LAS {:.4}", score.uas(), score.las());
        if let Err(error) = std::fs::write(format!("{out}.epoch{epoch}"), model.to_bytes()) {
            eprintln!("  not written: {error}");
        }
    };
    let clusters: Vec<(String, String)> = match clusters_path {
        Some(path) => train::clusters::read(&std::fs::read_to_string(path)?),
        None => {
            let sentences = train::unlabelled_sentences(&data)?;
            let clusters = train::clusters::learn(&sentences, &cluster_options);
            std::fs::write(format!("{out}.clusters.tsv"), train::clusters::write(&clusters))?;
            if clusters_only {
                return Ok(());
            }
            clusters
        }
    };
    eprintln!("{} words with a cluster", clusters.len());
    let model = train::train_sentences_with(&train, &clusters, &options, &report);
    let score = evaluate(&Parser::new(model.clone()), &dev);
    eprintln!("dev: UPOS {:.4} UAS {:.4} LAS {:.4}", score.upos_accuracy(), score.uas(), score.las());
    let (tagger, parser) = model.sizes();
    eprintln!("{} bytes ({tagger} tagger weights, {parser} parser weights)", model.to_bytes().len());
    std::fs::write(out, model.to_bytes())
}
