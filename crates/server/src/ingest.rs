//! The write endpoints: `POST /api/ingest` (multipart file upload) and `POST /api/articles` (one
//! article as JSON). Both go through `hearsay_pipeline::ingest`, so bad input behaves exactly
//! as with `hearsay ingest`: each bad file or record is reported with its reason and the rest
//! is stored.
//!
//! Uploads are written to a folder beside the store (`news.db` -> `news.uploads/`), named by a
//! hash of their bytes, and kept: every stored article's source names bytes that still exist,
//! and uploading the same file twice stores nothing new.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Multipart, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use hearsay_article::SourceRef;
use hearsay_pipeline::IngestOptions;

use crate::wire::ArticleIn;

use crate::error::{rejection, ApiError, ApiResult};
use crate::state::AppState;
use crate::wire::IngestReport;

/// Most files one upload request may carry.
const MAX_FILES: usize = 100;

pub(crate) async fn post_article(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    found: Result<Json<ArticleIn>, JsonRejection>,
) -> ApiResult<(StatusCode, Json<IngestReport>)> {
    authorize(&state, &headers)?;
    let Json(article) = found.map_err(|error| rejection("bad-json", error.status(), error.body_text()))?;
    let has_body = |body: &Option<String>| body.as_deref().is_some_and(|body| !body.trim().is_empty());
    if !has_body(&article.text) && !has_body(&article.html) {
        return Err(ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "no-text",
            message: "the article needs a non-empty text or html field".to_owned(),
        });
    }
    let line = serde_json::to_vec(&article).map_err(|error| ApiError::internal(&error))?;
    let upload = vec![Upload { name: "article.jsonl".to_owned(), bytes: line }];
    ingest_uploads(&state, upload).await
}

pub(crate) async fn post_files(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    found: Result<Multipart, MultipartRejection>,
) -> ApiResult<(StatusCode, Json<IngestReport>)> {
    authorize(&state, &headers)?;
    let mut multipart = found.map_err(|error| rejection("bad-multipart", error.status(), error.body_text()))?;
    let mut uploads = Vec::new();
    loop {
        let field = multipart
            .next_field()
            .await
            .map_err(|error| rejection("bad-multipart", error.status(), error.body_text()))?;
        let Some(field) = field else { break };
        // Only file fields are uploads; a plain form field (a note, a token) is not an article.
        let Some(name) = field.file_name().map(str::to_owned) else { continue };
        let bytes = field.bytes().await.map_err(|error| {
            rejection("bad-multipart", error.status(), format!("reading the upload {name:?}: {}", error.body_text()))
        })?;
        if uploads.len() == MAX_FILES {
            return Err(ApiError::bad_request("too-many-files", format!("at most {MAX_FILES} files per request")));
        }
        uploads.push(Upload { name, bytes: bytes.to_vec() });
    }
    if uploads.is_empty() {
        return Err(ApiError::bad_request(
            "no-files",
            "the request carries no file: send multipart/form-data with one or more file fields (with a filename)",
        ));
    }
    ingest_uploads(&state, uploads).await
}

/// One uploaded file: its name as the client gave it, and its bytes.
struct Upload {
    name: String,
    bytes: Vec<u8>,
}

/// Saves the uploads and ingests them; 200 when anything was stored or nothing failed, 422 when
/// every record failed (the report says why).
async fn ingest_uploads(state: &Arc<AppState>, uploads: Vec<Upload>) -> ApiResult<(StatusCode, Json<IngestReport>)> {
    let folder = state.uploads.clone();
    let extract_options = state.extract;
    state
        .write(move |store| {
            std::fs::create_dir_all(&folder)
                .map_err(|error| ApiError::internal(&format!("creating {}: {error}", folder.display())))?;
            let mut saved: Vec<(PathBuf, String)> = Vec::new();
            for upload in &uploads {
                let path = folder.join(stored_name(&upload.name, &upload.bytes));
                std::fs::write(&path, &upload.bytes)
                    .map_err(|error| ApiError::internal(&format!("saving {}: {error}", path.display())))?;
                saved.push((path, upload.name.clone()));
            }
            let paths: Vec<PathBuf> = saved.iter().map(|(path, _)| path.clone()).collect();
            let options = IngestOptions { extract_options, ..IngestOptions::default() };
            let mut summary = hearsay_pipeline::ingest(&paths, store, &options, &mut |_| {})
                .map_err(|error| ApiError::internal(&format!("{:#}", anyhow::Error::new(error))))?;
            // Failures name the saved file; the client knows its upload by the name it gave.
            for failure in &mut summary.failures {
                for (path, name) in &saved {
                    let saved_name = path.display().to_string();
                    if failure.source.starts_with(&saved_name) {
                        failure.source = format!("{name}{}", &failure.source[saved_name.len()..]);
                    }
                }
            }
            let articles = stored_ids(store, &paths, &options)?;
            let status = if articles.is_empty() && !summary.failures.is_empty() {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::OK
            };
            Ok((status, Json(IngestReport { summary, articles })))
        })
        .await
}

/// The ids of the articles stored from these files, in file and record order.
fn stored_ids(
    store: &dyn hearsay_store::Backend,
    paths: &[PathBuf],
    options: &IngestOptions,
) -> ApiResult<Vec<String>> {
    let mut ids = Vec::new();
    for path in paths {
        // Reading the records again (without cleaning) gives each one's source as stored.
        let mut sources: Vec<SourceRef> = Vec::new();
        for record in hearsay_ingest::read_file(path, &options.limits) {
            if let Ok(hearsay_article::Record::Article(raw)) = record {
                sources.push(raw.source);
            }
        }
        if sources.is_empty() {
            sources.push(SourceRef::file(path.display().to_string()));
        }
        for source in &sources {
            for id in store.articles_from_source(source)? {
                if !ids.contains(&id.as_str().to_owned()) {
                    ids.push(id.as_str().to_owned());
                }
            }
        }
    }
    Ok(ids)
}

/// `<16 hex of the content hash>-<the client's name, made safe>`: the same bytes land on the same
/// file, and no name can leave the folder.
fn stored_name(name: &str, bytes: &[u8]) -> String {
    let hash = blake3::hash(bytes).to_hex();
    let base = Path::new(name).file_name().map(|base| base.to_string_lossy().into_owned()).unwrap_or_default();
    let safe: String = base
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' })
        .take(80)
        .collect();
    let safe = safe.trim_start_matches('.');
    format!("{}-{}", &hash.as_str()[..16], if safe.is_empty() { "upload" } else { safe })
}

/// Writes need `Authorization: Bearer TOKEN` when the server has a token.
fn authorize(state: &AppState, headers: &HeaderMap) -> ApiResult<()> {
    let Some(token) = &state.token else { return Ok(()) };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .unwrap_or("");
    // blake3's hash equality is constant-time, so the comparison leaks nothing about the token.
    if blake3::hash(given.trim().as_bytes()) == blake3::hash(token.as_bytes()) {
        Ok(())
    } else {
        Err(ApiError {
            status: StatusCode::UNAUTHORIZED,
            code: "unauthorized",
            message: "this endpoint needs the header Authorization: Bearer <token>".to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_stay_in_the_folder() {
        let name = stored_name("../../etc/passwd", b"x");
        assert!(name.ends_with("-passwd") && !name.contains('/'), "{name}");
        assert!(stored_name("..", b"x").ends_with("-upload"));
        assert!(stored_name("crawl 1.warc.gz", b"x").ends_with("-crawl_1.warc.gz"));
    }
}
