//! The related stage among near misses, cross-validated grouped by topic (claim) on FNC-1 train:
//! each held-out headline is read against every training body, as `hearsay check` reads a claim
//! against a store; gold are the bodies FNC-1 pairs with it as related, and the bodies of its
//! topic it does not pair are left out (unlabelled). Prints precision, recall and F1 of the
//! related stage at 0.5 and at its best cut, and the stance macro-F1 over agree / disagree /
//! discuss on the gold pairs.
//!
//! `cargo run --release -p hearsay-stance --example related -- ../shared/data [--set key=value ...]`
#![expect(clippy::print_stdout, reason = "a developer tool: its output is the point")]

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use hearsay_stance::{default_options, read_fnc_dir, Pair, Stance, StanceModel};

fn fnv(s: &str) -> u64 {
    hearsay_text::fnv1a(s.as_bytes())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let data = PathBuf::from(args.first().map_or("../shared/data", String::as_str));
    let mut options = default_options(&data);
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        if a == "--set" {
            let kv = it.next().ok_or("--set needs key=value")?;
            let (k, v) = kv.split_once('=').ok_or("key=value")?;
            match k {
                "hard_negatives" => options.hard_negatives = v.parse()?,
                "related_epochs" => options.related_epochs = v.parse()?,
                _ => return Err(format!("unknown option {k}").into()),
            }
        }
    }
    let (pairs, bodies) = read_fnc_dir(&data)?;
    let topic = hearsay_stance::topics(&pairs);
    let folds = 5u64;
    let fold = |node: &str| topic.get(node).map(|r| fnv(r) % folds);
    let mut gold_of: BTreeMap<(&str, &str), Stance> = BTreeMap::new();
    for p in &pairs {
        if let Some(s) = p.stance.filter(|s| s.is_related()) {
            gold_of.insert((p.headline.as_str(), p.body_id.as_str()), s);
        }
    }
    let body_ids: Vec<&String> = bodies.keys().collect();
    // (related probability, gold) of every scored pair; (gold, predicted) stance of gold pairs.
    let mut scored: Vec<(f32, bool)> = Vec::new();
    let mut confusion = [[0usize; 3]; 3];
    for k in 0..folds {
        let train: Vec<Pair> = pairs
            .iter()
            .filter(|p| fold(&format!("h:{}", p.headline)) != Some(k) && fold(&format!("b:{}", p.body_id)) != Some(k))
            .cloned()
            .collect();
        let model = StanceModel::train(&train, &bodies, &options);
        let heads: BTreeSet<&str> =
            pairs.iter().map(|p| p.headline.as_str()).filter(|h| fold(&format!("h:{h}")) == Some(k)).collect();
        let mut test = Vec::new();
        for h in &heads {
            let own = topic.get(&format!("h:{h}"));
            for b in &body_ids {
                let unlabelled = !gold_of.contains_key(&(*h, b.as_str())) && topic.get(&format!("b:{b}")) == own;
                if !unlabelled {
                    test.push(Pair { headline: (*h).to_string(), body_id: (*b).clone(), stance: None });
                }
            }
        }
        for (p, s) in test.iter().zip(model.score_pairs(&test, &bodies)) {
            let gold = gold_of.get(&(p.headline.as_str(), p.body_id.as_str()));
            scored.push((s.related, gold.is_some()));
            if let Some(&g) = gold {
                let q = [s.agree, s.disagree, s.discuss];
                let best = (0..3).fold(0, |b, c| if q[c] > q[b] { c } else { b });
                confusion[g as usize][best] += 1;
            }
        }
    }
    let n_gold = scored.iter().filter(|s| s.1).count();
    let prf = |cut: f32| {
        let retrieved = scored.iter().filter(|s| s.0 > cut).count();
        let tp = scored.iter().filter(|s| s.0 > cut && s.1).count();
        let p = tp as f64 / retrieved.max(1) as f64;
        let r = tp as f64 / n_gold.max(1) as f64;
        (p, r, if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 })
    };
    let (p, r, f) = prf(0.5);
    println!("related stage at 0.5: P {p:.4} R {r:.4} F1 {f:.4} ({n_gold} gold of {} pairs)", scored.len());
    let best = (1..100).map(|c| (prf(c as f32 / 100.0), c)).max_by(|a, b| a.0 .2.total_cmp(&b.0 .2)).expect("cuts");
    println!("best cut {:.2}: P {:.4} R {:.4} F1 {:.4}", f64::from(best.1) / 100.0, best.0 .0, best.0 .1, best.0 .2);
    let f1: Vec<f64> = (0..3).map(|c| hearsay_stance::class_prf(&confusion, c).2).collect();
    println!(
        "stance on gold pairs: macro-F1 {:.4} (agree {:.3} disagree {:.3} discuss {:.3}) confusion {confusion:?}",
        f1.iter().sum::<f64>() / 3.0,
        f1[0],
        f1[1],
        f1[2]
    );
    Ok(())
}
