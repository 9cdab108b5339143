//! Turns raw records into clean articles: decoding, main-text extraction, boilerplate removal, metadata.
//!
//! [`clean`] takes one [`RawArticle`] from ingest and returns an [`Article`]:
//!
//! 1. decode the bytes (BOM, declared charset, `<meta charset>`, UTF-8, detection);
//! 2. cut the body into paragraphs according to its [`RecordFormat`]: lines of plain text,
//!    markdown blocks (rendered with pulldown-cmark, markup dropped), or the lines of the main
//!    text an HTML page's extractor found ([`extract_main_text`]);
//! 3. read a headline, byline and dateline from the top of the body;
//! 4. drop boilerplate paragraphs by the rules in `rules.rs`, each recorded as a [`Removal`];
//! 5. copy the kept paragraphs, NFC-normalised, into a [`CleanText`] joined by single newlines,
//!    so every clean byte maps back into [`Article::source_text`];
//! 6. fill [`Metadata`]: container hints first, then the page's own metadata, then what the text
//!    says (a syndication footer's outlet), then the URL's host.
//!
//! `Article::source_text` is the decoded file for plain text, the markdown for AT Protocol
//! documents, and the *extracted main text* for HTML (the page itself is not kept: spans into the
//! markup would help no reader).
//!
//! ```
//! use hearsay_article::{Hints, InputFormat, RawArticle, RecordFormat, RemovalReason, SourceRef};
//!
//! let body = "Iran's envoy speaks in Moscow in this file photo\n\
//!             MOSCOW (Reuters) — Iran's ambassador rejected the report on Monday.\n\
//!             Read more: Tehran summons envoy";
//! let raw = RawArticle {
//!     source: SourceRef::file("story.txt"),
//!     input: InputFormat::Text,
//!     format: RecordFormat::Text,
//!     bytes: body.as_bytes().to_vec(),
//!     charset: None,
//!     hints: Hints::default(),
//! };
//! let article = hearsay_clean::clean(&raw).expect("there is an article");
//! assert_eq!(article.text.as_str(), "MOSCOW (Reuters) — Iran's ambassador rejected the report on Monday.");
//! assert_eq!(article.metadata.dateline.as_deref(), Some("MOSCOW"));
//! let reasons: Vec<RemovalReason> = article.removed.iter().map(|r| r.reason).collect();
//! assert_eq!(reasons, [RemovalReason::PhotoCaption, RemovalReason::RelatedLink]);
//! ```

mod blocks;
mod date;
mod decode;
mod header;
mod html;
mod markdown;
mod rules;

use hearsay_article::{
    Article, ArticleId, Diagnostic, InputFormat, Metadata, RawArticle, RecordFormat, Removal, RemovalReason, Severity,
};
use hearsay_text::{CleanText, CleanTextBuilder};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

pub use date::normalize_date;
pub use html::{extract_main_text, guard_html, ExtractedPage, GuardedHtml, HtmlLimits, MAX_DEPTH, MAX_HTML_BYTES};

use crate::blocks::{Block, Seg};

/// Why a record yielded no article at all. Anything less (odd bytes, no date, no title) is a
/// [`Diagnostic`] on the article instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct Rejection {
    /// A stable code: `clean/no-body`, `clean/binary`.
    pub code: String,
    /// What was wrong, in lowercase words.
    pub message: String,
}

impl Rejection {
    fn new(code: &str, message: impl Into<String>) -> Rejection {
        Rejection { code: code.to_owned(), message: message.into() }
    }
}

/// How much clean text whatlang reads: the language of a news article is settled in its first
/// paragraphs, and reading all of a 50 KB transcript costs more than it tells.
const LANGUAGE_SAMPLE_BYTES: usize = 1200;

/// Cleans one article. Fails only when nothing readable is left.
pub fn clean(raw: &RawArticle) -> Result<Article, Rejection> {
    let url_hint = raw.hints.url.as_deref();
    let decoded = decode::decode(&raw.bytes, raw.charset.as_deref(), raw.format == RecordFormat::Html, url_hint);
    let mut diagnostics = decoded.diagnostics;
    if looks_binary(&decoded.text) {
        return Err(Rejection::new("clean/binary", format!("the body of {} is not text", raw.source)));
    }

    let mut page = None;
    let (source_text, blocks) = match raw.format {
        RecordFormat::Text => {
            let blocks = blocks::text_blocks(&decoded.text);
            (decoded.text, blocks)
        }
        RecordFormat::Markdown => {
            let blocks = markdown::markdown_blocks(&decoded.text);
            (decoded.text, blocks)
        }
        RecordFormat::Html => {
            let extracted = extract_main_text(&decoded.text, url_hint);
            for warning in &extracted.warnings {
                diagnostics.push(Diagnostic::new("clean", Severity::Warning, warning, html_warning_message(warning)));
            }
            let text = extracted.text.clone();
            page = Some(extracted);
            let blocks = blocks::line_blocks(&text);
            (text, blocks)
        }
    };

    // Decide about every paragraph: boilerplate rules, then the header (headline, byline).
    let mut verdicts: Vec<Option<RemovalReason>> = Vec::with_capacity(blocks.len());
    let mut footer_outlet = None;
    for block in &blocks {
        let verdict = rules::classify(&block.text);
        if let Some(outlet) = verdict.as_ref().and_then(|v| v.outlet.clone()) {
            footer_outlet.get_or_insert(outlet);
        }
        verdicts.push(verdict.map(|v| v.reason));
    }
    let known_title = raw.hints.title.clone().or_else(|| page.as_ref().and_then(|p| p.title.clone()));
    let found = header::read_header(&blocks, &mut verdicts, known_title.as_deref(), raw.format == RecordFormat::Text);

    let (mut text, mut removed, mut nfc_changed) = build(&source_text, &blocks, &verdicts);
    if text.as_str().trim().is_empty() && is_feed(raw.input) {
        // A feed item whose body says nothing but its headline (a body that repeats the title,
        // a body that is one picture) is still news: its headline is its text, taken from the
        // body when the body repeated it (so spans still map into the source), else the headline
        // itself. (An item with no body at all is skipped by the feed reader, with a reason: it
        // is a link to an article elsewhere.)
        let headline_kept: Vec<Option<RemovalReason>> =
            verdicts.iter().map(|verdict| verdict.filter(|reason| *reason != RemovalReason::Headline)).collect();
        (text, removed, nfc_changed) = build(&source_text, &blocks, &headline_kept);
        if text.as_str().trim().is_empty() {
            if let Some(title) = known_title.as_deref().map(str::trim).filter(|title| !title.is_empty()) {
                let mut builder = CleanTextBuilder::new();
                builder.push_inserted(&title.nfc().collect::<String>());
                text = builder.finish();
            }
        }
        if !text.as_str().trim().is_empty() {
            diagnostics.push(Diagnostic::new(
                "clean",
                Severity::Info,
                "clean/headline-only",
                "the item has no text but its headline, which is read as its text",
            ));
        }
    }
    if nfc_changed {
        diagnostics.push(Diagnostic::new(
            "clean",
            Severity::Info,
            "clean/nfc",
            "some text was not in unicode nfc and was normalised",
        ));
    }
    if text.as_str().trim().is_empty() {
        return Err(Rejection::new(
            "clean/no-body",
            format!("no article text is left in {} after cleaning", raw.source),
        ));
    }

    let metadata = metadata(raw, page.as_ref(), &found, footer_outlet, &text, &mut diagnostics);
    Ok(Article {
        id: ArticleId::from_text(text.as_str()),
        source: raw.source.clone(),
        input: raw.input,
        metadata,
        source_text,
        text,
        removed,
        diagnostics,
    })
}

/// Whether a record came from a feed, whose items may carry no more than a headline.
fn is_feed(input: InputFormat) -> bool {
    matches!(input, InputFormat::Rss | InputFormat::Atom | InputFormat::JsonFeed)
}

fn html_warning_message(code: &str) -> &'static str {
    match code {
        "clean/html-too-deep" => {
            "the page nests elements deeper than the extractor allows; the deepest tags were dropped"
        }
        "clean/html-truncated" => "the page is larger than the extractor reads; its end was cut",
        "clean/extractor-failed" => "the main-text extractor failed on this page; its visible text was used",
        "clean/extractor-fallback" => "the main-text extractor found no article; the page's visible text was used",
        _ => "the html extractor reported a problem",
    }
}

/// More than one character in ten a control character (NUL, BEL...) means a binary file that
/// ingest took for text.
fn looks_binary(text: &str) -> bool {
    let sample: Vec<char> = text.chars().take(4096).collect();
    let control = sample.iter().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')).count();
    !sample.is_empty() && control * 10 > sample.len()
}

/// Copies kept blocks into the clean text (NFC per run) and records the removed ones.
fn build(source: &str, blocks: &[Block], verdicts: &[Option<RemovalReason>]) -> (CleanText, Vec<Removal>, bool) {
    let mut builder = CleanTextBuilder::new();
    let mut removed = Vec::new();
    let mut nfc_changed = false;
    for (block, verdict) in blocks.iter().zip(verdicts) {
        if let Some(reason) = verdict {
            if let Some(span) = block.span() {
                removed.push(Removal {
                    text: source[span.clone()].to_owned(),
                    reason: *reason,
                    source_start: to_u32(span.start),
                    source_end: to_u32(span.end),
                });
            }
            continue;
        }
        if !builder.as_str().is_empty() {
            builder.push_inserted("\n");
        }
        for seg in &block.segs {
            match seg {
                Seg::Source(range) => {
                    let run = &source[range.clone()];
                    if is_nfc_quick(run.chars()) == IsNormalized::Yes {
                        builder.push_source(source, range.clone());
                    } else {
                        // Normalise word by word, so only the words NFC changes lose their
                        // byte-for-byte map (combining marks never compose across whitespace).
                        let mut at = range.start;
                        for word in run.split_inclusive(char::is_whitespace) {
                            nfc_changed |= push_nfc_word(&mut builder, source, at..at + word.len());
                            at += word.len();
                        }
                    }
                }
                Seg::Inserted(text) => {
                    let normalized: String = text.nfc().collect();
                    builder.push_inserted(&normalized);
                }
            }
        }
    }
    builder.trim_end();
    removed.sort_by_key(|r| (r.source_start, r.source_end));
    (builder.finish(), removed, nfc_changed)
}

/// Pushes one word NFC-normalised; returns whether it changed. Only the clusters (a base
/// character and its combining marks: "e" + U+0301) that NFC changes become inserted text, so
/// the rest of the word keeps its byte map. Inserted text maps to the end of the run before it.
fn push_nfc_word(builder: &mut CleanTextBuilder, source: &str, range: std::ops::Range<usize>) -> bool {
    let word = &source[range.clone()];
    let normalized: String = word.nfc().collect();
    if normalized == word {
        builder.push_source(source, range);
        return false;
    }
    let mut clusters: Vec<std::ops::Range<usize>> = Vec::new();
    for (offset, c) in word.char_indices() {
        match clusters.last_mut() {
            Some(last) if unicode_normalization::char::is_combining_mark(c) => last.end = offset + c.len_utf8(),
            _ => clusters.push(offset..offset + c.len_utf8()),
        }
    }
    let per_cluster: Vec<String> = clusters.iter().map(|c| word[c.clone()].nfc().collect()).collect();
    if per_cluster.concat() != normalized {
        // Composition across clusters (Hangul jamo): the whole word is inserted.
        builder.push_inserted(&normalized);
        return true;
    }
    for (cluster, normal) in clusters.iter().zip(&per_cluster) {
        if *normal == word[cluster.clone()] {
            builder.push_source(source, range.start + cluster.start..range.start + cluster.end);
        } else {
            builder.push_inserted(normal);
        }
    }
    true
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

fn metadata(
    raw: &RawArticle,
    page: Option<&ExtractedPage>,
    found: &header::Header,
    footer_outlet: Option<String>,
    text: &CleanText,
    diagnostics: &mut Vec<Diagnostic>,
) -> Metadata {
    let hints = &raw.hints;
    let non_empty = |value: &Option<String>| value.as_ref().map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());

    let title =
        non_empty(&hints.title).or_else(|| page.and_then(|p| non_empty(&p.title))).or_else(|| found.title.clone());

    let mut authors: Vec<String> =
        hints.authors.iter().map(|a| a.trim().to_owned()).filter(|a| !a.is_empty()).collect();
    if authors.is_empty() {
        authors = page.map(|p| p.authors.clone()).unwrap_or_default();
    }
    if authors.is_empty() {
        authors.clone_from(&found.authors);
    }
    // Names are compared and grouped as words: a non-breaking space ("Jane\u{a0}Doe") is a space.
    for author in &mut authors {
        if author.contains(|c: char| c.is_whitespace() && c != ' ') {
            *author = author.split_whitespace().collect::<Vec<_>>().join(" ");
        }
    }

    // The first candidate that parses wins: a container's odd date form does not hide the page's.
    let candidates: Vec<String> =
        [non_empty(&hints.published), page.and_then(|p| non_empty(&p.published))].into_iter().flatten().collect();
    let published = candidates.iter().find_map(|raw_date| normalize_date(raw_date)).or_else(|| found.published.clone());
    if let Some(raw_date) = candidates.first().filter(|raw_date| normalize_date(raw_date).is_none()) {
        diagnostics.push(Diagnostic::new(
            "clean",
            Severity::Info,
            "clean/unparsed-date",
            format!("the publication date {raw_date:?} is not a date form clean understands"),
        ));
    }

    let url = non_empty(&hints.url).or_else(|| page.and_then(|p| non_empty(&p.canonical_url)));
    let outlet =
        non_empty(&hints.outlet)
            .or_else(|| page.and_then(|p| non_empty(&p.site_name)))
            .or(footer_outlet)
            .or_else(|| url.as_deref().and_then(host_of))
            .map(|outlet| {
                if outlet.contains('\u{a0}') {
                    outlet.split_whitespace().collect::<Vec<_>>().join(" ")
                } else {
                    outlet
                }
            });

    let description = non_empty(&hints.description).or_else(|| page.and_then(|p| non_empty(&p.description)));
    let language = detect_language(text.as_str(), diagnostics);

    Metadata {
        title,
        authors,
        published,
        outlet,
        url,
        language,
        dateline: found.dateline.clone(),
        description,
        tags: hints.tags.clone(),
        at_uri: non_empty(&hints.at_uri),
    }
}

/// The host of a URL without `www.`: the outlet's name of last resort.
fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, rest)| rest)?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?.split(':').next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (!host.is_empty()).then(|| host.to_owned())
}

fn detect_language(text: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<String> {
    let mut cut = text.len().min(LANGUAGE_SAMPLE_BYTES);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    match whatlang::detect(&text[..cut]) {
        Some(info) if info.is_reliable() => Some(info.lang().code().to_owned()),
        other => {
            let message = match other {
                Some(info) => format!(
                    "language unsure (best guess {} at confidence {:.2})",
                    info.lang().code(),
                    info.confidence()
                ),
                None => "no language could be detected".to_owned(),
            };
            diagnostics.push(Diagnostic::new("clean", Severity::Info, "clean/language-unsure", message));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(host_of("https://www.humenglish.com/latest/x/").as_deref(), Some("humenglish.com"));
        assert_eq!(host_of("http://user@Example.org:8080/a").as_deref(), Some("example.org"));
        assert_eq!(host_of("not a url"), None);
    }

    #[test]
    fn binary_is_detected() {
        assert!(looks_binary("\u{0}\u{1}\u{2}abc\u{3}"));
        assert!(!looks_binary("Plain text.\nSecond line.\t"));
    }
}
