//! Recognition: capitalised runs and gazetteer names turned into candidate mentions, with their
//! kind read from titles, appositions, organisation heads and outlet cues.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MentionKind {
    Name,
    Pronoun,
    RoleNoun,
}

#[derive(Debug, Clone)]
pub(super) struct Cand {
    pub(super) start: usize,
    pub(super) end: usize,
    /// First and one-past-last token.
    pub(super) t0: usize,
    pub(super) t1: usize,
    pub(super) kind: EntityKind,
    /// Gazetteer canonical name when the gazetteer knows it.
    pub(super) gaz: Option<String>,
    pub(super) country: Option<String>,
    pub(super) role: Vec<String>,
    /// The gazetteer's role, used when the article gives none.
    pub(super) gaz_role: Option<String>,
    /// Strong evidence of the kind (title, apposition, head word, gazetteer).
    pub(super) sure: bool,
    pub(super) mkind: MentionKind,
    /// For role-noun mentions: the role noun, lower case ("envoy").
    pub(super) role_noun: String,
}

pub(super) fn word_is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

pub(super) fn iso3_country_names() -> &'static BTreeMap<String, String> {
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
        own = hearsay_text::sentences(text);
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
        if t0 == tl
            && toks[t0].initial
            && !matches!(entry.kind, GazKind::Country | GazKind::Capital | GazKind::Person)
            && is_common(&text[toks[t0].start..toks[t0].end])
        {
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
            let next_cap =
                j + 1 < n && toks[j + 1].kind == Tok::Word && word_is_cap(word(j + 1)) && !toks[j + 1].newline_before;
            if toks[j].kind == Tok::Word
                && matches!(w, "of" | "al" | "bin" | "ibn" | "de" | "von" | "van" | "der")
                && next_cap
            {
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
pub(super) fn process_run(
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
    if !whole_gaz
        && j - i >= 2
        && j - i <= 8
        && (sets().org_heads.contains(last) || sets().outlet_heads.contains(last) || head_of)
    {
        let mut s = i;
        // Only function words go: "Foreign" in a sentence-initial "Foreign Ministry" is part of the name.
        while s < j && (sets().stop.contains(word(s)) && !sets().titles.contains(word(s)) || word(s) == "of") {
            s += 1;
        }
        if j - s >= 2 {
            let kind = if sets().outlet_heads.contains(last) && !head_of {
                EntityKind::Outlet
            } else {
                EntityKind::Organization
            };
            let country =
                (s..j).find_map(|k| gaz_tok[k].and_then(|(_, _, e)| gazetteer().entries()[e].country.clone()));
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
                    // "Mr. Trump", "Rep. Schiff": an honorific alone is no role.
                    let honorific = te == ts + 1 && crate::settle::is_honorific(word(ts));
                    if c.kind == EntityKind::Person && !honorific {
                        c.role.insert(0, (ts..te).map(word).collect::<Vec<_>>().join(" "));
                    }
                }
                if c.kind == EntityKind::Person {
                    if c.country.is_none() {
                        c.country = pending_country.clone();
                    }
                    let found = [
                        role_before(text, toks, a, is_common),
                        apposition_before(text, toks, a, b),
                        apposition_after(text, toks, b),
                    ];
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
pub(super) fn unknown_segment(
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
    while s < e
        && (toks[s].initial && is_common(word(s)) || sets().stop.contains(word(s)) && !sets().titles.contains(word(s)))
    {
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
    if len > 6
        || len >= 2 && shouting
        || (s..e).any(|k| word(k).chars().any(|c| c.is_ascii_digit()))
        || (s..e).any(|k| toks[k].kind != Tok::Word)
    {
        return;
    }
    let mut role: Vec<String> = Vec::new();
    let mut sure = false;
    let mut kind = None;
    if let Some((a, b)) = title {
        let t: Vec<&str> = (a..b).map(word).filter(|w| *w != "of" && *w != "the").collect();
        let honorific = matches!(t.as_slice(), [one] if crate::settle::is_honorific(one));
        if !t.is_empty() && !honorific && !matches!(t.as_slice(), ["Mr." | "Mrs." | "Ms." | "Mr" | "Dr." | "Former"]) {
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
        role.iter()
            .find_map(|r| gazetteer().find(r).into_iter().find_map(|m| gazetteer().entries()[m.entry].country.clone()))
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
pub(super) fn role_before(text: &str, toks: &[Token], s: usize, is_common: &dyn Fn(&str) -> bool) -> Option<String> {
    let word = |k: usize| &text[toks[k].start..toks[k].end];
    if s == 0 || toks[s - 1].kind != Tok::Word || !sets().role_nouns.contains(word(s - 1)) {
        return None;
    }
    let mut a = s - 1;
    while a > 0 && toks[a - 1].kind == Tok::Word && word_is_cap(word(a - 1)) && !toks[a - 1].initial {
        a -= 1;
    }
    if a > 0
        && toks[a - 1].kind == Tok::Word
        && word_is_cap(word(a - 1))
        && toks[a - 1].initial
        && (sets().titles.contains(word(a - 1)) || !is_common(word(a - 1)))
    {
        a -= 1;
    }
    Some(norm_apostrophes(&text[toks[a].start..toks[s - 1].end]))
}

/// ", a member of Iran's Expediency Council appointed by ..." -> "a member of Iran's Expediency Council".
pub(super) fn apposition_after(text: &str, toks: &[Token], e: usize) -> Option<String> {
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
        if toks[k].kind == Tok::Punct && w != "-"
            || matches!(
                w,
                "appointed"
                    | "who"
                    | "which"
                    | "under"
                    | "said"
                    | "says"
                    | "and"
                    | "was"
                    | "is"
                    | "has"
                    | "had"
                    | "told"
                    | "since"
                    | "whose"
                    | "that"
            )
        {
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
pub(super) fn apposition_before(text: &str, toks: &[Token], s: usize, e: usize) -> Option<String> {
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
    let has_title = (a..end).any(|k| {
        sets().titles.contains(word(k)) && word(k) != "of" && word(k) != "the" || sets().role_nouns.contains(word(k))
    });
    if !has_title {
        return None;
    }
    Some(norm_apostrophes(&text[toks[a].start..toks[end - 1].end]))
}
