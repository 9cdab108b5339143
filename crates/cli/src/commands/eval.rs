//! `hearsay eval`: scores stages on the gold data in ../shared/data.

use anyhow::Context;

use crate::args::EvalCommand;
use crate::{output, Outcome};

pub(crate) fn run(command: &EvalCommand, embeddings: bool) -> anyhow::Result<Outcome> {
    match command {
        EvalCommand::Extraction(args) => {
            let dir = args.data.join("extraction");
            let report = hearsay_eval::extraction::score_extraction(&dir)
                .with_context(|| format!("scoring extraction on {}", dir.display()))?;
            if !save_report(&report, args.out.as_deref(), args.json)? {
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
            if save_report(&report, args.out.as_deref(), args.json)? {
                return Ok(Outcome::Success);
            }
            let tagger = if args.contextual { ", contextual tagger" } else { "" };
            output::line(&format!(
                "attribution on PolNeAR dev{tagger}: {} articles, {} gold, {} predicted",
                report.n_articles, report.n_gold, report.n_predicted
            ))?;
            output::line("subset    match    source P/R/F1        cue P/R/F1           content P/R/F1")?;
            for (subset, scores) in [("all", &report.all), ("direct", &report.direct), ("indirect", &report.indirect)] {
                for (matching, roles) in [("exact", &scores.exact), ("overlap", &scores.overlap)] {
                    let prf =
                        |p: &hearsay_eval::attribution::Prf| format!("{:.3}/{:.3}/{:.3}", p.precision, p.recall, p.f1);
                    output::line(&format!(
                        "{subset:<9} {matching:<8} {:<20} {:<20} {}",
                        prf(&roles.source),
                        prf(&roles.cue),
                        prf(&roles.content)
                    ))?;
                }
            }
            if let Some(scored) = &report.output {
                let prf =
                    |p: &hearsay_eval::attribution::Prf| format!("{:.3}/{:.3}/{:.3}", p.precision, p.recall, p.f1);
                let base = &scored.baseline;
                output::line(&format!(
                    "the extract output, {} claims, overlap (P/R/F1): content {}  source {}  name {}  name or resolved {}",
                    scored.n_claims,
                    prf(&scored.content),
                    prf(&scored.source),
                    prf(&scored.name),
                    prf(&scored.name_or_resolved)
                ))?;
                output::line(&format!(
                    "baseline (capitalised run before \"said\"), {} predicted: content {}  source {}",
                    base.n_predicted,
                    prf(&base.content),
                    prf(&base.source)
                ))?;
                let r = &scored.resolution;
                output::line(&format!(
                    "gold pronoun sources {}: found {}, given a name {} ({} named as an earlier gold source), left unnamed {}",
                    r.gold_pronoun_sources, r.found, r.named, r.named_as_gold_source, r.left_unnamed
                ))?;
            }
            if let Some(gap) = &report.gap {
                let prf =
                    |p: &hearsay_eval::attribution::Prf| format!("{:.3}/{:.3}/{:.3}", p.precision, p.recall, p.f1);
                output::line(&format!(
                    "GAP development, {} pronouns (P/R/F1): resolver {}  given GAP's names {}  baseline (nearest name before) {}",
                    gap.n_pronouns,
                    prf(&gap.resolver),
                    prf(&gap.resolver_given_names),
                    prf(&gap.baseline)
                ))?;
                output::line(&format!(
                    "GAP development given GAP's names, grouped 5-fold CV: masculine {}  feminine {}  bias F/M {:.3}; with the URL's title {}; hand weights {}; committed model (in-sample) {}",
                    prf(&gap.masculine),
                    prf(&gap.feminine),
                    gap.bias,
                    prf(&gap.with_url),
                    prf(&gap.hand),
                    prf(&gap.committed)
                ))?;
            }
        }
        EvalCommand::Check(args) => {
            let options = hearsay_eval::check::CheckEvalOptions {
                folds: args.folds,
                limit: args.limit,
                embedder: crate::embed::check_embedder(None, embeddings)?,
                ..Default::default()
            };
            let report = hearsay_eval::check::score_check(&args.data, &options)
                .with_context(|| format!("scoring check on {}", args.data.display()))?;
            if save_report(&report, args.out.as_deref(), args.json)? {
                return Ok(Outcome::Success);
            }
            output::line(&format!("check, {}", report.folds))?;
            output::line("dataset    claims  articles  system    retrieval P/R/F1     stance acc  macro-F1  scored")?;
            for (name, dataset) in [("FNC-1", &report.fnc1), ("Emergent", &report.emergent)] {
                let systems = [
                    ("hearsay", &dataset.hearsay),
                    ("no story", &dataset.hearsay_without_stories),
                    ("learned", &dataset.learned),
                    ("baseline", &dataset.baseline),
                ];
                let with_embeddings = dataset.embeddings.as_ref().map(|score| ("embedding", score));
                for (system, score) in with_embeddings.into_iter().chain(systems) {
                    let r = &score.retrieval;
                    output::line(&format!(
                        "{name:<10} {:>6}  {:>8}  {system:<9} {:.3}/{:.3}/{:.3}    {:>10.3}  {:>8.3}  {:>6}",
                        dataset.n_queries,
                        dataset.n_articles,
                        r.precision,
                        r.recall,
                        r.f1,
                        score.stance_accuracy,
                        score.stance_macro_f1,
                        score.n_stance
                    ))?;
                }
                output::line(&format!("{name:<10} candidates' recall {:.3}", dataset.candidate_recall))?;
            }
        }
        EvalCommand::Stories(args) => {
            let options = hearsay_eval::stories::StoriesOptions { limit: args.limit };
            let report = hearsay_eval::stories::score_stories(&args.data, &options)
                .with_context(|| format!("scoring stories on {}", args.data.display()))?;
            if save_report(&report, args.out.as_deref(), args.json)? {
                return Ok(Outcome::Success);
            }
            output::line("stories, B-cubed        docs  gold  system    stories  largest  precision  recall  F1")?;
            for dataset in [&report.fnc1, &report.ecbplus] {
                for (name, system) in
                    [("hearsay", &dataset.hearsay), ("baseline", &dataset.baseline), ("online", &dataset.online)]
                {
                    let label = &dataset.dataset;
                    output::line(&format!(
                        "{label:<22} {:>5} {:>5}  {name:<9} {:>7} {:>8}  {:>9.4} {:>7.4} {:.4}",
                        dataset.n_documents,
                        dataset.n_gold,
                        system.n_stories,
                        system.largest,
                        system.scores.precision,
                        system.scores.recall,
                        system.scores.f1
                    ))?;
                }
            }
            output::line(&format!(
                "baseline: TF-IDF + average linkage, cosine threshold chosen on train ({:.2} on {} FNC-1 tune-half bodies, {:.2} on {} ECB+ train documents)",
                report.fnc1.baseline.threshold.unwrap_or_default(),
                report.fnc1.n_train,
                report.ecbplus.baseline.threshold.unwrap_or_default(),
                report.ecbplus.n_train
            ))?;
            output::line(&format!(
                "online: hearsay's stories as a store beyond {} articles places them, one article at a time",
                hearsay_ledger::online::ONLINE_FROM
            ))?;
        }
        EvalCommand::Propositions(args) => return propositions(args),
    }
    Ok(Outcome::Success)
}

fn propositions(args: &crate::args::EvalPropositionsArgs) -> anyhow::Result<Outcome> {
    let swap_halves = args.swap_halves;
    let args = &args.common;
    let options = hearsay_eval::propositions::PropositionsOptions {
        limit: args.limit,
        builtin_stance: args.limit > 0,
        no_voice: false,
        swap_halves,
    };
    let report = hearsay_eval::propositions::score_propositions(&args.data, &options)
        .with_context(|| format!("scoring propositions on {}", args.data.display()))?;
    if save_report(&report, args.out.as_deref(), args.json)? {
        return Ok(Outcome::Success);
    }
    output::line(&format!(
        "propositions on {}: {} bodies, {} claims, {} held-out claim groups; stance model {}",
        report.dataset, report.n_bodies, report.n_claims, report.n_held_out_groups, report.stance_model
    ))?;
    output::line("system          contested recall (n)   corroboration recall (n)   pair precision (pairs)")?;
    let rows =
        [("hearsay", &report.hearsay), ("baseline", &report.baseline), ("claims only", &report.hearsay_claims_only)];
    for (name, s) in rows {
        output::line(&format!(
            "{name:<15} {:>8.4} ({:>4})        {:>8.4} ({:>4})            {:>8.4} ({})",
            s.contested_recall, s.n_contested, s.corroboration_recall, s.n_corroborated, s.pair_precision, s.n_pairs
        ))?;
    }
    for setting in report.settings.iter().filter(|s| s.chosen) {
        output::line(&format!(
            "voice settings chosen on the tune half: lead {} sentences, overlap {:.2}, story cuts agree {:.2} disagree {:.2} (tune: contested {:.4}, corroboration {:.4}, precision {:.4})",
            setting.lead_sentences,
            setting.lead_overlap,
            setting.story_agree,
            setting.story_disagree,
            setting.tune.contested_recall,
            setting.tune.corroboration_recall,
            setting.tune.pair_precision
        ))?;
    }
    output::line(&format!(
        "baseline: TF-IDF + average linkage of the extracted claims, polarity from negation cues, threshold {:.2} chosen on the tune half; {}",
        report.baseline_threshold, report.folds
    ))?;
    Ok(Outcome::Success)
}

/// Writes the report to `--out` when asked, and prints it as one JSON line for `--json`; true when
/// it printed, so that the caller skips its table.
fn save_report<T: serde::Serialize>(report: &T, out: Option<&std::path::Path>, json: bool) -> anyhow::Result<bool> {
    if let Some(path) = out {
        std::fs::write(path, serde_json::to_string_pretty(report)?)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    if json {
        output::json_line(report)?;
    }
    Ok(json)
}
