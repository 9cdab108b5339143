//! `hearsay serve`: the HTTP JSON API over a store, and the web UI embedded in the binary.
//!
//! [`router`] builds the axum [`Router`]: read endpoints under `/api/` (articles, search,
//! claims, entities, outlets, timeline, stats, and the ledger's stories with each story's grid of
//! outlets against propositions, propositions with the explanation of their verdicts, and entity
//! histories; every listing is paged), the write endpoints `POST /api/ingest` and
//! `POST /api/articles` (behind a bearer token when one is set), `/openapi.json` (the OpenAPI 3
//! description of all of them) and the UI's files. [`serve`] binds it to an address.
//!
//! The store is synchronous SQLite: each request runs on a blocking thread with a pooled read
//! connection, and writes go one at a time through a single writer. Cross-article views (claims,
//! entities, outlets) come from an in-memory index of the stored `hearsay.extract/1` layers,
//! rebuilt when the store changes.
//!
//! Every error, bad input included, is a JSON `{"error": {"code", "message"}}` with a 4xx
//! status; a 5xx means the store or the server failed.
//!
//! ```no_run
//! # async fn run() -> anyhow::Result<()> {
//! let config = hearsay_server::ServerConfig::new("news.db".into());
//! hearsay_server::serve(config, "127.0.0.1:8080".parse()?, |addr| println!("serving http://{addr}")).await
//! # }
//! ```

mod check;
mod corpus;
mod error;
mod guard;
mod ingest;
mod ledger;
mod routes;
mod state;
mod web;
mod wire;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, Request};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;

pub use error::ApiError;

/// Size limits on requests.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest JSON body (`POST /api/articles`), in bytes.
    pub json_bytes: usize,
    /// Largest upload request (`POST /api/ingest`, all files together), in bytes.
    pub upload_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { json_bytes: 4 << 20, upload_bytes: 64 << 20 }
    }
}

/// Brings the store's ledger up to date after a write (and once at start). The CLI passes one
/// with its embedding settings, so that the server never rebuilds a ledger the CLI built
/// differently; the default runs the pipeline's ledger step ([`hearsay_pipeline::update_ledger`])
/// without embeddings.
pub type LedgerUpdater = Arc<dyn Fn(&mut dyn hearsay_store::Backend) -> anyhow::Result<()> + Send + Sync>;

/// What the server serves and how.
#[derive(Clone)]
pub struct ServerConfig {
    /// The store: a SQLite file, created when missing, or a `postgres://` URL.
    pub db: PathBuf,
    /// When set, write endpoints need `Authorization: Bearer <token>`.
    pub token: Option<String>,
    /// Request size limits.
    pub limits: Limits,
    /// Keeps the ledger up to date after writes.
    pub update_ledger: LedgerUpdater,
    /// Where uploaded files are kept, so that every stored article's source names bytes that
    /// exist. `None`: beside a SQLite store (`news.db` -> `news.uploads/`), or `uploads/` in the
    /// data folder for a PostgreSQL store.
    pub uploads: Option<PathBuf>,
    /// How uploaded and posted articles are annotated (`contextual`: the tagger that reads the
    /// sentence encoder, as `hearsay ingest --contextual`).
    pub extract: hearsay_nlp::ExtractOptions,
    /// A sentence-embedding model for `GET /api/check` (`hearsay check --embeddings`); `None`:
    /// the stance model alone decides which articles report a claim.
    pub check_embedder: Option<Arc<dyn hearsay_ledger::Embed + Send + Sync>>,
}

impl std::fmt::Debug for ServerConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerConfig")
            .field("db", &self.db)
            .field("token", &self.token.as_ref().map(|_| "(set)"))
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl ServerConfig {
    /// A config for this store, with no token and the default limits.
    pub fn new(db: PathBuf) -> ServerConfig {
        let update_ledger: LedgerUpdater = Arc::new(|store: &mut dyn hearsay_store::Backend| {
            hearsay_pipeline::update_ledger(store, &hearsay_pipeline::LedgerStep::default())?;
            Ok(())
        });
        ServerConfig {
            db,
            token: None,
            limits: Limits::default(),
            update_ledger,
            uploads: None,
            extract: hearsay_nlp::ExtractOptions::default(),
            check_embedder: None,
        }
    }
}

/// Every route: method and path, as `/openapi.json` names them. A test checks that the OpenAPI
/// description lists exactly these.
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/api/stats"),
    ("get", "/api/articles"),
    ("post", "/api/articles"),
    ("get", "/api/articles/{id}"),
    ("get", "/api/search"),
    ("get", "/api/claims"),
    ("get", "/api/claims/{article}/{claim}"),
    ("get", "/api/entities"),
    ("get", "/api/entities/{name}"),
    ("get", "/api/outlets"),
    ("get", "/api/outlets/{name}"),
    ("get", "/api/timeline"),
    ("post", "/api/ingest"),
    ("get", "/api/stories"),
    ("get", "/api/stories/{id}"),
    ("get", "/api/stories/{id}/grid"),
    ("get", "/api/propositions"),
    ("get", "/api/propositions/{id}"),
    ("get", "/api/propositions/{id}/explanation"),
    ("get", "/api/claims/{article}/{claim}/proposition"),
    ("get", "/api/ledger/entities/{name}"),
    ("get", "/api/check"),
];

/// Builds the router: opens (and migrates) the store once, then serves requests. Opening
/// blocks: call it outside an async task, or in `spawn_blocking` (as [`serve`] does).
pub fn router(config: &ServerConfig) -> anyhow::Result<Router> {
    let state = Arc::new(state::AppState::new(config)?);
    let api = Router::new()
        .route("/api/stats", get(routes::stats))
        .route(
            "/api/articles",
            get(routes::list_articles)
                .post(ingest::post_article)
                .layer(DefaultBodyLimit::max(config.limits.json_bytes)),
        )
        .route("/api/articles/{id}", get(routes::get_article))
        .route("/api/search", get(routes::search))
        .route("/api/claims", get(routes::list_claims))
        .route("/api/claims/{article}/{claim}", get(routes::get_claim))
        .route("/api/entities", get(routes::list_entities))
        .route("/api/entities/{name}", get(routes::get_entity))
        .route("/api/outlets", get(routes::list_outlets))
        .route("/api/outlets/{name}", get(routes::get_outlet))
        .route("/api/timeline", get(routes::timeline))
        .route("/api/ingest", post(ingest::post_files).layer(DefaultBodyLimit::max(config.limits.upload_bytes)))
        .route("/api/stories", get(ledger::list_stories))
        .route("/api/stories/{id}", get(ledger::get_story))
        .route("/api/stories/{id}/grid", get(ledger::story_grid))
        .route("/api/propositions", get(ledger::list_propositions))
        .route("/api/propositions/{id}", get(ledger::get_proposition))
        .route("/api/propositions/{id}/explanation", get(ledger::explain_proposition))
        .route("/api/claims/{article}/{claim}/proposition", get(ledger::claim_proposition))
        .route("/api/ledger/entities/{name}", get(ledger::get_entity))
        .route("/api/check", get(check::check))
        .with_state(state);
    Ok(Router::new()
        .merge(api)
        .route("/openapi.json", get(web::openapi))
        .route("/", get(web::index))
        .route("/assets/{file}", get(web::asset))
        .fallback(web::not_found)
        .layer(axum::middleware::from_fn(guard::valid_dates))
        .layer(axum::middleware::from_fn(guard::same_origin_writes))
        .layer(axum::middleware::from_fn(guard::json_statuses))
        .layer(axum::middleware::from_fn(security_headers)))
}

/// Binds `addr` and serves until Ctrl-C (or SIGTERM). `on_ready` gets the bound address (port
/// 0 picks a free port) once the server accepts connections.
pub async fn serve(config: ServerConfig, addr: SocketAddr, on_ready: impl FnOnce(SocketAddr)) -> anyhow::Result<()> {
    use anyhow::Context;
    let app = {
        let config = config.clone();
        tokio::task::spawn_blocking(move || router(&config)).await.context("opening the store")??
    };
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("listening on {addr}"))?;
    let bound = listener.local_addr().context("reading the bound address")?;
    // The Host check and the token rule need the address actually served.
    let app = app.layer(axum::middleware::from_fn_with_state(
        guard::HostPolicy::new(bound, config.token.is_some()),
        guard::host_and_token,
    ));
    tracing::info!(addr = %bound, db = %hearsay_store::describe(&config.db), "Serving.");
    on_ready(bound);
    axum::serve(listener, app).with_graceful_shutdown(shutdown()).await.context("serving")?;
    Ok(())
}

/// [`serve`] on a runtime of its own, for callers without one (the CLI).
pub fn run(config: ServerConfig, addr: SocketAddr, on_ready: impl FnOnce(SocketAddr)) -> anyhow::Result<()> {
    use anyhow::Context;
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the async runtime")?;
    runtime.block_on(serve(config, addr, on_ready))
}

async fn shutdown() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(signal) => signal,
            Err(_) => {
                let _ = interrupt.await;
                return;
            }
        };
        tokio::select! {
            _ = interrupt => {},
            _ = terminate.recv() => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}

/// The UI loads only its own files: no inline script, no other origin. Article text is inserted
/// as text, and this header is the second line of defence.
async fn security_headers(request: Request<axum::body::Body>, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'"),
    );
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}
