//! Within-article coreference: later mentions linked to earlier ones (surnames, spelling variants,
//! acronyms, pronouns and role nouns), and the entities that result, in order of first mention.

use super::*;

/// A spelling-tolerant key for given names: "Mohammad", "Mohammed", "Muhammad" agree.
pub(super) fn name_key(w: &str) -> String {
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
pub(super) struct Ent {
    pub(super) name: String,
    pub(super) kind: EntityKind,
    pub(super) gaz: bool,
    pub(super) aliases: BTreeSet<String>,
    pub(super) mentions: Vec<(usize, usize, usize)>, // (start, end, sentence)
    pub(super) roles: Vec<String>,
    pub(super) country: Option<String>,
    pub(super) first: usize,
    /// Words of the longest name.
    pub(super) words: Vec<String>,
    pub(super) gaz_role: Option<String>,
    /// Some mention carried a cue (or the gazetteer knows it).
    pub(super) sure: bool,
    /// 'm' or 'f' once a "he" or "she" resolved to it: a later "she" will not pick a "he".
    pub(super) gender: Option<char>,
}

pub(super) fn link(text: &str, toks: &[Token], n_sent: usize, cands: Vec<Cand>) -> Vec<Entity> {
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
            let bracketed = c.t0 >= 2
                && &text[toks[c.t0 - 1].start..toks[c.t0 - 1].end] == "("
                && s.len() >= 2
                && s.chars().all(|ch| ch.is_uppercase());
            if bracketed {
                found = cands[..ci]
                    .iter()
                    .rposition(|p| p.t1 + 1 == c.t0 && p.mkind == MentionKind::Name)
                    .and_then(|pi| assigned[pi]);
            }
            if found.is_none() {
                let persons: Vec<usize> = (0..ents.len())
                    .filter(|&x| {
                        ents[x].kind == EntityKind::Person
                            && ents[x].words.len() >= 2
                            && ents[x].words.last() == Some(&s)
                    })
                    .collect();
                let orgs: Vec<usize> = (0..ents.len())
                    .filter(|&x| {
                        matches!(ents[x].kind, EntityKind::Organization | EntityKind::Outlet)
                            && ents[x].words.len() >= 2
                            && ents[x].words[0] == s
                    })
                    .collect();
                found = match (persons.len(), orgs.len()) {
                    (1, 0) => Some(persons[0]),
                    (0, 1) => Some(orgs[0]),
                    // Several with that surname: the most recent before this mention.
                    (p, 0) if p > 1 => persons
                        .iter()
                        .copied()
                        .filter(|&x| ents[x].first < c.start)
                        .max_by_key(|&x| ents[x].mentions.last().map_or(0, |m| m.0)),
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
                .filter(|(x, _)| {
                    ents[*x].roles.iter().any(|r| {
                        let r = r.to_lowercase();
                        fits.iter().any(|f| r.contains(f))
                    })
                })
                .collect();
            if cands_fit.len() == 1 {
                Some(cands_fit[0].0)
            } else {
                None
            }
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
