//! Statuses: a claim's stored status is a cache of what the pure status engine computes from its evidence. A
//! write settles every claim it touched once, before it commits; `check` recomputes every claim and reports the
//! rows that differ.

use super::{Reader, Writer};
use crate::backend::EventRefs;
use crate::error::{Error, Result};
use crate::model::{Action, ClaimId, RecordKind, Status};
use crate::status::{self, Ancestor, Assessment, LinkedEvidence};

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

    /// Each claim with at least one supporting link and its number of independent lines of support (what
    /// [`Self::lines_of_support`] says), by claim id: one query over every supporting link and its derived-from
    /// chain, holding one claim's items at a time. Lines are a matter of supporting items alone, so the other
    /// links are not read.
    pub fn each_lines_of_support(&self, each: &mut dyn FnMut(ClaimId, usize)) -> Result<()> {
        let mut claim: Option<ClaimId> = None;
        let mut items: Vec<LinkedEvidence> = Vec::new();
        // Whether the last item's chain has ended (a cycle or a missing item), as `ancestors` stops.
        let mut chain_ended = false;
        let mut judge = |claim: ClaimId, items: &mut Vec<LinkedEvidence>| {
            each(claim, status::assess(items).origins.len());
            items.clear();
        };
        self.rows.each_supporting_link_chain(&mut |link, step| {
            if claim != Some(link.claim) {
                if let Some(done) = claim {
                    judge(done, &mut items);
                }
                claim = Some(link.claim);
            }
            if items.last().map(|item| item.evidence) != Some(link.evidence) {
                items.push(LinkedEvidence {
                    evidence: link.evidence,
                    stance: link.stance,
                    reliability: super::grades::effective_reliability(
                        link.own_reliability,
                        link.origin_reliability,
                    ),
                    credibility: link.credibility,
                    ancestors: Vec::new(),
                    origin: link.origin,
                });
                chain_ended = false;
            }
            if let (Some(step), Some(item)) = (step, items.last_mut()) {
                let repeated = step.evidence == item.evidence
                    || item.ancestors.iter().any(|a| a.evidence == step.evidence);
                if repeated || !step.exists {
                    chain_ended = true;
                }
                if !chain_ended {
                    item.ancestors.push(Ancestor {
                        evidence: step.evidence,
                        origin: step.origin,
                    });
                }
            }
            Ok(())
        })?;
        if let Some(done) = claim {
            judge(done, &mut items);
        }
        Ok(())
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
