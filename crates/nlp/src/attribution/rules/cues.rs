//! Cue words the fixed list lacks: the train-split lexicon and the learned cue classifier
//! decide, over the features [`Ctx::cue_features`] reads; [`cue_candidates`] gives the
//! classifier its training examples.

use super::*;

impl Ctx<'_> {
    /// The word at `i` as a cue would read (lowercased in a title-case headline), unless the
    /// word cannot be a cue here: after a possessive, or a noun-like form without a subject.
    pub(super) fn candidate_word(&self, i: usize) -> Option<Cow<'_, str>> {
        if !self.is_word(i) || self.quoted[i] {
            return None;
        }
        let w = self.w(i);
        // Headlines are title case: "Sanders Vows To Eliminate Tax Breaks".
        let w = if i > self.ts && w.chars().next().is_some_and(char::is_uppercase) && self.title_case() {
            Cow::Owned(w.to_lowercase())
        } else {
            Cow::Borrowed(w)
        };
        // "Tuesday’s arguments", "Trump’s tweets": after a possessive, a cue form is a noun.
        // (A pronoun's split contraction, "he ’s predicting", is no possessive.)
        let before = if i > self.ts && self.is_word(i - 1) { self.w(i - 1) } else { "" };
        if (before.ends_with("’s") || before.ends_with("'s")) && !self.is_split_contraction(i - 1) {
            return None;
        }
        // Forms that are nouns as often as verbs need a subject, like learned cues.
        if NOUNISH.contains(&w.as_ref()) && !self.has_subject(i) {
            return None;
        }
        Some(w)
    }

    /// True for a headline-style sentence: most words of four letters or more capitalised.
    pub(super) fn title_case(&self) -> bool {
        let end = self.te.min(self.ts + 30);
        let long: Vec<usize> = (self.ts..end).filter(|&k| self.is_word(k) && self.w(k).len() >= 4).collect();
        long.len() >= 3 && long.iter().filter(|&&k| self.capitalized(k)).count() * 10 >= long.len() * 8
    }

    /// A word the learned cue classifier may judge: in the train-split lexicon, lowercase in
    /// running text, and not an adverb, a function word or a determiner.
    pub(super) fn learned_candidate(&self, i: usize, w: &str) -> bool {
        // The lexicon lookup first: most words are not in it, and the list scans cost more.
        CueModel::builtin().counts(w).is_some_and(|(_, b)| b >= LEARNED_MIN_SEEN)
            && w.chars().next().is_some_and(char::is_lowercase)
            && !is_adverb(w)
            && !self.lower_in(i, BETWEEN)
            && !self.lower_in(i, NP_STOP)
            && !self.lower_in(i, DETERMINERS)
    }

    /// Hashed features of the candidate cue word `w` at token `i` for [`CueClassifier`].
    pub(super) fn cue_features(&self, i: usize, w: &str) -> Vec<u64> {
        let lower = |k: usize| -> String {
            if k < self.ts || k >= self.te {
                return "<b>".to_owned();
            }
            self.w(k).to_lowercase()
        };
        let shape = |k: usize| -> &'static str {
            if k < self.ts || k >= self.te {
                return "edge";
            }
            match self.toks[k].k {
                Kind::Open => "open",
                Kind::Close => "close",
                Kind::Punct => "punct",
                Kind::Word if self.lower_in(k, &["he", "she", "they", "it", "we", "i", "you", "who", "which"]) => {
                    "pron"
                }
                Kind::Word if self.capitalized(k) => "cap",
                Kind::Word => "low",
            }
        };
        let p1 = lower(i.wrapping_sub(1));
        let p2 = lower(i.wrapping_sub(2));
        let n1 = lower(i + 1);
        let n2 = lower(i + 2);
        let (ps, ns) = (shape(i.wrapping_sub(1)), shape(i + 1));
        let flag = |b: bool| if b { "1" } else { "0" };
        let subject = flag(self.has_subject(i));
        let report = flag(self.introduces_report(i));
        let by = flag(n1 == "by");
        let ing = flag(w.ends_with("ing") && i > self.ts && self.is_punct(i - 1, ","));
        let (a, b) = CueModel::builtin().counts(w).unwrap_or((0, 1));
        let pb = ((f64::from(a) / f64::from(b.max(1))) * 10.0).floor().to_string();
        let nb = (32 - b.leading_zeros()).to_string();
        let pos = match i - self.ts {
            0 => "0",
            1 => "1",
            2 => "2",
            3..=5 => "3",
            6..=10 => "6",
            _ => "11",
        };
        let suffix: String = w.chars().rev().take(3).collect();
        let parts: [(&str, &str, &str); 22] = [
            ("bias", "", ""),
            ("w", w, ""),
            ("p", &p1, ""),
            ("n", &n1, ""),
            ("p2", &p2, ""),
            ("n2", &n2, ""),
            ("pw", &p1, w),
            ("wn", w, &n1),
            ("s3", &suffix, ""),
            ("ps", ps, ""),
            ("ns", ns, ""),
            ("wps", w, ps),
            ("wns", w, ns),
            ("subj", subject, ""),
            ("wsubj", w, subject),
            ("rep", report, ""),
            ("wrep", w, report),
            ("by", by, ""),
            ("ing", ing, ""),
            ("pb", &pb, report),
            ("nb", &nb, ""),
            ("pos", pos, ps),
        ];
        parts.iter().map(|(t, a, b)| crate::attribution::tagger::features::hash(t, a, b)).collect()
    }

    /// A word the train-split lexicon marks as a cue often enough, in running (lowercase) text;
    /// with the learned classifier, the classifier decides.
    pub(super) fn learned_cue(&self, i: usize, w: &str) -> bool {
        let classifier = CueClassifier::builtin();
        if !classifier.is_empty() {
            return self.learned_candidate(i, w) && classifier.probability(&self.cue_features(i, w)) >= CUE_THRESHOLD;
        }
        if is_adverb(w) {
            return false;
        }
        // "a member ... appointed by Supreme Leader": a passive participle, not a report.
        if i + 1 < self.te && self.w(i + 1) == "by" {
            return false;
        }
        // A learned "-ing" form is a cue only as a participle after a comma ("..., warning that").
        if w.ends_with("ing") && !(i > self.ts && self.is_punct(i - 1, ",")) {
            return false;
        }
        if !self.has_subject(i) {
            return false;
        }
        if !w.chars().next().is_some_and(char::is_lowercase)
            || self.lower_in(i, BETWEEN)
            || self.lower_in(i, NP_STOP)
            || self.lower_in(i, DETERMINERS)
        {
            return false;
        }
        let model = CueModel::builtin();
        match model.counts(w) {
            Some((a, b)) => {
                let p = f64::from(a) / f64::from(b);
                b >= LEARNED_MIN_SEEN && p >= LEARNED_THRESHOLD && (p >= LEARNED_SURE || self.introduces_report(i))
            }
            None => false,
        }
    }

    /// "that", a quote or a colon within a few tokens after `i`: what a rarer cue word needs to
    /// count ("warned that", "made the following comment:").
    pub(super) fn introduces_report(&self, i: usize) -> bool {
        let end = self.te.min(i + 6);
        (i + 1..end).any(|k| {
            self.toks[k].k == Kind::Open
                || self.is_punct(k, ":")
                || (self.is_word(k) && matches!(self.w(k), "that" | "whether" | "how" | "why"))
        })
    }

    /// A cue needs something before it that can be its subject: a name, a pronoun, a group
    /// noun ("officials", "the poll") or a comma/quote; in "defending his early-morning tweets"
    /// and "the dire warnings" the cue form is a noun, not a report.
    pub(super) fn has_subject(&self, i: usize) -> bool {
        let mut k = i;
        while k > self.ts && self.is_word(k - 1) && (self.lower_in(k - 1, BETWEEN) || is_adverb(self.w(k - 1))) {
            k -= 1;
        }
        if k == self.ts {
            return false;
        }
        let l = k - 1;
        let lt = self.toks[l];
        let after_break = lt.k == Kind::Close || (lt.k == Kind::Punct && self.w(l) == ",");
        let sentence_initial_determiner =
            l == self.ts && self.lower_in(l, &["the", "a", "an", "this", "that", "these", "those"]);
        let subject = lt.k == Kind::Word
            && ((self.capitalized(l) && !sentence_initial_determiner)
                || self.lower_in(l, &["he", "she", "they", "it", "we", "i", "you", "who", "which"])
                || self.lower_in(l, SUBJECT_NOUNS)
                // "Protesters ... chanted", "the economists argue": a plural noun.
                || (self.w(l).len() > 3 && self.w(l).ends_with('s') && !self.w(l).ends_with("ss") && !self.w(l).ends_with("’s") && !self.lower_in(l, &["this", "was", "has", "is", "does", "its", "his", "hers", "ours", "theirs", "yours", "thus", "always", "perhaps", "less", "unless", "whereas", "across", "remains", "seems", "appears", "means", "looks", "becomes", "goes", "comes", "makes", "takes", "gets", "needs", "wants", "says", "calls", "plans"])));
        after_break || subject
    }
}

/// A lowercase adjective or participle by its ending ("thunderous", "favorable", "expressed"),
/// or a comparative or quantifier ("more", "some").
pub(super) fn is_modifier(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_lowercase)
        && (matches!(
            w,
            "more" | "most" | "some" | "particular" | "much" | "less" | "great" | "big" | "new" | "strong" | "deep"
        ) || ["ous", "ful", "ive", "able", "ible", "ical", "ed", "ing"]
            .iter()
            .any(|s| w.len() > s.len() + 2 && w.ends_with(s)))
}

/// The classifier probability from which a learned cue counts (tuned on train: trained on one
/// half, scored on the other).
pub(super) const CUE_THRESHOLD: f64 = 0.45;

/// Candidate learned cues of `text` (byte start, byte end, hashed features), as [`find`] meets
/// them before deciding: the examples [`train_cue_classifier`] learns from.
pub fn cue_candidates(text: &str, sentences: &[TextRange]) -> Vec<(usize, usize, Vec<u64>)> {
    let toks = tokenize(text);
    let pairs = quote_pairs(&toks);
    let quoted = quoted_tokens(&pairs);
    let mut out = Vec::new();
    for (si, (t0, t1)) in sentence_tokens(&toks, sentences).into_iter().enumerate() {
        let ctx = Ctx { text, toks: &toks, pairs: &pairs, quoted: &quoted, ts: t0, te: t1, sentence: si as u32 };
        #[expect(
            clippy::needless_range_loop,
            reason = "the index is the token the Ctx methods read, not only an element"
        )]
        for i in t0..t1 {
            if let Some(w) = ctx.candidate_word(i) {
                if !CUE_VERBS.contains(&w.as_ref()) && ctx.learned_candidate(i, &w) {
                    out.push((toks[i].s, toks[i].e, ctx.cue_features(i, &w)));
                }
            }
        }
    }
    out
}

/// "favorably", "widely", "certainly": adverbs sit between a source and its cue, and are not cues.
pub(super) fn is_adverb(w: &str) -> bool {
    w.len() > 4
        && w.ends_with("ly")
        && w.chars().next().is_some_and(char::is_lowercase)
        && !matches!(w, "reply" | "supply" | "apply" | "family" | "rally" | "ally")
}
