//! Noun phrases and contents: where a source starts and ends, where a clause starts, and what
//! a cue reports (a "that" clause, a quote, or the rest of the sentence).

use super::*;

impl Ctx<'_> {
    /// Where the clause ending at the comma `comma` starts: after a closing quote's partner,
    /// or the sentence start.
    pub(super) fn left_clause_start(&self, comma: usize) -> usize {
        if comma > self.ts && self.toks[comma - 1].k == Kind::Close {
            let o = self.pairs[comma - 1];
            if o != usize::MAX {
                return o;
            }
        }
        self.floor(comma)
    }

    /// The sentence start, or `MAX_CONTENT` tokens before `end` in a run-on sentence, so a
    /// 10,000-word line with a cue every few words stays linear.
    pub(super) fn floor(&self, end: usize) -> usize {
        self.ts.max(end.saturating_sub(MAX_CONTENT))
    }

    /// The range from token `a` to `b`, stretched to the closing partner of a quote opened inside.
    pub(super) fn extend_quote(&self, a: usize, b: usize) -> Option<TextRange> {
        let mut end = b;
        // Only the last open quote in the span can run past it.
        let mut k = b;
        while k >= a && k + 60 > b {
            if self.toks[k].k == Kind::Open {
                let p = self.pairs[k];
                if p != usize::MAX && p > end {
                    end = p;
                }
                break;
            }
            if self.toks[k].k == Kind::Close {
                break;
            }
            if k == 0 {
                break;
            }
            k -= 1;
        }
        self.range(a, end)
    }

    /// Start of the noun phrase ending at token `end`, scanning left.
    pub(super) fn np_left(&self, end: usize) -> Option<usize> {
        // "Every time you say": a personal pronoun right before the cue is the whole source.
        if self.is_word(end) && self.lower_in(end, &["i", "you", "he", "she", "we", "they"]) {
            return Some(end);
        }
        let floor = self.ts.max(end.saturating_sub(NP_WINDOW));
        let mut j = end;
        let mut start = None;
        loop {
            let t = self.toks[j];
            let ok = match t.k {
                Kind::Word => {
                    !self.lower_in(j, NP_STOP)
                        || (start.is_none() && self.lower_in(j, &["who", "it", "this", "which", "that"]))
                        // "Iran’s Ambassador to Russia", "Secretary of State"
                        || (self.w(j) == "to" && j > self.ts && j < end && self.capitalized(j - 1) && self.capitalized(j + 1))
                        // "Officials at Homeland Security Investigations", "Director of the FBI"
                        || (matches!(self.w(j), "at" | "for" | "from" | "with") && j > self.ts && j < end && self.is_word(j - 1) && !self.lower_in(j - 1, NP_STOP) && (self.capitalized(j + 1) || (self.w(j + 1) == "the" && j + 2 <= end && self.capitalized(j + 2))))
                }
                Kind::Punct => matches!(self.w(j), "." | "'" | "’" | "‘" | "(" | ")" | "-") && j > self.ts,
                _ => false,
            };
            if !ok {
                break;
            }
            // "who"/"which"/"it" is a whole source ("Clinton, who said").
            if t.k == Kind::Word && self.lower_in(j, &["who", "it", "this", "which", "that"]) {
                start = Some(j);
                break;
            }
            start = Some(j);
            if j == floor {
                break;
            }
            j -= 1;
        }
        let s = start?;
        // Drop leading punctuation, but keep a scare quote the phrase closes ("'Israeli' officials").
        let mut s2 = s;
        while s2 <= end && self.toks[s2].k != Kind::Word {
            s2 += 1;
        }
        if s2 > end {
            return None;
        }
        if s2 > self.ts && matches!(self.w(s2 - 1), "'" | "‘") && (s2..=end).any(|k| matches!(self.w(k), "'" | "’"))
        {
            return Some(s2 - 1);
        }
        if s2 > self.ts && self.toks[s2 - 1].k == Kind::Open && (s2..=end).any(|k| self.toks[k].k == Kind::Close) {
            return Some(s2 - 1);
        }
        Some(s2)
    }

    /// End of the noun phrase starting at `start`, scanning right (for "said X" and subjects).
    pub(super) fn np_right(&self, start: usize) -> Option<usize> {
        let limit = self.te.min(start + NP_WINDOW);
        let mut j = start;
        let mut end = None;
        while j < limit {
            let t = self.toks[j];
            let ok = match t.k {
                Kind::Word => {
                    !self.lower_in(j, NP_STOP)
                        && !CUE_VERBS.contains(&self.w(j))
                        && !self.lower_in(j, BETWEEN)
                        && !is_adverb(self.w(j))
                }
                Kind::Punct => {
                    matches!(self.w(j), "'" | "’" | "‘" | "(" | ")" | "-")
                        || (self.w(j) == "." && j + 1 < self.te && self.is_word(j + 1))
                }
                _ => false,
            };
            if !ok {
                break;
            }
            end = Some(j);
            j += 1;
        }
        let mut e = end?;
        while e > start && self.toks[e].k != Kind::Word {
            e -= 1;
        }
        if self.toks[e].k != Kind::Word {
            return None;
        }
        Some(e)
    }

    /// Content after the cue at `r`: "that ...", a quote, or the rest of the sentence. Also returns
    /// an outlet addressee ("told the Washington Post") to put in `via`.
    pub(super) fn right_content(&self, r: usize, cue: &str) -> Option<(TextRange, Option<String>)> {
        let last = self.content_last();
        if r > last {
            return None;
        }
        let mut addressee = None;
        let start;
        let window = (r + 12).min(last + 1);
        // "that" close by (after an addressee, a date or "allegations").
        let mut that = None;
        for k in r..window {
            if self.toks[k].k != Kind::Word {
                if self.is_punct(k, ",") && k > r && self.toks.get(k + 1).is_some_and(|t| t.k == Kind::Open) {
                    break;
                }
                continue;
            }
            if self.w(k) == "that" {
                that = Some(k);
                break;
            }
            if CUE_VERBS.contains(&self.w(k)) {
                break;
            }
        }
        if let Some(t) = that {
            if ADDRESSEE_VERBS.contains(&cue) && t > r {
                let obj = self.range(r, t - 1).map(|x| x.slice(self.text).to_owned()).unwrap_or_default();
                if is_outlet(&obj) {
                    addressee = Some(strip_intermediary(&obj));
                }
            }
            start = t;
        } else {
            // A quote after ":" or "," right after the cue: "writing: “If Russia ...”".
            let mut q = r;
            while q <= last && q < r + 3 && self.toks[q].k == Kind::Punct && matches!(self.w(q), ":" | ",") {
                q += 1;
            }
            if q <= last + 1 && q < self.toks.len() && self.toks[q].k == Kind::Open {
                let p = self.pairs[q];
                if p != usize::MAX {
                    return Some((self.range(q, p)?, None));
                }
            }
            if q > last {
                // "Limbaugh added:" with the quote in the next paragraph.
                return None;
            }
            start = q;
            if self.is_punct(start, ",") {
                return None;
            }
        }
        // "dismissed Sadr’s remarks, writing: “...”": the participle starts a claim of its own.
        let mut end = last.min(start + MAX_CONTENT);
        for k in start..last.min(start + 200) {
            if !self.is_punct(k, ",") || k <= start || !self.is_word(k + 1) {
                continue;
            }
            if (self.w(k + 1).ends_with("ing") && CUE_VERBS.contains(&self.w(k + 1))) || self.w(k + 1) == "according" {
                end = k - 1;
                break;
            }
            // "..., sources said." closes the sentence with a claim of its own; "..., he warned
            // against ..." opens one.
            let tail = (k + 1..(k + 7).min(last + 1)).find(|&c| CUE_VERBS.contains(&self.w(c)));
            if let Some(c) = tail {
                let mut v = c;
                while v > k + 1 && self.is_word(v - 1) && self.lower_in(v - 1, BETWEEN) {
                    v -= 1;
                }
                let new_clause = v > k + 1 && self.np_left(v - 1) == Some(k + 1);
                if c + 1 > last || self.is_punct(c + 1, ",") || new_clause {
                    end = k - 1;
                    break;
                }
            }
        }
        Some((self.extend_quote(start, end)?, addressee))
    }
}
