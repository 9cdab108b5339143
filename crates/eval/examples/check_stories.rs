//! Would the stories help `hearsay check` find a claim's reports? An offline study on FNC-1: the
//! out-of-fold readings kept by `HEARSAY_CHECK_CACHE` (`hearsay eval check`), the default rule (the
//! related stage and a re-rank cut chosen on the other folds) beside the same rule widened to the
//! story of its best answer, with the stories of a store of the 1,683 train bodies
//! (`hearsay stories --json --limit 0`, each body stored with the outlet `fnc1-<body id>`).
//!
//! `cargo run --release -p hearsay-eval --example check_stories -- ../shared/data CACHE.json STORIES.jsonl`
#![expect(clippy::print_stdout, clippy::unwrap_used, reason = "a developer study")]

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use hearsay_eval::check::{fnc1_dataset, fnc_groups, Assessments};
use hearsay_ledger::check::{assess_with, CheckOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let data = PathBuf::from(&args[0]);
    let assessments: Assessments = serde_json::from_slice(&std::fs::read(&args[1]).unwrap()).unwrap();
    let mut story_of: BTreeMap<String, String> = BTreeMap::new();
    for line in std::fs::read_to_string(&args[2]).unwrap().lines() {
        let story: serde_json::Value = serde_json::from_str(line).unwrap();
        for article in story["articles"].as_array().unwrap() {
            if let Some(outlet) = article["outlet"].as_str().and_then(|o| o.strip_prefix("fnc1-")) {
                story_of.insert(format!("fnc1/{outlet}"), story["id"].as_str().unwrap().to_owned());
            }
        }
    }
    let (pairs, bodies) = hearsay_stance::read_fnc_dir(&data).unwrap();
    let groups = fnc_groups(&pairs);
    let dataset = fnc1_dataset(&pairs, &bodies, &groups);
    let n = dataset.queries.len();
    assert_eq!(assessments.offered.len(), n, "the cache is of this dataset");
    let options = CheckOptions::default();
    let empty = String::new();
    // Per query, its judged candidates: (key, re-rank score, best score, related by the stage).
    let rows: Vec<Vec<(String, f64, f64, bool)>> = (0..n)
        .map(|i| {
            let offered = &assessments.offered[i];
            let documents: Vec<String> =
                offered.iter().map(|o| assessments.documents.get(&o.keys[0]).unwrap_or(&empty).clone()).collect();
            let mut rows = Vec::new();
            for a in assess_with(&dataset.queries[i].0, &documents, options.feedback, options.judged, |j| {
                (offered[j].stance, offered[j].short)
            }) {
                for key in &offered[a.index].keys {
                    if dataset.unlabelled[i].contains(key) {
                        continue;
                    }
                    let f = &a.features;
                    rows.push((key.clone(), f.similarity, f.best, f.stance.label(0.5).is_related()));
                }
            }
            rows
        })
        .collect();
    let gold = |i: usize, key: &str| dataset.gold[i].contains_key(key);
    let folds = 5;
    let fold_of = |i: usize| (hearsay_text::fnv1a(dataset.queries[i].1.as_bytes()) % folds as u64) as usize;
    // A system: per query, the keys it answers, given its two cuts.
    let answer = |i: usize, cut: f64, story_cut: Option<f64>, keep_only_story: bool| -> BTreeSet<String> {
        let base: Vec<&(String, f64, f64, bool)> = rows[i].iter().filter(|r| r.3 && r.1 >= cut).collect();
        let Some(story_cut) = story_cut else { return base.iter().map(|r| r.0.clone()).collect() };
        let Some(top) = base.iter().max_by(|a, b| a.1.total_cmp(&b.1)) else { return BTreeSet::new() };
        let Some(story) = story_of.get(&top.0) else { return base.iter().map(|r| r.0.clone()).collect() };
        let in_story = |key: &str| story_of.get(key) == Some(story);
        let mut out: BTreeSet<String> =
            base.iter().filter(|r| !keep_only_story || in_story(&r.0)).map(|r| r.0.clone()).collect();
        for r in &rows[i] {
            if in_story(&r.0) && r.1 >= story_cut {
                out.insert(r.0.clone());
            }
        }
        out
    };
    let score = |queries: &[usize], cut: f64, story_cut: Option<f64>, only: bool| -> (f64, f64, f64) {
        let (mut tp, mut retrieved, mut n_gold) = (0, 0, 0);
        for &i in queries {
            let got = answer(i, cut, story_cut, only);
            retrieved += got.len();
            tp += got.iter().filter(|k| gold(i, k)).count();
            n_gold += dataset.gold[i].len();
        }
        prf(tp, retrieved, n_gold)
    };
    for (name, story_cuts, only) in [
        ("default rule", vec![None], false),
        ("widened to the best answer's story", (0..40).map(|c| Some(f64::from(c) / 100.0)).collect::<Vec<_>>(), false),
        ("widened, and kept to that story", (0..40).map(|c| Some(f64::from(c) / 100.0)).collect::<Vec<_>>(), true),
    ] {
        let (mut tp, mut retrieved, mut n_gold) = (0usize, 0usize, 0usize);
        let mut chosen = Vec::new();
        for k in 0..folds {
            let (test, train): (Vec<usize>, Vec<usize>) = (0..n).partition(|&i| fold_of(i) == k);
            let mut best = (f64::MIN, 0.0, None);
            for cut in (0..40).map(|c| f64::from(c) / 100.0) {
                for &story_cut in &story_cuts {
                    let f1 = score(&train, cut, story_cut, only).2;
                    if f1 > best.0 {
                        best = (f1, cut, story_cut);
                    }
                }
            }
            chosen.push((best.1, best.2));
            for &i in &test {
                let got = answer(i, best.1, best.2, only);
                retrieved += got.len();
                tp += got.iter().filter(|k| gold(i, k)).count();
                n_gold += dataset.gold[i].len();
            }
        }
        let (p, r, f) = prf(tp, retrieved, n_gold);
        println!("{name:<38} P {p:.3} R {r:.3} F1 {f:.3}  cuts per fold {chosen:?}");
    }
}

/// Precision, recall and F1 of counts.
fn prf(true_positives: usize, retrieved: usize, gold: usize) -> (f64, f64, f64) {
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let (p, r) = (ratio(true_positives, retrieved), ratio(true_positives, gold));
    (p, r, if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) })
}
