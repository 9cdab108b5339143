//! Pronoun resolution scored on GAP (`../shared/data/coreference/gap`): pronoun-name pairs from
//! Wikipedia with gold coreference (A-coref, B-coref), in two files, development and validation.
//!
//! The resolver is [`hearsay_nlp::entities::resolve_pronoun`]: a linear ranker of candidate
//! mentions ([`hearsay_nlp::entities::PronounModel`]) learned on both files. Its figures here are
//! cross-validated, grouped by page URL (a page's rows are all in one fold, in either file): each
//! development row is answered by the model trained on the folds without its page, with the
//! threshold under which a pronoun stays unresolved chosen on inner folds of the training rows
//! alone. The same run scores the hand-set weights the ranker replaced, the nearest name before the
//! pronoun (the baseline), and the ranker with the page's title (from the URL, as GAP's own "URL"
//! baseline uses it) as a feature. Choosing between GAP's two names (each occurrence of the name or
//! its last word a mention) is the task as GAP gives it; the ranker is also scored over the people
//! the entities stage recognises itself ([`hearsay_nlp::entities::recognize`]), which `hearsay
//! extract` uses: a candidate is answered coreferent when the entity picked holds a mention at the
//! candidate's name. Offsets in the file are character offsets. Scored as GAP's official scorer
//! does: each (pronoun, candidate) pair is a binary decision, and F1 is over the coreferent class;
//! per gender by the pronoun's, and the bias is F1 feminine over masculine.

use std::path::Path;

use hearsay_nlp::entities::{
    choose, choose_threshold, pronoun_candidates, train_pronoun_ranker, Candidate, Entity, PronounExample,
    PronounModel, EPOCHS,
};
use hearsay_text::TextRange;
use serde::{Deserialize, Serialize};

use crate::attribution::Prf;

/// The folds of the cross-validation.
pub const FOLDS: usize = 5;

/// The scores on GAP development.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GapReport {
    /// Development rows (pronouns) scored.
    pub n_pronouns: usize,
    /// The learned ranker over the entities stage's people (cross-validated).
    pub resolver: Prf,
    /// The learned ranker choosing among GAP's two names only, as GAP's task gives them
    /// (cross-validated, grouped by page).
    pub resolver_given_names: Prf,
    /// That ranker's figure on the development rows of masculine pronouns.
    pub masculine: Prf,
    /// ... and of feminine pronouns.
    pub feminine: Prf,
    /// F1 feminine over F1 masculine.
    pub bias: f64,
    /// The learned ranker with the page's title (from GAP's URL) as a feature (cross-validated).
    pub with_url: Prf,
    /// The hand-set weights the ranker replaced (tuned on GAP validation), given GAP's names.
    pub hand: Prf,
    /// The committed model given GAP's names (trained on these rows too: not a held-out figure).
    pub committed: Prf,
    /// Nearest preceding candidate name.
    pub baseline: Prf,
    /// The cross-validated ranker given GAP's names on the validation rows.
    pub validation: Prf,
    /// Pronouns the resolver over the entities stage's people gave some entity that holds neither
    /// candidate.
    pub other_answer: usize,
    /// Pronouns that resolver left unresolved.
    pub unresolved: usize,
}

/// One GAP row, byte offsets.
#[derive(Debug, Clone)]
pub struct Row {
    /// Its ID ("development-12").
    pub id: String,
    /// The passage.
    pub text: String,
    /// The pronoun.
    pub pronoun: TextRange,
    /// Names A and B, each with whether the pronoun refers to it.
    pub candidates: [(TextRange, bool); 2],
    /// The page's URL.
    pub url: String,
}

impl Row {
    /// Whether the pronoun is feminine.
    pub fn feminine(&self) -> bool {
        matches!(self.pronoun.slice(&self.text).to_lowercase().as_str(), "she" | "her" | "hers" | "herself")
    }

    /// The index of the gold name, if any.
    pub fn gold(&self) -> Option<usize> {
        self.candidates.iter().position(|c| c.1)
    }

    /// The page's title from its URL ("Kathleen Nott").
    pub fn topic(&self) -> String {
        let last = self.url.rsplit('/').next().unwrap_or("");
        last.split('(').next().unwrap_or(last).replace('_', " ").trim().to_owned()
    }
}

/// A row with its candidates read.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The row.
    pub row: Row,
    /// Which development or validation file it is from.
    pub development: bool,
    /// Its fold (by a hash of the page URL).
    pub fold: usize,
    /// Candidate mentions of GAP's two names (entity 0 is A, 1 is B), with the page's title.
    pub given: Vec<Candidate>,
    /// The people the entities stage recognises.
    pub recognised: Vec<Entity>,
    /// Candidate mentions among those.
    pub recognised_candidates: Vec<Candidate>,
}

impl Prepared {
    /// The example the ranker learns from, with or without the page's title.
    fn example(&self, url: bool) -> PronounExample {
        PronounExample { candidates: given_candidates(&self.given, url), gold: self.row.gold() }
    }
}

/// The candidates with the title's feature kept or zeroed.
fn given_candidates(candidates: &[Candidate], url: bool) -> Vec<Candidate> {
    let topic = hearsay_nlp::entities::FEATURES.iter().position(|f| *f == "topic").expect("a topic feature");
    candidates
        .iter()
        .cloned()
        .map(|mut c| {
            if !url {
                c.features[topic] = 0.0;
            }
            c
        })
        .collect()
}

/// Reads and prepares the rows of the GAP file at `path`.
pub fn read_rows(path: &Path, development: bool) -> Result<Vec<Prepared>, std::io::Error> {
    let table = std::fs::read_to_string(path)?;
    Ok(table
        .lines()
        .skip(1)
        .filter_map(parse_row)
        .map(|row| {
            let sentences = hearsay_text::sentences(&row.text);
            let names = candidate_entities(&row);
            let topic = row.topic();
            let given = pronoun_candidates(&row.text, &sentences, &names, row.pronoun, Some(&topic));
            let recognised = hearsay_nlp::entities::recognize(&row.text, &sentences);
            let recognised_candidates = pronoun_candidates(&row.text, &sentences, &recognised, row.pronoun, None);
            let fold = (fnv(&row.url) % FOLDS as u64) as usize;
            Prepared { row, development, fold, given, recognised, recognised_candidates }
        })
        .collect())
}

/// Reads both files of the folder `dir`, development first.
pub fn read_both(dir: &Path) -> Result<Vec<Prepared>, std::io::Error> {
    let mut rows = read_rows(&dir.join("gap-development.tsv"), true)?;
    rows.extend(read_rows(&dir.join("gap-validation.tsv"), false)?);
    Ok(rows)
}

/// The model the project commits: trained on every row (without the title, which an article
/// does not have), its threshold chosen on the rows' cross-validated scores.
pub fn train_model(rows: &[Prepared]) -> PronounModel {
    let all: Vec<usize> = (0..rows.len()).collect();
    train_thresholded(rows, &all, false)
}

/// A model trained on `rows[train]`, with its threshold chosen on inner folds of those rows.
fn train_thresholded(rows: &[Prepared], train: &[usize], url: bool) -> PronounModel {
    let mut scored = Vec::new();
    let mut gold = 0;
    for fold in 0..FOLDS {
        let inner: Vec<usize> = train.iter().copied().filter(|&i| rows[i].fold != fold).collect();
        if inner.len() == train.len() {
            continue;
        }
        let model = train_on(rows, &inner, url);
        for &i in train.iter().filter(|&&i| rows[i].fold == fold) {
            let example = rows[i].example(url);
            gold += usize::from(example.gold.is_some());
            if let Some((k, score)) = choose(&example.candidates, &model) {
                scored.push((score, example.gold == Some(example.candidates[k].entity)));
            }
        }
    }
    let mut model = train_on(rows, train, url);
    model.threshold = choose_threshold(&scored, gold);
    PronounModel::from_tsv(&model.to_tsv()).expect("a model's text form parses")
}

fn train_on(rows: &[Prepared], train: &[usize], url: bool) -> PronounModel {
    let examples: Vec<PronounExample> = train.iter().map(|&i| rows[i].example(url)).collect();
    train_pronoun_ranker(&examples, EPOCHS)
}

/// Each row's answer among A and B (0, 1; none when unresolved) by `model`.
pub fn answer(prepared: &Prepared, model: &PronounModel, url: bool) -> Option<usize> {
    let candidates = given_candidates(&prepared.given, url);
    let (k, score) = choose(&candidates, model)?;
    (score >= model.threshold).then_some(candidates[k].entity)
}

/// The answers of the cross-validation: for each row, the given-names answer and the entity (an
/// index into `recognised`) the recogniser's people answer, each by the model of the folds
/// without the row's page.
pub fn cross_validate(rows: &[Prepared], url: bool) -> Vec<(Option<usize>, Option<usize>)> {
    let mut answers = vec![(None, None); rows.len()];
    for fold in 0..FOLDS {
        let train: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].fold != fold).collect();
        let model = train_thresholded(rows, &train, url);
        for (i, prepared) in rows.iter().enumerate().filter(|(_, p)| p.fold == fold) {
            let recognised = choose(&prepared.recognised_candidates, &model)
                .filter(|&(_, score)| score >= model.threshold)
                .map(|(k, _)| prepared.recognised_candidates[k].entity);
            answers[i] = (answer(prepared, &model, url), recognised);
        }
    }
    answers
}

/// Scores the resolver, the hand weights and the baseline on GAP development (`path`), with the
/// validation file beside it for the cross-validation.
pub fn score_gap(path: &Path) -> Result<GapReport, std::io::Error> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let rows = read_both(dir)?;
    Ok(report(&rows))
}

/// The report on already prepared rows.
pub fn report(rows: &[Prepared]) -> GapReport {
    let learned = cross_validate(rows, false);
    let with_url = cross_validate(rows, true);
    let hand_model = PronounModel::hand();
    let builtin = PronounModel::builtin();
    let mut r = GapReport {
        n_pronouns: 0,
        resolver: Prf::default(),
        resolver_given_names: Prf::default(),
        masculine: Prf::default(),
        feminine: Prf::default(),
        bias: 0.0,
        with_url: Prf::default(),
        hand: Prf::default(),
        committed: Prf::default(),
        baseline: Prf::default(),
        validation: Prf::default(),
        other_answer: 0,
        unresolved: 0,
    };
    for (i, prepared) in rows.iter().enumerate() {
        let row = &prepared.row;
        if !prepared.development {
            count(&mut r.validation, row, learned[i].0);
            continue;
        }
        r.n_pronouns += 1;
        count(&mut r.resolver_given_names, row, learned[i].0);
        count(if row.feminine() { &mut r.feminine } else { &mut r.masculine }, row, learned[i].0);
        count(&mut r.with_url, row, with_url[i].0);
        count(&mut r.hand, row, answer(prepared, &hand_model, false));
        count(&mut r.committed, row, answer(prepared, builtin, false));
        count(&mut r.baseline, row, nearest_before(row));
        let picked = learned[i].1.map(|e| &prepared.recognised[e]);
        let answers = row.candidates.map(|(name, _)| {
            picked.is_some_and(|entity| entity.mentions.iter().any(|m| m.overlaps(name) && !m.overlaps(row.pronoun)))
        });
        match picked {
            None => r.unresolved += 1,
            Some(_) if !answers.iter().any(|&a| a) => r.other_answer += 1,
            Some(_) => {}
        }
        for (k, &(_, gold)) in row.candidates.iter().enumerate() {
            r.resolver.predicted += usize::from(answers[k]);
            r.resolver.gold += usize::from(gold);
            r.resolver.correct += usize::from(answers[k] && gold);
        }
    }
    for prf in [
        &mut r.resolver,
        &mut r.resolver_given_names,
        &mut r.masculine,
        &mut r.feminine,
        &mut r.with_url,
        &mut r.hand,
        &mut r.committed,
        &mut r.baseline,
        &mut r.validation,
    ] {
        prf.finish();
    }
    r.bias = if r.masculine.f1 > 0.0 { r.feminine.f1 / r.masculine.f1 } else { 0.0 };
    r
}

/// Counts one row answered `picked` (0 for A, 1 for B).
fn count(prf: &mut Prf, row: &Row, picked: Option<usize>) {
    for (k, &(_, gold)) in row.candidates.iter().enumerate() {
        let answer = picked == Some(k);
        prf.predicted += usize::from(answer);
        prf.gold += usize::from(gold);
        prf.correct += usize::from(answer && gold);
    }
}

/// The baseline's answer: the candidate name that ends nearest before the pronoun.
pub fn nearest_before(row: &Row) -> Option<usize> {
    row.candidates
        .iter()
        .enumerate()
        .filter(|(_, (name, _))| name.end <= row.pronoun.start)
        .max_by_key(|(_, (name, _))| name.start)
        .map(|(k, _)| k)
}

/// GAP's two names as people ("A", "B"), mentioned wherever the name or its last word is written.
fn candidate_entities(row: &Row) -> Vec<Entity> {
    row.candidates
        .iter()
        .zip(["A", "B"])
        .map(|(&(name, _), id)| {
            let written = name.slice(&row.text);
            let last = written.split_whitespace().next_back().unwrap_or(written);
            let mut mentions: Vec<TextRange> = [written, last]
                .iter()
                .flat_map(|needle| {
                    row.text
                        .match_indices(needle)
                        .filter_map(|(at, found)| TextRange::new(&row.text, at, at + found.len()))
                        .collect::<Vec<_>>()
                })
                .collect();
            mentions.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
            mentions.dedup_by(|later, earlier| earlier.contains_range(*later));
            Entity {
                id: id.to_owned(),
                name: written.to_owned(),
                kind: hearsay_nlp::entities::EntityKind::Person,
                aliases: Vec::new(),
                mentions,
                roles: Vec::new(),
                country: None,
            }
        })
        .collect()
}

/// FNV-1a of a string, for folds that do not move between runs or platforms.
fn fnv(text: &str) -> u64 {
    crate::common::fnv(text)
}

/// A row of the TSV (ID, Text, Pronoun, Pronoun-offset, A, A-offset, A-coref, B, B-offset,
/// B-coref, URL), its character offsets as byte ranges.
fn parse_row(line: &str) -> Option<Row> {
    let columns: Vec<&str> = line.split('\t').collect();
    if columns.len() < 10 {
        return None;
    }
    let text = columns[1].to_owned();
    let mut char_to_byte: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    char_to_byte.push(text.len());
    let range = |word: &str, offset: &str| -> Option<TextRange> {
        let start = *char_to_byte.get(offset.parse::<usize>().ok()?)?;
        let range = TextRange::new(&text, start, start + word.len())?;
        (range.slice(&text) == word).then_some(range)
    };
    let pronoun = range(columns[2], columns[3])?;
    let a = (range(columns[4], columns[5])?, columns[6].eq_ignore_ascii_case("true"));
    let b = (range(columns[7], columns[8])?, columns[9].eq_ignore_ascii_case("true"));
    let url = columns.get(10).copied().unwrap_or("").trim().to_owned();
    Some(Row { id: columns[0].to_owned(), text, pronoun, candidates: [a, b], url })
}
