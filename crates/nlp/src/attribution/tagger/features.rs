//! What the taggers read: a tokenised document with the rules' output, and the hashed features of
//! each token for the cue tagger and, around one cue, for the role tagger.

use std::borrow::Cow;

use hearsay_text::TextRange;

use super::perceptron::Dense;
use super::*;
use crate::attribution::context::Context;
use crate::attribution::model::CueModel;
use crate::attribution::parse::{DocParse, NO_HEAD};
use crate::attribution::rules::words::CUE_VERBS;
use crate::attribution::tokens::{quote_pairs, quoted_tokens, sentence_tokens, tokenize, Kind, Tok};
use crate::attribution::RawAttribution;

/// A tokenised document with what the features need.
pub(crate) struct Doc<'a> {
    pub(crate) text: &'a str,
    pub(crate) toks: Vec<Tok>,
    pub(crate) lower: Vec<String>,
    pub(crate) pairs: Vec<usize>,
    pub(crate) quoted: Vec<bool>,
    /// Token ranges `[start, end)` of the sentences.
    pub(crate) sentences: Vec<(usize, usize)>,
    /// Sentence of each token.
    pub(crate) sentence_of: Vec<u32>,
    /// Commas before each token (prefix counts), for "how many commas between".
    pub(crate) commas: Vec<u32>,
    /// Quote marks before each token.
    pub(crate) quote_marks: Vec<u32>,
    /// What the rules made of each token: 0 nothing, 1 cue, 2 source, 3 content.
    pub(crate) rule_roles: Vec<u8>,
    /// The rules' attributions as token ranges `(cue, source, content)`, inclusive.
    pub(crate) rule_spans: Vec<RuleSpans>,
    /// The cue lexicon's bin of each token's word.
    pub(crate) lex: Vec<&'static str>,
    /// Hashed token strings for the role features.
    pub(crate) parts: Vec<TokenParts>,
    /// Each token's contextual vector (`toks.len() × DIM`), when the document has a [`Context`].
    pub(crate) dense: Vec<f32>,
    /// Which tokens have one.
    pub(crate) has_dense: Vec<bool>,
    /// Each token's dependency parse, when the tagger reads it ([`AttributionTagger::syntax`]):
    /// every sentence's, or with [`SYNTAX_CUE_SENTENCE`] only those [`Doc::parse_sentence`] parsed.
    pub(crate) parse: Option<DocParse>,
    /// Whether the cue tagger reads the parse too ([`SYNTAX_ALL`]); else the role tagger reads it
    /// in the cue's sentence only.
    pub(crate) cue_parse: bool,
    /// Which sentences are parsed.
    pub(crate) parsed: Vec<bool>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct RuleSpans {
    pub(crate) cue: (usize, usize),
    pub(crate) source: Option<(usize, usize)>,
    pub(crate) content: (usize, usize),
}

impl<'a> Doc<'a> {
    pub(crate) fn new(
        text: &'a str,
        sentence_ranges: &[TextRange],
        rules: &[RawAttribution],
        context: Option<&Context>,
        syntax: u32,
    ) -> Doc<'a> {
        let toks = tokenize(text);
        let (dense, has_dense) = match context {
            Some(c) => c.per_token(&toks.iter().map(|t| (t.s, t.e)).collect::<Vec<_>>(), DENSE_NORM),
            None => (Vec::new(), Vec::new()),
        };
        // Token range of a byte range: the tokens whose middle lies inside it.
        let token_range = |r: TextRange| -> Option<(usize, usize)> {
            let first = toks.partition_point(|t| (t.s + t.e) / 2 < r.start());
            let end = toks.partition_point(|t| (t.s + t.e) / 2 < r.end());
            (first < end).then(|| (first, end - 1))
        };
        let mut rule_roles = vec![0u8; toks.len()];
        let mut rule_spans = Vec::with_capacity(rules.len());
        for a in rules {
            let (Some(cue), Some(content)) = (token_range(a.cue_span), token_range(a.content_span)) else { continue };
            let source = a.source_span.and_then(token_range);
            for (range, role) in [(Some(content), 3u8), (source, 2), (Some(cue), 1)] {
                if let Some((x, y)) = range {
                    for r in &mut rule_roles[x..=y] {
                        if *r == 0 || role < *r {
                            *r = role;
                        }
                    }
                }
            }
            rule_spans.push(RuleSpans { cue, source, content });
        }
        let pairs = quote_pairs(&toks);
        let quoted = quoted_tokens(&pairs);
        let lower: Vec<String> = toks.iter().map(|t| text[t.s..t.e].to_lowercase()).collect();
        let sentences = sentence_tokens(&toks, sentence_ranges);
        let mut sentence_of = vec![u32::MAX; toks.len()];
        for (si, &(t0, t1)) in sentences.iter().enumerate() {
            sentence_of[t0..t1].fill(si as u32);
        }
        let mut commas = Vec::with_capacity(toks.len() + 1);
        let mut quote_marks = Vec::with_capacity(toks.len() + 1);
        let (mut c, mut q) = (0u32, 0u32);
        for t in &toks {
            commas.push(c);
            quote_marks.push(q);
            if t.k == Kind::Punct && &text[t.s..t.e] == "," {
                c += 1;
            }
            if matches!(t.k, Kind::Open | Kind::Close) {
                q += 1;
            }
        }
        commas.push(c);
        quote_marks.push(q);
        let lex = lower.iter().map(|w: &String| lexicon_bin(w)).collect();
        let cue_parse = syntax == SYNTAX_ALL;
        let parse = match syntax {
            SYNTAX_ALL => Some(DocParse::new(text, &toks, &sentences)),
            SYNTAX_CUE_SENTENCE => Some(DocParse::unparsed(toks.len())),
            _ => None,
        };
        let parsed = vec![cue_parse; sentences.len()];
        let mut doc = Doc {
            text,
            toks,
            lower,
            pairs,
            quoted,
            sentences,
            sentence_of,
            commas,
            quote_marks,
            rule_roles,
            rule_spans,
            lex,
            parts: Vec::new(),
            dense,
            has_dense,
            parse,
            cue_parse,
            parsed,
        };
        doc.parts = (0..doc.toks.len()).map(|i| doc.token_parts(i)).collect();
        doc
    }

    /// Parses sentence `si` if the tagger reads the parse and it is not parsed yet.
    pub(crate) fn parse_sentence(&mut self, si: usize) {
        let (Some(parse), Some(done)) = (self.parse.as_mut(), self.parsed.get_mut(si)) else { return };
        if !*done {
            *done = true;
            let (t0, t1) = self.sentences[si];
            parse.parse_sentence(self.text, &self.toks, t0, t1);
        }
    }

    /// The main clause of the content at `span` ([`DocParse::clause`]) as text ranges: the
    /// tokens of `span` in the sentence of its first token, that sentence parsed first if it was
    /// not (a document the tagger read without the parse gets one here).
    pub(crate) fn clause_of(&mut self, span: TextRange) -> Option<hearsay_schema::ClauseOut> {
        let first = self.toks.partition_point(|t| (t.s + t.e) / 2 < span.start());
        let end = self.toks.partition_point(|t| (t.s + t.e) / 2 < span.end());
        let si = *self.sentence_of.get(first)? as usize;
        let &(_, sentence_end) = self.sentences.get(si)?;
        let mut last = end.min(sentence_end).checked_sub(1).filter(|&last| last >= first)?;
        let mut first = first;
        // A content that opens with a quote ("“Subpoenas are not optional,” Chaffetz said after
        // ..."): the clause is the quote's, not the attribution's around it.
        if self.toks[first].k == Kind::Open && self.pairs[first] != usize::MAX && self.pairs[first] <= last + 1 {
            let close = self.pairs[first];
            if close > first + 1 {
                (first, last) = (first + 1, close - 1);
            }
        }
        let parse = self.parse.get_or_insert_with(|| DocParse::unparsed(self.toks.len()));
        if !self.parsed.get(si).copied().unwrap_or(false) {
            // A sentence the tagger did not parse: the content's own words only (a leading
            // "that" left out), which parse in a fraction of the sentence's time.
            if self.lower[first] == "that" && first < last {
                first += 1;
            }
            parse.parse_sentence(self.text, &self.toks, first, last + 1);
        }
        let parse = self.parse.as_ref()?;
        if !parse.parsed(first) {
            return None;
        }
        let clause = parse.clause(first, last, |k| self.lower[k] == "by")?;
        let range =
            |r: Option<(usize, usize)>| r.and_then(|(a, b)| self.range(a, b)).map(hearsay_schema::SpanOut::from);
        Some(hearsay_schema::ClauseOut {
            predicate: self.range(clause.head, clause.head)?.into(),
            agent: range(clause.agent),
            patient: range(clause.patient),
            passive: clause.passive,
        })
    }

    pub(crate) fn range(&self, a: usize, b: usize) -> Option<TextRange> {
        if a > b || b >= self.toks.len() {
            return None;
        }
        TextRange::new(self.text, self.toks[a].s, self.toks[b].e)
    }

    pub(crate) fn word(&self, i: isize) -> &str {
        if i < 0 {
            "<s>"
        } else {
            self.lower.get(i as usize).map_or("</s>", String::as_str)
        }
    }

    pub(crate) fn shape(&self, i: usize) -> &'static str {
        let t = self.toks[i];
        match t.k {
            Kind::Open => "open",
            Kind::Close => "close",
            Kind::Punct => "punct",
            Kind::Word => {
                let w = &self.text[t.s..t.e];
                let first = w.chars().next().unwrap_or(' ');
                if first.is_ascii_digit() {
                    "digit"
                } else if w.chars().all(char::is_uppercase) && w.chars().count() > 1 {
                    "upper"
                } else if first.is_uppercase() {
                    "cap"
                } else {
                    "lower"
                }
            }
        }
    }

    pub(crate) fn token_parts(&self, i: usize) -> TokenParts {
        let si = self.sentence_of[i];
        let in_sentence = if si == u32::MAX { usize::MAX } else { i - self.sentences[si as usize].0 };
        TokenParts {
            w: text_hash(&self.lower[i]),
            prev: text_hash(self.word(i as isize - 1)),
            next: text_hash(self.word(i as isize + 1)),
            stem: text_hash(stem(&self.lower[i])),
            shape: text_hash(self.shape(i)),
            lex: text_hash(self.lex[i]),
            prev_shape: text_hash(if i > 0 { self.shape(i - 1) } else { "<s>" }),
            next_shape: text_hash(if i + 1 < self.toks.len() { self.shape(i + 1) } else { "</s>" }),
            sentpos: in_sentence.min(6) as u64,
            rule: u64::from(self.rule_roles[i]),
        }
    }

    /// The cue tagger's contextual input for the sentence `ts..te`, if the document has vectors.
    pub(crate) fn cue_dense(&self, ts: usize, te: usize) -> Option<Dense<'_>> {
        if self.dense.is_empty() {
            return None;
        }
        let tokens = (ts..te).map(|i| self.has_dense[i].then_some((0, i))).collect();
        Some(Dense { rows: &self.dense, tokens: Cow::Owned(tokens), gate: None })
    }

    /// The role tagger's contextual input for the window `ws..we` around the cue `cs..=ce`: each
    /// token's vector in its block (side × sentence), gated by the cue's mean vector.
    pub(crate) fn role_dense(&self, ws: usize, we: usize, cs: usize, ce: usize) -> Option<Dense<'_>> {
        if self.dense.is_empty() {
            return None;
        }
        let mut gate = vec![0f32; DIM];
        for i in (cs..=ce).filter(|&i| self.has_dense[i]) {
            for (g, x) in gate.iter_mut().zip(&self.dense[i * DIM..(i + 1) * DIM]) {
                *g += x;
            }
        }
        // Scaled so that the gated vector is about as long as the vector itself.
        let length = gate.iter().map(|x| x * x).sum::<f32>().sqrt();
        if length > 0.0 {
            let scale = (DIM as f32).sqrt() / length;
            gate.iter_mut().for_each(|g| *g *= scale);
        }
        let tokens = (ws..we)
            .map(|i| {
                let side = if i < cs {
                    0
                } else if i > ce {
                    1
                } else {
                    2
                };
                let sentence = match i64::from(self.sentence_of[i]) - i64::from(self.sentence_of[cs]) {
                    d if d < 0 => 0,
                    0 => 1,
                    _ => 2,
                };
                self.has_dense[i].then_some((side * 3 + sentence, i))
            })
            .collect();
        Some(Dense { rows: &self.dense, tokens: Cow::Owned(tokens), gate: (length > 0.0).then_some(Cow::Owned(gate)) })
    }

    /// The rules' attribution on the cue `cs..=ce`, if they found one.
    pub(crate) fn rule_on(&self, cs: usize, ce: usize) -> Option<&RuleSpans> {
        self.rule_spans.iter().find(|r| r.cue.0 <= ce && cs <= r.cue.1)
    }

    /// Cue tagger features of token `i` in the sentence `ts..te`.
    pub(crate) fn cue_features(&self, i: usize, ts: usize, te: usize) -> Vec<u64> {
        let w = self.word(i as isize);
        let prev = if i > ts { self.word(i as isize - 1) } else { "<s>" };
        let prev2 = if i > ts + 1 { self.word(i as isize - 2) } else { "<s>" };
        let next = if i + 1 < te { self.word(i as isize + 1) } else { "</s>" };
        let next2 = if i + 2 < te { self.word(i as isize + 2) } else { "</s>" };
        let lex = self.lex[i];
        let stem = stem(w);
        let quoted = if self.quoted[i] { "q" } else { "-" };
        let prev_shape = if i > ts { self.shape(i - 1) } else { "<s>" };
        let next_shape = if i + 1 < te { self.shape(i + 1) } else { "</s>" };
        let position = match i - ts {
            0 => "0",
            1..=3 => "1-3",
            _ => "4+",
        };
        // What follows within three tokens: "that", a quote, a colon, "to"; what precedes within three: a
        // pronoun or a capitalised word (a subject).
        let ahead = |pred: &dyn Fn(usize) -> bool| ((i + 1)..(i + 4).min(te)).any(pred);
        let behind = |pred: &dyn Fn(usize) -> bool| (i.saturating_sub(3).max(ts)..i).any(pred);
        let that = if ahead(&|j| self.lower[j] == "that") { "that" } else { "-" };
        let quote = if ahead(&|j| matches!(self.toks[j].k, Kind::Open | Kind::Close) || &self.lower[j] == ":") {
            "quote"
        } else {
            "-"
        };
        let to = if ahead(&|j| self.lower[j] == "to") { "to" } else { "-" };
        let subject =
            if behind(&|j| matches!(self.lower[j].as_str(), "he" | "she" | "they" | "i" | "we" | "you" | "it")) {
                "pron"
            } else if behind(&|j| self.shape(j) == "cap" && j > ts) {
                "name"
            } else {
                "-"
            };
        let after = format!("{that}{quote}{to}");
        let rule = |j: isize| -> &'static str {
            if j < ts as isize || j >= te as isize {
                return "x";
            }
            ["-", "cue", "src", "con"][usize::from(self.rule_roles[j as usize])]
        };
        let (rule_here, rule_prev, rule_next) = (rule(i as isize), rule(i as isize - 1), rule(i as isize + 1));
        let mut features = vec![
            hash("rule", rule_here, lex),
            hash("rule w", rule_here, w),
            hash("rule-1 rule rule+1", rule_prev, &format!("{rule_here} {rule_next}")),
            hash("bias", "", ""),
            hash("after", &after, lex),
            hash("after w", &after, w),
            hash("subject", subject, lex),
            hash("subject after", subject, &after),
            hash("w", w, ""),
            hash("stem", stem, ""),
            hash("w-1", prev, ""),
            hash("w+1", next, ""),
            hash("w-2", prev2, ""),
            hash("w+2", next2, ""),
            hash("w-1 w", prev, w),
            hash("w w+1", w, next),
            hash("stem w+1", stem, next),
            hash("suf3", suffix(w, 3), ""),
            hash("shape", self.shape(i), quoted),
            hash("shape-1 shape+1", prev_shape, next_shape),
            hash("lex", lex, ""),
            hash("lex q", lex, quoted),
            hash("lex-1", if i > ts { self.lex[i - 1] } else { "<s>" }, ""),
            hash("lex+1", if i + 1 < te { self.lex[i + 1] } else { "</s>" }, ""),
            hash("lex shape-1", lex, prev_shape),
            hash("lex w+1", lex, next),
            hash("pos", position, lex),
            hash("verb", if CUE_VERBS.contains(&w) { "y" } else { "n" }, quoted),
        ];
        if let Some(pa) = self.parse.as_ref().filter(|_| self.cue_parse) {
            // The parse: a cue word with a clausal complement or a subject is speech; one with
            // only an object is more often an action.
            let (rel, upos) = (pa.rel[i], pa.upos[i]);
            let head_upos = match pa.head[i] {
                NO_HEAD => "root",
                h => pa.upos[h as usize],
            };
            let kids = pa.kids[i].to_string();
            features.extend([
                hash("dep lex", rel, lex),
                hash("upos w", upos, w),
                hash("kids lex", &kids, lex),
                hash("kids w", &kids, w),
                hash("dep headpos", rel, head_upos),
                hash("upos kids", upos, &kids),
            ]);
        }
        features
    }

    /// The token window `[start, end)` the role tagger reads for the cue `cs..=ce` in sentence `si`.
    pub(crate) fn role_window(&self, si: usize, cs: usize, ce: usize) -> (usize, usize) {
        let before = si.saturating_sub(1);
        let after = (si + 1).min(self.sentences.len() - 1);
        let mut start = self.sentences[before].0.max(cs.saturating_sub(ROLE_REACH));
        let mut end = self.sentences[after].1.min(ce + 1 + ROLE_REACH);
        // A quote that closes just before the cue or opens just after it belongs in the window.
        for i in cs.saturating_sub(3)..cs {
            if self.toks[i].k == Kind::Close && self.pairs[i] != usize::MAX {
                start = start.min(self.pairs[i].max(cs.saturating_sub(2 * ROLE_REACH)));
            }
        }
        for i in ce + 1..(ce + 4).min(self.toks.len()) {
            if self.toks[i].k == Kind::Open && self.pairs[i] != usize::MAX {
                end = end.max((self.pairs[i] + 1).min(ce + 1 + 2 * ROLE_REACH));
            }
        }
        (start, end.max(ce + 1).min(self.toks.len()))
    }

    /// Role tagger features of token `i` for the cue `cs..=ce`.
    /// What the role features need of the cue `cs..=ce`, computed once per cue.
    pub(crate) fn cue_parts(&self, cs: usize, ce: usize) -> CueParts<'_> {
        let before_cue = |k: usize| cs.checked_sub(k).map_or("<s>", |j| self.lower[j].as_str());
        // Coordinated verbs share the subject of the sentence: "Wilson praised Rubio and said ...".
        let coord = matches!(before_cue(1), "and" | "but" | "," | "or") || matches!(before_cue(2), "and" | "but");
        let head = self.parse.as_ref().and_then(|p| p.span_head(cs, ce));
        let up = match (&self.parse, head) {
            (Some(p), Some(h)) => p.ancestors(h),
            _ => Vec::new(),
        };
        let (head_rel, head_kids) = match (&self.parse, head) {
            (Some(p), Some(h)) => (text_hash(p.rel[h]), u64::from(p.kids[h])),
            _ => (text_hash("-"), 0),
        };
        CueParts {
            cs,
            ce,
            last: text_hash(self.word(ce as isize)),
            first: text_hash(self.word(cs as isize)),
            lex: text_hash(self.lex[ce]),
            coord: u64::from(coord),
            same: self.rule_on(cs, ce),
            head,
            up,
            head_rel,
            head_kids,
        }
    }

    /// Role tagger features of token `i` for a cue. Each feature mixes hashes of the token's
    /// strings (computed once per document in [`Doc::parts`]) with small numbers that say where
    /// the token sits relative to the cue, so a cue's window costs no string work.
    pub(crate) fn role_features(&self, i: usize, cue: &CueParts<'_>) -> Vec<u64> {
        let (cs, ce) = (cue.cs, cue.ce);
        let (dir, distance) = if i < cs {
            (0u64, cs - i)
        } else if i > ce {
            (1, i - ce)
        } else {
            (2, 0)
        };
        let dist: u64 = match distance {
            0 => 0,
            1 => 1,
            2 => 2,
            3..=4 => 3,
            5..=8 => 4,
            9..=16 => 5,
            17..=32 => 6,
            _ => 7,
        };
        let (lo, hi) = if i < cs { (i, cs) } else { (ce + 1, i) };
        let lo = lo.min(hi);
        let commas = u64::from((self.commas[hi] - self.commas[lo]).min(2));
        let quotes = u64::from((self.quote_marks[hi] - self.quote_marks[lo]).min(2));
        let sentence: u64 = match i64::from(self.sentence_of[i]) - i64::from(self.sentence_of[cs]) {
            d if d < 0 => 0,
            0 => 1,
            _ => 2,
        };
        let quoted = u64::from(self.quoted[i]) * 2 + u64::from(self.quoted[cs]);
        // The rules' reading of this token for the same cue, if the rules found the cue.
        let inside = |r: Option<(usize, usize)>| r.is_some_and(|(x, y)| x <= i && i <= y);
        let rule_same: u64 = match cue.same {
            None => 0,
            Some(r) if inside(r.source) => 1,
            Some(r) if inside(Some(r.content)) => 2,
            Some(_) => 3,
        };
        let dir_dist = dir * 8 + dist;
        let where_ = dir * 27 + sentence * 9 + commas * 3 + quotes;
        let layout = cue.coord * 6 + dir * 3 + sentence;
        let p = &self.parts[i];
        let f = |template: u64, a: u64, b: u64| mix(mix(template, a), b);
        let mut features = vec![
            f(1, p.sentpos, layout),
            f(2, mix(p.sentpos, p.shape), layout),
            f(3, p.w, mix(p.sentpos, layout)),
            f(4, rule_same, dir),
            f(5, rule_same, where_),
            f(6, rule_same, p.shape),
            f(7, p.rule, dir_dist),
            f(8, dir, 0),
            f(9, dir_dist, 0),
            f(10, where_, 0),
            f(11, where_, dist),
            f(12, p.w, dir),
            f(13, p.prev, dir),
            f(14, p.next, dir),
            f(15, p.stem, dir_dist),
            f(16, p.shape, dir_dist),
            f(17, p.shape, where_),
            f(18, quoted, where_),
            f(19, cue.last, dir),
            f(20, cue.last, dir_dist),
            f(21, cue.first, dir),
            f(22, cue.lex, where_),
            f(23, cue.last, p.w),
            f(24, p.w, dir_dist),
            f(25, p.lex, dir_dist),
            f(26, p.prev_shape, dir_dist),
            f(27, p.next_shape, dir_dist),
        ];
        if let Some(pa) = &self.parse {
            // Where the token stands to the cue in the parse: under its subject, its complement
            // clause, its agent; above it (the quote a "he said" interrupts); beside it.
            let (kind, rel, extra) = match cue.head {
                Some(h) => pa.path(i, h, &cue.up),
                None => ("-", "-", 0),
            };
            let path = mix(mix(text_hash(kind), text_hash(rel)), extra);
            let coarse = mix(text_hash(kind), text_hash(rel));
            // With the cue's sentence parsed alone, a token of another sentence reads as unparsed
            // whether or not its sentence was parsed for a cue of its own.
            let own = if self.cue_parse || self.sentence_of[i] == self.sentence_of[cs] {
                mix(text_hash(pa.rel[i]), text_hash(pa.upos[i]))
            } else {
                mix(text_hash("none"), text_hash("none"))
            };
            features.extend([
                f(28, path, dir),
                f(29, path, p.shape),
                f(30, coarse, cue.last),
                f(31, coarse, dir_dist),
                f(32, cue.head_rel, path),
                f(33, coarse, rule_same),
                f(34, own, mix(coarse, dir)),
                f(35, cue.head_kids, mix(coarse, dir)),
            ]);
        }
        features
    }
}

/// Hashes of what one token contributes to the role features.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TokenParts {
    pub(crate) w: u64,
    pub(crate) prev: u64,
    pub(crate) next: u64,
    pub(crate) stem: u64,
    pub(crate) shape: u64,
    pub(crate) lex: u64,
    pub(crate) prev_shape: u64,
    pub(crate) next_shape: u64,
    pub(crate) sentpos: u64,
    pub(crate) rule: u64,
}

/// What the role features need of one cue.
pub(crate) struct CueParts<'d> {
    pub(crate) cs: usize,
    pub(crate) ce: usize,
    pub(crate) last: u64,
    pub(crate) first: u64,
    pub(crate) lex: u64,
    pub(crate) coord: u64,
    pub(crate) same: Option<&'d RuleSpans>,
    /// The cue's head word in the parse, its ancestors, its relation and its children's relations.
    pub(crate) head: Option<usize>,
    pub(crate) up: Vec<(usize, &'static str)>,
    pub(crate) head_rel: u64,
    pub(crate) head_kids: u64,
}

/// FNV-1a of a string.
pub(crate) fn text_hash(s: &str) -> u64 {
    hearsay_text::fnv1a(s.as_bytes())
}

/// Mixes a value into a running feature hash (order matters).
pub(crate) fn mix(h: u64, x: u64) -> u64 {
    let h = (h ^ x).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^ (h >> 29)
}

pub(crate) fn suffix(w: &str, n: usize) -> &str {
    let start = w.char_indices().rev().nth(n - 1).map_or(0, |(b, _)| b);
    &w[start..]
}

/// A crude stem: "says", "said" and "saying" stay apart, but "denied"/"denies"/"denying" meet.
pub(crate) fn stem(w: &str) -> &str {
    for s in ["ing", "ed", "es", "s"] {
        if w.len() > s.len() + 3 && w.ends_with(s) {
            return &w[..w.len() - s.len()];
        }
    }
    w
}

/// How often the word is a cue in train (the committed lexicon), binned.
pub(crate) fn lexicon_bin(w: &str) -> &'static str {
    let Some((a, b)) = CueModel::builtin().counts(w) else { return "none" };
    let p = f64::from(a) / f64::from(b.max(1));
    match p {
        p if p >= 0.8 => "p80",
        p if p >= 0.5 => "p50",
        p if p >= 0.3 => "p30",
        _ => "p15",
    }
}

/// FNV-1a over a template name and its values.
pub(crate) fn hash(template: &str, a: &str, b: &str) -> u64 {
    [template, "\u{1}", a, "\u{1}", b]
        .iter()
        .fold(hearsay_text::Fnv1a::new(), |h, part| h.write(part.as_bytes()))
        .finish()
}
