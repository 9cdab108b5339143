//! Reading the ledger: propositions with verdicts, stories, entity histories.
//!
//! The stored links are pairwise; propositions are their connected components (union-find),
//! computed when the ledger is read, named after their smallest member, so the same however the
//! links were found. Stories are grouped from the stored articles' terms when the ledger is read
//! (`stories`), in storing order, so they too do not depend on when articles were read.

use std::collections::{BTreeMap, BTreeSet};

use hearsay_store::Backend;
use serde::Serialize;

use crate::features::{fold, ArticleItem, ClaimItem, Origin};
use crate::stories::{cluster, StoryInput, StoryParams, StoryTerms};
use crate::update::claim_key;
use crate::{Error, Result};

/// The verdict of a proposition's sourcing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Two or more independent origins affirm it, and none denies it.
    Corroborated,
    /// Affirmed and denied.
    Contested,
    /// Only denied.
    Denied,
    /// One origin, one article.
    SingleSource,
    /// One origin, many articles: syndicated copies, or reports citing the same source.
    Repeated,
}

impl Verdict {
    /// The verdict's name.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Corroborated => "corroborated",
            Verdict::Contested => "contested",
            Verdict::Denied => "denied",
            Verdict::SingleSource => "single-source",
            Verdict::Repeated => "repeated",
        }
    }
}

/// What is claimed, with every claim that affirms or denies it across the corpus.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposition {
    /// `p-` and 12 hex digits, stable: derived from the smallest claim key in the group.
    pub id: String,
    /// A representative wording: the content of its earliest affirming claim (else earliest).
    pub text: String,
    /// The entities it is about, agent first.
    pub actors: Vec<EntityRef>,
    /// The verdict of its sourcing.
    pub verdict: Verdict,
    /// Independent origins, each with its stance and how many articles carry it.
    pub origins: Vec<OriginCount>,
    /// Distinct articles (near-duplicates counted once) that carry it.
    pub articles: usize,
    /// Earliest publication date among its claims.
    pub first_seen: Option<String>,
    /// Latest publication date among its claims.
    pub last_seen: Option<String>,
    /// The story it belongs to (that of its earliest claim's article).
    pub story: Option<String>,
    /// Every claim, oldest first.
    pub claims: Vec<LedgerClaim>,
    /// Other propositions linked to it.
    pub related: Vec<RelatedProposition>,
}

/// An entity, by corpus key and display name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct EntityRef {
    /// Corpus-wide key (`country:RUS`).
    pub key: String,
    /// Name.
    pub name: String,
}

/// One origin of a proposition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OriginCount {
    /// Origin key.
    pub key: String,
    /// Name.
    pub name: String,
    /// `affirm` or `deny` (what this origin says of the proposition).
    pub stance: String,
    /// Distinct articles carrying it from this origin (near-duplicates counted once).
    pub articles: usize,
}

/// A claim as shown in the ledger: the extracted claim, its article, its origin.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LedgerClaim {
    /// The claim as stored (article, outlet, date, claimant, chain, content, spans...).
    #[serde(flatten)]
    pub item: ClaimItem,
    /// The claimant's stance toward the proposition's wording: the claim's stance, reversed when
    /// one of the two negates itself and the other does not ("Moscow did not supply" denies
    /// "Moscow supplied"). Outside a proposition, the claim's own stance.
    pub polarity: String,
    /// The article this one is a near-duplicate of, if any.
    pub copy_of: Option<String>,
}

/// A link from one proposition to another.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RelatedProposition {
    /// The other proposition.
    pub id: String,
    /// `related` (same actors, another claim), `responds-to` (this one answers the other's
    /// claimant), or `responded-by` (the other answers this one's claimant).
    pub relation: String,
    /// Its text.
    pub text: String,
}

/// Articles telling the same events, across outlets and days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Story {
    /// `s-` and the first 12 hex digits of its first article's id (in storing order).
    pub id: String,
    /// Its most central headline: that of the article closest to the story's centroid.
    pub title: Option<String>,
    /// Its articles, oldest first.
    pub articles: Vec<StoryArticle>,
    /// Distinct outlets.
    pub outlets: Vec<String>,
    /// Earliest publication date.
    pub first: Option<String>,
    /// Latest publication date.
    pub last: Option<String>,
    /// Main entities, by the number of its articles naming them.
    pub entities: Vec<StoryEntity>,
    /// Named events its articles share.
    pub events: Vec<String>,
    /// Its propositions, the most widely sourced first.
    pub propositions: Vec<PropositionSummary>,
}

/// An article in a story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoryArticle {
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// The article it copies, if a near-duplicate.
    pub copy_of: Option<String>,
}

/// An entity in a story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoryEntity {
    /// Key.
    pub key: String,
    /// Name.
    pub name: String,
    /// Type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Articles of the story naming it.
    pub articles: usize,
}

/// A proposition in a listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PropositionSummary {
    /// Id.
    pub id: String,
    /// Text.
    pub text: String,
    /// Verdict.
    pub verdict: Verdict,
    /// Number of claims.
    pub claims: usize,
}

/// One entity across the corpus.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityReport {
    /// Corpus-wide key.
    pub key: String,
    /// The name it is most often given.
    pub name: String,
    /// Type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Every other name it goes by.
    pub aliases: Vec<String>,
    /// Articles naming it.
    pub articles: usize,
    /// Roles given to it, with where and when.
    pub roles: Vec<RoleSeen>,
    /// Claims it made.
    pub claims_made: Vec<LedgerClaim>,
    /// Claims about it (its name is in the content), made by others.
    pub claims_about: Vec<LedgerClaim>,
    /// Propositions it is an actor of.
    pub propositions: Vec<PropositionSummary>,
    /// Everything above in date order.
    pub timeline: Vec<TimelineEntry>,
}

/// A role given to an entity in one article.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RoleSeen {
    /// The role ("Foreign Ministry spokesman").
    pub role: String,
    /// Publication date of the article.
    pub published: Option<String>,
    /// The article.
    pub article: String,
    /// Its outlet.
    pub outlet: Option<String>,
}

/// One dated event in an entity's history.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct TimelineEntry {
    /// Publication date of the article (or the claim's own time where the text gives one).
    pub date: Option<String>,
    /// `mentioned`, `claimed`, `claimed-about`.
    pub kind: String,
    /// The article.
    pub article: String,
    /// Its outlet.
    pub outlet: Option<String>,
    /// Headline or claim content.
    pub text: String,
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
    claims: BTreeMap<String, ClaimItem>,
    /// Claim key -> proposition id.
    proposition_of: BTreeMap<String, String>,
    propositions: BTreeMap<String, Proposition>,
    stories: BTreeMap<String, Story>,
    /// Article id -> its earliest near-duplicate original.
    copy_of: BTreeMap<String, String>,
}

impl Ledger {
    /// Brings the store's ledger up to date (without embeddings), then reads it.
    pub fn load(store: &mut dyn Backend) -> Result<Ledger> {
        crate::update(store, &crate::UpdateOptions::default())?;
        Ledger::read(store)
    }

    /// Reads the stored ledger as it is (see [`crate::update`] to bring it up to date first).
    pub fn read(store: &dyn Backend) -> Result<Ledger> {
        let mut articles = BTreeMap::new();
        let mut claims = BTreeMap::new();
        let mut story_terms = BTreeMap::new();
        for item in store.ledger_items()? {
            if let Some(id) = item.key.strip_prefix("a:") {
                let article: ArticleItem = serde_json::from_str(&item.json).map_err(|error| Error::Corrupt(format!("ledger item {}: {error}", item.key)))?;
                articles.insert(id.to_owned(), article);
            } else if let Some(id) = item.key.strip_prefix("t:") {
                let terms: StoryTerms = serde_json::from_str(&item.json).map_err(|error| Error::Corrupt(format!("ledger item {}: {error}", item.key)))?;
                story_terms.insert(id.to_owned(), (item.article_seq, terms));
            } else if item.key.starts_with("c:") {
                let claim: ClaimItem = serde_json::from_str(&item.json).map_err(|error| Error::Corrupt(format!("ledger item {}: {error}", item.key)))?;
                claims.insert(item.key, claim);
            }
        }
        let copy_of: BTreeMap<String, String> = {
            let direct: BTreeMap<String, String> = store.all_copies()?.into_iter().map(|(copy, original)| (copy.to_string(), original.to_string())).collect();
            // Copies point at the earliest stored member of their group; follow chains anyway.
            direct
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
                .collect()
        };
        let edges = store.ledger_edges()?;

        // Propositions: components of `same` links among claims.
        let mut claim_sets = UnionFind::new(claims.keys().cloned());
        for edge in edges.iter().filter(|edge| edge.relation == "same") {
            claim_sets.union(&edge.a, &edge.b);
        }
        let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for key in claims.keys() {
            groups.entry(claim_sets.find(key)).or_default().push(key.clone());
        }
        let mut proposition_of = BTreeMap::new();
        let mut members: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for keys in groups.into_values() {
            let id = proposition_id(&keys[0]);
            for key in &keys {
                proposition_of.insert(key.clone(), id.clone());
            }
            members.insert(id, keys);
        }

        // Stories: articles grouped by what they say (see `stories`), read in storing order.
        let (story_members, story_titles) = group_stories(&articles, &story_terms, &copy_of);
        let story_of: BTreeMap<String, String> = story_members.iter().flat_map(|(story, ids)| ids.iter().map(move |id| (id.clone(), story.clone()))).collect();

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

        let mut propositions = BTreeMap::new();
        for (id, keys) in &members {
            let proposition = build_proposition(id, keys, &claims, &articles, &copy_of, &story_of);
            propositions.insert(id.clone(), proposition);
        }
        for (id, links) in related {
            let entries: Vec<RelatedProposition> =
                links.into_iter().map(|(other, relation)| RelatedProposition { text: propositions[&other].text.clone(), id: other, relation }).collect();
            if let Some(proposition) = propositions.get_mut(&id) {
                proposition.related = entries;
            }
        }

        let mut stories = BTreeMap::new();
        for (id, ids) in &story_members {
            let title = story_titles.get(id).cloned().flatten();
            let story = build_story(id, title, ids, &articles, &copy_of, &claims, &proposition_of, &propositions);
            stories.insert(story.id.clone(), story);
        }
        Ok(Ledger { articles, claims, proposition_of, propositions, stories, copy_of })
    }

    /// Propositions matching `filter`, the most independently sourced first.
    pub fn propositions(&self, filter: &PropositionFilter) -> Vec<&Proposition> {
        let about_keys = filter.about.as_deref().map(|name| self.keys_named(name));
        let mut found: Vec<&Proposition> = self
            .propositions
            .values()
            .filter(|p| {
                filter.since.as_deref().is_none_or(|since| p.claims.iter().any(|c| c.item.published.as_deref().is_some_and(|d| d.get(..10).unwrap_or(d) >= since)))
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

    /// One proposition by id (or unique id prefix).
    pub fn proposition(&self, id: &str) -> Option<&Proposition> {
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
        (self.articles.len(), self.claims.len(), self.propositions.len(), self.stories.len())
    }

    /// Entity keys whose name, alias or key matches `name` (case and accents ignored).
    fn keys_named(&self, name: &str) -> BTreeSet<String> {
        let wanted = fold(name);
        let wanted = wanted.strip_prefix("the ").unwrap_or(&wanted).to_owned();
        // "Mohammed Sadr" finds the person stored as "Mohammad Sadr": compare person keys too.
        let as_person = crate::features::entity_key(&hearsay_nlp::output::EntityOut {
            id: String::new(),
            name: name.to_owned(),
            kind: "person".to_owned(),
            aliases: Vec::new(),
            mentions: Vec::new(),
            roles: Vec::new(),
            country: None,
        });
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
        let mut kind = String::new();
        let mut roles = BTreeSet::new();
        let mut timeline = Vec::new();
        let mut articles = 0;
        for article in self.articles.values() {
            let Some(entity) = article.entities.iter().find(|e| e.key == key) else { continue };
            articles += 1;
            kind.clone_from(&entity.kind);
            *names.entry(entity.name.clone()).or_default() += entity.mentions.max(1) as usize;
            for alias in &entity.aliases {
                names.entry(alias.clone()).or_default();
            }
            for role in &entity.roles {
                roles.insert(RoleSeen { role: role.clone(), published: article.published.clone(), article: article.id.clone(), outlet: article.outlet.clone() });
            }
            timeline.push(TimelineEntry {
                date: article.published.clone(),
                kind: "mentioned".into(),
                article: article.id.clone(),
                outlet: article.outlet.clone(),
                text: article.title.clone().unwrap_or_default(),
            });
        }
        let name = names.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.len().cmp(&a.0.len())).then(b.0.cmp(a.0))).map(|(n, _)| n.clone()).unwrap_or_default();
        let aliases: Vec<String> = names.keys().filter(|n| **n != name).cloned().collect();
        let mut claims_made = Vec::new();
        let mut claims_about = Vec::new();
        let mut proposition_ids = BTreeSet::new();
        for (claim_key, claim) in &self.claims {
            let made = claim.claimant_key.as_deref() == Some(key);
            let about = claim.frame.actors.iter().any(|k| k == key);
            if !(made || about) {
                continue;
            }
            let entry = self.ledger_claim(claim);
            let date = claim.out.time.clone().filter(|t| t.len() >= 10).or_else(|| claim.published.clone());
            if made {
                timeline.push(TimelineEntry { date, kind: "claimed".into(), article: claim.article.clone(), outlet: claim.outlet.clone(), text: claim.out.content.clone() });
                claims_made.push(entry);
            } else {
                timeline.push(TimelineEntry { date, kind: "claimed-about".into(), article: claim.article.clone(), outlet: claim.outlet.clone(), text: claim.out.content.clone() });
                claims_about.push(entry);
            }
            if about {
                if let Some(id) = self.proposition_of.get(claim_key) {
                    proposition_ids.insert(id.clone());
                }
            }
        }
        timeline.sort();
        let by_date = |a: &LedgerClaim, b: &LedgerClaim| {
            a.item.published.cmp(&b.item.published).then(a.item.article.cmp(&b.item.article)).then(a.item.out.content_span.start.cmp(&b.item.out.content_span.start))
        };
        claims_made.sort_by(by_date);
        claims_about.sort_by(by_date);
        let mut propositions: Vec<PropositionSummary> = proposition_ids.iter().map(|id| summary(&self.propositions[id])).collect();
        propositions.sort_by(|a, b| b.claims.cmp(&a.claims).then(a.id.cmp(&b.id)));
        EntityReport { key: key.to_owned(), name, kind, aliases, articles, roles: roles.into_iter().collect(), claims_made, claims_about, propositions, timeline }
    }

    fn ledger_claim(&self, claim: &ClaimItem) -> LedgerClaim {
        LedgerClaim { item: claim.clone(), polarity: polarity(claim, claim.frame.negated).to_owned(), copy_of: self.copy_of.get(&claim.article).cloned() }
    }
}

/// Groups the articles into stories: story id -> member ids (storing order), and each story's
/// title. Near-duplicates join their original's story.
fn group_stories(
    articles: &BTreeMap<String, ArticleItem>,
    story_terms: &BTreeMap<String, (i64, StoryTerms)>,
    copy_of: &BTreeMap<String, String>,
) -> (BTreeMap<String, Vec<String>>, BTreeMap<String, Option<String>>) {
    let no_terms = StoryTerms::default();
    let inputs: Vec<StoryInput<'_>> = articles
        .values()
        .map(|article| {
            let (seq, terms) = story_terms.get(&article.id).map_or((i64::MAX, &no_terms), |(seq, terms)| (*seq, terms));
            StoryInput {
                id: &article.id,
                seq,
                published: article.published.as_deref(),
                has_title: article.title.is_some(),
                copy_of: copy_of.get(&article.id).map(String::as_str),
                terms,
            }
        })
        .collect();
    let clustering = cluster(&inputs, &StoryParams::default());
    let mut members = BTreeMap::new();
    let mut titles = BTreeMap::new();
    for story in clustering.stories {
        let first = inputs[story.members[0]].id;
        let id = format!("s-{}", &first[..first.len().min(12)]);
        let ids: Vec<String> = story.members.iter().map(|&i| inputs[i].id.to_owned()).collect();
        titles.insert(id.clone(), story.central.and_then(|i| articles[inputs[i].id].title.clone()));
        members.insert(id, ids);
    }
    (members, titles)
}

fn proposition_id(smallest_claim_key: &str) -> String {
    let hash = blake3::hash(smallest_claim_key.as_bytes()).to_hex();
    format!("p-{}", &hash[..12])
}

/// The claimant's stance toward a wording that is negated or not (see [`LedgerClaim::polarity`]).
fn polarity(claim: &ClaimItem, wording_negated: bool) -> &'static str {
    let deny = claim.out.stance == "deny";
    if deny != (claim.frame.negated != wording_negated) {
        "deny"
    } else {
        "affirm"
    }
}

fn summary(proposition: &Proposition) -> PropositionSummary {
    PropositionSummary { id: proposition.id.clone(), text: proposition.text.clone(), verdict: proposition.verdict, claims: proposition.claims.len() }
}

fn build_proposition(
    id: &str,
    keys: &[String],
    claims: &BTreeMap<String, ClaimItem>,
    articles: &BTreeMap<String, ArticleItem>,
    copy_of: &BTreeMap<String, String>,
    story_of: &BTreeMap<String, String>,
) -> Proposition {
    let mut entries: Vec<LedgerClaim> = keys
        .iter()
        .map(|key| {
            let claim = &claims[key];
            LedgerClaim { item: claim.clone(), polarity: String::new(), copy_of: copy_of.get(&claim.article).cloned() }
        })
        .collect();
    entries.sort_by(|a, b| {
        a.item.published.cmp(&b.item.published).then(a.item.article.cmp(&b.item.article)).then(a.item.out.content_span.start.cmp(&b.item.out.content_span.start))
    });
    // The wording shown is the earliest claim's that does not negate itself; each claim's
    // polarity is its stance toward that wording ("X did not supply" denies "X supplied").
    let representative_negated = entries.iter().find(|e| !e.item.frame.negated).or(entries.first()).is_some_and(|e| e.item.frame.negated);
    for entry in &mut entries {
        entry.polarity = polarity(&entry.item, representative_negated).to_owned();
    }
    // Independence: an origin counts once per stance; an article counts once with its copies.
    let group = |article: &str| copy_of.get(article).cloned().unwrap_or_else(|| article.to_owned());
    let mut by_origin: BTreeMap<(String, &str), (Origin, BTreeSet<String>)> = BTreeMap::new();
    let mut all_articles = BTreeSet::new();
    let mut raw_articles = BTreeSet::new();
    for entry in &entries {
        let slot = by_origin.entry((entry.item.origin.key.clone(), entry.polarity.as_str())).or_insert_with(|| (entry.item.origin.clone(), BTreeSet::new()));
        slot.1.insert(group(&entry.item.article));
        all_articles.insert(group(&entry.item.article));
        raw_articles.insert(entry.item.article.clone());
    }
    let origins: Vec<OriginCount> = by_origin
        .iter()
        .map(|((key, stance), (origin, articles))| OriginCount { key: key.clone(), name: origin.name.clone(), stance: (*stance).to_owned(), articles: articles.len() })
        .collect();
    let affirming: BTreeSet<&str> = origins.iter().filter(|o| o.stance == "affirm").map(|o| o.key.as_str()).collect();
    let denying: BTreeSet<&str> = origins.iter().filter(|o| o.stance == "deny").map(|o| o.key.as_str()).collect();
    let verdict = match (affirming.len(), denying.len()) {
        (a, d) if a > 0 && d > 0 => Verdict::Contested,
        (0, _) => Verdict::Denied,
        (a, _) if a >= 2 => Verdict::Corroborated,
        _ if raw_articles.len() >= 2 => Verdict::Repeated,
        _ => Verdict::SingleSource,
    };
    let representative = entries.iter().find(|e| !e.item.frame.negated).or(entries.first());
    let text = representative.map(|e| e.item.out.content.clone()).unwrap_or_default();
    let actors = representative
        .map(|e| {
            let names: BTreeMap<&str, &str> = articles
                .get(&e.item.article)
                .map(|a| a.entities.iter().map(|entity| (entity.key.as_str(), entity.name.as_str())).collect())
                .unwrap_or_default();
            e.item.frame.actors.iter().map(|key| EntityRef { key: key.clone(), name: names.get(key.as_str()).map_or_else(|| key.clone(), |n| (*n).to_owned()) }).collect()
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

#[expect(clippy::too_many_arguments, reason = "the parts of the ledger a story shows")]
fn build_story(
    id: &str,
    title: Option<String>,
    ids: &[String],
    articles: &BTreeMap<String, ArticleItem>,
    copy_of: &BTreeMap<String, String>,
    claims: &BTreeMap<String, ClaimItem>,
    proposition_of: &BTreeMap<String, String>,
    propositions: &BTreeMap<String, Proposition>,
) -> Story {
    let mut members: Vec<&ArticleItem> = ids.iter().filter_map(|id| articles.get(id)).collect();
    members.sort_by(|a, b| a.published.cmp(&b.published).then(a.id.cmp(&b.id)));
    let outlets: BTreeSet<String> = members.iter().filter_map(|a| a.outlet.clone()).collect();
    let mut entity_counts: BTreeMap<&str, (usize, &str, &str)> = BTreeMap::new();
    let mut events = BTreeSet::new();
    for article in &members {
        let mut seen = BTreeSet::new();
        for entity in &article.entities {
            if seen.insert(entity.key.as_str()) {
                let slot = entity_counts.entry(entity.key.as_str()).or_insert((0, entity.name.as_str(), entity.kind.as_str()));
                slot.0 += 1;
            }
        }
        events.extend(article.events.iter().cloned());
    }
    let mut entities: Vec<StoryEntity> =
        entity_counts.into_iter().map(|(key, (n, name, kind))| StoryEntity { key: key.to_owned(), name: name.to_owned(), kind: kind.to_owned(), articles: n }).collect();
    entities.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.key.cmp(&b.key)));
    entities.truncate(12);
    // Claim keys start with `c:{article}:`, so an article's claims are one range of the map.
    let proposition_ids: BTreeSet<&String> = ids
        .iter()
        .flat_map(|id| {
            let start = format!("c:{id}:");
            let end = format!("c:{id};");
            claims.range(start..end).filter_map(|(key, _)| proposition_of.get(key))
        })
        .collect();
    let mut story_propositions: Vec<PropositionSummary> = proposition_ids.into_iter().map(|id| summary(&propositions[id])).collect();
    story_propositions.sort_by(|a, b| b.claims.cmp(&a.claims).then(a.id.cmp(&b.id)));
    Story {
        id: id.to_owned(),
        title,
        articles: members
            .iter()
            .map(|a| StoryArticle { id: a.id.clone(), title: a.title.clone(), outlet: a.outlet.clone(), published: a.published.clone(), copy_of: copy_of.get(&a.id).cloned() })
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
