//! Guards against hostile clients (issue #18): a page on another origin may not write through a
//! visitor's browser (Origin and Referer checked on every write), a DNS-rebinding page may not
//! reach a loopback server under another name (the Host header checked), a server that listens
//! beyond loopback takes writes only with a token, error statuses that axum answers itself (405)
//! carry the JSON error body, and a search query is bounded before it reaches the full-text index.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// Most words a search query may hold (operators included).
pub(crate) const MAX_QUERY_WORDS: usize = 32;
/// Most `NEAR` groups and `OR`/`AND`/`NOT` operators a search query may hold.
pub(crate) const MAX_QUERY_OPERATORS: usize = 8;

fn forbidden(code: &'static str, message: impl Into<String>) -> Response {
    ApiError { status: StatusCode::FORBIDDEN, code, message: message.into() }.into_response()
}

fn is_write(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The `host[:port]` of an absolute URL (`https://example.com:8080/path` -> `example.com:8080`).
fn authority_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    Some(authority.rsplit_once('@').map_or(authority, |(_, host)| host))
}

/// Refuses a write whose `Origin` (or, without one, `Referer`) names another origin than the
/// `Host` it was sent to. Clients that send neither (curl, scripts) are not browsers and pass.
pub(crate) async fn same_origin_writes(request: Request<Body>, next: Next) -> Response {
    if is_write(request.method()) {
        if let Err(response) = check_origin(request.headers()) {
            return response;
        }
    }
    next.run(request).await
}

#[expect(clippy::result_large_err, reason = "the error is the reply itself, built once per refused request")]
fn check_origin(headers: &HeaderMap) -> Result<(), Response> {
    let text = |name: header::HeaderName| {
        headers.get(name).map(|value| value.to_str().unwrap_or("\u{fffd}").trim().to_owned())
    };
    let (origin, from) = match (text(header::ORIGIN), text(header::REFERER)) {
        (Some(origin), _) => (origin, "Origin"),
        (None, Some(referer)) => (referer, "Referer"),
        (None, None) => return Ok(()),
    };
    let host = text(header::HOST).unwrap_or_default();
    match authority_of(&origin) {
        Some(authority) if !host.is_empty() && authority.eq_ignore_ascii_case(&host) => Ok(()),
        _ => Err(forbidden(
            "cross-origin",
            format!("a write from another origin is refused ({from} {origin:?} is not this server)"),
        )),
    }
}

/// What the bound address allows.
#[derive(Debug, Clone)]
pub(crate) struct HostPolicy {
    bound: SocketAddr,
    token_set: bool,
}

impl HostPolicy {
    pub(crate) fn new(bound: SocketAddr, token_set: bool) -> Arc<HostPolicy> {
        Arc::new(HostPolicy { bound, token_set })
    }

    /// A loopback server answers only to loopback names: a rebinding page's own name is refused.
    fn host_allowed(&self, host: &str) -> bool {
        if !self.bound.ip().is_loopback() {
            return true;
        }
        let name = match host.strip_prefix('[') {
            Some(rest) => rest.split(']').next().unwrap_or(""),
            None => {
                host.rsplit_once(':')
                    .map_or(host, |(name, port)| if port.chars().all(|c| c.is_ascii_digit()) { name } else { host })
            }
        };
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        name == "localhost"
            || name.ends_with(".localhost")
            || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
    }
}

/// Checks the Host header against the address served, and requires a token for writes when the
/// server listens beyond loopback. Applied by [`crate::serve`], which knows the bound address.
pub(crate) async fn host_and_token(
    State(policy): State<Arc<HostPolicy>>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let host = request.headers().get(header::HOST).and_then(|value| value.to_str().ok()).unwrap_or("");
    if !host.is_empty() && !policy.host_allowed(host) {
        return forbidden("bad-host", format!("this server answers to its loopback address, not to Host {host:?}"));
    }
    if is_write(request.method()) && !policy.bound.ip().is_loopback() && !policy.token_set {
        return forbidden(
            "token-required",
            "writes need a token when the server listens beyond loopback: start it with a token",
        );
    }
    next.run(request).await
}

/// The longest path and query string read (a search query is at most 1,000 bytes; filters add
/// little).
pub(crate) const MAX_URI_BYTES: usize = 16 * 1024;

/// Gives the JSON error body to the statuses axum and hyper answer with an empty body (405 for a
/// method a route does not take, 414 and 431 for requests too large to route).
pub(crate) async fn json_statuses(request: Request<Body>, next: Next) -> Response {
    // hyper answers a request line over 64 KiB with a bare 414 before any of this runs; refusing
    // long URIs here first gives every URI a client is likely to send the JSON answer.
    let length = request.uri().path_and_query().map_or(0, |whole| whole.as_str().len());
    if length > MAX_URI_BYTES {
        return ApiError {
            status: StatusCode::URI_TOO_LONG,
            code: "uri-too-long",
            message: format!("the URI is {length} bytes; at most {MAX_URI_BYTES} are read"),
        }
        .into_response();
    }
    let response = next.run(request).await;
    let status = response.status();
    let code = match status {
        StatusCode::METHOD_NOT_ALLOWED => "method-not-allowed",
        StatusCode::URI_TOO_LONG => "uri-too-long",
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => "headers-too-large",
        // Any other error status that a layer answered with no body at all (a timeout, a
        // refused upgrade): the JSON shape too, coded from the status ("request-timeout").
        _ if (status.is_client_error() || status.is_server_error())
            && axum::body::HttpBody::size_hint(response.body()).exact() == Some(0) =>
        {
            match status {
                StatusCode::NOT_FOUND => "not-found",
                StatusCode::REQUEST_TIMEOUT => "request-timeout",
                StatusCode::PAYLOAD_TOO_LARGE => "too-large",
                StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported-media-type",
                StatusCode::SERVICE_UNAVAILABLE => "unavailable",
                _ if status.is_client_error() => "bad-request",
                _ => "internal",
            }
        }
        _ => return response,
    };
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"));
    if is_json {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let message = match &allow {
        Some(allow) => format!(
            "{} (this path takes {})",
            status.canonical_reason().unwrap_or("refused").to_lowercase(),
            allow.to_str().unwrap_or("")
        ),
        None => status.canonical_reason().unwrap_or("refused").to_lowercase(),
    };
    let mut replaced = ApiError { status, code, message }.into_response();
    if let Some(allow) = allow {
        replaced.headers_mut().insert(header::ALLOW, allow);
    }
    replaced
}

/// Refuses a `since` or `until` that is not a calendar date (`2019-13-45`, `garbage`) on every
/// endpoint, rather than letting one endpoint reject it and another answer an empty page.
pub(crate) async fn valid_dates(request: Request<Body>, next: Next) -> Response {
    if let Some(query) = request.uri().query() {
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            if matches!(key, "since" | "until") && !value.is_empty() && !is_calendar_date(value) {
                let shown: String = value.chars().take(40).collect();
                return ApiError::bad_request("bad-date", format!("{key} must be a date as YYYY-MM-DD, not {shown:?}"))
                    .into_response();
            }
        }
    }
    next.run(request).await
}

/// `YYYY-MM-DD` naming a day that exists.
pub(crate) fn is_calendar_date(value: &str) -> bool {
    let bytes = value.as_bytes();
    if bytes.len() != 10
        || !bytes
            .iter()
            .enumerate()
            .all(|(i, byte)| if i == 4 || i == 7 { *byte == b'-' } else { byte.is_ascii_digit() })
    {
        return false;
    }
    let number = |range: std::ops::Range<usize>| value[range].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// Bounds a full-text query before it runs: FTS5's cost grows with terms, `OR` branches and
/// `NEAR` groups (`NEAR(a a ... x300)` ran 166 s).
pub(crate) fn check_search(text: &str) -> Result<(), ApiError> {
    if text.len() > 1_000 {
        return Err(ApiError::bad_request("bad-query", "a search query is at most 1000 bytes"));
    }
    let words: Vec<&str> =
        text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '*')).filter(|word| !word.is_empty()).collect();
    if words.len() > MAX_QUERY_WORDS {
        return Err(ApiError::bad_request(
            "bad-query",
            format!("a search query holds at most {MAX_QUERY_WORDS} words; this one holds {}", words.len()),
        ));
    }
    let operators = words.iter().filter(|word| matches!(**word, "OR" | "AND" | "NOT" | "NEAR")).count();
    if operators > MAX_QUERY_OPERATORS {
        return Err(ApiError::bad_request("bad-query", format!("a search query holds at most {MAX_QUERY_OPERATORS} operators (OR, AND, NOT, NEAR); this one holds {operators}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_and_hosts() {
        assert_eq!(authority_of("http://127.0.0.1:8080/ui?x=1"), Some("127.0.0.1:8080"));
        assert_eq!(authority_of("https://evil.example"), Some("evil.example"));
        assert_eq!(authority_of("null"), None);
        let policy = HostPolicy { bound: "127.0.0.1:8080".parse().expect("addr"), token_set: false };
        for host in ["127.0.0.1:8080", "localhost:8080", "localhost", "[::1]:8080", "app.localhost:8080"] {
            assert!(policy.host_allowed(host), "{host}");
        }
        for host in ["evil.example:8080", "evil.example", "10.0.0.1:8080"] {
            assert!(!policy.host_allowed(host), "{host}");
        }
        let open = HostPolicy { bound: "0.0.0.0:8080".parse().expect("addr"), token_set: true };
        assert!(open.host_allowed("news.example.org"));
    }

    #[test]
    fn dates() {
        assert!(is_calendar_date("2016-02-29"));
        for bad in ["2019-13-45", "2015-02-29", "garbage", "2019-1-1", "2019-01-00"] {
            assert!(!is_calendar_date(bad), "{bad}");
        }
    }

    #[test]
    fn search_bounds() {
        assert!(check_search("Moscow denies \"air defence\" report").is_ok());
        assert!(check_search(&format!("NEAR({})", vec!["a"; 300].join(" "))).is_err());
        assert!(check_search(&vec!["a"; 20].join(" OR ")).is_err());
        assert!(check_search(&"a".repeat(1_001)).is_err());
    }
}
