//! Links between claims and evidence, each with its stance. Linking and unlinking touch the claim, whose status
//! is settled when the write is done.

use super::{validate, Reader, Writer};
use crate::backend::{EventRefs, LinkRow};
use crate::error::{Error, Result};
use crate::model::{Action, ClaimId, EvidenceId, Link, RecordKind, Stance};

impl Reader<'_> {
    /// A claim's links, by evidence id.
    pub fn links_of_claim(&self, claim: ClaimId) -> Result<Vec<Link>> {
        self.rows.links_of_claim(claim)
    }

    /// An evidence item's links, by claim id.
    pub fn links_of_evidence(&self, evidence: EvidenceId) -> Result<Vec<Link>> {
        self.rows.links_of_evidence(evidence)
    }
}

/// What the audit trail says of a new link (an import's bulk path says the same).
pub(super) fn linked_detail(claim: ClaimId, evidence: EvidenceId, stance: Stance) -> String {
    format!("linked {evidence} to {claim}: {stance}")
}

/// What linking did to the link between a claim and an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkChange {
    /// There was no link; now there is.
    Added,
    /// The link was there with another stance (its note replaced too).
    Restanced { from: Stance },
    /// The link was there with this stance; only its note changed.
    Renoted,
    /// The link was already exactly so: nothing was written or logged.
    Unchanged,
}

impl Reader<'_> {
    /// The link between a claim and an item, if there is one.
    pub fn link(&self, claim: ClaimId, evidence: EvidenceId) -> Result<Option<Link>> {
        self.rows.link(claim, evidence)
    }
}

impl Writer<'_> {
    /// Links a claim to an evidence item, or changes the stance or note of an existing link. Returns false when the
    /// link was already exactly so.
    pub fn link(
        &mut self,
        claim: ClaimId,
        evidence: EvidenceId,
        stance: Stance,
        note: Option<&str>,
    ) -> Result<bool> {
        Ok(self.set_link(claim, evidence, stance, note)? != LinkChange::Unchanged)
    }

    /// Links a claim to an evidence item with this stance and note, and says what that changed. A link already
    /// exactly so writes and logs nothing.
    pub fn set_link(
        &mut self,
        claim: ClaimId,
        evidence: EvidenceId,
        stance: Stance,
        note: Option<&str>,
    ) -> Result<LinkChange> {
        validate::optional("link note", note, validate::limits::LONG)?;
        let (article, _) = self
            .tx
            .claim_place(claim)?
            .ok_or_else(|| Error::not_found(RecordKind::Claim, claim))?;
        self.read().require_evidence(evidence)?;
        let refs = EventRefs {
            article: Some(article),
            claim: Some(claim),
            evidence: Some(evidence),
            ..Default::default()
        };
        let row = LinkRow {
            claim,
            evidence,
            stance,
            note,
            created_at: self.actor.at,
        };
        let change = match self.tx.link(claim, evidence)? {
            Some(link) if link.stance == stance && link.note.as_deref() == note => {
                return Ok(LinkChange::Unchanged)
            }
            Some(link) if link.stance == stance => {
                self.tx.update_link(&row)?;
                self.event(
                    Action::Link,
                    refs,
                    format!("changed the note of {evidence} on {claim}"),
                )?;
                LinkChange::Renoted
            }
            Some(link) => {
                self.tx.update_link(&row)?;
                self.event(
                    Action::Link,
                    refs,
                    format!(
                        "changed {evidence} on {claim} from {} to {stance}",
                        link.stance
                    ),
                )?;
                LinkChange::Restanced { from: link.stance }
            }
            None => {
                self.tx.insert_links(std::slice::from_ref(&row))?;
                self.event(Action::Link, refs, linked_detail(claim, evidence, stance))?;
                LinkChange::Added
            }
        };
        self.touch([claim]);
        Ok(change)
    }

    /// Removes a link.
    pub fn unlink(&mut self, claim: ClaimId, evidence: EvidenceId) -> Result<()> {
        let (article, _) = self
            .tx
            .claim_place(claim)?
            .ok_or_else(|| Error::not_found(RecordKind::Claim, claim))?;
        self.read().require_evidence(evidence)?;
        if !self.tx.delete_link(claim, evidence)? {
            return Err(Error::invalid_with(
                format!("{evidence} is not linked to {claim}"),
                format!("see `claimtrack claim show {claim}`"),
            ));
        }
        self.event(
            Action::Unlink,
            EventRefs {
                article: Some(article),
                claim: Some(claim),
                evidence: Some(evidence),
                ..Default::default()
            },
            format!("unlinked {evidence} from {claim}"),
        )?;
        self.touch([claim]);
        Ok(())
    }
}
