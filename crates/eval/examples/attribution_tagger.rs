//! Compares attribution predictors: the rules, the learned tagger, and their merges.
//!
//! `cargo run --release -p hearsay-eval --example attribution_tagger -- tune`: trains the tagger
//! on half of PolNeAR train and scores the other half (tuning never looks at dev).
//! `... -- swap`: the other fold (trains on the scored half, scores the tuning half).
//! `... -- dev`: trains on all of train and scores dev (checking only).
//! Env: `CUE_EPOCHS`, `ROLE_EPOCHS`; `SYNTAX=0|1|2`: how the tagger reads the parse (none, the default; every sentence; the role tagger in the cue's sentence); `SAVE=path` writes the trained tagger, `LOAD=path` scores a
//! saved one instead of training; `CONTEXT=1` trains and runs the contextual tagger (MiniLM
//! vectors after `$LAYERS` layers, default 3, cached under `$CONTEXT_CACHE`, default
//! `target/context-cache`, with `-L<layers>` added unless all six layers run). `TUNED=path`: the
//! last of those layers is the trained one saved there by the `tune_layer` example (give each
//! layer its own `CONTEXT_CACHE`). `CROSS=a,b`: cross-fitting, see `main`.
#![expect(clippy::print_stdout, clippy::print_stderr, reason = "a developer tool: its output is the point")]
#![expect(clippy::unwrap_used, reason = "a tuning harness run by hand: a missing file stops it at once")]

use std::path::PathBuf;

use hearsay_eval::attribution::{score_with, AttributionReport, Spans};
use hearsay_eval::context_cache;
use hearsay_eval::tuning_split::{quarter, tuning_half as half};
use hearsay_nlp::attribution::{self, AttributionTagger, RawAttribution};
use hearsay_nlp::train::{self, TaggerTraining};

/// The merges tried before the tagger-led one that `extract` uses ([`attribution::merge`]); kept
/// here to compare against it (docs/decisions/0002-attribution-tagger-led-merge.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Merge {
    /// The rules' attributions, plus the tagger's whose cue overlaps none of them.
    AddNew,
    /// The tagger's attributions, plus the rules' whose cue overlaps none of them.
    TaggerFirst,
    /// The union; on a cue both found, the rules' attribution with the tagger's content (the
    /// rules name the claimant, role and chain, and their cue words give the stance; the tagger
    /// places contents better). What `extract` used before the tagger-led merge.
    Hybrid,
}

/// Combines rule and tagger attributions (each in text order) by `mode`; the result is in text order.
fn merge(rules: Vec<RawAttribution>, tagged: Vec<RawAttribution>, mode: Merge) -> Vec<RawAttribution> {
    let same_cue = |a: &RawAttribution, b: &RawAttribution| a.cue_span.overlaps(b.cue_span);
    let mut out: Vec<RawAttribution> = Vec::with_capacity(rules.len() + tagged.len());
    if mode == Merge::AddNew {
        out.extend(tagged.iter().filter(|t| !rules.iter().any(|r| same_cue(r, t))).cloned());
        out.extend(rules);
    } else {
        for t in &tagged {
            match rules.iter().find(|r| same_cue(r, t)) {
                // "Iran reportedly received ...": a content around its cue is the rules' own
                // shape; and a content over the rules' source is the tagger's mistake.
                Some(r)
                    if mode == Merge::Hybrid
                        && ((r.content_span.start() <= r.cue_span.start()
                            && r.cue_span.end() <= r.content_span.end())
                            || r.source_span.is_some_and(|s| s.overlaps(t.content_span))) =>
                {
                    out.push(r.clone())
                }
                Some(r) if mode == Merge::Hybrid => {
                    out.push(RawAttribution { content_span: t.content_span, ..r.clone() })
                }
                _ => out.push(t.clone()),
            }
        }
        out.extend(rules.into_iter().filter(|r| !tagged.iter().any(|t| same_cue(r, t))));
    }
    out.sort_by_key(|a| (a.sentence, a.cue_span.start, a.content_span.start));
    out
}

fn spans(raw: &[RawAttribution]) -> Vec<Spans> {
    raw.iter().map(|a| Spans { source: a.source_span, cue: Some(a.cue_span), content: Some(a.content_span) }).collect()
}

fn show(name: &str, r: &AttributionReport) {
    let o = &r.all.overlap;
    println!(
        "{name:24} gold {:5} pred {:5} source {:.4} (P {:.3} R {:.3}) cue {:.3} (P {:.3} R {:.3}) content {:.3} | direct src {:.3} indirect src {:.3}",
        r.n_gold, r.n_predicted, o.source.f1, o.source.precision, o.source.recall, o.cue.f1, o.cue.precision, o.cue.recall, o.content.f1,
        r.direct.overlap.source.f1, r.indirect.overlap.source.f1
    );
}

/// The article's contextual vectors after `$LAYERS` of the encoder's layers (default
/// [`attribution::context::LAYERS`]), from the cache or the encoder (then cached).
fn cached_context(
    embedder: &hearsay_embed::Embedder,
    tuned: Option<&hearsay_embed::TunedLayer>,
    base: String,
    text: &str,
    sentences: &[hearsay_text::TextRange],
) -> attribution::Context {
    let layers = std::env::var("LAYERS").ok().and_then(|k| k.parse().ok()).unwrap_or(attribution::context::LAYERS);
    // The last layer's cache keeps the name it had before the layer could be chosen.
    let dir = PathBuf::from(if layers == embedder.layers() { base } else { format!("{base}-L{layers}") });
    let path = context_cache::path(&dir, text);
    if let Some(context) = context_cache::read(&path, layers, tuned.is_some()) {
        return context;
    }
    // The states below a tuned layer come from their own cache where `tune_layer` left them.
    let below = context_cache::path(&PathBuf::from(format!("target/context-cache-L{}", layers - 1)), text);
    let context = match (tuned, context_cache::read(&below, layers - 1, false)) {
        (Some(layer), Some(below)) => below.through(sentences, layer),
        (Some(layer), None) => attribution::Context::encode_tuned(embedder, text, sentences, layers - 1, layer),
        (None, _) => attribution::Context::encode(embedder, text, sentences, layers),
    }
    .expect("encoding");
    context_cache::write(&path, &context).expect("writing the cache");
    context
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_else(|| "tune".into());
    let data =
        PathBuf::from(std::env::var("DATA").unwrap_or_else(|_| "../shared/data".into())).join("attribution/polnear");
    let env = |k: &str, d: usize| std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d);
    let options = TaggerTraining {
        cue_epochs: env("CUE_EPOCHS", 10),
        role_epochs: env("ROLE_EPOCHS", 10),
        syntax: env("SYNTAX", 0) as u32,
    };
    let (train_keep, split, score_keep): (Box<dyn Fn(&str) -> bool>, PathBuf, Box<dyn Fn(&str) -> bool>) =
        match mode.as_str() {
            "dev" => (Box::new(|_| true), data.join("dev"), Box::new(|_| true)),
            "builtin" => (Box::new(|_| false), data.join("dev"), Box::new(|_| true)),
            "self" => (Box::new(half), data.join("train"), Box::new(half)),
            // The other fold of the two: train on the scored half, score the tuning half.
            "swap" => (Box::new(|n| !half(n)), data.join("train"), Box::new(half)),
            _ => (Box::new(half), data.join("train"), Box::new(|n| !half(n))),
        };
    if mode == "iaa" {
        // The human ceiling under this scorer: a second annotator scored against the first.
        for split_name in ["train", "dev", "annotator-training"] {
            let split = data.join(split_name);
            let mut by_article: std::collections::BTreeMap<String, Vec<PathBuf>> = Default::default();
            for e in std::fs::read_dir(split.join("attributions")).unwrap() {
                let p = e.unwrap().path();
                let stem = p.file_stem().unwrap().to_str().unwrap().to_owned();
                let (article, _) = stem.rsplit_once('_').unwrap();
                by_article.entry(article.to_owned()).or_default().push(p);
            }
            let mut second: std::collections::HashMap<String, Vec<Spans>> = Default::default();
            for (article, mut paths) in by_article {
                if paths.len() < 2 {
                    continue;
                }
                paths.sort();
                let text = std::fs::read_to_string(split.join("text").join(format!("{article}.txt"))).unwrap();
                let ann = std::fs::read_to_string(&paths[1]).unwrap();
                second.insert(text.clone(), hearsay_eval::attribution::parse_brat(&text, &ann));
            }
            let n = second.len();
            let keep_texts: std::collections::HashSet<String> = second.keys().cloned().collect();
            let names: std::collections::HashSet<String> = std::fs::read_dir(split.join("text"))
                .unwrap()
                .filter_map(|e| {
                    let p = e.ok()?.path();
                    let t = std::fs::read_to_string(&p).ok()?;
                    keep_texts.contains(&t).then(|| p.file_stem().unwrap().to_str().unwrap().to_owned())
                })
                .collect();
            let r = score_with(&split, &|a| names.contains(a), &|t| second.get(t).cloned().unwrap_or_default())
                .expect("scoring");
            show(&format!("annotator 2 vs 1, {split_name} ({n})"), &r);
        }
        return;
    }
    let embedder =
        std::env::var("CONTEXT").is_ok().then(|| hearsay_embed::Embedder::locate().expect("the MiniLM model"));
    let tuned = std::env::var("TUNED").ok().map(|path| {
        hearsay_embed::TunedLayer::from_bytes(&std::fs::read(path).expect("reading the layer")).expect("the layer")
    });
    let base = std::env::var("CONTEXT_CACHE").unwrap_or_else(|_| "target/context-cache".into());
    // Cross-fitting (`CROSS=a,b`): layers trained by `tune_layer q0` and `q1` on the two quarters
    // of the tuning half; each tuning article is read through the layer not trained on it, so the
    // perceptrons learn on vectors as good as those of unseen text. Scored text reads `TUNED`.
    let cross: Vec<hearsay_embed::TunedLayer> = std::env::var("CROSS")
        .map(|paths| {
            paths
                .split(',')
                .map(|p| {
                    hearsay_embed::TunedLayer::from_bytes(&std::fs::read(p).expect("reading a layer")).expect("a layer")
                })
                .collect()
        })
        .unwrap_or_default();
    let quarter_of: std::collections::HashMap<String, usize> = if cross.len() == 2 {
        std::fs::read_dir(data.join("train/text"))
            .expect("train")
            .filter_map(|e| {
                let p = e.ok()?.path();
                let name = p.file_stem()?.to_str()?.to_owned();
                half(&name).then(|| (std::fs::read_to_string(&p).expect("text"), quarter(&name)))
            })
            .collect()
    } else {
        Default::default()
    };
    let context = |text: &str, sentences: &[hearsay_text::TextRange]| {
        embedder.as_ref().map(|e| match quarter_of.get(text) {
            Some(&q) => cached_context(e, Some(&cross[1 - q]), format!("{base}-x{}", 1 - q), text, sentences),
            None => cached_context(e, tuned.as_ref(), base.clone(), text, sentences),
        })
    };
    let started = std::time::Instant::now();
    let tagger = if mode == "builtin" {
        AttributionTagger::builtin().clone()
    } else if let Ok(path) = std::env::var("LOAD") {
        AttributionTagger::from_bytes(&std::fs::read(path).expect("reading the model"))
    } else {
        let context_fn: Option<train::ContextFn<'_>> = embedder.is_some().then_some(&context as _);
        train::attribution_tagger(&data.join("train"), options, &*train_keep, context_fn).expect("training")
    };
    eprintln!("trained in {:.1} s", started.elapsed().as_secs_f64());
    // `CUE_BIAS`, `SOURCE_BIAS`, `CONTENT_BIAS`: decode with this bias instead of the tagger's own.
    let mut tagger = tagger;
    let fenv = |k: &str, d: f32| std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d);
    let own = tagger.bias();
    tagger.set_bias(attribution::tagger::Bias {
        cue: fenv("CUE_BIAS", own.cue),
        source: fenv("SOURCE_BIAS", own.source),
        content: fenv("CONTENT_BIAS", own.content),
        missing_content: fenv("MISSING_CONTENT_BIAS", own.missing_content),
    });
    eprintln!("bias {:?}", tagger.bias());
    if let Ok(path) = std::env::var("SAVE") {
        std::fs::write(&path, tagger.to_bytes()).expect("saving the model");
    }
    // `GRID=cue,source,content,missing_content;...`: score only what `extract` does, once per bias, and stop.
    if let Ok(grid) = std::env::var("GRID") {
        for point in grid.split(';') {
            let v: Vec<f32> = point.split(',').filter_map(|x| x.trim().parse().ok()).collect();
            let [cue, source, content, missing_content] = v[..] else { continue };
            let mut biased = tagger.clone();
            biased.set_bias(attribution::tagger::Bias { cue, source, content, missing_content });
            let extracted = |text: &str| {
                let sentences = hearsay_nlp::segment::sentences(text);
                let rules = attribution::find(text, &sentences);
                let tagged = biased.find_in_context(text, &sentences, &rules, context(text, &sentences).as_ref());
                spans(&attribution::combine(text, rules, tagged))
            };
            show(
                &format!("bias {cue} {source} {content}"),
                &score_with(&split, &*score_keep, &extracted).expect("scoring"),
            );
            output_style(&split, &*score_keep, &extracted);
        }
        return;
    }
    let run = |name: &str, f: &dyn Fn(&str) -> Vec<Spans>| {
        let r = score_with(&split, &*score_keep, f).expect("scoring");
        show(name, &r);
    };
    run("extract (builtin model)", &hearsay_eval::attribution::predict);
    let rules = |text: &str| {
        let sentences = hearsay_nlp::segment::sentences(text);
        attribution::find(text, &sentences)
    };
    let tagged = |text: &str| {
        let sentences = hearsay_nlp::segment::sentences(text);
        tagger.find_in_context(text, &sentences, &rules(text), context(text, &sentences).as_ref())
    };
    run("rules", &|t| spans(&rules(t)));
    run("tagger", &|t| spans(&tagged(t)));
    // What `extract` does: the tagger-led merge, then the sources settled.
    let extracted = |t: &str| spans(&attribution::combine(t, rules(t), tagged(t)));
    for (name, mode) in [
        ("rules + new tagger cues", Merge::AddNew),
        ("tagger + new rule cues", Merge::TaggerFirst),
        ("hybrid", Merge::Hybrid),
    ] {
        run(name, &|t| spans(&merge(rules(t), tagged(t), mode)));
    }
    run("tagger-led", &|t| spans(&attribution::merge(t, rules(t), tagged(t))));
    run("tagger-led, sourceless", &extracted);
    if let Ok(path) = std::env::var("ERRORS") {
        let listing = hearsay_eval::attribution::source_errors_with(&split, &*score_keep, &extracted).expect("listing");
        std::fs::write(path, listing).expect("writing");
    }
}

/// The output scorer's rule (`score_output`) on raw spans: content F1 (overlap) and source F1
/// (content right and the source overlapping, or both without one), over all attributions.
fn output_style(split: &std::path::Path, keep: &dyn Fn(&str) -> bool, predict: &dyn Fn(&str) -> Vec<Spans>) {
    let (mut gold_n, mut pred_n, mut content_ok, mut source_ok) = (0usize, 0usize, 0usize, 0usize);
    let overlap = |a: Option<hearsay_text::TextRange>, b: Option<hearsay_text::TextRange>| matches!((a, b), (Some(a), Some(b)) if a.overlaps(b));
    let shared = |a: Option<hearsay_text::TextRange>, b: Option<hearsay_text::TextRange>| match (a, b) {
        (Some(a), Some(b)) if a.overlaps(b) => a.end.min(b.end) - a.start.max(b.start),
        _ => 0,
    };
    let mut names: Vec<(String, PathBuf)> = std::fs::read_dir(split.join("attributions"))
        .unwrap()
        .filter_map(|e| {
            let p = e.ok()?.path();
            let stem = p.file_stem()?.to_str()?.to_owned();
            Some((stem.rsplit_once('_')?.0.to_owned(), p))
        })
        .collect();
    names.sort();
    names.dedup_by(|a, b| a.0 == b.0);
    for (article, ann) in names.iter().filter(|(a, _)| keep(a)) {
        let text = std::fs::read_to_string(split.join("text").join(format!("{article}.txt"))).unwrap();
        let gold = hearsay_eval::attribution::parse_brat(&text, &std::fs::read_to_string(ann).unwrap());
        let pred = predict(&text);
        gold_n += gold.len();
        pred_n += pred.len();
        let mut cands = Vec::new();
        for (pi, p) in pred.iter().enumerate() {
            for (gi, g) in gold.iter().enumerate() {
                let (c, q) = (shared(p.content, g.content), shared(p.cue, g.cue));
                if c > 0 || ((p.content.is_none() || g.content.is_none()) && q > 0) {
                    cands.push((c, q, pi, gi));
                }
            }
        }
        cands.sort_by(|a, b| (b.0, b.1, a.2, a.3).cmp(&(a.0, a.1, b.2, b.3)));
        let (mut pu, mut gu) = (vec![false; pred.len()], vec![false; gold.len()]);
        for (_, _, pi, gi) in cands {
            if pu[pi] || gu[gi] {
                continue;
            }
            (pu[pi], gu[gi]) = (true, true);
            let (p, g) = (&pred[pi], &gold[gi]);
            if overlap(p.content, g.content) {
                content_ok += 1;
                source_ok += usize::from(overlap(p.source, g.source) || (p.source.is_none() && g.source.is_none()));
            }
        }
    }
    let f1 = |c: usize| 2.0 * c as f64 / (gold_n + pred_n).max(1) as f64;
    let p = |c: usize| (c as f64 / pred_n.max(1) as f64, c as f64 / gold_n.max(1) as f64);
    println!(
        "    output-style: content {:.4} (P {:.3} R {:.3}) source {:.4} (P {:.3} R {:.3})",
        f1(content_ok),
        p(content_ok).0,
        p(content_ok).1,
        f1(source_ok),
        p(source_ok).0,
        p(source_ok).1
    );
}
