//! Sources: the people, organisations, documents and outlets that evidence comes from. A source's grade flows to
//! every item that has none of its own, so re-grading one touches the claims resting on those items.

use super::{grades, validate, Reader, Writer};
use crate::backend::{EventRefs, SourceRow};
use crate::error::{Error, Result};
use crate::model::{Action, RecordKind, Reliability, Source, SourceId, SourceKind};

impl Reader<'_> {
    /// The source with this id, or a not-found error.
    pub fn source(&self, id: SourceId) -> Result<Source> {
        self.rows
            .source(id)?
            .ok_or_else(|| Error::not_found(RecordKind::Source, id))
    }

    /// The source of this name, ignoring case.
    pub fn source_by_name(&self, name: &str) -> Result<Option<Source>> {
        self.rows.source_by_name(name)
    }

    /// Every source, by name.
    pub fn sources(&self) -> Result<Vec<Source>> {
        let mut sources = Vec::new();
        self.rows.each_source(&mut |source| {
            sources.push(source);
            Ok(())
        })?;
        Ok(sources)
    }
}

impl Writer<'_> {
    /// Registers a source. A name already taken (ignoring case) is a conflict.
    pub fn add_source(
        &mut self,
        name: &str,
        kind: SourceKind,
        reliability: Option<Reliability>,
    ) -> Result<SourceId> {
        validate::text("source name", name, validate::limits::SHORT)?;
        if let Some(existing) = self.tx.source_by_name(name)? {
            return Err(Error::Conflict {
                message: format!(
                    "source `{}` already exists as {}",
                    existing.name, existing.id
                ),
                hint: Some(format!(
                    "grade it with `claimtrack source grade {} --reliability …`",
                    existing.id
                )),
            });
        }
        let id = self.tx.insert_source(&SourceRow {
            name,
            kind,
            reliability,
            created_at: self.actor.at,
        })?;
        let grade = reliability
            .map(|r| format!(", graded {r}"))
            .unwrap_or_default();
        self.event(
            Action::SourceAdd,
            EventRefs {
                source: Some(id),
                ..Default::default()
            },
            format!("added source {id} {name:?} ({kind}{grade})"),
        )?;
        Ok(id)
    }

    /// The source of this name, registering it (kind `other`, ungraded) when it is new.
    pub fn source_named(&mut self, name: &str) -> Result<SourceId> {
        match self.tx.source_id(name)? {
            Some(id) => Ok(id),
            None => self.add_source(name, SourceKind::Other, None),
        }
    }

    /// Changes a source's kind and grade. A new grade reaches every item that follows its origin's grade, so the
    /// claims linked to those items are touched.
    pub fn update_source(
        &mut self,
        id: SourceId,
        kind: SourceKind,
        reliability: Option<Reliability>,
    ) -> Result<bool> {
        let old = self.read().source(id)?;
        if old.kind == kind && old.reliability == reliability {
            return Ok(false);
        }
        self.tx.update_source(id, kind, reliability)?;
        let show = |r: Option<Reliability>| r.map_or("ungraded".to_string(), |r| r.to_string());
        self.event(
            Action::SourceGrade,
            EventRefs {
                source: Some(id),
                ..Default::default()
            },
            format!(
                "changed source {id} {:?} from {} {} to {kind} {}",
                old.name,
                old.kind,
                show(old.reliability),
                show(reliability)
            ),
        )?;
        if old.reliability != reliability {
            let mut claims = Vec::new();
            self.tx.each_graded_link_to_origin(id, &mut |link| {
                if grades::follows_origin(link.own_reliability) {
                    claims.push(link.claim);
                }
                Ok(())
            })?;
            self.touch(claims);
        }
        Ok(true)
    }
}
