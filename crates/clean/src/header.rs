//! The top of an article body: headline, byline and dateline.
//!
//! Plain-text articles pasted from news sites open with the headline on the first line
//! ("'Israel' and Iran secretly reassured each other via Russia: Report"), sometimes a byline
//! ("By Jane Doe") and a dateline that starts the first paragraph ("MOSCOW (Reuters) —",
//! "WEB DESK:"). The headline and byline move to metadata (recorded as removals); the dateline
//! stays in the text, since it is part of the first sentence, and is copied to metadata.

use std::sync::LazyLock;

use hearsay_article::RemovalReason;
use regex::Regex;

use crate::blocks::Block;
use crate::html::split_authors;

/// What the header held.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Header {
    /// A headline read from the first line (plain text only).
    pub(crate) title: Option<String>,
    pub(crate) authors: Vec<String>,
    pub(crate) dateline: Option<String>,
    /// A date after the byline ("By Jane Doe | April 20, 2026"), normalised.
    pub(crate) published: Option<String>,
}

/// How many kept paragraphs from the top a byline or dateline may appear in.
const HEADER_BLOCKS: usize = 4;

/// Name words: capitalised, or the particles of Arabic, Dutch, Spanish names.
const NAME: &str =
    r"(?:\p{Lu}[\p{L}.'’\-]*(?:\s+(?:\p{Lu}[\p{L}.'’\-]*|al|el|bin|ibn|de|da|del|der|van|von|la|le|dos|du)){0,4})";

/// "By Jane Doe", "BY JANE DOE AND JOHN ROE", "By Jane Doe, Reuters", "By Jane Doe | April 20, 2026".
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^(?:By|BY|by)\s+(?P<names>{NAME}(?:\s*(?:,|&|\band\b|\bAND\b)\s*{NAME})*)\s*(?:[,|•–—-]\s*(?P<rest>.{{0,80}}))?$"))
        .expect("byline pattern is valid")
});

/// "MOSCOW (Reuters) — ", "WEB DESK: ", "WASHINGTON, Jan 5 (AP) - ", "NEW DELHI: ".
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<place>\p{Lu}[\p{Lu}'’.\-]+(?:[ /]\p{Lu}[\p{Lu}'’.\-]*){0,3})(?:,\s+\p{Lu}[\p{L}]{1,12}\.?(?:\s+\d{1,2})?)?\s*(?:\([\p{L}&. ]{1,30}\))?\s*(?:[—–:]|--?)\s+",
    )
    .expect("dateline pattern is valid")
});

/// News agencies and outlets that follow a byline's name ("By Jane Doe, Reuters"): not authors.
const AGENCIES: &[&str] = &[
    "reuters",
    "ap",
    "afp",
    "associated press",
    "agence france-presse",
    "bloomberg",
    "anadolu",
    "staff",
    "upi",
    "irna",
    "tass",
    "xinhua",
    "dpa",
    "efe",
    "ians",
    "pti",
    "ani",
];

/// Capitalised labels that open a paragraph like a dateline but name no place
/// ("BREAKING: Lawan moves motion ...", "UPDATE: ...").
const NOT_PLACES: &[&str] = &[
    "BREAKING",
    "BREAKING NEWS",
    "UPDATE",
    "UPDATED",
    "EXCLUSIVE",
    "WATCH",
    "LIVE",
    "OPINION",
    "ANALYSIS",
    "EDITORIAL",
    "PHOTOS",
    "VIDEO",
    "NOTE",
    "EDITOR'S NOTE",
    "EDITOR’S NOTE",
    "CORRECTION",
    "DEVELOPING",
    "JUST IN",
    "ALERT",
    "FACT CHECK",
];

/// Marks the headline and byline in `verdicts` and returns what the header held.
/// `known_title` is the headline the container or page already gave; `text_title` says whether
/// a headline may be guessed from the first line (plain text only).
pub(crate) fn read_header(
    blocks: &[Block],
    verdicts: &mut [Option<RemovalReason>],
    known_title: Option<&str>,
    text_title: bool,
) -> Header {
    let mut header = Header::default();
    let kept = |verdicts: &[Option<RemovalReason>]| -> Vec<usize> {
        (0..blocks.len()).filter(|&i| verdicts[i].is_none()).take(HEADER_BLOCKS).collect()
    };

    // The headline is the first line only: a caption on the first line (seed 000) means the text
    // has no headline, and the paragraph after it is prose.
    if let Some(first) = blocks.first() {
        if verdicts[0].is_none() {
            match known_title {
                Some(title) if same_words(&first.text, title) => verdicts[0] = Some(RemovalReason::Headline),
                Some(_) => {}
                None if text_title && blocks.len() > 1 && headline_like(&first.text) => {
                    header.title = Some(first.text.clone());
                    verdicts[0] = Some(RemovalReason::Headline);
                }
                None => {}
            }
        }
    }

    for i in kept(verdicts) {
        let text = blocks[i].text.as_str();
        if text.len() > 160 {
            continue;
        }
        if let Some(caps) = BYLINE.captures(text) {
            let names = caps.name("names").map_or("", |m| m.as_str());
            let authors: Vec<String> = split_authors(names)
                .into_iter()
                .filter(|name| !AGENCIES.contains(&name.to_lowercase().as_str()))
                .map(|name| title_case_if_shouting(&name))
                .collect();
            if !authors.is_empty() {
                header.authors = authors;
                header.published = caps.name("rest").and_then(|rest| crate::date::normalize_date(rest.as_str()));
                verdicts[i] = Some(RemovalReason::Byline);
                break;
            }
        }
    }

    if let Some(i) = kept(verdicts).into_iter().find(|&i| !blocks[i].heading) {
        if let Some(caps) = DATELINE.captures(&blocks[i].text) {
            let place = caps.name("place").map_or("", |m| m.as_str()).trim();
            // One capital letter and a colon ("A: ...") or an acronym run into prose ("US-led")
            // are not datelines; a dateline needs letters and room for a sentence after it.
            let is_label = NOT_PLACES.contains(&place.to_uppercase().as_str());
            if !is_label
                && place.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && blocks[i].text.len() > caps[0].len() + 20
            {
                header.dateline = Some(place.to_owned());
            }
        }
    }
    header
}

/// A first line reads like a headline: short, several words, not ending like a sentence.
fn headline_like(line: &str) -> bool {
    let chars = line.chars().count();
    let words = line.split_whitespace().count();
    let starts_lower = line.chars().next().is_some_and(char::is_lowercase);
    // A quotation that closes a sentence (`... he said.”`) is prose, not a headline.
    let closes_sentence = [".”", ".\"", ".’", ".'", ",”", ",\""].iter().any(|end| line.ends_with(end));
    (10..=200).contains(&chars)
        && (2..=30).contains(&words)
        && !starts_lower
        && !closes_sentence
        && !line.ends_with(['.', ',', ';', ':'])
}

/// "Israel and Iran" == "Israel  and iran" (case and spacing aside).
fn same_words(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>();
    norm(a) == norm(b)
}

/// "JANE DOE" -> "Jane Doe"; "Jane McDoe" unchanged.
fn title_case_if_shouting(name: &str) -> String {
    if name.chars().any(char::is_lowercase) {
        return name.to_owned();
    }
    name.split(' ')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::line_blocks;

    fn run(source: &str, known: Option<&str>) -> (Header, Vec<Option<RemovalReason>>) {
        let blocks = line_blocks(source);
        let mut verdicts: Vec<Option<RemovalReason>> =
            blocks.iter().map(|b| crate::rules::classify(&b.text).map(|v| v.reason)).collect();
        let header = read_header(&blocks, &mut verdicts, known, true);
        (header, verdicts)
    }

    #[test]
    fn headline_byline_dateline() {
        let source = "Moscow rejects intelligence claims\nBy JANE DOE and John Roe, Reuters | April 20, 2026\nMOSCOW (Reuters) — Russia on Monday rejected claims it had shared data with Israel.\nMore text follows here.";
        let (header, verdicts) = run(source, None);
        assert_eq!(header.title.as_deref(), Some("Moscow rejects intelligence claims"));
        assert_eq!(header.authors, ["Jane Doe", "John Roe"]);
        assert_eq!(header.dateline.as_deref(), Some("MOSCOW"));
        assert_eq!(header.published.as_deref(), Some("2026-04-20"));
        assert_eq!(verdicts, [Some(RemovalReason::Headline), Some(RemovalReason::Byline), None, None]);
    }

    #[test]
    fn sentence_first_lines_are_not_headlines() {
        let (header, verdicts) = run("Russia denied it on Monday, officials said.\nSecond paragraph.", None);
        assert_eq!(header.title, None);
        assert_eq!(verdicts, [None, None]);
        let (header, _) = run("“We will respond,” the minister told reporters.”\nSecond paragraph.", None);
        assert_eq!(header.title, None);
        let (header, _) = run("Video shows dramatic rescue: \"We got her!\"\nSecond paragraph.", None);
        assert_eq!(header.title.as_deref(), Some("Video shows dramatic rescue: \"We got her!\""));
    }

    #[test]
    fn known_title_on_first_line_is_removed() {
        let (header, verdicts) = run(
            "Tehran dismisses claims\nWEB DESK: Iran’s ambassador rejected the allegations on Monday.",
            Some("Tehran  dismisses claims"),
        );
        assert_eq!(header.title, None, "the title is already known");
        assert_eq!(verdicts[0], Some(RemovalReason::Headline));
        assert_eq!(header.dateline.as_deref(), Some("WEB DESK"));
    }

    #[test]
    fn prose_openings_are_not_datelines() {
        for first in [
            "BREAKING: Lawan moves motion for Senate’s adjournment over the deaths.",
            "US-led talks resumed on Monday in Geneva, diplomats said.",
            "Iran's judiciary said on Wednesday it had filed charges.",
            "A: yes, the answer was short.",
        ] {
            let (header, _) = run(&format!("{first}\nMore."), Some("x"));
            assert_eq!(header.dateline, None, "{first}");
        }
    }
}
