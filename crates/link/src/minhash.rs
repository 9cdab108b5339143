//! MinHash signatures over word shingles, and the LSH band keys that find candidate copies.

/// Number of hash functions (permutations) in a signature.
pub const PERMUTATIONS: usize = 128;

/// Number of LSH bands a signature is cut into.
pub const BANDS: usize = 32;

/// Signature rows per band; `BANDS * ROWS_PER_BAND == PERMUTATIONS`.
pub const ROWS_PER_BAND: usize = 4;

/// Words per shingle.
///
/// Five words are long enough that two different articles on the same story rarely share a
/// shingle by chance ("said on Sunday that the" is common, whole five-word runs of reporting are
/// not), and short enough that an edit ("the White House said" to "White House officials said")
/// spoils only a handful of shingles.
pub const SHINGLE_WORDS: usize = 5;

/// Estimated Jaccard similarity of word 5-gram shingles at or above which two texts are copies of
/// one story.
///
/// Why 0.7: a syndicated copy keeps the body and changes the edges. On 672 long PolNeAR articles
/// a copy with a "The post ... appeared first on ..." footer keeps 0.90 or more of its shingles;
/// a copy under another headline with its lead paragraph cut (a sixth of the words or less)
/// scores 0.70 to 0.95, and 0.8 would miss 4 percent of those. Different articles sit far below:
/// 2,726 pairs of different outlets' articles from the same days of the 2016 primaries (same
/// events, same quoted lines) score at most 0.04 (see `tests/near_duplicates.rs`). Among the
/// 1.4 million pairs of FNC-1 bodies, real wire reprints (a Reuters story with and without its
/// dateline or byline) score 0.93 to 1.0, and the pairs from 0.6 to 0.8, read by hand, are all
/// copy-edited versions of one wire story ("MANAGUA, Nicaragua (AP) —" and its rewrite), not
/// different reporting. 0.7 keeps the cut-lead copies and still leaves a wide margin.
/// With 32 bands of 4 rows, a pair at 0.7 shares a band key with probability 0.9998, a pair at
/// 0.2 with 0.05, a pair at 0.05 with 0.0002. Short texts are the weak spot: a 60-word brief
/// with a 30-word footer falls below 0.7 and is not linked.
pub const NEAR_DUPLICATE_THRESHOLD: f32 = 0.7;

/// A seed fixed forever: changing it changes every signature and band key already stored.
const SEED: u64 = 0x6865_6172_7361_7931; // "hearsay1"

/// Computes MinHash [`Signature`]s of texts. Cheap to build; keep one and reuse it.
#[derive(Debug, Clone)]
pub struct MinHasher {
    /// Multipliers (odd) and offsets of the `PERMUTATIONS` hash functions `a * x + b`.
    multipliers: Vec<u64>,
    offsets: Vec<u64>,
}

impl Default for MinHasher {
    fn default() -> MinHasher {
        MinHasher::new()
    }
}

impl MinHasher {
    /// The hasher with the fixed seeds that every store uses.
    pub fn new() -> MinHasher {
        let mut state = SEED;
        let mut multipliers = Vec::with_capacity(PERMUTATIONS);
        let mut offsets = Vec::with_capacity(PERMUTATIONS);
        for _ in 0..PERMUTATIONS {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            multipliers.push(mix64(state) | 1);
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            offsets.push(mix64(state));
        }
        MinHasher { multipliers, offsets }
    }

    /// The signature of a text: for each hash function, the least hash of any shingle.
    ///
    /// Words are runs of letters and digits, lowercased, so case, punctuation and quote style
    /// ("don't" and "don’t") do not matter. A text of fewer than five words is one shingle; a
    /// text without words has the empty signature, which matches nothing.
    pub fn signature(&self, text: &str) -> Signature {
        let words = word_hashes(text);
        let mut mins = vec![u32::MAX; PERMUTATIONS];
        if words.is_empty() {
            return Signature(mins);
        }
        let width = SHINGLE_WORDS.min(words.len());
        for window in words.windows(width) {
            let shingle = shingle_hash(window);
            for ((min, &multiplier), &offset) in mins.iter_mut().zip(&self.multipliers).zip(&self.offsets) {
                // Multiply-add modulo 2^64, high half: a cheap universal hash per permutation.
                let value = (multiplier.wrapping_mul(shingle).wrapping_add(offset) >> 32) as u32;
                if value < *min {
                    *min = value;
                }
            }
        }
        Signature(mins)
    }
}

/// A MinHash signature: `PERMUTATIONS` minimum hashes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Signature(pub Vec<u32>);

impl Signature {
    /// True for the signature of a text without words.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|&value| value == u32::MAX)
    }

    /// Estimated Jaccard similarity of the two texts' shingle sets, from 0 to 1: the share of
    /// positions where the signatures agree. Empty signatures are similar to nothing.
    pub fn similarity(&self, other: &Signature) -> f32 {
        if self.0.len() != other.0.len() || self.0.is_empty() || self.is_empty() || other.is_empty() {
            return 0.0;
        }
        let equal = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        equal as f32 / self.0.len() as f32
    }

    /// One key per band of `ROWS_PER_BAND` rows, hashing the band's index with its rows, so equal
    /// rows in different bands give different keys. Empty for the empty signature.
    pub fn band_keys(&self) -> Vec<u64> {
        if self.is_empty() {
            return Vec::new();
        }
        self.0
            .chunks(ROWS_PER_BAND)
            .enumerate()
            .map(|(band, rows)| {
                let mut hash = mix64(SEED ^ (band as u64).wrapping_mul(0xA24B_AED4_963E_E407));
                for &row in rows {
                    hash = mix64(hash ^ u64::from(row));
                }
                hash
            })
            .collect()
    }

    /// The signature as little-endian bytes, for storing.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|value| value.to_le_bytes()).collect()
    }

    /// Reads a signature written by [`Signature::to_bytes`]; `None` when the length is wrong.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != PERMUTATIONS * 4 {
            return None;
        }
        let values =
            bytes.chunks_exact(4).map(|chunk| u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]])).collect();
        Some(Signature(values))
    }
}

/// FNV-1a hashes of the lowercased words of a text, finished with `mix64`.
fn word_hashes(text: &str) -> Vec<u64> {
    let mut buffer = [0u8; 4];
    let words = hearsay_text::words_with(text, hearsay_text::Split::Runs);
    words
        .into_iter()
        .filter(|w| w.is_word())
        .map(|w| {
            let hash =
                w.slice(text).chars().flat_map(char::to_lowercase).fold(hearsay_text::Fnv1a::new(), |hash, lower| {
                    hash.write(lower.encode_utf8(&mut buffer).as_bytes())
                });
            mix64(hash.finish())
        })
        .collect()
}

/// An order-sensitive hash of a run of word hashes.
fn shingle_hash(words: &[u64]) -> u64 {
    let mut hash = SEED;
    for &word in words {
        hash = mix64(hash.rotate_left(27) ^ word);
    }
    hash
}

/// The SplitMix64 finalizer: spreads every input bit over the whole output.
fn mix64(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_punctuation_and_quote_style_do_not_change_the_signature() {
        let hasher = MinHasher::new();
        let a = hasher.signature("Sadr said he “won’t back down,” officials in Baghdad said.");
        let b = hasher.signature("SADR SAID HE \"WON'T BACK DOWN\" -- OFFICIALS IN BAGHDAD SAID");
        assert_eq!(a, b);
        assert_eq!(a.similarity(&b), 1.0);
    }

    #[test]
    fn signatures_and_band_keys_are_stable_across_runs() {
        // Keys are stored in databases: a change here breaks every store's near-duplicate index.
        let signature = MinHasher::new().signature("Moscow said on Sunday it would reply to the sanctions.");
        assert_eq!(signature.0.len(), PERMUTATIONS);
        let keys = signature.band_keys();
        assert_eq!(keys.len(), BANDS);
        assert_eq!(signature.0[0], 1_170_675_970, "first minimum hash changed");
        assert_eq!(keys[0], 7_047_487_794_590_133_328, "first band key changed");
    }

    #[test]
    fn empty_and_wordless_texts_match_nothing() {
        let hasher = MinHasher::new();
        let empty = hasher.signature(" — … ");
        assert!(empty.is_empty());
        assert!(empty.band_keys().is_empty());
        assert_eq!(empty.similarity(&hasher.signature("")), 0.0);
    }

    #[test]
    fn short_texts_are_one_shingle() {
        let hasher = MinHasher::new();
        let short = hasher.signature("Officials declined comment.");
        assert!(!short.is_empty());
        assert_eq!(short.similarity(&hasher.signature("officials declined comment")), 1.0);
        assert_eq!(short.similarity(&hasher.signature("Officials declined to comment.")), 0.0);
    }

    #[test]
    fn bytes_round_trip() {
        let signature = MinHasher::new().signature("The council met on Sunday.");
        assert_eq!(Signature::from_bytes(&signature.to_bytes()), Some(signature));
        assert_eq!(Signature::from_bytes(&[1, 2, 3]), None);
    }
}
