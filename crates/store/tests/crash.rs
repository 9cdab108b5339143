//! A writer killed with SIGKILL mid-ingest leaves a consistent store, and a rerun completes it
//! without duplicates.
//!
//! The test runs its own executable again as a child (selected by an environment variable) that
//! ingests PolNeAR train texts and syndicated copies in batches of 16 and prints a line after each commit; the parent kills
//! it after a few commits, while it is writing the next batch.

#![allow(clippy::unwrap_used)]
#![cfg(unix)]

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use hearsay_article::Article;
use hearsay_store::Store;

const CHILD_DB: &str = "HEARSAY_STORE_CRASH_CHILD_DB";
const BATCH: usize = 16;
const KILL_AFTER_COMMITS: usize = 8;

/// The corpus: PolNeAR texts and every third again with a syndication footer, so the store also holds
/// near-duplicate links that a crash must not tear.
fn corpus(data: &Path) -> Vec<Article> {
    let mut articles = common::polnear(data, "train");
    // 480 texts and 160 copies, 40 batches: enough to be killed mid-way, quick to run thrice.
    articles.truncate(480);
    let copies: Vec<Article> = articles
        .iter()
        .step_by(3)
        .map(|article| {
            let text = format!("{}\n\nThe post appeared first on Wire Digest.", article.text.as_str());
            common::article(
                &text,
                hearsay_article::SourceRef::file(format!("digest/{}", article.source.path)),
                article.metadata.clone(),
            )
        })
        .collect();
    // Interleave so copies arrive in the same batches as, and in later batches than, originals.
    let mut mixed = Vec::with_capacity(articles.len() + copies.len());
    let mut copies = copies.into_iter();
    for (i, article) in articles.drain(..).enumerate() {
        mixed.push(article);
        if i % 3 == 2 {
            mixed.extend(copies.next());
        }
    }
    mixed.extend(copies);
    mixed
}

/// The child: ingests the corpus batch by batch, saying after each commit how many it committed.
#[test]
fn crash_child_ingests_until_killed() {
    let Ok(db) = std::env::var(CHILD_DB) else { return };
    let Some(data) = common::data() else { return };
    let articles = corpus(&data);
    let mut store = Store::open(Path::new(&db)).unwrap();
    for (n, batch) in articles.chunks(BATCH).enumerate() {
        store.insert_batch(batch).unwrap();
        println!("committed {}", n + 1);
    }
    println!("finished");
}

#[test]
fn kill_9_mid_ingest_leaves_a_consistent_store_and_a_rerun_completes_it() {
    let Some(data) = common::data() else { return };
    let articles = corpus(&data);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("killed.db");

    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["crash_child_ingests_until_killed", "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_DB, &db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut committed = 0;
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        if let Some(count) = line.strip_prefix("committed ") {
            committed = count.trim().parse().unwrap();
            if committed >= KILL_AFTER_COMMITS {
                break;
            }
        }
        assert_ne!(line, "finished", "the child finished before it was killed");
    }
    // Child::kill sends SIGKILL: no destructors, no rollback, no WAL checkpoint.
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(committed >= KILL_AFTER_COMMITS);

    // What survived is whole batches: exactly the articles of the first k batches, for some k
    // no smaller than the commits seen.
    let mut store = Store::open(&db).unwrap();
    assert_eq!(store.check().unwrap(), Vec::<String>::new(), "consistent after the kill");
    let survived = store.stats().unwrap();
    let mut distinct = BTreeSet::new();
    let mut whole_batches = Vec::new();
    for batch in articles.chunks(BATCH) {
        distinct.extend(batch.iter().map(|article| article.id.clone()));
        whole_batches.push(distinct.len() as u64);
    }
    let k =
        whole_batches.iter().position(|&count| count == survived.articles).expect("the store holds whole batches only")
            + 1;
    assert!(k >= KILL_AFTER_COMMITS && k < whole_batches.len(), "killed after {k} of {} batches", whole_batches.len());
    for article in articles.chunks(BATCH).take(k).flatten() {
        assert!(store.get(article.id.as_str()).unwrap().is_some());
    }

    // The rerun stores the rest, and the result equals an uninterrupted run.
    for batch in articles.chunks(BATCH) {
        store.insert_batch(batch).unwrap();
    }
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
    let mut reference = Store::open(&dir.path().join("reference.db")).unwrap();
    for batch in articles.chunks(BATCH) {
        reference.insert_batch(batch).unwrap();
    }
    let (rerun, expected) = (store.stats().unwrap(), reference.stats().unwrap());
    assert_eq!(rerun, expected);
    assert_eq!(rerun.articles as usize, distinct.len());
    assert!(rerun.near_duplicates >= 160, "{rerun:?}");
    let every = hearsay_store::ListFilter::default();
    assert_eq!(store.list(&every).unwrap(), reference.list(&every).unwrap());
    for article in articles.iter().step_by(37) {
        let (a, b) =
            (store.get(article.id.as_str()).unwrap().unwrap(), reference.get(article.id.as_str()).unwrap().unwrap());
        assert_eq!(a, b, "same article, sources and links");
    }
}
