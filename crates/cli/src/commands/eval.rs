//! `hearsay eval`: scores stages on the gold data in ../shared/data.

use anyhow::Context;

use crate::args::EvalCommand;
use crate::{output, Outcome};

pub(crate) fn run(command: &EvalCommand) -> anyhow::Result<Outcome> {
    match command {
        EvalCommand::Extraction(args) => {
            let dir = args.data.join("extraction");
            let report = hearsay_eval::extraction::score_extraction(&dir)
                .with_context(|| format!("scoring extraction on {}", dir.display()))?;
            if let Some(path) = &args.out {
                std::fs::write(path, serde_json::to_string_pretty(&report)?).with_context(|| format!("writing {}", path.display()))?;
            }
            if args.json {
                output::json_line(&report)?;
            } else {
                output::line(&format!(
                    "extraction: {} documents, precision {:.4}, recall {:.4}, F1 {:.4}",
                    report.n_documents, report.precision, report.recall, report.f1
                ))?;
            }
        }
    }
    Ok(Outcome::Success)
}
