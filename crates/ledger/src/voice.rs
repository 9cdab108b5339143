//! The outlet's own voice: an article that asserts or debunks a proposition without attributing
//! it is evidence too.
//!
//! Many reports say what they say in their own words ("Kim Jong-un has been drinking snake wine",
//! "the photo is a fake") and attribute nothing, so the extractor finds no claim. Their stance
//! toward a proposition comes from the FNC-1 stance model (`hearsay_stance`): the proposition's
//! wording as the headline, the article's text as the body. `agree` affirms the wording,
//! `disagree` denies it, `discuss` and `unrelated` add nothing. The outlet is the origin.
//!
//! Which articles are asked: those of the stories the proposition's claims are in, less the
//! articles that already hold one of its claims and near-duplicates (a copy says what its
//! original says); at most [`MAX_ARTICLES`] per proposition. Everything here is computed when the
//! ledger is read, from stored items only, so it does not depend on the order articles came in.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use hearsay_schema::ledger::{ClaimItem, Frame, LedgerClaim, Origin};
use hearsay_schema::{ClaimOut, ClaimantKind, ClaimantOut, SpanOut, Stance};
use serde::{Deserialize, Serialize};

use crate::features::{fold, normalise, word_spans, ArticleItem};

/// Bytes of an article's text kept for the stance model (the lead: where news states its claim).
pub const MAX_TEXT: usize = 4_000;

/// Articles asked per proposition.
pub const MAX_ARTICLES: usize = 48;

/// Content words a proposition's wording needs before articles are asked about it: "his
/// remarks" is no claim to agree with.
pub const MIN_WORDS: usize = 5;

/// Articles are asked only about propositions stated in the first this many sentences of an
/// article (see [`crate::ReadOptions::lead_sentences`]).
pub const LEAD_SENTENCES: u32 = 3;

/// The share of a proposition's content words an article's lead (its first sentences) must hold
/// for the article to be asked about it (see [`crate::ReadOptions::lead_overlap`]). Chosen with
/// [`LEAD_SENTENCES`] on the tune half of FNC-1 train (`hearsay eval propositions`).
pub const LEAD_OVERLAP: f32 = 0.65;

/// The claim id given to an article's own voice.
pub const VOICE_CLAIM: &str = "voice";

/// A story's own proposition: articles of the story asked at most (the first in storing order).
pub const STORY_ARTICLES: usize = 200;

/// Words of a story's own proposition at most (its lead sentence, cut).
pub const STORY_WORDING_WORDS: usize = 40;

/// A story's own propositions at most: its central wording (see [`story_wording`]) and the lead
/// sentences of its members that most of the story's leads share (see [`story_wordings`]). One
/// wording chosen from the article nearest the centroid is often a side remark ("Twitter users are
/// suggesting the daubing could have been the handiwork of a jilted lover") that no report takes a
/// stance toward; with three, the contested claims of the tune half of FNC-1 train found a
/// proposition holding both sides 0.82 of the time instead of 0.56, at the same pair precision
/// (`hearsay eval propositions` at the cuts shipped; four wordings lost 0.07 of pair precision).
pub const STORY_WORDINGS: usize = 3;

/// Sentences of each member's lead whose words are counted when a story's wordings are chosen.
pub const WORDING_LEAD_SENTENCES: usize = 3;

/// Articles a story needs (copies left out) for more wordings than its first (see
/// [`story_wordings`]). On FNC-1 train (the model's probabilities of the tune half, read again with
/// more wordings only for stories this large) four lost 0.02 of contested recall on the tune half
/// against any size; the seeds' story of three reports keeps its one wording, whose leads are each
/// a claim attributed to someone (Jalali's rejection), not a claim the outlets make.
pub const WORDINGS_MIN_ARTICLES: usize = 4;

/// Content words a member's lead sentence needs to be one of its story's wordings.
pub const WORDING_MIN_WORDS: usize = 4;

/// The stance model's probability that an article and a story's wording are related, above which
/// the article's stance toward it is read (see [`crate::ReadOptions::story_related`]). Chosen on
/// the tune half of FNC-1 train (`hearsay eval propositions`): a story that joins reports of two
/// claims (the Jobs film's lead actor, and who left it) pairs fewer of them at a stricter cut.
pub const STORY_RELATED: f32 = 0.9;

/// The stance model's probability of agree (given related) at or above which an article affirms
/// a story's own proposition (see [`crate::ReadOptions::story_agree`]). Chosen with
/// [`STORY_RELATED`].
pub const STORY_AGREE: f32 = 0.3;

/// The stance model's probability of disagree (given related) at or above which an article denies
/// a story's own proposition (see [`crate::ReadOptions::story_disagree`]). Chosen with
/// [`STORY_RELATED`]; `hearsay eval propositions` chooses 0.15 with the stance model of
/// 2026-12-04 on both folds (and lead 3 sentences, overlap 0.65, related 0.9, agree 0.3), so the
/// defaults are what it measures.
pub const STORY_DISAGREE: f32 = 0.15;

/// What the ledger keeps of an article for its voice: the start of its text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoiceText {
    /// The first [`MAX_TEXT`] bytes of the clean text (cut at a char boundary).
    pub text: String,
}

impl VoiceText {
    /// The lead of `text`.
    pub fn of(text: &str) -> VoiceText {
        let mut end = text.len().min(MAX_TEXT);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        VoiceText { text: text[..end].to_owned() }
    }
}

/// The stance model the ledger asks, with a name stored beside what it decided.
pub struct StanceJudge<'a> {
    model: Model<'a>,
    id: String,
}

enum Model<'a> {
    Borrowed(&'a hearsay_stance::StanceModel),
    Owned(Box<hearsay_stance::StanceModel>),
}

impl std::fmt::Debug for StanceJudge<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StanceJudge").field("id", &self.id).finish()
    }
}

impl<'a> StanceJudge<'a> {
    /// A judge with the given model (an evaluation trains one on a fold).
    pub fn with_model(model: &'a hearsay_stance::StanceModel, id: &str) -> StanceJudge<'a> {
        StanceJudge { model: Model::Borrowed(model), id: id.to_owned() }
    }

    /// The model's name.
    pub fn id(&self) -> &str {
        &self.id
    }

    fn model(&self) -> &hearsay_stance::StanceModel {
        match &self.model {
            Model::Borrowed(model) => model,
            Model::Owned(model) => model,
        }
    }
}

impl StanceJudge<'static> {
    /// The built-in FNC-1 model (`crates/stance/models/fnc1.bin`), loaded once.
    pub fn builtin() -> Option<&'static StanceJudge<'static>> {
        static JUDGE: OnceLock<Option<StanceJudge<'static>>> = OnceLock::new();
        JUDGE
            .get_or_init(|| match hearsay_stance::StanceModel::load_default() {
                Ok(model) => Some(StanceJudge { model: Model::Owned(Box::new(model)), id: "fnc1".to_owned() }),
                Err(error) => {
                    tracing::warn!(%error, "The stance model could not be read; outlets' own voice is left out.");
                    None
                }
            })
            .as_ref()
    }
}

/// One question for the model: does `article` agree with `wording`?
pub(crate) struct Question<'q> {
    pub(crate) wording: &'q str,
    pub(crate) article: &'q str,
}

/// Each article's stance toward each wording: `Some(Affirm)` for agree, `Some(Deny)` for
/// disagree, `None` otherwise. Each distinct text is analysed once.
pub(crate) fn judge(
    judge: &StanceJudge<'_>,
    questions: &[Question<'_>],
    texts: &BTreeMap<String, VoiceText>,
) -> Vec<Option<Stance>> {
    let (pairs, bodies) = stance_input(questions, texts);
    judge
        .model()
        .predict_pairs(&pairs, &bodies)
        .into_iter()
        .map(|stance| match stance {
            hearsay_stance::Stance::Agree => Some(Stance::Affirm),
            hearsay_stance::Stance::Disagree => Some(Stance::Deny),
            _ => None,
        })
        .collect()
}

/// The stance model's input for `questions`: one pair per question, and each asked article's text once.
fn stance_input(
    questions: &[Question<'_>],
    texts: &BTreeMap<String, VoiceText>,
) -> (Vec<hearsay_stance::Pair>, BTreeMap<String, String>) {
    let wanted: std::collections::BTreeSet<&str> = questions.iter().map(|q| q.article).collect();
    let bodies = wanted.into_iter().filter_map(|id| texts.get(id).map(|t| (id.to_owned(), t.text.clone()))).collect();
    let pairs = questions
        .iter()
        .map(|q| hearsay_stance::Pair { headline: q.wording.to_owned(), body_id: q.article.to_owned(), stance: None })
        .collect();
    (pairs, bodies)
}

/// Each question's probabilities from the stance model (each distinct text analysed once).
pub(crate) fn scores(
    judge: &StanceJudge<'_>,
    questions: &[Question<'_>],
    texts: &BTreeMap<String, VoiceText>,
) -> Vec<hearsay_stance::StanceScores> {
    let (pairs, bodies) = stance_input(questions, texts);
    judge.model().score_pairs(&pairs, &bodies)
}

/// The cuts an article's stance toward a story's own proposition is read with: the related,
/// agree and disagree probabilities (see [`story_stance`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct StoryCuts {
    pub(crate) related: f32,
    pub(crate) agree: f32,
    pub(crate) disagree: f32,
}

/// An article's stance toward a story's own proposition from the model's probabilities:
/// deny when disagree reaches `disagree`, else affirm when agree reaches `agree`; nothing when
/// the model's related stage does not find the pair related above `related` (reading every story
/// member as related instead joined more reports of other claims: pair precision 0.79 against
/// 0.95 on FNC-1).
pub(crate) fn story_stance(scores: &hearsay_stance::StanceScores, cuts: StoryCuts) -> Option<Stance> {
    let StoryCuts { related, agree, disagree } = cuts;
    if scores.related <= related {
        None
    } else if scores.disagree >= disagree {
        Some(Stance::Deny)
    } else if scores.agree >= agree {
        Some(Stance::Affirm)
    } else {
        None
    }
}

/// The wording of a story's own proposition: its title (the most central headline), else the
/// first sentence of its most central article, at most [`STORY_WORDING_WORDS`] words. `None` when
/// that is too short to agree with.
pub(crate) fn story_wording(title: Option<&str>, central: Option<&VoiceText>) -> Option<String> {
    let text = match title {
        Some(title) if askable(title) => title.trim().to_owned(),
        _ => {
            let central = central?;
            central.text[lead_sentence(central)?.to_range()].trim().to_owned()
        }
    };
    let end = word_spans(&text).nth(STORY_WORDING_WORDS).map_or(text.len(), |(start, _)| start);
    let wording = text[..end].trim().to_owned();
    askable(&wording).then_some(wording)
}

/// The first sentence of `text` worth asking about (see [`askable`]).
fn lead_sentence(text: &VoiceText) -> Option<hearsay_text::TextRange> {
    hearsay_text::sentences(&text.text).into_iter().find(|range| askable(&text.text[range.to_range()]))
}

/// A story's wordings: `first` (its [`story_wording`]), then the lead sentences of its members
/// (the first sentence of each with enough words) whose content words are in most members' first
/// [`WORDING_LEAD_SENTENCES`] sentences: the claim most reports of the story open with, in the words
/// of one of them. A story of fewer than [`WORDINGS_MIN_ARTICLES`] articles has its first wording
/// only: among three reports any lead is "shared" by a third of them. At most `count` wordings, all
/// different. `members` are the story's articles asked (at most [`STORY_ARTICLES`]), so this costs
/// their words, not the corpus.
pub(crate) fn story_wordings(first: String, members: &[&VoiceText], count: usize) -> Vec<String> {
    if members.len() < WORDINGS_MIN_ARTICLES {
        return vec![first];
    }
    let leads: Vec<std::collections::BTreeSet<String>> =
        members.iter().map(|text| lead_words(text, WORDING_LEAD_SENTENCES)).collect();
    let mut documents: BTreeMap<&str, usize> = BTreeMap::new();
    for word in leads.iter().flatten() {
        *documents.entry(word.as_str()).or_default() += 1;
    }
    let mut candidates: Vec<(f32, String)> = members
        .iter()
        .filter_map(|text| story_wording(None, Some(text)))
        .filter_map(|wording| {
            let words = content_words(&wording);
            if words.len() < WORDING_MIN_WORDS {
                return None;
            }
            let shared: usize = words.iter().map(|w| documents.get(w.as_str()).copied().unwrap_or(0)).sum();
            Some((shared as f32 / words.len() as f32 / members.len() as f32, wording))
        })
        .collect();
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut wordings = vec![first];
    for (_, wording) in candidates {
        if wordings.len() >= count {
            break;
        }
        if !wordings.contains(&wording) {
            wordings.push(wording);
        }
    }
    wordings
}

/// The content words of `text` (folded, stemmed, four letters or more): what a lead and a wording
/// are compared on.
pub(crate) fn content_words(text: &str) -> std::collections::BTreeSet<String> {
    word_spans(text).map(|(_, w)| fold(w)).filter(|w| w.chars().count() >= 4).map(|w| normalise(&w)).collect()
}

/// The content words of an article's lead: its first `sentences` sentences.
pub(crate) fn lead_words(text: &VoiceText, sentences: usize) -> std::collections::BTreeSet<String> {
    let ranges = hearsay_text::sentences(&text.text);
    let end = ranges.get(..sentences.min(ranges.len())).and_then(<[_]>::last).map_or(0, |range| range.end());
    content_words(&text.text[..end])
}

/// The share of `wording`'s content words found in `lead`.
pub(crate) fn overlap(wording: &std::collections::BTreeSet<String>, lead: &std::collections::BTreeSet<String>) -> f32 {
    if wording.is_empty() {
        return 0.0;
    }
    wording.iter().filter(|w| lead.contains(*w)).count() as f32 / wording.len() as f32
}

/// True when a wording is worth asking about: enough content words.
pub(crate) fn askable(wording: &str) -> bool {
    word_spans(wording).filter(|(_, w)| w.chars().count() >= 3).count() >= MIN_WORDS
}

/// The voice entry of `article` toward a proposition worded `wording`: the article's sentence
/// nearest the wording (by shared words), its outlet as claimant and origin.
pub(crate) fn entry(article: &ArticleItem, text: &VoiceText, wording: &str, stance: Stance) -> LedgerClaim {
    let wanted: std::collections::BTreeSet<String> =
        word_spans(wording).map(|(_, w)| fold(w)).filter(|w| w.len() > 3).collect();
    let mut best: Option<(usize, hearsay_text::TextRange)> = None;
    for range in hearsay_text::sentences(&text.text) {
        let sentence = &text.text[range.to_range()];
        let shared = word_spans(sentence)
            .map(|(_, w)| fold(w))
            .filter(|w| wanted.contains(w))
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        if best.is_none_or(|(n, _)| shared > n) {
            best = Some((shared, range));
        }
    }
    let (start, end) = best.map_or((0, 0), |(_, range)| (range.start(), range.end()));
    let outlet = article.outlet.clone();
    let name = outlet.clone().unwrap_or_else(|| format!("article {}", &article.id[..article.id.len().min(12)]));
    let key = outlet.as_deref().map_or_else(|| format!("article:{}", article.id), |o| format!("outlet:{}", fold(o)));
    let item = ClaimItem {
        article: article.id.clone(),
        claim: VOICE_CLAIM.to_owned(),
        outlet,
        published: article.published.clone(),
        out: ClaimOut {
            id: VOICE_CLAIM.to_owned(),
            // The outlet speaks in its own voice: no mention of it in the text, no cue.
            claimant: ClaimantOut {
                name: name.clone(),
                entity: None,
                kind: ClaimantKind::Outlet,
                span: None,
                resolved_from: None,
            },
            role: None,
            cue_span: None,
            cue: if stance == Stance::Affirm { "agrees (stance model)" } else { "disagrees (stance model)" }.to_owned(),
            stance,
            hedged: false,
            direct: false,
            via: Vec::new(),
            content: text.text[start..end].to_owned(),
            content_span: SpanOut { start: start as u32, end: end as u32 },
            sentence: 0,
            time: None,
            clause: None,
        },
        claimant_key: None,
        via_keys: Vec::new(),
        frame: Frame::default(),
        origin: Origin { key, name },
        repeats: 0,
    };
    LedgerClaim { item, polarity: stance, copy_of: None, voice: true }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_story_is_worded_by_its_title_else_its_first_sentence() {
        let text =
            VoiceText::of("Hi. A Florida woman says she had a third breast implanted to stay single. More later.");
        assert_eq!(
            story_wording(Some("Woman claims she has three breasts, doctors doubt it"), Some(&text)).as_deref(),
            Some("Woman claims she has three breasts, doctors doubt it")
        );
        assert_eq!(
            story_wording(None, Some(&text)).as_deref(),
            Some("A Florida woman says she had a third breast implanted to stay single.")
        );
        assert_eq!(story_wording(Some("Breaking"), None), None, "too short to agree with");
        let long = VoiceText::of(&"word ".repeat(100));
        let wording = story_wording(None, Some(&long)).expect("a wording");
        assert_eq!(word_spans(&wording).count(), STORY_WORDING_WORDS);
    }

    #[test]
    fn the_story_stance_cuts_the_probabilities() {
        let scores = |related, agree, disagree| hearsay_stance::StanceScores {
            related,
            agree,
            disagree,
            discuss: 1.0 - agree - disagree,
        };
        let cuts = StoryCuts { related: 0.5, agree: 0.5, disagree: 0.3 };
        assert_eq!(story_stance(&scores(0.9, 0.6, 0.1), cuts), Some(Stance::Affirm));
        assert_eq!(story_stance(&scores(0.9, 0.5, 0.35), cuts), Some(Stance::Deny), "a surer denial wins");
        assert_eq!(story_stance(&scores(0.9, 0.2, 0.1), cuts), None, "discussed");
        assert_eq!(story_stance(&scores(0.3, 0.9, 0.0), cuts), None, "unrelated");
    }

    #[test]
    fn a_story_is_also_worded_by_the_leads_most_of_its_reports_share() {
        let texts = [
            "A museum guard found the stolen painting in a storage room. Police are investigating.",
            "The stolen painting was found in a storage room of the museum, police said. More follows.",
            "Critics mocked the museum's new website on Monday. The stolen painting was found in a storage room.",
            "The stolen painting turned up in a museum storage room, a guard said on Tuesday.",
        ]
        .map(VoiceText::of);
        let members: Vec<&VoiceText> = texts.iter().collect();
        let first = "Critics mocked the museum's new website on Monday.".to_owned();
        let wordings = story_wordings(first.clone(), &members, 3);
        assert_eq!(wordings.len(), 3);
        assert_eq!(wordings[0], first, "the central wording stays first");
        assert!(wordings[1..].iter().all(|w| w.contains("painting")), "{wordings:?}");
        assert_eq!(story_wordings(first.clone(), &members, 1).len(), 1, "one wording: the central one");
        assert_eq!(story_wordings(first, &members[..3], 3).len(), 1, "three reports: one wording");
    }
}
