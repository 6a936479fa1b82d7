-- The claims, evidence, links and verdicts tables as version 6 made them (checked with IN), built again in their
-- place: the test helper `downgrade_to`'s undo of the step to version 7.
CREATE TABLE claims_v7 (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles (id),
    key         TEXT NOT NULL CHECK (key <> ''),
    text        TEXT NOT NULL CHECK (trim(text) <> ''),
    span_start  INTEGER,
    span_end    INTEGER,
    source      TEXT,
    cue         TEXT,
    strength    TEXT NOT NULL
                CHECK (strength IN ('on_record', 'document', 'anonymous', 'reported', 'hedged', 'unattributed')),
    response    TEXT CHECK (response IN ('denial', 'no_comment')),
    status      TEXT NOT NULL DEFAULT 'unverified'
                CHECK (status IN ('unverified', 'single_source', 'corroborated', 'disputed', 'refuted')),
    created_at  TEXT NOT NULL,
    revision    INTEGER NOT NULL DEFAULT 1,
    source_kind TEXT CHECK (source_kind IS NULL OR CASE source_kind WHEN 'named_person' THEN 1
                            WHEN 'named_organization' THEN 1 WHEN 'document' THEN 1 WHEN 'anonymous' THEN 1
                            WHEN 'other_media' THEN 1 WHEN 'self' THEN 1 WHEN 'none' THEN 1 ELSE 0 END),
    UNIQUE (article_id, key),
    CHECK ((span_start IS NULL) = (span_end IS NULL)),
    CHECK (span_start IS NULL OR (span_start >= 0 AND span_start <= span_end))
);
INSERT INTO claims_v7 (id, article_id, key, text, span_start, span_end, source, cue, strength, response,
    status, created_at, revision, source_kind)
    SELECT id, article_id, key, text, span_start, span_end, source, cue, strength, response, status,
        created_at, revision, source_kind FROM claims;
DROP TABLE claims;
ALTER TABLE claims_v7 RENAME TO claims;
CREATE INDEX claims_by_article ON claims (article_id, status, strength);
CREATE INDEX claims_by_status ON claims (status);
CREATE INDEX claims_by_strength ON claims (strength);
CREATE INDEX claims_by_place ON claims (article_id, span_start);
CREATE TABLE evidence_v7 (
    id           INTEGER PRIMARY KEY,
    key          TEXT NOT NULL UNIQUE CHECK (key <> ''),
    title        TEXT NOT NULL CHECK (trim(title) <> ''),
    url          TEXT,
    archived_url TEXT,
    retrieved_at TEXT,
    origin_id    INTEGER REFERENCES sources (id),
    derived_from INTEGER REFERENCES evidence (id) CHECK (derived_from IS NULL OR derived_from <> id),
    reliability  TEXT CHECK (reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
    credibility  TEXT NOT NULL DEFAULT '6' CHECK (credibility IN ('1', '2', '3', '4', '5', '6')),
    sha256       TEXT CHECK (sha256 IS NULL OR (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*')),
    notes        TEXT,
    created_at   TEXT NOT NULL,
    desk         TEXT
);
INSERT INTO evidence_v7 (id, key, title, url, archived_url, retrieved_at, origin_id, derived_from,
    reliability, credibility, sha256, notes, created_at, desk)
    SELECT id, key, title, url, archived_url, retrieved_at, origin_id, derived_from, reliability, credibility,
        sha256, notes, created_at, desk FROM evidence;
DROP TABLE evidence;
ALTER TABLE evidence_v7 RENAME TO evidence;
CREATE INDEX evidence_by_origin ON evidence (origin_id);
CREATE INDEX evidence_by_parent ON evidence (derived_from);
CREATE TABLE links_v7 (
    claim_id    INTEGER NOT NULL REFERENCES claims (id),
    evidence_id INTEGER NOT NULL REFERENCES evidence (id),
    stance      TEXT NOT NULL CHECK (stance IN ('supports', 'refutes', 'context')),
    note        TEXT,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (claim_id, evidence_id)
) WITHOUT ROWID;
INSERT INTO links_v7 (claim_id, evidence_id, stance, note, created_at)
    SELECT claim_id, evidence_id, stance, note, created_at FROM links;
DROP TABLE links;
ALTER TABLE links_v7 RENAME TO links;
CREATE INDEX links_by_evidence ON links (evidence_id);
CREATE TABLE verdicts_v7 (
    id          INTEGER PRIMARY KEY,
    claim_id    INTEGER NOT NULL REFERENCES claims (id),
    rating      TEXT NOT NULL
                CHECK (rating IN ('true', 'mostly_true', 'mixed', 'mostly_false', 'false', 'unproven')),
    rationale   TEXT NOT NULL CHECK (trim(rationale) <> ''),
    confidence  TEXT NOT NULL CHECK (confidence IN ('high', 'moderate', 'low')),
    author      TEXT NOT NULL CHECK (trim(author) <> ''),
    created_at  TEXT NOT NULL,
    summary     TEXT CHECK (summary IS NULL OR trim(summary) <> ''),
    claim_revision INTEGER NOT NULL DEFAULT 1,
    imported_by TEXT,
    imported_at TEXT,
    revision    INTEGER CHECK (revision IS NULL OR revision >= 1)
);
INSERT INTO verdicts_v7 (id, claim_id, rating, rationale, confidence, author, created_at, summary,
    claim_revision, imported_by, imported_at, revision)
    SELECT id, claim_id, rating, rationale, confidence, author, created_at, summary, claim_revision,
        imported_by, imported_at, revision FROM verdicts;
DROP TABLE verdicts;
ALTER TABLE verdicts_v7 RENAME TO verdicts;
CREATE INDEX verdicts_by_claim ON verdicts (claim_id, id);
CREATE TRIGGER verdicts_are_kept_unchanged BEFORE UPDATE ON verdicts
BEGIN SELECT RAISE(ABORT, 'verdicts are never changed: record a new one'); END;
CREATE TRIGGER verdicts_are_kept BEFORE DELETE ON verdicts
BEGIN SELECT RAISE(ABORT, 'verdicts are never deleted: record a new one'); END;

