-- claimtrack's canonical schema. A new database is created from this file as a whole; an existing one is brought
-- up to date by the numbered upgrade steps in src/backend/sqlite/mod.rs, and PRAGMA user_version records which it is at.
-- Every closed vocabulary is checked here too, so that a row the design page does not allow cannot exist even if a
-- bug tries to write one. The tables the bulk paths write (claims, evidence, links, verdicts) check theirs with
-- CASE rather than IN (version 7): SQLite builds an IN list's lookup table again for every row of a multi-row
-- INSERT, which doubled what storing a row costs (a 64-row INSERT, 3.40 and 3.50 alike); CASE compares in place.

CREATE TABLE articles (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE CHECK (key <> '' AND key NOT GLOB '*[^a-z0-9-]*'),
    title       TEXT NOT NULL CHECK (trim(title) <> ''),
    outlet      TEXT,
    url         TEXT,
    published   TEXT CHECK (published IS NULL OR date(published) = published),
    author      TEXT,
    -- the text of the latest revision (see `revisions`)
    body        TEXT,
    created_at  TEXT NOT NULL,
    -- the id of the desk the article came from (its desk files' `desk`); NULL: this desk's own
    desk        TEXT
);
-- Finds an article by its text (`scan --record --title` of a text already on the desk) without reading every text.
CREATE INDEX articles_by_text_length ON articles (octet_length(body)) WHERE body IS NOT NULL;

-- Every revision of an article's text (version 4), numbered from 1, the text it was registered with. The latest
-- revision's text is the article's `body` and its `text` here is NULL, so the current text is stored once; an
-- earlier revision keeps its own text, never changed.
CREATE TABLE revisions (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles (id),
    number      INTEGER NOT NULL CHECK (number >= 1),
    text        TEXT,
    created_at  TEXT NOT NULL,
    actor       TEXT NOT NULL CHECK (trim(actor) <> ''),
    UNIQUE (article_id, number)
);
CREATE INDEX revisions_by_text_length ON revisions (octet_length(text)) WHERE text IS NOT NULL;

CREATE TABLE sources (
    id          INTEGER PRIMARY KEY,
    -- the display form, as first given
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> ''),
    kind        TEXT NOT NULL DEFAULT 'other'
                CHECK (kind IN ('person', 'organisation', 'document', 'media', 'anonymous', 'other')),
    reliability TEXT CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
    created_at  TEXT NOT NULL,
    -- the name as the ledger compares names (NFKC, format characters dropped, case and spaces folded), so that
    -- look-alike names are one source
    identity    TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX sources_by_identity ON sources (identity);

CREATE TABLE claims (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles (id),
    -- stable name of the claim inside its article's desk file
    key         TEXT NOT NULL CHECK (key <> ''),
    text        TEXT NOT NULL CHECK (trim(text) <> ''),
    -- byte offsets of the claim in the article's body, when known
    span_start  INTEGER,
    span_end    INTEGER,
    source      TEXT,
    cue         TEXT,
    strength    TEXT NOT NULL
                CHECK (CASE strength WHEN 'on_record' THEN 1 WHEN 'document' THEN 1 WHEN 'anonymous' THEN 1
                       WHEN 'reported' THEN 1 WHEN 'hedged' THEN 1 WHEN 'unattributed' THEN 1 ELSE 0 END),
    response    TEXT CHECK (response IS NULL
                            OR CASE response WHEN 'denial' THEN 1 WHEN 'no_comment' THEN 1 ELSE 0 END),
    -- computed by the status engine from the links and kept current by the store in the same transaction
    status      TEXT NOT NULL DEFAULT 'unverified'
                CHECK (CASE status WHEN 'unverified' THEN 1 WHEN 'single_source' THEN 1 WHEN 'corroborated' THEN 1
                       WHEN 'disputed' THEN 1 WHEN 'refuted' THEN 1 ELSE 0 END),
    created_at  TEXT NOT NULL,
    -- which text of the claim this is: a changed text starts the next revision, and a verdict given on an earlier
    -- one says so
    revision    INTEGER NOT NULL DEFAULT 1,
    -- who the claim is attributed to, by kind (version 6; shared/attribution.md's `source_kind`): the scanner's
    -- reading or the fact-checker's; NULL when not known (a claim recorded before version 6).
    source_kind TEXT CHECK (source_kind IS NULL OR CASE source_kind WHEN 'named_person' THEN 1
                            WHEN 'named_organization' THEN 1 WHEN 'document' THEN 1 WHEN 'anonymous' THEN 1
                            WHEN 'other_media' THEN 1 WHEN 'self' THEN 1 WHEN 'none' THEN 1 ELSE 0 END),
    UNIQUE (article_id, key),
    CHECK ((span_start IS NULL) = (span_end IS NULL)),
    CHECK (span_start IS NULL OR (span_start >= 0 AND span_start <= span_end))
);
-- (article, status, strength) serves an article's claims and the report's GROUP BY without a sort; (status) alone
-- returns `list --status` rows already in id order, so the first page comes without sorting the rest.
CREATE INDEX claims_by_article ON claims (article_id, status, strength);
CREATE INDEX claims_by_status ON claims (status);
CREATE INDEX claims_by_strength ON claims (strength);
-- a re-scan finds what it recorded before by place, without reading the article's other claims
CREATE INDEX claims_by_place ON claims (article_id, span_start);

CREATE TABLE evidence (
    id           INTEGER PRIMARY KEY,
    -- stable name of the item in the plain-text desk
    key          TEXT NOT NULL UNIQUE CHECK (key <> ''),
    title        TEXT NOT NULL CHECK (trim(title) <> ''),
    url          TEXT,
    archived_url TEXT,
    retrieved_at TEXT,
    origin_id    INTEGER REFERENCES sources (id),
    derived_from INTEGER REFERENCES evidence (id) CHECK (derived_from IS NULL OR derived_from <> id),
    -- NULL: the origin's grade applies (F when it has none)
    reliability  TEXT CHECK (reliability IS NULL OR CASE reliability WHEN 'A' THEN 1 WHEN 'B' THEN 1 WHEN 'C' THEN 1
                             WHEN 'D' THEN 1 WHEN 'E' THEN 1 WHEN 'F' THEN 1 ELSE 0 END),
    credibility  TEXT NOT NULL DEFAULT '6'
                 CHECK (CASE credibility WHEN '1' THEN 1 WHEN '2' THEN 1 WHEN '3' THEN 1 WHEN '4' THEN 1
                        WHEN '5' THEN 1 WHEN '6' THEN 1 ELSE 0 END),
    sha256       TEXT CHECK (sha256 IS NULL OR (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*')),
    notes        TEXT,
    created_at   TEXT NOT NULL,
    -- the id of the desk the item came from (its desk files' `desk`); NULL: this desk's own
    desk         TEXT
);
CREATE INDEX evidence_by_origin ON evidence (origin_id);
CREATE INDEX evidence_by_parent ON evidence (derived_from);

CREATE TABLE links (
    claim_id    INTEGER NOT NULL REFERENCES claims (id),
    evidence_id INTEGER NOT NULL REFERENCES evidence (id),
    stance      TEXT NOT NULL
                CHECK (CASE stance WHEN 'supports' THEN 1 WHEN 'refutes' THEN 1 WHEN 'context' THEN 1 ELSE 0 END),
    note        TEXT,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (claim_id, evidence_id)
) WITHOUT ROWID;
CREATE INDEX links_by_evidence ON links (evidence_id);

-- A claim's place and attribution at each revision of its article (version 4), written when the article is
-- revised: the revision before is frozen as the desk held it, the new one as the claim was re-anchored. At the
-- latest revision the claim's own row is what counts (an edit after the revision included), and this row only
-- says how the place was found. An article never revised has no anchors: its claims' rows are revision 1.
CREATE TABLE anchors (
    claim_id    INTEGER NOT NULL REFERENCES claims (id),
    revision    INTEGER NOT NULL CHECK (revision >= 1),
    how         TEXT NOT NULL
                CHECK (how IN ('recorded', 'exact', 'moved', 'fuzzy', 'contained', 'gone', 'unplaced')),
    score       REAL CHECK (score IS NULL OR (score >= 0 AND score <= 1)),
    span_start  INTEGER,
    span_end    INTEGER,
    strength    TEXT
                CHECK (strength IN ('on_record', 'document', 'anonymous', 'reported', 'hedged', 'unattributed')),
    source      TEXT,
    cue         TEXT,
    response    TEXT CHECK (response IN ('denial', 'no_comment')),
    PRIMARY KEY (claim_id, revision),
    CHECK ((span_start IS NULL) = (span_end IS NULL)),
    CHECK (span_start IS NULL OR (span_start >= 0 AND span_start <= span_end)),
    CHECK ((score IS NOT NULL) = (how IN ('fuzzy', 'contained'))),
    -- gone and unplaced have neither a place nor an attribution; a re-anchored claim has both
    CHECK ((strength IS NULL) = (how IN ('gone', 'unplaced'))),
    CHECK (how = 'recorded' OR (span_start IS NULL) = (how IN ('gone', 'unplaced')))
) WITHOUT ROWID;

-- Verdicts are never overwritten: a new one supersedes the old, and both stay. `summary` (version 2) is the
-- fact-checker's one-line summary of the claim, published as ClaimReview's claimReviewed; `revision` (version 4)
-- the revision of the article current when it was given, NULL for an article without text.
CREATE TABLE verdicts (
    id          INTEGER PRIMARY KEY,
    claim_id    INTEGER NOT NULL REFERENCES claims (id),
    rating      TEXT NOT NULL
                CHECK (CASE rating WHEN 'true' THEN 1 WHEN 'mostly_true' THEN 1 WHEN 'mixed' THEN 1
                       WHEN 'mostly_false' THEN 1 WHEN 'false' THEN 1 WHEN 'unproven' THEN 1 ELSE 0 END),
    rationale   TEXT NOT NULL CHECK (trim(rationale) <> ''),
    confidence  TEXT NOT NULL
                CHECK (CASE confidence WHEN 'high' THEN 1 WHEN 'moderate' THEN 1 WHEN 'low' THEN 1 ELSE 0 END),
    author      TEXT NOT NULL CHECK (trim(author) <> ''),
    created_at  TEXT NOT NULL,
    summary     TEXT CHECK (summary IS NULL OR trim(summary) <> ''),
    -- the claim's revision the verdict was given on
    claim_revision INTEGER NOT NULL DEFAULT 1,
    -- for a verdict read from a desk file (whose author and time are the file's): who imported it, and when
    imported_by TEXT,
    imported_at TEXT,
    -- the article's revision the verdict was checked against (NULL: an article without text)
    revision    INTEGER CHECK (revision IS NULL OR revision >= 1)
);
CREATE INDEX verdicts_by_claim ON verdicts (claim_id, id);
CREATE TRIGGER verdicts_are_kept_unchanged BEFORE UPDATE ON verdicts
BEGIN SELECT RAISE(ABORT, 'verdicts are never changed: record a new one'); END;
CREATE TRIGGER verdicts_are_kept BEFORE DELETE ON verdicts
BEGIN SELECT RAISE(ABORT, 'verdicts are never deleted: record a new one'); END;

-- The audit trail: who did what, when. Append-only.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    article_id  INTEGER REFERENCES articles (id),
    claim_id    INTEGER REFERENCES claims (id),
    evidence_id INTEGER REFERENCES evidence (id),
    source_id   INTEGER REFERENCES sources (id),
    detail      TEXT NOT NULL
);
CREATE INDEX events_by_claim ON events (claim_id) WHERE claim_id IS NOT NULL;
CREATE INDEX events_by_evidence ON events (evidence_id) WHERE evidence_id IS NOT NULL;
CREATE TRIGGER events_are_kept_unchanged BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER events_are_kept BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

-- Desk-wide settings, such as the organisation named as author of published ClaimReviews.
CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Published fact-checks imported from ClaimReview JSON-LD (`import --claimreview`, version 5): matched against,
-- never a verdict of the desk and never a claim's status. The same address and claim reviewed are the same
-- review, updated in place when imported again.
CREATE TABLE reviews (
    id             INTEGER PRIMARY KEY,
    claim_reviewed TEXT NOT NULL CHECK (trim(claim_reviewed) <> ''),
    rating_text    TEXT,
    rating_value   REAL,
    rating_best    REAL,
    rating_worst   REAL,
    reviewer       TEXT,
    url            TEXT CHECK (url IS NULL OR lower(substr(url, 1, 7)) = 'http://' OR lower(substr(url, 1, 8)) = 'https://'),
    published      TEXT CHECK (published IS NULL OR date(published) = published),
    language       TEXT,
    headline       TEXT,
    claimant       TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE UNIQUE INDEX reviews_by_key ON reviews (ifnull(url, ''), claim_reviewed);

-- The match index (version 5; src/matching/segment.rs owns the bytes): segments of postings, each written by one
-- write transaction with the claims and reviews it indexes, merged as they pile up. A segment row has the
-- documents it was written with, the totals of those still live in it, its document list and deleted list; a
-- term row the postings of one term in one segment. The setting `match_index` names the blobs' format: a desk
-- whose setting is not the binary's has its index rebuilt by its next write.
CREATE TABLE match_segments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    docs        INTEGER NOT NULL CHECK (docs >= 0),
    live_docs   INTEGER NOT NULL CHECK (live_docs >= 0),
    len_claim   INTEGER NOT NULL,
    len_title   INTEGER NOT NULL,
    len_context INTEGER NOT NULL,
    doc_list    BLOB NOT NULL,
    deleted     BLOB NOT NULL
);
CREATE TABLE match_terms (
    segment  INTEGER NOT NULL REFERENCES match_segments (id),
    term     TEXT NOT NULL,
    postings BLOB NOT NULL,
    PRIMARY KEY (segment, term)
) WITHOUT ROWID;
INSERT INTO settings (name, value) VALUES ('match_index', '2');
-- The desk's own id, written into its desk files so that an import knows an update of its records from another
-- desk's records that happen to share their keys.
INSERT INTO settings (name, value) VALUES ('desk.id', lower(hex(randomblob(8))));
