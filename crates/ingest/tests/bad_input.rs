//! Broken, hostile and unusual input: every case yields clear errors, never a panic, and keeps
//! what could be read.

mod common;

use std::fs;
use std::io::Write;
use std::time::{Duration, Instant};

use common::{article, error, read_all, read_all_bytes, write};
use hearsay_article::{InputFormat, Record, RecordFormat};
use hearsay_ingest::{read_bytes, read_file, walk, ErrorKind, Limits};
use serde_json::json;

#[test]
fn empty_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let items = read_all(&write(dir.path(), "empty.txt", b""));
    assert_eq!(items.len(), 1);
    assert_eq!(error(&items[0]).reason, "empty file");
    assert_eq!(error(&items[0]).to_string(), format!("{}: empty file", dir.path().join("empty.txt").display()));
    assert_eq!(error(&read_all_bytes("blank.txt", b" \n\r\n\t")[0]).reason, "empty file");
    assert_eq!(error(&read_all_bytes("empty.gz", &common::gzip(b""))[0]).reason, "empty file");
}

#[test]
fn binary_file() {
    let data = data_or_skip!();
    // A real gzip member nested in a file that is not itself gzip: bytes with NULs.
    let mut bytes = b"ID3".to_vec();
    bytes.extend_from_slice(
        &fs::read(data.join("extraction/html").read_dir().expect("dir").next().expect("page").expect("entry").path())
            .expect("page"),
    );
    let items = read_all_bytes("song.mp3", &bytes);
    assert_eq!(items.len(), 1);
    assert_eq!(error(&items[0]).reason, "binary file, not a news format");
    assert!(error(&read_all_bytes("archive.zip", b"PK\x03\x04\x14\x00\x00\x00")[0]).reason.starts_with("zip archive"));
}

#[test]
fn windows_1252_text_is_text_and_bytes_pass_untouched() {
    let data = data_or_skip!();
    let (_, text) = common::polnear(&data, 1).remove(0);
    // Encode the typographic quotes and dashes as Windows-1252 does; anything else non-ASCII as '?'.
    let mut bytes = Vec::new();
    for character in format!("\u{201c}Quoted,\u{201d} she said \u{2014} {text}").chars() {
        bytes.push(match character {
            '\u{2018}' => 0x91,
            '\u{2019}' => 0x92,
            '\u{201c}' => 0x93,
            '\u{201d}' => 0x94,
            '\u{2014}' => 0x97,
            c if c.is_ascii() => c as u8,
            _ => b'?',
        });
    }
    assert!(std::str::from_utf8(&bytes).is_err(), "not UTF-8");
    let items = read_all_bytes("cp1252.txt", &bytes);
    assert_eq!(items.len(), 1);
    let raw = article(&items[0]);
    assert_eq!(raw.format, RecordFormat::Text);
    assert_eq!(raw.bytes, bytes, "clean decodes, not ingest");
}

#[test]
fn truncated_gzip_page() {
    let data = data_or_skip!();
    let mut paths: Vec<_> =
        fs::read_dir(data.join("extraction/html")).expect("pages").map(|entry| entry.expect("entry").path()).collect();
    paths.sort();
    let gz = fs::read(&paths[0]).expect("page");
    let cut = gz.len() / 2;
    let dir = tempfile::tempdir().expect("temp dir");
    let items = read_all(&write(dir.path(), "page.html.gz", &gz[..cut]));
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(error(&items[0]).reason, format!("truncated gzip stream after {cut} bytes"));
}

#[test]
fn truncated_gzip_json_lines_keeps_complete_lines() {
    let data = data_or_skip!();
    let texts = common::polnear(&data, 40);
    let lines: String =
        texts.iter().map(|(name, text)| format!("{}\n", json!({"title": name, "text": text}))).collect();
    let gz = common::gzip(lines.as_bytes());
    let cut = gz.len() * 3 / 4;
    let items = read_all_bytes("export.jsonl.gz", &gz[..cut]);
    let (articles, errors): (Vec<_>, Vec<_>) = items.iter().partition(|item| item.is_ok());
    assert!(articles.len() > 10 && articles.len() < 40, "{} complete lines before the break", articles.len());
    assert_eq!(errors.len(), 1);
    assert_eq!(error(errors[0]).reason, format!("truncated gzip stream after {cut} bytes"));
    assert!(items.last().is_some_and(Result::is_err), "the error comes last");
    for (item, (name, _)) in articles.iter().zip(&texts) {
        assert_eq!(article(item).hints.title.as_ref(), Some(name));
    }
}

#[test]
fn truncated_warc_keeps_complete_records() {
    let data = data_or_skip!();
    let pages = common::extraction_pages(&data, 4);
    let records = common::warc_records(&pages);
    let plain = records.concat();
    // Cut inside the last response: the three before it are complete.
    let last_response_start = plain.len() - records.last().expect("record").len();
    let cut = last_response_start + records.last().expect("record").len() / 2;
    let items = common::unskipped(read_all_bytes("crawl.warc", &plain[..cut]));
    assert_eq!(items.len(), 4, "{:?}", items.iter().map(|item| item.as_ref().err()).collect::<Vec<_>>());
    assert!(items[..3].iter().all(Result::is_ok));
    let broken = error(&items[3]);
    assert_eq!(broken.reason, "truncated WARC record");
    assert_eq!(broken.source.member.as_deref(), Some("<urn:uuid:page-3>"));

    // The same crawl gzipped per record, cut inside the last member.
    let members: Vec<Vec<u8>> = records.iter().map(|record| common::gzip(record)).collect();
    let whole = members.concat();
    let cut = whole.len() - members.last().expect("member").len() / 2;
    let items = common::unskipped(read_all_bytes("crawl.warc.gz", &whole[..cut]));
    assert_eq!(items.len(), 4);
    assert!(items[..3].iter().all(Result::is_ok));
    assert_eq!(error(&items[3]).reason, format!("truncated gzip stream after {cut} bytes"));
}

#[test]
fn malformed_json_line_fails_alone() {
    let data = data_or_skip!();
    let texts = common::polnear(&data, 4);
    let mut lines: Vec<String> =
        texts.iter().map(|(name, text)| json!({"title": name, "text": text}).to_string()).collect();
    lines[2] = "}{ not json".to_owned();
    let items = read_all_bytes("export.jsonl", lines.join("\n").as_bytes());
    assert_eq!(items.len(), 4);
    let bad = error(&items[2]);
    assert_eq!(bad.reason, "line 3: expected value at column 1");
    assert_eq!(bad.to_string(), "export.jsonl #2: line 3: expected value at column 1");
    assert!(items[0].is_ok() && items[1].is_ok() && items[3].is_ok());
}

#[test]
fn unknown_lexicon_and_documents_without_text() {
    let data = data_or_skip!();
    let mut record: serde_json::Value =
        serde_json::from_slice(&fs::read(common::seed(&data, "002_")).expect("seed")).expect("json");
    record["$type"] = json!("com.example.article");
    let items = read_all_bytes("002.json", record.to_string().as_bytes());
    assert_eq!(error(&items[0]).reason, "unknown lexicon com.example.article");
    record["$type"] = json!("site.standard.document");
    record.as_object_mut().expect("object").remove("textContent");
    let items = read_all_bytes("002.json", record.to_string().as_bytes());
    assert_eq!(error(&items[0]).reason, "site.standard.document has neither textContent nor description");
    record["description"] = json!("Iran's envoy rejects reports of Russian intelligence help.");
    let items = read_all_bytes("002.json", record.to_string().as_bytes());
    assert_eq!(article(&items[0]).bytes, b"Iran's envoy rejects reports of Russian intelligence help.");
}

#[test]
fn huge_single_line_is_refused_without_reading_it_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.jsonl");
    {
        let mut file = std::io::BufWriter::new(fs::File::create(&path).expect("create"));
        file.write_all(b"{\"title\": \"huge\", \"text\": \"").expect("write");
        let block = vec![b'a'; 1 << 20];
        for _ in 0..200 {
            file.write_all(&block).expect("write");
        }
        file.write_all(b"\"}\n{\"text\": \"Moscow denied it.\"}\n").expect("write");
    }
    let started = Instant::now();
    let items = read_all(&path);
    let elapsed = started.elapsed();
    assert_eq!(items.len(), 2);
    assert_eq!(error(&items[0]).reason, "line 1: record larger than the 16 MiB limit");
    assert_eq!(article(&items[1]).bytes, b"Moscow denied it.", "the next line is read");
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");

    // A plain text file over the limit: only the limit is read.
    let path = dir.path().join("huge.txt");
    fs::write(&path, "Moscow denied it. ".repeat(1 << 20)).expect("write");
    let items = read_all(&path);
    assert_eq!(items.len(), 1);
    assert_eq!(error(&items[0]).reason, "record larger than the 16 MiB limit");
}

#[test]
fn deep_json_is_an_error_not_a_stack_overflow() {
    let deep = format!("{{\"text\": {}1{}}}", "[".repeat(100_000), "]".repeat(100_000));
    let items = read_all_bytes("deep.jsonl", format!("{deep}\n{{\"text\": \"fine\"}}\n").as_bytes());
    assert_eq!(items.len(), 2);
    assert_eq!(error(&items[0]).reason, "line 1: JSON nested deeper than the 64-level limit");
    assert!(items[1].is_ok());
    let items = read_all_bytes(
        "deep.json",
        format!("[{deep}, {{\"$type\": \"app.bsky.feed.post\", \"text\": \"fine\"}}]").as_bytes(),
    );
    assert_eq!(error(&items[0]).reason, "JSON nested deeper than the 64-level limit");
    assert!(items[1].is_ok(), "the next array element is read");
    // Past our limit, serde_json's own recursion limit (128) still answers with an error.
    let limits = Limits { max_json_depth: 1_000_000, ..Limits::default() };
    let items: Vec<_> = read_bytes("deep.jsonl", deep.into_bytes(), &limits).collect();
    assert!(error(&items[0]).reason.contains("recursion limit exceeded"), "{}", error(&items[0]).reason);
}

#[test]
fn missing_file_and_folder_are_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("gone.warc.gz");
    let items = read_all(&missing);
    assert_eq!(items.len(), 1);
    let message = error(&items[0]).to_string();
    assert!(message.starts_with(&format!("{}: cannot open:", missing.display())), "{message}");
    let walked = walk(&[dir.path().join("gone")]);
    assert!(walked[0].as_ref().is_err_and(|error| error.to_string().contains("gone: no such file or folder")));
    let items = read_all(dir.path());
    assert!(error(&items[0]).reason.contains("folder"), "{}", error(&items[0]).reason);
}

#[test]
fn unreadable_folder_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let locked = dir.path().join("locked");
    fs::create_dir(&locked).expect("mkdir");
    write(&locked, "a.txt", b"x");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).expect("chmod");
    if fs::read_dir(&locked).is_ok() {
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).expect("chmod");
        eprintln!("skipping: running as root, permissions are not enforced");
        return;
    }
    let walked = walk(&[dir.path().to_path_buf()]);
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).expect("chmod");
    assert_eq!(walked.len(), 1);
    assert!(walked[0].as_ref().is_err_and(|error| error.to_string().contains("locked: cannot read")));
}

#[test]
fn decompression_bomb_is_cut_at_the_limit() {
    let data = data_or_skip!();
    let (_, text) = common::polnear(&data, 1).remove(0);
    let gz = common::gzip(text.repeat(2_000_000 / text.len() + 1).as_bytes());
    let limits = Limits { max_decompressed_bytes: 1 << 20, ..Limits::default() };
    let items: Vec<_> = read_bytes("bomb.txt.gz", gz, &limits).collect();
    assert_eq!(items.len(), 1);
    assert_eq!(error(&items[0]).reason, "decompressed data larger than the 1 MiB limit");
}

#[test]
fn feed_entry_limit() {
    let data = data_or_skip!();
    let items: String = common::polnear(&data, 5)
        .iter()
        .map(|(name, text)| {
            format!("<item><title>{name}</title><description>{}</description></item>", common::xml_escape(text))
        })
        .collect();
    let feed = format!("<rss version=\"2.0\"><channel><title>Wire</title>{items}</channel></rss>");
    let limits = Limits { max_feed_entries: 3, ..Limits::default() };
    let items: Vec<_> = read_bytes("wire.rss", feed.into_bytes(), &limits).collect();
    assert_eq!(items.len(), 4);
    assert!(items[..3].iter().all(|item| matches!(item, Ok(Record::Article(_)))));
    assert_eq!(error(&items[3]).reason, "feed has 5 entries; only the first 3 were read (max_feed_entries)");
}

#[test]
fn broken_feed_and_unsupported_xml() {
    let items = read_all_bytes("wire.rss", b"<rss version=\"2.0\"><channel><title>Wire</title><item><title>A</ti");
    assert_eq!(items.len(), 1);
    assert!(error(&items[0]).reason.starts_with("cannot parse rss feed"), "{}", error(&items[0]).reason);
    let items = read_all_bytes(
        "sitemap.xml",
        b"<?xml version=\"1.0\"?><urlset><url><loc>https://example.com</loc></url></urlset>",
    );
    assert_eq!(error(&items[0]).reason, "XML with root <urlset>, not a news format");
}

#[test]
fn jetstream_edge_cases() {
    let lines = [
        json!({"did": "did:plc:x", "time_us": 1, "kind": "commit", "commit": {"operation": "create", "collection": "app.bsky.feed.like", "rkey": "1", "record": {"subject": {}}}}),
        json!({"did": "did:plc:x", "time_us": 2, "kind": "commit", "commit": {"operation": "create", "collection": "app.bsky.feed.post", "rkey": "2"}}),
        json!({"did": "did:plc:x", "time_us": 3, "kind": "commit", "commit": {"operation": "create", "collection": "app.bsky.feed.post", "rkey": "3", "record": {"text": "Moscow denied it.", "createdAt": "2026-04-20T06:17:00Z"}}}),
    ]
    .map(|line| line.to_string())
    .join("\n");
    let items = read_all_bytes("firehose", lines.as_bytes());
    assert_eq!(error(&items[0]).reason, "create of a app.bsky.feed.like record, not an article");
    assert_eq!(error(&items[0]).source.member.as_deref(), Some("at://did:plc:x/app.bsky.feed.like/1"));
    assert_eq!(error(&items[1]).reason, "commit without a record");
    let post = article(&items[2]);
    assert_eq!(post.input, InputFormat::Jetstream);
    assert_eq!(post.hints.record_type.as_deref(), Some("app.bsky.feed.post"));
    assert_eq!(error(&items[0]).kind, ErrorKind::Skipped, "a like is not a failure");
}

#[test]
fn utf16_text_with_a_byte_order_mark() {
    let data = data_or_skip!();
    let text = fs::read_to_string(common::seed(&data, "004_")).expect("seed");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let reader =
        read_file(&write(tempfile::tempdir().expect("dir").path(), "004-utf16.txt", &bytes), &Limits::default());
    assert_eq!(reader.format(), Some(InputFormat::Text));
    let items: Vec<_> = reader.collect();
    assert_eq!(article(&items[0]).charset.as_deref(), Some("utf-16le"));
    assert_eq!(article(&items[0]).bytes, bytes);
}

#[test]
fn utf16_rss_feed() {
    let data = data_or_skip!();
    let (name, text) = common::polnear(&data, 1).remove(0);
    let feed = format!("<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"><channel><title>Wire</title><item><title>{name}</title><description>{}</description></item></channel></rss>", common::xml_escape(&text));
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(feed.encode_utf16().flat_map(u16::to_le_bytes));
    let reader = read_bytes("wire-utf16.rss", bytes, &Limits::default());
    assert_eq!(reader.format(), Some(InputFormat::Rss));
    let items: Vec<_> = reader.collect();
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(article(&items[0]).hints.title.as_deref(), Some(name.as_str()));
    assert_eq!(
        article(&items[0]).charset.as_deref(),
        Some("utf-8"),
        "feed-rs decoded it; the bytes handed on are UTF-8"
    );
}
