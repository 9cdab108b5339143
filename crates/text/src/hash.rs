//! FNV-1a, 64 bits: the one stable hash of the workspace. Hashed feature indexes, committed model
//! bytes, fold assignments and cache names must be the same on every platform and run, which
//! std's randomised hasher is not; FNV-1a is short, fast on short keys, and written here once
//! rather than taken from a crate for a dozen lines.

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// An FNV-1a hash being computed, fed bytes in parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Fnv1a {
        Fnv1a::new()
    }
}

impl Fnv1a {
    /// A hash of nothing yet (the FNV offset basis).
    pub const fn new() -> Fnv1a {
        Fnv1a(OFFSET)
    }

    /// A hash whose offset basis is XORed with `seed`: a family of hashes, one per seed.
    pub const fn seeded(seed: u64) -> Fnv1a {
        Fnv1a(OFFSET ^ seed)
    }

    /// Feeds `bytes`.
    #[must_use]
    pub fn write(self, bytes: &[u8]) -> Fnv1a {
        Fnv1a(bytes.iter().fold(self.0, |hash, &byte| (hash ^ u64::from(byte)).wrapping_mul(PRIME)))
    }

    /// The hash.
    pub const fn finish(self) -> u64 {
        self.0
    }
}

/// FNV-1a of `bytes`.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    Fnv1a::new().write(bytes).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_is_the_published_one() {
        // Reference values of the FNV-1a 64-bit test suite.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(Fnv1a::new().write(b"foo").write(b"bar").finish(), fnv1a(b"foobar"));
    }
}
