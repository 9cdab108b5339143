//! The built-in model on real EWT dev sentences, its dev-score floor, bad input, and CoNLL-U round trips.

use hearsay_syntax::{conllu, evaluate, Parser};

fn dev() -> Option<Vec<conllu::Sentence>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/syntax/ud-english-ewt/en_ewt-ud-dev.conllu");
    std::fs::read_to_string(path).ok().map(|text| conllu::read(&text))
}

#[test]
fn conllu_round_trips_byte_for_byte() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/syntax/ud-english-ewt/en_ewt-ud-dev.conllu");
    let Ok(text) = std::fs::read_to_string(path) else {
        return;
    };
    let sentences = conllu::read(&text);
    assert_eq!(sentences.len(), 2001);
    assert_eq!(conllu::write(&sentences), text);
}

#[test]
fn easy_attachments_of_real_dev_sentences() {
    let parser = Parser::builtin();
    // EWT dev: "President Bush on Tuesday nominated two individuals to replace retiring jurists ..."
    let words = "President Bush on Tuesday nominated two individuals to replace retiring jurists on federal courts in the Washington area .";
    let parse = parser.parse(&words.split(' ').collect::<Vec<_>>());
    assert_eq!((parse.nodes[1].head, parse.nodes[1].deprel.as_str()), (5, "nsubj"), "Bush <- nominated");
    assert_eq!(parse.nodes[4].head, 0, "nominated is the root");
    assert_eq!((parse.nodes[6].head, parse.nodes[6].deprel.as_str()), (5, "obj"), "individuals <- nominated");
    assert_eq!(parse.nodes[4].upos, "VERB");
    assert_eq!(parse.nodes[1].upos, "PROPN");
    // EWT dev: the subject of a reporting verb, and its complement clause.
    let words = "Last month , Nasrallah announced that his party would close ranks with Hamas .";
    let parse = parser.parse(&words.split(' ').collect::<Vec<_>>());
    assert_eq!((parse.nodes[3].head, parse.nodes[3].deprel.as_str()), (5, "nsubj"), "Nasrallah <- announced");
    assert_eq!(parse.nodes[4].head, 0, "announced is the root");
    assert_eq!((parse.nodes[9].head, parse.nodes[9].deprel.as_str()), (5, "ccomp"), "close <- announced");
    assert_eq!((parse.nodes[6].head, parse.nodes[6].deprel.as_str()), (8, "nmod:poss"), "his <- party");
}

#[test]
fn dev_scores_stay_above_the_floor() {
    let Some(gold) = dev() else { return };
    let score = evaluate(Parser::builtin(), &gold);
    eprintln!("UPOS {:.4} UAS {:.4} LAS {:.4}", score.upos_accuracy(), score.uas(), score.las());
    assert_eq!(score.words, 25147);
    assert!(score.upos_accuracy() >= FLOOR_UPOS, "UPOS {}", score.upos_accuracy());
    assert!(score.uas() >= FLOOR_UAS, "UAS {}", score.uas());
    assert!(score.las() >= FLOOR_LAS, "LAS {}", score.las());
}

/// What the committed model reaches on EWT dev (see eval/results/parse.json), less a small margin.
const FLOOR_UPOS: f64 = 0.946;
const FLOOR_UAS: f64 = 0.845;
const FLOOR_LAS: f64 = 0.813;

#[test]
fn same_input_same_output() {
    let parser = Parser::builtin();
    let words = ["The", "minister", "said", "on", "Monday", "that", "talks", "had", "failed", "."];
    assert_eq!(parser.parse(&words), parser.parse(&words));
    let text = "He didn't go. She said it's fine!";
    assert_eq!(parser.parse_text(text), parser.parse_text(text));
}

#[test]
fn bad_input_gives_a_valid_tree_in_linear_time() {
    let parser = Parser::builtin();
    assert!(parser.parse(&[]).nodes.is_empty());
    assert!(parser.parse_text("").is_empty());
    assert!(parser.parse_text("   \n\n  ").is_empty());
    let long: Vec<String> =
        (0..10_000).map(|i| ["the", "big", "dog", ",", "and", "cat", "42", "!"][i % 8].to_string()).collect();
    let long: Vec<&str> = long.iter().map(String::as_str).collect();
    for words in [
        long.as_slice(),
        &["the", "red", "house"],
        &["Москва", "—", "столица", "России", "。", "東京", "🙂"],
        &["", " ", "\t"],
        &["."],
    ] {
        let parse = parser.parse(words);
        assert_eq!(parse.nodes.len(), words.len());
        assert_eq!(parse.transitions, 2 * words.len(), "2n transitions");
        assert_tree(&parse);
    }
}

/// One root, heads in range, no cycles.
fn assert_tree(parse: &hearsay_syntax::Parse) {
    let n = parse.nodes.len();
    assert_eq!(parse.nodes.iter().filter(|node| node.head == 0).count(), 1);
    for (i, node) in parse.nodes.iter().enumerate() {
        assert!(node.head <= n);
        assert_eq!(node.head == 0, node.deprel == "root");
        let mut at = i + 1;
        let mut steps = 0;
        while at != 0 {
            at = parse.nodes[at - 1].head;
            steps += 1;
            assert!(steps <= n, "cycle through word {}", i + 1);
        }
    }
}

#[test]
fn raw_text_is_split_as_attribution_sees_it() {
    let text = "Mr. Smith didn't say it's over. \"We can't,\" he said.\n\nU.S. officials (two) agreed!";
    let sentences = hearsay_syntax::sentence_words(text);
    let words: Vec<Vec<&str>> = sentences.iter().map(|s| s.iter().map(|r| r.slice(text)).collect()).collect();
    assert_eq!(
        words,
        vec![
            vec!["Mr", ".", "Smith", "didn't", "say", "it", "'s", "over", "."],
            vec!["\"", "We", "can't", ",", "\"", "he", "said", "."],
            vec!["U.S", ".", "officials", "(", "two", ")", "agreed", "!"],
        ]
    );
    let parsed = Parser::builtin().parse_text(text);
    let out = conllu::write(&hearsay_syntax::to_conllu(text, &parsed));
    let back = conllu::read(&out);
    assert_eq!(back.len(), 3);
    assert_eq!(back[0].forms(), words[0]);
}

#[test]
fn tagging_alone_gives_the_parse_tags_of_real_dev_sentences() {
    let Some(sentences) = dev() else { return };
    let parser = Parser::builtin();
    let mut words = 0;
    for sentence in sentences.iter().take(300) {
        let forms = sentence.forms();
        let parsed: Vec<String> = parser.parse(&forms).nodes.into_iter().map(|node| node.upos).collect();
        assert_eq!(parser.tag(&forms), parsed, "{forms:?}");
        words += forms.len();
    }
    assert!(words > 3_000, "{words} words tagged");
    assert!(parser.tag(&[]).is_empty());
}
