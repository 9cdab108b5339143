//! `clean` on the three seed articles in `../shared/data/seeds`, and the map-back invariants on
//! every seed and on extraction-benchmark pages.

use std::path::{Path, PathBuf};

use hearsay_article::{Article, Hints, InputFormat, RawArticle, RecordFormat, RemovalReason, SourceRef};
use hearsay_clean::clean;
use hearsay_text::TextRange;

#[expect(clippy::print_stderr, reason = "a skipped test says why on the test's own output")]
fn data_dir() -> Option<PathBuf> {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data")).to_path_buf();
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: ../shared/data not found");
        None
    }
}

fn seed(dir: &Path, prefix: &str) -> (String, Vec<u8>) {
    let entries = std::fs::read_dir(dir.join("seeds")).expect("seeds folder");
    for entry in entries {
        let path = entry.expect("dir entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_owned();
        if name.starts_with(prefix) {
            return (name, std::fs::read(&path).expect("seed readable"));
        }
    }
    panic!("no seed {prefix}");
}

fn text_article(name: &str, bytes: Vec<u8>) -> RawArticle {
    RawArticle {
        source: SourceRef::file(name),
        input: InputFormat::Text,
        format: RecordFormat::Text,
        bytes,
        charset: None,
        hints: Hints::default(),
    }
}

/// Seed 002 as ingest would hand it over: `textContent` as markdown, hints from the record.
fn document_article(name: &str, bytes: &[u8]) -> RawArticle {
    let record: serde_json::Value = serde_json::from_slice(bytes).expect("seed 002 is JSON");
    let text = record["textContent"].as_str().expect("textContent");
    let site = record["site"].as_str().expect("site");
    let path = record["path"].as_str().expect("path");
    RawArticle {
        source: SourceRef::file(name),
        input: InputFormat::Atproto,
        format: RecordFormat::Markdown,
        bytes: text.as_bytes().to_vec(),
        charset: None,
        hints: Hints {
            url: Some(format!("{site}{path}")),
            title: record["title"].as_str().map(str::to_owned),
            published: record["publishedAt"].as_str().map(str::to_owned),
            record_type: Some("site.standard.document".to_owned()),
            ..Hints::default()
        },
    }
}

fn removed(article: &Article, reason: RemovalReason) -> Vec<&str> {
    article.removed.iter().filter(|r| r.reason == reason).map(|r| r.text.as_str()).collect()
}

/// Every removal slices its own text from the source, and every clean byte maps into the source
/// (copied bytes map to the same bytes).
fn assert_maps_back(article: &Article) {
    let source = &article.source_text;
    for removal in &article.removed {
        assert_eq!(&source[removal.source_start as usize..removal.source_end as usize], removal.text, "{removal:?}");
    }
    let clean = article.text.as_str();
    for piece in article.text.pieces() {
        let (c, s, n) = (piece.clean_start as usize, piece.source_start as usize, piece.len as usize);
        assert_eq!(&clean[c..c + n], &source[s..s + n]);
    }
    // Every clean character maps to a char boundary inside the source.
    for (offset, _) in clean.char_indices() {
        let mapped = article.text.source_offset(u32::try_from(offset).expect("small")).expect("maps") as usize;
        assert!(mapped <= source.len() && source.is_char_boundary(mapped), "{offset} -> {mapped}");
    }
    // A word copied from the source maps back to exactly itself.
    let copied = |start: usize, end: usize| {
        article.text.pieces().iter().any(|p| p.clean_start as usize <= start && end <= (p.clean_start + p.len) as usize)
    };
    let mut from = 0;
    for word in clean.split_whitespace().take(300) {
        let start = from + clean[from..].find(word).expect("word is in the text");
        from = start + word.len();
        if copied(start, from) {
            let range = TextRange::new(clean, start, from).expect("range");
            let back = article.text.source_range(range).expect("maps");
            assert_eq!(&source[back], word);
        }
    }
    assert!(!clean.contains("\n\n"), "paragraphs are joined by one newline");
}

#[test]
fn seed_000_captions_removed_no_title() {
    let Some(dir) = data_dir() else { return };
    let (name, bytes) = seed(&dir, "000_");
    let article = clean(&text_article(&name, bytes)).expect("cleans");
    assert_eq!(
        removed(&article, RemovalReason::PhotoCaption),
        [
            "A Russian-made air defense battery is displayed in Iran in this file photo",
            "Mohammed Sadr, a member of Iran's Expediency Council, gestures in this file photo"
        ]
    );
    assert_eq!(article.metadata.title, None, "the first line is a caption, not a headline");
    assert!(article.text.as_str().starts_with("Allegations by an Iranian official"));
    assert!(article.text.as_str().contains("\nHardliner furor\n"), "subheadings are their own lines");
    assert!(article.text.as_str().contains("“I’m telling you, analytically,"), "curly quotes are kept");
    assert_eq!(article.metadata.language.as_deref(), Some("eng"));
    assert_eq!(article.removed.len(), 2, "{:?}", article.removed);
    assert_maps_back(&article);
}

#[test]
fn seed_004_title_disclosure_related_bullets() {
    let Some(dir) = data_dir() else { return };
    let (name, bytes) = seed(&dir, "004_");
    let article = clean(&text_article(&name, bytes)).expect("cleans");
    assert_eq!(
        article.metadata.title.as_deref(),
        Some("'Israel' and Iran secretly reassured each other via Russia: Report")
    );
    assert_eq!(
        removed(&article, RemovalReason::Disclosure),
        ["Note: AI technology was used to generate this article’s audio."]
    );
    assert_eq!(
        removed(&article, RemovalReason::RelatedLink),
        [
            "Read more: Reports indicate rising likelihood of US attack on Iran",
            "Read more: Chances of US strike on Iran increased after Trump meeting with advisors: report"
        ]
    );
    let text = article.text.as_str();
    assert!(
        text.starts_with("'Israel' and Iran reportedly sent messages through a Russian intermediary"),
        "bullets kept: {text}"
    );
    assert!(text.contains("\nThe exchanges highlight unusual diplomacy"));
    assert!(text.contains("\nSecret communications\n"));
    assert!(!text.contains("Read more"));
    assert!(text.ends_with("affirming that Israel does not intend to attack."));
    assert_maps_back(&article);
}

#[test]
fn seed_002_markdown_document() {
    let Some(dir) = data_dir() else { return };
    let (name, bytes) = seed(&dir, "002_");
    let article = clean(&document_article(&name, &bytes)).expect("cleans");
    let meta = &article.metadata;
    assert_eq!(meta.title.as_deref(), Some("Tehran dismisses claims of Russian intelligence support as ‘Fabricated’"));
    assert_eq!(meta.published.as_deref(), Some("2026-04-20T06:16:59Z"));
    assert_eq!(meta.outlet.as_deref(), Some("HUM News English"), "the footer names the outlet, not the host");
    assert_eq!(meta.dateline.as_deref(), Some("WEB DESK"));
    assert_eq!(
        meta.url.as_deref(),
        Some("https://humenglish.com/latest/tehran-dismisses-claims-of-russian-intelligence-support-as-fabricated/")
    );
    assert_eq!(
        removed(&article, RemovalReason::SyndicationFooter),
        ["The post Tehran dismisses claims of Russian intelligence support as ‘Fabricated’ appeared first on HUM News English."]
    );
    let text = article.text.as_str();
    assert!(text.starts_with("WEB DESK: Iran’s Ambassador to Russia"));
    assert!(text.contains("according to Al Jazeera.\nPreserving strategic independence\nIn his remarks"), "{text}");
    assert!(text.contains("\nAn institutionalised alliance\n"));
    assert!(!text.contains("**") && !text.contains("##") && !text.contains("_Al"));
    assert!(text.ends_with("manage global diplomatic fallout."));
    assert_eq!(
        article.source_text,
        serde_json::from_slice::<serde_json::Value>(&bytes).expect("json")["textContent"].as_str().expect("text")
    );
    assert_maps_back(&article);
}

#[test]
fn seeds_clean_the_same_twice() {
    let Some(dir) = data_dir() else { return };
    let (name, bytes) = seed(&dir, "004_");
    let raw = text_article(&name, bytes);
    let first = clean(&raw).expect("cleans");
    assert_eq!(clean(&raw).expect("cleans"), first);
    // CRLF line ends and a BOM do not change the clean text or its id.
    let crlf = String::from_utf8(raw.bytes.clone()).expect("utf-8").replace('\n', "\r\n");
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(crlf.as_bytes());
    let other = clean(&text_article(&name, bom)).expect("cleans");
    assert_eq!(other.text.as_str(), first.text.as_str());
    assert_eq!(other.id, first.id);
}

#[test]
fn windows_1252_text_is_decoded_with_a_diagnostic() {
    let Some(dir) = data_dir() else { return };
    let (name, bytes) = seed(&dir, "000_");
    let text = String::from_utf8(bytes).expect("utf-8");
    let (legacy, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    let article = clean(&text_article(&name, legacy.into_owned())).expect("cleans");
    assert!(article.text.as_str().contains("“I’m telling you, analytically,"));
    assert!(article.diagnostics.iter().any(|d| d.code == "clean/decoded-windows-1252"), "{:?}", article.diagnostics);
}

#[test]
fn empty_and_binary_bodies_are_rejected() {
    let empty = clean(&text_article("empty.txt", b"  \n\n ".to_vec())).expect_err("nothing left");
    assert_eq!(empty.code, "clean/no-body");
    let only_boilerplate = clean(&text_article("share.txt", b"Share this article\nRead more: elsewhere\n".to_vec()))
        .expect_err("nothing left");
    assert_eq!(only_boilerplate.code, "clean/no-body");
    let binary = clean(&text_article("x.bin", vec![0, 1, 2, 3, 4, 5, 0, 0, 0, 9, 7])).expect_err("binary");
    assert_eq!(binary.code, "clean/binary");
}

#[test]
fn nfc_changes_keep_the_map_consistent() {
    // "Cafe\u{301}" (decomposed é) becomes "Café" (one code point).
    let source =
        "Second thoughts at the Cafe\u{301} Rouge\nThe talks in the cafe\u{301} ended at noon, officials said.";
    let article = clean(&text_article("nfc.txt", source.as_bytes().to_vec())).expect("cleans");
    assert_eq!(article.text.as_str(), "The talks in the café ended at noon, officials said.");
    assert!(article.diagnostics.iter().any(|d| d.code == "clean/nfc"));
    assert_maps_back(&article);
}

#[test]
fn html_pages_from_the_benchmark_map_back() {
    use std::io::Read;
    let Some(dir) = data_dir() else { return };
    let html_dir = dir.join("extraction/html");
    let mut names: Vec<PathBuf> =
        std::fs::read_dir(&html_dir).expect("html dir").map(|e| e.expect("entry").path()).collect();
    names.sort();
    for path in names.iter().take(5) {
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(path).expect("open")).read_to_end(&mut bytes).expect("gunzip");
        let raw = RawArticle {
            source: SourceRef::file(path.display().to_string()),
            input: InputFormat::Html,
            format: RecordFormat::Html,
            bytes,
            charset: None,
            hints: Hints::default(),
        };
        let article = clean(&raw).expect("benchmark pages have articles");
        assert!(article.text.len() > 200, "{}: {}", path.display(), article.text.as_str());
        assert!(article.metadata.title.is_some(), "{}", path.display());
        assert_maps_back(&article);
    }
}

/// A small deterministic generator (xorshift), so the property test needs no extra crate and
/// fails the same way every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// Property: for random bodies assembled from the seeds' lines and awkward fragments
/// (boilerplate, CRLF, bullets, combining marks, markdown markup, entities), in both plain-text
/// and markdown form, every clean byte maps back, every removal slices its own text, and
/// cleaning is deterministic.
#[test]
fn random_bodies_always_map_back() {
    let mut pieces: Vec<String> = vec![
        "Read more: Reports indicate rising likelihood of US attack on Iran".into(),
        "A Russian-made air defense battery is displayed in Iran in this file photo".into(),
        "Note: AI technology was used to generate this article’s audio.".into(),
        "Share this article".into(),
        "- a bullet point about Moscow.".into(),
        "WEB DESK: the envoy spoke in Moscow on Monday about the treaty.".into(),
        "By Jane Doe".into(),
        "The cafe\u{301} in Tehran was closed, officials said.".into(),
        "## **A heading**".into(),
        "According to _Al Jazeera._ and *others*, `code` &amp; [a link](https://x.example).".into(),
        "   ".into(),
        "\r".into(),
        "e\u{301}\u{301} \u{301}start".into(),
        "The post Some headline appeared first on Some Outlet.".into(),
        "> a quoted line".into(),
        "1. numbered item".into(),
        "\\* escaped star".into(),
    ];
    if let Some(dir) = data_dir() {
        for prefix in ["000_", "004_"] {
            let (_, bytes) = seed(&dir, prefix);
            pieces.extend(String::from_utf8(bytes).expect("utf-8").lines().take(12).map(str::to_owned));
        }
    }
    let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
    let separators = ["\n", "\n\n", "\r\n", " ", "\n\n\n"];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for case in 0..300 {
        let mut body = String::new();
        for _ in 0..(1 + rng.next() % 12) {
            body.push_str(rng.pick(&pieces));
            body.push_str(rng.pick(&separators));
        }
        for format in [RecordFormat::Text, RecordFormat::Markdown] {
            let raw = RawArticle { format, ..text_article(&format!("case-{case}"), body.clone().into_bytes()) };
            match clean(&raw) {
                Ok(article) => {
                    assert_maps_back(&article);
                    assert_eq!(clean(&raw).expect("same again"), article);
                }
                Err(rejection) => assert_eq!(rejection.code, "clean/no-body", "case {case}: {body:?}"),
            }
        }
    }
}

/// Cleaning the clean text again changes nothing: no rule fires on what survived it.
#[test]
fn cleaning_is_idempotent_on_the_seeds() {
    let Some(dir) = data_dir() else { return };
    for prefix in ["000_", "004_"] {
        let (name, bytes) = seed(&dir, prefix);
        let once = clean(&text_article(&name, bytes)).expect("cleans");
        let twice = clean(&text_article(&name, once.text.as_str().as_bytes().to_vec())).expect("cleans");
        assert_eq!(twice.text.as_str(), once.text.as_str(), "{name}");
        assert!(twice.removed.is_empty(), "{name}: {:?}", twice.removed);
    }
}

/// Hostile bodies finish in linear time (generous bounds: debug build, shared machine).
#[test]
fn pathological_bodies_finish_quickly() {
    let one_long_line = "word ".repeat(200_000);
    let many_lines = "Short line.\n".repeat(100_000);
    let quotes = "\"".repeat(100_000);
    let nested_quotes = format!("{} deep\n", ">".repeat(50_000));
    let brackets = "[".repeat(100_000);
    let emphasis = "*_".repeat(50_000);
    let lt = "<".repeat(100_000);
    let cases: [(&str, RecordFormat); 8] = [
        (&one_long_line, RecordFormat::Text),
        (&many_lines, RecordFormat::Text),
        (&quotes, RecordFormat::Text),
        (&nested_quotes, RecordFormat::Markdown),
        (&brackets, RecordFormat::Markdown),
        (&emphasis, RecordFormat::Markdown),
        (&lt, RecordFormat::Html),
        (&quotes, RecordFormat::Html),
    ];
    for (body, format) in cases {
        let started = std::time::Instant::now();
        let raw = RawArticle { format, ..text_article("hostile", body.as_bytes().to_vec()) };
        if let Ok(article) = clean(&raw) {
            assert_maps_back(&article);
        }
        assert!(started.elapsed().as_secs() < 20, "{format:?} {:.20}: {:?}", body, started.elapsed());
    }
}

#[test]
fn hints_outrank_the_text_and_odd_dates_are_noted() {
    let body = "Moscow rejects claims\nBy Jane Doe | April 21, 2026\nMOSCOW (Reuters) — Russia on Monday rejected the claims in full, officials said.\nThe post Moscow rejects claims appeared first on Example Wire.";
    let mut raw = text_article("hinted.txt", body.as_bytes().to_vec());
    let article = clean(&raw).expect("cleans");
    assert_eq!(article.metadata.title.as_deref(), Some("Moscow rejects claims"));
    assert_eq!(article.metadata.authors, ["Jane Doe"]);
    assert_eq!(article.metadata.published.as_deref(), Some("2026-04-21"));
    assert_eq!(article.metadata.outlet.as_deref(), Some("Example Wire"));
    assert_eq!(
        article.text.as_str(),
        "MOSCOW (Reuters) — Russia on Monday rejected the claims in full, officials said."
    );

    raw.hints = Hints {
        title: Some("Moscow Rejects Claims".into()),
        published: Some("sometime in spring".into()),
        outlet: Some("Hinted Outlet".into()),
        authors: vec!["John Roe".into()],
        url: Some("https://www.example.org/a".into()),
        ..Hints::default()
    };
    let article = clean(&raw).expect("cleans");
    assert_eq!(article.metadata.title.as_deref(), Some("Moscow Rejects Claims"));
    assert_eq!(article.metadata.authors, ["John Roe"]);
    assert_eq!(article.metadata.published.as_deref(), Some("2026-04-21"), "the byline date stands in");
    assert_eq!(article.metadata.outlet.as_deref(), Some("Hinted Outlet"));
    assert!(article.diagnostics.iter().any(|d| d.code == "clean/unparsed-date"));
    assert_eq!(
        article.removed.first().map(|r| r.reason),
        Some(RemovalReason::Headline),
        "the hinted title's line goes"
    );

    raw.hints = Hints { url: Some("https://www.example.org/a".into()), ..Hints::default() };
    raw.bytes = b"Russia on Monday rejected the claims in full, officials said on Monday evening.".to_vec();
    assert_eq!(
        clean(&raw).expect("cleans").metadata.outlet.as_deref(),
        Some("example.org"),
        "the host is the last resort"
    );
}
