//! The sources `hearsay follow` polls are kept on PostgreSQL as in SQLite: the same rows come
//! back from both, a write replaces, and listings sort by URL.
//!
//! Needs a server: `HEARSAY_TEST_PG=postgres://user@127.0.0.1:port/db` (`.ci/run` starts one).

use hearsay_store::{Backend, FollowedSource, Store};
use hearsay_store_pg::PgStore;

mod common;
use common::server;

#[test]
fn followed_sources_round_trip_alike_on_both_stores() {
    let Some(url) = server() else { return };
    let namespace = format!("test_{}_followed", std::process::id());
    let drop_schema = || {
        let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
        client.batch_execute(&format!("DROP SCHEMA IF EXISTS \"{namespace}\" CASCADE")).expect("drop the test schema");
    };
    drop_schema();
    let mut pg = PgStore::connect_in(&url, Some(&namespace)).expect("connect");
    let mut sqlite = Store::open_in_memory().expect("store");
    let feed = FollowedSource {
        url: "https://outlet.example/rss.xml".into(),
        kind: "feed".into(),
        etag: Some("\"abc\"".into()),
        last_modified: Some("Mon, 30 Sep 2002 11:00:00 GMT".into()),
        last_poll: Some("2026-12-03T10:00:00Z".into()),
        last_success: Some("2026-12-03T10:00:00Z".into()),
        articles: 25,
        ..FollowedSource::default()
    };
    let jetstream = FollowedSource {
        url: "wss://jetstream.example/subscribe".into(),
        kind: "jetstream".into(),
        cursor: Some(1_779_719_010_689_411),
        last_error: Some("connecting: refused".into()),
        failures: 2,
        ..FollowedSource::default()
    };
    for store in [&mut pg as &mut dyn Backend, &mut sqlite] {
        assert_eq!(store.followed_source(&feed.url).expect("read"), None);
        store.put_followed_source(&jetstream).expect("write");
        store.put_followed_source(&FollowedSource { etag: None, ..feed.clone() }).expect("write");
        store.put_followed_source(&feed).expect("a second write replaces");
        assert_eq!(store.followed_source(&feed.url).expect("read").as_ref(), Some(&feed));
        assert_eq!(store.followed_sources().expect("list"), vec![feed.clone(), jetstream.clone()]);
    }
    assert_eq!(pg.schema_version().expect("version"), 4);
    drop(pg);
    drop_schema();
}
