//! Small helpers the evals share: a fixed hash for splits and orders, a scratch folder for a
//! temporary store, and the dot product of sparse vectors. One copy, so that two evals never
//! split or score differently by accident.

use std::path::PathBuf;

/// FNV-1a of a text: fixed pseudo-random folds, splits and orders that do not change from run to
/// run or from machine to machine (the standard library's hasher is seeded per process).
pub(crate) fn fnv(text: &str) -> u64 {
    hearsay_text::fnv1a(text.as_bytes())
}

/// A new empty folder under the system's temporary folder, named after the eval and unique in
/// this process; the caller removes it when done.
pub(crate) fn temporary_dir(eval: &str) -> std::io::Result<PathBuf> {
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("hearsay-eval-{eval}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// The root of `key` in a union-find kept as a map from each node to its parent (a node missing
/// from the map is its own root), compressing `key`'s path to the root.
pub(crate) fn find_root(parent: &mut std::collections::BTreeMap<String, String>, key: &str) -> String {
    let mut root = key.to_owned();
    while let Some(next) = parent.get(&root).filter(|next| **next != root) {
        root = next.clone();
    }
    parent.insert(key.to_owned(), root.clone());
    root
}
