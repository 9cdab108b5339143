//! The pronoun resolver on GAP, for its developers: the cross-validated figures (grouped by page
//! URL) of the learned ranker with and without the page's title, the hand weights it replaced and
//! the nearest-name baseline, then an error analysis of a model's answers on GAP validation (held
//! out by the cross-validation): how many rows of each kind it gets wrong.
//! `cargo run --release -p hearsay-eval --example gap_tune -- ../shared/data/coreference/gap`
//!
//! With `--errors` after the directory, also prints each validation row the learned ranker gets
//! wrong: ID, gold (A, B or -), picked, nearest name before the pronoun, and the row's kinds.
#![expect(clippy::print_stdout, clippy::print_stderr, reason = "a developer tool: its output is the point")]

use std::collections::BTreeMap;

use hearsay_eval::gap::{self, Prepared};
use hearsay_nlp::entities::{PronounModel, FEATURES};

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: gap_tune GAP_DIR [--errors]");
        std::process::exit(2);
    };
    let list = std::env::args().nth(2).as_deref() == Some("--errors");
    let rows = match gap::read_both(std::path::Path::new(&dir)) {
        Ok(rows) => rows,
        Err(error) => {
            eprintln!("reading {dir}: {error}");
            std::process::exit(2);
        }
    };
    let report = gap::report(&rows);
    let prf = |p: &hearsay_eval::attribution::Prf| format!("P {:.3} R {:.3} F1 {:.3}", p.precision, p.recall, p.f1);
    println!("GAP development, {} pronouns, {}-fold CV grouped by page URL", report.n_pronouns, gap::FOLDS);
    println!("  learned ranker          {}", prf(&report.resolver_given_names));
    println!("    masculine             {}", prf(&report.masculine));
    println!("    feminine              {}  bias F/M {:.3}", prf(&report.feminine), report.bias);
    println!("  with the URL's title    {}", prf(&report.with_url));
    println!("  hand weights            {}", prf(&report.hand));
    println!("  nearest name (baseline) {}", prf(&report.baseline));
    println!("  committed (in-sample)   {}", prf(&report.committed));
    println!(
        "  over recognised people  {} (unresolved {}, other {})",
        prf(&report.resolver),
        report.unresolved,
        report.other_answer
    );
    println!("GAP validation, CV: learned ranker {}", prf(&report.validation));

    // The error analysis on validation: the hand weights, and the cross-validated ranker.
    let learned = gap::cross_validate(&rows, false);
    let hand = PronounModel::hand();
    for (name, answers) in [
        ("hand weights", rows.iter().map(|p| gap::answer(p, &hand, false)).collect::<Vec<_>>()),
        ("learned ranker (CV)", learned.iter().map(|a| a.0).collect()),
    ] {
        let mut kinds: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for (prepared, &picked) in rows.iter().zip(&answers).filter(|(p, _)| !p.development) {
            let wrong = picked != prepared.row.gold();
            for kind in kinds_of(prepared) {
                let entry = kinds.entry(kind).or_default();
                entry.0 += 1;
                entry.1 += usize::from(wrong);
            }
            if list && wrong && name.starts_with("learned") {
                let letter = |k: Option<usize>| k.map_or("-", |k| ["A", "B"][k]);
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    prepared.row.id,
                    letter(prepared.row.gold()),
                    letter(picked),
                    letter(gap::nearest_before(&prepared.row)),
                    kinds_of(prepared).join(",")
                );
            }
        }
        println!("validation errors of the {name} by kind of row (wrong / rows):");
        for (kind, (n, wrong)) in kinds {
            println!("  {kind:<28} {wrong:>4} / {n:<4}");
        }
    }
}

/// The kinds of a row, for the error analysis.
fn kinds_of(prepared: &Prepared) -> Vec<&'static str> {
    let row = &prepared.row;
    let feature = |name: &str| FEATURES.iter().position(|f| *f == name).expect("a feature");
    let mut kinds = vec!["all"];
    let word = row.pronoun.slice(&row.text).to_lowercase();
    kinds.push(match word.as_str() {
        "he" | "she" => "pronoun subject form",
        "his" => "pronoun possessive",
        "her" => "pronoun her (object or possessive)",
        _ => "pronoun object",
    });
    let Some(gold) = row.gold() else {
        kinds.push("gold neither name");
        return kinds;
    };
    let gold_range = row.candidates[gold].0;
    if gold_range.start >= row.pronoun.end {
        kinds.push("gold after pronoun (cataphora)");
    }
    if gap::nearest_before(row) == Some(gold) {
        kinds.push("gold is nearest name before");
    } else {
        kinds.push("gold not nearest name before");
    }
    if row.feminine() {
        kinds.push("feminine");
    }
    // Features of the gold name's own mention (GAP's offset).
    let at = prepared.given.iter().find(|c| c.entity == gold && c.mention.overlaps(gold_range));
    match at {
        None => kinds.push("gold mention not a candidate"),
        Some(c) => {
            let f = |name: &str| c.features[feature(name)] > 0.0;
            if f("subject") {
                kinds.push("gold subject");
            } else if f("role-object") {
                kinds.push("gold object");
            } else if f("role-possessive") {
                kinds.push("gold possessive");
            } else {
                kinds.push("gold other role");
            }
            if f("sentences-0") {
                kinds.push("gold in pronoun's sentence");
            }
            if f("governing") {
                kinds.push("gold governing subject");
            }
            if f("parenthesis") {
                kinds.push("gold in parentheses");
            }
            if f("quoted-mention") || f("quoted-pronoun") {
                kinds.push("quotes");
            }
            if f("rel-appos") {
                kinds.push("gold apposition");
            }
            if f("coargument-subject") || f("coargument-object") || f("coargument-possessive") {
                kinds.push("gold co-argument of pronoun");
            }
        }
    }
    kinds
}
