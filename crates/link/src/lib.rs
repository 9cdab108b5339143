//! Cross-document links: near-duplicates, stories, claim matching.
