//! Shared by the server's tests and its load example: a seeded store and a small HTTP/1.1
//! client (keep-alive, Content-Length or chunked bodies) so that tests talk to a real socket.

#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// The seed articles, or `None` (with a message) where ../shared/data is absent outside CI.
#[expect(clippy::print_stderr, reason = "a skipped test says why on the test's own output")]
pub fn seeds() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/seeds");
    if path.is_dir() {
        return Some(path);
    }
    assert!(std::env::var_os("CI").is_none(), "CI must have ../shared/data/seeds");
    eprintln!("skipping: {} is missing", path.display());
    None
}

/// A fresh store file in `folder` holding the three seed articles.
pub fn seeded_store(folder: &Path) -> Option<PathBuf> {
    let seeds = seeds()?;
    let db = folder.join("hearsay.db");
    let mut store = hearsay_store::Store::open(&db).expect("store opens");
    let summary =
        hearsay_pipeline::ingest(&[seeds], &mut store, &hearsay_pipeline::IngestOptions::default(), &mut |_| {})
            .expect("seeds ingest");
    assert_eq!(summary.stored, 3, "{summary:?}");
    Some(db)
}

/// Starts a server on a free loopback port, in the background of the current runtime.
pub async fn start(config: hearsay_server::ServerConfig) -> std::net::SocketAddr {
    let (sender, receiver) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        hearsay_server::serve(config, "127.0.0.1:0".parse().expect("address"), move |addr| {
            let _ = sender.send(addr);
        })
        .await
        .expect("server runs");
    });
    receiver.await.expect("server starts")
}

/// One keep-alive connection.
pub struct Client {
    stream: BufReader<TcpStream>,
    host: String,
}

/// A response: status, headers (lowercased names) and body.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

impl Client {
    pub async fn connect(addr: std::net::SocketAddr) -> std::io::Result<Client> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Client { stream: BufReader::new(stream), host: addr.to_string() })
    }

    pub async fn get(&mut self, path: &str) -> std::io::Result<Response> {
        self.request("GET", path, &[], &[]).await
    }

    pub async fn request(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> std::io::Result<Response> {
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n", self.host, body.len());
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let stream = self.stream.get_mut();
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(body).await?;
        stream.flush().await?;
        self.read_response().await
    }

    async fn read_response(&mut self) -> std::io::Result<Response> {
        let bad = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned());
        let mut line = String::new();
        self.stream.read_line(&mut line).await?;
        let status: u16 =
            line.split_whitespace().nth(1).and_then(|code| code.parse().ok()).ok_or_else(|| bad("no status line"))?;
        let mut headers = Vec::new();
        loop {
            line.clear();
            if self.stream.read_line(&mut line).await? == 0 {
                return Err(bad("connection closed in headers"));
            }
            let trimmed = line.trim_end();
            if trimmed.is_empty() {
                break;
            }
            if let Some((name, value)) = trimmed.split_once(':') {
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
            }
        }
        let find = |name: &str| headers.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone());
        let mut body = Vec::new();
        if find("transfer-encoding").is_some_and(|value| value.eq_ignore_ascii_case("chunked")) {
            loop {
                line.clear();
                self.stream.read_line(&mut line).await?;
                let size = usize::from_str_radix(line.trim(), 16).map_err(|_| bad("bad chunk size"))?;
                let mut chunk = vec![0; size + 2];
                self.stream.read_exact(&mut chunk).await?;
                if size == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..size]);
            }
        } else {
            let length: usize = find("content-length").and_then(|value| value.parse().ok()).unwrap_or(0);
            body.resize(length, 0);
            self.stream.read_exact(&mut body).await?;
        }
        Ok(Response { status, headers, body })
    }
}

/// A multipart/form-data body with one `file` field per (name, bytes), and its content type.
pub fn multipart(files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "hearsay-test-boundary-7d1f";
    let mut body = Vec::new();
    for (name, bytes) in files {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
