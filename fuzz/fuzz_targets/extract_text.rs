//! Any UTF-8 text as an article's clean text through the extractor (sentences, attributions,
//! entities, time): no panic, and every claim's content span slices exactly its content.
#![no_main]

use hearsay_article::{Article, ArticleId, InputFormat, Metadata, SourceRef};
use hearsay_text::CleanText;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let article = Article {
        id: ArticleId::from_text(text),
        source: SourceRef::file("fuzz-input"),
        input: InputFormat::Text,
        metadata: Metadata { published: Some("2026-04-20".to_owned()), ..Metadata::default() },
        source_text: text.to_owned(),
        text: CleanText::identity(text),
        removed: Vec::new(),
        diagnostics: Vec::new(),
    };
    let output = hearsay_nlp::annotate(&article, &hearsay_nlp::ExtractOptions { include_narration: true });
    for claim in &output.claims {
        let span = &claim.content_span;
        assert_eq!(text.get(span.start as usize..span.end as usize), Some(claim.content.as_str()));
    }
});
