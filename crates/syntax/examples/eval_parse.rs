//! Scores the built-in model on EWT dev (gold tokens, punctuation included, CoNLL 2018 LAS) and writes
//! `eval/results/parse.json`.
//!
//! `cargo run -p hearsay-syntax --release --example eval_parse [DATA_DIR] [OUT] [MODEL [CONLLU]]`: with
//! `MODEL`, that model file instead of the built-in one; with `CONLLU`, the parsed dev file too.
#![expect(clippy::print_stderr, clippy::print_stdout, reason = "a developer tool: its output is the point")]

use std::path::PathBuf;
use std::time::Instant;

use hearsay_syntax::{conllu, evaluate, Model, Parser};

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let data = PathBuf::from(args.next().unwrap_or_else(|| "../shared/data".to_string()));
    let out = PathBuf::from(args.next().unwrap_or_else(|| "eval/results/parse.json".to_string()));
    let path = data.join("syntax/ud-english-ewt/en_ewt-ud-dev.conllu");
    let gold = conllu::read(&std::fs::read_to_string(&path)?);
    let other;
    let parser = match args.next() {
        Some(model) => {
            let bytes = std::fs::read(&model)?;
            other = Parser::new(Model::from_bytes(&bytes).ok_or_else(|| std::io::Error::other("not a model"))?);
            &other
        }
        None => Parser::builtin(),
    };
    if let Some(conllu_out) = args.next() {
        let mut parsed = gold.clone();
        parsed.iter_mut().for_each(|sentence| parser.annotate(sentence));
        std::fs::write(conllu_out, conllu::write(&parsed))?;
    }
    let started = Instant::now();
    let score = evaluate(parser, &gold);
    let seconds = started.elapsed().as_secs_f64();
    let (tagger_weights, parser_weights) = parser.model().sizes();
    let json = format!(
        "{{\n  \"data\": \"UD English EWT dev (en_ewt-ud-dev.conllu), gold tokenisation\",\n  \"sentences\": {},\n  \"words\": {},\n  \"upos\": {:.4},\n  \"uas\": {:.4},\n  \"las\": {:.4},\n  \"model_bytes\": {},\n  \"tagger_weights\": {},\n  \"parser_weights\": {},\n  \"cluster_words\": {}\n}}\n",
        gold.len(),
        score.words,
        score.upos_accuracy(),
        score.uas(),
        score.las(),
        parser.model().to_bytes().len(),
        tagger_weights,
        parser_weights,
        parser.model().cluster_words()
    );
    std::fs::write(&out, &json)?;
    print!("{json}");
    eprintln!(
        "({:.0} sentences/s, wall clock of this run; see benches/parse.rs for the ratio)",
        gold.len() as f64 / seconds
    );
    Ok(())
}
