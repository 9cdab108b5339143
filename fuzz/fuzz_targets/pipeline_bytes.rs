//! Any bytes through every parser (format detection, containers, records), cleaning and the
//! language stages: no panic, and every span the output holds lies inside its text.
#![no_main]

use hearsay_article::Record;
use hearsay_ingest::Limits;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits { max_record_bytes: 1 << 20, ..Limits::default() };
    for record in hearsay_ingest::read_bytes("fuzz-input", data.to_vec(), &limits) {
        let Ok(Record::Article(raw)) = record else { continue };
        let Ok(article) = hearsay_clean::clean(&raw) else { continue };
        for removal in &article.removed {
            let slice = article.source_text.get(removal.source_start as usize..removal.source_end as usize);
            assert_eq!(slice, Some(removal.text.as_str()), "a removal slices its own text");
        }
        check_extraction(&article);
    }
});

fn check_extraction(article: &hearsay_article::Article) {
    let output = hearsay_nlp::annotate(article, &hearsay_nlp::ExtractOptions::default());
    let text = article.text.as_str();
    for claim in &output.claims {
        let span = &claim.content_span;
        assert_eq!(text.get(span.start as usize..span.end as usize), Some(claim.content.as_str()));
    }
    for entity in &output.entities {
        for mention in &entity.mentions {
            assert!(text.get(mention.start as usize..mention.end as usize).is_some());
        }
    }
}
