//! The name gazetteer: finding its names in text.
//!
//! `crate::train::gazetteer` (the `train` feature) turns GeoNames country info, the NGEC demonym
//! table and the Phoenix actor dictionaries into one compact TSV (`crates/nlp/data/gazetteer.tsv`,
//! committed). At run time that file and a small curated `supplement.tsv` (outlets and organisations the 2014 dictionaries
//! lack: Kayhan, Al Jazeera, Hezbollah's current spellings, the Kremlin as Russia...) are loaded
//! once into an Aho-Corasick automaton. Regenerate the TSV after changing the builder with
//! `cargo xtask train gazetteer`; `cargo test -p xtask` fails when the committed file is stale.
//!
//! TSV row: `canonical<TAB>type<TAB>country<TAB>role<TAB>alias1|alias2|...` where type is one of
//! `country`, `capital` (a capital or seat of government: it stands for its state), `place`,
//! `organization`, `outlet`, `person`; country is an ISO3 code or empty.
//!
//! Matching is ASCII-case-insensitive, then checked: every capital letter that starts a word of
//! the alias must be a capital in the text, and all-capital words (acronyms: "US", "NATO") must
//! match exactly, so "us" and "Nato-style" prose never become the United States or NATO, while
//! "IRAN" in a shouted headline is still Iran.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use hearsay_text::TextRange;

/// The kind of thing a gazetteer row names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GazKind {
    /// A sovereign state or territory.
    Country,
    /// A capital or seat of government that stands for its state ("Moscow", "the Kremlin").
    Capital,
    /// Another place (a region, a city that is not a capital).
    Place,
    /// An organisation.
    Organization,
    /// A news outlet.
    Outlet,
    /// A person.
    Person,
}

impl GazKind {
    fn parse(s: &str) -> Option<GazKind> {
        Some(match s {
            "country" => GazKind::Country,
            "capital" => GazKind::Capital,
            "place" => GazKind::Place,
            "organization" => GazKind::Organization,
            "outlet" => GazKind::Outlet,
            "person" => GazKind::Person,
            _ => return None,
        })
    }

    /// The type as the TSV writes it.
    #[cfg(feature = "train")]
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            GazKind::Country => "country",
            GazKind::Capital => "capital",
            GazKind::Place => "place",
            GazKind::Organization => "organization",
            GazKind::Outlet => "outlet",
            GazKind::Person => "person",
        }
    }

    /// Lower is stronger when two rows claim the same alias.
    #[cfg(feature = "train")]
    pub(crate) fn priority(self) -> u8 {
        match self {
            GazKind::Country => 0,
            GazKind::Capital => 1,
            GazKind::Outlet => 2,
            GazKind::Organization => 3,
            GazKind::Place => 4,
            GazKind::Person => 5,
        }
    }
}

/// One gazetteer row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GazEntry {
    /// Canonical name.
    pub canonical: String,
    /// What it is.
    pub kind: GazKind,
    /// ISO3 code of its country, where known.
    pub country: Option<String>,
    /// A role, where the dictionary gives one ("Supreme Leader").
    pub role: Option<String>,
    /// Other names (the canonical name is matched too).
    pub aliases: Vec<String>,
}

/// One gazetteer name found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GazMatch {
    /// Where.
    pub range: TextRange,
    /// Index into [`Gazetteer::entries`].
    pub entry: usize,
}

/// The loaded gazetteer with its automaton.
#[derive(Debug)]
pub struct Gazetteer {
    entries: Vec<GazEntry>,
    /// Per pattern: (entry index, the alias text as written in the gazetteer).
    patterns: Vec<(usize, String)>,
    automaton: AhoCorasick,
    /// Lower-cased first names of gazetteer persons: evidence that an unknown "Kazem Jalali" is a person.
    given_names: BTreeSet<String>,
}

/// The generated gazetteer (see [`build_gazetteer`]).
pub const GAZETTEER_TSV: &str = include_str!("../../data/gazetteer.tsv");
/// The curated supplement: current outlets, organisations, seats of government.
pub const SUPPLEMENT_TSV: &str = include_str!("../../data/supplement.tsv");

/// The built-in gazetteer (generated file plus supplement), loaded once.
pub fn gazetteer() -> &'static Gazetteer {
    static GAZ: OnceLock<Gazetteer> = OnceLock::new();
    GAZ.get_or_init(|| Gazetteer::from_tsv(&[SUPPLEMENT_TSV, GAZETTEER_TSV]))
}

/// Parses gazetteer TSV rows; malformed rows are skipped (the files are ours and tested).
pub fn parse_tsv(tsv: &str) -> Vec<GazEntry> {
    let mut out = Vec::new();
    for line in tsv.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 5 {
            continue;
        }
        let Some(kind) = GazKind::parse(cols[1]) else { continue };
        let opt = |s: &str| if s.is_empty() { None } else { Some(s.to_string()) };
        out.push(GazEntry {
            canonical: cols[0].to_string(),
            kind,
            country: opt(cols[2]),
            role: opt(cols[3]),
            aliases: cols[4].split('|').filter(|a| !a.is_empty()).map(str::to_string).collect(),
        });
    }
    out
}

impl Gazetteer {
    /// Builds the automaton from TSV texts; earlier texts win when they name the same alias.
    pub fn from_tsv(tsvs: &[&str]) -> Gazetteer {
        let mut entries = Vec::new();
        for tsv in tsvs {
            entries.extend(parse_tsv(tsv));
        }
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut patterns = Vec::new();
        let mut given_names = BTreeSet::new();
        for (i, e) in entries.iter().enumerate() {
            if e.kind == GazKind::Person {
                let words: Vec<&str> = e.canonical.split(' ').collect();
                if words.len() >= 2 && words[0].len() > 2 && !words[0].ends_with('.') {
                    given_names.insert(words[0].to_lowercase());
                }
            }
            for name in std::iter::once(&e.canonical).chain(e.aliases.iter()) {
                // One owner per alias, compared case-insensitively, so the automaton's answer is unique.
                if name.len() < 2 || !seen.insert(name.to_ascii_lowercase()) {
                    continue;
                }
                patterns.push((i, name.clone()));
            }
        }
        // Patterns and haystack are ASCII-lower-cased (same byte offsets) rather than asking the
        // automaton for case-insensitivity, which doubles its transitions and its build time.
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .build(patterns.iter().map(|(_, p)| p.to_ascii_lowercase()))
            .expect("gazetteer patterns are a few hundred thousand short strings");
        Gazetteer { entries, patterns, automaton, given_names }
    }

    /// All rows.
    pub fn entries(&self) -> &[GazEntry] {
        &self.entries
    }

    /// True when `word` (any case) is the first name of some gazetteer person.
    pub fn is_given_name(&self, word: &str) -> bool {
        self.given_names.contains(&word.to_lowercase())
    }

    /// The entry whose canonical name or alias is exactly `name` (case checked as in [`Gazetteer::find`]).
    pub fn lookup(&self, name: &str) -> Option<usize> {
        self.find(name).into_iter().find(|m| m.range.start() == 0 && m.range.end() == name.len()).map(|m| m.entry)
    }

    /// Gazetteer names in `text`: whole words only, case-checked, leftmost-longest, non-overlapping.
    pub fn find(&self, text: &str) -> Vec<GazMatch> {
        let bytes = text.as_bytes();
        let mut cands: Vec<(usize, usize, usize)> = Vec::new();
        let lower = text.to_ascii_lowercase();
        for m in self.automaton.find_overlapping_iter(&lower) {
            let (s, e) = (m.start(), m.end());
            let before = text[..s].chars().next_back().is_some_and(char::is_alphanumeric);
            let after = text[e..].chars().next().is_some_and(char::is_alphanumeric);
            if before || after {
                continue;
            }
            let (entry, alias) = &self.patterns[m.pattern().as_usize()];
            if !case_fits(alias.as_bytes(), &bytes[s..e]) {
                continue;
            }
            cands.push((s, e, *entry));
        }
        // Leftmost, then longest.
        cands.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out = Vec::new();
        let mut last_end = 0;
        for (s, e, entry) in cands {
            if s < last_end {
                continue;
            }
            if let Some(range) = TextRange::new(text, s, e) {
                out.push(GazMatch { range, entry });
                last_end = e;
            }
        }
        out
    }
}

/// Capitals that start alias words must be capitals in the text; acronym words must match exactly.
fn case_fits(alias: &[u8], surface: &[u8]) -> bool {
    let mut i = 0;
    while i < alias.len() {
        if !alias[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < alias.len() && (alias[j].is_ascii_alphanumeric() || alias[j] == b'.') {
            j += 1;
        }
        let word = &alias[i..j];
        let letters = word.iter().filter(|b| b.is_ascii_alphabetic()).count();
        let acronym = letters >= 2 && word.iter().all(|b| !b.is_ascii_lowercase());
        if acronym {
            if surface.get(i..j) != Some(word) {
                return false;
            }
        } else if alias[i].is_ascii_uppercase() && surface.get(i).is_none_or(|b| !b.is_ascii_uppercase()) {
            return false;
        }
        i = j.max(i + 1);
    }
    true
}
