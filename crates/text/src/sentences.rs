//! Sentence segmentation of clean news text into byte ranges: the one sentence splitter every stage uses.
//!
//! News text breaks sentences in ways a plain "split at a period" gets wrong: titles and
//! abbreviations ("Mr. Trump", "the U.S. Senate", "Gen. Qaani", "Jan. 6", "No. 2", "9 a.m."),
//! closing quotes after the period (`... to Israel.” Sadr said` ends after the `”`), and lines
//! without final punctuation (headlines, subheadings like "Hardliner furor", bullets) that must
//! not be glued to the next paragraph. The scan is one pass over the bytes, no regex.

use crate::TextRange;

/// Words that end with a period without ending a sentence when a capitalised word follows.
/// Lowercase, without the period.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "cmdr", "adm", "maj",
    "pres", "supt", "rev", "hon", "st", "jr", "sr", "inc", "corp", "co", "ltd", "no", "nos", "vs", "v", "jan", "feb",
    "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "fig", "approx", "dept", "est", "mt", "ft", "ave", "blvd",
    "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "d.c", "ph.d", "i.e", "e.g", "etc", "calif", "fla", "tex", "ill", "mass",
    "mich", "penn", "wash", "va", "vt", "ariz", "colo", "conn", "ga", "ky", "la", "md", "minn", "mo", "nev", "n.h",
    "n.j", "n.y", "n.c", "s.c", "okla", "ore", "tenn", "wis", "wyo",
];

/// Abbreviations that end a sentence when the next word is capitalised and not a name-like
/// continuation: "at 9 a.m. The minister said" is two sentences, "the U.S. Senate" is one.
/// We only break after these when a clear sentence opener follows.
const SENTENCE_FINAL_ABBREVIATIONS: &[&str] = &["a.m", "p.m", "etc", "inc", "ltd", "co", "jr", "sr"];

/// Words that commonly open a sentence; after "a.m." these signal a break.
const OPENERS: &[&str] = &[
    "The",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "But",
    "And",
    "In",
    "A",
    "An",
    "This",
    "That",
    "There",
    "His",
    "Her",
    "Their",
    "On",
    "At",
    "After",
    "Before",
    "Meanwhile",
    "However",
];

/// Splits `text` into sentences: trimmed, non-empty byte ranges in order, never overlapping.
///
/// Every line break ends a sentence (clean text puts paragraphs, headlines and bullets on their
/// own lines); inside a line, `.`, `!`, `?` (and `…`) end a sentence when followed, after any
/// closing quotes or brackets, by whitespace and an uppercase letter, digit or opening quote,
/// unless the word before the period is a known abbreviation or a single initial.
pub fn sentences(text: &str) -> Vec<TextRange> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut line_start = 0usize;
    while line_start < bytes.len() {
        let line_end = memchr_newline(bytes, line_start);
        split_line(text, line_start, line_end, &mut out);
        line_start = line_end + 1;
    }
    out
}

fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    bytes[from..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |p| from + p)
}

/// Pushes the sentences of one line `text[start..end]`.
fn split_line(text: &str, start: usize, end: usize, out: &mut Vec<TextRange>) {
    let line = &text[start..end];
    // Bullets ("- ", "* ", "• ") are not part of the sentence.
    let mut body_start = start + (line.len() - line.trim_start().len());
    for bullet in ["- ", "* ", "• ", "– "] {
        if text[body_start..end].starts_with(bullet) {
            body_start += bullet.len();
            break;
        }
    }
    let bytes = text.as_bytes();
    let mut sentence_start = body_start;
    let mut i = body_start;
    while i < end {
        let b = bytes[i];
        let is_end_mark = b == b'.' || b == b'!' || b == b'?';
        let ellipsis = bytes[i..end].starts_with("…".as_bytes());
        if !is_end_mark && !ellipsis {
            i += 1;
            continue;
        }
        let mut j = if ellipsis { i + '…'.len_utf8() } else { i + 1 };
        // Runs of marks ("?!", "...").
        while j < end && matches!(bytes[j], b'.' | b'!' | b'?') {
            j += 1;
        }
        // Closing quotes and brackets belong to the sentence they close.
        loop {
            let rest = &text[j..end];
            if let Some(c) = rest.chars().next() {
                if matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»') {
                    j += c.len_utf8();
                    continue;
                }
            }
            break;
        }
        let after_space = text[j..end].trim_start();
        let had_space = after_space.len() < end - j;
        if !had_space || after_space.is_empty() {
            i = j.max(i + 1);
            continue;
        }
        let next_start = end - after_space.len();
        let next_char = after_space.chars().next().unwrap_or(' ');
        let opens = next_char.is_uppercase()
            || next_char.is_ascii_digit()
            || matches!(next_char, '"' | '“' | '‘' | '\'' | '(' | '[' | '—' | '-');
        if !opens {
            i = j;
            continue;
        }
        if b == b'.' && !ellipsis && j == i + 1 {
            let word = word_before(text, sentence_start, i);
            if is_abbreviation(word, after_space) {
                i = j;
                continue;
            }
        }
        push_trimmed(text, sentence_start, j, out);
        sentence_start = next_start;
        i = next_start;
    }
    push_trimmed(text, sentence_start, end, out);
}

/// The word (letters, digits, inner periods) ending at byte `dot` (exclusive).
fn word_before(text: &str, floor: usize, dot: usize) -> &str {
    let bytes = text.as_bytes();
    let mut k = dot;
    while k > floor && (bytes[k - 1].is_ascii_alphanumeric() || bytes[k - 1] == b'.') {
        k -= 1;
    }
    &text[k..dot]
}

fn is_abbreviation(word: &str, next: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    // A single initial: "John F. Kennedy", "J. Smith".
    if word.len() == 1 && word.as_bytes()[0].is_ascii_uppercase() {
        return true;
    }
    let lower = word.to_ascii_lowercase();
    if !ABBREVIATIONS.contains(&lower.as_str()) {
        // Dotted acronyms not in the list ("U.A.E.", "N.A.T.O.").
        let dotted = word.contains('.') && word.split('.').all(|p| p.len() <= 2 && !p.is_empty());
        return dotted && !starts_with_opener(next);
    }
    if SENTENCE_FINAL_ABBREVIATIONS.contains(&lower.as_str()) || lower == "u.s" {
        return !starts_with_opener(next);
    }
    true
}

fn starts_with_opener(next: &str) -> bool {
    let first: &str = next.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    OPENERS.contains(&first)
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<TextRange>) {
    if start >= end {
        return;
    }
    let piece = &text[start..end];
    let trimmed_start = start + (piece.len() - piece.trim_start().len());
    let trimmed_end = start + piece.trim_end().len();
    if trimmed_start < trimmed_end {
        if let Some(range) = TextRange::new(text, trimmed_start, trimmed_end) {
            out.push(range);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| r.slice(text)).collect()
    }

    #[test]
    fn ranges_are_in_bounds_on_char_boundaries_ordered_and_trimmed() {
        for text in [
            "",
            " \n ",
            "“I’m telling you. The Russians had given it,” Sadr said. He left.\n\n- 東京 naïve… Yes! No? ",
            "Mr. Trump met Gen. Qaani in the U.S. Senate on Jan. 6 at 9 a.m. The end",
        ] {
            let mut at = 0;
            for r in sentences(text) {
                let (s, e) = (r.start(), r.end());
                assert!(at <= s && s < e && e <= text.len(), "{text:?}: {s}..{e}");
                assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
                assert_eq!(text[s..e].trim(), &text[s..e]);
                assert!(text[at..s].chars().all(|c| c.is_whitespace() || !c.is_alphanumeric()));
                at = e;
            }
            assert!(text[at..].trim().is_empty(), "{text:?}: tail {at}.. dropped");
        }
    }

    #[test]
    fn abbreviations_do_not_break() {
        let text = "Mr. Trump met Gen. Qaani in the U.S. Senate on Jan. 6 at 9 a.m. sharp. He left.";
        assert_eq!(
            split(text),
            vec!["Mr. Trump met Gen. Qaani in the U.S. Senate on Jan. 6 at 9 a.m. sharp.", "He left."]
        );
    }

    #[test]
    fn closing_quote_belongs_to_sentence() {
        let text = "“I’m telling you. The Russians had given it,” Sadr said. He left.";
        assert_eq!(split(text), vec!["“I’m telling you.", "The Russians had given it,” Sadr said.", "He left."]);
        let text = "He said: “It is over.” Then he left.";
        assert_eq!(split(text), vec!["He said: “It is over.”", "Then he left."]);
    }

    #[test]
    fn headlines_and_bullets_are_own_sentences() {
        let text = "Hardliner furor\nThe remarks drew reactions.\n- Iran reportedly sent messages.\n";
        assert_eq!(
            split(text),
            vec!["Hardliner furor", "The remarks drew reactions.", "Iran reportedly sent messages."]
        );
    }

    #[test]
    fn no_position_numbers_and_us_at_end() {
        let text = "He is ranked No. 2 in the U.S. The rest followed.";
        assert_eq!(split(text), vec!["He is ranked No. 2 in the U.S.", "The rest followed."]);
    }
}
