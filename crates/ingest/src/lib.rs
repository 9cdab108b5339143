//! Reads files, folders and archives into records: format detection, containers, limits.
