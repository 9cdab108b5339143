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
        EvalCommand::Attribution(args) => {
            let dir = args.data.join("attribution/polnear/dev");
            let options = crate::embed::extract_options(false, args.contextual)?;
            let report = hearsay_eval::attribution::score_attribution_with(&dir, &options)
                .with_context(|| format!("scoring attribution on {}", dir.display()))?;
            if let Some(path) = &args.out {
                std::fs::write(path, serde_json::to_string_pretty(&report)?).with_context(|| format!("writing {}", path.display()))?;
            }
            if args.json {
                output::json_line(&report)?;
                return Ok(Outcome::Success);
            }
            let tagger = if args.contextual { ", contextual tagger" } else { "" };
            output::line(&format!("attribution on PolNeAR dev{tagger}: {} articles, {} gold, {} predicted", report.n_articles, report.n_gold, report.n_predicted))?;
            output::line("subset    match    source P/R/F1        cue P/R/F1           content P/R/F1")?;
            for (subset, scores) in [("all", &report.all), ("direct", &report.direct), ("indirect", &report.indirect)] {
                for (matching, roles) in [("exact", &scores.exact), ("overlap", &scores.overlap)] {
                    let prf = |p: &hearsay_eval::attribution::Prf| format!("{:.3}/{:.3}/{:.3}", p.precision, p.recall, p.f1);
                    output::line(&format!("{subset:<9} {matching:<8} {:<20} {:<20} {}", prf(&roles.source), prf(&roles.cue), prf(&roles.content)))?;
                }
            }
        }
    }
    Ok(Outcome::Success)
}
