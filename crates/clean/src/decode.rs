//! Bytes to text: BOM, declared charset, HTML `<meta charset>`, UTF-8, then detection.
//!
//! News arrives in every encoding: WARC records from Windows-1252 sites that never declare it,
//! feeds that declare UTF-8 and ship Latin-1, Cyrillic pages in KOI8-R. Decoding never fails: a
//! wrong guess costs a few odd characters, which is better than losing the article.

use std::sync::LazyLock;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use hearsay_article::{Diagnostic, Severity};
use regex::bytes::Regex;

/// How many bytes of an HTML page are searched for a `<meta charset>` (the HTML standard says 1024;
/// real pages put long `<script>` blocks first, so look a little further).
const META_PRESCAN_BYTES: usize = 4096;

/// `<meta charset="x">` or `<meta http-equiv="Content-Type" content="text/html; charset=x">`.
static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)"#).expect("meta charset pattern is valid")
});

/// The decoded text and the notes about how it was decoded.
#[derive(Debug)]
pub(crate) struct Decoded {
    pub(crate) text: String,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Decodes `bytes`, trusting in order: a byte-order mark, the declared charset, an HTML meta
/// charset (when `is_html`), valid UTF-8, and last a statistical guess (chardetng), which falls back
/// to Windows-1252. Anything but UTF-8 leaves a `clean/decoded-<label>` diagnostic; malformed
/// sequences become U+FFFD and leave `clean/invalid-bytes`.
pub(crate) fn decode(bytes: &[u8], declared: Option<&str>, is_html: bool, url: Option<&str>) -> Decoded {
    let mut diagnostics = Vec::new();
    let (encoding, body) = match Encoding::for_bom(bytes) {
        Some((encoding, bom_len)) => (encoding, &bytes[bom_len..]),
        None => (choose_encoding(bytes, declared, is_html, url, &mut diagnostics), bytes),
    };
    // `decode_without_bom_handling` because the BOM, if any, was already stripped above.
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if encoding != UTF_8 {
        let label = encoding.name().to_ascii_lowercase();
        diagnostics.push(Diagnostic::new(
            "clean",
            Severity::Info,
            &format!("clean/decoded-{label}"),
            format!("the body was decoded as {label}"),
        ));
    }
    if had_errors {
        diagnostics.push(Diagnostic::new(
            "clean",
            Severity::Warning,
            "clean/invalid-bytes",
            format!("some bytes were not valid {} and became U+FFFD", encoding.name().to_ascii_lowercase()),
        ));
    }
    Decoded { text: text.into_owned(), diagnostics }
}

fn choose_encoding(
    bytes: &[u8],
    declared: Option<&str>,
    is_html: bool,
    url: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> &'static Encoding {
    let valid_utf8 = std::str::from_utf8(bytes).is_ok();
    let mut candidates: Vec<(&'static str, String)> = Vec::new();
    if let Some(label) = declared {
        candidates.push(("declared", label.to_owned()));
    }
    if is_html {
        if let Some(label) = meta_charset(bytes) {
            candidates.push(("meta", label));
        }
    }
    for (origin, label) in candidates {
        match Encoding::for_label(label.trim().as_bytes()) {
            // A declared UTF-8 that does not validate is a lie often told by feeds that copy
            // Latin-1 text; detection does better than a page of U+FFFD.
            Some(encoding) if encoding == UTF_8 && !valid_utf8 => {}
            // A UTF-16 label inside an 8-bit document is wrong by construction (the HTML
            // standard says to read it as UTF-8); a transport-level declaration may be right.
            Some(encoding) if origin == "meta" && encoding.output_encoding() != encoding => return UTF_8,
            Some(encoding) => return encoding,
            None => diagnostics.push(Diagnostic::new(
                "clean",
                Severity::Info,
                "clean/unknown-charset",
                format!("the {origin} charset {:?} is not a known encoding", label.trim()),
            )),
        }
    }
    if valid_utf8 {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let tld = url.and_then(top_level_domain);
    let guess = detector.guess(tld.as_deref().map(str::as_bytes), false);
    if guess == UTF_8 {
        WINDOWS_1252
    } else {
        guess
    }
}

fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(META_PRESCAN_BYTES)];
    let captures = META_CHARSET.captures(head)?;
    let label = captures.get(1)?.as_bytes();
    Some(String::from_utf8_lossy(label).into_owned())
}

/// The last label of a URL's host (`ru` for `https://www.kommersant.ru/doc/1`), which tells
/// chardetng which legacy encodings are likely.
fn top_level_domain(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next()?.split(':').next()?;
    let tld = host.rsplit('.').next()?;
    (!tld.is_empty() && tld.bytes().all(|b| b.is_ascii_alphabetic())).then(|| tld.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(decoded: &Decoded) -> Vec<&str> {
        decoded.diagnostics.iter().map(|d| d.code.as_str()).collect()
    }

    #[test]
    fn utf8_with_bom_is_stripped() {
        let decoded = decode("\u{feff}Iran’s envoy".as_bytes(), None, false, None);
        assert_eq!(decoded.text, "Iran’s envoy");
        assert!(decoded.diagnostics.is_empty());
    }

    #[test]
    fn declared_latin_charset_wins_over_guessing() {
        let bytes = b"Caf\xe9 in M\xfcnchen";
        let decoded = decode(bytes, Some("iso-8859-1"), false, None);
        assert_eq!(decoded.text, "Café in München");
        assert_eq!(codes(&decoded), ["clean/decoded-windows-1252"]);
    }

    #[test]
    fn html_meta_charset_is_read() {
        let bytes = b"<html><head><meta charset=\"koi8-r\"></head><body>\xf0\xd2\xc9\xd7\xc5\xd4</body></html>";
        let decoded = decode(bytes, None, true, None);
        assert!(decoded.text.contains("Привет"), "{}", decoded.text);
        assert_eq!(codes(&decoded), ["clean/decoded-koi8-r"]);
    }

    #[test]
    fn lying_utf8_declaration_falls_back_to_detection() {
        let bytes = b"The minister\x92s office said the d\xe9marche was \x93routine\x94.";
        let decoded = decode(bytes, Some("utf-8"), false, None);
        assert!(decoded.text.contains("minister’s"), "{}", decoded.text);
        assert!(decoded.text.contains("“routine”"), "{}", decoded.text);
        assert_eq!(codes(&decoded), ["clean/decoded-windows-1252"]);
    }

    #[test]
    fn declared_utf16_without_bom_is_trusted() {
        let bytes: Vec<u8> = "Moscow said no.".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let decoded = decode(&bytes, Some("utf-16le"), false, None);
        assert_eq!(decoded.text, "Moscow said no.");
        let page = b"<meta charset=utf-16><p>Moscow said no.</p>";
        assert_eq!(decode(page, None, true, None).text, "<meta charset=utf-16><p>Moscow said no.</p>");
    }

    #[test]
    fn unknown_label_is_noted_not_fatal() {
        let decoded = decode(b"Plain words.", Some("x-made-up"), false, None);
        assert_eq!(decoded.text, "Plain words.");
        assert_eq!(codes(&decoded), ["clean/unknown-charset"]);
    }

    #[test]
    fn tld_from_url() {
        assert_eq!(top_level_domain("https://www.kommersant.ru/doc/1").as_deref(), Some("ru"));
        assert_eq!(top_level_domain("http://localhost:8080/").as_deref(), Some("localhost"));
        assert_eq!(top_level_domain("http://127.0.0.1/"), None);
    }
}
