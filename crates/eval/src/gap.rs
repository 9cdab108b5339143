//! Pronoun resolution scored on GAP (`../shared/data/coreference/gap/gap-development.tsv`):
//! pronoun-name pairs from Wikipedia with gold coreference (A-coref, B-coref).
//!
//! The resolver is [`hearsay_nlp::entities::resolve_pronoun`] over the entities stage's people
//! ([`hearsay_nlp::entities::recognize`]), which `hearsay extract` uses for pronoun claimants that
//! nothing else resolves: a candidate is answered coreferent when the entity it picks holds a
//! mention at the candidate's name; no pick answers neither (the resolver leaves a pronoun
//! unresolved rather than guess). The baseline, in the same run, answers the nearest
//! name before the pronoun among A and B. Offsets in the file are character offsets. Scored as
//! GAP's official scorer does: each (pronoun, candidate) pair is a binary decision, and F1 is over
//! the coreferent class.

use std::path::Path;

use hearsay_nlp::entities::PronounWeights;
use hearsay_text::TextRange;
use serde::{Deserialize, Serialize};

use crate::attribution::Prf;

/// Both systems' scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GapReport {
    /// Rows (pronouns) scored.
    pub n_pronouns: usize,
    /// The entities stage's resolver.
    pub resolver: Prf,
    /// The same resolver choosing among GAP's two names only (each occurrence of the name or its
    /// last word a mention), as GAP's task gives them: the choice without the recognizer's misses.
    pub resolver_given_names: Prf,
    /// Nearest preceding candidate name.
    pub baseline: Prf,
    /// Pronouns the resolver gave some entity that holds neither candidate.
    pub other_answer: usize,
    /// Pronouns the resolver left unresolved.
    pub unresolved: usize,
}

/// One GAP row, byte offsets.
struct Row {
    id: String,
    text: String,
    pronoun: TextRange,
    candidates: [(TextRange, bool); 2],
}

/// Scores the resolver and the baseline on the GAP file at `path`.
pub fn score_gap(path: &Path) -> Result<GapReport, std::io::Error> {
    score_gap_with(path, &PronounWeights::default())
}

/// [`score_gap`] with the resolver's weights given (for tuning on GAP validation).
pub fn score_gap_with(path: &Path, weights: &PronounWeights) -> Result<GapReport, std::io::Error> {
    let table = std::fs::read_to_string(path)?;
    let rows: Vec<Row> = table.lines().skip(1).filter_map(parse_row).collect();
    let mut resolver = Prf::default();
    let mut given = Prf::default();
    let mut baseline = Prf::default();
    let (mut other_answer, mut unresolved) = (0, 0);
    for row in &rows {
        let sentences = hearsay_text::sentences(&row.text);
        let entities = hearsay_nlp::entities::recognize(&row.text, &sentences);
        let at_pronoun =
            hearsay_nlp::entities::resolve_pronoun_with(&row.text, &sentences, &entities, row.pronoun, weights)
                .map(|(entity, _)| entity);
        let answers = row.candidates.map(|(name, _)| {
            at_pronoun
                .is_some_and(|entity| entity.mentions.iter().any(|m| m.overlaps(name) && !m.overlaps(row.pronoun)))
        });
        match at_pronoun {
            None => unresolved += 1,
            Some(_) if !answers.iter().any(|&a| a) => other_answer += 1,
            Some(_) => {}
        }
        let nearest = nearest_before(row);
        let candidates = candidate_entities(row);
        let picked =
            hearsay_nlp::entities::resolve_pronoun_with(&row.text, &sentences, &candidates, row.pronoun, weights)
                .map(|(entity, _)| entity.id.clone());
        for (k, &(_, gold)) in row.candidates.iter().enumerate() {
            count(&mut resolver, answers[k], gold);
            count(&mut given, picked.as_deref() == Some(["A", "B"][k]), gold);
            count(&mut baseline, nearest == Some(k), gold);
        }
    }
    resolver.finish();
    given.finish();
    baseline.finish();
    Ok(GapReport { n_pronouns: rows.len(), resolver, resolver_given_names: given, baseline, other_answer, unresolved })
}

/// What the resolver, given GAP's two names, answered for one row (for error analysis).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GapDecision {
    /// The row's ID.
    pub id: String,
    /// Whether A, B is the pronoun's antecedent.
    pub gold: [bool; 2],
    /// The candidate picked (0 for A, 1 for B), none when left unresolved.
    pub picked: Option<usize>,
    /// The nearest candidate before the pronoun (the baseline's answer).
    pub nearest: Option<usize>,
}

/// Each row's answer by the resolver given GAP's two names, with `weights`.
pub fn decisions_with(path: &Path, weights: &PronounWeights) -> Result<Vec<GapDecision>, std::io::Error> {
    let table = std::fs::read_to_string(path)?;
    Ok(table
        .lines()
        .skip(1)
        .filter_map(parse_row)
        .map(|row| {
            let sentences = hearsay_text::sentences(&row.text);
            let candidates = candidate_entities(&row);
            let picked =
                hearsay_nlp::entities::resolve_pronoun_with(&row.text, &sentences, &candidates, row.pronoun, weights)
                    .and_then(|(entity, _)| ["A", "B"].iter().position(|id| *id == entity.id));
            let nearest = nearest_before(&row);
            GapDecision { id: row.id.clone(), gold: row.candidates.map(|(_, gold)| gold), picked, nearest }
        })
        .collect())
}

/// GAP's two names as people ("A", "B"), mentioned wherever the name or its last word is written.
/// The baseline's answer: the candidate name that ends nearest before the pronoun.
fn nearest_before(row: &Row) -> Option<usize> {
    row.candidates
        .iter()
        .enumerate()
        .filter(|(_, (name, _))| name.end <= row.pronoun.start)
        .max_by_key(|(_, (name, _))| name.start)
        .map(|(k, _)| k)
}

fn candidate_entities(row: &Row) -> Vec<hearsay_nlp::entities::Entity> {
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
            hearsay_nlp::entities::Entity {
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

fn count(prf: &mut Prf, answer: bool, gold: bool) {
    prf.predicted += usize::from(answer);
    prf.gold += usize::from(gold);
    prf.correct += usize::from(answer && gold);
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
    Some(Row { id: columns[0].to_owned(), text, pronoun, candidates: [a, b] })
}
