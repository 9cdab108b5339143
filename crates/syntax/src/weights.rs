//! Sparse perceptron weights: a feature (a 64-bit hash) maps to a short list of (class, weight) pairs,
//! quantised to `i16` with one scale per table. Also the model's byte format and feature hashing.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Keys that are already hashes (features, words' keys) are used as they are: the training map and
/// the word clusters hash with this.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 << 8) | u64::from(byte);
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// A map keyed by a hash, hashed by [`KeyHasher`].
pub(crate) type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// Mixes one value into a feature hash.
#[inline]
pub(crate) fn mix(hash: u64, value: u64) -> u64 {
    let x = (hash ^ value).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^ (x >> 29)
}

/// The final scramble that spreads a feature hash over all 64 bits.
#[inline]
pub(crate) fn finish(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// FNV-1a over bytes, scrambled.
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    finish(hearsay_text::fnv1a(bytes))
}

/// A feature from a template number and up to three values.
#[inline]
pub(crate) fn feature(template: u64, a: u64, b: u64, c: u64) -> u64 {
    finish(mix(mix(mix(template.wrapping_mul(0x2545_F491_4F6C_DD1D), a), b), c))
}

/// Read-only weights for inference: an open-addressing table of features over one array of (class,
/// weight) entries, so a lookup touches two cache lines. A slot is 8 bytes (the key's high 32 bits, which
/// with the slot's place pick out the feature, and where its row starts and how long it is) and an entry
/// 4 (the `i16` weight, scaled once per table), so the tables stay small enough for the cache to help.
#[derive(Debug, Clone, Default)]
pub(crate) struct Weights {
    pub(crate) classes: usize,
    /// Power-of-two slots; a slot with `len == 0` is empty.
    slots: Vec<Slot>,
    entries: Vec<(u8, i16)>,
    scale: f32,
    /// The whole keys, slot by slot, for re-encoding (the trainer's `prune`).
    #[cfg(feature = "train")]
    keys: Vec<u64>,
}

/// The most entries a table holds: a row's start is 24 bits.
const MAX_ENTRIES: usize = 1 << 24;

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    /// The high 32 bits of the feature's key.
    tag: u32,
    /// The row's start (high 24 bits) and length (low 8 bits).
    row: u32,
}

impl Slot {
    #[inline]
    fn len(self) -> usize {
        (self.row & 0xFF) as usize
    }
    #[inline]
    fn start(self) -> usize {
        (self.row >> 8) as usize
    }
}

#[inline]
fn tag_of(key: u64) -> u32 {
    (key >> 32) as u32
}

impl Weights {
    /// Adds the weights of every feature to `scores` (one slot per class).
    #[inline]
    pub(crate) fn score(&self, features: &[u64], scores: &mut [f32]) {
        if self.slots.is_empty() {
            return;
        }
        // Three passes, so that the cache misses of one pass overlap rather than queue: touch every
        // slot, find the rows (touching their first entry), then add them up.
        let mask = self.slots.len() - 1;
        for chunk in features.chunks(128) {
            let mut touched = 0u32;
            for &key in chunk {
                touched ^= self.slots[(key as usize) & mask].row;
            }
            let mut rows = [(0u32, 0u32); 128];
            let mut found = 0;
            for &key in chunk {
                if let Some(slot) = self.find(key) {
                    rows[found] = (slot.start() as u32, slot.len() as u32);
                    found += 1;
                    touched ^= u32::from(self.entries.get(slot.start()).map_or(0, |e| e.0));
                }
            }
            std::hint::black_box(touched);
            for &(start, len) in &rows[..found] {
                for &(class, value) in self.entries.get(start as usize..(start + len) as usize).unwrap_or(&[]) {
                    if let Some(score) = scores.get_mut(usize::from(class)) {
                        *score += f32::from(value) * self.scale;
                    }
                }
            }
        }
    }

    #[inline]
    fn find(&self, key: u64) -> Option<Slot> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let tag = tag_of(key);
        let mut at = (key as usize) & mask;
        loop {
            let slot = self.slots[at];
            if slot.len() == 0 {
                return None;
            }
            if slot.tag == tag {
                return Some(slot);
            }
            at = (at + 1) & mask;
        }
    }

    fn insert(&mut self, key: u64, start: usize, len: usize) {
        let mask = self.slots.len() - 1;
        let tag = tag_of(key);
        let mut at = (key as usize) & mask;
        while self.slots[at].len() != 0 && self.slots[at].tag != tag {
            at = (at + 1) & mask;
        }
        #[allow(clippy::cast_possible_truncation)]
        let row = ((start as u32) << 8) | (len.min(255) as u32);
        self.slots[at] = Slot { tag, row };
        #[cfg(feature = "train")]
        {
            self.keys[at] = key;
        }
    }

    /// The rows, for re-encoding.
    #[cfg(feature = "train")]
    pub(crate) fn rows(&self) -> Vec<(u64, Vec<(u8, f32)>)> {
        let mut rows: Vec<(u64, Vec<(u8, f32)>)> = self
            .slots
            .iter()
            .zip(&self.keys)
            .filter(|(slot, _)| slot.len() > 0)
            .map(|(slot, &key)| {
                let row = &self.entries[slot.start()..slot.start() + slot.len()];
                (key, row.iter().map(|&(class, q)| (class, f32::from(q) * self.scale)).collect())
            })
            .collect();
        rows.sort_unstable_by_key(|(key, _)| *key);
        rows
    }

    /// Number of (feature, class) weights.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Builds from (feature, [(class, weight)]) rows, sorted by feature so the bytes do not depend on
    /// hash-map order; weights quantised to `i16`.
    #[cfg_attr(not(feature = "train"), allow(dead_code))]
    /// Weights smaller than `min_abs` are dropped (they barely move a score and most of the table is them).
    pub(crate) fn encode(classes: usize, rows: &[(u64, Vec<(u8, f32)>)], min_abs: f32, out: &mut Vec<u8>) {
        let max = rows.iter().flat_map(|(_, row)| row.iter().map(|(_, w)| w.abs())).fold(0.0f32, f32::max);
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut kept: Vec<(u64, Vec<(u8, i16)>)> = Vec::with_capacity(rows.len());
        for (key, row) in rows {
            #[allow(clippy::cast_possible_truncation)]
            let row: Vec<(u8, i16)> = row
                .iter()
                .filter(|&&(_, w)| w.abs() >= min_abs)
                .map(|&(c, w)| (c, (w / scale).round() as i16))
                .filter(|&(_, q)| q != 0)
                .collect();
            if !row.is_empty() {
                kept.push((*key, row));
            }
        }
        kept.sort_unstable_by_key(|(key, _)| *key);
        push_u32(out, u32::try_from(classes).unwrap_or(u32::MAX));
        out.extend_from_slice(&scale.to_le_bytes());
        push_u32(out, u32::try_from(kept.len()).unwrap_or(u32::MAX));
        for (key, row) in &kept {
            out.extend_from_slice(&key.to_le_bytes());
            out.push(u8::try_from(row.len()).unwrap_or(u8::MAX));
            for &(class, q) in row.iter().take(255) {
                out.push(class);
                out.extend_from_slice(&q.to_le_bytes());
            }
        }
    }

    /// Reads what [`Weights::encode`] wrote.
    pub(crate) fn decode(reader: &mut Reader<'_>) -> Option<Weights> {
        let classes = reader.u32()? as usize;
        let scale = f32::from_le_bytes(reader.take(4)?.try_into().ok()?);
        let count = reader.u32()? as usize;
        if count > reader.remaining() / 9 {
            return None;
        }
        let capacity = (count * 2).next_power_of_two().max(16);
        let mut weights = Weights {
            classes,
            slots: vec![Slot::default(); capacity],
            entries: Vec::with_capacity(count * 3),
            scale,
            #[cfg(feature = "train")]
            keys: vec![0; capacity],
        };
        for _ in 0..count {
            let key = u64::from_le_bytes(reader.take(8)?.try_into().ok()?);
            let len = usize::from(reader.take(1)?[0]);
            let start = weights.entries.len();
            for _ in 0..len {
                let entry = reader.take(3)?;
                weights.entries.push((entry[0], i16::from_le_bytes([entry[1], entry[2]])));
            }
            if weights.entries.len() > MAX_ENTRIES {
                return None;
            }
            if len > 0 {
                weights.insert(key, start, len);
            }
        }
        Some(weights)
    }
}

#[cfg_attr(not(feature = "train"), allow(dead_code))]
pub(crate) fn push_u32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

#[cfg_attr(not(feature = "train"), allow(dead_code))]
pub(crate) fn push_strings(out: &mut Vec<u8>, strings: &[String]) {
    push_u32(out, u32::try_from(strings.len()).unwrap_or(0));
    for string in strings {
        push_u32(out, u32::try_from(string.len()).unwrap_or(0));
        out.extend_from_slice(string.as_bytes());
    }
}

/// A cursor over model bytes; every read checks the length.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes }
    }
    pub(crate) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.bytes.len() < n {
            return None;
        }
        let (head, tail) = self.bytes.split_at(n);
        self.bytes = tail;
        Some(head)
    }
    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len()
    }
    pub(crate) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    pub(crate) fn strings(&mut self) -> Option<Vec<String>> {
        let count = self.u32()? as usize;
        let mut strings = Vec::with_capacity(count.min(1024));
        for _ in 0..count {
            let len = self.u32()? as usize;
            strings.push(String::from_utf8(self.take(len)?.to_vec()).ok()?);
        }
        Some(strings)
    }
}

/// Averaged-perceptron weights while training: each feature has a short list of class entries.
#[cfg(feature = "train")]
#[derive(Debug, Default)]
pub(crate) struct Training {
    rows: KeyMap<Vec<Entry>>,
    /// Number of examples seen, the clock of the averaging.
    pub(crate) clock: u64,
}

#[cfg(feature = "train")]
#[derive(Debug, Clone, Copy)]
struct Entry {
    class: u8,
    weight: f32,
    total: f64,
    stamp: u64,
}

#[cfg(feature = "train")]
impl Training {
    pub(crate) fn new(_classes: usize) -> Training {
        Training { rows: KeyMap::default(), clock: 0 }
    }

    pub(crate) fn score(&self, features: &[u64], scores: &mut [f32]) {
        for key in features {
            if let Some(row) = self.rows.get(key) {
                for entry in row {
                    scores[usize::from(entry.class)] += entry.weight;
                }
            }
        }
    }

    /// Moves weight from the predicted class to the truth on every feature.
    pub(crate) fn update(&mut self, features: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        let now = self.clock;
        for key in features {
            let row = self.rows.entry(*key).or_default();
            for (class, delta) in [(truth, 1.0f32), (guess, -1.0f32)] {
                #[allow(clippy::cast_possible_truncation)]
                let class = class as u8;
                let entry = match row.iter_mut().position(|e| e.class == class) {
                    Some(i) => &mut row[i],
                    None => {
                        row.push(Entry { class, weight: 0.0, total: 0.0, stamp: now });
                        let last = row.len() - 1;
                        &mut row[last]
                    }
                };
                #[allow(clippy::cast_precision_loss)]
                let elapsed = (now - entry.stamp) as f64;
                entry.total += elapsed * f64::from(entry.weight);
                entry.stamp = now;
                entry.weight += delta;
            }
        }
    }

    /// The averaged weights, rows sorted by class.
    pub(crate) fn averaged(&self) -> Vec<(u64, Vec<(u8, f32)>)> {
        let now = self.clock.max(1);
        let mut rows: Vec<(u64, Vec<(u8, f32)>)> = self
            .rows
            .iter()
            .map(|(key, row)| {
                let mut out: Vec<(u8, f32)> = row
                    .iter()
                    .map(|e| {
                        #[allow(clippy::cast_precision_loss)]
                        let total = e.total + (now - e.stamp) as f64 * f64::from(e.weight);
                        #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
                        let avg = (total / now as f64) as f32;
                        (e.class, avg)
                    })
                    .collect();
                out.sort_unstable_by_key(|(class, _)| *class);
                (*key, out)
            })
            .collect();
        rows.sort_unstable_by_key(|(key, _)| *key);
        rows
    }
}
