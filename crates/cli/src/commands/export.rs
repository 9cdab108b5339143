//! `hearsay export`: the stored claims and entities in formats other tools read (docs/export.md).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use hearsay_export::schema_org::{Verdict, Verdicts};
use hearsay_export::table::{claim_rows, entity_rows, write_csv, write_parquet};
use hearsay_schema::SCHEMA;

use crate::args::{ExportArgs, ExportFormat};
use crate::{output, Outcome};

pub(crate) fn run(db: Option<&Path>, args: &ExportArgs) -> anyhow::Result<Outcome> {
    let store = super::open_backend(db)?;
    if args.format == ExportFormat::Jsonl {
        // The stored layers as they are, byte for byte: nothing is parsed, so nothing is left out.
        let stored = store.all_annotations(SCHEMA)?;
        write_single(args.out.as_deref(), |out| {
            for (_, json) in &stored {
                out.write_all(json.as_bytes())?;
                out.write_all(b"\n")?;
            }
            Ok(())
        })?;
        return Ok(Outcome::Success);
    }
    let (documents, outcome) = super::stored_documents(&*store, &hearsay_query::ArticleFilter::default())?;
    match args.format {
        // Written above, before anything was parsed.
        ExportFormat::Jsonl => {}
        ExportFormat::Csv | ExportFormat::Parquet => {
            let folder = args.out.clone().unwrap_or_else(|| PathBuf::from("."));
            std::fs::create_dir_all(&folder).with_context(|| format!("creating {}", folder.display()))?;
            let (claims, entities) = (claim_rows(&documents), entity_rows(&documents));
            let csv = args.format == ExportFormat::Csv;
            let extension = if csv { "csv" } else { "parquet" };
            for name in ["claims", "entities"] {
                let path = folder.join(format!("{name}.{extension}"));
                let mut file =
                    BufWriter::new(File::create(&path).with_context(|| format!("creating {}", path.display()))?);
                let written = match (csv, name) {
                    (true, "claims") => write_csv(&claims, &mut file),
                    (true, _) => write_csv(&entities, &mut file),
                    (false, "claims") => write_parquet("claims", &claims, &mut file),
                    (false, _) => write_parquet("entities", &entities, &mut file),
                };
                let written = written.map_err(anyhow::Error::from).and_then(|()| Ok(file.flush()?));
                written.with_context(|| format!("writing {}", path.display()))?;
            }
            output::error(&format!(
                "wrote {} claims and {} entities to {}",
                claims.len(),
                entities.len(),
                folder.display()
            ));
        }
        ExportFormat::Ftm => write_single(args.out.as_deref(), |out| {
            for entity in hearsay_export::ftm::entities(&documents) {
                serde_json::to_writer(&mut *out, &entity)?;
                out.write_all(b"\n")?;
            }
            Ok(())
        })?,
        ExportFormat::Claimreview => {
            let verdicts = match &args.verdicts {
                Some(path) => read_verdicts(path)?,
                None => Verdicts::new(),
            };
            let graph = hearsay_export::schema_org::graph(&documents, &verdicts);
            write_single(args.out.as_deref(), |out| {
                serde_json::to_writer_pretty(&mut *out, &graph)?;
                out.write_all(b"\n")?;
                Ok(())
            })?;
        }
        ExportFormat::Plover => write_single(args.out.as_deref(), |out| {
            for event in hearsay_export::plover::events(&documents) {
                serde_json::to_writer(&mut *out, &event)?;
                out.write_all(b"\n")?;
            }
            Ok(())
        })?,
    }
    Ok(outcome)
}

/// Writes one output to the file `out`, or to stdout.
fn write_single(out: Option<&Path>, write: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>) -> anyhow::Result<()> {
    match out {
        Some(path) => {
            let mut file = BufWriter::new(File::create(path).with_context(|| format!("creating {}", path.display()))?);
            write(&mut file).with_context(|| format!("writing {}", path.display()))?;
            file.flush().with_context(|| format!("writing {}", path.display()))?;
        }
        None => {
            let mut buffer = Vec::new();
            write(&mut buffer)?;
            output::raw(&buffer)?;
        }
    }
    Ok(())
}

/// Reads `article,claim,verdict[,reviewer[,url]]` rows (a header line is allowed).
fn read_verdicts(path: &Path) -> anyhow::Result<Verdicts> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .with_context(|| format!("opening {}", path.display()))?;
    let mut verdicts = Verdicts::new();
    for (line, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("reading {} line {}", path.display(), line + 1))?;
        let field =
            |index: usize| record.get(index).map(str::trim).filter(|value| !value.is_empty()).map(str::to_owned);
        let (Some(article), Some(claim), Some(rating)) = (field(0), field(1), field(2)) else {
            anyhow::bail!("{} line {}: expected article,claim,verdict", path.display(), line + 1);
        };
        if line == 0 && article.eq_ignore_ascii_case("article") {
            continue;
        }
        verdicts.insert((article.to_ascii_lowercase(), claim), Verdict { rating, reviewer: field(3), url: field(4) });
    }
    Ok(verdicts)
}
