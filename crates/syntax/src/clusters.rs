//! Word clusters: each known word's path in a binary tree of distributionally similar words (learned by
//! the project from unlabelled news text, `train::clusters`), read by the tagger and parser as prefixes.
//!
//! A path is stored as a `u16` with a leading 1 bit before its bits ("1" is the root, "101" the path
//! `01`), so a prefix of any length is one shift and every prefix stays distinct from every other.

use crate::weights::{hash_bytes, push_u32, KeyMap, Reader};

/// The deepest path kept (15 bits under the leading 1).
pub(crate) const MAX_DEPTH: usize = 15;

/// The clusters: a word's key (see [`key`]) to its path.
#[derive(Debug, Clone, Default)]
pub(crate) struct Clusters {
    paths: KeyMap<u16>,
}

impl Clusters {
    /// From (word, path of `0`/`1`) pairs; paths longer than [`MAX_DEPTH`] are cut.
    #[cfg_attr(not(feature = "train"), allow(dead_code))]
    pub(crate) fn from_paths<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Clusters {
        let mut paths = KeyMap::default();
        for (word, bits) in pairs {
            let mut code: u16 = 1;
            for bit in bits.bytes().take(MAX_DEPTH) {
                code = (code << 1) | u16::from(bit == b'1');
            }
            paths.insert(key(word), code);
        }
        Clusters { paths }
    }

    /// The path of a word's key; `0` when the word is unknown.
    #[inline]
    pub(crate) fn path(&self, key: u64) -> u16 {
        self.paths.get(&key).copied().unwrap_or(0)
    }

    pub(crate) fn len(&self) -> usize {
        self.paths.len()
    }

    /// Appends the table, sorted by key so the bytes do not depend on hash-map order.
    #[cfg_attr(not(feature = "train"), allow(dead_code))]
    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        let mut pairs: Vec<(u64, u16)> = self.paths.iter().map(|(&k, &v)| (k, v)).collect();
        pairs.sort_unstable();
        push_u32(out, u32::try_from(pairs.len()).unwrap_or(0));
        for (key, path) in pairs {
            out.extend_from_slice(&key.to_le_bytes());
            out.extend_from_slice(&path.to_le_bytes());
        }
    }

    /// Reads what [`Clusters::encode`] wrote.
    pub(crate) fn decode(reader: &mut Reader<'_>) -> Option<Clusters> {
        let count = reader.u32()? as usize;
        if count > reader.remaining() / 10 {
            return None;
        }
        let mut paths = KeyMap::with_capacity_and_hasher(count, Default::default());
        for _ in 0..count {
            let key = u64::from_le_bytes(reader.take(8)?.try_into().ok()?);
            let path = u16::from_le_bytes(reader.take(2)?.try_into().ok()?);
            paths.insert(key, path);
        }
        Some(Clusters { paths })
    }
}

/// The prefix of a path with at most `bits` bits (the whole path when it is shorter); `0` stays `0`.
#[inline]
pub(crate) fn prefix(path: u16, bits: u32) -> u64 {
    let depth = 15u32.saturating_sub(path.leading_zeros());
    u64::from(if depth > bits { path >> (depth - bits) } else { path })
}

/// The form a word is clustered under: lowercased, every ASCII digit written `0` ("1990" and "2016"
/// share a cluster, as do "$5" and "$7"), hashed.
pub(crate) fn key(form: &str) -> u64 {
    hash_bytes(normal_form(form).as_bytes())
}

/// The normal form behind [`key`].
pub(crate) fn normal_form(form: &str) -> String {
    form.to_lowercase().chars().map(|c| if c.is_ascii_digit() { '0' } else { c }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_cut_paths_and_keep_short_ones() {
        let clusters = Clusters::from_paths([("said", "0110"), ("the", "1")]);
        let said = clusters.path(key("Said"));
        assert_eq!(said, 0b10110);
        assert_eq!(prefix(said, 2), 0b101);
        assert_eq!(prefix(said, 6), 0b10110);
        assert_eq!(clusters.path(key("THE")), 0b11);
        assert_eq!(clusters.path(key("unknown")), 0);
        assert_eq!(prefix(0, 4), 0);
        assert_eq!(key("1990"), key("2016"));
    }
}
