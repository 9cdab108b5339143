//! Main text and metadata of an HTML page.
//!
//! The main text comes from `rs-trafilatura` (a Rust port of trafilatura). Measured on the
//! article-extraction benchmark in `../shared/data/extraction` (181 news pages, word 4-gram
//! shingles, same scorer as `hearsay-eval`), release build, one core:
//!
//! | extractor              | precision | recall | F1     | time for 181 pages |
//! |------------------------|-----------|--------|--------|--------------------|
//! | rs-trafilatura 0.2.2   | 0.9271    | 0.9895 | 0.9573 | 2.9 s              |
//! | dom_smoothie 0.19      | 0.9170    | 0.9884 | 0.9513 | 1.0 s              |
//!
//! trafilatura is chosen for its higher precision (less boilerplate reaches the claim extractor,
//! which is what hearsay cares about); 16 ms a page is fine next to the cost of fetching one.
//!
//! Metadata is read by hearsay itself from the page's head: OpenGraph, JSON-LD
//! (`NewsArticle`/`Article`), `<meta name=author|date|description>`, `<link rel=canonical>` and
//! `<title>`, with trafilatura's own metadata as the last resort.
//!
//! Hostile pages: a page of 100,000 nested `<div>`s would make any recursive tree walk overflow
//! the stack. Before parsing, [`guard_html`] drops the tags below [`MAX_DEPTH`] (keeping their
//! text) in one linear pass, and cuts pages over [`MAX_HTML_BYTES`] or 50,000 tags.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::date::normalize_date;

/// Deepest element nesting passed to the extractor. Real news pages stay under 60.
pub const MAX_DEPTH: usize = 128;
/// Largest page passed to the extractor; the rest is cut (with a warning).
pub const MAX_HTML_BYTES: usize = 8 * 1024 * 1024;

/// What [`extract_main_text`] found in a page.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ExtractedPage {
    /// The main text: one paragraph a line.
    pub text: String,
    /// Headline: `og:title`, else JSON-LD `headline`, else `<title>`.
    pub title: Option<String>,
    /// Authors from JSON-LD `author`, else `<meta name=author>`.
    pub authors: Vec<String>,
    /// Publication time, normalised (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ`) where it parses,
    /// else as found.
    pub published: Option<String>,
    /// JSON-LD `publisher.name`, else `og:site_name`.
    pub site_name: Option<String>,
    /// `<link rel=canonical>`, else `og:url`, else the URL given.
    pub canonical_url: Option<String>,
    /// `<meta name=description>` or `og:description`.
    pub description: Option<String>,
    /// `<html lang>`, as written (`en-GB`).
    pub language: Option<String>,
    /// Stable codes for what went wrong on the way (`clean/html-too-deep`,
    /// `clean/html-truncated`, `clean/extractor-failed`).
    pub warnings: Vec<String>,
}

/// Extracts the main text and metadata of one HTML page. Never fails: a page the extractor cannot
/// read yields its visible text, or an empty text, with a warning.
pub fn extract_main_text(html: &str, url: Option<&str>) -> ExtractedPage {
    let mut page = ExtractedPage::default();
    let guarded = guard_html(html, HtmlLimits::default());
    if guarded.truncated {
        page.warnings.push("clean/html-truncated".to_owned());
    }
    if guarded.too_deep {
        page.warnings.push("clean/html-too-deep".to_owned());
    }
    let html = join_drop_caps(guarded.html.as_ref());
    let html = html.as_ref();

    read_metadata(html, &mut page);

    // A feed item's `content:encoded` or a JSON line's `html` is already the article: a fragment
    // has no page chrome to strip, and the extractor would only merge its paragraphs.
    if is_fragment(html) {
        page.text = tidy_lines(&visible_text(html));
        if page.canonical_url.is_none() {
            page.canonical_url = url.map(str::to_owned);
        }
        return page;
    }

    // The URL is not passed on: trafilatura uses it only to guess the page type (forum, product)
    // from its path, which cost precision on the benchmark (F1 0.9558 with it, 0.9573 without).
    // Forcing the page type to "article" was faster but worse (0.9563).
    let options = rs_trafilatura::Options::default();
    // The extractor is third-party code run on hostile input: a panic there costs this page its
    // main text, not the whole ingest.
    let extracted = catch_unwind(AssertUnwindSafe(|| rs_trafilatura::extract_with_options(html, &options)));
    match extracted {
        Ok(Ok(result)) => {
            page.text = tidy_lines(&result.content_text);
            if let Some(visible) = better_visible_text(&page.text, html) {
                page.text = visible;
            }
            let meta = result.metadata;
            fill(&mut page.title, meta.title);
            if page.authors.is_empty() {
                page.authors = meta.author.map(|a| split_authors(&a)).unwrap_or_default();
            }
            fill(&mut page.published, meta.date.map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string()));
            fill(&mut page.site_name, meta.sitename.and_then(|name| tidy_site_name(&name)));
            fill(&mut page.description, meta.description);
            fill(&mut page.language, meta.language);
        }
        Ok(Err(_)) => {}
        Err(_) => page.warnings.push("clean/extractor-failed".to_owned()),
    }
    if page.text.trim().is_empty() {
        // Short pages (a feed's HTML fragment, a one-paragraph brief) fall under trafilatura's
        // minimum size; their visible text is the article.
        page.text = tidy_lines(&visible_text(html));
        if !page.text.is_empty() {
            page.warnings.push("clean/extractor-fallback".to_owned());
        }
    }
    if page.canonical_url.is_none() {
        page.canonical_url = url.map(str::to_owned);
    }
    page
}

/// A drop cap: a paragraph's first letter in an element of its own, styled large
/// (`<span class="drop-cap"><span>W</span></span>hale`, `<span class="m_first-letter">Z</span>imbabwe`).
static DROP_CAP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<span\b[^>]*\bclass\s*=\s*["'][^"']*(?:drop-?_?cap|first-?_?letter|initial-?_?letter)[^"']*["'][^>]*>\s*(?:<span\b[^>]*>\s*(\p{Lu})\s*</span>|(\p{Lu}))\s*</span>(\p{Ll})"#)
        .expect("drop cap pattern is valid")
});

/// Puts drop caps back into their word, so "W hale" is "Whale" again.
fn join_drop_caps(html: &str) -> std::borrow::Cow<'_, str> {
    DROP_CAP.replace_all(html, "${1}${2}${3}")
}

/// On short pages the extractor falls back to a baseline that repeats text outside block
/// elements two or three times and glues `<br>`- and `<p>`-separated lines together
/// (`<div>A.<br>B.</div>` gives "A.B.A.B."). Its text cannot hold more than the page shows, and
/// when it holds the same words as the page's visible text, the visible text's lines are the
/// better split: in both cases the visible text is used.
fn better_visible_text(extracted: &str, html: &str) -> Option<String> {
    let squashed_len = |text: &str| text.chars().filter(|c| !c.is_whitespace()).count();
    let extracted_len = squashed_len(extracted);
    if extracted_len == 0 {
        return None;
    }
    let visible = tidy_lines(&visible_text(html));
    let visible_len = squashed_len(&visible);
    if visible_len == 0 {
        return None;
    }
    let squash = |text: &str| text.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let repeated = extracted_len > visible_len;
    let glued = extracted_len == visible_len
        && extracted.lines().count() < visible.lines().count()
        && squash(extracted) == squash(&visible);
    (repeated || glued).then_some(visible)
}

/// True for HTML without `<html>`, `<head>` or `<body>`: a fragment, not a page.
fn is_fragment(html: &str) -> bool {
    static PAGE_TAG: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)<(?:html|head|body)\b").expect("page tag pattern is valid"));
    !PAGE_TAG.is_match(html)
}

fn fill(slot: &mut Option<String>, value: Option<String>) {
    if slot.is_none() {
        *slot = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    }
}

/// Trims each line and drops empty ones, so paragraphs are separated by exactly one `\n`.
fn tidy_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.trim();
        if !line.is_empty() {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(line);
        }
    }
    out
}

static META_TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)<meta\b([^>]*)>").expect("meta pattern is valid"));
static LINK_TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)<link\b([^>]*)>").expect("link pattern is valid"));
static HTML_TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)<html\b([^>]*)>").expect("html pattern is valid"));
static TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<title\b[^>]*>(.*?)</title\s*>").expect("title pattern is valid"));
static JSON_LD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)<script\b[^>]*type\s*=\s*["']?application/ld\+json["']?[^>]*>(.*?)</script\s*>"#)
        .expect("json-ld pattern is valid")
});
static ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"#)
        .expect("attribute pattern is valid")
});

/// Attributes of one tag, names lowercased, values with entities decoded.
fn attributes(tag: &str) -> Vec<(String, String)> {
    ATTR.captures_iter(tag)
        .filter_map(|caps| {
            let name = caps.get(1)?.as_str().to_ascii_lowercase();
            let value = caps.get(2).or_else(|| caps.get(3)).or_else(|| caps.get(4))?.as_str();
            Some((name, clean_value(value)))
        })
        .collect()
}

fn clean_value(value: &str) -> String {
    let decoded = html_escape::decode_html_entities(value);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

/// Reads OpenGraph, meta tags, canonical link, `<title>`, `<html lang>` and JSON-LD.
fn read_metadata(html: &str, page: &mut ExtractedPage) {
    let mut og_title = None;
    let mut og_site = None;
    let mut og_url = None;
    let mut meta_authors = Vec::new();
    let mut published_candidates: Vec<(u8, String)> = Vec::new();
    let mut description = None;
    for caps in META_TAG.captures_iter(html) {
        let Some(body) = caps.get(1) else { continue };
        let attrs = attributes(body.as_str());
        let key = attr(&attrs, "property").or_else(|| attr(&attrs, "name")).or_else(|| attr(&attrs, "itemprop"));
        let (Some(key), Some(content)) = (key, attr(&attrs, "content")) else { continue };
        if content.is_empty() {
            continue;
        }
        let key = key.to_ascii_lowercase();
        match key.as_str() {
            "og:title" => set_once(&mut og_title, content),
            "og:site_name" => set_once(&mut og_site, content),
            "og:url" => set_once(&mut og_url, content),
            "description" | "og:description" | "twitter:description" => set_once(&mut description, content),
            // `article:author` is often a profile URL, which is not a name.
            "author" | "article:author" | "dc.creator" | "parsely-author" | "sailthru.author" | "byl"
                if !content.starts_with("http") =>
            {
                meta_authors.extend(split_authors(content));
            }
            "article:published_time" | "og:published_time" => published_candidates.push((0, content.to_owned())),
            "datepublished" | "parsely-pub-date" | "sailthru.date" | "dc.date.issued" | "dcterms.created" => {
                published_candidates.push((1, content.to_owned()));
            }
            "date" | "pubdate" | "publishdate" | "publish-date" | "dc.date" | "article.published"
            | "publication_date" => {
                published_candidates.push((2, content.to_owned()));
            }
            _ => {}
        }
    }
    let mut canonical = None;
    for caps in LINK_TAG.captures_iter(html) {
        let Some(body) = caps.get(1) else { continue };
        let attrs = attributes(body.as_str());
        let is_canonical =
            attr(&attrs, "rel").is_some_and(|rel| rel.split_whitespace().any(|r| r.eq_ignore_ascii_case("canonical")));
        if is_canonical {
            if let Some(href) = attr(&attrs, "href").filter(|h| !h.is_empty()) {
                canonical = Some(href.to_owned());
                break;
            }
        }
    }
    let html_title =
        TITLE.captures(html).and_then(|c| c.get(1)).map(|m| clean_value(m.as_str())).filter(|t| !t.is_empty());
    let lang = HTML_TAG
        .captures(html)
        .and_then(|c| c.get(1))
        .and_then(|m| attr(&attributes(m.as_str()), "lang").map(str::to_owned))
        .filter(|l| !l.is_empty());

    let mut ld = JsonLd::default();
    for caps in JSON_LD.captures_iter(html) {
        if let Some(body) = caps.get(1) {
            // Some sites wrap their JSON-LD in `<![CDATA[ ... ]]>` (or `//<![CDATA[`).
            let json = body.as_str().trim();
            let json = json.strip_prefix("//").unwrap_or(json).trim_start();
            let json = json.strip_prefix("<![CDATA[").map_or(json, |inner| {
                let inner = inner.trim_end();
                let inner = inner.strip_suffix("]]>").unwrap_or(inner).trim_end();
                inner.strip_suffix("//").unwrap_or(inner)
            });
            if let Ok(value) = serde_json::from_str::<Value>(json.trim()) {
                ld.read(&value, 0);
            }
        }
    }

    // JSON-LD `publisher.name` names the outlet ("Reuters"); `og:site_name` is often an edition
    // or a section ("U.S."), so it comes second.
    let og_site = og_site.and_then(|name| tidy_site_name(&name));
    let site_name = ld.publisher.clone().and_then(|name| tidy_site_name(&name)).or_else(|| og_site.clone());
    page.title = og_title
        .or(ld.headline.clone())
        .or(html_title)
        .map(|t| strip_site_suffix(&strip_site_suffix(&t, site_name.as_deref()), og_site.as_deref()));
    page.site_name = site_name;
    page.authors = if ld.authors.is_empty() { meta_authors } else { ld.authors.clone() };
    dedup_keep_order(&mut page.authors);
    // `article:published_time` first, then JSON-LD `datePublished`, then the loose
    // `<meta name=date>` family (which some sites fill with the page's build time).
    published_candidates.sort_by_key(|(rank, _)| *rank);
    let strongest = published_candidates.iter().find(|(rank, _)| *rank == 0).map(|(_, v)| v.clone());
    let loose = published_candidates.into_iter().map(|(_, v)| v).next();
    let published = strongest.or(ld.published.clone()).or(loose);
    page.published = published.map(|p| normalize_date(&p).unwrap_or(p));
    page.canonical_url = canonical.or(og_url);
    page.description = description;
    page.language = lang;
}

/// A site name fit for `Metadata::outlet`: whitespace collapsed, a URL turned into its host, a
/// Twitter handle ("@SputnikInt") or a page widget's text (a weather box) refused.
fn tidy_site_name(raw: &str) -> Option<String> {
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() || name.starts_with('@') || name.len() > 80 {
        return None;
    }
    if let Some(rest) = name.strip_prefix("https://").or_else(|| name.strip_prefix("http://")) {
        let host = rest.split('/').next().unwrap_or(rest);
        let host = host.strip_prefix("www.").unwrap_or(host);
        return (!host.is_empty()).then(|| host.to_owned());
    }
    Some(name)
}

fn set_once(slot: &mut Option<String>, value: &str) {
    if slot.is_none() && !value.is_empty() {
        *slot = Some(value.to_owned());
    }
}

fn dedup_keep_order(names: &mut Vec<String>) {
    let mut seen = BTreeSet::new();
    names.retain(|n| seen.insert(n.to_lowercase()));
}

/// "Tehran dismisses claims | HUM News English" -> "Tehran dismisses claims" when the suffix is
/// the site's name.
fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    if let Some(site) = site {
        for separator in [" | ", " - ", " – ", " — ", " :: "] {
            if let Some((head, tail)) = title.rsplit_once(separator) {
                if tail.trim().eq_ignore_ascii_case(site.trim()) && !head.trim().is_empty() {
                    return head.trim().to_owned();
                }
            }
        }
    }
    title.to_owned()
}

/// "Jane Doe and John Roe", "Jane Doe, John Roe" -> two names.
pub(crate) fn split_authors(raw: &str) -> Vec<String> {
    raw.split([',', ';', '|', '&'])
        .flat_map(|part| part.split(" and "))
        .map(|name| {
            let name = name.trim();
            let lower = name.get(..3).map(str::to_ascii_lowercase);
            if lower.as_deref() == Some("by ") {
                name[3..].trim()
            } else {
                name
            }
        })
        .filter(|name| !name.is_empty() && name.len() <= 80 && !name.starts_with("http") && !is_role(name))
        .map(str::to_owned)
        .collect()
}

/// "AP Auto Writer", "Staff Reporter": a byline's job title, not a name.
fn is_role(part: &str) -> bool {
    part.split_whitespace().any(|word| {
        matches!(
            word.to_ascii_lowercase().as_str(),
            "writer" | "correspondent" | "reporter" | "editor" | "contributor" | "columnist" | "staff"
        )
    })
}

/// The article facts found in JSON-LD blocks.
#[derive(Debug, Default)]
struct JsonLd {
    headline: Option<String>,
    published: Option<String>,
    authors: Vec<String>,
    publisher: Option<String>,
}

/// Nesting depth beyond which JSON-LD is not walked (it is data from the page).
const MAX_JSON_DEPTH: usize = 8;

impl JsonLd {
    fn read(&mut self, value: &Value, depth: usize) {
        if depth > MAX_JSON_DEPTH {
            return;
        }
        match value {
            Value::Array(items) => items.iter().for_each(|item| self.read(item, depth + 1)),
            Value::Object(map) => {
                if let Some(graph) = map.get("@graph") {
                    self.read(graph, depth + 1);
                }
                if is_article_type(map.get("@type")) {
                    if self.headline.is_none() {
                        self.headline =
                            map.get("headline").and_then(Value::as_str).map(clean_value).filter(|s| !s.is_empty());
                    }
                    if self.published.is_none() {
                        self.published = map.get("datePublished").and_then(Value::as_str).map(str::to_owned);
                    }
                    if self.authors.is_empty() {
                        if let Some(author) = map.get("author") {
                            collect_names(author, &mut self.authors, 0);
                        }
                    }
                    if self.publisher.is_none() {
                        let mut names = Vec::new();
                        if let Some(publisher) = map.get("publisher") {
                            collect_names(publisher, &mut names, 0);
                        }
                        self.publisher = names.into_iter().next();
                    }
                }
            }
            _ => {}
        }
    }
}

fn is_article_type(kind: Option<&Value>) -> bool {
    let is_article = |name: &str| name.ends_with("Article") || name == "BlogPosting" || name == "Report";
    match kind {
        Some(Value::String(name)) => is_article(name),
        Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).any(is_article),
        _ => false,
    }
}

fn collect_names(value: &Value, out: &mut Vec<String>, depth: usize) {
    if depth > 3 {
        return;
    }
    match value {
        Value::String(name) if !name.starts_with("http") => out.extend(split_authors(&clean_value(name))),
        Value::Array(items) => items.iter().for_each(|item| collect_names(item, out, depth + 1)),
        Value::Object(map) => {
            if let Some(Value::String(name)) = map.get("name") {
                out.extend(split_authors(&clean_value(name)));
            }
        }
        _ => {}
    }
}

/// Elements that never have content, so never nest.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    "keygen",
];
/// Elements that HTML closes implicitly (an unclosed `<p>` before the next one); counting them
/// would make ordinary pages look deep.
const IMPLICIT: &[&str] =
    &["p", "li", "dt", "dd", "option", "tr", "td", "th", "tbody", "thead", "tfoot", "rb", "rt", "rp", "optgroup"];
/// Elements whose content is not markup.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "plaintext", "noscript"];

/// Limits on what reaches the extractor. Observed on the 181 benchmark pages: at most 1,737
/// tags and a nesting depth (as counted here) of at most 56.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HtmlLimits {
    /// Bytes of page read; the rest is cut.
    pub max_bytes: usize,
    /// Element nesting kept; deeper start and end tags are dropped (their text stays).
    pub max_depth: usize,
    /// Table nesting kept. Tables get their own, lower limit because the extractor's work on a
    /// table grows with the number of tables around it: 50,000 rows inside 256 nested tables
    /// took 30 s.
    pub max_table_depth: usize,
    /// Tags read; the page is cut before the next one.
    pub max_tags: usize,
}

impl Default for HtmlLimits {
    fn default() -> HtmlLimits {
        HtmlLimits { max_bytes: MAX_HTML_BYTES, max_depth: MAX_DEPTH, max_table_depth: 16, max_tags: 50_000 }
    }
}

/// A page made safe to parse, and what had to be done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardedHtml<'a> {
    /// The page, unchanged where no limit was hit.
    pub html: Cow<'a, str>,
    /// Some tags were dropped for nesting too deep.
    pub too_deep: bool,
    /// The page was cut (too many bytes or tags).
    pub truncated: bool,
}

/// Applies `limits` in one linear pass over the page: cuts it at `max_bytes` or at the tag
/// after `max_tags`, and drops the start and end tags of elements nested deeper than allowed.
pub fn guard_html(html: &str, limits: HtmlLimits) -> GuardedHtml<'_> {
    let mut truncated = false;
    let mut html = html;
    if html.len() > limits.max_bytes {
        let mut cut = limits.max_bytes;
        while !html.is_char_boundary(cut) {
            cut -= 1;
        }
        html = &html[..cut];
        truncated = true;
    }
    let lower_text = html.to_ascii_lowercase();
    let lower = lower_text.as_bytes();
    let mut skips: Vec<(usize, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut table_depth = 0usize;
    let mut n_tags = 0usize;
    let mut cut_at = None;
    let mut i = 0;
    while i < lower.len() {
        let Some(offset) = lower[i..].iter().position(|&b| b == b'<') else { break };
        let start = i + offset;
        let rest = &lower[start..];
        if rest.starts_with(b"<!--") {
            i = find(lower, start + 4, b"-->").map_or(lower.len(), |end| end + 3);
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let name_len = lower[name_start..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'-').count();
        if name_len == 0 {
            i = start + 1;
            continue;
        }
        n_tags += 1;
        if n_tags > limits.max_tags {
            cut_at = Some(start);
            break;
        }
        let name = &lower_text[name_start..name_start + name_len];
        let Some(end) = find_tag_end(lower, name_start + name_len) else { break };
        let tag_end = end + 1;
        if name == "table" {
            let beyond =
                if closing { table_depth > limits.max_table_depth } else { table_depth >= limits.max_table_depth };
            if closing {
                table_depth = table_depth.saturating_sub(1);
            } else {
                table_depth += 1;
            }
            if beyond {
                skips.push((start, tag_end));
                i = tag_end;
                continue;
            }
        }
        let counted = !VOID.contains(&name) && !IMPLICIT.contains(&name) && lower[end - 1] != b'/';
        if closing {
            if counted && depth > 0 {
                if depth > limits.max_depth {
                    skips.push((start, tag_end));
                }
                depth -= 1;
            }
            i = tag_end;
            continue;
        }
        if RAW_TEXT.contains(&name) {
            let close = format!("</{name}");
            i = find(lower, tag_end, close.as_bytes()).unwrap_or(lower.len());
            // Raw-text elements do not nest; their end tag is handled on the next turn, which
            // takes the depth back down, so count the start here.
            depth += 1;
            continue;
        }
        if counted {
            depth += 1;
            if depth > limits.max_depth {
                skips.push((start, tag_end));
            }
        }
        i = tag_end;
    }
    let end = cut_at.unwrap_or(html.len());
    truncated |= cut_at.is_some();
    let too_deep = !skips.is_empty();
    if !too_deep && cut_at.is_none() {
        return GuardedHtml { html: Cow::Borrowed(html), too_deep, truncated };
    }
    let mut out = String::with_capacity(end);
    let mut at = 0;
    for (start, stop) in skips {
        out.push_str(&html[at..start]);
        at = stop;
    }
    out.push_str(&html[at..end]);
    GuardedHtml { html: Cow::Owned(out), too_deep, truncated }
}

/// The `>` ending a tag, skipping quoted attribute values.
fn find_tag_end(lower: &[u8], from: usize) -> Option<usize> {
    let mut quote = None;
    for (offset, &b) in lower[from..].iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => return Some(from + offset),
            _ => {}
        }
    }
    None
}

fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= haystack.len() {
        return None;
    }
    haystack[from..].windows(needle.len()).position(|w| w == needle).map(|p| from + p)
}

static SKIPPED_ELEMENTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<!--.*?-->|<script\b.*?</script\s*>|<style\b.*?</style\s*>|<noscript\b.*?</noscript\s*>|<head\b.*?</head\s*>")
        .expect("skipped elements pattern is valid")
});
static BLOCK_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)</?(?:p|div|br|h[1-6]|li|ul|ol|tr|table|section|article|blockquote|header|footer|figure|figcaption|pre)\b[^>]*>")
        .expect("block tag pattern is valid")
});
static ANY_TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").expect("tag pattern is valid"));

/// The page's visible text, one block a line: the fallback when the extractor finds nothing.
fn visible_text(html: &str) -> String {
    let text = SKIPPED_ELEMENTS.replace_all(html, " ");
    let text = BLOCK_TAG.replace_all(&text, "\n");
    let text = ANY_TAG.replace_all(&text, "");
    let decoded = html_escape::decode_html_entities(&text);
    decoded
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="en-GB"><head>
<meta charset="utf-8"><title>Moscow denies report | Example News</title>
<meta property="og:title" content="Moscow denies intelligence report">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2026-04-20T09:16:59+03:00">
<meta name="description" content="The Kremlin said the report was &quot;baseless&quot;.">
<link rel="canonical" href="https://example.com/world/moscow-denies">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","headline":"Moscow denies","datePublished":"2026-04-20","author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Person","name":"John Roe"}],"publisher":{"@type":"Organization","name":"Example News Ltd"}}]}</script>
</head><body><nav>Home | World | Sport</nav><article><h1>Moscow denies intelligence report</h1>
<p>The Kremlin on Monday rejected a report that Russia had shared air-defence data with Israel, calling it baseless and part of a campaign against Moscow.</p>
<p>"These claims have nothing to do with reality," spokesman Dmitry Peskov told reporters in Moscow, adding that Russia valued its ties with Tehran.</p>
<p>Iranian officials have not commented on the report, which cited two former diplomats and a member of the Expediency Council in Tehran.</p>
</article><footer>Copyright Example News</footer></body></html>"#;

    #[test]
    fn metadata_from_og_json_ld_and_links() {
        let page = extract_main_text(PAGE, Some("https://example.com/x"));
        assert_eq!(page.title.as_deref(), Some("Moscow denies intelligence report"));
        assert_eq!(page.site_name.as_deref(), Some("Example News Ltd"), "JSON-LD publisher.name before og:site_name");
        assert_eq!(page.authors, ["Jane Doe", "John Roe"]);
        assert_eq!(page.published.as_deref(), Some("2026-04-20T06:16:59Z"));
        assert_eq!(page.canonical_url.as_deref(), Some("https://example.com/world/moscow-denies"));
        assert_eq!(page.description.as_deref(), Some("The Kremlin said the report was \"baseless\"."));
        assert_eq!(page.language.as_deref(), Some("en-GB"));
        assert!(page.text.contains("spokesman Dmitry Peskov told reporters"), "{}", page.text);
        assert!(!page.text.contains("Home | World"), "{}", page.text);
        assert!(page.warnings.is_empty(), "{:?}", page.warnings);
    }

    #[test]
    fn drop_caps_join_their_word() {
        assert_eq!(
            join_drop_caps(r#"<p><span class="drop-cap"><span class="drop-cap__inner">W</span></span>hale whisperer"#),
            "<p>Whale whisperer"
        );
        assert_eq!(
            join_drop_caps(r#"<p><span class="m_first-letter m_first-letter--flagged">Z</span>imbabwe President"#),
            "<p>Zimbabwe President"
        );
        assert_eq!(join_drop_caps(r#"<span class="drop-cap">A</span> day"#), r#"<span class="drop-cap">A</span> day"#);
    }

    #[test]
    fn title_tag_loses_site_suffix() {
        assert_eq!(
            strip_site_suffix("Moscow denies report | Example News", Some("Example News")),
            "Moscow denies report"
        );
        assert_eq!(strip_site_suffix("Moscow - the view", Some("Example News")), "Moscow - the view");
        assert_eq!(tidy_site_name("https://www.newsnation.in").as_deref(), Some("newsnation.in"));
        assert_eq!(tidy_site_name("@SputnikInt"), None);
        assert_eq!(tidy_site_name("  Sportsnet.ca \n").as_deref(), Some("Sportsnet.ca"));
    }

    #[test]
    fn ordinary_pages_are_not_flattened() {
        let limits = HtmlLimits { max_depth: 16, ..HtmlLimits::default() };
        assert!(matches!(guard_html(PAGE, limits).html, Cow::Borrowed(_)));
        let many_paragraphs = format!("<div>{}</div>", "<p>unclosed paragraph ".repeat(5000));
        let guarded = guard_html(&many_paragraphs, limits);
        assert!(!guarded.too_deep && !guarded.truncated);
    }

    #[test]
    fn deep_nesting_is_flattened_keeping_text() {
        let html = format!("<html><body>{}<p>Deep text.</p>{}</body></html>", "<div>".repeat(40), "</div>".repeat(40));
        let guarded = guard_html(&html, HtmlLimits { max_depth: 10, ..HtmlLimits::default() });
        assert!(guarded.too_deep && !guarded.truncated);
        let flat = guarded.html;
        assert_eq!(flat.matches("<div>").count(), 8, "html and body count too");
        assert_eq!(flat.matches("</div>").count(), 8);
        assert!(flat.contains("<p>Deep text.</p>"));
    }

    #[test]
    fn nested_tables_and_tag_floods_are_cut() {
        let tables = format!("{}x", "<table><tr><td>".repeat(40));
        let guarded = guard_html(&tables, HtmlLimits { max_table_depth: 4, ..HtmlLimits::default() });
        assert!(guarded.too_deep);
        assert_eq!(guarded.html.matches("<table>").count(), 4);
        let flood = "<p>a</p>".repeat(100);
        let guarded = guard_html(&flood, HtmlLimits { max_tags: 10, ..HtmlLimits::default() });
        assert!(guarded.truncated);
        assert_eq!(guarded.html, "<p>a</p>".repeat(5));
        let long = "é".repeat(10);
        let guarded = guard_html(&long, HtmlLimits { max_bytes: 5, ..HtmlLimits::default() });
        assert_eq!((guarded.html.as_ref(), guarded.truncated), ("éé", true));
    }

    #[test]
    fn hundred_thousand_nested_divs_do_not_overflow_or_crawl() {
        let paragraph = "The ministry said on Tuesday that the talks in Geneva would resume next week after a pause of several months, officials in Tehran and Moscow confirmed.";
        // 20,000 levels: flattened, and the text inside survives.
        // 100,000 levels: past the tag limit too, so the page is cut before the text.
        for (n, text_survives) in [(20_000, true), (100_000, false)] {
            let html =
                format!("<html><body>{}<p>{paragraph}</p>{}</body></html>", "<div>".repeat(n), "</div>".repeat(n));
            let started = std::time::Instant::now();
            let page = extract_main_text(&html, None);
            assert!(page.warnings.contains(&"clean/html-too-deep".to_owned()), "{n}");
            assert_eq!(page.warnings.contains(&"clean/html-truncated".to_owned()), !text_survives, "{n}");
            assert_eq!(page.text.contains("talks in Geneva"), text_survives, "{n}: {:?}", page.text);
            assert!(started.elapsed().as_secs() < 20, "{n} took {:?}", started.elapsed());
        }
    }

    #[test]
    fn other_hostile_nestings_finish() {
        let n = 10_000;
        let cases = [
            format!("<html><body>{}text</body></html>", "<table><tr><td>".repeat(n)),
            format!("<html><body>{}text</body></html>", "<b><p>".repeat(n)),
            format!("<html><body>{}text</body></html>", "<a href=x>".repeat(n)),
            format!("<html><body>{}text</body></html>", "<ul><li>".repeat(n)),
            format!("<html><body>{}</body></html>", "<p><font>word ".repeat(n)),
        ];
        for html in &cases {
            let started = std::time::Instant::now();
            let page = extract_main_text(html, None);
            assert!(page.text.len() < html.len());
            assert!(started.elapsed().as_secs() < 30, "{:.30}: {:?}", html, started.elapsed());
        }
    }

    #[test]
    fn fragments_fall_back_to_visible_text() {
        let fragment = "<p>Short brief.</p><script>var x = 1;</script><p>Second line &amp; more.</p>";
        assert_eq!(visible_text(fragment), "Short brief.\nSecond line & more.");
        let page = extract_main_text(fragment, Some("https://example.com/a"));
        assert_eq!(page.text, "Short brief.\nSecond line & more.", "feed fragments keep their paragraphs");
        assert_eq!(page.canonical_url.as_deref(), Some("https://example.com/a"));
        assert!(!is_fragment(PAGE));
    }

    #[test]
    fn broken_markup_never_panics() {
        let long_attr = format!("<div title=\"{}\">text</div>", "x".repeat(100_000));
        let unclosed_comment = format!("<p>before</p><!-- {}", "<div>".repeat(1000));
        let many_scripts = "<script>".repeat(10_000);
        for html in [
            "",
            "<",
            "<html>",
            "<!--",
            "<script>",
            "</div></div></p>",
            "<p>only one paragraph",
            "<<<>>>",
            "<meta content=\"x\" property=og:title>",
            long_attr.as_str(),
            unclosed_comment.as_str(),
            many_scripts.as_str(),
        ] {
            let page = extract_main_text(html, Some("not a url"));
            assert!(page.text.len() <= html.len() + 16, "{html:.40}");
        }
        let page = extract_main_text("<meta content=\"Unquoted order\" property=og:title><p>x</p>", None);
        assert_eq!(page.title.as_deref(), Some("Unquoted order"));
    }

    #[test]
    fn authors_split() {
        assert_eq!(split_authors("By Jane Doe and John Roe"), ["Jane Doe", "John Roe"]);
        assert_eq!(split_authors("By TOM KRISHER, AP Auto Writer"), ["TOM KRISHER"]);
        assert_eq!(split_authors("https://example.com/jane"), Vec::<String>::new());
    }
}
