//! Drops small weights from a trained model and scores the result on EWT dev.
//!
//! `cargo run -p hearsay-syntax --release --features train --example prune_syntax IN OUT MIN_ABS [DATA_DIR]`
#![expect(clippy::print_stderr, reason = "a developer tool: its output is the point")]

use std::path::PathBuf;

use hearsay_syntax::{conllu, evaluate, Model, Parser};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output, min_abs, rest @ ..] = args.as_slice() else {
        eprintln!("usage: prune_syntax IN OUT MIN_ABS [DATA_DIR]");
        std::process::exit(2);
    };
    let data = PathBuf::from(rest.first().map_or("../shared/data", String::as_str));
    let model = Model::from_bytes(&std::fs::read(input)?).ok_or_else(|| std::io::Error::other("not a model"))?;
    let pruned = hearsay_syntax::train::prune(&model, min_abs.parse().unwrap_or(0.0));
    let gold = conllu::read(&std::fs::read_to_string(data.join("syntax/ud-english-ewt/en_ewt-ud-dev.conllu"))?);
    let score = evaluate(&Parser::new(pruned.clone()), &gold);
    std::fs::write(output, pruned.to_bytes())?;
    eprintln!(
        "{} bytes, UPOS {:.4} UAS {:.4} LAS {:.4}",
        pruned.to_bytes().len(),
        score.upos_accuracy(),
        score.uas(),
        score.las()
    );
    Ok(())
}
