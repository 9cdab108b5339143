//! The attribution stage's tokens: words, punctuation and quote marks, with quote marks paired.
//! The tokens are `hearsay_text::words`; the trained taggers read them, so a change there changes
//! what they were trained on.

use hearsay_text::{TextRange, WordKind};

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

/// Splits text into words, punctuation and quote marks: the shared tokeniser
/// ([`hearsay_text::words`]) with numbers counted as words.
pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    hearsay_text::words(text)
        .into_iter()
        .map(|w| {
            let k = match w.kind {
                WordKind::Word | WordKind::Number => Kind::Word,
                WordKind::Punct => Kind::Punct,
                WordKind::OpenQuote => Kind::Open,
                WordKind::CloseQuote => Kind::Close,
            };
            Tok { s: w.range.start(), e: w.range.end(), k }
        })
        .collect()
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
