//! Checks that what ARCHITECTURE.md promises about the layout holds: file docs, file sizes, crate layers,
//! no IO in the pure crates, and one place for the JSON wire shapes.
//!
//! Each check reads the source tree, so a promise that drifts from the code fails `cargo test`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask sits in the workspace root").to_path_buf()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if name != "target" && !name.starts_with('.') {
                rust_files(&path, out);
            }
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            out.push(path);
        }
    }
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root()).unwrap_or(path).display().to_string()
}

/// The workspace crates: folder name -> the `hearsay-*` crates it depends on (normal dependencies only).
fn crate_edges() -> BTreeMap<String, BTreeSet<String>> {
    let mut edges = BTreeMap::new();
    let mut dirs: Vec<PathBuf> =
        fs::read_dir(root().join("crates")).expect("crates/").flatten().map(|e| e.path()).collect();
    dirs.sort();
    for dir in dirs {
        let Ok(manifest) = fs::read_to_string(dir.join("Cargo.toml")) else { continue };
        let name = dir.file_name().expect("folder name").to_string_lossy().into_owned();
        let mut section = String::new();
        let mut deps = BTreeSet::new();
        for line in manifest.lines() {
            let line = line.trim();
            if line.starts_with('[') {
                section = line.to_owned();
                continue;
            }
            if section == "[dependencies]" {
                if let Some(dep) = line.strip_prefix("hearsay-") {
                    let dep: String = dep.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
                    deps.insert(dep);
                }
            }
        }
        edges.insert(name, deps);
    }
    edges
}

fn closure(edges: &BTreeMap<String, BTreeSet<String>>, start: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![start.to_owned()];
    while let Some(node) = stack.pop() {
        for dep in edges.get(&node).into_iter().flatten() {
            if seen.insert(dep.clone()) {
                stack.push(dep.clone());
            }
        }
    }
    seen
}

#[test]
fn every_rust_file_starts_with_a_module_doc() {
    let mut files = Vec::new();
    rust_files(&root().join("crates"), &mut files);
    rust_files(&root().join("xtask"), &mut files);
    rust_files(&root().join("fuzz/fuzz_targets"), &mut files);
    let missing: Vec<String> = files
        .iter()
        .filter(|path| {
            let text = fs::read_to_string(path).unwrap_or_default();
            !text.trim_start().starts_with("//!")
        })
        .map(|path| relative(path))
        .collect();
    assert!(missing.is_empty(), "files without a leading //! doc line: {missing:#?}");
}

#[test]
fn no_source_file_is_over_1200_lines() {
    let mut files = Vec::new();
    for dir in fs::read_dir(root().join("crates")).expect("crates/").flatten() {
        rust_files(&dir.path().join("src"), &mut files);
    }
    let long: Vec<String> = files
        .iter()
        .filter_map(|path| {
            let lines = fs::read_to_string(path).unwrap_or_default().lines().count();
            (lines > 1200).then(|| format!("{} ({lines} lines)", relative(path)))
        })
        .collect();
    assert!(long.is_empty(), "split these by stage: {long:#?}");
}

#[test]
fn ledger_export_and_query_read_claims_without_the_language_models() {
    let edges = crate_edges();
    for reader in ["ledger", "export", "query", "schema"] {
        let reached = closure(&edges, reader);
        for runtime in ["nlp", "embed"] {
            assert!(
                !reached.contains(runtime),
                "{reader} depends on {runtime} (through {reached:?}): read hearsay-schema instead"
            );
        }
    }
}

#[test]
fn crates_depend_only_on_inner_layers() {
    // The layers of ARCHITECTURE.md's code map, inner (0) to outer.
    let layer = |name: &str| -> Option<usize> {
        Some(match name {
            "text" | "embed" => 0,
            "article" | "syntax" => 1,
            "schema" => 2,
            "ingest" | "clean" | "nlp" | "link" | "stance" => 3,
            "store" => 4,
            "store-pg" | "ledger" | "query" => 5,
            "pipeline" => 6,
            "queue" | "follow" => 7,
            "server" | "export" | "eval" => 8,
            "cli" => 9,
            "testdata" => 10,
            _ => return None,
        })
    };
    let edges = crate_edges();
    let mut wrong = Vec::new();
    for (krate, deps) in &edges {
        let Some(outer) = layer(krate) else {
            wrong.push(format!("{krate} has no layer in this test and ARCHITECTURE.md"));
            continue;
        };
        for dep in deps {
            if layer(dep).is_none_or(|inner| inner >= outer) {
                wrong.push(format!("{krate} -> {dep}"));
            }
        }
    }
    assert!(wrong.is_empty(), "edges that point outwards: {wrong:#?}");
}

/// Source files of a crate's `src/`, less the trainers (`src/train/`, `src/train.rs`), which are
/// behind a `train` feature and read corpora from disk by design.
fn runtime_sources(krate: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    rust_files(&root().join("crates").join(krate).join("src"), &mut files);
    files.retain(|path| {
        let text = path.to_string_lossy();
        !text.contains("/src/train/") && !text.ends_with("/src/train.rs")
    });
    files
}

#[test]
fn the_pure_crates_do_no_io() {
    let io = ["std::fs", "fs::read", "fs::write", "File::open", "File::create", "std::env", "env::var", "std::net"];
    let mut found = Vec::new();
    for krate in ["text", "article", "schema", "nlp", "link", "syntax", "ledger", "export", "query"] {
        for path in runtime_sources(krate) {
            let text = fs::read_to_string(&path).unwrap_or_default();
            // Unit tests may read fixtures; only the code before `#[cfg(test)]` is runtime.
            let runtime = text.split("#[cfg(test)]").next().unwrap_or("");
            for call in io {
                if runtime.contains(call) {
                    found.push(format!("{}: {call}", relative(&path)));
                }
            }
        }
    }
    assert!(found.is_empty(), "IO in a crate ARCHITECTURE.md says does none: {found:#?}");
}

#[test]
fn only_the_wire_module_fixes_the_api_json() {
    let mut files = Vec::new();
    rust_files(&root().join("crates/server/src"), &mut files);
    let shapes: Vec<String> = files
        .iter()
        .filter(|path| !path.ends_with("wire.rs"))
        .filter(|path| {
            let text = fs::read_to_string(path).unwrap_or_default();
            text.lines().any(|line| line.trim_start().starts_with("#[derive") && line.contains("Serialize"))
        })
        .map(|path| relative(path))
        .collect();
    assert!(shapes.is_empty(), "JSON shapes outside crates/server/src/wire.rs: {shapes:?}");
}

/// Files outside `crates/text` that may still cut text into words or keep a word list named like
/// a stop-word list, each with why. Everything else uses `hearsay_text::{words, words_with,
/// word_runs}` and builds its stop words as a `hearsay_text::StopWords`.
const OWN_WORDS: &[(&str, &str)] = &[
    ("crates/eval/src/extraction.rs", "the benchmark's own `\\w+` words: the metric must not move with the pipeline"),
    ("crates/server/src/guard.rs", "search-query syntax (keeps `*` and `_`), not words"),
    ("crates/nlp/src/entities/words.rs", "`STOP`: capitalised words that open sentences but never names"),
    ("crates/nlp/src/attribution/rules/words.rs", "`NP_STOP`: words that end a source noun phrase, not stop words"),
];

/// Word cuts and stop-word lists made outside `crates/text`, in what ships (`crates/*/src`, tests aside).
#[test]
fn one_word_tokeniser_and_one_stop_word_list() {
    let mut files = Vec::new();
    rust_files(&root().join("crates"), &mut files);
    let stale: Vec<&str> = OWN_WORDS.iter().map(|(file, _)| *file).filter(|file| !root().join(file).exists()).collect();
    assert!(stale.is_empty(), "OWN_WORDS names files that are gone: {stale:?}");
    let mut found = Vec::new();
    for path in files {
        let name = relative(&path);
        let shipped = name.split('/').nth(2) == Some("src");
        if !shipped || name.starts_with("crates/text/") || OWN_WORDS.iter().any(|(file, _)| *file == name) {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap_or_default();
        let runtime = text.split("#[cfg(test)]").next().unwrap_or("");
        let char_loop = runtime.contains("char_indices()") || runtime.contains(".chars().peekable()");
        for (number, line) in runtime.lines().enumerate() {
            let splits = line.contains("split(|c: char| !") && line.contains("is_alphanumeric");
            let walks = char_loop && line.contains("c.is_alphanumeric()");
            let list = line.contains("const ")
                && line.contains(": &[&str]")
                && line.split(':').next().is_some_and(|head| head.to_uppercase().contains("STOP"));
            if splits || walks || list {
                found.push(format!("{name}:{}: {}", number + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "a word cut or stop-word list outside crates/text (use hearsay_text::words/word_runs and \
         StopWords, or add the file to OWN_WORDS with why): {found:#?}"
    );
}
