//! Markdown (a `site.standard.document`'s `textContent`) to paragraphs of plain text.
//!
//! HUM News English publishes `## **Preserving strategic independence**` headings and
//! `_Al Jazeera._` emphasis; the clean text wants "Preserving strategic independence" on its own
//! line and "Al Jazeera." inline. pulldown-cmark's offset iterator says where each text event lies
//! in the markdown, so every kept character is copied from the source and maps back to it. Markup
//! (`##`, `**`, `_`, link targets) is simply not copied.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::blocks::Block;

/// Paragraphs, headings, list items and code blocks of `markdown`, in order.
pub(crate) fn markdown_blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current = Block::default();
    let mut image_depth = 0usize;
    let flush = |current: &mut Block, blocks: &mut Vec<Block>| {
        let mut block = std::mem::take(current);
        block.trim(markdown);
        if !block.is_empty() {
            blocks.push(block);
        }
    };
    for (event, range) in Parser::new_ext(markdown, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            Event::Start(tag) if is_block(&tag) => {
                flush(&mut current, &mut blocks);
                current.heading = matches!(tag, Tag::Heading { .. });
            }
            Event::End(tag) if is_block_end(tag) => flush(&mut current, &mut blocks),
            // Alt text of an image is a caption, not article text.
            _ if image_depth > 0 => {}
            Event::Text(text) | Event::Code(text) => push_text(&mut current, markdown, &text, range),
            Event::SoftBreak => current.push_inserted(" "),
            Event::HardBreak => current.push_inserted(" "),
            Event::Rule | Event::Html(_) | Event::InlineHtml(_) => {}
            _ => {}
        }
    }
    flush(&mut current, &mut blocks);
    blocks
}

/// Copies a text event from the source where its text lies there verbatim (the usual case, and
/// the inside of `` `code` `` or an escape), else inserts it (an entity such as `&eacute;`).
fn push_text(block: &mut Block, source: &str, text: &str, range: std::ops::Range<usize>) {
    let Some(slice) = source.get(range.clone()) else {
        block.push_inserted(text);
        return;
    };
    if slice == text {
        block.push_source(source, range);
    } else if let Some(at) = slice.find(text) {
        let start = range.start + at;
        block.push_source(source, start..start + text.len());
    } else {
        block.push_inserted(text);
    }
}

fn is_block(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::CodeBlock(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::HtmlBlock
    )
}

fn is_block_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::HtmlBlock
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(markdown: &str) -> Vec<(String, bool)> {
        markdown_blocks(markdown).into_iter().map(|b| (b.text, b.heading)).collect()
    }

    #[test]
    fn headings_emphasis_and_links() {
        let md = "WEB DESK: Iran’s envoy spoke, according to _Al Jazeera._\n\n## **Preserving strategic independence**\n\nSee [the report](https://x.example/r) &amp; `code`.";
        assert_eq!(
            texts(md),
            [
                ("WEB DESK: Iran’s envoy spoke, according to Al Jazeera.".to_owned(), false),
                ("Preserving strategic independence".to_owned(), true),
                ("See the report & code.".to_owned(), false),
            ]
        );
    }

    #[test]
    fn every_copied_run_is_verbatim_source() {
        let md = "# Title\n\nA *b* c\nd \\* e ![alt text](x.png)\n\n- one\n- two\n\n> quoted";
        for block in markdown_blocks(md) {
            for seg in &block.segs {
                if let crate::blocks::Seg::Source(range) = seg {
                    assert!(block.text.contains(&md[range.clone()]));
                }
            }
            assert!(!block.text.contains("alt text"));
        }
        let all: Vec<String> = markdown_blocks(md).into_iter().map(|b| b.text).collect();
        assert_eq!(all, ["Title", "A b c d * e", "one", "two", "quoted"]);
    }
}
