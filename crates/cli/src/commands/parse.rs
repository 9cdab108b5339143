//! `hearsay parse`: tags and parses text with the built-in EWT model and prints CoNLL-U.

use std::io::Read;

use anyhow::Context;
use hearsay_syntax::{conllu, Parser};

use crate::args::ParseArgs;
use crate::{output, Outcome};

pub(crate) fn run(args: &ParseArgs) -> anyhow::Result<Outcome> {
    let text = if args.file.as_os_str() == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).context("reading stdin")?;
        text
    } else {
        let bytes = std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
        String::from_utf8_lossy(&bytes).into_owned()
    };
    let parser = Parser::builtin();
    if args.conllu_in {
        let mut sentences = conllu::read(&text);
        if args.score {
            let score = hearsay_syntax::evaluate(parser, &sentences);
            output::line(&format!(
                "sentences {}  words {}  UPOS {:.4}  UAS {:.4}  LAS {:.4}",
                sentences.len(),
                score.words,
                score.upos_accuracy(),
                score.uas(),
                score.las()
            ))?;
            return Ok(Outcome::Success);
        }
        for sentence in &mut sentences {
            parser.annotate(sentence);
        }
        output::raw(conllu::write(&sentences).as_bytes())?;
    } else {
        let parsed = parser.parse_text(&text);
        output::raw(conllu::write(&hearsay_syntax::to_conllu(&text, &parsed)).as_bytes())?;
    }
    Ok(Outcome::Success)
}
