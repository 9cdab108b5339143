//! Turns raw records into clean articles: decoding, main-text extraction, boilerplate removal, metadata.
