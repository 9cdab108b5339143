//! The learned attribution tagger: two averaged structured perceptrons trained on PolNeAR train.
//!
//! 1. The **cue tagger** reads one sentence at a time and marks cue spans (BIO tags).
//! 2. The **role tagger** reads a window around one cue (the sentences before and after it, and
//!    any quote that touches it) and marks that cue's source and content (BIO tags), with
//!    features that say where each token sits relative to the cue ([`features`]).
//!
//! Why learned, and why written here: PolNeAR's attributions reach far past reporting verbs
//! ("he figures", "voters want", "a spike in calls for"), and the rules ([`super::rules`]) find
//! about three quarters of them. A first-order perceptron over hashed features ([`perceptron`])
//! is small (a few hundred kilobytes of weights), trains in a minute from `../shared/data`, runs at
//! hundreds of articles per second on one core, and needs no runtime beyond this module; no crate
//! we found offers a structured perceptron with constrained Viterbi decoding that we could train on
//! our own features. What was tried without gain is in `docs/decisions/0001-attribution-tagger.md`.
//!
//! With a [`Context`] (the sentence encoder's vector for each token), both perceptrons also
//! weigh that vector (`Dense`): the contextual tagger, trained and run only with vectors.
//!
//! The committed models are `models/attribution_tagger.bin` and
//! `models/attribution_tagger_contextual.bin`, written by `cargo xtask train attribution-tagger`
//! and `cargo xtask train contextual-tagger` (see CONTRIBUTING.md; the trainer is
//! `crate::train::attribution_tagger`, behind the `train` feature).
//! Format: the magic `HSTAG5\n`, `context_layers: u32` (after how many of the encoder's
//! layers the contextual vectors were taken; 0 for the plain tagger), `tuned: u32` (1 when the
//! last of those layers is the trained one; the format `HSTAG3\n`, without this field, still
//! reads), `syntax: u32` (how the tagger reads the dependency parse, [`super::parse`]: 0 not at
//! all, [`SYNTAX_ALL`] both perceptrons every sentence, [`SYNTAX_CUE_SENTENCE`] the role tagger in
//! the cue's sentence only; the format `HSTAG4\n`, without this field, still reads as 0), then for
//! each of the two perceptrons `tags: u32`,
//! `buckets: u32`, `scale: f32`, `tags × buckets` weights as `i16` (bucket-major),
//! `(tags + 1) × tags` transition weights as `f32`, then `blocks: u32`, `parts: u32` and
//! `blocks × tags × parts × 384` dense weights as `f32` (none for the plain tagger); all
//! little-endian.

pub(crate) mod features;
pub(crate) mod perceptron;

use std::sync::OnceLock;

use hearsay_text::TextRange;

use super::context::{Context, DIM};
use super::RawAttribution;
use features::Doc;
use perceptron::{take_u32, Perceptron};

/// The tagger's `syntax`: both perceptrons read the parse of every sentence.
pub(crate) const SYNTAX_ALL: u32 = 1;
/// The tagger's `syntax`: only the role tagger reads the parse, and only in the cue's own
/// sentence, so only the sentences where the cue tagger finds a cue are parsed. Off for the
/// committed model: on PolNeAR train, by the output's rule, it kept most of [`SYNTAX_ALL`]'s gain
/// in both folds of the tuning split (content F1 0.7905 -> 0.7934 and 0.7871 -> 0.7891, source
/// 0.7028 -> 0.7089 and 0.7029 -> 0.7085), but the parser reads about 70,000 tokens/s against
/// `extract`'s 400,000, so `extract` fell from 489 to 81 articles/s on one core (parsing only cue
/// sentences of up to 25 tokens: 263 against 528), under the floor of 300.
pub(crate) const SYNTAX_CUE_SENTENCE: u32 = 2;

/// Hash buckets per perceptron (a power of two).
pub const TAGGER_BUCKETS: usize = 1 << 17;

pub(crate) const MAGIC: &[u8] = b"HSTAG5\n";
/// The format before `syntax`, still read (a tagger that reads no parse).
pub(crate) const MAGIC_4: &[u8] = b"HSTAG4\n";
/// The format before `tuned`, still read.
pub(crate) const MAGIC_3: &[u8] = b"HSTAG3\n";
const BUILTIN: &[u8] = include_bytes!("../../../models/attribution_tagger.bin");
const BUILTIN_CONTEXTUAL: &[u8] = include_bytes!("../../../models/attribution_tagger_contextual.bin");

/// The length of a token's contextual vector, against hashed features worth 1 each (with the
/// vectors after layer 3, 4 did better than 2, 3, 6 and 9 on the held-out half of train).
pub(crate) const DENSE_NORM: f32 = 4.0;

/// The most parts a token's contextual input has ([`Dense::input`]); both contextual taggers
/// read all four (the cue tagger has no gate, so its second part stays empty). Adding the
/// neighbours' vectors raised source F1 on the held-out half of train from 0.754 to 0.761.
pub(crate) const MAX_PARTS: usize = 4;

/// Role-tagger blocks of the contextual weights: side of the cue (before, after, on it) × sentence
/// (the one before, the cue's, the one after).
#[cfg(any(test, feature = "train"))]
pub(crate) const ROLE_BLOCKS: usize = 9;

/// Tag layout for `n` span kinds: 0 is outside, `1 + 2k` begins kind `k`, `2 + 2k` continues it.
pub(crate) const OUTSIDE: usize = 0;
pub(crate) const fn begin(kind: usize) -> usize {
    1 + 2 * kind
}
pub(crate) const fn inside(kind: usize) -> usize {
    2 + 2 * kind
}

/// Role kinds of the role tagger.
pub(crate) const SOURCE: usize = 0;
pub(crate) const CONTENT: usize = 1;

/// How far (in tokens) the role window reaches on each side of the cue, at most.
pub(crate) const ROLE_REACH: usize = 120;

/// The two trained perceptrons.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AttributionTagger {
    pub(crate) cues: Perceptron,
    pub(crate) roles: Perceptron,
    /// After how many encoder layers the contextual vectors it reads are taken (0: none).
    pub(crate) context_layers: usize,
    /// Whether the last of those layers is the one trained on attributions
    /// ([`super::context::tuned_layer`]).
    pub(crate) tuned: bool,
    /// How it reads the dependency parse ([`super::parse`]): 0, [`SYNTAX_ALL`] or
    /// [`SYNTAX_CUE_SENTENCE`].
    pub(crate) syntax: u32,
    /// Decision thresholds moved at decoding ([`Bias`]); not part of the model file.
    pub(crate) bias: Bias,
}

/// What is added at decoding to the score of a cue's first tag (against outside), and in a cue's window
/// to the score of a source or a content tag: PolNeAR's cues are broad, and the perceptrons,
/// trained to tag exactly, leave out more attributions than they add wrongly (on PolNeAR dev
/// 0.885 precision against 0.714 recall of contents before the bias).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Bias {
    /// Added to the tag that begins a cue.
    pub cue: f32,
    /// Added to the source tags.
    pub source: f32,
    /// Added to the content tags.
    pub content: f32,
    /// Added to the content tags once more where a cue's window has no content without it.
    pub missing_content: f32,
}

/// The bias the committed plain tagger decodes with, tuned on the held-out half of PolNeAR train
/// (`attribution_tagger` example, `tune`, with `GRID`), scored by the output's rule (content, and
/// content with source): a cue bias on the first tag of a cue only (on every cue tag, cues grow:
/// "long considered") of 16 took content from 0.780 to 0.791 and source from 0.700 to 0.701 (12:
/// 0.788/0.701; 24 and 32: 0.791 and a lower source); a content bias raises content (64: 0.799)
/// but lowers source (0.688), as contents swallow sources; a source bias changes little; a second
/// decode at content +64 where a cue found none adds 0.001 to both, within noise, so it is off.
/// (Twice the hash buckets, or 5 to 20 cue epochs, moved neither by more than 0.003.)
pub const PLAIN_BIAS: Bias = Bias { cue: 16.0, source: 0.0, content: 0.0, missing_content: 0.0 };

impl AttributionTagger {
    /// The tagger committed with the crate; empty (and unused) when the file is.
    pub fn builtin() -> &'static AttributionTagger {
        static MODEL: OnceLock<AttributionTagger> = OnceLock::new();
        MODEL.get_or_init(|| AttributionTagger::from_bytes(BUILTIN))
    }

    /// The committed tagger that also reads contextual vectors ([`Context`]); use it only with
    /// them. Empty when the file is.
    pub fn builtin_contextual() -> &'static AttributionTagger {
        static MODEL: OnceLock<AttributionTagger> = OnceLock::new();
        MODEL.get_or_init(|| AttributionTagger::from_bytes(BUILTIN_CONTEXTUAL))
    }

    /// True when the tagger reads contextual vectors.
    pub fn is_contextual(&self) -> bool {
        !self.cues.dense.is_empty()
    }

    /// After how many of the encoder's layers the vectors this tagger reads are taken (pass it
    /// to [`Context::encode`]); 0 for a tagger that reads none.
    pub fn context_layers(&self) -> usize {
        self.context_layers
    }

    /// Whether the last layer of the vectors it reads is the one trained on attributions.
    pub fn is_tuned(&self) -> bool {
        self.tuned
    }

    /// Whether it reads the dependency parse (`hearsay-syntax`), of every sentence or of the
    /// sentences where it finds a cue.
    pub fn reads_syntax(&self) -> bool {
        self.syntax != 0
    }

    /// The contextual vectors this tagger reads, for `text`: the encoder's first
    /// [`AttributionTagger::context_layers`], the last of them the tuned layer where the tagger
    /// was trained with it.
    ///
    /// # Errors
    /// When the encoder fails, or the tuned layer is missing.
    #[cfg(feature = "contextual")]
    pub fn encode(
        &self,
        embedder: &hearsay_embed::Embedder,
        text: &str,
        sentences: &[TextRange],
    ) -> Result<Context, hearsay_embed::EmbedError> {
        if !self.tuned {
            return Context::encode(embedder, text, sentences, self.context_layers);
        }
        let layer = super::context::tuned_layer()?;
        Context::encode_tuned(embedder, text, sentences, self.context_layers.saturating_sub(1), layer)
    }

    /// Reads the format in the module docs; anything else gives an empty tagger.
    pub fn from_bytes(bytes: &[u8]) -> AttributionTagger {
        let (mut rest, version) = if let Some(rest) = bytes.strip_prefix(MAGIC) {
            (rest, 5)
        } else if let Some(rest) = bytes.strip_prefix(MAGIC_4) {
            (rest, 4)
        } else if let Some(rest) = bytes.strip_prefix(MAGIC_3) {
            (rest, 3)
        } else {
            return AttributionTagger::default();
        };
        let versioned = version >= 4;
        let Some(context_layers) = take_u32(&mut rest) else { return AttributionTagger::default() };
        let tuned = if versioned {
            let Some(tuned) = take_u32(&mut rest) else { return AttributionTagger::default() };
            tuned == 1
        } else {
            false
        };
        let syntax = if version >= 5 {
            let Some(syntax) = take_u32(&mut rest) else { return AttributionTagger::default() };
            syntax
        } else {
            0
        };
        match (Perceptron::from_bytes(&mut rest), Perceptron::from_bytes(&mut rest)) {
            (Some(cues), Some(roles)) if cues.tags == 3 && roles.tags == 5 => {
                let bias = if cues.dense.is_empty() { PLAIN_BIAS } else { Bias::default() };
                AttributionTagger { cues, roles, context_layers: context_layers as usize, tuned, syntax, bias }
            }
            _ => AttributionTagger::default(),
        }
    }

    /// The tagger in the format of the module docs.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend((self.context_layers as u32).to_le_bytes());
        out.extend(u32::from(self.tuned).to_le_bytes());
        out.extend(self.syntax.to_le_bytes());
        self.cues.to_bytes(&mut out);
        self.roles.to_bytes(&mut out);
        out
    }

    /// The bias it decodes with.
    pub fn bias(&self) -> Bias {
        self.bias
    }

    /// Decodes with `bias` from now on (for tuning it).
    pub fn set_bias(&mut self, bias: Bias) {
        self.bias = bias;
    }

    /// True when the tagger has no weights.
    pub fn is_empty(&self) -> bool {
        self.cues.weights.is_empty() || self.roles.weights.is_empty()
    }

    /// Attributions the tagger finds in `text`: one per cue span, with the source and content
    /// its role tagger marks (attributions without content are left out). `rules` are the rules'
    /// attributions in the same text ([`super::find`]): the tagger reads them as features
    /// (stacking), and so learns where the rules are right.
    pub fn find(&self, text: &str, sentences: &[TextRange], rules: &[RawAttribution]) -> Vec<RawAttribution> {
        self.find_in_context(text, sentences, rules, None)
    }

    /// [`AttributionTagger::find`] with the text's contextual vectors, which a contextual tagger
    /// ([`AttributionTagger::is_contextual`]) reads.
    pub fn find_in_context(
        &self,
        text: &str,
        sentences: &[TextRange],
        rules: &[RawAttribution],
        context: Option<&Context>,
    ) -> Vec<RawAttribution> {
        self.find_parsed(text, sentences, rules, context).0
    }

    /// [`AttributionTagger::find_in_context`], also giving back the document as the tagger read
    /// it, with the parse of the sentences it parsed, so the claims' clauses are read from the
    /// same parse ([`Doc::clause_of`]) rather than parsed again. `None` for an empty tagger.
    pub(crate) fn find_parsed<'a>(
        &self,
        text: &'a str,
        sentences: &[TextRange],
        rules: &[RawAttribution],
        context: Option<&Context>,
    ) -> (Vec<RawAttribution>, Option<Doc<'a>>) {
        if self.is_empty() {
            return (Vec::new(), None);
        }
        // Vectors from another layer than the one it learned on would mislead the tagger.
        let mut doc = Doc::new(
            text,
            sentences,
            rules,
            context.filter(|c| self.is_contextual() && c.layers == self.context_layers && c.tuned == self.tuned),
            self.syntax,
        );
        let mut out = Vec::new();
        for si in 0..doc.sentences.len() {
            let (ts, te) = doc.sentences[si];
            let features: Vec<Vec<u64>> = (ts..te).map(|i| doc.cue_features(i, ts, te)).collect();
            let cue_bias = [0.0, self.bias.cue, 0.0];
            let tags = self.cues.decode_biased(&features, doc.cue_dense(ts, te).as_ref(), &cue_bias);
            let cues = runs(&tags, 0);
            if !cues.is_empty() {
                doc.parse_sentence(si);
            }
            for (a, b) in cues {
                let (cs, ce) = (ts + a, ts + b);
                let (ws, we) = doc.role_window(si, cs, ce);
                let cue = doc.cue_parts(cs, ce);
                let features: Vec<Vec<u64>> = (ws..we).map(|i| doc.role_features(i, &cue)).collect();
                let (b, c) = (self.bias.source, self.bias.content);
                let dense = doc.role_dense(ws, we, cs, ce);
                let mut tags = self.roles.decode_biased(&features, dense.as_ref(), &[0.0, b, b, c, c]);
                if self.bias.missing_content != 0.0 && runs(&tags, CONTENT).is_empty() {
                    // A cue without content: once more, leaning toward content.
                    let c = c + self.bias.missing_content;
                    tags = self.roles.decode_biased(&features, dense.as_ref(), &[0.0, b, b, c, c]);
                }
                let source = nearest(&runs(&tags, SOURCE), ws, cs, ce);
                // The hull of the content runs: PolNeAR marks a content the cue interrupts ("The
                // deal, he said, is bad") as one span.
                let content = hull(&runs(&tags, CONTENT)).map(|(a, b)| (ws + a, ws + b));
                let Some((qs, qe)) = content else { continue };
                let (Some(cue_span), Some(content_span)) = (doc.range(cs, ce), doc.range(qs, qe)) else { continue };
                let source_span = source.and_then(|(a, b)| doc.range(a, b));
                out.push(RawAttribution {
                    cue_span,
                    source_span,
                    name_span: source_span,
                    role: None,
                    via: Vec::new(),
                    content_span,
                    sentence: si as u32,
                });
            }
        }
        (out, Some(doc))
    }
}

/// `(first, last)` token indices (inclusive) of each span of `kind` in a BIO sequence.
fn runs(tags: &[usize], kind: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, &t) in tags.iter().enumerate() {
        if t == begin(kind) {
            if let Some(s) = open.take() {
                out.push((s, i - 1));
            }
            open = Some(i);
        } else if t != inside(kind) {
            if let Some(s) = open.take() {
                out.push((s, i - 1));
            }
        }
    }
    if let Some(s) = open {
        out.push((s, tags.len() - 1));
    }
    out
}

/// The run (window-relative) closest to the cue `cs..=ce` (document indices), as document indices.
fn nearest(runs: &[(usize, usize)], offset: usize, cs: usize, ce: usize) -> Option<(usize, usize)> {
    runs.iter()
        .map(|&(a, b)| (a + offset, b + offset))
        .min_by_key(|&(a, b)| if b < cs { cs - b } else { a.saturating_sub(ce) })
}

fn hull(runs: &[(usize, usize)]) -> Option<(usize, usize)> {
    Some((runs.first()?.0, runs.last()?.1))
}

#[cfg(test)]
mod tests {
    use super::features::{hash, Doc};
    use super::perceptron::bucket;
    use super::*;

    #[test]
    fn runs_read_bio_spans() {
        // O B I O B B I
        let tags = [0, 1, 2, 0, 1, 1, 2];
        assert_eq!(runs(&tags, 0), vec![(1, 2), (4, 4), (5, 6)]);
        // Content is kind 1: tags 3 and 4.
        let tags = [3, 4, 0, 3];
        assert_eq!(runs(&tags, 1), vec![(0, 1), (3, 3)]);
    }

    #[test]
    fn constrained_decoding_never_continues_an_unopened_span() {
        let mut p = Perceptron::new(5);
        // Make "inside source" attractive everywhere: it must still follow a "begin".
        let f = hash("w", "x", "");
        p.weights[bucket(f) * 5 + inside(SOURCE)] = 5.0;
        let tags = p.decode(&[vec![f], vec![f], vec![f]], None);
        assert_ne!(tags[0], inside(SOURCE));
        for w in tags.windows(2) {
            assert!(Perceptron::allowed(w[0], w[1], 5), "{tags:?}");
        }
    }

    #[cfg(feature = "contextual")]
    #[test]
    fn the_committed_contextual_tagger_reads_the_tuned_layer() {
        let tagger = AttributionTagger::builtin_contextual();
        assert!(tagger.is_contextual() && tagger.is_tuned());
        assert_eq!(tagger.context_layers(), super::super::context::TUNED_BELOW + 1);
        assert!(super::super::context::tuned_layer().is_ok());
        let plain = AttributionTagger::builtin();
        assert!(!plain.is_empty() && !plain.is_contextual() && !plain.is_tuned());
    }

    #[test]
    fn a_cues_role_features_read_the_parse_of_its_own_sentence_only() {
        let text = "The mayor said the bridge would close. Officials denied it on Friday. \
                    She added that repairs would start soon.";
        let sentences = crate::segment::sentences(text);
        let mut doc = Doc::new(text, &sentences, &[], None, SYNTAX_CUE_SENTENCE);
        let cue = doc.lower.iter().position(|w| w == "denied").expect("the cue");
        let si = doc.sentence_of[cue] as usize;
        let features = |doc: &Doc<'_>| {
            let (ws, we) = doc.role_window(si, cue, cue);
            let parts = doc.cue_parts(cue, cue);
            (ws..we).map(|k| doc.role_features(k, &parts)).collect::<Vec<_>>()
        };
        doc.parse_sentence(si);
        let own = features(&doc);
        // The sentences around it parsed too (for cues of their own): the same features.
        for other in 0..doc.sentences.len() {
            doc.parse_sentence(other);
        }
        assert_eq!(own, features(&doc));
        // And the parse is read: more features than without it.
        let plain = Doc::new(text, &sentences, &[], None, 0);
        assert!(own[0].len() > features(&plain)[0].len());
    }

    #[test]
    fn weights_survive_the_byte_format() {
        let mut t = AttributionTagger {
            cues: Perceptron::with_dense(3, 1, MAX_PARTS),
            roles: Perceptron::with_dense(5, ROLE_BLOCKS, MAX_PARTS),
            context_layers: 3,
            tuned: true,
            syntax: SYNTAX_ALL,
            bias: Bias::default(),
        };
        t.cues.weights[7] = 1.5;
        t.roles.weights[11] = -2.0;
        t.roles.transitions[3] = 0.25;
        t.cues.dense[5] = 0.125;
        let last = t.roles.dense.len() - 1;
        t.roles.dense[last] = -0.5;
        let back = AttributionTagger::from_bytes(&t.to_bytes());
        assert!((back.cues.weights[7] - 1.5).abs() < 1e-3);
        assert!((back.roles.weights[11] + 2.0).abs() < 1e-3);
        assert_eq!(back.roles.transitions[3], 0.25);
        assert_eq!((back.cues.dense[5], back.roles.dense[last]), (0.125, -0.5));
        assert_eq!((back.roles.blocks, back.roles.parts), (ROLE_BLOCKS, MAX_PARTS));
        assert!(back.is_contextual());
        assert_eq!(back.context_layers(), 3);
        assert!(back.is_tuned());
        assert!(back.reads_syntax());
        // The format before the tuned layer still reads, as a tagger of the encoder's own layers.
        let mut old = MAGIC_3.to_vec();
        old.extend(3u32.to_le_bytes());
        t.cues.to_bytes(&mut old);
        t.roles.to_bytes(&mut old);
        let back = AttributionTagger::from_bytes(&old);
        assert!(back.is_contextual() && !back.is_tuned() && !back.reads_syntax());
        let mut four = MAGIC_4.to_vec();
        four.extend(3u32.to_le_bytes());
        four.extend(1u32.to_le_bytes());
        t.cues.to_bytes(&mut four);
        t.roles.to_bytes(&mut four);
        let back = AttributionTagger::from_bytes(&four);
        assert!(back.is_tuned() && !back.reads_syntax());
        assert!(AttributionTagger::from_bytes(b"nonsense").is_empty());
    }
}
