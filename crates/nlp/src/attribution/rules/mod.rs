//! Attribution rules by construction: for each reporting cue, its source noun phrase and its
//! content span, read over the light tokenisation of [`super::tokens`].
//!
//! News attributes claims in a handful of shapes, each handled in its own file:
//! - `X said (that) CONTENT.` / `Sources told the Washington Post that CONTENT.` ([`verbs`])
//! - `CONTENT, X said.` / `“QUOTE,” X said.` / `“QUOTE,” said X.` (the quote may span sentences; [`verbs`])
//! - `According to X, CONTENT.` / `CONTENT, according to X (citing Y).` ([`according`], [`chains`])
//! - `NAME, a member of ..., suggested that ...` (appositive kept in the source, given as the role; [`apposition`])
//! - `Iran’s Ambassador to Russia, Kazem Jalali, has rejected ...` (role before the name; [`apposition`])
//! - `..., writing: “QUOTE”` / `..., saying ...` (the subject of the main clause is the source; [`verbs`])
//! - `X: “QUOTE”`, `“QUOTE” ― Name` and `Iran reportedly received ...` (cues that are not verbs; [`quotes`])
//!
//! Cue words beyond the fixed list are learned ([`cues`]); noun phrases and contents are found by
//! [`phrases`]. Every scan is bounded (a window of tokens), so a 10,000-word sentence costs linear
//! time.

mod according;
mod apposition;
mod chains;
mod cues;
mod phrases;
mod quotes;
mod verbs;
pub(super) mod words;

use std::borrow::Cow;

use hearsay_text::TextRange;

use super::model::{CueClassifier, CueModel};
use super::tokens::{quote_pairs, quoted_tokens, sentence_tokens, tokenize, Kind, Tok};
use super::RawAttribution;
use apposition::split_role;
use chains::strip_intermediary;
use cues::{is_adverb, is_modifier};
use words::*;

pub use chains::is_outlet;
pub use cues::cue_candidates;

/// Finds the attributions in `text`, whose sentences are `sentences`.
pub fn find(text: &str, sentences: &[TextRange]) -> Vec<RawAttribution> {
    let toks = tokenize(text);
    let pairs = quote_pairs(&toks);
    // Tokens inside a paired quote: a cue there belongs to the quoted speaker's words.
    let quoted = quoted_tokens(&pairs);
    let mut out: Vec<RawAttribution> = Vec::new();
    let mut pending_colon: Option<RawAttribution> = None;
    for (si, (t0, t1)) in sentence_tokens(&toks, sentences).into_iter().enumerate() {
        let ctx = Ctx { text, toks: &toks, pairs: &pairs, quoted: &quoted, ts: t0, te: t1, sentence: si as u32 };
        let before = out.len();
        let mut i = t0;
        while i < t1 {
            if let Some(found) = ctx.at(i, &out[before..]) {
                out.push(found);
            }
            i += 1;
        }
        if out.len() == before {
            if let Some(found) = ctx.colon() {
                out.push(found);
            }
        }
        if let Some(found) = ctx.adverb(&out[before..]) {
            out.push(found);
        }
        // "Limbaugh added:" at the end of a paragraph: the next sentence is the content.
        if let Some(pending) = pending_colon.take() {
            if let (Some(first), Some(last)) = (toks.get(t0), toks.get(t1.wrapping_sub(1))) {
                if t1 > t0 {
                    let mut a: RawAttribution = pending;
                    if let Some(r) = TextRange::new(text, first.s, last.e) {
                        a.content_span = r;
                        out.push(a);
                    }
                }
            }
        }
        pending_colon = ctx.trailing_colon(&out[before..]);
    }
    out
}

struct Ctx<'a> {
    text: &'a str,
    toks: &'a [Tok],
    pairs: &'a [usize],
    quoted: &'a [bool],
    ts: usize,
    te: usize,
    sentence: u32,
}

/// A learned cue word must be inside gold cues at least this often in train...
pub(super) const LEARNED_THRESHOLD: f64 = 0.15;
/// Below this share a learned cue also needs "that", a quote or a colon after it.
pub(super) const LEARNED_SURE: f64 = 0.15;
/// ...and seen at least this many times.
pub(super) const LEARNED_MIN_SEEN: u32 = 3;

/// The most tokens a content taken from the sentence (not a paired quote) may hold.
pub(super) const MAX_CONTENT: usize = 250;

/// How far a source noun phrase may reach.
pub(super) const NP_WINDOW: usize = 40;

impl Ctx<'_> {
    pub(super) fn w(&self, i: usize) -> &str {
        let t = self.toks[i];
        &self.text[t.s..t.e]
    }

    /// A pronoun's contraction that [`tokenize`] split off ("’s" of "he’s").
    pub(super) fn is_split_contraction(&self, i: usize) -> bool {
        i > self.ts && self.toks[i].s == self.toks[i - 1].e && self.w(i).starts_with(['\'', '’'])
    }

    pub(super) fn is_word(&self, i: usize) -> bool {
        self.toks[i].k == Kind::Word
    }

    pub(super) fn is_punct(&self, i: usize, p: &str) -> bool {
        self.toks[i].k == Kind::Punct && self.w(i) == p
    }

    pub(super) fn capitalized(&self, i: usize) -> bool {
        self.is_word(i) && self.w(i).chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    }

    pub(super) fn lower_in(&self, i: usize, list: &[&str]) -> bool {
        let w = self.w(i);
        list.iter().any(|x| x.eq_ignore_ascii_case(w))
    }

    pub(super) fn range(&self, a: usize, b: usize) -> Option<TextRange> {
        // Tokens a..=b.
        if a > b || b >= self.toks.len() {
            return None;
        }
        TextRange::new(self.text, self.toks[a].s, self.toks[b].e)
    }

    /// Last token of the sentence that is content (final period dropped).
    pub(super) fn content_last(&self) -> usize {
        let mut last = self.te - 1;
        while last > self.ts && self.toks[last].k == Kind::Punct && matches!(self.w(last), "." | "!" | "?" | ";") {
            last -= 1;
        }
        last
    }

    /// The attribution whose cue starts at token `i`, if any.
    pub(super) fn at(&self, i: usize, earlier: &[RawAttribution]) -> Option<RawAttribution> {
        let w = self.w(i);
        if self.toks[i].k == Kind::Close {
            return self.dash_signature(i);
        }
        if !self.is_word(i) || self.quoted[i] {
            return None;
        }
        if w.eq_ignore_ascii_case("according") && i + 1 < self.te && self.w(i + 1) == "to" {
            return self.according(i);
        }
        // "according to Washington Post sources citing diplomats": already part of an earlier one.
        let t = self.toks[i];
        if earlier.iter().any(|a| {
            a.source_span.is_some_and(|r| r.start() <= t.s && t.e <= r.end())
                || (a.cue_span.end() >= t.e && a.cue_span.start() <= t.s)
        }) || (w == "citing" && earlier.last().is_some_and(|a| a.via.len() == 1))
        {
            return None;
        }
        let lowered = self.candidate_word(i)?;
        let w = lowered.as_ref();
        if !CUE_VERBS.contains(&w) {
            // A learned cue inside what an earlier cue reports is usually narration within the
            // claim ("reports that Clinton’s team avoided ...").
            let inside = earlier
                .iter()
                .any(|a| a.content_span.start() <= self.toks[i].s && self.toks[i].e <= a.content_span.end());
            if inside || !self.learned_cue(i, w) {
                return None;
            }
        }
        // "called off", "called in": not a report ("called for" and "called on X to" are: PolNeAR
        // marks demands as attributions).
        if w.starts_with("call") && i + 1 < self.te && matches!(self.w(i + 1), "off" | "in" | "up") {
            return None;
        }
        let mut found = self.verb(i, w, earlier)?;
        // "a thunderous chant", "more favorable impressions", "expressed confidence": a learned
        // cue that is a noun after a modifier has no source before it.
        if !CUE_VERBS.contains(&w) && found.source_span.is_some_and(|r| r.end() <= self.toks[i].s) {
            let mut k = i;
            while k > self.ts && self.is_word(k - 1) && (self.lower_in(k - 1, BETWEEN) || is_adverb(self.w(k - 1))) {
                k -= 1;
            }
            if k > self.ts && self.is_word(k - 1) && is_modifier(self.w(k - 1)) {
                found.source_span = None;
                found.name_span = None;
                found.role = None;
            }
        }
        // "Ms. Olivieri seemed to be ...", "what is now known as ...": PolNeAR gives these cues
        // no source (the subject is part of what seems).
        if SOURCELESS.contains(&w) {
            found.source_span = None;
            found.name_span = None;
            found.role = None;
        }
        Some(found)
    }
}
