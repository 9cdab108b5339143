//! Tokens, sentences and hashing for headline/body comparison: lowercased, lightly stemmed word
//! hashes, so "denies", "denied" and "deny" meet, and "isn't" reads as "is not".

use std::collections::HashMap;

use hearsay_text::{sentences, words_with, Split, StopWords};

/// FNV-1a over bytes, then a splitmix finaliser: stable across platforms and runs, so hashed
/// feature indexes (and the committed model) never depend on std's randomised hasher.
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    mix(hearsay_text::fnv1a(bytes))
}

/// Splitmix64 finaliser.
pub(crate) fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Hash of an ordered pair of hashes (bigrams, phrases, namespaced features).
pub(crate) fn combine(a: u64, b: u64) -> u64 {
    mix(a.rotate_left(17) ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// Cuts common English inflections so that headline and body forms of a word match
/// ("claims"/"claimed"/"claiming", "denies"/"denied"/"deny").
fn stem(word: &str) -> (&str, bool) {
    let n = word.len();
    if n >= 6 && word.ends_with("ies") {
        return (&word[..n - 2], false);
    }
    if n >= 4 && word.ends_with('y') {
        return (&word[..n - 1], true);
    }
    for (suffix, keep) in [("ing", 4), ("ed", 4), ("es", 4), ("ly", 4), ("s", 3)] {
        if n >= suffix.len() + keep && word.ends_with(suffix) && !word.ends_with("ss") {
            return (&word[..n - suffix.len()], false);
        }
    }
    (word, false)
}

/// A tokenised text: word hashes and sentence ranges over them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tokens {
    pub(crate) words: Vec<u64>,
    /// `true` where the word is not a stopword.
    pub(crate) content: Vec<bool>,
    /// Sentences as `[start, end)` ranges into `words`.
    pub(crate) sentences: Vec<(usize, usize)>,
    pub(crate) question_marks: u32,
    pub(crate) quote_marks: u32,
    /// Colons ("Report: ...", "Hoax alert: ...").
    pub(crate) colons: u32,
}

/// The stance model's stop words: the shared function words, less the negations (whether a body
/// denies what a headline says is the point), plus reporting verbs, titles, the fragments of "’s"
/// and "n’t", and a few words too common in news to tell bodies apart. The committed model's
/// hashed features were trained on exactly this set.
const STOP: StopWords = StopWords {
    less: &["no", "nor", "not"],
    plus: &["also", "get", "like", "mr", "mrs", "ms", "new", "one", "s", "said", "says", "t", "u", "via"],
};

/// Hash of one already-lowercased word after stemming.
pub(crate) fn word_hash(word: &str) -> u64 {
    let (stemmed, y_to_i) = stem(word);
    if y_to_i {
        let mut buf = [0u8; 64];
        if stemmed.len() < buf.len() {
            buf[..stemmed.len()].copy_from_slice(stemmed.as_bytes());
            buf[stemmed.len()] = b'i';
            return hash_bytes(&buf[..=stemmed.len()]);
        }
    }
    hash_bytes(stemmed.as_bytes())
}

/// Hash of a phrase of lowercased words ("no evidence", "made up").
pub(crate) fn phrase_hash(words: &[u64]) -> u64 {
    words.iter().skip(1).fold(words.first().copied().unwrap_or(0), |acc, &w| combine(acc, w))
}

fn stopword_set() -> &'static std::collections::HashSet<u64> {
    static SET: std::sync::OnceLock<std::collections::HashSet<u64>> = std::sync::OnceLock::new();
    SET.get_or_init(|| STOP.iter().map(word_hash).collect())
}

/// Splits text into lowercased, stemmed word hashes and sentences: the runs of letters and digits
/// of `hearsay_text::words_with(text, Split::Runs)`, with "n't" read as "not" ("isn't" is "is",
/// "not"; "don'tcha" stays one word). Sentences are those of `hearsay_text::sentences` (the one
/// splitter: line breaks, and `.`, `!`, `?` before a capitalised word, not after "Mr." or
/// "U.S."); a word belongs to the sentence it starts in.
pub(crate) fn tokenize(text: &str) -> Tokens {
    let stop = stopword_set();
    let mut out = Tokens::default();
    let sentence_ends: Vec<usize> = sentences(text).iter().map(|r| r.end()).collect();
    let mut next_end = 0;
    let mut sentence_start = 0;
    let mut word = String::new();
    let mut word_start = 0;
    let mut flush = |word: &mut String, word_start: usize, out: &mut Tokens| {
        if !word.is_empty() {
            while next_end < sentence_ends.len() && word_start >= sentence_ends[next_end] {
                close_sentence(out, &mut sentence_start);
                next_end += 1;
            }
            let h = word_hash(word);
            out.content.push(!stop.contains(&h) && word.len() > 1);
            out.words.push(h);
            word.clear();
        }
    };
    let mut at = 0;
    let tokens = words_with(text, Split::Runs);
    let mut tokens = tokens.iter().peekable();
    while let Some(token) = tokens.next() {
        let (start, end) = (token.range.start(), token.range.end());
        if start > at {
            flush(&mut word, word_start, &mut out);
        }
        at = end;
        let slice = &text[start..end];
        if token.is_word() {
            if word.is_empty() {
                word_start = start;
            }
            word.extend(slice.chars().flat_map(char::to_lowercase));
            continue;
        }
        // "isn't", "don’t": the negation matters for disagreement, so read "n't" as "not".
        let t = tokens.peek().map(|next| next.range).filter(|next| next.start() == end).map(|next| next.slice(text));
        if matches!(slice, "'" | "’") && word.ends_with('n') && t.is_some_and(|t| t.starts_with(['t', 'T'])) {
            if t.is_some_and(|t| t.len() == 1) {
                word.pop();
                flush(&mut word, word_start, &mut out);
                word.push_str("not");
                flush(&mut word, start, &mut out);
                at = end + 1;
                tokens.next();
            }
            // Otherwise the word goes on through the apostrophe ("don'tcha" is "dontcha").
            continue;
        }
        flush(&mut word, word_start, &mut out);
        match slice {
            "?" => out.question_marks += 1,
            ":" => out.colons += 1,
            "\"" | "“" | "”" | "‘" => out.quote_marks += 1,
            _ => {}
        }
    }
    flush(&mut word, word_start, &mut out);
    close_sentence(&mut out, &mut sentence_start);
    out
}

fn close_sentence(out: &mut Tokens, start: &mut usize) {
    if out.words.len() > *start {
        out.sentences.push((*start, out.words.len()));
    }
    *start = out.words.len();
}

/// Counts hashed items; sorted output keeps iteration order out of the features.
pub(crate) fn counts(items: impl Iterator<Item = u64>) -> Vec<(u64, f32)> {
    let mut map: HashMap<u64, f32> = HashMap::new();
    for h in items {
        *map.entry(h).or_insert(0.0) += 1.0;
    }
    let mut v: Vec<(u64, f32)> = map.into_iter().collect();
    v.sort_unstable_by_key(|&(h, _)| h);
    v
}

/// Sorted, deduplicated hashes, for membership tests by binary search.
pub(crate) fn set(items: impl Iterator<Item = u64>) -> Vec<u64> {
    let mut v: Vec<u64> = items.collect();
    v.sort_unstable();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negation_and_sentences() {
        let t = tokenize("Apple isn't buying it. Officials deny the report!\nNew line here");
        assert_eq!(t.sentences.len(), 3);
        assert!(t.words.contains(&word_hash("not")));
        assert_eq!(word_hash("denies"), word_hash("denied"));
        assert_eq!(word_hash("deny"), word_hash("denied"));
        assert_eq!(word_hash("claims"), word_hash("claimed"));
        let t = tokenize("DON'T don’tcha n't, “Yes?” he said.\nNo");
        let words = ["do", "not", "dontcha", "not", "yes", "he", "said", "no"];
        assert_eq!(t.words, words.map(word_hash));
        // The one splitter reads `“Yes?” he said.` as one sentence: a lowercase word follows the "?".
        assert_eq!((t.sentences.as_slice(), t.question_marks, t.quote_marks), (&[(0, 7), (7, 8)][..], 1, 2));
        let t = tokenize("Mr. Smith went to the U.S. Senate. He said no.");
        assert_eq!(t.sentences, [(0, 8), (8, 11)]);
    }

    #[test]
    fn stop_words_are_the_function_words_less_negations() {
        STOP.check();
        assert_eq!(STOP.iter().count(), 135);
        assert!(STOP.contains("the") && STOP.contains("said") && !STOP.contains("not"));
    }
}
