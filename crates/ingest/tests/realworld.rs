//! Real inputs from other projects' test suites (`../shared/data/realworld`, read in place): every
//! file is read and cleaned as `hearsay ingest` does, and none may crash the run or vanish
//! without a word; the manifest's expectation must hold for at least 95% of files. One test per
//! defect of issue #18 follows the folder test.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use hearsay_article::{RawArticle, Record};
use hearsay_ingest::{read_bytes, read_file, ErrorKind, Limits};

/// What reading and cleaning one file gave.
#[derive(Debug, Default)]
struct Outcome {
    stored: usize,
    failed: usize,
    skipped: usize,
    crashed: bool,
    titles: Vec<Option<String>>,
    texts: Vec<String>,
    published: Vec<Option<String>>,
    outlets: Vec<Option<String>>,
    reasons: Vec<String>,
}

impl Outcome {
    fn silent(&self) -> bool {
        !self.crashed && self.stored + self.failed + self.skipped == 0
    }
}

fn realworld() -> Option<PathBuf> {
    common::data().map(|data| data.join("realworld")).filter(|path| path.is_dir())
}

macro_rules! realworld_or_skip {
    () => {
        match realworld() {
            Some(folder) => folder,
            None => {
                eprintln!("skipping: ../shared/data/realworld not found");
                return;
            }
        }
    };
}

/// Reads one file and cleans its articles, each step guarded as the pipeline guards it.
fn run_items(items: impl Iterator<Item = Result<Record, hearsay_ingest::RecordError>>) -> Outcome {
    let mut outcome = Outcome::default();
    let mut items = items;
    loop {
        let next = catch_unwind(AssertUnwindSafe(|| items.next()));
        let item = match next {
            Ok(Some(item)) => item,
            Ok(None) => break,
            Err(_) => {
                outcome.crashed = true;
                break;
            }
        };
        match item {
            Ok(Record::Article(raw)) => clean_one(&raw, &mut outcome),
            Ok(Record::Publication(_)) => outcome.stored += 1,
            Ok(Record::Delete { .. }) => outcome.skipped += 1,
            Err(error) => {
                assert!(!error.reason.trim().is_empty(), "{error:?} has no reason");
                assert!(!error.source.path.is_empty(), "{error:?} names no file");
                outcome.reasons.push(error.to_string());
                match error.kind {
                    ErrorKind::Failed => outcome.failed += 1,
                    ErrorKind::Skipped => outcome.skipped += 1,
                }
            }
        }
    }
    outcome
}

fn clean_one(raw: &RawArticle, outcome: &mut Outcome) {
    match catch_unwind(AssertUnwindSafe(|| hearsay_clean::clean(raw))) {
        Ok(Ok(article)) => {
            outcome.stored += 1;
            outcome.titles.push(article.metadata.title.clone());
            outcome.published.push(article.metadata.published.clone());
            outcome.outlets.push(article.metadata.outlet.clone());
            outcome.texts.push(article.text.as_str().to_owned());
        }
        Ok(Err(rejection)) => {
            outcome.failed += 1;
            outcome.reasons.push(format!("{}: {}", raw.source, rejection.message));
        }
        Err(_) => {
            outcome.failed += 1;
            outcome.reasons.push(format!("{}: clean panicked", raw.source));
        }
    }
}

fn run(path: &Path) -> Outcome {
    run_items(read_file(path, &Limits::default()))
}

#[expect(clippy::print_stderr, reason = "each file's outcome, for the person reading a failed run")]
fn run_named(folder: &Path, name: &str) -> Outcome {
    let outcome = run(&folder.join(name));
    eprintln!("{name}: {outcome:?}");
    outcome
}

/// The manifest's rows: file and expectation (CSV-style quoting undone).
fn manifest(folder: &Path) -> Vec<(String, String)> {
    let text = fs::read_to_string(folder.join("MANIFEST.tsv")).expect("MANIFEST.tsv");
    text.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let columns: Vec<&str> = line.split('\t').collect();
            let mut expected = columns.get(5).copied().unwrap_or("").to_owned();
            if expected.len() >= 2 && expected.starts_with('"') && expected.ends_with('"') {
                expected = expected[1..expected.len() - 1].replace("\"\"", "\"");
            }
            (columns[0].to_owned(), expected)
        })
        .collect()
}

/// The first number in `text` after `from`.
fn number_before(text: &str, marker: &str) -> Option<usize> {
    let at = text.find(marker)?;
    text[..at].split(|c: char| !c.is_ascii_digit()).rfind(|part| !part.is_empty())?.parse().ok()
}

/// A quoted value after `key=` or `key: ` ('...' or "..."), `None` for `None`.
fn quoted_after(text: &str, key: &str) -> Option<Option<String>> {
    let at = text.find(key)? + key.len();
    let rest = &text[at..];
    if rest.starts_with("None") {
        return Some(None);
    }
    let quote = rest.chars().next().filter(|c| matches!(c, '\'' | '"'))?;
    let body = &rest[1..];
    // The value ends at the quote followed by ';' or the end.
    let end = body
        .match_indices(quote)
        .map(|(index, _)| index)
        .find(|&index| body[index + 1..].starts_with(';') || body[index + 1..].trim().is_empty())?;
    Some(Some(body[..end].to_owned()))
}

fn same_text(a: &str, b: &str) -> bool {
    let squash = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    squash(a) == squash(b)
}

/// Whether an outcome meets the manifest's expectation, and why not.
fn meets(expected: &str, outcome: &Outcome) -> Result<(), String> {
    if outcome.crashed {
        return Err("crashed".to_owned());
    }
    if outcome.silent() {
        return Err("silent".to_owned());
    }
    let check = |ok: bool, why: &str| if ok { Ok(()) } else { Err(why.to_owned()) };
    if expected.contains("should be reported as unsupported") || expected.starts_with("not a feed") {
        return check(outcome.failed >= 1 && outcome.stored == 0, "not refused");
    }
    if expected.starts_with("parse error reported") {
        return check(outcome.failed >= 1, "no failure reported");
    }
    if expected.starts_with("site.standard.publication") {
        return check(outcome.failed == 0, "a publication failed");
    }
    if expected.contains("Expect 1 post stored, rest skipped without error") {
        return check(outcome.stored == 1 && outcome.failed == 0, "not 1 stored and 0 failed");
    }
    if let Some(with_body) = number_before(expected, " with body text)") {
        check(
            outcome.stored == with_body,
            &format!("stored {} of {with_body} entries with body text", outcome.stored),
        )?;
        if with_body > 0 {
            if let Some(Some(title)) = quoted_after(expected, "first title: ") {
                let found = outcome.titles.first().cloned().flatten().unwrap_or_default();
                check(same_text(&found, &title), &format!("first title {found:?}, expected {title:?}"))?;
            }
        }
        return Ok(());
    }
    if expected.starts_with("1 document:") {
        check(outcome.stored == 1, "document not stored")?;
        if let Some(Some(title)) = quoted_after(expected, "title=") {
            let found = outcome.titles.first().cloned().flatten().unwrap_or_default();
            check(same_text(&found, &title), &format!("title {found:?}, expected {title:?}"))?;
        }
        return Ok(());
    }
    if expected.starts_with("1 article;") {
        return check(outcome.stored == 1, "article not stored");
    }
    if let Some(pages) = number_before(expected, " HTML 200 responses") {
        return check(outcome.stored >= pages, &format!("stored {} of {pages} pages", outcome.stored));
    }
    if let Some(items) = number_before(expected, " item(s) in markup") {
        if items == 0 {
            // An empty but well-formed feed (UTF-16, UTF-32) is read and found empty, not refused.
            let refused = expected.contains("not bozo") && outcome.failed > 0;
            return check(outcome.stored == 0 && !refused, "an empty feed stored from or refused");
        }
        if expected.contains("not bozo") {
            return check(
                outcome.failed == 0 && outcome.stored + outcome.skipped >= items,
                "a well-formed feed's items not read",
            );
        }
        return check(outcome.stored + outcome.skipped + outcome.failed >= items, "items unaccounted for");
    }
    if expected.starts_with("JSON Feed") {
        return check(outcome.stored >= 1, "nothing stored");
    }
    Ok(())
}

#[derive(Debug, Default)]
struct Row {
    files: usize,
    stored: usize,
    failed: usize,
    skipped: usize,
    silent: usize,
    crashes: usize,
    met: usize,
}

#[test]
fn every_real_world_file_is_stored_failed_or_skipped_with_a_reason() {
    let folder = realworld_or_skip!();
    let rows = manifest(&folder);
    assert!(rows.len() >= 250, "the manifest lists {} files", rows.len());
    let mut table: BTreeMap<String, Row> = BTreeMap::new();
    let mut misses = Vec::new();
    let mut silent = Vec::new();
    for (file, expected) in &rows {
        let outcome = run(&folder.join(file));
        let format = file.split('/').next().unwrap_or("").to_owned();
        let row = table.entry(format).or_default();
        row.files += 1;
        row.stored += outcome.stored;
        row.failed += outcome.failed;
        row.skipped += outcome.skipped;
        row.silent += usize::from(outcome.silent());
        row.crashes += usize::from(outcome.crashed);
        if outcome.silent() || outcome.crashed {
            silent.push(file.clone());
        }
        match meets(expected, &outcome) {
            Ok(()) => row.met += 1,
            Err(why) => misses.push(format!(
                "{file}: {why} (expected: {}; reasons: {:?})",
                expected.chars().take(160).collect::<String>(),
                outcome.reasons
            )),
        }
    }
    let mut total = Row::default();
    eprintln!(
        "{:<10} {:>5} {:>6} {:>6} {:>7} {:>6} {:>7} {:>5}",
        "format", "files", "stored", "failed", "skipped", "silent", "crashes", "met"
    );
    for (format, row) in &table {
        eprintln!(
            "{format:<10} {:>5} {:>6} {:>6} {:>7} {:>6} {:>7} {:>5}",
            row.files, row.stored, row.failed, row.skipped, row.silent, row.crashes, row.met
        );
        total.files += row.files;
        total.stored += row.stored;
        total.failed += row.failed;
        total.skipped += row.skipped;
        total.silent += row.silent;
        total.crashes += row.crashes;
        total.met += row.met;
    }
    eprintln!(
        "{:<10} {:>5} {:>6} {:>6} {:>7} {:>6} {:>7} {:>5}",
        "all", total.files, total.stored, total.failed, total.skipped, total.silent, total.crashes, total.met
    );
    for miss in &misses {
        eprintln!("miss: {miss}");
    }
    assert_eq!(total.crashes, 0, "crashed: {silent:?}");
    assert_eq!(total.silent, 0, "silent: {silent:?}");
    assert!(
        total.met * 100 >= total.files * 95,
        "the manifest's expectation holds for {} of {} files:\n{}",
        total.met,
        total.files,
        misses.join("\n")
    );
}

// Defect 1: a panic in a parser took the whole batch down.
#[test]
fn utf16_feed_with_a_byte_order_mark_does_not_panic() {
    let folder = realworld_or_skip!();
    for name in [
        "feed-edge/fp_encoding__utf-16be-bom.xml",
        "feed-edge/fp_encoding__utf-32le.xml",
        "feed-edge/fp_encoding__utf-16le-autodetect.xml",
    ] {
        let outcome = run_named(&folder, name);
        assert!(!outcome.crashed && outcome.failed == 0, "{name}: {outcome:?}");
        assert!(
            outcome.skipped == 1 && outcome.reasons.iter().any(|reason| reason.contains("feed has no entries")),
            "{name}: {outcome:?}"
        );
    }
}

// Defect 2: items of Atom 0.3 and RSS 1.0 feeds vanished without a word.
#[test]
fn atom_03_and_rss_10_items_are_read_or_skipped_with_a_reason() {
    let folder = realworld_or_skip!();
    let outcome = run_named(&folder, "feed-edge/fp_wellformed__rdf__rdf_item_description.xml");
    assert_eq!(outcome.stored, 1, "an RSS 1.0 item without <link> is read");
    assert_eq!(outcome.texts[0], "Example description");
    for name in ["feed-edge/fp_wellformed__amp__amp01.xml", "feed-edge/fp_wellformed__rdf__rdf_item_title.xml"] {
        let outcome = run_named(&folder, name);
        assert_eq!(
            (outcome.skipped, outcome.failed),
            (1, 0),
            "a title without text is skipped, with a reason: {outcome:?}"
        );
        assert!(outcome.reasons[0].contains("has no content and no summary"), "{outcome:?}");
    }
}

// Defect: an item whose body was only a picture, or only its headline again, failed with "no
// article text"; a feed under an XHTML doctype was read as an HTML page.
#[test]
fn items_whose_body_is_a_picture_or_the_headline_keep_the_headline_as_text() {
    let folder = realworld_or_skip!();
    for (name, headline) in [
        ("atom/atom_xml_base.xml", "my cool entry title"),
        ("rss/rss_0.91_encoding_1.xml", "bash - Expans\u{e3}o de Par\u{e2}metros"),
    ] {
        let outcome = run_named(&folder, name);
        assert_eq!((outcome.stored, outcome.failed), (1, 0), "{name}: {outcome:?}");
        assert_eq!(outcome.texts[0], headline, "{name}");
        assert_eq!(outcome.titles[0].as_deref(), Some(headline), "{name}");
    }
    // Without a headline there is still nothing to read: a failure that says so.
    let outcome = run_named(&folder, "feed-edge/fp_encoding__http_encoding_attribute_crash.xml");
    assert_eq!((outcome.stored, outcome.failed), (0, 1), "{outcome:?}");
    assert!(outcome.reasons[0].contains("no article text"), "{outcome:?}");
}

#[test]
fn a_feed_under_an_html_doctype_is_read_as_a_feed() {
    let folder = realworld_or_skip!();
    let path = folder.join("feed-edge/fp_illformed__always_strip_doctype.xml");
    let prefix = std::fs::read(&path).expect("read");
    assert_eq!(hearsay_ingest::detect(&path, &prefix), Some(hearsay_article::InputFormat::Rss));
    let outcome = run(&path);
    assert_eq!((outcome.stored, outcome.failed), (0, 0), "an empty feed, not a failed page: {outcome:?}");
}

// Defect 3: likes, reposts, follows and profile updates counted as failures.
#[test]
fn jetstream_non_article_collections_are_skipped() {
    let folder = realworld_or_skip!();
    let outcome = run_named(&folder, "jetstream/js_golden_v1.jsonl");
    assert_eq!(outcome.stored, 1);
    assert_eq!(outcome.failed, 0, "{:?}", outcome.reasons);
    assert!(outcome.skipped >= 8);
}

// Defect 4: ARC files, DOCTYPE subsets and comment-only XML stored as article text.
#[test]
fn non_articles_are_refused_by_name() {
    let folder = realworld_or_skip!();
    for name in ["warc/wio_example.arc", "warc/wio_example.arc.gz", "warc/wio_bad.arc"] {
        let outcome = run_named(&folder, name);
        assert_eq!((outcome.stored, outcome.failed), (0, 1), "{name}");
        assert!(outcome.reasons[0].contains("ARC web archive"), "{:?}", outcome.reasons);
    }
    let outcome = run_named(&folder, "feed-edge/fp_illformed__rss_empty_document.xml");
    assert_eq!(outcome.stored, 0);
    assert!(outcome.reasons[0].contains("markup without any element"), "{:?}", outcome.reasons);
    let reader = read_file(&folder.join("feed-edge/fp_wellformed__rss__entity_in_doctype.xml"), &Limits::default());
    assert_eq!(
        reader.format(),
        Some(hearsay_article::InputFormat::Rss),
        "an internal DOCTYPE subset does not hide the root"
    );
    let outcome = run_named(&folder, "feed-edge/fp_wellformed__rss__entity_in_doctype.xml");
    assert_eq!(outcome.stored, 0, "no markup stored as text");
}

fn clean_html(html: &str) -> hearsay_article::Article {
    let items: Vec<_> = read_bytes("page.html", html.as_bytes().to_vec(), &Limits::default()).collect();
    let Some(Ok(Record::Article(raw))) = items.into_iter().next() else { panic!("an article") };
    hearsay_clean::clean(&raw).expect("clean")
}

// Defect 5: text outside block elements came out two or three times; drop caps split words.
#[test]
fn html_text_comes_out_once_and_drop_caps_join() {
    let article = clean_html("<div>The minister said the plan would go ahead.<br>Critics said it was rushed.</div>");
    assert_eq!(article.text.as_str(), "The minister said the plan would go ahead.\nCritics said it was rushed.");
    let page = format!(
        "<html><head><title>Plan</title></head><body><article><div>The minister said the plan would go ahead.<br>Critics said it was rushed.</div><p>{}</p></article></body></html>",
        "The opposition leader said the vote would be close, and officials said talks would continue into the night. ".repeat(3)
    );
    let article = clean_html(&page);
    let text = article.text.as_str();
    assert_eq!(text.matches("The minister said the plan would go ahead.").count(), 1, "{text}");
    assert_eq!(text.matches("Critics said it was rushed.").count(), 1, "{text}");
    assert!(!text.contains("ahead.Critics"), "{text}");

    let folder = realworld_or_skip!();
    let outcome = run_named(&folder, "html/rd_guardian-1.html");
    assert!(
        outcome.texts[0].contains("Whale whisperer Hori Parata"),
        "{}",
        &outcome.texts[0][..200.min(outcome.texts[0].len())]
    );
    let outcome = run_named(&folder, "html/rd_telegraph.html");
    assert!(!outcome.texts[0].contains("Z imbabwe"));
    let outcome = run_named(&folder, "html/rd_005-unescape-html-entities.html");
    let text = &outcome.texts[0];
    let lines: Vec<&str> = text.lines().collect();
    let mut unique = lines.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), lines.len(), "a line repeated: {text}");
}

// Defect 6: WARC bodies marked gzip but stored decoded, and gzip streams cut short.
#[test]
fn warc_gzip_quirks_keep_the_page() {
    let html = b"<html><head><title>Kept</title></head><body><p>The ministry said the talks would resume on Monday in Geneva.</p></body></html>".to_vec();
    let url = "https://example.com/a";
    let gzipped = common::gzip(&html);
    let cut = &gzipped[..gzipped.len() - 12];
    let records = [
        common::warc_record(
            "response",
            "decoded",
            Some(url),
            "application/http; msgtype=response",
            &common::http_response("text/html", "Content-Encoding: gzip\r\n", &html),
        ),
        common::warc_record(
            "response",
            "cut",
            Some(url),
            "application/http; msgtype=response",
            &common::http_response("text/html", "Content-Encoding: gzip\r\n", cut),
        ),
    ]
    .concat();
    let items = common::unskipped(read_bytes("quirks.warc", records, &Limits::default()).collect());
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(common::article(&items[0]).bytes, html, "the body as stored, not a failure");
    assert!(
        html.starts_with(&common::article(&items[1]).bytes) && common::article(&items[1]).bytes.len() > 50,
        "what decompressed is kept"
    );

    let folder = realworld_or_skip!();
    let outcome = run_named(&folder, "warc/wio_example.warc.gz");
    assert_eq!(outcome.stored, 1);
    assert_eq!(outcome.failed, 0);
}

// Defect 7: the wrong feed text.
#[test]
fn feed_text_is_chosen_as_reference_parsers_choose_it() {
    let folder = realworld_or_skip!();
    let outcome = run_named(&folder, "rss/rss_2.0_example_6.xml");
    assert!(
        outcome.texts[0].contains("A film of deeply concentrated beauty"),
        "the description, not the headline in content:encoded"
    );
    for name in [
        "feed-edge/fp_wellformed__atom10__entry_content_base64.xml",
        "feed-edge/fp_wellformed__atom10__entry_content_escaped_markup.xml",
    ] {
        let outcome = run_named(&folder, name);
        assert_eq!(outcome.texts, ["Example Atom"], "{name}");
    }
    let outcome = run_named(&folder, "atom/atom_entry_1.xml");
    assert_eq!(outcome.stored, 1, "a standalone Atom entry document");
    let feed = br#"{"version": "1.1", "title": "Wire", "items": [{"id": "1", "url": "https://example.com/1", "title": "Talks", "content_text": "The ministry said the talks would resume on Monday."}]}"#;
    let outcome = run_items(read_bytes("wire.json", feed.to_vec(), &Limits::default()));
    assert_eq!(outcome.stored, 1, "a bare JSON Feed version: {outcome:?}");
    let media = br#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"><title>Videos</title><entry><id>1</id><title>Talks</title><link href="https://example.com/v"/><media:group><media:content url="https://example.com/v.mp4" type="video/mp4"/><media:description>The ministry said the talks would resume on Monday in Geneva.</media:description></media:group></entry></feed>"#;
    let outcome = run_items(read_bytes("videos.xml", media.to_vec(), &Limits::default()));
    assert_eq!(
        outcome.texts,
        ["The ministry said the talks would resume on Monday in Geneva."],
        "media:description: {outcome:?}"
    );
}

// Defect 8: Windows-1252 references and undeclared legacy encodings.
#[test]
fn windows_1252_references_and_undeclared_charsets() {
    let folder = realworld_or_skip!();
    for name in ["feed-edge/fp_encoding__demoronize-1.xml", "feed-edge/fp_encoding__demoronize-2.xml"] {
        let outcome = run_named(&folder, name);
        assert_eq!(outcome.texts, ["don\u{2019}t"], "{name}");
    }
    for (name, word) in [
        ("feed-edge/fp_illformed__chardet__koi8r.xml", "\u{41d}"),
        ("feed-edge/fp_illformed__chardet__eucjp.xml", ""),
        ("feed-edge/fp_illformed__chardet__shiftjis.xml", ""),
        ("feed-edge/fp_illformed__chardet__euckr.xml", ""),
        ("feed-edge/fp_illformed__chardet__gb2312.xml", ""),
        ("feed-edge/fp_illformed__chardet__windows1255.xml", ""),
    ] {
        let outcome = run_named(&folder, name);
        assert_eq!(outcome.failed, 0, "{name}: {:?}", outcome.reasons);
        assert!(outcome.stored + outcome.skipped >= 1, "{name}");
        assert!(
            outcome.texts.iter().all(|text| !text.contains('\u{fffd}') && text.contains(word)),
            "{name}: {:?}",
            outcome.texts
        );
    }
}

// Defect 9: the outlet and the date from page metadata.
#[test]
fn json_ld_publisher_and_short_dates() {
    let folder = realworld_or_skip!();
    let outcome = run_named(&folder, "html/rd_aclu.html");
    assert_eq!(outcome.published[0].as_deref().map(|date| &date[..10]), Some("2018-04-05"));
    let page = r#"<html><head><meta property="og:site_name" content="U.S."><script type="application/ld+json">{"@type":"NewsArticle","headline":"Talks resume","publisher":{"@type":"Organization","name":"Reuters"},"datePublished":"2018-04-05T06:00"}</script></head><body><article><p>The ministry said the talks would resume on Monday in Geneva, officials said.</p></article></body></html>"#;
    let article = clean_html(page);
    assert_eq!(article.metadata.outlet.as_deref(), Some("Reuters"));
    assert_eq!(article.metadata.published.as_deref(), Some("2018-04-05T06:00:00Z"));
}

// Defect 10: video player text and non-breaking spaces in names.
#[test]
fn player_boilerplate_and_non_breaking_spaces() {
    let page = "<html><head><meta name=\"author\" content=\"Jane\u{a0}Doe\"></head><body><article><p>Your video will play in 00:25</p><p>Full Screen Autoplay Close Skip Ad</p><p>Up Next</p><p>The ministry said the talks would resume on Monday in Geneva, officials said.</p></article></body></html>";
    let article = clean_html(page);
    assert_eq!(article.text.as_str(), "The ministry said the talks would resume on Monday in Geneva, officials said.");
    assert_eq!(article.metadata.authors, ["Jane Doe"]);
}

// Defect: a feed the XML parser refused was lost whole, for one bare ampersand, one Atom title of
// a type it does not know, or a download cut short after many good entries.
#[test]
fn ill_formed_feeds_keep_what_a_lenient_reader_keeps() {
    let folder = realworld_or_skip!();
    // Lossless repairs: nothing is lost, nothing fails.
    for name in [
        "feed-edge/fp_entities__query_variable_entry.xml",
        "feed-edge/fp_wellformed__atom10__entry_title_type_empty-no-crash.xml",
    ] {
        let outcome = run_named(&folder, name);
        assert_eq!(outcome.failed, 0, "{name}: {outcome:?}");
        assert!(!outcome.reasons.iter().any(|r| r.contains("cannot parse")), "{name}: {outcome:?}");
    }
    // The retyped title is read (the entry, a title alone, is then skipped as a link elsewhere).
    let outcome = run_named(&folder, "feed-edge/fp_wellformed__atom10__entry_title_type_empty-no-crash.xml");
    assert!(outcome.reasons[0].contains("feed entry \"evil\""), "{outcome:?}");
    // A broken end after the last whole entry: the entry is read, the end is noted, not failed.
    let outcome = run_named(&folder, "feed-edge/fp_illformed__rdf_channel_empty_textinput.xml");
    assert_eq!(outcome.failed, 0, "{outcome:?}");
    assert!(outcome.reasons.iter().any(|r| r.contains("end is not well-formed")), "{outcome:?}");
    // A real feed of 25 entries cut short inside its 11th: the 10 before are kept, the loss reported.
    let bytes = fs::read(folder.join("atom/atom_mediarss_reddit_1.xml")).expect("feed");
    let whole = run_items(read_bytes("reddit.xml", bytes.clone(), &Limits::default()));
    assert_eq!((whole.stored, whole.failed), (25, 0), "{whole:?}");
    let eleventh = memchr::memmem::find_iter(&bytes, b"<entry>").nth(10).expect("25 entries");
    let cut = run_items(read_bytes("reddit.xml", bytes[..eleventh + 300].to_vec(), &Limits::default()));
    assert_eq!(cut.stored, 10, "{cut:?}");
    assert_eq!(cut.titles[..], whole.titles[..10]);
    assert_eq!(cut.failed, 1, "{cut:?}");
    assert!(
        cut.reasons[0].contains("breaks off")
            && cut.reasons[0].contains("10 entries before the break were read, 1 after it"),
        "{:?}",
        cut.reasons
    );
    // A document with no whole entry stays a failure with the parser's reason.
    let outcome = run_named(&folder, "feed-edge/fp_illformed__rss_incomplete_cdata.xml");
    assert_eq!((outcome.stored, outcome.failed), (0, 1), "{outcome:?}");
    assert!(outcome.reasons[0].contains("cannot parse"), "{outcome:?}");
}
