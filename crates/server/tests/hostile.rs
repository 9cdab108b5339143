//! The API probed as a hostile client would (issue #18, defects 11-13): cross-site writes, DNS
//! rebinding, costly search queries, empty error bodies and invalid dates.

mod common;

use common::{seeded_store, start, Client};
use hearsay_server::ServerConfig;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn seeded_server() -> Option<(tempfile::TempDir, std::net::SocketAddr)> {
    let folder = tempfile::tempdir().expect("temp folder");
    let db = seeded_store(folder.path())?;
    let addr = start(ServerConfig::new(db)).await;
    Some((folder, addr))
}

fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_else(|| panic!("no error code in {body}"))
}

const ARTICLE: &[u8] =
    br#"{"text": "The ministry said the talks would resume on Monday in Geneva.", "title": "Talks resume"}"#;

// Defect 11: a page on another origin wrote into a default server; the Host was not checked.
#[tokio::test]
async fn cross_origin_writes_and_foreign_hosts_are_refused() {
    let Some((_folder, addr)) = seeded_server().await else { return };
    let mut client = Client::connect(addr).await.expect("connect");
    let json = ("Content-Type", "application/json");
    let evil = client
        .request("POST", "/api/articles", &[json, ("Origin", "https://evil.example")], ARTICLE)
        .await
        .expect("post");
    assert_eq!(evil.status, 403);
    assert_eq!(code(&evil.json()), "cross-origin");
    let referer = client
        .request("POST", "/api/articles", &[json, ("Referer", "https://evil.example/page")], ARTICLE)
        .await
        .expect("post");
    assert_eq!(referer.status, 403);
    let own = format!("http://{addr}");
    let same = client.request("POST", "/api/articles", &[json, ("Origin", own.as_str())], ARTICLE).await.expect("post");
    assert!(same.status < 300, "same-origin write: {} {}", same.status, String::from_utf8_lossy(&same.body));

    // A rebinding page reaches the loopback server under its own name.
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(b"GET /api/stats HTTP/1.1\r\nHost: evil.example:8080\r\nConnection: close\r\n\r\n")
        .await
        .expect("write");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("read");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    assert!(answer.contains("bad-host"), "{answer}");
}

// Defect 12: search had no cost limit.
#[tokio::test]
async fn costly_search_queries_are_refused_quickly() {
    let Some((_folder, addr)) = seeded_server().await else { return };
    let mut client = Client::connect(addr).await.expect("connect");
    let near = format!("NEAR({})", vec!["a"; 300].join("%20"));
    let ors = vec!["a"; 150].join("%20OR%20");
    for query in [near, ors] {
        let started = std::time::Instant::now();
        let response = client.get(&format!("/api/search?q={query}")).await.expect("search");
        assert_eq!(response.status, 400);
        assert_eq!(code(&response.json()), "bad-query");
        assert!(started.elapsed().as_secs() < 2);
    }
    let fine = client.get("/api/search?q=Iran").await.expect("search");
    assert_eq!(fine.status, 200);
}

// Defect 13: empty 405 bodies; invalid dates accepted or answered with an empty page.
#[tokio::test]
async fn error_statuses_carry_json_and_dates_are_validated() {
    let Some((_folder, addr)) = seeded_server().await else { return };
    let mut client = Client::connect(addr).await.expect("connect");
    let response = client.request("DELETE", "/api/stats", &[], b"").await.expect("delete");
    assert_eq!(response.status, 405);
    assert_eq!(code(&response.json()), "method-not-allowed");
    for path in ["/api/articles?since=2019-13-45", "/api/propositions?since=garbage", "/api/claims?until=2019-02-30"] {
        let response = client.get(path).await.expect("get");
        assert_eq!(response.status, 400, "{path}");
        assert_eq!(code(&response.json()), "bad-date", "{path}");
    }
    let fine = client.get("/api/articles?since=2016-02-29").await.expect("get");
    assert_eq!(fine.status, 200);
}

// Defect 13: a 414 had an empty body.
#[tokio::test]
async fn an_overlong_uri_is_a_json_414() {
    let Some((_folder, addr)) = seeded_server().await else { return };
    let mut client = Client::connect(addr).await.expect("connect");
    let long = format!("/api/search?q={}", "a".repeat(20_000));
    let response = client.get(&long).await.expect("get");
    assert_eq!(response.status, 414);
    assert_eq!(code(&response.json()), "uri-too-long");
    let fine = client.get("/api/propositions?since=garbage").await.expect("get");
    assert_eq!(fine.status, 400);
}

// Defect 13: article sources showed the server's absolute paths.
#[tokio::test]
async fn article_sources_name_files_not_server_folders() {
    let Some((_folder, addr)) = seeded_server().await else { return };
    let mut client = Client::connect(addr).await.expect("connect");
    let listed = client.get("/api/articles").await.expect("list").json();
    let items = listed["items"].as_array().expect("items");
    assert!(!items.is_empty());
    for item in items {
        let id = item["id"].as_str().expect("id");
        let article = client.get(&format!("/api/articles/{id}")).await.expect("get").json();
        let sources = article["sources"].as_array().expect("sources");
        assert!(!sources.is_empty());
        for source in sources {
            let source = source.as_str().expect("a string");
            assert!(!source.contains('/') && !source.contains("shared"), "{source}");
            assert!(
                std::path::Path::new(source).extension().is_some_and(|ext| ext == "txt") || source.contains(".txt "),
                "{source}"
            );
        }
    }
}
