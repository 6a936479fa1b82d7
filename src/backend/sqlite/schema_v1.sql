-- Version 1 of the schema exactly as it was released (0.1.0), kept only so the upgrade test can build a real
-- version-1 desk. The schema a new desk gets is `schema.sql`.
-- claimtrack's canonical schema. A new database is created from this file as a whole; an existing one is brought
-- up to date by the numbered upgrade steps in src/store/mod.rs, and PRAGMA user_version records which it is at.
-- Every closed vocabulary is checked here too, so that a row the design page does not allow cannot exist even if a
-- bug tries to write one.

CREATE TABLE articles (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE CHECK (key <> '' AND key NOT GLOB '*[^a-z0-9-]*'),
    title       TEXT NOT NULL CHECK (trim(title) <> ''),
    outlet      TEXT,
    url         TEXT,
    published   TEXT CHECK (published IS NULL OR date(published) = published),
    author      TEXT,
    body        TEXT,
    created_at  TEXT NOT NULL
);

CREATE TABLE sources (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> ''),
    kind        TEXT NOT NULL DEFAULT 'other'
                CHECK (kind IN ('person', 'organisation', 'document', 'media', 'anonymous', 'other')),
    reliability TEXT CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
    created_at  TEXT NOT NULL
);

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
                CHECK (strength IN ('on_record', 'document', 'anonymous', 'reported', 'hedged', 'unattributed')),
    response    TEXT CHECK (response IN ('denial', 'no_comment')),
    -- computed by the status engine from the links and kept current by the store in the same transaction
    status      TEXT NOT NULL DEFAULT 'unverified'
                CHECK (status IN ('unverified', 'single_source', 'corroborated', 'disputed', 'refuted')),
    created_at  TEXT NOT NULL,
    UNIQUE (article_id, key),
    CHECK ((span_start IS NULL) = (span_end IS NULL)),
    CHECK (span_start IS NULL OR (span_start >= 0 AND span_start <= span_end))
);
-- (article, status, strength) serves an article's claims and the report's GROUP BY without a sort; (status) alone
-- returns `list --status` rows already in id order, so the first page comes without sorting the rest.
CREATE INDEX claims_by_article ON claims (article_id, status, strength);
CREATE INDEX claims_by_status ON claims (status);
CREATE INDEX claims_by_strength ON claims (strength);

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
    reliability  TEXT CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
    credibility  TEXT NOT NULL DEFAULT '6' CHECK (credibility IN ('1', '2', '3', '4', '5', '6')),
    sha256       TEXT CHECK (sha256 IS NULL OR (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*')),
    notes        TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX evidence_by_origin ON evidence (origin_id);
CREATE INDEX evidence_by_parent ON evidence (derived_from);

CREATE TABLE links (
    claim_id    INTEGER NOT NULL REFERENCES claims (id),
    evidence_id INTEGER NOT NULL REFERENCES evidence (id),
    stance      TEXT NOT NULL CHECK (stance IN ('supports', 'refutes', 'context')),
    note        TEXT,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (claim_id, evidence_id)
) WITHOUT ROWID;
CREATE INDEX links_by_evidence ON links (evidence_id);

-- Verdicts are never overwritten: a new one supersedes the old, and both stay.
CREATE TABLE verdicts (
    id          INTEGER PRIMARY KEY,
    claim_id    INTEGER NOT NULL REFERENCES claims (id),
    rating      TEXT NOT NULL
                CHECK (rating IN ('true', 'mostly_true', 'mixed', 'mostly_false', 'false', 'unproven')),
    rationale   TEXT NOT NULL CHECK (trim(rationale) <> ''),
    confidence  TEXT NOT NULL CHECK (confidence IN ('high', 'moderate', 'low')),
    author      TEXT NOT NULL CHECK (trim(author) <> ''),
    created_at  TEXT NOT NULL
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
