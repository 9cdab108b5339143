//! Stories placed online, one article at a time as it arrives: the story step of a store too
//! large to group again after every update (`kept.rs` switches to it beyond
//! [`ONLINE_FROM`] articles; decision 0005).
//!
//! An article counts its terms into the document frequencies kept so far (blended with a
//! background table learned from news text, so a young store already knows that "government" is
//! common), becomes a TF-IDF vector with entities weighted up, looks up the stories posted under
//! its heaviest terms, and joins the one whose centroid (the sum of its members' vectors) it is
//! most similar to, if the cosine reaches [`OnlineParams::threshold`] and the story's dates are
//! near its own; else it starts a story named after itself ([`place`]). The story's centroid and
//! the postings are then brought up to date.
//!
//! What the step keeps (counts, postings, centroids, each article's story: [`StoryMemory`]) lives
//! in memory for a whole store read at once ([`cluster`]) or in the store's ledger items for the
//! update, which places only the articles it read: an article costs its own terms, a bounded
//! number of postings ([`StoryBounds::lookup_terms`] x [`StoryBounds::postings`]) and of
//! centroids ([`StoryBounds::candidates`]), whatever the store's size. Both replay the same step
//! in the same order, so placing articles in any batches equals a rebuild.
//!
//! Why not always: an article cannot move once placed and is weighted by the document
//! frequencies of its arrival, which costs 2-3 points of B-cubed F1 against the global grouping
//! of [`crate::stories::cluster`] (FNC-1 held-out 0.944 against 0.968) and, through the stories,
//! much of the propositions' contested recall. Below [`ONLINE_FROM`] articles the whole store is
//! grouped again instead, which costs the store's size per update.

use std::collections::BTreeMap;

use hearsay_text::sparse_dot as dot;
use serde::{Deserialize, Serialize};

use crate::link::day_number;
use crate::stories::{count_words, story_id, Clustering, StoryBounds, StoryGroup, StoryInput, StoryTerms};
use crate::Result;

/// Beyond this many articles read, the kept stories are placed online as articles arrive rather
/// than grouped again over the whole store after each update. At this size grouping the whole
/// store costs about a second (release build): the most one update's story step costs.
pub const ONLINE_FROM: usize = 10_000;

/// Settings of the story step. Threshold, entity weight, article terms and background weight
/// were chosen on train only (`cargo run -p hearsay-eval --example stories_tune`): the best mean
/// B-cubed F1 over FNC-1's tune half of the claims (0.921) and ECB+'s train topics (0.859), 0.890,
/// among the settings that keep the three seed articles in one story (the best of all, 0.896,
/// threshold 0.24, entity weight 0.75, background 300, leaves the Kayhan dismissal in a story of
/// its own). `hearsay eval stories` scores the held-out claims and dev topics.
#[derive(Debug, Clone, PartialEq)]
pub struct OnlineParams {
    /// Least cosine between an article and a story's centroid for the article to join it.
    pub threshold: f64,
    /// Weight of an entity term relative to a word of the same TF-IDF.
    pub entity_weight: f64,
    /// Terms kept per article vector, the heaviest.
    pub article_terms: usize,
    /// How a story is kept and found: the same bounds as the global grouping's.
    pub bounds: StoryBounds,
    /// How many documents the background frequencies count as (0: leave them out): the
    /// background table's counts are scaled to this many documents before being added to the
    /// store's own, so a young store already knows which words are common in news.
    pub background: f64,
    /// Another background table than the committed one ([`background`]), for tuning.
    pub table: Option<std::sync::Arc<Background>>,
}

impl Default for OnlineParams {
    fn default() -> OnlineParams {
        OnlineParams {
            threshold: 0.24,
            entity_weight: 1.0,
            article_terms: 80,
            bounds: StoryBounds::default(),
            background: 1000.0,
            table: None,
        }
    }
}

/// Places every input in storing order (then by id) over a memory of its own, exactly as the
/// update places them as they arrive: the memory, where each input was placed, and the order.
pub fn replay(inputs: &[StoryInput<'_>], params: &OnlineParams) -> (InMemory, Vec<Placed>, Vec<usize>) {
    let mut order: Vec<usize> = (0..inputs.len()).collect();
    order.sort_by(|&a, &b| inputs[a].seq.cmp(&inputs[b].seq).then(inputs[a].id.cmp(inputs[b].id)));
    let mut memory = InMemory::default();
    let mut placed: Vec<Placed> = vec![Placed::default(); inputs.len()];
    for &i in &order {
        // The memory cannot fail.
        if let Ok(found) = place(&mut memory, params, &inputs[i]) {
            placed[i] = found;
        }
    }
    (memory, placed, order)
}

/// Groups articles into stories by the online step ([`replay`]).
pub fn cluster(inputs: &[StoryInput<'_>], params: &OnlineParams) -> Clustering {
    let (memory, placed, order) = replay(inputs, params);
    let comparisons = placed.iter().map(|found| found.comparisons).sum();
    let mut members: BTreeMap<(u64, &str), Vec<usize>> = BTreeMap::new();
    for &i in &order {
        let story = placed[i].story.as_str();
        let opened = memory.stories.get(story).map_or(u64::MAX, |centroid| centroid.order);
        members.entry((opened, story)).or_default().push(i);
    }
    let stories = members
        .into_iter()
        .map(|((_, story), members)| {
            let centroid = memory.stories.get(story).map(|c| c.unit(params.bounds.centroid_terms)).unwrap_or_default();
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
    /// A unit vector compared with a story's centroid (its `n` heaviest terms), and what the
    /// comparison needs of the story; None if there is no such story. (A memory may keep the
    /// centroids' unit vectors rather than work each out again: [`InMemory`] does.)
    fn compare(&mut self, id: &str, unit: &[(String, f64)], n: usize) -> Result<Option<Compared>> {
        Ok(self.story(id)?.map(|centroid| Compared::of(&centroid, dot(unit, &centroid.unit(n)))))
    }
    /// The story an article was placed in.
    fn story_of(&mut self, article: &str) -> Result<Option<String>>;
    /// Keeps the story an article (stored at `seq`) was placed in.
    fn set_story_of(&mut self, article: &str, seq: i64, story: &str) -> Result<()>;
}

/// A story as an arriving article compares itself with it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Compared {
    /// The cosine of the article's vector and the story's centroid.
    pub similarity: f64,
    /// Stories opened before it.
    pub order: u64,
    /// Articles placed in it (copies aside).
    pub members: u64,
    /// Its members' first and last publication days.
    pub days: (Option<i64>, Option<i64>),
}

impl Compared {
    fn of(centroid: &Centroid, similarity: f64) -> Compared {
        Compared {
            similarity,
            order: centroid.order,
            members: centroid.members,
            days: (centroid.first_day, centroid.last_day),
        }
    }
}

/// Each story's centroid as a unit vector of its heaviest terms (and how many), kept by
/// [`InMemory`] until the story changes: a whole store placed in memory compares each article
/// with up to 24 centroids, and working each out again from its sum was most of the time. (Not
/// part of what the memory holds: two memories are equal whatever their caches.)
#[derive(Debug, Clone, Default)]
pub struct UnitCache(BTreeMap<String, (usize, Vec<(String, f64)>)>);

impl PartialEq for UnitCache {
    fn eq(&self, _: &UnitCache) -> bool {
        true
    }
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
    /// The centroids' unit vectors.
    pub units: UnitCache,
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
        self.units.0.remove(id);
        self.stories.insert(id.to_owned(), story);
        Ok(())
    }
    fn compare(&mut self, id: &str, unit: &[(String, f64)], n: usize) -> Result<Option<Compared>> {
        let Some(centroid) = self.stories.get(id) else { return Ok(None) };
        let cached = self.units.0.entry(id.to_owned()).or_insert_with(|| (n, centroid.unit(n)));
        if cached.0 != n {
            *cached = (n, centroid.unit(n));
        }
        Ok(Some(Compared::of(centroid, dot(unit, &cached.1))))
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
    /// Article-to-centroid comparisons made: at most [`StoryBounds::candidates`].
    pub comparisons: usize,
}

/// The online step: places one arriving article (articles arrive in storing order). A copy joins
/// its original's story and counts nowhere else. Any other article counts its terms, becomes a
/// TF-IDF vector (document frequencies: the store's so far, this article included, plus the
/// background's), looks up the stories posted under its heaviest terms, compares itself with
/// the centroids of the bounded candidates that are near in time, and joins the most similar if
/// the cosine reaches the threshold, else opens a story named after itself. The story's sum,
/// dates and postings are then brought up to date.
pub fn place(memory: &mut dyn StoryMemory, params: &OnlineParams, input: &StoryInput<'_>) -> Result<Placed> {
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
    lookup.truncate(params.bounds.lookup_terms);
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
    let mut compared: Vec<(f64, String, u64)> = Vec::new();
    let mut comparisons = 0;
    for ((_, posted), _) in ranked.into_iter().take(params.bounds.candidates * 2) {
        if comparisons == params.bounds.candidates {
            break;
        }
        let story = posted;
        if compared.iter().any(|(_, seen, _)| *seen == story) {
            continue;
        }
        let Some(found) = memory.compare(&story, &unit, params.bounds.centroid_terms)? else { continue };
        if found.members == 0 || !near_in_time(found.days, day, params.bounds.days) {
            continue;
        }
        comparisons += 1;
        compared.push((found.similarity, story, found.order));
    }
    // The most similar; ties: the earliest opened.
    compared.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)));
    let mut globals = memory.globals()?;
    let joins = compared.first().is_some_and(|(similarity, _, _)| *similarity >= params.threshold);
    let chosen =
        if joins { memory.story(&compared[0].1)?.map(|centroid| (compared.remove(0).1, centroid)) } else { None };
    let (story, mut centroid) = if let Some(chosen) = chosen {
        chosen
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
    params: &OnlineParams,
) {
    let mut sum: BTreeMap<String, i64> = std::mem::take(&mut centroid.sum).into_iter().collect();
    for (term, w) in vector {
        *sum.entry(term.clone()).or_default() += w;
    }
    let mut sum: Vec<(String, i64)> = sum.into_iter().filter(|(_, w)| *w > 0).collect();
    // The sum is pruned too, so that a story of many diverse articles stays bounded.
    if sum.len() > params.bounds.centroid_terms * 4 {
        sum.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        sum.truncate(params.bounds.centroid_terms * 2);
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
fn post(memory: &mut dyn StoryMemory, params: &OnlineParams, story: &str, centroid: &mut Centroid) -> Result<()> {
    let top = centroid.heaviest_terms(params.bounds.index_terms);
    for term in top.iter().filter(|term| !centroid.indexed.contains(term)) {
        let mut posted = memory.postings(term)?;
        posted.retain(|(_, id)| id != story);
        posted.push((centroid.order, story.to_owned()));
        if posted.len() > params.bounds.postings {
            posted.drain(..posted.len() - params.bounds.postings);
        }
        memory.set_postings(term, posted)?;
    }
    centroid.indexed = top;
    centroid.indexed.sort();
    Ok(())
}

/// An article's unit TF-IDF vector in millionths, sorted by term, after counting its terms.
fn vector(memory: &mut dyn StoryMemory, params: &OnlineParams, terms: &StoryTerms) -> Result<Vec<(String, i64)>> {
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

fn near_in_time(story_days: (Option<i64>, Option<i64>), day: Option<i64>, days: i64) -> bool {
    match (day, story_days.0, story_days.1) {
        (Some(day), Some(first), Some(last)) => day >= first - days && day <= last + days,
        _ => true,
    }
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
            let mut counts = crate::stories::WordCounts::default();
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
