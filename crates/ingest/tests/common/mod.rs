//! Test helpers: the shared reference data, temp files made from it, a WARC writer, a small PRNG.
#![allow(dead_code, unreachable_pub, reason = "each test crate uses a different part of these helpers")]

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;
use hearsay_article::{RawArticle, Record};
use hearsay_ingest::{read_bytes, read_file, Limits, RecordError};

/// The reference data folder, or `None` (with a message) when it is absent.
#[expect(clippy::print_stderr, reason = "a skipped test says why on the test's own output")]
pub fn data() -> Option<PathBuf> {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"));
    if path.is_dir() {
        Some(path)
    } else {
        eprintln!("skipping: ../shared/data not found");
        None
    }
}

/// Returns from the test when the reference data is absent.
#[macro_export]
macro_rules! data_or_skip {
    () => {
        match common::data() {
            Some(data) => data,
            None => return,
        }
    };
}

pub fn seed(data: &Path, prefix: &str) -> PathBuf {
    let folder = data.join("seeds");
    let mut names: Vec<PathBuf> =
        fs::read_dir(&folder).expect("seeds folder").map(|entry| entry.expect("entry").path()).collect();
    names.sort();
    names
        .into_iter()
        .find(|path| path.file_name().is_some_and(|name| name.to_string_lossy().starts_with(prefix)))
        .expect("seed file")
}

/// The first `n` extraction pages (decompressed) with their URLs, sorted by id.
pub fn extraction_pages(data: &Path, n: usize) -> Vec<(String, Vec<u8>)> {
    let truth: serde_json::Value =
        serde_json::from_slice(&fs::read(data.join("extraction/ground-truth.json")).expect("ground truth"))
            .expect("json");
    let mut ids: Vec<&String> = truth.as_object().expect("object").keys().collect();
    ids.sort();
    ids.into_iter()
        .take(n)
        .map(|id| {
            let gz = fs::read(data.join(format!("extraction/html/{id}.html.gz"))).expect("page");
            let mut html = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(gz.as_slice()), &mut html)
                .expect("gunzip page");
            (truth[id]["url"].as_str().expect("url").to_owned(), html)
        })
        .collect()
}

/// The first `n` PolNeAR train texts, sorted by name: (name, text).
pub fn polnear(data: &Path, n: usize) -> Vec<(String, String)> {
    let folder = data.join("attribution/polnear/train/text");
    let mut paths: Vec<PathBuf> =
        fs::read_dir(&folder).expect("polnear").map(|entry| entry.expect("entry").path()).collect();
    paths.sort();
    paths
        .into_iter()
        .take(n)
        .map(|path| {
            (path.file_stem().expect("stem").to_string_lossy().into_owned(), fs::read_to_string(&path).expect("text"))
        })
        .collect()
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

/// One WARC record with CRLF line ends and the blank lines after it.
pub fn warc_record(warc_type: &str, id: &str, uri: Option<&str>, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(b"WARC/1.1\r\n");
    out.extend_from_slice(
        format!("WARC-Type: {warc_type}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Date: 2019-11-19T12:00:00Z\r\n")
            .as_bytes(),
    );
    if let Some(uri) = uri {
        out.extend_from_slice(format!("WARC-Target-URI: {uri}\r\n").as_bytes());
    }
    out.extend_from_slice(
        format!("Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n", block.len()).as_bytes(),
    );
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// An HTTP response block for a page.
pub fn http_response(content_type: &str, extra_headers: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n{extra_headers}Content-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// A crawl of `pages`: warcinfo, then for each page a request and a response, plus one PNG
/// response in the middle. Records are returned separately so callers can gzip each.
pub fn warc_records(pages: &[(String, Vec<u8>)]) -> Vec<Vec<u8>> {
    let mut records = vec![warc_record(
        "warcinfo",
        "00000000-0000-0000-0000-000000000000",
        None,
        "application/warc-fields",
        b"software: hearsay-test\r\n",
    )];
    for (index, (url, html)) in pages.iter().enumerate() {
        let request = format!("GET / HTTP/1.1\r\nHost: {url}\r\n\r\n");
        records.push(warc_record(
            "request",
            &format!("req-{index}"),
            Some(url),
            "application/http; msgtype=request",
            request.as_bytes(),
        ));
        let response = http_response("text/html; charset=utf-8", "", html);
        records.push(warc_record(
            "response",
            &format!("page-{index}"),
            Some(url),
            "application/http; msgtype=response",
            &response,
        ));
        if index == 0 {
            let png = http_response("image/png", "", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01");
            records.push(warc_record(
                "response",
                "image-0",
                Some("https://example.com/a.png"),
                "application/http; msgtype=response",
                &png,
            ));
        }
    }
    records
}

pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).expect("write temp file");
    path
}

/// All items of a file.
pub fn read_all(path: &Path) -> Vec<Result<Record, RecordError>> {
    read_file(path, &Limits::default()).collect()
}

pub fn read_all_bytes(name: &str, bytes: &[u8]) -> Vec<Result<Record, RecordError>> {
    read_bytes(name, bytes.to_vec(), &Limits::default()).collect()
}

/// The items that are not deliberate skips (WARC requests and warcinfo, Jetstream likes); each
/// skip must carry a reason.
pub fn unskipped(items: Vec<Result<Record, RecordError>>) -> Vec<Result<Record, RecordError>> {
    items
        .into_iter()
        .filter(|item| match item {
            Err(error) if error.kind == hearsay_ingest::ErrorKind::Skipped => {
                assert!(!error.reason.is_empty(), "a skip without a reason: {error:?}");
                false
            }
            _ => true,
        })
        .collect()
}

pub fn article(item: &Result<Record, RecordError>) -> &RawArticle {
    match item {
        Ok(Record::Article(article)) => article,
        other => panic!("expected an article, got {other:?}"),
    }
}

pub fn error(item: &Result<Record, RecordError>) -> &RecordError {
    match item {
        Err(error) => error,
        other => panic!("expected an error, got {other:?}"),
    }
}

/// xorshift64*: deterministic random bytes without a dependency.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

pub fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}
