//! The attribution stage's tokens: words, punctuation and quote marks, with quote marks paired.
//! The trained taggers read these tokens, so a change here changes what they were trained on.

use hearsay_text::TextRange;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Punct,
    Open,
    Close,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub(crate) s: usize,
    pub(crate) e: usize,
    pub(crate) k: Kind,
}

/// The token range `(first, end)` of each sentence: the tokens that start at or after its start
/// and end by its end, in order (a token across a sentence boundary belongs to neither).
pub(crate) fn sentence_tokens(toks: &[Tok], sentences: &[TextRange]) -> Vec<(usize, usize)> {
    let mut ranges = Vec::with_capacity(sentences.len());
    let mut t0 = 0usize;
    for sent in sentences {
        while t0 < toks.len() && toks[t0].s < sent.start() {
            t0 += 1;
        }
        let mut t1 = t0;
        while t1 < toks.len() && toks[t1].e <= sent.end() {
            t1 += 1;
        }
        ranges.push((t0, t1));
        t0 = t1;
    }
    ranges
}

/// Pronouns whose contractions [`tokenize`] splits.
pub(crate) const CONTRACTING_PRONOUNS: &[&str] = &[
    "i", "you", "he", "she", "it", "we", "they", "who", "that", "there", "what", "here", "where", "everyone",
    "someone", "nobody",
];

/// Where a pronoun's contraction starts in `word` ("he’s" → 2, "they're" → 4), if it is one.
pub(crate) fn contraction(word: &str) -> Option<usize> {
    let cut = word.rfind(['\'', '’'])?;
    let (base, suffix) = (&word[..cut], &word[cut..]);
    let suffix = suffix.trim_start_matches(['\'', '’']).to_ascii_lowercase();
    (matches!(suffix.as_str(), "s" | "re" | "ve" | "ll" | "m" | "d")
        && CONTRACTING_PRONOUNS.iter().any(|p| base.eq_ignore_ascii_case(p)))
    .then_some(cut)
}

/// Splits text into words, punctuation and quote marks.
pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
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
                if matches!(d, '.' | '\'' | '’' | '-' | '&') {
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
            match contraction(&text[i..end]) {
                Some(cut) => {
                    toks.push(Tok { s: i, e: i + cut, k: Kind::Word });
                    toks.push(Tok { s: i + cut, e: end, k: Kind::Word });
                }
                None => toks.push(Tok { s: i, e: end, k: Kind::Word }),
            }
            prev = last;
            continue;
        }
        if c == '\'' && text[i + 1..].starts_with('\'') {
            // NYT style doubled apostrophes: ''This isn't tax reform,'' said ...
            chars.next();
            let k =
                if prev.is_whitespace() || matches!(prev, '(' | '[' | '—' | ':') { Kind::Open } else { Kind::Close };
            toks.push(Tok { s: i, e: i + 2, k });
            prev = '\'';
            continue;
        }
        let k = match c {
            '“' | '«' => Kind::Open,
            '”' | '»' => Kind::Close,
            '"' => {
                if prev.is_whitespace() || matches!(prev, '(' | '[' | '—' | '–' | ':') {
                    Kind::Open
                } else {
                    Kind::Close
                }
            }
            _ => Kind::Punct,
        };
        toks.push(Tok { s: i, e: i + c.len_utf8(), k });
        prev = c;
    }
    toks
}

/// For each token, whether it lies inside a paired quote (strictly between the marks).
pub(crate) fn quoted_tokens(pairs: &[usize]) -> Vec<bool> {
    let mut quoted = vec![false; pairs.len()];
    for (o, &c) in pairs.iter().enumerate() {
        if c != usize::MAX && c > o {
            for q in quoted.iter_mut().take(c).skip(o + 1) {
                *q = true;
            }
        }
    }
    quoted
}

/// For each quote mark, the index of its partner (or `usize::MAX`). Unbalanced marks stay unpaired.
pub(crate) fn quote_pairs(toks: &[Tok]) -> Vec<usize> {
    let mut pairs = vec![usize::MAX; toks.len()];
    let mut open: Option<usize> = None;
    for (i, t) in toks.iter().enumerate() {
        match t.k {
            Kind::Open => open = Some(i),
            Kind::Close => {
                if let Some(o) = open.take() {
                    // A quote over ~400 tokens is a missed mark, not a quote.
                    if i - o < 400 {
                        pairs[o] = i;
                        pairs[i] = o;
                    }
                }
            }
            _ => {}
        }
    }
    pairs
}
