//! `hearsay stats`: what the store holds.

use std::path::Path;

use crate::args::JsonFlag;
use crate::{output, Outcome};

pub(crate) fn run(db: Option<&Path>, args: &JsonFlag) -> anyhow::Result<Outcome> {
    let store = super::open_backend(db)?;
    let stats = store.stats()?;
    if args.json {
        output::json_line(&stats)?;
    } else {
        output::line(&serde_json::to_string_pretty(&stats)?)?;
    }
    Ok(Outcome::Success)
}
