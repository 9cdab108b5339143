//! What the PostgreSQL store tests share: the server they run against.

/// The server URL from `HEARSAY_TEST_PG`, or `None` (after saying so) when the tests should skip;
/// under CI a missing server is a failure.
#[expect(clippy::print_stderr, reason = "a skipped test says why on the test's own output")]
pub(crate) fn server() -> Option<String> {
    match std::env::var("HEARSAY_TEST_PG") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => {
            panic!("HEARSAY_TEST_PG is not set under CI: .ci/run must start PostgreSQL")
        }
        _ => {
            eprintln!("skipping: set HEARSAY_TEST_PG=postgres://... to run the PostgreSQL store tests");
            None
        }
    }
}
