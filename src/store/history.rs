//! The audit trail, read back.

use super::Db;
use crate::error::Result;
use crate::model::{ClaimId, Event};

impl Db<'_> {
    /// Every event that touched a claim: those about the claim itself, and changes to the evidence linked to it
    /// and to the grades of that evidence's origins (a re-grade can move the claim's status even though the claim
    /// row is untouched). Oldest first.
    pub fn history(&self, claim: ClaimId) -> Result<Vec<Event>> {
        self.claim(claim)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, at, actor, action, detail FROM events WHERE claim_id = ?1
             UNION
             SELECT ev.id, ev.at, ev.actor, ev.action, ev.detail FROM events ev
             JOIN links l ON l.evidence_id = ev.evidence_id AND l.claim_id = ?1
             WHERE ev.claim_id IS NULL AND ev.action = 'evidence.edit'
             UNION
             SELECT ev.id, ev.at, ev.actor, ev.action, ev.detail FROM events ev
             JOIN evidence e ON e.origin_id = ev.source_id
             JOIN links l ON l.evidence_id = e.id AND l.claim_id = ?1
             WHERE ev.action = 'source.grade'
             ORDER BY id",
        )?;
        let rows = stmt.query_map([claim.0], |row| {
            Ok(Event {
                id: row.get("id")?,
                at: super::parse_column(row, "at")?,
                actor: row.get("actor")?,
                action: super::parse_column(row, "action")?,
                detail: row.get("detail")?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many events the audit trail holds.
    pub fn event_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM events", [], |row| row.get(0))?)
    }
}
