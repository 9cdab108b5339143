//! Jetstream events as they come off the wire:
//! `{"did", "time_us", "kind": "commit", "commit": {"rev", "operation", "collection", "rkey", "record", "cid"}}`.
//! Creates and updates carry a record; deletes name one; identity and account events, and records
//! of collections that hold no article (likes, follows, profiles), are skipped.

use hearsay_article::{InputFormat, Record, SourceRef};
use serde_json::Value;

use super::atproto::{self, string, value_kind};
use crate::RecordError;

/// Turns one event into a record, a delete, or a skip.
pub(crate) fn convert_event(value: Value, source: SourceRef, input: InputFormat) -> Result<Record, RecordError> {
    let Value::Object(mut event) = value else {
        return Err(RecordError::failed(
            source,
            format!("expected a Jetstream event object, found {}", value_kind(&value)),
        ));
    };
    let kind = string(&event, "kind");
    match kind.as_deref() {
        Some("commit") => {}
        Some(other) => return Err(RecordError::skipped(source, format!("{other} event"))),
        None => return Err(RecordError::failed(source, "Jetstream event has no kind")),
    }
    let Some(Value::Object(mut commit)) = event.remove("commit") else {
        return Err(RecordError::failed(source, "commit event without a commit"));
    };
    let (Some(did), Some(collection), Some(rkey)) =
        (string(&event, "did"), string(&commit, "collection"), string(&commit, "rkey"))
    else {
        return Err(RecordError::failed(source, "commit event without did, collection or rkey"));
    };
    let at_uri = format!("at://{did}/{collection}/{rkey}");
    let source = SourceRef { member: Some(at_uri.clone()), ..source };
    // Most of a real firehose is likes, reposts, follows, blocks and profile updates: records
    // that carry no article are passed over on purpose, not failures.
    if !matches!(collection.as_str(), atproto::DOCUMENT | atproto::POST | atproto::PUBLICATION) {
        let operation = string(&commit, "operation").unwrap_or_else(|| "commit".to_owned());
        return Err(RecordError::skipped(source, format!("{operation} of a {collection} record, not an article")));
    }
    match string(&commit, "operation").as_deref() {
        Some("create" | "update") => {
            let Some(mut record) = commit.remove("record") else {
                return Err(RecordError::failed(source, "commit without a record"));
            };
            // The collection is the record's type; fill it in where a relay dropped `$type`.
            if let Value::Object(object) = &mut record {
                object.entry("$type").or_insert(Value::String(collection));
            }
            atproto::convert_record(record, Some(at_uri), source, input)
        }
        Some("delete") => Ok(Record::Delete { source, at_uri }),
        Some(other) => Err(RecordError::failed(source, format!("unknown commit operation {other}"))),
        None => Err(RecordError::failed(source, "commit without an operation")),
    }
}
