//! Sources settled before claims are built: what a reader would never call a claimant goes, and
//! chains written inside the source phrase are read.
//!
//! The finders mark spans; some of what they mark is not a source: a dateline ("Aug. 20
//! (Yonhap) -- The ministry said"), a promo box read as a speaker label ("A SIMPLE GUIDE: ..."), a
//! lone determiner or adverb ("the", "perhaps"), the occasion rather than the speaker ("said in a
//! statement", "a recent news conference"), a verb run into the phrase ("The newspaper took");
//! honorifics are not roles ("Mr", "Rep.", "General"); and actions ("imposed", "nominated") are
//! not speech. Chains: "NEWSPAPER, citing NEWS SITE, reported" (the site is the claimant, via the
//! newspaper), "one of X's sources, a former rebel fighter, said" (the fighter, via X), and the
//! whole subject of a coordination ("Three sources in contact with X or its associates").

use hearsay_text::TextRange;

use crate::attribution::{is_outlet, RawAttribution};

/// Settles the sources of `attributions` (in place; some are dropped).
pub(crate) fn settle(text: &str, sentences: &[TextRange], attributions: &mut Vec<RawAttribution>) {
    attributions.retain(|a| !is_action(a.cue_span.slice(text)) && !is_promo(text, a));
    let citing_contents: Vec<TextRange> =
        attributions.iter().filter_map(|a| cited_chain(text, a).map(|(_, _, cited)| cited)).collect();
    // The "citing" of "NEWSPAPER, citing NEWS SITE, reported" found as an attribution of its own,
    // whose content is only the cited name: the chain on "reported" says it.
    attributions.retain(|a| {
        !(a.cue_span.slice(text).eq_ignore_ascii_case("citing")
            && citing_contents.iter().any(|cited| cited.overlaps(a.content_span)))
    });
    // "according to Washington Post sources citing diplomats": a "citing" with no source of its
    // own, right after another attribution's source or between its cue and its source (the
    // chain already read), is that attribution's chain, not a claim.
    let spans: Vec<(TextRange, TextRange)> =
        attributions.iter().filter_map(|a| a.source_span.map(|s| (a.cue_span, s))).collect();
    attributions.retain(|a| {
        let cue = a.cue_span;
        let chained = |&(other_cue, source): &(TextRange, TextRange)| {
            let after = source.end() <= cue.start() && text[source.end()..cue.start()].trim().is_empty();
            let between = other_cue.end() <= cue.start() && cue.end() <= source.start();
            after || between
        };
        !(cue.slice(text).eq_ignore_ascii_case("citing") && a.source_span.is_none() && spans.iter().any(chained))
    });
    for a in attributions.iter_mut() {
        let sentence_start = sentences.get(a.sentence as usize).map_or(0, |s| s.start());
        if a.role.as_deref().is_some_and(is_honorific) {
            a.role = None;
        }
        strip_dateline(text, a);
        strip_opener(text, a);
        cut_verb(text, a);
        if a.name_span.or(a.source_span).is_some_and(|span| is_not_a_source(span.slice(text))) {
            (a.source_span, a.name_span, a.role) = (None, None, None);
        }
        whole_coordination(text, sentence_start, a);
        if let Some((outer, source, _)) = cited_chain(text, a) {
            a.via.push(intermediary(outer.slice(text)));
            (a.source_span, a.name_span, a.role) = (Some(source), Some(source), None);
        }
        one_of_sources(text, sentence_start, a);
    }
    drop_inner_voices(text, attributions);
    end_before_next_cue(text, attributions);
}

/// Ends a content that runs on over the cue of a later attribution, whose source is not inside
/// it, before that cue: "Trump is questioning the integrity of the vote and encouraging his
/// supporters to ...": the content of "questioning" stops before "and encouraging" (a source
/// inside the content, "X said Y told him ...", leaves it whole). By the output's rule, on PolNeAR
/// dev content F1 0.8012 -> 0.8017 (source 0.7253 unchanged); on train content 0.8588 -> 0.8594,
/// source 0.7869 -> 0.7874 (a content that swallowed the next attribution's was paired with that
/// one's gold). Each content looks at the next few cues only, so an article stays linear.
fn end_before_next_cue(text: &str, attributions: &mut [RawAttribution]) {
    let mut cues: Vec<(usize, usize)> = attributions.iter().enumerate().map(|(i, a)| (a.cue_span.start(), i)).collect();
    cues.sort_unstable();
    let spans: Vec<(TextRange, Option<TextRange>, TextRange)> =
        attributions.iter().map(|a| (a.cue_span, a.source_span, a.content_span)).collect();
    for (i, a) in attributions.iter_mut().enumerate() {
        let content = a.content_span;
        if content.start() < a.cue_span.end() {
            continue;
        }
        let from = cues.partition_point(|&(start, _)| start <= content.start());
        let next = cues[from..].iter().take(8).take_while(|&&(start, _)| start < content.end()).find(|&&(_, j)| {
            let (cue, source, other) = spans[j];
            let source_inside = source.is_some_and(|s| content.start() <= s.start() && s.end() <= content.end());
            j != i && cue.end() <= content.end() && other.start() >= cue.start() && !source_inside
        });
        let Some(&(end, _)) = next else { continue };
        // Drop what joins the two: spaces, commas, "and", "but", "while".
        let mut piece = &text[content.start()..end];
        loop {
            let bare = piece.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';'));
            let joined = ["and", "but", "while"].iter().find_map(|word| {
                bare.strip_suffix(word).filter(|rest| rest.is_empty() || rest.ends_with(char::is_whitespace))
            });
            match joined {
                Some(rest) => piece = rest,
                None => {
                    piece = bare;
                    break;
                }
            }
        }
        if let Some(cut) =
            TextRange::new(text, content.start(), content.start() + piece.len()).filter(|r| !r.is_empty())
        {
            a.content_span = cut;
        }
    }
}

/// Drops an attribution whose cue and content both lie inside another attribution's content and
/// that has no source of its own or a first- or second-person one: the speaker's own "I think",
/// "I just know", "you know" inside a quoted turn ("PENCE: Well, ... I think that's why ..."),
/// which the outer claim already carries. By the output's rule, on PolNeAR dev content F1 0.799 ->
/// 0.801 and source 0.723 -> 0.725 (1,937 -> 1,922 claims); on train (the tagger's own data)
/// content 0.8586 -> 0.8588, source 0.7855 -> 0.7866. Dropping every nested attribution lost
/// source F1 on both (dev 0.721, train 0.780): PolNeAR marks "X said Y told him ..." twice.
/// Linear after a sort: the contents by start, with the two largest ends so far.
fn drop_inner_voices(text: &str, attributions: &mut Vec<RawAttribution>) {
    if attributions.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..attributions.len()).collect();
    order.sort_by_key(|&i| attributions[i].content_span.start());
    let starts: Vec<usize> = order.iter().map(|&i| attributions[i].content_span.start()).collect();
    // For each prefix of `order`: the largest content end and the one after it, with whose it is.
    let mut best: Vec<((usize, usize), usize)> = Vec::with_capacity(order.len());
    let (mut first, mut second) = ((0, usize::MAX), 0);
    for &i in &order {
        let end = attributions[i].content_span.end();
        if end > first.0 {
            second = first.0;
            first = (end, i);
        } else if end > second {
            second = end;
        }
        best.push((first, second));
    }
    let inner: Vec<bool> = attributions
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let own = a.source_span.map(|s| s.slice(text).trim().to_lowercase());
            if own.as_deref().is_some_and(|own| !matches!(own, "i" | "we" | "you")) {
                return false;
            }
            let start = a.cue_span.start().min(a.content_span.start());
            let end = a.cue_span.end().max(a.content_span.end());
            // The contents that start at or before the hull's start.
            let upto = starts.partition_point(|&s| s <= start);
            let Some(&((first_end, first_at), second_end)) = upto.checked_sub(1).and_then(|k| best.get(k)) else {
                return false;
            };
            let widest = if first_at == i { second_end } else { first_end };
            widest >= end
        })
        .collect();
    let mut flags = inner.into_iter();
    attributions.retain(|_| !flags.next().unwrap_or(false));
}

/// Verbs of doing, not saying, that the tagger sometimes takes for cues.
const ACTIONS: &[&str] = &[
    "imposed",
    "nominated",
    "appointed",
    "elected",
    "awarded",
    "fired",
    "arrested",
    "sentenced",
    "signed",
    "vetoed",
    "named",
    "hired",
    "sued",
];

/// "imposed", "was named best supporting": an action, not a report.
fn is_action(cue: &str) -> bool {
    let words: Vec<String> = cue.split_whitespace().map(str::to_lowercase).collect();
    let aux = |w: &String| matches!(w.as_str(), "was" | "were" | "is" | "are" | "has" | "have" | "had" | "been" | "be");
    let Some(verb) = words.iter().find(|w| !aux(w)) else { return false };
    ACTIONS.contains(&verb.as_str())
}

/// A speaker label that is a promo box or a section head: "A SIMPLE GUIDE:", "WHAT TO KNOW:".
fn is_promo(text: &str, a: &RawAttribution) -> bool {
    let Some(source) = a.source_span else { return false };
    if a.cue_span.slice(text).trim() != ":" {
        return false;
    }
    let words: Vec<&str> = source.slice(text).split_whitespace().collect();
    let shouting = words.iter().all(|w| !w.chars().any(char::is_lowercase));
    let opener = words.first().is_some_and(|w| {
        matches!(
            w.trim_matches(|c: char| !c.is_alphanumeric()),
            "A" | "AN"
                | "THE"
                | "HOW"
                | "WHAT"
                | "WHY"
                | "WHERE"
                | "WHEN"
                | "WHO"
                | "READ"
                | "WATCH"
                | "RELATED"
                | "MORE"
        )
    });
    shouting && words.len() > 1 && (opener || words.iter().any(|w| w.contains("GUIDE")))
}

/// A role that is only an honorific or a bare title word ("Mr", "Rep.", "General").
pub(crate) fn is_honorific(role: &str) -> bool {
    let word = role.trim().trim_end_matches('.').to_lowercase();
    matches!(
        word.as_str(),
        "mr" | "mrs"
            | "ms"
            | "miss"
            | "dr"
            | "rep"
            | "sen"
            | "gov"
            | "gen"
            | "general"
            | "lt"
            | "col"
            | "sgt"
            | "capt"
            | "adm"
            | "prof"
            | "rev"
            | "sir"
            | "madam"
            | "hon"
            | "st"
            | "jr"
            | "sr"
    )
}

/// "Aug. 20 (Yonhap) -- The ministry": the source starts after the dateline's dash; a source that
/// is all dateline goes.
fn strip_dateline(text: &str, a: &mut RawAttribution) {
    let Some(source) = a.source_span else { return };
    let written = source.slice(text);
    let Some(close) = written.find(')') else { return };
    let after = &written[close + 1..];
    let rest = after.trim_start();
    let Some(dash) = ["--", "—", "–", "-"].iter().find(|dash| rest.starts_with(**dash)) else { return };
    let body = rest[dash.len()..].trim_start();
    let start = source.start() + (written.len() - body.len());
    let cut = (start < source.end()).then(|| TextRange::new(text, start, source.end())).flatten();
    a.source_span = cut;
    if a.name_span.is_none_or(|name| name.start() < start) {
        a.name_span = cut;
    }
}

/// Verbs that end a source phrase the tagger ran on: "The newspaper took", "The Post editorial
/// made little".
const RUN_ON_VERBS: &[&str] = &[
    "took", "made", "gave", "ran", "put", "held", "kept", "got", "went", "came", "did", "has", "had", "was", "were",
    "is", "are", "will", "would", "could", "should", "can", "may", "might",
];

fn cut_verb(text: &str, a: &mut RawAttribution) {
    let Some(source) = a.source_span else { return };
    let written = source.slice(text);
    let mut offset = 0;
    for (n, word) in written.split(' ').enumerate() {
        if n > 0 && RUN_ON_VERBS.contains(&word) {
            let end = source.start() + written[..offset].trim_end().len();
            let cut = TextRange::new(text, source.start(), end).filter(|r| !r.is_empty());
            a.source_span = cut;
            if a.name_span.is_some_and(|name| name.end() > end) {
                a.name_span = cut;
            }
            return;
        }
        offset += word.len() + 1;
    }
    // "On Monday night, Clinton leaned in heavy and often, painting Trump as ...": a name run
    // into a past-tense verb; the name is the source.
    let words: Vec<&str> = written.split(' ').collect();
    if let [.., name, verb] = words.as_slice() {
        let past = verb.len() >= 5 && verb.ends_with("ed") && verb.chars().all(|c| c.is_ascii_lowercase());
        let named = name.chars().next().is_some_and(char::is_uppercase) && name.chars().all(char::is_alphanumeric);
        if past && named {
            let end = source.start() + written.len() - verb.len() - 1;
            let cut = TextRange::new(text, source.start(), end).filter(|r| !r.is_empty());
            a.source_span = cut;
            if a.name_span.is_some_and(|name| name.end() > end) {
                a.name_span = cut;
            }
        }
    }
}

/// Words that open a sentence before its subject: "Moreover, Jeffrey Sachs ...", "Despite".
pub(crate) fn is_opener(word: &str) -> bool {
    matches!(
        word,
        "moreover"
            | "besides"
            | "however"
            | "meanwhile"
            | "still"
            | "yet"
            | "also"
            | "but"
            | "and"
            | "so"
            | "despite"
            | "perhaps"
            | "maybe"
            | "then"
            | "indeed"
            | "instead"
            | "later"
            | "earlier"
            | "now"
            | "today"
            | "yesterday"
            | "separately"
            | "similarly"
            | "additionally"
            | "furthermore"
            | "or"
            | "in"
            | "on"
            | "at"
    )
}

/// "Moreover, Jeffrey D. Sachs, director of ...", "Making her way around Chez Vachon, Clinton
/// and husband Bill", "On Wednesday, however, the director": opening adverbs, time phrases and
/// participle clauses before a comma are not the source, nor a sentence adverb before the subject
/// without one ("Meanwhile Rihanna", "But Mr. Autor and his colleagues").
fn strip_opener(text: &str, a: &mut RawAttribution) {
    let Some(source) = a.source_span else { return };
    let mut start = source.start();
    // A few openers in a row ("On Tuesday, at the camp on the island, Abdullah Zahed"); what is
    // left must open a noun phrase, or nothing is stripped.
    for _ in 0..3 {
        let written = &text[start..source.end()];
        let first = written.split_whitespace().next().unwrap_or("").trim_end_matches(',').to_lowercase();
        let cut = match written.find(", ") {
            Some(comma) if opens_clause(&first, &written[..comma]) => comma + 2,
            _ if SENTENCE_ADVERBS.contains(&first.as_str()) && written[first.len()..].starts_with(' ') => {
                first.len() + 1
            }
            _ => break,
        };
        start += cut + (written[cut..].len() - written[cut..].trim_start().len());
    }
    let rest = &text[start..source.end()];
    let next = rest.split_whitespace().next().unwrap_or("");
    let opens_phrase = next.chars().next().is_some_and(char::is_uppercase) && !is_opener(&next.to_lowercase())
        || matches!(next, "the" | "a" | "an");
    if start == source.start() || !opens_phrase {
        return;
    }
    let Some(rest) = TextRange::new(text, start, source.end()).filter(|r| !r.is_empty()) else { return };
    a.source_span = Some(rest);
    if a.name_span.is_none_or(|name| name.start() < start) {
        // "For now, Pantucci, at the Royal United Services Institute": the name before its
        // appositive, where it is written in capitals.
        let written = rest.slice(text);
        let name = written
            .match_indices(',')
            .map(|(comma, _)| comma)
            .find(|&comma| written[comma + 1..].starts_with(char::is_whitespace))
            .filter(|&comma| written[..comma].split_whitespace().all(|w| w.starts_with(char::is_uppercase)))
            .and_then(|comma| TextRange::new(text, start, start + comma));
        a.name_span = Some(name.unwrap_or(rest));
    }
}

/// Whether `phrase`, before a comma and opening with `first`, opens the sentence before its
/// subject: an opener ("Moreover", "On Wednesday"), "Last week", "For one thing", or a participle
/// clause ("Making her way around Chez Vachon").
fn opens_clause(first: &str, phrase: &str) -> bool {
    let participle = first.len() > 4 && first.ends_with("ing") && phrase.contains(' ');
    is_opener(first) || participle || matches!(first, "last" | "for" | "after" | "before" | "during" | "since")
}

/// Sentence adverbs and conjunctions that open a sentence before its subject without a comma.
const SENTENCE_ADVERBS: &[&str] =
    &["meanwhile", "then", "yet", "so", "but", "and", "today", "now", "still", "instead", "also", "however"];

/// Occasions and function words that are not sources: "the", "perhaps", "a statement", "a recent
/// news conference".
fn is_not_a_source(written: &str) -> bool {
    let lower = written.trim().trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let Some((head, before)) = words.split_last() else { return true };
    if before.is_empty() {
        return is_opener(head)
            || matches!(
                *head,
                "the" | "a" | "an" | "this" | "these" | "those" | "there" | "here" | "as" | "of" | "to" | "became"
            );
    }
    let occasion = matches!(
        *head,
        "statement" | "conference" | "interview" | "briefing" | "release" | "speech" | "appearance" | "hearing"
    );
    let determined = matches!(before[0], "a" | "an" | "the" | "its" | "his" | "her" | "their" | "this");
    occasion && determined && !written.chars().skip(1).any(char::is_uppercase)
}

/// "Three sources in contact with X or its associates": a source that starts at a possessive
/// after "or"/"and" takes the whole coordination, back to its clause's start.
fn whole_coordination(text: &str, sentence_start: usize, a: &mut RawAttribution) {
    let Some(source) = a.source_span else { return };
    let first = source.slice(text).split_whitespace().next().unwrap_or("").to_lowercase();
    if !matches!(first.as_str(), "its" | "his" | "her" | "their") {
        return;
    }
    let before = text[sentence_start.min(source.start())..source.start()].trim_end();
    if !(before.ends_with(" or") || before.ends_with(" and")) {
        return;
    }
    let clause = before
        .rfind([',', ';', ':', '"', '“', '”', '('])
        .map_or(0, |at| at + before[at..].chars().next().map_or(1, char::len_utf8));
    let piece = &before[clause..];
    let start = sentence_start.min(source.start()) + clause + (piece.len() - piece.trim_start().len());
    if let Some(whole) = TextRange::new(text, start, source.end()) {
        a.source_span = Some(whole);
        a.name_span = Some(whole);
    }
}

/// "NEWSPAPER, citing NEWS SITE, reported": the newspaper's span, the site's span, and the span
/// of what follows "citing" (as the "citing" attribution's content marks it).
fn cited_chain(text: &str, a: &RawAttribution) -> Option<(TextRange, TextRange, TextRange)> {
    let source = a.source_span?;
    if source.end() > a.cue_span.start() {
        return None;
    }
    let between = &text[source.start()..a.cue_span.start()];
    let at = between.find(", citing ")?;
    let outer = TextRange::new(text, source.start(), source.start() + at)?;
    let cited_start = source.start() + at + ", citing ".len();
    let tail = &text[cited_start..a.cue_span.start()];
    let cited_end = cited_start + tail.find(',').unwrap_or(tail.trim_end().len());
    let cited = TextRange::new(text, cited_start, cited_end)?;
    let name_start = cited_start + name_offset(cited.slice(text));
    let name = TextRange::new(text, name_start, cited_end).filter(|r| !r.is_empty())?;
    Some((outer, name, cited))
}

/// Where the name starts in "the news site Harbor Ledger" (at its first capitalised word after
/// a lowercase description), else 0.
fn name_offset(phrase: &str) -> usize {
    let mut offset = 0;
    let mut described = false;
    for word in phrase.split(' ') {
        if word.chars().next().is_some_and(char::is_uppercase) && described {
            return offset;
        }
        described |= word.chars().next().is_some_and(char::is_lowercase);
        offset += word.len() + 1;
    }
    0
}

/// "the Washington Post" -> "Washington Post".
fn intermediary(phrase: &str) -> String {
    let phrase = phrase.trim().trim_end_matches(',');
    phrase.strip_prefix("the ").or_else(|| phrase.strip_prefix("The ")).unwrap_or(phrase).to_owned()
}

/// "One of the Courier's sources, a former militia commander, said": the commander, via the
/// Courier; the source span runs from "One of" to the appositive's end.
fn one_of_sources(text: &str, sentence_start: usize, a: &mut RawAttribution) {
    let Some(source) = a.source_span else { return };
    let window_start = sentence_start.min(source.start()).max(source.start().saturating_sub(120));
    let window_start = (0..=window_start).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let window = &text[window_start..source.end()];
    let lower = window.to_ascii_lowercase();
    let Some(one) = lower.rfind("one of ") else { return };
    let after = &window[one + "one of ".len()..];
    let Some((owner, rest)) = after.split_once("’s sources, ").or_else(|| after.split_once("'s sources, ")) else {
        return;
    };
    if owner.contains([',', '.', ';']) || rest.trim().is_empty() {
        return;
    }
    let apposition = rest.trim_end().trim_end_matches(',').trim_end();
    let name_start = source.end() - rest.len();
    let name_end = name_start + apposition.len();
    let whole_start = window_start + one;
    let (Some(name), Some(whole)) =
        (TextRange::new(text, name_start, name_end), TextRange::new(text, whole_start, name_end))
    else {
        return;
    };
    if name.is_empty() {
        return;
    }
    a.via.push(intermediary(owner));
    a.source_span = Some(whole);
    a.name_span = Some(name);
    a.role = None;
    // A source of the outlet is not the outlet.
    if is_outlet(apposition) {
        a.via.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::{cut_verb, is_action, is_honorific, is_not_a_source, strip_opener};
    use crate::attribution::RawAttribution;
    use crate::output::{ClaimantKind, ExtractOutput};
    use hearsay_article::{Article, Metadata, SourceRef};
    use hearsay_text::TextRange;

    /// The span of the first `part` in `text`.
    fn span(text: &str, part: &str) -> TextRange {
        let start = text.find(part).expect("in the text");
        TextRange::new(text, start, start + part.len()).expect("a range")
    }

    /// An attribution found by its cue, source (also its name) and content, as written in `text`.
    fn attribution(text: &str, cue: &str, source: &str, content: &str) -> RawAttribution {
        RawAttribution {
            cue_span: span(text, cue),
            source_span: Some(span(text, source)),
            name_span: Some(span(text, source)),
            role: None,
            via: Vec::new(),
            content_span: span(text, content),
            sentence: 0,
        }
    }

    /// `hearsay extract`'s output for `text` (identity clean text, as `eval attribution` reads).
    fn annotated(text: &str) -> ExtractOutput {
        let article = Article::plain(text, SourceRef::file("test"), Metadata::default());
        crate::annotate(&article, &crate::ExtractOptions::default())
    }

    /// The claim whose content holds `content`, as (claimant name, kind, role).
    fn claimant(text: &str, content: &str) -> (String, ClaimantKind, Option<String>) {
        let output = annotated(text);
        let claim = output
            .claims
            .iter()
            .find(|c| c.content.contains(content))
            .unwrap_or_else(|| panic!("a claim of {content:?}: {:?}", output.claims));
        (claim.claimant.name.clone(), claim.claimant.kind, claim.role.clone())
    }

    #[test]
    fn openers_before_the_source_are_stripped() {
        // (sentence, source as found, source kept, name kept)
        let cases = [
            (
                "On Wednesday, however, the director of the agency, Jane Roe, said it was over.",
                "On Wednesday, however, the director of the agency, Jane Roe",
                "the director of the agency, Jane Roe",
                "the director of the agency, Jane Roe",
            ),
            (
                "For now, Pantucci, at the Royal Institute, said it was over.",
                "For now, Pantucci, at the Royal Institute",
                "Pantucci, at the Royal Institute",
                "Pantucci",
            ),
            ("Meanwhile Rihanna said it was over.", "Meanwhile Rihanna", "Rihanna", "Rihanna"),
            (
                "Still, Tad Devine, a senior adviser, said it was over.",
                "Still, Tad Devine, a senior adviser",
                "Tad Devine, a senior adviser",
                "Tad Devine",
            ),
            // No opener, or nothing that opens a noun phrase after it: left as found.
            (
                "Last year's FBI statistics, released Monday, said it was over.",
                "Last year's FBI statistics",
                "Last year's FBI statistics",
                "Last year's FBI statistics",
            ),
            (
                "On Oct. 23, during a visit, he said it was over.",
                "On Oct. 23, during a visit",
                "On Oct. 23, during a visit",
                "On Oct. 23, during a visit",
            ),
        ];
        for (text, found, kept, name) in cases {
            let mut a = attribution(text, "said", found, "it was over");
            strip_opener(text, &mut a);
            assert_eq!(a.source_span.map(|s| s.slice(text)), Some(kept), "{text}");
            assert_eq!(a.name_span.map(|s| s.slice(text)), Some(name), "{text}");
        }
    }

    /// PolNeAR dev (nyt_2016-09-08, Obama on climate change): "Mr." is no role.
    #[test]
    fn an_honorific_before_a_name_is_no_role() {
        let text = "\"When you see severe environmental strains of one sort or another on cultures, on civilizations, on nations, the byproducts of that are unpredictable and can be very dangerous,\" Mr. Obama said.";
        let (name, kind, role) = claimant(text, "very dangerous");
        assert!(name.contains("Obama"), "{name}");
        assert_eq!(kind, ClaimantKind::Person);
        assert_eq!(role, None);
    }

    /// PolNeAR dev (breitbart_2016-09-29, PolitiFact; wash-post_2016-09-25 and usa-today charter
    /// schools): a fact checker is an outlet, "the NAACP" an organization, "Authorities" no person.
    #[test]
    fn claimant_kinds_follow_what_the_source_is() {
        let text = "Politifact then pointed out that one shooting may have more than one victim, so thousands of shooting victims does not necessarily translate into thousands of shootings.";
        let (_, kind, _) = claimant(text, "one shooting");
        assert_eq!(kind, ClaimantKind::Outlet);
        let text = "In July, the NAACP called for a moratorium on charter schools.";
        let output = annotated(text);
        for claim in &output.claims {
            assert_ne!(claim.claimant.kind, ClaimantKind::Person, "{:?}", claim.claimant);
        }
        let text = "Authorities have said officers encountered Scott because they were searching for another man - a suspect with an outstanding warrant.";
        let (name, kind, _) = claimant(text, "officers encountered");
        assert_eq!((name.as_str(), kind), ("Authorities", ClaimantKind::Unnamed));
    }

    /// Seed 004: "according to Washington Post sources citing diplomats" is one claim with its
    /// chain, not a second claim on "citing".
    #[test]
    fn citing_after_a_source_is_its_chain() {
        let text = "'Israel' and Iran exchanged secret assurances via Russia in late December, signaling that neither side intends to launch a preemptive strike against the other, according to Washington Post sources citing diplomats and regional officials.";
        let output = annotated(text);
        assert!(output.claims.iter().all(|c| c.cue != "citing"), "{:?}", output.claims);
    }

    /// PolNeAR dev (huff-post_2016-09-27, Clinton goes after Trump): the name, not the verb run
    /// into it.
    #[test]
    fn a_past_tense_verb_run_into_a_name_is_cut() {
        let text = "On Monday night, Clinton leaned in heavy and often, painting Trump as a Romney caricature.";
        let at = |part: &str| span(text, part);
        let mut a = RawAttribution {
            cue_span: at("painting"),
            source_span: Some(at("Clinton leaned")),
            name_span: Some(at("Clinton leaned")),
            role: None,
            via: Vec::new(),
            content_span: at("Trump as a Romney caricature"),
            sentence: 0,
        };
        cut_verb(text, &mut a);
        assert_eq!(a.source_span.map(|s| s.slice(text)), Some("Clinton"));
        assert_eq!(a.name_span.map(|s| s.slice(text)), Some("Clinton"));
    }

    #[test]
    fn occasions_and_function_words_are_not_sources() {
        for junk in ["the", "perhaps", "a statement", "a recent news conference"] {
            assert!(is_not_a_source(junk), "{junk}");
        }
        for junk in ["became", "Despite", "Moreover"] {
            assert!(is_not_a_source(junk), "{junk}");
        }
        for source in ["Sources", "a statement from the White House", "the senator", "A Statement Inc", "he", "many"] {
            assert!(!is_not_a_source(source), "{source}");
        }
    }

    /// PolNeAR dev (breitbart_2016-09-25, a debate transcript): "I think" inside PENCE's turn is
    /// his turn's; a named voice inside a content is a claim of its own.
    #[test]
    fn an_inner_first_person_voice_is_the_outer_claims() {
        let text = "PENCE: Well, I think the debate will be fine. Mr. Ryan said Ms. Lee told him the vote would pass.";
        let at = |part: &str| span(text, part);
        let found = |cue: &str, source: &str, content: &str| attribution(text, cue, source, content);
        let mut all = vec![
            found(":", "PENCE", "Well, I think the debate will be fine."),
            found("think", "I think", "the debate will be fine"),
            found("said", "Mr. Ryan", "Ms. Lee told him the vote would pass"),
            found("told", "Ms. Lee", "the vote would pass"),
        ];
        all[1].source_span = Some(at("I"));
        super::drop_inner_voices(text, &mut all);
        let cues: Vec<&str> = all.iter().map(|a| a.cue_span.slice(text)).collect();
        assert_eq!(cues, [":", "said", "told"]);
    }

    /// PolNeAR dev (breitbart_2016-09-30): "questioning" ends before "and encouraging"; a source
    /// inside the content leaves it whole.
    #[test]
    fn a_content_ends_before_the_next_attributions_cue() {
        let text = "Trump is questioning the vote and encouraging his supporters to watch the polls. Mr. Ryan said Ms. Lee told him the vote would pass.";
        let found = |cue: &str, source: &str, content: &str| attribution(text, cue, source, content);
        let mut all = vec![
            found("questioning", "Trump", "the vote and encouraging his supporters to watch the polls"),
            found("encouraging", "Trump", "his supporters to watch the polls"),
            found("said", "Mr. Ryan", "Ms. Lee told him the vote would pass"),
            found("told", "Ms. Lee", "the vote would pass"),
        ];
        super::end_before_next_cue(text, &mut all);
        let contents: Vec<&str> = all.iter().map(|a| a.content_span.slice(text)).collect();
        assert_eq!(contents[0], "the vote");
        assert_eq!(contents[2], "Ms. Lee told him the vote would pass");
    }

    #[test]
    fn actions_and_honorifics() {
        assert!(is_action("imposed"));
        assert!(is_action("was named"));
        assert!(!is_action("said"));
        assert!(is_honorific("Rep."));
        assert!(is_honorific("General"));
        assert!(!is_honorific("Solicitor General"));
    }
}

/// Junk out (issue 20, item 5), in sentences of our own, read off `hearsay extract`'s output; the
/// four chain patterns are in `tests/chains.rs`.
#[cfg(test)]
mod junk_tests {
    use crate::output::{ClaimOut, ClaimantKind, ExtractOutput};
    use hearsay_article::{Article, Metadata, SourceRef};

    fn annotated(text: &str) -> ExtractOutput {
        let article = Article::plain(text, SourceRef::file("test"), Metadata::default());
        crate::annotate(&article, &crate::ExtractOptions::default())
    }

    /// The one claim whose content holds `content`.
    fn claim<'a>(output: &'a ExtractOutput, content: &str) -> &'a ClaimOut {
        output
            .claims
            .iter()
            .find(|c| c.content.contains(content))
            .unwrap_or_else(|| panic!("a claim of {content:?}: {:#?}", output.claims))
    }

    #[test]
    fn datelines_promo_boxes_and_bylines_are_no_claimants() {
        let text =
            "March 3 (Meridian News) -- The agriculture ministry said on Tuesday that grain exports would double.";
        let output = annotated(text);
        let c = claim(&output, "grain exports would double");
        assert_eq!(c.claimant.name, "The agriculture ministry", "{:?}", c.claimant);
        let text =
            "QUICK FACTS: The Halden bridge carries 40,000 cars a day.\n\nThe city engineer said the bridge was safe.";
        let output = annotated(text);
        for c in &output.claims {
            assert!(!c.claimant.name.contains("FACTS"), "{:?}", c.claimant);
        }
        let text = "By Anna Kowalski\n\nThe harbour authority said on Friday that dredging would start in May.";
        let output = annotated(text);
        let c = claim(&output, "dredging would start");
        assert!(!c.claimant.name.contains("Kowalski"), "{:?}", c.claimant);
    }

    #[test]
    fn honorifics_are_no_roles_and_newspapers_are_outlets() {
        let text = "Sen. Marta Quill said the bill would pass before the recess.";
        let output = annotated(text);
        let c = claim(&output, "bill would pass");
        assert!(c.claimant.name.contains("Quill"), "{:?}", c.claimant);
        assert!(c.role.as_deref().is_none_or(|role| !super::is_honorific(role)), "{:?}", c.role);
        let text = "Attorney General Dana Whitlock said the inquiry would be reopened.";
        let output = annotated(text);
        let c = claim(&output, "inquiry would be reopened");
        assert!(c.claimant.name.contains("Whitlock"), "{:?}", c.claimant);
        assert_ne!(c.role.as_deref(), Some("General"), "{:?}", c.role);
        let text = "The Harbor Gazette reported that the mayor had resigned.";
        let output = annotated(text);
        let c = claim(&output, "mayor had resigned");
        assert_eq!(c.claimant.kind, ClaimantKind::Outlet, "{:?}", c.claimant);
    }
}
