//! The `claims` and `entities` tables: one row per claim and per entity of each article, with
//! the article's metadata repeated, written as CSV or Parquet.

use std::io::Write;
use std::sync::Arc;

use hearsay_schema::ExtractOutput;
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, Int32Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use serde::Serialize;

use crate::Result;

/// One row of the claims table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimRecord {
    /// Article id.
    pub article: String,
    /// Outlet.
    pub outlet: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// Claim id within the article (`c1`).
    pub claim: String,
    /// Who claims it.
    pub claimant: String,
    /// `person`, `organization`, `outlet` or `unnamed`.
    pub claimant_kind: String,
    /// The claimant's entity name, when linked.
    pub claimant_entity: Option<String>,
    /// Role given next to the name.
    pub role: Option<String>,
    /// Reporting cue as written.
    pub cue: String,
    /// `affirm` or `deny`.
    pub stance: String,
    /// Hedged.
    pub hedged: bool,
    /// Direct quote.
    pub direct: bool,
    /// Intermediaries, outermost first, joined by ` > `.
    pub via: Option<String>,
    /// What is claimed.
    pub content: String,
    /// Byte offset of the content in the article's clean text.
    pub content_start: i32,
    /// End byte offset of the content.
    pub content_end: i32,
    /// Sentence index of the cue.
    pub sentence: i32,
    /// When the claim was made, when known.
    pub time: Option<String>,
}

/// One row of the entities table: an entity of one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityRecord {
    /// Article id.
    pub article: String,
    /// Outlet.
    pub outlet: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Entity id within the article (`e1`).
    pub entity: String,
    /// Canonical name.
    pub name: String,
    /// `person`, `organization`, `location`, ...
    #[serde(rename = "type")]
    pub kind: String,
    /// Other names in the article, joined by `; `.
    pub aliases: Option<String>,
    /// Roles the article gives it, joined by `; `.
    pub roles: Option<String>,
    /// ISO 3166 alpha-3 country, when known.
    pub country: Option<String>,
    /// Number of mentions.
    pub mentions: i32,
    /// Claims it makes in the article.
    pub claims_made: i32,
}

/// The claims of all documents, in document then text order.
pub fn claim_rows(documents: &[ExtractOutput]) -> Vec<ClaimRecord> {
    let mut rows = Vec::new();
    for document in documents {
        let meta = &document.document;
        for claim in &document.claims {
            let entity = document.claimant_entity(claim);
            rows.push(ClaimRecord {
                article: meta.id.clone(),
                outlet: meta.outlet.clone(),
                published: meta.published.clone(),
                title: meta.title.clone(),
                claim: claim.id.clone(),
                claimant: claim.claimant.name.clone(),
                claimant_kind: claim.claimant.kind.name().to_owned(),
                claimant_entity: entity.map(|entity| entity.name.clone()),
                role: claim.role.clone(),
                cue: claim.cue.clone(),
                stance: claim.stance.name().to_owned(),
                hedged: claim.hedged,
                direct: claim.direct,
                via: (!claim.via.is_empty())
                    .then(|| claim.via.iter().map(|via| via.name.as_str()).collect::<Vec<_>>().join(" > ")),
                content: claim.content.clone(),
                content_start: to_i32(claim.content_span.start),
                content_end: to_i32(claim.content_span.end),
                sentence: to_i32(claim.sentence),
                time: claim.time.clone(),
            });
        }
    }
    rows
}

/// The entities of all documents, in document then entity order.
pub fn entity_rows(documents: &[ExtractOutput]) -> Vec<EntityRecord> {
    let mut rows = Vec::new();
    for document in documents {
        let meta = &document.document;
        for entity in &document.entities {
            let joined = |values: &[String]| (!values.is_empty()).then(|| values.join("; "));
            let claims_made = document
                .claims
                .iter()
                .filter(|claim| claim.claimant.entity.as_deref() == Some(entity.id.as_str()))
                .count();
            rows.push(EntityRecord {
                article: meta.id.clone(),
                outlet: meta.outlet.clone(),
                published: meta.published.clone(),
                entity: entity.id.clone(),
                name: entity.name.clone(),
                kind: entity.kind.name().to_owned(),
                aliases: joined(&entity.aliases),
                roles: joined(&entity.roles),
                country: entity.country.clone(),
                mentions: i32::try_from(entity.mentions.len()).unwrap_or(i32::MAX),
                claims_made: i32::try_from(claims_made).unwrap_or(i32::MAX),
            });
        }
    }
    rows
}

fn to_i32(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}

/// Writes rows as CSV with a header line (written even when there are no rows).
pub fn write_csv<R: Serialize + Tabular>(rows: &[R], out: impl Write) -> Result<()> {
    let mut writer = csv::WriterBuilder::new().has_headers(false).from_writer(out);
    writer.write_record(R::COLUMNS.iter().map(|(name, _)| *name))?;
    for row in rows {
        writer.serialize(row)?;
    }
    writer.flush()?;
    Ok(())
}

/// A row type with a fixed list of columns: name and Parquet type.
pub trait Tabular {
    /// Column names and kinds, in field order.
    const COLUMNS: &'static [(&'static str, Column)];
    /// The value of column `index` of this row.
    fn value(&self, index: usize) -> Value<'_>;
}

/// The kind of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// UTF-8 text, never null.
    Text,
    /// UTF-8 text or null.
    OptionalText,
    /// 32-bit integer.
    Int,
    /// Boolean.
    Bool,
}

/// One cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value<'a> {
    /// Text, or null.
    Text(Option<&'a str>),
    /// Integer.
    Int(i32),
    /// Boolean.
    Bool(bool),
}

impl Tabular for ClaimRecord {
    const COLUMNS: &'static [(&'static str, Column)] = &[
        ("article", Column::Text),
        ("outlet", Column::OptionalText),
        ("published", Column::OptionalText),
        ("title", Column::OptionalText),
        ("claim", Column::Text),
        ("claimant", Column::Text),
        ("claimant_kind", Column::Text),
        ("claimant_entity", Column::OptionalText),
        ("role", Column::OptionalText),
        ("cue", Column::Text),
        ("stance", Column::Text),
        ("hedged", Column::Bool),
        ("direct", Column::Bool),
        ("via", Column::OptionalText),
        ("content", Column::Text),
        ("content_start", Column::Int),
        ("content_end", Column::Int),
        ("sentence", Column::Int),
        ("time", Column::OptionalText),
    ];

    fn value(&self, index: usize) -> Value<'_> {
        match index {
            0 => Value::Text(Some(&self.article)),
            1 => Value::Text(self.outlet.as_deref()),
            2 => Value::Text(self.published.as_deref()),
            3 => Value::Text(self.title.as_deref()),
            4 => Value::Text(Some(&self.claim)),
            5 => Value::Text(Some(&self.claimant)),
            6 => Value::Text(Some(&self.claimant_kind)),
            7 => Value::Text(self.claimant_entity.as_deref()),
            8 => Value::Text(self.role.as_deref()),
            9 => Value::Text(Some(&self.cue)),
            10 => Value::Text(Some(&self.stance)),
            11 => Value::Bool(self.hedged),
            12 => Value::Bool(self.direct),
            13 => Value::Text(self.via.as_deref()),
            14 => Value::Text(Some(&self.content)),
            15 => Value::Int(self.content_start),
            16 => Value::Int(self.content_end),
            17 => Value::Int(self.sentence),
            _ => Value::Text(self.time.as_deref()),
        }
    }
}

impl Tabular for EntityRecord {
    const COLUMNS: &'static [(&'static str, Column)] = &[
        ("article", Column::Text),
        ("outlet", Column::OptionalText),
        ("published", Column::OptionalText),
        ("entity", Column::Text),
        ("name", Column::Text),
        ("type", Column::Text),
        ("aliases", Column::OptionalText),
        ("roles", Column::OptionalText),
        ("country", Column::OptionalText),
        ("mentions", Column::Int),
        ("claims_made", Column::Int),
    ];

    fn value(&self, index: usize) -> Value<'_> {
        match index {
            0 => Value::Text(Some(&self.article)),
            1 => Value::Text(self.outlet.as_deref()),
            2 => Value::Text(self.published.as_deref()),
            3 => Value::Text(Some(&self.entity)),
            4 => Value::Text(Some(&self.name)),
            5 => Value::Text(Some(&self.kind)),
            6 => Value::Text(self.aliases.as_deref()),
            7 => Value::Text(self.roles.as_deref()),
            8 => Value::Text(self.country.as_deref()),
            9 => Value::Int(self.mentions),
            _ => Value::Int(self.claims_made),
        }
    }
}

/// Writes rows as one Parquet file (one row group, uncompressed), table name `name`.
pub fn write_parquet<R: Tabular, W: Write + Send>(name: &str, rows: &[R], out: W) -> Result<()> {
    let fields: Vec<String> = R::COLUMNS
        .iter()
        .map(|(column, kind)| match kind {
            Column::Text => format!("REQUIRED BYTE_ARRAY {column} (UTF8);"),
            Column::OptionalText => format!("OPTIONAL BYTE_ARRAY {column} (UTF8);"),
            Column::Int => format!("REQUIRED INT32 {column};"),
            Column::Bool => format!("REQUIRED BOOLEAN {column};"),
        })
        .collect();
    let schema = Arc::new(parse_message_type(&format!("message {name} {{ {} }}", fields.join(" ")))?);
    let properties = Arc::new(WriterProperties::builder().set_created_by("hearsay export".to_owned()).build());
    let mut writer = SerializedFileWriter::new(out, schema, properties)?;
    let mut group = writer.next_row_group()?;
    let mut index = 0;
    while let Some(mut column) = group.next_column()? {
        match R::COLUMNS[index].1 {
            Column::Text | Column::OptionalText => {
                let mut values = Vec::with_capacity(rows.len());
                let mut levels = Vec::with_capacity(rows.len());
                for row in rows {
                    match row.value(index) {
                        Value::Text(Some(text)) => {
                            values.push(ByteArray::from(text.as_bytes().to_vec()));
                            levels.push(1);
                        }
                        _ => levels.push(0),
                    }
                }
                let optional = R::COLUMNS[index].1 == Column::OptionalText;
                column.typed::<ByteArrayType>().write_batch(&values, optional.then_some(levels.as_slice()), None)?;
            }
            Column::Int => {
                let values: Vec<i32> =
                    rows.iter().map(|row| if let Value::Int(value) = row.value(index) { value } else { 0 }).collect();
                column.typed::<Int32Type>().write_batch(&values, None, None)?;
            }
            Column::Bool => {
                let values: Vec<bool> = rows.iter().map(|row| matches!(row.value(index), Value::Bool(true))).collect();
                column.typed::<BoolType>().write_batch(&values, None, None)?;
            }
        }
        column.close()?;
        index += 1;
    }
    group.close()?;
    writer.close()?;
    Ok(())
}
