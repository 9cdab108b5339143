//! A search on PostgreSQL stops when its client has gone (the server sets the flag when it drops
//! the request), and a search whose client stays is not disturbed by the watcher.
//!
//! Needs a server: `HEARSAY_TEST_PG=postgres://user@127.0.0.1:port/db` (`.ci/run` starts one).

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use hearsay_store::{Backend, Error, ListFilter};
use hearsay_store_pg::PgStore;

mod common;
use common::server;

#[test]
fn a_search_whose_client_has_gone_is_stopped_and_others_are_not() {
    let Some(url) = server() else { return };
    let namespace = format!("test_{}_search_cancel", std::process::id());
    let drop_schema = || {
        let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
        client.batch_execute(&format!("DROP SCHEMA IF EXISTS \"{namespace}\" CASCADE")).expect("drop the test schema");
    };
    drop_schema();
    let store = PgStore::connect_in(&url, Some(&namespace)).expect("connect");
    let filter = ListFilter { limit: 5, ..ListFilter::default() };
    let gone = Arc::new(AtomicBool::new(true));
    match store.search_cancellable("Sadr Russia", &filter, &gone) {
        Err(Error::TooCostly { spent, .. }) => assert_eq!(spent, "until the client left"),
        other => panic!("expected the search to stop, got {other:?}"),
    }
    // A client that stays gets its answer, many times over, with the watcher running each time.
    let here = Arc::new(AtomicBool::new(false));
    for _ in 0..20 {
        assert_eq!(store.search_cancellable("Sadr Russia", &filter, &here).expect("search").len(), 0);
    }
    drop(store);
    drop_schema();
}
