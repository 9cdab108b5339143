//! What sentence embeddings add to claim matching, measured on FNC-1 training headlines.
//!
//! FNC-1 pairs each article body with headlines of its own story (agree, disagree, discuss)
//! and of other stories (unrelated). So:
//! * **same claim**: two distinct headlines that both agree with (or discuss) the same body;
//! * **different claims**: a headline that agrees with (or discusses) a body, and a headline
//!   labelled unrelated to that body. This is exact, unlike "headlines of two different
//!   bodies", which are often two articles on one story.
//!
//! Different-claim pairs are sampled twice (fixed seed): at random, and as hard negatives that
//! share at least one content word ("ISIS", "Apple") with each other.
//! Each pair is scored by (a) Jaccard of content words, (b) MiniLM cosine, (c) a linear mix
//! `w * cosine + (1 - w) * jaccard`, with `w` picked on the pairs of even body ids and scored
//! on odd ones, and the reverse (cross-fitted, so the mix is not tuned on what it is scored on).
//! We report average precision and the best F1 over thresholds, and embedding speed.
//!
//! ```sh
//! cargo run --release -p hearsay-embed --example claim_match -- [DATA_DIR] [OUT_JSON]
//! ```
//! Defaults: `../shared/data` and `crates/embed/results/claim_match.json` (from the repository root).
#![expect(clippy::print_stderr, clippy::print_stdout, reason = "a developer tool: its output is the point")]

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::Instant;

use hearsay_embed::{cosine, Embedder};
use serde_json::json;

/// Pairs drawn per kind; the totals are smaller where the data has fewer.
const N_SAME: usize = 3_000;
const N_RANDOM: usize = 3_000;
const N_HARD: usize = 3_000;
const SEED: u64 = 0x4845_4152_5341_5921;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let data = PathBuf::from(args.next().unwrap_or_else(|| "../shared/data".to_owned()));
    let out = PathBuf::from(args.next().unwrap_or_else(|| "crates/embed/results/claim_match.json".to_owned()));

    let stances_path = data.join("stance/fnc1/train_stances.csv");
    let mut reader = csv::Reader::from_path(&stances_path)
        .map_err(|error| format!("reading {}: {error}", stances_path.display()))?;
    // Headlines are interned: `headlines[i]` is the text, pairs hold indexes.
    let mut headlines: Vec<String> = Vec::new();
    let mut index_of: BTreeMap<String, usize> = BTreeMap::new();
    let mut related: BTreeMap<u32, BTreeSet<usize>> = BTreeMap::new();
    let mut agreeing: BTreeMap<u32, BTreeSet<usize>> = BTreeMap::new();
    let mut unrelated: BTreeMap<u32, BTreeSet<usize>> = BTreeMap::new();
    for record in reader.records() {
        let record = record?;
        let headline = record[0].trim().to_owned();
        let body: u32 = record[1].parse()?;
        let index = *index_of.entry(headline.clone()).or_insert_with(|| {
            headlines.push(headline);
            headlines.len() - 1
        });
        match &record[2] {
            "agree" => {
                related.entry(body).or_default().insert(index);
                agreeing.entry(body).or_default().insert(index);
            }
            "discuss" => {
                related.entry(body).or_default().insert(index);
            }
            "unrelated" => {
                unrelated.entry(body).or_default().insert(index);
            }
            _ => {}
        }
    }

    // Candidate pairs, keyed by (smaller, larger) headline index, with the body they came from.
    let mut same: BTreeMap<(usize, usize), u32> = BTreeMap::new();
    for (&body, members) in &related {
        let members: Vec<usize> = members.iter().copied().collect();
        for (position, &first) in members.iter().enumerate() {
            for &second in &members[position + 1..] {
                same.entry(ordered(first, second)).or_insert(body);
            }
        }
    }
    let mut different: BTreeMap<(usize, usize), u32> = BTreeMap::new();
    for (&body, members) in &related {
        for &outsider in unrelated.get(&body).into_iter().flatten() {
            for &member in members {
                let key = ordered(member, outsider);
                if !same.contains_key(&key) {
                    different.entry(key).or_insert(body);
                }
            }
        }
    }
    let words: Vec<BTreeSet<String>> = headlines.iter().map(|headline| content_words(headline)).collect();
    let jaccard_of = |(first, second): (usize, usize)| jaccard(&words[first], &words[second]);

    let mut rng = SplitMix64(SEED);
    let same_pairs = sample(&mut rng, same.iter().map(|(&key, &body)| (key, body)).collect(), N_SAME);
    let hard_candidates: Vec<((usize, usize), u32)> =
        different.iter().filter(|(&key, _)| jaccard_of(key) > 0.0).map(|(&key, &body)| (key, body)).collect();
    let n_hard_candidates = hard_candidates.len();
    let hard_pairs = sample(&mut rng, hard_candidates, N_HARD);
    // Random negatives exclude the hard ones already drawn, so no pair is counted twice.
    let drawn: BTreeSet<(usize, usize)> = hard_pairs.iter().map(|(key, _)| *key).collect();
    let random_candidates =
        different.iter().filter(|(key, _)| !drawn.contains(key)).map(|(&key, &body)| (key, body)).collect();
    let random_pairs = sample(&mut rng, random_candidates, N_RANDOM);
    let n_agree_pairs = same_pairs
        .iter()
        .filter(|((first, second), body)| {
            agreeing.get(body).is_some_and(|set| set.contains(first) && set.contains(second))
        })
        .count();

    // Embed every headline that occurs in a sampled pair, once.
    let needed: BTreeSet<usize> = same_pairs
        .iter()
        .chain(&random_pairs)
        .chain(&hard_pairs)
        .flat_map(|((first, second), _)| [*first, *second])
        .collect();
    let needed: Vec<usize> = needed.into_iter().collect();
    let texts: Vec<&str> = needed.iter().map(|&index| headlines[index].as_str()).collect();

    let load_start = Instant::now();
    let embedder = Embedder::locate()?;
    let load_seconds = load_start.elapsed().as_secs_f64();
    let embed_start = Instant::now();
    let cpu_start = hearsay_testdata::cpu_seconds();
    let vectors = embedder.embed(&texts)?;
    let embed_seconds = embed_start.elapsed().as_secs_f64();
    let embed_cpu_seconds = hearsay_testdata::cpu_seconds() - cpu_start;
    let n_tokens: usize =
        texts.iter().map(|text| embedder.token_ids(text).map(|ids| ids.len())).sum::<Result<_, _>>()?;
    let vector_of: BTreeMap<usize, &Vec<f32>> = needed.iter().copied().zip(&vectors).collect();

    // The baseline in the same run: content-word Jaccard over the same texts.
    let jaccard_start = Instant::now();
    let baseline_sets: Vec<BTreeSet<String>> = texts.iter().map(|text| content_words(text)).collect();
    let jaccard_seconds = jaccard_start.elapsed().as_secs_f64();
    drop(baseline_sets);

    let body_speed = measure_bodies(&embedder, &data)?;

    let score = |pairs: &[((usize, usize), u32)], label: bool| -> Vec<Scored> {
        pairs
            .iter()
            .map(|&(key, body)| Scored {
                jaccard: jaccard_of(key),
                cosine: f64::from(cosine(vector_of[&key.0], vector_of[&key.1])),
                even_body: body % 2 == 0,
                label,
            })
            .collect()
    };
    let positives = score(&same_pairs, true);
    let random = score(&random_pairs, false);
    let hard = score(&hard_pairs, false);

    let mixed: Vec<Scored> = positives.iter().chain(&random).chain(&hard).cloned().collect();
    let hard_only: Vec<Scored> = positives.iter().chain(&hard).cloned().collect();
    let random_only: Vec<Scored> = positives.iter().chain(&random).cloned().collect();
    // The mix weight is chosen on the mixed set, per fold, and reused for every evaluation.
    let weight_even = best_weight(mixed.iter().filter(|pair| pair.even_body));
    let weight_odd = best_weight(mixed.iter().filter(|pair| !pair.even_body));

    let evaluate = |pairs: &[Scored]| {
        let jaccard_scores: Vec<(f64, bool)> = pairs.iter().map(|pair| (pair.jaccard, pair.label)).collect();
        let cosine_scores: Vec<(f64, bool)> = pairs.iter().map(|pair| (pair.cosine, pair.label)).collect();
        // Pairs of even bodies are scored with the weight chosen on odd bodies, and the reverse.
        let mixed_scores: Vec<(f64, bool)> = pairs
            .iter()
            .map(|pair| (pair.mix(if pair.even_body { weight_odd } else { weight_even }), pair.label))
            .collect();
        let positives = pairs.iter().filter(|pair| pair.label).count();
        json!({
            "pairs": pairs.len(),
            "same_claim": positives,
            "different_claim": pairs.len() - positives,
            "jaccard": metrics(&jaccard_scores),
            "minilm_cosine": metrics(&cosine_scores),
            "combined": metrics(&mixed_scores),
        })
    };
    let mean = |pairs: &[Scored], field: fn(&Scored) -> f64| pairs.iter().map(field).sum::<f64>() / pairs.len() as f64;

    let report = json!({
        "what": "claim matching as FNC-1 headline pairs (train split only)",
        "command": if cfg!(debug_assertions) {
            "cargo run -p hearsay-embed --example claim_match"
        } else {
            "cargo run --release -p hearsay-embed --example claim_match"
        },
        "data": "../shared/data/stance/fnc1/train_stances.csv",
        "same_claim": "two distinct headlines both agreeing with or discussing the same body",
        "different_claim": "a headline agreeing with or discussing a body, and a headline labelled unrelated to that body",
        "hard_negative": "a different-claim pair sharing at least one content word",
        "seed": SEED,
        "candidates": {
            "same_claim": same.len(),
            "different_claim": different.len(),
            "hard_different_claim": n_hard_candidates,
            "sampled_same_claim_both_agree": n_agree_pairs,
        },
        "combined_rule": "w * cosine + (1 - w) * jaccard, w in 0.0..=1.0 step 0.05 picked for average precision on the other half of the bodies (even/odd body id)",
        "combined_weight": {"picked_on_even_bodies": weight_even, "picked_on_odd_bodies": weight_odd},
        "evaluations": {
            "all_negatives": evaluate(&mixed),
            "hard_negatives_only": evaluate(&hard_only),
            "random_negatives_only": evaluate(&random_only),
        },
        "mean_score": {
            "same_claim": {"jaccard": mean(&positives, |p| p.jaccard), "cosine": mean(&positives, |p| p.cosine)},
            "hard_negative": {"jaccard": mean(&hard, |p| p.jaccard), "cosine": mean(&hard, |p| p.cosine)},
            "random_negative": {"jaccard": mean(&random, |p| p.jaccard), "cosine": mean(&random, |p| p.cosine)},
        },
        "speed": {
            "cpu_threads_available": std::thread::available_parallelism().map(usize::from).unwrap_or(1),
            "note": "one embed() call over all texts; wall clock on a machine shared with other jobs, so the per-CPU-second figures (user + system time of this process, all threads) are the steadier ones",
            "profile": if cfg!(debug_assertions) { "dev (dependencies at opt-level 2)" } else { "release" },
            "model_load_seconds": round(load_seconds),
            "headlines": {
                "texts": texts.len(),
                "tokens": n_tokens,
                "seconds": round(embed_seconds),
                "embeddings_per_second": round(texts.len() as f64 / embed_seconds),
                "tokens_per_second": round(n_tokens as f64 / embed_seconds),
                "cpu_seconds": round(embed_cpu_seconds),
                "embeddings_per_cpu_second": round(texts.len() as f64 / embed_cpu_seconds),
                "jaccard_baseline_word_sets_per_second": round(texts.len() as f64 / jaccard_seconds.max(1e-9)),
            },
            "bodies_truncated_to_256_tokens": body_speed,
        },
    });
    let text = serde_json::to_string_pretty(&report)?;
    println!("{text}");
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&out, text + "\n")?;
    eprintln!("wrote {}", out.display());
    Ok(())
}

/// Embedding speed on long texts: the first 64 FNC-1 bodies, each cut to 256 tokens.
fn measure_bodies(
    embedder: &Embedder,
    data: &std::path::Path,
) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let mut reader = csv::Reader::from_path(data.join("stance/fnc1/train_bodies.csv"))?;
    let mut bodies = Vec::new();
    for record in reader.records().take(64) {
        bodies.push(record?[1].to_owned());
    }
    let texts: Vec<&str> = bodies.iter().map(String::as_str).collect();
    let n_tokens: usize =
        texts.iter().map(|text| embedder.token_ids(text).map(|ids| ids.len())).sum::<Result<_, _>>()?;
    let start = Instant::now();
    let cpu_start = hearsay_testdata::cpu_seconds();
    embedder.embed(&texts)?;
    let seconds = start.elapsed().as_secs_f64();
    let cpu = hearsay_testdata::cpu_seconds() - cpu_start;
    Ok(json!({
        "texts": texts.len(),
        "tokens": n_tokens,
        "seconds": round(seconds),
        "embeddings_per_second": round(texts.len() as f64 / seconds),
        "tokens_per_second": round(n_tokens as f64 / seconds),
        "cpu_seconds": round(cpu),
        "embeddings_per_cpu_second": round(texts.len() as f64 / cpu),
    }))
}

#[derive(Debug, Clone)]
struct Scored {
    jaccard: f64,
    cosine: f64,
    even_body: bool,
    label: bool,
}

impl Scored {
    fn mix(&self, weight: f64) -> f64 {
        weight * self.cosine + (1.0 - weight) * self.jaccard
    }
}

fn best_weight<'a>(pairs: impl Iterator<Item = &'a Scored> + Clone) -> f64 {
    let mut best = (f64::NEG_INFINITY, 0.0);
    for step in 0..=20 {
        let weight = f64::from(step) * 0.05;
        let scores: Vec<(f64, bool)> = pairs.clone().map(|pair| (pair.mix(weight), pair.label)).collect();
        let precision = average_precision(&scores);
        if precision > best.0 {
            best = (precision, weight);
        }
    }
    round(best.1)
}

fn metrics(scores: &[(f64, bool)]) -> serde_json::Value {
    let (f1, threshold) = best_f1(scores);
    json!({
        "average_precision": round(average_precision(scores)),
        "best_f1": round(f1),
        "best_f1_threshold": round(threshold),
    })
}

/// Scores sorted high to low, cut into groups of equal score: (true positives, false
/// positives, score) after each group. Tied pairs are never split by an arbitrary order.
fn cumulative(scores: &[(f64, bool)]) -> Vec<(usize, usize, f64)> {
    let mut sorted = scores.to_vec();
    sorted.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut points = Vec::new();
    let (mut true_positives, mut false_positives) = (0, 0);
    for (position, &(score, label)) in sorted.iter().enumerate() {
        if label {
            true_positives += 1;
        } else {
            false_positives += 1;
        }
        let group_ends = sorted.get(position + 1).is_none_or(|next| next.0 != score);
        if group_ends {
            points.push((true_positives, false_positives, score));
        }
    }
    points
}

/// Average precision: precision at each threshold weighted by the recall it adds (as
/// scikit-learn's `average_precision_score`).
fn average_precision(scores: &[(f64, bool)]) -> f64 {
    let n_positive = scores.iter().filter(|(_, label)| *label).count() as f64;
    let mut previous_recall = 0.0;
    let mut total = 0.0;
    for (true_positives, false_positives, _) in cumulative(scores) {
        let recall = true_positives as f64 / n_positive;
        let precision = true_positives as f64 / (true_positives + false_positives) as f64;
        total += (recall - previous_recall) * precision;
        previous_recall = recall;
    }
    total
}

/// The best F1 over thresholds, and the threshold (predict "same claim" at score >= it).
fn best_f1(scores: &[(f64, bool)]) -> (f64, f64) {
    let n_positive = scores.iter().filter(|(_, label)| *label).count() as f64;
    let mut best = (0.0, f64::INFINITY);
    for (true_positives, false_positives, score) in cumulative(scores) {
        let precision = true_positives as f64 / (true_positives + false_positives) as f64;
        let recall = true_positives as f64 / n_positive;
        if precision + recall > 0.0 {
            let f1 = 2.0 * precision * recall / (precision + recall);
            if f1 > best.0 {
                best = (f1, score);
            }
        }
    }
    best
}

/// Lower-cased alphanumeric words of two or more characters, minus function words.
fn content_words(text: &str) -> BTreeSet<String> {
    const STOPWORDS: &[&str] = &[
        "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can",
        "could", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "his", "how", "if", "in",
        "into", "is", "it", "its", "just", "may", "more", "new", "no", "not", "now", "of", "on", "or", "our", "out",
        "over", "says", "said", "she", "so", "than", "that", "the", "their", "them", "they", "this", "to", "up", "was",
        "we", "were", "what", "when", "who", "why", "will", "with", "would", "you", "your",
    ];
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|word| word.chars().count() >= 2 && !STOPWORDS.contains(&word.as_str()))
        .collect()
}

fn jaccard(first: &BTreeSet<String>, second: &BTreeSet<String>) -> f64 {
    let union = first.union(second).count();
    if union == 0 {
        return 0.0;
    }
    first.intersection(second).count() as f64 / union as f64
}

fn ordered(first: usize, second: usize) -> (usize, usize) {
    (first.min(second), first.max(second))
}

/// Up to `n` items, drawn without replacement by a partial Fisher-Yates shuffle.
fn sample<T>(rng: &mut SplitMix64, mut items: Vec<T>, n: usize) -> Vec<T> {
    let n = n.min(items.len());
    for position in 0..n {
        let offset = usize::try_from(rng.next() % (items.len() - position) as u64).expect("offset fits in usize");
        items.swap(position, position + offset);
    }
    items.truncate(n);
    items
}

fn round(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

/// A small fixed-seed generator (SplitMix64), so the sampled pairs are the same on every run.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}
