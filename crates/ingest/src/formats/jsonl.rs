//! JSON Lines of articles: `{url?, title?, published?, outlet?, text | html}`, the shape a scraper
//! or a newsroom export writes. `authors`, `description` and `tags` are read where present.

use hearsay_article::{Hints, InputFormat, RawArticle, Record, RecordFormat, SourceRef};
use serde_json::Value;

use super::atproto::{string, strings, take_string, value_kind};
use super::UTF8;
use crate::RecordError;

/// Turns one object into an article; `html` wins over `text` when a line has both.
pub(crate) fn convert_article(value: Value, source: SourceRef, input: InputFormat) -> Result<Record, RecordError> {
    let Value::Object(mut object) = value else {
        return Err(RecordError::failed(source, format!("expected a JSON object, found {}", value_kind(&value))));
    };
    let (format, body) = if let Some(html) = take_string(&mut object, "html").filter(|html| !html.trim().is_empty()) {
        (RecordFormat::Html, html)
    } else if let Some(text) = take_string(&mut object, "text").filter(|text| !text.trim().is_empty()) {
        (RecordFormat::Text, text)
    } else {
        return Err(RecordError::failed(source, "no text or html field"));
    };
    let hints = Hints {
        url: string(&object, "url"),
        title: string(&object, "title"),
        published: string(&object, "published"),
        authors: strings(&object, "authors"),
        outlet: string(&object, "outlet"),
        description: string(&object, "description"),
        tags: strings(&object, "tags"),
        ..Hints::default()
    };
    Ok(Record::Article(RawArticle {
        source,
        input,
        format,
        bytes: body.into_bytes(),
        charset: Some(UTF8.to_owned()),
        hints,
    }))
}
