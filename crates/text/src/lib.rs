//! Byte spans into clean text, and the clean text's map back to the source it was cut from.
//!
//! Every annotation hearsay makes is a [`TextRange`] into a [`CleanText`]. A `CleanText` is built
//! once, by the `clean` stage, from pieces of a source text (copied runs) and a few inserted
//! characters (the newline that joins two paragraphs). Because every copied run remembers where it
//! came from, any range of clean text can be shown in the source with [`CleanText::source_range`].
//!
//! ```
//! use hearsay_text::{CleanTextBuilder, TextRange};
//!
//! let source = "Photo caption\nMoscow said on Sunday it would reply.";
//! let mut builder = CleanTextBuilder::new();
//! builder.push_source(source, 14..source.len());
//! let clean = builder.finish();
//! assert_eq!(clean.as_str(), "Moscow said on Sunday it would reply.");
//! let said = TextRange::find(clean.as_str(), "said").unwrap();
//! assert_eq!(clean.source_range(said), Some(21..25));
//! ```
#![warn(missing_docs)]

mod hash;
mod sentences;
mod sparse;
mod stopwords;
mod words;

pub use hash::{fnv1a, Fnv1a};
pub use sentences::sentences;
pub use sparse::sparse_dot;
pub use stopwords::{is_function_word, StopSet, StopWords, FUNCTION_WORDS};
pub use words::{contraction, word_runs, words, words_in, words_with, Split, Word, WordKind, CONTRACTING_PRONOUNS};

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a text, on char boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TextRange {
    /// First byte of the range.
    pub start: u32,
    /// One past the last byte of the range.
    pub end: u32,
}

impl TextRange {
    /// Makes a range, checking that it lies inside `text` on char boundaries.
    pub fn new(text: &str, start: usize, end: usize) -> Option<TextRange> {
        if start > end || end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return None;
        }
        Some(TextRange { start: u32::try_from(start).ok()?, end: u32::try_from(end).ok()? })
    }

    /// The range of the first occurrence of `needle` in `text`.
    pub fn find(text: &str, needle: &str) -> Option<TextRange> {
        let start = text.find(needle)?;
        TextRange::new(text, start, start + needle.len())
    }

    /// Start as `usize`.
    pub fn start(self) -> usize {
        self.start as usize
    }

    /// End as `usize`.
    pub fn end(self) -> usize {
        self.end as usize
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True for an empty range.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// As a `Range<usize>`.
    pub fn to_range(self) -> Range<usize> {
        self.start()..self.end()
    }

    /// True when the two ranges share at least one byte.
    pub fn overlaps(self, other: TextRange) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// True when `other` lies inside `self`.
    pub fn contains_range(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The text this range covers, or `""` when the range does not fit `text`.
    pub fn slice(self, text: &str) -> &str {
        text.get(self.to_range()).unwrap_or("")
    }
}

/// One run of clean text copied from the source: `len` bytes at `clean_start` came from
/// `source_start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Piece {
    /// Where the run starts in the clean text.
    pub clean_start: u32,
    /// Where the run starts in the source text.
    pub source_start: u32,
    /// Length of the run in bytes (the same in both texts).
    pub len: u32,
}

/// Clean text plus its alignment back to the source text it was cut from.
///
/// Bytes not covered by any [`Piece`] were inserted by cleaning (joining newlines).
/// A `CleanText` is never edited after it is built.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CleanText {
    text: String,
    pieces: Vec<Piece>,
}

impl CleanText {
    /// A clean text that is the whole source, unchanged.
    pub fn identity(source: &str) -> CleanText {
        let mut builder = CleanTextBuilder::new();
        builder.push_source(source, 0..source.len());
        builder.finish()
    }

    /// The clean text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length of the clean text in bytes.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// True for an empty text.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The copied runs, sorted by `clean_start`.
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// Maps a clean byte offset to the source. An offset inside inserted text maps to the end
    /// of the preceding run (or the start of the next one where there is none before).
    pub fn source_offset(&self, clean: u32) -> Option<u32> {
        if self.pieces.is_empty() {
            return None;
        }
        let idx = self.pieces.partition_point(|piece| piece.clean_start <= clean);
        if idx == 0 {
            return Some(self.pieces[0].source_start);
        }
        let piece = self.pieces[idx - 1];
        let delta = (clean - piece.clean_start).min(piece.len);
        Some(piece.source_start + delta)
    }

    /// Maps a range of clean text to the range of source text it came from.
    pub fn source_range(&self, range: TextRange) -> Option<Range<usize>> {
        let start = self.source_offset(range.start)?;
        let end = if range.is_empty() { start } else { self.source_offset(range.end - 1)? + 1 };
        Some(start as usize..(end.max(start)) as usize)
    }
}

/// Builds a [`CleanText`] from copied runs of a source text and inserted strings.
#[derive(Debug, Default)]
pub struct CleanTextBuilder {
    text: String,
    pieces: Vec<Piece>,
}

impl CleanTextBuilder {
    /// An empty builder.
    pub fn new() -> CleanTextBuilder {
        CleanTextBuilder::default()
    }

    /// Copies `source[range]` into the clean text and records where it came from.
    ///
    /// # Panics
    /// When `range` does not lie on char boundaries of `source` (a caller bug).
    pub fn push_source(&mut self, source: &str, range: Range<usize>) {
        let run = &source[range.clone()];
        if run.is_empty() {
            return;
        }
        let clean_start = to_u32(self.text.len());
        let source_start = to_u32(range.start);
        let len = to_u32(run.len());
        match self.pieces.last_mut() {
            // Adjacent runs merge, so an unchanged text is one piece.
            Some(last)
                if last.clean_start + last.len == clean_start && last.source_start + last.len == source_start =>
            {
                last.len += len;
            }
            _ => self.pieces.push(Piece { clean_start, source_start, len }),
        }
        self.text.push_str(run);
    }

    /// Appends text that is not in the source (a joining newline or space).
    pub fn push_inserted(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// The clean text built so far.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Removes trailing whitespace that was inserted or copied, keeping the map consistent.
    pub fn trim_end(&mut self) {
        let keep = self.text.trim_end().len();
        self.text.truncate(keep);
        let keep = to_u32(keep);
        while let Some(last) = self.pieces.last_mut() {
            if last.clean_start >= keep {
                self.pieces.pop();
            } else {
                last.len = last.len.min(keep - last.clean_start);
                break;
            }
        }
    }

    /// Finishes the text.
    pub fn finish(self) -> CleanText {
        CleanText { text: self.text, pieces: self.pieces }
    }
}

fn to_u32(value: usize) -> u32 {
    // Article texts are capped far below 4 GiB by the ingest limits.
    u32::try_from(value).expect("article text under 4 GiB")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_refuse_split_chars() {
        let text = "Iran’s envoy";
        assert!(TextRange::new(text, 0, 5).is_none(), "inside the curly apostrophe");
        assert_eq!(TextRange::new(text, 0, 4).map(|r| r.slice(text)), Some("Iran"));
    }

    #[test]
    fn joined_paragraphs_map_back_to_source() {
        let source = "Read more: elsewhere\nFirst para.\n\n\nSecond para.";
        let mut builder = CleanTextBuilder::new();
        let first = source.find("First").unwrap();
        builder.push_source(source, first..first + "First para.".len());
        builder.push_inserted("\n");
        let second = source.find("Second").unwrap();
        builder.push_source(source, second..source.len());
        let clean = builder.finish();
        assert_eq!(clean.as_str(), "First para.\nSecond para.");
        let range = TextRange::find(clean.as_str(), "Second para").unwrap();
        let mapped = clean.source_range(range).unwrap();
        assert_eq!(&source[mapped], "Second para");
        let across = TextRange::find(clean.as_str(), "para.\nSecond").unwrap();
        assert_eq!(&source[clean.source_range(across).unwrap()], "para.\n\n\nSecond");
    }

    #[test]
    fn identity_is_one_piece_and_round_trips_serde() {
        let clean = CleanText::identity("Sadr said so.");
        assert_eq!(clean.pieces().len(), 1);
        let json = serde_json::to_string(&clean).unwrap();
        assert_eq!(serde_json::from_str::<CleanText>(&json).unwrap(), clean);
    }

    #[test]
    fn trim_end_keeps_map_in_bounds() {
        let source = "Text here.   \n";
        let mut builder = CleanTextBuilder::new();
        builder.push_source(source, 0..source.len());
        builder.push_inserted("\n");
        builder.trim_end();
        let clean = builder.finish();
        assert_eq!(clean.as_str(), "Text here.");
        assert_eq!(clean.pieces()[0].len, 10);
    }
}
