//! `GET /api/check` over the seed articles: the fact-checker's lookup answers with a verdict and
//! the related articles grouped by origin, and refuses an empty or unbounded claim with a 400.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use common::{seeded_store, start, Client};
use hearsay_server::ServerConfig;

#[tokio::test]
async fn a_claim_is_checked_against_the_seed_store() {
    let folder = tempfile::tempdir().expect("temp folder");
    let Some(db) = seeded_store(folder.path()) else { return };
    checks_the_seeds(ServerConfig::new(db)).await;
}

/// The sentence-embedding model, counting the texts it embeds.
struct Counting(hearsay_embed::Embedder, AtomicUsize);

impl hearsay_ledger::Embed for Counting {
    fn id(&self) -> &str {
        "all-MiniLM-L6-v2"
    }
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, String> {
        self.1.fetch_add(texts.len(), Ordering::Relaxed);
        self.0.embed(texts).map_err(|e| e.to_string())
    }
}

// `ServerConfig::check_embedder` (`hearsay serve --embeddings`) reaches the check, with the same
// answers on the seeds. Skips where the model is not installed, except in CI.
#[tokio::test]
async fn a_server_with_embeddings_checks_with_them() {
    let folder = tempfile::tempdir().expect("temp folder");
    let Some(db) = seeded_store(folder.path()) else { return };
    let embedder = match hearsay_embed::Embedder::locate() {
        Ok(embedder) => Arc::new(Counting(embedder, AtomicUsize::new(0))),
        Err(error) => return hearsay_testdata::skip_without_minilm(&error),
    };
    let mut config = ServerConfig::new(db);
    config.check_embedder = Some(Arc::clone(&embedder) as Arc<dyn hearsay_ledger::Embed + Send + Sync>);
    checks_the_seeds(config).await;
    assert!(embedder.1.load(Ordering::Relaxed) > 1, "the claim and the candidates' sentences were embedded");
}

async fn checks_the_seeds(config: ServerConfig) {
    let addr = start(config).await;
    let mut client = Client::connect(addr).await.expect("connects");

    let checked = client
        .get("/api/check?q=Russia%20gave%20Israel%20intelligence%20on%20Iran%27s%20air%20defenses")
        .await
        .expect("check")
        .json();
    assert_eq!(checked["claim"], "Russia gave Israel intelligence on Iran's air defenses");
    let evidence = checked["evidence"].as_array().expect("evidence");
    // HUM News English's "Tehran dismisses claims of Russian intelligence support" denies it.
    let hum = evidence.iter().find(|e| e["outlet"] == "HUM News English").expect("the HUM article is evidence");
    assert_eq!(hum["origin"], "HUM News English");
    assert_eq!(hum["stance"], "deny", "{hum}");
    assert!(["contested", "denied"].contains(&checked["verdict"].as_str().expect("verdict")), "{checked}");

    let nothing = client.get("/api/check?q=penguins%20won%20the%20cricket%20world%20cup").await.expect("check").json();
    assert_eq!(nothing["verdict"], "no-evidence");
    assert!(nothing["evidence"].as_array().expect("evidence").is_empty());

    let empty = client.get("/api/check?q=%20").await.expect("check");
    assert_eq!(empty.status, 400);
    let long = client.get(&format!("/api/check?q={}", "word%20".repeat(200))).await.expect("check");
    assert_eq!(long.status, 400);
}
