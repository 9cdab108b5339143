//! The entities stage: people, organisations, countries, places and outlets named in an article,
//! with each referent's mentions gathered into one entity (within-article coreference).
//!
//! Names come from two sources: the gazetteer (countries, capitals and seats of government that
//! stand for their state, known people, organisations, outlets) and capitalised word runs read with
//! context rules (titles before names, appositions, organisation head words, outlet cues). Later
//! mentions then link to earlier ones: a bare surname to the full name ("Sadr" -> "Mohammad Sadr"),
//! a spelling variant of the given name ("Mohammed Sadr"), an organisation's first word or its
//! bracketed acronym ("Mashregh", "(SAS)"), and, only where no other person competes, pronouns
//! ("he") and role nouns ("the envoy", "the Ambassador").
//!
//! Output is deterministic: ids follow first mention, aliases are sorted.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::OnceLock;

use hearsay_text::TextRange;
use serde::{Deserialize, Serialize};

pub mod gazetteer;

mod corefer;
mod pronoun_training;
mod pronouns;
mod recognise;
mod tokens;
mod words;

use corefer::*;
use gazetteer::{gazetteer, GazKind};
use recognise::*;
use tokens::*;
use words::*;

pub use pronoun_training::{choose_threshold, train_pronoun_ranker, PronounExample, EPOCHS};
pub use pronouns::{
    choose, pronoun_candidates, resolve_pronoun, resolve_pronoun_with, Candidate, PronounModel, FEATURES, N_FEATURES,
    WINDOW,
};
pub use recognise::recognize;

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A person.
    Person,
    /// An organisation (ministry, party, armed group, company, international body).
    Organization,
    /// A state; its capital and seat of government stand for it ("Moscow finalized a deal").
    Country,
    /// Another place.
    Place,
    /// A news outlet.
    Outlet,
}

/// One referent of an article with all its mentions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// "e1", "e2", ... in order of first mention.
    pub id: String,
    /// Canonical name: the gazetteer's, or the longest full name used in the article.
    pub name: String,
    /// What it is.
    pub kind: EntityKind,
    /// Distinct surface forms of its names (not pronouns or role nouns), sorted.
    pub aliases: Vec<String>,
    /// Every mention, names, pronouns and role nouns alike, in text order.
    pub mentions: Vec<TextRange>,
    /// Roles the article gives it ("Foreign Ministry spokesman"), in order of appearance.
    pub roles: Vec<String>,
    /// ISO3 code of its country, where known.
    pub country: Option<String>,
}

/// The entity with a mention inside or overlapping `range`; the longest such mention wins, then
/// the first.
pub fn entity_at(entities: &[Entity], range: TextRange) -> Option<&Entity> {
    let mut best: Option<(&Entity, usize, TextRange)> = None;
    for e in entities {
        for &m in &e.mentions {
            let hit = m.overlaps(range)
                || range.contains_range(m)
                || (range.is_empty() && m.start <= range.start && range.start < m.end);
            if !hit {
                continue;
            }
            let better = match best {
                None => true,
                Some((_, len, at)) => m.len() > len || (m.len() == len && m.start < at.start),
            };
            if better {
                best = Some((e, m.len(), m));
            }
        }
    }
    best.map(|(e, _, _)| e)
}
