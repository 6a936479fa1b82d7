//! The audit trail: every change the ledger makes is recorded as an event with its typed action, who made it
//! and when (the actor of the write), the records it is about, and a sentence saying what changed. The wording is
//! written beside each change, in the file of its use case; this file writes the events (in batches, in the
//! order they happened) and reads a claim's history back.

use super::{Reader, Writer};
use crate::backend::{EventRefs, EventRow};
use crate::error::{Error, Result};
use crate::model::{Action, ClaimId, Event, RecordKind};

/// How many events wait in memory before they are handed to the backend.
pub(super) const BATCH: usize = 4_096;

impl<'a> Writer<'a> {
    /// Records one entry of the audit trail.
    pub(super) fn event(&mut self, action: Action, refs: EventRefs, detail: String) -> Result<()> {
        let actor = self.actor;
        self.events.push(EventRow {
            at: actor.at,
            actor: &actor.name,
            action,
            refs,
            detail,
        });
        if self.events.len() >= BATCH {
            self.flush_events()?;
        }
        Ok(())
    }

    /// Hands the waiting events to the backend.
    pub(super) fn flush_events(&mut self) -> Result<()> {
        if !self.events.is_empty() {
            self.tx.insert_events(&self.events)?;
            self.events.clear();
        }
        Ok(())
    }
}

impl Reader<'_> {
    /// Every event that touched a claim, oldest first: those about the claim itself, and the changes to the
    /// evidence linked to it and to the grades of that evidence's origins (a re-grade can move the claim's status
    /// even though the claim row is untouched).
    pub fn history(&self, claim: ClaimId) -> Result<Vec<Event>> {
        if self.rows.claim_place(claim)?.is_none() {
            return Err(Error::not_found(RecordKind::Claim, claim));
        }
        let mut events = Vec::new();
        self.rows.each_claim_event(
            claim,
            Action::EvidenceEdit,
            Action::SourceGrade,
            &mut |event| {
                events.push(event);
                Ok(())
            },
        )?;
        Ok(events)
    }

    /// How many events the audit trail holds.
    pub fn event_count(&self) -> Result<u64> {
        self.rows.event_count()
    }
}
