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

/// Blocks of a plain-text article. Text hard-wrapped at a fixed width (wire copy, e-mail
/// newsletters: lines of 60-80 characters, paragraphs separated by blank lines) is read a
/// paragraph at a time, its lines joined by a space, so no sentence is cut by a newline; other
/// text is read a line at a time.
pub(crate) fn text_blocks(source: &str) -> Vec<Block> {
    if !is_hard_wrapped(source) {
        return line_blocks(source);
    }
    let mut blocks = Vec::new();
    let mut current = Block::default();
    for line in line_blocks_keeping_blanks(source) {
        match line {
            None => {
                if !current.is_empty() {
                    blocks.push(std::mem::take(&mut current));
                }
            }
            Some((line, bulleted)) => {
                if bulleted && !current.is_empty() {
                    blocks.push(std::mem::take(&mut current));
                }
                if !current.is_empty() {
                    current.push_inserted(" ");
                }
                for seg in line.segs {
                    if let Seg::Source(range) = seg {
                        current.push_source(source, range);
                    }
                }
            }
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

/// True when most lines run on into the next line at a similar width, and blank lines separate
/// paragraphs.
fn is_hard_wrapped(source: &str) -> bool {
    let lines: Vec<&str> = source.lines().map(str::trim_end).collect();
    let blank = lines.iter().filter(|l| l.trim().is_empty()).count();
    let non_blank = lines.len() - blank;
    if blank == 0 || non_blank < 4 {
        return false;
    }
    // Lines that run on into a next line: in wrapped text nearly all of them sit at the wrap width.
    let run_on: Vec<usize> = lines
        .windows(2)
        .filter(|pair| !pair[0].trim().is_empty() && !pair[1].trim().is_empty())
        .map(|pair| pair[0].chars().count())
        .collect();
    let at_width = run_on.iter().filter(|width| (40..=80).contains(*width)).count();
    run_on.len() >= 3 && at_width * 10 >= run_on.len() * 8
}

/// Each line as a one-run block with whether it carried a bullet, or `None` for a blank line.
fn line_blocks_keeping_blanks(source: &str) -> Vec<Option<(Block, bool)>> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in source.split_inclusive('\n') {
        let blocks = line_blocks(line);
        let bulleted = BULLETS.iter().any(|b| line.trim_start().starts_with(*b));
        match blocks.into_iter().next() {
            Some(mut block) => {
                for seg in &mut block.segs {
                    if let Seg::Source(range) = seg {
                        *range = range.start + start..range.end + start;
                    }
                }
                out.push(Some((block, bulleted)));
            }
            None => out.push(None),
        }
        start += line.len();
    }
    out
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

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let source = "Moscow rejects claims\n\nMOSCOW (Reuters) - Russia on Monday rejected claims that it had\nshared air-defence data with Israel, calling the report baseless and\npart of a campaign against it.\n\nThe foreign ministry said the allegations had no basis and that\nRussia valued its partnership with Iran, which was growing fast.\n\n- A bullet that stays apart\n";
        let blocks = text_blocks(source);
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Moscow rejects claims",
                "MOSCOW (Reuters) - Russia on Monday rejected claims that it had shared air-defence data with Israel, calling the report baseless and part of a campaign against it.",
                "The foreign ministry said the allegations had no basis and that Russia valued its partnership with Iran, which was growing fast.",
                "A bullet that stays apart",
            ]
        );
        for block in &blocks {
            for seg in &block.segs {
                if let Seg::Source(range) = seg {
                    assert!(block.text.contains(&source[range.clone()]));
                }
            }
        }
    }

    #[test]
    fn long_lines_are_not_hard_wrapped() {
        let source = "A headline\nFirst paragraph that is quite long and goes on well past eighty characters in one line.\nSecond.\n\n";
        assert!(!is_hard_wrapped(source));
    }
}
