//! Evidence, its links to claims, and keeping every claim's stored status equal to what the status engine
//! computes from them, in the same transaction as the change that moved it.

use std::collections::HashSet;

use rusqlite::{named_params, OptionalExtension, Row};

use super::{
    check_optional, check_text, limits, parse_column, parse_optional_column, Db, EventRefs,
};
use crate::error::{Error, Result};
use crate::model::{
    Action, ClaimId, Credibility, Evidence, EvidenceId, Link, NewEvidence, RecordKind, Reliability,
    SourceId, Stance, Status,
};
use crate::status::{self, Ancestor, Assessment, LinkedEvidence, Origin};

const SELECT_EVIDENCE: &str = "SELECT e.id, e.key, e.title, e.url, e.archived_url, e.retrieved_at, e.origin_id,
        s.name AS origin, e.derived_from, e.reliability AS own_reliability,
        COALESCE(e.reliability, s.reliability, 'F') AS reliability, e.credibility, e.sha256, e.notes, e.created_at
     FROM evidence e LEFT JOIN sources s ON s.id = e.origin_id";

fn evidence_from_row(row: &Row<'_>) -> rusqlite::Result<Evidence> {
    Ok(Evidence {
        id: EvidenceId(row.get("id")?),
        key: row.get("key")?,
        title: row.get("title")?,
        url: row.get("url")?,
        archived_url: row.get("archived_url")?,
        retrieved_at: row.get("retrieved_at")?,
        origin: row.get("origin")?,
        origin_id: row.get::<_, Option<i64>>("origin_id")?.map(SourceId),
        derived_from: row.get::<_, Option<i64>>("derived_from")?.map(EvidenceId),
        own_reliability: parse_optional_column(row, "own_reliability")?,
        reliability: parse_column(row, "reliability")?,
        credibility: parse_column(row, "credibility")?,
        sha256: row.get("sha256")?,
        notes: row.get("notes")?,
        created_at: parse_column(row, "created_at")?,
    })
}

fn link_from_row(row: &Row<'_>) -> rusqlite::Result<Link> {
    Ok(Link {
        claim: ClaimId(row.get("claim_id")?),
        evidence: EvidenceId(row.get("evidence_id")?),
        stance: parse_column(row, "stance")?,
        note: row.get("note")?,
        created_at: parse_column(row, "created_at")?,
    })
}

/// Grades and descent of an evidence item, as `evidence edit` changes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceGrades {
    pub origin: Option<SourceId>,
    pub derived_from: Option<EvidenceId>,
    pub reliability: Option<Reliability>,
    pub credibility: Credibility,
}

fn check_evidence(new: &NewEvidence) -> Result<()> {
    check_text("evidence title", &new.title, limits::SHORT)?;
    check_optional("evidence address", new.url.as_deref(), limits::SHORT)?;
    check_optional(
        "archived address",
        new.archived_url.as_deref(),
        limits::SHORT,
    )?;
    check_optional("retrieval time", new.retrieved_at.as_deref(), limits::SHORT)?;
    check_optional("origin", new.origin.as_deref(), limits::SHORT)?;
    check_optional("evidence key", new.key.as_deref(), limits::SHORT)?;
    check_optional("notes", new.notes.as_deref(), limits::LONG)
}

impl Db<'_> {
    /// Adds an evidence item. Its origin is registered as a source when the name is new; a derived-from item must
    /// exist.
    pub fn add_evidence(&self, new: &NewEvidence) -> Result<EvidenceId> {
        check_evidence(new)?;
        if new.title.trim().is_empty() {
            return Err(Error::invalid_with(
                "the evidence title is empty",
                "describe the item with `--title \"…\"`",
            ));
        }
        if let Some(parent) = new.derived_from {
            self.require_evidence(parent)?;
        }
        let origin = new
            .origin
            .as_deref()
            .map(|name| self.source_named(name))
            .transpose()?;
        let key = match &new.key {
            Some(key) => {
                if self.evidence_id(key)?.is_some() {
                    return Err(Error::Conflict {
                        message: format!("evidence key `{key}` is taken"),
                        hint: None,
                    });
                }
                key.clone()
            }
            None => self.free_evidence_key()?,
        };
        self.conn
            .prepare_cached(
                "INSERT INTO evidence (key, title, url, archived_url, retrieved_at, origin_id, derived_from,
                    reliability, credibility, sha256, notes, created_at)
                 VALUES (:key, :title, :url, :archived, :retrieved, :origin, :parent, :rel, :cred, :sha, :notes, :at)",
            )?
            .execute(named_params! {
                ":key": key, ":title": new.title, ":url": new.url, ":archived": new.archived_url,
                ":retrieved": new.retrieved_at, ":origin": origin.map(|o| o.0), ":parent": new.derived_from.map(|p| p.0),
                ":rel": new.reliability.map(Reliability::as_str),
                ":cred": new.credibility.unwrap_or(Credibility::CannotJudge).as_str(),
                ":sha": new.sha256, ":notes": new.notes, ":at": self.actor().at.to_string(),
            })?;
        let id = EvidenceId(self.conn.last_insert_rowid());
        let grade = match new.reliability {
            Some(own) => own,
            None => match origin {
                Some(source) => self.source_grade(source)?.unwrap_or(Reliability::F),
                None => Reliability::F,
            },
        };
        let credibility = new.credibility.unwrap_or(Credibility::CannotJudge);
        let origin_text = new
            .origin
            .as_deref()
            .map(|o| format!(", origin {o:?}"))
            .unwrap_or_default();
        let parent = new
            .derived_from
            .map(|p| format!(", derived from {p}"))
            .unwrap_or_default();
        self.event(
            Action::EvidenceAdd,
            EventRefs {
                evidence: Some(id.0),
                source: origin.map(|o| o.0),
                ..Default::default()
            },
            &format!(
                "added evidence {id} {:?} graded {grade}{credibility}{origin_text}{parent}",
                new.title
            ),
        )?;
        Ok(id)
    }

    fn free_evidence_key(&self) -> Result<String> {
        let mut n: i64 =
            self.conn
                .query_row("SELECT coalesce(max(id), 0) + 1 FROM evidence", [], |row| {
                    row.get(0)
                })?;
        loop {
            let key = format!("e{n}");
            if self.evidence_by_key(&key)?.is_none() {
                return Ok(key);
            }
            n += 1;
        }
    }

    /// Changes an item's origin, descent and grades, refusing a derived-from cycle. Every claim whose status could
    /// move (those linked to the item or to anything derived from it) is computed again.
    pub fn update_evidence(&self, id: EvidenceId, grades: &EvidenceGrades) -> Result<bool> {
        let old = self.evidence(id)?;
        if let Some(parent) = grades.derived_from {
            self.refuse_cycle(id, parent)?;
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
                .map(|o| self.source(o))
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
        self.conn
            .prepare_cached(
                "UPDATE evidence SET origin_id = ?1, derived_from = ?2, reliability = ?3, credibility = ?4 WHERE id = ?5",
            )?
            .execute(rusqlite::params![
                grades.origin.map(|o| o.0),
                grades.derived_from.map(|p| p.0),
                grades.reliability.map(Reliability::as_str),
                grades.credibility.as_str(),
                id.0
            ])?;
        self.event(
            Action::EvidenceEdit,
            EventRefs {
                evidence: Some(id.0),
                ..Default::default()
            },
            &format!("changed evidence {id}: {}", changed.join(", ")),
        )?;
        let claims = self.claims_depending_on(id)?;
        self.refresh_statuses(&claims)?;
        Ok(true)
    }

    /// Updates the descriptive fields of an item (not its grades), as an import of an edited desk file does.
    pub fn update_evidence_details(&self, id: EvidenceId, new: &NewEvidence) -> Result<bool> {
        check_evidence(new)?;
        let old = self.evidence(id)?;
        if old.title == new.title
            && old.url == new.url
            && old.archived_url == new.archived_url
            && old.retrieved_at == new.retrieved_at
            && old.sha256 == new.sha256
            && old.notes == new.notes
        {
            return Ok(false);
        }
        self.conn
            .prepare_cached(
                "UPDATE evidence SET title = ?1, url = ?2, archived_url = ?3, retrieved_at = ?4, sha256 = ?5, notes = ?6
                 WHERE id = ?7",
            )?
            .execute(rusqlite::params![
                new.title,
                new.url,
                new.archived_url,
                new.retrieved_at,
                new.sha256,
                new.notes,
                id.0
            ])?;
        self.event(
            Action::EvidenceEdit,
            EventRefs {
                evidence: Some(id.0),
                ..Default::default()
            },
            &format!("changed evidence {id}: its description"),
        )?;
        Ok(true)
    }

    /// Refuses to make `child` derive from `parent` when `parent` already derives from `child`.
    fn refuse_cycle(&self, child: EvidenceId, parent: EvidenceId) -> Result<()> {
        let mut chain = vec![child, parent];
        let mut seen = HashSet::from([parent]);
        let mut current = self.evidence(parent)?.derived_from;
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
            current = self.evidence(next)?.derived_from;
        }
        Ok(())
    }

    /// The evidence item with this id, or a not-found error.
    pub fn evidence(&self, id: EvidenceId) -> Result<Evidence> {
        self.conn
            .prepare_cached(&format!("{SELECT_EVIDENCE} WHERE e.id = ?1"))?
            .query_row([id.0], evidence_from_row)
            .optional()?
            .ok_or_else(|| Error::not_found(RecordKind::Evidence, id))
    }

    /// The evidence item stored under a desk key.
    pub fn evidence_by_key(&self, key: &str) -> Result<Option<Evidence>> {
        Ok(self
            .conn
            .prepare_cached(&format!("{SELECT_EVIDENCE} WHERE e.key = ?1"))?
            .query_row([key], evidence_from_row)
            .optional()?)
    }

    /// Every evidence item, oldest first.
    pub fn all_evidence(&self) -> Result<Vec<Evidence>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{SELECT_EVIDENCE} ORDER BY e.id"))?;
        let rows = stmt.query_map([], evidence_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Links a claim to an evidence item, or changes the stance of an existing link, and recomputes the claim's
    /// status. Returns false when the link was already exactly so.
    pub fn link(
        &self,
        claim: ClaimId,
        evidence: EvidenceId,
        stance: Stance,
        note: Option<&str>,
    ) -> Result<bool> {
        super::check_optional("link note", note, limits::LONG)?;
        let article = self.article_of(claim)?;
        self.require_evidence(evidence)?;
        let existing = self.link_between(claim, evidence)?;
        let refs = EventRefs {
            article: Some(article.0),
            claim: Some(claim.0),
            evidence: Some(evidence.0),
            ..Default::default()
        };
        match existing {
            Some(link) if link.stance == stance && link.note.as_deref() == note => {
                return Ok(false)
            }
            Some(link) => {
                self.conn
                    .prepare_cached("UPDATE links SET stance = ?1, note = ?2 WHERE claim_id = ?3 AND evidence_id = ?4")?
                    .execute(rusqlite::params![stance.as_str(), note, claim.0, evidence.0])?;
                self.event(
                    Action::Link,
                    refs,
                    &format!(
                        "changed link {claim}–{evidence} from {} to {stance}",
                        link.stance
                    ),
                )?;
            }
            None => {
                self.conn
                    .prepare_cached(
                        "INSERT INTO links (claim_id, evidence_id, stance, note, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    )?
                    .execute(rusqlite::params![claim.0, evidence.0, stance.as_str(), note, self.actor().at.to_string()])?;
                self.event(
                    Action::Link,
                    refs,
                    &format!("linked {evidence} to {claim}: {stance}"),
                )?;
            }
        }
        self.refresh_statuses(&[claim])?;
        Ok(true)
    }

    /// Removes a link and recomputes the claim's status.
    pub fn unlink(&self, claim: ClaimId, evidence: EvidenceId) -> Result<()> {
        let claim_row = self.claim(claim)?;
        self.evidence(evidence)?;
        let removed = self
            .conn
            .prepare_cached("DELETE FROM links WHERE claim_id = ?1 AND evidence_id = ?2")?
            .execute([claim.0, evidence.0])?;
        if removed == 0 {
            return Err(Error::invalid_with(
                format!("{evidence} is not linked to {claim}"),
                format!("see `claimtrack claim show {claim}`"),
            ));
        }
        self.event(
            Action::Unlink,
            EventRefs {
                article: Some(claim_row.article.0),
                claim: Some(claim.0),
                evidence: Some(evidence.0),
                ..Default::default()
            },
            &format!("unlinked {evidence} from {claim}"),
        )?;
        self.refresh_statuses(&[claim])
    }

    fn link_between(&self, claim: ClaimId, evidence: EvidenceId) -> Result<Option<Link>> {
        Ok(self
            .conn
            .prepare_cached("SELECT * FROM links WHERE claim_id = ?1 AND evidence_id = ?2")?
            .query_row([claim.0, evidence.0], link_from_row)
            .optional()?)
    }

    /// A claim's links, by evidence id.
    pub fn links_of_claim(&self, claim: ClaimId) -> Result<Vec<Link>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT * FROM links WHERE claim_id = ?1 ORDER BY evidence_id")?;
        let rows = stmt.query_map([claim.0], link_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// An evidence item's links, by claim id.
    pub fn links_of_evidence(&self, evidence: EvidenceId) -> Result<Vec<Link>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT * FROM links WHERE evidence_id = ?1 ORDER BY claim_id")?;
        let rows = stmt.query_map([evidence.0], link_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Claims linked to the item or to anything derived from it, directly or down a chain: their lines of evidence
    /// run through it.
    fn claims_depending_on(&self, evidence: EvidenceId) -> Result<Vec<ClaimId>> {
        let mut stmt = self.conn.prepare_cached(
            "WITH RECURSIVE family (id) AS (
                 SELECT ?1 UNION SELECT e.id FROM evidence e JOIN family f ON e.derived_from = f.id)
             SELECT DISTINCT l.claim_id FROM links l JOIN family f ON l.evidence_id = f.id ORDER BY l.claim_id",
        )?;
        let rows = stmt.query_map([evidence.0], |row| row.get(0).map(ClaimId))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Claims linked to evidence that takes its grade from this source.
    pub(super) fn claims_citing_origin(&self, source: SourceId) -> Result<Vec<ClaimId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT l.claim_id FROM evidence e JOIN links l ON l.evidence_id = e.id
             WHERE e.origin_id = ?1 AND e.reliability IS NULL ORDER BY l.claim_id",
        )?;
        let rows = stmt.query_map([source.0], |row| row.get(0).map(ClaimId))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// What the status engine needs to know of a claim's evidence: effective grades, origins, and each item's
    /// derived-from chain.
    pub fn linked_evidence(&self, claim: ClaimId) -> Result<Vec<LinkedEvidence>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.evidence_id, l.stance, COALESCE(e.reliability, s.reliability, 'F') AS reliability,
                 e.credibility, e.origin_id, s.name AS origin, e.derived_from
             FROM links l JOIN evidence e ON e.id = l.evidence_id LEFT JOIN sources s ON s.id = e.origin_id
             WHERE l.claim_id = ?1 ORDER BY l.evidence_id",
        )?;
        let rows = stmt.query_map([claim.0], |row| {
            Ok((
                EvidenceId(row.get("evidence_id")?),
                parse_column::<Stance>(row, "stance")?,
                parse_column::<Reliability>(row, "reliability")?,
                parse_column::<Credibility>(row, "credibility")?,
                origin_from_row(row)?,
                row.get::<_, Option<i64>>("derived_from")?.map(EvidenceId),
            ))
        })?;
        let mut items = Vec::new();
        for row in rows {
            let (evidence, stance, reliability, credibility, origin, parent) = row?;
            items.push(LinkedEvidence {
                evidence,
                stance,
                reliability,
                credibility,
                origin,
                ancestors: self.ancestors(evidence, parent)?,
            });
        }
        Ok(items)
    }

    fn ancestors(&self, item: EvidenceId, mut parent: Option<EvidenceId>) -> Result<Vec<Ancestor>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.origin_id, s.name AS origin, e.derived_from FROM evidence e
             LEFT JOIN sources s ON s.id = e.origin_id WHERE e.id = ?1",
        )?;
        let mut ancestors: Vec<Ancestor> = Vec::new();
        // Cycles are refused on write; the guard keeps a damaged file from looping forever.
        while let Some(id) =
            parent.filter(|p| *p != item && ancestors.iter().all(|a| a.evidence != *p))
        {
            let (origin, next) = stmt.query_row([id.0], |row| {
                Ok((
                    origin_from_row(row)?,
                    row.get::<_, Option<i64>>("derived_from")?.map(EvidenceId),
                ))
            })?;
            ancestors.push(Ancestor {
                evidence: id,
                origin,
            });
            parent = next;
        }
        Ok(ancestors)
    }

    /// The status engine's verdict on a claim's evidence as stored now.
    pub fn assess(&self, claim: ClaimId) -> Result<Assessment> {
        self.claim(claim)?;
        Ok(status::assess(&self.linked_evidence(claim)?))
    }

    /// From now until `settle_statuses`, status changes are collected instead of computed at once: a batch (an
    /// import) computes each touched claim once, however many of its links it writes.
    pub fn defer_statuses(&self) {
        self.deferred
            .borrow_mut()
            .get_or_insert_with(Default::default);
    }

    /// Computes the statuses collected since `defer_statuses`, and stops deferring.
    pub fn settle_statuses(&self) -> Result<()> {
        let pending = self.deferred.borrow_mut().take();
        match pending {
            Some(claims) => self.refresh_statuses(&claims.into_iter().collect::<Vec<_>>()),
            None => Ok(()),
        }
    }

    /// Computes each claim's status afresh and stores it where it moved, with an event saying so.
    pub(super) fn refresh_statuses(&self, claims: &[ClaimId]) -> Result<()> {
        if let Some(deferred) = self.deferred.borrow_mut().as_mut() {
            deferred.extend(claims.iter().copied());
            return Ok(());
        }
        let mut update = self
            .conn
            .prepare_cached("UPDATE claims SET status = ?1 WHERE id = ?2 AND status <> ?1")?;
        let mut article_of = self
            .conn
            .prepare_cached("SELECT article_id, status FROM claims WHERE id = ?1")?;
        for &claim in claims {
            let (article, old): (i64, String) =
                article_of.query_row([claim.0], |row| Ok((row.get(0)?, row.get(1)?)))?;
            let new = status::assess(&self.linked_evidence(claim)?).status;
            if update.execute(rusqlite::params![new.as_str(), claim.0])? > 0 {
                self.event(
                    Action::Status,
                    EventRefs {
                        article: Some(article),
                        claim: Some(claim.0),
                        ..Default::default()
                    },
                    &format!("status of {claim} moved from {old} to {new}"),
                )?;
            }
        }
        Ok(())
    }

    /// Claims whose stored status differs from a fresh computation: (claim, stored, computed). One pass over
    /// every link in claim order, rather than a query per claim: claims with no links must be unverified, and
    /// the others are judged from the rows as they stream by.
    pub fn stale_statuses(&self) -> Result<Vec<(ClaimId, Status, Status)>> {
        let mut stale = Vec::new();
        let mut unlinked = self.conn.prepare_cached(
            "SELECT c.id, c.status FROM claims c
             WHERE c.status <> 'unverified' AND NOT EXISTS (SELECT 1 FROM links l WHERE l.claim_id = c.id)",
        )?;
        let mut rows = unlinked.query([])?;
        while let Some(row) = rows.next()? {
            let stored: Status = parse_column(row, "status")?;
            stale.push((ClaimId(row.get("id")?), stored, status::assess(&[]).status));
        }
        let mut linked = self.conn.prepare_cached(
            "SELECT l.claim_id, c.status AS stored, l.evidence_id, l.stance,
                 COALESCE(e.reliability, s.reliability, 'F') AS reliability, e.credibility, e.origin_id,
                 s.name AS origin, e.derived_from
             FROM links l JOIN claims c ON c.id = l.claim_id JOIN evidence e ON e.id = l.evidence_id
             LEFT JOIN sources s ON s.id = e.origin_id
             ORDER BY l.claim_id, l.evidence_id",
        )?;
        let mut rows = linked.query([])?;
        let mut current: Option<(ClaimId, Status, Vec<LinkedEvidence>)> = None;
        let mut judge = |claim: ClaimId, stored: Status, items: &[LinkedEvidence]| {
            let computed = status::assess(items).status;
            if stored != computed {
                stale.push((claim, stored, computed));
            }
        };
        while let Some(row) = rows.next()? {
            let claim = ClaimId(row.get("claim_id")?);
            if current.as_ref().map(|c| c.0) != Some(claim) {
                if let Some((done, stored, items)) = current.take() {
                    judge(done, stored, &items);
                }
                current = Some((claim, parse_column(row, "stored")?, Vec::new()));
            }
            let evidence = EvidenceId(row.get("evidence_id")?);
            let parent = row.get::<_, Option<i64>>("derived_from")?.map(EvidenceId);
            let item = LinkedEvidence {
                evidence,
                stance: parse_column(row, "stance")?,
                reliability: parse_column(row, "reliability")?,
                credibility: parse_column(row, "credibility")?,
                origin: origin_from_row(row)?,
                ancestors: self.ancestors(evidence, parent)?,
            };
            if let Some((_, _, items)) = current.as_mut() {
                items.push(item);
            }
        }
        if let Some((done, stored, items)) = current {
            judge(done, stored, &items);
        }
        stale.sort_by_key(|(claim, _, _)| *claim);
        Ok(stale)
    }
}

fn origin_from_row(row: &Row<'_>) -> rusqlite::Result<Option<Origin>> {
    let id: Option<i64> = row.get("origin_id")?;
    let name: Option<String> = row.get("origin")?;
    Ok(id.zip(name).map(|(id, name)| Origin {
        id: SourceId(id),
        name,
    }))
}
