//! What every backend computes the same way, outside its database: checked id prefixes and
//! dates, the keys outlets and publications are compared by, the article JSON split from its
//! text columns, and how a `--db` value names a store.
//!
//! Both stores call these, so that a SQLite file and a PostgreSQL database given the same
//! articles accept the same queries and hold the same keys.

use std::path::Path;

use hearsay_article::{Article, Publication};

use crate::error::{Error, Result};

/// The shortest id prefix [`Backend::get`](crate::Backend::get) accepts: 6 hex digits, 16.7
/// million values, make a collision unlikely in a store of a few hundred thousand articles (and
/// an ambiguous prefix is reported, never guessed).
pub const MIN_ID_PREFIX: usize = 6;

/// The id prefix `id` names, lowercased, or why it names none. Hex digits sort below 'g', so
/// `[prefix, prefix + "g")` is exactly the ids with the prefix.
pub fn id_prefix(id: &str) -> Result<String> {
    let prefix = id.trim().to_ascii_lowercase();
    if prefix.len() < MIN_ID_PREFIX {
        return Err(Error::InvalidId { id: id.to_owned(), reason: "an id prefix needs at least 6 hex digits" });
    }
    if prefix.len() > 32 || !prefix.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        return Err(Error::InvalidId { id: id.to_owned(), reason: "ids are 32 hex digits" });
    }
    Ok(prefix)
}

/// Checks that a date filter is `YYYY-MM-DD`.
pub fn check_date(value: &str) -> Result<()> {
    let bytes = value.as_bytes();
    let shaped = bytes.len() == 10
        && bytes
            .iter()
            .enumerate()
            .all(|(i, byte)| if i == 4 || i == 7 { *byte == b'-' } else { byte.is_ascii_digit() });
    if shaped {
        Ok(())
    } else {
        Err(Error::InvalidDate { value: value.to_owned() })
    }
}

/// The upper bound of an `until` date filter: '~' sorts after 'T' and every digit, so the
/// whole day is in, whatever the time.
pub fn until_bound(until: &str) -> String {
    format!("{until}~")
}

/// The key outlets are compared by: Unicode lowercase, trimmed ("HUM News English" and
/// "hum news english " are one outlet).
pub fn outlet_key(outlet: &str) -> String {
    outlet.trim().to_lowercase()
}

/// The key a publication is stored under: its `at://` URI, or its lowercased name when it has
/// none, so that a later record of the same outlet replaces the earlier one.
pub fn publication_key(publication: &Publication) -> String {
    match &publication.at_uri {
        Some(at_uri) => at_uri.clone(),
        None => format!("name:{}", publication.name.to_lowercase()),
    }
}

/// The article as JSON without its two big strings (the source text and the clean text), which
/// have columns of their own; [`full_article`] puts them back.
pub fn slim_article_json(article: &Article) -> serde_json::Result<String> {
    let mut value = serde_json::to_value(article)?;
    if let Some(object) = value.as_object_mut() {
        object.remove("source_text");
        if let Some(text) = object.get_mut("text").and_then(serde_json::Value::as_object_mut) {
            text.remove("text");
        }
    }
    serde_json::to_string(&value)
}

/// Rebuilds an [`Article`] from its JSON and its text columns. A text the JSON kept (a backend
/// whose columns cannot hold it) wins over the column.
pub fn full_article(article_json: &str, source_text: String, clean_text: String) -> serde_json::Result<Article> {
    let mut value: serde_json::Value = serde_json::from_str(article_json)?;
    if let Some(object) = value.as_object_mut() {
        object.entry("source_text").or_insert(serde_json::Value::String(source_text));
        if let Some(text) = object.get_mut("text").and_then(serde_json::Value::as_object_mut) {
            text.entry("text").or_insert(serde_json::Value::String(clean_text));
        }
    }
    serde_json::from_value(value)
}

/// The name a proposition takes from one of its claim items (`c:{article}:{claim}`): its id when
/// that claim is its earliest stored member, else a name that redirects to it. The ledger's
/// propositions are named this way (`hearsay-ledger`'s `view.rs`; its tests check both agree).
pub fn proposition_name(claim_key: &str) -> String {
    let hash = blake3::hash(claim_key.as_bytes()).to_hex();
    format!("p-{}", &hash[..12])
}

/// Whether a ledger item key is a claim's, whose `same` edges make propositions.
pub fn is_claim_key(key: &str) -> bool {
    key.starts_with("c:")
}

/// True when `db` names a PostgreSQL server rather than a SQLite file.
pub fn is_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// The path a source row keeps for a file: the file's canonical absolute path when it exists, so
/// that `seeds`, `./seeds` and `/data/seeds` read twice are one source, not two; a URL or a path
/// that is not (or no longer) on this machine as given.
pub fn source_path(path: &str) -> std::borrow::Cow<'_, str> {
    if path.is_empty() || path.contains("://") {
        return std::borrow::Cow::Borrowed(path);
    }
    match std::fs::canonicalize(path).ok().and_then(|found| found.to_str().map(str::to_owned)) {
        Some(found) if found != path => std::borrow::Cow::Owned(found),
        _ => std::borrow::Cow::Borrowed(path),
    }
}

/// The store `db` names, for messages: a file path, or a server URL without its password.
pub fn describe(db: &Path) -> String {
    match db.to_str().filter(|db| is_url(db)) {
        Some(url) => redact(url),
        None => db.display().to_string(),
    }
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let (authority, tail) = rest.split_once('/').map_or((rest, None), |(authority, tail)| (authority, Some(tail)));
    let authority = match authority.rsplit_once('@') {
        Some((user_info, host)) => match user_info.split_once(':') {
            Some((user, _password)) => format!("{user}:***@{host}"),
            None => authority.to_owned(),
        },
        None => authority.to_owned(),
    };
    match tail {
        Some(tail) => format!("{scheme}://{authority}/{tail}"),
        None => format!("{scheme}://{authority}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_year_month_day() {
        assert!(check_date("2016-03-15").is_ok());
        for bad in ["2016-3-15", "15/03/2016", "2016-03-15T00:00:00Z", ""] {
            assert!(matches!(check_date(bad), Err(Error::InvalidDate { .. })), "{bad}");
        }
    }

    #[test]
    fn id_prefixes_are_hex_and_long_enough() {
        assert_eq!(id_prefix(" 3F2A9C ").expect("six hex digits"), "3f2a9c");
        assert!(matches!(id_prefix("3f2a9"), Err(Error::InvalidId { .. })));
        assert!(matches!(id_prefix("3f2a9z"), Err(Error::InvalidId { .. })));
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact("postgres://hearsay:secret@db:5432/news"), "postgres://hearsay:***@db:5432/news");
        assert_eq!(redact("postgres://hearsay@db/news"), "postgres://hearsay@db/news");
        assert_eq!(redact("postgresql://localhost"), "postgresql://localhost");
    }

    #[test]
    fn urls_are_told_from_files() {
        assert!(is_url("postgres://localhost/hearsay"));
        assert!(is_url("postgresql://localhost/hearsay"));
        assert!(!is_url("news.db"));
        assert_eq!(describe(Path::new("postgres://hearsay:secret@db/news")), "postgres://hearsay:***@db/news");
    }
}
