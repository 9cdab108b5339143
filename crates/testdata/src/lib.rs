//! Real corpora from `../shared/data` as [`Article`]s, for tests and benchmarks of every crate.
//!
//! Nothing here is synthetic: PolNeAR news texts with their headline, outlet and date from
//! `metadata.tsv`, FNC-1 and ARC article bodies, the seed articles. Each loader returns `None`
//! (after printing why) when the shared data folder is absent, so a test can skip clearly.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hearsay_article::{Article, ArticleId, InputFormat, Metadata, SourceRef};
use hearsay_text::CleanText;

/// The shared data folder beside the repository.
pub const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");

/// The shared data folder, or `None` (after saying so) when it is absent.
pub fn data() -> Option<PathBuf> {
    let path = Path::new(DATA).to_path_buf();
    if path.exists() {
        Some(path)
    } else {
        println!("skipping: ../shared/data not found");
        None
    }
}

/// A plain-text article as cleaning makes one from an unchanged text.
pub fn article(text: &str, source: SourceRef, metadata: Metadata) -> Article {
    Article {
        id: ArticleId::from_text(text),
        source,
        input: InputFormat::Text,
        metadata,
        source_text: text.to_owned(),
        text: CleanText::identity(text),
        removed: Vec::new(),
        diagnostics: Vec::new(),
    }
}

/// The articles of one PolNeAR split (`train`, `dev`), in file-name order, with headline,
/// outlet, date and author from `metadata.tsv`.
pub fn polnear(data: &Path, split: &str) -> Vec<Article> {
    let table = std::fs::read_to_string(data.join("attribution/polnear/metadata.tsv")).unwrap();
    let mut metadata: BTreeMap<String, Metadata> = BTreeMap::new();
    for line in table.lines().skip(1) {
        let columns: Vec<&str> = line.split('\t').collect();
        if columns.len() < 8 {
            continue;
        }
        let known = |value: &str| (!matches!(value, "None" | "NA" | "")).then(|| value.to_owned());
        metadata.insert(
            columns[1].to_owned(),
            Metadata {
                title: known(columns[7]),
                authors: known(columns[6]).into_iter().collect(),
                published: known(columns[5]),
                outlet: known(columns[4]),
                ..Metadata::default()
            },
        );
    }
    let dir = data.join("attribution/polnear").join(split).join("text");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|entry| entry.unwrap().path()).collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(path).unwrap();
            article(&text, SourceRef::file(path.display().to_string()), metadata.get(&stem).cloned().unwrap_or_default())
        })
        .collect()
}

/// Article bodies of a stance corpus's CSV (`stance/fnc1/train_bodies.csv`,
/// `stance/arc/arc_bodies.csv`), in file order, as articles read from records of the file.
pub fn bodies(data: &Path, relative: &str) -> Vec<Article> {
    let path = data.join(relative);
    let mut reader = csv::Reader::from_path(&path).unwrap();
    reader
        .records()
        .map(|row| {
            let row = row.unwrap();
            let source = SourceRef::member(path.display().to_string(), format!("body {}", &row[0]), None);
            article(&row[1], source, Metadata::default())
        })
        .collect()
}

/// The seed articles' folder.
pub fn seeds(data: &Path) -> PathBuf {
    data.join("seeds")
}
