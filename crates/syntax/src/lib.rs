//! A part-of-speech tagger and labelled dependency parser trained by the project on Universal
//! Dependencies English EWT: greedy averaged perceptrons, the parser an arc-hybrid transition system.
//! Both read word clusters the project learns from unlabelled news text (`clusters`), so a word EWT
//! never saw still looks like the words it behaves like.
//!
//! The model (clusters included) is embedded ([`Parser::builtin`]); nothing here touches files at run
//! time. Retrain it with the `train` feature: `cargo run --release -p xtask -- train syntax` learns the
//! clusters (`train::clusters::learn` over `train::unlabelled_sentences`), then calls
//! `hearsay_syntax::train::train(train_path, dev_path, &clusters, &Options::default())`.

mod clusters;
pub mod conllu;
mod tagger;
mod transition;
mod weights;

#[cfg(feature = "train")]
pub mod train;

use std::sync::OnceLock;

use hearsay_text::TextRange;

use crate::clusters::Clusters;
use crate::tagger::Lexeme;
use crate::weights::{push_strings, push_u32, Reader, Weights};

const MAGIC: &[u8; 8] = b"HSYNTAX2";

/// The embedded model, trained on EWT train by `cargo run --release -p xtask -- train syntax` (the
/// default `train::Options`).
static BUILTIN: &[u8] = include_bytes!("../models/en_ewt.bin");

/// A trained tagger and parser.
#[derive(Debug, Clone, Default)]
pub struct Model {
    upos: Vec<String>,
    labels: Vec<String>,
    root_label: usize,
    clusters: Clusters,
    tagger: Weights,
    parser: Weights,
    bytes: Vec<u8>,
}

impl Model {
    /// The model's bytes (the format [`Model::from_bytes`] reads); the same model gives the same bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.bytes.clone()
    }

    /// Reads a model; `None` when the bytes are not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<Model> {
        let mut reader = Reader::new(bytes);
        if reader.take(8)? != MAGIC {
            return None;
        }
        let upos = reader.strings()?;
        let labels = reader.strings()?;
        let root_label = reader.u32()? as usize;
        let clusters = Clusters::decode(&mut reader)?;
        let tagger = Weights::decode(&mut reader)?;
        let parser = Weights::decode(&mut reader)?;
        if tagger.classes != upos.len() || parser.classes != 1 + 2 * labels.len() || root_label >= labels.len().max(1) {
            return None;
        }
        Some(Model { upos, labels, root_label, clusters, tagger, parser, bytes: bytes.to_vec() })
    }

    /// Number of weights in the tagger and in the parser.
    pub fn sizes(&self) -> (usize, usize) {
        (self.tagger.len(), self.parser.len())
    }

    /// Number of words with a cluster.
    pub fn cluster_words(&self) -> usize {
        self.clusters.len()
    }
}

/// Writes a model from its parts (used by the trainer).
#[cfg_attr(not(feature = "train"), allow(dead_code))]
pub(crate) fn encode_model(
    upos: &[String],
    labels: &[String],
    root_label: usize,
    clusters: &Clusters,
    tagger: &[u8],
    parser: &[u8],
) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    push_strings(&mut out, upos);
    push_strings(&mut out, labels);
    push_u32(&mut out, u32::try_from(root_label).unwrap_or(0));
    clusters.encode(&mut out);
    out.extend_from_slice(tagger);
    out.extend_from_slice(parser);
    out
}

/// One word of a parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Universal part-of-speech tag.
    pub upos: String,
    /// Head, 1-based; 0 is the root.
    pub head: usize,
    /// Universal dependency relation (with its English subtype, e.g. `nsubj:pass`).
    pub deprel: String,
}

/// The parse of one sentence: one node per word, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parse {
    /// The words' tags, heads and relations.
    pub nodes: Vec<Node>,
    /// Transitions the parser took (always twice the number of words).
    pub transitions: usize,
}

impl Parse {
    /// The head of word `i` (0-based) as a 0-based index; none for the root (or a word out of range).
    pub fn head(&self, i: usize) -> Option<usize> {
        self.nodes.get(i)?.head.checked_sub(1).filter(|&h| h < self.nodes.len())
    }

    /// The words under word `top` (itself included), in order: its subtree.
    pub fn subtree(&self, top: usize) -> Vec<usize> {
        let under = |mut k: usize| {
            // At most one step a word: a malformed parse with a cycle ends the walk.
            for _ in 0..self.nodes.len() {
                if k == top {
                    return true;
                }
                match self.head(k) {
                    Some(h) => k = h,
                    None => return false,
                }
            }
            false
        };
        (0..self.nodes.len()).filter(|&k| under(k)).collect()
    }
}

/// A sentence found in raw text: its word ranges and their parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedSentence {
    /// The words, as byte ranges of the text.
    pub words: Vec<TextRange>,
    /// Their parse.
    pub parse: Parse,
}

/// Tags and parses sentences.
#[derive(Debug, Clone, Default)]
pub struct Parser {
    model: Model,
}

impl Parser {
    /// The parser with the embedded EWT model. If the embedded bytes were not a model (never in a
    /// release), every word is tagged `X` and attached to the root rather than failing.
    pub fn builtin() -> &'static Parser {
        static PARSER: OnceLock<Parser> = OnceLock::new();
        PARSER.get_or_init(|| Parser::new(Model::from_bytes(BUILTIN).unwrap_or_default()))
    }

    /// A parser for a model.
    pub fn new(model: Model) -> Parser {
        Parser { model }
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Tags and parses one sentence given as words. Empty input gives an empty parse.
    pub fn parse(&self, words: &[&str]) -> Parse {
        let (lexemes, tags) = self.tagged(words);
        self.parse_tagged(&lexemes, &tags)
    }

    /// Tags one sentence given as words with universal parts of speech, without parsing it (about a
    /// tenth of [`Parser::parse`]'s cost).
    pub fn tag(&self, words: &[&str]) -> Vec<&str> {
        self.tagged(words).1.into_iter().map(|t| self.upos(t)).collect()
    }

    /// The words as the tagger reads them, and their tags by index into the model's tag list: the
    /// one tagging that [`Parser::parse`] and [`Parser::tag`] share.
    fn tagged(&self, words: &[&str]) -> (Vec<Lexeme>, Vec<usize>) {
        let lexemes: Vec<Lexeme> = words.iter().map(|w| Lexeme::new(w, &self.model.clusters)).collect();
        let tags = tagger::tag(&self.model.tagger, &lexemes);
        (lexemes, tags)
    }

    /// The universal part of speech of a tag index (`X` for one the model does not list).
    fn upos(&self, tag: usize) -> &str {
        self.model.upos.get(tag).map_or("X", String::as_str)
    }

    /// Parses words whose tags are given by index into the model's tag list.
    fn parse_tagged(&self, lexemes: &[Lexeme], tags: &[usize]) -> Parse {
        let model = &self.model;
        let n = lexemes.len();
        let tag_ids: Vec<u16> = tags.iter().map(|&t| u16::try_from(t).unwrap_or(0)).collect();
        let labels = model.labels.len();
        let state = if labels == 0 {
            None
        } else {
            Some(transition::parse(&model.parser, lexemes, &tag_ids, labels, model.root_label))
        };
        let nodes = (0..n)
            .map(|i| {
                let upos = self.upos(tags[i]).to_owned();
                match &state {
                    Some(state) => {
                        let head = state.heads[i] as usize;
                        let head = if head >= n { 0 } else { head + 1 };
                        let deprel = if head == 0 {
                            "root".to_string()
                        } else {
                            model.labels.get(usize::from(state.labels[i])).cloned().unwrap_or_else(|| "dep".to_string())
                        };
                        Node { upos, head, deprel }
                    }
                    None => Node { upos, head: 0, deprel: "root".to_string() },
                }
            })
            .collect();
        Parse { nodes, transitions: state.map_or(0, |s| s.steps) }
    }

    /// Parses the words at `ranges` of `text` (ranges outside the text read as empty words).
    pub fn parse_ranges(&self, text: &str, ranges: &[TextRange]) -> Parse {
        let words: Vec<&str> = ranges.iter().map(|r| text.get(r.to_range()).unwrap_or("")).collect();
        self.parse(&words)
    }

    /// Splits raw text into sentences and words with the project's one splitter and tokeniser
    /// (`hearsay_text::sentences`, `hearsay_text::words`: what attribution parses) and parses each
    /// sentence.
    pub fn parse_text(&self, text: &str) -> Vec<ParsedSentence> {
        sentence_words(text)
            .into_iter()
            .map(|words| {
                let parse = self.parse_ranges(text, &words);
                ParsedSentence { words, parse }
            })
            .collect()
    }

    /// Re-annotates a CoNLL-U sentence's own words: UPOS, head and relation are replaced; the rest kept.
    pub fn annotate(&self, sentence: &mut conllu::Sentence) {
        let parse = self.parse(&sentence.forms());
        for (word, node) in sentence.words.iter_mut().zip(parse.nodes) {
            word.upos = node.upos;
            word.head = Some(node.head);
            word.deprel = node.deprel;
        }
    }
}

/// The sentences of `text` as word ranges: `hearsay_text::sentences`, each cut by
/// `hearsay_text::words` (so "didn't" is one word, "it's" two, as attribution sees them).
pub fn sentence_words(text: &str) -> Vec<Vec<TextRange>> {
    hearsay_text::sentences(text)
        .into_iter()
        .map(|sentence| hearsay_text::words_in(text, sentence).into_iter().map(|w| w.range).collect::<Vec<_>>())
        .filter(|words| !words.is_empty())
        .collect()
}

/// Turns raw-text sentences and their parses into CoNLL-U sentences (with `# text` comments).
pub fn to_conllu(text: &str, sentences: &[ParsedSentence]) -> Vec<conllu::Sentence> {
    sentences
        .iter()
        .enumerate()
        .map(|(k, sentence)| {
            let start = sentence.words.first().map_or(0, |r| r.start());
            let end = sentence.words.last().map_or(0, |r| r.end());
            let raw = text.get(start..end).unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ");
            let words = sentence
                .words
                .iter()
                .zip(&sentence.parse.nodes)
                .enumerate()
                .map(|(i, (range, node))| {
                    let next = sentence.words.get(i + 1).map(|r| r.start());
                    let misc = if next == Some(range.end()) { "SpaceAfter=No".to_string() } else { "_".to_string() };
                    conllu::Word {
                        form: range.slice(text).to_string(),
                        lemma: "_".into(),
                        upos: node.upos.clone(),
                        xpos: "_".into(),
                        feats: "_".into(),
                        head: Some(node.head),
                        deprel: node.deprel.clone(),
                        deps: "_".into(),
                        misc,
                    }
                })
                .collect();
            conllu::Sentence {
                comments: vec![format!("# sent_id = {}", k + 1), format!("# text = {raw}")],
                words,
                other_lines: Vec::new(),
            }
        })
        .collect()
}

/// Scores of a parse against gold: counts of words, right tags, right heads, right heads and labels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Score {
    /// Words scored (punctuation included).
    pub words: usize,
    /// Words with the gold UPOS.
    pub upos: usize,
    /// Words with the gold head.
    pub heads: usize,
    /// Words with the gold head and relation (universal part, as the CoNLL 2018 LAS).
    pub labelled: usize,
}

impl Score {
    /// UPOS accuracy.
    pub fn upos_accuracy(&self) -> f64 {
        ratio(self.upos, self.words)
    }
    /// Unlabelled attachment score.
    pub fn uas(&self) -> f64 {
        ratio(self.heads, self.words)
    }
    /// Labelled attachment score.
    pub fn las(&self) -> f64 {
        ratio(self.labelled, self.words)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Parses every sentence of a gold CoNLL-U file on its own words and scores it (CoNLL 2018 shared-task
/// conventions on gold tokens: punctuation included, LAS on the universal part of the relation).
pub fn evaluate(parser: &Parser, gold: &[conllu::Sentence]) -> Score {
    let mut score = Score::default();
    for sentence in gold {
        let parse = parser.parse(&sentence.forms());
        for (word, node) in sentence.words.iter().zip(&parse.nodes) {
            score.words += 1;
            score.upos += usize::from(word.upos == node.upos);
            if word.head == Some(node.head) {
                score.heads += 1;
                let universal = |l: &str| l.split(':').next().unwrap_or("").to_string();
                score.labelled += usize::from(universal(&word.deprel) == universal(&node.deprel));
            }
        }
    }
    score
}
