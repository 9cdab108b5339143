//! A personal pronoun resolved to a person named before it, as a reader would, reading the
//! dependency parse of its sentence and the ones before (`hearsay_syntax`): each mention by name
//! of a person of the right gender (where a title tells it: "Mrs.", "Sir") is scored by how far
//! back it is, whether it is a subject (a subject pronoun continues the subject: "Smith told Jones
//! that he ..."), whether it has the pronoun's own role (parallelism), how often and how early
//! the person is named (the article's main person), whether it is the subject of a clause the
//! pronoun belongs to ("Smith said he ...", "Smith lost his job"), whether it hangs from a
//! preposition or a possessive, and never the subject of the clause of an object pronoun ("Smith
//! hired him" is not Smith). A name after the pronoun in its sentence is a candidate only as such a
//! governing subject ("Through her grandmother, Matilda was ..."). Nothing when no person is named
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
    /// The mention is the subject of a clause the pronoun is part of ("Smith said he ...", "Smith
    /// lost his job", "After his death, Smith's ...": the subject of the clause the pronoun's phrase
    /// hangs from).
    pub governing: f32,
    /// The mention comes after the pronoun in its sentence (only such a governing subject is a
    /// candidate: "Through her grandmother, Matilda was ...").
    pub cataphora: f32,
    /// The mention is inside parentheses (an actor after a character, an aside).
    pub parenthesis: f32,
    /// The mention is under a preposition or a possessive ("with Smith", "Smith's cats").
    pub oblique: f32,
    /// The mention is the subject of its sentence's main verb.
    pub main: f32,
    /// Left unresolved when the best person's score is not ahead of the next person's by this much.
    pub margin: f32,
}

impl Default for PronounWeights {
    fn default() -> PronounWeights {
        // Tuned on GAP validation by `gap_tune` (coordinate ascent from window 2, distance 1.0,
        // subject 1.0, parallel 0.5, frequency 0.2, first 0.5, recency 0.02: validation F1 0.634
        // -> 0.681; GAP development, never tuned on, 0.644 -> 0.663). Then a governing subject
        // after the pronoun became a candidate (validation 0.681 -> 0.715, development 0.663 ->
        // 0.690), and the weights from there, with the new ones at zero, were tuned again (three
        // rounds: validation 0.732, development 0.689). With the parser retrained (EWT dev UAS
        // 0.8405 -> 0.8423): validation 0.738, development 0.688.
        PronounWeights {
            window: 4,
            distance: 0.5,
            subject: 1.0,
            parallel: 0.1,
            frequency: 0.5,
            first: 0.1,
            recency: 0.1,
            governing: 0.1,
            cataphora: 0.0,
            parenthesis: 0.0,
            oblique: 0.25,
            main: 0.0,
            margin: 0.0,
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

    /// Whether word `v` is above word `k` in the tree.
    fn governs(&self, v: usize, k: usize) -> bool {
        let mut k = k;
        for _ in 0..self.head.len() {
            let h = self.head[k];
            if h == usize::MAX {
                return false;
            }
            if h == v {
                return true;
            }
            k = h;
        }
        false
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
            let before = mention.end <= pronoun.start || (sentence == here && mention.start >= pronoun.end);
            if before && sentence + weights.window >= here && is_by_name(mention.slice(text)) {
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
    let pro_word = parse(here).and_then(|p| p.word_of(pronoun));
    let (pro_role, pro_clause) = match parse(here).zip(pro_word) {
        Some((p, k)) => (p.role(k), p.clause(k)),
        None => (Role::Other, None),
    };
    // The best score of each person, and the mention that gave it.
    let mut scored: Vec<(f32, TextRange, usize)> = Vec::new();
    for &(s, mention, e) in &named {
        let after = mention.start >= pronoun.end;
        let (role, clause, gap, governing, oblique, main) = match parse(s).and_then(|p| Some((p, p.word_of(mention)?)))
        {
            Some((p, k)) => {
                let gap = if s == here {
                    p.words.iter().filter(|w| w.start >= mention.end && w.end <= pronoun.start).count()
                } else {
                    0
                };
                let governing = s == here
                    && p.role(k) == Role::Subject
                    && pro_word.is_some_and(|w| p.head.get(k).is_some_and(|&v| v != usize::MAX && p.governs(v, w)));
                let oblique = matches!(p.rel[k].as_str(), "obl" | "nmod" | "nmod:poss" | "obl:agent")
                    || p.head.get(k).is_some_and(|&h| h != usize::MAX && p.rel[h].starts_with("nmod"));
                let main = p.role(k) == Role::Subject
                    && p.head.get(k).is_some_and(|&h| h != usize::MAX && p.head[h] == usize::MAX);
                (p.role(k), p.clause(k), gap, governing, oblique, main)
            }
            None => (Role::Other, None, 0, false, false, false),
        };
        // After the pronoun, only the subject of a clause it belongs to.
        if after && !governing {
            continue;
        }
        // "Smith hired him": an object pronoun is not the subject of its own clause.
        if s == here && pro_role == Role::Object && role == Role::Subject && clause.is_some() && clause == pro_clause {
            continue;
        }
        let mut score = -weights.distance * (here - s) as f32 - weights.recency * gap as f32;
        if governing {
            score += weights.governing;
        }
        if after {
            score += weights.cataphora;
        }
        if main {
            score += weights.main;
        }
        if oblique {
            score -= weights.oblique;
        }
        let open = text[..mention.start()].matches('(').count();
        if open > text[..mention.start()].matches(')').count() {
            score -= weights.parenthesis;
        }
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
        match scored.iter_mut().find(|(_, _, x)| *x == e) {
            Some(best) if best.0 >= score => {}
            Some(best) => *best = (score, mention, e),
            None => scored.push((score, mention, e)),
        }
    }
    // The first best in mention order wins a tie, as before.
    let mut best: Option<(f32, TextRange, usize)> = None;
    let mut second = f32::NEG_INFINITY;
    for &(score, mention, e) in &scored {
        match best {
            Some((b, _, _)) if score <= b => second = second.max(score),
            _ => {
                second = best.map_or(second, |(b, _, _)| second.max(b));
                best = Some((score, mention, e));
            }
        }
    }
    let (score, mention, e) = best?;
    if weights.margin > 0.0 && score - second < weights.margin {
        return None;
    }
    Some((people[e], mention))
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
