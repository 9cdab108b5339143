//! A bounded load test on loopback: N concurrent keep-alive clients send a mix of search, page
//! and listing requests for a fixed time, then latency percentiles and errors are printed.
//!
//!   cargo run --release -p hearsay-server --example load -- [--clients 50] [--seconds 30] [--db FILE]
//!
//! Without --db it serves a fresh store of the seed articles (../shared/data/seeds). Exits 1 if
//! any request failed or answered other than 200.
#![expect(clippy::print_stdout, reason = "a developer tool: its output is the point")]

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::{start, Client};
use hearsay_server::ServerConfig;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut clients = 50usize;
    let mut seconds = 30u64;
    let mut db: Option<std::path::PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--clients" => clients = args.next().and_then(|value| value.parse().ok()).unwrap_or(clients),
            "--seconds" => seconds = args.next().and_then(|value| value.parse().ok()).unwrap_or(seconds),
            "--db" => db = args.next().map(Into::into),
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    let folder = tempfile::tempdir()?;
    let db = match db {
        Some(db) => db,
        None => common::seeded_store(folder.path()).ok_or_else(|| anyhow::anyhow!("no seed articles to serve"))?,
    };
    let addr = start(ServerConfig::new(db)).await;

    // Paths drawn from what the store holds: its articles, claims, entities and outlets.
    let mut setup = Client::connect(addr).await?;
    let mut paths: Vec<String> = [
        "/",
        "/assets/app.js",
        "/api/stats",
        "/api/articles",
        "/api/claims?limit=20",
        "/api/claims?stance=deny",
        "/api/entities",
        "/api/outlets",
        "/api/timeline",
    ]
    .iter()
    .map(|path| (*path).to_owned())
    .collect();
    for query in [
        "Russia",
        "air%20defense",
        "Iran%20AND%20intelligence",
        "said",
        "%22military%20stand-offs%22",
        "nothing-matches-this",
    ] {
        paths.push(format!("/api/search?q={query}"));
    }
    let claims = setup.get("/api/claims?limit=50").await?.json();
    for row in claims["items"].as_array().into_iter().flatten() {
        let (article, claim) = (row["article"].as_str().unwrap_or(""), row["claim"]["id"].as_str().unwrap_or(""));
        paths.push(format!("/api/articles/{article}"));
        paths.push(format!("/api/claims/{article}/{claim}"));
    }
    let entities = setup.get("/api/entities?limit=10").await?.json();
    for entity in entities["items"].as_array().into_iter().flatten() {
        paths.push(format!("/api/entities/{}", entity["name"].as_str().unwrap_or("").replace(' ', "%20")));
    }
    let outlets = setup.get("/api/outlets").await?.json();
    for outlet in outlets["items"].as_array().into_iter().flatten() {
        paths.push(format!("/api/outlets/{}", outlet["name"].as_str().unwrap_or("").replace(' ', "%20")));
    }
    paths.sort();
    paths.dedup();

    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for client in 0..clients {
        let paths = paths.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = Vec::new();
            let mut connection = match Client::connect(addr).await {
                Ok(connection) => connection,
                Err(error) => return (latencies, vec![format!("connect: {error}")]),
            };
            let mut turn = client * 7;
            while Instant::now() < deadline {
                let path = &paths[turn % paths.len()];
                turn += 1;
                let started = Instant::now();
                match connection.get(path).await {
                    Ok(response) if response.status == 200 => latencies.push(started.elapsed()),
                    Ok(response) => errors.push(format!("{path}: status {}", response.status)),
                    Err(error) => {
                        errors.push(format!("{path}: {error}"));
                        if let Ok(fresh) = Client::connect(addr).await {
                            connection = fresh;
                        }
                    }
                }
            }
            (latencies, errors)
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = Vec::new();
    for task in tasks {
        let (mut some, mut failed) = task.await?;
        latencies.append(&mut some);
        errors.append(&mut failed);
    }
    latencies.sort();
    let percentile = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    println!("{} clients, {} s, {} distinct paths", clients, seconds, paths.len());
    println!(
        "requests: {} ok, {} errors, {:.0} req/s",
        latencies.len(),
        errors.len(),
        latencies.len() as f64 / seconds as f64
    );
    println!(
        "latency: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        percentile(0.50).as_secs_f64() * 1e3,
        percentile(0.90).as_secs_f64() * 1e3,
        percentile(0.99).as_secs_f64() * 1e3,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1e3
    );
    for error in errors.iter().take(10) {
        println!("error: {error}");
    }
    if !errors.is_empty() || latencies.is_empty() {
        std::process::exit(1);
    }
    Ok(())
}
