//! English function words: the one stop-word definition every stage starts from.
//!
//! [`FUNCTION_WORDS`] are the closed-class words of English (pronouns, determiners, prepositions,
//! conjunctions, auxiliaries, negations and a few common adverbs), lowercase and sorted: the
//! classic list of English stop words (NLTK's, less its contraction fragments). A stage that needs
//! a different list states it as a [`StopWords`]: these words, less a few it must keep, plus a
//! few of its own, each set named and documented in the stage ("the stance model keeps
//! negations", "the ledger's frames drop hedges"). No crate but this one keeps its own list;
//! `xtask/tests/tidy.rs` checks it.

/// English function words, lowercase and sorted.
pub const FUNCTION_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
];

/// True when `word` (already lowercased) is one of the [`FUNCTION_WORDS`].
///
/// ```
/// assert!(hearsay_text::is_function_word("the"));
/// assert!(!hearsay_text::is_function_word("said"));
/// ```
pub fn is_function_word(word: &str) -> bool {
    FUNCTION_SET.contains(word)
}

/// [`FUNCTION_WORDS`] as a set: every word of every text is asked, and a hash lookup is a third
/// of the cost of a binary search over the list's strings.
static FUNCTION_SET: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
    std::sync::LazyLock::new(|| FUNCTION_WORDS.iter().copied().collect());

/// A stage's stop words: the [`FUNCTION_WORDS`] less `less`, plus `plus` (both short, sorted and
/// lowercase; the stage's test calls [`StopWords::check`]).
///
/// ```
/// use hearsay_text::StopWords;
///
/// const STOP: StopWords = StopWords { less: &["no", "nor", "not"], plus: &["said", "says"] };
/// assert!(STOP.contains("the") && STOP.contains("said"));
/// assert!(!STOP.contains("not") && !STOP.contains("denied"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StopWords {
    /// Function words the stage keeps as content.
    pub less: &'static [&'static str],
    /// Words the stage also drops.
    pub plus: &'static [&'static str],
}

impl StopWords {
    /// True when `word` (already lowercased) is a stop word of this stage.
    pub fn contains(&self, word: &str) -> bool {
        if self.plus.binary_search(&word).is_ok() {
            return true;
        }
        is_function_word(word) && self.less.binary_search(&word).is_err()
    }

    /// Every stop word of this stage, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &'static str> + '_ {
        FUNCTION_WORDS.iter().filter(|w| self.less.binary_search(w).is_err()).chain(self.plus.iter()).copied()
    }

    /// Panics unless `less` and `plus` are sorted, lowercase and without repeats, `less` names
    /// only function words and `plus` none: the stage's test calls it.
    pub fn check(&self) {
        for (name, list) in [("less", self.less), ("plus", self.plus)] {
            assert!(list.windows(2).all(|pair| pair[0] < pair[1]), "{name} is not sorted: {list:?}");
            assert!(list.iter().all(|w| *w == w.to_lowercase()), "{name} is not lowercase: {list:?}");
        }
        assert!(self.less.iter().all(|w| is_function_word(w)), "less names a word that is not a function word");
        assert!(!self.plus.iter().any(|w| is_function_word(w)), "plus repeats a function word");
    }
}

/// A stage's [`StopWords`] made into one hash set, for a stage that asks about every word of every
/// text (the ledger's story words and frames): one hash lookup instead of a binary search of
/// `plus` and then of `less`. Holds the same words as the list it was made from (tested).
///
/// ```
/// use hearsay_text::{StopSet, StopWords};
///
/// const STOP: StopWords = StopWords { less: &["not"], plus: &["said"] };
/// let set = StopSet::new(&STOP);
/// assert!(set.contains("the") && set.contains("said") && !set.contains("not"));
/// ```
#[derive(Debug, Clone)]
pub struct StopSet(rustc_hash::FxHashSet<&'static str>);

impl StopSet {
    /// The set of `words`' stop words.
    pub fn new(words: &StopWords) -> StopSet {
        StopSet(words.iter().collect())
    }

    /// True when `word` (already lowercased) is one of them.
    pub fn contains(&self, word: &str) -> bool {
        self.0.contains(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_are_sorted_lowercase_and_distinct() {
        assert!(FUNCTION_WORDS.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(FUNCTION_WORDS.iter().all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase())));
    }

    #[test]
    fn a_stage_list_is_the_function_words_less_and_plus() {
        let stop = StopWords { less: &["no", "not"], plus: &["said"] };
        stop.check();
        assert!(stop.contains("nor") && stop.contains("said") && !stop.contains("no"));
        let set = StopSet::new(&stop);
        for word in FUNCTION_WORDS.iter().chain(&["said", "says", "denied", "no"]) {
            assert_eq!(set.contains(word), stop.contains(word), "{word}");
        }
        assert_eq!(stop.iter().count(), FUNCTION_WORDS.len() - 1);
        assert!(stop.iter().all(|w| stop.contains(w)));
    }
}
