//! Reporting verbs: "X said (that) ...", "“...,” said X", "..., saying ...", with the subject
//! found leftwards past auxiliaries, adverbs, time phrases and control verbs.

use super::*;

impl Ctx<'_> {
    /// Where the main clause's subject starts, for a cue at `i` that shares it: after an opening
    /// adverbial and its comma ("On Thursday, Warren ..., saying"; "ATLANTIC CITY — Clinton").
    pub(super) fn subject_start(&self, i: usize) -> usize {
        let limit = i.min(self.ts + 15);
        let opener = self.lower_in(self.ts, ADVERBIAL_OPENERS) || is_adverb(&self.w(self.ts).to_lowercase());
        let dateline = (self.ts..limit).find(|&k| matches!(self.w(k), "—" | "–" | "--"));
        if let Some(d) = dateline {
            if (self.ts..d).all(|k| self.capitalized(k) || !self.is_word(k)) && d + 1 < i {
                return d + 1;
            }
        }
        if opener {
            if let Some(c) = (self.ts + 1..limit).find(|&k| self.is_punct(k, ",")) {
                if c + 1 < i && self.is_word(c + 1) {
                    return c + 1;
                }
            }
        }
        self.ts
    }

    pub(super) fn verb(&self, i: usize, w: &str, earlier: &[RawAttribution]) -> Option<RawAttribution> {
        // Skip aux and adverbs leftwards.
        let mut k = i;
        let mut passive = false;
        let mut after_time = false;
        let mut controlled = false;
        while k > self.ts && self.is_word(k - 1) {
            // "He continues to insist", "sought to attack", "is planning to boycott": the subject
            // of the verb that controls the cue is the source.
            if self.w(k - 1) == "to"
                && k - 1 > self.ts + 1
                && self.is_word(k - 2)
                && self.lower_in(k - 2, CONTROL_VERBS)
            {
                let c = self.toks[k - 2];
                if earlier.iter().any(|a| a.cue_span.start() == c.s) {
                    return None;
                }
                controlled = true;
                k -= 2;
                continue;
            }
            let time = self.lower_in(k - 1, TIME_WORDS);
            let opener = after_time && self.lower_in(k - 1, TIME_OPENERS);
            // A pronoun's split contraction is an auxiliary: "he ’s predicting", "they ’ve said".
            if !(time
                || opener
                || self.is_split_contraction(k - 1)
                || self.lower_in(k - 1, BETWEEN)
                || self.lower_in(k - 1, BE)
                || is_adverb(self.w(k - 1)))
            {
                break;
            }
            // A bare time word right before the cue is a subject ("Tuesday marked"), not a time.
            if time && k == i && !(k - 1 > self.ts && self.lower_in(k - 2, TIME_OPENERS)) {
                break;
            }
            if self.lower_in(k - 1, BE) && !controlled {
                passive = true;
            }
            after_time = time;
            k -= 1;
        }
        if passive && !w.ends_with("ing") {
            return None;
        }
        if i > self.ts && self.is_word(i - 1) && self.lower_in(i - 1, DETERMINERS) {
            // "Fox News reported", "Several said", "Some say": a name or a quantifier as the
            // subject of a plain verb form.
            let name = self.capitalized(i - 1) && i - 1 > self.ts;
            let quantifier = self.lower_in(i - 1, &["some", "many", "several", "two", "those"])
                && CUE_VERBS.contains(&w)
                && !NOUNISH.contains(&w);
            if !name && !quantifier {
                return None;
            }
        }
        let cue_span = self.range(i, i)?;
        // k is the first skipped token; the token before it decides the shape.
        let left = if k > self.ts { Some(k - 1) } else { None };
        let right_start = i + 1;

        if let Some(l) = left {
            let lt = self.toks[l];
            if lt.k == Kind::Close || (lt.k == Kind::Punct && self.w(l) == ",") {
                return self.after_comma(i, l, earlier, cue_span);
            }
        }
        // "Graham urged Republicans to ..., and criticized the party’s ...": a second verb shares
        // the subject of the first.
        if let Some(l) = left {
            if self.is_word(l)
                && matches!(self.w(l), "and" | "but")
                && (w.ends_with("ed") || CUE_VERBS.contains(&w))
                && !w.ends_with("ing")
            {
                let (source_span, name_span, role) = match earlier.last() {
                    Some(prev) => (prev.source_span, prev.name_span, prev.role.clone()),
                    None => {
                        let s0 = self.subject_start(i);
                        let e = self.np_right(s0)?;
                        if !self.capitalized(s0) {
                            return None;
                        }
                        let (n, r) = split_role(self, s0, e);
                        (self.range(s0, e), n, r)
                    }
                };
                let (content_span, addressee) = self.right_content(i + 1, w)?;
                return Some(RawAttribution {
                    cue_span,
                    source_span,
                    name_span,
                    role,
                    via: addressee.into_iter().collect(),
                    content_span,
                    sentence: self.sentence,
                });
            }
        }
        // "“...?” a narrator in the Clinton ad asks.": a quote, a longer noun phrase, the cue last.
        if let Some(found) = self.after_quote_np(i, k, cue_span) {
            return Some(found);
        }
        // Normal order: NP cue CONTENT, or CONTENT, NP cue.
        let np_end = left?;
        let np_start = self.np_left(np_end)?;
        let source_span = self.range(np_start, np_end);
        let before_np = if np_start > self.ts { Some(np_start - 1) } else { None };
        // "“How many times ...?” | Clinton said." — a question or exclamation quote ends the
        // previous sentence and the short "NAME said." follows on its own.
        if np_start == self.ts
            && self.ts >= 2
            && self.toks[self.ts - 1].k == Kind::Close
            && self.pairs[self.ts - 1] != usize::MAX
            && matches!(self.w(self.ts - 2), "?" | "!")
            && !self.reports_right(right_start)
            && self.te - self.ts <= 12
        {
            let (name_span, role) = split_role(self, np_start, np_end);
            return Some(RawAttribution {
                cue_span,
                source_span,
                name_span,
                role,
                via: Vec::new(),
                content_span: self.range(self.pairs[self.ts - 1], self.ts - 1)?,
                sentence: self.sentence,
            });
        }
        let inverted = before_np.is_some_and(|b| {
            let bt = self.toks[b];
            (bt.k == Kind::Close || (bt.k == Kind::Punct && self.w(b) == ",")) && b > self.ts + 1
        }) && self.right_is_empty(right_start);
        // "“QUOTE,” X said" where the quote opened in an earlier sentence.
        let inverted = inverted
            || before_np.is_some_and(|b| {
                self.toks[b].k == Kind::Close && self.pairs[b] != usize::MAX && !self.reports_right(right_start)
            });
        let (content_span, addressee) = if inverted {
            let comma = before_np?;
            let first = if self.toks[comma].k == Kind::Close {
                let o = self.pairs[comma];
                if o == usize::MAX {
                    self.floor(comma)
                } else {
                    o
                }
            } else {
                self.left_clause_start(comma)
            };
            let last = if self.toks[comma].k == Kind::Close { comma } else { comma - 1 };
            (self.range(first, last)?, None)
        } else {
            self.right_content(right_start, w)?
        };
        let (name_span, role) = split_role(self, np_start, np_end);
        let via = addressee.into_iter().collect();
        Some(RawAttribution { cue_span, source_span, name_span, role, via, content_span, sentence: self.sentence })
    }

    /// The quote closing at most 12 words before the cue, when only words lie between and
    /// nothing but trailers follow the cue.
    pub(super) fn after_quote_np(&self, i: usize, k: usize, cue_span: TextRange) -> Option<RawAttribution> {
        if k == self.ts || !self.right_is_empty(i + 1) {
            return None;
        }
        let mut j = k - 1;
        let floor = self.ts.max(k.saturating_sub(12));
        while j > floor && (self.is_word(j) || matches!(self.w(j), "." | "’" | "'" | "(" | ")" | "-")) {
            j -= 1;
        }
        if self.toks[j].k != Kind::Close || self.pairs[j] == usize::MAX || j + 1 >= k {
            return None;
        }
        let (name_span, role) = split_role(self, j + 1, k - 1);
        Some(RawAttribution {
            cue_span,
            source_span: self.range(j + 1, k - 1),
            name_span,
            role,
            via: Vec::new(),
            content_span: self.range(self.pairs[j], j)?,
            sentence: self.sentence,
        })
    }

    /// True when a report starts right after the cue: "that", a colon or a quote (after an
    /// optional comma). After a closing quote, anything else is a trailer: "“...,” she said
    /// several months after her release".
    pub(super) fn reports_right(&self, r: usize) -> bool {
        let last = self.content_last();
        let mut q = r;
        while q <= last && q < r + 2 && self.is_punct(q, ",") {
            q += 1;
        }
        if q > last {
            return false;
        }
        self.toks[q].k == Kind::Open || self.is_punct(q, ":") || (self.is_word(q) && self.w(q) == "that")
    }

    /// True when nothing but a comma-delimited tail or the sentence end follows the cue.
    pub(super) fn right_is_empty(&self, r: usize) -> bool {
        let last = self.content_last();
        if r > last {
            return true;
        }
        let t = self.toks[r];
        if t.k == Kind::Punct && matches!(self.w(r), "," | "." | ";") {
            // "the announcer said, “It’s 3 a.m. ...”": a quote follows, the content is on the right.
            return !(r < last && self.toks[r + 1].k == Kind::Open);
        }
        // "“...,” Graham told The New York Times then." / "..., lawmakers said Friday afternoon."
        // A trailer (time, place, addressee) and no "that" or quote: the content is on the left.
        // The window ends at a comma that opens no quote: "said Tuesday in Paris, noting the
        // nominee “makes you want to retch”" has its content on the left.
        let mut window = (r + 12).min(last + 1);
        if let Some(c) =
            (r..window).find(|&k| self.is_punct(k, ",") && self.toks.get(k + 1).is_some_and(|t| t.k != Kind::Open))
        {
            window = c;
        }
        let has_that_or_quote =
            (r..window).any(|k| self.toks[k].k == Kind::Open || (self.is_word(k) && self.w(k) == "that"));
        if has_that_or_quote {
            return false;
        }
        let first = self.w(r);
        TRAILERS.iter().any(|x| x.eq_ignore_ascii_case(first))
            || (self.capitalized(r) && self.ends_without_clause(r, last))
    }

    /// True when tokens `r..=last` look like a name or date with trailers, not a clause
    /// ("The Huffington Post on Thursday", "Friday afternoon").
    pub(super) fn ends_without_clause(&self, r: usize, last: usize) -> bool {
        if last - r > 12 {
            return false;
        }
        !(r..=last).any(|k| {
            self.is_word(k)
                && self.lower_in(
                    k,
                    &[
                        "is", "was", "are", "were", "will", "would", "has", "have", "had", "he", "she", "they", "it",
                        "we", "i",
                    ],
                )
        })
    }

    /// The cue is right after a comma or a closing quote: an appositive ("Sadr, a member of ...,
    /// suggested"), a participle ("..., writing: “...”"), or an inverted quote ("“...,” said X").
    pub(super) fn after_comma(
        &self,
        i: usize,
        l: usize,
        earlier: &[RawAttribution],
        cue_span: TextRange,
    ) -> Option<RawAttribution> {
        let w = self.w(i);
        let is_comma = self.toks[l].k == Kind::Punct;
        if is_comma {
            if !w.ends_with("ing") {
                if let Some(found) = self.appositive(i, l, cue_span) {
                    return Some(found);
                }
            }
            if w.ends_with("ing") {
                // Participle: the source is the subject of the main clause.
                let (source_span, name_span, role) = match earlier.last() {
                    Some(prev) => (prev.source_span, prev.name_span, prev.role.clone()),
                    None => {
                        let s0 = self.subject_start(i);
                        let e = self.np_right(s0)?;
                        let (n, r) = split_role(self, s0, e);
                        (self.range(s0, e), n, r)
                    }
                };
                let (content_span, _) = self.right_content(i + 1, w)?;
                return Some(RawAttribution {
                    cue_span,
                    source_span,
                    name_span,
                    role,
                    via: Vec::new(),
                    content_span,
                    sentence: self.sentence,
                });
            }
        }
        // Inverted: "“...,” said X." / "CONTENT, said X."
        let s0 = i + 1;
        if s0 >= self.te {
            return None;
        }
        let e = self.np_right(s0)?;
        // "Oliver K. Hedge, who appraises ... for Cushman & Wakefield, said the golf industry had
        // ...": a clause follows the cue, so the subject is the name opening the sentence.
        let last = self.content_last();
        if is_comma
            && e < last
            && !self.is_punct(e + 1, ",")
            && !self.lower_in(e + 1, TRAILERS)
            && self.capitalized(self.ts)
        {
            if let Some(c) = (self.ts + 1..l).find(|&k| self.is_punct(k, ",")) {
                if c < l && self.np_right(self.ts) == Some(c - 1) {
                    let (content_span, addressee) = self.right_content(i + 1, w)?;
                    let (name_span, role) = split_role(self, self.ts, c - 1);
                    return Some(RawAttribution {
                        cue_span,
                        source_span: self.range(self.ts, c - 1),
                        name_span,
                        role,
                        via: addressee.into_iter().collect(),
                        content_span,
                        sentence: self.sentence,
                    });
                }
            }
        }
        let content_span = if self.toks[l].k == Kind::Close {
            let o = self.pairs[l];
            if o == usize::MAX {
                self.range(self.floor(l), l)?
            } else {
                self.range(o, l)?
            }
        } else if l > self.ts && self.toks[l - 1].k == Kind::Close && self.pairs[l - 1] != usize::MAX {
            self.range(self.pairs[l - 1], l - 1)?
        } else {
            if l <= self.ts {
                return None;
            }
            self.range(self.floor(l), l - 1)?
        };
        let (name_span, role) = split_role(self, s0, e);
        Some(RawAttribution {
            cue_span,
            source_span: self.range(s0, e),
            name_span,
            role,
            via: Vec::new(),
            content_span,
            sentence: self.sentence,
        })
    }
}
