//! The questions asked of the stored claims, answered once for the CLI (`hearsay claims`,
//! `hearsay entities`, `hearsay export`) and the server (`crates/server/src/corpus.rs`).
//!
//! [`load`] reads the stored `hearsay.extract/1` layers through any [`Backend`], applying the
//! article filters the store can apply in SQL (outlet, dates) and the one policy for a layer that
//! does not parse ([`hearsay_schema::ParseError`]: left out, and listed in
//! [`Documents::unreadable`] for the caller to report). [`ClaimFilter`] selects claims;
//! [`entities`] merges the entities of many articles with the one merge key, [`EntityKey`].
//!
//! A crate of its own rather than a module of `store`: the store persists opaque layers and
//! knows no claim, and both stores (SQLite and PostgreSQL) are read through the same trait, so
//! the questions sit above them, beside the contract they read.
//!
//! ```
//! use hearsay_query::{entities, EntityFilter};
//! let rows = entities(&[], &EntityFilter::default());
//! assert!(rows.is_empty());
//! ```

use std::collections::BTreeMap;

use hearsay_schema::corpus::EntityRow;
use hearsay_schema::{ClaimOut, EntityOut, EntityType, ExtractOutput, ParseError, Stance, SCHEMA};
use hearsay_store::{Backend, ListFilter};

/// The stored layers that parsed, and those that did not.
#[derive(Debug, Default)]
pub struct Documents {
    /// Parsed layers, in the store's order (by article id).
    pub documents: Vec<ExtractOutput>,
    /// Layers left out because they do not parse, each naming its article.
    pub unreadable: Vec<ParseError>,
}

/// Which articles [`load`] reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleFilter {
    /// Only this outlet (any case); [`UNKNOWN_OUTLET`] is the articles that name none.
    pub outlet: Option<String>,
    /// Only articles published on or after this day (YYYY-MM-DD).
    pub since: Option<String>,
    /// Only articles published on or before this day (YYYY-MM-DD).
    pub until: Option<String>,
}

impl ArticleFilter {
    /// True when the document passes the filter.
    pub fn matches(&self, document: &ExtractOutput) -> bool {
        let meta = &document.document;
        matches_outlet(meta.outlet.as_deref(), self.outlet.as_deref())
            && in_dates(meta.published.as_deref(), self.since.as_deref(), self.until.as_deref())
    }
}

/// The outlet name shown for articles that name none.
pub const UNKNOWN_OUTLET: &str = "(unknown outlet)";

/// Reads every stored `hearsay.extract/1` layer of the articles that pass `filter`. Layers that
/// do not parse are returned in [`Documents::unreadable`]: the caller says so (it knows how).
///
/// The store narrows by outlet and dates in SQL where it can ([`Backend::annotations_where`]);
/// [`ArticleFilter::matches`] then decides, so both stores and every caller agree to the byte.
pub fn load(store: &dyn Backend, filter: &ArticleFilter) -> Result<Documents, hearsay_store::Error> {
    let stored = match sql_filter(filter) {
        Some(list_filter) => store.annotations_where(SCHEMA, &list_filter)?,
        None => store.all_annotations(SCHEMA)?,
    };
    let mut loaded = Documents::default();
    for (id, json) in stored {
        match hearsay_schema::parse(id.as_str(), &json) {
            Ok(document) if filter.matches(&document) => loaded.documents.push(document),
            Ok(_) => {}
            Err(error) => loaded.unreadable.push(error),
        }
    }
    Ok(loaded)
}

/// The part of `filter` the store can apply; `None` when it applies nothing.
fn sql_filter(filter: &ArticleFilter) -> Option<ListFilter> {
    // The store keys outlets by their trimmed lowercase name and compares whole dates; anything
    // it cannot compare the same way (no outlet, a partial date) is left to `matches`.
    let outlet = filter
        .outlet
        .clone()
        .filter(|outlet| !outlet.eq_ignore_ascii_case(UNKNOWN_OUTLET) && outlet.trim() == outlet && outlet.is_ascii());
    let whole_date = |date: &Option<String>| date.clone().filter(|date| is_date(date));
    let list_filter =
        ListFilter { outlet, since: whole_date(&filter.since), until: whole_date(&filter.until), limit: 0, offset: 0 };
    (list_filter.outlet.is_some() || list_filter.since.is_some() || list_filter.until.is_some()).then_some(list_filter)
}

fn is_date(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() })
}

/// Which claims to keep. Every condition given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClaimFilter {
    /// Claims whose content mentions this entity (name or alias) or contains these words.
    pub about: Option<String>,
    /// Claims made by this claimant (its name, or a name or alias of its entity; any case).
    pub by: Option<String>,
    /// Only this stance.
    pub stance: Option<Stance>,
    /// Only claims passed on through this intermediary (substring, any case).
    pub via: Option<String>,
}

impl ClaimFilter {
    /// True when `claim`, one of `document`'s, passes the filter.
    pub fn matches(&self, document: &ExtractOutput, claim: &ClaimOut) -> bool {
        self.stance.is_none_or(|stance| claim.stance == stance)
            && self.by.as_deref().is_none_or(|by| claim.made_by(&document.entities, by))
            && self.about.as_deref().is_none_or(|about| claim.is_about(&document.entities, about))
            && self.via.as_deref().is_none_or(|via| claim.passed_via(via))
    }

    /// The claims of `documents` that pass, with their documents, in document then text order.
    pub fn select<'a>(
        &'a self,
        documents: &'a [ExtractOutput],
    ) -> impl Iterator<Item = (&'a ExtractOutput, &'a ClaimOut)> + 'a {
        documents.iter().flat_map(move |document| {
            document
                .claims
                .iter()
                .filter(move |claim| self.matches(document, claim))
                .map(move |claim| (document, claim))
        })
    }
}

/// The one key entities of different articles are merged by: the name exactly as the entity
/// stage gives it (the gazetteer's canonical name, or the longest full name in the article),
/// and the type.
///
/// The type is part of the key because a name alone does not say which referent is meant:
/// "Georgia" the country and "Georgia" the US state, "Chelsea" the club and the place are
/// different rows, and each row has one type. Case is not folded: names are canonical
/// already, and a folded key would have to pick one spelling to show, which would then depend
/// on the order the articles were read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityKey {
    /// The name.
    pub name: String,
    /// The type.
    pub kind: EntityType,
}

impl EntityKey {
    /// The key of an article's entity.
    pub fn of(entity: &EntityOut) -> EntityKey {
        EntityKey { name: entity.name.clone(), kind: entity.kind }
    }
}

/// Which entities [`entities`] lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntityFilter {
    /// Only this type.
    pub kind: Option<EntityType>,
    /// Only entities with a name or alias containing this (any case).
    pub text: Option<String>,
}

/// The entities of `documents` merged by [`EntityKey`]: the most widely reported first, then
/// the most mentioned, then by name.
pub fn entities(documents: &[ExtractOutput], filter: &EntityFilter) -> Vec<EntityRow> {
    let mut rows: BTreeMap<EntityKey, EntityRow> = BTreeMap::new();
    for document in documents {
        for entity in &document.entities {
            if filter.kind.is_some_and(|kind| entity.kind != kind) {
                continue;
            }
            if filter.text.as_deref().is_some_and(|text| {
                !entity.names().any(|name| hearsay_schema::extract::contains_ignore_case(name, text))
            }) {
                continue;
            }
            let row = rows.entry(EntityKey::of(entity)).or_insert_with(|| EntityRow {
                name: entity.name.clone(),
                kind: entity.kind,
                aliases: Default::default(),
                roles: Default::default(),
                articles: 0,
                mentions: 0,
                claims_made: 0,
            });
            row.aliases.extend(entity.aliases.iter().filter(|alias| **alias != entity.name).cloned());
            row.roles.extend(entity.roles.iter().cloned());
            row.articles += 1;
            row.mentions += entity.mentions.len();
            row.claims_made += document
                .claims
                .iter()
                .filter(|claim| claim.claimant.entity.as_deref() == Some(entity.id.as_str()))
                .count();
        }
    }
    let mut rows: Vec<EntityRow> = rows.into_values().collect();
    rows.sort_by(|a, b| {
        b.articles
            .cmp(&a.articles)
            .then(b.mentions.cmp(&a.mentions))
            .then(a.name.cmp(&b.name))
            .then(a.kind.name().cmp(b.kind.name()))
    });
    rows
}

/// Distinct entities in `documents`, counted by [`EntityKey`]: the number of rows [`entities`]
/// lists without a filter.
pub fn entity_count(documents: &[ExtractOutput]) -> usize {
    let keys: std::collections::BTreeSet<EntityKey> =
        documents.iter().flat_map(|document| document.entities.iter().map(EntityKey::of)).collect();
    keys.len()
}

fn matches_outlet(outlet: Option<&str>, wanted: Option<&str>) -> bool {
    wanted.is_none_or(|wanted| outlet.unwrap_or(UNKNOWN_OUTLET).eq_ignore_ascii_case(wanted))
}

/// True when the publication day lies within the bounds; an undated article passes no bound.
fn in_dates(published: Option<&str>, since: Option<&str>, until: Option<&str>) -> bool {
    let day = published.map(|published| published.get(..10).unwrap_or(published));
    since.is_none_or(|since| day.is_some_and(|day| day >= since))
        && until.is_none_or(|until| day.is_some_and(|day| day <= until))
}
