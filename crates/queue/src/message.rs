//! One queue message per record: a JSON line describing the record, a newline, then the
//! article's raw bytes (empty for publications and deletions). The bytes travel untouched, so a
//! worker cleans exactly what a single-process ingest would have.

use hearsay_article::Record;

/// Encodes a record as a message payload.
pub(crate) fn encode(record: &Record) -> Vec<u8> {
    let (head, body): (Record, &[u8]) = match record {
        Record::Article(raw) => {
            (Record::Article(hearsay_article::RawArticle { bytes: Vec::new(), ..raw.clone() }), &raw.bytes)
        }
        other => (other.clone(), &[]),
    };
    let mut payload = serde_json::to_vec(&head).expect("records are plain data");
    payload.push(b'\n');
    payload.extend_from_slice(body);
    payload
}

/// Decodes a message payload, or says why it is not one.
pub(crate) fn decode(payload: &[u8]) -> Result<Record, String> {
    let newline = payload.iter().position(|&byte| byte == b'\n').ok_or("no record header line")?;
    let mut record: Record =
        serde_json::from_slice(&payload[..newline]).map_err(|error| format!("bad record header: {error}"))?;
    if let Record::Article(raw) = &mut record {
        raw.bytes = payload[newline + 1..].to_vec();
    }
    Ok(record)
}

/// The message id that JetStream de-duplicates publishes by: the hash of the record, its
/// source included, so that submitting the same file twice queues it once while the same text
/// from two files is queued twice (and stored once, with both sources).
pub(crate) fn message_id(payload: &[u8]) -> String {
    blake3::hash(payload).to_hex().to_string()
}

/// The record's source, for messages and dead letters.
pub(crate) fn source_of(record: &Record) -> String {
    match record {
        Record::Article(raw) => raw.source.to_string(),
        Record::Publication(publication) => publication.source.to_string(),
        Record::Delete { source, .. } => source.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use hearsay_article::{Hints, InputFormat, RawArticle, RecordFormat, SourceRef};

    use super::*;

    #[test]
    fn an_article_survives_the_round_trip_bytes_and_all() {
        let raw = RawArticle {
            source: SourceRef::member("crawl.warc.gz", "<urn:uuid:1>", Some(1234)),
            input: InputFormat::Warc,
            format: RecordFormat::Html,
            bytes: b"<p>MOSCOW (Reuters) \xE2\x80\x94 Iran's envoy denied it.\n</p>\x00\xFF".to_vec(),
            charset: Some("utf-8".to_owned()),
            hints: Hints { url: Some("https://example.com/a".to_owned()), ..Hints::default() },
        };
        let record = Record::Article(raw);
        let payload = encode(&record);
        assert_eq!(decode(&payload), Ok(record));
    }

    #[test]
    fn a_payload_without_a_header_is_refused_with_a_reason() {
        assert_eq!(decode(b"MOSCOW (Reuters)"), Err("no record header line".to_owned()));
        assert!(decode(b"{\"kind\": \"nothing\"}\n").expect_err("unknown kind").starts_with("bad record header"));
    }
}
