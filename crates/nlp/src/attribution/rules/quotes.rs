//! Cues that are not verbs: a quote signed after a dash ("“...” ― Name"), a colon label
//! ("Kayhan: “...”"), a cue ending the sentence before its content ("Limbaugh added:") and a
//! hearsay adverb ("Iran reportedly received ...").

use super::*;

impl Ctx<'_> {
    /// A quote signed after a dash: "“... a dictator.” ― Christina Luis".
    pub(super) fn dash_signature(&self, close: usize) -> Option<RawAttribution> {
        let open = self.pairs[close];
        let dash = close + 1;
        if open == usize::MAX || dash + 1 >= self.toks.len() || !matches!(self.w(dash), "―" | "—" | "–" | "-") {
            return None;
        }
        let mut e = dash + 1;
        let limit = (dash + 8).min(self.toks.len());
        if !self.capitalized(e) {
            return None;
        }
        // "— Sen. Bernie Sanders", but not past the full stop that ends a signature line.
        let initial = |e: usize| {
            self.w(e + 1) == "."
                && e + 2 < limit
                && self.capitalized(e + 2)
                && !self.text[self.toks[e + 1].e..self.toks[e + 2].s].contains('\n')
        };
        while e + 1 < limit && (self.capitalized(e + 1) || initial(e)) {
            e += 1;
        }
        Some(RawAttribution {
            cue_span: self.range(dash, dash)?,
            source_span: self.range(dash + 1, e),
            name_span: self.range(dash + 1, e),
            role: None,
            via: Vec::new(),
            content_span: self.range(open, close)?,
            sentence: self.sentence,
        })
    }

    /// "NP cue:" ending the sentence: an attribution whose content is the next sentence
    /// (filled in by the caller).
    pub(super) fn trailing_colon(&self, found: &[RawAttribution]) -> Option<RawAttribution> {
        if self.te < self.ts + 3 || !self.is_punct(self.te - 1, ":") {
            return None;
        }
        let c = self.te - 2;
        if !self.is_word(c)
            || !CUE_VERBS.contains(&self.w(c))
            || found.iter().any(|a| a.cue_span.start() == self.toks[c].s)
        {
            return None;
        }
        let mut k = c;
        while k > self.ts && self.is_word(k - 1) && self.lower_in(k - 1, BETWEEN) {
            k -= 1;
        }
        if k == self.ts {
            return None;
        }
        let n0 = self.np_left(k - 1)?;
        let (name_span, role) = split_role(self, n0, k - 1);
        Some(RawAttribution {
            cue_span: self.range(c, c)?,
            source_span: self.range(n0, k - 1),
            name_span,
            role,
            via: Vec::new(),
            content_span: self.range(self.te - 1, self.te - 1)?,
            sentence: self.sentence,
        })
    }

    /// Sentences without a verb cue: "Kayhan: “...”" (a colon cue) or "Iran reportedly received
    /// ..." (an adverb cue without a named source).
    pub(super) fn colon(&self) -> Option<RawAttribution> {
        // "WALLACE: Governor, ...", "Poll: Wealthy Voters Abandon ...", "Kayhan: “...”".
        let mut s0 = self.ts;
        while s0 < self.te && self.toks[s0].k != Kind::Word {
            s0 += 1;
        }
        let limit = self.te.min(s0 + 6);
        for k in s0..limit {
            if !self.is_punct(k, ":") {
                continue;
            }
            if k == s0
                || k + 1 >= self.te
                || !(s0..k).all(|t| {
                    self.capitalized(t) || (self.toks[t].k == Kind::Punct && matches!(self.w(t), "." | "'" | "’"))
                })
            {
                break;
            }
            // Not a clock time ("12:30") or a label of one word we know is not a speaker.
            if self.w(s0).chars().next().is_some_and(|c| c.is_ascii_digit())
                || self.lower_in(
                    s0,
                    &["read", "note", "watch", "update", "source", "photo", "video", "related", "see", "also"],
                )
            {
                break;
            }
            let content_span = if self.toks[k + 1].k == Kind::Open && self.pairs[k + 1] != usize::MAX {
                self.range(k + 1, self.pairs[k + 1])?
            } else {
                let last = self.content_last();
                if last <= k {
                    break;
                }
                self.extend_quote(k + 1, last)?
            };
            let (name_span, role) = split_role(self, s0, k - 1);
            return Some(RawAttribution {
                cue_span: self.range(k, k)?,
                source_span: self.range(s0, k - 1),
                name_span,
                role,
                via: Vec::new(),
                content_span,
                sentence: self.sentence,
            });
        }
        None
    }

    /// "Iran reportedly received the initiative with caution": an adverb cue with no named
    /// source, unless it sits right before another cue ("officials reportedly informed").
    pub(super) fn adverb(&self, found: &[RawAttribution]) -> Option<RawAttribution> {
        let scan = self.te.min(self.ts + 60);
        for k in self.ts..scan {
            if self.is_word(k) && !self.quoted[k] && matches!(self.w(k), "reportedly" | "allegedly" | "purportedly") {
                let t = self.toks[k];
                let covered = found.iter().any(|a| {
                    let near_cue = a.cue_span.start() >= t.e && a.cue_span.start() - t.e < 24;
                    let inside = a.content_span.start() <= t.s && t.e <= a.content_span.end();
                    let in_source = a.source_span.is_some_and(|r| r.start() <= t.s && t.e <= r.end());
                    near_cue || inside || in_source
                });
                if covered {
                    return None;
                }
                let last = self.content_last();
                return Some(RawAttribution {
                    cue_span: self.range(k, k)?,
                    source_span: None,
                    name_span: None,
                    role: None,
                    via: Vec::new(),
                    content_span: self.range(self.ts, last.min(self.ts + MAX_CONTENT))?,
                    sentence: self.sentence,
                });
            }
        }
        None
    }
}
