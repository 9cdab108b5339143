//! Developer aid: dumps claims for every PolNeAR text of a split as JSON lines, for error analysis.
//! `HEARSAY_DUMP_SPLIT=dev cargo test -p hearsay-nlp --release --test dump -- --ignored`
//! writes `$CARGO_TARGET_TMPDIR/claims-<split>.jsonl`.

use hearsay_article::{Article, Metadata, SourceRef};
use hearsay_nlp::{extract, ExtractOptions};

#[test]
#[ignore = "developer aid, writes a file"]
fn dump_split() {
    let split = std::env::var("HEARSAY_DUMP_SPLIT").unwrap_or_else(|_| "dev".to_owned());
    let dir =
        std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/attribution/polnear"))
            .join(&split)
            .join("text");
    if !dir.is_dir() {
        eprintln!("skipping: ../shared/data not found");
        return;
    }
    let mut names: Vec<_> = std::fs::read_dir(&dir).expect("text dir").map(|e| e.expect("entry").path()).collect();
    names.sort();
    let mut out = String::new();
    for path in names {
        let text = std::fs::read_to_string(&path).expect("text");
        let article = Article::plain(&text, SourceRef::file(path.display().to_string()), Metadata::default());
        let x = extract(&article, &ExtractOptions::default());
        let line = serde_json::json!({"article": path.file_stem().and_then(|s| s.to_str()), "claims": x.claims, "sentences": x.sentences});
        out.push_str(&line.to_string());
        out.push('\n');
    }
    let target = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("claims-{split}.jsonl"));
    std::fs::write(&target, out).expect("write dump");
    eprintln!("wrote {}", target.display());
}
