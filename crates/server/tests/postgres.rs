//! The API on PostgreSQL against the API on SQLite, over the same real articles (the seeds and
//! 20 PolNeAR dev articles): every endpoint but search (whose ranking is each engine's own)
//! answers byte for byte the same, the ledger's stories, propositions and entity histories too;
//! an upload is stored in PostgreSQL and reaches the ledger.
//!
//! Needs a server: `HEARSAY_TEST_PG=postgres://user@127.0.0.1:port/db` (`.ci/run` starts one).
//! Without it the test skips with a message, except under CI, where it fails.

mod common;

use std::path::PathBuf;

use common::{multipart, seeds, start, Client};
use hearsay_server::ServerConfig;

fn corpus(seeds: PathBuf) -> Vec<PathBuf> {
    let mut texts: Vec<PathBuf> = std::fs::read_dir(seeds.join("../attribution/polnear/dev/text"))
        .expect("PolNeAR dev")
        .map(|entry| entry.expect("entry").path())
        .collect();
    texts.sort();
    texts.truncate(20);
    texts.insert(0, seeds);
    texts
}

fn ingest(db: &std::path::Path, paths: &[PathBuf]) {
    let mut store = hearsay_pipeline::open_any(db).expect("open the store");
    let summary =
        hearsay_pipeline::ingest(paths, &mut *store, &hearsay_pipeline::IngestOptions::default(), &mut |_| {})
            .expect("ingest");
    assert!(summary.failures.is_empty() && summary.stored >= 20, "{summary:?}");
}

/// A plain test with a runtime of its own: the blocking PostgreSQL client (the setup, and the
/// schema dropped at the end) must not run inside an async task.
#[test]
fn the_api_on_postgres_answers_what_it_answers_on_sqlite() {
    let Some(seeds) = seeds() else { return };
    let url = match std::env::var("HEARSAY_TEST_PG") {
        Ok(url) if !url.is_empty() => url,
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "HEARSAY_TEST_PG is not set under CI: .ci/run must start PostgreSQL"
            );
            eprintln!("skipping: set HEARSAY_TEST_PG=postgres://... to run the API on PostgreSQL");
            return;
        }
    };
    let paths = corpus(seeds);
    let scratch = hearsay_testdata::PgScratch::new(&url, "serve");
    let folder = tempfile::tempdir().expect("temp folder");
    let sqlite = folder.path().join("hearsay.db");
    let postgres = PathBuf::from(scratch.url());
    for db in [&sqlite, &postgres] {
        ingest(db, &paths);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    runtime.block_on(compare(&folder, &sqlite, &postgres));
}

async fn compare(folder: &tempfile::TempDir, sqlite: &std::path::Path, postgres: &std::path::Path) {
    let mut clients = Vec::new();
    for db in [postgres, sqlite] {
        let mut config = ServerConfig::new(db.to_path_buf());
        config.uploads = Some(folder.path().join("uploads"));
        clients.push(Client::connect(start(config).await).await.expect("connects"));
    }

    let mut checked = 0;
    let stories = clients[1].get("/api/stories").await.expect("stories").json();
    let propositions = clients[1].get("/api/propositions?limit=500").await.expect("propositions").json();
    let story = format!("/api/stories/{}", stories["items"][0]["id"].as_str().expect("a story"));
    let proposition = format!("/api/propositions/{}", propositions["items"][0]["id"].as_str().expect("a proposition"));
    let article = clients[1].get("/api/articles?limit=1").await.expect("articles").json()["items"][0]["id"]
        .as_str()
        .expect("an article")
        .to_owned();
    let claim = clients[1].get("/api/claims?limit=1").await.expect("claims").json();
    let claim_path = format!(
        "/api/claims/{}/{}",
        claim["items"][0]["article"].as_str().expect("article"),
        claim["items"][0]["claim"]["id"].as_str().expect("claim")
    );
    let paths: Vec<String> = [
        "/api/stats",
        "/api/articles?limit=50",
        "/api/articles?outlet=hum%20news%20english",
        "/api/claims?limit=500",
        "/api/claims?stance=deny",
        "/api/entities?limit=100",
        "/api/entities/kazem%20jalali",
        "/api/outlets",
        "/api/outlets/hum%20news%20english",
        "/api/timeline",
        "/api/stories",
        "/api/stories?stored=true",
        "/api/propositions?limit=500",
        "/api/ledger/entities/Kazem%20Jalali",
        "/api/ledger/entities/Iran",
    ]
    .iter()
    .map(|path| (*path).to_owned())
    .chain([
        format!("/api/articles/{article}"),
        claim_path.clone(),
        format!("{claim_path}/proposition"),
        format!("{story}?stored=true"),
        story,
        proposition,
    ])
    .collect();
    for path in &paths {
        let (ours, theirs) = (
            clients[0].get(path).await.expect("postgres answers"),
            clients[1].get(path).await.expect("sqlite answers"),
        );
        assert_eq!(ours.status, 200, "{path}: {}", String::from_utf8_lossy(&ours.body));
        assert_eq!(ours.json(), theirs.json(), "{path}");
        checked += 1;
    }
    assert_eq!(checked, paths.len());
    assert_eq!(clients[0].get("/api/search?q=Russia").await.expect("search").status, 200);

    // An upload lands in PostgreSQL and the ledger reads it at once.
    let before = clients[0].get("/api/stats").await.expect("stats").json();
    let text = std::fs::read(scratch_article()).expect("a PolNeAR article");
    let (content_type, body) = multipart(&[("upload.txt", &text)]);
    let response =
        clients[0].request("POST", "/api/ingest", &[("Content-Type", &content_type)], &body).await.expect("upload");
    assert_eq!(response.status, 200, "{}", String::from_utf8_lossy(&response.body));
    assert_eq!(response.json()["stored"], 1);
    let response_id = response.json()["articles"][0].as_str().map(str::to_owned);
    assert!(folder.path().join("uploads").is_dir(), "the upload is kept in the folder asked for");
    let after = clients[0].get("/api/stats").await.expect("stats").json();
    assert_eq!(after["articles"].as_u64(), before["articles"].as_u64().map(|count| count + 1), "{after}");
    let id = response_id.expect("the upload's id");
    let propositions = clients[0].get("/api/propositions?limit=5000").await.expect("propositions").json();
    let claims = propositions["items"]
        .as_array()
        .expect("items")
        .iter()
        .flat_map(|proposition| proposition["claims"].as_array().expect("claims").iter());
    assert!(
        claims.into_iter().any(|claim| claim["article"] == id.as_str()),
        "the ledger read the uploaded article's claims"
    );
}

/// A PolNeAR dev article the corpus above leaves out.
fn scratch_article() -> PathBuf {
    let seeds = seeds().expect("seeds");
    let mut texts: Vec<PathBuf> = std::fs::read_dir(seeds.join("../attribution/polnear/dev/text"))
        .expect("PolNeAR dev")
        .map(|entry| entry.expect("entry").path())
        .collect();
    texts.sort();
    texts.swap_remove(30)
}
