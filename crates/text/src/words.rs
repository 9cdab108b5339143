//! Words, numbers, punctuation and quote marks: the one word tokeniser every stage uses.
//!
//! The segmentation is the attribution stage's, which its trained taggers were fitted on: a change
//! here changes what those models see. Stage-specific views (lower-casing, possessives, stemming)
//! are thin layers in the stages over these tokens.

use crate::TextRange;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WordKind {
    /// Letters (and inner `.`, `'`, `’`, `-`, `&` between letters or digits): "U.S", "anti-Russian".
    Word,
    /// A word that starts with a digit: "2016", "3.5", "1990s".
    Number,
    /// One punctuation or symbol character that is not a quote mark.
    Punct,
    /// An opening quote mark: `“`, `«`, a `"` or `''` after whitespace, `(`, `[`, a dash or `:`.
    OpenQuote,
    /// A closing quote mark: `”`, `»`, or any other `"` or `''`.
    CloseQuote,
}

/// One token: its byte range in the text and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Word {
    /// Where the token lies in the text (non-empty, on char boundaries).
    pub range: TextRange,
    /// What the token is.
    pub kind: WordKind,
}

impl Word {
    /// True for words and numbers (not punctuation or quote marks).
    pub fn is_word(self) -> bool {
        matches!(self.kind, WordKind::Word | WordKind::Number)
    }

    /// The token's text.
    pub fn slice(self, text: &str) -> &str {
        self.range.slice(text)
    }
}

/// Pronouns whose contractions [`words`] splits: "he’s" is "he" and "’s".
pub const CONTRACTING_PRONOUNS: &[&str] = &[
    "i", "you", "he", "she", "it", "we", "they", "who", "that", "there", "what", "here", "where", "everyone",
    "someone", "nobody",
];

/// Where a pronoun's contraction starts in `word` ("he’s" → 2, "they're" → 4), if it is one.
pub fn contraction(word: &str) -> Option<usize> {
    let cut = word.rfind(['\'', '’'])?;
    let (base, suffix) = (&word[..cut], &word[cut..]);
    let suffix = suffix.trim_start_matches(['\'', '’']).to_ascii_lowercase();
    (matches!(suffix.as_str(), "s" | "re" | "ve" | "ll" | "m" | "d")
        && CONTRACTING_PRONOUNS.iter().any(|p| base.eq_ignore_ascii_case(p)))
    .then_some(cut)
}

fn range(start: usize, end: usize) -> TextRange {
    // Texts are under 4 GiB (TextRange holds u32 offsets); saturate rather than wrap beyond.
    TextRange { start: u32::try_from(start).unwrap_or(u32::MAX), end: u32::try_from(end).unwrap_or(u32::MAX) }
}

fn word(text: &str, start: usize, end: usize) -> Word {
    let numeric = text[start..end].chars().next().is_some_and(char::is_numeric);
    Word { range: range(start, end), kind: if numeric { WordKind::Number } else { WordKind::Word } }
}

/// Splits `text` into words, numbers, punctuation and quote marks, in order. Whitespace is
/// skipped; every other character lies in exactly one token.
///
/// ```
/// use hearsay_text::{words, WordKind};
///
/// let text = "“He’s in the U.S. now,” she said.";
/// let toks: Vec<&str> = words(text).iter().map(|w| w.slice(text)).collect();
/// assert_eq!(toks, ["“", "He", "’s", "in", "the", "U.S", ".", "now", ",", "”", "she", "said", "."]);
/// assert_eq!(words(text)[0].kind, WordKind::OpenQuote);
/// ```
pub fn words(text: &str) -> Vec<Word> {
    words_with(text, Split::News)
}

/// The words of `range` in `text` (as [`words`] splits that slice), with ranges into `text` itself:
/// the words of one sentence, ready to index the whole article.
///
/// ```
/// use hearsay_text::{sentences, words_in};
///
/// let text = "He left. “It’s over,” she said.";
/// let second = sentences(text)[1];
/// let toks: Vec<&str> = words_in(text, second).iter().map(|w| w.slice(text)).collect();
/// assert_eq!(toks, ["“", "It", "’s", "over", ",", "”", "she", "said", "."]);
/// ```
pub fn words_in(text: &str, range: TextRange) -> Vec<Word> {
    let at = range.start();
    words(range.slice(text))
        .into_iter()
        .map(|w| Word { range: self::range(at + w.range.start(), at + w.range.end()), kind: w.kind })
        .collect()
}

/// How [`words_with`] cuts text into tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// What [`words`] does: inner `.`, `'`, `’`, `-`, `&` join letters and digits, a pronoun's
    /// contraction is split off, and a doubled apostrophe `''` is one quote mark.
    News,
    /// Maximal runs of letters and digits, and every other non-blank character alone (the time
    /// stage's and near-duplicate shingles' cut: "3.5" is "3", ".", "5").
    Runs,
}

/// Splits `text` into tokens as `split` says; [`words`] is `words_with(text, Split::News)`.
pub fn words_with(text: &str, split: Split) -> Vec<Word> {
    let news = split == Split::News;
    let mut toks = Vec::with_capacity(text.len() / 5);
    let mut chars = text.char_indices().peekable();
    let mut prev: char = ' ';
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            prev = c;
            continue;
        }
        if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            let mut last = c;
            while let Some(&(j, d)) = chars.peek() {
                if d.is_alphanumeric() {
                    end = j + d.len_utf8();
                    last = d;
                    chars.next();
                    continue;
                }
                if news && matches!(d, '.' | '\'' | '’' | '-' | '&') {
                    // Inner punctuation only when a letter or digit follows: "U.S", "Sadr’s", "anti-Russian".
                    // Not a full stop that lost its space ("Trump said.Trump claimed", 359 times
                    // in PolNeAR train): a lowercase letter, the stop, then a capitalised word.
                    let mut next = text[j + d.len_utf8()..].chars();
                    let after = next.next();
                    let lost_space = d == '.'
                        && last.is_lowercase()
                        && after.is_some_and(char::is_uppercase)
                        && next.next().is_some_and(char::is_lowercase);
                    if after.is_some_and(char::is_alphanumeric) && !lost_space {
                        chars.next();
                        continue;
                    }
                }
                break;
            }
            // "He’s predicting", "they’re", "I’ve": a pronoun's contraction is two words, so that
            // the pronoun can be the source (PolNeAR marks "He" and "’s predicting"; 300 times
            // in train). A name's "’s" stays whole: "Trump’s" is a possessive as often as not.
            match contraction(&text[i..end]).filter(|_| news) {
                Some(cut) => {
                    toks.push(word(text, i, i + cut));
                    toks.push(word(text, i + cut, end));
                }
                None => toks.push(word(text, i, end)),
            }
            prev = last;
            continue;
        }
        if news && c == '\'' && text[i + 1..].starts_with('\'') {
            // NYT style doubled apostrophes: ''This isn't tax reform,'' said ...
            chars.next();
            let kind = if prev.is_whitespace() || matches!(prev, '(' | '[' | '—' | ':') {
                WordKind::OpenQuote
            } else {
                WordKind::CloseQuote
            };
            toks.push(Word { range: range(i, i + 2), kind });
            prev = '\'';
            continue;
        }
        let kind = match c {
            '“' | '«' => WordKind::OpenQuote,
            '”' | '»' => WordKind::CloseQuote,
            '"' => {
                if prev.is_whitespace() || matches!(prev, '(' | '[' | '—' | '–' | ':') {
                    WordKind::OpenQuote
                } else {
                    WordKind::CloseQuote
                }
            }
            _ => WordKind::Punct,
        };
        toks.push(Word { range: range(i, i + c.len_utf8()), kind });
        prev = c;
    }
    toks
}

/// The letters-and-digits words of `text` with their byte offsets: the word tokens of
/// [`Split::Runs`], each joined to the next where only `joiners` lie between them (no space), the
/// plain view the ledger, the claim checker and the eval baselines compare texts on. With no
/// joiners, "he's U.S.-made" is "he", "s", "U", "S", "made"; with `&['-', '\'', '’']` it is
/// "he's", "U", "S", "made" (a joiner at a word's end is left out).
///
/// ```
/// let text = "He’s a state-run U.S. outlet--";
/// let plain: Vec<&str> = hearsay_text::word_runs(text, &['-', '\'', '’']).into_iter().map(|(_, w)| w).collect();
/// assert_eq!(plain, ["He’s", "a", "state-run", "U", "S", "outlet"]);
/// ```
pub fn word_runs<'a>(text: &'a str, joiners: &[char]) -> Vec<(usize, &'a str)> {
    // One pass over the characters, cutting as `words_with(text, Split::Runs)` cuts (a word
    // token is a run of letters and digits; every other character but a space is a token of its
    // own) and joining as described above: the tests compare it with the token-based joining on
    // samples and on every PolNeAR dev text. Every word of every claim and story the ledger reads
    // comes through here, and this is several times faster than making the tokens first.
    let mut out = Vec::new();
    // The open word's start and where its last letter or digit ends.
    let mut open: Option<(usize, usize)> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            let start = open.map_or(i, |(start, _)| start);
            open = Some((start, i + c.len_utf8()));
        } else if open.is_some() && joiners.contains(&c) && !c.is_whitespace() {
            // Directly after the word or after another joiner: the word goes on if a letter or
            // digit follows. (A space is never a token, so never a joiner.)
        } else if let Some((start, end)) = open.take() {
            out.push((start, &text[start..end]));
        }
    }
    out.extend(open.map(|(start, end)| (start, &text[start..end])));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLES: &[&str] = &[
        "",
        "   \n\t ",
        "“I’m telling you. The Russians had given it,” Sadr said. He left.",
        "''This isn't tax reform,'' said Mr. O'Brien in the U.S.Army and U.S. forces.",
        "Trump said.Trump claimed the anti-Russian S-400 cost $3.5bn in 2016 (AT&T) — «ça va» 東京 naïve…",
        "they're here; I've got 9/11 and he’s—\"quoted\" [\"x\"] :\"y\" ''",
        "end'",
        "a.",
        "x-",
    ];

    fn strings(text: &str) -> Vec<&str> {
        words(text).iter().map(|w| w.slice(text)).collect()
    }

    #[test]
    fn ranges_are_in_bounds_on_char_boundaries_and_tile_the_non_whitespace() {
        for (text, split) in SAMPLES.iter().flat_map(|t| [(t, Split::News), (t, Split::Runs)]) {
            let toks = words_with(text, split);
            let mut at = 0;
            for w in &toks {
                let (s, e) = (w.range.start(), w.range.end());
                assert!(s < e && e <= text.len(), "{text:?}: {s}..{e}");
                assert!(text.is_char_boundary(s) && text.is_char_boundary(e), "{text:?}: {s}..{e}");
                assert!(at <= s, "{text:?}: overlap at {s}");
                assert!(text[at..s].chars().all(char::is_whitespace), "{text:?}: gap {at}..{s} not blank");
                assert!(!text[s..e].chars().any(char::is_whitespace), "{text:?}: blank in {s}..{e}");
                at = e;
            }
            assert!(text[at..].chars().all(char::is_whitespace), "{text:?}: tail not covered");
        }
    }

    #[test]
    fn segmentation_and_kinds() {
        assert_eq!(strings("Trump said.Trump claimed"), ["Trump", "said", ".", "Trump", "claimed"]);
        assert_eq!(strings("the U.S.Army and U.S. forces"), ["the", "U.S.Army", "and", "U.S", ".", "forces"]);
        assert_eq!(strings("they're Trump’s"), ["they", "'re", "Trump’s"]);
        let text = "''No,'' 2016 \"x\"";
        let kinds: Vec<WordKind> = words(text).iter().map(|w| w.kind).collect();
        use WordKind::*;
        assert_eq!(kinds, [OpenQuote, Word, Punct, CloseQuote, Number, OpenQuote, Word, CloseQuote]);
        assert!(words(text)[4].is_word() && !words(text)[0].is_word());
        let text = "he’s at 3.5 ''U.S''";
        let runs: Vec<&str> = words_with(text, Split::Runs).iter().map(|w| w.slice(text)).collect();
        assert_eq!(runs, ["he", "’", "s", "at", "3", ".", "5", "'", "'", "U", ".", "S", "'", "'"]);
    }

    /// `word_runs` as the joining of `words_with(text, Split::Runs)`'s tokens, its definition:
    /// `word_runs` cuts in one pass and must give the same.
    fn runs_of_tokens<'a>(text: &'a str, joiners: &[char]) -> Vec<(usize, &'a str)> {
        let mut out = Vec::new();
        // The open word: its start, where its last letter or digit ends, and where its last joiner ends.
        let mut open: Option<(usize, usize, usize)> = None;
        for token in words_with(text, Split::Runs) {
            let (start, end) = (token.range.start(), token.range.end());
            let adjacent = open.filter(|&(_, _, at)| at == start);
            if token.is_word() {
                open = Some(match adjacent {
                    Some((s, _, _)) => (s, end, end),
                    None => {
                        out.extend(open.map(|(s, e, _)| (s, &text[s..e])));
                        (start, end, end)
                    }
                });
            } else if let Some((s, e, _)) = adjacent.filter(|_| text[start..end].starts_with(joiners)) {
                open = Some((s, e, end));
            } else {
                out.extend(open.take().map(|(s, e, _)| (s, &text[s..e])));
            }
        }
        out.extend(open.map(|(s, e, _)| (s, &text[s..e])));
        out
    }

    /// The ledger's old cut, kept here to show that `word_runs` gives the same words.
    fn split_on_inner<'a>(text: &'a str, joiners: &[char]) -> Vec<(usize, &'a str)> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            let inner = c.is_alphanumeric() || (joiners.contains(&c) && start.is_some());
            match (inner, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    out.push((s, text[s..i].trim_end_matches(joiners)));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            out.push((s, text[s..].trim_end_matches(joiners)));
        }
        out
    }

    #[test]
    fn word_runs_join_the_tokens_on_real_news() {
        // The shared data beside the repository (as `hearsay-testdata` finds it; this crate is
        // below it and cannot depend on it).
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/attribution/polnear/dev/text");
        let Ok(entries) = std::fs::read_dir(folder) else { return };
        let mut words = 0;
        for entry in entries {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for joiners in [&[][..], &['-', '\'', '\u{2019}']] {
                let runs = word_runs(&text, joiners);
                assert_eq!(runs, runs_of_tokens(&text, joiners));
                words += runs.len();
            }
        }
        assert!(words > 100_000, "{words} words");
    }

    #[test]
    fn word_runs_are_letter_and_digit_runs_joined_across_joiners() {
        for text in SAMPLES.iter().chain(&["a--b -c d- e'-'f ’x y’", "Iran’s state-run TV: 'no', he's U.S.-made"])
        {
            for joiners in [&[][..], &['-', '\'', '’'], &['\'']] {
                assert_eq!(word_runs(text, joiners), split_on_inner(text, joiners), "{text:?} {joiners:?}");
                assert_eq!(word_runs(text, joiners), runs_of_tokens(text, joiners), "{text:?} {joiners:?}");
            }
            // A space given as a joiner joins nothing: it is never a token.
            assert_eq!(word_runs(text, &['-', ' ']), runs_of_tokens(text, &['-', ' ']), "{text:?}");
        }
        let plain: Vec<&str> = word_runs("he's U.S.-made", &[]).into_iter().map(|(_, w)| w).collect();
        assert_eq!(plain, ["he", "s", "U", "S", "made"]);
    }
}
