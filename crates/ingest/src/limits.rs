//! Limits on untrusted input: record size, decompressed size, JSON depth, feed entries.

/// Bounds that keep one hostile or broken file from exhausting memory or time.
///
/// Every reader enforces them while streaming, so a 2 GB WARC or a 200 MB single-line JSON file
/// costs at most one record's worth of memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest body of one record (an HTML page, a JSON line, a WARC payload). Default 16 MiB.
    pub max_record_bytes: usize,
    /// Largest decompressed size of one gzip file. Default 4 GiB.
    pub max_decompressed_bytes: u64,
    /// Deepest JSON nesting accepted. Default 64 (an AT Protocol record nests about 5 deep).
    pub max_json_depth: usize,
    /// Most entries read from one feed. Default 100,000.
    pub max_feed_entries: usize,
    /// Largest document that must be parsed whole: a feed, which `feed-rs` reads into memory.
    /// Default 256 MiB.
    pub max_document_bytes: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_record_bytes: 16 * MIB as usize,
            max_decompressed_bytes: 4 * 1024 * MIB,
            max_json_depth: 64,
            max_feed_entries: 100_000,
            max_document_bytes: 256 * MIB,
        }
    }
}

const MIB: u64 = 1024 * 1024;

/// A byte count as people write limits: "16 MiB", "4 GiB", "512 KiB", "100 bytes".
pub(crate) fn human_bytes(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1024 * MIB, "GiB"), (MIB, "MiB"), (1024, "KiB")];
    for (size, unit) in UNITS {
        if bytes >= size && bytes % size == 0 {
            return format!("{} {unit}", bytes / size);
        }
    }
    format!("{bytes} bytes")
}

/// The error reason for a record over [`Limits::max_record_bytes`].
pub(crate) fn too_large(limit: usize) -> String {
    format!("record larger than the {} limit", human_bytes(limit as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_as_people_write_them() {
        assert_eq!(human_bytes(16 * MIB), "16 MiB");
        assert_eq!(human_bytes(4 * 1024 * MIB), "4 GiB");
        assert_eq!(human_bytes(1000), "1000 bytes");
        assert_eq!(too_large(16 * 1024 * 1024), "record larger than the 16 MiB limit");
    }
}
