//! CoNLL-U reading and writing: the ten columns of each word, comments, and multiword/empty lines kept
//! verbatim so a file round-trips byte for byte.

use std::fmt::Write as _;

/// One syntactic word (a line whose ID is an integer).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    /// The word form.
    pub form: String,
    /// Lemma, or `_`.
    pub lemma: String,
    /// Universal part-of-speech tag.
    pub upos: String,
    /// Language-specific tag, or `_`.
    pub xpos: String,
    /// Morphological features, or `_`.
    pub feats: String,
    /// Head (1-based; 0 is the root); `None` when the column is `_`.
    pub head: Option<usize>,
    /// Dependency relation, or `_`.
    pub deprel: String,
    /// Enhanced dependencies, or `_`.
    pub deps: String,
    /// Anything else, or `_`.
    pub misc: String,
}

/// One sentence: its comment lines, its words, and the other lines (multiword tokens, empty nodes) with
/// the number of words that come before each.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sentence {
    /// Comment lines without the leading `# `... kept whole (with the `#`).
    pub comments: Vec<String>,
    /// The syntactic words, in order.
    pub words: Vec<Word>,
    /// Lines that are not words, each after the given number of words.
    pub other_lines: Vec<(usize, String)>,
}

impl Sentence {
    /// The word forms.
    pub fn forms(&self) -> Vec<&str> {
        self.words.iter().map(|word| word.form.as_str()).collect()
    }
}

/// Reads every sentence of a CoNLL-U text. Malformed word lines are kept as other lines, never an error.
pub fn read(text: &str) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut current = Sentence::default();
    for line in text.lines() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            if !current.words.is_empty() || !current.comments.is_empty() || !current.other_lines.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        if line.starts_with('#') {
            current.comments.push(line.to_string());
            continue;
        }
        match parse_word(line) {
            Some(word) => current.words.push(word),
            None => current.other_lines.push((current.words.len(), line.to_string())),
        }
    }
    if !current.words.is_empty() || !current.comments.is_empty() || !current.other_lines.is_empty() {
        sentences.push(current);
    }
    sentences
}

fn parse_word(line: &str) -> Option<Word> {
    let columns: Vec<&str> = line.split('\t').collect();
    if columns.len() != 10 || columns[0].parse::<usize>().is_err() {
        return None;
    }
    let head = if columns[6] == "_" { None } else { Some(columns[6].parse::<usize>().ok()?) };
    Some(Word {
        form: columns[1].to_string(),
        lemma: columns[2].to_string(),
        upos: columns[3].to_string(),
        xpos: columns[4].to_string(),
        feats: columns[5].to_string(),
        head,
        deprel: columns[7].to_string(),
        deps: columns[8].to_string(),
        misc: columns[9].to_string(),
    })
}

/// Writes sentences as CoNLL-U, each followed by a blank line.
pub fn write(sentences: &[Sentence]) -> String {
    let mut out = String::new();
    for sentence in sentences {
        write_sentence(&mut out, sentence);
    }
    out
}

/// Appends one sentence and its blank line.
pub fn write_sentence(out: &mut String, sentence: &Sentence) {
    for comment in &sentence.comments {
        out.push_str(comment);
        out.push('\n');
    }
    let mut other = sentence.other_lines.iter().peekable();
    for (index, word) in sentence.words.iter().enumerate() {
        while let Some((_, line)) = other.next_if(|(before, _)| *before == index) {
            out.push_str(line);
            out.push('\n');
        }
        let head = word.head.map_or_else(|| "_".to_string(), |head| head.to_string());
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            index + 1,
            field(&word.form),
            field(&word.lemma),
            field(&word.upos),
            field(&word.xpos),
            field(&word.feats),
            head,
            field(&word.deprel),
            field(&word.deps),
            field(&word.misc)
        );
    }
    for (_, line) in other {
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
}

/// An empty field is written `_`; tabs and newlines inside a field become spaces.
fn field(value: &str) -> std::borrow::Cow<'_, str> {
    if value.is_empty() {
        "_".into()
    } else if value.contains(['\t', '\n', '\r']) {
        value.replace(['\t', '\n', '\r'], " ").into()
    } else {
        value.into()
    }
}
