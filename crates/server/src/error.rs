//! The API's error answer: a status and a JSON body `{"error": {"code", "message"}}`, so that
//! every failure, bad input included, is readable by a program and by a person.

use crate::wire::{ErrorBody, ErrorDetail};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// An error answer. Bad input is a 4xx with a message naming what was wrong; only the store or
/// the server failing is a 5xx.
#[derive(Debug)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// A stable code (`bad-json`, `too-large`, `not-found`, ...).
    pub code: &'static str,
    /// What went wrong, in words.
    pub message: String,
}

/// `Result` of a handler.
pub(crate) type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// A 400 with this code and message.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::BAD_REQUEST, code, message: message.into() }
    }

    /// A 404 naming what was not found.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::NOT_FOUND, code: "not-found", message: message.into() }
    }

    /// A 500: the server or the store failed. The details go to the log, not to the client.
    pub fn internal(error: &dyn std::fmt::Display) -> ApiError {
        tracing::error!(%error, "Request failed.");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "internal",
            message: "the server failed to answer; see its log".to_owned(),
        }
    }
}

impl From<hearsay_store::Error> for ApiError {
    fn from(error: hearsay_store::Error) -> ApiError {
        use hearsay_store::Error;
        match &error {
            Error::InvalidId { .. } => ApiError::bad_request("bad-id", error.to_string()),
            Error::AmbiguousId { .. } => ApiError::bad_request("ambiguous-id", error.to_string()),
            Error::InvalidDate { .. } => ApiError::bad_request("bad-date", error.to_string()),
            Error::Query { .. } => ApiError::bad_request("bad-query", error.to_string()),
            // Stopped at its time budget: the query costs too much for this store now.
            Error::TooCostly { .. } => ApiError {
                status: StatusCode::SERVICE_UNAVAILABLE,
                code: "query-too-costly",
                message: error.to_string(),
            },
            _ => ApiError::internal(&format!("{:#}", anyhow::Error::new(error))),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(ErrorBody { error: ErrorDetail { code: self.code, message: &self.message } }))
            .into_response()
    }
}

/// Turns an axum extractor rejection (bad JSON, a body over the limit, a bad query string) into
/// our JSON error with the same status and axum's explanation.
pub(crate) fn rejection(code: &'static str, status: StatusCode, text: String) -> ApiError {
    let (status, code) = if status == StatusCode::PAYLOAD_TOO_LARGE { (status, "too-large") } else { (status, code) };
    ApiError { status, code, message: text }
}

#[cfg(test)]
mod tests {
    use super::ApiError;
    use axum::http::StatusCode;

    #[test]
    fn a_search_stopped_at_its_budget_is_a_503_naming_why() {
        let error = ApiError::from(hearsay_store::Error::TooCostly { query: "a OR a".into(), spent: "2s".into() });
        assert_eq!(error.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(error.code, "query-too-costly");
        assert!(error.message.contains("costs too much"), "{}", error.message);
    }
}
