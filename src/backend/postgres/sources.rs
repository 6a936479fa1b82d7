//! The `sources` table. A source is found by its identity (the ledger's normalised name), unique in the schema;
//! names are also unique ignoring ASCII case (`claimtrack.nocase`, as SQLite's NOCASE).

use postgres::Row;

use super::{count, parse, parse_optional, Conn, Q};
use crate::backend::SourceRow;
use crate::error::Result;
use crate::model::{Reliability, Source, SourceId, SourceKind};

const SELECT_SOURCE: &str = "SELECT s.id, s.name, s.kind, s.reliability,
        (SELECT count(*) FROM claimtrack.evidence e WHERE e.origin_id = s.id) AS evidence
     FROM claimtrack.sources s";

fn from_row(row: &Row) -> Q<Source> {
    Ok(Source {
        id: SourceId(row.try_get("id")?),
        name: row.try_get("name")?,
        kind: parse(row, "kind")?,
        reliability: parse_optional(row, "reliability")?,
        evidence: count(row, "evidence")?,
    })
}

pub(super) fn by_id(conn: &Conn, id: SourceId) -> Q<Option<Source>> {
    conn.query_opt(&format!("{SELECT_SOURCE} WHERE s.id = $1"), &[&id.0])?
        .map(|row| from_row(&row))
        .transpose()
}

pub(super) fn by_name(conn: &Conn, name: &str) -> Q<Option<Source>> {
    conn.query_opt(&format!("{SELECT_SOURCE} WHERE s.identity = $1"), &[&name])?
        .map(|row| from_row(&row))
        .transpose()
}

pub(super) fn id_of(conn: &Conn, name: &str) -> Q<Option<SourceId>> {
    Ok(conn
        .query_opt(
            "SELECT id FROM claimtrack.sources WHERE identity = $1",
            &[&name],
        )?
        .map(|row| row.try_get(0).map(SourceId))
        .transpose()?)
}

pub(super) fn reliability(conn: &Conn, id: SourceId) -> Q<Option<Reliability>> {
    match conn.query_opt(
        "SELECT reliability FROM claimtrack.sources WHERE id = $1",
        &[&id.0],
    )? {
        Some(row) => parse_optional(&row, "reliability"),
        None => Ok(None),
    }
}

pub(super) fn each(conn: &Conn, each: &mut dyn FnMut(Source) -> Result<()>) -> Q<()> {
    conn.stream(
        &format!("{SELECT_SOURCE} ORDER BY claimtrack.nocase(s.name), s.id"),
        &[],
        &mut |row| each(from_row(row).map_err(super::into_error)?),
    )
}

pub(super) fn insert(conn: &Conn, row: &SourceRow<'_>) -> Q<SourceId> {
    let id = conn.query_one(
        "INSERT INTO claimtrack.sources (name, identity, kind, reliability, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
        &[
            &row.name,
            &row.identity,
            &row.kind.as_str(),
            &row.reliability.map(Reliability::as_str),
            &row.created_at.as_datetime(),
        ],
    )?;
    Ok(SourceId(id.try_get(0)?))
}

pub(super) fn update(
    conn: &Conn,
    id: SourceId,
    kind: SourceKind,
    reliability: Option<Reliability>,
) -> Q<()> {
    conn.execute(
        "UPDATE claimtrack.sources SET kind = $1, reliability = $2 WHERE id = $3",
        &[&kind.as_str(), &reliability.map(Reliability::as_str), &id.0],
    )?;
    Ok(())
}
