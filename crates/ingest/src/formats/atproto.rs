//! AT Protocol records: `site.standard.document` (a long-form article, markdown `textContent`),
//! `app.bsky.feed.post` (a short post) and `site.standard.publication` (an outlet).
//!
//! A record arrives bare (`{"$type": ...}`, as in `seeds/002_*.txt`), wrapped as the repo API
//! returns it (`{"uri", "cid", "value": {...}}`), or inside a Jetstream event.
//!
//! A document's `site` is either the outlet's https URL, joined with `path` into the article URL,
//! or the `at://` URI of its `site.standard.publication` record. [`hearsay_article::Hints`] has no
//! field for a reference to another record: `url` and `outlet` mean a web address and a display
//! name, and putting a URI in either would show up as a broken link or a strange outlet name. So an
//! `at://` site is not carried; the publication record itself gives the outlet's name and URL
//! when it is ingested.

use hearsay_article::{Hints, InputFormat, Publication, RawArticle, Record, RecordFormat, SourceRef};
use serde_json::{Map, Value};

use super::UTF8;
use crate::RecordError;

pub(crate) const DOCUMENT: &str = "site.standard.document";
pub(crate) const POST: &str = "app.bsky.feed.post";
pub(crate) const PUBLICATION: &str = "site.standard.publication";

/// Turns one record into a [`Record`]. `at_uri` is the record's URI when the container knew it;
/// the source's member becomes that URI.
pub(crate) fn convert_record(
    value: Value,
    at_uri: Option<String>,
    source: SourceRef,
    input: InputFormat,
) -> Result<Record, RecordError> {
    let Value::Object(mut object) = value else {
        return Err(RecordError::failed(source, format!("expected a JSON object, found {}", value_kind(&value))));
    };
    let mut at_uri = at_uri;
    // The repo API's shape: {"uri": "at://...", "cid": "...", "value": {"$type": ...}}.
    if !object.contains_key("$type") {
        if let (Some(Value::String(uri)), Some(Value::Object(_))) = (object.get("uri"), object.get("value")) {
            at_uri = Some(uri.clone());
            if let Some(Value::Object(inner)) = object.remove("value") {
                object = inner;
            }
        }
    }
    let source = match &at_uri {
        Some(uri) => SourceRef { member: Some(uri.clone()), ..source },
        None => source,
    };
    let Some(record_type) = string(&object, "$type") else {
        return Err(RecordError::failed(source, "record has no $type"));
    };
    match record_type.as_str() {
        DOCUMENT => document(object, at_uri, source, input),
        POST => post(object, at_uri, source, input),
        PUBLICATION => publication(&object, at_uri, source),
        other => Err(RecordError::failed(source, format!("unknown lexicon {other}"))),
    }
}

fn document(
    mut object: Map<String, Value>,
    at_uri: Option<String>,
    source: SourceRef,
    input: InputFormat,
) -> Result<Record, RecordError> {
    let description = string(&object, "description");
    let body = match take_string(&mut object, "textContent").filter(|text| !text.trim().is_empty()) {
        Some(text) => text,
        None => match description.clone().filter(|text| !text.trim().is_empty()) {
            Some(text) => text,
            None => {
                return Err(RecordError::failed(source, format!("{DOCUMENT} has neither textContent nor description")))
            }
        },
    };
    let url = match (string(&object, "site"), string(&object, "path")) {
        (Some(site), Some(path)) if site.starts_with("https://") || site.starts_with("http://") => {
            Some(format!("{}/{}", site.trim_end_matches('/'), path.trim_start_matches('/')))
        }
        _ => None,
    };
    let hints = Hints {
        url,
        title: string(&object, "title"),
        published: string(&object, "publishedAt"),
        description,
        tags: strings(&object, "tags"),
        at_uri,
        record_type: Some(DOCUMENT.to_owned()),
        ..Hints::default()
    };
    Ok(Record::Article(RawArticle {
        source,
        input,
        format: RecordFormat::Markdown,
        bytes: body.into_bytes(),
        charset: Some(UTF8.to_owned()),
        hints,
    }))
}

fn post(
    mut object: Map<String, Value>,
    at_uri: Option<String>,
    source: SourceRef,
    input: InputFormat,
) -> Result<Record, RecordError> {
    let Some(text) = take_string(&mut object, "text").filter(|text| !text.trim().is_empty()) else {
        return Err(RecordError::failed(source, format!("{POST} has no text")));
    };
    let hints = Hints {
        published: string(&object, "createdAt"),
        tags: strings(&object, "tags"),
        at_uri,
        record_type: Some(POST.to_owned()),
        ..Hints::default()
    };
    Ok(Record::Article(RawArticle {
        source,
        input,
        format: RecordFormat::Text,
        bytes: text.into_bytes(),
        charset: Some(UTF8.to_owned()),
        hints,
    }))
}

fn publication(object: &Map<String, Value>, at_uri: Option<String>, source: SourceRef) -> Result<Record, RecordError> {
    let Some(name) = string(object, "name").filter(|name| !name.trim().is_empty()) else {
        return Err(RecordError::failed(source, format!("{PUBLICATION} has no name")));
    };
    Ok(Record::Publication(Publication {
        source,
        at_uri,
        name,
        url: string(object, "url"),
        description: string(object, "description"),
    }))
}

pub(crate) fn string(object: &Map<String, Value>, key: &str) -> Option<String> {
    match object.get(key) {
        Some(Value::String(text)) => Some(text.clone()),
        _ => None,
    }
}

/// Moves a string out, so a 10 MB `textContent` is not copied.
pub(crate) fn take_string(object: &mut Map<String, Value>, key: &str) -> Option<String> {
    match object.remove(key) {
        Some(Value::String(text)) => Some(text),
        _ => None,
    }
}

/// The strings of an array field (`tags`), or one string as a one-item list.
pub(crate) fn strings(object: &Map<String, Value>, key: &str) -> Vec<String> {
    match object.get(key) {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        Some(Value::String(text)) => vec![text.clone()],
        _ => Vec::new(),
    }
}

pub(crate) fn value_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
