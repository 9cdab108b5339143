//! The dependency parse the attribution taggers read: each sentence of the attribution tokens
//! through `hearsay_syntax::Parser::builtin()` (trained on UD English EWT), kept as each token's
//! head, relation and part of speech, interned to `&'static str` so features cost no allocation.
//!
//! What the taggers learn from it: the subject of a reporting verb is its `nsubj` subtree, the
//! content its `ccomp`/`parataxis` subtree, the agent of a passive its `obl:agent`; and a cue word
//! with a clausal complement is speech, one with only an object an action. A sentence longer than
//! [`MAX_PARSED`] tokens is left unparsed (its tokens read as `none`), so a 10,000-word "sentence"
//! costs nothing here.

use hearsay_syntax::Parser;

use super::tokens::Tok;

/// Sentences with more tokens than this are not parsed.
pub(crate) const MAX_PARSED: usize = 120;

/// No head: the root of a sentence, or a token outside any parsed sentence.
pub(crate) const NO_HEAD: u32 = u32::MAX;

/// Universal part-of-speech tags.
const UPOS: &[&str] = &[
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT", "SCONJ",
    "SYM", "VERB", "X",
];

/// EWT's relations (with the English subtypes the taggers tell apart).
const RELS: &[&str] = &[
    "acl",
    "acl:relcl",
    "advcl",
    "advmod",
    "amod",
    "appos",
    "aux",
    "aux:pass",
    "case",
    "cc",
    "ccomp",
    "compound",
    "compound:prt",
    "conj",
    "cop",
    "csubj",
    "csubj:pass",
    "dep",
    "det",
    "discourse",
    "expl",
    "fixed",
    "flat",
    "iobj",
    "list",
    "mark",
    "nmod",
    "nmod:poss",
    "nmod:tmod",
    "nsubj",
    "nsubj:pass",
    "nummod",
    "obj",
    "obl",
    "obl:agent",
    "obl:tmod",
    "orphan",
    "parataxis",
    "punct",
    "root",
    "vocative",
    "xcomp",
];

/// Children flags of a token ([`DocParse::kids`]).
pub(crate) const KID_SUBJ: u8 = 1;
pub(crate) const KID_PASS: u8 = 2;
pub(crate) const KID_CCOMP: u8 = 4;
pub(crate) const KID_PARATAXIS: u8 = 8;
pub(crate) const KID_XCOMP: u8 = 16;
pub(crate) const KID_OBJ: u8 = 32;
pub(crate) const KID_AGENT: u8 = 64;

/// A clause as token indices ([`DocParse::clause`]): its head, and the inclusive token ranges
/// of its agent and patient phrases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ClauseTokens {
    pub(crate) head: usize,
    pub(crate) agent: Option<(usize, usize)>,
    pub(crate) patient: Option<(usize, usize)>,
    pub(crate) passive: bool,
}

/// Each token's parse, in document token order.
#[derive(Debug, Clone, Default)]
pub(crate) struct DocParse {
    /// The head's token index ([`NO_HEAD`] for a root or an unparsed token).
    pub(crate) head: Vec<u32>,
    /// The relation to the head (`none` when unparsed).
    pub(crate) rel: Vec<&'static str>,
    /// The part of speech (`none` when unparsed).
    pub(crate) upos: Vec<&'static str>,
    /// Which relations the token's children bear ([`KID_SUBJ`], ...).
    pub(crate) kids: Vec<u8>,
}

fn intern(list: &'static [&'static str], s: &str, fallback: &'static str) -> &'static str {
    if let Some(&x) = list.iter().find(|&&x| x == s) {
        return x;
    }
    let base = s.split(':').next().unwrap_or(s);
    list.iter().find(|&&x| x == base).copied().unwrap_or(fallback)
}

impl DocParse {
    /// Parses each sentence (`(first, end)` token ranges) of the tokens of `text`.
    pub(crate) fn new(text: &str, toks: &[Tok], sentences: &[(usize, usize)]) -> DocParse {
        let mut out = DocParse::unparsed(toks.len());
        for &(t0, t1) in sentences {
            out.parse_sentence(text, toks, t0, t1);
        }
        out
    }

    /// `n` tokens, none parsed yet ([`DocParse::parse_sentence`] parses one sentence).
    pub(crate) fn unparsed(n: usize) -> DocParse {
        DocParse { head: vec![NO_HEAD; n], rel: vec!["none"; n], upos: vec!["none"; n], kids: vec![0; n] }
    }

    /// Parses the sentence of tokens `t0..t1` (nothing when it is empty or longer than
    /// [`MAX_PARSED`]).
    pub(crate) fn parse_sentence(&mut self, text: &str, toks: &[Tok], t0: usize, t1: usize) {
        if t1 <= t0 || t1 - t0 > MAX_PARSED || t1 > toks.len() {
            return;
        }
        let words: Vec<&str> = toks[t0..t1].iter().map(|t| &text[t.s..t.e]).collect();
        let parse = Parser::builtin().parse(&words);
        for (k, node) in parse.nodes.iter().enumerate() {
            let i = t0 + k;
            self.rel[i] = intern(RELS, &node.deprel, "dep");
            self.upos[i] = intern(UPOS, &node.upos, "X");
            if node.head > 0 && node.head <= t1 - t0 {
                self.head[i] = (t0 + node.head - 1) as u32;
            }
        }
        for i in t0..t1 {
            let h = self.head[i];
            if h == NO_HEAD {
                continue;
            }
            let flag = match self.rel[i] {
                "nsubj" | "csubj" => KID_SUBJ,
                "nsubj:pass" | "csubj:pass" => KID_PASS,
                "ccomp" => KID_CCOMP,
                "parataxis" => KID_PARATAXIS,
                "xcomp" => KID_XCOMP,
                "obj" | "iobj" => KID_OBJ,
                "obl:agent" => KID_AGENT,
                _ => 0,
            };
            self.kids[h as usize] |= flag;
        }
    }

    /// Whether token `i` was parsed.
    pub(crate) fn parsed(&self, i: usize) -> bool {
        self.rel.get(i).is_some_and(|&r| r != "none")
    }

    /// The token of `first..=last` whose head lies outside it (the first such, preferring a verb),
    /// if the span was parsed.
    pub(crate) fn span_head(&self, first: usize, last: usize) -> Option<usize> {
        let outside = |i: usize| {
            let h = self.head[i];
            h == NO_HEAD || (h as usize) < first || (h as usize) > last
        };
        let candidates: Vec<usize> = (first..=last).filter(|&i| self.parsed(i) && outside(i)).collect();
        candidates.iter().copied().find(|&i| self.upos[i] == "VERB").or(candidates.first().copied())
    }

    /// The main clause of the tokens `first..=last` (inside one parsed sentence): its head (the
    /// token whose head lies outside the span, a verb first), and the token ranges of who acts
    /// (the subject; for a passive, the noun phrase of its `obl:agent`, "by" left out) and who is
    /// acted on (the object; for a passive, its subject). `None` when the span was not parsed.
    /// `is_by(i)` tells whether token `i` is the word "by": the parser often labels a passive's
    /// agent plain `obl`, and an `obl` of the passive's head led by "by" is its agent too.
    pub(crate) fn clause(&self, first: usize, last: usize, is_by: impl Fn(usize) -> bool) -> Option<ClauseTokens> {
        let head = self.span_head(first, last)?;
        let (mut subject, mut passive_subject, mut by_agent, mut object) = (None, None, None, None);
        // A phrase led by "by" (its first word, whatever the parser hung it on).
        let led_by = |i: usize| (first..i).find(|&k| self.under(k, i)).is_some_and(&is_by);
        let mut by_oblique = None;
        let mut passive = false;
        for i in first..=last {
            if self.head[i] as usize != head {
                continue;
            }
            match self.rel[i] {
                "obl" if by_oblique.is_none() && led_by(i) => by_oblique = Some(i),
                // Of two subjects (a misparse: "that Clinton talked"), the one nearer the head.
                "nsubj" | "csubj" if subject.is_none() || i < head => subject = Some(i),
                "nsubj:pass" | "csubj:pass" => {
                    passive = true;
                    passive_subject = passive_subject.or(Some(i));
                }
                "aux:pass" => passive = true,
                "obl:agent" => by_agent = by_agent.or(Some(i)),
                "obj" => object = object.or(Some(i)),
                _ => {}
            }
        }
        // A content with no clause: a noun phrase ("Trump's tax returns") has neither a verb at
        // its head nor a subject under it.
        if !matches!(self.upos[head], "VERB" | "AUX") && subject.is_none() && passive_subject.is_none() {
            return None;
        }
        let phrase = |top: Option<usize>| top.and_then(|top| self.phrase(top, first, last));
        // "was given the data by Russia": the parser may hang the "by" phrase on the object
        // ("data by Russia"); after the head, one step below it, it is the agent still.
        let by_nominal = || {
            (head + 1..=last).find(|&i| {
                let up = self.head[i];
                matches!(self.rel[i], "nmod" | "obl")
                    && up != NO_HEAD
                    && self.head[up as usize] as usize == head
                    && matches!(self.rel[up as usize], "obj" | "iobj" | "obl")
                    && led_by(i)
            })
        };
        Some(if passive {
            ClauseTokens {
                head,
                agent: phrase(by_agent.or(by_oblique).or_else(by_nominal)),
                patient: phrase(passive_subject),
                passive,
            }
        } else {
            ClauseTokens { head, agent: phrase(subject), patient: phrase(object), passive }
        })
    }

    /// The tokens of `first..=last` under `top` (itself included), as one range from the first
    /// to the last, without leading prepositions ("by") and punctuation at either end.
    fn phrase(&self, top: usize, first: usize, last: usize) -> Option<(usize, usize)> {
        let mut start = (first..=last).find(|&i| self.under(i, top))?;
        let mut end = (start..=last).rev().find(|&i| self.under(i, top)).unwrap_or(start);
        while start < end && matches!(self.rel[start], "case" | "punct") {
            start += 1;
        }
        while end > start && self.rel[end] == "punct" {
            end -= 1;
        }
        Some((start, end))
    }

    /// Whether token `i` is `top` or lies below it (at most 40 steps up).
    fn under(&self, i: usize, top: usize) -> bool {
        let mut cur = i;
        for _ in 0..40 {
            if cur == top {
                return true;
            }
            let up = self.head[cur];
            if up == NO_HEAD {
                return false;
            }
            cur = up as usize;
        }
        false
    }

    /// The chain from `h` up to its root: `(ancestor, relation of the child on the path)`.
    pub(crate) fn ancestors(&self, h: usize) -> Vec<(usize, &'static str)> {
        let mut out = Vec::new();
        let mut cur = h;
        while out.len() < 40 {
            let up = self.head[cur];
            if up == NO_HEAD {
                break;
            }
            out.push((up as usize, self.rel[cur]));
            cur = up as usize;
        }
        out
    }

    /// Where token `i` stands to the cue head `h` (whose ancestors are `up`), in a few words:
    /// `("d", rel, depth)` under the cue (rel: the relation of the cue's child on the path),
    /// `("a", rel, depth)` above it, `("s", rel, other)` beside it (under a common ancestor:
    /// the cue side's relation and this side's), `("-", ..)` unrelated or unparsed.
    pub(crate) fn path(&self, i: usize, h: usize, up: &[(usize, &'static str)]) -> (&'static str, &'static str, u64) {
        if !self.parsed(i) || !self.parsed(h) {
            return ("-", "-", 0);
        }
        if i == h {
            return ("h", "-", 0);
        }
        if let Some(k) = up.iter().position(|&(a, _)| a == i) {
            return ("a", up[k].1, (k as u64 + 1).min(3));
        }
        let mut prev = i;
        let mut depth = 1u64;
        let mut cur = self.head[i];
        while cur != NO_HEAD && depth < 40 {
            let c = cur as usize;
            if c == h {
                return ("d", self.rel[prev], depth.min(3));
            }
            if let Some(k) = up.iter().position(|&(a, _)| a == c) {
                return ("s", up[k].1, text_rel_id(self.rel[prev]));
            }
            prev = c;
            cur = self.head[c];
            depth += 1;
        }
        ("-", "-", 0)
    }
}

/// A small number for a relation (its place in the list), to mix into a feature.
fn text_rel_id(rel: &str) -> u64 {
    RELS.iter().position(|&r| r == rel).map_or(99, |p| p as u64)
}
