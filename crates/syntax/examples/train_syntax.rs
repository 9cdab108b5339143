//! Trains the tagger and parser on UD English EWT and writes `crates/syntax/models/en_ewt.bin`.
//!
//! `cargo run -p hearsay-syntax --release --features train --example train_syntax [DATA_DIR] [OUT]`

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let data = PathBuf::from(args.next().unwrap_or_else(|| "../shared/data".to_string())).join("syntax/ud-english-ewt");
    let out = PathBuf::from(
        args.next().unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/models/en_ewt.bin").to_string()),
    );
    let mut options = hearsay_syntax::train::Options::default();
    // `SYNTAX_EPOCHS=tagger,parser,folds` for a quick trial run.
    if let Ok(spec) = std::env::var("SYNTAX_EPOCHS") {
        let numbers: Vec<usize> = spec.split(',').filter_map(|n| n.parse().ok()).collect();
        if let [tagger, parser, folds] = numbers[..] {
            (options.tagger_epochs, options.parser_epochs, options.folds) = (tagger, parser, folds);
        }
    }
    let model = hearsay_syntax::train::train(
        &data.join("en_ewt-ud-train.conllu"),
        &data.join("en_ewt-ud-dev.conllu"),
        &options,
    )?;
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes)?;
    eprintln!("wrote {} ({} bytes; {:?} weights)", out.display(), bytes.len(), model.sizes());
    Ok(())
}
