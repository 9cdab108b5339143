//! Fuzz-style property test: random bytes, truncated prefixes and flipped bytes of real files of
//! every format go through `read_bytes`; nothing may panic, and every item names its source.

mod common;

use std::fs;

use common::Rng;
use hearsay_ingest::{read_bytes, Limits};
use serde_json::json;

/// One sample of every format, made from the reference data.
fn samples(data: &std::path::Path) -> Vec<(&'static str, Vec<u8>)> {
    let pages = common::extraction_pages(data, 2);
    let texts = common::polnear(data, 3);
    let seed = fs::read(common::seed(data, "002_")).expect("seed");
    let record: serde_json::Value = serde_json::from_slice(&seed).expect("json");
    let jetstream = json!({"did": "did:plc:x", "time_us": 1, "kind": "commit", "commit": {"operation": "create", "collection": "site.standard.document", "rkey": "a", "record": record}}).to_string();
    let lines: String =
        texts.iter().map(|(name, text)| format!("{}\n", json!({"title": name, "text": text}))).collect();
    let rss_items: String = texts
        .iter()
        .map(|(name, text)| {
            format!("<item><title>{name}</title><description>{}</description></item>", common::xml_escape(text))
        })
        .collect();
    let rss =
        format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>{rss_items}</channel></rss>");
    let atom = format!("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>W</title><entry><title>A</title><content type=\"html\">{}</content></entry></feed>", common::xml_escape(&texts[0].1));
    let json_feed = json!({"version": "https://jsonfeed.org/version/1.1", "title": "W", "items": [{"id": "1", "content_text": texts[0].1}]}).to_string();
    let warc: Vec<u8> = common::warc_records(&pages).concat();
    let warc_gz: Vec<u8> = common::warc_records(&pages).iter().flat_map(|record| common::gzip(record)).collect();
    vec![
        ("000.txt", fs::read(common::seed(data, "000_")).expect("seed")),
        ("002.txt", seed.clone()),
        ("records.json", serde_json::to_vec(&vec![record.clone(), record.clone()]).expect("json")),
        ("listRecords.json", serde_json::to_vec_pretty(&json!({"cursor": "3m", "records": [{"uri": "at://did:plc:x/site.standard.document/a", "cid": "b", "value": record}]})).expect("json")),
        ("jetstream.jsonl", format!("{jetstream}\n{jetstream}\n").into_bytes()),
        ("export.jsonl", lines.clone().into_bytes()),
        ("export.jsonl.gz", common::gzip(lines.as_bytes())),
        ("wire.rss", rss.into_bytes()),
        ("wire.atom", atom.into_bytes()),
        ("feed.json", json_feed.into_bytes()),
        ("page.html", pages[0].1[..pages[0].1.len().min(60_000)].to_vec()),
        ("crawl.warc", warc),
        ("crawl.warc.gz", warc_gz),
    ]
}

fn exercise(name: &str, bytes: Vec<u8>, limits: &Limits) {
    for item in read_bytes(name, bytes, limits).take(1000) {
        let source = match &item {
            Ok(hearsay_article::Record::Article(article)) => &article.source,
            Ok(hearsay_article::Record::Publication(publication)) => &publication.source,
            Ok(hearsay_article::Record::Delete { source, .. }) => source,
            Err(error) => {
                assert!(!error.reason.is_empty());
                &error.source
            }
        };
        assert_eq!(source.path, name);
    }
}

#[test]
fn random_truncated_and_corrupted_inputs_never_panic() {
    let data = data_or_skip!();
    // Small limits reach the limit paths too.
    let limits = [
        Limits::default(),
        Limits {
            max_record_bytes: 5000,
            max_json_depth: 4,
            max_feed_entries: 1,
            max_document_bytes: 20_000,
            max_decompressed_bytes: 50_000,
        },
    ];
    // INGEST_FUZZ_ROUNDS=2000 runs a longer search (release mode advised).
    let rounds: usize = std::env::var("INGEST_FUZZ_ROUNDS").ok().and_then(|rounds| rounds.parse().ok()).unwrap_or(24);
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    for (name, bytes) in samples(&data) {
        for round in 0..rounds {
            let limits = &limits[round % 2];
            let cut = rng.below(bytes.len() + 1);
            exercise(name, bytes[..cut].to_vec(), limits);
            let mut corrupted = bytes.clone();
            for _ in 0..1 + rng.below(8) {
                let at = rng.below(corrupted.len());
                corrupted[at] = rng.next() as u8;
            }
            exercise(name, corrupted, limits);
        }
    }
    for round in 0..rounds * 8 {
        let len = rng.below(if round % 10 == 0 { 5000 } else { 64 });
        let mut bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        // Start some with the magic of each format so the readers, not detection, see them.
        let starts: [&[u8]; 8] = [
            b"{\"records\": [",
            b"WARC/1.1\r\n",
            b"{\"kind\":",
            b"[{\"$type\":",
            b"<rss>",
            b"\x1f\x8b\x08\x00",
            b"{\"text\":\"",
            b"<feed>",
        ];
        if round % 2 == 0 {
            let start = starts[rng.below(starts.len())];
            bytes.splice(0..0, start.iter().copied());
        }
        exercise("random", bytes, &limits[round % 2]);
    }
}
