//! Main-text extraction scored on the article-extraction benchmark (word 4-gram shingles).
