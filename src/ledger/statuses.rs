//! Statuses: a claim's stored status is a cache of what the pure status engine computes from its evidence. A
//! write settles every claim it touched once, before it commits; `check` recomputes every claim and reports the
//! rows that differ.

use super::{Reader, Writer};
use crate::backend::EventRefs;
use crate::error::{Error, Result};
use crate::model::{Action, ClaimId, RecordKind, Status};
use crate::status::{self, Assessment, LinkedEvidence};

impl Reader<'_> {
    /// The status engine's verdict on a claim's evidence as stored now.
    pub fn assess(&self, claim: ClaimId) -> Result<Assessment> {
        if self.rows.claim_place(claim)?.is_none() {
            return Err(Error::not_found(RecordKind::Claim, claim));
        }
        Ok(status::assess(&self.linked_evidence(claim)?))
    }

    /// How many independent lines of supporting evidence a claim has (what [`Self::assess`] counts in `origins`).
    pub fn lines_of_support(&self, claim: ClaimId) -> Result<usize> {
        Ok(status::assess(&self.linked_evidence(claim)?).origins.len())
    }

    /// Each claim with at least one supporting link, by id, possibly more than once: the only claims with a line
    /// of support, found in one pass over the links.
    pub fn each_supported_claim(&self, each: &mut dyn FnMut(ClaimId)) -> Result<()> {
        self.rows.each_graded_link(&mut |link, _| {
            if link.stance == crate::model::Stance::Supports {
                each(link.claim);
            }
            Ok(())
        })
    }

    /// Claims whose stored status differs from a fresh computation: (claim, stored, computed), by claim. One pass
    /// over every link in claim order rather than a query per claim: claims with no links must have the status of
    /// no evidence, and the others are judged from the rows as they stream by.
    pub fn stale_statuses(&self) -> Result<Vec<(ClaimId, Status, Status)>> {
        self.stale_statuses_counting(&mut || {})
    }

    /// `stale_statuses`, calling `judged` once for each claim with evidence as it is judged, for a progress count
    /// (the claims without any are checked by one query).
    pub fn stale_statuses_counting(
        &self,
        judged: &mut dyn FnMut(),
    ) -> Result<Vec<(ClaimId, Status, Status)>> {
        let mut stale = Vec::new();
        let alone = status::assess(&[]).status;
        self.rows
            .each_unlinked_claim_not(alone, &mut |claim, stored| {
                stale.push((claim, stored, alone));
                Ok(())
            })?;
        let mut current: Option<(ClaimId, Status, Vec<LinkedEvidence>)> = None;
        let judge = |stale: &mut Vec<_>, (claim, stored, items): (ClaimId, Status, Vec<_>)| {
            let computed = status::assess(&items).status;
            if stored != computed {
                stale.push((claim, stored, computed));
            }
        };
        self.rows.each_graded_link(&mut |link, stored| {
            if current.as_ref().map(|c| c.0) != Some(link.claim) {
                if let Some(done) = current.take() {
                    judge(&mut stale, done);
                    judged();
                }
                current = Some((link.claim, stored, Vec::new()));
            }
            let item = self.linked(link)?;
            if let Some((_, _, items)) = current.as_mut() {
                items.push(item);
            }
            Ok(())
        })?;
        if let Some(done) = current {
            judge(&mut stale, done);
            judged();
        }
        stale.sort_by_key(|(claim, _, _)| *claim);
        Ok(stale)
    }
}

/// What the audit trail says of a status that moved (an import that computes a new claim's status before storing
/// it says the same).
pub(super) fn moved_detail(claim: ClaimId, old: Status, new: Status) -> String {
    format!("status of {claim} moved from {old} to {new}")
}

/// A claim whose stored status a write moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusMove {
    pub claim: ClaimId,
    pub from: Status,
    pub to: Status,
}

impl Writer<'_> {
    /// Computes each touched claim's status afresh and stores it where it moved, with an event saying so, and
    /// keeps the move for the command to report unless the claim is new in this write.
    pub(super) fn settle_statuses(&mut self) -> Result<()> {
        for claim in std::mem::take(&mut self.touched) {
            let (article, old) = self
                .tx
                .claim_place(claim)?
                .ok_or_else(|| Error::not_found(RecordKind::Claim, claim))?;
            let new = status::assess(&self.read().linked_evidence(claim)?).status;
            if new != old {
                self.tx.set_claim_status(claim, new)?;
                self.event(
                    Action::Status,
                    EventRefs {
                        article: Some(article),
                        claim: Some(claim),
                        ..Default::default()
                    },
                    moved_detail(claim, old, new),
                )?;
                if !self.created.contains(&claim) {
                    self.moves.push(StatusMove {
                        claim,
                        from: old,
                        to: new,
                    });
                }
            }
        }
        Ok(())
    }
}
