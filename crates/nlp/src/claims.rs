//! Claims built from attributions: who claims what (the claimant's name and kind, pronouns and
//! role nouns resolved to the last named person, relative pronouns to the phrase before them),
//! with the stance of the cue clause; and the narrator's claims of `include_narration`.

use hearsay_text::TextRange;
use serde::{Deserialize, Serialize};

use crate::{attribution, stance, Stance};
use hearsay_schema::ClauseOut;

/// Who makes a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claimant {
    /// The name as written ("Esmail Baghaei", "Sources"), or the resolved name for a pronoun.
    pub name: String,
    /// Entity id, filled by entity linking; `None` here.
    pub entity: Option<String>,
    /// `person`, `organization`, `outlet` or `unnamed`.
    pub kind: String,
    /// For a pronoun, relative pronoun or role noun whose name was resolved to an earlier
    /// mention: where that mention is.
    #[serde(default)]
    pub resolved_from: Option<TextRange>,
}

/// An intermediary a claim passed through ("Washington Post" in "according to Washington Post
/// sources citing diplomats").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Via {
    /// The intermediary's name.
    pub name: String,
    /// Entity id, filled by entity linking.
    pub entity: Option<String>,
}

/// One attributed claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// "c1", "c2", ... in text order.
    pub id: String,
    /// Who claims it.
    pub claimant: Claimant,
    /// The role the text gives next to the name ("Foreign Ministry spokesman").
    pub role: Option<String>,
    /// The cue as written ("said", "according to", ":").
    pub cue: String,
    /// Where the cue is.
    pub cue_span: TextRange,
    /// Where the source noun phrase is, when the text names one (pronouns keep their span).
    pub source_span: Option<TextRange>,
    /// Affirm or deny.
    pub stance: Stance,
    /// True when the claim is hedged ("suggested", "may have", "reportedly").
    pub hedged: bool,
    /// True for a direct quote (content opens with a quote mark).
    pub direct: bool,
    /// Intermediaries, outermost first.
    pub via: Vec<Via>,
    /// The attributed text.
    pub content: String,
    /// Where it is.
    pub content_span: TextRange,
    /// Index into `Extraction::sentences` of the sentence holding the cue.
    pub sentence: u32,
    /// When the claim was made, filled by the time stage; `None` here.
    pub time: Option<String>,
    /// The content's main clause as the dependency parse reads it (who does what to whom),
    /// filled by [`crate::extract`] for a passive content with a named "by" phrase; `None` here.
    /// The contract's own type: the stage writes nothing else into it.
    #[serde(default)]
    pub clause: Option<ClauseOut>,
}

/// One claim per sentence not `covered` by an attribution: the article's own assertions, with the
/// outlet (or "narrator") as claimant and an empty cue at the sentence's start.
pub(crate) fn narration<'a>(
    text: &'a str,
    sentences: &'a [TextRange],
    covered: &'a [bool],
    narrator: &'a str,
) -> impl Iterator<Item = Claim> + 'a {
    sentences.iter().enumerate().filter(|&(i, _)| !covered[i]).map(move |(i, s)| {
        let content = s.slice(text).to_owned();
        let (stance, hedged) = stance::assess("", "", &content);
        Claim {
            id: String::new(),
            claimant: Claimant {
                name: narrator.to_owned(),
                entity: None,
                kind: "outlet".to_owned(),
                resolved_from: None,
            },
            role: None,
            cue: String::new(),
            cue_span: TextRange { start: s.start, end: s.start },
            source_span: None,
            stance,
            hedged,
            direct: false,
            via: Vec::new(),
            content,
            content_span: *s,
            sentence: i as u32,
            time: None,
            clause: None,
        }
    })
}

const PRONOUNS: &[&str] = &["he", "she", "him", "her", "his"];

/// Whether a claimant's name reads as a name, one a pronoun can stand for: it opens with a
/// capital, and at least half of its words other than particles are capitalised, in at most six
/// of them ("Governor Daniel Price", "Gary Johnson's doctor"), not a phrase the extractor took for
/// a source ("The best seller explored the floods", "societies like Port Arden").
fn looks_named(name: &str) -> bool {
    const PARTICLES: &[&str] = &["the", "of", "a", "an", "and", "de", "da", "van", "von", "al", "bin", "la", "le"];
    let words: Vec<&str> =
        name.split_whitespace().filter(|w| !PARTICLES.contains(&w.to_lowercase().as_str())).collect();
    let capitalised = words.iter().filter(|w| w.starts_with(char::is_uppercase)).count();
    name.starts_with(char::is_uppercase) && words.len() <= 6 && 2 * capitalised >= words.len()
}

/// Nouns that refer back to a person already named: "the envoy described the reports ...".
const BACK_REFERENCES: &[&str] = &[
    "the envoy",
    "the ambassador",
    "the minister",
    "the spokesman",
    "the spokeswoman",
    "the president",
    "the senator",
    "the official",
    "the diplomat",
    "the lawmaker",
    "the candidate",
    "the leader",
];

pub(crate) fn to_claim(text: &str, a: attribution::RawAttribution, earlier: &[Claim]) -> Claim {
    let cue = a.cue_span.slice(text).to_owned();
    let content = a.content_span.slice(text).to_owned();
    let source_text = a.source_span.map(|r| r.slice(text).to_owned()).unwrap_or_default();
    let mut name = a.name_span.map(|r| r.slice(text).to_owned()).unwrap_or_default();
    let mut role = a.role;
    // The name, not its appositive, says what kind of claimant it is.
    split_appositive(&mut name, &mut role);
    let lower = name.to_lowercase();
    let mut kind = claimant_kind(&name, a.source_span.is_some());
    let mut resolved_from = None;
    if PRONOUNS.contains(&lower.as_str()) || BACK_REFERENCES.contains(&lower.as_str()) {
        // Nearest earlier claim by a named person, within a few sentences.
        if let Some(prev) = earlier.iter().rev().take(40).take_while(|c| c.sentence + 6 >= a.sentence).find(|c| {
            c.claimant.kind == "person"
                && !PRONOUNS.contains(&c.claimant.name.to_lowercase().as_str())
                && looks_named(&c.claimant.name)
        }) {
            name = prev.claimant.name.clone();
            resolved_from = prev.claimant.resolved_from.or(prev.source_span);
        }
        kind = "person".to_owned();
    }
    if RELATIVES.contains(&lower.as_str()) {
        if let Some(range) = a.source_span.and_then(|s| antecedent(text, s.start as usize)) {
            resolved_from = TextRange::new(text, range.start, range.end);
            name = text[range].to_owned();
            kind = claimant_kind(&name, true);
        }
    }
    if name.is_empty() {
        name = if source_text.is_empty() { "unnamed".to_owned() } else { source_text };
    }
    name = plain_spaces(without_unpaired_quotes(&name));
    // Again for a name read from elsewhere ("Lionel Sosa, a Texas media consultant, who").
    split_appositive(&mut name, &mut role);
    // The cue clause: from the source's end (or the cue) to the content's start.
    let clause_start = match a.source_span {
        Some(s) if s.end <= a.cue_span.start => s.end,
        _ => a.cue_span.start,
    };
    let clause_end = if a.content_span.start >= a.cue_span.end { a.content_span.start } else { a.cue_span.end };
    let clause = text.get(clause_start as usize..clause_end as usize).unwrap_or("");
    let (stance, hedged) = stance::assess(&cue, clause, &content);
    let direct = content.starts_with(['“', '"', '«']);
    Claim {
        id: String::new(),
        claimant: Claimant { name, entity: None, kind, resolved_from },
        role,
        cue,
        cue_span: a.cue_span,
        source_span: a.source_span,
        stance,
        hedged,
        direct,
        via: a.via.into_iter().map(|name| Via { name, entity: None }).collect(),
        content,
        content_span: a.content_span,
        sentence: a.sentence,
        time: None,
        clause: None,
    }
}

/// "Jay DiPietro, the club's 78-year-old president," as found whole by the tagger: `name` becomes
/// the name, and an appositive opening with "a", "an" or "the" the role where there is none.
fn split_appositive(name: &mut String, role: &mut Option<String>) {
    let Some((own, appositive)) = name_and_appositive(name) else { return };
    if role.is_none() && appositive.split_whitespace().next().is_some_and(|w| matches!(w, "a" | "an" | "the")) {
        *role = Some(appositive.to_owned());
    }
    *name = own.to_owned();
}

/// A source written "NAME, APPOSITIVE," ("Rhonda Hughes, 43,", "Daniel Traynor,"): the name, in
/// capitalised words (six at most), and what follows its comma, trimmed of commas (empty for a
/// trailing comma); `None` for anything else ("Wilcox and Beruff, a Sarasota Republican", a role
/// before the name).
fn name_and_appositive(source: &str) -> Option<(&str, &str)> {
    let (own, rest) = source.split_once(',')?;
    let words: Vec<&str> = own.split_whitespace().collect();
    let capitalised = words.iter().all(|w| w.starts_with(char::is_uppercase));
    let appositive = rest.trim().trim_end_matches(',').trim_end();
    let appositive = appositive.strip_suffix(", and").or_else(|| appositive.strip_suffix(" and")).unwrap_or(appositive);
    // "Julianne Moore, Kerry Washington, Amy Schumer and Elizabeth Banks": a list, not a name and
    // its appositive; "Instead, the political novice": an opener.
    let list =
        appositive.starts_with(char::is_uppercase) && (appositive.contains(" and ") || appositive.contains(", "));
    let opener = words.len() == 1 && crate::settle::is_opener(&own.trim().to_lowercase());
    let split = capitalised && (1..=6).contains(&words.len()) && rest.starts_with(char::is_whitespace) && !list;
    ((split || rest.is_empty()) && !opener)
        .then(|| (own.trim(), appositive))
        .filter(|(own, _)| own.starts_with(char::is_uppercase))
}

/// `name` with each no-break space (U+00A0, and the narrow U+202F and figure U+2007 ones) as a
/// plain space: "Esmail\u{a0}Baghaei" from a web page names the same person as "Esmail Baghaei".
/// Only the name is changed; the spans still point at the text as written.
fn plain_spaces(name: &str) -> String {
    name.replace(['\u{a0}', '\u{202f}', '\u{2007}'], " ")
}

/// `name` without a quote mark at either end that has no partner inside it: a source span that
/// cut a scare-quoted name ("'Israel" of "'Israel' and Iran ... promising") reads "Israel".
fn without_unpaired_quotes(name: &str) -> &str {
    const QUOTES: &[char] = &['\'', '‘', '’', '"', '“', '”'];
    let mut name = name;
    if let Some(first) = name.chars().next().filter(|c| QUOTES.contains(c)) {
        let rest = &name[first.len_utf8()..];
        if !rest.contains(QUOTES) {
            name = rest;
        }
    }
    if let Some(last) = name.chars().next_back().filter(|c| QUOTES.contains(c)) {
        let rest = &name[..name.len() - last.len_utf8()];
        // A plural's apostrophe stays ("the protesters'"); another closing mark without an
        // opening one goes.
        if !rest.contains(QUOTES) && !rest.ends_with('s') {
            name = rest;
        }
    }
    name
}

/// Relative pronouns, which stand for the noun phrase before them: "former diplomats and
/// politicians who argued that ...".
const RELATIVES: &[&str] = &["who", "which", "that", "whom"];

/// Words that end a noun phrase read backwards from a relative pronoun: prepositions (not "of":
/// "a member of Iran's Expediency Council who said"), verbs that take an object, conjunctions of
/// clauses.
const BEFORE_PHRASE: &[&str] = &[
    "from",
    "by",
    "to",
    "with",
    "at",
    "in",
    "on",
    "for",
    "among",
    "including",
    "like",
    "than",
    "as",
    "about",
    "against",
    "between",
    "after",
    "before",
    "during",
    "under",
    "over",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "said",
    "says",
    "told",
    "but",
    "while",
    "because",
    "when",
    "if",
    "although",
];

/// The noun phrase that a relative pronoun at byte `at` refers to, as a byte range: the words
/// before it back to a preposition, a verb (one of `BEFORE_PHRASE`'s, or a word the
/// part-of-speech tagger reads as one), a clause's punctuation or the sentence's start (at most 12
/// words); `None` when there is none.
fn antecedent(text: &str, at: usize) -> Option<std::ops::Range<usize>> {
    let before = text.get(..at)?;
    // Skip the comma of a non-restrictive clause ("Mr. Smith, who argued").
    let end = before.trim_end().trim_end_matches(',').trim_end().len();
    let head = &before[..end];
    let words: Vec<(usize, &str)> =
        head.split_whitespace().map(|w| (w.as_ptr() as usize - head.as_ptr() as usize, w)).collect();
    // Parsed once the phrase runs past its last word ("The remark worried some analysts").
    let mut verbs: Option<Vec<usize>> = None;
    let mut start = end;
    for (n, &(i, word)) in words.iter().rev().enumerate() {
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        // Punctuation that closes a clause ends the phrase, unless it is the phrase's own end.
        let closes = n > 0 && word.ends_with(['.', ';', ':', '!', '?', '"', '“', '”', '(', ')']);
        // A verb the tagger reads before the phrase ends it: "The remark worried some analysts,
        // who" is the analysts.
        let verb =
            n > 0 && verbs.get_or_insert_with(|| verbs_before(head)).iter().any(|&v| i <= v && v < i + word.len());
        if bare.is_empty() || BEFORE_PHRASE.contains(&bare.as_str()) || closes || n == 12 || verb {
            break;
        }
        start = i;
        if word.starts_with(['“', '"', '(']) || head[..i].ends_with('\n') {
            break;
        }
    }
    (start < end).then_some(start..end)
}

/// Where the words that the part-of-speech tagger reads as verbs (`VERB`, `AUX`) start in the last
/// 160 bytes of `head`, as offsets into `head`. Only a relative pronoun's antecedent asks, about one
/// claim in an article: tagging (not parsing) these few words kept `extract` within 2% (parsing
/// them, to spare participles that modify a noun, cost 13%).
fn verbs_before(head: &str) -> Vec<usize> {
    let mut from = head.len().saturating_sub(160);
    while !head.is_char_boundary(from) {
        from += 1;
    }
    let window = &head[from..];
    let tokens = hearsay_text::words(window);
    let forms: Vec<&str> = tokens.iter().map(|t| t.range.slice(window)).collect();
    let tags = hearsay_syntax::Parser::builtin().tag(&forms);
    tokens
        .iter()
        .zip(tags)
        .filter(|(_, tag)| matches!(*tag, "VERB" | "AUX"))
        .map(|(token, _)| from + token.range.start())
        .collect()
}

/// Words heading an unnamed source ("sources", "a senior regional official", "analysts").
const UNNAMED_HEADS: &[&str] = &[
    "sources",
    "source",
    "officials",
    "official",
    "analysts",
    "analyst",
    "diplomats",
    "diplomat",
    "critics",
    "experts",
    "observers",
    "people",
    "residents",
    "witnesses",
    "aides",
    "insiders",
    "they",
    "some",
    "others",
    "many",
    "reports",
    "someone",
    "supporters",
    "opponents",
    "activists",
    "politicians",
    "figures",
    "lawmakers",
    "legislators",
    "commentators",
    "hardliners",
    "journalists",
    "economists",
    "scholars",
    "voters",
    "authorities",
    "protesters",
    "demonstrators",
    "investigators",
    "prosecutors",
    "researchers",
];

const ORG_WORDS: &[&str] = &[
    "ministry",
    "department",
    "office",
    "council",
    "committee",
    "party",
    "campaign",
    "government",
    "house",
    "kremlin",
    "pentagon",
    "commission",
    "court",
    "congress",
    "senate",
    "university",
    "institute",
    "foundation",
    "inc",
    "corp",
    "poll",
    "polls",
    "survey",
    "judiciary",
    "army",
    "military",
    "police",
    "guard",
    "organization",
    "organisation",
    "union",
    "association",
    "bank",
    "company",
    "group",
    "administration",
    "agency",
    "state",
    "observatory",
    "laboratory",
    "bureau",
    "authority",
    "board",
    "federation",
    "coalition",
    "alliance",
    "society",
    "institution",
    "team",
    "camp",
];

/// Lowercase heads of a claimant that is a thing, not a person: a document, a number, a time
/// ("Secret Service protocol", "Twelve percent", "Donald Trump’s tweet", "his doctor Friday
/// afternoon").
const THING_HEADS: &[&str] = &[
    "protocol",
    "percent",
    "transcript",
    "tweet",
    "tweets",
    "records",
    "record",
    "slide",
    "plan",
    "candidacy",
    "averages",
    "average",
    "message",
    "site",
    "ad",
    "video",
    "footage",
    "letter",
    "email",
    "emails",
    "documents",
    "document",
    "data",
    "figures",
    "numbers",
    "book",
    "story",
    "column",
    "post",
    "page",
    "filing",
    "filings",
    "release",
    "memo",
    "ambitions",
    "morning",
    "afternoon",
    "evening",
    "night",
    "week",
    "month",
    "year",
];

/// A claimant that names nobody: a time ("April", "Friday") or a pronoun that no stage resolved
/// ("I", "We", "You", "It").
fn names_nobody(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "i" | "we"
            | "you"
            | "it"
            | "us"
            | "me"
            | "january"
            | "february"
            | "march"
            | "april"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "today"
            | "yesterday"
    )
}

fn claimant_kind(name: &str, has_source: bool) -> String {
    if !has_source || name.is_empty() {
        return "unnamed".to_owned();
    }
    if attribution::is_outlet(name) {
        return "outlet".to_owned();
    }
    let words: Vec<&str> = hearsay_text::word_runs(name, &[]).into_iter().map(|(_, w)| w).collect();
    if words.iter().any(|w| ORG_WORDS.iter().any(|o| o.eq_ignore_ascii_case(w))) {
        return "organization".to_owned();
    }
    // "the NAACP", "the FBI": an acronym after "the" names an organization, not a person.
    if let [the, acronym] = words.as_slice() {
        if the.eq_ignore_ascii_case("the")
            && acronym.len() >= 2
            && acronym.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            return "organization".to_owned();
        }
    }
    // "Diplomatic observers", "Western officials": a group named by a common noun.
    if words.len() > 1
        && words.last().is_some_and(|w| UNNAMED_HEADS.contains(&w.to_lowercase().as_str()))
        && words.last().is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase))
    {
        return "unnamed".to_owned();
    }
    if let [word] = words.as_slice() {
        if names_nobody(word) {
            return "unnamed".to_owned();
        }
    }
    // A lowercase head that is a thing ("Secret Service protocol", "Twelve percent") or a plural
    // ("Other leaders", "wealthy Chinese citizens"): a document, a number or a group, no person.
    if let Some(head) = words.last().filter(|w| words.len() > 1 && w.chars().next().is_some_and(char::is_lowercase)) {
        let plural = head.len() > 3 && head.ends_with('s') && !head.ends_with("ss") && !head.ends_with("us");
        if plural || THING_HEADS.contains(head) {
            return "unnamed".to_owned();
        }
    }
    let capitals = words.iter().skip(1).filter(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
    let first_cap = words.first().is_some_and(|w| {
        w.chars().next().is_some_and(char::is_uppercase)
            && !UNNAMED_HEADS.iter().any(|u| u.eq_ignore_ascii_case(w))
            && !matches!(w.to_lowercase().as_str(), "a" | "an" | "the" | "some" | "two" | "one" | "several")
    });
    if capitals == 0 && !first_cap {
        return "unnamed".to_owned();
    }
    "person".to_owned()
}

#[cfg(test)]
mod tests {
    use super::{antecedent, claimant_kind, name_and_appositive, plain_spaces, without_unpaired_quotes};
    use hearsay_article::{Article, Metadata, SourceRef};

    /// Claimant names from the output on PolNeAR dev that were `person` before, and some that are.
    #[test]
    fn a_claimant_is_a_person_only_when_a_person_is_named() {
        for (name, kind) in [
            ("Secret Service protocol", "unnamed"),
            ("Twelve percent", "unnamed"),
            ("Online records", "unnamed"),
            ("Other leaders", "unnamed"),
            ("April", "unnamed"),
            ("We", "unnamed"),
            ("the Kestrel Ridge Observatory", "organization"),
            ("Hillary Clinton’s team", "organization"),
            ("The Republican presidential nominee", "person"),
            ("His ex-wife", "person"),
            ("Marta Quill", "person"),
            ("The Harbor Gazette", "outlet"),
        ] {
            assert_eq!(claimant_kind(name, true), kind, "{name}");
        }
    }

    #[test]
    fn a_claimant_name_has_plain_spaces_and_its_span_the_text_as_written() {
        assert_eq!(plain_spaces("Esmail\u{a0}Baghaei"), "Esmail Baghaei");
        let text =
            "Foreign Ministry spokesman Esmail\u{a0}Baghaei said on Monday that the talks would resume next week.";
        let article = Article::plain(text, SourceRef::file("test"), Metadata::default());
        let extraction = crate::extract(&article, &crate::ExtractOptions::default());
        let claim =
            extraction.claims.iter().find(|claim| claim.claimant.name.contains("Baghaei")).expect("a claim by Baghaei");
        assert_eq!(claim.claimant.name, "Esmail Baghaei");
        let span = claim.source_span.expect("a source span");
        assert!(span.slice(text).contains("Esmail\u{a0}Baghaei"), "{:?}", span.slice(text));
    }

    #[test]
    fn a_name_is_read_apart_from_its_appositive() {
        let cases = [
            ("Rhonda Hughes, 43,", Some(("Rhonda Hughes", "43"))),
            ("Daniel Traynor,", Some(("Daniel Traynor", ""))),
            (
                "Brian Fallon, a spokesman for the Clinton campaign,",
                Some(("Brian Fallon", "a spokesman for the Clinton campaign")),
            ),
            ("Gazprom, the Russian natural gas giant, and", Some(("Gazprom", "the Russian natural gas giant"))),
            // A list, an opener, a role before the name, a name alone: no split.
            ("Julianne Moore, Kerry Washington and Amy Schumer", None),
            ("Instead, the political novice", None),
            ("Wilcox and Beruff, a Sarasota Republican,", None),
            ("the state's governor, Jane Roe", None),
            ("Jane Roe", None),
        ];
        for (source, want) in cases {
            assert_eq!(name_and_appositive(source), want, "{source}");
        }
    }

    #[test]
    fn a_relative_pronoun_stands_for_the_phrase_before_it() {
        let cases = [
            (
                "Russia came under scrutiny from Iranian media figures, former diplomats and politicians who argued",
                "Iranian media figures, former diplomats and politicians",
            ),
            ("The remarks were welcomed by Kazem Jalali, who said", "Kazem Jalali"),
            ("He is a member of Iran's Expediency Council who said", "a member of Iran's Expediency Council"),
            ("“We will not.” Officials who spoke", "Officials"),
            // The object of a verb in "-ing" (which the tagger reads); "the ruling party" stays whole.
            ("He was forced to defend not paying a builder who said", "a builder"),
            ("Voters turned to the ruling party which said", "the ruling party"),
            // A verb the tagger reads before the phrase ends it.
            ("The remark worried some analysts and activists, who said", "some analysts and activists"),
        ];
        for (text, want) in cases {
            let at = text.rfind(" who").or_else(|| text.rfind(" which")).expect("a relative pronoun") + 1;
            assert_eq!(antecedent(text, at).map(|r| &text[r]), Some(want), "{text}");
        }
        assert_eq!(antecedent("Who said", 0), None);
        assert_eq!(antecedent("It was announced by who said", 20), None);
    }

    #[test]
    fn a_cut_scare_quote_leaves_the_name() {
        assert_eq!(without_unpaired_quotes("'Israel"), "Israel");
        assert_eq!(without_unpaired_quotes("'Israeli' officials"), "'Israeli' officials");
        assert_eq!(without_unpaired_quotes("“Sources"), "Sources");
        assert_eq!(without_unpaired_quotes("Israel’"), "Israel");
        assert_eq!(without_unpaired_quotes("the Sanders campaign"), "the Sanders campaign");
    }
}
