//! The embedded desk: one SQLite file (or a private database in memory). Opening creates the file with
//! `schema.sql` on first use and upgrades an older one step by step (`PRAGMA user_version` says which step it is
//! at); a file newer than this binary is refused untouched. Writes run in one IMMEDIATE transaction, so writers
//! queue on the lock instead of failing half-way; the desk is in WAL mode, except while an import loads a desk
//! that holds nothing and nobody else has open, which goes through a rollback journal ([`RollbackJournal`]).
//! Every SQLite error that a person can act on becomes the [`Error`] variant that says so.
//!
//! The queries live one file per table group (`articles`, `claims`, `sources`, `evidence`, `links`, `events`,
//! `reviews`, `matching`, `revisions`), as functions over a [`Connection`]; the trait implementations below
//! only route to them and name the desk in errors.

mod articles;
mod claims;
mod events;
mod evidence;
mod links;
mod matching;
mod reviews;
mod revisions;
mod sources;
mod stored;

use std::path::Path;
use std::time::Duration;

use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};

use super::{
    AnchorRow, ArticleCount, ArticleRow, Backend, ChainStep, ClaimFilter, ClaimRow, EventRow,
    EvidenceDetails, EvidenceRecord, EvidenceRow, GradedLink, LinkRow, Mode, Provenance,
    RevisionRow, Rows, SourceRow, StoredReview, StoredRow, Table, Transaction, VerdictRow,
};
use crate::error::{Error, Result};
use crate::matching::claimreview::ExternalReview;
use crate::matching::index::CorpusStats;
use crate::matching::segment::{NewSegment, SegmentInfo, TermBlob};
use crate::model::{
    Action, Article, ArticleId, ArticleRevision, Claim, ClaimId, EvidenceGrades, EvidenceId, Link,
    Reliability, Source, SourceId, SourceKind, Status, Strength, Timestamp, Verdict,
};

/// The schema a new database is created with.
const SCHEMA: &str = include_str!("../../../schema.sql");

/// Upgrade steps from version N to N+1, in order; `UPGRADES[0]` upgrades version 1 to 2. Each runs in its own
/// transaction together with the `user_version` bump. `schema.sql` always describes the newest version.
const UPGRADES: &[&str] = &[
    // 1 → 2: a verdict keeps the fact-checker's summary of the claim (`verdict --summary`).
    "ALTER TABLE verdicts ADD COLUMN summary TEXT CHECK (summary IS NULL OR trim(summary) <> '');",
    // 2 → 3: where records came from (desk ids), look-alike source names as one, claim revisions and imported verdicts
    // (issue 10, items 3, 6 and 10), and claims found by place. Names that were distinct before and look alike now
    // keep apart by their id, so the upgrade never fails on an existing desk.
    "ALTER TABLE articles ADD COLUMN desk TEXT;
     ALTER TABLE evidence ADD COLUMN desk TEXT;
     ALTER TABLE sources ADD COLUMN identity TEXT NOT NULL DEFAULT '';
     UPDATE sources SET identity = claimtrack_source_identity(name);
     UPDATE sources SET identity = identity || '#' || id
      WHERE identity = '' OR id NOT IN (SELECT min(id) FROM sources GROUP BY identity);
     CREATE UNIQUE INDEX sources_by_identity ON sources (identity);
     ALTER TABLE claims ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
     ALTER TABLE verdicts ADD COLUMN claim_revision INTEGER NOT NULL DEFAULT 1;
     ALTER TABLE verdicts ADD COLUMN imported_by TEXT;
     ALTER TABLE verdicts ADD COLUMN imported_at TEXT;
     CREATE INDEX claims_by_place ON claims (article_id, span_start);
     INSERT OR IGNORE INTO settings (name, value) VALUES ('desk.id', lower(hex(randomblob(8))));",
    // 3 → 4: revisions of an article's text, each claim's anchor per revision, and the revision a verdict was
    // checked against. Every article's text becomes its revision 1, recorded when the article was registered and
    // by who registered it; every verdict on it was given on that revision.
    UPGRADE_REVISIONS,
    // 4 → 5: imported published fact-checks, and the match index (empty, without its `match_index` setting, so
    // the desk's next write builds it from the claims already there).
    "CREATE TABLE reviews (
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
    ) WITHOUT ROWID;",
    // 5 → 6: a claim keeps who it is attributed to, by kind. Claims recorded before are left unknown (NULL), not
    // guessed: ClaimReview reads their kind as it did before (render/claimreview.rs). The check is schema.sql's
    // (CASE, not IN: see there).
    "ALTER TABLE claims ADD COLUMN source_kind TEXT CHECK (source_kind IS NULL OR CASE source_kind
        WHEN 'named_person' THEN 1 WHEN 'named_organization' THEN 1 WHEN 'document' THEN 1 WHEN 'anonymous' THEN 1
        WHEN 'other_media' THEN 1 WHEN 'self' THEN 1 WHEN 'none' THEN 1 ELSE 0 END);",
    // 6 → 7: the closed vocabularies of the tables the bulk paths write checked with CASE instead of IN (see
    // schema.sql), which SQLite can only change by building each table again.
    UPGRADE_CHECKS,
];

/// The step to version 7: SQLite's documented procedure for a change ALTER TABLE cannot make (its ALTER TABLE page,
/// "making other kinds of table schema changes"), table by table: the new table beside the old, the rows copied
/// with their ids, the old one dropped and the new one renamed into its place, then its indexes and triggers made
/// again as `schema.sql` writes them (`check` compares the triggers' text). It runs in the step's transaction with
/// the foreign keys off ([`apply_upgrades`]), so that dropping a table others point at neither fails nor checks
/// every row; the rows are copied as they are, so no reference changes. Columns are named, as an upgraded desk's
/// are in the same order as a new one's but need not stay so.
const UPGRADE_CHECKS: &str = "
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
                CHECK (CASE strength WHEN 'on_record' THEN 1 WHEN 'document' THEN 1 WHEN 'anonymous' THEN 1
                       WHEN 'reported' THEN 1 WHEN 'hedged' THEN 1 WHEN 'unattributed' THEN 1 ELSE 0 END),
    response    TEXT CHECK (response IS NULL
                            OR CASE response WHEN 'denial' THEN 1 WHEN 'no_comment' THEN 1 ELSE 0 END),
    status      TEXT NOT NULL DEFAULT 'unverified'
                CHECK (CASE status WHEN 'unverified' THEN 1 WHEN 'single_source' THEN 1 WHEN 'corroborated' THEN 1
                       WHEN 'disputed' THEN 1 WHEN 'refuted' THEN 1 ELSE 0 END),
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
    reliability  TEXT CHECK (reliability IS NULL OR CASE reliability WHEN 'A' THEN 1 WHEN 'B' THEN 1 WHEN 'C' THEN 1
                             WHEN 'D' THEN 1 WHEN 'E' THEN 1 WHEN 'F' THEN 1 ELSE 0 END),
    credibility  TEXT NOT NULL DEFAULT '6'
                 CHECK (CASE credibility WHEN '1' THEN 1 WHEN '2' THEN 1 WHEN '3' THEN 1 WHEN '4' THEN 1
                        WHEN '5' THEN 1 WHEN '6' THEN 1 ELSE 0 END),
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
    stance      TEXT NOT NULL
                CHECK (CASE stance WHEN 'supports' THEN 1 WHEN 'refutes' THEN 1 WHEN 'context' THEN 1 ELSE 0 END),
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
                CHECK (CASE rating WHEN 'true' THEN 1 WHEN 'mostly_true' THEN 1 WHEN 'mixed' THEN 1
                       WHEN 'mostly_false' THEN 1 WHEN 'false' THEN 1 WHEN 'unproven' THEN 1 ELSE 0 END),
    rationale   TEXT NOT NULL CHECK (trim(rationale) <> ''),
    confidence  TEXT NOT NULL
                CHECK (CASE confidence WHEN 'high' THEN 1 WHEN 'moderate' THEN 1 WHEN 'low' THEN 1 ELSE 0 END),
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
";

/// The step to version 4 (`schema.sql` describes the tables it makes).
const UPGRADE_REVISIONS: &str = "
CREATE INDEX articles_by_text_length ON articles (octet_length(body)) WHERE body IS NOT NULL;
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
    CHECK ((strength IS NULL) = (how IN ('gone', 'unplaced'))),
    CHECK (how = 'recorded' OR (span_start IS NULL) = (how IN ('gone', 'unplaced')))
) WITHOUT ROWID;
ALTER TABLE verdicts ADD COLUMN revision INTEGER CHECK (revision IS NULL OR revision >= 1);
INSERT INTO revisions (article_id, number, text, created_at, actor)
    SELECT a.id, 1, NULL, a.created_at, coalesce(e.actor, 'claimtrack')
    FROM articles a
    LEFT JOIN (SELECT article_id, min(id) AS id FROM events
               WHERE action = 'article.add' AND article_id IS NOT NULL GROUP BY article_id) f ON f.article_id = a.id
    LEFT JOIN events e ON e.id = f.id
    WHERE a.body IS NOT NULL
    ORDER BY a.id;
DROP TRIGGER verdicts_are_kept_unchanged;
UPDATE verdicts SET revision = 1 WHERE claim_id IN
    (SELECT c.id FROM claims c JOIN articles a ON a.id = c.article_id WHERE a.body IS NOT NULL);
CREATE TRIGGER verdicts_are_kept_unchanged BEFORE UPDATE ON verdicts
BEGIN SELECT RAISE(ABORT, 'verdicts are never changed: record a new one'); END;
";

/// The schema version this binary writes and understands.
pub const SCHEMA_VERSION: i64 = 1 + UPGRADES.len() as i64;

/// How long a writer waits for another process's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// What the queries fail with: the engine's error, or one a callback of a streaming read returned.
#[derive(Debug)]
enum SqlError {
    Engine(rusqlite::Error),
    Ledger(Error),
}

impl From<rusqlite::Error> for SqlError {
    fn from(error: rusqlite::Error) -> Self {
        SqlError::Engine(error)
    }
}

impl From<Error> for SqlError {
    fn from(error: Error) -> Self {
        SqlError::Ledger(error)
    }
}

/// The queries' result.
type Q<T> = std::result::Result<T, SqlError>;

/// An open SQLite desk.
pub struct SqliteBackend {
    conn: Connection,
    desk: String,
    created: bool,
    /// Why the desk was opened to be read only, when it was.
    read_only: Option<String>,
    /// A desk this open is making: it lives under a temporary name beside its own until [`Backend::keep`], so
    /// that a command that fails (or is killed) before it has written anything leaves no desk by that name.
    unborn: Option<Unborn>,
}

/// A new desk file under its temporary name, and the name it is to have.
struct Unborn {
    temp: tempfile::TempPath,
    path: std::path::PathBuf,
}

impl Unborn {
    /// The files SQLite keeps beside a database, by the temporary name.
    fn companions(&self) -> [std::ffi::OsString; 3] {
        ["-wal", "-shm", "-journal"].map(|suffix| {
            let mut name = self.temp.as_os_str().to_owned();
            name.push(suffix);
            name
        })
    }
}

impl Drop for SqliteBackend {
    /// A desk never kept is removed, with whatever SQLite kept beside it.
    fn drop(&mut self) {
        if let Some(unborn) = self.unborn.take() {
            if let Ok(memory) = Connection::open_in_memory() {
                let _ = std::mem::replace(&mut self.conn, memory).close();
            }
            for companion in unborn.companions() {
                let _ = std::fs::remove_file(companion);
            }
        }
    }
}

/// Why a desk file cannot be written where it is (a read-only mount, a folder that refuses new files), or `None`
/// when it can. Asked of the file system itself, by making (and removing) a file beside it, since permission bits
/// do not bind root; only done once opening has failed.
fn read_only_place(path: &Path) -> Option<String> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    match tempfile::Builder::new()
        .prefix(".claimtrack-probe")
        .tempfile_in(&folder)
    {
        Ok(_) => None,
        // EROFS
        Err(e) if e.raw_os_error() == Some(30) => {
            Some("its folder is on a read-only file system".to_string())
        }
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            Some("its folder does not allow new files".to_string())
        }
        Err(_) => None,
    }
}

/// A read transaction of a [`SqliteBackend`]: one moment of the desk, however others write meanwhile.
pub struct SqliteSnapshot<'c> {
    tx: rusqlite::Transaction<'c>,
    desk: &'c str,
}

/// The write transaction of a [`SqliteBackend`].
pub struct SqliteTransaction<'c> {
    tx: rusqlite::Transaction<'c>,
    desk: &'c str,
    /// Indexes dropped for a bulk load (`defer_indexes`), with the SQL that builds each again before commit.
    deferred: Vec<String>,
    /// A load's rollback journal, when it has one ([`SqliteBackend::begin_load`]). Declared after `tx`, so that
    /// it is dropped after the transaction has ended, committed or not.
    _journal: Option<RollbackJournal<'c>>,
}

/// A load into a desk that holds nothing, written through a rollback journal instead of the write-ahead log. In
/// WAL mode every page is written twice, to the log and then checkpointed into the file: most of what a load of a
/// million claims wrote (3.5 GB of a desk of 1 GB). A rollback journal keeps only the pages the file had before
/// the transaction, which for an empty desk are its few schema pages, and the rest is written once, to the file;
/// a transaction cut short (a kill, a power cut) leaves the journal "hot", and whoever opens the desk next puts
/// those pages back and cuts the file to its old length, before anything else reads it.
///
/// SQLite leaves WAL mode only when no other connection has the desk open (it needs the exclusive lock, and does
/// not wait for it), so a load while someone else has the desk open is written through the log as any write is,
/// and they go on reading meanwhile. Who opens the desk during a load waits for it as a writer does: a rollback
/// journal lets nobody read the file while it is being written. Dropped once the transaction is over, this puts
/// the desk back in WAL mode; should that fail (someone else is reading at that very moment), the next open does
/// it, as every open sets WAL.
struct RollbackJournal<'c> {
    conn: &'c Connection,
}

/// The durability of a load through a rollback journal. In that mode a transaction commits when its journal is
/// deleted, and `FULL` syncs the file but not the folder the journal was deleted from, so power lost just after
/// the commit could bring the journal back and undo a committed load; `EXTRA` syncs the folder too (once).
const LOAD_SYNCHRONOUS: &str = "extra";

impl Drop for RollbackJournal<'_> {
    fn drop(&mut self) {
        // Nothing to report: the transaction is over either way, and the next open sets both again.
        let _ = self.conn.pragma_update(None, "journal_mode", "wal");
        let _ = self
            .conn
            .pragma_update(None, "synchronous", STORE_SYNCHRONOUS);
    }
}

/// The desk's `PRAGMA synchronous` outside a load: in WAL mode, `FULL` makes every commit durable at once.
const STORE_SYNCHRONOUS: &str = "full";

/// The page cache of a bulk load: large enough that the unique indexes' pages stay in memory.
const BULK_CACHE_KIB: i64 = 64 * 1024;

/// The page cache while the deferred indexes are built at commit. SQLite's sorter holds as much as the page cache
/// in memory before it writes a sorted run to a temporary file, so with the bulk load's cache the builds of a
/// million claims' indexes held 64 MB of sort besides the 64 MB cache (a 1M import peaked at 194 MB, 100k at
/// 86 MB); building appends pages in order and needs few of them cached.
const INDEX_BUILD_CACHE_KIB: i64 = 8 * 1024;

/// The most rows one INSERT statement carries on the bulk paths. Starting and ending a statement costs more than
/// a row: SQLite opens and closes a cursor on the table and each index, and a table with a `CHECK (x IN (…))`
/// built that list's lookup table anew each time a statement started, which made a one-row INSERT of a claim cost
/// three times what the row does (version 7 checks the bulk tables with CASE, which builds nothing).
const ROWS_PER_STATEMENT: usize = 64;

/// Inserts `rows` with multi-row `INSERT … VALUES (…), (…)` statements, in the order given. `head` is
/// `INSERT INTO t (a, b, …)` naming `columns` columns; `bind` binds the values of row `index` from parameter
/// `first` on. Full statements carry [`ROWS_PER_STATEMENT`] rows and the rest goes in statements of the powers of
/// two below it, so each table has a handful of statements, each prepared once per process.
fn insert_rows<R>(
    conn: &Connection,
    head: &str,
    columns: usize,
    rows: &[R],
    bind: impl FnMut(&mut rusqlite::Statement<'_>, usize, usize, &R) -> rusqlite::Result<()>,
) -> rusqlite::Result<()> {
    let group = format!("({})", vec!["?"; columns].join(", "));
    insert_groups(conn, head, &group, columns, rows, bind)
}

/// [`insert_rows`] with each row's values written as `group` (parentheses included), which takes `params`
/// parameters: a value may be an expression, such as a subquery.
fn insert_groups<R>(
    conn: &Connection,
    head: &str,
    group: &str,
    params: usize,
    rows: &[R],
    mut bind: impl FnMut(&mut rusqlite::Statement<'_>, usize, usize, &R) -> rusqlite::Result<()>,
) -> rusqlite::Result<()> {
    let mut done = 0;
    while done < rows.len() {
        let left = rows.len() - done;
        let take = if left >= ROWS_PER_STATEMENT {
            ROWS_PER_STATEMENT
        } else {
            1 << left.ilog2()
        };
        let sql = format!("{head} VALUES {}", vec![group; take].join(", "));
        let mut stmt = conn.prepare_cached(&sql)?;
        for (offset, row) in rows[done..done + take].iter().enumerate() {
            bind(&mut stmt, offset * params + 1, done + offset, row)?;
        }
        stmt.raw_execute()?;
        done += take;
    }
    Ok(())
}

/// The id the next row of `table` gets: one past the highest, as SQLite gives a row inserted without one (no table
/// of the schema is AUTOINCREMENT). The bulk paths give ids themselves, so that a multi-row INSERT can return
/// them; the write lock held by the transaction keeps them free.
fn next_id(conn: &Connection, table: &str) -> Q<i64> {
    let highest: Option<i64> = conn
        .prepare_cached(&format!("SELECT max(id) FROM {table}"))?
        .query_row([], |row| row.get(0))?;
    highest.unwrap_or(0).checked_add(1).ok_or_else(|| {
        SqlError::Ledger(Error::Storage {
            message: format!("the `{table}` table has used every id there is"),
        })
    })
}

impl SqliteBackend {
    /// Opens the database at `path`, creating it there at once (and applying the schema) when the file does not
    /// exist.
    pub fn open(path: &Path) -> Result<SqliteBackend> {
        let mut backend = SqliteBackend::open_as(path, Mode::Write)?;
        backend.keep()?;
        Ok(backend)
    }

    /// Opens the database at `path` for `mode`: to read, a file that is not there (or is empty, holding no desk)
    /// is refused and nothing is created; to write, it is created with the schema under a temporary name beside
    /// `path`, and takes that name at [`Backend::keep`] (dropped before, it is removed); `init` creates it there.
    pub fn open_as(path: &Path, mode: Mode) -> Result<SqliteBackend> {
        let desk = path.display().to_string();
        if path.is_dir() {
            return Err(Error::NotADesk {
                desk,
                reason: "it is a directory".to_string(),
            });
        }
        // A device, a FIFO or a socket is no desk: SQLite would write a journal beside it (`/dev/null-journal`).
        if let Ok(meta) = std::fs::metadata(path) {
            if !meta.is_file() {
                return Err(Error::NotADesk {
                    desk,
                    reason: "it is a device, a pipe or a socket, not a file".to_string(),
                });
            }
        }
        let created = !path.exists();
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if mode != Mode::Read {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        // A command that writes makes a new desk under a temporary name (`init` makes it where it is asked). A
        // `file:` URI names its file in SQLite's own terms, and an empty name or `:memory:` none (refused below), so
        // those are opened as given.
        let name = path.as_os_str().as_encoded_bytes();
        let as_given = name.starts_with(b"file:") || name.is_empty() || name == b":memory:";
        if created && mode == Mode::Write && !as_given {
            let temp = crate::atomic_file::temporary_beside(path, ".new-desk")
                .map_err(|_| Error::NotADesk {
                    desk: desk.clone(),
                    reason: "it cannot be opened (is the folder there, and writable?)".to_string(),
                })?
                .into_temp_path();
            let conn =
                Connection::open_with_flags(&temp, flags).map_err(|e| not_a_database(&desk, e))?;
            let unborn = Unborn {
                temp,
                path: path.to_path_buf(),
            };
            let mut backend = SqliteBackend::prepare(conn, desk, true, true, mode)?;
            backend.unborn = Some(unborn);
            return Ok(backend);
        }
        let conn = Connection::open_with_flags(path, flags).map_err(|e| match e {
            // Without the create flag, SQLite cannot open a file that is not there (a `file:` URI included).
            rusqlite::Error::SqliteFailure(f, _)
                if mode == Mode::Read && f.code == rusqlite::ErrorCode::CannotOpen && created =>
            {
                Error::NoDesk { desk: desk.clone() }
            }
            e => not_a_database(&desk, e),
        })?;
        // An empty name, `:memory:` or a memory URI is a database gone when the command ends: a write would
        // report success and keep nothing. SQLite names no file for those.
        if conn.path().is_none_or(str::is_empty) {
            return Err(Error::NotADesk {
                desk,
                reason: "it names no file (an empty name, `:memory:` or an in-memory `file:` URI), so nothing \
                         written to it would be kept"
                    .to_string(),
            });
        }
        // The first read is where a folder that refuses new files (SQLite's `-wal` and `-shm`) shows.
        if let Err(rusqlite::Error::SqliteFailure(e, _)) =
            conn.query_row("PRAGMA user_version", [], |row| row.get::<_, i64>(0))
        {
            use rusqlite::ErrorCode::{CannotOpen, PermissionDenied, ReadOnly};
            if !created && matches!(e.code, CannotOpen | ReadOnly | PermissionDenied) {
                if let Some(why) = read_only_place(path) {
                    drop(conn);
                    return SqliteBackend::open_read_only(path, desk, why);
                }
            }
        }
        SqliteBackend::prepare(conn, desk, created, true, mode)
    }

    /// Opens a desk that cannot be written where it is, to be read: SQLite's `immutable` open, which needs no
    /// `-wal` or `-shm` beside it. Every write is refused, saying why.
    fn open_read_only(path: &Path, desk: String, why: String) -> Result<SqliteBackend> {
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
            return Err(Error::NotADesk {
                desk,
                reason: format!(
                    "{why}, and changes waiting in its `-wal` file cannot be folded in, so reading it would show \
                     an older desk"
                ),
            });
        }
        // A load cut short leaves its rollback journal (see `RollbackJournal`), which only a writer can roll back;
        // `immutable` would read the half-written file past it.
        let mut journal = path.as_os_str().to_owned();
        journal.push("-journal");
        if std::fs::metadata(&journal).is_ok_and(|m| m.len() > 0) {
            return Err(Error::NotADesk {
                desk,
                reason: format!(
                    "{why}, and an import cut short left its `-journal` file, which cannot be rolled back here, so \
                     reading it would show half an import"
                ),
            });
        }
        let mut uri = String::from("file:");
        for byte in path.as_os_str().as_encoded_bytes() {
            match byte {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'/' | b'.' | b'_' | b'-' => {
                    uri.push(char::from(*byte))
                }
                _ => uri.push_str(&format!("%{byte:02X}")),
            }
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(format!("{uri}?immutable=1"), flags)
            .map_err(|e| not_a_database(&desk, e))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| explain(&desk, e))?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|e| not_a_database(&desk, e))?;
        if version > SCHEMA_VERSION {
            return Err(Error::TooNew {
                desk,
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if version != SCHEMA_VERSION {
            return Err(Error::NotADesk {
                desk,
                reason: format!(
                    "it is at schema version {version} and must be upgraded, which {why} does not allow"
                ),
            });
        }
        Ok(SqliteBackend {
            conn,
            desk,
            created: false,
            read_only: Some(why),
            unborn: None,
        })
    }

    /// A private database in memory, for tests and dry runs.
    pub fn open_in_memory() -> Result<SqliteBackend> {
        let desk = ":memory:".to_string();
        let conn = Connection::open_in_memory().map_err(|e| explain(&desk, e))?;
        SqliteBackend::prepare(conn, desk, true, false, Mode::Write)
    }

    fn prepare(
        conn: Connection,
        desk: String,
        created: bool,
        file: bool,
        mode: Mode,
    ) -> Result<SqliteBackend> {
        let setup = |conn: &Connection| -> rusqlite::Result<()> {
            conn.busy_timeout(BUSY_TIMEOUT)?;
            // Every query is prepared once per process; the default cache of 16 is too small for them.
            conn.set_prepared_statement_cache_capacity(128);
            Ok(())
        };
        setup(&conn).map_err(|e| explain(&desk, e))?;
        // Reading the version is the first thing that touches the file, so a text file or a damaged header is
        // reported here, before anything is written.
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|e| not_a_database(&desk, e))?;
        if version > SCHEMA_VERSION {
            return Err(Error::TooNew {
                desk,
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if version == 0 {
            let tables: i64 = conn
                .query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))
                .map_err(|e| not_a_database(&desk, e))?;
            if tables > 0 {
                return Err(Error::NotADesk {
                    desk,
                    reason: "it is an SQLite database of another program".to_string(),
                });
            }
            // An empty file holds no desk yet, and reading one must not write the schema into it.
            if mode == Mode::Read {
                return Err(Error::NoDesk { desk });
            }
        }
        let pragmas = |conn: &Connection| -> rusqlite::Result<()> {
            conn.pragma_update(None, "foreign_keys", true)?;
            if file {
                conn.pragma_update(None, "journal_mode", "wal")?;
                conn.pragma_update(None, "synchronous", STORE_SYNCHRONOUS)?;
            }
            Ok(())
        };
        pragmas(&conn).map_err(|e| explain(&desk, e))?;
        let mut backend = SqliteBackend {
            conn,
            desk,
            created,
            read_only: None,
            unborn: None,
        };
        backend
            .migrate(version)
            .map_err(|e| explain(&backend.desk, e))?;
        Ok(backend)
    }

    fn migrate(&mut self, from: i64) -> rusqlite::Result<()> {
        if from == 0 {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            // Another process may have created it while we waited for the lock.
            let now: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
            if now == 0 {
                tx.execute_batch(SCHEMA)?;
                tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
            }
            return tx.commit();
        }
        // An upgrade step may name records the way the ledger does; the function exists only for them.
        self.conn.create_scalar_function(
            "claimtrack_source_identity",
            1,
            FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
            |ctx| {
                let name: String = ctx.get(0)?;
                Ok(crate::ledger::source_identity(&name))
            },
        )?;
        apply_upgrades(&mut self.conn, from, UPGRADES)
    }

    /// Takes the write lock. The busy timeout already waits for other writers; should it run out under a long
    /// import by someone else, try a few more times before giving up, so nobody sees "database is locked".
    fn begin_immediate(&self) -> rusqlite::Result<rusqlite::Transaction<'_>> {
        const ATTEMPTS: u32 = 4;
        let mut attempt = 1;
        loop {
            // `new_unchecked` borrows the connection shared, which a retry loop needs; transactions never nest.
            match rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate) {
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.code == rusqlite::ErrorCode::DatabaseBusy && attempt < ATTEMPTS =>
                {
                    std::thread::sleep(Duration::from_millis(50 * u64::from(attempt)));
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// A rollback journal for a load ([`RollbackJournal`]) when the desk is a file in WAL mode that holds nothing
    /// yet (no event: what the imports take for a new desk) and no other connection has it open; `None` leaves the
    /// load to the write-ahead log. Whether the desk is empty is a matter of speed only, not of safety: should
    /// another process write between this and the transaction, the rollback journal keeps that transaction whole
    /// just the same.
    fn rollback_journal(&self) -> rusqlite::Result<Option<RollbackJournal<'_>>> {
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode", [], |row| row.get(0))?;
        if mode != "wal" {
            return Ok(None);
        }
        let empty: bool =
            self.conn
                .query_row("SELECT NOT EXISTS (SELECT 1 FROM events)", [], |row| {
                    row.get(0)
                })?;
        if !empty {
            return Ok(None);
        }
        match self
            .conn
            .pragma_update_and_check(None, "journal_mode", "delete", |row| {
                row.get::<_, String>(0)
            }) {
            Ok(mode) if mode == "delete" => {}
            // SQLite answers busy at once, without waiting, when another connection has the desk open.
            Ok(_) => return Ok(None),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) =>
            {
                return Ok(None);
            }
            Err(e) => return Err(e),
        }
        let journal = RollbackJournal { conn: &self.conn };
        self.conn
            .pragma_update(None, "synchronous", LOAD_SYNCHRONOUS)?;
        Ok(Some(journal))
    }

    /// Refuses to write a desk opened to be read only, saying why.
    fn writable(&self) -> Result<()> {
        match &self.read_only {
            Some(why) => Err(Error::Invalid {
                message: format!(
                    "`{}` can only be read here ({why}): nothing was changed",
                    self.desk
                ),
                hint: Some(
                    "work on a copy in a folder you can write (`claimtrack backup` can make one)"
                        .to_string(),
                ),
            }),
            None => Ok(()),
        }
    }

    /// The connection, for tests that go past the code to the raw tables.
    #[cfg(test)]
    pub(crate) fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// Runs the upgrade steps after version `from`, each in its own transaction with its version bump, so that a step
/// that fails leaves the database at the version before it, data intact.
fn apply_upgrades(conn: &mut Connection, from: i64, upgrades: &[&str]) -> rusqlite::Result<()> {
    let newest = 1 + upgrades.len() as i64;
    if from >= newest {
        return Ok(());
    }
    // A step that builds a table again drops the old one while others still point at it (`UPGRADE_CHECKS`); the
    // setting is ignored inside a transaction, so it is turned off around them, and on again whatever happened.
    conn.pragma_update(None, "foreign_keys", false)?;
    let result = (|| {
        for (index, step) in upgrades.iter().enumerate().skip((from - 1).max(0) as usize) {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute_batch(step)?;
            tx.pragma_update(None, "user_version", index as i64 + 2)?;
            tx.commit()?;
        }
        Ok(())
    })();
    conn.pragma_update(None, "foreign_keys", true)?;
    result
}

impl Backend for SqliteBackend {
    fn desk(&self) -> &str {
        &self.desk
    }

    fn created(&self) -> bool {
        self.created
    }

    fn keep(&mut self) -> Result<()> {
        let Some(unborn) = self.unborn.take() else {
            return Ok(());
        };
        let file_error = |source| Error::File {
            action: "create",
            path: unborn.path.clone(),
            source,
        };
        // Closed first, so that what the write-ahead log holds is in the file and the log is gone.
        let memory = Connection::open_in_memory().map_err(|e| explain(&self.desk, e))?;
        std::mem::replace(&mut self.conn, memory)
            .close()
            .map_err(|(_, e)| explain(&self.desk, e))?;
        std::fs::File::open(&unborn.temp)
            .and_then(|file| file.sync_all())
            .map_err(file_error)?;
        let path = unborn.path.clone();
        // Never over a file that appeared there meanwhile (another command making the same desk).
        unborn.temp.persist_noclobber(&path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                Error::Conflict {
                    message: format!(
                        "another command created a desk at `{}` while this one ran, so this one wrote nothing",
                        self.desk
                    ),
                    hint: Some("run it again: it will write to the desk that is there now".to_string()),
                }
            } else {
                file_error(e.error)
            }
        })?;
        // The desk is at its name now; a folder that cannot be flushed only makes the name less durable after a
        // power cut, which is no reason to report a write that was kept as failed.
        let _ = crate::atomic_file::sync_folder(
            path.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new(".")),
        );
        let mut kept = SqliteBackend::open_as(&path, Mode::Write)?;
        kept.created = true;
        *self = kept;
        Ok(())
    }

    fn rows(&self) -> &dyn Rows {
        self
    }

    fn snapshot(&self) -> Result<Box<dyn Rows + '_>> {
        let start = || -> rusqlite::Result<rusqlite::Transaction<'_>> {
            // `new_unchecked` borrows the connection shared; the first read fixes the moment the snapshot sees.
            let tx =
                rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred)?;
            tx.query_row("SELECT count(*) FROM sqlite_schema", [], |row| {
                row.get::<_, i64>(0)
            })?;
            Ok(tx)
        };
        let tx = start().map_err(|e| explain(&self.desk, e))?;
        Ok(Box::new(SqliteSnapshot {
            tx,
            desk: &self.desk,
        }))
    }

    fn begin(&mut self) -> Result<Box<dyn Transaction + '_>> {
        self.writable()?;
        let tx = self.begin_immediate().map_err(|e| explain(&self.desk, e))?;
        Ok(Box::new(SqliteTransaction {
            tx,
            desk: &self.desk,
            deferred: Vec::new(),
            _journal: None,
        }))
    }

    fn begin_load(&mut self) -> Result<Box<dyn Transaction + '_>> {
        self.writable()?;
        let journal = self
            .rollback_journal()
            .map_err(|e| explain(&self.desk, e))?;
        // Should the lock not come, `journal` is dropped here and the desk is back in WAL mode.
        let tx = self.begin_immediate().map_err(|e| explain(&self.desk, e))?;
        Ok(Box::new(SqliteTransaction {
            tx,
            desk: &self.desk,
            deferred: Vec::new(),
            _journal: journal,
        }))
    }

    fn schema_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|e| explain(&self.desk, e))
    }

    fn integrity_problems(&self, quick: bool) -> Result<Vec<String>> {
        self.run(|conn| -> Q<Vec<String>> {
            let mut problems = Vec::new();
            let pragma = if quick {
                "PRAGMA quick_check"
            } else {
                "PRAGMA integrity_check"
            };
            let mut stmt = conn.prepare(pragma)?;
            let rows = stmt.query_map([], |row| row.get::<_, String>(0))?;
            for row in rows {
                let line = row?;
                if line != "ok" {
                    problems.push(format!("integrity: {line}"));
                }
            }
            let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
            let rows = stmt.query_map([], |row| {
                Ok(format!(
                    "foreign key: row {} of `{}` points at a missing `{}`",
                    row.get::<_, Option<i64>>(1)?.unwrap_or_default(),
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(2)?
                ))
            })?;
            for row in rows {
                problems.push(row?);
            }
            problems.extend(audit_trail_problems(conn)?);
            Ok(problems)
        })
    }

    fn backup(&self, target: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<()> {
        // Errors here may be the copy's as well as the desk's, so none is blamed on the desk.
        let failed = |e: rusqlite::Error| Error::Storage {
            message: e.to_string(),
        };
        let mut copy = Connection::open(target)
            .map_err(|e| not_a_database(&target.display().to_string(), e))?;
        let backup = rusqlite::backup::Backup::new(&self.conn, &mut copy).map_err(failed)?;
        // `run_to_completion` takes no closure, so the steps are run here, reporting after each.
        loop {
            let step = backup.step(256).map_err(failed)?;
            let done = backup.progress();
            let total = done.pagecount.max(0) as u64;
            progress(total - (done.remaining.max(0) as u64).min(total), total);
            if step == rusqlite::backup::StepResult::Done {
                return Ok(());
            }
            // A pause between steps lets writers in (and a busy or locked step be tried again), as
            // `run_to_completion` does.
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

/// The schema's guards of the verdicts and the audit trail, by name, with their SQL as `schema.sql` writes it.
fn guards() -> Vec<(&'static str, &'static str)> {
    SCHEMA
        .split("CREATE TRIGGER ")
        .skip(1)
        .filter_map(|rest| {
            let end = rest.find("END;")? + "END".len();
            let name = rest.split_whitespace().next()?;
            Some((name, &rest[..end]))
        })
        .collect()
}

/// Whether the audit trail is as written: every guard of `schema.sql` in place and unchanged, and no event
/// missing from the run of ids (SQLite hands out the next id after the highest, so an id is skipped only when
/// an event was taken out).
fn audit_trail_problems(conn: &Connection) -> Q<Vec<String>> {
    let mut problems = Vec::new();
    for (name, body) in guards() {
        let stored: Option<String> = conn
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1",
                [name],
                |row| row.get(0),
            )
            .optional()?;
        match stored {
            None => problems.push(format!(
                "audit trail: the guard `{name}` has been dropped, so records it protects can be changed"
            )),
            Some(sql) if sql.trim_start_matches("CREATE TRIGGER ").trim() != body.trim() => problems.push(
                format!("audit trail: the guard `{name}` has been changed from what the schema says"),
            ),
            Some(_) => {}
        }
    }
    let mut stmt = conn.prepare(
        "SELECT prev + 1, id - 1 FROM (SELECT id, lag(id, 1, 0) OVER (ORDER BY id) AS prev FROM events)
         WHERE id <> prev + 1 LIMIT 21",
    )?;
    let gaps: Vec<(i64, i64)> = stmt
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (n, (first, last)) in gaps.iter().enumerate() {
        if n == 20 {
            problems.push("audit trail: more events are missing after these".to_string());
            break;
        }
        problems.push(if first == last {
            format!("audit trail: event {first} is missing (taken out of the trail)")
        } else {
            format!("audit trail: events {first} to {last} are missing (taken out of the trail)")
        });
    }
    Ok(problems)
}

/// What both the desk and its transaction read through: a connection, and the desk's name for errors.
trait Sqlite {
    fn conn(&self) -> &Connection;
    fn desk_name(&self) -> &str;

    /// Runs queries, naming the desk in any error they end with.
    fn run<T>(&self, queries: impl FnOnce(&Connection) -> Q<T>) -> Result<T> {
        queries(self.conn()).map_err(|e| match e {
            SqlError::Engine(e) => explain(self.desk_name(), e),
            SqlError::Ledger(e) => e,
        })
    }
}

impl Sqlite for SqliteBackend {
    fn conn(&self) -> &Connection {
        &self.conn
    }
    fn desk_name(&self) -> &str {
        &self.desk
    }
}

impl Sqlite for SqliteSnapshot<'_> {
    fn conn(&self) -> &Connection {
        &self.tx
    }
    fn desk_name(&self) -> &str {
        self.desk
    }
}

impl Sqlite for SqliteTransaction<'_> {
    fn conn(&self) -> &Connection {
        &self.tx
    }
    fn desk_name(&self) -> &str {
        self.desk
    }
}

impl<S: Sqlite> Rows for S {
    fn article(&self, id: ArticleId) -> Result<Option<Article>> {
        self.run(|c| articles::by_id(c, id))
    }
    fn article_by_key(&self, key: &str) -> Result<Option<Article>> {
        self.run(|c| articles::by_key(c, key))
    }
    fn article_body(&self, id: ArticleId) -> Result<Option<Option<String>>> {
        self.run(|c| articles::body(c, id))
    }
    fn each_article(&self, each: &mut dyn FnMut(Article) -> Result<()>) -> Result<()> {
        self.run(|c| articles::each(c, each))
    }

    fn claim(&self, id: ClaimId) -> Result<Option<Claim>> {
        self.run(|c| claims::by_id(c, id))
    }
    fn claim_by_key(&self, article: ArticleId, key: &str) -> Result<Option<Claim>> {
        self.run(|c| claims::by_key(c, article, key))
    }
    fn claim_id(&self, article: ArticleId, key: &str) -> Result<Option<ClaimId>> {
        self.run(|c| claims::id_of(c, article, key))
    }
    fn claim_at(
        &self,
        article: ArticleId,
        span: (usize, usize),
        text: &str,
    ) -> Result<Option<ClaimId>> {
        self.run(|c| claims::at(c, article, span, text))
    }
    fn claim_place(&self, id: ClaimId) -> Result<Option<(ArticleId, Status)>> {
        self.run(|c| claims::place(c, id))
    }
    fn claim_count(&self, article: ArticleId) -> Result<u64> {
        self.run(|c| claims::count(c, article))
    }
    fn each_claim(
        &self,
        filter: &ClaimFilter,
        each: &mut dyn FnMut(Claim) -> Result<()>,
    ) -> Result<()> {
        self.run(|c| claims::each(c, filter, each))
    }
    fn claim_totals(&self, article: Option<ArticleId>) -> Result<Vec<(Status, Strength, u64)>> {
        self.run(|c| claims::totals(c, article))
    }
    fn each_article_count(
        &self,
        article: Option<ArticleId>,
        each: &mut dyn FnMut(ArticleCount) -> Result<()>,
    ) -> Result<()> {
        self.run(|c| claims::each_article_count(c, article, each))
    }
    fn verdicts(&self, claim: ClaimId) -> Result<Vec<Verdict>> {
        self.run(|c| claims::verdicts(c, claim))
    }

    fn source(&self, id: SourceId) -> Result<Option<Source>> {
        self.run(|c| sources::by_id(c, id))
    }
    fn source_by_name(&self, name: &str) -> Result<Option<Source>> {
        self.run(|c| sources::by_name(c, name))
    }
    fn source_id(&self, name: &str) -> Result<Option<SourceId>> {
        self.run(|c| sources::id_of(c, name))
    }
    fn source_reliability(&self, id: SourceId) -> Result<Option<Reliability>> {
        self.run(|c| sources::reliability(c, id))
    }
    fn each_source(&self, each: &mut dyn FnMut(Source) -> Result<()>) -> Result<()> {
        self.run(|c| sources::each(c, each))
    }

    fn evidence(&self, id: EvidenceId) -> Result<Option<EvidenceRecord>> {
        self.run(|c| evidence::by_id(c, id))
    }
    fn evidence_by_key(&self, key: &str) -> Result<Option<EvidenceRecord>> {
        self.run(|c| evidence::by_key(c, key))
    }
    fn evidence_id(&self, key: &str) -> Result<Option<EvidenceId>> {
        self.run(|c| evidence::id_of(c, key))
    }
    fn evidence_ids(&self, keys: &[&str]) -> Result<std::collections::HashMap<String, EvidenceId>> {
        self.run(|c| evidence::ids_of(c, keys))
    }
    fn last_evidence_id(&self) -> Result<Option<EvidenceId>> {
        self.run(evidence::last_id)
    }
    fn provenance(&self, id: EvidenceId) -> Result<Option<Provenance>> {
        self.run(|c| evidence::provenance(c, id))
    }
    fn each_evidence(&self, each: &mut dyn FnMut(EvidenceRecord) -> Result<()>) -> Result<()> {
        self.run(|c| evidence::each(c, each))
    }

    fn each_evidence_outside_claims(
        &self,
        each: &mut dyn FnMut(EvidenceRecord) -> Result<()>,
    ) -> Result<()> {
        self.run(|c| evidence::each_outside_claims(c, each))
    }

    fn link(&self, claim: ClaimId, evidence: EvidenceId) -> Result<Option<Link>> {
        self.run(|c| links::between(c, claim, evidence))
    }
    fn links_of_claim(&self, claim: ClaimId) -> Result<Vec<Link>> {
        self.run(|c| links::of_claim(c, claim))
    }
    fn links_of_evidence(&self, evidence: EvidenceId) -> Result<Vec<Link>> {
        self.run(|c| links::of_evidence(c, evidence))
    }
    fn graded_links_of_claim(&self, claim: ClaimId) -> Result<Vec<GradedLink>> {
        self.run(|c| links::graded_of_claim(c, claim))
    }
    fn each_graded_link(
        &self,
        each: &mut dyn FnMut(GradedLink, Status) -> Result<()>,
    ) -> Result<()> {
        self.run(|c| links::each_graded(c, each))
    }
    fn each_supporting_link_chain(
        &self,
        each: &mut dyn FnMut(GradedLink, Option<ChainStep>) -> Result<()>,
    ) -> Result<()> {
        self.run(|c| links::each_supporting_chain(c, each))
    }
    fn each_unlinked_claim_not(
        &self,
        expected: Status,
        each: &mut dyn FnMut(ClaimId, Status) -> Result<()>,
    ) -> Result<()> {
        self.run(|c| links::each_unlinked_claim_not(c, expected, each))
    }
    fn claims_linked_to_descendants(&self, evidence: EvidenceId) -> Result<Vec<ClaimId>> {
        self.run(|c| links::claims_of_descendants(c, evidence))
    }
    fn each_graded_link_to_origin(
        &self,
        source: SourceId,
        each: &mut dyn FnMut(GradedLink) -> Result<()>,
    ) -> Result<()> {
        self.run(|c| links::each_graded_to_origin(c, source, each))
    }

    fn each_claim_event(
        &self,
        claim: ClaimId,
        evidence_action: Action,
        source_action: Action,
        each: &mut dyn FnMut(crate::model::Event) -> Result<()>,
    ) -> Result<()> {
        self.run(|c| events::each_of_claim(c, claim, evidence_action, source_action, each))
    }
    fn event_count(&self) -> Result<u64> {
        self.run(events::count)
    }

    fn last_event_at(&self) -> Result<Option<Timestamp>> {
        self.run(events::last_at)
    }

    fn setting(&self, name: &str) -> Result<Option<String>> {
        self.run(|c| events::setting(c, name))
    }

    fn each_stored(
        &self,
        table: Table,
        each: &mut dyn FnMut(StoredRow) -> Result<()>,
    ) -> Result<()> {
        self.run(|c| stored::each(c, table, each))
    }
    fn count_rows(&self, table: Table) -> Result<u64> {
        self.run(|c| stored::count(c, table))
    }
    fn review(&self, id: i64) -> Result<Option<StoredReview>> {
        self.run(|c| reviews::by_id(c, id))
    }
    fn review_by_key(
        &self,
        url: Option<&str>,
        claim_reviewed: &str,
    ) -> Result<Option<StoredReview>> {
        self.run(|c| reviews::by_key(c, url, claim_reviewed))
    }
    fn each_review(&self, each: &mut dyn FnMut(StoredReview) -> Result<()>) -> Result<()> {
        self.run(|c| reviews::each(c, each))
    }

    fn match_segments(&self) -> Result<Vec<SegmentInfo>> {
        self.run(matching::segments)
    }
    fn match_doc_list(&self, segment: i64) -> Result<Option<Vec<u8>>> {
        self.run(|c| matching::doc_list(c, segment))
    }
    fn match_postings(&self, terms: &[String]) -> Result<Vec<TermBlob>> {
        self.run(|c| matching::postings(c, terms))
    }
    fn match_segment_terms(&self, segment: i64) -> Result<Vec<(String, Vec<u8>)>> {
        self.run(|c| matching::segment_terms(c, segment))
    }
    fn revisions(&self, article: ArticleId) -> Result<Vec<ArticleRevision>> {
        self.run(|c| revisions::of_article(c, article))
    }
    fn revision_text(&self, article: ArticleId, number: u32) -> Result<Option<String>> {
        self.run(|c| revisions::text(c, article, number))
    }
    fn articles_with_text(&self, text: &str) -> Result<Vec<(ArticleId, u32)>> {
        self.run(|c| revisions::articles_with_text(c, text))
    }
    fn revised_articles(&self, article: Option<ArticleId>) -> Result<Vec<(ArticleId, u32)>> {
        self.run(|c| revisions::revised_articles(c, article))
    }
    fn anchors_of_claim(&self, claim: ClaimId) -> Result<Vec<AnchorRow>> {
        self.run(|c| revisions::anchors_of_claim(c, claim))
    }
    fn anchors_at(&self, article: ArticleId, revision: u32) -> Result<Vec<AnchorRow>> {
        self.run(|c| revisions::anchors_at(c, article, revision))
    }
}

impl Transaction for SqliteTransaction<'_> {
    fn insert_article(&mut self, row: &ArticleRow<'_>) -> Result<ArticleId> {
        self.run(|c| articles::insert(c, row))
    }
    fn update_article(&mut self, id: ArticleId, row: &ArticleRow<'_>) -> Result<()> {
        self.run(|c| articles::update(c, id, row))
    }
    fn insert_claims(&mut self, rows: &[ClaimRow<'_>]) -> Result<Vec<ClaimId>> {
        self.run(|c| claims::insert(c, rows))
    }
    fn update_claim(&mut self, id: ClaimId, row: &ClaimRow<'_>) -> Result<()> {
        self.run(|c| claims::update(c, id, row))
    }
    fn set_claim_status(&mut self, id: ClaimId, status: Status) -> Result<()> {
        self.run(|c| claims::set_status(c, id, status))
    }
    fn insert_verdict(&mut self, row: &VerdictRow<'_>) -> Result<i64> {
        self.run(|c| claims::insert_verdict(c, row))
    }
    fn insert_verdicts(&mut self, rows: &[VerdictRow<'_>]) -> Result<Vec<i64>> {
        self.run(|c| claims::insert_verdicts(c, rows))
    }

    fn insert_source(&mut self, row: &SourceRow<'_>) -> Result<SourceId> {
        self.run(|c| sources::insert(c, row))
    }
    fn update_source(
        &mut self,
        id: SourceId,
        kind: SourceKind,
        reliability: Option<Reliability>,
    ) -> Result<()> {
        self.run(|c| sources::update(c, id, kind, reliability))
    }

    fn insert_evidence(&mut self, row: &EvidenceRow<'_>) -> Result<EvidenceId> {
        self.run(|c| evidence::insert(c, row))
    }
    fn insert_evidence_items(&mut self, rows: &[EvidenceRow<'_>]) -> Result<Vec<EvidenceId>> {
        self.run(|c| evidence::insert_many(c, rows))
    }
    fn update_evidence_grades(&mut self, id: EvidenceId, grades: &EvidenceGrades) -> Result<()> {
        self.run(|c| evidence::update_grades(c, id, grades))
    }
    fn update_evidence_details(
        &mut self,
        id: EvidenceId,
        details: &EvidenceDetails<'_>,
    ) -> Result<()> {
        self.run(|c| evidence::update_details(c, id, details))
    }

    fn insert_links(&mut self, rows: &[LinkRow<'_>]) -> Result<()> {
        self.run(|c| links::insert(c, rows))
    }
    fn update_link(&mut self, row: &LinkRow<'_>) -> Result<()> {
        self.run(|c| links::update(c, row))
    }
    fn delete_link(&mut self, claim: ClaimId, evidence: EvidenceId) -> Result<bool> {
        self.run(|c| links::delete(c, claim, evidence))
    }

    fn insert_events(&mut self, rows: &[EventRow<'_>]) -> Result<()> {
        self.run(|c| events::insert(c, rows))
    }
    fn put_setting(&mut self, name: &str, value: &str) -> Result<()> {
        self.run(|c| events::put_setting(c, name, value))
    }

    fn restore(&mut self, rows: &[StoredRow]) -> Result<()> {
        self.run(|c| stored::restore(c, rows))
    }
    fn restore_done(&mut self) -> Result<()> {
        self.run(stored::restore_done)
    }
    fn insert_review(&mut self, review: &ExternalReview, at: Timestamp) -> Result<i64> {
        self.run(|c| reviews::insert(c, review, at))
    }
    fn update_review(&mut self, id: i64, review: &ExternalReview, at: Timestamp) -> Result<()> {
        self.run(|c| reviews::update(c, id, review, at))
    }

    fn insert_match_segment(&mut self, segment: &NewSegment) -> Result<i64> {
        self.run(|c| matching::insert_segment(c, segment))
    }
    fn insert_match_terms(&mut self, segment: i64, terms: &[(String, Vec<u8>)]) -> Result<()> {
        self.run(|c| matching::insert_terms(c, segment, terms))
    }
    fn update_match_segment(
        &mut self,
        segment: i64,
        live: &CorpusStats,
        deleted: &[u8],
    ) -> Result<()> {
        self.run(|c| matching::update_segment(c, segment, live, deleted))
    }
    fn delete_match_segment(&mut self, segment: i64) -> Result<()> {
        self.run(|c| matching::delete_segment(c, segment))
    }

    fn insert_revision(&mut self, row: &RevisionRow<'_>) -> Result<()> {
        self.run(|c| revisions::insert(c, row))
    }
    fn put_anchors(&mut self, rows: &[AnchorRow]) -> Result<()> {
        self.run(|c| revisions::put_anchors(c, rows))
    }
    fn defer_indexes(&mut self) -> Result<()> {
        let deferred = self.run(|c| {
            let mut deferred = Vec::new();
            for name in crate::backend::DEFERRABLE_INDEXES {
                let sql: Option<String> = c
                    .query_row(
                        "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?1",
                        [name],
                        |row| row.get(0),
                    )
                    .optional()?;
                if let Some(sql) = sql {
                    c.execute_batch(&format!("DROP INDEX {name}"))?;
                    deferred.push(sql);
                }
            }
            c.pragma_update(None, "cache_size", -BULK_CACHE_KIB)?;
            Ok(deferred)
        })?;
        self.deferred.extend(deferred);
        Ok(())
    }

    fn commit(self: Box<Self>) -> Result<()> {
        let desk = self.desk;
        let rebuilt = || -> rusqlite::Result<()> {
            if !self.deferred.is_empty() {
                self.tx
                    .pragma_update(None, "cache_size", -INDEX_BUILD_CACHE_KIB)?;
            }
            for sql in &self.deferred {
                self.tx.execute_batch(sql)?;
            }
            Ok(())
        };
        rebuilt().map_err(|e| explain(desk, e))?;
        let bulk = !self.deferred.is_empty();
        let tx = self.tx;
        if bulk {
            // Back to the default page cache once the load is in.
            let conn: &Connection = &tx;
            let reset = conn.pragma_update(None, "cache_size", -2000);
            tx.commit().map_err(|e| explain(desk, e))?;
            return reset.map_err(|e| explain(desk, e));
        }
        tx.commit().map_err(|e| explain(desk, e))
    }
}

/// Turns SQLite's answers that a person can act on into the errors that say so; anything else is a storage
/// failure with SQLite's own words.
fn explain(desk: &str, error: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode;
    let desk = desk.to_string();
    match &error {
        rusqlite::Error::SqliteFailure(e, _) => match e.code {
            ErrorCode::ReadOnly => Error::ReadOnly { desk },
            ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => Error::Busy { desk },
            ErrorCode::PermissionDenied => Error::PermissionDenied {
                desk,
                message: error.to_string(),
            },
            ErrorCode::ConstraintViolation
                if matches!(
                    e.extended_code,
                    rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                        | rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
                ) =>
            {
                Error::Conflict {
                    message: format!("the desk already holds that record ({error})"),
                    hint: None,
                }
            }
            _ => Error::Storage {
                message: error.to_string(),
            },
        },
        _ => Error::Storage {
            message: error.to_string(),
        },
    }
}

/// Like `explain`, for the first touches of a file, where SQLite's "not a database" and "cannot open" mean the
/// path is not a desk.
fn not_a_database(desk: &str, error: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode;
    match &error {
        rusqlite::Error::SqliteFailure(e, _) if e.code == ErrorCode::NotADatabase => {
            Error::NotADesk {
                desk: desk.to_string(),
                reason: "the file is not an SQLite database".to_string(),
            }
        }
        rusqlite::Error::SqliteFailure(e, _) if e.code == ErrorCode::CannotOpen => {
            Error::NotADesk {
                desk: desk.to_string(),
                reason: "it cannot be opened (is the folder there, and writable?)".to_string(),
            }
        }
        _ => explain(desk, error),
    }
}

/// Reads an enum (or time) column through its one spelling; a value outside the vocabulary is a damaged row.
/// The text is read in place, never copied: a list of a million claims reads four such columns a row.
fn parse_column<T: std::str::FromStr>(
    row: &rusqlite::Row<'_>,
    column: impl rusqlite::RowIndex,
) -> rusqlite::Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let (idx, text) = column_text(row, column)?;
    match text {
        Some(text) => parse_text(text),
        None => Err(rusqlite::Error::InvalidColumnType(
            idx,
            row.as_ref().column_name(idx)?.to_string(),
            rusqlite::types::Type::Null,
        )),
    }
}

/// Like `parse_column`, for a column that may be NULL.
fn parse_optional_column<T: std::str::FromStr>(
    row: &rusqlite::Row<'_>,
    column: impl rusqlite::RowIndex,
) -> rusqlite::Result<Option<T>>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    column_text(row, column)?.1.map(parse_text).transpose()
}

fn parse_text<T: std::str::FromStr>(text: &str) -> rusqlite::Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    text.parse().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// A text column's value as the row holds it (`None` for NULL), with the column's position; another type is the
/// error `row.get::<String>` gives.
fn column_text<'r>(
    row: &'r rusqlite::Row<'_>,
    column: impl rusqlite::RowIndex,
) -> rusqlite::Result<(usize, Option<&'r str>)> {
    use rusqlite::types::{Type, ValueRef};
    let stmt: &rusqlite::Statement<'_> = row.as_ref();
    let idx = column.idx(stmt)?;
    match row.get_ref(idx)? {
        ValueRef::Null => Ok((idx, None)),
        ValueRef::Text(bytes) => std::str::from_utf8(bytes)
            .map(|text| (idx, Some(text)))
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e))),
        other => Err(rusqlite::Error::InvalidColumnType(
            idx,
            stmt.column_name(idx)?.to_string(),
            other.data_type(),
        )),
    }
}

#[cfg(test)]
mod tests;
