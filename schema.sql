-- claimtrail database schema: the one source of truth, embedded in the binary (src/store/mod.rs).
--
-- Invariants:
-- * A document is identified by the SHA-256 of its original bytes; `raw` keeps those bytes (or is NULL
--   when they are exactly the UTF-8 encoding of `text`, so plain UTF-8 pages are not stored twice) and
--   `text` the decoded (for HTML: extracted main) text verbatim. Nothing ever rewrites `raw` or `text`.
--   The original bytes are `COALESCE(raw, CAST(text AS BLOB))`.
-- * Every span in every table is a pair of character offsets (Unicode scalar values, end exclusive)
--   into `documents.text` of the document it names.
-- * The version below is read by the binary: an older database is upgraded by the scripts in
--   `migrations/`, a newer one is refused.

CREATE TABLE IF NOT EXISTS documents (
    id               INTEGER PRIMARY KEY,
    sha256           TEXT    NOT NULL UNIQUE,           -- hex SHA-256 of `raw`
    path             TEXT    NOT NULL,                  -- path as first ingested
    format           TEXT    NOT NULL CHECK (format IN ('text', 'markdown', 'html')),
    encoding         TEXT    NOT NULL,                  -- e.g. UTF-8, UTF-16LE, windows-1256
    encoding_source  TEXT    NOT NULL CHECK (encoding_source IN ('bom', 'utf8', 'detected')),
    bytes            INTEGER NOT NULL,
    raw              BLOB,                              -- the original bytes (raw HTML for pages);
                                                        -- NULL when they are exactly the UTF-8 bytes of `text`
    text             TEXT    NOT NULL,                  -- decoded text, or extracted main text of HTML
    chars            INTEGER NOT NULL,                  -- characters (Unicode scalar values) of `text`
    language         TEXT    NOT NULL CHECK (language IN ('ar', 'fr', 'en', 'other')),
    language_source  TEXT    NOT NULL CHECK (language_source IN ('manifest', 'detected')),
    language_confidence REAL,
    title            TEXT,
    title_source     TEXT CHECK (title_source IN ('manifest', 'html', 'text')),
    outlet           TEXT,
    outlet_source    TEXT CHECK (outlet_source IN ('manifest', 'html', 'url')),  -- NULL: not known
    replaced_bytes   TEXT,                              -- `ingest --lossy`: JSON [[byte offset, length], ...]
                                                        -- of undecodable sequences replaced by U+FFFD
    site_name        TEXT,                              -- from HTML meta (og:site_name)
    url              TEXT,                              -- the page's own URL (manifest, else canonical)
    canonical_url    TEXT,                              -- from HTML <link rel=canonical> / og:url
    source_url       TEXT,                              -- a source the manifest says the page reproduces
    published        TEXT,                              -- ISO 8601 date or date-time
    published_source TEXT CHECK (published_source IN ('manifest', 'html', 'text')),
    kind             TEXT CHECK (kind IN ('original', 'outlet', 'translation', 'repost', 'forum')),
    previous_version INTEGER REFERENCES documents(id),  -- earlier content stored under the same URL
    html_parse_errors INTEGER NOT NULL DEFAULT 0,
    ingested_at      TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_url ON documents(url);
-- Covering index of each page's origin: reading every page's outlet, URL, length and date does not
-- walk the text stored before them in the row.
CREATE INDEX IF NOT EXISTS documents_origin ON documents(id, outlet, site_name, url, chars, published);

-- Which documents the text layer has analysed, and with which version of it (a newer version of
-- the text layer re-analyses older rows).
CREATE TABLE IF NOT EXISTS analyses (
    doc_id      INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    analysed_at TEXT    NOT NULL
);

-- Claims: sentences or self-contained clauses (text layer). id = hash of document and span.
CREATE TABLE IF NOT EXISTS claims (
    id        TEXT    PRIMARY KEY,
    doc_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ordinal   INTEGER NOT NULL,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    role      TEXT    NOT NULL DEFAULT 'body' CHECK (role IN ('body', 'heading', 'byline', 'dateline', 'boilerplate')),
    CHECK (start >= 0 AND end > start)
);
CREATE INDEX IF NOT EXISTS claims_doc ON claims(doc_id, ordinal);

-- Extracted items (text layer): dates, numbers, names and sourcing cues, each with its span and a
-- normalised value. `category` = 'cue' rows are what `eval` scores as cues.
CREATE TABLE IF NOT EXISTS items (
    id        INTEGER PRIMARY KEY,
    doc_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    claim_id  TEXT    REFERENCES claims(id) ON DELETE CASCADE,
    category  TEXT    NOT NULL CHECK (category IN ('date', 'number', 'name', 'cue')),
    type      TEXT    NOT NULL,      -- cue: attribution, hedging, anonymous_source, source_url, cable_id,
                                     -- document_id, adapted_from, quote; name: person, place, org; ...
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    value     TEXT,                  -- normalised value (09ALGIERS948, 2013-01-17, 800, ...)
    detail    TEXT,                  -- JSON with extractor-specific fields
    CHECK (start >= 0 AND end > start)
);
CREATE INDEX IF NOT EXISTS items_doc ON items(doc_id, category);
-- Items in text order (the listing's order: no sort, no temporary B-tree of a page's items).
CREATE INDEX IF NOT EXISTS items_doc_start ON items(doc_id, start, id);

-- Winnowed fingerprints of each document (dedup stage), so that a later run compares only the new
-- documents against the stored ones. `data` holds the low 32 bits of each distinct fingerprint
-- hash, sorted, 4 bytes little-endian each. `version` is the dedup stage's, so that a change of
-- parameters redoes them.
CREATE TABLE IF NOT EXISTS fingerprints (
    doc_id  INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    data    BLOB    NOT NULL
);

-- Families of duplicate passages: copies of one another, with the earliest version by page date.
CREATE TABLE IF NOT EXISTS passage_families (
    id             INTEGER PRIMARY KEY,
    passages       INTEGER NOT NULL,
    documents      INTEGER NOT NULL,
    earliest_doc   INTEGER REFERENCES documents(id) ON DELETE CASCADE,
    earliest_start INTEGER,
    earliest_end   INTEGER
);

-- Duplicate passages (dedup stage): one row per pair of spans; a = b allowed for in-page repeats.
CREATE TABLE IF NOT EXISTS duplicate_pairs (
    id         INTEGER PRIMARY KEY,
    doc_a      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    a_start    INTEGER NOT NULL,
    a_end      INTEGER NOT NULL,
    doc_b      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    b_start    INTEGER NOT NULL,
    b_end      INTEGER NOT NULL,
    similarity REAL    NOT NULL,
    family_id  INTEGER REFERENCES passage_families(id) ON DELETE SET NULL,
    detail     TEXT                  -- JSON: edit counts, shared length, word-level diff
);
CREATE INDEX IF NOT EXISTS duplicate_pairs_docs ON duplicate_pairs(doc_a, doc_b);
CREATE INDEX IF NOT EXISTS duplicate_pairs_doc_b ON duplicate_pairs(doc_b);
CREATE INDEX IF NOT EXISTS duplicate_pairs_family ON duplicate_pairs(family_id);

-- Aligned claims (align stage), with the explanation of the match.
CREATE TABLE IF NOT EXISTS alignments (
    id         INTEGER PRIMARY KEY,
    claim_a    TEXT    NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    claim_b    TEXT    NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    doc_a      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    a_start    INTEGER NOT NULL,
    a_end      INTEGER NOT NULL,
    doc_b      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    b_start    INTEGER NOT NULL,
    b_end      INTEGER NOT NULL,
    score      REAL    NOT NULL,
    detail     TEXT                  -- JSON: shared anchors, translated word pairs, component scores
);
CREATE INDEX IF NOT EXISTS alignments_docs ON alignments(doc_a, doc_b);

-- Divergences between the two sides of an aligned pair (diverge stage). The spans are the
-- diverging values when they have one, else the claims. `rule` is the rule that found it
-- (number.changed, omission.clause...) and `confidence` the share of that rule's findings a reader
-- confirmed on the real-page dev split (data/diverge/confidence.tsv); listings show those at or
-- above 0.5 unless asked for all.
CREATE TABLE IF NOT EXISTS divergences (
    id           INTEGER PRIMARY KEY,
    alignment_id INTEGER NOT NULL REFERENCES alignments(id) ON DELETE CASCADE,
    type         TEXT    NOT NULL CHECK (type IN ('date', 'number', 'name', 'place', 'attribution',
                         'hedging', 'quote', 'negation', 'omission', 'addition', 'spelling')),
    a_start      INTEGER NOT NULL,
    a_end        INTEGER NOT NULL,
    b_start      INTEGER NOT NULL,
    b_end        INTEGER NOT NULL,
    value_a      TEXT,
    value_b      TEXT,
    severity     TEXT    NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
    explanation  TEXT    NOT NULL,
    rule         TEXT    NOT NULL DEFAULT '',
    confidence   REAL    NOT NULL DEFAULT 0
);

-- Inconsistencies inside one page (check stage).
CREATE TABLE IF NOT EXISTS inconsistencies (
    id          INTEGER PRIMARY KEY,
    doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    type        TEXT    NOT NULL CHECK (type IN ('weekday', 'stale_date', 'duration', 'date_order',
                        'future_date', 'invalid_date')),
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    value       TEXT,
    severity    TEXT    NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
    explanation TEXT    NOT NULL
);

-- Sources that pages name but the corpus does not hold (chain stage): a cable, an email, an outlet, a URL.
CREATE TABLE IF NOT EXISTS external_sources (
    id     INTEGER PRIMARY KEY,
    kind   TEXT NOT NULL CHECK (kind IN ('cable', 'email', 'outlet', 'url', 'document', 'person')),
    key    TEXT NOT NULL UNIQUE,     -- normalised key: 09ALGIERS948, zamane.ma, ...
    label  TEXT NOT NULL
);

-- Sourcing edges (chain stage): from a document or an external source, into a document.
CREATE TABLE IF NOT EXISTS edges (
    id          INTEGER PRIMARY KEY,
    relation    TEXT    NOT NULL CHECK (relation IN ('translation', 'repost', 'adaptation', 'quotation',
                        'shared_source')),
    from_doc    INTEGER REFERENCES documents(id) ON DELETE CASCADE,
    from_source INTEGER REFERENCES external_sources(id) ON DELETE CASCADE,
    to_doc      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    directed    INTEGER NOT NULL DEFAULT 1 CHECK (directed IN (0, 1)),
    confidence  REAL    NOT NULL CHECK (confidence >= 0 AND confidence <= 1),
    evidence    TEXT    NOT NULL,    -- JSON list of evidence items
    CHECK ((from_doc IS NULL) <> (from_source IS NULL))
);
CREATE INDEX IF NOT EXISTS edges_to ON edges(to_doc);

-- When each stage that runs over the corpus (dedup; align with diverge, chain and the cross-page
-- checks) last ran, and on what: the signature names the stages' versions, their parameters and the
-- documents they saw, so a change of any of them redoes it; `params` holds the parameters (JSON), so
-- that a read command shows what was stored with the parameters that made it.
CREATE TABLE IF NOT EXISTS stage_state (
    stage     TEXT PRIMARY KEY,
    signature TEXT NOT NULL,
    done_at   TEXT NOT NULL,
    params    TEXT
);

-- Sentence vectors (align stage): one per distinct claim text and encoder, so a text is embedded
-- once whatever page it comes from; `vector` is DIM little-endian float32 values.
CREATE TABLE IF NOT EXISTS claim_vectors (
    text_sha256 TEXT NOT NULL,
    model       TEXT NOT NULL,
    vector      BLOB NOT NULL,
    PRIMARY KEY (text_sha256, model)
) WITHOUT ROWID;

PRAGMA user_version = 7;
