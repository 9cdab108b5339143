//! The Jetstream subscription: a websocket (tungstenite, rustls for `wss://`) asking for
//! `wantedCollections`, events read in batches by `hearsay_ingest`'s Jetstream reader and stored
//! through the pipeline's batch. The cursor (`time_us` of the newest event of a committed
//! batch) is saved after the batch commits and sent back as `?cursor=` on every reconnect, so a
//! dropped connection or a restart loses nothing; what the server replays from the cursor is
//! already stored and stored once (ids are content hashes, sources a set).

use std::io::ErrorKind as IoKind;
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use hearsay_article::InputFormat;
use hearsay_pipeline::Batch;
use hearsay_store::{Backend, FollowedSource};
use serde::Deserialize;
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

use crate::records::{apply, flush, Prepared, Tally};
use crate::run::{chain, load_state, mark_polled, Shared, SourceReport};
use crate::Source;

/// How often a quiet connection wakes up to commit a waiting batch or notice a stop.
const TICK: Duration = Duration::from_millis(100);

type Socket = WebSocket<MaybeTlsStream<TcpStream>>;

/// Follows one Jetstream until stopped or, with `exit_when_idle`, until it goes quiet.
pub(crate) fn follow(shared: &Shared<'_>, source: &Source, store: &mut dyn Backend) {
    let options = shared.options;
    let mut pass = 1;
    let mut started = Instant::now();
    let mut report = SourceReport::new(source, pass);
    let mut state = match load_state(store, source) {
        Ok(state) => state,
        Err(error) => {
            report.error = Some(format!("reading its state: {error}"));
            report.finish(started);
            shared.report(report);
            return;
        }
    };
    let mut failures_in_a_row = 0u32;
    let mut connected_once = false;
    loop {
        if shared.stopped() {
            break;
        }
        let url = subscribe_url(source, state.cursor);
        let mut socket = match connect(&url, options.timeout) {
            Ok(socket) => {
                if connected_once {
                    report.reconnects += 1;
                }
                connected_once = true;
                failures_in_a_row = 0;
                socket
            }
            Err(reason) => {
                failures_in_a_row += 1;
                tracing::warn!(url, error = %reason, "Cannot connect to the Jetstream.");
                mark_polled(&mut state, Some(&reason));
                let _ = shared.with_write_turn(|| store.put_followed_source(&state));
                if options.exit_when_idle && failures_in_a_row > options.retries {
                    report.error = Some(reason);
                    break;
                }
                let delay = options.backoff.saturating_mul(1 << failures_in_a_row.min(16)).min(options.max_backoff);
                if !shared.sleep(delay) {
                    break;
                }
                continue;
            }
        };
        let ended = loop {
            // Following until stopped: one report per interval, the connection kept.
            let report_due = (!options.exit_when_idle).then(|| started + options.interval);
            match read_until_closed(shared, source, store, &mut state, &mut socket, &mut report, report_due) {
                Ended::ReportDue => {
                    report.cursor = state.cursor;
                    report.finish(started);
                    shared.report(std::mem::replace(&mut report, SourceReport::new(source, pass + 1)));
                    pass += 1;
                    started = Instant::now();
                }
                ended => break ended,
            }
        };
        let _ = socket.close(None);
        let _ = socket.flush();
        match ended {
            Ended::Idle | Ended::Stopped | Ended::ReportDue => break,
            Ended::StoreFailed(reason) => {
                report.error = Some(reason);
                if options.exit_when_idle {
                    break;
                }
            }
            Ended::Dropped(reason) => {
                tracing::info!(url, error = %reason, cursor = ?state.cursor, "The Jetstream connection dropped; reconnecting.");
            }
        }
        let delay = options.backoff.min(options.max_backoff);
        if !shared.sleep(delay) {
            break;
        }
    }
    if report.error.is_none() {
        mark_polled(&mut state, None);
        if let Err(error) = shared.with_write_turn(|| store.put_followed_source(&state)) {
            report.error = Some(format!("saving its state: {error}"));
        }
    }
    report.cursor = state.cursor;
    report.finish(started);
    shared.report(report);
}

/// Why reading a connection stopped.
enum Ended {
    /// `exit_when_idle`, and no event came for `jetstream_idle`.
    Idle,
    /// Following until stopped, and the interval's report is due (the batch is committed).
    ReportDue,
    Stopped,
    /// Closed by the server or broken: reconnect from the cursor.
    Dropped(String),
    StoreFailed(String),
}

fn read_until_closed(
    shared: &Shared<'_>,
    source: &Source,
    store: &mut dyn Backend,
    state: &mut FollowedSource,
    socket: &mut Socket,
    report: &mut SourceReport,
    report_due: Option<Instant>,
) -> Ended {
    let options = shared.options;
    let mut pending = Pending::default();
    let mut last_event = Instant::now();
    let ended = loop {
        if shared.stopped() {
            break Ended::Stopped;
        }
        match socket.read() {
            Ok(Message::Text(text)) => {
                last_event = Instant::now();
                pending.push(text.as_str());
                if pending.events.len() >= options.jetstream_batch.max(1) {
                    if let Err(reason) = commit(shared, source, store, state, &mut pending, &mut report.tally) {
                        return Ended::StoreFailed(reason);
                    }
                }
            }
            Ok(Message::Binary(_)) => {
                // Compressed events (`compress=true`) are not asked for; a server that sends
                // them anyway is not read.
                report.tally.records += 1;
                report.tally.failures.push(hearsay_pipeline::Failure {
                    source: source.url.clone(),
                    reason: "binary (compressed) event, not read".to_owned(),
                });
            }
            Ok(Message::Close(_)) => break Ended::Dropped("closed by the server".to_owned()),
            Ok(_) => {}
            Err(tungstenite::Error::Io(error)) if matches!(error.kind(), IoKind::WouldBlock | IoKind::TimedOut) => {
                let waited = pending.since.is_some_and(|since| since.elapsed() >= options.jetstream_flush);
                if waited {
                    if let Err(reason) = commit(shared, source, store, state, &mut pending, &mut report.tally) {
                        return Ended::StoreFailed(reason);
                    }
                }
                if options.exit_when_idle && last_event.elapsed() >= options.jetstream_idle {
                    break Ended::Idle;
                }
                if report_due.is_some_and(|due| Instant::now() >= due) {
                    break Ended::ReportDue;
                }
            }
            Err(error) => break Ended::Dropped(error.to_string()),
        }
    };
    // What arrived before the end is committed, and the cursor moves past it.
    if let Err(reason) = commit(shared, source, store, state, &mut pending, &mut report.tally) {
        return Ended::StoreFailed(reason);
    }
    ended
}

/// Events received and not yet committed.
#[derive(Default)]
struct Pending {
    events: Vec<String>,
    newest: Option<i64>,
    since: Option<Instant>,
}

#[derive(Deserialize)]
struct EventTime {
    time_us: Option<i64>,
}

impl Pending {
    fn push(&mut self, event: &str) {
        if let Ok(EventTime { time_us: Some(time_us) }) = serde_json::from_str::<EventTime>(event) {
            self.newest = Some(self.newest.map_or(time_us, |newest| newest.max(time_us)));
        }
        self.since.get_or_insert_with(Instant::now);
        // One event per line: the reader takes the batch as JSON Lines.
        self.events.push(event.replace('\n', " "));
    }
}

/// Stores the pending events in one batch, then moves the cursor: never before the commit.
fn commit(
    shared: &Shared<'_>,
    source: &Source,
    store: &mut dyn Backend,
    state: &mut FollowedSource,
    pending: &mut Pending,
    tally: &mut Tally,
) -> Result<(), String> {
    if pending.events.is_empty() {
        return Ok(());
    }
    let options = shared.options;
    let lines = std::mem::take(&mut pending.events).join("\n");
    let newest = pending.newest.take();
    pending.since = None;
    let records =
        hearsay_ingest::read_bytes_as(&source.url, lines.into_bytes(), InputFormat::Jetstream, &options.ingest.limits);
    let before = tally.stored;
    let mut batch = Batch::new(&options.ingest);
    let turn = shared.write_turn();
    apply(records, store, &mut batch, tally, &mut |raw, _| Prepared::Raw(raw))
        .and_then(|()| flush(&mut batch, store, tally))
        .map_err(|error| format!("storing: {}", chain(&error)))?;
    let stored = tally.stored - before;
    if newest.is_some() {
        state.cursor = newest;
    }
    state.articles += i64::try_from(stored).unwrap_or(i64::MAX);
    store.put_followed_source(state).map_err(|error| format!("saving the cursor: {}", chain(&error)))?;
    drop(turn);
    if stored > 0 {
        shared.update_ledger(store, tally, &source.url);
    }
    Ok(())
}

/// The subscription URL: the endpoint with `wantedCollections` (unless it names its own) and the
/// cursor.
pub(crate) fn subscribe_url(source: &Source, cursor: Option<i64>) -> String {
    let mut url = source.url.clone();
    let mut separator = if url.contains('?') { '&' } else { '?' };
    if !url.contains("wantedCollections=") {
        for collection in source.wanted_collections() {
            url.push(separator);
            url.push_str("wantedCollections=");
            url.push_str(&collection);
            separator = '&';
        }
    }
    if let Some(cursor) = cursor {
        url.push(separator);
        url.push_str(&format!("cursor={cursor}"));
    }
    url
}

/// Opens the websocket: TCP with a connect timeout, then TLS for `wss://`, then the handshake;
/// reads then wake every [`TICK`].
fn connect(url: &str, timeout: Duration) -> Result<Socket, String> {
    let (scheme, _) = url.split_once("://").ok_or_else(|| format!("{url} is not a ws:// or wss:// URL"))?;
    let default_port = match scheme.to_ascii_lowercase().as_str() {
        "ws" => 80,
        "wss" => 443,
        _ => return Err(format!("{url} is not a ws:// or wss:// URL")),
    };
    let authority = crate::http::host_of(url);
    let address = if authority.rsplit_once(':').is_some_and(|(_, port)| port.parse::<u16>().is_ok())
        && !authority.ends_with(']')
    {
        authority.to_owned()
    } else {
        format!("{authority}:{default_port}")
    };
    let addresses = address.to_socket_addrs().map_err(|error| format!("resolving {address}: {error}"))?;
    let mut last_error = format!("{address} resolves to no address");
    let mut stream = None;
    for candidate in addresses {
        match TcpStream::connect_timeout(&candidate, timeout) {
            Ok(connected) => {
                stream = Some(connected);
                break;
            }
            Err(error) => last_error = format!("connecting to {candidate}: {error}"),
        }
    }
    let stream = stream.ok_or(last_error)?;
    let control = stream.try_clone().map_err(|error| error.to_string())?;
    control.set_read_timeout(Some(timeout)).map_err(|error| error.to_string())?;
    control.set_write_timeout(Some(timeout)).map_err(|error| error.to_string())?;
    let (socket, _response) = tungstenite::client_tls_with_config(url, stream, None, None)
        .map_err(|error| format!("websocket handshake: {error}"))?;
    control.set_read_timeout(Some(TICK)).map_err(|error| error.to_string())?;
    Ok(socket)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_subscription_names_collections_and_the_cursor() {
        let source = Source {
            collections: vec!["site.standard.document".into()],
            ..Source::jetstream("wss://js.example/subscribe")
        };
        assert_eq!(subscribe_url(&source, None), "wss://js.example/subscribe?wantedCollections=site.standard.document");
        assert_eq!(
            subscribe_url(&source, Some(1_779_719_009_132_431)),
            "wss://js.example/subscribe?wantedCollections=site.standard.document&cursor=1779719009132431"
        );
    }
}
