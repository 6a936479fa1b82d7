//! The backend: the row-level interface a desk's storage offers the ledger, and its implementations. Every line of
//! SQL lives below this module: `sqlite/` (a desk file) and `postgres/` (a desk on a server); `copy` moves a whole
//! desk between any two. Nothing here knows a rule of
//! the desk: which fields are valid, how keys are made, what an event says and when a status moves are the
//! ledger's; a backend stores and finds rows, runs one transaction at a time, and names what went wrong in the
//! terms of [`Error`] (busy, read-only, permission denied, conflict, not a desk, too new, storage failure).
//!
//! # Shape
//!
//! - [`Backend`] is an opened desk: reads outside a transaction ([`Backend::rows`]), [`Backend::begin`] for a
//!   write transaction, and the few things only the engine can do (schema version, integrity checks, a backup).
//! - [`Rows`] holds every read; [`Transaction`] adds every write and `commit`. Dropping a transaction without
//!   committing rolls it back, so an error anywhere in a command leaves the desk as it was.
//! - The traits are object-safe: the ledger holds a `Box<dyn Backend>` and never learns which engine it runs on.
//!
//! # Contracts every implementation keeps
//!
//! - `begin` takes the desk's single write lock before returning (SQLite: `BEGIN IMMEDIATE`; a server: a
//!   desk-wide advisory lock at READ COMMITTED), so two writers never interleave and a status computed inside a
//!   transaction stays true until it commits. A lock not granted in time is [`Error::Busy`].
//! - Inserts return the ids they assigned, in the order of the rows given. The `insert_*` methods that take a
//!   slice are the bulk paths (an import writes thousands of claims, links and events): an engine may use its
//!   fastest load (a server's `COPY`), as long as ids come back in order.
//! - `each_*` methods stream rows to a callback in the order they document, holding only a bounded batch in
//!   memory. The callback may call back into the same `Rows` (a report looks up each claim's evidence while the
//!   claims stream by): an engine that cannot interleave statements on one connection fetches a batch at a time
//!   between callbacks (a server's portal, read N rows at a time). An error from the callback stops the stream
//!   and is returned as it is.
//! - Lookups return `None` for a row that is not there; the ledger decides whether that is "not found".
//! - The match index is rows of opaque blobs and integers (`crate::matching::segment` owns their bytes and
//!   rules): a backend stores and returns them exactly, in one transaction with the claims they index, and never
//!   ranks. Segment ids only grow (a new segment's id is larger than every earlier one's, deleted ones included).
//! - Times are [`Timestamp`]s and vocabularies their enums at this boundary; how a column spells them is the
//!   engine's business.

pub mod copy;
pub mod postgres;
pub mod sqlite;
mod target;

#[cfg(test)]
#[macro_use]
mod suite;

use std::collections::HashMap;
use std::path::Path;

use crate::error::Result;
use crate::matching::claimreview::ExternalReview;
use crate::matching::index::CorpusStats;
use crate::matching::segment::{NewSegment, SegmentInfo, TermBlob};
use crate::model::{
    Action, AnchorKind, Article, ArticleId, ArticleRevision, Claim, ClaimId, ClaimSourceKind,
    Confidence, Credibility, EvidenceGrades, EvidenceId, Link, Rating, Reliability, Response,
    Source, SourceId, SourceKind, Stance, Status, Strength, Timestamp, Verdict,
};
use crate::revision::Attribution;
use crate::status::Origin;

pub use target::DbTarget;

/// What a command will do with the desk it opens, which decides what happens when the desk is not there: a command
/// that only reads never creates one (a mistyped `--db` would otherwise report on an empty desk as if it were the
/// real one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Only look: a desk that is not there is refused ([`Error::NoDesk`]) and nothing is created.
    Read,
    /// Read and write: an embedded desk (an SQLite file) is created on first use; a server desk must exist.
    Write,
    /// `init`: create the desk wherever it is to be, on a server too (its database, when the server has none of
    /// that name, its schema, and its group roles).
    Create,
}

/// Opens the desk a target names for `mode` (creating it when the mode allows, upgrading it when older). A server
/// database must already hold a desk unless the mode is [`Mode::Create`], and anything else there is refused
/// untouched.
pub fn open(target: &DbTarget, mode: Mode) -> Result<Box<dyn Backend>> {
    match target {
        DbTarget::File(path) => Ok(Box::new(sqlite::SqliteBackend::open_as(path, mode)?)),
        DbTarget::Postgres(url) if mode == Mode::Create => {
            Ok(Box::new(postgres::PgBackend::init(url)?))
        }
        DbTarget::Postgres(url) => Ok(Box::new(postgres::PgBackend::open(url)?)),
    }
}

/// A private desk in memory, for tests and dry runs.
pub fn in_memory() -> Result<Box<dyn Backend>> {
    Ok(Box::new(sqlite::SqliteBackend::open_in_memory()?))
}

/// An opened desk.
pub trait Backend {
    /// Where the desk is, as messages name it (a file path; a server address without its password).
    fn desk(&self) -> &str;
    /// Whether opening created the desk (a file that was not there before).
    fn created(&self) -> bool;
    /// Makes a desk this open created last: an embedded desk is made under a temporary name and gets its own at
    /// its first commit, or when the command that made it ends well, so that one that fails leaves no desk
    /// behind. Nothing to do for a desk that was there.
    fn keep(&mut self) -> Result<()> {
        Ok(())
    }
    /// Whether the engine stamps the audit trail with its own clock (a server does), so that the writer's clock
    /// is not what the trail says.
    fn stamps_time(&self) -> bool {
        false
    }
    /// Reads outside a transaction.
    fn rows(&self) -> &dyn Rows;
    /// Reads that all see one moment of the desk, while others go on writing (what a copy reads through).
    fn snapshot(&self) -> Result<Box<dyn Rows + '_>>;
    /// Starts the one write transaction, holding the desk's write lock until it commits or is dropped.
    fn begin(&mut self) -> Result<Box<dyn Transaction + '_>>;
    /// [`Backend::begin`] for an import, which may write millions of rows: when the desk holds nothing yet (no
    /// event), the engine may write them the cheapest way that is still all-or-nothing and as durable once
    /// committed (SQLite writes each page once, through a rollback journal, instead of twice through its
    /// write-ahead log). Whatever it does, it does for this transaction only. The default is `begin`.
    fn begin_load(&mut self) -> Result<Box<dyn Transaction + '_>> {
        self.begin()
    }
    /// The schema version the desk is at.
    fn schema_version(&self) -> Result<i64>;
    /// The engine's own checks of the stored data (pages, indexes, foreign keys), and that the audit trail is as
    /// written: its append-only guards (triggers, rules, permissions: whatever the engine uses) are in place and no
    /// event is missing from the run of ids the engine hands out. The problems found, each a line a person can
    /// read; empty when the desk is sound. `quick` trades thoroughness for speed.
    fn integrity_problems(&self, quick: bool) -> Result<Vec<String>>;
    /// A consistent copy of the whole desk into the file `target`, safe while others write. `progress` is told
    /// how far the copy is as it goes: (done, total), in the engine's own unit (SQLite: pages).
    fn backup(&self, target: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<()>;
    /// What `integrity_problems` looks at, for the line saying all is well.
    fn checks(&self) -> &'static str {
        "integrity, foreign keys"
    }
    /// What a server desk adds (who is connected, the desk's roles); `None` for a file.
    fn server(&self) -> Option<&dyn Server> {
        None
    }
    /// The same, to change the desk's roles.
    fn server_mut(&mut self) -> Option<&mut dyn Server> {
        None
    }
}

/// The roles of a server desk, each allowed what the one before it is and more: `reader` reads and reports,
/// `checker` also writes articles, claims, sources, evidence, links and scans, `editor` also verdicts and
/// settings. On the server each is a group role of its own per desk (`claimtrack_<database>_<role>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DeskRole {
    Reader,
    Checker,
    Editor,
}

impl DeskRole {
    /// Weakest first.
    pub const ALL: &'static [DeskRole] = &[DeskRole::Reader, DeskRole::Checker, DeskRole::Editor];

    /// The one spelling, on the command line and in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            DeskRole::Reader => "reader",
            DeskRole::Checker => "checker",
            DeskRole::Editor => "editor",
        }
    }
}

impl std::fmt::Display for DeskRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// Someone the server lets into a desk, and the desk role they hold.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Member {
    pub user: String,
    pub role: DeskRole,
}

impl serde::Serialize for DeskRole {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A desk on a server: who is connected, as the server says (the actor of everything written), and the desk's
/// roles, which the server enforces whatever the client does.
pub trait Server {
    /// The server's `session_user`: the name on every event and verdict written in this session.
    fn user(&self) -> &str;
    /// Whether the session is the desk's owner (who made it, or a superuser).
    fn is_owner(&self) -> bool;
    /// The strongest desk role the session holds; `None` when it holds none.
    fn role(&self) -> Option<DeskRole>;
    /// The server's name of a desk role's group.
    fn group(&self, role: DeskRole) -> &str;
    /// Everyone who holds a desk role, by name, each with the strongest they hold.
    fn members(&self) -> Result<Vec<Member>>;
    /// Gives `user` exactly `role` on this desk; returns the desk roles the user held before.
    fn grant(&mut self, user: &str, role: DeskRole) -> Result<Vec<DeskRole>>;
    /// Takes `role` from `user`.
    fn revoke(&mut self, user: &str, role: DeskRole) -> Result<()>;
}

/// Every read of the desk, the same inside and outside a transaction.
pub trait Rows {
    /// The article with this id, with its number of claims.
    fn article(&self, id: ArticleId) -> Result<Option<Article>>;
    /// The article stored under a desk key.
    fn article_by_key(&self, key: &str) -> Result<Option<Article>>;
    /// Just an article's text: `None` when there is no such article, `Some(None)` when it has no text.
    fn article_body(&self, id: ArticleId) -> Result<Option<Option<String>>>;
    /// Every article, by id.
    fn each_article(&self, each: &mut dyn FnMut(Article) -> Result<()>) -> Result<()>;

    /// The claim with this id, with its newest verdict's rating.
    fn claim(&self, id: ClaimId) -> Result<Option<Claim>>;
    /// The claim stored under a key in an article.
    fn claim_by_key(&self, article: ArticleId, key: &str) -> Result<Option<Claim>>;
    /// The id of the claim stored under a key in an article; cheaper than the claim.
    fn claim_id(&self, article: ArticleId, key: &str) -> Result<Option<ClaimId>>;
    /// The claim of an article at exactly this span with exactly this text.
    fn claim_at(
        &self,
        article: ArticleId,
        span: (usize, usize),
        text: &str,
    ) -> Result<Option<ClaimId>>;
    /// A claim's article and stored status; cheaper than the whole claim.
    fn claim_place(&self, id: ClaimId) -> Result<Option<(ArticleId, Status)>>;
    /// How many claims an article holds.
    fn claim_count(&self, article: ArticleId) -> Result<u64>;
    /// Every claim the filter selects, in the filter's order.
    fn each_claim(
        &self,
        filter: &ClaimFilter,
        each: &mut dyn FnMut(Claim) -> Result<()>,
    ) -> Result<()>;
    /// Claim counts by status and strength (only the pairs that occur), for one article or the whole desk.
    fn claim_totals(&self, article: Option<ArticleId>) -> Result<Vec<(Status, Strength, u64)>>;
    /// Claim counts per article, status and strength, ordered by article; an article without claims comes as one
    /// group with no status and no strength.
    fn each_article_count(
        &self,
        article: Option<ArticleId>,
        each: &mut dyn FnMut(ArticleCount) -> Result<()>,
    ) -> Result<()>;
    /// Every verdict on a claim, oldest first, each saying whether it was given on an earlier revision of the
    /// claim's text.
    fn verdicts(&self, claim: ClaimId) -> Result<Vec<Verdict>>;

    /// The source with this id, with its number of evidence items.
    fn source(&self, id: SourceId) -> Result<Option<Source>>;
    /// The source whose identity (the ledger's normalised name, [`SourceRow::identity`]) is `identity`.
    fn source_by_name(&self, identity: &str) -> Result<Option<Source>>;
    /// The id of the source whose identity is `identity`; cheaper than the source.
    fn source_id(&self, identity: &str) -> Result<Option<SourceId>>;
    /// A source's own grade: `None` when it has none (or there is no such source); cheaper than the source.
    fn source_reliability(&self, id: SourceId) -> Result<Option<Reliability>>;
    /// Every source, by name (ignoring case), then id.
    fn each_source(&self, each: &mut dyn FnMut(Source) -> Result<()>) -> Result<()>;

    /// The evidence item with this id.
    fn evidence(&self, id: EvidenceId) -> Result<Option<EvidenceRecord>>;
    /// The evidence item stored under a desk key.
    fn evidence_by_key(&self, key: &str) -> Result<Option<EvidenceRecord>>;
    /// The id of the evidence item stored under a desk key; cheaper than the item.
    fn evidence_id(&self, key: &str) -> Result<Option<EvidenceId>>;
    /// The ids of the evidence items stored under any of these desk keys, by key (a key with no item is not in
    /// the map): one lookup for a file's worth of keys where [`Rows::evidence_id`] is one per key.
    fn evidence_ids(&self, keys: &[&str]) -> Result<HashMap<String, EvidenceId>>;
    /// The highest evidence id in use.
    fn last_evidence_id(&self) -> Result<Option<EvidenceId>>;
    /// An item's origin and the item it derives from; `None` when there is no such item.
    fn provenance(&self, id: EvidenceId) -> Result<Option<Provenance>>;
    /// Every evidence item, by id.
    fn each_evidence(&self, each: &mut dyn FnMut(EvidenceRecord) -> Result<()>) -> Result<()>;

    /// The link between a claim and an item.
    fn link(&self, claim: ClaimId, evidence: EvidenceId) -> Result<Option<Link>>;
    /// A claim's links, by evidence id.
    fn links_of_claim(&self, claim: ClaimId) -> Result<Vec<Link>>;
    /// An item's links, by claim id.
    fn links_of_evidence(&self, evidence: EvidenceId) -> Result<Vec<Link>>;
    /// A claim's links with what the status engine needs of each item, by evidence id.
    fn graded_links_of_claim(&self, claim: ClaimId) -> Result<Vec<GradedLink>>;
    /// Every link with its item's grades and the claim's stored status, by claim id, then evidence id.
    fn each_graded_link(
        &self,
        each: &mut dyn FnMut(GradedLink, Status) -> Result<()>,
    ) -> Result<()>;
    /// Every supporting link with its item's grades, once for each step of the item's derived-from chain,
    /// nearest first (once with `None` when it derives from nothing): by claim id, then evidence id, in one
    /// query, so that a desk's lines of support are read in one pass. A chain is followed to at most
    /// [`CHAIN_LIMIT`] steps (cycles are refused on write; the limit keeps a damaged desk finite).
    fn each_supporting_link_chain(
        &self,
        each: &mut dyn FnMut(GradedLink, Option<ChainStep>) -> Result<()>,
    ) -> Result<()>;
    /// Claims with no link whose stored status is not `expected`, by id, with that stored status.
    fn each_unlinked_claim_not(
        &self,
        expected: Status,
        each: &mut dyn FnMut(ClaimId, Status) -> Result<()>,
    ) -> Result<()>;
    /// Claims linked to the item or to anything derived from it, down any chain, by id, each once.
    fn claims_linked_to_descendants(&self, evidence: EvidenceId) -> Result<Vec<ClaimId>>;
    /// Every evidence item that no claim links to, neither directly nor through an item derived from it, by id:
    /// what a desk's files hold apart from its articles'. The default asks about each item in turn; an engine
    /// can do it in one query.
    fn each_evidence_outside_claims(
        &self,
        each: &mut dyn FnMut(EvidenceRecord) -> Result<()>,
    ) -> Result<()> {
        self.each_evidence(&mut |item| {
            if self.claims_linked_to_descendants(item.id)?.is_empty() {
                each(item)?;
            }
            Ok(())
        })
    }
    /// Every link to an item whose origin is this source, with the item's grades, by claim id, then evidence id.
    fn each_graded_link_to_origin(
        &self,
        source: SourceId,
        each: &mut dyn FnMut(GradedLink) -> Result<()>,
    ) -> Result<()>;

    /// The events about a claim, the `evidence_action` events about items linked to it (and about no claim),
    /// and the `source_action` events about those items' origins: by event id, each once.
    fn each_claim_event(
        &self,
        claim: ClaimId,
        evidence_action: Action,
        source_action: Action,
        each: &mut dyn FnMut(crate::model::Event) -> Result<()>,
    ) -> Result<()>;
    /// How many events the audit trail holds.
    fn event_count(&self) -> Result<u64>;
    /// When the last event of the audit trail (the highest id) was stamped; `None` when there is none.
    fn last_event_at(&self) -> Result<Option<Timestamp>>;

    /// A desk-wide setting.
    fn setting(&self, name: &str) -> Result<Option<String>>;

    /// Every row of one table as stored, ids and stamps included, by id (settings by name): what `copy` reads.
    fn each_stored(
        &self,
        table: Table,
        each: &mut dyn FnMut(StoredRow) -> Result<()>,
    ) -> Result<()>;
    /// How many rows one table holds.
    fn count_rows(&self, table: Table) -> Result<u64>;

    /// The imported published fact-check with this id.
    fn review(&self, id: i64) -> Result<Option<StoredReview>>;
    /// The review of this address (or of none) and claim reviewed: what makes two imports the same review.
    fn review_by_key(
        &self,
        url: Option<&str>,
        claim_reviewed: &str,
    ) -> Result<Option<StoredReview>>;
    /// Every imported review, by id.
    fn each_review(&self, each: &mut dyn FnMut(StoredReview) -> Result<()>) -> Result<()>;

    /// Every segment of the match index, oldest (smallest id) first, without its blobs of postings.
    fn match_segments(&self) -> Result<Vec<SegmentInfo>>;
    /// A segment's document list; `None` when there is no such segment.
    fn match_doc_list(&self, segment: i64) -> Result<Option<Vec<u8>>>;
    /// The postings blobs of these terms, in every segment that has them, in any order.
    fn match_postings(&self, terms: &[String]) -> Result<Vec<TermBlob>>;
    /// Every (term, postings blob) of one segment, in any order (a merge reads them all).
    fn match_segment_terms(&self, segment: i64) -> Result<Vec<(String, Vec<u8>)>>;

    /// An article's revisions, oldest first; empty for an article without text, or no such article.
    fn revisions(&self, article: ArticleId) -> Result<Vec<ArticleRevision>>;
    /// The text of one revision of an article (the latest is the article's text); `None` when there is no such
    /// revision.
    fn revision_text(&self, article: ArticleId, number: u32) -> Result<Option<String>>;
    /// The articles whose text is, or once was, exactly `text`, each with the newest of its revisions that holds
    /// it, by article id.
    fn articles_with_text(&self, text: &str) -> Result<Vec<(ArticleId, u32)>>;
    /// The articles with more than one revision (one of them, or all), each with its latest revision, by id.
    fn revised_articles(&self, article: Option<ArticleId>) -> Result<Vec<(ArticleId, u32)>>;
    /// A claim's stored anchors, by revision.
    fn anchors_of_claim(&self, claim: ClaimId) -> Result<Vec<AnchorRow>>;
    /// The stored anchors of an article's claims at one revision, by claim id.
    fn anchors_at(&self, article: ArticleId, revision: u32) -> Result<Vec<AnchorRow>>;
}

/// One write transaction: every read, every write, and `commit`. Dropped without `commit`, it rolls back.
pub trait Transaction: Rows {
    /// Adds an article; returns its id.
    fn insert_article(&mut self, row: &ArticleRow<'_>) -> Result<ArticleId>;
    /// Replaces an article's fields; its key and creation time stay.
    fn update_article(&mut self, id: ArticleId, row: &ArticleRow<'_>) -> Result<()>;
    /// Adds claims; returns their ids in the order given.
    fn insert_claims(&mut self, rows: &[ClaimRow<'_>]) -> Result<Vec<ClaimId>>;
    /// Replaces a claim's text, span and attribution; its article, key, status and creation time stay. A text that
    /// differs from the stored one starts the claim's next revision, so the verdicts given before are reported
    /// `on_earlier_text` from then on.
    fn update_claim(&mut self, id: ClaimId, row: &ClaimRow<'_>) -> Result<()>;
    /// Stores a claim's computed status.
    fn set_claim_status(&mut self, id: ClaimId, status: Status) -> Result<()>;
    /// Adds a verdict on the claim's current revision; returns its id.
    fn insert_verdict(&mut self, row: &VerdictRow<'_>) -> Result<i64>;
    /// Adds verdicts, each on its claim's current revision; returns their ids in the order given. The default
    /// inserts one at a time.
    fn insert_verdicts(&mut self, rows: &[VerdictRow<'_>]) -> Result<Vec<i64>> {
        rows.iter().map(|row| self.insert_verdict(row)).collect()
    }

    /// Adds a source; returns its id.
    fn insert_source(&mut self, row: &SourceRow<'_>) -> Result<SourceId>;
    /// Changes a source's kind and grade.
    fn update_source(
        &mut self,
        id: SourceId,
        kind: SourceKind,
        reliability: Option<Reliability>,
    ) -> Result<()>;

    /// Adds an evidence item; returns its id.
    fn insert_evidence(&mut self, row: &EvidenceRow<'_>) -> Result<EvidenceId>;
    /// Adds evidence items; returns their ids in the order given, the ids one-by-one inserts would have given. A
    /// row may derive from an item stored before the call, not from another row of it. The default inserts one
    /// at a time.
    fn insert_evidence_items(&mut self, rows: &[EvidenceRow<'_>]) -> Result<Vec<EvidenceId>> {
        rows.iter().map(|row| self.insert_evidence(row)).collect()
    }
    /// Changes an item's origin, descent and grades.
    fn update_evidence_grades(&mut self, id: EvidenceId, grades: &EvidenceGrades) -> Result<()>;
    /// Changes an item's description.
    fn update_evidence_details(
        &mut self,
        id: EvidenceId,
        details: &EvidenceDetails<'_>,
    ) -> Result<()>;

    /// Adds links.
    fn insert_links(&mut self, rows: &[LinkRow<'_>]) -> Result<()>;
    /// Changes an existing link's stance and note; its creation time stays.
    fn update_link(&mut self, row: &LinkRow<'_>) -> Result<()>;
    /// Removes a link; returns whether there was one.
    fn delete_link(&mut self, claim: ClaimId, evidence: EvidenceId) -> Result<bool>;

    /// Appends to the audit trail, in the order given.
    fn insert_events(&mut self, rows: &[EventRow<'_>]) -> Result<()>;
    /// Sets a desk-wide setting.
    fn put_setting(&mut self, name: &str, value: &str) -> Result<()>;

    /// Writes rows of one table exactly as given, ids and stamps included (a desk being copied in); the foreign
    /// keys are checked at commit, so an item may derive from one written later.
    fn restore(&mut self, rows: &[StoredRow]) -> Result<()>;
    /// After a restore: new ids follow on from the highest restored.
    fn restore_done(&mut self) -> Result<()>;

    /// Adds an imported review; returns its id.
    fn insert_review(&mut self, review: &ExternalReview, at: Timestamp) -> Result<i64>;
    /// Replaces an imported review's fields (its key stays the same); `at` is when.
    fn update_review(&mut self, id: i64, review: &ExternalReview, at: Timestamp) -> Result<()>;

    /// Stores a segment of the match index with its term rows; returns its id, larger than any segment's before.
    fn insert_match_segment(&mut self, segment: &NewSegment) -> Result<i64>;
    /// Adds term rows to a segment `insert_match_segment` stored (a large segment's terms, a chunk at a time).
    fn insert_match_terms(&mut self, segment: i64, terms: &[(String, Vec<u8>)]) -> Result<()>;
    /// Replaces a segment's live totals and deleted list.
    fn update_match_segment(
        &mut self,
        segment: i64,
        live: &CorpusStats,
        deleted: &[u8],
    ) -> Result<()>;
    /// Removes a segment and its term rows.
    fn delete_match_segment(&mut self, segment: i64) -> Result<()>;

    /// Records a new latest revision of an article: `row.number` is one past its latest (1 for an article with
    /// none), `row.text` becomes the article's text, and the text it had is kept as the revision before's, so that
    /// `revision_text` gives every revision's own text.
    fn insert_revision(&mut self, row: &RevisionRow<'_>) -> Result<()>;
    /// Stores claims' anchors, each replacing the one its claim has at that revision.
    fn put_anchors(&mut self, rows: &[AnchorRow]) -> Result<()>;

    /// A hint from an import into an empty desk that many rows follow: the engine may stop keeping the secondary
    /// indexes that no write of an import reads (SQLite drops them and builds each once before `commit`), and
    /// check references once per table rather than once per row (a server desk's owner drops those indexes and
    /// the foreign keys, and builds them again before `commit`). Every query still answers, only slower; `commit` leaves the schema
    /// as it was, and fails, writing nothing, when a reference is broken. The default does nothing.
    fn defer_indexes(&mut self) -> Result<()> {
        Ok(())
    }

    /// Makes every write of the transaction durable at once.
    fn commit(self: Box<Self>) -> Result<()>;
}

/// The tables of a desk, in the order a copy writes them: each refers only to those before it (and evidence to
/// itself).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Table {
    Articles,
    Revisions,
    Sources,
    Claims,
    Anchors,
    Evidence,
    Links,
    Verdicts,
    Events,
    Settings,
    Reviews,
    MatchSegments,
    MatchTerms,
}

impl Table {
    pub const ALL: &'static [Table] = &[
        Table::Articles,
        Table::Revisions,
        Table::Sources,
        Table::Claims,
        Table::Anchors,
        Table::Evidence,
        Table::Links,
        Table::Verdicts,
        Table::Events,
        Table::Settings,
        Table::Reviews,
        Table::MatchSegments,
        Table::MatchTerms,
    ];

    /// The table's name, the same on every engine.
    pub fn name(self) -> &'static str {
        match self {
            Table::Articles => "articles",
            Table::Revisions => "revisions",
            Table::Anchors => "anchors",
            Table::Sources => "sources",
            Table::Claims => "claims",
            Table::Evidence => "evidence",
            Table::Links => "links",
            Table::Verdicts => "verdicts",
            Table::Events => "events",
            Table::Settings => "settings",
            Table::Reviews => "reviews",
            Table::MatchSegments => "match_segments",
            Table::MatchTerms => "match_terms",
        }
    }
}

/// One row exactly as stored. Derived fields of the records (an article's claim count, a claim's verdict, an
/// item's origin name and grade, whether a verdict is on an earlier text) are not written back by `restore`.
#[derive(Debug, Clone, PartialEq)]
pub enum StoredRow {
    Article(Article),
    Revision(StoredRevision),
    Anchor(AnchorRow),
    Source(StoredSource),
    Claim {
        claim: Claim,
        /// Which text of the claim this is.
        revision: i64,
    },
    Evidence(EvidenceRecord),
    Link(Link),
    Verdict {
        verdict: Verdict,
        /// The claim's revision it was given on.
        claim_revision: i64,
    },
    Event(StoredEvent),
    Setting {
        name: String,
        value: String,
    },
    Review(StoredReview),
    /// A segment of the match index, with its document list: copied blob for blob (the index is the same bytes on
    /// every engine).
    MatchSegment {
        info: SegmentInfo,
        doc_list: Vec<u8>,
    },
    MatchTerm(TermBlob),
}

impl StoredRow {
    /// The table the row belongs to.
    pub fn table(&self) -> Table {
        match self {
            StoredRow::Article(_) => Table::Articles,
            StoredRow::Revision(_) => Table::Revisions,
            StoredRow::Anchor(_) => Table::Anchors,
            StoredRow::Source(_) => Table::Sources,
            StoredRow::Claim { .. } => Table::Claims,
            StoredRow::Evidence(_) => Table::Evidence,
            StoredRow::Link(_) => Table::Links,
            StoredRow::Verdict { .. } => Table::Verdicts,
            StoredRow::Event(_) => Table::Events,
            StoredRow::Setting { .. } => Table::Settings,
            StoredRow::Review(_) => Table::Reviews,
            StoredRow::MatchSegment { .. } => Table::MatchSegments,
            StoredRow::MatchTerm(_) => Table::MatchTerms,
        }
    }
}

/// A revision of an article's text as stored: `text` is `None` for the latest, whose text is the article's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRevision {
    pub id: i64,
    pub article: ArticleId,
    pub number: u32,
    pub text: Option<String>,
    pub created_at: Timestamp,
    pub actor: String,
}

/// A source as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSource {
    pub id: SourceId,
    pub name: String,
    /// The name as the ledger compares names ([`SourceRow::identity`]).
    pub identity: String,
    pub kind: SourceKind,
    pub reliability: Option<Reliability>,
    pub created_at: Timestamp,
}

/// An event of the audit trail as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    pub id: i64,
    pub at: Timestamp,
    pub actor: String,
    pub action: Action,
    pub refs: EventRefs,
    pub detail: String,
}

/// A published fact-check as stored: what was read, with its id and when it was first and last imported.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredReview {
    pub id: i64,
    pub review: ExternalReview,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// Which claims `each_claim` streams, and in what order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClaimFilter {
    /// Any of these statuses; all when empty.
    pub statuses: Vec<Status>,
    /// Any of these strengths; all when empty.
    pub strengths: Vec<Strength>,
    pub article: Option<ArticleId>,
    /// Only claims without a verdict.
    pub open: bool,
    /// Weakest attribution first (the reverse of [`Strength`]'s order), oldest first within a strength; else by
    /// id.
    pub weakest_first: bool,
}

/// One group of `each_article_count`: how many claims of an article have this status and strength.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleCount {
    pub article: ArticleId,
    pub title: String,
    /// `None` with `claims == 0` for an article without claims.
    pub status: Option<Status>,
    pub strength: Option<Strength>,
    pub claims: u64,
}

/// An evidence item as stored: its own grade and its origin's side by side (which one counts is the ledger's
/// rule).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceRecord {
    pub id: EvidenceId,
    pub key: String,
    pub title: String,
    pub url: Option<String>,
    pub archived_url: Option<String>,
    pub retrieved_at: Option<String>,
    pub origin: Option<Origin>,
    pub derived_from: Option<EvidenceId>,
    /// The grade given to the item itself.
    pub own_reliability: Option<Reliability>,
    /// The grade of its origin.
    pub origin_reliability: Option<Reliability>,
    pub credibility: Credibility,
    pub sha256: Option<String>,
    pub notes: Option<String>,
    pub created_at: Timestamp,
    /// The desk it came from, by id; `None` for this desk's own.
    pub desk: Option<String>,
}

/// Where an evidence item comes from: its origin, and the item it derives from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    pub origin: Option<Origin>,
    pub derived_from: Option<EvidenceId>,
}

/// How many steps of a derived-from chain [`Rows::each_supporting_link_chain`] follows.
pub const CHAIN_LIMIT: u32 = 1000;

/// One step of a linked item's derived-from chain: the item derived from, its origin, and whether it exists
/// (a chain that names a missing item stops there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainStep {
    pub evidence: EvidenceId,
    pub origin: Option<Origin>,
    pub exists: bool,
}

/// A claim–evidence link with the item's grades and provenance, as the status engine needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradedLink {
    pub claim: ClaimId,
    pub evidence: EvidenceId,
    pub stance: Stance,
    pub own_reliability: Option<Reliability>,
    pub origin_reliability: Option<Reliability>,
    pub credibility: Credibility,
    pub origin: Option<Origin>,
    pub derived_from: Option<EvidenceId>,
}

/// An article to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleRow<'a> {
    pub key: &'a str,
    pub title: &'a str,
    pub outlet: Option<&'a str>,
    pub url: Option<&'a str>,
    pub published: Option<&'a str>,
    pub author: Option<&'a str>,
    pub body: Option<&'a str>,
    pub created_at: Timestamp,
    /// The desk it came from, by id (`None`: this desk's own). Set when it is added; an update leaves it.
    pub desk: Option<&'a str>,
}

/// A claim to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimRow<'a> {
    pub article: ArticleId,
    pub key: &'a str,
    pub text: &'a str,
    pub span: Option<(usize, usize)>,
    pub source: Option<&'a str>,
    pub cue: Option<&'a str>,
    pub strength: Strength,
    pub response: Option<Response>,
    /// Who the claim is attributed to, by kind; `None`: not known.
    pub source_kind: Option<ClaimSourceKind>,
    pub status: Status,
    pub created_at: Timestamp,
}

/// A verdict to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerdictRow<'a> {
    pub claim: ClaimId,
    pub rating: Rating,
    pub rationale: &'a str,
    pub confidence: Confidence,
    pub author: &'a str,
    pub created_at: Timestamp,
    /// The fact-checker's summary of the claim, for publishing.
    pub summary: Option<&'a str>,
    /// The revision of the claim's article it was checked against; `None` for an article without text.
    pub revision: Option<u32>,
    /// Who imported it and when, for a verdict read from a desk file (`author` and `created_at` are the file's).
    pub imported: Option<(&'a str, Timestamp)>,
    /// Given on earlier words of the claim than it has now (a desk file says so): stored as on the claim's
    /// revision before its current one, so that it reads back `on_earlier_text`.
    pub on_earlier_text: bool,
}

/// A new revision of an article's text to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionRow<'a> {
    pub article: ArticleId,
    pub number: u32,
    pub text: &'a str,
    pub created_at: Timestamp,
    pub actor: &'a str,
}

/// A claim's anchor at one revision of its article, to store or as stored: how its place there was found, the
/// place, and how the claim is attributed there.
#[derive(Debug, Clone, PartialEq)]
pub struct AnchorRow {
    pub claim: ClaimId,
    pub revision: u32,
    pub kind: AnchorKind,
    /// The match's score in `[0, 1]`, for a fuzzy or contained anchor only.
    pub score: Option<f64>,
    /// Byte offsets into that revision's text; `None` when gone, unplaced, or recorded without a place.
    pub span: Option<(usize, usize)>,
    /// `None` exactly when gone or unplaced.
    pub attribution: Option<Attribution>,
}

/// A source to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRow<'a> {
    /// The display form, as first given.
    pub name: &'a str,
    /// What the ledger compares names by (`ledger::source_identity`): unique, and what lookups by name are given.
    pub identity: &'a str,
    pub kind: SourceKind,
    pub reliability: Option<Reliability>,
    pub created_at: Timestamp,
}

/// An evidence item to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceRow<'a> {
    pub key: &'a str,
    pub details: EvidenceDetails<'a>,
    pub grades: EvidenceGrades,
    pub created_at: Timestamp,
    /// The desk it came from, by id (`None`: this desk's own). Set when it is added; updates leave it.
    pub desk: Option<&'a str>,
}

/// What describes an evidence item, apart from its grades.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceDetails<'a> {
    pub title: &'a str,
    pub url: Option<&'a str>,
    pub archived_url: Option<&'a str>,
    pub retrieved_at: Option<&'a str>,
    pub sha256: Option<&'a str>,
    pub notes: Option<&'a str>,
}

/// A link to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRow<'a> {
    pub claim: ClaimId,
    pub evidence: EvidenceId,
    pub stance: Stance,
    pub note: Option<&'a str>,
    pub created_at: Timestamp,
}

/// An entry of the audit trail to append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow<'a> {
    pub at: Timestamp,
    pub actor: &'a str,
    pub action: Action,
    pub refs: EventRefs,
    pub detail: String,
}

/// The records an event is about.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EventRefs {
    pub article: Option<ArticleId>,
    pub claim: Option<ClaimId>,
    pub evidence: Option<EvidenceId>,
    pub source: Option<SourceId>,
}

/// The secondary indexes a bulk load may build once at the end ([`Rows::defer_indexes`]), the same on both engines:
/// none of them is read by an import's own lookups (keys, ids, a claim's verdicts), which the unique indexes and
/// `verdicts_by_claim` serve.
pub(crate) const DEFERRABLE_INDEXES: &[&str] = &[
    "claims_by_article",
    "claims_by_status",
    "claims_by_strength",
    "claims_by_place",
    "evidence_by_origin",
    "evidence_by_parent",
    "links_by_evidence",
    "events_by_claim",
    "events_by_evidence",
];
