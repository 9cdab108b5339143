//! RSS 2.0 (and 1.0), Atom and JSON Feed through `feed-rs`: one article per entry, with the
//! entry's full content (`content:encoded`, Atom `content`, `content_html`) or else its summary.
//!
//! `feed-rs` parses a whole document into memory, so a feed is read up to
//! [`crate::Limits::max_document_bytes`] and at most [`crate::Limits::max_feed_entries`] entries
//! become records.

use chrono::SecondsFormat;
use feed_rs::model::{Entry, Feed};
use hearsay_article::{Hints, InputFormat, RawArticle, Record, RecordFormat};

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
        Ok(None) => return vec![Err(RecordError::failed(context.file(), format!("feed larger than the {} limit", human_bytes(limit))))],
        Err(error) => return vec![Err(RecordError::failed(context.file(), stream_failure(&error)))],
    };
    let feed = match feed_rs::parser::parse(bytes.as_slice()) {
        Ok(feed) => feed,
        Err(error) => return vec![Err(RecordError::failed(context.file(), format!("cannot parse {} feed: {error}", context.input.name())))],
    };
    convert_feed(context, feed)
}

fn convert_feed(context: &Context, feed: Feed) -> Vec<Item> {
    let outlet = feed.title.map(|title| title.content.trim().to_owned()).filter(|title| !title.is_empty());
    let total = feed.entries.len();
    let max = context.limits.max_feed_entries;
    let mut items: Vec<Item> = feed.entries.into_iter().take(max).enumerate().map(|(index, entry)| convert_entry(context, index, entry, outlet.as_ref())).collect();
    if total > max {
        items.push(Err(RecordError::failed(context.file(), format!("feed has {total} entries; only the first {max} were read (max_feed_entries)"))));
    }
    items
}

fn convert_entry(context: &Context, index: usize, entry: Entry, outlet: Option<&String>) -> Item {
    let source = context.member(format!("#{index}"), None);
    let title = entry.title.map(|title| title.content.trim().to_owned()).filter(|title| !title.is_empty());
    let summary = entry.summary.filter(|summary| !summary.content.trim().is_empty());
    let content = entry.content.and_then(|content| {
        let mime = content.content_type.to_string();
        content.body.filter(|body| !body.trim().is_empty()).map(|body| (body, mime))
    });
    let (body, mime, description) = match (content, summary) {
        (Some((body, mime)), summary) => (body, mime, summary.map(|summary| summary.content)),
        (None, Some(summary)) => (summary.content, summary.content_type.to_string(), None),
        (None, None) => {
            let name = match &title {
                Some(title) => format!("{title:?}"),
                None => entry.id.clone(),
            };
            return Err(RecordError::failed(source, format!("feed entry {name} has no content and no summary")));
        }
    };
    // Atom `type="text"` and JSON Feed `content_text` are plain text; everything else is HTML.
    let format = if mime.starts_with("text/plain") { RecordFormat::Text } else { RecordFormat::Html };
    let hints = Hints {
        url: entry.links.first().map(|link| link.href.clone()),
        title,
        published: entry.published.or(entry.updated).map(|date| date.to_rfc3339_opts(SecondsFormat::Secs, true)),
        authors: entry.authors.into_iter().filter_map(|person| person.name.or(person.email)).map(|name| name.trim().to_owned()).filter(|name| !name.is_empty()).collect(),
        outlet: outlet.cloned(),
        description,
        tags: entry.categories.into_iter().map(|category| category.label.unwrap_or(category.term)).collect(),
        record_type: Some(record_type(context.input).to_owned()),
        ..Hints::default()
    };
    Ok(Record::Article(RawArticle { source, input: context.input, format, bytes: body.into_bytes(), charset: Some(UTF8.to_owned()), hints }))
}

fn record_type(input: InputFormat) -> &'static str {
    match input {
        InputFormat::Atom => "atom-entry",
        InputFormat::JsonFeed => "json-feed-item",
        _ => "rss-item",
    }
}
