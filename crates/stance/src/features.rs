//! Features of a (headline, body) pair: how much the body talks about the headline (for
//! related/unrelated) and how the sentences that do talk about it frame it (refuting, hedging,
//! negating, quoting; for agree/disagree/discuss).

use serde::{Deserialize, Serialize};

use crate::text::{combine, counts, hash_bytes, phrase_hash, set, tokenize, Tokens};

/// Words and phrases of debunking news ("Hoax Alert:", "no evidence", "turned out to be fake").
pub(crate) const REFUTING: &[&str] = &[
    "fake",
    "fraud",
    "hoax",
    "false",
    "deny",
    "denies",
    "denied",
    "denial",
    "debunk",
    "debunked",
    "bogus",
    "prank",
    "retract",
    "retracted",
    "retraction",
    "satire",
    "satirical",
    "untrue",
    "fabricated",
    "made up",
    "no evidence",
    "not true",
    "misleading",
    "myth",
    "scam",
    "baseless",
    "unfounded",
    "refute",
    "refuted",
    "dismiss",
    "dismissed",
    "reject",
    "rejected",
    "photoshopped",
    "doctored",
    "parody",
    "spoof",
    "incorrect",
    "wrong",
    "rumor",
    "rumour",
    "nonsense",
    "fiction",
    "fictional",
    "not real",
    "isn't true",
    "no truth",
    "falsely",
    "lie",
    "lies",
    "lied",
    "contrary",
    "debunking",
    "clarify",
    "clarified",
    "never happened",
    "not the case",
    "no such",
    "joke",
];

/// Hedging and second-hand reporting ("reportedly", "allegedly", "unconfirmed").
pub(crate) const HEDGING: &[&str] = &[
    "reportedly",
    "allegedly",
    "alleged",
    "claim",
    "claims",
    "claimed",
    "may",
    "might",
    "could",
    "possibly",
    "apparently",
    "rumored",
    "rumoured",
    "unconfirmed",
    "unverified",
    "purportedly",
    "supposedly",
    "according to",
    "suggest",
    "suggests",
    "appears",
    "seems",
    "believed",
    "unclear",
    "speculation",
    "if true",
    "not confirmed",
    "could not be verified",
    "cannot confirm",
    "would not confirm",
    "report",
    "reports",
    "said to",
];

/// Negations whose closeness to headline words marks "the body says the opposite".
pub(crate) const NEGATION: &[&str] =
    &["not", "no", "never", "nothing", "none", "nobody", "neither", "nor", "without", "deny", "false", "fake"];

/// Words of confirmation ("confirmed", "officially").
pub(crate) const CONFIRMING: &[&str] = &[
    "confirm",
    "confirmed",
    "confirms",
    "officially",
    "announced",
    "verified",
    "indeed",
    "proof",
    "evidence shows",
    "footage shows",
    "video shows",
    "in fact",
    "revealed",
    "true",
];

/// Phrase lexicons as sorted phrase hashes, with the longest phrase length.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Lexicon {
    pub(crate) phrases: Vec<u64>,
    pub(crate) max_len: u32,
}

impl Lexicon {
    pub(crate) fn new<'a>(entries: impl IntoIterator<Item = &'a str>) -> Lexicon {
        let mut max_len = 1;
        let phrases = set(entries.into_iter().filter_map(|e| {
            let t = tokenize(e);
            if t.words.is_empty() {
                return None;
            }
            max_len = max_len.max(t.words.len() as u32);
            Some(phrase_hash(&t.words))
        }));
        Lexicon { phrases, max_len: max_len.min(4) }
    }

    /// Positions of words that start a lexicon phrase.
    fn hits(&self, words: &[u64], out: &mut Vec<usize>) {
        out.clear();
        for i in 0..words.len() {
            for n in 1..=self.max_len as usize {
                if i + n > words.len() {
                    break;
                }
                if self.phrases.binary_search(&phrase_hash(&words[i..i + n])).is_ok() {
                    out.push(i);
                    break;
                }
            }
        }
    }
}

/// The lexicons a model carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Lexicons {
    pub(crate) refuting: Lexicon,
    pub(crate) hedging: Lexicon,
    pub(crate) negation: Lexicon,
    pub(crate) confirming: Lexicon,
    pub(crate) reporting: Lexicon,
}

/// Inverse document frequencies over hashed unigrams and bigrams.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Idf {
    pub(crate) bits: u32,
    pub(crate) values: Vec<f32>,
}

impl Idf {
    pub(crate) fn fit<'a>(docs: impl Iterator<Item = &'a str>, bits: u32) -> Idf {
        let mask = (1u64 << bits) - 1;
        let mut df = vec![0u32; 1 << bits];
        let mut n = 0u32;
        for doc in docs {
            n += 1;
            let t = tokenize(doc);
            let terms = set(unigrams(&t).chain(bigrams(&t)).map(|h| h & mask));
            for h in terms {
                df[h as usize] += 1;
            }
        }
        // Kept to thousandths, as the model file stores them.
        let values = df
            .iter()
            .map(|&d| {
                let v = ((f64::from(n) + 1.0) / (f64::from(d) + 1.0)).ln() + 1.0;
                f32::from((v * 1000.0).round() as u16) / 1000.0
            })
            .collect();
        Idf { bits, values }
    }

    fn get(&self, h: u64) -> f32 {
        self.values[(h & ((1u64 << self.bits) - 1)) as usize]
    }
}

fn unigrams(t: &Tokens) -> impl Iterator<Item = u64> + '_ {
    t.words.iter().zip(&t.content).filter(|(_, &c)| c).map(|(&w, _)| w)
}

/// Bigrams with at least one content word, within sentences.
fn bigrams(t: &Tokens) -> impl Iterator<Item = u64> + '_ {
    t.sentences.iter().flat_map(move |&(s, e)| {
        (s..e.saturating_sub(1))
            .filter(move |&i| t.content[i] || t.content[i + 1])
            .map(move |i| combine(t.words[i], t.words[i + 1]))
    })
}

fn trigrams(t: &Tokens) -> impl Iterator<Item = u64> + '_ {
    t.sentences.iter().flat_map(move |&(s, e)| {
        (s..e.saturating_sub(2)).map(move |i| combine(combine(t.words[i], t.words[i + 1]), t.words[i + 2]))
    })
}

/// A text analysed once and compared with many others (each FNC body meets ~30 headlines).
#[derive(Debug, Clone)]
pub(crate) struct Analysed {
    pub(crate) tokens: Tokens,
    /// L2-normalised tf-idf of content unigrams, sorted by hash.
    uni: Vec<(u64, f32)>,
    /// L2-normalised tf-idf of bigrams, sorted by hash.
    bi: Vec<(u64, f32)>,
    uni_set: Vec<u64>,
    bi_set: Vec<u64>,
    tri_set: Vec<u64>,
    /// Word positions where a lexicon phrase starts.
    refuting: Vec<usize>,
    hedging: Vec<usize>,
    negation: Vec<usize>,
    confirming: Vec<usize>,
    reporting: Vec<usize>,
    /// `true` at the words a lexicon phrase starts at.
    cue: Vec<bool>,
}

fn tfidf(c: Vec<(u64, f32)>, idf: &Idf) -> Vec<(u64, f32)> {
    let mut v: Vec<(u64, f32)> = c.into_iter().map(|(h, n)| (h, (1.0 + n.ln()) * idf.get(h))).collect();
    let norm = v.iter().map(|(_, x)| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, x) in &mut v {
            *x /= norm;
        }
    }
    v
}

fn cosine(a: &[(u64, f32)], b: &[(u64, f32)]) -> f32 {
    // Both unit vectors: their dot product.
    hearsay_text::sparse_dot(a, b)
}

impl Analysed {
    /// The L2-normalised tf-idf of the content unigrams, sorted by hash.
    pub(crate) fn unigram_tfidf(&self) -> &[(u64, f32)] {
        &self.uni
    }
}

pub(crate) fn analyse(text: &str, idf: &Idf, lex: &Lexicons) -> Analysed {
    let tokens = tokenize(text);
    let uni = tfidf(counts(unigrams(&tokens)), idf);
    let bi = tfidf(counts(bigrams(&tokens)), idf);
    let uni_set = uni.iter().map(|&(h, _)| h).collect();
    let bi_set = bi.iter().map(|&(h, _)| h).collect();
    let tri_set = set(trigrams(&tokens));
    let mut a = Analysed {
        tokens,
        uni,
        bi,
        uni_set,
        bi_set,
        tri_set,
        refuting: Vec::new(),
        hedging: Vec::new(),
        negation: Vec::new(),
        confirming: Vec::new(),
        reporting: Vec::new(),
        cue: Vec::new(),
    };
    lex.refuting.hits(&a.tokens.words, &mut a.refuting);
    lex.hedging.hits(&a.tokens.words, &mut a.hedging);
    lex.negation.hits(&a.tokens.words, &mut a.negation);
    lex.confirming.hits(&a.tokens.words, &mut a.confirming);
    lex.reporting.hits(&a.tokens.words, &mut a.reporting);
    a.cue = vec![false; a.tokens.words.len()];
    for &p in a.refuting.iter().chain(&a.hedging).chain(&a.negation).chain(&a.confirming).chain(&a.reporting) {
        a.cue[p] = true;
    }
    a
}

/// A word as the shape of a sentence sees it: lexicon cues and function words as themselves
/// (a cue that is also a headline word marked so), other headline words as `H`, other content
/// words as `X`. Shapes carry over to claims never seen in training: "X denied H", "H is a hoax",
/// "not H" name no topic.
fn shape_of(text: &Analysed, i: usize, head: &Analysed) -> u64 {
    let t = &text.tokens;
    let in_head = head.uni_set.binary_search(&t.words[i]).is_ok();
    if text.cue[i] || !t.content[i] {
        if in_head {
            combine(SHAPE_H, t.words[i])
        } else {
            t.words[i]
        }
    } else if in_head {
        SHAPE_H
    } else {
        SHAPE_X
    }
}

const SHAPE_H: u64 = 0x5348_4150_455f_4801;
const SHAPE_X: u64 = 0x5348_4150_455f_5802;

/// Bigrams and trigrams of the shapes of `text`'s words in `[s, e)` (runs of `H` or of `X`
/// read as one), each pushed with weight `w` under namespace `space`.
fn shape_ngrams(
    text: &Analysed,
    head: &Analysed,
    (s, e): (usize, usize),
    space: u64,
    w: f32,
    sp: &mut Vec<(u64, f32)>,
) {
    let mut shapes: Vec<u64> = Vec::with_capacity(e - s + 2);
    shapes.push(SHAPE_START);
    for i in s..e {
        let shape = shape_of(text, i, head);
        if (shape == SHAPE_H || shape == SHAPE_X) && shapes.last() == Some(&shape) {
            continue;
        }
        shapes.push(shape);
    }
    shapes.push(SHAPE_END);
    for i in 1..shapes.len() {
        sp.push((combine(space, combine(shapes[i - 1], shapes[i])), w));
        if i >= 2 {
            sp.push((combine(space, combine(combine(shapes[i - 2], shapes[i - 1]), shapes[i])), w));
        }
    }
}

const SHAPE_START: u64 = 0x5348_4150_455f_5303;
const SHAPE_END: u64 = 0x5348_4150_455f_4504;

/// Names of the dense similarity features, in order (binned for the linear models).
pub(crate) const DENSE: &[&str] = &[
    "cos_uni",
    "cos_bi",
    "frac_words",
    "frac_words_idf",
    "frac_bigrams",
    "frac_trigrams",
    "lead_frac_idf",
    "max_sent_idf",
    "top2_sent_idf",
    "bm25",
    "head_len",
    "body_len",
    "sents_over_half",
    "first_hit_pos",
];

/// Everything the models read about one pair.
#[derive(Debug, Clone, Default)]
pub(crate) struct PairFeatures {
    pub(crate) dense: Vec<f32>,
    /// Up to three body sentences closest to the headline, best first.
    pub(crate) top: Vec<usize>,
    /// Each body sentence's idf-weighted coverage of the headline's words.
    pub(crate) sentence_scores: Vec<f32>,
}

fn count_in(positions: &[usize], s: usize, e: usize) -> usize {
    positions.iter().filter(|&&p| p >= s && p < e).count()
}

/// Small counts as categories: 0, 1, 2, 3-5, 6+.
fn count_bucket(n: usize) -> u64 {
    match n {
        0..=2 => n as u64,
        3..=5 => 3,
        _ => 4,
    }
}

fn ns(name: &str) -> u64 {
    hash_bytes(name.as_bytes())
}

pub(crate) fn pair_features(head: &Analysed, body: &Analysed, idf: &Idf) -> PairFeatures {
    let ht = &head.tokens;
    let bt = &body.tokens;
    let head_words: Vec<u64> = head.uni_set.clone();
    let idf_total: f32 = head_words.iter().map(|&h| idf.get(h)).sum::<f32>().max(1e-6);
    let in_body = |h: &u64| body.uni_set.binary_search(h).is_ok();
    let frac = |have: usize, all: usize| {
        if all == 0 {
            0.0
        } else {
            have as f32 / all as f32
        }
    };
    let frac_words = frac(head_words.iter().filter(|h| in_body(h)).count(), head_words.len());
    let frac_words_idf = head_words.iter().filter(|h| in_body(h)).map(|&h| idf.get(h)).sum::<f32>() / idf_total;
    let frac_bigrams =
        frac(head.bi_set.iter().filter(|h| body.bi_set.binary_search(h).is_ok()).count(), head.bi_set.len());
    let frac_trigrams =
        frac(head.tri_set.iter().filter(|h| body.tri_set.binary_search(h).is_ok()).count(), head.tri_set.len());

    // Per-sentence idf-weighted coverage of the headline's words: a related body usually has a
    // sentence restating the headline's claim even when the rest of it is background.
    let mut sent_scores: Vec<(f32, usize)> = Vec::with_capacity(bt.sentences.len());
    let mut seen: Vec<u64> = Vec::new();
    for (k, &(s, e)) in bt.sentences.iter().enumerate() {
        seen.clear();
        seen.extend(bt.words[s..e].iter().zip(&bt.content[s..e]).filter(|(_, &c)| c).map(|(&w, _)| w));
        seen.sort_unstable();
        seen.dedup();
        let score =
            head_words.iter().filter(|h| seen.binary_search(h).is_ok()).map(|&h| idf.get(h)).sum::<f32>() / idf_total;
        sent_scores.push((score, k));
    }
    let lead_frac_idf = {
        let end = bt.sentences.get(1).or(bt.sentences.first()).map_or(0, |&(_, e)| e);
        seen.clear();
        seen.extend(bt.words[..end].iter().copied());
        seen.sort_unstable();
        seen.dedup();
        head_words.iter().filter(|h| seen.binary_search(h).is_ok()).map(|&h| idf.get(h)).sum::<f32>() / idf_total
    };
    let first_hit_pos =
        sent_scores.iter().position(|&(s, _)| s >= 0.5).map_or(1.0, |p| p as f32 / bt.sentences.len().max(1) as f32);
    let sents_over_half = frac(sent_scores.iter().filter(|&&(s, _)| s >= 0.5).count(), sent_scores.len()).sqrt();
    let mut ranked = sent_scores.clone();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let max_sent = ranked.first().map_or(0.0, |r| r.0);
    let top2 = ranked.iter().take(2).map(|r| r.0).sum::<f32>() / 2.0;

    // BM25 of the headline as a query against the body, scaled by its best possible score.
    let body_len = bt.words.len() as f32;
    let (k1, b) = (1.2f32, 0.75f32);
    let norm = k1 * (1.0 - b + b * body_len / 400.0);
    let mut bm25 = 0.0;
    for &(h, _) in &head.uni {
        let tf = body
            .uni
            .binary_search_by_key(&h, |&(x, _)| x)
            .map_or(0.0, |_| bt.words.iter().filter(|&&w| w == h).count() as f32);
        bm25 += idf.get(h) * tf * (k1 + 1.0) / (tf + norm);
    }
    let bm25 = bm25 / (idf_total * (k1 + 1.0));

    let dense = vec![
        cosine(&head.uni, &body.uni),
        cosine(&head.bi, &body.bi),
        frac_words,
        frac_words_idf,
        frac_bigrams,
        frac_trigrams,
        lead_frac_idf,
        max_sent,
        top2,
        bm25,
        (1.0 + ht.words.len() as f32).ln() / 4.0,
        (1.0 + body_len).ln() / 8.0,
        sents_over_half,
        first_hit_pos,
    ];
    // The three body sentences closest to the headline carry most of the stance signal.
    let top: Vec<usize> = ranked.iter().take(3).filter(|r| r.0 > 0.0).map(|r| r.1).collect();
    let sentence_scores = sent_scores.iter().map(|&(s, _)| s).collect();
    PairFeatures { dense, top, sentence_scores }
}

/// Sentences of a body's lead, whose cues the stance stage reads apart from the rest. Chosen on
/// FNC-1's topic-grouped folds (`train` example, `--topics`) with three seeds: agree / disagree /
/// discuss macro-F1 0.530 / 0.543 / 0.544 without the lead's cues, 0.545 / 0.552 / 0.550 with the
/// first three sentences' (the first sentence's 0.530 and the first two's 0.542 on the first seed,
/// the first five's 0.544 / 0.546 on the others).
const LEAD_SENTENCES: usize = 3;

/// Hashed sparse features for agree/disagree/discuss: headline n-grams, n-grams of the body
/// sentences in `top`, body words, lexicon counts, and the shapes of the headline and of the
/// `top` sentences with the body's question marks and colons (scaled by `scale`'s five groups,
/// in that order; the last is left out at 0).
pub(crate) fn stance_sparse(
    head: &Analysed,
    body: &Analysed,
    top: &[usize],
    sentence_scores: &[f32],
    scale: [f32; 5],
    sp: &mut Vec<(u64, f32)>,
) {
    let ht = &head.tokens;
    let bt = &body.tokens;
    let body_len = bt.words.len() as f32;
    // Headline n-grams: many FNC headlines announce their own stance ("Hoax Alert:", "Not true").
    let (nh, nhb) = (ns("h1"), ns("h2"));
    let hw = scale[0] / (ht.words.len().max(1) as f32).sqrt();
    for &w in &ht.words {
        sp.push((combine(nh, w), hw));
    }
    for i in 1..ht.words.len() {
        sp.push((combine(nhb, combine(ht.words[i - 1], ht.words[i])), hw));
    }

    let (ns1, ns2) = (ns("s1"), ns("s2"));
    let top_len: usize = top.iter().map(|&k| bt.sentences[k].1 - bt.sentences[k].0).sum();
    let sw = scale[1] / (top_len.max(1) as f32).sqrt();
    for &k in top {
        let (s, e) = bt.sentences[k];
        for i in s..e {
            sp.push((combine(ns1, bt.words[i]), sw));
            if i > s {
                sp.push((combine(ns2, combine(bt.words[i - 1], bt.words[i])), sw));
            }
        }
    }
    // Whole-body words, weakly: debunking articles use "hoax" anywhere, not only near the claim.
    let nb = ns("b1");
    for &(h, x) in &body.uni {
        sp.push((combine(nb, h), scale[2] * x));
    }

    // Lexicon counts in headline, top sentences and the whole body, as small categories.
    let in_top =
        |pos: &[usize]| top.iter().map(|&k| count_in(pos, bt.sentences[k].0, bt.sentences[k].1)).sum::<usize>();
    let groups: [(&str, &Vec<usize>, &Vec<usize>); 5] = [
        ("ref", &head.refuting, &body.refuting),
        ("hedge", &head.hedging, &body.hedging),
        ("neg", &head.negation, &body.negation),
        ("conf", &head.confirming, &body.confirming),
        ("rep", &head.reporting, &body.reporting),
    ];
    let mut cats: Vec<u64> = Vec::new();
    for (name, h, bpos) in groups {
        let g = ns(name);
        let hb = count_bucket(h.len()).min(2);
        let tb = count_bucket(in_top(bpos));
        let bb = count_bucket(bpos.len());
        let bdensity = ((bpos.len() as f32 * 100.0 / body_len.max(1.0)) * 2.0).min(6.0) as u64;
        cats.push(combine(g, combine(1, hb)));
        cats.push(combine(g, combine(2, tb)));
        cats.push(combine(g, combine(3, bb)));
        cats.push(combine(g, combine(4, bdensity)));
        cats.push(combine(g, combine(5, combine(hb, tb.min(2)))));
        cats.push(combine(g, combine(6, combine(hb, bb.min(3)))));
        // Does a cue sit in a sentence about the headline's claim? "The photo is a hoax" next
        // to the claim's own words weighs more than "hoax" in an unrelated aside.
        let mut best: Option<f32> = None;
        for (k, &(s, e)) in bt.sentences.iter().enumerate() {
            if count_in(bpos, s, e) > 0 {
                let score = sentence_scores.get(k).copied().unwrap_or(0.0);
                best = Some(best.map_or(score, |b: f32| b.max(score)));
            }
        }
        let sb = best.map_or(9, |b| (b * 4.0).min(4.0) as u64);
        cats.push(combine(g, combine(7, sb)));
        cats.push(combine(g, combine(8, combine(hb, sb))));
    }
    // Negation within three words of a headline word in the body: "did not die", "no plans to".
    let mut near = 0usize;
    for &p in &body.negation {
        let lo = p.saturating_sub(3);
        let hi = (p + 4).min(bt.words.len());
        if (lo..hi).any(|i| i != p && bt.content[i] && head.uni_set.binary_search(&bt.words[i]).is_ok()) {
            near += 1;
        }
    }
    cats.push(combine(ns("negnear"), count_bucket(near)));
    // Cues in the body's lead (its first LEAD_SENTENCES sentences), against whether the headline
    // itself negates or debunks: a debunk opens with the debunk, a report with the report.
    let head_neg = u64::from(!head.negation.is_empty() || !head.refuting.is_empty());
    // A body of one sentence (a headline, as the headline stage reads) has no lead of its own.
    let lead_end = bt.sentences.get(LEAD_SENTENCES - 1).or(bt.sentences.last()).map_or(0, |&(_, e)| e);
    for (name, positions) in
        [("ref", &body.refuting), ("hedge", &body.hedging), ("neg", &body.negation), ("conf", &body.confirming)]
    {
        if bt.sentences.len() > 1 {
            let c = positions.iter().filter(|&&p| p < lead_end).count();
            cats.push(combine(ns("lead"), combine(ns(name), combine(head_neg, count_bucket(c).min(2)))));
        }
    }
    cats.push(combine(ns("head?"), u64::from(ht.question_marks.min(1))));
    cats.push(combine(ns("headquote"), u64::from(ht.quote_marks.min(2))));
    cats.push(combine(ns("bodyquote"), count_bucket(bt.quote_marks as usize / 2)));
    if scale[4] > 0.0 {
        // Punctuation of the body: a headline that asks ("Is X dead?") or labels ("Report: X")
        // reports rather than asserts.
        cats.push(combine(ns("body?"), count_bucket(bt.question_marks as usize).min(2)));
        cats.push(combine(ns("body:"), count_bucket(bt.colons as usize).min(2)));
    }
    cats.push(combine(ns("bias"), 0));
    sp.extend(cats.into_iter().map(|c| (c, scale[3])));

    if scale[4] > 0.0 {
        shape_ngrams(head, head, (0, ht.words.len()), ns("hshape"), scale[4], sp);
        for &k in top {
            shape_ngrams(body, head, bt.sentences[k], ns("sshape"), scale[4], sp);
        }
    }
}

/// Builds the lexicons from the built-in lists plus, when given, the shared hedge and reporting
/// verb lists (`lexicons/wooorm_hedges/hedges.txt`, `lexicons/islam2020_hedging_lrec/hedge_words.txt`,
/// `lexicons/textacy/reporting_verbs_en.txt`, `lexicons/gendergaptracker/quote_verb_list_en.txt`).
pub(crate) fn lexicons(extra_hedges: &[String], extra_reporting: &[String]) -> Lexicons {
    Lexicons {
        refuting: Lexicon::new(REFUTING.iter().copied()),
        hedging: Lexicon::new(HEDGING.iter().copied().chain(extra_hedges.iter().map(String::as_str))),
        negation: Lexicon::new(NEGATION.iter().copied()),
        confirming: Lexicon::new(CONFIRMING.iter().copied()),
        reporting: Lexicon::new(extra_reporting.iter().map(String::as_str)),
    }
}

/// Reads a one-entry-per-line word list, skipping `#` and `%` comment lines.
pub(crate) fn read_word_list(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('%'))
        .map(str::to_lowercase)
        .collect()
}

/// Extra features of the headline stage (a claim read against an article's headline): the
/// headline's words that the claim does not use (what the outlet adds: "hoax", "denies",
/// "reportedly"), its opening and closing words ("Report:", "Is ... ?"), how much of the claim
/// it repeats, alone and with its question marks and hedges, and where its lexicon cues and its
/// own words sit against the claim's words (before, among or after them).
pub(crate) fn headline_extra(head: &Analysed, body: &Analysed, w: [f32; 5], sp: &mut Vec<(u64, f32)>) {
    let bt = &body.tokens;
    let n = bt.words.len();
    let in_claim = |i: usize| bt.content[i] && head.uni_set.binary_search(&bt.words[i]).is_ok();
    if w[0] > 0.0 {
        let (n1, n2) = (ns("nov1"), ns("nov2"));
        let novel: Vec<bool> = (0..n).map(|i| !in_claim(i)).collect();
        let k = novel.iter().filter(|&&b| b).count();
        let x = w[0] / (k.max(1) as f32).sqrt();
        for i in 0..n {
            if novel[i] {
                sp.push((combine(n1, bt.words[i]), x));
            }
            if i > 0 && (novel[i] || novel[i - 1]) {
                let a = if novel[i - 1] { bt.words[i - 1] } else { SHAPE_H };
                let b = if novel[i] { bt.words[i] } else { SHAPE_H };
                sp.push((combine(n2, combine(a, b)), x));
            }
        }
    }
    if w[1] > 0.0 && n > 0 {
        let p = ns("pos");
        sp.push((combine(p, combine(1, bt.words[0])), w[1]));
        if n > 1 {
            sp.push((combine(p, combine(2, combine(bt.words[0], bt.words[1]))), w[1]));
        }
        sp.push((combine(p, combine(3, bt.words[n - 1])), w[1]));
    }
    // Where the outlet's cues and its own words sit against the claim's words: before them
    // ("Report: H", "Hoax: H"), among them ("H reportedly H") or after them ("H, police say").
    let claim_pos: Vec<usize> = (0..n).filter(|&i| in_claim(i)).collect();
    let region = |p: usize| -> u64 {
        match (claim_pos.first(), claim_pos.last()) {
            (Some(&a), _) if p < a => 1,
            (_, Some(&b)) if p > b => 3,
            (Some(_), Some(_)) => 2,
            _ => 0,
        }
    };
    if w[3] > 0.0 {
        let r = ns("cueregion");
        let groups: [(&str, &Vec<usize>); 5] = [
            ("ref", &body.refuting),
            ("hedge", &body.hedging),
            ("neg", &body.negation),
            ("conf", &body.confirming),
            ("rep", &body.reporting),
        ];
        for (name, positions) in groups {
            let g = ns(name);
            for &p in positions {
                sp.push((combine(r, combine(g, combine(region(p), u64::from(in_claim(p))))), w[3]));
            }
        }
    }
    if w[4] > 0.0 {
        let r = ns("novregion");
        for i in (0..n).filter(|&i| !in_claim(i)) {
            sp.push((combine(r, combine(region(i), bt.words[i])), w[4]));
        }
    }
    if w[2] > 0.0 {
        let claim = head.uni_set.len().max(1);
        let shared = head.uni_set.iter().filter(|h| body.uni_set.binary_search(h).is_ok()).count();
        let cov = ((shared * 5) / claim).min(5) as u64;
        let q = u64::from(bt.question_marks.min(1));
        let hedge = u64::from(!body.hedging.is_empty());
        let c = ns("cov");
        sp.push((combine(c, cov), w[2]));
        sp.push((combine(c, combine(10 + cov, q)), w[2]));
        sp.push((combine(c, combine(20 + cov, hedge)), w[2]));
        sp.push((combine(c, combine(30 + q, hedge)), w[2]));
    }
}
