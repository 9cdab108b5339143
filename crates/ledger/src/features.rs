//! What the ledger compares: features of claims and articles, computed from one article's
//! `hearsay.extract/1` annotations alone.
//!
//! A claim becomes a *frame*: the entities its content names (normalised to corpus-wide keys),
//! which of them acts (the agent), the relation words left once the entities are taken out
//! (folded through a small table of synonyms, so "gave" and "supplied" meet), and whether the
//! content is negated. The frame is what propositions are matched on: who does what to whom,
//! not which words were used.
//!
//! Everything here depends on the article only, never on what else is stored, so an item's
//! features are the same whether it is read first or last: the root of "incremental equals
//! rebuild".

use std::collections::{BTreeMap, BTreeSet};

pub use hearsay_schema::ledger::{ClaimItem, Frame, Origin};
use hearsay_schema::{ClaimOut, ClaimantKind, ClauseOut, EntityOut, EntityType, ExtractOutput, SpanOut};
use hearsay_text::StopWords;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// What an entity name asked for is compared with: the name folded (without a leading "the"), and
/// the key a person of that name would have ("Mohammed Sadr" finds the person stored as "Mohammad
/// Sadr").
pub(crate) fn name_keys(name: &str) -> (String, String) {
    let folded = fold(name);
    let wanted = folded.strip_prefix("the ").unwrap_or(&folded).to_owned();
    let as_person = entity_key(&EntityOut {
        id: String::new(),
        name: name.to_owned(),
        kind: EntityType::Person,
        aliases: Vec::new(),
        mentions: Vec::new(),
        roles: Vec::new(),
        country: None,
    });
    (wanted, as_person)
}

/// A corpus-wide key for an article's entity: `country:IRN`, `person:mhmd sadr`,
/// `organization:expediency council`.
///
/// Countries go by their ISO code when the gazetteer knows it. Persons go by a folded first name
/// (consonants, no doubles: Mohammad, Mohammed and Muhammad are all `mhmd`) and the exact last
/// name, so transliteration variants meet. Everything else goes by its lowercased, accent-free
/// name without a leading "the".
pub fn entity_key(entity: &EntityOut) -> String {
    if entity.kind == EntityType::Country {
        if let Some(code) = &entity.country {
            return format!("country:{code}");
        }
    }
    let name = fold(&entity.name);
    let name = name.strip_prefix("the ").unwrap_or(&name).to_owned();
    if entity.kind == EntityType::Person {
        let parts: Vec<&str> = name.split_whitespace().collect();
        if parts.len() >= 2 {
            let first = consonant_skeleton(parts[0]);
            let last = parts[parts.len() - 1];
            return format!("person:{first} {last}");
        }
    }
    format!("{}:{}", entity.kind, name)
}

/// Lowercase, accents removed, curly quotes and dashes made plain, whitespace collapsed.
pub(crate) fn fold(text: &str) -> String {
    if text.chars().all(|c| c.is_ascii() || plain_punctuation(c).is_some()) {
        // ASCII but for curly quotes and dashes, as most news text is: nothing to decompose or
        // strip (none of those marks decomposes to anything but itself, or U+2011 to U+2010,
        // under NFKD), so mapping them and lowercasing in one pass gives what the Unicode walk
        // below gives, without it. Every claim's claimant, cue and content are folded: the walk
        // was a tenth of a ledger update, and splitting and joining the words a third of the rest.
        let mut out = String::with_capacity(text.len());
        let mut space = false;
        for c in text.chars() {
            if c.is_whitespace() {
                space = !out.is_empty();
                continue;
            }
            if std::mem::take(&mut space) {
                out.push(' ');
            }
            out.push(plain_punctuation(c).unwrap_or_else(|| c.to_ascii_lowercase()));
        }
        return out;
    }
    fold_unicode(text)
}

/// Calls `f` with [`fold`] of one word. Every word of every claim and article is folded: a word
/// of up to 32 ASCII bytes (folding it only lowercases it) is lowercased on the stack, so that
/// the stop words, most of them, are passed over without an allocation.
pub(crate) fn with_folded_word<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buffer = [0u8; 32];
    if let Some(slot) = buffer.get_mut(..word.len()) {
        let mut plain = true;
        for (to, &byte) in slot.iter_mut().zip(word.as_bytes()) {
            if !byte.is_ascii() || byte.is_ascii_whitespace() {
                plain = false;
                break;
            }
            *to = byte.to_ascii_lowercase();
        }
        if let Some(lower) = plain.then(|| std::str::from_utf8(slot).ok()).flatten() {
            return f(lower);
        }
    }
    f(&fold(word))
}

/// [`fold`] of any text: decomposed (NFKD), combining marks dropped, punctuation made plain,
/// lowercased, whitespace collapsed.
fn fold_unicode(text: &str) -> String {
    let plain: String = text
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| plain_punctuation(c).unwrap_or(c))
        .flat_map(char::to_lowercase)
        .collect();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The plain character [`fold`] writes for a curly quote, a modifier apostrophe or a dash.
fn plain_punctuation(c: char) -> Option<char> {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{02bc}' => Some('\''),
        '\u{201c}' | '\u{201d}' => Some('"'),
        '\u{2010}'..='\u{2015}' => Some('-'),
        _ => None,
    }
}

/// The first letter, then the consonants with runs collapsed: "mohammad" and "muhammed" give "mhmd".
fn consonant_skeleton(word: &str) -> String {
    let mut out = String::new();
    for (i, c) in word.chars().enumerate() {
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
        if i > 0 && vowel {
            continue;
        }
        if out.ends_with(c) {
            continue;
        }
        out.push(c);
    }
    out
}

/// An article as the ledger stores it: metadata and the entities it names, with keys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleItem {
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Its entities.
    pub entities: Vec<ArticleEntity>,
    /// Named events ("event:12-day war"), for grouping stories.
    pub events: Vec<String>,
}

/// One entity of one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleEntity {
    /// Corpus-wide key.
    pub key: String,
    /// Name in this article.
    pub name: String,
    /// Type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Other names in this article.
    pub aliases: Vec<String>,
    /// Roles in this article.
    pub roles: Vec<String>,
    /// How often it is mentioned.
    pub mentions: u32,
}

/// Turns one article's annotations into ledger items.
pub fn article_items(output: &ExtractOutput) -> (ArticleItem, Vec<ClaimItem>) {
    let text = output.document.text.as_str();
    let keys: BTreeMap<&str, String> =
        output.entities.iter().map(|entity| (entity.id.as_str(), entity_key(entity))).collect();
    let article = ArticleItem {
        id: output.document.id.clone(),
        title: output.document.title.clone(),
        outlet: output.document.outlet.clone(),
        published: output.document.published.clone(),
        entities: output
            .entities
            .iter()
            .map(|entity| ArticleEntity {
                key: keys[entity.id.as_str()].clone(),
                name: entity.name.clone(),
                kind: entity.kind,
                aliases: entity.aliases.clone(),
                roles: entity.roles.clone(),
                mentions: entity.mentions.len() as u32,
            })
            .collect(),
        events: events(text),
    };
    let mut claims: Vec<ClaimItem> = Vec::new();
    // Identical claims of one article (same claimant, same words) are one claim with a count: an
    // article repeating a sentence ten thousand times must not become ten thousand items, each a
    // candidate of every other.
    let mut seen: BTreeMap<(String, String), Option<usize>> = BTreeMap::new();
    for claim in &output.claims {
        let identity = (fold(&claim.claimant.name), fold(&claim.content));
        if let Some(first) = seen.get(&identity) {
            if let Some(first) = *first {
                claims[first].repeats = claims[first].repeats.saturating_add(1);
            }
            continue;
        }
        let item = {
            let claimant_key = claim.claimant.entity.as_deref().and_then(|id| keys.get(id)).cloned();
            let via_keys: Vec<Option<String>> =
                claim.via.iter().map(|via| via.entity.as_deref().and_then(|id| keys.get(id)).cloned()).collect();
            let frame = frame(claim, &output.entities, &keys, text);
            let origin = origin(
                claim,
                claimant_key.as_deref(),
                &via_keys,
                output.document.outlet.as_deref(),
                &output.document.id,
            );
            ClaimItem {
                article: output.document.id.clone(),
                claim: claim.id.clone(),
                outlet: output.document.outlet.clone(),
                published: output.document.published.clone(),
                out: claim.clone(),
                claimant_key,
                via_keys,
                frame,
                origin,
                repeats: 0,
            }
        };
        if non_statement(&item.out, &item.frame) {
            seen.insert(identity, None);
            continue;
        }
        seen.insert(identity, Some(claims.len()));
        claims.push(item);
    }
    (article, claims)
}

/// True for an attribution that states nothing a proposition could hold: a refusal to comment
/// ("declined to comment"), a bare name ("Mr. Obama"), a statement named but not given ("his
/// comments", "the remarks": unless it names whose, which makes it a response), or a quote of two
/// words ("''Do svidaniya!''").
pub fn non_statement(claim: &ClaimOut, frame: &Frame) -> bool {
    let content = fold(&claim.content);
    // At most three words are read: whether there are more than two, and the first.
    let words = first_words(&content, 3);
    let cue = fold(&claim.cue);
    // The cue and content together hold the content too.
    let said = format!("{cue} {content}");
    let refusal = ["declined to comment", "refused to comment", "no comment", "request for comment", "comment further"]
        .iter()
        .any(|phrase| said.contains(phrase))
        || ((cue.starts_with("declin") || cue.starts_with("refus")) && words.first() == Some(&"to"));
    if refusal {
        return true;
    }
    if !frame.responds_to.is_empty() {
        // "Sadr's remarks": short, but it says whose words are answered.
        return false;
    }
    if words.len() <= 2 {
        return true;
    }
    // Nothing but a name, a title or a statement noun outside the entities named.
    frame.relation.iter().all(|word| EMPTY_WORDS.contains(&word.as_str()))
}

/// Words that say nothing by themselves in a claim's content: titles and statement nouns
/// (stemmed as [`normalise`] stems them).
const EMPTY_WORDS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "president",
    "minister",
    "remark",
    "comment",
    "statement",
    "view",
    "word",
    "claim",
    "allegation",
    "assertion",
    "position",
    "response",
    "answer",
];

/// The origin of a claim: the claimant when named; for unnamed sources ("diplomats", "sources"),
/// the innermost named link of the chain (the Washington Post in "according to Washington Post
/// sources citing diplomats"), else the unnamed sources of that outlet, which count as one origin
/// however often that outlet cites them.
///
/// A cyclic chain ("A citing B citing A") needs no care here: only its ends are read.
pub fn origin(
    claim: &ClaimOut,
    claimant_key: Option<&str>,
    via_keys: &[Option<String>],
    outlet: Option<&str>,
    article: &str,
) -> Origin {
    if claim.claimant.kind != ClaimantKind::Unnamed {
        let key = claimant_key.map_or_else(|| format!("name:{}", fold(&claim.claimant.name)), str::to_owned);
        return Origin { key, name: claim.claimant.name.clone() };
    }
    if let Some((via, key)) = claim.via.iter().zip(via_keys).next_back() {
        let key = key.clone().unwrap_or_else(|| format!("name:{}", fold(&via.name)));
        return Origin { key, name: via.name.clone() };
    }
    let scope = outlet.map_or_else(|| format!("article {}", &article[..article.len().min(12)]), fold);
    Origin {
        key: format!("unnamed:{}@{scope}", fold(&claim.claimant.name)),
        name: format!("{} (unnamed, {})", claim.claimant.name, outlet.unwrap_or("unknown outlet")),
    }
}

fn frame(claim: &ClaimOut, entities: &[EntityOut], keys: &BTreeMap<&str, String>, text: &str) -> Frame {
    let span = claim.content_span;
    // Entity mentions inside the content, in text order.
    let mut mentions: Vec<(SpanOut, &EntityOut)> = entities
        .iter()
        .flat_map(|entity| {
            entity.mentions.iter().filter(|m| m.start >= span.start && m.end <= span.end).map(move |m| (*m, entity))
        })
        .collect();
    mentions.sort_by_key(|(m, entity)| (m.start, m.end, entity.id.clone()));
    let mut actors: Vec<String> = Vec::new();
    let mut participants: Vec<String> = Vec::new();
    let mut responds_to = Vec::new();
    for (mention, entity) in &mentions {
        let key = &keys[entity.id.as_str()];
        if !actors.contains(key) {
            actors.push(key.clone());
        }
        let after = text.get(mention.end as usize..).unwrap_or("");
        let surface = text.get(mention.start as usize..mention.end as usize).unwrap_or("");
        let possessive = after.starts_with("'s")
            || after.starts_with("\u{2019}s")
            || after.starts_with('\'')
            || after.starts_with('\u{2019}');
        if !possessive
            && !adjectival(surface, &entity.name)
            && entity.kind != EntityType::Outlet
            && !participants.contains(key)
        {
            participants.push(key.clone());
        }
        // "Sadr's remarks", "Sadr's claims": the content is about what that person said.
        if possessive && entity.kind == EntityType::Person && statement_noun(after) && !responds_to.contains(key) {
            responds_to.push(key.clone());
        }
    }
    // Who acts: the participant the parse names as the clause's agent (its subject, or the "by"
    // phrase of a passive: "Israel was given the data by Russia" is Russia's act); else (no
    // parse, or an agent phrase naming no participant) the first participant.
    let agent =
        clause_agent(claim.clause.as_ref(), &mentions, keys, &participants).or_else(|| participants.first().cloned());
    // Words outside entity mentions.
    let content = text.get(span.start as usize..span.end as usize).unwrap_or(claim.content.as_str());
    let mut relation = BTreeSet::new();
    let mut all = BTreeSet::new();
    let mut negated = false;
    for (index, (start, word)) in word_spans(content).enumerate() {
        let at = span.start + start as u32;
        let normal = with_folded_word(word, |lower| {
            if NEGATIONS.contains(&lower) || lower.ends_with("n't") {
                // Only a negation near the start negates the claim's main clause ("that Moscow did
                // not supply"); one further on usually sits in a subordinate clause ("signaling
                // that neither side intends").
                negated |= index < NEGATION_WINDOW;
                return None;
            }
            if STOP_SET.contains(lower) || lower.len() < 2 {
                return None;
            }
            Some(normalise(lower))
        });
        let Some(normal) = normal else { continue };
        all.insert(normal.clone());
        let inside_entity = mentions.iter().any(|(m, _)| at >= m.start && at < m.end);
        if !inside_entity {
            relation.insert(normal);
        }
    }
    Frame {
        actors,
        agent,
        participants,
        relation: relation.into_iter().collect(),
        words: all.into_iter().collect(),
        negated,
        responds_to,
    }
}

/// The participant the content's parsed clause names as its agent: the first participant
/// mentioned inside the clause's agent phrase (its subject, or a passive's "by" phrase); `None`
/// when the parse does not name one (no clause, a subject such as "he" or "the report", a passive
/// without "by"), and the caller falls back to the first participant.
///
/// A passive without "by" keeps that fallback (its subject, though it is acted on): given no agent
/// instead, it no longer met the nominal wordings of the same rumour ("The suggestion that
/// individuals with ties to ISIL were apprehended at the border is false": agent ISIL) and FNC-1's
/// attributed claims lost half their contested propositions (claims-only contested recall 0.082
/// to 0.037 on the first fold of `hearsay eval propositions`); with the "by" phrase alone, both
/// folds score as before.
fn clause_agent(
    clause: Option<&ClauseOut>,
    mentions: &[(SpanOut, &EntityOut)],
    keys: &BTreeMap<&str, String>,
    participants: &[String],
) -> Option<String> {
    let agent = clause?.agent?;
    mentions
        .iter()
        .map(|(mention, entity)| (mention, &keys[entity.id.as_str()]))
        .find(|(mention, key)| agent.contains(mention) && participants.contains(key))
        .map(|(_, key)| key.clone())
}

/// True when a mention is a demonym used as an adjective ("Iranian", "Russian", "Israeli",
/// "Turkish", "Chinese"), not the name itself or a plural noun ("the Russians").
fn adjectival(surface: &str, name: &str) -> bool {
    let word = surface.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    if word == fold(name) || word.contains(' ') || word.ends_with('s') {
        return false;
    }
    ["ian", "ean", "ican", "ese", "ish", "i"].iter().any(|suffix| word.ends_with(suffix))
}

/// True when the words after a possessive name a statement: "'s remarks", "’s claims".
fn statement_noun(after: &str) -> bool {
    let next = after.trim_start_matches(['\'', '\u{2019}', 's']).split_whitespace().next().unwrap_or("");
    let next = next.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase();
    matches!(
        next.as_str(),
        "remarks"
            | "remark"
            | "comments"
            | "comment"
            | "claims"
            | "claim"
            | "statement"
            | "statements"
            | "allegations"
            | "allegation"
            | "words"
            | "assertions"
            | "accusations"
            | "views"
    )
}

/// Words with their byte offsets: runs of letters and digits joined across inner hyphens and
/// apostrophes ("he's" and "state-run" whole, "U.S" as "U" and "S"): the shared tokeniser's
/// [`hearsay_text::word_runs`], the cut claim keys and story vocabularies are built on.
pub(crate) fn word_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    hearsay_text::word_runs(text, &['-', '\'', '\u{2019}']).into_iter()
}

/// The first `n` of [`word_spans`]' words (fewer if the text has fewer), read from the text's
/// first 128 bytes when they hold more than `n` words: a word followed by another within them is
/// whole and in its place, so they are the text's first `n`. Every claim's content is asked
/// whether it has more than two words, and tokenising all of it was 3% of a ledger update.
fn first_words(text: &str, n: usize) -> Vec<&str> {
    let mut cut = text.len().min(128);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head: Vec<&str> = word_spans(&text[..cut]).map(|(_, word)| word).collect();
    if head.len() > n {
        return head.into_iter().take(n).collect();
    }
    word_spans(text).take(n).map(|(_, word)| word).collect()
}

const NEGATIONS: &[&str] = &["not", "never", "cannot"];

/// Words from the start of the content within which a negation negates the whole claim.
const NEGATION_WINDOW: usize = 7;

/// [`STOPWORDS`] as one hash set: every word of every text is asked.
static STOP_SET: std::sync::LazyLock<hearsay_text::StopSet> =
    std::sync::LazyLock::new(|| hearsay_text::StopSet::new(&STOPWORDS));

/// Words a claim's frame leaves out: the shared function words, less the negations (read apart,
/// by [`NEGATIONS`]), the particles that change what happened ("shot down", "called off") and the
/// object and reflexive pronouns, who it happened to ("charges against him", "set himself on
/// fire"), plus reporting verbs, hedges and modals (a hedged claim is the same claim) and a few others.
const STOPWORDS: StopWords = StopWords {
    less: &[
        "above",
        "below",
        "down",
        "hers",
        "herself",
        "him",
        "himself",
        "itself",
        "myself",
        "no",
        "nor",
        "not",
        "off",
        "ours",
        "ourselves",
        "theirs",
        "themselves",
        "yours",
        "yourself",
    ],
    plus: &[
        "allegedly",
        "also",
        "analytically",
        "apparently",
        "could",
        "even",
        "likely",
        "may",
        "might",
        "must",
        "perhaps",
        "possibly",
        "probably",
        "purportedly",
        "reportedly",
        "s",
        "said",
        "say",
        "says",
        "shall",
        "us",
        "whose",
    ],
};

/// A word's stem, then its synonym class: "supplied" and "gave" are both `give`.
pub(crate) fn normalise(word: &str) -> String {
    let mut out = String::new();
    normalise_into(word, &mut out);
    out
}

/// [`normalise`] written into `out` (cleared first), so that counting every word of a text
/// allocates only for the words it has not counted yet.
pub(crate) fn normalise_into(word: &str, out: &mut String) {
    out.clear();
    let word = word.trim_end_matches("'s");
    if let Some(class) = SYNONYM_CLASS.get(word) {
        out.push_str(class);
        return;
    }
    let (base, ending) = stem_parts(word);
    out.push_str(base);
    out.push_str(ending);
    if let Some(class) = SYNONYM_CLASS.get(out.as_str()) {
        out.clear();
        out.push_str(class);
    }
}

/// Each member of [`SYNONYMS`] to its class (the first class that lists it): every word of every
/// claim and story is normalised, and scanning the list twice per word was a few percent of a
/// ledger update.
static SYNONYM_CLASS: std::sync::LazyLock<rustc_hash::FxHashMap<&'static str, &'static str>> =
    std::sync::LazyLock::new(|| {
        let mut classes = rustc_hash::FxHashMap::default();
        for (class, members) in SYNONYMS {
            for member in *members {
                classes.entry(*member).or_insert(*class);
            }
        }
        classes
    });

/// A light suffix stripper: enough for "supplies"/"supplied"/"supplying" to meet. The stem is
/// the first part followed by the second.
fn stem_parts(word: &str) -> (&str, &'static str) {
    let n = word.len();
    for (suffix, keep) in [("ies", "y"), ("ied", "y"), ("ying", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")] {
        if n > suffix.len() + 3 && word.ends_with(suffix) && !word.ends_with("ss") {
            return (&word[..n - suffix.len()], keep);
        }
    }
    (word, "")
}

/// Relation words that mean the same in news about who did what to whom. Small on purpose:
/// each class is a relation analysts group by; sentence embeddings cover the long tail.
const SYNONYMS: &[(&str, &[&str])] = &[
    (
        "give",
        &[
            "give",
            "gave",
            "given",
            "giv",
            "supply",
            "suppli",
            "provid",
            "provide",
            "hand",
            "handed",
            "transfer",
            "transferr",
            "share",
            "shar",
            "pass",
            "deliver",
            "sent",
            "send",
            "leak",
            "furnish",
            "hand-over",
            "handover",
            "giving",
        ],
    ),
    ("info", &["data", "intelligence", "information", "info", "secret", "detail", "coordinate", "intel"]),
    ("attack", &["attack", "strike", "struck", "bomb", "bombard", "hit", "raid", "shell"]),
    (
        "assure",
        &[
            "assurance",
            "assuranc",
            "guarantee",
            "assur",
            "assure",
            "pledg",
            "pledge",
            "promise",
            "promis",
            "commitment",
        ],
    ),
    ("exchange", &["exchang", "exchange", "swap", "trade", "trad"]),
    ("meet", &["meet", "met", "talk", "meeting"]),
    ("support", &["support", "back", "endors", "endorse", "aid", "assist", "help"]),
    ("kill", &["kill", "dead", "death", "die", "slain", "slay"]),
    ("sell", &["sell", "sold", "sale", "export"]),
    (
        "air-defence",
        &["air-defence", "air-defense", "defence", "defense", "radar", "missile-defence", "missile-defense"],
    ),
];

/// Named events in an article: "the 12-day war", "the Six-Day War" as `event:12-day war`.
fn events(text: &str) -> Vec<String> {
    // Only a duration names one: a word that folds to something ending in "-day" (the hyphen
    // joins the word). In text that is ASCII but for news punctuation, folding only lowercases
    // letters, so such a word has "-day" in it, in any case: most texts have none and are not
    // split into words for it. (Elsewhere, Unicode folding could make "day" of other letters.)
    let plain = text.chars().all(|c| c.is_ascii() || plain_punctuation(c).is_some());
    let duration = |at: usize| text.as_bytes().get(at + 1..at + 4).is_some_and(|day| day.eq_ignore_ascii_case(b"day"));
    if plain && !text.match_indices('-').any(|(at, _)| duration(at)) {
        return Vec::new();
    }
    let words: Vec<(usize, &str)> = word_spans(text).collect();
    let mut found = BTreeSet::new();
    for (i, (_, word)) in words.iter().enumerate() {
        let event = with_folded_word(word, |lower| {
            matches!(lower, "war" | "conflict" | "offensive" | "ceasefire" | "truce" | "summit")
                .then(|| lower.to_owned())
        });
        let Some(lower) = event else { continue };
        let Some((_, before)) = i.checked_sub(1).and_then(|j| words.get(j)) else { continue };
        let before = fold(before);
        // "12-day", "six-day", "40-day": a duration names a war in news ("the 12-day war").
        let duration = before.strip_suffix("-day").is_some_and(|n| !n.is_empty());
        if duration {
            let number = before.trim_end_matches("-day");
            let number = number_word(number).unwrap_or(number).to_owned();
            found.insert(format!("event:{number}-day {lower}"));
        }
    }
    found.into_iter().collect()
}

fn number_word(word: &str) -> Option<&'static str> {
    Some(match word {
        "two" => "2",
        "three" => "3",
        "four" => "4",
        "five" => "5",
        "six" => "6",
        "seven" => "7",
        "eight" => "8",
        "nine" => "9",
        "ten" => "10",
        "eleven" => "11",
        "twelve" => "12",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_the_function_words_less_negations_plus_hedges() {
        STOPWORDS.check();
        assert!(STOPWORDS.contains("reportedly") && STOPWORDS.contains("the") && !STOPWORDS.contains("down"));
    }

    #[test]
    fn transliterations_share_a_key() {
        let entity = |name: &str| EntityOut {
            id: "e1".into(),
            name: name.into(),
            kind: EntityType::Person,
            aliases: vec![],
            mentions: vec![],
            roles: vec![],
            country: None,
        };
        assert_eq!(entity_key(&entity("Mohammad Sadr")), entity_key(&entity("Mohammed Sadr")));
        assert_eq!(entity_key(&entity("Muhammad Sadr")), "person:mhmd sadr");
        assert_ne!(entity_key(&entity("Mohammad Sadr")), entity_key(&entity("Mohammad Zarif")));
    }

    #[test]
    fn ascii_and_unicode_fold_alike() {
        assert_eq!(fold("  Russia\tGAVE\n Israel "), "russia gave israel");
        assert_eq!(fold("Russia"), "russia");
        assert_eq!(fold(""), "");
        // The same words with a curly quote take the Unicode walk and meet the ASCII ones.
        assert_eq!(fold("Sadr\u{2019}s  Remarks"), fold("Sadr's Remarks"));
        assert_eq!(fold("Café"), "cafe");
    }

    #[test]
    fn synonyms_fold() {
        assert_eq!(normalise("supplied"), "give");
        assert_eq!(normalise("gave"), "give");
        assert_eq!(normalise("intelligence"), "info");
        assert_eq!(normalise("data"), "info");
        assert_eq!(normalise("assurances"), "assure");
        assert_eq!(normalise("exchanged"), "exchange");
    }

    #[test]
    fn the_first_words_are_those_of_the_whole_text() {
        let long = "U.S.-made drones, he's said: “state-run” TV’s claims — aren't they? ".repeat(6);
        for text in [long.as_str(), "a b", "", "one-two-three four five six seven eight nine ten eleven twelve"] {
            for n in [1, 3, 5] {
                let whole: Vec<&str> = word_spans(text).take(n).map(|(_, w)| w).collect();
                assert_eq!(first_words(text, n), whole, "{text:?} {n}");
            }
        }
        // Cut inside a word at byte 128: the whole text is read.
        let text = format!("{} {}", "x".repeat(126), "abcdef ghi");
        assert_eq!(first_words(&text, 3), word_spans(&text).take(3).map(|(_, w)| w).collect::<Vec<_>>());
    }

    #[test]
    fn a_word_folded_on_the_stack_is_the_folded_word() {
        let long = "Supercalifragilisticexpialidocious-and-More";
        for word in ["The", "SAID", "u.s", "Iran\u{2019}s", "Caf\u{e9}", "a b", long, "", "x"] {
            assert_eq!(with_folded_word(word, str::to_owned), fold(word), "{word:?}");
        }
    }

    #[test]
    fn folding_news_punctuation_directly_equals_the_unicode_walk() {
        for text in [
            "Iran\u{2019}s \u{201c}air-defence\u{201d} data \u{2014} the  envoy\u{2018}s WORDS",
            "non\u{2011}binding \u{2010}\u{2012}\u{2013}\u{2015} D\u{02bc}Artagnan\n\tsaid",
            "\u{201c}\u{201d}",
            "  Plain ASCII,\tTABS\x0band\r\n  SPACES  ",
            "",
            " ",
            "one",
        ] {
            assert_eq!(fold(text), fold_unicode(text), "{text}");
        }
        assert_eq!(fold("Iran\u{2019}s  \u{201c}Air\u{2014}Defence\u{201d}"), "iran's \"air-defence\"");
        assert_eq!(fold("Caf\u{e9} \u{2019}"), "cafe '", "other letters take the Unicode walk");
    }

    #[test]
    fn folding_real_news_directly_equals_the_unicode_walk() {
        let Some(data) = hearsay_testdata::data() else { return };
        let articles = hearsay_testdata::polnear(&data, "dev");
        assert!(articles.len() > 50, "PolNeAR dev is read");
        let mut lines = 0;
        for article in &articles {
            // Lines and their halves: a folded claim or name starts and ends anywhere.
            for line in article.text.as_str().lines() {
                let half = line.char_indices().nth(line.chars().count() / 2).map_or(0, |(at, _)| at);
                for text in [line, &line[..half], &line[half..]] {
                    assert_eq!(fold(text), fold_unicode(text), "{text:?}");
                }
                lines += 1;
            }
        }
        assert!(lines > 1_000, "{lines} lines");
    }

    #[test]
    fn non_statements_are_recognised() {
        let claim = |content: &str, cue: &str| ClaimOut {
            id: "c1".into(),
            claimant: hearsay_schema::ClaimantOut {
                name: "A spokesman".into(),
                entity: None,
                kind: ClaimantKind::Unnamed,
                span: None,
                resolved_from: None,
            },
            role: None,
            cue_span: None,
            cue: cue.into(),
            stance: hearsay_schema::Stance::Affirm,
            hedged: false,
            direct: false,
            via: Vec::new(),
            content: content.into(),
            content_span: SpanOut { start: 0, end: 0 },
            sentence: 0,
            time: None,
            clause: None,
        };
        let frame = |relation: &[&str]| Frame {
            relation: relation.iter().map(|w| (*w).to_owned()).collect(),
            ..Frame::default()
        };
        assert!(non_statement(&claim("to comment", "declined"), &frame(&["comment"])));
        assert!(non_statement(&claim("his comments", "asked about"), &frame(&["comment"])));
        assert!(non_statement(&claim("''Do svidaniya!''", "said"), &frame(&["svidaniya"])));
        assert!(non_statement(&claim("Mr. Barack Obama", "said"), &frame(&["mr"])));
        assert!(!non_statement(&claim("Russia gave Israel the data", "said"), &frame(&["give", "info"])));
        let mut responds = frame(&["remark"]);
        responds.responds_to = vec!["person:mhmd sadr".into()];
        assert!(!non_statement(&claim("Sadr's remarks", "dismissed"), &responds), "a response says whose words");
    }

    #[test]
    fn duration_wars_are_events() {
        let found = events("Iran and Israel fought a 12-day war in June. The twelve-day war ended.");
        assert_eq!(found, vec!["event:12-day war".to_owned()]);
        assert_eq!(events("After the Six-DAY War \u{201c}ended\u{201d}"), vec!["event:6-day war".to_owned()]);
        assert_eq!(
            events("A war of \u{ff11}\u{ff12}-\u{ff44}\u{ff41}\u{ff59} war"),
            vec!["event:12-day war".to_owned()]
        );
        assert!(events("A long war. Day-to-day life -- days later").is_empty());
    }
}
