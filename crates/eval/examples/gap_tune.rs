//! Tunes the pronoun resolver's weights on GAP validation and prints the scores on validation and
//! development for each setting tried (tune on validation; development is the reported figure):
//! `cargo run --release -p hearsay-eval --example gap_tune -- ../shared/data/coreference/gap`
#![expect(clippy::print_stdout, clippy::print_stderr, reason = "a developer tool: its output is the point")]

use hearsay_nlp::entities::PronounWeights;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: gap_tune GAP_DIR");
        std::process::exit(2);
    };
    let dir = std::path::Path::new(&dir);
    let score = |file: &str, w: &PronounWeights| {
        hearsay_eval::gap::score_gap_with(&dir.join(file), w).map_or(0.0, |r| r.resolver_given_names.f1)
    };
    let base = PronounWeights::default();
    let mut best = (score("gap-validation.tsv", &base), base);
    println!("default: validation {:.3}", best.0);
    // Coordinate ascent over the weights, a few rounds.
    for _ in 0..2 {
        for field in 0..7 {
            for value in [0.0f32, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0] {
                let mut w = best.1;
                match field {
                    0 => w.window = (value * 2.0) as usize,
                    1 => w.distance = value,
                    2 => w.subject = value,
                    3 => w.parallel = value,
                    4 => w.frequency = value,
                    5 => w.first = value,
                    _ => w.recency = value / 10.0,
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
