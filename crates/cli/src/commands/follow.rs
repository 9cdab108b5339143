//! `hearsay follow`: feeds, their article pages and Jetstreams into the store as they publish,
//! one line per source per pass.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Mutex;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use hearsay_follow::{FollowOptions, Follower, Source, SourceReport, Status};
use hearsay_pipeline::IngestOptions;
use hearsay_store::Backend;

use crate::{output, Outcome};

#[derive(Debug, Args)]
pub(crate) struct FollowArgs {
    /// A feed to poll (RSS, Atom or JSON Feed); repeat for more.
    #[arg(long = "feed", value_name = "URL")]
    pub(crate) feeds: Vec<String>,
    /// A Jetstream endpoint to subscribe to (wss://host/subscribe); repeat for more.
    #[arg(long = "jetstream", value_name = "URL")]
    pub(crate) jetstreams: Vec<String>,
    /// Collections asked of the --jetstream endpoints [default: site.standard.document,
    /// site.standard.publication, app.bsky.feed.post].
    #[arg(long, value_delimiter = ',', value_name = "NSID,...")]
    pub(crate) collections: Vec<String>,
    /// A sources.toml, or an OPML file of feeds as feed readers export them (docs/follow.md).
    #[arg(long, value_name = "FILE")]
    pub(crate) sources: Option<PathBuf>,
    /// One pass over every source, then exit (cron jobs): a Jetstream pass ends when it has
    /// been quiet for --idle seconds.
    #[arg(long)]
    pub(crate) exit_when_idle: bool,
    /// Seconds between two polls of a feed [default: the sources file's, else 300].
    #[arg(long, value_name = "SECONDS")]
    pub(crate) interval: Option<u64>,
    /// Seconds without an event that end a Jetstream pass with --exit-when-idle.
    #[arg(long, value_name = "SECONDS", default_value_t = 3.0)]
    pub(crate) idle: f64,
    /// Seconds one HTTP request may take.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub(crate) timeout: u64,
    /// Least milliseconds between two requests to one host.
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    pub(crate) host_delay: u64,
    /// Largest body read from one answer, in bytes; a larger one fails its source.
    #[arg(long, value_name = "BYTES", default_value_t = 20 * 1024 * 1024)]
    pub(crate) max_body: u64,
    /// Keep the feed's text only: never fetch the page of an item that carries a summary.
    #[arg(long)]
    pub(crate) no_pages: bool,
    /// Store the bare articles, without claims, entities and times (faster).
    #[arg(long)]
    pub(crate) no_extract: bool,
    /// Do not bring the ledger up to date after each batch.
    #[arg(long)]
    pub(crate) no_ledger: bool,
    /// One JSON line per source per pass on stdout.
    #[arg(long)]
    pub(crate) json: bool,
}

pub(crate) fn run(db: Option<&Path>, embeddings: bool, args: &FollowArgs) -> anyhow::Result<Outcome> {
    let (sources, file_interval) = sources(args)?;
    if sources.is_empty() {
        anyhow::bail!("nothing to follow: give --feed URL, --jetstream URL or --sources FILE");
    }
    let path = db.map_or_else(hearsay_store::default_path, Path::to_path_buf);
    // Fail now, not in every source's thread, when the store cannot be opened.
    drop(super::open_backend(Some(&path))?);
    let options = FollowOptions {
        ingest: IngestOptions {
            extract: !args.no_extract,
            extract_options: crate::embed::extract_options(false, false)?,
            ..IngestOptions::default()
        },
        exit_when_idle: args.exit_when_idle,
        timeout: Duration::from_secs(args.timeout.max(1)),
        host_delay: Duration::from_millis(args.host_delay),
        max_body_bytes: args.max_body,
        pages: !args.no_pages,
        jetstream_idle: Duration::from_secs_f64(args.idle.max(0.1)),
        ..FollowOptions::default()
    };
    let interval = args.interval.map(Duration::from_secs).or(file_interval);
    let failed = Mutex::new(false);
    let json = args.json;
    let on_report = |report: &SourceReport| {
        if report.status == Status::Failed {
            *failed.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = true;
        }
        output::error(&report.line());
        if json {
            if let Err(error) = output::json_line(report) {
                output::error(&format!("error: writing the report: {error}"));
            }
        }
    };
    let stop = AtomicBool::new(false);
    let ledger = |store: &mut dyn Backend| {
        super::ledger::update(store, false, true, embeddings).map(|_| ()).map_err(|error| format!("{error:#}"))
    };
    let open = || hearsay_pipeline::open_any(&path);
    let follower = Follower {
        options,
        open_store: &open,
        update_ledger: (!args.no_extract && !args.no_ledger).then_some(&ledger as &hearsay_follow::UpdateLedger<'_>),
        on_report: &on_report,
        stop: &stop,
    };
    follower.run(&sources, interval);
    let failed = *failed.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    Ok(if failed { Outcome::SomeFailed } else { Outcome::Success })
}

/// The sources named by flags and by the sources file, and the file's interval.
fn sources(args: &FollowArgs) -> anyhow::Result<(Vec<Source>, Option<Duration>)> {
    let mut sources = Vec::new();
    let mut interval = None;
    if let Some(file) = &args.sources {
        let list = hearsay_follow::read_sources(file)?;
        sources = list.sources;
        interval = list.interval;
    }
    for url in &args.feeds {
        anyhow::ensure!(url.starts_with("http://") || url.starts_with("https://"), "--feed {url}: not an http(s) URL");
        sources.push(Source::feed(url.clone()));
    }
    for url in &args.jetstreams {
        anyhow::ensure!(url.starts_with("ws://") || url.starts_with("wss://"), "--jetstream {url}: not a ws(s) URL");
        sources.push(Source { collections: args.collections.clone(), ..Source::jetstream(url.clone()) });
    }
    sources.sort_by(|a, b| (a.kind, &a.url).cmp(&(b.kind, &b.url)));
    sources.dedup_by(|a, b| a.url == b.url);
    Ok((sources, interval))
}

/// Follows the sources of a file until the process ends, in a thread of its own: for
/// `hearsay serve --follow`.
pub(crate) fn spawn_in_background(db: PathBuf, file: PathBuf, embeddings: bool) -> anyhow::Result<()> {
    let list = hearsay_follow::read_sources(&file).with_context(|| format!("--follow {}", file.display()))?;
    std::thread::Builder::new().name("follow".to_owned()).spawn(move || {
        let open = || hearsay_pipeline::open_any(&db);
        let ledger = |store: &mut dyn Backend| {
            super::ledger::update(store, false, true, embeddings).map(|_| ()).map_err(|error| format!("{error:#}"))
        };
        let stop = AtomicBool::new(false);
        let follower = Follower {
            options: FollowOptions::default(),
            open_store: &open,
            update_ledger: Some(&ledger),
            on_report: &|report: &SourceReport| output::error(&report.line()),
            stop: &stop,
        };
        follower.run(&list.sources, list.interval);
    })?;
    Ok(())
}
