//! A personal pronoun resolved to a person named near it, as a reader would, reading the
//! dependency parse of its sentence and the ones before (`hearsay_syntax`). Each mention by name of
//! a person of the pronoun's gender (where a title tells it: "Mrs.", "Sir") in the sentences of a
//! bounded window is a candidate, described by features ([`FEATURES`]: how far back it is, its role
//! and the pronoun's, whether it is the subject of a clause the pronoun belongs to ("Smith said he
//! ...", "Smith lost his job"), whether it is bound in the pronoun's own clause ("Smith hired him"
//! is not Smith), whether the pronoun's phrase holds it ("her father, Philip"), how often and how
//! early the person is named, whether it is the nearest name, in parentheses or in quotes), and the
//! main ones again for each case of the pronoun (subject "he", possessive "his", object "him"): a
//! nearest name or a governing subject is strong evidence for one case and weak for another. A
//! linear model ([`PronounModel`], learned on GAP: `cargo xtask train pronouns`) scores each
//! mention; a person scores its best mention; the best person wins when its score reaches the
//! model's threshold, and the pronoun is otherwise left unresolved rather than guessed.

use hearsay_syntax::Parser;
use hearsay_text::TextRange;

use super::{Entity, EntityKind};

/// How many sentences before the pronoun's a candidate may be.
pub const WINDOW: usize = 6;

/// Declares [`FEATURES`] and [`CONJOINED`]: the base features of a candidate mention, then each
/// feature of `CONJOINED` once per case of the pronoun ([`CASES`]), set only for pronouns of that
/// case, so that a subject "he" and a possessive "his" can weigh the same evidence differently.
macro_rules! features {
    ([$($base:literal),* $(,)?], [$($conjoined:literal),* $(,)?]) => {
        /// The name of each feature of a candidate mention, in the order of its vector (and of a
        /// model's weights).
        pub const FEATURES: [&str; N_FEATURES] = [
            $($base,)*
            $(concat!("case-subject:", $conjoined),)*
            $(concat!("case-possessive:", $conjoined),)*
            $(concat!("case-object:", $conjoined),)*
            $(concat!("case-other:", $conjoined),)*
        ];

        /// The base features conjoined with the pronoun's case.
        const CONJOINED: [&str; N_CONJOINED] = [$($conjoined),*];
    };
}

features!(
    [
        "bias",
        "distance",
        "gap",
        "subject",
        "parallel",
        "frequency",
        "first",
        "governing",
        "after",
        "parenthesis",
        "oblique",
        "main",
        "after-not-governing",
        "bound",
        "beyond-four",
        "sentences-0",
        "sentences-1",
        "sentences-2",
        "sentences-3",
        "sentences-4+",
        "gap-0-2",
        "gap-3-5",
        "gap-6-10",
        "gap-11-20",
        "gap-21+",
        "role-object",
        "role-possessive",
        "pair-subject-subject",
        "pair-subject-object",
        "pair-subject-possessive",
        "pair-subject-other",
        "pair-object-subject",
        "pair-object-object",
        "pair-object-possessive",
        "pair-object-other",
        "pair-possessive-subject",
        "pair-possessive-object",
        "pair-possessive-possessive",
        "pair-possessive-other",
        "pair-other-subject",
        "pair-other-object",
        "pair-other-possessive",
        "pair-other-other",
        "rel-nsubj",
        "rel-nsubj:pass",
        "rel-obj",
        "rel-iobj",
        "rel-obl",
        "rel-nmod",
        "rel-nmod:poss",
        "rel-appos",
        "rel-conj",
        "rel-root",
        "rel-other",
        "nearest",
        "nearest-subject",
        "count-1",
        "count-2",
        "count-3+",
        "first-sentence",
        "topic",
        "quoted-mention",
        "quoted-pronoun",
        "pronoun-holds",
        "mention-holds",
        "coargument-subject",
        "coargument-object",
        "coargument-possessive",
        "coargument-other",
        "sentence-initial",
        "after-governing",
        "pronoun-possessive-after",
        "intervening-1",
        "intervening-2+",
        "full-name",
        "subject-same-sentence",
        "subject-previous-sentence",
        "main-previous-sentence",
        "first-in-sentence",
        "pro-clause-ccomp",
        "pro-clause-advcl",
        "pro-clause-acl:relcl",
        "pro-clause-xcomp",
        "pro-clause-conj",
        "pro-clause-root",
        "pro-clause-other",
    ],
    [
        "subject",
        "role-object",
        "role-possessive",
        "sentences-0",
        "sentences-1",
        "nearest",
        "nearest-subject",
        "main",
        "governing",
        "after",
        "first",
        "first-sentence",
        "parallel",
        "oblique",
        "rel-appos",
        "rel-conj",
        "count-1",
        "count-3+",
        "intervening-1",
        "intervening-2+",
        "pronoun-holds",
        "mention-holds",
        "full-name",
        "first-in-sentence",
        "sentence-initial",
        "coargument-subject",
        "coargument-possessive",
    ]
);

/// How many base features a candidate has (the first of [`FEATURES`]).
const N_BASE: usize = 86;

/// How many base features are conjoined with the pronoun's case.
const N_CONJOINED: usize = 27;

/// The pronoun's cases, in the order of the conjoined features: "he", "she"; "his", a possessive
/// "her"; "him", an object "her"; "himself", "herself", "hers".
const CASES: usize = 4;

/// How many features a candidate has.
pub const N_FEATURES: usize = N_BASE + CASES * N_CONJOINED;

/// The index of feature `name` in [`FEATURES`].
fn at(name: &str) -> usize {
    FEATURES.iter().position(|f| *f == name).expect("a feature of FEATURES")
}

/// A linear scorer of candidate mentions and the score a person needs to be chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct PronounModel {
    /// One weight per feature of [`FEATURES`].
    pub weights: Vec<f32>,
    /// A person whose best mention scores below this is not chosen (the pronoun stays unresolved).
    pub threshold: f32,
}

/// The committed model (`cargo xtask train pronouns`).
const BUILTIN: &str = include_str!("../../models/pronouns.tsv");

impl PronounModel {
    /// The committed model.
    pub fn builtin() -> &'static PronounModel {
        static MODEL: std::sync::OnceLock<PronounModel> = std::sync::OnceLock::new();
        MODEL.get_or_init(|| PronounModel::from_tsv(BUILTIN).expect("the committed pronoun model parses"))
    }

    /// The hand-set weights this model replaced (tuned on GAP validation by coordinate ascent),
    /// over the same features: hard rules have a weight of -1,000.
    pub fn hand() -> PronounModel {
        let mut weights = vec![0.0; N_FEATURES];
        for (name, weight) in [
            ("distance", -0.5),
            ("gap", -1.0),
            ("subject", 1.0),
            ("parallel", 0.1),
            ("frequency", 0.5),
            ("first", 0.1),
            ("governing", 0.1),
            ("oblique", -0.25),
            ("after-not-governing", -1000.0),
            ("bound", -1000.0),
            ("beyond-four", -1000.0),
        ] {
            weights[at(name)] = weight;
        }
        PronounModel { weights, threshold: -500.0 }
    }

    /// The model from its text form: one `feature<TAB>weight` line per feature, and a line
    /// `threshold<TAB>value`; `#` lines are comments. None when a feature is missing or unknown.
    pub fn from_tsv(tsv: &str) -> Option<PronounModel> {
        let mut weights = vec![f32::NAN; N_FEATURES];
        let mut threshold = None;
        for line in tsv.lines().filter(|line| !line.is_empty() && !line.starts_with('#')) {
            let (name, value) = line.split_once('\t')?;
            let value: f32 = value.trim().parse().ok()?;
            if name == "threshold" {
                threshold = Some(value);
            } else {
                weights[FEATURES.iter().position(|f| *f == name)?] = value;
            }
        }
        (!weights.iter().any(|w| w.is_nan())).then_some(PronounModel { weights, threshold: threshold? })
    }

    /// The text form [`PronounModel::from_tsv`] reads, six decimals.
    pub fn to_tsv(&self) -> String {
        let mut out = String::from("# pronoun resolver weights: cargo xtask train pronouns\n");
        for (name, weight) in FEATURES.iter().zip(&self.weights) {
            out.push_str(&format!("{name}\t{weight:.6}\n"));
        }
        out.push_str(&format!("threshold\t{:.6}\n", self.threshold));
        out
    }

    /// The score of one candidate's features.
    pub fn score(&self, features: &[f32; N_FEATURES]) -> f32 {
        self.weights.iter().zip(features).map(|(w, f)| w * f).sum()
    }
}

/// The person `pronoun` ("he", "her", "his") refers to, with the mention by name that decides it.
pub fn resolve_pronoun<'a>(
    text: &str,
    sentences: &[TextRange],
    entities: &'a [Entity],
    pronoun: TextRange,
) -> Option<(&'a Entity, TextRange)> {
    resolve_pronoun_with(text, sentences, entities, pronoun, PronounModel::builtin(), None)
}

/// [`resolve_pronoun`] with the model given, and the page's topic (its title) where known.
pub fn resolve_pronoun_with<'a>(
    text: &str,
    sentences: &[TextRange],
    entities: &'a [Entity],
    pronoun: TextRange,
    model: &PronounModel,
    topic: Option<&str>,
) -> Option<(&'a Entity, TextRange)> {
    let candidates = pronoun_candidates(text, sentences, entities, pronoun, topic);
    let (best, score) = choose(&candidates, model)?;
    (score >= model.threshold).then(|| (&entities[candidates[best].entity], candidates[best].mention))
}

/// The candidate (an index into `candidates`) of the person whose best mention scores highest,
/// with that score; the first person in order wins a tie, and a person's first best mention.
pub fn choose(candidates: &[Candidate], model: &PronounModel) -> Option<(usize, f32)> {
    let mut best: Option<(usize, f32)> = None;
    for (k, candidate) in candidates.iter().enumerate() {
        let score = model.score(&candidate.features);
        let better = match best {
            None => true,
            Some((b, s)) => score > s || (score == s && candidate.entity < candidates[b].entity),
        };
        if better {
            best = Some((k, score));
        }
    }
    best
}

/// A mention by name that a pronoun may refer to.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The index of its entity in the slice given.
    pub entity: usize,
    /// The mention.
    pub mention: TextRange,
    /// Its features, in the order of [`FEATURES`].
    pub features: [f32; N_FEATURES],
}

/// A role in the clause, coarse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Subject,
    Object,
    Possessive,
    Other,
}

impl Role {
    fn index(self) -> usize {
        match self {
            Role::Subject => 0,
            Role::Object => 1,
            Role::Possessive => 2,
            Role::Other => 3,
        }
    }
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
        let words: Vec<TextRange> = hearsay_text::words_in(text, sentence).into_iter().map(|w| w.range).collect();
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

/// The dependency relations that have a feature of their own.
const RELATIONS: [&str; 10] =
    ["nsubj", "nsubj:pass", "obj", "iobj", "obl", "nmod", "nmod:poss", "appos", "conj", "root"];

/// Every candidate mention of `pronoun` among `entities`' people, with its features: mentions by
/// name in the [`WINDOW`] sentences before the pronoun's and in its own sentence (after it too), of
/// people whose title does not give the other gender. Empty for a word that is not "he", "she" and
/// their forms. `topic` is the page's title, where known (GAP's URL).
pub fn pronoun_candidates(
    text: &str,
    sentences: &[TextRange],
    entities: &[Entity],
    pronoun: TextRange,
    topic: Option<&str>,
) -> Vec<Candidate> {
    let word = pronoun.slice(text).to_lowercase();
    let gender = match word.as_str() {
        "he" | "him" | "his" | "himself" => 'm',
        "she" | "her" | "hers" | "herself" => 'f',
        _ => return Vec::new(),
    };
    let sentence_of = |at: u32| sentences.partition_point(|s| s.end <= at);
    let here = sentence_of(pronoun.start);
    let floor = sentences.get(here.saturating_sub(WINDOW)).map_or(0, |s| s.start);
    let ceiling = sentences.get(here).map_or(pronoun.end, |s| s.end);
    // Each mention by name in the window: (sentence, mention, entity index).
    let mut named: Vec<(usize, TextRange, usize)> = Vec::new();
    for (e, entity) in entities.iter().enumerate() {
        if entity.kind != EntityKind::Person || title_gender(text, entity).is_some_and(|known| known != gender) {
            continue;
        }
        let from = entity.mentions.partition_point(|m| m.start < floor);
        for &mention in entity.mentions[from..].iter().take_while(|m| m.end <= ceiling) {
            if !mention.overlaps(pronoun) && is_by_name(mention.slice(text)) {
                named.push((sentence_of(mention.start), mention, e));
            }
        }
    }
    if named.is_empty() {
        return Vec::new();
    }
    // The person named first in the text, and the people named in its first sentence.
    let first_named = entities
        .iter()
        .enumerate()
        .filter(|(_, entity)| entity.kind == EntityKind::Person)
        .filter_map(|(e, entity)| entity.mentions.first().map(|m| (m.start, e)))
        .min()
        .map(|(_, e)| e);
    let first_end = sentences.first().map_or(0, |s| s.end);
    let count = |e: usize| entities[e].mentions.partition_point(|m| m.end <= pronoun.start).min(5);
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
    // The relation of the clause the pronoun is in ("Smith said he ...": ccomp).
    let pro_clause_rel = match parse(here).zip(pro_word) {
        Some((p, k)) => {
            let verb = pro_clause.unwrap_or(k);
            let rel = p.rel[verb].as_str();
            ["ccomp", "advcl", "acl:relcl", "xcomp", "conj", "root"].iter().find(|r| **r == rel).map_or("other", |r| r)
        }
        None => "other",
    };
    let quoted = |at: u32| inside_quotes(text, floor, at);
    let pro_quoted = quoted(pronoun.start);
    let topic_words: Vec<String> =
        topic.map(|t| t.split_whitespace().map(str::to_lowercase).collect()).unwrap_or_default();
    // The nearest mention before the pronoun, and the nearest subject.
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut nearest: Option<(u32, usize)> = None;
    let mut nearest_subject: Option<(u32, usize)> = None;
    for &(s, mention, e) in &named {
        let mut f = [0.0f32; N_FEATURES];
        let mut set = |name: &str, value: f32| f[at(name)] = value;
        let after = mention.start >= pronoun.end;
        let back = here - s;
        let parsed_mention = parse(s).and_then(|p| Some((p, p.word_of(mention)?)));
        let (role, clause) = parsed_mention.map_or((Role::Other, None), |(p, k)| (p.role(k), p.clause(k)));
        let mut governing = false;
        if let Some((p, k)) = parsed_mention {
            let head = p.head[k];
            let gap = if s == here && !after {
                p.words.iter().filter(|w| w.start >= mention.end && w.end <= pronoun.start).count()
            } else {
                0
            };
            set("gap", gap as f32 / 10.0);
            if s == here && !after {
                let bucket = match gap {
                    0..=2 => "gap-0-2",
                    3..=5 => "gap-3-5",
                    6..=10 => "gap-6-10",
                    11..=20 => "gap-11-20",
                    _ => "gap-21+",
                };
                set(bucket, 1.0);
            }
            governing = s == here
                && role == Role::Subject
                && pro_word.is_some_and(|w| head != usize::MAX && p.governs(head, w));
            let oblique = matches!(p.rel[k].as_str(), "obl" | "nmod" | "nmod:poss" | "obl:agent")
                || (head != usize::MAX && p.rel[head].starts_with("nmod"));
            set("oblique", f32::from(u8::from(oblique)));
            let main = role == Role::Subject && head != usize::MAX && p.head[head] == usize::MAX;
            set("main", f32::from(u8::from(main)));
            set("main-previous-sentence", f32::from(u8::from(main && back == 1)));
            let rel = p.rel[k].as_str();
            let rel = RELATIONS.iter().find(|r| **r == rel).map_or("other", |r| r);
            set(&format!("rel-{rel}"), 1.0);
            set("sentence-initial", f32::from(u8::from(k == 0)));
            if s == here {
                if let Some(w) = pro_word {
                    let pro_head = p.head[w];
                    let holds = pro_head != usize::MAX && (pro_head == k || p.governs(pro_head, k));
                    set("pronoun-holds", f32::from(u8::from(holds)));
                    set("mention-holds", f32::from(u8::from(p.governs(k, w))));
                    if clause.is_some() && clause == pro_clause {
                        set(
                            &format!("coargument-{}", ["subject", "object", "possessive", "other"][pro_role.index()]),
                            1.0,
                        );
                    }
                }
            }
        }
        set("bias", 1.0);
        let between = named
            .iter()
            .filter(|&&(_, other, x)| x != e && other.start >= mention.end && other.end <= pronoun.start)
            .count();
        if between > 0 && !after {
            set(if between == 1 { "intervening-1" } else { "intervening-2+" }, 1.0);
        }
        set(
            "full-name",
            f32::from(u8::from(mention.slice(text) == entities[e].name && entities[e].name.contains(' '))),
        );
        set(
            "first-in-sentence",
            f32::from(u8::from(!named.iter().any(|&(t, other, _)| t == s && other.start < mention.start))),
        );
        if role == Role::Subject {
            match back {
                0 => {
                    set("subject-same-sentence", 1.0);
                    set(&format!("pro-clause-{pro_clause_rel}"), 1.0);
                }
                1 => set("subject-previous-sentence", 1.0),
                _ => {}
            }
        }
        set("distance", back as f32);
        set(["sentences-0", "sentences-1", "sentences-2", "sentences-3", "sentences-4+"][back.min(4)], 1.0);
        set("beyond-four", f32::from(u8::from(back > 4)));
        set("subject", f32::from(u8::from(role == Role::Subject)));
        set("role-object", f32::from(u8::from(role == Role::Object)));
        set("role-possessive", f32::from(u8::from(role == Role::Possessive)));
        set("parallel", f32::from(u8::from(role == pro_role && role != Role::Other)));
        let roles = ["subject", "object", "possessive", "other"];
        set(&format!("pair-{}-{}", roles[pro_role.index()], roles[role.index()]), 1.0);
        let n = count(e);
        set("frequency", n as f32);
        if n > 0 {
            set(["count-1", "count-2", "count-3+"][(n - 1).min(2)], 1.0);
        }
        set("first", f32::from(u8::from(first_named == Some(e))));
        set("first-sentence", f32::from(u8::from(entities[e].mentions.first().is_some_and(|m| m.end <= first_end))));
        set("governing", f32::from(u8::from(governing)));
        set("after", f32::from(u8::from(after)));
        set("after-governing", f32::from(u8::from(after && governing)));
        set("after-not-governing", f32::from(u8::from(after && !governing)));
        set("pronoun-possessive-after", f32::from(u8::from(after && pro_role == Role::Possessive)));
        set(
            "bound",
            f32::from(u8::from(
                s == here
                    && pro_role == Role::Object
                    && role == Role::Subject
                    && clause.is_some()
                    && clause == pro_clause,
            )),
        );
        let open = text[..mention.start()].matches('(').count();
        set("parenthesis", f32::from(u8::from(open > text[..mention.start()].matches(')').count())));
        set("quoted-mention", f32::from(u8::from(quoted(mention.start))));
        set("quoted-pronoun", f32::from(u8::from(pro_quoted)));
        set("topic", f32::from(u8::from(names_topic(&entities[e].name, &topic_words))));
        let k = candidates.len();
        if !after {
            if nearest.is_none_or(|(end, _)| mention.end > end) {
                nearest = Some((mention.end, k));
            }
            if role == Role::Subject && nearest_subject.is_none_or(|(end, _)| mention.end > end) {
                nearest_subject = Some((mention.end, k));
            }
        }
        candidates.push(Candidate { entity: e, mention, features: f });
    }
    if let Some((_, k)) = nearest {
        candidates[k].features[at("nearest")] = 1.0;
    }
    if let Some((_, k)) = nearest_subject {
        candidates[k].features[at("nearest-subject")] = 1.0;
    }
    // The pronoun's case, from its form and, for "her", its relation.
    let case = match word.as_str() {
        "he" | "she" => 0,
        "his" => 1,
        "her" if pro_role == Role::Possessive => 1,
        "him" | "her" => 2,
        _ => 3,
    };
    let conjoined: Vec<usize> = CONJOINED.iter().map(|name| at(name)).collect();
    for candidate in &mut candidates {
        for (j, &k) in conjoined.iter().enumerate() {
            candidate.features[N_BASE + case * N_CONJOINED + j] = candidate.features[k];
        }
    }
    candidates
}

/// Whether `at` is inside a quotation opened after `from`.
fn inside_quotes(text: &str, from: u32, at: u32) -> bool {
    let span = text.get(from as usize..at as usize).unwrap_or("");
    let straight = span.matches('"').count();
    let open = span.matches('\u{201c}').count();
    let close = span.matches('\u{201d}').count();
    straight % 2 == 1 || open > close
}

/// Whether a person's name is the page's topic: its full name, or its last word, among the title's
/// words.
fn names_topic(name: &str, topic: &[String]) -> bool {
    if topic.is_empty() {
        return false;
    }
    let words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    let Some(last) = words.last() else { return false };
    topic.windows(words.len()).any(|w| w == words.as_slice()) || topic.contains(last)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_model_parses_and_writes_back_its_own_text() {
        let model = PronounModel::builtin();
        assert_eq!(model.weights.len(), N_FEATURES);
        assert_eq!(PronounModel::from_tsv(&model.to_tsv()).as_ref(), Some(model));
        assert!(PronounModel::from_tsv("bias\t1.0\n").is_none(), "a model with features missing");
    }

    /// A person named once, at byte `at` of `text`.
    fn person(text: &str, id: &str, name: &str, at: usize) -> Entity {
        Entity {
            id: id.to_owned(),
            name: name.to_owned(),
            kind: EntityKind::Person,
            aliases: Vec::new(),
            mentions: vec![TextRange::new(text, at, at + name.len()).expect("a range")],
            roles: Vec::new(),
            country: None,
        }
    }

    #[test]
    fn a_subject_pronoun_continues_the_subject() {
        let text = "Mary Smith met Anna Jones in Paris. She said the talks went well.";
        let sentences = hearsay_text::sentences(text);
        let entities = [person(text, "e1", "Mary Smith", 0), person(text, "e2", "Anna Jones", 15)];
        let she = TextRange::new(text, 36, 39).expect("a range");
        let resolved = resolve_pronoun(text, &sentences, &entities, she).map(|(entity, _)| entity.id.as_str());
        assert_eq!(resolved, Some("e1"));
        // A word that is not a personal pronoun has no candidates.
        let word = TextRange::new(text, 0, 4).expect("a range");
        assert!(pronoun_candidates(text, &sentences, &entities, word, None).is_empty());
    }

    #[test]
    fn the_conjoined_features_copy_the_base_ones_under_the_pronouns_case() {
        assert!(FEATURES.iter().all(|name| FEATURES.iter().filter(|other| *other == name).count() == 1));
        let text = "John Smith thanked Paul Jones. His speech was short.";
        let sentences = hearsay_text::sentences(text);
        let entities = [person(text, "e1", "John Smith", 0), person(text, "e2", "Paul Jones", 19)];
        let his = TextRange::new(text, 31, 34).expect("a range");
        let candidates = pronoun_candidates(text, &sentences, &entities, his, None);
        assert_eq!(candidates.len(), 2);
        for candidate in &candidates {
            for name in CONJOINED {
                let base = candidate.features[at(name)];
                assert_eq!(candidate.features[at(&format!("case-possessive:{name}"))], base, "{name}");
                for case in ["subject", "object", "other"] {
                    assert_eq!(candidate.features[at(&format!("case-{case}:{name}"))], 0.0, "{case} {name}");
                }
            }
        }
        assert_eq!(candidates[1].features[at("case-possessive:nearest")], 1.0);
    }
}
