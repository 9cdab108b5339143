//! What every request shares: the store's path or URL, a small pool of read connections, the
//! one writer, and the corpus index built from the stored annotations.
//!
//! Both stores' clients are synchronous, so every store call runs inside `spawn_blocking` on a
//! connection of its own. SQLite's WAL mode (PostgreSQL's MVCC) lets readers go on while the
//! writer ingests; the writer lock makes this server write one batch at a time (other processes
//! are kept in line by SQLite's file lock, or PostgreSQL's advisory lock).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use hearsay_ledger::Ledger;
use hearsay_store::{Backend, Stats};

use crate::corpus::Corpus;
use crate::error::{ApiError, ApiResult};

/// Most read connections kept open between requests; more are opened under load and closed after.
const MAX_IDLE_READERS: usize = 16;

/// The server's shared state.
pub(crate) struct AppState {
    pub(crate) db: PathBuf,
    pub(crate) uploads: PathBuf,
    pub(crate) token: Option<String>,
    pub(crate) extract: hearsay_nlp::ExtractOptions,
    readers: Mutex<Vec<Box<dyn Backend>>>,
    writer: Mutex<Option<Box<dyn Backend>>>,
    corpus: Mutex<Option<(Stats, Arc<Corpus>)>>,
    /// The ledger as last read, with the counts and ledger watermark it was read at.
    ledger: Mutex<Option<(LedgerKey, Arc<Ledger>)>>,
    update_ledger: crate::LedgerUpdater,
    /// `GET /api/check`'s checker, made on first use: the built-in stance model, and the
    /// sentence-embedding model when the config gives one.
    checker: std::sync::OnceLock<Result<hearsay_ledger::check::Checker, String>>,
    check_embedder: Option<Arc<dyn hearsay_ledger::Embed + Send + Sync>>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").field("db", &self.db).field("uploads", &self.uploads).finish_non_exhaustive()
    }
}

impl Drop for AppState {
    /// A PostgreSQL connection runs a small runtime of its own, which must not be dropped inside
    /// an async task (the last reference to the state may go in one): the connections are closed
    /// on a plain thread.
    fn drop(&mut self) {
        let readers = std::mem::take(self.readers.get_mut().unwrap_or_else(PoisonError::into_inner));
        let writer = self.writer.get_mut().unwrap_or_else(PoisonError::into_inner).take();
        let closing = std::thread::spawn(move || drop((readers, writer)));
        let _ = closing.join();
    }
}

/// What a cached ledger was read at: the store's counts and the ledger's own watermark.
type LedgerKey = (Stats, Option<String>);

impl AppState {
    pub(crate) fn new(config: &crate::ServerConfig) -> anyhow::Result<AppState> {
        let (db, token, update_ledger) = (config.db.as_path(), config.token.clone(), Arc::clone(&config.update_ledger));
        use anyhow::Context;
        // Opening once up front creates and migrates the store, so that requests never race to,
        // and brings the ledger up to date with articles stored by older versions.
        let mut store = open_reader(db).with_context(|| format!("opening the store {}", db.display()))?;
        update_ledger(&mut *store).context("bringing the ledger up to date")?;
        let uploads = config.uploads.clone().unwrap_or_else(|| upload_dir(db));
        Ok(AppState {
            db: db.to_path_buf(),
            uploads,
            token,
            extract: config.extract,
            readers: Mutex::new(vec![store]),
            writer: Mutex::new(None),
            corpus: Mutex::new(None),
            ledger: Mutex::new(None),
            update_ledger,
            checker: std::sync::OnceLock::new(),
            check_embedder: config.check_embedder.clone(),
        })
    }

    /// The claim checker (the stance model is parsed once per server).
    pub(crate) fn checker(&self) -> ApiResult<&hearsay_ledger::check::Checker> {
        self.checker
            .get_or_init(|| {
                let checker = hearsay_ledger::check::Checker::with_default_model().map_err(|e| e.to_string())?;
                Ok(match &self.check_embedder {
                    Some(embedder) => checker.with_embedder(Arc::clone(embedder)),
                    None => checker,
                })
            })
            .as_ref()
            .map_err(|error| ApiError::internal(error))
    }

    /// Runs `work` with a read connection, on a blocking thread.
    pub(crate) async fn read<T, F>(self: &Arc<Self>, work: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Backend) -> ApiResult<T> + Send + 'static,
    {
        let state = Arc::clone(self);
        run_blocking(move || {
            let store = state.take_reader()?;
            let result = work(&*store);
            state.give_back(store);
            result
        })
        .await
    }

    /// Runs `work` with the read connection and the current corpus index.
    pub(crate) async fn with_corpus<T, F>(self: &Arc<Self>, work: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Backend, &Corpus) -> ApiResult<T> + Send + 'static,
    {
        let state = Arc::clone(self);
        self.read(move |store| {
            let corpus = state.corpus(store)?;
            work(store, &corpus)
        })
        .await
    }

    /// Runs `work` with the writer connection, one write at a time, on a blocking thread.
    pub(crate) async fn write<T, F>(self: &Arc<Self>, work: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn Backend) -> ApiResult<T> + Send + 'static,
    {
        let state = Arc::clone(self);
        run_blocking(move || {
            let mut writer = state.writer.lock().unwrap_or_else(PoisonError::into_inner);
            if writer.is_none() {
                *writer = Some(hearsay_pipeline::open_any(&state.db)?);
            }
            let store = writer.as_deref_mut().expect("opened just above");
            let result = work(&mut *store);
            // The ledger reads what was just stored, as `hearsay ingest` does after a run.
            if let Err(error) = (state.update_ledger)(store) {
                tracing::error!(error = %format!("{error:#}"), "Updating the ledger failed; it catches up on the next write.");
            }
            *state.ledger.lock().unwrap_or_else(PoisonError::into_inner) = None;
            // The corpus index is rebuilt on the next read that sees changed counts; dropping
            // it here makes even a replaced annotation layer show at once.
            *state.corpus.lock().unwrap_or_else(PoisonError::into_inner) = None;
            result
        })
        .await
    }

    /// Runs `work` with the ledger as stored (read again when the store changed).
    pub(crate) async fn with_ledger<T, F>(self: &Arc<Self>, work: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Ledger) -> ApiResult<T> + Send + 'static,
    {
        let state = Arc::clone(self);
        self.read(move |store| {
            let key: LedgerKey = (store.stats()?, store.ledger_state("watermark")?);
            let cached = state
                .ledger
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .as_ref()
                .filter(|(seen, _)| *seen == key)
                .map(|(_, ledger)| Arc::clone(ledger));
            let ledger = match cached {
                Some(ledger) => ledger,
                None => {
                    let ledger = Arc::new(
                        Ledger::read(store)
                            .map_err(|error| ApiError::internal(&format!("reading the ledger: {error}")))?,
                    );
                    *state.ledger.lock().unwrap_or_else(PoisonError::into_inner) = Some((key, Arc::clone(&ledger)));
                    ledger
                }
            };
            work(&ledger)
        })
        .await
    }

    fn take_reader(&self) -> ApiResult<Box<dyn Backend>> {
        let pooled = self.readers.lock().unwrap_or_else(PoisonError::into_inner).pop();
        match pooled {
            Some(store) => Ok(store),
            None => Ok(open_reader(&self.db)?),
        }
    }

    fn give_back(&self, store: Box<dyn Backend>) {
        let mut readers = self.readers.lock().unwrap_or_else(PoisonError::into_inner);
        if readers.len() < MAX_IDLE_READERS {
            readers.push(store);
        }
    }

    /// The corpus index, rebuilt when the store's counts changed (another process may ingest).
    fn corpus(&self, store: &dyn Backend) -> ApiResult<Arc<Corpus>> {
        let stats = store.stats()?;
        if let Some((seen, corpus)) = &*self.corpus.lock().unwrap_or_else(PoisonError::into_inner) {
            if *seen == stats {
                return Ok(Arc::clone(corpus));
            }
        }
        // Built outside the lock: two requests may build it at once, and both results are equal.
        let corpus = Arc::new(Corpus::load(store)?);
        *self.corpus.lock().unwrap_or_else(PoisonError::into_inner) = Some((stats, Arc::clone(&corpus)));
        Ok(corpus)
    }
}

/// Opens a connection for reading, with the snippet markers that search splits on.
fn open_reader(db: &Path) -> hearsay_store::Result<Box<dyn Backend>> {
    let mut store = hearsay_pipeline::open_any(db)?;
    store.set_snippet_markers(crate::routes::HIT_OPEN, crate::routes::HIT_CLOSE);
    Ok(store)
}

/// Uploaded files are kept beside the store (`news.db` -> `news.uploads/`), so that every stored
/// article's source still names bytes that exist.
/// A server store has no folder of its own: its uploads go to the default data folder.
fn upload_dir(db: &Path) -> PathBuf {
    if db.to_str().is_some_and(hearsay_store::is_url) {
        return hearsay_store::default_path().with_file_name("uploads");
    }
    let stem = db.file_stem().map_or_else(|| "hearsay".into(), |stem| stem.to_string_lossy().into_owned());
    db.with_file_name(format!("{stem}.uploads"))
}

async fn run_blocking<T: Send + 'static>(work: impl FnOnce() -> ApiResult<T> + Send + 'static) -> ApiResult<T> {
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result,
        Err(error) => Err(ApiError::internal(&format!("a request's work panicked or was cancelled: {error}"))),
    }
}
