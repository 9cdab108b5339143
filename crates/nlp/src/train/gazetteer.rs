//! The gazetteer's TSV (`data/gazetteer.tsv`) built from the actor dictionaries: GeoNames country
//! info, the NGEC demonym table and the Phoenix actor dictionaries.
//!
//! Deterministic: rows sorted by canonical name, aliases sorted, so a rebuild gives the same bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::entities::gazetteer::GazKind;

/// What went wrong building the gazetteer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A dictionary file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A dictionary file had no usable rows.
    #[error("{path}: {reason}")]
    Format {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

/// Words that mark an organisation in a dictionary name.
const ORG_HEADS: &[&str] = &[
    "ARMY",
    "FORCES",
    "FORCE",
    "MINISTRY",
    "PARTY",
    "COUNCIL",
    "FRONT",
    "MOVEMENT",
    "GROUP",
    "ORGANIZATION",
    "ORGANISATION",
    "AGENCY",
    "COMMITTEE",
    "COURT",
    "POLICE",
    "GUARD",
    "GUARDS",
    "CORPS",
    "BANK",
    "UNION",
    "ASSEMBLY",
    "PARLIAMENT",
    "SENATE",
    "CONGRESS",
    "COMMISSION",
    "DEPARTMENT",
    "OFFICE",
    "INSTITUTE",
    "ASSOCIATION",
    "FOUNDATION",
    "UNIVERSITY",
    "COMPANY",
    "CORPORATION",
    "INC",
    "LTD",
    "BRIGADE",
    "BRIGADES",
    "ARMED",
    "NAVY",
    "GOVERNMENT",
    "CABINET",
    "MILITIA",
    "REBELS",
    "NATIONS",
    "LEAGUE",
    "ALLIANCE",
    "FUND",
    "PROGRAMME",
    "PROGRAM",
    "COALITION",
    "FEDERATION",
    "SERVICE",
    "SERVICES",
    "AUTHORITY",
    "BUREAU",
    "CENTER",
    "CENTRE",
    "BOARD",
    "SOCIETY",
    "NETWORK",
    "INTERNATIONAL",
    "AIRLINES",
    "INDUSTRIES",
    "TRIBUNAL",
    "ORGANIZATIONS",
    "COUNCILS",
    "PARTIES",
    "MISSION",
    "SECRETARIAT",
    "CONFERENCE",
    "REPUBLIC",
    "STATES",
    "TALIBAN",
    "QAEDA",
    "HAMAS",
    "HEZBOLLAH",
    "MILITARY",
    "CHURCH",
    "TRIBE",
    "CLAN",
    "COMMAND",
    "POLICE",
];

/// Words that make a dictionary "person" an office ("US_SECRETARY_OF_STATE").
const OFFICES: &[&str] = &[
    "SECRETARY",
    "MINISTER",
    "PRESIDENT",
    "SPOKESMAN",
    "AMBASSADOR",
    "OFFICIAL",
    "OFFICIALS",
    "LEADER",
    "CHIEF",
    "GOVERNMENT",
    "SPOKESPERSON",
    "ENVOY",
    "COMMANDER",
    "DIRECTOR",
    "HEAD",
    "MINISTRY",
    "OFFICE",
];

/// Lower-cased in names unless first: "Bashar al-Assad", "Ursula von der Leyen".
const PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "de", "del", "da", "di", "du", "van", "von", "der", "la", "le", "of", "the", "and",
    "for", "on", "in",
];

/// Leading honorifics and titles stripped from dictionary names.
const HONORIFICS: &[&str] = &[
    "HOJATOLISLAM",
    "HOJJATOLESLAM",
    "AYATOLLAH",
    "GRAND",
    "SAYYED",
    "SAYED",
    "SAYYID",
    "SHEIKH",
    "SHAIKH",
    "SHEIK",
    "IMAM",
    "MULLAH",
    "MAULANA",
    "GENERAL",
    "GEN.",
    "PRESIDENT",
    "PRIME",
    "MINISTER",
    "SECRETARY-GENERAL",
    "KING",
    "QUEEN",
    "PRINCE",
    "EMIR",
    "SULTAN",
    "DR.",
    "DR",
    "MR.",
    "MRS.",
    "SIR",
    "COLONEL",
    "MARSHAL",
    "FIELD",
];

/// Phoenix spelling: `HOJATOLISLAM_ALI_KHAMENEI_` -> "Hojatolislam Ali Khamenei".
fn display_name(raw: &str, acronyms: bool) -> Option<String> {
    let raw = raw.trim().trim_end_matches('_');
    let raw = raw.strip_prefix("THE_").unwrap_or(raw);
    if raw.is_empty() || raw.contains('!') || raw.contains('{') || raw.contains('~') {
        return None;
    }
    let mut words: Vec<&str> = raw.split(['_', ' ']).filter(|w| !w.is_empty()).collect();
    // Honorifics are not part of the name: "HOJATOLISLAM_SAYYED_ALI_KHAMENEI" is Ali Khamenei.
    while words.len() > 2 && HONORIFICS.contains(&words[0]) {
        words.remove(0);
    }
    let acronyms = acronyms && words.len() == 1;
    let mut out = String::new();
    for (wi, word) in words.into_iter().enumerate() {
        if wi > 0 {
            out.push(' ');
        }
        let lower = word.to_lowercase();
        let vowels = word.chars().filter(|c| "AEIOUY".contains(*c)).count();
        let is_acronym = matches!(word, "US" | "UK" | "UN" | "EU" | "USA" | "UAE")
            || word.contains('.') && word.len() <= 6
            || (acronyms && word.len() <= 5 && word.chars().all(|c| c.is_ascii_uppercase()))
            || (word.len() >= 2 && word.len() <= 4 && vowels == 0 && word.chars().all(|c| c.is_ascii_uppercase()));
        if is_acronym {
            out.push_str(word);
        } else if wi > 0 && PARTICLES.contains(&lower.as_str()) {
            out.push_str(&lower);
        } else {
            // Capitalise after start, hyphen, apostrophe; "MCCAIN" -> "McCain".
            let mut cap = true;
            let chars: Vec<char> = lower.chars().collect();
            for (ci, c) in chars.iter().enumerate() {
                if cap {
                    out.extend(c.to_uppercase());
                } else {
                    out.push(*c);
                }
                cap = matches!(c, '-' | '\'' | '.') || (ci == 1 && chars[0] == 'm' && *c == 'c' && chars.len() > 3);
                if wi > 0 && *c == '-' && (chars[..ci] == ['a', 'l'] || chars[..ci] == ['e', 'l']) {
                    // "AL-ASSAD" after a given name: "al-Assad".
                    let len = out.len();
                    out.replace_range(len - 3..len - 2, &chars[0].to_string());
                }
            }
        }
    }
    if out.chars().filter(|c| c.is_alphabetic()).count() < 2 {
        return None;
    }
    Some(out)
}

fn read(path: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    // Phoenix files carry a few Latin-1 bytes; keep what is valid.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[derive(Debug, Default)]
struct Row {
    kind: Option<GazKind>,
    country: String,
    role: String,
    aliases: BTreeSet<String>,
}

/// Reads a Phoenix `.actors.txt` block file: name lines, `+synonym` lines, `[CODE dates]` codes.
fn phoenix_blocks(text: &str) -> Vec<(String, Vec<String>, Vec<String>, String)> {
    // (name, synonyms, codes, comment)
    let mut out: Vec<(String, Vec<String>, Vec<String>, String)> = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (body, comment) = match line.find('#') {
            Some(i) => (&line[..i], line[i + 1..].trim().to_string()),
            None => (line, String::new()),
        };
        let mut codes: Vec<String> = Vec::new();
        let mut rest = body;
        while let (Some(a), Some(b)) = (rest.find('['), rest.find(']')) {
            if b < a {
                break;
            }
            codes.push(rest[a + 1..b].trim().to_string());
            rest = &rest[b + 1..];
        }
        let name_part = body.split('[').next().unwrap_or("").trim();
        if let Some(syn) = name_part.strip_prefix('+') {
            if let Some(last) = out.last_mut() {
                last.1.push(syn.trim().to_string());
                last.2.extend(codes);
            }
        } else if name_part.is_empty() || line.starts_with('\t') {
            if let Some(last) = out.last_mut() {
                last.2.extend(codes);
                if !comment.is_empty() && last.3.is_empty() {
                    last.3 = comment;
                }
            }
        } else {
            out.push((name_part.to_string(), Vec::new(), codes, comment));
        }
    }
    out
}

/// True when a Phoenix code is current: undated, open-ended, or ending in 2005 or later.
fn code_current(code: &str) -> bool {
    let Some(dates) = code.split_whitespace().nth(1) else { return true };
    if dates.starts_with('>') {
        return true;
    }
    let end = dates.rsplit(['-', '<']).next().unwrap_or("");
    let year: u32 = match end.len() {
        6 => end[..2].parse::<u32>().map(|y| if y < 40 { 2000 + y } else { 1900 + y }).unwrap_or(0),
        8 => end[..4].parse().unwrap_or(0),
        _ => return true,
    };
    year >= 2005
}

fn is_dated(code: &str) -> bool {
    code.split_whitespace().nth(1).is_some()
}

/// Builds the gazetteer TSV from the dictionaries folder (`geonames/`, `ngec/`, `phoenix/`).
///
/// Deterministic: rows sorted by canonical name, aliases sorted. Persons whose every dictionary
/// role ended before 2005 are dropped (the 2014 dictionaries are full of 1980s cabinet members
/// whose names now mostly collide with living people's).
pub fn gazetteer(dictionaries_dir: &Path) -> Result<String, Error> {
    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    let mut iso3_name: BTreeMap<String, String> = BTreeMap::new();

    // GeoNames: countries and capitals.
    let geo_path = dictionaries_dir.join("geonames/countryInfo.txt");
    let geo = read(&geo_path)?;
    for line in geo.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 6 || cols[1].len() != 3 {
            continue;
        }
        let (iso3, name, capital) = (cols[1], cols[4].trim(), cols[5].trim());
        iso3_name.insert(iso3.to_string(), name.to_string());
        let row = rows.entry(name.to_string()).or_default();
        row.kind = Some(GazKind::Country);
        row.country = iso3.to_string();
        if !capital.is_empty() {
            let cap = rows.entry(capital.to_string()).or_default();
            cap.kind = Some(GazKind::Capital);
            cap.country = iso3.to_string();
        }
    }
    if iso3_name.is_empty() {
        return Err(Error::Format { path: geo_path, reason: "no country rows".into() });
    }

    // NGEC: demonyms and other names of each country.
    let ngec_path = dictionaries_dir.join("ngec/countries.csv");
    let ngec = read(&ngec_path)?;
    for line in ngec.lines().skip(1) {
        let Some((head, quoted)) = line.split_once(",\"") else { continue };
        let cols: Vec<&str> = head.split(',').collect();
        if cols.len() < 3 {
            continue;
        }
        let Some(name) = iso3_name.get(cols[2]) else { continue };
        let row = rows.entry(name.clone()).or_default();
        if cols[1] != name {
            row.aliases.insert(cols[1].to_string());
        }
        for alias in quoted.trim_end_matches('"').split(',') {
            let alias = alias.trim();
            // Territories listed under their sovereign ("Guam" under the US) are places, not the state.
            let plural = alias.ends_with('s') && row.aliases.contains(&alias[..alias.len() - 1]);
            if alias.len() > 1 && !plural && !alias.contains('(') {
                row.aliases.insert(alias.to_string());
            }
        }
    }

    // Phoenix: people and organisations.
    let phoenix = [
        ("phoenix/Phoenix.Countries.actors.txt", false),
        ("phoenix/Phoenix.International.actors.txt", true),
        ("phoenix/Phoenix.MilNonState.actors.txt", true),
    ];
    for (file, orgs_file) in phoenix {
        let text = read(&dictionaries_dir.join(file))?;
        for (name, syns, codes, comment) in phoenix_blocks(&text) {
            // Country-level blocks ("AFGHANISTAN_ [AFG]") mix spellings with provinces: GeoNames covers them.
            if codes.iter().any(|c| c.len() == 3 && c.chars().all(|ch| ch.is_ascii_uppercase())) && !orgs_file {
                continue;
            }
            let words: Vec<&str> = name.trim_end_matches('_').split(['_', ' ']).filter(|w| !w.is_empty()).collect();
            let org_word = words.iter().any(|w| ORG_HEADS.contains(w));
            let dated = codes.iter().any(|c| is_dated(c));
            // "US_SECRETARY_OF_STATE" is an office, not a person.
            let office = words.iter().any(|w| OFFICES.contains(w));
            let person = !org_word
                && !office
                && (comment.contains("CountryInfo")
                    || comment.contains("IGOrulers")
                    || dated
                    || (!orgs_file && words.len() >= 2))
                && (2..=5).contains(&words.len());
            if person && !codes.is_empty() && !codes.iter().any(|c| code_current(c)) {
                continue;
            }
            let Some(display) = display_name(&name, !person) else { continue };
            // "21_JUNE" (a Greek group) would tag dates.
            if display.starts_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            let country =
                codes.iter().filter_map(|c| c.get(..3)).find(|c| iso3_name.contains_key(*c)).unwrap_or("").to_string();
            let role = if comment.contains(".txt")
                || comment.contains("Actors")
                || comment.contains(" 1")
                || comment.contains(" 2")
                || comment.len() > 40
                || !person
            {
                String::new()
            } else {
                comment.clone()
            };
            let row = rows.entry(display.clone()).or_default();
            if row.kind.is_some() && row.kind != Some(if person { GazKind::Person } else { GazKind::Organization }) {
                continue;
            }
            row.kind = Some(if person { GazKind::Person } else { GazKind::Organization });
            if row.country.is_empty() {
                row.country = country;
            }
            if row.role.is_empty() {
                row.role = role;
            }
            for s in syns {
                if let Some(a) = display_name(&s, !person).filter(|a| !a.starts_with(|c: char| c.is_ascii_digit())) {
                    // Titles glued to names ("AYATOLLAH_KHAMENEI") and lone words are kept only for
                    // organisations: a lone "Ali" or "Khan" would tag half the Muslim world.
                    if person && !a.contains(' ') {
                        continue;
                    }
                    row.aliases.insert(a);
                }
            }
        }
    }

    // An alias claimed by two rows names neither (unless one is a country or capital, which wins).
    let mut owners: BTreeMap<String, Vec<(u8, String)>> = BTreeMap::new();
    for (canon, row) in &rows {
        let Some(kind) = row.kind else { continue };
        for a in row.aliases.iter().chain(std::iter::once(canon)) {
            owners.entry(a.to_ascii_lowercase()).or_default().push((kind.priority(), canon.clone()));
        }
    }
    let mut out = String::from(
        "# generated by hearsay_nlp::gazetteer::build_gazetteer from shared/data/events/dictionaries; do not edit\n",
    );
    for (canon, row) in &rows {
        let Some(kind) = row.kind else { continue };
        let keep = |a: &String| {
            let o = &owners[&a.to_ascii_lowercase()];
            o.len() == 1 || o.iter().all(|(p, c)| *p > 1 || c == canon) && kind.priority() <= 1
        };
        if !keep(canon) && kind.priority() > 1 {
            continue;
        }
        let aliases: Vec<&str> = row.aliases.iter().filter(|a| *a != canon && keep(a)).map(String::as_str).collect();
        let _ = writeln!(out, "{canon}\t{}\t{}\t{}\t{}", kind.as_str(), row.country, row.role, aliases.join("|"));
    }
    Ok(out)
}
