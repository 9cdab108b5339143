//! Reading the ledger: propositions with verdicts, stories, entity histories.
//!
//! The stored links are pairwise; propositions are their connected components (union-find) within
//! one story, computed when the ledger is read, named after their earliest stored member, so the
//! same however the links were found. Each outlet's own voice (`voice`) is added to them here. Stories are grouped from the stored articles' terms when the ledger is read
//! (`stories`), in storing order, so they too do not depend on when articles were read.

use std::collections::{BTreeMap, BTreeSet};

use hearsay_schema::ledger::{
    ClaimItem, EntityRef, EntityReport, ExplainedArticle, ExplainedOrigin, Explanation, LedgerClaim, Origin,
    OriginCount, Proposition, PropositionSummary, RelatedProposition, RoleSeen, Story, StoryArticle, StoryEntity,
    TimelineEntry, TimelineKind, Verdict,
};
use hearsay_schema::{EntityType, Stance};
use hearsay_store::Backend;

use crate::features::{fold, ArticleItem};
use crate::stories::{cluster, StoryInput, StoryParams, StoryTerms};
use crate::update::claim_key;
use crate::voice::{
    askable, content_words, entry, judge, lead_words, overlap, scores, story_stance, story_wording, story_wordings,
    Question, StanceJudge, StoryCuts, VoiceText, LEAD_OVERLAP, LEAD_SENTENCES, MAX_ARTICLES, STORY_AGREE,
    STORY_ARTICLES, STORY_DISAGREE, STORY_RELATED, STORY_WORDINGS,
};
use crate::{Error, Result};

/// How the ledger is read.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions<'a> {
    /// The stance model that reads each outlet's own voice (default: the built-in FNC-1 model).
    pub stance: Option<&'a StanceJudge<'a>>,
    /// Leave the outlets' own voice out: propositions hold attributed claims only.
    pub no_voice: bool,
    /// Articles are asked about a proposition only when one of its claims is among the first
    /// this many sentences of its article (0: [`crate::voice::LEAD_SENTENCES`]).
    pub lead_sentences: u32,
    /// An article is asked about a proposition only when its own first sentences hold this share
    /// of the proposition's content words (0: [`crate::voice::LEAD_OVERLAP`]): what it reports
    /// first is what it is about, and two reports of other claims about the same events share
    /// the background, not the lead.
    pub lead_overlap: f32,
    /// Let a proposition hold claims of several stories (by default each story's claims are its own
    /// propositions).
    pub across_stories: bool,
    /// Leave out each story's own propositions (its central claims, with each article's stance).
    pub no_story_claims: bool,
    /// The stance model's related probability above which an article's stance toward a story's
    /// own proposition is read (0: [`crate::voice::STORY_RELATED`]).
    pub story_related: f32,
    /// The stance model's agree probability at which an article affirms its story's own
    /// proposition (0: [`crate::voice::STORY_AGREE`]).
    pub story_agree: f32,
    /// The stance model's disagree probability at which an article denies its story's own
    /// proposition (0: [`crate::voice::STORY_DISAGREE`]).
    pub story_disagree: f32,
}

/// Which propositions to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PropositionFilter {
    /// Only propositions with this entity among their actors or in their text (name or alias).
    pub about: Option<String>,
    /// Only propositions with a claim published on or after this date (YYYY-MM-DD).
    pub since: Option<String>,
}

/// The ledger as read from a store.
#[derive(Debug, Clone)]
pub struct Ledger {
    articles: BTreeMap<String, ArticleItem>,
    /// Claims read (each is held once, in its proposition).
    claim_count: usize,
    /// Claim key -> proposition id.
    proposition_of: BTreeMap<String, String>,
    propositions: BTreeMap<String, Proposition>,
    stories: BTreeMap<String, Story>,
    /// Article id -> its earliest near-duplicate original.
    copy_of: BTreeMap<String, String>,
    /// Former or other names of a proposition -> its id.
    redirects: BTreeMap<String, String>,
}

impl Ledger {
    /// Brings the store's ledger up to date (without embeddings), then reads it.
    pub fn load(store: &mut dyn Backend) -> Result<Ledger> {
        crate::update(store, &crate::UpdateOptions::default())?;
        Ledger::read(store)
    }

    /// Reads the stored ledger as it is (see [`crate::update`] to bring it up to date first), with
    /// the outlets' own voice read by the built-in stance model.
    pub fn read(store: &dyn Backend) -> Result<Ledger> {
        Ledger::read_with(store, &ReadOptions::default())
    }

    /// Reads the stored ledger as it is, as `options` say.
    pub fn read_with(store: &dyn Backend, options: &ReadOptions<'_>) -> Result<Ledger> {
        let mut articles = BTreeMap::new();
        let mut texts: BTreeMap<String, VoiceText> = BTreeMap::new();
        let mut claim_seq: BTreeMap<String, i64> = BTreeMap::new();
        let mut claims = BTreeMap::new();
        let mut story_terms = BTreeMap::new();
        // One kind of item at a time, each parsed as it is read: the JSON of the whole ledger is
        // never held at once.
        let mut damaged: Option<Error> = None;
        each_item(store, "a:", &mut damaged, |item, article: ArticleItem| {
            articles.insert(item.key[2..].to_owned(), article);
        })?;
        each_item(store, "t:", &mut damaged, |item, terms: StoryTerms| {
            story_terms.insert(item.key[2..].to_owned(), (item.article_seq, terms));
        })?;
        each_item(store, "x:", &mut damaged, |item, text: VoiceText| {
            texts.insert(item.key[2..].to_owned(), text);
        })?;
        each_item(store, "c:", &mut damaged, |item, claim: ClaimItem| {
            claim_seq.insert(item.key.clone(), item.article_seq);
            claims.insert(item.key, claim);
        })?;
        if let Some(error) = damaged {
            return Err(error);
        }
        let copy_of = copy_roots(store)?;
        let edges = store.ledger_edges()?;

        // Propositions: components of `same` links among claims.
        let mut claim_sets = UnionFind::new(claims.keys().cloned());
        for edge in edges.iter().filter(|edge| edge.relation == "same") {
            claim_sets.union(&edge.a, &edge.b);
        }
        // Stories: articles grouped by what they say (see `stories`), read in storing order.
        let online = crate::kept::placed_online(store.ledger_state("stories")?.as_deref());
        let (story_members, story_titles, story_nearest) = group_stories(&articles, &story_terms, &copy_of, online);
        drop(story_terms);
        let story_of: BTreeMap<String, String> = story_members
            .iter()
            .flat_map(|(story, ids)| ids.iter().map(move |id| (id.clone(), story.clone())))
            .collect();

        // A proposition is one component within one story: the same words about other events
        // ("the suspect was shot", "a gunman fired shots at the memorial" in the report of another
        // claim) are another proposition, and a chain of links does not run from one story into the
        // next.
        let mut groups: BTreeMap<(String, Option<&String>), Vec<String>> = BTreeMap::new();
        for (key, claim) in &claims {
            let story = if options.across_stories { None } else { story_of.get(&claim.article) };
            groups.entry((claim_sets.find(key), story)).or_default().push(key.clone());
        }
        let mut proposition_of = BTreeMap::new();
        let mut members: BTreeMap<String, Vec<String>> = BTreeMap::new();
        // A proposition is named after its earliest stored claim, so a claim joining later leaves
        // its id as it was; every other member's name redirects to it (a proposition merged
        // into another was named after one of its claims, now a member of the other).
        let mut redirects = BTreeMap::new();
        for keys in groups.into_values() {
            let first = keys.iter().min_by_key(|key| (claim_seq.get(*key), *key)).unwrap_or(&keys[0]);
            let id = proposition_id(first);
            for key in &keys {
                proposition_of.insert(key.clone(), id.clone());
                let alias = proposition_id(key);
                if alias != id {
                    redirects.insert(alias, id.clone());
                }
            }
            members.insert(id, keys);
        }

        // Links between propositions.
        let mut related: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
        for edge in &edges {
            let (Some(pa), Some(pb)) = (proposition_of.get(&edge.a), proposition_of.get(&edge.b)) else { continue };
            if pa == pb {
                continue;
            }
            match edge.relation.as_str() {
                "related" => {
                    related.entry(pa.clone()).or_default().insert((pb.clone(), "related".into()));
                    related.entry(pb.clone()).or_default().insert((pa.clone(), "related".into()));
                }
                "responds-to" => {
                    // Which end answers which: the one whose content is about the other's claimant.
                    let (ca, cb) = (&claims[&edge.a], &claims[&edge.b]);
                    let a_answers = cb.claimant_key.as_ref().is_some_and(|key| ca.frame.responds_to.contains(key));
                    let (responder, answered) = if a_answers { (pa, pb) } else { (pb, pa) };
                    related.entry(responder.clone()).or_default().insert((answered.clone(), "responds-to".into()));
                    related.entry(answered.clone()).or_default().insert((responder.clone(), "responded-by".into()));
                }
                _ => {}
            }
        }

        // Each claim moves into its proposition: the ledger holds it once.
        let claim_count = claims.len();
        let mut propositions = BTreeMap::new();
        for (id, keys) in members {
            let entries: Vec<LedgerClaim> =
                keys.iter().filter_map(|key| claims.remove(key)).map(|claim| claim_entry(claim, &copy_of)).collect();
            let proposition = build_proposition(&id, entries, &articles, &copy_of, &story_of);
            propositions.insert(id, proposition);
        }
        drop(claims);
        let judge: Option<&StanceJudge<'_>> = match (options.no_voice, options.stance) {
            (true, _) => None,
            (false, Some(judge)) => Some(judge),
            (false, None) => StanceJudge::builtin(),
        };
        if let Some(judge) = judge {
            let lead = if options.lead_sentences == 0 { LEAD_SENTENCES } else { options.lead_sentences };
            let share = if options.lead_overlap <= 0.0 { LEAD_OVERLAP } else { options.lead_overlap };
            let heard = hear_voices(
                judge,
                (lead, share),
                &propositions,
                &story_members,
                &story_of,
                &articles,
                &texts,
                &copy_of,
            );
            for (id, voice) in heard {
                let Some(before) = propositions.remove(&id) else { continue };
                let mut entries: Vec<LedgerClaim> = before.claims.into_iter().filter(|entry| !entry.voice).collect();
                entries.extend(voice);
                let proposition = build_proposition(&id, entries, &articles, &copy_of, &story_of);
                propositions.insert(id, proposition);
            }
        }
        // Each story's own propositions: its central claims, and each article's stance toward them.
        let mut story_claims: BTreeMap<String, Vec<String>> = BTreeMap::new();
        if let (Some(judge), false) = (judge, options.no_story_claims) {
            let or = |value: f32, default: f32| if value <= 0.0 { default } else { value };
            let cuts = StoryCuts {
                related: or(options.story_related, STORY_RELATED),
                agree: or(options.story_agree, STORY_AGREE),
                disagree: or(options.story_disagree, STORY_DISAGREE),
            };
            // Each story's wordings, and the articles asked (at most STORY_ARTICLES a story, copies
            // left out): the questions are bounded by the story's size, never the corpus.
            let mut wordings: BTreeMap<&String, Vec<String>> = BTreeMap::new();
            let mut asked_members: BTreeMap<&String, Vec<&str>> = BTreeMap::new();
            for (story, ids) in &story_members {
                let members: Vec<&str> = ids
                    .iter()
                    .filter(|id| !copy_of.contains_key(*id) && articles.contains_key(*id))
                    .take(STORY_ARTICLES)
                    .map(String::as_str)
                    .collect();
                if members.len() < 2 {
                    continue;
                }
                let title = story_titles.get(story).cloned().flatten();
                let nearest = story_nearest.get(story).and_then(|id| texts.get(id));
                let Some(first) = story_wording(title.as_deref(), nearest) else { continue };
                let leads: Vec<&VoiceText> = members.iter().filter_map(|id| texts.get(*id)).collect();
                wordings.insert(story, story_wordings(first, &leads, STORY_WORDINGS));
                asked_members.insert(story, members);
            }
            let mut asked: Vec<(&String, usize, &str)> = Vec::new();
            for (story, members) in &asked_members {
                for index in 0..wordings[story].len() {
                    asked.extend(members.iter().map(|article| (*story, index, *article)));
                }
            }
            let questions: Vec<Question<'_>> = asked
                .iter()
                .map(|(story, index, article)| Question { wording: wordings[story][*index].as_str(), article })
                .collect();
            let answers = scores(judge, &questions, &texts);
            let mut heard: BTreeMap<(&String, usize), Vec<LedgerClaim>> = BTreeMap::new();
            for ((story, index, article), answer) in asked.into_iter().zip(answers) {
                let Some(stance) = story_stance(&answer, cuts) else { continue };
                let wording = &wordings[story][index];
                heard.entry((story, index)).or_default().push(entry(
                    &articles[article],
                    &texts[article],
                    wording,
                    stance,
                ));
            }
            for ((story, index), voice) in heard {
                let voiced: BTreeSet<&str> = voice.iter().map(|v| v.item.article.as_str()).collect();
                if voiced.len() < 2 {
                    continue;
                }
                let wording = &wordings[story][index];
                // The central wording is named after the story; another after its words, so that
                // its id stays while the story's other wordings change.
                let name =
                    if index == 0 { format!("story:{story}") } else { format!("story:{story}:{}", fold(wording)) };
                let id = proposition_id(&name);
                let mut proposition = build_proposition(&id, voice, &articles, &copy_of, &story_of);
                proposition.text.clone_from(wording);
                story_claims.entry(story.clone()).or_default().push(id.clone());
                propositions.insert(id, proposition);
            }
        }
        // The outlets' own voice is heard: their texts are not needed any more.
        drop(texts);
        for (id, links) in related {
            let entries: Vec<RelatedProposition> = links
                .into_iter()
                .map(|(other, relation)| RelatedProposition {
                    text: propositions[&other].text.clone(),
                    id: other,
                    relation,
                })
                .collect();
            if let Some(proposition) = propositions.get_mut(&id) {
                proposition.related = entries;
            }
        }

        let mut stories = BTreeMap::new();
        for (id, ids) in &story_members {
            let title = story_titles.get(id).cloned().flatten();
            let own = story_claims.get(id).map_or(&[][..], Vec::as_slice);
            let story = build_story(id, title, ids, (&articles, &copy_of), &proposition_of, &propositions, own);
            stories.insert(story.id.clone(), story);
        }
        Ok(Ledger { articles, claim_count, proposition_of, propositions, stories, copy_of, redirects })
    }

    /// The part of a ledger a lookup read from the store (`stored.rs`, `index.rs`): some articles,
    /// some propositions, and which of their articles copy which.
    pub(crate) fn of_parts(
        articles: BTreeMap<String, ArticleItem>,
        propositions: BTreeMap<String, Proposition>,
        copy_of: BTreeMap<String, String>,
    ) -> Ledger {
        let proposition_of: BTreeMap<String, String> = propositions
            .values()
            .flat_map(|p| {
                p.claims.iter().filter(|c| !c.voice).map(|c| (claim_key(&c.item.article, &c.item.claim), p.id.clone()))
            })
            .collect();
        Ledger {
            articles,
            claim_count: proposition_of.len(),
            proposition_of,
            propositions,
            stories: BTreeMap::new(),
            copy_of,
            redirects: BTreeMap::new(),
        }
    }

    /// The story `id` of these articles (`ids`), with the propositions of this part of the ledger
    /// ([`crate::story_rows`]).
    pub(crate) fn story_of_part(&self, id: &str, title: Option<String>, ids: &[String]) -> Story {
        build_story(id, title, ids, (&self.articles, &self.copy_of), &self.proposition_of, &self.propositions, &[])
    }

    /// Propositions matching `filter`, the most independently sourced first.
    pub fn propositions(&self, filter: &PropositionFilter) -> Vec<&Proposition> {
        let about_keys = filter.about.as_deref().map(|name| self.keys_named(name));
        let mut found: Vec<&Proposition> = self
            .propositions
            .values()
            .filter(|p| {
                filter.since.as_deref().is_none_or(|since| {
                    p.claims
                        .iter()
                        .any(|c| c.item.published.as_deref().is_some_and(|d| d.get(..10).unwrap_or(d) >= since))
                })
            })
            .filter(|p| match (&about_keys, filter.about.as_deref()) {
                (Some(keys), Some(name)) => {
                    p.actors.iter().any(|actor| keys.contains(&actor.key))
                        || p.claims.iter().any(|c| c.item.claimant_key.as_ref().is_some_and(|k| keys.contains(k)))
                        || fold(&p.text).contains(&fold(name))
                }
                _ => true,
            })
            .collect();
        found.sort_by(|a, b| {
            b.origins
                .len()
                .cmp(&a.origins.len())
                .then(b.claims.len().cmp(&a.claims.len()))
                .then(b.last_seen.cmp(&a.last_seen))
                .then(a.id.cmp(&b.id))
        });
        found
    }

    /// One proposition by id (or unique id prefix), or by an id it had before other claims joined
    /// it or it was merged into another.
    pub fn proposition(&self, id: &str) -> Option<&Proposition> {
        let id = self.redirects.get(id).map_or(id, String::as_str);
        self.propositions.get(id).or_else(|| {
            let mut matches = self.propositions.range(id.to_owned()..).take_while(|(key, _)| key.starts_with(id));
            let first = matches.next()?;
            matches.next().is_none().then_some(first.1)
        })
    }

    /// The proposition a claim belongs to: `article` id and claim id ("c3").
    pub fn proposition_of_claim(&self, article: &str, claim: &str) -> Option<&Proposition> {
        self.proposition_of.get(&claim_key(article, claim)).and_then(|id| self.propositions.get(id))
    }

    /// Why a proposition has its verdict: the independent origins affirming and denying it, with
    /// their articles; the articles that are near-duplicates of one another; the origins that
    /// several independent articles all cite.
    pub fn explain(&self, proposition: &Proposition) -> Explanation {
        let group = |article: &str| self.copy_of.get(article).cloned().unwrap_or_else(|| article.to_owned());
        let mut sides: BTreeMap<(Stance, String), ExplainedOrigin> = BTreeMap::new();
        let mut copies: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        // Each origin's articles once, in the claims' order: a set, since a proposition of 10,000
        // copies has one origin in 10,000 articles.
        let mut listed: BTreeSet<(Stance, &str, &str)> = BTreeSet::new();
        for claim in &proposition.claims {
            let item = &claim.item;
            let origin = sides.entry((claim.polarity, item.origin.key.clone())).or_insert_with(|| ExplainedOrigin {
                key: item.origin.key.clone(),
                name: item.origin.name.clone(),
                evidence: if claim.voice { "voice" } else { "claim" }.to_owned(),
                articles: Vec::new(),
                article_count: 0,
            });
            if listed.insert((claim.polarity, item.origin.key.as_str(), item.article.as_str())) {
                origin.article_count += 1;
                origin.articles.push(ExplainedArticle {
                    id: item.article.clone(),
                    outlet: item.outlet.clone(),
                    published: item.published.clone(),
                    copy_of: claim.copy_of.clone(),
                });
            }
            copies.entry(group(&item.article)).or_default().insert(item.article.clone());
        }
        let affirming_articles: BTreeSet<String> = proposition
            .claims
            .iter()
            .filter(|c| c.polarity == Stance::Affirm)
            .map(|c| group(&c.item.article))
            .collect();
        let mut affirm = Vec::new();
        let mut deny = Vec::new();
        let mut same_origin = Vec::new();
        for ((stance, _), origin) in sides {
            let independent: BTreeSet<String> = origin.articles.iter().map(|a| group(&a.id)).collect();
            if independent.len() >= 2 {
                same_origin.push(origin.clone());
            }
            if stance == Stance::Affirm {
                affirm.push(origin);
            } else {
                deny.push(origin);
            }
        }
        let copies: Vec<Vec<String>> = copies
            .into_iter()
            .filter(|(_, members)| members.len() >= 2)
            .map(|(original, members)| {
                std::iter::once(original.clone()).chain(members.into_iter().filter(|m| *m != original)).collect()
            })
            .collect();
        let reason = match proposition.verdict {
            Verdict::Contested => format!("{} origin(s) affirm it and {} deny it", affirm.len(), deny.len()),
            Verdict::Denied => format!("{} origin(s) deny it and none affirms it", deny.len()),
            Verdict::Corroborated => format!(
                "{} independent origins affirm it, in {} articles that are not copies of one another, and none denies it",
                affirm.len(),
                affirming_articles.len()
            ),
            Verdict::Repeated if affirm.len() >= 2 => format!(
                "{} origins affirm it, but all in one article (with its copies): an article never corroborates itself",
                affirm.len()
            ),
            Verdict::Repeated => "one origin affirms it, carried by several articles".to_owned(),
            Verdict::SingleSource if affirm.len() >= 2 => format!(
                "{} origins affirm it, but all in one article: an article never corroborates itself",
                affirm.len()
            ),
            Verdict::SingleSource => "one origin in one article affirms it".to_owned(),
        };
        Explanation {
            id: proposition.id.clone(),
            text: proposition.text.clone(),
            verdict: proposition.verdict,
            reason,
            affirm,
            deny,
            affirming_articles: affirming_articles.len(),
            copies,
            same_origin,
        }
    }

    /// Every story, the one with the most articles first.
    pub fn stories(&self) -> Vec<&Story> {
        let mut all: Vec<&Story> = self.stories.values().collect();
        all.sort_by(|a, b| b.articles.len().cmp(&a.articles.len()).then(b.last.cmp(&a.last)).then(a.id.cmp(&b.id)));
        all
    }

    /// One story by id.
    pub fn story(&self, id: &str) -> Option<&Story> {
        self.stories.get(id)
    }

    /// Number of articles, claims, propositions and stories read.
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        (self.articles.len(), self.claim_count, self.propositions.len(), self.stories.len())
    }

    /// Entity keys whose name, alias or key matches `name` (case and accents ignored).
    pub(crate) fn keys_named(&self, name: &str) -> BTreeSet<String> {
        // "Mohammed Sadr" finds the person stored as "Mohammad Sadr": compare person keys too.
        let (wanted, as_person) = crate::features::name_keys(name);
        let mut keys = BTreeSet::new();
        for article in self.articles.values() {
            for entity in &article.entities {
                let names = std::iter::once(&entity.name).chain(&entity.aliases);
                let hit = entity.key == wanted
                    || (wanted.contains(' ') && entity.key == as_person)
                    || entity.key.split_once(':').is_some_and(|(_, rest)| rest == wanted)
                    || names.map(|n| fold(n)).any(|n| n == wanted || n.strip_prefix("the ") == Some(wanted.as_str()));
                if hit {
                    keys.insert(entity.key.clone());
                }
            }
        }
        keys
    }

    /// One entity across the corpus: the entity named `name` that most articles mention.
    pub fn entity(&self, name: &str) -> Option<EntityReport> {
        let keys = self.keys_named(name);
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for article in self.articles.values() {
            for entity in article.entities.iter().filter(|e| keys.contains(&e.key)) {
                *counts.entry(entity.key.as_str()).or_default() += 1;
            }
        }
        let key = counts.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?.0.to_string();
        Some(self.entity_report(&key))
    }

    fn entity_report(&self, key: &str) -> EntityReport {
        let mut names: BTreeMap<String, usize> = BTreeMap::new();
        let mut kind = None;
        let mut roles = BTreeSet::new();
        let mut timeline = Vec::new();
        let mut articles = 0;
        for article in self.articles.values() {
            let Some(entity) = article.entities.iter().find(|e| e.key == key) else { continue };
            articles += 1;
            kind = Some(entity.kind);
            *names.entry(entity.name.clone()).or_default() += entity.mentions.max(1) as usize;
            for alias in &entity.aliases {
                names.entry(alias.clone()).or_default();
            }
            for role in &entity.roles {
                roles.insert(RoleSeen {
                    role: role.clone(),
                    published: article.published.clone(),
                    article: article.id.clone(),
                    outlet: article.outlet.clone(),
                });
            }
            timeline.push(TimelineEntry {
                date: article.published.clone(),
                kind: TimelineKind::Mentioned,
                article: article.id.clone(),
                outlet: article.outlet.clone(),
                text: article.title.clone().unwrap_or_default(),
            });
        }
        let name = names
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.len().cmp(&a.0.len())).then(b.0.cmp(a.0)))
            .map(|(n, _)| n.clone())
            .unwrap_or_default();
        let aliases: Vec<String> = names.keys().filter(|n| **n != name).cloned().collect();
        let mut claims_made = Vec::new();
        let mut claims_about = Vec::new();
        let mut proposition_ids = BTreeSet::new();
        // Every claim is in one proposition, as an entry that is not an outlet's voice.
        let all_claims = self.propositions.values().flat_map(|p| p.claims.iter().filter(|c| !c.voice).map(|c| &c.item));
        for claim in all_claims {
            let made = claim.claimant_key.as_deref() == Some(key);
            let about = claim.frame.actors.iter().any(|k| k == key);
            if !(made || about) {
                continue;
            }
            let entry = self.ledger_claim(claim);
            let date = claim.out.time.clone().filter(|t| t.len() >= 10).or_else(|| claim.published.clone());
            if made {
                timeline.push(TimelineEntry {
                    date,
                    kind: TimelineKind::Claimed,
                    article: claim.article.clone(),
                    outlet: claim.outlet.clone(),
                    text: claim.out.content.clone(),
                });
                claims_made.push(entry);
            } else {
                timeline.push(TimelineEntry {
                    date,
                    kind: TimelineKind::ClaimedAbout,
                    article: claim.article.clone(),
                    outlet: claim.outlet.clone(),
                    text: claim.out.content.clone(),
                });
                claims_about.push(entry);
            }
            if about {
                if let Some(id) = self.proposition_of.get(&claim_key(&claim.article, &claim.claim)) {
                    proposition_ids.insert(id.clone());
                }
            }
        }
        timeline.sort();
        let by_date = |a: &LedgerClaim, b: &LedgerClaim| {
            a.item
                .published
                .cmp(&b.item.published)
                .then(a.item.article.cmp(&b.item.article))
                .then(a.item.out.content_span.start.cmp(&b.item.out.content_span.start))
                .then(a.item.claim.cmp(&b.item.claim))
        };
        claims_made.sort_by(by_date);
        claims_about.sort_by(by_date);
        let mut propositions: Vec<PropositionSummary> =
            proposition_ids.iter().map(|id| summary(&self.propositions[id])).collect();
        propositions.sort_by(|a, b| b.claims.cmp(&a.claims).then(a.id.cmp(&b.id)));
        // Every key read here came from an article's entity, so one was found.
        let kind = kind.unwrap_or(EntityType::Person);
        EntityReport {
            key: key.to_owned(),
            name,
            kind,
            aliases,
            articles,
            roles: roles.into_iter().collect(),
            claims_made,
            claims_about,
            propositions,
            timeline,
        }
    }

    fn ledger_claim(&self, claim: &ClaimItem) -> LedgerClaim {
        LedgerClaim {
            item: claim.clone(),
            polarity: polarity(claim, claim.frame.negated),
            copy_of: self.copy_of.get(&claim.article).cloned(),
            voice: false,
        }
    }
}

/// Each stored near-duplicate's earliest original.
pub(crate) fn copy_roots(store: &dyn Backend) -> Result<BTreeMap<String, String>> {
    let direct: BTreeMap<String, String> =
        store.all_copies()?.into_iter().map(|(copy, original)| (copy.to_string(), original.to_string())).collect();
    // Copies point at the earliest stored member of their group; follow chains anyway.
    Ok(direct
        .keys()
        .map(|copy| {
            let mut root = copy.clone();
            let mut steps = 0;
            while let Some(next) = direct.get(&root) {
                root.clone_from(next);
                steps += 1;
                if steps > 64 {
                    break;
                }
            }
            (copy.clone(), root)
        })
        .collect())
}

/// The story step's inputs: each article read by the ledger, with its stored terms (none: read
/// last, with no terms) and the original it is a near-duplicate of.
pub(crate) fn story_inputs<'a>(
    articles: &'a BTreeMap<String, ArticleItem>,
    story_terms: &'a BTreeMap<String, (i64, StoryTerms)>,
    copy_of: &'a BTreeMap<String, String>,
) -> Vec<StoryInput<'a>> {
    static NO_TERMS: StoryTerms = StoryTerms { words: Vec::new(), entities: Vec::new() };
    articles
        .values()
        .map(|article| {
            let (seq, terms) = story_terms.get(&article.id).map_or((i64::MAX, &NO_TERMS), |(seq, terms)| (*seq, terms));
            StoryInput {
                id: &article.id,
                seq,
                published: article.published.as_deref(),
                has_title: article.title.is_some(),
                copy_of: copy_of.get(&article.id).map(String::as_str),
                terms,
            }
        })
        .collect()
}

/// Groups the articles into stories: story id -> member ids (storing order), and each story's
/// title. Near-duplicates join their original's story. `online`: the stories are placed online
/// (a store beyond [`crate::online::ONLINE_FROM`] articles, see [`crate::kept`]).
pub(crate) fn group_stories(
    articles: &BTreeMap<String, ArticleItem>,
    story_terms: &BTreeMap<String, (i64, StoryTerms)>,
    copy_of: &BTreeMap<String, String>,
    online: bool,
) -> (BTreeMap<String, Vec<String>>, BTreeMap<String, Option<String>>, BTreeMap<String, String>) {
    let inputs = story_inputs(articles, story_terms, copy_of);
    let clustering = if online {
        crate::online::cluster(&inputs, &crate::online::OnlineParams::default())
    } else {
        cluster(&inputs, &StoryParams::default())
    };
    let mut members = BTreeMap::new();
    let mut titles = BTreeMap::new();
    let mut nearest = BTreeMap::new();
    for story in clustering.stories {
        let id = crate::stories::story_id(inputs[story.members[0]].id);
        let ids: Vec<String> = story.members.iter().map(|&i| inputs[i].id.to_owned()).collect();
        titles.insert(id.clone(), story.central.and_then(|i| articles[inputs[i].id].title.clone()));
        if let Some(i) = story.nearest {
            nearest.insert(id.clone(), inputs[i].id.to_owned());
        }
        members.insert(id, ids);
    }
    (members, titles, nearest)
}

/// The verdict from the affirming and denying origins, the independent articles affirming, and
/// all the articles (copies included).
pub(crate) fn verdict(affirming: usize, denying: usize, affirming_articles: usize, articles: usize) -> Verdict {
    match (affirming, denying) {
        (a, d) if a > 0 && d > 0 => Verdict::Contested,
        (0, _) => Verdict::Denied,
        (a, _) if a >= 2 && affirming_articles >= 2 => Verdict::Corroborated,
        _ if articles >= 2 => Verdict::Repeated,
        _ => Verdict::SingleSource,
    }
}

fn proposition_id(smallest_claim_key: &str) -> String {
    let hash = blake3::hash(smallest_claim_key.as_bytes()).to_hex();
    format!("p-{}", &hash[..12])
}

/// The claimant's stance toward a wording that is negated or not (see [`LedgerClaim::polarity`]).
fn polarity(claim: &ClaimItem, wording_negated: bool) -> Stance {
    if claim.frame.negated != wording_negated {
        claim.out.stance.reversed()
    } else {
        claim.out.stance
    }
}

/// Each proposition's voice entries: the articles of its stories that do not carry it, asked
/// whether they agree with its wording (see [`crate::voice`]).
#[expect(clippy::too_many_arguments, reason = "the parts of the ledger read so far")]
fn hear_voices(
    stance: &StanceJudge<'_>,
    (lead, share): (u32, f32),
    propositions: &BTreeMap<String, Proposition>,
    story_members: &BTreeMap<String, Vec<String>>,
    story_of: &BTreeMap<String, String>,
    articles: &BTreeMap<String, ArticleItem>,
    texts: &BTreeMap<String, VoiceText>,
    copy_of: &BTreeMap<String, String>,
) -> BTreeMap<String, Vec<LedgerClaim>> {
    let leads: BTreeMap<&str, BTreeSet<String>> =
        texts.iter().map(|(id, text)| (id.as_str(), lead_words(text, lead as usize))).collect();
    let mut asked: Vec<(&str, &str)> = Vec::new();
    for (id, proposition) in propositions {
        // What an article is about is in its first sentences; a proposition stated further down
        // is background ("a gunman fired shots at the memorial") that reports of other claims
        // about the same events share.
        if !askable(&proposition.text) || !proposition.claims.iter().any(|c| c.item.out.sentence < lead) {
            continue;
        }
        let wording = content_words(&proposition.text);
        let carrying: BTreeSet<&str> = proposition
            .claims
            .iter()
            .map(|c| copy_of.get(&c.item.article).map_or(c.item.article.as_str(), String::as_str))
            .collect();
        let stories: BTreeSet<&String> = carrying.iter().filter_map(|a| story_of.get(*a)).collect();
        let candidates = stories
            .into_iter()
            .flat_map(|story| story_members.get(story).into_iter().flatten())
            .filter(|article| !carrying.contains(article.as_str()) && !copy_of.contains_key(*article))
            .filter(|article| articles.contains_key(*article))
            .filter(|article| leads.get(article.as_str()).is_some_and(|words| overlap(&wording, words) >= share))
            .take(MAX_ARTICLES);
        for article in candidates {
            asked.push((id.as_str(), article.as_str()));
        }
    }
    let questions: Vec<Question<'_>> =
        asked.iter().map(|(id, article)| Question { wording: propositions[*id].text.as_str(), article }).collect();
    let answers = judge(stance, &questions, texts);
    let mut heard: BTreeMap<String, Vec<LedgerClaim>> = BTreeMap::new();
    for ((id, article), answer) in asked.into_iter().zip(answers) {
        let Some(polarity) = answer else { continue };
        let voice = entry(&articles[article], &texts[article], &propositions[id].text, polarity);
        heard.entry(id.to_owned()).or_default().push(voice);
    }
    heard
}

pub(crate) fn summary(proposition: &Proposition) -> PropositionSummary {
    PropositionSummary {
        id: proposition.id.clone(),
        text: proposition.text.clone(),
        verdict: proposition.verdict,
        claims: proposition.claims.len(),
    }
}

/// A claim as an entry of its proposition (its polarity is set when the proposition is built).
fn claim_entry(claim: ClaimItem, copy_of: &BTreeMap<String, String>) -> LedgerClaim {
    LedgerClaim { polarity: claim.out.stance, copy_of: copy_of.get(&claim.article).cloned(), item: claim, voice: false }
}

/// A proposition from its entries: its claims and any outlets' voice.
pub(crate) fn build_proposition(
    id: &str,
    mut entries: Vec<LedgerClaim>,
    articles: &BTreeMap<String, ArticleItem>,
    copy_of: &BTreeMap<String, String>,
    story_of: &BTreeMap<String, String>,
) -> Proposition {
    entries.sort_by(|a, b| {
        a.item
            .published
            .cmp(&b.item.published)
            .then(a.item.article.cmp(&b.item.article))
            .then(a.item.out.content_span.start.cmp(&b.item.out.content_span.start))
    });
    // The wording shown is the earliest claim's that does not negate itself; each claim's
    // polarity is its stance toward that wording ("X did not supply" denies "X supplied").
    // An outlet's own voice is already a stance toward that wording, and is never the wording.
    let representative = entries
        .iter()
        .find(|e| !e.voice && !e.item.frame.negated)
        .or_else(|| entries.iter().find(|e| !e.voice))
        .or(entries.first());
    let representative_negated = representative.is_some_and(|e| e.item.frame.negated);
    for entry in entries.iter_mut().filter(|e| !e.voice) {
        entry.polarity = polarity(&entry.item, representative_negated);
    }
    // Independence: an origin counts once per stance; an article counts once with its copies.
    let group = |article: &str| copy_of.get(article).cloned().unwrap_or_else(|| article.to_owned());
    let mut by_origin: BTreeMap<(String, Stance), (Origin, BTreeSet<String>)> = BTreeMap::new();
    let mut all_articles = BTreeSet::new();
    let mut raw_articles = BTreeSet::new();
    for entry in &entries {
        let slot = by_origin
            .entry((entry.item.origin.key.clone(), entry.polarity))
            .or_insert_with(|| (entry.item.origin.clone(), BTreeSet::new()));
        slot.1.insert(group(&entry.item.article));
        all_articles.insert(group(&entry.item.article));
        raw_articles.insert(entry.item.article.clone());
    }
    let origins: Vec<OriginCount> = by_origin
        .iter()
        .map(|((key, stance), (origin, articles))| OriginCount {
            key: key.clone(),
            name: origin.name.clone(),
            stance: *stance,
            articles: articles.len(),
        })
        .collect();
    let affirming: BTreeSet<&str> =
        origins.iter().filter(|o| o.stance == Stance::Affirm).map(|o| o.key.as_str()).collect();
    let denying: BTreeSet<&str> = origins.iter().filter(|o| o.stance == Stance::Deny).map(|o| o.key.as_str()).collect();
    // One article never corroborates itself: two origins are independent only in two articles
    // that are not near-duplicates of each other.
    let affirming_articles: BTreeSet<String> =
        entries.iter().filter(|e| e.polarity == Stance::Affirm).map(|e| group(&e.item.article)).collect();
    let verdict = verdict(affirming.len(), denying.len(), affirming_articles.len(), raw_articles.len());
    let representative = entries
        .iter()
        .find(|e| !e.voice && !e.item.frame.negated)
        .or_else(|| entries.iter().find(|e| !e.voice))
        .or(entries.first());
    let text = representative.map(|e| e.item.out.content.clone()).unwrap_or_default();
    let actors = representative
        .map(|e| {
            let names: BTreeMap<&str, &str> = articles
                .get(&e.item.article)
                .map(|a| a.entities.iter().map(|entity| (entity.key.as_str(), entity.name.as_str())).collect())
                .unwrap_or_default();
            e.item
                .frame
                .actors
                .iter()
                .map(|key| EntityRef {
                    key: key.clone(),
                    name: names.get(key.as_str()).map_or_else(|| key.clone(), |n| (*n).to_owned()),
                })
                .collect()
        })
        .unwrap_or_default();
    let dates: Vec<&String> = entries.iter().filter_map(|e| e.item.published.as_ref()).collect();
    let story = entries.first().and_then(|e| story_of.get(&e.item.article)).cloned();
    Proposition {
        id: id.to_owned(),
        text,
        actors,
        verdict,
        origins,
        articles: all_articles.len(),
        first_seen: dates.iter().min().map(|d| (*d).clone()),
        last_seen: dates.iter().max().map(|d| (*d).clone()),
        story,
        claims: entries,
        related: Vec::new(),
    }
}

fn build_story(
    id: &str,
    title: Option<String>,
    ids: &[String],
    (articles, copy_of): (&BTreeMap<String, ArticleItem>, &BTreeMap<String, String>),
    proposition_of: &BTreeMap<String, String>,
    propositions: &BTreeMap<String, Proposition>,
    own: &[String],
) -> Story {
    let mut members: Vec<&ArticleItem> = ids.iter().filter_map(|id| articles.get(id)).collect();
    members.sort_by(|a, b| a.published.cmp(&b.published).then(a.id.cmp(&b.id)));
    let outlets: BTreeSet<String> = members.iter().filter_map(|a| a.outlet.clone()).collect();
    let mut entity_counts: BTreeMap<&str, (usize, &str, EntityType)> = BTreeMap::new();
    let mut events = BTreeSet::new();
    for article in &members {
        let mut seen = BTreeSet::new();
        for entity in &article.entities {
            if seen.insert(entity.key.as_str()) {
                let slot = entity_counts.entry(entity.key.as_str()).or_insert((0, entity.name.as_str(), entity.kind));
                slot.0 += 1;
            }
        }
        events.extend(article.events.iter().cloned());
    }
    let mut entities: Vec<StoryEntity> = entity_counts
        .into_iter()
        .map(|(key, (n, name, kind))| StoryEntity { key: key.to_owned(), name: name.to_owned(), kind, articles: n })
        .collect();
    entities.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.key.cmp(&b.key)));
    entities.truncate(12);
    // Claim keys start with `c:{article}:`, so an article's claims are one range of the map.
    let proposition_ids: BTreeSet<&str> = ids
        .iter()
        .flat_map(|id| {
            let start = format!("c:{id}:");
            let end = format!("c:{id};");
            proposition_of.range(start..end).map(|(_, proposition)| proposition.as_str())
        })
        .chain(own.iter().map(String::as_str))
        .collect();
    let mut story_propositions: Vec<PropositionSummary> =
        proposition_ids.into_iter().map(|id| summary(&propositions[id])).collect();
    story_propositions.sort_by(|a, b| b.claims.cmp(&a.claims).then(a.id.cmp(&b.id)));
    Story {
        id: id.to_owned(),
        title,
        articles: members
            .iter()
            .map(|a| StoryArticle {
                id: a.id.clone(),
                title: a.title.clone(),
                outlet: a.outlet.clone(),
                published: a.published.clone(),
                copy_of: copy_of.get(&a.id).cloned(),
            })
            .collect(),
        outlets: outlets.into_iter().collect(),
        first: members.iter().filter_map(|a| a.published.clone()).min(),
        last: members.iter().filter_map(|a| a.published.clone()).max(),
        entities,
        events: events.into_iter().collect(),
        propositions: story_propositions,
    }
}

/// Union-find over string keys; the representative of a set is its smallest key, so results do
/// not depend on the order of unions.
#[derive(Debug)]
struct UnionFind {
    parent: BTreeMap<String, String>,
}

impl UnionFind {
    fn new(keys: impl Iterator<Item = String>) -> UnionFind {
        UnionFind { parent: keys.map(|key| (key.clone(), key)).collect() }
    }

    fn find(&mut self, key: &str) -> String {
        let mut root = key.to_owned();
        while let Some(parent) = self.parent.get(&root) {
            if *parent == root {
                break;
            }
            root = parent.clone();
        }
        // Path compression.
        let mut node = key.to_owned();
        while let Some(parent) = self.parent.get(&node).cloned() {
            if parent == root {
                break;
            }
            self.parent.insert(node, root.clone());
            node = parent;
        }
        root
    }

    fn union(&mut self, a: &str, b: &str) {
        if !self.parent.contains_key(a) || !self.parent.contains_key(b) {
            return;
        }
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        // The smaller key becomes the root, so a set's root is its smallest member.
        let (root, child) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent.insert(child, root);
    }
}

/// Reads the stored items under `prefix` one at a time, each parsed as `T` and handed to `keep`;
/// the first item that does not parse is recorded in `damaged` and the rest are still read.
fn each_item<T: serde::de::DeserializeOwned>(
    store: &dyn Backend,
    prefix: &str,
    damaged: &mut Option<Error>,
    mut keep: impl FnMut(hearsay_store::LedgerItem, T),
) -> Result<()> {
    store.ledger_items_each(prefix, &mut |item| match serde_json::from_str::<T>(&item.json) {
        Ok(value) => keep(item, value),
        Err(error) => {
            damaged.get_or_insert_with(|| Error::Corrupt(format!("ledger item {}: {error}", item.key)));
        }
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_article_never_corroborates_itself() {
        // Two origins affirming, both in one article (with or without copies): not corroborated.
        assert_eq!(verdict(2, 0, 1, 1), Verdict::SingleSource);
        assert_eq!(verdict(2, 0, 1, 3), Verdict::Repeated);
        assert_eq!(verdict(2, 0, 2, 2), Verdict::Corroborated);
        assert_eq!(verdict(1, 1, 1, 2), Verdict::Contested);
        assert_eq!(verdict(0, 2, 0, 2), Verdict::Denied);
    }
}
