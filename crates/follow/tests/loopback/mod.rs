//! Real servers on loopback for the follow tests: an HTTP server (std `TcpListener`, one thread
//! a connection) serving files with ETag and Last-Modified, slow answers, 500s, redirect loops
//! and oversize bodies; and a Jetstream websocket server (tungstenite) replaying real events
//! from the cursor it is given.
#![expect(clippy::print_stderr, reason = "a skipped test says why on the test's own output")]
#![allow(dead_code, unreachable_pub, clippy::result_large_err)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// `../shared/data`, or `None` (the test skips) where it is absent.
pub fn data() -> Option<PathBuf> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if data.join("realworld").is_dir() {
        Some(data)
    } else {
        eprintln!("skipped: ../shared/data/realworld is absent");
        None
    }
}

/// What a path answers.
#[derive(Debug, Clone)]
pub enum Route {
    /// A file's bytes with validators; `gzip` sends them with `Content-Encoding: gzip` as stored.
    File { body: Vec<u8>, content_type: String, etag: Option<String>, last_modified: Option<String>, gzip: bool },
    /// This status, with a short body.
    Status(u16),
    /// A 302 to this location.
    Redirect(String),
    /// Answers after this long (longer than the client waits).
    Slow(Duration),
    /// This many bytes without a Content-Length, then close.
    Endless(u64),
}

/// One request the server answered.
#[derive(Debug, Clone)]
pub struct Hit {
    pub path: String,
    pub status: u16,
    pub body_bytes: usize,
    pub at: Instant,
}

#[derive(Debug, Clone)]
pub struct HttpServer {
    pub addr: SocketAddr,
    routes: Arc<Mutex<HashMap<String, Route>>>,
    hits: Arc<Mutex<Vec<Hit>>>,
}

impl HttpServer {
    pub fn start() -> HttpServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let server =
            HttpServer { addr: listener.local_addr().expect("addr"), routes: Arc::default(), hits: Arc::default() };
        let shared = server.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let shared = shared.clone();
                std::thread::spawn(move || shared.answer(stream));
            }
        });
        server
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn route(&self, path: &str, route: Route) {
        self.routes.lock().expect("routes").insert(path.to_owned(), route);
    }

    /// A real file with an ETag (and a Last-Modified unless `etag_only`).
    pub fn file(&self, path: &str, file: &Path, content_type: &str) {
        let body = std::fs::read(file).expect("data file");
        let etag = format!(
            "\"{:x}\"",
            body.iter().fold(0u64, |hash, byte| hash.wrapping_mul(31).wrapping_add(u64::from(*byte)))
        );
        self.route(
            path,
            Route::File {
                body,
                content_type: content_type.to_owned(),
                etag: Some(etag),
                last_modified: Some("Mon, 30 Sep 2002 11:00:00 GMT".to_owned()),
                gzip: false,
            },
        );
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.hits.lock().expect("hits").clone()
    }

    pub fn hits_on(&self, path: &str) -> Vec<Hit> {
        self.hits().into_iter().filter(|hit| hit.path == path).collect()
    }

    fn answer(&self, stream: TcpStream) {
        let mut reader = BufReader::new(stream.try_clone().expect("clone"));
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).is_err() {
            return;
        }
        let path = request_line.split_whitespace().nth(1).unwrap_or("/").to_owned();
        let mut headers = HashMap::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
            }
        }
        let route = self.routes.lock().expect("routes").get(&path).cloned();
        let mut stream = stream;
        let (status, body_bytes) = match route {
            None => respond(&mut stream, 404, &[], b"not found"),
            Some(Route::Status(status)) => respond(&mut stream, status, &[], b"server error"),
            Some(Route::Redirect(location)) => respond(&mut stream, 302, &[("Location", location)], b""),
            Some(Route::Slow(delay)) => {
                std::thread::sleep(delay);
                respond(&mut stream, 200, &[], b"late")
            }
            Some(Route::Endless(total)) => {
                let head = "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n\r\n";
                let _ = stream.write_all(head.as_bytes());
                let chunk = vec![b' '; 1 << 16];
                let mut sent = 0u64;
                while sent < total {
                    if stream.write_all(&chunk).is_err() {
                        break;
                    }
                    sent += chunk.len() as u64;
                }
                (200, usize::try_from(sent).unwrap_or(usize::MAX))
            }
            Some(Route::File { body, content_type, etag, last_modified, gzip }) => {
                let matches_etag = etag.is_some() && headers.get("if-none-match") == etag.as_ref();
                let matches_date = !headers.contains_key("if-none-match")
                    && last_modified.is_some()
                    && headers.get("if-modified-since") == last_modified.as_ref();
                let mut extra = vec![("Content-Type", content_type)];
                extra.extend(etag.map(|etag| ("ETag", etag)));
                extra.extend(last_modified.map(|date| ("Last-Modified", date)));
                if gzip {
                    extra.push(("Content-Encoding", "gzip".to_owned()));
                }
                if matches_etag || matches_date {
                    respond(&mut stream, 304, &extra, b"")
                } else {
                    respond(&mut stream, 200, &extra, &body)
                }
            }
        };
        self.hits.lock().expect("hits").push(Hit { path, status, body_bytes, at: Instant::now() });
    }
}

fn respond(stream: &mut TcpStream, status: u16, headers: &[(&str, String)], body: &[u8]) -> (u16, usize) {
    let mut head = format!("HTTP/1.1 {status} X\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if status != 304 {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    if status != 304 {
        let _ = stream.write_all(body);
    }
    let _ = stream.flush();
    (status, if status == 304 { 0 } else { body.len() })
}

/// The Jetstream events of the tests: the real golden events, plus real `site.standard.*`
/// records wrapped as create events (as a publisher's PDS emits them), sorted by `time_us`.
pub fn jetstream_events(data: &Path) -> Vec<(i64, String)> {
    let golden = std::fs::read_to_string(data.join("realworld/jetstream/js_golden_v1.jsonl")).expect("golden");
    let mut events: Vec<(i64, String)> = golden
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("event");
            (value["time_us"].as_i64().expect("time_us"), line.to_owned())
        })
        .collect();
    let mut time_us = events.iter().map(|(time, _)| *time).max().unwrap_or(0);
    let mut records: Vec<PathBuf> = std::fs::read_dir(data.join("realworld/atproto"))
        .expect("atproto")
        .flatten()
        .map(|entry| entry.path())
        .collect();
    records.sort();
    for (index, path) in records.iter().enumerate() {
        let record: serde_json::Value = serde_json::from_slice(&std::fs::read(path).expect("record")).expect("json");
        let collection = record["$type"].as_str().unwrap_or("site.standard.document").to_owned();
        let rkey = path.file_stem().expect("name").to_string_lossy().replace('_', "-");
        time_us += 1000;
        let event = serde_json::json!({
            "did": "did:plc:prepnetwork", "time_us": time_us, "kind": "commit",
            "commit": {"rev": format!("rev{index}"), "operation": "create", "collection": collection,
                       "rkey": rkey, "record": record, "cid": format!("bafy{index}")}
        });
        events.push((time_us, event.to_string()));
    }
    events.sort_by_key(|(time, _)| *time);
    events
}

/// How the Jetstream server behaves on each connection, in order (the last repeats).
#[derive(Debug, Clone, Copy)]
pub enum Connection {
    /// Sends every event from the cursor, then stays open and quiet.
    All,
    /// Sends this many events from the cursor, then drops the TCP connection without a close.
    DropAfter(usize),
    /// Sends this many events from the cursor, then stays open and quiet.
    PauseAfter(usize),
}

#[derive(Debug, Clone)]
pub struct JetstreamServer {
    pub addr: SocketAddr,
    /// The query of each connection's request, in order.
    pub queries: Arc<Mutex<Vec<String>>>,
}

impl JetstreamServer {
    pub fn start(events: Vec<(i64, String)>, plan: Vec<Connection>) -> JetstreamServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let server = JetstreamServer { addr: listener.local_addr().expect("addr"), queries: Arc::default() };
        let queries = Arc::clone(&server.queries);
        let events = Arc::new(events);
        std::thread::spawn(move || {
            for (index, stream) in listener.incoming().flatten().enumerate() {
                let behaviour = plan.get(index).or(plan.last()).copied().unwrap_or(Connection::All);
                let (queries, events) = (Arc::clone(&queries), Arc::clone(&events));
                std::thread::spawn(move || serve_events(stream, &events, behaviour, &queries));
            }
        });
        server
    }

    pub fn url(&self) -> String {
        format!("ws://{}/subscribe", self.addr)
    }

    pub fn cursors(&self) -> Vec<Option<i64>> {
        self.queries
            .lock()
            .expect("queries")
            .iter()
            .map(|query| {
                query.split('&').find_map(|pair| pair.strip_prefix("cursor=")).and_then(|cursor| cursor.parse().ok())
            })
            .collect()
    }
}

fn serve_events(stream: TcpStream, events: &[(i64, String)], behaviour: Connection, queries: &Mutex<Vec<String>>) {
    let mut query = String::new();
    let callback = |request: &tungstenite::handshake::server::Request, response| {
        query = request.uri().query().unwrap_or("").to_owned();
        Ok(response)
    };
    let Ok(mut socket) = tungstenite::accept_hdr(stream, callback) else { return };
    queries.lock().expect("queries").push(query.clone());
    let cursor: Option<i64> =
        query.split('&').find_map(|pair| pair.strip_prefix("cursor=")).and_then(|cursor| cursor.parse().ok());
    let wanted: Vec<&str> = query.split('&').filter_map(|pair| pair.strip_prefix("wantedCollections=")).collect();
    let from_cursor = events.iter().filter(|(time, _)| cursor.is_none_or(|cursor| *time >= cursor));
    // Jetstream filters commits by collection; identity and account events always pass.
    let wanted_events: Vec<&String> = from_cursor
        .filter(|(_, event)| {
            let value: serde_json::Value = serde_json::from_str(event).expect("event");
            match value["commit"]["collection"].as_str() {
                Some(collection) => wanted.is_empty() || wanted.contains(&collection),
                None => true,
            }
        })
        .map(|(_, event)| event)
        .collect();
    let limit = match behaviour {
        Connection::All => usize::MAX,
        Connection::DropAfter(count) | Connection::PauseAfter(count) => count,
    };
    for event in wanted_events.iter().take(limit) {
        if socket.send(tungstenite::Message::text((*event).clone())).is_err() {
            return;
        }
    }
    if let Connection::DropAfter(_) = behaviour {
        let _ = socket.get_mut().shutdown(std::net::Shutdown::Both);
        return;
    }
    // Quiet until the client leaves.
    let _ = socket.get_mut().set_read_timeout(Some(Duration::from_secs(30)));
    while socket.read().is_ok() {}
}

/// Reads a gzipped page.
pub fn gunzip(path: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).expect("page")).read_to_end(&mut out).expect("gzip");
    out
}
