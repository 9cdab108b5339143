//! Any bytes as text for the syntax layer: tokenised into sentences and parsed, and the same bytes split
//! on whitespace as one sentence. No panic; every parse is a tree with 2n transitions.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parser = hearsay_syntax::Parser::builtin();
    for sentence in parser.parse_text(&text) {
        assert_eq!(sentence.parse.nodes.len(), sentence.words.len());
        assert_eq!(sentence.parse.transitions, 2 * sentence.words.len());
    }
    let words: Vec<&str> = text.split(' ').collect();
    let parse = parser.parse(&words);
    assert_eq!(parse.nodes.iter().filter(|node| node.head == 0).count(), usize::from(!words.is_empty()));
    assert!(parse.nodes.iter().all(|node| node.head <= words.len()));
});
