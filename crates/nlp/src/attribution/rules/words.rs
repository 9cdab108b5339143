//! The word lists the attribution rules read: cue verbs, the words that may sit between a
//! source and its cue, noun-phrase stops, titles, outlet words. Lowercase unless said.

/// Verb forms that report speech, writing, thought or findings. Lowercase in running text.
pub(crate) const CUE_VERBS: &[&str] = &[
    "said", "says", "say", "saying", "told", "tells", "tell", "telling", "added", "adds", "adding", "noted",
    "notes", "noting", "wrote", "writes", "writing", "argued", "argues", "arguing", "argue", "claimed", "claiming", "claim", "suggested", "suggests", "suggesting", "denied", "denies", "deny", "denying", "rejected",
    "rejects", "rejecting", "dismissed", "dismisses", "dismissing", "confirmed", "confirms", "confirming",
    "warned", "warns", "warning", "explained", "explains", "explaining", "insisted", "insists", "insisting",
    "stressed", "stresses", "emphasized", "emphasised", "emphasizes", "asserted", "asserts", "stated", "announced",
    "announces", "reported", "reports", "acknowledged", "acknowledges", "admitted", "admits", "tweeted", "tweets", "declared", "declares", "predicted",
    "predicts", "maintained", "maintains", "contended", "contends", "alleged", "alleges", "accused", "accuses",
    "concluded", "revealed", "testified", "recalled", "replied", "responded", "countered", "asked", "asks",
    "described", "describes", "describing", "vowed", "vows", "promised", "promises", "pledged", "urged", "urges",
    "estimated", "indicated", "showed", "shows", "found", "finds", "criticized", "criticised", "criticizes",
    "blasted", "slammed", "praised", "called", "calls", "calling", "conceded", "complained", "joked", "agreed",
    "observed", "charged", "hinted", "implied", "speculated", "signaled", "signalled", "informed", "assured",
    "reassured", "reminded", "mentioned", "proclaimed", "boasted", "lamented", "cautioned", "questioned", "hopes", "announcing", "stating", "cautioning", "disputed", "debunked",
    "refuted", "explain", "suggest", "warn", "stressing", "emphasizing", "insist", "predict", "acknowledge",
];

/// Cue forms that are nouns as often as verbs ("his tweets", "the calls", "reports").
pub(crate) const NOUNISH: &[&str] = &["tweets", "calls", "reports", "claims", "shows", "warns", "notes", "promises", "vows", "urges", "finds", "charges", "reported"];

/// Cues that take the addressee right after them: "told reporters that".
pub(crate) const ADDRESSEE_VERBS: &[&str] = &[
    "told", "tells", "tell", "telling", "informed", "assured", "reassured", "reminded", "warned", "warns", "asked",
    "urged", "cautioned",
];

/// Words skipped between a source and its cue: "has firmly rejected", "also criticized".
pub(crate) const BETWEEN: &[&str] = &[
    "has", "have", "had", "also", "previously", "later", "would", "will", "recently", "repeatedly", "firmly",
    "then", "publicly", "once", "further", "reportedly", "did", "does", "do", "not", "never", "quickly", "again",
    "flatly", "strongly", "privately", "openly", "originally", "initially", "often", "long", "already", "even",
    "just", "only", "still", "simply", "clearly", "explicitly", "allegedly", "may", "might", "could", "should",
    "must", "can", "n't", "reiterated", "immediately", "angrily", "categorically", "emphatically",
    "twice", "ever", "first", "now", "all", "both", "each", "themselves", "himself", "herself", "itself", "am",
    "doesn't", "doesn’t", "don't", "don’t", "didn't", "didn’t", "can't", "can’t", "cannot", "won't", "won’t",
    "wouldn't", "wouldn’t", "couldn't", "couldn’t", "shouldn't", "shouldn’t", "hasn't", "hasn’t", "haven't",
    "haven’t", "hadn't", "hadn’t", "officially", "formally", "personally", "herself", "yet",
];

/// Words that open what may follow an inverted cue without being its content: "said Friday",
/// "said in a statement", "told reporters after the meeting".
pub(crate) const TRAILERS: &[&str] = &[
    "on", "in", "at", "after", "before", "during", "last", "this", "earlier", "later", "then", "yesterday", "today",
    "tonight", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "while",
    "when", "as", "referring", "adding", "citing", "noting", "reporters", "me", "us", "him", "her", "them",
    "recently", "privately", "publicly", "again", "of", "from", "to", "via", "by", "through", "with", "about",
    "following", "previously", "late", "early", "shortly", "according",
];

/// Common nouns that report, as subjects of a learned cue ("the poll found", "officials urged").
pub(crate) const SUBJECT_NOUNS: &[&str] = &[
    "officials", "official", "sources", "source", "police", "experts", "analysts", "critics", "voters", "people",
    "democrats", "republicans", "campaign", "report", "poll", "polls", "study", "survey", "court", "committee",
    "group", "administration", "spokesman", "spokeswoman", "spokesperson", "statement", "aides", "aide",
    "advocates", "lawmakers", "senator", "president", "candidate", "nominee", "leaders", "leader", "government",
    "agency", "department", "researchers", "authorities", "prosecutors", "investigators", "supporters",
    "opponents", "activists", "protesters", "data", "documents", "letter", "ad", "article", "lawsuit",
    "complaint", "filing", "review", "analysis", "memo", "email", "emails", "video", "footage", "ruling",
    "judge", "attorney", "lawyer", "lawyers", "organizers", "members", "residents", "family", "parents",
    "economists", "others", "both", "many", "some", "most", "all", "donors", "candidates", "broadcaster",
    "newspaper", "outlet", "network", "channel", "daily", "website", "magazine", "station", "paper", "media",
    "agency", "ministry", "office", "spokesperson", "envoy", "ambassador", "minister", "diplomats", "diplomat",
];

/// Words that end a source noun phrase scanned leftwards.
pub(crate) const NP_STOP: &[&str] = &[
    "that", "but", "because", "when", "while", "as", "if", "after", "before", "so", "although", "though", "since",
    "where", "than", "whether", "what", "is", "was", "are", "were", "be", "been", "being", "has", "have", "had",
    "to", "said", "says", "told", "and", "or", "then", "which", "also", "however", "yet", "until", "unless",
    "once", "who", "whom", "it", "there", "this", "in", "at", "during", "under", "with", "by", "from", "after",
    "before", "into", "about", "against", "over", "through", "i", "you", "we", "he", "she", "they",
];

/// Determiners and possessives: a cue form after one is a noun ("the reports").
pub(crate) const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "these", "those", "such", "this", "that",
    "no", "any", "some", "of", "in", "on", "for", "new", "recent", "latest", "those", "many", "two", "several",
    "media", "news",
];

pub(crate) const BE: &[&str] = &[
    "was", "were", "been", "being", "is", "are", "be", "get", "got", "gets", "wasn't", "wasn’t", "weren't", "weren’t",
    "isn't", "isn’t", "aren't", "aren’t",
];

/// Words opening an adverbial before the subject: "On Thursday, ...", "Hours later, ...".
pub(crate) const ADVERBIAL_OPENERS: &[&str] = &[
    "on", "in", "at", "for", "after", "before", "during", "since", "when", "while", "as", "with", "despite",
    "although", "though", "but", "and", "then", "still", "yet", "meanwhile", "however", "hours", "days", "weeks",
    "earlier", "later", "last", "this", "instead", "now", "today", "yesterday", "by", "from", "under", "until",
    "once", "if", "because", "asked", "speaking", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "so", "also", "indeed", "in", "over", "throughout", "following", "like", "unlike",
];

/// Cues that PolNeAR mostly annotates without a source (counted on train).
pub(crate) const SOURCELESS: &[&str] = &["seem", "seems", "seemed", "appear", "appears", "appeared", "known", "titled", "expected"];

/// Hearsay adverbs: "Iran reportedly received the initiative with caution" attributes to nobody
/// named; the subject belongs to what is reported.
pub(crate) const HEARSAY_ADVERBS: &[&str] = &["reportedly", "allegedly", "apparently", "purportedly", "supposedly", "reputedly"];

/// Verbs that take a cue as their infinitive: "continues to insist", "declined to say".
pub(crate) const CONTROL_VERBS: &[&str] = &[
    "continues", "continued", "continue", "continuing", "sought", "seeks", "seek", "seeking", "tried", "tries",
    "try", "trying", "wants", "wanted", "want", "plans", "planned", "planning", "plan", "began", "begins", "begin",
    "decided", "declined", "declines", "refused", "refuses", "appeared", "seemed", "appears", "seems", "hopes",
    "hoped", "hope", "vowed", "vows", "promised", "promises", "needs", "needed", "need", "going", "used", "likely",
    "able", "unable", "willing", "ready", "moved", "rushed", "attempted", "failed", "managed", "chose", "agreed",
    "threatened", "offered", "intends", "intended", "pledged", "wanting", "hoping", "expected", "got", "had",
    "has", "have", "came", "went", "ought",
];

/// Time words that may sit between a source and its cue: "Warren on Thursday endorsed", "the
/// committee this week announced".
pub(crate) const TIME_WORDS: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "week", "month", "year", "night",
    "morning", "afternoon", "evening", "weekend", "today", "yesterday", "tonight",
];

/// Words that open a time phrase ending in one of [`TIME_WORDS`]: "on", "this", "last".
pub(crate) const TIME_OPENERS: &[&str] = &["on", "this", "last", "next", "earlier", "late", "early", "that", "on"];

/// Title words that separate a role from the name after it ("spokesman Esmail Baghaei").
pub(crate) const TITLES: &[&str] = &[
    "president", "minister", "prime", "spokesman", "spokeswoman", "spokesperson", "ambassador", "senator", "sen",
    "rep", "gov", "governor", "secretary", "general", "gen", "chief", "director", "chairman", "chairwoman",
    "leader", "judge", "mayor", "commander", "envoy", "official", "analyst", "professor", "candidate", "nominee",
    "speaker", "adviser", "advisor", "attorney", "lawmaker", "congressman", "congresswoman", "ayatollah", "king",
    "prince", "queen", "sheikh", "lt", "col", "sgt", "capt", "adm", "deputy", "pope", "justice", "host", "anchor",
    "economist", "strategist", "manager", "founder", "ceo", "executive", "democrat", "republican", "member",
];

/// Words that mark a news outlet in a source ("the Washington Post", "public broadcaster").
pub(crate) const OUTLET_WORDS: &[&str] = &[
    "post", "times", "journal", "news", "reuters", "ap", "afp", "cnn", "bbc", "fox", "nbc", "abc", "cbs", "msnbc",
    "jazeera", "tribune", "herald", "guardian", "telegraph", "gazette", "daily", "press", "broadcaster",
    "newspaper", "outlet", "magazine", "tv", "television", "radio", "agency", "tasnim", "irna", "fars", "isna",
    "politico", "axios", "bloomberg", "breitbart", "channel", "network", "kayhan", "mashregh", "farhikhtegan",
    "report", "article", "website", "podcast",
];
