//! RSS 2.0 (and 1.0), Atom and JSON Feed through `feed-rs`: one article per entry, with the
//! entry's full content (`content:encoded`, Atom `content`, `content_html`) or else its summary.
//!
//! A document `feed-rs` refuses is read again after the repairs of `feed_repair` (bare
//! ampersands, unknown Atom text types, a document cut short: its whole entries are kept and the
//! loss reported).
//!
//! `feed-rs` parses a whole document into memory, so a feed is read up to
//! [`crate::Limits::max_document_bytes`] and at most [`crate::Limits::max_feed_entries`] entries
//! become records.

use chrono::SecondsFormat;
use feed_rs::model::{Entry, Feed};
use hearsay_article::{Hints, InputFormat, RawArticle, Record, RecordFormat};

use super::feed_bytes::{self, base64_text, demoronize};
use super::feed_repair;
use super::{Context, Item, Records, UTF8};
use crate::error::stream_failure;
use crate::input::Input;
use crate::limits::human_bytes;
use crate::RecordError;

/// Reads the feed when iteration starts, then yields its entries.
pub(crate) fn read_feed(context: Context, input: Input) -> Records {
    let mut input = input;
    Box::new(std::iter::once_with(move || load(&context, &mut input)).flatten())
}

fn load(context: &Context, input: &mut Input) -> Vec<Item> {
    let limit = context.limits.max_document_bytes;
    let bytes = match input.read_at_most(limit) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            return vec![Err(RecordError::failed(
                context.file(),
                format!("feed larger than the {} limit", human_bytes(limit)),
            ))]
        }
        Err(error) => return vec![Err(RecordError::failed(context.file(), stream_failure(&error)))],
    };
    let (bytes, charset) = feed_bytes::prepare(bytes);
    let (bytes, parsed) = parse_leniently(bytes);
    let (feed, cut) = match parsed {
        Ok(parsed) => parsed,
        Err(error) => {
            let read_as = charset.map(|charset| format!(" (read as {charset})")).unwrap_or_default();
            // `<rss></rss>`: a feed with no channel and no entries is empty, not broken.
            if matches!(error, feed_rs::parser::ParseFeedError::ParseError(_))
                && items_in_markup(&bytes) == 0
                && !has_element(&bytes, b"channel")
            {
                return vec![Err(RecordError::skipped(
                    context.file(),
                    format!("feed has no entries (and no channel{read_as})"),
                ))];
            }
            return vec![Err(RecordError::failed(
                context.file(),
                format!("cannot parse {} feed{read_as}: {error}", context.input.name()),
            ))];
        }
    };
    let in_markup = items_in_markup(&bytes);
    let parsed = feed.entries.len();
    let mut items = convert_feed(context, feed);
    if items.is_empty() {
        let reason = if in_markup == 0 {
            "feed has no entries".to_owned()
        } else {
            format!("the feed parser read none of the {in_markup} entries in the markup")
        };
        items.push(Err(if in_markup == 0 {
            RecordError::skipped(context.file(), reason)
        } else {
            RecordError::failed(context.file(), reason)
        }));
    } else if in_markup > parsed {
        let missing = in_markup - parsed;
        items.push(Err(RecordError::failed(
            context.file(),
            format!("{missing} of the {in_markup} entries in the markup were not read by the feed parser"),
        )));
    }
    if let Some(cut) = cut {
        // The tail after the last whole entry: lost entries are a failure, a broken end alone
        // (a missing `>`, an unclosed channel) only a note.
        let error = if cut.lost_entries > 0 {
            RecordError::failed(
                context.file(),
                format!(
                    "the feed breaks off ({}): {parsed} entries before the break were read, {} after it were \
                     not ({} bytes)",
                    cut.error, cut.lost_entries, cut.lost_bytes
                ),
            )
        } else {
            RecordError::skipped(
                context.file(),
                format!(
                    "the feed's end is not well-formed ({}): all {parsed} entries before it were read, the \
                     last {} bytes were passed over",
                    cut.error, cut.lost_bytes
                ),
            )
        };
        items.push(Err(error));
    }
    items
}

/// Where a broken feed was cut, and why it had to be.
struct Cut {
    /// The parser's error on the document after the lossless repairs.
    error: feed_rs::parser::ParseFeedError,
    lost_bytes: usize,
    /// Entries begun in what was cut off.
    lost_entries: usize,
}

/// Parses the feed's bytes; a document the parser refuses is read again after the lossless
/// repairs of [`feed_repair`], then cut after its last whole entry. Gives the bytes that were
/// parsed (or the bytes given, with the first error) and, for a cut document, what was lost.
fn parse_leniently(bytes: Vec<u8>) -> (Vec<u8>, Result<(Feed, Option<Cut>), feed_rs::parser::ParseFeedError>) {
    let error = match feed_rs::parser::parse(bytes.as_slice()) {
        Ok(feed) => return (bytes, Ok((feed, None))),
        Err(error) => error,
    };
    let Ok(text) = std::str::from_utf8(&bytes) else { return (bytes, Err(error)) };
    let repaired = feed_repair::lossless(text);
    let mut last_error = None;
    if let Some(repaired) = &repaired {
        match feed_rs::parser::parse(repaired.as_bytes()) {
            Ok(feed) => return (repaired.clone().into_bytes(), Ok((feed, None))),
            Err(error) => last_error = Some(error),
        }
    }
    let base = repaired.as_deref().unwrap_or(text);
    if let Some(cut) = feed_repair::cut_after_last_entry(base) {
        if let Ok(feed) = feed_rs::parser::parse(cut.text.as_bytes()) {
            if !feed.entries.is_empty() {
                let at = cut.cut_at.unwrap_or(base.len());
                let lost = Cut {
                    error: last_error.unwrap_or(error),
                    lost_bytes: base.len() - at,
                    lost_entries: items_in_markup(&base.as_bytes()[at..]),
                };
                return (cut.text.into_bytes(), Ok((feed, Some(lost))));
            }
        }
    }
    (bytes, Err(error))
}

/// Whether the markup opens an element of this name (no prefix).
fn has_element(bytes: &[u8], name: &[u8]) -> bool {
    memchr::memmem::find_iter(bytes, name).any(|at| {
        at > 0
            && bytes[at - 1] == b'<'
            && matches!(bytes.get(at + name.len()), Some(b'>' | b' ' | b'\t' | b'\r' | b'\n' | b'/'))
    })
}

/// Counts `<item>` and `<entry>` start tags (any prefix), to tell when the parser dropped some.
fn items_in_markup(bytes: &[u8]) -> usize {
    if bytes.iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b'{') {
        return 0;
    }
    let mut count = 0;
    for name in [&b"item"[..], b"entry"] {
        for at in memchr::memmem::find_iter(bytes, name) {
            let before = at.checked_sub(1).map(|index| bytes[index]);
            let after = bytes.get(at + name.len()).copied();
            let opens = match before {
                Some(b'<') => true,
                // `<atom:entry>`: a prefix and ':' right after '<'.
                Some(b':') => {
                    let prefix_len = bytes[..at - 1]
                        .iter()
                        .rev()
                        .take_while(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'-'))
                        .count();
                    prefix_len > 0 && at >= prefix_len + 2 && bytes[at - 2 - prefix_len] == b'<'
                }
                _ => false,
            };
            if opens && matches!(after, Some(b'>' | b' ' | b'\t' | b'\r' | b'\n' | b'/')) {
                count += 1;
            }
        }
    }
    count
}

fn convert_feed(context: &Context, feed: Feed) -> Vec<Item> {
    let outlet = feed.title.map(|title| title.content.trim().to_owned()).filter(|title| !title.is_empty());
    let total = feed.entries.len();
    let max = context.limits.max_feed_entries;
    let mut items: Vec<Item> = feed
        .entries
        .into_iter()
        .take(max)
        .enumerate()
        .map(|(index, entry)| convert_entry(context, index, entry, outlet.as_ref()))
        .collect();
    if total > max {
        items.push(Err(RecordError::failed(
            context.file(),
            format!("feed has {total} entries; only the first {max} were read (max_feed_entries)"),
        )));
    }
    items
}

fn convert_entry(context: &Context, index: usize, entry: Entry, outlet: Option<&String>) -> Item {
    let source = context.member(format!("#{index}"), None);
    let title = entry
        .title
        .map(|title| {
            let atom_text = context.input == InputFormat::Atom && title.content_type.as_ref() == "text/plain";
            let text = text_of(title.content_type.as_ref(), title.content);
            // An RSS title (or an Atom one of type html) may hold HTML references its XML does not
            // define ("Caf&eacute;"), or escaped twice ("AT&amp;amp;T"): a reader sees the
            // character. An Atom text title means its characters as they are.
            let text = if atom_text || !text.contains('&') {
                text
            } else {
                html_escape::decode_html_entities(&text).into_owned()
            };
            demoronize(text.trim().to_owned())
        })
        .filter(|title| !title.is_empty());
    let media_description = entry.media.iter().find_map(|media| media.description.clone());
    let summary =
        entry.summary.or(media_description).filter(|summary| !summary.content.trim().is_empty()).map(|summary| {
            let mime = summary.content_type.to_string();
            (demoronize(text_of(&mime, summary.content)), mime)
        });
    let content = entry.content.and_then(|content| {
        let mime = content.content_type.to_string();
        content.body.filter(|body| !body.trim().is_empty()).map(|body| (demoronize(text_of(&mime, body)), mime))
    });
    // A `content:encoded` that holds only the headline (a styled title) loses to a longer summary.
    let content = content.filter(|(body, _)| !matches!(&summary, Some((summary, _)) if visible_len(body) < 200 && visible_len(summary) > visible_len(body)));
    let (body, mime, description) = match (content, summary) {
        (Some((body, mime)), summary) => (body, mime, summary.map(|(summary, _)| summary)),
        (None, Some((summary, mime))) => (summary, mime, None),
        (None, None) => {
            let name = match &title {
                Some(title) => format!("{title:?}"),
                None => entry.id.clone(),
            };
            // Nothing was lost: the entry holds no text to store (a headline, a photo gallery).
            return Err(RecordError::skipped(source, format!("feed entry {name} has no content and no summary")));
        }
    };
    // Atom `type="text"` and JSON Feed `content_text` are plain text; everything else is HTML.
    let format = if mime.starts_with("text/plain") { RecordFormat::Text } else { RecordFormat::Html };
    let hints = Hints {
        url: entry.links.first().map(|link| link.href.clone()),
        title,
        published: entry.published.or(entry.updated).map(|date| date.to_rfc3339_opts(SecondsFormat::Secs, true)),
        authors: entry
            .authors
            .into_iter()
            .filter_map(|person| person.name.or(person.email))
            .map(|name| name.trim().to_owned())
            .filter(|name| !name.is_empty())
            .collect(),
        outlet: outlet.cloned(),
        description,
        tags: entry.categories.into_iter().map(|category| category.label.unwrap_or(category.term)).collect(),
        record_type: Some(record_type(context.input).to_owned()),
        ..Hints::default()
    };
    Ok(Record::Article(RawArticle {
        source,
        input: context.input,
        format,
        bytes: body.into_bytes(),
        charset: Some(UTF8.to_owned()),
        hints,
    }))
}

fn record_type(input: InputFormat) -> &'static str {
    match input {
        InputFormat::Atom => "atom-entry",
        InputFormat::JsonFeed => "json-feed-item",
        _ => "rss-item",
    }
}

/// Text of a feed text construct: base64 content of a non-text media type is decoded (Atom
/// `type="application/octet-stream"`, Atom 0.3 `mode="base64"`).
fn text_of(mime: &str, text: String) -> String {
    let textual = mime.starts_with("text/") || mime.contains("html") || mime.contains("xml") || mime.is_empty();
    if !textual {
        if let Some(decoded) = base64_text(&text) {
            return decoded;
        }
    }
    text
}

/// Characters outside tags, a cheap measure of how much text an HTML fragment holds.
fn visible_len(html: &str) -> usize {
    let mut inside = false;
    let mut count = 0;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            _ if !inside && !c.is_whitespace() => count += 1,
            _ => {}
        }
    }
    count
}
