//! Every input format read from real data: the seeds, extraction pages, PolNeAR articles.

mod common;

use std::fs;
use std::path::Path;

use common::{article, error, read_all, read_all_bytes, write};
use hearsay_article::{InputFormat, Record, RecordFormat};
use hearsay_ingest::{detect, read_file, walk, ErrorKind, Limits};
use serde_json::{json, Value};

fn seed_record(data: &Path) -> Value {
    serde_json::from_slice(&fs::read(common::seed(data, "002_")).expect("seed")).expect("seed 002 is JSON")
}

#[test]
fn seeds_are_detected_by_content() {
    let data = data_or_skip!();
    for (prefix, expected) in [("000_", InputFormat::Text), ("002_", InputFormat::Atproto), ("004_", InputFormat::Text)]
    {
        let path = common::seed(&data, prefix);
        let bytes = fs::read(&path).expect("seed");
        assert_eq!(detect(&path, &bytes), Some(expected), "{}", path.display());
        assert_eq!(read_file(&path, &Limits::default()).format(), Some(expected));
    }
}

#[test]
fn plain_text_seed_is_one_text_article() {
    let data = data_or_skip!();
    let path = common::seed(&data, "000_");
    let items = read_all(&path);
    assert_eq!(items.len(), 1);
    let raw = article(&items[0]);
    assert_eq!(raw.format, RecordFormat::Text);
    assert_eq!(raw.input, InputFormat::Text);
    assert_eq!(raw.bytes, fs::read(&path).expect("seed"));
    assert_eq!(raw.source.member, None);
    assert_eq!(raw.source.path, path.display().to_string());
}

#[test]
fn standard_document_seed_is_markdown_with_hints() {
    let data = data_or_skip!();
    let path = common::seed(&data, "002_");
    let items = read_all(&path);
    assert_eq!(items.len(), 1);
    let raw = article(&items[0]);
    let record = seed_record(&data);
    assert_eq!(raw.format, RecordFormat::Markdown);
    assert_eq!(raw.input, InputFormat::Atproto);
    assert_eq!(raw.bytes, record["textContent"].as_str().expect("text").as_bytes());
    assert!(String::from_utf8_lossy(&raw.bytes).ends_with("appeared first on HUM News English."));
    assert_eq!(
        raw.hints.url.as_deref(),
        Some("https://humenglish.com/latest/tehran-dismisses-claims-of-russian-intelligence-support-as-fabricated/")
    );
    assert_eq!(
        raw.hints.title.as_deref(),
        Some("Tehran dismisses claims of Russian intelligence support as ‘Fabricated’")
    );
    assert_eq!(raw.hints.published.as_deref(), Some("2026-04-20T06:16:59.000Z"));
    assert_eq!(raw.hints.tags.len(), 4);
    assert_eq!(raw.hints.record_type.as_deref(), Some("site.standard.document"));
    assert_eq!(raw.source.member, None, "a file of one record has no member");
}

/// The seed document, a publication, a post made from a PolNeAR sentence and an unknown lexicon.
fn atproto_mix(data: &Path) -> Vec<Value> {
    let (_, text) = common::polnear(data, 1).remove(0);
    let first_sentence = text.lines().find(|line| line.len() > 40).expect("a sentence").to_owned();
    vec![
        seed_record(data),
        json!({"$type": "site.standard.publication", "name": "HUM News English", "url": "https://humenglish.com", "description": "News"}),
        json!({"$type": "app.bsky.feed.post", "text": first_sentence, "createdAt": "2016-10-01T12:00:00Z", "langs": ["en"]}),
        json!({"$type": "app.bsky.feed.like", "subject": {"uri": "at://did:plc:x/app.bsky.feed.post/1"}}),
        json!({"uri": "at://did:plc:jpckpkvpjawehyqenhblotzo/site.standard.document/3mjvw", "cid": "bafy", "value": seed_record(data)}),
    ]
}

fn check_atproto_mix(items: &[Result<Record, hearsay_ingest::RecordError>]) {
    assert_eq!(items.len(), 5);
    assert_eq!(article(&items[0]).format, RecordFormat::Markdown);
    assert_eq!(article(&items[0]).source.member.as_deref(), Some("#0"));
    match &items[1] {
        Ok(Record::Publication(publication)) => {
            assert_eq!(publication.name, "HUM News English");
            assert_eq!(publication.url.as_deref(), Some("https://humenglish.com"));
        }
        other => panic!("expected a publication, got {other:?}"),
    }
    let post = article(&items[2]);
    assert_eq!(post.format, RecordFormat::Text);
    assert_eq!(post.hints.published.as_deref(), Some("2016-10-01T12:00:00Z"));
    assert_eq!(post.hints.record_type.as_deref(), Some("app.bsky.feed.post"));
    let unknown = error(&items[3]);
    assert_eq!(unknown.kind, ErrorKind::Failed);
    assert_eq!(unknown.reason, "unknown lexicon app.bsky.feed.like");
    let wrapped = article(&items[4]);
    assert_eq!(
        wrapped.hints.at_uri.as_deref(),
        Some("at://did:plc:jpckpkvpjawehyqenhblotzo/site.standard.document/3mjvw")
    );
    assert_eq!(wrapped.source.member, wrapped.hints.at_uri, "the member is the at:// URI where known");
}

#[test]
fn atproto_array_and_json_lines() {
    let data = data_or_skip!();
    let records = atproto_mix(&data);
    let array = serde_json::to_vec_pretty(&records).expect("json");
    let items = read_all_bytes("records.json", &array);
    check_atproto_mix(&items);
    let lines: String = records.iter().map(|record| format!("{record}\n")).collect();
    let items = read_all_bytes("records.jsonl", lines.as_bytes());
    check_atproto_mix(&items);
    assert_eq!(
        hearsay_ingest::read_bytes("records.jsonl", lines.into_bytes(), &Limits::default()).format(),
        Some(InputFormat::Atproto)
    );
}

#[test]
fn jetstream_events_from_the_seed_record() {
    let data = data_or_skip!();
    let record = seed_record(&data);
    let did = "did:plc:jpckpkvpjawehyqenhblotzo";
    let commit = |operation: &str, rkey: &str, record: Option<&Value>| {
        let mut commit = json!({"rev": "3mjvw2f", "operation": operation, "collection": "site.standard.document", "rkey": rkey, "cid": "bafyrei"});
        if let Some(record) = record {
            commit["record"] = record.clone();
        }
        json!({"did": did, "time_us": 1_776_665_819_000_000_u64, "kind": "commit", "commit": commit})
    };
    let events = [
        commit("create", "3mjvw2exyttn2", Some(&record)),
        json!({"did": did, "time_us": 1_776_665_819_000_001_u64, "kind": "identity", "identity": {"did": did, "handle": "humenglish.com", "seq": 1, "time": "2026-04-20T06:17:00Z"}}),
        commit("update", "3mjvw2exyttn2", Some(&record)),
        commit("delete", "3mjvw2exyttn2", None),
        json!({"did": did, "time_us": 1_776_665_819_000_002_u64, "kind": "account", "account": {"active": true, "did": did, "seq": 2}}),
    ];
    let lines: String = events.iter().map(|event| format!("{event}\n")).collect();
    let items = read_all_bytes("jetstream.jsonl", lines.as_bytes());
    assert_eq!(items.len(), 5);
    let uri = format!("at://{did}/site.standard.document/3mjvw2exyttn2");
    let created = article(&items[0]);
    assert_eq!(created.input, InputFormat::Jetstream);
    assert_eq!(created.format, RecordFormat::Markdown);
    assert_eq!(created.hints.at_uri.as_deref(), Some(uri.as_str()));
    assert_eq!(created.source.member.as_deref(), Some(uri.as_str()));
    assert_eq!(created.source.offset, Some(0));
    let identity = error(&items[1]);
    assert_eq!((identity.kind, identity.reason.as_str()), (ErrorKind::Skipped, "identity event"));
    assert_eq!(article(&items[2]).hints.at_uri.as_deref(), Some(uri.as_str()));
    match &items[3] {
        Ok(Record::Delete { at_uri, .. }) => assert_eq!(at_uri, &uri),
        other => panic!("expected a delete, got {other:?}"),
    }
    assert_eq!(error(&items[4]).kind, ErrorKind::Skipped);
}

#[test]
fn html_page_gzipped_with_declared_charset() {
    let data = data_or_skip!();
    let pages = common::extraction_pages(&data, 3);
    let mut paths: Vec<_> =
        fs::read_dir(data.join("extraction/html")).expect("pages").map(|entry| entry.expect("entry").path()).collect();
    paths.sort();
    // The third page (a Hearst site) declares `<meta charset="utf-8">` in its head.
    let items = read_all(&paths[2]);
    assert_eq!(items.len(), 1);
    let raw = article(&items[0]);
    assert_eq!(raw.input, InputFormat::Html);
    assert_eq!(raw.format, RecordFormat::Html);
    assert_eq!(raw.bytes, pages[2].1, "the decompressed page, untouched");
    assert_eq!(raw.charset.as_deref(), Some("utf-8"));
    // The first (WSJ) declares its charset 180 KB in, past the 4 KiB that count: none is passed.
    let items = read_all(&paths[0]);
    assert_eq!(article(&items[0]).bytes, pages[0].1);
    assert_eq!(article(&items[0]).charset, None);
}

/// An RSS 2.0 feed whose items are PolNeAR articles: one with content:encoded, the rest with a
/// description only, and a last one with neither.
fn polnear_rss(data: &Path, n: usize) -> String {
    let mut items = String::new();
    for (index, (name, text)) in common::polnear(data, n).iter().enumerate() {
        let paragraphs: String = text
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| format!("<p>{}</p>", common::xml_escape(line)))
            .collect();
        let body = if index == 0 {
            format!("<description>Summary of {name}</description><content:encoded><![CDATA[{paragraphs}]]></content:encoded>")
        } else {
            format!("<description>{}</description>", common::xml_escape(&paragraphs))
        };
        items.push_str(&format!(
            "<item><title>{name}</title><link>https://example.com/{name}</link><dc:creator>Staff Writer</dc:creator><category>Politics</category><pubDate>Sat, 01 Oct 2016 12:00:00 GMT</pubDate>{body}</item>\n"
        ));
    }
    items.push_str("<item><title>Photo gallery</title><link>https://example.com/gallery</link></item>\n");
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>PolNeAR Wire</title><link>https://example.com</link><description>test</description>\n{items}</channel></rss>"
    )
}

#[test]
fn rss_items_from_polnear() {
    let data = data_or_skip!();
    let feed = polnear_rss(&data, 3);
    let items = read_all_bytes("wire.xml", feed.as_bytes());
    assert_eq!(items.len(), 4);
    let texts = common::polnear(&data, 3);
    let first = article(&items[0]);
    assert_eq!(first.input, InputFormat::Rss);
    assert_eq!(first.format, RecordFormat::Html);
    let body = String::from_utf8_lossy(&first.bytes);
    assert!(body.starts_with("<p>"), "content:encoded is the body: {}", &body[..40.min(body.len())]);
    let first_line = texts[0].1.lines().find(|line| !line.trim().is_empty()).expect("line");
    assert!(body.contains(&common::xml_escape(first_line)));
    assert_eq!(first.hints.description.as_deref(), Some(format!("Summary of {}", texts[0].0).as_str()));
    assert_eq!(first.hints.title.as_deref(), Some(texts[0].0.as_str()));
    assert_eq!(first.hints.url.as_deref(), Some(format!("https://example.com/{}", texts[0].0).as_str()));
    assert_eq!(first.hints.published.as_deref(), Some("2016-10-01T12:00:00Z"));
    assert_eq!(first.hints.outlet.as_deref(), Some("PolNeAR Wire"));
    assert_eq!(first.hints.authors, vec!["Staff Writer".to_owned()]);
    assert_eq!(first.hints.tags, vec!["Politics".to_owned()]);
    assert_eq!(first.source.member.as_deref(), Some("#0"));
    let second = article(&items[1]);
    assert!(String::from_utf8_lossy(&second.bytes).starts_with("<p>"), "the description, unescaped, is the body");
    let empty = error(&items[3]);
    assert_eq!(empty.source.member.as_deref(), Some("#3"));
    assert_eq!(empty.reason, "feed entry \"Photo gallery\" has no content and no summary");
}

#[test]
fn atom_and_json_feed_entries() {
    let data = data_or_skip!();
    let texts = common::polnear(&data, 2);
    let entries: String = texts
        .iter()
        .map(|(name, text)| {
            format!(
                "<entry><title>{name}</title><id>urn:{name}</id><link href=\"https://example.com/{name}\"/><updated>2016-10-02T08:30:00Z</updated><author><name>Jane Doe</name></author><content type=\"text\">{}</content></entry>",
                common::xml_escape(text)
            )
        })
        .collect();
    let atom = format!("<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Atom Wire</title><id>urn:wire</id><updated>2016-10-02T08:30:00Z</updated>{entries}</feed>");
    let items = read_all_bytes("wire.atom", atom.as_bytes());
    assert_eq!(items.len(), 2);
    let first = article(&items[0]);
    assert_eq!(first.input, InputFormat::Atom);
    assert_eq!(first.format, RecordFormat::Text, "type=\"text\" content is plain text");
    assert_eq!(String::from_utf8_lossy(&first.bytes).trim(), texts[0].1.trim());
    assert_eq!(first.hints.published.as_deref(), Some("2016-10-02T08:30:00Z"));
    assert_eq!(first.hints.authors, vec!["Jane Doe".to_owned()]);

    let json_feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON Wire",
        "items": texts.iter().map(|(name, text)| json!({"id": name, "url": format!("https://example.com/{name}"), "title": name, "content_html": format!("<p>{}</p>", text), "date_published": "2016-10-03T00:00:00Z", "tags": ["politics"]})).collect::<Vec<_>>(),
    });
    let items = read_all_bytes("feed.json", json_feed.to_string().as_bytes());
    assert_eq!(items.len(), 2);
    let first = article(&items[0]);
    assert_eq!(first.input, InputFormat::JsonFeed);
    assert_eq!(first.format, RecordFormat::Html);
    assert_eq!(first.hints.outlet.as_deref(), Some("JSON Wire"));
    assert_eq!(first.hints.tags, vec!["politics".to_owned()]);
}

fn check_warc_items(items: &[Result<Record, hearsay_ingest::RecordError>], pages: &[(String, Vec<u8>)]) {
    let skipped = items.iter().filter(|item| matches!(item, Err(error) if error.kind == hearsay_ingest::ErrorKind::Skipped && !error.reason.is_empty())).count();
    let items: Vec<_> = items.iter().filter(|item| item.is_ok()).collect();
    assert_eq!(items.len(), pages.len(), "requests, warcinfo and the PNG are skipped, each with a reason");
    assert!(skipped > 0);
    for (index, (item, (url, html))) in items.into_iter().zip(pages).enumerate() {
        let raw = article(item);
        assert_eq!(raw.input, InputFormat::Warc);
        assert_eq!(raw.format, RecordFormat::Html);
        assert_eq!(&raw.bytes, html);
        assert_eq!(raw.hints.url.as_deref(), Some(url.as_str()));
        assert_eq!(raw.hints.published.as_deref(), Some("2019-11-19T12:00:00Z"));
        assert_eq!(raw.charset.as_deref(), Some("utf-8"));
        assert_eq!(raw.source.member, Some(format!("<urn:uuid:page-{index}>")));
    }
}

#[test]
fn warc_plain_gzip_per_record_and_whole_gzip() {
    let data = data_or_skip!();
    let pages = common::extraction_pages(&data, 4);
    let records = common::warc_records(&pages);
    let plain: Vec<u8> = records.concat();
    check_warc_items(&read_all_bytes("crawl.warc", &plain), &pages);
    let per_record: Vec<u8> = records.iter().flat_map(|record| common::gzip(record)).collect();
    check_warc_items(&read_all_bytes("crawl.warc.gz", &per_record), &pages);
    check_warc_items(&read_all_bytes("crawl.warc.gz", &common::gzip(&plain)), &pages);
    let dir = tempfile::tempdir().expect("temp dir");
    check_warc_items(&read_all(&write(dir.path(), "crawl.warc.gz", &per_record)), &pages);
}

#[test]
fn warc_chunked_gzip_encoded_and_resource_records() {
    let data = data_or_skip!();
    let (url, html) = common::extraction_pages(&data, 1).remove(0);
    let mut chunked = Vec::new();
    for chunk in html.chunks(4000) {
        chunked.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        chunked.extend_from_slice(chunk);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let records = [
        common::warc_record(
            "response",
            "chunked",
            Some(&url),
            "application/http; msgtype=response",
            &common::http_response("text/html; charset=windows-1252", "Transfer-Encoding: chunked\r\n", &chunked),
        ),
        common::warc_record(
            "response",
            "gzipped",
            Some(&url),
            "application/http; msgtype=response",
            &common::http_response("application/xhtml+xml", "Content-Encoding: gzip\r\n", &common::gzip(&html)),
        ),
        common::warc_record("resource", "resource", Some(&url), "text/html; charset=ISO-8859-1", &html),
        common::warc_record("metadata", "meta", Some(&url), "application/warc-fields", b"via: test\r\n"),
    ]
    .concat();
    let items = common::unskipped(read_all_bytes("special.warc", &records));
    assert_eq!(items.len(), 3);
    assert_eq!(article(&items[0]).bytes, html, "de-chunked");
    assert_eq!(article(&items[0]).charset.as_deref(), Some("windows-1252"));
    assert_eq!(article(&items[1]).bytes, html, "gunzipped Content-Encoding");
    assert_eq!(article(&items[2]).bytes, html);
    assert_eq!(article(&items[2]).charset.as_deref(), Some("ISO-8859-1"));
}

#[test]
fn json_lines_articles() {
    let data = data_or_skip!();
    let texts = common::polnear(&data, 3);
    let mut lines = String::new();
    for (name, text) in &texts {
        lines.push_str(&json!({"url": format!("https://example.com/{name}"), "title": name, "published": "2016-10-01", "outlet": "Breitbart", "text": text}).to_string());
        lines.push('\n');
    }
    lines.push_str(&json!({"html": format!("<p>{}</p>", texts[0].1), "authors": ["A. Writer"]}).to_string());
    lines.push('\n');
    let items = read_all_bytes("export.jsonl", lines.as_bytes());
    assert_eq!(items.len(), 4);
    let first = article(&items[0]);
    assert_eq!(first.input, InputFormat::JsonLines);
    assert_eq!(first.format, RecordFormat::Text);
    assert_eq!(first.bytes, texts[0].1.as_bytes());
    assert_eq!(first.hints.outlet.as_deref(), Some("Breitbart"));
    assert_eq!(first.hints.published.as_deref(), Some("2016-10-01"));
    assert_eq!(first.source.member.as_deref(), Some("#0"));
    let last = article(&items[3]);
    assert_eq!(last.format, RecordFormat::Html);
    assert_eq!(last.hints.authors, vec!["A. Writer".to_owned()]);
    assert_eq!(last.source.offset, Some(lines.lines().take(3).map(|line| line.len() as u64 + 1).sum::<u64>()));
}

#[test]
fn gzipped_formats_are_detected_after_decompressing() {
    let data = data_or_skip!();
    let dir = tempfile::tempdir().expect("temp dir");
    let seed = fs::read(common::seed(&data, "002_")).expect("seed");
    let path = write(dir.path(), "002.txt.gz", &common::gzip(&seed));
    assert_eq!(detect(&path, &fs::read(&path).expect("read")), Some(InputFormat::Atproto));
    let items = read_all(&path);
    assert_eq!(article(&items[0]).format, RecordFormat::Markdown);

    let text = fs::read(common::seed(&data, "004_")).expect("seed");
    let items = read_all(&write(dir.path(), "004.gz", &common::gzip(&text)));
    assert_eq!(article(&items[0]).bytes, text);

    let feed = polnear_rss(&data, 2);
    let reader = read_file(&write(dir.path(), "feed.gz", &common::gzip(feed.as_bytes())), &Limits::default());
    assert_eq!(reader.format(), Some(InputFormat::Rss));
    assert_eq!(reader.filter(Result::is_ok).count(), 2);
}

#[test]
fn walk_is_sorted_recursive_and_names_missing_paths() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    fs::create_dir_all(root.join("b/nested")).expect("mkdir");
    fs::create_dir_all(root.join(".git")).expect("mkdir");
    for name in ["b/nested/z.txt", "b/a.txt", "c.txt", "a.warc.gz", ".git/HEAD", ".DS_Store"] {
        write(root, name, b"x");
    }
    let missing = root.join("no-such-file.txt");
    let found = walk(&[root.to_path_buf(), missing.clone()]);
    let files: Vec<String> = found
        .iter()
        .filter_map(|entry| entry.as_ref().ok())
        .map(|path| path.strip_prefix(root).expect("under root").display().to_string())
        .collect();
    assert_eq!(files, ["a.warc.gz", "b/a.txt", "b/nested/z.txt", "c.txt"]);
    let errors: Vec<String> = found.iter().filter_map(|entry| entry.as_ref().err()).map(ToString::to_string).collect();
    assert_eq!(errors, [format!("{}: no such file or folder", missing.display())]);
    assert_eq!(walk(&[root.to_path_buf()]).len(), 4, "deterministic");
}

#[test]
fn list_records_output_is_read_element_by_element() {
    let data = data_or_skip!();
    let did = "did:plc:jpckpkvpjawehyqenhblotzo";
    let wrap = |collection: &str, rkey: &str, value: Value| json!({"uri": format!("at://{did}/{collection}/{rkey}"), "cid": "bafyrei", "value": value});
    let listing = json!({
        "records": [
            wrap("site.standard.document", "3mjvw2exyttn2", seed_record(&data)),
            wrap("site.standard.publication", "self", json!({"$type": "site.standard.publication", "name": "HUM News English", "url": "https://humenglish.com"})),
        ],
        "cursor": "3mjvw2exyttn2",
    });
    let bytes = serde_json::to_vec_pretty(&listing).expect("json");
    let reader = hearsay_ingest::read_bytes("listRecords.json", bytes, &Limits::default());
    assert_eq!(reader.format(), Some(InputFormat::Atproto));
    let items: Vec<_> = reader.collect();
    assert_eq!(items.len(), 2);
    let document = article(&items[0]);
    assert_eq!(document.source.member, Some(format!("at://{did}/site.standard.document/3mjvw2exyttn2")));
    assert_eq!(document.hints.at_uri, document.source.member);
    match &items[1] {
        Ok(Record::Publication(publication)) => {
            assert_eq!(publication.at_uri, Some(format!("at://{did}/site.standard.publication/self")))
        }
        other => panic!("expected a publication, got {other:?}"),
    }
}

// Real feeds write HTML where XML wants text: references XML does not define in titles, and raw
// tags in descriptions. A reader sees the characters and the text, and so does hearsay.
#[test]
fn html_in_rss_titles_and_descriptions_is_read_as_html() {
    let data = data_or_skip!();
    let texts = common::polnear(&data, 2);
    let line = |text: &str| common::xml_escape(text.lines().find(|line| !line.trim().is_empty()).expect("line"));
    let feed = format!(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Wire</title>\n\
         <item><title>Caf&eacute; owners&rsquo; plan &amp;amp; more</title><description>{} <b>more</description></item>\n\
         <item><title>Second</title><description><![CDATA[<p>{}</p>]]></description></item>\n\
         </channel></rss>",
        line(&texts[0].1),
        line(&texts[1].1),
    );
    let items = common::read_all_bytes("wire.xml", feed.as_bytes());
    assert_eq!(items.len(), 2, "{items:?}");
    let first = common::article(&items[0]);
    assert_eq!(first.hints.title.as_deref(), Some("Caf\u{e9} owners\u{2019} plan & more"));
    let body = String::from_utf8_lossy(&first.bytes);
    assert!(body.contains(&line(&texts[0].1)) && body.ends_with("<b>more"), "{body}");
    assert_eq!(common::article(&items[1]).hints.title.as_deref(), Some("Second"));
    // An Atom title of type text means its characters as they are.
    let atom = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>W</title><entry><title>AT&amp;amp;T</title>\
                <content type=\"html\">&lt;p&gt;The company said so.&lt;/p&gt;</content></entry></feed>";
    let items = common::read_all_bytes("wire.atom", atom.as_bytes());
    assert_eq!(common::article(&items[0]).hints.title.as_deref(), Some("AT&amp;T"));
}
