//! What a feed's bytes need before `feed-rs` sees them, as lenient feed readers do: UTF-16 and
//! UTF-32 (with or without a byte order mark) and declared legacy charsets transcoded to UTF-8,
//! undeclared legacy charsets detected, `<rss>` without a version read as RSS 2.0, the Atom 0.3
//! namespace read as Atom, RSS 1.0 items without a `<link>` given their `rdf:about`, and JSON Feed's
//! bare versions ("1.0", "1.1") read as the versions they name.
//!
//! And what its strings need after: numeric references to Windows-1252 code points in the C1
//! range (`&#146;`) mapped as browsers map them, and base64 Atom content decoded.

use encoding_rs::Encoding;

/// UTF-8 feed bytes, ready for the parser, and the charset they were read in when it was not UTF-8.
pub(crate) fn prepare(bytes: Vec<u8>) -> (Vec<u8>, Option<&'static str>) {
    let (text, charset) = to_utf8(bytes);
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        return (json_feed_version(text).into_bytes(), charset);
    }
    let text = rss_version(text);
    let text = text.replace("http://purl.org/atom/ns#", "http://www.w3.org/2005/Atom");
    let text = rdf_links(text);
    let text = base64_constructs(text);
    (text.into_bytes(), charset)
}

/// Decodes the bytes: byte order marks first, then the NUL pattern of UTF-16 and UTF-32 without
/// one, then the XML declaration's encoding, then UTF-8 if the bytes are valid UTF-8, then a guess.
fn to_utf8(bytes: Vec<u8>) -> (String, Option<&'static str>) {
    if let Some((name, text)) = wide_to_utf8(&bytes) {
        return (strip_declared_encoding(text), Some(name));
    }
    let without_bom = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if let Some(encoding) = declared_encoding(without_bom) {
        if encoding != encoding_rs::UTF_8 {
            let (text, _) = encoding.decode_without_bom_handling(without_bom);
            return (strip_declared_encoding(text.into_owned()), Some(encoding.name()));
        }
    }
    match std::str::from_utf8(without_bom) {
        Ok(text) => (text.to_owned(), None),
        Err(_) => {
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(without_bom, true);
            let encoding = detector.guess(None, true);
            let (text, _) = encoding.decode_without_bom_handling(without_bom);
            (strip_declared_encoding(text.into_owned()), Some(encoding.name()))
        }
    }
}

/// UTF-16 and UTF-32, by byte order mark or by the NULs around the first `<`.
fn wide_to_utf8(bytes: &[u8]) -> Option<(&'static str, String)> {
    let (name, unit, big, skip) = match bytes {
        [0x00, 0x00, 0xFE, 0xFF, ..] => ("UTF-32BE", 4, true, 4),
        [0xFF, 0xFE, 0x00, 0x00, ..] => ("UTF-32LE", 4, false, 4),
        [0xFE, 0xFF, ..] => ("UTF-16BE", 2, true, 2),
        [0xFF, 0xFE, ..] => ("UTF-16LE", 2, false, 2),
        [0x00, 0x00, 0x00, b'<', ..] => ("UTF-32BE", 4, true, 0),
        [b'<', 0x00, 0x00, 0x00, ..] => ("UTF-32LE", 4, false, 0),
        [0x00, b'<', ..] => ("UTF-16BE", 2, true, 0),
        [b'<', 0x00, ..] => ("UTF-16LE", 2, false, 0),
        _ => return None,
    };
    let body = &bytes[skip..];
    let text =
        if unit == 2 {
            let units: Vec<u16> =
                body.chunks_exact(2)
                    .map(|pair| {
                        if big {
                            u16::from_be_bytes([pair[0], pair[1]])
                        } else {
                            u16::from_le_bytes([pair[0], pair[1]])
                        }
                    })
                    .collect();
            String::from_utf16_lossy(&units)
        } else {
            body.chunks_exact(4)
                .map(|quad| {
                    let code = if big {
                        u32::from_be_bytes([quad[0], quad[1], quad[2], quad[3]])
                    } else {
                        u32::from_le_bytes([quad[0], quad[1], quad[2], quad[3]])
                    };
                    char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER)
                })
                .collect()
        };
    Some((name, text))
}

/// The encoding named in an `<?xml ... encoding="..."?>` declaration, if it is one we know.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(512)];
    let start = memchr::memmem::find(head, b"<?xml")?;
    let end = memchr::memmem::find(&head[start..], b"?>")? + start;
    let declaration = String::from_utf8_lossy(&head[start..end]);
    let value = attribute(&declaration, "encoding")?;
    Encoding::for_label(value.trim().as_bytes())
}

/// The value of `name="..."` or `name='...'` in a tag's text.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(&format!("{name}="))? + name.len() + 1;
    let rest = &tag[at..];
    let quote = rest.chars().next().filter(|quote| matches!(quote, '"' | '\''))?;
    let value = &rest[1..];
    value.find(quote).map(|end| &value[..end])
}

/// Removes the encoding from the XML declaration of text that is now UTF-8, so the parser does not
/// decode it a second time.
fn strip_declared_encoding(text: String) -> String {
    let text = text.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(text);
    let Some(start) = text.find("<?xml") else {
        return text;
    };
    let Some(end) = text[start..].find("?>").map(|end| end + start) else {
        return text;
    };
    let declaration = &text[start..end];
    let Some(at) = declaration.find("encoding=") else {
        return text;
    };
    let quote_at = start + at + "encoding=".len();
    let Some(quote) = text[quote_at..].chars().next().filter(|quote| matches!(quote, '"' | '\'')) else {
        return text;
    };
    let Some(close) = text[quote_at + 1..end].find(quote).map(|close| quote_at + 1 + close) else {
        return text;
    };
    format!("{}{}", &text[..start + at], &text[close + 1..])
}

/// `<rss>` without a version attribute (common in hand-written feeds) is read as RSS 2.0.
fn rss_version(text: String) -> String {
    let Some(start) = text.find("<rss") else {
        return text;
    };
    let Some(end) = text[start..].find('>').map(|end| end + start) else {
        return text;
    };
    let tag = &text[start..end];
    if !matches!(tag.as_bytes().get(4), Some(b' ' | b'\t' | b'\r' | b'\n' | b'/') | None) || tag.contains("version=") {
        return text;
    }
    let text = format!("{} version=\"2.0\"{}", &text[..start + 4], &text[start + 4..]);
    // Hand-written RSS puts items straight under <rss>; feed-rs needs the <channel>.
    if text.contains("<channel") {
        return text;
    }
    let (Some(open_end), Some(close)) = (text[start..].find('>').map(|end| end + start + 1), text.rfind("</rss>"))
    else {
        return text;
    };
    if close < open_end {
        return text;
    }
    format!("{}<channel>{}</channel>{}", &text[..open_end], &text[open_end..close], &text[close..])
}

/// Atom titles and summaries of a non-text media type (`type="application/octet-stream"`,
/// base64) are refused by `feed-rs`: they are decoded here and given as escaped HTML.
fn base64_constructs(text: String) -> String {
    if !text.contains("application/octet-stream") {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    loop {
        let next = ["<title", "<summary"].iter().filter_map(|name| rest.find(name).map(|at| (at, *name))).min();
        let Some((start, name)) = next else { break };
        let Some(tag_end) = rest[start..].find('>').map(|end| end + start) else { break };
        let tag = &rest[start..tag_end];
        let close_tag = format!("</{}>", &name[1..]);
        let close = rest[tag_end..].find(&close_tag).map(|close| close + tag_end);
        match (tag.contains("application/octet-stream") && !tag.ends_with('/'), close) {
            (true, Some(close)) => match base64_text(&rest[tag_end + 1..close]) {
                Some(decoded) => {
                    out.push_str(&rest[..start]);
                    out.push_str(name);
                    out.push_str(" type=\"html\">");
                    out.push_str(&decoded.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;"));
                    rest = &rest[close..];
                }
                None => {
                    out.push_str(&rest[..=tag_end]);
                    rest = &rest[tag_end + 1..];
                }
            },
            _ => {
                out.push_str(&rest[..=tag_end]);
                rest = &rest[tag_end + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// RSS 1.0 items are identified by `rdf:about`; `feed-rs` drops an item without a `<link>`, so the
/// item's `rdf:about` is given as its link.
fn rdf_links(text: String) -> String {
    if !text.contains("rdf:RDF") || !text.contains("<item") {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text.as_str();
    while let Some(start) = rest.find("<item") {
        let after_name = rest.as_bytes().get(start + 5).copied();
        let Some(tag_end) = rest[start..].find('>').map(|end| end + start) else {
            break;
        };
        if !matches!(after_name, Some(b' ' | b'\t' | b'\r' | b'\n' | b'>')) || rest[start..tag_end].ends_with('/') {
            out.push_str(&rest[..=tag_end]);
            rest = &rest[tag_end + 1..];
            continue;
        }
        let close = rest[tag_end..].find("</item>").map_or(rest.len(), |close| close + tag_end);
        let has_link = rest[tag_end..close].contains("<link");
        out.push_str(&rest[..=tag_end]);
        if !has_link {
            if let Some(about) = attribute(&rest[start..tag_end], "rdf:about").filter(|about| !about.trim().is_empty())
            {
                out.push_str("<link>");
                out.push_str(about);
                out.push_str("</link>");
            }
        }
        rest = &rest[tag_end + 1..];
    }
    out.push_str(rest);
    out
}

/// JSON Feed documents in the wild give their version as "1", "1.0" or "1.1" rather than the URL.
fn json_feed_version(text: String) -> String {
    let Ok(serde_json::Value::Object(mut object)) = serde_json::from_str::<serde_json::Value>(&text) else {
        return text;
    };
    let bare = match object.get("version") {
        Some(serde_json::Value::String(version)) => matches!(version.trim(), "1" | "1.0" | "1.1"),
        None => object.contains_key("items"),
        _ => false,
    };
    if !bare {
        return text;
    }
    object.insert("version".to_owned(), serde_json::Value::String("https://jsonfeed.org/version/1.1".to_owned()));
    serde_json::Value::Object(object).to_string()
}

/// Maps C1 control characters (from `&#146;`-style references to Windows-1252 code points, or
/// bytes decoded as Latin-1) to the characters Windows-1252 gives them, as browsers do.
pub(crate) fn demoronize(text: String) -> String {
    if !text.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)) {
        return text;
    }
    text.chars()
        .map(|c| {
            if ('\u{80}'..='\u{9f}').contains(&c) {
                let byte = [c as u32 as u8];
                let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
                decoded.chars().next().filter(|mapped| *mapped != c).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

/// Decodes base64 content (Atom content of a non-text media type) to UTF-8 text, when it is.
pub(crate) fn base64_text(body: &str) -> Option<String> {
    let compact: Vec<u8> = body.bytes().filter(|byte| !byte.is_ascii_whitespace()).collect();
    if compact.is_empty() || compact.len() % 4 != 0 {
        return None;
    }
    let value = |byte: u8| -> Option<u32> {
        Some(match byte {
            b'A'..=b'Z' => u32::from(byte - b'A'),
            b'a'..=b'z' => u32::from(byte - b'a') + 26,
            b'0'..=b'9' => u32::from(byte - b'0') + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        })
    };
    let mut out = Vec::with_capacity(compact.len() / 4 * 3);
    for quad in compact.chunks_exact(4) {
        let padding = quad.iter().rev().take_while(|byte| **byte == b'=').count();
        if padding > 2 {
            return None;
        }
        let mut accumulated = 0u32;
        for &byte in &quad[..4 - padding] {
            accumulated = (accumulated << 6) | value(byte)?;
        }
        accumulated <<= 6 * padding as u32;
        let bytes = accumulated.to_be_bytes();
        out.extend_from_slice(&bytes[1..4 - padding]);
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_and_demoronize() {
        assert_eq!(base64_text("RXhhbXBsZSA8Yj5BdG9tPC9iPg=="), Some("Example <b>Atom</b>".to_owned()));
        assert_eq!(base64_text("Example"), None);
        assert_eq!(demoronize("don\u{92}t".to_owned()), "don\u{2019}t");
    }

    #[test]
    fn wide_encodings_and_versions() {
        let utf16: Vec<u8> = "<rss></rss>".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(prepare(utf16).0, b"<rss version=\"2.0\"><channel></channel></rss>");
        let atom =
            "<feed><entry><title type=\"application/octet-stream\">RXhhbXBsZSA8Yj5BdG9tPC9iPg==</title></entry></feed>";
        assert_eq!(
            base64_constructs(atom.to_owned()),
            "<feed><entry><title type=\"html\">Example &lt;b&gt;Atom&lt;/b&gt;</title></entry></feed>"
        );
        let utf32: Vec<u8> = "<?xml version=\"1.0\" encoding=\"utf-32le\"?><feed/>"
            .chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect();
        assert_eq!(String::from_utf8(prepare(utf32).0).expect("utf-8"), "<?xml version=\"1.0\" ?><feed/>");
        let rdf = "<rdf:RDF><item rdf:about=\"http://x/1\"><title>T</title></item></rdf:RDF>";
        assert_eq!(
            rdf_links(rdf.to_owned()),
            "<rdf:RDF><item rdf:about=\"http://x/1\"><link>http://x/1</link><title>T</title></item></rdf:RDF>"
        );
        assert!(json_feed_version(r#"{"version": "1.0", "items": []}"#.to_owned()).contains("jsonfeed.org/version/1.1"));
    }
}
