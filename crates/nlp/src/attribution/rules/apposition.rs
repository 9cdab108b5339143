//! Names with roles beside them: "Sadr, a member of ..., suggested", "Iran’s Ambassador to
//! Russia, Kazem Jalali, has rejected", and the role split off "Foreign Ministry spokesman Esmail
//! Baghaei".

use super::*;

impl Ctx<'_> {
    /// "NAME, APPOSITIVE, cue" and "ROLE, NAME, cue".
    pub(super) fn appositive(&self, i: usize, l: usize, cue_span: TextRange) -> Option<RawAttribution> {
        // The comma opening the appositive: the nearest one, within the window, whose left side
        // is a noun phrase reaching a clause boundary ("Donna Sampson Rawlings, 59, of Ashton,
        // Md., who watched ..., said" tries each comma leftwards).
        let floor = self.ts.max(l.saturating_sub(NP_WINDOW));
        let mut p = l;
        let mut chosen = None;
        while p > floor {
            p -= 1;
            if self.toks[p].k != Kind::Word
                && !matches!(self.w(p), "(" | ")" | "." | "'" | "’" | "‘" | "-" | "," | "&" | "%" | "$" | "/")
            {
                return None;
            }
            if !self.is_punct(p, ",") || p + 1 >= l || p == self.ts {
                continue;
            }
            let Some(n0) = self.np_left(p - 1) else { continue };
            let boundary_ok =
                n0 == self.ts || matches!(self.w(n0 - 1), ":" | "—" | ";") || self.toks[n0 - 1].k == Kind::Close;
            if boundary_ok && (self.capitalized(n0) || p + 1 == l || self.lower_in(n0, &["a", "an", "the"])) {
                chosen = Some((p, n0));
                break;
            }
        }
        let (p, n0) = chosen?;
        let a0 = p + 1;
        let a1 = l - 1;
        // "Kayhan, funded by ..., dismissed Sadr’s remarks, writing": a clause, not an appositive.
        if (a0..=a1).any(|t| self.is_word(t) && CUE_VERBS.contains(&self.w(t))) {
            return None;
        }
        // A name has a capitalised word: "Sarandon, 69, told" is Sarandon at 69 (`capitalized`
        // also takes digits, for "G20" and "3M").
        let appos_is_name = (a0..=a1).all(|t| self.capitalized(t) || matches!(self.w(t), "." | "’" | "'"))
            && (a0..=a1).any(|t| self.w(t).starts_with(char::is_uppercase));
        let first_word = self.w(a0).to_ascii_lowercase();
        // "Democrat of California", "a member of ...", "59": anything that is not a bare name.
        let appos_like = !appos_is_name
            && (matches!(first_word.as_str(), "a" | "an" | "the" | "who" | "which" | "whose" | "one" | "former")
                || (a0..=a1).any(|t| {
                    self.is_word(t) && self.w(t).chars().next().is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
                }));
        if !appos_is_name && !appos_like {
            return None;
        }
        let (name_span, role) = if appos_is_name {
            (self.range(a0, a1), self.range(n0, p - 1).map(|r| r.slice(self.text).to_owned()))
        } else {
            // "a member of Iran's Expediency Council", "Democrat of California", "the envoy" are
            // roles; "funded by the Supreme Leader’s office" and "who ..." are not.
            let is_role = matches!(first_word.as_str(), "a" | "an" | "the" | "former" | "then")
                || (a0..=a1).any(|t| self.is_word(t) && self.lower_in(t, TITLES));
            let role = if !is_role { None } else { self.range(a0, a1).map(|r| r.slice(self.text).to_owned()) };
            let (n, r2) = split_role(self, n0, p - 1);
            (n, role.or(r2))
        };
        // "“...,” Scott Pruitt, the Republican attorney general of Oklahoma, said at an event":
        // the quote before the name is the content.
        let quote_before = n0 > self.ts && self.toks[n0 - 1].k == Kind::Close && self.pairs[n0 - 1] != usize::MAX;
        let (content_span, addressee) = if quote_before && !self.reports_right(i + 1) {
            (self.range(self.pairs[n0 - 1], n0 - 1)?, None)
        } else {
            self.right_content(i + 1, self.w(i))?
        };
        Some(RawAttribution {
            cue_span,
            source_span: self.range(n0, a1),
            name_span,
            role,
            via: addressee.into_iter().collect(),
            content_span,
            sentence: self.sentence,
        })
    }
}

/// Splits a source noun phrase into a role and a name: "Foreign Ministry spokesman Esmail
/// Baghaei" gives ("Esmail Baghaei", "Foreign Ministry spokesman").
pub(super) fn split_role(ctx: &Ctx<'_>, a: usize, b: usize) -> (Option<TextRange>, Option<String>) {
    let whole = ctx.range(a, b);
    let mut cut = None;
    for k in a..b {
        if !ctx.is_word(k) {
            continue;
        }
        let w = ctx.w(k);
        let lower = w.chars().next().is_some_and(char::is_lowercase);
        if lower || ctx.lower_in(k, TITLES) {
            cut = Some(k);
        }
    }
    if let Some(c) = cut {
        // Everything after the cut must be capitalised name words.
        let rest_is_name = ((c + 1)..=b).all(|t| ctx.capitalized(t) || matches!(ctx.w(t), "." | "-"))
            && ctx.capitalized(b)
            && !ctx.lower_in(b, TITLES);
        if rest_is_name && c < b {
            let mut n0 = c + 1;
            while n0 <= b && !ctx.is_word(n0) {
                n0 += 1;
            }
            // A role names a position ("spokesman", "Prime Minister"); "the" or "capabilities" is not one.
            if (a..=c).any(|t| ctx.is_word(t) && ctx.lower_in(t, TITLES)) {
                return (ctx.range(n0, b), ctx.range(a, c).map(|r| r.slice(ctx.text).to_owned()));
            }
        }
    }
    (whole, None)
}
