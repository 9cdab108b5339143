//! The claim's sentence-embedding similarity with every candidate the check reads, as a checker
//! with embeddings computes it ([`hearsay_ledger::check::lead_sentences`],
//! [`hearsay_ledger::check::embedding_similarity`]); each stored text embedded once, however
//! many claims it is a candidate of.

use std::collections::BTreeMap;
use std::path::Path;

use hearsay_ledger::check::{embedding_similarity, lead_sentences};
use hearsay_ledger::Embed;

use super::Assessments;

/// Per query, per offered candidate, the claim's similarity with it. With a cache `file`, read
/// from it when it is there and written to it otherwise.
pub(super) fn similarities(
    embedder: &dyn Embed,
    queries: &[String],
    assessments: &Assessments,
    file: Option<&Path>,
) -> Result<Vec<Vec<f32>>, String> {
    if let Some(cached) = file
        .and_then(|file| std::fs::read(file).ok())
        .and_then(|bytes| serde_json::from_slice::<Vec<Vec<f32>>>(&bytes).ok())
        .filter(|cached| cached.len() == queries.len())
    {
        return Ok(cached);
    }
    let mut sentence_vectors: BTreeMap<&str, Vec<Vec<f32>>> = BTreeMap::new();
    let n_documents = assessments.documents.len();
    for (done, (key, text)) in assessments.documents.iter().enumerate() {
        sentence_vectors.insert(key.as_str(), embedder.embed(&lead_sentences(text))?);
        if done % 250 == 0 {
            tracing::info!("embedding the stored texts' lead sentences: {done} of {n_documents}");
        }
    }
    let claims: Vec<&str> = queries.iter().map(String::as_str).collect();
    let claim_vectors = embedder.embed(&claims)?;
    let out: Vec<Vec<f32>> = assessments
        .offered
        .iter()
        .zip(&claim_vectors)
        .map(|(offered, claim)| {
            offered
                .iter()
                .map(|o| sentence_vectors.get(o.keys[0].as_str()).map_or(0.0, |s| embedding_similarity(claim, s)))
                .collect()
        })
        .collect();
    if let Some(file) = file {
        std::fs::write(file, serde_json::to_vec(&out).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    }
    Ok(out)
}
