//! The time stage: finds time expressions in news text and resolves them against the publish date.
//!
//! News dates events relative to the day the story ran: "said on Sunday", "last week", "in late
//! December", "the 12-day war in June". `find_times` finds such phrases and, given the publish
//! date, gives each an ISO value:
//!
//! * weekdays ("on Sunday", "late Thursday", "Tuesday night"): the most recent such day on or
//!   before the publish date, because news reports what happened; if the clause looks ahead
//!   ("will", "is expected to", "scheduled", "plans to" shortly before) or says "next", the first
//!   such day after it; "last Sunday" is the one strictly before;
//! * "yesterday", "today", "tonight", "tomorrow": the day;
//! * "last/this/next week": that Monday-Sunday week as an interval `YYYY-MM-DD/YYYY-MM-DD`;
//! * "last/this/next month", "last/this/next year": `YYYY-MM`, `YYYY`;
//! * "in June", "since December" (a month without a year): the most recent such month not after
//!   the publish month (a June story's "in June" is this June); "next June" is the coming one;
//! * "early/mid/late `<month>`": days 1-10, 11-20, 21-end of that month, as an interval;
//! * "N days/weeks/months/years ago": that day, the day N weeks back, that month, that year;
//! * explicit dates ("April 20, 2026", "20 April 2026", "2026-04-20", "November 2024", "in 2024"),
//!   and a day and month without a year ("on March 1"): the year putting it within six months of
//!   the publish date.
//!
//! Without a publish date, relative expressions get `value: None`; explicit years still resolve.
//! Phrases start at "on"/"in" when one introduces them ("on Sunday", "in late December").

use hearsay_text::{Split, TextRange};
use serde::{Deserialize, Serialize};

/// How precise a resolved value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    /// One day: `2026-04-19`.
    Day,
    /// A Monday-Sunday week: `2026-04-13/2026-04-19`.
    Week,
    /// Part of a month ("late December"): `2025-12-21/2025-12-31`.
    PartOfMonth,
    /// A month: `2025-12`.
    Month,
    /// A year: `2024`.
    Year,
}

/// One time expression.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeExpr {
    /// Where it is.
    pub range: TextRange,
    /// Its text.
    pub phrase: String,
    /// ISO date, month, year or interval; `None` when it cannot be resolved.
    pub value: Option<String>,
    /// How precise `value` is.
    pub granularity: Granularity,
}

// ---------------------------------------------------------------------------------------------
// Civil dates (proleptic Gregorian), as day numbers since 1970-01-01.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Date {
    y: i64,
    m: u32,
    d: u32,
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    Date { y: yoe + era * 400 + i64::from(m <= 2), m, d }
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    fn new(y: i64, m: u32, d: u32) -> Option<Date> {
        ((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)).then_some(Date { y, m, d })
    }
    fn days(self) -> i64 {
        days_from_civil(self.y, self.m, self.d)
    }
    /// 0 = Monday.
    fn weekday(self) -> i64 {
        (self.days() + 3).rem_euclid(7)
    }
    fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
    fn plus(self, n: i64) -> Date {
        civil_from_days(self.days() + n)
    }
}

fn month_iso(y: i64, m: u32) -> String {
    format!("{y:04}-{m:02}")
}

fn shift_month(y: i64, m: u32, by: i64) -> (i64, u32) {
    let idx = y * 12 + i64::from(m) - 1 + by;
    (idx.div_euclid(12), (idx.rem_euclid(12) + 1) as u32)
}

/// Publish date from `YYYY-MM-DD` or RFC 3339 (the date as written, whatever the offset).
fn parse_published(s: &str) -> Option<Date> {
    let s = s.trim();
    let y: i64 = s.get(0..4)?.parse().ok()?;
    if s.get(4..5)? != "-" || s.get(7..8)? != "-" {
        return None;
    }
    let m: u32 = s.get(5..7)?.parse().ok()?;
    let d: u32 = s.get(8..10)?.parse().ok()?;
    Date::new(y, m, d)
}

// ---------------------------------------------------------------------------------------------
// Words

const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

const WEEKDAYS: &[&str] = &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

const NUMBERS: &[(&str, i64)] = &[
    ("a", 1),
    ("an", 1),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("a few", 3),
    ("several", 3),
];

#[derive(Debug, Clone, Copy)]
struct W {
    start: usize,
    end: usize,
}

/// Runs of letters and digits and single other characters: the shared tokeniser's `Runs` cut.
fn words(text: &str) -> Vec<W> {
    hearsay_text::words_with(text, Split::Runs)
        .into_iter()
        .map(|w| W { start: w.range.start(), end: w.range.end() })
        .collect()
}

/// A month name written as a name: capitalised ("May", not the verb "may"), optionally "Sept.".
/// Whether a lowercase word names a month, in full or abbreviated ("april", "sept"): the time
/// stage's list, which attribution also reads (a time is no claimant).
pub(crate) fn is_month_word(lower: &str) -> bool {
    MONTHS.iter().any(|(n, _)| *n == lower)
}

fn month_of(w: &str) -> Option<u32> {
    if !w.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let l = w.to_lowercase();
    MONTHS.iter().find(|(n, _)| *n == l).map(|(_, m)| *m)
}

fn weekday_of(w: &str) -> Option<i64> {
    if !w.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let l = w.to_lowercase();
    WEEKDAYS.iter().position(|d| *d == l).map(|p| p as i64)
}

fn year_of(w: &str) -> Option<i64> {
    if w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()) {
        let y: i64 = w.parse().ok()?;
        return (1900..=2100).contains(&y).then_some(y);
    }
    None
}

fn day_of(w: &str) -> Option<u32> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    if digits.is_empty()
        || digits.len() > 2
        || !digits.chars().all(|c| c.is_ascii_digit())
        || !matches!(suffix, "" | "st" | "nd" | "rd" | "th")
    {
        return None;
    }
    let d: u32 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

/// Finds time expressions in `text` and resolves them against `published` (see the module doc).
pub fn find_times(text: &str, published: Option<&str>) -> Vec<TimeExpr> {
    let pubd = published.and_then(parse_published);
    let ws = words(text);
    let w = |i: usize| ws.get(i).map_or("", |x| &text[x.start..x.end]);
    let lw = |i: usize| w(i).to_ascii_lowercase();
    let mut out: Vec<TimeExpr> = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let Some((len, value, gran)) = match_at(text, &ws, i, pubd) else {
            i += 1;
            continue;
        };
        // Take the introducing "on"/"in" into the phrase.
        let mut first = i;
        // "on Sunday", "in June"; but "in Tuesday's primary" is no "in <time>".
        let intro = if i > 0 { lw(i - 1) } else { String::new() };
        let weekday = weekday_of(w(i)).is_some() || weekday_of(w(i + 1)).is_some() && lw(i) != "on";
        if intro == "on" || intro == "in" && !weekday {
            first = i - 1;
        }
        let (s, e) = (ws[first].start, ws[i + len - 1].end);
        if let Some(range) = TextRange::new(text, s, e) {
            out.push(TimeExpr { range, phrase: text[s..e].to_string(), value, granularity: gran });
        }
        i += len;
    }
    out
}

type Hit = (usize, Option<String>, Granularity);

/// The longest time expression starting at word `i`: (words used, value, granularity).
fn match_at(text: &str, ws: &[W], i: usize, pubd: Option<Date>) -> Option<Hit> {
    let w = |k: usize| ws.get(k).map_or("", |x| &text[x.start..x.end]);
    let lw = |k: usize| w(k).to_ascii_lowercase();
    let cur = lw(i);
    let prev = if i > 0 { lw(i - 1) } else { String::new() };

    // 2026-04-20
    if let Some(y) = year_of(w(i)) {
        if w(i + 1) == "-" && w(i + 3) == "-" && w(i + 2).len() == 2 && w(i + 4).len() == 2 {
            if let (Ok(m), Ok(d)) = (w(i + 2).parse::<u32>(), w(i + 4).parse::<u32>()) {
                if let Some(date) = Date::new(y, m, d) {
                    return Some((5, Some(date.iso()), Granularity::Day));
                }
            }
        }
        // "in 2024", "since 2019": a year after a preposition.
        if matches!(prev.as_str(), "in" | "since" | "until" | "by" | "from" | "during" | "of" | "before" | "after") {
            return Some((1, Some(format!("{y:04}")), Granularity::Year));
        }
    }

    // early/mid/late <Month> [year]
    if matches!(cur.as_str(), "early" | "mid" | "late") {
        let k = if w(i + 1) == "-" { i + 2 } else { i + 1 };
        if let Some(m) = month_of(w(k)) {
            let (used, year) = match year_of(w(k + 1)) {
                Some(y) => (k + 2 - i, Some(y)),
                None => (k + 1 - i, pubd.map(|p| recent_month_year(p, m))),
            };
            let value = year.map(|y| {
                let (a, b) = match cur.as_str() {
                    "early" => (1, 10),
                    "mid" => (11, 20),
                    _ => (21, days_in_month(y, m)),
                };
                format!("{}/{}", Date { y, m, d: a }.iso(), Date { y, m, d: b }.iso())
            });
            return Some((used, value, Granularity::PartOfMonth));
        }
        if let Some(wd) = weekday_of(w(k)) {
            // "late Thursday"
            let (used, v) = weekday_value(text, ws, i, k, wd, "", pubd);
            return Some((used + (k - i), v, Granularity::Day));
        }
    }

    // Month-first dates: "April 20, 2026", "April 20", "November 2024", "in June".
    if let Some(m) = month_of(w(i)) {
        // "May" and "March" are words too: a bare month needs a preposition before it.
        let abbreviated = matches!(
            w(i).to_ascii_lowercase().as_str(),
            "jan" | "feb" | "mar" | "apr" | "jun" | "jul" | "aug" | "sep" | "sept" | "oct" | "nov" | "dec"
        );
        let k = if abbreviated && w(i + 1) == "." { i + 2 } else { i + 1 };
        if let Some(d) = day_of(w(k)) {
            let mut used = k + 1 - i;
            let mut year = None;
            let yk = if w(k + 1) == "," { k + 2 } else { k + 1 };
            if let Some(y) = year_of(w(yk)) {
                year = Some(y);
                used = yk + 1 - i;
            }
            let y = year.or_else(|| pubd.map(|p| nearest_year(p, m, d)));
            let v = y.and_then(|y| Date::new(y, m, d)).map(Date::iso);
            return Some((used, v, Granularity::Day));
        }
        if let Some(y) = year_of(w(k)) {
            return Some((k + 1 - i, Some(month_iso(y, m)), Granularity::Month));
        }
        let lead = matches!(
            prev.as_str(),
            "in" | "since"
                | "until"
                | "by"
                | "from"
                | "during"
                | "last"
                | "next"
                | "this"
                | "of"
                | "through"
                | "before"
                | "after"
                | "early"
                | "mid"
                | "late"
        );
        if lead && !(m == 5 && w(i + 1).chars().next().is_some_and(char::is_lowercase) && prev != "in") {
            let v = pubd.map(|p| match prev.as_str() {
                "last" => {
                    let y = if m < p.m { p.y } else { p.y - 1 };
                    month_iso(y, m)
                }
                "next" => {
                    let y = if m > p.m { p.y } else { p.y + 1 };
                    month_iso(y, m)
                }
                "this" => month_iso(p.y, m),
                _ => month_iso(recent_month_year(p, m), m),
            });
            return Some((k - i, v, Granularity::Month));
        }
        return None;
    }

    // Day-first dates: "20 April", "20 April 2026".
    if let Some(d) = day_of(w(i)) {
        if let Some(m) = month_of(w(i + 1)) {
            if let Some(y) = year_of(w(i + 2)) {
                return Some((3, Date::new(y, m, d).map(Date::iso), Granularity::Day));
            }
            let v = pubd.and_then(|p| Date::new(nearest_year(p, m, d), m, d)).map(Date::iso);
            return Some((2, v, Granularity::Day));
        }
    }

    // Weekdays.
    if let Some(wd) = weekday_of(w(i)) {
        let (used, v) = weekday_value(text, ws, i, i, wd, "", pubd);
        return Some((used, v, Granularity::Day));
    }
    if matches!(cur.as_str(), "last" | "next" | "this") {
        if let Some(wd) = weekday_of(w(i + 1)) {
            let (used, v) = weekday_value(text, ws, i, i + 1, wd, &cur, pubd);
            return Some((used + 1, v, Granularity::Day));
        }
        let shift = match cur.as_str() {
            "last" => -1,
            "next" => 1,
            _ => 0,
        };
        // "ABC's This Week" is a programme, not a week.
        let title_case = w(i).starts_with(char::is_uppercase) && w(i + 1).starts_with(char::is_uppercase);
        match lw(i + 1).as_str() {
            "week" | "weekend" if !title_case => {
                let weekend = lw(i + 1) == "weekend";
                let v = pubd.map(|p| {
                    let monday = p.plus(-p.weekday() + 7 * shift);
                    if weekend {
                        format!("{}/{}", monday.plus(5).iso(), monday.plus(6).iso())
                    } else {
                        format!("{}/{}", monday.iso(), monday.plus(6).iso())
                    }
                });
                return Some((2, v, Granularity::Week));
            }
            "month" => {
                let v = pubd.map(|p| {
                    let (y, m) = shift_month(p.y, p.m, shift);
                    month_iso(y, m)
                });
                return Some((2, v, Granularity::Month));
            }
            "year" => {
                return Some((2, pubd.map(|p| format!("{:04}", p.y + shift)), Granularity::Year));
            }
            _ => {}
        }
    }

    // yesterday / today / tonight / tomorrow
    let day_shift = match cur.as_str() {
        "yesterday" => Some(-1),
        "today" | "tonight" => Some(0),
        "tomorrow" => Some(1),
        _ => None,
    };
    if let Some(sh) = day_shift {
        // "USA Today" is a newspaper.
        if cur == "today"
            && w(i).starts_with('T')
            && i > 0
            && w(i - 1).chars().next().is_some_and(char::is_uppercase)
            && !text[ws[i - 1].end..ws[i].start].contains('.')
        {
            return None;
        }
        return Some((1, pubd.map(|p| p.plus(sh).iso()), Granularity::Day));
    }

    // "three weeks ago"
    let (n, nlen) = if let Some((_, v)) = NUMBERS.iter().find(|(s, _)| *s == cur) {
        (Some(*v), 1)
    } else if let Ok(v) = cur.parse::<i64>() {
        (Some(v), 1)
    } else {
        (None, 0)
    };
    if let Some(n) = n {
        if n > 0 && n < 1000 && lw(i + nlen + 1) == "ago" {
            let unit = lw(i + nlen);
            let unit = unit.trim_end_matches('s');
            let hit = match unit {
                "day" => Some((pubd.map(|p| p.plus(-n).iso()), Granularity::Day)),
                "week" => Some((pubd.map(|p| p.plus(-7 * n).iso()), Granularity::Week)),
                "month" => Some((
                    pubd.map(|p| {
                        let (y, m) = shift_month(p.y, p.m, -n);
                        month_iso(y, m)
                    }),
                    Granularity::Month,
                )),
                "year" => Some((pubd.map(|p| format!("{:04}", p.y - n)), Granularity::Year)),
                _ => None,
            };
            if let Some((v, g)) = hit {
                return Some((nlen + 2, v, g));
            }
        }
    }
    None
}

/// The year of the most recent `m` not after the publish month.
fn recent_month_year(p: Date, m: u32) -> i64 {
    if m <= p.m {
        p.y
    } else {
        p.y - 1
    }
}

/// The year putting `m`/`d` within six months of the publish date.
fn nearest_year(p: Date, m: u32, d: u32) -> i64 {
    let mut best = p.y;
    let mut best_gap = i64::MAX;
    for y in [p.y - 1, p.y, p.y + 1] {
        if let Some(date) = Date::new(y, m, d.min(days_in_month(y, m))) {
            let gap = (date.days() - p.days()).abs();
            if gap < best_gap {
                best = y;
                best_gap = gap;
            }
        }
    }
    best
}

/// Value of a weekday at word `k` (phrase from `i`); returns (words used from `k`, value).
fn weekday_value(
    text: &str,
    ws: &[W],
    i: usize,
    k: usize,
    wd: i64,
    which: &str,
    pubd: Option<Date>,
) -> (usize, Option<String>) {
    let w = |j: usize| ws.get(j).map_or("", |x| &text[x.start..x.end]);
    // "Tuesday night", "Sunday morning" belong to the phrase.
    let used = if matches!(w(k + 1).to_ascii_lowercase().as_str(), "night" | "morning" | "afternoon" | "evening") {
        2
    } else {
        1
    };
    let Some(p) = pubd else { return (used, None) };
    let back = (p.weekday() - wd).rem_euclid(7);
    let ahead = (wd - p.weekday()).rem_euclid(7);
    let date = match which {
        "last" => p.plus(-if back == 0 { 7 } else { back }),
        "next" => p.plus(if ahead == 0 { 7 } else { ahead }),
        "this" => p.plus(ahead),
        _ if looks_ahead(text, ws[i].start) => p.plus(ahead),
        _ => p.plus(-back),
    };
    (used, Some(date.iso()))
}

/// True when the clause before `at` speaks of the future ("will meet on Sunday").
fn looks_ahead(text: &str, at: usize) -> bool {
    let mut from = at.saturating_sub(80);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..at];
    let clause = before.rsplit(['.', '\n', ';']).next().unwrap_or(before);
    [
        " will ",
        "\u{2019}ll ",
        "'ll ",
        "scheduled",
        "expected to",
        "plans to",
        "planned for",
        "set to",
        " due to ",
        "upcoming",
    ]
    .iter()
    .any(|m| clause.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for z in [-1000, 0, 18_000, 20_563, 30_000] {
            let d = civil_from_days(z);
            assert_eq!(d.days(), z);
        }
        assert_eq!(Date { y: 2026, m: 4, d: 20 }.weekday(), 0, "2026-04-20 is a Monday");
    }
}
