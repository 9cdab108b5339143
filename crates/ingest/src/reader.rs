//! [`RecordReader`]: opens a file or a byte buffer, detects its format and streams its records.

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use hearsay_article::{InputFormat, SourceRef};

use crate::detect::{sniff, strip_gz, Sniffed};
use crate::formats::{feed, json_values, text, warc, Context, Item, Records};
use crate::input::{open, Opened};
use crate::{Limits, RecordError};

/// The records of one file, in file order: an iterator of `Result<Record, RecordError>`.
///
/// Reading is lazy and streaming: a record is read when it is asked for, and memory stays within
/// one record (one feed, for feeds). Errors that end the file (a truncated stream) come last.
pub struct RecordReader {
    format: Option<InputFormat>,
    records: Records,
    /// The file, for the failure that a panic in a parser becomes.
    path: String,
    /// Items yielded so far: the index of the next record.
    yielded: usize,
    done: bool,
}

impl RecordReader {
    /// The detected format, or `None` when the file could not be opened or is not a news format.
    pub fn format(&self) -> Option<InputFormat> {
        self.format
    }

    fn failed(source: SourceRef, reason: impl Into<String>) -> RecordReader {
        let path = source.path.clone();
        RecordReader::new(None, path, Box::new(std::iter::once(Err(RecordError::failed(source, reason)))))
    }

    fn new(format: Option<InputFormat>, path: String, records: Records) -> RecordReader {
        RecordReader { format, records, path, yielded: 0, done: false }
    }
}

impl fmt::Debug for RecordReader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordReader").field("format", &self.format).finish_non_exhaustive()
    }
}

impl Iterator for RecordReader {
    type Item = Item;

    /// The next record. A panic inside a parser (a third-party one met input it did not
    /// expect) becomes that record's failure, naming the file and the record, and ends the file:
    /// the parser's state cannot be trusted after it. The rest of a batch is unaffected.
    fn next(&mut self) -> Option<Item> {
        if self.done {
            return None;
        }
        match catch_unwind(AssertUnwindSafe(|| self.records.next())) {
            Ok(Some(item)) => {
                self.yielded += 1;
                Some(item)
            }
            Ok(None) => {
                self.done = true;
                None
            }
            Err(payload) => {
                self.done = true;
                let detail = payload
                    .downcast_ref::<&str>()
                    .map(|text| (*text).to_owned())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                let source = SourceRef::member(self.path.clone(), format!("#{}", self.yielded), None);
                let reason = format!("internal error while reading (a bug: please report it with this file): {detail}");
                Some(Err(RecordError::failed(source, reason.trim_end_matches([' ', ':']).to_owned())))
            }
        }
    }
}

/// Reads the records of one file, detecting its format from its content.
///
/// Never fails up front: a file that cannot be opened, or is empty or binary, yields one
/// [`RecordError`] naming it.
pub fn read_file(path: &Path, limits: &Limits) -> RecordReader {
    let name = path.display().to_string();
    let file = match File::open(path) {
        Ok(file) => file,
        Err(error) => return RecordReader::failed(SourceRef::file(name), format!("cannot open: {error}")),
    };
    match file.metadata() {
        Ok(metadata) if metadata.is_dir() => {
            return RecordReader::failed(SourceRef::file(name), "is a folder, not a file")
        }
        Ok(_) => {}
        Err(error) => return RecordReader::failed(SourceRef::file(name), format!("cannot read: {error}")),
    }
    read_stream(name, Box::new(file), limits)
}

/// Reads the records of bytes already in memory (an upload); `name` stands for the path in
/// sources and helps detection only where content is ambiguous.
pub fn read_bytes(name: &str, bytes: Vec<u8>, limits: &Limits) -> RecordReader {
    read_stream(name.to_owned(), Box::new(std::io::Cursor::new(bytes)), limits)
}

/// Reads bytes already in memory as the given format, skipping detection: for callers that
/// know the format (a queue message that says it) and for the per-format fuzz targets, which
/// must reach a parser with bytes that detection would send elsewhere.
pub fn read_bytes_as(name: &str, bytes: Vec<u8>, format: InputFormat, limits: &Limits) -> RecordReader {
    let opened = match open(Box::new(std::io::Cursor::new(bytes)), limits.max_decompressed_bytes) {
        Ok(opened) => opened,
        Err(error) => return RecordReader::failed(SourceRef::file(name.to_owned()), format!("cannot read: {error}")),
    };
    read_opened(name.to_owned(), opened, format, limits)
}

fn read_stream(name: String, raw: Box<dyn Read + Send>, limits: &Limits) -> RecordReader {
    let opened = match open(raw, limits.max_decompressed_bytes) {
        Ok(opened) => opened,
        Err(error) => return RecordReader::failed(SourceRef::file(name), format!("cannot read: {error}")),
    };
    let detect_name = if opened.gzipped { strip_gz(&name).to_owned() } else { name.clone() };
    let format = match sniff(&detect_name, &opened.prefix) {
        Sniffed::Format(format) => format,
        // An empty gzip member list, or a gzip file cut before its first byte of output.
        Sniffed::Empty if opened.gzipped => {
            let mut input = opened.input;
            let mut sink = Vec::new();
            let reason = match input.read_to_end(&mut sink) {
                Err(error) => crate::error::stream_failure(&error),
                Ok(_) => "empty file".to_owned(),
            };
            return RecordReader::failed(SourceRef::file(name), reason);
        }
        Sniffed::Empty => return RecordReader::failed(SourceRef::file(name), "empty file"),
        Sniffed::Unsupported(reason) => return RecordReader::failed(SourceRef::file(name), reason),
    };
    read_opened(name, opened, format, limits)
}

fn read_opened(name: String, opened: Opened, format: InputFormat, limits: &Limits) -> RecordReader {
    let context_path = name.clone();
    let context = Context { path: name, input: format, limits: limits.clone() };
    let records: Records = match format {
        InputFormat::Text | InputFormat::Html => text::read_single(context, opened.input),
        InputFormat::Atproto | InputFormat::Jetstream | InputFormat::JsonLines => {
            json_values::read_records(context, opened.input, &opened.prefix)
        }
        InputFormat::Rss | InputFormat::Atom | InputFormat::JsonFeed => feed::read_feed(context, opened.input),
        InputFormat::Warc => Box::new(warc::WarcReader::new(context, opened.input)),
    };
    RecordReader::new(Some(format), context_path, records)
}
