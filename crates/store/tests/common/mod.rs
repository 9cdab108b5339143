//! Real articles for the store tests: PolNeAR texts with their metadata, FNC-1 bodies (loaded by
//! `hearsay-testdata`, shared with the other crates' tests).

#![allow(dead_code, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::Path;

use hearsay_article::Article;
pub(crate) use hearsay_testdata::{article, data, polnear};

/// FNC-1 training bodies by body id, as articles read from records of the CSV file.
pub(crate) fn fnc_bodies(data: &Path) -> BTreeMap<String, Article> {
    hearsay_testdata::bodies(data, "stance/fnc1/train_bodies.csv")
        .into_iter()
        .map(|article| {
            let id = article.source.member.as_deref().and_then(|m| m.strip_prefix("body ")).unwrap().to_owned();
            (id, article)
        })
        .collect()
}
