//! The schema, as an ordered list of migrations; `PRAGMA user_version` counts those applied.
//!
//! To change the schema, append a step: never edit a step that has shipped, since stores in the
//! wild have already run it. A store whose version is higher than `MIGRATIONS.len()` was written
//! by a newer hearsay and is refused rather than misread.

/// Migration `i` takes a store from version `i` to version `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    // Version 1.
    r#"
    -- One row per distinct clean text. `seq` is the order of storing: the FTS rowid, and "earliest"
    -- when a near-duplicate is linked to the first stored member of its group.
    CREATE TABLE articles (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title TEXT,
        published TEXT,
        outlet TEXT,
        outlet_key TEXT,
        url TEXT,
        language TEXT,
        input_format TEXT NOT NULL,
        source_text TEXT, -- NULL when it equals clean_text (plain text that cleaning kept whole)
        clean_text TEXT NOT NULL,
        removed_json TEXT NOT NULL,
        diagnostics_json TEXT NOT NULL,
        at_uri TEXT,
        ingested_at TEXT,
        signature BLOB,
        article_json TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_outlet_key ON articles(outlet_key);
    CREATE INDEX articles_at_uri ON articles(at_uri) WHERE at_uri IS NOT NULL;

    -- Full-text index over title and clean text, reading the text from `articles` (external
    -- content) so that it is not stored twice. Triggers keep it in step inside every transaction.
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, clean_text,
        content = 'articles', content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, clean_text) VALUES (new.seq, new.title, new.clean_text);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, clean_text) VALUES ('delete', old.seq, old.title, old.clean_text);
    END;

    -- Every file (and record in it) an article was read from. `member` is '' for a whole file.
    CREATE TABLE sources (
        article_id TEXT NOT NULL,
        path TEXT NOT NULL,
        member TEXT NOT NULL,
        byte_offset INTEGER,
        PRIMARY KEY (path, member, article_id)
    ) WITHOUT ROWID;
    CREATE INDEX sources_article ON sources(article_id);

    -- LSH band keys of each article's MinHash signature, for finding candidate near-duplicates.
    CREATE TABLE bands (
        band_key INTEGER NOT NULL,
        article_seq INTEGER NOT NULL,
        PRIMARY KEY (band_key, article_seq)
    ) WITHOUT ROWID;

    -- A near-duplicate and the earliest stored article it copies.
    CREATE TABLE copies (
        article_id TEXT PRIMARY KEY,
        copy_of TEXT NOT NULL,
        similarity REAL NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX copies_copy_of ON copies(copy_of);

    -- Outlets named by `site.standard.publication` records, keyed by at:// URI (or by name).
    CREATE TABLE publications (
        pub_key TEXT PRIMARY KEY,
        at_uri TEXT,
        name TEXT NOT NULL,
        url TEXT,
        description TEXT,
        source_path TEXT NOT NULL,
        source_member TEXT
    ) WITHOUT ROWID;

    -- at:// URIs deleted by Jetstream events: a record deleted upstream is not stored again.
    CREATE TABLE tombstones (at_uri TEXT PRIMARY KEY) WITHOUT ROWID;

    -- Layers that later stages compute for an article (claims, entities), one JSON per schema.
    CREATE TABLE annotations (
        article_id TEXT NOT NULL,
        schema TEXT NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (article_id, schema)
    ) WITHOUT ROWID;
    "#,
    // Version 2: the ledger's derived state (see `crate::ledger`). Items are claims and articles
    // with the features the ledger compares; terms index them for candidate lookup; edges are
    // the pairwise links found between them. All of it can be dropped and rebuilt from
    // `articles`, `copies` and `annotations`.
    r#"
    CREATE TABLE ledger_items (
        key TEXT PRIMARY KEY,
        article_seq INTEGER NOT NULL,
        json TEXT NOT NULL,
        vector BLOB
    ) WITHOUT ROWID;
    CREATE INDEX ledger_items_seq ON ledger_items(article_seq);

    CREATE TABLE ledger_terms (
        term TEXT NOT NULL,
        key TEXT NOT NULL,
        PRIMARY KEY (term, key)
    ) WITHOUT ROWID;
    CREATE INDEX ledger_terms_key ON ledger_terms(key);

    CREATE TABLE ledger_edges (
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        relation TEXT NOT NULL,
        PRIMARY KEY (a, b, relation)
    ) WITHOUT ROWID;
    CREATE INDEX ledger_edges_b ON ledger_edges(b);

    -- Articles whose annotations changed after the ledger read them: read again on the next update.
    CREATE TABLE ledger_pending (article_seq INTEGER PRIMARY KEY);

    -- `watermark`: the highest article seq the ledger has read; `config`: what it was built with.
    CREATE TABLE ledger_state (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    "#,
    // Version 3: the sources `hearsay follow` polls, with what it needs to resume
    // (`crate::followed`): HTTP validators, the Jetstream cursor, and health.
    r#"
    CREATE TABLE followed_sources (
        url TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        cursor INTEGER,
        last_poll TEXT,
        last_success TEXT,
        last_error TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        articles INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;
    "#,
    // Version 4: propositions kept in the store (see `crate::ledger`): each claim item's
    // component of `same` edges, named after its earliest stored member (`root`), and one summary
    // row per component for the paged lists. The ledger before it is dropped, so that the next
    // update rebuilds it with them (all of it is derived from the articles).
    r#"
    CREATE TABLE ledger_members (
        key TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        name TEXT NOT NULL,
        root TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX ledger_members_root ON ledger_members(root);
    CREATE INDEX ledger_members_name ON ledger_members(name);
    CREATE INDEX ledger_members_seq ON ledger_members(seq);

    CREATE TABLE ledger_propositions (
        root TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        seq INTEGER NOT NULL,
        claims INTEGER NOT NULL,
        last_seq INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX ledger_propositions_name ON ledger_propositions(name);
    CREATE INDEX ledger_propositions_claims ON ledger_propositions(claims DESC, name);
    CREATE INDEX ledger_propositions_recent ON ledger_propositions(last_seq DESC, name);

    DELETE FROM ledger_items; DELETE FROM ledger_terms; DELETE FROM ledger_edges;
    DELETE FROM ledger_pending; DELETE FROM ledger_state;
    "#,
    // Version 5: what the paged proposition lists order and filter by, kept per component by the
    // ledger update (`dirty` until it has: every join and recount sets it), so that a page of
    // `hearsay ledger` reads its own rows. The ledger before it is dropped and rebuilt.
    r#"
    ALTER TABLE ledger_propositions ADD COLUMN origins INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE ledger_propositions ADD COLUMN verdict TEXT;
    ALTER TABLE ledger_propositions ADD COLUMN last_seen TEXT;
    ALTER TABLE ledger_propositions ADD COLUMN text TEXT;
    ALTER TABLE ledger_propositions ADD COLUMN words TEXT;
    ALTER TABLE ledger_propositions ADD COLUMN dirty INTEGER NOT NULL DEFAULT 1;
    CREATE INDEX ledger_propositions_dirty ON ledger_propositions(dirty) WHERE dirty = 1;
    CREATE INDEX ledger_propositions_sourced
        ON ledger_propositions(origins DESC, claims DESC, last_seen DESC, name);

    DELETE FROM ledger_items; DELETE FROM ledger_terms; DELETE FROM ledger_edges;
    DELETE FROM ledger_pending; DELETE FROM ledger_state;
    DELETE FROM ledger_members; DELETE FROM ledger_propositions;
    "#,
    // Version 6: ledger items in a rowid table. An item is a claim's or an article's JSON, about
    // a kilobyte; a WITHOUT ROWID table keeps whole rows in its key's B-tree, where rows that
    // large spill to overflow pages and leave the tree's pages half empty (SQLite's own advice:
    // WITHOUT ROWID for rows under about a twentieth of a page). On 1,000 articles the items took
    // 68 MB in 28 MB of JSON, 37 MB as a rowid table with a key index, and storing them was about
    // twice as fast. Each item also keeps the terms it is indexed under (a JSON array), so that
    // forgetting it deletes its index rows by their primary key: the index of terms by key (19 MB
    // on those 1,000 articles, a second B-tree insert for each of 240,000 terms) is dropped. The
    // ledger is derived from the articles, so it is dropped and rebuilt.
    r#"
    DROP TABLE ledger_items;
    CREATE TABLE ledger_items (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        article_seq INTEGER NOT NULL,
        json TEXT NOT NULL,
        vector BLOB,
        terms TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX ledger_items_seq ON ledger_items(article_seq);
    DROP INDEX ledger_terms_key;

    DELETE FROM ledger_terms; DELETE FROM ledger_edges;
    DELETE FROM ledger_pending; DELETE FROM ledger_state;
    DELETE FROM ledger_members; DELETE FROM ledger_propositions;
    "#,
];

/// The schema version this build writes.
pub(crate) fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}
