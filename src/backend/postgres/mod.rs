//! The server desk: a PostgreSQL database holding the `claimtrack` schema (`schema.postgres.sql`), reached with
//! the synchronous `postgres` client over TCP (TLS when the URL asks) or a Unix socket (`connect`). `init`
//! creates it with its group roles (`setup`); opening refuses a database that is not a desk, or a desk newer than
//! this binary, untouched, and upgrades an older one when its owner connects.
//!
//! # What the server enforces, not the client
//!
//! The desk's roles are group roles with grants (`setup`), so a checker using `psql` can do no more than through
//! claimtrack. The audit trail's actor and time are the columns' defaults, `session_user` and `now()`, which the
//! groups' grants leave them no way to override; a verdict's author and time are stamped by a trigger from the
//! same. Events and verdicts cannot be updated, deleted or truncated, by anyone: the grants
//! leave those out, and triggers refuse even the owner. A refused write becomes [`Error::RoleNeeded`], naming
//! the change, the role it needs and the one the session holds.
//!
//! # One writer at a time
//!
//! Every write transaction runs at READ COMMITTED and first takes one desk-wide advisory lock
//! (`pg_advisory_xact_lock(DESK_LOCK)`), the server's version of SQLite's IMMEDIATE transaction: statuses are
//! computed from reads made under the lock, so two checkers linking evidence to the same claim, or re-grading an
//! item behind many claims, cannot leave a stale status. (`SELECT … FOR UPDATE` on a claim misses a re-grade of
//! its evidence; REPEATABLE READ would read from a snapshot taken before the wait.) The wait is bounded by
//! `lock_timeout`, and a timeout is [`Error::Busy`].
//!
//! # Streams
//!
//! A connection runs one statement at a time, and a report reads claims' evidence while the claims stream by;
//! so a stream is a cursor, fetched a batch at a time, with the callbacks run between fetches. Outside a write
//! transaction a stream opens a read-only REPEATABLE READ transaction, so everything read while it runs sees one
//! moment of the desk, as an SQLite read transaction does.
//!
//! The queries live one file per table group, as in `sqlite/`: `articles`, `claims`, `sources`, `evidence`,
//! `links`, `events`, and `stored` (whole tables, for `copy`); `roles` and `checks` hold what only a server does.

mod articles;
mod bulk;
mod checks;
mod claims;
mod connect;
mod events;
mod evidence;
mod links;
mod matching;
mod reviews;
mod revisions;
mod roles;
mod setup;
mod sources;
mod stored;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::path::Path;

use postgres::error::SqlState;
use postgres::types::{ToSql, Type};
use postgres::{Client, Row, Statement};

use super::{
    AnchorRow, ArticleCount, ArticleRow, Backend, ChainStep, ClaimFilter, ClaimRow, DeskRole,
    EventRow, EvidenceDetails, EvidenceRecord, EvidenceRow, GradedLink, LinkRow, Member,
    Provenance, RevisionRow, Rows, Server, SourceRow, StoredReview, StoredRow, Table, Transaction,
    VerdictRow,
};
use crate::error::{Error, Result};
use crate::matching::claimreview::ExternalReview;
use crate::matching::index::CorpusStats;
use crate::matching::segment::{NewSegment, SegmentInfo, TermBlob};
use crate::model::{
    Action, Article, ArticleId, ArticleRevision, Claim, ClaimId, EvidenceGrades, EvidenceId, Link,
    Reliability, Source, SourceId, SourceKind, Status, Strength, Timestamp, Verdict,
};

pub use setup::SCHEMA_VERSION;

/// The key of the desk's one write lock. Advisory locks belong to one database, so every desk on a server has
/// its own; `schema.postgres.sql` takes the same key before any insert into the audit trail.
const DESK_LOCK: i64 = 7_164_793_416_254_423_364;

/// How long a writer waits for the desk's lock before giving up with "busy".
const LOCK_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// How many rows a stream fetches at a time.
const BATCH: usize = 2_000;

/// What the queries fail with: the server's error, or one a callback of a streaming read returned.
#[derive(Debug)]
enum PgError {
    Engine(postgres::Error),
    Ledger(Error),
}

impl From<postgres::Error> for PgError {
    fn from(error: postgres::Error) -> Self {
        PgError::Engine(error)
    }
}

impl From<Error> for PgError {
    fn from(error: Error) -> Self {
        PgError::Ledger(error)
    }
}

/// The queries' result.
type Q<T> = std::result::Result<T, PgError>;

/// The parameters of a statement.
type Params<'p> = &'p [&'p (dyn ToSql + Sync)];

/// Who the session is on this desk, read once when it connects.
#[derive(Debug, Clone)]
struct Session {
    user: String,
    owner: bool,
    role: Option<DeskRole>,
    /// The server's names of the reader, checker and editor groups.
    groups: [String; 3],
}

impl Session {
    fn group(&self, role: DeskRole) -> &str {
        &self.groups[role as usize]
    }
}

/// One connection, shared by the desk and its transaction: the client, the statements prepared on it, and
/// whether a transaction is open.
struct Conn {
    client: RefCell<Client>,
    desk: String,
    statements: RefCell<HashMap<String, Statement>>,
    /// Cursors open (a stream inside a stream's callback gets the next name).
    streams: Cell<usize>,
    /// A write transaction, or a stream's read transaction, is open.
    in_transaction: Cell<bool>,
    /// A statement failed inside the write transaction: the server has aborted it, and it must not commit.
    failed: Cell<bool>,
    /// A restore has turned the trail's stamping triggers off in this transaction.
    triggers_off: Cell<bool>,
    /// The foreign keys and indexes a bulk load dropped in this transaction, as the statements that build them
    /// again ([`bulk`]).
    deferred: RefCell<Option<String>>,
}

impl Conn {
    fn new(client: Client, desk: String) -> Conn {
        Conn {
            client: RefCell::new(client),
            desk,
            statements: RefCell::new(HashMap::new()),
            streams: Cell::new(0),
            in_transaction: Cell::new(false),
            failed: Cell::new(false),
            triggers_off: Cell::new(false),
            deferred: RefCell::new(None),
        }
    }

    /// The statement for `sql`, prepared once per connection.
    fn statement(&self, sql: &str) -> Q<Statement> {
        if let Some(statement) = self.statements.borrow().get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.client.borrow_mut().prepare(sql)?;
        self.statements
            .borrow_mut()
            .insert(sql.to_string(), statement.clone());
        Ok(statement)
    }

    fn query(&self, sql: &str, params: Params<'_>) -> Q<Vec<Row>> {
        let statement = self.statement(sql)?;
        Ok(self.client.borrow_mut().query(&statement, params)?)
    }

    /// Runs `sql` unprepared, its parameters' types given, in one round trip: the server plans it for these
    /// values and the tables as they are now, where a prepared statement keeps the plan it settled on after a
    /// few runs (while an import fills a table from empty, a plan for a table of a few rows).
    fn query_planned(&self, sql: &str, params: &[(&(dyn ToSql + Sync), Type)]) -> Q<Vec<Row>> {
        Ok(self.client.borrow_mut().query_typed(sql, params)?)
    }

    fn query_opt(&self, sql: &str, params: Params<'_>) -> Q<Option<Row>> {
        let statement = self.statement(sql)?;
        Ok(self.client.borrow_mut().query_opt(&statement, params)?)
    }

    fn query_one(&self, sql: &str, params: Params<'_>) -> Q<Row> {
        let statement = self.statement(sql)?;
        Ok(self.client.borrow_mut().query_one(&statement, params)?)
    }

    fn execute(&self, sql: &str, params: Params<'_>) -> Q<u64> {
        let statement = self.statement(sql)?;
        Ok(self.client.borrow_mut().execute(&statement, params)?)
    }

    fn batch(&self, sql: &str) -> Q<()> {
        Ok(self.client.borrow_mut().batch_execute(sql)?)
    }

    /// Runs `sql` as a cursor and hands each row to `each`, a batch at a time, so that `each` may run other
    /// statements on this connection between fetches.
    fn stream(
        &self,
        sql: &str,
        params: Params<'_>,
        each: &mut dyn FnMut(&Row) -> Result<()>,
    ) -> Q<()> {
        let outer = !self.in_transaction.get();
        if outer {
            self.batch("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
            self.in_transaction.set(true);
        }
        let depth = self.streams.get();
        self.streams.set(depth + 1);
        let cursor = format!("claimtrack_stream_{depth}");
        let result = self.fetch_all(&cursor, sql, params, each);
        self.streams.set(depth);
        // Closing can only fail on a connection that is already failing; the first error is the one to tell.
        let closed = self.batch(&format!("CLOSE {cursor}"));
        if outer {
            self.in_transaction.set(false);
            let ended = self.batch(if result.is_ok() { "COMMIT" } else { "ROLLBACK" });
            result?;
            closed?;
            return ended;
        }
        result?;
        if !self.failed.get() {
            closed?;
        }
        Ok(())
    }

    fn fetch_all(
        &self,
        cursor: &str,
        sql: &str,
        params: Params<'_>,
        each: &mut dyn FnMut(&Row) -> Result<()>,
    ) -> Q<()> {
        self.execute(
            &format!("DECLARE {cursor} NO SCROLL CURSOR FOR {sql}"),
            params,
        )?;
        // A FETCH is described by the cursor it reads, so it is prepared afresh each time, never cached.
        let fetch = format!("FETCH {BATCH} FROM {cursor}");
        loop {
            let rows = self.client.borrow_mut().query(fetch.as_str(), &[])?;
            for row in &rows {
                each(row)?;
            }
            if rows.len() < BATCH {
                return Ok(());
            }
        }
    }
}

/// An open server desk.
pub struct PgBackend {
    conn: Conn,
    session: Session,
    created: bool,
    /// Ask the server to keep the stamps given (honoured for the owner only): a clock fixed by `CLAIMTRACK_NOW`.
    keep_stamps: bool,
    /// How long `begin` waits for the desk's lock.
    lock_timeout: std::time::Duration,
}

/// A read-only REPEATABLE READ transaction of a [`PgBackend`]: one moment of the desk, committed when dropped.
pub struct PgSnapshot<'c> {
    conn: &'c Conn,
    session: &'c Session,
}

impl Drop for PgSnapshot<'_> {
    fn drop(&mut self) {
        let _ = self.conn.client.borrow_mut().batch_execute("COMMIT");
        self.conn.in_transaction.set(false);
    }
}

/// The write transaction of a [`PgBackend`]: begun with the desk lock, rolled back when dropped uncommitted.
pub struct PgTransaction<'c> {
    conn: &'c Conn,
    session: &'c Session,
    /// The id the next event gets, once the first batch has read the last one.
    next_event: Option<i64>,
    /// Whether events are written with the actor and time given: the owner's session keeping its stamps.
    keeps_stamps: bool,
    committed: bool,
}

impl PgBackend {
    /// Opens the desk at `url`: refuses a database that is not a desk, or a newer one, untouched.
    pub fn open(url: &str) -> Result<PgBackend> {
        setup::open(url)
    }

    /// Creates the desk at `url` (its database too, when the server has none of that name), or opens the desk
    /// already there.
    pub fn init(url: &str) -> Result<PgBackend> {
        setup::init(url)
    }
}

/// Runs read queries, naming the desk in any error they end with.
fn run_reading<T>(
    conn: &Conn,
    session: &Session,
    queries: impl FnOnce(&Conn) -> Q<T>,
) -> Result<T> {
    queries(conn).map_err(|e| match e {
        PgError::Engine(e) => {
            if conn.in_transaction.get() {
                conn.failed.set(true);
            }
            explain(&conn.desk, session, e, "reading the desk", DeskRole::Reader)
        }
        PgError::Ledger(e) => e,
    })
}

impl Backend for PgBackend {
    fn desk(&self) -> &str {
        &self.conn.desk
    }

    fn created(&self) -> bool {
        self.created
    }

    fn rows(&self) -> &dyn Rows {
        self
    }

    fn snapshot(&self) -> Result<Box<dyn Rows + '_>> {
        let conn = &self.conn;
        run_reading(conn, &self.session, |c| {
            c.batch("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        })?;
        conn.in_transaction.set(true);
        Ok(Box::new(PgSnapshot {
            conn,
            session: &self.session,
        }))
    }

    fn begin(&mut self) -> Result<Box<dyn Transaction + '_>> {
        let conn = &self.conn;
        // A fixed clock (tests, demos) is kept only for the desk's owner: the server stamps everyone else.
        let keep = if self.keep_stamps {
            "SET LOCAL claimtrack.keep_stamps = 'on';"
        } else {
            ""
        };
        let begin = format!(
            "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = '{}ms'; {keep}
             SELECT pg_advisory_xact_lock({DESK_LOCK});",
            self.lock_timeout.as_millis()
        );
        conn.failed.set(false);
        let result = conn.client.borrow_mut().batch_execute(&begin);
        if let Err(e) = result {
            // The lock wait may have ended the transaction half-begun.
            let _ = conn.client.borrow_mut().batch_execute("ROLLBACK");
            return Err(explain(
                &conn.desk,
                &self.session,
                e,
                "writing to the desk",
                DeskRole::Checker,
            ));
        }
        conn.in_transaction.set(true);
        Ok(Box::new(PgTransaction {
            conn,
            session: &self.session,
            next_event: None,
            keeps_stamps: self.keep_stamps && self.session.owner,
            committed: false,
        }))
    }

    fn schema_version(&self) -> Result<i64> {
        self.run(|c| {
            Ok(i64::from(
                c.query_one("SELECT version FROM claimtrack.desk", &[])?
                    .get::<_, i32>(0),
            ))
        })
    }

    fn integrity_problems(&self, quick: bool) -> Result<Vec<String>> {
        self.run(|c| checks::problems(c, quick))
    }

    fn backup(&self, target: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<()> {
        // A server desk is backed up as an SQLite desk: every row, ids and history included, read from one
        // moment of the desk; progress is told in rows. (`pg_dump -n claimtrack` makes the server's own kind of
        // copy.)
        let mut copy = super::sqlite::SqliteBackend::open_as(target, super::Mode::Write)?;
        super::copy::copy_rows_telling(self, &mut copy, progress)?;
        copy.keep()
    }

    fn checks(&self) -> &'static str {
        "constraints, triggers, indexes, foreign keys, the audit trail's event ids"
    }

    fn server(&self) -> Option<&dyn Server> {
        Some(self)
    }

    fn stamps_time(&self) -> bool {
        true
    }

    fn server_mut(&mut self) -> Option<&mut dyn Server> {
        Some(self)
    }
}

impl Server for PgBackend {
    fn user(&self) -> &str {
        &self.session.user
    }

    fn is_owner(&self) -> bool {
        self.session.owner
    }

    fn role(&self) -> Option<DeskRole> {
        self.session.role
    }

    fn group(&self, role: DeskRole) -> &str {
        self.session.group(role)
    }

    fn members(&self) -> Result<Vec<Member>> {
        self.run(|c| roles::members(c, &self.session))
    }

    fn grant(&mut self, user: &str, role: DeskRole) -> Result<Vec<DeskRole>> {
        roles::grant(&self.conn, &self.session, user, role)
    }

    fn revoke(&mut self, user: &str, role: DeskRole) -> Result<()> {
        roles::revoke(&self.conn, &self.session, user, role)
    }
}

/// What both the desk and its transaction read through.
trait Pg {
    fn conn(&self) -> &Conn;
    fn session(&self) -> &Session;

    fn run<T>(&self, queries: impl FnOnce(&Conn) -> Q<T>) -> Result<T> {
        run_reading(self.conn(), self.session(), queries)
    }
}

impl Pg for PgBackend {
    fn conn(&self) -> &Conn {
        &self.conn
    }
    fn session(&self) -> &Session {
        &self.session
    }
}

impl Pg for PgSnapshot<'_> {
    fn conn(&self) -> &Conn {
        self.conn
    }
    fn session(&self) -> &Session {
        self.session
    }
}

impl Pg for PgTransaction<'_> {
    fn conn(&self) -> &Conn {
        self.conn
    }
    fn session(&self) -> &Session {
        self.session
    }
}

impl PgTransaction<'_> {
    /// Runs a write, naming in a refusal what was being done and the role it needs.
    fn write<T>(
        &self,
        action: &'static str,
        needs: DeskRole,
        queries: impl FnOnce(&Conn) -> Q<T>,
    ) -> Result<T> {
        queries(self.conn).map_err(|e| {
            self.conn.failed.set(true);
            match e {
                PgError::Engine(e) => explain(&self.conn.desk, self.session, e, action, needs),
                PgError::Ledger(e) => e,
            }
        })
    }
}

impl Drop for PgTransaction<'_> {
    fn drop(&mut self) {
        if !self.committed {
            // Nothing to tell if this fails: the server rolls back a transaction whose connection is gone.
            let _ = self.conn.client.borrow_mut().batch_execute("ROLLBACK");
            self.conn.in_transaction.set(false);
            self.conn.triggers_off.set(false);
            self.conn.deferred.borrow_mut().take();
        }
    }
}

macro_rules! impl_rows {
    ($($ty:ty),+) => {$(
impl Rows for $ty {
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
        self.run(|c| claims::count_of(c, article))
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
    fn evidence_ids(&self, keys: &[&str]) -> Result<HashMap<String, EvidenceId>> {
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
        self.run(events::count_all)
    }

    fn last_event_at(&self) -> Result<Option<Timestamp>> {
        self.run(events::last_at)
    }

    fn setting(&self, name: &str) -> Result<Option<String>> {
        self.run(|c| events::setting(c, name))
    }

    fn each_stored(&self, table: Table, each: &mut dyn FnMut(StoredRow) -> Result<()>) -> Result<()> {
        self.run(|c| stored::each(c, table, each))
    }
    fn count_rows(&self, table: Table) -> Result<u64> {
        self.run(|c| stored::count_of(c, table))
    }

    fn review(&self, id: i64) -> Result<Option<StoredReview>> {
        self.run(|c| reviews::by_id(c, id))
    }
    fn review_by_key(&self, url: Option<&str>, claim_reviewed: &str) -> Result<Option<StoredReview>> {
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
    )+};
}

impl_rows!(PgBackend, PgSnapshot<'_>, PgTransaction<'_>);

impl Transaction for PgTransaction<'_> {
    fn insert_article(&mut self, row: &ArticleRow<'_>) -> Result<ArticleId> {
        self.write("adding an article", DeskRole::Checker, |c| {
            articles::insert(c, row)
        })
    }
    fn update_article(&mut self, id: ArticleId, row: &ArticleRow<'_>) -> Result<()> {
        self.write("changing an article", DeskRole::Checker, |c| {
            articles::update(c, id, row)
        })
    }
    fn insert_claims(&mut self, rows: &[ClaimRow<'_>]) -> Result<Vec<ClaimId>> {
        self.write("adding a claim", DeskRole::Checker, |c| {
            claims::insert(c, rows)
        })
    }
    fn update_claim(&mut self, id: ClaimId, row: &ClaimRow<'_>) -> Result<()> {
        self.write("changing a claim", DeskRole::Checker, |c| {
            claims::update(c, id, row)
        })
    }
    fn set_claim_status(&mut self, id: ClaimId, status: Status) -> Result<()> {
        self.write("updating a claim's status", DeskRole::Checker, |c| {
            claims::set_status(c, id, status)
        })
    }
    fn insert_verdict(&mut self, row: &VerdictRow<'_>) -> Result<i64> {
        self.write("adding a verdict", DeskRole::Editor, |c| {
            claims::insert_verdict(c, row)
        })
    }
    fn insert_verdicts(&mut self, rows: &[VerdictRow<'_>]) -> Result<Vec<i64>> {
        self.write("adding a verdict", DeskRole::Editor, |c| {
            claims::insert_verdicts(c, rows)
        })
    }

    fn insert_source(&mut self, row: &SourceRow<'_>) -> Result<SourceId> {
        self.write("adding a source", DeskRole::Checker, |c| {
            sources::insert(c, row)
        })
    }
    fn update_source(
        &mut self,
        id: SourceId,
        kind: SourceKind,
        reliability: Option<Reliability>,
    ) -> Result<()> {
        self.write("grading a source", DeskRole::Checker, |c| {
            sources::update(c, id, kind, reliability)
        })
    }

    fn insert_evidence(&mut self, row: &EvidenceRow<'_>) -> Result<EvidenceId> {
        self.write("adding evidence", DeskRole::Checker, |c| {
            evidence::insert(c, row)
        })
    }
    fn insert_evidence_items(&mut self, rows: &[EvidenceRow<'_>]) -> Result<Vec<EvidenceId>> {
        self.write("adding evidence", DeskRole::Checker, |c| {
            evidence::insert_many(c, rows)
        })
    }
    fn update_evidence_grades(&mut self, id: EvidenceId, grades: &EvidenceGrades) -> Result<()> {
        self.write("grading evidence", DeskRole::Checker, |c| {
            evidence::update_grades(c, id, grades)
        })
    }
    fn update_evidence_details(
        &mut self,
        id: EvidenceId,
        details: &EvidenceDetails<'_>,
    ) -> Result<()> {
        self.write("changing evidence", DeskRole::Checker, |c| {
            evidence::update_details(c, id, details)
        })
    }

    fn insert_links(&mut self, rows: &[LinkRow<'_>]) -> Result<()> {
        self.write("linking evidence", DeskRole::Checker, |c| {
            links::insert(c, rows)
        })
    }
    fn update_link(&mut self, row: &LinkRow<'_>) -> Result<()> {
        self.write("changing a link", DeskRole::Checker, |c| {
            links::update(c, row)
        })
    }
    fn delete_link(&mut self, claim: ClaimId, evidence: EvidenceId) -> Result<bool> {
        self.write("removing a link", DeskRole::Checker, |c| {
            links::delete(c, claim, evidence)
        })
    }

    fn insert_events(&mut self, rows: &[EventRow<'_>]) -> Result<()> {
        let mut next = self.next_event;
        let keep = self.keeps_stamps;
        self.write("writing the audit trail", DeskRole::Checker, |c| {
            events::insert(c, &mut next, keep, rows)
        })?;
        self.next_event = next;
        Ok(())
    }
    fn insert_review(&mut self, review: &ExternalReview, at: Timestamp) -> Result<i64> {
        let id = self.write("importing a published fact-check", DeskRole::Checker, |c| {
            reviews::insert(c, review, at)
        })?;
        id.ok_or_else(|| Error::Conflict {
            message: format!(
                "the desk already holds the published fact-check of \"{}\" at {}",
                review.claim_reviewed,
                review.url.as_deref().unwrap_or("no address")
            ),
            hint: None,
        })
    }
    fn update_review(&mut self, id: i64, review: &ExternalReview, at: Timestamp) -> Result<()> {
        self.write("importing a published fact-check", DeskRole::Checker, |c| {
            reviews::update(c, id, review, at)
        })
    }

    fn insert_match_segment(&mut self, segment: &NewSegment) -> Result<i64> {
        self.write("indexing claims for matching", DeskRole::Checker, |c| {
            matching::insert_segment(c, segment)
        })
    }
    fn insert_match_terms(&mut self, segment: i64, terms: &[(String, Vec<u8>)]) -> Result<()> {
        self.write("indexing claims for matching", DeskRole::Checker, |c| {
            matching::insert_terms(c, segment, terms)
        })
    }
    fn update_match_segment(
        &mut self,
        segment: i64,
        live: &CorpusStats,
        deleted: &[u8],
    ) -> Result<()> {
        self.write("indexing claims for matching", DeskRole::Checker, |c| {
            matching::update_segment(c, segment, live, deleted)
        })
    }
    fn delete_match_segment(&mut self, segment: i64) -> Result<()> {
        self.write("indexing claims for matching", DeskRole::Checker, |c| {
            matching::delete_segment(c, segment)
        })
    }

    fn insert_revision(&mut self, row: &RevisionRow<'_>) -> Result<()> {
        self.write("revising an article", DeskRole::Checker, |c| {
            revisions::insert(c, row)
        })
    }
    fn put_anchors(&mut self, rows: &[AnchorRow]) -> Result<()> {
        self.write("placing claims in a revision", DeskRole::Checker, |c| {
            revisions::put_anchors(c, rows)
        })
    }

    fn put_setting(&mut self, name: &str, value: &str) -> Result<()> {
        self.write("changing a setting", DeskRole::Editor, |c| {
            events::put_setting(c, name, value)
        })
    }

    fn restore(&mut self, rows: &[StoredRow]) -> Result<()> {
        if !self.session.owner {
            return Err(Error::RoleNeeded {
                desk: self.conn.desk.clone(),
                action: "copying a desk in",
                needed: "owner",
                held: self.session.role.map(DeskRole::as_str),
                user: self.session.user.clone(),
            });
        }
        self.write("copying a desk in", DeskRole::Editor, |c| {
            stored::restore(c, rows)
        })
    }
    fn restore_done(&mut self) -> Result<()> {
        self.write("copying a desk in", DeskRole::Editor, stored::restore_done)
    }

    fn defer_indexes(&mut self) -> Result<()> {
        if !self.session.owner {
            return Ok(());
        }
        self.write("loading the desk", DeskRole::Checker, bulk::defer)
    }

    fn commit(mut self: Box<Self>) -> Result<()> {
        if self.conn.failed.get() {
            return Err(Error::Storage {
                message: "a statement of this transaction failed, so it was rolled back"
                    .to_string(),
            });
        }
        self.write(
            "checking the desk's references",
            DeskRole::Checker,
            bulk::restore,
        )?;
        let result = self.conn.client.borrow_mut().batch_execute("COMMIT");
        self.committed = true;
        self.conn.in_transaction.set(false);
        result.map_err(|e| {
            explain(
                &self.conn.desk,
                self.session,
                e,
                "committing",
                DeskRole::Checker,
            )
        })
    }
}

/// Turns the server's answers that a person can act on into the errors that say so; anything else is a storage
/// failure with the server's own words (which never hold the password: the server does not know the URL).
fn explain(
    desk: &str,
    session: &Session,
    error: postgres::Error,
    action: &'static str,
    needs: DeskRole,
) -> Error {
    let desk = desk.to_string();
    let Some(db) = error.as_db_error() else {
        return Error::Storage {
            message: if error.is_closed() {
                format!("lost the connection to the server of `{desk}`")
            } else {
                error.to_string()
            },
        };
    };
    let code = db.code();
    if *code == SqlState::INSUFFICIENT_PRIVILEGE {
        Error::RoleNeeded {
            desk,
            action,
            needed: needs.as_str(),
            held: session.role.map(DeskRole::as_str),
            user: session.user.clone(),
        }
    } else if *code == SqlState::UNIQUE_VIOLATION {
        Error::Conflict {
            message: format!("the desk already holds that record ({})", db.message()),
            hint: None,
        }
    } else if *code == SqlState::READ_ONLY_SQL_TRANSACTION {
        Error::ReadOnly { desk }
    } else if *code == SqlState::LOCK_NOT_AVAILABLE
        || *code == SqlState::T_R_DEADLOCK_DETECTED
        || *code == SqlState::T_R_SERIALIZATION_FAILURE
    {
        Error::Busy { desk }
    } else if *code == SqlState::ADMIN_SHUTDOWN || *code == SqlState::CRASH_SHUTDOWN {
        Error::Storage {
            message: format!("the server of `{desk}` is shutting down"),
        }
    } else {
        Error::Storage {
            message: match db.detail() {
                Some(detail) => format!("{} ({detail})", db.message()),
                None => db.message().to_string(),
            },
        }
    }
}

/// Reads an enum (or other `FromStr`) column through its one spelling; a value outside the vocabulary is a
/// damaged row.
fn parse<T: std::str::FromStr>(row: &Row, column: &str) -> Q<T>
where
    T::Err: std::fmt::Display,
{
    let text: &str = row.try_get(column)?;
    text.parse().map_err(|e: T::Err| {
        PgError::Ledger(Error::Storage {
            message: format!("column `{column}` holds `{text}`: {e}"),
        })
    })
}

/// Like `parse`, for a column that may be NULL.
fn parse_optional<T: std::str::FromStr>(row: &Row, column: &str) -> Q<Option<T>>
where
    T::Err: std::fmt::Display,
{
    let text: Option<&str> = row.try_get(column)?;
    text.map(|text| {
        text.parse().map_err(|e: T::Err| {
            PgError::Ledger(Error::Storage {
                message: format!("column `{column}` holds `{text}`: {e}"),
            })
        })
    })
    .transpose()
}

/// A query's error as the interface's, inside a stream's callback (a column that would not decode).
fn into_error(error: PgError) -> Error {
    match error {
        PgError::Engine(e) => Error::Storage {
            message: e.to_string(),
        },
        PgError::Ledger(e) => e,
    }
}

/// `n` fresh ids from a sequence, in order, for rows about to be copied in with them.
fn reserve_ids(conn: &Conn, sequence: &str, n: usize) -> Q<Vec<i64>> {
    let rows = conn.query(
        "SELECT nextval($1::text::regclass) FROM generate_series(1, $2::bigint) ORDER BY 1",
        &[&sequence, &(n as i64)],
    )?;
    rows.iter().map(|row| Ok(row.try_get(0)?)).collect()
}

/// A `timestamptz` column as a [`Timestamp`](crate::model::Timestamp).
fn time(row: &Row, column: &str) -> Q<crate::model::Timestamp> {
    let moment: chrono::DateTime<chrono::Utc> = row.try_get(column)?;
    Ok(moment.into())
}

fn optional_time(row: &Row, column: &str) -> Q<Option<crate::model::Timestamp>> {
    let moment: Option<chrono::DateTime<chrono::Utc>> = row.try_get(column)?;
    Ok(moment.map(Into::into))
}

/// A count (`bigint`) as the `u64` the interface speaks.
fn count(row: &Row, column: &str) -> Q<u64> {
    Ok(row.try_get::<_, i64>(column)?.max(0) as u64)
}

/// Scratch desks on the test server `CLAIMTRACK_TEST_PG` names (a superuser's URL): a fresh database per desk,
/// dropped with its roles when the desk is.
#[cfg(test)]
pub(crate) mod scratch {
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// The URL of another database on the same server as `url`.
    pub(crate) fn url_of(url: &str, dbname: &str) -> String {
        let start = url.find("://").map(|i| i + 3).unwrap_or(0);
        let path = url[start..].find('/').map(|i| start + i);
        let query = url.find('?');
        match (path, query) {
            (Some(p), Some(q)) if p < q => format!("{}/{dbname}{}", &url[..p], &url[q..]),
            (Some(p), None) => format!("{}/{dbname}", &url[..p]),
            (_, Some(q)) => format!("{}/{dbname}{}", &url[..q], &url[q..]),
            (None, None) => format!("{url}/{dbname}"),
        }
    }

    /// A database name no other test of this run uses.
    pub(crate) fn fresh_name(prefix: &str) -> String {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        format!(
            "{prefix}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        )
    }

    /// Drops the database and its desk's roles when dropped.
    pub(crate) struct Dropper {
        pub admin: String,
        pub dbname: String,
    }

    impl Drop for Dropper {
        fn drop(&mut self) {
            let Ok(mut client) = postgres::Client::connect(&self.admin, postgres::NoTls) else {
                return;
            };
            let db = &self.dbname;
            let _ = client.batch_execute(&format!("DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)"));
            for role in ["reader", "checker", "editor"] {
                let _ = client
                    .batch_execute(&format!("DROP ROLE IF EXISTS \"claimtrack_{db}_{role}\""));
            }
        }
    }
}

/// A fresh, empty server desk for the backend suite; `None` when no test server is named.
#[cfg(test)]
pub(crate) fn test_desk() -> Option<super::suite::TestDesk> {
    let admin = super::suite::required_env("CLAIMTRACK_TEST_PG")?;
    let dbname = scratch::fresh_name("ct_suite");
    let dropper = scratch::Dropper {
        admin: admin.clone(),
        dbname: dbname.clone(),
    };
    let mut backend = PgBackend::init(&scratch::url_of(&admin, &dbname)).expect("a scratch desk");
    // The suite checks that rows come back as written; the server's own stamps are tested in tests/server.rs.
    backend.keep_stamps = true;
    Some(super::suite::TestDesk {
        backend: Box::new(backend),
        _keep: Some(Box::new(dropper)),
    })
}

#[cfg(test)]
mod tests;
