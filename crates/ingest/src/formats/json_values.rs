//! A stream of JSON values from JSON Lines, one JSON array, or whitespace-separated values (a
//! pretty-printed record), read one value at a time within the size and depth limits.
//!
//! serde_json's reader can stream values, but a bad line would end the stream and a 200 MB value
//! would be held whole; so values are cut out here first (strings and brackets tracked, contents
//! skipped with memchr) and each is parsed on its own.

use std::io::{self, BufRead};

use serde_json::Value;

use hearsay_article::InputFormat;

use super::{atproto, jetstream, jsonl, Context, Records};
use crate::error::stream_failure;
use crate::input::{Input, Line};
use crate::limits::too_large;
use crate::{Limits, RecordError};

/// Reads AT Protocol records, Jetstream events or JSON Lines articles, one record per value.
pub(crate) fn read_records(context: Context, input: Input, prefix: &[u8]) -> Records {
    let values = JsonValues::new(input, Layout::choose(prefix), &context.limits);
    Box::new(values.map(move |item| {
        let located = item.map_err(|unreadable| {
            RecordError::failed(context_source(&context, unreadable.member, unreadable.offset), unreadable.reason)
        })?;
        let source = context_source(&context, located.member, Some(located.offset));
        match context.input {
            InputFormat::Jetstream => jetstream::convert_event(located.value, source, context.input),
            InputFormat::Atproto => atproto::convert_record(located.value, None, source, context.input),
            _ => jsonl::convert_article(located.value, source, context.input),
        }
    }))
}

fn context_source(context: &Context, member: Option<String>, offset: Option<u64>) -> hearsay_article::SourceRef {
    match member {
        Some(member) => context.member(member, offset),
        None => context.file(),
    }
}

/// How values are laid out in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// One value a line (JSON Lines, Jetstream): a bad line fails alone.
    Lines,
    /// One array of values.
    Array,
    /// Values separated by whitespace, such as one pretty-printed record.
    Values,
    /// The array in `{"records": [...], "cursor": ...}`, the output of the repo API's
    /// `com.atproto.repo.listRecords`: a whole repo's documents in one object, read element by
    /// element like an array.
    Envelope,
}

impl Layout {
    /// Chooses the layout from the first bytes: `[` is an array; an object that closes on its
    /// first line starts JSON Lines; one that spans lines is a pretty-printed value.
    pub(crate) fn choose(prefix: &[u8]) -> Layout {
        let prefix = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
        let start = prefix.iter().position(|byte| !byte.is_ascii_whitespace()).unwrap_or(prefix.len());
        match prefix.get(start) {
            Some(b'[') => Layout::Array,
            Some(b'{') if crate::detect::is_record_listing(&prefix[start..]) => Layout::Envelope,
            _ if first_value_on_one_line(&prefix[start..]) => Layout::Lines,
            _ => Layout::Values,
        }
    }
}

/// True when the first value closes before a newline, or the prefix ends first (a huge line).
fn first_value_on_one_line(text: &[u8]) -> bool {
    let mut depth = 0usize;
    let mut position = 0;
    while position < text.len() {
        match text[position] {
            b'"' => match crate::detect::string_end(text, position + 1) {
                Some(end) => position = end,
                None => return true,
            },
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return true;
                }
            }
            b'\n' => return false,
            _ => {}
        }
        position += 1;
    }
    true
}

/// One parsed value and where it was.
#[derive(Debug)]
pub(crate) struct Located {
    pub(crate) value: Value,
    /// `#N`, or `None` when the file holds this one value only.
    pub(crate) member: Option<String>,
    pub(crate) offset: u64,
}

/// A value that could not be read.
#[derive(Debug)]
pub(crate) struct Unreadable {
    pub(crate) member: Option<String>,
    pub(crate) offset: Option<u64>,
    pub(crate) reason: String,
}

/// The value stream.
pub(crate) struct JsonValues {
    input: Input,
    layout: Layout,
    max_bytes: usize,
    max_depth: usize,
    /// Values (or lines, for [`Layout::Lines`]) read so far.
    index: usize,
    started: bool,
    /// An array element was read, so a `,` or `]` comes next.
    expect_separator: bool,
    done: bool,
    buffer: Vec<u8>,
}

impl JsonValues {
    pub(crate) fn new(input: Input, layout: Layout, limits: &Limits) -> JsonValues {
        JsonValues {
            input,
            layout,
            max_bytes: limits.max_record_bytes,
            max_depth: limits.max_json_depth,
            index: 0,
            started: false,
            expect_separator: false,
            done: false,
            buffer: Vec::new(),
        }
    }

    fn start(&mut self) -> io::Result<()> {
        self.started = true;
        if self.input.fill_buf()?.starts_with(b"\xEF\xBB\xBF") {
            self.input.consume(3);
        }
        Ok(())
    }

    /// Consumes `expected` after any whitespace; false if another byte comes.
    fn consume_byte(&mut self, expected: u8) -> io::Result<bool> {
        if self.input.skip_whitespace()? != Some(expected) {
            return Ok(false);
        }
        self.input.consume(1);
        Ok(true)
    }

    /// Reads `{`, any scalar fields (`"cursor": "..."`), then `"records": [`, leaving the stream
    /// at the array's first element.
    fn open_listing(&mut self) -> io::Result<bool> {
        if !self.consume_byte(b'{')? {
            return Ok(false);
        }
        for _ in 0..16 {
            if self.input.skip_whitespace()? != Some(b'"')
                || scan_value(&mut self.input, &mut self.buffer, 4096, 0)? != Scan::Complete
            {
                return Ok(false);
            }
            let is_records = self.buffer == b"\"records\"";
            if !self.consume_byte(b':')? {
                return Ok(false);
            }
            if is_records {
                return self.consume_byte(b'[');
            }
            if self.input.skip_whitespace()?.is_none()
                || scan_value(&mut self.input, &mut self.buffer, 4096, 0)? != Scan::Complete
                || !self.consume_byte(b',')?
            {
                return Ok(false);
            }
        }
        Ok(false)
    }

    fn fatal(&mut self, reason: String) -> Option<Result<Located, Unreadable>> {
        self.done = true;
        let member = (self.index > 0).then(|| format!("#{}", self.index));
        Some(Err(Unreadable { member, offset: Some(self.input.position()), reason }))
    }

    fn next_line(&mut self) -> Option<Result<Located, Unreadable>> {
        loop {
            let offset = self.input.position();
            let line = match self.input.read_line_limited(&mut self.buffer, self.max_bytes) {
                Ok(line) => line,
                Err(error) => return self.fatal(stream_failure(&error)),
            };
            let number = self.index + 1;
            let member = Some(format!("#{}", self.index));
            match line {
                Line::End => {
                    self.done = true;
                    return None;
                }
                Line::TooLong => {
                    self.index += 1;
                    return Some(Err(Unreadable {
                        member,
                        offset: Some(offset),
                        reason: format!("line {number}: {}", too_large(self.max_bytes)),
                    }));
                }
                Line::Complete => {
                    self.index += 1;
                    if self.buffer.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(match parse(&self.buffer, self.max_depth) {
                        Ok(value) => Ok(Located { value, member, offset }),
                        Err(reason) => {
                            Err(Unreadable { member, offset: Some(offset), reason: format!("line {number}: {reason}") })
                        }
                    });
                }
            }
        }
    }

    /// The next element of an array, or the next of whitespace-separated values.
    fn next_value(&mut self) -> Option<Result<Located, Unreadable>> {
        let array = matches!(self.layout, Layout::Array | Layout::Envelope);
        let mut next = match self.input.skip_whitespace() {
            Ok(next) => next,
            Err(error) => return self.fatal(stream_failure(&error)),
        };
        if array {
            if self.expect_separator {
                match next {
                    Some(b',') => {
                        self.input.consume(1);
                        next = match self.input.skip_whitespace() {
                            Ok(next) => next,
                            Err(error) => return self.fatal(stream_failure(&error)),
                        };
                        if next == Some(b']') {
                            return self.fatal("trailing comma in JSON array".to_owned());
                        }
                    }
                    Some(b']') => {
                        self.done = true;
                        return None;
                    }
                    None => return self.fatal("truncated JSON array".to_owned()),
                    Some(other) => {
                        let found = char::from(other);
                        return self
                            .fatal(format!("expected , or ] after element #{}, found {found:?}", self.index - 1));
                    }
                }
            } else if next == Some(b']') {
                self.done = true;
                return None;
            }
            if next.is_none() {
                return self.fatal("truncated JSON array".to_owned());
            }
        } else if next.is_none() {
            self.done = true;
            return None;
        }
        let offset = self.input.position();
        let member = format!("#{}", self.index);
        let scan = match scan_value(&mut self.input, &mut self.buffer, self.max_bytes, self.max_depth) {
            Ok(scan) => scan,
            Err(error) => return self.fatal(stream_failure(&error)),
        };
        self.index += 1;
        self.expect_separator = true;
        let parsed = match scan {
            Scan::Complete => parse(&self.buffer, self.max_depth).map_err(|reason| (reason, !array)),
            Scan::TooLarge => Err((too_large(self.max_bytes), false)),
            Scan::TooDeep => Err((too_deep(self.max_depth), false)),
            Scan::Truncated => Err(("truncated JSON value".to_owned(), true)),
        };
        let member = self.single_value_member(member);
        Some(match parsed {
            Ok(value) => Ok(Located { value, member, offset }),
            Err((reason, fatal)) => {
                // Whitespace-separated values cannot be resynchronised after a broken one.
                self.done |= fatal;
                Err(Unreadable { member, offset: Some(offset), reason })
            }
        })
    }

    /// `None` for the first value of a file that holds nothing else (a single record).
    fn single_value_member(&mut self, member: String) -> Option<String> {
        if self.layout == Layout::Values && self.index == 1 && matches!(self.input.skip_whitespace(), Ok(None)) {
            return None;
        }
        Some(member)
    }
}

impl Iterator for JsonValues {
    type Item = Result<Located, Unreadable>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        if !self.started {
            if let Err(error) = self.start() {
                return self.fatal(stream_failure(&error));
            }
            let opened = match self.layout {
                Layout::Array => self.consume_byte(b'['),
                Layout::Envelope => self.open_listing(),
                Layout::Lines | Layout::Values => Ok(true),
            };
            match opened {
                Ok(true) => {}
                Ok(false) if self.layout == Layout::Envelope => {
                    return self.fatal("expected {\"records\": [...]} with string fields beside it".to_owned())
                }
                Ok(false) => return self.fatal("expected a JSON array".to_owned()),
                Err(error) => return self.fatal(stream_failure(&error)),
            }
        }
        match self.layout {
            Layout::Lines => self.next_line(),
            Layout::Array | Layout::Values | Layout::Envelope => self.next_value(),
        }
    }
}

fn too_deep(limit: usize) -> String {
    format!("JSON nested deeper than the {limit}-level limit")
}

/// Parses one value after checking its depth, so hostile nesting is an error, not a stack overflow.
fn parse(bytes: &[u8], max_depth: usize) -> Result<Value, String> {
    if depth_exceeds(bytes, max_depth) {
        return Err(too_deep(max_depth));
    }
    serde_json::from_slice(bytes).map_err(|error| json_error_message(&error))
}

/// serde_json's message with the column only: every value here is one line or one element.
pub(crate) fn json_error_message(error: &serde_json::Error) -> String {
    let full = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    match full.strip_suffix(&suffix) {
        Some(base) if error.line() == 1 => format!("{base} at column {}", error.column()),
        _ => full,
    }
}

fn depth_exceeds(bytes: &[u8], max_depth: usize) -> bool {
    let mut depth = 0usize;
    let mut position = 0;
    while position < bytes.len() {
        match bytes[position] {
            b'"' => match crate::detect::string_end(bytes, position + 1) {
                Some(end) => position = end,
                None => return false,
            },
            b'{' | b'[' => {
                depth += 1;
                if depth > max_depth {
                    return true;
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        position += 1;
    }
    false
}

/// What [`scan_value`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    Complete,
    TooLarge,
    TooDeep,
    Truncated,
}

/// Cuts one JSON value out of the stream into `buffer`, consuming exactly its bytes. Values over
/// the size or depth limit are skipped to their end without being stored.
fn scan_value(input: &mut Input, buffer: &mut Vec<u8>, max_bytes: usize, max_depth: usize) -> io::Result<Scan> {
    buffer.clear();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut first = true;
    let mut scalar = false;
    let mut too_deep = false;
    let mut total = 0usize;
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            return Ok(if scalar && total <= max_bytes { Scan::Complete } else { Scan::Truncated });
        }
        let mut position = 0;
        let mut finished = false;
        while position < chunk.len() {
            let byte = chunk[position];
            if first {
                first = false;
                match byte {
                    b'{' | b'[' => depth = 1,
                    b'"' => in_string = true,
                    _ => scalar = true,
                }
                position += 1;
                continue;
            }
            if in_string {
                match memchr::memchr2(b'"', b'\\', &chunk[position..]) {
                    None => position = chunk.len(),
                    Some(found) if chunk[position + found] == b'\\' => position += found + 2,
                    Some(found) => {
                        position += found + 1;
                        in_string = false;
                        if depth == 0 {
                            finished = true;
                            break;
                        }
                    }
                }
                continue;
            }
            if scalar {
                if matches!(byte, b',' | b']' | b'}') || byte.is_ascii_whitespace() {
                    finished = true;
                    break;
                }
                position += 1;
                continue;
            }
            position += 1;
            match byte {
                b'"' => in_string = true,
                b'{' | b'[' => {
                    depth += 1;
                    too_deep |= depth > max_depth;
                }
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        finished = true;
                        break;
                    }
                }
                _ => {}
            }
        }
        // An escape at the very end of a chunk skips into the next one.
        let used = position.min(chunk.len());
        let carry = position - used;
        if !too_deep && total + used <= max_bytes {
            buffer.extend_from_slice(&chunk[..used]);
        }
        total += used;
        input.consume(used);
        if carry > 0 {
            let next = input.fill_buf()?;
            if let Some(&escaped) = next.first() {
                if !too_deep && total < max_bytes {
                    buffer.push(escaped);
                }
                total += 1;
                input.consume(1);
            }
        }
        if finished {
            return Ok(if too_deep {
                Scan::TooDeep
            } else if total > max_bytes {
                Scan::TooLarge
            } else {
                Scan::Complete
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts() {
        assert_eq!(Layout::choose(b"{\"a\":1}\n{\"a\":2}\n"), Layout::Lines);
        assert_eq!(Layout::choose(b"{\n\"$type\": \"x\"\n}"), Layout::Values);
        assert_eq!(Layout::choose(b"  [ {\"a\":1} ]"), Layout::Array);
        assert_eq!(Layout::choose(b"{\"text\":\"aaaaaaaa"), Layout::Lines);
        assert_eq!(Layout::choose(b"{\n  \"records\": [\n {\"uri\": \"at://x\""), Layout::Envelope);
        assert_eq!(Layout::choose(b"{\"cursor\": \"3mj\", \"records\": [{\"uri\": \"at://x\""), Layout::Envelope);
    }

    #[test]
    fn serde_errors_name_the_column() {
        let error = serde_json::from_slice::<Value>(b"@oops").expect_err("invalid");
        assert_eq!(json_error_message(&error), "expected value at column 1");
    }

    #[test]
    fn depth_is_counted_outside_strings() {
        assert!(!depth_exceeds(b"{\"a\":\"[[[[[[[[\"}", 3));
        assert!(depth_exceeds(b"[[[[1]]]]", 3));
    }
}
