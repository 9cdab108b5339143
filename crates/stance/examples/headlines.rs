//! Claim-grouped cross-validation of the headline stage alone (Emergent train: claim against
//! article headline), over a saved model's body stages: the quick loop for the headline stage's
//! features. Prints accuracy and macro-F1 for several fold seeds, and with `--dump FILE` each
//! out-of-fold reading (gold, predicted, claim, headline) as tab-separated lines.
//!
//! `cargo run --release -p hearsay-stance --example headlines -- ../shared/data crates/stance/models/fnc1.bin [--dump FILE]`
//!
//! For trying settings: `HS_STACK=x` (with `HS_EPOCHS=n`) sets the headline stage's stacking
//! weight (and epochs); `HS_BLEND=w0,w1,w2,w3,w4[,share]` averages the stage's probabilities with
//! those of a second headline stage with these group weights.
#![expect(clippy::print_stdout, reason = "a developer tool: its output is the point")]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use hearsay_stance::{read_emergent_dir, Pair, Stance, StanceModel};

fn fnv(s: &str, seed: u64) -> u64 {
    hearsay_text::Fnv1a::seeded(seed).write(s.as_bytes()).finish()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let data = PathBuf::from(args.first().map_or("../shared/data", String::as_str));
    let mut model =
        StanceModel::load(&PathBuf::from(args.get(1).map_or("crates/stance/models/fnc1.bin", String::as_str)))?;
    if let Ok(stack) = std::env::var("HS_STACK") {
        let mut o = model.options().clone();
        o.headline_stack = stack.parse()?;
        if let Ok(e) = std::env::var("HS_EPOCHS") {
            o.headline_epochs = e.parse()?;
        }
        model = model.with_headline_options(&o);
    }
    let dump = args.iter().position(|a| a == "--dump").and_then(|i| args.get(i + 1)).map(PathBuf::from);
    let (pairs, bodies): (Vec<Pair>, BTreeMap<String, String>) = read_emergent_dir(&data)?;
    let folds = 5u64;
    let mut out = String::new();
    let mut accs = Vec::new();
    for seed in 0..6u64 {
        let (mut right, mut total) = (0usize, 0usize);
        let mut confusion = [[0usize; 3]; 3];
        for k in 0..folds {
            let (test, train): (Vec<Pair>, Vec<Pair>) =
                pairs.iter().cloned().partition(|p| fnv(&p.headline, seed) % folds == k);
            let m = model.clone().with_headline_stage(&train, &bodies);
            let mut scores = m.score_pairs(&test, &bodies);
            if let Ok(blend) = std::env::var("HS_BLEND") {
                let v: Vec<f32> = blend.split(',').map(|x| x.parse().expect("number")).collect();
                let mut o = model.options().clone();
                o.headline_weights = [v[0], v[1], v[2], v[3], v[4]];
                let share = v.get(5).copied().unwrap_or(0.5);
                let b = model.clone().with_headline_options(&o).with_headline_stage(&train, &bodies);
                for (s, t) in scores.iter_mut().zip(b.score_pairs(&test, &bodies)) {
                    s.agree = (1.0 - share) * s.agree + share * t.agree;
                    s.disagree = (1.0 - share) * s.disagree + share * t.disagree;
                    s.discuss = (1.0 - share) * s.discuss + share * t.discuss;
                }
            }
            for (p, s) in test.iter().zip(scores) {
                let predicted = s.label(-1.0);
                let gold = p.stance.expect("labelled");
                confusion[gold as usize][(predicted as usize).min(2)] += 1;
                right += usize::from(gold == predicted);
                total += 1;
                if seed == 0 {
                    let _ = writeln!(out, "{gold}\t{predicted}\t{}\t{}", p.headline, bodies[&p.body_id]);
                }
            }
        }
        let f1 = (0..3).map(|c| hearsay_stance::class_prf(&confusion, c).2).sum::<f64>() / 3.0;
        let acc = right as f64 / total.max(1) as f64;
        accs.push(acc);
        println!("fold seed {seed}: accuracy {acc:.4}  macro-F1 {f1:.4}  confusion {confusion:?}");
    }
    println!("mean accuracy {:.4}", accs.iter().sum::<f64>() / accs.len() as f64);
    let _ = Stance::ALL;
    if let Some(file) = dump {
        std::fs::write(file, out)?;
    }
    Ok(())
}
