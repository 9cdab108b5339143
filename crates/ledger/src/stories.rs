//! Stories: articles grouped by what they say, compared with each story's centroid, online.
//!
//! Each article keeps the words of its headline and text (stemmed, counted) and the entities it
//! names ([`StoryTerms`], stored by the update). Articles are placed one at a time, as they
//! arrive, in storing order ([`place`]): an article counts its terms into the document
//! frequencies kept so far (blended with a background table learned from news text, so a young
//! store already knows that "government" is common), becomes a TF-IDF vector with entities
//! weighted up, looks up the stories posted under its heaviest terms, and joins the one whose
//! centroid (the sum of its members' vectors) it is most similar to, if the cosine reaches
//! [`StoryParams::threshold`] and the story's dates are near its own; else it starts a story
//! named after itself. The story's centroid and the postings are then brought up to date.
//!
//! Comparing with a centroid rather than with the nearest member is what keeps stories from
//! chaining: a story about a war cannot creep, one shared name at a time, into a story about an
//! election, because each new member must resemble the story as a whole.
//!
//! What the step keeps (counts, postings, centroids, each article's story: [`StoryMemory`]) lives
//! in memory for a whole store read at once ([`cluster`]) or in the store's ledger items for the
//! update, which places only the articles it read: an article costs its own terms, a bounded
//! number of postings ([`StoryParams::lookup_terms`] x [`StoryParams::postings`]) and of
//! centroids ([`StoryParams::candidates`]), whatever the store's size. Both replay the same step
//! in the same order, so placing articles in any batches equals a rebuild.

use std::collections::BTreeMap;

use hearsay_schema::ExtractOutput;
use hearsay_text::StopWords;
use serde::{Deserialize, Serialize};

use crate::features::{entity_key, fold, normalise, word_spans};
use crate::link::day_number;
use crate::Result;

/// What the story step keeps of one article: its words and entities, counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryTerms {
    /// Stemmed content words of the headline (counted twice) and text, with counts, most frequent
    /// first, at most [`MAX_WORDS`].
    pub words: Vec<(String, u32)>,
    /// Entity keys the article names (outlets aside), with their mention counts.
    pub entities: Vec<(String, u32)>,
}

/// The most distinct words kept per article: enough for a long report, and a bound on what one
/// hostile article can store.
pub const MAX_WORDS: usize = 300;

/// An article's story terms, from its annotations alone.
pub fn story_terms(output: &ExtractOutput) -> StoryTerms {
    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    let title = output.document.title.as_deref().unwrap_or("");
    // The headline names the story; its words count twice. (A text article's headline is often
    // also its first line; that only counts it once more.)
    count_words(title, 2, &mut counts);
    count_words(&output.document.text, 1, &mut counts);
    let mut words: Vec<(String, u32)> = counts.into_iter().collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    words.truncate(MAX_WORDS);
    let mut entities: BTreeMap<String, u32> = BTreeMap::new();
    for entity in output.entities.iter().filter(|entity| entity.kind != hearsay_schema::EntityType::Outlet) {
        *entities.entry(entity_key(entity)).or_default() += (entity.mentions.len() as u32).max(1);
    }
    StoryTerms { words, entities: entities.into_iter().collect() }
}

/// Counts a text's content words (folded, stemmed, stop words aside), each `weight` times.
fn count_words(text: &str, weight: u32, counts: &mut BTreeMap<String, u32>) {
    for (_, word) in word_spans(text) {
        let lower = fold(word);
        if lower.len() < 3 || !lower.chars().any(char::is_alphabetic) || STOPWORDS.contains(&lower) {
            continue;
        }
        *counts.entry(normalise(&lower)).or_default() += weight;
    }
}

/// Settings of the story step. Threshold, entity weight, article terms and background weight
/// were chosen on train only (`cargo run -p hearsay-eval --example stories_tune`): the best mean
/// B-cubed F1 over FNC-1's tune half of the claims (0.921) and ECB+'s train topics (0.859), 0.890,
/// among the settings that keep the three seed articles in one story (the best of all, 0.896,
/// threshold 0.24, entity weight 0.75, background 300, leaves the Kayhan dismissal in a story of
/// its own). `hearsay eval stories` scores the held-out claims and dev topics.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryParams {
    /// Least cosine between an article and a story's centroid for the article to join it.
    pub threshold: f64,
    /// Weight of an entity term relative to a word of the same TF-IDF.
    pub entity_weight: f64,
    /// Terms kept per article vector, the heaviest.
    pub article_terms: usize,
    /// Terms kept in a story's centroid, the heaviest.
    pub centroid_terms: usize,
    /// A story is found by the heaviest terms of its centroid ...
    pub index_terms: usize,
    /// ... and an article looks up its heaviest terms ...
    pub lookup_terms: usize,
    /// ... reading the latest stories indexed under each (the postings kept per term) ...
    pub postings: usize,
    /// ... and compares itself with at most this many of them (those sharing most terms).
    pub candidates: usize,
    /// An article joins a story only if its date is within this many days of the story's dates
    /// (either undated: no limit).
    pub days: i64,
    /// How many documents the background frequencies count as (0: leave them out): the
    /// background table's counts are scaled to this many documents before being added to the
    /// store's own, so a young store already knows which words are common in news.
    pub background: f64,
    /// Another background table than the committed one ([`background`]), for tuning.
    pub table: Option<std::sync::Arc<Background>>,
}

impl Default for StoryParams {
    fn default() -> StoryParams {
        StoryParams {
            threshold: 0.24,
            entity_weight: 1.0,
            article_terms: 80,
            centroid_terms: 200,
            index_terms: 24,
            lookup_terms: 12,
            postings: 32,
            candidates: 24,
            days: 21,
            background: 1000.0,
            table: None,
        }
    }
}

/// One article as the story step reads it.
#[derive(Debug, Clone, Copy)]
pub struct StoryInput<'a> {
    /// Article id.
    pub id: &'a str,
    /// Storing order: articles are read in this order (then by id).
    pub seq: i64,
    /// Publication date.
    pub published: Option<&'a str>,
    /// Whether it has a headline (a story's title is its most central headline).
    pub has_title: bool,
    /// The article it is a near-duplicate of: it joins that article's story and counts nowhere
    /// else.
    pub copy_of: Option<&'a str>,
    /// Its words and entities.
    pub terms: &'a StoryTerms,
}

/// Stories found among the inputs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Clustering {
    /// Each story's members (indexes into the inputs) in storing order, and its most central
    /// member with a headline (if any has one). Stories in the order of their first member.
    pub stories: Vec<StoryGroup>,
    /// Article-to-centroid comparisons made: at most [`StoryParams::candidates`] per article.
    pub comparisons: usize,
}

/// One story of a [`Clustering`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoryGroup {
    /// Members (indexes into the inputs), in storing order; copies included.
    pub members: Vec<usize>,
    /// The member closest to the centroid among those with a headline.
    pub central: Option<usize>,
    /// The member closest to the centroid, headline or not (copies left out): whose lead words
    /// the story's own proposition when no member has a headline.
    pub nearest: Option<usize>,
}

/// Groups articles into stories: each is placed in storing order (then by id) by the online step
/// ([`place`]) over a memory of its own, exactly as the update places them as they arrive.
pub fn cluster(inputs: &[StoryInput<'_>], params: &StoryParams) -> Clustering {
    let mut order: Vec<usize> = (0..inputs.len()).collect();
    order.sort_by(|&a, &b| inputs[a].seq.cmp(&inputs[b].seq).then(inputs[a].id.cmp(inputs[b].id)));
    let mut memory = InMemory::default();
    let mut placed: Vec<Placed> = vec![Placed::default(); inputs.len()];
    let mut comparisons = 0;
    for &i in &order {
        // The memory cannot fail.
        if let Ok(found) = place(&mut memory, params, &inputs[i]) {
            comparisons += found.comparisons;
            placed[i] = found;
        }
    }
    let mut members: BTreeMap<(u64, &str), Vec<usize>> = BTreeMap::new();
    for &i in &order {
        let story = placed[i].story.as_str();
        let opened = memory.stories.get(story).map_or(u64::MAX, |centroid| centroid.order);
        members.entry((opened, story)).or_default().push(i);
    }
    let stories = members
        .into_iter()
        .map(|((_, story), members)| {
            let centroid = memory.stories.get(story).map(|c| c.unit(params.centroid_terms)).unwrap_or_default();
            // A copy is as near as its original.
            let vector_of = |i: usize| {
                let original = inputs[i].copy_of.and_then(|id| members.iter().find(|&&m| inputs[m].id == id));
                &placed[original.copied().unwrap_or(i)].vector
            };
            let mut central: Option<(usize, f64)> = None;
            for &i in members.iter().filter(|&&i| inputs[i].has_title) {
                let similarity = dot(vector_of(i), &centroid);
                if central.is_none_or(|(_, best)| similarity > best) {
                    central = Some((i, similarity));
                }
            }
            let mut nearest: Option<(usize, f64)> = None;
            for &i in members.iter().filter(|&&i| !placed[i].copy) {
                let similarity = dot(&placed[i].vector, &centroid);
                if nearest.is_none_or(|(_, best)| similarity > best) {
                    nearest = Some((i, similarity));
                }
            }
            StoryGroup { central: central.map(|(i, _)| i), nearest: nearest.map(|(i, _)| i), members }
        })
        .collect();
    Clustering { stories, comparisons }
}

/// A story's id: `s-` and the first 12 characters of its first article's id.
pub fn story_id(first_article: &str) -> String {
    format!("s-{}", first_article.get(..12).unwrap_or(first_article))
}

/// Weights are kept in millionths, as integers: a story's sum is then exact in any order, and
/// the same after being stored and read back.
const SCALE: f64 = 1e6;

/// What the story step keeps of the whole store: articles read (copies aside) and stories
/// opened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Globals {
    /// Articles counted in the document frequencies.
    pub documents: u64,
    /// Stories opened (the next one's order).
    pub stories: u64,
}

/// What the story step keeps of one story: its members' vectors summed (pruned to the heaviest
/// terms, so bounded however large the story grows), its dates and the terms it is found by.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Centroid {
    /// Stories opened before it.
    pub order: u64,
    /// Articles placed in it (copies aside).
    pub members: u64,
    /// The sum of its members' unit vectors, in millionths, sorted by term.
    pub sum: Vec<(String, i64)>,
    /// Its members' first and last publication days.
    pub first_day: Option<i64>,
    /// See `first_day`.
    pub last_day: Option<i64>,
    /// The terms it is posted under: the heaviest of its centroid.
    pub indexed: Vec<String>,
}

impl Centroid {
    /// The heaviest `n` terms of the sum, as a unit vector sorted by term.
    fn unit(&self, n: usize) -> Vec<(String, f64)> {
        let mut top: Vec<&(String, i64)> = self.sum.iter().filter(|(_, w)| *w > 0).collect();
        if top.len() > n {
            top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            top.truncate(n);
            top.sort_by(|a, b| a.0.cmp(&b.0));
        }
        let norm = top.iter().map(|(_, w)| (*w as f64) * (*w as f64)).sum::<f64>().sqrt();
        if norm == 0.0 {
            return Vec::new();
        }
        top.into_iter().map(|(term, w)| (term.clone(), *w as f64 / norm)).collect()
    }

    /// Its `n` heaviest terms, heaviest first.
    fn heaviest_terms(&self, n: usize) -> Vec<String> {
        let mut top: Vec<&(String, i64)> = self.sum.iter().filter(|(_, w)| *w > 0).collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        top.into_iter().take(n).map(|(term, _)| term.clone()).collect()
    }
}

/// Where the story step keeps what it knows: in memory ([`InMemory`], for a whole store read at
/// once) or in the store's ledger items (the update's). Each article costs its own terms'
/// frequencies, the postings of its heaviest terms and the centroids of its candidate stories,
/// whatever the store's size.
pub trait StoryMemory {
    /// The store-wide counts.
    fn globals(&mut self) -> Result<Globals>;
    /// Keeps the store-wide counts.
    fn set_globals(&mut self, globals: Globals) -> Result<()>;
    /// The number of articles (copies aside) that hold each term.
    fn frequencies(&mut self, terms: &[String]) -> Result<Vec<u64>>;
    /// Counts one more article holding each of these (distinct) terms.
    fn add_frequencies(&mut self, terms: &[String]) -> Result<()>;
    /// The latest stories posted under a term (their order and id), latest last.
    fn postings(&mut self, term: &str) -> Result<Vec<(u64, String)>>;
    /// Keeps a term's postings.
    fn set_postings(&mut self, term: &str, stories: Vec<(u64, String)>) -> Result<()>;
    /// A story's centroid.
    fn story(&mut self, id: &str) -> Result<Option<Centroid>>;
    /// Keeps a story's centroid.
    fn set_story(&mut self, id: &str, story: Centroid) -> Result<()>;
    /// The story an article was placed in.
    fn story_of(&mut self, article: &str) -> Result<Option<String>>;
    /// Keeps the story an article (stored at `seq`) was placed in.
    fn set_story_of(&mut self, article: &str, seq: i64, story: &str) -> Result<()>;
}

/// The story step's memory held in maps (see [`StoryMemory`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InMemory {
    /// Store-wide counts.
    pub globals: Globals,
    /// Document frequency of each term.
    pub frequency: BTreeMap<String, u64>,
    /// Each term's postings.
    pub postings: BTreeMap<String, Vec<(u64, String)>>,
    /// Each story's centroid.
    pub stories: BTreeMap<String, Centroid>,
    /// Each article's story and storing order.
    pub story_of: BTreeMap<String, (i64, String)>,
}

impl StoryMemory for InMemory {
    fn globals(&mut self) -> Result<Globals> {
        Ok(self.globals)
    }
    fn set_globals(&mut self, globals: Globals) -> Result<()> {
        self.globals = globals;
        Ok(())
    }
    fn frequencies(&mut self, terms: &[String]) -> Result<Vec<u64>> {
        Ok(terms.iter().map(|term| self.frequency.get(term).copied().unwrap_or(0)).collect())
    }
    fn add_frequencies(&mut self, terms: &[String]) -> Result<()> {
        for term in terms {
            *self.frequency.entry(term.clone()).or_default() += 1;
        }
        Ok(())
    }
    fn postings(&mut self, term: &str) -> Result<Vec<(u64, String)>> {
        Ok(self.postings.get(term).cloned().unwrap_or_default())
    }
    fn set_postings(&mut self, term: &str, stories: Vec<(u64, String)>) -> Result<()> {
        self.postings.insert(term.to_owned(), stories);
        Ok(())
    }
    fn story(&mut self, id: &str) -> Result<Option<Centroid>> {
        Ok(self.stories.get(id).cloned())
    }
    fn set_story(&mut self, id: &str, story: Centroid) -> Result<()> {
        self.stories.insert(id.to_owned(), story);
        Ok(())
    }
    fn story_of(&mut self, article: &str) -> Result<Option<String>> {
        Ok(self.story_of.get(article).map(|(_, story)| story.clone()))
    }
    fn set_story_of(&mut self, article: &str, seq: i64, story: &str) -> Result<()> {
        self.story_of.insert(article.to_owned(), (seq, story.to_owned()));
        Ok(())
    }
}

/// Where one article was placed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Placed {
    /// Its story's id.
    pub story: String,
    /// Its unit TF-IDF vector, sorted by term (empty for a copy).
    pub vector: Vec<(String, f64)>,
    /// It is a copy, placed in its original's story.
    pub copy: bool,
    /// Article-to-centroid comparisons made: at most [`StoryParams::candidates`].
    pub comparisons: usize,
}

/// The online step: places one arriving article (articles arrive in storing order). A copy joins
/// its original's story and counts nowhere else. Any other article counts its terms, becomes a
/// TF-IDF vector (document frequencies: the store's so far, this article included, plus the
/// background's), looks up the stories posted under its heaviest terms, compares itself with
/// the centroids of the bounded candidates that are near in time, and joins the most similar if
/// the cosine reaches the threshold, else opens a story named after itself. The story's sum,
/// dates and postings are then brought up to date.
pub fn place(memory: &mut dyn StoryMemory, params: &StoryParams, input: &StoryInput<'_>) -> Result<Placed> {
    if let Some(original) = input.copy_of.filter(|original| *original != input.id) {
        if let Some(story) = memory.story_of(original)? {
            memory.set_story_of(input.id, input.seq, &story)?;
            return Ok(Placed { story, vector: Vec::new(), copy: true, comparisons: 0 });
        }
    }
    let vector = vector(memory, params, input.terms)?;
    let day = input.published.and_then(day_number);

    // Candidates: the stories posted under the article's heaviest terms, most shared first.
    let mut lookup: Vec<&(String, i64)> = vector.iter().collect();
    lookup.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    lookup.truncate(params.lookup_terms);
    let mut hits: BTreeMap<(u64, String), usize> = BTreeMap::new();
    for (term, _) in lookup {
        for posted in memory.postings(term)? {
            *hits.entry(posted).or_default() += 1;
        }
    }
    let mut ranked: Vec<((u64, String), usize)> = hits.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(b.0 .0.cmp(&a.0 .0)));
    let unit: Vec<(String, f64)> = vector.iter().map(|(term, w)| (term.clone(), *w as f64 / SCALE)).collect();
    // A story too far in time is passed over; at most twice the candidates are read.
    let mut compared: Vec<(f64, String, Centroid)> = Vec::new();
    let mut comparisons = 0;
    for ((_, posted), _) in ranked.into_iter().take(params.candidates * 2) {
        if comparisons == params.candidates {
            break;
        }
        let story = posted;
        let Some(centroid) = memory.story(&story)? else { continue };
        if compared.iter().any(|(_, seen, _)| *seen == story)
            || centroid.members == 0
            || !near_in_time(&centroid, day, params.days)
        {
            continue;
        }
        comparisons += 1;
        let similarity = dot(&unit, &centroid.unit(params.centroid_terms));
        compared.push((similarity, story, centroid));
    }
    // The most similar; ties: the earliest opened.
    compared.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.order.cmp(&b.2.order)));
    let mut globals = memory.globals()?;
    let joins = compared.first().is_some_and(|(similarity, _, _)| *similarity >= params.threshold);
    let (story, mut centroid) = if joins {
        let (_, story, centroid) = compared.remove(0);
        (story, centroid)
    } else {
        let centroid = Centroid { order: globals.stories, ..Centroid::default() };
        globals.stories += 1;
        (story_id(input.id), centroid)
    };
    globals.documents += 1;
    memory.set_globals(globals)?;

    // Join: the sum, the dates, the postings.
    add(&mut centroid, &vector, 1, (day, day), params);
    post(memory, params, &story, &mut centroid)?;
    memory.set_story(&story, centroid)?;
    memory.set_story_of(input.id, input.seq, &story)?;
    Ok(Placed { story, vector: unit, copy: false, comparisons })
}

/// Adds a vector (of `members` articles, with their first and last days) to a story.
fn add(
    centroid: &mut Centroid,
    vector: &[(String, i64)],
    members: u64,
    days: (Option<i64>, Option<i64>),
    params: &StoryParams,
) {
    let mut sum: BTreeMap<String, i64> = std::mem::take(&mut centroid.sum).into_iter().collect();
    for (term, w) in vector {
        *sum.entry(term.clone()).or_default() += w;
    }
    let mut sum: Vec<(String, i64)> = sum.into_iter().filter(|(_, w)| *w > 0).collect();
    // The sum is pruned too, so that a story of many diverse articles stays bounded.
    if sum.len() > params.centroid_terms * 4 {
        sum.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        sum.truncate(params.centroid_terms * 2);
        sum.sort_by(|a, b| a.0.cmp(&b.0));
    }
    centroid.sum = sum;
    centroid.members += members;
    if let Some(first) = days.0 {
        centroid.first_day = Some(centroid.first_day.map_or(first, |d| d.min(first)));
    }
    if let Some(last) = days.1 {
        centroid.last_day = Some(centroid.last_day.map_or(last, |d| d.max(last)));
    }
}

/// Posts a story under the heaviest terms of its centroid that it is not posted under yet.
fn post(memory: &mut dyn StoryMemory, params: &StoryParams, story: &str, centroid: &mut Centroid) -> Result<()> {
    let top = centroid.heaviest_terms(params.index_terms);
    for term in top.iter().filter(|term| !centroid.indexed.contains(term)) {
        let mut posted = memory.postings(term)?;
        posted.retain(|(_, id)| id != story);
        posted.push((centroid.order, story.to_owned()));
        if posted.len() > params.postings {
            posted.drain(..posted.len() - params.postings);
        }
        memory.set_postings(term, posted)?;
    }
    centroid.indexed = top;
    centroid.indexed.sort();
    Ok(())
}

/// An article's unit TF-IDF vector in millionths, sorted by term, after counting its terms.
fn vector(memory: &mut dyn StoryMemory, params: &StoryParams, terms: &StoryTerms) -> Result<Vec<(String, i64)>> {
    let mut counted: BTreeMap<String, (u32, f64)> = BTreeMap::new();
    for (word, count) in &terms.words {
        counted.entry(word.clone()).or_insert((*count, 1.0));
    }
    for (key, count) in &terms.entities {
        counted.entry(format!("@{key}")).or_insert((*count, params.entity_weight));
    }
    let names: Vec<String> = counted.keys().cloned().collect();
    memory.add_frequencies(&names)?;
    let frequencies = memory.frequencies(&names)?;
    let documents = memory.globals()?.documents + 1;
    let background = params.table.as_deref().unwrap_or_else(|| background());
    let scale = if background.documents == 0 { 0.0 } else { params.background / background.documents as f64 };
    let n = documents as f64 + params.background;
    let mut weighted: Vec<(String, f64)> = counted
        .into_iter()
        .zip(frequencies)
        .map(|((term, (count, weight)), df)| {
            let df = df as f64 + scale * background.frequency(&term) as f64;
            let idf = ((n + 1.0) / df.max(1.0)).ln();
            (term, (1.0 + f64::from(count.max(1)).ln()) * idf * weight)
        })
        .filter(|(_, w)| *w > 0.0)
        .collect();
    if weighted.len() > params.article_terms {
        weighted.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        weighted.truncate(params.article_terms);
        weighted.sort_by(|a, b| a.0.cmp(&b.0));
    }
    let norm = weighted.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
    if norm == 0.0 {
        return Ok(Vec::new());
    }
    let vector = weighted
        .into_iter()
        .map(|(term, w)| (term, (w / norm * SCALE).round() as i64))
        .filter(|(_, w)| *w > 0)
        .collect();
    Ok(vector)
}

fn near_in_time(story: &Centroid, day: Option<i64>, days: i64) -> bool {
    match (day, story.first_day, story.last_day) {
        (Some(day), Some(first), Some(last)) => day >= first - days && day <= last + days,
        _ => true,
    }
}

fn dot(a: &[(String, f64)], b: &[(String, f64)]) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// Document frequencies of words in news, learned from PolNeAR train's articles by `cargo xtask
/// train story-idf` (`models/story_idf.tsv`: a line with the number of documents, then a word
/// and its frequency a line).
#[derive(Debug, Default, PartialEq)]
pub struct Background {
    /// Documents counted.
    pub documents: u64,
    frequency: std::collections::HashMap<String, u64>,
}

impl Background {
    /// A word's frequency (0 if unknown).
    pub fn frequency(&self, term: &str) -> u64 {
        self.frequency.get(term).copied().unwrap_or(0)
    }

    /// The document frequencies of these articles' terms.
    pub fn of_terms<'a>(terms: impl Iterator<Item = &'a StoryTerms>) -> Background {
        let mut table = Background::default();
        for terms in terms {
            table.documents += 1;
            let words = terms.words.iter().map(|(word, _)| word.clone());
            for term in words.chain(terms.entities.iter().map(|(key, _)| format!("@{key}"))) {
                *table.frequency.entry(term).or_default() += 1;
            }
        }
        table
    }

    /// Reads the table.
    pub fn parse(text: &str) -> Background {
        let mut lines = text.lines();
        let documents = lines.next().and_then(|line| line.trim().parse().ok()).unwrap_or(0);
        let frequency = lines
            .filter_map(|line| {
                let (word, count) = line.split_once('\t')?;
                Some((word.to_owned(), count.trim().parse().ok()?))
            })
            .collect();
        Background { documents, frequency }
    }

    /// Writes the table from the documents' texts: each word a line, with the number of
    /// documents that hold it (words in fewer than `min` are left out), sorted by word.
    pub fn learn<'a>(texts: impl Iterator<Item = &'a str>, min: u64) -> String {
        let mut frequency: BTreeMap<String, u64> = BTreeMap::new();
        let mut documents = 0u64;
        for text in texts {
            documents += 1;
            let mut counts = BTreeMap::new();
            count_words(text, 1, &mut counts);
            for word in counts.into_keys() {
                *frequency.entry(word).or_default() += 1;
            }
        }
        let mut out = format!("{documents}\n");
        for (word, count) in frequency.into_iter().filter(|(_, count)| *count >= min) {
            out.push_str(&format!("{word}\t{count}\n"));
        }
        out
    }
}

/// The committed background table.
pub fn background() -> &'static Background {
    static TABLE: std::sync::OnceLock<Background> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| Background::parse(include_str!("../models/story_idf.tsv")))
}

/// Words too common in news to tell stories apart (inverse document frequency does the rest):
/// the shared function words, plus reporting verbs, modals, and the words of dates and counts.
const STOPWORDS: StopWords = StopWords {
    less: &[],
    plus: &[
        "according",
        "also",
        "could",
        "even",
        "last",
        "like",
        "made",
        "many",
        "may",
        "might",
        "much",
        "must",
        "new",
        "one",
        "said",
        "say",
        "says",
        "told",
        "two",
        "upon",
        "whose",
        "year",
        "years",
        "yet",
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(words: &[(&str, u32)], entities: &[&str]) -> StoryTerms {
        StoryTerms {
            words: words.iter().map(|(w, c)| ((*w).to_owned(), *c)).collect(),
            entities: entities.iter().map(|e| ((*e).to_owned(), 1)).collect(),
        }
    }

    fn input<'a>(id: &'a str, seq: i64, published: Option<&'a str>, terms: &'a StoryTerms) -> StoryInput<'a> {
        StoryInput { id, seq, published, has_title: true, copy_of: None, terms }
    }

    #[test]
    fn stop_words_are_the_function_words_plus_news_words() {
        STOPWORDS.check();
    }

    #[test]
    fn a_chain_of_shared_words_does_not_join_two_stories() {
        // a-b share much, b-c share much, a-c nothing: single linkage would make one story of
        // the five; a centroid keeps the war and the election apart.
        let war = terms(&[("missile", 3), ("strike", 3), ("tehran", 2), ("airbase", 2)], &["country:IRN"]);
        let war2 =
            terms(&[("missile", 2), ("strike", 3), ("tehran", 2), ("airbase", 1), ("drone", 1)], &["country:IRN"]);
        let bridge = terms(&[("strike", 1), ("drone", 1), ("ballot", 1), ("turnout", 1)], &[]);
        let vote = terms(&[("ballot", 3), ("turnout", 3), ("candidate", 2), ("poll", 2)], &["country:USA"]);
        let vote2 = terms(&[("ballot", 2), ("turnout", 2), ("candidate", 3), ("poll", 1)], &["country:USA"]);
        let inputs = [
            input("a", 1, None, &war),
            input("b", 2, None, &war2),
            input("c", 3, None, &bridge),
            input("d", 4, None, &vote),
            input("e", 5, None, &vote2),
        ];
        let clustering = cluster(&inputs, &StoryParams::default());
        let story_of = |i: usize| {
            clustering.stories.iter().position(|s| s.members.contains(&i)).expect("every article is in a story")
        };
        assert_eq!(story_of(0), story_of(1));
        assert_eq!(story_of(3), story_of(4));
        assert_ne!(story_of(0), story_of(3));
    }

    #[test]
    fn far_apart_dates_are_different_stories() {
        let same = terms(&[("earthquake", 3), ("rescue", 2), ("collapsed", 1)], &["city:kathmandu"]);
        let inputs = [
            input("a", 1, Some("2015-04-25"), &same),
            input("b", 2, Some("2015-04-27"), &same),
            input("c", 3, Some("2023-01-01"), &same),
        ];
        let clustering = cluster(&inputs, &StoryParams::default());
        assert_eq!(clustering.stories.len(), 2);
        assert_eq!(clustering.stories[0].members, vec![0, 1]);
    }

    #[test]
    fn one_article_ten_thousand_times_costs_bounded_comparisons() {
        let repeated = terms(&[("ceasefire", 4), ("talks", 3), ("cairo", 2)], &["country:EGY"]);
        let other = terms(&[("harvest", 4), ("wheat", 3), ("drought", 2)], &[]);
        let ids: Vec<String> = (0..10_000).map(|i| format!("{i:08}")).collect();
        let mut inputs: Vec<StoryInput<'_>> =
            ids.iter().enumerate().map(|(i, id)| input(id, i as i64, None, &repeated)).collect();
        inputs.push(input("other-1", 10_001, None, &other));
        inputs.push(input("other-2", 10_002, None, &other));
        let params = StoryParams::default();
        let clustering = cluster(&inputs, &params);
        assert_eq!(clustering.stories.len(), 2);
        assert_eq!(clustering.stories[0].members.len(), 10_000);
        // Each article compares itself with a bounded number of stories in each pass.
        let bound = inputs.len() * (params.candidates + 1);
        assert!(clustering.comparisons <= bound, "{} comparisons", clustering.comparisons);
        assert!(
            clustering.comparisons <= inputs.len() * 2,
            "one story, one comparison each: {}",
            clustering.comparisons
        );
    }

    #[test]
    fn many_stories_sharing_a_word_keep_candidates_bounded() {
        // Ten thousand unrelated stories that all mention "government": the postings read per
        // article are bounded, so the comparisons are too.
        let all: Vec<StoryTerms> = (0..10_000)
            .map(|i| terms(&[("government", 1), (&format!("topic{}", i / 2), 3), (&format!("place{}", i / 2), 2)], &[]))
            .collect();
        let ids: Vec<String> = (0..all.len()).map(|i| format!("{i:08}")).collect();
        let inputs: Vec<StoryInput<'_>> =
            ids.iter().zip(&all).enumerate().map(|(i, (id, t))| input(id, i as i64, None, t)).collect();
        let params = StoryParams::default();
        let clustering = cluster(&inputs, &params);
        assert_eq!(clustering.stories.len(), 5_000);
        assert!(clustering.comparisons <= inputs.len() * (params.candidates + 1), "{}", clustering.comparisons);
    }

    #[test]
    fn copies_join_their_original_and_weigh_nothing() {
        let text = terms(&[("flood", 3), ("river", 2)], &[]);
        let other = terms(&[("flood", 2), ("river", 3)], &[]);
        let mut copy = input("b", 2, None, &text);
        copy.copy_of = Some("a");
        let inputs = [input("a", 1, None, &text), copy, input("c", 3, None, &other)];
        let clustering = cluster(&inputs, &StoryParams::default());
        assert_eq!(clustering.stories.len(), 1);
        assert_eq!(clustering.stories[0].members, vec![0, 1, 2]);
    }
}
