//! The store: every line of SQL in claimtrack lives below this module, so that another database can stand behind
//! the same methods. `Store` opens and upgrades the file; `Db` holds the queries, for reading (`Store::read`) and
//! inside one IMMEDIATE transaction per command (`Store::write`).
//!
//! A new database gets `schema.sql` whole. An existing one is upgraded by `UPGRADES`, one transaction per step,
//! and `PRAGMA user_version` says which step it is at; a database newer than this binary is refused untouched.

mod articles;
mod claims;
mod evidence;
mod history;
mod sources;

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::error::{Error, Result};
use crate::model::{Action, Actor, ClaimId};

pub use claims::{ArticleCount, ClaimFilter};
pub use evidence::EvidenceGrades;

/// The schema a new database is created with.
const SCHEMA: &str = include_str!("../../schema.sql");

/// Upgrade steps from version N to N+1, in order; `UPGRADES[0]` upgrades version 1 to 2. Each runs in its own
/// transaction together with the `user_version` bump. `schema.sql` always describes the newest version.
const UPGRADES: &[&str] = &[];

/// The schema version this binary writes and understands.
pub const SCHEMA_VERSION: i64 = 1 + UPGRADES.len() as i64;

/// How long a writer waits for another process's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// An open claimtrack database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// The queries, over a plain connection (reads) or an open transaction (writes). `actor` is set for writes and
/// stamps every event and row.
pub struct Db<'c> {
    conn: &'c Connection,
    actor: Option<&'c Actor>,
    /// While set, claims whose status may have moved are collected here and computed once by `settle_statuses`.
    deferred: RefCell<Option<BTreeSet<ClaimId>>>,
}

impl Store {
    /// Opens the database at `path`, creating it (and applying the schema) when the file does not exist.
    pub fn open(path: &Path) -> Result<Store> {
        if path.is_dir() {
            return Err(Error::NotADatabase {
                path: path.to_path_buf(),
                reason: "it is a directory".to_string(),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| not_a_database(path, e))?;
        Store::prepare(conn, path.to_path_buf())
    }

    /// A private database in memory, for tests and dry runs.
    pub fn open_in_memory() -> Result<Store> {
        Store::prepare(Connection::open_in_memory()?, PathBuf::from(":memory:"))
    }

    fn prepare(conn: Connection, path: PathBuf) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Every query of the store is prepared once per process; the default cache of 16 is too small for them.
        conn.set_prepared_statement_cache_capacity(128);
        // Reading the version is the first thing that touches the file, so a text file or a damaged header is
        // reported here, before anything is written.
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|e| not_a_database(&path, e))?;
        if version > SCHEMA_VERSION {
            return Err(Error::TooNew {
                path,
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if version == 0 {
            let tables: i64 = conn
                .query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))
                .map_err(|e| not_a_database(&path, e))?;
            if tables > 0 {
                return Err(Error::NotADatabase {
                    path,
                    reason: "it is an SQLite database of another program".to_string(),
                });
            }
        }
        conn.pragma_update(None, "foreign_keys", true)?;
        if path != Path::new(":memory:") {
            conn.pragma_update(None, "journal_mode", "wal")?;
            conn.pragma_update(None, "synchronous", "full")?;
        }
        let mut store = Store { conn, path };
        store.migrate(version)?;
        Ok(store)
    }

    fn migrate(&mut self, from: i64) -> Result<()> {
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
            tx.commit()?;
            return Ok(());
        }
        apply_upgrades(&mut self.conn, from, UPGRADES)
    }

    /// The file this store reads and writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Queries outside a transaction.
    pub fn read(&self) -> Db<'_> {
        Db {
            conn: &self.conn,
            actor: None,
            deferred: RefCell::new(None),
        }
    }

    /// Runs `work` in one IMMEDIATE transaction, committed only when it returns `Ok`: a command writes all of its
    /// changes or none. IMMEDIATE takes the write lock up front, so that concurrent writers queue on the busy
    /// timeout instead of failing half-way with "database is locked".
    pub fn write<T>(
        &mut self,
        actor: &Actor,
        work: impl FnOnce(&mut Db<'_>) -> Result<T>,
    ) -> Result<T> {
        let path = self.path.clone();
        let tx = self.begin_immediate().map_err(|e| explain(&path, e))?;
        let value = {
            let mut db = Db {
                conn: &tx,
                actor: Some(actor),
                deferred: RefCell::new(None),
            };
            let value = work(&mut db).map_err(|e| explain(&path, e))?;
            // Work that deferred statuses must not commit them stale.
            db.settle_statuses().map_err(|e| explain(&path, e))?;
            value
        };
        tx.commit().map_err(|e| explain(&path, e.into()))?;
        Ok(value)
    }

    /// Takes the write lock. The busy timeout already waits for other writers; should it run out under a long
    /// import by someone else, try a few more times before giving up, so nobody sees "database is locked".
    fn begin_immediate(&mut self) -> Result<rusqlite::Transaction<'_>> {
        const ATTEMPTS: u32 = 4;
        let mut attempt = 1;
        loop {
            // `new_unchecked` borrows the connection shared, which a retry loop needs; `write` never nests.
            match rusqlite::Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate) {
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.code == rusqlite::ErrorCode::DatabaseBusy && attempt < ATTEMPTS =>
                {
                    std::thread::sleep(Duration::from_millis(50 * u64::from(attempt)));
                    attempt += 1;
                }
                other => return Ok(other?),
            }
        }
    }

    /// The schema version recorded in the file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }

    /// A desk-wide setting.
    pub fn setting(&self, name: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE name = ?1",
                [name],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// SQLite's own integrity and foreign-key checks: the problems found, empty when the file is sound.
    pub fn integrity_problems(&self, quick: bool) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let pragma = if quick {
            "PRAGMA quick_check"
        } else {
            "PRAGMA integrity_check"
        };
        let mut stmt = self.conn.prepare(pragma)?;
        let rows = stmt.query_map([], |row| row.get::<_, String>(0))?;
        for row in rows {
            let line = row?;
            if line != "ok" {
                problems.push(format!("integrity: {line}"));
            }
        }
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
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
    }

    /// Copies the whole database to `target` with SQLite's online backup API, safe while others write.
    pub fn backup(&self, target: &Path) -> Result<()> {
        let mut copy = Connection::open(target).map_err(|e| not_a_database(target, e))?;
        let backup = rusqlite::backup::Backup::new(&self.conn, &mut copy)?;
        backup.run_to_completion(256, Duration::from_millis(5), None)?;
        Ok(())
    }
}

impl<'c> Db<'c> {
    fn actor(&self) -> &'c Actor {
        self.actor
            .expect("writes go through Store::write, which sets the actor")
    }

    /// Records one entry of the audit trail.
    fn event(&self, action: Action, refs: EventRefs, detail: &str) -> Result<()> {
        let actor = self.actor();
        self.conn
            .prepare_cached(
                "INSERT INTO events (at, actor, action, article_id, claim_id, evidence_id, source_id, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(rusqlite::params![
                actor.at.to_string(),
                actor.name,
                action.as_str(),
                refs.article,
                refs.claim,
                refs.evidence,
                refs.source,
                detail
            ])?;
        Ok(())
    }

    /// The article a claim belongs to; a not-found error for an unknown claim. Cheaper than reading the claim.
    pub fn article_of(&self, claim: ClaimId) -> Result<crate::model::ArticleId> {
        use rusqlite::OptionalExtension;
        self.conn
            .prepare_cached("SELECT article_id FROM claims WHERE id = ?1")?
            .query_row([claim.0], |row| row.get(0))
            .optional()?
            .map(crate::model::ArticleId)
            .ok_or_else(|| Error::not_found(crate::model::RecordKind::Claim, claim))
    }

    /// A not-found error unless the evidence item exists.
    pub fn require_evidence(&self, evidence: crate::model::EvidenceId) -> Result<()> {
        let found: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM evidence WHERE id = ?1")?
            .query_row([evidence.0], |row| row.get(0))?;
        match found {
            0 => Err(Error::not_found(
                crate::model::RecordKind::Evidence,
                evidence,
            )),
            _ => Ok(()),
        }
    }

    /// The id of the evidence item stored under a desk key.
    pub fn evidence_id(&self, key: &str) -> Result<Option<crate::model::EvidenceId>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM evidence WHERE key = ?1")?
            .query_row([key], |row| row.get(0))
            .optional()?
            .map(crate::model::EvidenceId))
    }

    /// The id of the source of this name, ignoring case.
    pub fn source_id(&self, name: &str) -> Result<Option<crate::model::SourceId>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM sources WHERE name = ?1")?
            .query_row([name], |row| row.get(0))
            .optional()?
            .map(crate::model::SourceId))
    }

    /// Sets a desk-wide setting.
    pub fn set_setting(&self, name: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO settings (name, value) VALUES (?1, ?2)
             ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            [name, value],
        )?;
        self.event(
            Action::Setting,
            EventRefs::default(),
            &format!("set {name} to {value:?}"),
        )
    }
}

/// The records an event is about, by row id.
#[derive(Default, Clone, Copy)]
struct EventRefs {
    article: Option<i64>,
    claim: Option<i64>,
    evidence: Option<i64>,
    source: Option<i64>,
}

/// Runs the upgrade steps after version `from`, each in its own transaction with its version bump, so that a step
/// that fails leaves the database at the version before it, data intact.
fn apply_upgrades(conn: &mut Connection, from: i64, upgrades: &[&str]) -> Result<()> {
    for (index, step) in upgrades.iter().enumerate().skip((from - 1).max(0) as usize) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(step)?;
        tx.pragma_update(None, "user_version", index as i64 + 2)?;
        tx.commit()?;
    }
    Ok(())
}

/// The longest value the store keeps for each kind of field, in bytes. Beyond these a value is a mistake (a
/// whole file pasted into a title), not data.
pub mod limits {
    /// Titles, names, sources, cues, addresses.
    pub const SHORT: usize = 2_000;
    /// A claim's sentence.
    pub const CLAIM: usize = 10_000;
    /// Rationales, notes.
    pub const LONG: usize = 100_000;
    /// An article's text.
    pub const ARTICLE: usize = 20 * 1024 * 1024;
}

/// Refuses a value that is too long or holds a NUL byte, naming the field.
fn check_text(what: &str, value: &str, max: usize) -> Result<()> {
    if value.len() > max {
        return Err(Error::invalid_with(
            format!(
                "the {what} is {} bytes long; claimtrack keeps at most {max}",
                value.len()
            ),
            format!("shorten the {what}"),
        ));
    }
    if let Some(at) = value.find('\0') {
        return Err(Error::invalid(format!(
            "the {what} holds a NUL byte (at byte {at}), which text never does"
        )));
    }
    Ok(())
}

/// `check_text` for a value that may be absent.
fn check_optional(what: &str, value: Option<&str>, max: usize) -> Result<()> {
    value.map_or(Ok(()), |v| check_text(what, v, max))
}

/// Turns SQLite's answers that a person can act on into errors that say so.
fn explain(path: &Path, error: Error) -> Error {
    match error {
        Error::Sql(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::ReadOnly =>
        {
            Error::ReadOnly {
                path: path.to_path_buf(),
            }
        }
        Error::Sql(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::DatabaseBusy =>
        {
            Error::Busy {
                path: path.to_path_buf(),
            }
        }
        other => other,
    }
}

fn not_a_database(path: &Path, error: rusqlite::Error) -> Error {
    use rusqlite::ffi::ErrorCode;
    match &error {
        rusqlite::Error::SqliteFailure(e, _) if e.code == ErrorCode::NotADatabase => {
            Error::NotADatabase {
                path: path.to_path_buf(),
                reason: "the file is not an SQLite database".to_string(),
            }
        }
        rusqlite::Error::SqliteFailure(e, _) if e.code == ErrorCode::CannotOpen => {
            Error::NotADatabase {
                path: path.to_path_buf(),
                reason: "it cannot be opened (is the folder there, and writable?)".to_string(),
            }
        }
        _ => Error::Sql(error),
    }
}

/// Reads an enum column through its one spelling; a value outside the vocabulary is a damaged row.
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
