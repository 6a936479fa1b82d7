//! The `evidence` table: items, with their origin's name and grade beside their own.

use rusqlite::{Connection, OptionalExtension, Row};

use super::{insert_rows, next_id, parse_column, parse_optional_column, Q};
use crate::backend::{EvidenceDetails, EvidenceRecord, EvidenceRow, Provenance};
use crate::error::Result;
use crate::model::{EvidenceGrades, EvidenceId, Reliability, SourceId};
use crate::status::Origin;

const SELECT_EVIDENCE: &str = "SELECT e.id, e.key, e.title, e.url, e.archived_url, e.retrieved_at, e.origin_id,
        s.name AS origin, e.derived_from, e.reliability AS own_reliability, s.reliability AS origin_reliability,
        e.credibility, e.sha256, e.notes, e.created_at, e.desk
     FROM evidence e LEFT JOIN sources s ON s.id = e.origin_id";

pub(super) fn from_row(row: &Row<'_>) -> rusqlite::Result<EvidenceRecord> {
    Ok(EvidenceRecord {
        id: EvidenceId(row.get("id")?),
        key: row.get("key")?,
        title: row.get("title")?,
        url: row.get("url")?,
        archived_url: row.get("archived_url")?,
        retrieved_at: row.get("retrieved_at")?,
        origin: origin_from_row(row)?,
        derived_from: row.get::<_, Option<i64>>("derived_from")?.map(EvidenceId),
        own_reliability: parse_optional_column(row, "own_reliability")?,
        origin_reliability: parse_optional_column(row, "origin_reliability")?,
        credibility: parse_column(row, "credibility")?,
        sha256: row.get("sha256")?,
        notes: row.get("notes")?,
        created_at: parse_column(row, "created_at")?,
        desk: row.get("desk")?,
    })
}

/// The origin of a row that has `origin_id` and `origin` (its name) columns.
pub(super) fn origin_from_row(row: &Row<'_>) -> rusqlite::Result<Option<Origin>> {
    let id: Option<i64> = row.get("origin_id")?;
    let name: Option<String> = row.get("origin")?;
    Ok(id.zip(name).map(|(id, name)| Origin {
        id: SourceId(id),
        name,
    }))
}

pub(super) fn by_id(conn: &Connection, id: EvidenceId) -> Q<Option<EvidenceRecord>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT_EVIDENCE} WHERE e.id = ?1"))?
        .query_row([id.0], from_row)
        .optional()?)
}

pub(super) fn by_key(conn: &Connection, key: &str) -> Q<Option<EvidenceRecord>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT_EVIDENCE} WHERE e.key = ?1"))?
        .query_row([key], from_row)
        .optional()?)
}

pub(super) fn id_of(conn: &Connection, key: &str) -> Q<Option<EvidenceId>> {
    Ok(conn
        .prepare_cached("SELECT id FROM evidence WHERE key = ?1")?
        .query_row([key], |row| row.get(0))
        .optional()?
        .map(EvidenceId))
}

/// In-process, a lookup per key costs no round trip: the cached statement of [`id_of`] once per key.
pub(super) fn ids_of(
    conn: &Connection,
    keys: &[&str],
) -> Q<std::collections::HashMap<String, EvidenceId>> {
    let mut found = std::collections::HashMap::with_capacity(keys.len());
    for key in keys {
        if let Some(id) = id_of(conn, key)? {
            found.insert(key.to_string(), id);
        }
    }
    Ok(found)
}

pub(super) fn last_id(conn: &Connection) -> Q<Option<EvidenceId>> {
    Ok(conn
        .prepare_cached("SELECT max(id) FROM evidence")?
        .query_row([], |row| row.get::<_, Option<i64>>(0))?
        .map(EvidenceId))
}

pub(super) fn provenance(conn: &Connection, id: EvidenceId) -> Q<Option<Provenance>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.origin_id, s.name AS origin, e.derived_from FROM evidence e
         LEFT JOIN sources s ON s.id = e.origin_id WHERE e.id = ?1",
    )?;
    Ok(stmt
        .query_row([id.0], |row| {
            Ok(Provenance {
                origin: origin_from_row(row)?,
                derived_from: row.get::<_, Option<i64>>("derived_from")?.map(EvidenceId),
            })
        })
        .optional()?)
}

pub(super) fn each(conn: &Connection, each: &mut dyn FnMut(EvidenceRecord) -> Result<()>) -> Q<()> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT_EVIDENCE} ORDER BY e.id"))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        each(from_row(row)?)?;
    }
    Ok(())
}

pub(super) fn each_outside_claims(
    conn: &Connection,
    each: &mut dyn FnMut(EvidenceRecord) -> Result<()>,
) -> Q<()> {
    let mut stmt = conn.prepare_cached(&format!(
        "WITH RECURSIVE reached (id) AS (
             SELECT evidence_id FROM links
             UNION SELECT e.derived_from FROM evidence e JOIN reached r ON e.id = r.id
              WHERE e.derived_from IS NOT NULL)
         {SELECT_EVIDENCE} WHERE e.id NOT IN reached ORDER BY e.id"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        each(from_row(row)?)?;
    }
    Ok(())
}

pub(super) fn insert(conn: &Connection, row: &EvidenceRow<'_>) -> Q<EvidenceId> {
    let (details, grades) = (&row.details, &row.grades);
    conn.prepare_cached(
        "INSERT INTO evidence (key, title, url, archived_url, retrieved_at, origin_id, derived_from,
            reliability, credibility, sha256, notes, created_at, desk)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(rusqlite::params![
        row.key,
        details.title,
        details.url,
        details.archived_url,
        details.retrieved_at,
        grades.origin.map(|o| o.0),
        grades.derived_from.map(|p| p.0),
        grades.reliability.map(Reliability::as_str),
        grades.credibility.as_str(),
        details.sha256,
        details.notes,
        row.created_at.to_string(),
        row.desk,
    ])?;
    Ok(EvidenceId(conn.last_insert_rowid()))
}

pub(super) fn insert_many(conn: &Connection, rows: &[EvidenceRow<'_>]) -> Q<Vec<EvidenceId>> {
    let first = next_id(conn, "evidence")?;
    let mut at = (None, String::new());
    insert_rows(
        conn,
        "INSERT INTO evidence (id, key, title, url, archived_url, retrieved_at, origin_id, derived_from,
            reliability, credibility, sha256, notes, created_at, desk)",
        14,
        rows,
        |stmt, p, index, row| {
            if at.0 != Some(row.created_at) {
                at = (Some(row.created_at), row.created_at.to_string());
            }
            let (details, grades) = (&row.details, &row.grades);
            stmt.raw_bind_parameter(p, first + index as i64)?;
            stmt.raw_bind_parameter(p + 1, row.key)?;
            stmt.raw_bind_parameter(p + 2, details.title)?;
            stmt.raw_bind_parameter(p + 3, details.url)?;
            stmt.raw_bind_parameter(p + 4, details.archived_url)?;
            stmt.raw_bind_parameter(p + 5, details.retrieved_at)?;
            stmt.raw_bind_parameter(p + 6, grades.origin.map(|o| o.0))?;
            stmt.raw_bind_parameter(p + 7, grades.derived_from.map(|e| e.0))?;
            stmt.raw_bind_parameter(p + 8, grades.reliability.map(Reliability::as_str))?;
            stmt.raw_bind_parameter(p + 9, grades.credibility.as_str())?;
            stmt.raw_bind_parameter(p + 10, details.sha256)?;
            stmt.raw_bind_parameter(p + 11, details.notes)?;
            stmt.raw_bind_parameter(p + 12, at.1.as_str())?;
            stmt.raw_bind_parameter(p + 13, row.desk)
        },
    )?;
    Ok((0..rows.len() as i64)
        .map(|i| EvidenceId(first + i))
        .collect())
}

pub(super) fn update_grades(conn: &Connection, id: EvidenceId, grades: &EvidenceGrades) -> Q<()> {
    conn.prepare_cached(
        "UPDATE evidence SET origin_id = ?1, derived_from = ?2, reliability = ?3, credibility = ?4 WHERE id = ?5",
    )?
    .execute(rusqlite::params![
        grades.origin.map(|o| o.0),
        grades.derived_from.map(|p| p.0),
        grades.reliability.map(Reliability::as_str),
        grades.credibility.as_str(),
        id.0
    ])?;
    Ok(())
}

pub(super) fn update_details(
    conn: &Connection,
    id: EvidenceId,
    details: &EvidenceDetails<'_>,
) -> Q<()> {
    conn.prepare_cached(
        "UPDATE evidence SET title = ?1, url = ?2, archived_url = ?3, retrieved_at = ?4, sha256 = ?5, notes = ?6
         WHERE id = ?7",
    )?
    .execute(rusqlite::params![
        details.title,
        details.url,
        details.archived_url,
        details.retrieved_at,
        details.sha256,
        details.notes,
        id.0
    ])?;
    Ok(())
}
