//! The entities stage's tokens: the shared tokeniser's runs joined into name words, with their
//! sentence, capitalisation and quoting.

use hearsay_text::{words_with, Split, Word};

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tok {
    Word,
    Possessive,
    Punct,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Token {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: Tok,
    /// Index of the sentence the token is in.
    pub(super) sentence: usize,
    /// True for the first word of a sentence, a line, or a clause after ':' or an opening quote.
    pub(super) initial: bool,
    /// A line break lies between this token and the previous one.
    pub(super) newline_before: bool,
    /// Inside quotation marks (reset at each line).
    pub(super) quoted: bool,
}

pub(super) fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// The words of a name, read over the shared tokeniser's runs of letters and digits
/// ([`hearsay_text::words_with`], [`Split::Runs`]): names need their own joins (a hyphen joins
/// "Ki-moon" and "S-400" but not before a capital, "anti-Russian"; one letter's stop joins
/// initials, "U.S"; an apostrophe joins "O'Brien" and "don't" but a possessive "'s" is its own
/// token; "&" and other marks never join), and titles and initials keep their period ("Gen.",
/// "Mr.", "Donald J. Trump"), tuned on the entity data.
pub(super) fn tokenize(text: &str, sentences: &[TextRange]) -> Vec<Token> {
    let runs = words_with(text, Split::Runs);
    let mut toks: Vec<Token> = Vec::new();
    let mut at = 0;
    let mut k = 0;
    let mut newline = true;
    let mut quoted = false;
    let mut sent = 0;
    let mut seen_word_in: Option<usize> = None;
    while let Some(first) = runs.get(k) {
        let pos = first.range.start();
        if text[at..pos].contains('\n') {
            newline = true;
            quoted = false; // an unclosed quotation ends with its paragraph
        }
        let c = text[pos..].chars().next().unwrap_or(' ');
        let (end, kind) = if first.is_word() {
            (name_end(text, &runs, k), Tok::Word)
        } else if is_apostrophe(c)
            && runs.get(k + 1).is_some_and(|s| s.range.start() == first.range.end() && s.slice(text) == "s")
            && toks.last().is_some_and(|t| t.kind == Tok::Word && t.end == pos)
        {
            (first.range.end() + 1, Tok::Possessive)
        } else {
            (first.range.end(), Tok::Punct)
        };
        while sent + 1 < sentences.len() && sentences[sent].end() <= pos {
            sent += 1;
        }
        let sentence_start = sentences.get(sent).is_some_and(|s| s.start() <= pos) && seen_word_in != Some(sent);
        let after_colon = toks
            .last()
            .is_some_and(|t| matches!(&text[t.start..t.end], ":" | "\u{201c}" | "\"" | "\u{2014}" | "\u{2022}"));
        let initial = kind == Tok::Word && (newline || sentence_start || after_colon);
        let is_quote_mark = matches!(c, '"' | '\u{201c}' | '\u{201d}');
        if c == '\u{201d}' || c == '"' && quoted {
            quoted = false;
        }
        toks.push(Token {
            start: pos,
            end,
            kind,
            sentence: sent,
            initial,
            newline_before: newline,
            quoted: quoted && !is_quote_mark,
        });
        if c == '\u{201c}' || c == '"' && !is_quote_close(&toks) {
            quoted = true;
        }
        if kind == Tok::Word {
            // "- 'Israel' and Iran...": a bullet's leading punctuation leaves its first word initial.
            newline = false;
            seen_word_in = Some(sent);
        }
        at = end;
        while runs.get(k).is_some_and(|run| run.range.start() < end) {
            k += 1;
        }
    }
    toks
}

/// Where the name word that starts with the run `runs[k]` ends (see [`tokenize`]).
fn name_end(text: &str, runs: &[Word], k: usize) -> usize {
    let start = runs[k].range.start();
    let mut end = runs[k].range.end();
    let mut chars = runs[k].slice(text).chars().count();
    let mut m = k + 1;
    // The mark right after the word so far, and the run right after that mark.
    while let Some(mark) = runs.get(m).filter(|mark| mark.range.start() == end && !mark.is_word()) {
        let cj = text[end..].chars().next().unwrap_or(' ');
        let next = runs.get(m + 1).filter(|run| run.range.start() == mark.range.end() && run.is_word());
        let upper = next.is_some_and(|run| run.slice(text).starts_with(char::is_uppercase));
        if let Some(run) = next.filter(|_| cj == '-' && !upper || cj == '.' && chars == 1) {
            // "Ki-moon", "S-400", and initials "U.S" (the final '.' is taken below).
            chars += 1 + run.slice(text).chars().count();
            end = run.range.end();
            m += 2;
        } else if cj == '.' && chars <= 3 && text[start..end].contains('.') {
            end += 1;
            break;
        } else if let Some(run) = next.filter(|run| is_apostrophe(cj) && run.slice(text) != "s") {
            chars += 1 + run.slice(text).chars().count(); // "O'Brien", "don't"
            end = run.range.end();
            m += 2;
        } else {
            break; // a possessive "'s" is its own token
        }
    }
    // Abbreviated titles and initials keep their period ("Gen.", "Mr.", "Donald J. Trump").
    let word = &text[start..end];
    let mut after = text[end..].chars();
    let (stop, space, capital) = (after.next(), after.next(), after.next());
    let initial_letter = chars == 1
        && word.starts_with(char::is_uppercase)
        && space == Some(' ')
        && capital.is_some_and(char::is_uppercase);
    if stop == Some('.') && (initial_letter || sets().titles.contains(format!("{word}.").as_str())) {
        end += 1;
    }
    end
}

/// A straight quote that just closed a quotation (the token before it was quoted).
pub(super) fn is_quote_close(toks: &[Token]) -> bool {
    toks.len() >= 2 && toks[toks.len() - 2].quoted
}
