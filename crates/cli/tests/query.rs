//! The query layer seen from outside: `hearsay entities` and `GET /api/entities` count the same
//! store the same way, and an unreadable stored layer is named, never skipped silently.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");

#[expect(clippy::print_stderr, reason = "a skipped test says why on the test's own output")]
fn data() -> Option<PathBuf> {
    let path = PathBuf::from(DATA);
    if path.exists() {
        return Some(path);
    }
    assert!(std::env::var_os("CI").is_none(), "CI must have ../shared/data");
    eprintln!("skipping: ../shared/data not found");
    None
}

fn hearsay(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hearsay")).arg("--db").arg(db).args(args).output().expect("run hearsay")
}

fn json_lines(output: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON value a line"))
        .collect()
}

/// Serves `db` on a free loopback port from a background thread.
fn serve(db: &Path) -> SocketAddr {
    let (sender, receiver) = std::sync::mpsc::channel();
    let config = hearsay_server::ServerConfig::new(db.to_path_buf());
    std::thread::spawn(move || {
        hearsay_server::run(config, "127.0.0.1:0".parse().expect("address"), move |addr| {
            let _ = sender.send(addr);
        })
        .expect("server runs");
    });
    receiver.recv().expect("server starts")
}

/// The JSON body of `GET path`.
fn get(addr: SocketAddr, path: &str) -> serde_json::Value {
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").expect("request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("response");
    let (head, body) = response.split_once("\r\n\r\n").expect("head and body");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    serde_json::from_str(body).expect("a JSON body")
}

#[test]
fn cli_and_api_count_entities_the_same_on_the_seeds() {
    let Some(data) = data() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("seeds.db");
    let ingested = hearsay(&db, &["ingest", data.join("seeds").to_str().expect("utf-8 path")]);
    assert!(ingested.status.success(), "{}", String::from_utf8_lossy(&ingested.stderr));

    let listed = hearsay(&db, &["entities", "--json"]);
    assert!(listed.status.success());
    let cli = json_lines(&listed);
    assert!(cli.len() > 10, "the seeds name many entities: {}", cli.len());

    let addr = serve(&db);
    let api = get(addr, "/api/entities?limit=1000");
    assert_eq!(api["total"].as_u64(), Some(cli.len() as u64), "one merge key for both");
    let api_rows = api["items"].as_array().expect("items");
    assert_eq!(api_rows, &cli, "the same rows in the same order");
    let stats = get(addr, "/api/stats");
    assert_eq!(stats["entities"].as_u64(), Some(cli.len() as u64), "the front page counts what the listing lists");

    let people = json_lines(&hearsay(&db, &["entities", "--json", "--type", "person"]));
    let api_people = get(addr, "/api/entities?type=person&limit=1000");
    assert_eq!(api_people["items"].as_array().expect("items"), &people);
}

#[test]
fn an_unreadable_stored_layer_is_named_and_fails_the_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("broken.db");
    let text = "Kazem Jalali said Moscow supplied nothing.";
    let article = hearsay_article::Article {
        id: hearsay_article::ArticleId::from_text(text),
        source: hearsay_article::SourceRef::file("broken.txt".to_owned()),
        input: hearsay_article::InputFormat::Text,
        metadata: hearsay_article::Metadata::default(),
        source_text: text.to_owned(),
        text: hearsay_text::CleanText::identity(text),
        removed: Vec::new(),
        diagnostics: Vec::new(),
    };
    let id = article.id.as_str().to_owned();
    let mut store = hearsay_store::Store::open(&db).expect("store opens");
    store
        .insert_batch_annotated(
            &[article],
            Some((hearsay_schema::SCHEMA, &["{\"schema\":\"hearsay.extract/1\",".to_owned()])),
            None,
        )
        .expect("stored");
    drop(store);

    for command in [&["entities", "--json"][..], &["claims", "--json"], &["export", "--format", "plover"]] {
        let output = hearsay(&db, command);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{command:?}: {stderr}");
        assert!(stderr.contains(&id), "{command:?} names the article: {stderr}");
    }
}
