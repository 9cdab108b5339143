//! Reading and writing the Fake News Challenge CSV format (`Headline,Body ID,Stance` and
//! `Body ID,articleBody`).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::Stance;

/// One headline paired with one article body, as a row of an FNC stances file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pair {
    pub headline: String,
    pub body_id: String,
    /// The gold label; `None` for test-style files without a `Stance` column.
    pub stance: Option<Stance>,
}

fn csv_reader(path: &Path) -> Result<csv::Reader<std::fs::File>> {
    let file = std::fs::File::open(path).map_err(|source| Error::Io {
        action: "opening",
        path: path.to_path_buf(),
        source,
    })?;
    Ok(csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(file))
}

fn column(headers: &csv::StringRecord, name: &str) -> Option<usize> {
    headers.iter().position(|h| h.trim().trim_start_matches('\u{feff}').eq_ignore_ascii_case(name))
}

/// Reads an FNC stances file and its bodies file. The stances file may lack the `Stance` column
/// (the competition's unlabelled test file); then every pair has `stance: None`.
pub fn read_fnc(stances_csv: &Path, bodies_csv: &Path) -> Result<(Vec<Pair>, BTreeMap<String, String>)> {
    let csv_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Csv { path: path.clone(), source }
    };
    let format_err = |path: &Path, reason: String| Error::Format { path: path.to_path_buf(), reason };

    let mut bodies = BTreeMap::new();
    let mut reader = csv_reader(bodies_csv)?;
    let headers = reader.headers().map_err(csv_err(bodies_csv))?.clone();
    let id_col = column(&headers, "Body ID").ok_or_else(|| format_err(bodies_csv, "no `Body ID` column".into()))?;
    let body_col =
        column(&headers, "articleBody").ok_or_else(|| format_err(bodies_csv, "no `articleBody` column".into()))?;
    for record in reader.records() {
        let record = record.map_err(csv_err(bodies_csv))?;
        let (Some(id), Some(body)) = (record.get(id_col), record.get(body_col)) else {
            return Err(format_err(bodies_csv, format!("short row at line {}", line_of(&record))));
        };
        bodies.insert(id.trim().to_string(), body.to_string());
    }

    let mut pairs = Vec::new();
    let mut reader = csv_reader(stances_csv)?;
    let headers = reader.headers().map_err(csv_err(stances_csv))?.clone();
    let head_col =
        column(&headers, "Headline").ok_or_else(|| format_err(stances_csv, "no `Headline` column".into()))?;
    let id_col = column(&headers, "Body ID").ok_or_else(|| format_err(stances_csv, "no `Body ID` column".into()))?;
    let stance_col = column(&headers, "Stance");
    for record in reader.records() {
        let record = record.map_err(csv_err(stances_csv))?;
        let (Some(headline), Some(id)) = (record.get(head_col), record.get(id_col)) else {
            return Err(format_err(stances_csv, format!("short row at line {}", line_of(&record))));
        };
        let stance = match stance_col.and_then(|c| record.get(c)) {
            Some(label) if !label.trim().is_empty() => Some(label.parse::<Stance>().map_err(|()| {
                format_err(stances_csv, format!("unknown stance {label:?} at line {}", line_of(&record)))
            })?),
            _ => None,
        };
        let body_id = id.trim().to_string();
        if !bodies.contains_key(&body_id) {
            return Err(format_err(
                stances_csv,
                format!("body id {body_id} at line {} is not in {}", line_of(&record), bodies_csv.display()),
            ));
        }
        pairs.push(Pair { headline: headline.to_string(), body_id, stance });
    }
    Ok((pairs, bodies))
}

/// Reads Emergent (`claimId,claimHeadline,...,articleId,articleHeadline,articleHeadlineStance,...`)
/// as pairs of the claim's headline with an article's headline: the bodies are the article
/// headlines (keyed by article id); for, against and observing read as agree, disagree and
/// discuss. Rows of another stance or without a headline are skipped.
pub fn read_emergent(csv_path: &Path) -> Result<(Vec<Pair>, BTreeMap<String, String>)> {
    let csv_err = |source| Error::Csv { path: csv_path.to_path_buf(), source };
    let format_err = |reason: String| Error::Format { path: csv_path.to_path_buf(), reason };
    let mut reader = csv_reader(csv_path)?;
    let headers = reader.headers().map_err(csv_err)?.clone();
    let col = |name: &str| column(&headers, name).ok_or_else(|| format_err(format!("no `{name}` column")));
    let (claim_col, article_col, headline_col, stance_col) =
        (col("claimHeadline")?, col("articleId")?, col("articleHeadline")?, col("articleHeadlineStance")?);
    let mut pairs = Vec::new();
    let mut bodies = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(csv_err)?;
        let field = |i: usize| record.get(i).unwrap_or_default().trim();
        let stance = match field(stance_col) {
            "for" => Stance::Agree,
            "against" => Stance::Disagree,
            "observing" => Stance::Discuss,
            _ => continue,
        };
        let (claim, article, headline) = (field(claim_col), field(article_col), field(headline_col));
        if headline.is_empty() || claim.is_empty() {
            continue;
        }
        bodies.insert(article.to_string(), headline.to_string());
        pairs.push(Pair { headline: claim.to_string(), body_id: article.to_string(), stance: Some(stance) });
    }
    Ok((pairs, bodies))
}

fn line_of(record: &csv::StringRecord) -> u64 {
    record.position().map_or(0, |p| p.line())
}

/// Writes `Headline,Body ID,Stance` rows (with that header), CSV-quoted where a headline holds
/// commas, quotes or line breaks. `predicted[i]` is the label of `pairs[i]`.
pub fn write_fnc<W: Write>(pairs: &[Pair], predicted: &[Stance], writer: W) -> Result<()> {
    let mut out = csv::WriterBuilder::new().from_writer(writer);
    out.write_record(["Headline", "Body ID", "Stance"])?;
    for (pair, stance) in pairs.iter().zip(predicted) {
        out.write_record([pair.headline.as_str(), pair.body_id.as_str(), stance.as_str()])?;
    }
    out.flush().map_err(|e| Error::Write(e.into()))?;
    Ok(())
}
