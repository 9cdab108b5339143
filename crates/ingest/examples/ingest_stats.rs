//! Reads every file under the given paths and prints what ingest found, with throughput:
//! `cargo run --release -p hearsay-ingest --example ingest_stats -- PATH...`.
#![expect(clippy::print_stderr, clippy::print_stdout, reason = "a developer tool: its output is the point")]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use hearsay_article::Record;
use hearsay_ingest::{read_file, walk, ErrorKind, Limits};

fn main() {
    let paths: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let started = Instant::now();
    let limits = Limits::default();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let (mut files, mut file_bytes, mut body_bytes) = (0usize, 0u64, 0u64);
    for entry in walk(&paths) {
        let path = match entry {
            Ok(path) => path,
            Err(error) => {
                eprintln!("{error}");
                continue;
            }
        };
        files += 1;
        file_bytes += std::fs::metadata(&path).map(|metadata| metadata.len()).unwrap_or(0);
        let reader = read_file(&path, &limits);
        let format = reader.format().map_or("none", |format| format.name());
        *counts.entry(format!("format {format}")).or_default() += 1;
        for item in reader {
            let key = match item {
                Ok(Record::Article(article)) => {
                    body_bytes += article.bytes.len() as u64;
                    "article"
                }
                Ok(Record::Publication(_)) => "publication",
                Ok(Record::Delete { .. }) => "delete",
                Err(error) if error.kind == ErrorKind::Skipped => "skipped",
                Err(error) => {
                    eprintln!("{error}");
                    "failed"
                }
            };
            *counts.entry(key.to_owned()).or_default() += 1;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!("{files} files, {file_bytes} bytes on disk, {body_bytes} body bytes, {seconds:.3} s");
    println!(
        "{:.1} MB/s on disk, {:.1} MB/s of bodies",
        file_bytes as f64 / seconds / 1e6,
        body_bytes as f64 / seconds / 1e6
    );
    for (key, count) in counts {
        println!("{key}: {count}");
    }
}
