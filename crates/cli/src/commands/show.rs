//! `hearsay show ID`: one stored article in full.

use std::path::Path;

use anyhow::bail;

use crate::args::ShowArgs;
use crate::{output, Outcome};

pub(crate) fn run(db: Option<&Path>, args: &ShowArgs) -> anyhow::Result<Outcome> {
    let store = super::open_backend(db)?;
    let Some(stored) = store.get(&args.id)? else {
        bail!("no article with id {} (try `hearsay list` or `hearsay search`)", args.id);
    };
    if args.json {
        output::json_line(&stored)?;
        return Ok(Outcome::Success);
    }
    let article = &stored.article;
    let meta = &article.metadata;
    output::line(&format!("id:        {}", article.id))?;
    for (label, value) in [
        ("title", meta.title.as_deref()),
        ("published", meta.published.as_deref()),
        ("outlet", meta.outlet.as_deref()),
        ("url", meta.url.as_deref()),
        ("language", meta.language.as_deref()),
        ("dateline", meta.dateline.as_deref()),
    ] {
        if let Some(value) = value {
            output::line(&format!("{:<10} {value}", format!("{label}:")))?;
        }
    }
    if !meta.authors.is_empty() {
        output::line(&format!("authors:   {}", meta.authors.join(", ")))?;
    }
    output::line(&format!("format:    {}", article.input.name()))?;
    for source in &stored.sources {
        output::line(&format!("source:    {source}"))?;
    }
    if let Some((original, similarity)) = &stored.copy_of {
        output::line(&format!("copy of:   {original} (similarity {similarity:.2})"))?;
    }
    for (copy, similarity) in
        stored.copies.iter().filter(|(id, _)| stored.copy_of.as_ref().is_none_or(|(original, _)| original != id))
    {
        output::line(&format!("copied by: {copy} (similarity {similarity:.2})"))?;
    }
    output::line("")?;
    output::line(article.text.as_str())?;
    if !article.removed.is_empty() {
        output::line("")?;
        output::line("removed:")?;
        for removal in &article.removed {
            output::line(&format!("  [{}] {}", removal.reason.name(), output::truncate(&removal.text, 100)))?;
        }
    }
    if !article.diagnostics.is_empty() {
        output::line("")?;
        output::line("diagnostics:")?;
        for diagnostic in &article.diagnostics {
            output::line(&format!("  {} {}", diagnostic.code, diagnostic.message))?;
        }
    }
    Ok(Outcome::Success)
}
