//! The byte stream under every format reader: optional gzip, the decompressed-size limit, a
//! peeked prefix for detection, and a position counter for byte offsets.

use std::io::{self, BufRead, BufReader, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use flate2::bufread::MultiGzDecoder;

use crate::error::StreamError;
use crate::limits::human_bytes;

/// How many decompressed bytes detection looks at.
pub(crate) const PREFIX_LEN: usize = 64 * 1024;

const BUFFER_LEN: usize = 64 * 1024;

pub(crate) const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// A decompressed, buffered stream that counts the bytes consumed, for record offsets.
pub(crate) struct Input {
    inner: Box<dyn BufRead + Send>,
    position: u64,
}

impl Input {
    /// Bytes consumed so far from the (decompressed) stream.
    pub(crate) fn position(&self) -> u64 {
        self.position
    }

    /// Reads up to `limit` bytes. `Ok(None)` means the stream held more than `limit` bytes; the
    /// rest is left unread, so a 200 MB file costs `limit` bytes of memory, not 200 MB.
    pub(crate) fn read_at_most(&mut self, limit: u64) -> io::Result<Option<Vec<u8>>> {
        let mut bytes = Vec::new();
        (&mut *self).take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
        if bytes.len() as u64 > limit {
            return Ok(None);
        }
        Ok(Some(bytes))
    }

    /// Skips ASCII whitespace; returns the next byte without consuming it, `None` at the end.
    pub(crate) fn skip_whitespace(&mut self) -> io::Result<Option<u8>> {
        loop {
            let buffer = self.fill_buf()?;
            if buffer.is_empty() {
                return Ok(None);
            }
            match buffer.iter().position(|byte| !byte.is_ascii_whitespace()) {
                Some(index) => {
                    let next = buffer[index];
                    self.consume(index);
                    return Ok(Some(next));
                }
                None => {
                    let len = buffer.len();
                    self.consume(len);
                }
            }
        }
    }

    /// Reads one line (without its `\n`) into `line`, keeping at most `limit` bytes of it.
    /// The rest of a longer line is skipped at memchr speed without being stored.
    pub(crate) fn read_line_limited(&mut self, line: &mut Vec<u8>, limit: usize) -> io::Result<Line> {
        line.clear();
        let mut total = 0usize;
        let mut seen_any = false;
        loop {
            let buffer = self.fill_buf()?;
            if buffer.is_empty() {
                return Ok(match (seen_any, total > limit) {
                    (false, _) => Line::End,
                    (true, true) => Line::TooLong,
                    (true, false) => Line::Complete,
                });
            }
            seen_any = true;
            let (chunk_len, found_newline) = match memchr::memchr(b'\n', buffer) {
                Some(index) => (index, true),
                None => (buffer.len(), false),
            };
            if total <= limit {
                let room = limit + 1 - total;
                line.extend_from_slice(&buffer[..chunk_len.min(room)]);
            }
            total = total.saturating_add(chunk_len);
            self.consume(chunk_len + usize::from(found_newline));
            if found_newline {
                if total > limit {
                    line.clear();
                    return Ok(Line::TooLong);
                }
                return Ok(Line::Complete);
            }
        }
    }
}

/// What [`Input::read_line_limited`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Line {
    /// A line, in the buffer.
    Complete,
    /// A line longer than the limit, skipped.
    TooLong,
    /// No more lines.
    End,
}

impl Read for Input {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(out)?;
        self.position += read as u64;
        Ok(read)
    }
}

impl BufRead for Input {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.inner.consume(amount);
        self.position += amount as u64;
    }
}

/// An opened stream: its first bytes for detection, whether it was gzipped, and the stream itself
/// (which still yields the prefix).
pub(crate) struct Opened {
    pub(crate) prefix: Vec<u8>,
    pub(crate) gzipped: bool,
    pub(crate) input: Input,
}

/// Opens a raw byte source: undoes gzip when the bytes start with its magic number, and peeks
/// the first [`PREFIX_LEN`] decompressed bytes.
pub(crate) fn open(raw: Box<dyn Read + Send>, max_decompressed_bytes: u64) -> io::Result<Opened> {
    let compressed_bytes = Arc::new(AtomicU64::new(0));
    let mut buffered =
        BufReader::with_capacity(BUFFER_LEN, Counting { inner: raw, count: Arc::clone(&compressed_bytes) });
    let gzipped = buffered.fill_buf()?.starts_with(&GZIP_MAGIC);
    let mut decoded: Box<dyn Read + Send> = if gzipped {
        Box::new(Gunzip {
            decoder: MultiGzDecoder::new(buffered),
            compressed_bytes,
            produced: 0,
            limit: max_decompressed_bytes,
            failed: None,
        })
    } else {
        Box::new(buffered)
    };
    let mut prefix = Vec::with_capacity(PREFIX_LEN);
    let mut pending_error = None;
    match (&mut decoded).take(PREFIX_LEN as u64).read_to_end(&mut prefix) {
        Ok(_) => {}
        Err(error) => pending_error = Some(error),
    }
    let replay = Replay { prefix: io::Cursor::new(prefix.clone()), pending_error, rest: decoded };
    let input = Input { inner: Box::new(BufReader::with_capacity(BUFFER_LEN, replay)), position: 0 };
    Ok(Opened { prefix, gzipped, input })
}

/// Counts bytes read from the file, so a truncated gzip stream can say where it broke.
struct Counting {
    inner: Box<dyn Read + Send>,
    count: Arc<AtomicU64>,
}

impl Read for Counting {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(out)?;
        self.count.fetch_add(read as u64, Ordering::Relaxed);
        Ok(read)
    }
}

/// Multi-member gzip (one member per WARC record, or one for the whole file) with the
/// decompressed-size limit, turning flate2's errors into [`StreamError`]s.
struct Gunzip {
    decoder: MultiGzDecoder<BufReader<Counting>>,
    compressed_bytes: Arc<AtomicU64>,
    produced: u64,
    limit: u64,
    /// Once broken, the stream stays broken: every later read repeats the error.
    failed: Option<(io::ErrorKind, StreamError)>,
}

impl Gunzip {
    fn error(&mut self, kind: io::ErrorKind, stream: StreamError) -> io::Error {
        self.failed = Some((kind, stream.clone()));
        io::Error::new(kind, stream)
    }
}

impl Read for Gunzip {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if let Some((kind, stream)) = &self.failed {
            return Err(io::Error::new(*kind, stream.clone()));
        }
        match self.decoder.read(out) {
            Ok(read) => {
                self.produced += read as u64;
                if self.produced > self.limit {
                    let limit = human_bytes(self.limit);
                    return Err(self.error(io::ErrorKind::InvalidData, StreamError::DecompressedTooLarge { limit }));
                }
                Ok(read)
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => Err(error),
            Err(error) => {
                let after = self.compressed_bytes.load(Ordering::Relaxed);
                let stream = if error.kind() == io::ErrorKind::UnexpectedEof {
                    StreamError::TruncatedGzip { after }
                } else {
                    StreamError::CorruptGzip { after, detail: error.to_string() }
                };
                Err(self.error(error.kind(), stream))
            }
        }
    }
}

/// Gives back the peeked prefix, then an error met while peeking, then the rest of the stream.
struct Replay {
    prefix: io::Cursor<Vec<u8>>,
    pending_error: Option<io::Error>,
    rest: Box<dyn Read + Send>,
}

impl Read for Replay {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let read = self.prefix.read(out)?;
        if read > 0 || out.is_empty() {
            return Ok(read);
        }
        if let Some(error) = self.pending_error.take() {
            return Err(error);
        }
        self.rest.read(out)
    }
}

/// Decompresses as much of a gzipped prefix as it holds, for detection.
pub(crate) fn gunzip_prefix(prefix: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut decoder = MultiGzDecoder::new(prefix);
    let mut chunk = [0u8; 8192];
    while out.len() < PREFIX_LEN {
        match decoder.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(read) => out.extend_from_slice(&chunk[..read]),
        }
    }
    out.truncate(PREFIX_LEN);
    out
}
