//! Ingest while serving loses nothing: articles posted one by one while other clients read
//! all end up stored, retrievable and counted, and no read fails meanwhile.

mod common;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use common::{seeded_store, start, Client};
use hearsay_server::ServerConfig;
use serde_json::json;

/// Real article texts: the first PolNeAR dev articles.
#[expect(clippy::print_stderr, reason = "a skipped test says why on the test's own output")]
fn polnear_texts(count: usize) -> Option<Vec<(String, String)>> {
    let folder =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/attribution/polnear/dev/text");
    let Ok(entries) = std::fs::read_dir(&folder) else {
        assert!(std::env::var_os("CI").is_none(), "CI must have {}", folder.display());
        eprintln!("skipping: {} is missing", folder.display());
        return None;
    };
    let mut paths: Vec<_> = entries
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    Some(
        paths
            .into_iter()
            .take(count)
            .map(|path| {
                (
                    path.file_stem().expect("stem").to_string_lossy().into_owned(),
                    std::fs::read_to_string(&path).expect("text"),
                )
            })
            .collect(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ingest_while_serving_loses_nothing() {
    let folder = tempfile::tempdir().expect("temp folder");
    let Some(db) = seeded_store(folder.path()) else { return };
    let Some(texts) = polnear_texts(24) else { return };
    let addr = start(ServerConfig::new(db)).await;

    let done = Arc::new(AtomicBool::new(false));
    let reads = Arc::new(AtomicUsize::new(0));
    let mut readers = Vec::new();
    for reader in 0..6 {
        let (done, reads) = (Arc::clone(&done), Arc::clone(&reads));
        readers.push(tokio::spawn(async move {
            let mut client = Client::connect(addr).await.expect("connects");
            let paths = [
                "/api/search?q=said",
                "/api/claims?limit=20",
                "/api/entities",
                "/api/stats",
                "/api/timeline",
                "/api/outlets",
            ];
            let mut turn = reader;
            while !done.load(Ordering::Relaxed) {
                let path = paths[turn % paths.len()];
                let response = client.get(path).await.expect("read answers");
                assert_eq!(response.status, 200, "{path}: {}", String::from_utf8_lossy(&response.body));
                reads.fetch_add(1, Ordering::Relaxed);
                turn += 1;
            }
        }));
    }

    let mut writers = Vec::new();
    for chunk in texts.chunks(6) {
        let chunk = chunk.to_vec();
        writers.push(tokio::spawn(async move {
            let mut client = Client::connect(addr).await.expect("connects");
            let mut ids = Vec::new();
            for (name, text) in chunk {
                let body =
                    json!({"title": name, "outlet": "PolNeAR", "published": "2016-10-01", "text": text}).to_string();
                let response = client
                    .request("POST", "/api/articles", &[("Content-Type", "application/json")], body.as_bytes())
                    .await
                    .expect("write answers");
                assert_eq!(response.status, 200, "{name}: {}", String::from_utf8_lossy(&response.body));
                ids.extend(
                    response.json()["articles"]
                        .as_array()
                        .expect("ids")
                        .iter()
                        .map(|id| id.as_str().expect("id").to_owned()),
                );
            }
            ids
        }));
    }
    let mut ids = Vec::new();
    for writer in writers {
        ids.extend(writer.await.expect("writer finished"));
    }
    done.store(true, Ordering::Relaxed);
    for reader in readers {
        reader.await.expect("reader finished without a failed read");
    }
    assert!(reads.load(Ordering::Relaxed) > 0);

    let mut client = Client::connect(addr).await.expect("connects");
    let stats = client.get("/api/stats").await.expect("stats").json();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), texts.len(), "every posted article has its own id");
    assert_eq!(stats["articles"].as_u64(), Some(3 + texts.len() as u64), "{stats}");
    for id in &ids {
        let article = client.get(&format!("/api/articles/{id}")).await.expect("article");
        assert_eq!(article.status, 200, "{id}");
    }
    let outlet = client.get("/api/outlets/PolNeAR").await.expect("outlet").json();
    assert_eq!(outlet["articles"].as_array().expect("articles").len(), texts.len());
}
