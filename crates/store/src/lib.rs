//! The embedded SQLite store: schema, migrations, full-text search.
