//! `hearsay check` end to end on the seed articles: one claim as an argument or one a line from
//! `--claims`, JSON Lines of exactly the documented keys, the human output grouped by origin.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");

fn hearsay(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hearsay")).arg("--db").arg(db).args(args).output().expect("run hearsay")
}

#[test]
fn claims_are_checked_one_a_line_with_the_documented_json() {
    let data = PathBuf::from(DATA);
    if !data.exists() {
        eprintln!("skipping: ../shared/data not found");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("seeds.db");
    let seeds = data.join("seeds");
    assert!(hearsay(&db, &["ingest", seeds.to_str().expect("utf-8 path")]).status.success());

    let claims = dir.path().join("claims.txt");
    std::fs::write(
        &claims,
        "Russia gave Israel intelligence on Iran's air defenses\n\nPenguins won the cricket world cup\n",
    )
    .expect("write claims");
    let output = hearsay(&db, &["check", "--claims", claims.to_str().expect("utf-8 path"), "--json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object a line"))
        .collect();
    assert_eq!(lines.len(), 2, "the blank line is skipped");
    let keys =
        |value: &serde_json::Value| -> Vec<String> { value.as_object().expect("an object").keys().cloned().collect() };
    // Keys compared as sets (serde_json sorts them); the line itself keeps the documented order.
    assert_eq!(keys(&lines[0]), ["claim", "evidence", "verdict"]);
    let first_line = String::from_utf8_lossy(&output.stdout).lines().next().unwrap_or_default().to_owned();
    assert!(first_line.starts_with(r#"{"claim":"Russia gave Israel intelligence on Iran's air defenses","verdict":"#));
    assert!(first_line.contains(r#","evidence":[{"article":"#), "{first_line}");
    let evidence = lines[0]["evidence"].as_array().expect("evidence");
    assert!(!evidence.is_empty());
    for item in evidence {
        assert_eq!(keys(item), ["article", "claims", "origin", "outlet", "published", "stance"]);
        assert!(["affirm", "deny", "discuss"].contains(&item["stance"].as_str().expect("stance")));
    }
    assert!(evidence.iter().any(|e| e["outlet"] == "HUM News English" && e["stance"] == "deny"), "{evidence:?}");
    assert_eq!(lines[1]["verdict"], "no-evidence");

    let human = hearsay(&db, &["check", "Russia gave Israel intelligence on Iran's air defenses"]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.starts_with("claim: Russia gave Israel"), "{text}");
    assert!(text.contains("\n  HUM News English\n    deny "), "the origin, then its articles: {text}");
}
