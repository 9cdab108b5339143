//! Learns word clusters from unlabelled sentences: each frequent word is described by the words seen
//! just before and just after it, and the words are split in two again and again (principal direction,
//! then spherical 2-means), so every word gets a path of bits in a binary tree, as Brown clusters do.
//! Deterministic: no randomness, and every loop runs over sorted data.

use std::collections::HashMap;

use crate::clusters::{normal_form, MAX_DEPTH};

/// Clustering settings.
#[derive(Debug, Clone)]
pub struct ClusterOptions {
    /// Words seen fewer times than this get no cluster.
    pub min_count: usize,
    /// The most frequent words that serve as contexts (the rest share one "other" context).
    pub contexts: usize,
    /// The deepest path.
    pub depth: usize,
    /// A group with fewer words than this is not split further.
    pub min_group: usize,
}

impl Default for ClusterOptions {
    fn default() -> ClusterOptions {
        ClusterOptions { min_count: 3, contexts: 1000, depth: 13, min_group: 3 }
    }
}

/// A word's context vector: (dimension, value), sorted by dimension, of unit length.
type Sparse = Vec<(u32, f32)>;

/// Clusters the words of `sentences` (each a list of word forms); returns (normal form, path of `0`/`1`),
/// sorted by word.
pub fn learn(sentences: &[Vec<String>], options: &ClusterOptions) -> Vec<(String, String)> {
    // Count words under their normal form.
    let mut counts: HashMap<String, usize> = HashMap::new();
    for sentence in sentences {
        for word in sentence {
            *counts.entry(normal_form(word)).or_default() += 1;
        }
    }
    let mut by_count: Vec<(String, usize)> = counts.into_iter().collect();
    by_count.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let vocabulary: Vec<(String, usize)> = by_count.iter().filter(|(_, c)| *c >= options.min_count).cloned().collect();
    let index: HashMap<&str, u32> =
        vocabulary.iter().enumerate().map(|(i, (w, _))| (w.as_str(), u32::try_from(i).unwrap_or(u32::MAX))).collect();
    let contexts = options.contexts.min(vocabulary.len());
    // Context ids: 0..contexts the frequent words, then "other", then the sentence boundary.
    let other = u32::try_from(contexts).unwrap_or(u32::MAX);
    let boundary = other + 1;
    let side = boundary + 1;
    let context_of = |word: Option<&String>| -> u32 {
        match word {
            None => boundary,
            Some(word) => match index.get(normal_form(word).as_str()) {
                Some(&i) if (i as usize) < contexts => i,
                _ => other,
            },
        }
    };
    // Co-occurrence counts per vocabulary word: left contexts, then right ones offset by `side`.
    let mut cooccurrence: Vec<HashMap<u32, u32>> = vec![HashMap::new(); vocabulary.len()];
    for sentence in sentences {
        let ids: Vec<Option<u32>> = sentence.iter().map(|w| index.get(normal_form(w).as_str()).copied()).collect();
        for (i, id) in ids.iter().enumerate() {
            let Some(id) = *id else { continue };
            let left = context_of(if i == 0 { None } else { sentence.get(i - 1) });
            let right = side + context_of(sentence.get(i + 1));
            let row = &mut cooccurrence[id as usize];
            *row.entry(left).or_default() += 1;
            *row.entry(right).or_default() += 1;
        }
    }
    // Hellinger vectors: the square root of each side's context distribution, the whole of unit length.
    let vectors: Vec<Sparse> = cooccurrence
        .iter()
        .map(|row| {
            let mut entries: Vec<(u32, f32)> = row.iter().map(|(&d, &c)| (d, f64::from(c).sqrt() as f32)).collect();
            entries.sort_unstable_by_key(|e| e.0);
            let norm = entries.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt().max(1e-9);
            entries.iter_mut().for_each(|e| e.1 /= norm);
            entries
        })
        .collect();
    // Frequent words weigh more in every mean (log count), so a split follows them.
    let weights: Vec<f32> = vocabulary.iter().map(|(_, c)| (1.0 + *c as f32).ln()).collect();
    let dimensions = (2 * side) as usize;
    let mut paths: Vec<String> = vec![String::new(); vocabulary.len()];
    let mut groups: Vec<Vec<u32>> = vec![(0..u32::try_from(vocabulary.len()).unwrap_or(0)).collect()];
    for _ in 0..options.depth.min(MAX_DEPTH) {
        let mut next = Vec::with_capacity(groups.len() * 2);
        for group in groups {
            if group.len() < options.min_group.max(2) {
                continue;
            }
            let (left, right) = split(&group, &vectors, &weights, dimensions);
            if left.is_empty() || right.is_empty() {
                continue;
            }
            for &w in &left {
                paths[w as usize].push('0');
            }
            for &w in &right {
                paths[w as usize].push('1');
            }
            next.push(left);
            next.push(right);
        }
        groups = next;
    }
    let mut out: Vec<(String, String)> =
        vocabulary.into_iter().zip(paths).filter(|(_, p)| !p.is_empty()).map(|((w, _), p)| (w, p)).collect();
    out.sort_unstable();
    out
}

/// Splits a group in two: first by the side of the weighted mean each word lies on along the principal
/// direction (power iteration), then a few rounds of spherical 2-means. The left part is the one holding
/// the group's most frequent word, so paths do not depend on anything but the data.
fn split(group: &[u32], vectors: &[Sparse], weights: &[f32], dimensions: usize) -> (Vec<u32>, Vec<u32>) {
    let dot = |x: &Sparse, dense: &[f32]| -> f32 { x.iter().map(|&(d, v)| v * dense[d as usize]).sum() };
    let total: f32 = group.iter().map(|&w| weights[w as usize]).sum::<f32>().max(1e-9);
    let mut mean = vec![0.0f32; dimensions];
    for &w in group {
        for &(d, v) in &vectors[w as usize] {
            mean[d as usize] += weights[w as usize] * v / total;
        }
    }
    // Power iteration from the first word's offset from the mean.
    let mut direction = mean.iter().map(|m| -m).collect::<Vec<f32>>();
    for &(d, v) in &vectors[group[0] as usize] {
        direction[d as usize] += v;
    }
    for _ in 0..12 {
        let norm = direction.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm < 1e-12 {
            break;
        }
        direction.iter_mut().for_each(|x| *x /= norm);
        let mean_along = mean.iter().zip(&direction).map(|(a, b)| a * b).sum::<f32>();
        let mut next = vec![0.0f32; dimensions];
        let mut shift = 0.0f32;
        for &w in group {
            let x = &vectors[w as usize];
            let along = weights[w as usize] * (dot(x, &direction) - mean_along);
            for &(d, v) in x {
                next[d as usize] += along * v;
            }
            shift += along;
        }
        for (n, m) in next.iter_mut().zip(&mean) {
            *n -= shift * m;
        }
        direction = next;
    }
    let mean_along = mean.iter().zip(&direction).map(|(a, b)| a * b).sum::<f32>();
    let mut side: Vec<bool> = group.iter().map(|&w| dot(&vectors[w as usize], &direction) > mean_along).collect();
    // Spherical 2-means from that split.
    for _ in 0..6 {
        let mut centroids = [vec![0.0f32; dimensions], vec![0.0f32; dimensions]];
        for (&w, &s) in group.iter().zip(&side) {
            let centroid = &mut centroids[usize::from(s)];
            for &(d, v) in &vectors[w as usize] {
                centroid[d as usize] += weights[w as usize] * v;
            }
        }
        if centroids.iter().any(|c| c.iter().all(|&x| x == 0.0)) {
            break;
        }
        for centroid in &mut centroids {
            let norm = centroid.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
            centroid.iter_mut().for_each(|x| *x /= norm);
        }
        let mut changed = false;
        for (&w, s) in group.iter().zip(side.iter_mut()) {
            let x = &vectors[w as usize];
            let now = dot(x, &centroids[1]) > dot(x, &centroids[0]);
            changed |= now != *s;
            *s = now;
        }
        if !changed {
            break;
        }
    }
    // The group is in vocabulary order (most frequent first): its first word goes left.
    let first_side = side.first().copied().unwrap_or(false);
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for (&w, &s) in group.iter().zip(&side) {
        if s == first_side {
            left.push(w);
        } else {
            right.push(w);
        }
    }
    (left, right)
}

/// The clusters file: one `word TAB path` line per word, sorted by word.
pub fn write(clusters: &[(String, String)]) -> String {
    let mut out = String::new();
    for (word, path) in clusters {
        out.push_str(word);
        out.push('\t');
        out.push_str(path);
        out.push('\n');
    }
    out
}

/// Reads what [`write`] wrote (lines without a tab are skipped).
pub fn read(text: &str) -> Vec<(String, String)> {
    text.lines().filter_map(|line| line.split_once('\t')).map(|(w, p)| (w.to_string(), p.to_string())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Days and towns appear in frames of their own: each kind ends up under one branch.
    #[test]
    fn words_seen_in_the_same_frames_share_a_branch() {
        let days = ["monday", "tuesday", "wednesday", "thursday", "friday"];
        let towns = ["paris", "london", "berlin", "madrid", "rome"];
        let mut sentences = Vec::new();
        for (i, day) in days.iter().enumerate() {
            for (j, town) in towns.iter().enumerate() {
                let verb = ["said", "announced", "reported"][(i + j) % 3];
                let line = format!("officials {verb} on {day} that talks in {town} had failed .");
                sentences.push(line.split(' ').map(str::to_string).collect::<Vec<String>>());
            }
        }
        let options = ClusterOptions { min_count: 2, contexts: 50, depth: 4, min_group: 2 };
        let clusters = learn(&sentences, &options);
        assert_eq!(clusters, learn(&sentences, &options), "deterministic");
        let path = |word: &str| clusters.iter().find(|(w, _)| w == word).map(|(_, p)| p.clone()).unwrap_or_default();
        let branch = |words: &[&str]| -> String {
            let paths: Vec<String> = words.iter().map(|w| path(w)).collect();
            let mut common = paths[0].clone();
            for p in &paths[1..] {
                while !p.starts_with(&common) {
                    common.pop();
                }
            }
            common
        };
        let (day_branch, town_branch) = (branch(&days), branch(&towns));
        assert!(!day_branch.is_empty() && !town_branch.is_empty(), "{clusters:?}");
        assert!(!day_branch.starts_with(&town_branch) && !town_branch.starts_with(&day_branch), "{clusters:?}");
    }
}
