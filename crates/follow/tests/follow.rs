//! `hearsay follow` against real servers on loopback: real feeds and pages over HTTP, real
//! Jetstream events over a websocket, and the faults it must survive. Every count is compared
//! with what `hearsay ingest` stores from the same records read as files.

mod loopback;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use hearsay_follow::{FollowOptions, Follower, Source, SourceReport, Status};
use hearsay_pipeline::IngestOptions;
use hearsay_store::{Backend, Store};
use loopback::{data, Connection, HttpServer, JetstreamServer, Route};

/// Options for loopback: short timeouts and waits, extraction off unless a test wants claims.
fn options() -> FollowOptions {
    FollowOptions {
        ingest: IngestOptions { extract: false, ..IngestOptions::default() },
        exit_when_idle: true,
        timeout: Duration::from_millis(700),
        retries: 1,
        backoff: Duration::from_millis(50),
        host_delay: Duration::ZERO,
        pages: false,
        jetstream_idle: Duration::from_millis(600),
        jetstream_flush: Duration::from_millis(100),
        ..FollowOptions::default()
    }
}

/// One pass over `sources` into the SQLite store at `db`.
#[expect(clippy::print_stderr, reason = "a skipped test says why on the test's own output")]
fn follow_once(db: &Path, sources: &[Source], options: FollowOptions) -> Vec<SourceReport> {
    let open = || -> hearsay_store::Result<Box<dyn Backend>> { Ok(Box::new(Store::open(db)?)) };
    let stop = AtomicBool::new(false);
    let follower = Follower {
        options,
        open_store: &open,
        update_ledger: None,
        on_report: &|report| eprintln!("{}", report.line()),
        stop: &stop,
    };
    follower.run(sources, None)
}

/// Articles `hearsay ingest` stores from these files.
fn ingested(paths: &[PathBuf], extract: bool) -> (u64, usize) {
    let mut store = Store::open_in_memory().expect("store");
    let options = IngestOptions { extract, ..IngestOptions::default() };
    let summary = hearsay_pipeline::ingest(paths, &mut store, &options, &mut |_| {}).expect("ingest");
    (store.stats().expect("stats").articles, summary.stored)
}

fn articles(db: &Path) -> u64 {
    Store::open(db).expect("store").stats().expect("stats").articles
}

fn report<'a>(reports: &'a [SourceReport], url: &str) -> &'a SourceReport {
    reports.iter().find(|report| report.url == url).unwrap_or_else(|| panic!("no report for {url}: {reports:#?}"))
}

const FEEDS: [(&str, &str); 4] = [
    ("realworld/atom/atom_mediarss_reddit_1.xml", "application/atom+xml"),
    ("realworld/rss/rss_2.0_wirecutter.xml", "application/rss+xml"),
    ("realworld/jsonfeed/jsonfeed_elastic_1.1.json", "application/feed+json"),
    ("realworld/atom/atom_example_6.xml", "application/atom+xml"),
];

fn serve_feeds(server: &HttpServer, data: &Path) -> Vec<Source> {
    FEEDS
        .iter()
        .enumerate()
        .map(|(index, (file, content_type))| {
            let path = format!("/feed{index}");
            server.file(&path, &data.join(file), content_type);
            Source::feed(server.url(&path))
        })
        .collect()
}

#[test]
fn feeds_are_stored_as_ingest_stores_them_and_a_second_pass_downloads_nothing() {
    let Some(data) = data() else { return };
    let server = HttpServer::start();
    let sources = serve_feeds(&server, &data);
    // The last feed has only a Last-Modified: If-Modified-Since alone must get its 304.
    server.route(
        "/feed3",
        Route::File {
            body: std::fs::read(data.join(FEEDS[3].0)).expect("feed"),
            content_type: FEEDS[3].1.to_owned(),
            etag: None,
            last_modified: Some("Sun, 19 Jan 2020 05:08:59 GMT".to_owned()),
            gzip: false,
        },
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("follow.db");

    let first = follow_once(&db, &sources, options());
    let files: Vec<PathBuf> = FEEDS.iter().map(|(file, _)| data.join(file)).collect();
    let (expected, _) = ingested(&files, false);
    assert!(expected >= 25, "the real feeds hold at least 25 articles, ingest stored {expected}");
    assert_eq!(articles(&db), expected, "follow stores what ingest stores from the same feeds");
    let stored: usize = first.iter().map(|report| report.tally.stored).sum();
    assert_eq!(stored as u64, expected);
    assert!(first.iter().all(|report| report.status == Status::New), "{first:#?}");

    let second = follow_once(&db, &sources, options());
    assert!(second.iter().all(|report| report.not_modified && report.status == Status::Unchanged), "{second:#?}");
    assert_eq!(articles(&db), expected, "an unchanged feed stores nothing");
    for source in &sources {
        let path = source.url.trim_start_matches(&server.url(""));
        let hits = server.hits_on(path);
        assert_eq!(hits.iter().map(|hit| hit.status).collect::<Vec<_>>(), [200, 304], "{path}");
        assert_eq!(hits[1].body_bytes, 0, "a 304 carries no body");
    }
    let store = Store::open(&db).expect("store");
    let states = store.followed_sources().expect("states");
    assert_eq!(states.len(), 4);
    assert!(states.iter().all(|state| state.last_error.is_none() && state.last_success.is_some()));
    assert_eq!(states.iter().map(|state| state.articles).sum::<i64>() as u64, expected);
    assert_eq!(states.iter().filter(|state| state.etag.is_some()).count(), 3);
}

#[test]
fn failing_sources_are_reported_on_that_source_and_the_others_go_on() {
    let Some(data) = data() else { return };
    let server = HttpServer::start();
    let good = serve_feeds(&server, &data).remove(0);
    server.route("/slow", Route::Slow(Duration::from_secs(3)));
    server.route("/error", Route::Status(500));
    server.route("/loop", Route::Redirect("/loop".to_owned()));
    server.route("/huge", Route::Endless(50 * 1024 * 1024));
    let broken = std::fs::read(data.join("realworld/rss/rss_2.0_cloudflare.xml")).expect("feed");
    server.route(
        "/malformed",
        Route::File {
            body: broken[..broken.len() / 2].to_vec(),
            content_type: "application/rss+xml".to_owned(),
            etag: None,
            last_modified: None,
            gzip: false,
        },
    );
    let failing = ["/slow", "/error", "/loop", "/huge", "/malformed"];
    let mut sources: Vec<Source> = failing.iter().map(|path| Source::feed(server.url(path))).collect();
    sources.push(good.clone());
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("follow.db");
    let started = Instant::now();
    let reports = follow_once(&db, &sources, FollowOptions { max_body_bytes: 20 * 1024 * 1024, ..options() });
    assert!(started.elapsed() < Duration::from_secs(15), "faults cost timeouts, not the run");

    let (expected, _) = ingested(&[data.join(FEEDS[0].0)], false);
    assert_eq!(report(&reports, &good.url).status, Status::New);
    assert_eq!(articles(&db), expected, "the good feed is stored in full");
    let reason = |path: &str| {
        let report = report(&reports, &server.url(path));
        assert_eq!(report.status, Status::Failed, "{report:#?}");
        report.error.clone().expect("a reason")
    };
    assert!(reason("/slow").contains("timed out") || reason("/slow").contains("Timeout"), "{}", reason("/slow"));
    assert!(reason("/error").contains("HTTP 500 (after 2 tries)"), "{}", reason("/error"));
    assert_eq!(server.hits_on("/error").len(), 2, "a 500 is retried once");
    assert!(reason("/loop").contains("redirect"), "{}", reason("/loop"));
    assert!(reason("/huge").contains("larger than"), "{}", reason("/huge"));
    assert!(
        reason("/malformed").contains("parse") || reason("/malformed").contains("feed"),
        "{}",
        reason("/malformed")
    );

    let store = Store::open(&db).expect("store");
    for path in failing {
        let state = store.followed_source(&server.url(path)).expect("read").expect("saved");
        assert_eq!(state.failures, 1, "{path}");
        assert!(state.last_error.is_some() && state.last_success.is_none(), "{path}");
        assert_eq!(state.etag, None);
    }
}

#[test]
fn requests_to_one_host_are_spaced_by_the_rate_limit() {
    let Some(data) = data() else { return };
    let server = HttpServer::start();
    let sources = serve_feeds(&server, &data);
    let dir = tempfile::tempdir().expect("tempdir");
    let gap = Duration::from_millis(150);
    follow_once(&dir.path().join("follow.db"), &sources, FollowOptions { host_delay: gap, ..options() });
    let mut times: Vec<Instant> = server.hits().iter().map(|hit| hit.at).collect();
    times.sort();
    assert_eq!(times.len(), 4);
    for pair in times.windows(2) {
        assert!(pair[1] - pair[0] >= gap - Duration::from_millis(20), "requests {:?} apart", pair[1] - pair[0]);
    }
}

#[test]
fn summary_items_are_replaced_by_their_pages_where_robots_txt_allows() {
    let Some(data) = data() else { return };
    let truth: serde_json::Value =
        serde_json::from_slice(&std::fs::read(data.join("extraction/ground-truth.json")).expect("truth"))
            .expect("json");
    let truth = truth.as_object().expect("object");
    // Two real pages whose article is long enough that a summary could not pass for it.
    let mut pages = truth
        .iter()
        .filter(|(_, page)| page["articleBody"].as_str().is_some_and(|body| body.len() > 3000))
        .map(|(name, _)| name);
    let (allowed, disallowed) = (pages.next().expect("page").clone(), pages.next().expect("page").clone());
    let server = HttpServer::start();
    for (path, name) in [(format!("/pages/{allowed}"), &allowed), (format!("/private/{disallowed}"), &disallowed)] {
        let body = std::fs::read(data.join(format!("extraction/html/{name}.html.gz"))).expect("page");
        server.route(
            &path,
            Route::File { body, content_type: "text/html".into(), etag: None, last_modified: None, gzip: true },
        );
    }
    server.route(
        "/robots.txt",
        Route::File {
            body: b"User-agent: *\nDisallow: /private/\n".to_vec(),
            content_type: "text/plain".into(),
            etag: None,
            last_modified: None,
            gzip: false,
        },
    );
    let feed = std::fs::read_to_string(data.join("realworld/rss/rss_0.91_spec_1.xml")).expect("feed");
    let feed = feed
        .replace("http://writetheweb.com/read.php?item=24", &server.url(&format!("/pages/{allowed}")))
        .replace("http://writetheweb.com/read.php?item=23", &server.url(&format!("/private/{disallowed}")));
    server.route(
        "/rss",
        Route::File {
            body: feed.into_bytes(),
            content_type: "application/rss+xml".into(),
            etag: None,
            last_modified: None,
            gzip: false,
        },
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("follow.db");
    let reports = follow_once(&db, &[Source::feed(server.url("/rss"))], FollowOptions { pages: true, ..options() });
    let report = &reports[0];
    assert_eq!((report.tally.stored, report.tally.pages), (2, 1), "{report:#?}");
    assert!(report.tally.page_failures[0].reason.contains("robots.txt disallows"), "{report:#?}");
    assert_eq!(server.hits_on(&format!("/private/{disallowed}")).len(), 0, "a disallowed page is never fetched");

    let store = Store::open(&db).expect("store");
    let listed = store.list(&hearsay_store::ListFilter::default()).expect("list");
    let page_url = server.url(&format!("/pages/{allowed}"));
    let summary =
        listed.iter().find(|article| article.url.as_deref() == Some(page_url.as_str())).expect("the page is stored");
    let stored = store.get(summary.id.as_str()).expect("get").expect("stored").article;
    let body = truth[&allowed]["articleBody"].as_str().expect("body");
    let opening: String = body.split_whitespace().take(6).collect::<Vec<_>>().join(" ");
    assert!(stored.text.as_str().contains(&opening), "the stored article is the page's text, opening {opening:?}");
    assert!(stored.text.as_str().len() > 2000, "a whole article, not a summary");
    // The page's own metadata comes first: its headline and outlet, not the feed's.
    assert!(
        stored.metadata.title.as_deref().is_some_and(|title| title != "Giving the world a pluggable Gnutella"),
        "{:?}",
        stored.metadata.title
    );
    assert_eq!(stored.metadata.outlet.as_deref(), Some("The New York Times"));

    // `--no-pages`: the feed's text only.
    let dir = tempfile::tempdir().expect("tempdir");
    let reports = follow_once(&dir.path().join("follow.db"), &[Source::feed(server.url("/rss"))], options());
    assert_eq!((reports[0].tally.stored, reports[0].tally.pages), (2, 0));
}

/// Events as a JSON Lines file, for `ingest` to read.
fn events_file(dir: &Path, events: &[(i64, String)]) -> PathBuf {
    let path = dir.join("events.jsonl");
    let lines: Vec<&str> = events.iter().map(|(_, event)| event.as_str()).collect();
    std::fs::write(&path, lines.join("\n")).expect("write");
    path
}

#[test]
fn jetstream_events_are_stored_with_claims_and_the_cursor_saved() {
    let Some(data) = data() else { return };
    let events = loopback::jetstream_events(&data);
    let newest = events.last().expect("events").0;
    let server = JetstreamServer::start(events.clone(), vec![Connection::All]);
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("follow.db");
    let with_claims = FollowOptions { ingest: IngestOptions::default(), ..options() };
    let reports = follow_once(&db, &[Source::jetstream(server.url())], with_claims);
    let (expected, _) = ingested(&[events_file(dir.path(), &events)], true);
    assert!(expected >= 10, "the real events hold at least 10 articles, ingest stored {expected}");
    assert_eq!(articles(&db), expected);
    assert_eq!(reports[0].tally.publications, 1);
    assert_eq!(reports[0].cursor, Some(newest));
    let store = Store::open(&db).expect("store");
    assert_eq!(store.followed_source(&server.url()).expect("read").expect("saved").cursor, Some(newest));
    assert_eq!(
        store.all_annotations(hearsay_pipeline::EXTRACT_SCHEMA).expect("layers").len() as u64,
        expected,
        "claims with every article"
    );
    let query = server.queries.lock().expect("queries")[0].clone();
    assert_eq!(
        query,
        "wantedCollections=site.standard.document&wantedCollections=site.standard.publication&wantedCollections=app.bsky.feed.post"
    );
}

#[test]
fn a_dropped_websocket_reconnects_with_the_cursor_and_stores_nothing_twice() {
    let Some(data) = data() else { return };
    let events = loopback::jetstream_events(&data);
    let server = JetstreamServer::start(events.clone(), vec![Connection::DropAfter(7), Connection::All]);
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("follow.db");
    let reports =
        follow_once(&db, &[Source::jetstream(server.url())], FollowOptions { jetstream_batch: 3, ..options() });
    assert_eq!(reports[0].reconnects, 1, "{reports:#?}");
    let cursors = server.cursors();
    assert_eq!(cursors.len(), 2);
    assert_eq!(cursors[0], None);
    // The first connection carried the wanted events up to the seventh; the cursor names it.
    let wanted: Vec<&(i64, String)> = events
        .iter()
        .filter(|(_, event)| {
            !event.contains("\"app.bsky.feed.like\"")
                && !event.contains("\"app.bsky.feed.repost\"")
                && !event.contains("\"app.bsky.graph.")
                && !event.contains("\"app.bsky.actor.profile\"")
                && !event.contains("\"org.hypercerts")
                && !event.contains("\"place.stream")
        })
        .collect();
    assert_eq!(cursors[1], Some(wanted[6].0), "reconnects from the last committed event");
    let (expected, _) = ingested(&[events_file(dir.path(), &events)], false);
    assert_eq!(articles(&db), expected, "the replayed event is stored once");
    let store = Store::open(&db).expect("store");
    assert_eq!(store.followed_source(&server.url()).expect("read").expect("saved").articles as u64, expected);
}

#[test]
fn a_restart_resumes_from_the_stored_cursor() {
    let Some(data) = data() else { return };
    let events = loopback::jetstream_events(&data);
    let server = JetstreamServer::start(events.clone(), vec![Connection::PauseAfter(9), Connection::All]);
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("follow.db");
    let source = Source::jetstream(server.url());
    let first = follow_once(&db, std::slice::from_ref(&source), FollowOptions { jetstream_batch: 4, ..options() });
    let stored_first = articles(&db);
    let cursor = Store::open(&db).expect("store").followed_source(&server.url()).expect("read").expect("saved").cursor;
    assert_eq!(first[0].cursor, cursor);
    assert!(cursor.is_some() && stored_first > 0);

    // A new process: the follower is gone; the next one starts from the store.
    let second = follow_once(&db, std::slice::from_ref(&source), FollowOptions { jetstream_batch: 4, ..options() });
    assert_eq!(server.cursors(), vec![None, cursor], "the restart sends the stored cursor");
    let (expected, _) = ingested(&[events_file(dir.path(), &events)], false);
    assert_eq!(articles(&db), expected, "nothing lost, nothing twice");
    assert_eq!(stored_first + second[0].tally.stored as u64, expected);
}
