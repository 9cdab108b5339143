//! The `hearsay.extract/1` output scored on PolNeAR: what users get, claim by claim.
//!
//! Each article's text goes through [`hearsay_nlp::annotate`] (extraction, entities, claimant
//! linking: the whole `hearsay extract` output), and each output claim is read as the spans it
//! carries: `claimant.span` as its source, `cue_span` as its cue, `content_span` as its content.
//! Claims and gold attributions are paired by the module's overlap rule (`pair`: greedy by shared
//! content bytes, then cue bytes; each claim and each gold attribution used at most once). Then,
//! over all claims (predicted) and all gold attributions (gold):
//! - `content`: the pair's content spans share a byte (OVERLAP);
//! - `source`: the content is right and the source is too: the claimant span shares a byte with
//!   the gold Source, or neither has a source (an implicit source is a right answer when the
//!   gold has none);
//! - `name`: the content is right and the claimant's `name` as written in the output agrees with
//!   the gold Source: one contains the other (any case), or neither has a source. A pronoun
//!   resolved to a name does not agree with a gold "he"; `name_or_resolved` counts it when the
//!   claim's span overlaps the gold pronoun and the output gives a name for it.
//!
//! `resolution` looks at gold Sources that are personal pronouns: how many the output found,
//! how many it gave a name (`resolved_from` set), how many left `unnamed`. PolNeAR marks no
//! antecedents; as a check of the names, `named_as_gold_source` counts the resolved names written
//! inside a gold Source earlier in the same article.
//!
//! The baseline runs in the same call: each "said", "says", "told" is a cue, the nearest
//! capitalised word run before it in its sentence (else the first one after it: "said Smith") the
//! source, and the rest of the sentence after the cue (else the sentence before the source) the
//! content, scored by the same rule.

use std::path::Path;

use hearsay_nlp::{annotate, ExtractOptions};
use hearsay_text::TextRange;
use serde::{Deserialize, Serialize};

use super::{first_annotator_files, pair, parse_brat, read, AttributionError, Prf, Spans};

/// The output's scores (see the module docs), beside the baseline's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutputScores {
    /// Articles scored.
    pub n_articles: usize,
    /// Gold attributions.
    pub n_gold: usize,
    /// Output claims.
    pub n_claims: usize,
    /// Content spans (overlap).
    pub content: Prf,
    /// Content and claimant span both right.
    pub source: Prf,
    /// Content right and the claimant's name agrees with the gold Source.
    pub name: Prf,
    /// `name`, also counting a gold pronoun answered by a resolved name.
    pub name_or_resolved: Prf,
    /// Gold pronoun sources and what the output made of them.
    pub resolution: Resolution,
    /// The rule baseline on the same articles.
    pub baseline: BaselineScores,
    /// Wall time spent in `annotate`, seconds.
    pub annotate_seconds: f64,
}

/// What the output made of the gold Sources that are personal pronouns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Resolution {
    /// Gold attributions whose Source is a personal pronoun ("he", "She", "they").
    pub gold_pronoun_sources: usize,
    /// Of those, paired with a claim whose claimant span overlaps the pronoun.
    pub found: usize,
    /// Of those, the claimant has a name resolved from an earlier mention (`resolved_from`).
    pub named: usize,
    /// Of the named, the name is written inside a gold Source earlier in the article.
    pub named_as_gold_source: usize,
    /// Of those found, left `unnamed`.
    pub left_unnamed: usize,
}

/// The baseline's scores, by the same rule.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct BaselineScores {
    /// Baseline attributions.
    pub n_predicted: usize,
    /// Content spans (overlap).
    pub content: Prf,
    /// Content and source both right.
    pub source: Prf,
}

/// One output claim as the scorer reads it.
struct OutputClaim {
    spans: Spans,
    name: String,
    resolved: bool,
    unnamed: bool,
}

/// Scores the `hearsay.extract/1` output on the PolNeAR split in `split_dir`, and the baseline.
pub fn score_output(split_dir: &Path, options: &ExtractOptions) -> Result<OutputScores, AttributionError> {
    let anns = first_annotator_files(&split_dir.join("attributions"))?;
    let mut counts = [Prf::default(); 4];
    let mut base = [Prf::default(); 2];
    let mut resolution = Resolution::default();
    let (mut n_articles, mut n_gold, mut n_claims, mut n_base) = (0, 0, 0, 0);
    let mut annotate_seconds = 0.0;
    for (article, ann_path) in &anns {
        let text = read(&split_dir.join("text").join(format!("{article}.txt")))?;
        let gold = parse_brat(&text, &read(ann_path)?);
        let started = std::time::Instant::now();
        let claims = output_claims(&text, options);
        annotate_seconds += started.elapsed().as_secs_f64();
        n_articles += 1;
        n_gold += gold.len();
        n_claims += claims.len();
        score_claims(&text, &gold, &claims, &mut counts, &mut resolution);
        let baseline: Vec<OutputClaim> = baseline_predict(&text)
            .into_iter()
            .map(|spans| OutputClaim { spans, name: String::new(), resolved: false, unnamed: false })
            .collect();
        n_base += baseline.len();
        let mut base_counts = [Prf::default(); 4];
        score_claims(&text, &gold, &baseline, &mut base_counts, &mut Resolution::default());
        for (total, add) in base.iter_mut().zip(&base_counts) {
            total.predicted += add.predicted;
            total.gold += add.gold;
            total.correct += add.correct;
        }
    }
    if n_articles == 0 {
        return Err(AttributionError::Empty { path: split_dir.to_owned() });
    }
    for prf in counts.iter_mut().chain(base.iter_mut()) {
        prf.finish();
    }
    let [content, source, name, name_or_resolved] = counts;
    Ok(OutputScores {
        n_articles,
        n_gold,
        n_claims,
        content,
        source,
        name,
        name_or_resolved,
        resolution,
        baseline: BaselineScores { n_predicted: n_base, content: base[0], source: base[1] },
        annotate_seconds,
    })
}

/// The output claims of `text`, as `hearsay extract` gives them.
fn output_claims(text: &str, options: &ExtractOptions) -> Vec<OutputClaim> {
    let article = super::article_of(text);
    let output = annotate(&article, options);
    let range = |span: hearsay_nlp::output::SpanOut| TextRange::new(text, span.start as usize, span.end as usize);
    output
        .claims
        .iter()
        .map(|claim| OutputClaim {
            spans: Spans {
                source: claim.claimant.span.and_then(range),
                cue: claim.cue_span.and_then(range),
                content: range(claim.content_span),
            },
            name: claim.claimant.name.clone(),
            resolved: claim.claimant.resolved_from.is_some(),
            unnamed: claim.claimant.kind == hearsay_nlp::output::ClaimantKind::Unnamed,
        })
        .collect()
}

/// Personal pronouns as PolNeAR's Sources write them.
fn is_pronoun(source: &str) -> bool {
    matches!(source.trim().to_lowercase().as_str(), "he" | "she" | "they" | "him" | "her" | "his" | "them")
}

/// Adds one article's counts: `counts` is content, source, name, name-or-resolved.
fn score_claims(
    text: &str,
    gold: &[Spans],
    claims: &[OutputClaim],
    counts: &mut [Prf; 4],
    resolution: &mut Resolution,
) {
    let spans: Vec<Spans> = claims.iter().map(|claim| claim.spans).collect();
    for prf in counts.iter_mut() {
        prf.predicted += claims.len();
        prf.gold += gold.len();
    }
    resolution.gold_pronoun_sources +=
        gold.iter().filter(|g| g.source.is_some_and(|source| is_pronoun(source.slice(text)))).count();
    let lower = |range: TextRange| range.slice(text).trim().to_lowercase();
    for (pi, gi) in pair(gold, &spans) {
        let (claim, g) = (&claims[pi], &gold[gi]);
        let overlap =
            |a: Option<TextRange>, b: Option<TextRange>| matches!((a, b), (Some(a), Some(b)) if a.overlaps(b));
        if !overlap(claim.spans.content, g.content) {
            continue;
        }
        counts[0].correct += 1;
        let source_right =
            overlap(claim.spans.source, g.source) || (claim.spans.source.is_none() && g.source.is_none());
        counts[1].correct += usize::from(source_right);
        let name = claim.name.trim().to_lowercase();
        let name_right = match (claim.spans.source, g.source) {
            (None, None) => true,
            (Some(_), Some(gold_source)) => {
                let written = lower(gold_source);
                !name.is_empty() && (written.contains(&name) || (!is_pronoun(&written) && name.contains(&written)))
            }
            _ => false,
        };
        counts[2].correct += usize::from(name_right);
        let pronoun = g.source.filter(|source| is_pronoun(source.slice(text)));
        let found = pronoun.is_some() && overlap(claim.spans.source, pronoun);
        counts[3].correct += usize::from(name_right || (found && claim.resolved));
        if found {
            resolution.found += 1;
            resolution.named += usize::from(claim.resolved);
            resolution.left_unnamed += usize::from(claim.unnamed);
            let at = pronoun.map_or(0, |p| p.start);
            let earlier = gold.iter().filter_map(|other| other.source).filter(|other| other.end <= at);
            let named_as_gold = claim.resolved && earlier.map(lower).any(|written| written.contains(&name));
            resolution.named_as_gold_source += usize::from(named_as_gold);
        }
    }
}

/// The rule baseline of the module docs: one attribution per "said", "says" or "told".
pub fn baseline_predict(text: &str) -> Vec<Spans> {
    let mut out = Vec::new();
    for sentence in hearsay_text::sentences(text) {
        let body = sentence.slice(text);
        let base = sentence.start as usize;
        let words: Vec<(usize, &str)> =
            body.split_whitespace().map(|word| (word.as_ptr() as usize - body.as_ptr() as usize, word)).collect();
        let bare = |word: &str| word.trim_matches(|c: char| !c.is_alphanumeric()).to_owned();
        let capital = |word: &str| bare(word).chars().next().is_some_and(char::is_uppercase);
        let at = |start: usize, end: usize| TextRange::new(text, base + start, base + end);
        for (k, &(offset, word)) in words.iter().enumerate() {
            if !matches!(bare(word).to_lowercase().as_str(), "said" | "says" | "told") {
                continue;
            }
            let cue_start = offset + (word.len() - word.trim_start_matches(|c: char| !c.is_alphanumeric()).len());
            let cue = at(cue_start, cue_start + bare(word).len());
            // The nearest capitalised run before the cue, else the first one after it.
            let before = (0..k).rev().find(|&i| capital(words[i].1)).map(|last| {
                let mut first = last;
                while first > 0 && capital(words[first - 1].1) && !words[first - 1].1.ends_with([',', '.', '"', '”'])
                {
                    first -= 1;
                }
                (first, last)
            });
            let after = || {
                (k + 1..words.len()).find(|&i| capital(words[i].1)).map(|first| {
                    let mut last = first;
                    while last + 1 < words.len() && capital(words[last + 1].1) && !words[last].1.ends_with([',', '.']) {
                        last += 1;
                    }
                    (first, last)
                })
            };
            let source_words = before.or_else(after);
            let source = source_words.and_then(|(first, last)| {
                let start = words[first].0;
                let end = words[last].0 + words[last].1.trim_end_matches(|c: char| !c.is_alphanumeric()).len();
                at(start, end)
            });
            let rest = &words[k + 1..];
            let content = if rest.len() >= 4 {
                let start = rest[0].0;
                let end = body.trim_end().len();
                at(start, end)
            } else {
                let end = source.map_or(offset, |s| (s.start as usize).saturating_sub(base).min(offset));
                (end > 0).then(|| at(0, end)).flatten()
            };
            out.push(Spans { source, cue, content });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::baseline_predict;

    #[test]
    fn the_baseline_takes_the_capitalised_run_before_said() {
        let text = "The talks will resume next week, Foreign Minister Lavrov said on Monday.";
        let spans = baseline_predict(text);
        assert_eq!(spans.len(), 1);
        assert_eq!(spans[0].source.map(|r| r.slice(text)), Some("Foreign Minister Lavrov"));
        assert_eq!(spans[0].cue.map(|r| r.slice(text)), Some("said"));
        assert_eq!(spans[0].content.map(|r| r.slice(text)), Some("The talks will resume next week, "));
    }
}
