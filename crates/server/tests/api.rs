//! The API against a real server on loopback, over the seed articles: every endpoint answers
//! with what the store holds, and every bad request gets a 4xx with a JSON message.

mod common;

use std::collections::BTreeSet;

use common::{multipart, seeded_store, start, Client};
use hearsay_server::{Limits, ServerConfig, ROUTES};
use serde_json::{json, Value};

async fn seeded_server(config: impl FnOnce(&mut ServerConfig)) -> Option<(tempfile::TempDir, std::net::SocketAddr)> {
    let folder = tempfile::tempdir().expect("temp folder");
    let db = seeded_store(folder.path())?;
    let mut server = ServerConfig::new(db);
    config(&mut server);
    let addr = start(server).await;
    Some((folder, addr))
}

fn error_code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_else(|| panic!("no error code in {body}"))
}

#[test]
fn openapi_lists_every_route_and_no_other() {
    let spec: Value = serde_json::from_str(include_str!("../src/openapi.json")).expect("openapi.json is JSON");
    assert!(spec["openapi"].as_str().is_some_and(|version| version.starts_with("3.")));
    let mut described = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            described.insert((method.clone(), path.clone()));
        }
    }
    let served: BTreeSet<(String, String)> =
        ROUTES.iter().map(|(method, path)| ((*method).to_owned(), (*path).to_owned())).collect();
    assert_eq!(described, served);
    // Every $ref points at a schema that exists.
    let schemas = spec["components"]["schemas"].as_object().expect("schemas");
    let text = spec.to_string();
    for reference in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = reference.split('"').next().expect("ref name");
        assert!(schemas.contains_key(name), "missing schema {name}");
    }
}

#[tokio::test]
async fn endpoints_answer_from_the_seed_store() {
    let Some((_folder, addr)) = seeded_server(|_| {}).await else { return };
    let mut client = Client::connect(addr).await.expect("connects");

    let stats = client.get("/api/stats").await.expect("stats").json();
    assert_eq!(stats["articles"], 3);
    assert!(stats["claims"].as_u64().expect("claims") >= 3, "{stats}");

    let articles = client.get("/api/articles?limit=2").await.expect("list").json();
    assert_eq!(articles["total"], 3);
    assert_eq!(articles["items"].as_array().expect("items").len(), 2);

    // Search: ranked hits with the matched words marked, and no markup invented.
    let hits = client.get("/api/search?q=Russia").await.expect("search").json();
    let first = &hits["items"][0];
    let marked: Vec<&str> = first["snippet"]
        .as_array()
        .expect("parts")
        .iter()
        .filter(|part| part["hit"] == true)
        .map(|part| part["text"].as_str().expect("text"))
        .collect();
    assert!(!marked.is_empty() && marked.iter().all(|word| word.eq_ignore_ascii_case("russia")), "{marked:?}");

    // An article: every claim's span slices exactly its content out of the text.
    let id = first["article"]["id"].as_str().expect("id").to_owned();
    let article = client.get(&format!("/api/articles/{}", &id[..8])).await.expect("article").json();
    let text = article["text"].as_str().expect("text");
    let claims = article["claims"].as_array().expect("claims");
    assert!(!claims.is_empty());
    for claim in claims {
        let (start, end) = (
            claim["content_span"]["start"].as_u64().expect("start") as usize,
            claim["content_span"]["end"].as_u64().expect("end") as usize,
        );
        assert_eq!(text.get(start..end), claim["content"].as_str(), "{claim}");
    }

    // Claims across the corpus, filtered: the denial by Iran's ambassador is among them.
    let denials = client.get("/api/claims?stance=deny").await.expect("claims").json();
    let items = denials["items"].as_array().expect("items");
    assert!(items.iter().all(|row| row["claim"]["stance"] == "deny"));
    let jalali = items
        .iter()
        .find(|row| row["claim"]["claimant"]["name"].as_str().is_some_and(|name| name.contains("Jalali")))
        .expect("Jalali's denial");

    // One claim: its sentence holds its content, and the chain is there to draw.
    let path = format!(
        "/api/claims/{}/{}",
        jalali["article"].as_str().expect("article"),
        jalali["claim"]["id"].as_str().expect("claim id")
    );
    let page = client.get(&path).await.expect("claim page").json();
    assert!(
        page["sentence_text"].as_str().expect("sentence").contains(page["claim"]["content"].as_str().expect("content")),
        "{page}"
    );

    // Entities, one entity's page, outlets, one outlet's page, the timeline.
    let entities = client.get("/api/entities?type=person").await.expect("entities").json();
    assert!(entities["items"].as_array().expect("items").iter().all(|entity| entity["type"] == "person"));
    let entity = client.get("/api/entities/kazem%20jalali").await.expect("entity").json();
    assert_eq!(entity["name"], "Kazem Jalali");
    assert!(!entity["claims_made"].as_array().expect("claims made").is_empty());
    let outlets = client.get("/api/outlets").await.expect("outlets").json();
    let outlet = outlets
        .as_array()
        .expect("outlets")
        .iter()
        .find(|outlet| outlet["name"] == "HUM News English")
        .expect("HUM News English");
    assert_eq!(outlet["articles"], 1);
    let page = client.get("/api/outlets/hum%20news%20english").await.expect("outlet").json();
    assert!(!page["cited"].as_array().expect("cited").is_empty());
    let days = client.get("/api/timeline").await.expect("timeline").json();
    let counted: usize =
        days.as_array().expect("days").iter().map(|day| day["articles"].as_array().expect("articles").len()).sum();
    assert_eq!(counted, 3);
}

#[tokio::test]
async fn the_ui_and_openapi_are_served_with_a_strict_policy() {
    let Some((_folder, addr)) = seeded_server(|_| {}).await else { return };
    let mut client = Client::connect(addr).await.expect("connects");
    let index = client.get("/").await.expect("index");
    assert_eq!(index.status, 200);
    assert!(String::from_utf8_lossy(&index.body).contains("/assets/app.js"));
    assert!(index.header("content-security-policy").is_some_and(|policy| policy.contains("script-src 'self'")));
    for asset in ["/assets/app.js", "/assets/app.css"] {
        assert_eq!(client.get(asset).await.expect("asset").status, 200, "{asset}");
    }
    let spec = client.get("/openapi.json").await.expect("openapi").json();
    assert_eq!(spec["info"]["title"], "hearsay API");
    let missing = client.get("/assets/../../etc/passwd").await.expect("asset");
    assert_eq!(missing.status, 404);
}

#[tokio::test]
async fn bad_requests_get_4xx_with_a_json_message() {
    let Some((_folder, addr)) =
        seeded_server(|config| config.limits = Limits { json_bytes: 64 * 1024, upload_bytes: 256 * 1024 }).await
    else {
        return;
    };
    let mut client = Client::connect(addr).await.expect("connects");
    let json_type = [("Content-Type", "application/json")];
    let cases: Vec<(&str, &str, Vec<(&str, &str)>, Vec<u8>, u16, &str)> = vec![
        ("bad JSON", "/api/articles", json_type.to_vec(), b"{\"text\": \"unterminated".to_vec(), 400, "bad-json"),
        ("not JSON at all", "/api/articles", vec![("Content-Type", "text/plain")], b"hello".to_vec(), 415, "bad-json"),
        (
            "an unknown field",
            "/api/articles",
            json_type.to_vec(),
            br#"{"text": "x", "colour": "red"}"#.to_vec(),
            422,
            "bad-json",
        ),
        ("no text", "/api/articles", json_type.to_vec(), br#"{"title": "Headline only"}"#.to_vec(), 422, "no-text"),
        (
            "a JSON body over the limit",
            "/api/articles",
            json_type.to_vec(),
            json!({"text": "word ".repeat(20_000)}).to_string().into_bytes(),
            413,
            "too-large",
        ),
    ];
    for (what, path, headers, body, status, code) in cases {
        let response = client.request("POST", path, &headers, &body).await.expect("answer");
        assert_eq!(response.status, status, "{what}: {}", String::from_utf8_lossy(&response.body));
        assert_eq!(error_code(&response.json()), code, "{what}");
        assert!(!response.json()["error"]["message"].as_str().expect("message").is_empty(), "{what}");
    }

    // An upload over the limit: refused whole, and the connection's next answer is still sound.
    let big = vec![b'a'; 300 * 1024];
    let (content_type, body) = multipart(&[("big.txt", &big)]);
    let response =
        client.request("POST", "/api/ingest", &[("Content-Type", &content_type)], &body).await.expect("answer");
    assert_eq!(response.status, 413, "{}", String::from_utf8_lossy(&response.body));
    assert_eq!(error_code(&response.json()), "too-large");
    let mut client = Client::connect(addr).await.expect("reconnects");

    let gets = [
        ("/api/articles?limit=many", 400, "bad-query-string"),
        ("/api/articles?since=yesterday", 400, "bad-date"),
        ("/api/articles/xyz", 400, "bad-id"),
        ("/api/articles/0123456789abcdef", 404, "not-found"),
        ("/api/entities/Nobody%20Atall", 404, "not-found"),
        ("/api/claims/0123456789/c1", 404, "not-found"),
        ("/api/nothing/here", 404, "not-found"),
        ("/api/search?q=%22unbalanced", 200, ""),
    ];
    for (path, status, code) in gets {
        let response = client.get(path).await.expect("answer");
        assert_eq!(response.status, status, "{path}: {}", String::from_utf8_lossy(&response.body));
        if !code.is_empty() {
            assert_eq!(error_code(&response.json()), code, "{path}");
        }
    }
    // A form with no file field stores nothing.
    let body = b"--b7\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--b7--\r\n";
    let content_type = "multipart/form-data; boundary=b7";
    let response =
        client.request("POST", "/api/ingest", &[("Content-Type", content_type)], body).await.expect("answer");
    assert_eq!((response.status, error_code(&response.json())), (400, "no-files"));
}

#[tokio::test]
async fn writes_need_the_token_when_one_is_set() {
    let Some((_folder, addr)) = seeded_server(|config| config.token = Some("s3cret".to_owned())).await else { return };
    let mut client = Client::connect(addr).await.expect("connects");
    let article =
        json!({"title": "Council meets", "outlet": "Test Wire", "text": "The council met on Sunday, officials said."})
            .to_string();
    for headers in [
        vec![("Content-Type", "application/json")],
        vec![("Content-Type", "application/json"), ("Authorization", "Bearer wrong")],
    ] {
        let response = client.request("POST", "/api/articles", &headers, article.as_bytes()).await.expect("answer");
        assert_eq!((response.status, error_code(&response.json())), (401, "unauthorized"));
    }
    // Reads stay open.
    assert_eq!(client.get("/api/stats").await.expect("stats").status, 200);
    let response = client
        .request(
            "POST",
            "/api/articles",
            &[("Content-Type", "application/json"), ("Authorization", "Bearer s3cret")],
            article.as_bytes(),
        )
        .await
        .expect("answer");
    assert_eq!(response.status, 200, "{}", String::from_utf8_lossy(&response.body));
    let report = response.json();
    assert_eq!(report["stored"], 1);
    let id = report["articles"][0].as_str().expect("stored id");
    let stored = client.get(&format!("/api/articles/{id}")).await.expect("article").json();
    assert_eq!((stored["title"].as_str(), stored["outlet"].as_str()), (Some("Council meets"), Some("Test Wire")));
}

#[tokio::test]
async fn an_upload_stores_the_good_files_and_reports_the_bad_one() {
    let Some((folder, addr)) = seeded_server(|_| {}).await else { return };
    let seeds = common::seeds().expect("seeds exist when the store was seeded");
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for entry in std::fs::read_dir(&seeds).expect("seeds folder") {
        let path = entry.expect("entry").path();
        files.push((
            path.file_name().expect("name").to_string_lossy().into_owned(),
            std::fs::read(&path).expect("seed"),
        ));
    }
    files.sort();
    files.push(("broken.bin".to_owned(), vec![0, 159, 146, 150, 0, 0, 255, 1, 2, 3]));
    let borrowed: Vec<(&str, &[u8])> = files.iter().map(|(name, bytes)| (name.as_str(), bytes.as_slice())).collect();
    let (content_type, body) = multipart(&borrowed);
    let mut client = Client::connect(addr).await.expect("connects");
    let response =
        client.request("POST", "/api/ingest", &[("Content-Type", &content_type)], &body).await.expect("answer");
    assert_eq!(response.status, 200, "{}", String::from_utf8_lossy(&response.body));
    let report = response.json();
    // The seeds were stored already: same ids, nothing new, and the bad file is named.
    assert_eq!(
        (report["files"].as_u64(), report["stored"].as_u64(), report["duplicates"].as_u64()),
        (Some(4), Some(0), Some(3)),
        "{report}"
    );
    assert_eq!(report["articles"].as_array().expect("ids").len(), 3);
    let failures = report["failures"].as_array().expect("failures");
    assert_eq!(failures.len(), 1, "{report}");
    assert!(failures[0]["source"].as_str().expect("source").starts_with("broken.bin"), "{report}");
    // The uploads are kept beside the store, so every source still names real bytes.
    assert_eq!(std::fs::read_dir(folder.path().join("hearsay.uploads")).expect("upload folder").count(), 4);
}

#[tokio::test]
async fn the_ledger_is_served_stories_propositions_and_entity_histories() {
    let Some((_folder, addr)) = seeded_server(|_| {}).await else { return };
    let mut client = Client::connect(addr).await.expect("connects");
    let stories = client.get("/api/stories").await.expect("stories").json();
    assert!(stories["total"].as_u64().expect("total") >= 1, "{stories}");
    let story_id = stories["items"][0]["id"].as_str().expect("story id");
    let story = client.get(&format!("/api/stories/{story_id}")).await.expect("story").json();
    assert_eq!(story["id"], story_id);
    assert!(!story["articles"].as_array().expect("articles").is_empty());

    let propositions = client.get("/api/propositions?limit=500").await.expect("propositions").json();
    let items = propositions["items"].as_array().expect("items");
    assert!(!items.is_empty());
    let verdicts = ["corroborated", "contested", "denied", "single-source", "repeated"];
    assert!(items.iter().all(|proposition| verdicts.contains(&proposition["verdict"].as_str().expect("verdict"))));
    // Jalali's denial belongs to a proposition, and the claim leads to it.
    let denial = items
        .iter()
        .flat_map(|proposition| {
            proposition["claims"].as_array().expect("claims").iter().map(move |claim| (proposition, claim))
        })
        .find(|(_, claim)| claim["claimant"]["name"].as_str().is_some_and(|name| name.contains("Jalali")))
        .expect("a proposition with Jalali's claim");
    let path = format!(
        "/api/claims/{}/{}/proposition",
        denial.1["article"].as_str().expect("article"),
        denial.1["claim"].as_str().expect("claim")
    );
    let found = client.get(&path).await.expect("claim's proposition").json();
    assert_eq!(found["id"], denial.0["id"]);
    let again = client
        .get(&format!("/api/propositions/{}", found["id"].as_str().expect("id")))
        .await
        .expect("proposition")
        .json();
    assert_eq!(again["text"], found["text"]);

    let entity = client.get("/api/ledger/entities/Kazem%20Jalali").await.expect("entity");
    assert_eq!(entity.status, 200, "{}", String::from_utf8_lossy(&entity.body));
    assert!(!entity.json()["timeline"].as_array().expect("timeline").is_empty());
    assert_eq!(client.get("/api/propositions/p-000000000000").await.expect("missing").status, 404);
}

/// `ServerConfig::extract` reaches the uploads: the same PolNeAR dev article, uploaded to a
/// plain and to a contextual server, is annotated by the two taggers, whose claims differ (on
/// this article, the contextual tagger finds attributions the plain one misses).
#[tokio::test]
async fn a_contextual_server_annotates_uploads_with_the_sentence_encoder() {
    let Some(seeds) = common::seeds() else { return };
    // The caller finds and loads the encoder (hearsay-nlp reads no files), as `hearsay serve --contextual` does.
    match hearsay_embed::Embedder::locate() {
        Ok(embedder) => {
            hearsay_nlp::attribution::context::install_encoder(embedder);
        }
        Err(error) => {
            hearsay_testdata::skip_without_minilm(&error);
            return;
        }
    }
    let dev = seeds.join("../attribution/polnear/dev/text");
    let mut names: Vec<_> =
        std::fs::read_dir(&dev).expect("PolNeAR dev").map(|entry| entry.expect("entry").path()).collect();
    names.sort();
    let path = &names[0];
    let bytes = std::fs::read(path).expect("article");
    let name = path.file_name().expect("name").to_string_lossy().into_owned();
    let mut found = Vec::new();
    for contextual in [false, true] {
        let folder = tempfile::tempdir().expect("temp folder");
        let mut config = ServerConfig::new(folder.path().join("hearsay.db"));
        config.extract.contextual = contextual;
        let addr = start(config).await;
        let mut client = Client::connect(addr).await.expect("connects");
        let (content_type, body) = multipart(&[(name.as_str(), bytes.as_slice())]);
        let response =
            client.request("POST", "/api/ingest", &[("Content-Type", &content_type)], &body).await.expect("answer");
        assert_eq!(response.status, 200, "{}", String::from_utf8_lossy(&response.body));
        let id = response.json()["articles"][0].as_str().expect("stored id").to_owned();
        let article = client.get(&format!("/api/articles/{id}")).await.expect("article").json();
        let claims: BTreeSet<(String, String)> = article["claims"]
            .as_array()
            .expect("claims")
            .iter()
            .map(|claim| (claim["cue"].to_string(), claim["content"].to_string()))
            .collect();
        assert!(claims.len() >= 5, "{name}: {claims:?}");
        found.push(claims);
    }
    assert_ne!(found[0], found[1], "{name}: the contextual server found the plain tagger's claims");
}
