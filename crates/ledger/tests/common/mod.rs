//! What the ledger's integration tests share: a real corpus (PolNeAR dev and the first FNC-1 bodies),
//! its annotations, and storing a batch of them.

use hearsay_article::Article;
use hearsay_nlp::{annotate, ExtractOptions};
use hearsay_store::Store;

/// PolNeAR dev (84 news articles of 2016 with outlets and dates) and the first `bodies` FNC-1 bodies.
pub(crate) fn corpus(bodies: usize) -> Option<Vec<Article>> {
    let data = hearsay_testdata::data()?;
    let mut articles = hearsay_testdata::polnear(&data, "dev");
    articles.extend(hearsay_testdata::bodies(&data, "stance/fnc1/train_bodies.csv").into_iter().take(bodies));
    Some(articles)
}

/// Each article's `hearsay.extract/1` layer, as stored.
pub(crate) fn annotations(articles: &[Article]) -> Vec<String> {
    articles
        .iter()
        .map(|article| serde_json::to_string(&annotate(article, &ExtractOptions::default())).unwrap())
        .collect()
}

/// Stores `articles` with their layers in one batch.
pub(crate) fn store_batch(store: &mut Store, articles: &[Article], jsons: &[String]) {
    store.insert_batch_annotated(articles, Some((hearsay_ledger::EXTRACT_SCHEMA, jsons)), None).unwrap();
}
