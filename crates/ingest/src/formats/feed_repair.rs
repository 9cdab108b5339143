//! A second reading of a feed the XML parser refused, as lenient feed readers (feedparser, browsers'
//! feed previews) give one. Only a document `feed-rs` could not read comes here, so a well-formed
//! feed costs nothing more.
//!
//! Three repairs lose nothing and are made together:
//! - a bare ampersand (`?a=1&b=2`, "Q&A") is escaped, outside CDATA sections and comments;
//! - an Atom text construct (`title`, `summary`, ...) whose `type` `feed-rs` refuses (`""`,
//!   `text/plain`, Atom 0.3's `application/xhtml+xml`) is retyped as text or HTML, and a
//!   `content` of an empty type as text, `application/xhtml+xml` as XHTML;
//! - an HTML body (`description`, `content:encoded`, `summary`, `content`) that holds raw markup
//!   (`<b>` never closed) is wrapped in a CDATA section, as its writer meant it.
//!
//! When the document still does not parse, it is cut after its last whole entry and the elements
//! still open there are closed: a download cut short, a CDATA section never closed. What followed
//! the cut is lost, and the reader says so.
//!
//! Written here rather than with a lenient XML crate: the repairs are these four, each a linear
//! scan, and the parser that reads the result stays `feed-rs`.

/// A repaired document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Repaired {
    pub(crate) text: String,
    /// Where the document was cut (a byte offset into the text given), when it was.
    pub(crate) cut_at: Option<usize>,
}

/// Replacements of ranges of a text, made in order: the text is copied only once the first is
/// made, and [`Edits::finish`] gives `None` when none was.
struct Edits<'a> {
    text: &'a str,
    out: Option<String>,
    copied: usize,
}

impl<'a> Edits<'a> {
    fn new(text: &'a str) -> Edits<'a> {
        Edits { text, out: None, copied: 0 }
    }

    /// Replaces `text[start..end]` (after every range replaced before) with `with`.
    fn replace(&mut self, start: usize, end: usize, with: &str) {
        let out = self.out.get_or_insert_with(|| String::with_capacity(self.text.len() + 64));
        out.push_str(&self.text[self.copied..start]);
        out.push_str(with);
        self.copied = end;
    }

    fn finish(self) -> Option<String> {
        self.out.map(|mut out| {
            out.push_str(&self.text[self.copied..]);
            out
        })
    }
}

/// The lossless repairs of `text`, or `None` when they change nothing.
pub(crate) fn lossless(text: &str) -> Option<String> {
    let escaped = escape_bare_ampersands(text);
    let retyped = retype_constructs(escaped.as_deref().unwrap_or(text)).or(escaped);
    let wrapped = wrap_markup_bodies(retyped.as_deref().unwrap_or(text));
    wrapped.or(retyped)
}

/// The elements whose body is HTML: RSS `description` and `content:encoded`, Atom `summary` and
/// `content` (local names).
const HTML_BODIES: [&str; 4] = ["description", "encoded", "summary", "content"];

/// Wraps in a CDATA section each HTML body that holds raw markup (`<b>` never closed, `<br>`),
/// which XML reads as elements and refuses when they do not nest; a body of type `xhtml`, whose
/// markup is XML by definition, stays. `None` when none was wrapped.
fn wrap_markup_bodies(text: &str) -> Option<String> {
    let mut current: Option<String> = None;
    for local in HTML_BODIES {
        let source = current.as_deref().unwrap_or(text);
        if let Some(wrapped) = wrap_bodies_named(source, local) {
            current = Some(wrapped);
        }
    }
    current
}

/// [`wrap_markup_bodies`] for the elements of one local name. Each element's end is the first end
/// tag of its name after it; with none, the scan stops (so the text is read once).
fn wrap_bodies_named(text: &str, local: &str) -> Option<String> {
    let mut edits = Edits::new(text);
    let mut at = 0;
    while let Some(offset) = text[at..].find(local) {
        let name_end = at + offset + local.len();
        at = name_end;
        // A start tag of this local name: '<', an optional prefix, the name, then a space or '>'.
        // (Looked for only in the 33 bytes before the name, so no byte is read twice per name.)
        let name_start = name_end - local.len();
        let window = name_start.saturating_sub(33);
        let Some(open) =
            memchr::memrchr(b'<', &text.as_bytes()[window..name_start]).map(|at| window + at).filter(|open| {
                let prefix = &text[open + 1..name_start];
                prefix.is_empty() || prefix.ends_with(':') && !prefix.contains(|c: char| c.is_whitespace() || c == '/')
            })
        else {
            continue;
        };
        if !matches!(text.as_bytes().get(name_end), Some(b'>' | b' ' | b'\t' | b'\r' | b'\n')) {
            continue;
        }
        let Some(tag_close) = tag_end(&text[open..], name_end - open) else { break };
        let body_start = open + tag_close;
        let tag = &text[open..body_start];
        if tag.ends_with("/>") {
            at = body_start;
            continue;
        }
        let end_tag = format!("</{}>", &text[open + 1..name_end]);
        let Some(body_len) = text[body_start..].find(&end_tag) else { break };
        let body = &text[body_start..body_start + body_len];
        at = body_start + body_len + end_tag.len();
        let xhtml = tag.contains("type=\"xhtml\"") || tag.contains("type='xhtml'");
        if xhtml || !has_raw_markup(body) {
            continue;
        }
        // Inside: CDATA sections opened up (their text is already raw), and any "]]>" split.
        let raw = body.replace("<![CDATA[", "").replace("]]>", "");
        edits.replace(
            body_start,
            body_start + body_len,
            &format!("<![CDATA[{}]]>", raw.replace("]]>", "]]]]><![CDATA[>")),
        );
    }
    edits.finish()
}

/// Whether a body holds a '<' outside its CDATA sections.
fn has_raw_markup(body: &str) -> bool {
    let mut rest = body;
    while let Some(at) = rest.find('<') {
        if !rest[at..].starts_with("<![CDATA[") {
            return true;
        }
        match rest[at..].find("]]>") {
            Some(end) => rest = &rest[at + end + 3..],
            None => return false,
        }
    }
    false
}

/// `text` (already through [`lossless`]) cut after its last whole `item` or `entry` element, the
/// elements open there closed; `None` when it holds no whole entry. `cut_at` is the offset into
/// `text`.
pub(crate) fn cut_after_last_entry(text: &str) -> Option<Repaired> {
    let mut last_close = None;
    let mut stack: Vec<&str> = Vec::new();
    let mut stack_at_close: Vec<&str> = Vec::new();
    let mut too_deep = false;
    scan_tags(text, |tag| match tag {
        Tag::Open(name) => {
            stack.push(name);
            too_deep |= stack.len() > MAX_DEPTH;
        }
        Tag::Close(name, end) => {
            if let Some(depth) = stack.iter().rposition(|open| *open == name) {
                stack.truncate(depth);
            }
            if !too_deep && matches!(local_name(name), "item" | "entry") {
                last_close = Some(end);
                stack_at_close.clone_from(&stack);
            }
        }
    });
    if too_deep {
        return None;
    }
    let cut = last_close?;
    let mut out = String::with_capacity(cut + 64);
    out.push_str(&text[..cut]);
    for name in stack_at_close.iter().rev() {
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
    Some(Repaired { text: out, cut_at: Some(cut) })
}

/// Feeds nest a few levels; a document nested deeper is not cut (each entry's end copies the
/// open elements, so depth bounds the work).
const MAX_DEPTH: usize = 64;

/// What the tag scanner reports: an element opened (not self-closing), or closed (with the offset
/// just past its `>`).
enum Tag<'a> {
    Open(&'a str),
    Close(&'a str, usize),
}

/// Calls `visit` for each start and end tag of `text`, in order, passing over comments, CDATA
/// sections, processing instructions and declarations. A construct left open at the end of the
/// text ends the scan.
fn scan_tags<'a>(text: &'a str, mut visit: impl FnMut(Tag<'a>)) {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + offset;
        let rest = &text[start..];
        let skip_to = |from: usize, end: &str| rest[from..].find(end).map(|found| start + from + found + end.len());
        let next = if rest.starts_with("<!--") {
            skip_to(4, "-->")
        } else if rest.starts_with("<![CDATA[") {
            skip_to(9, "]]>")
        } else if rest.starts_with("<?") {
            skip_to(2, "?>")
        } else if rest.starts_with("<!") {
            // A declaration; a doctype's internal subset ends with "]>".
            match rest.find('>') {
                Some(close) => match rest[..close].find('[') {
                    Some(open) => skip_to(open, "]>"),
                    None => Some(start + close + 1),
                },
                None => None,
            }
        } else {
            let closing = rest.as_bytes().get(1) == Some(&b'/');
            let name_start = if closing { 2 } else { 1 };
            let name_len = rest[name_start..]
                .find(|c: char| c.is_whitespace() || matches!(c, '>' | '/' | '<'))
                .unwrap_or(rest.len() - name_start);
            let name = &rest[name_start..name_start + name_len];
            match tag_end(rest, name_start + name_len) {
                Some(end) if !name.is_empty() => {
                    if closing {
                        visit(Tag::Close(name, start + end));
                    } else if !rest[..end].ends_with("/>") {
                        visit(Tag::Open(name));
                    }
                    Some(start + end)
                }
                Some(end) => Some(start + end),
                None => None,
            }
        };
        match next {
            Some(next) => at = next,
            None => return,
        }
    }
}

/// The offset just past the `>` that ends the tag starting `rest`, reading quoted attribute
/// values whole; `None` when the text ends first.
fn tag_end(rest: &str, from: usize) -> Option<usize> {
    let mut quote = None;
    for (offset, c) in rest[from..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(open), _) if c == open => quote = None,
            (None, '>') => return Some(from + offset + 1),
            _ => {}
        }
    }
    None
}

/// The name without its namespace prefix.
fn local_name(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// Escapes each `&` that does not begin a character or entity reference, outside CDATA sections
/// and comments; `None` when there is none.
fn escape_bare_ampersands(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut edits = Edits::new(text);
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'<' if text[at..].starts_with("<![CDATA[") => {
                at = text[at..].find("]]>").map_or(bytes.len(), |end| at + end + 3);
            }
            b'<' if text[at..].starts_with("<!--") => {
                at = text[at..].find("-->").map_or(bytes.len(), |end| at + end + 3);
            }
            b'&' if !is_reference(&bytes[at + 1..]) => {
                edits.replace(at, at + 1, "&amp;");
                at += 1;
            }
            _ => at += 1,
        }
    }
    edits.finish()
}

/// Whether the bytes after an `&` make a reference: `#` digits, `#x` hex digits or a name, then `;`.
fn is_reference(after: &[u8]) -> bool {
    let (digits, allowed): (usize, fn(u8) -> bool) = match after {
        [b'#', b'x' | b'X', ..] => (2, |b: u8| b.is_ascii_hexdigit()),
        [b'#', ..] => (1, |b: u8| b.is_ascii_digit()),
        [first, ..] if first.is_ascii_alphabetic() || *first == b'_' => {
            (0, |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        }
        _ => return false,
    };
    let body = after[digits..].iter().take(33).take_while(|b| allowed(**b)).count();
    body > 0 && body <= 32 && after.get(digits + body) == Some(&b';')
}

/// Atom text constructs whose `type` `feed-rs` refuses.
const TEXT_CONSTRUCTS: [&str; 7] = ["title", "subtitle", "summary", "rights", "tagline", "info", "copyright"];

/// Retypes Atom text constructs and contents of a type `feed-rs` refuses; `None` when none.
fn retype_constructs(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut edits = Edits::new(text);
    let mut at = 0;
    // The last '<' and '>' before `at`, each byte looked at once: an attribute is inside a tag
    // when the last '<' before it comes after the last '>'.
    let (mut last_open, mut last_close, mut scanned) = (None, None, 0);
    while let Some(offset) = text[at..].find(" type=") {
        let attr = at + offset + 6;
        at = attr;
        let segment = &bytes[scanned..attr];
        if let Some(found) = memchr::memrchr(b'<', segment) {
            last_open = Some(scanned + found);
        }
        if let Some(found) = memchr::memrchr(b'>', segment) {
            last_close = Some(scanned + found);
        }
        scanned = attr;
        let Some(open) = last_open.filter(|open| last_close.is_none_or(|close| close < *open)) else { continue };
        let Some(quote) = text[attr..].chars().next().filter(|c| matches!(c, '"' | '\'')) else { continue };
        let Some(len) = text[attr + 1..].find(quote) else { break };
        let value = &text[attr + 1..attr + 1 + len];
        // The element the attribute belongs to: the name after that '<'.
        let name = text[open + 1..attr].split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or("");
        if let Some(wanted) = retyped(local_name(name), value.trim()) {
            edits.replace(attr + 1, attr + 1 + len, wanted);
        }
        at = attr + 1 + len;
    }
    edits.finish()
}

/// The type a construct of this element and type should have instead, if it needs another.
fn retyped(element: &str, value: &str) -> Option<&'static str> {
    let lower = value.to_ascii_lowercase();
    if TEXT_CONSTRUCTS.contains(&element) {
        return match lower.as_str() {
            "text" | "html" | "xhtml" | "text/html" if lower == value => None,
            _ if lower.contains("html") => Some("html"),
            _ => Some("text"),
        };
    }
    if element == "content" {
        return match lower.as_str() {
            "" => Some("text"),
            "application/xhtml+xml" => Some("xhtml"),
            _ => None,
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_ampersands_are_escaped_and_references_kept() {
        let text = "<link>http://e/?a=1&b=2&c</link><t>Q & A &amp; &#38; &#x26; &nbsp;</t>\
                    <![CDATA[a & b]]><!-- c & d -->";
        assert_eq!(
            lossless(text).as_deref(),
            Some(
                "<link>http://e/?a=1&amp;b=2&amp;c</link><t>Q &amp; A &amp; &#38; &#x26; &nbsp;</t>\
                 <![CDATA[a & b]]><!-- c & d -->"
            )
        );
        assert_eq!(lossless("<rss><item><title>A &amp; B</title></item></rss>"), None);
    }

    #[test]
    fn refused_types_are_retyped() {
        let text = "<feed><entry><title type=\"\">evil</title><summary type='text/plain'>s</summary>\
                    <title type=\"application/xhtml+xml\" mode=\"xml\">A</title><content type=\"\">c</content>\
                    <content type=\"text/plain\">d</content><link type=\"\" href=\"x\"/></entry></feed>";
        assert_eq!(
            lossless(text).as_deref(),
            Some(
                "<feed><entry><title type=\"text\">evil</title><summary type='text'>s</summary>\
                 <title type=\"html\" mode=\"xml\">A</title><content type=\"text\">c</content>\
                 <content type=\"text/plain\">d</content><link type=\"\" href=\"x\"/></entry></feed>"
            )
        );
    }

    #[test]
    fn html_bodies_with_raw_markup_are_wrapped() {
        let text = "<rss><channel><item><description>said <b>today</description>\
                    <content:encoded><p>x</p><![CDATA[<i>y</i>]]></content:encoded></item>\
                    <item><description><![CDATA[<b>fine</b>]]></description><descriptions/></item></channel></rss>";
        assert_eq!(
            lossless(text).as_deref(),
            Some(
                "<rss><channel><item><description><![CDATA[said <b>today]]></description>\
                 <content:encoded><![CDATA[<p>x</p><i>y</i>]]></content:encoded></item>\
                 <item><description><![CDATA[<b>fine</b>]]></description><descriptions/></item></channel></rss>"
            )
        );
        let atom = "<feed><entry><content type=\"xhtml\"><div>ok</div></content></entry></feed>";
        assert_eq!(lossless(atom), None);
    }

    #[test]
    fn each_repair_reads_the_document_once() {
        // Inputs that would make a scan that looks back or ahead from every mark quadratic: a
        // megabyte of each finishes at once (a quadratic scan would take minutes).
        for unit in [
            " type=\"\"",
            "<!x",
            "&",
            "<item>",
            "<entry></entry>",
            "<a x='>",
            "<title type=\"x\">",
            "<description>",
            "description",
            "<description><b></description>",
        ] {
            let text = unit.repeat((1 << 20) / unit.len());
            let _ = lossless(&text);
            let _ = cut_after_last_entry(&text);
        }
        let deep = format!("{}<item></item>", "<a>".repeat(100_000));
        assert_eq!(cut_after_last_entry(&deep), None, "too deep to cut");
    }

    #[test]
    fn a_broken_document_is_cut_after_its_last_whole_entry() {
        let text = "<?xml version=\"1.0\"?><!-- <item> --><rss version=\"2.0\"><channel><title>T</title>\
                    <item><title>one</title><description><![CDATA[</item>]]></description></item>\
                    <item><title>two</title></item><item><title><![CD";
        let repaired = cut_after_last_entry(text).expect("two whole items");
        assert!(repaired.text.ends_with("<item><title>two</title></item></channel></rss>"), "{}", repaired.text);
        assert_eq!(repaired.cut_at, Some(text.find("<item><title><![CD").expect("the broken item")));
        assert_eq!(cut_after_last_entry("<rss version=\"2.0\">\n</rss"), None);
        let atom = "<a:feed xmlns:a=\"x\"><a:entry a:k='>'><a:title>t</a:title></a:entry><a:entry>";
        assert_eq!(
            cut_after_last_entry(atom).map(|r| r.text),
            Some("<a:feed xmlns:a=\"x\"><a:entry a:k='>'><a:title>t</a:title></a:entry></a:feed>".to_owned())
        );
    }
}
