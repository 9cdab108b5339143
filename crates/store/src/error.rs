//! The store's error type: what failed, on which store file, and why.

use std::path::PathBuf;

/// A store operation that could not be done. Bad articles are not errors (they are stored with
/// their diagnostics); these are a missing folder, a damaged or newer database, a bad query.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The folder for a new store could not be made.
    #[error("creating the folder {path} for the store")]
    CreateDir {
        /// The folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// SQLite could not open the file or set it up.
    #[cfg(feature = "sqlite")]
    #[error("opening the store {path}")]
    Open {
        /// The store file.
        path: PathBuf,
        /// Why.
        #[source]
        source: rusqlite::Error,
    },
    /// The file was written by a newer hearsay with a schema this build does not know.
    #[error("the store {path} has schema version {found}, newer than version {supported} that this hearsay knows; use a newer hearsay")]
    NewerSchema {
        /// The store file.
        path: PathBuf,
        /// The version in the file.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// A schema migration failed; the store is left at the version before it.
    #[cfg(feature = "sqlite")]
    #[error("migrating the store {path} to schema version {version}")]
    Migrate {
        /// The store file.
        path: PathBuf,
        /// The version that failed.
        version: usize,
        /// Why.
        #[source]
        source: rusqlite::Error,
    },
    /// A database operation failed.
    #[cfg(feature = "sqlite")]
    #[error("{action} in the store {path}")]
    Sqlite {
        /// The store file.
        path: PathBuf,
        /// What the store was doing ("inserting a batch of 256 articles").
        action: String,
        /// Why.
        #[source]
        source: rusqlite::Error,
    },
    /// A database server failed or refused an operation (a server [`crate::Backend`]).
    #[error("{action} in the store {location}")]
    Server {
        /// The server, without its password.
        location: String,
        /// What the store was doing.
        action: String,
        /// Why.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A store this hearsay was built without: a SQLite file in a build without the feature
    /// `sqlite`, a server URL in one without `postgres`.
    #[error("the store {location} needs a hearsay built with the cargo feature `{feature}`")]
    Unsupported {
        /// The store, as [`crate::describe`] gives it.
        location: String,
        /// The feature that was left out.
        feature: &'static str,
    },
    /// A search query that full-text search rejects even after quoting each word.
    #[error("cannot search for {query:?}: {message}")]
    Query {
        /// The query as given.
        query: String,
        /// SQLite's reason.
        message: String,
    },
    /// A search stopped because it ran past its budget (see [`crate::SearchBudget`]): a query
    /// that costs too much (many `OR` branches, long `NEAR` groups), or a store too busy.
    #[error(
        "the search for {query:?} was stopped after {spent}: it costs too much; use fewer words, `OR`s or `NEAR`s"
    )]
    TooCostly {
        /// The query as given.
        query: String,
        /// What was spent when it stopped ("2 s", "1000 steps").
        spent: String,
    },
    /// An id or id prefix that cannot name an article.
    #[error("{id:?} is not an article id: {reason}")]
    InvalidId {
        /// The id as given.
        id: String,
        /// Why not.
        reason: &'static str,
    },
    /// An id prefix that more than one article has.
    #[error("the id prefix {prefix} matches more than one article; give more characters")]
    AmbiguousId {
        /// The prefix as given.
        prefix: String,
    },
    /// A date filter that is not `YYYY-MM-DD`.
    #[error("the date {value:?} is not a date of the form YYYY-MM-DD")]
    InvalidDate {
        /// The date as given.
        value: String,
    },
    /// An annotation for an article the store does not have.
    #[error("no article with id {id} in the store {path}")]
    UnknownArticle {
        /// The store file.
        path: PathBuf,
        /// The id.
        id: String,
    },
    /// A stored article that cannot be read back: the store was changed outside hearsay.
    #[error("article {id} in the store {path} is damaged: {reason}")]
    Corrupt {
        /// The store file.
        path: PathBuf,
        /// The article.
        id: String,
        /// What is wrong.
        reason: String,
    },
}

/// The store's `Result`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Adds the store path and the action to a SQLite error.
#[cfg(feature = "sqlite")]
pub(crate) trait Context<T> {
    fn context(self, path: &std::path::Path, action: impl FnOnce() -> String) -> Result<T>;
}

#[cfg(feature = "sqlite")]
impl<T> Context<T> for rusqlite::Result<T> {
    fn context(self, path: &std::path::Path, action: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|source| Error::Sqlite { path: path.to_path_buf(), action: action(), source })
    }
}
