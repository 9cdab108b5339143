//! A small tokeniser for raw text that approximates UD EWT: punctuation split off, contractions split
//! ("do|n't", "John|'s"), sentences ended by . ! ? before a capital, a quote or the end, or by a blank
//! line. Private to the crate; the project's tokeniser lives in `hearsay-text`.

use hearsay_text::TextRange;

/// Words that keep their final period.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "gov", "sen", "rep", "rev", "col", "lt", "sgt",
    "capt", "cmdr", "adm", "inc", "ltd", "co", "corp", "bros", "vs", "etc", "jan", "feb", "mar", "apr", "aug", "sep",
    "sept", "oct", "nov", "dec", "no", "fig", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "d.c", "ph.d", "approx",
    "dept", "est", "ave", "blvd",
];

const CONTRACTIONS: &[&str] = &["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"];

fn is_punct(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

/// Sentences of word ranges.
pub(crate) fn sentences(text: &str) -> Vec<Vec<TextRange>> {
    let mut sentences = Vec::new();
    let mut current: Vec<TextRange> = Vec::new();
    let mut last_end = 0usize;
    for (start, chunk) in chunks(text) {
        // A blank line between chunks ends the sentence.
        if !current.is_empty() && text.get(last_end..start).is_some_and(|gap| gap.matches('\n').count() >= 2) {
            sentences.push(std::mem::take(&mut current));
        }
        last_end = start + chunk.len();
        let mut words = Vec::new();
        split_chunk(chunk, start, &mut words);
        for (s, e) in words {
            let word = &text[s..e];
            // A closing quote or bracket after a sentence end belongs to that sentence.
            if current.is_empty() && matches!(word, "\"" | "”" | "’" | "'" | ")" | "]") {
                if let Some(previous) = sentences.last_mut().filter(|p| p.last().is_some_and(|r| r.end() == s)) {
                    if let Some(range) = TextRange::new(text, s, e) {
                        previous.push(range);
                    }
                    continue;
                }
            }
            if let Some(range) = TextRange::new(text, s, e) {
                current.push(range);
            }
            if is_sentence_end(word) && ends_sentence(text, e) {
                sentences.push(std::mem::take(&mut current));
            }
        }
    }
    if !current.is_empty() {
        sentences.push(current);
    }
    sentences
}

fn is_sentence_end(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| matches!(c, '.' | '!' | '?'))
}

/// True when what follows `end` looks like a new sentence: the end, or a word starting with a capital,
/// a digit, a quote or a bracket.
fn ends_sentence(text: &str, end: usize) -> bool {
    let rest = text.get(end..).unwrap_or("");
    let trimmed = rest.trim_start();
    if trimmed.len() == rest.len() && !rest.is_empty() {
        // No space after: "3.5" or "end.Next" is not a boundary unless a capital follows directly.
        return rest.chars().next().is_some_and(|c| c.is_uppercase() || matches!(c, '"' | '“' | '”' | '’' | ')'));
    }
    match trimmed.chars().next() {
        None => true,
        Some(c) => {
            c.is_uppercase()
                || c.is_ascii_digit()
                || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '-' | '—' | '*' | '•')
        }
    }
}

/// Whitespace-separated chunks with their start offsets.
fn chunks(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace().map(move |chunk| (chunk.as_ptr() as usize - text.as_ptr() as usize, chunk))
}

/// Splits one chunk into words: leading and trailing punctuation, then contractions.
fn split_chunk(chunk: &str, offset: usize, out: &mut Vec<(usize, usize)>) {
    let mut start = 0;
    let mut end = chunk.len();
    // Leading punctuation, one mark (or one run of the same mark) at a time.
    while start < end {
        let Some(c) = chunk[start..end].chars().next() else {
            break;
        };
        if !is_punct(c)
            || (c == '\''
                && end - start > 1
                && chunk[start + 1..end].chars().next().is_some_and(char::is_alphanumeric)
                && looks_like_contraction(&chunk[start..end]))
        {
            break;
        }
        if matches!(c, '$' | '#' | '@')
            && chunk[start + c.len_utf8()..end].chars().next().is_some_and(char::is_alphanumeric)
        {
            // "$5" splits, "#tag" and "@name" stay whole.
            if c != '$' {
                break;
            }
        }
        let run = run_of(&chunk[start..end], c);
        out.push((offset + start, offset + start + run));
        start += run;
    }
    // Trailing punctuation, kept on abbreviations and initials.
    let mut tail = Vec::new();
    while start < end {
        let body = &chunk[start..end];
        let Some(c) = body.chars().next_back() else {
            break;
        };
        if !is_punct(c) {
            break;
        }
        if c == '.' && keeps_period(&body[..body.len() - 1]) {
            break;
        }
        let run = run_back(body, c);
        tail.push((offset + end - run, offset + end));
        end -= run;
    }
    if start < end {
        let body = &chunk[start..end];
        let lower = body.to_lowercase();
        let normal = lower.replace('’', "'");
        let mut split = None;
        for contraction in CONTRACTIONS {
            if normal.ends_with(contraction) && normal.len() > contraction.len() {
                // Byte length in the original (’ is three bytes, ' one).
                let suffix_chars = contraction.chars().count();
                let cut = body.char_indices().rev().nth(suffix_chars - 1).map_or(0, |(i, _)| i);
                if cut > 0 {
                    split = Some(cut);
                }
                break;
            }
        }
        if lower == "cannot" {
            split = Some(3);
        }
        match split {
            Some(cut) => {
                out.push((offset + start, offset + start + cut));
                out.push((offset + start + cut, offset + end));
            }
            None => out.push((offset + start, offset + end)),
        }
    }
    out.extend(tail.into_iter().rev());
}

fn looks_like_contraction(s: &str) -> bool {
    let lower = s.to_lowercase();
    CONTRACTIONS.iter().any(|c| lower == *c)
}

fn keeps_period(body: &str) -> bool {
    if body.is_empty() {
        return false;
    }
    let lower = body.to_lowercase();
    // Initials ("J."), dotted abbreviations ("U.S.", "a.m."), and the listed ones.
    (body.chars().count() == 1 && body.chars().all(char::is_alphabetic))
        || (lower.contains('.') && lower.chars().all(|c| c.is_alphabetic() || c == '.'))
        || ABBREVIATIONS.contains(&lower.as_str())
}

fn run_of(s: &str, c: char) -> usize {
    if !matches!(c, '.' | '!' | '?' | '-' | '*' | '=') {
        return c.len_utf8();
    }
    s.chars().take_while(|&x| x == c || (matches!(c, '!' | '?') && matches!(x, '!' | '?'))).map(char::len_utf8).sum()
}

fn run_back(s: &str, c: char) -> usize {
    if !matches!(c, '.' | '!' | '?' | '-' | '*' | '=') {
        return c.len_utf8();
    }
    s.chars()
        .rev()
        .take_while(|&x| x == c || (matches!(c, '!' | '?') && matches!(x, '!' | '?')))
        .map(char::len_utf8)
        .sum()
}
