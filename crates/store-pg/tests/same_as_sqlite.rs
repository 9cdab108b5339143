//! The PostgreSQL store against the embedded one on the same real corpus (the seeds and PolNeAR
//! dev articles): the same listings, articles, sources, near-duplicate links, annotations and
//! counts, and idempotent reruns.
//!
//! Needs a server: `HEARSAY_TEST_PG=postgres://user@127.0.0.1:port/db` (`.ci/run` starts one).
//! Without it the tests skip with a message, except under CI, where they fail.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use hearsay_pipeline::{IngestOptions, IngestSummary};
use hearsay_store::{Backend, ListFilter, Store};
use hearsay_store_pg::PgStore;

mod common;
use common::server;

#[expect(clippy::print_stderr, reason = "a skipped test says why on the test's own output")]
fn data() -> Option<PathBuf> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if data.is_dir() {
        Some(data)
    } else if std::env::var_os("CI").is_some() {
        panic!("../shared/data is missing under CI");
    } else {
        eprintln!("skipping: ../shared/data is missing");
        None
    }
}

/// A store in its own schema, dropped when the guard goes.
struct Scratch {
    url: String,
    namespace: String,
}

impl Scratch {
    fn new(url: &str, name: &str) -> Scratch {
        let scratch = Scratch { url: url.to_owned(), namespace: format!("test_{}_{name}", std::process::id()) };
        scratch.drop_schema();
        scratch
    }

    fn open(&self) -> PgStore {
        PgStore::connect_in(&self.url, Some(&self.namespace)).expect("connect to the test server")
    }

    fn drop_schema(&self) {
        let mut client = postgres::Client::connect(&self.url, postgres::NoTls).expect("connect to the test server");
        client
            .batch_execute(&format!("DROP SCHEMA IF EXISTS \"{}\" CASCADE", self.namespace))
            .expect("drop the test schema");
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        self.drop_schema();
    }
}

/// The seeds, 40 PolNeAR dev articles, and the first seed again under another name (an exact
/// duplicate whose second source must be recorded).
fn corpus(data: &Path) -> Vec<PathBuf> {
    let mut paths = vec![data.join("seeds")];
    let mut texts: Vec<PathBuf> = std::fs::read_dir(data.join("attribution/polnear/dev/text"))
        .expect("PolNeAR dev")
        .map(|entry| entry.expect("entry").path())
        .collect();
    texts.sort();
    paths.extend(texts.into_iter().take(40));
    paths
}

fn ingest(paths: &[PathBuf], store: &mut dyn Backend) -> IngestSummary {
    let options = IngestOptions { batch_size: 16, ..IngestOptions::default() };
    hearsay_pipeline::ingest(paths, store, &options, &mut |_| {}).expect("ingest")
}

#[test]
fn postgres_store_matches_the_embedded_store() {
    let (Some(url), Some(data)) = (server(), data()) else { return };
    let paths = corpus(&data);
    let scratch = Scratch::new(&url, "same");
    let mut pg = scratch.open();
    let mut sqlite = Store::open_in_memory().expect("store");
    let pg_summary = ingest(&paths, &mut pg);
    let sqlite_summary = ingest(&paths, &mut sqlite);
    assert_eq!(pg_summary, sqlite_summary);
    assert!(pg_summary.stored >= 40, "{pg_summary:?}");

    assert_eq!(pg.stats().expect("stats"), sqlite.stats().expect("stats"));
    assert_eq!(pg.article_count().expect("count"), sqlite.stats().expect("stats").articles);
    let listing = sqlite.list(&ListFilter::default()).expect("list");
    assert_eq!(pg.list(&ListFilter::default()).expect("list"), listing);
    for filter in [
        ListFilter { limit: 5, offset: 3, ..ListFilter::default() },
        ListFilter { since: Some("2016-01-01".into()), until: Some("2016-12-31".into()), ..ListFilter::default() },
        ListFilter { outlet: Some("hum news english".into()), ..ListFilter::default() },
    ] {
        assert_eq!(pg.list(&filter).expect("list"), sqlite.list(&filter).expect("list"), "{filter:?}");
    }
    for summary in &listing {
        let id = summary.id.as_str();
        assert_eq!(pg.get(id).expect("get"), sqlite.get(id).expect("get"), "article {id}");
        assert_eq!(pg.get(&id[..8]).expect("get by prefix"), sqlite.get(&id[..8]).expect("get by prefix"));
    }
    assert_eq!(
        pg.all_annotations(hearsay_pipeline::EXTRACT_SCHEMA).expect("annotations"),
        sqlite.all_annotations(hearsay_pipeline::EXTRACT_SCHEMA).expect("annotations")
    );

    // Ranking and snippets are each engine's own; the articles that match plain words are not.
    for query in ["Trump", "Clinton campaign", "Iran", "said"] {
        let ids =
            |hits: Vec<hearsay_store::SearchHit>| hits.into_iter().map(|hit| hit.article.id).collect::<BTreeSet<_>>();
        let pg_hits = ids(pg.search(query, &ListFilter::default()).expect("search"));
        assert_eq!(pg_hits, ids(sqlite.search(query, &ListFilter::default()).expect("search")), "{query}");
        assert!(!pg_hits.is_empty(), "{query} finds something");
    }

    // The propositions both keep as the ledger update stores claims: the same rows and members.
    for store in [&mut pg as &mut dyn Backend, &mut sqlite] {
        hearsay_pipeline::update_ledger(store, &hearsay_pipeline::LedgerStep::default()).expect("ledger update");
    }
    let order = hearsay_store::PropositionOrder::MostClaims;
    let (total, rows) = sqlite.ledger_propositions_page(order, 0, 100_000).expect("stored propositions");
    assert!(total > 100 && rows.iter().any(|row| row.claims > 1), "{total}");
    assert_eq!(pg.ledger_propositions_page(order, 0, 100_000).expect("stored propositions"), (total, rows.clone()));
    for row in &rows {
        assert_eq!(pg.ledger_proposition(&row.name).expect("by name").as_ref(), Some(row));
        assert_eq!(
            pg.ledger_proposition_items(&row.root).expect("members"),
            sqlite.ledger_proposition_items(&row.root).expect("members")
        );
    }
    same_default_pages(&pg, &sqlite);
}

/// The default ledger pages read alike from both stores: the list in the whole ledger's order,
/// filtered by the summaries the update keeps, each proposition with its story and related ones,
/// and an entity's history and the propositions about it, through the index.
fn same_default_pages(pg: &dyn Backend, sqlite: &dyn Backend) {
    use hearsay_ledger::{stored_entity, stored_propositions_about, stored_propositions_where, PropositionFilter};
    use hearsay_store::PropositionPageFilter;
    let sourced = hearsay_store::PropositionOrder::Sourced;
    let filters = [
        PropositionPageFilter::default(),
        PropositionPageFilter { verdict: Some("corroborated".into()), ..PropositionPageFilter::default() },
        PropositionPageFilter { since: Some("2016-01-01".into()), min_claims: 2, ..PropositionPageFilter::default() },
    ];
    for (n, filter) in filters.iter().enumerate() {
        let page = stored_propositions_where(sqlite, sourced, filter, 0, 200).expect("sqlite page");
        assert!(n == 2 || page.0 > 0, "{filter:?}");
        assert_eq!(stored_propositions_where(pg, sourced, filter, 0, 200).expect("pg page"), page, "{filter:?}");
    }
    for name in ["Donald Trump", "Hillary Clinton", "Iran"] {
        let report = stored_entity(sqlite, name).expect("sqlite entity");
        assert!(report.is_some(), "{name}");
        assert_eq!(stored_entity(pg, name).expect("pg entity"), report, "{name}");
        let about = PropositionFilter { about: Some(name.to_owned()), since: None };
        assert_eq!(
            stored_propositions_about(pg, &about, 0, 200).expect("pg about"),
            stored_propositions_about(sqlite, &about, 0, 200).expect("sqlite about"),
            "{name}"
        );
    }
}

#[test]
fn rerun_on_postgres_stores_nothing_twice() {
    let (Some(url), Some(data)) = (server(), data()) else { return };
    let paths = corpus(&data);
    let scratch = Scratch::new(&url, "rerun");
    let mut first = scratch.open();
    let summary = ingest(&paths, &mut first);
    let stats = first.stats().expect("stats");
    // A second process (a restarted worker) with its own connection.
    let mut second = scratch.open();
    let again = ingest(&paths, &mut second);
    assert_eq!(again.stored, 0);
    assert_eq!(again.duplicates, summary.stored + summary.duplicates);
    assert_eq!(second.stats().expect("stats"), stats);
    assert_eq!(second.schema_version().expect("version"), 5, "migrated to the latest version");
}

/// One seed under two names: whichever store, the claims stored are those read from the first
/// file (they carry its path), a second copy leaves them alone, and rereading the first file
/// refreshes them.
fn claims_follow_the_first_source(store: &mut dyn Backend, data: &Path) {
    let folder = tempfile::tempdir().expect("temp dir");
    let seed = data.join("seeds/000_57a3a51577a579b9.txt");
    let (first, copy) = (folder.path().join("first.txt"), folder.path().join("copy.txt"));
    std::fs::copy(&seed, &first).expect("copy the seed");
    std::fs::copy(&seed, &copy).expect("copy the seed");
    let summary = ingest(&[first.clone(), copy.clone()], store);
    assert_eq!((summary.stored, summary.duplicates), (1, 1), "{summary:?}");
    ingest(std::slice::from_ref(&copy), store);

    let schema = hearsay_pipeline::EXTRACT_SCHEMA;
    let annotations = store.all_annotations(schema).expect("annotations");
    assert_eq!(annotations.len(), 1);
    let (id, json) = &annotations[0];
    let claims: serde_json::Value = serde_json::from_str(json).expect("JSON");
    assert_eq!(
        claims["document"]["source"].as_str(),
        Some(first.to_str().expect("UTF-8 path")),
        "claims read from the first file"
    );
    assert!(!claims["claims"].as_array().expect("claims").is_empty());

    let stored = store.get(id.as_str()).expect("get").expect("stored");
    let mut from_copy = stored.article.clone();
    from_copy.source.path = copy.display().to_string();
    let refreshed = r#"{"refreshed":true}"#.to_owned();
    store.insert_batch_annotated(&[from_copy], Some((schema, std::slice::from_ref(&refreshed))), None).expect("insert");
    assert_eq!(&store.all_annotations(schema).expect("annotations")[0].1, json, "a copy leaves the claims alone");
    store
        .insert_batch_annotated(&[stored.article], Some((schema, std::slice::from_ref(&refreshed))), None)
        .expect("insert");
    assert_eq!(
        store.all_annotations(schema).expect("annotations")[0].1,
        refreshed,
        "the first file reread refreshes them"
    );
}

#[test]
fn claims_follow_the_first_source_in_both_stores() {
    let Some(data) = data() else { return };
    claims_follow_the_first_source(&mut Store::open_in_memory().expect("store"), &data);
    let Some(url) = server() else { return };
    let scratch = Scratch::new(&url, "first");
    claims_follow_the_first_source(&mut scratch.open(), &data);
}

// Issue #18: re-ingesting a folder under another spelling of its path added every source row
// again; a costly search ran unbounded.
#[test]
fn a_reingest_under_another_path_adds_no_sources_and_a_search_has_a_time_budget() {
    let (Some(url), Some(data)) = (server(), data()) else { return };
    let paths = corpus(&data);
    let respelled: Vec<PathBuf> = paths
        .iter()
        .map(|path| path.parent().expect("parent").join(".").join(path.file_name().expect("name")))
        .collect();
    let scratch = Scratch::new(&url, "respelled");
    let mut pg = scratch.open();
    let mut sqlite = Store::open_in_memory().expect("store");
    for store in [&mut pg as &mut dyn Backend, &mut sqlite] {
        ingest(&paths, store);
        let before = store.stats().expect("stats");
        ingest(&respelled, store);
        assert_eq!(store.stats().expect("stats"), before, "the same files, however spelled, are the same sources");
    }
    assert_eq!(pg.stats().expect("stats"), sqlite.stats().expect("stats"));

    // A millisecond is far below what ts_headline over every article for 300 words takes.
    let costly = ["said", "the", "campaign", "Trump", "Iran"].repeat(60).join(" or ");
    pg.set_search_budget(hearsay_store::SearchBudget { time: std::time::Duration::from_millis(1), steps: None });
    match pg.search(&costly, &ListFilter::default()) {
        Err(hearsay_store::Error::TooCostly { query, .. }) => assert_eq!(query, costly),
        other => panic!("expected TooCostly, got {:?}", other.map(|hits| hits.len())),
    }
    pg.set_search_budget(hearsay_store::SearchBudget::default());
    assert!(!pg.search("Iran", &ListFilter::default()).expect("search").is_empty());
}

/// Several processes updating the ledger at once (here: threads, each with its own connection)
/// leave the propositions one process leaves: each update transaction holds the store's advisory
/// write lock from its first read, so they run one after another, each reading what the one
/// before committed, and a run of articles read twice is forgotten and read again whole.
#[test]
fn concurrent_ledger_updates_keep_the_propositions_of_one_update() {
    let (Some(url), Some(data)) = (server(), data()) else { return };
    let paths = corpus(&data);
    let scratch = Scratch::new(&url, "concurrent");
    let mut pg = scratch.open();
    let mut sqlite = Store::open_in_memory().expect("store");
    ingest(&paths, &mut pg);
    ingest(&paths, &mut sqlite);
    hearsay_pipeline::update_ledger(&mut sqlite, &hearsay_pipeline::LedgerStep::default()).expect("ledger update");
    std::thread::scope(|scope| {
        for _ in 0..3 {
            scope.spawn(|| {
                let mut store = scratch.open();
                hearsay_pipeline::update_ledger(&mut store, &hearsay_pipeline::LedgerStep::default())
                    .expect("concurrent ledger update");
            });
        }
    });
    let order = hearsay_store::PropositionOrder::Recent;
    let expected = sqlite.ledger_propositions_page(order, 0, 100_000).expect("stored propositions");
    assert!(expected.0 > 100, "{}", expected.0);
    assert_eq!(pg.ledger_propositions_page(order, 0, 100_000).expect("stored propositions"), expected);
    assert_eq!(pg.ledger_edges().expect("edges"), sqlite.ledger_edges().expect("edges"));
    same_default_pages(&pg, &sqlite);
}
