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
    let outlet = outlets["items"]
        .as_array()
        .expect("outlets")
        .iter()
        .find(|outlet| outlet["name"] == "HUM News English")
        .expect("HUM News English");
    assert_eq!(outlet["articles"], 1);
    let page = client.get("/api/outlets/hum%20news%20english").await.expect("outlet").json();
    assert!(!page["cited"].as_array().expect("cited").is_empty());
    let days = client.get("/api/timeline").await.expect("timeline").json();
    let counted: usize = days["items"]
        .as_array()
        .expect("days")
        .iter()
        .map(|day| day["articles"].as_array().expect("articles").len())
        .sum();
    assert_eq!(counted, 3);
    assert_eq!(days["total"].as_u64(), Some(days["items"].as_array().map_or(0, Vec::len) as u64));
    let dates: Vec<&str> =
        days["items"].as_array().expect("days").iter().filter_map(|day| day["date"].as_str()).collect();
    assert!(dates.windows(2).all(|pair| pair[0] > pair[1]), "the latest day first: {dates:?}");
    let first = client.get("/api/timeline?limit=1").await.expect("page").json();
    assert_eq!(first["items"][0]["date"].as_str(), dates.first().copied());
    assert_eq!(first["next"].as_u64(), (dates.len() > 1).then_some(1));
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

#[tokio::test]
async fn stored_propositions_are_read_from_their_own_rows_and_paged() {
    let Some((_folder, addr)) = seeded_server(|_| {}).await else { return };
    let mut client = Client::connect(addr).await.expect("connects");
    let first = client.get("/api/propositions?stored=true&limit=2").await.expect("stored propositions").json();
    let total = first["total"].as_u64().expect("total");
    assert!(total > 2, "{first}");
    assert_eq!(first["items"].as_array().expect("items").len(), 2);
    let claims = |page: &Value, i: usize| page["items"][i]["claims"].as_array().expect("claims").len();
    assert!(claims(&first, 0) >= claims(&first, 1), "the most claims first");
    let everything = client.get("/api/propositions?stored=true&order=recent&limit=1000").await.expect("recent").json();
    assert_eq!(everything["items"].as_array().expect("items").len() as u64, total);
    // Jalali's denial is a stored proposition of its own, found by its id.
    let jalali = everything["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|p| {
            p["claims"].as_array().expect("claims").iter().any(|claim| {
                claim["content"].as_str().is_some_and(|content| content.contains("Moscow supplied Tehran"))
            })
        })
        .expect("Jalali's proposition");
    let id = jalali["id"].as_str().expect("id");
    let page = client.get(&format!("/api/propositions/{id}?stored=true")).await.expect("one").json();
    assert_eq!(page["id"], jalali["id"]);
    assert_eq!(page["verdict"], "denied");
    assert_eq!(client.get("/api/propositions/p-000000000000?stored=true").await.expect("missing").status, 404);
    assert_eq!(client.get("/api/propositions?stored=true&order=oldest").await.expect("bad order").status, 400);
    // On the seeds (a store small enough to read whole by default) the default list, filtered,
    // holds what the stored one holds.
    let denied = client.get("/api/propositions?verdict=denied&limit=1000").await.expect("filter").json();
    let items = denied["items"].as_array().expect("items");
    assert!(items.iter().any(|p| p["id"] == jalali["id"]), "{denied}");
    assert!(items.iter().all(|p| p["verdict"] == "denied"));
    let whole = client.get("/api/propositions?whole=true&limit=1000").await.expect("whole").json();
    let stored = client.get("/api/propositions?limit=1000").await.expect("stored").json();
    assert_eq!(whole, stored, "on the seeds no story cuts a proposition and no outlet's voice joins one");
    assert_eq!(client.get("/api/propositions?whole=true&order=claims").await.expect("order").status, 400);
}

/// The stories read from the rows the update keeps (what a store beyond WHOLE_LEDGER_UP_TO
/// articles serves by default; `stored=true` asks for them on any store) list the stories of the
/// whole ledger with the same articles, and a stored story opens by its id.
#[tokio::test]
async fn stored_stories_are_read_from_their_own_rows() {
    let Some((_folder, addr)) = seeded_server(|_| {}).await else { return };
    let mut client = Client::connect(addr).await.expect("connects");
    let whole = client.get("/api/stories?limit=100").await.expect("stories").json();
    let stored = client.get("/api/stories?stored=true&limit=100").await.expect("stored stories").json();
    assert_eq!(stored["total"], whole["total"], "{stored}");
    let articles = |story: &Value| story["articles"].clone();
    for story in whole["items"].as_array().expect("items") {
        let id = story["id"].as_str().expect("id");
        let listed = stored["items"].as_array().expect("items").iter().find(|s| s["id"] == id).expect("listed");
        assert_eq!(articles(listed), articles(story));
        let one = client.get(&format!("/api/stories/{id}?stored=true")).await.expect("one").json();
        assert_eq!(one["id"], id);
        assert_eq!(one["outlets"], story["outlets"]);
        assert!(!one["propositions"].as_array().expect("propositions").is_empty(), "{one}");
    }
    assert_eq!(client.get("/api/stories/s-000000000000?stored=true").await.expect("missing").status, 404);
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

/// Every item of a paged listing, read `limit` at a time by following `next`, checking each page.
async fn every_page(client: &mut Client, path: &str, limit: usize) -> Vec<Value> {
    let separator = if path.contains('?') { '&' } else { '?' };
    let mut items = Vec::new();
    let mut offset = 0;
    loop {
        let page = client.get(&format!("{path}{separator}limit={limit}&offset={offset}")).await.expect("page").json();
        assert_eq!(page["offset"], offset, "{path}: {page}");
        assert_eq!(page["limit"], limit, "{path}: {page}");
        let found = page["items"].as_array().expect("items");
        assert!(found.len() <= limit, "{path}: {} items on a page of {limit}", found.len());
        items.extend(found.iter().cloned());
        match page["next"].as_u64() {
            Some(next) => {
                assert_eq!(next as usize, offset + found.len(), "{path}: {page}");
                offset = next as usize;
            }
            None => {
                assert_eq!(page["total"].as_u64(), Some(items.len() as u64), "{path}: the last page ends the total");
                return items;
            }
        }
    }
}

#[tokio::test]
async fn every_listing_pages_disjoint_and_complete() {
    let Some((_folder, addr)) = seeded_server(|_| {}).await else { return };
    let mut client = Client::connect(addr).await.expect("connects");
    for path in [
        "/api/articles",
        "/api/claims",
        "/api/claims?stance=deny",
        "/api/entities",
        "/api/outlets",
        "/api/stories",
        "/api/propositions",
        "/api/search?q=Russia",
    ] {
        let whole = client.get(&format!("{path}{}limit=1000", if path.contains('?') { '&' } else { '?' })).await;
        let whole = whole.expect("whole listing").json();
        assert_eq!(whole["next"], Value::Null, "{path}: one page holds the seeds");
        let all: Vec<String> = whole["items"].as_array().expect("items").iter().map(Value::to_string).collect();
        assert!(!all.is_empty(), "{path} lists something");
        // Pages of two are disjoint and together give the whole listing, in order.
        let paged: Vec<String> = every_page(&mut client, path, 2).await.iter().map(Value::to_string).collect();
        assert_eq!(paged, all, "{path}");
        let distinct: BTreeSet<&String> = paged.iter().collect();
        assert_eq!(distinct.len(), paged.len(), "{path}: no item on two pages");
    }
    // A limit past the bound is cut to it; an offset past the end gives an empty last page.
    let capped = client.get("/api/claims?limit=100000").await.expect("capped").json();
    assert_eq!(capped["limit"], 1000);
    let past = client.get("/api/claims?offset=100000").await.expect("past the end").json();
    assert_eq!((past["items"].as_array().map(Vec::len), &past["next"]), (Some(0), &Value::Null));

    // Single items page their lists, and say how long each is.
    let whole = client.get("/api/entities/Russia").await.expect("entity").json();
    let total = whole["totals"]["articles"].as_u64().expect("articles total");
    assert_eq!(whole["articles"].as_array().map(Vec::len), Some(total as usize));
    let mut seen = Vec::new();
    for offset in 0..total {
        let page = client.get(&format!("/api/entities/Russia?limit=1&offset={offset}")).await.expect("page").json();
        assert_eq!(page["totals"]["articles"], total);
        let articles = page["articles"].as_array().expect("articles");
        assert_eq!(articles.len(), 1);
        seen.push(articles[0]["id"].clone());
    }
    let ids: Vec<Value> = whole["articles"].as_array().expect("articles").iter().map(|a| a["id"].clone()).collect();
    assert_eq!(seen, ids);
    let report = client.get("/api/ledger/entities/Kazem%20Jalali?limit=1").await.expect("ledger entity").json();
    assert!(report["timeline"].as_array().expect("timeline").len() <= 1, "{report}");
    assert!(report["totals"]["timeline"].as_u64().expect("timeline total") >= 1, "{report}");
    let outlet = client.get("/api/outlets/HUM%20News%20English?limit=1").await.expect("outlet").json();
    assert!(outlet["claims"].as_array().expect("claims").len() <= 1);
    assert!(outlet["totals"]["claims"].as_u64().expect("claims total") >= 1, "{outlet}");
    assert_eq!(client.get("/api/outlets?limit=x").await.expect("bad limit").status, 400);
}

/// The proposition of the seeds' claim made by `claimant`, with that claim's polarity in it.
fn proposition_of<'a>(propositions: &'a [Value], claimant: &str) -> (&'a Value, String) {
    propositions
        .iter()
        .find_map(|proposition| {
            proposition["claims"].as_array().expect("claims").iter().find_map(|claim| {
                claim["claimant"]["name"]
                    .as_str()
                    .is_some_and(|name| name.contains(claimant))
                    .then(|| (proposition, claim["polarity"].as_str().expect("polarity").to_owned()))
            })
        })
        .unwrap_or_else(|| panic!("no proposition with a claim by {claimant}"))
}

#[tokio::test]
async fn a_story_grid_shows_who_affirms_and_who_denies_with_the_claims_counted() {
    let Some((_folder, addr)) = seeded_server(|_| {}).await else { return };
    let mut client = Client::connect(addr).await.expect("connects");
    let propositions = client.get("/api/propositions?limit=1000").await.expect("propositions").json();
    let propositions = propositions["items"].as_array().expect("items").clone();
    // Sadr's allegation and Jalali's denial, each in its story's grid, on the side it takes.
    for (claimant, outlet) in [("Sadr", None), ("Jalali", Some("HUM News English"))] {
        let (proposition, polarity) = proposition_of(&propositions, claimant);
        let id = proposition["id"].as_str().expect("id");
        let story = proposition["story"].as_str().expect("story");
        let grid = client.get(&format!("/api/stories/{story}/grid?limit=100")).await.expect("grid").json();
        assert_eq!(grid["story"], story);
        let columns = grid["propositions"]["items"].as_array().expect("columns");
        let column = columns.iter().position(|column| column["id"] == id).unwrap_or_else(|| panic!("{id} in {grid}"));
        let rows = grid["outlets"]["items"].as_array().expect("rows");
        assert_eq!(grid["outlets"]["total"].as_u64(), Some(rows.len() as u64));
        let side = if polarity == "deny" { "deny" } else { "affirm" };
        let mut claims_in_cells = 0;
        for row in rows {
            let cell = &row["cells"][column];
            let (affirm, deny) = (cell["affirm"].as_u64().expect("affirm"), cell["deny"].as_u64().expect("deny"));
            let expected = match (affirm > 0, deny > 0) {
                (true, true) => "both",
                (true, false) => "affirms",
                (false, true) => "denies",
                (false, false) => "none",
            };
            assert_eq!(cell["stance"], expected, "{row}");
            // The cell counts what the proposition's page lists for that outlet.
            let name = row["outlet"].as_str().expect("outlet").replace(' ', "%20");
            let listed = client.get(&format!("/api/propositions/{id}?outlet={name}")).await.expect("claims").json();
            assert_eq!(listed["totals"]["claims"], affirm + deny, "{row}");
            claims_in_cells += affirm + deny;
            // Each article's claim count is what the claims endpoint lists for it.
            for article in row["articles"].as_array().expect("articles") {
                let path = format!("/api/claims?article={}&limit=1000", article["id"].as_str().expect("article id"));
                let claims = client.get(&path).await.expect("claims of the article").json();
                assert_eq!(claims["total"], article["claims"], "{article}");
            }
            let sum: u64 =
                row["articles"].as_array().expect("articles").iter().map(|a| a["claims"].as_u64().expect("n")).sum();
            assert_eq!(row["claims"], sum, "{row}");
        }
        assert_eq!(claims_in_cells, columns[column]["claims"].as_u64().expect("column claims"));
        let stated = rows
            .iter()
            .filter(|row| outlet.is_none_or(|outlet| row["outlet"] == outlet))
            .any(|row| row["cells"][column][side].as_u64().is_some_and(|n| n >= 1));
        assert!(stated, "{claimant}'s claim is on the {side} side of {id}: {grid}");
        assert!(rows
            .iter()
            .flat_map(|row| row["articles"].as_array().expect("articles"))
            .any(|a| a["claims"].as_u64() > Some(0)));
    }
    // Columns page: one at a time, disjoint, all of them.
    let story = propositions[0]["story"].as_str().expect("story");
    let whole = client.get(&format!("/api/stories/{story}/grid?limit=100")).await.expect("grid").json();
    let ids: Vec<Value> =
        whole["propositions"]["items"].as_array().expect("columns").iter().map(|c| c["id"].clone()).collect();
    let mut paged = Vec::new();
    let mut offset = 0;
    loop {
        let page =
            client.get(&format!("/api/stories/{story}/grid?limit=1&offset={offset}")).await.expect("page").json();
        let columns = page["propositions"]["items"].as_array().expect("columns");
        assert!(
            columns.len() <= 1
                && page["outlets"]["items"]
                    .as_array()
                    .expect("rows")
                    .iter()
                    .all(|row| row["cells"].as_array().map(Vec::len) == Some(columns.len()))
        );
        paged.extend(columns.iter().map(|c| c["id"].clone()));
        match page["propositions"]["next"].as_u64() {
            Some(next) => offset = next as usize,
            None => break,
        }
    }
    assert_eq!(paged, ids);
    // Rows page too: one outlet at a time, disjoint, all of them.
    let outlets: Vec<Value> =
        whole["outlets"]["items"].as_array().expect("rows").iter().map(|row| row["outlet"].clone()).collect();
    let mut paged = Vec::new();
    let mut offset = 0;
    loop {
        let page = client
            .get(&format!("/api/stories/{story}/grid?rows_limit=1&rows_offset={offset}"))
            .await
            .expect("page")
            .json();
        paged.extend(page["outlets"]["items"].as_array().expect("rows").iter().map(|row| row["outlet"].clone()));
        match page["outlets"]["next"].as_u64() {
            Some(next) => offset = next as usize,
            None => break,
        }
    }
    assert_eq!(paged, outlets);
    assert_eq!(client.get("/api/stories/s-000000000000/grid").await.expect("missing").status, 404);
    assert_eq!(client.get(&format!("/api/stories/{story}/grid?about=x")).await.expect("bad").status, 400);
}

#[tokio::test]
async fn a_proposition_explains_its_verdict_as_the_cli_does() {
    let Some((folder, addr)) = seeded_server(|_| {}).await else { return };
    let mut client = Client::connect(addr).await.expect("connects");
    let propositions = client.get("/api/propositions?limit=1000").await.expect("propositions").json();
    let propositions = propositions["items"].as_array().expect("items").clone();
    let (proposition, _) = proposition_of(&propositions, "Jalali");
    let id = proposition["id"].as_str().expect("id");
    let explanation = client.get(&format!("/api/propositions/{id}/explanation")).await.expect("explanation").json();
    // The ledger's own explanation, not a second computation of it: uncut on the seeds, with the
    // page's paging beside it.
    let store = hearsay_store::Store::open(&folder.path().join("hearsay.db")).expect("store");
    let ledger = hearsay_ledger::Ledger::read(&store).expect("ledger");
    let expected = ledger.explain(ledger.proposition(id).expect("proposition"));
    let mut uncut = explanation.clone();
    for paging in ["offset", "limit", "totals", "copy_sizes"] {
        uncut.as_object_mut().expect("object").remove(paging).expect(paging);
    }
    assert_eq!(uncut, serde_json::to_value(&expected).expect("json"));
    assert_eq!(explanation["verdict"], proposition["verdict"]);
    let deny = explanation["deny"].as_array().expect("deny");
    let affirm = explanation["affirm"].as_array().expect("affirm");
    assert!(
        deny.iter().chain(affirm).any(|origin| origin["name"].as_str().is_some_and(|name| name.contains("Jalali"))),
        "{explanation}"
    );
    assert!(!explanation["reason"].as_str().expect("reason").is_empty());
    assert_eq!(client.get("/api/propositions/p-000000000000/explanation").await.expect("missing").status, 404);
}

/// A list item carries its first 20 claims and the totals, whichever way the list is read: one
/// page of fifteen propositions of 10,000 copies each was 149 MB of JSON before.
#[tokio::test]
async fn listed_propositions_carry_their_first_claims_and_the_totals() {
    let Some(seeds) = common::seeds() else { return };
    let folder = tempfile::tempdir().expect("temp folder");
    let texts = folder.path().join("copies");
    std::fs::create_dir(&texts).expect("copies folder");
    let seed = std::fs::read_to_string(seeds.join("000_57a3a51577a579b9.txt")).expect("seed 000");
    for i in 0..24 {
        // A wire story syndicated 24 times, each copy with its own credit line.
        std::fs::write(texts.join(format!("copy-{i:02}.txt")), format!("{seed}\n\n(Outlet {i})")).expect("copy");
    }
    let db = folder.path().join("hearsay.db");
    let mut store = hearsay_store::Store::open(&db).expect("store opens");
    hearsay_pipeline::ingest(&[texts], &mut store, &hearsay_pipeline::IngestOptions::default(), &mut |_| {})
        .expect("copies ingest");
    drop(store);
    let addr = common::start(ServerConfig::new(db)).await;
    let mut client = Client::connect(addr).await.expect("connects");
    for query in ["", "&whole=true", "&stored=true"] {
        let page = client.get(&format!("/api/propositions?limit=50{query}")).await.expect("propositions").json();
        let items = page["items"].as_array().expect("items");
        let total = |p: &Value| p["totals"]["claims"].as_u64().expect("totals.claims");
        let shown = |p: &Value| p["claims"].as_array().expect("claims").len() as u64;
        assert!(items.iter().all(|p| shown(p) == total(p).min(20)), "{query}: {page}");
        assert!(items.iter().any(|p| total(p) >= 24 && shown(p) == 20), "{query}: a proposition of every copy");
        // Its explanation lists the first `limit` origins, articles of each origin and copies of
        // each group, with their counts.
        let every = items.iter().find(|p| total(p) >= 24).expect("a proposition of every copy");
        let id = every["id"].as_str().expect("id");
        let explanation = client
            .get(&format!("/api/propositions/{id}/explanation?limit=5{query}"))
            .await
            .expect("explanation")
            .json();
        let origins: Vec<&Value> = ["affirm", "deny", "same_origin"]
            .iter()
            .flat_map(|side| explanation[side].as_array().expect("origins"))
            .collect();
        assert!(origins.iter().all(|o| o["articles"].as_array().expect("articles").len() <= 5), "{explanation}");
        assert!(origins.iter().all(|o| o["article_count"].as_u64() >= Some(1)), "{explanation}");
        let affirm = explanation["totals"]["affirm"].as_u64().expect("totals.affirm");
        assert_eq!(explanation["affirm"].as_array().expect("affirm").len() as u64, affirm.min(5), "{explanation}");
        for group in explanation["copies"].as_array().expect("copies") {
            assert!(group.as_array().expect("group").len() <= 5, "{explanation}");
        }
        let sizes = explanation["copy_sizes"].as_array().expect("copy_sizes");
        assert!(sizes.iter().any(|size| size.as_u64() >= Some(24)), "{query}: one group of every copy: {explanation}");
    }
    // So does a story in the list of stories: its first articles, with how many there are.
    let stories = client.get("/api/stories?limit=5").await.expect("stories").json();
    let story = &stories["items"][0];
    assert!(story["totals"]["articles"].as_u64() >= Some(24), "{stories}");
    assert_eq!(story["articles"].as_array().expect("articles").len(), 20, "{stories}");
    let own =
        client.get(&format!("/api/stories/{}?limit=1000", story["id"].as_str().expect("id"))).await.expect("story");
    assert_eq!(
        own.json()["articles"].as_array().expect("articles").len() as u64,
        story["totals"]["articles"].as_u64().expect("total")
    );
    // And a row of its grid: the outlet's first articles, all of them counted.
    let grid =
        client.get(&format!("/api/stories/{}/grid", story["id"].as_str().expect("id"))).await.expect("grid").json();
    let row = &grid["outlets"]["items"][0];
    assert!(
        row["article_count"].as_u64() >= Some(24) && row["articles"].as_array().expect("articles").len() == 20,
        "{row}"
    );
}
