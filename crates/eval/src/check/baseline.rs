//! The baseline of `hearsay eval check`: TF-IDF cosine retrieval over all stored texts with a
//! threshold chosen per fold on the other folds' queries, and the other folds' majority stance.

use std::collections::{BTreeMap, BTreeSet};

use hearsay_ledger::check::{content_words, CheckStance};

use super::{fold, index, system_score, Dataset, Prf, SystemScore};

/// TF-IDF cosine retrieval over all stored texts with a per-fold threshold chosen on the other
/// folds' queries (F1), and the other folds' majority gold stance.
pub fn baseline(dataset: &Dataset, folds: usize) -> SystemScore {
    let texts: Vec<String> = dataset.articles.iter().map(|a| a.text.clone()).collect();
    let (vectors, idf) = tfidf(&texts);
    let n = dataset.queries.len();
    // The scored (article, cosine) pairs of each query above a floor: lower cosines never win.
    let scored: Vec<Vec<(usize, f64)>> = dataset
        .queries
        .iter()
        .map(|(query, _)| {
            let q = vectorise(&content_words(query), &idf);
            vectors
                .iter()
                .enumerate()
                .map(|(j, v)| (j, hearsay_text::sparse_dot(&q, v)))
                .filter(|(_, s)| *s > 0.01)
                .collect()
        })
        .collect();
    let in_fold: Vec<usize> = dataset.queries.iter().map(|(_, g)| fold(g, folds)).collect();
    let mut predicted: Vec<BTreeMap<String, CheckStance>> = vec![BTreeMap::new(); n];
    let mut thresholds = Vec::new();
    for k in 0..folds {
        let train: Vec<usize> = (0..n).filter(|&i| in_fold[i] != k).collect();
        let test: Vec<usize> = (0..n).filter(|&i| in_fold[i] == k).collect();
        if test.is_empty() {
            continue;
        }
        let mut counts = [0usize; 3];
        for &i in &train {
            for stance in dataset.gold[i].values() {
                counts[index(*stance)] += 1;
            }
        }
        let majority = [CheckStance::Affirm, CheckStance::Deny, CheckStance::Discuss]
            [(0..3).max_by_key(|&c| (counts[c], 3 - c)).unwrap_or(2)];
        // Threshold: the best F1 over the training queries, candidates every 0.01.
        let mut best = (f64::MIN, 0.5);
        for step in 1..100 {
            let threshold = f64::from(step) / 100.0;
            let (mut tp, mut retrieved, mut gold) = (0, 0, 0);
            for &i in &train {
                gold += dataset.gold[i].len();
                for &(j, s) in &scored[i] {
                    if s >= threshold
                        && !dataset.unlabelled.get(i).is_some_and(|u| u.contains(&dataset.articles[j].key))
                    {
                        retrieved += 1;
                        tp += usize::from(dataset.gold[i].contains_key(&dataset.articles[j].key));
                    }
                }
            }
            let f1 = Prf::of(tp, retrieved, gold).f1;
            if f1 > best.0 {
                best = (f1, threshold);
            }
        }
        thresholds.push(best.1);
        for &i in &test {
            for &(j, s) in &scored[i] {
                if s >= best.1 && !dataset.unlabelled.get(i).is_some_and(|u| u.contains(&dataset.articles[j].key)) {
                    predicted[i].insert(dataset.articles[j].key.clone(), majority);
                }
            }
        }
    }
    system_score(&dataset.gold, &predicted, thresholds)
}

type Sparse = Vec<(u32, f64)>;

/// Unit TF-IDF vectors (sublinear tf, smoothed idf) and the idf table.
fn tfidf(texts: &[String]) -> (Vec<Sparse>, BTreeMap<String, (u32, f64)>) {
    let words: Vec<Vec<String>> = texts.iter().map(|t| content_words(t)).collect();
    let mut frequency: BTreeMap<String, u32> = BTreeMap::new();
    for list in &words {
        let distinct: BTreeSet<&String> = list.iter().collect();
        for word in distinct {
            *frequency.entry(word.clone()).or_default() += 1;
        }
    }
    let n = texts.len() as f64;
    let idf: BTreeMap<String, (u32, f64)> = frequency
        .into_iter()
        .enumerate()
        .map(|(id, (word, df))| (word, (id as u32, ((1.0 + n) / (1.0 + f64::from(df))).ln() + 1.0)))
        .collect();
    (words.iter().map(|list| vectorise(list, &idf)).collect(), idf)
}

fn vectorise(words: &[String], idf: &BTreeMap<String, (u32, f64)>) -> Sparse {
    let mut counts: BTreeMap<u32, (u32, f64)> = BTreeMap::new();
    for word in words {
        if let Some(&(id, weight)) = idf.get(word) {
            counts.entry(id).or_insert((0, weight)).0 += 1;
        }
    }
    let mut v: Sparse = counts.into_iter().map(|(id, (c, w))| (id, (1.0 + f64::from(c).ln()) * w)).collect();
    let norm = v.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|(_, x)| *x /= norm);
    }
    v
}
