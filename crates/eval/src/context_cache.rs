//! A disk cache of contextual vectors for the tuning examples (`attribution_tagger`,
//! `tune_layer`): encoding PolNeAR train takes minutes, reading it back a second.
//!
//! One file per article, named by an FNV-1a hash of its text: `pieces: u32`, then `pieces`
//! byte ranges as two `u32`s, then `pieces × DIM` values as `f32`; all little-endian.

use std::path::{Path, PathBuf};

use hearsay_nlp::attribution::Context;

/// The cache file of `text` in `dir`.
pub fn path(dir: &Path, text: &str) -> PathBuf {
    let key = hearsay_text::fnv1a(text.as_bytes());
    dir.join(format!("{key:016x}.bin"))
}

/// The vectors cached at `path` (taken after `layers` layers, the last one trained if `tuned`),
/// or `None` when there is no such file or it is cut short.
pub fn read(path: &Path, layers: usize, tuned: bool) -> Option<Context> {
    let bytes = std::fs::read(path).ok()?;
    let n = u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?) as usize;
    let words: Vec<u32> = bytes[4..].chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
    if words.len() < 2 * n {
        return None;
    }
    let spans = words[..2 * n].chunks_exact(2).map(|c| (c[0] as usize, c[1] as usize)).collect();
    let rows = words[2 * n..].iter().map(|&w| f32::from_bits(w)).collect();
    Some(Context { spans, rows, layers, tuned })
}

/// Writes `context` to `path`, making its folder.
///
/// # Errors
/// When the folder or the file cannot be written.
pub fn write(path: &Path, context: &Context) -> std::io::Result<()> {
    let mut bytes = (context.spans.len() as u32).to_le_bytes().to_vec();
    for &(a, b) in &context.spans {
        bytes.extend((a as u32).to_le_bytes());
        bytes.extend((b as u32).to_le_bytes());
    }
    for x in &context.rows {
        bytes.extend(x.to_le_bytes());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_come_back_as_written_and_a_cut_file_reads_as_missing() {
        let dir = std::env::temp_dir().join(format!("hearsay-context-cache-{}", std::process::id()));
        let text = "Iran denied it.";
        let rows: Vec<f32> = (0..2 * hearsay_embed::DIM).map(|i| i as f32 * 0.5).collect();
        let context = Context { spans: vec![(0, 4), (5, 11)], rows, layers: 3, tuned: true };
        let path = path(&dir, text);
        write(&path, &context).unwrap();
        assert_eq!(read(&path, 3, true), Some(context));
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..10]).unwrap();
        assert_eq!(read(&path, 3, true), None);
        assert_eq!(read(&dir.join("absent.bin"), 3, true), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
