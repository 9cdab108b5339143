//! Training (feature `train`): the tagger with jack-knifed tags for the parser's training data, then
//! the parser with a dynamic oracle. Single-threaded and seeded, so the same data gives the same bytes.
#![expect(
    clippy::print_stderr,
    reason = "the trainer's progress lines, printed only when the caller asks (`progress`)"
)]

pub mod clusters;

use std::path::Path;

use crate::clusters::Clusters;
use crate::conllu::{self, Sentence};
use crate::tagger::{self, Lexeme};
use crate::transition::{self, move_of, Move, State};
use crate::weights::{Reader, Training, Weights};
use crate::{encode_model, evaluate, Model, Parser};

/// Training settings.
#[derive(Debug, Clone)]
pub struct Options {
    /// Passes over the training data for the tagger.
    pub tagger_epochs: usize,
    /// Passes for the parser.
    pub parser_epochs: usize,
    /// Folds for the jack-knifed tags the parser trains on (1: gold tags).
    pub folds: usize,
    /// Seed of the shuffles and of the oracle's exploration.
    pub seed: u64,
    /// Averaged parser weights smaller than this (tagger weights smaller than a tenth of it) are dropped
    /// from the model: most of the table is such weights, and they barely move a score. Training keeps
    /// every weight and drops them at the end ([`prune`]), so pruning a model trained with 0 gives the
    /// same bytes.
    pub min_weight: f32,
    /// Print progress to stderr.
    pub progress: bool,
    /// The parser epochs after which the model so far is reported ([`train`] scores it on dev; a
    /// settings search: one run shows every epoch count, and reporting does not change the training).
    pub report_epochs: Vec<usize>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            tagger_epochs: 5,
            parser_epochs: 14,
            folds: 10,
            seed: 7,
            min_weight: 1.0,
            progress: true,
            report_epochs: Vec::new(),
        }
    }
}

/// Deterministic xorshift.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// A training sentence with ids.
struct Example {
    lexemes: Vec<Lexeme>,
    tags: Vec<usize>,
    heads: Vec<u32>,
    labels: Vec<u16>,
}

/// Trains a model on a CoNLL-U training file with word clusters ((word, path) pairs, as
/// [`clusters::learn`] gives them); the dev file is only scored (printed when `progress`).
pub fn train(
    train_path: &Path,
    dev_path: &Path,
    clusters: &[(String, String)],
    options: &Options,
) -> std::io::Result<Model> {
    let train = conllu::read(&std::fs::read_to_string(train_path)?);
    let dev = conllu::read(&std::fs::read_to_string(dev_path)?);
    let report = |epoch: usize, model: &Model| {
        let score = evaluate(&Parser::new(model.clone()), &dev);
        eprintln!("  after epoch {epoch}: dev UAS {:.4} LAS {:.4}", score.uas(), score.las());
    };
    let model = train_sentences_with(&train, clusters, options, &report);
    if options.progress {
        let score = evaluate(&Parser::new(model.clone()), &dev);
        eprintln!(
            "dev: UPOS {:.4} UAS {:.4} LAS {:.4} ({} words)",
            score.upos_accuracy(),
            score.uas(),
            score.las(),
            score.words
        );
    }
    Ok(model)
}

/// Trains a model on parsed sentences, with word clusters ((word, path) pairs).
pub fn train_sentences(train: &[Sentence], clusters: &[(String, String)], options: &Options) -> Model {
    train_sentences_with(train, clusters, options, &|_, _| {})
}

/// [`train_sentences`], handing `report` the model as it stands after each of the parser epochs in
/// `options.report_epochs` (the model a run of that many epochs would give).
pub fn train_sentences_with(
    train: &[Sentence],
    clusters: &[(String, String)],
    options: &Options,
    report: &dyn Fn(usize, &Model),
) -> Model {
    let clusters = Clusters::from_paths(clusters.iter().map(|(word, path)| (word.as_str(), path.as_str())));
    let mut upos: Vec<String> = train.iter().flat_map(|s| s.words.iter().map(|w| w.upos.clone())).collect();
    upos.sort();
    upos.dedup();
    let mut labels: Vec<String> = train.iter().flat_map(|s| s.words.iter().map(|w| w.deprel.clone())).collect();
    labels.sort();
    labels.dedup();
    let root_label = labels.iter().position(|l| l == "root").unwrap_or(0);
    let examples: Vec<Example> = train
        .iter()
        .filter(|s| !s.words.is_empty() && s.words.iter().all(|w| w.head.is_some_and(|h| h <= s.words.len())))
        .map(|s| {
            let n = s.words.len() as u32;
            Example {
                lexemes: s.words.iter().map(|w| Lexeme::new(&w.form, &clusters)).collect(),
                tags: s.words.iter().map(|w| upos.binary_search(&w.upos).unwrap_or(0)).collect(),
                heads: s
                    .words
                    .iter()
                    .map(|w| match w.head {
                        Some(0) | None => n,
                        Some(h) => h as u32 - 1,
                    })
                    .collect(),
                labels: s.words.iter().map(|w| labels.binary_search(&w.deprel).unwrap_or(0) as u16).collect(),
            }
        })
        .collect();
    let mut rng = Rng(options.seed.max(1));

    // Jack-knifed tags: each fold tagged by a tagger trained on the others.
    let mut predicted: Vec<Vec<usize>> = examples.iter().map(|e| e.tags.clone()).collect();
    if options.folds > 1 {
        for fold in 0..options.folds {
            let rest: Vec<usize> = (0..examples.len()).filter(|i| i % options.folds != fold).collect();
            let weights = train_tagger(
                &examples,
                &rest,
                upos.len(),
                options,
                &mut rng,
                &format!("tagger fold {}/{}", fold + 1, options.folds),
            );
            let mut right = 0usize;
            let mut total = 0usize;
            for i in (0..examples.len()).filter(|i| i % options.folds == fold) {
                predicted[i] = tagger::tag(&weights, &examples[i].lexemes);
                right += predicted[i].iter().zip(&examples[i].tags).filter(|(a, b)| a == b).count();
                total += predicted[i].len();
            }
            if options.progress {
                eprintln!("  fold {} held-out UPOS {:.4}", fold + 1, right as f64 / total.max(1) as f64);
            }
        }
    }
    let all: Vec<usize> = (0..examples.len()).collect();
    let tagger_bytes = {
        let training = tagger_training(&examples, &all, upos.len(), options, &mut rng, "tagger");
        let mut out = Vec::new();
        Weights::encode(upos.len(), &training.averaged(), 0.0, &mut out);
        out
    };
    let report = |epoch: usize, parser_bytes: &[u8]| {
        let bytes = encode_model(&upos, &labels, root_label, &clusters, &tagger_bytes, parser_bytes);
        report(epoch, &pruned(Model::from_bytes(&bytes).unwrap_or_default(), options.min_weight));
    };
    let parser_bytes = train_parser(&examples, &predicted, labels.len(), root_label, options, &mut rng, &report);
    let bytes = encode_model(&upos, &labels, root_label, &clusters, &tagger_bytes, &parser_bytes);
    pruned(Model::from_bytes(&bytes).unwrap_or_default(), options.min_weight)
}

fn pruned(model: Model, min_weight: f32) -> Model {
    if min_weight > 0.0 {
        prune(&model, min_weight)
    } else {
        model
    }
}

fn train_tagger(
    examples: &[Example],
    which: &[usize],
    classes: usize,
    options: &Options,
    rng: &mut Rng,
    name: &str,
) -> Weights {
    let training = tagger_training(examples, which, classes, options, rng, name);
    let mut out = Vec::new();
    Weights::encode(classes, &training.averaged(), 0.0, &mut out);
    Weights::decode(&mut Reader::new(&out)).unwrap_or_default()
}

fn tagger_training(
    examples: &[Example],
    which: &[usize],
    classes: usize,
    options: &Options,
    rng: &mut Rng,
    name: &str,
) -> Training {
    let mut weights = Training::new(classes);
    let mut order = which.to_vec();
    let mut feats = Vec::new();
    let mut scores = vec![0.0f32; classes];
    for epoch in 0..options.tagger_epochs {
        rng.shuffle(&mut order);
        let (mut right, mut total) = (0usize, 0usize);
        for &i in &order {
            let example = &examples[i];
            let (mut prev, mut prev2) = (tagger::START[0], tagger::START[1]);
            for (j, &truth) in example.tags.iter().enumerate() {
                tagger::features(&example.lexemes, j, prev, prev2, &mut feats);
                scores.iter_mut().for_each(|s| *s = 0.0);
                weights.score(&feats, &mut scores);
                let guess = tagger::argmax(&scores);
                weights.clock += 1;
                weights.update(&feats, truth, guess);
                right += usize::from(guess == truth);
                total += 1;
                prev2 = prev;
                prev = guess as u64;
            }
        }
        if options.progress {
            eprintln!("{name} epoch {}: train accuracy {:.4}", epoch + 1, right as f64 / total.max(1) as f64);
        }
    }
    weights
}

fn train_parser(
    examples: &[Example],
    tags: &[Vec<usize>],
    labels: usize,
    root_label: usize,
    options: &Options,
    rng: &mut Rng,
    report: &dyn Fn(usize, &[u8]),
) -> Vec<u8> {
    let classes = 1 + 2 * labels;
    let mut weights = Training::new(classes);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut feats = Vec::new();
    let mut scores = vec![0.0f32; classes];
    let mut costs = vec![0usize; classes];
    for epoch in 0..options.parser_epochs {
        rng.shuffle(&mut order);
        let (mut right_heads, mut total) = (0usize, 0usize);
        for &i in &order {
            let example = &examples[i];
            let tag_ids: Vec<u16> = tags[i].iter().map(|&t| t as u16).collect();
            let mut state = State::new(example.lexemes.len());
            while !state.is_final() {
                transition::features(&state, &example.lexemes, &tag_ids, &mut feats);
                scores.iter_mut().for_each(|s| *s = 0.0);
                weights.score(&feats, &mut scores);
                let guess = transition::best_valid(&state, &scores, labels);
                // Costs of every valid class; the best-scoring among the cheapest is the truth.
                // A move's cost is the same for every label but the gold one (one less when the move
                // makes the gold arc), so each move's cost is worked out once.
                let gold_label = state.stack.last().map(|&s0| usize::from(example.labels[s0 as usize]));
                let base = [Move::Shift, Move::Left, Move::Right].map(|mv| {
                    if !state.valid(mv) {
                        return (usize::MAX, usize::MAX);
                    }
                    let label = if mv == Move::Shift { 0 } else { gold_label.unwrap_or(0) };
                    let with_gold = state.cost(mv, label, &example.heads, &example.labels);
                    let with_other = if mv == Move::Shift {
                        with_gold
                    } else {
                        state.cost(mv, usize::from(u16::MAX), &example.heads, &example.labels)
                    };
                    (with_gold, with_other)
                });
                let mut cheapest = usize::MAX;
                for (class, cost) in costs.iter_mut().enumerate() {
                    let (mv, label) = move_of(class, labels);
                    let forced_root = mv == Move::Left && state.buffer >= state.n;
                    let (with_gold, with_other) = base[mv as usize];
                    *cost = if with_gold == usize::MAX || (forced_root && label != root_label) {
                        usize::MAX
                    } else if mv == Move::Shift || Some(label) == gold_label {
                        with_gold
                    } else {
                        with_other
                    };
                    cheapest = cheapest.min(*cost);
                }
                let mut truth = usize::MAX;
                for class in 0..classes {
                    if costs[class] == cheapest && (truth == usize::MAX || scores[class] > scores[truth]) {
                        truth = class;
                    }
                }
                if truth == usize::MAX {
                    break;
                }
                weights.clock += 1;
                let guess_ok = guess != usize::MAX && costs[guess] == cheapest;
                if !guess_ok && guess != usize::MAX {
                    weights.update(&feats, truth, guess);
                }
                // Follow the model's own (valid) choice sometimes after the first pass: the dynamic oracle.
                let follow = if guess != usize::MAX && costs[guess] != usize::MAX && epoch > 0 && rng.below(10) < 9 {
                    guess
                } else {
                    truth
                };
                let (mv, mut label) = move_of(follow, labels);
                if mv == Move::Left && state.buffer >= state.n {
                    label = root_label;
                }
                state.apply(mv, label);
            }
            for (d, &h) in state.heads.iter().enumerate() {
                right_heads += usize::from(h == example.heads[d]);
                total += 1;
            }
        }
        if options.progress {
            eprintln!(
                "parser epoch {}: train UAS along the followed path {:.4}",
                epoch + 1,
                right_heads as f64 / total.max(1) as f64
            );
        }
        if options.report_epochs.contains(&(epoch + 1)) {
            let mut out = Vec::new();
            Weights::encode(classes, &weights.averaged(), 0.0, &mut out);
            report(epoch + 1, &out);
        }
    }
    let mut out = Vec::new();
    Weights::encode(classes, &weights.averaged(), 0.0, &mut out);
    out
}

/// The same model with parser weights smaller than `min_abs` (tagger weights smaller than a tenth of it)
/// dropped.
pub fn prune(model: &Model, min_abs: f32) -> Model {
    let mut tagger = Vec::new();
    Weights::encode(model.tagger.classes, &model.tagger.rows(), min_abs / 10.0, &mut tagger);
    let mut parser = Vec::new();
    Weights::encode(model.parser.classes, &model.parser.rows(), min_abs, &mut parser);
    let bytes = encode_model(&model.upos, &model.labels, model.root_label, &model.clusters, &tagger, &parser);
    Model::from_bytes(&bytes).unwrap_or_default()
}

/// The unlabelled text the clusters are learned from, as sentences of words (`sentence_words`, what attribution parses):
/// PolNeAR train and annotator-training articles, FNC-1 and ARC bodies, Emergent headlines, ECB+ texts
/// and the seeds under `data`, then the words of EWT train. Files are read in sorted order; a missing
/// folder is skipped.
pub fn unlabelled_sentences(data: &Path) -> std::io::Result<Vec<Vec<String>>> {
    let mut files = Vec::new();
    for folder in
        ["attribution/polnear/train/text", "attribution/polnear/annotator-training/text", "stories/ecbplus", "seeds"]
    {
        let Ok(entries) = std::fs::read_dir(data.join(folder)) else { continue };
        let mut paths: Vec<_> = entries.flatten().map(|entry| entry.path()).filter(|path| path.is_file()).collect();
        paths.sort();
        files.extend(paths);
    }
    for file in ["stance/fnc1/train_bodies.csv", "stance/arc/arc_bodies.csv", "stance/emergent/train.csv"] {
        files.push(data.join(file));
    }
    let mut sentences = Vec::new();
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        for words in crate::sentence_words(&text) {
            sentences.push(words.iter().map(|range| range.slice(&text).to_string()).collect());
        }
    }
    let ewt = data.join("syntax/ud-english-ewt/en_ewt-ud-train.conllu");
    for sentence in conllu::read(&std::fs::read_to_string(ewt)?) {
        sentences.push(sentence.words.into_iter().map(|word| word.form).collect());
    }
    Ok(sentences)
}
