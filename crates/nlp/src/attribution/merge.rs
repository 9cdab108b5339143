//! The merge of the rules' attributions with the tagger's.

use super::RawAttribution;

/// Combines the rules' attributions of `text` with the tagger's (each in text order), the tagger
/// leading; the result is in text order.
///
/// The tagger's attributions, each kept as found, except where the rules found the same cue with a
/// source that agrees with the tagger's (or the tagger found none): there the rules' attribution with
/// the tagger's content, since the rules name role and chain (a rules' content that wraps its cue,
/// "Iran reportedly received ...", is kept whole). Plus the rules' attributions the tagger missed
/// that name a role or a chain, whose content wraps their cue (a hedge adverb: on the held-out half
/// of train, with the trained encoder layer, 8 more attributions and source F1 unchanged at 0.783),
/// or that sign a quote. On the held-out half of train its source F1 beats the union with the rules'
/// attribution preferred on a shared cue (0.725 against 0.717; 0.742 against 0.727 with contextual
/// vectors), because the rules' other cues are right less than a third of the time; the other
/// merges tried are in `crates/eval/examples/attribution_tagger.rs`
/// (docs/decisions/0002-attribution-tagger-led-merge.md).
pub fn merge(text: &str, rules: Vec<RawAttribution>, tagged: Vec<RawAttribution>) -> Vec<RawAttribution> {
    let same_cue = |a: &RawAttribution, b: &RawAttribution| a.cue_span.overlaps(b.cue_span);
    let mut out: Vec<RawAttribution> = Vec::with_capacity(rules.len() + tagged.len());
    for t in &tagged {
        match rules.iter().find(|r| same_cue(r, t)) {
            // "Iran reportedly received ...": a content around its cue is the rules' own shape.
            Some(r) if r.content_span.start() <= r.cue_span.start() && r.cue_span.end() <= r.content_span.end() => {
                out.push(r.clone());
            }
            Some(r)
                if t.source_span.is_none() || r.source_span.zip(t.source_span).is_some_and(|(a, b)| a.overlaps(b)) =>
            {
                out.push(RawAttribution { content_span: t.content_span, ..r.clone() });
            }
            _ => out.push(t.clone()),
        }
    }
    let wraps =
        |r: &RawAttribution| r.content_span.start() <= r.cue_span.start() && r.cue_span.end() <= r.content_span.end();
    // A signature after a quote ("“...” — Paul Ryan", "- Sanders." under a quoted
    // paragraph): on the held-out half of train, 9 more attributions, source F1 +0.0004.
    let signature = |r: &RawAttribution| {
        matches!(r.cue_span.slice(text), "—" | "–" | "-" | "―") && r.content_span.end() <= r.cue_span.start()
    };
    out.extend(rules.into_iter().filter(|r| {
        (r.role.is_some() || !r.via.is_empty() || wraps(r) || signature(r)) && !tagged.iter().any(|t| same_cue(r, t))
    }));
    out.sort_by_key(|a| (a.sentence, a.cue_span.start, a.content_span.start));
    out
}
