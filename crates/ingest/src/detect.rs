//! Format detection from content: magic bytes, the first JSON value's keys, the XML root. The
//! file name is consulted only when the content is ambiguous (plain prose in a `.html` file, a
//! JSON object of no known shape in a `.jsonl` file).

use std::path::Path;

use hearsay_article::InputFormat;

use crate::input::{gunzip_prefix, GZIP_MAGIC};

/// Detects the format of a file from its first bytes (the more the better; 64 KiB is plenty).
///
/// Content decides: `seeds/002_*.txt` is a `.txt` file holding a `site.standard.document`
/// record and is detected as [`InputFormat::Atproto`]. A gzipped prefix is decompressed first.
/// Returns `None` for empty, binary or unsupported input.
///
/// ```
/// use std::path::Path;
/// use hearsay_article::InputFormat;
/// let record = br#"{"$type": "site.standard.document", "title": "Tehran dismisses claims"}"#;
/// assert_eq!(hearsay_ingest::detect(Path::new("002.txt"), record), Some(InputFormat::Atproto));
/// assert_eq!(hearsay_ingest::detect(Path::new("a.txt"), b"Moscow denied it."), Some(InputFormat::Text));
/// ```
pub fn detect(path: &Path, prefix: &[u8]) -> Option<InputFormat> {
    let name = path.to_string_lossy();
    if prefix.starts_with(&GZIP_MAGIC) {
        let inner = gunzip_prefix(prefix);
        let inner_name = strip_gz(&name);
        return match sniff(inner_name, &inner) {
            Sniffed::Format(format) => Some(format),
            _ => None,
        };
    }
    match sniff(&name, prefix) {
        Sniffed::Format(format) => Some(format),
        _ => None,
    }
}

/// What detection concluded, with the reason when it is not a format we read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Sniffed {
    Format(InputFormat),
    Empty,
    /// Why the file is not read, as the error reason.
    Unsupported(String),
}

/// The message for non-text input, used by the error tests too.
pub(crate) const BINARY: &str = "binary file, not a news format";

/// The message for ARC files, the web archive format before WARC: refused by name rather than
/// read as text with its headers.
pub(crate) const ARC: &str = "ARC web archive (the format before WARC), not read: convert it to WARC first";

/// Detects the format of already-decompressed bytes; `name` is the file name less any `.gz`.
pub(crate) fn sniff(name: &str, prefix: &[u8]) -> Sniffed {
    if prefix.is_empty() {
        return Sniffed::Empty;
    }
    // UTF-32, and UTF-16 without a byte order mark: read the ASCII part to find a feed's root.
    // Only the feed reader transcodes these (clean reads UTF-16 with a mark, not UTF-32).
    if let Some((unit, low)) = wide_without_utf16_mark(prefix) {
        let skip =
            if prefix.starts_with(&[0, 0, 0xFE, 0xFF]) || prefix.starts_with(&[0xFF, 0xFE, 0, 0]) { 4 } else { 0 };
        let ascii: Vec<u8> = prefix[skip..].chunks_exact(unit).map(|chunk| chunk[low]).collect();
        return match sniff(name, &ascii) {
            Sniffed::Format(format @ (InputFormat::Rss | InputFormat::Atom)) => Sniffed::Format(format),
            Sniffed::Empty => Sniffed::Empty,
            _ => Sniffed::Unsupported(format!(
                "{} text that is not a feed, not read",
                if unit == 4 { "UTF-32" } else { "UTF-16 (without a byte order mark)" }
            )),
        };
    }
    // A UTF-16 file has a NUL in every other byte; read its ASCII half to tell HTML from text.
    if let Some(order) = utf16_order(prefix) {
        let ascii: Vec<u8> =
            prefix[2..].chunks_exact(2).map(|pair| if order == Utf16::Little { pair[0] } else { pair[1] }).collect();
        // HTML and XML feeds declare or sniff their encoding downstream; JSON must be UTF-8, so
        // anything else in UTF-16 is read as text.
        return match sniff(name, &ascii) {
            Sniffed::Format(format @ (InputFormat::Html | InputFormat::Rss | InputFormat::Atom)) => {
                Sniffed::Format(format)
            }
            Sniffed::Empty => Sniffed::Empty,
            _ => Sniffed::Format(InputFormat::Text),
        };
    }
    if let Some(kind) = archive_kind(prefix) {
        return Sniffed::Unsupported(format!("{kind}, not a news format"));
    }
    let without_bom = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
    let start = without_bom.iter().position(|byte| !byte.is_ascii_whitespace());
    let Some(start) = start else {
        return Sniffed::Empty;
    };
    let text = &without_bom[start..];
    if text.starts_with(b"WARC/") {
        return Sniffed::Format(InputFormat::Warc);
    }
    if text.starts_with(b"filedesc://") {
        return Sniffed::Unsupported(ARC.to_owned());
    }
    if looks_binary(prefix) {
        return Sniffed::Unsupported(BINARY.to_owned());
    }
    let extension = extension(name);
    if matches!(text.first(), Some(b'{' | b'[')) {
        match json_shape(text) {
            JsonShape::Known(format) => return Sniffed::Format(format),
            JsonShape::UnknownObject(keys) => {
                if matches!(extension.as_str(), "jsonl" | "ndjson") {
                    return Sniffed::Format(InputFormat::JsonLines);
                }
                if extension == "json" {
                    return Sniffed::Unsupported(format!("JSON of no known news shape (keys: {})", keys.join(", ")));
                }
            }
            JsonShape::NotJson => {}
        }
    }
    if text.first() == Some(&b'<') {
        match markup_shape(text) {
            Markup::Format(format) => return Sniffed::Format(format),
            Markup::UnknownXml(root) => {
                return Sniffed::Unsupported(format!("XML with root <{root}>, not a news format"))
            }
            Markup::NoRoot => {
                return Sniffed::Unsupported(
                    "markup without any element (only a declaration, comments or a doctype), not a news format"
                        .to_owned(),
                )
            }
            Markup::Prose => {}
        }
    }
    if matches!(extension.as_str(), "html" | "htm" | "xhtml" | "shtml") {
        return Sniffed::Format(InputFormat::Html);
    }
    Sniffed::Format(InputFormat::Text)
}

/// The file name without a trailing `.gz`.
#[expect(clippy::case_sensitive_file_extension_comparisons, reason = "the name is lower-cased first")]
pub(crate) fn strip_gz(name: &str) -> &str {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".gz") {
        &name[..name.len() - 3]
    } else {
        name
    }
}

fn extension(name: &str) -> String {
    Path::new(name).extension().map(|ext| ext.to_string_lossy().to_ascii_lowercase()).unwrap_or_default()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Utf16 {
    Little,
    Big,
}

pub(crate) fn utf16_charset(prefix: &[u8]) -> Option<&'static str> {
    match utf16_order(prefix)? {
        Utf16::Little => Some("utf-16le"),
        Utf16::Big => Some("utf-16be"),
    }
}

/// UTF-32 (with or without a byte order mark) and UTF-16 without one, from the NULs around the
/// first `<`: the code unit size and the index of the byte that holds ASCII.
fn wide_without_utf16_mark(prefix: &[u8]) -> Option<(usize, usize)> {
    match prefix {
        [0, 0, 0xFE, 0xFF, ..] | [0, 0, 0, b'<', ..] => Some((4, 3)),
        [0xFF, 0xFE, 0, 0, ..] | [b'<', 0, 0, 0, ..] => Some((4, 0)),
        [0, b'<', 0, b'?' | b'!' | b'r' | b'f' | b'R', ..] => Some((2, 1)),
        [b'<', 0, b'?' | b'!' | b'r' | b'f' | b'R', 0, ..] => Some((2, 0)),
        _ => None,
    }
}

fn utf16_order(prefix: &[u8]) -> Option<Utf16> {
    match prefix {
        [0xFF, 0xFE, ..] => Some(Utf16::Little),
        [0xFE, 0xFF, ..] => Some(Utf16::Big),
        _ => None,
    }
}

/// Archive and compression formats people drop into a news folder by mistake.
fn archive_kind(prefix: &[u8]) -> Option<&'static str> {
    const KINDS: [(&[u8], &str); 6] = [
        (b"PK\x03\x04", "zip archive"),
        (b"\xFD7zXZ\x00", "xz-compressed file"),
        (b"\x28\xB5\x2F\xFD", "zstd-compressed file"),
        (b"BZh", "bzip2-compressed file"),
        (b"7z\xBC\xAF\x27\x1C", "7-zip archive"),
        (b"%PDF-", "PDF document"),
    ];
    KINDS.iter().find(|(magic, _)| prefix.starts_with(magic)).map(|(_, kind)| *kind)
}

/// NUL bytes, or more than 2% C0 control characters. Bytes 0x80 to 0xFF are not counted:
/// Windows-1252 text ("Sadr said \x93it was false\x94") is text that `clean` decodes.
fn looks_binary(prefix: &[u8]) -> bool {
    if memchr::memchr(0, prefix).is_some() {
        return true;
    }
    let controls = prefix
        .iter()
        .filter(|&&byte| (byte < 0x20 && !matches!(byte, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)) || byte == 0x7f)
        .count();
    controls * 50 > prefix.len()
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum JsonShape {
    Known(InputFormat),
    UnknownObject(Vec<String>),
    NotJson,
}

/// Classifies JSON by the keys of its first object (of the first element, for an array),
/// read with a tolerant scanner so that a prefix cut in the middle of a 2 MB `textContent`
/// still tells an AT Protocol record from a Jetstream event.
fn json_shape(text: &[u8]) -> JsonShape {
    let mut position = 1;
    skip_space(text, &mut position);
    let target_depth = match (text[0], text.get(position)) {
        (b'{', Some(b'"')) => 1,
        (b'{', Some(b'}')) => return JsonShape::UnknownObject(Vec::new()),
        (b'[', Some(b'{')) => 2,
        (b'[', Some(b']')) => return JsonShape::Known(InputFormat::Atproto),
        _ => return JsonShape::NotJson,
    };
    let (keys, values) = scan_keys(text, target_depth);
    if keys.is_empty() {
        return JsonShape::NotJson;
    }
    let has = |key: &str| keys.iter().any(|found| found == key);
    let value = |key: &str| values.iter().find(|(found, _)| found == key).map(|(_, value)| value.as_str());
    let format = if target_depth == 1 && is_record_listing(text) {
        Some(InputFormat::Atproto)
    } else if has("kind") && (has("did") || has("time_us")) {
        Some(InputFormat::Jetstream)
    } else if has("$type") || (has("uri") && has("value")) || has("textContent") {
        Some(InputFormat::Atproto)
    } else if value("version").is_some_and(|version| version.contains("jsonfeed.org"))
        || (has("items")
            && (has("home_page_url")
                || has("feed_url")
                || value("version").is_some_and(|version| matches!(version.trim(), "1" | "1.0" | "1.1"))))
    {
        Some(InputFormat::JsonFeed)
    } else if has("text") || has("html") {
        Some(InputFormat::JsonLines)
    } else {
        None
    };
    match format {
        Some(InputFormat::JsonFeed) if target_depth == 2 => JsonShape::UnknownObject(keys),
        Some(format) => JsonShape::Known(format),
        None => JsonShape::UnknownObject(keys),
    }
}

/// True for `{"records": [...], "cursor": "..."}`, the repo API's listing of records.
pub(crate) fn is_record_listing(text: &[u8]) -> bool {
    let (keys, _) = scan_keys(text, 1);
    keys.iter().any(|key| key == "records") && keys.iter().all(|key| key == "records" || key == "cursor")
}

fn skip_space(text: &[u8], position: &mut usize) {
    while text.get(*position).is_some_and(u8::is_ascii_whitespace) {
        *position += 1;
    }
}

/// Keys of the first object at `target_depth`, and the string values of its keys.
fn scan_keys(text: &[u8], target_depth: usize) -> (Vec<String>, Vec<(String, String)>) {
    let mut keys = Vec::new();
    let mut values = Vec::new();
    let mut depth = 0usize;
    let mut pending_key: Option<String> = None;
    let mut position = 0;
    while position < text.len() {
        match text[position] {
            b'{' | b'[' => {
                depth += 1;
                pending_key = None;
            }
            b'}' | b']' => {
                if depth <= target_depth {
                    break;
                }
                depth -= 1;
            }
            b',' => pending_key = None,
            b'"' => {
                let Some(end) = string_end(text, position + 1) else {
                    break;
                };
                let string = String::from_utf8_lossy(&text[position + 1..end]).into_owned();
                position = end + 1;
                skip_space(text, &mut position);
                if depth == target_depth {
                    if text.get(position) == Some(&b':') {
                        keys.push(string.clone());
                        pending_key = Some(string);
                    } else if let Some(key) = pending_key.take() {
                        values.push((key, string));
                    }
                }
                continue;
            }
            _ => {}
        }
        position += 1;
    }
    (keys, values)
}

/// The index of the quote closing a JSON string that starts at `start`, if the text holds it.
pub(crate) fn string_end(text: &[u8], start: usize) -> Option<usize> {
    let mut position = start;
    while position < text.len() {
        match text[position] {
            b'\\' => position += 2,
            b'"' => return Some(position),
            _ => position += 1,
        }
    }
    None
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Markup {
    Format(InputFormat),
    UnknownXml(String),
    /// A declaration, comments or a doctype and nothing after them.
    NoRoot,
    Prose,
}

/// Elements that open HTML documents and fragments in the wild.
const HTML_ELEMENTS: &[&str] = &[
    "html",
    "head",
    "body",
    "meta",
    "title",
    "link",
    "script",
    "style",
    "div",
    "p",
    "span",
    "article",
    "section",
    "main",
    "header",
    "footer",
    "nav",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "b",
    "i",
    "em",
    "strong",
    "br",
    "hr",
    "img",
    "table",
    "ul",
    "ol",
    "li",
    "blockquote",
    "figure",
    "pre",
    "font",
    "center",
    "form",
    "iframe",
    "noscript",
    "base",
];

/// Reads past the XML declaration, comments and doctype to the root element's name.
fn markup_shape(text: &[u8]) -> Markup {
    let mut position = 0;
    let mut xml_declared = false;
    loop {
        skip_space(text, &mut position);
        let rest = &text[position..];
        if rest.is_empty() && position > 0 {
            return Markup::NoRoot;
        }
        if rest.starts_with(b"<?") {
            xml_declared |= rest.starts_with(b"<?xml");
            match memchr::memmem::find(rest, b"?>") {
                Some(end) => position += end + 2,
                None => return Markup::Prose,
            }
        } else if rest.starts_with(b"<!--") {
            match memchr::memmem::find(rest, b"-->") {
                Some(end) => position += end + 3,
                None => return Markup::Format(InputFormat::Html),
            }
        } else if rest.len() >= 9 && rest[..9].eq_ignore_ascii_case(b"<!doctype") {
            let mut end = memchr::memchr(b'>', rest).unwrap_or(rest.len());
            let doctype = String::from_utf8_lossy(&rest[..end]).to_ascii_lowercase();
            // An HTML doctype decides, unless an XML declaration came first: then the root does
            // (feeds copied from web templates keep an XHTML doctype above `<rss>`).
            if doctype.contains("html") && !xml_declared {
                return Markup::Format(InputFormat::Html);
            }
            // An internal subset (`<!DOCTYPE rss [ <!ENTITY id "x"> ]>`) holds `>` of its own.
            if let Some(open) = memchr::memchr(b'[', &rest[..end]) {
                end = match memchr::memchr(b']', &rest[open..])
                    .and_then(|close| memchr::memchr(b'>', &rest[open + close..]).map(|gt| open + close + gt))
                {
                    Some(end) => end,
                    None => return Markup::NoRoot,
                };
            }
            position = (position + end + 1).min(text.len());
        } else if rest.starts_with(b"<") {
            let name: String = rest[1..]
                .iter()
                .take_while(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b':' | b'_' | b'-' | b'.'))
                .map(|&byte| char::from(byte))
                .collect();
            let lower = name.to_ascii_lowercase();
            return match lower.as_str() {
                "" => Markup::Prose,
                "rss" | "rdf:rdf" => Markup::Format(InputFormat::Rss),
                // A standalone Atom entry document is read as a feed of one entry.
                "feed" | "entry" => Markup::Format(InputFormat::Atom),
                _ if lower.ends_with(":feed") => Markup::Format(InputFormat::Atom),
                _ if HTML_ELEMENTS.contains(&lower.as_str()) => Markup::Format(InputFormat::Html),
                _ if xml_declared => Markup::UnknownXml(name),
                _ => Markup::Format(InputFormat::Html),
            };
        } else {
            return Markup::Prose;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(name: &str, text: &str) -> Option<InputFormat> {
        detect(Path::new(name), text.as_bytes())
    }

    #[test]
    fn json_shapes_decide_over_names() {
        assert_eq!(format("a.txt", r#"{"did":"did:plc:x","time_us":1,"kind":"commit"}"#), Some(InputFormat::Jetstream));
        assert_eq!(format("a.json", r#"[{"$type":"app.bsky.feed.post","text":"hi"}]"#), Some(InputFormat::Atproto));
        assert_eq!(
            format("a.json", r#"{"version":"https://jsonfeed.org/version/1.1","items":[]}"#),
            Some(InputFormat::JsonFeed)
        );
        assert_eq!(format("a.txt", r#"{"url":"https://x","text":"Moscow denied it."}"#), Some(InputFormat::JsonLines));
        assert_eq!(format("a.jsonl", r#"{"headline":"x"}"#), Some(InputFormat::JsonLines));
        assert_eq!(format("a.json", r#"{"headline":"x"}"#), None);
    }

    #[test]
    fn braces_and_brackets_in_prose_are_text() {
        assert_eq!(format("a.txt", "[Updated 5pm] Officials said the strike was limited."), Some(InputFormat::Text));
        assert_eq!(format("a.txt", "{Editor's note: this story has been corrected.}"), Some(InputFormat::Text));
    }

    #[test]
    fn xml_roots_and_html() {
        assert_eq!(
            format("f", "<?xml version=\"1.0\"?>\n<!-- hi -->\n<rss version=\"2.0\"><channel/></rss>"),
            Some(InputFormat::Rss)
        );
        assert_eq!(
            format("f", "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"/>"),
            Some(InputFormat::Atom)
        );
        assert_eq!(format("f.xml", "<?xml version=\"1.0\"?><urlset/>"), None);
        assert_eq!(format("f", "<!DOCTYPE html><html><body><p>Hi</p></body></html>"), Some(InputFormat::Html));
        assert_eq!(format("f", "  <div class=\"story\">Hi</div>"), Some(InputFormat::Html));
        assert_eq!(format("f.html", "Plain words saved as a page."), Some(InputFormat::Html));
        assert_eq!(format("f", "WARC/1.1\r\nWARC-Type: warcinfo\r\n"), Some(InputFormat::Warc));
    }

    #[test]
    fn binary_and_empty_are_not_formats() {
        assert_eq!(sniff("x", b""), Sniffed::Empty);
        assert_eq!(sniff("x", b" \n\t"), Sniffed::Empty);
        assert_eq!(sniff("x", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Sniffed::Unsupported(BINARY.to_owned()));
        assert!(
            matches!(sniff("x", b"PK\x03\x04rest"), Sniffed::Unsupported(reason) if reason.starts_with("zip archive"))
        );
        assert_eq!(sniff("x", b"Sadr said \x93it was false\x94 on Sunday."), Sniffed::Format(InputFormat::Text));
    }
}
