//! `hearsay follow` and `hearsay sources` as a user runs them, against loopback servers (the
//! follow crate's, serving real feeds and real Jetstream events), and a follower killed with
//! SIGKILL mid-stream that resumes from its stored cursor.

#[path = "../../follow/tests/loopback/mod.rs"]
mod loopback;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use hearsay_store::Store;
use loopback::{data, Connection, HttpServer, JetstreamServer};

fn hearsay(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hearsay")).arg("--db").arg(db).args(args).output().expect("run hearsay")
}

fn json_lines(output: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect()
}

#[test]
fn follow_a_feed_twice_then_list_its_source() {
    let Some(data) = data() else { return };
    let server = HttpServer::start();
    server.file("/rss", &data.join("realworld/atom/atom_mediarss_reddit_1.xml"), "application/atom+xml");
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("news.db");
    let url = server.url("/rss");
    let args =
        ["follow", "--feed", &url, "--exit-when-idle", "--json", "--no-extract", "--no-pages", "--host-delay", "0"];
    let first = hearsay(&db, &args);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let reports = json_lines(&first);
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0]["status"], "new");
    assert_eq!(reports[0]["stored"], 25, "the feed's 25 entries");
    assert!(String::from_utf8_lossy(&first.stderr).contains(": 25 new (25 items)"));

    let second = hearsay(&db, &args);
    assert!(second.status.success());
    let reports = json_lines(&second);
    assert_eq!((reports[0]["status"].as_str(), reports[0]["not_modified"].as_bool()), (Some("unchanged"), Some(true)));

    let listed = hearsay(&db, &["sources", "--json"]);
    let sources = json_lines(&listed);
    assert_eq!(sources.len(), 1);
    assert_eq!(sources[0]["health"], "ok");
    assert_eq!(sources[0]["articles"], 25);
    assert!(sources[0]["etag"].is_string());

    let failing = hearsay(&db, &["follow", "--feed", &server.url("/gone"), "--exit-when-idle", "--no-extract"]);
    assert_eq!(failing.status.code(), Some(1), "a failed source is exit status 1");
    assert!(String::from_utf8_lossy(&failing.stderr).contains("failed: HTTP 404"));
    let table = String::from_utf8_lossy(&hearsay(&db, &["sources"]).stdout).into_owned();
    assert!(table.contains("failing (1 in a row)") && table.contains("last error: HTTP 404"), "{table}");
}

#[test]
fn a_follower_killed_mid_stream_resumes_from_its_cursor_and_stores_nothing_twice() {
    let Some(data) = data() else { return };
    let events = loopback::jetstream_events(&data);
    let server = JetstreamServer::start(events.clone(), vec![Connection::PauseAfter(9), Connection::All]);
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("news.db");
    let url = server.url();
    // The store exists before the follower and this test's polling both open it.
    drop(Store::open(&db).expect("store"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_hearsay"))
        .arg("--db")
        .arg(&db)
        .args(["follow", "--jetstream", &url, "--no-extract"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start hearsay follow");
    // Wait for the first committed batch, then kill -9.
    let started = Instant::now();
    let cursor = loop {
        let cursor = Store::open(&db)
            .ok()
            .and_then(|store| store.followed_source(&url).ok().flatten())
            .and_then(|state| state.cursor);
        if cursor.is_some() || started.elapsed() > Duration::from_secs(20) {
            break cursor;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    let cursor = cursor.expect("a batch was committed");
    let stored_before = Store::open(&db).expect("store").stats().expect("stats").articles;
    assert!(stored_before > 0);

    let restarted =
        hearsay(&db, &["follow", "--jetstream", &url, "--exit-when-idle", "--idle", "1", "--no-extract", "--json"]);
    assert!(restarted.status.success(), "{}", String::from_utf8_lossy(&restarted.stderr));
    assert_eq!(server.cursors(), vec![None, Some(cursor)], "the restart resumes from the stored cursor");

    let file = dir.path().join("events.jsonl");
    std::fs::write(&file, events.iter().map(|(_, event)| event.as_str()).collect::<Vec<_>>().join("\n"))
        .expect("write");
    let reference = dir.path().join("reference.db");
    let ingested = hearsay(&reference, &["ingest", "--no-extract", file.to_str().expect("utf-8")]);
    assert!(ingested.status.success());
    let expected = Store::open(&reference).expect("store").stats().expect("stats").articles;
    assert_eq!(
        Store::open(&db).expect("store").stats().expect("stats").articles,
        expected,
        "nothing lost, nothing twice"
    );
}
