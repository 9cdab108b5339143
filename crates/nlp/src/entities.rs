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

use crate::gazetteer::{gazetteer, GazKind};

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
            let hit = m.overlaps(range) || range.contains_range(m) || (range.is_empty() && m.start <= range.start && range.start < m.end);
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

// ---------------------------------------------------------------------------------------------
// Word lists

/// Capitalised words that begin sentences or headlines but never names.
const STOP: &[&str] = &[
    "A", "An", "The", "This", "That", "These", "Those", "Such", "While", "When", "Whether", "Where", "What", "Who",
    "Why", "How", "According", "However", "In", "On", "At", "By", "For", "From", "With", "Without", "Following",
    "After", "Before", "During", "Since", "Until", "Addressing", "Critics", "Many", "Most", "Some", "Several",
    "He", "She", "It", "They", "We", "I", "You", "His", "Her", "Its", "Their", "Our", "My", "Your", "But", "And",
    "Or", "If", "As", "Read", "Note", "Sources", "Analysts", "Last", "Next", "This", "Both", "Each", "Every",
    "All", "No", "Not", "Yet", "So", "Then", "Now", "Today", "Yesterday", "Tomorrow", "Still", "Also", "Even",
    "Although", "Though", "Because", "Despite", "Instead", "Meanwhile", "Moreover", "Furthermore", "Indeed",
    "Officials", "Experts", "Diplomatic", "Photo", "File", "Image", "Video", "Watch", "Listen", "Related",
    "More", "Share", "Advertisement", "Updated", "Published", "Editor", "Here", "There", "Once", "Over",
    "Under", "About", "Among", "Against", "Amid", "Through", "Toward", "Towards", "Asked", "Speaking", "Monday",
    "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March",
    "April", "May", "June", "July", "August", "September", "October", "November", "December", "Mr", "Mrs",
    "Ms", "Dr", "Is", "Are", "Was", "Were", "Will", "Would", "Could", "Should", "Can", "May", "Might", "Do",
    "Does", "Did", "Has", "Have", "Had", "Let", "Just", "Only", "Like", "Unlike", "Given", "To", "Of", "Up",
    "Out", "Off", "Again", "Other", "Another", "Any", "Much", "Few", "Hardliner", "Western", "Eastern",
    "Northern", "Southern", "Secret", "Strategic", "Russian", "God", "OK", "Yes", "Ok", "Sen", "Rep", "Gov",
];

/// Capitalised words that form titles before a name ("Foreign Minister Abbas Araqchi").
const TITLES: &[&str] = &[
    "President", "Vice", "Prime", "Minister", "Foreign", "Defense", "Defence", "Interior", "Finance", "Secretary",
    "State", "Supreme", "Leader", "Ambassador", "Envoy", "Spokesman", "Spokeswoman", "Spokesperson", "Gen.",
    "General", "Lt.", "Col.", "Colonel", "Maj.", "Adm.", "Admiral", "Sgt.", "Capt.", "Captain", "Mr.", "Mrs.",
    "Ms.", "Dr.", "Sen.", "Senator", "Rep.", "Representative", "Gov.", "Governor", "Mayor", "Chancellor", "King",
    "Queen", "Prince", "Princess", "Sheikh", "Ayatollah", "Hojatoleslam", "Judge", "Justice", "Chief", "Deputy",
    "Director", "Commander", "Chairman", "Chairwoman", "Speaker", "Premier", "Pope", "Cardinal", "Rabbi", "Imam",
    "Former", "Acting", "Attorney", "Sir", "Lord", "Lady", "Secretary-General", "Executive", "Officer", "CEO",
    "Congressman", "Congresswoman", "Democratic", "Republican", "Presidential", "Candidate", "Nominee", "Senior",
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Sgt", "Rev.", "Reverend", "Emir", "Crown",
    "Ambassadors", "Head", "Minister-President", "Field", "Marshal", "of", "the", "Security", "National",
    "Adviser", "Advisor", "Assistant", "Under", "Undersecretary", "Permanent", "Representative", "Special",
    "Economy", "Trade", "Justice", "Health", "Energy", "Oil", "Intelligence", "Army", "Navy",
];

/// Title words that cannot end a title ("Foreign" in "Foreign Minister").
const TITLE_MODIFIERS: &[&str] = &[
    "Vice", "Prime", "Foreign", "Defense", "Defence", "Interior", "Finance", "Supreme", "Deputy", "Former",
    "Acting", "Senior", "Special", "Economy", "Trade", "Justice", "Health", "Energy", "Oil", "Intelligence",
    "Army", "Navy", "Democratic", "Republican", "Presidential", "Crown", "Field", "Under", "Permanent",
    "Executive", "Chief", "Security", "National", "Attorney", "of", "the", "Assistant", "Lord",
];

/// Lower-case nouns that make the words before them a role, and the name after them a person
/// ("Foreign Ministry spokesman Esmail Baghaei").
const ROLE_NOUNS: &[&str] = &[
    "spokesman", "spokeswoman", "spokesperson", "minister", "ambassador", "envoy", "president", "leader",
    "official", "adviser", "advisor", "aide", "chief", "commander", "director", "analyst", "lawmaker", "senator",
    "diplomat", "general", "secretary", "governor", "mayor", "candidate", "nominee", "chairman", "chairwoman",
    "professor", "researcher", "expert", "editor", "correspondent", "reporter", "economist", "deputy", "head",
    "prosecutor", "judge", "lawyer", "attorney", "negotiator", "strategist", "manager", "founder", "executive",
    "ceo", "member", "premier", "chancellor", "congressman", "congresswoman", "representative", "cleric",
    "scholar", "activist", "spokesmen", "strategist", "pollster", "director-general", "secretary-general",
];

/// Role nouns that "the ..." may use for an already named person, with what they fit.
const ROLE_REFERENCES: &[(&str, &[&str])] = &[
    ("envoy", &["ambassador", "envoy", "diplomat"]),
    ("ambassador", &["ambassador", "envoy"]),
    ("diplomat", &["ambassador", "envoy", "diplomat"]),
    ("spokesman", &["spokesman", "spokesperson"]),
    ("spokeswoman", &["spokeswoman", "spokesperson"]),
    ("spokesperson", &["spokesman", "spokeswoman", "spokesperson"]),
    ("minister", &["minister"]),
    ("president", &["president"]),
    ("prime minister", &["prime minister", "premier"]),
    ("foreign minister", &["foreign minister"]),
    ("supreme leader", &["supreme leader"]),
    ("senator", &["senator", "sen."]),
    ("governor", &["governor", "gov."]),
    ("chancellor", &["chancellor"]),
    ("general", &["general", "gen."]),
    ("secretary", &["secretary"]),
    ("congressman", &["congressman", "rep."]),
    ("candidate", &["candidate", "nominee"]),
    ("nominee", &["candidate", "nominee"]),
];

/// Last words that make a capitalised run an organisation.
const ORG_HEADS: &[&str] = &[
    "Ministry", "Council", "Office", "Organization", "Organisation", "Party", "Agency", "Committee", "Court",
    "Army", "Guard", "Guards", "Corps", "Bank", "University", "Commission", "Department", "Union", "Front",
    "Movement", "Group", "Forces", "Force", "Police", "Parliament", "Assembly", "Senate", "Congress", "Institute",
    "Foundation", "Association", "Company", "Inc", "Inc.", "Corp", "Corp.", "Ltd", "Co.", "Administration",
    "Authority", "Bureau", "Center", "Centre", "Board", "Fund", "Service", "Services", "Campaign", "Coalition",
    "Federation", "Alliance", "League", "Judiciary", "Cabinet", "Government", "Navy", "Brigade", "Brigades",
    "Convention", "Caucus", "Club", "Network", "Institution", "Majlis", "Knesset", "Duma", "Tribunal", "Industries",
    "Airlines", "Group", "Trust", "Society", "Church", "Academy", "School", "College", "Hospital", "Council",
    "Prosecutor's Office", "Secretariat", "Headquarters", "Directorate", "Division", "Unit", "Command",
];

/// Last words that make a capitalised run an outlet ("Mashregh News").
const OUTLET_HEADS: &[&str] = &[
    "News", "Times", "Post", "Journal", "Daily", "Herald", "Tribune", "Gazette", "Press", "Radio", "TV",
    "Television", "Broadcasting", "Telegraph", "Observer", "Magazine", "Chronicle", "Examiner", "Review",
    "Standard", "Express", "Mail", "Star", "Globe", "Courier", "Sun", "Inquirer", "Insider", "Report", "Wire",
];

/// Lower-case words next to a name that make it an outlet ("online outlet Seenergy", "Kayhan daily").
const OUTLET_CUES: &[&str] = &[
    "outlet", "daily", "newspaper", "channel", "broadcaster", "website", "magazine", "weekly", "tabloid",
    "podcast", "network", "agency", "paper", "site", "station",
];

/// Verbs after a name that make it a person or an outlet speaking.
const SPEECH_VERBS: &[&str] = &[
    "said", "says", "told", "added", "wrote", "argued", "stressed", "emphasized", "emphasised", "noted",
    "warned", "insisted", "claimed", "explained", "asked", "suggested", "declared", "announced", "replied",
    "tweeted", "posted", "recalled", "acknowledged", "admitted", "denied", "maintained", "confirmed",
];

/// The word lists as hash sets: every capitalised token is looked up in several of them.
#[derive(Debug)]
struct Sets {
    stop: HashSet<&'static str>,
    titles: HashSet<&'static str>,
    modifiers: HashSet<&'static str>,
    role_nouns: HashSet<&'static str>,
    org_heads: HashSet<&'static str>,
    outlet_heads: HashSet<&'static str>,
    outlet_cues: HashSet<&'static str>,
    speech: HashSet<&'static str>,
}

fn sets() -> &'static Sets {
    static SETS: OnceLock<Sets> = OnceLock::new();
    SETS.get_or_init(|| {
        let set = |l: &[&'static str]| l.iter().copied().collect::<HashSet<&'static str>>();
        Sets {
            stop: set(STOP),
            titles: set(TITLES),
            modifiers: set(TITLE_MODIFIERS),
            role_nouns: set(ROLE_NOUNS),
            org_heads: set(ORG_HEADS),
            outlet_heads: set(OUTLET_HEADS),
            outlet_cues: set(OUTLET_CUES),
            speech: set(SPEECH_VERBS),
        }
    })
}

fn norm_apostrophes(s: &str) -> String {
    s.replace(['\u{2019}', '\u{2018}'], "'")
}

// ---------------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Word,
    Possessive,
    Punct,
}

#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    kind: Tok,
    /// Index of the sentence the token is in.
    sentence: usize,
    /// True for the first word of a sentence, a line, or a clause after ':' or an opening quote.
    initial: bool,
    /// A line break lies between this token and the previous one.
    newline_before: bool,
    /// Inside quotation marks (reset at each line).
    quoted: bool,
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn tokenize(text: &str, sentences: &[TextRange]) -> Vec<Token> {
    let mut toks: Vec<Token> = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    let mut newline = true;
    let mut quoted = false;
    let mut sent = 0;
    let mut seen_word_in: Option<usize> = None;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if c.is_whitespace() {
            if c == '\n' {
                newline = true;
                quoted = false; // an unclosed quotation ends with its paragraph
            }
            i += 1;
            continue;
        }
        let (end_i, kind) = if c.is_alphanumeric() {
            let mut j = i + 1;
            while j < chars.len() {
                let cj = chars[j].1;
                let next_alnum = chars.get(j + 1).is_some_and(|(_, n)| n.is_alphanumeric());
                if cj.is_alphanumeric() {
                    j += 1;
                } else if (cj == '-' && !chars.get(j + 1).is_some_and(|(_, n)| n.is_uppercase()) || cj == '.' && j - i == 1) && next_alnum {
                    // "Ki-moon", "S-400", and initials "U.S" (the final '.' is taken below).
                    j += 1;
                } else if cj == '.' && j > i && j - i <= 3 && text[chars[i].0..chars[j].0].contains('.') {
                    j += 1;
                    break;
                } else if is_apostrophe(cj) && next_alnum {
                    let rest = chars.get(j + 1).map(|x| x.1);
                    let after = chars.get(j + 2).map(|x| x.1);
                    if matches!(rest, Some('s')) && !after.is_some_and(char::is_alphanumeric) {
                        break; // possessive: its own token
                    }
                    j += 1; // "O'Brien", "don't"
                } else {
                    break;
                }
            }
            // Abbreviated titles and initials keep their period ("Gen.", "Mr.", "Donald J. Trump").
            let word = &text[pos..chars.get(j).map_or(text.len(), |x| x.0)];
            let initial_letter = j == i + 1 && c.is_uppercase() && chars.get(j + 1).is_some_and(|x| x.1 == ' ')
                && chars.get(j + 2).is_some_and(|x| x.1.is_uppercase());
            if chars.get(j).is_some_and(|x| x.1 == '.') && (initial_letter || sets().titles.contains(format!("{word}.").as_str())) {
                j += 1;
            }
            (j, Tok::Word)
        } else if is_apostrophe(c)
            && chars.get(i + 1).is_some_and(|x| x.1 == 's')
            && !chars.get(i + 2).is_some_and(|x| x.1.is_alphanumeric())
            && toks.last().is_some_and(|t| t.kind == Tok::Word && t.end == pos)
        {
            (i + 2, Tok::Possessive)
        } else {
            (i + 1, Tok::Punct)
        };
        let end = chars.get(end_i).map_or(text.len(), |x| x.0);
        while sent + 1 < sentences.len() && sentences[sent].end() <= pos {
            sent += 1;
        }
        let sentence_start = sentences.get(sent).is_some_and(|s| s.start() <= pos) && seen_word_in != Some(sent);
        let after_colon = toks.last().is_some_and(|t| matches!(&text[t.start..t.end], ":" | "\u{201c}" | "\"" | "\u{2014}" | "\u{2022}"));
        let initial = kind == Tok::Word && (newline || sentence_start || after_colon);
        let is_quote_mark = matches!(c, '"' | '\u{201c}' | '\u{201d}');
        if c == '\u{201d}' || c == '"' && quoted {
            quoted = false;
        }
        toks.push(Token { start: pos, end, kind, sentence: sent, initial, newline_before: newline, quoted: quoted && !is_quote_mark });
        if c == '\u{201c}' || c == '"' && !is_quote_close(&toks) {
            quoted = true;
        }
        if kind == Tok::Word {
            // "- 'Israel' and Iran...": a bullet's leading punctuation leaves its first word initial.
            newline = false;
            seen_word_in = Some(sent);
        }
        i = end_i;
    }
    toks
}

/// A straight quote that just closed a quotation (the token before it was quoted).
fn is_quote_close(toks: &[Token]) -> bool {
    toks.len() >= 2 && toks[toks.len() - 2].quoted
}

/// Sentences when the caller has none: lines, split after ". ", "? ", "! " before a capital.
fn naive_sentences(text: &str) -> Vec<TextRange> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let split = b == b'\n'
            || (matches!(b, b'.' | b'?' | b'!')
                && bytes.get(i + 1) == Some(&b' ')
                && bytes.get(i + 2).is_some_and(|c| c.is_ascii_uppercase() || *c == b'"' || *c >= 0x80));
        if split {
            if let Some(r) = TextRange::new(text, start, i + 1) {
                if !r.slice(text).trim().is_empty() {
                    out.push(r);
                }
            }
            start = i + 1;
        }
        i += 1;
    }
    if let Some(r) = TextRange::new(text, start, text.len()) {
        if !r.slice(text).trim().is_empty() {
            out.push(r);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Candidates

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MentionKind {
    Name,
    Pronoun,
    RoleNoun,
}

#[derive(Debug, Clone)]
struct Cand {
    start: usize,
    end: usize,
    /// First and one-past-last token.
    t0: usize,
    t1: usize,
    kind: EntityKind,
    /// Gazetteer canonical name when the gazetteer knows it.
    gaz: Option<String>,
    country: Option<String>,
    role: Vec<String>,
    /// The gazetteer's role, used when the article gives none.
    gaz_role: Option<String>,
    /// Strong evidence of the kind (title, apposition, head word, gazetteer).
    sure: bool,
    mkind: MentionKind,
    /// For role-noun mentions: the role noun, lower case ("envoy").
    role_noun: String,
}

fn word_is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn iso3_country_names() -> &'static BTreeMap<String, String> {
    static MAP: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut m = BTreeMap::new();
        for e in gazetteer().entries() {
            if e.kind == GazKind::Country {
                if let Some(c) = &e.country {
                    m.entry(c.clone()).or_insert_with(|| e.canonical.clone());
                }
            }
        }
        m
    })
}

/// Finds the people, organisations, countries, places and outlets of `text`.
///
/// `sentences` are the article's sentence ranges in order (from the segment stage); pass `&[]` to
/// have lines and ". " boundaries used instead. Pronouns and role nouns resolve within a few
/// sentences, so better sentences give better coreference.
pub fn recognize(text: &str, sentences: &[TextRange]) -> Vec<Entity> {
    let own;
    let sentences = if sentences.is_empty() {
        own = naive_sentences(text);
        &own[..]
    } else {
        sentences
    };
    let toks = tokenize(text, sentences);
    let word = |i: usize| &text[toks[i].start..toks[i].end];
    let g = gazetteer();

    // Lower-case words of the article: a sentence-initial "Such" or "Growing" also occurs in lower
    // case somewhere, a name never does.
    let mut lower_words: BTreeSet<&str> = BTreeSet::new();
    for t in &toks {
        let w = &text[t.start..t.end];
        if t.kind == Tok::Word && w.chars().next().is_some_and(char::is_lowercase) {
            lower_words.insert(w);
        }
    }
    let is_common = |w: &str| sets().stop.contains(w) || lower_words.contains(w.to_lowercase().as_str());

    // Token index by byte offset, for mapping gazetteer matches.
    let tok_at_start: BTreeMap<usize, usize> = toks.iter().enumerate().map(|(i, t)| (t.start, i)).collect();
    let tok_at_end: BTreeMap<usize, usize> = toks.iter().enumerate().map(|(i, t)| (t.end, i)).collect();

    let mut gaz_tok: Vec<Option<(usize, usize, usize)>> = vec![None; toks.len()]; // (t0, t1, entry)
    for m in g.find(text) {
        let (Some(&t0), Some(&tl)) = (tok_at_start.get(&m.range.start()), tok_at_end.get(&m.range.end())) else {
            continue;
        };
        // A one-word organisation or place from the old dictionaries that is also an English word
        // ("Lightning", a 1990s militia) is no name at the start of a sentence whose article uses
        // the word in lower case. Countries and capitals stay ("Chad", "Jordan said").
        let entry = &g.entries()[m.entry];
        if t0 == tl && toks[t0].initial && !matches!(entry.kind, GazKind::Country | GazKind::Capital | GazKind::Person) && is_common(&text[toks[t0].start..toks[t0].end]) {
            continue;
        }
        for slot in gaz_tok.iter_mut().take(tl + 1).skip(t0) {
            *slot = Some((t0, tl + 1, m.entry));
        }
    }

    let mut cands: Vec<Cand> = Vec::new();
    let gaz_cand = |t0: usize, t1: usize, entry: usize| -> Cand {
        let e = &g.entries()[entry];
        let (kind, gaz) = match e.kind {
            GazKind::Country => (EntityKind::Country, e.canonical.clone()),
            GazKind::Capital => {
                let state = e.country.as_ref().and_then(|c| iso3_country_names().get(c).cloned());
                match state {
                    Some(s) => (EntityKind::Country, s),
                    None => (EntityKind::Place, e.canonical.clone()),
                }
            }
            GazKind::Place => (EntityKind::Place, e.canonical.clone()),
            GazKind::Organization => (EntityKind::Organization, e.canonical.clone()),
            GazKind::Outlet => (EntityKind::Outlet, e.canonical.clone()),
            GazKind::Person => (EntityKind::Person, e.canonical.clone()),
        };
        Cand {
            start: toks[t0].start,
            end: toks[t1 - 1].end,
            t0,
            t1,
            kind,
            gaz: Some(gaz),
            country: e.country.clone(),
            role: Vec::new(),
            gaz_role: e.role.clone(),
            sure: true,
            mkind: MentionKind::Name,
            role_noun: String::new(),
        }
    };

    // Walk capitalised runs.
    let n = toks.len();
    let mut i = 0;
    while i < n {
        let t = toks[i];
        if t.kind != Tok::Word || !(word_is_cap(word(i)) || gaz_tok[i].is_some()) {
            i += 1;
            continue;
        }
        // Extend the run: capitalised words, "of"/"al"/"bin" between capitals, and a possessive
        // inside an institution name ("Tehran Prosecutor's Office").
        let mut j = i + 1;
        loop {
            if j >= n || toks[j].newline_before {
                break;
            }
            let w = word(j);
            if toks[j].kind == Tok::Word && (word_is_cap(w) || gaz_tok[j].is_some_and(|(a, _, _)| a < j)) {
                j += 1;
                continue;
            }
            let next_cap = j + 1 < n && toks[j + 1].kind == Tok::Word && word_is_cap(word(j + 1)) && !toks[j + 1].newline_before;
            if toks[j].kind == Tok::Word && matches!(w, "of" | "al" | "bin" | "ibn" | "de" | "von" | "van" | "der") && next_cap {
                j += 1;
                continue;
            }
            if toks[j].kind == Tok::Possessive && next_cap && j - i >= 2 {
                let mut k = j + 1;
                while k < n && toks[k].kind == Tok::Word && word_is_cap(word(k)) {
                    k += 1;
                }
                if sets().org_heads.contains(word(k - 1)) && gaz_tok[j - 1].is_none() {
                    j = k;
                    continue;
                }
            }
            break;
        }
        // A gazetteer name that starts inside the run ends it: "Donald J. Trump".
        let mut k = i;
        while k < j {
            if let Some((_, b, _)) = gaz_tok[k] {
                if b > j {
                    j = b;
                }
            }
            k += 1;
        }
        process_run(text, &toks, i, j, &gaz_tok, &is_common, &gaz_cand, &mut cands);
        i = j;
    }

    // Role nouns: "the envoy", "the Ambassador", "the foreign minister" not followed by a name.
    let mut in_name = vec![false; n];
    for c in &cands {
        for slot in &mut in_name[c.t0..c.t1] {
            *slot = true;
        }
    }
    for i in 0..n {
        if !word(i).eq_ignore_ascii_case("the") {
            continue;
        }
        for len in [2usize, 1] {
            if i + len >= n || (1..=len).any(|k| toks[i + k].kind != Tok::Word) {
                continue;
            }
            let phrase = (1..=len).map(|k| word(i + k).to_lowercase()).collect::<Vec<_>>().join(" ");
            if !ROLE_REFERENCES.iter().any(|(r, _)| *r == phrase) {
                continue;
            }
            let after = i + len + 1;
            let name_follows = after < n && toks[after].kind == Tok::Word && word_is_cap(word(after));
            if name_follows || in_name[i + 1..=i + len].iter().any(|x| *x) {
                break;
            }
            cands.push(Cand {
                start: toks[i].start,
                end: toks[i + len].end,
                t0: i,
                t1: i + len + 1,
                kind: EntityKind::Person,
                gaz: None,
                country: None,
                role: Vec::new(),
                gaz_role: None,
                sure: false,
                mkind: MentionKind::RoleNoun,
                role_noun: phrase,
            });
            break;
        }
    }
    // Pronouns.
    for (i, t) in toks.iter().enumerate() {
        if t.kind == Tok::Word && matches!(word(i), "he" | "He" | "him" | "she" | "She" | "HE") {
            cands.push(Cand {
                start: t.start,
                end: t.end,
                t0: i,
                t1: i + 1,
                kind: EntityKind::Person,
                gaz: None,
                country: None,
                role: Vec::new(),
                gaz_role: None,
                sure: false,
                mkind: MentionKind::Pronoun,
                role_noun: word(i).to_lowercase(),
            });
        }
    }
    cands.sort_by_key(|c| (c.start, c.end));
    cands.dedup_by(|b, a| b.start < a.end); // keep the first of overlapping candidates

    link(text, &toks, sentences.len(), cands)
}

/// Turns one capitalised run `[i, j)` into name candidates.
#[allow(clippy::too_many_arguments)]
fn process_run(
    text: &str,
    toks: &[Token],
    i: usize,
    j: usize,
    gaz_tok: &[Option<(usize, usize, usize)>],
    is_common: &dyn Fn(&str) -> bool,
    gaz_cand: &dyn Fn(usize, usize, usize) -> Cand,
    cands: &mut Vec<Cand>,
) {
    let word = |k: usize| &text[toks[k].start..toks[k].end];
    // Whole run is an institution not in the gazetteer ("Revolutionary Guard Intelligence
    // Organization", "Tehran Prosecutor's Office"): one organisation, unless the gazetteer covers it all.
    let whole_gaz = gaz_tok[i].is_some_and(|(a, b, _)| a == i && b == j);
    let last = word(j - 1);
    // "University of Chicago", "Bank of England", "Ministry of Defense": the head comes before "of".
    let head_of = (i + 1..j).any(|k| word(k) == "of" && sets().org_heads.contains(word(k - 1)));
    if !whole_gaz && j - i >= 2 && j - i <= 8 && (sets().org_heads.contains(last) || sets().outlet_heads.contains(last) || head_of) {
        let mut s = i;
        // Only function words go: "Foreign" in a sentence-initial "Foreign Ministry" is part of the name.
        while s < j && (sets().stop.contains(word(s)) && !sets().titles.contains(word(s)) || word(s) == "of") {
            s += 1;
        }
        if j - s >= 2 {
            let kind = if sets().outlet_heads.contains(last) && !head_of { EntityKind::Outlet } else { EntityKind::Organization };
            let country = (s..j).find_map(|k| gaz_tok[k].and_then(|(_, _, e)| gazetteer().entries()[e].country.clone()));
            cands.push(Cand {
                start: toks[s].start,
                end: toks[j - 1].end,
                t0: s,
                t1: j,
                kind,
                gaz: None,
                country,
                role: Vec::new(),
                gaz_role: None,
                sure: true,
                mkind: MentionKind::Name,
                role_noun: String::new(),
            });
            return;
        }
    }
    // Otherwise split into gazetteer matches and the unknown segments between them.
    let mut k = i;
    let mut seg_start = i;
    let mut pending_title: Option<(usize, usize)> = None;
    let mut pending_country: Option<String> = None;
    while k <= j {
        let at_gaz = k < j && gaz_tok[k].is_some_and(|(a, _, _)| a == k) && gaz_tok[k].is_some_and(|(_, b, _)| b <= j);
        if k == j || at_gaz {
            if seg_start < k {
                unknown_segment(text, toks, seg_start, k, is_common, &mut pending_title, &pending_country, cands);
            }
            if at_gaz {
                let (a, b, e) = gaz_tok[k].expect("checked");
                let mut c = gaz_cand(a, b, e);
                if let Some((ts, te)) = pending_title.take() {
                    if c.kind == EntityKind::Person {
                        c.role.insert(0, (ts..te).map(word).collect::<Vec<_>>().join(" "));
                    }
                }
                if c.kind == EntityKind::Person {
                    if c.country.is_none() {
                        c.country = pending_country.clone();
                    }
                    let found = [role_before(text, toks, a, is_common), apposition_before(text, toks, a, b), apposition_after(text, toks, b)];
                    c.role.extend(found.into_iter().flatten());
                }
                if c.kind == EntityKind::Country {
                    pending_country = c.country.clone();
                }
                let end = b;
                cands.push(c);
                k = end;
                seg_start = end;
                continue;
            }
            break;
        }
        k += 1;
    }
}

/// An unknown capitalised segment: strip sentence-initial words and titles, classify what is left.
#[allow(clippy::too_many_arguments)]
fn unknown_segment(
    text: &str,
    toks: &[Token],
    mut s: usize,
    e: usize,
    is_common: &dyn Fn(&str) -> bool,
    pending_title: &mut Option<(usize, usize)>,
    pending_country: &Option<String>,
    cands: &mut Vec<Cand>,
) {
    let word = |k: usize| &text[toks[k].start..toks[k].end];
    let n = toks.len();
    // Sentence-initial common words ("Such", "While", "Growing").
    while s < e && (toks[s].initial && is_common(word(s)) || sets().stop.contains(word(s)) && !sets().titles.contains(word(s))) {
        s += 1;
    }
    // Connectors at the edges belong to the neighbours: "Joel Pollak of [Breitbart]".
    let mut e = e;
    while s < e && word(s).chars().next().is_some_and(char::is_lowercase) {
        s += 1;
    }
    while e > s && word(e - 1).chars().next().is_some_and(char::is_lowercase) {
        e -= 1;
    }
    // Titles, ending in a title head: "Security" alone is no title in "Security Clearance".
    let title_start = s;
    let mut title_end = s;
    let mut k = s;
    while k < e && sets().titles.contains(word(k)) {
        k += 1;
        if !sets().modifiers.contains(word(k - 1)) {
            title_end = k;
        }
    }
    s = title_end;
    // "of"/"the" cannot end a title ("Secretary of State").
    let mut title = if s > title_start { Some((title_start, s)) } else { None };
    if s == e {
        // Only title words: "Supreme Leader" before a gazetteer name, or a role noun.
        if let Some((a, b)) = title {
            if b < n && toks[b].kind == Tok::Word && word_is_cap(word(b)) {
                *pending_title = Some((a, b));
            }
        }
        return;
    }
    if title.is_none() {
        title = pending_title.take();
    }
    let len = e - s;
    if len == 1 && (sets().org_heads.contains(word(s)) || sets().outlet_heads.contains(word(s))) {
        return; // "the University", "the Service": a common noun in capitals
    }
    let shouting = (s..e).any(|k| word(k).len() >= 4 && word(k).chars().all(|c| !c.is_lowercase()));
    if len > 6 || len >= 2 && shouting || (s..e).any(|k| word(k).chars().any(|c| c.is_ascii_digit())) || (s..e).any(|k| toks[k].kind != Tok::Word) {
        return;
    }
    let mut role: Vec<String> = Vec::new();
    let mut sure = false;
    let mut kind = None;
    if let Some((a, b)) = title {
        let t: Vec<&str> = (a..b).map(word).filter(|w| *w != "of" && *w != "the").collect();
        if !t.is_empty() && !matches!(t.as_slice(), ["Mr."] | ["Mrs."] | ["Ms."] | ["Mr"] | ["Dr."] | ["Former"]) {
            role.push(t.join(" "));
        }
        kind = Some(EntityKind::Person);
        sure = true;
    }
    // Lower-case role noun before: "spokesman Esmail Baghaei", "Foreign Ministry spokesman ...".
    if let Some(r) = role_before(text, toks, s, is_common) {
        role.push(r);
        kind = Some(EntityKind::Person);
        sure = true;
    }
    let last = word(e - 1);
    let prev = if s > 0 && toks[s - 1].kind == Tok::Word { word(s - 1) } else { "" };
    let next = if e < n && toks[e].kind == Tok::Word { word(e) } else { "" };
    if kind.is_none() && (sets().outlet_cues.contains(prev) || sets().outlet_cues.contains(next)) {
        kind = Some(EntityKind::Outlet);
        sure = true;
    }
    if kind.is_none() && sets().org_heads.contains(last) {
        kind = Some(EntityKind::Organization);
        sure = true;
    }
    if kind.is_none() && len >= 2 && sets().outlet_heads.contains(last) {
        kind = Some(EntityKind::Outlet);
        sure = true;
    }
    // "X, who ...": only people are "who".
    if kind.is_none() && e + 1 < n && word(e) == "," && word(e + 1) == "who" {
        kind = Some(EntityKind::Person);
        sure = true;
    }
    // Apposition after: "Mohammad Sadr, a member of Iran's Expediency Council appointed by ...".
    if let Some(r) = apposition_after(text, toks, e) {
        if kind.is_none() || kind == Some(EntityKind::Person) {
            role.push(r);
            kind = Some(EntityKind::Person);
            sure = true;
        }
    }
    // Apposition before: "Iran's Ambassador to Russia, Kazem Jalali, has ...".
    if let Some(r) = apposition_before(text, toks, s, e) {
        if kind.is_none() || kind == Some(EntityKind::Person) {
            role.push(r);
            kind = Some(EntityKind::Person);
            sure = true;
        }
    }
    if kind.is_none() && (2..=4).contains(&len) && gazetteer().is_given_name(word(s)) {
        kind = Some(EntityKind::Person);
    }
    if kind.is_none() && sets().speech.contains(next) {
        kind = Some(EntityKind::Person);
    }
    if kind.is_none() && (2..=3).contains(&len) && !toks[s].initial && (s..e).all(|k| !sets().stop.contains(word(k))) {
        // A mid-sentence run of two or three capitalised words with no other cue ("Chauncey
        // Gardiner", but also "Nobel Peace Prize"): a person only if some other mention of it
        // has a cue (`link` drops entities with no sure mention).
        cands.push(Cand {
            start: toks[s].start,
            end: toks[e - 1].end,
            t0: s,
            t1: e,
            kind: EntityKind::Person,
            gaz: None,
            country: None,
            role,
            gaz_role: None,
            sure: false,
            mkind: MentionKind::Name,
            role_noun: String::new(),
        });
        return;
    }
    if kind.is_none() && len >= 2 {
        return; // "WEB DESK", "Hardliner Furor": capitalised, but nothing says what it is
    }
    let country = if kind == Some(EntityKind::Person) {
        role.iter().find_map(|r| gazetteer().find(r).into_iter().find_map(|m| gazetteer().entries()[m.entry].country.clone()))
            .or_else(|| pending_country.clone())
    } else {
        None
    };
    cands.push(Cand {
        start: toks[s].start,
        end: toks[e - 1].end,
        t0: s,
        t1: e,
        kind: kind.unwrap_or(EntityKind::Person),
        gaz: None,
        country,
        role,
        gaz_role: None,
        sure: sure || kind.is_some(),
        mkind: MentionKind::Name,
        role_noun: String::new(),
    });
}

/// "Foreign Ministry spokesman Esmail Baghaei" -> "Foreign Ministry spokesman".
fn role_before(text: &str, toks: &[Token], s: usize, is_common: &dyn Fn(&str) -> bool) -> Option<String> {
    let word = |k: usize| &text[toks[k].start..toks[k].end];
    if s == 0 || toks[s - 1].kind != Tok::Word || !sets().role_nouns.contains(word(s - 1)) {
        return None;
    }
    let mut a = s - 1;
    while a > 0 && toks[a - 1].kind == Tok::Word && word_is_cap(word(a - 1)) && !toks[a - 1].initial {
        a -= 1;
    }
    if a > 0 && toks[a - 1].kind == Tok::Word && word_is_cap(word(a - 1)) && toks[a - 1].initial && (sets().titles.contains(word(a - 1)) || !is_common(word(a - 1))) {
        a -= 1;
    }
    Some(norm_apostrophes(&text[toks[a].start..toks[s - 1].end]))
}

/// ", a member of Iran's Expediency Council appointed by ..." -> "a member of Iran's Expediency Council".
fn apposition_after(text: &str, toks: &[Token], e: usize) -> Option<String> {
    let word = |k: usize| &text[toks[k].start..toks[k].end];
    if e + 1 >= toks.len() || word(e) != "," {
        return None;
    }
    let first = word(e + 1);
    if !matches!(first, "a" | "an" | "the" | "former" | "who" | "one") && !sets().role_nouns.contains(first) {
        return None;
    }
    if first == "who" {
        return None;
    }
    let mut k = e + 1;
    let mut has_role = false;
    while k < toks.len() && k < e + 12 {
        let w = word(k);
        if toks[k].kind == Tok::Punct && w != "-" || matches!(w, "appointed" | "who" | "which" | "under" | "said" | "says" | "and" | "was" | "is" | "has" | "had" | "told" | "since" | "whose" | "that") {
            break;
        }
        if sets().role_nouns.contains(w) {
            has_role = true;
        }
        k += 1;
    }
    if !has_role || k == e + 1 {
        return None;
    }
    Some(norm_apostrophes(&text[toks[e + 1].start..toks[k - 1].end]))
}

/// "Iran's Ambassador to Russia, Kazem Jalali," -> "Iran's Ambassador to Russia".
fn apposition_before(text: &str, toks: &[Token], s: usize, e: usize) -> Option<String> {
    let word = |k: usize| &text[toks[k].start..toks[k].end];
    if s < 2 || word(s - 1) != "," || e >= toks.len() || !matches!(word(e), "," | "said" | "says") {
        return None;
    }
    let end = s - 1;
    let mut a = end;
    while a > 0 && end - a < 8 {
        let w = word(a - 1);
        if toks[a - 1].kind == Tok::Punct || toks[a].initial {
            break;
        }
        let _ = w;
        a -= 1;
    }
    if a == end || !(toks[a].initial || a > 0 && matches!(word(a - 1), ":" | "." | "\u{2014}")) {
        return None;
    }
    let has_title = (a..end).any(|k| sets().titles.contains(word(k)) && word(k) != "of" && word(k) != "the" || sets().role_nouns.contains(word(k)));
    if !has_title {
        return None;
    }
    Some(norm_apostrophes(&text[toks[a].start..toks[end - 1].end]))
}

// ---------------------------------------------------------------------------------------------
// Linking

/// A spelling-tolerant key for given names: "Mohammad", "Mohammed", "Muhammad" agree.
fn name_key(w: &str) -> String {
    let lower = w.to_lowercase();
    let mut out = String::new();
    let mut prev = ' ';
    for (i, c) in lower.chars().enumerate() {
        let c = match c {
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' if i > 0 => continue,
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' => 'a',
            'k' | 'q' => 'c',
            'w' => 'v',
            _ => c,
        };
        if c != prev {
            out.push(c);
        }
        prev = c;
    }
    out
}

#[derive(Debug)]
struct Ent {
    name: String,
    kind: EntityKind,
    gaz: bool,
    aliases: BTreeSet<String>,
    mentions: Vec<(usize, usize, usize)>, // (start, end, sentence)
    roles: Vec<String>,
    country: Option<String>,
    first: usize,
    /// Words of the longest name.
    words: Vec<String>,
    gaz_role: Option<String>,
    /// Some mention carried a cue (or the gazetteer knows it).
    sure: bool,
    /// 'm' or 'f' once a "he" or "she" resolved to it: a later "she" will not pick a "he".
    gender: Option<char>,
}

fn link(text: &str, toks: &[Token], n_sent: usize, cands: Vec<Cand>) -> Vec<Entity> {
    let quoted_at = |start: usize| toks.get(toks.partition_point(|t| t.start < start)).is_some_and(|t| t.quoted);
    // First word token of each sentence, for subject continuity.
    let mut first_word: Vec<Option<usize>> = vec![None; n_sent.max(1) + toks.last().map_or(0, |t| t.sentence + 1)];
    for (k, t) in toks.iter().enumerate() {
        if t.kind == Tok::Word && first_word[t.sentence].is_none() {
            first_word[t.sentence] = Some(k);
        }
    }
    let mut ents: Vec<Ent> = Vec::new();
    let mut by_gaz: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_name: BTreeMap<String, usize> = BTreeMap::new();
    let surface = |c: &Cand| text[c.start..c.end].to_string();

    // Pass 1: gazetteer names and multi-word names make entities.
    let mut assigned: Vec<Option<usize>> = vec![None; cands.len()];
    for (ci, c) in cands.iter().enumerate() {
        if c.mkind != MentionKind::Name {
            continue;
        }
        let s = surface(c);
        let words: Vec<String> = s.split_whitespace().map(str::to_string).collect();
        if let Some(gname) = &c.gaz {
            let idx = *by_gaz.entry(gname.clone()).or_insert_with(|| {
                ents.push(Ent {
                    name: gname.clone(),
                    kind: c.kind,
                    gaz: true,
                    sure: true,
                    aliases: BTreeSet::new(),
                    mentions: Vec::new(),
                    roles: Vec::new(),
                    country: c.country.clone(),
                    first: c.start,
                    gaz_role: None,
                    gender: None,
                    words: gname.split_whitespace().map(str::to_string).collect(),
                });
                ents.len() - 1
            });
            assigned[ci] = Some(idx);
            continue;
        }
        if words.len() < 2 || c.kind != EntityKind::Person {
            continue;
        }
        // Same surname, compatible given name.
        let last = words.last().cloned().unwrap_or_default();
        let found = ents.iter().position(|e| {
            e.kind == EntityKind::Person
                && e.words.len() >= 2
                && e.words.last() == Some(&last)
                && name_key(&e.words[0]) == name_key(&words[0])
        });
        let idx = match found.or_else(|| by_name.get(&s).copied()) {
            Some(x) => x,
            None => {
                ents.push(Ent {
                    name: s.clone(),
                    kind: c.kind,
                    gaz: false,
                    aliases: BTreeSet::new(),
                    mentions: Vec::new(),
                    roles: Vec::new(),
                    country: None,
                    first: c.start,
                    gaz_role: None,
                    gender: None,
                    sure: false,
                    words: words.clone(),
                });
                by_name.insert(s.clone(), ents.len() - 1);
                ents.len() - 1
            }
        };
        assigned[ci] = Some(idx);
    }
    // Pass 2: other names (single words, organisations) link to a person's surname or an
    // organisation's first word, else make their own entity.
    for (ci, c) in cands.iter().enumerate() {
        if c.mkind != MentionKind::Name || assigned[ci].is_some() {
            continue;
        }
        let s = surface(c);
        let words: Vec<String> = s.split_whitespace().map(str::to_string).collect();
        let single = words.len() == 1;
        let mut found = None;
        if single {
            // Bracketed acronym right after a name: "(SAS)".
            let bracketed = c.t0 >= 2 && &text[toks[c.t0 - 1].start..toks[c.t0 - 1].end] == "(" && s.len() >= 2 && s.chars().all(|ch| ch.is_uppercase());
            if bracketed {
                found = cands[..ci].iter().rposition(|p| p.t1 + 1 == c.t0 && p.mkind == MentionKind::Name).and_then(|pi| assigned[pi]);
            }
            if found.is_none() {
                let persons: Vec<usize> =
                    (0..ents.len()).filter(|&x| ents[x].kind == EntityKind::Person && ents[x].words.len() >= 2 && ents[x].words.last() == Some(&s)).collect();
                let orgs: Vec<usize> = (0..ents.len())
                    .filter(|&x| matches!(ents[x].kind, EntityKind::Organization | EntityKind::Outlet) && ents[x].words.len() >= 2 && ents[x].words[0] == s)
                    .collect();
                found = match (persons.len(), orgs.len()) {
                    (1, 0) => Some(persons[0]),
                    (0, 1) => Some(orgs[0]),
                    // Several with that surname: the most recent before this mention.
                    (p, 0) if p > 1 => persons.iter().copied().filter(|&x| ents[x].first < c.start).max_by_key(|&x| ents[x].mentions.last().map_or(0, |m| m.0)),
                    _ => None,
                };
            }
        } else if c.kind != EntityKind::Person {
            found = by_name.get(&s).copied();
        }
        if found.is_none() {
            if single && !c.sure {
                continue; // a lone capitalised word with no cue: not a name we can type
            }
            if let Some(&x) = by_name.get(&s) {
                found = Some(x);
            } else {
                ents.push(Ent {
                    name: s.clone(),
                    kind: c.kind,
                    gaz: false,
                    aliases: BTreeSet::new(),
                    mentions: Vec::new(),
                    roles: Vec::new(),
                    country: None,
                    first: c.start,
                    gaz_role: None,
                    gender: None,
                    sure: false,
                    words,
                });
                by_name.insert(s.clone(), ents.len() - 1);
                found = Some(ents.len() - 1);
            }
        }
        assigned[ci] = found;
    }
    // Record names.
    for (ci, c) in cands.iter().enumerate() {
        let Some(x) = assigned[ci] else { continue };
        let e = &mut ents[x];
        e.aliases.insert(surface(c));
        e.mentions.push((c.start, c.end, toks[c.t0].sentence));
        e.first = e.first.min(c.start);
        for r in &c.role {
            let r = norm_apostrophes(r);
            if !e.roles.iter().any(|x| x.eq_ignore_ascii_case(&r)) {
                e.roles.push(r);
            }
        }
        if e.country.is_none() {
            e.country = c.country.clone();
        }
        if e.gaz_role.is_none() {
            e.gaz_role = c.gaz_role.clone();
        }
        e.sure |= c.sure;
        if !e.gaz && c.mkind == MentionKind::Name {
            let w: Vec<String> = surface(c).split_whitespace().map(str::to_string).collect();
            if w.len() > e.words.len() {
                e.words = w;
            }
        }
    }
    // Names with no cue anywhere ("Nobel Peace Prize" read as a person) go before pronouns see them.
    ents.retain(|e| e.sure && !e.mentions.is_empty());
    for e in &mut ents {
        e.mentions.sort();
    }
    // Pass 3: pronouns and role nouns, in text order, each seeing earlier resolutions.
    for (ci, c) in cands.iter().enumerate() {
        if c.mkind == MentionKind::Name {
            continue;
        }
        let sent = toks[c.t0].sentence;
        let pron_quoted = toks[c.t0].quoted;
        let persons_in = |lo: usize, hi: usize, before: usize, ents: &Vec<Ent>| -> Vec<(usize, usize)> {
            // (entity, start of its latest mention) for persons mentioned in sentences [lo, hi] before `before`.
            let mut v = Vec::new();
            for (x, e) in ents.iter().enumerate() {
                if e.kind != EntityKind::Person {
                    continue;
                }
                // Mentions are kept sorted: the latest one before `before` decides. A narrative
                // pronoun ("..., he said") skips people named inside a quotation ("...beat
                // Hillary Clinton," he said).
                let mut idx = e.mentions.partition_point(|m| m.0 < before);
                while idx > 0 {
                    let m = e.mentions[idx - 1];
                    if m.2 < lo {
                        break;
                    }
                    if !pron_quoted && quoted_at(m.0) {
                        idx -= 1;
                        continue;
                    }
                    if m.2 <= hi {
                        v.push((x, m.0));
                    }
                    break;
                }
            }
            v
        };
        let gender = match c.role_noun.as_str() {
            "he" | "him" => Some('m'),
            "she" => Some('f'),
            _ => None,
        };
        let persons_in = |lo: usize, hi: usize, before: usize, ents: &Vec<Ent>| -> Vec<(usize, usize)> {
            let mut v = persons_in(lo, hi, before, ents);
            v.retain(|(x, _)| gender.is_none() || ents[*x].gender.is_none() || ents[*x].gender == gender);
            v
        };
        let resolved = if c.mkind == MentionKind::RoleNoun {
            let fits: &[&str] = ROLE_REFERENCES.iter().find(|(r, _)| *r == c.role_noun).map_or(&[], |(_, f)| *f);
            let cands_fit: Vec<(usize, usize)> = persons_in(sent.saturating_sub(5), sent, c.start, &ents)
                .into_iter()
                .filter(|(x, _)| ents[*x].roles.iter().any(|r| {
                    let r = r.to_lowercase();
                    fits.iter().any(|f| r.contains(f))
                }))
                .collect();
            if cands_fit.len() == 1 { Some(cands_fit[0].0) } else { None }
        } else {
            let same = persons_in(sent, sent, c.start, &ents);
            match same.len() {
                1 => Some(same[0].0),
                0 if sent > 0 => {
                    let prev = persons_in(sent - 1, sent - 1, c.start, &ents);
                    if prev.len() == 1 {
                        Some(prev[0].0)
                    } else if prev.len() > 1 && toks[c.t0].initial {
                        // Subject continuity: "Sadr, a former deputy under President Khatami, is ...
                        // He also criticized ...": the previous sentence's subject.
                        let first_tok = first_word[sent - 1];
                        first_tok.and_then(|ft| {
                            let start = toks[ft].start;
                            prev.iter().find(|(x, _)| ents[*x].mentions.iter().any(|m| m.0 == start)).map(|(x, _)| *x)
                        })
                    } else {
                        None
                    }
                }
                _ => None,
            }
        };
        if let Some(x) = resolved {
            let at = ents[x].mentions.partition_point(|m| m.0 < c.start);
            ents[x].mentions.insert(at, (c.start, c.end, sent));
            if gender.is_some() {
                ents[x].gender = gender;
            }
        }
        let _ = ci;
    }

    // Finish: canonical names, ids in order of first mention.

    for e in &mut ents {
        if !e.gaz {
            e.name = e.words.join(" ");
        }
        e.mentions.sort();
        e.mentions.dedup();
        if e.roles.is_empty() {
            e.roles.extend(e.gaz_role.take());
        }
        e.first = e.mentions.first().map_or(0, |m| m.0);
    }
    ents.sort_by_key(|e| e.first);
    ents.into_iter()
        .enumerate()
        .map(|(i, e)| Entity {
            id: format!("e{}", i + 1),
            name: e.name,
            kind: e.kind,
            aliases: e.aliases.into_iter().collect(),
            mentions: e.mentions.iter().filter_map(|m| TextRange::new(text, m.0, m.1)).collect(),
            roles: e.roles,
            country: e.country,
        })
        .collect()
}
