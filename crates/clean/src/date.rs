//! Publication dates in the forms news metadata uses, normalised to `YYYY-MM-DD` or
//! `YYYY-MM-DDTHH:MM:SSZ` (UTC).
//!
//! Seen in the wild: RFC 3339 with fractions (`2026-04-20T06:16:59.000Z`, AT Protocol), offsets
//! without a colon (`2024-05-01T10:00:00+0300`, many WordPress themes), RFC 2822 (RSS `pubDate`),
//! bare ISO dates, and prose dates in bylines ("April 20, 2026", "20 April 2026", "Apr. 20, 2026").

use std::sync::LazyLock;

use regex::Regex;
use time::format_description::well_known::Rfc2822;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?\s*$",
    )
    .expect("iso date pattern is valid")
});

static SLASHED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b").expect("slashed date pattern is valid"));

const MONTH: &str = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";

/// "April 20, 2026", "Apr. 20 2026", "Monday, April 20th, 2026".
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b{MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"))
        .expect("month-day-year pattern is valid")
});

/// "20 April 2026", "20th Apr, 2026".
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}\.?,?\s+(\d{{4}})\b"))
        .expect("day-month-year pattern is valid")
});

/// Normalises a date string, or `None` when it is not a date this understands.
pub fn normalize_date(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() || raw.len() > 200 {
        return None;
    }
    if let Some(caps) = ISO.captures(raw) {
        let date = date_from(num(&caps, 1)?, num(&caps, 2)?, num(&caps, 3)?)?;
        let Some(hour) = caps.get(4) else {
            return Some(format_date(date));
        };
        let hour: u8 = hour.as_str().parse().ok()?;
        let minute: u8 = caps.get(5)?.as_str().parse().ok()?;
        let second: u8 = caps.get(6).map_or(Some(0), |m| m.as_str().parse().ok())?;
        // Leap seconds ("23:59:60") are clamped rather than rejected.
        let time = Time::from_hms(hour, minute, second.min(59)).ok()?;
        let offset = match caps.get(7).map(|m| m.as_str()) {
            None | Some("Z" | "z" | "UTC" | "GMT") => UtcOffset::UTC,
            Some(offset) => parse_offset(offset)?,
        };
        let utc = PrimitiveDateTime::new(date, time).assume_offset(offset).to_offset(UtcOffset::UTC);
        return Some(format_datetime(utc));
    }
    if let Ok(parsed) = OffsetDateTime::parse(raw, &Rfc2822) {
        return Some(format_datetime(parsed.to_offset(UtcOffset::UTC)));
    }
    if let Some(caps) = SLASHED.captures(raw) {
        return date_from(num(&caps, 1)?, num(&caps, 2)?, num(&caps, 3)?).map(format_date);
    }
    if let Some(caps) = MONTH_DAY_YEAR.captures(raw) {
        let month = month_number(caps.get(1)?.as_str())?;
        return date_from(num(&caps, 3)?, month, num(&caps, 2)?).map(format_date);
    }
    if let Some(caps) = DAY_MONTH_YEAR.captures(raw) {
        let month = month_number(caps.get(2)?.as_str())?;
        return date_from(num(&caps, 3)?, month, num(&caps, 1)?).map(format_date);
    }
    None
}

fn num(caps: &regex::Captures<'_>, group: usize) -> Option<i32> {
    caps.get(group)?.as_str().parse().ok()
}

fn date_from(year: i32, month: i32, day: i32) -> Option<Date> {
    if !(1800..=2200).contains(&year) {
        return None;
    }
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()
}

fn month_number(name: &str) -> Option<i32> {
    let prefix = name.get(..3)?.to_ascii_lowercase();
    let index = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        .iter()
        .position(|m| *m == prefix)?;
    i32::try_from(index + 1).ok()
}

fn parse_offset(offset: &str) -> Option<UtcOffset> {
    let sign: i8 = if offset.starts_with('-') { -1 } else { 1 };
    let digits: String = offset[1..].chars().filter(char::is_ascii_digit).collect();
    let hours: i8 = digits.get(..2)?.parse().ok()?;
    let minutes: i8 = digits.get(2..4).map_or(Some(0), |m| m.parse().ok())?;
    UtcOffset::from_hms(sign * hours, sign * minutes, 0).ok()
}

fn format_date(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
}

fn format_datetime(at: OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

#[cfg(test)]
mod tests {
    use super::normalize_date;

    #[test]
    fn forms_seen_in_news_metadata() {
        let cases = [
            ("2026-04-20T06:16:59.000Z", "2026-04-20T06:16:59Z"),
            ("2026-04-20T09:16:59+03:00", "2026-04-20T06:16:59Z"),
            ("2024-05-01T10:00:00+0300", "2024-05-01T07:00:00Z"),
            ("2024-05-01 10:00", "2024-05-01T10:00:00Z"),
            ("2024-05-01", "2024-05-01"),
            ("2024/5/1", "2024-05-01"),
            ("Mon, 20 Apr 2026 06:16:59 +0000", "2026-04-20T06:16:59Z"),
            ("Mon, 20 Apr 2026 08:16:59 +0200", "2026-04-20T06:16:59Z"),
            ("April 20, 2026", "2026-04-20"),
            ("Published: Apr. 20 2026, 10:15 am", "2026-04-20"),
            ("20 April 2026", "2026-04-20"),
            ("Monday, 20th of April, 2026", "2026-04-20"),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize_date(raw).as_deref(), Some(want), "{raw}");
        }
    }

    #[test]
    fn non_dates_are_refused() {
        for raw in ["", "yesterday", "2026-13-01", "2026-02-30", "May be later", "0001-01-01"] {
            assert_eq!(normalize_date(raw), None, "{raw}");
        }
    }
}
