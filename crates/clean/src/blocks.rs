//! Paragraphs of a source text as runs of source bytes, before any rule decides about them.
//!
//! A [`Block`] is one paragraph (a line of plain text, a markdown paragraph or heading, a line of
//! extracted HTML text). It keeps where every byte came from, so the clean text can be copied from
//! the source run by run and every removal can name the exact source span it dropped.

use std::ops::Range;

/// One run of a block: copied from the source, or inserted (a soft break's space, a decoded
/// entity that does not appear verbatim in the source).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    Source(Range<usize>),
    Inserted(String),
}

/// One paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Block {
    pub(crate) segs: Vec<Seg>,
    /// The block's text as it will appear in the clean text (before NFC).
    pub(crate) text: String,
    /// A heading (markdown `##`), kept as its own line.
    pub(crate) heading: bool,
}

impl Block {
    pub(crate) fn push_source(&mut self, source: &str, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        self.text.push_str(&source[range.clone()]);
        match self.segs.last_mut() {
            Some(Seg::Source(last)) if last.end == range.start => last.end = range.end,
            _ => self.segs.push(Seg::Source(range)),
        }
    }

    pub(crate) fn push_inserted(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.text.push_str(text);
        match self.segs.last_mut() {
            Some(Seg::Inserted(last)) => last.push_str(text),
            _ => self.segs.push(Seg::Inserted(text.to_owned())),
        }
    }

    /// Where the block lies in the source: from its first copied byte to its last.
    pub(crate) fn span(&self) -> Option<Range<usize>> {
        let mut sources = self.segs.iter().filter_map(|seg| match seg {
            Seg::Source(range) => Some(range),
            Seg::Inserted(_) => None,
        });
        let first = sources.next()?;
        let last = sources.next_back().unwrap_or(first);
        Some(first.start..last.end)
    }

    /// Drops whitespace at both ends, keeping runs and text in step.
    pub(crate) fn trim(&mut self, source: &str) {
        while let Some(first) = self.segs.first_mut() {
            match first {
                Seg::Source(range) => {
                    let slice = &source[range.clone()];
                    range.start += slice.len() - slice.trim_start().len();
                    if range.start >= range.end {
                        self.segs.remove(0);
                        continue;
                    }
                }
                Seg::Inserted(text) => {
                    let trimmed = text.trim_start().to_owned();
                    if trimmed.is_empty() {
                        self.segs.remove(0);
                        continue;
                    }
                    *text = trimmed;
                }
            }
            break;
        }
        while let Some(last) = self.segs.last_mut() {
            match last {
                Seg::Source(range) => {
                    range.end = range.start + source[range.clone()].trim_end().len();
                    if range.start >= range.end {
                        self.segs.pop();
                        continue;
                    }
                }
                Seg::Inserted(text) => {
                    let keep = text.trim_end().len();
                    text.truncate(keep);
                    if text.is_empty() {
                        self.segs.pop();
                        continue;
                    }
                }
            }
            break;
        }
        self.text = self
            .segs
            .iter()
            .map(|seg| match seg {
                Seg::Source(range) => &source[range.clone()],
                Seg::Inserted(text) => text.as_str(),
            })
            .collect();
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.segs.is_empty()
    }
}

/// List markers at the start of a plain-text line ("- ", "• "): layout, not words.
const BULLETS: &[&str] = &["- ", "• ", "* ", "– ", "· ", "▪ ", "● "];

/// One block per non-empty line, trimmed, with a leading bullet marker left out.
pub(crate) fn line_blocks(source: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut start = 0;
    for line in source.split_inclusive('\n') {
        let end = start + line.len();
        let content = line.trim();
        if !content.is_empty() {
            let mut from = start + (line.len() - line.trim_start().len());
            let mut to = from + content.len();
            if let Some(bullet) = BULLETS.iter().find(|b| content.starts_with(**b)) {
                from += bullet.len();
                from += source[from..to].len() - source[from..to].trim_start().len();
            }
            to = to.max(from);
            let mut block = Block::default();
            block.push_source(source, from..to);
            if !block.is_empty() {
                blocks.push(block);
            }
        }
        start = end;
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_trimmed_blocks_without_bullets() {
        let source = "Title here\r\n\n  - First point.\n• Second point.\nPlain.";
        let blocks = line_blocks(source);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Title here", "First point.", "Second point.", "Plain."]);
        for block in &blocks {
            let span = block.span().expect("copied");
            assert_eq!(&source[span], block.text);
        }
    }

    #[test]
    fn trim_keeps_runs_in_step() {
        let source = "  a b  ";
        let mut block = Block::default();
        block.push_inserted(" ");
        block.push_source(source, 0..source.len());
        block.push_inserted("  ");
        block.trim(source);
        assert_eq!(block.text, "a b");
        assert_eq!(block.segs, [Seg::Source(2..5)]);
    }
}
