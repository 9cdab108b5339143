//! WARC archives: plain, gzipped per record (the usual `.warc.gz`) or gzipped whole. Each
//! `response` record whose HTTP payload is HTML, and each `resource` record of HTML, becomes an
//! article; requests, metadata, warcinfo, revisits and non-HTML payloads are passed over silently.
//!
//! This is a small reader of our own rather than the `warc` crate: that crate gunzips with
//! libflate on its own, reads each record's whole block into memory before we can look at its
//! type or size (a crawl holds 50 MB videos), has no byte offsets, and reports a cut-off file as
//! a generic parse error. Here the shared input layer gunzips any member layout with flate2's
//! `MultiGzDecoder`, headers are read line by line, and a block is read only when it is HTML
//! within [`crate::Limits::max_record_bytes`]; everything else is skipped as it streams past.

use std::io::{self, BufRead, Read};

use flate2::read::{MultiGzDecoder, ZlibDecoder};
use hearsay_article::{Hints, RawArticle, Record, RecordFormat};

use super::{Context, Item};
use crate::error::stream_failure;
use crate::input::{Input, Line};
use crate::limits::too_large;
use crate::RecordError;

/// Longest header line read (WARC or HTTP); cookies and CSP headers run to a few KiB.
const MAX_HEADER_LINE: usize = 64 * 1024;
/// Most header lines in one header block.
const MAX_HEADER_LINES: usize = 1000;

/// The records of a WARC file, read one at a time.
pub(crate) struct WarcReader {
    context: Context,
    input: Input,
    line: Vec<u8>,
    done: bool,
}

impl WarcReader {
    pub(crate) fn new(context: Context, input: Input) -> WarcReader {
        WarcReader { context, input, line: Vec::new(), done: false }
    }

    fn stop(&mut self, member: Option<String>, offset: u64, reason: String) -> Option<Item> {
        self.done = true;
        let source = match member {
            Some(member) => self.context.member(member, Some(offset)),
            None => hearsay_article::SourceRef { offset: Some(offset), ..self.context.file() },
        };
        Some(Err(RecordError::failed(source, reason)))
    }

    /// Reads the next record: an article, a skip with its reason, the end, or a broken stream.
    fn next_item(&mut self) -> Option<Item> {
        {
            // Records are followed by two CRLFs; tolerate any number of blank lines.
            let next = match self.input.skip_whitespace() {
                Ok(next) => next,
                Err(error) => return self.stop(None, self.input.position(), stream_failure(&error)),
            };
            if next.is_none() {
                self.done = true;
                return None;
            }
            let offset = self.input.position();
            let headers = match read_headers(&mut self.input, &mut self.line) {
                Ok(Headers::Complete(headers)) => headers,
                Ok(Headers::Truncated) => return self.stop(None, offset, "truncated WARC record".to_owned()),
                Ok(Headers::NotWarc(found)) => {
                    return self.stop(None, offset, format!("not a WARC record: found {found:?}"))
                }
                Ok(Headers::TooLong) => return self.stop(None, offset, "WARC header too long".to_owned()),
                Err(error) => return self.stop(None, offset, stream_failure(&error)),
            };
            let record_id = header(&headers, "warc-record-id").map(str::to_owned);
            let Some(length) = header(&headers, "content-length").and_then(|length| length.trim().parse::<u64>().ok())
            else {
                return self.stop(record_id, offset, "WARC record without a valid Content-Length".to_owned());
            };
            let warc_type = header(&headers, "warc-type").unwrap_or("").to_ascii_lowercase();
            let member = record_id.clone().unwrap_or_else(|| format!("#{offset}"));
            let source = self.context.member(member.clone(), Some(offset));
            let (outcome, truncated) = {
                let mut block = (&mut self.input).take(length);
                let outcome = match warc_type.as_str() {
                    "response" => read_response(&mut block, &self.context, &mut self.line),
                    "resource" if is_html(header(&headers, "content-type").unwrap_or("")) => {
                        let charset = header(&headers, "content-type").and_then(charset_of);
                        read_body(&mut block, self.context.limits.max_record_bytes)
                            .map(|body| body.map(|bytes| Payload { bytes, charset }))
                    }
                    "" => Ok(Outcome::Skip("WARC record without a WARC-Type".to_owned())),
                    "resource" => Ok(Outcome::Skip("WARC resource record, not HTML".to_owned())),
                    other => Ok(Outcome::Skip(format!("WARC {other} record, not an article"))),
                };
                // Whatever the payload reader left, the block is read to its end.
                let rest = io::copy(&mut block, &mut io::sink());
                let outcome = match (outcome, rest) {
                    (Err(error), _) | (_, Err(error)) => Err(error),
                    (Ok(outcome), Ok(_)) => Ok(outcome),
                };
                (outcome, block.limit() > 0)
            };
            if truncated && outcome.is_ok() {
                return self.stop(Some(member), offset, "truncated WARC record".to_owned());
            }
            match outcome {
                Err(error) => {
                    let reason = stream_failure(&error);
                    self.stop(Some(member), offset, reason)
                }
                Ok(Outcome::Skip(reason)) => Some(Err(RecordError::skipped(source, reason))),
                Ok(Outcome::Failed(reason)) => Some(Err(RecordError::failed(source, reason))),
                Ok(Outcome::Payload(payload)) => {
                    let hints = Hints {
                        url: header(&headers, "warc-target-uri")
                            .map(|uri| uri.trim_matches(|c| c == '<' || c == '>').to_owned()),
                        published: header(&headers, "warc-date").map(str::to_owned),
                        record_type: Some(format!("warc-{warc_type}")),
                        ..Hints::default()
                    };
                    Some(Ok(Record::Article(RawArticle {
                        source,
                        input: self.context.input,
                        format: RecordFormat::Html,
                        bytes: payload.bytes,
                        charset: payload.charset,
                        hints,
                    })))
                }
            }
        }
    }
}

impl Iterator for WarcReader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if self.done {
            return None;
        }
        self.next_item()
    }
}

/// An HTML payload and its declared charset.
struct Payload {
    bytes: Vec<u8>,
    charset: Option<String>,
}

/// What one record's block gave.
enum Outcome<T> {
    Payload(T),
    /// Not an article, and why.
    Skip(String),
    Failed(String),
}

impl<T> Outcome<T> {
    fn map<U>(self, f: impl FnOnce(T) -> U) -> Outcome<U> {
        match self {
            Outcome::Payload(value) => Outcome::Payload(f(value)),
            Outcome::Skip(reason) => Outcome::Skip(reason),
            Outcome::Failed(reason) => Outcome::Failed(reason),
        }
    }
}

/// An HTTP response: status line, headers, body. Only 2xx HTML responses are articles; a 301's
/// "Moved" page or a 404 page is not news.
fn read_response(block: &mut impl BufRead, context: &Context, line: &mut Vec<u8>) -> io::Result<Outcome<Payload>> {
    let headers = match read_http_headers(block, line)? {
        Some(headers) => headers,
        None => return Ok(Outcome::Skip("WARC response record without an HTTP status line".to_owned())),
    };
    if !(200..300).contains(&headers.status) {
        return Ok(Outcome::Skip(format!("HTTP {} response, not a page", headers.status)));
    }
    let content_type = header(&headers.fields, "content-type").unwrap_or("");
    if !is_html(content_type) {
        let shown = if content_type.is_empty() { "no Content-Type" } else { content_type };
        return Ok(Outcome::Skip(format!("HTTP response with {shown}, not HTML")));
    }
    let charset = charset_of(content_type);
    let limit = context.limits.max_record_bytes;
    let body = match read_body(block, limit)? {
        Outcome::Payload(body) => body,
        Outcome::Skip(reason) => return Ok(Outcome::Skip(reason)),
        Outcome::Failed(reason) => return Ok(Outcome::Failed(reason)),
    };
    let chunked = header(&headers.fields, "transfer-encoding")
        .is_some_and(|value| value.to_ascii_lowercase().contains("chunked"));
    let body = if chunked { dechunk(&body).unwrap_or(body) } else { body };
    let encoding = header(&headers.fields, "content-encoding").unwrap_or("identity").trim().to_ascii_lowercase();
    let body = match encoding.as_str() {
        "" | "identity" | "none" => body,
        // Crawlers often store the body already decoded and keep the header: without the gzip
        // magic the body is taken as it is.
        "gzip" | "x-gzip" if !body.starts_with(&crate::input::GZIP_MAGIC) => body,
        "gzip" | "x-gzip" => match inflate_lenient(MultiGzDecoder::new(body.as_slice()), limit) {
            Outcome::Payload(body) => body,
            Outcome::Skip(reason) => return Ok(Outcome::Skip(reason)),
            Outcome::Failed(reason) => return Ok(Outcome::Failed(reason)),
        },
        "deflate" => match inflate(ZlibDecoder::new(body.as_slice()), limit) {
            Outcome::Payload(body) => body,
            _ => match inflate(flate2::read::DeflateDecoder::new(body.as_slice()), limit) {
                Outcome::Payload(body) => body,
                Outcome::Skip(reason) => return Ok(Outcome::Skip(reason)),
                Outcome::Failed(reason) => return Ok(Outcome::Failed(reason)),
            },
        },
        other => return Ok(Outcome::Failed(format!("unsupported Content-Encoding {other}"))),
    };
    Ok(Outcome::Payload(Payload { bytes: body, charset }))
}

/// Reads the rest of a block, or fails the record when it is over the limit.
fn read_body(block: &mut impl Read, limit: usize) -> io::Result<Outcome<Vec<u8>>> {
    let mut body = Vec::new();
    block.take(limit as u64 + 1).read_to_end(&mut body)?;
    if body.len() > limit {
        return Ok(Outcome::Failed(too_large(limit)));
    }
    Ok(Outcome::Payload(body))
}

fn inflate(decoder: impl Read, limit: usize) -> Outcome<Vec<u8>> {
    let mut body = Vec::new();
    match decoder.take(limit as u64 + 1).read_to_end(&mut body) {
        Ok(_) if body.len() > limit => Outcome::Failed(too_large(limit)),
        Ok(_) => Outcome::Payload(body),
        Err(error) => Outcome::Failed(format!("cannot decompress HTTP body: {error}")),
    }
}

/// Like [`inflate`], but a stream cut short keeps what decompressed before the cut (a
/// truncated capture still holds most of its page); an error before any output fails.
fn inflate_lenient(mut decoder: impl Read, limit: usize) -> Outcome<Vec<u8>> {
    let mut body = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        match decoder.read(&mut chunk) {
            Ok(0) => return Outcome::Payload(body),
            Ok(read) => {
                body.extend_from_slice(&chunk[..read]);
                if body.len() > limit {
                    return Outcome::Failed(too_large(limit));
                }
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(_) if !body.is_empty() => return Outcome::Payload(body),
            Err(error) => return Outcome::Failed(format!("cannot decompress HTTP body: {error}")),
        }
    }
}

/// Undoes `Transfer-Encoding: chunked`; `None` when the body is not validly chunked (crawlers
/// often store the de-chunked body and keep the header).
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut position = 0;
    loop {
        let line_end = position + memchr::memchr(b'\n', &body[position..])?;
        let size_text = std::str::from_utf8(&body[position..line_end]).ok()?;
        let size_text = size_text.trim().split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        position = line_end + 1;
        if size == 0 {
            return Some(out);
        }
        let end = position.checked_add(size)?;
        out.extend_from_slice(body.get(position..end)?);
        position = end;
        // The CRLF after the chunk data.
        while matches!(body.get(position), Some(b'\r' | b'\n')) {
            position += 1;
            if body.get(position - 1) == Some(&b'\n') {
                break;
            }
        }
        if position >= body.len() {
            return Some(out);
        }
    }
}

/// Header names lowercased, values trimmed, in file order.
type Fields = Vec<(String, String)>;

fn header<'a>(fields: &'a Fields, name: &str) -> Option<&'a str> {
    fields.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
}

fn is_html(content_type: &str) -> bool {
    let media = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    media == "text/html" || media == "application/xhtml+xml"
}

/// The `charset` parameter of a Content-Type, unquoted.
fn charset_of(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(|c| c == '"' || c == '\'').to_owned())
    })
}

enum Headers {
    Complete(Fields),
    Truncated,
    NotWarc(String),
    TooLong,
}

/// Reads a WARC version line and header block up to the blank line.
fn read_headers(input: &mut Input, line: &mut Vec<u8>) -> io::Result<Headers> {
    match input.read_line_limited(line, MAX_HEADER_LINE)? {
        Line::End => return Ok(Headers::Truncated),
        Line::TooLong => return Ok(Headers::TooLong),
        Line::Complete => {}
    }
    if !line.starts_with(b"WARC/") {
        // A file cut inside the version line of its last record.
        if b"WARC/".starts_with(line) || line.is_empty() {
            return Ok(Headers::Truncated);
        }
        let shown: String = String::from_utf8_lossy(&line[..line.len().min(40)]).into_owned();
        return Ok(Headers::NotWarc(shown));
    }
    let mut fields = Fields::new();
    loop {
        match input.read_line_limited(line, MAX_HEADER_LINE)? {
            Line::End => return Ok(Headers::Truncated),
            Line::TooLong => return Ok(Headers::TooLong),
            Line::Complete => {}
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            return Ok(Headers::Complete(fields));
        }
        if fields.len() >= MAX_HEADER_LINES {
            return Ok(Headers::TooLong);
        }
        push_field(&mut fields, line);
    }
}

fn push_field(fields: &mut Fields, line: &[u8]) {
    let text = String::from_utf8_lossy(line);
    if let Some((name, value)) = text.split_once(':') {
        fields.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    } else if let Some((_, value)) = fields.last_mut() {
        // An old-style folded continuation line.
        value.push(' ');
        value.push_str(text.trim());
    }
}

struct HttpHeaders {
    status: u16,
    fields: Fields,
}

/// Reads an HTTP status line and headers from a response block; `None` if it is not HTTP.
fn read_http_headers(block: &mut impl BufRead, line: &mut Vec<u8>) -> io::Result<Option<HttpHeaders>> {
    if !read_block_line(block, line)? {
        return Ok(None);
    }
    let status_line = String::from_utf8_lossy(line).into_owned();
    if !status_line.starts_with("HTTP/") {
        return Ok(None);
    }
    let Some(status) = status_line.split_whitespace().nth(1).and_then(|code| code.parse::<u16>().ok()) else {
        return Ok(None);
    };
    let mut fields = Fields::new();
    loop {
        if !read_block_line(block, line)? || line.iter().all(u8::is_ascii_whitespace) {
            return Ok(Some(HttpHeaders { status, fields }));
        }
        if fields.len() < MAX_HEADER_LINES {
            push_field(&mut fields, line);
        }
    }
}

/// One line of a block, without its line ending, cut at [`MAX_HEADER_LINE`]; false at the end.
fn read_block_line(block: &mut impl BufRead, line: &mut Vec<u8>) -> io::Result<bool> {
    line.clear();
    let read = block.take(MAX_HEADER_LINE as u64).read_until(b'\n', line)?;
    while matches!(line.last(), Some(b'\n' | b'\r')) {
        line.pop();
    }
    Ok(read > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(dechunk(b"5\r\nHello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n").as_deref(), Some(&b"Hello, world"[..]));
        assert_eq!(dechunk(b"<html>not chunked</html>"), None);
    }

    #[test]
    fn content_types() {
        assert!(is_html("text/html; charset=ISO-8859-1"));
        assert!(!is_html("image/png"));
        assert_eq!(charset_of("text/html; charset=\"windows-1251\"").as_deref(), Some("windows-1251"));
    }
}
