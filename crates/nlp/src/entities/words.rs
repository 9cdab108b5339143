//! The word lists the entities stage reads: sentence-initial stop words, titles, role nouns,
//! organisation and outlet heads, speech verbs; as hash sets, built once.

use super::*;


/// Capitalised words that begin sentences or headlines but never names.
pub(super) const STOP: &[&str] = &[
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
pub(super) const TITLES: &[&str] = &[
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
pub(super) const TITLE_MODIFIERS: &[&str] = &[
    "Vice", "Prime", "Foreign", "Defense", "Defence", "Interior", "Finance", "Supreme", "Deputy", "Former",
    "Acting", "Senior", "Special", "Economy", "Trade", "Justice", "Health", "Energy", "Oil", "Intelligence",
    "Army", "Navy", "Democratic", "Republican", "Presidential", "Crown", "Field", "Under", "Permanent",
    "Executive", "Chief", "Security", "National", "Attorney", "of", "the", "Assistant", "Lord",
];

/// Lower-case nouns that make the words before them a role, and the name after them a person
/// ("Foreign Ministry spokesman Esmail Baghaei").
pub(super) const ROLE_NOUNS: &[&str] = &[
    "spokesman", "spokeswoman", "spokesperson", "minister", "ambassador", "envoy", "president", "leader",
    "official", "adviser", "advisor", "aide", "chief", "commander", "director", "analyst", "lawmaker", "senator",
    "diplomat", "general", "secretary", "governor", "mayor", "candidate", "nominee", "chairman", "chairwoman",
    "professor", "researcher", "expert", "editor", "correspondent", "reporter", "economist", "deputy", "head",
    "prosecutor", "judge", "lawyer", "attorney", "negotiator", "strategist", "manager", "founder", "executive",
    "ceo", "member", "premier", "chancellor", "congressman", "congresswoman", "representative", "cleric",
    "scholar", "activist", "spokesmen", "strategist", "pollster", "director-general", "secretary-general",
];

/// Role nouns that "the ..." may use for an already named person, with what they fit.
pub(super) const ROLE_REFERENCES: &[(&str, &[&str])] = &[
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
pub(super) const ORG_HEADS: &[&str] = &[
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
pub(super) const OUTLET_HEADS: &[&str] = &[
    "News", "Times", "Post", "Journal", "Daily", "Herald", "Tribune", "Gazette", "Press", "Radio", "TV",
    "Television", "Broadcasting", "Telegraph", "Observer", "Magazine", "Chronicle", "Examiner", "Review",
    "Standard", "Express", "Mail", "Star", "Globe", "Courier", "Sun", "Inquirer", "Insider", "Report", "Wire",
];

/// Lower-case words next to a name that make it an outlet ("online outlet Seenergy", "Kayhan daily").
pub(super) const OUTLET_CUES: &[&str] = &[
    "outlet", "daily", "newspaper", "channel", "broadcaster", "website", "magazine", "weekly", "tabloid",
    "podcast", "network", "agency", "paper", "site", "station",
];

/// Verbs after a name that make it a person or an outlet speaking.
pub(super) const SPEECH_VERBS: &[&str] = &[
    "said", "says", "told", "added", "wrote", "argued", "stressed", "emphasized", "emphasised", "noted",
    "warned", "insisted", "claimed", "explained", "asked", "suggested", "declared", "announced", "replied",
    "tweeted", "posted", "recalled", "acknowledged", "admitted", "denied", "maintained", "confirmed",
];

/// The word lists as hash sets: every capitalised token is looked up in several of them.
#[derive(Debug)]
pub(super) struct Sets {
    pub(super) stop: HashSet<&'static str>,
    pub(super) titles: HashSet<&'static str>,
    pub(super) modifiers: HashSet<&'static str>,
    pub(super) role_nouns: HashSet<&'static str>,
    pub(super) org_heads: HashSet<&'static str>,
    pub(super) outlet_heads: HashSet<&'static str>,
    pub(super) outlet_cues: HashSet<&'static str>,
    pub(super) speech: HashSet<&'static str>,
}

pub(super) fn sets() -> &'static Sets {
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

pub(super) fn norm_apostrophes(s: &str) -> String {
    s.replace(['\u{2019}', '\u{2018}'], "'")
}
