//! Distributed ingest against the embedded store, in one run: the same real articles stored by
//! one `hearsay ingest` process into SQLite (the baseline), by one `hearsay ingest` process into
//! PostgreSQL, and by 1, 2 and 4 `hearsay worker` processes pulling from a NATS JetStream queue
//! into PostgreSQL; throughput in articles per second and as a ratio to the baseline. Then the
//! peak resident memory (VmHWM) of one worker at two corpus sizes, to show that it stays flat.
//! Between the two, `hearsay ledger` reads the articles of each single-process store into its
//! ledger: SQLite as the baseline, PostgreSQL against it.
//!
//! ```sh
//! export HEARSAY_TEST_PG=$(scripts/test-postgres start) HEARSAY_TEST_NATS=$(scripts/test-nats start)
//! cargo bench -p hearsay-cli --bench workers                     # 10,000 articles
//! cargo bench -p hearsay-cli --bench workers -- --articles 2000  # quicker
//! ```
//!
//! The articles come from `../shared/data` through `hearsay_testdata::write_news_files`
//! (PolNeAR texts, FNC-1 and ARC bodies, halves of the longer ones). Every run extracts claims;
//! none updates the ledger during ingest (workers do not keep one). The queue is filled before the workers
//! start, so a worker run measures pulling, cleaning, extracting, storing and acknowledging;
//! submitting is timed on its own. Each run stores into a fresh PostgreSQL schema or SQLite file.

#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use hearsay_queue::{Queue, QueueSettings};
use hearsay_testdata::PgScratch as Schema;

const HEARSAY: &str = env!("CARGO_BIN_EXE_hearsay");

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let articles: usize = flag(&args, "--articles").map_or(10_000, |value| value.parse().expect("--articles N"));
    let (pg, nats) =
        (std::env::var("HEARSAY_TEST_PG").unwrap_or_default(), std::env::var("HEARSAY_TEST_NATS").unwrap_or_default());
    if pg.is_empty() || nats.is_empty() {
        println!("skipping: set HEARSAY_TEST_PG=postgres://... and HEARSAY_TEST_NATS=nats://... (scripts/test-postgres, scripts/test-nats)");
        return;
    }
    let Some(data) = hearsay_testdata::data() else { return };
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let files = hearsay_testdata::write_news_files(&data, &corpus, articles);
    let megabytes = files.iter().map(|path| std::fs::metadata(path).unwrap().len()).sum::<u64>() as f64 / 1e6;
    println!(
        "corpus: {} real articles, {megabytes:.1} MB of text; {} cores",
        files.len(),
        std::thread::available_parallelism().map_or(1, usize::from)
    );

    println!("\n== throughput, claims extracted, no ledger; ratio = articles/s over the SQLite baseline");
    let sqlite = ingest(&dir.path().join("baseline.db").display().to_string(), &corpus);
    report("1 process, SQLite (baseline)", sqlite, sqlite.rate());
    let schema = Schema::new(&pg, "bench_ingest");
    let postgres = ingest(&schema.url(), &corpus);
    report("1 process, PostgreSQL", postgres, sqlite.rate());

    println!("\n== the ledger over the stored articles (`hearsay ledger`, no embeddings); ratio over SQLite");
    let sqlite_ledger = ledger(&dir.path().join("baseline.db").display().to_string(), sqlite.articles);
    report("ledger, SQLite (baseline)", sqlite_ledger, sqlite_ledger.rate());
    report("ledger, PostgreSQL", ledger(&schema.url(), postgres.articles), sqlite_ledger.rate());
    drop(schema);

    println!(
        "\n== workers pulling from the queue into PostgreSQL, no ledger; ratio over the SQLite ingest baseline above"
    );
    let queue = Queue::connect(&nats, QueueSettings::default()).unwrap();
    let mut single_worker_peak = 0;
    for workers in [1, 2, 4] {
        let schema = Schema::new(&pg, &format!("bench_workers_{workers}"));
        let submitted = submit(&queue, &nats, &corpus);
        let run = work(&schema.url(), &nats, workers);
        report(
            &format!("{workers} worker{}, queue + PostgreSQL", if workers == 1 { "" } else { "s" }),
            run.stored,
            sqlite.rate(),
        );
        println!(
            "{:>40}  (submit took {:.2}s; peak RSS per worker {} MB)",
            "",
            submitted.as_secs_f64(),
            run.peak_kb / 1024
        );
        if workers == 1 {
            single_worker_peak = run.peak_kb;
        }
    }

    println!("\n== peak RSS (VmHWM) of one worker, by corpus size");
    let small = (articles / 10).max(100).min(files.len());
    let small_corpus = dir.path().join("small");
    std::fs::create_dir_all(&small_corpus).unwrap();
    for path in &files[..small] {
        std::fs::hard_link(path, small_corpus.join(path.file_name().unwrap())).unwrap();
    }
    let schema = Schema::new(&pg, "bench_memory");
    submit(&queue, &nats, &small_corpus);
    let run = work(&schema.url(), &nats, 1);
    println!("{:>6} articles: peak RSS {} MB", run.stored.articles, run.peak_kb / 1024);
    println!("{:>6} articles: peak RSS {} MB (the 1-worker run above)", files.len(), single_worker_peak / 1024);
    queue.reset().unwrap();
}

/// Articles stored and the wall time it took.
#[derive(Debug, Clone, Copy)]
struct Stored {
    articles: u64,
    seconds: f64,
}

impl Stored {
    fn rate(self) -> f64 {
        self.articles as f64 / self.seconds
    }
}

fn report(label: &str, stored: Stored, baseline: f64) {
    println!(
        "{label:<40}: {} articles in {:>6.2}s = {:>6.0} articles/s, {:.2}x the baseline",
        stored.articles,
        stored.seconds,
        stored.rate(),
        stored.rate() / baseline
    );
}

/// `hearsay ingest` of the folder into `db`, one process.
fn ingest(db: &str, corpus: &Path) -> Stored {
    let started = Instant::now();
    let output = Command::new(HEARSAY)
        .args(["--db", db, "ingest", "--no-ledger", "--quiet", "--json"])
        .arg(corpus)
        .env("HEARSAY_LOG", "warn")
        .output()
        .unwrap();
    let seconds = started.elapsed().as_secs_f64();
    assert!(output.status.success(), "ingest: {}", String::from_utf8_lossy(&output.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    Stored { articles: summary["stored"].as_u64().unwrap() + summary["duplicates"].as_u64().unwrap(), seconds }
}

/// `hearsay ledger` reading every stored article into the ledger, one process.
fn ledger(db: &str, articles: u64) -> Stored {
    let started = Instant::now();
    let output = Command::new(HEARSAY)
        .args(["--db", db, "ledger", "--json", "--limit", "1"])
        .env("HEARSAY_LOG", "warn")
        .output()
        .unwrap();
    let seconds = started.elapsed().as_secs_f64();
    assert!(output.status.success(), "ledger: {}", String::from_utf8_lossy(&output.stderr));
    Stored { articles, seconds }
}

/// Empties the queue and submits the folder; returns how long submitting took.
fn submit(queue: &Queue, nats: &str, corpus: &Path) -> Duration {
    queue.reset().unwrap();
    let started = Instant::now();
    let output = Command::new(HEARSAY)
        .args(["submit", "--nats", nats, "--json"])
        .arg(corpus)
        .env("HEARSAY_LOG", "warn")
        .output()
        .unwrap();
    assert!(output.status.success(), "submit: {}", String::from_utf8_lossy(&output.stderr));
    started.elapsed()
}

/// What a run of workers stored, and the highest peak RSS among them in KiB.
struct WorkerRun {
    stored: Stored,
    peak_kb: u64,
}

/// Starts `count` workers on the filled queue and waits until they have drained it.
fn work(db: &str, nats: &str, count: usize) -> WorkerRun {
    let started = Instant::now();
    let mut workers: Vec<Child> = (0..count)
        .map(|_| {
            Command::new(HEARSAY)
                .args(["--db", db, "worker", "--nats", nats, "--exit-when-empty", "--json"])
                .env("HEARSAY_LOG", "warn")
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()
                .unwrap()
        })
        .collect();
    // VmHWM only grows, so the last reading before a worker exits is its peak (to within the
    // sampling interval).
    let mut peaks = vec![0; count];
    while workers.iter_mut().any(|worker| worker.try_wait().unwrap().is_none()) {
        for (worker, peak) in workers.iter().zip(&mut peaks) {
            *peak = (*peak).max(peak_rss_kb(worker.id()));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let seconds = started.elapsed().as_secs_f64();
    let mut articles = 0;
    for worker in workers {
        let output = worker.wait_with_output().unwrap();
        assert!(output.status.success(), "a worker failed");
        let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(summary["dead_letters"], 0, "{summary}");
        articles += summary["messages"].as_u64().unwrap();
    }
    WorkerRun { stored: Stored { articles, seconds }, peak_kb: peaks.into_iter().max().unwrap_or(0) }
}

fn peak_rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn flag<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter().position(|arg| arg == name).and_then(|index| args.get(index + 1)).map(String::as_str)
}
