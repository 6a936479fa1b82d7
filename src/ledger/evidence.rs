//! Evidence items and their chain of custody: an origin (registered as a source when it is new) and the item an
//! item derives from, which may never lead back to itself.

use std::collections::HashSet;

use super::{grades, validate, Reader, Writer};
use crate::backend::{EventRefs, EvidenceDetails, EvidenceRow};
use crate::error::{Error, Result};
use crate::model::{
    Action, Credibility, Evidence, EvidenceGrades, EvidenceId, NewEvidence, RecordKind, Reliability,
};

impl Reader<'_> {
    /// The evidence item with this id, or a not-found error.
    pub fn evidence(&self, id: EvidenceId) -> Result<Evidence> {
        self.rows
            .evidence(id)?
            .map(grades::evidence)
            .ok_or_else(|| Error::not_found(RecordKind::Evidence, id))
    }

    /// The evidence item stored under a desk key.
    pub fn evidence_by_key(&self, key: &str) -> Result<Option<Evidence>> {
        Ok(self.rows.evidence_by_key(key)?.map(grades::evidence))
    }

    /// The id of the evidence item stored under a desk key.
    pub fn evidence_id(&self, key: &str) -> Result<Option<EvidenceId>> {
        self.rows.evidence_id(key)
    }

    /// A not-found error unless the evidence item exists.
    pub fn require_evidence(&self, id: EvidenceId) -> Result<()> {
        match self.rows.provenance(id)? {
            Some(_) => Ok(()),
            None => Err(Error::not_found(RecordKind::Evidence, id)),
        }
    }

    /// Calls `each` with every evidence item, oldest first.
    pub fn each_evidence(&self, mut each: impl FnMut(Evidence) -> Result<()>) -> Result<()> {
        self.rows
            .each_evidence(&mut |record| each(grades::evidence(record)))
    }

    /// Every evidence item, oldest first.
    pub fn all_evidence(&self) -> Result<Vec<Evidence>> {
        let mut items = Vec::new();
        self.each_evidence(|item| {
            items.push(item);
            Ok(())
        })?;
        Ok(items)
    }

    /// Refuses to make `child` derive from `parent` when `parent` already derives from `child`.
    fn refuse_cycle(&self, child: EvidenceId, parent: EvidenceId) -> Result<()> {
        let parent_of = |id: EvidenceId| -> Result<Option<EvidenceId>> {
            Ok(self
                .rows
                .provenance(id)?
                .ok_or_else(|| Error::not_found(RecordKind::Evidence, id))?
                .derived_from)
        };
        let mut chain = vec![child, parent];
        let mut seen = HashSet::from([parent]);
        let mut current = parent_of(parent)?;
        if parent == child {
            current = Some(child);
        }
        while let Some(next) = current {
            chain.push(next);
            if next == child {
                let path: Vec<String> = chain.iter().map(ToString::to_string).collect();
                return Err(Error::Conflict {
                    message: format!(
                        "{child} cannot derive from {parent}: that would make a cycle ({})",
                        path.join(" → ")
                    ),
                    hint: Some("an item can only derive from one that came before it".to_string()),
                });
            }
            if !seen.insert(next) {
                break;
            }
            current = parent_of(next)?;
        }
        Ok(())
    }
}

fn details(new: &NewEvidence) -> EvidenceDetails<'_> {
    EvidenceDetails {
        title: &new.title,
        url: new.url.as_deref(),
        archived_url: new.archived_url.as_deref(),
        retrieved_at: new.retrieved_at.as_deref(),
        sha256: new.sha256.as_deref(),
        notes: new.notes.as_deref(),
    }
}

/// What the audit trail says of an item added, graded `grade` (the bulk path of an import says the same).
pub(super) fn added_detail(
    id: EvidenceId,
    new: &NewEvidence,
    grade: Reliability,
    credibility: Credibility,
) -> String {
    let origin_text = new
        .origin
        .as_deref()
        .map(|o| format!(", origin {o:?}"))
        .unwrap_or_default();
    let parent = new
        .derived_from
        .map(|p| format!(", derived from {p}"))
        .unwrap_or_default();
    format!(
        "added evidence {id} {:?} graded {grade}{credibility}{origin_text}{parent}",
        new.title
    )
}

impl Writer<'_> {
    /// Adds an evidence item. Its origin is registered as a source when the name is new; a derived-from item must
    /// exist. Without a key, the next free `e<N>` is used.
    pub fn add_evidence(&mut self, new: &NewEvidence) -> Result<EvidenceId> {
        self.add_evidence_of_desk(new, None)
    }

    /// `add_evidence` for an item that came from another desk (`desk`, its id), as an import brings it.
    pub(super) fn add_evidence_of_desk(
        &mut self,
        new: &NewEvidence,
        desk: Option<&str>,
    ) -> Result<EvidenceId> {
        validate::evidence(new)?;
        if new.title.trim().is_empty() {
            return Err(Error::invalid_with(
                "the evidence title is empty",
                "describe the item with `--title \"…\"`",
            ));
        }
        if let Some(parent) = new.derived_from {
            self.read().require_evidence(parent)?;
        }
        let origin = new
            .origin
            .as_deref()
            .map(|name| self.source_named(name))
            .transpose()?;
        let key = match &new.key {
            Some(key) => {
                if self.tx.evidence_id(key)?.is_some() {
                    return Err(Error::Conflict {
                        message: format!("evidence key `{key}` is taken"),
                        hint: None,
                    });
                }
                key.clone()
            }
            None => self.read().free_evidence_key()?,
        };
        let credibility = new.credibility.unwrap_or(Credibility::CannotJudge);
        let id = self.tx.insert_evidence(&EvidenceRow {
            key: &key,
            details: details(new),
            grades: EvidenceGrades {
                origin,
                derived_from: new.derived_from,
                reliability: new.reliability,
                credibility,
            },
            created_at: self.actor.at,
            desk,
        })?;
        let origin_grade = match origin {
            Some(source) => self.tx.source_reliability(source)?,
            None => None,
        };
        let grade = grades::effective_reliability(new.reliability, origin_grade);
        self.event(
            Action::EvidenceAdd,
            EventRefs {
                evidence: Some(id),
                source: origin,
                ..Default::default()
            },
            added_detail(id, new, grade, credibility),
        )?;
        Ok(id)
    }

    /// Changes an item's origin, descent and grades, refusing a derived-from cycle. Every claim whose status could
    /// move (those linked to the item or to anything derived from it) is touched.
    pub fn update_evidence(&mut self, id: EvidenceId, grades: &EvidenceGrades) -> Result<bool> {
        let old = self.read().evidence(id)?;
        if let Some(parent) = grades.derived_from {
            self.read().refuse_cycle(id, parent)?;
        }
        let mut changed = Vec::new();
        let show_rel =
            |r: Option<Reliability>| r.map_or("inherited".to_string(), |r| r.to_string());
        if old.own_reliability != grades.reliability {
            changed.push(format!(
                "reliability from {} to {}",
                show_rel(old.own_reliability),
                show_rel(grades.reliability)
            ));
        }
        if old.credibility != grades.credibility {
            changed.push(format!(
                "credibility from {} to {}",
                old.credibility, grades.credibility
            ));
        }
        if old.origin_id != grades.origin {
            let name = grades
                .origin
                .map(|o| self.read().source(o))
                .transpose()?
                .map(|s| s.name);
            changed.push(format!(
                "origin to {}",
                name.map_or("none".to_string(), |n| format!("{n:?}"))
            ));
        }
        if old.derived_from != grades.derived_from {
            changed.push(format!(
                "derived-from to {}",
                grades
                    .derived_from
                    .map_or("none".to_string(), |p| p.to_string())
            ));
        }
        if changed.is_empty() {
            return Ok(false);
        }
        self.tx.update_evidence_grades(id, grades)?;
        self.event(
            Action::EvidenceEdit,
            EventRefs {
                evidence: Some(id),
                ..Default::default()
            },
            format!("changed evidence {id}: {}", changed.join(", ")),
        )?;
        let claims = self.tx.claims_linked_to_descendants(id)?;
        self.touch(claims);
        Ok(true)
    }

    /// Updates the descriptive fields of an item (not its grades), as an import of an edited desk file does.
    pub fn update_evidence_details(&mut self, id: EvidenceId, new: &NewEvidence) -> Result<bool> {
        validate::evidence(new)?;
        let old = self.read().evidence(id)?;
        if old.title == new.title
            && old.url == new.url
            && old.archived_url == new.archived_url
            && old.retrieved_at == new.retrieved_at
            && old.sha256 == new.sha256
            && old.notes == new.notes
        {
            return Ok(false);
        }
        self.tx.update_evidence_details(id, &details(new))?;
        self.event(
            Action::EvidenceEdit,
            EventRefs {
                evidence: Some(id),
                ..Default::default()
            },
            format!("changed evidence {id}: its description"),
        )?;
        Ok(true)
    }
}
