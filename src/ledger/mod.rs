//! The ledger: the desk's rules, the same whatever engine stores it. It owns what a record may hold (field limits,
//! keys), what happens when one changes (the audit event and its wording, the sources registered on the way, the
//! derived-from cycles refused) and which statuses a change can move; the [`backend`](crate::backend) below it
//! only stores and finds rows.
//!
//! # Reads and writes
//!
//! [`Ledger::read`] gives a [`Reader`], the use cases that only look. [`Ledger::write`] runs one unit of work in a
//! [`Writer`], inside one backend transaction: everything it does is committed together or not at all.
//!
//! # Statuses, settled once per write
//!
//! A claim's stored status is a cache of what [`status::assess`](crate::status::assess) computes from its links.
//! Every change that can move one (a link, an unlink, a re-grade, a new origin or descent, a source's grade) names
//! the claims it touches ([`Writer::touch`]); when the work is done and before the commit, each touched claim is
//! assessed once, and a status that moved is stored with an event saying so. An import that gives one claim ten
//! links computes its status once; a re-grade of an item behind a thousand claims computes a thousand, once each.
//!
//! One file per concern: `validate` (field limits), `keys`, `events`, `grades` (the effective-reliability rule
//! and what the status engine is given), `statuses`, `matching` (the match index kept with the claims, and
//! `match`), and one per kind of record or use case.

mod articles;
mod attribution;
mod claims;
mod csv_import;
pub mod desk_export;
pub mod desk_import;
pub mod desk_revisions;
mod events;
mod evidence;
mod grades;
mod keys;
mod links;
mod matching;
mod reviews;
mod revisions;
mod scan_record;
mod settings;
mod sources;
mod statuses;
mod tally;
mod validate;

use std::collections::BTreeSet;
use std::path::Path;

use crate::backend::{self, Backend, EventRow, Rows, Server, Table, Transaction};
use crate::error::{Error, Result};
use crate::model::{Actor, ClaimId};

pub use crate::backend::{ArticleCount, ClaimFilter, DbTarget, Mode};
pub use csv_import::{CsvRow, CsvStep};
pub use desk_import::{ClaimsInput, DeskFiles};
pub use grades::effective_reliability;
pub use keys::key_from_title;
pub use links::LinkChange;
pub use matching::{Hit, LooksLike, Matched, LOOKS_LIKE};
pub use reviews::ReviewImport;
pub use revisions::{Checked, ClaimAnchor, DiffView, Revised, RevisionReport};
pub use scan_record::{Recorded, ScanArticle, ScanRevised};
pub use sources::source_identity;
pub use statuses::StatusMove;
pub use tally::Tally;
pub use validate::limits;

/// An opened desk and its rules.
pub struct Ledger {
    backend: Box<dyn Backend>,
    /// The status moves of the writes committed since they were last taken, for the command to print.
    moves: Vec<StatusMove>,
    /// Whether each write is stamped with the system clock read once it holds the desk's lock, rather than with
    /// the actor's time (see [`Ledger::stamp_at_lock`]).
    stamp_at_lock: bool,
}

impl Ledger {
    /// Opens the desk a target names for `mode`: to read, a desk that is not there is refused and nothing is
    /// created; to write, an embedded desk is created on first use (a server desk only by `init`, [`Mode::Create`]).
    pub fn open(target: &DbTarget, mode: Mode) -> Result<Ledger> {
        Ok(Ledger::on(backend::open(target, mode)?))
    }

    /// A private desk in memory, for tests and dry runs.
    pub fn in_memory() -> Result<Ledger> {
        Ok(Ledger::on(backend::in_memory()?))
    }

    /// The ledger over an opened backend.
    pub fn on(backend: Box<dyn Backend>) -> Ledger {
        Ledger {
            backend,
            moves: Vec::new(),
            stamp_at_lock: false,
        }
    }

    /// Where the desk is, as messages name it.
    pub fn desk(&self) -> &str {
        self.backend.desk()
    }

    /// Stamps each write with the system clock read once the write holds the desk's lock, not with the actor's
    /// time: what a command run on the real clock wants, since a write that waited for another keeps the trail in
    /// the order the writes were made. Without it (a clock fixed for tests and demos) the actor's time is used.
    pub fn stamp_at_lock(&mut self) {
        self.stamp_at_lock = true;
    }

    /// Whether opening created the desk.
    pub fn created(&self) -> bool {
        self.backend.created()
    }

    /// Keeps a desk this open created, under its own name, though nothing was written to it: what a command that
    /// ends well does (see [`Backend::keep`]); a write's commit does it too.
    ///
    /// [`Backend::keep`]: crate::backend::Backend::keep
    pub fn keep(&mut self) -> Result<()> {
        self.backend.keep()
    }

    /// The use cases that only read.
    pub fn read(&self) -> Reader<'_> {
        Reader {
            rows: self.backend.rows(),
        }
    }

    /// Runs `work` in one transaction, committed only when it returns `Ok` and the statuses it touched are
    /// settled: a command writes all of its changes or none. `actor` stamps every row and event. The statuses
    /// that moved are kept for [`Ledger::take_moves`].
    pub fn write<T>(
        &mut self,
        actor: &Actor,
        work: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        self.write_with(false, actor, work)
    }

    /// [`Ledger::write`] for an import: the transaction is begun with [`Backend::begin_load`], so that a load into
    /// a desk that holds nothing yet may be written the engine's cheapest all-or-nothing way.
    ///
    /// [`Backend::begin_load`]: crate::backend::Backend::begin_load
    pub fn write_load<T>(
        &mut self,
        actor: &Actor,
        work: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        self.write_with(true, actor, work)
    }

    fn write_with<T>(
        &mut self,
        load: bool,
        actor: &Actor,
        work: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        let matching = matching::Pending::for_backend(&*self.backend);
        let stamps_time = self.backend.stamps_time();
        let tx = if load {
            self.backend.begin_load()?
        } else {
            self.backend.begin()?
        };
        // A desk file's trail is stamped by the writer's clock: one set back would file this change before
        // changes already made.
        let stamped;
        let actor = if self.stamp_at_lock && !stamps_time {
            stamped = Actor {
                name: actor.name.clone(),
                at: crate::model::Timestamp::now(),
            };
            &stamped
        } else {
            actor
        };
        if !stamps_time {
            if let Some(last) = tx.last_event_at()? {
                if actor.at < last {
                    return Err(Error::ClockBehind {
                        now: actor.at,
                        last,
                    });
                }
            }
        }
        let mut writer = Writer {
            tx,
            actor,
            touched: BTreeSet::new(),
            created: BTreeSet::new(),
            moves: Vec::new(),
            events: Vec::new(),
            matching,
        };
        let value = work(&mut writer)?;
        let moves = writer.finish()?;
        self.backend.keep()?;
        self.moves.extend(moves);
        Ok(value)
    }

    /// The status moves of the writes committed since the last call, by claim within each write: what a command
    /// tells its user changed besides what it was asked to do. A claim created by a write has no status to move
    /// from, so its first status is not a move.
    pub fn take_moves(&mut self) -> Vec<StatusMove> {
        std::mem::take(&mut self.moves)
    }

    /// Takes only the moves of one claim, leaving the others.
    pub fn take_moves_of(&mut self, claim: ClaimId) -> Vec<StatusMove> {
        let (of, others) = std::mem::take(&mut self.moves)
            .into_iter()
            .partition(|m| m.claim == claim);
        self.moves = others;
        of
    }

    /// The schema version the desk is at.
    pub fn schema_version(&self) -> Result<i64> {
        self.backend.schema_version()
    }

    /// The storage engine's own checks of the stored data; empty when the desk is sound.
    pub fn integrity_problems(&self, quick: bool) -> Result<Vec<String>> {
        self.backend.integrity_problems(quick)
    }

    /// A consistent copy of the desk into a new file, safe while others write; `progress` hears (done, total) as
    /// the copy goes.
    pub fn backup(&self, target: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<()> {
        self.backend.backup(target, progress)
    }

    /// What `integrity_problems` looks at, for the line saying all is well.
    pub fn checks(&self) -> &'static str {
        self.backend.checks()
    }

    /// What a server desk adds (who is connected, its roles); `None` for a file.
    pub fn server(&self) -> Option<&dyn Server> {
        self.backend.server()
    }

    /// The same, to change the desk's roles.
    pub fn server_mut(&mut self) -> Option<&mut dyn Server> {
        self.backend.server_mut()
    }

    /// Copies the whole desk, history included, into the empty desk `target` names (an SQLite file is created;
    /// a server desk must have been made with `init`); returns each table's count, checked on both sides.
    pub fn copy_to(&self, target: &DbTarget) -> Result<Vec<(Table, u64)>> {
        let mut to = backend::open(target, Mode::Write)?;
        let counts = backend::copy::copy_rows(&*self.backend, &mut *to)?;
        to.keep()?;
        Ok(counts)
    }
}

/// The read use cases, over the desk or over a write in progress.
#[derive(Clone, Copy)]
pub struct Reader<'a> {
    rows: &'a dyn Rows,
}

/// The write use cases, inside one transaction.
pub struct Writer<'a> {
    tx: Box<dyn Transaction + 'a>,
    actor: &'a Actor,
    /// Claims whose status may have moved, assessed once when the work is done.
    touched: BTreeSet<ClaimId>,
    /// Claims this write created: their first status is not a move.
    created: BTreeSet<ClaimId>,
    /// The statuses settled so far that moved.
    moves: Vec<StatusMove>,
    /// Events not yet handed to the backend, written in batches.
    events: Vec<EventRow<'a>>,
    /// Claims and reviews to (re)index in the match index before the commit.
    matching: matching::Pending,
}

impl<'a> Writer<'a> {
    /// Reads inside this transaction: they see its own writes, except the audit events still waiting to be
    /// written in a batch (no use case reads the trail while it writes).
    pub fn read(&self) -> Reader<'_> {
        Reader { rows: &*self.tx }
    }

    /// Who is acting, and when.
    pub fn actor(&self) -> &Actor {
        self.actor
    }

    /// Marks claims whose status a change may have moved.
    fn touch(&mut self, claims: impl IntoIterator<Item = ClaimId>) {
        self.touched.extend(claims);
    }

    /// Settles the touched statuses, writes the last events, and commits; returns the moves.
    fn finish(mut self) -> Result<Vec<StatusMove>> {
        self.settle_statuses()?;
        self.index_for_matching()?;
        self.flush_events()?;
        self.tx.commit()?;
        Ok(self.moves)
    }
}

#[cfg(test)]
impl Ledger {
    /// The backend, for tests that write rows past the rules (a damaged status).
    pub(crate) fn backend_mut(&mut self) -> &mut dyn Backend {
        &mut *self.backend
    }
}

#[cfg(test)]
mod tests;
