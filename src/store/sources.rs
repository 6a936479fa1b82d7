//! Sources: the people, organisations, documents and outlets that evidence comes from.

use rusqlite::{named_params, OptionalExtension, Row};

use super::{check_text, limits, parse_column, parse_optional_column, Db, EventRefs};
use crate::error::{Error, Result};
use crate::model::{Action, RecordKind, Reliability, Source, SourceId, SourceKind};

const SELECT_SOURCE: &str = "SELECT s.id, s.name, s.kind, s.reliability,
        (SELECT count(*) FROM evidence e WHERE e.origin_id = s.id) AS evidence
     FROM sources s";

fn source_from_row(row: &Row<'_>) -> rusqlite::Result<Source> {
    Ok(Source {
        id: SourceId(row.get("id")?),
        name: row.get("name")?,
        kind: parse_column(row, "kind")?,
        reliability: parse_optional_column(row, "reliability")?,
        evidence: row.get("evidence")?,
    })
}

impl Db<'_> {
    /// Registers a source. A name already taken (ignoring case) is a conflict.
    pub fn add_source(
        &self,
        name: &str,
        kind: SourceKind,
        reliability: Option<Reliability>,
    ) -> Result<SourceId> {
        check_text("source name", name, limits::SHORT)?;
        if let Some(existing) = self.source_by_name(name)? {
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
        self.conn
            .prepare_cached("INSERT INTO sources (name, kind, reliability, created_at) VALUES (:n, :k, :r, :at)")?
            .execute(named_params! {
                ":n": name, ":k": kind.as_str(), ":r": reliability.map(Reliability::as_str), ":at": self.actor().at.to_string(),
            })?;
        let id = SourceId(self.conn.last_insert_rowid());
        let grade = reliability
            .map(|r| format!(", graded {r}"))
            .unwrap_or_default();
        self.event(
            Action::SourceAdd,
            EventRefs {
                source: Some(id.0),
                ..Default::default()
            },
            &format!("added source {id} {name:?} ({kind}{grade})"),
        )?;
        Ok(id)
    }

    /// A source's own grade, without counting its evidence.
    pub(super) fn source_grade(&self, id: SourceId) -> Result<Option<Reliability>> {
        let grade: Option<String> = self
            .conn
            .prepare_cached("SELECT reliability FROM sources WHERE id = ?1")?
            .query_row([id.0], |row| row.get(0))?;
        Ok(grade.and_then(|g| g.parse().ok()))
    }

    /// The source of this name, registering it (kind `other`, ungraded) when it is new.
    pub fn source_named(&self, name: &str) -> Result<SourceId> {
        match self.source_id(name)? {
            Some(id) => Ok(id),
            None => self.add_source(name, SourceKind::Other, None),
        }
    }

    /// Changes a source's kind and grade. The grade flows to every evidence item that does not carry its own, so
    /// the status of every claim those items are linked to is computed again.
    pub fn update_source(
        &self,
        id: SourceId,
        kind: SourceKind,
        reliability: Option<Reliability>,
    ) -> Result<bool> {
        let old = self.source(id)?;
        if old.kind == kind && old.reliability == reliability {
            return Ok(false);
        }
        self.conn
            .prepare_cached("UPDATE sources SET kind = ?1, reliability = ?2 WHERE id = ?3")?
            .execute(rusqlite::params![
                kind.as_str(),
                reliability.map(Reliability::as_str),
                id.0
            ])?;
        let show = |r: Option<Reliability>| r.map_or("ungraded".to_string(), |r| r.to_string());
        self.event(
            Action::SourceGrade,
            EventRefs {
                source: Some(id.0),
                ..Default::default()
            },
            &format!(
                "changed source {id} {:?} from {} {} to {kind} {}",
                old.name,
                old.kind,
                show(old.reliability),
                show(reliability)
            ),
        )?;
        if old.reliability != reliability {
            let claims = self.claims_citing_origin(id)?;
            self.refresh_statuses(&claims)?;
        }
        Ok(true)
    }

    /// The source with this id, or a not-found error.
    pub fn source(&self, id: SourceId) -> Result<Source> {
        self.conn
            .prepare_cached(&format!("{SELECT_SOURCE} WHERE s.id = ?1"))?
            .query_row([id.0], source_from_row)
            .optional()?
            .ok_or_else(|| Error::not_found(RecordKind::Source, id))
    }

    /// The source of this name, ignoring case.
    pub fn source_by_name(&self, name: &str) -> Result<Option<Source>> {
        Ok(self
            .conn
            .prepare_cached(&format!("{SELECT_SOURCE} WHERE s.name = ?1"))?
            .query_row([name], source_from_row)
            .optional()?)
    }

    /// Every source, by name.
    pub fn sources(&self) -> Result<Vec<Source>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{SELECT_SOURCE} ORDER BY s.name, s.id"))?;
        let rows = stmt.query_map([], source_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
