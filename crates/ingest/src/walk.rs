//! Expands the paths given on a command line into the files under them, sorted.

use std::fs;
use std::path::{Path, PathBuf};

use crate::IngestError;

/// Lists the files under `paths`: a file as itself, a folder recursively.
///
/// Files under each folder come sorted by path, so two runs over the same tree read the same
/// files in the same order; the given paths keep their order. Hidden entries (a name starting
/// with `.`, such as `.git` or `.DS_Store`) inside folders are passed over, and links to folders
/// are not followed (a link loop would never end). A missing path or an unreadable folder is an
/// error naming it; the walk goes on with the rest.
pub fn walk(paths: &[PathBuf]) -> Vec<Result<PathBuf, IngestError>> {
    let mut out = Vec::new();
    for path in paths {
        match fs::metadata(path) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                out.push(Err(IngestError::Missing { path: path.clone() }))
            }
            Err(error) => out.push(Err(IngestError::Unreadable { path: path.clone(), source: error })),
            Ok(metadata) if metadata.is_dir() => {
                let mut found = Vec::new();
                walk_folder(path, &mut found);
                found.sort_by(|a, b| sort_key(a).cmp(sort_key(b)));
                out.extend(found);
            }
            Ok(_) => out.push(Ok(path.clone())),
        }
    }
    out
}

/// Files sort by path; an error sorts by the path it names.
fn sort_key(entry: &Result<PathBuf, IngestError>) -> &Path {
    match entry {
        Ok(path) | Err(IngestError::Missing { path } | IngestError::Unreadable { path, .. }) => path,
    }
}

fn walk_folder(folder: &Path, out: &mut Vec<Result<PathBuf, IngestError>>) {
    let entries = match fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(error) => {
            out.push(Err(IngestError::Unreadable { path: folder.to_path_buf(), source: error }));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                out.push(Err(IngestError::Unreadable { path: folder.to_path_buf(), source: error }));
                continue;
            }
        };
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let file_type = match entry.file_type() {
            Ok(file_type) => file_type,
            Err(error) => {
                out.push(Err(IngestError::Unreadable { path, source: error }));
                continue;
            }
        };
        if file_type.is_dir() {
            walk_folder(&path, out);
        } else if file_type.is_file() {
            out.push(Ok(path));
        } else if file_type.is_symlink() {
            match fs::metadata(&path) {
                Ok(metadata) if metadata.is_file() => out.push(Ok(path)),
                Ok(_) => {}
                Err(error) => out.push(Err(IngestError::Unreadable { path, source: error })),
            }
        }
    }
}
