//! Main-text extraction scored on the article-extraction benchmark (word 4-gram shingles).
//!
//! The data is scrapinghub/article-extraction-benchmark as copied to `../shared/data/extraction`:
//! `ground-truth.json` (`{id: {articleBody, url}}`) and `html/<id>.html.gz`. The metric is the
//! benchmark's own: words are runs of Unicode word characters (Python's `\w+`), each text becomes
//! the multiset of its word 4-grams (a text of fewer than four words is one shorter shingle),
//! and per document
//! precision = matched / predicted shingles, recall = matched / gold shingles. Precision and
//! recall are averaged over documents, and F1 is taken of the two averages. As in the benchmark,
//! a document whose prediction is empty while its gold is not has no precision (it is left out of
//! the precision average, and counts 0 in recall); a document where both are empty scores P = R = 1.
//!
//! The prediction is what hearsay keeps: the clean text of [`hearsay_clean::clean`] run on the
//! page bytes (decoding, main-text extraction and boilerplate rules), not the extractor alone.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use hearsay_article::{Hints, InputFormat, RawArticle, RecordFormat, SourceRef};
use serde::{Deserialize, Serialize};

/// Shingle length used by the benchmark.
pub const SHINGLE_WORDS: usize = 4;

/// Scores of one run over the benchmark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtractionReport {
    /// Pages scored.
    pub n_documents: usize,
    /// Mean per-document precision.
    pub precision: f64,
    /// Mean per-document recall.
    pub recall: f64,
    /// F1 of the two means.
    pub f1: f64,
    /// `(id, precision, recall)` per page, sorted by id. An empty prediction against a non-empty
    /// gold text shows precision 0 here but is left out of the precision mean.
    pub per_document: Vec<(String, f64, f64)>,
}

/// Why the benchmark could not be scored.
#[derive(Debug, thiserror::Error)]
pub enum ExtractionError {
    /// A file could not be read.
    #[error("reading {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The ground truth is not the JSON the benchmark publishes.
    #[error("parsing {path}: {source}")]
    Json {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: serde_json::Error,
    },
    /// The ground truth names no documents.
    #[error("{path} holds no documents")]
    Empty {
        /// The file.
        path: PathBuf,
    },
}

#[derive(Debug, Deserialize)]
struct Gold {
    #[serde(rename = "articleBody", default)]
    article_body: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

/// Scores `hearsay_clean::clean` on the benchmark in `data_dir` (the folder holding
/// `ground-truth.json` and `html/`).
pub fn score_extraction(data_dir: &Path) -> Result<ExtractionReport, ExtractionError> {
    score_with(data_dir, |id, bytes, url| {
        let raw = RawArticle {
            source: SourceRef::file(format!("html/{id}.html.gz")),
            input: InputFormat::Html,
            format: RecordFormat::Html,
            bytes: bytes.to_vec(),
            charset: None,
            hints: Hints { url: url.map(str::to_owned), ..Hints::default() },
        };
        // A rejected page predicts nothing, which the metric counts against recall.
        hearsay_clean::clean(&raw).map(|article| article.text.as_str().to_owned()).unwrap_or_default()
    })
}

/// Scores any predictor `(id, page bytes, url) -> text` on the benchmark in `data_dir`.
pub fn score_with(
    data_dir: &Path,
    mut predict: impl FnMut(&str, &[u8], Option<&str>) -> String,
) -> Result<ExtractionReport, ExtractionError> {
    let truth_path = data_dir.join("ground-truth.json");
    let truth_text = std::fs::read_to_string(&truth_path)
        .map_err(|source| ExtractionError::Io { path: truth_path.clone(), source })?;
    // BTreeMap: documents are scored and reported in id order.
    let truth: std::collections::BTreeMap<String, Gold> = serde_json::from_str(&truth_text)
        .map_err(|source| ExtractionError::Json { path: truth_path.clone(), source })?;
    if truth.is_empty() {
        return Err(ExtractionError::Empty { path: truth_path });
    }
    let mut per_document = Vec::with_capacity(truth.len());
    let (mut precision_sum, mut precision_n, mut recall_sum, mut recall_n) = (0.0, 0usize, 0.0, 0usize);
    for (id, gold) in &truth {
        let path = data_dir.join("html").join(format!("{id}.html.gz"));
        let bytes = read_gz(&path)?;
        let predicted = predict(id, &bytes, gold.url.as_deref());
        let scores = shingle_scores(gold.article_body.as_deref().unwrap_or(""), &predicted);
        if let Some(p) = scores.precision {
            precision_sum += p;
            precision_n += 1;
        }
        if let Some(r) = scores.recall {
            recall_sum += r;
            recall_n += 1;
        }
        per_document.push((id.clone(), scores.precision.unwrap_or(0.0), scores.recall.unwrap_or(0.0)));
    }
    let precision = mean(precision_sum, precision_n);
    let recall = mean(recall_sum, recall_n);
    let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
    Ok(ExtractionReport { n_documents: truth.len(), precision, recall, f1, per_document })
}

fn mean(sum: f64, n: usize) -> f64 {
    if n == 0 {
        0.0
    } else {
        sum / n as f64
    }
}

fn read_gz(path: &Path) -> Result<Vec<u8>, ExtractionError> {
    let file = std::fs::File::open(path).map_err(|source| ExtractionError::Io { path: path.to_owned(), source })?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut bytes)
        .map_err(|source| ExtractionError::Io { path: path.to_owned(), source })?;
    Ok(bytes)
}

/// Precision and recall of one document; `None` where the benchmark leaves it undefined.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShingleScores {
    /// Matched / predicted shingles; `None` when nothing was predicted but gold text exists.
    pub precision: Option<f64>,
    /// Matched / gold shingles; `None` when the gold is empty but something was predicted.
    pub recall: Option<f64>,
}

/// Compares the word 4-gram shingle multisets of `gold` and `predicted`.
pub fn shingle_scores(gold: &str, predicted: &str) -> ShingleScores {
    let gold_words = words(gold);
    let predicted_words = words(predicted);
    let gold_shingles = shingles(&gold_words);
    let predicted_shingles = shingles(&predicted_words);
    // A sum over the map: its order cannot change the result.
    let matched: u64 = predicted_shingles
        .iter()
        .map(|(shingle, &count)| u64::from(count.min(gold_shingles.get(shingle).copied().unwrap_or(0))))
        .sum();
    let predicted_total: u64 = predicted_shingles.values().map(|&c| u64::from(c)).sum();
    let gold_total: u64 = gold_shingles.values().map(|&c| u64::from(c)).sum();
    let false_positives = predicted_total - matched;
    let false_negatives = gold_total - matched;
    if false_positives == 0 && false_negatives == 0 {
        return ShingleScores { precision: Some(1.0), recall: Some(1.0) };
    }
    let precision = (predicted_total > 0).then(|| matched as f64 / predicted_total as f64);
    let recall = (gold_total > 0).then(|| matched as f64 / gold_total as f64);
    ShingleScores { precision, recall }
}

/// Runs of word characters (letters, digits, marks, underscore), like Python's `\w+`.
/// The benchmark's definition, not `hearsay_text::words`: the metric must not move with the pipeline.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_' || is_mark(c))).filter(|w| !w.is_empty()).collect()
}

/// Combining marks, which Python's `\w` counts as word characters (Devanagari vowel signs).
fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{900}'..='\u{97f}' | '\u{1ab0}'..='\u{1aff}' | '\u{20d0}'..='\u{20ff}')
        && !c.is_alphanumeric()
        && !c.is_whitespace()
}

fn shingles<'a>(words: &'a [&'a str]) -> HashMap<&'a [&'a str], u32> {
    let mut counts = HashMap::new();
    if words.is_empty() {
        return counts;
    }
    let windows = words.len().saturating_sub(SHINGLE_WORDS - 1).max(1);
    for start in 0..windows {
        let end = (start + SHINGLE_WORDS).min(words.len());
        *counts.entry(&words[start..end]).or_insert(0) += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingles_are_word_four_grams_with_counts() {
        let words = words("Iran's envoy, in Moscow, said: no.");
        assert_eq!(words, ["Iran", "s", "envoy", "in", "Moscow", "said", "no"]);
        let counts = shingles(&words);
        assert_eq!(counts.len(), 4);
        assert_eq!(counts.get(&["Iran", "s", "envoy", "in"][..]), Some(&1));
        let short = ["two", "words"];
        assert_eq!(shingles(&short).into_keys().collect::<Vec<_>>(), [&short[..]]);
    }

    #[test]
    fn precision_and_recall_of_partial_extraction() {
        let gold = "one two three four five six";
        // Perfect.
        assert_eq!(
            shingle_scores(gold, "one two three four five six"),
            ShingleScores { precision: Some(1.0), recall: Some(1.0) }
        );
        // Gold has 3 shingles; the prediction keeps 2 of them and adds 2 of its own.
        let scores = shingle_scores(gold, "one two three four five menu home");
        assert_eq!(scores.precision, Some(2.0 / 4.0));
        assert_eq!(scores.recall, Some(2.0 / 3.0));
        // Punctuation and line breaks do not matter; case does (as in the benchmark).
        assert_eq!(shingle_scores(gold, "one, two\nthree (four) five-six").recall, Some(1.0));
        assert_eq!(shingle_scores(gold, "One two three four five six").recall, Some(2.0 / 3.0));
    }

    #[test]
    fn empty_cases() {
        assert_eq!(shingle_scores("", ""), ShingleScores { precision: Some(1.0), recall: Some(1.0) });
        assert_eq!(shingle_scores("one two three four", ""), ShingleScores { precision: None, recall: Some(0.0) });
        assert_eq!(shingle_scores("", "menu"), ShingleScores { precision: Some(0.0), recall: None });
    }

    #[test]
    fn repeated_shingles_count_once_each() {
        let scores = shingle_scores("a b c d", "a b c d a b c d");
        assert_eq!(scores.recall, Some(1.0));
        // Predicted: abcd twice, bcda, cdab, dabc; only one abcd is in the gold.
        assert_eq!(scores.precision, Some(1.0 / 5.0));
    }

    fn data_dir() -> Option<PathBuf> {
        let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/extraction")).to_path_buf();
        if dir.join("ground-truth.json").is_file() {
            Some(dir)
        } else {
            eprintln!("skipping: ../shared/data not found");
            None
        }
    }

    /// The scorer's plumbing on the real data, without running an extractor: the gold text scores
    /// 1, an empty prediction has no precision and zero recall.
    #[test]
    fn gold_and_empty_predictions_score_as_expected() {
        let Some(dir) = data_dir() else { return };
        let truth: std::collections::BTreeMap<String, Gold> =
            serde_json::from_str(&std::fs::read_to_string(dir.join("ground-truth.json")).expect("read")).expect("json");
        let perfect = score_with(&dir, |id, _, _| truth[id].article_body.clone().unwrap_or_default()).expect("scores");
        assert_eq!(perfect.n_documents, 181);
        assert_eq!((perfect.precision, perfect.recall, perfect.f1), (1.0, 1.0, 1.0));
        let empty = score_with(&dir, |_, _, _| String::new()).expect("scores");
        assert_eq!((empty.recall, empty.f1), (0.0, 0.0));
        let ids: Vec<&String> = empty.per_document.iter().map(|(id, _, _)| id).collect();
        assert!(ids.windows(2).all(|pair| pair[0] < pair[1]), "sorted by id");
    }

    #[test]
    fn missing_data_is_a_clear_error() {
        let error = score_extraction(Path::new("/nonexistent/extraction")).expect_err("no data");
        assert!(error.to_string().starts_with("reading /nonexistent/extraction/ground-truth.json"), "{error}");
    }

    #[test]
    #[ignore = "runs the full benchmark; cargo test -p hearsay-eval -- --ignored"]
    fn full_benchmark_reaches_target_f1() {
        let Some(dir) = data_dir() else { return };
        let report = score_extraction(&dir).expect("benchmark scores");
        eprintln!(
            "extraction: n={} P={:.4} R={:.4} F1={:.4}",
            report.n_documents, report.precision, report.recall, report.f1
        );
        assert_eq!(report.n_documents, 181);
        assert!(report.f1 >= 0.95, "F1 {:.4}", report.f1);
    }
}
