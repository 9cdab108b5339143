//! Near-duplicate detection on real news text: syndicated copies are found, different articles
//! on the same days and topics are not.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hearsay_link::{MinHasher, Signature, NEAR_DUPLICATE_THRESHOLD};
use hearsay_testdata::data;

/// One PolNeAR article: its file stem (`outlet_date_slug`), metadata and text.
struct Polnear {
    stem: String,
    outlet: String,
    day: i64,
    wire: bool,
    text: String,
}

fn polnear_train(data: &Path) -> Vec<Polnear> {
    let metadata = std::fs::read_to_string(data.join("attribution/polnear/metadata.tsv")).unwrap();
    // The `wire` column names the agency (AP, AFP, Reuters, UPI) of agency copy; those may truly
    // be copies of each other, so the negative pairs leave them out.
    let wire: BTreeMap<&str, bool> = metadata
        .lines()
        .skip(1)
        .filter_map(|line| {
            let columns: Vec<&str> = line.split('\t').collect();
            Some((*columns.get(1)?, !matches!(*columns.get(11)?, "None" | "NA")))
        })
        .collect();
    let dir = data.join("attribution/polnear/train/text");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|entry| entry.unwrap().path()).collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let mut parts = stem.splitn(3, '_');
            let outlet = parts.next().unwrap().to_owned();
            let date = parts.next().unwrap();
            let ymd: Vec<i64> = date.split('-').map(|part| part.parse().unwrap()).collect();
            let day = ymd[0] * 372 + ymd[1] * 31 + ymd[2];
            Polnear {
                wire: wire.get(stem.as_str()).copied().unwrap_or(false),
                stem,
                outlet,
                day,
                text: std::fs::read_to_string(path).unwrap(),
            }
        })
        .collect()
}

fn share_band(a: &Signature, b: &Signature) -> bool {
    let keys = b.band_keys();
    a.band_keys().iter().any(|key| keys.contains(key))
}

/// PolNeAR texts are a headline line, a blank line, then paragraphs split by blank lines.
fn paragraphs(text: &str) -> Vec<&str> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).collect()
}

#[test]
fn reprints_with_a_footer_a_new_headline_or_a_cut_lead_are_near_duplicates() {
    let Some(data) = data() else { return };
    let articles = polnear_train(&data);
    let hasher = MinHasher::new();
    let (mut tried, mut tried_cut, mut footer_found, mut cut_found, mut cut_candidates) = (0, 0, 0, 0, 0);
    let (mut lowest, mut lowest_footer) = (1.0f32, 1.0f32);
    for (i, article) in articles.iter().enumerate() {
        let parts = paragraphs(&article.text);
        let words = article.text.split_whitespace().count();
        // Syndication copies long reports; a 100-word brief with a footer is a different case.
        if parts.len() < 6 || words < 300 {
            continue;
        }
        tried += 1;
        let original = hasher.signature(&article.text);
        let title = parts[0];
        // The footer WordPress-fed aggregators add, as in the HUM News seed record.
        let with_footer =
            format!("{}\n\nThe post {title} appeared first on {} Daily Wire Feed.", article.text, article.outlet);
        let footer_copy = hasher.signature(&with_footer);
        lowest_footer = lowest_footer.min(footer_copy.similarity(&original));
        if footer_copy.similarity(&original) >= NEAR_DUPLICATE_THRESHOLD && share_band(&footer_copy, &original) {
            footer_found += 1;
        }
        // Another outlet's headline, the lead paragraph cut, the rest as sent. A lead is a
        // paragraph of at most a sixth of the story; a "lead" that is half the text (PolNeAR has
        // texts whose paragraphs were run together) leaves a different article.
        let lead_words = parts[1].split_whitespace().count();
        if lead_words * 6 > words {
            continue;
        }
        tried_cut += 1;
        let other_title = paragraphs(&articles[(i + 1) % articles.len()].text)[0];
        let cut = format!("{other_title}\n\n{}", parts[2..].join("\n\n"));
        let cut_copy = hasher.signature(&cut);
        let similarity = cut_copy.similarity(&original);
        lowest = lowest.min(similarity);
        if similarity >= NEAR_DUPLICATE_THRESHOLD {
            cut_found += 1;
        }
        if share_band(&cut_copy, &original) {
            cut_candidates += 1;
        }
    }
    println!("{tried} long articles: footer copies found {footer_found} (lowest similarity {lowest_footer:.3}); {tried_cut} cut-lead copies: found {cut_found} (LSH candidates {cut_candidates}), lowest similarity {lowest:.3}");
    assert!(tried > 400, "{tried}");
    assert_eq!(footer_found, tried, "every footer copy is found");
    assert!(tried_cut > 300, "{tried_cut}");
    assert!(f64::from(cut_found) >= 0.97 * f64::from(tried_cut), "cut-lead copies found: {cut_found} of {tried_cut}");
    assert!(
        f64::from(cut_candidates) >= 0.97 * f64::from(tried_cut),
        "cut-lead copies are LSH candidates: {cut_candidates} of {tried_cut}"
    );
}

#[test]
fn different_articles_from_the_same_days_are_not_near_duplicates() {
    let Some(data) = data() else { return };
    let articles = polnear_train(&data);
    let hasher = MinHasher::new();
    let signatures: Vec<Signature> = articles.iter().map(|article| hasher.signature(&article.text)).collect();
    // Different outlets covering the 2016 primaries within a day of each other: the same events,
    // the same candidates, often the same quoted lines, but each outlet's own article.
    let (mut pairs, mut false_positives, mut candidates, mut highest) = (0usize, 0usize, 0usize, 0.0f32);
    for i in 0..articles.len() {
        for j in i + 1..articles.len() {
            let (a, b) = (&articles[i], &articles[j]);
            if a.outlet == b.outlet || a.wire || b.wire || (a.day - b.day).abs() > 1 {
                continue;
            }
            pairs += 1;
            let similarity = signatures[i].similarity(&signatures[j]);
            highest = highest.max(similarity);
            if similarity >= NEAR_DUPLICATE_THRESHOLD {
                false_positives += 1;
                println!("false positive {similarity:.3}: {} {}", a.stem, b.stem);
            }
            if share_band(&signatures[i], &signatures[j]) {
                candidates += 1;
            }
        }
    }
    println!("{pairs} same-day pairs from different outlets: {false_positives} at or above {NEAR_DUPLICATE_THRESHOLD}, {candidates} LSH candidates, highest similarity {highest:.3}");
    assert!(pairs > 300, "{pairs}");
    assert_eq!(false_positives, 0);
    assert!(highest < 0.5, "different articles stay far below the threshold: {highest}");
    assert!(candidates * 1000 <= pairs, "LSH sends at most 1 in 1,000 different pairs to verification");
}

#[test]
fn wire_copies_among_fnc1_bodies_are_found() {
    let Some(data) = data() else { return };
    let mut reader = csv::Reader::from_path(data.join("stance/fnc1/train_bodies.csv")).unwrap();
    let bodies: BTreeMap<String, String> = reader
        .records()
        .map(|row| {
            let row = row.unwrap();
            (row[0].to_owned(), row[1].to_owned())
        })
        .collect();
    let hasher = MinHasher::new();
    // Real reprints found in the corpus: the same Reuters or AP story with and without its
    // dateline ("LONDON (Reuters) -"), with a byline ("By Benjamin Kang Lim and Tony Munroe"),
    // or with an outlet's own dateline ("GAZA CITY (Ma'an) --").
    for (a, b) in [("992", "1355"), ("1815", "2230"), ("130", "2251"), ("158", "1070"), ("1341", "2408")] {
        let (first, second) = (hasher.signature(&bodies[a]), hasher.signature(&bodies[b]));
        let similarity = first.similarity(&second);
        assert!(similarity >= NEAR_DUPLICATE_THRESHOLD, "bodies {a} and {b}: {similarity}");
        assert!(share_band(&first, &second), "bodies {a} and {b} share a band key");
    }
    // And two different Apple Watch stories (a price rumour and a retail plan) are not copies.
    let (rumour, retail) = (hasher.signature(&bodies["286"]), hasher.signature(&bodies["1291"]));
    assert!(rumour.similarity(&retail) < 0.2, "{}", rumour.similarity(&retail));
}
