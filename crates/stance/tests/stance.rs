//! Tests of the stance crate on real FNC-1 training data: scoring, CSV round trips, the
//! committed model and deterministic training.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hearsay_stance::{fnc_score, read_emergent, read_fnc, write_fnc, Pair, Stance, StanceModel, TrainOptions};

#[expect(clippy::print_stderr, reason = "a skipped test says why on the test's own output")]
fn data_dir() -> Option<PathBuf> {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"));
    if dir.join("stance/fnc1/train_stances.csv").exists() {
        Some(dir.to_path_buf())
    } else {
        eprintln!("skipping: ../shared/data not found");
        None
    }
}

fn fnc1(dir: &Path) -> (Vec<Pair>, BTreeMap<String, String>) {
    let d = dir.join("stance/fnc1");
    read_fnc(&d.join("train_stances.csv"), &d.join("train_bodies.csv")).expect("reading FNC-1 train")
}

fn temp_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("hearsay-stance-{}-{name}", std::process::id()))
}

#[test]
fn fnc_score_by_hand() {
    use Stance::*;
    let gold = [Agree, Disagree, Discuss, Unrelated, Unrelated, Agree];
    let pred = [Agree, Discuss, Unrelated, Unrelated, Agree, Agree];
    // agree right: 1.0; disagree->discuss: 0.25; discuss->unrelated: 0; unrelated right: 0.25;
    // unrelated->agree: 0; agree right: 1.0. Total 2.5 of max 1+1+1+0.25+0.25+1 = 4.5.
    let r = fnc_score(&gold, &pred);
    assert!((r.fnc_score - 2.5).abs() < 1e-9);
    assert!((r.fnc_max - 4.5).abs() < 1e-9);
    assert!((r.fnc_score_pct - 100.0 * 2.5 / 4.5).abs() < 1e-9);
    // Per class F1: agree P 2/3 R 1 -> 0.8; disagree 0; discuss 0; unrelated P 1/2 R 1/2 -> 0.5.
    let f1: Vec<f64> = r.per_class.iter().map(|c| c.f1).collect();
    assert!((f1[0] - 0.8).abs() < 1e-9 && f1[1] == 0.0 && f1[2] == 0.0 && (f1[3] - 0.5).abs() < 1e-9);
    assert!((r.macro_f1 - (0.8 + 0.5) / 4.0).abs() < 1e-9);
    assert_eq!(r.confusion[3][0], 1);
    assert_eq!(fnc_score(&gold, &gold).fnc_score_pct, 100.0);
}

#[test]
fn stance_labels_round_trip() {
    for s in Stance::ALL {
        assert_eq!(s.to_string().parse::<Stance>(), Ok(s));
        assert_eq!(serde_json::to_string(&s).expect("json"), format!("\"{s}\""));
    }
}

#[test]
fn csv_round_trip_on_real_rows() {
    let Some(dir) = data_dir() else { return };
    let (pairs, bodies) = fnc1(&dir);
    assert_eq!(pairs.len(), 49_972);
    assert_eq!(bodies.len(), 1_683);
    let first: Vec<Pair> = pairs.iter().take(300).cloned().collect();
    // Real headlines with commas and double quotes must survive quoting.
    assert!(first.iter().any(|p| p.headline.contains(',')));
    let labels: Vec<Stance> = first.iter().map(|p| p.stance.expect("train is labelled")).collect();
    let mut out = Vec::new();
    write_fnc(&first, &labels, &mut out).expect("writing csv");
    let text = String::from_utf8(out).expect("utf-8");
    assert!(text.starts_with("Headline,Body ID,Stance\n"));
    assert!(text.contains("\"In Vogue vs Rats War, the Rats Are Winning\",2031,agree"));

    let stances = temp_path("stances.csv");
    std::fs::write(&stances, &text).expect("writing temp file");
    let (again, _) = read_fnc(&stances, &dir.join("stance/fnc1/train_bodies.csv")).expect("re-reading");
    assert_eq!(again, first);

    // A headline with an embedded quote, and a test-style file without the Stance column.
    let quoted =
        vec![Pair { headline: "Officials: \"no evidence\", it's fake".into(), body_id: "0".into(), stance: None }];
    let mut out = Vec::new();
    write_fnc(&quoted, &[Stance::Disagree], &mut out).expect("writing csv");
    let text = String::from_utf8(out).expect("utf-8");
    assert!(text.contains("\"Officials: \"\"no evidence\"\", it's fake\",0,disagree"));
    let unlabelled = temp_path("unlabelled.csv");
    std::fs::write(&unlabelled, "Headline,Body ID\n\"Officials: \"\"no evidence\"\", it's fake\",0\n").expect("temp");
    let (read, _) = read_fnc(&unlabelled, &dir.join("stance/fnc1/train_bodies.csv")).expect("reading test-style");
    assert_eq!(read, quoted);
    let _ = std::fs::remove_file(stances);
    let _ = std::fs::remove_file(unlabelled);
}

#[test]
fn emergent_reads_as_headline_pairs() {
    let Some(dir) = data_dir() else { return };
    let (pairs, bodies) = read_emergent(&dir.join("stance/emergent/train.csv")).expect("reading Emergent");
    assert_eq!((pairs.len(), bodies.len()), (2_071, 2_071));
    let count = |s: Stance| pairs.iter().filter(|p| p.stance == Some(s)).count();
    assert_eq!((count(Stance::Agree), count(Stance::Disagree), count(Stance::Discuss)), (992, 304, 775));
    // The committed model reads a headline with its headline stage: a denial is a denial.
    let model = StanceModel::load_default().expect("committed model loads");
    let claim = "Anonymous street artist Banksy was arrested";
    let scores = model.score_pairs(
        &[Pair { headline: claim.into(), body_id: "h".into(), stance: None }],
        &BTreeMap::from([("h".to_string(), "Met police denies reports of Banksy arrest".to_string())]),
    );
    assert!(scores[0].disagree > scores[0].agree && scores[0].disagree > scores[0].discuss, "{scores:?}");
}

#[test]
fn committed_model_predicts_clear_pairs() {
    let model = StanceModel::load_default().expect("committed model loads");
    let Some(dir) = data_dir() else { return };
    let (pairs, bodies) = fnc1(&dir);
    let find = |head: &str, body: &str| {
        pairs.iter().find(|p| p.headline.starts_with(head) && p.body_id == body).expect("pair is in FNC-1 train")
    };
    // A spider under a tourist's skin has nothing to do with body 1709's story.
    let p = find("Man discovers spider living under his skin during Bali vacation", "1709");
    assert_eq!(p.stance, Some(Stance::Unrelated));
    assert_eq!(model.predict(&p.headline, &bodies[&p.body_id]), Stance::Unrelated);
    // A "Hoax Alert" headline whose body debunks the story.
    let p = find("Hoax Alert: Father O’Neal", "1849");
    assert_eq!(p.stance, Some(Stance::Disagree));
    assert_eq!(model.predict(&p.headline, &bodies[&p.body_id]), Stance::Disagree);
    // The first 500 training pairs, which the model has seen: nearly all right.
    let first = &pairs[..500];
    let predicted = model.predict_pairs(first, &bodies);
    let gold: Vec<Stance> = first.iter().map(|p| p.stance.expect("labelled")).collect();
    let r = fnc_score(&gold, &predicted);
    assert!(r.accuracy > 0.9, "training accuracy {}", r.accuracy);
    assert!(model.to_bytes().len() < 10_000_000);
    // The probabilities give the same labels as the predictions.
    let scores = model.score_pairs(first, &bodies);
    let labels: Vec<Stance> = scores.iter().map(|s| s.label(model.options().related_threshold)).collect();
    assert_eq!(labels, predicted);
    assert!(scores.iter().all(|s| (s.agree + s.disagree + s.discuss - 1.0).abs() < 1e-3));
}

#[test]
fn training_is_deterministic_and_save_load_is_exact() {
    let Some(dir) = data_dir() else { return };
    let (pairs, bodies) = fnc1(&dir);
    let some: Vec<Pair> = pairs.iter().take(1500).cloned().collect();
    let options =
        TrainOptions { idf_bits: 12, stance_bits: 12, related_epochs: 2, stance_epochs: 2, ..TrainOptions::default() };
    let a = StanceModel::train(&some, &bodies, &options);
    let b = StanceModel::train(&some, &bodies, &options);
    assert_eq!(a.to_bytes(), b.to_bytes());
    // With a headline stage, trained on Emergent headlines: deterministic too, and it survives
    // the file.
    let (heads, head_bodies) = read_emergent(&dir.join("stance/emergent/train.csv")).expect("reading Emergent");
    let heads = &heads[..300];
    let a = a.with_headline_stage(heads, &head_bodies);
    assert_eq!(a.to_bytes(), b.with_headline_stage(heads, &head_bodies).to_bytes());
    let path = temp_path("model.bin");
    a.save(&path).expect("saving");
    let loaded = StanceModel::load(&path).expect("loading");
    assert_eq!(loaded, a);
    let _ = std::fs::remove_file(path);
    assert!(StanceModel::from_bytes(b"not a model", "junk").is_err());
    // A file of format 5 (before the headline stage had a rate of its own: no 4 bytes after the
    // 116 bytes of magic, format and the options before it) still loads, its headline rate the
    // body stages' rate it was trained at.
    let bytes = a.to_bytes();
    assert_eq!(bytes[112..116], 0u32.to_le_bytes(), "hard_negatives, the option before the headline rate");
    assert_eq!(bytes[116..120], options.headline_rate.to_le_bytes());
    let mut old = bytes[..116].to_vec();
    old[8..12].copy_from_slice(&5u32.to_le_bytes());
    old.extend_from_slice(&bytes[120..]);
    let loaded = StanceModel::from_bytes(&old, "format 5").expect("a format-5 model loads");
    assert_eq!(loaded.options().headline_rate, options.rate);
    assert_eq!(loaded.clone().with_headline_options(a.options()), a);
}

#[test]
fn near_misses_teach_only_the_related_stage() {
    let Some(dir) = data_dir() else { return };
    let (pairs, bodies) = fnc1(&dir);
    let some: Vec<Pair> = pairs.iter().take(1500).cloned().collect();
    let options =
        TrainOptions { idf_bits: 12, stance_bits: 12, related_epochs: 2, stance_epochs: 2, ..TrainOptions::default() };
    let plain = StanceModel::train(&some, &bodies, &options);
    let hard = StanceModel::train(&some, &bodies, &TrainOptions { hard_negatives: 5, ..options.clone() });
    assert_eq!(hard.to_bytes(), StanceModel::train(&some, &bodies, &hard.options().clone()).to_bytes());
    let (a, b) = (plain.score_pairs(&some, &bodies), hard.score_pairs(&some, &bodies));
    // The second stage is the same; the first reads the pairs otherwise.
    assert!(a.iter().zip(&b).all(|(x, y)| (x.agree, x.disagree, x.discuss) == (y.agree, y.disagree, y.discuss)));
    assert!(a.iter().zip(&b).any(|(x, y)| x.related != y.related));
    let path = temp_path("hard.bin");
    hard.save(&path).expect("saving");
    assert_eq!(StanceModel::load(&path).expect("loading").options().hard_negatives, 5);
    let _ = std::fs::remove_file(path);
}
