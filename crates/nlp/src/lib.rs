//! Per-article language stages: sentences, entities, attributions, stance, time.
//!
//! `extract` runs them in order over an `Article`'s clean text and returns one `Extraction`:
//! the sentences, the claims (who claims what, according to whom, with what stance) and the
//! diagnostics. `output` turns an extraction into the versioned JSON contract.

mod annotate;
pub mod attribution;
mod claims;
pub mod entities;
pub mod output;
pub mod segment;
mod settle;
pub mod stance;
pub mod time;
#[cfg(feature = "train")]
pub mod train;

use hearsay_article::{Article, Diagnostic, Severity};
use hearsay_text::TextRange;
use serde::{Deserialize, Serialize};

pub use annotate::annotate;
pub use claims::{Claim, Claimant, Via};
pub use entities::gazetteer;
pub use stance::Stance;

/// What `extract` should produce besides attributed claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ExtractOptions {
    /// Also emit one claim per sentence that has no attribution, with the outlet (or
    /// "narrator") as claimant and an empty cue: the article's own assertions.
    pub include_narration: bool,
    /// Also read each sentence with the sentence encoder (all-MiniLM-L6-v2, see
    /// [`attribution::context`]) and find attributions with the tagger trained on its vectors:
    /// better sources and contents, at about a hundredth of the speed. Needs the model
    /// installed; without it, a warning and the plain tagger.
    #[serde(default)]
    pub contextual: bool,
}

/// The most claims of one article whose clause is parsed (on FNC-1 bodies about one claim in
/// seventy qualifies, on PolNeAR fewer still).
const MAX_CLAUSES: usize = 64;

/// Whether `content` may be a passive clause whose "by" phrase names someone: a form of "be"
/// (or "get"), a participle after it (an adverb or two between), and within twelve words "by"
/// before a capitalised word ("by Russia", "by the Islamic State"). A cheap filter before the
/// parse, which decides; the ledger reads only agents that are named entities.
fn passive_with_by(content: &str) -> bool {
    const AUXILIARIES: &[&str] = &["was", "were", "been", "be", "being", "is", "are", "got", "gets", "get"];
    const IRREGULAR: &[&str] = &[
        "given", "sold", "made", "told", "held", "paid", "sent", "taken", "seen", "known", "found", "shot", "hit",
        "led", "built", "brought", "bought", "caught", "kept", "left", "lost", "won", "struck", "thrown", "written",
        "shown", "drawn", "driven", "chosen", "beaten", "stolen", "spent", "set", "put", "cut", "run", "met", "read",
        "heard", "said", "done", "hurt", "begun", "broken", "forgiven", "hidden", "sought", "taught", "thought",
    ];
    if !content.contains("by") && !content.contains("By") && !content.contains("BY") {
        return false;
    }
    let words: Vec<&str> = content.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).collect();
    let participle = |w: &str| {
        let lower = w.to_lowercase();
        lower.ends_with("ed") || lower.ends_with("en") || IRREGULAR.contains(&lower.as_str())
    };
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    for (i, word) in words.iter().enumerate() {
        if !AUXILIARIES.iter().any(|form| word.eq_ignore_ascii_case(form)) {
            continue;
        }
        // "was given", "were reportedly sold", "was not seen".
        let Some(p) = (i + 1..words.len().min(i + 4)).find(|&k| participle(words[k])) else { continue };
        if !(i + 1..p).all(|k| words[k].ends_with("ly") || words[k].eq_ignore_ascii_case("not")) {
            continue;
        }
        for k in p + 1..words.len().min(p + 13) {
            if words[k].eq_ignore_ascii_case("by") {
                let next = words.get(k + 1).copied().unwrap_or("");
                let after = words.get(k + 2).copied().unwrap_or("");
                if capitalised(next) || (next.eq_ignore_ascii_case("the") && capitalised(after)) {
                    return true;
                }
            }
        }
    }
    false
}

/// Everything the language stages found in one article.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Extraction {
    /// Sentence ranges into the clean text, in order.
    pub sentences: Vec<TextRange>,
    /// Claims in text order.
    pub claims: Vec<Claim>,
    /// Notes: unsupported language, no sentences, unbalanced quotes, very long sentences.
    pub diagnostics: Vec<Diagnostic>,
}

/// Sentences longer than this many bytes get a diagnostic (they are usually unsplit tables).
const LONG_SENTENCE: usize = 5_000;

/// Runs segmentation, attribution and stance over the article's clean text.
pub fn extract(article: &Article, options: &ExtractOptions) -> Extraction {
    let text = article.text.as_str();
    let mut out = Extraction::default();
    if let Some(lang) = &article.metadata.language {
        if lang != "eng" {
            out.diagnostics.push(Diagnostic::new(
                "claims",
                Severity::Info,
                "claims/unsupported-language",
                format!("claims are only extracted from english text; this article is {lang}"),
            ));
            out.sentences = segment::sentences(text);
            return out;
        }
    }
    out.sentences = segment::sentences(text);
    if out.sentences.is_empty() {
        out.diagnostics.push(Diagnostic::new(
            "segment",
            Severity::Info,
            "segment/no-sentences",
            "the text has no sentences",
        ));
        return out;
    }
    for s in &out.sentences {
        if s.len() > LONG_SENTENCE {
            let mut d = Diagnostic::new(
                "segment",
                Severity::Info,
                "segment/long-sentence",
                format!("a sentence of {} bytes; attributions in it may be missed", s.len()),
            );
            d.range = Some(*s);
            out.diagnostics.push(d);
        }
    }
    let opens = text.matches('“').count();
    let closes = text.matches('”').count();
    if opens != closes || text.matches('"').count() % 2 == 1 {
        out.diagnostics.push(Diagnostic::new(
            "claims",
            Severity::Info,
            "claims/unbalanced-quotes",
            format!("quote marks do not pair up ({opens} opening, {closes} closing curly quotes)"),
        ));
    }
    // The rules (which name roles and chains), read again by the learned tagger, which adds the
    // attributions the rules miss and places cues and contents (see `attribution::tagger`).
    let rules = attribution::find(text, &out.sentences);
    let context =
        if options.contextual { contextual_vectors(text, &out.sentences, &mut out.diagnostics) } else { None };
    let (tagged, mut doc) = match &context {
        Some(context) => attribution::AttributionTagger::builtin_contextual().find_parsed(
            text,
            &out.sentences,
            &rules,
            Some(context),
        ),
        None => attribution::AttributionTagger::builtin().find_parsed(text, &out.sentences, &rules, None),
    };
    let mut raw = attribution::combine(text, rules, tagged);
    settle::settle(text, &out.sentences, &mut raw);
    let mut claims: Vec<Claim> = Vec::with_capacity(raw.len());
    for a in raw {
        claims.push(claims::to_claim(text, a, &claims));
    }
    // Who does what to whom in a passive content with a "by" phrase, from the dependency parse
    // of its sentence: there the parse changes who acts ("Israel was given the data by Russia").
    // Only those contents are parsed: the parser reads about a sixth of `extract`'s tokens per
    // second, and parsing every claim's sentence cut `extract` from about 300 to 90 articles/s.
    // At most `MAX_CLAUSES` an article, so a text of one such sentence repeated to megabytes
    // parses no more than a long article does.
    if let Some(doc) = doc.as_mut() {
        let mut parsed = 0;
        for claim in &mut claims {
            if parsed < MAX_CLAUSES && passive_with_by(&claim.content) {
                parsed += 1;
                claim.clause = doc.clause_of(claim.content_span);
            }
        }
    }
    if options.include_narration {
        let mut covered = vec![false; out.sentences.len()];
        for c in &claims {
            if let Some(x) = covered.get_mut(c.sentence as usize) {
                *x = true;
            }
        }
        let narrator = article.metadata.outlet.as_deref().unwrap_or("narrator");
        claims.extend(claims::narration(text, &out.sentences, &covered, narrator));
    }
    claims.sort_by_key(|c| (c.sentence, c.cue_span.start, c.content_span.start));
    for (i, c) in claims.iter_mut().enumerate() {
        c.id = format!("c{}", i + 1);
    }
    out.claims = claims;
    out
}

/// The contextual tagger's vectors of `text`, from the encoder the caller installed
/// ([`attribution::context::install_encoder`]); `None`, with a warning, when there is none or it
/// fails (the plain tagger then runs).
#[cfg(feature = "contextual")]
fn contextual_vectors(
    text: &str,
    sentences: &[TextRange],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<attribution::Context> {
    let Some(embedder) = attribution::context::encoder() else {
        diagnostics.push(Diagnostic::new(
            "claims",
            Severity::Warning,
            "claims/no-context-model",
            "the sentence encoder was not given (attribution::context::install_encoder); claims found without it",
        ));
        return None;
    };
    match attribution::AttributionTagger::builtin_contextual().encode(embedder, text, sentences) {
        Ok(context) => Some(context),
        Err(error) => {
            diagnostics.push(Diagnostic::new(
                "claims",
                Severity::Warning,
                "claims/context-failed",
                format!("the sentence encoder failed ({error}); claims found without it"),
            ));
            None
        }
    }
}

/// Without the `contextual` feature there is no encoder: a warning, and the plain tagger.
#[cfg(not(feature = "contextual"))]
fn contextual_vectors(
    _text: &str,
    _sentences: &[TextRange],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<attribution::Context> {
    diagnostics.push(Diagnostic::new(
        "claims",
        Severity::Warning,
        "claims/no-context-model",
        "hearsay-nlp was built without its contextual feature; claims found without the sentence encoder",
    ));
    None
}
