//! `hearsay serve`: the HTTP API and web UI over the store, until Ctrl-C.

use std::path::Path;

use hearsay_server::ServerConfig;

use crate::args::ServeArgs;
use crate::{output, Outcome};

pub(crate) fn run(db: Option<&Path>, embeddings: bool, args: &ServeArgs) -> anyhow::Result<Outcome> {
    let path = db.map_or_else(hearsay_store::default_path, Path::to_path_buf);
    let mut config = ServerConfig::new(path.clone());
    config.token = args.token.clone().filter(|token| !token.is_empty());
    config.uploads.clone_from(&args.uploads);
    config.extract = crate::embed::extract_options(false, args.contextual)?;
    // `GET /api/check` decides with sentence embeddings when asked, or when the ledger was built with them.
    config.check_embedder = crate::embed::check_embedder(Some(super::open_backend(db)?.as_ref()), embeddings)?;
    // The server updates the ledger after each upload exactly as `hearsay ingest` does.
    config.update_ledger = std::sync::Arc::new(|store: &mut dyn hearsay_store::Backend| {
        super::ledger::update(store, false, true, false).map(|_| ())
    });
    if !args.addr.ip().is_loopback() {
        output::error(&format!(
            "warning: listening on {}: anyone who can reach this address can read the store",
            args.addr.ip()
        ));
    }
    if let Some(file) = &args.follow {
        super::follow::spawn_in_background(path.clone(), file.clone(), false)?;
    }
    let has_token = config.token.is_some();
    let location = hearsay_store::describe(&path);
    hearsay_server::run(config, args.addr, |bound| {
        let writes = if has_token { "writes need the token" } else { "writes open to anyone who can connect" };
        output::error(&format!("hearsay serving {} on http://{bound}/ ({writes}); Ctrl-C stops", location));
    })?;
    Ok(Outcome::Success)
}
