//! Pronoun resolution scored on GAP (`../shared/data/coreference/gap/gap-development.tsv`):
//! pronoun-name pairs from Wikipedia with gold coreference (A-coref, B-coref).
//!
//! The resolver is the entities stage's within-article coreference
//! ([`hearsay_nlp::entities::recognize`]), which `hearsay extract` uses to resolve claimants: a
//! candidate is answered coreferent when the entity holding a mention at the pronoun also holds a
//! mention at the candidate's name; no entity at the pronoun answers neither (the resolver leaves
//! a pronoun unresolved rather than guess). The baseline, in the same run, answers the nearest
//! name before the pronoun among A and B. Offsets in the file are character offsets. Scored as
//! GAP's official scorer does: each (pronoun, candidate) pair is a binary decision, and F1 is over
//! the coreferent class.

use std::path::Path;

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
    /// Nearest preceding candidate name.
    pub baseline: Prf,
    /// Pronouns the resolver gave some entity that holds neither candidate.
    pub other_answer: usize,
    /// Pronouns the resolver left unresolved.
    pub unresolved: usize,
}

/// One GAP row, byte offsets.
struct Row {
    text: String,
    pronoun: TextRange,
    candidates: [(TextRange, bool); 2],
}

/// Scores the resolver and the baseline on the GAP file at `path`.
pub fn score_gap(path: &Path) -> Result<GapReport, std::io::Error> {
    let table = std::fs::read_to_string(path)?;
    let rows: Vec<Row> = table.lines().skip(1).filter_map(parse_row).collect();
    let mut resolver = Prf::default();
    let mut baseline = Prf::default();
    let (mut other_answer, mut unresolved) = (0, 0);
    for row in &rows {
        let entities = hearsay_nlp::entities::recognize(&row.text, &[]);
        let at_pronoun = hearsay_nlp::entities::entity_at(&entities, row.pronoun)
            .filter(|entity| entity.mentions.iter().any(|m| m.overlaps(row.pronoun)));
        let answers = row.candidates.map(|(name, _)| {
            at_pronoun
                .is_some_and(|entity| entity.mentions.iter().any(|m| m.overlaps(name) && !m.overlaps(row.pronoun)))
        });
        match at_pronoun {
            None => unresolved += 1,
            Some(_) if !answers.iter().any(|&a| a) => other_answer += 1,
            Some(_) => {}
        }
        let nearest = row
            .candidates
            .iter()
            .enumerate()
            .filter(|(_, (name, _))| name.end <= row.pronoun.start)
            .max_by_key(|(_, (name, _))| name.start)
            .map(|(k, _)| k);
        for (k, &(_, gold)) in row.candidates.iter().enumerate() {
            count(&mut resolver, answers[k], gold);
            count(&mut baseline, nearest == Some(k), gold);
        }
    }
    resolver.finish();
    baseline.finish();
    Ok(GapReport { n_pronouns: rows.len(), resolver, baseline, other_answer, unresolved })
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
    Some(Row { text, pronoun, candidates: [a, b] })
}
