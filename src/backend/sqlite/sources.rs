//! The `sources` table. A source is found by its identity (the ledger's normalised name), unique in the schema.

use rusqlite::{Connection, OptionalExtension, Row};

use super::{parse_column, parse_optional_column, Q};
use crate::backend::SourceRow;
use crate::error::Result;
use crate::model::{Reliability, Source, SourceId, SourceKind};

const SELECT_SOURCE: &str = "SELECT s.id, s.name, s.kind, s.reliability,
        (SELECT count(*) FROM evidence e WHERE e.origin_id = s.id) AS evidence
     FROM sources s";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Source> {
    Ok(Source {
        id: SourceId(row.get("id")?),
        name: row.get("name")?,
        kind: parse_column(row, "kind")?,
        reliability: parse_optional_column(row, "reliability")?,
        evidence: row.get("evidence")?,
    })
}

pub(super) fn by_id(conn: &Connection, id: SourceId) -> Q<Option<Source>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT_SOURCE} WHERE s.id = ?1"))?
        .query_row([id.0], from_row)
        .optional()?)
}

pub(super) fn by_name(conn: &Connection, name: &str) -> Q<Option<Source>> {
    Ok(conn
        .prepare_cached(&format!("{SELECT_SOURCE} WHERE s.identity = ?1"))?
        .query_row([name], from_row)
        .optional()?)
}

pub(super) fn id_of(conn: &Connection, name: &str) -> Q<Option<SourceId>> {
    Ok(conn
        .prepare_cached("SELECT id FROM sources WHERE identity = ?1")?
        .query_row([name], |row| row.get(0))
        .optional()?
        .map(SourceId))
}

pub(super) fn reliability(conn: &Connection, id: SourceId) -> Q<Option<Reliability>> {
    let mut stmt = conn.prepare_cached("SELECT reliability FROM sources WHERE id = ?1")?;
    Ok(stmt
        .query_row([id.0], |row| parse_optional_column(row, "reliability"))
        .optional()?
        .flatten())
}

pub(super) fn each(conn: &Connection, each: &mut dyn FnMut(Source) -> Result<()>) -> Q<()> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT_SOURCE} ORDER BY s.name, s.id"))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        each(from_row(row)?)?;
    }
    Ok(())
}

pub(super) fn insert(conn: &Connection, row: &SourceRow<'_>) -> Q<SourceId> {
    conn.prepare_cached(
        "INSERT INTO sources (name, identity, kind, reliability, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(rusqlite::params![
        row.name,
        row.identity,
        row.kind.as_str(),
        row.reliability.map(Reliability::as_str),
        row.created_at.to_string(),
    ])?;
    Ok(SourceId(conn.last_insert_rowid()))
}

pub(super) fn update(
    conn: &Connection,
    id: SourceId,
    kind: SourceKind,
    reliability: Option<Reliability>,
) -> Q<()> {
    conn.prepare_cached("UPDATE sources SET kind = ?1, reliability = ?2 WHERE id = ?3")?
        .execute(rusqlite::params![
            kind.as_str(),
            reliability.map(Reliability::as_str),
            id.0
        ])?;
    Ok(())
}
