//! Listings across the stored articles that the CLI and the API print alike: one line of
//! `hearsay entities --json` is one item of `GET /api/entities`.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::extract::EntityType;

/// One entity across the corpus: the entities of every article with the same name and type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityRow {
    /// The name.
    pub name: String,
    /// The type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Other names it goes by in those articles.
    pub aliases: BTreeSet<String>,
    /// Roles those articles give it.
    pub roles: BTreeSet<String>,
    /// Articles naming it.
    pub articles: usize,
    /// Mentions in all of them.
    pub mentions: usize,
    /// Claims it makes in them.
    pub claims_made: usize,
}
