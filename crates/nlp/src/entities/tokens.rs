//! The entities stage's tokens: words with their sentence, capitalisation and quoting.

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

/// Not `hearsay_text::words`: names need their own cut (titles keep their period, "Gen.", a
/// possessive "'s" is its own token, a hyphen before a capital splits), tuned on the entity data.
pub(super) fn tokenize(text: &str, sentences: &[TextRange]) -> Vec<Token> {
    let mut toks: Vec<Token> = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    let mut newline = true;
    let mut quoted = false;
    let mut sent = 0;
    let mut seen_word_in: Option<usize> = None;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if c.is_whitespace() {
            if c == '\n' {
                newline = true;
                quoted = false; // an unclosed quotation ends with its paragraph
            }
            i += 1;
            continue;
        }
        let (end_i, kind) = if c.is_alphanumeric() {
            let mut j = i + 1;
            while j < chars.len() {
                let cj = chars[j].1;
                let next_alnum = chars.get(j + 1).is_some_and(|(_, n)| n.is_alphanumeric());
                if cj.is_alphanumeric() {
                    j += 1;
                } else if (cj == '-' && !chars.get(j + 1).is_some_and(|(_, n)| n.is_uppercase())
                    || cj == '.' && j - i == 1)
                    && next_alnum
                {
                    // "Ki-moon", "S-400", and initials "U.S" (the final '.' is taken below).
                    j += 1;
                } else if cj == '.' && j > i && j - i <= 3 && text[chars[i].0..chars[j].0].contains('.') {
                    j += 1;
                    break;
                } else if is_apostrophe(cj) && next_alnum {
                    let rest = chars.get(j + 1).map(|x| x.1);
                    let after = chars.get(j + 2).map(|x| x.1);
                    if matches!(rest, Some('s')) && !after.is_some_and(char::is_alphanumeric) {
                        break; // possessive: its own token
                    }
                    j += 1; // "O'Brien", "don't"
                } else {
                    break;
                }
            }
            // Abbreviated titles and initials keep their period ("Gen.", "Mr.", "Donald J. Trump").
            let word = &text[pos..chars.get(j).map_or(text.len(), |x| x.0)];
            let initial_letter = j == i + 1
                && c.is_uppercase()
                && chars.get(j + 1).is_some_and(|x| x.1 == ' ')
                && chars.get(j + 2).is_some_and(|x| x.1.is_uppercase());
            if chars.get(j).is_some_and(|x| x.1 == '.')
                && (initial_letter || sets().titles.contains(format!("{word}.").as_str()))
            {
                j += 1;
            }
            (j, Tok::Word)
        } else if is_apostrophe(c)
            && chars.get(i + 1).is_some_and(|x| x.1 == 's')
            && !chars.get(i + 2).is_some_and(|x| x.1.is_alphanumeric())
            && toks.last().is_some_and(|t| t.kind == Tok::Word && t.end == pos)
        {
            (i + 2, Tok::Possessive)
        } else {
            (i + 1, Tok::Punct)
        };
        let end = chars.get(end_i).map_or(text.len(), |x| x.0);
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
        i = end_i;
    }
    toks
}

/// A straight quote that just closed a quotation (the token before it was quoted).
pub(super) fn is_quote_close(toks: &[Token]) -> bool {
    toks.len() >= 2 && toks[toks.len() - 2].quoted
}
