//! Scale figures: stores of 1k, 10k (and more) real articles, and what reading the ledger, one
//! story, one proposition and one entity page costs in time and peak memory as the corpus grows.
//!
//!   cargo run -p hearsay-server --example scale -- [--sizes 1000,10000] [--distinct 1000] [--keep DIR]
//!
//! The texts are PolNeAR's (with their outlets, dates and headlines), then FNC-1's bodies, from
//! `../shared/data`. `--distinct` of them are annotated once (that time is the extraction rate);
//! a store of N articles holds them in turn, repeated with new ids where N is larger (a repeat is
//! a near-duplicate of its original, as syndicated copies are). For each size, in the same run:
//!
//! * `store`: storing the N annotated articles without the ledger (the baseline of an update);
//! * `ledger update`: bringing the ledger up to date over them (and, timed again alone, the
//!   stories found again from scratch, as after the store forgot an article; then one more batch
//!   of 64 new articles, what a worker's batch costs at this size: the stories are grouped over
//!   the whole store again up to 10,000 articles, placed online beyond);
//! * `parse` (child process): reading and parsing every stored annotation, the least a reader
//!   of the whole corpus does (the baseline of a read);
//! * `ledger read` (child): `Ledger::read`, as `hearsay ledger` does (and `serve` below: both
//!   left out beyond `WHOLE_LEDGER_UP_TO` articles, where nothing reads the whole ledger unasked);
//! * `serve` (child): `hearsay serve` on the store, on the pages that read the whole ledger: the
//!   first request for one story reads it (cold), then the story, its grid, and the first page of
//!   propositions and its first proposition with `whole=true` are read from the cached ledger
//!   (warm);
//! * `serve pages` (child): `hearsay serve` on the store, on the default pages, which read only
//!   their own rows: the first page of propositions (in the whole ledger's order) and of the most
//!   recent, the largest proposition, its explanation, the history of the entity it is about and
//!   the propositions about that entity (`about=`), the first page of stories, the largest story
//!   and, beyond 10,000 articles, its grid (which reads the whole ledger below). Nothing reads
//!   the whole ledger, so its memory
//!   is the server's own plus what those pages hold.
//!
//! Each child reports its own peak resident memory (VmHWM), so memory is per step.
#![expect(clippy::print_stdout, clippy::print_stderr, reason = "a developer tool: its output is the point")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use hearsay_article::{Article, ArticleId};
use hearsay_ledger::{update, Ledger, UpdateOptions, EXTRACT_SCHEMA};
use hearsay_nlp::{annotate, ExtractOptions};
use hearsay_store::{Backend, Store};
use serde_json::{json, Value};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(position) = args.iter().position(|a| a == "--child") {
        child(&args[position + 1], Path::new(&args[position + 2]));
        return;
    }
    if args.iter().any(|a| a == "--help" || a == "-h") {
        // What it does and takes: the start of this file's documentation.
        eprintln!(
            "Scale figures: stores of real articles at each size, and what the ledger and the pages cost in\n\
             time and peak memory (JSON on stdout).\n\n\
             cargo run -p hearsay-server --example scale -- [--sizes 1000,10000] [--distinct 1000] [--keep DIR]\n\n\
             --sizes N,M    store sizes, in articles (default 1000,10000)\n\
             --distinct N   distinct texts annotated once; larger stores repeat them with new ids (default 1000)\n\
             --keep DIR     keep each store, in DIR/<size>"
        );
        return;
    }
    let value = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let sizes: Vec<usize> = value("--sizes")
        .unwrap_or_else(|| "1000,10000".to_owned())
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    let distinct: usize = value("--distinct").and_then(|n| n.parse().ok()).unwrap_or(1_000);
    let Some(data) = hearsay_testdata::data() else { return };

    let mut texts: Vec<Article> = hearsay_testdata::polnear(&data, "train");
    texts.extend(hearsay_testdata::polnear(&data, "dev"));
    texts.extend(hearsay_testdata::bodies(&data, "stance/fnc1/train_bodies.csv"));
    texts.truncate(distinct);
    eprintln!("annotating {} distinct real articles...", texts.len());
    let started = Instant::now();
    let cpu_started = hearsay_testdata::cpu_seconds();
    let annotated: Vec<(Article, String)> = texts
        .into_iter()
        .map(|article| {
            let json = serde_json::to_string(&annotate(&article, &ExtractOptions::default())).unwrap();
            (article, json)
        })
        .collect();
    let annotate_seconds = started.elapsed().as_secs_f64();
    let extraction_rate = annotated.len() as f64 / annotate_seconds;
    // CPU time as well as wall time: on a shared machine the wall-clock rates of two steps of
    // one run differ with what else runs; their CPU times do not.
    let extraction_cpu_rate = annotated.len() as f64 / (hearsay_testdata::cpu_seconds() - cpu_started);
    eprintln!("  {extraction_rate:.1} articles/s");

    let mut reports = Vec::new();
    for &size in &sizes {
        // `--keep DIR`: the stores are made (and left) in DIR/N, for profiling one step alone
        // (`scale --child read DIR/N`).
        let kept = value("--keep").map(|keep| Path::new(&keep).join(size.to_string()));
        let temporary = tempfile::tempdir().unwrap();
        let dir: &Path = match &kept {
            Some(kept) => {
                let _ = std::fs::remove_dir_all(kept);
                std::fs::create_dir_all(kept).unwrap();
                kept
            }
            None => temporary.path(),
        };
        let db = dir.join("scale.db");
        eprintln!("{size} articles: storing...");
        let mut store = Store::open(&db).unwrap();
        let started = Instant::now();
        let articles: Vec<(Article, String)> =
            (0..size).map(|n| copy(&annotated[n % annotated.len()], n / annotated.len())).collect();
        for chunk in articles.chunks(500) {
            let items: Vec<Article> = chunk.iter().map(|(article, _)| article.clone()).collect();
            let jsons: Vec<String> = chunk.iter().map(|(_, json)| json.clone()).collect();
            store.insert_batch_annotated(&items, Some((EXTRACT_SCHEMA, &jsons)), None).unwrap();
        }
        // Closing the store checkpoints its write-ahead log into the file: what storing wrote is
        // the store's cost, not the next writer's (the update's first commit would copy it).
        drop(store);
        let mut store = Store::open(&db).unwrap();
        let store_seconds = started.elapsed().as_secs_f64();
        drop(articles);
        eprintln!("  stored in {store_seconds:.1} s; updating the ledger...");
        let started = Instant::now();
        let cpu_started = hearsay_testdata::cpu_seconds();
        let report = update(&mut store, &UpdateOptions::default()).unwrap();
        let update_seconds = started.elapsed().as_secs_f64();
        let update_cpu_seconds = hearsay_testdata::cpu_seconds() - cpu_started;
        // Of which: grouping the stories again (and keeping each article's), which every update
        // that reads articles does; timed alone by an update with nothing new to read (an empty
        // `stories` state asks for it).
        let writer = store.ledger_writer().unwrap();
        writer.set_state("stories", "").unwrap();
        writer.commit().unwrap();
        let started = Instant::now();
        update(&mut store, &UpdateOptions::default()).unwrap();
        let stories_seconds = started.elapsed().as_secs_f64();
        // One more batch of 64 new articles (copies of later rounds), what a NATS worker's
        // batch or an upload costs on a store of this size.
        let batch: Vec<(Article, String)> = (0..64)
            .map(|n| copy(&annotated[n % annotated.len()], size / annotated.len() + 1 + n / annotated.len()))
            .collect();
        let items: Vec<Article> = batch.iter().map(|(article, _)| article.clone()).collect();
        let jsons: Vec<String> = batch.iter().map(|(_, json)| json.clone()).collect();
        store.insert_batch_annotated(&items, Some((EXTRACT_SCHEMA, &jsons)), None).unwrap();
        let started = Instant::now();
        update(&mut store, &UpdateOptions::default()).unwrap();
        let batch_seconds = started.elapsed().as_secs_f64();
        eprintln!(
            "  stories found again in {stories_seconds:.1} s; a batch of 64 updated in {batch_seconds:.2} s ({} claims, {} links)",
            report.claims, report.links
        );
        drop(store);
        eprintln!("  updated in {update_seconds:.1} s; reading...");
        let run = |step: &str| -> Value {
            let output =
                Command::new(std::env::current_exe().unwrap()).args(["--child", step]).arg(dir).output().unwrap();
            assert!(output.status.success(), "{step}: {}", String::from_utf8_lossy(&output.stderr));
            serde_json::from_slice(&output.stdout).unwrap()
        };
        let parse = run("parse");
        // Beyond WHOLE_LEDGER_UP_TO articles no command or page reads the whole ledger unless
        // asked (`--whole`): those steps are left out there.
        let whole = size as u64 <= hearsay_ledger::WHOLE_LEDGER_UP_TO;
        let skipped = || json!({ "skipped": "beyond WHOLE_LEDGER_UP_TO articles, pages read their own rows" });
        let read = if whole { run("read") } else { skipped() };
        let serve = if whole { run("serve") } else { skipped() };
        let serve_pages = run("pages");
        let seconds = |v: &Value| v["seconds"].as_f64().unwrap_or(f64::NAN);
        let store_bytes = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0)
            + std::fs::metadata(dir.join("scale.db-wal")).map(|m| m.len()).unwrap_or(0);
        let row = json!({
            "articles": size,
            "distinct_texts": annotated.len().min(size),
            "store_mb": store_bytes as f64 / 1e6,
            "store_seconds": store_seconds,
            "ledger_update_seconds": update_seconds,
            "ledger_update_articles_per_second": size as f64 / update_seconds,
            "ledger_update_x_store": update_seconds / store_seconds,
            "ledger_update_x_extraction": size as f64 / update_seconds / extraction_rate,
            "ledger_update_cpu_seconds": update_cpu_seconds,
            "ledger_update_stories_seconds": stories_seconds,
            "ledger_update_batch_of_64_seconds": batch_seconds,
            "ledger_update_x_extraction_cpu": size as f64 / update_cpu_seconds / extraction_cpu_rate,
            "ledger_claims": report.claims,
            "ledger_links": report.links,
            "parse": parse,
            "ledger_read": read,
            "ledger_read_x_parse": seconds(&read) / seconds(&parse),
            "serve": serve,
            "serve_pages": serve_pages,
        });
        eprintln!("{}", serde_json::to_string_pretty(&row).unwrap());
        reports.push(row);
    }
    let report = json!({
        "profile": if cfg!(debug_assertions) { "dev" } else { "release" },
        "extraction_articles_per_second": extraction_rate,
        "extraction_articles_per_cpu_second": extraction_cpu_rate,
        "sizes": reports,
    });
    println!("{}", serde_json::to_string_pretty(&report).unwrap());
}

/// A distinct text as it is (`round` 0), or its `round`th repeat with a new id (its annotations
/// carry the new id too).
fn copy((article, json): &(Article, String), round: usize) -> (Article, String) {
    let original = article.id.as_str();
    let id = if round == 0 {
        original.to_owned()
    } else {
        blake3::hash(format!("{original}/{round}").as_bytes()).to_hex()[..32].to_owned()
    };
    let mut article = article.clone();
    let json = json.replace(original, &id);
    article.id = ArticleId::from_string(id);
    (article, json)
}

/// One measured step in its own process; prints `{seconds, peak_rss_mb, ...}`.
fn child(step: &str, dir: &Path) {
    let db = dir.join("scale.db");
    let started = Instant::now();
    let mut value = match step {
        "parse" => {
            let store = Store::open(&db).unwrap();
            let mut claims = 0;
            for (_, json) in store.all_annotations(EXTRACT_SCHEMA).unwrap() {
                let output: hearsay_schema::ExtractOutput = serde_json::from_str(&json).unwrap();
                claims += output.claims.len();
            }
            json!({ "claims": claims })
        }
        "read" => {
            let store = Store::open(&db).unwrap();
            let ledger = Ledger::read(&store as &dyn Backend).unwrap();
            let (articles, claims, propositions, stories) = ledger.counts();
            json!({ "articles": articles, "claims": claims, "propositions": propositions, "stories": stories })
        }
        "serve" => serve(&db),
        "pages" => serve_pages(&db),
        // Not run by default: the ledger dropped and updated again, to profile the update alone.
        "update" => {
            let mut store = Store::open(&db).unwrap();
            store.ledger_reset().unwrap();
            let started = Instant::now();
            let report = update(&mut store, &UpdateOptions::default()).unwrap();
            json!({ "update_seconds": started.elapsed().as_secs_f64(), "claims": report.claims, "links": report.links })
        }
        other => panic!("unknown step {other}"),
    };
    value["seconds"] = json!(started.elapsed().as_secs_f64());
    value["cpu_seconds"] = json!(hearsay_testdata::cpu_seconds());
    value["peak_rss_mb"] = json!(peak_rss_mb());
    println!("{value}");
}

/// The server on the store: one cold request (which reads the ledger), then single items warm.
fn serve(db: &Path) -> Value {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let started = Instant::now();
        let addr = common::start(hearsay_server::ServerConfig::new(db.to_path_buf())).await;
        let start_seconds = started.elapsed().as_secs_f64();
        let rss_started = peak_rss_mb();
        let mut client = common::Client::connect(addr).await.unwrap();
        let mut timed = Vec::new();
        // The largest story: the worst single story to read.
        let stories =
            get(&mut client, &mut timed, "cold: first page of stories (reads the ledger)", "/api/stories?limit=1")
                .await;
        let story = stories["items"][0]["id"].as_str().unwrap().to_owned();
        let story_articles = stories["items"][0]["articles"].as_array().map_or(0, Vec::len);
        get(&mut client, &mut timed, "warm: one story", &format!("/api/stories/{story}?limit=50")).await;
        get(&mut client, &mut timed, "warm: its grid", &format!("/api/stories/{story}/grid")).await;
        let propositions = get(
            &mut client,
            &mut timed,
            "warm: first page of propositions (whole ledger)",
            "/api/propositions?whole=true&limit=1",
        )
        .await;
        let proposition = propositions["items"][0]["id"].as_str().unwrap().to_owned();
        get(
            &mut client,
            &mut timed,
            "warm: one proposition (whole ledger)",
            &format!("/api/propositions/{proposition}?whole=true&limit=50"),
        )
        .await;
        json!({
            "start_seconds": start_seconds,
            "rss_after_start_mb": rss_started,
            "largest_story_articles": story_articles,
            "requests": timed,
        })
    })
}

/// The server on the store, on the pages that read only their own rows (`stored=true`: the
/// default beyond `hearsay_ledger::WHOLE_LEDGER_UP_TO` articles).
fn serve_pages(db: &Path) -> Value {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let started = Instant::now();
        let addr = common::start(hearsay_server::ServerConfig::new(db.to_path_buf())).await;
        let start_seconds = started.elapsed().as_secs_f64();
        let rss_started = peak_rss_mb();
        let mut client = common::Client::connect(addr).await.unwrap();
        let mut timed = Vec::new();
        let first = get(
            &mut client,
            &mut timed,
            "first page of 50 propositions (default order)",
            "/api/propositions?stored=true&limit=50",
        )
        .await;
        get(
            &mut client,
            &mut timed,
            "first page of 50 propositions, most recent first",
            "/api/propositions?stored=true&order=recent&limit=50",
        )
        .await;
        let largest = get(
            &mut client,
            &mut timed,
            "the proposition with the most claims",
            "/api/propositions?stored=true&order=claims&limit=1",
        )
        .await;
        let proposition = largest["items"][0]["id"].as_str().unwrap().to_owned();
        // A listed proposition carries its first claims; `totals` counts them all.
        let claims = largest["items"][0]["totals"]["claims"].as_u64().unwrap_or(0);
        get(
            &mut client,
            &mut timed,
            "the largest proposition",
            &format!("/api/propositions/{proposition}?stored=true&limit=50"),
        )
        .await;
        get(
            &mut client,
            &mut timed,
            "its explanation",
            &format!("/api/propositions/{proposition}/explanation?stored=true"),
        )
        .await;
        let rss_propositions = peak_rss_mb();
        // The entity the first listed proposition is about (or its claimant).
        let item = &first["items"][0];
        let entity = item["actors"][0]["name"]
            .as_str()
            .or_else(|| item["claims"][0]["claimant"]["name"].as_str())
            .unwrap_or("Trump")
            .replace(' ', "%20");
        let history = get(
            &mut client,
            &mut timed,
            "one entity's ledger history",
            &format!("/api/ledger/entities/{entity}?stored=true&limit=50"),
        )
        .await;
        let about = get(
            &mut client,
            &mut timed,
            "the propositions about it (ledger --about)",
            &format!("/api/propositions?stored=true&about={entity}&limit=50"),
        )
        .await;
        // The stories, read from their kept rows: the first page of 20 and the largest story, its
        // first page of articles and its grid.
        let stories =
            get(&mut client, &mut timed, "first page of 20 stories", "/api/stories?stored=true&limit=20").await;
        let story = stories["items"][0]["id"].as_str().unwrap_or("s-none").to_owned();
        let story_articles = stories["items"][0]["totals"]["articles"].clone();
        get(&mut client, &mut timed, "the largest story", &format!("/api/stories/{story}?stored=true&limit=50")).await;
        // (A grid reads the whole ledger up to 10,000 articles: left out there.)
        let small = hearsay_ledger::reads_whole(&Store::open(db).unwrap() as &dyn Backend).unwrap();
        if !small {
            get(&mut client, &mut timed, "its grid", &format!("/api/stories/{story}/grid")).await;
        }
        json!({
            "start_seconds": start_seconds,
            "rss_after_start_mb": rss_started,
            "rss_after_proposition_pages_mb": rss_propositions,
            "stories": stories["total"].clone(),
            "largest_story_articles": story_articles,
            "stored_propositions": first["total"].clone(),
            "largest_proposition_claims": claims,
            "entity": entity,
            "entity_articles": history["articles"].clone(),
            "about_propositions": about["total"].clone(),
            "requests": timed,
        })
    })
}

/// One timed request, recorded in `timed`.
async fn get(client: &mut common::Client, timed: &mut Vec<Value>, name: &str, path: &str) -> Value {
    let started = Instant::now();
    let response = client.get(path).await.unwrap();
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(response.status, 200, "{path}: {}", String::from_utf8_lossy(&response.body));
    timed.push(json!({ "request": name, "seconds": seconds, "bytes": response.body.len() }));
    response.json()
}

/// Peak resident memory of this process, from /proc (Linux), in MiB.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
