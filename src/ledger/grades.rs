//! Grades: the rule that says which reliability grade counts for an evidence item, written once, and what the
//! status engine is given for a claim (each linked item with its effective grades, origin and derived-from
//! chain).

use super::Reader;
use crate::backend::{EvidenceRecord, GradedLink};
use crate::error::Result;
use crate::model::{Evidence, EvidenceId, Reliability};
use crate::status::{Ancestor, LinkedEvidence};

/// The grade that counts for an item: its own when it has one, else its origin's, else F (cannot be judged).
pub fn effective_reliability(own: Option<Reliability>, origin: Option<Reliability>) -> Reliability {
    own.or(origin).unwrap_or(Reliability::F)
}

/// Whether a change to the origin's grade reaches the item: only when the item has no grade of its own (the other
/// side of `effective_reliability`).
pub(super) fn follows_origin(own: Option<Reliability>) -> bool {
    own.is_none()
}

/// An item as the ledger hands it out, with the grade that counts.
pub(super) fn evidence(record: EvidenceRecord) -> Evidence {
    Evidence {
        id: record.id,
        key: record.key,
        title: record.title,
        url: record.url,
        archived_url: record.archived_url,
        retrieved_at: record.retrieved_at,
        origin_id: record.origin.as_ref().map(|o| o.id),
        origin: record.origin.map(|o| o.name),
        derived_from: record.derived_from,
        own_reliability: record.own_reliability,
        reliability: effective_reliability(record.own_reliability, record.origin_reliability),
        credibility: record.credibility,
        sha256: record.sha256,
        notes: record.notes,
        created_at: record.created_at,
        desk: record.desk,
    }
}

impl Reader<'_> {
    /// What the status engine needs to know of a claim's evidence: effective grades, origins, and each item's
    /// derived-from chain.
    pub fn linked_evidence(&self, claim: crate::model::ClaimId) -> Result<Vec<LinkedEvidence>> {
        self.rows
            .graded_links_of_claim(claim)?
            .into_iter()
            .map(|link| self.linked(link))
            .collect()
    }

    /// One link as the status engine sees it.
    pub(super) fn linked(&self, link: GradedLink) -> Result<LinkedEvidence> {
        Ok(LinkedEvidence {
            evidence: link.evidence,
            stance: link.stance,
            reliability: effective_reliability(link.own_reliability, link.origin_reliability),
            credibility: link.credibility,
            ancestors: self.ancestors(link.evidence, link.derived_from)?,
            origin: link.origin,
        })
    }

    /// The chain an item derives from, nearest first, with each ancestor's origin.
    fn ancestors(&self, item: EvidenceId, mut parent: Option<EvidenceId>) -> Result<Vec<Ancestor>> {
        let mut ancestors: Vec<Ancestor> = Vec::new();
        // Cycles are refused on write; the guard keeps a damaged desk from looping forever.
        while let Some(id) =
            parent.filter(|p| *p != item && ancestors.iter().all(|a| a.evidence != *p))
        {
            let Some(step) = self.rows.provenance(id)? else {
                break;
            };
            ancestors.push(Ancestor {
                evidence: id,
                origin: step.origin,
            });
            parent = step.derived_from;
        }
        Ok(ancestors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_items_own_grade_wins_then_its_origins_then_f() {
        use Reliability::*;
        assert_eq!(effective_reliability(Some(B), Some(E)), B);
        assert_eq!(effective_reliability(None, Some(E)), E);
        assert_eq!(effective_reliability(None, None), F);
        assert_eq!(effective_reliability(Some(D), None), D);
        assert!(follows_origin(None));
        assert!(!follows_origin(Some(A)));
    }
}
