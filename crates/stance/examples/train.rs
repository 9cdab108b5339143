//! Trains the FNC-1 stance model: prints the body-grouped 5-fold cross-validation report and
//! prediction speed, then trains on all of FNC-1 train and writes the model file.
//!
//! `cargo run --release -p hearsay-stance --example train -- ../shared/data models/fnc1.bin
//! [--no-cv] [--folds N] [--results results/cv.json] [--set key=value ...]`
#![expect(clippy::print_stdout, reason = "a developer tool: its output is the point")]

use std::path::PathBuf;
use std::time::Instant;

use hearsay_stance::{
    cross_validate, cross_validate_headlines, cross_validate_topics, cross_validate_topics_with, default_options,
    read_arc_dir, read_emergent_dir, read_fnc_dir, topic_count, ScoreReport, StanceModel, TrainOptions,
};

fn print_report(name: &str, r: &ScoreReport) {
    let macro3 = r.per_class.iter().take(3).map(|c| c.f1).sum::<f64>() / 3.0;
    println!(
        "{name}: FNC score {:.2}%  macro-F1 {:.4} (agree/disagree/discuss {macro3:.4})  accuracy {:.4}  ({} pairs)",
        r.fnc_score_pct, r.macro_f1, r.accuracy, r.pairs
    );
    for c in &r.per_class {
        println!(
            "  {:<10} P {:.3}  R {:.3}  F1 {:.3}  n {}",
            c.stance.as_str(),
            c.precision,
            c.recall,
            c.f1,
            c.support
        );
    }
    println!("  confusion (rows gold, cols predicted; agree disagree discuss unrelated): {:?}", r.confusion);
}

fn set_option(o: &mut TrainOptions, kv: &str) -> Result<(), String> {
    let (k, v) = kv.split_once('=').ok_or(format!("--set wants key=value, got {kv}"))?;
    let f = || v.parse::<f32>().map_err(|e| format!("{k}: {e}"));
    let u = || v.parse::<u32>().map_err(|e| format!("{k}: {e}"));
    match k {
        "idf_bits" => o.idf_bits = u()?,
        "stance_bits" => o.stance_bits = u()?,
        "related_epochs" => o.related_epochs = u()?,
        "stance_epochs" => o.stance_epochs = u()?,
        "rate" => o.rate = f()?,
        "l2" => o.l2 = f()?,
        "class_weight_power" => o.class_weight_power = f()?,
        "disagree_boost" => o.disagree_boost = f()?,
        "related_threshold" => o.related_threshold = f()?,
        "group_weights" => {
            let v: Vec<f32> =
                v.split(',').map(str::parse).collect::<Result<_, _>>().map_err(|e| format!("{k}: {e}"))?;
            o.group_weights = v.try_into().map_err(|_| "group_weights wants 4 numbers".to_string())?;
        }
        "headline_weights" => {
            let v: Vec<f32> =
                v.split(',').map(str::parse).collect::<Result<_, _>>().map_err(|e| format!("{k}: {e}"))?;
            o.headline_weights = v.try_into().map_err(|_| "headline_weights wants 5 numbers".to_string())?;
        }
        "shape_weight" => o.shape_weight = f()?,
        "headline_epochs" => o.headline_epochs = u()?,
        "headline_stack" => o.headline_stack = f()?,
        "headline_disagree_boost" => o.headline_disagree_boost = f()?,
        "headline_rate" => o.headline_rate = f()?,
        "headline_max_words" => o.headline_max_words = u()?,
        "hard_negatives" => o.hard_negatives = u()?,
        "seed" => o.seed = v.parse::<u64>().map_err(|e| format!("{k}: {e}"))?,
        _ => return Err(format!("unknown option {k}")),
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mut positional = Vec::new();
    let (mut cv, mut folds, mut results, mut sets) = (true, 5usize, None::<PathBuf>, Vec::new());
    let mut tries = Vec::new();
    let (mut topics, mut arc, mut emergent, mut topics_arc) = (false, false, false, false);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--no-cv" => cv = false,
            "--topics" => topics = true,
            "--arc" => arc = true,
            "--emergent" => emergent = true,
            "--topics-with-arc" => topics_arc = true,
            "--folds" => folds = args.next().ok_or("--folds needs a number")?.parse()?,
            "--results" => results = Some(args.next().ok_or("--results needs a path")?.into()),
            "--set" => sets.push(args.next().ok_or("--set needs key=value")?),
            "--try" => tries.push(args.next().ok_or("--try needs key=value;key=value")?),
            _ => positional.push(a),
        }
    }
    let data_dir = PathBuf::from(positional.first().map_or("../shared/data", String::as_str));
    let out = positional.get(1).map(PathBuf::from);
    let mut options = default_options(&data_dir);
    for s in &sets {
        set_option(&mut options, s)?;
    }
    let (pairs, bodies) = read_fnc_dir(&data_dir)?;
    println!("FNC-1 train: {} pairs, {} bodies", pairs.len(), bodies.len());

    let mut report_json = serde_json::Map::new();
    let command: Vec<String> = std::env::args().skip(1).collect();
    report_json.insert(
        "command".into(),
        serde_json::json!(format!(
            "cargo run --release -p hearsay-stance --example train -- {} (from crates/stance)",
            command.join(" ")
        )),
    );
    if cv {
        let t = Instant::now();
        let r = cross_validate(&pairs, &bodies, folds, &options);
        println!("{folds}-fold CV grouped by body in {:.1}s", t.elapsed().as_secs_f64());
        print_report("FNC-1 CV", &r);
        report_json.insert("fnc1_cv_by_body".into(), serde_json::to_value(&r)?);
    }
    if topics {
        println!("FNC-1 topics: {}", topic_count(&pairs));
        let t = Instant::now();
        let r = cross_validate_topics(&pairs, &bodies, folds, &options);
        println!("{folds}-fold CV grouped by topic in {:.1}s", t.elapsed().as_secs_f64());
        print_report("FNC-1 CV (unseen topics)", &r);
        report_json.insert("fnc1_cv_by_topic".into(), serde_json::to_value(&r)?);
    }
    if topics_arc {
        // ARC pairs join every fold's training (their body ids kept apart from FNC-1's).
        let (arc_pairs, arc_bodies) = read_arc_dir(&data_dir)?;
        let mut all_bodies = bodies.clone();
        all_bodies.extend(arc_bodies.into_iter().map(|(id, text)| (format!("arc:{id}"), text)));
        let extra: Vec<_> = arc_pairs
            .into_iter()
            .map(|mut p| {
                p.body_id = format!("arc:{}", p.body_id);
                p
            })
            .collect();
        let r = cross_validate_topics_with(&pairs, &extra, &all_bodies, folds, &options);
        print_report("FNC-1 CV (unseen topics), ARC train added", &r);
        report_json.insert("fnc1_cv_by_topic_with_arc".into(), serde_json::to_value(&r)?);
    }
    if arc {
        let (arc_pairs, arc_bodies) = read_arc_dir(&data_dir)?;
        println!("ARC train: {} pairs, {} bodies", arc_pairs.len(), arc_bodies.len());
        let t = Instant::now();
        let r = cross_validate(&arc_pairs, &arc_bodies, folds, &options);
        println!("{folds}-fold CV grouped by body in {:.1}s", t.elapsed().as_secs_f64());
        print_report("ARC CV", &r);
        report_json.insert("arc_cv_by_body".into(), serde_json::to_value(&r)?);
    }

    let t = Instant::now();
    let model = StanceModel::train(&pairs, &bodies, &options);
    println!("trained on all {} pairs in {:.1}s", pairs.len(), t.elapsed().as_secs_f64());
    let (headlines, headline_bodies) = read_emergent_dir(&data_dir)?;
    if emergent {
        let r = cross_validate_headlines(&model, &headlines, &headline_bodies, folds);
        print_report("Emergent headline stage, CV grouped by claim", &r);
        report_json.insert("emergent_headlines_cv_by_claim".into(), serde_json::to_value(&r)?);
    }
    // Headline-stage options tried on the same claim-grouped folds (body stages trained once).
    for t in &tries {
        let mut o = options.clone();
        for kv in t.split(';').filter(|kv| !kv.is_empty()) {
            set_option(&mut o, kv)?;
        }
        let m = model.clone().with_headline_options(&o);
        let r = cross_validate_headlines(&m, &headlines, &headline_bodies, folds);
        let macro3 = r.per_class.iter().take(3).map(|c| c.f1).sum::<f64>() / 3.0;
        println!("try {t}: accuracy {:.4}  macro-F1(3) {macro3:.4}", r.accuracy);
    }
    let model = model.with_headline_stage(&headlines, &headline_bodies);

    // Speed of one-pair-at-a-time prediction (body and headline analysed afresh each call).
    let sample: Vec<_> = pairs.iter().step_by(10).collect();
    let t = Instant::now();
    let mut related = 0;
    for p in &sample {
        related += usize::from(model.predict(&p.headline, &bodies[&p.body_id]).is_related());
    }
    let secs = t.elapsed().as_secs_f64();
    let pps = sample.len() as f64 / secs;
    println!("predict: {} pairs in {secs:.2}s = {pps:.0} pairs/s on one core ({related} related)", sample.len());
    let t = Instant::now();
    let all = model.predict_pairs(&pairs, &bodies);
    let batch_pps = all.len() as f64 / t.elapsed().as_secs_f64();
    println!("predict_pairs (bodies analysed once): {batch_pps:.0} pairs/s");
    report_json.insert("predict_pairs_per_s_single".into(), serde_json::json!(pps.round()));
    report_json.insert("predict_pairs_per_s_batch".into(), serde_json::json!(batch_pps.round()));
    report_json.insert(
        "options".into(),
        serde_json::to_value(TrainOptions {
            extra_hedges: vec![format!("{} entries", options.extra_hedges.len())],
            extra_reporting: vec![format!("{} entries", options.extra_reporting.len())],
            ..options.clone()
        })?,
    );

    if let Some(out) = out {
        model.save(&out)?;
        println!("wrote {} ({} bytes)", out.display(), std::fs::metadata(&out)?.len());
    }
    if let Some(path) = results {
        std::fs::write(&path, serde_json::to_string_pretty(&report_json)? + "\n")?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
