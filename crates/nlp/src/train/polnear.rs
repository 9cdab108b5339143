//! Readers of PolNeAR's brat standoff files: the annotated articles of a split, their gold cues,
//! and their attributions as byte-range fragments.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::ModelError;

/// The annotated articles of a PolNeAR split (`text/`, `attributions/`), in name order, as
/// `(name, text, brat annotations)`: one annotation file per article, the annotator whose id sorts
/// first, so doubly annotated articles count once.
pub(super) fn annotated_articles(split_dir: &Path) -> Result<Vec<(String, String, String)>, ModelError> {
    let ann_dir = split_dir.join("attributions");
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| ModelError::Io { path, source }
    };
    let mut files: BTreeMap<String, PathBuf> = BTreeMap::new();
    for entry in std::fs::read_dir(&ann_dir).map_err(io(&ann_dir))? {
        let path = entry.map_err(io(&ann_dir))?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("ann") {
            continue;
        }
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else { continue };
        let Some((article, _)) = stem.rsplit_once('_') else { continue };
        if files.get(article).is_none_or(|p| &path < p) {
            files.insert(article.to_owned(), path);
        }
    }
    if files.is_empty() {
        return Err(ModelError::Empty { path: split_dir.to_owned() });
    }
    let mut out = Vec::with_capacity(files.len());
    for (article, ann_path) in files {
        let text_path = split_dir.join("text").join(format!("{article}.txt"));
        let text = std::fs::read_to_string(&text_path).map_err(io(&text_path))?;
        let ann = std::fs::read_to_string(&ann_path).map_err(io(&ann_path))?;
        out.push((article, text, ann));
    }
    Ok(out)
}

/// The gold cue byte spans of each annotated article of a PolNeAR split (first annotator by id),
/// with the article text.
pub(super) fn gold_cues(split_dir: &Path) -> Result<Vec<(String, Vec<(usize, usize)>)>, ModelError> {
    let mut out = Vec::new();
    for (_, text, ann) in annotated_articles(split_dir)? {
        let mut char_to_byte: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        char_to_byte.push(text.len());
        let mut cues: Vec<(usize, usize)> = Vec::new();
        for line in ann.lines() {
            let mut cols = line.split('\t');
            let (Some(id), Some(info)) = (cols.next(), cols.next()) else { continue };
            if !id.starts_with('T') || !info.starts_with("Cue ") {
                continue;
            }
            for frag in info["Cue ".len()..].split(';') {
                let mut nums = frag.split_whitespace().filter_map(|n| n.parse::<usize>().ok());
                if let (Some(a), Some(b)) = (nums.next(), nums.next()) {
                    if a <= b && b < char_to_byte.len() {
                        cues.push((char_to_byte[a], char_to_byte[b]));
                    }
                }
            }
        }
        out.push((text, cues));
    }
    Ok(out)
}

/// One gold attribution's fragments (byte ranges).
#[derive(Debug, Clone, Default)]
pub(crate) struct Gold {
    pub(crate) source: Vec<(usize, usize)>,
    pub(crate) cue: Vec<(usize, usize)>,
    pub(crate) content: Vec<(usize, usize)>,
}

/// The annotated articles of a PolNeAR split (first annotator by id), as `(name, text, gold)`.
pub(crate) fn gold_split(split_dir: &Path) -> Result<Vec<(String, String, Vec<Gold>)>, ModelError> {
    let articles = annotated_articles(split_dir)?;
    Ok(articles
        .into_iter()
        .map(|(name, text, ann)| {
            let gold = parse_gold(&text, &ann);
            (name, text, gold)
        })
        .collect())
}

/// Brat standoff to attributions (character offsets become byte offsets).
fn parse_gold(text: &str, ann: &str) -> Vec<Gold> {
    let mut char_to_byte: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    char_to_byte.push(text.len());
    let mut spans: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
    let mut out = Vec::new();
    for line in ann.lines() {
        let mut cols = line.split('\t');
        let (Some(id), Some(info)) = (cols.next(), cols.next()) else { continue };
        if id.starts_with('T') {
            let Some((_, offsets)) = info.split_once(' ') else { continue };
            let mut frags = Vec::new();
            for frag in offsets.split(';') {
                let mut nums = frag.split_whitespace().filter_map(|n| n.parse::<usize>().ok());
                if let (Some(a), Some(b)) = (nums.next(), nums.next()) {
                    if a <= b && b < char_to_byte.len() {
                        frags.push((char_to_byte[a], char_to_byte[b]));
                    }
                }
            }
            spans.insert(id, frags);
        } else if id.starts_with('E') {
            let mut g = Gold::default();
            for arg in info.split_whitespace() {
                let Some((role, t)) = arg.split_once(':') else { continue };
                let frags = spans.get(t).cloned().unwrap_or_default();
                match role {
                    "Source" if g.source.is_empty() => g.source = frags,
                    "Cue" if g.cue.is_empty() => g.cue = frags,
                    "Content" if g.content.is_empty() => g.content = frags,
                    _ => {}
                }
            }
            if !g.cue.is_empty() {
                out.push(g);
            }
        }
    }
    out
}
