//! "According to X, CONTENT." and "CONTENT, according to X citing Y."

use super::*;

impl Ctx<'_> {
    /// "According to X, CONTENT." and "CONTENT, according to X citing Y."
    pub(super) fn according(&self, i: usize) -> Option<RawAttribution> {
        let cue_span = self.range(i, i + 1)?;
        let mut src_start = i + 2;
        // Markdown emphasis around an outlet: "according to _Al Jazeera._"
        while src_start < self.te && matches!(self.w(src_start), "_" | "*") {
            src_start += 1;
        }
        let mut j = src_start;
        let limit = (src_start + NP_WINDOW).min(self.te);
        while j < limit && self.is_word(j) && !self.w(j).eq_ignore_ascii_case("citing") {
            j += 1;
        }
        // Allow "the U.S. State Department" style periods and apostrophes inside the name.
        if j == src_start {
            return None;
        }
        let src_end = j - 1;
        let mut source_span = self.range(src_start, src_end);
        let mut name_span = source_span;
        let mut via = Vec::new();
        let mut after = j;
        if j < self.te && self.w(j).eq_ignore_ascii_case("citing") {
            let c0 = j + 1;
            let mut c1 = c0;
            while c1 < limit.max(c0 + NP_WINDOW).min(self.te) && self.is_word(c1) {
                c1 += 1;
            }
            if c1 > c0 {
                via.push(strip_intermediary(self.range(src_start, src_end)?.slice(self.text)));
                source_span = self.range(c0, c1 - 1);
                name_span = source_span;
                after = c1;
            }
        }
        let content_span = if i > self.ts && self.is_punct(i - 1, ",") && i - 1 > self.ts {
            // CONTENT, according to X.
            let first = self.left_clause_start(i - 1);
            self.range(first, i - 2)?
        } else if i == self.ts || (i > self.ts && !self.is_word(i - 1)) {
            // According to X, CONTENT.
            let mut c = after;
            while c < self.te && self.toks[c].k == Kind::Punct && self.w(c) == "," {
                c += 1;
            }
            let last = self.content_last();
            if c > last {
                return None;
            }
            self.extend_quote(c, last)?
        } else {
            // "... is Y according to X" without a comma.
            self.range(self.floor(i), i - 1)?
        };
        Some(RawAttribution {
            cue_span,
            source_span,
            name_span,
            role: None,
            via,
            content_span,
            sentence: self.sentence,
        })
    }
}
