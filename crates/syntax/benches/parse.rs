//! Parsing speed on EWT dev as sentences per second, beside a baseline in the same run: tokenising the
//! same sentences' text with the project's tokeniser (`sentence_words`). Prints both and their ratio; asserts nothing.
//!
//! `cargo bench -p hearsay-syntax --bench parse`
#![expect(clippy::print_stderr, clippy::print_stdout, reason = "a developer tool: its output is the point")]

use std::time::Instant;

use hearsay_syntax::{conllu, Parser};

fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/syntax/ud-english-ewt/en_ewt-ud-dev.conllu");
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("skipped: {path} not found");
        return;
    };
    let gold = conllu::read(&text);
    let sentences: Vec<Vec<&str>> = gold.iter().map(|s| s.forms()).collect();
    let joined: Vec<String> = sentences.iter().map(|s| s.join(" ")).collect();
    let parser = Parser::builtin();
    // Load the embedded model before timing.
    let _ = parser.parse(&["warm", "up"]);
    let rounds = 3;

    let started = Clock::start();
    let mut words = 0usize;
    for _ in 0..rounds {
        for sentence in &sentences {
            words += std::hint::black_box(parser.parse(sentence)).nodes.len();
        }
    }
    let parse_rate = (rounds * sentences.len()) as f64 / started.seconds();

    let started = Clock::start();
    let mut tokens = 0usize;
    for _ in 0..rounds {
        for sentence in &joined {
            tokens += std::hint::black_box(hearsay_syntax::sentence_words(sentence)).len();
        }
    }
    let tokenize_rate = (rounds * joined.len()) as f64 / started.seconds();

    println!("parse (tag + parse, gold words): {parse_rate:>10.0} sentences/s ({words} words)");
    println!("baseline (tokenise the text):    {tokenize_rate:>10.0} sentences/s ({tokens} sentences)");
    println!("ratio parse/tokenise:            {:>10.3}", parse_rate / tokenize_rate);
    println!("(seconds are this thread's CPU time where Linux reports it, else wall clock)");
}

/// This thread's CPU time (so a busy, shared machine does not count against the parser), or wall time.
struct Clock {
    wall: Instant,
    cpu: Option<f64>,
}

impl Clock {
    fn start() -> Clock {
        Clock { wall: Instant::now(), cpu: cpu_seconds() }
    }
    fn seconds(&self) -> f64 {
        match (self.cpu, cpu_seconds()) {
            (Some(start), Some(now)) if now > start => now - start,
            _ => self.wall.elapsed().as_secs_f64(),
        }
    }
}

fn cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(nanos / 1e9)
}
