//! The embedded desk: one SQLite file (or a private database in memory). Opening creates the file with
//! `schema.sql` on first use and upgrades an older one step by step (`PRAGMA user_version` says which step it is
//! at); a file newer than this binary is refused untouched. Writes run in one IMMEDIATE transaction, so writers
//! queue on the lock instead of failing half-way; every SQLite error that a person can act on becomes the
//! [`Error`] variant that says so.
//!
//! The queries live one file per table group (`articles`, `claims`, `sources`, `evidence`, `links`, `events`,
//! `reviews`, `matching`), as functions over a [`Connection`]; the trait implementations below only route to them
//! and name the desk in errors.

mod articles;
mod claims;
mod events;
mod evidence;
mod links;
mod matching;
mod reviews;
mod sources;

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::{
    ArticleCount, ArticleRow, Backend, ClaimFilter, ClaimRow, EventRow, EvidenceDetails,
    EvidenceRecord, EvidenceRow, GradedLink, LinkRow, Mode, Provenance, Rows, SourceRow,
    StoredReview, Transaction, VerdictRow,
};
use crate::error::{Error, Result};
use crate::matching::claimreview::ExternalReview;
use crate::matching::index::CorpusStats;
use crate::matching::segment::{NewSegment, SegmentInfo, TermBlob};
use crate::model::{
    Action, Article, ArticleId, Claim, ClaimId, EvidenceGrades, EvidenceId, Link, Reliability,
    Source, SourceId, SourceKind, Status, Strength, Timestamp, Verdict,
};

/// The schema a new database is created with.
const SCHEMA: &str = include_str!("../../../schema.sql");

/// Upgrade steps from version N to N+1, in order; `UPGRADES[0]` upgrades version 1 to 2. Each runs in its own
/// transaction together with the `user_version` bump. `schema.sql` always describes the newest version.
const UPGRADES: &[&str] = &[
    // 1 → 2: a verdict keeps the fact-checker's summary of the claim (`verdict --summary`).
    "ALTER TABLE verdicts ADD COLUMN summary TEXT CHECK (summary IS NULL OR trim(summary) <> '');",
    // 2 → 3: imported published fact-checks, and the match index (empty, without its `match_index` setting, so
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
];

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
}

/// The write transaction of a [`SqliteBackend`].
pub struct SqliteTransaction<'c> {
    tx: rusqlite::Transaction<'c>,
    desk: &'c str,
}

impl SqliteBackend {
    /// Opens the database at `path`, creating it (and applying the schema) when the file does not exist.
    pub fn open(path: &Path) -> Result<SqliteBackend> {
        SqliteBackend::open_as(path, Mode::Write)
    }

    /// Opens the database at `path` for `mode`: to read, a file that is not there (or is empty, holding no desk)
    /// is refused and nothing is created; to write, it is created with the schema.
    pub fn open_as(path: &Path, mode: Mode) -> Result<SqliteBackend> {
        let desk = path.display().to_string();
        if path.is_dir() {
            return Err(Error::NotADesk {
                desk,
                reason: "it is a directory".to_string(),
            });
        }
        let created = !path.exists();
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if mode != Mode::Read {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
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
        SqliteBackend::prepare(conn, desk, created, true, mode)
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
                conn.pragma_update(None, "synchronous", "full")?;
            }
            Ok(())
        };
        pragmas(&conn).map_err(|e| explain(&desk, e))?;
        let mut backend = SqliteBackend {
            conn,
            desk,
            created,
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

    /// The connection, for tests that go past the code to the raw tables.
    #[cfg(test)]
    pub(crate) fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// Runs the upgrade steps after version `from`, each in its own transaction with its version bump, so that a step
/// that fails leaves the database at the version before it, data intact.
fn apply_upgrades(conn: &mut Connection, from: i64, upgrades: &[&str]) -> rusqlite::Result<()> {
    for (index, step) in upgrades.iter().enumerate().skip((from - 1).max(0) as usize) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(step)?;
        tx.pragma_update(None, "user_version", index as i64 + 2)?;
        tx.commit()?;
    }
    Ok(())
}

impl Backend for SqliteBackend {
    fn desk(&self) -> &str {
        &self.desk
    }

    fn created(&self) -> bool {
        self.created
    }

    fn rows(&self) -> &dyn Rows {
        self
    }

    fn begin(&mut self) -> Result<Box<dyn Transaction + '_>> {
        let tx = self.begin_immediate().map_err(|e| explain(&self.desk, e))?;
        Ok(Box::new(SqliteTransaction {
            tx,
            desk: &self.desk,
        }))
    }

    fn schema_version(&self) -> Result<i64> {
        self.conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|e| explain(&self.desk, e))
    }

    fn integrity_problems(&self, quick: bool) -> Result<Vec<String>> {
        self.run(|conn| {
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
    fn last_evidence_id(&self) -> Result<Option<EvidenceId>> {
        self.run(evidence::last_id)
    }
    fn provenance(&self, id: EvidenceId) -> Result<Option<Provenance>> {
        self.run(|c| evidence::provenance(c, id))
    }
    fn each_evidence(&self, each: &mut dyn FnMut(EvidenceRecord) -> Result<()>) -> Result<()> {
        self.run(|c| evidence::each(c, each))
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

    fn setting(&self, name: &str) -> Result<Option<String>> {
        self.run(|c| events::setting(c, name))
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

    fn insert_review(&mut self, review: &ExternalReview, at: Timestamp) -> Result<i64> {
        self.run(|c| reviews::insert(c, review, at))
    }
    fn update_review(&mut self, id: i64, review: &ExternalReview, at: Timestamp) -> Result<()> {
        self.run(|c| reviews::update(c, id, review, at))
    }

    fn insert_match_segment(&mut self, segment: &NewSegment) -> Result<i64> {
        self.run(|c| matching::insert_segment(c, segment))
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

    fn commit(self: Box<Self>) -> Result<()> {
        let desk = self.desk;
        self.tx.commit().map_err(|e| explain(desk, e))
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
fn parse_column<T: std::str::FromStr>(row: &rusqlite::Row<'_>, column: &str) -> rusqlite::Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let text: String = row.get(column)?;
    text.parse().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// Like `parse_column`, for a column that may be NULL.
fn parse_optional_column<T: std::str::FromStr>(
    row: &rusqlite::Row<'_>,
    column: &str,
) -> rusqlite::Result<Option<T>>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let text: Option<String> = row.get(column)?;
    text.map(|t| t.parse()).transpose().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

#[cfg(test)]
mod tests;
