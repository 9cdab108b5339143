//! Fault tests of distributed ingest: real `hearsay worker` processes on a real NATS JetStream
//! and a real PostgreSQL, killed with SIGKILL mid-run or with the database restarted under
//! them, on real articles (PolNeAR texts, FNC-1 and ARC bodies).
//!
//! Needs `HEARSAY_TEST_PG=postgres://...` and `HEARSAY_TEST_NATS=nats://...` (`.ci/run` starts
//! both on loopback). Without them the tests skip with a message, except under CI, where they
//! fail. The tests share the one queue, so they take turns. The restart test starts a
//! PostgreSQL of its own with `scripts/test-postgres`, so that stopping it disturbs no one.
//!
//! `HEARSAY_FAULT_ARTICLES` sets how many articles the three-worker test runs: 2,000 by default
//! (about 30 s in the dev profile on two cores); `.ci/run` sets the 10,000 (about two
//! minutes), see docs/deploy.md.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use hearsay_queue::{Queue, QueueSettings};
use hearsay_store::{Backend, ListFilter, Store};
use hearsay_store_pg::PgStore;
use hearsay_testdata::PgScratch as Scratch;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");

/// The tests share one NATS server and its streams.
static QUEUE: Mutex<()> = Mutex::new(());

struct Services {
    pg: String,
    nats: String,
}

#[expect(clippy::print_stderr, reason = "a skipped test says why on the test's own output")]
fn services() -> Option<(Services, PathBuf)> {
    let pg = std::env::var("HEARSAY_TEST_PG").unwrap_or_default();
    let nats = std::env::var("HEARSAY_TEST_NATS").unwrap_or_default();
    let data = PathBuf::from(DATA);
    let ci = std::env::var_os("CI").is_some();
    if pg.is_empty() || nats.is_empty() || !data.is_dir() {
        assert!(!ci, "under CI, HEARSAY_TEST_PG, HEARSAY_TEST_NATS and ../shared/data must all be there");
        eprintln!("skipping: set HEARSAY_TEST_PG=postgres://... and HEARSAY_TEST_NATS=nats://... (and have ../shared/data) to run the distributed fault tests");
        return None;
    }
    Some((Services { pg, nats }, data))
}

/// The store in a scratch schema, as the test process opens it.
fn open(scratch: &Scratch) -> PgStore {
    PgStore::connect_in(scratch.base(), Some(scratch.namespace())).expect("open the test store")
}

/// PolNeAR texts: real political news articles, one file each.
fn articles(data: &Path, count: usize) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    for split in ["dev", "train"] {
        let mut texts: Vec<PathBuf> = std::fs::read_dir(data.join("attribution/polnear").join(split).join("text"))
            .expect("PolNeAR")
            .map(|entry| entry.expect("entry").path())
            .collect();
        texts.sort();
        paths.extend(texts);
    }
    paths.truncate(count);
    paths
}

fn hearsay(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hearsay"));
    command.args(args).env("HEARSAY_LOG", "warn");
    command
}

fn run(command: &mut Command) -> Output {
    let output = command.output().expect("run hearsay");
    assert!(
        output.status.code().is_some_and(|code| code <= 1),
        "hearsay failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn reset_queue(nats: &str) -> Queue {
    let queue = Queue::connect(nats, QueueSettings { ack_wait: Duration::from_secs(2), ..QueueSettings::default() })
        .expect("connect to NATS");
    queue.reset().expect("reset the streams");
    queue
}

fn submit(nats: &str, paths: &[PathBuf]) -> serde_json::Value {
    let mut command = hearsay(&["submit", "--nats", nats, "--ack-wait", "2", "--json"]);
    command.args(paths);
    let output = run(&mut command);
    serde_json::from_slice(&output.stdout).expect("submit summary")
}

fn start_worker(services: &Services, db: &str, extra: &[&str]) -> Child {
    hearsay(&["--db", db, "worker", "--nats", &services.nats, "--ack-wait", "2", "--json"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start a worker")
}

fn finish(worker: Child) -> serde_json::Value {
    let output = worker.wait_with_output().expect("worker");
    // Exit status 1 means some records became dead letters; the summary says how many.
    assert!(
        output.status.code().is_some_and(|code| code <= 1),
        "worker failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("worker summary")
}

/// Waits until the store holds at least `count` articles; panics after two minutes (a hung
/// worker), which is a guard, not a timing assertion.
fn wait_for_articles(store: &PgStore, count: u64) {
    let started = Instant::now();
    while store.stats().expect("stats").articles < count {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "workers stored fewer than {count} articles in two minutes"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The same files ingested by one process into the embedded store.
fn single_process(paths: &[PathBuf]) -> Store {
    let mut store = Store::open_in_memory().expect("store");
    let options = hearsay_pipeline::IngestOptions::default();
    let summary = hearsay_pipeline::ingest(paths, &mut store, &options, &mut |_| {}).expect("ingest");
    assert!(summary.failures.is_empty(), "{:?}", summary.failures);
    store
}

/// Every article stored once, with the same text, metadata, sources and claims as the
/// single-process run. Near-duplicate links are left out: which copy counts as "earliest"
/// depends on the order concurrent workers commit in. For the same reason, when two files hold
/// the same text (the corpus has such pairs), which of them is the article's first `source`
/// depends on that order; both are among its `sources` either way.
fn assert_same_articles(distributed: &PgStore, single: &Store) {
    let listing = single.list(&ListFilter::default()).expect("list");
    assert_eq!(distributed.list(&ListFilter::default()).expect("list"), listing);
    for summary in &listing {
        let id = summary.id.as_str();
        let (mut ours, theirs) =
            (distributed.get(id).expect("get").expect("stored"), single.get(id).expect("get").expect("stored"));
        // Source rows keep a file's canonical path (`hearsay_store::keys::source_path`); the article keeps the
        // path as it was given, so the two are compared as files.
        let mut first = ours.article.source.clone();
        first.path = hearsay_store::keys::source_path(&first.path).into_owned();
        assert!(theirs.sources.contains(&first), "first source of {id} is one of its sources");
        ours.article.source = theirs.article.source.clone();
        assert_eq!(ours.article, theirs.article, "article {id}");
        assert_eq!(ours.sources, theirs.sources, "sources of {id}: stored once per source");
    }
    // The claims are those read from the article's first source, and carry its path: the
    // same claims as the single process's, with that path swapped when the first source differs.
    let schema = hearsay_pipeline::EXTRACT_SCHEMA;
    let (ours, theirs) = (
        distributed.all_annotations(schema).expect("annotations"),
        single.all_annotations(schema).expect("annotations"),
    );
    assert_eq!(ours.len(), theirs.len(), "one annotation per article");
    for ((id, ours), (their_id, theirs)) in ours.iter().zip(&theirs) {
        assert_eq!(id, their_id);
        // As the extract output writes a source: the path, and `#member` for a record in a container.
        let source_of = |stored: Option<hearsay_store::StoredArticle>| {
            let source = stored.expect("stored").article.source;
            source.member.map_or(source.path.clone(), |member| format!("{}#{member}", source.path))
        };
        let (our_source, their_source) =
            (source_of(distributed.get(id.as_str()).expect("get")), source_of(single.get(id.as_str()).expect("get")));
        let (mut ours, theirs): (serde_json::Value, serde_json::Value) =
            (serde_json::from_str(ours).expect("JSON"), serde_json::from_str(theirs).expect("JSON"));
        assert_eq!(
            ours["document"]["source"].as_str(),
            Some(our_source.as_str()),
            "claims of {id} read from its first source"
        );
        ours["document"]["source"] = serde_json::Value::String(their_source);
        assert_eq!(ours, theirs, "claims of {id}");
    }
    let (ours, theirs) = (distributed.stats().expect("stats"), single.stats().expect("stats"));
    assert_eq!((ours.articles, ours.sources, ours.annotations), (theirs.articles, theirs.sources, theirs.annotations));
}

#[test]
fn worker_killed_between_commit_and_ack_is_redelivered_and_stored_once() {
    let Some((services, data)) = services() else { return };
    let _turn = QUEUE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let queue = reset_queue(&services.nats);
    let scratch = Scratch::new(&services.pg, "kill");
    let store = open(&scratch);
    let paths = articles(&data, 24);

    let submitted = submit(&services.nats, &paths);
    assert_eq!(submitted["queued"], 24, "{submitted}");
    let again = submit(&services.nats, &paths);
    assert_eq!(
        (again["queued"].as_u64(), again["duplicates"].as_u64()),
        (Some(0), Some(24)),
        "JetStream drops a second submission: {again}"
    );

    // The worker commits its first batch of 6, then sits on the acknowledgements; killed there,
    // it leaves 6 articles stored but their messages unacknowledged.
    let mut doomed = start_worker(&services, &scratch.url(), &["--batch-size", "6", "--pause-before-ack", "600000"]);
    wait_for_articles(&store, 6);
    doomed.kill().expect("SIGKILL the worker");
    doomed.wait().expect("reap the worker");
    assert_eq!(store.stats().expect("stats").articles, 6);

    let summary = finish(start_worker(&services, &scratch.url(), &["--batch-size", "6", "--exit-when-empty"]));
    assert_eq!(
        summary["messages"], 24,
        "every message processed by the second worker, the 6 redelivered ones too: {summary}"
    );
    assert_eq!(summary["duplicates"], 6, "the redelivered batch was already stored: {summary}");
    assert_eq!(summary["dead_letters"], 0);

    let status = queue.status(Duration::ZERO, 10).expect("status");
    assert_eq!((status.queued, status.in_flight, status.dead_letters), (0, 0, 0), "{status:?}");
    assert_eq!(status.processed, 24, "{status:?}");
    assert_same_articles(&store, &single_process(&paths));
}

#[test]
fn three_workers_with_one_killed_and_restarted_store_every_article_exactly_once() {
    let Some((services, data)) = services() else { return };
    let _turn = QUEUE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let count: usize =
        std::env::var("HEARSAY_FAULT_ARTICLES").ok().and_then(|count| count.parse().ok()).unwrap_or(2_000);
    reset_queue(&services.nats);
    let scratch = Scratch::new(&services.pg, "three");
    let store = open(&scratch);
    let corpus = tempfile::tempdir().expect("temp dir");
    let paths = hearsay_testdata::write_news_files(&data, corpus.path(), count);
    let submitted = submit(&services.nats, &paths);
    assert_eq!(submitted["queued"].as_u64(), Some(paths.len() as u64), "{submitted}");

    let url = scratch.url();
    let steady = ["--batch-size", "8", "--exit-when-empty"];
    let first = start_worker(&services, &url, &steady);
    let second = start_worker(&services, &url, &steady);
    let mut victim = start_worker(&services, &url, &["--batch-size", "8"]);
    wait_for_articles(&store, (paths.len() / 4) as u64);
    victim.kill().expect("SIGKILL one worker");
    victim.wait().expect("reap the worker");
    let restarted = start_worker(&services, &url, &steady);

    let summaries = [finish(first), finish(second), finish(restarted)];
    let dead: u64 = summaries.iter().map(|summary| summary["dead_letters"].as_u64().expect("count")).sum();
    assert_eq!(dead, 0, "{summaries:?}");
    assert_same_articles(&store, &single_process(&paths));
}

#[test]
fn a_batch_held_longer_than_ack_wait_is_not_given_to_another_worker() {
    let Some((services, data)) = services() else { return };
    let _turn = QUEUE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let queue = reset_queue(&services.nats);
    let scratch = Scratch::new(&services.pg, "slow");
    let store = open(&scratch);
    let paths = articles(&data, 4);
    submit(&services.nats, &paths);

    // Each batch of 2 takes over twice the 2-second ack_wait; a second worker waits beside it.
    let mut slow = start_worker(&services, &scratch.url(), &["--batch-size", "2", "--pause-before-ack", "5000"]);
    wait_for_articles(&store, 2);
    let other = start_worker(&services, &scratch.url(), &["--batch-size", "2", "--exit-when-empty"]);
    let other = finish(other);
    wait_for_articles(&store, 4);
    std::thread::sleep(Duration::from_secs(6));
    slow.kill().expect("stop the slow worker");
    slow.wait().expect("reap the worker");
    assert_eq!(other["duplicates"], 0, "no message was taken from the slow worker: {other}");
    let status = queue.status(Duration::ZERO, 10).expect("status");
    assert_eq!((status.queued, status.in_flight, status.processed), (0, 0, 4), "{status:?}");
    assert_eq!(store.stats().expect("stats").articles, 4);
}

#[test]
fn a_record_with_no_article_goes_to_the_dead_letters_with_its_reason() {
    let Some((services, data)) = services() else { return };
    let _turn = QUEUE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let queue = reset_queue(&services.nats);
    let scratch = Scratch::new(&services.pg, "dead");
    let dir = tempfile::tempdir().expect("temp dir");
    // A seed article's "Read more:" line alone: boilerplate that cleaning removes, leaving no article.
    let empty = dir.path().join("related-link.txt");
    std::fs::write(&empty, "Read more: Tehran summons envoy\n").expect("write");
    let mut paths = articles(&data, 3);
    paths.push(empty.clone());
    submit(&services.nats, &paths);

    let summary = finish(start_worker(&services, &scratch.url(), &["--exit-when-empty"]));
    assert_eq!((summary["stored"].as_u64(), summary["dead_letters"].as_u64()), (Some(3), Some(1)), "{summary}");
    let status = queue.status(Duration::ZERO, 10).expect("status");
    assert_eq!(status.dead_letters, 1);
    let failure = &status.recent_failures[0];
    assert_eq!(failure.source, empty.display().to_string());
    assert!(!failure.reason.is_empty(), "{failure:?}");

    let shown = run(&mut hearsay(&["status", "--nats", &services.nats, "--interval", "0"]));
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(text.contains("dead letters 1") && text.contains(&failure.reason), "{text}");
}

/// A PostgreSQL server of the test's own, in a temporary folder, started and stopped with
/// `scripts/test-postgres` (which keeps its port across a restart).
struct OwnPostgres {
    dir: tempfile::TempDir,
    url: String,
}

impl OwnPostgres {
    const SCRIPT: &'static str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/test-postgres");

    fn start() -> OwnPostgres {
        let dir = tempfile::tempdir().expect("temp dir");
        // Under root the server runs as the postgres user, which must reach the folder.
        let mut permissions = std::fs::metadata(dir.path()).expect("metadata").permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
        std::fs::set_permissions(dir.path(), permissions).expect("chmod");
        let mut server = OwnPostgres { dir, url: String::new() };
        server.url = server.script("start", "fast");
        server
    }

    /// Runs the script; returns what it printed (the URL, for `start`).
    fn script(&self, action: &str, stop_mode: &str) -> String {
        let output = Command::new("bash")
            .arg(Self::SCRIPT)
            .arg(action)
            .arg(self.dir.path().join("pg"))
            .env("HEARSAY_PG_PORT", "56432")
            .env("HEARSAY_PG_STOP_MODE", stop_mode)
            .output()
            .expect("run scripts/test-postgres");
        assert!(output.status.success(), "scripts/test-postgres {action}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }
}

impl Drop for OwnPostgres {
    fn drop(&mut self) {
        self.script("stop", "immediate");
    }
}

#[test]
fn postgres_restarted_during_a_run_costs_time_not_work() {
    let Some((services, data)) = services() else { return };
    let _turn = QUEUE.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let server = OwnPostgres::start();
    reset_queue(&services.nats);
    let paths = articles(&data, 240);
    submit(&services.nats, &paths);

    let steady = ["--batch-size", "8", "--exit-when-empty"];
    let workers = [start_worker(&services, &server.url, &steady), start_worker(&services, &server.url, &steady)];
    {
        let store = PgStore::connect(&server.url).expect("open the store");
        wait_for_articles(&store, (paths.len() / 4) as u64);
    }
    // As a crash would (no checkpoint, connections cut), then down for three seconds.
    server.script("stop", "immediate");
    std::thread::sleep(Duration::from_secs(3));
    server.script("start", "fast");

    let summaries = workers.map(finish);
    let total = |field: &str| summaries.iter().map(|summary| summary[field].as_u64().expect("count")).sum::<u64>();
    assert_eq!(total("dead_letters"), 0, "{summaries:?}");
    assert!(total("store_retries") > 0, "the workers never met the restart: {summaries:?}");
    let store = PgStore::connect(&server.url).expect("open the store");
    assert_same_articles(&store, &single_process(&paths));
}

/// The ledger on PostgreSQL, read in two runs (the seeds, then PolNeAR articles), prints what
/// it prints on SQLite: the same propositions, verdicts, stories and entity histories.
#[test]
fn ledger_stories_and_entity_on_postgres_print_what_they_print_on_sqlite() {
    let Some((services, data)) = services() else { return };
    let scratch = Scratch::new(&services.pg, "ledger");
    let folder = tempfile::tempdir().expect("temp dir");
    let sqlite = folder.path().join("hearsay.db").display().to_string();
    let runs = [vec![data.join("seeds")], articles(&data, 30)];
    let commands: [&[&str]; 5] = [
        &["ledger", "--json"],
        &["ledger", "--json", "--verdict", "denied"],
        &["stories", "--json"],
        &["entity", "Kazem Jalali", "--json"],
        &["entity", "Iran", "--json"],
    ];
    for (round, paths) in runs.iter().enumerate() {
        let mut printed: Vec<Vec<String>> = Vec::new();
        for db in [scratch.url(), sqlite.clone()] {
            let mut ingest = hearsay(&["--db", &db, "ingest", "--quiet", "--json"]);
            let summary: serde_json::Value =
                serde_json::from_slice(&run(ingest.args(paths)).stdout).expect("ingest summary");
            assert_eq!(summary["failures"].as_array().map(Vec::len), Some(0), "{db}: {summary}");
            printed.push(
                commands
                    .iter()
                    .map(|command| {
                        String::from_utf8(run(hearsay(&["--db", &db]).args(*command)).stdout).expect("UTF-8")
                    })
                    .collect(),
            );
        }
        for (command, (postgres, sqlite)) in commands.iter().zip(printed[0].iter().zip(&printed[1])) {
            assert!(!sqlite.trim().is_empty(), "round {round}: {command:?} printed nothing");
            assert_eq!(postgres, sqlite, "round {round}: {command:?}");
        }
        if round == 0 {
            assert!(printed[0][0].contains("Jalali"), "the ambassador's denial is in the ledger: {}", printed[0][0]);
        }
    }
    // A rebuild from scratch reaches the ledger the incremental runs built.
    let incremental = run(&mut hearsay(&["--db", &scratch.url(), "ledger", "--json"])).stdout;
    assert_eq!(run(&mut hearsay(&["--db", &scratch.url(), "ledger", "--json", "--rebuild"])).stdout, incremental);
}
