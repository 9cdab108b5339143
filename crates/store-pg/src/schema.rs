//! The schema, as ordered migrations; the table `hearsay_schema` counts those applied.
//!
//! The tables are the embedded store's (`crates/store/src/schema.rs`), column for column, with
//! three changes a server needs: text that is compared or sorted uses the `"C"` collation, so
//! that listings sort byte for byte as SQLite's do; full-text search is a generated `tsvector`
//! column with a GIN index instead of an FTS5 table; band keys and offsets are `BIGINT`.
//! Append a step to change the schema; never edit one that has shipped.

/// Migration `i` takes a store from version `i` to version `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    // Version 1.
    r#"
    CREATE TABLE articles (
        seq BIGSERIAL PRIMARY KEY,
        id TEXT COLLATE "C" NOT NULL UNIQUE,
        title TEXT,
        published TEXT COLLATE "C",
        outlet TEXT,
        outlet_key TEXT COLLATE "C",
        url TEXT,
        language TEXT,
        input_format TEXT NOT NULL,
        source_text TEXT,
        clean_text TEXT NOT NULL,
        removed_json TEXT NOT NULL,
        diagnostics_json TEXT NOT NULL,
        at_uri TEXT,
        ingested_at TEXT,
        signature BYTEA,
        article_json TEXT NOT NULL,
        -- The title weighs 'A', the body 'B'; 'simple' neither stems nor drops stop words, as
        -- FTS5's unicode61 tokenizer does not. Only the first 300,000 characters of a text are
        -- indexed: a tsvector holds at most 1 MiB, and a giant text must not fail its batch.
        search TSVECTOR GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', left(coalesce(title, ''), 10000)), 'A') || setweight(to_tsvector('simple', left(clean_text, 300000)), 'B')
        ) STORED
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_outlet_key ON articles(outlet_key);
    CREATE INDEX articles_at_uri ON articles(at_uri) WHERE at_uri IS NOT NULL;
    CREATE INDEX articles_search ON articles USING GIN (search);

    CREATE TABLE sources (
        article_id TEXT COLLATE "C" NOT NULL,
        path TEXT COLLATE "C" NOT NULL,
        member TEXT COLLATE "C" NOT NULL,
        byte_offset BIGINT,
        PRIMARY KEY (path, member, article_id)
    );
    CREATE INDEX sources_article ON sources(article_id);

    CREATE TABLE bands (
        band_key BIGINT NOT NULL,
        article_seq BIGINT NOT NULL,
        PRIMARY KEY (band_key, article_seq)
    );

    CREATE TABLE copies (
        article_id TEXT COLLATE "C" PRIMARY KEY,
        copy_of TEXT COLLATE "C" NOT NULL,
        similarity DOUBLE PRECISION NOT NULL
    );
    CREATE INDEX copies_copy_of ON copies(copy_of);

    CREATE TABLE publications (
        pub_key TEXT PRIMARY KEY,
        at_uri TEXT,
        name TEXT NOT NULL,
        url TEXT,
        description TEXT,
        source_path TEXT NOT NULL,
        source_member TEXT
    );

    CREATE TABLE tombstones (at_uri TEXT PRIMARY KEY);

    CREATE TABLE annotations (
        article_id TEXT COLLATE "C" NOT NULL,
        schema TEXT COLLATE "C" NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (article_id, schema)
    );
    "#,
    // Version 2: the ledger's derived state, as in the embedded store.
    r#"
    CREATE TABLE ledger_items (
        key TEXT COLLATE "C" PRIMARY KEY,
        article_seq BIGINT NOT NULL,
        json TEXT NOT NULL,
        vector BYTEA
    );
    CREATE INDEX ledger_items_seq ON ledger_items(article_seq);

    CREATE TABLE ledger_terms (
        term TEXT COLLATE "C" NOT NULL,
        key TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (term, key)
    );
    CREATE INDEX ledger_terms_key ON ledger_terms(key);

    CREATE TABLE ledger_edges (
        a TEXT COLLATE "C" NOT NULL,
        b TEXT COLLATE "C" NOT NULL,
        relation TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (a, b, relation)
    );
    CREATE INDEX ledger_edges_b ON ledger_edges(b);

    CREATE TABLE ledger_pending (article_seq BIGINT PRIMARY KEY);

    CREATE TABLE ledger_state (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    "#,
    // Version 3: the sources `hearsay follow` polls, as in the embedded store.
    r#"
    CREATE TABLE followed_sources (
        url TEXT COLLATE "C" PRIMARY KEY,
        kind TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        cursor BIGINT,
        last_poll TEXT,
        last_success TEXT,
        last_error TEXT,
        failures BIGINT NOT NULL DEFAULT 0,
        articles BIGINT NOT NULL DEFAULT 0
    );
    "#,
    // Version 4: propositions kept in the store, as in the embedded store; the ledger before it
    // is dropped, so that the next update rebuilds it with them.
    r#"
    CREATE TABLE ledger_members (
        key TEXT COLLATE "C" PRIMARY KEY,
        seq BIGINT NOT NULL,
        name TEXT COLLATE "C" NOT NULL,
        root TEXT COLLATE "C" NOT NULL
    );
    CREATE INDEX ledger_members_root ON ledger_members(root);
    CREATE INDEX ledger_members_name ON ledger_members(name);
    CREATE INDEX ledger_members_seq ON ledger_members(seq);

    CREATE TABLE ledger_propositions (
        root TEXT COLLATE "C" PRIMARY KEY,
        name TEXT COLLATE "C" NOT NULL,
        seq BIGINT NOT NULL,
        claims BIGINT NOT NULL,
        last_seq BIGINT NOT NULL
    );
    CREATE INDEX ledger_propositions_name ON ledger_propositions(name);
    CREATE INDEX ledger_propositions_claims ON ledger_propositions(claims DESC, name);
    CREATE INDEX ledger_propositions_recent ON ledger_propositions(last_seq DESC, name);

    DELETE FROM ledger_items; DELETE FROM ledger_terms; DELETE FROM ledger_edges;
    DELETE FROM ledger_pending; DELETE FROM ledger_state;
    "#,
];
