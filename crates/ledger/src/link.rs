//! Pairwise decisions: are two claims the same proposition, related ones, or a response to each
//! other. (Stories are grouped by centroid, not by pairs: see [`crate::stories`].)
//!
//! Each decision reads its two items only, and is symmetric, so the set of links in the ledger
//! does not depend on the order articles arrive in. Index terms decide which pairs are looked at
//! at all; they too come from one item at a time (see [`claim_terms`]).

use std::collections::BTreeSet;

use crate::features::{ClaimItem, Frame};

/// The relations the ledger keeps between two claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ClaimRelation {
    /// The same proposition (whatever the stance toward it).
    Same,
    /// Different propositions about the same actors ("gave Israel air-defence data" and
    /// "supplied Tehran with intelligence").
    Related,
    /// One claim is about what the other's claimant said ("disowned Sadr's remarks").
    RespondsTo,
}

impl ClaimRelation {
    /// Name stored in the edge table and printed.
    pub fn name(self) -> &'static str {
        match self {
            ClaimRelation::Same => "same",
            ClaimRelation::Related => "related",
            ClaimRelation::RespondsTo => "responds-to",
        }
    }
}

/// How close relation words must be for two claims with the same actors to be one proposition.
pub const RELATION_JACCARD: f32 = 0.34;
/// Or: the share of the shorter claim's relation words the longer one holds, for the same decision
/// (with at least [`CONTAINED_WORDS`] in common).
pub const RELATION_CONTAINMENT: f32 = 0.75;
/// Relation words two claims must share to be one proposition by containment.
pub const CONTAINED_WORDS: usize = 3;
/// How close sentence embeddings must be, where both claims have one, for the same decision.
/// On FNC-1 headline pairs MiniLM's best-F1 cut between "same claim" and "other claim" is 0.49
/// (`crates/embed/results/claim_match.json`); claims must also share agent and participants
/// here, so a stricter cut keeps precision.
pub const EMBEDDING_COSINE: f32 = 0.70;
/// How close all words must be for two claims that name no entity to be one proposition.
pub const WORDS_JACCARD: f32 = 0.6;

/// Index terms of a claim, chosen so that every pair [`relate_claims`] could link shares one:
/// its frame (agent and other participants: a `same` proposition needs both equal), its agent
/// with each relation word (a `related` one needs the agent and two relation words in common),
/// its claimant and the persons it responds to, and for a claim without entities a few of its
/// words chosen by a fixed hash. Terms are specific on purpose: "every claim naming Trump and
/// Clinton" would make each new claim cost thousands of comparisons on election news.
pub fn claim_terms(item: &ClaimItem) -> Vec<String> {
    let frame = &item.frame;
    let mut terms = BTreeSet::new();
    if frame.actors.is_empty() {
        for word in min_hashed(&frame.words, 6) {
            terms.insert(format!("word:{word}"));
        }
    } else {
        terms.insert(format!("frame:{}", frame_key(frame)));
        if let Some(agent) = &frame.agent {
            for word in &frame.relation {
                terms.insert(format!("rel:{agent}|{word}"));
            }
        }
    }
    if let Some(key) = &item.claimant_key {
        terms.insert(format!("by:{key}"));
    }
    for key in &frame.responds_to {
        terms.insert(format!("about-words-of:{key}"));
    }
    terms.into_iter().collect()
}

/// Agent and sorted other participants; without an agent, the sorted actors.
fn frame_key(frame: &Frame) -> String {
    match &frame.agent {
        Some(agent) => {
            let others: BTreeSet<&String> = frame.participants.iter().filter(|key| *key != agent).collect();
            format!("{agent}|{}", others.into_iter().cloned().collect::<Vec<_>>().join(","))
        }
        None => {
            let actors: BTreeSet<&String> = frame.actors.iter().collect();
            format!("-|{}", actors.into_iter().cloned().collect::<Vec<_>>().join(","))
        }
    }
}

/// Whether two frames have the same [`frame_key`], without building it: this is asked of every
/// candidate pair.
fn same_frame(a: &Frame, b: &Frame) -> bool {
    match (&a.agent, &b.agent) {
        (Some(x), Some(y)) if x == y => {
            same_set(a.participants.iter().filter(|key| *key != x), b.participants.iter().filter(|key| *key != x))
        }
        (None, None) => same_set(a.actors.iter(), b.actors.iter()),
        _ => false,
    }
}

/// Whether two lists hold the same keys, whatever their order and repeats. Frames name a few
/// actors, so each key is looked for in the other list rather than both put in sets (which
/// cloned every key of every candidate pair: 2% of an update).
fn same_set<'a, A, B>(a: A, b: B) -> bool
where
    A: Iterator<Item = &'a String> + Clone,
    B: Iterator<Item = &'a String> + Clone,
{
    let (a_len, b_len) = (a.clone().count(), b.clone().count());
    if a_len > 16 || b_len > 16 {
        return a.collect::<BTreeSet<_>>() == b.collect::<BTreeSet<_>>();
    }
    a.clone().all(|x| b.clone().any(|y| y == x)) && b.clone().all(|y| a.clone().any(|x| x == y))
}

/// The terms to look up for a new claim: its own, plus the mirror of its `by:`/`about-words-of:`
/// terms, so that a response and the claim it answers find each other whichever comes first.
///
/// Without `embeddings`, a claim with an agent does not look up its `frame:` term: every claim
/// [`relate_claims`] could link it to shares a relation word with it, and so a `rel:` term (the
/// same proposition needs relation words in common unless embeddings are close, a related one
/// two of them, a response its claimant's term). The frame term of a candidate like Trump (every
/// claim he is the agent of) was most of the comparisons on election news, and found nothing more.
pub fn claim_lookup_terms(item: &ClaimItem, embeddings: bool) -> Vec<String> {
    // Its own claimant and response terms are for others to find it by: looking them up would
    // compare it with everything its claimant ever said.
    let skip_frame = !embeddings && item.frame.agent.is_some();
    let mut terms: Vec<String> = claim_terms(item)
        .into_iter()
        .filter(|term| !term.starts_with("by:") && !term.starts_with("about-words-of:"))
        .filter(|term| !(skip_frame && term.starts_with("frame:")))
        .collect();
    if let Some(key) = &item.claimant_key {
        terms.push(format!("about-words-of:{key}"));
    }
    for key in &item.frame.responds_to {
        terms.push(format!("by:{key}"));
    }
    terms.sort();
    terms.dedup();
    terms
}

/// `count` words of `words` chosen by a fixed hash (the smallest hashes): two word sets that are
/// mostly the same likely share one, as in MinHash.
fn min_hashed(words: &[String], count: usize) -> Vec<&String> {
    let mut hashed: Vec<(u64, &String)> = words.iter().filter(|w| w.len() > 2).map(|w| (fnv(w), w)).collect();
    hashed.sort();
    hashed.into_iter().take(count).map(|(_, w)| w).collect()
}

fn fnv(text: &str) -> u64 {
    hearsay_text::fnv1a(text.as_bytes())
}

/// The relations between two claims, if any. `cosine` is the similarity of their contents'
/// embeddings, when both have one.
pub fn relate_claims(a: &ClaimItem, b: &ClaimItem, cosine: Option<f32>) -> Vec<ClaimRelation> {
    let mut found = Vec::new();
    if a.article == b.article && a.claim == b.claim {
        return found;
    }
    if same_proposition(&a.frame, &b.frame, cosine) {
        found.push(ClaimRelation::Same);
    } else if related(&a.frame, &b.frame) {
        found.push(ClaimRelation::Related);
    }
    let answers =
        |x: &ClaimItem, y: &ClaimItem| y.claimant_key.as_ref().is_some_and(|key| x.frame.responds_to.contains(key));
    if answers(a, b) || answers(b, a) {
        found.push(ClaimRelation::RespondsTo);
    }
    found
}

fn same_proposition(a: &Frame, b: &Frame, cosine: Option<f32>) -> bool {
    if a.actors.is_empty() && b.actors.is_empty() {
        return jaccard(&a.words, &b.words) >= WORDS_JACCARD;
    }
    if a.actors.is_empty() != b.actors.is_empty() || !same_frame(a, b) {
        return false;
    }
    jaccard(&a.relation, &b.relation) >= RELATION_JACCARD
        || contained(&a.relation, &b.relation)
        || cosine.is_some_and(|c| c >= EMBEDDING_COSINE)
}

/// A short wording inside a long one, with the same agent and participants: "Russia did not give
/// Israel any Iranian air-defense data" (`give`, `air-defence`, `info`) and "Russia may have
/// provided Israel with Iranian air-defense intelligence from prior conflicts, including limited
/// attacks in November 2024" (those three and seven more).
fn contained(a: &[String], b: &[String]) -> bool {
    let shared = shared_words(a, b);
    let smaller = a.len().min(b.len());
    shared >= CONTAINED_WORDS && shared as f32 >= RELATION_CONTAINMENT * smaller as f32
}

/// Related propositions: the same agent doing a like thing to an overlapping set of others
/// ("Russia gave Israel Iran's air-defence data" and "Moscow supplied Tehran with
/// intelligence": agent Russia, relation words `give` and `info` shared), or two shared actors
/// and much of the relation in common. Merely naming the same countries is not enough.
fn related(a: &Frame, b: &Frame) -> bool {
    let shared = a.actors.iter().filter(|key| b.actors.contains(key)).count();
    let same_agent = a.agent.is_some() && a.agent == b.agent;
    same_agent && shared >= 2 && shared_words(&a.relation, &b.relation) >= 2
}

fn shared_words(a: &[String], b: &[String]) -> usize {
    a.iter().filter(|w| b.binary_search(w).is_ok()).count()
}

/// Jaccard similarity of two sorted, deduplicated word lists.
pub(crate) fn jaccard(a: &[String], b: &[String]) -> f32 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared as f32 / (a.len() + b.len() - shared) as f32
}

/// Days since 1970-01-01 of the `YYYY-MM-DD` that starts `date`.
pub(crate) fn day_number(date: &str) -> Option<i64> {
    let y: i64 = date.get(0..4)?.parse().ok()?;
    let m: i64 = date.get(5..7)?.parse().ok()?;
    let d: i64 = date.get(8..10)?.parse().ok()?;
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d - 1;
    Some(era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jaccard_of_sorted_lists() {
        let words = |list: &[&str]| list.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>();
        assert!((jaccard(&words(&["give", "info"]), &words(&["give", "info", "secret"])) - 2.0 / 3.0).abs() < 1e-6);
        assert_eq!(jaccard(&words(&[]), &words(&[])), 0.0);
    }

    #[test]
    fn day_numbers() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2026-04-20T06:16:59Z").zip(day_number("2026-04-06")).map(|(a, b)| a - b), Some(14));
    }
}
