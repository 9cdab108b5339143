//! Real corpora from `../shared/data` as [`Article`]s, for tests and benchmarks of every crate.
//!
//! Nothing here is synthetic: PolNeAR news texts with their headline, outlet and date from
//! `metadata.tsv`, FNC-1 and ARC article bodies, the seed articles. Each loader returns `None`
//! (after printing why) when the shared data folder is absent, so a test can skip clearly.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hearsay_article::{Article, Metadata, SourceRef};

/// The shared data folder beside the repository.
pub const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");

/// The shared data folder, or `None` (after saying so) when it is absent.
#[expect(clippy::print_stdout, reason = "a skipped test says why on the test's own output")]
pub fn data() -> Option<PathBuf> {
    let path = Path::new(DATA).to_path_buf();
    if path.exists() {
        Some(path)
    } else {
        println!("skipping: ../shared/data not found");
        None
    }
}

/// For a test that needs the all-MiniLM-L6-v2 model, which did not load (`error`): fails where
/// the model must be there (CI: `CI` or `HEARSAY_REQUIRE_MINILM` set, as `.ci/run` does), and
/// otherwise says the test is skipped.
///
/// # Panics
/// Where the model is required.
#[expect(clippy::print_stdout, reason = "a skipped test says why on the test's own output")]
pub fn skip_without_minilm(error: &dyn std::fmt::Display) {
    let required = ["CI", "HEARSAY_REQUIRE_MINILM"].iter().any(|name| std::env::var_os(name).is_some());
    assert!(!required, "all-MiniLM-L6-v2 is required here (CI): {error}");
    println!("skipping: {error}");
}

/// A plain-text article as cleaning makes one from an unchanged text.
pub fn article(text: &str, source: SourceRef, metadata: Metadata) -> Article {
    Article::plain(text, source, metadata)
}

/// Both halves of each text longer than 1,500 bytes, each an article of its own (cut at the
/// sentence end nearest the middle; sources `PATH#first-half`, `PATH#second-half`): real
/// sentences in a new arrangement, for benchmarks that need more articles than the data holds.
pub fn halves(articles: &[Article]) -> Vec<Article> {
    articles
        .iter()
        .filter(|a| a.text.as_str().len() > 1_500)
        .flat_map(|a| {
            let text = a.text.as_str();
            let mut cut = text.len() / 2;
            while !text.is_char_boundary(cut) {
                cut += 1;
            }
            let first = text[..cut].rsplit_once(". ").map(|(head, _)| format!("{head}."));
            let second = text[cut..].split_once(". ").map(|(_, rest)| rest.to_owned());
            [(first, "first-half"), (second, "second-half")]
                .into_iter()
                .filter_map(|(part, name)| {
                    Some(article(&part?, SourceRef::file(format!("{}#{name}", a.source.path)), a.metadata.clone()))
                })
                .collect::<Vec<_>>()
        })
        .collect()
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
            article(
                &text,
                SourceRef::file(path.display().to_string()),
                metadata.get(&stem).cloned().unwrap_or_default(),
            )
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

/// Real news texts as `(name, text)`, enough for runs of 10,000 articles: the PolNeAR texts,
/// the FNC-1 and ARC bodies (each under the first headline its stance file relates to it), and
/// then the first and second halves (split at a paragraph) of every text of six paragraphs or
/// more, which are real prose with content hashes of their own. In that order, so a prefix of
/// any length is the same corpus; names are unique and safe as file names.
pub fn news_texts(data: &Path) -> Vec<(String, String)> {
    let mut texts: Vec<(String, String)> = Vec::new();
    for split in ["train", "dev", "annotator-training"] {
        let dir = data.join("attribution/polnear").join(split).join("text");
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|entry| entry.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            texts.push((format!("polnear-{stem}"), std::fs::read_to_string(&path).unwrap()));
        }
    }
    for (name, folder, bodies, stances) in [
        ("fnc", "stance/fnc1", "train_bodies.csv", "train_stances.csv"),
        ("arc", "stance/arc", "arc_bodies.csv", "arc_stances_train.csv"),
    ] {
        let headlines = related_headlines(&data.join(folder).join(stances));
        let mut reader = csv::Reader::from_path(data.join(folder).join(bodies)).unwrap();
        for row in reader.records() {
            let row = row.unwrap();
            let text = match headlines.get(&row[0]) {
                Some(headline) => format!("{headline}\n{}", &row[1]),
                None => row[1].to_owned(),
            };
            texts.push((format!("{name}-{}", &row[0]), text));
        }
    }
    let originals = texts.len();
    for index in 0..originals {
        let (name, text) = texts[index].clone();
        let paragraphs: Vec<&str> = text.split('\n').filter(|paragraph| !paragraph.trim().is_empty()).collect();
        if paragraphs.len() >= 6 {
            let middle = paragraphs.len() / 2;
            texts.push((format!("{name}-part1"), paragraphs[..middle].join("\n")));
            texts.push((format!("{name}-part2"), paragraphs[middle..].join("\n")));
        }
    }
    texts
}

/// Writes the first `count` of [`news_texts`] as `<name>.txt` files into `folder` and returns
/// their paths, in order. Panics when the corpus has fewer than `count` texts.
pub fn write_news_files(data: &Path, folder: &Path, count: usize) -> Vec<PathBuf> {
    let texts = news_texts(data);
    assert!(texts.len() >= count, "the shared corpus has {} texts, fewer than {count}", texts.len());
    std::fs::create_dir_all(folder).unwrap();
    texts
        .iter()
        .take(count)
        .map(|(name, text)| {
            let path = folder.join(format!("{name}.txt"));
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect()
}

/// The first related headline paired with each body id in a stance file. An "unrelated"
/// headline belongs to another story, so only related ones title a body.
fn related_headlines(path: &Path) -> BTreeMap<String, String> {
    let mut headlines = BTreeMap::new();
    let mut reader = csv::Reader::from_path(path).unwrap();
    for row in reader.records() {
        let row = row.unwrap();
        if &row[2] != "unrelated" {
            headlines.entry(row[1].to_owned()).or_insert_with(|| row[0].to_owned());
        }
    }
    headlines
}

/// A schema of its own in the test PostgreSQL database (created empty, dropped when the guard
/// goes), and the URL that selects it, for tests that hand a store URL to a binary or a server.
#[derive(Debug)]
pub struct PgScratch {
    base: String,
    namespace: String,
}

impl PgScratch {
    /// `base`: the test database's URL (`HEARSAY_TEST_PG`); `name`: what the test calls it.
    pub fn new(base: &str, name: &str) -> PgScratch {
        let scratch = PgScratch { base: base.to_owned(), namespace: format!("scratch_{}_{name}", std::process::id()) };
        let mut client = postgres::Client::connect(base, postgres::NoTls).expect("connect to the test server");
        client
            .batch_execute(&format!("DROP SCHEMA IF EXISTS {0} CASCADE; CREATE SCHEMA {0}", scratch.namespace))
            .expect("create the test schema");
        scratch
    }

    /// The test database with this schema first on the search path.
    pub fn url(&self) -> String {
        let separator = if self.base.contains('?') { '&' } else { '?' };
        format!("{}{separator}options=-c%20search_path%3D{}", self.base, self.namespace)
    }

    /// The test database's URL, without the schema.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The schema's name.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }
}

impl Drop for PgScratch {
    fn drop(&mut self) {
        if let Ok(mut client) = postgres::Client::connect(&self.base, postgres::NoTls) {
            let _ = client.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.namespace));
        }
    }
}

/// CPU time (user and system, all threads) this process has used so far, in seconds, from
/// `/proc/self/stat` (Linux; clock ticks at the usual 100 Hz); NaN where it cannot be read. The
/// benchmarks time CPU beside wall time, since the machines they run on are shared.
pub fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return f64::NAN;
    };
    // The fields after the command name (in parentheses, and it may hold spaces): utime and
    // stime are the 12th and 13th of them.
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return f64::NAN;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|field| field.parse::<f64>().ok()).unwrap_or(f64::NAN);
    (ticks(11) + ticks(12)) / 100.0
}
