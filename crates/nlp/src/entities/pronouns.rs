//! A personal pronoun resolved to a person named before it, as a reader would, reading the
//! dependency parse of its sentence and the ones before (`hearsay_syntax`): each mention by name
//! of a person of the right gender (where a title tells it: "Mrs.", "Sir") is scored by how far
//! back it is, whether it is a subject (a subject pronoun continues the subject: "Smith told Jones
//! that he ..."), whether it has the pronoun's own role (parallelism), how often and how early
//! the person is named (the article's main person), and never the subject of the clause of an
//! object pronoun ("Smith hired him" is not Smith). Nothing when no person is named before it
//! (the pronoun is left unresolved rather than guessed).

use hearsay_syntax::Parser;
use hearsay_text::TextRange;

use super::{Entity, EntityKind};

/// The weights of [`resolve_pronoun_with`]; the defaults were tuned on GAP validation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PronounWeights {
    /// How many sentences before the pronoun's a name may be.
    pub window: usize,
    /// Per sentence back.
    pub distance: f32,
    /// The mention is a subject.
    pub subject: f32,
    /// The mention has the pronoun's role (subject, object, possessive).
    pub parallel: f32,
    /// Per earlier mention of the person (up to five).
    pub frequency: f32,
    /// The person is the first named in the text.
    pub first: f32,
    /// Per word between the mention and the pronoun in the same sentence (recency).
    pub recency: f32,
}

impl Default for PronounWeights {
    fn default() -> PronounWeights {
        // Tuned on GAP validation by `gap_tune` (coordinate ascent from window 2, distance 1.0,
        // subject 1.0, parallel 0.5, frequency 0.2, first 0.5, recency 0.02: validation F1 0.634
        // -> 0.681; GAP development, never tuned on, 0.644 -> 0.663).
        PronounWeights {
            window: 4,
            distance: 0.5,
            subject: 1.0,
            parallel: 0.5,
            frequency: 0.2,
            first: 0.1,
            recency: 0.1,
        }
    }
}

/// The person `pronoun` ("he", "her", "his") refers to, with the mention by name that decides it.
pub fn resolve_pronoun<'a>(
    text: &str,
    sentences: &[TextRange],
    entities: &'a [Entity],
    pronoun: TextRange,
) -> Option<(&'a Entity, TextRange)> {
    resolve_pronoun_with(text, sentences, entities, pronoun, &PronounWeights::default())
}

/// A role in the clause, coarse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Subject,
    Object,
    Possessive,
    Other,
}

/// One sentence's words and parse.
struct Parsed {
    words: Vec<TextRange>,
    /// Head word index, `usize::MAX` for the root.
    head: Vec<usize>,
    rel: Vec<String>,
}

impl Parsed {
    fn new(text: &str, sentence: TextRange) -> Parsed {
        let words: Vec<TextRange> = hearsay_text::words(sentence.slice(text))
            .into_iter()
            .filter_map(|w| TextRange::new(text, sentence.start() + w.range.start(), sentence.start() + w.range.end()))
            .collect();
        if words.is_empty() || words.len() > 150 {
            return Parsed { words, head: Vec::new(), rel: Vec::new() };
        }
        let parse = Parser::builtin().parse_ranges(text, &words);
        let head = parse.nodes.iter().map(|n| if n.head == 0 { usize::MAX } else { n.head - 1 }).collect();
        let rel = parse.nodes.into_iter().map(|n| n.deprel).collect();
        Parsed { words, head, rel }
    }

    /// The word that heads `range` (its last word climbed through `flat`/`compound`).
    fn word_of(&self, range: TextRange) -> Option<usize> {
        if self.head.is_empty() {
            return None;
        }
        let mut k = self.words.iter().rposition(|w| w.start < range.end && range.start < w.end)?;
        for _ in 0..8 {
            let h = self.head[k];
            if h == usize::MAX || !(self.rel[k].starts_with("flat") || self.rel[k] == "compound") {
                break;
            }
            if !(range.start <= self.words[h].start && self.words[h].end <= range.end) {
                break;
            }
            k = h;
        }
        Some(k)
    }

    fn role(&self, k: usize) -> Role {
        match self.rel[k].as_str() {
            "nsubj" | "nsubj:pass" => Role::Subject,
            "obj" | "iobj" => Role::Object,
            "nmod:poss" => Role::Possessive,
            _ => Role::Other,
        }
    }

    /// The verb (or predicate) whose argument word `k` is.
    fn clause(&self, k: usize) -> Option<usize> {
        let mut k = k;
        for _ in 0..4 {
            let h = self.head[k];
            if h == usize::MAX {
                return None;
            }
            if matches!(self.rel[k].as_str(), "nsubj" | "nsubj:pass" | "obj" | "iobj" | "obl") {
                return Some(h);
            }
            k = h;
        }
        None
    }
}

/// [`resolve_pronoun`] with its weights given.
pub fn resolve_pronoun_with<'a>(
    text: &str,
    sentences: &[TextRange],
    entities: &'a [Entity],
    pronoun: TextRange,
    weights: &PronounWeights,
) -> Option<(&'a Entity, TextRange)> {
    let word = pronoun.slice(text).to_lowercase();
    let gender = match word.as_str() {
        "he" | "him" | "his" | "himself" => 'm',
        "she" | "her" | "hers" | "herself" => 'f',
        _ => return None,
    };
    let sentence_of = |at: u32| sentences.partition_point(|s| s.end <= at);
    let here = sentence_of(pronoun.start);
    // Every mention by name of a person of the right gender before the pronoun, in the
    // sentences of the window: (sentence, mention, entity index).
    let people: Vec<&Entity> = entities.iter().filter(|entity| entity.kind == EntityKind::Person).collect();
    let mut named: Vec<(usize, TextRange, usize)> = Vec::new();
    for (e, entity) in people.iter().enumerate() {
        if title_gender(text, entity).is_some_and(|known| known != gender) {
            continue;
        }
        for &mention in &entity.mentions {
            let sentence = sentence_of(mention.start);
            if mention.end <= pronoun.start && sentence + weights.window >= here && is_by_name(mention.slice(text)) {
                named.push((sentence, mention, e));
            }
        }
    }
    if named.is_empty() {
        return None;
    }
    // The person named first in the text, and how often each is named before the pronoun.
    let first_named = people
        .iter()
        .enumerate()
        .filter_map(|(e, entity)| entity.mentions.iter().map(|m| m.start).min().map(|at| (at, e)))
        .min()
        .map(|(_, e)| e);
    let count = |e: usize| people[e].mentions.iter().filter(|m| m.end <= pronoun.start).count().min(5);
    // The parse of the pronoun's sentence and of each sentence with a candidate mention.
    let mut parsed: Vec<Option<Parsed>> = (0..=here).map(|_| None).collect();
    for s in named.iter().map(|&(s, _, _)| s).chain([here]) {
        if parsed[s].is_none() {
            parsed[s] = sentences.get(s).map(|&sentence| Parsed::new(text, sentence));
        }
    }
    let parse = |s: usize| parsed.get(s).and_then(Option::as_ref);
    let (pro_role, pro_clause) = match parse(here).and_then(|p| Some((p, p.word_of(pronoun)?))) {
        Some((p, k)) => (p.role(k), p.clause(k)),
        None => (Role::Other, None),
    };
    let mut best: Option<(f32, TextRange, usize)> = None;
    for &(s, mention, e) in &named {
        let (role, clause, gap) = match parse(s).and_then(|p| Some((p, p.word_of(mention)?))) {
            Some((p, k)) => {
                let gap = if s == here {
                    p.words.iter().filter(|w| w.start >= mention.end && w.end <= pronoun.start).count()
                } else {
                    0
                };
                (p.role(k), p.clause(k), gap)
            }
            None => (Role::Other, None, 0),
        };
        // "Smith hired him": an object pronoun is not the subject of its own clause.
        if s == here && pro_role == Role::Object && role == Role::Subject && clause.is_some() && clause == pro_clause {
            continue;
        }
        let mut score = -weights.distance * (here - s) as f32 - weights.recency * gap as f32;
        if role == Role::Subject {
            score += weights.subject;
        }
        if role == pro_role && role != Role::Other {
            score += weights.parallel;
        }
        score += weights.frequency * count(e) as f32;
        if first_named == Some(e) {
            score += weights.first;
        }
        if best.is_none_or(|(b, _, _)| score > b) {
            best = Some((score, mention, e));
        }
    }
    best.map(|(_, mention, e)| (people[e], mention))
}

/// True for a mention that names (not "he", not "the envoy").
fn is_by_name(written: &str) -> bool {
    written.chars().next().is_some_and(char::is_uppercase)
        && !matches!(written, "He" | "She" | "His" | "Her" | "Him" | "They" | "It")
        && !written.starts_with("The ")
}

/// The gender a title before one of the entity's mentions gives ("Mrs. Clinton", "Sir Elton").
fn title_gender(text: &str, entity: &Entity) -> Option<char> {
    entity.mentions.iter().find_map(|mention| {
        let before = text[..mention.start()].trim_end();
        let title = before.rsplit(|c: char| c.is_whitespace()).next()?.trim_end_matches('.');
        match title {
            "Mr" | "Sir" | "Lord" | "King" | "Prince" | "Father" | "Brother" => Some('m'),
            "Mrs" | "Ms" | "Miss" | "Lady" | "Dame" | "Queen" | "Princess" | "Sister" | "Madam" => Some('f'),
            _ => None,
        }
    })
}
