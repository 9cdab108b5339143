//! `hearsay export` on the seed articles: every format is written, and each is read back by a
//! real reader (pyarrow for Parquet, followthemoney for FtM) through tests/export_roundtrip.py.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");

fn hearsay(db: &Path, args: &[&str]) -> Output {
    let output =
        Command::new(env!("CARGO_BIN_EXE_hearsay")).arg("--db").arg(db).args(args).output().expect("run hearsay");
    assert!(output.status.success(), "hearsay {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    output
}

/// A store of the seeds and a folder with every export of it.
#[expect(clippy::print_stderr, reason = "a skipped test says why on the test's own output")]
fn export_all() -> Option<(tempfile::TempDir, PathBuf)> {
    let seeds = PathBuf::from(DATA).join("seeds");
    if !seeds.is_dir() {
        assert!(std::env::var_os("CI").is_none(), "CI must have ../shared/data");
        eprintln!("skipping: ../shared/data not found");
        return None;
    }
    let dir = tempfile::tempdir().expect("temp folder");
    let db = dir.path().join("seeds.db");
    hearsay(&db, &["ingest", seeds.to_str().expect("utf-8 path")]);
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).expect("out folder");
    let path = |name: &str| out.join(name).to_str().expect("utf-8 path").to_owned();
    hearsay(&db, &["export", "--format", "jsonl", "--out", &path("corpus.jsonl")]);
    hearsay(&db, &["export", "--format", "csv", "--out", &path("")]);
    hearsay(&db, &["export", "--format", "parquet", "--out", &path("")]);
    hearsay(&db, &["export", "--format", "ftm", "--out", &path("corpus.ftm.json")]);
    hearsay(&db, &["export", "--format", "claimreview", "--out", &path("claims.jsonld")]);
    hearsay(&db, &["export", "--format", "plover", "--out", &path("events.plover.jsonl")]);
    Some((dir, out))
}

#[test]
fn every_format_is_written_and_consistent() {
    let Some((_dir, out)) = export_all() else { return };
    let documents: Vec<serde_json::Value> = std::fs::read_to_string(out.join("corpus.jsonl"))
        .expect("jsonl")
        .lines()
        .map(|line| serde_json::from_str(line).expect("JSON line"))
        .collect();
    assert_eq!(documents.len(), 3);
    let n_claims: usize = documents.iter().map(|document| document["claims"].as_array().expect("claims").len()).sum();

    let mut claims = csv::Reader::from_path(out.join("claims.csv")).expect("claims.csv");
    let headers = claims.headers().expect("header").clone();
    assert_eq!(&headers[0], "article");
    let rows: Vec<csv::StringRecord> = claims.records().map(|row| row.expect("row")).collect();
    assert_eq!(rows.len(), n_claims);
    let stance = headers.iter().position(|name| name == "stance").expect("stance column");
    assert!(rows.iter().any(|row| &row[stance] == "deny"), "the seeds hold denials");

    let parquet = std::fs::read(out.join("claims.parquet")).expect("claims.parquet");
    assert!(parquet.starts_with(b"PAR1") && parquet.ends_with(b"PAR1"));

    let ftm = std::fs::read_to_string(out.join("corpus.ftm.json")).expect("ftm");
    let schemas: Vec<String> = ftm
        .lines()
        .map(|line| {
            serde_json::from_str::<serde_json::Value>(line).expect("entity")["schema"]
                .as_str()
                .expect("schema")
                .to_owned()
        })
        .collect();
    assert_eq!(schemas.iter().filter(|schema| *schema == "Article").count(), 3);
    assert!(schemas.iter().any(|schema| schema == "Person") && schemas.iter().any(|schema| schema == "Documentation"));

    let graph: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("claims.jsonld")).expect("jsonld")).expect("JSON-LD");
    assert_eq!(graph["@graph"].as_array().expect("graph").len(), n_claims, "no verdicts, so no ClaimReview");
}

#[test]
fn claimreview_only_for_claims_with_a_verdict() {
    let Some((dir, out)) = export_all() else { return };
    let documents: Vec<serde_json::Value> = std::fs::read_to_string(out.join("corpus.jsonl"))
        .expect("jsonl")
        .lines()
        .map(|line| serde_json::from_str(line).expect("JSON line"))
        .collect();
    let document = documents
        .iter()
        .find(|document| !document["claims"].as_array().expect("claims").is_empty())
        .expect("a document with claims");
    let article = document["document"]["id"].as_str().expect("id");
    let claim = document["claims"][0]["id"].as_str().expect("claim id");
    let verdicts = dir.path().join("verdicts.csv");
    std::fs::write(
        &verdicts,
        format!("article,claim,verdict,reviewer\n{},{claim},Unproven,Test Desk\n", &article[..10]),
    )
    .expect("verdicts");
    let db = dir.path().join("seeds.db");
    let output =
        hearsay(&db, &["export", "--format", "claimreview", "--verdicts", verdicts.to_str().expect("utf-8 path")]);
    let graph: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON-LD on stdout");
    let reviews: Vec<&serde_json::Value> =
        graph["@graph"].as_array().expect("graph").iter().filter(|node| node["@type"] == "ClaimReview").collect();
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0]["reviewRating"]["alternateName"], "Unproven");
    assert_eq!(reviews[0]["itemReviewed"]["@id"], format!("urn:hearsay:claim:{article}:{claim}"));
}

#[test]
fn real_readers_read_the_exports() {
    let Some((_dir, out)) = export_all() else { return };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/export_roundtrip.py");
    let probe = Command::new("python3").args(["-c", "import pyarrow, followthemoney"]).output();
    if !probe.as_ref().is_ok_and(|probe| probe.status.success()) {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have python3 with pyarrow and followthemoney (.ci/run installs them)"
        );
        eprintln!("skipping: python3 with pyarrow and followthemoney not found (pip install pyarrow followthemoney)");
        return;
    }
    let output = Command::new("python3").arg(&script).arg(&out).output().expect("run python3");
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    eprintln!("{}", String::from_utf8_lossy(&output.stdout));
}
