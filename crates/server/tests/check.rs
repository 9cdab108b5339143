//! `GET /api/check` over the seed articles: the fact-checker's lookup answers with a verdict and
//! the related articles grouped by origin, and refuses an empty or unbounded claim with a 400.

mod common;

use common::{seeded_store, start, Client};
use hearsay_server::ServerConfig;

#[tokio::test]
async fn a_claim_is_checked_against_the_seed_store() {
    let folder = tempfile::tempdir().expect("temp folder");
    let Some(db) = seeded_store(folder.path()) else { return };
    let addr = start(ServerConfig::new(db)).await;
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
