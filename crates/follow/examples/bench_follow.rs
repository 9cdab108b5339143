//! Benchmark on loopback: Jetstream events per second into the store through `follow`, against
//! `hearsay ingest` of the same events from a file, in the same run; and the follower's memory
//! as events stream in.
//!
//! `cargo run --release -p hearsay-follow --example bench_follow -- [EVENTS] [--no-extract]`
//! (default 2,000 events, with claims). The events are the real ones of
//! `../shared/data/realworld/` (the Jetstream golden events and the `site.standard.*` records
//! wrapped as create events), repeated with a copy number in each record's text so every copy
//! is a new article.
#![expect(clippy::print_stdout, reason = "a developer tool: its output is the point")]

#[path = "../tests/loopback/mod.rs"]
mod loopback;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use hearsay_follow::{FollowOptions, Follower, Source};
use hearsay_pipeline::IngestOptions;
use hearsay_store::{Backend, Store};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let total: usize = args.iter().find_map(|arg| arg.parse().ok()).unwrap_or(2000);
    let extract = !args.iter().any(|arg| arg == "--no-extract");
    let Some(data) = loopback::data() else { return };
    let events = varied_events(&loopback::jetstream_events(&data), total);
    let dir = tempfile::tempdir().expect("tempdir");

    // follow: a websocket server on loopback, one pass until idle.
    let server = loopback::JetstreamServer::start(events.clone(), vec![loopback::Connection::All]);
    let db = dir.path().join("follow.db");
    let idle = Duration::from_millis(500);
    let options = FollowOptions {
        ingest: IngestOptions { extract, ..IngestOptions::default() },
        exit_when_idle: true,
        jetstream_idle: idle,
        ..FollowOptions::default()
    };
    let open = || -> hearsay_store::Result<Box<dyn Backend>> { Ok(Box::new(Store::open(&db)?)) };
    let stop = AtomicBool::new(false);
    let peak = AtomicU64::new(0);
    let (rss_early, rss_late) = (AtomicU64::new(0), AtomicU64::new(0));
    let started = Instant::now();
    let done = AtomicBool::new(false);
    let reports = std::thread::scope(|scope| {
        let sampler = scope.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                let rss = resident_kib();
                peak.fetch_max(rss, Ordering::Relaxed);
                let stored =
                    Store::open(&db).ok().and_then(|store| store.stats().ok()).map_or(0, |stats| stats.articles);
                if stored as usize >= total / 4 && rss_early.load(Ordering::Relaxed) == 0 {
                    rss_early.store(rss, Ordering::Relaxed);
                }
                if stored > 0 {
                    rss_late.store(rss, Ordering::Relaxed);
                }
                std::thread::sleep(Duration::from_millis(200));
            }
        });
        let follower = Follower { options, open_store: &open, update_ledger: None, on_report: &|_| {}, stop: &stop };
        let reports = follower.run(&[Source::jetstream(server.url())], None);
        done.store(true, Ordering::Relaxed);
        let _ = sampler.join();
        reports
    });
    let follow_secs = (started.elapsed().saturating_sub(idle)).as_secs_f64();
    let report = &reports[0];

    // ingest: the same events from a JSON Lines file, into a fresh store.
    let file = dir.path().join("events.jsonl");
    let lines: Vec<&str> = events.iter().map(|(_, event)| event.as_str()).collect();
    std::fs::write(&file, lines.join("\n")).expect("write");
    let mut store = Store::open(&dir.path().join("ingest.db")).expect("store");
    let started = Instant::now();
    let summary = hearsay_pipeline::ingest(
        &[file],
        &mut store,
        &IngestOptions { extract, ..IngestOptions::default() },
        &mut |_| {},
    )
    .expect("ingest");
    let ingest_secs = started.elapsed().as_secs_f64();

    let follow_rate = events.len() as f64 / follow_secs;
    let ingest_rate = events.len() as f64 / ingest_secs;
    println!(
        "events: {} ({} articles stored by follow, {} by ingest; claims {})",
        events.len(),
        report.tally.stored,
        summary.stored,
        if extract { "on" } else { "off" }
    );
    println!("follow (websocket on loopback -> store): {follow_secs:.2} s, {follow_rate:.0} events/s");
    println!("ingest (same events from a file -> store): {ingest_secs:.2} s, {ingest_rate:.0} events/s");
    println!("ratio follow/ingest: {:.2}", follow_rate / ingest_rate);
    println!(
        "resident memory: {} KiB at a quarter of the articles, {} KiB at the last sample, peak {} KiB",
        rss_early.load(Ordering::Relaxed),
        rss_late.load(Ordering::Relaxed),
        peak.load(Ordering::Relaxed)
    );
}

/// `total` events: the real ones, repeated, each copy's text marked with its copy number so that
/// it is a new article (deletes, likes and identity events repeat as they are).
fn varied_events(real: &[(i64, String)], total: usize) -> Vec<(i64, String)> {
    let mut events = Vec::with_capacity(total);
    let mut time_us = real.first().map_or(0, |(time, _)| *time);
    for copy in 0.. {
        for (_, event) in real {
            if events.len() == total {
                return events;
            }
            let mut value: serde_json::Value = serde_json::from_str(event).expect("event");
            time_us += 10;
            value["time_us"] = serde_json::json!(time_us);
            if let Some(record) = value.pointer_mut("/commit/record").and_then(serde_json::Value::as_object_mut) {
                for field in ["text", "description", "textContent"] {
                    if let Some(serde_json::Value::String(text)) = record.get_mut(field) {
                        text.push_str(&format!(" (Copy {copy}.)"));
                    }
                }
            }
            if let Some(rkey) = value["commit"]["rkey"].as_str().map(|rkey| format!("{rkey}-{copy}")) {
                if let Some(slot) = value.pointer_mut("/commit/rkey") {
                    *slot = serde_json::json!(rkey);
                }
            }
            events.push((time_us, value.to_string()));
        }
    }
    events
}

/// Resident memory of this process in KiB (Linux), 0 elsewhere.
fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status.lines().find_map(|line| {
                line.strip_prefix("VmRSS:").and_then(|rest| rest.trim().trim_end_matches(" kB").trim().parse().ok())
            })
        })
        .unwrap_or(0)
}
