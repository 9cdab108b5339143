//! `hearsay extract`: claims, entities and times of files, printed as `hearsay.extract/1` JSON.

use hearsay_article::Record;
use hearsay_ingest::{ErrorKind, Limits};

use crate::args::{ExtractArgs, OutputFormat};
use crate::{output, Outcome};

pub(crate) fn run(args: &ExtractArgs) -> anyhow::Result<Outcome> {
    let limits = Limits::default();
    let options = crate::embed::extract_options(args.include_narration, args.contextual)?;
    let mut failed = false;
    for entry in hearsay_ingest::walk(&args.paths) {
        let path = match entry {
            Ok(path) => path,
            Err(error) => {
                output::error(&format!("failed: {error}"));
                failed = true;
                continue;
            }
        };
        for record in hearsay_ingest::read_file(&path, &limits) {
            match record {
                Ok(Record::Article(raw)) => match hearsay_clean::clean(&raw) {
                    Ok(article) => {
                        let extracted = hearsay_nlp::annotate(&article, &options);
                        match args.format {
                            OutputFormat::Jsonl => output::json_line(&extracted)?,
                            OutputFormat::Pretty => output::line(&serde_json::to_string_pretty(&extracted)?)?,
                        }
                    }
                    Err(rejection) => {
                        output::error(&format!("failed: {}: {}", raw.source, rejection.message));
                        failed = true;
                    }
                },
                Ok(Record::Publication(_) | Record::Delete { .. }) => {}
                Err(error) if error.kind == ErrorKind::Skipped => {}
                Err(error) => {
                    output::error(&format!("failed: {error}"));
                    failed = true;
                }
            }
        }
    }
    Ok(if failed { Outcome::SomeFailed } else { Outcome::Success })
}
