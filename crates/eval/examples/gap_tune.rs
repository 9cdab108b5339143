//! Tunes the pronoun resolver's weights on GAP validation and prints the scores on validation and
//! development for each setting tried (tune on validation; development is the reported figure):
//! `cargo run --release -p hearsay-eval --example gap_tune -- ../shared/data/coreference/gap`
//!
//! With `--errors FILE` after the directory, prints instead each row of that file (in the directory)
//! with the default weights' answer: ID, gold (A, B or -), picked, nearest name before the pronoun.
#![expect(clippy::print_stdout, clippy::print_stderr, reason = "a developer tool: its output is the point")]

use hearsay_nlp::entities::PronounWeights;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: gap_tune GAP_DIR");
        std::process::exit(2);
    };
    let dir = std::path::Path::new(&dir);
    if let (Some(flag), Some(file)) = (std::env::args().nth(2), std::env::args().nth(3)) {
        if flag == "--errors" {
            let name = |k: Option<usize>| k.map_or("-", |k| ["A", "B"][k]);
            let rows = hearsay_eval::gap::decisions_with(&dir.join(file), &PronounWeights::default());
            for row in rows.unwrap_or_default() {
                let gold = row.gold.iter().position(|&g| g);
                println!("{}\t{}\t{}\t{}", row.id, name(gold), name(row.picked), name(row.nearest));
            }
            return;
        }
    }
    // F1 over the coreferent class choosing between GAP's two names (`resolver_given_names`).
    let score = |file: &str, w: &PronounWeights| {
        let rows = hearsay_eval::gap::decisions_with(&dir.join(file), w).unwrap_or_default();
        let (mut predicted, mut gold, mut correct) = (0usize, 0usize, 0usize);
        for row in &rows {
            predicted += usize::from(row.picked.is_some());
            gold += row.gold.iter().filter(|&&g| g).count();
            correct += usize::from(row.picked.is_some_and(|k| row.gold[k]));
        }
        if correct == 0 {
            0.0
        } else {
            let (p, r) = (correct as f64 / predicted as f64, correct as f64 / gold as f64);
            2.0 * p * r / (p + r)
        }
    };
    let base = PronounWeights::default();
    let mut best = (score("gap-validation.tsv", &base), base);
    println!("default: validation {:.3}", best.0);
    // Coordinate ascent over the weights, a few rounds.
    let values = [-1.0f32, -0.5, 0.0, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0];
    for _ in 0..2 {
        for field in 0..13 {
            for value in values {
                let mut w = best.1;
                match field {
                    0 => w.window = (value.max(0.0) * 2.0) as usize,
                    1 => w.distance = value,
                    2 => w.subject = value,
                    3 => w.parallel = value,
                    4 => w.frequency = value,
                    5 => w.first = value,
                    6 => w.recency = value / 10.0,
                    7 => w.governing = value,
                    8 => w.cataphora = value,
                    9 => w.parenthesis = value,
                    10 => w.oblique = value,
                    11 => w.main = value,
                    _ => w.margin = value / 4.0,
                }
                let f1 = score("gap-validation.tsv", &w);
                if f1 > best.0 + 1e-4 {
                    best = (f1, w);
                    println!("validation {f1:.3} {w:?}");
                }
            }
        }
    }
    println!(
        "best on validation {:.3}: {:?}; development {:.3} (default {:.3})",
        best.0,
        best.1,
        score("gap-development.tsv", &best.1),
        score("gap-development.tsv", &base)
    );
}
